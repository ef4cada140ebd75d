import { STICKY_COLORS, type StickyColor } from "../sticky/palette";

/** "Add note" button and the named colour choice for new notes. */
export function StickyToolbar({
  color,
  onColorChange,
  onAdd,
}: {
  color: StickyColor;
  onColorChange: (color: StickyColor) => void;
  onAdd: () => void;
}) {
  return (
    <div className="indaba-sticky-toolbar" role="group" aria-label="Sticky notes">
      <button type="button" className="indaba-button" onClick={onAdd} aria-keyshortcuts="N" title="Add a sticky note (N)">
        Add note <kbd>N</kbd>
      </button>
      <label className="indaba-sticky-color">
        <span className="indaba-swatch__chip" style={{ background: color.background }} aria-hidden="true" />
        <span className="indaba-visually-hidden">Note colour</span>
        <select
          className="indaba-select"
          value={color.id}
          onChange={(event) => {
            const next = STICKY_COLORS.find((option) => option.id === event.target.value);
            if (next) onColorChange(next);
          }}
        >
          {STICKY_COLORS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
