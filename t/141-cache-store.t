# What a mirror many clients share stores (issue 9, what is stored): an
# upstream's 401 or 403 for a package is never stored; a 404 only when the
# upstream was asked anonymously; an artifact only when its length was
# known (Content-Length or chunked), so a cut is never stored as whole; the
# mime guard holds however the upstream cuts the first bytes.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_FAULT_PORT  the block's fake upstream (tcp_listen: one
#                               connection, then nothing listens)
#   P+2  TEST_NGINX_REG_PORT    a registry: 401/403/404 by path, echoes
#                               whether it got credentials
#   P+3  TEST_NGINX_SLOW_PORT   nginx with SSI: a body's first bytes, a
#                               wait (the include of P+1), the rest
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_FAULT_PORT} = $port + 1;
$ENV{TEST_NGINX_REG_PORT}   = $port + 2;
$ENV{TEST_NGINX_SLOW_PORT}  = $port + 3;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $http = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkgs:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REG_PORT;
        add_header X-Upstream-Id $request_id always;
        add_header X-Auth "$http_authorization" always;
        location /v2/ {
            add_header WWW-Authenticate 'Bearer realm="http://127.0.0.1/token"' always;
            return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}';
        }
        location /forbidden/ {
            return 403 '{"error":"forbidden"}';
        }
        location / {
            return 404 '{"error":"Not found"}';
        }
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_SLOW_PORT;
        root html/slow;
        default_type application/octet-stream;
        ssi on;
        ssi_types *;
        postpone_output 0;
        location / { }
        location = /hold {
            proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT;
        }
    }
_EOC_
    $block->set_value("http_config", $http . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: Docker: an anonymous 401 for a manifest is never stored, whatever proxy_cache_valid says; /v2/ (no package) keeps nginx's rules
--- config
    location /v2/ {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REG_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 401 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/alpine/manifests/3.19", "GET /v2/library/alpine/manifests/3.19",
 "GET /v2/", "GET /v2/"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS",
 "X-Cache-Status: HIT"]



=== TEST 2: a 403 for a package is never stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REG_PORT/forbidden$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz", "GET /left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[403, 403]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS"]



=== TEST 3: a 404 asked anonymously is stored (briefly: pkg_reroute_cache_valid 404)
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REG_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /no-such-pkg", "GET /no-such-pkg"]
--- error_code eval
[404, 404]
--- response_headers eval
["X-Cache-Status: MISS\nX-Auth: ", "X-Cache-Status: HIT"]



=== TEST 4: a 404 asked with the operator's credentials (proxy_set_header Authorization) is never stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REG_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer operator-token";
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /no-such-pkg", "GET /no-such-pkg"]
--- error_code eval
[404, 404]
--- response_headers eval
["X-Cache-Status: MISS\nX-Auth: Bearer operator-token", "X-Cache-Status: MISS"]



=== TEST 5: a 404 asked with credentials (the operator's proxy_set_header) is never stored: it may be a private name
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REG_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer operator-token";
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private"]
--- error_code eval
[404, 404]
--- response_headers eval
["X-Cache-Status: MISS\nX-Auth: Bearer operator-token", "X-Cache-Status: MISS"]



=== TEST 6: an artifact whose end only the close tells (no Content-Length, not chunked) is served, never stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n" . ("x" x 400)
--- request
GET /left-pad/-/left-pad-1.3.0.tgz
--- error_code: 200
--- response_body eval
"x" x 400
--- error_log
pkg reroute: the upstream sent an artifact without Content-Length or chunked encoding, not stored: /left-pad/-/left-pad-1.3.0.tgz



=== TEST 7: ... and the next request asks the upstream again: no HIT of what may have been cut (the SSI upstream's answer to HTTP/1.0 ends only at the close)
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SLOW_PORT$pkg_reroute_uri;
        proxy_http_version 1.0;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
">>> slow/left-pad/-/left-pad-1.3.0.tgz\n" . ("x" x 400)
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz", "GET /left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS\n!Content-Length", "X-Cache-Status: MISS\n!Content-Length"]



=== TEST 8: the mime guard, proxy_buffering off, a first segment of one byte ("<", then "html>..."): 502, never served
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SLOW_PORT$pkg_reroute_uri;
        proxy_buffering off;
    }
--- user_files
>>> slow/left-pad/-/left-pad-1.3.0.tgz
<<!--# include virtual="/hold" -->html><body>Sign in</body></html>
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
--- tcp_reply_delay: 1
--- request
GET /left-pad/-/left-pad-1.3.0.tgz
--- error_code: 502
--- response_body
{"error":"the upstream answered an artifact with an HTML page (its first bytes), not stored: /left-pad/-/left-pad-1.3.0.tgz"}
--- error_log
the upstream answered an artifact with an HTML page (its first bytes)



=== TEST 9: the mime guard, proxy_buffering off, three bytes first ("\n<h", then "tml>..."): 502
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SLOW_PORT$pkg_reroute_uri;
        proxy_buffering off;
    }
--- user_files
>>> slow/left-pad/-/left-pad-1.3.0.tgz

<h<!--# include virtual="/hold" -->tml><body>Sign in</body></html>
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
--- tcp_reply_delay: 1
--- request
GET /left-pad/-/left-pad-1.3.0.tgz
--- error_code: 502
--- error_log
the upstream answered an artifact with an HTML page (its first bytes)



=== TEST 10: the mime guard, buffered into the cache, two bytes first (" <", then "html>..."): 502, never stored (here the pipe passes the bytes together: a regression test)
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SLOW_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
    }
--- user_files
>>> slow/left-pad/-/left-pad-1.3.0.tgz
 <<!--# include virtual="/hold" -->html><body>Sign in</body></html>
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
--- tcp_reply_delay: 1
--- request
GET /left-pad/-/left-pad-1.3.0.tgz
--- error_code: 502
--- error_log
the upstream answered an artifact with an HTML page (its first bytes)



=== TEST 11: a body cut the same way that is no page ("<", then "tarball bytes") passes whole, in order
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SLOW_PORT$pkg_reroute_uri;
        proxy_buffering off;
    }
--- user_files
>>> slow/left-pad/-/left-pad-1.3.0.tgz
<<!--# include virtual="/hold" -->tarball bytes
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
--- tcp_reply_delay: 1
--- request
GET /left-pad/-/left-pad-1.3.0.tgz
--- error_code: 200
--- response_body
<tarball bytes
--- no_error_log
[error]



=== TEST 12: a 404 asked with the client's credentials (pkg_reroute_client_credentials forward) is never stored
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REG_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_bypass $pkg_reroute_credentials;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private"]
--- more_headers
Authorization: Bearer client-token
--- error_code eval
[404, 404]
--- response_headers eval
["X-Auth: Bearer client-token", "X-Auth: Bearer client-token"]
