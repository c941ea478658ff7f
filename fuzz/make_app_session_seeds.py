#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_app_session (fuzz/corpus/app_session/): one file per way a connection's
application analysis starts, in the target's input format (see app_session_fuzz.cc):
  [mode] then segments of [flags][seq offset: 2 bytes][length: 2 bytes][payload]."""
import struct
import sys
from pathlib import Path


def segment(is_orig: bool, seq_offset: int, payload: bytes) -> bytes:
    return bytes([1 if is_orig else 0]) + struct.pack(">HH", seq_offset, len(payload)) + payload


def dns_name(name: str) -> bytes:
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"


def dns_query(trans_id: int, name: str) -> bytes:
    return struct.pack(">HHHHHH", trans_id, 0x0100, 1, 0, 0, 0) + dns_name(name) + struct.pack(">HH", 1, 1)


def dns_reply(trans_id: int, name: str) -> bytes:
    answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 300, 4) + bytes([192, 0, 2, 7])
    return (struct.pack(">HHHHHH", trans_id, 0x8180, 1, 1, 0, 0) + dns_name(name) + struct.pack(">HH", 1, 1)
            + answer)


def tls_client_hello(sni: str) -> bytes:
    host = sni.encode()
    sni_ext = struct.pack(">HHHBH", 0, len(host) + 5, len(host) + 3, 0, len(host)) + host
    alpn = struct.pack(">HHHB", 16, 5, 3, 2) + b"h2"
    versions = struct.pack(">HHB", 43, 5, 4) + b"\x03\x04\x03\x03"
    extensions = sni_ext + alpn + versions
    body = (b"\x03\x03" + bytes(32) + b"\x00" + struct.pack(">H", 4) + b"\x13\x01\x13\x02" + b"\x01\x00"
            + struct.pack(">H", len(extensions)) + extensions)
    handshake = b"\x01" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack(">H", len(handshake)) + handshake


def tls_server_hello() -> bytes:
    extensions = struct.pack(">HHH", 43, 2, 0x0304)
    body = (b"\x03\x03" + bytes(32) + b"\x00" + b"\x13\x01" + b"\x00" + struct.pack(">H", len(extensions))
            + extensions)
    handshake = b"\x02" + struct.pack(">I", len(body))[1:] + body
    return (b"\x16\x03\x03" + struct.pack(">H", len(handshake)) + handshake + b"\x14\x03\x03\x00\x01\x01"
            + b"\x17\x03\x03\x00\x04abcd")


HTTP_REQUEST = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: seed/1\r\n\r\n"
HTTP_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/html\r\n\r\n<html"


FTP_CLIENT = [b"USER anonymous\r\n", b"PASS a@b.c\r\n", b"PWD\r\n", b"PASV\r\n", b"STOR ../x/report.html\r\n",
              b"EPSV\r\n", b"PORT 10,0,0,1,200,10\r\n", b"EPRT |2|2001:db8::1|6275|\r\n", b"RETR a\r\n"]
FTP_SERVER = [b"220-Welcome\r\n220 ready\r\n", b"331 Password required\r\n", b"230 OK\r\n", b'257 "/home" is cwd\r\n',
              b"227 Entering Passive Mode (203,0,113,9,173,235)\r\n", b"150 Accepted\r\n226 Done\r\n",
              b"229 Entering Extended Passive Mode (|||6446|)\r\n", b"200 PORT ok\r\n", b"200 EPRT ok\r\n",
              b"150 Opening 1024 bytes\r\n226 Done\r\n"]


def ftp_session() -> bytes:
    out, offsets = b"\x04", [0, 0]
    out += segment(False, 0, FTP_SERVER[0])
    offsets[1] += len(FTP_SERVER[0])
    for command, reply in zip(FTP_CLIENT, FTP_SERVER[1:]):
        out += segment(True, offsets[0], command) + segment(False, offsets[1], reply)
        offsets[0] += len(command)
        offsets[1] += len(reply)
    return out


def seeds() -> dict[str, bytes]:
    query, reply = dns_query(0x1234, "www.example.com"), dns_reply(0x1234, "www.example.com")
    tcp_query = struct.pack(">H", len(query)) + query
    tcp_reply = struct.pack(">H", len(reply)) + reply
    hello = tls_client_hello("c2.example.net")
    return {
        "dns_udp": b"\x01" + segment(True, 0, query) + segment(False, 0, reply),
        "dns_tcp_split": b"\x02" + segment(True, 0, tcp_query[:5]) + segment(True, 5, tcp_query[5:])
                         + segment(False, 0, tcp_reply),
        "tls_hello": b"\x00" + segment(True, 0, hello) + segment(False, 0, tls_server_hello()),
        "tls_split_out_of_order": b"\x00" + segment(True, 0, hello[:9]) + segment(True, 20, hello[20:])
                                  + segment(True, 9, hello[9:20]) + segment(False, 0, tls_server_hello()),
        "http_pipelined": b"\x00" + segment(True, 0, HTTP_REQUEST + HTTP_REQUEST)
                          + segment(False, 0, HTTP_RESPONSE + HTTP_RESPONSE),
        "ftp_session": ftp_session(),
    }


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "corpus" / "app_session"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in seeds().items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main()
