/**
 * Keeps `<html lang>` the person's language on the board page.
 *
 * Excalidraw's own setLanguage() writes its UI language into `<html lang>` when it mounts
 * (and the history preview mounts another editor). It has no isiZulu or Afrikaans, so a
 * board in either would announce itself to a screen reader as English. The page's language
 * is the person's; Excalidraw's menus falling back to English do not change it.
 */
export interface LangRoot {
  lang: string;
}

export function keepPageLanguage(
  code: string,
  root: LangRoot = document.documentElement,
  observe: (restore: () => void) => () => void = (restore) => {
    const observer = new MutationObserver(restore);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    return () => observer.disconnect();
  },
): () => void {
  // Setting it again only when it differs: the observer sees our own write once and stops.
  const restore = (): void => {
    if (root.lang !== code) root.lang = code;
  };
  restore();
  return observe(restore);
}
