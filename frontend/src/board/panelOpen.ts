import { useCallback, useState } from "react";

const KEY = "indaba.workshop.open";
/** Below this width the panel would leave too little canvas: it starts closed. */
export const NARROW = 700;

function initial(): boolean {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === "true" || saved === "false") return saved === "true";
  } catch {
    // storage disabled: decide by the screen
  }
  return window.innerWidth > NARROW;
}

/** Whether the workshop panel is open: remembered per browser, open on laptops at first. */
export function usePanelOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(initial);
  const set = useCallback((value: boolean) => {
    setOpen(value);
    try {
      localStorage.setItem(KEY, String(value));
    } catch {
      // the choice just is not remembered
    }
  }, []);
  return [open, set];
}
