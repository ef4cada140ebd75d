"""Board pages and the board's HTTP endpoints (images, export)."""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from indaba.audit import services as audit
from indaba.boards import hooks, page_tokens, services, tokens
from indaba.boards.assets import BOARD_ENTRY, FrontendNotBuilt, entry_assets
from indaba.boards.images import ImageRejected
from indaba.boards.models import Board, BoardAccessToken, BoardRole
from indaba.boards.permissions import BoardAccess, board_access, cookie_name
from indaba.common.addresses import public_base, sync_base
from indaba.common.origin import cookie_or_bearer

PHONE_ENTRY = "src/phone/main.tsx"
PALETTE = ("#c2255c", "#1971c2", "#2f9e44", "#e8590c", "#6741d9", "#0c8599", "#5c940d")


def _user_color(name: str) -> str:
    return PALETTE[sum(name.encode("utf-8")) % len(PALETTE)]


def _page_token(request: HttpRequest, board: Board, access: BoardAccess) -> str:
    """The token the page's socket uses: the one presented, or one minted for the account.
    A minted one is reused only by the browser session it was given to, and ends when
    that session signs out (page_tokens.py)."""
    if access.grant is not None:
        return tokens.sign(access.grant)
    soon = timezone.now() + timedelta(hours=1)
    grant = (
        BoardAccessToken.objects.filter(
            pk__in=page_tokens.remembered(request),
            board=board, user_id=int(request.user.pk or 0), role=access.role,
            revoked_at__isnull=True,
            expires_at__gt=soon,
        ).order_by("-expires_at").first()
    )
    if grant is None:
        _, grant = tokens.issue_token(board, access.role, access.name, 12 * 3600,
                                      user_id=request.user.pk)
    page_tokens.remember(request, grant)
    return tokens.sign(grant)


def _open_page(request: HttpRequest, board: Board,
               url: str) -> BoardAccess | HttpResponseBase:
    """The access rules every board page shares: a token link is moved into the board's
    cookie (redirecting to `url`), no access sends to sign-in or says why. Returns the
    access, or the response to send instead of the page."""
    access = board_access(request, board)
    if access is None:
        presented = request.GET.get("token") or request.COOKIES.get(cookie_name(board.id))
        if presented:
            return render(request, "boards/denied.html",
                          {"board": board, "offer": _rejoin_offer(presented, board)},
                          status=403)
        if getattr(request.user, "is_authenticated", False):
            # Signing in again would not help (an executive, or a community's outsider).
            raise PermissionDenied(gettext("you do not have access to this board"))
        return redirect_to_login(request.get_full_path())
    if "token" in request.GET:
        # Keep the token out of the address bar, history and Referer: move it to a cookie.
        response: HttpResponseBase = redirect(url)
        response.set_cookie(
            cookie_name(board.id), request.GET["token"], max_age=int(
                settings.INDABA_LIMITS["guest_token_seconds"]),
            path=board.get_absolute_url(), httponly=True, samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    return access


def _rejoin_offer(token: str, board: Board) -> object:
    """Why a once-valid token no longer opens the board, and the code to rejoin with when
    the facilitator offered it (sessions decide, through boards/hooks.py; None for a board
    outside sessions)."""
    grant = tokens.identify(token, board.id)
    return hooks.rejoin_offer(grant) if grant is not None else None


def _page_config(request: HttpRequest, board: Board, access: BoardAccess) -> dict[str, object]:
    """The page config (`indaba-board-config`) of the board page and the phone page."""
    config: dict[str, object] = {
        "boardId": board.id,
        "title": board.title,
        "syncUrl": sync_base(request),
        "token": _page_token(request, board, access),
        "role": access.role,
        "user": {"name": access.name, "color": _user_color(access.name)},
        "imageUploadUrl": f"{board.get_absolute_url()}/images",
        "exportUrl": f"{board.get_absolute_url()}/export?format=excalidraw",
        "homeUrl": public_base(request) + "/",
        "rejoinUrl": f"{board.get_absolute_url()}/rejoin",
        # The workshop layer's messages follow the language this page is rendered in.
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    # The page token's id (not the secret) names this person in facilitation records.
    config["participantId"] = tokens.resolve(str(config["token"])).id
    config.update(hooks.page_config(request, board, str(config["participantId"])))
    return config


def _render_page(request: HttpRequest, board_id: str, *, phone: bool) -> HttpResponseBase:
    board = get_object_or_404(Board, pk=board_id)
    url = board.get_absolute_url() + ("/phone" if phone else "")
    access = _open_page(request, board, url)
    if not isinstance(access, BoardAccess):
        return access
    try:
        assets = entry_assets(PHONE_ENTRY if phone else BOARD_ENTRY)
    except FrontendNotBuilt as exc:
        return render(request, "boards/not_built.html", {"problem": str(exc)}, status=503)
    hooks.board_opened(board)  # e.g. a session's start version, if due (history.md)
    config = _page_config(request, board, access)
    if phone:
        config["boardUrl"] = board.get_absolute_url()
    return render(request, "boards/phone.html" if phone else "boards/board.html",
                  {"board": board, "config": config, "assets": assets, "access": access})


@never_cache
def board_page(request: HttpRequest, board_id: str) -> HttpResponseBase:
    return _render_page(request, board_id, phone=False)


@never_cache
def phone_page(request: HttpRequest, board_id: str) -> HttpResponseBase:
    """The light page for people in the room: notes, votes, reactions, the timer."""
    return _render_page(request, board_id, phone=True)


@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
@require_http_methods(["POST"])
def upload_image(request: HttpRequest, board_id: str) -> JsonResponse:
    board = get_object_or_404(Board, pk=board_id)
    access = board_access(request, board)
    if access is None:
        return JsonResponse({"error": gettext("you do not have access to this board")}, status=403)
    if access.role != BoardRole.EDITOR:
        return JsonResponse({"error": gettext("viewers cannot add images")}, status=403)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": gettext('send the image as the multipart field "file"')},
                            status=400)
    limit = settings.INDABA_LIMITS["max_image_bytes"]
    if upload.size is not None and upload.size > limit:
        return JsonResponse({"error": gettext("the image is larger than %(most)d MB")
                                      % {"most": limit // 1048576}},
                            status=413)
    try:
        image_id, mime = services.add_image(board, upload.read())
    except ImageRejected as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse(
        {"id": image_id, "url": services.image_url(board.id, image_id), "mimeType": mime},
        status=201,
    )


def image(request: HttpRequest, board_id: str, image_id: str) -> HttpResponseBase:
    board = get_object_or_404(Board, pk=board_id)
    if board_access(request, board) is None:
        return JsonResponse({"error": gettext("you do not have access to this board")}, status=403)
    if not services.board_has_image(board.id, image_id):
        raise Http404("no such image on this board")
    store = services.image_store()
    try:
        path = store.path_for(image_id)
        _, mime = store.load(image_id)
    except (KeyError, FileNotFoundError):
        raise Http404("no such image") from None
    response = FileResponse(path.open("rb"), content_type=mime)
    # Content-addressed: the bytes behind this URL never change.
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    response["Content-Disposition"] = "inline"
    return response


@never_cache
def export(request: HttpRequest, board_id: str) -> HttpResponse:
    board = get_object_or_404(Board, pk=board_id)
    access = board_access(request, board)
    if access is None:
        return JsonResponse({"error": gettext("you do not have access to this board")}, status=403)
    fmt = request.GET.get("format", "excalidraw")
    if fmt == "json":
        data = services.export_json(board)
        filename = f"{board.id}.json"
    elif fmt == "excalidraw":
        data = services.export_excalidraw(board)
        filename = f"{board.id}.excalidraw"
    else:
        return JsonResponse({"error": gettext("format must be 'excalidraw' or 'json'")}, status=400)
    audit.record("boards.export", obj=("board", board.id), payload={"format": fmt},
                 actor=f"token:{access.grant.id}" if access.grant is not None else None)
    response = HttpResponse(json.dumps(data, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
