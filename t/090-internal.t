# The dependency-confusion guard and resolution order, from nginx pieces:
# a local directory of internal packages first (try_files), then the cache,
# then the upstream; names matching the internal rule are never requested
# upstream (404 when they are not found locally). The public registry is
# 127.0.0.1:$TEST_NGINX_REGISTRY_PORT; it names every package it is asked
# for.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_REGISTRY_PORT  the public registry
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=npm:1m;
    pkg_reroute_rule internal-names block { "corp-*"; "@corp/*"; }
    pkg_reroute_rule public-policy block { event-stream; }
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        default_type application/json;
        location / {
            return 200 '{"name":"public $uri"}';
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    $block->set_value("config", <<'_EOC_');
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use public-policy;
        root html/internal;
        default_type application/json;
        add_header X-Source local;
        try_files $uri @npm_upstream;
    }

    location @npm_upstream {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use internal-names;
        pkg_reroute_block_status 404;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache npm;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Source upstream;
        add_header X-Cache-Status $upstream_cache_status always;
    }
_EOC_
});

run_tests();

__DATA__

=== TEST 1: an internal package found locally is served from the local directory
--- user_files
>>> internal/npm/corp-lib
{"name":"corp-lib","internal":true}
--- request
GET /npm/corp-lib
--- error_code: 200
--- response_headers
X-Source: local
--- response_body
{"name":"corp-lib","internal":true}



=== TEST 2: an internal name not found locally is never requested upstream: 404
--- request eval
["GET /npm/corp-secret", "GET /npm/\@corp%2Fsecret", "GET /npm/CORP-Secret/-/corp-secret-9.9.9.tgz"]
--- error_code eval
[404, 404, 404]
--- response_body eval
["{\"error\":\"package \\\"corp-secret\\\" is blocked by rule \\\"internal-names\\\" (pattern \\\"corp-*\\\")\"}\n",
 "{\"error\":\"package \\\"\@corp/secret\\\" is blocked by rule \\\"internal-names\\\" (pattern \\\"\@corp/*\\\")\"}\n",
 "{\"error\":\"package \\\"corp-secret\\\" is blocked by rule \\\"internal-names\\\" (pattern \\\"corp-*\\\")\"}\n"]
--- response_headers eval
["X-Pkg-Reroute-Rule: internal-names", "X-Pkg-Reroute-Rule: internal-names", "X-Pkg-Reroute-Rule: internal-names"]



=== TEST 3: a public package comes from the upstream, then from the cache
--- request eval
["GET /npm/lodash", "GET /npm/lodash"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Source: upstream\nX-Cache-Status: MISS", "X-Source: upstream\nX-Cache-Status: HIT"]
--- response_body eval
['{"name":"public /lodash"}', '{"name":"public /lodash"}']



=== TEST 4: the public policy still applies before anything is looked up
--- request
GET /npm/event-stream
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: public-policy
