# npm: every URI shape the npm client sends, the canonical path each one
# is redirected to, the variables, name normalisation (case, %2f/%2F/'/'
# in scopes, percent-encoded letters, dot segments), denials in npm's
# {"error":"..."} format, allow rules, requests that cannot be parsed, and
# the method policy (audit and publish reach the upstream untouched).
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

=== TEST 1: packument: GET and HEAD are redirected to the same path
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /express", "HEAD /express"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/npm/express
X-Vars: metadata|express|||reroute",
"Location: https://repo.example.test/npm/express
X-Vars: metadata|express|||reroute"]
--- no_error_log
[error]



=== TEST 2: the query string is kept as it came
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
["GET /express?write=true", "GET /-/v1/search?text=keywords:react&size=20&from=0"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/npm/express?write=true",
"Location: https://repo.example.test/npm/-/v1/search?text=keywords:react&size=20&from=0"]
--- no_error_log
[error]



=== TEST 3: scoped packument: %2f, %2F and a literal '/' all forward as /@scope%2fname
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /@types%2fnode', 'GET /@types%2Fnode', 'GET /@types/node', 'GET /%40types%2fnode']
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/@types%2fnode
X-Vars: metadata|@types/node|||reroute',
'Location: https://repo.example.test/npm/@types%2fnode
X-Vars: metadata|@types/node|||reroute',
'Location: https://repo.example.test/npm/@types%2fnode
X-Vars: metadata|@types/node|||reroute',
'Location: https://repo.example.test/npm/@types%2fnode
X-Vars: metadata|@types/node|||reroute']
--- no_error_log
[error]



=== TEST 4: one version's document, by version and by dist-tag
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /express/4.18.2', 'GET /express/latest', 'GET /express/5.0.0-beta.1', 'GET /@types/node/20.1.0', 'GET /@types%2fnode/latest']
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/express/4.18.2
X-Vars: metadata|express|4.18.2||reroute',
'Location: https://repo.example.test/npm/express/latest
X-Vars: metadata|express|latest||reroute',
'Location: https://repo.example.test/npm/express/5.0.0-beta.1
X-Vars: metadata|express|5.0.0-beta.1||reroute',
'Location: https://repo.example.test/npm/@types%2fnode/20.1.0
X-Vars: metadata|@types/node|20.1.0||reroute',
'Location: https://repo.example.test/npm/@types%2fnode/latest
X-Vars: metadata|@types/node|latest||reroute']
--- no_error_log
[error]



=== TEST 5: unscoped tarball: version and file name
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /express/-/express-4.18.2.tgz', 'GET /express/-/express-5.0.0-beta.1.tgz', 'HEAD /express/-/express-4.18.2.tgz']
--- error_code eval
[307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/express/-/express-4.18.2.tgz
X-Vars: artifact|express|4.18.2|express-4.18.2.tgz|reroute',
'Location: https://repo.example.test/npm/express/-/express-5.0.0-beta.1.tgz
X-Vars: artifact|express|5.0.0-beta.1|express-5.0.0-beta.1.tgz|reroute',
'Location: https://repo.example.test/npm/express/-/express-4.18.2.tgz
X-Vars: artifact|express|4.18.2|express-4.18.2.tgz|reroute']
--- no_error_log
[error]



=== TEST 6: scoped tarball: forwarded with a literal '/', as the registry's dist.tarball
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /@types/node/-/node-20.1.0.tgz', 'GET /@types%2fnode/-/node-20.1.0.tgz', 'GET /@types/node/-/@types/node-20.1.0.tgz']
--- error_code eval
[307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/@types/node/-/node-20.1.0.tgz
X-Vars: artifact|@types/node|20.1.0|node-20.1.0.tgz|reroute',
'Location: https://repo.example.test/npm/@types/node/-/node-20.1.0.tgz
X-Vars: artifact|@types/node|20.1.0|node-20.1.0.tgz|reroute',
'Location: https://repo.example.test/npm/@types/node/-/node-20.1.0.tgz
X-Vars: artifact|@types/node|20.1.0|node-20.1.0.tgz|reroute']
--- no_error_log
[error]



=== TEST 7: dist-tags: the name is escaped as npm's escapedName
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /-/package/express/dist-tags', 'GET /-/package/@types%2fnode/dist-tags', 'GET /-/package/@types/node/dist-tags']
--- error_code eval
[307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/-/package/express/dist-tags
X-Vars: metadata|express|||reroute',
'Location: https://repo.example.test/npm/-/package/@types%2fnode/dist-tags
X-Vars: metadata|@types/node|||reroute',
'Location: https://repo.example.test/npm/-/package/@types%2fnode/dist-tags
X-Vars: metadata|@types/node|||reroute']
--- no_error_log
[error]



=== TEST 8: registry endpoints name no package
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /-/v1/search?text=react', 'GET /-/ping', 'GET /-/whoami']
--- error_code eval
[307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/-/v1/search?text=react
X-Vars: api||||reroute',
'Location: https://repo.example.test/npm/-/ping
X-Vars: api||||reroute',
'Location: https://repo.example.test/npm/-/whoami
X-Vars: api||||reroute']
--- no_error_log
[error]



=== TEST 9: legacy upper-case names: matched in lower case, forwarded as written
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
['GET /JSONStream', 'GET /JSONStream/-/JSONStream-1.3.5.tgz']
--- error_code eval
[307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/JSONStream
X-Vars: metadata|jsonstream|||reroute',
'Location: https://repo.example.test/npm/JSONStream/-/JSONStream-1.3.5.tgz
X-Vars: artifact|jsonstream|1.3.5|JSONStream-1.3.5.tgz|reroute']
--- no_error_log
[error]



=== TEST 10: $pkg_reroute_ecosystem, and $pkg_reroute_uri: the canonical path and query
--- config
    pkg_reroute npm;
    location / {
        return 200 "$pkg_reroute_ecosystem $pkg_reroute_uri\n";
    }
--- request eval
['GET /@types/node?write=true', 'GET /express/-/express-4.18.2.tgz']
--- error_code eval
[200, 200]
--- response_body eval
["npm /\@types%2fnode?write=true\n", "npm /express/-/express-4.18.2.tgz\n"]



=== TEST 11: a blocked packument: 403, rule and pattern headers, npm's JSON error
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: npm_block
X-Pkg-Reroute-Pattern: lodash
Content-Type: application/json
!Location
--- response_body
{"error":"package \"lodash\" is blocked by rule \"npm_block\" (pattern \"lodash\")"}
--- error_log
pkg reroute: package "lodash" is blocked by rule "npm_block" (pattern "lodash")



=== TEST 12: blocked: every kind of request for the package
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /lodash/4.17.21', 'GET /lodash/-/lodash-4.17.21.tgz', 'GET /-/package/lodash/dist-tags', 'GET /lodash?write=true']
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
['X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash']
--- response_body eval
['{"error":"package \"lodash\" is blocked by rule \"npm_block\" (pattern \"lodash\")"}
', '{"error":"package \"lodash\" is blocked by rule \"npm_block\" (pattern \"lodash\")"}
', '{"error":"package \"lodash\" is blocked by rule \"npm_block\" (pattern \"lodash\")"}
', '{"error":"package \"lodash\" is blocked by rule \"npm_block\" (pattern \"lodash\")"}
']
--- error_log
is blocked by rule "npm_block"



=== TEST 13: normalisation: case spellings of one name are one package
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
['GET /LoDash', 'GET /LODASH/4.17.21', 'GET /Lodash/-/Lodash-4.17.21.tgz', 'GET /-/package/LODASH/dist-tags']
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
['X-Pkg-Reroute-Pattern: lodash
X-Vars: lodash|block',
'X-Pkg-Reroute-Pattern: lodash
X-Vars: lodash|block',
'X-Pkg-Reroute-Pattern: lodash
X-Vars: lodash|block',
'X-Pkg-Reroute-Pattern: lodash
X-Vars: lodash|block']
--- error_log
pkg reroute: package "lodash" is blocked by rule "npm_block" (pattern "lodash")



=== TEST 14: normalisation: percent-encoded letters are decoded once
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /%6codash', 'GET /%6Codash', 'GET /l%6Fd%61sh/-/lodash-4.17.21.tgz', 'GET /%4C%4F%44%41%53%48']
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
['X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash']
--- error_log
pkg reroute: package "lodash" is blocked by rule "npm_block" (pattern "lodash")



=== TEST 15: normalisation: dot segments and empty segments
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /x/../lodash', 'GET /./lodash', 'GET //lodash', 'GET /x/%2e%2e/lodash', 'GET /x%2F..%2Flodash', 'GET /lodash/']
--- error_code eval
[403, 403, 403, 403, 403, 403]
--- response_headers eval
['X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash', 'X-Pkg-Reroute-Pattern: lodash']
--- error_log
pkg reroute: package "lodash" is blocked by rule "npm_block" (pattern "lodash")



=== TEST 16: normalisation: a scope blocked whatever the spelling of its '/'
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
['GET /@evil%2fpkg', 'GET /@evil%2Fpkg', 'GET /@evil/pkg', 'GET /%40evil%2fpkg', 'GET /@EVIL/Pkg', 'GET /@%65vil%2F%70kg']
--- error_code eval
[403, 403, 403, 403, 403, 403]
--- response_headers eval
['X-Pkg-Reroute-Pattern: @evil/*
X-Vars: @evil/pkg|block',
'X-Pkg-Reroute-Pattern: @evil/*
X-Vars: @evil/pkg|block',
'X-Pkg-Reroute-Pattern: @evil/*
X-Vars: @evil/pkg|block',
'X-Pkg-Reroute-Pattern: @evil/*
X-Vars: @evil/pkg|block',
'X-Pkg-Reroute-Pattern: @evil/*
X-Vars: @evil/pkg|block',
'X-Pkg-Reroute-Pattern: @evil/*
X-Vars: @evil/pkg|block']
--- error_log
pkg reroute: package "@evil/pkg" is blocked by rule "npm_block" (pattern "@evil/*")



=== TEST 17: a blocked scope: tarballs, version documents and dist-tags too
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /@evil/pkg/-/pkg-1.0.0.tgz', 'GET /@evil%2fpkg/-/pkg-1.0.0.tgz', 'GET /@evil/pkg/-/@evil/pkg-1.0.0.tgz', 'GET /@evil%2fpkg/1.0.0', 'GET /-/package/@evil%2fpkg/dist-tags']
--- error_code eval
[403, 403, 403, 403, 403]
--- response_body eval
['{"error":"package \"@evil/pkg\" is blocked by rule \"npm_block\" (pattern \"@evil/*\")"}
', '{"error":"package \"@evil/pkg\" is blocked by rule \"npm_block\" (pattern \"@evil/*\")"}
', '{"error":"package \"@evil/pkg\" is blocked by rule \"npm_block\" (pattern \"@evil/*\")"}
', '{"error":"package \"@evil/pkg\" is blocked by rule \"npm_block\" (pattern \"@evil/*\")"}
', '{"error":"package \"@evil/pkg\" is blocked by rule \"npm_block\" (pattern \"@evil/*\")"}
']
--- error_log
pkg reroute: package "@evil/pkg" is blocked by rule "npm_block" (pattern "@evil/*")



=== TEST 18: neighbours of blocked names are not blocked
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /lodash-es', 'GET /lodash.get', 'GET /@evil-twin/pkg', 'GET /@good/evil', 'GET /evil']
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
['Location: https://repo.example.test/npm/lodash-es',
'Location: https://repo.example.test/npm/lodash.get',
'Location: https://repo.example.test/npm/@evil-twin%2fpkg',
'Location: https://repo.example.test/npm/@good%2fevil',
'Location: https://repo.example.test/npm/evil']
--- no_error_log
[error]



=== TEST 19: patterns are written in any case: their literal parts are normalised
--- http_config
    pkg_reroute_rule npm_block block { Left-Pad; "@Corp/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
GET /left-pad
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: Left-Pad
--- error_log
pkg reroute: package "left-pad" is blocked by rule "npm_block" (pattern "Left-Pad")



=== TEST 20: patterns are written in any case: a scope's literal part is normalised too
--- http_config
    pkg_reroute_rule npm_block block { Left-Pad; "@Corp/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
GET /@corp%2fui
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: @Corp/*
--- error_log
pkg reroute: package "@corp/ui" is blocked by rule "npm_block" (pattern "@Corp/*")



=== TEST 21: HEAD of a blocked package: 403 with the headers, no body
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
HEAD /lodash
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: npm_block
X-Pkg-Reroute-Pattern: lodash
Content-Type: application/json
--- error_log
pkg reroute: package "lodash" is blocked by rule "npm_block" (pattern "lodash")



=== TEST 22: pkg_reroute_block_status 404: the package looks absent, same JSON
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_block_status 404;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
GET /@evil%2fpkg
--- error_code: 404
--- response_headers
X-Pkg-Reroute-Rule: npm_block
X-Pkg-Reroute-Pattern: @evil/*
Content-Type: application/json
--- response_body
{"error":"package \"@evil/pkg\" is blocked by rule \"npm_block\" (pattern \"@evil/*\")"}
--- error_log
pkg reroute: package "@evil/pkg" is blocked by rule "npm_block" (pattern "@evil/*")



=== TEST 23: allow rule: a name it does not list is denied, without a pattern
--- http_config
    pkg_reroute_rule npm_allow allow { express; "@types/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /lodash/-/lodash-4.17.21.tgz
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: npm_allow
!X-Pkg-Reroute-Pattern
X-Vars: lodash|block|npm_allow|
Content-Type: application/json
--- response_body
{"error":"package \"lodash\" is not allowed by rule \"npm_allow\""}
--- error_log
pkg reroute: package "lodash" is not allowed by rule "npm_allow"



=== TEST 24: allow rule: listed names are redirected, others denied
--- http_config
    pkg_reroute_rule npm_allow allow { express; "@types/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request eval
['GET /@typesx/node', 'GET /Express', 'GET /@types%2Fnode', 'GET /@types/node/-/node-20.1.0.tgz', 'GET /express-session']
--- error_code eval
[403, 307, 307, 307, 403]
--- response_headers eval
['X-Vars: @typesx/node|block|npm_allow|',
'Location: https://repo.example.test/npm/Express
X-Vars: express|reroute|npm_allow|express',
'Location: https://repo.example.test/npm/@types%2fnode
X-Vars: @types/node|reroute|npm_allow|@types/*',
'Location: https://repo.example.test/npm/@types/node/-/node-20.1.0.tgz
X-Vars: @types/node|reroute|npm_allow|@types/*',
'X-Vars: express-session|block|npm_allow|']



=== TEST 25: allow rule: a name not listed is denied, and the denial is logged
--- http_config
    pkg_reroute_rule npm_allow allow { express; "@types/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /@typesx/node
--- error_code: 403
--- response_headers
X-Vars: @typesx/node|block|npm_allow|
--- error_log
pkg reroute: package "@typesx/node" is not allowed by rule "npm_allow"



=== TEST 26: requests that name no package pass an allow rule that matches nothing
--- http_config
    pkg_reroute_rule nothing allow { no-such-package-anywhere; }
--- config
    pkg_reroute npm;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
['GET /express', 'GET /-/v1/search?text=lodash', 'GET /-/ping', 'GET /']
--- error_code eval
[403, 307, 307, 307]
--- response_headers eval
['X-Vars: metadata|express|block',
'Location: https://repo.example.test/npm/-/v1/search?text=lodash
X-Vars: api||reroute',
'Location: https://repo.example.test/npm/-/ping
X-Vars: api||reroute',
'Location: https://repo.example.test/npm/
X-Vars: api||reroute']



=== TEST 27: an allow rule that matches nothing denies a package, and logs it
--- http_config
    pkg_reroute_rule nothing allow { no-such-package-anywhere; }
--- config
    pkg_reroute npm;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /express
--- error_code: 403
--- response_headers
X-Vars: metadata|express|block
--- error_log
pkg reroute: package "express" is not allowed by rule "nothing"



=== TEST 28: a tarball of another package is invalid: 400, also under an allow rule
--- http_config
    pkg_reroute_rule npm_allow allow { express; lodash; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /express/-/lodash-4.17.21.tgz
--- error_code: 400
--- response_headers
Content-Type: application/json
X-Vars: |invalid
!X-Pkg-Reroute-Rule
!X-Pkg-Reroute-Pattern
!Location
--- response_body
{"error":"invalid npm request: tarball name does not match the package"}
--- error_log
pkg reroute: invalid npm request: tarball name does not match the package
--- no_error_log
[error]



=== TEST 29: more requests that cannot be parsed: 400 with npm's JSON error
--- http_config
    pkg_reroute_rule npm_allow allow { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /.hidden', 'GET /_private', 'GET /@/name', 'GET /@scope', 'GET /express/a/b', 'GET /express/-/express-latest.tgz', 'GET /@evil%252fpkg', 'GET /-/package']
--- error_code eval
[400, 400, 400, 400, 400, 400, 400, 400]
--- response_body eval
['{"error":"invalid npm request: invalid package name"}
', '{"error":"invalid npm request: invalid package name"}
', '{"error":"invalid npm request: empty scope"}
', '{"error":"invalid npm request: scope without a package name"}
', '{"error":"invalid npm request: unknown npm path"}
', '{"error":"invalid npm request: invalid tarball version"}
', '{"error":"invalid npm request: scope without a package name"}
', '{"error":"invalid npm request: package name missing"}
']
--- no_error_log
[error]



=== TEST 30: names npm does not allow (a leading "." or "_") are logged as invalid
--- http_config
    pkg_reroute_rule npm_allow allow { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_allow;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
['GET /.hidden', 'GET /_private']
--- error_code eval
[400, 400]
--- response_body eval
['{"error":"invalid npm request: invalid package name"}
', '{"error":"invalid npm request: invalid package name"}
']
--- error_log
pkg reroute: invalid npm request: invalid package name
--- no_error_log
[error]



=== TEST 31: the name length limit is npm's: 214 characters
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
["GET /" . ("a" x 214), "GET /" . ("a" x 215), "GET /\@s/" . ("a" x 211), "GET /\@s/" . ("a" x 212)]
--- error_code eval
[307, 400, 307, 400]
--- response_headers eval
["Location: https://repo.example.test/npm/" . ("a" x 214),
"!Location",
"Location: https://repo.example.test/npm/\@s%2f" . ("a" x 211),
"!Location"]
--- no_error_log
[error]



=== TEST 32: publish (PUT) of a package the rule does not block reaches the upstream untouched
--- http_config
    pkg_reroute_rule npm_block block { left-pad; "@other/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
PUT /lodash
{"name":"lodash","versions":{}}
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 110
--- tcp_query eval
"PUT /lodash HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 31\r
\r
{\"name\":\"lodash\",\"versions\":{}}"
--- tcp_reply eval
"HTTP/1.0 201 Created\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n"
--- error_code: 201
--- response_headers
X-Vars: write|lodash|pass
!Location
!X-Pkg-Reroute-Rule
--- response_body
{"ok":true}
--- no_error_log
[error]



=== TEST 33: publish of a scoped package the rule does not block: the raw path is forwarded as sent
--- http_config
    pkg_reroute_rule npm_block block { left-pad; "@other/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
PUT /@evil%2fpkg
{"name":"@evil/pkg"}
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 104
--- tcp_query eval
"PUT /\@evil%2fpkg HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 20\r
\r
{\"name\":\"\@evil/pkg\"}"
--- tcp_reply eval
"HTTP/1.0 201 Created\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n"
--- error_code: 201
--- response_headers
X-Vars: write|@evil/pkg|pass
!Location
--- response_body
{"ok":true}
--- no_error_log
[error]



=== TEST 34: npm audit's POST reaches the upstream untouched, even under a block-all rule
--- http_config
    pkg_reroute_rule everything block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use everything;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
POST /-/npm/v1/security/audits/quick
{"name":"app","version":"1.0.0","requires":{"lodash":"^4.17.0"},"dependencies":{"lodash":{"version":"4.17.21"}}}
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 217
--- tcp_query eval
"POST /-/npm/v1/security/audits/quick HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 112\r
\r
{\"name\":\"app\",\"version\":\"1.0.0\",\"requires\":{\"lodash\":\"^4.17.0\"},\"dependencies\":{\"lodash\":{\"version\":\"4.17.21\"}}}"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{}\n"
--- error_code: 200
--- response_headers
X-Vars: api||pass
!Location
--- response_body
{}
--- no_error_log
[error]



=== TEST 35: unpublish (DELETE .../-rev/...) of a package the rule does not block passes through untouched
--- http_config
    pkg_reroute_rule npm_block block { left-pad; "@other/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
DELETE /lodash/-rev/3-0123abcd
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 78
--- tcp_query eval
"DELETE /lodash/-rev/3-0123abcd HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n"
--- error_code: 200
--- response_headers
X-Vars: write|lodash|pass
!Location
--- response_body
{"ok":true}
--- no_error_log
[error]



=== TEST 36: without a redirect target an allowed GET goes on to the upstream as sent
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /@types%2Fnode
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 66
--- tcp_query eval
"GET /\@types%2Fnode HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{}\n"
--- error_code: 200
--- response_headers
X-Vars: metadata|@types/node|allow
--- response_body
{}
--- no_error_log
[error]



=== TEST 37: the redirect status can be 308 or 302
--- config
    pkg_reroute npm;
    location /a/ {
        pkg_reroute_redirect https://repo.example.test/npm/ 308;
        root html;
    }
    location / {
        pkg_reroute_redirect https://repo.example.test/npm 302;
        root html;
    }
--- request eval
['GET /a/lodash', 'GET /@types/node']
--- error_code eval
[308, 302]
--- response_headers eval
['Location: https://repo.example.test/npm/a/lodash',
'Location: https://repo.example.test/npm/@types%2fnode']
--- no_error_log
[error]
