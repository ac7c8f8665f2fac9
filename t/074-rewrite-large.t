# Large documents (issue 9): the rewrite of a JSON document of 1 MB or more
# is not held in the worker's memory but written, 256 KB at a time as the
# rewriter makes it, to an unlinked temporary file in the upstream's temp
# path, and sent from there once the document is known good. Nothing of it
# is sent before: a document refused after its first pieces went to the
# file (a URL elsewhere, a key given twice, broken JSON at its end) is
# still a clean 502 in the client's format, never stored; a document with
# nothing to rewrite is served as the upstream sent it. What the worker
# saves is measured by bench/rewrite-worker (bench/rewrite-README.md).
#
# The "public registry" is a server of the same nginx on
# 127.0.0.1:$TEST_NGINX_REGISTRY_PORT answering from html/upstream/.
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
    proxy_cache_path cache_temp levels=1:2 keys_zone=meta:1m;
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        root html/upstream;
        default_type application/json;
        location ~ ^/nolength- {
            sub_filter_types *;
            sub_filter NOLENGTH nolength;
            try_files $uri $uri.json =404;
        }
        location / {
            try_files $uri $uri.json =404;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));

    if (!defined $block->config) {
        $block->set_value("config", front(''));
    }
});

# the mirror (cache) in front of the fill hop, as in the quick start; $extra
# goes in the fill hop
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

sub reg { "http://127.0.0.1:$ENV{TEST_NGINX_REGISTRY_PORT}" }

# a packument of about 3 MB: 6,000 versions (~1.3 MB), then a readme of
# 1.5 MB, one string longer than a piece of the file; $last is the last
# version's dist, $end what closes the document
sub big {
    my ($name, $last, $end) = @_;
    my $r = reg();
    my $doc = qq|{"name":"$name","versions":{|;
    for my $i (0 .. 5998) {
        $doc .= qq|"1.0.$i":{"name":"$name","version":"1.0.$i","dist":|
              . qq|{"shasum":"0123456789abcdef0123456789abcdef01234567",|
              . qq|"tarball":"$r/$name/-/$name-1.0.$i.tgz"}},|;
    }
    $doc .= qq|"2.0.0":{"dist":$last}},"readme":"| . ('r' x 1500000)
          . $end;
    return $doc;
}

# what the mirror serves of big(): the tarballs through the mirror, compact
sub rewritten {
    my $doc = big(@_);
    my $r = reg();
    $doc =~ s{\Q$r\E/}{http://mirror.test/npm/}g;
    $doc =~ s/\n\z//;
    return $doc;
}

sub ok_dist { my $n = shift; return '{"tarball":"' . reg() . "/$n/-/$n-2.0.0.tgz\"}" }

# rewrite and proxy_cache in one location
sub one_hop {
    return <<"_EOC_";
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_rewrite @{[reg()]}/ http://mirror.test/npm/;
        proxy_pass @{[reg()]}\$pkg_reroute_uri;
        proxy_cache meta;
        proxy_cache_key \$pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status \$upstream_cache_status always;
    }
_EOC_
}

run_tests();

__DATA__

=== TEST 1: npm: a 3 MB packument is rewritten through a temporary file, served whole with its length, and stored
--- user_files eval
[["upstream/big.json" => main::big("big", main::ok_dist("big"), "\"}\n")]]
--- request eval
["GET /npm/big", "GET /npm/big"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nContent-Length: " . length(main::rewritten("big", main::ok_dist("big"), "\"}\n")),
 "X-Cache-Status: HIT\nContent-Length: " . length(main::rewritten("big", main::ok_dist("big"), "\"}\n"))]
--- response_body eval
[main::rewritten("big", main::ok_dist("big"), "\"}\n"),
 main::rewritten("big", main::ok_dist("big"), "\"}\n")]
--- timeout: 10
--- no_error_log
[error]
[crit]



=== TEST 2: npm: a tarball elsewhere at the end, after the first pieces were written: 502 unmapped-url in npm's format, nothing of the document sent, never stored
--- user_files eval
[["upstream/away.json" => main::big("away", '{"tarball":"https://evil.test/away-2.0.0.tgz"}', "\"}\n")]]
--- request eval
["GET /npm/away", "GET /npm/away"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url\nContent-Type: application/json",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url\nContent-Type: application/json"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\\"https://evil.test/away-2.0.0.tgz\\"), not stored: /away"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\\"https://evil.test/away-2.0.0.tgz\\"), not stored: /away"}\n}]
--- timeout: 10
--- error_log
an artifact URL that no pkg_reroute_rewrite prefix matches ("https://evil.test/away-2.0.0.tgz"), not stored: /away



=== TEST 3: npm: a tarball given twice at the end: 502 duplicate-key, never stored
--- user_files eval
[["upstream/dup.json" => main::big("dup", '{"tarball":"' . main::reg() . '/dup/-/dup-2.0.0.tgz","tarball":"https://evil.test/dup-2.0.0.tgz"}', "\"}\n")]]
--- request eval
["GET /npm/dup", "GET /npm/dup"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: duplicate-key"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: a key or an attribute given twice where it is read (\\"tarball\\"), not stored: /dup"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: a key or an attribute given twice where it is read (\\"tarball\\"), not stored: /dup"}\n}]
--- timeout: 10
--- error_log
given twice where it is read ("tarball"), not stored: /dup



=== TEST 4: npm: broken JSON at the very end (the last brace missing): 502 invalid-document, never stored
--- user_files eval
[["upstream/cut.json" => main::big("cut", main::ok_dist("cut"), "\"\n")]]
--- request eval
["GET /npm/cut", "GET /npm/cut"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: invalid-document",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: invalid-document"]
--- response_body_like eval
[qr/^\{"error":"the upstream's document cannot be rewritten: [^"]+, not stored: \/cut"\}\n\z/,
 qr/^\{"error":"the upstream's document cannot be rewritten: [^"]+, not stored: \/cut"\}\n\z/]
--- timeout: 10
--- error_log
not stored: /cut



=== TEST 5: npm: a 3 MB packument with nothing to rewrite is served as the upstream sent it (its spaces kept), not as the rewriter wrote it
--- user_files eval
[["upstream/plain.json" => '{ "name": "plain", "readme": "' . ('p' x 3000000) . "\" }\n"]]
--- request eval
["GET /npm/plain", "GET /npm/plain"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nContent-Length: 3000034", "X-Cache-Status: HIT\nContent-Length: 3000034"]
--- response_body eval
['{ "name": "plain", "readme": "' . ('p' x 3000000) . "\" }\n",
 '{ "name": "plain", "readme": "' . ('p' x 3000000) . "\" }\n"]
--- timeout: 10
--- no_error_log
[error]
[crit]



=== TEST 6: npm: without Content-Length (chunked: the body joined first), rewritten through the file too
--- config eval
main::front('proxy_http_version 1.1;')
--- user_files eval
[["upstream/nolength-big.json" => main::big("nolength-big", main::ok_dist("nolength-big"), "\"}\n")]]
--- request eval
["GET /npm/nolength-big", "GET /npm/nolength-big"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body eval
[main::rewritten("nolength-big", main::ok_dist("nolength-big"), "\"}\n"),
 main::rewritten("nolength-big", main::ok_dist("nolength-big"), "\"}\n")]
--- timeout: 10
--- no_error_log
[error]
[crit]



=== TEST 7: one hop (rewrite and proxy_cache in one location): a large refused document is not stored either
--- config eval
main::one_hop()
--- user_files eval
[["upstream/away.json" => main::big("away", '{"tarball":"https://evil.test/away-2.0.0.tgz"}', "\"}\n")]]
--- request eval
["GET /npm/away", "GET /npm/away"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url",
 "X-Cache-Status: MISS\nX-Pkg-Reroute-Reason: unmapped-url"]
--- response_body eval
[qq{{"error":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\\"https://evil.test/away-2.0.0.tgz\\"), not stored: /away"}\n},
 qq{{"error":"the upstream's document cannot be rewritten: an artifact URL that no pkg_reroute_rewrite prefix matches (\\"https://evil.test/away-2.0.0.tgz\\"), not stored: /away"}\n}]
--- timeout: 10
--- error_log
not stored: /away



=== TEST 8: one hop: a large good document is served rewritten, from the cache the second time
--- config eval
main::one_hop()
--- user_files eval
[["upstream/fine.json" => main::big("fine", main::ok_dist("fine"), "\"}\n")]]
--- request eval
["GET /npm/fine", "GET /npm/fine"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS\nX-Pkg-Reroute-Reason:",
 "X-Cache-Status: HIT\nX-Pkg-Reroute-Reason:"]
--- response_body eval
[main::rewritten("fine", main::ok_dist("fine"), "\"}\n"),
 main::rewritten("fine", main::ok_dist("fine"), "\"}\n")]
--- timeout: 10
--- no_error_log
[error]
[crit]
