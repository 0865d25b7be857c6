#!/usr/bin/env bash
# The request log's figures of SPEC §6, each next to its bar or its baseline
# in the same run: a filtered page of 50 from 1,000,000 entries, CSV export
# speed at constant memory, and the gateway's throughput with request
# logging on side by side with it off. The 1,000,000-entry log is built once
# (minutes on a small machine) and kept in the temp dir for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh

echo "== request log (backend/sandbox/requestlog)"
bench ./backend/sandbox/requestlog/ 'BenchmarkLogPage1M$|BenchmarkLogPageDeep1M$' 20x
bench ./backend/sandbox/requestlog/ 'BenchmarkLogCSV1M$' 3x
echo "== gateway with request logging on and off (backend/sandbox), alternating, 3 rounds"
alternate 3 ./backend/sandbox/ 2s BenchmarkGatewayLogOff BenchmarkGatewayLogOn
on=$(median BenchmarkGatewayLogOn req/s); off=$(median BenchmarkGatewayLogOff req/s)
page=$(value BenchmarkLogPage1M ms/op); deep=$(value BenchmarkLogPageDeep1M ms/op); rows=$(value BenchmarkLogCSV1M rows/s)
tput=$(ratio "$on" "$off")
echo
echo "== summary (SPEC §6, request log)"
printf 'log page of 50 from 1,000,000 (one key, 4xx):   %s ms/op | bar: < 50 ms | %s\n' "$page" "$(verdict "$page" "<" 50)"
printf 'log page of 50, a day a week back, POST 403:     %s ms/op | bar: < 50 ms | %s\n' "$deep" "$(verdict "$deep" "<" 50)"
printf 'log CSV export of 1,000,000 rows:                %s rows/s | bar: >= 200,000 | %s; live heap +%s MB over the first fifth, then drift %s MB (constant memory)\n' \
  "$rows" "$(verdict "$rows" ">=" 200000)" "$(value BenchmarkLogCSV1M heap-after-20pct-MB)" "$(value BenchmarkLogCSV1M heap-drift-MB)"
printf 'gateway with request logging: on %s req/s vs off %s req/s (medians of 3 alternating rounds) => %s x off | bar: >= 0.85 | %s\n' \
  "$on" "$off" "$tput" "$(verdict "$tput" ">=" 0.85)"
printf 'CPU per request:                                 logging on %s µs vs off %s µs (clients and server together, medians; no bar)\n' \
  "$(median BenchmarkGatewayLogOn cpu-µs/req)" "$(median BenchmarkGatewayLogOff cpu-µs/req)"
