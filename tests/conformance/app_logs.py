"""dns.log, ssl.log and http.log conformance: pairing vigil's rows with Zeek's and comparing them.

Used by zeek_conformance.py, which runs vigil and reads the logs (the ZeekLog objects passed in have
`fields`, a set of column names, and `rows`, dicts of normalised values: '-' unset, '(empty)' empty).

How rows are paired
    The uid differs between tools and ts is masked in the baselines, so a row is identified by its
    connection and its place in it:
      1. rows with the same connection (id.orig_h, id.orig_p, id.resp_h, id.resp_p, plus proto for dns)
         and the same discriminator (dns: trans_id and query; http: trans_depth; ssl: none) pair up in
         file order;
      2. rows left over pair on the connection alone, in file order, so a wrong query or trans_depth
         shows as a field difference rather than as a missing row and an extra one;
      3. the rest are missing in vigil (baseline rows) or extra in vigil (vigil rows).
    Only the key columns present in both files are used.

How rows are compared
    Each compared field present in both files is compared as text. A row is a core match when it is
    paired and all its compared fields are equal; the core-match rate is core matches / baseline rows,
    so missing rows count as failures.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict, deque

UNSET = "-"
ROW = "row"  # pseudo-field for missing and extra rows
MAX_CLASSES_PER_FIELD = 15
MAX_EXAMPLE_TRACES = 3
CONNECTION_FIELDS = ("id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p")


@dataclasses.dataclass(frozen=True)
class LogSpec:
    name: str  # "dns"
    connection: tuple[str, ...]  # columns naming the connection
    discriminator: tuple[str, ...]  # columns telling a connection's rows apart
    compared: tuple[str, ...]  # compared when present in both files
    optional: tuple[str, ...] = ()  # compared only when the baseline has them (extra Zeek scripts)

    @property
    def file_name(self) -> str:
        return f"{self.name}.log"


LOG_SPECS = (
    LogSpec("dns", ("proto",) + CONNECTION_FIELDS, ("trans_id", "query"),
            ("query", "qclass", "qtype", "rcode", "AA", "TC", "RD", "RA", "answers", "TTLs")),
    LogSpec("ssl", CONNECTION_FIELDS, (),
            ("version", "cipher", "curve", "server_name", "resumed", "established", "next_protocol"),
            optional=("ja3",)),
    LogSpec("http", CONNECTION_FIELDS, ("trans_depth",),
            ("method", "host", "uri", "referrer", "version", "user_agent", "status_code", "status_msg",
             "request_body_len", "response_body_len", "resp_mime_types")),
)


def all_fields(spec: LogSpec) -> tuple[str, ...]:
    return spec.compared + spec.optional


@dataclasses.dataclass
class AppMismatch:
    trace: str
    field: str
    baseline_value: str
    vigil_value: str
    where: str


@dataclasses.dataclass
class AppResult:
    """One log of one trace."""
    trace: str
    log: str
    baseline_rows: int = 0
    vigil_rows: int = 0
    paired: int = 0
    core_matches: int = 0
    note: str = ""  # e.g. vigil wrote no such log
    out_of_scope_reason: str | None = None
    missing: list[dict[str, str]] = dataclasses.field(default_factory=list)
    extra: list[dict[str, str]] = dataclasses.field(default_factory=list)
    compared: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    matched: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    mismatches: list[AppMismatch] = dataclasses.field(default_factory=list)

    def first_difference(self) -> str:
        if self.mismatches:
            m = self.mismatches[0]
            return f"{m.field}: zeek {m.baseline_value!r} vigil {m.vigil_value!r} [{m.where}]"
        if self.missing:
            return f"missing in vigil [{describe_row(self.missing[0])}]"
        if self.extra:
            return f"extra in vigil [{describe_row(self.extra[0])}]"
        return self.note


def describe_row(row: dict[str, str]) -> str:
    def end(host: str, port: str) -> str:
        h, p = row.get(host, "?"), row.get(port, "?")
        return f"[{h}]:{p}" if ":" in h else f"{h}:{p}"
    text = f"{end('id.orig_h', 'id.orig_p')} -> {end('id.resp_h', 'id.resp_p')}"
    for field in ("trans_id", "query", "trans_depth", "server_name"):
        if row.get(field, UNSET) != UNSET:
            text += f" {field}={row[field]}"
    return text


def pair_app_rows(spec: LogSpec, baseline: list[dict[str, str]], vigil: list[dict[str, str]],
                  common: set[str]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Return (pairs, missing, extra); see the module docstring."""
    connection = [f for f in spec.connection if f in common]
    full = connection + [f for f in spec.discriminator if f in common]
    pairs: list[tuple[dict, dict]] = []
    left_baseline, left_vigil = list(baseline), list(vigil)
    for key_fields in (full, connection):
        queues: dict[tuple, deque] = defaultdict(deque)
        for row in left_vigil:
            queues[tuple(row.get(f, UNSET) for f in key_fields)].append(row)
        still = []
        for row in left_baseline:
            queue = queues[tuple(row.get(f, UNSET) for f in key_fields)]
            if queue:
                pairs.append((row, queue.popleft()))
            else:
                still.append(row)
        left_baseline = still
        left_vigil = [row for queue in queues.values() for row in queue]
    return pairs, left_baseline, left_vigil


def compare_app_log(spec: LogSpec, trace: str, baseline, vigil) -> AppResult:
    """Compare one trace's log; `vigil` is None when vigil wrote no such file."""
    result = AppResult(trace, spec.name, baseline_rows=len(baseline.rows))
    if vigil is None:
        result.missing = list(baseline.rows)
        result.note = f"vigil wrote no {spec.file_name}"
        return result
    result.vigil_rows = len(vigil.rows)
    common = baseline.fields & vigil.fields
    pairs, result.missing, result.extra = pair_app_rows(spec, baseline.rows, vigil.rows, common)
    result.paired = len(pairs)
    fields = [f for f in all_fields(spec) if f in common]
    for zeek_row, vigil_row in pairs:
        core = True
        for field in fields:
            result.compared[field] += 1
            if zeek_row[field] == vigil_row[field]:
                result.matched[field] += 1
                continue
            core = False
            result.mismatches.append(AppMismatch(trace, field, zeek_row[field], vigil_row[field],
                                                 describe_row(zeek_row)))
        result.core_matches += core
    return result


# --------------------------------------------------------------------------
# Totals, verdict and the Markdown sections
# --------------------------------------------------------------------------

@dataclasses.dataclass
class AppTotals:
    traces: int = 0
    baseline_rows: int = 0
    vigil_rows: int = 0
    paired: int = 0
    core_matches: int = 0
    missing: int = 0
    extra: int = 0
    compared: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    matched: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))

    @property
    def core_match_rate(self) -> float | None:
        return self.core_matches / self.baseline_rows if self.baseline_rows else None


def add_up_app(results: list[AppResult]) -> AppTotals:
    totals = AppTotals()
    for r in results:
        totals.traces += 1
        totals.baseline_rows += r.baseline_rows
        totals.vigil_rows += r.vigil_rows
        totals.paired += r.paired
        totals.core_matches += r.core_matches
        totals.missing += len(r.missing)
        totals.extra += len(r.extra)
        for field, n in r.compared.items():
            totals.compared[field] += n
            totals.matched[field] += r.matched[field]
    return totals


def app_verdicts(results_by_log: dict[str, list[AppResult]], threshold: float | None) -> list[tuple[str, bool]]:
    """One line per log with baseline rows, and whether it passes (always, without a threshold)."""
    lines = []
    for spec in LOG_SPECS:
        totals = add_up_app(results_by_log.get(spec.name, []))
        rate = totals.core_match_rate
        if rate is None:
            continue
        text = (f"{spec.file_name} core-match rate {100 * rate:.2f}% "
                f"({totals.core_matches}/{totals.baseline_rows} rows, {totals.traces} traces)")
        if threshold is None:
            lines.append((f"REPORT: {text}, no threshold (--app-threshold)", True))
        else:
            ok = 100 * rate >= threshold
            lines.append((f"{'PASS' if ok else 'FAIL'}: {text}, threshold {threshold:.2f}%", ok))
    return lines


def _percent(numerator: int, denominator: int) -> str:
    return f"{100.0 * numerator / denominator:.1f}%" if denominator else "n/a"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _value(value: str) -> str:
    return "`" + _cell(value).replace("`", "'") + "`" if value else "(none)"


def render_app_section(spec: LogSpec, in_scope: list[AppResult], out_of_scope: list[AppResult],
                       threshold: float | None) -> list[str]:
    totals = add_up_app(in_scope)
    outside = add_up_app(out_of_scope)
    judged = f"threshold {threshold:.1f}%" if threshold is not None else "report only"
    pairing = (f"the connection and {' + '.join(spec.discriminator)} (then on the connection alone, in order)"
               if spec.discriminator else "the connection, in order")
    lines = [
        f"## {spec.file_name}", "",
        f"- In-scope traces with {spec.file_name} rows: {totals.traces}; out-of-scope: {outside.traces} "
        f"({outside.baseline_rows} rows, not counted)",
        f"- Baseline rows in scope: {totals.baseline_rows}; matched (paired): {totals.paired}; "
        f"vigil rows: {totals.vigil_rows}",
        f"- Core-match rate: **{_percent(totals.core_matches, totals.baseline_rows)}** "
        f"({totals.core_matches}/{totals.baseline_rows}; {judged})",
        f"- Missing in vigil: {totals.missing} rows; extra in vigil: {totals.extra} rows",
        "",
        f"Rows pair on {pairing}. "
        "A core match is a paired row whose compared fields are all equal.",
        "",
        "| Field | Compared | Matched | Rate | Not compared |", "|---|---:|---:|---:|---:|",
    ]
    for field in all_fields(spec):
        compared, matched = totals.compared[field], totals.matched[field]
        if field in spec.optional and not compared:
            continue
        lines.append(f"| {field} | {compared} | {matched} | {_percent(matched, compared)} "
                     f"| {totals.paired - compared} |")
    lines += ["", "| Trace | Baseline | Vigil | Paired | Core match | Missing | Extra | First difference |",
              "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in in_scope:
        lines.append(f"| {_cell(r.trace)} | {r.baseline_rows} | {r.vigil_rows} | {r.paired} "
                     f"| {r.core_matches} ({_percent(r.core_matches, r.baseline_rows)}) "
                     f"| {len(r.missing)} | {len(r.extra)} | {_cell(r.first_difference())} |")
    lines += ["", *render_app_differences(spec, in_scope)]
    if out_of_scope:
        lines += [f"### {spec.file_name}: out-of-scope traces", "", "| Trace | Baseline rows | Reason |",
                  "|---|---:|---|"]
        lines += [f"| {_cell(r.trace)} | {r.baseline_rows} | {_cell(r.out_of_scope_reason or '')} |"
                  for r in out_of_scope]
        lines.append("")
    return lines


def render_app_differences(spec: LogSpec, results: list[AppResult]) -> list[str]:
    classes: dict[tuple[str, str, str], list[AppMismatch]] = defaultdict(list)
    for r in results:
        for m in r.mismatches:
            classes[(m.field, m.baseline_value, m.vigil_value)].append(m)
        for row in r.missing:
            classes[(ROW, f"{spec.name} row", "missing")].append(
                AppMismatch(r.trace, ROW, "", "", describe_row(row)))
        for row in r.extra:
            classes[(ROW, "", f"extra {spec.name} row")].append(
                AppMismatch(r.trace, ROW, "", "", describe_row(row)))
    lines = [f"### {spec.file_name} differences (in scope)", ""]
    if not classes:
        return lines + ["No differences.", ""]
    order = {f: i for i, f in enumerate((ROW,) + all_fields(spec))}
    by_field: dict[str, list] = defaultdict(list)
    for (field, zeek_value, vigil_value), members in classes.items():
        by_field[field].append((len(members), zeek_value, vigil_value, members))
    lines += ["| Field | Zeek -> vigil | Rows | Examples |", "|---|---|---:|---|"]
    for field in sorted(by_field, key=order.__getitem__):
        ranked = sorted(by_field[field], key=lambda c: (-c[0], c[1], c[2]))
        for count, zeek_value, vigil_value, members in ranked[:MAX_CLASSES_PER_FIELD]:
            traces = list(dict.fromkeys(m.trace for m in members))
            shown = [f"{traces[0]} ({members[0].where})"] + traces[1:MAX_EXAMPLE_TRACES]
            more = len(traces) - MAX_EXAMPLE_TRACES
            examples = "; ".join(shown) + (f" and {more} more" if more > 0 else "")
            lines.append(f"| {field} | {_value(zeek_value)} -> {_value(vigil_value)} | {count} "
                         f"| {_cell(examples)} |")
        hidden = ranked[MAX_CLASSES_PER_FIELD:]
        if hidden:
            lines.append(f"| {field} | ... {len(hidden)} more classes | {sum(c[0] for c in hidden)} | |")
    return lines + [""]
