# Which methods are rerouted: GET and HEAD by default (huggingface too);
# everything else reaches the location's upstream untouched,
# but only after the rule: a request whose path names a package is
# checked whatever its method. A method the registry does not serve at
# that endpoint is unknown (denied by default), and a method override (a
# header, or an argument) or a GET/HEAD with a body is a 400.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the fake upstream of a block (tcp_listen)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: npm audit's POST passes through to the upstream, body and path intact
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Decision "$pkg_reroute_decision|$pkg_reroute_kind" always;
    }
--- request
POST /-/npm/v1/security/audits/quick
{"name":"app","requires":{"lodash":"^4.17.0"}}
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 150
--- tcp_query eval
"POST /-/npm/v1/security/audits/quick HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 46\r
\r
{\"name\":\"app\",\"requires\":{\"lodash\":\"^4.17.0\"}}"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{}\n"
--- error_code: 200
--- response_body
{}
--- response_headers
X-Decision: pass|api
--- no_error_log
[error]



=== TEST 2: npm publish's PUT of a name the rule does not block passes untouched, raw path kept
--- http_config
    pkg_reroute_rule all block { "@other/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Decision "$pkg_reroute_decision|$pkg_reroute_kind|$pkg_reroute_package" always;
    }
--- request
PUT /@corp%2fwidget
{"_id":"@corp/widget"}
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 109
--- tcp_query eval
"PUT /\@corp%2fwidget HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 22\r
\r
{\"_id\":\"\@corp/widget\"}"
--- tcp_reply eval
"HTTP/1.0 201 Created\r\nContent-Length: 0\r\n\r\n"
--- error_code: 201
--- response_headers
X-Decision: pass|write|@corp/widget
--- no_error_log
[error]



=== TEST 3: DELETE (unpublish) passes through too
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
    }
--- request
DELETE /left-pad/-rev/3-abc
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 75
--- tcp_query eval
"DELETE /left-pad/-rev/3-abc HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
--- error_code: 200
--- response_body
ok



=== TEST 4: HEAD is rerouted like GET, with no body
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
HEAD /lodash
--- error_code: 307
--- response_headers
Location: https://repo.example.test/npm/lodash
--- response_body



=== TEST 5: a blocked HEAD gets the status and the headers, no body
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    location / {
        root html;
    }
--- request
HEAD /lodash
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: all
--- response_body



=== TEST 6: huggingface: HEAD is rerouted too (the Hub's own HEAD answer is a 302 to its CDN)
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Decision "$pkg_reroute_decision" always;
    }
--- request
HEAD /gpt2/resolve/main/config.json
--- error_code: 307
--- response_headers
Location: https://repo.example.test/hf/gpt2/resolve/main/config.json
X-Decision: reroute



=== TEST 7: huggingface: GET is rerouted
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request
GET /gpt2/resolve/main/config.json
--- error_code: 307
--- response_headers
Location: https://repo.example.test/hf/gpt2/resolve/main/config.json



=== TEST 8: pkg_reroute_methods GET: HEAD passes through for npm
--- config
    pkg_reroute npm;
    pkg_reroute_methods GET;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Decision "$pkg_reroute_decision" always;
    }
--- user_files
>>> lodash
local
--- request eval
["HEAD /lodash", "GET /lodash"]
--- error_code eval
[200, 307]
--- response_headers eval
["X-Decision: pass", "X-Decision: reroute"]



=== TEST 9: pkg_reroute_methods HEAD GET for huggingface reroutes HEAD too
--- config
    pkg_reroute huggingface;
    pkg_reroute_methods GET HEAD;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request
HEAD /gpt2/resolve/main/config.json
--- error_code: 307



=== TEST 10: a POST added to the methods is rerouted with 307, which keeps the body
--- config
    pkg_reroute npm;
    pkg_reroute_methods GET HEAD POST;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
POST /-/npm/v1/security/advisories/bulk
{}
--- error_code: 307
--- response_headers
Location: https://repo.example.test/npm/-/npm/v1/security/advisories/bulk



=== TEST 11: a blocked POST (when POST is checked) is denied and its body discarded
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    pkg_reroute_methods GET HEAD PUT;
    location / {
        root html;
    }
--- request
PUT /evil
{"_id":"evil"}
--- error_code: 403
--- response_body
{"error":"package \"evil\" is blocked by rule \"all\" (pattern \"**\")"}



=== TEST 12: methods set on the server are inherited by locations
--- config
    pkg_reroute npm;
    pkg_reroute_methods GET;
    pkg_reroute_redirect https://repo.example.test/npm;
    location /sub/ {
        root html;
    }
    location / {
        root html;
    }
--- user_files
>>> sub/x
here
--- request
HEAD /sub/x
--- error_code: 200



=== TEST 13: every method is checked: writes to a blocked name never reach the upstream
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["PUT /lodash\n{}", "PUT /\@evil%2fpkg\n{}", "DELETE /lodash/-rev/3-abc",
 "DELETE /lodash/-/lodash-1.0.0.tgz/-rev/4-abc",
 "PUT /-/package/lodash/dist-tags/latest\n\"1.0.0\"",
 "POST /-/package/\@evil%2fpkg/access\n{}",
 "POST /-/npm/v1/oidc/token/exchange/package/lodash\n{}"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Vars: write|lodash|block", "X-Vars: write|\@evil/pkg|block",
 "X-Vars: write|lodash|block", "X-Vars: write|lodash|block",
 "X-Vars: write|lodash|block", "X-Vars: write|\@evil/pkg|block",
 "X-Vars: write|lodash|block"]
--- response_body_like eval
[qr/"error":"package \\"lodash\\" is blocked/, qr/"error":"package \\"\@evil\/pkg\\" is blocked/,
 qr/"error":"package \\"lodash\\" is blocked/, qr/"error":"package \\"lodash\\" is blocked/,
 qr/"error":"package \\"lodash\\" is blocked/, qr/"error":"package \\"\@evil\/pkg\\" is blocked/,
 qr/"error":"package \\"lodash\\" is blocked/]



=== TEST 14: a Hugging Face HEAD of a blocked model is refused (every method is checked)
--- http_config
    pkg_reroute_rule hf_block block { "evil-org/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:1;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
HEAD /evil-org/model/resolve/main/model.safetensors
--- error_code: 403
--- response_headers
X-Vars: evil-org/model|block



=== TEST 15: a method the registry does not serve at a known endpoint is unknown: 403 in npm's format, the reason in a header, logged at info
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
PATCH /express
{}
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Reason: not a known npm endpoint: method not served at this endpoint
X-Vars: express|unknown
--- response_body
{"error":"not a known npm endpoint: method not served at this endpoint"}
--- error_log
[info]
not a known npm endpoint: method not served at this endpoint
--- no_error_log
[error]



=== TEST 16: method overrides are refused: headers, and arguments, on a package path and elsewhere
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request eval
["GET /express?_method=PUT", "GET /express?a=1&X-HTTP-Method-Override=DELETE",
 "POST /-/npm/v1/security/audits/quick?_method=PUT\n{}"]
--- error_code eval
[400, 400, 400]
--- response_body eval
["{\"error\":\"invalid npm request: method override\"}\n",
 "{\"error\":\"invalid npm request: method override\"}\n",
 "{\"error\":\"invalid npm request: method override\"}\n"]



=== TEST 17: a method-override header is refused
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request
GET /express
--- more_headers
X-HTTP-Method-Override: PUT
--- error_code: 400
--- response_body
{"error":"invalid npm request: method override"}



=== TEST 18: a method-override header of another spelling is refused too
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request
POST /-/npm/v1/security/audits/quick
{}
--- more_headers
x-method-override: DELETE
--- error_code: 400
--- response_body
{"error":"invalid npm request: method override"}



=== TEST 19: a GET with a body is a 400
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request
GET /express
{"_method":"PUT"}
--- error_code: 400
--- response_body
{"error":"invalid npm request: a GET or HEAD with a body"}



=== TEST 20: pkg_reroute_unknown pass lets an unknown method through to the location, after the rule
--- http_config
    pkg_reroute_rule npm_block block { lodash; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_unknown pass;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["PATCH /express\n{}", "PATCH /lodash\n{}"]
--- error_code eval
[200, 403]
--- response_headers eval
["X-Vars: express|pass", "X-Vars: lodash|block"]



=== TEST 21: under an allow rule nothing unknown passes, whatever pkg_reroute_unknown says
--- http_config
    pkg_reroute_rule npm_allow allow { express; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_unknown pass;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["PATCH /express\n{}", "GET /-/no/such/endpoint"]
--- error_code eval
[403, 403]
--- response_headers eval
["X-Vars: express|unknown", "X-Vars: |unknown"]
