# Fault tests, cache mode: upstreams that misbehave on purpose, and what the
# client gets, what the error log says, and that nothing broken is ever
# stored. README "Troubleshooting" has one row per block.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  the fake upstream of the block (tcp_listen: one connection)
#   P+2  a well-behaved upstream: nginx serving html/upstream/
#   P+3  nothing listens there
#   P+4  a misbehaving nginx upstream a block defines in http_config
#   P+5  an upstream that sends part of a body, waits, sends the rest
# Every block also gets /good/ and /dead/: npm locations with the same
# cache zone as the fault location, whose upstream is P+2 and P+3, and the
# fault place's keys: $pkg_reroute_cache_key names the place (the server's
# name and port, the upstream's
# host and the location), so they write its key out, for the place
# "location /" proxying to the block's first proxy_pass port (P+1 when
# the block has none).
# After a fault, GET /dead/... tells what the cache holds: a HIT is what
# was stored, the "cannot be reached" answer means nothing was.
#
# The error log is checked after every response (check_accum_error_log):
# what --- error_log names is logged by the first, faulty request.
use Test::Nginx::Socket 'no_plan';
use Digest::MD5 ();

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_MAIN_PORT} = $port;
$ENV{TEST_NGINX_FAULT_PORT} = $port + 1;
$ENV{TEST_NGINX_GOOD_PORT}  = $port + 2;
$ENV{TEST_NGINX_DEAD_PORT}  = $port + 3;
$ENV{TEST_NGINX_STORM_PORT} = $port + 4;
$ENV{TEST_NGINX_SLOW_PORT}  = $port + 5;

# where proxy_cache_path ... levels=1:2 puts the entry of a cache key
sub cache_dir_of {
    my $md5 = Digest::MD5::md5_hex(shift);
    return substr($md5, -1) . '/' . substr($md5, -3, 2);
}

no_root_location();
no_shuffle();
check_accum_error_log();

add_block_preprocessor(sub {
    my $block = shift;

    my $http = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkgs:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_GOOD_PORT;
        root html/upstream;
        default_type application/octet-stream;
        location / { }
    }
_EOC_

    my $config = <<'_EOC_';
    location /good/ {
        pkg_reroute npm prefix=/good;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GOOD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key "npm::localhost:$TEST_NGINX_MAIN_PORT@127.0.0.1:$TEST_NGINX_PROBE_PORT/:$pkg_reroute_uri";
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /dead/ {
        pkg_reroute npm prefix=/dead;
        proxy_pass http://127.0.0.1:$TEST_NGINX_DEAD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key "npm::localhost:$TEST_NGINX_MAIN_PORT@127.0.0.1:$TEST_NGINX_PROBE_PORT/:$pkg_reroute_uri";
        add_header X-Cache-Status $upstream_cache_status always;
    }
_EOC_

    my ($probe) = ($block->config // '')
        =~ /proxy_pass http:\/\/127\.0\.0\.1:\$(TEST_NGINX_\w+_PORT)\$pkg_reroute_uri/;
    $probe //= 'TEST_NGINX_FAULT_PORT';
    $config =~ s/TEST_NGINX_PROBE_PORT/$probe/g;

    $block->set_value("http_config", $http . ($block->http_config // ''));
    $block->set_value("config", $config . ($block->config // ''));
});

run_tests();

__DATA__

=== TEST 1: mid-body close (Content-Length 1000, 400 bytes, close): truncated for the client, never stored
The client sees Content-Length: 1000 and 400 bytes, then the close. Nothing
is stored: /dead/ cannot answer from the cache; /good/ fetches the artifact
again, whole, and that is what the cache serves from then on.
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/left-pad/-/left-pad-1.3.0.tgz" => "y" x 1000]]
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n" . ("x" x 400)
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz",
 "GET /good/left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 502, 200, 200]
--- response_headers eval
["Content-Length: 1000\nX-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
["x" x 400,
 "{\"error\":\"the upstream registry cannot be reached: /left-pad/-/left-pad-1.3.0.tgz\"}\n",
 "y" x 1000,
 "y" x 1000]
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 2: chunked body cut before the last chunk (HTTP/1.1 client): no last chunk, logged
The client gets the chunks and no last chunk, the only end a chunked body
has, so it knows the body is incomplete. (Such a response is not parsed
here: the CPAN runner fails a block on a chunked body without its end.)
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_http_version 1.1;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n190\r\n" . ("x" x 400) . "\r\n190\r\n" . ("x" x 100)
--- request
GET /left-pad/-/left-pad-1.3.0.tgz
--- ignore_response
--- error_log
upstream prematurely closed connection while reading upstream
--- no_error_log
[alert]
[crit]



=== TEST 3: chunked body cut before the last chunk: never stored (an HTTP/1.0 client cannot tell)
An HTTP/1.0 client gets no chunks: its body ends with the connection, so
the cut looks like an end to it; the cache does not take it for one.
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_http_version 1.1;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/left-pad/-/left-pad-1.3.0.tgz" => "y" x 1000]]
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n190\r\n" . ("x" x 400) . "\r\n190\r\n" . ("x" x 100)
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz HTTP/1.0",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz",
 "GET /good/left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 502, 200, 200]
--- response_headers eval
["!Content-Length\n!Transfer-Encoding", "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
["x" x 500,
 "{\"error\":\"the upstream registry cannot be reached: /left-pad/-/left-pad-1.3.0.tgz\"}\n",
 "y" x 1000,
 "y" x 1000]
--- error_log
upstream prematurely closed connection while reading upstream



=== TEST 4: the upstream closes after the headers, before the first byte: 502 in the client's format (Cargo)
The headers of an artifact wait for its first byte (the mime guard), so
nothing has reached the client yet: it is told why instead of getting an
empty reply.
--- config
    location / {
        pkg_reroute cargo;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /cargo-dead/ {
        pkg_reroute cargo prefix=/cargo-dead;
        proxy_pass http://127.0.0.1:$TEST_NGINX_DEAD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key "cargo::localhost:$TEST_NGINX_MAIN_PORT@127.0.0.1:$TEST_NGINX_FAULT_PORT/:$pkg_reroute_uri";
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
--- request eval
["GET /api/v1/crates/serde/1.0.0/download",
 "GET /cargo-dead/api/v1/crates/serde/1.0.0/download"]
--- error_code eval
[502, 502]
--- response_headers eval
["Content-Type: application/json\nX-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
["{\"errors\":[{\"detail\":\"the upstream registry closed the connection before the artifact's first byte, not stored: /api/v1/crates/serde/1.0.0/download\"}]}\n",
 "{\"errors\":[{\"detail\":\"the upstream registry cannot be reached: /api/v1/crates/serde/1.0.0/download\"}]}\n"]
--- error_log
upstream prematurely closed connection while reading upstream
pkg reroute: the upstream registry closed the connection before the artifact's first byte, not stored: /api/v1/crates/serde/1.0.0/download



=== TEST 5: Content-Length too short (more bytes than declared): the declared bytes pass, nothing is stored
nginx passes the 10 declared bytes and drops the rest; it would store the
10 bytes as the artifact for a year. The module does not let it.
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/left-pad/-/left-pad-1.3.0.tgz" => "y" x 1000]]
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 10\r\nConnection: close\r\n\r\n" . ("x" x 1000)
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz",
 "GET /good/left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 502, 200, 200]
--- response_headers eval
["Content-Length: 10\nX-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
["x" x 10,
 "{\"error\":\"the upstream registry cannot be reached: /left-pad/-/left-pad-1.3.0.tgz\"}\n",
 "y" x 1000,
 "y" x 1000]
--- error_log
upstream sent more data than specified in "Content-Length" header
pkg reroute: the upstream sent more bytes than its Content-Length (10), not stored: /left-pad/-/left-pad-1.3.0.tgz



=== TEST 6: the upstream does not answer in time: 504 in PyPI's format, nothing stored
--- config
    location / {
        pkg_reroute pypi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_read_timeout 1s;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /pypi-dead/ {
        pkg_reroute pypi prefix=/pypi-dead;
        proxy_pass http://127.0.0.1:$TEST_NGINX_DEAD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key "pypi::localhost:$TEST_NGINX_MAIN_PORT@127.0.0.1:$TEST_NGINX_FAULT_PORT/:$pkg_reroute_uri";
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply_delay: 2
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 5\r\nConnection: close\r\n\r\nwheel"
--- request eval
["GET /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl",
 "GET /pypi-dead/packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl"]
--- error_code eval
[504, 502]
--- response_headers eval
["Content-Type: text/plain\nX-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
["the upstream registry did not answer in time: /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl\n",
 "the upstream registry cannot be reached: /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl\n"]
--- error_log
upstream timed out (110: Connection timed out) while reading response header from upstream
pkg reroute: the upstream registry did not answer in time: /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl



=== TEST 7: the upstream sends the headers, then stops: 504 in Hugging Face's format, with X-Error-Message
--- config
    location / {
        pkg_reroute huggingface;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_read_timeout 1s;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_no_close
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n"
--- request
GET /org/model/resolve/main/model.safetensors
--- error_code: 504
--- response_headers
Content-Type: application/json
X-Error-Message: the upstream registry sent no byte of the artifact in time, not stored: /org/model/resolve/main/model.safetensors
X-Cache-Status: MISS
--- response_body
{"error":"the upstream registry sent no byte of the artifact in time, not stored: /org/model/resolve/main/model.safetensors"}
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 8: a slow upstream within proxy_read_timeout still works, and is stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_read_timeout 3s;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply_delay: 1
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 13\r\nConnection: close\r\n\r\ntarball bytes"
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
["tarball bytes", "tarball bytes"]
--- no_error_log
[error]



=== TEST 9: an HTML error page sent with 200 for a wheel: 502 in PyPI's format, never stored
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_STORM_PORT;
        location / {
            default_type text/html;
            return 200 "<!DOCTYPE html><html><body>Internal error, try later</body></html>";
        }
    }
--- config
    location / {
        pkg_reroute pypi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_STORM_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl",
 "GET /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl"]
--- error_code eval
[502, 502]
--- response_headers eval
["Content-Type: text/plain\nX-Cache-Status: MISS", "Content-Type: text/plain\nX-Cache-Status: MISS"]
--- response_body eval
["the upstream answered an artifact with an HTML page (text/html), not stored: /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl\n",
 "the upstream answered an artifact with an HTML page (text/html), not stored: /packages/ab/cd/ef01/requests-2.31.0-py3-none-any.whl\n"]
--- error_log
pkg reroute: the upstream answered an artifact with an HTML page (text/html), not stored



=== TEST 10: a 5xx storm: never stored, each request asks the upstream again; HTML error pages in the client's format
The upstream answers 500, 502 and 503 with nginx's HTML error pages; even
with proxy_cache_valid any, every request is a MISS. A JSON error body
(the registry's own) passes unchanged.
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_STORM_PORT;
        location /a500 { return 500; }
        location /a502 { return 502; }
        location /a503 { return 503; }
        location /j503 {
            default_type application/json;
            return 503 '{"error":"registry maintenance"}';
        }
    }
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_STORM_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /a500/-/a500-1.0.0.tgz", "GET /a500/-/a500-1.0.0.tgz",
 "GET /a502/-/a502-1.0.0.tgz", "GET /a502/-/a502-1.0.0.tgz",
 "GET /a503", "GET /a503",
 "GET /j503", "GET /j503"]
--- error_code eval
[500, 500, 502, 502, 503, 503, 503, 503]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS",
 "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
["{\"error\":\"the upstream registry answered 500 with an HTML page, not stored: /a500/-/a500-1.0.0.tgz\"}\n",
 "{\"error\":\"the upstream registry answered 500 with an HTML page, not stored: /a500/-/a500-1.0.0.tgz\"}\n",
 "{\"error\":\"the upstream registry answered 502 with an HTML page, not stored: /a502/-/a502-1.0.0.tgz\"}\n",
 "{\"error\":\"the upstream registry answered 502 with an HTML page, not stored: /a502/-/a502-1.0.0.tgz\"}\n",
 "{\"error\":\"the upstream registry answered 503 with an HTML page, not stored: /a503\"}\n",
 "{\"error\":\"the upstream registry answered 503 with an HTML page, not stored: /a503\"}\n",
 "{\"error\":\"registry maintenance\"}",
 "{\"error\":\"registry maintenance\"}"]
--- error_log
pkg reroute: the upstream registry answered 500 with an HTML page, not stored: /a500/-/a500-1.0.0.tgz



=== TEST 11: a 5xx storm with proxy_cache_use_stale: expired metadata is served STALE; uncached, the error in Docker's format
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_STORM_PORT;
        root html/upstream;
        default_type application/json;
        location /flags/ {
            root html;
            dav_methods PUT;
            create_full_put_path on;
        }
        location / {
            if (-f $document_root/../flags/storm) {
                return 503;
            }
        }
    }
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_cache_valid metadata 1s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_STORM_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_use_stale error timeout http_500 http_502 http_503 http_504;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /flags/ {
        # PUT /flags/storm: from then on the upstream answers 503
        proxy_pass http://127.0.0.1:$TEST_NGINX_STORM_PORT;
    }
--- user_files eval
[["upstream/v2/library/alpine/manifests/3.19" => "{\"schemaVersion\":2}"]]
--- request eval
["GET /v2/alpine/manifests/3.19",
 "PUT /flags/storm\nstorm",
 "GET /v2/alpine/manifests/3.19",
 "GET /v2/alpine/manifests/3.20"]
--- wait: 1
--- error_code eval
[200, 201, 200, 503]
--- response_headers eval
["X-Cache-Status: MISS", "", "X-Cache-Status: STALE", "Content-Type: application/json\nX-Cache-Status: MISS"]
--- response_body eval
["{\"schemaVersion\":2}", "",
 "{\"schemaVersion\":2}",
 "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"the upstream registry answered 503 with an HTML page, not stored: /v2/library/alpine/manifests/3.20\",\"detail\":null}]}\n"]



=== TEST 12: the client aborts mid-download while the upstream stalls: the fill is dropped, never served
The client reads the headers and 64 KB of a 1 MB artifact, then gives up;
nginx goes on filling the cache for it until proxy_read_timeout, and drops
the partial file.
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_read_timeout 2s;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/big/-/big-1.0.0.tgz" => "y" x 1048576]]
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_no_close
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n" . ("x" x 65536)
--- request eval
["GET /big/-/big-1.0.0.tgz",
 "GET /dead/big/-/big-1.0.0.tgz",
 "GET /good/big/-/big-1.0.0.tgz",
 "GET /dead/big/-/big-1.0.0.tgz"]
--- timeout: 1
--- abort
--- wait: 3
--- error_code eval
[200, 502, 200, 200]
--- response_headers eval
["Content-Length: 1048576\nX-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body_like eval
["^x+\\z", "cannot be reached", "^(?:y{32768}){32}\\z", "^(?:y{32768}){32}\\z"]
--- error_log
upstream timed out (110: Connection timed out) while reading upstream



=== TEST 13: the client aborts mid-download and the upstream then completes: the whole artifact is stored
The upstream sends 256 KB, waits 3 s (an SSI include of a slow upstream),
then sends the rest; the client leaves after 2 s without data. nginx
finishes the fill for it, and a later request is a HIT with every byte.
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_SLOW_PORT;
        root html/slow;
        default_type application/octet-stream;
        ssi on;
        ssi_types *;
        location / { }
        location = /hold {
            proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT;
        }
    }
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SLOW_PORT$pkg_reroute_uri;
        # chunked: an artifact whose end only the close tells is not stored
        proxy_http_version 1.1;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["slow/big/-/big-1.0.0.tgz" => ("a" x 262144) . '<!--# include virtual="/hold" -->' . ("b" x 262144)]]
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply_delay: 3
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n-"
--- request eval
["GET /big/-/big-1.0.0.tgz HTTP/1.0",
 "GET /dead/big/-/big-1.0.0.tgz"]
--- timeout: 2
--- abort
--- wait: 3
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body_like eval
["^a+\\z", "^(?:a{32768}){8}-(?:b{32768}){8}\\z"]
--- error_log
client prematurely closed connection



=== TEST 14: the client aborts before the first byte of an HTML page sent for an artifact: still never stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply_delay: 2
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 41\r\nConnection: close\r\n\r\n<html><body>Please sign in</body></html>\n"
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- timeout: 1
--- abort
--- wait: 2
--- error_code eval
["", 502]
--- response_body eval
["", "{\"error\":\"the upstream registry cannot be reached: /left-pad/-/left-pad-1.3.0.tgz\"}\n"]
--- error_log
pkg reroute: the upstream answered an artifact with an HTML page (its first bytes), not stored: /left-pad/-/left-pad-1.3.0.tgz



=== TEST 15: the cache's temporary files cannot be written: 500 in npm's format, not an empty reply
proxy_temp_path's level directories are regular files here, so open()
fails with ENOTDIR, as it would on a full or read-only disk (ENOSPC and
EROFS end the same way).
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GOOD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_temp_path broken_temp 1;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/left-pad/-/left-pad-1.3.0.tgz" => "y" x 1000],
 map { ["../broken_temp/$_" => "not a directory\n"] } 0 .. 9]
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[500, 500, 502]
--- response_headers eval
["Content-Type: application/json\nX-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- response_body eval
["{\"error\":\"the mirror failed before the artifact's first byte (see its error log), not stored: /left-pad/-/left-pad-1.3.0.tgz\"}\n",
 "{\"error\":\"the mirror failed before the artifact's first byte (see its error log), not stored: /left-pad/-/left-pad-1.3.0.tgz\"}\n",
 "{\"error\":\"the upstream registry cannot be reached: /left-pad/-/left-pad-1.3.0.tgz\"}\n"]
--- error_log
[crit]
failed (20: Not a directory) while reading upstream
pkg reroute: the mirror failed before the artifact's first byte (see its error log), not stored: /left-pad/-/left-pad-1.3.0.tgz



=== TEST 16: the cache directory cannot be written (rename fails): the client gets the whole artifact, nothing is stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GOOD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- user_files eval
[["upstream/left-pad/-/left-pad-1.3.0.tgz" => "y" x 1000],
 ["../cache_temp/" . main::cache_dir_of("npm::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@127.0.0.1:$ENV{TEST_NGINX_GOOD_PORT}/:/left-pad/-/left-pad-1.3.0.tgz") => "not a directory\n"]]
--- request eval
["GET /left-pad/-/left-pad-1.3.0.tgz",
 "GET /left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 200]
--- response_headers eval
["Content-Length: 1000\nX-Cache-Status: MISS", "Content-Length: 1000\nX-Cache-Status: MISS"]
--- response_body eval
["y" x 1000, "y" x 1000]
--- error_log
[crit]
failed (20: Not a directory) while reading upstream



=== TEST 17: proxy_cache_valid any: nginx remembers an unreachable upstream (why to leave error codes out of it)
nginx decides this before any filter runs; the answer is still in the
client's format. README "Troubleshooting" says to leave error codes out of
proxy_cache_valid.
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_DEAD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /lodash", "GET /lodash"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
["{\"error\":\"the upstream registry cannot be reached: /lodash\"}\n",
 "{\"error\":\"the upstream registry cannot be reached: /lodash\"}\n"]
--- error_log
connect() failed (111: Connection refused) while connecting to upstream



=== TEST 18: a HEAD that misses the cache: headers only (nginx's own filter ends the answer after the guard let the headers go), the fill goes on into the cache
--- http_config
    log_format headfill 'head-fill: $request_method $uri $status $upstream_cache_status body=$body_bytes_sent';
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GOOD_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
        access_log logs/error.log headfill;
    }
--- user_files
>>> upstream/left-pad/-/left-pad-1.3.0.tgz
tarball bytes
--- request eval
["HEAD /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nContent-Length: 14", "X-Cache-Status: HIT"]
--- response_body eval
["", "tarball bytes\n"]
--- error_log
head-fill: HEAD /left-pad/-/left-pad-1.3.0.tgz 200 MISS body=0
--- no_error_log
[error]
[alert]



=== TEST 19: a HEAD for an artifact the upstream answers with an HTML page: 502 with no body, never stored
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FAULT_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
        access_log logs/error.log headfill;
    }
--- http_config
    log_format headfill 'head-fill: $request_method $uri $status $upstream_cache_status body=$body_bytes_sent';
--- tcp_listen eval: $ENV{TEST_NGINX_FAULT_PORT}
--- tcp_reply eval
"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 39\r\nConnection: close\r\n\r\n<!DOCTYPE html><html>sign in</html>\r\n\r\n"
--- request eval
["HEAD /left-pad/-/left-pad-1.3.0.tgz",
 "GET /dead/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[502, 502]
--- response_body eval
["", "{\"error\":\"the upstream registry cannot be reached: /left-pad/-/left-pad-1.3.0.tgz\"}\n"]
--- error_log
head-fill: HEAD /left-pad/-/left-pad-1.3.0.tgz 502 MISS body=0
pkg reroute: the upstream answered an artifact with an HTML page (its first bytes), not stored
