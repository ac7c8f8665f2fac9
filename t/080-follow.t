# pkg_reroute_follow: upstream redirects (Docker blobs to a CDN, Hugging
# Face files to /api/resolve-cache/ and to the LFS CDN, GitHub archives of
# renamed repositories) followed inside nginx, only to the host names the
# place names, never to an address literal nor to a name that resolves to
# a loopback, private or link-local address, with no credential header,
# capped in hops, checked again by the place's rule when the target is on
# the registry itself, and cached under the original request's key only
# when followed.
#
# Every block's server includes the shipped hop,
# conf.d-examples/pkg-reroute/follow.conf, as the examples do. What nginx -t
# says about the refused forms is checked in t/003-config-messages.t
# (startup errors go to stderr, which must_die does not read).
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_REGISTRY_PORT  the registry (redirects)
#   P+2  TEST_NGINX_CDN_PORT       the CDN (echoes what it got)
#   P+3  TEST_NGINX_DNS_PORT       a DNS server (UDP) this file runs:
#                                  cdn.test, cdn2.test, other.test are
#                                  127.0.0.1, meta.test is 169.254.169.254,
#                                  v6.test is ::1 (AAAA only)
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET;
use IO::Select;
use POSIX ();

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_CDN_PORT}      = $port + 2;
$ENV{TEST_NGINX_DNS_PORT}      = $port + 3;

my $here = $0;
$here =~ s{[^/]*$}{};
my $snippet = do {
    local (@ARGV, $/) = ("${here}../conf.d-examples/pkg-reroute/follow.conf");
    <>;
} // '';

# a DNS server on loopback: A records for the names of the tests, no
# record (NOERROR) for AAAA, NXDOMAIN for anything else; stops with this
# file, or after 10 minutes at most
my %dns = (
    'cdn.test'   => '127.0.0.1',
    'cdn2.test'  => '127.0.0.1',
    'other.test' => '127.0.0.1',
    'codeload.test' => '127.0.0.1',
    'meta.test'  => '169.254.169.254',
);
my %dns6 = (
    'v6.test'    => pack('n8', 0, 0, 0, 0, 0, 0, 0, 1),
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
    my $until = time + 600;

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
        my $name = join '.', @labels;
        my $ip = $dns{$name};
        my $ip6 = $dns6{$name};
        my $a;
        if ($ip && $qtype == 1) {
            $a = pack('n6', $id, 0x8580, 1, 1, 0, 0) . $question
                 . pack('n3Nn', 0xc00c, 1, 1, 1, 4) . inet_aton($ip);
        } elsif ($ip6 && $qtype == 28) {
            $a = pack('n6', $id, 0x8580, 1, 1, 0, 0) . $question
                 . pack('n3Nn', 0xc00c, 28, 1, 1, 16) . $ip6;
        } elsif ($ip6) {
            $a = pack('n6', $id, 0x8580, 1, 0, 0, 0) . $question;
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

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=blobs:1m;
    resolver 127.0.0.1:$TEST_NGINX_DNS_PORT ipv6=off valid=1s;
    resolver_timeout 3s;
    pkg_reroute_rule follow-policy block { "evil/*"; "evil-org/*"; }

    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        absolute_redirect off;
        default_type application/octet-stream;
        add_header X-Registry-Auth "[$http_authorization]" always;

        location /v2/library/alpine/ {
            return 307 http://cdn.test:$TEST_NGINX_CDN_PORT/cdn$uri?sig=abc;
        }
        location /v2/library/expired/ {
            return 307 http://cdn.test:$TEST_NGINX_CDN_PORT/expired$uri;
        }
        location /v2/library/group/ {
            return 307 http://cdn-group/cdn$uri;
        }
        location /v2/library/twohops/ {
            return 302 http://cdn.test:$TEST_NGINX_CDN_PORT/hop2$uri;
        }
        location /v2/library/unlisted/ {
            return 307 http://other.test:$TEST_NGINX_CDN_PORT/cdn$uri;
        }
        location /v2/library/literal/ {
            return 307 http://127.0.0.1:$TEST_NGINX_CDN_PORT/cdn$uri;
        }
        location /v2/library/metadata/ {
            return 302 http://169.254.169.254/latest/meta-data/;
        }
        location /v2/library/metaname/ {
            return 302 http://meta.test/latest/meta-data/;
        }
        location /v2/library/v6/ {
            return 302 http://[::1]:$TEST_NGINX_CDN_PORT/cdn$uri;
        }
        location /v2/library/sixname/ {
            return 302 http://v6.test:$TEST_NGINX_CDN_PORT/cdn$uri;
        }
        location /v2/library/ftp/ {
            return 302 ftp://cdn.test/pub$uri;
        }
        location /v2/library/loop/ {
            return 302 http://cdn.test:$TEST_NGINX_CDN_PORT/loop;
        }
        location /v2/library/relative/ {
            # absolute_redirect off: "Location: /v2/library/target/..."
            return 307 /v2/library/target/blobs/sha256:3333333333333333333333333333333333333333333333333333333333333333;
        }
        location /v2/library/target/ {
            return 200 "registry bytes for $uri\n";
        }
        location /v2/library/renamed/ {
            return 301 http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/v2/evil/renamed/blobs/sha256:4444444444444444444444444444444444444444444444444444444444444444;
        }

        # GitHub: renamed repositories answer 301 to the new name
        location /old-org/ {
            return 301 http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/evil-org/tool/archive/refs/tags/v1.tar.gz;
        }
        location /old-ok/ {
            return 301 http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/new-ok/tool/archive/refs/tags/v1.tar.gz;
        }
        location /new-ok/ {
            return 200 "archive $uri\n";
        }
        location /evil-org/ {
            return 200 "must never be fetched\n";
        }

        # Hugging Face: /resolve/ answers 307 to a relative
        # /api/resolve-cache/..., LFS files 302 to the CDN; the headers
        # huggingface_hub needs are on these redirects only
        location /gpt2/resolve/main/config.json {
            add_header X-Repo-Commit 607a30d783dfa663caf39e06633721c8d4cfcd7e always;
            add_header X-Linked-Etag "\"cfg-etag\"" always;
            add_header X-Linked-Size 665 always;
            return 307 /api/resolve-cache/models/gpt2/607a30d783dfa663caf39e06633721c8d4cfcd7e/config.json;
        }
        location /gpt2/resolve/main/model.safetensors {
            add_header X-Repo-Commit 607a30d783dfa663caf39e06633721c8d4cfcd7e always;
            add_header X-Linked-Etag "\"lfs-etag\"" always;
            add_header X-Linked-Size 12 always;
            return 302 http://cdn.test:$TEST_NGINX_CDN_PORT/lfs/model.safetensors?X-Amz-Signature=abc;
        }
        location /gpt2/resolve/main/two-step.bin {
            add_header X-Repo-Commit 607a30d783dfa663caf39e06633721c8d4cfcd7e always;
            return 307 /api/resolve-cache/models/gpt2/607a30d783dfa663caf39e06633721c8d4cfcd7e/two-step.bin;
        }
        location /api/resolve-cache/models/gpt2/607a30d783dfa663caf39e06633721c8d4cfcd7e/two-step.bin {
            add_header X-Repo-Commit ffffffffffffffffffffffffffffffffffffffff always;
            add_header X-Linked-Etag "\"two-etag\"" always;
            add_header X-Linked-Size 12 always;
            return 302 http://cdn.test:$TEST_NGINX_CDN_PORT/lfs/two-step.bin;
        }
        location /gpt2/resolve/main/elsewhere.json {
            add_header X-Repo-Commit 607a30d783dfa663caf39e06633721c8d4cfcd7e always;
            return 307 /api/resolve-cache/models/other-org/model/607a30d783dfa663caf39e06633721c8d4cfcd7e/elsewhere.json;
        }
        location /direct-org/tool/archive/ {
            return 302 http://codeload.test:$TEST_NGINX_CDN_PORT/evil-org/tool/tar.gz/refs/tags/v1;
        }
        location /direct-ok/tool/archive/ {
            return 302 http://codeload.test:$TEST_NGINX_CDN_PORT/cdn/ok-org/tool/tar.gz/refs/tags/v1;
        }
        location /gpt2/resolve/main/unknown.json {
            return 307 /api/no-such-word/gpt2;
        }
        location /api/resolve-cache/ {
            return 200 "{\"n_layer\":12}\n";
        }
        location /api/no-such-word/ {
            return 200 "must never be fetched\n";
        }
    }

    server {
        listen 127.0.0.1:$TEST_NGINX_CDN_PORT;
        default_type application/octet-stream;
        add_header X-CDN-Creds "[$http_authorization|$http_proxy_authorization|$http_cookie|$http_x_registry_auth|$http_x_api_key|$http_x_auth_token|$http_private_token|$http_job_token|$http_x_npm_otp|$http_npm_session]" always;
        add_header X-CDN-Host $http_host always;
        add_header X-CDN-Trace "[$http_x_trace]" always;

        location /cdn/ {
            return 200 "layer bytes for $uri $args\n";
        }
        location /hop2/ {
            return 302 http://cdn2.test:$TEST_NGINX_CDN_PORT/cdn/from-hop2;
        }
        location /loop {
            return 302 http://cdn.test:$TEST_NGINX_CDN_PORT/loop;
        }
        location /lfs/ {
            return 200 "safetensors\n";
        }
        location /expired/ {
            return 403 "signature expired\n";
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    if (!($block->can("no_snippet") && $block->no_snippet)) {
        $block->set_value("config", ($block->config // '') . $snippet);
    }
});

run_tests();

__DATA__

=== TEST 1: a blob's redirect to a listed CDN is followed, cached under the original key; no credential header reaches the CDN
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer configured-token";
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- more_headers
Authorization: Bearer client-token
Proxy-Authorization: Basic cHJveHk=
Cookie: session=1
X-Registry-Auth: eyJ1c2VyIjoxfQ==
X-Api-Key: k
X-Auth-Token: t
Private-Token: glpat-1
Job-Token: job-1
X-Npm-Otp: 123456
Npm-Session: s1
X-Trace: kept
--- request eval
["GET /v2/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-CDN-Creds: [|||||||||]\nX-CDN-Trace: [kept]\nX-CDN-Host: cdn.test:$ENV{TEST_NGINX_CDN_PORT}\nX-Cache-Status: MISS\n!Location",
 "X-CDN-Creds: [|||||||||]\nX-Cache-Status: HIT\n!Location"]
--- response_body eval
["layer bytes for /cdn/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222 sig=abc\n",
 "layer bytes for /cdn/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222 sig=abc\n"]
--- no_error_log
[error]



=== TEST 2: the registry itself gets the configured credentials; a place without pkg_reroute_follow passes redirects on
--- config
    location /v2/ {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_set_header Authorization "Bearer configured-token";
    }
--- request
GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 307
--- response_headers_like
X-Registry-Auth: \[Bearer configured-token\]
Location: http://cdn\.test:\d+/cdn/v2/library/alpine/blobs/sha256:2+\?sig=abc



=== TEST 3: a host the place does not list is refused with a 502 in the client's format, logged with the Location, not cached
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
    }
--- request eval
["GET /v2/library/unlisted/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/unlisted/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[502, 502]
--- response_headers eval
["Content-Type: application/json\nX-Pkg-Reroute-Follow: refused\n!X-CDN-Creds\n!Location",
 "Content-Type: application/json\n!X-CDN-Creds\n!Location\nX-Cache-Status: MISS"]
--- response_body_like eval
[qr/^\{"errors":\[\{"code":"UNAVAILABLE","message":"the upstream redirected to a host that pkg_reroute_follow does not list \(other\.test\)/,
 qr/does not list/]
--- error_log eval
qr/\[error\].*pkg reroute: the upstream redirected to a host that pkg_reroute_follow does not list \(other\.test\), not followed: Location "http:\/\/other\.test:\d+\/cdn\/v2\/library\/unlisted\//



=== TEST 4: an error of the followed target (a CDN's 403 for an expired signature) is never stored under the package's key
--- config
    add_header X-Cache-Status $upstream_cache_status always;
    proxy_cache_valid any 10m;      # the hop's too

    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /v2/library/expired/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/expired/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[403, 403]
--- response_headers eval
["X-Cache-Status: MISS\n!Location", "X-Cache-Status: MISS\n!Location"]
--- response_body eval
["signature expired\n", "signature expired\n"]



=== TEST 5: address literals are never followed: 127.0.0.1, 169.254.169.254, [::1]
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/literal/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/metadata/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/v6/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[502, 502, 502]
--- response_headers eval
["!X-CDN-Creds\n!Location", "!Location", "!X-CDN-Creds\n!Location"]
--- response_body_like eval
[qr/an address, not a host name \(127\.0\.0\.1\)/,
 qr/an address, not a host name \(169\.254\.169\.254\)/,
 qr/an address, not a host name \(\[::1\]\)/]
--- error_log eval
qr/\[error\].*an address, not a host name \((?:127\.0\.0\.1|169\.254\.169\.254|\[::1\])\), not followed: Location "http:\/\/(?:127\.0\.0\.1:\d+\/cdn\/|169\.254\.169\.254\/latest\/meta-data\/"|\[::1\]:\d+\/cdn\/)/



=== TEST 6: a listed name that resolves to loopback is refused by default; to link-local whatever allow_address says
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test meta.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /allowing/v2/ {
        pkg_reroute docker prefix=/allowing;
        pkg_reroute_follow cdn.test meta.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /allowing/v2/library/metaname/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[502, 502]
--- response_headers eval
["!X-CDN-Creds\n!Location", "!Location"]
--- response_body_like eval
[qr/cdn\.test resolves to 127\.0\.0\.1, a loopback address/,
 qr/meta\.test resolves to 169\.254\.169\.254, a link-local address/]
--- error_log eval
qr/\[error\].*(?:cdn\.test resolves to 127\.0\.0\.1, a loopback address, not followed: Location "http:\/\/cdn\.test:\d+\/cdn\/|meta\.test resolves to 169\.254\.169\.254, a link-local address, not followed: Location "http:\/\/meta\.test\/latest\/meta-data\/")/



=== TEST 7: a listed name with only an IPv6 address, ::1, is refused (resolver with ipv6=on)
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow v6.test;
        resolver 127.0.0.1:$TEST_NGINX_DNS_PORT valid=1s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/sixname/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 502
--- response_headers
X-Pkg-Reroute-Follow: refused
!X-CDN-Host
--- response_body_like: v6\.test resolves to ::1, a loopback address
--- error_log eval
qr/\[error\].*the redirect's host v6\.test resolves to ::1, a loopback address, not followed: Location "http:\/\/v6\.test:\d+\/cdn\//



=== TEST 8: a relative Location is followed on the registry itself and cached under the original key
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_use follow-policy;
        pkg_reroute_follow cdn.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /v2/library/relative/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/relative/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-Cache-Status: MISS\n!Location", "X-Cache-Status: HIT\n!Location"]
--- response_body eval
["registry bytes for /v2/library/target/blobs/sha256:3333333333333333333333333333333333333333333333333333333333333333\n",
 "registry bytes for /v2/library/target/blobs/sha256:3333333333333333333333333333333333333333333333333333333333333333\n"]
--- no_error_log
[error]



=== TEST 9: a redirect on the registry into a blocked name is checked by the place's rule: 403 in the client's format, not fetched, not cached
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_use follow-policy;
        pkg_reroute_follow cdn.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /v2/library/renamed/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/renamed/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[403, 403]
--- response_headers eval
["X-Pkg-Reroute-Rule: follow-policy\nX-Pkg-Reroute-Pattern: evil/*\n!Location",
 "X-Pkg-Reroute-Rule: follow-policy\nX-Cache-Status: MISS"]
--- response_body_like eval
[qr/package \\"evil\/renamed\\" is blocked by rule \\"follow-policy\\"/,
 qr/is blocked by rule/]
--- error_log
package "evil/renamed" is blocked by rule "follow-policy" (pattern "evil/*")



=== TEST 10: GitHub: a repository renamed into a blocked organisation is refused under its old name; an allowed rename is followed and cached
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location / {
        pkg_reroute github;
        pkg_reroute_use follow-policy;
        pkg_reroute_follow codeload.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /old-org/tool/archive/refs/tags/v1.tar.gz",
 "GET /old-org/tool/archive/refs/tags/v1.tar.gz",
 "GET /old-ok/tool/archive/refs/tags/v1.tar.gz",
 "GET /old-ok/tool/archive/refs/tags/v1.tar.gz"]
--- error_code eval
[403, 403, 200, 200]
--- response_headers eval
["X-Pkg-Reroute-Pattern: evil-org/*\n!Location", "X-Cache-Status: MISS",
 "X-Cache-Status: MISS", "X-Cache-Status: HIT"]
--- response_body_like eval
[qr/package "evil-org\/tool" is blocked by rule "follow-policy"/,
 qr/is blocked/,
 qr{^archive /new-ok/tool/archive/refs/tags/v1\.tar\.gz$},
 qr{^archive /new-ok/tool/archive/refs/tags/v1\.tar\.gz$}]



=== TEST 11: hops are capped: a loop is refused, and hops=1 refuses a second hop
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test cdn2.test allow_address=127.0.0.1/32;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /one/v2/ {
        pkg_reroute docker prefix=/one;
        pkg_reroute_follow cdn.test cdn2.test allow_address=127.0.0.1/32 hops=1;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/loop/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /one/v2/library/twohops/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[502, 502]
--- response_body_like eval
[qr/more than 5 redirects/, qr/more than 1 redirect,/]
--- error_log eval
qr/\[error\].*(?:more than 5 redirects, not followed: Location "http:\/\/cdn\.test:\d+\/loop"|more than 1 redirect, not followed: Location "http:\/\/cdn2\.test:\d+\/cdn\/from-hop2")/



=== TEST 12: two hops (registry, CDN, another CDN) are followed by default
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test cdn2.test allow_address=127.0.0.1/32;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/twohops/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 200
--- response_headers eval
"X-CDN-Host: cdn2.test:$ENV{TEST_NGINX_CDN_PORT}\n!Location"
--- response_body
layer bytes for /cdn/from-hop2 
--- no_error_log
[error]



=== TEST 13: without a cache, the same target three times: the resolver's cached answer (no wait) is checked as the first was
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.1;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /strict/v2/ {
        pkg_reroute docker prefix=/strict;
        pkg_reroute_follow cdn.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "HEAD /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /strict/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[200, 200, 200, 502]
--- response_body_like eval
[qr/^layer bytes/, qr/^$/, qr/^layer bytes/, qr/cdn\.test resolves to 127\.0\.0\.1, a loopback address/]



=== TEST 14: with proxy_intercept_errors on in the place (nginx intercepts the redirect itself), the redirect is still checked and followed; strict still refuses; nginx's own 302 is no upstream redirect
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_intercept_errors on;
    }
    location /strict/v2/ {
        pkg_reroute docker prefix=/strict;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        pkg_reroute_strict on;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_intercept_errors on;
    }
    location /own/v2/ {
        pkg_reroute docker prefix=/own;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        return 302 http://cdn.test/elsewhere;
    }
--- request eval
["GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/unlisted/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /strict/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /own/v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[200, 502, 502, 502]
--- response_headers eval
["X-CDN-Host: cdn.test:$ENV{TEST_NGINX_CDN_PORT}", "!X-CDN-Host\n!Location",
 "!X-CDN-Host\n!Location", "!X-CDN-Host\n!Location"]
--- response_body_like eval
[qr/^layer bytes/, qr/does not list \(other\.test\)/,
 qr/strict mode fetches from nowhere but the upstream/,
 qr/a redirect that is not the upstream's reached pkg_reroute_follow/]



=== TEST 15: a listed name that is an upstream { } block goes to its servers, no resolver asked
--- http_config
    upstream cdn-group {
        server 127.0.0.1:$TEST_NGINX_CDN_PORT;
    }
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn-group;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/group/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 200
--- response_headers
X-CDN-Host: cdn-group
--- response_body
layer bytes for /cdn/v2/library/group/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222 
--- no_error_log
[error]



=== TEST 16: a Location that is not an http(s) URL is refused with a 502, not nginx's HTML page
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/ftp/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 502
--- response_headers
Content-Type: application/json
X-Pkg-Reroute-Follow: refused
--- response_body_like: the upstream redirected to a Location that is not an http or https URL
--- error_log eval
qr/\[error\].*Location "ftp:\/\/cdn\.test\/pub\/v2\/library\/ftp\//



=== TEST 17: strict mode refuses any redirect, pkg_reroute_follow or not: nothing is fetched from the CDN
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_strict on;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/alpine/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222
--- error_code: 502
--- response_headers
!Location
!X-CDN-Creds
--- response_body_like: strict mode fetches from nowhere but the upstream



=== TEST 18: Hugging Face: the relative /api/resolve-cache/ redirect and the LFS CDN are followed; X-Repo-Commit, X-Linked-Etag, X-Linked-Size of the redirects are kept (the first of each), in the cache too
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location / {
        pkg_reroute huggingface;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /gpt2/resolve/main/config.json",
 "GET /gpt2/resolve/main/config.json",
 "GET /gpt2/resolve/main/model.safetensors",
 "GET /gpt2/resolve/main/model.safetensors",
 "GET /gpt2/resolve/main/two-step.bin"]
--- error_code eval
[200, 200, 200, 200, 200]
--- response_headers eval
["X-Repo-Commit: 607a30d783dfa663caf39e06633721c8d4cfcd7e\nX-Linked-Etag: \"cfg-etag\"\nX-Linked-Size: 665\nX-Cache-Status: MISS",
 "X-Repo-Commit: 607a30d783dfa663caf39e06633721c8d4cfcd7e\nX-Linked-Etag: \"cfg-etag\"\nX-Linked-Size: 665\nX-Cache-Status: HIT",
 "X-Repo-Commit: 607a30d783dfa663caf39e06633721c8d4cfcd7e\nX-Linked-Etag: \"lfs-etag\"\nX-Linked-Size: 12\nX-Cache-Status: MISS\nX-CDN-Creds: [|||||||||]",
 "X-Repo-Commit: 607a30d783dfa663caf39e06633721c8d4cfcd7e\nX-Linked-Etag: \"lfs-etag\"\nX-Linked-Size: 12\nX-Cache-Status: HIT",
 "X-Repo-Commit: 607a30d783dfa663caf39e06633721c8d4cfcd7e\nX-Linked-Etag: \"two-etag\"\nX-Linked-Size: 12\nX-Cache-Status: MISS"]
--- response_body eval
["{\"n_layer\":12}\n", "{\"n_layer\":12}\n", "safetensors\n", "safetensors\n", "safetensors\n"]



=== TEST 19: nginx -t refuses a place with pkg_reroute_follow in a server without the hop (pkg-reroute/follow.conf)
--- no_snippet: 1
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- must_die



=== TEST 20: nginx -t refuses error_page 30x in a pkg_reroute place: redirects are followed by pkg_reroute_follow only
--- config
    location /v2/ {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_intercept_errors on;
        error_page 301 302 303 307 308 = @follow;
    }
    location @follow {
        proxy_pass $upstream_http_location;
    }
--- must_die



=== TEST 21: nginx -t refuses an address literal as a host pattern
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test 169.254.169.254;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- must_die



=== TEST 22: nginx -t refuses pkg_reroute_follow in a redirect-mode place
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_redirect https://repo.example/docker;
        pkg_reroute_follow cdn.test;
    }
--- must_die



=== TEST 23: Hugging Face: a relative redirect to another repository's /api/resolve-cache/, or to an unknown endpoint, is refused and not cached
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location / {
        pkg_reroute huggingface;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
["GET /gpt2/resolve/main/elsewhere.json",
 "GET /gpt2/resolve/main/elsewhere.json",
 "GET /gpt2/resolve/main/unknown.json"]
--- error_code eval
[502, 502, 502]
--- response_body_like eval
[qr/the upstream redirected to another repository/,
 qr/the upstream redirected to another repository/,
 qr/the upstream redirected to a path that is not a known huggingface endpoint/]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: MISS", "X-Cache-Status: MISS"]



=== TEST 24: GitHub: a redirect to a listed host that serves the registry's own shapes (codeload) is checked by the rule: a blocked repository there is refused, a path the catalogue does not know (a CDN's) is fetched
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use follow-policy;
        pkg_reroute_follow codeload.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /direct-org/tool/archive/refs/tags/v1.tar.gz",
 "GET /direct-ok/tool/archive/refs/tags/v1.tar.gz"]
--- error_code eval
[403, 200]
--- response_body_like eval
[qr/package "evil-org\/tool" is blocked by rule "follow-policy"/,
 qr{^layer bytes for /cdn/ok-org/tool/tar\.gz/refs/tags/v1}]



=== TEST 25: pkg_reroute_client_credentials forward: the hop never sends the client's credentials, and what it fetched for a credentialed request is neither stored nor served from the cache (follow.conf's proxy_cache_bypass, proxy_no_cache)
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_client_credentials forward;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_bypass $pkg_reroute_credentials;
        proxy_no_cache $pkg_reroute_credentials;
    }
--- request eval
["GET /v2/library/alpine/blobs/sha256:7777777777777777777777777777777777777777777777777777777777777777",
 "GET /v2/library/alpine/blobs/sha256:7777777777777777777777777777777777777777777777777777777777777777",
 "GET /v2/library/alpine/blobs/sha256:7777777777777777777777777777777777777777777777777777777777777777",
 "GET /v2/library/alpine/blobs/sha256:7777777777777777777777777777777777777777777777777777777777777777"]
--- more_headers eval
["Authorization: Bearer client-token\nCookie: a=b", "", "", "Authorization: Bearer client-token"]
--- error_code eval
[200, 200, 200, 200]
--- response_headers eval
["X-CDN-Creds: [|||||||||]\nX-Cache-Status: BYPASS",
 "X-CDN-Creds: [|||||||||]\nX-Cache-Status: MISS",
 "X-Cache-Status: HIT",
 "X-CDN-Creds: [|||||||||]\nX-Cache-Status: BYPASS"]
--- no_error_log
[error]



=== TEST 26: pkg_reroute_verdict warn where the upstream's answer is a redirect followed: the verdict is logged once and marked once (the hop's internal redirect drops the place's request context)
--- http_config
    pkg_reroute_rule images block { "library/alpine@3.19*"; }
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_use images;
        pkg_reroute_verdict warn;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/alpine/manifests/3.19.1
--- error_code: 200
--- response_headers
X-Pkg-Reroute-Verdict: library/alpine@3.19.1 is blocked by rule "images" (pattern "library/alpine@3.19*")
--- response_body
layer bytes for /cdn/v2/library/alpine/manifests/3.19.1 sig=abc
--- grep_error_log eval
qr/pkg reroute: library\/alpine\@\S+ is blocked by rule "images"/
--- grep_error_log_out
pkg reroute: library/alpine@3.19.1 is blocked by rule "images"



=== TEST 27: the place's own error_page 304 stays with pkg_reroute_follow (nginx -t takes it, and the follow's error_page entries for 301 302 303 307 308 dropped it with them)
--- config
    location /v2/ {
        pkg_reroute docker;
        pkg_reroute_follow cdn.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$server_port/nm$pkg_reroute_uri;
        proxy_intercept_errors on;
        error_page 304 = @notmod;
    }
    location /plain/v2/ {
        pkg_reroute docker prefix=/plain;
        proxy_pass http://127.0.0.1:$server_port/nm$pkg_reroute_uri;
        proxy_intercept_errors on;
        error_page 304 = @notmod;
    }
    location @notmod {
        return 200 "from error_page 304\n";
    }
    location /nm/ {
        return 304;
    }
--- request eval
["GET /v2/library/alpine/manifests/1", "GET /plain/v2/library/alpine/manifests/1"]
--- error_code eval
[200, 200]
--- response_body eval
["from error_page 304\n", "from error_page 304\n"]
--- no_error_log
[error]
