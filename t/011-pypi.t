# PyPI: the simple index (PEP 503/691), the JSON API and the files host
# (by hash and by name, PEP 658 metadata), the canonical paths, the
# variables, PEP 503 name normalisation (case, runs of '-', '_', '.'),
# denials as plain text, allow rules, file names that cannot be parsed,
# and uploads passing through.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the fake upstream of a block (tcp_listen)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: the simple index root names no package; GET and HEAD are redirected
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /simple/", "GET /simple", "HEAD /simple/"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/simple/
X-Vars: metadata||||reroute",
"Location: https://repo.example.test/pypi/simple/
X-Vars: metadata||||reroute",
"Location: https://repo.example.test/pypi/simple/
X-Vars: metadata||||reroute"]
--- no_error_log
[error]



=== TEST 2: a project page is forwarded with the trailing slash pip uses
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /simple/requests/", "GET /simple/requests", "HEAD /simple/requests/"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/simple/requests/
X-Vars: metadata|requests|||reroute",
"Location: https://repo.example.test/pypi/simple/requests/
X-Vars: metadata|requests|||reroute",
"Location: https://repo.example.test/pypi/simple/requests/
X-Vars: metadata|requests|||reroute"]
--- no_error_log
[error]



=== TEST 3: a project page is forwarded under its PEP 503 normalised name
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package" always;
    }
--- request eval
["GET /simple/Zope.Interface/", "GET /simple/zope_interface/", "GET /simple/ZOPE--INTERFACE", "GET /simple/zope._-interface/", "GET /simple/Django/"]
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/simple/zope-interface/
X-Vars: zope-interface",
"Location: https://repo.example.test/pypi/simple/zope-interface/
X-Vars: zope-interface",
"Location: https://repo.example.test/pypi/simple/zope-interface/
X-Vars: zope-interface",
"Location: https://repo.example.test/pypi/simple/zope-interface/
X-Vars: zope-interface",
"Location: https://repo.example.test/pypi/simple/django/
X-Vars: django"]
--- no_error_log
[error]



=== TEST 4: the PEP 691 format query is kept
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /simple/Requests/?format=application/vnd.pypi.simple.v1+json", "GET /simple/?format=application/vnd.pypi.simple.v1+json"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/simple/requests/?format=application/vnd.pypi.simple.v1+json",
"Location: https://repo.example.test/pypi/simple/?format=application/vnd.pypi.simple.v1+json"]
--- no_error_log
[error]



=== TEST 5: JSON API, project and release
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /pypi/requests/json", "GET /pypi/Requests/2.31.0/json", "GET /pypi/Zope.Interface/6.0/json"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/pypi/requests/json
X-Vars: metadata|requests|||reroute",
"Location: https://repo.example.test/pypi/pypi/requests/2.31.0/json
X-Vars: metadata|requests|2.31.0||reroute",
"Location: https://repo.example.test/pypi/pypi/zope-interface/6.0/json
X-Vars: metadata|zope-interface|6.0||reroute"]
--- no_error_log
[error]



=== TEST 6: files host by hash: wheel, sdist, zip, egg
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/70/8e/0e2d847013cb52cd35b38c009bb167a1a26b2ce6cd6965bf26b47bc0bf44/requests-2.31.0-py3-none-any.whl",
"GET /packages/9d/be/10918a2eac4ae9f02f6cfe6414b7a155ccd8f7f9d4380d62fd5b955065c3/requests-2.31.0.tar.gz",
"GET /packages/ab/cd/ef0123456789/Foo.Bar-1.0.zip",
"GET /packages/ab/cd/ef0123456789/zope.interface-4.1.0-py2.7-linux-x86_64.egg"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/packages/70/8e/0e2d847013cb52cd35b38c009bb167a1a26b2ce6cd6965bf26b47bc0bf44/requests-2.31.0-py3-none-any.whl
X-Vars: artifact|requests|2.31.0|requests-2.31.0-py3-none-any.whl|reroute",
"Location: https://repo.example.test/pypi/packages/9d/be/10918a2eac4ae9f02f6cfe6414b7a155ccd8f7f9d4380d62fd5b955065c3/requests-2.31.0.tar.gz
X-Vars: artifact|requests|2.31.0|requests-2.31.0.tar.gz|reroute",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef0123456789/Foo.Bar-1.0.zip
X-Vars: artifact|foo-bar|1.0|Foo.Bar-1.0.zip|reroute",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef0123456789/zope.interface-4.1.0-py2.7-linux-x86_64.egg
X-Vars: artifact|zope-interface|4.1.0|zope.interface-4.1.0-py2.7-linux-x86_64.egg|reroute"]
--- no_error_log
[error]



=== TEST 7: files host: a wheel with a build tag, a platform wheel, a signature
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/ab/cd/ef01/zope_interface-6.0-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
"GET /packages/ab/cd/ef01/numpy-1.26.0rc1-cp312-cp312-macosx_11_0_arm64.whl",
"GET /packages/ab/cd/ef01/requests-2.31.0.tar.gz.asc"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/packages/ab/cd/ef01/zope_interface-6.0-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
X-Vars: artifact|zope-interface|6.0|zope_interface-6.0-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl|reroute",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef01/numpy-1.26.0rc1-cp312-cp312-macosx_11_0_arm64.whl
X-Vars: artifact|numpy|1.26.0rc1|numpy-1.26.0rc1-cp312-cp312-macosx_11_0_arm64.whl|reroute",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef01/requests-2.31.0.tar.gz.asc
X-Vars: artifact|requests|2.31.0|requests-2.31.0.tar.gz.asc|reroute"]
--- no_error_log
[error]



=== TEST 8: PEP 658 core metadata is metadata, named after its distribution
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/70/8e/0e2d8470/requests-2.31.0-py3-none-any.whl.metadata", "GET /packages/9d/be/10918a2e/requests-2.31.0.tar.gz.metadata"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/packages/70/8e/0e2d8470/requests-2.31.0-py3-none-any.whl.metadata
X-Vars: metadata|requests|2.31.0|requests-2.31.0-py3-none-any.whl.metadata|reroute",
"Location: https://repo.example.test/pypi/packages/9d/be/10918a2e/requests-2.31.0.tar.gz.metadata
X-Vars: metadata|requests|2.31.0|requests-2.31.0.tar.gz.metadata|reroute"]
--- no_error_log
[error]



=== TEST 9: files host by name: /packages/source/ and /packages/<pyver>/
--- config
    pkg_reroute pypi;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/source/r/requests/requests-2.31.0.tar.gz",
"GET /packages/py3/r/requests/requests-2.31.0-py3-none-any.whl",
"GET /packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl",
"GET /packages/source/Z/Zope.Interface/zope_interface-6.0.tar.gz"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/packages/source/r/requests/requests-2.31.0.tar.gz
X-Vars: artifact|requests|2.31.0|requests-2.31.0.tar.gz|reroute",
"Location: https://repo.example.test/pypi/packages/py3/r/requests/requests-2.31.0-py3-none-any.whl
X-Vars: artifact|requests|2.31.0|requests-2.31.0-py3-none-any.whl|reroute",
"Location: https://repo.example.test/pypi/packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl
X-Vars: artifact|six|1.16.0|six-1.16.0-py2.py3-none-any.whl|reroute",
"Location: https://repo.example.test/pypi/packages/source/Z/Zope.Interface/zope_interface-6.0.tar.gz
X-Vars: artifact|zope-interface|6.0|zope_interface-6.0.tar.gz|reroute"]
--- no_error_log
[error]



=== TEST 10: $pkg_reroute_ecosystem, and $pkg_reroute_uri: the canonical path and query
--- config
    pkg_reroute pypi;
    location / {
        return 200 "$pkg_reroute_ecosystem $pkg_reroute_uri\n";
    }
--- request eval
["GET /simple/Foo.Bar?format=application/vnd.pypi.simple.v1+json", "GET /pypi/Foo__Bar/1.0/json"]
--- error_code eval
[200, 200]
--- response_body eval
["pypi /simple/foo-bar/?format=application/vnd.pypi.simple.v1+json\n", "pypi /pypi/foo-bar/1.0/json\n"]



=== TEST 11: a blocked project: 403, rule and pattern headers, a plain text reason
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request
GET /simple/foo-bar/
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: pypi_block
X-Pkg-Reroute-Pattern: foo-bar
Content-Type: text/plain
!Location
--- response_body
package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 12: normalisation: every PEP 503 spelling of the name is blocked
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /simple/Foo.Bar/", "GET /simple/foo__bar/", "GET /simple/FOO-_.bar/", "GET /simple/foo_-_BAR", "GET /simple/foo%2Ebar/", "GET /simple/%46oo_Bar/", "GET /pypi/Foo_Bar/json", "GET /pypi/foo.bar/1.0/json"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block"]
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 13: normalisation: the project's files are blocked whatever their spelling
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/ab/cd/ef01/foo_bar-1.0-py3-none-any.whl",
"GET /packages/ab/cd/ef01/Foo.Bar-1.0.tar.gz",
"GET /packages/ab/cd/ef01/foo-bar-1.0.tar.gz",
"GET /packages/ab/cd/ef01/FOO_BAR-1.0.zip",
"GET /packages/ab/cd/ef01/foo_bar-1.0-py3-none-any.whl.metadata",
"GET /packages/ab/cd/ef01/foo.bar-1.0-py2.7.egg",
"GET /packages/source/f/foo-bar/foo_bar-1.0.tar.gz",
"GET /packages/py3/F/Foo.Bar/foo_bar-1.0-py3-none-any.whl"]
--- error_code eval
[403, 403, 403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Vars: foo-bar|1.0|block", "X-Vars: foo-bar|1.0|block", "X-Vars: foo-bar|1.0|block", "X-Vars: foo-bar|1.0|block",
"X-Vars: foo-bar|1.0|block", "X-Vars: foo-bar|1.0|block", "X-Vars: foo-bar|1.0|block", "X-Vars: foo-bar|1.0|block"]
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 14: normalisation: dot segments and empty segments
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /simple/x/../foo-bar/", "GET /simple/./foo.bar/", "GET //simple//foo_bar//", "GET /simple/x/%2e%2e/foo-bar/"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: foo-bar", "X-Pkg-Reroute-Pattern: foo-bar", "X-Pkg-Reroute-Pattern: foo-bar", "X-Pkg-Reroute-Pattern: foo-bar"]
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 15: patterns are normalised as names are: case and separators
--- http_config
    pkg_reroute_rule pypi_block block { Zope.Interface; "Django_*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /simple/zope-interface/", "GET /simple/django.rest.framework/", "GET /packages/ab/cd/ef01/django_cors_headers-4.0.0-py3-none-any.whl", "GET /simple/django/"]
--- error_code eval
[403, 403, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: Zope.Interface", "X-Pkg-Reroute-Pattern: Django_*", "X-Pkg-Reroute-Pattern: Django_*", "Location: https://repo.example.test/pypi/simple/django/"]



=== TEST 16: a blocked project is logged with the pattern as written
--- http_config
    pkg_reroute_rule pypi_block block { Zope.Interface; "Django_*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request
GET /simple/zope-interface/
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: Zope.Interface
--- error_log
pkg reroute: package "zope-interface" is blocked by rule "pypi_block" (pattern "Zope.Interface")



=== TEST 17: neighbours of blocked names are not blocked
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /simple/foobar/", "GET /simple/foo-bar-baz/", "GET /simple/evil/", "GET /packages/ab/cd/ef01/foo_barx-1.0.tar.gz"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/simple/foobar/",
"Location: https://repo.example.test/pypi/simple/foo-bar-baz/",
"Location: https://repo.example.test/pypi/simple/evil/",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef01/foo_barx-1.0.tar.gz"]
--- no_error_log
[error]



=== TEST 18: a wildcard pattern blocks index pages and files alike
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /simple/Evil.Package/", "GET /packages/ab/cd/ef01/evil_package-0.1-py3-none-any.whl"]
--- error_code eval
[403, 403]
--- response_body eval
["package \"evil-package\" is blocked by rule \"pypi_block\" (pattern \"evil-*\")\n",
"package \"evil-package\" is blocked by rule \"pypi_block\" (pattern \"evil-*\")\n"]
--- error_log
pkg reroute: package "evil-package" is blocked by rule "pypi_block" (pattern "evil-*")



=== TEST 19: HEAD of a blocked project: 403 with the headers
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request
HEAD /simple/Foo_Bar/
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: pypi_block
X-Pkg-Reroute-Pattern: foo-bar
Content-Type: text/plain
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 20: pkg_reroute_block_status 404: pip sees a project that does not exist
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_block_status 404;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request
GET /simple/foo.bar/
--- error_code: 404
--- response_headers
X-Pkg-Reroute-Rule: pypi_block
X-Pkg-Reroute-Pattern: foo-bar
Content-Type: text/plain
--- response_body
package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 21: allow rule: a project it does not list is denied, without a pattern
--- http_config
    pkg_reroute_rule pypi_allow allow { requests; "django-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /simple/flask/
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: pypi_allow
!X-Pkg-Reroute-Pattern
X-Vars: flask|block|pypi_allow|
Content-Type: text/plain
--- response_body
package "flask" is not allowed by rule "pypi_allow"
--- error_log
pkg reroute: package "flask" is not allowed by rule "pypi_allow"



=== TEST 22: allow rule: listed projects, in any spelling, are redirected
--- http_config
    pkg_reroute_rule pypi_allow allow { requests; "django-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request eval
["GET /packages/ab/cd/ef01/Flask-3.0.0.tar.gz", "GET /simple/Requests/", "GET /simple/Django_Rest_Framework/", "GET /packages/ab/cd/ef01/django_cors_headers-4.0.0-py3-none-any.whl", "GET /simple/django/"]
--- error_code eval
[403, 307, 307, 307, 403]
--- response_headers eval
["X-Vars: flask|block|pypi_allow|",
"Location: https://repo.example.test/pypi/simple/requests/
X-Vars: requests|reroute|pypi_allow|requests",
"Location: https://repo.example.test/pypi/simple/django-rest-framework/
X-Vars: django-rest-framework|reroute|pypi_allow|django-*",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef01/django_cors_headers-4.0.0-py3-none-any.whl
X-Vars: django-cors-headers|reroute|pypi_allow|django-*",
"X-Vars: django|block|pypi_allow|"]



=== TEST 23: allow rule: a project it does not list is denied, and the denial is logged
--- http_config
    pkg_reroute_rule pypi_allow allow { requests; "django-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /packages/ab/cd/ef01/Flask-3.0.0.tar.gz
--- error_code: 403
--- response_headers
X-Vars: flask|block|pypi_allow|
--- error_log
pkg reroute: package "flask" is not allowed by rule "pypi_allow"



=== TEST 24: the index root passes an allow rule that matches nothing
--- http_config
    pkg_reroute_rule nothing allow { no-such-project-anywhere; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /simple/requests/", "GET /simple/", "GET /simple"]
--- error_code eval
[403, 307, 307]
--- response_headers eval
["X-Vars: metadata|requests|block",
"Location: https://repo.example.test/pypi/simple/
X-Vars: metadata||reroute",
"Location: https://repo.example.test/pypi/simple/
X-Vars: metadata||reroute"]



=== TEST 25: an allow rule that matches nothing denies a project, and logs it
--- http_config
    pkg_reroute_rule nothing allow { no-such-project-anywhere; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /simple/requests/
--- error_code: 403
--- response_headers
X-Vars: metadata|requests|block
--- error_log
pkg reroute: package "requests" is not allowed by rule "nothing"



=== TEST 26: file names that cannot be parsed: 400 also under an allow rule
--- http_config
    pkg_reroute_rule pypi_allow allow { "**"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/ab/cd/ef01/README", "GET /packages/ab/cd/ef01/requests.whl", "GET /packages/ab/cd/ef01/requests.tar.gz", "GET /packages/ab/cd/ef01/requests-.whl", "GET /packages/ab/cd/ef01/-1.0.tar.gz", "GET /packages/ab/cd/ef01/requests-2.31.0.exe.txt"]
--- error_code eval
[400, 400, 400, 400, 400, 400]
--- response_headers eval
["Content-Type: text/plain
X-Vars: |invalid
!X-Pkg-Reroute-Rule
!Location",
"X-Vars: |invalid", "X-Vars: |invalid", "X-Vars: |invalid", "X-Vars: |invalid", "X-Vars: |invalid"]
--- response_body eval
["invalid pypi request: cannot parse the distribution file name\n",
"invalid pypi request: cannot parse the distribution file name\n",
"invalid pypi request: cannot parse the distribution file name\n",
"invalid pypi request: cannot parse the distribution file name\n",
"invalid pypi request: cannot parse the distribution file name\n",
"invalid pypi request: cannot parse the distribution file name\n"]
--- error_log
pkg reroute: invalid pypi request: cannot parse the distribution file name
--- no_error_log
[error]



=== TEST 27: files paths that do not agree with themselves: 400
--- http_config
    pkg_reroute_rule pypi_allow allow { "**"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /packages/source/r/requests/flask-3.0.0.tar.gz", "GET /packages/source/f/requests/requests-2.31.0.tar.gz", "GET /packages/ab/cd/not-hex/requests-2.31.0.tar.gz", "GET /packages/ab/requests-2.31.0.tar.gz", "GET /packages/ab/cd/ef01/requests-2.31.0.tar.gz/x"]
--- error_code eval
[400, 400, 400, 400, 400]
--- response_body_like eval
["^invalid pypi request: .+\n\\z",
"^invalid pypi request: invalid files path\n\\z",
"^invalid pypi request: invalid file hash path\n\\z",
"^invalid pypi request: unknown files path\n\\z",
"^invalid pypi request: unknown files path\n\\z"]
--- error_log
pkg reroute: invalid pypi request:
--- no_error_log
[error]



=== TEST 28: project names PEP 508 does not allow: 400
--- http_config
    pkg_reroute_rule pypi_allow allow { "**"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_allow;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
    }
--- request eval
["GET /simple/-foo/", "GET /simple/foo./", "GET /simple/foo/bar/", "GET /simple/foo%20bar/", "GET /pypi/foo_/json", "GET /pypi/a/b/c/json"]
--- error_code eval
[400, 400, 400, 400, 400, 400]
--- response_body eval
["invalid pypi request: invalid project name\n",
"invalid pypi request: invalid project name\n",
"invalid pypi request: invalid project name\n",
"invalid pypi request: invalid project name\n",
"invalid pypi request: invalid project name\n",
"invalid pypi request: invalid project name\n"]
--- error_log
pkg reroute: invalid pypi request: invalid project name
--- no_error_log
[error]



=== TEST 29: a legacy sdist whose name has a part starting with a digit is that project's
--- http_config
    pkg_reroute_rule pypi_block block { python-3parclient; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
    }
--- request eval
["GET /simple/python-3parclient/", "GET /packages/ab/cd/ef01/python-3parclient-4.2.12.tar.gz"]
--- error_code eval
[403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: python-3parclient
X-Vars: python-3parclient||block",
"X-Pkg-Reroute-Pattern: python-3parclient
X-Vars: python-3parclient|4.2.12|block"]
--- error_log
pkg reroute: package "python-3parclient" is blocked by rule "pypi_block" (pattern "python-3parclient")



=== TEST 30: a legacy sdist whose name has a part starting with a digit, by name and not blocked
--- http_config
    pkg_reroute_rule pypi_block block { python; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/source/p/python-3parclient/python-3parclient-4.2.12.tar.gz", "GET /packages/ab/cd/ef01/python-3parclient-4.2.12.tar.gz"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/pypi/packages/source/p/python-3parclient/python-3parclient-4.2.12.tar.gz
X-Vars: python-3parclient|4.2.12|reroute",
"Location: https://repo.example.test/pypi/packages/ab/cd/ef01/python-3parclient-4.2.12.tar.gz
X-Vars: python-3parclient|4.2.12|reroute"]
--- no_error_log
[error]



=== TEST 31: an upload (twine's POST /legacy/) reaches the upstream untouched
--- http_config
    pkg_reroute_rule everything block { "**"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use everything;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
POST /legacy/
:action=file_upload&name=foo-bar&version=1.0
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 125
--- tcp_query eval
"POST /legacy/ HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 44\r
\r
:action=file_upload&name=foo-bar&version=1.0"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
--- error_code: 200
--- response_headers
X-Vars: write||pass
!Location
--- response_body
ok
--- no_error_log
[error]



=== TEST 32: without a redirect target an allowed request goes on to the upstream as sent
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /simple/Requests/
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 69
--- tcp_query eval
"GET /simple/Requests/ HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\nlinks\n"
--- error_code: 200
--- response_headers
X-Vars: metadata|requests|allow
--- response_body
links
--- no_error_log
[error]



=== TEST 33: without a redirect target a blocked request is still denied
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /packages/ab/cd/ef01/Foo_Bar-1.0.tar.gz
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: pypi_block
X-Pkg-Reroute-Pattern: foo-bar
--- response_body
package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")



=== TEST 34: a legacy sdist whose version holds a '-' (PEP 440 allows 1.0-rc1, 2.0-1) is still the project's
--- http_config
    pkg_reroute_rule pypi_block block { foo-bar; "evil-*"; }
--- config
    pkg_reroute pypi;
    pkg_reroute_use pypi_block;
    pkg_reroute_redirect https://repo.example.test/pypi;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /packages/source/f/foo-bar/foo_bar-1.0-rc1.tar.gz", "GET /packages/ab/cd/ef01/foo_bar-1.0-rc1.tar.gz", "GET /packages/ab/cd/ef01/Foo.Bar-2.0-1.zip"]
--- error_code eval
[403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block",
"X-Pkg-Reroute-Pattern: foo-bar
X-Vars: foo-bar|block"]
--- error_log
pkg reroute: package "foo-bar" is blocked by rule "pypi_block" (pattern "foo-bar")
