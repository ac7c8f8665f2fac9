# generic: repositories where the path is the name (raw files, tools,
# binaries). The whole decoded path, without its leading '/', is the
# package; "*" matches within one segment, "**" across segments.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the fake upstream of a block (tcp_listen)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_shuffle();
run_tests();

__DATA__

=== TEST 1: the path is the name: file, kind and Location
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
--- request
GET /tools/jq/1.7/jq-linux64
--- error_code: 307
--- response_headers
Location: https://repo.example.test/generic/tools/jq/1.7/jq-linux64
X-Vars: generic|artifact|tools/jq/1.7/jq-linux64||jq-linux64|reroute
--- no_error_log
[error]



=== TEST 2: a directory (trailing slash) is metadata, named without the slash, slash kept in the Location
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_file" always;
--- request
GET /tools/jq/
--- error_code: 307
--- response_headers
Location: https://repo.example.test/generic/tools/jq/
X-Vars: metadata|tools/jq|
--- no_error_log
[error]



=== TEST 3: the root names nothing: rerouted even under a rule blocking everything
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /
--- error_code: 307
--- response_headers
Location: https://repo.example.test/generic/
X-Vars: other||reroute
--- no_error_log
[error]



=== TEST 4: "*" matches inside one segment only
--- http_config
    pkg_reroute_rule files block { "tools/*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request eval
["GET /tools/jq", "GET /tools/jq-1.7.tar.gz", "GET /tools/jq/1.7/jq-linux64", "GET /tools/a/b"]
--- error_code eval
[403, 403, 307, 307]
--- response_headers eval
[
"X-Vars: tools/jq|block|tools/*",
"X-Vars: tools/jq-1.7.tar.gz|block|tools/*",
"Location: https://repo.example.test/generic/tools/jq/1.7/jq-linux64\nX-Vars: tools/jq/1.7/jq-linux64|reroute|",
"Location: https://repo.example.test/generic/tools/a/b\nX-Vars: tools/a/b|reroute|",
]



=== TEST 5: "**" matches across segments
--- http_config
    pkg_reroute_rule files block { "tools/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request eval
["GET /tools/jq", "GET /tools/jq/1.7/jq-linux64", "GET /tools/a/b/c/d/e", "GET /other/tools/jq", "GET /toolsx/jq"]
--- error_code eval
[403, 403, 403, 307, 307]
--- response_headers eval
[
"X-Vars: tools/jq|block|tools/**",
"X-Vars: tools/jq/1.7/jq-linux64|block|tools/**",
"X-Vars: tools/a/b/c/d/e|block|tools/**",
"Location: https://repo.example.test/generic/other/tools/jq\nX-Vars: other/tools/jq|reroute|",
"Location: https://repo.example.test/generic/toolsx/jq\nX-Vars: toolsx/jq|reroute|",
]



=== TEST 6: "*" and "**" side by side: the one that matches is reported
--- http_config
    pkg_reroute_rule files block { "bin/*.exe"; "vendor/**/*.so"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request eval
["GET /bin/setup.exe", "GET /bin/x86/setup.exe", "GET /vendor/a/b/libx.so", "GET /vendor/a/libx.so", "GET /vendor/libx.so", "GET /vendor/a/libx.so.1"]
--- error_code eval
[403, 307, 403, 403, 307, 307]
--- response_headers eval
[
"X-Vars: block|bin/*.exe",
"X-Vars: reroute|",
"X-Vars: block|vendor/**/*.so",
"X-Vars: block|vendor/**/*.so",
"X-Vars: reroute|",
"X-Vars: reroute|",
]



=== TEST 7: a denial is plain text with the rule and pattern headers, and is logged
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request
GET /secret/keys/id_rsa
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: files
X-Pkg-Reroute-Pattern: secret/**
!Location
--- response_body
package "secret/keys/id_rsa" is blocked by rule "files" (pattern "secret/**")
--- error_log
pkg reroute: package "secret/keys/id_rsa" is blocked by rule "files" (pattern "secret/**")



=== TEST 8: case, percent-encoding, encoded slashes, dot segments and doubled slashes all reach the same name
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request eval
["GET /Secret/Key", "GET /%73ecret/key", "GET /secret%2Fkey", "GET /public/../secret/key", "GET /public/%2e%2e/secret/key", "GET //secret///key", "GET /./secret/./key"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
[("X-Vars: secret/key\nX-Pkg-Reroute-Pattern: secret/**") x 7]



=== TEST 9: "*" does not cross an encoded slash either
--- http_config
    pkg_reroute_rule files block { "tools/*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request
GET /tools/a%2Fb
--- error_code: 307
--- response_headers
Location: https://repo.example.test/generic/tools/a/b
X-Vars: tools/a/b



=== TEST 10: the Location is the canonical path: re-encoded, dot segments resolved, query kept
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_uri" always;
--- request eval
["GET /a%20b/c%7Ed", "GET /a/./b/../c", "GET //a//b", "GET /tools/x?token=abc&v=2", "GET /c++/lib"]
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/generic/a%20b/c~d\nX-Vars: /a%20b/c~d",
"Location: https://repo.example.test/generic/a/c\nX-Vars: /a/c",
"Location: https://repo.example.test/generic/a/b\nX-Vars: /a/b",
"Location: https://repo.example.test/generic/tools/x?token=abc&v=2\nX-Vars: /tools/x?token=abc&v=2",
"Location: https://repo.example.test/generic/c%2B%2B/lib\nX-Vars: /c%2B%2B/lib",
]



=== TEST 11: HEAD is rerouted; HEAD of a blocked name is denied with no body
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request eval
["HEAD /tools/jq", "HEAD /secret/key"]
--- error_code eval
[307, 403]
--- response_headers eval
["Location: https://repo.example.test/generic/tools/jq", "X-Pkg-Reroute-Pattern: secret/**\n!Location"]
--- response_body eval
["", ""]



=== TEST 12: allow mode: only the listed trees are rerouted
--- http_config
    pkg_reroute_rule files allow { "releases/**"; "tools/*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
    add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request eval
["GET /releases/1.0/app.tar.gz", "GET /tools/jq", "GET /tools/jq/1.7/jq", "GET /other/app.tar.gz"]
--- error_code eval
[307, 307, 403, 403]
--- response_headers eval
[
"Location: https://repo.example.test/generic/releases/1.0/app.tar.gz\nX-Vars: reroute|releases/**",
"Location: https://repo.example.test/generic/tools/jq\nX-Vars: reroute|tools/*",
"X-Vars: block|\n!X-Pkg-Reroute-Pattern",
"X-Vars: block|\n!X-Pkg-Reroute-Pattern",
]



=== TEST 13: allow mode: the refusal text
--- http_config
    pkg_reroute_rule files allow { "releases/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request
GET /other/app.tar.gz
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: files
--- response_body
package "other/app.tar.gz" is not allowed by rule "files"



=== TEST 14: "?" in a generic pattern: exactly one character of a segment
--- http_config
    pkg_reroute_rule files block { "tools/jq-1.?"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request eval
["GET /tools/jq-1.7", "GET /tools/jq-1.6", "GET /tools/jq-1.", "GET /tools/jq-1.10"]
--- error_code eval
[403, 403, 307, 307]



=== TEST 15: without a redirect target, allowed requests are served by the location
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    root html;
    add_header X-Vars "$pkg_reroute_decision" always;
--- user_files
>>> tools/jq
jq binary
>>> secret/key
private
--- request eval
["GET /tools/jq", "GET /secret/key"]
--- error_code eval
[200, 403]
--- response_body eval
["jq binary\n", "package \"secret/key\" is blocked by rule \"files\" (pattern \"secret/**\")\n"]
--- response_headers eval
["X-Vars: allow", "X-Vars: block"]



=== TEST 16: uploads (PUT) to a name the rule does not block pass through untouched
--- http_config
    pkg_reroute_rule files block { "private/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    location /secret/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_decision" always;
    }
--- request
PUT /secret/key?overwrite=1
data
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 98
--- tcp_query eval
"PUT /secret/key?overwrite=1 HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 4\r
\r
data"
--- tcp_reply eval
"HTTP/1.0 201 Created\r\nContent-Length: 8\r\n\r\ncreated\n"
--- error_code: 201
--- response_body
created
--- response_headers
X-Vars: write|pass
!Location
--- no_error_log
[error]



=== TEST 17: pkg_reroute_methods GET: HEAD of a name the rule does not block is no longer rerouted and reaches the location
--- http_config
    pkg_reroute_rule files block { "private/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    pkg_reroute_methods GET;
    location /secret/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request
HEAD /secret/key
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 64
--- tcp_query eval
"HEAD /secret/key HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\n"
--- response_headers
X-Vars: pass
!Location



=== TEST 18: a redirect base with a path and a trailing slash, and 308
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/artifactory/generic-remote/ 308;
    root html;
--- request
GET /tools/jq
--- error_code: 308
--- response_headers
Location: https://repo.example.test/artifactory/generic-remote/tools/jq



=== TEST 19: a location prefix is part of the name
--- http_config
    pkg_reroute_rule files block { "mirror/secret/**"; }
--- config
    location /mirror/ {
        pkg_reroute generic;
        pkg_reroute_use files;
        pkg_reroute_redirect https://repo.example.test/generic;
        root html;
        add_header X-Vars "$pkg_reroute_package" always;
    }
--- request eval
["GET /mirror/secret/key", "GET /mirror/tools/jq"]
--- error_code eval
[403, 307]
--- response_headers eval
["X-Vars: mirror/secret/key", "Location: https://repo.example.test/generic/mirror/tools/jq\nX-Vars: mirror/tools/jq"]



=== TEST 20: "a/**/z" keeps both of its '/': it matches a/b/z and a/b/c/d/z, not a/z
--- http_config
    pkg_reroute_rule files block { "a/**/z"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request eval
["GET /a/b/z", "GET /a/b/c/d/z", "GET /a/z", "GET /a/b/zz", "GET /b/a/b/z"]
--- error_code eval
[403, 403, 307, 307, 307]



=== TEST 21: an unparsable path (a control character, an invalid UTF-8 byte) is 400 in plain text
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request eval
["GET /tools/a%01b", "GET /tools/a%FFb"]
--- error_code eval
[400, 400]
--- response_body eval
["invalid generic request: control character in path\n", "invalid generic request: invalid UTF-8 in path\n"]
--- response_headers eval
[("Content-Type: text/plain\n!Location") x 2]



=== TEST 22: a long but ordinary path is not refused as too long a name
--- http_config
    pkg_reroute_rule files block { "secret/**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use files;
    pkg_reroute_redirect https://repo.example.test/generic;
    root html;
--- request eval
"GET /" . ("segment-of-forty-characters-long-0123456/" x 13) . "segment-of-forty-characters-long-0123456"
--- error_code: 307
--- response_headers eval
"Location: https://repo.example.test/generic/" . ("segment-of-forty-characters-long-0123456/" x 13) . "segment-of-forty-characters-long-0123456"
