// HttpAnalyzer: pairing of requests and replies into http.log rows, body framing and counting, bounds,
// and Zeek's tolerance for malformed traffic. Fixtures are written inline; nothing here needs ../shared.
#include "protocols/http_analyzer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <string_view>
#include <vector>

namespace vigil {
namespace {

Timestamp at(int64_t s) { return Timestamp::from_parts(s, 0); }

std::span<const uint8_t> bytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Feeds one direction, in one piece or split into `piece`-byte deliveries.
void send(HttpAnalyzer& a, bool is_orig, std::string_view s, size_t piece = 0, int64_t t = 1) {
  if (piece == 0) piece = s.size();
  for (size_t i = 0; i < s.size(); i += piece) a.deliver(is_orig, at(t), bytes(s.substr(i, piece)));
}

std::vector<HttpRecord> finish(HttpAnalyzer& a) {
  a.finish();
  return a.take_records();
}

std::string gzip(std::string_view plain, int window_bits = 15 + 16) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(plain.size())), '\0');
  z.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

const std::string kGet = "GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test/1.0\r\n\r\n";
const std::string kOk =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 26\r\n\r\n<html><body></body></html>";

TEST(HttpAnalyzer, RequestAndReplyBecomeOneRowWhenTheReplyEnds) {
  HttpAnalyzer a;
  send(a, true, kGet, 0, 10);
  EXPECT_TRUE(a.confirmed());  // a parsed request line confirms, as in Zeek
  EXPECT_TRUE(a.take_records().empty());
  send(a, false, kOk, 0, 11);
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  const HttpRecord& r = rows[0];
  EXPECT_EQ(r.id.ts, at(10));  // the request's time
  EXPECT_EQ(r.trans_depth, 1u);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.host, "example.com");
  EXPECT_EQ(r.uri, "/index.html");
  EXPECT_EQ(r.user_agent, "test/1.0");
  EXPECT_EQ(r.version, "1.1");
  EXPECT_EQ(r.status_code, 200);
  EXPECT_EQ(r.status_msg, "OK");
  EXPECT_EQ(r.request_body_len, 0u);
  EXPECT_EQ(r.response_body_len, 26u);
  EXPECT_EQ(r.resp_mime_types, std::vector<std::string>{"text/html"});
  EXPECT_FALSE(r.info_code);
  EXPECT_TRUE(finish(a).empty());
}

TEST(HttpAnalyzer, PipelinedRequestsPairWithRepliesInOrder) {
  HttpAnalyzer a;
  send(a, true,
       "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nHEAD /c HTTP/1.1\r\nHost: h\r\n\r\n");
  send(a, false,
       "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
       "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
       "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");  // HEAD: the length announces no body
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].uri, "/a");
  EXPECT_EQ(rows[0].response_body_len, 3u);
  EXPECT_EQ(rows[1].uri, "/b");
  EXPECT_EQ(rows[1].status_code, 404);
  EXPECT_EQ(rows[2].method, "HEAD");
  EXPECT_EQ(rows[2].trans_depth, 3u);
  EXPECT_EQ(rows[2].response_body_len, 0u);
  // The next reply is framed normally again: not eaten as the HEAD reply's body.
  send(a, true, "GET /d HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].uri, "/d");
  EXPECT_EQ(rows[0].response_body_len, 2u);
}

TEST(HttpAnalyzer, ChunkedBodyWithExtensionsAndTrailers) {
  HttpAnalyzer a;
  send(a, true,
       "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
       "5;name=value\r\nhello\r\n"
       "0006\r\n world\r\n"
       "0\r\nX-Trailer: yes\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].request_body_len, 11u);
  EXPECT_EQ(rows[0].response_body_len, 7u);
  EXPECT_EQ(rows[0].resp_mime_types, std::vector<std::string>{"text/json"});
}

TEST(HttpAnalyzer, ChunkedIsOnlyHonouredInHttp11) {
  HttpAnalyzer a;  // an HTTP/1.0 reply saying "chunked" is read to the end of the connection, line by line
  send(a, true, "GET / HTTP/1.0\r\n\r\n");
  send(a, false, "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].response_body_len, (1u + 2) + (3 + 2) + (1 + 2) + (0 + 2));  // each line counts with a CRLF
}

TEST(HttpAnalyzer, InformationalRepliesKeepTheRowForTheFinalOne) {
  HttpAnalyzer a;
  send(a, true, "POST /form HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  send(a, false, "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_TRUE(a.take_records().empty());
  send(a, true, "data");
  send(a, false, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].request_body_len, 4u);
  EXPECT_EQ(rows[0].status_code, 201);
  EXPECT_EQ(rows[0].info_code, 100);
  EXPECT_EQ(rows[0].info_msg, "Continue");
}

TEST(HttpAnalyzer, NoBodyFor204And304EvenWithALength) {
  HttpAnalyzer a;
  send(a, true, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  send(a, false,
       "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"
       "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status_code, 204);
  EXPECT_EQ(rows[1].status_code, 304);
  EXPECT_EQ(rows[1].response_body_len, 0u);
  EXPECT_TRUE(rows[1].resp_mime_types.empty());
}

TEST(HttpAnalyzer, ReplyWithoutRequestGetsItsOwnRow) {
  HttpAnalyzer a;
  send(a, false, "HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nerror");
  EXPECT_FALSE(a.confirmed());  // no request: no confirmation
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].method);
  EXPECT_EQ(rows[0].trans_depth, 1u);
  EXPECT_EQ(rows[0].status_code, 400);
  // A later request is transaction 2 (Zeek fast-forwards its request counter).
  send(a, true, "GET / HTTP/1.1\r\n\r\n");
  rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].trans_depth, 2u);
  EXPECT_FALSE(rows[0].status_code);
}

TEST(HttpAnalyzer, UnansweredRequestsAreLoggedAtTheEnd) {
  HttpAnalyzer a;
  send(a, true, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n");
  EXPECT_TRUE(a.take_records().empty());
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].uri, "/1");
  EXPECT_EQ(rows[1].host, "b");
  EXPECT_FALSE(rows[1].status_code);
  EXPECT_FALSE(rows[1].version);
}

TEST(HttpAnalyzer, LinesSplitByteByByte) {
  HttpAnalyzer a;
  send(a, true, kGet, 1);
  send(a, false, kOk, 1);
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].host, "example.com");
  EXPECT_EQ(rows[0].response_body_len, 26u);
  EXPECT_EQ(rows[0].resp_mime_types, std::vector<std::string>{"text/html"});
}

TEST(HttpAnalyzer, BareLfAndBareCrEndLines) {
  HttpAnalyzer a;
  send(a, true, "GET /lf HTTP/1.1\nHost: lf.example\nReferer: http://r/\n\n");
  send(a, false, "HTTP/1.1 200 OK\rContent-Length: 2\r\rok");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].host, "lf.example");
  EXPECT_EQ(rows[0].referrer, "http://r/");
  EXPECT_EQ(rows[0].response_body_len, 2u);
}

TEST(HttpAnalyzer, CrlfSplitAcrossDeliveriesIsOneLineEnd) {
  HttpAnalyzer a;
  send(a, true, "GET / HTTP/1.1\r");
  send(a, true, "\nHost: h\r");
  send(a, true, "\n\r");
  send(a, true, "\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].host, "h");
}

TEST(HttpAnalyzer, FoldedHeaderLinesAreJoined) {
  HttpAnalyzer a;  // obsolete line folding: the continuation keeps chunked reading on (Zeek's 261 tests)
  send(a, true,
       "POST / HTTP/1.1\r\nHost: target\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n"
       "GET /smuggled HTTP/1.1\r\nHost: target\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].method, "POST");
  EXPECT_EQ(rows[1].uri, "/smuggled");
  EXPECT_EQ(rows[1].trans_depth, 2u);
}

TEST(HttpAnalyzer, HeadersThatNeverEndCostBoundedMemory) {
  HttpAnalyzer a;
  send(a, true, "GET / HTTP/1.1\r\nX-Long: ");
  std::string block(64 * 1024, 'A');
  for (int i = 0; i < 64; ++i) a.deliver(true, at(1), bytes(block));  // 4 MiB, no line end
  EXPECT_FALSE(a.done());
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].method, "GET");
}

TEST(HttpAnalyzer, HugeContentLengthCountsWhatArrives) {
  HttpAnalyzer a;
  send(a, true, "GET /big HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n%PDF-1.4 rest");
  EXPECT_TRUE(a.take_records().empty());
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].response_body_len, 13u);
  EXPECT_EQ(rows[0].resp_mime_types, std::vector<std::string>{"application/pdf"});
}

TEST(HttpAnalyzer, ContentLengthBeyondInt64OrNegativeMeansNoBody) {
  for (std::string_view cl : {"18446744073709551615", "-1"}) {
    HttpAnalyzer a;
    send(a, true, "POST / HTTP/1.1\r\nContent-Length: " + std::string(cl) + "\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
    auto rows = finish(a);
    ASSERT_EQ(rows.size(), 2u) << cl;
    EXPECT_EQ(rows[1].uri, "/next") << cl;
  }
}

TEST(HttpAnalyzer, GapInsideABodyIsCountedAndSkipped) {
  HttpAnalyzer a;
  send(a, true, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
  a.gap(false, 80);
  send(a, false, "0123456789HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].response_body_len, 100u);
  EXPECT_EQ(rows[1].response_body_len, 1u);
}

TEST(HttpAnalyzer, GapInAHeaderGivesUpThatDirection) {
  HttpAnalyzer a;
  send(a, true, "GET /a HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Le");
  a.gap(false, 10);
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");  // no longer read
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);  // the interrupted reply ends the transaction
  EXPECT_EQ(rows[0].status_code, 200);
  send(a, true, "GET /b HTTP/1.1\r\n\r\n");  // requests are still read
  rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].uri, "/b");
}

TEST(HttpAnalyzer, GapInTheOriginatorEndsItsTransactions) {
  HttpAnalyzer a;
  send(a, true, "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n");
  a.gap(true, 50);  // the body has not begun: Zeek does not skip, the requests' framing is lost
  send(a, true, "GET /b HTTP/1.1\r\n\r\n");  // no longer read
  // No reply was open, so Zeek still reads the next one (and pairs it with the interrupted request).
  EXPECT_FALSE(a.done());
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].uri, "/a");
  EXPECT_EQ(rows[0].status_code, 200);
}

TEST(HttpAnalyzer, GapsOnBothSidesBeforeAnyMessage) {
  HttpAnalyzer a;
  send(a, true, "GET /a HT");
  a.gap(true, 5);
  EXPECT_FALSE(a.done());  // no request was open: replies can still be read, as in Zeek
  a.gap(false, 5);
  EXPECT_TRUE(a.done());
}

TEST(HttpAnalyzer, Http09RequestGetsTheRawReply) {
  HttpAnalyzer a;
  send(a, true, "GET /zeek.html\r\n");
  send(a, false, "<html>raw, no status line</html>\n");
  auto rows = finish(a);
  // As in Zeek's http-09 baseline: the reply ends the first row; the client's end then opens a second.
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].uri, "/zeek.html");
  EXPECT_EQ(rows[0].version, "0.9");
  EXPECT_EQ(rows[0].status_code, 0);
  EXPECT_EQ(rows[0].status_msg, "<empty>");
  EXPECT_EQ(rows[0].response_body_len, 33u);
  EXPECT_EQ(rows[0].resp_mime_types, std::vector<std::string>{"text/html"});
  EXPECT_EQ(rows[1].trans_depth, 2u);
  EXPECT_FALSE(rows[1].method);
}

TEST(HttpAnalyzer, Http09RequestAfterAnHttp11Exchange) {
  HttpAnalyzer a;
  send(a, true, "GET /new HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  ASSERT_EQ(a.take_records().size(), 1u);
  send(a, true, "GET /old\r\n");
  send(a, false, "raw bytes\n");
  auto rows = finish(a);
  ASSERT_GE(rows.size(), 1u);
  EXPECT_EQ(rows[0].uri, "/old");
  EXPECT_EQ(rows[0].version, "0.9");
  EXPECT_EQ(rows[0].response_body_len, 10u);
}

TEST(HttpAnalyzer, GarbageInsteadOfARequestEndsRequestParsing) {
  HttpAnalyzer a;
  send(a, true, "\x16\x03\x01garbage\r\nGET / HTTP/1.1\r\n\r\n");
  EXPECT_FALSE(a.confirmed());
  send(a, false, "HTTP/1.0 400 Bad Request\r\n\r\nbad request");  // replies are still read
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].method);
  EXPECT_EQ(rows[0].status_code, 400);
  EXPECT_EQ(rows[0].response_body_len, 13u);  // read line by line to the end: 11 + CRLF
}

TEST(HttpAnalyzer, ViolationAfterConfirmationRemovesTheAnalyzer) {
  HttpAnalyzer a;
  send(a, true, "GET / HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(a.take_records().size(), 1u);
  send(a, true, "T / HTTP\r\n");  // not a request (cf. Zeek's http-11-request-then-cruft)
  EXPECT_TRUE(a.done());
  EXPECT_FALSE(a.confirmed());
  send(a, false, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(finish(a).empty());
}

TEST(HttpAnalyzer, UriIsUnescapedAndMayHoldSpaces) {
  HttpAnalyzer a;
  send(a, true, "GET /a%20b/c d%41%u0042%zz HTTP/1.1\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].uri, "/a b/c dAB%zz");
}

TEST(HttpAnalyzer, BasicAuthAndProxyHeaders) {
  HttpAnalyzer a;
  send(a, true,
       "GET / HTTP/1.1\r\nAuthorization: Basic dXNlcjpwYXNz\r\nVia: 1.1 proxy\r\n"
       "X-Forwarded-For: 10.0.0.1\r\nOrigin: http://o\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].username, "user");
  EXPECT_EQ(rows[0].origin, "http://o");
  EXPECT_EQ(rows[0].proxied, (std::vector<std::string>{"VIA -> 1.1 proxy", "X-FORWARDED-FOR -> 10.0.0.1"}));
}

TEST(HttpAnalyzer, GzipBodiesAreCountedDecoded) {
  std::string page = "<!DOCTYPE html><html>" + std::string(5000, 'x') + "</html>";
  for (int bits : {15 + 16, 15, -15}) {  // gzip, zlib-wrapped deflate, raw deflate
    std::string body = gzip(page, bits);
    HttpAnalyzer a;
    send(a, true, "GET / HTTP/1.1\r\n\r\n");
    send(a, false,
         "HTTP/1.1 200 OK\r\nContent-Encoding: " + std::string(bits > 16 ? "gzip" : "deflate") +
             "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    auto rows = a.take_records();
    ASSERT_EQ(rows.size(), 1u) << bits;
    EXPECT_EQ(rows[0].response_body_len, page.size()) << bits;
    EXPECT_EQ(rows[0].resp_mime_types, std::vector<std::string>{"text/html"}) << bits;
  }
}

TEST(HttpAnalyzer, ConnectionCloseBodyRunsToTheEnd) {
  HttpAnalyzer a;
  send(a, true, "GET / HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nline one\nline two");
  EXPECT_TRUE(a.take_records().empty());
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].response_body_len, 17u);  // raw bytes, not lines
  EXPECT_EQ(rows[0].resp_mime_types, std::vector<std::string>{"text/plain"});
}

TEST(HttpAnalyzer, MultipartBodyLackingItsLastCrlfCountsTwoMore) {
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nbin\nary\rdata\r\n--XyZ--";
  HttpAnalyzer a;
  send(a, true,
       "POST /up HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body + "GET /next HTTP/1.1\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].request_body_len, body.size() + 2);  // Zeek's http-no-crlf baseline
  EXPECT_TRUE(rows[0].orig_mime_types.empty());          // parts are typed apart; not here
  EXPECT_EQ(rows[1].uri, "/next");
}

TEST(HttpAnalyzer, MultipartBodyEndsAtItsLengthWithoutAClosingBoundary) {
  std::string body = "--XyZ\r\nA: b\r\n\r\ndata\r\n";  // no closing boundary
  HttpAnalyzer a;
  send(a, true, "POST /up HTTP/1.1\r\nContent-Type: multipart/mixed; boundary=XyZ\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body + "GET /next HTTP/1.1\r\n\r\n");
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].request_body_len, body.size());
  EXPECT_EQ(rows[1].uri, "/next");
}

TEST(HttpAnalyzer, NegativeContentLengthInAReplyMeansNoBody) {
  HttpAnalyzer a;
  send(a, true, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  send(a, false, "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].response_body_len, 0u);
  EXPECT_EQ(rows[1].status_code, 404);
}

TEST(HttpAnalyzer, LowerCaseHttpKeywordIsAccepted) {
  HttpAnalyzer a;
  send(a, true, "GET /x http/1.1\r\nHost: h\r\n\r\n");
  send(a, false, "http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  auto rows = a.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].uri, "/x");
  EXPECT_EQ(rows[0].version, "1.1");
}

TEST(HttpAnalyzer, ConnectTunnelEndsHttp) {
  HttpAnalyzer a;
  send(a, true, "CONNECT mail.example:25 HTTP/1.0\r\n\r\n");
  send(a, false, "HTTP/1.0 200 Connection established\r\n\r\n220 mail ESMTP\r\n");
  EXPECT_TRUE(a.done());
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].method, "CONNECT");
  EXPECT_EQ(rows[0].uri, "mail.example:25");
  EXPECT_EQ(rows[0].response_body_len, 0u);
}

TEST(HttpAnalyzer, SwitchingProtocolsEndsHttp) {
  HttpAnalyzer a;
  send(a, true, "GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
  send(a, false, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x05hello");
  EXPECT_TRUE(a.done());
  auto rows = finish(a);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status_code, 101);
  EXPECT_EQ(rows[0].info_code, 101);
}

TEST(HttpAnalyzer, ExcessivePipeliningFlushesOpenRows) {
  HttpAnalyzer a;
  std::string requests;
  for (int i = 0; i < 250; ++i) requests += "GET /" + std::to_string(i) + " HTTP/1.1\r\n\r\n";
  send(a, true, requests);
  EXPECT_FALSE(a.take_records().empty());  // logged early to make room
  auto rows = finish(a);
  EXPECT_FALSE(rows.empty());
}

TEST(HttpAnalyzer, OpenRowsHoldBoundedText) {
  HttpAnalyzer a;
  std::string big(15000, 'u');
  std::string request = "GET /" + big + " HTTP/1.1\r\nHost: " + big + "\r\nUser-Agent: " + big + "\r\nReferer: " + big +
                        "\r\n\r\n";
  for (int i = 0; i < 80; ++i) send(a, true, request);  // fewer than Zeek's 100, but about 4.8 MB of text
  EXPECT_FALSE(a.take_records().empty());
  EXPECT_EQ(finish(a).back().trans_depth, 80u);
}

TEST(HttpAnalyzer, RecognisesRequestsByTheirFirstSegment) {
  EXPECT_TRUE(looks_like_http_request(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
  EXPECT_TRUE(looks_like_http_request(bytes("\r\nPOST /x HTTP/1.0\r\n")));
  EXPECT_TRUE(looks_like_http_request(bytes("CCM_POST / HTTP/1.1\r\n")));  // any method naming HTTP
  EXPECT_TRUE(looks_like_http_request(bytes("GET /index.html\r\n")));      // HTTP/0.9
  EXPECT_TRUE(looks_like_http_request(bytes("G")));                        // a request sent byte by byte
  EXPECT_FALSE(looks_like_http_request(bytes("OPTIONS rtsp://cam/ RTSP/1.0\r\n")));
  EXPECT_FALSE(looks_like_http_request(bytes("SSH-2.0-OpenSSH_9.0\r\n")));
  EXPECT_FALSE(looks_like_http_request(bytes("\x16\x03\x01\x02\x00")));
  EXPECT_FALSE(looks_like_http_request(bytes("")));
}

}  // namespace
}  // namespace vigil
