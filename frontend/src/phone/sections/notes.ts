import { LOCAL_ORIGIN } from "../../binding/origin";
import { colourName, DEFAULT_STICKY_COLOR, STICKY_COLORS } from "../../sticky/palette";
import type { PhoneContext } from "../context";
import { h, type MessageSlot, messageSlot } from "../dom";
import { buildNote, type DocElement, frameChoices, framesToRegrow } from "../notes";
import { t } from "../../i18n";

/** The note form's controls, which a private brainstorm takes over. */
export interface ComposeControls {
  form: HTMLFormElement;
  /** The form's first line: the brainstorm's status. */
  brainstormNote: HTMLParagraphElement;
  frameSelect: HTMLSelectElement;
  frameHint: HTMLParagraphElement;
  textBox: HTMLTextAreaElement;
  addButton: HTMLButtonElement;
  message: MessageSlot;
}

/** Where notes go while a private brainstorm runs (to the server, not the board). */
export interface PrivateNotes {
  on(): boolean;
  add(text: string, color: string): void;
}

/**
 * Writing a note: the frame picker, the text, the colour and Add note. A note goes straight
 * into the board document (sent when back online), in the chosen frame, which grows to
 * hold it; during a private brainstorm it goes to `privateNotes` instead.
 */
export function mountNotes(
  { config, facilitation, doc, elementsMap, elements, announce }: Pick<PhoneContext, "config" | "facilitation" | "doc" | "elementsMap" | "elements" | "announce">,
  provider: { readonly synced: boolean },
  privateNotes: PrivateNotes,
  onElementsChanged: () => void,
): { controls: ComposeControls; renderFrames(): void } {
  const composeMessage = messageSlot("compose-message");
  const frameSelect = h("select", { id: "phone-frame", class: "phone-select" });
  const frameHint = h("p", { class: "phone-hint", hidden: true, "data-testid": "frame-hint" });
  const textBox = h("textarea", { id: "phone-note-text", class: "phone-text", rows: "3", maxlength: "500", required: true, placeholder: t("compose.placeholder") });
  let color = DEFAULT_STICKY_COLOR;
  const colours = h("fieldset", { class: "phone-colours" }, h("legend", {}, t("compose.colour")),
    ...STICKY_COLORS.map((c) => {
      const input = h("input", { type: "radio", name: "phone-colour", value: c.id, checked: c.id === color.id });
      input.addEventListener("change", () => (color = c));
      const swatch = h("span", { class: "phone-swatch", "aria-hidden": "true" });
      swatch.style.background = c.background;
      return h("label", { class: "phone-colour" }, input, swatch, colourName(c));
    }));
  const brainstormNote = h("p", { class: "phone-brainstorm", hidden: true, "data-testid": "brainstorm-status" });
  const addButton = h("button", { type: "submit", class: "phone-button phone-button--primary" }, t("compose.add"));
  const form = h("form", { class: "phone-compose", "aria-label": t("compose.label") },
    brainstormNote,
    h("label", { for: "phone-frame", class: "phone-label" }, t("compose.frame")), frameSelect, frameHint,
    h("label", { for: "phone-note-text", class: "phone-label" }, t("compose.note")), textBox,
    colours, composeMessage.element, addButton);

  let frameKey = "";
  const renderFrames = (): void => {
    const choices = frameChoices(elements());
    const key = JSON.stringify(choices);
    if (key === frameKey) return;
    frameKey = key;
    const selected = frameSelect.value;
    frameSelect.replaceChildren(h("option", { value: "" }, privateNotes.on() ? t("compose.freeArea") : t("compose.anywhere")), ...choices.map((f) => h("option", { value: f.id }, f.name)));
    frameSelect.value = choices.some((f) => f.id === selected) ? selected : "";
  };

  /** Notes written on this phone: their frames are kept tall enough to hold them. */
  const written = new Set<string>();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textBox.value.trim();
    if (!text) {
      composeMessage.show(t("compose.empty"));
      textBox.focus();
      return;
    }
    if (privateNotes.on()) {
      privateNotes.add(text, color.background);
      return;
    }
    const all = elements();
    const frame = all.find((e) => e.id === frameSelect.value && e.type === "frame" && !e.isDeleted) ?? null;
    const built = buildNote(all, { text, author: config.user.name, authorId: facilitation?.participantId || undefined, color: color.background, frame });
    doc.transact(() => {
      elementsMap.set(built.rectangle.id, built.rectangle as unknown as DocElement);
      elementsMap.set(built.label.id, built.label as unknown as DocElement);
      if (built.grownFrame) elementsMap.set(built.grownFrame.id as string, built.grownFrame as unknown as DocElement);
    }, LOCAL_ORIGIN);
    written.add(built.rectangle.id);
    textBox.value = "";
    composeMessage.clear();
    const where = frame ? (frame.name ? t("note.where.frame", { frame: frame.name }) : t("note.where.unnamedFrame")) : t("note.where.board");
    announce(t(provider.synced ? "note.added" : "note.addedOffline", { where }));
  });

  // Element changes arrive in bursts: re-read at most every 300 ms.
  let pending: ReturnType<typeof setTimeout> | null = null;
  elementsMap.observe(() => {
    if (pending !== null) return;
    pending = setTimeout(() => {
      pending = null;
      renderFrames();
      onElementsChanged();
      const regrow = framesToRegrow(elements(), written);
      if (regrow.length > 0) {
        doc.transact(() => {
          for (const frame of regrow) elementsMap.set(frame.id as string, frame as unknown as DocElement);
        }, LOCAL_ORIGIN);
      }
    }, 300);
  });

  return { controls: { form, brainstormNote, frameSelect, frameHint, textBox, addButton, message: composeMessage }, renderFrames };
}
