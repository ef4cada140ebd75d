import { t } from "../i18n";
/**
 * Names for the few Excalidraw controls that have none a screen reader can use (axe:
 * button-name, label-content-name-mismatch). Excalidraw renders them itself, so they are
 * named where they appear: a MutationObserver on the canvas area re-applies the names
 * whenever Excalidraw re-creates or re-labels them.
 */

interface Fix {
  selector: string;
  apply(element: HTMLElement): void;
}

const FIXES: readonly Fix[] = [
  {
    // The main menu's trigger is an icon-only button.
    selector: ".main-menu-trigger:not([aria-label])",
    apply: (element) => element.setAttribute("aria-label", t("excalidraw.mainMenu")),
  },
  {
    // "Reset zoom" shows the zoom ("100%") but is named "Reset zoom": the name must contain
    // what is seen, so it becomes "Reset zoom 100%".
    selector: ".reset-zoom-button",
    apply: (element) => {
      const shown = (element.textContent ?? "").trim();
      const name = shown ? t("excalidraw.resetZoomShown", { zoom: shown }) : t("excalidraw.resetZoom");
      if (element.getAttribute("aria-label") !== name) element.setAttribute("aria-label", name);
    },
  },
];

export function labelExcalidrawControls(root: HTMLElement): () => void {
  const fix = (): void => {
    for (const { selector, apply } of FIXES) root.querySelectorAll<HTMLElement>(selector).forEach(apply);
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["aria-label"] });
  return () => observer.disconnect();
}
