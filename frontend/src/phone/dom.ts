/** The phone page's tiny DOM helpers (no framework: the page must stay light). */

export type Child = Node | string | null | false | undefined;

/** A tiny element builder: `h("button", {type: "button"}, "Vote")`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(key, "");
    else if (value !== false) element.setAttribute(key, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Replaces a container's children, keeping keyboard focus on the control with the same key. */
export function replace(container: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...(children.filter(Boolean) as (Node | string)[]));
  if (key) (container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) ?? container).focus();
}

export interface MessageSlot {
  element: HTMLParagraphElement;
  show(text: string): void;
  clear(): void;
}

/** A plain-language message shown next to the control it is about (never only at the top
 * of the page, which may be scrolled away). Cleared when that control next succeeds. */
export function messageSlot(testId: string): MessageSlot {
  const element = h("p", { class: "phone-message", role: "alert", hidden: true, "data-testid": testId });
  return {
    element,
    show(text: string) {
      element.textContent = text;
      element.hidden = false;
    },
    clear() {
      element.textContent = "";
      element.hidden = true;
    },
  };
}

/** A polite live region and the function that says something through it. */
export function liveAnnouncer(): { element: HTMLDivElement; announce(text: string): void } {
  const element = h("div", { class: "phone-sr", role: "status", "aria-live": "polite", "data-testid": "phone-announcer" });
  const announce = (text: string): void => {
    element.textContent = "";
    setTimeout(() => (element.textContent = text), 50);
  };
  return { element, announce };
}
