# Curation (issue 10 item 4): the documents that list versions without an
# artifact URL lose the versions the place's verdict hides: Cargo sparse
# index files, RubyGems info files and /api/v1/versions/<name>.json,
# Docker tag lists, npm dist-tags (pr_filter.h). Cache mode: a front
# place with proxy_cache, a fill hop with pkg_reroute_rewrite that
# filters; the kept lines are the upstream's bytes. A filtered document
# that lost a version has an ETag of its own (the MD5 of its body, as
# Bundler checks it) and none of the upstream's digests; what no filter
# reads is a 502, never stored.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';
use Digest::MD5 qw(md5_hex);

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

our $R = $ENV{TEST_NGINX_REGISTRY_PORT};

# serde 1.0.199..1.0.202: 1.0.200 and 1.0.201 blocked by rule "crates";
# 1.0.202 published in 2099 (young for any cooldown)
sub crate {
    my ($v, $t) = @_;
    '{"name":"serde","vers":"' . $v . '","deps":[],"cksum":"' . ('a' x 8)
  . '","features":{},"yanked":false' . ($t ? ',"pubtime":"' . $t . '"' : '')
  . '}' . "\n";
}
our @CRATES = (crate('1.0.199', '2024-01-01T00:00:00Z'),
               crate('1.0.200', '2024-02-01T00:00:00Z'),
               crate('1.0.201'),
               crate('1.0.202', '2099-01-01T00:00:00Z'));
our $INDEX = join '', @CRATES;

# rails: 7.1.0 (two platforms) and 7.1.3 blocked by rule "gems" (~>7.1.0)
our $INFO_HEAD = "---\n";
our @INFO = ("7.0.8 activesupport:= 7.0.8|checksum:aa,ruby:>= 2.7.0\n",
             "7.1.0 activesupport:= 7.1.0|checksum:bb,ruby:>= 2.7.0\n",
             "7.1.0-java activesupport:= 7.1.0|checksum:cc\n",
             "7.1.3 activesupport:= 7.1.3|checksum:dd,ruby:>= 2.7.0\n",
             "7.2.0 activesupport:= 7.2.0|checksum:ee,ruby:>= 3.1.0\n");
our $INFO = $INFO_HEAD . join '', @INFO;
our $INFO_OUT = $INFO_HEAD . $INFO[0] . $INFO[4];

our $GEMV = '[{"number":"7.2.0","platform":"ruby","created_at":"2024-08-09T00:00:00.000Z"},'
          . '{"number":"7.1.3","platform":"ruby","created_at":"2024-01-16T00:00:00.000Z"},'
          . '{"number":"7.0.8","platform":"ruby","created_at":"2023-09-09T00:00:00.000Z"}]';

our $TAGS = '{"name":"library/alpine","tags":["3.18","3.19","3.19.1","3.20"]}';

our $DTAGS = '{"latest":"5.0.0","lts":"4.17.21","old":"4.17.20"}';

our $FILES = [
    ["upstream/cargo/se/rd/serde" => $INDEX],
    ["upstream/cargo/bad/se/rd/serde" => $CRATES[0] . "{\"name\":\"serde\",\"vers\":\"1.0.200\",\"vers\":\"1.0.199\"}\n"],
    ["upstream/gems/info/rails" => $INFO],
    ["upstream/gems/api/v1/versions/rails.json" => $GEMV],
    ["upstream/gems/api/v1/versions/rails.yaml" => "---\n- number: 7.1.3\n"],
    ["upstream/docker/v2/library/alpine/tags/list" => $TAGS],
    ["upstream/docker/v2/library/busybox/tags/list" => "<html><body>sign in</body></html>\n"],
    ["upstream/npm/-/package/lodash/dist-tags" => $DTAGS]];

# a front place (proxy_cache) and its fill hop, per ecosystem
sub places {
    my ($extra) = @_;
    $extra //= '';
    my $c = '';
    for my $p (['cargo', 'crates'], ['gems', 'gems'], ['docker', 'images'],
               ['npm', 'corp'])
    {
        my ($dir, $use) = @$p;
        my $eco = { cargo => 'cargo', gems => 'rubygems', docker => 'docker',
                    npm => 'npm' }->{$dir};
        $c .= <<"_EOC_";
    location /$dir/ {
        pkg_reroute $eco prefix=/$dir;
        pkg_reroute_use $use;
        $extra
        proxy_pass http://127.0.0.1:\$server_port/fill-$dir\$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key \$pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status \$upstream_cache_status always;
        add_header X-Key \$pkg_reroute_cache_key always;
    }
    location /fill-$dir/ {
        pkg_reroute $eco prefix=/fill-$dir;
        pkg_reroute_use $use;
        $extra
        pkg_reroute_rewrite http://127.0.0.1:$R/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$R/$dir\$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
_EOC_
    }
    return $c;
}

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=meta:1m;
    pkg_reroute_rule corp block { "lodash@<4.17.21 || >=5.0.0-0"; }
    pkg_reroute_rule crates block { "serde@>=1.0.200, <1.0.202"; }
    pkg_reroute_rule gems block { "rails@~>7.1.0"; }
    pkg_reroute_rule images block { "library/alpine@3.19*"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        types { text/html html; application/x-yaml yaml; }
        location /gems/info/ {
            default_type text/plain;
            add_header Digest "sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
            add_header Repr-Digest "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:";
        }
        location /docker/v2/library/alpine/ {
            add_header Link '</v2/library/alpine/tags/list?n=2&last=3.19>; rel="next"';
        }
        location /docker/v2/library/busybox/ {
            default_type text/html;
        }
        location = /npm/lodash {
            add_header Digest "sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    $block->set_value("user_files", $main::FILES) unless $block->user_files;
});

run_tests();

__DATA__

=== TEST 1: Cargo index: the blocked versions' lines go, the kept ones are the upstream's bytes; stored filtered (HIT); the hidden version's crate is refused at the door
--- config eval: main::places()
--- request eval
["GET /cargo/se/rd/serde", "GET /cargo/se/rd/serde",
 "GET /cargo/api/v1/crates/serde/1.0.200/download"]
--- error_code eval
[200, 200, 403]
--- response_headers eval
["X-Cache-Status: MISS\nETag: \"" . main::md5_hex($main::CRATES[0] . $main::CRATES[3]) . "\"",
 "X-Cache-Status: HIT",
 "X-Pkg-Reroute-Reason: serde\@1.0.200 is blocked by rule \"crates\" (pattern \"serde\@>=1.0.200, <1.0.202\")"]
--- response_body eval
[$main::CRATES[0] . $main::CRATES[3], $main::CRATES[0] . $main::CRATES[3],
 qr/blocked/]
--- no_error_log
[alert]



=== TEST 2: RubyGems info: every platform of a blocked version goes; ETag is the MD5 of the filtered file, the upstream's digests go; If-None-Match and a range (Bundler's append) are answered from the filtered file
--- config eval: main::places()
--- request eval
["GET /gems/info/rails", "GET /gems/info/rails", "GET /gems/info/rails",
 "GET /gems/info/rails"]
--- more_headers eval
["", "",
 "If-None-Match: \"" . main::md5_hex($main::INFO_OUT) . "\"",
 "Range: bytes=10-"]
--- error_code eval
[200, 200, 304, 206]
--- response_headers eval
["X-Cache-Status: MISS\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT),
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest",
 "X-Cache-Status: HIT",
 "X-Cache-Status: HIT\nContent-Range: bytes 10-" . (length($main::INFO_OUT) - 1) . "/" . length($main::INFO_OUT)]
--- response_body eval
[$main::INFO_OUT, $main::INFO_OUT, "", substr($main::INFO_OUT, 10)]
--- no_error_log
[error]
[alert]



=== TEST 3: RubyGems /api/v1/versions/<name>.json loses the blocked versions; the YAML form, which no filter reads, is refused (502), never stored
--- config eval: main::places()
--- request eval
["GET /gems/api/v1/versions/rails.json", "GET /gems/api/v1/versions/rails.yaml",
 "GET /gems/api/v1/versions/rails.yaml"]
--- error_code eval
[200, 502, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
['[{"number":"7.2.0","platform":"ruby","created_at":"2024-08-09T00:00:00.000Z"},{"number":"7.0.8","platform":"ruby","created_at":"2023-09-09T00:00:00.000Z"}]',
 qr/lists versions in a format that is not filtered/,
 qr/lists versions in a format that is not filtered/]



=== TEST 4: Docker tag list (a page: n=, last=): the blocked tags go, the Link header stays; an HTML page where a tag list was asked for is refused (502), never stored
--- config eval: main::places()
--- request eval
["GET /docker/v2/library/alpine/tags/list?n=4",
 "GET /docker/v2/library/alpine/tags/list?n=4",
 "GET /docker/v2/library/busybox/tags/list",
 "GET /docker/v2/library/busybox/tags/list"]
--- error_code eval
[200, 200, 502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nLink: </v2/library/alpine/tags/list?n=2&last=3.19>; rel=\"next\"",
 "X-Cache-Status: HIT\nLink: </v2/library/alpine/tags/list?n=2&last=3.19>; rel=\"next\"",
 "X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
['{"name":"library/alpine","tags":["3.18","3.20"]}',
 '{"name":"library/alpine","tags":["3.18","3.20"]}',
 qr/"UNAVAILABLE".*is HTML, not a list of versions/,
 qr/"UNAVAILABLE".*is HTML, not a list of versions/]



=== TEST 5: npm dist-tags: a tag naming a blocked version goes, latest too (the document lists no version it could move to)
--- config eval: main::places()
--- request eval
["GET /npm/-/package/lodash/dist-tags", "GET /npm/-/package/lodash/dist-tags"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
['{"lts":"4.17.21"}', '{"lts":"4.17.21"}']



=== TEST 6: a malformed index file (a member read given twice) is refused (502 in cargo's format), never stored
--- config eval
main::places() . <<"_EOC_";
    location /cargo-bad/ {
        pkg_reroute cargo prefix=/cargo-bad;
        pkg_reroute_use crates;
        proxy_pass http://127.0.0.1:\$server_port/fill-cargo-bad\$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key \$pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status \$upstream_cache_status always;
    }
    location /fill-cargo-bad/ {
        pkg_reroute cargo prefix=/fill-cargo-bad;
        pkg_reroute_use crates;
        pkg_reroute_rewrite http://127.0.0.1:$main::R/ http://mirror.test/;
        pkg_reroute_rewrite_strict off;
        proxy_pass http://127.0.0.1:$main::R/cargo/bad\$pkg_reroute_uri;
    }
_EOC_
--- request eval
["GET /cargo-bad/se/rd/serde", "GET /cargo-bad/se/rd/serde"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
['{"errors":[{"detail":"the upstream\'s document cannot be rewritten: a member read is given twice, not stored: /se/rd/serde"}]}' . "\n",
 qr/a member read is given twice/]



=== TEST 7: pkg_reroute_verdict warn: every document is left whole (the upstream's bytes, its ETag and digests), marked
--- config eval: main::places("pkg_reroute_verdict warn;")
--- request eval
["GET /cargo/se/rd/serde", "GET /gems/info/rails",
 "GET /docker/v2/library/alpine/tags/list", "GET /npm/-/package/lodash/dist-tags"]
--- error_code eval
[200, 200, 200, 200]
--- response_headers eval
["X-Pkg-Reroute-Verdict: serde\@1.0.200 is blocked by rule \"crates\" (pattern \"serde\@>=1.0.200, <1.0.202\")",
 "X-Pkg-Reroute-Verdict: rails\@7.1.0 is blocked by rule \"gems\" (pattern \"rails\@~>7.1.0\")\nDigest: sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
 "X-Pkg-Reroute-Verdict: library/alpine\@3.19 is blocked by rule \"images\" (pattern \"library/alpine\@3.19*\")",
 "X-Pkg-Reroute-Verdict: lodash\@5.0.0 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")"]
--- response_body eval
[$main::INDEX, $main::INFO, $main::TAGS, $main::DTAGS]
--- error_log
pkg_reroute_verdict warn: listed



=== TEST 8: a place that judges no version (a rule without a range) passes the documents as they came; its keys carry no policy
--- http_config
    pkg_reroute_rule plain block { left-pad; }
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use plain;
        proxy_pass http://127.0.0.1:$server_port/fill-gems$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Key $pkg_reroute_cache_key always;
    }
    location /fill-gems/ {
        pkg_reroute rubygems prefix=/fill-gems;
        pkg_reroute_use plain;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/gems$pkg_reroute_uri;
    }
--- request eval
["GET /gems/info/rails", "GET /gems/api/v1/versions/rails.yaml"]
--- error_code eval
[200, 200]
--- response_headers_like eval
["X-Key: [^|]*/info/rails\nDigest: sha-256=47DEQpj8HBSa.*", "X-Key: [^|]*/api/v1/versions/rails.yaml"]
--- response_body eval
[$main::INFO, "---\n- number: 7.1.3\n"]



=== TEST 9: the cache key of each filtered document carries the place's policy generation
--- config eval: main::places()
--- request eval
["GET /cargo/se/rd/serde", "GET /gems/info/rails",
 "GET /docker/v2/library/alpine/tags/list", "GET /npm/-/package/lodash/dist-tags"]
--- error_code eval
[200, 200, 200, 200]
--- response_headers_like eval
["X-Key: cargo:.*:/se/rd/serde\\|policy:[0-9a-f]{8}",
 "X-Key: rubygems:.*:/info/rails\\|policy:[0-9a-f]{8}",
 "X-Key: docker:.*:/v2/library/alpine/tags/list\\|policy:[0-9a-f]{8}",
 "X-Key: npm:.*:/-/package/lodash/dist-tags\\|policy:[0-9a-f]{8}"]



=== TEST 10: Cargo with a cooldown: a line whose pubtime is too recent goes; one without pubtime stays (missing=allow)
--- http_config
    pkg_reroute_rule crates-cool block { left-pad; }
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use crates-cool;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/cargo$pkg_reroute_uri;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
    }
--- request
GET /cargo/se/rd/serde
--- error_code: 200
--- response_body eval
$main::CRATES[0] . $main::CRATES[1] . $main::CRATES[2]



=== TEST 11: a range the upstream answers (206: a piece of the unfiltered file) is refused, also with pkg_reroute_rewrite_strict off; an encoded document too
--- config
    location /fill-gems/ {
        pkg_reroute rubygems prefix=/fill-gems;
        pkg_reroute_use gems;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        pkg_reroute_rewrite_strict off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/gems$pkg_reroute_uri;
    }
    location /fill-gz/ {
        pkg_reroute rubygems prefix=/fill-gz;
        pkg_reroute_use gems;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        pkg_reroute_rewrite_strict off;
        proxy_pass http://127.0.0.1:$server_port/gz$pkg_reroute_uri;
    }
    location /gz/ {
        add_header Content-Encoding gzip;
        return 200 "not really gzip";
    }
--- request eval
["GET /fill-gems/info/rails", "GET /fill-gz/info/rails"]
--- more_headers eval
["Range: bytes=10-", ""]
--- error_code eval
[502, 502]
--- response_body_like eval
[qr/a status other than 200/, qr/is encoded \(gzip\)/]



=== TEST 12: one place with proxy_cache and no pkg_reroute_rewrite (rubygems-cache.conf, docker-cache.conf): what it stored as the upstream sent it is filtered on the MISS and on each HIT; an npm packument, which only a place that rewrites reads, passes there
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use gems;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/gems$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_use images;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/docker$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /gems/info/rails", "GET /gems/info/rails",
 "GET /docker/v2/library/alpine/tags/list", "GET /docker/v2/library/alpine/tags/list"]
--- error_code eval
[200, 200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
[$main::INFO_OUT, $main::INFO_OUT,
 '{"name":"library/alpine","tags":["3.18","3.20"]}',
 '{"name":"library/alpine","tags":["3.18","3.20"]}']



=== TEST 13: HEAD of a filtered document, one place with proxy_cache (rubygems-cache.conf, docker-cache.conf): the headers a GET gets (the filtered file's ETag and length, none of the upstream's digests), on the MISS (proxy_cache_convert_head: the fill is a GET) and on a HIT; a GET's Accept-Ranges once
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use gems;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/gems$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_use images;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/docker$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["HEAD /gems/info/rails", "HEAD /gems/info/rails", "GET /gems/info/rails",
 "HEAD /docker/v2/library/alpine/tags/list", "HEAD /docker/v2/library/alpine/tags/list",
 "GET /docker/v2/library/alpine/tags/list"]
--- error_code eval
[200, 200, 200, 200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT),
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT),
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT) . "\nAccept-Ranges: bytes",
 "X-Cache-Status: MISS\nETag: \"" . main::md5_hex('{"name":"library/alpine","tags":["3.18","3.20"]}') . "\"\nContent-Length: 48",
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex('{"name":"library/alpine","tags":["3.18","3.20"]}') . "\"\nContent-Length: 48",
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex('{"name":"library/alpine","tags":["3.18","3.20"]}') . "\"\nContent-Length: 48" . "\nAccept-Ranges: bytes"]
--- response_body eval
["", "", $main::INFO_OUT, "", "", '{"name":"library/alpine","tags":["3.18","3.20"]}']
--- no_error_log
[error]
[alert]



=== TEST 14: HEAD of a filtered document through a front (proxy_cache) and its fill hop: the filtered file's ETag and length, on the MISS and on a HIT
--- config eval: main::places()
--- request eval
["HEAD /gems/info/rails", "HEAD /gems/info/rails", "GET /gems/info/rails"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT),
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT),
 "X-Cache-Status: HIT\nETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT)]
--- response_body eval
["", "", $main::INFO_OUT]
--- no_error_log
[error]
[alert]



=== TEST 15: HEAD of a filtered document where the upstream is asked with HEAD (no proxy_cache: no body to filter): none of the upstream's ETag, digests or length, which describe the unfiltered file
--- config
    location /fill-gems/ {
        pkg_reroute rubygems prefix=/fill-gems;
        pkg_reroute_use gems;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/gems$pkg_reroute_uri;
    }
--- request eval
["HEAD /fill-gems/info/rails", "GET /fill-gems/info/rails"]
--- error_code eval
[200, 200]
--- response_headers eval
["!ETag\n!Digest\n!Repr-Digest\n!Content-Length\n!Content-MD5",
 "ETag: \"" . main::md5_hex($main::INFO_OUT) . "\"\n!Digest\n!Repr-Digest\nContent-Length: " . length($main::INFO_OUT)]
--- response_body eval
["", $main::INFO_OUT]
--- no_error_log
[error]
[alert]



=== TEST 16: HEAD of a rewritten npm packument where versions are judged, one place with proxy_cache: the rewritten document's length and headers, as a GET gets them, on the MISS and on a HIT; the upstream's Digest (of the document before its rewrite) goes
--- user_files eval
[@$main::FILES,
 ["upstream/npm/lodash" => '{"name":"lodash","dist-tags":{"latest":"5.0.0"},"versions":{"4.17.21":{"name":"lodash","version":"4.17.21","dist":{"tarball":"http://127.0.0.1:' . $main::R . '/npm/lodash/-/lodash-4.17.21.tgz"}},"5.0.0":{"name":"lodash","version":"5.0.0","dist":{"tarball":"http://127.0.0.1:' . $main::R . '/npm/lodash/-/lodash-5.0.0.tgz"}}}}']]
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use corp;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/npm/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/npm$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["HEAD /npm/lodash", "HEAD /npm/lodash", "GET /npm/lodash"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nContent-Length: 183\n!Digest",
 "X-Cache-Status: HIT\nContent-Length: 183\n!Digest",
 "X-Cache-Status: HIT\nContent-Length: 183\n!Digest"]
--- response_body eval
["", "",
 '{"name":"lodash","dist-tags":{"latest":"4.17.21"},"versions":{"4.17.21":{"name":"lodash","version":"4.17.21","dist":{"tarball":"http://mirror.test/npm/lodash/-/lodash-4.17.21.tgz"}}}}']
--- no_error_log
[error]
[alert]



=== TEST 17: HEAD of a document refused once read (a member given twice), one place with proxy_cache: the 502's headers, no body, never stored
--- config
    location /cargo-bad/ {
        pkg_reroute cargo prefix=/cargo-bad;
        pkg_reroute_use crates;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/cargo/bad$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["HEAD /cargo-bad/se/rd/serde", "HEAD /cargo-bad/se/rd/serde", "GET /cargo-bad/se/rd/serde"]
--- error_code eval
[502, 502, 502]
--- response_headers eval
["X-Pkg-Reroute-Reason: invalid-document\n!ETag", "X-Pkg-Reroute-Reason: invalid-document\n!ETag", "X-Pkg-Reroute-Reason: invalid-document"]
--- response_body eval
["", "", qr/a member read is given twice/]
--- no_error_log
[alert]



=== TEST 18: npm dist-tags whose every tag names a hidden version: an empty object (npm dist-tag ls then says "No dist-tags found"); latest is not moved here, only in the packument
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use corp;
        proxy_pass http://127.0.0.1:$server_port/up$pkg_reroute_uri;
    }
    location /up/ {
        default_type application/json;
        return 200 '{"latest":"5.0.0","next":"5.1.0-rc.1"}';
    }
--- request
GET /npm/-/package/lodash/dist-tags
--- error_code: 200
--- response_body: {}
