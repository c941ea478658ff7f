#!/usr/bin/env bash
# compare_tools.sh - side-by-side throughput of flow-metering tools on one capture.
#
# Runs each tool's "pcap file -> flow records" mode on the same CAPTURE, N times
# (default 3), keeps the best wall time and prints a Markdown report: the machine
# (CPU, cores, kernel, date), then one row per tool with its version, the exact
# command, best wall seconds, MB/s (capture bytes / time, MB = 10^6 bytes),
# packets/s, peak RSS, CPU seconds, the number of flow records written (to prove
# the whole file was processed) and how many times faster vigil is.
#
# Usage:
#   bench/compare_tools.sh [--vigil PATH] [--runs N] [--tools "LIST"] CAPTURE
#
#   --vigil PATH   vigil binary (default: <repo>/build/vigil)
#   --runs N       runs per tool, best wall time is kept (default: 3)
#   --tools LIST   space-separated subset of: vigil tshark argus nfpcapd softflowd
#                  (default: all of them, in that order)
#
# Environment: BENCH_TIMEOUT (seconds, default 1800) caps every single run.
#
# Commands used (all output goes to a temporary directory, removed at exit):
#   vigil      vigil convert --conn-only CAPTURE -o DIR        (DIR/conn.log; like the other
#              flow meters, no application parsing: see docs/performance.md for that cost)
#   tshark     tshark -n -q -r CAPTURE -z conv,tcp -z conv,udp (stdout to a file)
#   argus      argus -X -P 0 -r CAPTURE -w DIR/flows.argus
#              (-X ignores /etc/argus.conf, which would also write to
#              /var/log/argus; -P 0 keeps the remote-access port closed)
#   nfpcapd    nfpcapd -r CAPTURE -w DIR   (nfdump >= 1.7; -l DIR on older ones)
#   softflowd  softflowd -p DIR/softflowd.pid -r CAPTURE -n 127.0.0.1:PORT -v 9
#              exports NetFlow v9 to a local nfcapd sink on a free high UDP
#              port; -r makes it exit at end of file. Do not add -c: it would
#              re-enable the control socket, and softflowd 1.1.0 then blocks in
#              accept() after reading the file.
#
# Peak RSS and CPU time come from GNU time (/usr/bin/time) when present; without
# it RSS is reported as "n/a". Nothing is sent anywhere except 127.0.0.1.

set -euo pipefail

readonly ALL_TOOLS="vigil tshark argus nfpcapd softflowd"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VIGIL="$(dirname "$SCRIPT_DIR")/build/vigil"
RUNS=3
TOOLS="$ALL_TOOLS"
CAPTURE=""
RUN_TIMEOUT="${BENCH_TIMEOUT:-1800}"
GNU_TIME=""
WORK=""
CAP_BYTES=0
CAP_PACKETS=0
CMD=()                      # command of the current run, set by <tool>_cmd
COLLECTOR_PID=""            # nfcapd sink for softflowd
SF_PORT=""

# Results, indexed by tool name.
declare -A R_STATUS R_VERSION R_CMD R_WALL R_CPU R_RSS R_RECORDS
NOTES=()

# ---------------------------------------------------------------- generic helpers

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
die() { echo "compare_tools.sh: $*" >&2; exit 2; }
have() { command -v "$1" >/dev/null 2>&1; }
log() { echo "[bench] $*" >&2; }

# Rendering of a command as it was run; arguments are shell-quoted only when needed.
quote_cmd() {
  local arg out=""
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:,=@%+-]+$ ]]; then out+=" $arg"; else printf -v arg '%q' "$arg"; out+=" $arg"; fi
  done
  printf '%s' "${out# }"
}

# Float helpers (bash has integer arithmetic only).
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

parse_args() {
  while (($#)); do
    case "$1" in
      --vigil) VIGIL="${2:?--vigil needs a path}"; shift 2 ;;
      --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
      --tools) TOOLS="${2:?--tools needs a list}"; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      --) shift; break ;;
      -*) die "unknown option: $1 (see --help)" ;;
      *) [[ -z $CAPTURE ]] || die "only one CAPTURE allowed"; CAPTURE="$1"; shift ;;
    esac
  done
  if (($#)); then [[ -z $CAPTURE && $# -eq 1 ]] || die "only one CAPTURE allowed"; CAPTURE="$1"; fi
  [[ -n $CAPTURE ]] || { usage >&2; die "missing CAPTURE"; }
  [[ -r $CAPTURE ]] || die "cannot read capture: $CAPTURE"
  CAPTURE="$(cd "$(dirname "$CAPTURE")" && pwd)/$(basename "$CAPTURE")"
  [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
  local t
  for t in $TOOLS; do
    [[ " $ALL_TOOLS " == *" $t "* ]] || die "unknown tool '$t' (known: $ALL_TOOLS)"
  done
}

find_gnu_time() {
  local t
  t="$(type -P time || true)"
  if [[ -n $t ]] && "$t" --version 2>&1 | grep -q GNU; then GNU_TIME="$t"; fi
}

# Packet count of the capture: capinfos, else tshark.
count_packets() {
  if have capinfos; then
    capinfos -c -M "$CAPTURE" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/[ \t]/, "", $2); print $2 }'
  elif have tshark; then
    tshark -n -r "$CAPTURE" -T fields -e frame.number 2>/dev/null | wc -l
  else
    echo 0
  fi
}

# nfdump tools take the flow directory as -w (>= 1.7) or -l (older).
flowdir_flag() {
  if "$1" -h 2>&1 | grep -Eq -- '^-w[[:space:]]+flowdir'; then echo -w; else echo -l; fi
}

# A free UDP port on 127.0.0.1 in 40000-60999.
pick_udp_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((40000 + RANDOM % 21000))
    if ! have ss || [[ -z $(ss -Hlun "sport = :$p" 2>/dev/null) ]]; then echo "$p"; return; fi
  done
  die "no free UDP port found"
}

# ---------------------------------------------------------------- machine report

print_machine() {
  local cpu cores
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
  cores="$(nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo)"
  echo "## Machine"
  echo
  echo "- CPU: ${cpu:-unknown}"
  echo "- cores (online): $cores"
  echo "- kernel: $(uname -srm)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "## Capture"
  echo
  echo "- file: \`$CAPTURE\`"
  echo "- size: $CAP_BYTES bytes ($(calc '%.3f' "$CAP_BYTES / 1e6") MB)"
  echo "- packets: $CAP_PACKETS"
  echo "- runs per tool: $RUNS (best wall time kept)"
  echo
}

# ---------------------------------------------------------------- per-tool parts
# Each tool T provides:
#   T_bin            executable to look for
#   T_version        one-line version
#   T_cmd OUT        set CMD=(...) writing the tool's output into directory OUT
#   T_records RUN    number of flow records written (proof of work), "?" if
#                    unknown; RUN holds out/ plus the run's stdout and stderr
# and optionally T_setup / T_teardown (run once around all runs) and
#   T_processed RUN  packets the tool itself says it processed.

vigil_bin() { echo "$VIGIL"; }
vigil_version() {
  local v
  if v="$(timeout 10 "$VIGIL" --version 2>/dev/null)" && [[ -n $v ]]; then
    echo "${v%%$'\n'*}"
  else
    echo "unknown (--version failed)"
  fi
}
vigil_cmd() { CMD=("$VIGIL" convert --conn-only "$CAPTURE" -o "$1"); }
vigil_records() { grep -vc '^#' "$1/out/conn.log" 2>/dev/null || true; }

tshark_bin() { echo tshark; }
tshark_version() { tshark --version 2>/dev/null | awk '{ print $3; exit }' || true; }
# shellcheck disable=SC2054  # commas belong to the -z arguments
tshark_cmd() { CMD=(tshark -n -q -r "$CAPTURE" -z conv,tcp -z conv,udp); }
tshark_records() { grep -c '<->' "$1/stdout" 2>/dev/null || true; }

argus_bin() { echo argus; }
argus_version() { argus -h 2>&1 | awk '/Version/ { print $NF; exit }' || true; }
argus_cmd() { CMD=(argus -X -P 0 -r "$CAPTURE" -w "$1/flows.argus"); }
argus_records() {
  [[ -s $1/out/flows.argus ]] || { echo 0; return; }
  if have ra; then
    # "- not man" drops argus' own management (start/stop) records.
    ra -n -L -1 -r "$1/out/flows.argus" - not man 2>/dev/null | wc -l
  else
    echo "?"
  fi
}

nfpcapd_bin() { echo nfpcapd; }
nfpcapd_version() { nfpcapd -V 2>&1 | awk '{ print $NF; exit }' || true; }
nfpcapd_cmd() { CMD=(nfpcapd -r "$CAPTURE" "$(flowdir_flag nfpcapd)" "$1"); }
nfpcapd_records() {
  if have nfdump; then
    nfdump -R "$1/out" -I 2>/dev/null | awk -F': ' '/^Flows:/ { n += $2 } END { print n + 0 }'
  else
    compgen -G "$1/out/nfcapd.*" >/dev/null && echo "?" || echo 0
  fi
}
nfpcapd_processed() {
  cat "$1/stdout" "$1/stderr" | awk '/^Total: Processed:/ { gsub(/,/, ""); print $3; exit }'
}

softflowd_bin() { echo softflowd; }
softflowd_version() {
  # "This is softflowd version 1.1.0. Valid commandline options:"
  softflowd -h 2>&1 | sed -n 's/.*softflowd version \([0-9][0-9.]*[0-9]\).*/\1/p' | head -n1 || true
}
softflowd_cmd() {
  # -r implies foreground and no control socket; -p keeps it away from /var/run.
  CMD=(softflowd -p "$1/softflowd.pid" -r "$CAPTURE" -n "127.0.0.1:$SF_PORT" -v 9)
}
softflowd_records() {
  # Its own summary: "Flows exported: 5915 (11830 records) in 376 packets (0 failures)".
  awk '/^Flows exported:/ { r = $3; if ($4 ~ /^\(/) { r = $4; gsub(/\(/, "", r) } print r; exit }' "$1/stdout"
}
softflowd_processed() { awk '/^Packets processed:/ { print $3; exit }' "$1/stdout"; }
softflowd_setup() {
  SF_PORT="$(pick_udp_port)"
  if ! have nfcapd; then
    NOTES+=("softflowd: nfcapd not found, NetFlow datagrams to 127.0.0.1:$SF_PORT have no listener")
    return
  fi
  local dir="$WORK/softflowd-collector"
  mkdir -p "$dir"
  nfcapd -b 127.0.0.1 -p "$SF_PORT" "$(flowdir_flag nfcapd)" "$dir" >"$dir/nfcapd.log" 2>&1 &
  COLLECTOR_PID=$!
  for _ in $(seq 1 20); do   # wait until the sink is bound (max 2 s)
    have ss || { sleep 0.5; break; }
    [[ -n $(ss -Hlun "sport = :$SF_PORT" 2>/dev/null) ]] && break
    sleep 0.1
  done
}
softflowd_teardown() {
  [[ -n $COLLECTOR_PID ]] || return 0
  kill "$COLLECTOR_PID" 2>/dev/null || true
  wait "$COLLECTOR_PID" 2>/dev/null || true
  COLLECTOR_PID=""
}

# ---------------------------------------------------------------- measuring

# measure DIR CMD... : run CMD with stdout/stderr in DIR; sets M_WALL, M_CPU
# (seconds) and M_RSS (KiB, "" if unknown). Returns the command's exit status.
measure() {
  local dir="$1"; shift
  local -a wrap=()
  [[ -n $GNU_TIME ]] && wrap=("$GNU_TIME" -f '%M' -o "$dir/rss.txt")
  local TIMEFORMAT='%3R %3U %3S' rc=0 user sys
  { time "${wrap[@]}" timeout "$RUN_TIMEOUT" "$@" >"$dir/stdout" 2>"$dir/stderr"; } 2>"$dir/time.txt" || rc=$?
  read -r M_WALL user sys <"$dir/time.txt"
  M_CPU="$(calc '%.3f' "$user + $sys")"
  M_RSS=""
  [[ -s $dir/rss.txt ]] && M_RSS="$(tail -n1 "$dir/rss.txt")"
  return "$rc"
}

record_failure() { R_STATUS[$1]="$2"; log "$1: $2"; }

# check_processed TOOL DIR : note when the tool saw fewer packets than the file has.
check_processed() {
  declare -F "${1}_processed" >/dev/null || return 0
  local seen
  seen="$("${1}_processed" "$2")"
  if [[ -n $seen && $seen != "$CAP_PACKETS" ]]; then
    NOTES+=("$1: reports $seen packets processed, capture has $CAP_PACKETS")
  fi
}

# check_idle TOOL : note when the best run's wall time is mostly waiting, not work
# (argus, for one, sleeps about 1 s in its shutdown).
check_idle() {
  local wall="${R_WALL[$1]}" cpu="${R_CPU[$1]}"
  if less_than 0.5 "$(calc '%.3f' "$wall - $cpu")"; then
    NOTES+=("$1: best wall ${wall} s but only ${cpu} s CPU; the rest is waiting (e.g. a fixed shutdown delay)")
  fi
}

# bench_tool TOOL : all runs of one tool, results into the R_* arrays.
bench_tool() {
  local tool="$1" bin run dir rc records
  bin="$("${tool}_bin")"
  if ! have "$bin"; then
    record_failure "$tool" "not installed ($bin not found)"
    return
  fi
  R_VERSION[$tool]="$("${tool}_version")"
  declare -F "${tool}_setup" >/dev/null && "${tool}_setup"
  for ((run = 1; run <= RUNS; run++)); do
    dir="$WORK/$tool/run$run"
    mkdir -p "$dir/out"
    "${tool}_cmd" "$dir/out"
    log "$tool run $run/$RUNS: $(quote_cmd "${CMD[@]}")"
    rc=0
    measure "$dir" "${CMD[@]}" || rc=$?
    if ((rc != 0)); then
      record_failure "$tool" "failed: exit $rc: $(tail -n1 "$dir/stderr" 2>/dev/null)"
      break
    fi
    records="$("${tool}_records" "$dir")"
    if [[ -z $records || $records == 0 ]]; then
      record_failure "$tool" "failed: no flow records in output"
      break
    fi
    ((run == 1)) && check_processed "$tool" "$dir"
    if [[ -z ${R_WALL[$tool]:-} ]] || less_than "$M_WALL" "${R_WALL[$tool]}"; then
      R_WALL[$tool]="$M_WALL"; R_CPU[$tool]="$M_CPU"
      R_CMD[$tool]="$(quote_cmd "${CMD[@]}")"; R_RECORDS[$tool]="$records"
    fi
    if [[ -n $M_RSS ]] && ((M_RSS > ${R_RSS[$tool]:-0})); then R_RSS[$tool]="$M_RSS"; fi
  done
  declare -F "${tool}_teardown" >/dev/null && "${tool}_teardown"
  [[ -n ${R_STATUS[$tool]:-} ]] && return
  R_STATUS[$tool]="ok"
  check_idle "$tool"
}

# ---------------------------------------------------------------- report

print_row() {
  local tool="$1" wall mbs pps rss ratio
  if [[ ${R_STATUS[$tool]} != ok ]]; then
    echo "| $tool | ${R_VERSION[$tool]:-} | ${R_STATUS[$tool]} | | | | | | | |"
    return
  fi
  wall="${R_WALL[$tool]}"
  less_than "$wall" 0.001 && wall=0.001   # below the timer's resolution
  mbs="$(calc '%.2f' "$CAP_BYTES / 1e6 / $wall")"
  pps="$(calc '%.0f' "$CAP_PACKETS / $wall")"
  rss="n/a"
  [[ -n ${R_RSS[$tool]:-} ]] && rss="$(calc '%.1f' "${R_RSS[$tool]} / 1024")"
  if [[ ${R_STATUS[vigil]:-} != ok ]]; then
    ratio="n/a"
  elif [[ $tool == vigil ]]; then
    ratio="1.00x (baseline)"
  else
    ratio="$(calc '%.2fx' "${R_WALL[$tool]} / (${R_WALL[vigil]} < 0.001 ? 0.001 : ${R_WALL[vigil]})")"
  fi
  # shellcheck disable=SC2016  # the backticks are Markdown code spans
  printf '| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$tool" "${R_VERSION[$tool]}" "${R_CMD[$tool]}" "${R_WALL[$tool]}" \
    "$mbs" "$pps" "$rss" "${R_CPU[$tool]}" "${R_RECORDS[$tool]}" "$ratio"
}

print_table() {
  local tool note
  echo "## Results"
  echo
  echo "| tool | version | command | best wall s | MB/s | packets/s | max RSS MiB | CPU s (best run) | flow records | vigil is Nx faster |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for tool in $TOOLS; do print_row "$tool"; done
  echo
  echo "MB = 10^6 bytes; MiB = 2^20 bytes. Flow records are counted in each tool's own"
  echo "output: tshark and argus count bidirectional conversations, softflowd and"
  echo "nfpcapd unidirectional records (nfpcapd also emits one flow per DNS packet)."
  echo "\"vigil is Nx faster\" = tool wall / vigil wall; below 1 means vigil is slower."
  [[ -n $GNU_TIME ]] || echo "GNU time not found: max RSS not measured."
  ((${#NOTES[@]} == 0)) || echo
  for note in "${NOTES[@]}"; do echo "- note: $note"; done
}

# ---------------------------------------------------------------- main

cleanup() {
  softflowd_teardown
  [[ -n $WORK ]] && rm -rf "$WORK"
}

main() {
  parse_args "$@"
  find_gnu_time
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")"
  trap cleanup EXIT
  CAP_BYTES="$(stat -c %s "$CAPTURE")"
  CAP_PACKETS="$(count_packets)"
  [[ -n $CAP_PACKETS ]] || CAP_PACKETS=0
  local tool
  for tool in $TOOLS; do bench_tool "$tool"; done
  print_machine
  print_table
}

main "$@"
