import type { ExcalidrawImperativeAPI } from "@excalidraw/excalidraw/types";
import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { count } from "../text/plural";
import type { FacilitationApi } from "./api";
import { announce } from "./Announcer";
import { useElements, useYMap } from "./hooks";
import { tell } from "./notices";
import { PanelSection, useSectionOpen } from "./PanelSection";
import { frames, type MyVotes, ranking, readVote, stickyNotes } from "./votes";
import { ROOTS } from "../schema";

const NO_VOTES: MyVotes = { voteId: null, state: "none", mine: {}, remaining: 0 };
const STATUS: Record<string, string> = { open: "open", closed: "ended", revealed: "results" };

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
    if (vote.state === "open") tell(`Voting has started: ${count(vote.votesPerPerson, "vote")} each${scopeName ? `, on the notes in “${scopeName}”` : ""}.`, !canFacilitate);
    if (vote.state === "closed") announce("Voting has ended. Results are hidden until revealed.");
    if (vote.state === "revealed") tell("Vote results revealed: the counts are on the notes and in the workshop panel.", !canFacilitate);
  }, [vote.id, vote.state, vote.votesPerPerson, scopeName, canFacilitate]);

  const notes = stickyNotes(elements, vote.frameId);
  const cast = useCallback(
    (elementId: string, retract = false) => {
      api
        .post<MyVotes>(retract ? "vote/retract" : "vote/cast", { elementId })
        .then((result) => {
          setMine(result);
          announce(`${retract ? "Vote taken back" : "Vote cast"}. ${count(result.remaining, "vote")} left.`);
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
    else if (picked.length > 0 && scopeName) onError(`This vote is about the notes in “${scopeName}”: the selected note is not in that frame.`);
    else onError("Select a sticky note on the board first.");
  };
  const post = (name: string, body: Record<string, unknown> = {}): void => {
    api.post(name, body).catch((error: Error) => onError(error.message));
  };

  if (!canFacilitate && vote.state === "none") return null;
  const ranked = vote.results ? ranking(vote.results, notes) : [];

  return (
    <PanelSection id="vote" title="Dot voting" status={STATUS[vote.state]} open={open} onToggle={toggle}>
      {vote.state === "open" && (
        <>
          <p data-testid="vote-status">
            Vote open{scopeName ? ` on “${scopeName}”` : ""}: {count(vote.votesPerPerson, "vote")} each{vote.anonymous ? ", anonymous" : ""}.
            {canVote && (
              <>
                {" "}
                You have <strong data-testid="votes-remaining">{mine.remaining}</strong> {mine.remaining === 1 ? "vote" : "votes"} left.
              </>
            )}
          </p>
          {canVote && (
            <>
              <button type="button" className="indaba-button" onClick={voteForSelected} disabled={mine.remaining < 1}>
                Vote for selected note
              </button>
              <ul className="indaba-fac-list indaba-vote__list" aria-label="Notes to vote on">
                {notes.map((note) => {
                  const mineHere = mine.mine[note.id] ?? 0;
                  const label = note.text || "(empty note)";
                  return (
                    <li key={note.id} className="indaba-vote__note">
                      <span className="indaba-vote__text">{label}</span>
                      <span className="indaba-vote__mine">{mineHere > 0 ? `your votes: ${mineHere}` : ""}</span>
                      <button type="button" className="indaba-button" aria-label={`Vote for “${label}”`} disabled={mine.remaining < 1} onClick={() => cast(note.id)}>
                        Vote
                      </button>
                      {mineHere > 0 && (
                        <button type="button" className="indaba-button" aria-label={`Take back a vote from “${label}”`} onClick={() => cast(note.id, true)}>
                          Take back
                        </button>
                      )}
                    </li>
                  );
                })}
                {notes.length === 0 && <li>No notes to vote on yet.</li>}
              </ul>
            </>
          )}
        </>
      )}
      {vote.state === "closed" && <p data-testid="vote-status">Voting has ended; results are hidden until the facilitator reveals them.</p>}
      {vote.state === "revealed" && (
        <>
          <p data-testid="vote-status">Results</p>
          <ol className="indaba-fac-list" aria-label="Vote results, most votes first" data-testid="vote-ranking">
            {ranked.map((row) => (
              <li key={row.id}>
                <span className="indaba-vote__rank">#{row.rank}</span> {row.text || "(empty note)"} — <strong>{count(row.count, "vote")}</strong>
                {vote.voters?.[row.id] ? <span className="indaba-vote__voters"> ({vote.voters[row.id]!.join(", ")})</span> : null}
              </li>
            ))}
            {ranked.length === 0 && <li>No votes were cast.</li>}
          </ol>
        </>
      )}
      {canFacilitate && (
        <div className="indaba-fac-controls" role="group" aria-label="Vote controls">
          {vote.state === "open" && (
            <button type="button" className="indaba-button" onClick={() => post("vote/end")}>
              End vote
            </button>
          )}
          {(vote.state === "open" || vote.state === "closed") && (
            <button type="button" className="indaba-button" onClick={() => post("vote/reveal")}>
              Reveal results
            </button>
          )}
          {vote.state !== "open" && vote.state !== "closed" && (
            <>
              <label className="indaba-fac-field">
                Votes per person
                <input type="number" min={1} max={20} value={perPerson} onChange={(e) => setPerPerson(Number(e.target.value) || 1)} />
              </label>
              <label className="indaba-fac-field indaba-fac-field--grow">
                Vote on
                <select value={scope} onChange={(e) => setScope(e.target.value)}>
                  <option value="">The whole board</option>
                  {frameList.map((f) => (
                    <option key={f.id} value={f.id}>
                      Frame: {f.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="indaba-fac-check">
                <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> Anonymous
              </label>
              <button type="button" className="indaba-button" onClick={() => post("vote/start", { votesPerPerson: perPerson, anonymous, frameId: scope || null })}>
                Start vote
              </button>
            </>
          )}
        </div>
      )}
    </PanelSection>
  );
}
