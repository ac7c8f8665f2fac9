# `make run`'s GET / (issue 9, item 6): the quick starts answer the path /
# with each client's setting, from the snippets they include
# (conf.d-examples/pkg-reroute/quickstart-page.conf and
# quickstart-redirect-page.conf, read here as shipped); the module is off
# at / only: a blocked package and an unknown path are refused as before,
# in cache mode (one prefix per ecosystem) and in redirect mode (npm at
# the root, where / is the registry's own root).
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_STUB_PORT} = $port + 1;    # stands for the upstreams

my $here = $0;
$here =~ s{[^/]*$}{};

sub snippet {
    my $f = "${here}../conf.d-examples/pkg-reroute/" . shift;
    local (@ARGV, $/) = ($f);
    my $s = <>;
    die "cannot read $f\n" unless defined $s;
    return $s;
}

my %page = (
    CACHE_PAGE    => snippet('quickstart-page.conf'),
    REDIRECT_PAGE => snippet('quickstart-redirect-page.conf'),
);

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $http = <<'_EOC_';
    pkg_reroute_rule quickstart block {
        event-stream;
        colourama;
    }
    server {
        listen 127.0.0.1:$TEST_NGINX_STUB_PORT;
        location / { return 200 "fetched\n"; }
    }
_EOC_
    my $config = $block->config // '';
    $config =~ s/(CACHE_PAGE|REDIRECT_PAGE)/$page{$1}/g;
    $block->set_value("http_config", $http . ($block->http_config // ''));
    $block->set_value("config", $config);
});

our $cache = <<'_EOC_';
    pkg_reroute_use quickstart;
    CACHE_PAGE
    location / {
        return 404 "not a path of the quick start: GET / lists them\n";
    }
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        proxy_pass http://127.0.0.1:$TEST_NGINX_STUB_PORT;
    }
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        proxy_pass http://127.0.0.1:$TEST_NGINX_STUB_PORT;
    }
_EOC_

our $redirect = <<'_EOC_';
    pkg_reroute           npm;
    pkg_reroute_use       quickstart;
    pkg_reroute_redirect  http://registry.test;
    REDIRECT_PAGE
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_STUB_PORT;
    }
_EOC_

run_tests();

__DATA__

=== TEST 1: cache quick start: GET / names each ecosystem's client setting
--- config eval
$::cache
--- request
GET /
--- response_headers
Content-Type: text/plain
--- response_body_like
npm config set registry http://127\.0\.0\.1:8080/npm/.*global\.index-url http://127\.0\.0\.1:8080/pypi/simple/.*registry = "sparse\+http://127\.0\.0\.1:8080/cargo/".*gem sources --clear-all --add http://127\.0\.0\.1:8080/rubygems/.*"registry-mirrors": \["http://127\.0\.0\.1:8080"\].*HF_ENDPOINT=http://127\.0\.0\.1:8080/huggingface.*http://127\.0\.0\.1:8080/github/<owner>/<repo>/archive/refs/tags/<tag>\.tar\.gz.*each client's own format.*standard output\.
--- no_error_log
[error]



=== TEST 2: cache quick start: a path no location names is not found, and GET / opened nothing: blocked and unknown paths are refused under the prefixes
--- config eval
$::cache
--- request eval
["GET /nothing", "GET /npm/event-stream", "GET /pypi/simple/colourama/", "GET /npm/-/no-such-endpoint", "GET /npm/is-number"]
--- error_code eval
[404, 403, 403, 403, 200]



=== TEST 3: redirect quick start: GET / is the page, the module is off there only
--- config eval
$::redirect
--- request
GET /
--- response_body_like
^pkg_reroute quick start \(redirect mode\).*npm config set registry http://127\.0\.0\.1:8080/
--- no_error_log
[error]



=== TEST 4: redirect quick start: around /, a blocked package and an unknown endpoint are refused, a package is redirected
--- config eval
$::redirect
--- request eval
["GET /event-stream", "GET /-/no-such-endpoint", "GET /./event-stream", "GET /is-number", "HEAD /"]
--- error_code eval
[403, 403, 403, 307, 200]
