# Curation (issue 10 item 3): the artifact's publication time. Metadata
# documents tell keep() each version's time and the module remembers it
# (pkg_reroute_times, a shared-memory store); an artifact judged under a
# cooldown or a cutoff takes its version's time from there, and when the
# store has none, the access phase fetches the package's time document
# through the same place by subrequest, then judges. So a tarball named by
# a lockfile, fetched with no packument before it, is refused when its
# version is too young.
#
# Times are fixed: "young" versions are published in 2099, "old" ones in
# 2020-2021.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/),
#                                  which logs what it is asked
#                                  (logs/registry.log, GET /reglog)
#   P+2  TEST_NGINX_FILL_PORT      a fill server (front and fill layout)
#   P+3  TEST_NGINX_OTHER_PORT     another registry (html/other/): lodash
#                                  5.0.0 is old there
#   P+4  TEST_NGINX_HANG_PORT      a socket that never answers (this file's)
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET;
use File::Temp qw(tempdir);

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_FILL_PORT} = $port + 2;
$ENV{TEST_NGINX_OTHER_PORT} = $port + 3;
$ENV{TEST_NGINX_HANG_PORT} = $port + 4;

# accepts connections (the kernel's backlog) and never answers
our $HANG = IO::Socket::INET->new(Listen => 16, ReuseAddr => 1,
    LocalAddr => "127.0.0.1:" . ($port + 4)) or die "hang socket: $!";

no_root_location();
no_shuffle();

our $R = $ENV{TEST_NGINX_REGISTRY_PORT};

sub vdoc { my $v = shift; '"' . $v . '":{"name":"lodash","version":"' . $v . '","dist":{"tarball":"http://127.0.0.1:' . $R . '/lodash/-/lodash-' . $v . '.tgz"}}' }

sub packument {
    my $young = shift;
    '{"name":"lodash","dist-tags":{"latest":"5.0.0"},'
  . '"versions":{' . join(',', map { vdoc($_) } qw(4.17.21 5.0.0)) . '},'
  . '"time":{"created":"2012-04-23T16:37:12.603Z","4.17.21":"2021-02-20T15:42:16.891Z","5.0.0":"' . $young . '"}}';
}

# 3000 old versions, then 9.0.0 (young): more records than a zone of 8
# pages holds
our $BIG =
    '{"name":"big","dist-tags":{"latest":"9.0.0"},"versions":{'
  . join(',', map { '"1.0.' . $_ . '":{"name":"big","version":"1.0.' . $_ . '"}' } 0 .. 2999)
  . ',"9.0.0":{"name":"big","version":"9.0.0"}},"time":{'
  . join(',', map { '"1.0.' . $_ . '":"2020-01-01T00:00:00.000Z"' } 0 .. 2999)
  . ',"9.0.0":"2099-01-01T00:00:00.000Z"}}';

our $NPM_FILES = [
    ["upstream/big.json" => $BIG],
    ["upstream/big/-/big-1.0.0.tgz" => "big 1.0.0\n"],
    ["upstream/big/-/big-9.0.0.tgz" => "big 9.0.0\n"],
    ["upstream/lodash.json" => packument("2099-01-01T00:00:00.000Z")],
    ["upstream/lodash/-/lodash-4.17.21.tgz" => "tarball 4.17.21\n"],
    ["upstream/lodash/-/lodash-5.0.0.tgz" => "tarball 5.0.0\n"],
    ["other/lodash.json" => packument("2020-01-01T00:00:00.000Z")],
    ["other/lodash/-/lodash-5.0.0.tgz" => "other tarball 5.0.0\n"],
    ["upstream/simple/requests/index.v1json" =>
     '{"meta":{"api-version":"1.1"},"name":"requests","versions":["2.31.0","2.32.3"],"files":[{"filename":"requests-2.31.0.tar.gz","url":"http://127.0.0.1:' . $R . '/packages/source/r/requests/requests-2.31.0.tar.gz","hashes":{},"upload-time":"2021-05-22T15:12:42.313790Z"},{"filename":"requests-2.32.3.tar.gz","url":"http://127.0.0.1:' . $R . '/packages/source/r/requests/requests-2.32.3.tar.gz","hashes":{},"upload-time":"2099-05-29T15:37:49.123456Z"}]}'],
    ["upstream/simple/requests/index.html" => "<html><body>no times here</body></html>\n"],
    ["upstream/packages/source/r/requests/requests-2.31.0.tar.gz" => "sdist 2.31.0\n"],
    ["upstream/packages/source/r/requests/requests-2.32.3.tar.gz" => "sdist 2.32.3\n"],
    ["upstream/se/rd/serde_j" => '{"name":"serde_j","vers":"1.0.0","deps":[],"cksum":"00","features":{},"yanked":false,"pubtime":"2021-01-01T00:00:00Z"}' . "\n" . '{"name":"serde_j","vers":"2.0.0","deps":[],"cksum":"00","features":{},"yanked":false,"pubtime":"2099-01-01T00:00:00Z"}' . "\n"],
    ["upstream/api/v1/crates/serde_j/1.0.0/download" => "crate 1.0.0\n"],
    ["upstream/api/v1/crates/serde_j/2.0.0/download" => "crate 2.0.0\n"],
    ["upstream/api/v1/versions/rake.json" => '[{"number":"13.1.0","platform":"ruby","created_at":"2099-01-01T00:00:00.000Z"},{"number":"13.0.6","platform":"ruby","created_at":"2021-07-09T00:00:00.000Z"}]'],
    ["upstream/gems/rake-13.0.6.gem" => "gem 13.0.6\n"],
    ["upstream/info/rake" => "---\n13.0.6 |checksum:00\n13.1.0 |checksum:00\n"],
    ["upstream/gems/rake-13.1.0.gem" => "gem 13.1.0\n"]];

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    log_format reg '$request_uri';
    proxy_cache_path cache levels=1:2 keys_zone=t154:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        access_log logs/registry.log reg;
        types { application/vnd.pypi.simple.v1+json v1json; text/html html; }
        location / {
            try_files $uri $uri.json =404;
        }
        location /simple/ {
            if ($http_accept != "application/vnd.pypi.simple.v1+json") {
                rewrite ^ /simple/requests/index.html break;
            }
            try_files $uri/index.v1json =404;
        }
        location = /hang/lodash {
            proxy_pass http://127.0.0.1:$TEST_NGINX_HANG_PORT;
            proxy_read_timeout 2s;
        }
        location = /fail/lodash {
            return 500;
        }
        location /auth/ {
            if ($http_authorization) {
                return 401;
            }
            rewrite ^/auth(/.*)$ $1 break;
            try_files $uri $uri.json =404;
        }
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_OTHER_PORT;
        root html/other;
        default_type application/json;
        access_log logs/registry.log reg;
        location / {
            try_files $uri $uri.json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    $block->set_value("user_files", $main::NPM_FILES)
        unless defined $block->user_files;
});

# nginx -t on a configuration: (exit status, what it printed)
sub nginx_t {
    my $conf = shift;
    my $dir = tempdir(CLEANUP => 1);
    mkdir "$dir/logs";
    open my $fh, '>', "$dir/nginx.conf" or die;
    print $fh "load_module $_;\n"
        for split ' ', ($ENV{TEST_NGINX_LOAD_MODULES} // '');
    print $fh "error_log stderr notice;\npid $dir/nginx.pid;\n"
        . "events {}\nhttp {\n$conf\n}\n";
    close $fh;
    my $bin = $ENV{TEST_NGINX_BINARY} || 'nginx';
    my $out = `$bin -t -p $dir/ -c $dir/nginx.conf 2>&1`;
    return ($? >> 8, $out);
}

my ($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_times zone=t:1m;
    pkg_reroute_times zone=u:1m;
_EOC_
like($out, qr/"pkg_reroute_times" directive is duplicate in .*nginx.conf:7/, "pkg_reroute_times twice: is duplicate");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_times t:1m;
_EOC_
like($out, qr/invalid parameter "t:1m" in "pkg_reroute_times", it must be "zone=<name>:<size>" in .*nginx.conf:6/, "a bad zone");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_times_fetch npm timeout=1s;
_EOC_
like($out, qr/invalid parameter "npm" in "pkg_reroute_times_fetch"/, "a prefix starts with /");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_times_fetch timeout=never;
_EOC_
like($out, qr/invalid time "timeout=never" in "pkg_reroute_times_fetch"/, "a bad timeout");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_times zone=t:1m;
    pkg_reroute_times_scope npm-public;
    pkg_reroute_times_fetch / timeout=2s;
    server {
        listen 127.0.0.1:1;
        location / {
            pkg_reroute npm;
            pkg_reroute_cooldown 7d;
            pkg_reroute_times_scope private;
            pkg_reroute_times_fetch off;
        }
    }
_EOC_
is($rc, 0, "nginx -t: the times directives at their levels");

run_tests();

__DATA__

=== TEST 1: npm ci from a lockfile: the young version's tarball, no packument asked before, is refused with the cooldown's reason (its time document fetched by subrequest); the old one is served; a HEAD too; the time document is fetched once
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict" always;
    }
--- request eval
["GET /lodash/-/lodash-5.0.0.tgz", "HEAD /lodash/-/lodash-5.0.0.tgz", "GET /lodash/-/lodash-4.17.21.tgz", "GET /reglog"]
--- error_code eval
[403, 403, 200, 200]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days\nX-Verdict: block",
 "X-Pkg-Reroute-Reason: lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: allow", ""]
--- response_body_like eval
["cooldown 7 days", "", "tarball 4.17.21", "\\A/lodash\n/lodash/-/lodash-4.17.21.tgz\n\\z"]



=== TEST 2: the packument fetched first (keep() records its times): the tarball's verdict needs no second fetch
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- request eval
["GET /lodash", "GET /lodash/-/lodash-5.0.0.tgz", "GET /lodash/-/lodash-4.17.21.tgz", "GET /reglog"]
--- error_code eval
[200, 403, 200, 200]
--- response_body_like eval
["\"4.17.21\"", "cooldown 7 days", "tarball 4.17.21", "\\A/lodash\n/lodash/-/lodash-4.17.21.tgz\n\\z"]



=== TEST 3: a time document that fails: missing= decides (allow: served; deny: refused, no time)
--- config
    location = /reglog { alias logs/registry.log; }
    location /a/ {
        pkg_reroute npm prefix=/a;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/fail$pkg_reroute_uri;
    }
    location /a/lodash/-/ {
        pkg_reroute npm prefix=/a;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /d/ {
        pkg_reroute npm prefix=/d;
        pkg_reroute_cooldown 7d missing=deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/fail$pkg_reroute_uri;
    }
--- request eval
["GET /a/lodash/-/lodash-5.0.0.tgz", "GET /d/lodash/-/lodash-5.0.0.tgz", "GET /reglog"]
--- error_code eval
[200, 403, 200]
--- response_body_like eval
["tarball 5.0.0", "lodash\@5.0.0 has no publication time", "\\A/fail/lodash\n/lodash/-/lodash-5.0.0.tgz\n/fail/lodash\n\\z"]



=== TEST 4: the failed time document is logged (info), the request served
--- config
    location /a/ {
        pkg_reroute npm prefix=/a;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/fail$pkg_reroute_uri;
    }
    location /a/lodash/-/ {
        pkg_reroute npm prefix=/a;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /a/lodash/-/lodash-5.0.0.tgz
--- error_code: 200
--- error_log
no publication time from "/a/lodash": not read (status 500)



=== TEST 5: a time document that hangs: after pkg_reroute_times_fetch timeout= the request goes on, missing= decides
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch timeout=500ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/hang$pkg_reroute_uri;
    }
    location /lodash/-/ {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_fetch timeout=500ms;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /lodash/-/lodash-5.0.0.tgz
--- error_code: 200
--- response_body
tarball 5.0.0
--- error_log
"/lodash" took too long (pkg_reroute_times_fetch timeout=)
--- timeout: 10



=== TEST 6: two places with different upstreams do not share times: B's old 5.0.0 does not answer for A's young one, nor A's for B's
--- config
    location /a/ {
        pkg_reroute npm prefix=/a;
        pkg_reroute_cooldown 7d;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
    location /b/ {
        pkg_reroute npm prefix=/b;
        pkg_reroute_cooldown 7d;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_OTHER_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- request eval
["GET /b/lodash", "GET /a/lodash/-/lodash-5.0.0.tgz", "GET /a/lodash", "GET /b/lodash/-/lodash-5.0.0.tgz"]
--- error_code eval
[200, 403, 200, 200]
--- response_body_like eval
["\"5.0.0\"", "cooldown 7 days", "\"4.17.21\"", "other tarball 5.0.0"]



=== TEST 7: a front (cache, judges artifacts) and its fill (rewrites and filters) in one pkg_reroute_times_scope: the fill hides the young version from the document, yet the times it recorded refuse its tarball at the front; without the shared scope the front would see no time for it
--- http_config
    server {
        listen 127.0.0.1:$TEST_NGINX_FILL_PORT;
        location / {
            pkg_reroute npm;
            pkg_reroute_cooldown 7d;
            pkg_reroute_times_scope npm-public;
            pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://127.0.0.1:$TEST_NGINX_SERVER_PORT/;
            proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
            proxy_set_header Accept-Encoding "";
        }
    }
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_scope npm-public;
        proxy_cache t154;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_pass http://127.0.0.1:$TEST_NGINX_FILL_PORT$pkg_reroute_uri;
        proxy_set_header Accept $pkg_reroute_accept;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /lodash/-/lodash-5.0.0.tgz", "GET /lodash", "GET /lodash/-/lodash-4.17.21.tgz", "GET /reglog"]
--- error_code eval
[403, 200, 200, 200]
--- response_headers_like eval
["", "X-Cache-Status: HIT", "", ""]
--- response_body_like eval
["cooldown 7 days", "\\A(?!.*5\\.0\\.0).*\\z", "tarball 4.17.21", "\\A/lodash\n/lodash/-/lodash-4.17.21.tgz\n\\z"]



=== TEST 8: PyPI, Cargo and RubyGems: the artifact's time from the simple page as PEP 691 JSON (asked for with its Accept, whatever the client's), the index file, /api/v1/versions/<name>.json
--- config
    location = /reglog { alias logs/registry.log; }
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- more_headers
Accept: text/html
--- request eval
["GET /pypi/packages/source/r/requests/requests-2.32.3.tar.gz", "GET /pypi/packages/source/r/requests/requests-2.31.0.tar.gz",
 "GET /cargo/api/v1/crates/serde_j/2.0.0/download", "GET /cargo/api/v1/crates/serde_j/1.0.0/download",
 "GET /gems/gems/rake-13.1.0.gem", "GET /gems/gems/rake-13.0.6.gem", "GET /reglog"]
--- error_code eval
[403, 200, 403, 200, 403, 200, 200]
--- response_body_like eval
["requests\@2.32.3 was published 2099-05-29T15:37:49Z", "sdist 2.31.0",
 "serde-j\@2.0.0 was published 2099", "crate 1.0.0",
 "rake\@13.1.0 was published 2099", "gem 13.0.6",
 "\\A/simple/requests/\n/packages/source/r/requests/requests-2.31.0.tar.gz\n/se/rd/serde_j\n/api/v1/crates/serde_j/1.0.0/download\n/api/v1/versions/rake.json\n/gems/rake-13.0.6.gem\n\\z"]



=== TEST 9: RubyGems' compact index info/<name> has no times: a place that filters it (pkg_reroute_rewrite) first fetches /api/v1/versions/<name>.json, so that keep() finds each version's time in the store; shown by a place of the same scope that fetches nothing
--- config
    location = /reglog { alias logs/registry.log; }
    location /fill/ {
        pkg_reroute rubygems prefix=/fill;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_scope rubygems-org;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_cooldown 7d;
        pkg_reroute_times_scope rubygems-org;
        pkg_reroute_times_fetch off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /gems/gems/rake-13.1.0.gem", "GET /fill/info/rake", "GET /gems/gems/rake-13.1.0.gem", "GET /reglog"]
--- error_code eval
[200, 200, 403, 200]
--- response_body_like eval
["gem 13.1.0", "13.0.6", "rake\@13.1.0 was published 2099", "\\A/gems/rake-13.1.0.gem\n/api/v1/versions/rake.json\n/info/rake\n\\z"]



=== TEST 9b: the same in a place without pkg_reroute_rewrite (rubygems-cache.conf: it filters info/<name> too): the young version leaves the info file, its time fetched first
--- config
    location = /reglog { alias logs/registry.log; }
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- request eval
["GET /gems/info/rake", "GET /reglog"]
--- error_code eval
[200, 200]
--- response_body_like eval
["\\A---\n13.0.6 \|checksum:00\n\\z", "\\A/api/v1/versions/rake.json\n/info/rake\n\\z"]



=== TEST 10: a zone too small for every record: the least recently used give way, no request fails; an evicted version's time is fetched again
--- http_config
    pkg_reroute_times zone=tiny:32k;
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- request eval
["GET /big", "GET /big/-/big-9.0.0.tgz", "GET /big/-/big-1.0.0.tgz", "GET /reglog"]
--- error_code eval
[200, 403, 200, 200]
--- response_body_like eval
["\"1\\.0\\.2999\"", "big\@9.0.0 was published 2099", "big 1.0.0", "\\A/big\n/big\n/big/-/big-1.0.0.tgz\n\\z"]
--- no_error_log
[alert]



=== TEST 11: the time document is asked for without the client's credentials (a place that strips them, the default, and one that forwards them)
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/auth$pkg_reroute_uri;
    }
    location /f/ {
        pkg_reroute npm prefix=/f;
        pkg_reroute_cooldown 7d;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/auth$pkg_reroute_uri;
    }
--- more_headers
Authorization: Bearer secret
--- request eval
["GET /lodash/-/lodash-5.0.0.tgz", "GET /f/lodash/-/lodash-5.0.0.tgz"]
--- error_code eval
[403, 403]
--- response_body_like eval
["cooldown 7 days", "cooldown 7 days"]



=== TEST 12: redirect mode: no cache to fetch through; the store only, else missing=
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_redirect http://repo.test/npm;
    }
--- request
GET /lodash/-/lodash-5.0.0.tgz
--- error_code: 307
--- response_headers
Location: http://repo.test/npm/lodash/-/lodash-5.0.0.tgz



=== TEST 13: not configured: no cooldown, no time document asked for
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /lodash/-/lodash-5.0.0.tgz", "GET /reglog"]
--- error_code eval
[200, 200]
--- response_body eval
["tarball 5.0.0\n", "/lodash/-/lodash-5.0.0.tgz\n"]



=== TEST 14: cooldown exempt=: an exempt name's artifact needs no time, so its time document is not fetched (the upstream is asked for the tarball only); a name the cooldown judges still has its time document fetched
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d exempt=lodash;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        add_header X-Verdict "$pkg_reroute_verdict" always;
    }
--- request eval
["GET /lodash/-/lodash-5.0.0.tgz", "GET /big/-/big-9.0.0.tgz", "GET /reglog"]
--- error_code eval
[200, 403, 200]
--- response_headers eval
["X-Verdict: allow", "X-Verdict: block", ""]
--- response_body_like eval
["tarball 5.0.0", "big\@9.0.0 was published 2099", "\\A/lodash/-/lodash-5.0.0.tgz\n/big\n\\z"]



=== TEST 15: an exempt name under a cutoff: the cutoff reads its time, so the time document is fetched (and refuses the young version); missing=deny does not apply to an exempt name, nothing is fetched for it
--- config
    location = /reglog { alias logs/registry.log; }
    location /cut/ {
        pkg_reroute npm prefix=/cut;
        pkg_reroute_cooldown 7d exempt=lodash;
        pkg_reroute_cutoff 2030-01-01;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d missing=deny exempt=lodash;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /cut/lodash/-/lodash-5.0.0.tgz", "GET /lodash/-/lodash-5.0.0.tgz", "GET /reglog"]
--- error_code eval
[403, 200, 200]
--- response_body_like eval
["lodash\@5.0.0 was published 2099-01-01T00:00:00Z, after the cutoff", "tarball 5.0.0", "\\A/lodash\n/lodash/-/lodash-5.0.0.tgz\n\\z"]



=== TEST 16: a version the rule's range blocks is refused whatever its time: no time document fetched for it (TEST 1: a version the rule lets in has it fetched)
--- http_config
    pkg_reroute_rule corp block { "lodash@>=5.0.0"; }
--- config
    location = /reglog { alias logs/registry.log; }
    location / {
        pkg_reroute npm;
        pkg_reroute_use corp;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /lodash/-/lodash-5.0.0.tgz", "GET /reglog"]
--- error_code eval
[403, 200]
--- response_body_like eval
["lodash\@5.0.0 is blocked by rule", "\\A\\z"]



=== TEST 17: RubyGems info/<name> of an exempt name: its versions need no time, the versions JSON is not fetched first
--- config
    location = /reglog { alias logs/registry.log; }
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_cooldown 7d exempt=rake;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- request eval
["GET /gems/info/rake", "GET /reglog"]
--- error_code eval
[200, 200]
--- response_body_like eval
["\\A---\n13.0.6 \\|checksum:00\n13.1.0 \\|checksum:00\n\\z", "\\A/info/rake\n\\z"]



=== TEST 18: Docker tags and Hugging Face revisions (time lookups): an exempt name's manifest or download is not looked up (the upstream is asked for it only); a judged name's still is
--- user_files eval
[@$main::NPM_FILES,
 ["upstream/v2/corp/app/manifests/1.0" => '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:' . ('a' x 64) . '"},"layers":[]}'],
 ["upstream/v2/other/app/manifests/1.0" => '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:' . ('a' x 64) . '"},"layers":[]}'],
 ["upstream/v2/corp/app/blobs/sha256:" . ('a' x 64) => '{"created":"2099-01-01T00:00:00Z"}'],
 ["upstream/v2/other/app/blobs/sha256:" . ('a' x 64) => '{"created":"2099-01-01T00:00:00Z"}'],
 ["upstream/api/models/corp/model/revision/main" => '{"id":"corp/model","sha":"' . ('1' x 40) . '","lastModified":"2099-01-01T00:00:00.000Z"}'],
 ["upstream/api/models/other/model/revision/main" => '{"id":"other/model","sha":"' . ('1' x 40) . '","lastModified":"2099-01-01T00:00:00.000Z"}'],
 ["upstream/corp/model/resolve/main/config.json" => "corp config\n"],
 ["upstream/other/model/resolve/main/config.json" => "other config\n"]]
--- config
    location = /reglog { alias logs/registry.log; }
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d exempt=corp/*;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_cooldown 7d exempt=corp/*;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/corp/app/manifests/1.0", "GET /v2/other/app/manifests/1.0",
 "GET /hf/corp/model/resolve/main/config.json",
 "GET /hf/other/model/resolve/main/config.json", "GET /reglog"]
--- error_code eval
[200, 403, 200, 403, 200]
--- response_body_like eval
["schemaVersion", "other/app\@1.0 was published 2099", "corp config",
 "other/model\@main was published 2099",
 "\\A/v2/corp/app/manifests/1.0\n/v2/other/app/manifests/1.0\n/v2/other/app/blobs/sha256:a{64}\n/corp/model/resolve/main/config.json\n/api/models/other/model/revision/main\n\\z"]
