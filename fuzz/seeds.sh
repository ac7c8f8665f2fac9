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
targets="$targets fuzz_range fuzz_mal fuzz_filter fuzz_tsrc fuzz_jscan"

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

# a generator that records nothing (a table test that no longer calls
# through it) would leave its targets to start from nothing: an error
for t in fuzz_classify fuzz_pattern fuzz_rewrite_json fuzz_rewrite_html; do
    if [ -z "$(ls -A "$out/$t" 2>/dev/null)" ]; then
        echo "seeds.sh: no seeds for $t from fuzz/gen_*.c" >&2
        exit 1
    fi
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

# fuzz_range: byte 0 the ecosystem (0 npm, 1 PyPI, 2 cargo, 3 RubyGems,
# 4 docker), then a range and versions, a line each (t/c/test_version.c)
mkdir -p "$out/fuzz_range" "$out/fuzz_mal"
n=0
for seed in \
    '\x00^1.2.3 || 1.2.3 - 2.x\n1.5.0-beta.1\n2.0.0\nv1.2.3+build' \
    '\x00~>3.2.1 <=7.x >=*\n3.2.9\n0.0.0-0\n9007199254740991.0.0' \
    '\x01>=1.0a1, !=1.5.*, ~=1.4.5, ===foo\n1!1.0.post1.dev2+loc.1\n1.0rc1\n1.0' \
    '\x01==2.0.*\n2.0.post1\n2.dev1\n2.0+deadbeef.00' \
    '\x02>=0.5.1-alpha3, <0.6, ^0.0, ~1.2.3-beta.2, =1.*\n0.5.5\n0.0.1\n1.2.3-beta.4' \
    '\x03~> 1.0.0.pre, != 1.0.3, >= 0\n1.0.0-rc1\n1.0.a\n1.0' \
    '\x04release/** || v1.* || latest\nrelease/1.x/hotfix\nv1.4\nlatest'
do
    printf '%b' "$seed" > "$out/fuzz_range/seed-$n"
    n=$((n + 1))
done

# fuzz_mal: OSV files shaped as the malicious-packages project's, and a list
n=0
for seed in \
    '{"id":"MAL-2024-1","affected":[{"package":{"ecosystem":"npm","name":"Evil-Pkg"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}' \
    '{"id":"MAL-2024-2","affected":[{"package":{"ecosystem":"PyPI","name":"Req_Uests.X"},"versions":["1.0","2.0a1"]}]}' \
    '{"id":"MAL-2024-3","affected":[{"package":{"ecosystem":"crates.io","name":"bad_crate"},"ranges":[{"type":"SEMVER","events":[{"introduced":"1.2.0"},{"fixed":"1.3.0"},{"introduced":"2.0.0"}]}]}]}' \
    '{"id":"MAL-2024-4","affected":[{"package":{"ecosystem":"RubyGems","name":"rest-client"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"1.6.10"},{"last_affected":"1.6.13"}]}]}]}' \
    '{"id":"MAL-2024-5","withdrawn":"2024-05-01T00:00:00Z","affected":[]}' \
    '{"i\\u0064":"MAL-0000-npm-x","affected":[{"package":{"ecosystem":"npm","name":"\\u00e9t\\ud83d\\ude00"}},{"package":{"ecosystem":"Go","name":"x"}}]}' \
    '# docker list\nlibrary/evil\nacme/tool@1.2.*\nacme/x@sha256:00 # c\n'
do
    printf '%b' "$seed" > "$out/fuzz_mal/seed-$n"
    n=$((n + 1))
done

# fuzz_filter: byte 0 (bits 0-1: the filter, 2-3: what goes, 4: a name),
# then a Cargo index file, a Docker tag list, a RubyGems info file or
# versions JSON, a Hugging Face refs listing (bit 6 with filter 3)
# (t/c/test_filter.c's shapes)
mkdir -p "$out/fuzz_filter"
n=0
for seed in \
    '\x04{"name":"foo","vers":"1.0.0","deps":[],"cksum":"aa","features":{},"yanked":false,"pubtime":"2020-01-01T00:00:00Z"}\n{"name":"foo","vers":"1.1.0","deps":[{"name":"bar","req":"^1","target":null}],"v":2,"features2":{},"rust_version":"1.70"}\n' \
    '\x08\n{"name":"foo","vers":"2.0.0","pubtime":"2026-12-04T10:00:00+01:00"}\r\n{"name":"foo","vers":"3.0.0","x":"\\u00e9\\ud83d\\ude00"}' \
    '\x05{"name":"library/alpine","tags":["3.19","3.20","latest"]}' \
    '\x19{ "tags" : [ "a" , "b" ] , "name" : "x" }\n' \
    '\x01{"name":"x","tags":null}' \
    '\x06created_at: 2024-01-01T00:00:00Z\n---\n1.0.0 |checksum:aa\n1.1.0 rake:>= 0,json:~> 2.0|checksum:bb,ruby:>= 2.7\n1.1.0-java rake:>= 0|checksum:cc\n' \
    '\x0b[{"number":"2.0.0","platform":"ruby","created_at":"2026-12-04T10:00:00.000Z"},{"number":"1.0.0","created_at":"2020-01-01T00:00:00.000Z"}]' \
    '\x47{"branches":[{"name":"main","ref":"refs/heads/main","targetCommit":"aa"},{"name":"dev","ref":"refs/heads/dev","targetCommit":"bb"}],"converts":[{"name":"parquet","ref":"refs/convert/parquet","targetCommit":"cc"}],"tags":[{"name":"v1.0","ref":"refs/tags/v1.0","targetCommit":"dd"}],"pullRequests":[{"name":"refs/pr/1","ref":"refs/pr/1","targetCommit":"ee"}]}' \
    '\x4b { "tags" : [ {"name":"a","ref":"refs/tags/a"} , {"name":"b"} ] , "x" : [1] , "branches" : [] }\n'
do
    printf '%b' "$seed" > "$out/fuzz_filter/seed-$n"
    n=$((n + 1))
done

# fuzz_tsrc: byte 0 (0 a Docker manifest, 1 an image config, 2 a Hugging
# Face revision, 3..7 the Git documents), then the document
# (t/c/test_tsrc.c's shapes); a name, NUL and a ref make a Git API path
mkdir -p "$out/fuzz_tsrc"
n=0
for seed in \
    '\x00{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111"},"layers":[]}' \
    '\x00{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","platform":{"architecture":"unknown","os":"unknown"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333","platform":{"architecture":"amd64","os":"linux"},"annotations":{"org.opencontainers.image.created":"2024-03-31T12:00:00Z"}}]}' \
    '\x00{"schemaVersion":2,"manifests":[{"digest":"sha512:55555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555"}],"annotations":{"org.opencontainers.image.created":"x"}}' \
    '\x01{"architecture":"amd64","os":"linux","created":"2024-03-31T12:00:00.123456789Z","config":{}}' \
    '\x01{"created":"0001-01-01T00:00:00Z"}' \
    '\x02{"id":"org/model","sha":"0123456789abcdef0123456789abcdef01234567","lastModified":"2024-03-31T12:00:00.000Z"}' \
    '\x03{"sha":"c3d0be41ecbe669545ee3e94d31ed9a4bc91ee3c","commit":{"author":{"date":"2001-01-01T00:00:00Z"},"committer":{"name":"A","date":"2024-03-31T12:00:00Z"}}}' \
    '\x04{"ref":"refs/tags/v1","object":{"type":"tag","sha":"940bd336248efae0f9ee5bc7b2d5c985887b16ac","url":"u"}}' \
    '\x04{"ref":"refs/tags/v1","object":{"type":"commit","sha":"c3d0be41ecbe669545ee3e94d31ed9a4bc91ee3c"}}' \
    '\x05{"tag":"v1","tagger":{"name":"A","date":"2014-11-07T22:01:45Z"},"object":{"type":"commit"}}' \
    '\x06{"id":"c3d0be41ecbe669545ee3e94d31ed9a4bc91ee3c","committed_date":"2024-03-31T15:00:00.000+03:00"}' \
    '\x07{"commit":{"committed_date":"2012-05-28T04:42:42-07:00"},"name":"v1.0","created_at":null}' \
    '\x00octo/hello\x00v1.0' \
    '\x02octo/hello\x00940bd336248efae0f9ee5bc7b2d5c985887b16ac' \
    '\x03group/sub/project\x00release-1.x'
do
    printf '%b' "$seed" > "$out/fuzz_tsrc/seed-$n"
    n=$((n + 1))
done

# fuzz_jscan: the rewriter's documents (their first bytes, the map and
# keep() choice, are text like any other here), and runs of backslashes
# before quotes across the 64-byte lines
mkdir -p "$out/fuzz_jscan"
cp "$out/fuzz_rewrite_json/"* "$out/fuzz_jscan/" 2>/dev/null || true
n=0
for seed in \
    '{"versions":{"1.0.0":{"d":"a\\\\\\"}]"}},"time":{"1.0.0":"2020-01-01T00:00:00Z"}}' \
    '[{"0123456789012345678901234567890123456789012345678901234567\\\\\\\\\\\\\\\\"]}"]]' \
    '{\\"a\\":[1,{"b\\\\":"\\u0022}"}]}, "c"'
do
    printf '%s' "$seed" > "$out/fuzz_jscan/seed-$n"
    n=$((n + 1))
done

for t in $targets; do
    mkdir -p "$out/$t"
    printf '%-20s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
