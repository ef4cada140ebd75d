import { readHarvest } from "../../facilitation/harvest";
import { readVote } from "../../facilitation/votes";
import { boardOutline, type OutlineElement } from "../../listview/model";
import { ROOTS } from "../../schema";
import { count } from "../../text/plural";
import type { PhoneContext } from "../context";
import { h } from "../dom";

/**
 * The board as a list on the phone, read only: frames as headings, their notes as list
 * items with author, votes once revealed and harvested state (the same outline as the
 * board page's list view). Re-drawn when the elements, the vote or the harvest change.
 */
export function mountBoardList({ doc, elements }: Pick<PhoneContext, "doc" | "elements">): { element: HTMLElement; render(): void } {
  const body = h("div", {});
  const element = h("section", { class: "phone-card phone-board-list", "aria-labelledby": "phone-list-title", "data-testid": "phone-board-list" },
    h("h2", { id: "phone-list-title" }, "The board as a list"), body);
  let drawn = "";
  const render = (): void => {
    const vote = readVote(doc.getMap(ROOTS.vote).toJSON());
    const harvested = new Set(Object.keys(readHarvest(doc.getMap(ROOTS.harvest).toJSON())));
    const outline = boardOutline(elements() as unknown as OutlineElement[], vote.results, harvested);
    const key = JSON.stringify(outline);
    if (key === drawn) return;
    drawn = key;
    body.replaceChildren(
      ...(outline.length === 0 ? [h("p", {}, "The board has no frames or notes yet.")] : []),
      ...outline.flatMap((frame) => [
        h("h3", {}, frame.name),
        frame.notes.length === 0
          ? h("p", {}, "No notes in this frame.")
          : h("ul", { "aria-label": `Notes in ${frame.name}` }, ...frame.notes.map((note) =>
              h("li", {}, note.text || "(empty note)",
                h("span", { class: "phone-hint" }, [note.author && ` — by ${note.author}`, note.votes !== null && ` — ${count(note.votes, "vote")}`, note.harvested && " — harvested"].filter(Boolean).join(""))))),
      ]),
    );
  };
  doc.getMap(ROOTS.vote).observe(render);
  doc.getMap(ROOTS.harvest).observe(render);
  return { element, render };
}
