# Cargo's endpoint catalogue, closed by default: every row's examples are
# rerouted with the right Location; a blocked crate is refused at every
# row that names one, whatever the method; and what the catalogue does not
# hold (publish, readmes without a version, source zips, feeds, the git
# index, other API routes, another method at a known row, the index's
# stray paths) is unknown: 403 in block and allow mode, redirect and
# cache mode, the upstream never contacted.
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
sub json_error {
    my $m = shift;
    $m =~ s/(["\\])/\\$1/g;
    qq({"errors":[{"detail":"$m"}]}\n)
}

# the denial of each case, by the name it blocks (corp-x when none given)
sub blocked_bodies {
    [ map { my $n = $_->[2] // 'corp-x';
            my $pat = $n =~ /^corp-/ ? 'corp-*' : $n;
            json_error(qq(package "$n" is blocked by rule "crates" )
                       . qq[(pattern "$pat")]) } @{ $_[0] } ]
}

# the rows' GET and HEAD examples: the Location path (and query)
our $rows = cases(<<'_');
GET /1/a                                            /1/a
HEAD /1/A                                           /1/A
GET /2/cc                                           /2/cc
GET /3/s/syn                                        /3/s/syn
GET /se/rd/serde                                    /se/rd/serde
GET /se/rd/serde_json                               /se/rd/serde_json
GET /crates/serde/1.0.197/download                  /crates/serde/1.0.197/download
GET /crates/serde/serde-1.0.197.crate               /crates/serde/serde-1.0.197.crate
GET /readmes/serde/serde-1.0.197.html               /readmes/serde/serde-1.0.197.html
GET /api/v1/crates/serde/1.0.197/download           /api/v1/crates/serde/1.0.197/download
GET /api/v1/crates/serde                            /api/v1/crates/serde
GET /api/v1/crates/serde/downloads                  /api/v1/crates/serde/downloads
GET /api/v1/crates/serde/reverse_dependencies?per_page=10 /api/v1/crates/serde/reverse_dependencies?per_page=10
GET /api/v1/crates/serde/versions                   /api/v1/crates/serde/versions
GET /api/v1/crates/serde/owners                     /api/v1/crates/serde/owners
GET /api/v1/crates/serde/1.0.197                    /api/v1/crates/serde/1.0.197
GET /api/v1/crates/serde/1.0.197/readme             /api/v1/crates/serde/1.0.197/readme
GET /api/v1/crates/serde/1.0.197/dependencies       /api/v1/crates/serde/1.0.197/dependencies
GET /config.json                                    /config.json
GET /api/v1/crates?q=serde&per_page=10              /api/v1/crates?q=serde&per_page=10
_

# the rows' other methods: not rerouted, they reach the location
our $writes = cases(<<'_');
PUT /api/v1/crates/serde/owners
DELETE /api/v1/crates/serde/owners
DELETE /api/v1/crates/serde/1.0.0/yank
PUT /api/v1/crates/serde/1.0.0/unyank
PUT /api/v1/crates/serde/follow
DELETE /api/v1/crates/serde
PATCH /api/v1/crates/serde/1.0.0
POST /api/v1/crates/serde/1.0.0/rebuild_docs
_

# a blocked crate at every row that names one, whatever the method
our $blocked = cases(<<'_');
GET /1/x x
GET /2/xy xy
GET /3/c/cxy cxy
GET /co/rp/corp-x
GET /Co/rp/Corp_X
PUT /co/rp/corp-x
GET /crates/corp-x/1.0.0/download
DELETE /crates/corp-x/1.0.0/download
GET /crates/corp-x/corp-x-1.0.0.crate
GET /readmes/corp-x/corp-x-1.0.0.html
GET /api/v1/crates/corp-x/1.0.0/download
POST /api/v1/crates/corp-x/1.0.0/download
GET /api/v1/crates/corp-x
PATCH /api/v1/crates/corp-x
DELETE /api/v1/crates/corp-x
GET /api/v1/crates/corp-x/downloads
GET /api/v1/crates/corp-x/versions
GET /api/v1/crates/corp-x/owners
PUT /api/v1/crates/corp-x/owners
DELETE /api/v1/crates/corp-x/owners
PUT /api/v1/crates/corp-x/follow
GET /api/v1/crates/corp-x/1.0.0
GET /api/v1/crates/corp-x/1.0.0/readme
GET /api/v1/crates/corp-x/1.0.0/dependencies
DELETE /api/v1/crates/corp-x/1.0.0/yank
PUT /api/v1/crates/corp-x/1.0.0/unyank
POST /api/v1/crates/corp-x/1.0.0/rebuild_docs
GET /api/v1/crates/corp-x/readme
GET /crates/corp-x/corp-x-1.0.0.zip
GET /rss/crates/corp-x.xml
_

# what the catalogue lacks: the reason (N: no such endpoint, M: method)
our $unknown = cases(<<'_');
PUT /api/v1/crates/new                              N
GET /api/v1/crates/new                              N
POST /api/v1/crates                                 M
GET /api/v1/crates/serde/readme                     N
GET /api/v1/crates/serde/1.0.0/frobnicate           N
GET /api/v1/crates/serde/1.0.0/yank                 M
PUT /api/v1/crates/serde/1.0.0/yank                 M
DELETE /api/v1/crates/serde/1.0.0/unyank            M
POST /api/v1/crates/serde/versions                  M
PUT /api/v1/crates/serde                            M
PUT /api/v1/crates/serde/1.0.0/download             M
POST /config.json                                   M
PUT /se/rd/serde                                    M
DELETE /crates/serde/serde-1.0.0.crate              M
GET /crates/serde/serde-1.0.0.zip                   N
GET /crates/serde/serde-1.0.0.zip.json              N
GET /rss/crates/serde.xml                           N
GET /rss/crates.xml                                 N
GET /rss/updates.xml                                N
GET /og-images/serde.png                            N
GET /db-dump.tar.gz                                 N
GET /api/v1/summary                                 N
GET /api/v1/me                                      N
GET /api/v1/keywords                                N
GET /api/openapi.json                               N
GET /git/index/info/refs?service=git-upload-pack    N
POST /git/index/git-upload-pack                     N
GET /3/syn                                          N
GET /se/rd                                          N
GET /                                               N
_

sub unknown_bodies {
    [ map { json_error("not a known cargo endpoint: "
                       . ($_->[2] eq 'M' ? 'method not served at this endpoint'
                                         : 'no such endpoint')) }
          @{ $_[0] } ]
}

run_tests();

__DATA__

=== TEST 1: every row's GET and HEAD examples are rerouted, with the canonical path in Location
--- http_config
    pkg_reroute_rule crates block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::rows)
--- error_code eval
::all(307, $::rows)
--- response_headers eval
[ map { "Location: https://repo.example.test/cargo$_->[2]" } @$::rows ]
--- no_error_log
[error]



=== TEST 2: the rows' other methods are not rerouted: they reach the location, after the rule
--- http_config
    pkg_reroute_rule crates block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::writes)
--- error_code eval
::all(200, $::writes)
--- response_body eval
::all("reached\n", $::writes)
--- response_headers eval
::all("X-Vars: write|serde|pass\n!Location", $::writes)
--- no_error_log
[error]



=== TEST 3: a blocked crate is refused at every row that names one, whatever the method (redirect mode)
--- http_config
    pkg_reroute_rule crates block { corp-*; x; xy; cxy; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
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
::blocked_bodies($::blocked)



=== TEST 4: a blocked crate is refused at every row that names one, whatever the method (cache mode: the upstream is never contacted)
--- http_config
    pkg_reroute_rule crates block { corp-*; x; xy; cxy; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked)
--- error_code eval
::all(403, $::blocked)
--- response_headers eval
::all("X-Vars: block", $::blocked)
--- response_body eval
::blocked_bodies($::blocked)



=== TEST 5: what the catalogue lacks is unknown: 403 with the reason (block rule, redirect mode)
--- http_config
    pkg_reroute_rule crates block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    pkg_reroute_redirect https://repo.example.test/cargo;
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



=== TEST 6: what the catalogue lacks is unknown under an allow rule too (redirect mode)
--- http_config
    pkg_reroute_rule vetted allow { serde; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use vetted;
    pkg_reroute_redirect https://repo.example.test/cargo;
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



=== TEST 7: what the catalogue lacks is unknown in cache mode: the upstream is never contacted (block rule)
--- http_config
    pkg_reroute_rule crates block { corp-*; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use crates;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies($::unknown)



=== TEST 8: what the catalogue lacks is unknown in cache mode under an allow rule
--- http_config
    pkg_reroute_rule vetted allow { serde; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute cargo;
    pkg_reroute_use vetted;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies($::unknown)



=== TEST 9: publishing through a checked location is unknown, in cargo's format, logged at info: the crate's name is inside the body
--- config
    pkg_reroute cargo;
    pkg_reroute_redirect https://repo.example.test/cargo;
    location / {
        proxy_pass http://127.0.0.1:1;
    }
--- request
PUT /api/v1/crates/new
CRATE
--- error_code: 403
--- response_headers
Content-Type: application/json
X-Pkg-Reroute-Reason: not a known cargo endpoint: no such endpoint
--- response_body
{"errors":[{"detail":"not a known cargo endpoint: no such endpoint"}]}
--- error_log
[info]
not a known cargo endpoint: no such endpoint
--- no_error_log
[error]
