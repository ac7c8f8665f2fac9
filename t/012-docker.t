# Docker registry v2 (OCI distribution): the version check, manifests by
# tag and by digest, blobs, tag lists, referrers; official images get
# "library/"; the variables; name spellings; denials in the registry's
# {"errors":[...]} format (DENIED, NAME_UNKNOWN for 404, NAME_INVALID for
# 400); allow rules; and pushes passing through to the upstream. The
# catalogue itself (every row, unknown shapes and methods) is
# t/132-catalogue-docker.t.
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

=== TEST 1: the version check names nothing; GET and HEAD are redirected
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/", "GET /v2", "HEAD /v2/", "GET /v2/_catalog?n=100"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/
X-Vars: api||||reroute",
"Location: https://repo.example.test/docker/v2/
X-Vars: api||||reroute",
"Location: https://repo.example.test/docker/v2/
X-Vars: api||||reroute",
"Location: https://repo.example.test/docker/v2/_catalog?n=100
X-Vars: api||||reroute"]
--- no_error_log
[error]



=== TEST 2: an official image's manifest by tag: "library/" goes in front
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["HEAD /v2/redis/manifests/7.2", "GET /v2/redis/manifests/7.2", "GET /v2/library/redis/manifests/7.2-alpine", "HEAD /v2/library/redis/manifests/7.2?ns=docker.io"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/library/redis/manifests/7.2
X-Vars: metadata|library/redis|7.2||reroute",
"Location: https://repo.example.test/docker/v2/library/redis/manifests/7.2
X-Vars: metadata|library/redis|7.2||reroute",
"Location: https://repo.example.test/docker/v2/library/redis/manifests/7.2-alpine
X-Vars: metadata|library/redis|7.2-alpine||reroute",
"Location: https://repo.example.test/docker/v2/library/redis/manifests/7.2
X-Vars: metadata|library/redis|7.2||reroute"]
--- no_error_log
[error]



=== TEST 3: namespaced and nested repository names are kept as they are
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/bitnami/redis/manifests/latest", "GET /v2/org/team/app/manifests/v1.0.0", "GET /v2/my.org/re-dis/manifests/_build"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/bitnami/redis/manifests/latest
X-Vars: metadata|bitnami/redis|latest||reroute",
"Location: https://repo.example.test/docker/v2/org/team/app/manifests/v1.0.0
X-Vars: metadata|org/team/app|v1.0.0||reroute",
"Location: https://repo.example.test/docker/v2/my.org/re-dis/manifests/_build
X-Vars: metadata|my.org/re-dis|_build||reroute"]
--- no_error_log
[error]



=== TEST 4: a manifest by digest is an artifact; the digest is its version
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/redis/manifests/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
"HEAD /v2/bitnami/redis/manifests/sha512:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/library/redis/manifests/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
X-Vars: artifact|library/redis|sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef||reroute",
"Location: https://repo.example.test/docker/v2/bitnami/redis/manifests/sha512:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
X-Vars: artifact|bitnami/redis|sha512:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff||reroute"]
--- no_error_log
[error]



=== TEST 5: blobs are artifacts; the digest is the file
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/redis/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
"HEAD /v2/bitnami/redis/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/library/redis/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
X-Vars: artifact|library/redis||sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|reroute",
"Location: https://repo.example.test/docker/v2/bitnami/redis/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
X-Vars: artifact|bitnami/redis||sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|reroute"]
--- no_error_log
[error]



=== TEST 6: tag lists and referrers are metadata; their queries are kept
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/redis/tags/list", "GET /v2/redis/tags/list?n=10&last=7.0", "GET /v2/redis/referrers/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef?artifactType=application%2Fvnd.example%2Bjson"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/library/redis/tags/list
X-Vars: metadata|library/redis|||reroute",
"Location: https://repo.example.test/docker/v2/library/redis/tags/list?n=10&last=7.0
X-Vars: metadata|library/redis|||reroute",
"Location: https://repo.example.test/docker/v2/library/redis/referrers/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef?artifactType=application%2Fvnd.example%2Bjson
X-Vars: metadata|library/redis|sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef||reroute"]
--- no_error_log
[error]



=== TEST 7: the separators the distribution spec allows inside a component
--- config
    pkg_reroute docker;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/re.dis/manifests/1", "GET /v2/re_dis/manifests/1", "GET /v2/re__dis/manifests/1", "GET /v2/re---dis/manifests/1", "GET /v2/0rg/1mage/manifests/1"]
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/library/re.dis/manifests/1",
"Location: https://repo.example.test/docker/v2/library/re_dis/manifests/1",
"Location: https://repo.example.test/docker/v2/library/re__dis/manifests/1",
"Location: https://repo.example.test/docker/v2/library/re---dis/manifests/1",
"Location: https://repo.example.test/docker/v2/0rg/1mage/manifests/1"]
--- no_error_log
[error]



=== TEST 8: $pkg_reroute_ecosystem, and $pkg_reroute_uri: the canonical path and query
--- config
    pkg_reroute docker;
    location / {
        return 200 "$pkg_reroute_ecosystem $pkg_reroute_uri\n";
    }
--- request eval
["GET /v2/redis/tags/list?n=5", "GET /v2/library%2Fredis/manifests/7"]
--- error_code eval
[200, 200]
--- response_body eval
["docker /v2/library/redis/tags/list?n=5\n", "docker /v2/library/redis/manifests/7\n"]



=== TEST 9: a blocked image: 403 and the registry's DENIED error
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request
GET /v2/nginx/manifests/latest
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: docker_block
X-Pkg-Reroute-Pattern: library/nginx
Content-Type: application/json
!Location
--- response_body
{"errors":[{"code":"DENIED","message":"package \"library/nginx\" is blocked by rule \"docker_block\" (pattern \"library/nginx\")","detail":null}]}
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "library/nginx")



=== TEST 10: blocked: the short name, the library/ name and their encodings are one image
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/library/nginx/manifests/latest", "GET /v2/library%2Fnginx/manifests/latest", "GET /v2/library%2fnginx/manifests/latest", "GET /v2/%6Eginx/manifests/latest", "GET /v2/ngin%78/manifests/latest"]
--- error_code eval
[403, 403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: library/nginx
X-Vars: library/nginx|block",
"X-Pkg-Reroute-Pattern: library/nginx
X-Vars: library/nginx|block",
"X-Pkg-Reroute-Pattern: library/nginx
X-Vars: library/nginx|block",
"X-Pkg-Reroute-Pattern: library/nginx
X-Vars: library/nginx|block",
"X-Pkg-Reroute-Pattern: library/nginx
X-Vars: library/nginx|block"]
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "library/nginx")



=== TEST 11: blocked: dot segments and empty segments
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/x/../nginx/manifests/latest", "GET //v2//nginx//manifests//latest", "GET /v2/./library/./nginx/manifests/latest", "GET /v2/redis/%2e%2e/nginx/manifests/latest"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: library/nginx", "X-Pkg-Reroute-Pattern: library/nginx", "X-Pkg-Reroute-Pattern: library/nginx", "X-Pkg-Reroute-Pattern: library/nginx"]
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "library/nginx")



=== TEST 12: blocked: every kind of read of the image
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/nginx/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
"GET /v2/nginx/manifests/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
"GET /v2/nginx/tags/list",
"GET /v2/nginx/referrers/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
["X-Vars: artifact|library/nginx|block", "X-Vars: artifact|library/nginx|block", "X-Vars: metadata|library/nginx|block", "X-Vars: metadata|library/nginx|block"]
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "library/nginx")



=== TEST 13: HEAD of a blocked manifest (docker pull's first request): 403
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request
HEAD /v2/nginx/manifests/latest
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: docker_block
X-Pkg-Reroute-Pattern: library/nginx
Content-Type: application/json
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "library/nginx")



=== TEST 14: "**" blocks a whole namespace, nested names included
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/evilcorp/miner/manifests/latest", "GET /v2/evilcorp/team/miner/manifests/latest", "GET /v2/evilcorp/miner/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]
--- error_code eval
[403, 403, 403]
--- response_body eval
["{\"errors\":[{\"code\":\"DENIED\",\"message\":\"package \\\"evilcorp/miner\\\" is blocked by rule \\\"docker_block\\\" (pattern \\\"evilcorp/**\\\")\",\"detail\":null}]}\n",
"{\"errors\":[{\"code\":\"DENIED\",\"message\":\"package \\\"evilcorp/team/miner\\\" is blocked by rule \\\"docker_block\\\" (pattern \\\"evilcorp/**\\\")\",\"detail\":null}]}\n",
"{\"errors\":[{\"code\":\"DENIED\",\"message\":\"package \\\"evilcorp/miner\\\" is blocked by rule \\\"docker_block\\\" (pattern \\\"evilcorp/**\\\")\",\"detail\":null}]}\n"]
--- error_log
is blocked by rule "docker_block" (pattern "evilcorp/**")



=== TEST 15: the denial is logged with the canonical name and the pattern
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request
GET /v2/evilcorp/miner/manifests/latest
--- error_code: 403
--- error_log
pkg reroute: package "evilcorp/miner" is blocked by rule "docker_block" (pattern "evilcorp/**")



=== TEST 16: neighbours of blocked names are not blocked
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/nginxinc/nginx-unprivileged/manifests/latest", "GET /v2/nginx-extra/manifests/latest", "GET /v2/bitnami/nginx/manifests/latest", "GET /v2/evilcorpx/miner/manifests/latest"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/nginxinc/nginx-unprivileged/manifests/latest",
"Location: https://repo.example.test/docker/v2/library/nginx-extra/manifests/latest",
"Location: https://repo.example.test/docker/v2/bitnami/nginx/manifests/latest",
"Location: https://repo.example.test/docker/v2/evilcorpx/miner/manifests/latest"]
--- no_error_log
[error]



=== TEST 17: patterns are normalised to lower case like the names
--- http_config
    pkg_reroute_rule docker_block block { Library/NGINX; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request
GET /v2/nginx/manifests/1.25
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: Library/NGINX
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "Library/NGINX")



=== TEST 18: pkg_reroute_block_status 404: NAME_UNKNOWN
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_block_status 404;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request
GET /v2/library/nginx/manifests/latest
--- error_code: 404
--- response_headers
X-Pkg-Reroute-Rule: docker_block
X-Pkg-Reroute-Pattern: library/nginx
Content-Type: application/json
--- response_body
{"errors":[{"code":"NAME_UNKNOWN","message":"package \"library/nginx\" is blocked by rule \"docker_block\" (pattern \"library/nginx\")","detail":null}]}
--- error_log
pkg reroute: package "library/nginx" is blocked by rule "docker_block" (pattern "library/nginx")



=== TEST 19: allow rule: an image it does not list is DENIED, without a pattern
--- http_config
    pkg_reroute_rule docker_allow allow { library/redis; "myorg/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /v2/alpine/manifests/3.19
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: docker_allow
!X-Pkg-Reroute-Pattern
X-Vars: library/alpine|block|docker_allow|
Content-Type: application/json
--- response_body
{"errors":[{"code":"DENIED","message":"package \"library/alpine\" is not allowed by rule \"docker_allow\"","detail":null}]}
--- error_log
pkg reroute: package "library/alpine" is not allowed by rule "docker_allow"



=== TEST 20: allow rule: listed images are redirected, others denied
--- http_config
    pkg_reroute_rule docker_allow allow { library/redis; "myorg/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request eval
["GET /v2/bitnami/redis/manifests/7", "GET /v2/redis/manifests/7", "GET /v2/myorg/team/app/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "GET /v2/library/redis-stack/manifests/7"]
--- error_code eval
[403, 307, 307, 403]
--- response_headers eval
["X-Vars: bitnami/redis|block|docker_allow|",
"Location: https://repo.example.test/docker/v2/library/redis/manifests/7
X-Vars: library/redis|reroute|docker_allow|library/redis",
"Location: https://repo.example.test/docker/v2/myorg/team/app/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
X-Vars: myorg/team/app|reroute|docker_allow|myorg/**",
"X-Vars: library/redis-stack|block|docker_allow|"]



=== TEST 21: allow rule: an image it does not list is denied, and the denial is logged
--- http_config
    pkg_reroute_rule docker_allow allow { library/redis; "myorg/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /v2/bitnami/redis/manifests/7
--- error_code: 403
--- response_headers
X-Vars: bitnami/redis|block|docker_allow|
--- error_log
pkg reroute: package "bitnami/redis" is not allowed by rule "docker_allow"



=== TEST 22: requests that name no image pass an allow rule that matches nothing
--- http_config
    pkg_reroute_rule nothing allow { no/such/image; }
--- config
    pkg_reroute docker;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/redis/manifests/7", "GET /v2/", "HEAD /v2/", "GET /v2/_catalog"]
--- error_code eval
[403, 307, 307, 307]
--- response_headers eval
["X-Vars: metadata|library/redis|block",
"Location: https://repo.example.test/docker/v2/
X-Vars: api||reroute",
"Location: https://repo.example.test/docker/v2/
X-Vars: api||reroute",
"Location: https://repo.example.test/docker/v2/_catalog
X-Vars: api||reroute"]



=== TEST 23: an allow rule that matches nothing denies an image, and logs it
--- http_config
    pkg_reroute_rule nothing allow { no/such/image; }
--- config
    pkg_reroute docker;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /v2/redis/manifests/7
--- error_code: 403
--- response_headers
X-Vars: metadata|library/redis|block
--- error_log
pkg reroute: package "library/redis" is not allowed by rule "nothing"



=== TEST 24: an upper-case name is invalid: 400 NAME_INVALID, also under an allow rule
--- http_config
    pkg_reroute_rule docker_allow allow { "**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v2/Nginx/manifests/latest", "GET /v2/NGINX/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "GET /v2/Library/redis/tags/list"]
--- error_code eval
[400, 400, 400]
--- response_headers eval
["Content-Type: application/json
X-Vars: |invalid
!X-Pkg-Reroute-Rule
!Location",
"X-Vars: |invalid", "X-Vars: |invalid"]
--- response_body eval
["{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"invalid docker request: invalid repository name\",\"detail\":null}]}\n",
"{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"invalid docker request: invalid repository name\",\"detail\":null}]}\n",
"{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"invalid docker request: invalid repository name\",\"detail\":null}]}\n"]
--- error_log
pkg reroute: invalid docker request: invalid repository name
--- no_error_log
[error]



=== TEST 25: name components the distribution spec does not allow: 400 NAME_INVALID
--- http_config
    pkg_reroute_rule docker_allow allow { "**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/re___dis/manifests/1", "GET /v2/-redis/manifests/1", "GET /v2/redis-/manifests/1", "GET /v2/re..dis/manifests/1", "GET /v2/re.-dis/manifests/1", "GET /v2/re%20dis/manifests/1", "GET /v2/a/" . ("b" x 255) . "/manifests/1"]
--- error_code eval
[400, 400, 400, 400, 400, 400, 400]
--- response_body_like eval
['"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"']
--- no_error_log
[error]



=== TEST 26: the invalid name components are logged as such
--- http_config
    pkg_reroute_rule docker_allow allow { "**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/re___dis/manifests/1", "GET /v2/-redis/manifests/1", "GET /v2/redis-/manifests/1", "GET /v2/re..dis/manifests/1", "GET /v2/re.-dis/manifests/1", "GET /v2/re%20dis/manifests/1"]
--- error_code eval
[400, 400, 400, 400, 400, 400]
--- response_body_like eval
['"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"', '"code":"NAME_INVALID"']
--- error_log
pkg reroute: invalid docker request: invalid repository name
--- no_error_log
[error]



=== TEST 27: registry paths and digests that cannot be parsed: 400 in the registry's error format
--- http_config
    pkg_reroute_rule docker_allow allow { "**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/redis/manifests/.hidden", "GET /v2/redis/blobs/notadigest", "GET /v2/manifests/latest", "GET /v2/redis/manifests/" . ("t" x 129), "GET /v2/redis/blobs/sha256:00ff", "GET /v2/redis/blobs/sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"]
--- error_code eval
[400, 400, 400, 400, 400, 400]
--- response_body_like eval
['^\{"errors":\[\{"code":"[A-Z_]+","message":"invalid docker request: invalid manifest reference","detail":null\}\]\}$',
'^\{"errors":\[\{"code":"[A-Z_]+","message":"invalid docker request: invalid digest","detail":null\}\]\}$',
'^\{"errors":\[\{"code":"[A-Z_]+","message":"invalid docker request: unknown registry path","detail":null\}\]\}$',
'^\{"errors":\[\{"code":"[A-Z_]+","message":"invalid docker request: invalid manifest reference","detail":null\}\]\}$',
'^\{"errors":\[\{"code":"[A-Z_]+","message":"invalid docker request: [^"]*digest[^"]*","detail":null\}\]\}$',
'^\{"errors":\[\{"code":"[A-Z_]+","message":"invalid docker request: [^"]*digest[^"]*","detail":null\}\]\}$']
--- no_error_log
[error]



=== TEST 28: a registry path without its repository name is invalid, and logged as such; a path no registry serves is unknown
--- http_config
    pkg_reroute_rule docker_allow allow { "**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        root html;
    }
--- request eval
["GET /v2/manifests/latest", "GET /v2/redis/foo"]
--- error_code eval
[400, 403]
--- response_body_like eval
['^\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: unknown registry path","detail":null\}\]\}$',
'^\{"errors":\[\{"code":"DENIED","message":"not a known docker endpoint: no such endpoint","detail":null\}\]\}$']
--- error_log eval
qr/\[info\] .*(?:pkg reroute: invalid docker request: unknown registry path, .*"GET \/v2\/manifests\/latest |not a known docker endpoint: no such endpoint, .*"GET \/v2\/redis\/foo )/
--- no_error_log
[error]



=== TEST 29: a push's blob upload (POST) of an image the rule does not block reaches the upstream untouched
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "othercorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
POST /v2/nginx/blobs/uploads/
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 77
--- tcp_query eval
"POST /v2/nginx/blobs/uploads/ HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 202 Accepted\r\nDocker-Upload-UUID: u1\r\nContent-Length: 0\r\n\r\n"
--- error_code: 202
--- response_headers
X-Vars: write|library/nginx|pass
Docker-Upload-UUID: u1
--- no_error_log
[error]



=== TEST 30: a push's manifest (PUT) of an image the rule does not block reaches the upstream untouched
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "othercorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
PUT /v2/evilcorp/miner/manifests/latest
{"schemaVersion":2}
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 126
--- tcp_query eval
"PUT /v2/evilcorp/miner/manifests/latest HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 19\r
\r
{\"schemaVersion\":2}"
--- tcp_reply eval
"HTTP/1.0 201 Created\r\nContent-Length: 0\r\n\r\n"
--- error_code: 201
--- response_headers
X-Vars: write|evilcorp/miner|pass
--- no_error_log
[error]



=== TEST 31: a chunk of an upload (PATCH) passes through with its query
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "othercorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
PATCH /v2/nginx/blobs/uploads/u1?_state=abc
0123456789
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 121
--- tcp_query eval
"PATCH /v2/nginx/blobs/uploads/u1?_state=abc HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 10\r
\r
0123456789"
--- tcp_reply eval
"HTTP/1.0 202 Accepted\r\nContent-Length: 0\r\n\r\n"
--- error_code: 202
--- response_headers
X-Vars: write|library/nginx|pass
--- no_error_log
[error]



=== TEST 32: without a redirect target an allowed pull goes on to the upstream as sent
--- http_config
    pkg_reroute_rule docker_block block { library/nginx; "evilcorp/**"; }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /v2/redis/manifests/7.2
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 75
--- tcp_query eval
"GET /v2/redis/manifests/7.2 HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{}\n"
--- error_code: 200
--- response_headers
X-Vars: metadata|library/redis|allow
--- response_body
{}
--- no_error_log
[error]
