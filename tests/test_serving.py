"""Serving safely: sign-in beyond loopback, uploads limited to documents, no exception names in the chat."""

from __future__ import annotations

import http.cookiejar
import socket
import urllib.error
import urllib.parse
import urllib.request

import pytest

from qa.cli import main
from qa.errors import BadQuestion
from qa.serving import ServeRefused, check_exposure, is_loopback, launch_options, parse_auth


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_auth_is_required_beyond_loopback(monkeypatch):
    monkeypatch.delenv("QA_AUTH", raising=False)
    assert "this machine only" in check_exposure("127.0.0.1", None)
    with pytest.raises(ServeRefused, match="--auth user:password"):
        check_exposure("0.0.0.0", None)
    assert "user 'ann'" in check_exposure("0.0.0.0", parse_auth("ann:pw:with:colons"))
    assert parse_auth("ann:pw:with:colons") == ("ann", "pw:with:colons")
    for bad in ("ann", "ann:", ":pw"):
        with pytest.raises(ServeRefused):
            parse_auth(bad)
    monkeypatch.setenv("QA_AUTH", "bob:secret")
    assert parse_auth(None) == ("bob", "secret")


def test_cli_refuses_an_open_host_before_loading_anything(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("QA_AUTH", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--index", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--auth user:password" in err
    assert not (tmp_path / "none").exists()  # refused before any index was built


def test_serve_refuses_too(fake_pipeline, monkeypatch):
    from qa.app import serve

    with pytest.raises(ServeRefused):
        serve(fake_pipeline, host="0.0.0.0")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(opener, url: str, data: bytes, ctype: str) -> int:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype})
    try:
        with opener.open(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def _upload(name: str, content: bytes) -> bytes:
    return (
        b'--XX\r\nContent-Disposition: form-data; name="files"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + b"\r\n--XX--\r\n"
    )


MULTIPART = "multipart/form-data; boundary=XX"


def test_launched_app_needs_sign_in_and_takes_only_documents(fake_pipeline, monkeypatch):
    """The launch options `serve` uses, on a real Gradio server: sign-in guards every route,
    the upload route takes only the types the app reads and at most MAX_UPLOAD bytes."""
    import qa.serving
    from qa.app import build_ui

    monkeypatch.setattr(qa.serving, "MAX_UPLOAD", 4096)  # small, to test the limit
    port = _free_port()
    demo = build_ui(fake_pipeline)
    demo.queue()
    demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        **launch_options("0.0.0.0", ("ann", "s3cret")),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        up = f"{base}/gradio_api/upload"
        anon = urllib.request.build_opener()
        with pytest.raises(urllib.error.HTTPError) as e:
            anon.open(f"{base}/config", timeout=10)
        assert e.value.code == 401
        assert _post(anon, up, _upload("a.txt", "你好".encode()), MULTIPART) == 401
        jar = http.cookiejar.CookieJar()
        user = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = urllib.parse.urlencode({"username": "ann", "password": "wrong"}).encode()
        assert _post(user, f"{base}/login", form, "application/x-www-form-urlencoded") >= 400
        form = urllib.parse.urlencode({"username": "ann", "password": "s3cret"}).encode()
        assert _post(user, f"{base}/login", form, "application/x-www-form-urlencoded") == 200
        with user.open(f"{base}/config", timeout=10) as r:
            assert r.status == 200
        # signed in: documents of the app's types only, within the size limit
        assert _post(user, up, _upload("a.txt", "你好".encode()), MULTIPART) == 200
        assert _post(user, up, _upload("Notice.DOCX", b"PK\x03\x04"), MULTIPART) == 200
        for name in ("tool.exe", "page.html", "noext", "a.txt.sh"):
            assert _post(user, up, _upload(name, b"x"), MULTIPART) == 415, name
        assert _post(user, up, _upload("big.pdf", b"x" * 5000), MULTIPART) == 413
        assert _post(user, up, b"plain", "text/plain") == 400
        # a file whose *content* looks like another part header is still one .txt file
        sneaky = b'--XY\r\nContent-Disposition: form-data; name="files"; filename="x.exe"'
        assert _post(user, up, _upload("a.txt", sneaky), MULTIPART) == 200
    finally:
        demo.close()


def test_chat_failure_never_shows_an_exception_name():
    from qa.app import render_failure

    for exc in (IndexError("list index out of range"), TypeError("x"), MemoryError()):
        html = render_failure(exc)
        assert type(exc).__name__ not in html and "out of range" not in html
        assert "Try asking it again" in html and "换个说法" in html
    own = render_failure(BadQuestion("a question must be text, not int"))
    assert "must be text" in own


@pytest.mark.parametrize("question", ["？", "😀\u200b", "吨半粮\ud800", "\udcff" * 5000, "[[["])
def test_chat_answers_odd_input_with_json_the_page_can_take(fake_pipeline, question):
    import orjson

    from qa.app import ask_in_conversation, chat_messages, known_sources, new_store

    store = ask_in_conversation(fake_pipeline, question, new_store())
    orjson.dumps(store)  # the conversation kept in the browser
    history = chat_messages(store, known_sources(fake_pipeline))
    orjson.dumps(history)  # what Gradio sends to the page: fails on a lone surrogate
    reply = history[-1]["content"]
    assert "出错了" not in reply  # no failure: an answer, a not-found or a clear error
    if "\ud800" in question or "\udcff" in question:
        assert "invalid characters" in reply and len(reply) < 1500


def test_ask_endpoint_answers_many_clients_at_once(fake_pipeline):
    """The chat's `ask` API (what bench/clients.py drives with gradio_client): answers as
    `qa ask --json` does, follow-ups read with their history, eight clients at once each
    getting its own answer."""
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    from qa.app import build_ui

    port = _free_port()
    demo = build_ui(fake_pipeline)
    demo.queue()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        client = Client(url, verbose=False)
        got = client.predict("吨半粮是什么意思", None, api_name="/ask")
        assert got["a"]["found"] and "1500公斤" in got["a"]["answer"]
        want = fake_pipeline.answerer.ask("吨半粮是什么意思").to_json()
        assert got["a"]["answer"] == want["answer"]
        follow = client.predict("那三率呢？", ["开发区三度指什么"], api_name="/ask")
        assert follow["a"]["standalone_question"] != "那三率呢？"
        assert client.predict("", None, api_name="/ask")["a"]["error"]

        questions = ["吨半粮是什么意思", "三个一批指什么", "新三样是什么", "开发区三度指什么"] * 2

        def one(q: str) -> str:
            return Client(url, verbose=False).predict(q, None, api_name="/ask")["a"]["answer"]

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(one, questions))
        assert answers == [fake_pipeline.answerer.ask(q).answer for q in questions]
    finally:
        demo.close()
