# Hugging Face's endpoint catalogue, end to end (pr_eco_huggingface.c):
# every row's example is rerouted (GET, HEAD) or passed (the other
# methods) with the canonical path; a blocked repository is refused at
# every row that names one, whatever the method, and by one pattern
# across models, datasets, spaces and kernels; what no row holds (the
# leaks of the issue: web pages, unknown API words, methods a row does
# not serve, buckets, jobs, the CDNs' hashed paths) is a 403 "unknown",
# under block and allow rules, in redirect mode and in cache mode, where
# the upstream that would answer 200 is never contacted.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_HUB_PORT      the "public Hub": answers 200 "hub METHOD URI"
#   P+2  TEST_NGINX_REPOMGR_PORT  the repository manager of TEST 14
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_HUB_PORT} = $port + 1;
$ENV{TEST_NGINX_REPOMGR_PORT} = $port + 2;

# the hop of pkg_reroute_follow, as the examples include it
use Cwd ();
$ENV{TEST_NGINX_FOLLOW_SNIPPET} =
    Cwd::abs_path(($0 =~ s{[^/]*$}{}r) . '../conf.d-examples/pkg-reroute/follow.conf');

my $C = '3f786850e387550fdab836ed7e6dc881de23001b';

# every example of every row that names a repository, read with GET/HEAD:
# [request, canonical path]
our @reads = (
    ["GET /google-bert/bert-base-uncased/resolve/main/config.json"],
    ["HEAD /gpt2/resolve/main/model.safetensors"],
    ["GET /datasets/rajpurkar/squad/resolve/refs%2Fconvert%2Fparquet/x.parquet"],
    ["GET /spaces/gradio/hello_world/resolve/main/app.py"],
    ["GET /kernels/org/kern/resolve/main/build.toml"],
    ["GET /org/model/raw/main/config.json"],
    ["HEAD /org/model/raw/main/x.bin"],
    ["GET /datasets/org/data/raw/main/README.md"],
    ["GET /org/model/blob/main/config.json"],
    ["GET /spaces/org/app/blob/main/app.py"],
    ["GET /api/resolve-cache/models/org/model/$C/config.json"],
    ["HEAD /api/resolve-cache/models/gpt2/$C/config.json"],
    ["GET /api/resolve-cache/datasets/org/data/$C/a/b.json"],
    ["GET /org/model/info/refs?service=git-upload-pack"],
    ["GET /datasets/org/data.git/info/refs?service=git-upload-pack"],
    ["GET /api/models/google-bert/bert-base-uncased"],
    ["GET /api/models/gpt2"],
    ["GET /api/datasets/rajpurkar/squad?expand[]=likes"],
    ["GET /api/spaces/gradio/hello_world"],
    ["GET /api/models/org/model/revision/main"],
    ["GET /api/datasets/org/data/revision/refs%2Fconvert%2Fparquet"],
    ["GET /api/models/gpt2/revision/refs/pr/1",
     "/api/models/gpt2/revision/refs%2Fpr%2F1"],
    ["GET /api/models/org/model/tree/main?recursive=True&expand=False"],
    ["GET /api/models/org/model/tree/main/onnx"],
    ["GET /api/datasets/org/data/treesize/main/data"],
    ["GET /api/models/org/model/refs?include_prs=1"],
    ["GET /api/models/org/model/commits/main"],
    ["GET /api/models/org/model/xet-read-token/main"],
    ["GET /api/models/org/model/xet-write-token"],
    ["GET /api/models/org/model/discussions?p=0"],
    ["GET /api/models/org/model/discussions/3"],
    ["GET /api/models/org/model/likers"],
    ["GET /api/models/org/model/lfs-files"],
    ["GET /api/models/org/model/auth-check"],
    ["GET /api/datasets/org/data/croissant"],
    ["GET /api/models/org/model/user-access-request/pending"],
    ["GET /api/spaces/org/app/runtime"],
    ["GET /api/spaces/org/app/logs/build"],
    ["GET /api/datasets/org/data/parquet"],
    ["GET /api/datasets/org/data/parquet/default/train/0.parquet"],
    ["GET /api/kernels/org/kern/revision/main"],
);

# the rows' examples with other methods (passed, not rerouted)
our @writes = (
    "POST /org/model/git-upload-pack",
    "POST /spaces/org/app.git/git-upload-pack",
    "POST /org/model.git/git-receive-pack",
    "POST /org/model.git/info/lfs/objects/batch",
    "POST /datasets/org/data.git/info/lfs/objects/batch",
    "POST /org/model.git/info/lfs/locks/verify",
    "POST /api/models/org/model/paths-info/main",
    "POST /api/datasets/org/data/paths-info/refs%2Fpr%2F2",
    "POST /api/models/org/model/preupload/main",
    "POST /api/models/org/model/commit/main",
    "POST /api/models/org/model/branch/dev",
    "DELETE /api/models/org/model/tag/v1.0",
    "POST /api/models/org/model/super-squash/main",
    "PUT /api/models/org/model/settings",
    "POST /api/datasets/org/data/discussions/3/comment",
    "POST /api/models/org/model/user-access-request/grant",
    "POST /api/models/org/model/like",
    "POST /api/spaces/org/app/duplicate",
    "POST /api/models/org/model/lfs-files/batch",
    "POST /api/spaces/org/app/restart",
    "DELETE /api/spaces/org/app/secrets",
);

# rows that name no repository
our @noname = (
    "GET /api/models?search=bert&limit=10", "GET /api/datasets",
    "GET /api/spaces", "GET /api/kernels", "GET /api/spaces/hardware",
    "GET /api/spaces/semantic-search?q=x", "GET /api/models-tags-by-type",
    "GET /api/whoami-v2", "GET /api/users/alice/overview",
    "GET /api/organizations/acme/members", "GET /api/collections?owner=acme",
    "GET /api/collections/acme/models-65f1", "GET /api/papers/2401.00001",
    "GET /api/daily_papers", "GET /api/tasks",
    "HEAD /api/telemetry/transformers/examples",
);

# what no row holds: the issue's leaks and the others
our @unknown = (
    "GET /", "GET /org/model", "GET /datasets/org/data",
    "GET /org/model/tree/main/onnx", "GET /org/model/commit/$C",
    "GET /datasets/org/data/viewer/default/train",
    "GET /org/model/discussions/1",
    "GET /api/models/org/model/compare/main",
    "GET /api/models/org/model/notebook/main/x.ipynb",
    "GET /api/models/org/model/revision",
    "GET /api/spaces/org/app/parquet",
    "GET /api/buckets/org/bucket/tree", "GET /buckets/org/bucket/resolve/x.bin",
    "GET /api/jobs/org", "GET /api/scheduled-jobs/org",
    "GET /api/settings/webhooks", "GET /api/unknown",
    "GET /repos/ab/cd/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/x",
    "GET /xet-bridge-us/0123456789abcdef/0123456789abcdef",
    "POST /api/models/org/model", "DELETE /org/model/resolve/main/x.bin",
    "PUT /org/model/raw/main/x.bin", "POST /org/model/info/refs",
    "GET /org/model.git/git-upload-pack",
    "GET /org/model.git/info/lfs/objects/batch",
    "DELETE /api/models/org/model/tree/main",
    "PATCH /api/models/org/model/discussions/1",
    "POST /api/resolve-cache/models/org/model/$C/x",
);

sub loc { my $r = shift; my $p = $r->[1] // (split / /, $r->[0], 2)[1];
          "Location: https://repo.example.test/hf$p" }
sub evil { my $r = shift; $r =~ s{\b(org|google-bert|rajpurkar|gradio)/}{evil-org/}; $r =~ s{ /gpt2/}{ /evil-org/gpt2/}; $r =~ s{/models/gpt2\b}{/models/evil-org/gpt2}; $r }

our @reads_r = map { $_->[0] } @reads;
our @unknown_hdr = map { "X-Pkg-Reroute-Reason: not a known huggingface endpoint" } @unknown;

add_block_preprocessor(sub {
    my $block = shift;
    my $hub = <<'_EOC_';
    server {
        listen 127.0.0.1:$TEST_NGINX_HUB_PORT;
        location / {
            return 200 "hub $request_method $request_uri\n";
        }
    }
    pkg_reroute_rule hf_block block { "**/evil-org/*"; "evil-org/gpt2"; }
    pkg_reroute_rule hf_allow allow { "**/org/*"; "google-bert/*"; "**/rajpurkar/*"; "spaces/gradio/*"; gpt2; }
_EOC_
    $block->set_value("http_config", $hub . ($block->http_config // ''));
});

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: every example of the rows that name a repository: GET and HEAD rerouted with the canonical path
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::reads_r]
--- error_code eval
[map { 307 } @main::reads]
--- response_headers eval
[map { main::loc($_) } @main::reads]
--- no_error_log
[error]



=== TEST 2: the rows' other methods pass to the upstream, checked, untouched
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::writes]
--- error_code eval
[map { 200 } @main::writes]
--- response_body eval
[map { "hub $_\n" } @main::writes]
--- no_error_log
[error]



=== TEST 3: the rows that name no repository are rerouted (GET, HEAD) as they are
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::noname]
--- error_code eval
[map { 307 } @main::noname]
--- response_headers eval
[map { main::loc([$_]) } @main::noname]



=== TEST 4: a blocked repository is refused at every row that names one, GET and HEAD
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[map { main::evil($_) } @main::reads_r]
--- error_code eval
[map { 403 } @main::reads]
--- response_headers eval
[map { "X-Pkg-Reroute-Rule: hf_block" } @main::reads]
--- error_log
is blocked by rule "hf_block"



=== TEST 5: a blocked repository is refused at every row that names one, whatever the method
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[(map { main::evil($_) } @main::writes), (map { my $r = main::evil($_); $r =~ s/^(GET|HEAD) /DELETE /; $r } @main::reads_r)]
--- error_code eval
[map { 403 } (@main::writes, @main::reads)]
--- response_body_like eval
[map { qr/^\{"error":"package \\"[a-z\/]*evil-org\/[a-z0-9_.-]+\\" is blocked by rule \\"hf_block\\"/ } (@main::writes, @main::reads)]



=== TEST 6: one pattern covers an organisation's models, datasets, spaces and kernels, and no neighbour
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_pattern" always;
    }
--- request eval
["GET /evil-org/m/resolve/main/x", "HEAD /datasets/evil-org/d/resolve/main/x", "GET /spaces/Evil-Org/s/raw/main/app.py", "GET /kernels/evil-org/k/resolve/main/x", "GET /api/models/evil-org/m", "GET /notevil-org/m/resolve/main/x", "GET /evil-org2/m/resolve/main/x", "GET /good/evil-org/resolve/main/x"]
--- error_code eval
[403, 403, 403, 403, 403, 307, 307, 307]
--- response_headers eval
["X-Vars: evil-org/m|block|**/evil-org/*", "X-Vars: datasets/evil-org/d|block|**/evil-org/*", "X-Vars: spaces/evil-org/s|block|**/evil-org/*", "X-Vars: kernels/evil-org/k|block|**/evil-org/*", "X-Vars: evil-org/m|block|**/evil-org/*", "X-Vars: notevil-org/m|reroute|", "X-Vars: evil-org2/m|reroute|", "X-Vars: good/evil-org|reroute|"]



=== TEST 7: what no row holds is unknown: 403, the reason, in the Hub's error format (block rule, redirect mode)
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::unknown]
--- error_code eval
[map { 403 } @main::unknown]
--- response_headers eval
[map { "X-Pkg-Reroute-Reason: not a known huggingface endpoint: " . ($_ =~ /^(POST \/api\/models\/org\/model$|DELETE \/org|PUT|POST \/org|GET \/org\/model\.git|DELETE \/api|PATCH|POST \/api\/resolve)/ ? "method not served at this endpoint" : "no such endpoint") } @main::unknown]
--- response_body_like eval
[map { qr/^\{"error":"not a known huggingface endpoint: / } @main::unknown]
--- no_error_log
[error]



=== TEST 8: unknown under an allow rule, redirect mode (an unknown API path whose id reads two ways names both: the one-part "org" is not allowed)
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::unknown]
--- error_code eval
[map { 403 } @main::unknown]
--- response_body_like eval
[map { /\/api\/models\/org\/model\/(compare|notebook|revision$)/ ? qr/^\{"error":"package \\"org\\" is not allowed by rule/ : qr/^\{"error":"not a known huggingface endpoint: / } @main::unknown]



=== TEST 9: unknown in cache mode, block rule: the upstream is never contacted
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::unknown]
--- error_code eval
[map { 403 } @main::unknown]
--- response_body_like eval
[map { qr/^\{"error":"not a known huggingface endpoint: / } @main::unknown]



=== TEST 10: unknown in cache mode, allow rule: the upstream is never contacted
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
[@main::unknown]
--- error_code eval
[map { 403 } @main::unknown]
--- response_body_like eval
[map { /\/api\/models\/org\/model\/(compare|notebook|revision$)/ ? qr/^\{"error":"package \\"org\\" is not allowed by rule/ : qr/^\{"error":"not a known huggingface endpoint: / } @main::unknown]



=== TEST 11: cache mode: the rows go to the upstream with the canonical path; a blocked repository does not, HEAD and GET
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /org/model/resolve/refs/pr/1/config.json", "GET /api/resolve-cache/models/org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json", "POST /api/models/org/model/paths-info/main", "HEAD /evil-org/model/resolve/main/model.safetensors", "GET /evil-org/model/resolve/main/model.safetensors", "GET /api/resolve-cache/models/evil-org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json", "HEAD /api/resolve-cache/datasets/evil-org/data/3f786850e387550fdab836ed7e6dc881de23001b/a.csv", "GET /api/resolve-cache/models/evil-org/3f786850e387550fdab836ed7e6dc881de23001b/3f786850e387550fdab836ed7e6dc881de23001b/x"]
--- error_code eval
[200, 200, 200, 403, 403, 403, 403, 403]
--- response_body_like eval
[qr{^hub GET /org/model/resolve/refs%2Fpr%2F1/config.json$}, qr{^hub GET /api/resolve-cache/models/org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json$}, qr{^hub POST /api/models/org/model/paths-info/main$}, qr/^$/, qr/is blocked by rule/, qr/is blocked by rule/, qr/^$/, qr/"package \\"evil-org\/3f786850e387550fdab836ed7e6dc881de23001b\\" is blocked/]



=== TEST 12: the HEAD of a blocked model, redirect mode: 403 with X-Error-Message, no Location
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request
HEAD /evil-org/model/resolve/main/model.safetensors
--- error_code: 403
--- response_headers
X-Error-Message: package "evil-org/model" is blocked by rule "hf_block" (pattern "**/evil-org/*")
!Location



=== TEST 13: pkg_reroute_unknown pass lets unknown through under a block rule, not under an allow rule
--- config
    pkg_reroute huggingface;
    pkg_reroute_unknown pass;
    location /a/ {
        pkg_reroute huggingface prefix=/a;
        pkg_reroute_use hf_allow;
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
    location / {
        pkg_reroute_use hf_block;
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
["GET /org/model/tree/main", "GET /a/org/model/tree/main", "GET /evil-org/x/tree/main"]
--- error_code eval
[200, 403, 200]



=== TEST 14: the repository manager on the same origin (conf.d-examples/huggingface.conf): HEAD gets a relative 307, then the manager's X-Repo-Commit and X-Linked-*; that place checks the rule again
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_REPOMGR_PORT;
        location / {
            add_header X-Repo-Commit 3f786850e387550fdab836ed7e6dc881de23001b;
            add_header X-Linked-Etag '"abc"';
            add_header X-Linked-Size 665;
            return 200 "repomgr $request_method $request_uri\n";
        }
    }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect /hf-remote;
    absolute_redirect off;
    location /hf-remote/ {
        pkg_reroute huggingface prefix=/hf-remote;
        pkg_reroute_redirect off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REPOMGR_PORT/repo$pkg_reroute_uri;
    }
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
["HEAD /org/model/resolve/main/model.safetensors", "HEAD /hf-remote/org/model/resolve/main/model.safetensors", "GET /hf-remote/org/model/resolve/refs/pr/1/model.safetensors", "HEAD /hf-remote/evil-org/model/resolve/main/x", "GET /hf-remote/evil-org/model/resolve/main/x", "GET /hf-remote/org/model/tree/main", "HEAD /evil-org/model/resolve/main/x"]
--- error_code eval
[307, 200, 200, 403, 403, 403, 403]
--- response_headers eval
["Location: /hf-remote/org/model/resolve/main/model.safetensors", "X-Repo-Commit: 3f786850e387550fdab836ed7e6dc881de23001b\nX-Linked-Etag: \"abc\"\nX-Linked-Size: 665", "X-Repo-Commit: 3f786850e387550fdab836ed7e6dc881de23001b", "!Location", "!X-Repo-Commit", "X-Pkg-Reroute-Reason: not a known huggingface endpoint: no such endpoint", "!Location"]
--- response_body eval
["", "", "repomgr GET /repo/org/model/resolve/refs%2Fpr%2F1/model.safetensors\n", "", qq!{"error":"package \\"evil-org/model\\" is blocked by rule \\"hf_block\\" (pattern \\"**/evil-org/*\\")"}\n!, qq!{"error":"not a known huggingface endpoint: no such endpoint"}\n!, ""]



=== TEST 15: cache mode (conf.d-examples/huggingface-cache.conf): the Hub's relative 307 to /api/resolve-cache/ is followed inside nginx, checked as that repository's file; the resolve-cache path is checked when asked directly too
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_REPOMGR_PORT;
        absolute_redirect off;
        location ~ ^/(?<repo>[^/]+/[^/]+)/resolve/main/config\.json$ {
            add_header X-Repo-Commit 3f786850e387550fdab836ed7e6dc881de23001b always;
            return 307 /api/resolve-cache/models/$repo/3f786850e387550fdab836ed7e6dc881de23001b/config.json;
        }
        location /api/resolve-cache/ {
            return 200 "file $request_uri\n";
        }
    }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_REPOMGR_PORT$pkg_reroute_uri;
        pkg_reroute_follow cdn-lfs.hf.co;
    }
    include $TEST_NGINX_FOLLOW_SNIPPET;
--- request eval
["GET /org/model/resolve/main/config.json", "GET /api/resolve-cache/models/org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json", "HEAD /api/resolve-cache/models/evil-org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json", "HEAD /evil-org/model/resolve/main/config.json"]
--- error_code eval
[200, 200, 403, 403]
--- response_headers eval
["X-Repo-Commit: 3f786850e387550fdab836ed7e6dc881de23001b\n!Location", "!Location", "!X-Repo-Commit", "!Location"]
--- response_body eval
["file /api/resolve-cache/models/org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json\n", "file /api/resolve-cache/models/org/model/3f786850e387550fdab836ed7e6dc881de23001b/config.json\n", "", ""]



=== TEST 16: git over HTTP in redirect mode, info/refs given a place without a redirect target (README): the repository is checked on both requests
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location ~ /info/refs$ {
        pkg_reroute_redirect off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
["GET /org/model/info/refs?service=git-upload-pack", "POST /org/model/git-upload-pack\n0000", "GET /evil-org/model/info/refs?service=git-upload-pack", "POST /evil-org/model.git/git-upload-pack\n0000", "POST /datasets/evil-org/data.git/info/lfs/objects/batch\n{}"]
--- error_code eval
[200, 200, 403, 403, 403]
--- response_body_like eval
[qr{^hub GET /org/model/info/refs\?service=git-upload-pack$}, qr{^hub POST /org/model/git-upload-pack$}, qr/is blocked by rule/, qr/is blocked by rule/, qr/is blocked by rule/]



=== TEST 17: spellings of a blocked repository at the new rows (case, encoded letters, dot segments, ".git", an encoded "/"): refused, under block and allow rules
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location /a/ {
        pkg_reroute huggingface prefix=/a;
        pkg_reroute_use hf_allow;
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
    location / {
        pkg_reroute_use hf_block;
        proxy_pass http://127.0.0.1:$TEST_NGINX_HUB_PORT;
    }
--- request eval
["GET /Evil-Org/Model/raw/main/x.bin", "GET /%65vil-org/model/blob/main/x", "GET /org/x/../../evil-org/model/raw/main/x", "GET /EVIL-ORG/model.git/info/refs?service=git-upload-pack", "POST /evil-org/MODEL.git/info/lfs/objects/batch\n{}", "GET /api/resolve-cache/models/Evil-Org/model/3f786850e387550fdab836ed7e6dc881de23001b/x", "GET /api/resolve-cache/models/evil-org%2Fmodel/3f786850e387550fdab836ed7e6dc881de23001b/x", "GET /api/models/evil-org/model/tree/main/..%2F..%2Fx", "GET /api/spaces/Evil-Org/app/runtime", "GET /a/Evil-Org/Model/raw/main/x.bin", "GET /a/api/resolve-cache/models/evil-org/model/3f786850e387550fdab836ed7e6dc881de23001b/x", "POST /a/evil-org/model/git-upload-pack\n0000", "GET /a/kernels/evil-org/k/resolve/main/x", "GET /a/org/model/raw/main/x.bin"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 400, 400, 403, 403, 403, 403, 403, 307]
