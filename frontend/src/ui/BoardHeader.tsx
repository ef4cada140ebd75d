import type { ReactNode } from "react";
import { t } from "../i18n";

/**
 * The strip above the canvas: where you are (home link, title, role, connection, people)
 * and what you can do (tools). On a phone the two groups take a row each, never more.
 */
export function BoardHeader({
  title,
  homeUrl,
  viewOnly,
  banner,
  presence,
  tools,
}: {
  title: string;
  homeUrl: string;
  viewOnly: boolean;
  banner: ReactNode;
  presence: ReactNode;
  tools: ReactNode;
}) {
  return (
    <header className="indaba-header">
      <div className="indaba-header__info">
        <a className="indaba-header__home" href={homeUrl}>
          Indaba
        </a>
        <h1 className="indaba-header__title" title={title}>
          {title || t("header.untitled")}
        </h1>
        {viewOnly && <span className="indaba-badge">{t("header.viewOnly")}</span>}
        {banner}
        {presence}
      </div>
      <div className="indaba-header__tools">{tools}</div>
    </header>
  );
}
