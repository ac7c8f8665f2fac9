# RubyGems' endpoint catalogue, closed by default: every row's examples
# are rerouted with the right Location; a blocked gem is refused at every
# row that names one, whatever the method, and every reading of a gem
# file name is checked ("acme-1-2.0-java.gem" is gem "acme-1" 2.0 for
# java, or gem "acme" 1 for a platform "2.0-java"); and what the catalogue
# does not hold (push, yank, web hooks, feeds, other API routes, another
# method at a known row) is unknown: 403 in block and allow mode, redirect
# and cache mode, the upstream never contacted.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  an upstream that answers "reached"
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();


# one case per line: "METHOD /path?query [expectation]"
sub cases {
    my @c;

    for (split /\n/, shift) {
        s/^\s+//;
        s/\s+$//;
        next if $_ eq '' || /^# /;
        my ($m, $p, $x) = split /\s+/, $_, 3;
        push @c, [$m, $p, $x];
    }

    return \@c;
}

sub requests { [ map { "$_->[0] $_->[1]" } @{ $_[0] } ] }
sub all { my ($v, $cases) = @_; [ ($v) x @$cases ] }

# the rows' GET and HEAD examples: the Location path (and query)
our $rows = cases(<<'_');
GET /info/rails                                     /info/rails
HEAD /info/net-http-persistent                      /info/net-http-persistent
GET /gems/rails-7.1.3.gem                           /gems/rails-7.1.3.gem
GET /gems/nokogiri-1.16.0-x86_64-linux.gem          /gems/nokogiri-1.16.0-x86_64-linux.gem
GET /gems/acme-1-2.0-java.gem                       /gems/acme-1-2.0-java.gem
GET /downloads/rails-7.1.3.gem                      /downloads/rails-7.1.3.gem
GET /quick/Marshal.4.8/rails-7.1.3.gemspec.rz       /quick/Marshal.4.8/rails-7.1.3.gemspec.rz
GET /quick/Marshal.4.8/nokogiri-1.16.0-x86_64-linux.gemspec.rz /quick/Marshal.4.8/nokogiri-1.16.0-x86_64-linux.gemspec.rz
GET /api/v1/dependencies?gems=rails,rack            /api/v1/dependencies?gems=rails,rack
GET /api/v1/dependencies.json?gems=rails            /api/v1/dependencies.json?gems=rails
GET /api/v1/gems/rails.json                         /api/v1/gems/rails.json
GET /api/v1/gems/rails.yaml                         /api/v1/gems/rails.yaml
GET /api/v1/gems/rails/reverse_dependencies.json    /api/v1/gems/rails/reverse_dependencies.json
GET /api/v1/gems/rails/owners.yaml                  /api/v1/gems/rails/owners.yaml
GET /api/v1/versions/rails.json                     /api/v1/versions/rails.json
GET /api/v1/versions/rails/latest.json              /api/v1/versions/rails/latest.json
GET /api/v1/versions/rails/reverse_dependencies.json /api/v1/versions/rails/reverse_dependencies.json
GET /api/v1/downloads/rails-7.1.3.json              /api/v1/downloads/rails-7.1.3.json
GET /api/v1/attestations/rails-7.1.3.json           /api/v1/attestations/rails-7.1.3.json
GET /api/v2/rubygems/rails/versions/7.1.3.json      /api/v2/rubygems/rails/versions/7.1.3.json
GET /api/v2/rubygems/nokogiri/versions/1.16.0.json?platform=java /api/v2/rubygems/nokogiri/versions/1.16.0.json?platform=java
GET /api/v2/rubygems/rails/versions/7.1.3/contents.json /api/v2/rubygems/rails/versions/7.1.3/contents.json
GET /gems/rails                                     /gems/rails
GET /gems/RedCloth                                  /gems/RedCloth
GET /gems/rails/versions                            /gems/rails/versions
GET /gems/rails/versions/7.1.3                      /gems/rails/versions/7.1.3
GET /versions                                       /versions
GET /names                                          /names
GET /specs.4.8.gz                                   /specs.4.8.gz
GET /latest_specs.4.8.gz                            /latest_specs.4.8.gz
GET /prerelease_specs.4.8.gz                        /prerelease_specs.4.8.gz
GET /specs.4.8                                      /specs.4.8
GET /api/v1/dependencies                            /api/v1/dependencies
GET /api/v1/search.json?query=rails                 /api/v1/search.json?query=rails
GET /api/v1/search/autocomplete?query=rai           /api/v1/search/autocomplete?query=rai
GET /api/v1/api_key                                 /api/v1/api_key
GET /api/v1/profile/me.yaml                         /api/v1/profile/me.yaml
GET /api/v1/multifactor_auth.json                   /api/v1/multifactor_auth.json
GET /api/v1/webauthn_verification/abc/status.json   /api/v1/webauthn_verification/abc/status.json
GET /api/v1/owners/alice/gems.json                  /api/v1/owners/alice/gems.json
_

# the rows' other methods: not rerouted, they reach the location
our $writes = cases(<<'_');
POST /api/v1/gems/rails/owners
DELETE /api/v1/gems/rails/owners
PUT /api/v1/gems/rails/owners
POST /api/v1/api_key
PUT /api/v1/api_key
POST /api/v1/webauthn_verification
_

# a blocked gem at every row that names one, whatever the method
our $blocked = cases(<<'_');
GET /info/corp-x
PUT /info/corp-x
GET /gems/corp-x-1.0.gem
DELETE /gems/corp-x-1.0.gem
GET /gems/corp-x-1.0-x86_64-linux.gem
GET /downloads/corp-x-1.0.gem
GET /quick/Marshal.4.8/corp-x-1.0.gemspec.rz
POST /quick/Marshal.4.8/corp-x-1.0.gemspec.rz
GET /api/v1/dependencies?gems=rails,corp-x
GET /api/v1/dependencies.json?gems=corp-x
POST /api/v1/dependencies?gems=corp-x
GET /api/v1/gems/corp-x.json
PATCH /api/v1/gems/corp-x.json
GET /api/v1/gems/corp-x/reverse_dependencies.json
GET /api/v1/gems/corp-x/owners.yaml
POST /api/v1/gems/corp-x/owners
PUT /api/v1/gems/corp-x/owners
DELETE /api/v1/gems/corp-x/owners
GET /api/v1/versions/corp-x.json
DELETE /api/v1/versions/corp-x.json
GET /api/v1/versions/corp-x/latest.json
GET /api/v1/versions/corp-x/reverse_dependencies.json
GET /api/v1/downloads/corp-x-1.0.json
GET /api/v1/attestations/corp-x-1.0.json
GET /api/v2/rubygems/corp-x/versions/1.0.json
POST /api/v2/rubygems/corp-x/versions/1.0.json
GET /api/v2/rubygems/corp-x/versions/1.0/contents.json
GET /gems/corp-x
GET /gems/corp-x/versions
GET /gems/corp-x/versions/1.0
PUT /gems/corp-x/versions/1.0
GET /gems/corp-x/owners
GET /api/v1/gems/corp-x/trusted_publishers
_

# what the catalogue lacks: the reason (N: no such endpoint, M: method)
our $unknown = cases(<<'_');
POST /api/v1/gems                                   N
DELETE /api/v1/gems/yank?gem_name=rails&version=1.0 M
PUT /api/v1/gems/unyank                             M
PUT /api/v1/api_key/reset                           N
POST /api/v1/web_hooks                              N
GET /api/v1/web_hooks.json                          N
DELETE /api/v1/web_hooks/remove                     N
POST /api/v1/web_hooks/fire                         N
POST /api/v1/dependencies                           M
GET /api/v1/dependencies/rails                      N
GET /api/v1/gems/rails/trusted_publishers           N
GET /api/v1/versions/rails/downloads.json           N
GET /api/v2/rubygems/rails/versions                 N
GET /api/v2/rubygems/rails/versions/7.1.3/files.json N
GET /gems/rails.json                                N
GET /gems/rails/versions.atom                       N
GET /gems/rails/reverse_dependencies                N
GET /gems/rails/owners                              N
PUT /gems/rails/versions/7.1.3                      M
PATCH /api/v1/gems/rails.json                       M
POST /info/rails                                    M
DELETE /gems/rails-7.1.3.gem                        M
GET /Marshal.4.8.Z                                  N
GET /internal/ping                                  N
GET /sign_in                                        N
GET /api/v1/activity/latest.json                    N
POST /api/v1/oidc/trusted_publisher/exchange_token  N
PUT /                                               M
POST /versions                                      M
_

sub unknown_bodies {
    [ map { "not a known rubygems endpoint: "
            . ($_->[2] eq 'M' ? 'method not served at this endpoint'
                              : 'no such endpoint') . "\n" } @{ $_[0] } ]
}

run_tests();

__DATA__

=== TEST 1: every row's GET and HEAD examples are rerouted, with the canonical path in Location
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
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::rows)
--- error_code eval
::all(307, $::rows)
--- response_headers eval
[ map { "Location: https://repo.example.test/gems$_->[2]" } @$::rows ]
--- no_error_log
[error]



=== TEST 2: the rows' other methods are not rerouted: they reach the location, after the rule
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
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::writes)
--- error_code eval
::all(200, $::writes)
--- response_body eval
::all("reached\n", $::writes)
--- response_headers eval
::all("X-Vars: write|pass\n!Location", $::writes)
--- no_error_log
[error]



=== TEST 3: the root is a row: never rerouted, it reaches the location; another method there is unknown
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_redirect https://repo.example.test/gems;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
["GET /", "POST /"]
--- error_code eval
[200, 403]
--- response_body eval
["reached\n", "not a known rubygems endpoint: method not served at this endpoint\n"]



=== TEST 4: a blocked gem is refused at every row that names one, whatever the method (redirect mode)
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
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked)
--- error_code eval
::all(403, $::blocked)
--- response_headers eval
::all("X-Vars: block\n!Location", $::blocked)
--- response_body eval
::all(qq{package "corp-x" is blocked by rule "gems" (pattern "corp-*")\n}, $::blocked)



=== TEST 5: a blocked gem is refused at every row that names one, whatever the method (cache mode: the upstream is never contacted)
--- http_config
    pkg_reroute_rule gems block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::blocked)
--- error_code eval
::all(403, $::blocked)
--- response_body eval
::all(qq{package "corp-x" is blocked by rule "gems" (pattern "corp-*")\n}, $::blocked)



=== TEST 6: every reading of a gem file name is checked: "acme-1-2.0-java" is gem acme-1 2.0 (java) and gem acme 1 ("2.0-java")
--- http_config
    pkg_reroute_rule no_acme block { acme; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use no_acme;
    pkg_reroute_redirect https://repo.example.test/gems;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
["GET /gems/acme-1-2.0-java.gem",
 "GET /quick/Marshal.4.8/acme-1-2.0-java.gemspec.rz",
 "GET /api/v1/downloads/acme-1-2.0-java.json",
 "GET /api/v1/attestations/acme-1-2.0-java.json",
 "GET /gems/acme-1-2.0.gem",
 "GET /gems/acme-tools-2.0.gem",
 "GET /info/acme-1"]
--- error_code eval
[403, 403, 403, 403, 403, 307, 307]
--- response_body_like eval
[qr/^package "acme" is blocked by rule "no_acme" \(pattern "acme"\)$/,
 qr/^package "acme" is blocked/, qr/^package "acme" is blocked/,
 qr/^package "acme" is blocked/, qr/^package "acme" is blocked/,
 qr/^$|Temporary Redirect/, qr/^$|Temporary Redirect/]



=== TEST 7: every reading, the other way round: a block of acme-1 refuses the file that reads as acme 1 too
--- http_config
    pkg_reroute_rule no_acme1 block { acme-1; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use no_acme1;
    pkg_reroute_redirect https://repo.example.test/gems;
    location / {
        root html;
    }
--- request eval
["GET /gems/acme-1-2.0-java.gem", "GET /gems/acme-1-2.0.gem",
 "GET /gems/acme-1.0-java.gem"]
--- error_code eval
[403, 403, 307]
--- response_body_like eval
[qr/^package "acme-1" is blocked by rule "no_acme1" \(pattern "acme-1"\)$/,
 qr/^package "acme-1" is blocked/, qr/^$|Temporary Redirect/]



=== TEST 8: under an allow rule every reading must be allowed
--- http_config
    pkg_reroute_rule only_acme1 allow { acme-1; }
    pkg_reroute_rule both allow { acme-1; acme; }
--- config
    pkg_reroute rubygems;
    pkg_reroute_redirect https://repo.example.test/gems;
    location /one/ {
        pkg_reroute rubygems prefix=/one;
        pkg_reroute_use only_acme1;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
    location /both/ {
        pkg_reroute rubygems prefix=/both;
        pkg_reroute_use both;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
--- request eval
["GET /one/gems/acme-1-2.0-java.gem", "GET /both/gems/acme-1-2.0-java.gem",
 "GET /one/info/acme-1"]
--- error_code eval
[403, 307, 307]
--- response_headers eval
["!Location",
 "Location: https://repo.example.test/gems/gems/acme-1-2.0-java.gem",
 "Location: https://repo.example.test/gems/info/acme-1"]
--- response_body_like eval
[qr/^package "acme" is not allowed by rule "only_acme1"$/,
 qr/^$|Temporary Redirect/, qr/^$|Temporary Redirect/]



=== TEST 9: what the catalogue lacks is unknown: 403 with the reason (block rule, redirect mode)
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
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_headers eval
::all("X-Vars: unknown\n!Location", $::unknown)
--- response_body eval
::unknown_bodies($::unknown)



=== TEST 10: what the catalogue lacks is unknown under an allow rule too (redirect mode)
--- http_config
    pkg_reroute_rule gems_only allow { rails; rails.json; yank; unyank; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems_only;
    pkg_reroute_redirect https://repo.example.test/gems;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_headers eval
::all("X-Vars: unknown\n!Location", $::unknown)
--- response_body eval
::unknown_bodies($::unknown)



=== TEST 11: what the catalogue lacks is unknown in cache mode: the upstream is never contacted (block rule)
--- http_config
    pkg_reroute_rule gems block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies($::unknown)



=== TEST 12: what the catalogue lacks is unknown in cache mode under an allow rule
--- http_config
    pkg_reroute_rule gems_only allow { rails; rails.json; yank; unyank; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute rubygems;
    pkg_reroute_use gems_only;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies($::unknown)



=== TEST 13: an unknown request is logged at info with its reason, and says so in X-Pkg-Reroute-Reason
--- config
    pkg_reroute rubygems;
    pkg_reroute_redirect https://repo.example.test/gems;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request
POST /api/v1/gems
GEMDATA
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Reason: not a known rubygems endpoint: no such endpoint
--- response_body
not a known rubygems endpoint: no such endpoint
--- error_log
[info]
not a known rubygems endpoint: no such endpoint
--- no_error_log
[error]
