"""Who may reach the chat: sign-in when it listens beyond this machine, and only the uploads
the app reads.

The chat takes documents (.txt .md .docx .pdf) in its documents panel, so Gradio's upload
route accepts files of those types only (415 otherwise) up to the largest reader limit (413
beyond); each type's own limit is checked again when the file is added. A host that is not a
loopback address is refused unless a user and password are given (Gradio's own sign-in page
then guards every route, the upload route included).
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from qa.errors import QAError

AUTH_ENV = "QA_AUTH"
MAX_UPLOAD = 100 * 1024 * 1024  # bytes: the largest reader limit (PDF); per type: check_upload


UPLOADS = ".txt .md .docx .pdf documents only"


class ServeRefused(QAError):
    """The chat would be reachable by anyone: the message says how to add a password."""


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    h = host.strip().strip("[]").lower()
    if h in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False  # a name or "" / 0.0.0.0: treat as reachable from outside


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """`user:password` (from --auth, else the QA_AUTH environment variable), or None."""
    value = value or os.environ.get(AUTH_ENV) or None
    if value is None:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise ServeRefused(
            "--auth (or QA_AUTH) must be user:password with both parts non-empty "
            "(prefer QA_AUTH: a command line is visible to other users of the machine)"
        )
    return user.strip(), password


def check_exposure(host: str, auth: tuple[str, str] | None) -> str:
    """The line to print at start, or ServeRefused when the chat would be open to anyone."""
    if auth is not None:
        return f"Sign-in required (user {auth[0]!r}); uploads: {UPLOADS}."
    if is_loopback(host):
        return f"Listening on this machine only; uploads: {UPLOADS}."
    raise ServeRefused(
        f"--host {host} is reachable from other machines: add --auth user:password "
        f"(or set {AUTH_ENV}=user:password) so that only people who sign in can use the chat"
    )


def _reject(status: int, text: str):
    body = text.encode("utf-8")

    async def respond(send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return respond


def _upload_names(content_type: bytes, body) -> list[str] | None:
    """The file names of a multipart upload (python-multipart's streaming parser), or None
    when the body is not multipart."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        return None
    names: list[str] = []
    field: list[bytes] = []
    value: list[bytes] = []

    def on_header_end() -> None:
        if b"".join(field).lower() == b"content-disposition":
            _, opts = parse_options_header(b"".join(value))
            if b"filename" in opts:
                names.append(opts[b"filename"].decode("utf-8", "replace"))
        field.clear()
        value.clear()

    parser = MultipartParser(
        boundary,
        {
            "on_header_field": lambda d, s, e: field.append(d[s:e]),
            "on_header_value": lambda d, s, e: value.append(d[s:e]),
            "on_header_end": on_header_end,
        },
    )
    body.seek(0)
    while chunk := body.read(1 << 16):
        parser.write(chunk)
    return names


class UploadLimits:
    """ASGI middleware: a POST to an `.../upload` route is read (spooled to disk past 1 MB, at
    most MAX_UPLOAD bytes: 413 beyond) and passed on only when every file in it has a type the
    app reads (415 otherwise); the per-type size limits are checked again when a file is added
    (qa/readers check_upload). Every other request passes untouched."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if not (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and scope.get("path", "").rstrip("/").rsplit("/", 1)[-1] == "upload"
        ):
            await self.app(scope, receive, send)
            return
        import tempfile

        from qa.readers import SUFFIXES

        headers = dict(scope.get("headers") or [])
        with tempfile.SpooledTemporaryFile(max_size=1 << 20) as body:
            size = 0
            while True:
                msg = await receive()
                if msg["type"] == "http.disconnect":
                    return
                size += len(msg.get("body", b""))
                if size > MAX_UPLOAD + (1 << 16):  # the multipart framing is small
                    await _reject(413, f"Uploads are limited to {MAX_UPLOAD:,} bytes.")(send)
                    return
                body.write(msg.get("body", b""))
                if not msg.get("more_body"):
                    break
            try:
                names = _upload_names(headers.get(b"content-type", b""), body)
            except Exception:
                names = None
            if not names:
                await _reject(400, "Expected files in a multipart/form-data upload.")(send)
                return
            bad = [n for n in names if Path(n).suffix.lower() not in SUFFIXES]
            if bad:
                await _reject(
                    415,
                    f"Not a supported type: {', '.join(bad)[:200]} (supported: {' '.join(SUFFIXES)})",
                )(send)
                return
            body.seek(0)
            chunks = []
            while chunk := body.read(1 << 16):
                chunks.append(chunk)
        it = iter(chunks)

        async def replay():
            chunk = next(it, None)
            if chunk is None:
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        await self.app(scope, replay, send)


def launch_options(host: str, auth: tuple[str, str] | None) -> dict:
    """Keyword arguments for `Blocks.launch` that enforce the above."""
    from starlette.middleware import Middleware

    opts: dict = {
        "max_file_size": MAX_UPLOAD,
        "app_kwargs": {"middleware": [Middleware(UploadLimits)]},
    }
    if auth is not None:
        opts["auth"] = auth
        opts["auth_message"] = "政策文件问答：请登录 / Policy document Q&A: please sign in"
    return opts
