# Cache keys for a mirror many clients share (issue 9, keys): the key names
# the place (the server's name and port, the upstream's host and the
# location), so one place's answer
# is never served by another; it is never empty; the variant is read from
# every Accept range and the upstream is sent the variant's own Accept
# ($pkg_reroute_accept), so key and content agree; the query is in the key
# (and forwarded) only where the answer depends on it.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_A_PORT  an upstream: answers from html/a/, echoes what
#                           it was sent (X-Args, X-Accept), picks PEP 691
#                           JSON when its Accept names it
#   P+2  TEST_NGINX_B_PORT  another upstream: 404 for everything
#   P+3  TEST_NGINX_PRIV_PORT    (TEST 12) a second mirror server, same
#                                name, same zone, the operator's token
#   P+4  TEST_NGINX_SECRET_PORT  (TEST 12) an upstream that serves
#                                @acme/private to that token only
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_MAIN_PORT} = $port;
$ENV{TEST_NGINX_A_PORT} = $port + 1;
$ENV{TEST_NGINX_B_PORT} = $port + 2;
$ENV{TEST_NGINX_PRIV_PORT} = $port + 3;
$ENV{TEST_NGINX_SECRET_PORT} = $port + 4;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $upstream = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkgs:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_A_PORT;
        root html/a;
        default_type application/octet-stream;
        add_header X-Upstream-Id $request_id always;
        add_header X-Args "$args" always;
        add_header X-Accept "$http_accept" always;
        location /simple/ {
            default_type text/html;
            if ($http_accept ~ "simple\.v1\+json") {
                return 200 '{"meta":{"api-version":"1.0"},"files":[]}';
            }
            return 200 "<!DOCTYPE html><html><body>links</body></html>\n";
        }
        location / {
            try_files $uri =404;
        }
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_B_PORT;
        add_header X-Upstream-Id $request_id always;
        location / {
            return 404;
        }
    }
_EOC_
    $block->set_value("http_config", $upstream . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: two places of one server, two upstreams: a 404 stored by one is never served by the other
--- config
    pkg_reroute pypi;
    proxy_cache pkgs;
    proxy_cache_key $pkg_reroute_cache_key;
    add_header X-Cache-Status $upstream_cache_status always;

    location /files/ {
        pkg_reroute pypi prefix=/files;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
    }

    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_B_PORT$pkg_reroute_uri;
    }
--- user_files
>>> a/packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz
sdist bytes
--- request eval
["GET /packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz",
 "GET /packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz",
 "GET /files/packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz",
 "GET /files/packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz"]
--- error_code eval
[404, 404, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: MISS",
 "X-Cache-Status: HIT"]



=== TEST 2: the key names the upstream's host and the location
--- config
    pkg_reroute pypi;
    proxy_cache pkgs;
    proxy_cache_key $pkg_reroute_cache_key;
    add_header X-Key $pkg_reroute_cache_key always;

    location /files/ {
        pkg_reroute pypi prefix=/files;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
    }

    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_B_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz",
 "GET /files/packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz"]
--- error_code eval
[404, 404]
--- response_headers eval
["X-Key: pypi::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@127.0.0.1:$ENV{TEST_NGINX_B_PORT}/:/packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz",
 "X-Key: pypi::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@127.0.0.1:$ENV{TEST_NGINX_A_PORT}/files/:/packages/ab/cd/0123456789abcdef/acme-1.0.tar.gz"]



=== TEST 3: where the module is off the key is never empty: each request URI is its own entry
--- config
    proxy_cache pkgs;
    proxy_cache_key $pkg_reroute_cache_key;
    proxy_cache_valid 200 10m;
    add_header X-Cache-Status $upstream_cache_status always;
    add_header X-Key $pkg_reroute_cache_key always;

    location /pub/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT/;
    }
--- user_files
>>> a/one
one
>>> a/two
two
--- request eval
["GET /pub/one", "GET /pub/two", "GET /pub/two?x"]
--- error_code eval
[200, 200, 200]
--- response_body eval
["one\n", "two\n", "two\n"]
--- response_headers eval
["X-Key: -:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@127.0.0.1:$ENV{TEST_NGINX_A_PORT}/pub/:/pub/one",
 "X-Cache-Status: MISS", "X-Key: -:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@127.0.0.1:$ENV{TEST_NGINX_A_PORT}/pub/:/pub/two?x"]



=== TEST 4: 40 Accept ranges whose 33rd asks for PEP 691 JSON: the JSON is keyed as JSON, never under the HTML key
--- config
    location / {
        pkg_reroute pypi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
        proxy_set_header Accept $pkg_reroute_accept;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /simple/acme/", "GET /simple/acme/", "GET /simple/acme/"]
--- more_headers eval
["Accept: " . CORE::join(", ", (map { "application/x-junk-$_" } 1..32), "application/vnd.pypi.simple.v1+json", (map { "application/x-more-$_" } 34..40)),
 "Accept: text/html",
 "Accept: application/vnd.pypi.simple.v1+json"]
--- error_code eval
[200, 200, 200]
--- response_body_like eval
['^\{"meta"', '^<!DOCTYPE html>', '^\{"meta"']
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]



=== TEST 5: the upstream is sent the variant's Accept ($pkg_reroute_accept), not the client's: what it answers is what the key says
--- config
    location / {
        pkg_reroute pypi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
        proxy_set_header Accept $pkg_reroute_accept;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /simple/acme/", "GET /simple/acme/"]
--- more_headers eval
["Accept: application/vnd.pypi.simple.v1+json;q=0, text/html",
 "Accept: text/html"]
--- error_code eval
[200, 200]
--- response_body_like eval
['^<!DOCTYPE html>', '^<!DOCTYPE html>']
--- response_headers eval
["X-Accept: text/html", "X-Cache-Status: HIT"]



=== TEST 6: Docker: only the manifest types the specifications define make the variant; any other type is neither keyed nor sent
--- config
    location / {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
        proxy_set_header Accept $pkg_reroute_accept;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Key $pkg_reroute_cache_key always;
    }
--- user_files
>>> a/v2/library/nginx/manifests/latest
{"schemaVersion":2}
--- request eval
["GET /v2/nginx/manifests/latest", "GET /v2/nginx/manifests/latest"]
--- more_headers eval
["Accept: application/vnd.oci.image.index.v1+json, application/x-junk-1, */*\r\nAccept: application/vnd.docker.distribution.manifest.v2+json",
 "Accept: application/vnd.docker.distribution.manifest.v2+json, application/x-junk-2\r\nAccept: application/vnd.oci.image.index.v1+json;q=0.5"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Accept: application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.index.v1+json",
 "X-Cache-Status: HIT"]



=== TEST 7: a query the answer does not depend on is neither keyed nor forwarded (npm: one entry, one fetch)
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> a/left-pad
{"name":"left-pad"}
--- request eval
["GET /left-pad?a=1", "GET /left-pad?b=2", "GET /left-pad"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Args: ", "X-Cache-Status: HIT", "X-Cache-Status: HIT"]



=== TEST 8: npm's ?write=true is forwarded and never stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files
>>> a/left-pad
{"name":"left-pad"}
--- request eval
["GET /left-pad?write=true", "GET /left-pad?write=true"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Args: write=true", "X-Cache-Status: MISS"]



=== TEST 9: the arguments an answer depends on are kept: PyPI's format=, Docker's tags/list n= and last=
--- config
    location / {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_A_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Key $pkg_reroute_cache_key always;
    }
    location /simple/ {
        pkg_reroute pypi;
        add_header X-Key $pkg_reroute_cache_key always;
        return 204;
    }
--- user_files
>>> a/v2/library/nginx/tags/list
{"tags":["1"]}
--- request eval
["GET /v2/nginx/tags/list?n=1&x=2&last=a", "GET /v2/nginx/tags/list?n=1&last=a", "GET /v2/nginx/tags/list?n=2",
 "GET /simple/acme/?format=application/vnd.pypi.simple.v1%2Bjson&x=1"]
--- error_code eval
[200, 200, 200, 204]
--- response_headers eval
["X-Args: n=1&last=a", "X-Cache-Status: HIT", "X-Cache-Status: MISS",
 "X-Key: pypi:html:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/simple/:/simple/acme/?format=application/vnd.pypi.simple.v1%2Bjson"]



=== TEST 12: two servers of one cache zone, the same upstream and location name, one fetching with the operator's token: what it stored is never served by the other (the key names the server: its name and port)
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_PRIV_PORT;
        server_name localhost;
        location / {
            pkg_reroute npm;
            proxy_cache pkgs;
            proxy_cache_key $pkg_reroute_cache_key;
            proxy_cache_valid 200 10m;
            proxy_set_header Authorization "Bearer operator-token";
            proxy_pass http://127.0.0.1:$TEST_NGINX_SECRET_PORT$pkg_reroute_uri;
        }
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_SECRET_PORT;
        default_type application/json;
        location / {
            if ($http_authorization = "Bearer operator-token") {
                return 200 '{"name":"@acme/private","secret":true}';
            }
            return 404 '{"error":"Not found"}';
        }
    }
--- config
    location /via-private/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_PRIV_PORT/;
    }
    location / {
        pkg_reroute npm;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SECRET_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /via-private/\@acme/private", "GET /\@acme/private"]
--- error_code eval
[200, 404]
--- response_body_like eval
["secret", "Not found"]
--- response_headers eval
["", "X-Cache-Status: MISS"]
