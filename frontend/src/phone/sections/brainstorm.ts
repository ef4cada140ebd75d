import { NetworkError } from "../../facilitation/api";
import { ROOTS } from "../../schema";
import type { PhoneContext } from "../context";
import { h, replace } from "../dom";
import type { ComposeControls, PrivateNotes } from "./notes";
import { t } from "../../i18n";

interface Brainstorm {
  on: boolean;
  anonymous?: boolean;
  count?: number;
  frameId?: string | null;
}

/**
 * A private brainstorm: while it runs, the note form writes private notes (listed here,
 * seen only by their author until the facilitator reveals them) and the frame picker shows
 * where the facilitator will put them.
 */
export function mountBrainstorm(
  { doc, api, canWrite, elementsMap, announce, online }: Pick<PhoneContext, "doc" | "api" | "canWrite" | "elementsMap" | "announce" | "online">,
  { brainstormNote, frameSelect, frameHint, textBox, addButton, message: composeMessage }: ComposeControls,
): PrivateNotes & { privateList: HTMLElement; render(): void; renderComposeState(): void } {
  const privateList = h("ul", { class: "phone-private", "aria-label": t("brainstorm.privateList"), "data-testid": "my-private-notes", hidden: true });
  const brainstorm = (): Brainstorm => {
    const value = doc.getMap(ROOTS.facilitation).get("brainstorm") as Partial<Brainstorm> | undefined;
    return { ...value, on: value?.on === true };
  };
  const renderPrivate = (notes: { id: number; text: string }[]): void => {
    privateList.hidden = notes.length === 0;
    replace(privateList, ...notes.map((n) => h("li", {}, n.text)));
  };
  /** The frame the person chose before a brainstorm took the picker over. */
  let chosenFrame = "";
  let brainstormWas: boolean | null = null;
  const renderComposeState = (): void => {
    const state = brainstorm();
    if (state.on && !online()) {
      addButton.disabled = true;
      composeMessage.show(t("brainstorm.offline"));
    } else if (addButton.disabled) {
      addButton.disabled = false;
      composeMessage.clear();
    }
  };
  const renderBrainstorm = (): void => {
    const state = brainstorm();
    brainstormNote.hidden = !state.on;
    brainstormNote.textContent = state.on
      ? t(state.anonymous ? "brainstorm.statusAnonymous" : "brainstorm.status", { count: state.count ?? 0 })
      : "";
    addButton.textContent = t(state.on ? "brainstorm.add" : "compose.add");
    if (state.on && brainstormWas !== true) chosenFrame = frameSelect.value;
    // The picker shows where the facilitator will put the notes, not a stale choice.
    frameSelect.disabled = state.on;
    frameSelect.value = state.on ? (state.frameId ?? "") : brainstormWas ? chosenFrame : frameSelect.value;
    const target = state.frameId ? elementsMap.get(state.frameId)?.name : null;
    frameHint.hidden = !state.on;
    frameHint.textContent = state.on ? (target ? t("brainstorm.placeIn", { frame: target }) : t("brainstorm.placeFree")) : "";
    if (brainstormWas !== null && brainstormWas !== state.on) {
      announce(state.on ? t("brainstorm.started") : t("brainstorm.revealed", { count: state.count ?? 0 }));
    }
    if (brainstormWas !== state.on) {
      if (state.on && canWrite) api.get<{ notes: { id: number; text: string }[] }>("brainstorm/notes").then((r) => renderPrivate(r.notes), (e: Error) => composeMessage.show(e.message));
      else renderPrivate([]);
    }
    brainstormWas = state.on;
    renderComposeState();
  };
  doc.getMap(ROOTS.facilitation).observe(renderBrainstorm);

  const add = (text: string, color: string): void => {
    api.post<{ notes: { id: number; text: string }[] }>("brainstorm/notes", { text, color }).then((r) => {
      renderPrivate(r.notes);
      textBox.value = "";
      composeMessage.clear();
      announce(t("brainstorm.added"));
    }, (e: Error) => composeMessage.show(e instanceof NetworkError ? t("brainstorm.networkError", { error: e.message }) : e.message));
  };

  return { privateList, on: () => brainstorm().on, add, render: renderBrainstorm, renderComposeState };
}
