# Red team: what a client could send to get a package the rule refuses.
# Each block names the request that showed a bypass; the module must
# refuse it, in redirect mode and in cache mode (a location of the same
# server stands for the registry and echoes what it received).
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_UPSTREAM_PORT  the registry a block stands up
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();

run_tests();

__DATA__

=== TEST 1: X-Original-URL and X-Rewrite-URL (IIS, Symfony, Zend read the path from them) are refused: the path checked would not be the path served
--- http_config
    pkg_reroute_rule npm_block block { lodash; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upstream got $request_uri\n"; }
    }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
["GET /express", "GET /express", "GET /express", "GET /express"]
--- more_headers eval
["X-Original-URL: /lodash", "X-Rewrite-URL: /lodash",
 "x-original-url: /lodash/-/lodash-4.17.21.tgz", "Accept: */*"]
--- error_code eval
[400, 400, 400, 200]
--- response_body eval
["{\"error\":\"invalid npm request: the path given in a header\"}\n",
 "{\"error\":\"invalid npm request: the path given in a header\"}\n",
 "{\"error\":\"invalid npm request: the path given in a header\"}\n",
 "upstream got /express\n"]



=== TEST 2: X-Original-URL in redirect mode is refused too
--- http_config
    pkg_reroute_rule npm_block block { lodash; }
--- config
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request
GET /express
--- more_headers
X-Original-URL: /lodash
--- error_code: 400
--- response_body
{"error":"invalid npm request: the path given in a header"}



=== TEST 3: with underscores_in_headers on, X_HTTP_Method_Override (CGI and Rack read it as X-HTTP-Method-Override) is refused, as X_Original_URL is
--- http_config
    underscores_in_headers on;
    pkg_reroute_rule npm_block block { lodash; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upstream got $request_method $request_uri\n"; }
    }
--- config
    underscores_in_headers on;
    pkg_reroute npm;
    pkg_reroute_use npm_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
["GET /express", "GET /express", "GET /express"]
--- more_headers eval
["X_HTTP_Method_Override: DELETE", "x_method-override: PUT",
 "X_Original_URL: /lodash"]
--- error_code eval
[400, 400, 400]
--- response_body eval
["{\"error\":\"invalid npm request: method override\"}\n",
 "{\"error\":\"invalid npm request: method override\"}\n",
 "{\"error\":\"invalid npm request: the path given in a header\"}\n"]



=== TEST 4: files GitHub and GitLab serve by opaque id or below a reserved word (issue attachments, legacy Downloads, GitLab uploads, group uploads and snippets) name no repository: unknown, never passed as the raw host's "owner/repo" under a block rule
--- http_config
    pkg_reroute_rule gh_block block { evil/*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upstream got $request_uri\n"; }
    }
--- config
    pkg_reroute github;
    pkg_reroute_use gh_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /user-attachments/files/123/evil-1.0.zip",
 "GET /-/project/1/uploads/0123abcd/evil-1.0.tgz",
 "GET /-/snippets/1/raw/main/evil.py",
 "GET /uploads/-/system/personal_snippet/1/0123abcd/evil.tgz",
 "GET /downloads/evil/repo/evil-1.0.tgz",
 "GET /groups/evil/-/uploads/0123abcd/evil-1.0.tgz",
 "GET /good/repo/main/README.md"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 200]
--- response_body eval
["not a known github endpoint: no such endpoint\n",
 "not a known github endpoint: no such endpoint\n",
 "not a known github endpoint: no such endpoint\n",
 "not a known github endpoint: no such endpoint\n",
 "not a known github endpoint: no such endpoint\n",
 "not a known github endpoint: no such endpoint\n",
 "upstream got /good/repo/main/README.md\n"]
