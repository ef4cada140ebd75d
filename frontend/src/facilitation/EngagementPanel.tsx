import { useEffect, useState } from "react";
import { type MessageKey, t } from "../i18n";
import type { FacilitationApi } from "./api";
import { ago, DEFAULT_SORT, type Engagement, nextSort, presenceLabel, type SortKey, type SortOrder, sortPeople } from "./engagement";
import { Signal } from "./hooks";
import { PanelSection, useSectionOpen } from "./PanelSection";

/** Whether the engagement view is open: the panel widens so its table has room. */
export const engagementOpen = new Signal<boolean>(false);

const COLUMNS: { key: SortKey; label: MessageKey; numeric?: boolean }[] = [
  { key: "name", label: "engagement.name" },
  { key: "presence", label: "engagement.where" },
  { key: "notes", label: "engagement.notes", numeric: true },
  { key: "votes", label: "engagement.votes", numeric: true },
  { key: "reactions", label: "engagement.reactions", numeric: true },
  { key: "lastActivity", label: "engagement.lastActivity" },
];

/** Live per-person participation, split in the room / online (facilitators only): totals
 * per group, and a table of everyone that sorts by any column and scrolls inside itself. */
export function EngagementPanel({ api, onError }: { api: FacilitationApi; onError: (message: string) => void }) {
  const [open, toggle] = useSectionOpen("engagement", false);
  const [data, setData] = useState<Engagement | null>(null);
  const [order, setOrder] = useState<SortOrder>(DEFAULT_SORT);

  useEffect(() => {
    engagementOpen.set(open);
    if (!open) return;
    let stopped = false;
    const load = (): void => {
      api.get<Engagement>("engagement").then(
        (result) => !stopped && setData(result),
        (e: Error) => onError(e.message),
      );
    };
    load();
    const id = setInterval(load, 3000);
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, [api, open, onError]);

  const now = Date.now();
  const silent = data ? [...data.groups.in_room.silent, ...data.groups.online.silent, ...data.groups.other.silent] : [];
  return (
    <PanelSection id="engagement" title={t("engagement.title")} status={data ? t("engagement.people", { count: data.people.length }) : undefined} open={open} onToggle={toggle}>
      {!data && <p>{t("common.loading")}</p>}
      {data && (
        <div data-testid="engagement">
          <table className="indaba-engagement__totals">
            <caption className="indaba-visually-hidden">{t("engagement.totals")}</caption>
            <tbody>
              {(["in_room", "online"] as const).map((key) => (
                <tr key={key} data-testid={`engagement-${key}`}>
                  <th scope="row">{presenceLabel(key)}</th>
                  <td>{t("engagement.people", { count: data.groups[key].people })}</td>
                  <td>{t("notes.count", { count: data.groups[key].notes })}</td>
                  <td>{t("votes.count", { count: data.groups[key].votes })}</td>
                  <td>{t("engagement.reactionCount", { count: data.groups[key].reactions })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="indaba-engagement__scroll" tabIndex={0} aria-label={t("engagement.scrolls")}>
            <table className="indaba-engagement__table">
              <caption className="indaba-visually-hidden">{t("engagement.tableCaption")}</caption>
              <thead>
                <tr>
                  {COLUMNS.map((column) => {
                    const sorted = order.key === column.key;
                    return (
                      <th key={column.key} scope="col" aria-sort={sorted ? (order.descending ? "descending" : "ascending") : "none"} className={column.numeric ? "num" : undefined}>
                        <button type="button" className="indaba-sort" onClick={() => setOrder(nextSort(order, column.key))}>
                          {t(column.label)}
                          <span aria-hidden="true">{sorted ? (order.descending ? " ▼" : " ▲") : ""}</span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {sortPeople(data.people, order).map((p) => (
                  <tr key={p.id} data-person={p.name}>
                    <th scope="row">
                      {p.name}
                      {p.contributed ? "" : ` ${t("engagement.notYet")}`}
                    </th>
                    <td>{presenceLabel(p.presence)}</td>
                    <td className="num">{p.notes}</td>
                    <td className="num">{p.votes}</td>
                    <td className="num">{p.reactions}</td>
                    <td>{ago(p.lastActivity, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p data-testid="engagement-silent">
            {t("engagement.silent", { count: silent.length, names: silent.join(", ") || t("engagement.everyone") })}
          </p>
        </div>
      )}
    </PanelSection>
  );
}
