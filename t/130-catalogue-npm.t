# npm's endpoint catalogue (pr_eco_npm.c): every row's examples are
# known and rerouted or passed as the row says; what the catalogue does not
# hold is unknown and denied in npm's format — in block and allow mode,
# redirect and cache mode — and a package an unknown or write shape names
# is checked by the rule all the same.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_UPSTREAM_PORT  an upstream that answers "reached" to
#                                  anything: only what the module lets
#                                  through gets there
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

our $Upstream = <<'_EOC_';
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / {
            return 200 "reached $request_method $request_uri\n";
        }
    }
_EOC_

add_block_preprocessor(sub {
    my $block = shift;
    if (!defined $block->http_config) {
        $block->set_value("http_config", $Upstream);
    } else {
        $block->set_value("http_config", $block->http_config . $Upstream);
    }
});

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: redirect mode: the reads of every row are rerouted to their canonical paths
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
    }
--- request eval
["GET /express", "GET /\@types%2fnode/latest", "GET /express/-/express-4.18.2.tgz",
 "GET /-/package/\@types/node/dist-tags", "GET /-/npm/v1/attestations/\@sigstore%2fcli\@0.5.0",
 "GET /-/npm/v1/attestations/express\@4.18.2", "GET /-/v1/search?text=react",
 "GET /-/npm/v1/keys", "GET /-/ping?write=true", "GET /-/whoami", "GET /"]
--- error_code eval
[307, 307, 307, 307, 307, 307, 307, 307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/npm/express\nX-Vars: metadata|express||reroute",
 "Location: https://repo.example.test/npm/\@types%2fnode/latest\nX-Vars: metadata|\@types/node|latest|reroute",
 "Location: https://repo.example.test/npm/express/-/express-4.18.2.tgz\nX-Vars: artifact|express|4.18.2|reroute",
 "Location: https://repo.example.test/npm/-/package/\@types%2fnode/dist-tags\nX-Vars: metadata|\@types/node||reroute",
 "Location: https://repo.example.test/npm/-/npm/v1/attestations/\@sigstore%2fcli\@0.5.0\nX-Vars: metadata|\@sigstore/cli|0.5.0|reroute",
 "Location: https://repo.example.test/npm/-/npm/v1/attestations/express\@4.18.2\nX-Vars: metadata|express|4.18.2|reroute",
 "Location: https://repo.example.test/npm/-/v1/search?text=react\nX-Vars: api|||reroute",
 "Location: https://repo.example.test/npm/-/npm/v1/keys\nX-Vars: api|||reroute",
 "Location: https://repo.example.test/npm/-/ping?write=true\nX-Vars: api|||reroute",
 "Location: https://repo.example.test/npm/-/whoami\nX-Vars: api|||reroute",
 "Location: https://repo.example.test/npm/\nX-Vars: api|||reroute"]



=== TEST 2: redirect mode: the writes of every row reach the location's upstream, canonical path
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
["PUT /\@types/node\n{}", "DELETE /express/-rev/1-a", "DELETE /express/-/express-1.0.0.tgz/-rev/2-b",
 "PUT /-/package/express/dist-tags/beta\n\"1.0.0\"", "POST /-/package/\@types%2fnode/access\n{}",
 "POST /-/npm/v1/security/advisories/bulk\n{}", "POST /-/npm/v1/security/audits/quick\n{}",
 "POST /-/v1/login\n{}", "PUT /-/user/org.couchdb.user:alice\n{}", "DELETE /-/user/token/abc",
 "POST /-/npm/v1/tokens\n{}", "DELETE /-/npm/v1/tokens/token/abc", "PUT /-/org/acme/user\n{}",
 "PUT /-/team/acme/devs/package\n{}", "POST /-/npm/v1/hooks/hook\n{}",
 "POST /-/npm/v1/oidc/token/exchange/package/\@types%2fnode\n{}"]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]
--- response_body eval
["reached PUT /\@types%2fnode\n", "reached DELETE /express/-rev/1-a\n",
 "reached DELETE /express/-/express-1.0.0.tgz/-rev/2-b\n",
 "reached PUT /-/package/express/dist-tags/beta\n", "reached POST /-/package/\@types%2fnode/access\n",
 "reached POST /-/npm/v1/security/advisories/bulk\n", "reached POST /-/npm/v1/security/audits/quick\n",
 "reached POST /-/v1/login\n", "reached PUT /-/user/org.couchdb.user:alice\n",
 "reached DELETE /-/user/token/abc\n", "reached POST /-/npm/v1/tokens\n", "reached DELETE /-/npm/v1/tokens/token/abc\n",
 "reached PUT /-/org/acme/user\n", "reached PUT /-/team/acme/devs/package\n",
 "reached POST /-/npm/v1/hooks/hook\n",
 "reached POST /-/npm/v1/oidc/token/exchange/package/\@types%2fnode\n"]



=== TEST 3: unknown shapes are denied in redirect mode, in npm's format, and logged at info
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /-/all", "GET /-/all/since?startkey=1", "GET /-/v1/search/extra", "GET /-/npm/v2/anything",
 "GET /-/package/express/unknown", "GET /-/npm/v1/attestations/express\@1.0.0/extra",
 "GET /-/_view/byUser", "GET /-/npm/v1/security/advisories/bulk", "OPTIONS /express", "PATCH /express\n{}",
 "DELETE /express", "POST /express/-/express-1.0.0.tgz\n{}", "GET /-/user/alice/extra/more"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Vars: |unknown", "X-Vars: |unknown", "X-Vars: |unknown", "X-Vars: |unknown",
 "X-Vars: express|unknown", "X-Vars: |unknown", "X-Vars: |unknown", "X-Vars: |unknown",
 "X-Vars: express|unknown", "X-Vars: express|unknown", "X-Vars: express|unknown",
 "X-Vars: express|unknown", "X-Vars: |unknown"]
--- response_body_like eval
[qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: method not served at this endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: method not served at this endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: method not served at this endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: method not served at this endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: method not served at this endpoint"\}$/,
 qr/^\{"error":"not a known npm endpoint: no such endpoint"\}$/]
--- error_log
[info]
pkg reroute: not a known npm endpoint
--- no_error_log
[error]



=== TEST 4: a blocked package named by an attestation, a dist-tag write, an access change or an unknown shape is blocked
--- http_config
    pkg_reroute_rule npm_block block { lodash; "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /-/npm/v1/attestations/lodash\@4.17.21", "GET /-/npm/v1/attestations/\@evil%2fpkg\@1.0.0",
 "HEAD /lodash", "GET /-/package/lodash/unknown", "OPTIONS /\@evil/pkg",
 "GET /-/package/\@evil/pkg/collaborators"]
--- error_code eval
[403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Vars: lodash|block", "X-Vars: \@evil/pkg|block", "X-Vars: lodash|block",
 "X-Vars: lodash|block", "X-Vars: \@evil/pkg|block", "X-Vars: \@evil/pkg|block"]



=== TEST 5: allow mode: unknown shapes are denied, even with pkg_reroute_unknown pass; name-less known ones pass
--- http_config
    pkg_reroute_rule npm_allow allow { express; }
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
["GET /-/all", "GET /-/package/express/unknown", "GET /-/npm/v1/attestations/lodash\@1.0.0",
 "GET /-/v1/search?text=x", "GET /express"]
--- error_code eval
[403, 403, 403, 307, 307]
--- response_headers eval
["X-Vars: |unknown", "X-Vars: express|unknown", "X-Vars: lodash|block",
 "X-Vars: |reroute", "X-Vars: express|reroute"]



=== TEST 6: cache mode: nothing unknown reaches the upstream, in block and allow mode
--- http_config
    pkg_reroute_rule npm_allow allow { express; }
--- config
    pkg_reroute npm;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
    location /allow/ {
        pkg_reroute npm prefix=/allow;
        pkg_reroute_use npm_allow;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /-/all", "GET /-/package/express/unknown", "GET /express/-/x", "OPTIONS /express",
 "GET /allow/-/all", "GET /allow/-/package/express/unknown", "GET /express", "GET /allow/express"]
--- error_code eval
[403, 403, 400, 403, 403, 403, 200, 200]
--- response_body_like eval
[qr/not a known npm endpoint/, qr/not a known npm endpoint/, qr/invalid npm request/,
 qr/not a known npm endpoint/, qr/not a known npm endpoint/, qr/not a known npm endpoint/,
 qr/^reached GET \/express$/, qr/^reached GET \/express$/]



=== TEST 7: pkg_reroute_unknown pass in block mode: an unknown shape goes on to the location
--- config
    pkg_reroute npm;
    pkg_reroute_unknown pass;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request
GET /-/all
--- error_code: 200
--- response_headers
X-Vars: pass
--- response_body
reached GET /-/all
