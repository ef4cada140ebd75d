import { FacilitationApi, NetworkError } from "../../facilitation/api";
import { type HarvestResult, readHarvest } from "../../facilitation/harvest";
import { ROOTS } from "../../schema";
import type { PhoneContext } from "../context";
import { h, messageSlot, replace } from "../dom";
import { voteList } from "../notes";
import { t } from "../../i18n";

/**
 * Knowledge harvest from the phone, one note at a time: the board's notes in reading
 * order, each with "Harvest" (a draft for the knowledge base) or the sign that it already
 * was. Shown only to people who may harvest (editors, when the board has a knowledge base);
 * closed until opened, so it never crowds the page during a session.
 */
export function mountHarvest({ doc, facilitation, config, canWrite, elements, elementsMap, announce, online }: Pick<PhoneContext, "doc" | "facilitation" | "config" | "canWrite" | "elements" | "elementsMap" | "announce" | "online">): { element: HTMLElement | null; render(): void } {
  const url = facilitation?.knowledgeUrl ?? "";
  if (!url || !canWrite) return { element: null, render: () => undefined };
  const api = new FacilitationApi(url, config.token);
  const message = messageSlot("harvest-message");
  const list = h("ul", { class: "phone-harvest__list", "aria-label": t("harvest.listLabel") });
  const made = h("p", { class: "phone-harvest__made", role: "status", hidden: true, "data-testid": "harvest-made" });
  const details = h("details", { class: "phone-card phone-harvest", "data-testid": "phone-harvest" },
    h("summary", {}, t("harvest.title")),
    h("p", {}, t("harvest.intro")),
    message.element, made, list);
  const harvestMap = doc.getMap(ROOTS.harvest);
  const busy = new Set<string>();

  const harvest = (elementId: string, label: string): void => {
    if (!online()) {
      message.show(t("harvest.offline"));
      return;
    }
    busy.add(elementId);
    render();
    api
      .post<HarvestResult>("harvest", { elementIds: [elementId] })
      .then((result) => {
        message.clear();
        replace(made, t("harvest.made", { note: label }), " ", h("a", { href: result.url, target: "_blank", rel: "noopener" }, t("harvest.open")));
        made.hidden = false;
        announce(t("harvest.announce"));
      })
      .catch((error: Error) => message.show(error instanceof NetworkError ? t("harvest.networkError", { error: error.message }) : error.message))
      .finally(() => {
        busy.delete(elementId);
        render();
      });
  };

  function render(): void {
    const done = readHarvest(harvestMap.toJSON());
    const notes = voteList(elements(), null);
    replace(list, ...(notes.length === 0 ? [h("li", {}, t("harvest.noNotes"))] : notes.map((note) => {
      const label = note.text || t("note.empty");
      return h("li", { class: "phone-harvest__note" },
        h("span", { class: "phone-harvest__text" }, label),
        done[note.id]
          ? h("span", { class: "phone-harvest__done", "data-testid": "harvested" }, t("harvest.done"))
          : h("button", { type: "button", class: "phone-button", "data-key": `harvest:${note.id}`, "aria-label": t("harvest.for", { note: label }), disabled: busy.has(note.id) || !online(), onclick: () => harvest(note.id, label) }, busy.has(note.id) ? t("harvest.busy") : t("harvest.button")));
    })));
  }

  harvestMap.observe(render);
  elementsMap.observeDeep(() => {
    if (details.open) render();
  });
  details.addEventListener("toggle", () => {
    if (details.open) render();
  });
  return { element: details, render };
}
