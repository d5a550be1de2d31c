#!/usr/bin/env python3
"""A small HTTP service a CMS calls before publishing, with an editor page for comms officers.

    python3 examples/cms/server.py --candidates examples/drafts/candidates.csv \
        --election local:2027-05-06 --port 8080

    POST /check     {"text": "...", "format": "auto", "date": "2027-04-12", "areas": ["Harbour"]}
                    -> 200 and the report: the JSON of one result of `purdah check --format json`
                       (score, verdict, findings with byte offsets, roles and clauses, windows)
                    -> 400/413/415/500 and {"error": {"status": ..., "message": ...}} otherwise:
                       a CMS must treat any answer but 200 as "do not publish" (fail closed)
    GET  /          the editor page (static/index.html, editor.js, editor.css)
    GET  /policy    the policy's rules and, for ?date=YYYY-MM-DD, its windows
    GET  /healthz   {"status": "ok", "library": "0.1.0"}

Standard library only (http.server), on the purdah Python binding. One compiled policy is shared
by every request thread; each thread checks with its own scanner. It listens on 127.0.0.1 by
default: put it behind the CMS or a reverse proxy, not on the open internet.
"""
import argparse
import dataclasses
import datetime
import json
import os
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")

try:
    import purdah
except ModuleNotFoundError as e:
    if e.name != "purdah":
        raise
    # Running from a checkout: use the binding in the source tree (it finds build/lib itself).
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "bindings", "python"))
    import purdah

STATIC_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/static/editor.js": ("editor.js", "text/javascript; charset=utf-8"),
    "/static/editor.css": ("editor.css", "text/css; charset=utf-8"),
}
FORMATS = set(purdah.FORMATS)


class RequestError(Exception):
    def __init__(self, status, message, code="EINVAL"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def parse_check_request(body):
    """Validates a POST /check body and returns the keyword arguments of Policy.check."""
    try:
        request = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise RequestError(HTTPStatus.BAD_REQUEST, "the body is not JSON: %s" % e) from None
    if not isinstance(request, dict):
        raise RequestError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
    text = request.get("text")
    if not isinstance(text, str):
        raise RequestError(HTTPStatus.BAD_REQUEST, '"text" is required and must be a string')
    fmt = request.get("format") or "auto"
    if fmt not in FORMATS or fmt == "docx":
        raise RequestError(HTTPStatus.BAD_REQUEST, '"format" must be one of auto, text, html, '
                           "markdown, xml, social (send a Word document's text, not the file)")
    date = request.get("date")
    if date is None or date == "":
        date = datetime.date.today().isoformat()
    if not isinstance(date, str):
        raise RequestError(HTTPStatus.BAD_REQUEST, '"date" must be a "YYYY-MM-DD" string')
    areas = request.get("areas") or []
    if isinstance(areas, str):
        areas = [a.strip() for a in areas.split(",") if a.strip()]
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise RequestError(HTTPStatus.BAD_REQUEST, '"areas" must be a list of strings')
    name = request.get("name")
    if name is not None and not isinstance(name, str):
        raise RequestError(HTTPStatus.BAD_REQUEST, '"name" must be a string')
    return dict(text=text, date=date, areas=areas, format=fmt, name=name)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "purdah-cms/" + purdah.__version__

    # -- responses

    def _send(self, status, body, content_type, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status, value):
        self._send(status, json.dumps(value).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status, message, code="EINVAL", close=False):
        if close:
            self.close_connection = True
        self._json(status, {"error": {"status": code, "message": message}})

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    # -- GET

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path in STATIC_FILES:
            name, content_type = STATIC_FILES[url.path]
            with open(os.path.join(STATIC, name), "rb") as f:
                body = f.read()
            self._send(HTTPStatus.OK, body, content_type, [
                ("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"),
                ("Referrer-Policy", "no-referrer")])
        elif url.path == "/healthz":
            self._json(HTTPStatus.OK, {"status": "ok", "library": purdah.library_version})
        elif url.path == "/policy":
            policy = self.server.policy
            query = parse_qs(url.query)
            out = {"jurisdiction": policy.jurisdiction,
                   "rules": [{"id": r.id, "category": r.category, "in_window": r.in_window,
                              "outside_window": r.outside_window} for r in policy.rules]}
            try:
                date = query.get("date", [datetime.date.today().isoformat()])[0]
                out["as_of"] = date
                out["windows"] = [dataclasses.asdict(w) for w in policy.windows(date, query.get("area", []))]
            except purdah.Error as e:
                return self._error(HTTPStatus.BAD_REQUEST, e.message, e.status)
            self._json(HTTPStatus.OK, out)
        else:
            self._error(HTTPStatus.NOT_FOUND, "no such page", "ENOTFOUND")

    do_HEAD = do_GET

    # -- POST

    def do_POST(self):
        if urlsplit(self.path).path != "/check":
            return self._error(HTTPStatus.NOT_FOUND, "POST /check is the only endpoint",
                               "ENOTFOUND", close=True)
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                               "send the draft as application/json", close=True)
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._error(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length", close=True)
        try:
            length = int(self.headers.get("Content-Length", ""))
            if length < 0:
                raise ValueError
        except ValueError:
            return self._error(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length", close=True)
        if length > self.server.max_bytes:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                               "the draft is larger than %d bytes" % self.server.max_bytes,
                               "ELIMIT", close=True)
        body = self.rfile.read(length)
        try:
            kwargs = parse_check_request(body)
            report = self.server.policy.check(**kwargs)
        except RequestError as e:
            return self._error(e.status, e.message, e.code)
        except purdah.InvalidArgumentError as e:          # a malformed date, an unknown format
            return self._error(HTTPStatus.BAD_REQUEST, e.message, e.status)
        except purdah.LimitError as e:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, e.message, e.status)
        except purdah.Error as e:                         # never "pass" a draft we could not check
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(e), e.status)
        self._send(HTTPStatus.OK, report.to_json().encode("utf-8"),
                   "application/json; charset=utf-8")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, policy, max_bytes=2 * 1024 * 1024, verbose=False):
        super().__init__(address, Handler)
        self.policy = policy
        self.max_bytes = max_bytes
        self.verbose = verbose


def load_policy(args):
    return purdah.Policy.load(args.policy, candidates=args.candidates, members=args.members,
                              elections=args.election or None,
                              non_working_days=args.non_working_day)


def main(argv=None):
    ap = argparse.ArgumentParser(description="purdah checks for a CMS: POST /check and an editor page")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    ap.add_argument("--policy", help="policy XML (default: the policy built into the library)")
    ap.add_argument("--candidates", action="append", default=[], metavar="CSV",
                    help="candidates CSV, repeatable")
    ap.add_argument("--members", action="append", default=[], metavar="CSV",
                    help="sitting members CSV, repeatable")
    ap.add_argument("--election", action="append", default=[], metavar="SPEC",
                    help="TYPE:POLL_DATE[:AREAS][:notice=DATE], repeatable; replaces the policy's")
    ap.add_argument("--non-working-day", action="append", default=[], metavar="DATE")
    ap.add_argument("--max-bytes", type=int, default=2 * 1024 * 1024,
                    help="largest request body accepted (default 2 MiB)")
    ap.add_argument("--verbose", action="store_true", help="log every request")
    args = ap.parse_args(argv)
    try:
        policy = load_policy(args)
    except purdah.Error as e:
        print("purdah-cms: cannot load the policy: %s" % e, file=sys.stderr)
        return 2
    server = Server((args.host, args.port), policy, args.max_bytes, args.verbose)
    host, port = server.server_address[:2]
    print("purdah CMS service listening on http://%s:%d/ (libpurdah %s from %s)"
          % (host, port, purdah.library_version, purdah.library_path), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
