import { readHarvest } from "../../facilitation/harvest";
import { readVote } from "../../facilitation/votes";
import { boardOutline, type OutlineElement } from "../../listview/model";
import { ROOTS } from "../../schema";
import type { PhoneContext } from "../context";
import { h } from "../dom";
import { t } from "../../i18n";

/**
 * The board as a list on the phone, read only: frames as headings, their notes as list
 * items with author, votes once revealed and harvested state (the same outline as the
 * board page's list view). Re-drawn when the elements, the vote or the harvest change.
 */
export function mountBoardList({ doc, elements }: Pick<PhoneContext, "doc" | "elements">): { element: HTMLElement; render(): void } {
  const body = h("div", {});
  const element = h("section", { class: "phone-card phone-board-list", "aria-labelledby": "phone-list-title", "data-testid": "phone-board-list" },
    h("h2", { id: "phone-list-title" }, t("list.title")), body);
  let drawn = "";
  const render = (): void => {
    const vote = readVote(doc.getMap(ROOTS.vote).toJSON());
    const harvested = new Set(Object.keys(readHarvest(doc.getMap(ROOTS.harvest).toJSON())));
    const outline = boardOutline(elements() as unknown as OutlineElement[], vote.results, harvested);
    const key = JSON.stringify(outline);
    if (key === drawn) return;
    drawn = key;
    body.replaceChildren(
      ...(outline.length === 0 ? [h("p", {}, t("list.empty"))] : []),
      ...outline.flatMap((frame) => [
        h("h3", {}, frame.name),
        frame.notes.length === 0
          ? h("p", {}, t("list.noNotes"))
          : h("ul", { "aria-label": t("list.notesIn", { frame: frame.name }) }, ...frame.notes.map((note) =>
              h("li", {}, note.text || t("note.empty"),
                h("span", { class: "phone-hint" }, [note.author && ` — ${t("list.by", { author: note.author })}`, note.votes !== null && ` — ${t("votes.count", { count: note.votes })}`, note.harvested && ` — ${t("list.harvested")}`].filter(Boolean).join(""))))),
      ]),
    );
  };
  doc.getMap(ROOTS.vote).observe(render);
  doc.getMap(ROOTS.harvest).observe(render);
  return { element, render };
}
