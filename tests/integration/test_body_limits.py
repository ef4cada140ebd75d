"""Through a real server: an oversized body is refused before it is spooled, whether it
declares its length or streams in chunks."""

from __future__ import annotations

import socket
import time

from tests.support.server import IndabaServer

LIMIT = 1024 * 1024  # INDABA_MAX_REQUEST_BYTES default


def request_head(server: IndabaServer, path: str, framing: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Content-Type: application/octet-stream\r\n{framing}\r\n\r\n").encode()


def answer(sock: socket.socket) -> bytes:
    """The whole response: the head and body may arrive in separate segments, so read
    until the server closes (it answers `connection: close`) or the body is complete."""
    sock.settimeout(10)
    reply = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), None)
        if length is not None and len(body) >= length:
            break
    return reply


def test_a_declared_200_mb_body_is_refused_without_sending_it(server: IndabaServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(request_head(server, "/accounts/login/",
                                  f"Content-Length: {200 * 1024 * 1024}"))
        started = time.monotonic()
        reply = answer(sock)  # no body byte was sent
    assert reply.startswith(b"HTTP/1.1 413")
    assert b"too large" in reply and time.monotonic() - started < 5


def test_a_chunked_200_mb_body_is_cut_off_at_the_limit(server: IndabaServer) -> None:
    chunk = b"x" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    reply = b""
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(request_head(server, "/boards/nosuchboard/facilitation/timer",
                                  "Transfer-Encoding: chunked"))
        sock.settimeout(10)
        try:
            while sent < 200 * 1024 * 1024:
                sock.sendall(frame)
                sent += len(chunk)
        except OSError:  # the server answered 413 and closed the connection
            pass
        try:
            reply = answer(sock)
        except OSError:
            reply = b""
    assert sent < 32 * LIMIT, sent  # stopped long before 200 MB (socket buffers aside)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    # The server is still well and answers the next request.
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert answer(sock).startswith(b"HTTP/1.1 200")


def test_an_image_upload_may_be_larger_than_the_default(server: IndabaServer) -> None:
    body = b"x" * (3 * LIMIT)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(request_head(server, "/boards/nosuchboard/images",
                                  f"Authorization: Bearer x\r\nContent-Length: {len(body)}")
                     + body)
        reply = answer(sock)
    assert reply.startswith(b"HTTP/1.1 404")  # reached Django: no such board
