# Curation (issue 10): the verdict on a version. A rule's pattern may carry
# a version range (name@range); the same verdict (pr_verdict) refuses the
# artifact of a version it blocks, in redirect and cache mode, and hides
# the version in the metadata documents the rewriter filters.
# pkg_reroute_verdict warn logs and marks, hides and refuses nothing.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

our $R = $ENV{TEST_NGINX_REGISTRY_PORT};

# an npm packument: lodash 4.17.20 and 5.0.0 (blocked below: <4.17.21 and
# >=5.0.0-0), 4.17.21 kept; latest names 5.0.0
sub vdoc { my $v = shift; '"' . $v . '":{"name":"lodash","version":"' . $v . '","dist":{"tarball":"http://127.0.0.1:' . $R . '/lodash/-/lodash-' . $v . '.tgz"}}' }
our $PACKUMENT =
    '{"name":"lodash","dist-tags":{"latest":"5.0.0","next":"5.0.0-rc.1"},'
  . '"versions":{' . join(',', map { vdoc($_) } qw(4.17.20 4.17.21 5.0.0-rc.1 5.0.0)) . '},'
  . '"time":{"created":"2012-04-23T16:37:12.603Z","4.17.20":"2020-08-13T16:53:54.152Z","4.17.21":"2021-02-20T15:42:16.891Z","5.0.0-rc.1":"2026-12-01T00:00:00.000Z","5.0.0":"2026-12-04T10:00:00.000Z"}}';

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=meta:1m;
    pkg_reroute_rule corp block {
        "lodash@<4.17.21 || >=5.0.0-0";
        left-pad;
    }
    pkg_reroute_rule py block { "requests@==2.32.*"; "urllib3@>=2.2"; }
    pkg_reroute_rule crates block { "serde@>=1.0.200, <1.0.202"; }
    pkg_reroute_rule gems block { "rails@~>7.1.0"; }
    pkg_reroute_rule images block { "library/alpine@3.19*"; }
    pkg_reroute_rule models block { "org/bert@refs/pr/*"; }
    pkg_reroute_rule refs block { "org/tool@v1.*"; }
    pkg_reroute_rule only allow {
        "lodash@^4.17.21";
        "@corp/*";
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        types { text/html html; application/vnd.pypi.simple.v1+json v1json; }
        location / {
            try_files $uri $uri.json $uri/index.html $uri/index.v1json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: redirect mode, npm: a blocked version's tarball is refused (GET and HEAD), the others and the packument are redirected
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_redirect http://repo.test/npm;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /lodash/-/lodash-4.17.20.tgz",
 "HEAD /lodash/-/lodash-4.17.20.tgz",
 "GET /lodash/-/lodash-4.17.21.tgz",
 "GET /lodash/-/lodash-5.0.0-rc.1.tgz",
 "GET /lodash",
 "GET /lodash/4.17.20",
 "GET /lodash/latest"]
--- error_code eval
[403, 403, 307, 403, 307, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Reason: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")\nX-Pkg-Reroute-Rule: corp\nX-Pkg-Reroute-Pattern: lodash\@<4.17.21 || >=5.0.0-0\nContent-Type: application/json\nX-Verdict: block|lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "X-Pkg-Reroute-Reason: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "Location: http://repo.test/npm/lodash/-/lodash-4.17.21.tgz\nX-Verdict: allow|",
 "X-Pkg-Reroute-Reason: lodash\@5.0.0-rc.1 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "Location: http://repo.test/npm/lodash\nX-Verdict: |",
 "X-Pkg-Reroute-Reason: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "Location: http://repo.test/npm/lodash/latest"]
--- response_body eval
['{"error":"lodash@4.17.20 is blocked by rule \"corp\" (pattern \"lodash@<4.17.21 || >=5.0.0-0\")"}' . "\n",
 '', qr/^<html>/, qr/blocked/, qr/^<html>/, qr/blocked/, qr/^<html>/]



=== TEST 2: redirect mode: PyPI files, crate downloads, gems, Docker manifests by tag, Hugging Face revisions, GitHub archives by ref
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_use py;
        pkg_reroute_redirect http://repo.test/pypi;
    }
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use crates;
        pkg_reroute_redirect http://repo.test/cargo;
    }
    location /gems/ {
        pkg_reroute rubygems;
        pkg_reroute_use gems;
        pkg_reroute_redirect http://repo.test/gems;
    }
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_use images;
        pkg_reroute_redirect http://repo.test/docker;
    }
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_use models;
        pkg_reroute_redirect http://repo.test/hf;
    }
    location /gh/ {
        pkg_reroute github prefix=/gh;
        pkg_reroute_use refs;
        pkg_reroute_redirect http://repo.test/gh;
    }
--- request eval
["GET /pypi/packages/ab/cd/0123456789abcdef/requests-2.32.3.tar.gz",
 "GET /pypi/packages/ab/cd/0123456789abcdef/requests-2.31.0-py3-none-any.whl",
 "GET /cargo/api/v1/crates/serde/1.0.201/download",
 "GET /cargo/api/v1/crates/serde/1.0.202/download",
 "GET /gems/rails-7.1.3.gem",
 "GET /gems/rails-7.2.0.gem",
 "GET /v2/library/alpine/manifests/3.19.1",
 "HEAD /v2/library/alpine/manifests/3.20",
 "GET /v2/library/alpine/manifests/sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
 "GET /hf/org/bert/resolve/refs%2Fpr%2F1/config.json",
 "GET /hf/org/bert/resolve/main/config.json",
 "GET /gh/org/tool/archive/refs/tags/v1.2.tar.gz",
 "GET /gh/org/tool/archive/refs/tags/v2.0.tar.gz"]
--- error_code eval
[403, 307, 403, 307, 403, 307, 403, 307, 307, 403, 307, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Reason: requests\@2.32.3 is blocked by rule \"py\" (pattern \"requests\@==2.32.*\")",
 "", "X-Pkg-Reroute-Reason: serde\@1.0.201 is blocked by rule \"crates\" (pattern \"serde\@>=1.0.200, <1.0.202\")",
 "", "X-Pkg-Reroute-Reason: rails\@7.1.3 is blocked by rule \"gems\" (pattern \"rails\@~>7.1.0\")",
 "", "X-Pkg-Reroute-Reason: library/alpine\@3.19.1 is blocked by rule \"images\" (pattern \"library/alpine\@3.19*\")",
 "", "", "X-Pkg-Reroute-Reason: org/bert\@refs/pr/1 is blocked by rule \"models\" (pattern \"org/bert\@refs/pr/*\")",
 "", "X-Pkg-Reroute-Reason: org/tool\@v1.2 is blocked by rule \"refs\" (pattern \"org/tool\@v1.*\")",
 ""]



=== TEST 3: an allow rule with a range lets in only those versions
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use only;
        pkg_reroute_redirect http://repo.test/npm;
    }
--- request eval
["GET /lodash/-/lodash-4.17.21.tgz",
 "GET /lodash/-/lodash-3.10.1.tgz",
 "GET /lodash",
 "GET /\@corp/ui/-/ui-0.0.1.tgz",
 "GET /underscore/-/underscore-1.0.0.tgz"]
--- error_code eval
[307, 403, 307, 307, 403]
--- response_headers eval
["", "X-Pkg-Reroute-Reason: lodash\@3.10.1 is not allowed by rule \"only\" (pattern \"lodash\@^4.17.21\")",
 "", "", "X-Pkg-Reroute-Reason: package \"underscore\" is not allowed by rule \"only\""]



=== TEST 4: cache mode, npm: the packument loses the blocked versions (dist-tags and time with them), and the hidden version's tarball is refused at the door
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        proxy_pass http://127.0.0.1:$server_port/fill$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /fill/ {
        pkg_reroute npm prefix=/fill;
        pkg_reroute_use corp;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/lodash.json" => $main::PACKUMENT],
 ["upstream/lodash/-/lodash-4.17.20.tgz" => "tarball 4.17.20\n"],
 ["upstream/lodash/-/lodash-4.17.21.tgz" => "tarball 4.17.21\n"]]
--- request eval
["GET /lodash", "GET /lodash",
 "GET /lodash/-/lodash-4.17.21.tgz",
 "GET /lodash/-/lodash-4.17.20.tgz",
 "GET /lodash/-/lodash-5.0.0-rc.1.tgz"]
--- error_code eval
[200, 200, 200, 403, 403]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: MISS",
 "X-Pkg-Reroute-Reason: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "X-Pkg-Reroute-Reason: lodash\@5.0.0-rc.1 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")"]
--- response_body eval
['{"name":"lodash","dist-tags":{"latest":"4.17.21"},"versions":{"4.17.21":{"name":"lodash","version":"4.17.21","dist":{"tarball":"http://mirror.test/lodash/-/lodash-4.17.21.tgz"}}},"time":{"created":"2012-04-23T16:37:12.603Z","4.17.21":"2021-02-20T15:42:16.891Z"}}',
 '{"name":"lodash","dist-tags":{"latest":"4.17.21"},"versions":{"4.17.21":{"name":"lodash","version":"4.17.21","dist":{"tarball":"http://mirror.test/lodash/-/lodash-4.17.21.tgz"}}},"time":{"created":"2012-04-23T16:37:12.603Z","4.17.21":"2021-02-20T15:42:16.891Z"}}',
 "tarball 4.17.21\n", qr/blocked/, qr/blocked/]



=== TEST 5: cache mode, npm: a version document by tag whose version is hidden is refused, never stored; by a kept version it is served
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        proxy_pass http://127.0.0.1:$server_port/fill$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /fill/ {
        pkg_reroute npm prefix=/fill;
        pkg_reroute_use corp;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/lodash/latest.json" => '{"name":"lodash","version":"4.17.20","dist":{"tarball":"http://127.0.0.1:' . $main::R . '/lodash/-/lodash-4.17.20.tgz"}}'],
 ["upstream/lodash/stable.json" => '{"name":"lodash","version":"4.17.21","dist":{"tarball":"http://127.0.0.1:' . $main::R . '/lodash/-/lodash-4.17.21.tgz"}}']]
--- request eval
["GET /lodash/latest", "GET /lodash/latest", "GET /lodash/stable"]
--- error_code eval
[403, 403, 200]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
['{"error":"lodash@4.17.20 is blocked by rule \"corp\" (pattern \"lodash@<4.17.21 || >=5.0.0-0\"): /lodash/latest"}' . "\n",
 qr/blocked/,
 '{"name":"lodash","version":"4.17.21","dist":{"tarball":"http://mirror.test/lodash/-/lodash-4.17.21.tgz"}}']



=== TEST 6: PyPI: the JSON API, PEP 503 HTML and PEP 691 JSON lose the blocked versions, and the hidden version's file is refused
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_use py;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/files/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/pypi/requests/json" =>
  '{"info":{"name":"requests","version":"2.32.3"},"urls":[{"filename":"requests-2.32.3.tar.gz","url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.32.3.tar.gz"}],"releases":{"2.31.0":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.31.0.tar.gz"}],"2.32.3":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.32.3.tar.gz"}]}}'],
 ["upstream/simple/requests/index.html" =>
  '<html><body>' . "\n" .
  '<a href="http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.31.0.tar.gz#sha256=00">requests-2.31.0.tar.gz</a><br/>' . "\n" .
  '<a href="http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.32.3-py3-none-any.whl#sha256=11">requests-2.32.3-py3-none-any.whl</a><br/>' . "\n" .
  '</body></html>' . "\n"],
 ["upstream/simple/urllib3/index.v1json" =>
  '{"meta":{"api-version":"1.1"},"name":"urllib3","versions":["2.1.0","2.2.1"],"files":[{"filename":"urllib3-2.1.0.tar.gz","url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/urllib3-2.1.0.tar.gz","hashes":{}},{"filename":"urllib3-2.2.1.tar.gz","url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/urllib3-2.2.1.tar.gz","hashes":{}}]}']]
--- request eval
["GET /pypi/pypi/requests/json",
 "GET /pypi/simple/requests/",
 "GET /pypi/simple/urllib3/",
 "GET /pypi/packages/ab/cd/ef/requests-2.32.3-py3-none-any.whl",
 "GET /pypi/packages/ab/cd/ef/urllib3-2.2.1.tar.gz"]
--- error_code eval
[200, 200, 200, 403, 403]
--- response_body eval
['{"info":{"name":"requests","version":"2.32.3"},"urls":[],"releases":{"2.31.0":[{"url":"http://mirror.test/files/ab/cd/ef/requests-2.31.0.tar.gz"}]}}',
 '<html><body>' . "\n" .
 '<a href="http://mirror.test/files/ab/cd/ef/requests-2.31.0.tar.gz#sha256=00">requests-2.31.0.tar.gz</a><br/>' . "\n" .
 '<br/>' . "\n" .
 '</body></html>' . "\n",
 '{"meta":{"api-version":"1.1"},"name":"urllib3","versions":["2.1.0"],"files":[{"filename":"urllib3-2.1.0.tar.gz","url":"http://mirror.test/files/ab/cd/ef/urllib3-2.1.0.tar.gz","hashes":{}}]}',
 qr/requests\@2.32.3 is blocked by rule "py"/,
 qr/urllib3\@2.2.1 is blocked by rule "py" \(pattern "urllib3\@>=2.2"\)/]



=== TEST 7: pkg_reroute_verdict warn, redirect mode: the blocked version is redirected, logged at warn, marked
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        pkg_reroute_redirect http://repo.test/npm;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /lodash/-/lodash-4.17.20.tgz
--- error_code: 307
--- response_headers
Location: http://repo.test/npm/lodash/-/lodash-4.17.20.tgz
X-Pkg-Reroute-Verdict: lodash@4.17.20 is blocked by rule "corp" (pattern "lodash@<4.17.21 || >=5.0.0-0")
X-Verdict: warn|lodash@4.17.20 is blocked by rule "corp" (pattern "lodash@<4.17.21 || >=5.0.0-0")
--- error_log
[warn]
pkg reroute: lodash@4.17.20 is blocked by rule "corp" (pattern "lodash@<4.17.21 || >=5.0.0-0") (pkg_reroute_verdict warn: let through)



=== TEST 8: pkg_reroute_verdict warn, cache mode: the packument keeps every version and is marked, the artifact is served; a plain pattern still blocks
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        proxy_pass http://127.0.0.1:$server_port/fill$pkg_reroute_uri;
    }
    location /fill/ {
        pkg_reroute npm prefix=/fill;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/lodash.json" => $main::PACKUMENT],
 ["upstream/lodash/-/lodash-4.17.20.tgz" => "tarball 4.17.20\n"]]
--- request eval
["GET /lodash", "GET /lodash/-/lodash-4.17.20.tgz", "GET /left-pad"]
--- error_code eval
[200, 200, 403]
--- response_headers_like eval
# the artifact was judged by both places (the front, then the fill hop):
# each marks it
["X-Pkg-Reroute-Verdict: lodash\@4\.17\.20 is blocked by rule \"corp\" \\(pattern \"lodash\@<4\.17\.21 \\|\\| >=5\.0\.0-0\"\\)",
 "X-Pkg-Reroute-Verdict: lodash\@4\.17\.20 is blocked by rule \"corp\" \\(pattern \"lodash\@<4\.17\.21 \\|\\| >=5\.0\.0-0\"\\)(, lodash\@4\.17\.20 is blocked .*)?",
 "X-Pkg-Reroute-Reason: package \"left-pad\" is blocked by rule \"corp\" \\(pattern \"left-pad\"\\)"]
--- response_body eval
[qr/"versions":\{"4.17.20":.*"4.17.21":.*"5.0.0-rc.1":.*"5.0.0":/, "tarball 4.17.20\n", qr/blocked/]



=== TEST 9: a range that is not one of the place's ecosystem's fails nginx -t with the pattern's file:line
--- http_config
    pkg_reroute_rule bad block {
        lodash;
        "serde@>=1.0.200, <1.0.202";
    }
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use bad;
    }
--- must_die
--- error_log eval
qr/\[emerg\] \d+#\d+: invalid version range ">=1.0.200, <1.0.202" in pattern "serde\@>=1.0.200, <1.0.202" of pkg_reroute_rule "bad" for npm: [^\n]+ in \S+nginx.conf:\d+/



=== TEST 10: an empty range fails too; the name part is checked as any pattern
--- http_config
    pkg_reroute_rule bad block { "lodash@"; }
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use bad;
    }
--- must_die
--- error_log eval
qr/\[emerg\] \d+#\d+: invalid version range "" in pattern "lodash\@" of pkg_reroute_rule "bad" for npm: an empty range in /



=== TEST 11: pkg_reroute_verdict given twice is duplicate
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_verdict warn;
        pkg_reroute_verdict enforce;
    }
--- must_die
--- error_log
"pkg_reroute_verdict" directive is duplicate



=== TEST 12: warn mode in cache mode: the artifact's verdict is logged once per client request (MISS: by the fill hop, not by the front too; HIT: by the front) and marked once
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 1h;
        proxy_pass http://127.0.0.1:$server_port/fill$pkg_reroute_uri;
    }
    location /fill/ {
        pkg_reroute npm prefix=/fill;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/lodash/-/lodash-4.17.20.tgz" => "tarball 4.17.20\n"]]
--- request eval
["GET /lodash/-/lodash-4.17.20.tgz", "GET /lodash/-/lodash-4.17.20.tgz"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Pkg-Reroute-Verdict: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")",
 "X-Pkg-Reroute-Verdict: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\")"]
--- response_body eval
["tarball 4.17.20\n", "tarball 4.17.20\n"]
--- grep_error_log eval
qr/pkg reroute: lodash\@\S+ is blocked by rule "corp" .*pkg_reroute_verdict warn: let through/
--- grep_error_log_out eval
"pkg reroute: lodash\@4.17.20 is blocked by rule \"corp\" (pattern \"lodash\@<4.17.21 || >=5.0.0-0\") (pkg_reroute_verdict warn: let through\n"



=== TEST 13: warn mode: a version document judged by the front, the fill hop and the rewriter's keep() is logged once and marked once
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        proxy_pass http://127.0.0.1:$server_port/fill$pkg_reroute_uri;
    }
    location /fill/ {
        pkg_reroute npm prefix=/fill;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/lodash/4.17.20.json" => '{' . substr(main::vdoc("4.17.20"), length('"4.17.20":{'))]]
--- request
GET /lodash/4.17.20
--- error_code: 200
--- response_headers
X-Pkg-Reroute-Verdict: lodash@4.17.20 is blocked by rule "corp" (pattern "lodash@<4.17.21 || >=5.0.0-0")
--- response_body_like: "version":"4.17.20"
--- grep_error_log eval
qr/pkg reroute: lodash\@\S+ is blocked by rule "corp"/
--- grep_error_log_out
pkg reroute: lodash@4.17.20 is blocked by rule "corp"



=== TEST 14: warn mode: a packument's blocked versions are logged once each (not for their time entries again), marked once
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_verdict warn;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/lodash.json" => $main::PACKUMENT]]
--- request
GET /lodash
--- error_code: 200
--- response_headers
X-Pkg-Reroute-Verdict: lodash@4.17.20 is blocked by rule "corp" (pattern "lodash@<4.17.21 || >=5.0.0-0")
--- response_body_like: "versions":\{"4.17.20":.*"4.17.21":.*"5.0.0-rc.1":.*"5.0.0":
--- grep_error_log eval
qr/pkg reroute: lodash\@\S+ is blocked by rule "corp"/
--- grep_error_log_out
pkg reroute: lodash@4.17.20 is blocked by rule "corp"
pkg reroute: lodash@5.0.0-rc.1 is blocked by rule "corp"
pkg reroute: lodash@5.0.0 is blocked by rule "corp"
