#!/usr/bin/env bash
# The vigil command line: inspect a generated capture; exit codes 0/1/2 and the error message form.
set -euo pipefail
vigil=$1 gencap=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$gencap" --out "$dir/a.pcap" --bytes 2M --seed 7 2>/dev/null
out=$("$vigil" inspect "$dir/a.pcap")
packets=$(awk '/^packets /{print $2}' <<<"$out")
[ "$packets" -gt 1000 ] || fail "too few packets: $packets"
grep -q '^ipv4 packets' <<<"$out" || fail "no ipv4 line"

# Independent count: the file's own records, walked by capinfos when present.
if command -v capinfos >/dev/null; then
  want=$(capinfos -M -c -T "$dir/a.pcap" | tail -1 | cut -f2)
  [ "$packets" = "$want" ] || fail "vigil counted $packets packets, capinfos $want"
fi

# Truncated file: exit 1, message names the file and offset, earlier packets still counted.
size=$(stat -c %s "$dir/a.pcap")
head -c $((size - 7)) "$dir/a.pcap" > "$dir/cut.pcap"
set +e
out=$("$vigil" inspect "$dir/cut.pcap" 2>"$dir/err")
rc=$?
set -e
[ $rc -eq 1 ] || fail "truncated file: exit $rc, want 1"
grep -q "$dir/cut.pcap: at byte offset [0-9]*: truncated" "$dir/err" || fail "message: $(cat "$dir/err")"
cut_packets=$(awk '/^packets /{print $2}' <<<"$out")
[ "$cut_packets" -eq $((packets - 1)) ] || fail "truncated: $cut_packets packets, want $((packets - 1))"

# Usage errors: exit 2.
set +e
"$vigil" inspect >/dev/null 2>&1; rc1=$?
"$vigil" frobnicate >/dev/null 2>&1; rc2=$?
"$vigil" inspect --bogus x >/dev/null 2>&1; rc3=$?
set -e
[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ $rc3 -eq 2 ] || fail "usage exit codes $rc1 $rc2 $rc3, want 2"
"$vigil" --help | grep -q inspect || fail "--help does not list inspect"
# convert: conn.log in Zeek TSV; the truncated file still yields its connections, with exit 1.
"$vigil" convert "$dir/a.pcap" -o "$dir/full" 2>/dev/null
grep -q '^#fields	ts	uid	id.orig_h' "$dir/full/conn.log" || fail "conn.log has no #fields header"
full_rows=$(grep -vc '^#' "$dir/full/conn.log")
[ "$full_rows" -gt 50 ] || fail "only $full_rows connections"
set +e
"$vigil" convert "$dir/cut.pcap" -o "$dir/cut" 2>"$dir/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "convert of truncated file: exit $rc, want 1"
grep -q "cut.pcap: at byte offset" "$dir/err" || fail "convert error message: $(cat "$dir/err")"
cut_rows=$(grep -vc '^#' "$dir/cut/conn.log")
[ "$cut_rows" -ge $((full_rows - 1)) ] || fail "truncated file lost connections: $cut_rows of $full_rows"
# --json: one object per connection, valid JSON, Zeek's dotted names.
"$vigil" convert --json "$dir/a.pcap" -o "$dir/json" 2>/dev/null
[ "$(wc -l < "$dir/json/conn.log")" -eq "$full_rows" ] || fail "json rows differ from tsv rows"
python3 -c 'import json,sys; [json.loads(l)["id.orig_h"] for l in open(sys.argv[1])]' "$dir/json/conn.log" || fail "invalid JSON"
# Application logs: dns.log rows link by uid to conn.log rows whose service is dns; ssl.log and http.log likewise.
for log in dns ssl http; do
  [ -f "$dir/full/$log.log" ] || fail "no $log.log from a capture with $log traffic"
  rows=$(grep -vc '^#' "$dir/full/$log.log")
  [ "$rows" -gt 0 ] || fail "$log.log is empty"
  unlinked=$(awk -F'\t' -v want="$log" 'FNR == NR { if ($0 !~ /^#/) uid[$2] = 1; next }
      $0 !~ /^#/ && !($2 in uid) { n++ } END { print n + 0 }' \
      <(awk -F'\t' -v want="$log" '$0 !~ /^#/ && $8 == want' "$dir/full/conn.log") "$dir/full/$log.log")
  [ "$unlinked" -eq 0 ] || fail "$unlinked $log.log rows without a conn.log row of service $log"
done
python3 -c 'import json,sys; [json.loads(l)["query"] for l in open(sys.argv[1]) if "query" in l]' "$dir/json/dns.log" \
  || fail "invalid dns.log JSON"
for log in ssl http; do  # every row valid JSON with its uid; TSV and JSON have the same rows
  [ -f "$dir/json/$log.log" ] || fail "no $log.log in --json output"
  python3 -c 'import json,sys; [json.loads(l)["uid"] for l in open(sys.argv[1])]' "$dir/json/$log.log" \
    || fail "invalid $log.log JSON"
  [ "$(wc -l < "$dir/json/$log.log")" -eq "$(grep -vc '^#' "$dir/full/$log.log")" ] || fail "$log.log: json and tsv rows differ"
done
# --conn-only: the same connections, no application logs and no service.
"$vigil" convert --conn-only "$dir/a.pcap" -o "$dir/conn-only" 2>/dev/null
[ "$(grep -vc '^#' "$dir/conn-only/conn.log")" -eq "$full_rows" ] || fail "--conn-only changed the connections"
ls "$dir/conn-only" | grep -qv '^conn.log$' && fail "--conn-only wrote $(ls "$dir/conn-only")"
awk -F'\t' '$0 !~ /^#/ && $8 != "-" { exit 1 }' "$dir/conn-only/conn.log" || fail "--conn-only set a service"
# Logs as input: conn.log (TSV, JSON, gzip, in a directory tree) read back gives the same connections.
mkdir -p "$dir/tree/2026-11-01" "$dir/tree/2026-11-02"
cp "$dir/full/conn.log" "$dir/tree/2026-11-01/conn.00:00:00-01:00:00.log"
gzip -c "$dir/json/conn.log" > "$dir/tree/2026-11-02/conn.00:00:00-01:00:00.log.gz"
"$vigil" convert "$dir/tree" -o "$dir/back" 2>"$dir/err" || fail "convert of a log tree: $(cat "$dir/err")"
grep -q "2 log files.*conn $((2 * full_rows)) " "$dir/err" || fail "log summary: $(cat "$dir/err")"
[ "$(grep -vc '^#' "$dir/back/conn.log")" -eq $((2 * full_rows)) ] || fail "log tree lost rows"
diff <(grep -v '^#' "$dir/full/conn.log") <(grep -v '^#' "$dir/back/conn.log" | head -n "$full_rows") >/dev/null \
  || fail "conn.log read back differs from the capture's"
# A log with garbage lines: read, skipped lines reported with file:line, exit 0.
{ cat "$dir/full/conn.log"; printf 'garbage\n'; } > "$dir/dirty.log"
"$vigil" inspect "$dir/dirty.log" > "$dir/out" || fail "inspect of a log"
grep -q "skipped 1 lines: wrong number of fields ($dir/dirty.log:" "$dir/out" || fail "skip report: $(cat "$dir/out")"
set +e
"$vigil" convert --format csv "$dir/dirty.log" -o "$dir/x" >/dev/null 2>&1; rc=$?
set -e
[ $rc -eq 2 ] || fail "bad --format: exit $rc, want 2"
echo "cli_inspect: ok"
