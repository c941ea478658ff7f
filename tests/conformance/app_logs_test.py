#!/usr/bin/env python3
"""Tests of the dns/ssl/http comparison of zeek_conformance.py: pairing and per-field outcomes on small
hand-made logs, then the whole script on a mutated copy of two baselines (skipped without ../shared)."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import app_logs  # noqa: E402

BASELINES = HERE.parent.parent.parent / "shared" / "data" / "zeek-baselines"
DNS, SSL, HTTP = app_logs.LOG_SPECS


@dataclasses.dataclass
class Log:
    fields: set[str]
    rows: list[dict[str, str]]


def dns_row(orig_p: str, trans_id: str, query: str, **values: str) -> dict[str, str]:
    row = {"proto": "udp", "id.orig_h": "10.0.0.1", "id.orig_p": orig_p, "id.resp_h": "10.0.0.53",
           "id.resp_p": "53", "trans_id": trans_id, "query": query, "qclass": "1", "qtype": "1",
           "rcode": "0", "AA": "F", "TC": "F", "RD": "T", "RA": "T", "answers": "1.2.3.4", "TTLs": "60.000000"}
    row.update(values)
    return row


def log_of(rows: list[dict[str, str]]) -> Log:
    return Log(set(rows[0]) if rows else set(), rows)


class PairingAndFields(unittest.TestCase):
    def test_identical_rows_all_match(self):
        rows = [dns_row("1", "7", "a.example"), dns_row("1", "8", "b.example"), dns_row("2", "7", "a.example")]
        r = app_logs.compare_app_log(DNS, "t", log_of(rows), log_of([dict(x) for x in reversed(rows)]))
        self.assertEqual((r.baseline_rows, r.paired, r.core_matches, len(r.missing), len(r.extra)), (3, 3, 3, 0, 0))
        self.assertEqual(r.compared["answers"], 3)
        self.assertEqual(r.matched["answers"], 3)

    def test_changed_query_pairs_on_the_connection_and_shows_the_field(self):
        base = [dns_row("1", "7", "a.example"), dns_row("1", "8", "b.example")]
        vigil = [dns_row("1", "7", "a.example"), dns_row("1", "8", "B.example", answers="-")]
        r = app_logs.compare_app_log(DNS, "t", log_of(base), log_of(vigil))
        self.assertEqual((r.paired, r.core_matches, len(r.missing), len(r.extra)), (2, 1, 0, 0))
        self.assertEqual([(m.field, m.baseline_value, m.vigil_value) for m in r.mismatches],
                         [("query", "b.example", "B.example"), ("answers", "1.2.3.4", "-")])
        self.assertEqual(r.matched["query"], 1)
        self.assertEqual(r.matched["qtype"], 2)

    def test_missing_extra_and_no_log_at_all(self):
        base = [dns_row("1", "7", "a.example"), dns_row("2", "7", "a.example")]
        vigil = [dns_row("1", "7", "a.example"), dns_row("3", "9", "c.example")]
        r = app_logs.compare_app_log(DNS, "t", log_of(base), log_of(vigil))
        self.assertEqual((r.paired, r.core_matches), (1, 1))
        self.assertEqual([x["id.orig_p"] for x in r.missing], ["2"])
        self.assertEqual([x["id.orig_p"] for x in r.extra], ["3"])
        none = app_logs.compare_app_log(DNS, "t", log_of(base), None)
        self.assertEqual((none.paired, len(none.missing), none.note), (0, 2, "vigil wrote no dns.log"))

    def test_http_pairs_on_trans_depth_and_ssl_ja3_only_when_both_have_it(self):
        def http(depth: str, uri: str) -> dict[str, str]:
            return {"id.orig_h": "10.0.0.1", "id.orig_p": "5", "id.resp_h": "10.0.0.2", "id.resp_p": "80",
                    "trans_depth": depth, "method": "GET", "uri": uri}
        r = app_logs.compare_app_log(HTTP, "t", log_of([http("1", "/a"), http("2", "/b")]),
                                     log_of([http("2", "/b"), http("1", "/x")]))
        self.assertEqual([(m.field, m.baseline_value, m.vigil_value) for m in r.mismatches], [("uri", "/a", "/x")])
        self.assertNotIn("host", r.compared)  # absent from both: not compared
        ssl = {"id.orig_h": "10.0.0.1", "id.orig_p": "5", "id.resp_h": "10.0.0.2", "id.resp_p": "443",
               "version": "TLSv13", "server_name": "x", "ja3": "abc"}
        vigil = {k: v for k, v in ssl.items() if k != "ja3"}
        r = app_logs.compare_app_log(SSL, "t", log_of([ssl]), log_of([vigil]))
        self.assertEqual((r.core_matches, r.compared["ja3"], r.compared["server_name"]), (1, 0, 1))
        r = app_logs.compare_app_log(SSL, "t", log_of([ssl]), log_of([dict(ssl, ja3="def")]))
        self.assertEqual((r.core_matches, r.compared["ja3"]), (0, 1))

    def test_threshold_verdicts(self):
        r = app_logs.compare_app_log(DNS, "t", log_of([dns_row("1", "7", "a"), dns_row("2", "7", "a")]),
                                     log_of([dns_row("1", "7", "a")]))
        self.assertEqual([ok for _, ok in app_logs.app_verdicts({"dns": [r]}, None)], [True])
        self.assertEqual([ok for _, ok in app_logs.app_verdicts({"dns": [r]}, 50)], [True])
        lines = app_logs.app_verdicts({"dns": [r]}, 95)
        self.assertEqual(lines, [("FAIL: dns.log core-match rate 50.00% (1/2 rows, 1 traces), threshold 95.00%",
                                  False)])


@unittest.skipUnless((BASELINES / "index.json").is_file(), "../shared/data is absent")
class ScopePerLog(unittest.TestCase):
    def test_a_trace_can_be_out_of_scope_for_one_log_only(self):
        import zeek_conformance  # noqa: E402  (imports app_logs too)
        trace = zeek_conformance.TraceResult("quic.trace", None)
        trace.app = [app_logs.AppResult("quic.trace", "ssl", baseline_rows=1),
                     app_logs.AppResult("quic.trace", "dns", baseline_rows=2)]
        scope = {"ssl.log:quic.trace": "TLS inside QUIC"}
        ssl_in, ssl_out = zeek_conformance.app_results([trace], "ssl", scope)
        dns_in, dns_out = zeek_conformance.app_results([trace], "dns", scope)
        self.assertEqual((len(ssl_in), len(ssl_out)), (0, 1))
        self.assertEqual(ssl_out[0].out_of_scope_reason, "TLS inside QUIC")
        self.assertEqual((len(dns_in), len(dns_out)), (1, 0))
        text = "\n".join(app_logs.render_app_section(SSL, ssl_in, ssl_out, None))
        self.assertIn("| quic.trace | 1 | TLS inside QUIC |", text)


class WholeScriptOnAMutatedCopy(unittest.TestCase):
    TRACES = ("scripts.base.protocols.http.http-pipelining", "scripts.base.protocols.dns.rrsig")

    def run_script(self, vigil_logs: Path, *extra: str) -> tuple[int, str]:
        command = [sys.executable, str(HERE / "zeek_conformance.py"), "--vigil-logs", str(vigil_logs),
                   "--baselines", str(BASELINES), "--jobs", "1", *extra]
        for trace in self.TRACES:
            command += ["--only", trace]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout

    def test_copy_matches_and_mutations_show_exactly(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            for trace in self.TRACES:
                shutil.copytree(BASELINES / trace, out / trace)
            code, text = self.run_script(out, "--app-threshold", "100")
            self.assertEqual(code, 0, text)
            self.assertIn("PASS: http.log core-match rate 100.00% (5/5 rows, 1 traces)", text)
            self.assertIn("PASS: dns.log core-match rate 100.00% (4/4 rows, 1 traces)", text)

            http = out / self.TRACES[0] / "http.log"
            lines = http.read_text().splitlines(keepends=True)
            data = [i for i, line in enumerate(lines) if not line.startswith("#")]
            cells = lines[data[1]].split("\t")
            cells[1] = "Cdifferentuid"  # uids differ between tools: not compared
            cells[9] = "/mutated"  # uri
            lines[data[1]] = "\t".join(cells)
            del lines[data[3]]
            http.write_text("".join(lines))
            dns = out / self.TRACES[1] / "dns.log"
            dns.write_text(dns.read_text().replace("virgo.sas.upenn.edu", "virgo.example", 1))

            report = out / "report.md"
            code, text = self.run_script(out, "--report", str(report))
            self.assertEqual(code, 0, text)  # report only without --app-threshold
            self.assertIn("REPORT: http.log core-match rate 60.00% (3/5 rows, 1 traces)", text)
            self.assertIn("REPORT: dns.log core-match rate 75.00% (3/4 rows, 1 traces)", text)
            md = report.read_text()
            self.assertIn("| uri | 4 | 3 | 75.0% | 0 |", md)
            self.assertIn("| query | 4 | 3 | 75.0% | 0 |", md)
            self.assertIn("| row | `http row` -> `missing` | 1 |", md)
            self.assertIn("-> `/mutated` | 1 |", md)
            self.assertIn("| query | `virgo.sas.upenn.edu` -> `virgo.example` | 1 |", md)
            code, text = self.run_script(out, "--app-threshold", "95")
            self.assertEqual(code, 1, text)
            self.assertIn("FAIL: http.log core-match rate 60.00%", text)


if __name__ == "__main__":
    unittest.main()
