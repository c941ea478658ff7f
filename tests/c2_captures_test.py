#!/usr/bin/env python3
"""vigil hunt on real command-and-control captures (../shared/data/c2-captures): the known malicious
channel must be the first beacon finding and its host the first host; the DNS tunnel, the long
session, AsyncRAT's certificate and AgentTesla's FTP upload are found by their detectors for the right host
(the upload's file names and bytes checked against tshark's own FTP dissector when tshark is installed);
the benign control raises nothing above low severity. Exit 77 (skipped) when the
shared data is absent, as in a user's clone.

The lab C2 servers of several captures sit on private addresses, so the infected host alone is named
internal (--internal HOST/32): the channel is then host -> C2, as on a real network with a public C2.
Truth (host, C2, port) comes from c2-captures/INDEX.md."""
import json
import os
import shutil
import subprocess
import sys

CASES = [
    # file, extra arguments, infected host, C2 address or name, port
    ("cs-https-default.pcap", ["--internal", "192.168.56.5/32"], "192.168.56.5", "192.168.56.4", 443),
    ("cs-dns-beacon.pcap", ["--internal", "192.168.56.7/32"], "192.168.56.7", "192.168.56.4", 53),
    ("caldera-sandcat-http.pcap", ["--internal", "172.18.0.3/32"], "172.18.0.3", "172.18.0.2", 8888),
    ("periodic-curl-2s.pcap", ["-C", "--internal", "147.32.80.37/32"], "147.32.80.37", "testing.com", 443),
    ("remcos-ctu-sme-11-zeek", [], "192.168.1.107", "66.63.168.35", 5888),
    # single-socket implants: the check-ins are messages inside one connection (captures show them)
    ("strrat-tcp.pcap", [], "192.168.100.11", "185.255.114.40", 8219),
    ("empire-http.cap", ["-C", "--internal", "172.18.39.5/32"], "172.18.39.5", "10.10.10.5", 80),
]
BENIGN = [("benign-webex.pcap", [])]
# file, infected host, detector, what the finding concerns (its subject starts with it)
OTHER_SIGNS = [
    ("iodine-cname.pcapng", "192.168.95.128", "dns-tunnel", "test456.com"),
    ("long-conn-nc.pcap", "192.168.2.186", "long-connection", "192.168.2.21:1234/tcp"),
    ("asyncrat-tls.pcap", "192.168.100.124", "certificate", "181.131.218.39:4041/tcp"),
    ("agenttesla-ftp-exfil.pcap", "192.168.100.164", "ftp-upload", "143.95.79.226:21/tcp"),
]


def hunt(vigil, path, args):
    out = subprocess.run([vigil, "hunt", path, "--json", "--top", "0"] + args, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"FAIL: vigil hunt {path} exited {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def tshark_uploads(path):
    """(file names stored, client bytes on ftp-data connections) by tshark's dissectors, or None."""
    if not shutil.which("tshark"):
        return None
    def fields(display_filter, field):
        out = subprocess.run(["tshark", "-r", path, "-Y", display_filter, "-T", "fields", "-e", field],
                             capture_output=True, text=True)
        return [line for line in out.stdout.splitlines() if line]
    names = fields('ftp.request.command == "STOR"', "ftp.request.arg")
    sizes = [int(x) for x in fields("ftp-data && tcp.len > 0", "tcp.len")]
    return names, sum(sizes)


def check_ftp_upload(name, path, finding, failures):
    expected = tshark_uploads(path)
    if expected is None:
        print(f"note {name}: tshark not installed, FTP upload not cross-checked")
        return
    names, data_bytes = expected
    files = [url.rsplit("/", 1)[-1] for url in finding.get("files", [])]
    if files != names or finding.get("bytes") != data_bytes:
        failures.append(f"{name}: vigil saw uploads {files} of {finding.get('bytes')} bytes, tshark {names} of {data_bytes}")
    else:
        print(f"ok   {name}: {files} and {data_bytes} bytes agree with tshark")


def main():
    vigil, data = sys.argv[1], sys.argv[2]
    markdown = "--markdown" in sys.argv[3:]  # also print a table for docs/detection.md
    root = os.path.join(data, "c2-captures")
    if not os.path.isdir(root):
        print(f"SKIP: {root} not present (the shared data is not part of a user's clone)")
        return 77
    failures = []
    rows = []
    other_rows = []
    for name, args, host, c2, port in CASES:
        doc = hunt(vigil, os.path.join(root, name), args)
        findings = [f for f in doc["findings"] if f["detector"] == "beacon"]
        if doc["hosts"] and doc["hosts"][0]["host"] != host:
            failures.append(f"{name}: first host {doc['hosts'][0]['host']}, want {host}")
        if not findings:
            failures.append(f"{name}: no finding")
            continue
        top = findings[0]
        dest = top["destination"]
        got = dest.get("name") or dest.get("address")
        ok = top["host"] == host and got == c2 and dest["port"] == port
        print(f"{'ok  ' if ok else 'FAIL'} {name}: #1 {top['host']} -> {got}:{dest['port']} score {top['score']:.2f} "
              f"every {top['period_s']:.1f} s ({len(findings)} findings)")
        rows.append(f"| {name} | {host} → {c2}:{port} | {'yes' if ok else 'no'} | {top['score']:.2f} | "
                    f"{top['period_s']:.1f} s | {top['jitter'] * 100:.0f}% | {len(findings)} |")
        if not ok:
            failures.append(f"{name}: first finding is {top['host']} -> {got}:{dest['port']}, want {host} -> {c2}:{port}")
        if not top["evidence"] or "checks in every" not in top["evidence"][0]:
            failures.append(f"{name}: no evidence lines")
    for name, host, detector, subject in OTHER_SIGNS:
        doc = hunt(vigil, os.path.join(root, name), [])
        top = doc["findings"][0] if doc["findings"] else {}
        ok = top.get("host") == host and top.get("detector") == detector and top.get("subject", "").startswith(subject)
        ok = ok and doc["hosts"][0]["host"] == host
        print(f"{'ok  ' if ok else 'FAIL'} {name}: #1 {top.get('host')} {top.get('detector')} {top.get('subject')} "
              f"score {top.get('score', 0):.2f} ({len(doc['findings'])} findings)")
        other_rows.append(f"| {name} | {host}: {detector} {subject} | {'yes' if ok else 'no'} | {top.get('score', 0):.2f} | "
                          f"{top.get('headline', '')} |")
        if not ok:
            failures.append(f"{name}: first finding {top.get('host')} {top.get('detector')} {top.get('subject')}, "
                            f"want {host} {detector} {subject}")
        elif detector == "ftp-upload":
            check_ftp_upload(name, os.path.join(root, name), top, failures)
    for name, args in BENIGN:
        doc = hunt(vigil, os.path.join(root, name), args)
        above_low = [f for f in doc["findings"] if f["severity"] != "low"]
        print(f"{'ok  ' if not above_low else 'FAIL'} {name}: {len(doc['findings'])} findings, "
              f"{len(above_low)} above low severity (benign control)")
        rows.append(f"| {name} (benign control) | — | — | — | — | — | {len(doc['findings'])} |")
        if above_low:
            failures.append(f"{name}: benign control raised {len(above_low)} findings above low severity")
    for f in failures:
        print("FAIL:", f)
    if markdown:
        print("\n| capture | malicious channel | ranked first | score | period | jitter | findings |")
        print("|---|---|---|---|---|---|---|")
        print("\n".join(rows))
        print("\n| capture | known sign | first finding | score | what |")
        print("|---|---|---|---|---|")
        print("\n".join(other_rows))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
