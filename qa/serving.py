"""Who may reach the chat: sign-in when it listens beyond this machine, and no file uploads.

The chat takes typed questions only, so Gradio's upload route is closed (HTTP 403) and its
file size limit set to zero; a host that is not a loopback address is refused unless a
user and password are given (Gradio's own sign-in page then guards every route).
"""

from __future__ import annotations

import ipaddress
import os

from qa.errors import QAError

AUTH_ENV = "QA_AUTH"
MAX_FILE_SIZE = 0  # bytes: the app has no file inputs


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
        return f"Sign-in required (user {auth[0]!r}); file uploads are disabled."
    if is_loopback(host):
        return "Listening on this machine only; file uploads are disabled."
    raise ServeRefused(
        f"--host {host} is reachable from other machines: add --auth user:password "
        f"(or set {AUTH_ENV}=user:password) so that only people who sign in can use the chat"
    )


class NoUploads:
    """ASGI middleware: every POST to an `.../upload` route gets 403 before Gradio reads it."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and scope.get("path", "").rstrip("/").rsplit("/", 1)[-1] == "upload"
        ):
            body = b"This app accepts no file uploads."
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def launch_options(host: str, auth: tuple[str, str] | None) -> dict:
    """Keyword arguments for `Blocks.launch` that enforce the above."""
    from starlette.middleware import Middleware

    opts: dict = {
        "max_file_size": MAX_FILE_SIZE,
        "app_kwargs": {"middleware": [Middleware(NoUploads)]},
    }
    if auth is not None:
        opts["auth"] = auth
        opts["auth_message"] = "政策文件问答：请登录 / Policy document Q&A: please sign in"
    return opts
