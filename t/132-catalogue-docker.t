# Docker's endpoint catalogue, closed by default: every row's examples
# pass in redirect mode (a read: a 307 to the canonical path; a write:
# the canonical path and query reach the registry); a blocked name is
# refused at every row that names one, whatever the method (a blob
# mount's from= too); the shapes no row holds, and the methods a route
# does not serve, are unknown: 403 in the registry's format, in block and
# allow mode, redirect and cache mode, and the upstream is never asked.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the registry: echoes method and URI
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();

my $SHA = 'sha256:' . ('a3ed95ca' x 8);
my $REPO = 'https://repo.example.test/docker';

# one case per line: "[METHOD] path [expectation]"; "$SHA" is a digest
sub cases {
    my @c;

    for (split /\n/, shift) {
        s/\$SHA/$SHA/g;
        s/^\s+//;
        s/\s+$//;
        next if $_ eq '' || /^# /;
        my @f = split /\s+/;
        unshift @f, 'GET' unless $f[0] =~ /^[A-Z]+$/;
        push @c, [@f];
    }

    return \@c;
}

sub json_str { my $s = shift; $s =~ s/(["\\])/\\$1/g; $s }

sub denied {
    qq({"errors":[{"code":"DENIED","message":") . json_str($_[0])
    . qq(","detail":null}]}\n)
}

sub is_read { $_[0] eq 'GET' || $_[0] eq 'HEAD' }

# a request of the runner: a body for the methods that send one
sub req {
    my ($m, $path) = @{ $_[0] };
    $m =~ /^(PUT|PATCH|POST)$/ ? "$m $path\n{}" : "$m $path";
}

sub requests { [ map { req($_) } @{ $_[0] } ] }

sub all { my ($v, $cases) = @_; [ ($v) x @$cases ] }

# the body of each case's answer: none for a HEAD
sub bodies {
    my ($v, $cases) = @_;
    [ map { $_->[0] eq 'HEAD' ? '' : $v } @$cases ];
}

# ---- the catalogue's rows: "METHOD path canonical" --------------------

# reads: a 307 to the canonical path and query; writes: what reaches the
# registry. Upload sessions' reads (the status of a push) go with the push.
our $rows = cases(<<'_');
GET /v2/ /v2/
GET /v2 /v2/
HEAD /v2/ /v2/
GET /v2/_catalog?n=100 /v2/_catalog?n=100
GET /token?service=ghcr.io&scope=repository:org/app:pull /token?service=ghcr.io&scope=repository:org/app:pull
POST /token /token
GET /token/?service=public.ecr.aws&scope=aws /token/?service=public.ecr.aws&scope=aws
GET /v2/auth?service=quay.io&scope=repository:org/app:pull /v2/auth?service=quay.io&scope=repository:org/app:pull
POST /v2/auth /v2/auth
GET /v2/token?scope=repository:project/app:pull&service=gcr.io /v2/token?scope=repository:project/app:pull&service=gcr.io
GET /service/token?service=harbor-registry&scope=repository:p/a:pull /service/token?service=harbor-registry&scope=repository:p/a:pull
POST /service/token /service/token
GET /v1/_ping /v1/_ping
GET /v1/search?q=nginx&n=25 /v1/search?q=nginx&n=25
GET /v2/nginx/manifests/latest /v2/library/nginx/manifests/latest
HEAD /v2/bitnami/redis/manifests/7.2 /v2/bitnami/redis/manifests/7.2
PUT /v2/myorg/team/app/manifests/v1.0 /v2/myorg/team/app/manifests/v1.0
DELETE /v2/myorg/app/manifests/v1.0 /v2/myorg/app/manifests/v1.0
GET /v2/library/nginx/manifests/1.25?ns=docker.io /v2/library/nginx/manifests/1.25
GET /v2/nginx/manifests/$SHA /v2/library/nginx/manifests/$SHA
PUT /v2/myorg/app/manifests/$SHA?tag=1&tag=2 /v2/myorg/app/manifests/$SHA?tag=1&tag=2
DELETE /v2/myorg/app/manifests/$SHA /v2/myorg/app/manifests/$SHA
GET /v2/library/nginx/blobs/$SHA /v2/library/nginx/blobs/$SHA
HEAD /v2/ghcr-user/tool/blobs/$SHA /v2/ghcr-user/tool/blobs/$SHA
DELETE /v2/myorg/app/blobs/$SHA /v2/myorg/app/blobs/$SHA
GET /v2/ubuntu/tags/list /v2/library/ubuntu/tags/list
GET /v2/myorg/app/tags/list?n=50&last=v1 /v2/myorg/app/tags/list?n=50&last=v1
GET /v2/nginx/referrers/$SHA /v2/library/nginx/referrers/$SHA
GET /v2/myorg/app/referrers/$SHA?artifactType=application/vnd.example.sbom /v2/myorg/app/referrers/$SHA?artifactType=application/vnd.example.sbom
POST /v2/myorg/app/blobs/uploads/ /v2/myorg/app/blobs/uploads/
POST /v2/myorg/app/blobs/uploads /v2/myorg/app/blobs/uploads/
POST /v2/myorg/app/blobs/uploads/?digest=$SHA /v2/myorg/app/blobs/uploads/?digest=$SHA
POST /v2/myorg/app/blobs/uploads/?ns=docker.io&digest-algorithm=sha512 /v2/myorg/app/blobs/uploads/?digest-algorithm=sha512
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=nginx /v2/myorg/app/blobs/uploads/?mount=$SHA&from=library/nginx
POST /v2/myorg/app/blobs/uploads/?from=myorg%2Fbase&mount=$SHA /v2/myorg/app/blobs/uploads/?mount=$SHA&from=myorg/base
PATCH /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a?_state=x /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a?_state=x
PUT /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a?digest=$SHA /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a?digest=$SHA
DELETE /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a
GET /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a
GET /extensions/v2/myorg/app/signatures/$SHA /extensions/v2/myorg/app/signatures/$SHA
GET /extensions/v2/nginx/signatures/$SHA /extensions/v2/library/nginx/signatures/$SHA
PUT /extensions/v2/myorg/app/signatures/$SHA /extensions/v2/myorg/app/signatures/$SHA
_

# 307 for a read (the status of an upload aside), 200 from the registry
sub rerouted { !($_[0][1] =~ m{/blobs/uploads/[^/?]} ) && is_read($_[0][0]) }

sub row_codes { [ map { rerouted($_) ? 307 : 200 } @{ $_[0] } ] }

sub row_headers {
    [ map { rerouted($_) ? "Location: $REPO$_->[2]" : "!Location" }
          @{ $_[0] } ]
}

sub row_bodies {
    [ map { rerouted($_) ? qr/^(?:|.*307.*)$/s
                         : qr/^\Q$_->[0] $_->[2]\E\n\z/ } @{ $_[0] } ]
}

# ---- a blocked name at every row that names one, every method ---------

# rule docker_block: library/redis, evil/**
our $blocked_redis = cases(<<'_');
GET /v2/redis/manifests/7
HEAD /v2/redis/manifests/7
PUT /v2/redis/manifests/7
DELETE /v2/redis/manifests/7
POST /v2/redis/manifests/7
PATCH /v2/redis/manifests/7
GET /v2/library/redis/manifests/$SHA
PUT /v2/redis/manifests/$SHA?tag=1
DELETE /v2/redis/manifests/$SHA
GET /v2/redis/blobs/$SHA
HEAD /v2/redis/blobs/$SHA
DELETE /v2/redis/blobs/$SHA
PUT /v2/redis/blobs/$SHA
GET /v2/redis/tags/list
HEAD /v2/redis/tags/list?n=1
POST /v2/redis/tags/list
GET /v2/redis/referrers/$SHA
DELETE /v2/redis/referrers/$SHA
POST /v2/redis/blobs/uploads/
POST /v2/redis/blobs/uploads/?digest=$SHA
GET /v2/redis/blobs/uploads/
DELETE /v2/redis/blobs/uploads/
PATCH /v2/redis/blobs/uploads/u1
PUT /v2/redis/blobs/uploads/u1?digest=$SHA
DELETE /v2/redis/blobs/uploads/u1
GET /v2/redis/blobs/uploads/u1
POST /v2/redis/blobs/uploads/u1
GET /extensions/v2/redis/signatures/$SHA
PUT /extensions/v2/redis/signatures/$SHA
DELETE /extensions/v2/redis/signatures/$SHA
_

our $blocked_evil = cases(<<'_');
GET /v2/evil/miner/manifests/latest
PUT /v2/evil/miner/manifests/latest
POST /v2/evil/miner/blobs/uploads/
PATCH /v2/evil/miner/blobs/uploads/u1
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=evil/miner
POST /v2/myorg/app/blobs/uploads/?from=evil%2Fminer&mount=$SHA
POST /v2/myorg/app/blobs/uploads/?%6dount=$SHA&%66rom=evil/miner
POST /v2/myorg/app/blobs/uploads/?MOUNT=$SHA&FROM=evil/miner
POST /v2/myorg/app/blobs/uploads/?a=1;from=evil/miner&mount=$SHA
POST /v2/evil/miner/blobs/uploads/?mount=$SHA&from=myorg/app
GET /v2/myorg/app/blobs/uploads/?mount=$SHA&from=evil/miner
_

# the canonical name of each denial
sub names_of { my $n = shift; [ map { $n } @{ $_[0] } ] }

# ---- unknown: no such endpoint ---------------------------------------

our $unknown_shapes = cases(<<'_');
GET /
GET /index.html
GET /v1/
GET /v1/repositories/library/nginx/tags
GET /v1/repositories/library/nginx/images
GET /v1/images/0123456789abcdef/layer
GET /v1/images/0123456789abcdef/json
PUT /v1/repositories/myorg/app/
GET /v1/users/
GET /v2/library/nginx
GET /v2/library/nginx/
GET /v2/library/nginx/manifests
GET /v2/library/nginx/foo
GET /v2/library/nginx/manifests/latest/extra
GET /v2/library/nginx/blobs/uploads/u1/x
GET /v2/_catalog/x
GET /v2/auth/x
GET /v2/repositories/library/nginx/tags
GET /v2/search/repositories?query=nginx
GET /token/x
GET /service/x
GET /v2/tokens
GET /api/v1/repository/org/app
GET /extensions/v2/library/nginx/foo
GET /extensions/v2/library/nginx/signatures
GET /-/v1/search?text=x
_

# methods a route does not serve, where no repository is named
our $unknown_methods = cases(<<'_');
POST /v2/
DELETE /v2/
PUT /v2/_catalog
DELETE /v2/_catalog
PUT /token
DELETE /v2/auth
PATCH /v2/token
DELETE /service/token
POST /v1/_ping
POST /v1/search?q=x
_

# methods a route does not serve, on a repository the rule lets through
our $unknown_named = cases(<<'_');
POST /v2/library/nginx/manifests/latest
PATCH /v2/nginx/manifests/latest
PATCH /v2/nginx/blobs/$SHA
POST /v2/nginx/blobs/$SHA
PUT /v2/nginx/tags/list
DELETE /v2/nginx/referrers/$SHA
GET /v2/nginx/blobs/uploads/
HEAD /v2/nginx/blobs/uploads/
PUT /v2/nginx/blobs/uploads/
PATCH /v2/nginx/blobs/uploads/
POST /v2/nginx/blobs/uploads/u1
DELETE /extensions/v2/nginx/signatures/$SHA
_

sub unknown_body {
    my ($why, $cases) = @_;
    bodies(denied("not a known docker endpoint: $why"), $cases);
}

sub unknown_reason {
    my ($why, $cases) = @_;
    all("X-Pkg-Reroute-Reason: not a known docker endpoint: $why", $cases);
}

# ---- invalid: 400 NAME_INVALID ---------------------------------------

our $invalid = cases(<<'_');
POST /v2/myorg/app/blobs/uploads/?mount=$SHA
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=myorg/base&from=evil/miner
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=myorg/base;from=evil/miner
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=myorg/base&fr%6fm=evil/miner
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=Evil/Miner
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=evil/../miner
POST /v2/myorg/app/blobs/uploads/?mount=$SHA&from=
POST /v2/myorg/app/blobs/uploads/?mount=latest&from=myorg/base
POST /v2/myorg/app/blobs/uploads/?digest=latest
GET /extensions/v2/nginx/signatures/latest
GET /v2/manifests/latest
_

run_tests();

__DATA__

=== TEST 1: every row's examples: reads are redirected to the canonical path, writes reach the registry canonical
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "$request_method $request_uri\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests($::rows)
--- error_code eval
::row_codes($::rows)
--- response_headers eval
::row_headers($::rows)
--- response_body_like eval
::row_bodies($::rows)
--- no_error_log
[error]



=== TEST 2: every row's examples pass an allow rule that lists their repositories
--- http_config
    pkg_reroute_rule docker_allow allow {
        library/nginx; library/ubuntu; bitnami/redis; "myorg/**";
        ghcr-user/tool;
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "$request_method $request_uri\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests($::rows)
--- error_code eval
::row_codes($::rows)
--- response_headers eval
::row_headers($::rows)
--- response_body_like eval
::row_bodies($::rows)
--- no_error_log
[error]



=== TEST 3: a blocked official image is refused at every row that names it, whatever the method
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked_redis)
--- error_code eval
::all(403, $::blocked_redis)
--- response_headers eval
::all("X-Vars: library/redis|block\n!Location", $::blocked_redis)
--- response_body eval
::bodies(::denied('package "library/redis" is blocked by rule "docker_block" (pattern "library/redis")'), $::blocked_redis)



=== TEST 4: a blocked namespace is refused, also as the repository a blob mount reads from
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked_evil)
--- error_code eval
::all(403, $::blocked_evil)
--- response_headers eval
::all("X-Vars: evil/miner|block\n!Location", $::blocked_evil)
--- response_body eval
::bodies(::denied('package "evil/miner" is blocked by rule "docker_block" (pattern "evil/**")'), $::blocked_evil)



=== TEST 5: under an allow rule a blob mount needs both repositories allowed
--- http_config
    pkg_reroute_rule docker_allow allow { "myorg/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "$request_method $request_uri\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["POST /v2/myorg/app/blobs/uploads/?mount=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca&from=myorg/base",
 "POST /v2/myorg/app/blobs/uploads/?mount=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca&from=nginx",
 "POST /v2/nginx/blobs/uploads/?mount=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca&from=myorg/base"]
--- error_code eval
[200, 403, 403]
--- response_body eval
["POST /v2/myorg/app/blobs/uploads/?mount=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca&from=myorg/base\n",
 ::denied('package "library/nginx" is not allowed by rule "docker_allow"'),
 ::denied('package "library/nginx" is not allowed by rule "docker_allow"')]



=== TEST 6: shapes no registry serves are unknown: 403 DENIED, the reason in a header, logged at info (block mode)
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::unknown_shapes)
--- error_code eval
::all(403, $::unknown_shapes)
--- response_headers eval
::unknown_reason("no such endpoint", $::unknown_shapes)
--- response_body eval
::unknown_body("no such endpoint", $::unknown_shapes)
--- error_log
[info]
not a known docker endpoint: no such endpoint
--- no_error_log
[error]



=== TEST 7: unknown shapes under an allow rule
--- http_config
    pkg_reroute_rule docker_allow allow { "**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::unknown_shapes)
--- error_code eval
::all(403, $::unknown_shapes)
--- response_body eval
::unknown_body("no such endpoint", $::unknown_shapes)
--- no_error_log
[error]



=== TEST 8: methods a route does not serve are unknown, in block and allow mode
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests([@$::unknown_methods, @$::unknown_named])
--- error_code eval
::all(403, [@$::unknown_methods, @$::unknown_named])
--- response_headers eval
[ @{ ::all("X-Vars: |unknown", $::unknown_methods) },
  @{ ::all("X-Vars: library/nginx|unknown", $::unknown_named) } ]
--- response_body eval
::unknown_body("method not served at this endpoint", [@$::unknown_methods, @$::unknown_named])
--- no_error_log
[error]



=== TEST 9: methods a route does not serve, under an allow rule that lists the repository
--- http_config
    pkg_reroute_rule docker_allow allow { library/nginx; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    pkg_reroute_redirect https://repo.example.test/docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests([@$::unknown_methods, @$::unknown_named])
--- error_code eval
::all(403, [@$::unknown_methods, @$::unknown_named])
--- response_body eval
::unknown_body("method not served at this endpoint", [@$::unknown_methods, @$::unknown_named])
--- no_error_log
[error]



=== TEST 10: cache mode, block rule: unknown shapes and methods never reach the upstream
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkg_docker:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    proxy_cache pkg_docker;
    proxy_cache_key $pkg_reroute_cache_key;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests([@$::unknown_shapes, @$::unknown_methods, @$::unknown_named])
--- error_code eval
::all(403, [@$::unknown_shapes, @$::unknown_methods, @$::unknown_named])
--- response_body eval
[ @{ ::unknown_body("no such endpoint", $::unknown_shapes) },
  @{ ::unknown_body("method not served at this endpoint", [@$::unknown_methods, @$::unknown_named]) } ]
--- no_error_log
[error]



=== TEST 11: cache mode, allow rule: unknown shapes and methods never reach the upstream
--- http_config
    pkg_reroute_rule docker_allow allow { library/nginx; }
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkg_docker:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_allow;
    proxy_cache pkg_docker;
    proxy_cache_key $pkg_reroute_cache_key;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests([@$::unknown_shapes, @$::unknown_methods, @$::unknown_named])
--- error_code eval
::all(403, [@$::unknown_shapes, @$::unknown_methods, @$::unknown_named])
--- response_body eval
[ @{ ::unknown_body("no such endpoint", $::unknown_shapes) },
  @{ ::unknown_body("method not served at this endpoint", [@$::unknown_methods, @$::unknown_named]) } ]
--- no_error_log
[error]



=== TEST 12: cache mode: a blocked name at every row and method, and as a mount's from=, never reaches the upstream
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkg_docker:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    proxy_cache pkg_docker;
    proxy_cache_key $pkg_reroute_cache_key;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests([@$::blocked_redis, @$::blocked_evil])
--- error_code eval
::all(403, [@$::blocked_redis, @$::blocked_evil])
--- response_body eval
[ @{ ::bodies(::denied('package "library/redis" is blocked by rule "docker_block" (pattern "library/redis")'), $::blocked_redis) },
  @{ ::bodies(::denied('package "evil/miner" is blocked by rule "docker_block" (pattern "evil/**")'), $::blocked_evil) } ]



=== TEST 13: a blob upload's arguments that cannot be checked: 400 NAME_INVALID, never the upstream
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request eval
::requests($::invalid)
--- error_code eval
::all(400, $::invalid)
--- response_body_like eval
::all(qr/^\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: [^"]+","detail":null\}\]\}$/, $::invalid)
--- no_error_log
[error]



=== TEST 14: a mount's arguments in a form body (Go's FormValue reads them first) are refused
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- more_headers
Content-Type: Application/X-WWW-Form-Urlencoded; charset=utf-8
--- request eval
["POST /v2/myorg/app/blobs/uploads/?mount=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca&from=myorg/base
from=evil/miner",
 "POST /v2/myorg/app/blobs/uploads/
mount=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca&from=evil/miner",
 "POST /token
grant_type=refresh_token&service=registry&scope=repository:myorg/app:pull"]
--- error_code eval
[400, 400, 200]
--- response_body eval
["{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"invalid docker request: a form body where the query names a repository\",\"detail\":null}]}\n",
 "{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"invalid docker request: a form body where the query names a repository\",\"detail\":null}]}\n",
 "reached\n"]



=== TEST 15: a multipart form body on a blob upload is refused too
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- more_headers
Content-Type: multipart/form-data; boundary=x
--- request
POST /v2/myorg/app/blobs/uploads/?digest=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca
--x--
--- error_code: 400



=== TEST 16: a blob's own body (octet-stream) passes to the registry
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- more_headers
Content-Type: application/octet-stream
--- request
POST /v2/myorg/app/blobs/uploads/?digest=sha256:a3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95caa3ed95ca
0123456789
--- error_code: 200
--- response_body
reached



=== TEST 17: pkg_reroute_unknown pass lets unknown shapes through under a block rule, a blocked name still refused
--- http_config
    pkg_reroute_rule docker_block block { library/redis; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    pkg_reroute docker;
    pkg_reroute_use docker_block;
    pkg_reroute_unknown pass;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /v1/repositories/library/nginx/tags", "POST /v2/nginx/manifests/latest\n{}", "POST /v2/redis/manifests/latest\n{}"]
--- error_code eval
[200, 200, 403]
--- response_headers eval
["X-Vars: |pass", "X-Vars: library/nginx|pass", "X-Vars: library/redis|block"]



=== TEST 18: cache mode that forwards the client's credentials (docker-cache.conf before pkg_reroute_docker_token): token realms are never stored, /v2/ is; the client's bearer token goes upstream and what it fetched is neither stored nor served from the cache
--- http_config
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkg_docker:1m;
    map $uri $pkg_docker_token {
        ~^/(token|v2/auth|v2/token|service/token)/?$  1;
        default                                      "";
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "$request_id\n"; }
    }
--- config
    pkg_reroute docker;
    proxy_cache pkg_docker;
    proxy_cache_key $pkg_reroute_cache_key;
    proxy_no_cache $pkg_docker_token $pkg_reroute_credentials;
    proxy_cache_bypass $pkg_docker_token $pkg_reroute_credentials;
    pkg_reroute_client_credentials forward;
    proxy_cache_valid 200 401 10m;
    add_header X-Cache-Status $upstream_cache_status always;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /token?service=ghcr.io&scope=repository:org/app:pull",
 "GET /token?service=ghcr.io&scope=repository:org/app:pull",
 "GET /v2/auth?service=quay.io", "GET /v2/token?service=gcr.io",
 "GET /service/token?service=harbor-registry", "GET /v2/", "GET /v2/",
 "GET /v2/library/alpine/manifests/3.19",
 "GET /v2/library/alpine/manifests/3.19",
 "GET /v2/library/alpine/manifests/3.19",
 "GET /v2/library/alpine/manifests/3.19"]
--- more_headers eval
["", "", "", "", "", "", "", "Authorization: Bearer t1", "",
 "", "Authorization: Bearer t1"]
--- error_code eval
[200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]
--- response_headers eval
["X-Cache-Status: BYPASS", "X-Cache-Status: BYPASS",
 "X-Cache-Status: BYPASS", "X-Cache-Status: BYPASS",
 "X-Cache-Status: BYPASS", "X-Cache-Status: MISS", "X-Cache-Status: HIT",
 "X-Cache-Status: BYPASS", "X-Cache-Status: MISS", "X-Cache-Status: HIT",
 "X-Cache-Status: BYPASS"]
--- no_error_log
[error]
