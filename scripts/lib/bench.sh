# Shared helpers of the benchmark scripts (bench.sh, bench-logs.sh). Source
# it from the repository's root; it makes $OUT, a temp dir removed on exit,
# where every benchmark's output is kept for value and median. A benchmark
# that fails, or a figure that is missing, fails the script.

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
: >"$OUT/raw.txt"

# bench PKG REGEX [BENCHTIME]: runs the benchmarks, prints their lines.
bench() {
  if ! go test -run '^$' -bench "$2" -benchmem -benchtime "${3:-1s}" -count 1 "$1" >"$OUT/part.txt" 2>&1; then
    cat "$OUT/part.txt"
    echo "$(basename "$0"): $1 $2 failed" >&2
    exit 1
  fi
  cat "$OUT/part.txt" >>"$OUT/raw.txt"
  grep -E '^(Benchmark|request log bench)' "$OUT/part.txt" || true
}

# alternate ROUNDS PKG BENCHTIME NAME...: the named benchmarks one after the
# other, ROUNDS times, so a change in the machine's load hits every side
# alike; compare them with median.
alternate() {
  local rounds=$1 pkg=$2 benchtime=$3 round name
  shift 3
  for round in $(seq 1 "$rounds"); do
    for name in "$@"; do
      bench "$pkg" "^$name\$" "$benchtime"
    done
  done
}

# value NAME UNIT: the number before UNIT on NAME's first line.
value() {
  local v
  v=$(awk -v n="$1" -v u="$2" '$1 ~ "^"n"(-[0-9]+)?$" { for (i=2;i<=NF;i++) if ($i==u) { print $(i-1); exit } }' "$OUT/raw.txt")
  if [ -z "$v" ]; then
    echo "$(basename "$0"): no $2 figure from $1" >&2
    exit 1
  fi
  echo "$v"
}

# median NAME UNIT: the median of NAME's UNIT figures over all its runs.
median() {
  local v
  v=$(awk -v n="$1" -v u="$2" '$1 ~ "^"n"(-[0-9]+)?$" { for (i=2;i<=NF;i++) if ($i==u) print $(i-1) }' "$OUT/raw.txt" |
    sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2 }')
  if [ -z "$v" ]; then
    echo "$(basename "$0"): no $2 figure from $1" >&2
    exit 1
  fi
  echo "$v"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b>0) printf "%.2f", a/b; else print "n/a" }'; }
# verdict FIGURE OP BAR: "met" or "MISSED" (OP is < or >=)
verdict() { awk -v f="$1" -v o="$2" -v b="$3" 'BEGIN { ok = (o == "<") ? (f < b) : (f >= b); print ok ? "met" : "MISSED" }'; }
# diffv A B: A - B with its sign
diffv() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+d", a-b }'; }
