import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import type * as Y from "yjs";
import type { BoardConfig } from "../config";
import { type FacilitationApi, NetworkError } from "../facilitation/api";
import { isPrivateBrainstormOn } from "../facilitation/BrainstormPanel";
import type { FacilitationConfig } from "../facilitation/config";
import { readHarvest } from "../facilitation/harvest";
import { useElements, useYMap } from "../facilitation/hooks";
import { type MyVotes, readVote } from "../facilitation/votes";
import { buildNote, type DocElement } from "../phone/notes";
import { ROOTS } from "../schema";
import { DEFAULT_STICKY_COLOR, type StickyColor } from "../sticky/palette";
import { t } from "../i18n";
import { boardOutline, describeChanges, editedNote, type OutlineElement, type OutlineFrame, type OutlineNote } from "./model";
import "./listview.css";

/** Origin of the list view's writes: not the canvas's own (LOCAL_ORIGIN), so the canvas
 * binding takes them like any other change to the document. */
export const LIST_VIEW_ORIGIN: unique symbol = Symbol("indaba-list-view");

/** Changes by others are told in one sentence at most this often (never per keystroke). */
const ANNOUNCE_EVERY_MS = 1500;

const OUTSIDE = "";

function withoutNotes(outline: readonly OutlineFrame[], ids: ReadonlySet<string>): OutlineFrame[] {
  return outline.map((f) => ({ ...f, notes: f.notes.filter((n) => !ids.has(n.id)) }));
}

/**
 * The board for people who do not use the canvas: frames as headings, notes as list items
 * (text, author, votes when shown, harvested), kept live from the Yjs document. With the
 * keyboard one adds a note into a chosen frame, edits a note and votes; what others change
 * is told politely through a live region, batched.
 */
export function ListView({ doc, config, facilitation, api, canEdit, color = DEFAULT_STICKY_COLOR }: {
  doc: Y.Doc;
  config: BoardConfig;
  facilitation: FacilitationConfig | null;
  api: FacilitationApi | null;
  canEdit: boolean;
  color?: StickyColor;
}) {
  const elements = useElements(doc, true) as unknown as OutlineElement[];
  const voteRaw = useYMap(doc, ROOTS.vote);
  const harvestRaw = useYMap(doc, ROOTS.harvest);
  const vote = readVote(voteRaw);
  const harvested = useMemo(() => new Set(Object.keys(readHarvest(harvestRaw))), [harvestRaw]);
  const outline = useMemo(() => boardOutline(elements, vote.results, harvested), [elements, vote.results, harvested]);
  const [spoken, setSpoken] = useState("");
  const say = (text: string): void => {
    setSpoken("");
    setTimeout(() => setSpoken(text), 50);
  };

  // -- what others change, told in batches ------------------------------------------------
  const mine = useRef(new Set<string>());
  const baseline = useRef<OutlineFrame[] | null>(null);
  const latest = useRef(outline);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  latest.current = outline;
  useEffect(() => {
    if (baseline.current === null) {
      if (elements.length > 0) baseline.current = outline;
      return;
    }
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const before = baseline.current ?? [];
      const after = latest.current;
      baseline.current = after;
      const told = describeChanges(withoutNotes(before, mine.current), withoutNotes(after, mine.current));
      mine.current.clear();
      if (told) say(told);
    }, ANNOUNCE_EVERY_MS);
  }, [outline, elements.length]);
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);

  // -- my votes -----------------------------------------------------------------------------
  const [myVotes, setMyVotes] = useState<MyVotes | null>(null);
  const [error, setError] = useState("");
  const voting = vote.state === "open" && canEdit && api !== null;
  useEffect(() => {
    if (!voting || !api) return;
    api.get<MyVotes>("vote/mine").then(setMyVotes, (e: Error) => setError(e.message));
  }, [voting, api, vote.id]);
  const remaining = myVotes && myVotes.voteId === vote.id ? myVotes.remaining : 0;
  const cast = (note: OutlineNote, retract: boolean): void => {
    api
      ?.post<MyVotes>(retract ? "vote/retract" : "vote/cast", { elementId: note.id })
      .then((result) => {
        setMyVotes(result);
        setError("");
        say(t(retract ? "list.voteTakenBack" : "list.voteCastFor", { note: note.text, count: result.remaining }));
      })
      .catch((e: Error) => setError(e instanceof NetworkError ? t("list.voteNotCounted", { error: e.message }) : e.message));
  };

  // -- writing --------------------------------------------------------------------------------
  const [frameId, setFrameId] = useState(OUTSIDE);
  const [draft, setDraft] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [editText, setEditText] = useState("");
  const frames = outline.filter((f) => f.id !== null);
  const all = (): DocElement[] => Array.from(doc.getMap<DocElement>(ROOTS.elements).values());

  const add = (event: FormEvent): void => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) {
      setError(t("compose.empty"));
      return;
    }
    if (isPrivateBrainstormOn(doc)) {
      setError(t("list.brainstormRunning"));
      return;
    }
    const elementsNow = all();
    const frame = elementsNow.find((e) => e.id === frameId && e.type === "frame" && !e.isDeleted) ?? null;
    const built = buildNote(elementsNow, { text, author: config.user.name, authorId: facilitation?.participantId || undefined, color: color.background, frame });
    const map = doc.getMap<DocElement>(ROOTS.elements);
    doc.transact(() => {
      map.set(built.rectangle.id, built.rectangle as unknown as DocElement);
      map.set(built.label.id, built.label as unknown as DocElement);
      if (built.grownFrame) map.set(built.grownFrame.id as string, built.grownFrame as unknown as DocElement);
    }, LIST_VIEW_ORIGIN);
    mine.current.add(built.rectangle.id);
    setDraft("");
    setError("");
    say(frame ? (frame.name ? t("list.addedIn", { frame: frame.name }) : t("list.addedInUnnamed")) : t("list.addedNoFrame"));
  };

  const save = (note: OutlineNote): void => {
    const text = editText.trim();
    if (!text) {
      setError(t("list.emptyNote"));
      return;
    }
    const edited = editedNote(all() as unknown as OutlineElement[], note.id, text);
    if (!edited) {
      setError(t("list.noteGone"));
      setEditing(null);
      return;
    }
    const map = doc.getMap<DocElement>(ROOTS.elements);
    doc.transact(() => {
      for (const e of edited) map.set(e.id, e as unknown as DocElement);
    }, LIST_VIEW_ORIGIN);
    mine.current.add(note.id);
    setEditing(null);
    setError("");
    say(t("list.saved"));
    requestAnimationFrame(() => document.getElementById(`list-edit-${note.id}`)?.focus());
  };

  const noteItem = (note: OutlineNote, frame: OutlineFrame) => {
    const label = note.text || t("note.empty");
    const here = myVotes && myVotes.voteId === vote.id ? (myVotes.mine[note.id] ?? 0) : 0;
    const inScope = vote.frameId === null || vote.frameId === frame.id;
    return (
      <li key={note.id} className="indaba-list__note" data-testid="list-note" data-note-id={note.id}>
        {editing === note.id ? (
          <form className="indaba-list__edit" onSubmit={(e) => { e.preventDefault(); save(note); }}>
            <label htmlFor={`list-text-${note.id}`}>{t("list.textOfNote")}</label>
            <textarea id={`list-text-${note.id}`} rows={3} maxLength={500} value={editText} autoFocus onChange={(e) => setEditText(e.target.value)} />
            <button type="submit" className="indaba-button">{t("common.save")}</button>
            <button type="button" className="indaba-button" onClick={() => setEditing(null)}>{t("common.cancel")}</button>
          </form>
        ) : (
          <p className="indaba-list__text">{label}</p>
        )}
        <p className="indaba-list__meta">
          {note.author && <span>{t("list.by", { author: note.author })}</span>}
          {note.votes !== null && <span data-testid="list-votes">{t("votes.count", { count: note.votes })}</span>}
          {voting && here > 0 && <span>{t("list.yourVotes", { count: here })}</span>}
          {note.harvested && <span className="indaba-list__harvested">{t("list.harvested")}</span>}
        </p>
        {(canEdit || (voting && inScope)) && editing !== note.id && (
          <p className="indaba-list__actions">
            {canEdit && (
              <button type="button" id={`list-edit-${note.id}`} className="indaba-button" aria-label={t("list.editIn", { note: label, frame: frame.name })} onClick={() => { setEditing(note.id); setEditText(note.text); }}>
                {t("common.edit")}
              </button>
            )}
            {voting && inScope && (
              <button type="button" className="indaba-button" aria-label={t("list.voteForIn", { note: label, frame: frame.name })} disabled={remaining < 1} onClick={() => cast(note, false)}>
                {t("vote.button")}
              </button>
            )}
            {voting && inScope && here > 0 && (
              <button type="button" className="indaba-button" aria-label={t("vote.takeBackFrom", { note: label })} onClick={() => cast(note, true)}>
                {t("vote.takeBack")}
              </button>
            )}
          </p>
        )}
      </li>
    );
  };

  return (
    <section id="indaba-list-view" className="indaba-list" aria-labelledby="indaba-list-title" data-testid="list-view">
      <h2 id="indaba-list-title" tabIndex={-1}>{t("list.heading")}</h2>
      <div className="indaba-visually-hidden" role="status" aria-live="polite" data-testid="list-announcer">{spoken}</div>
      {voting && (
        <p data-testid="list-vote-status">
          {vote.frameId ? t("list.votingOpenIn", { count: remaining, frame: frames.find((f) => f.id === vote.frameId)?.name ?? t("list.oneFrame") }) : t("list.votingOpen", { count: remaining })}
        </p>
      )}
      {error && <p className="indaba-list__error" role="alert">{error}</p>}
      {canEdit && (
        <form className="indaba-list__add" onSubmit={add} aria-label={t("list.addLabel")}>
          <label htmlFor="indaba-list-frame">{t("compose.frame")}</label>
          <select id="indaba-list-frame" value={frameId} onChange={(e) => setFrameId(e.target.value)}>
            <option value={OUTSIDE}>{t("list.noFrame")}</option>
            {frames.map((f) => <option key={f.id} value={f.id ?? OUTSIDE}>{f.name}</option>)}
          </select>
          <label htmlFor="indaba-list-note">{t("compose.note")}</label>
          <textarea id="indaba-list-note" rows={3} maxLength={500} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit" className="indaba-button">{t("compose.add")}</button>
        </form>
      )}
      {outline.length === 0 && <p>{t("list.empty")}</p>}
      {outline.map((frame) => (
        <div key={frame.id ?? "outside"} className="indaba-list__frame">
          <h3>{frame.name}</h3>
          {frame.notes.length === 0 ? (
            <p>{t("list.noNotes")}</p>
          ) : (
            <ul aria-label={t("list.notesIn", { frame: frame.name })}>{frame.notes.map((n) => noteItem(n, frame))}</ul>
          )}
        </div>
      ))}
    </section>
  );
}
