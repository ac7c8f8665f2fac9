# Credentials in cache mode (pkg_reroute_client_credentials): a place with
# pkg_reroute and no pkg_reroute_redirect never sends the client's
# credential headers upstream; the upstream's credential is the operator's
# (proxy_set_header); a place that forwards the client's credentials never
# stores, nor serves from the cache, an answer to a credentialed request.
#
# The "public registry" is a server of the same nginx that echoes the
# credential headers it received (X-Got), stamps each answer with its own
# request id (X-Upstream-Id), and serves @acme/private only to the bearer
# of "user-secret" or "operator-token".
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry"
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $upstream = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkgs:1m;
    map $http_authorization $tst_entitled {
        "Bearer user-secret"      1;
        "Bearer operator-token"   1;
        default                   "";
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        default_type application/json;
        add_header X-Got "[$http_authorization|$http_proxy_authorization|$http_cookie|$http_npm_session|$http_x_registry_auth|$http_x_hf_token]" always;
        add_header X-Trace "[$http_x_trace]" always;
        add_header X-Upstream-Id $request_id always;
        location /@acme/ {
            if ($tst_entitled) {
                return 200 "{\"name\":\"@acme/private\",\"secret\":true}\n";
            }
            return 404 "{\"error\":\"Not found\"}\n";
        }
        location / {
            return 200 "{\"name\":\"lodash\"}\n";
        }
    }
_EOC_
    $block->set_value("http_config", $upstream . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: by default a cache-mode place sends none of the client's credential headers upstream; the others pass; $pkg_reroute_credentials stays empty
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Creds "[$pkg_reroute_credentials]" always;
    }
--- more_headers
Authorization: Bearer user-secret
Proxy-Authorization: Basic cHJveHk=
Cookie: session=1
Npm-Session: 0123456789abcdef
X-Registry-Auth: eyJ1c2VyIjoxfQ==
X-Hf-Token: hf_abc
X-Trace: kept
--- request
GET /@acme/private
--- error_code: 404
--- response_headers
X-Got: [|||||]
X-Trace: [kept]
X-Cache-Status: MISS
X-Creds: []
--- no_error_log
[error]



=== TEST 2: a credentialed request's answer is an anonymous one: what the user's credentials could read is never fetched, so never served to anyone
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private"]
--- more_headers eval
["Authorization: Bearer user-secret", ""]
--- error_code eval
[404, 404]
--- response_headers eval
["X-Got: [|||||]\nX-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body_like eval
["Not found", "Not found"]
--- no_error_log
[error]



=== TEST 3: the upstream's credential is the operator's (proxy_set_header), whatever the client sends; what it reads is cached for every user of the mirror
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer operator-token";
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private"]
--- more_headers eval
["Authorization: Bearer client-token\nCookie: a=b", ""]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Got: [Bearer operator-token|||||]\nX-Cache-Status: MISS", "X-Got: [Bearer operator-token|||||]\nX-Cache-Status: HIT"]
--- response_body eval
["{\"name\":\"\@acme/private\",\"secret\":true}\n", "{\"name\":\"\@acme/private\",\"secret\":true}\n"]
--- no_error_log
[error]



=== TEST 4: pkg_reroute_client_credentials forward: the client's credentials reach the upstream; with $pkg_reroute_credentials in proxy_cache_bypass and proxy_no_cache a credentialed answer is neither stored nor served from the cache
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_bypass $pkg_reroute_credentials;
        proxy_no_cache $pkg_reroute_credentials;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Creds "[$pkg_reroute_credentials]" always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private", "GET /\@acme/private", "GET /\@acme/private"]
--- more_headers eval
["Authorization: Bearer user-secret", "", "Authorization: Bearer user-secret", ""]
--- error_code eval
[200, 404, 200, 404]
--- response_headers eval
["X-Got: [Bearer user-secret|||||]\nX-Cache-Status: BYPASS\nX-Creds: [1]",
 "X-Got: [|||||]\nX-Cache-Status: MISS\nX-Creds: []",
 "X-Got: [Bearer user-secret|||||]\nX-Cache-Status: BYPASS\nX-Creds: [1]",
 "X-Cache-Status: HIT\nX-Creds: []"]
--- no_error_log
[error]



=== TEST 5: forward without proxy_no_cache: the module stores nothing a credentialed request fetched (the anonymous request after it is a MISS)
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private", "GET /\@acme/private"]
--- more_headers eval
["Cookie: session=user", "", ""]
--- error_code eval
[404, 404, 404]
--- response_headers eval
["X-Got: [||session=user|||]\nX-Cache-Status: MISS",
 "X-Got: [|||||]\nX-Cache-Status: MISS",
 "X-Cache-Status: HIT"]
--- no_error_log
[error]



=== TEST 6: forward with a private answer: the credentialed 200 is not stored, the anonymous request gets the registry's own 404
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /\@acme/private", "GET /\@acme/private"]
--- more_headers eval
["Authorization: Bearer user-secret", ""]
--- error_code eval
[200, 404]
--- response_headers eval
["X-Got: [Bearer user-secret|||||]\nX-Cache-Status: MISS",
 "X-Got: [|||||]\nX-Cache-Status: MISS"]
--- response_body_like eval
["secret", "Not found"]
--- no_error_log
[error]



=== TEST 7: forward without proxy_cache_bypass: a credentialed request that finds an answer in the cache is refused (502), never served it
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /lodash", "GET /lodash"]
--- more_headers eval
["", "Authorization: Bearer user-secret"]
--- error_code eval
[200, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT\n!X-Upstream-Id"]
--- response_body_like eval
["lodash", "credentials found its answer in the cache.*proxy_cache_bypass"]



=== TEST 8: a redirect-mode place is left alone: what it passes (a write) keeps the client's credentials
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_redirect https://repo.example.test/npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
    }
--- request
PUT /@acme/private
{}
--- more_headers
Authorization: Bearer user-secret
Content-Type: application/json
--- response_headers
X-Got: [Bearer user-secret|||||]
--- no_error_log
[error]



=== TEST 9: users sign in to the mirror with nginx's auth_basic; their Authorization opens the mirror and goes no further
--- user_files
>>> htpasswd
alice:{PLAIN}s3cret
--- config
    location / {
        auth_basic "package mirror";
        auth_basic_user_file ../html/htpasswd;
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /lodash", "GET /lodash", "GET /lodash"]
--- more_headers eval
["Authorization: Basic YWxpY2U6czNjcmV0", "", "Authorization: Basic YWxpY2U6d3Jvbmc="]
--- error_code eval
[200, 401, 401]
--- response_headers eval
["X-Got: [|||||]", "!X-Got", "!X-Got"]



=== TEST 10: a place without pkg_reroute is untouched
--- config
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
    }
--- request
GET /@acme/private
--- more_headers
Authorization: Bearer user-secret
--- error_code: 200
--- response_headers
X-Got: [Bearer user-secret|||||]



=== TEST 11: what a cache-mode place passes unrerouted (a publish) goes without the client's credentials too; publishing gets a place that forwards them
--- config
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /publish/ {
        pkg_reroute npm prefix=/publish;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["PUT /\@acme/private\n{}", "PUT /publish/\@acme/private\n{}"]
--- more_headers
Authorization: Bearer user-secret
Content-Type: application/json
--- error_code eval
[404, 200]
--- response_headers eval
["X-Got: [|||||]", "X-Got: [Bearer user-secret|||||]"]
--- no_error_log
[error]



=== TEST 12: a $http_ or $cookie_ variable read before the strip (set in the rewrite phase, a map) is read again after it: what the operator's proxy_set_header names from the request carries no credential the module removed
--- config
    location / {
        pkg_reroute npm;
        set $tst_early "$http_authorization|$cookie_session|$http_x_hf_token";
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header X-Trace "$http_authorization|$cookie_session|$http_x_hf_token|$http_x_other";
    }
--- more_headers
Authorization: Bearer user-secret
Cookie: session=1
X-Hf-Token: hf_abc
X-Other: kept
--- request
GET /lodash
--- error_code: 200
--- response_headers
X-Got: [|||||]
X-Trace: [|||kept]
--- no_error_log
[error]
