import { useCallback, useEffect, useState } from "react";
import type { FacilitationApi } from "../facilitation/api";
import { PanelSection, useSectionOpen } from "../facilitation/PanelSection";
import { t } from "../i18n";
import { type Diff, diffLine, describe, type Listing, type Version, when } from "./history";
import { HistoryPreview } from "./HistoryPreview";
import "./history.css";

/**
 * The board's versions, newest first: who saved each, when and why. Anyone may preview one
 * (a read-only copy that touches nobody's board) or see what changed since; facilitators
 * also save named versions and restore one (after confirming). Restoring is a new change
 * that everyone sees, and saves the board first, so it can be undone by restoring that.
 */
export function HistoryPanel({ api, canFacilitate, onError }: {
  api: FacilitationApi;
  canFacilitate: boolean;
  onError: (message: string) => void;
}) {
  const [open, toggle] = useSectionOpen("history", false);
  const [listing, setListing] = useState<Listing | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [preview, setPreview] = useState<Version | null>(null);
  const [changes, setChanges] = useState<{ version: number; diff: Diff } | null>(null);
  const [done, setDone] = useState("");

  const load = useCallback(() => {
    api.get<Listing>("").then(setListing, (e: Error) => onError(e.message));
  }, [api, onError]);

  useEffect(() => {
    if (!open) return;
    load();
    const id = setInterval(load, 15_000);
    return () => clearInterval(id);
  }, [open, load]);

  const save = (): void => {
    setBusy(true);
    api.post<Version>("snapshot", { name }).then(
      (made) => {
        setName("");
        setDone(t("history.saved", { version: String(made.version) }));
        load();
      },
      (e: Error) => onError(e.message),
    ).finally(() => setBusy(false));
  };

  const restore = (version: number): void => {
    setBusy(true);
    setConfirming(null);
    api.post<{ beforeRestore: Version; restore: Version }>("restore", { version }).then(
      (result) => {
        setDone(t("history.restored", { version: String(version), before: String(result.beforeRestore.version), what: describe(result.beforeRestore) }));
        setChanges(null);
        load();
      },
      (e: Error) => onError(e.message),
    ).finally(() => setBusy(false));
  };

  const showChanges = (version: number): void => {
    if (changes?.version === version) {
      setChanges(null);
      return;
    }
    api.get<Diff>(`diff?from=${version}`).then(
      (diff) => setChanges({ version, diff }),
      (e: Error) => onError(e.message),
    );
  };

  const versions = listing?.versions ?? [];
  const mayRestore = canFacilitate && listing?.canRestore !== false;
  return (
    <PanelSection id="history" title={t("history.title")} status={listing ? t("history.versions", { count: versions.length }) : undefined} open={open} onToggle={toggle}>
      <div className="indaba-history" data-testid="history">
        {mayRestore && (
          <form
            className="indaba-fac-controls"
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <label className="indaba-fac-field indaba-fac-field--grow">
              {t("history.name")}
              <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder={t("history.namePlaceholder")} data-testid="history-name" />
            </label>
            <button type="submit" className="indaba-button" disabled={busy || !name.trim()}>
              {t("history.saveNamed")}
            </button>
          </form>
        )}
        {done && (
          <p className="indaba-fac-hint" role="status" data-testid="history-done">
            {done}
          </p>
        )}
        {!listing && <p>{t("common.loading")}</p>}
        {listing && versions.length === 0 && <p className="indaba-fac-hint">{t("history.none")}</p>}
        <ol className="indaba-history__list">
          {versions.map((v) => (
            <li key={v.version} className="indaba-history__item" data-testid="history-item" data-version={v.version} data-reason={v.reason}>
              <div className="indaba-history__what">
                <strong>{v.version}.</strong> {describe(v)}
              </div>
              <div className="indaba-history__meta">
                {when(v.at)} · {v.who} · {t("history.elements", { count: v.elements })}
              </div>
              <div className="indaba-history__actions">
                <button type="button" className="indaba-button" onClick={() => setPreview(v)}>
                  {t("history.preview")}
                </button>
                <button type="button" className="indaba-button" aria-expanded={changes?.version === v.version} onClick={() => showChanges(v.version)}>
                  {t("history.whatChanged")}
                </button>
                {mayRestore && confirming !== v.version && (
                  <button type="button" className="indaba-button" disabled={busy} onClick={() => setConfirming(v.version)}>
                    {t("history.restore")}
                  </button>
                )}
              </div>
              {confirming === v.version && (
                <div className="indaba-history__confirm" role="group" aria-label={t("history.restoreQuestion", { version: String(v.version) })}>
                  <p>{t("history.restoreExplain", { version: String(v.version) })}</p>
                  <button type="button" className="indaba-button indaba-button--primary" disabled={busy} onClick={() => restore(v.version)}>
                    {t("history.restoreYes", { version: String(v.version) })}
                  </button>
                  <button type="button" className="indaba-button" onClick={() => setConfirming(null)}>
                    {t("common.cancel")}
                  </button>
                </div>
              )}
              {changes?.version === v.version && <Changes diff={changes.diff} />}
            </li>
          ))}
        </ol>
      </div>
      {preview && <HistoryPreview api={api} version={preview} onClose={() => setPreview(null)} onError={onError} />}
    </PanelSection>
  );
}

function Changes({ diff }: { diff: Diff }) {
  const groups: [string, typeof diff.added][] = [
    [t("history.addedSince"), diff.added],
    [t("history.removedSince"), diff.removed],
    [t("history.changedSince"), diff.changed],
  ];
  if (groups.every(([, items]) => items.length === 0)) {
    return <p className="indaba-fac-hint" data-testid="history-diff">{t("history.nothingChanged")}</p>;
  }
  return (
    <div className="indaba-history__diff" data-testid="history-diff">
      {groups.map(([title, items]) =>
        items.length ? (
          <div key={title}>
            <h3>
              {title} ({items.length})
            </h3>
            <ul>
              {items.slice(0, 50).map((item) => (
                <li key={item.id}>{diffLine(item)}</li>
              ))}
              {items.length > 50 && <li>{t("history.more", { count: items.length - 50 })}</li>}
            </ul>
          </div>
        ) : null,
      )}
    </div>
  );
}
