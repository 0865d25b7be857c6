#!/usr/bin/env bash
# The benchmarks behind SPEC §6, each figure printed beside its bar, and each
# measured next to its baseline in this one run. Figures are for this
# machine; ratios are what to compare between machines. A benchmark that
# fails (or prints no figure) fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$(go env GOPATH)/bin"
. scripts/lib/bench.sh

echo "== gateway, keys, limiter (backend/sandbox)"
bench ./backend/sandbox/ 'BenchmarkVerifyKey$|BenchmarkBcryptCost10$|BenchmarkLimiter$|BenchmarkGatewayOverhead$'
echo "== gateway side by side: durable usage, usage in memory, bare handler, durable without the fsync, bare handler waiting for an fdatasync (same clients on loopback), alternating, 3 rounds"
alternate 3 ./backend/sandbox/ 2s BenchmarkGatewayBare BenchmarkGatewayFull BenchmarkGatewayMemory BenchmarkGatewayUnsynced BenchmarkGatewayBareSynced
echo "== usage rollups (backend/sandbox/usage)"
bench ./backend/sandbox/usage/ 'BenchmarkIngest$|BenchmarkAPIUsage30d$'
echo "== usage snapshots (app: the cache's snapshot history, decoded by the usage service)"
bench ./app/ 'BenchmarkNewestSnapshot$'

verify=$(value BenchmarkVerifyKey ns/op); bcrypt=$(value BenchmarkBcryptCost10 ns/op)
overhead=$(value BenchmarkGatewayOverhead p99-µs)
full=$(median BenchmarkGatewayFull req/s); bare=$(median BenchmarkGatewayBare req/s)
tput=$(ratio "$full" "$bare")
p50d=$(median BenchmarkGatewayFull p50-µs); p50m=$(median BenchmarkGatewayMemory p50-µs)
p99d=$(median BenchmarkGatewayFull p99-µs); p99m=$(median BenchmarkGatewayMemory p99-µs)
ingest=$(value BenchmarkIngest events/s)
apiusage=$(value BenchmarkAPIUsage30d ms/op)
snap=$(value BenchmarkNewestSnapshot ms/op)
echo
echo "== summary (SPEC §6): figure, bar, verdict"
printf 'key verification:        %s ns/op; bcrypt cost 10: %s ns/op => bcrypt is %sx slower (no bar: why keys are hashed with SHA-256)\n' "$verify" "$bcrypt" "$(ratio "$bcrypt" "$verify")"
printf 'limiter:                 %s ns/op, %s allocs/op (no bar)\n' "$(value BenchmarkLimiter ns/op)" "$(value BenchmarkLimiter allocs/op)"
printf 'gateway overhead:        p99 %s µs added per request by auth + IP + scope + rate limit + usage event | bar: < 50 µs | %s\n' "$overhead" "$(verdict "$overhead" "<" 50)"
printf 'gateway throughput:      durable usage %s req/s vs bare handler %s req/s (medians of 3 alternating rounds) => %s x bare | bar: >= 0.80 | %s\n' "$full" "$bare" "$tput" "$(verdict "$tput" ">=" 0.80)"
unsynced=$(median BenchmarkGatewayUnsynced req/s)
printf 'without the fsync:       the same group commit and Badger writes, unsynced, %s req/s => %s x bare (no bar: what the sync itself costs)\n' "$unsynced" "$(ratio "$unsynced" "$bare")"
floor=$(median BenchmarkGatewayBareSynced req/s)
printf 'durability alone:        the bare handler, each answer waiting for its group'"'"'s write and fdatasync (no chain, no database) %s req/s => %s x bare; %s requests per sync, %s µs per sync under this load (no bar: the floor under any durable design on this machine; the durable gateway reaches %s x this floor)\n' \
  "$floor" "$(ratio "$floor" "$bare")" "$(median BenchmarkGatewayBareSynced req/sync)" "$(median BenchmarkGatewayBareSynced µs-per-sync)" "$(ratio "$full" "$floor")"
printf 'CPU per request:         durable %s µs, unsynced %s µs, in memory %s µs, bare %s µs, bare waiting for an fdatasync %s µs (clients and server together, medians; no bar: shows how much of the gap is work and how much is waiting)\n' \
  "$(median BenchmarkGatewayFull cpu-µs/req)" "$(median BenchmarkGatewayUnsynced cpu-µs/req)" "$(median BenchmarkGatewayMemory cpu-µs/req)" "$(median BenchmarkGatewayBare cpu-µs/req)" "$(median BenchmarkGatewayBareSynced cpu-µs/req)"
printf 'durability latency:      p50 %s µs vs %s µs in memory => %s µs; p99 %s µs vs %s µs => %s µs (no bar: "a few ms at most")\n' \
  "$p50d" "$p50m" "$(diffv "$p50d" "$p50m")" "$p99d" "$p99m" "$(diffv "$p99d" "$p99m")"
printf 'usage ingest:            %s events/s | bar: >= 1,000,000 | %s\n' "$ingest" "$(verdict "$ingest" ">=" 1000000)"
printf 'api-usage 30d x 50 keys x 20 endpoints: %s ms/op | bar: < 50 ms | %s\n' "$apiusage" "$(verdict "$apiusage" "<" 50)"
printf 'newest snapshot read (30d x 50 keys x 20 endpoints): %s ms/op | bar: < 50 ms (an offline screen opens like an online one) | %s\n' "$snap" "$(verdict "$snap" "<" 50)"

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
