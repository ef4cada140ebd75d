import { Excalidraw } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI, ExcalidrawInitialDataState } from "@excalidraw/excalidraw/types";
import { useEffect, useRef, useState } from "react";
import type { FacilitationApi } from "../facilitation/api";
import { describe, type Version, when } from "./history";
import { t } from "../i18n";
import { excalidrawLangCode } from "../i18n/excalidraw";

/** A version in a dialog: a second Excalidraw in view mode, fed from the version's scene.
 * It is not connected to the board, so looking disturbs no one. */
export function HistoryPreview({ api, version, onClose, onError }: {
  api: FacilitationApi;
  version: Version;
  onClose: () => void;
  onError: (message: string) => void;
}) {
  const [scene, setScene] = useState<ExcalidrawInitialDataState | null>(null);
  const close = useRef<HTMLButtonElement>(null);
  const [viewer, setViewer] = useState<ExcalidrawImperativeAPI | null>(null);

  // The whole version in view, however far apart its elements are.
  useEffect(() => {
    if (!viewer || !scene) return;
    const id = requestAnimationFrame(() => viewer.scrollToContent(viewer.getSceneElements(), { fitToContent: true }));
    return () => cancelAnimationFrame(id);
  }, [viewer, scene]);

  useEffect(() => {
    let stopped = false;
    api.get<ExcalidrawInitialDataState>(`${version.version}/scene`).then(
      (data) => !stopped && setScene({ ...data, scrollToContent: true }),
      (e: Error) => {
        onError(e.message);
        onClose();
      },
    );
    close.current?.focus();
    return () => {
      stopped = true;
    };
  }, [api, version.version, onClose, onError]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="indaba-history-preview" role="dialog" aria-modal="true" aria-label={t("history.previewOf", { version: String(version.version) })} data-testid="history-preview">
      <div className="indaba-history-preview__head">
        <span>
          {t("history.previewHead", { version: String(version.version), what: describe(version), when: when(version.at), who: version.who })}
        </span>
        <button ref={close} type="button" className="indaba-button" onClick={onClose}>
          {t("history.closePreview")}
        </button>
      </div>
      <div className="indaba-history-preview__canvas">
        {scene ? <Excalidraw langCode={excalidrawLangCode()} initialData={scene} excalidrawAPI={setViewer} viewModeEnabled zenModeEnabled /> : <p>{t("common.loading")}</p>}
      </div>
    </div>
  );
}
