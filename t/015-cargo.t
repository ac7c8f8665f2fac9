# Cargo: the sparse index (config.json and the four index path shapes), the
# downloads on the API host and on the static host, one canonical crate name
# (lower case, '_' and '-' the same) across all of them, and Cargo's own
# JSON error body.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the fake upstream of a block (tcp_listen)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_shuffle();
run_tests();

__DATA__

=== TEST 1: /config.json names no crate: it passes an allow rule that matches nothing
--- http_config
    pkg_reroute_rule nothing allow { no-such-crate; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /config.json
--- error_code: 307
--- response_headers
Location: https://repo.example.test/cargo/config.json
X-Vars: cargo|metadata||reroute
--- no_error_log
[error]



=== TEST 2: index files of one- and two-character crates: /1/<n> and /2/<n>
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /1/a", "GET /2/cc", "GET /2/md"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/1/a\nX-Vars: metadata|a|reroute",
"Location: https://repo.example.test/cargo/2/cc\nX-Vars: metadata|cc|reroute",
"Location: https://repo.example.test/cargo/2/md\nX-Vars: metadata|md|reroute",
]
--- no_error_log
[error]



=== TEST 3: index files of three-character crates: /3/<first char>/<name>
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package" always;
--- request eval
["GET /3/s/syn", "GET /3/l/log", "GET /3/u/url"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/3/s/syn\nX-Vars: metadata|syn",
"Location: https://repo.example.test/cargo/3/l/log\nX-Vars: metadata|log",
"Location: https://repo.example.test/cargo/3/u/url\nX-Vars: metadata|url",
]
--- no_error_log
[error]



=== TEST 4: index files of longer crates: /<ab>/<cd>/<name>
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package" always;
--- request eval
["GET /se/rd/serde", "GET /to/ki/tokio", "GET /se/rd/serde_json", "GET /is/-t/is-terminal", "GET /is/_t/is_terminal"]
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/se/rd/serde\nX-Vars: metadata|serde",
"Location: https://repo.example.test/cargo/to/ki/tokio\nX-Vars: metadata|tokio",
"Location: https://repo.example.test/cargo/se/rd/serde_json\nX-Vars: metadata|serde-json",
"Location: https://repo.example.test/cargo/is/-t/is-terminal\nX-Vars: metadata|is-terminal",
"Location: https://repo.example.test/cargo/is/_t/is_terminal\nX-Vars: metadata|is-terminal",
]
--- no_error_log
[error]



=== TEST 5: HEAD on an index file is rerouted too
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request
HEAD /ra/nd/rand
--- error_code: 307
--- response_headers
Location: https://repo.example.test/cargo/ra/nd/rand
--- response_body
--- no_error_log
[error]



=== TEST 6: downloads: the API host's /api/v1/crates/<name>/<ver>/download
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request
GET /api/v1/crates/serde/1.0.193/download
--- error_code: 307
--- response_headers
Location: https://repo.example.test/cargo/api/v1/crates/serde/1.0.193/download
X-Vars: artifact|serde|1.0.193|
--- no_error_log
[error]



=== TEST 7: downloads: the static host's /crates/<name>/<name>-<ver>.crate and /crates/<name>/<ver>/download
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /crates/serde/serde-1.0.193.crate", "GET /crates/serde/1.0.193/download", "GET /crates/serde_json/serde_json-1.0.108.crate"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/crates/serde/serde-1.0.193.crate\nX-Vars: artifact|serde|1.0.193|serde-1.0.193.crate",
"Location: https://repo.example.test/cargo/crates/serde/1.0.193/download\nX-Vars: artifact|serde|1.0.193|",
"Location: https://repo.example.test/cargo/crates/serde_json/serde_json-1.0.108.crate\nX-Vars: artifact|serde-json|1.0.108|serde_json-1.0.108.crate",
]
--- no_error_log
[error]



=== TEST 8: semver prereleases and build metadata; '+' is sent percent-encoded
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version" always;
--- request eval
["GET /api/v1/crates/tokio/1.0.0-alpha.1/download", "GET /crates/foo-bar/foo-bar-0.1.0-rc.2.crate", "GET /crates/libgit2-sys/0.16.1+1.7.1/download"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/api/v1/crates/tokio/1.0.0-alpha.1/download\nX-Vars: tokio|1.0.0-alpha.1",
"Location: https://repo.example.test/cargo/crates/foo-bar/foo-bar-0.1.0-rc.2.crate\nX-Vars: foo-bar|0.1.0-rc.2",
"Location: https://repo.example.test/cargo/crates/libgit2-sys/0.16.1%2B1.7.1/download\nX-Vars: libgit2-sys|0.16.1+1.7.1",
]
--- no_error_log
[error]



=== TEST 9: one canonical name: serde_json, serde-json and Serde_JSON are one crate, one pattern blocks them all
--- http_config
    pkg_reroute_rule crates block { serde_json; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /se/rd/serde_json", "GET /se/rd/serde-json", "GET /se/rd/Serde_JSON", "GET /SE/RD/SERDE-JSON", "GET /api/v1/crates/serde_json/1.0.108/download", "GET /api/v1/crates/serde-json/1.0.108/download", "GET /crates/serde_json/serde_json-1.0.108.crate", "GET /crates/Serde_JSON/1.0.108/download", "GET /api/v1/crates/serde-json"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
[("X-Vars: serde-json|block\nX-Pkg-Reroute-Rule: crates\nX-Pkg-Reroute-Pattern: serde_json\nContent-Type: application/json\n!Location") x 9]



=== TEST 10: Cargo's error body for a blocked crate: {"errors":[{"detail":"..."}]}
--- http_config
    pkg_reroute_rule crates block { serde_json; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request
GET /se/rd/Serde_JSON
--- error_code: 403
--- response_headers
Content-Type: application/json
X-Pkg-Reroute-Rule: crates
X-Pkg-Reroute-Pattern: serde_json
--- response_body
{"errors":[{"detail":"package \"serde-json\" is blocked by rule \"crates\" (pattern \"serde_json\")"}]}
--- error_log
pkg reroute: package "serde-json" is blocked by rule "crates" (pattern "serde_json")



=== TEST 11: a pattern written with '-' or in capitals blocks the '_' and lower-case spellings
--- http_config
    pkg_reroute_rule crates block { corp-*; Rust-Decimal; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_pattern" always;
--- request eval
["GET /co/rp/corp_billing", "GET /crates/corp_billing/corp_billing-1.0.0.crate", "GET /ru/st/rust_decimal", "GET /api/v1/crates/rust_decimal/1.33.1/download"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
["X-Vars: corp-billing|corp-*", "X-Vars: corp-billing|corp-*", "X-Vars: rust-decimal|Rust-Decimal", "X-Vars: rust-decimal|Rust-Decimal"]



=== TEST 12: a typosquat is its own crate: blocking rustdecimal leaves rust_decimal alone
--- http_config
    pkg_reroute_rule crates block { rustdecimal; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request eval
["GET /ru/st/rustdecimal", "GET /ru/st/rust_decimal"]
--- error_code eval
[403, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: rustdecimal", "Location: https://repo.example.test/cargo/ru/st/rust_decimal"]



=== TEST 13: percent-encoded crate names are decoded before the rule sees them
--- http_config
    pkg_reroute_rule crates block { serde_json; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request eval
["GET /se/rd/serde%5Fjson", "GET /se/rd/%73erde-json", "GET /api/v1/crates/serde%5Fjson/1.0.0/download"]
--- error_code eval
[403, 403, 403]
--- response_headers eval
[("X-Vars: serde-json") x 3]



=== TEST 14: index path whose prefix does not match the crate: 400 in Cargo's format
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_decision" always;
--- request
GET /ab/cd/serde
--- error_code: 400
--- response_headers
Content-Type: application/json
X-Vars: invalid
!Location
!X-Pkg-Reroute-Rule
--- response_body
{"errors":[{"detail":"invalid cargo request: index path does not match the crate"}]}



=== TEST 15: every mismatched index shape is 400
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request eval
["GET /1/ab", "GET /2/abc", "GET /2/a", "GET /3/x/syn", "GET /3/s/serde", "GET /se/rx/serde", "GET /xe/rd/serde", "GET /se/rd/ser", "GET /se/rd/tokio"]
--- error_code eval
[400, 400, 400, 400, 400, 400, 400, 400, 400]
--- response_headers eval
[("Content-Type: application/json\n!Location") x 9]
--- response_body eval
[("{\"errors\":[{\"detail\":\"invalid cargo request: index path does not match the crate\"}]}\n") x 9]



=== TEST 16: the three-character shape has a one-character directory: longer ones are mismatched too
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request eval
["GET /3/sy/syn", "GET /3/syn/syn"]
--- error_code eval
[400, 400]
--- response_headers eval
[("Content-Type: application/json\n!Location") x 2]
--- response_body eval
[("{\"errors\":[{\"detail\":\"invalid cargo request: index path does not match the crate\"}]}\n") x 2]



=== TEST 17: invalid crate names and versions: 400 in Cargo's format
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request eval
["GET /api/v1/crates/-bad/1.0.0/download", "GET /api/v1/crates/serde/latest/download", "GET /crates/serde/tokio-1.0.0.crate", "GET /crates/serde", "GET /api/v1/crates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
--- error_code eval
[400, 400, 400, 400, 400]
--- response_body eval
[
"{\"errors\":[{\"detail\":\"invalid cargo request: invalid crate name\"}]}\n",
"{\"errors\":[{\"detail\":\"invalid cargo request: invalid crate version\"}]}\n",
"{\"errors\":[{\"detail\":\"invalid cargo request: crate file does not match the crate\"}]}\n",
"{\"errors\":[{\"detail\":\"invalid cargo request: unknown crate download path\"}]}\n",
"{\"errors\":[{\"detail\":\"invalid cargo request: invalid crate name\"}]}\n",
]
--- response_headers eval
[("Content-Type: application/json") x 5]



=== TEST 18: the longest valid crate name (64 characters) is accepted
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request
GET /api/v1/crates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
--- error_code: 307
--- response_headers
Location: https://repo.example.test/cargo/api/v1/crates/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa



=== TEST 19: crate metadata on the API host is checked; the search names no crate
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
--- request eval
["GET /api/v1/crates/serde", "GET /api/v1/crates/serde/1.0.193", "GET /api/v1/crates/serde/owners", "GET /api/v1/crates?q=corp-billing", "GET /api/v1/crates/corp-billing/owners"]
--- error_code eval
[307, 307, 307, 307, 403]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/api/v1/crates/serde\nX-Vars: metadata|serde||reroute",
"Location: https://repo.example.test/cargo/api/v1/crates/serde/1.0.193\nX-Vars: metadata|serde|1.0.193|reroute",
"Location: https://repo.example.test/cargo/api/v1/crates/serde/owners\nX-Vars: api|serde||reroute",
"Location: https://repo.example.test/cargo/api/v1/crates?q=corp-billing\nX-Vars: api|||reroute",
"X-Vars: api|corp-billing||block",
]



=== TEST 20: the index and the downloads of a blocked crate are all blocked
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request eval
["GET /co/rp/corp-billing", "HEAD /co/rp/corp-billing", "GET /api/v1/crates/corp-billing/2.0.0/download", "GET /crates/corp-billing/corp-billing-2.0.0.crate", "GET /crates/corp-billing/2.0.0/download"]
--- error_code eval
[403, 403, 403, 403, 403]
--- response_headers eval
[("X-Pkg-Reroute-Pattern: corp-*\nContent-Type: application/json\n!Location") x 5]
--- error_log
pkg reroute: package "corp-billing" is blocked by rule "crates" (pattern "corp-*")



=== TEST 21: the Location keeps the spelling the client asked for
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo/;
    root html;
--- request
GET /se/rd/Serde_JSON?x=1
--- error_code: 307
--- response_headers
Location: https://repo.example.test/cargo/se/rd/Serde_JSON?x=1



=== TEST 22: allow mode: listed crates in any spelling are rerouted, others refused without a pattern
--- http_config
    pkg_reroute_rule vetted allow { serde; serde_json; "tokio*"; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use vetted;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
    add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request eval
["GET /se/rd/serde-json", "GET /to/ki/tokio-util", "GET /crates/tokio_macros/2.2.0/download", "GET /ra/nd/rand"]
--- error_code eval
[307, 307, 307, 403]
--- response_headers eval
[
"Location: https://repo.example.test/cargo/se/rd/serde-json\nX-Vars: reroute|serde_json",
"Location: https://repo.example.test/cargo/to/ki/tokio-util\nX-Vars: reroute|tokio*",
"Location: https://repo.example.test/cargo/crates/tokio_macros/2.2.0/download\nX-Vars: reroute|tokio*",
"X-Vars: block|\nX-Pkg-Reroute-Rule: vetted\n!X-Pkg-Reroute-Pattern\n!Location",
]



=== TEST 23: allow mode: the refusal in Cargo's format
--- http_config
    pkg_reroute_rule vetted allow { serde; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use vetted;
    pkg_reroute_redirect https://repo.example.test/cargo;
    root html;
--- request
GET /ra/nd/rand
--- error_code: 403
--- response_headers
Content-Type: application/json
--- response_body
{"errors":[{"detail":"package \"rand\" is not allowed by rule \"vetted\""}]}
--- error_log
pkg reroute: package "rand" is not allowed by rule "vetted"



=== TEST 24: pkg_reroute_block_status 404: Cargo reads a 404 index file as "no such crate"
--- http_config
    pkg_reroute_rule crates block { corp-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    pkg_reroute_block_status 404;
    root html;
--- request
GET /co/rp/corp-billing
--- error_code: 404
--- response_headers
Content-Type: application/json
--- response_body
{"errors":[{"detail":"package \"corp-billing\" is blocked by rule \"crates\" (pattern \"corp-*\")"}]}



=== TEST 25: cargo publish (PUT /api/v1/crates/new) names the crate only in its body: it passes untouched only through a location where pkg_reroute is off
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/cargo;
    location = /api/v1/crates/new {
        pkg_reroute off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_decision" always;
    }
--- request
PUT /api/v1/crates/new
CRATE
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 94
--- tcp_query eval
"PUT /api/v1/crates/new HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 5\r
\r
CRATE"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"warnings\":{}}"
--- response_body chomp
{"warnings":{}}
--- response_headers
X-Vars: |
!Location
--- no_error_log
[error]



=== TEST 26: cargo yank (DELETE) of a crate the rule does not block passes through untouched
--- http_config
    pkg_reroute_rule crates block { other-*; }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    location /api/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
    }
--- request
DELETE /api/v1/crates/corp-billing/1.0.0/yank
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 93
--- tcp_query eval
"DELETE /api/v1/crates/corp-billing/1.0.0/yank HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n"
--- response_body
{"ok":true}
--- no_error_log
[error]
