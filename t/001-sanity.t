# The module loads, does nothing where it is not configured, and its
# directives are inherited and turned off as documented.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_SECOND_PORT  a second server, only configured (never asked)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_SECOND_PORT} = $port + 1;

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: not configured: requests are untouched, variables empty
--- config
    location / {
        add_header X-Vars "[$pkg_reroute_ecosystem|$pkg_reroute_decision|$pkg_reroute_package]";
        return 200 "plain\n";
    }
--- request
GET /lodash
--- response_body
plain
--- response_headers
X-Vars: [||]
--- no_error_log
[error]
pkg reroute



=== TEST 2: not configured: a rule defined but used nowhere changes nothing
--- http_config
    pkg_reroute_rule unused block { lodash; "**"; }
--- config
    location / {
        root html;
    }
--- user_files
>>> lodash
static lodash
--- request
GET /lodash
--- response_body
static lodash
--- no_error_log
[error]



=== TEST 3: a rewrite-phase "return" answers before the module decides
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        return 599;
    }
--- request
GET /lodash
--- error_code: 599
--- no_error_log
[error]



=== TEST 4: server level, location inherits, GET answered with 307
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 307
--- response_headers
Location: https://repo.example.test/npm/lodash
--- no_error_log
[error]



=== TEST 5: "pkg_reroute off" in a location turns everything off there
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/npm;
    location /static/ {
        pkg_reroute off;
        root html;
        add_header X-Decision "[$pkg_reroute_decision]";
    }
    location / {
        root html;
    }
--- user_files
>>> static/lodash
static file
--- request
GET /static/lodash
--- response_body
static file
--- response_headers
X-Decision: []
--- no_error_log
[error]



=== TEST 6: the rule applies in the location that inherits it
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/npm;
    location /static/ {
        pkg_reroute off;
        root html;
    }
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: all
X-Pkg-Reroute-Pattern: **
Content-Type: application/json
--- response_body
{"error":"package \"lodash\" is blocked by rule \"all\" (pattern \"**\")"}
--- error_log
pkg reroute: package "lodash" is blocked by rule "all" (pattern "**")



=== TEST 7: "pkg_reroute_use off" in a location drops the inherited rule
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/npm;
    location /open/ {
        pkg_reroute_use off;
        pkg_reroute_redirect https://repo.example.test/open;
    }
    location / {
        root html;
    }
--- request
GET /open/x
--- error_code: 307
--- response_headers
Location: https://repo.example.test/open/open/x
--- no_error_log
[error]



=== TEST 8: http level settings are inherited by every server
--- http_config
    pkg_reroute_rule all block { "**"; }
    pkg_reroute npm;
    pkg_reroute_use all;
--- config
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: all



=== TEST 9: a rule may be defined after the server that uses it
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_SECOND_PORT;
        pkg_reroute npm;
        pkg_reroute_use later;
    }
    pkg_reroute_rule later block { lodash; }
--- config
    pkg_reroute npm;
    pkg_reroute_use later;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: later



=== TEST 10: without a redirect target, allowed requests go on to the location
--- http_config
    pkg_reroute_rule some block { evil-*; }
--- config
    pkg_reroute npm;
    pkg_reroute_use some;
    location / {
        root html;
        add_header X-Decision "[$pkg_reroute_decision]";
    }
--- user_files
>>> lodash
static lodash
--- request
GET /lodash
--- response_body
static lodash
--- response_headers
X-Decision: [allow]
