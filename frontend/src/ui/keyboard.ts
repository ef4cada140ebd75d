/** Whether a key event happened while the user is typing somewhere. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return element.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']") !== null;
}

/** The "add a sticky note" shortcut: plain N, no modifiers, not while typing. */
export function isAddStickyKey(event: KeyboardEvent): boolean {
  return (
    (event.key === "n" || event.key === "N") &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.altKey &&
    !event.repeat &&
    !isTypingTarget(event.target)
  );
}
