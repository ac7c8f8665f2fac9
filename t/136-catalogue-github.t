# The GitHub and GitLab endpoint catalogue, closed by default: every row's
# example is rerouted with the canonical Location (redirect mode) and
# reaches the upstream as the canonical path (cache mode); a blocked
# repository is refused at every row that names one, whatever the method;
# the shapes no row holds (opaque numeric ids, what names no repository,
# GitLab's other API resources) and the methods a row does not serve are
# denied as unknown, in block and allow mode, redirect and cache mode,
# and never reach the upstream.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_UPSTREAM_PORT  the upstream: echoes the URI it got
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();

my $OID = '0123456789abcdef' x 4;

# one case per line: "[METHOD] path[?query] [expectation ...]"
sub cases {
    my @c;

    for (split /\n/, shift) {
        s/\$OID/$OID/g;
        s/^\s+//;
        s/\s+$//;
        next if $_ eq '' || /^# /;
        my @f = split /\s+/;
        unshift @f, 'GET' unless $f[0] =~ /^[A-Z]+$/;
        push @c, [@f];
    }

    return \@c;
}

# the request line of each case; a POST carries a body, GET and HEAD none
sub requests {
    [ map { $_->[0] eq 'GET' || $_->[0] eq 'HEAD' ? "$_->[0] $_->[1]"
                                                  : "$_->[0] $_->[1]\n0000" }
      @{ $_[0] } ]
}

sub all { my ($v, $cases) = @_; [ ($v) x @$cases ] }

# the Location: the target + the expectation, or the path itself
sub locations {
    my ($base, $cases) = @_;
    [ map { "Location: $base" . ($_->[2] // $_->[1]) } @$cases ]
}

# cache mode: the upstream's echo of what it got
sub echoes {
    my ($cases) = @_;
    [ map { ($_->[2] // $_->[1]) . "\n" } @$cases ]
}

sub blocked_vars { [ map { "X-Vars: $_->[2]|block\n!Location" } @{ $_[0] } ] }

sub unknown_bodies {
    my ($reason, $cases) = @_;
    [ map { "not a known github endpoint: " . ($_->[2] // $reason) . "\n" }
      @$cases ]
}


# ======================================================================
# every row's examples, as pkg_reroute_redirect sends them on

our $rows = cases(<<'_');
/nginx/nginx/archive/refs/tags/release-1.25.3.tar.gz
/corp/tool/archive/refs/heads/feature/x.zip
/corp/tool.git/archive/refs/heads/main.zip               /corp/tool/archive/refs/heads/main.zip
/corp/tool/archive/v1.0.0.zip
/corp/tool/archive/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.tar.gz
/corp/tool/tar.gz/refs/tags/v1.0.0
/corp/tool/zip/main
/corp/tool/legacy.tar.gz/refs/heads/main
/corp/tool/tarball/v1.0
/corp/tool/zipball/refs/heads/main
/cli/cli/releases/download/v2.46.0/gh_2.46.0_linux_amd64.tar.gz
/corp/tool/releases/download/cli/v2.1/tool.zip
/corp/tool/releases/latest/download/tool-linux-amd64.zip
/corp/tool/raw/main/setup.py
/corp/tool/raw/refs/heads/main/src/x.c
/corp/tool/blob/main/install.sh?raw=true
/corp/tool/blob/v1.0/docs/README.md
/corp/tool/main/install.sh
/corp/tool/refs/heads/main/src/x.c
/corp/tool/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567/setup.py
/raw/corp/tool/main/install.sh
/corp/tool.git/info/refs?service=git-upload-pack
/corp/tool/info/refs?service=git-upload-pack             /corp/tool.git/info/refs?service=git-upload-pack
/group/sub/project.git/info/refs?service=git-receive-pack
POST /corp/tool.git/git-upload-pack
POST /corp/tool/git-upload-pack                          /corp/tool.git/git-upload-pack
POST /group/sub/project.git/git-upload-pack
POST /corp/tool.git/git-receive-pack
POST /corp/tool.git/info/lfs/objects/batch
/group/project.git/gitlab-lfs/objects/$OID
/repos/corp/tool/tarball/v1.0.0
/repos/corp/tool/zipball
/api/v3/repos/corp/tool/tarball/main
/repos/corp/tool
/repos/corp/tool/contents/setup.py?ref=main
/repos/corp/tool/contents
/repos/corp/tool/readme
/repos/corp/tool/readme/docs
/repos/corp/tool/git/blobs/3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15
/repos/corp/tool/git/trees/main?recursive=1
/repos/corp/tool/git/refs/tags
/repos/corp/tool/git/ref/heads/main
/repos/corp/tool/git/matching-refs/tags/v1
/repos/corp/tool/commits/main
/repos/corp/tool/commits
/repos/corp/tool/tags
/repos/corp/tool/branches/main
/repos/corp/tool/releases
/repos/corp/tool/releases/latest
/repos/corp/tool/releases/tags/v1.0
/repos/corp/tool/releases/1/assets
/repos/corp/tool/releases/assets/12345
/repos/corp/tool/actions/artifacts/42/zip
/repos/corp/tool/actions/artifacts
/gitlab-org/gitlab-runner/-/archive/v16.10.0/gitlab-runner-v16.10.0.tar.gz
/group/sub/project/-/archive/main/project-main.zip
/group/project/-/raw/main/install.sh
/group/sub/project/-/raw/v1.0/src/x.c?inline=false
/group/project/-/blob/main/setup.py?format=json
/group/project/-/jobs/artifacts/main/download?job=build
/group/sub/project/-/jobs/artifacts/v1.0/raw/dist/x.whl?job=build
/group/project/-/jobs/123/artifacts/download
/group/project/-/jobs/123/artifacts/raw/dist/x.tar.gz
/group/project/-/releases
/group/project/-/releases/v1.0
/group/project/-/releases/permalink/latest
/group/project/-/releases/v1.0/downloads/bin/tool
/group/project/-/releases/permalink/latest/downloads/tool.zip
/group/project/-/package_files/77/download
/group/project/-/uploads/0123456789abcdef/tool.zip
/api/v4/projects/group%2Fproject/repository/archive?sha=v1.0
/api/v4/projects/group%2Fsub%2Fproject/repository/archive.zip
/api/v4/projects/group/project/repository/archive        /api/v4/projects/group%2Fproject/repository/archive
/api/v4/projects/group%2Fproject/repository/files/src%2Fx.c/raw?ref=main
/api/v4/projects/group%2Fproject/repository/files/setup.py?ref=v1
/api/v4/projects/group%2Fproject/repository/blobs/3a0f86fb/raw
/api/v4/projects/group%2Fproject/repository/tree?ref=main
/api/v4/projects/group%2Fproject/repository/tags
/api/v4/projects/group%2Fproject/repository/commits/main
/api/v4/projects/group%2Fproject/releases
/api/v4/projects/group%2Fproject/releases/v1.0
/api/v4/projects/group%2Fproject/releases/v1.0/downloads/bin/tool
/api/v4/projects/group%2Fproject/jobs/artifacts/main/download?job=build
/api/v4/projects/group%2Fproject/jobs/artifacts/main/raw/dist/x.whl?job=build
/api/v4/projects/group%2Fproject/jobs/123/artifacts
/api/v4/projects/group%2Fproject/packages/generic/tool/1.0/tool.tar.gz
/rate_limit
HEAD /corp/tool/archive/v1.0.0.zip
HEAD /corp/tool/main/install.sh
_

# what cache mode sends: no HEAD (no body to compare)
our $rows_get = [ grep { $_->[0] ne 'HEAD' } @$rows ];


# ======================================================================
# a blocked repository (gh-deny: evil/*, evil/**) at every row that names
# one, and at the leaks the issue lists, whatever the method:
# "METHOD path name"

our $blocked = cases(<<'_');
GET /evil/repo/archive/refs/tags/v1.tar.gz                   evil/repo
PUT /evil/repo/archive/v1.zip                                evil/repo
DELETE /evil/repo/tar.gz/refs/heads/main                     evil/repo
PATCH /evil/repo/zipball/main                                evil/repo
GET /evil/repo/releases/download/v1/x.zip                    evil/repo
POST /evil/repo/releases/latest/download/x.zip               evil/repo
GET /evil/repo/raw/main/setup.py                             evil/repo
GET /evil/repo/blob/main/setup.py?raw=true                   evil/repo
GET /Evil/Repo/blob/main/setup.py?raw=true                   evil/repo
GET /evil/repo/main/setup.py                                 evil/repo
GET /evil/repo/refs/heads/main/setup.py                      evil/repo
GET /raw/evil/repo/main/setup.py                             evil/repo
GET /evil/repo/info/refs?service=git-upload-pack             evil/repo
GET /evil/repo.git/info/refs?service=git-upload-pack         evil/repo
POST /evil/repo.git/git-upload-pack                          evil/repo
POST /evil/repo/git-upload-pack                              evil/repo
POST /evil/repo.git/git-receive-pack                         evil/repo
POST /evil/repo.git/info/lfs/objects/batch                   evil/repo
GET /evil/repo.git/gitlab-lfs/objects/$OID                   evil/repo
GET /evil/repo.wiki.git/info/refs?service=git-upload-pack    evil/repo.wiki
GET /repos/evil/repo/contents/setup.py?ref=main              evil/repo
GET /repos/evil/repo/contents                                evil/repo
GET /repos/evil/repo/readme                                  evil/repo
GET /repos/evil/repo/git/blobs/3a0f86fb                      evil/repo
GET /repos/evil/repo/git/trees/main                          evil/repo
GET /repos/evil/repo/git/refs/tags                           evil/repo
GET /repos/evil/repo/commits/main                            evil/repo
GET /repos/evil/repo/tags                                    evil/repo
GET /repos/evil/repo                                         evil/repo
GET /repos/evil/repo/releases/latest                         evil/repo
GET /repos/evil/repo/releases/assets/12345                   evil/repo
GET /repos/evil/repo/actions/artifacts/42/zip                evil/repo
GET /repos/evil/repo/zipball                                 evil/repo
GET /repos/evil/repo/tarball/v1                              evil/repo
GET /api/v3/repos/evil/repo/contents/x.py                    evil/repo
DELETE /repos/evil/repo/contents/x.py                        evil/repo
GET /repos/evil/repo/issues                                  evil/repo
GET /evil/repo/-/archive/main/repo-main.zip                  evil/repo
GET /evil/repo/-/raw/main/setup.py                           evil/repo
GET /evil/repo/-/blob/main/setup.py?format=json              evil/repo
GET /evil/repo/-/jobs/artifacts/main/raw/x.whl?job=build     evil/repo
GET /evil/repo/-/jobs/artifacts/main/download?job=build      evil/repo
GET /evil/repo/-/jobs/1/artifacts/download                   evil/repo
GET /evil/repo/-/releases                                    evil/repo
GET /evil/repo/-/releases/v1/downloads/x.zip                 evil/repo
GET /evil/repo/-/package_files/1/download                    evil/repo
GET /evil/repo/-/uploads/0123/x.zip                          evil/repo
GET /evil/repo/-/issues                                      evil/repo
GET /evil/repo/-/blame/main/setup.py                         evil/repo
GET /evil/repo/-/tree/main                                   evil/repo
GET /evil/sub/project/raw/main/setup.py                      evil/sub
GET /evil/sub/project/-/raw/main/setup.py                    evil/sub/project
GET /evil/sub/project/-/archive/main/project-main.zip        evil/sub/project
GET /evil/sub/project.git/info/refs?service=git-upload-pack  evil/sub/project
GET /api/v4/projects/evil%2Frepo/repository/archive          evil/repo
GET /api/v4/projects/evil%2Fsub%2Fproject/repository/archive evil/sub/project
GET /api/v4/projects/evil%2Frepo/repository/files/x.py/raw?ref=main   evil/repo
GET /api/v4/projects/evil%2Frepo/repository/blobs/3a0f86fb/raw        evil/repo
GET /api/v4/projects/evil%2Frepo/releases/v1/downloads/x              evil/repo
GET /api/v4/projects/evil%2Frepo/jobs/artifacts/main/download?job=b   evil/repo
HEAD /evil/repo/main/setup.py                                evil/repo
_

# a subgroup's path, read as raw.githubusercontent.com reads it, is
# checked too: gh-deny blocks "evil/sub" at any ref
our $blocked_raw_reading = cases(<<'_');
GET /evil/sub/project/-/raw/main/setup.py                    evil/sub
GET /evil/sub/project.git/info/refs?service=git-upload-pack  evil/sub
GET /evil/sub/main/info/refs                                 evil/sub
_


# ======================================================================
# unknown: no row holds the shape ("path" or "path reason")

our $unknown = cases(<<'_');
/repositories/123/tarball/main
/repositories/123/contents/setup.py
/repositories/123
/github-production-release-asset-2e65be/123/456?X-Amz-Signature=x
/api/v4/projects/123/repository/archive
/api/v4/projects/123/repository/archive.zip?sha=main
/api/v4/projects/123/repository/files/setup.py/raw?ref=main
/api/v4/projects/123/repository/blobs/3a0f86fb/raw
/api/v4/projects/123/jobs/artifacts/main/download?job=build
/api/v4/projects/123/releases/v1/downloads/x
/api/v4/projects/123/packages/generic/tool/1.0/tool.tgz
/api/v4/projects/corp%2Ftool
/api/v4/projects/corp%2Ftool/issues
/api/v4/projects/corp%2Ftool/packages/pypi/simple/x
/api/v4/groups/corp/projects
/api/v4/version
/orgs/corp/repos
/users/corp/repos
/user/repos
/
/corp
/corp/tool
/corp/tool.git
/corp/tool/releases
/corp/tool/archive
/info/refs?service=git-upload-pack
/corp/info/refs?service=git-upload-pack
/repos/corp
/repos/corp/tool/issues
/repos/corp/tool/git/blobs
/corp/tool/-/issues/1
/corp/tool/-/jobs/artifacts/main
/api/v3/users/corp
/raw/corp/tool/main
_

# unknown: a method the row does not serve (an allowed repository)
our $unknown_methods = cases(<<'_');
PUT /corp/tool/archive/v1.0.0.zip
DELETE /repos/corp/tool/contents/x.py
POST /corp/tool/main/install.sh
GET /corp/tool.git/git-upload-pack
PUT /corp/tool.git/info/refs
PATCH /api/v4/projects/corp%2Ftool/repository/files/x.py
POST /rate_limit
_

run_tests();

__DATA__

=== TEST 1: redirect mode: every row's example is rerouted to the canonical path, query kept; git over HTTP as <repo>.git, GitLab's API with the project's '/' as %2F
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; "evil/**"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_methods GET HEAD POST;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::requests($::rows)
--- error_code eval
::all(307, $::rows)
--- response_headers eval
::locations('https://repo.example.test/github', $::rows)
--- no_error_log
[error]



=== TEST 2: redirect mode, allow rule: every row's example of an allowed repository is rerouted
--- http_config
    pkg_reroute_rule gh-only allow { "corp/**"; "group/**"; "nginx/*"; "cli/*"; "gitlab-org/*"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-only;
        pkg_reroute_methods GET HEAD POST;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::requests($::rows)
--- error_code eval
::all(307, $::rows)
--- response_headers eval
::locations('https://repo.example.test/github', $::rows)
--- no_error_log
[error]



=== TEST 3: cache mode: every row's example reaches the upstream as the canonical path
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "$request_uri\n"; }
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests($::rows_get)
--- error_code eval
::all(200, $::rows_get)
--- response_body eval
::echoes($::rows_get)
--- no_error_log
[error]



=== TEST 4: redirect mode: a blocked repository is refused at every row that names one, and at each leak, whatever the method
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; "evil/**"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked)
--- error_code eval
::all(403, $::blocked)
--- response_headers eval
::blocked_vars($::blocked)



=== TEST 5: cache mode: a blocked repository never reaches the upstream, whatever the method
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; "evil/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked)
--- error_code eval
::all(403, $::blocked)
--- response_headers eval
::blocked_vars($::blocked)



=== TEST 6: the raw.githubusercontent.com reading of a deeper path is checked too
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
::requests($::blocked_raw_reading)
--- error_code eval
::all(403, $::blocked_raw_reading)
--- response_headers eval
::blocked_vars($::blocked_raw_reading)
--- response_body eval
::all(qq(package "evil/sub" is blocked by rule "gh-deny" (pattern "evil/*")\n), $::blocked_raw_reading)



=== TEST 7: unknown shapes, block mode, redirect mode: 403 in plain text, the reason in a header
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_headers eval
::all("Content-Type: text/plain\nX-Pkg-Reroute-Reason: not a known github endpoint: no such endpoint\n!Location", $::unknown)
--- response_body eval
::unknown_bodies('no such endpoint', $::unknown)
--- no_error_log
[error]



=== TEST 8: unknown shapes, allow mode, redirect mode
--- http_config
    pkg_reroute_rule gh-only allow { "corp/**"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-only;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies('no such endpoint', $::unknown)
--- no_error_log
[error]



=== TEST 9: unknown shapes, block mode, cache mode: the upstream is never contacted
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies('no such endpoint', $::unknown)
--- no_error_log
[error]



=== TEST 10: unknown shapes, allow mode, cache mode: the upstream is never contacted
--- http_config
    pkg_reroute_rule gh-only allow { "corp/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-only;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests($::unknown)
--- error_code eval
::all(403, $::unknown)
--- response_body eval
::unknown_bodies('no such endpoint', $::unknown)
--- no_error_log
[error]



=== TEST 11: a method a row does not serve is unknown: block mode, redirect mode
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::requests($::unknown_methods)
--- error_code eval
::all(403, $::unknown_methods)
--- response_body eval
::unknown_bodies('method not served at this endpoint', $::unknown_methods)



=== TEST 12: a method a row does not serve is unknown: allow mode, cache mode, the upstream never contacted
--- http_config
    pkg_reroute_rule gh-only allow { "corp/**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-only;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
::requests($::unknown_methods)
--- error_code eval
::all(403, $::unknown_methods)
--- response_body eval
::unknown_bodies('method not served at this endpoint', $::unknown_methods)



=== TEST 13: GitLab's deprecated routes without "-", and a wiki's repository, name the subgroup's project too: a block of it holds
--- http_config
    pkg_reroute_rule gh-deny block { "corp/sub/secret"; }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
["GET /corp/sub/secret/raw/main/setup.py", "GET /corp/sub/secret/blob/main/setup.py", "GET /corp/sub/secret/tree/main", "GET /corp/sub/secret/blame/main/x.py", "GET /corp/sub/secret/-/raw/main/setup.py", "GET /corp/sub/secret/-/blame/main/x.py", "GET /corp/sub/secret.wiki.git/info/refs?service=git-upload-pack", "GET /corp/sub/public/raw/main/setup.py"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 307]
--- response_headers eval
[("X-Pkg-Reroute-Pattern: corp/sub/secret\n!Location") x 7, "Location: https://repo.example.test/github/corp/sub/public/raw/main/setup.py"]



=== TEST 14: pkg_reroute_unknown pass, block mode: an unknown shape goes on to the location, a blocked repository does not
--- http_config
    pkg_reroute_rule gh-deny block { "evil/*"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "reached\n"; }
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-deny;
        pkg_reroute_unknown pass;
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /repositories/123/tarball/main", "GET /repos/corp/tool/issues", "GET /repos/evil/repo/issues"]
--- error_code eval
[200, 200, 403]
--- response_headers eval
["X-Vars: |pass", "X-Vars: corp/tool|pass", "X-Vars: evil/repo|block"]
