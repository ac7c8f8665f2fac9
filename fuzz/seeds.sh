#!/usr/bin/env bash
# ngx_pkg_reroute fuzzing: seed corpora from the C table tests.
#
#   bash fuzz/seeds.sh [corpus-dir]      (default: fuzz/corpus)
#
# Builds the generators (fuzz/gen_*.c: each compiles one of t/c/test_*.c
# in whole, so the rows are read as the tests read them) and writes
# <corpus-dir>/<target>/seed-<hash> files, one input each. Nothing here is
# committed: the corpus is made again whenever the tables change.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${1:-$here/corpus}
bin=$top/build/fuzz/gen
src=$top/ngx_pkg_reroute_module
cc=${SEED_CC:-${CC:-cc}}

targets="fuzz_classify fuzz_name fuzz_pattern fuzz_rewrite_json \
fuzz_rewrite_html fuzz_variant fuzz_follow"

mkdir -p "$bin" "$out"

# only the targets' own folders are made again
for t in $targets; do
    rm -rf "${out:?}/$t"
done

for g in classify pattern rewrite; do
    "$cc" -std=gnu99 -O1 -g -w -I"$src" -I"$top/t/c" -I"$here" \
        "$here/gen_$g.c" "$src"/pr_*.c -o "$bin/gen_$g" -lcjson
    "$bin/gen_$g" "$out"
done

# fuzz_follow: base URL, newline, Location (t/c/test_follow.c's kinds)
mkdir -p "$out/fuzz_follow"
n=0
for seed in \
    'https://registry.example:8443/v2/library/alpine/blobs/sha256:ab?x=1\nhttps://d1.cloudfront.net/x/y?sig=1' \
    'https://huggingface.co/gpt2/resolve/main/config.json\n/api/resolve-cache/models/gpt2/607a30d/config.json' \
    'http://127.0.0.1:8081/npm/is-number\n../a/./b/../c?d#e' \
    'https://r.example\n//cdn.example.com:8443' \
    'https://r.example/a/b\n?only=query' \
    'https://r.example/\nHTTP://[::ffff:127.0.0.1]:99/x' \
    'https://r.example/\nhttp://0x7f.1/x' \
    'https://r.example/\nhttps://user@evil.example/x'
do
    printf '%b' "$seed" > "$out/fuzz_follow/seed-$n"
    n=$((n + 1))
done

for t in $targets; do
    mkdir -p "$out/$t"
    printf '%-20s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
