import { useEffect, useRef } from "react";
import type { ExportFormat } from "../export/exporters";
import { type MessageKey, t } from "../i18n";

const FORMATS: Array<{ format: ExportFormat; label: MessageKey }> = [
  { format: "png", label: "export.png" },
  { format: "svg", label: "export.svg" },
  { format: "excalidraw", label: "export.excalidraw" },
];

/** "Export" opens a short menu of formats (one button in the header, not three). */
export function ExportButtons({ onExport, disabled }: { onExport: (format: ExportFormat) => void; disabled: boolean }) {
  const menu = useRef<HTMLDetailsElement>(null);
  // Like any menu: a click elsewhere, or Escape, closes it.
  useEffect(() => {
    const close = (event: Event): void => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, []);
  return (
    <details className="indaba-export" ref={menu}>
      <summary className="indaba-button">{t("export.button")}</summary>
      <div className="indaba-export__menu" role="group" aria-label={t("export.label")}>
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            className="indaba-button"
            disabled={disabled}
            onClick={() => {
              if (menu.current) menu.current.open = false;
              onExport(format);
            }}
          >
            {t(label)}
          </button>
        ))}
      </div>
    </details>
  );
}
