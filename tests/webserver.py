"""A local web server for the fetching, draft and link tests: pages with and without
metadata, every kind of answer a link checker meets (200, 301, 302, 404, 500, HEAD refused,
slow, huge, a redirect loop). All content is synthetic, written for the tests.

Test modules import it as `webserver` (pytest puts this folder on the path); the `site`
fixture in conftest.py starts one server per test session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 5.0  # longer than any timeout the tests give; a stop ends the wait at once
HUGE_BYTES = 6_000_000  # beyond the default cap of 5,000,000

REPORT_PAGE = """\
<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Keeping Children Safe from Online Grooming | Safe Lab Test</title>
<meta name="description" content="An imaginary study of online grooming and sextortion of
children in Kenya and the Philippines, written for the bridge tests.">
<meta property="og:title" content="Keeping Children Safe from Online Grooming">
<meta property="og:site_name" content="Safe Lab Test">
<meta property="og:type" content="article">
<meta name="keywords" content="grooming, sextortion, helplines">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Safe Lab Test"},
  {"@type": "ScholarlyArticle", "headline": "Keeping Children Safe from Online Grooming",
   "datePublished": "2024-03-05", "publisher": {"@type": "Organization", "name": "Safe Lab"}}
]}
</script>
</head>
<body>
<nav>Home · About · Uganda office</nav>
<main>
<h1>Keeping Children Safe from Online Grooming</h1>
<p>The imaginary study asked 500 children in Kenya and the Philippines how offenders
groom them online, and how often grooming turns into sextortion. It is written for
researchers and for child helplines that answer young people.</p>
</main>
<footer>Contact us · Tanzania</footer>
</body>
</html>
"""

BARE_PAGE = """\
<html><head><title>A page without metadata</title></head>
<body><p>Nothing but a title and a line of text about online safety.</p></body></html>
"""

UNTITLED_PAGE = "<html><body><p>No title at all.</p></body></html>"


def _answer(
    status: int,
    body: bytes = b"",
    *,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Callable[[BaseHTTPRequestHandler, str], None]:
    def respond(handler: BaseHTTPRequestHandler, method: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        if method == "GET":
            handler.wfile.write(body)

    return respond


def _redirect(status: int, location: str) -> Callable[[BaseHTTPRequestHandler, str], None]:
    return _answer(status, headers={"Location": location})


def _head_refused(handler: BaseHTTPRequestHandler, method: str) -> None:
    _answer(405 if method == "HEAD" else 200, b"<p>GET only</p>")(handler, method)


def _huge(handler: BaseHTTPRequestHandler, method: str) -> None:
    """A body larger than the cap, sent without a declared length."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    if method == "GET":
        chunk = b"<p>" + b"x" * 65_536 + b"</p>"
        for _ in range(HUGE_BYTES // len(chunk) + 1):
            handler.wfile.write(chunk)


ROUTES: dict[str, Callable[[BaseHTTPRequestHandler, str], None]] = {
    "/report": _answer(200, REPORT_PAGE.encode()),
    "/bare": _answer(200, BARE_PAGE.encode()),
    "/untitled": _answer(200, UNTITLED_PAGE.encode()),
    "/latin1": _answer(
        200,
        "<html><head><title>Café de la Sûreté</title></head></html>".encode("latin-1"),
        content_type="text/html; charset=iso-8859-1",
    ),
    "/paper.pdf": _answer(200, b"%PDF-1.4 synthetic", content_type="application/pdf"),
    "/ok": _answer(200, b"<p>fine</p>"),
    "/old": _redirect(301, "/report"),
    "/for-now": _redirect(302, "/ok"),
    "/missing": _answer(404, b"<p>not here</p>"),
    "/broken": _answer(500, b"<p>server error</p>"),
    "/no-head": _head_refused,
    "/huge": _huge,
    "/loop-a": _redirect(302, "/loop-b"),
    "/loop-b": _redirect(302, "/loop-a"),
    "/to-ftp": _redirect(302, "ftp://files.example.org/report"),
}


class _Handler(BaseHTTPRequestHandler):
    stopping: threading.Event

    def do_GET(self) -> None:
        self._route("GET")

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def _route(self, method: str) -> None:
        try:
            if self.path == "/slow":
                self.stopping.wait(SLOW_SECONDS)
                _answer(200, b"<p>late</p>")(self, method)
                return
            ROUTES.get(self.path, _answer(404, b"no such test page"))(self, method)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what a size cap does

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving() -> Iterator[str]:
    """A server on a free port of 127.0.0.1 for the block; yields its base URL."""
    stopping = threading.Event()
    handler = type("Handler", (_Handler,), {"stopping": stopping})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
