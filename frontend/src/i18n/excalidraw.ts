/**
 * The language of Excalidraw's own menus and dialogs. Excalidraw ships its own locales
 * (`languages`, each with a code such as "de-DE"); Indaba passes the page language's code
 * when Excalidraw has it and English otherwise. Excalidraw 0.18 has neither isiZulu nor
 * Afrikaans, so today its menus stay in English on a zu/af page (docs/languages.md).
 * Kept apart from ./index so the phone page, which must not load Excalidraw, never imports it.
 */
import { defaultLang, languages } from "@excalidraw/excalidraw";
import { language } from "./index";
import { matchLangCode } from "./langCode";

/** Excalidraw's code for the page language, or English when it has none. */
export function excalidrawLangCode(): string {
  return matchLangCode(language(), languages.map((l) => l.code)) ?? defaultLang.code;
}
