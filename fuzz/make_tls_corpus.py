#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_tls_analyzer (fuzz/corpus/tls_analyzer/): made-up TLS 1.2, TLS 1.3,
HelloRetryRequest, SSLv2 and split-record conversations in the target's input format (see
tls_analyzer_fuzz.cc), plus a few bare handshake bodies for its parser mode. Run from anywhere:
    python3 fuzz/make_tls_corpus.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "tls_analyzer")


def u8(v): return struct.pack(">B", v)
def u16(v): return struct.pack(">H", v)
def u24(v): return struct.pack(">I", v)[1:]
def vec8(b): return u8(len(b)) + b
def vec16(b): return u16(len(b)) + b
def vec24(b): return u24(len(b)) + b


def ext(t, data): return u16(t) + vec16(data)
def sni(host): return ext(0, vec16(u8(0) + vec16(host)))
def alpn(*names): return ext(16, vec16(b"".join(vec8(n) for n in names)))
def groups(*g): return ext(10, vec16(b"".join(u16(x) for x in g)))
def versions(*v): return ext(43, vec8(b"".join(u16(x) for x in v)))
def key_share_client(g): return ext(51, vec16(u16(g) + vec16(b"\x11" * 32)))
def key_share_server(g): return ext(51, u16(g) + vec16(b"\x22" * 32))
def sigalgs(*a): return ext(13, vec16(b"".join(u16(x) for x in a)))


def client_hello(exts, version=0x0303, sid=b"", ciphers=(0x0a0a, 0xc02f, 0x1301)):
    return (u16(version) + b"\xaa" * 32 + vec8(sid) + vec16(b"".join(u16(c) for c in ciphers)) + vec8(b"\x00")
            + vec16(b"".join(exts)))


def server_hello(exts, cipher=0xc02f, sid=b"", random=b"\xbb" * 32):
    return u16(0x0303) + random + vec8(sid) + u16(cipher) + u8(0) + vec16(b"".join(exts))


def hs(t, body): return u8(t) + vec24(body)
def record(t, payload, version=0x0303): return u8(t) + u16(version) + vec16(payload)
def ccs(): return record(20, b"\x01")
def ciphertext(t=23): return record(t, b"\xee" * 24)


def chunk(from_client, data, gap=False):
    return u8((1 if from_client else 0) | (2 if gap else 0)) + u16(len(data)) + data


def stream(*chunks): return b"\x00" + b"".join(chunks)


HRR_RANDOM = bytes.fromhex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")
CH12 = hs(1, client_hello([sni(b"a.example"), alpn(b"h2", b"http/1.1"), groups(29, 23), sigalgs(0x0403, 0x0804)]))
CH13 = hs(1, client_hello([sni(b"b.example"), versions(0x1a1a, 0x0304, 0x0303), key_share_client(29), groups(29)]))
SKE = u8(3) + u16(23) + vec8(b"\x04" * 65) + u16(0x0401) + vec16(b"\x55" * 64)
SV13 = ext(43, u16(0x0304))  # a server's supported_versions: TLS 1.3
CERTS = hs(11, vec24(vec24(b"\x30\x82" + b"\x01" * 60) + vec24(b"\x30\x81" + b"\x02" * 40)))

SEEDS = {
    "tls12_full": stream(
        chunk(True, record(22, CH12, 0x0301)),
        chunk(False, record(22, hs(2, server_hello([alpn(b"h2")])) + CERTS + hs(12, SKE) + hs(14, b""))),
        chunk(True, record(22, hs(16, vec8(b"\x04" * 65))) + ccs() + ciphertext(22)),
        chunk(False, record(22, hs(4, b"\x09" * 20)) + ccs() + ciphertext(22))),
    "tls13": stream(
        chunk(True, record(22, CH13, 0x0301)),
        chunk(False, record(22, hs(2, server_hello([SV13, key_share_server(29)],
                                                    cipher=0x1301))) + ccs() + ciphertext()),
        chunk(True, ccs() + ciphertext())),
    "hello_retry": stream(
        chunk(True, record(22, CH13)),
        chunk(False, record(22, hs(2, server_hello([SV13, ext(51, u16(23))], 0x1301, random=HRR_RANDOM))) + ccs()),
        chunk(True, record(22, CH13)),
        chunk(False, record(22, hs(2, server_hello([SV13, key_share_server(23)], 0x1301))) + ciphertext())),
    "split_records": stream(*[chunk(True, record(22, CH12[i:i + 9])) for i in range(0, len(CH12), 9)]),
    "alert_after_gap": stream(chunk(True, record(22, CH12)), chunk(False, record(21, b"\x02\x28"), gap=True)),
    "sslv2_hello": stream(chunk(True, u16(0x8000 | 9 + 6 + 16) + b"\x01" + u16(0x0301) + u16(6) + u16(0) + u16(16)
                                + u24(0x010080) + u24(0x2f) + b"\x09" * 16)),
    "parse_client_hello": b"\x01" + CH13[4:],
    "parse_certificates": b"\x01" + CERTS[4:],
    "parse_key_exchange": b"\x01" + SKE,
}


def real_certificate():
    """A self-signed certificate made now by the openssl command (DER), so that OpenSSL's X.509 parser
    starts from a valid certificate; None without the command (the other seeds do not need it)."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        try:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-nodes", "-keyout", f"{d}/k.pem", "-out", f"{d}/c.der", "-outform", "DER",
                            "-subj", "/CN=c2.example.net/O=Example", "-days", "30"],
                           check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        with open(f"{d}/c.der", "rb") as f:
            return f.read()


DER = real_certificate()
if DER:
    SEEDS["parse_real_certificate"] = b"\x01" + vec24(vec24(DER))

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"wrote {len(SEEDS)} seeds to {OUT}")
