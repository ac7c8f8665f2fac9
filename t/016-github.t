# GitHub and GitLab source archives: every archive URL shape, "owner/repo"
# (GitLab: the group path) as the name in any case, branch references that
# contain '/', plain-text denials; raw files and git over HTTP checked by
# the rule, the rest of the site unknown (t/136-catalogue-github.t has the
# whole catalogue).
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

=== TEST 1: archive of a tag: /<owner>/<repo>/archive/refs/tags/<tag>.tar.gz
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision|$pkg_reroute_pattern" always;
--- request
GET /nginx/nginx/archive/refs/tags/release-1.25.3.tar.gz
--- error_code: 307
--- response_headers
Location: https://repo.example.test/github/nginx/nginx/archive/refs/tags/release-1.25.3.tar.gz
X-Vars: github|artifact|nginx/nginx|release-1.25.3|release-1.25.3.tar.gz|reroute|nginx/*
--- no_error_log
[error]



=== TEST 2: archive of a branch, zip and tar.gz
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /nginx/njs/archive/refs/heads/master.zip", "GET /corp/tool/archive/refs/heads/main.tar.gz"]
--- error_code eval
[307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/nginx/njs/archive/refs/heads/master.zip\nX-Vars: artifact|nginx/njs|master|master.zip",
"Location: https://repo.example.test/github/corp/tool/archive/refs/heads/main.tar.gz\nX-Vars: artifact|corp/tool|main|main.tar.gz",
]
--- no_error_log
[error]



=== TEST 3: branch references that contain '/'
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /corp/tool/archive/refs/heads/feature/new-parser.tar.gz", "GET /corp/tool/archive/refs/heads/release/2024/q1.zip", "GET /corp/tool/archive/feature/x.zip"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/corp/tool/archive/refs/heads/feature/new-parser.tar.gz\nX-Vars: corp/tool|feature/new-parser|new-parser.tar.gz",
"Location: https://repo.example.test/github/corp/tool/archive/refs/heads/release/2024/q1.zip\nX-Vars: corp/tool|release/2024/q1|q1.zip",
"Location: https://repo.example.test/github/corp/tool/archive/feature/x.zip\nX-Vars: corp/tool|feature/x|x.zip",
]
--- no_error_log
[error]



=== TEST 4: short archive form /<owner>/<repo>/archive/<ref>.(zip|tar.gz), a tag or a commit
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /nginx/nginx/archive/release-1.25.3.zip", "GET /corp/tool/archive/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.tar.gz", "GET /corp/tool/archive/v1.2.3.tar.gz"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/nginx/nginx/archive/release-1.25.3.zip\nX-Vars: nginx/nginx|release-1.25.3|release-1.25.3.zip",
"Location: https://repo.example.test/github/corp/tool/archive/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.tar.gz\nX-Vars: corp/tool|0a1b2c3d4e5f60718293a4b5c6d7e8f901234567|0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.tar.gz",
"Location: https://repo.example.test/github/corp/tool/archive/v1.2.3.tar.gz\nX-Vars: corp/tool|v1.2.3|v1.2.3.tar.gz",
]
--- no_error_log
[error]



=== TEST 5: codeload: /<owner>/<repo>/(zip|tar.gz)/[refs/(heads|tags)/]<ref>
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version" always;
--- request eval
["GET /corp/tool/zip/refs/heads/main", "GET /corp/tool/tar.gz/refs/tags/v1.0.0", "GET /corp/tool/tar.gz/v1.0.0", "GET /corp/tool/zip/refs/heads/feature/x"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/corp/tool/zip/refs/heads/main\nX-Vars: artifact|corp/tool|main",
"Location: https://repo.example.test/github/corp/tool/tar.gz/refs/tags/v1.0.0\nX-Vars: artifact|corp/tool|v1.0.0",
"Location: https://repo.example.test/github/corp/tool/tar.gz/v1.0.0\nX-Vars: artifact|corp/tool|v1.0.0",
"Location: https://repo.example.test/github/corp/tool/zip/refs/heads/feature/x\nX-Vars: artifact|corp/tool|feature/x",
]
--- no_error_log
[error]



=== TEST 6: codeload legacy forms: legacy.zip and legacy.tar.gz
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version" always;
--- request eval
["GET /corp/tool/legacy.zip/main", "GET /corp/tool/legacy.tar.gz/refs/heads/feature/x"]
--- error_code eval
[307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/corp/tool/legacy.zip/main\nX-Vars: artifact|corp/tool|main",
"Location: https://repo.example.test/github/corp/tool/legacy.tar.gz/refs/heads/feature/x\nX-Vars: artifact|corp/tool|feature/x",
]
--- no_error_log
[error]



=== TEST 7: release assets: /<owner>/<repo>/releases/download/<tag>/<file>
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /corp/tool/releases/download/v1.0.0/tool-linux-amd64.tar.gz", "GET /corp/tool/releases/download/cli/v2.1/tool.zip"]
--- error_code eval
[307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/corp/tool/releases/download/v1.0.0/tool-linux-amd64.tar.gz\nX-Vars: artifact|corp/tool|v1.0.0|tool-linux-amd64.tar.gz",
"Location: https://repo.example.test/github/corp/tool/releases/download/cli/v2.1/tool.zip\nX-Vars: artifact|corp/tool|cli/v2.1|tool.zip",
]
--- no_error_log
[error]



=== TEST 8: API: /repos/<owner>/<repo>/(tarball|zipball)/<ref>
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version" always;
--- request eval
["GET /repos/corp/tool/tarball/v1.0.0", "GET /repos/nginx/nginx/zipball/master"]
--- error_code eval
[307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/repos/corp/tool/tarball/v1.0.0\nX-Vars: artifact|corp/tool|v1.0.0",
"Location: https://repo.example.test/github/repos/nginx/nginx/zipball/master\nX-Vars: artifact|nginx/nginx|master",
]
--- no_error_log
[error]



=== TEST 9: GitLab: /<group>/<project>/-/archive/<ref>/<file>, subgroups and branch refs with '/'
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/gitlab;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file" always;
--- request eval
["GET /corp/tool/-/archive/v1.0.0/tool-v1.0.0.tar.gz", "GET /corp/platform/infra/tool/-/archive/main/tool-main.zip", "GET /corp/tool/-/archive/feature/x/tool-feature-x.tar.gz"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
[
"Location: https://repo.example.test/gitlab/corp/tool/-/archive/v1.0.0/tool-v1.0.0.tar.gz\nX-Vars: artifact|corp/tool|v1.0.0|tool-v1.0.0.tar.gz",
"Location: https://repo.example.test/gitlab/corp/platform/infra/tool/-/archive/main/tool-main.zip\nX-Vars: artifact|corp/platform/infra/tool|main|tool-main.zip",
"Location: https://repo.example.test/gitlab/corp/tool/-/archive/feature/x/tool-feature-x.tar.gz\nX-Vars: artifact|corp/tool|feature/x|tool-feature-x.tar.gz",
]
--- no_error_log
[error]



=== TEST 10: a repository outside the allow rule is refused in plain text, without a pattern
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule" always;
--- request
GET /evil/tool/archive/refs/heads/main.zip
--- error_code: 403
--- response_headers
Content-Type: text/plain
X-Pkg-Reroute-Rule: gh
X-Vars: evil/tool|block|gh
!X-Pkg-Reroute-Pattern
!Location
--- response_body
package "evil/tool" is not allowed by rule "gh"
--- error_log
pkg reroute: package "evil/tool" is not allowed by rule "gh"



=== TEST 11: every archive shape of a refused repository is refused
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request eval
["GET /evil/tool/archive/refs/tags/v1.tar.gz", "GET /evil/tool/archive/v1.zip", "GET /evil/tool/zip/refs/heads/main", "GET /evil/tool/legacy.tar.gz/main", "GET /evil/tool/releases/download/v1/x.tar.gz", "GET /repos/evil/tool/tarball/v1", "GET /repos/evil/tool/zipball/main", "GET /evil/tool/-/archive/v1/tool-v1.zip", "HEAD /evil/tool/archive/v1.zip"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
[("X-Vars: evil/tool\nX-Pkg-Reroute-Rule: gh\n!Location") x 9]



=== TEST 12: owner and repository are case-insensitive
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /NGINX/Nginx/archive/refs/tags/release-1.25.3.tar.gz", "GET /Corp/Tool/zip/refs/heads/main", "GET /Evil/Tool/archive/main.zip"]
--- error_code eval
[307, 307, 403]
--- response_headers eval
[
"Location: https://repo.example.test/github/NGINX/Nginx/archive/refs/tags/release-1.25.3.tar.gz\nX-Vars: nginx/nginx|reroute",
"Location: https://repo.example.test/github/Corp/Tool/zip/refs/heads/main\nX-Vars: corp/tool|reroute",
"X-Vars: evil/tool|block",
]



=== TEST 13: block mode: a blocked owner in any case, any shape, with the pattern reported
--- http_config
    pkg_reroute_rule gh block { "evil/*"; "corp/secret-*"; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
--- request eval
["GET /EVIL/Tool/archive/main.zip", "GET /Evil/tool/zip/main", "GET /repos/EVIL/tool/tarball/main", "GET /evil/TOOL/releases/download/v1/a.zip", "GET /Evil/Tool/-/archive/v1/tool-v1.zip"]
--- error_code eval
[403, 403, 403, 403, 403]
--- response_headers eval
[("Content-Type: text/plain\nX-Pkg-Reroute-Rule: gh\nX-Pkg-Reroute-Pattern: evil/*") x 5]
--- response_body eval
[("package \"evil/tool\" is blocked by rule \"gh\" (pattern \"evil/*\")\n") x 5]



=== TEST 14: block mode: "*" stays within the repository name, other repositories pass
--- http_config
    pkg_reroute_rule gh block { "evil/*"; "corp/secret-*"; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
--- request eval
["GET /corp/secret-keys/archive/main.zip", "GET /corp/public/archive/main.zip", "GET /evil-twin/tool/archive/main.zip"]
--- error_code eval
[403, 307, 307]
--- response_headers eval
[
"X-Pkg-Reroute-Pattern: corp/secret-*",
"Location: https://repo.example.test/github/corp/public/archive/main.zip",
"Location: https://repo.example.test/github/evil-twin/tool/archive/main.zip",
]



=== TEST 15: percent-encoding and dot segments do not hide the repository
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_package" always;
--- request eval
["GET /%65vil/tool/archive/main.zip", "GET /corp/x/../../evil/tool/archive/main.zip", "GET /corp/%2e%2e/evil/tool/archive/main.zip"]
--- error_code eval
[403, 403, 403]
--- response_headers eval
[("X-Vars: evil/tool") x 3]



=== TEST 16: raw files and git over HTTP name the repository: the rule applies; what the catalogue lacks is unknown
--- http_config
    pkg_reroute_rule gh allow { nothing/matches; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /evil/tool", "GET /evil/tool.git/info/refs?service=git-upload-pack", "GET /evil/tool/blob/main/README.md", "GET /evil", "HEAD /evil/tool/pulls"]
--- error_code eval
[403, 403, 403, 403, 403]
--- response_headers eval
[
"X-Vars: other||unknown\nX-Pkg-Reroute-Reason: not a known github endpoint: no such endpoint\n!Location",
"X-Vars: api|evil/tool|block\n!Location",
"X-Vars: metadata|evil/tool|block\n!Location",
"X-Vars: other||unknown\n!Location",
"X-Vars: other||unknown\n!Location",
]



=== TEST 17: git fetch (POST git-upload-pack) of an allowed repository passes through untouched, after the rule
--- http_config
    pkg_reroute_rule gh allow { corp/**; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    location /corp/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
POST /corp/tool.git/git-upload-pack
0000
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 106
--- tcp_query eval
"POST /corp/tool.git/git-upload-pack HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 4\r
\r
0000"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\npack\n"
--- response_body
pack
--- response_headers
X-Vars: artifact|corp/tool|pass
!Location
--- no_error_log
[error]



=== TEST 18: unparsable archive requests: 400 in plain text
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
--- request eval
["GET /corp/tool/archive/refs/heads/main", "GET /corp/.hidden/archive/main.zip", "GET /corp/tool/archive/.zip", "GET /corp/tool/zip/refs/heads"]
--- error_code eval
[400, 400, 400, 400]
--- response_body eval
[
"invalid github request: unknown archive format\n",
"invalid github request: invalid repository name\n",
"invalid github request: reference missing\n",
"invalid github request: reference missing\n",
]
--- response_headers eval
[("Content-Type: text/plain\n!Location") x 4]



=== TEST 19: HEAD on an archive is rerouted, with no body
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github 302;
    root html;
--- request
HEAD /corp/tool/archive/refs/tags/v1.0.0.zip
--- error_code: 302
--- response_headers
Location: https://repo.example.test/github/corp/tool/archive/refs/tags/v1.0.0.zip
--- response_body



=== TEST 20: pkg_reroute_block_status 404, as GitHub answers for a repository one may not see
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    pkg_reroute_block_status 404;
    root html;
--- request
GET /evil/tool/archive/main.zip
--- error_code: 404
--- response_headers
Content-Type: text/plain
--- response_body
package "evil/tool" is not allowed by rule "gh"



=== TEST 21: API archives of a branch whose name contains '/', or of the default branch (no ref), name the repository: the rule applies
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /repos/corp/tool/tarball/feature/x", "GET /repos/evil/tool/tarball/feature/x", "GET /repos/evil/tool/zipball/refs/heads/feature/x", "GET /repos/evil/tool/tarball", "GET /repos/corp/tool/zipball"]
--- error_code eval
[307, 403, 403, 403, 307]
--- response_headers eval
[
"Location: https://repo.example.test/github/repos/corp/tool/tarball/feature/x\nX-Vars: artifact|corp/tool|reroute",
"X-Vars: artifact|evil/tool|block\n!Location",
"X-Vars: artifact|evil/tool|block\n!Location",
"X-Vars: artifact|evil/tool|block\n!Location",
"Location: https://repo.example.test/github/repos/corp/tool/zipball\nX-Vars: artifact|corp/tool|reroute",
]



=== TEST 22: the latest release's asset /<owner>/<repo>/releases/latest/download/<file> is an artifact: the rule applies
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request
GET /evil/tool/releases/latest/download/tool-linux-amd64.tar.gz
--- error_code: 403
--- response_headers
X-Vars: artifact|evil/tool|block
!Location



=== TEST 23: GitHub's web-host /<owner>/<repo>/(tarball|zipball)/<ref> are archives: the rule applies
--- http_config
    pkg_reroute_rule gh allow { corp/**; nginx/*; }
--- config
    pkg_reroute github;
    pkg_reroute_use gh;
    pkg_reroute_redirect https://repo.example.test/github;
    root html;
    add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
--- request eval
["GET /evil/tool/tarball/main", "GET /evil/tool/zipball/v1.0.0"]
--- error_code eval
[403, 403]
--- response_headers eval
[("X-Vars: artifact|evil/tool|block\n!Location") x 2]
