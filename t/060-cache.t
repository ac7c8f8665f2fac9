# Cache mode: the module decides, nginx's proxy_cache stores. Canonical
# cache keys, freshness by kind, the mime guard and stale answers when the
# upstream fails. The "public registry" is a server of the same nginx on
# 127.0.0.1:$TEST_NGINX_REGISTRY_PORT that answers from html/upstream/ and
# stamps each answer with its own request id, so a cached answer shows the
# id of the fill.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
#   P+2  TEST_NGINX_OTHER_PORT     a server a block defines in http_config
#   P+3  TEST_NGINX_DEAD_PORT      nothing listens there
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_MAIN_PORT} = $port;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_OTHER_PORT}    = $port + 2;
$ENV{TEST_NGINX_DEAD_PORT}     = $port + 3;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $upstream = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkgs:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/octet-stream;
        types { application/json json; text/html html; }
        add_header X-Upstream-Id $request_id always;
        location /flags/ {
            root html;
            dav_methods PUT;
            create_full_put_path on;
        }
        location / {
            if (-f $document_root/../flags/down) {
                return 503;
            }
            try_files $uri $uri.json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $upstream . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: every spelling of one package URL is one cache key
--- config
    pkg_reroute npm;
    location / {
        root html;
        add_header X-Key $pkg_reroute_cache_key always;
    }
--- request eval
["GET /\@Types%2FNode", "GET /\@types/node", "GET /x/../\@types%2fnode", "GET /%40types%2fnode"]
--- error_code eval
[404, 404, 404, 404]
--- response_headers eval
["X-Key: npm::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/\@Types%2fNode", "X-Key: npm::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/\@types%2fnode", "X-Key: npm::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/\@types%2fnode", "X-Key: npm::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/\@types%2fnode"]



=== TEST 2: npm's abbreviated packument is another variant
--- config
    pkg_reroute npm;
    location / {
        root html;
        add_header X-Key $pkg_reroute_cache_key always;
    }
--- request
GET /lodash
--- more_headers
Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*
--- error_code: 404
--- response_headers eval
"X-Key: npm:install-v1:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/lodash"



=== TEST 3: PyPI simple pages: PEP 691 JSON or HTML by the Accept q-values
--- config
    pkg_reroute pypi;
    location / {
        root html;
        add_header X-Key $pkg_reroute_cache_key always;
    }
--- request eval
["GET /simple/Foo_Bar/", "GET /simple/foo-bar", "GET /simple/foo.bar/"]
--- more_headers eval
["Accept: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01",
 "Accept: text/html",
 "Accept: application/vnd.pypi.simple.v1+json; q=0.2, text/html"]
--- error_code eval
[404, 404, 404]
--- response_headers eval
["X-Key: pypi:json:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/simple/foo-bar/", "X-Key: pypi:html:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/simple/foo-bar/", "X-Key: pypi:html:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/simple/foo-bar/"]



=== TEST 4: Docker manifests: every Accept line counts, in any order
--- config
    pkg_reroute docker;
    location / {
        root html;
        add_header X-Key $pkg_reroute_cache_key always;
    }
--- request
GET /v2/nginx/manifests/latest
--- more_headers
Accept: application/vnd.oci.image.index.v1+json
Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json
Accept: application/vnd.oci.image.manifest.v1+json
--- error_code: 404
--- response_headers eval
"X-Key: docker:application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/:/v2/library/nginx/manifests/latest"



=== TEST 5: an artifact is stored without any cache header from the upstream, and served from disk
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> upstream/left-pad/-/left-pad-1.3.0.tgz
tarball bytes
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz", "GET //%6ceft-pad/-/left-pad-1.3.0.tgz", "GET /x/../left-pad/./-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: HIT"]
--- response_body eval
["tarball bytes\n", "tarball bytes\n", "tarball bytes\n"]



=== TEST 6: metadata is stored too, and a 404 for a package, briefly
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> upstream/left-pad.json
{"name":"left-pad"}
--- request eval
["GET /left-pad", "GET /left-pad", "GET /no-such-pkg", "GET /no-such-pkg"]
--- error_code eval
[200, 200, 404, 404]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]



=== TEST 7: what names no package keeps nginx's own rules (here: not stored)
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> upstream/-/ping
pong
--- request eval
["GET /-/ping", "GET /-/ping"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS"]



=== TEST 8: pkg_reroute_cache_valid 0 leaves the kind to nginx's rules
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cache_valid artifact 0;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> upstream/left-pad/-/left-pad-1.3.0.tgz
tarball bytes
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz", "GET /left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS"]






=== TEST 9: mime guard: text/html for a tarball becomes a 502 in npm's format, twice (never stored)
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_OTHER_PORT;
        location / {
            default_type text/html;
            return 200 "<!DOCTYPE html><html><body>Please sign in</body></html>";
        }
    }
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /lodash/-/lodash-4.17.21.tgz", "GET /lodash/-/lodash-4.17.21.tgz"]
--- error_code eval
[502, 502]
--- response_headers eval
["Content-Type: application/json\nX-Cache-Status: MISS", "Content-Type: application/json\nX-Cache-Status: MISS"]
--- response_body eval
["{\"error\":\"the upstream answered an artifact with an HTML page (text/html), not stored: /lodash/-/lodash-4.17.21.tgz\"}\n",
 "{\"error\":\"the upstream answered an artifact with an HTML page (text/html), not stored: /lodash/-/lodash-4.17.21.tgz\"}\n"]
--- error_log
pkg reroute: the upstream answered an artifact with an HTML page (text/html), not stored: /lodash/-/lodash-4.17.21.tgz



=== TEST 10: mime guard: HTML bytes under another content type are refused too
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_OTHER_PORT;
        location / {
            default_type application/octet-stream;
            return 200 "\n  <!doctype html><html><body>Captive portal</body></html>";
        }
    }
--- config
    location / {
        pkg_reroute cargo;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /api/v1/crates/serde/1.0.0/download", "GET /api/v1/crates/serde/1.0.0/download"]
--- error_code eval
[502, 502]
--- response_body eval
["{\"errors\":[{\"detail\":\"the upstream answered an artifact with an HTML page (its first bytes), not stored: /api/v1/crates/serde/1.0.0/download\"}]}\n",
 "{\"errors\":[{\"detail\":\"the upstream answered an artifact with an HTML page (its first bytes), not stored: /api/v1/crates/serde/1.0.0/download\"}]}\n"]



=== TEST 11: mime guard: a real artifact passes byte for byte; HTML metadata is not an artifact
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_OTHER_PORT;
        location / {
            default_type application/octet-stream;
            return 200 "PK-tarball-bytes";
        }
        location /simple/ {
            default_type text/html;
            return 200 "<!DOCTYPE html><html><body><a href=\"x\">x</a></body></html>";
        }
    }
--- config
    location / {
        pkg_reroute pypi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /packages/ab/cd/ef01/foo-1.0.tar.gz", "GET /simple/foo/"]
--- error_code eval
[200, 200]
--- response_body eval
["PK-tarball-bytes", "<!DOCTYPE html><html><body><a href=\"x\">x</a></body></html>"]



=== TEST 12: pkg_reroute_guard off lets an HTML artifact through (as plain nginx would)
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_OTHER_PORT;
        location / {
            default_type text/html;
            return 200 "<html>page</html>";
        }
    }
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_guard off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
    }
--- request
GET /lodash/-/lodash-4.17.21.tgz
--- error_code: 200
--- response_body: <html>page</html>



=== TEST 13: the upstream fails: expired metadata is served stale, and says so
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cache_valid metadata 1s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_use_stale error timeout http_502 http_503 http_504;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location = /delay {
        # a slow answer: time for the cached packument to expire
        root html;
        limit_rate 1200;
        limit_rate_after 0;
        try_files /delay.bin =404;
    }
    location /flags/ {
        # PUT /flags/down makes the upstream answer 503
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
    }
--- user_files eval
[["upstream/left-pad.json" => "{\"name\":\"left-pad\"}\n"], ["delay.bin" => "x" x 2400]]
--- request eval
["GET /left-pad", "GET /delay", "PUT /flags/down\ndown", "GET /left-pad"]
--- timeout: 6
--- error_code eval
[200, 200, 201, 200]
--- response_headers eval
["X-Cache-Status: MISS", "", "", "X-Cache-Status: STALE"]
--- response_body eval
["{\"name\":\"left-pad\"}\n", "x" x 2400, "", "{\"name\":\"left-pad\"}\n"]



=== TEST 14: an unreachable upstream answers in the client's format (npm, Docker)
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_DEAD_PORT$pkg_reroute_uri;
    }
    location /v2/ {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_DEAD_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /npm/lodash", "GET /v2/alpine/manifests/3.19"]
--- error_code eval
[502, 502]
--- response_body eval
["{\"error\":\"the upstream registry cannot be reached: /lodash\"}\n",
 "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"the upstream registry cannot be reached: /v2/library/alpine/manifests/3.19\",\"detail\":null}]}\n"]



=== TEST 15: an upstream redirect reaches the client, unless strict
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_OTHER_PORT;
        location / {
            return 302 http://cdn.example.test/blobs/abc;
        }
    }
--- config
    location /strict/ {
        pkg_reroute docker prefix=/strict;
        pkg_reroute_strict on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
    }
    location / {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/alpine/blobs/sha256:1111111111111111111111111111111111111111111111111111111111111111",
 "GET /strict/v2/library/alpine/blobs/sha256:1111111111111111111111111111111111111111111111111111111111111111"]
--- error_code eval
[302, 502]
--- response_headers eval
["Location: http://cdn.example.test/blobs/abc", "!Location"]
--- response_body_like eval
[qr/302 Found/, qr/strict mode fetches from nowhere but the upstream: \/v2\/library\/alpine\/blobs\/sha256:1{64}/]



=== TEST 15: conditional requests from the cache: cargo's If-None-Match, gem's Range and ETag
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> upstream/se/rd/serde
{"name":"serde","vers":"1.0.0","deps":[],"cksum":"00","features":{},"yanked":false}
>>> upstream/info/rake
---
13.0.0 |checksum:aa
13.1.0 |checksum:bb
--- request eval
["GET /cargo/se/rd/serde", "GET /cargo/se/rd/serde", "GET /gems/info/rake", "GET /gems/info/rake"]
--- more_headers eval
["", "If-None-Match: *", "", "Range: bytes=4-"]
--- error_code eval
[200, 304, 200, 206]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: MISS", "X-Cache-Status: HIT\nContent-Range: bytes 4-43/44"]
--- response_body eval
["{\"name\":\"serde\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"00\",\"features\":{},\"yanked\":false}\n", "", "---\n13.0.0 |checksum:aa\n13.1.0 |checksum:bb\n", "13.0.0 |checksum:aa\n13.1.0 |checksum:bb\n"]
