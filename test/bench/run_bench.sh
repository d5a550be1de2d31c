#!/usr/bin/env bash
# run_bench.sh: the whole benchmark in one command (see "Speed" in README.md).
#
#   bash test/bench/run_bench.sh
#
# Builds a release build in build-bench/ (meson setup build-bench --buildtype=release), writes the
# inputs to build-bench/bench-inputs/ (real names and GOV.UK releases from ../shared/data when it
# is there, deterministic stand-ins otherwise; nothing is copied into the repository), runs
# purdah-bench, GNU grep with the same literal list on the same text, Hyperscan (when
# libhyperscan-dev is installed: it is a dependency of the benchmark only, never of the library)
# and, when BENCH_ALEX=1, alex from npm on a slice, and prints one table.
#
# Environment: BENCH_MB (text size, default 32), BENCH_RUNS (runs per median, default 5),
# BENCH_THREADS (default: nproc), BENCH_ALEX=1 (npm install alex into build-bench/bench-alex),
# BENCH_WAIT_IDLE=SECONDS (wait for an idle machine first).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build-bench"
inputs="$build/bench-inputs"
mb="${BENCH_MB:-32}"
runs="${BENCH_RUNS:-5}"
threads="${BENCH_THREADS:-$(nproc)}"

cd "$root"
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --buildtype=release >&2
fi

# purdah-bench: the meson target when test/bench is part of the build, else compiled directly
# against the release library (same flags as the target).
bench="$build/test/bench/purdah-bench"
if ninja -C "$build" -t targets all 2>/dev/null | grep -q '^test/bench/purdah-bench:'; then
    ninja -C "$build" test/bench/purdah-bench >&2
else
    ninja -C "$build" lib/libpurdah.a >&2
    hs_flags=()
    if pkg-config --exists libhs 2>/dev/null; then
        hs_flags=(-DHAVE_HYPERSCAN $(pkg-config --cflags --libs libhs))
    fi
    mkdir -p "$build/test/bench"
    cc -std=c11 -O3 -DNDEBUG -I"$root/include" "$here/purdah_bench.c" -o "$bench" \
        "$build/lib/libpurdah.a" $(pkg-config --libs libpcre2-8 libxml-2.0 libzip) "${hs_flags[@]}" -lpthread -lm
fi

python3 "$here/prepare_inputs.py" "$inputs" --mb "$mb" >&2

alex_args=()
if [ "${BENCH_ALEX:-0}" = 1 ]; then
    if [ ! -x "$build/bench-alex/node_modules/.bin/alex" ]; then
        npm install --prefix "$build/bench-alex" alex >&2
    fi
    alex_args=(--alex "$build/bench-alex/node_modules/.bin/alex")
fi

# BENCH_WAIT_IDLE=SECONDS: wait (at most that long) for the 1-minute load average to drop below
# 0.5 first, so that other processes do not share the cores with the measurements.
if [ -n "${BENCH_WAIT_IDLE:-}" ]; then
    end=$((SECONDS + BENCH_WAIT_IDLE))
    while awk '{ exit !($1 >= 0.5) }' /proc/loadavg && [ "$SECONDS" -lt "$end" ]; do sleep 10; done
fi

python3 "$here/bench.py" --bench "$bench" --inputs "$inputs" --runs "$runs" --threads "$threads" \
    --json "$build/bench-results.json" "${alex_args[@]}"
