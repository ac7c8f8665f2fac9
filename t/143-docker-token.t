# pkg_reroute_docker_token: the Docker token flow done by the mirror with
# the operator's credential. A loopback registry answers 401 with a Bearer
# challenge to anything without the right token; the module fetches one
# from the realm (anonymously, or with the place's account=), keeps it for
# its lifetime and retries, so clients send no credentials and never see
# the 401 nor the token service. The realm must be a listed host (an
# upstream { } here, or a name checked as pkg_reroute_follow checks one),
# the scope is the repository the module checked, the token never goes to
# a CDN hop, and every failure is a 502 in Docker's format, never stored.
#
# Every block's server includes the shipped
# conf.d-examples/pkg-reroute/token.conf and follow.conf, as the example
# does.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the registry (nginx, below)
#   P+2  TEST_NGINX_CDN_PORT       the blob CDN (echoes what it got)
#   P+3  TEST_NGINX_DNS_PORT       a DNS server (UDP) this file runs:
#                                  realm.test is 127.0.0.1
#   P+4  TEST_NGINX_REALM_PORT     the token realm this file runs: it counts
#                                  the tokens it gives per service and
#                                  scope, and names in each one what asked
#                                  ("anon", "acct" for the operator's
#                                  account, "LEAK" for anything else)
#   P+5                            nothing listens (a realm that is down)
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET;
use IO::Select;
use MIME::Base64 ();
use POSIX ();

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_CDN_PORT}      = $port + 2;
$ENV{TEST_NGINX_DNS_PORT}      = $port + 3;
$ENV{TEST_NGINX_REALM_PORT}    = $port + 4;
$ENV{TEST_NGINX_DOWN_PORT}     = $port + 5;

my $here = $0;
$here =~ s{[^/]*$}{};
my $snippets = '';
for my $f ('token.conf', 'follow.conf') {
    local (@ARGV, $/) = ("${here}../conf.d-examples/pkg-reroute/$f");
    $snippets .= <> // '';
}

my $parent = $$;
my @kids;

# a DNS server on loopback: realm.test is 127.0.0.1, NXDOMAIN otherwise
my $pid = fork();
die "fork: $!" unless defined $pid;

if ($pid == 0) {
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
        my $ip = (join('.', @labels) eq 'realm.test') ? '127.0.0.1' : undef;
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
push @kids, $pid;

# the token realm: one connection at a time, Connection: close
$pid = fork();
die "fork: $!" unless defined $pid;

if ($pid == 0) {
    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                  LocalPort => $ENV{TEST_NGINX_REALM_PORT},
                                  Proto => 'tcp', Listen => 16,
                                  ReuseAddr => 1)
        or POSIX::_exit(1);
    my $sel = IO::Select->new($l);
    my $until = time + 600;
    my %count;
    my $acct = 'Basic ' . MIME::Base64::encode_base64('acct:s3cret', '');

    while (time < $until && getppid() == $parent) {
        next unless $sel->can_read(0.5);
        my $c = $l->accept or next;
        my $req = '';
        my $rs = IO::Select->new($c);
        while ($rs->can_read(5)) {
            my $n = sysread($c, my $chunk, 4096);
            last unless $n;
            $req .= $chunk;
            last if $req =~ /\r?\n\r?\n/;
        }
        my ($path, $query) = $req =~ m{^GET (/[^? ]*)(?:\?(\S*))? HTTP}
            or do { close $c; next };
        my %q;
        for (split /&/, $query // '') {
            my ($k, $v) = split /=/, $_, 2;
            $v //= '';
            $v =~ s/\+/ /g;
            $v =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
            $q{$k} = $v;
        }
        my ($auth) = $req =~ /^Authorization:[ \t]*([^\r\n]*)/mi;
        my $who = !defined $auth ? 'anon'
                  : $auth eq $acct ? 'acct' : 'LEAK';
        $who = 'LEAK'
            if $req =~ /^(Cookie|Proxy-Authorization|X-Registry-Auth):/mi;
        my $svc = $q{service} // 'nosvc';
        my $scope = $q{scope} // '';
        my $n = ++$count{"$svc $scope"};
        my $repo = 'none';
        if ($scope =~ /^repository:(.+):pull$/) {
            ($repo = $1) =~ tr{/}{_};
        } elsif ($scope ne '') {
            $repo = 'BADSCOPE';
        }
        my $tok = "$svc.$repo.$n.$who";
        my @t = gmtime;
        my $now = sprintf('%04d-%02d-%02dT%02d:%02d:%02dZ', $t[5] + 1900,
                          $t[4] + 1, @t[3, 2, 1, 0]);
        my ($status, $body) = (200,
            qq({"token":"$tok","expires_in":300,"issued_at":"$now"}));

        if ($path eq '/token-short') {
            $body = qq({"token":"$tok","expires_in":2});
        } elsif ($path eq '/oauth') {
            $body = qq({"access_token":"$tok"});
        } elsif ($path eq '/sleepy') {
            sleep 3;
        } elsif ($path eq '/garbage') {
            $body = "<html>sign in</html>";
        } elsif ($path eq '/huge') {
            $body = '{"token":"' . ('a' x 40000) . '"}';
        } elsif ($path eq '/fail') {
            ($status, $body) = (500, "down for maintenance");
        } elsif ($path eq '/private' && $who ne 'acct') {
            ($status, $body) = (401, '{"details":"incorrect username"}');
        } elsif ($path !~ m{^/(token|private)$}) {
            ($status, $body) = (404, "no such realm");
        }
        print $c "HTTP/1.1 $status X\r\nContent-Type: application/json\r\n"
                 . "Content-Length: " . length($body) . "\r\n"
                 . "Connection: close\r\n\r\n$body";
        close $c;
    }
    POSIX::_exit(0);
}
push @kids, $pid;

END {
    local $?;    # the file's exit status, not the servers'
    if ($$ == $parent) {
        for my $k (@kids) {
            kill 'TERM', $k;
            waitpid $k, 0;
        }
    }
}

no_root_location();
no_shuffle();

# The registry: every repository below /v2/library/ wants a token of its
# own scope from the realm its challenge names; the service is the
# block's, so that the realm's counts start at 1 in each block
add_block_preprocessor(sub {
    my $block = shift;
    my ($n) = $block->name =~ /TEST (\d+)/;
    my $svc = "b" . ($n // 0);
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=blobs:1m;
    resolver 127.0.0.1:$TEST_NGINX_DNS_PORT ipv6=off valid=1s;
    resolver_timeout 3s;

    upstream realm-up   { server 127.0.0.1:$TEST_NGINX_REALM_PORT; }
    upstream realm-down { server 127.0.0.1:$TEST_NGINX_DOWN_PORT; }
    upstream realm-else { server 127.0.0.1:$TEST_NGINX_REALM_PORT; }
    upstream cdn-up     { server 127.0.0.1:$TEST_NGINX_CDN_PORT; }

    map $uri $reg_repo {
        ~^/v2/library/(?<r>[a-z]+)/  library_$r;
        ~^/v2/private/app/           private_app;
        default                      none;
    }

    map $uri $reg_realm {
        ~^/v2/library/short/      "http://realm-up/token-short";
        ~^/v2/library/oauth/      "http://realm-up/oauth";
        ~^/v2/library/sleepy/     "http://realm-up/sleepy";
        ~^/v2/library/unlisted/   "http://realm-else/token";
        ~^/v2/library/loopname/   "http://realm.test:$TEST_NGINX_REALM_PORT/token";
        ~^/v2/library/literal/    "http://127.0.0.1:$TEST_NGINX_REALM_PORT/token";
        ~^/v2/library/garbage/    "http://realm-up/garbage";
        ~^/v2/library/huge/       "http://realm-up/huge";
        ~^/v2/library/fail/       "http://realm-up/fail";
        ~^/v2/library/down/       "http://realm-down/token";
        ~^/v2/private/            "http://realm-up/private";
        default                   "http://realm-up/token";
    }

    # the scope the registry names in its challenge: another repository's
    # for library/other, as a registry that chose wrong would
    map $uri $reg_scope {
        ~^/v2/library/other/      ",scope=\"repository:library/alpine:pull\"";
        ~^/v2/library/(?<r>[a-z]+)/  ",scope=\"repository:library/$r:pull\"";
        ~^/v2/private/app/        ",scope=\"repository:private/app:pull\"";
        default                   "";
    }

    map "$http_authorization|$reg_repo" $reg_ok {
        "~^Bearer __SVC__\.(?<r>[a-z_]+)\.[0-9]+\.(anon|acct)\|\k<r>$"  1;
        default  "";
    }

    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        default_type application/json;
        absolute_redirect off;

        location / {
            add_header X-Reg-Auth "[$http_authorization]" always;
            add_header X-Reg-Cookie "[$http_cookie]" always;

            if ($reg_ok = "") {
                add_header X-Reg-Auth "[$http_authorization]" always;
                add_header WWW-Authenticate 'Basic realm="registry", Bearer realm="$reg_realm",service="__SVC__"$reg_scope' always;
                return 401 '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}\n';
            }

            return 200 '{"repo":"$reg_repo","uri":"$uri"}\n';
        }

        # auth_request's backend in TEST 15
        location = /check-session {
            if ($http_cookie = "session=ok") {
                return 204;
            }
            return 401;
        }

        # TEST 16: a 401 the mirror cannot answer with a token
        location /v2/library/basic-only/ {
            add_header WWW-Authenticate 'Basic realm="registry"' always;
            return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}\n';
        }
        location /v2/library/no-challenge/ {
            return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}\n';
        }

        location /v2/library/never/ {
            add_header WWW-Authenticate 'Bearer realm="http://realm-up/token",service="__SVC__"' always;
            return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}\n';
        }

        # TEST 17: a 401 that carries a Location of its own
        location /v2/library/leaky/ {
            add_header X-Reg-Auth "[$http_authorization]" always;

            if ($reg_ok = "") {
                add_header WWW-Authenticate 'Bearer realm="http://realm-up/token",service="__SVC__",scope="repository:library/leaky:pull"' always;
                add_header Location "/leaked" always;
                return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}\n';
            }

            return 200 '{"repo":"$reg_repo","uri":"$uri"}\n';
        }

        location /v2/library/cdn/blobs/ {
            add_header X-Reg-Auth "[$http_authorization]" always;

            if ($reg_ok = "") {
                add_header WWW-Authenticate 'Bearer realm="http://realm-up/token",service="__SVC__",scope="repository:library/cdn:pull"' always;
                return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}\n';
            }

            return 307 http://cdn-up/layers$uri?sig=abc;
        }
    }

    server {
        listen 127.0.0.1:$TEST_NGINX_CDN_PORT;
        default_type application/octet-stream;
        add_header X-CDN-Auth "[$http_authorization|$http_cookie]" always;

        location /layers/ {
            return 200 "layer bytes $uri\n";
        }
    }
_EOC_
    $common =~ s/__SVC__/$svc/g;
    $block->set_value("http_config", $common . ($block->http_config // ''));
    if (!($block->can("no_snippet") && $block->no_snippet)) {
        $block->set_value("config", ($block->config // '') . $snippets);
    }
});

run_tests();

__DATA__

=== TEST 1: a pull with no client credentials: the mirror fetches an anonymous token for the repository (the realm once for the scope), the client's credentials reach neither the registry nor the realm, the manifest is a HIT the second time
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- more_headers
Authorization: Bearer client-secret
Cookie: session=1
--- request eval
["GET /v2/library/alpine/manifests/3.19",
 "GET /v2/alpine/blobs/sha256:1111111111111111111111111111111111111111111111111111111111111111",
 "GET /v2/library/alpine/manifests/3.19"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-Reg-Auth: [Bearer b1.library_alpine.1.anon]\nX-Reg-Cookie: []\nX-Cache-Status: MISS\n!WWW-Authenticate",
 "X-Reg-Auth: [Bearer b1.library_alpine.1.anon]\nX-Reg-Cookie: []\nX-Cache-Status: MISS\n!WWW-Authenticate",
 "X-Reg-Auth: [Bearer b1.library_alpine.1.anon]\nX-Cache-Status: HIT"]
--- response_body eval
["{\"repo\":\"library_alpine\",\"uri\":\"/v2/library/alpine/manifests/3.19\"}\n",
 "{\"repo\":\"library_alpine\",\"uri\":\"/v2/library/alpine/blobs/sha256:1111111111111111111111111111111111111111111111111111111111111111\"}\n",
 "{\"repo\":\"library_alpine\",\"uri\":\"/v2/library/alpine/manifests/3.19\"}\n"]
--- no_error_log
[error]



=== TEST 2: the /v2/ check answers 200 from the mirror: a token with no scope
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/
--- error_code: 200
--- response_headers
X-Reg-Auth: [Bearer b2.none.1.anon]
--- response_body
{"repo":"none","uri":"/v2/"}
--- no_error_log
[error]



=== TEST 3: the scope is the repository the module checked, never the one the registry's challenge names (library/alpine for library/other)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/other/manifests/1
--- error_code: 200
--- response_headers
X-Reg-Auth: [Bearer b3.library_other.1.anon]
--- no_error_log
[error]



=== TEST 4: a token is kept for its lifetime only (expires_in 2): after it, the realm is asked again; access_token (OAuth2) is read too
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/short/manifests/1",
 "GET /v2/library/short/manifests/2",
 "GET /v2/library/sleepy/manifests/1",
 "GET /v2/library/short/manifests/3",
 "GET /v2/library/oauth/manifests/1"]
--- error_code eval
[200, 200, 200, 200, 200]
--- response_headers eval
["X-Reg-Auth: [Bearer b4.library_short.1.anon]",
 "X-Reg-Auth: [Bearer b4.library_short.1.anon]",
 "X-Reg-Auth: [Bearer b4.library_sleepy.1.anon]",
 "X-Reg-Auth: [Bearer b4.library_short.2.anon]",
 "X-Reg-Auth: [Bearer b4.library_oauth.1.anon]"]
--- no_error_log
[error]
--- timeout: 15



=== TEST 5: a realm on a host the place does not list is refused: 502 in Docker's format, never stored
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/unlisted/manifests/1", "GET /v2/library/unlisted/manifests/1"]
--- error_code eval
[502, 502]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: no token: the registry's token realm is on a host that pkg_reroute_docker_token does not list \\(realm-else\\)",
 "X-Pkg-Reroute-Reason: no token: .*does not list.*"]
--- response_body_like eval
["^\\{\"errors\":\\[\\{\"code\":\"[A-Z_]+\",\"message\":\"no token: the registry's token realm is on a host",
 "^\\{\"errors\""]
--- error_log
does not list (realm-else)



=== TEST 6: a realm whose name resolves to a loopback address is refused without allow_address=, fetched with it; an address literal is refused
--- config
    location /v2/library/loopname/ {
        pkg_reroute docker;
        pkg_reroute_docker_token realm.test;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /v2/library/literal/ {
        pkg_reroute docker;
        pkg_reroute_docker_token realm.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
    location /allowed/ {
        pkg_reroute docker prefix=/allowed;
        pkg_reroute_docker_token realm.test allow_address=127.0.0.0/8;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/loopname/manifests/1",
 "GET /v2/library/literal/manifests/1",
 "GET /allowed/v2/library/loopname/manifests/1"]
--- error_code eval
[502, 502, 200]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: no token: the token realm's host realm.test resolves to 127.0.0.1, a loopback address",
 "X-Pkg-Reroute-Reason: no token: the registry.s token realm is an address, not a host name .127.0.0.1.",
 "X-Reg-Auth: \\[Bearer b6.library_loopname.1.anon\\]"]



=== TEST 7: a token service that fails, is down, or answers what is not a token (HTML, 40 KB): 502 in Docker's format, never stored
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up realm-down;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
    }
--- request eval
["GET /v2/library/fail/manifests/1",
 "GET /v2/library/down/manifests/1",
 "GET /v2/library/garbage/manifests/1",
 "GET /v2/library/huge/manifests/1",
 "GET /v2/library/garbage/manifests/1"]
--- error_code eval
[502, 502, 502, 502, 502]
--- response_headers_like eval
["X-Pkg-Reroute-Reason: no token: the token realm answered 500",
 "X-Pkg-Reroute-Reason: no token: the token realm answered 502",
 "X-Pkg-Reroute-Reason: no token: the token realm answered not JSON",
 "X-Pkg-Reroute-Reason: no token: the token realm answered more than 16384 bytes",
 "X-Pkg-Reroute-Reason: no token: the token realm answered not JSON"]
--- response_body_like eval
["^\\{\"errors\":", "^\\{\"errors\":", "^\\{\"errors\":", "^\\{\"errors\":", "^\\{\"errors\":"]



=== TEST 8: a registry that refuses the token its realm gave: 502 token-refused, the 401 never reaches the client nor the cache
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/never/manifests/1", "GET /v2/library/never/manifests/1"]
--- error_code eval
[502, 502]
--- response_headers eval
["X-Pkg-Reroute-Reason: token-refused\nX-Cache-Status: MISS\n!WWW-Authenticate",
 "X-Pkg-Reroute-Reason: token-refused\nX-Cache-Status: MISS\n!WWW-Authenticate"]
--- error_log
the registry refused the token its realm gave



=== TEST 9: the token goes to the registry only: a blob's redirect to the CDN is followed without it, and cached
--- config
    add_header X-Cache-Status $upstream_cache_status always;

    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_follow cdn-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- more_headers
Authorization: Bearer client-secret
--- request eval
["GET /v2/library/cdn/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222",
 "GET /v2/library/cdn/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-CDN-Auth: [|]\nX-Cache-Status: MISS\n!Location",
 "X-CDN-Auth: [|]\nX-Cache-Status: HIT"]
--- response_body eval
["layer bytes /layers/v2/library/cdn/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222\n",
 "layer bytes /layers/v2/library/cdn/blobs/sha256:2222222222222222222222222222222222222222222222222222222222222222\n"]
--- no_error_log
[error]



=== TEST 10: a private image with the operator's account: fetched with the account's token, served (from the cache too) only to users the mirror authenticates with auth_basic, who get a Basic challenge
--- user_files
>>> htpasswd
alice:{PLAIN}wonderland
>>> hub.account
acct:s3cret
--- config
    location / {
        auth_basic "docker mirror";
        auth_basic_user_file ../html/htpasswd;
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up account=../html/hub.account;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/", "GET /v2/private/app/manifests/1", "GET /v2/private/app/manifests/1", "GET /v2/private/app/manifests/1", "GET /v2/private/app/manifests/1"]
--- more_headers eval
["", "Authorization: Basic YWxpY2U6d29uZGVybGFuZA==", "", "Authorization: Basic YWxpY2U6d3Jvbmc=", "Authorization: Basic YWxpY2U6d29uZGVybGFuZA=="]
--- error_code eval
[401, 200, 401, 401, 200]
--- response_headers eval
["WWW-Authenticate: Basic realm=\"docker mirror\"",
 "X-Reg-Auth: [Bearer b10.private_app.1.acct]\nX-Cache-Status: MISS",
 "!X-Reg-Auth",
 "!X-Reg-Auth",
 "X-Reg-Auth: [Bearer b10.private_app.1.acct]\nX-Cache-Status: HIT"]



=== TEST 11: pkg_reroute_client_credentials forward: a client's own credentials go upstream and its 401 comes back, never cached; without them the mirror's token flow runs, and what it fetches is not cached either (an Authorization went upstream)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        pkg_reroute_client_credentials forward;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_bypass $pkg_reroute_credentials;
        proxy_no_cache $pkg_reroute_credentials;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/alpine/manifests/1", "GET /v2/library/alpine/manifests/1"]
--- more_headers eval
["Authorization: Bearer client-secret", ""]
--- error_code eval
[401, 200]
--- response_headers eval
["X-Reg-Auth: [Bearer client-secret]\nX-Cache-Status: BYPASS",
 "X-Reg-Auth: [Bearer b11.library_alpine.1.anon]\nX-Cache-Status: BYPASS"]



=== TEST 12: HEAD of a manifest goes through the token flow too
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
HEAD /v2/library/alpine/manifests/3.19
--- error_code: 200
--- response_headers
X-Reg-Auth: [Bearer b12.library_alpine.1.anon]
--- no_error_log
[error]



=== TEST 13: a place without pkg_reroute_docker_token passes the registry's 401 on, as before
--- config
    location / {
        pkg_reroute docker;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/alpine/manifests/3.19
--- error_code: 401
--- response_headers_like
WWW-Authenticate: Basic realm="registry", Bearer realm="http://realm-up/token",service="b13",scope="repository:library/alpine:pull"



=== TEST 14: the token location is internal: a client cannot reach it
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /.pkg-reroute/docker-token
--- error_code: 404



=== TEST 15: users signed in by auth_request with a cookie (its backend reads the request's headers): the retry with the token passes the access phase again with the cookie as it came; the cookie goes no further
--- config
    location = /auth {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT/check-session;
        proxy_pass_request_body off;
        proxy_set_header Content-Length "";
    }
    location / {
        auth_request /auth;
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request eval
["GET /v2/library/alpine/manifests/1", "GET /v2/library/alpine/manifests/1"]
--- more_headers eval
["Cookie: session=ok", "Cookie: session=no"]
--- error_code eval
[200, 401]
--- response_headers eval
["X-Reg-Auth: [Bearer b15.library_alpine.1.anon]\nX-Reg-Cookie: []", "!X-Reg-Auth"]



=== TEST 16: a registry 401 with no Bearer challenge the mirror can follow (Basic only, or none): 502 no-challenge in Docker's format, logged, never stored; the registry's challenge never reaches the client
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache blobs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid any 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/basic-only/manifests/1", "GET /v2/library/basic-only/manifests/1",
 "GET /v2/library/no-challenge/manifests/1"]
--- error_code eval
[502, 502, 502]
--- response_headers eval
["X-Pkg-Reroute-Reason: no-challenge\nX-Cache-Status: MISS\n!WWW-Authenticate",
 "X-Pkg-Reroute-Reason: no-challenge\nX-Cache-Status: MISS\n!WWW-Authenticate",
 "X-Pkg-Reroute-Reason: no-challenge\nX-Cache-Status: MISS\n!WWW-Authenticate"]
--- response_body_like eval
["^\\{\"errors\":", "^\\{\"errors\":", "^\\{\"errors\":"]
--- error_log
the registry asked for credentials without a Bearer challenge



=== TEST 17: a registry 401 that carries a Location: none of the 401's headers reaches the answer the token got
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- request
GET /v2/library/leaky/manifests/1
--- error_code: 200
--- response_headers
X-Reg-Auth: [Bearer b17.library_leaky.1.anon]
!Location
!WWW-Authenticate
--- response_body
{"repo":"library_leaky","uri":"/v2/library/leaky/manifests/1"}
--- no_error_log
[error]



=== TEST 18: the token location is the exact location token.conf defines: a regex location of the same text is not it, nginx -t fails (it passed, and the flow went to the regex location)
--- no_snippet: 1
--- config
    location ~ /.pkg-reroute/docker-token {
        internal;
        return 404;
    }
    location / {
        pkg_reroute docker;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
    }
--- must_die
--- error_log
"pkg_reroute_docker_token" needs the location /.pkg-reroute/docker-token in its server
