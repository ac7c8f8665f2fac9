# Metadata rewriting for mirror use: the location that fetches from the
# upstream (the fill hop) rewrites artifact URLs to come back through the
# mirror; the location with proxy_cache in front of it stores the rewritten
# document, so a HIT is a plain HIT. The "public registry" is a server of
# the same nginx on 127.0.0.1:$TEST_NGINX_REGISTRY_PORT answering from
# html/upstream/.
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=meta:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        types { text/html html; application/vnd.pypi.simple.v1+json v1json; }
        add_header X-Upstream-Id $request_id always;
        location / {
            try_files $uri $uri.json $uri/index.html $uri/index.v1json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
});

run_tests();

__DATA__

=== TEST 1: npm packument: dist.tarball comes back through the mirror, and the rewritten document is what is cached
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        proxy_pass http://127.0.0.1:$server_port/fill/npm$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /fill/npm/ {
        allow 127.0.0.1;
        deny all;
        pkg_reroute npm prefix=/fill/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/left-pad.json" =>
  '{"name":"left-pad","dist-tags":{"latest":"1.3.0"},"versions":{"1.3.0":{"name":"left-pad","version":"1.3.0","dist":{"shasum":"5b8a3a7765dfe001261dde915589e782f8c94d1e","tarball":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/left-pad/-/left-pad-1.3.0.tgz"}}}}' . "\n"]]
--- request eval
["GET /npm/left-pad", "GET /npm/left-pad"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
['{"name":"left-pad","dist-tags":{"latest":"1.3.0"},"versions":{"1.3.0":{"name":"left-pad","version":"1.3.0","dist":{"shasum":"5b8a3a7765dfe001261dde915589e782f8c94d1e","tarball":"http://mirror.test/npm/left-pad/-/left-pad-1.3.0.tgz"}}}}',
 '{"name":"left-pad","dist-tags":{"latest":"1.3.0"},"versions":{"1.3.0":{"name":"left-pad","version":"1.3.0","dist":{"shasum":"5b8a3a7765dfe001261dde915589e782f8c94d1e","tarball":"http://mirror.test/npm/left-pad/-/left-pad-1.3.0.tgz"}}}}']



=== TEST 2: a document that is not what it should be is a 502, never stored
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        proxy_pass http://127.0.0.1:$server_port/fill/npm$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /fill/npm/ {
        pkg_reroute npm prefix=/fill/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files
>>> upstream/broken.json
{"name":"broken","versions":{"1.0.0":
--- request eval
["GET /npm/broken", "GET /npm/broken"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS"]
--- error_log
pkg reroute: the upstream's document cannot be rewritten



=== TEST 3: PyPI simple page (HTML), rewritten as it streams
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/pypi-files/packages/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/simple/foo-bar/index.html" =>
  '<!DOCTYPE html>' . "\n" .
  '<html><body>' . "\n" .
  '<a href="http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/packages/ab/cd/ef/foo_bar-1.0.tar.gz#sha256=00ff" data-requires-python="&gt;=3.8">foo_bar-1.0.tar.gz</a><br/>' . "\n" .
  '<a HREF = \'http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/packages/ab/cd/ef/foo_bar-1.0-py3-none-any.whl#sha256=11ee\'>foo_bar-1.0-py3-none-any.whl</a><br/>' . "\n" .
  '<a href="../../packages/relative.tar.gz">relative stays</a>' . "\n" .
  '</body></html>' . "\n"]]
--- request
GET /pypi/simple/Foo_Bar/
--- error_code: 200
--- response_body
<!DOCTYPE html>
<html><body>
<a href="http://mirror.test/pypi-files/packages/ab/cd/ef/foo_bar-1.0.tar.gz#sha256=00ff" data-requires-python="&gt;=3.8">foo_bar-1.0.tar.gz</a><br/>
<a HREF = 'http://mirror.test/pypi-files/packages/ab/cd/ef/foo_bar-1.0-py3-none-any.whl#sha256=11ee'>foo_bar-1.0-py3-none-any.whl</a><br/>
<a href="../../packages/relative.tar.gz">relative stays</a>
</body></html>



=== TEST 4: PyPI JSON API and PEP 691 JSON
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/packages/ http://mirror.test/pypi-files/packages/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/pypi/foo-bar/json" =>
  '{"info":{"name":"foo-bar","version":"1.0"},"urls":[{"filename":"foo_bar-1.0.tar.gz","url":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/packages/ab/foo_bar-1.0.tar.gz"}],"releases":{"1.0":[{"url":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/packages/ab/foo_bar-1.0.tar.gz"}]}}' . "\n"],
 ["upstream/simple/foo-bar/index.v1json" =>
  '{"meta":{"api-version":"1.1"},"name":"foo-bar","files":[{"filename":"foo_bar-1.0.tar.gz","url":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/packages/ab/foo_bar-1.0.tar.gz","hashes":{"sha256":"00ff"}}],"versions":["1.0"]}' . "\n"]]
--- request eval
["GET /pypi/pypi/Foo.Bar/json", "GET /pypi/simple/foo-bar/"]
--- error_code eval
[200, 200]
--- response_body eval
['{"info":{"name":"foo-bar","version":"1.0"},"urls":[{"filename":"foo_bar-1.0.tar.gz","url":"http://mirror.test/pypi-files/packages/ab/foo_bar-1.0.tar.gz"}],"releases":{"1.0":[{"url":"http://mirror.test/pypi-files/packages/ab/foo_bar-1.0.tar.gz"}]}}',
 '{"meta":{"api-version":"1.1"},"name":"foo-bar","files":[{"filename":"foo_bar-1.0.tar.gz","url":"http://mirror.test/pypi-files/packages/ab/foo_bar-1.0.tar.gz","hashes":{"sha256":"00ff"}}],"versions":["1.0"]}']



=== TEST 5: cargo's config.json: dl and api come back through the mirror (the bare origin too)
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/crates/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/config.json" =>
  '{"dl":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/api/v1/crates","api":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '"}' . "\n"]]
--- request
GET /cargo/config.json
--- error_code: 200
--- response_body chomp
{"dl":"http://mirror.test/crates/api/v1/crates","api":"http://mirror.test/crates"}



=== TEST 6: artifacts and other documents pass untouched
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/left-pad/-/left-pad-1.3.0.tgz" =>
  'http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/ inside a tarball stays' . "\n"],
 ["upstream/-/v1/search.json" =>
  '{"objects":[{"url":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/x"}]}' . "\n"]]
--- request eval
["GET /npm/left-pad/-/left-pad-1.3.0.tgz", "GET /npm/-/v1/search"]
--- error_code eval
[200, 200]
--- response_body eval
["http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}/ inside a tarball stays\n", "{\"objects\":[{\"url\":\"http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}/x\"}]}\n"]



=== TEST 7: numbers and strings that cJSON would print otherwise keep the upstream's own text
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Accept-Encoding "";
    }
--- user_files eval
[["upstream/odd-numbers.json" =>
  '{"name":"odd-numbers","time":{"n1":1.0,"n2":1e3,"n3":9007199254740993,"n4":-0.5,"n5":12345678901,"n6":0,"n7":-42},"nul":"a\\u0000b","versions":{"1.0.0":{"dist":{"tarball":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/odd-numbers/-/odd-numbers-1.0.0.tgz"}}}}' . "\n"]]
--- request
GET /npm/odd-numbers
--- error_code: 200
--- response_body chomp
{"name":"odd-numbers","time":{"n1":1.0,"n2":1e3,"n3":9007199254740993,"n4":-0.5,"n5":12345678901,"n6":0,"n7":-42},"nul":"a\u0000b","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/odd-numbers/-/odd-numbers-1.0.0.tgz"}}}}



=== TEST 8: a HEAD of a document at the fill hop itself gets the upstream's headers, without Content-Length (was: a 502, the empty body read as the document)
--- config
    location /fill/npm/ {
        pkg_reroute npm prefix=/fill/npm;
        pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/ http://mirror.test/npm/;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- user_files eval
[["upstream/headpad.json" =>
  '{"name":"headpad","versions":{"1.0.0":{"dist":{"tarball":"http://127.0.0.1:' . $ENV{TEST_NGINX_REGISTRY_PORT} . '/headpad/-/headpad-1.0.0.tgz"}}}}' . "\n"]]
--- request
HEAD /fill/npm/headpad
--- error_code: 200
--- response_headers
Content-Type: application/json
Content-Length:
--- no_error_log
[error]
