# Curation: pkg_reroute_malicious. OSV files of the OpenSSF
# malicious-packages layout, as a directory tree or a zip (made here,
# deflated: the module inflates with the zlib nginx links), and plain
# name[@version] lists; a listed version's artifact is refused, the package
# whose every version is listed too, and documents lose listed versions.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';
use IO::Compress::Zip qw(zip $ZipError :zip_method);

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

our $R = $ENV{TEST_NGINX_REGISTRY_PORT};

sub osv {
    my ($id, $eco, $name, $affected) = @_;
    return '{"id":"' . $id . '","affected":[{"package":{"ecosystem":"'
         . $eco . '","name":"' . $name . '"},' . $affected . '}]}';
}

our $OSV_LODASH = osv('MAL-2026-1234', 'npm', 'lodash', '"versions":["4.17.99"]');
our $OSV_EVIL = osv('MAL-2026-7', 'npm', 'evil-pkg',
                    '"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]');

# a zip of a PyPI tree, deflated
our $ZIP;
zip \ osv('MAL-2026-99', 'PyPI', 'requests', '"versions":["2.32.9"]')
    => \$ZIP, Name => 'osv/malicious/pypi/requests/MAL-2026-99.json',
    Method => ZIP_CM_DEFLATE
    or die "zip: $ZipError";

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        location / {
            try_files $uri $uri.json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: an OSV tree, redirect mode: a listed version is refused, a package with every version listed too, the rest redirected
--- config
    pkg_reroute_malicious html/osv;
    location / {
        pkg_reroute npm;
        pkg_reroute_redirect http://repo.test/npm;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_policy" always;
    }
--- user_files eval
[["osv/malicious/npm/lodash/MAL-2026-1234.json" => $main::OSV_LODASH],
 ["osv/malicious/npm/evil-pkg/MAL-2026-7.json" => $main::OSV_EVIL]]
--- request eval
["GET /lodash/-/lodash-4.17.99.tgz",
 "HEAD /lodash/-/lodash-4.17.99.tgz",
 "GET /lodash/-/lodash-4.17.21.tgz",
 "GET /lodash",
 "GET /evil-pkg",
 "GET /evil-pkg/-/evil-pkg-1.0.0.tgz",
 "GET /left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[403, 403, 307, 307, 403, 403, 307]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: lodash\@4\\.17\\.99 is listed as malicious \\(MAL-2026-1234\\)\nX-Verdict: block\\|[0-9a-f]{8}",
 "X-Pkg-Reroute-Reason: lodash\@4\\.17\\.99 is listed as malicious \\(MAL-2026-1234\\)",
 "X-Verdict: allow\\|[0-9a-f]{8}",
 "X-Verdict: allow\\|[0-9a-f]{8}",
 "X-Pkg-Reroute-Reason: package \"evil-pkg\" is listed as malicious \\(MAL-2026-7\\)",
 "X-Pkg-Reroute-Reason: evil-pkg\@1\\.0\\.0 is listed as malicious \\(MAL-2026-7\\)",
 "X-Verdict: \\|[0-9a-f]{8}"]
--- response_body eval
['{"error":"lodash@4.17.99 is listed as malicious (MAL-2026-1234)"}' . "\n",
 '', qr/^<html>/, qr/^<html>/, qr/malicious/, qr/malicious/, qr/^<html>/]



=== TEST 2: a deflated zip, cache mode: the PyPI JSON loses the listed release and its file is refused
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_malicious html/mal.zip;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/files/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["mal.zip" => $main::ZIP],
 ["upstream/pypi/requests/json" =>
  '{"info":{"name":"requests","version":"2.32.3"},"urls":[],"releases":{"2.32.3":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.32.3.tar.gz"}],"2.32.9":[{"url":"http://127.0.0.1:' . $main::R . '/packages/ab/cd/ef/requests-2.32.9.tar.gz"}]}}']]
--- request eval
["GET /pypi/pypi/requests/json",
 "GET /pypi/packages/ab/cd/ef/requests-2.32.9.tar.gz"]
--- error_code eval
[200, 403]
--- response_body eval
['{"info":{"name":"requests","version":"2.32.3"},"urls":[],"releases":{"2.32.3":[{"url":"http://mirror.test/files/ab/cd/ef/requests-2.32.3.tar.gz"}]}}',
 qr/requests\@2\.32\.9 is listed as malicious \(MAL-2026-99\)/]



=== TEST 3: a plain list for Docker: a tag listed, every tag of another image
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_malicious html/docker.txt ecosystem=docker;
        pkg_reroute_redirect http://repo.test/docker;
    }
--- user_files
>>> docker.txt
# images the organisation refuses
library/badimage@1.0
library/worse
--- request eval
["GET /v2/library/badimage/manifests/1.0",
 "GET /v2/library/badimage/manifests/2.0",
 "GET /v2/library/worse/manifests/latest",
 "GET /v2/library/worse/tags/list"]
--- error_code eval
[403, 307, 403, 403]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: library/badimage\@1\\.0 is listed as malicious \\(docker\\.txt:2\\)",
 "Location: http://repo\\.test/docker/v2/library/badimage/manifests/2\\.0",
 "X-Pkg-Reroute-Reason: library/worse\@latest is listed as malicious \\(docker\\.txt:3\\)",
 "X-Pkg-Reroute-Reason: package \"library/worse\" is listed as malicious \\(docker\\.txt:3\\)"]



=== TEST 4: a location's lists replace the inherited ones; off drops them; a rule's denial comes first
--- http_config
    pkg_reroute_rule npm-corp block { "lodash@<4.17.21"; }
--- config
    pkg_reroute_malicious html/osv;
    pkg_reroute_redirect http://repo.test/npm;
    location / {
        pkg_reroute npm;
        pkg_reroute_use npm-corp;
    }
    location /off/ {
        pkg_reroute npm prefix=/off;
        pkg_reroute_malicious off;
    }
    location /other/ {
        pkg_reroute npm prefix=/other;
        pkg_reroute_malicious html/other.txt ecosystem=npm;
    }
--- user_files eval
[["osv/malicious/npm/lodash/MAL-2026-1234.json" => $main::OSV_LODASH],
 ["other.txt" => "left-pad\@1.3.0\n"]]
--- request eval
["GET /lodash/-/lodash-4.17.99.tgz",
 "GET /lodash/-/lodash-4.17.20.tgz",
 "GET /off/lodash/-/lodash-4.17.99.tgz",
 "GET /other/lodash/-/lodash-4.17.99.tgz",
 "GET /other/left-pad/-/left-pad-1.3.0.tgz"]
--- error_code eval
[403, 403, 307, 307, 403]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: lodash\@4\\.17\\.99 is listed as malicious \\(MAL-2026-1234\\)",
 "X-Pkg-Reroute-Reason: lodash\@4\\.17\\.20 is blocked by rule \"npm-corp\" .*",
 "Location: http://repo\\.test/npm/lodash/-/lodash-4\\.17\\.99\\.tgz",
 "Location: http://repo\\.test/npm/lodash/-/lodash-4\\.17\\.99\\.tgz",
 "X-Pkg-Reroute-Reason: left-pad\@1\\.3\\.0 is listed as malicious \\(other\\.txt:1\\)"]



=== TEST 5: a list that cannot be read fails nginx -t at the directive
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_malicious html/no-such-tree;
    }
--- must_die
--- error_log eval
qr/\[emerg\] \d+#\d+: pkg_reroute_malicious "\S+no-such-tree" cannot be read: .* in \S+nginx\.conf:\d+/



=== TEST 6: ecosystem= must name one
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_malicious html/x.txt eco=npm;
    }
--- must_die
--- error_log eval
qr/\[emerg\] \d+#\d+: invalid parameter "eco=npm" in "pkg_reroute_malicious", it must be "ecosystem=<ecosystem>" \(a plain list's\) in \S+nginx\.conf:\d+/
