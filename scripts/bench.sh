#!/usr/bin/env bash
# The benchmarks behind SPEC §6, each printed next to its baseline, run side
# by side in this one run. Figures are for this machine; ratios are what to
# compare between machines.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$(go env GOPATH)/bin"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

bench() { # pkg regex benchtime
  go test -run '^$' -bench "$2" -benchmem -benchtime "${3:-1s}" -count 1 "$1" | tee -a "$OUT/raw.txt" | grep -E '^(Benchmark|ok|FAIL)' || true
}
# value NAME FIELD-UNIT: the number before the unit on the benchmark's line
value() { awk -v n="$1" -v u="$2" '$1 ~ "^"n"(-[0-9]+)?$" { for (i=2;i<=NF;i++) if ($i==u) { print $(i-1); exit } }' "$OUT/raw.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b>0) printf "%.2f", a/b; else print "n/a" }'; }

echo "== gateway, keys, limiter (backend/sandbox)"
bench ./backend/sandbox/ 'BenchmarkVerifyKey$|BenchmarkBcryptCost10$|BenchmarkLimiter$|BenchmarkGatewayOverhead$'
bench ./backend/sandbox/ 'BenchmarkGatewayBare$|BenchmarkGatewayFull$' 3s
echo "== usage rollups (backend/sandbox/usage)"
bench ./backend/sandbox/usage/ 'BenchmarkIngest$|BenchmarkAPIUsage30d$'
echo "== usage snapshots (cache)"
bench ./cache/ 'BenchmarkNewestSnapshot$'

verify=$(value BenchmarkVerifyKey ns/op); bcrypt=$(value BenchmarkBcryptCost10 ns/op)
full=$(value BenchmarkGatewayFull ns/op); bare=$(value BenchmarkGatewayBare ns/op)
echo
echo "== summary (SPEC §6)"
printf 'key verification:        %s ns/op; bcrypt cost 10: %s ns/op; bcrypt is %sx slower\n' "$verify" "$bcrypt" "$(ratio "$bcrypt" "$verify")"
printf 'limiter:                 %s ns/op, %s allocs/op\n' "$(value BenchmarkLimiter ns/op)" "$(value BenchmarkLimiter allocs/op)"
printf 'gateway overhead:        p99 %s µs added per request by auth + IP + scope + rate limit + usage event (bar: < 50 µs)\n' "$(value BenchmarkGatewayOverhead p99-µs)"
printf 'gateway throughput:      full chain %s ns/op vs bare handler %s ns/op => %s x bare (bar: >= 0.70)\n' "$full" "$bare" "$(ratio "$bare" "$full")"
printf 'usage ingest:            %s events/s (bar: >= 1,000,000)\n' "$(value BenchmarkIngest events/s)"
printf 'api-usage 30d x 50 keys x 20 endpoints: %s ms/op (bar: < 50 ms)\n' "$(value BenchmarkAPIUsage30d ms/op)"
printf 'newest snapshot read:    %s ns/op\n' "$(value BenchmarkNewestSnapshot ns/op)"

echo
./scripts/bench-logs.sh

if [ -f frontend/bench/chart.bench.mjs ]; then
  echo
  echo "== chart (headless Chromium)"
  (cd frontend && node bench/chart.bench.mjs)
fi
if [ -x scripts/bench-window.sh ]; then
  echo
  echo "== desktop window vs a bare Wails window"
  ./scripts/bench-window.sh
fi
