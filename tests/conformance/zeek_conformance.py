#!/usr/bin/env python3
"""Compare the conn.log (and dns.log, ssl.log, http.log) that vigil writes with Zeek's.

What it is for
    The shared data holds packet traces from Zeek's own test suite together
    with the logs Zeek wrote for them (zeek-baselines/, one folder per btest,
    listed in index.json). For every trace whose baseline includes conn.log,
    this script runs `VIGIL convert TRACE -o OUTDIR`, pairs the rows of
    OUTDIR/conn.log with the baseline rows, compares them field by field and
    reports a match rate per field, per trace and overall, plus the classes
    of differences (field, Zeek value -> vigil value) so each can be explained.

How to run
    python3 tests/conformance/zeek_conformance.py \\
        --vigil build/src/vigil --baselines ../shared/data/zeek-baselines \\
        [--report docs/conformance.md] [--min-match 0.95] [--only NAME]

    --only takes a trace name or a shell pattern (core.tunnels.*) and can be
    repeated. --scope, --timeout and --jobs change the scope file (default:
    out_of_scope.tsv next to this script), the per-trace time limit (60 s)
    and the number of traces run at once.

    --app-threshold PCT makes dns.log, ssl.log and http.log count: each log's
    in-scope core-match rate must then be at least PCT percent (0-100).
    Without it those logs are compared and reported only.

    --vigil-logs DIR reads vigil's logs from DIR/<trace name>/ instead of
    running `vigil convert` (then --vigil is not needed): to check this
    script against a copy of the baselines, or to compare a run made
    elsewhere.

Exit codes
    0   in-scope core-match rate >= --min-match (or no in-scope rows selected),
        and, with --app-threshold, each application log's rate >= it
    1   a rate below its threshold
    2   usage or setup error (vigil not executable, index.json unreadable...)
    77  the baselines folder is absent (ctest: SKIP_RETURN_CODE 77)

How rows are compared
    * Rows are paired on (proto, id.orig_h, id.orig_p, id.resp_h, id.resp_p),
      using the key fields present in both files. Rows sharing a key pair up
      in ts order (file order when the baseline masks ts as XXXXXXXXXX.XXXXXX).
      A baseline row left over is then paired with a left-over vigil row on
      the reversed key, and counted as "direction flipped". Other left-overs
      are "missing in vigil" (baseline) or "extra in vigil" (vigil).
    * Flipped pairs compare every other field as written (vigil's orig_bytes
      against Zeek's orig_bytes), so their differences show in those fields.
    * A field absent from either file (some baselines are zeek-cut output with
      only a few columns) is "not compared" for that trace; so is a duration
      the baseline masks. Renamed key columns (src_ip, id_orig_h, ...) written
      by Zeek's field-name-map tests are read as the standard names.
    * A row is a "core match" when it is paired with the right orientation and
      proto, orig/resp bytes, orig/resp pkts, conn_state and history are equal
      (fields not compared do not count against it). The core-match rate is
      core matches / baseline rows, so missing rows count as failures. A trace
      whose vigil run failed (crash, non-zero exit, timeout) has no matches.
    * service is compared as a set and is informational only.

dns.log, ssl.log and http.log
    For every trace whose baseline has rows of one of these logs, the log
    vigil wrote beside conn.log is compared with it (see app_logs.py for
    how rows are paired: connection plus trans_id and query for dns,
    trans_depth for http, order for ssl). A trace with such a baseline but
    no conn.log baseline is run for those logs only and does not count in
    the conn.log numbers. Out-of-scope traces stay out of the totals.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import fnmatch
import ipaddress
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_logs  # noqa: E402  (beside this script)

SKIP_EXIT_CODE = 77
DEFAULT_TIMEOUT_S = 60
DEFAULT_SCOPE_FILE = Path(__file__).with_name("out_of_scope.tsv")
MARKER_BEGIN = "<!-- conformance:begin -->"
MARKER_END = "<!-- conformance:end -->"

UNSET = "-"
EMPTY = "(empty)"
DURATION_TOLERANCE_S = 1e-5
MASKED_VALUE = re.compile(r"X+(\.X+)?")
MAX_CLASSES_PER_FIELD = 15
MAX_EXAMPLE_TRACES = 3

ORIG_H, ORIG_P, RESP_H, RESP_P = "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"
KEY_FIELDS = ("proto", ORIG_H, ORIG_P, RESP_H, RESP_P)
ADDRESS_FIELDS = {ORIG_H, RESP_H}
# Column names Zeek's field-name-map tests write instead of the standard ones.
FIELD_ALIASES = {
    "id_orig_h": ORIG_H, "id_orig_p": ORIG_P, "id_resp_h": RESP_H, "id_resp_p": RESP_P,
    "src_ip": ORIG_H, "dst_ip": RESP_H, "src": ORIG_H, "dst": RESP_H,
    "src_port": ORIG_P, "dst_port": RESP_P,
}

ORIENTATION = "5-tuple"  # pseudo-field: paired with the same orig/resp orientation
ROW = "row"  # pseudo-field used to list missing and extra rows
COMPARED_FIELDS = (
    ORIENTATION, "proto", "duration", "orig_bytes", "resp_bytes", "orig_pkts", "resp_pkts",
    "orig_ip_bytes", "resp_ip_bytes", "conn_state", "history", "missed_bytes",
    "local_orig", "local_resp", "service", "ip_proto",
)
CORE_FIELDS = (ORIENTATION, "proto", "orig_bytes", "resp_bytes", "orig_pkts", "resp_pkts",
               "conn_state", "history")
INFORMATIONAL_FIELDS = {"service"}
MASKABLE_FIELDS = {"ts", "duration"}


# --------------------------------------------------------------------------
# Reading Zeek TSV logs
# --------------------------------------------------------------------------

@dataclasses.dataclass
class ZeekLog:
    fields: set[str]
    rows: list[dict[str, str]]
    malformed_lines: int = 0


def decode_escapes(text: str) -> str:
    """Turn Zeek's \\xNN escapes (as in '#separator \\x09') into characters."""
    return re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), text)


def canonical_field_name(name: str) -> str:
    return FIELD_ALIASES.get(name, name)


def normalise_value(field: str, value: str, unset: str, empty: str) -> str:
    """Map the file's unset/empty markers to '-'/'(empty)' and addresses to canonical form."""
    if value == unset:
        return UNSET
    if value == empty:
        return EMPTY
    if field in ADDRESS_FIELDS:
        try:
            return ipaddress.ip_address(value).compressed
        except ValueError:
            return value
    return value


def read_zeek_tsv(path: Path) -> ZeekLog:
    """Read a Zeek TSV log, or zeek-cut output whose first line names the columns."""
    separator, unset, empty = "\t", UNSET, EMPTY
    fields: list[str] | None = None
    log = ZeekLog(fields=set(), rows=[])
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line:
            continue
        if line.startswith("#separator"):
            separator = decode_escapes(line[len("#separator"):].strip())
            continue
        if line.startswith("#"):
            directive, *args = line.split(separator)
            if directive == "#fields":
                fields = [canonical_field_name(f) for f in args]
                log.fields.update(fields)
            elif directive == "#unset_field" and args:
                unset = args[0]
            elif directive == "#empty_field" and args:
                empty = args[0]
            continue
        values = line.split(separator)
        if fields is None:
            fields = [canonical_field_name(f) for f in values]
            log.fields.update(fields)
            continue
        if len(values) != len(fields):
            log.malformed_lines += 1
            values = (values + [unset] * len(fields))[:len(fields)]
        log.rows.append({f: normalise_value(f, v, unset, empty) for f, v in zip(fields, values)})
    return log


def is_masked(value: str) -> bool:
    return MASKED_VALUE.fullmatch(value) is not None


def ts_order(row: dict[str, str]) -> float:
    """Sort key: the timestamp, or +inf when masked/absent (sorting is stable: file order)."""
    try:
        return float(row.get("ts", ""))
    except ValueError:
        return math.inf


def describe_tuple(row: dict[str, str]) -> str:
    if not any(f in row for f in KEY_FIELDS):  # zeek-cut baseline without the 5-tuple
        return f"uid {row.get('uid', '?')}"

    def end(host: str, port: str) -> str:
        host = row.get(host, "?")
        return f"[{host}]:{row.get(port, '?')}" if ":" in host else f"{host}:{row.get(port, '?')}"
    return f"{row.get('proto', '?')} {end(ORIG_H, ORIG_P)} -> {end(RESP_H, RESP_P)}"


# --------------------------------------------------------------------------
# Pairing rows
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Pair:
    baseline: dict[str, str]
    vigil: dict[str, str]
    flipped: bool


@dataclasses.dataclass
class Pairing:
    pairs: list[Pair]
    missing: list[dict[str, str]]  # baseline rows without a vigil partner
    extra: list[dict[str, str]]  # vigil rows without a baseline partner


def row_key(row: dict[str, str], key_fields: list[str]) -> tuple[str, ...]:
    return tuple(row.get(f, UNSET) for f in key_fields)


def reverse_key(key: tuple[str, ...], key_fields: list[str]) -> tuple[str, ...]:
    swap = {ORIG_H: RESP_H, RESP_H: ORIG_H, ORIG_P: RESP_P, RESP_P: ORIG_P}
    position = {f: i for i, f in enumerate(key_fields)}
    return tuple(key[position[swap.get(f, f)]] for f in key_fields)


def can_detect_flips(key_fields: list[str]) -> bool:
    return all(f in key_fields for f in (ORIG_H, ORIG_P, RESP_H, RESP_P))


def pair_rows(baseline_rows: list[dict[str, str]], vigil_rows: list[dict[str, str]],
              key_fields: list[str]) -> Pairing:
    unpaired_vigil: dict[tuple[str, ...], deque] = defaultdict(deque)
    for row in sorted(vigil_rows, key=ts_order):
        unpaired_vigil[row_key(row, key_fields)].append(row)

    pairs, leftover = [], []
    for row in sorted(baseline_rows, key=ts_order):
        candidates = unpaired_vigil[row_key(row, key_fields)]
        if candidates:
            pairs.append(Pair(row, candidates.popleft(), flipped=False))
        else:
            leftover.append(row)

    missing = []
    for row in leftover:
        candidates = (unpaired_vigil[reverse_key(row_key(row, key_fields), key_fields)]
                      if can_detect_flips(key_fields) else deque())
        if candidates:
            pairs.append(Pair(row, candidates.popleft(), flipped=True))
        else:
            missing.append(row)

    extra = [row for queue in unpaired_vigil.values() for row in queue]
    return Pairing(pairs, missing, extra)


# --------------------------------------------------------------------------
# Comparing paired rows
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Mismatch:
    trace: str
    field: str
    baseline_value: str
    vigil_value: str
    tuple_text: str


def durations_equal(baseline: str, vigil: str) -> bool:
    if UNSET in (baseline, vigil):
        return baseline == vigil
    try:
        return abs(float(baseline) - float(vigil)) <= DURATION_TOLERANCE_S
    except ValueError:
        return baseline == vigil


def service_sets_equal(baseline: str, vigil: str) -> bool:
    return set(baseline.split(",")) == set(vigil.split(","))


COMPARATORS = {"duration": durations_equal, "service": service_sets_equal}


def compare_field(field: str, pair: Pair, common_fields: set[str],
                  key_fields: list[str]) -> tuple[bool | None, str, str]:
    """Return (equal, baseline value, vigil value); equal is None when not compared."""
    if field == ORIENTATION:
        if not can_detect_flips(key_fields):
            return None, "", ""
        return not pair.flipped, "orig -> resp", "resp -> orig" if pair.flipped else "orig -> resp"
    if field not in common_fields:
        return None, "", ""
    baseline, vigil = pair.baseline[field], pair.vigil[field]
    if field in MASKABLE_FIELDS and is_masked(baseline):
        return None, baseline, vigil
    equal = COMPARATORS.get(field, str.__eq__)(baseline, vigil)
    return equal, baseline, vigil


# --------------------------------------------------------------------------
# Per-trace results
# --------------------------------------------------------------------------

@dataclasses.dataclass
class TraceResult:
    name: str
    out_of_scope_reason: str | None
    run_error: str | None = None
    baseline_rows: int = 0
    vigil_rows: int = 0
    paired: int = 0
    flipped: int = 0
    core_matches: int = 0
    missing: list[dict[str, str]] = dataclasses.field(default_factory=list)
    extra: list[dict[str, str]] = dataclasses.field(default_factory=list)
    compared: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    matched: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    mismatches: list[Mismatch] = dataclasses.field(default_factory=list)
    fields_not_compared: list[str] = dataclasses.field(default_factory=list)
    note: str = ""
    has_conn: bool = True  # the baseline has a conn.log (else only application logs are compared)
    app: list[app_logs.AppResult] = dataclasses.field(default_factory=list)

    @property
    def in_scope(self) -> bool:
        return self.out_of_scope_reason is None

    def first_difference(self) -> str:
        if self.mismatches:
            m = self.mismatches[0]
            return (f"{m.field}: zeek {m.baseline_value!r} vigil {m.vigil_value!r} "
                    f"[{m.tuple_text}]")
        if self.missing:
            return f"missing in vigil [{describe_tuple(self.missing[0])}]"
        if self.extra:
            return f"extra in vigil [{describe_tuple(self.extra[0])}]"
        return ""


def compare_logs(result: TraceResult, baseline: ZeekLog, vigil: ZeekLog) -> None:
    common_fields = baseline.fields & vigil.fields
    key_fields = [f for f in KEY_FIELDS if f in common_fields]
    pairing = pair_rows(baseline.rows, vigil.rows, key_fields)
    result.vigil_rows = len(vigil.rows)
    result.paired = len(pairing.pairs)
    result.flipped = sum(p.flipped for p in pairing.pairs)
    result.missing, result.extra = pairing.missing, pairing.extra
    result.fields_not_compared = [f for f in COMPARED_FIELDS[1:] if f not in common_fields]
    if not can_detect_flips(key_fields):
        result.fields_not_compared.insert(0, ORIENTATION)
    for pair in pairing.pairs:
        if compare_pair(result, pair, common_fields, key_fields):
            result.core_matches += 1


def compare_pair(result: TraceResult, pair: Pair, common_fields: set[str],
                 key_fields: list[str]) -> bool:
    """Record the field outcomes of one pair; return whether it is a core match."""
    core_match = True
    for field in COMPARED_FIELDS:
        equal, baseline_value, vigil_value = compare_field(field, pair, common_fields, key_fields)
        if equal is None:
            continue
        result.compared[field] += 1
        if equal:
            result.matched[field] += 1
            continue
        result.mismatches.append(Mismatch(result.name, field, baseline_value, vigil_value,
                                          describe_tuple(pair.baseline)))
        if field in CORE_FIELDS:
            core_match = False
    return core_match


def run_vigil(vigil: Path, trace: Path, out_dir: Path, timeout_s: float,
              ignore_checksums: bool = False) -> str | None:
    """Run `vigil convert`; return None on success or a description of the failure."""
    command = [str(vigil), "convert", str(trace), "-o", str(out_dir)]
    if ignore_checksums:  # Zeek ran with -C: so does vigil
        command.append("-C")
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)
    except OSError as error:
        return f"cannot run: {error}"
    try:
        _, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        kill_process_group(process)
        return f"timeout after {timeout_s:g} s"
    if process.returncode < 0:
        return f"crashed ({signal.Signals(-process.returncode).name})"
    if process.returncode != 0:
        last_line = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        return f"exit {process.returncode}" + (f": {last_line[0][:120]}" if last_line[0] else "")
    return None


def kill_process_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def app_baselines(entry: dict, folder: Path) -> list[tuple[app_logs.LogSpec, ZeekLog]]:
    """The application logs of the trace's baseline that have rows."""
    found = []
    for spec in app_logs.LOG_SPECS:
        if spec.file_name in entry.get("logs", []):
            log = read_zeek_tsv(folder / spec.file_name)
            if log.rows:
                found.append((spec, log))
    return found


def check_trace(entry: dict, baselines: Path, vigil: Path | None, scope: dict[str, str],
                timeout_s: float, vigil_logs: Path | None = None) -> TraceResult:
    name = entry["name"]
    result = TraceResult(name, scope.get(name))
    folder = baselines / name
    result.has_conn = "conn.log" in entry.get("logs", [])
    baseline = read_zeek_tsv(folder / "conn.log") if result.has_conn else ZeekLog(set(), [])
    result.baseline_rows = len(baseline.rows)
    apps = app_baselines(entry, folder)
    if vigil_logs is not None:  # logs written elsewhere: nothing to run
        compare_outputs(result, baseline, apps, vigil_logs / name)
    elif not (folder / entry["trace"]).is_file():
        result.run_error = f"trace {entry['trace']} not found"
    else:
        with tempfile.TemporaryDirectory(prefix="vigil-conformance-") as out_dir:
            ignore_checksums = " -C " in f" {entry.get('zeek_command', '')} "
            result.run_error = run_vigil(vigil, folder / entry["trace"], Path(out_dir), timeout_s,
                                         ignore_checksums)
            conn_log = Path(out_dir) / "conn.log"
            if result.run_error is None:
                compare_outputs(result, baseline, apps, Path(out_dir))
            elif conn_log.is_file():
                result.note = f"partial conn.log with {len(read_zeek_tsv(conn_log).rows)} rows"
    if result.run_error is not None:  # every application row is missing too
        result.app = [app_logs.AppResult(name, spec.name, baseline_rows=len(log.rows),
                                         missing=list(log.rows), note="vigil run failed")
                      for spec, log in apps]
    return result


def compare_outputs(result: TraceResult, baseline: ZeekLog,
                    apps: list[tuple[app_logs.LogSpec, ZeekLog]], out_dir: Path) -> None:
    """Compare the logs vigil wrote into out_dir with the baseline ones."""
    conn_log = out_dir / "conn.log"
    if not conn_log.is_file():
        result.run_error = "exit 0 but no conn.log written"
        return
    vigil_log = read_zeek_tsv(conn_log)
    if vigil_log.malformed_lines:
        result.note = f"{vigil_log.malformed_lines} malformed vigil lines"
    if result.has_conn:
        compare_logs(result, baseline, vigil_log)
    for spec, log in apps:
        path = out_dir / spec.file_name
        vigil_app = read_zeek_tsv(path) if path.is_file() else None
        result.app.append(app_logs.compare_app_log(spec, result.name, log, vigil_app))


def format_trace_line(result: TraceResult) -> str:
    scope = "" if result.in_scope else "  (out of scope)"
    counts = (f"baseline={result.baseline_rows} paired={result.paired} "
              f"core={result.core_matches}/{result.baseline_rows}" if result.has_conn else "(no conn.log baseline)")
    if result.run_error:
        detail = f"FAILED: {result.run_error}" + (f" ({result.note})" if result.note else "")
    else:
        detail = (result.first_difference() if result.has_conn else "") or "ok"
    apps = "".join(f" | {a.log} {a.core_matches}/{a.baseline_rows}"
                   + (f": {a.first_difference()}" if a.core_matches < a.baseline_rows else "")
                   for a in result.app)
    return f"{result.name:<60} {counts:<36} {detail}{apps}{scope}"


# --------------------------------------------------------------------------
# Totals and the Markdown report
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Totals:
    traces: int = 0
    failed_runs: int = 0
    baseline_rows: int = 0
    paired: int = 0
    flipped: int = 0
    core_matches: int = 0
    missing: int = 0
    extra: int = 0
    compared: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    matched: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))

    @property
    def core_match_rate(self) -> float | None:
        return self.core_matches / self.baseline_rows if self.baseline_rows else None


def add_up(results: list[TraceResult]) -> Totals:
    totals = Totals()
    for r in results:
        totals.traces += 1
        totals.failed_runs += r.run_error is not None
        totals.baseline_rows += r.baseline_rows
        totals.paired += r.paired
        totals.flipped += r.flipped
        totals.core_matches += r.core_matches
        totals.missing += len(r.missing)
        totals.extra += len(r.extra)
        for field in COMPARED_FIELDS:
            totals.compared[field] += r.compared[field]
            totals.matched[field] += r.matched[field]
    return totals


def percent(numerator: int, denominator: int) -> str:
    return f"{100.0 * numerator / denominator:.1f}%" if denominator else "n/a"


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def md_value(value: str) -> str:
    return "`" + md_cell(value).replace("`", "'") + "`" if value else "(none)"


def render_summary(in_scope: Totals, out_of_scope: Totals, min_match: float) -> list[str]:
    return [
        "## Summary",
        "",
        f"- In-scope traces: {in_scope.traces} ({in_scope.failed_runs} failed to run); "
        f"out-of-scope traces: {out_of_scope.traces}",
        f"- In-scope baseline rows: {in_scope.baseline_rows}; paired: {in_scope.paired} "
        f"(direction flipped: {in_scope.flipped})",
        f"- Core-match rate: **{percent(in_scope.core_matches, in_scope.baseline_rows)}** "
        f"({in_scope.core_matches}/{in_scope.baseline_rows}; threshold {100 * min_match:.1f}%)",
        f"- Missing in vigil: {in_scope.missing} rows; extra in vigil: {in_scope.extra} rows",
        "",
        "A core match is a row paired with the same orig/resp orientation and equal proto, "
        "orig/resp bytes, orig/resp pkts, conn_state and history. Missing rows count as "
        "failures. Out-of-scope traces are not in these numbers.",
        "",
    ]


def render_field_table(totals: Totals) -> list[str]:
    lines = ["### Per-field match rate (in-scope paired rows)", "",
             "| Field | Compared | Matched | Rate | Not compared |", "|---|---:|---:|---:|---:|"]
    for field in COMPARED_FIELDS:
        compared, matched = totals.compared[field], totals.matched[field]
        label = field + (" (informational)" if field in INFORMATIONAL_FIELDS else "")
        label += " (core)" if field in CORE_FIELDS else ""
        lines.append(f"| {label} | {compared} | {matched} | {percent(matched, compared)} "
                     f"| {totals.paired - compared} |")
    lines += ["", "Not compared: the field is absent from the baseline (zeek-cut output) or "
              "masked there, or the row's key lacks the orig/resp columns.", ""]
    return lines


def render_trace_table(results: list[TraceResult]) -> list[str]:
    lines = ["## Per-trace results", "",
             "| Trace | Scope | Run | Baseline | Vigil | Paired | Flipped | Core match "
             "| Missing | Extra | First difference |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        scope = "in" if r.in_scope else f"out: {r.out_of_scope_reason}"
        run = "ok" if r.run_error is None else f"FAILED: {r.run_error}"
        run += f" ({r.note})" if r.note else ""
        lines.append(
            f"| {md_cell(r.name)} | {md_cell(scope)} | {md_cell(run)} | {r.baseline_rows} "
            f"| {r.vigil_rows} | {r.paired} | {r.flipped} "
            f"| {r.core_matches} ({percent(r.core_matches, r.baseline_rows)}) "
            f"| {len(r.missing)} | {len(r.extra)} | {md_cell(r.first_difference())} |")
    return lines + [""]


def difference_classes(results: list[TraceResult]) -> dict[tuple[str, str, str], list[Mismatch]]:
    """Group field mismatches, missing rows and extra rows by (field, zeek, vigil)."""
    classes: dict[tuple[str, str, str], list[Mismatch]] = defaultdict(list)
    for r in results:
        for m in r.mismatches:
            classes[(m.field, m.baseline_value, m.vigil_value)].append(m)
        for row in r.missing:
            proto = row.get("proto", "?")
            classes[(ROW, f"{proto} row", "missing")].append(
                Mismatch(r.name, ROW, proto, "", describe_tuple(row)))
        for row in r.extra:
            proto = row.get("proto", "?")
            classes[(ROW, "", f"extra {proto} row")].append(
                Mismatch(r.name, ROW, "", proto, describe_tuple(row)))
    return classes


def render_examples(members: list[Mismatch]) -> str:
    traces = list(dict.fromkeys(m.trace for m in members))
    shown = [f"{traces[0]} ({members[0].tuple_text})"] + traces[1:MAX_EXAMPLE_TRACES]
    hidden = len(traces) - MAX_EXAMPLE_TRACES
    more = f" and {hidden} more" if hidden > 0 else ""
    return md_cell("; ".join(shown) + more)


def render_difference_classes(title: str, results: list[TraceResult]) -> list[str]:
    classes = difference_classes(results)
    lines = [f"### {title}", ""]
    if not classes:
        return lines + ["No differences.", ""]
    field_order = {f: i for i, f in enumerate((ROW,) + COMPARED_FIELDS)}
    by_field: dict[str, list] = defaultdict(list)
    for (field, zeek_value, vigil_value), members in classes.items():
        by_field[field].append((len(members), zeek_value, vigil_value, members))
    lines += ["| Field | Zeek -> vigil | Rows | Examples |", "|---|---|---:|---|"]
    for field in sorted(by_field, key=field_order.__getitem__):
        ranked = sorted(by_field[field], key=lambda c: (-c[0], c[1], c[2]))
        for count, zeek_value, vigil_value, members in ranked[:MAX_CLASSES_PER_FIELD]:
            lines.append(f"| {field} | {md_value(zeek_value)} -> {md_value(vigil_value)} "
                         f"| {count} | {render_examples(members)} |")
        hidden = ranked[MAX_CLASSES_PER_FIELD:]
        if hidden:
            lines.append(f"| {field} | ... {len(hidden)} more classes "
                         f"| {sum(c[0] for c in hidden)} | |")
    return lines + [""]


def render_report(all_results: list[TraceResult], baselines: Path, min_match: float,
                  app_threshold: float | None = None, scope: dict[str, str] | None = None) -> str:
    results = [r for r in all_results if r.has_conn]  # the conn.log part
    in_scope = [r for r in results if r.in_scope]
    out_of_scope = [r for r in results if not r.in_scope]
    in_totals = add_up(in_scope)
    lines = [f"Generated by `tests/conformance/zeek_conformance.py` from `{baselines}`.", ""]
    lines += render_summary(in_totals, add_up(out_of_scope), min_match)
    lines += render_field_table(in_totals)
    lines += render_trace_table(results)
    lines += ["## Differences", "",
              "Grouped by field and value (Zeek's value -> vigil's value), most frequent first; "
              "`row` lists baseline rows vigil did not write and rows only vigil wrote. "
              "Traces that failed to run are not included.", ""]
    lines += render_difference_classes("In-scope traces", in_scope)
    lines += render_difference_classes("Out-of-scope traces", out_of_scope)
    for spec in app_logs.LOG_SPECS:
        lines += app_logs.render_app_section(spec, *app_results(all_results, spec.name, scope), app_threshold)
    return "\n".join(lines)


def app_results(results: list[TraceResult], log: str,
                scope: dict[str, str] | None = None) -> tuple[list, list]:
    """The (in-scope, out-of-scope) results of one application log. A trace is out of scope for this log
    alone when the scope file names it as '<log>.log:<trace>' (e.g. QUIC's TLS in ssl.log)."""
    scope = scope or {}
    def in_scope(r: TraceResult) -> bool:
        return r.in_scope and f"{log}.log:{r.name}" not in scope
    results_of_log = [(r, a) for r in results for a in r.app if a.log == log]
    for r, a in results_of_log:
        a.out_of_scope_reason = r.out_of_scope_reason or scope.get(f"{log}.log:{r.name}")
    return ([a for r, a in results_of_log if in_scope(r)], [a for r, a in results_of_log if not in_scope(r)])


def write_report(path: Path, generated: str) -> None:
    """Replace the text between the markers, or write a new file around them."""
    block = f"{MARKER_BEGIN}\n{generated}\n{MARKER_END}"
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    begin, end = existing.find(MARKER_BEGIN), existing.find(MARKER_END)
    if 0 <= begin < end:
        text = existing[:begin] + block + existing[end + len(MARKER_END):]
    else:
        text = f"# Zeek conformance of vigil's logs\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def read_scope(path: Path) -> dict[str, str]:
    """Read name<TAB>reason lines; '#' starts a comment line."""
    scope = {}
    if not path.is_file():
        return scope
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.partition("\t")
        scope[name.strip()] = reason.strip() or "(no reason given)"
    return scope


def select_entries(index: list[dict], patterns: list[str] | None) -> list[dict]:
    wanted = {"conn.log"} | {spec.file_name for spec in app_logs.LOG_SPECS}
    entries = [e for e in index if wanted & set(e.get("logs", []))]
    if patterns:
        entries = [e for e in entries if any(fnmatch.fnmatchcase(e["name"], p) for p in patterns)]
    return entries


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--vigil", type=Path, help="the vigil executable")
    parser.add_argument("--baselines", required=True, type=Path,
                        help="zeek-baselines folder (with index.json)")
    parser.add_argument("--report", type=Path, help="Markdown report to write or update")
    parser.add_argument("--min-match", type=float, default=0.95,
                        help="required in-scope core-match rate (default 0.95)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only this trace (name or shell pattern; repeatable)")
    parser.add_argument("--scope", type=Path, default=DEFAULT_SCOPE_FILE,
                        help="out-of-scope list (default: out_of_scope.tsv next to this script)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help="seconds allowed per trace (default 60)")
    parser.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 1),
                        help="traces run at once")
    parser.add_argument("--app-threshold", type=float, metavar="PCT",
                        help="required in-scope core-match percentage of each of dns.log, ssl.log "
                             "and http.log (default: report only)")
    parser.add_argument("--vigil-logs", type=Path, metavar="DIR",
                        help="read vigil's logs from DIR/<trace>/ instead of running vigil")
    args = parser.parse_args(argv)
    if args.vigil is None and args.vigil_logs is None:
        parser.error("one of --vigil or --vigil-logs is required")
    return args


def main(argv: list[str]) -> int:
    args = parse_arguments(argv)
    if not args.baselines.is_dir():
        print(f"SKIP: {args.baselines} not found (the shared data is absent in a user's clone)")
        return SKIP_EXIT_CODE
    if args.vigil_logs is None and not (args.vigil.is_file() and os.access(args.vigil, os.X_OK)):
        print(f"error: {args.vigil} is not an executable file", file=sys.stderr)
        return 2
    try:
        index = json.loads((args.baselines / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"error: cannot read {args.baselines / 'index.json'}: {error}", file=sys.stderr)
        return 2
    entries = select_entries(index, args.only)
    if not entries:
        print(f"error: no trace with a conn/dns/ssl/http baseline matches {args.only}", file=sys.stderr)
        return 2
    scope = read_scope(args.scope)
    for name in sorted({n.partition(".log:")[2] or n for n in scope} - {e["name"] for e in index}):
        print(f"warning: {args.scope.name} names unknown trace {name}", file=sys.stderr)

    vigil = args.vigil.resolve() if args.vigil else None
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = pool.map(lambda e: check_trace(e, args.baselines, vigil, scope, args.timeout,
                                              args.vigil_logs), entries)
        for result in runs:
            print(format_trace_line(result), flush=True)
            results.append(result)

    if args.report:
        write_report(args.report, render_report(results, args.baselines, args.min_match,
                                                args.app_threshold, scope))
    status = verdict(add_up([r for r in results if r.in_scope and r.has_conn]), args.min_match)
    by_log = {spec.name: app_results(results, spec.name, scope)[0] for spec in app_logs.LOG_SPECS}
    for line, ok in app_logs.app_verdicts(by_log, args.app_threshold):
        print(line)
        status = status or (0 if ok else 1)
    return status


def verdict(in_scope: Totals, min_match: float) -> int:
    rate = in_scope.core_match_rate
    if rate is None:
        print("No in-scope baseline rows selected: nothing to judge.")
        return 0
    summary = (f"in-scope core-match rate {100 * rate:.2f}% "
               f"({in_scope.core_matches}/{in_scope.baseline_rows} rows, "
               f"{in_scope.traces} traces), threshold {100 * min_match:.2f}%")
    if rate >= min_match:
        print(f"PASS: {summary}")
        return 0
    print(f"FAIL: {summary}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
