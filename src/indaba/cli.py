"""The `indaba` command: serve, manage boards, inspect settings.

Every command takes --data-dir (default ./indaba-data or INDABA_DATA_DIR), so
a board created here is served by a server running on the same directory.

Commands import Indaba's Django modules inside their functions on purpose: the data
directory option must set the environment, and `setup_django()` must run, before any
module that touches settings or models is imported.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from indaba.audit import context as audit_context  # standard library only
from indaba.sync.auth import Role  # plain enum: safe before Django is set up

F = TypeVar("F", bound=Callable[..., Any])


def _set_data_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        os.environ["INDABA_DATA_DIR"] = str(Path(value).expanduser().resolve())
    return value


def data_dir_option(fn: F) -> F:
    return click.option(
        "--data-dir", type=click.Path(file_okay=False), callback=_set_data_dir,
        expose_value=False, is_eager=True, envvar="INDABA_DATA_DIR",
        help="Data directory (default ./indaba-data).",
    )(fn)


def setup_django(migrate: bool = True) -> None:
    """Configure Django for the chosen data directory and bring its schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    import django
    from django.core.management import call_command

    from indaba import config
    from indaba.common import datadir

    try:
        # Before anything is written there: the secret key is made by the settings.
        fixed = datadir.secure(config.data_dir())
        django.setup()
    except config.ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    datadir.report(config.data_dir(), fixed)
    if migrate:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        call_command("migrate", interactive=False, verbosity=0)
        if plan:  # the schema changed: an operator action like any other
            _audit("operator.migrate", None,
                   {"applied": [f"{m.app_label}.{m.name}" for m, _ in plan]})


def _board(board_id: str) -> Any:
    from indaba.boards.models import Board

    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        raise click.ClickException(f"no board with id {board_id!r}")
    return board


@click.group()
@data_dir_option
@click.version_option(package_name="indaba")
def main() -> None:
    """Indaba: live boards and knowledge for hybrid Communities of Practice."""
    # Audit entries recorded by any command name the operator's command line as the actor.
    audit_context.set_actor("cli")


def _audit(action: str, obj: tuple[str, object] | None = None,
           payload: dict[str, Any] | None = None) -> None:
    from indaba.audit import services as audit

    audit.record(action, obj=obj, payload=payload)


@main.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes on the one port (default INDABA_WORKERS, 1); "
                   "above 1 needs INDABA_REDIS_URL.")
def serve(host: str, port: int, log_level: str, workers: int | None) -> None:
    """Serve the web app and the board sync endpoint (one process, or --workers of them)."""
    from indaba import config

    try:
        workers = workers or int(config.get("WORKERS"))
        redis_url = str(config.get("REDIS_URL"))
        routing = config.get("WORKER_ROUTING") == "board"
    except config.ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if workers > 1 and not redis_url:
        # Each worker holds its own live copy of a board; without Redis a client on one
        # worker would never see what a client on another wrote (docs/operations.md).
        raise click.ClickException(
            f"--workers {workers} needs INDABA_REDIS_URL: each worker process is a node of "
            "its own and the workers pass board updates and presence to each other through "
            "Redis. Set INDABA_REDIS_URL (e.g. redis://127.0.0.1:6379/0) or run one worker.")
    setup_django()
    import uvicorn

    from indaba.web.logs import uvicorn_log_config

    click.echo(f"Indaba serving {config.data_dir()} on http://{host}:{port}/"
               + (f" with {workers} worker processes" if workers > 1 else ""), err=True)
    access_log: bool = config.get("ACCESS_LOG")
    trusted = [a.strip() for a in config.get("TRUSTED_PROXIES").split(",") if a.strip()]
    options: dict[str, Any] = dict(
        factory=True, host=host, port=port, lifespan="on", log_level=log_level,
        # Every uvicorn handler masks tokens (its WebSocket handshake lines at INFO too);
        # the access log is the operator's choice (docs/operations.md, Logs).
        log_config=uvicorn_log_config(access_log), access_log=access_log,
        # X-Forwarded-Proto/For are believed only from these proxies.
        proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None,
        # Per-message deflate stalls stock clients under load (architecture.md).
        ws_per_message_deflate=False,
        ws_max_size=2 * int(config.get("MAX_MESSAGE_BYTES")),
        ws_ping_interval=20.0, ws_ping_timeout=20.0,
        timeout_graceful_shutdown=10,
    )
    if workers == 1:
        uvicorn.run("indaba.asgi:build_application", **options)
        return
    from indaba.web import workers as several

    # Each worker a node of its own, on a listening socket of its own (web/workers.py).
    # With routing, a board's WebSockets are handed to the worker owning the board
    # (web/handover.py).
    several.serve(uvicorn.Config("indaba.asgi:build_application", workers=workers, **options),
                  routing=routing)


@main.command()
@data_dir_option
def migrate() -> None:
    """Create or upgrade the database schema."""
    setup_django()
    click.echo("database is up to date", err=True)


@main.group()
def board() -> None:
    """Create, share, export and import boards."""


def _base_url() -> str:
    from indaba.common.addresses import public_base

    return public_base()


@board.command("create")
@data_dir_option
@click.option("--title", required=True, help="The board's title.")
def board_create(title: str) -> None:
    """Create an empty board; prints JSON with its id and url."""
    setup_django()
    from indaba.boards import services

    try:
        created = services.create_board(title)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _audit("operator.board_create", ("board", created.id), {"title": created.title})
    click.echo(json.dumps({"id": created.id, "title": created.title,
                           "url": _base_url() + created.get_absolute_url()}))


@board.command("list")
@data_dir_option
def board_list() -> None:
    """List boards as JSON lines."""
    setup_django()
    from indaba.boards.models import Board

    for item in Board.objects.all():
        click.echo(json.dumps({"id": item.id, "title": item.title,
                               "created_at": item.created_at.isoformat()}))


@board.command("token")
@data_dir_option
@click.argument("board_id")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.EDITOR.value,
              show_default=True)
@click.option("--name", "names", multiple=True,
              help="Display name on the board (default Guest); repeat it for one token per "
                   "name, printed one per line in the same order.")
@click.option("--expires", type=click.IntRange(min=1), default=None,
              help="Lifetime in seconds (default INDABA_GUEST_TOKEN_SECONDS).")
def board_token(board_id: str, role: str, names: tuple[str, ...], expires: int | None) -> None:
    """Print a signed access token for a board, alone on standard output."""
    setup_django()
    from indaba import config
    from indaba.boards import tokens

    lifetime = expires if expires is not None else config.get("GUEST_TOKEN_SECONDS")
    from django.db import transaction

    board = _board(board_id)
    issued = []
    try:
        with transaction.atomic():  # all the names' tokens, or none (one bad name)
            for name in names or ("Guest",):
                issued.append(tokens.issue_token(board, role, name, lifetime)[0])
    except tokens.TokenError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(issued))


@board.command("revoke")
@data_dir_option
@click.argument("token")
def board_revoke(token: str) -> None:
    """Revoke an access token; live connections using it are closed."""
    setup_django()
    from indaba.boards import tokens
    from indaba.sync.auth import AccessDenied

    try:
        grant = tokens.resolve(token)
    except AccessDenied as exc:
        raise click.ClickException(exc.reason) from None
    tokens.revoke(grant)
    click.echo(f"revoked {grant.id}", err=True)


@board.command("export")
@data_dir_option
@click.argument("board_id")
@click.option("--format", "fmt", type=click.Choice(["json", "excalidraw"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def board_export(board_id: str, fmt: str, output: str | None) -> None:
    """Export a board as JSON (elements included) or as an .excalidraw file."""
    setup_django()
    from indaba.boards import services

    item = _board(board_id)
    data = services.export_json(item) if fmt == "json" else services.export_excalidraw(item)
    _audit("boards.export", ("board", item.id), {"format": fmt, "via": "cli"})
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@board.command("import")
@data_dir_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", default=None, help="Board title (default: the file name).")
def board_import(file: str, title: str | None) -> None:
    """Create a board from an .excalidraw file; prints JSON with its id and url."""
    setup_django()
    from indaba import config
    from indaba.boards import document, services

    path = Path(file)
    limit = int(config.get("MAX_IMPORT_BYTES"))
    if path.stat().st_size > limit:  # refused before the file is read into memory
        raise click.ClickException(
            f"{path}: the file is {path.stat().st_size / 1048576:.1f} MB; at most "
            f"{limit / 1048576:.1f} MB can be imported (INDABA_MAX_IMPORT_BYTES)")
    try:
        created = services.import_excalidraw(path.read_bytes(), title or path.stem)
    except (document.DocumentError, ValueError) as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    _audit("operator.board_import", ("board", created.id),
           {"title": created.title, "file": path.name})
    click.echo(json.dumps({"id": created.id, "title": created.title,
                           "url": _base_url() + created.get_absolute_url()}))


@board.command("repair")
@data_dir_option
@click.argument("board_id")
@click.option("--apply", is_flag=True,
              help="Remove the offending keys (without it, only list them).")
def board_repair(board_id: str, apply: bool) -> None:
    """List (or with --apply remove) values a board should never hold: nested deeper than
    INDABA_MAX_VALUE_DEPTH, or workshop state written by a browser. Everything else stays.
    Stop the server first (an open board is kept in memory). Prints JSON."""
    setup_django()
    from indaba.boards import services

    _board(board_id)
    offences = services.repair_board(board_id, apply)
    current = [o.as_json() for o in offences if o.current]
    if apply and current:
        _audit("operator.board_repair", ("board", board_id), {"removed": len(current)})
    click.echo(json.dumps({
        "board": board_id,
        "offending": current,
        # Replaced or deleted values: gone from the stored board once it is rewritten.
        "history": [o.as_json() for o in offences if not o.current],
        "removed": current if apply else [],
    }, ensure_ascii=False, indent=2))
    if offences and not apply:
        click.echo(f"{len(current)} offending key(s); run again with --apply to remove them",
                   err=True)


@board.command("history")
@data_dir_option
@click.argument("board_id")
def board_history(board_id: str) -> None:
    """List a board's versions, newest first, as JSON."""
    setup_django()
    from indaba.boards import history

    versions = history.listing(_board(board_id))
    click.echo(json.dumps([{"version": v["version"], "at": v["at"], "reason": v["reason"],
                            "name": v["name"], "who": v["who"], "elements": v["elements"]}
                           for v in versions], ensure_ascii=False, indent=2))


@board.command("snapshot")
@data_dir_option
@click.argument("board_id")
@click.option("--name", required=True, help="The version's name.")
def board_snapshot(board_id: str, name: str) -> None:
    """Save the board as it is now as a named version; prints it as JSON."""
    setup_django()
    from indaba.boards import history
    from indaba.common.errors import DomainError

    try:
        made = history.named_version(_board(board_id), name, "command line")
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(history.as_json(made), ensure_ascii=False))


@board.command("restore")
@data_dir_option
@click.argument("board_id")
@click.argument("version", type=int)
def board_restore(board_id: str, version: int) -> None:
    """Bring a version back as a new change (a "before restore" version is saved first, so
    restoring that one undoes it). Without a server in this process the change goes to the
    store and, with INDABA_REDIS_URL set, reaches the servers that have the board open at
    once (else they see it when they next load it). Prints JSON."""
    setup_django()
    from indaba.boards import history
    from indaba.common.errors import DomainError

    try:
        done = history.restore(_board(board_id), version, actor_name="command line")
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps({"board": board_id, "restored": version,
                           "beforeRestore": done.before.number, "version": done.after.number,
                           "elements": done.after.element_count}))


@board.command("history-thin")
@data_dir_option
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Thin automatic versions older than this (default INDABA_HISTORY_KEEP_DAYS).")
def board_history_thin(days: int | None) -> None:
    """Retention: thin automatic versions older than N days to one per board and hour
    (named, before-restore and restore versions are kept). Prints JSON."""
    setup_django()
    from indaba.boards import history, tombstones

    deleted = history.thin(keep_days=days)
    dropped = tombstones.compact(keep_days=days)
    click.echo(json.dumps({"deleted": deleted,
                           "tombstonesDropped": sum(len(v) for v in dropped.values())}))


@board.command("compact-tombstones")
@data_dir_option
@click.option("--board", "board_id", default=None, help="Only this board (default: all).")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Drop deletions older than this (default INDABA_HISTORY_KEEP_DAYS).")
@click.option("--dry-run", is_flag=True, help="List what would be dropped; change nothing.")
def board_compact_tombstones(board_id: str | None, days: int | None, dry_run: bool) -> None:
    """Drop deleted elements whose deletion is older than the history retention, so deleted
    elements do not grow a board forever (docs/board-document.md). `board history-thin`
    runs this too. Prints JSON: the dropped element ids by board."""
    setup_django()
    from indaba.boards import tombstones

    boards = [_board(board_id).pk] if board_id else None
    dropped = tombstones.compact(boards, keep_days=days, dry_run=dry_run)
    click.echo(json.dumps({"dryRun": dry_run, "boards": dropped,
                           "dropped": sum(len(v) for v in dropped.values())}))

@main.group()
def knowledge() -> None:
    """Harvest, search and export knowledge items (as the operator: every community)."""


@knowledge.command("harvest")
@data_dir_option
@click.argument("board_id")
@click.option("--element", "elements", multiple=True, required=True,
              help="A note or frame id on the board (repeat for several).")
@click.option("--title", default=None, help="The draft's title (default: from the board).")
@click.option("--kind", type=click.Choice(["lesson", "practice", "aar", "insight"]),
              default="lesson", show_default=True)
def knowledge_harvest(board_id: str, elements: tuple[str, ...], title: str | None,
                      kind: str) -> None:
    """Make a draft knowledge item from notes and frames of a session's board; prints JSON."""
    setup_django()
    from indaba.common.errors import DomainError
    from indaba.knowledge import exports
    from indaba.knowledge.harvest import Harvester, harvest

    try:
        item = harvest(_board(board_id), list(elements), Harvester(None, "command line"),
                       title=title, kind=kind)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps({"id": item.pk, "state": item.state, "title": item.title,
                           "kind": item.kind, "community": item.community.slug,
                           "url": _base_url() + item.get_absolute_url(),
                           "provenance": exports.provenance_json(item)}, ensure_ascii=False))


@knowledge.command("search")
@data_dir_option
@click.argument("query")
@click.option("--community", default=None, help="A community's slug.")
@click.option("--state", type=click.Choice(["draft", "in_review", "changes_requested",
                                            "published", "archived", "superseded"]),
              default=None)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def knowledge_search(query: str, community: str | None, state: str | None,
                     limit: int) -> None:
    """Full-text search, best first; prints a JSON list."""
    setup_django()
    from indaba.knowledge import search
    from indaba.knowledge.models import KnowledgeItem

    within = search.filtered(KnowledgeItem.objects.all(),
                             {"community": community or "", "state": state or ""})
    hits = search.search(query, within, limit)
    click.echo(json.dumps([{
        "id": h.item.pk, "title": h.item.title, "kind": h.item.kind, "state": h.item.state,
        "community": h.item.community.slug, "score": round(h.score, 6),
        "provenance": {"board": h.item.board_id, "session": h.item.session_id,
                       "elements": list(h.item.provenance.values_list("element_id",
                                                                      flat=True))}}
        for h in hits], ensure_ascii=False, indent=2))


@knowledge.command("export")
@data_dir_option
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json",
              show_default=True)
def knowledge_export(fmt: str) -> None:
    """Every knowledge item, as JSON or as Markdown documents one after another."""
    setup_django()
    from indaba.knowledge import exports
    from indaba.knowledge.models import KnowledgeItem

    items = KnowledgeItem.objects.select_related("community", "session").order_by("pk")
    _audit("knowledge.exported", None, {"format": fmt, "items": items.count(), "via": "cli"})
    if fmt == "json":
        click.echo(json.dumps({"items": [exports.as_json(i) for i in items]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo("\n---\n\n".join(exports.markdown(i, show_names=True) for i in items))


@main.group()
def session() -> None:
    """Housekeeping for sessions and their join links."""


@session.command("purge-links")
@data_dir_option
def session_purge_links() -> None:
    """Delete join links that ended more than INDABA_RETAIN_JOIN_LINKS_DAYS ago; prints how
    many."""
    setup_django()
    from indaba.meetings import services

    click.echo(str(services.purge_ended_join_links()))


@main.group()
def evidence() -> None:
    """Evidence reports for executives (docs/evidence.md)."""


@evidence.command("report")
@data_dir_option
@click.option("--community", "slugs", multiple=True,
              help="A community's slug (repeat for several together).")
@click.option("--all", "every", is_flag=True, help="Every community together.")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First day of the period (YYYY-MM-DD), included.")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last day of the period (YYYY-MM-DD), included.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "csv", "json"]), required=True)
@click.option("--threshold", type=click.IntRange(min=1), default=None,
              help="Smallest count of people shown (default INDABA_EVIDENCE_MIN_CELL).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write.")
def evidence_report(slugs: tuple[str, ...], every: bool, start: Any, end: Any, fmt: str,
                    threshold: int | None, output: str) -> None:
    """Write the evidence report of a community (or several) as PDF, CSV or JSON; small
    counts of people are hidden exactly as on the dashboard."""
    if every == bool(slugs):
        raise click.UsageError("give --community SLUG (one or more) or --all")
    setup_django()
    render_pdf: Callable[[Any], bytes] | None = None
    if fmt == "pdf":
        # Imported by name: the PDF renderer is its own module (and its own dependencies).
        try:
            render_pdf = importlib.import_module("indaba.evidence.pdf").render_pdf
        except ImportError as exc:
            if getattr(exc, "name", None) == "indaba.evidence.pdf":
                raise click.ClickException("PDF needs indaba.evidence.pdf") from None
            raise click.ClickException(f"PDF needs indaba.evidence.pdf, which could not be "
                                       f"loaded: {exc}") from None
    from indaba.common.errors import DomainError
    from indaba.communities.models import Community
    from indaba.evidence import exports
    from indaba.evidence.report import build_report

    if every:
        communities = list(Community.objects.all())
        if not communities:
            raise click.ClickException("there are no communities yet")
    else:
        found = {c.slug: c for c in Community.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in found]
        if missing:
            raise click.ClickException("no community with the slug "
                                       + ", ".join(repr(s) for s in missing))
        communities = [found[s] for s in dict.fromkeys(slugs)]
    try:
        report = build_report(communities, start=start.date() if start else None,
                              end=end.date() if end else None, threshold=threshold)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        data = exports.json_bytes(report)
    elif fmt == "csv":
        data = exports.as_csv(report).encode("utf-8")
    else:
        assert render_pdf is not None
        data = render_pdf(report)
    Path(output).write_bytes(data)
    _audit("evidence.exported", None,
           {"format": fmt, "communities": list(report.communities), "via": "cli",
            "period": report.period.label, "threshold": report.threshold})
    click.echo(f"wrote {output} ({len(data)} bytes): {report.scope}, {report.period.label}",
               err=True)


@main.command()
@data_dir_option
@click.option("--base-url", default=None,
              help="Address the printed link should use (default INDABA_PUBLIC_URL or "
                   "http://127.0.0.1:8000).")
def demo(base_url: str | None) -> None:
    """Create the demo community, its people and a hybrid session with a lessons-learned
    board (once); print a one-time link that signs in as the demo facilitator and opens
    the board (it works once, within an hour; sign-out ends the session it starts).

    The link is the only line on standard output; the demo accounts and their password
    (new on every run) go to standard error.
    """
    setup_django()
    from indaba.accounts import signin_links
    from indaba.evidence.demo import ensure_history
    from indaba.knowledge.demo import ensure_knowledge_demo
    from indaba.meetings import demo as demo_content

    result = demo_content.ensure_demo()
    _audit("operator.demo", ("community", result.community.pk), {"created": result.created})

    # Review requests are mailed; without INDABA_EMAIL_HOST they are printed, and standard
    # output carries only the link.
    with contextlib.redirect_stdout(sys.stderr):
        items = ensure_knowledge_demo(result.session)
    click.echo(f"Knowledge items from the session: {len(items)}.", err=True)
    history = ensure_history(result.community)
    if history.created:
        click.echo(f"History for the evidence dashboard: {history.sessions} past sessions, "
                   f"{history.attendances} attendances, {history.items} knowledge items, "
                   f"{history.reuses} reuse records.", err=True)
    board_obj = result.session.board
    if board_obj is None:
        raise click.ClickException("the demo session has no board")
    link = signin_links.make(result.facilitator)
    base = (base_url or _base_url()).rstrip("/")
    click.echo(("Created" if result.created else "Found")
               + f" demo community {result.community.name!r} with the session "
                 f"{result.session.title!r}.", err=True)
    click.echo(f"Session page: {base}{result.session.get_absolute_url()}", err=True)
    click.echo(f"Evidence dashboard (sign in as director): "
               f"{base}/communities/{result.community.slug}/evidence/", err=True)
    click.echo("Demo accounts (sign in at " + base + "/accounts/login/), password "
               + repr(result.password) + ":", err=True)
    for username, name, _, role in demo_content.PEOPLE:
        click.echo(f"  {username:<9} {name} ({role})", err=True)
    click.echo(f"{base}/accounts/link/{link}/?next={board_obj.get_absolute_url()}")


@main.group()
def audit() -> None:
    """Verify, checkpoint, export and redact the audit trail (docs/audit.md)."""


@audit.command("verify")
@data_dir_option
@click.option("--checkpoint", "checkpoint_file", type=click.Path(dir_okay=False), default=None,
              help="A signed checkpoint to hold the log to (catches truncation).")
@click.option("--public-key", default=None,
              help="Check the checkpoint's signature with this public key (base64, from "
                   "`indaba audit public-key`) instead of the installation's key file.")
def audit_verify(checkpoint_file: str | None, public_key: str | None) -> None:
    """Check the whole chain; exit 0 and print `ok N entries` when intact, exit 1 naming
    the first bad entry otherwise."""
    setup_django()
    from indaba.audit import checkpoints
    from indaba.audit import services as audit_services

    body = None
    if checkpoint_file:
        try:
            body = checkpoints.read(Path(checkpoint_file))
        except checkpoints.CheckpointError as exc:
            click.echo(f"FAIL: {exc}")
            sys.exit(1)
    trusted = None
    if body is not None:
        try:
            trusted = (checkpoints.public_key_from_text(public_key) if public_key
                       else audit_services.trusted_key())
        except checkpoints.CheckpointError as exc:  # nothing to check the signature with
            raise click.ClickException(f"{exc}; pass --public-key") from None
    report = audit_services.verify(body, trusted)
    missing = audit_services.missing_triggers()
    if missing:
        click.echo("warning: the append-only triggers are gone (" + ", ".join(missing)
                   + "): someone with database access dropped them", err=True)
    if report.problem is not None:
        click.echo(f"FAIL at entry {report.problem.seq}: {report.problem.kind}: "
                   f"{report.problem.detail}")
        sys.exit(1)
    line = f"ok {report.entries} entries ({report.redacted} redacted)"
    if report.checkpoint is not None:
        line += f"; matches the checkpoint at entry {report.checkpoint.sequence}"
    click.echo(line)


@audit.command("public-key")
@data_dir_option
def audit_public_key() -> None:
    """Print the public half of the checkpoint signing key (base64), for auditors who check
    checkpoints without access to the key file (creates the key if there is none yet)."""
    from indaba import config
    from indaba.audit import checkpoints

    try:
        config.data_dir()
    except config.ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(checkpoints.public_key_text(checkpoints.load_key().public_key()))


@audit.command("checkpoint")
@data_dir_option
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write it here (default: the data directory's audit/checkpoint.json).")
def audit_checkpoint(out: str | None) -> None:
    """Sign the head of the log (sequence and hash), write it and record it in the log;
    prints the checkpoint as JSON."""
    setup_django()
    from indaba.audit import services as audit_services

    body = audit_services.checkpoint(Path(out) if out else None)
    click.echo(json.dumps(body, sort_keys=True))


@audit.command("export")
@data_dir_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True)
def audit_export(fmt: str) -> None:
    """Every entry with its payload, one JSON object per line on standard output."""
    setup_django()
    from indaba.audit import services as audit_services

    count = 0
    for row in audit_services.export_rows():
        click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        count += 1
    _audit("audit.export", None, {"format": fmt, "entries": count})


@audit.command("redact")
@data_dir_option
@click.argument("username")
def audit_redact(username: str) -> None:
    """Replace the personal data in the audit entries about a person (by user name) with a
    redaction marker; the chain still verifies. Prints JSON with the entries redacted."""
    setup_django()
    from django.contrib.auth import get_user_model

    from indaba.audit import services as audit_services

    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    seqs = audit_services.redact(audit_services.person_refs(user))
    click.echo(json.dumps({"user": f"user:{user.pk}", "redacted": seqs}))


def _say(prefix: str) -> Callable[[str], None]:
    """Progress lines for long work, on standard error (standard output stays the result)."""
    return lambda line: click.echo(f"{prefix}: {line}", err=True)


@main.command()
@data_dir_option
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--without-audit-key", is_flag=True,
              help="Leave the audit signing key out (keep a copy of it elsewhere): whoever "
                   "holds the key can sign checkpoints.")
def backup(directory: str, without_audit_key: bool) -> None:
    """Copy the database, uploaded images and keys of this installation, while it serves,
    into DIRECTORY (new or empty; made 0700, files 0600) with a manifest of SHA-256 sums.
    Prints the manifest's summary as JSON."""
    setup_django(migrate=False)  # a backup never changes the schema
    from indaba.operations.backup import make_backup
    from indaba.operations.manifest import BackupError

    target = Path(directory).expanduser().resolve()
    try:
        body = make_backup(target, _say("backup"), audit_key=not without_audit_key)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    _audit("operator.backup", None, {"directory": str(target), "engine": body["engine"],
                                      "files": len(body["files"])})
    click.echo(json.dumps({"directory": str(target), "engine": body["engine"],
                           "created_at": body["created_at"], "files": len(body["files"]),
                           "migrations": len(body["migrations"])}))


@main.command()
@data_dir_option
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True,
              help="Restore even though the data directory or database already holds data "
                   "(it is replaced).")
def restore(directory: str, force: bool) -> None:
    """Restore a backup made by `indaba backup` into this (new, empty) data directory and
    database: checks every file's SHA-256 first, then restores, brings the schema up to
    date and verifies the audit trail (exit 1 if it does not hold)."""
    from indaba.common import datadir
    from indaba.operations.manifest import BackupError
    from indaba.operations.restore import restore_backup

    say = _say("restore")
    os.umask(datadir.PRIVATE_UMASK)
    source = Path(directory).expanduser().resolve()
    try:
        body = restore_backup(source, force, say)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    setup_django()  # migrates a backup made before the newest migrations
    from django.db.migrations.recorder import MigrationRecorder

    from indaba import config
    from indaba.audit import checkpoints
    from indaba.audit import services as audit_services

    applied = [f"{app}.{name}" for app, name in
               MigrationRecorder.Migration.objects.order_by("id").values_list("app", "name")]
    newer = [name for name in applied if name not in set(body["migrations"])]
    say(f"migrations: {len(newer)} applied since the backup was made"
        + (f" ({', '.join(newer)})" if newer else ""))
    checkpoint = None
    checkpoint_file = config.data_dir() / "audit" / "checkpoint.json"
    if checkpoint_file.is_file() and checkpoints.key_path().is_file():
        try:
            checkpoint = checkpoints.read(checkpoint_file)
        except checkpoints.CheckpointError as exc:
            raise click.ClickException(str(exc)) from None
    elif checkpoint_file.is_file():
        say("audit trail: no signing key here (backed up --without-audit-key?): the chain "
            "is checked without its checkpoint; put the key in place and run "
            "`indaba audit verify --checkpoint`")
    report = audit_services.verify(checkpoint,
                                   audit_services.trusted_key() if checkpoint else None)
    if report.problem is not None:
        click.echo(f"restore: audit trail FAILS at entry {report.problem.seq}: "
                   f"{report.problem.kind}: {report.problem.detail}", err=True)
        sys.exit(1)
    say(f"audit trail: ok, {report.entries} entries"
        + (f"; matches the checkpoint at entry {report.checkpoint.sequence}"
           if report.checkpoint is not None else ""))
    _audit("operator.restore", None, {"directory": str(source), "engine": body["engine"],
                                       "created_at": body["created_at"],
                                       "migrations_applied": newer})
    click.echo(json.dumps({"restored": str(source), "engine": body["engine"],
                           "created_at": body["created_at"], "files": len(body["files"]),
                           "migrations_applied": newer, "audit_entries": report.entries}))


@main.group()
def retention() -> None:
    """Apply the retention policy (docs/privacy.md); `indaba serve` also runs it daily."""


@retention.command("run")
@data_dir_option
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
def retention_run(dry_run: bool) -> None:
    """Remove or make anonymous the records older than their retention period; prints per
    record type its period (days, 0 = kept) and how many records it removed or changed."""
    setup_django()
    from indaba.privacy import retention as policy

    report = policy.run(dry_run=dry_run)
    click.echo(json.dumps({"dry_run": dry_run, "records": report}, indent=2))


@main.group()
def person() -> None:
    """Everything held about one person: export it, or erase them (docs/privacy.md)."""


def _person(who: str) -> Any:
    from indaba.common.errors import DomainError
    from indaba.privacy import person as people

    try:
        return people.find(who)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None


@person.command("export")
@data_dir_option
@click.argument("who", metavar="EMAIL|USERNAME")
def person_export(who: str) -> None:
    """Print everything held about a person as one JSON document (its shape is in
    docs/privacy.md)."""
    setup_django()
    from indaba.privacy import person as people

    found = _person(who)
    data = people.export(found)
    _audit("privacy.person_exported", ("user", found.user.pk) if found.user else None,
           {"sections": sum(1 for v in data.values() if v)})
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@person.command("erase")
@data_dir_option
@click.argument("who", metavar="EMAIL|USERNAME")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def person_erase(who: str, yes: bool) -> None:
    """Replace a person's names and contact details by a pseudonym, deactivate the account,
    keep their contributions anonymously and redact the audit entries about them. Stop the
    server first: boards it holds open would not see their notes renamed. Prints JSON."""
    setup_django()
    from indaba.privacy import erase as eraser

    found = _person(who)
    if not yes:
        click.confirm(f"Erase {who!r}? This cannot be undone", abort=True)
    click.echo(json.dumps(eraser.erase(found).as_json(), indent=2))


@main.command("settings")
@click.option("--check-docs", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Fail if a setting is missing from this Markdown file.")
def settings_cmd(check_docs: str | None) -> None:
    """List every setting with its environment variable, default and meaning."""
    from indaba import config

    missing = []
    text = Path(check_docs).read_text() if check_docs else ""
    for setting in config.SETTINGS:
        click.echo(f"{setting.env_var}={setting.default!s}\n    {setting.help}")
        if check_docs and setting.env_var not in text:
            missing.append(setting.env_var)
    if missing:
        raise click.ClickException(f"not documented in {check_docs}: {', '.join(missing)}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
