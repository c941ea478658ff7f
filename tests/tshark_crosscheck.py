#!/usr/bin/env python3
"""Independent check of vigil convert against tshark on a capture vigil-gencap writes.

Usage: tshark_crosscheck.py VIGIL GENCAP

1. `tshark -q -z conv,tcp -z conv,udp` lists the conversations: vigil must find the same 5-tuples, with the
   same number of frames, and the same frame bytes (exactly where tshark prints bytes, to its rounding
   where it prints kB/MB; frame bytes = IP bytes + 14 per packet, the capture has no VLAN tags).
2. `tshark -T fields` gives each packet's IP length and TCP/UDP payload length: per 5-tuple the sums must
   equal vigil's orig_ip_bytes+resp_ip_bytes and orig_bytes+resp_bytes (the generator writes no
   retransmissions, so payload seen equals payload sent).
"""
import collections
import ipaddress
import re
import subprocess
import sys
import tempfile
from pathlib import Path

UNITS = {"bytes": 1, "kB": 1000, "MB": 1000**2, "GB": 1000**3}


def endpoint(text):
    host, port = text.rsplit(":", 1)
    return (str(ipaddress.ip_address(host.strip("[]"))), int(port))


def key(proto, a, b):
    return (proto,) + tuple(sorted([a, b]))


def tshark_conversations(capture):
    out = subprocess.run(["tshark", "-q", "-n", "-r", capture, "-z", "conv,tcp", "-z", "conv,udp"],
                         check=True, capture_output=True, text=True).stdout
    convs, proto = {}, None
    row = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+(\d+) (\d+) (\w+)\s+(\d+) (\d+) (\w+)\s+(\d+) (\d+) (\w+)")
    for line in out.splitlines():
        if line.startswith("TCP Conversations"):
            proto = "tcp"
        elif line.startswith("UDP Conversations"):
            proto = "udp"
        m = row.match(line)
        if m and proto:
            convs[key(proto, endpoint(m[1]), endpoint(m[2]))] = (int(m[9]), int(m[10]) * UNITS[m[11]], UNITS[m[11]])
    return convs


def tshark_packet_sums(capture):
    fields = ["ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport",
              "udp.dstport", "ip.len", "ipv6.plen", "tcp.len", "udp.length"]
    cmd = ["tshark", "-n", "-r", capture, "-Y", "tcp or udp", "-T", "fields", "-E", "separator=\t"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    sums = collections.defaultdict(lambda: [0, 0])
    for line in out.splitlines():
        v = dict(zip(fields, line.split("\t")))
        proto = "tcp" if v["tcp.srcport"] else "udp"
        src = (str(ipaddress.ip_address(v["ip.src"] or v["ipv6.src"])), int(v[f"{proto}.srcport"]))
        dst = (str(ipaddress.ip_address(v["ip.dst"] or v["ipv6.dst"])), int(v[f"{proto}.dstport"]))
        ip_bytes = int(v["ip.len"]) if v["ip.len"] else int(v["ipv6.plen"]) + 40
        payload = int(v["tcp.len"]) if proto == "tcp" else int(v["udp.length"]) - 8
        s = sums[key(proto, src, dst)]
        s[0] += ip_bytes
        s[1] += payload
    return sums


def vigil_connections(vigil, capture, out_dir):
    subprocess.run([vigil, "convert", capture, "-o", out_dir], check=True, capture_output=True)
    lines = Path(out_dir, "conn.log").read_text().splitlines()
    names = next(l for l in lines if l.startswith("#fields")).split("\t")[1:]
    # packets, ip bytes, payload bytes, and whether every row had byte counts (Zeek leaves them unset when a
    # connection lasted 0 s, e.g. one packet)
    conns = collections.defaultdict(lambda: [0, 0, 0, True])
    for line in lines:
        if line.startswith("#"):
            continue
        r = dict(zip(names, line.split("\t")))
        if r["proto"] not in ("tcp", "udp"):
            continue
        k = key(r["proto"], (r["id.orig_h"], int(r["id.orig_p"])), (r["id.resp_h"], int(r["id.resp_p"])))
        c = conns[k]  # several vigil connections on one 5-tuple add up to tshark's one conversation
        c[0] += int(r["orig_pkts"]) + int(r["resp_pkts"])
        c[1] += int(r["orig_ip_bytes"]) + int(r["resp_ip_bytes"])
        c[2] += sum(int(r[f]) for f in ("orig_bytes", "resp_bytes") if r[f] != "-")
        c[3] = c[3] and r["orig_bytes"] != "-"
    return conns


def main():
    vigil, gencap = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        capture = f"{tmp}/cross.pcap"
        subprocess.run([gencap, "--out", capture, "--bytes", "6M", "--seed", "11", "--vlan-share", "0",
                        "--ipv6-share", "0.2"], check=True, capture_output=True)
        convs = tshark_conversations(capture)
        sums = tshark_packet_sums(capture)
        conns = vigil_connections(vigil, capture, tmp)
    if set(convs) != set(conns):
        failures.append(f"5-tuples: {len(set(convs) - set(conns))} only in tshark, "
                        f"{len(set(conns) - set(convs))} only in vigil; e.g. "
                        f"{sorted(set(convs) ^ set(conns))[:3]}")
    for k in sorted(set(convs) & set(conns)):
        frames, frame_bytes, unit = convs[k]
        packets, ip_bytes, payload, has_bytes = conns[k]
        vigil_frame_bytes = ip_bytes + 14 * packets
        if frames != packets:
            failures.append(f"{k}: tshark {frames} frames, vigil {packets} packets")
        if abs(frame_bytes - vigil_frame_bytes) > (0 if unit == 1 else unit):
            failures.append(f"{k}: tshark {frame_bytes} frame bytes, vigil {vigil_frame_bytes}")
        if sums[k][0] != ip_bytes or (has_bytes and sums[k][1] != payload):
            failures.append(f"{k}: tshark ip/payload bytes {sums[k]}, vigil {[ip_bytes, payload]}")
    for f in failures[:20]:
        print("FAIL:", f)
    print(f"tshark_crosscheck: {len(convs)} conversations, {len(failures)} differences")
    return 1 if failures or len(convs) < 100 else 0


if __name__ == "__main__":
    sys.exit(main())
