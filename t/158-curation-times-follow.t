# Curation (issue 10 item 3) against Docker Hub: every blob GET there
# answers 307 to a CDN host, so the image config that a time lookup reads
# for "created" is behind a redirect. A lookup's fetch is followed as the
# place follows a client's request (pkg_reroute_follow: the same listed
# hosts, refused addresses, hops, the hop @pkg_reroute_follow), without
# the registry token on the CDN; what is not followed leaves the time
# unknown: missing= decides.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the registry (a token for everything,
#                                  blobs 307 to the CDN), its access log
#                                  at /reglog
#   P+2  TEST_NGINX_CDN_PORT       the "CDN" (cdn.test), its access log at
#                                  /cdnlog with the Authorization it got
#   P+3  TEST_NGINX_DNS_PORT       a DNS server for cdn.test, other.test
#                                  (this file runs it)
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET;
use IO::Select;
use POSIX ();

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_CDN_PORT}      = $port + 2;
$ENV{TEST_NGINX_DNS_PORT}      = $port + 3;

my %dns = (
    'cdn.test'   => '127.0.0.1',
    'other.test' => '127.0.0.1',
);

my $parent = $$;
my $dns_pid = fork();
die "fork: $!" unless defined $dns_pid;

if ($dns_pid == 0) {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                  LocalPort => $ENV{TEST_NGINX_DNS_PORT},
                                  Proto => 'udp', ReuseAddr => 1)
        or POSIX::_exit(1);
    my $sel = IO::Select->new($s);
    my $until = time + 300;

    while (time < $until && getppid() == $parent) {
        next unless $sel->can_read(0.5);
        my $peer = $s->recv(my $q, 512) or next;
        next if length($q) < 17;
        my ($id) = unpack('n', $q);
        my ($pos, @labels) = (12);
        while ($pos < length($q)) {
            my $len = ord(substr($q, $pos++, 1));
            last if $len == 0;
            push @labels, lc substr($q, $pos, $len);
            $pos += $len;
        }
        my ($qtype) = unpack('n', substr($q, $pos, 2));
        my $question = substr($q, 12, $pos + 4 - 12);
        my $ip = $dns{join '.', @labels};
        my $a;
        if ($ip && $qtype == 1) {
            $a = pack('n6', $id, 0x8580, 1, 1, 0, 0) . $question
                 . pack('n3Nn', 0xc00c, 1, 1, 1, 4) . inet_aton($ip);
        } else {
            $a = pack('n6', $id, $ip ? 0x8580 : 0x8583, 1, 0, 0, 0)
                 . $question;
        }
        $s->send($a, 0, $peer);
    }
    POSIX::_exit(0);
}

END {
    local $?;    # the file's exit status, not the DNS server's
    if ($$ == $parent && $dns_pid) {
        kill 'TERM', $dns_pid;
        waitpid $dns_pid, 0;
    }
}

my $here = $0;
$here =~ s{[^/]*$}{};
my $snippets = '';
for my $f ('token.conf', 'follow.conf') {
    local (@ARGV, $/) = ("${here}../conf.d-examples/pkg-reroute/$f");
    $snippets .= <> // '';
}

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=reg:1m;
    resolver 127.0.0.1:$TEST_NGINX_DNS_PORT ipv6=off valid=1s;
    resolver_timeout 3s;
    log_format reglog '$request_uri $status';
    log_format cdnlog '$request_uri $status [$http_authorization]';

    upstream realm-up { server 127.0.0.1:$TEST_NGINX_REGISTRY_PORT; }

    map $uri $digest {
        ~/young/  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;
        ~/old/    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb;
        ~/unlisted/ cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc;
        default   dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd;
    }

    map $http_authorization $reg_ok {
        "Bearer good-token"  1;
        default              "";
    }

    # the registry: as Docker Hub, a token for every repository, and every
    # blob a 307 to the CDN
    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        default_type application/vnd.docker.distribution.manifest.v2+json;
        absolute_redirect off;
        access_log logs/reglog reglog;

        location = /token {
            default_type application/json;
            return 200 '{"token":"good-token","expires_in":300}';
        }

        location /v2/ {
            if ($reg_ok = "") {
                add_header WWW-Authenticate 'Bearer realm="http://realm-up/token",service="reg",scope="repository:library/x:pull"' always;
                return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}';
            }
            return 404 '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}';
        }

        location ~ ^/v2/library/(young|old|unlisted|loop)/manifests/1$ {
            if ($reg_ok = "") {
                add_header WWW-Authenticate 'Bearer realm="http://realm-up/token",service="reg",scope="repository:library/$1:pull"' always;
                return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}';
            }
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:$digest"},"layers":[]}';
        }

        location ~ ^/v2/library/(young|old)/blobs/ {
            if ($reg_ok = "") {
                return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}';
            }
            return 307 http://cdn.test:$TEST_NGINX_CDN_PORT/cdn/$1?sig=abc;
        }
        location ~ ^/v2/library/unlisted/blobs/ {
            return 307 http://other.test:$TEST_NGINX_CDN_PORT/cdn/young;
        }
        location ~ ^/v2/library/loop/blobs/ {
            return 307 http://cdn.test:$TEST_NGINX_CDN_PORT/loop;
        }
    }

    # the CDN: the config, to a request without the registry's token only
    server {
        listen 127.0.0.1:$TEST_NGINX_CDN_PORT;
        default_type application/octet-stream;
        access_log logs/cdnlog cdnlog;

        location = /cdn/young {
            if ($http_authorization) {
                return 400 "a token reached the CDN\n";
            }
            return 200 '{"architecture":"amd64","os":"linux","created":"2099-01-01T00:00:00.123456789Z","config":{}}';
        }
        location = /cdn/old {
            if ($http_authorization) {
                return 400 "a token reached the CDN\n";
            }
            return 200 '{"architecture":"amd64","os":"linux","created":"2020-01-01T00:00:00Z","config":{}}';
        }
        location = /loop {
            return 302 http://cdn.test:$TEST_NGINX_CDN_PORT/loop;
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    $block->set_value("config", ($block->config // '') . $snippets . <<'_EOC_');
    location = /reglog {
        default_type text/plain;
        root logs;
    }
    location = /cdnlog {
        default_type text/plain;
        root logs;
    }
_EOC_
});

run_tests();

__DATA__
=== TEST 1: Docker Hub's shape: the config blob answers 307 to the CDN; the lookup follows it as the place follows a client (pkg_reroute_follow): the young image is refused with the cooldown's reason, the old one served; the CDN never gets the registry's token; each config is fetched once (stored under the blob's key), so a second lookup costs no fetch
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/young/manifests/1",
 "GET /v2/library/young/manifests/1",
 "GET /v2/library/old/manifests/1",
 "GET /v2/library/old/manifests/1",
 "GET /cdnlog"]
--- error_code eval
[403, 403, 200, 200, 200]
--- response_headers_like eval
["X-Verdict: block\\|library/young\@1 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: block\\|library/young\@1 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: allow\\|",
 "X-Verdict: allow\\|",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/was published 2099-01-01T00:00:00Z/,
 qr/was published 2099-01-01T00:00:00Z/,
 qr/"schemaVersion":2/,
 qr/"schemaVersion":2/,
 qr{\A/cdn/young\?sig=abc 200 \[-\]\n/cdn/old\?sig=abc 200 \[-\]\n\z}]
--- no_error_log
no publication time
not followed
[alert]
[crit]

=== TEST 2: the registry's own log: the blob was asked once per image (then a HIT for the lookup), with the token
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
    }
--- request eval
["GET /v2/library/old/manifests/1",
 "GET /v2/library/old/manifests/1",
 "GET /reglog"]
--- error_code eval
[200, 200, 200]
--- response_body_like eval
[qr/"schemaVersion":2/,
 qr/"schemaVersion":2/,
 qr{\A/v2/library/old/manifests/1 401\n/token\?service=reg&scope=repository:library/old:pull 200\n/v2/library/old/manifests/1 200\n/v2/library/old/blobs/sha256:b{64} 307\n\z}]
--- no_error_log
no publication time
[alert]
[crit]

=== TEST 3: a redirect to a host pkg_reroute_follow does not list: not followed (the follow's reason in the log), no time, missing=deny refuses
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/unlisted/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/unlisted@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log eval
[qr/the upstream redirected to a host that pkg_reroute_follow does not list \(other\.test\), not followed/,
 qr/no publication time for docker "library\/unlisted" 1: the image config was redirected, and pkg_reroute_follow refused the target \(the cooldown's missing= decides\)/]
--- no_error_log
[alert]
[crit]

=== TEST 4: a listed CDN host that resolves to a refused address (loopback, no allow_address=): not followed, no time, missing=deny refuses
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_follow cdn.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/old/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/old@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log eval
[qr/the redirect's host cdn\.test resolves to 127\.0\.0\.1, a loopback address, not followed/,
 qr/no publication time for docker "library\/old" 1: the image config was redirected, and pkg_reroute_follow refused the target \(the cooldown's missing= decides\)/]
--- no_error_log
[alert]
[crit]

=== TEST 5: a redirect loop on the CDN: more hops than pkg_reroute_follow allows (hops=2), no time, missing=deny refuses
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8 hops=2;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/loop/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/loop@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log eval
[qr/the upstream answered with more than 2 redirects, not followed/,
 qr/no publication time for docker "library\/loop" 1: the image config was redirected, and pkg_reroute_follow refused the target \(the cooldown's missing= decides\)/]
--- no_error_log
[alert]
[crit]

=== TEST 6: a place without pkg_reroute_follow: the lookup does not follow (no hop to follow with): no time, missing=allow serves the young image (the registry's own answer)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
    }
--- request
GET /v2/library/young/manifests/1
--- error_code: 200
--- error_log
no publication time for docker "library/young" 1: the image config answered 307 (the cooldown's missing= decides)
--- no_error_log
[alert]
[crit]
