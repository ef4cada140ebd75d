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
      <fieldset className="indaba-swatches">
        <legend className="indaba-visually-hidden">Note colour</legend>
        {STICKY_COLORS.map((option) => (
          <label key={option.id} className="indaba-swatch" title={option.name}>
            <input
              type="radio"
              name="indaba-sticky-color"
              value={option.id}
              checked={option.id === color.id}
              onChange={() => onColorChange(option)}
            />
            <span className="indaba-swatch__chip" style={{ background: option.background }} aria-hidden="true" />
            <span className="indaba-swatch__name">{option.name}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
