#!/usr/bin/env python3
"""FTP end to end on a capture this test writes itself (no shared data): a stealer's session logs in,
opens a passive data connection, stores a file of 533 bytes and quits; a second session upgrades to TLS
with AUTH TLS. `vigil convert` must write ftp.log (PASV with its data channel, STOR with the file URL and
the final reply), mark the control connection `ftp` and the data connection `ftp-data` in conn.log, and
stop reading FTP after AUTH TLS (service ftp,ssl). `vigil hunt` must rank the host first with an
ftp-upload finding that knows the file and its 533 bytes.

Usage: ftp_capture_test.py VIGIL"""
import json
import os
import struct
import subprocess
import sys
import tempfile

CLIENT, SERVER = "10.0.0.7", "203.0.113.9"
DATA_PORT = 173 * 256 + 235


def ip_bytes(a):
    return bytes(int(x) for x in a.split("."))


class Capture:
    """A classic pcap of Ethernet/IPv4/TCP packets; checksums are left zero (read with -C)."""

    def __init__(self):
        self.packets = []
        self.t = 1_709_838_000.0

    def tcp(self, src, dst, sport, dport, seq, ack, flags, payload=b""):
        self.t += 0.01
        tcp = struct.pack(">HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, ip_bytes(src), ip_bytes(dst))
        frame = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + ip + tcp
        self.packets.append((self.t, frame))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for t, frame in self.packets:
                f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(frame), len(frame)) + frame)


class Session:
    """One TCP connection with a handshake, in-order data both ways, and a FIN close."""

    def __init__(self, cap, sport, dport, client=CLIENT, server=SERVER):
        self.cap, self.sport, self.dport, self.client, self.server = cap, sport, dport, client, server
        self.cseq, self.sseq = 1000, 5000
        cap.tcp(client, server, sport, dport, self.cseq, 0, 0x02)
        cap.tcp(server, client, dport, sport, self.sseq, self.cseq + 1, 0x12)
        self.cseq += 1
        self.sseq += 1
        cap.tcp(client, server, sport, dport, self.cseq, self.sseq, 0x10)

    def client_says(self, data):
        self.cap.tcp(self.client, self.server, self.sport, self.dport, self.cseq, self.sseq, 0x18, data)
        self.cseq += len(data)

    def server_says(self, data):
        self.cap.tcp(self.server, self.client, self.dport, self.sport, self.sseq, self.cseq, 0x18, data)
        self.sseq += len(data)

    def close(self):
        self.cap.tcp(self.client, self.server, self.sport, self.dport, self.cseq, self.sseq, 0x11)
        self.cap.tcp(self.server, self.client, self.dport, self.sport, self.sseq, self.cseq + 1, 0x11)
        self.cap.tcp(self.client, self.server, self.sport, self.dport, self.cseq + 1, self.sseq + 1, 0x10)


def build(path):
    cap = Capture()
    ctl = Session(cap, 49209, 21)
    for client, server in [
        (None, b"220-Welcome to Pure-FTPd\r\n220 ready\r\n"),
        (b"USER husband@example.com\r\n", b"331 User OK. Password required\r\n"),
        (b"PASS secret\r\n", b"230 OK. Current restricted directory is /\r\n"),
        (b"PWD\r\n", b'257 "/" is your current location\r\n'),
        (b"TYPE I\r\n", b"200 TYPE is now 8-bit binary\r\n"),
        (b"PASV\r\n", b"227 Entering Passive Mode (203,0,113,9,173,235)\r\n"),
        (b"STOR PW_admin-USER-PC.html\r\n", b"150 Accepted data connection\r\n"),
    ]:
        if client:
            ctl.client_says(client)
        ctl.server_says(server)
    data = Session(cap, 49210, DATA_PORT)
    data.client_says(b"<html>" + b"x" * 520 + b"</html>")  # 533 bytes of harvested passwords
    data.close()
    ctl.server_says(b"226-File successfully transferred\r\n226 0.192 seconds\r\n")
    ctl.client_says(b"QUIT\r\n")
    ctl.server_says(b"221 Goodbye\r\n")
    ctl.close()
    # AUTH TLS: after the 234 the client sends a TLS record; FTP reading stops there.
    tls = Session(cap, 49300, 21)
    tls.server_says(b"220 ready\r\n")
    tls.client_says(b"AUTH TLS\r\n")
    tls.server_says(b"234 Proceed with negotiation.\r\n")
    tls.client_says(bytes.fromhex("16030100") + b"\x00")  # the start of a record; nothing more
    tls.client_says(b"STOR not-ftp-any-more\r\n")
    tls.close()
    cap.write(path)


def read_log(path):
    fields, rows = [], []
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#fields"):
            fields = line.split("\t")[1:]
        elif not line.startswith("#"):
            rows.append(dict(zip(fields, line.split("\t"))))
    return rows


def main():
    vigil = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        pcap, out = os.path.join(tmp, "ftp.pcap"), os.path.join(tmp, "logs")
        build(pcap)
        run = subprocess.run([vigil, "convert", pcap, "-o", out, "-C"], capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"FAIL: vigil convert exited {run.returncode}: {run.stderr}")
        conns = {(r["id.orig_p"], r["id.resp_p"]): r for r in read_log(os.path.join(out, "conn.log"))}
        ftp = read_log(os.path.join(out, "ftp.log"))
        want_services = {("49209", "21"): "ftp", ("49210", str(DATA_PORT)): "ftp-data", ("49300", "21"): "ftp"}
        for key, service in want_services.items():
            got = conns.get(key, {}).get("service")
            if got != service:
                failures.append(f"conn.log {key}: service {got}, want {service}")
        commands = [(r["command"], r["arg"], r["reply_code"]) for r in ftp]
        want = [("PASV", "-", "227"), ("STOR", f"ftp://{SERVER}/PW_admin-USER-PC.html", "226")]
        if commands != want:
            failures.append(f"ftp.log rows {commands}, want {want} (none from the session after AUTH TLS)")
        if ftp and (ftp[0]["data_channel.passive"], ftp[0]["data_channel.resp_h"], ftp[0]["data_channel.resp_p"]) != (
                "T", SERVER, str(DATA_PORT)):
            failures.append(f"PASV data channel {ftp[0]}")
        if ftp and (ftp[0]["user"], ftp[0]["password"]) != ("husband@example.com", "<hidden>"):
            failures.append(f"user/password {ftp[0]['user']} {ftp[0]['password']}")
        hunt = subprocess.run([vigil, "hunt", pcap, "-C", "--json"], capture_output=True, text=True)
        doc = json.loads(hunt.stdout)
        top = doc["findings"][0] if doc["findings"] else {}
        if top.get("detector") != "ftp-upload" or top.get("host") != CLIENT or top.get("file_bytes") != [533]:
            failures.append(f"hunt: first finding {top.get('detector')} {top.get('host')} {top.get('file_bytes')}")
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("ok   ftp.log, conn.log services and the ftp-upload finding from a written capture")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
