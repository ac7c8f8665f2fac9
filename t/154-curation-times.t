# Curation (issue 10 item 3): publication times that cost a fetch. A
# Docker manifest by tag and a Hugging Face download by revision carry no
# time; in a cache-mode place with a cooldown or a cutoff the module looks
# it up before the verdict, through the place itself (subrequests, so the
# cache and the Docker token flow apply): the manifest, an index's
# linux/amd64 manifest, the image config's "created" (or an
# org.opencontainers.image.created annotation, no more fetches); the Hub's
# revision API's "lastModified". What fails leaves the time unknown:
# missing= decides.
#
# Ports, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_REGISTRY_PORT  the registry and the Hub (nginx, below),
#                                  its access log served by the mirror at
#                                  /reglog: what the upstream was asked
#   P+2  TEST_NGINX_MUTE_PORT      a registry that takes connections and
#                                  never answers (this file runs it)
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET;
use IO::Select;
use POSIX ();

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_REGISTRY_PORT} = $port + 1;
$ENV{TEST_NGINX_MUTE_PORT}     = $port + 2;

my $parent = $$;
my $mute = fork();
die "fork: $!" unless defined $mute;

if ($mute == 0) {
    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                  LocalPort => $ENV{TEST_NGINX_MUTE_PORT},
                                  Proto => 'tcp', Listen => 16,
                                  ReuseAddr => 1)
        or POSIX::_exit(1);
    my $sel = IO::Select->new($l);
    my @held;
    my $until = time + 300;

    while (time < $until && getppid() == $parent) {
        next unless $sel->can_read(0.5);
        my $c = $l->accept or next;
        push @held, $c;
        shift @held if @held > 32;
    }
    POSIX::_exit(0);
}

END {
    local $?;    # the file's exit status, not the server's
    if ($$ == $parent && $mute) {
        kill 'TERM', $mute;
        waitpid $mute, 0;
    }
}

my $here = $0;
$here =~ s{[^/]*$}{};
my $snippets = '';
for my $f ('token.conf') {
    local (@ARGV, $/) = ("${here}../conf.d-examples/pkg-reroute/$f");
    $snippets .= <> // '';
}

our $DY = "sha256:" . ("a" x 64);

no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $common = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=reg:1m;
    log_format reglog '$request_uri $status';

    upstream realm-up { server 127.0.0.1:$TEST_NGINX_REGISTRY_PORT; }

    map $http_authorization $reg_ok {
        "Bearer good-token"  1;
        default              "";
    }

    server {
        listen 127.0.0.1:$TEST_NGINX_REGISTRY_PORT;
        default_type application/json;
        absolute_redirect off;
        access_log logs/reglog reglog;

        location = /token {
            return 200 '{"token":"good-token","expires_in":300}';
        }

        # a repository that wants a token, as Docker Hub's every one
        location /v2/library/tok/ {
            if ($reg_ok = "") {
                add_header WWW-Authenticate 'Bearer realm="http://realm-up/token",service="reg",scope="repository:library/tok:pull"' always;
                return 401 '{"errors":[{"code":"UNAUTHORIZED"}]}';
            }
            rewrite ^/v2/library/tok/manifests/1.0$ /v2/library/young/manifests/1.0 last;
            rewrite ^/v2/library/tok/blobs/(.*)$ /v2/library/young/blobs/$1 last;
            return 404;
        }

        location = /v2/library/redirected/blobs/sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff {
            return 307 /elsewhere;
        }

        location = /v2/library/big/blobs/sha256:1111111111111111111111111111111111111111111111111111111111111111 {
            default_type application/octet-stream;
            root html;
            try_files /big.json =404;
        }

        location = /v2/library/young/manifests/1.0 {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},"layers":[]}';
        }
        location = /v2/library/old/manifests/1.0 {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},"layers":[]}';
        }
        location = /v2/library/multi/manifests/2 {
            default_type application/vnd.docker.distribution.manifest.list.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":100,"digest":"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","platform":{"architecture":"arm64","os":"linux"}},{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":100,"digest":"sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","platform":{"architecture":"amd64","os":"linux"}}]}';
        }
        location = /v2/library/multi/manifests/sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},"layers":[]}';
        }
        location = /v2/library/multi/manifests/sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},"layers":[]}';
        }
        location = /v2/library/annot/manifests/1 {
            default_type application/vnd.oci.image.index.v1+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":100,"digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","platform":{"architecture":"amd64","os":"linux"},"annotations":{"org.opencontainers.image.created":"2099-01-01T00:00:00Z"}}]}';
        }
        location = /v2/library/nocreated/manifests/1 {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"},"layers":[]}';
        }
        location = /v2/library/redirected/manifests/1 {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},"layers":[]}';
        }
        location = /v2/library/big/manifests/1 {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111"},"layers":[]}';
        }
        location = /v2/library/young/blobs/sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa {
            default_type application/octet-stream;
            return 200 '{"architecture":"amd64","os":"linux","created":"2099-01-01T00:00:00.123456789Z","config":{}}';
        }
        location = /v2/library/multi/blobs/sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa {
            default_type application/octet-stream;
            return 200 '{"architecture":"amd64","os":"linux","created":"2099-01-01T00:00:00.123456789Z","config":{}}';
        }
        location = /v2/library/tok/blobs/sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa {
            default_type application/octet-stream;
            return 200 '{"architecture":"amd64","os":"linux","created":"2099-01-01T00:00:00.123456789Z","config":{}}';
        }
        location = /v2/library/old/blobs/sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb {
            default_type application/octet-stream;
            return 200 '{"architecture":"amd64","os":"linux","created":"2020-01-01T00:00:00Z","config":{}}';
        }
        location = /v2/library/multi/blobs/sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb {
            default_type application/octet-stream;
            return 200 '{"architecture":"amd64","os":"linux","created":"2020-01-01T00:00:00Z","config":{}}';
        }
        location = /v2/library/nocreated/blobs/sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee {
            default_type application/octet-stream;
            return 200 '{"architecture":"amd64","os":"linux"}';
        }

        location = /v2/library/html/manifests/1 {
            default_type application/vnd.docker.distribution.manifest.v2+json;
            return 200 '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"sha256:9999999999999999999999999999999999999999999999999999999999999999"},"layers":[]}';
        }
        location = /v2/library/html/blobs/sha256:9999999999999999999999999999999999999999999999999999999999999999 {
            default_type text/html;
            return 200 "<html>sign in</html>";
        }

        # the Hub: revisions, and the files
        location = /api/models/org/young/revision/main {
            return 200 '{"_id":"x","id":"org/young","sha":"0123456789abcdef0123456789abcdef01234567","lastModified":"2099-01-01T00:00:00.000Z","siblings":[]}';
        }
        location = /api/models/org/old/revision/main {
            return 200 '{"id":"org/old","sha":"0123456789abcdef0123456789abcdef01234567","lastModified":"2020-01-01T00:00:00.000Z"}';
        }
        location = /api/models/gpt2/revision/main {
            return 200 '{"id":"gpt2","lastModified":"2020-01-01T00:00:00.000Z"}';
        }
        location = /api/datasets/org/young/revision/v1.0 {
            return 200 '{"id":"org/young","lastModified":"2099-01-01T00:00:00.000Z"}';
        }
        location = /api/models/org/notime/revision/main {
            return 200 '{"id":"org/notime"}';
        }
        location ~ /(resolve|raw)/ {
            default_type application/octet-stream;
            return 200 "file bytes\n";
        }

        location / {
            return 404 '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}';
        }
    }
_EOC_
    $block->set_value("http_config", $common . ($block->http_config // ''));
    $block->set_value("config", ($block->config // '') . $snippets . <<'_EOC_');
    # a pause: the mute registry, 2 s
    location = /pause {
        proxy_pass http://127.0.0.1:$TEST_NGINX_MUTE_PORT;
        proxy_read_timeout 2s;
    }

    location = /reglog {
        default_type text/plain;
        root logs;
    }
_EOC_
});

run_tests();

__DATA__
=== TEST 1: a Docker tag under a cooldown: the image config's created says the young image is 2099's (403, with the reason, GET and HEAD), the old one 2020's (200, then a HIT); the manifest and the config blob are each fetched from the registry once
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/young/manifests/1.0",
 "HEAD /v2/library/young/manifests/1.0",
 "GET /v2/library/old/manifests/1.0",
 "GET /v2/library/old/manifests/1.0",
 "GET /reglog"]
--- error_code eval
[403, 403, 200, 200, 200]
--- response_headers_like eval
["X-Verdict: block\\|library/young\@1.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: block\\|library/young\@1.0 was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: allow\\|\nX-Cache-Status: HIT",
 "X-Verdict: allow\\|\nX-Cache-Status: HIT",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/was published 2099-01-01T00:00:00Z/,
 qr/^$/,
 qr/"schemaVersion":2/,
 qr/"schemaVersion":2/,
 qr{\A/v2/library/young/manifests/1.0 200\n/v2/library/young/blobs/sha256:a{64} 200\n/v2/library/old/manifests/1.0 200\n/v2/library/old/blobs/sha256:b{64} 200\n\z}]
--- no_error_log
no publication time
[alert]

=== TEST 2: a manifest list: the linux/amd64 image is judged (young), not the first entry (an old arm64 image); an index annotated with org.opencontainers.image.created is judged by it, with no more fetches
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/multi/manifests/2",
 "GET /v2/library/annot/manifests/1",
 "GET /reglog"]
--- error_code eval
[403, 403, 200]
--- response_headers_like eval
["X-Verdict: block\\|library/multi\@2 was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: block\\|library/annot\@1 was published 2099-01-01T00:00:00Z.*",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/published/, qr/published/,
 qr{\A/v2/library/multi/manifests/2 200\n/v2/library/multi/manifests/sha256:d{64} 200\n/v2/library/multi/blobs/sha256:a{64} 200\n/v2/library/annot/manifests/1 200\n\z}]
--- no_error_log
no publication time
[alert]

=== TEST 3: an emergency cutoff judges by the same time: the 2020 image is before it, the 2099 one after
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cutoff 2026-01-01;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/old/manifests/1.0",
 "GET /v2/library/young/manifests/1.0"]
--- error_code eval
[200, 403]
--- response_headers_like eval
["X-Verdict: allow\\|",
 "X-Verdict: block\\|library/young\@1.0 was published 2099-01-01T00:00:00Z, after the cutoff 2026-01-01T00:00:00Z"]
--- no_error_log
no publication time
[alert]

=== TEST 4: a config without created: no time, missing=allow lets the tag through (the registry's own answer)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/nocreated/manifests/1
--- error_code: 200
--- error_log
no publication time for docker "library/nocreated" 1: the image config: a config without a "created" instant (the cooldown's missing= decides)
--- no_error_log
[alert]
[crit]

=== TEST 5: a config without created: no time, missing=deny refuses the tag
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/nocreated/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/nocreated@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log
no publication time for docker "library/nocreated" 1: the image config: a config without a "created" instant
--- no_error_log
[alert]
[crit]

=== TEST 6: a config blob the registry redirects: no time, missing=allow lets the tag through (the registry's own answer)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/redirected/manifests/1
--- error_code: 200
--- error_log
no publication time for docker "library/redirected" 1: the image config answered 307 (the cooldown's missing= decides)
--- no_error_log
[alert]
[crit]

=== TEST 7: a config blob the registry redirects: no time, missing=deny refuses the tag
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/redirected/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/redirected@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log
no publication time for docker "library/redirected" 1: the image config answered 307
--- no_error_log
[alert]
[crit]

=== TEST 8: a config blob over 1 MB: no time, missing=allow lets the tag through (the registry's own answer)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- user_files eval
">>> big.json\n" . ("{\"created\":\"2020-01-01T00:00:00Z\",\"x\":\"" . ("x" x 1100000) . "\"}\n")
--- request
GET /v2/library/big/manifests/1
--- error_code: 200
--- error_log
no publication time for docker "library/big" 1: the image config is over 1048576 bytes (the cooldown's missing= decides)
--- no_error_log
[alert]
[crit]

=== TEST 9: a config blob over 1 MB: no time, missing=deny refuses the tag
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- user_files eval
">>> big.json\n" . ("{\"created\":\"2020-01-01T00:00:00Z\",\"x\":\"" . ("x" x 1100000) . "\"}\n")
--- request
GET /v2/library/big/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/big@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log
no publication time for docker "library/big" 1: the image config is over 1048576 bytes
--- no_error_log
[alert]
[crit]

=== TEST 10: a tag the registry does not have: no time, missing=allow lets the tag through (the registry's own answer)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/gone/manifests/1
--- error_code: 404
--- error_log
no publication time for docker "library/gone" 1: the manifest answered 404 (the cooldown's missing= decides)
--- no_error_log
[alert]
[crit]

=== TEST 11: a tag the registry does not have: no time, missing=deny refuses the tag
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/gone/manifests/1
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/gone@1 has no publication time \(missing=deny; cooldown 7 days\)
--- error_log
no publication time for docker "library/gone" 1: the manifest answered 404
--- no_error_log
[alert]
[crit]

=== TEST 12: a manifest by digest is not judged by time (the tag that named it was): no lookup, even with missing=deny
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/young/manifests/sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
 "GET /reglog"]
--- error_code eval
[404, 200]
--- response_body_like eval
[qr/MANIFEST_UNKNOWN/,
 qr{\A/v2/library/young/manifests/sha256:a{64} 404\n\z}]
--- no_error_log
no publication time
[alert]

=== TEST 13: a repository that wants a token: the lookup's 401 has the request do the token flow (pkg_reroute_docker_token) and come back; the lookup then goes with the token and finds the young image; the client never sees the 401
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/tok/manifests/1.0",
 "GET /v2/library/tok/manifests/1.0",
 "GET /reglog"]
--- error_code eval
[403, 403, 200]
--- response_headers_like eval
["X-Verdict: block\\|library/tok\@1.0 was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: block\\|library/tok\@1.0 was published 2099-01-01T00:00:00Z.*",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/published/, qr/published/,
 qr{\A/v2/library/tok/manifests/1.0 401\n/token\?service=reg&scope=repository:library/tok:pull 200\n/v2/library/tok/manifests/1.0 200\n/v2/library/tok/blobs/sha256:a{64} 200\n\z}]
--- no_error_log
no publication time
[alert]

=== TEST 14: no cooldown, no cutoff: nothing is looked up (the tag is fetched once, by the request itself)
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_malicious off;
        pkg_reroute_docker_token realm-up;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /v2/library/young/manifests/1.0",
 "GET /reglog"]
--- error_code eval
[200, 200]
--- response_body_like eval
[qr/schemaVersion/,
 qr{\A/v2/library/young/manifests/1.0 200\n\z}]
--- no_error_log
no publication time
[alert]

=== TEST 15: Hugging Face: a download by revision is judged by the revision's lastModified (the revision API through the place): young model and dataset refused, old and legacy one-part ids served
--- config
    location / {
        pkg_reroute huggingface;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /org/young/resolve/main/config.json",
 "HEAD /org/young/resolve/main/config.json",
 "GET /org/old/resolve/main/config.json",
 "GET /gpt2/resolve/main/config.json",
 "GET /datasets/org/young/resolve/v1.0/data.csv",
 "GET /reglog"]
--- error_code eval
[403, 403, 200, 200, 403, 200]
--- response_headers_like eval
["X-Verdict: block\\|org/young\@main was published 2099-01-01T00:00:00Z, in the future; cooldown 7 days",
 "X-Verdict: block\\|org/young\@main was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: allow\\|",
 "X-Verdict: allow\\|",
 "X-Verdict: block\\|datasets/org/young\@v1.0 was published 2099-01-01T00:00:00Z.*",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/published/, qr/^$/, qr/file bytes/, qr/file bytes/, qr/published/,
 qr{\A/api/models/org/young/revision/main 200\n/api/models/org/old/revision/main 200\n/org/old/resolve/main/config.json 200\n/api/models/gpt2/revision/main 200\n/gpt2/resolve/main/config.json 200\n/api/datasets/org/young/revision/v1.0 200\n\z}]
--- no_error_log
no publication time
[alert]

=== TEST 16: Hugging Face: a revision without lastModified, and one with '/' (refs/pr/1, not asked for): no time, missing=deny refuses
--- config
    location / {
        pkg_reroute huggingface;
        pkg_reroute_cooldown 7d missing=deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /org/notime/resolve/main/config.json",
 "GET /org/old/resolve/refs%2Fpr%2F1/config.json"]
--- error_code eval
[403, 403]
--- response_headers_like eval
["X-Verdict: block\\|org/notime\@main has no publication time.*",
 "X-Verdict: block\\|org/old\@refs/pr/1 has no publication time.*"]
--- error_log
no publication time for huggingface "org/
--- no_error_log
[alert]

=== TEST 17: a registry that never answers the lookup: bounded by the place's proxy_read_timeout (1 s), then no time: missing=deny refuses, no hang
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d missing=deny;
        proxy_pass http://127.0.0.1:$TEST_NGINX_MUTE_PORT$pkg_reroute_uri;
        proxy_read_timeout 1s;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request
GET /v2/library/young/manifests/1.0
--- error_code: 403
--- response_headers_like
X-Verdict: block\|library/young@1.0 has no publication time.*
--- error_log
upstream timed out
no publication time for docker "library/young" 1.0: the manifest answered 504
--- no_error_log
[alert]
--- timeout: 10

=== TEST 18: a config blob answered with a sign-in page (200, HTML): no time (missing=allow serves the tag), and the page is not stored: the client's own request for the blob is fetched again and refused by the mime guard, not served from the cache
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/html/manifests/1",
 "GET /v2/library/html/blobs/sha256:9999999999999999999999999999999999999999999999999999999999999999",
 "GET /reglog"]
--- error_code eval
[200, 502, 200]
--- response_body_like eval
[qr/schemaVersion/, qr/HTML page/,
 qr{\A/v2/library/html/manifests/1 200\n/v2/library/html/blobs/sha256:9{64} 200\n/v2/library/html/blobs/sha256:9{64} 200\n\z}]
--- no_error_log
[alert]
[crit]

=== TEST 19: what a lookup stores keeps pkg_reroute_cache_valid's time for its kind (metadata 1s here, though proxy_cache_valid says 10m): after 2 s the tag's manifest is fetched again; the config blob (an artifact) is not
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_cooldown 7d;
        pkg_reroute_cache_valid metadata 1s;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
["GET /v2/library/old/manifests/1.0",
 "GET /pause",
 "GET /v2/library/old/manifests/1.0",
 "GET /reglog"]
--- error_code eval
[200, 504, 200, 200]
--- response_body_like eval
[qr/schemaVersion/, qr/./, qr/schemaVersion/,
 qr{\A/v2/library/old/manifests/1.0 200\n/v2/library/old/blobs/sha256:b{64} 200\n/v2/library/old/manifests/1.0 200\n\z}]
--- no_error_log
[alert]
[crit]
--- timeout: 10

=== TEST 20: Hugging Face mounted under a prefix (pkg_reroute huggingface prefix=/hf): the revision API is asked under the same prefix, through the same place
--- config
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_cooldown 7d;
        proxy_pass http://127.0.0.1:$TEST_NGINX_REGISTRY_PORT$pkg_reroute_uri;
        proxy_cache reg;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Verdict "$pkg_reroute_verdict|$pkg_reroute_verdict_reason" always;
    }
--- request eval
["GET /hf/org/young/resolve/main/config.json",
 "GET /hf/org/old/resolve/main/config.json",
 "GET /reglog"]
--- error_code eval
[403, 200, 200]
--- response_headers_like eval
["X-Verdict: block\\|org/young\@main was published 2099-01-01T00:00:00Z.*",
 "X-Verdict: allow\\|",
 "Content-Type: text/plain"]
--- response_body_like eval
[qr/published/, qr/file bytes/,
 qr{\A/api/models/org/young/revision/main 200\n/api/models/org/old/revision/main 200\n/org/old/resolve/main/config.json 200\n\z}]
--- no_error_log
no publication time
[alert]
