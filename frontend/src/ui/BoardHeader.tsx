import type { ReactNode } from "react";

/** The strip above the canvas: home link, title, role, connection, people, tools. */
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
      <a className="indaba-header__home" href={homeUrl}>
        Indaba
      </a>
      <h1 className="indaba-header__title">{title || "Untitled board"}</h1>
      {viewOnly && <span className="indaba-badge">View only</span>}
      {banner}
      {presence}
      <div className="indaba-header__spacer" />
      {tools}
    </header>
  );
}
