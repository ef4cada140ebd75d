import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { around, type MessageKey, t } from "../i18n";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { useElements, useYMap } from "./hooks";
import { tell } from "./notices";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { frames, type MyVotes, ranking, readVote, stickyNotes } from "./votes";
import { ROOTS } from "../schema";

const NO_VOTES: MyVotes = { voteId: null, state: "none", mine: {}, remaining: 0 };
const STATUS: Record<string, MessageKey> = { open: "vote.statusOpen", closed: "vote.statusEnded", revealed: "vote.statusResults" };

/** Dot voting: the facilitator starts, ends and reveals; participants vote on notes (and
 * see this section only while there is a vote). */
export function VotePanel({ doc, api, excalidraw, canFacilitate, canVote, onError }: {
  doc: Y.Doc;
  api: FacilitationApi;
  excalidraw: ExcalidrawImperativeAPI | null;
  canFacilitate: boolean;
  canVote: boolean;
  onError: (message: string) => void;
}) {
  const vote = readVote(useYMap(doc, ROOTS.vote));
  const elements = useElements(doc, vote.state !== "none" || canFacilitate) as unknown as Parameters<typeof stickyNotes>[0];
  const [mine, setMine] = useState<MyVotes>(NO_VOTES);
  const [perPerson, setPerPerson] = useState(3);
  const [anonymous, setAnonymous] = useState(true);
  const [scope, setScope] = useState("");
  const [open, toggle] = useSectionOpen("vote", true);
  const announced = useRef<string | null>(null);

  useEffect(() => {
    if (!canVote || vote.state !== "open" || !vote.id) return;
    api.get<MyVotes>("vote/mine").then(setMine, (error: Error) => onError(error.message));
  }, [api, canVote, vote.state, vote.id, onError]);

  const frameList = frames(elements);
  const scopeName = vote.frameId ? frameList.find((f) => f.id === vote.frameId)?.name : null;
  useEffect(() => {
    const key = `${vote.id}:${vote.state}`;
    if (announced.current === null) {
      announced.current = key;
      return;
    }
    if (announced.current === key) return;
    announced.current = key;
    if (vote.state === "open") tell(scopeName ? t("vote.startedIn", { count: vote.votesPerPerson, frame: scopeName }) : t("vote.started", { count: vote.votesPerPerson }), !canFacilitate);
    if (vote.state === "closed") announce(t("vote.ended"));
    if (vote.state === "revealed") tell(t("vote.revealedBoard"), !canFacilitate);
  }, [vote.id, vote.state, vote.votesPerPerson, scopeName, canFacilitate]);

  const notes = stickyNotes(elements, vote.frameId);
  const cast = useCallback(
    (elementId: string, retract = false) => {
      api
        .post<MyVotes>(retract ? "vote/retract" : "vote/cast", { elementId })
        .then((result) => {
          setMine(result);
          announce(t(retract ? "vote.takenBackShort" : "vote.castShort", { count: result.remaining }));
        })
        .catch((error: Error) => onError(error.message));
    },
    [api, onError],
  );
  const voteForSelected = (): void => {
    if (!excalidraw) return;
    const selected = Object.keys(excalidraw.getAppState().selectedElementIds);
    const byId = new Map(excalidraw.getSceneElements().map((e) => [e.id, e]));
    const picked = selected.map((id) => byId.get(id)).map((e) => (e && e.type === "text" && e.containerId ? e.containerId : e?.id)).filter((id): id is string => !!id);
    const target = picked.find((id) => notes.some((n) => n.id === id));
    if (target) cast(target);
    else if (picked.length > 0 && scopeName) onError(t("vote.notInScope", { frame: scopeName }));
    else onError(t("vote.selectFirst"));
  };
  const post = (name: string, body: Record<string, unknown> = {}): void => {
    api.post(name, body).catch((error: Error) => onError(error.message));
  };

  if (!canFacilitate && vote.state === "none") return null;
  const ranked = vote.results ? ranking(vote.results, notes) : [];

  return (
    <PanelSection id="vote" title={t("vote.title")} status={STATUS[vote.state] ? t(STATUS[vote.state]!) : undefined} open={open} onToggle={toggle}>
      {vote.state === "open" && (
        <>
          <p data-testid="vote-status">
            {t(scopeName ? (vote.anonymous ? "vote.openOnAnonymous" : "vote.openOn") : vote.anonymous ? "vote.openAnonymous" : "vote.open", { count: vote.votesPerPerson, frame: scopeName ?? "" })}
            {canVote && (
              <>
                {" "}
                {around("vote.youHave", mine.remaining, (shown) => <strong key="remaining" data-testid="votes-remaining">{shown}</strong>)}
              </>
            )}
          </p>
          {canVote && (
            <>
              <button type="button" className="indaba-button" onClick={voteForSelected} disabled={mine.remaining < 1}>
                {t("vote.forSelected")}
              </button>
              <ul className="indaba-fac-list indaba-vote__list" aria-label={t("vote.listLabel")}>
                {notes.map((note) => {
                  const mineHere = mine.mine[note.id] ?? 0;
                  const label = note.text || t("note.empty");
                  return (
                    <li key={note.id} className="indaba-vote__note">
                      <span className="indaba-vote__text">{label}</span>
                      <span className="indaba-vote__mine">{mineHere > 0 ? t("vote.yourVotes", { count: mineHere }) : ""}</span>
                      <button type="button" className="indaba-button" aria-label={t("vote.for", { note: label })} disabled={mine.remaining < 1} onClick={() => cast(note.id)}>
                        {t("vote.button")}
                      </button>
                      {mineHere > 0 && (
                        <button type="button" className="indaba-button" aria-label={t("vote.takeBackFrom", { note: label })} onClick={() => cast(note.id, true)}>
                          {t("vote.takeBack")}
                        </button>
                      )}
                    </li>
                  );
                })}
                {notes.length === 0 && <li>{t("vote.noNotes")}</li>}
              </ul>
            </>
          )}
        </>
      )}
      {vote.state === "closed" && <p data-testid="vote-status">{t("vote.closed")}</p>}
      {vote.state === "revealed" && (
        <>
          <p data-testid="vote-status">{t("vote.results")}</p>
          <ol className="indaba-fac-list" aria-label={t("vote.rankingLabel")} data-testid="vote-ranking">
            {ranked.map((row) => (
              <li key={row.id}>
                <span className="indaba-vote__rank">#{row.rank}</span> {row.text || t("note.empty")} — <strong>{t("votes.count", { count: row.count })}</strong>
                {vote.voters?.[row.id] ? <span className="indaba-vote__voters"> ({vote.voters[row.id]!.join(", ")})</span> : null}
              </li>
            ))}
            {ranked.length === 0 && <li>{t("vote.noneCast")}</li>}
          </ol>
        </>
      )}
      {canFacilitate && (
        <div className="indaba-fac-controls" role="group" aria-label={t("vote.controls")}>
          {vote.state === "open" && (
            <button type="button" className="indaba-button" onClick={() => post("vote/end")}>
              {t("vote.end")}
            </button>
          )}
          {(vote.state === "open" || vote.state === "closed") && (
            <button type="button" className="indaba-button" onClick={() => post("vote/reveal")}>
              {t("vote.reveal")}
            </button>
          )}
          {vote.state !== "open" && vote.state !== "closed" && (
            <>
              <label className="indaba-fac-field">
                {t("vote.perPerson")}
                <input type="number" min={1} max={20} value={perPerson} onChange={(e) => setPerPerson(Number(e.target.value) || 1)} />
              </label>
              <label className="indaba-fac-field indaba-fac-field--grow">
                {t("vote.on")}
                <select value={scope} onChange={(e) => setScope(e.target.value)}>
                  <option value="">{t("vote.wholeBoard")}</option>
                  {frameList.map((f) => (
                    <option key={f.id} value={f.id}>
                      {t("vote.frameOption", { frame: f.name })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="indaba-fac-check">
                <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t("vote.anonymous")}
              </label>
              <button type="button" className="indaba-button" onClick={() => post("vote/start", { votesPerPerson: perPerson, anonymous, frameId: scope || null })}>
                {t("vote.start")}
              </button>
            </>
          )}
        </div>
      )}
    </PanelSection>
  );
}
