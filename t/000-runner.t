# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the fake upstream of a block (tcp_listen)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_shuffle();
run_tests();

__DATA__

=== TEST 1: plain return with response_body
--- config
    location /hi {
        return 200 "hi\n";
    }
--- request
GET /hi
--- response_body
hi
--- no_error_log
[error]
[alert]



=== TEST 2: response_headers (present and absent)
(response_headers_like is in TEST 23: the CPAN module does not read it in a
block that has response_headers)
--- config
    location /h {
        add_header X-Foo bar;
        return 200 "h\n";
    }
--- request
GET /h
--- response_headers
X-Foo: bar
Content-Type: text/plain
Content-Length: 2
!X-Absent
--- response_body
h



=== TEST 3: error_code 404 and error_log / no_error_log
--- config
    location /static/ {
    }
--- request
GET /static/nope.html
--- error_code: 404
--- response_body_like: 404 Not Found
--- error_log
[error]
open() "
--- no_error_log
[alert]
[crit]



=== TEST 4: error_log with an eval'd regex and an array of patterns
--- config
    location /static/ {
    }
--- request
GET /static/gone.txt
--- error_code: 404
--- error_log eval
[qr/\[error\] .*open\(\) ".*gone\.txt" failed/, "No such file or directory"]
--- no_error_log eval
qr/\[(?:alert|crit|emerg)\]/



=== TEST 5: request eval with an array of requests
--- config
    location /a {
        return 200 "a\n";
    }
    location /b {
        return 403;
    }
--- request eval
["GET /a", "GET /b"]
--- error_code eval
[200, 403]
--- response_body_like eval
["^a\n\\z", "403 Forbidden"]



=== TEST 6: POST proxied to a fake upstream (tcp_listen / tcp_query / tcp_reply)
--- config
    location /up {
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
POST /up
hello
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query eval
"POST /up HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 5\r
\r
hello"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nX-Up: yes\r\n\r\nfrom upstream\n"
--- response_headers
X-Up: yes
Transfer-Encoding: chunked
--- response_body
from upstream
--- no_error_log
[error]



=== TEST 7: tcp_query_len, upstream error status passed through
--- config
    location /up2 {
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT/x;
    }
--- request
GET /up2
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 54
--- tcp_query eval
"GET /x HTTP/1.0\r\nHost: upstream\r\nConnection: close\r\n\r\n"
--- tcp_reply eval
"HTTP/1.0 503 Busy\r\nContent-Length: 5\r\n\r\nbusy\n"
--- error_code: 503
--- response_body
busy



=== TEST 8: must_die with an unknown directive: nginx's message is in error.log
(as the CPAN module since 0.31, nginx is started with -e logs/error.log)
--- config
    location /x {
        no_such_directive_here on;
    }
--- must_die
--- error_log
unknown directive "no_such_directive_here"



=== TEST 9: user_files served by a static location
--- user_files
>>> sub/hello.txt
Hello, file!
>>> index.html
<p>index</p>
--- config
    location /sub/ {
    }
--- request
GET /sub/hello.txt
--- response_headers
Content-Length: 13
--- response_body
Hello, file!



=== TEST 10: more_headers, chomp filter and $TEST_NGINX_* substitution
--- http_config
    map $http_x_in $x_in_seen {
        default "seen:$http_x_in";
    }
--- config
    location /env {
        return 200 "$x_in_seen port=$TEST_NGINX_SERVER_PORT";
    }
--- request
GET /env
--- more_headers
X-In: abc
--- response_body eval
"seen:abc port=$ENV{TEST_NGINX_SERVER_PORT}"



=== TEST 11: HEAD has no body
--- config
    location /hi {
        return 200 "hi\n";
    }
--- request
HEAD /hi
--- response_headers
Content-Length: 3
--- response_body chomp



=== TEST 12: raw_request
--- config
    location /hi {
        return 200 "hi\n";
    }
--- raw_request eval
"GET /hi HTTP/1.0\r\n\r\n"
--- response_body
hi



=== TEST 13: main_config is placed at the top level
--- main_config
    worker_rlimit_nofile 1024;
--- config
    location /m {
        return 200 "$request_method $request_uri $server_protocol\n";
    }
--- request
GET /m?a=1 HTTP/1.0
--- response_body
GET /m?a=1 HTTP/1.0



=== TEST 14: tcp_reply_delay longer than proxy_read_timeout: 504
--- config
    location /slow {
        proxy_read_timeout 1s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /slow
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_reply_delay: 2
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
--- error_code: 504
--- error_log
upstream timed out (110: Connection timed out) while reading response header from upstream



=== TEST 15: tcp_reply_delay within proxy_read_timeout (in ms): the reply arrives
--- config
    location /slow {
        proxy_read_timeout 3s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /slow
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_reply_delay: 1200ms
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
--- response_body
ok
--- no_error_log
[error]



=== TEST 16: tcp_no_close: the fake upstream holds the connection open after its reply
(without it, the close would end the body: "upstream prematurely closed")
--- config
    location /held {
        proxy_read_timeout 1s;
        proxy_buffering off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /held
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_no_close
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nabc"
--- response_body: abc
--- error_log
upstream timed out (110: Connection timed out) while reading upstream
--- no_error_log
upstream prematurely closed



=== TEST 17: tcp_shutdown: 1 shuts the fake upstream's writes down at once
--- config
    location /shut {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /shut
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_shutdown: 1
--- error_code: 502
--- error_log
upstream prematurely closed connection while reading response header from upstream



=== TEST 18: shutdown: the client shuts its writes down after the request; ignore_response
--- config
    location /wait {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /wait
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_reply_delay: 1
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
--- shutdown
--- ignore_response
--- error_log
client prematurely closed connection



=== TEST 19: ignore_response: a response that the checks would refuse (no error_code means 200)
--- config
    location /err {
        return 500 "no\n";
    }
--- request
GET /err
--- ignore_response



=== TEST 20: error_code "" is an empty reply (the connection closed without an answer)
--- config
    location /close {
        return 444;
    }
--- request
GET /close
--- error_code eval
""
--- response_body eval
""



=== TEST 21: wait applies after every response of a request array, not only after the last
(the entry is valid for 1 s: without the wait between the requests, the
second one would be a HIT)
--- http_config
    proxy_cache_path cache_temp keys_zone=runner:1m;
--- config
    location /c {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin;
        proxy_cache runner;
        proxy_cache_valid 200 1s;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /origin {
        return 200 "origin\n";
    }
--- request eval
["GET /c", "GET /c"]
--- wait: 2
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: EXPIRED"]



=== TEST 22: timeout is the longest wait between two reads, not the time of the whole response
(a 24 KB file at 8 KB a second takes about 2 s, in parts about 1 s apart)
--- user_files eval
[["trickle.txt" => "z" x 24576]]
--- config
    location /trickle.txt {
        root html;
        limit_rate 8k;
    }
--- request
GET /trickle.txt
--- timeout: 1.6
--- response_body_like: ^(?:z{8192}){3}$



=== TEST 23: response_headers_like, exact values and an absent header included
--- config
    location /h {
        add_header X-Foo bar;
        return 200 "h\n";
    }
--- request
GET /h
--- response_headers_like
X-Foo: ba[r]
Content-Type: text/plain
Content-Length: 2
Server: nginx/[\d.]+
X-Absent:
--- response_body
h



=== TEST 24: must_die with the exit status nginx dies with
--- config
    no_such_directive_here on;
--- must_die: 1
--- error_log eval
qr/\[emerg\] .*unknown directive "no_such_directive_here"/
