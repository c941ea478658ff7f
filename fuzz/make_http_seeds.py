#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_http_analyzer (fuzz/corpus/http_analyzer/), in its input format:
records of [flags][length: 2 bytes big-endian][payload]; flags bit 0 = from the originator, bit 1 = a gap.

    python3 fuzz/make_http_seeds.py
"""
import gzip
import struct
from pathlib import Path

OUT = Path(__file__).resolve().parent / "corpus" / "http_analyzer"


def seg(is_orig: bool, payload: bytes) -> bytes:
    return struct.pack(">BH", 1 if is_orig else 0, len(payload)) + payload


def gap(is_orig: bool, length: int) -> bytes:
    return struct.pack(">BH", (1 if is_orig else 0) | 2, length)


def seeds() -> dict[str, bytes]:
    page = b"<!DOCTYPE html><html><body>" + b"x" * 300 + b"</body></html>"
    packed = gzip.compress(page, mtime=0)
    return {
        "get_200": seg(True, b"GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: seed\r\n\r\n")
        + seg(False, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>"),
        "pipelined_head": seg(True, b"GET /a HTTP/1.1\r\n\r\nHEAD /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n")
        + seg(False, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
              b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n"),
        "chunked_trailer": seg(True, b"POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     b"5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
        + seg(False, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n"),
        "gzip_close": seg(True, b"GET / HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n")
        + seg(False, b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + packed),
        "continue_100": seg(True, b"POST /f HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        + seg(False, b"HTTP/1.1 100 Continue\r\n\r\n") + seg(True, b"data")
        + seg(False, b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"),
        "http09": seg(True, b"GET /zeek.html\r\n") + seg(False, b"<html>raw</html>\n"),
        "connect": seg(True, b"CONNECT host:443 HTTP/1.0\r\n\r\n")
        + seg(False, b"HTTP/1.0 200 Connection established\r\n\r\n\x16\x03\x01"),
        "multipart_no_crlf": seg(True, b"POST /m HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                                       b"Content-Length: 31\r\n\r\n--B\r\nX: 1\r\n\r\nbin\ndata\r\n--B--"),
        "gap_in_body": seg(True, b"GET / HTTP/1.1\r\n\r\n")
        + seg(False, b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n0123456789") + gap(False, 20)
        + seg(False, b"0123456789"),
        "folded_bare_lf": seg(True, b"GET / HTTP/1.1\nHost: a\n b\nReferer: r\n\n")
        + seg(False, b"HTTP/1.1 206 Partial\rContent-Range: bytes 0-3/4\r\r%PDF"),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in seeds().items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
