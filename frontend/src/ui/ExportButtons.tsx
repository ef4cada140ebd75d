import type { ExportFormat } from "../export/exporters";

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: "png", label: "PNG" },
  { format: "svg", label: "SVG" },
  { format: "excalidraw", label: ".excalidraw" },
];

export function ExportButtons({ onExport, disabled }: { onExport: (format: ExportFormat) => void; disabled: boolean }) {
  return (
    <div className="indaba-export" role="group" aria-label="Export board">
      <span className="indaba-export__label">Export</span>
      {FORMATS.map(({ format, label }) => (
        <button key={format} type="button" className="indaba-button" disabled={disabled} onClick={() => onExport(format)}>
          {label}
        </button>
      ))}
    </div>
  );
}
