"""The review page: the report with buttons, served on 127.0.0.1 to the person who started it.

As Jupyter does, the server makes a random token and prints the address with it; every request
without it (in the `token` query or an `X-Token` header) is refused with 403, so another local
user or a web page open in the browser cannot read the run or write a decision. The page is
made afresh for each load, with the decisions made so far.

    with open_server("out", clock=lambda: datetime.now(timezone.utc)) as server:
        print(server.url); server.serve_forever()
"""
from __future__ import annotations

import json
import secrets
import tempfile
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pipeline import report, review

HOST = "127.0.0.1"
MAX_BODY = 64_000


class ReviewServer(ThreadingHTTPServer):
    """The server of one output folder, with its token and its clock (when decisions are made)."""

    daemon_threads = True

    def __init__(self, out_dir: Path, port: int, token: str, clock: Callable[[], datetime]) -> None:
        super().__init__((HOST, port), _Handler)
        self.out_dir, self.token, self.clock = out_dir, token, clock

    @property
    def url(self) -> str:
        """Where to open the page: the address with the token."""
        return f"http://{HOST}:{self.server_address[1]}/?token={self.token}"


def open_server(out_dir: str | Path, clock: Callable[[], datetime], port: int = 0, token: str = "") -> ReviewServer:
    """A server for `out_dir` on 127.0.0.1:`port` (0: any free port), with `token` or a random one."""
    out = Path(out_dir)
    if not (out / review.FACTS_FILE).is_file():
        raise review.ReviewError(f"{out / review.FACTS_FILE}: no such file (run the pipeline into {out} first)")
    return ReviewServer(out, port, token or secrets.token_urlsafe(24), clock)


def review_page(out_dir: Path) -> str:
    """The report of `out_dir` with the decisions made so far, and buttons."""
    with tempfile.TemporaryDirectory() as scratch:
        facts = Path(scratch) / review.FACTS_FILE
        review.apply_to_csv(out_dir, out_dir / review.FACTS_FILE, facts)
        return report.build(out_dir, facts, actions=True)


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if not self._allowed():
            return
        if urlsplit(self.path).path != "/":
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")
            return
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", review_page(self.server.out_dir).encode("utf-8"))

    def do_POST(self) -> None:  # noqa: N802
        if not self._allowed():
            return
        if urlsplit(self.path).path != "/review":
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
            if not 0 < length <= MAX_BODY:
                raise ValueError("a JSON body of at most 64 kB")
            asked = json.loads(self.rfile.read(length))
            decision = review.decide(
                self.server.out_dir, str(asked["fact_id"]), str(asked["action"]), value=str(asked.get("value", "")),
                note=str(asked.get("note", "")), by=str(asked.get("by", "")) or "reviewer", at=self.server.clock(),
            )
        except (ValueError, KeyError, TypeError, review.ReviewError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
            return
        self._json(HTTPStatus.OK, {"fact_id": decision.fact_id, "status": decision.status, "value": decision.value,
                                   "by": decision.by, "at": decision.at, "note": decision.note})

    def _allowed(self) -> bool:
        """Whether the request carries the token; if not, it is answered 403 here."""
        given = self.headers.get("X-Token") or parse_qs(urlsplit(self.path).query).get("token", [""])[0]
        if secrets.compare_digest(given.encode("utf-8"), self.server.token.encode("utf-8")):
            return True
        self._send(HTTPStatus.FORBIDDEN, "text/plain", b"forbidden: open the address with the token the server printed\n")
        return False

    def _json(self, status: HTTPStatus, body: dict) -> None:
        self._send(status, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        """Quiet: the token is in every address, and the terminal is the reviewer's."""
