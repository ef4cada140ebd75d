import { colourName, STICKY_COLORS, type StickyColor } from "../sticky/palette";
import { t } from "../i18n";

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
    <div className="indaba-sticky-toolbar" role="group" aria-label={t("sticky.group")}>
      <button type="button" className="indaba-button" onClick={onAdd} aria-keyshortcuts="N" title={t("sticky.addTitle")}>
        {t("compose.add")} <kbd>N</kbd>
      </button>
      <label className="indaba-sticky-color">
        <span className="indaba-swatch__chip" style={{ background: color.background }} aria-hidden="true" />
        <span className="indaba-visually-hidden">{t("sticky.colour")}</span>
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
              {colourName(option)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
