# Curation (issue 10 item 3): a Git ref's publication time. An archive or
# a release asset by ref (pkg_reroute github) carries no time; in a
# cache-mode place with a cooldown or a cutoff the module asks the Git
# host's API, through the location pkg_reroute_times_fetch names (GitHub's
# API is on another host than its archives): GitHub's
# /repos/<o>/<r>/commits/<ref> (commit.committer.date), then for a ref
# that is not a sha its tag ref /git/ref/tags/<ref> and, for an annotated
# tag, /git/tags/<sha> (tagger.date): the later of the two. GitLab's
# /api/v4/projects/<path>/repository/commits/<ref> (committed_date), then
# /repository/tags/<ref> (created_at, commit.committed_date). What fails
# leaves the time unknown: missing= decides.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_GIT_PORT  api.github.com, github.com and GitLab as one
#                             nginx (below), its access log served by the
#                             mirror at /gitlog: what the upstream was
#                             asked, with the Authorization it was sent
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_GIT_PORT} = $port + 1;

our $YOUNG = "1111111111111111111111111111111111111111";
our $TAGSHA = "940bd336248efae0f9ee5bc7b2d5c985887b16ac";
our $RETAG = "2222222222222222222222222222222222222222";

no_root_location();
no_shuffle();
check_accum_error_log();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=git:1m;
    log_format gitlog '$request_uri $status "$http_authorization"';

    server {
        listen 127.0.0.1:$TEST_NGINX_GIT_PORT;
        default_type application/json;
        access_log logs/gitlog gitlog;

        # api.github.com: commits, as GET /repos/{o}/{r}/commits/{ref}
        location = /repos/octo/young/commits/v2.0 {
            return 200 '{"sha":"1111111111111111111111111111111111111111","node_id":"C_1","commit":{"author":{"name":"A","email":"a@example.com","date":"2001-01-01T00:00:00Z"},"committer":{"name":"A","email":"a@example.com","date":"2099-01-01T00:00:00Z"},"message":"young","tree":{"sha":"3333333333333333333333333333333333333333"}},"parents":[],"files":[]}';
        }
        location = /repos/octo/young/commits/1111111111111111111111111111111111111111 {
            return 200 '{"sha":"1111111111111111111111111111111111111111","commit":{"committer":{"name":"A","email":"a@example.com","date":"2099-01-01T00:00:00Z"}}}';
        }
        location = /repos/octo/old/commits/v1.0 {
            return 200 '{"sha":"4444444444444444444444444444444444444444","commit":{"author":{"date":"2020-01-01T00:00:00Z"},"committer":{"name":"A","email":"a@example.com","date":"2020-01-01T00:00:00Z"}}}';
        }
        location = /repos/octo/old/commits/main {
            return 200 '{"sha":"4444444444444444444444444444444444444444","commit":{"committer":{"date":"2020-01-01T00:00:00Z"}}}';
        }
        location = /repos/octo/retag/commits/v3.0 {
            return 200 '{"sha":"5555555555555555555555555555555555555555","commit":{"committer":{"date":"2020-01-01T00:00:00Z"}}}';
        }
        location = /repos/octo/limited/commits/v1 {
            add_header X-RateLimit-Limit 60 always;
            add_header X-RateLimit-Remaining 0 always;
            return 403 '{"message":"API rate limit exceeded for 127.0.0.1. (But here\'s the good news: Authenticated requests get a higher rate limit.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}';
        }
        location = /repos/octo/huge/commits/v1 {
            root html;
            try_files /big.json =404;
        }
        location = /repos/octo/bad/commits/v1 {
            return 200 'commit: not JSON';
        }

        # tag refs, as GET /repos/{o}/{r}/git/ref/tags/{tag}
        location = /repos/octo/young/git/ref/tags/v2.0 {
            return 200 '{"ref":"refs/tags/v2.0","node_id":"R_1","url":"u","object":{"sha":"1111111111111111111111111111111111111111","type":"commit","url":"u"}}';
        }
        location = /repos/octo/old/git/ref/tags/v1.0 {
            return 200 '{"ref":"refs/tags/v1.0","node_id":"R_2","url":"u","object":{"sha":"940bd336248efae0f9ee5bc7b2d5c985887b16ac","type":"tag","url":"u"}}';
        }
        location = /repos/octo/retag/git/ref/tags/v3.0 {
            return 200 '{"ref":"refs/tags/v3.0","object":{"sha":"2222222222222222222222222222222222222222","type":"tag","url":"u"}}';
        }

        # annotated tags, as GET /repos/{o}/{r}/git/tags/{sha}
        location = /repos/octo/old/git/tags/940bd336248efae0f9ee5bc7b2d5c985887b16ac {
            return 200 '{"node_id":"T_1","tag":"v1.0","sha":"940bd336248efae0f9ee5bc7b2d5c985887b16ac","url":"u","message":"v1.0\\n","tagger":{"name":"A","email":"a@example.com","date":"2020-06-01T00:00:00Z"},"object":{"type":"commit","sha":"4444444444444444444444444444444444444444","url":"u"},"verification":{"verified":false,"reason":"unsigned","signature":null,"payload":null}}';
        }
        location = /repos/octo/retag/git/tags/2222222222222222222222222222222222222222 {
            return 200 '{"tag":"v3.0","sha":"2222222222222222222222222222222222222222","tagger":{"name":"A","email":"a@example.com","date":"2099-01-01T00:00:00Z"},"object":{"type":"commit","sha":"5555555555555555555555555555555555555555"}}';
        }

        # GitLab's API (nginx decodes the %2F of the project's id)
        location = /api/v4/projects/group/young/repository/commits/v1.0 {
            return 200 '{"id":"6666666666666666666666666666666666666666","short_id":"66666666","title":"t","author_name":"A","authored_date":"2020-01-01T00:00:00.000+02:00","committer_name":"A","committed_date":"2020-01-01T00:00:00.000+02:00","created_at":"2020-01-01T00:00:00.000+02:00","parent_ids":[]}';
        }
        location = /api/v4/projects/group/young/repository/tags/v1.0 {
            return 200 '{"commit":{"id":"6666666666666666666666666666666666666666","committed_date":"2020-01-01T00:00:00.000+02:00"},"release":null,"name":"v1.0","target":"7777777777777777777777777777777777777777","message":"retagged","protected":false,"created_at":"2099-01-01T00:00:00.000+00:00"}';
        }
        location = /api/v4/projects/group/sub/old/repository/commits/v1.0 {
            return 200 '{"id":"8888888888888888888888888888888888888888","committed_date":"2020-01-01T00:00:00.000Z"}';
        }
        location = /api/v4/projects/group/sub/old/repository/tags/v1.0 {
            return 200 '{"commit":{"id":"8888888888888888888888888888888888888888","committed_date":"2020-01-01T00:00:00.000Z"},"release":null,"name":"v1.0","target":"8888888888888888888888888888888888888888","message":null,"protected":false,"created_at":null}';
        }

        location /api/ {
            return 404 '{"message":"404 Not Found"}';
        }
        location /repos/ {
            return 404 '{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}';
        }

        # the archives and release assets
        location / {
            default_type application/octet-stream;
            return 200 "archive bytes\n";
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    $block->set_value("config", <<'_EOC_' . ($block->config // ''));
    # api.github.com's place: the operator's token, never the client's;
    # internal: the lookups' subrequests reach it, clients do not
    location /gh-api/ {
        internal;
        pkg_reroute github prefix=/gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer operator-token";
        proxy_cache git;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
    }

    location = /gitlog {
        default_type text/plain;
        root logs;
    }
_EOC_
});

run_tests();

__DATA__
=== TEST 1: GitHub archives and release assets by ref under a cooldown: a young tag (a lightweight tag: its commit's 2099 date) refused with the reason, GET and HEAD; an old annotated tag (commit 2020, tagger 2020) served as archive, codeload archive and release asset; a branch (no tag of its name: 404) served by its commit's date; a sha judged by its commit with no tag asked
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        proxy_cache git;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/young/archive/refs/tags/v2.0.tar.gz",
 "HEAD /octo/young/archive/refs/tags/v2.0.tar.gz",
 "GET /octo/old/archive/refs/tags/v1.0.tar.gz",
 "GET /octo/old/tar.gz/refs/tags/v1.0",
 "GET /octo/old/releases/download/v1.0/tool-linux-amd64.tar.gz",
 "GET /octo/old/archive/main.zip",
 "GET /octo/young/archive/$::YOUNG.tar.gz",
 "GET /gitlog"]
--- error_code eval
[403, 403, 200, 200, 200, 200, 403, 200]
--- response_headers_like eval
["X-Verdict: block\\|octo/young\@v2.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: block\\|octo/young\@v2.0 was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: allow\\|",
 "X-Verdict: allow\\|",
 "X-Verdict: allow\\|",
 "X-Verdict: allow\\|",
 "X-Verdict: block\\|octo/young\@$::YOUNG was published 2099-01-01T00:00:00Z.*",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/published/, qr/^$/, qr/archive bytes/, qr/archive bytes/,
 qr/archive bytes/, qr/archive bytes/, qr/published/,
 qr{\A/repos/octo/young/commits/v2.0 200 "Bearer operator-token"
/repos/octo/young/git/ref/tags/v2.0 200 "Bearer operator-token"
/repos/octo/old/commits/v1.0 200 "Bearer operator-token"
/repos/octo/old/git/ref/tags/v1.0 200 "Bearer operator-token"
/repos/octo/old/git/tags/$::TAGSHA 200 "Bearer operator-token"
/octo/old/archive/refs/tags/v1.0.tar.gz 200 "-"
/octo/old/tar.gz/refs/tags/v1.0 200 "-"
/octo/old/releases/download/v1.0/tool-linux-amd64.tar.gz 200 "-"
/repos/octo/old/commits/main 200 "Bearer operator-token"
/repos/octo/old/git/ref/tags/main 404 "Bearer operator-token"
/octo/old/archive/main.zip 200 "-"
/repos/octo/young/commits/$::YOUNG 200 "Bearer operator-token"
\z}]
--- no_error_log
no publication time
[alert]



=== TEST 2: an annotated tag newer than its commit is judged by the tag: the commit says 2020, the tagger 2099: refused; the cutoff judges by the same time
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
    location /cut/ {
        pkg_reroute github prefix=/cut;
        pkg_reroute_cutoff 2030-01-01T00:00:00Z;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/retag/archive/v3.0.tar.gz",
 "GET /cut/octo/retag/zipball/v3.0",
 "GET /cut/octo/old/zipball/v1.0"]
--- error_code eval
[403, 403, 200]
--- response_headers_like eval
["X-Verdict: block\\|octo/retag\@v3.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: block\\|octo/retag\@v3.0 was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: allow\\|"]
--- no_error_log
no publication time
[alert]



=== TEST 3: the lookup's answers are cached by the API's place: a second archive of the same tag asks the upstream for the archive only
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        proxy_cache git;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/old/archive/v1.0.tar.gz",
 "GET /octo/old/archive/v1.0.zip",
 "GET /gitlog"]
--- error_code eval
[200, 200, 200]
--- response_body_like eval
[qr/archive bytes/, qr/archive bytes/,
 qr{\A/repos/octo/old/commits/v1.0 200 "Bearer operator-token"
/repos/octo/old/git/ref/tags/v1.0 200 "Bearer operator-token"
/repos/octo/old/git/tags/$::TAGSHA 200 "Bearer operator-token"
/octo/old/archive/v1.0.tar.gz 200 "-"
/octo/old/archive/v1.0.zip 200 "-"
\z}]
--- no_error_log
no publication time
[alert]



=== TEST 4: no pkg_reroute_times_fetch in a github place: nothing is fetched, missing= decides (deny: refused with the reason; allow: served), with a warning that says why
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d missing=deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
    location /allow/ {
        pkg_reroute github prefix=/allow;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/young/archive/v2.0.tar.gz",
 "GET /allow/octo/young/archive/v2.0.tar.gz",
 "GET /gitlog"]
--- error_code eval
[403, 200, 200]
--- response_headers_like eval
["X-Verdict: block\\|octo/young\@v2.0 has no publication time.*",
 "X-Verdict: allow\\|",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/publication time/, qr/archive bytes/,
 qr{\A/octo/young/archive/v2.0.tar.gz 200 "-"\n\z}]
--- error_log
no publication time for github "octo/young" v2.0: no pkg_reroute_times_fetch names the API's location
--- no_error_log
[alert]



=== TEST 5: a ref that cannot be asked for safely (a space, '%', '?', '#', "..", '+') is not asked for: no time, missing=deny refuses, and no API path is ever crafted from it
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/old/archive/v1%20x.tar.gz",
 "GET /octo/old/archive/v1%25x.tar.gz",
 "GET /octo/old/archive/v1%3Fx=1.tar.gz",
 "GET /octo/old/archive/v1%23x.tar.gz",
 "GET /octo/old/archive/v1..2.tar.gz",
 "GET /octo/old/archive/v1+b.tar.gz",
 "GET /gitlog"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 200]
--- response_headers_like eval
["X-Verdict: block\\|octo/old\@v1 x has no publication time.*",
 "X-Verdict: block\\|.*has no publication time.*",
 "X-Verdict: block\\|.*has no publication time.*",
 "X-Verdict: block\\|.*has no publication time.*",
 "X-Verdict: block\\|octo/old\@v1..2 has no publication time.*",
 "X-Verdict: block\\|octo/old\@v1\\+b has no publication time.*",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/publication time/, qr/publication time/, qr/publication time/,
 qr/publication time/, qr/publication time/, qr/publication time/,
 qr{\A\z}]
--- error_log
a repository or ref that the API is not asked for
--- no_error_log
[alert]



=== TEST 6: the client's Authorization (and cookie) never reaches the API's upstream: the API place sends the operator's token; clients cannot use that place (internal)
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/young/archive/refs/tags/v2.0.tar.gz",
 "GET /gh-api/repos/octo/young/commits/v2.0",
 "GET /gitlog"]
--- more_headers
Authorization: Bearer client-secret
Cookie: session=client-secret
--- error_code eval
[403, 404, 200]
--- response_body_like eval
[qr/published/, qr/404 Not Found/,
 qr{\A/repos/octo/young/commits/v2.0 200 "Bearer operator-token"
/repos/octo/young/git/ref/tags/v2.0 200 "Bearer operator-token"
\z}]
--- no_error_log
[alert]



=== TEST 7: the API answers 403 (rate limit): no time, missing=deny refuses, with a warning that says why; missing=allow serves
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
    location /allow/ {
        pkg_reroute github prefix=/allow;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /octo/limited/archive/v1.tar.gz",
 "GET /allow/octo/limited/archive/v1.tar.gz"]
--- error_code eval
[403, 200]
--- response_headers_like eval
["X-Verdict: block\\|octo/limited\@v1 has no publication time.*",
 "X-Verdict: allow\\|"]
--- error_log
no publication time for github "octo/limited" v1: the commit answered 403
--- no_error_log
[alert]



=== TEST 7b: the API's answer is over 1 MB: not read, no time, missing=deny refuses
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- user_files eval
">>> big.json\n" . ("{\"commit\":{\"committer\":{\"date\":\"2020-01-01T00:00:00Z\"}},\"x\":\"" . ("x" x 1100000) . "\"}\n")
--- request
GET /octo/huge/archive/v1.tar.gz
--- error_code: 403
--- response_headers_like
X-Verdict: block\|octo/huge@v1 has no publication time.*
--- error_log
no publication time for github "octo/huge" v1: the commit is over 1048576 bytes
--- no_error_log
[alert]
--- timeout: 10



=== TEST 7c: the API's answer is not JSON: no time, missing=deny refuses
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /octo/bad/archive/v1.tar.gz
--- error_code: 403
--- response_headers_like
X-Verdict: block\|octo/bad@v1 has no publication time.*
--- error_log
no publication time for github "octo/bad" v1: the commit: not JSON
--- no_error_log
[alert]



=== TEST 8: GitLab: the project's own place is its API's too (pkg_reroute_times_fetch names it); an annotated tag created in 2099 on a 2020 commit refused, a lightweight tag (created_at null) of a subgroup's project served; the API is asked with the project's path as %2F
--- config
    location /gl/ {
        pkg_reroute github prefix=/gl;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gl;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer operator-token";
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /gl/group/young/-/archive/v1.0/young-v1.0.tar.gz",
 "GET /gl/group/sub/old/-/archive/v1.0/old-v1.0.zip",
 "GET /gitlog"]
--- error_code eval
[403, 200, 200]
--- response_headers_like eval
["X-Verdict: block\\|group/young\@v1.0 was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: allow\\|",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/published/, qr/archive bytes/,
 qr{\A/api/v4/projects/group%2Fyoung/repository/commits/v1.0 200 "Bearer operator-token"
/api/v4/projects/group%2Fyoung/repository/tags/v1.0 200 "Bearer operator-token"
/api/v4/projects/group%2Fsub%2Fold/repository/commits/v1.0 200 "Bearer operator-token"
/api/v4/projects/group%2Fsub%2Fold/repository/tags/v1.0 200 "Bearer operator-token"
/group/sub/old/-/archive/v1.0/old-v1.0.zip 200 "Bearer operator-token"
\z}]
--- no_error_log
no publication time
[alert]



=== TEST 9: no cooldown, no cutoff, or redirect mode: nothing is looked up
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
    }
    location /redir/ {
        pkg_reroute github prefix=/redir;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        pkg_reroute_redirect http://mirror.example/github;
    }
--- request eval
["GET /octo/young/archive/v2.0.tar.gz",
 "GET /redir/octo/young/archive/v2.0.tar.gz",
 "GET /gitlog"]
--- error_code eval
[200, 307, 200]
--- response_body_like eval
[qr/archive bytes/, qr//,
 qr{\A/octo/young/archive/v2.0.tar.gz 200 "-"\n\z}]
--- no_error_log
[alert]



=== TEST 10: a repository the place's rule refuses whole is refused by the rule, without a lookup
--- http_config
    pkg_reroute_rule gh-block block {
        octo/young;
    }
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-block;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch /gh-api;
        proxy_pass http://127.0.0.1:$TEST_NGINX_GIT_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /octo/young/archive/v2.0.tar.gz",
 "GET /gitlog"]
--- error_code eval
[403, 200]
--- response_body_like eval
[qr/octo\/young/, qr{\A\z}]
--- no_error_log
no publication time
[alert]
