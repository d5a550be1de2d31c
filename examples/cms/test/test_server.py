#!/usr/bin/env python3
"""Tests of the CMS service's HTTP API (server.py), without a browser: POST /check in and out,
error answers, static files, keep-alive and concurrent requests. Standard library only.

    PURDAH_LIBRARY=build/lib/libpurdah.so.0 python3 examples/cms/test/test_server.py

Ends with "N passed, N failed".
"""
import http.client
import json
import os
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CMS = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(CMS))

if os.environ.get("PURDAH_SKIP_REASON"):
    print("SKIP: " + os.environ["PURDAH_SKIP_REASON"])
    print("0 passed, 0 failed")
    sys.exit(77)

sys.path.insert(0, CMS)
import server  # noqa: E402  (puts bindings/python on sys.path when purdah is not installed)
import purdah  # noqa: E402

DATE = "2027-04-12"
RISKY = ("Café reopens 🙂 — Cllr Priya Okonkwo said: “The Labour Party has kept every promise.” "
         "Vote Labour on 6 May.")
COMPLIANT = "Bins will be collected a day later than usual after the bank holiday."


class ServerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.policy = purdah.Policy.default(
            candidates=os.path.join(REPO, "examples", "drafts", "candidates.csv"),
            elections=["local:2027-05-06"])
        cls.server = server.Server(("127.0.0.1", 0), cls.policy, max_bytes=64 * 1024)
        cls.port = cls.server.server_address[1]
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response, data
        finally:
            if own:
                conn.close()

    def post(self, value, conn=None, content_type="application/json"):
        body = value if isinstance(value, bytes) else json.dumps(value).encode()
        response, data = self.request("POST", "/check", body, {"Content-Type": content_type}, conn)
        return response.status, json.loads(data) if data else None

    def test_check(self):
        status, report = self.post({"text": RISKY, "date": DATE})
        self.assertEqual(status, 200)
        self.assertEqual(report["verdict"], "block")
        self.assertGreaterEqual(report["score"], 90)
        self.assertTrue(report["in_window"])
        data = RISKY.encode("utf-8")
        texts = [f["text"] for f in report["findings"]]
        self.assertIn("Priya Okonkwo", texts)
        self.assertIn("Labour Party", texts)
        for f in report["findings"]:
            self.assertEqual(data[f["start"]:f["end"]].decode(), f["text"])
            self.assertTrue(f["clauses"][0]["id"])
        # the answer is exactly the library's JSON for that draft
        expected = self.policy.check(RISKY, date=DATE).to_dict()
        self.assertEqual(report, expected)

    def test_compliant_and_defaults(self):
        status, report = self.post({"text": COMPLIANT, "date": DATE, "format": "text", "areas": []})
        self.assertEqual((status, report["verdict"], report["score"]), (200, "pass", 0))
        status, report = self.post({"text": COMPLIANT})       # date defaults to today
        self.assertEqual(status, 200)
        self.assertEqual(report["format"], "text")

    def test_formats_and_areas(self):
        html = "<h1>Pool reopens</h1><p><img alt='Priya Okonkwo cuts the ribbon'></p>"
        status, report = self.post({"text": html, "date": DATE, "format": "html", "areas": ["Harbour"]})
        self.assertEqual(status, 200)
        self.assertEqual(report["format"], "html")
        self.assertIn("image_alt", [f["role"] for f in report["findings"]])
        status, report = self.post({"text": "#VoteLabour", "date": DATE, "format": "social",
                                    "areas": "Harbour, Castle"})
        self.assertEqual((status, report["verdict"]), (200, "block"))

    def test_lone_surrogate_is_a_warning(self):
        status, report = self.post(b'{"text": "a \\ud800 b Priya Okonkwo said hi", "date": "2027-04-12"}')
        self.assertEqual(status, 200)
        self.assertTrue(report["warnings"])

    def test_errors(self):
        cases = [
            (b"{not json", 400, "EINVAL"),
            (b"[]", 400, "EINVAL"),
            ({"date": DATE}, 400, "EINVAL"),
            ({"text": 5}, 400, "EINVAL"),
            ({"text": "x", "date": "2027-02-30"}, 400, "EINVAL"),
            ({"text": "x", "date": 20270412}, 400, "EINVAL"),
            ({"text": "x", "format": "pdf"}, 400, "EINVAL"),
            ({"text": "x", "format": "docx"}, 400, "EINVAL"),
            ({"text": "x", "areas": [1]}, 400, "EINVAL"),
        ]
        for body, want_status, want_code in cases:
            status, answer = self.post(body)
            self.assertEqual(status, want_status, body)
            self.assertEqual(answer["error"]["status"], want_code, body)
            self.assertTrue(answer["error"]["message"], body)
        status, answer = self.post({"text": "x", "date": "2027-02-30"})
        self.assertIn("2027-02-30", answer["error"]["message"])
        status, answer = self.post({"text": "x"}, content_type="text/plain")
        self.assertEqual(status, 415)
        status, answer = self.post({"text": "x" * 70000})
        self.assertEqual(status, 413)
        self.assertEqual(answer["error"]["status"], "ELIMIT")
        response, _ = self.request("POST", "/elsewhere", b"{}", {"Content-Type": "application/json"})
        self.assertEqual(response.status, 404)

    def test_static_and_info(self):
        response, body = self.request("GET", "/")
        self.assertEqual(response.status, 200)
        self.assertIn(b'<script src="/static/editor.js"', body)
        self.assertIn("script-src 'self'", response.getheader("Content-Security-Policy"))
        for path, kind in (("/static/editor.js", "text/javascript"), ("/static/editor.css", "text/css")):
            response, body = self.request("GET", path)
            self.assertEqual(response.status, 200)
            self.assertTrue(response.getheader("Content-Type").startswith(kind))
        for path in ("/static/../server.py", "/server.py", "/static/", "/etc/passwd"):
            response, _ = self.request("GET", path)
            self.assertEqual(response.status, 404, path)
        response, body = self.request("GET", "/healthz")
        self.assertEqual(json.loads(body)["library"], purdah.library_version)
        response, body = self.request("GET", "/policy?date=2027-04-12")
        info = json.loads(body)
        self.assertEqual(info["jurisdiction"], "england")
        self.assertTrue(info["windows"][0]["in_window"])
        self.assertIn("candidate-named", [r["id"] for r in info["rules"]])
        response, body = self.request("GET", "/policy?date=soon")
        self.assertEqual(response.status, 400)

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            for text, verdict in ((RISKY, "block"), (COMPLIANT, "pass")) * 5:
                status, report = self.post({"text": text, "date": DATE}, conn=conn)
                self.assertEqual((status, report["verdict"]), (200, verdict))
        finally:
            conn.close()

    def test_concurrent_requests(self):
        expected = {t: self.policy.check(t, date=DATE).to_dict() for t in (RISKY, COMPLIANT)}
        failures = []

        def work(n):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                for i in range(25):
                    text = RISKY if (i + n) % 2 else COMPLIANT
                    status, report = self.post({"text": text, "date": DATE}, conn=conn)
                    if status != 200 or report != expected[text]:
                        failures.append((n, i, status))
            except Exception as e:  # reported below
                failures.append(repr(e))
            finally:
                conn.close()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print("%d passed, %d failed" % (result.testsRun - failed - skipped, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
