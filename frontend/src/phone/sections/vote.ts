import { NetworkError } from "../../facilitation/api";
import { t } from "../../i18n";
import { type MyVotes, ranking, readVote, stickyNotes } from "../../facilitation/votes";
import { ROOTS } from "../../schema";
import { count } from "../../text/plural";
import type { PhoneContext } from "../context";
import { h, messageSlot, replace } from "../dom";
import { voteList } from "../notes";

/** Dot voting: the notes to vote on while a vote is open, then the results when revealed. */
export function mountVote({ doc, api, canWrite, elements, elementsMap, announce, online }: Pick<PhoneContext, "doc" | "api" | "canWrite" | "elements" | "elementsMap" | "announce" | "online">): { element: HTMLElement; render(): void } {
  const voteMessage = messageSlot("vote-message");
  const voteSection = h("section", { class: "phone-card phone-vote", "aria-labelledby": "phone-vote-title", hidden: true });
  let mine: MyVotes = { voteId: null, state: "none", mine: {}, remaining: 0 };
  let mineFor = "";
  let voteKey = "";
  const cast = (elementId: string, retract: boolean): void => {
    if (!online()) {
      voteMessage.show("You are offline: votes need a connection. Your votes so far are kept; vote again when you are back online.");
      return;
    }
    api
      .post<MyVotes>(retract ? "vote/retract" : "vote/cast", { elementId })
      .then((result) => {
        mine = result;
        voteMessage.clear();
        renderVote();
        announce(`${t(retract ? "vote.retracted" : "vote.cast")} ${t("votes.left", { count: result.remaining })}`);
      })
      .catch((error: Error) =>
        voteMessage.show(error instanceof NetworkError ? `${error.message} Your vote was not counted; try again when you are back online.` : error.message),
      );
  };
  const renderVote = (): void => {
    const vote = readVote(doc.getMap(ROOTS.vote).toJSON());
    voteSection.hidden = vote.state === "none";
    const key = `${vote.id}:${vote.state}`;
    if (voteKey && key !== voteKey) {
      voteMessage.clear();
      if (vote.state === "open") announce(t("vote.started", { count: vote.votesPerPerson }));
      if (vote.state === "closed") announce(t("vote.ended"));
      if (vote.state === "revealed") announce("Vote results revealed.");
    }
    voteKey = key;
    const connected = online();
    if (vote.state === "open" && canWrite && connected && mineFor !== key) {
      mineFor = key;
      api.get<MyVotes>("vote/mine").then((result) => {
        mine = result;
        renderVote();
      }, (error: Error) => voteMessage.show(error.message));
    }
    const title = h("h2", { id: "phone-vote-title" }, "Dot voting");
    if (vote.state === "open") {
      const notes = voteList(elements(), vote.frameId);
      const remaining = vote.id === mine.voteId ? mine.remaining : 0;
      const frameName = vote.frameId ? (elementsMap.get(vote.frameId)?.name ?? "") : "";
      replace(
        voteSection,
        title,
        h("p", { "data-testid": "vote-status" }, `Vote open${frameName ? ` on “${frameName}”` : ""}: ${count(vote.votesPerPerson, "vote")} each${vote.anonymous ? ", anonymous" : ""}. `,
          canWrite ? h("strong", {}, h("span", { "data-testid": "votes-remaining" }, String(remaining)), remaining === 1 ? " vote left" : " votes left") : "You can watch but not vote."),
        canWrite && !connected ? h("p", { class: "phone-offline-note", "data-testid": "vote-offline" }, "Voting is paused while you are offline: your votes so far are kept, and the buttons come back when you reconnect.") : null,
        voteMessage.element,
        notes.length === 0 ? h("p", {}, "No notes to vote on yet.") : null,
        canWrite && notes.length > 0 ? h("ul", { class: "phone-vote__list", "aria-label": "Notes to vote on" },
          ...notes.map((note) => {
            const label = note.text || "(empty note)";
            const here = vote.id === mine.voteId ? (mine.mine[note.id] ?? 0) : 0;
            return h("li", { class: "phone-vote__note" },
              h("span", { class: "phone-vote__text" }, label),
              h("span", { class: "phone-vote__mine" }, here > 0 ? `Your votes: ${here}` : "No vote yet"),
              h("span", { class: "phone-vote__buttons" },
                h("button", { type: "button", class: "phone-button", "data-key": `vote:${note.id}`, "aria-label": `Vote for “${label}”`, disabled: remaining < 1 || !connected, onclick: () => cast(note.id, false) }, "Vote"),
                here > 0 ? h("button", { type: "button", class: "phone-button phone-button--quiet", "data-key": `unvote:${note.id}`, "aria-label": `Take back a vote from “${label}”`, disabled: !connected, onclick: () => cast(note.id, true) }, "Take back") : null));
          })) : null,
      );
    } else if (vote.state === "closed") {
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, "Voting has ended; results are hidden until the facilitator reveals them."));
    } else if (vote.state === "revealed") {
      const ranked = ranking(vote.results ?? {}, stickyNotes(elements() as unknown as Parameters<typeof stickyNotes>[0]));
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, "Results"),
        h("ol", { class: "phone-vote__ranking", "aria-label": "Vote results, most votes first", "data-testid": "vote-ranking" },
          ...ranked.map((row) => h("li", {}, `#${row.rank} ${row.text || "(empty note)"} — `, h("strong", {}, count(row.count, "vote")))),
          ranked.length === 0 ? h("li", {}, "No votes were cast.") : null));
    } else {
      voteSection.replaceChildren();
    }
  };
  doc.getMap(ROOTS.vote).observe(renderVote);
  return { element: voteSection, render: renderVote };
}
