# Metadata rewriting fails closed (issue 8): a document whose artifact URLs
# a client would read otherwise than the rewriter — a key given twice (the
# rewriter reads the first, npm and Python the last), a URL that no
# pkg_reroute_rewrite prefix matches, an HTML attribute given twice, a body
# in a Content-Encoding — is answered with a 502 in the client's format,
# X-Pkg-Reroute-Reason says why, the error log too, and nothing is stored:
# the second request is no HIT. pkg_reroute_rewrite_strict off serves such
# documents as before, with a warning for each place.
#
# The "public registry" is a server of the same nginx on
# 127.0.0.1:$TEST_NGINX_REGISTRY_PORT answering from html/upstream/;
# /gz/... answers carry "Content-Encoding: gzip", /nolength-... answers have
# no Content-Length (sub_filter: chunked, or the end of the connection),
# /nonauth is a 203, /simple/plainjson/ a simple page in application/json.
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
            try_files $uri $uri.json =404;
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
# goes in the fill hop
sub front {
    my $extra = shift;
    return <<"_EOC_";
    location /npm/ {
        pkg_reroute npm prefix=/npm;
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

=== TEST 1: npm: dist.tarball given twice (npm reads the last): 502 in npm's format, never stored
--- user_files eval
[["upstream/dup.json" =>
  '{"name":"dup","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/dup/-/dup-1.0.0.tgz","tarball":"https://evil.test/dup-1.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/dup", "GET /npm/dup"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key\nContent-Type: application/json",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: a key or an attribute given twice where it is read (\\"tarball\\"), not stored: /dup"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: a key or an attribute given twice where it is read (\\"tarball\\"), not stored: /dup"}\n}]
--- error_log
[error]
pkg reroute: the upstream's document cannot be rewritten: a key or an attribute given twice where it is read ("tarball"), not stored: /dup



=== TEST 2: npm: a key equal after unescaping ("tarb\u0061ll") is the same key
--- user_files eval
[["upstream/esc.json" =>
  '{"name":"esc","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/esc/-/esc-1.0.0.tgz","tarb\\u0061ll":"https://evil.test/esc-1.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/esc", "GET /npm/esc"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key"]
--- error_log
given twice where it is read ("tarball")



=== TEST 3: npm: a tarball that no prefix matches (the client would go around the mirror): 502, never stored
--- user_files eval
[["upstream/away.json" =>
  '{"name":"away","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/away/-/away-1.0.0.tgz"}},"2.0.0":{"dist":{"tarball":"https://evil.test/away-2.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/away", "GET /npm/away"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\\"https://evil.test/away-2.0.0.tgz\\"), not stored: /away"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\\"https://evil.test/away-2.0.0.tgz\\"), not stored: /away"}\n}]
--- error_log
[error]
an artifact URL that no pkg_reroute_rewrite prefix matches ("https://evil.test/away-2.0.0.tgz"), not stored: /away



=== TEST 4: npm: a Content-Encoding other than identity is not read: 502, never stored
--- user_files eval
[["upstream/gz/zipped.json" =>
  '{"name":"zipped","versions":{}}' . "\n"]]
--- request eval
["GET /npm/gz/zipped", "GET /npm/gz/zipped"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: content-encoding\nContent-Encoding:",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: content-encoding\nContent-Encoding:"]
--- response_body eval
[qq{{"error":"the upstream's document is encoded (gzip), which is not rewritten, not stored: /gz/zipped"}\n},
 qq{{"error":"the upstream's document is encoded (gzip), which is not rewritten, not stored: /gz/zipped"}\n}]
--- error_log
pkg reroute: the upstream's document is encoded (gzip), which is not rewritten, not stored: /gz/zipped



=== TEST 5: one hop (rewrite and proxy_cache in one location): the refused document is not stored either
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/dup.json" =>
  '{"name":"dup","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/dup/-/dup-1.0.0.tgz","tarball":"https://evil.test/dup-1.0.0.tgz"}}}}' . "\n"],
 ["upstream/away.json" =>
  '{"name":"away","versions":{"1.0.0":{"dist":{"tarball":"https://evil.test/away-1.0.0.tgz"}}}}' . "\n"],
 ["upstream/gz/zipped.json" =>
  '{"name":"zipped","versions":{}}' . "\n"],
 ["upstream/fine.json" =>
  '{"name":"fine","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/fine/-/fine-1.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/dup", "GET /npm/dup", "GET /npm/away", "GET /npm/away",
 "GET /npm/gz/zipped", "GET /npm/gz/zipped", "GET /npm/fine", "GET /npm/fine"]
--- error_code eval
[502, 502, 502, 502, 502, 502, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: content-encoding",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: content-encoding",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason:",
 "X-Cache-Status: HIT\nX-Pkg-Reroute-Reason:"]
--- response_body_like eval
['given twice', 'given twice', 'no pkg_reroute_rewrite prefix',
 'no pkg_reroute_rewrite prefix', 'encoded \(gzip\)', 'encoded \(gzip\)',
 '^\{"name":"fine","versions":\{"1.0.0":\{"dist":\{"tarball":"http://mirror.test/npm/fine/-/fine-1.0.0.tgz"\}\}\}\}$',
 '^\{"name":"fine","versions":\{"1.0.0":\{"dist":\{"tarball":"http://mirror.test/npm/fine/-/fine-1.0.0.tgz"\}\}\}\}$']



=== TEST 6: PyPI simple page (HTML): an href elsewhere, an href given twice, a comment that ends early; 502 as text
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        proxy_pass http://127.0.0.1:$server_port/fill/pypi$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /fill/pypi/ {
        pkg_reroute pypi prefix=/fill/pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/pypi-files/packages/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/simple/away/index.html" =>
  '<!DOCTYPE html><html><body>' . "\n" .
  '<a href="' . main::reg() . '/packages/aa/away-1.0.tar.gz#sha256=00">away-1.0.tar.gz</a><br/>' . "\n" .
  '<a href="https://evil.test/away-2.0.tar.gz#sha256=11">away-2.0.tar.gz</a><br/>' . "\n" .
  '</body></html>' . "\n"],
 ["upstream/simple/twice/index.html" =>
  '<a href="' . main::reg() . '/packages/aa/twice-1.0.tar.gz" HREF="https://evil.test/twice-1.0.tar.gz">twice-1.0.tar.gz</a>' . "\n"],
 ["upstream/simple/comment/index.html" =>
  '<!-- --!><a href="https&colon;//evil.test/comment-1.0.tar.gz">comment-1.0.tar.gz</a> -->' . "\n"]]
--- request eval
["GET /pypi/simple/away/", "GET /pypi/simple/away/",
 "GET /pypi/simple/twice/", "GET /pypi/simple/twice/",
 "GET /pypi/simple/comment/"]
--- error_code eval
[502, 502, 502, 502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url\nContent-Type: text/plain",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url"]
--- response_body_like eval
['^the upstream\'s document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches \("https://evil.test/away-2.0.tar.gz#sha256=11"\), not stored: /simple/away/\n$',
 '^the upstream\'s document cannot be rewritten: an artifact URL',
 '^the upstream\'s document cannot be rewritten: a key or an attribute given twice where it is read \("HREF"\), not stored: /simple/twice/\n$',
 'given twice',
 '\("https&colon;//evil.test/comment-1.0.tar.gz"\)']
--- error_log
[error]
pkg reroute: the upstream's document cannot be rewritten



=== TEST 7: PyPI JSON API and PEP 691: a file URL elsewhere, a url given twice
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/pypi-files/packages/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/pypi/away/json" =>
  '{"info":{"name":"away","version":"1.0"},"urls":[{"url":"https://evil.test/away-1.0.tar.gz"}],"releases":{}}' . "\n"],
 ["upstream/simple/twice/index.v1json" =>
  '{"meta":{"api-version":"1.1"},"name":"twice","files":[{"filename":"twice-1.0.tar.gz","url":"' . main::reg() . '/packages/aa/twice-1.0.tar.gz","url":"https://evil.test/twice-1.0.tar.gz"}]}' . "\n"]]
--- request eval
["GET /pypi/pypi/away/json", "GET /pypi/pypi/away/json",
 "GET /pypi/simple/twice/", "GET /pypi/simple/twice/"]
--- error_code eval
[502, 502, 502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key"]
--- response_body_like eval
['\("https://evil.test/away-1.0.tar.gz"\), not stored: /pypi/away/json\n$',
 '\("https://evil.test/away-1.0.tar.gz"\)',
 'given twice where it is read \("url"\), not stored: /simple/twice/\n$',
 '\("url"\)']



=== TEST 8: cargo's config.json: an "api" elsewhere: 502 in cargo's format
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/crates/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/config.json" =>
  '{"dl":"' . main::reg() . '/api/v1/crates","api":"https://evil.test"}' . "\n"]]
--- request
GET /cargo/config.json
--- error_code: 502
--- response_headers
X-Pkg-Reroute-Reason: unmapped-url
--- response_body
{"errors":[{"detail":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\"https://evil.test\"), not stored: /config.json"}]}



=== TEST 9: relative URLs come back through the mirror by themselves: served
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/pypi-files/packages/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files
>>> upstream/simple/rel/index.html
<a href="../../packages/aa/rel-1.0.tar.gz#sha256=00">rel-1.0.tar.gz</a>
<!-- <a href="https://evil.test/old.tar.gz">in a comment</a> -->
--- request
GET /pypi/simple/rel/
--- error_code: 200
--- response_body
<a href="../../packages/aa/rel-1.0.tar.gz#sha256=00">rel-1.0.tar.gz</a>
<!-- <a href="https://evil.test/old.tar.gz">in a comment</a> -->
--- no_error_log
[error]
[warn]



=== TEST 10: pkg_reroute_rewrite_strict off: served as before (the first key rewritten, the URL elsewhere as it is), a warning for each place
--- config eval
main::front('pkg_reroute_rewrite_strict off;')
--- user_files eval
[["upstream/lax.json" =>
  '{"name":"lax","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/lax/-/lax-1.0.0.tgz","tarball":"https://evil.test/lax-1.0.0.tgz"}},"2.0.0":{"dist":{"tarball":"https://evil.test/lax-2.0.0.tgz"}}}}' . "\n"]]
--- request
GET /npm/lax
--- error_code: 200
--- response_headers
X-Cache-Status: MISS
!X-Pkg-Reroute-Reason
--- response_body chomp
{"name":"lax","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/lax/-/lax-1.0.0.tgz","tarball":"https://evil.test/lax-1.0.0.tgz"}},"2.0.0":{"dist":{"tarball":"https://evil.test/lax-2.0.0.tgz"}}}}
--- error_log
[warn]
pkg reroute: a key or an attribute given twice where it is read ("tarball"), served as the upstream sent it (pkg_reroute_rewrite_strict off): /lax
pkg reroute: an artifact URL that no pkg_reroute_rewrite prefix matches ("https://evil.test/lax-2.0.0.tgz"), served as the upstream sent it (pkg_reroute_rewrite_strict off): /lax
--- no_error_log
[error]



=== TEST 11: pkg_reroute_rewrite_strict off: what is served is stored (a HIT the second time)
--- config eval
main::front('pkg_reroute_rewrite_strict off;')
--- user_files eval
[["upstream/lax.json" =>
  '{"name":"lax","versions":{"2.0.0":{"dist":{"tarball":"https://evil.test/lax-2.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/lax", "GET /npm/lax"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
['{"name":"lax","versions":{"2.0.0":{"dist":{"tarball":"https://evil.test/lax-2.0.0.tgz"}}}}' . "\n",
 '{"name":"lax","versions":{"2.0.0":{"dist":{"tarball":"https://evil.test/lax-2.0.0.tgz"}}}}' . "\n"]
--- no_error_log
[error]



=== TEST 12: pkg_reroute_rewrite_strict off: an encoded document passes as it came, with a warning
--- config eval
main::front('pkg_reroute_rewrite_strict off;')
--- user_files eval
[["upstream/gz/zipped.json" =>
  '{"name":"zipped","tarball":"https://evil.test/"}' . "\n"]]
--- request
GET /npm/gz/zipped
--- error_code: 200
--- response_headers
Content-Encoding: gzip
--- response_body
{"name":"zipped","tarball":"https://evil.test/"}
--- error_log
[warn]
pkg reroute: an encoded (gzip) document is not rewritten, served as the upstream sent it (pkg_reroute_rewrite_strict off): /gz/zipped
--- no_error_log
[error]



=== TEST 13: a document that is no document is answered in the client's format too
--- user_files
>>> upstream/broken.json
{"name":"broken","versions":{"1.0.0":
--- request
GET /npm/broken
--- error_code: 502
--- response_headers
X-Pkg-Reroute-Reason: invalid-document
Content-Type: application/json
--- response_body
{"error":"the upstream's document cannot be rewritten: not JSON, not stored: /broken"}
--- error_log
pkg reroute: the upstream's document cannot be rewritten: not JSON, not stored: /broken



=== TEST 14: pkg_reroute_rewrite_strict given twice is an error (the message: t/003-config-messages.t)
--- config
    location / {
        pkg_reroute_rewrite_strict on;
        pkg_reroute_rewrite_strict off;
    }
--- must_die



=== TEST 15: one hop, an upstream answer without Content-Length: nginx would store it before its end reaches the module, so it is not stored, fine or not
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_http_version 1.1;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/nolength-fine.json" =>
  '{"name":"NOLENGTH","versions":{"1.0.0":{"dist":{"tarball":"' . main::reg() . '/fine/-/fine-1.0.0.tgz"}}}}' . "\n"],
 ["upstream/nolength-away.json" =>
  '{"name":"NOLENGTH","versions":{"1.0.0":{"dist":{"tarball":"https://evil.test/away-1.0.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/nolength-fine", "GET /npm/nolength-fine",
 "GET /npm/nolength-away", "GET /npm/nolength-away"]
--- error_code eval
[200, 200, 502, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url"]
--- response_body_like eval
['^\{"name":"nolength","versions":\{"1.0.0":\{"dist":\{"tarball":"http://mirror.test/npm/fine/-/fine-1.0.0.tgz"\}\}\}\}$',
 '^\{"name":"nolength","versions":\{"1.0.0":\{"dist":\{"tarball":"http://mirror.test/npm/fine/-/fine-1.0.0.tgz"\}\}\}\}$',
 'no pkg_reroute_rewrite prefix matches \(..https://evil.test/away-1.0.0.tgz..\), not stored: /nolength-away',
 'no pkg_reroute_rewrite prefix matches \(..https://evil.test/away-1.0.0.tgz..\), not stored: /nolength-away']



=== TEST 16: a document with a 2xx other than 200 (203 here) is not rewritten: 502, never stored
--- request eval
["GET /npm/nonauth", "GET /npm/nonauth"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unexpected-status",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unexpected-status"]
--- response_body eval
[qq{{"error":"the upstream's document came with a status other than 200, which is not rewritten, not stored: /nonauth"}\n},
 qq{{"error":"the upstream's document came with a status other than 200, which is not rewritten, not stored: /nonauth"}\n}]
--- error_log
[error]
pkg reroute: the upstream's document came with a status other than 200, which is not rewritten, not stored: /nonauth



=== TEST 17: a simple page in plain application/json is read as JSON (PEP 691), not passed by the HTML rewriter
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/pypi-files/packages/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /pypi/simple/plainjson/
--- error_code: 502
--- response_headers
X-Pkg-Reroute-Reason: unmapped-url
--- response_body
the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches ("https://evil.test/plainjson-1.0.tar.gz"), not stored: /simple/plainjson/
