# PyPI's endpoint catalogue (pr_pypi_endpoints in pr_eco_pypi.c), closed
# by default: every row's examples are redirected with their canonical
# Location; a blocked project is refused at every row that names one,
# whatever the method, and under every reading of an ambiguous file name
# (acme-2-1.tar.gz is "acme" 2-1 and "acme-2" 1); what no row holds (the
# web pages, the RSS feeds, XML-RPC, the legacy ?:action= forms, a method
# the registry does not serve) is denied as unknown, under block and allow
# rules, in redirect mode and in cache mode, where the upstream is never
# asked.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  an upstream that answers 200 if asked
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

our $H = '/packages/70/8e/'
    . '0e2d847013cb52cd35b38c009bb167a1a26b2ce6cd6965bf26b47bc0bf44/';

# each row's examples: request, Location path, "kind|package|version"
our @rows = (
    [ "GET /simple/requests/", "/simple/requests/", "metadata|requests|" ],
    [ "GET /simple/Zope.Interface", "/simple/zope-interface/",
      "metadata|zope-interface|" ],
    [ "GET /simple/typing_extensions/?format=application/vnd.pypi.simple.v1+json",
      "/simple/typing-extensions/?format=application/vnd.pypi.simple.v1+json",
      "metadata|typing-extensions|" ],
    [ "HEAD /simple/django/", "/simple/django/", "metadata|django|" ],
    [ "GET /pypi/requests/json", "/pypi/requests/json", "metadata|requests|" ],
    [ "GET /pypi/Zope.Interface/json/", "/pypi/zope-interface/json",
      "metadata|zope-interface|" ],
    [ "GET /pypi/requests/2.31.0/json", "/pypi/requests/2.31.0/json",
      "metadata|requests|2.31.0" ],
    [ "GET /pypi/torch/2.1.0+cu118/json/", "/pypi/torch/2.1.0%2Bcu118/json",
      "metadata|torch|2.1.0+cu118" ],
    [ "GET ${H}requests-2.31.0-py3-none-any.whl",
      "${H}requests-2.31.0-py3-none-any.whl", "artifact|requests|2.31.0" ],
    [ "GET ${H}acme-2-1.tar.gz", "${H}acme-2-1.tar.gz", "artifact|acme|2-1" ],
    [ "GET ${H}x-1.0.win-amd64.msi", "${H}x-1.0.win-amd64.msi",
      "artifact|x|1.0" ],
    [ "GET ${H}setuptools-0.6c11-py2.7.egg", "${H}setuptools-0.6c11-py2.7.egg",
      "artifact|setuptools|0.6c11" ],
    [ "GET ${H}requests-2.31.0-py3-none-any.whl.metadata",
      "${H}requests-2.31.0-py3-none-any.whl.metadata",
      "metadata|requests|2.31.0" ],
    [ "GET ${H}requests-2.31.0.tar.gz.metadata",
      "${H}requests-2.31.0.tar.gz.metadata", "metadata|requests|2.31.0" ],
    [ "GET /packages/source/r/requests/requests-2.31.0.tar.gz",
      "/packages/source/r/requests/requests-2.31.0.tar.gz",
      "artifact|requests|2.31.0" ],
    [ "GET /packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl",
      "/packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl",
      "artifact|six|1.16.0" ],
    [ "GET /packages/source/a/acme/acme-2-1.tar.gz",
      "/packages/source/a/acme/acme-2-1.tar.gz", "artifact|acme|2-1" ],
    [ "GET /integrity/SampleProject/4.0.0/sampleproject-4.0.0.tar.gz/provenance",
      "/integrity/sampleproject/4.0.0/sampleproject-4.0.0.tar.gz/provenance",
      "metadata|sampleproject|4.0.0" ],
    [ "GET /simple/", "/simple/", "metadata||" ],
    [ "GET /simple", "/simple/", "metadata||" ],
    [ "GET /simple/?format=application/vnd.pypi.simple.v1+json",
      "/simple/?format=application/vnd.pypi.simple.v1+json", "metadata||" ],
);

# one path per row that names a package, each naming a blocked project
our @named = (
    "/simple/evil-pkg/",
    "/pypi/Evil.Pkg/json",
    "/pypi/evil_pkg/1.0/json",
    "${H}evil_pkg-1.0-py3-none-any.whl",
    "${H}acme-2-1.tar.gz",
    "${H}evil_pkg-1.0.tar.gz.metadata",
    "/packages/source/e/evil-pkg/evil-pkg-1.0.tar.gz",
    "/integrity/evil-pkg/1.0/evil_pkg-1.0.tar.gz/provenance",
);

our @methods = qw(GET HEAD POST PUT DELETE PATCH);

# every method at every such path (a body for POST and PUT)
our @named_requests = map {
    my $path = $_;
    map { $_ =~ /^P(OST|UT)$/ ? "$_ $path\nx" : "$_ $path" } @methods
} @named;

our @named_patterns = map {
    my $p = ($_ =~ /acme/) ? 'acme-2' : 'evil-*';
    ("X-Pkg-Reroute-Pattern: $p") x @methods
} @named;

# what no row holds: request, reason
our @unknown = (
    [ "GET /project/requests/", "no such endpoint" ],
    [ "GET /project/requests/2.31.0/", "no such endpoint" ],
    [ "GET /p/requests/", "no such endpoint" ],
    [ "GET /pypi/requests", "no such endpoint" ],
    [ "GET /pypi/requests/", "no such endpoint" ],
    [ "GET /pypi/requests/2.31.0/", "no such endpoint" ],
    [ "GET /pypi?:action=display&name=requests", "no such endpoint" ],
    [ "GET /pypi?:action=doap&name=requests", "no such endpoint" ],
    [ "POST /pypi\n<?xml version='1.0'?><methodCall><methodName>release_urls"
      . "</methodName></methodCall>", "no such endpoint" ],
    [ "POST /pypi/\n<?xml version='1.0'?><methodCall/>", "no such endpoint" ],
    [ "POST /RPC2\n<?xml version='1.0'?><methodCall/>", "no such endpoint" ],
    [ "GET /rss/updates.xml", "no such endpoint" ],
    [ "GET /rss/packages.xml", "no such endpoint" ],
    [ "GET /rss/project/requests/releases.xml", "no such endpoint" ],
    [ "GET /integrity/requests/2.31.0/requests-2.31.0.tar.gz",
      "no such endpoint" ],
    [ "GET /", "no such endpoint" ],
    [ "GET /search/?q=requests", "no such endpoint" ],
    [ "GET /stats/", "no such endpoint" ],
    [ "GET /packages/source/r/requests/requests-2.31.0.tar.gz.metadata",
      "no such endpoint" ],
    [ "GET /legacy/", "method not served at this endpoint" ],
    [ "POST /simple/requests/\nx", "method not served at this endpoint" ],
    [ "PUT /pypi/requests/json\nx", "method not served at this endpoint" ],
    [ "DELETE ${H}requests-2.31.0.tar.gz",
      "method not served at this endpoint" ],
    [ "PATCH /packages/source/r/requests/requests-2.31.0.tar.gz",
      "method not served at this endpoint" ],
);

sub unknown_requests { [ map { $_->[0] } @::unknown ] }
sub unknown_codes { [ (403) x @::unknown ] }
sub unknown_bodies {
    [ map { "not a known pypi endpoint: $_->[1]\n" } @::unknown ]
}
sub unknown_headers {
    [ map { "X-Pkg-Reroute-Reason: not a known pypi endpoint: $_->[1]\n"
            . "X-Vars: unknown" } @::unknown ]
}

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: every row's examples are redirected, with the canonical Location
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version" always;
    }
--- request eval
[ map { $_->[0] } @::rows ]
--- error_code eval
[ (307) x @::rows ]
--- response_headers eval
[ map { "Location: https://repo.example.test/pypi$_->[1]\nX-Vars: $_->[2]" } @::rows ]
--- no_error_log
[error]



=== TEST 2: twine's upload (POST /legacy/) passes to the location: the project is in the body
--- http_config
    pkg_reroute_rule everything block { "**"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upload reached\n"; }
    }
--- config
    pkg_reroute pypi;
    pkg_reroute_use everything;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
POST /legacy/
:action=file_upload&name=evil-pkg&version=1.0
--- error_code: 200
--- response_headers
X-Vars: write||pass
!Location
--- response_body
upload reached
--- no_error_log
[error]



=== TEST 3: a blocked project is refused at every row that names one, whatever the method; the upstream is never asked
--- http_config
    pkg_reroute_rule pypi_block block { "evil-*"; acme-2; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upstream reached\n"; }
    }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
[ @::named_requests ]
--- error_code eval
[ (403) x @::named_requests ]
--- response_headers eval
[ map { "$_\nX-Pkg-Reroute-Rule: pypi_block\nX-Vars: block\n!Location" } @::named_patterns ]
--- error_log
is blocked by rule "pypi_block"



=== TEST 4: the body of a block at a files row: plain text naming the reading that is blocked
--- http_config
    pkg_reroute_rule pypi_block block { acme-2; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET $::H" . "acme-2-1.tar.gz", "DELETE $::H" . "acme-2-1.tar.gz", "POST /simple/acme-2/\nx"]
--- error_code eval
[403, 403, 403]
--- response_body eval
["package \"acme-2\" is blocked by rule \"pypi_block\" (pattern \"acme-2\")\n",
 "package \"acme-2\" is blocked by rule \"pypi_block\" (pattern \"acme-2\")\n",
 "package \"acme-2\" is blocked by rule \"pypi_block\" (pattern \"acme-2\")\n"]



=== TEST 5: ambiguous legacy file names are blocked under any of their readings
--- http_config
    pkg_reroute_rule pypi_block block { acme; foo-1-0; x; evil-pkg; old; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET $::H" . "acme-2-1.tar.gz", "GET $::H" . "acme-2-1.zip", "GET $::H" . "acme-2-1.tar.bz2",
 "GET $::H" . "foo-1.0-1.noarch.rpm", "GET $::H" . "x-1.0.win-amd64.msi",
 "GET $::H" . "x-1.0.win32.exe", "GET $::H" . "x-1.0-py2.7-macosx10.5.dmg",
 "GET $::H" . "evil-pkg-beta.tar.gz", "GET $::H" . "old-2-1.tar.gz.asc",
 "GET $::H" . "old-2-1.tar.gz.metadata"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: acme\nX-Vars: acme|block",
 "X-Pkg-Reroute-Pattern: acme\nX-Vars: acme|block",
 "X-Pkg-Reroute-Pattern: acme\nX-Vars: acme|block",
 "X-Pkg-Reroute-Pattern: foo-1-0\nX-Vars: foo-1-0|block",
 "X-Pkg-Reroute-Pattern: x\nX-Vars: x|block",
 "X-Pkg-Reroute-Pattern: x\nX-Vars: x|block",
 "X-Pkg-Reroute-Pattern: x\nX-Vars: x|block",
 "X-Pkg-Reroute-Pattern: evil-pkg\nX-Vars: evil-pkg|block",
 "X-Pkg-Reroute-Pattern: old\nX-Vars: old|block",
 "X-Pkg-Reroute-Pattern: old\nX-Vars: old|block"]



=== TEST 6: under an allow rule an ambiguous file name passes only when every reading is allowed
--- http_config
    pkg_reroute_rule only_acme allow { acme; }
    pkg_reroute_rule both allow { acme; acme-2; }
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location /one/ {
        pkg_reroute pypi prefix=/one;
        pkg_reroute_use only_acme;
    }
    location /both/ {
        pkg_reroute pypi prefix=/both;
        pkg_reroute_use both;
    }
--- request eval
["GET /one$::H" . "acme-2-1.tar.gz", "GET /both$::H" . "acme-2-1.tar.gz",
 "GET /one/packages/source/a/acme/acme-2-1.tar.gz", "GET /one/simple/acme/"]
--- error_code eval
[403, 307, 307, 307]
--- response_headers eval
["!Location",
 "Location: https://repo.example.test/pypi$::H" . "acme-2-1.tar.gz",
 "Location: https://repo.example.test/pypi/packages/source/a/acme/acme-2-1.tar.gz",
 "Location: https://repo.example.test/pypi/simple/acme/"]
--- response_body_like eval
['\Apackage "acme-2" is not allowed by rule "only_acme"\n\z', '', '', '']



=== TEST 7: unknown shapes and methods are denied: block rule, redirect mode
--- http_config
    pkg_reroute_rule pypi_block block { "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::unknown_requests()
--- error_code eval
::unknown_codes()
--- response_headers eval
::unknown_headers()
--- response_body eval
::unknown_bodies()
--- error_log
not a known pypi endpoint:
--- no_error_log
[error]



=== TEST 8: unknown shapes and methods are denied: block rule, cache mode, the upstream never asked
--- http_config
    pkg_reroute_rule pypi_block block { "evil-*"; }
    proxy_cache_path pypi131_cache keys_zone=pypi131:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upstream reached\n"; }
    }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
        proxy_cache pypi131;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::unknown_requests()
--- error_code eval
::unknown_codes()
--- response_headers eval
::unknown_headers()
--- response_body eval
::unknown_bodies()
--- no_error_log
[error]



=== TEST 9: unknown shapes and methods are denied: allow rule, redirect mode, even for a project it allows
--- http_config
    pkg_reroute_rule pypi_allow allow { requests; sampleproject; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_unknown pass;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::unknown_requests()
--- error_code eval
::unknown_codes()
--- response_headers eval
::unknown_headers()
--- response_body eval
::unknown_bodies()
--- no_error_log
[error]



=== TEST 10: unknown shapes and methods are denied: allow rule, cache mode, the upstream never asked
--- http_config
    pkg_reroute_rule pypi_allow allow { requests; }
    proxy_cache_path pypi131_cache keys_zone=pypi131:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "upstream reached\n"; }
    }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
        proxy_cache pypi131;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Vars "$pkg_reroute_decision" always;
    }
--- request eval
::unknown_requests()
--- error_code eval
::unknown_codes()
--- response_headers eval
::unknown_headers()
--- response_body eval
::unknown_bodies()
--- no_error_log
[error]



=== TEST 11: an unknown shape that names a blocked project is a block: the rule comes first
--- http_config
    pkg_reroute_rule pypi_block block { "evil-*"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "passed\n"; }
    }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_unknown pass;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /project/Evil_Pkg/", "GET /rss/project/evil-pkg/releases.xml", "GET /pypi/evil-pkg", "POST /simple/evil-pkg/\nx", "GET /project/requests/"]
--- error_code eval
[403, 403, 403, 403, 200]
--- response_headers eval
["X-Vars: evil-pkg|block", "X-Vars: evil-pkg|block", "X-Vars: evil-pkg|block", "X-Vars: evil-pkg|block", "X-Vars: requests|pass"]



=== TEST 12: the allowed rows reach a cache-mode upstream as their canonical paths
--- http_config
    pkg_reroute_rule pypi_block block { "evil-*"; }
    server {
        listen 127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        location / { return 200 "$request_uri\n"; }
    }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /simple/Requests", "GET /pypi/Zope.Interface/json/", "GET /integrity/SampleProject/4.0.0/sampleproject-4.0.0.tar.gz/provenance", "GET $::H" . "acme-2-1.tar.gz.metadata"]
--- error_code eval
[200, 200, 200, 200]
--- response_body eval
["/simple/requests/\n", "/pypi/zope-interface/json\n",
 "/integrity/sampleproject/4.0.0/sampleproject-4.0.0.tar.gz/provenance\n",
 "$::H" . "acme-2-1.tar.gz.metadata\n"]
