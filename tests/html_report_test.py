#!/usr/bin/env python3
"""The HTML report in a real browser (Debian's chromium, headless, a fresh profile): on a simulated
network with three extra beacons whose TLS SNI, DNS name and HTTP user agent carry markup, the page
ranks the infected hosts first, draws the plots of the opened findings, shows every planted payload as
text and runs none of it; `vigil report` on the saved JSON writes the same page; a screenshot is kept.

usage: html_report_test.py VIGIL SIMULATE OUT_DIR"""
import html.parser
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

# What an attacker writes into the fields a report shows. Each would change the page if it ran:
# alert() in the issue's own example, and two that mark the body where the test can see it.
PAYLOAD_SNI = "<img src=x onerror=alert(1)>"
PAYLOAD_DNS = "<img src=x onerror=\"document.body.classname='pwned'\">.example"  # names are lower-cased
PAYLOAD_UA = "<script>document.body.setAttribute('data-pwned','ua')</script><img src=x onerror=alert(2)>"

DAY_START = 1704067200  # Monday 2024-01-01 00:00 UTC, the simulator's first day


class ZeekLog:
    """A Zeek TSV log the simulator wrote, to which rows are added by field name."""

    def __init__(self, path):
        self.path = path
        self.lines = open(path).read().splitlines()
        self.fields = next(l.split("\t")[1:] for l in self.lines if l.startswith("#fields"))
        self.rows = []

    def add(self, **values):
        self.rows.append("\t".join(str(values.get(f.replace(".", "_"), "-")) for f in self.fields))

    def save(self):
        body = [l for l in self.lines if not l.startswith("#close")]
        tail = [l for l in self.lines if l.startswith("#close")]
        with open(self.path, "w") as out:
            out.write("\n".join(body + self.rows + tail) + "\n")


def plant_beacons(sim_dir):
    """Three beacons from hosts the simulator does not use, each named by a payload. Returns their hosts."""
    logs = {name: ZeekLog(os.path.join(sim_dir, name + ".log")) for name in ("conn", "ssl", "http", "dns")}
    rng = random.Random(7)
    plans = [  # host, server, port, service, period
        ("10.1.0.201", "203.0.113.10", 443, "ssl", 300),
        ("10.1.0.202", "203.0.113.20", 80, "http", 120),
        ("10.1.0.203", "203.0.113.30", 8443, None, 600),
    ]
    logs["dns"].add(ts=f"{DAY_START + 1:.6f}", uid="CdnsPayload1", id_orig_h="10.1.0.203", id_orig_p=53001,
                    id_resp_h="198.51.100.53", id_resp_p=53, proto="udp", trans_id=1, query=PAYLOAD_DNS,
                    qclass=1, qclass_name="C_INTERNET", qtype=1, qtype_name="A", rcode=0, rcode_name="NOERROR",
                    AA="F", TC="F", RD="T", RA="T", Z=0, answers="203.0.113.30", TTLs="86400.000000", rejected="F")
    for host, server, port, service, period in plans:
        t = DAY_START + 60.0
        n = 0
        while t < DAY_START + 86400:
            uid = f"Cpay{host.split('.')[-1]}x{n}"
            logs["conn"].add(ts=f"{t:.6f}", uid=uid, id_orig_h=host, id_orig_p=40000 + n % 20000, id_resp_h=server,
                             id_resp_p=port, proto="tcp", service=service or "-", duration="0.400000",
                             orig_bytes=310, resp_bytes=520, conn_state="SF", missed_bytes=0, history="ShADadFf",
                             orig_pkts=6, orig_ip_bytes=630, resp_pkts=5, resp_ip_bytes=780)
            if service == "ssl":
                logs["ssl"].add(ts=f"{t + 0.05:.6f}", uid=uid, id_orig_h=host, id_orig_p=40000 + n % 20000,
                                id_resp_h=server, id_resp_p=port, version="TLSv12", server_name=PAYLOAD_SNI,
                                resumed="F", established="T")
            if service == "http":
                logs["http"].add(ts=f"{t + 0.05:.6f}", uid=uid, id_orig_h=host, id_orig_p=40000 + n % 20000,
                                 id_resp_h=server, id_resp_p=port, trans_depth=1, method="GET",
                                 host="updates.payload.example", uri="/check", version="1.1", user_agent=PAYLOAD_UA,
                                 request_body_len=0, response_body_len=200, status_code=200, status_msg="OK")
            t += period * (1 + rng.uniform(-0.05, 0.05))
            n += 1
    for log in logs.values():
        log.save()
    return {host for host, *_ in plans}


class Dom(html.parser.HTMLParser):
    """What the browser ended with: elements, their attributes, and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict)
        self.text = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def plant_other_signs(log_dir):
    """A host holding a three-hour shell open to a bare address, and one uploading 1.2 GB at night."""
    conn = ZeekLog(os.path.join(log_dir, "conn.log"))
    conn.add(ts=f"{DAY_START + 3600:.6f}", uid="Cshell1", id_orig_h="10.1.0.211", id_orig_p=41000,
             id_resp_h="203.0.113.40", id_resp_p=4444, proto="tcp", duration=f"{3 * 3600:.6f}", orig_bytes=40000,
             resp_bytes=900000, conn_state="S1", missed_bytes=0, history="ShADad", orig_pkts=900,
             orig_ip_bytes=80000, resp_pkts=900, resp_ip_bytes=950000)
    for night in range(3):
        conn.add(ts=f"{DAY_START + night * 3600 + 1800:.6f}", uid=f"Cupload{night}", id_orig_h="10.1.0.212",
                 id_orig_p=42000 + night, id_resp_h="203.0.113.50", id_resp_p=443, proto="tcp",
                 duration="600.000000", orig_bytes=400000000, resp_bytes=60000, conn_state="SF", missed_bytes=0,
                 history="ShADadFf", orig_pkts=300000, orig_ip_bytes=412000000, resp_pkts=9000, resp_ip_bytes=400000)
    conn.save()
    return {"10.1.0.211": "long-connection", "10.1.0.212": "exfiltration"}


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("FAIL: no chromium on PATH (scripts/setup installs Debian's chromium)")


def browse(browser, page, profile, *extra):
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
           "--virtual-time-budget=5000", *extra, "file://" + os.path.abspath(page)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(cmd)} exited {out.returncode}: {out.stderr[-2000:]}")
    return out.stdout


def main():
    vigil, simulate, out_dir = sys.argv[1:4]
    browser = chromium()
    failures = []
    tmp = tempfile.mkdtemp()
    try:
        sim = os.path.join(tmp, "sim")
        run = subprocess.run([simulate, "--out", sim, "--hosts", "40", "--days", "1", "--profiles", "defaults",
                              "--seed", "21"], capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"FAIL: vigil-simulate: {run.stderr}")
        planted = plant_beacons(sim)
        other_signs = plant_other_signs(sim)
        truth = [l.rstrip("\n").split("\t") for l in open(os.path.join(sim, "truth.tsv"))]
        col = {name: i for i, name in enumerate(truth[0])}
        infected = {r[col["internal"]] for r in truth[1:] if r[col["implant"]] == "T"} | planted | set(other_signs)

        report = os.path.join(tmp, "report.html")
        hunt = subprocess.run([vigil, "hunt", sim, "--json", "--top", "0", "--html", report],
                              capture_output=True, text=True)
        if hunt.returncode != 0:
            raise SystemExit(f"FAIL: vigil hunt exited {hunt.returncode}: {hunt.stderr}")
        doc = json.loads(hunt.stdout)
        found_hosts = {f["host"] for f in doc["findings"]}
        if not planted <= found_hosts:
            failures.append(f"the planted beacons {sorted(planted - found_hosts)} gave no finding: "
                            "the escaping checks below would prove nothing")
        saved = os.path.join(tmp, "findings.json")
        with open(saved, "w") as f:
            f.write(hunt.stdout)
        again = os.path.join(tmp, "again.html")
        rep = subprocess.run([vigil, "report", saved, "--html", again], capture_output=True, text=True)
        if rep.returncode != 0 or open(again, "rb").read() != open(report, "rb").read():
            failures.append(f"vigil report on the saved JSON did not write the same page ({rep.stderr})")

        raw = open(report).read()
        if raw.count("<img") or raw.count("<script") != 1:
            failures.append("a payload is in the page's source as markup")
        if "http://" in raw.replace("http://www.w3.org/2000/svg", "") or "https://" in raw:
            failures.append("the page refers to something on the network")

        dom = Dom()
        dom.feed(browse(browser, report, os.path.join(tmp, "profile1"), "--dump-dom"))
        text = "".join(dom.text)
        tags = [t for t, _ in dom.elements]
        attrs = {t: a for t, a in dom.elements if t in ("html", "body")}
        # Shown as text, run as nothing.
        for payload in (PAYLOAD_SNI, PAYLOAD_DNS, PAYLOAD_UA):
            if payload not in text:
                failures.append(f"payload not shown as text: {payload}")
        if "img" in tags or tags.count("script") != 1:
            failures.append(f"markup from the wire became elements: {tags.count('img')} img, "
                            f"{tags.count('script')} script")
        if any(k.startswith("on") for _, a in dom.elements for k in a):
            failures.append("an element carries an event handler")
        body = attrs.get("body", {})
        if "pwned" in body.get("class", "") or "data-pwned" in body:
            failures.append(f"a payload ran: body {body}")
        if "data-ready" not in attrs.get("html", {}):
            failures.append("the page's own script did not run (CSP hash wrong?)")

        # The infected hosts are the top of the ranking.
        ranked = [a["data-host"] for t, a in dom.elements if t == "tr" and "host" in a.get("class", "").split()]
        top = set(ranked[:len(infected) + 1])  # the simulator's rare benign cron job may rank among them
        if not infected <= top:
            failures.append(f"infected hosts {sorted(infected - top)} are not in the top {len(infected) + 1}: {ranked}")
        # The opened findings (the ten best) have every plot their JSON carries, with bars and marks.
        opened = doc["findings"][:10]
        want_svgs = sum(len(f.get("plots", [])) for f in opened)
        want_marks = sum(len(p["marks"]) for f in opened for p in f.get("plots", []))
        svgs = tags.count("svg")
        bars = sum(1 for t, a in dom.elements if t == "rect" and a.get("class") == "bar")
        marks = sum(1 for t, a in dom.elements if t == "line" and a.get("class") == "mark")
        if svgs != want_svgs or marks != want_marks or bars < want_svgs or want_svgs < 3 * 5:
            failures.append(f"plots: {svgs} svg (want {want_svgs}), {marks} marks (want {want_marks}), {bars} bars")

        # Each detector's finding draws its own plots: a page of just the other signs, every finding opened.
        found_other = {(f["host"], f["detector"]) for f in doc["findings"] if f["host"] in other_signs}
        for host, detector in other_signs.items():
            if (host, detector) not in found_other:
                failures.append(f"{host}: no {detector} finding (found {sorted(found_other)})")
        only = {**doc, "findings": [f for f in doc["findings"] if f["host"] in other_signs], "hosts": []}
        for rank, f in enumerate(only["findings"], 1):
            f["rank"] = rank
        small_json = os.path.join(tmp, "other.json")
        with open(small_json, "w") as f:
            json.dump(only, f)
        small = os.path.join(tmp, "other.html")
        subprocess.run([vigil, "report", small_json, "--html", small], check=True)
        other = Dom()
        other.feed(browse(browser, small, os.path.join(tmp, "profile3"), "--dump-dom"))
        titles = " | ".join(t for t in other.text if "per " in t or "durations" in t or "hour of day" in t)
        for want in ("session durations", "minutes connected per", "bytes sent per", "bytes sent by hour of day"):
            if want not in titles:
                failures.append(f"plot '{want}' not drawn for the other signs: {titles}")
        if [t for t, _ in other.elements].count("svg") != 4:
            failures.append(f"{[t for t, _ in other.elements].count('svg')} plots for a long session and an upload, want 4")

        os.makedirs(out_dir, exist_ok=True)
        shot = os.path.join(out_dir, "html_report_test.png")
        browse(browser, report, os.path.join(tmp, "profile2"), "--window-size=1400,2200", f"--screenshot={shot}")
        png = open(shot, "rb").read()
        if not png.startswith(b"\x89PNG") or len(png) < 20000:
            failures.append(f"screenshot {shot}: {len(png)} bytes")
        print(f"{len(ranked)} hosts, {len(doc['findings'])} findings, {svgs} plots; screenshot {shot}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("html report: ok")


if __name__ == "__main__":
    main()
