#!/usr/bin/env python3
"""Independent check of vigil convert against tshark on a capture vigil-gencap writes.

Usage: tshark_crosscheck.py VIGIL GENCAP

1. `tshark -q -z conv,tcp -z conv,udp` lists the conversations: vigil must find the same 5-tuples, with the
   same number of frames, and the same frame bytes (exactly where tshark prints bytes, to its rounding
   where it prints kB/MB; frame bytes = IP bytes + 14 per packet, the capture has no VLAN tags).
2. `tshark -T fields` gives each packet's IP length and TCP/UDP payload length: per 5-tuple the sums must
   equal vigil's orig_ip_bytes+resp_ip_bytes and orig_bytes+resp_bytes (the generator writes no
   retransmissions, so payload seen equals payload sent).
3. TLS: ssl.log must exist, and its set of server_name values must equal the non-empty SNI values of
   tshark's ClientHellos, each with the same server port. The capture must hold TLS on a port other than
   443 (the generator puts some on 8443), since vigil recognises TLS by content, not by port; pairing
   names with ports makes those count.
4. DNS on port 53: dns.log has one row per query/reply pair, plus a row for each query left unanswered and
   each reply whose query was not seen. The generator writes every reply after its query, so the rows
   whose query is set are exactly the queries asked: their names, as a multiset, must equal the names of
   tshark's queries (dns.flags.response==0), packets not rows, compared in lower case as Zeek folds them.
5. Every ssl.log and dns.log row's uid names a conn.log row whose service says ssl or dns.
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


def tshark_values(capture, display_filter, field):
    """Every value of `field` in the packets `display_filter` selects; a packet may hold several."""
    out = subprocess.run(["tshark", "-n", "-r", capture, "-Y", display_filter, "-T", "fields", "-e", field],
                         check=True, capture_output=True, text=True).stdout
    return [v for line in out.splitlines() for v in line.split(",") if v]


def tshark_client_hellos(capture):
    """(server port, SNI) of every ClientHello; the SNI is "" when the client sent none."""
    out = subprocess.run(["tshark", "-n", "-r", capture, "-Y", "tls.handshake.type==1", "-T", "fields",
                          "-e", "tcp.dstport", "-e", "tls.handshake.extensions_server_name"],
                         check=True, capture_output=True, text=True).stdout
    return [(int(port), name) for port, name in (line.split("\t") for line in out.splitlines())]


def read_zeek_log(path):
    """A Zeek TSV log's rows as dicts, or None when vigil did not write the log."""
    if not path.exists():
        return None
    lines = path.read_text().splitlines()
    names = next(l for l in lines if l.startswith("#fields")).split("\t")[1:]
    return [dict(zip(names, l.split("\t"))) for l in lines if not l.startswith("#")]


def vigil_connections(conn_log):
    # packets, ip bytes, payload bytes, and whether every row had byte counts (Zeek leaves them unset when a
    # connection lasted 0 s, e.g. one packet)
    conns = collections.defaultdict(lambda: [0, 0, 0, True])
    for r in conn_log:
        if r["proto"] not in ("tcp", "udp"):
            continue
        k = key(r["proto"], (r["id.orig_h"], int(r["id.orig_p"])), (r["id.resp_h"], int(r["id.resp_p"])))
        c = conns[k]  # several vigil connections on one 5-tuple add up to tshark's one conversation
        c[0] += int(r["orig_pkts"]) + int(r["resp_pkts"])
        c[1] += int(r["orig_ip_bytes"]) + int(r["resp_ip_bytes"])
        c[2] += sum(int(r[f]) for f in ("orig_bytes", "resp_bytes") if r[f] != "-")
        c[3] = c[3] and r["orig_bytes"] != "-"
    return conns


def check_sni(ssl_log, hellos, failures):
    if all(port == 443 for port, _ in hellos):
        failures.append("TLS: tshark sees no ClientHello off port 443, so recognition by content goes untested")
    want = {(port, name) for port, name in hellos if name}
    if ssl_log is None:
        failures.append(f"ssl.log: not written, though tshark sees {len(want)} server names in ClientHellos")
        return
    got = {(int(r["id.resp_p"]), r["server_name"]) for r in ssl_log if r["server_name"] != "-"}
    if got != want:
        failures.append(f"SNI (port, name): {len(want - got)} only in tshark, {len(got - want)} only in vigil; "
                        f"e.g. {sorted(want ^ got)[:3]}")


def check_dns_queries(dns_log, queries, failures):
    if dns_log is None:
        failures.append(f"dns.log: not written, though tshark sees {len(queries)} queries on port 53")
        return
    want = collections.Counter(q.lower() for q in queries)
    got = collections.Counter(r["query"] for r in dns_log if r["id.resp_p"] == "53" and r["query"] != "-")
    if got != want:
        only_tshark, only_vigil = want - got, got - want
        failures.append(f"DNS queries: {sum(only_tshark.values())} only in tshark, "
                        f"{sum(only_vigil.values())} only in vigil; e.g. {sorted(only_tshark + only_vigil)[:3]}")


def check_uids(conn_log, app_logs, failures):
    services = {r["uid"]: set(r["service"].split(",")) for r in conn_log}
    for name in ("ssl", "dns"):  # the log's name is the service it needs
        unlinked = [r["uid"] for r in app_logs[name] or [] if name not in services.get(r["uid"], ())]
        if unlinked:
            failures.append(f"{name}.log: {len(unlinked)} rows without a conn.log row of service {name}; "
                            f"e.g. {unlinked[:3]}")


def main():
    vigil, gencap = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        capture = f"{tmp}/cross.pcap"
        subprocess.run([gencap, "--out", capture, "--bytes", "6M", "--seed", "11", "--vlan-share", "0",
                        "--ipv6-share", "0.2"], check=True, capture_output=True)
        convs = tshark_conversations(capture)
        sums = tshark_packet_sums(capture)
        hellos = tshark_client_hellos(capture)
        queries = tshark_values(capture, "dns.flags.response==0 && (udp.port==53 || tcp.port==53)",
                                "dns.qry.name")
        subprocess.run([vigil, "convert", capture, "-o", tmp], check=True, capture_output=True)
        logs = {name: read_zeek_log(Path(tmp, f"{name}.log")) for name in ("conn", "ssl", "dns")}
    conns = vigil_connections(logs["conn"])
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
    check_sni(logs["ssl"], hellos, failures)
    check_dns_queries(logs["dns"], queries, failures)
    check_uids(logs["conn"], logs, failures)
    for f in failures[:20]:
        print("FAIL:", f)
    print(f"tshark_crosscheck: {len(convs)} conversations, {len(hellos)} ClientHellos "
          f"({sum(port != 443 for port, _ in hellos)} off port 443, {len({n for _, n in hellos if n})} server "
          f"names), {len(queries)} DNS queries, {len(failures)} differences")
    return 1 if failures or len(convs) < 100 or len(hellos) < 10 or len(queries) < 10 else 0


if __name__ == "__main__":
    sys.exit(main())
