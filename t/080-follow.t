# Upstream redirects followed inside nginx (Docker Hub blobs to a CDN,
# Hugging Face LFS files, GitHub archives to codeload), cached under the
# original request's key, with no Authorization sent to the other host.
# 127.0.0.1:$TEST_NGINX_REGISTRY_PORT is the registry (it redirects blobs
# and records the Authorization it got); 127.0.0.1:$TEST_NGINX_CDN_PORT is
# the CDN (it answers with the Authorization it got, if any).
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_REGISTRY_PORT  the registry (redirects blobs to the CDN)
#   P+2  TEST_NGINX_CDN_PORT       the CDN
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_CDN_PORT}      = $port + 2;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=blobs:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        location / {
            add_header X-Registry-Auth "[$http_authorization]" always;
            return 307 http://127.0.0.1:$TEST_NGINX_CDN_PORT/cdn$uri?sig=abc;
        }
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_CDN_PORT;
        location / {
            default_type application/octet-stream;
            add_header X-CDN-Auth "[$http_authorization]" always;
            return 200 "layer bytes for $uri\n";
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: a blob's redirect is followed, cached under the original key, and no Authorization reaches the CDN
--- config
    pkg_reroute docker;
    proxy_cache blobs;
    proxy_cache_key $pkg_reroute_cache_key;
    add_header X-Cache-Status $upstream_cache_status always;

    location /v2/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer configured-token";
        proxy_intercept_errors on;
        error_page 301 302 303 307 308 = @follow;
    }

    location @follow {
        set $pkg_follow $upstream_http_location;
        proxy_pass $pkg_follow;
        proxy_set_header Authorization "";
    }
--- more_headers
Authorization: Bearer client-token
--- request eval
["GET /v2/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-CDN-Auth: []\nX-Cache-Status: MISS", "X-CDN-Auth: []\nX-Cache-Status: HIT"]
--- response_body eval
["layer bytes for /cdn/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222\n",
 "layer bytes for /cdn/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222\n"]



=== TEST 2: the registry itself gets the configured credentials
--- config
    pkg_reroute docker;

    location /v2/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer configured-token";
    }
--- request
GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 307
--- response_headers
X-Registry-Auth: [Bearer configured-token]



=== TEST 3: strict mode refuses to follow: nothing is fetched from the CDN
--- config
    pkg_reroute docker;
    pkg_reroute_strict on;

    location /v2/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 502
--- response_headers
!Location
!X-CDN-Auth
--- response_body_like: strict mode fetches from nowhere but the upstream
