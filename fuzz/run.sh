#!/usr/bin/env bash
# ngx_pkg_reroute fuzzing: runs the harnesses and sums up (make -C fuzz
# smoke / run call this).
#
#   FUZZ_SECONDS  seconds per target (-max_total_time), unless
#   FUZZ_RUNS     is set: that many executions per target (-runs)
#   FUZZ_TARGETS  which targets (default: all six)
#   FUZZ_JOBS     how many targets at a time (default 1)
#   FUZZ_FLAGS    more libFuzzer flags
#   FUZZ_BUILD    build/fuzz: binaries; corpus/, findings/, logs/ below it
#
# Each target fuzzes build/fuzz/corpus/<target>/ (grows, kept between runs)
# seeded from fuzz/corpus/<target>/ (seeds.sh), writes what it finds to
# build/fuzz/findings/<target>/ and its log to build/fuzz/logs/. A target
# passes when it ran to its end and wrote no new finding (crash-, leak-,
# timeout-, oom- files). Exit status: 0 if every target passed.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${FUZZ_BUILD:-$top/build/fuzz}
targets=${FUZZ_TARGETS:-fuzz_classify fuzz_name fuzz_pattern \
fuzz_rewrite_json fuzz_rewrite_html fuzz_variant fuzz_follow \
fuzz_range fuzz_mal fuzz_filter fuzz_tsrc fuzz_jscan}
seconds=${FUZZ_SECONDS:-1800}
runs=${FUZZ_RUNS:-}
jobs=${FUZZ_JOBS:-1}
flags=${FUZZ_FLAGS:-}

# shorter malloc stacks and a smaller quarantine: faster, less memory
: "${ASAN_OPTIONS:=malloc_context_size=8:quarantine_size_mb=64}"
export ASAN_OPTIONS
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# the longest input each target takes
max_len() {
    case $1 in
    fuzz_classify)      echo 9216 ;;      # past PR_MAX_PATH_LEN
    fuzz_name)          echo 1024 ;;
    fuzz_pattern)       echo 1024 ;;
    fuzz_rewrite_json)  echo 65536 ;;
    fuzz_rewrite_html)  echo 65536 ;;
    fuzz_variant)       echo 4096 ;;
    fuzz_mal)           echo 16384 ;;
    fuzz_jscan)         echo 65536 ;;
    *)                  echo 4096 ;;
    esac
}

findings() {
    find "$build/findings/$1" -maxdepth 1 -type f \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
           -o -name 'oom-*' \) 2>/dev/null | sort
}

run_one() {
    local t=$1 bin=$build/$1 limit dict=

    mkdir -p "$build/corpus/$t" "$build/findings/$t" "$build/logs" \
             "$here/corpus/$t"

    if [ -n "$runs" ]; then
        limit=-runs=$runs
    else
        limit=-max_total_time=$seconds
    fi

    [ -f "$here/dict/$t.dict" ] && dict=-dict=$here/dict/$t.dict

    findings "$t" > "$build/logs/$t.before"

    # shellcheck disable=SC2086
    "$bin" $limit -print_final_stats=1 -max_len="$(max_len "$t")" \
        -timeout=30 -rss_limit_mb=4096 -artifact_prefix="$build/findings/$t/" \
        $dict $flags "$build/corpus/$t" "$here/corpus/$t" \
        > "$build/logs/$t.log" 2>&1
    echo $? > "$build/logs/$t.rc"
}

for t in $targets; do
    if [ ! -x "$build/$t" ]; then
        echo "$t: not built ($build/$t)"
        exit 2
    fi
done

if [ -n "$runs" ]; then
    echo "fuzzing: $targets"
    echo "  $runs runs each, $jobs at a time; logs in $build/logs/"
else
    echo "fuzzing: $targets"
    echo "  ${seconds}s each, $jobs at a time; logs in $build/logs/"
fi

running=0

for t in $targets; do
    run_one "$t" &
    running=$((running + 1))

    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done

wait

passed=0
failed=0
summary=

for t in $targets; do
    log=$build/logs/$t.log
    rc=$(cat "$build/logs/$t.rc" 2>/dev/null || echo '?')

    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p' <<< "$last")

    if [ -z "$execs" ]; then
        execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<< "$last")
    fi

    new=$(comm -13 "$build/logs/$t.before" <(findings "$t"))
    nnew=$(grep -c . <<< "$new")

    echo
    echo "$t:"
    echo "  executions: ${execs:-?}"
    echo "  exec/s:     ${rate:-?}"
    echo "  coverage:   cov ${cov% *} ft ${cov#* }"
    echo "  findings:   $nnew"

    for f in $new; do
        echo "    $f"
    done

    if [ "$nnew" -gt 0 ] || [ "$rc" != 0 ]; then
        why=$(grep -m1 -E 'INVARIANT|ERROR: |runtime error|SUMMARY' "$log")
        echo "  exit $rc: ${why:-see $log}"
        echo "  again:  $build/$t $(head -1 <<< "$new")"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi

    line="$t: ${execs:-0} runs, $nnew findings"
    if [ "$nnew" = 0 ] && [ "$rc" != 0 ]; then
        line="$line (exit $rc)"
    fi
    summary="$summary$line"$'\n'
done

echo
printf '%s' "$summary"
echo "$passed passed, $failed failed"

[ "$failed" = 0 ]
