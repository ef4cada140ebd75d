import { NetworkError } from "../../facilitation/api";
import { around, t } from "../../i18n";
import { type MyVotes, ranking, readVote, stickyNotes } from "../../facilitation/votes";
import { ROOTS } from "../../schema";
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
      voteMessage.show(t("vote.offline"));
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
        voteMessage.show(error instanceof NetworkError ? t("vote.networkError", { error: error.message }) : error.message),
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
      if (vote.state === "revealed") announce(t("vote.revealed"));
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
    const title = h("h2", { id: "phone-vote-title" }, t("vote.title"));
    if (vote.state === "open") {
      const notes = voteList(elements(), vote.frameId);
      const remaining = vote.id === mine.voteId ? mine.remaining : 0;
      const frameName = vote.frameId ? (elementsMap.get(vote.frameId)?.name ?? "") : "";
      replace(
        voteSection,
        title,
        h("p", { "data-testid": "vote-status" }, `${t(frameName ? (vote.anonymous ? "vote.openOnAnonymous" : "vote.openOn") : vote.anonymous ? "vote.openAnonymous" : "vote.open", { count: vote.votesPerPerson, frame: frameName })} `,
          canWrite ? h("strong", {}, ...around("vote.remaining", remaining, (shown) => h("span", { "data-testid": "votes-remaining" }, shown))) : t("vote.watchOnly")),
        canWrite && !connected ? h("p", { class: "phone-offline-note", "data-testid": "vote-offline" }, t("vote.pausedOffline")) : null,
        voteMessage.element,
        notes.length === 0 ? h("p", {}, t("vote.noNotes")) : null,
        canWrite && notes.length > 0 ? h("ul", { class: "phone-vote__list", "aria-label": t("vote.listLabel") },
          ...notes.map((note) => {
            const label = note.text || t("note.empty");
            const here = vote.id === mine.voteId ? (mine.mine[note.id] ?? 0) : 0;
            return h("li", { class: "phone-vote__note" },
              h("span", { class: "phone-vote__text" }, label),
              h("span", { class: "phone-vote__mine" }, here > 0 ? t("vote.yours", { count: here }) : t("vote.noneYet")),
              h("span", { class: "phone-vote__buttons" },
                h("button", { type: "button", class: "phone-button", "data-key": `vote:${note.id}`, "aria-label": t("vote.for", { note: label }), disabled: remaining < 1 || !connected, onclick: () => cast(note.id, false) }, t("vote.button")),
                here > 0 ? h("button", { type: "button", class: "phone-button phone-button--quiet", "data-key": `unvote:${note.id}`, "aria-label": t("vote.takeBackFrom", { note: label }), disabled: !connected, onclick: () => cast(note.id, true) }, t("vote.takeBack")) : null));
          })) : null,
      );
    } else if (vote.state === "closed") {
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, t("vote.closed")));
    } else if (vote.state === "revealed") {
      const ranked = ranking(vote.results ?? {}, stickyNotes(elements() as unknown as Parameters<typeof stickyNotes>[0]));
      replace(voteSection, title, h("p", { "data-testid": "vote-status" }, t("vote.results")),
        h("ol", { class: "phone-vote__ranking", "aria-label": t("vote.rankingLabel"), "data-testid": "vote-ranking" },
          ...ranked.map((row) => h("li", {}, `#${row.rank} ${row.text || t("note.empty")} — `, h("strong", {}, t("votes.count", { count: row.count })))),
          ranked.length === 0 ? h("li", {}, t("vote.noneCast")) : null));
    } else {
      voteSection.replaceChildren();
    }
  };
  doc.getMap(ROOTS.vote).observe(renderVote);
  return { element: voteSection, render: renderVote };
}
