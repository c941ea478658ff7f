#!/usr/bin/env python3
"""The HTML report at scale: 10,000 findings from a simulated network (300 hosts, 3 days, every implant
profile, --min-score 0 so benign periodic services count too), written by `vigil report`, opened in
headless chromium. Reports the file size and the time to render: the wall time of chromium taking a
screenshot of the report, less the same for an empty page (browser start-up), best of 3; and the time
the page's own script says it finished (performance.now() at the end of report.js).

usage: bench/report_bench.py [--vigil build/vigil] [--simulate build/vigil-simulate] [--findings 10000]
                             [--keep DIR]"""
import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time


def chromium_run(page, profile_root, *extra):
    profile = tempfile.mkdtemp(dir=profile_root)
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}", *extra,
           "file://" + os.path.abspath(page)]
    start = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - start
    if out.returncode != 0:
        raise SystemExit(f"chromium failed: {out.stderr[-1000:]}")
    return elapsed, out.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vigil", default="build/vigil")
    ap.add_argument("--simulate", default="build/vigil-simulate")
    ap.add_argument("--findings", type=int, default=10000)
    ap.add_argument("--keep", help="keep the report and screenshot in this directory")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    try:
        sim = os.path.join(tmp, "sim")
        subprocess.run([args.simulate, "--out", sim, "--hosts", "300", "--days", "3", "--profiles", "all",
                        "--seed", "4"], check=True, capture_output=True)
        hunt = subprocess.run([args.vigil, "hunt", sim, "--json", "--min-score", "0", "--top", "0"],
                              check=True, capture_output=True, text=True)
        shutil.rmtree(sim)
        # The best N findings, and the hosts with their findings among them (--top counts hosts, not findings).
        doc = json.loads(hunt.stdout)
        doc["findings"] = doc["findings"][:args.findings]
        for h in doc["hosts"]:
            h["findings"] = [r for r in h["findings"] if r <= args.findings]
        doc["hosts"] = [h for h in doc["hosts"] if h["findings"]]
        findings = os.path.join(tmp, "findings.json")
        with open(findings, "w") as f:
            json.dump(doc, f)
        report = os.path.join(tmp, "report.html")
        start = time.monotonic()
        subprocess.run([args.vigil, "report", findings, "--html", report], check=True)
        write_s = time.monotonic() - start
        empty = os.path.join(tmp, "empty.html")
        with open(empty, "w") as f:
            f.write("<!DOCTYPE html><html><body>x</body></html>")
        shot = os.path.join(tmp, "report.png")
        base = min(chromium_run(empty, tmp, "--window-size=1400,1000", "--screenshot=" + shot)[0] for _ in range(3))
        full = min(chromium_run(report, tmp, "--window-size=1400,1000", "--screenshot=" + shot)[0] for _ in range(3))
        _, dom = chromium_run(report, tmp, "--dump-dom")
        ready = re.search(r'data-ready="(\d+)"', dom)
        size = os.path.getsize(report)
        print(f"findings: {len(doc['findings'])} on {len(doc['hosts'])} hosts")
        print(f"report: {size / 1e6:.1f} MB ({size / max(1, len(doc['findings'])):.0f} bytes per finding), "
              f"written by vigil report in {write_s:.2f} s")
        print(f"render: {full - base:.2f} s (screenshot {full:.2f} s less browser start-up {base:.2f} s, best of 3); "
              f"page script done at {int(ready.group(1)) / 1000 if ready else float('nan'):.2f} s")
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(report, args.keep)
            shutil.copy(shot, args.keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
