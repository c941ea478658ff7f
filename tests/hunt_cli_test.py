#!/usr/bin/env python3
"""vigil hunt from the command line: on the bundled example and on a freshly simulated network (another
seed), the implants of the truth file are the top findings; --json is valid JSON with the evidence;
the allowlist removes what it lists; exit codes 0/1/2 as documented."""
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def implants(truth_path):
    rows = [line.rstrip("\n").split("\t") for line in open(truth_path)]
    header = rows[0]
    col = {name: i for i, name in enumerate(header)}
    return {(r[col["internal"]], r[col["name"]]) for r in rows[1:] if r[col["implant"]] == "T"}


def top_pairs(doc, n):
    return {(f["host"], f["destination"].get("name") or f["destination"].get("address")) for f in doc["findings"][:n]}


def hunt_json(vigil, *args):
    out = run([vigil, "hunt", "--json", "--top", "0", *args])
    if out.returncode != 0:
        raise SystemExit(f"FAIL: vigil hunt {args} exited {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def same(a, b, path="$"):
    """The first difference between two JSON values (numbers within 1e-6 relative), or None."""
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or abs(a - b) > 1e-6 * max(1, abs(a), abs(b)):
            return f"{path}: {a!r} != {b!r}"
        return None
    if type(a) != type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{path}: keys {sorted(a.keys() ^ b.keys())} differ"
        return next((d for k in a if (d := same(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := same(x, y, f"{path}[{i}]"))), None)
    return None if a == b else f"{path}: {a!r} != {b!r}"


def main():
    vigil, simulate, source = sys.argv[1], sys.argv[2], sys.argv[3]
    failures = []
    example = os.path.join(source, "examples", "beacon-demo")
    truth = implants(os.path.join(source, "examples", "beacon-demo-truth.tsv"))
    doc = hunt_json(vigil, example)
    if top_pairs(doc, len(truth)) != truth:
        failures.append(f"example: top findings {top_pairs(doc, len(truth))}, want the implants {truth}")
    for f in doc["findings"]:
        if not f["evidence"] or f["period_s"] <= 0 or f["check_ins"] < 7:
            failures.append(f"example: finding without evidence: {f}")
    # The JSON document for the example, field by field against the golden file (regenerate with
    # VIGIL_UPDATE_GOLDEN=1 after a deliberate change, and read the diff): the inputs field is the path given.
    golden_path = os.path.join(source, "tests", "golden", "beacon-demo-hunt.json")
    doc["summary"]["inputs"] = ["examples/beacon-demo"]
    if os.environ.get("VIGIL_UPDATE_GOLDEN"):
        with open(golden_path, "w") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
    difference = same(json.load(open(golden_path)), doc)
    if difference:
        failures.append(f"--json differs from {golden_path}: {difference}")
    allow = hunt_json(vigil, example, "--allowlist", os.path.join(source, "examples", "allowlist.txt"))
    if len(allow["findings"]) != len(doc["findings"]) - 1 or allow["summary"]["allowlisted"] < 1:
        failures.append(f"allowlist: {len(allow['findings'])} findings, want {len(doc['findings']) - 1}")

    # The commented example configuration: its allowlist removes the cron job, like --allowlist.
    configured = hunt_json(vigil, example, "--config", os.path.join(source, "examples", "vigil.toml"))
    if len(configured["findings"]) != len(doc["findings"]) - 1:
        failures.append(f"--config examples/vigil.toml: {len(configured['findings'])} findings, "
                        f"want {len(doc['findings']) - 1}")
    # Every output names the same hosts in the same order.
    ndjson = [json.loads(l) for l in run([vigil, "hunt", "--ndjson", "--top", "0", example]).stdout.splitlines()]
    csv_rows = run([vigil, "hunt", "--csv", "--top", "0", example]).stdout.splitlines()
    if [f["host"] for f in ndjson] != [f["host"] for f in doc["findings"]] or len(csv_rows) != len(ndjson) + 1:
        failures.append(f"--ndjson ({len(ndjson)} lines) and --csv ({len(csv_rows)} rows) disagree with --json")

    tmp = tempfile.mkdtemp()
    try:
        # Another network, another seed: nothing tuned to the bundled example.
        sim = run([simulate, "--out", tmp, "--hosts", "25", "--days", "1", "--profiles", "defaults", "--seed", "11"])
        if sim.returncode != 0:
            raise SystemExit(f"FAIL: vigil-simulate: {sim.stderr}")
        want = implants(os.path.join(tmp, "truth.tsv"))
        got = hunt_json(vigil, tmp)
        top = top_pairs(got, len(want) + 1)  # one benign cron job per 100 hosts may rank among them
        if not want <= top:
            failures.append(f"simulated seed 11: implants {want - top} not among the top {len(want) + 1}")

        # A log cut short: exit 1, the error names the file, what was read still counts.
        conn = os.path.join(tmp, "conn.log")
        data = open(conn, "rb").read()
        with gzip.open(os.path.join(tmp, "cut.log.gz"), "wb") as f:
            f.write(data)
        raw = open(os.path.join(tmp, "cut.log.gz"), "rb").read()
        os.remove(conn)
        open(os.path.join(tmp, "cut.log.gz"), "wb").write(raw[: len(raw) * 3 // 4])
        cut = run([vigil, "hunt", "--json", tmp])
        if cut.returncode != 1 or "cut.log.gz" not in cut.stderr:
            failures.append(f"truncated log: exit {cut.returncode}, stderr {cut.stderr[-300:]}")
        elif not json.loads(cut.stdout)["summary"]["connections"]:
            failures.append("truncated log: nothing read before the cut counted")
    finally:
        shutil.rmtree(tmp)

    # A feed with a malformed line: reported with its line, the rest loaded and matched.
    feed = os.path.join(tempfile.gettempdir(), "vigil-hunt-cli-feed.txt")
    with open(feed, "w") as f:
        f.write("# test feed\n168.113.95.182 team server\nnot an indicator !!\n")
    fed = run([vigil, "hunt", "--json", "--top", "0", example, "--feed", feed])
    intel = [x for x in json.loads(fed.stdout)["findings"] if x["detector"] == "threat-intel"] if fed.stdout else []
    if fed.returncode != 0 or "vigil-hunt-cli-feed.txt:3:" not in fed.stderr or not intel:
        failures.append(f"--feed: exit {fed.returncode}, {len(intel)} intel findings, stderr {fed.stderr[-300:]}")
    elif intel[0]["host"] != "10.1.0.11" or intel[0]["feed"] != "vigil-hunt-cli-feed":
        failures.append(f"--feed: first intel finding {intel[0]['host']} from {intel[0]['feed']}")
    allow_file = os.path.join(tempfile.gettempdir(), "vigil-hunt-cli-allow.txt")
    with open(allow_file, "w") as f:
        f.write("168.113.95.182\n")
    allowed = run([vigil, "hunt", "--json", "--top", "0", example, "--feed", feed, "--allowlist", allow_file])
    if any(x["detector"] == "threat-intel" for x in json.loads(allowed.stdout)["findings"]):
        failures.append("--allowlist does not remove a threat-intel match of the address it lists")
    os.remove(allow_file)
    os.remove(feed)
    if run([vigil, "hunt", example, "--feed", "/nonexistent/feed.txt"]).returncode != 2:
        failures.append("--feed with a missing file does not exit 2")
    bad_config = os.path.join(tempfile.gettempdir(), "vigil-hunt-cli-bad.toml")
    with open(bad_config, "w") as f:
        f.write("top = 5\n[beacon]\nmin_confidance = 0.3\n")
    typo = run([vigil, "hunt", example, "--config", bad_config])
    if typo.returncode != 2 or "bad.toml:3: unknown key beacon.min_confidance" not in typo.stderr:
        failures.append(f"a typo in --config: exit {typo.returncode}, stderr {typo.stderr[:200]}")
    os.remove(bad_config)
    for args, want in [(["hunt"], 2), (["hunt", example, "--internal", "10.0.0.0/99"], 2),
                       (["hunt", example, "--min-score", "2"], 2), (["hunt", example, "--bogus"], 2),
                       (["hunt", "/nonexistent/input"], 1)]:
        got = run([vigil, *args]).returncode
        if got != want:
            failures.append(f"vigil {' '.join(args)}: exit {got}, want {want}")
    if "--allowlist" not in run([vigil, "hunt", "--help"]).stdout:
        failures.append("hunt --help does not teach --allowlist")
    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
