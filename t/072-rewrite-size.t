# pkg_reroute_rewrite_max_size (issue 9): a document larger than the limit
# is not read whole: a 502 in the client's format, X-Pkg-Reroute-Reason
# too-large, one error line, and never stored (the second request is no
# HIT); refused from its Content-Length before its body when it has one, as
# the body comes when it has none (/nolength-...), JSON and HTML alike. A
# document within the limit is rewritten as before. The mirror in front of
# the fill hop remembers the 502 too-large for pkg_reroute_cache_valid
# too-large (default 30s; 0: never), and no other 5xx.
#
# The "public registry" is a server of the same nginx on
# 127.0.0.1:$TEST_NGINX_REGISTRY_PORT answering from html/upstream/.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=meta:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        types { text/html html; application/vnd.pypi.simple.v1+json v1json; }
        add_header X-Upstream-Id $request_id always;
        location /gz/ {
            add_header Content-Encoding gzip;
            try_files $uri $uri.json =404;
        }
        location = /nonauth {
            return 203 '{"name":"nonauth","versions":{"1.0.0":{"dist":{"tarball":"https://evil.test/nonauth-1.0.0.tgz"}}}}';
        }
        location = /simple/plainjson/ {
            return 200 '{"name":"plainjson","files":[{"filename":"plainjson-1.0.tar.gz","url":"https://evil.test/plainjson-1.0.tar.gz"}]}';
        }
        location ~ ^/nolength- {
            sub_filter_types *;
            sub_filter NOLENGTH nolength;
            try_files $uri $uri.json $uri/index.html =404;
        }
        location / {
            try_files $uri $uri.json $uri/index.html $uri/index.v1json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));

    if (!defined $block->config) {
        $block->set_value("config", front(''));
    }
});

# the mirror (cache) in front of the fill hop, as in the quick start; $extra
# goes in the fill hop, $mirror in the mirror
sub front {
    my ($extra, $mirror) = @_;
    $mirror //= '';
    return <<"_EOC_";
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        $mirror
        proxy_pass http://127.0.0.1:\$server_port/fill/npm\$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key \$pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status \$upstream_cache_status always;
    }
    location /fill/npm/ {
        allow 127.0.0.1;
        deny all;
        pkg_reroute npm prefix=/fill/npm;
        pkg_reroute_rewrite http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}/ http://mirror.test/npm/;
        $extra
        proxy_pass http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}\$pkg_reroute_uri;
    }
_EOC_
}

sub reg { "http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}" }

run_tests();

__DATA__

=== TEST 1: npm: a packument over pkg_reroute_rewrite_max_size (its Content-Length): 502 too-large in npm's format, not remembered with pkg_reroute_cache_valid too-large 0
--- config eval
main::front('pkg_reroute_rewrite_max_size 100;', 'pkg_reroute_cache_valid too-large 0;')
--- user_files eval
[["upstream/big.json" =>
  '{"name":"big","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/big/-/big-1.0.0.tgz"}}},"readme":"' . ('x' x 200) . '"}' . "\n"]]
--- request eval
["GET /npm/big", "GET /npm/big"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large\nContent-Type: application/json",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 100), not stored: /big"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 100), not stored: /big"}\n}]
--- error_log
pkg reroute: the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 100), not stored: /big



=== TEST 2: npm: a packument within the limit is rewritten and stored
--- config eval
main::front('pkg_reroute_rewrite_max_size 1k;')
--- user_files eval
[["upstream/small.json" =>
  '{"name":"small","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/small/-/small-1.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/small", "GET /npm/small"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
['{"name":"small","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/small/-/small-1.0.0.tgz"}}}}',
 '{"name":"small","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/small/-/small-1.0.0.tgz"}}}}']
--- no_error_log
[error]



=== TEST 3: npm: without Content-Length the limit is found as the body comes: 502 too-large, not remembered with pkg_reroute_cache_valid too-large 0
--- config eval
main::front('pkg_reroute_rewrite_max_size 100; proxy_http_version 1.1;',
            'pkg_reroute_cache_valid too-large 0;')
--- user_files eval
[["upstream/nolength-big.json" =>
  '{"name":"NOLENGTH","versions":{},"readme":"' . ('x' x 200) . '"}' . "\n"]]
--- request eval
["GET /npm/nolength-big", "GET /npm/nolength-big"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large"]
--- error_log
document too large (pkg_reroute_rewrite_max_size 100), not stored: /nolength-big



=== TEST 4: PyPI: a simple page (HTML) over the limit: 502 too-large in PyPI's format
--- config
    location /simple/ {
        pkg_reroute pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/pypi/;
        pkg_reroute_rewrite_max_size 100;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/simple/bigpage/index.html" =>
  '<!DOCTYPE html><html><body>' . ('<a href="../../packages/bigpage-1.0.tar.gz">bigpage-1.0.tar.gz</a>' x 5) . '</body></html>' . "\n"]]
--- request
GET /simple/bigpage/
--- error_code: 502
--- response_headers
X-Pkg-Reroute-Reason: too-large
--- error_log
document too large (pkg_reroute_rewrite_max_size 100), not stored: /simple/bigpage/



=== TEST 5: pkg_reroute_rewrite_max_size given twice is an error (the message: t/003-config-messages.t)
--- config
    location / {
        pkg_reroute_rewrite_max_size 1m;
        pkg_reroute_rewrite_max_size 2m;
    }
--- must_die



=== TEST 6: pkg_reroute_rewrite_max_size is a size (the message: t/003-config-messages.t)
--- config
    location / {
        pkg_reroute_rewrite_max_size lots;
    }
--- must_die



=== TEST 7: npm: a 502 too-large is remembered by the mirror for pkg_reroute_cache_valid too-large (default 30s): the second request is a HIT, the fill hop is not asked again
--- config eval
main::front('pkg_reroute_rewrite_max_size 100;')
--- user_files eval
[["upstream/herd.json" =>
  '{"name":"herd","versions":{},"readme":"' . ('x' x 200) . '"}' . "\n"]]
--- request eval
["GET /npm/herd", "GET /npm/herd"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large\nContent-Type: application/json",
 "X-Cache-Status: HIT\nX-Pkg-Reroute-Reason: too-large\nContent-Type: application/json"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 100), not stored: /herd"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 100), not stored: /herd"}\n}]



=== TEST 8: found as the body comes (no Content-Length), the 502 too-large is remembered too (pkg_reroute_cache_valid too-large 1s)
--- config eval
main::front('pkg_reroute_rewrite_max_size 100; proxy_http_version 1.1;',
            'pkg_reroute_cache_valid too-large 1s;')
--- user_files eval
[["upstream/nolength-herd.json" =>
  '{"name":"NOLENGTH","versions":{},"readme":"' . ('x' x 200) . '"}' . "\n"]]
--- request eval
["GET /npm/nolength-herd", "GET /npm/nolength-herd"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large",
 "X-Cache-Status: HIT\nX-Pkg-Reroute-Reason: too-large"]



=== TEST 9: another refusal of the fill hop (unmapped-url) is still never stored by the mirror
--- config eval
main::front('')
--- user_files eval
[["upstream/other.json" =>
  '{"name":"other","versions":{"1.0.0":{"dist":{"tarball":"https://evil.test/other-1.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/other", "GET /npm/other"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url"]



=== TEST 10: an upstream's 502 whose X-Pkg-Reroute-Reason is not exactly too-large is never stored by the mirror
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        proxy_pass http://127.0.0.1:$server_port/up502$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /up502/ {
        add_header X-Pkg-Reroute-Reason too-large-not always;
        return 502 '{"error":"x"}';
    }
--- request eval
["GET /npm/up", "GET /npm/up"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS"]



=== TEST 11: pkg_reroute_cache_valid too-large given twice is an error
--- config
    location / {
        pkg_reroute_cache_valid too-large 10s;
        pkg_reroute_cache_valid too-large 20s;
    }
--- must_die
--- error_log
"pkg_reroute_cache_valid" directive is duplicate



=== TEST 12: PyPI: a simple page (HTML) without Content-Length over the limit: 502 too-large as the body comes (the HTML rewriter is capped too), remembered by the mirror
--- http_config
    proxy_cache_path pypi_cache levels=1:2 keys_zone=pypimeta:1m;
--- config
    location /simple/ {
        pkg_reroute pypi;
        proxy_pass http://127.0.0.1:$server_port/fill$pkg_reroute_uri;
        proxy_cache pypimeta;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /fill/simple/ {
        pkg_reroute pypi prefix=/fill;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/pypi/;
        pkg_reroute_rewrite_max_size 300;
        proxy_http_version 1.1;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/nolength-page$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/nolength-page/simple/bigpage/index.html" =>
  '<!DOCTYPE html><html><body>' . ('<a href="../../packages/bigpage-1.0.tar.gz">bigpage-1.0.tar.gz</a>' x 10) . '</body></html>' . "\n"]]
--- request eval
["GET /simple/bigpage/", "GET /simple/bigpage/"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: too-large\nContent-Type: text/plain",
 "X-Cache-Status: HIT\nX-Pkg-Reroute-Reason: too-large\nContent-Type: text/plain"]
--- response_body eval
["the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 300), not stored: /simple/bigpage/\n",
 "the upstream's document cannot be rewritten: document too large (pkg_reroute_rewrite_max_size 300), not stored: /simple/bigpage/\n"]
