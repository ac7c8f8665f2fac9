# RubyGems: every request shape gem and bundler send, the root that must
# never be rerouted, the dependency API that names several gems at once,
# gem file names with '-' and platform suffixes, and plain-text denials.
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

=== TEST 1: compact index /info/<name>: GET is rerouted, variables set
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision|$pkg_reroute_rule" always;
--- request
GET /info/rack
--- error_code: 307
--- response_headers
Location: https://repo.example.test/gems/info/rack
X-Vars: rubygems|metadata|rack|||reroute|gems
--- no_error_log
[error]



=== TEST 2: compact index: HEAD is rerouted too, with no body
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request
HEAD /info/nokogiri
--- error_code: 307
--- response_headers
Location: https://repo.example.test/gems/info/nokogiri
--- response_body
--- no_error_log
[error]



=== TEST 3: /versions, /names and the specs files name no gem: rerouted even under a rule blocking everything
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /versions", "GET /names", "GET /specs.4.8.gz", "GET /latest_specs.4.8.gz", "GET /prerelease_specs.4.8.gz", "GET /specs.4.8"]
--- error_code eval
[307, 307, 307, 307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/versions\nX-Vars: metadata||reroute",
"Location: https://repo.example.test/gems/names\nX-Vars: metadata||reroute",
"Location: https://repo.example.test/gems/specs.4.8.gz\nX-Vars: metadata||reroute",
"Location: https://repo.example.test/gems/latest_specs.4.8.gz\nX-Vars: metadata||reroute",
"Location: https://repo.example.test/gems/prerelease_specs.4.8.gz\nX-Vars: metadata||reroute",
"Location: https://repo.example.test/gems/specs.4.8\nX-Vars: metadata||reroute",
]
--- no_error_log
[error]



=== TEST 4: /gems/<name>-<ver>.gem: name, version and file
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
--- request
GET /gems/rack-3.0.8.gem
--- error_code: 307
--- response_headers
Location: https://repo.example.test/gems/gems/rack-3.0.8.gem
X-Vars: artifact|rack|3.0.8|rack-3.0.8.gem|reroute
--- no_error_log
[error]



=== TEST 5: gem names with '-' and with digits: name, version and file
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /gems/rest-client-2.1.0.gem", "GET /gems/aws-sdk-s3-1.136.0.gem", "GET /gems/net-http-persistent-4.0.2.gem", "GET /gems/sqlite3-1.6.9.gem", "GET /gems/3scale-api-1.0.0.gem"]
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/gems/rest-client-2.1.0.gem\nX-Vars: artifact|rest-client|2.1.0|rest-client-2.1.0.gem",
"Location: https://repo.example.test/gems/gems/aws-sdk-s3-1.136.0.gem\nX-Vars: artifact|aws-sdk-s3|1.136.0|aws-sdk-s3-1.136.0.gem",
"Location: https://repo.example.test/gems/gems/net-http-persistent-4.0.2.gem\nX-Vars: artifact|net-http-persistent|4.0.2|net-http-persistent-4.0.2.gem",
"Location: https://repo.example.test/gems/gems/sqlite3-1.6.9.gem\nX-Vars: artifact|sqlite3|1.6.9|sqlite3-1.6.9.gem",
"Location: https://repo.example.test/gems/gems/3scale-api-1.0.0.gem\nX-Vars: artifact|3scale-api|1.0.0|3scale-api-1.0.0.gem",
]
--- no_error_log
[error]



=== TEST 6: platform gems: the platform is neither in the name nor in the version
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /gems/nokogiri-1.15.4-x86_64-linux.gem", "GET /gems/google-protobuf-3.25.1-x86_64-linux.gem", "GET /gems/ffi-1.16.3-x64-mingw-ucrt.gem", "GET /gems/nokogiri-1.15.4-java.gem", "GET /gems/sass-embedded-1.69.5-arm64-darwin.gem", "GET /gems/nokogiri-1.16.0-x86_64-linux-gnu.gem"]
--- error_code eval
[307, 307, 307, 307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/gems/nokogiri-1.15.4-x86_64-linux.gem\nX-Vars: nokogiri|1.15.4|nokogiri-1.15.4-x86_64-linux.gem",
"Location: https://repo.example.test/gems/gems/google-protobuf-3.25.1-x86_64-linux.gem\nX-Vars: google-protobuf|3.25.1|google-protobuf-3.25.1-x86_64-linux.gem",
"Location: https://repo.example.test/gems/gems/ffi-1.16.3-x64-mingw-ucrt.gem\nX-Vars: ffi|1.16.3|ffi-1.16.3-x64-mingw-ucrt.gem",
"Location: https://repo.example.test/gems/gems/nokogiri-1.15.4-java.gem\nX-Vars: nokogiri|1.15.4|nokogiri-1.15.4-java.gem",
"Location: https://repo.example.test/gems/gems/sass-embedded-1.69.5-arm64-darwin.gem\nX-Vars: sass-embedded|1.69.5|sass-embedded-1.69.5-arm64-darwin.gem",
"Location: https://repo.example.test/gems/gems/nokogiri-1.16.0-x86_64-linux-gnu.gem\nX-Vars: nokogiri|1.16.0|nokogiri-1.16.0-x86_64-linux-gnu.gem",
]
--- no_error_log
[error]



=== TEST 7: prerelease versions (RubyGems writes them with '.', never '-')
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version" always;
--- request eval
["GET /gems/rails-7.1.0.rc1.gem", "GET /gems/rack-3.0.0.beta1.gem", "GET /gems/bundler-2.5.0.pre.2.gem"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/gems/rails-7.1.0.rc1.gem\nX-Vars: rails|7.1.0.rc1",
"Location: https://repo.example.test/gems/gems/rack-3.0.0.beta1.gem\nX-Vars: rack|3.0.0.beta1",
"Location: https://repo.example.test/gems/gems/bundler-2.5.0.pre.2.gem\nX-Vars: bundler|2.5.0.pre.2",
]
--- no_error_log
[error]



=== TEST 8: gem names that hold "-<digit>": http-2 and http-2-next are names, not versions
--- http_config
    pkg_reroute_rule gems block { http-2-next; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
--- request eval
["GET /gems/http-2-1.0.2.gem", "GET /quick/Marshal.4.8/http-2-1.0.2.gemspec.rz", "GET /gems/http-2-next-1.0.3.gem", "GET /quick/Marshal.4.8/http-2-next-1.0.3.gemspec.rz"]
--- error_code eval
[307, 307, 403, 403]
--- response_headers eval
[
"Location: https://repo.example.test/gems/gems/http-2-1.0.2.gem\nX-Vars: http-2|1.0.2|reroute",
"Location: https://repo.example.test/gems/quick/Marshal.4.8/http-2-1.0.2.gemspec.rz\nX-Vars: http-2|1.0.2|reroute",
"X-Vars: http-2-next|1.0.3|block\n!Location",
"X-Vars: http-2-next|1.0.3|block\n!Location",
]



=== TEST 9: a blocked gem file: 403, plain text, rule and pattern headers, logged
--- http_config
    pkg_reroute_rule gems block { rest-client-malicious; corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
--- request
GET /gems/corp-billing-1.2.0.gem
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: gems
X-Pkg-Reroute-Pattern: corp-*
X-Vars: corp-billing|block|gems|corp-*
!Location
--- response_body
package "corp-billing" is blocked by rule "gems" (pattern "corp-*")
--- error_log
pkg reroute: package "corp-billing" is blocked by rule "gems" (pattern "corp-*")



=== TEST 10: blocked gems in platform file names and in names that extend an allowed one
--- http_config
    pkg_reroute_rule gems block { rest-client-malicious; corp-*; nokogiri; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request eval
["GET /gems/corp-native-1.0.0-x86_64-linux.gem", "GET /gems/nokogiri-1.15.4-x86_64-linux.gem", "GET /gems/rest-client-malicious-1.6.13.gem", "GET /gems/rest-client-2.1.0.gem"]
--- error_code eval
[403, 403, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: corp-*", "X-Pkg-Reroute-Pattern: nokogiri", "X-Pkg-Reroute-Pattern: rest-client-malicious", "Location: https://repo.example.test/gems/gems/rest-client-2.1.0.gem\n!X-Pkg-Reroute-Pattern"]



=== TEST 11: a blocked gem is blocked in every shape that names it
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request eval
["GET /info/corp-billing", "GET /gems/corp-billing-1.2.0.gem", "GET /quick/Marshal.4.8/corp-billing-1.2.0.gemspec.rz", "GET /api/v1/gems/corp-billing.json", "GET /api/v1/versions/corp-billing.json", "GET /api/v1/versions/corp-billing/latest.json", "GET /api/v1/dependencies?gems=corp-billing", "GET /api/v1/dependencies.json?gems=corp-billing", "HEAD /info/corp-billing"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
[("Content-Type: text/plain\nX-Pkg-Reroute-Rule: gems\nX-Pkg-Reroute-Pattern: corp-*\n!Location") x 9]



=== TEST 12: the rule sees every spelling of a name: case and percent-encoding
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request eval
["GET /info/Corp-Billing", "GET /info/%63orp-billing", "GET /gems/CORP-billing-1.0.0.gem", "GET /info/corp%2Dbilling"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
[("X-Vars: corp-billing\nX-Pkg-Reroute-Pattern: corp-*") x 4]



=== TEST 13: '-' and '_' are different gems: a '-' pattern does not block the '_' name
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /info/corp_billing
--- error_code: 307
--- response_headers
Location: https://repo.example.test/gems/info/corp_billing
X-Vars: corp_billing|reroute



=== TEST 14: quick gemspecs (Marshal.4.8), with and without a platform
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /quick/Marshal.4.8/rack-3.0.8.gemspec.rz", "GET /quick/Marshal.4.8/nokogiri-1.15.4-x86_64-linux.gemspec.rz"]
--- error_code eval
[307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/quick/Marshal.4.8/rack-3.0.8.gemspec.rz\nX-Vars: metadata|rack|3.0.8|rack-3.0.8.gemspec.rz",
"Location: https://repo.example.test/gems/quick/Marshal.4.8/nokogiri-1.15.4-x86_64-linux.gemspec.rz\nX-Vars: metadata|nokogiri|1.15.4|nokogiri-1.15.4-x86_64-linux.gemspec.rz",
]
--- no_error_log
[error]



=== TEST 15: JSON API: /api/v1/gems/<name>.json, /api/v1/versions/<name>.json and /api/v1/versions/<name>/latest.json
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package" always;
--- request eval
["GET /api/v1/gems/rails.json", "GET /api/v1/versions/rest-client.json", "GET /api/v1/versions/rails/latest.json"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/api/v1/gems/rails.json\nX-Vars: metadata|rails",
"Location: https://repo.example.test/gems/api/v1/versions/rest-client.json\nX-Vars: metadata|rest-client",
"Location: https://repo.example.test/gems/api/v1/versions/rails/latest.json\nX-Vars: metadata|rails",
]
--- no_error_log
[error]



=== TEST 16: dependency API: every name is checked, the Location carries the canonical query
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_decision|$pkg_reroute_uri" always;
--- request
GET /api/v1/dependencies?gems=rack,rails,rest-client
--- error_code: 307
--- response_headers
Location: https://repo.example.test/gems/api/v1/dependencies?gems=rack,rails,rest-client
X-Vars: metadata|reroute|/api/v1/dependencies?gems=rack,rails,rest-client
--- no_error_log
[error]



=== TEST 17: dependency API: bundler's escaped commas, and other arguments, give the canonical query
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request eval
["GET /api/v1/dependencies?gems=rack%2Crails%2Cnokogiri", "GET /api/v1/dependencies?page=2&gems=rack&x=y", "GET /api/v1/dependencies.json?gems=rack,rails"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/api/v1/dependencies?gems=rack,rails,nokogiri",
"Location: https://repo.example.test/gems/api/v1/dependencies?gems=rack",
"Location: https://repo.example.test/gems/api/v1/dependencies.json?gems=rack,rails",
]
--- no_error_log
[error]



=== TEST 18: dependency API: one blocked name blocks the whole request, and it is the one reported
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /api/v1/dependencies?gems=rack,corp-billing,rails
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: gems
X-Pkg-Reroute-Pattern: corp-*
X-Vars: corp-billing|block
!Location
--- response_body
package "corp-billing" is blocked by rule "gems" (pattern "corp-*")
--- error_log
pkg reroute: package "corp-billing" is blocked by rule "gems" (pattern "corp-*")



=== TEST 19: dependency API: the blocked name is found whatever its place and spelling
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request eval
["GET /api/v1/dependencies?gems=corp-billing,rack", "GET /api/v1/dependencies?gems=rack,rails,Corp-Billing", "GET /api/v1/dependencies?gems=rack%2Ccorp%2Dbilling", "GET /api/v1/dependencies?gems=rack,%63orp-billing"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
[("X-Vars: corp-billing\n!Location") x 4]



=== TEST 20: dependency API: a repeated "gems" argument is checked in full (Rails reads the last one)
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /api/v1/dependencies?gems=rack&gems=corp-billing
--- error_code: 403
--- response_headers
X-Vars: corp-billing|block
!Location



=== TEST 21: dependency API without names (bundler's probe) is rerouted, with no query: a query that names no gem was not checked, so it is not forwarded
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /api/v1/dependencies", "GET /api/v1/dependencies?x=1"]
--- error_code eval
[307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/api/v1/dependencies\nX-Vars: |reroute",
"Location: https://repo.example.test/gems/api/v1/dependencies\nX-Vars: |reroute",
]
--- no_error_log
[error]



=== TEST 22: the query of a single-gem request is kept as is
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request
GET /info/rack?a=1&b=two
--- error_code: 307
--- response_headers
Location: https://repo.example.test/gems/info/rack?a=1&b=two



=== TEST 23: unparsable requests get 400 in plain text
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_decision" always;
--- request eval
["GET /info/bad%20name", "GET /gems/rack.gem", "GET /api/v1/dependencies?gems=rack,,rails", "GET /quick/Marshal.4.8/rack.gemspec.rz", "GET /info/rack/extra"]
--- error_code eval
[400, 400, 400, 400, 400]
--- response_body eval
[
"invalid rubygems request: invalid gem name\n",
"invalid rubygems request: cannot parse the gem file name\n",
"invalid rubygems request: invalid gem name in the dependency list\n",
"invalid rubygems request: cannot parse the gem file name\n",
"invalid rubygems request: invalid gem name\n",
]
--- response_headers eval
[("Content-Type: text/plain\nX-Vars: invalid\n!Location\n!X-Pkg-Reroute-Rule") x 5]



=== TEST 24: the root GET / is never rerouted: it reaches the location's upstream, even under a rule blocking everything
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    location = / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_decision" always;
    }
--- request
GET /
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 53
--- tcp_query eval
"GET / HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nroot page\r\n"
--- response_body eval
"root page\r\n"
--- response_headers
X-Vars: other|pass
!Location
--- no_error_log
[error]



=== TEST 25: the root HEAD / is never rerouted either
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    location = / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request
HEAD /
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 54
--- tcp_query eval
"HEAD / HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n"
--- response_headers
X-Vars: pass
!Location
--- no_error_log
[error]



=== TEST 26: the root with a query is still the root
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    location = / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
    }
--- request
GET /?source=probe
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 66
--- tcp_query eval
"GET /?source=probe HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
--- response_body
ok
--- response_headers
!Location



=== TEST 27: gem push (POST) names the gem only in its body: it passes, body and all, only through a location where pkg_reroute is off
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    location = /api/v1/gems {
        pkg_reroute off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_decision" always;
    }
--- request
POST /api/v1/gems
GEMDATA
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 91
--- tcp_query eval
"POST /api/v1/gems HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 7\r
\r
GEMDATA"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 7\r\n\r\npushed\n"
--- response_body
pushed
--- response_headers
X-Vars: |
!Location
--- no_error_log
[error]



=== TEST 28: gem yank (DELETE) names the gem only in its arguments or body: unknown, refused, the upstream never contacted
--- http_config
    pkg_reroute_rule gems block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    location /api/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
DELETE /api/v1/gems/yank?gem_name=corp-billing&version=1.0.0
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Reason: not a known rubygems endpoint: method not served at this endpoint
!Location
--- response_body
not a known rubygems endpoint: method not served at this endpoint
--- no_error_log
[error]



=== TEST 29: pkg_reroute_block_status 404: the same plain-text answer with 404
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    pkg_reroute_block_status 404;
    root html;
--- request
GET /info/corp-billing
--- error_code: 404
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: gems
--- response_body
package "corp-billing" is blocked by rule "gems" (pattern "corp-*")



=== TEST 30: allow mode: listed gems are rerouted, in every shape
--- http_config
    pkg_reroute_rule vetted allow { rack; rails; "rack-*"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use vetted;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request eval
["GET /info/rack-test", "GET /api/v1/dependencies?gems=rack,rails", "GET /gems/rails-7.1.2.gem"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gems/info/rack-test\nX-Vars: reroute|rack-*",
"Location: https://repo.example.test/gems/api/v1/dependencies?gems=rack,rails",
"Location: https://repo.example.test/gems/gems/rails-7.1.2.gem\nX-Vars: reroute|rails",
]
--- no_error_log
[error]



=== TEST 31: allow mode: a gem not listed is refused in plain text, with no pattern
--- http_config
    pkg_reroute_rule vetted allow { rack; rails; "rack-*"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use vetted;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request
GET /gems/sinatra-3.1.0.gem
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: vetted
!X-Pkg-Reroute-Pattern
!Location
--- response_body
package "sinatra" is not allowed by rule "vetted"
--- error_log
pkg reroute: package "sinatra" is not allowed by rule "vetted"



=== TEST 32: allow mode: one unlisted name in the dependency list refuses the request
--- http_config
    pkg_reroute_rule vetted allow { rack; rails; "rack-*"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use vetted;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
--- request
GET /api/v1/dependencies?gems=rack,sinatra,rails
--- error_code: 403
--- response_headers
Content-Type: text/plain
!Location
--- response_body
package "sinatra" is not allowed by rule "vetted"



=== TEST 33: the root spelled "//" is still the root: it reaches the upstream
--- http_config
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use all;
    pkg_reroute_redirect https://repo.example.test/gems;
    location = / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request
GET //
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 54
--- tcp_query eval
"GET // HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
--- response_body
ok
--- response_headers
X-Vars: pass
!Location



=== TEST 34: the registry's own download link /downloads/<name>-<ver>.gem names the gem: the rule applies
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /downloads/corp-billing-1.2.0.gem
--- error_code: 403
--- response_headers
X-Vars: corp-billing|block
!Location



=== TEST 35: a gem's page /gems/<name> is not a malformed request: it is checked and rerouted
--- http_config
    pkg_reroute_rule gems block { corp-*; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    pkg_reroute_redirect https://repo.example.test/gems;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /gems/rails", "GET /gems/corp-billing"]
--- error_code eval
[307, 403]
--- response_headers eval
["Location: https://repo.example.test/gems/gems/rails\nX-Vars: rails|reroute", "X-Vars: corp-billing|block"]
