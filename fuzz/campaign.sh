#!/usr/bin/env bash
# A long libFuzzer campaign, one target after another on one core, with a results table at the end:
#   fuzz/campaign.sh SECONDS_PER_TARGET [TARGET...]     default targets: all of them
# Works in a scratch directory (VIGIL_FUZZ_WORK, default /tmp/vigil-fuzz-campaign): the committed seed
# corpus is copied there, never written to, and the binaries are copied too, so rebuilding while a
# campaign runs is safe. Crash, leak, timeout and out-of-memory inputs are kept there as artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/campaign.sh SECONDS_PER_TARGET [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(link_layer ip_layer tunnel_layer capture_file flow_meter log_reader dns_message tls_analyzer http_analyzer app_session)
work=${VIGIL_FUZZ_WORK:-/tmp/vigil-fuzz-campaign}
mkdir -p "$work"
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
status=0
for target in "${targets[@]}"; do
  dir="$work/$target"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  [ -d "fuzz/corpus/$target" ] && cp -rn "fuzz/corpus/$target/." "$dir/corpus/"
  cp "build-fuzz/fuzz/fuzz_$target" "$dir/fuzz_$target"
  started=$(date -u +%FT%TZ)
  rc=0
  "$dir/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" > "$dir/log" 2>&1 || rc=$?
  execs=$(grep -o "number_of_executed_units: [0-9]*" "$dir/log" | grep -o "[0-9]*$" || echo 0)
  findings=$(ls "$dir/artifacts" | { grep -v "^slow-unit-" || true; } | wc -l)
  ub=$(grep -c "runtime error" "$dir/log" || true)  # also caught if a binary was built with recovery on
  [ "$ub" -gt 0 ] && rc=1
  line="fuzz_$target started $started, ${seconds} s, $execs executions, exit $rc, $findings artifacts, $ub sanitizer reports, corpus $(ls "$dir/corpus" | wc -l) inputs, git $(git rev-parse --short HEAD)"
  echo "$line" | tee -a "$work/results.txt"
  [ "$rc" -ne 0 ] && status=1
done
exit $status
