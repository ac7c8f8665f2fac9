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
fuzz_rewrite_html fuzz_variant"

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

for t in $targets; do
    mkdir -p "$out/$t"
    printf '%-20s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
