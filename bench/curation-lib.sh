# shellcheck shell=bash
# bench/curation-lib.sh: what the curation benchmarks share (sourced by
# bench/curation-redirect-run, curation-hit-run and curation-worker-run;
# bench/curation-README.md). Not part of make test.
#
# One nginx per benchmark, started by the script with its own prefix
# ($OUT) and stopped through its own pid file (never by name); A and B are
# servers (or places) of that one nginx, served by its one worker, and are
# measured in pairs, one right after the other, the order alternating
# (ABAB, BABA, ...): each pair's ratio is taken in the same moment of a
# machine whose load changes by the second. Per pair: B's req/s over A's
# and B's worker CPU per request over A's (the worker's
# /proc/<pid>/schedstat, in ns); printed: the median, the quartiles and
# the extremes of each.

CL_WRK_PID=

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*"; }

# port_busy PORT: something listens there
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_ports FIRST COUNT: FIRST, or the next base with COUNT free ports
free_ports() {
    local p=$1 n=$2 i ok
    for _ in $(seq 20); do
        ok=1
        for i in $(seq 0 $((n - 1))); do
            if port_busy $((p + i)); then ok=0; break; fi
        done
        [ "$ok" = 1 ] && { echo "$p"; return 0; }
        p=$((p + n))
    done
    die "no $n free ports from $1"
}

# the master of the nginx whose prefix is $OUT (its pid file and cmdline)
nginx_pid() {
    local pid
    [ -s "$OUT/nginx.pid" ] || return 1
    pid=$(cat "$OUT/nginx.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" \
        | grep -qF -- "$OUT/nginx.conf" || return 1
    echo "$pid"
}

stop_nginx() {
    local pid
    pid=$(nginx_pid) || return 0
    kill -QUIT "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$pid" 2>/dev/null || true
}

cl_cleanup() {
    [ -n "$CL_WRK_PID" ] && kill "$CL_WRK_PID" 2>/dev/null || true
    stop_nginx
}

start_nginx() {
    "$NGINX" -p "$OUT/" -c "$OUT/nginx.conf" -e "$OUT/error.log" \
        || die "nginx did not start: $(tail -n 5 "$OUT/error.log")"
    for _ in $(seq 50); do
        WORKER=$(worker_pid) && return 0
        sleep 0.1
    done
    die "no nginx worker"
}

worker_pid() {
    local m
    m=$(nginx_pid) || return 1
    pgrep -P "$m" | head -n 1 | grep .
}

worker_ns() { awk '{ print $1 }' "/proc/$WORKER/schedstat"; }

# wrk_run URL SECONDS FILE [LUA]: req/s in RS, requests in RN, the
# worker's ns in TN
wrk_run() {
    local n0 n1 script=()
    [ -n "${4:-}" ] && script=(-s "$4")
    n0=$(worker_ns)
    timeout -k 2 $(($2 + 20)) wrk -t1 -c"${CONNS:-32}" -d"$2"s --latency \
        "${script[@]}" -H "User-Agent: npm/10.5.0 node/v20.12.2 linux x64" \
        "$1" > "$3" 2>&1 &
    CL_WRK_PID=$!
    wait "$CL_WRK_PID" || die "wrk failed on $1: $(tail -n 3 "$3")"
    CL_WRK_PID=
    n1=$(worker_ns)
    [ "$(worker_pid)" = "$WORKER" ] \
        || die "the nginx worker changed (crash?), see $OUT/error.log"
    ! grep -qE 'Non-2xx|Socket errors' "$3" \
        || die "errors in $3: $(grep -E 'Non-2xx|Socket errors' "$3" | tr '\n' ' ')"
    RS=$(awk '/^Requests\/sec:/ { print $2 }' "$3")
    RN=$(awk '/ requests in / { print $1 }' "$3")
    [ -n "$RS" ] && [ -n "$RN" ] && [ "$RN" -gt 0 ] || die "cannot read $3"
    TN=$((n1 - n0))
}

# ab_pairs LABEL URL_A URL_B PAIRS SECONDS [LUA]: the pairs; per pair
# B/A of req/s (appended to AB_RPS) and of CPU per request (AB_CPU);
# A's and B's CPU per request in us (AB_AUS, AB_BUS)
ab_pairs() {
    local label=$1 ua=$2 ub=$3 n=$4 t=$5 lua=${6:-} k order s ra na ta rb nb tb
    AB_RPS=; AB_CPU=; AB_AUS=; AB_BUS=
    # warm-up
    wrk_run "$ua" 1 "$OUT/wrk-$label-warm-A.txt" "$lua"
    wrk_run "$ub" 1 "$OUT/wrk-$label-warm-B.txt" "$lua"
    for k in $(seq "$n"); do
        if [ $((k % 2)) = 1 ]; then order="A B"; else order="B A"; fi
        for s in $order; do
            if [ "$s" = A ]; then
                wrk_run "$ua" "$t" "$OUT/wrk-$label-$k-A.txt" "$lua"
                ra=$RS; na=$RN; ta=$TN
            else
                wrk_run "$ub" "$t" "$OUT/wrk-$label-$k-B.txt" "$lua"
                rb=$RS; nb=$RN; tb=$TN
            fi
        done
        AB_RPS="$AB_RPS $(awk -v a="$ra" -v b="$rb" 'BEGIN { print b / a }')"
        AB_CPU="$AB_CPU $(awk -v a="$ta" -v na="$na" -v b="$tb" -v nb="$nb" \
                          'BEGIN { print (b / nb) / (a / na) }')"
        AB_AUS="$AB_AUS $(awk -v a="$ta" -v na="$na" 'BEGIN { print a / na / 1000 }')"
        AB_BUS="$AB_BUS $(awk -v b="$tb" -v nb="$nb" 'BEGIN { print b / nb / 1000 }')"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$k" \
            "$ra" "$na" "$ta" "$rb" "$nb" "$tb" >> "$OUT/pairs.tsv"
    done
}

# quartiles: "p25 p50 p75 min max" of the numbers on stdin
quartiles() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 }
    function q(p,  h, i) { h = (NR - 1) * p + 1; i = int(h)
        return i < NR ? v[i] + (h - i) * (v[i + 1] - v[i]) : v[NR] }
    END { printf "%.3f %.3f %.3f %.3f %.3f", q(0.25), q(0.5), q(0.75), v[1], v[NR] }'; }

# spread NAME "numbers" FORMAT: "NAME median M, quartiles Q1-Q3, min-max"
spread() {
    local q1 q2 q3 lo hi
    read -r q1 q2 q3 lo hi <<< "$(echo "$2" | quartiles)"
    printf "%s median $3, quartiles $3-$3, min-max $3-$3" \
        "$1" "$q2" "$q1" "$q3" "$lo" "$hi"
}

# the header of a result: when, which commit, the machine's load
cl_header() {
    echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit: $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$TOP" diff --quiet 2>/dev/null || echo ' (with changes)')"
    echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (/proc/loadavg), $(nproc) cores"
}
