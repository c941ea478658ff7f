#!/usr/bin/env bash
# A short libFuzzer pass over every target (scripts/test runs it; a long campaign uses the same binaries):
#   fuzz/run_short.sh [SECONDS]      default 15 s per target; builds the `fuzz` preset first.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${FUZZ_SECONDS:-15}}
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j"$(nproc)"
status=0
for target in link_layer ip_layer tunnel_layer capture_file flow_meter log_reader dns_message tls_analyzer http_analyzer app_session intel_feed; do
  work=$(mktemp -d)
  [ -d "fuzz/corpus/$target" ] && cp -r "fuzz/corpus/$target/." "$work/"
  if ./build-fuzz/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$work/" "$work" > "$work.log" 2>&1 && ! grep -q "runtime error" "$work.log"; then
    echo "fuzz_$target: $(grep -o "number_of_executed_units: [0-9]*" "$work.log" | grep -o "[0-9]*$") executions in ${seconds} s, no findings"
  else
    echo "fuzz_$target: FAILED"; tail -30 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
