#!/usr/bin/env bash
# Runs every libFuzzer target of test/fuzz for a bounded time under AddressSanitizer and
# UndefinedBehaviorSanitizer, and prints a table of executions and time per target.
#
# usage: test/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
#   SECONDS  how long each target runs (default 300)
#   TARGET   which targets (default all: text html markdown xml docx social policy candidates
#            members election)
# environment:
#   BUILD_DIR  the clang fuzzing build (default build-fuzz; set up here when missing)
#   JOBS       targets run at once (default: the number of CPUs)
#
# It needs clang and libFuzzer (Debian: apt-get install clang libclang-rt-14-dev). The seed corpus
# (test/golden and examples/drafts for the draft formats, test/fuzz/corpus/TARGET for the others), the regressions (test/fuzz/regressions/TARGET) and the dictionary
# (test/fuzz/dict/TARGET.dict) are read, never written. New inputs go to
# BUILD_DIR/fuzz-work/TARGET/corpus, kept so that each run goes on from the last. A crashing,
# leaking, hanging (20 s) or out-of-memory (2.5 GB) input is saved as
# BUILD_DIR/fuzz-work/TARGET/crash-* (leak-*, timeout-*, oom-*), with the log beside it. To keep
# a fixed crash as a regression test, copy the input to test/fuzz/regressions/TARGET/ (the replay
# tests then run it in every build).
#
# Exits 0 when every target ran its time without a crash, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-300}
shift || true
all_targets=(text html markdown xml docx social policy candidates members election)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
build=${BUILD_DIR:-build-fuzz}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debugoptimized || exit 1
fi
ninja -C "$build" $(for t in "${targets[@]}"; do echo "test/fuzz/fuzz_$t"; done) || exit 1

# abort on the first report, so libFuzzer saves the input; UBSan's reports are fatal too
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

work="$build/fuzz-work"
run_one() {
    local t=$1 dir="$work/$1"
    # the corpus found so far is kept from run to run; the last run's findings are not
    rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* "$dir"/slow-unit-* "$dir/log" "$dir/status"
    mkdir -p "$dir/corpus"
    local inputs=()
    case $t in text|html|markdown|xml|docx|social) inputs+=(test/golden examples/drafts) ;; esac # seeds: the drafts
    [ -d "test/fuzz/corpus/$t" ] && inputs+=("test/fuzz/corpus/$t")
    [ -d "test/fuzz/regressions/$t" ] && inputs+=("test/fuzz/regressions/$t")
    local dict=()
    [ -f "test/fuzz/dict/$t.dict" ] && dict=("-dict=test/fuzz/dict/$t.dict")
    local start end status
    start=$(date +%s)
    "$build/test/fuzz/fuzz_$t" "$dir/corpus" "${inputs[@]}" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$dir/" </dev/null >"$dir/log" 2>&1
    status=$?
    end=$(date +%s)
    echo "$status $((end - start))" >"$dir/status"
}

echo "fuzzing ${targets[*]} for ${seconds}s each, $jobs at a time (logs in $work/TARGET/log)"
mkdir -p "$work"
running=0
for t in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    run_one "$t" &
    running=$((running + 1))
done
wait

failed=0
printf '\n| target | executions | seconds | execs/s | corpus | peak RSS MB | crashes |\n'
printf '|---|---:|---:|---:|---:|---:|---|\n'
for t in "${targets[@]}"; do
    dir="$work/$t"
    read -r status secs <"$dir/status"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$dir/log" | tail -1)
    corpus=$(find "$dir/corpus" -type f | wc -l)
    artifacts=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) -printf '%f ' 2>/dev/null)
    crashes=none
    if [ "$status" -ne 0 ] || [ -n "$artifacts" ]; then
        crashes="exit $status ${artifacts:-(no input saved)}"
        failed=1
    fi
    rate=0
    [ "${secs:-0}" -gt 0 ] && [ -n "$execs" ] && rate=$((execs / secs))
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$t" "${execs:-?}" "$secs" "$rate" "$corpus" "${rss:-?}" "$crashes"
done
if [ "$failed" -ne 0 ]; then
    echo
    echo "crashes found: see $work/TARGET/log; reproduce with $build/test/fuzz/fuzz_TARGET FILE"
fi
exit "$failed"
