import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { t } from "../i18n";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { Signal, useElements, useSignal, useYMap } from "./hooks";
import { tell } from "./notices";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { frames } from "./votes";
import { ROOTS } from "../schema";

/** Set by the board's "Add note" / N while a private brainstorm is on: focus the note box. */
export const focusPrivateNote = new Signal<number>(0);

export function isPrivateBrainstormOn(doc: Y.Doc): boolean {
  const value = doc.getMap(ROOTS.facilitation).get("brainstorm") as { on?: boolean } | undefined;
  return value?.on === true;
}

interface PrivateNote {
  id: number;
  text: string;
}

/** Private brainstorm: notes go to the server only (never into the board) until reveal.
 * Participants see this section only while a brainstorm is on. */
export function BrainstormPanel({ doc, api, canFacilitate, canWrite, color, onError }: {
  doc: Y.Doc;
  api: FacilitationApi;
  canFacilitate: boolean;
  canWrite: boolean;
  /** The note colour chosen in the header: private notes keep it when revealed. */
  color: string;
  onError: (message: string) => void;
}) {
  const state = useYMap(doc, ROOTS.facilitation).brainstorm as { on?: boolean; id?: string; anonymous?: boolean; count?: number } | undefined;
  const on = state?.on === true;
  const [notes, setNotes] = useState<PrivateNote[]>([]);
  const [text, setText] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const [target, setTarget] = useState("");
  const [open, toggle] = useSectionOpen("brainstorm", true);
  const elements = useElements(doc, canFacilitate && !on) as unknown as Parameters<typeof frames>[0];
  const box = useRef<HTMLTextAreaElement>(null);
  const focusRequest = useSignal(focusPrivateNote);
  const wasOn = useRef<boolean | null>(null);

  useEffect(() => {
    if (focusRequest > 0) box.current?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (wasOn.current !== null && wasOn.current !== on) {
      if (on) tell(t("brainstorm.startedBoard"), !canFacilitate);
      else tell(t("brainstorm.revealed", { count: state?.count ?? 0 }), !canFacilitate);
    }
    wasOn.current = on;
    if (!on || !canWrite) {
      setNotes([]);
      return;
    }
    api.get<{ notes: PrivateNote[] }>("brainstorm/notes").then((r) => setNotes(r.notes), (e: Error) => onError(e.message));
  }, [api, on, state?.id, canWrite, onError]);

  const add = useCallback(() => {
    const value = text.trim();
    if (!value) {
      onError(t("brainstorm.writeFirst"));
      return;
    }
    api
      .post<{ notes: PrivateNote[] }>("brainstorm/notes", { text: value, color })
      .then((r) => {
        setNotes(r.notes);
        setText("");
        announce(t("brainstorm.added"));
      })
      .catch((e: Error) => onError(e.message));
  }, [api, text, color, onError]);

  const post = (name: string, body: Record<string, unknown> = {}): void => {
    api.post(name, body).catch((e: Error) => onError(e.message));
  };

  if (!canFacilitate && !on) return null;
  return (
    <PanelSection id="brainstorm" title={t("brainstorm.title")} status={on ? t("brainstorm.statusOn") : undefined} open={open} onToggle={toggle}>
      {on ? (
        <>
          <p data-testid="brainstorm-status">
            {t(state?.anonymous ? "brainstorm.onAnonymous" : "brainstorm.on", { count: state?.count ?? 0 })}
          </p>
          {canWrite && (
            <form
              className="indaba-brainstorm__form"
              onSubmit={(event) => {
                event.preventDefault();
                add();
              }}
            >
              <label className="indaba-fac-field">
                {t("brainstorm.privateNote")}
                <textarea ref={box} rows={3} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
              </label>
              <button type="submit" className="indaba-button">
                {t("brainstorm.add")}
              </button>
            </form>
          )}
          {notes.length > 0 && (
            <ul className="indaba-fac-list" aria-label={t("brainstorm.privateList")} data-testid="my-private-notes">
              {notes.map((note) => (
                <li key={note.id}>
                  {note.text}{" "}
                  <button
                    type="button"
                    className="indaba-button"
                    aria-label={t("brainstorm.delete", { note: note.text })}
                    onClick={() =>
                      api.post<{ notes: PrivateNote[] }>("brainstorm/notes/delete", { id: note.id }).then((r) => setNotes(r.notes), (e: Error) => onError(e.message))
                    }
                  >
                    {t("common.delete")}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {canFacilitate && (
            <button type="button" className="indaba-button" onClick={() => post("brainstorm/reveal")}>
              {t("brainstorm.revealAll")}
            </button>
          )}
        </>
      ) : (
        <div className="indaba-fac-controls indaba-brainstorm" role="group" aria-label={t("brainstorm.controls")}>
          <label className="indaba-fac-field indaba-fac-field--inline indaba-fac-field--grow">
            {t("brainstorm.landIn")}
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">{t("compose.freeArea")}</option>
              {frames(elements).map((f) => (
                <option key={f.id} value={f.id}>
                  {t("vote.frameOption", { frame: f.name })}
                </option>
              ))}
            </select>
          </label>
          <label className="indaba-fac-check">
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t("brainstorm.revealNoNames")}
          </label>
          <button type="button" className="indaba-button" onClick={() => post("brainstorm/start", { anonymous, frameId: target || null })}>
            {t("brainstorm.start")}
          </button>
        </div>
      )}
    </PanelSection>
  );
}
