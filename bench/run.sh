#!/bin/sh
# make bench: runs every benchmark program build/bench/bench_* (each prints its own
# table: what it measured, the median of its runs, and the target), then the
# end-to-end benchmarks in bench/*.sh. Speed targets live here, never in tests.
# bench_load and bench_analyze.sh use the generated sizes in bench/data (sh
# bench/data.sh S M L); sizes not generated are skipped (bench_load then generates
# its own 1M rows).
B=${B:-build}
DATA=${BENCH_DATA:-bench/data}
for b in "$B"/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	case $(basename "$b") in
	bench_load)
		ran=0
		for size in M L; do
			[ -f "$DATA/$size/orders.csv" ] || continue
			"$b" "$DATA/$size/orders.csv" || echo "bench: bench_load $size failed"
			ran=1
		done
		[ $ran = 1 ] || "$b" || echo "bench: bench_load failed"
		;;
	*)
		"$b" || echo "bench: $(basename "$b") failed"
		;;
	esac
done
for s in bench/bench_*.sh; do
	[ -f "$s" ] || continue
	echo "== $(basename "$s" .sh)"
	case $(basename "$s") in
	bench_analyze.sh) B=$B sh "$s" S M L || echo "bench: $s failed" ;;
	*) B=$B sh "$s" || echo "bench: $s failed" ;;
	esac
done
