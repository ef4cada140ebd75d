"""Board images: content-addressed files on disk, type-sniffed and size-checked.

Images never enter the board document; the document's `files` map holds their
id, type and URL. SVG is refused: it can carry script.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
from pathlib import Path

from django.utils.translation import gettext

from indaba.common.errors import DomainError, TooLarge, UnsupportedType

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
IMAGE_ID = re.compile(r"^[0-9a-f]{64}$")


class ImageRejected(DomainError):
    """An upload that is not an accepted image; the message is shown to the person."""


class ImageTooLarge(ImageRejected, TooLarge):
    """Over the size limit (413)."""


class ImageTypeRefused(ImageRejected, UnsupportedType):
    """Not one of the accepted image types (415)."""


class ImageQuotaExceeded(ImageRejected, TooLarge):
    """The board's images would pass INDABA_BOARD_IMAGE_QUOTA_BYTES (413)."""


def megabytes(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def check_quota(used: int, adding: int, quota: int) -> None:
    """Raise ImageQuotaExceeded when `adding` more bytes take a board past `quota`."""
    if used + adding > quota:
        raise ImageQuotaExceeded(
            gettext("this board's images may take at most %(quota)s; it holds %(used)s and "
                    "this adds %(adding)s")
            % {"quota": megabytes(quota), "used": megabytes(used), "adding": megabytes(adding)})


def sniff_type(data: bytes) -> str | None:
    for magic, mime in SIGNATURES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class ImageStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_for(self, image_id: str) -> Path:
        if not IMAGE_ID.match(image_id):
            raise KeyError(image_id)
        return self.root / image_id[:2] / image_id

    def inspect(self, data: bytes) -> tuple[str, str]:
        """(sha256 id, mime type) of an acceptable image; raises ImageRejected otherwise.
        Nothing is stored."""
        if not data:
            raise ImageRejected(gettext("the file is empty"))
        if len(data) > self.max_bytes:
            raise ImageTooLarge(
                gettext("the image is %(size)s; at most %(most)s is accepted")
                % {"size": megabytes(len(data)), "most": megabytes(self.max_bytes)})
        mime = sniff_type(data)
        if mime is None:
            raise ImageTypeRefused(
                gettext("only PNG, JPEG, GIF and WebP images can be added to a board"))
        return hashlib.sha256(data).hexdigest(), mime

    def save(self, data: bytes) -> tuple[str, str]:
        """Store the bytes; returns (sha256 id, mime type)."""
        image_id, mime = self.inspect(data)
        target = self.path_for(image_id)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        return image_id, mime

    def load(self, image_id: str) -> tuple[bytes, str]:
        path = self.path_for(image_id)
        data = path.read_bytes()
        mime = sniff_type(data) or "application/octet-stream"
        return data, mime

    def decode_data_url(self, data_url: str) -> bytes:
        """The bytes of a base64 data: URL, bounded before decoding."""
        # base64 is 4 characters per 3 bytes; a longer URL cannot hold an acceptable image.
        if len(data_url) > self.max_bytes * 4 // 3 + 256:
            raise ImageTooLarge(gettext("an image is larger than %(most)s")
                                % {"most": megabytes(self.max_bytes)})
        match = re.match(r"^data:([\w/+.-]+);base64,(.*)$", data_url, re.DOTALL)
        if match is None:
            raise ImageRejected(gettext("image is not a base64 data: URL"))
        try:
            return base64.b64decode(match.group(2), validate=False)
        except ValueError as exc:
            raise ImageRejected(gettext("image data is not valid base64: %(why)s")
                                % {"why": exc}) from None

    def save_data_url(self, data_url: str) -> tuple[str, str]:
        return self.save(self.decode_data_url(data_url))

    def data_url(self, image_id: str) -> str:
        data, mime = self.load(image_id)
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
