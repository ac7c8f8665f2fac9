# pkg_reroute_rewrite_concurrency (issue 9): how many documents one worker
# rewrites at once. Over the bound a document is not read: a 503 in the
# client's format, Retry-After, X-Pkg-Reroute-Reason busy, one error line,
# never stored.
#
# Two rewrites at once, deterministically: the "public registry" serves
# packument a with SSI, and a's document includes (as the JSON value of
# "b") packument b fetched through the fill hop again (/viafill/) or through
# the mirror (/viamirror/), while a's own rewrite holds its slot. The
# registry's access log for those includes goes into error.log, so that
# the headers b was answered with can be checked. The count is a worker's:
# the test's nginx has one worker, as Test::Nginx runs it by default.
#
# The slot is taken before the upstream is asked (the precontent phase of
# the fill hop): a document refused as busy is never fetched from the
# origin, whose access log (origin fetched ...) goes into error.log too.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the "public registry" (html/upstream/)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path meta_cache levels=1:2 keys_zone=meta:1m;
    log_format inner 'included $uri $status retry-after=$upstream_http_retry_after reason=$upstream_http_x_pkg_reroute_reason time=$upstream_response_time';
    log_format origin 'origin fetched $request_uri status $status';
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        ssi on;
        ssi_types application/json;
        postpone_output 0;
        location /viafill/ {
            log_subrequest on;
            access_log logs/error.log inner;
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/fill/npm/;
        }
        location /viamirror/ {
            proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/npm/;
        }
        location / {
            access_log logs/error.log origin;
            try_files $uri $uri.json =404;
        }
        location = /slow {
            # packument slow, 500 bytes and the headers at 200 a second
            # (2 to 3 s); on its way in it asks the fill hop for c (a
            # mirror subrequest, not part of slow's body): c comes while
            # slow's rewrite holds its slot, and is not waited for
            access_log logs/error.log origin;
            ssi off;
            limit_rate 200;
            mirror /viafill/c;
            alias html/upstream/slow.json;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));

    if (!defined $block->user_files) {
        $block->set_value("user_files", main::docs());
    }
});

sub reg { "http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}" }

# a includes b through $via (viafill or viamirror)
sub docs {
    my $via = shift // 'viafill';
    my $r = reg();
    return [["upstream/a.json" =>
             '{"name":"a","b":<!--# include virtual="/' . $via . '/b" -->,'
             . '"versions":{"1.0.0":{"dist":{"tarball":"' . $r
             . '/a/-/a-1.0.0.tgz"}}}}' . "\n"],
            ["upstream/b.json" =>
             '{"name":"b","versions":{"1.0.0":{"dist":{"tarball":"' . $r
             . '/b/-/b-1.0.0.tgz"}}}}' . "\n"]];
}

# docs() and slow (with a 400-byte "pad") and c, for /slow
sub slow_docs {
    my $r = reg();
    return [@{docs()},
            ["upstream/slow.json" =>
             '{"name":"slow","pad":"' . ('x' x 400) . '","versions":'
             . '{"1.0.0":{"dist":{"tarball":"' . $r
             . '/slow/-/slow-1.0.0.tgz"}}}}' . "\n"],
            ["upstream/c.json" =>
             '{"name":"c","versions":{"1.0.0":{"dist":{"tarball":"' . $r
             . '/c/-/c-1.0.0.tgz"}}}}' . "\n"]];
}

sub slow_body {
    '{"name":"slow","pad":"' . ('x' x 400) . '","versions":{"1.0.0":'
    . '{"dist":{"tarball":"http://mirror.test/npm/slow/-/slow-1.0.0.tgz"}}}}'
}

# the mirror (cache) in front of the fill hop; $extra goes in the fill hop
sub front {
    my $extra = shift;
    return <<"_EOC_";
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        proxy_pass http://127.0.0.1:\$server_port/fill/npm\$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key \$pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status \$upstream_cache_status always;
    }
    location /fill/npm/ {
        allow 127.0.0.1;
        deny all;
        pkg_reroute npm prefix=/fill/npm;
        pkg_reroute_rewrite http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}/ http://mirror.test/npm/;
        $extra
        proxy_pass http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}\$pkg_reroute_uri;
    }
_EOC_
}

my $busy = q{{"error":"too many documents are being rewritten by this worker (pkg_reroute_rewrite_concurrency 1), not read, try again later: /b"}};

sub busy { $busy }

run_tests();

__DATA__

=== TEST 1: pkg_reroute_rewrite_concurrency 1: while a is rewritten, b is answered 503 in npm's format with Retry-After, X-Pkg-Reroute-Reason busy, before the upstream is asked: the origin never sees b (it did: the slot was taken when b's headers came); a is served
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 0;')
--- request
GET /fill/npm/a
--- error_code: 200
--- response_body eval
'{"name":"a","b":' . main::busy() . ',"versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/a/-/a-1.0.0.tgz"}}}}'
--- error_log
pkg reroute: too many documents are being rewritten by this worker (pkg_reroute_rewrite_concurrency 1), not read, try again later: /b
included /viafill/b 503 retry-after=1 reason=busy
origin fetched /a status 200
--- no_error_log
origin fetched /b



=== TEST 2: pkg_reroute_rewrite_concurrency 2: both are rewritten
--- config eval
main::front('pkg_reroute_rewrite_concurrency 2;')
--- request
GET /fill/npm/a
--- error_code: 200
--- response_body eval
'{"name":"a","b":{"name":"b","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/b/-/b-1.0.0.tgz"}}}},"versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/a/-/a-1.0.0.tgz"}}}}'
--- no_error_log
[error]



=== TEST 3: the default (4) is no bound for two
--- config eval
main::front('')
--- request
GET /fill/npm/a
--- error_code: 200
--- response_body eval
'{"name":"a","b":{"name":"b","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/b/-/b-1.0.0.tgz"}}}},"versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/a/-/a-1.0.0.tgz"}}}}'
--- no_error_log
[error]



=== TEST 4: through the mirror: b's 503 is never stored, the next request for b is a MISS and rewritten
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 0;')
--- user_files eval
main::docs('viamirror')
--- request eval
["GET /npm/a", "GET /npm/b", "GET /npm/a"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
['{"name":"a","b":' . main::busy() . ',"versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/a/-/a-1.0.0.tgz"}}}}',
 '{"name":"b","versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/b/-/b-1.0.0.tgz"}}}}',
 '{"name":"a","b":' . main::busy() . ',"versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/a/-/a-1.0.0.tgz"}}}}']



=== TEST 5: a HEAD holds no document and takes no slot
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 0;')
--- request
HEAD /fill/npm/b
--- error_code: 200
--- no_error_log
[error]



=== TEST 6: pkg_reroute_rewrite_concurrency given twice is an error
--- config
    location / {
        pkg_reroute_rewrite_concurrency 1;
        pkg_reroute_rewrite_concurrency 2;
    }
--- must_die
--- error_log
"pkg_reroute_rewrite_concurrency" directive is duplicate



=== TEST 7: pkg_reroute_rewrite_concurrency is a number of at least 1
--- config
    location / {
        pkg_reroute_rewrite_concurrency 0;
    }
--- must_die
--- error_log
"pkg_reroute_rewrite_concurrency" directive must be between 1 and 65535



=== TEST 8: a request for something that is not rewritten (a tarball) takes no slot: fetched while a is rewritten
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 0;')
--- user_files eval
[["upstream/a.json" => '{"name":"a","b":<!--# include virtual="/viafill/b/-/b-1.0.0.tgz" -->,"versions":{}}' . "\n"],
 ["upstream/b/-/b-1.0.0.tgz" => '"tarball"']]
--- request
GET /fill/npm/a
--- error_code: 200
--- response_body eval
'{"name":"a","b":"tarball","versions":{}}' . "\n"
--- error_log
origin fetched /b/-/b-1.0.0.tgz status 200
--- no_error_log
[error]



=== TEST 9: pkg_reroute_rewrite_wait: b waits for a slot (here 300 ms) before it is answered busy; a holds its slot until b's answer is in, so b waits it all
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 300ms;')
--- request
GET /fill/npm/a
--- error_code: 200
--- response_body eval
'{"name":"a","b":' . main::busy() . ',"versions":{"1.0.0":{"dist":{"tarball":"http://mirror.test/npm/a/-/a-1.0.0.tgz"}}}}'
--- error_log
pkg reroute: too many documents are being rewritten by this worker (pkg_reroute_rewrite_concurrency 1), not read, try again later: /b
included /viafill/b 503 retry-after=1 reason=busy
--- no_error_log
origin fetched /b
--- timeout: 5



=== TEST 10: pkg_reroute_rewrite_wait is a time
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_rewrite_wait soon;
    }
--- must_die
--- error_log
"pkg_reroute_rewrite_wait" directive invalid value



=== TEST 11: pkg_reroute_rewrite_wait: c finds the only slot taken by slow (whose upstream takes 2 to 3 s and asks for c on the way), waits, gets the slot when slow is done and is answered 200, rewritten, after the 2 s or more it waited (not 503 busy; TEST 12, the same with a shorter wait, is)
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 10s;')
--- user_files eval
main::slow_docs()
--- request
GET /fill/npm/slow
--- error_code: 200
--- response_body eval
main::slow_body()
--- wait: 1
--- error_log eval
[qr{included /viafill/c 200 retry-after=- reason=- time=[2-9]\.\d+},
 'origin fetched /c status 200']
--- no_error_log
too many documents
--- timeout: 15



=== TEST 12: pkg_reroute_rewrite_wait runs out: c waits 500 ms for the slot slow holds for 2 s or more, then is answered 503 busy with Retry-After, never fetched; slow is served
--- config eval
main::front('pkg_reroute_rewrite_concurrency 1; pkg_reroute_rewrite_wait 500ms;')
--- user_files eval
main::slow_docs()
--- request
GET /fill/npm/slow
--- error_code: 200
--- response_body eval
main::slow_body()
--- wait: 1
--- error_log eval
[qr{included /viafill/c 503 retry-after=1 reason=busy time=(?:0\.[5-9]|1\.)\d*},
 'too many documents are being rewritten by this worker (pkg_reroute_rewrite_concurrency 1), not read, try again later: /c']
--- no_error_log
origin fetched /c
--- timeout: 15
