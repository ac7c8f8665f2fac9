# Curation (issue 10 item 3): the release-age cooldown, the emergency
# cutoff and expiring exemptions. Documents lose the versions published
# too recently (or after the cutoff) by the time they carry for each
# version; an artifact takes its version's time from what documents told
# (pkg_reroute_times, t/154), else missing= decides, and an exemption
# naming the version lets it through, logged at warn.
#
# Times are fixed: "young" versions are published in 2099 (always younger
# than any cooldown), "old" ones in 2020-2021.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';
use File::Temp qw(tempdir);

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

our $R = $ENV{TEST_NGINX_REGISTRY_PORT};

sub vdoc { my $v = shift; '"' . $v . '":{"name":"lodash","version":"' . $v . '","dist":{"tarball":"http://127.0.0.1:' . $R . '/lodash/-/lodash-' . $v . '.tgz"}}' }
sub vout { my $v = shift; '"' . $v . '":{"name":"lodash","version":"' . $v . '","dist":{"tarball":"http://mirror.test/lodash/-/lodash-' . $v . '.tgz"}}' }

# lodash 4.17.20 (2020), 4.17.21 (2021), 5.0.0 (2099: young); latest 5.0.0
our $PACKUMENT =
    '{"name":"lodash","dist-tags":{"latest":"5.0.0"},'
  . '"versions":{' . join(',', map { vdoc($_) } qw(4.17.20 4.17.21 5.0.0)) . '},'
  . '"time":{"created":"2012-04-23T16:37:12.603Z","4.17.20":"2020-08-13T16:53:54.152Z","4.17.21":"2021-02-20T15:42:16.891Z","5.0.0":"2099-01-01T00:00:00.000Z"}}';

# the abbreviated document (install-v1): no time at all
our $ABBREV =
    '{"name":"lodash","dist-tags":{"latest":"4.17.21"},'
  . '"versions":{' . join(',', map { vdoc($_) } qw(4.17.20 4.17.21)) . '}}';

our $YOUNG_HIDDEN =
    '{"name":"lodash","dist-tags":{"latest":"4.17.21"},'
  . '"versions":{' . join(',', map { vout($_) } qw(4.17.20 4.17.21)) . '},'
  . '"time":{"created":"2012-04-23T16:37:12.603Z","4.17.20":"2020-08-13T16:53:54.152Z","4.17.21":"2021-02-20T15:42:16.891Z"}}';

our $ALL_KEPT =
    '{"name":"lodash","dist-tags":{"latest":"5.0.0"},'
  . '"versions":{' . join(',', map { vout($_) } qw(4.17.20 4.17.21 5.0.0)) . '},'
  . '"time":{"created":"2012-04-23T16:37:12.603Z","4.17.20":"2020-08-13T16:53:54.152Z","4.17.21":"2021-02-20T15:42:16.891Z","5.0.0":"2099-01-01T00:00:00.000Z"}}';

our $NPM_FILES = [
    ["upstream/lodash.json" => $PACKUMENT],
    ["upstream/abbrev/lodash.json" => $ABBREV],
    ["upstream/lodash/-/lodash-4.17.21.tgz" => "tarball 4.17.21\n"],
    ["upstream/lodash/-/lodash-5.0.0.tgz" => "tarball 5.0.0\n"]];

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        types { application/vnd.pypi.simple.v1+json v1json; }
        location / {
            try_files $uri $uri.json $uri/index.v1json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
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
    server {
        listen 127.0.0.1:1;
        location / {
            pkg_reroute npm;
            pkg_reroute_cooldown 7d;
            pkg_reroute_exempt lodash@5.0.0 until=2020-01-01;
            pkg_reroute_exempt lodash@4.17.21 until=2099-01-01T00:00:00Z;
            pkg_reroute_redirect http://repo.test/npm;
        }
    }
_EOC_
is($rc, 0, "nginx -t: an expired exemption is no error");
like($out, qr/\[warn\] .*"lodash\@5.0.0" of "pkg_reroute_exempt" expired at 2020-01-01, ignored in .*nginx.conf:11/,
     "nginx -t warns that the exemption expired, naming file:line");
unlike($out, qr/lodash\@4.17.21/, "a due one is not named");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_cooldown 7d;
    pkg_reroute_cooldown 8d;
_EOC_
isnt($rc, 0, "nginx -t: pkg_reroute_cooldown twice fails");
like($out, qr/"pkg_reroute_cooldown" directive is duplicate in .*nginx.conf:7/, "is duplicate");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_cooldown 7x;
_EOC_
like($out, qr/invalid age "7x" in "pkg_reroute_cooldown"/, "a bad age");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_cooldown 7d missing=maybe;
_EOC_
like($out, qr/invalid parameter "missing=maybe" in "pkg_reroute_cooldown"/, "a bad parameter");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_cutoff yesterday;
_EOC_
like($out, qr/invalid instant "yesterday" in "pkg_reroute_cutoff" .* in .*nginx.conf:6/, "a bad instant");

($rc, $out) = nginx_t(<<'_EOC_');
    pkg_reroute_exempt lodash until=2099-01-01;
_EOC_
like($out, qr/invalid "lodash" in "pkg_reroute_exempt", it must be <name>\@<version>/, "an exemption names a version");

run_tests();

__DATA__

=== TEST 1: npm, cooldown 7d: the young newest version is hidden (latest moves, its time entry goes), the old ones kept; its tarball is refused by the time the packument told (pkg_reroute_times; t/154)
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
        add_header X-Policy $pkg_reroute_policy always;
    }
--- user_files eval
$main::NPM_FILES
--- request eval
["GET /lodash", "GET /lodash/-/lodash-5.0.0.tgz"]
--- error_code eval
[200, 403]
--- response_headers_like eval
["X-Verdict: block\\|lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days\nX-Policy: [0-9a-f]{8}",
 "X-Verdict: block\\|lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days\nX-Policy: [0-9a-f]{8}"]
--- response_body eval
[$main::YOUNG_HIDDEN, '{"error":"lodash@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days"}' . "\n"]
--- no_error_log
[alert]



=== TEST 2: PyPI: the JSON API and PEP 691 lose the young release by its files' upload times; a release without a time stays (missing=allow)
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_cooldown 36h;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/files/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/pypi/requests/json" =>
  '{"info":{"name":"requests","version":"2.32.3"},"urls":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/requests-2.32.3.tar.gz","upload_time_iso_8601":"2099-05-29T15:37:49.123456Z"}],"releases":{"2.31.0":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/requests-2.31.0.tar.gz","upload_time_iso_8601":"2021-05-22T15:12:42.313790Z"}],"2.30.0":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/requests-2.30.0.tar.gz"}],"2.32.3":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/requests-2.32.3.tar.gz","upload_time_iso_8601":"2099-05-29T15:37:49.123456Z"}]}}'],
 ["upstream/simple/urllib3/index.v1json" =>
  '{"meta":{"api-version":"1.1"},"name":"urllib3","versions":["2.1.0","2.2.1"],"files":[{"filename":"urllib3-2.1.0.tar.gz","url":"http://127.0.0.1:' . $main::R . '/packages/ab/urllib3-2.1.0.tar.gz","hashes":{},"upload-time":"2021-01-01T00:00:00Z"},{"filename":"urllib3-2.2.1.tar.gz","url":"http://127.0.0.1:' . $main::R . '/packages/ab/urllib3-2.2.1.tar.gz","hashes":{},"upload-time":"2099-01-01T00:00:00.000Z"}]}']]
--- request eval
["GET /pypi/pypi/requests/json", "GET /pypi/simple/urllib3/"]
--- error_code eval
[200, 200]
--- response_body eval
['{"info":{"name":"requests","version":"2.32.3"},"urls":[],"releases":{"2.31.0":[{"url":"http://mirror.test/files/ab/requests-2.31.0.tar.gz","upload_time_iso_8601":"2021-05-22T15:12:42.313790Z"}],"2.30.0":[{"url":"http://mirror.test/files/ab/requests-2.30.0.tar.gz"}]}}',
 '{"meta":{"api-version":"1.1"},"name":"urllib3","versions":["2.1.0"],"files":[{"filename":"urllib3-2.1.0.tar.gz","url":"http://mirror.test/files/ab/urllib3-2.1.0.tar.gz","hashes":{},"upload-time":"2021-01-01T00:00:00Z"}]}']
--- no_error_log
[error]



=== TEST 3: npm, cutoff: nothing published after the instant (a date is its midnight, UTC)
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cutoff 2021-01-01;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- user_files eval
$main::NPM_FILES
--- request
GET /lodash
--- response_headers
X-Verdict: block|lodash@4.17.21 was published 2021-02-20T15:42:16Z, after the cutoff 2021-01-01T00:00:00Z
--- response_body eval
'{"name":"lodash","dist-tags":{"latest":"4.17.20"},"versions":{' . main::vout("4.17.20") . '},"time":{"created":"2012-04-23T16:37:12.603Z","4.17.20":"2020-08-13T16:53:54.152Z"}}'



=== TEST 4: npm, cooldown with exempt= patterns: the names it spares keep their young versions
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d exempt=@corp/*,lodash;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
$main::NPM_FILES
--- request
GET /lodash
--- response_body eval
$main::ALL_KEPT



=== TEST 5: an exemption that is due: the young version stays listed and its tarball gets through (the time the packument told would refuse it), logged at warn every time, $pkg_reroute_verdict exempt
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_exempt lodash@5.0.0 until=2099-01-01T00:00:00Z;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- user_files eval
$main::NPM_FILES
--- request eval
["GET /lodash", "GET /lodash/-/lodash-5.0.0.tgz", "GET /lodash/-/lodash-5.0.0.tgz"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Verdict: exempt|lodash\@5.0.0 is exempt until 2099-01-01T00:00:00Z (lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days)",
 "X-Verdict: exempt|lodash\@5.0.0 is exempt until 2099-01-01T00:00:00Z (lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days)",
 "X-Verdict: exempt|lodash\@5.0.0 is exempt until 2099-01-01T00:00:00Z (lodash\@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days)"]
--- response_body eval
[$main::ALL_KEPT, "tarball 5.0.0\n", "tarball 5.0.0\n"]
--- error_log eval
qr/\[warn\] .*pkg reroute: lodash\@5.0.0 is exempt until 2099-01-01T00:00:00Z \(.*\) \(pkg_reroute_exempt: (listed|let through)\)/



=== TEST 6: missing=deny: an artifact (no time: none recorded, no time document fetched) is refused in the client's format; an abbreviated packument has no time, every version is hidden
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_times_fetch off;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
    location /abbrev/ {
        pkg_reroute npm prefix=/abbrev;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/abbrev$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
$main::NPM_FILES
--- request eval
["GET /lodash/-/lodash-4.17.21.tgz", "GET /abbrev/lodash"]
--- error_code eval
[403, 200]
--- response_headers eval
["X-Pkg-Reroute-Reason: lodash\@4.17.21 has no publication time (missing=deny; cooldown 7 days)", ""]
--- response_body eval
['{"error":"lodash@4.17.21 has no publication time (missing=deny; cooldown 7 days)"}' . "\n",
 '{"name":"lodash","dist-tags":{},"versions":{}}']



=== TEST 7: an expired exemption is ignored: the young version stays hidden
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_exempt lodash@5.0.0 until=2020-01-01;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
$main::NPM_FILES
--- request
GET /lodash
--- response_body eval
$main::YOUNG_HIDDEN
--- no_error_log
pkg_reroute_exempt:



=== TEST 8: warn mode: nothing hidden, the young version logged and marked
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_verdict warn;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
$main::NPM_FILES
--- request
GET /lodash
--- response_headers
X-Pkg-Reroute-Verdict: lodash@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days
--- response_body eval
$main::ALL_KEPT
--- error_log
pkg_reroute_verdict warn: listed



=== TEST 9: not configured: no cooldown, nothing judged, no policy generation
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
        add_header X-Policy "[$pkg_reroute_policy]" always;
    }
--- user_files eval
$main::NPM_FILES
--- request
GET /lodash
--- response_headers
X-Policy: []
--- response_body eval
$main::ALL_KEPT



=== TEST 10: npm, a place with a cooldown or a cutoff asks the upstream for the full packument (the abbreviated one has no time), whatever the client accepts; the key's variant follows; a place without keeps the abbreviated one
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        return 200 "$pkg_reroute_accept|$pkg_reroute_cache_key\n";
    }
    location /cut/ {
        pkg_reroute npm prefix=/cut;
        pkg_reroute_cutoff 2026-01-01;
        return 200 "$pkg_reroute_accept|$pkg_reroute_cache_key\n";
    }
    location /plain/ {
        pkg_reroute npm prefix=/plain;
        return 200 "$pkg_reroute_accept|$pkg_reroute_cache_key\n";
    }
--- request eval
["GET /lodash", "GET /cut/lodash", "GET /plain/lodash"]
--- more_headers
Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*
--- response_body_like eval
["^application/json\\|npm::[^|]*/lodash\\|policy:[0-9a-f]{8}\$",
 "^application/json\\|npm::[^|]*/lodash\\|policy:[0-9a-f]{8}\$",
 "^application/vnd.npm.install-v1\\+json\\|npm:install-v1:[^|]*/lodash\$"]



=== TEST 11: warn mode: a version the packument names three times (versions, time, dist-tags latest) is judged and logged once, the old ones not at all
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cooldown 7d;
        pkg_reroute_verdict warn;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
$main::NPM_FILES
--- request
GET /lodash
--- response_body eval
$main::ALL_KEPT
--- grep_error_log eval
qr/lodash\@[0-9.]+ (?:was|has) [^(]*\(pkg_reroute_verdict warn: listed\)/
--- grep_error_log_out
lodash@5.0.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days (pkg_reroute_verdict warn: listed)
