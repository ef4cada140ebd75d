import { NetworkError } from "../../facilitation/api";
import { REACTIONS, readReactions } from "../../facilitation/reactions";
import { ROOTS } from "../../schema";
import type { PhoneContext } from "../context";
import { h, messageSlot, replace } from "../dom";
import { Outbox } from "../outbox";
import { t } from "../../i18n";

/** The reaction buttons with their counts; reactions made offline wait in an outbox. */
export function mountReactions({ doc, api, announce, online }: Pick<PhoneContext, "doc" | "api" | "announce" | "online">): { element: HTMLElement; render(): void; sendWaiting(): Promise<void> } {
  const reactionMessage = messageSlot("reaction-message");
  const reactionGroup = h("div", { class: "phone-reactions", role: "group", "aria-label": t("reactions.title") });
  const nameOf = (emoji: string): string => {
    const reaction = REACTIONS.find((r) => r.emoji === emoji);
    return reaction ? t(reaction.label) : emoji;
  };
  const outbox = new Outbox<string>((emoji) => api.post("reactions", { emoji }), (error) => error instanceof NetworkError);
  const showWaiting = (): void => {
    if (outbox.size > 0) reactionMessage.show(t("reactions.waiting", { count: outbox.size }));
  };
  const keep = (emoji: string): void => {
    if (outbox.add(emoji)) showWaiting();
    else reactionMessage.show(t("reactions.full", { count: outbox.size }));
  };
  async function sendWaitingReactions(): Promise<void> {
    if (outbox.size === 0) return;
    const { sent, errors } = await outbox.flush();
    if (errors.length > 0) reactionMessage.show(errors[0]!.message);
    else if (outbox.size > 0) showWaiting();
    else reactionMessage.clear();
    if (sent > 0) announce(t("reactions.sent", { count: sent }));
  }
  const react = (emoji: string): void => {
    if (!online()) {
      keep(emoji);
      return;
    }
    api.post("reactions", { emoji }).then(
      () => {
        reactionMessage.clear();
        announce(t("reactions.oneSent", { name: nameOf(emoji) }));
      },
      (error: Error) => (error instanceof NetworkError ? keep(emoji) : reactionMessage.show(error.message)),
    );
  };
  const renderReactions = (): void => {
    const { counts } = readReactions(doc.getMap(ROOTS.reactions).toJSON());
    replace(reactionGroup, ...REACTIONS.map((r) =>
      h("button", {
        type: "button", class: "phone-reaction", "data-key": `react:${r.name}`,
        onclick: () => react(r.emoji),
      // Named by its content, "Thumbs up (2)", so the name holds the count that is seen.
      }, h("span", { "aria-hidden": "true" }, r.emoji), h("span", { class: "phone-sr" }, `${t(r.label)} (`),
      h("span", { class: "phone-reaction__count", "data-testid": `reaction-count-${r.name}` }, String(counts[r.emoji] ?? 0)), h("span", { class: "phone-sr" }, ")"))));
  };
  doc.getMap(ROOTS.reactions).observe(renderReactions);
  const element = h("section", { class: "phone-card", "aria-labelledby": "phone-react-title" }, h("h2", { id: "phone-react-title" }, t("reactions.title")), reactionGroup, reactionMessage.element);
  return { element, render: renderReactions, sendWaiting: sendWaitingReactions };
}
