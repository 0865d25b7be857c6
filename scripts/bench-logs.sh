#!/usr/bin/env bash
# The request log's figures of SPEC §6, each next to its bar or its baseline
# in the same run: a filtered page of 50 from 1,000,000 entries, CSV export
# speed at constant memory, and the gateway's throughput with request
# logging on side by side with it off. The 1,000,000-entry log is built once
# (minutes on a small machine) and kept in the temp dir for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

run() { # pkg regex benchtime
  if ! go test -run '^$' -bench "$2" -benchmem -benchtime "$3" -count 1 "$1" >"$OUT/part.txt" 2>&1; then
    cat "$OUT/part.txt"
    echo "bench-logs: $1 $2 failed" >&2
    exit 1
  fi
  cat "$OUT/part.txt" >>"$OUT/raw.txt"
  grep -E '^(Benchmark|request log bench)' "$OUT/part.txt" || true
}
value() { awk -v n="$1" -v u="$2" '$1 ~ "^"n"(-[0-9]+)?$" { for (i=2;i<=NF;i++) if ($i==u) { print $(i-1); exit } }' "$OUT/raw.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b>0) printf "%.2f", a/b; else print "n/a" }'; }

echo "== request log (backend/sandbox/requestlog)"
run ./backend/sandbox/requestlog/ 'BenchmarkLogPage1M$|BenchmarkLogPageDeep1M$' 20x
run ./backend/sandbox/requestlog/ 'BenchmarkLogCSV1M$' 3x
echo "== gateway with request logging on and off (backend/sandbox), alternating, 3 rounds"
# One after the other in rounds, so a change in the machine's load hits both
# sides alike; the medians are compared.
: >"$OUT/gw.txt"
for round in 1 2 3; do
  for side in Off On; do
    run ./backend/sandbox/ "BenchmarkGatewayLog$side\$" 2s | tee -a "$OUT/gw.txt"
  done
done
median() { grep -E "^BenchmarkGatewayLog$1-" "$OUT/gw.txt" | awk '{ for (i=2;i<=NF;i++) if ($i=="ns/op") print $(i-1) }' | sort -n | sed -n 2p; }
on=$(median On); off=$(median Off)
echo
echo "== summary (SPEC §6, request log)"
printf 'log page of 50 from 1,000,000 (one key, 4xx):   %s ms/op (bar: < 50 ms)\n' "$(value BenchmarkLogPage1M ms/op)"
printf 'log page of 50, a day a week back, POST 403:     %s ms/op (bar: < 50 ms)\n' "$(value BenchmarkLogPageDeep1M ms/op)"
printf 'log CSV export of 1,000,000 rows:                %s rows/s (bar: >= 200,000); live heap +%s MB over the first fifth, then drift %s MB (constant memory)\n' \
  "$(value BenchmarkLogCSV1M rows/s)" "$(value BenchmarkLogCSV1M heap-after-20pct-MB)" "$(value BenchmarkLogCSV1M heap-drift-MB)"
printf 'gateway with request logging: on %s ns/op vs off %s ns/op (medians of 3 alternating rounds) => %s x off (bar: >= 0.85)\n' "$on" "$off" "$(ratio "$off" "$on")"
