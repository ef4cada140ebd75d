import { Excalidraw, MainMenu } from "@excalidraw/excalidraw";
import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BoardConfig } from "../config";
import type { ConnectionStore } from "../connection/store";
import { type ExportFormat, exportBoard } from "../export/exporters";
import type { BoardSession } from "../provider";
import { createSticky, viewportCenter } from "../sticky/createSticky";
import { DEFAULT_STICKY_COLOR, type StickyColor } from "../sticky/palette";
import { BoardHeader } from "../ui/BoardHeader";
import { ConnectionBanner } from "../ui/ConnectionBanner";
import { ErrorBoundary } from "../ui/ErrorBoundary";
import { ExportButtons } from "../ui/ExportButtons";
import { isAddStickyKey } from "../ui/keyboard";
import { PresenceList } from "../ui/PresenceList";
import { StickyToolbar } from "../ui/StickyToolbar";
import { type BoardController, connectBoard } from "./connectBoard";
import { exposeForTests } from "./testHandle";
import { focusPrivateNote, isPrivateBrainstormOn } from "../facilitation/BrainstormPanel";
import { readFacilitationConfig } from "../facilitation/config";
import { FacilitationLayer } from "../facilitation/FacilitationLayer";

interface Props {
  config: BoardConfig;
  session: BoardSession;
  connection: ConnectionStore;
}

export function BoardApp({ config, session, connection }: Props) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const controller = useRef<BoardController | null>(null);
  const [stickyColor, setStickyColor] = useState<StickyColor>(DEFAULT_STICKY_COLOR);
  const viewOnly = config.role !== "editor";
  const [facilitation] = useState(() => readFacilitationConfig());

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

  const addSticky = useCallback(
    (where: "pointer" | "centre") => {
      if (!api || viewOnly) return;
      if (isPrivateBrainstormOn(session.doc)) {
        focusPrivateNote.set(focusPrivateNote.get() + 1); // notes go to the private box
        return;
      }
      const at = (where === "pointer" && controller.current?.lastPointer()) || viewportCenter(api.getAppState());
      createSticky(api, { author: config.user.name, authorId: facilitation?.participantId, color: stickyColor, at });
      // Hand the keyboard back to the canvas, so Enter edits the new note.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    },
    [api, viewOnly, config.user.name, stickyColor, session.doc, facilitation],
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

  const onExport = useCallback(
    (format: ExportFormat) => {
      if (!api) return;
      exportBoard(api, format, config.title).catch((error: unknown) =>
        api.setToast({ message: `Export failed: ${(error as Error).message}`, closable: true }),
      );
    },
    [api, config.title],
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
            {!viewOnly && (
              <StickyToolbar color={stickyColor} onColorChange={setStickyColor} onAdd={() => addSticky("centre")} />
            )}
            <ExportButtons onExport={onExport} disabled={!api} />
          </>
        }
      />
      <main className="indaba-canvas" aria-label="Board canvas">
        <ErrorBoundary>
          <Excalidraw
            excalidrawAPI={setApi}
            viewModeEnabled={viewOnly}
            handleKeyboardGlobally
            isCollaborating={false}
            name={config.title}
            UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false } }}
            onChange={(elements, appState, files) => controller.current?.onChange(elements, appState, files)}
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
        {facilitation && (
          <FacilitationLayer config={facilitation} doc={session.doc} awareness={session.provider.awareness} excalidraw={api} canEdit={!viewOnly} />
        )}
      </main>
    </div>
  );
}
