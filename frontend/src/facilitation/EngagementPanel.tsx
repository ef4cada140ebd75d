import { useEffect, useState } from "react";
import type { FacilitationApi } from "./api";
import { ago, type Engagement, PRESENCE_LABEL, sortPeople } from "./engagement";

/** Live per-person participation, split in the room / online (facilitators only). */
export function EngagementPanel({ api, onError }: { api: FacilitationApi; onError: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [data, setData] = useState<Engagement | null>(null);

  useEffect(() => {
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
  return (
    <section className="indaba-fac-section indaba-engagement" aria-labelledby="indaba-engagement-title">
      <h2 id="indaba-engagement-title" className="indaba-fac-title">Engagement</h2>
      <button type="button" className="indaba-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Hide engagement" : "Show engagement"}
      </button>
      {open && data && (
        <div data-testid="engagement">
          <ul className="indaba-fac-list" aria-label="Totals">
            {(["in_room", "online"] as const).map((key) => (
              <li key={key} data-testid={`engagement-${key}`}>
                {PRESENCE_LABEL[key]}: {data.groups[key].people} people, {data.groups[key].notes} notes, {data.groups[key].votes} votes, {data.groups[key].reactions} reactions
              </li>
            ))}
          </ul>
          <table className="indaba-engagement__table">
            <caption className="indaba-visually-hidden">Participation per person</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Where</th>
                <th scope="col">Notes</th>
                <th scope="col">Votes</th>
                <th scope="col">Reactions</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {sortPeople(data.people).map((p) => (
                <tr key={p.id} data-person={p.name}>
                  <th scope="row">{p.name}{p.contributed ? "" : " (not yet)"}</th>
                  <td>{PRESENCE_LABEL[p.presence]}</td>
                  <td>{p.notes}</td>
                  <td>{p.votes}</td>
                  <td>{p.reactions}</td>
                  <td>{ago(p.lastActivity, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="engagement-silent">
            Not contributed yet:{" "}
            {[...data.groups.in_room.silent, ...data.groups.online.silent, ...data.groups.other.silent].join(", ") || "everyone has contributed"}
          </p>
        </div>
      )}
    </section>
  );
}
