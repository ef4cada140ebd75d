import { useSignal } from "./hooks";
import { dismiss, notices } from "./notices";
import { t } from "../i18n";

/** The visible notices over the board (top centre, below Excalidraw's toolbar). */
export function NoticeStack() {
  const list = useSignal(notices);
  return (
    <div className="indaba-notices" role="status" aria-live="polite" data-testid="notices">
      {list.map((notice) => (
        <p key={notice.id} className="indaba-notice" data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="indaba-notice__close" aria-label={t("notice.dismiss")} onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
