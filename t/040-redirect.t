# The redirect: status, Location (base + canonical path + query), nginx's
# own redirect body, absolute_redirect honoured.
use Test::Nginx::Socket 'no_plan';

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: 307 by default, query kept as sent
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/api/npm/npm-remote;
    location / {
        root html;
    }
--- request
GET /lodash?write=true&a=%20b
--- error_code: 307
--- response_headers
Location: https://repo.example.test/api/npm/npm-remote/lodash?write=true&a=%20b
Content-Type: text/html
--- response_body_like: 307 Temporary Redirect



=== TEST 2: 302 when asked
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm 302;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 302
--- response_headers
Location: https://repo.example.test/npm/lodash



=== TEST 3: 308 when asked
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm 308;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 308
--- response_headers
Location: https://repo.example.test/npm/lodash



=== TEST 4: trailing slashes of the base are not doubled
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm///;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 307
--- response_headers
Location: https://repo.example.test/npm/lodash



=== TEST 5: the Location carries the checked, canonical path, never a raw variant
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
[
 "GET /x/../lodash",
 "GET /%6codash",
 "GET //lodash",
 "GET /\@Types%2FNode",
 "GET /\@types/node/-/node-20.1.0.tgz",
 "GET /lodash/./-/lodash-4.17.21.tgz",
]
--- error_code eval
[307, 307, 307, 307, 307, 307]
--- response_headers eval
[
 "Location: https://repo.example.test/npm/lodash",
 "Location: https://repo.example.test/npm/lodash",
 "Location: https://repo.example.test/npm/lodash",
 "Location: https://repo.example.test/npm/\@Types%2fNode",
 "Location: https://repo.example.test/npm/\@types/node/-/node-20.1.0.tgz",
 "Location: https://repo.example.test/npm/lodash/-/lodash-4.17.21.tgz",
]



=== TEST 6: a relative base follows absolute_redirect off
--- config
    absolute_redirect off;
    pkg_reroute npm;
    pkg_reroute_redirect /mirror/npm;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 307
--- response_headers
Location: /mirror/npm/lodash



=== TEST 7: a relative base is made absolute by nginx by default
--- config
    pkg_reroute npm;
    pkg_reroute_redirect /mirror/npm;
    location / {
        root html;
    }
--- request
GET /lodash
--- error_code: 307
--- response_headers_like
Location: http://localhost(:\d+)?/mirror/npm/lodash



=== TEST 8: "pkg_reroute_redirect off" in a location: allowed requests go on
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location /local/ {
        pkg_reroute_redirect off;
        root html;
        add_header X-Decision "$pkg_reroute_decision";
    }
    location / {
        root html;
    }
--- user_files
>>> local/pkg
local copy
--- request
GET /local/pkg
--- response_body
local copy
--- response_headers
X-Decision: allow



=== TEST 9: a location's own target overrides the server's
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/server;
    location /internal/ {
        pkg_reroute_redirect https://repo.example.test/loc 302;
    }
    location / {
        root html;
    }
--- request eval
["GET /internal/pkg", "GET /pkg"]
--- error_code eval
[302, 307]
--- response_headers eval
["Location: https://repo.example.test/loc/internal/pkg", "Location: https://repo.example.test/server/pkg"]



=== TEST 10: a request body is read and dropped before the redirect
--- config
    pkg_reroute npm;
    pkg_reroute_methods GET HEAD POST;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
    }
--- request eval
["POST /-/npm/v1/security/audits/quick\n" . ("x" x 100000), "GET /lodash"]
--- error_code eval
[307, 307]
--- no_error_log
[error]



=== TEST 11: a registry under a path prefix: the prefix is not part of the name
--- http_config
    pkg_reroute_rule policy block { "event-*"; }
--- config
    location /mirror/npm/ {
        pkg_reroute npm prefix=/mirror/npm;
        pkg_reroute_use policy;
        pkg_reroute_redirect https://repo.example.test/npm;
        root html;
    }
--- request eval
["GET /mirror/npm/lodash", "GET /mirror/%6epm/event-stream", "GET /mirror//npm/./\@types%2fnode"]
--- error_code eval
[307, 403, 307]
--- response_headers eval
["Location: https://repo.example.test/npm/lodash", "X-Pkg-Reroute-Pattern: event-*", "Location: https://repo.example.test/npm/\@types%2fnode"]



=== TEST 12: a path that leaves the prefix (through "..") is refused
--- config
    location /mirror/npm/ {
        pkg_reroute npm prefix=/mirror/npm;
        pkg_reroute_redirect https://repo.example.test/npm;
        root html;
    }
    location / {
        pkg_reroute npm prefix=/mirror/npm;
        root html;
    }
--- request
GET /mirror/other/lodash
--- error_code: 400
--- response_body
{"error":"invalid npm request: path outside the registry's prefix"}
