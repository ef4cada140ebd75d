import { Excalidraw, MainMenu } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { BoardConfig } from "../config";
import type { ConnectionStore } from "../connection/store";
import { type ExportFormat, exportBoard } from "../export/exporters";
import { FacilitationApi } from "../facilitation/api";
import { focusPrivateNote, isPrivateBrainstormOn } from "../facilitation/BrainstormPanel";
import { ServerClock } from "../facilitation/clock";
import { readFacilitationConfig } from "../facilitation/config";
import { FacilitationOverlays } from "../facilitation/Overlays";
import { readVote } from "../facilitation/votes";
import { WorkshopPanel } from "../facilitation/WorkshopPanel";
import type { BoardSession } from "../provider";
import { RejoinNotice } from "../session/RejoinNotice";
import { createSticky, startTypingIntoSelection, viewportCenter } from "../sticky/createSticky";
import { DEFAULT_STICKY_COLOR, type StickyColor } from "../sticky/palette";
import { recolorStickies } from "../sticky/recolor";
import { selectedStickies } from "../sticky/selection";
import { BoardHeader } from "../ui/BoardHeader";
import { ConnectionBanner } from "../ui/ConnectionBanner";
import { ErrorBoundary } from "../ui/ErrorBoundary";
import { ExportButtons } from "../ui/ExportButtons";
import { isAddStickyKey } from "../ui/keyboard";
import { PresenceList } from "../ui/PresenceList";
import { StickyToolbar } from "../ui/StickyToolbar";
import { type BoardController, connectBoard } from "./connectBoard";
import { whenEditorReady } from "./editorReady";
import { fitFirstView, focusIds } from "./firstView";
import { usePanelOpen } from "./panelOpen";
import { exposeForTests } from "./testHandle";
import { ROOTS } from "../schema";
import { ListView } from "../listview/ListView";
import { labelExcalidrawControls } from "../ui/excalidrawLabels";
import { t } from "../i18n";
import { excalidrawLangCode } from "../i18n/excalidraw";

interface Props {
  config: BoardConfig;
  session: BoardSession;
  connection: ConnectionStore;
}

/** Hides Excalidraw's shape style panel while only sticky notes are selected (the header
 * colour choice recolours them instead), so it never covers the left of the board. */
const STICKY_SELECTED = "indaba-canvas--sticky-selected";

export function BoardApp({ config, session, connection }: Props) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  // The editor is used (bound to the document, fitted, ...) only once it has taken its
  // initial scene: the document may already be here (see early.ts and editorReady.ts).
  const onEditorApi = useCallback((editor: ExcalidrawImperativeAPI) => {
    whenEditorReady(editor, () => setApi(editor));
  }, []);
  const controller = useRef<BoardController | null>(null);
  const stage = useRef<HTMLElement>(null);
  const [stickyColor, setStickyColor] = useState<StickyColor>(DEFAULT_STICKY_COLOR);
  const viewOnly = config.role !== "editor";
  const [facilitation] = useState(() => readFacilitationConfig());
  const workshop = useMemo(
    () => (facilitation ? { api: new FacilitationApi(facilitation.facilitationUrl, facilitation.token), clock: new ServerClock(facilitation.serverNow) } : null),
    [facilitation],
  );
  const [panelOpen, setPanelOpen] = usePanelOpen();
  // The list view (for people who do not use the canvas); `#list` opens it at once.
  const [listOpen, setListOpen] = useState(() => window.location.hash === "#list");
  const toggleList = useCallback(() => {
    setListOpen((open) => {
      if (!open) requestAnimationFrame(() => document.getElementById("indaba-list-title")?.focus());
      return !open;
    });
  }, []);
  useEffect(() => {
    const onHash = (): void => {
      if (window.location.hash !== "#list") return;
      setListOpen(true);
      requestAnimationFrame(() => document.getElementById("indaba-list-title")?.focus());
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const selection = useRef<{ ids: unknown; editing: unknown; notes: string[] }>({ ids: null, editing: null, notes: [] });

  useEffect(() => {
    if (!api) return;
    const connected = connectBoard(api, config, session);
    controller.current = connected;
    exposeForTests({ doc: session.doc, provider: session.provider, api });
    return () => {
      connected.destroy();
      controller.current = null;
    };
  }, [api, config, session]);

  useEffect(() => (api && stage.current ? labelExcalidrawControls(stage.current) : undefined), [api]);

  // The first view shows the whole board, clear of the editor's own controls.
  useEffect(() => {
    if (!api) return;
    return fitFirstView(api, session.provider, () => stage.current, focusIds(window.location.search));
  }, [api, session.provider]);

  const addSticky = useCallback(
    (where: "pointer" | "centre") => {
      if (!api || viewOnly) return;
      if (isPrivateBrainstormOn(session.doc)) {
        setPanelOpen(true);
        focusPrivateNote.set(focusPrivateNote.get() + 1); // notes go to the private box
        return;
      }
      const at = (where === "pointer" && controller.current?.lastPointer()) || viewportCenter(api.getAppState());
      createSticky(api, { author: config.user.name, authorId: facilitation?.participantId, color: stickyColor, at });
      // Hand the keyboard back to the canvas and open the note for typing.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      startTypingIntoSelection();
    },
    [api, viewOnly, config.user.name, stickyColor, session.doc, facilitation, setPanelOpen],
  );

  useEffect(() => {
    if (!api || viewOnly) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isAddStickyKey(event) || api.getAppState().editingTextElement) return;
      event.preventDefault();
      addSticky("pointer");
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [api, viewOnly, addSticky]);

  const onColorChange = useCallback(
    (color: StickyColor) => {
      setStickyColor(color);
      if (api && selection.current.notes.length > 0) recolorStickies(api, selection.current.notes, color);
    },
    [api],
  );

  const onExport = useCallback(
    (format: ExportFormat) => {
      if (!api) return;
      const results = readVote(session.doc.getMap(ROOTS.vote).toJSON()).results;
      exportBoard(api, format, config.title, results).catch((error: unknown) =>
        api.setToast({ message: t("export.failed", { error: (error as Error).message }), closable: true }),
      );
    },
    [api, config.title, session.doc],
  );

  return (
    <div className="indaba-board">
      <BoardHeader
        title={config.title}
        homeUrl={config.homeUrl}
        viewOnly={viewOnly}
        banner={<ConnectionBanner store={connection} />}
        presence={<PresenceList awareness={session.provider.awareness} self={config.user} />}
        tools={
          <>
            {!viewOnly && <StickyToolbar color={stickyColor} onColorChange={onColorChange} onAdd={() => addSticky("centre")} />}
            <ExportButtons onExport={onExport} disabled={!api} />
            <button type="button" className="indaba-button indaba-list-toggle" aria-expanded={listOpen} aria-controls="indaba-list-view" onClick={toggleList} data-testid="list-view-toggle">
              {t("board.listView")}
            </button>
            {workshop && (
              <button type="button" className="indaba-button indaba-workshop-toggle" aria-label={t("workshop.tools")} aria-expanded={panelOpen} aria-controls="indaba-workshop" onClick={() => setPanelOpen(!panelOpen)}>
                <span aria-hidden="true" className="indaba-wide-only">{t("workshop.tools")}</span>
                <span aria-hidden="true" className="indaba-narrow-only">{t("board.tools")}</span>
              </button>
            )}
          </>
        }
      />
      <div className="indaba-workspace">
        {listOpen && (
          <ListView doc={session.doc} config={config} facilitation={facilitation} api={workshop?.api ?? null} canEdit={!viewOnly} color={stickyColor} />
        )}
        <main className="indaba-canvas" aria-label={t("board.canvas")} ref={stage}>
          <ErrorBoundary>
            <Excalidraw
              excalidrawAPI={onEditorApi}
              langCode={excalidrawLangCode()}
              viewModeEnabled={viewOnly}
              handleKeyboardGlobally
              isCollaborating={false}
              name={config.title}
              UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false } }}
              onChange={(elements, appState, files) => {
                controller.current?.onChange(elements, appState, files);
                const editing = appState.editingTextElement?.id ?? null;
                const seen = selection.current;
                if (seen.ids !== appState.selectedElementIds || seen.editing !== editing) {
                  const notes = selectedStickies(elements, appState.selectedElementIds, editing);
                  selection.current = { ids: appState.selectedElementIds, editing, notes };
                  stage.current?.classList.toggle(STICKY_SELECTED, notes.length > 0);
                }
              }}
              onPointerUpdate={({ pointer }) => controller.current?.onPointerUpdate(pointer.x, pointer.y, pointer.tool)}
              onScrollChange={(scrollX, scrollY, zoom) => controller.current?.onScrollChange(scrollX, scrollY, zoom.value)}
            >
              <MainMenu>
                <MainMenu.DefaultItems.SaveAsImage />
                <MainMenu.DefaultItems.SearchMenu />
                <MainMenu.DefaultItems.Help />
                <MainMenu.Separator />
                <MainMenu.DefaultItems.ToggleTheme />
                <MainMenu.DefaultItems.ChangeCanvasBackground />
              </MainMenu>
            </Excalidraw>
          </ErrorBoundary>
          {workshop && facilitation && <FacilitationOverlays doc={session.doc} excalidraw={api} clock={workshop.clock} facilitator={facilitation.canFacilitate} />}
          <RejoinNotice store={connection} rejoinUrl={config.rejoinUrl} token={config.token} />
        </main>
        {workshop && facilitation && (
          <WorkshopPanel
            open={panelOpen}
            onClose={() => setPanelOpen(false)}
            config={facilitation}
            api={workshop.api}
            clock={workshop.clock}
            doc={session.doc}
            awareness={session.provider.awareness}
            excalidraw={api}
            canEdit={!viewOnly}
            noteColor={stickyColor.background}
          />
        )}
      </div>
    </div>
  );
}
