#!/bin/sh
# make bench: runs every benchmark program build/bench/bench_* (each prints its own
# table: what it measured, the median of its runs, and the target), then the
# end-to-end benchmarks in bench/*.sh. Speed targets live here, never in tests.
B=${B:-build}
for b in "$B"/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b" || echo "bench: $(basename "$b") failed"
done
for s in bench/bench_*.sh; do
	[ -f "$s" ] || continue
	echo "== $(basename "$s" .sh)"
	B=$B sh "$s" || echo "bench: $s failed"
done
