use Test::Nginx::Socket 'no_plan';
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



=== TEST 2: response_headers (present and absent) and response_headers_like
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
--- response_headers_like
Server: nginx/[\d.]+
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
        proxy_pass http://127.0.0.1:19850;
    }
--- request
POST /up
hello
--- tcp_listen: 19850
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
        proxy_pass http://127.0.0.1:19850/x;
    }
--- request
GET /up2
--- tcp_listen: 19850
--- tcp_query_len: 54
--- tcp_query eval
"GET /x HTTP/1.0\r\nHost: upstream\r\nConnection: close\r\n\r\n"
--- tcp_reply eval
"HTTP/1.0 503 Busy\r\nContent-Length: 5\r\n\r\nbusy\n"
--- error_code: 503
--- response_body
busy



=== TEST 8: must_die with an unknown directive
(Debian's nginx reports it on stderr, which must_die does not read, as the
CPAN module does not: t/003-config-messages.t checks such messages.)
--- config
    location /x {
        no_such_directive_here on;
    }
--- must_die



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
