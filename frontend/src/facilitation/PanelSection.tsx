import { type ReactNode, useId, useState } from "react";

const STORE = "indaba.workshop.sections";

function remembered(id: string): boolean | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) ?? "{}") as Record<string, unknown>;
    return typeof saved[id] === "boolean" ? saved[id] : undefined;
  } catch {
    return undefined;
  }
}

function remember(id: string, open: boolean): void {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) ?? "{}") as Record<string, unknown>;
    localStorage.setItem(STORE, JSON.stringify({ ...saved, [id]: open }));
  } catch {
    // storage full or disabled: the section just forgets
  }
}

/** Whether a panel section is open: remembered per browser, `defaultOpen` the first time. */
export function useSectionOpen(id: string, defaultOpen: boolean): [boolean, () => void] {
  const [open, setOpen] = useState(() => remembered(id) ?? defaultOpen);
  const toggle = (): void => {
    setOpen(!open);
    remember(id, !open);
  };
  return [open, toggle];
}

/**
 * One section of the workshop panel: a heading that opens and closes it, and a short
 * status beside the title so a closed section still says what is going on ("running").
 */
export function PanelSection({ id, title, status, open, onToggle, children }: {
  id: string;
  title: string;
  status?: string;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  const bodyId = useId();
  return (
    <section className={`indaba-fac-section indaba-fac-section--${id}`} data-section={id}>
      <h2 className="indaba-fac-title">
        <button type="button" className="indaba-fac-title__button" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
          <span className="indaba-fac-title__chevron" aria-hidden="true">{open ? "▾" : "▸"}</span>
          <span className="indaba-fac-title__text">{title}</span>
          {status && <span className="indaba-fac-status">{status}</span>}
        </button>
      </h2>
      <div id={bodyId} className="indaba-fac-section__body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
