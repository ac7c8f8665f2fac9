# What "nginx -t" says about each configuration mistake: the directive, the
# reason and the exact file:line. Plain Test::More (no Test::Nginx), on
# configurations of its own whose line numbers are known; t/002-config.t
# checks the same messages through Test::Nginx's must_die and error_log,
# with any line number of the runner's generated nginx.conf.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);

my $nginx = $ENV{TEST_NGINX_BINARY} || 'nginx';
# one line: the module (the line numbers below count on it)
my @modules = split ' ', ($ENV{TEST_NGINX_LOAD_MODULES} || '');
BAIL_OUT("TEST_NGINX_LOAD_MODULES names no module") unless @modules == 1;
my $load = "load_module $modules[0];\n";

# [ title, http-level lines, server-level lines, expected stderr pattern,
#   extra files { name => content } ]
my @cases = (
    [ 'unknown rule name', '', 'pkg_reroute npm; pkg_reroute_use nope;',
      qr/\[emerg\] \d+#\d+: unknown pkg_reroute_rule "nope" in pkg_reroute_use in \S+\/nginx\.conf:12$/m ],
    [ 'unknown rule name at http level', 'pkg_reroute_use missing;', 'pkg_reroute pypi;',
      qr/unknown pkg_reroute_rule "missing" in pkg_reroute_use in \S+\/nginx\.conf:9$/m ],
    [ 'bad pattern', 'pkg_reroute_rule r block { ok; "a***b"; }', 'pkg_reroute npm;',
      qr/\[emerg\] \d+#\d+: invalid pattern "a\*\*\*b" in pkg_reroute_rule "r": "\*\*\*" is not a valid wildcard in \S+\/nginx\.conf:9$/m ],
    [ 'pattern with a control character', "pkg_reroute_rule r block { \"a\tb\"; }", 'pkg_reroute npm;',
      qr/invalid pattern "a\tb" in pkg_reroute_rule "r": invalid character in pattern in \S+\/nginx\.conf:9$/m ],
    [ 'bad pattern in an included file', 'pkg_reroute_rule r block { include patterns.txt; }', '',
      qr/invalid pattern "x\*\*\*" in pkg_reroute_rule "r": .* in \S+\/patterns\.txt:2$/m,
      { 'patterns.txt' => "good-one;\n\"x***\";\n" } ],
    [ 'bad redirect status', '', 'pkg_reroute npm; pkg_reroute_redirect https://repo.example.test/npm 301;',
      qr/\[emerg\] \d+#\d+: invalid status "301" in pkg_reroute_redirect, it must be 302, 307 or 308 in \S+\/nginx\.conf:12$/m ],
    [ 'bad redirect URL', '', 'pkg_reroute_redirect repo.example.test/npm;',
      qr/invalid URL "repo\.example\.test\/npm" in pkg_reroute_redirect, it must start with "http:\/\/", "https:\/\/" or "\/" in \S+:12$/m ],
    [ 'two rules in one place', 'pkg_reroute_rule a block { x; } pkg_reroute_rule b allow { y; }',
      "pkg_reroute npm;\npkg_reroute_use a;\npkg_reroute_use b;",
      qr/\[emerg\] \d+#\d+: "pkg_reroute_use" directive is duplicate in \S+\/nginx\.conf:14$/m ],
    [ 'rule defined twice', "pkg_reroute_rule a block { x; }\npkg_reroute_rule a allow { y; }", '',
      qr/\[emerg\] \d+#\d+: duplicate pkg_reroute_rule "a" in \S+\/nginx\.conf:10$/m ],
    [ 'unknown mode', 'pkg_reroute_rule a deny { x; }', '',
      qr/invalid mode "deny" in pkg_reroute_rule "a", it must be "block" or "allow" in \S+:9$/m ],
    [ 'unknown ecosystem', '', 'pkg_reroute maven;',
      qr/unknown ecosystem "maven", it must be one of npm, pypi, docker, huggingface, rubygems, cargo, github, generic or off in \S+\/nginx\.conf:12$/m ],
    [ 'bad prefix parameter', '', 'pkg_reroute npm /npm;',
      qr/invalid parameter "\/npm" in pkg_reroute, it must be "prefix=\/<path>" in \S+:12$/m ],
    [ 'unknown method', '', 'pkg_reroute_methods GET FETCH;',
      qr/invalid method "FETCH" in pkg_reroute_methods in \S+:12$/m ],
    [ 'bad block status', '', 'pkg_reroute_block_status 451;',
      qr/invalid value "451" in pkg_reroute_block_status, it must be "403" or "404" in \S+:12$/m ],
    [ 'bad log level', '', 'pkg_reroute_log_level debug;',
      qr/invalid value "debug" in pkg_reroute_log_level, it must be "info", "notice", "warn" or "error" in \S+:12$/m ],
    [ 'bad client credentials', '', 'pkg_reroute_client_credentials keep;',
      qr/invalid value "keep" in pkg_reroute_client_credentials, it must be "strip" or "forward" in \S+:12$/m ],
    [ 'pkg_reroute_client_credentials twice', '',
      "pkg_reroute_client_credentials strip;\npkg_reroute_client_credentials forward;",
      qr/"pkg_reroute_client_credentials" directive is duplicate in \S+:13$/m ],
    [ 'a version range not of the place\'s ecosystem, in an included file',
      'pkg_reroute_rule r block { include patterns.txt; }', 'pkg_reroute pypi; pkg_reroute_use r;',
      qr/\[emerg\] \d+#\d+: invalid version range "\^1\.2" in pattern "foo\@\^1\.2" of pkg_reroute_rule "r" for pypi: .+ in \S+\/patterns\.txt:2$/m,
      { 'patterns.txt' => "\"foo\@==1.*\";\n\"foo\@^1.2\";\n" } ],
    [ 'pkg_reroute_verdict twice', '', "pkg_reroute_verdict warn;\npkg_reroute_verdict enforce;",
      qr/"pkg_reroute_verdict" directive is duplicate in \S+:13$/m ],
    [ 'bad pkg_reroute_verdict', '', 'pkg_reroute_verdict log;',
      qr/invalid value "log" in "pkg_reroute_verdict" directive, it must be "enforce" or "warn" in \S+:12$/m ],
    [ 'rule outside http', '', 'pkg_reroute_rule a block { x; }',
      qr/"pkg_reroute_rule" directive is not allowed here in \S+:12$/m ],
    [ 'a block inside a rule', 'pkg_reroute_rule a block { x { y; } }', '',
      qr/unexpected "\{" in \S+:9$/m ],
    [ 'rewrite prefix without a final slash', '',
      'pkg_reroute npm; pkg_reroute_rewrite https://registry.example.org http://mirror.test/npm/;',
      qr/invalid URL "https:\/\/registry\.example\.org" in pkg_reroute_rewrite, it must end with "\/" in \S+:12$/m ],
    [ 'pkg_reroute_rewrite_strict twice', '',
      "pkg_reroute_rewrite_strict on;\npkg_reroute_rewrite_strict off;",
      qr/"pkg_reroute_rewrite_strict" directive is duplicate in \S+:13$/m ],
    [ 'pkg_reroute_rewrite_strict not a flag', '', 'pkg_reroute_rewrite_strict warn;',
      qr/invalid value "warn" in "pkg_reroute_rewrite_strict" directive, it must be "on" or "off" in \S+:12$/m ],
    [ 'pkg_reroute_rewrite_max_size twice', '',
      "pkg_reroute_rewrite_max_size 1m;\npkg_reroute_rewrite_max_size 2m;",
      qr/"pkg_reroute_rewrite_max_size" directive is duplicate in \S+:13$/m ],
    [ 'pkg_reroute_rewrite_max_size not a size', '', 'pkg_reroute_rewrite_max_size lots;',
      qr/"pkg_reroute_rewrite_max_size" directive invalid value in \S+:12$/m ],
    [ 'pkg_reroute_rewrite_max_size 0', '', 'pkg_reroute_rewrite_max_size 0;',
      qr/"pkg_reroute_rewrite_max_size" directive must be between 1 and 2g in \S+:12$/m ],
    [ 'bad cache validity kind', '', 'pkg_reroute_cache_valid tarball 1d;',
      qr/invalid kind "tarball" in pkg_reroute_cache_valid, it must be "metadata", "artifact", "404" or "too-large" in \S+:12$/m ],
    [ 'pkg_reroute twice', '', "pkg_reroute npm;\npkg_reroute pypi;",
      qr/"pkg_reroute" directive is duplicate in \S+:13$/m ],
    # pkg_reroute_follow (t/080-follow.t)
    [ 'follow without the hop in the server', '',
      "location /v2/ {\npkg_reroute docker; pkg_reroute_follow cdn.example.com;\nproxy_pass http://127.0.0.1:2; }",
      qr/\[emerg\] \d+#\d+: "pkg_reroute_follow" needs the location \@pkg_reroute_follow in its server: add "include pkg-reroute\/follow\.conf;" to the server \{ \} \(in \S+\/nginx\.conf:13\)$/m ],
    [ 'error_page 30x in a place', '',
      "location /v2/ { pkg_reroute docker; proxy_pass http://127.0.0.1:2;\n"
      . "proxy_intercept_errors on; error_page 301 302 303 307 308 = \@follow; }\n"
      . "location \@follow { proxy_pass \$upstream_http_location; }",
      qr/\[emerg\] \d+#\d+: "error_page 301" in a pkg_reroute place follows upstream redirects unchecked .*use "pkg_reroute_follow" .*\(location "\/v2\/"\)$/m ],
    [ 'error_page 302 inherited by a place', '',
      "error_page 302 = \@x;\nlocation \@x { return 200; }\nlocation / { pkg_reroute npm; }",
      qr/"error_page 302" in a pkg_reroute place follows upstream redirects unchecked/ ],
    [ 'an address as a follow host pattern', '', 'pkg_reroute_follow cdn.example.com 169.254.169.254;',
      qr/invalid host pattern "169\.254\.169\.254" in "pkg_reroute_follow", it must be a host name or "\*\.<domain>" \(never an address\) in \S+:12$/m ],
    [ 'a wildcard in the middle of a follow host pattern', '', 'pkg_reroute_follow a.*.example.com;',
      qr/invalid host pattern "a\.\*\.example\.com" in "pkg_reroute_follow"/ ],
    [ 'follow hops out of range', '', 'pkg_reroute_follow cdn.example.com hops=0;',
      qr/invalid "hops=0" in "pkg_reroute_follow", it must be 1 to 8 in \S+:12$/m ],
    [ 'bad allow_address', '', 'pkg_reroute_follow cdn.example.com allow_address=localhost;',
      qr/invalid "allow_address=localhost" in "pkg_reroute_follow", it must be an address or a CIDR block in \S+:12$/m ],
    [ 'follow twice', '', "pkg_reroute_follow a.example.com;\npkg_reroute_follow b.example.com;",
      qr/"pkg_reroute_follow" directive is duplicate in \S+:13$/m ],
    [ 'follow in a redirect-mode place', '',
      "pkg_reroute docker; pkg_reroute_redirect https://repo.example/docker;\npkg_reroute_follow cdn.example.com;",
      qr/"pkg_reroute_follow" cannot be used with "pkg_reroute_redirect": in redirect mode nothing is fetched \(in \S+\/nginx\.conf:13\)$/m ],

    # pkg_reroute_docker_token (t/143-docker-token.t)
    [ 'docker token without its location', '',
      "location /v2/ {\npkg_reroute docker; pkg_reroute_docker_token auth.example.com;\nproxy_pass http://127.0.0.1:2; }",
      qr/\[emerg\] \d+#\d+: "pkg_reroute_docker_token" needs the location \/\.pkg-reroute\/docker-token in its server: add "include pkg-reroute\/token\.conf;" to the server \{ \} \(in \S+\/nginx\.conf:13\)$/m ],
    [ 'an address as a realm host pattern', '', 'pkg_reroute_docker_token 127.0.0.1;',
      qr/invalid host pattern "127\.0\.0\.1" in "pkg_reroute_docker_token", it must be a host name or "\*\.<domain>" \(never an address\) in \S+:12$/m ],
    [ 'docker token with no realm host', '', 'pkg_reroute_docker_token allow_address=127.0.0.1;',
      qr/"pkg_reroute_docker_token" needs the host names of the token realms it may ask in \S+:12$/m ],
    [ 'docker token twice', '', "pkg_reroute_docker_token a.example.com;\npkg_reroute_docker_token b.example.com;",
      qr/"pkg_reroute_docker_token" directive is duplicate in \S+:13$/m ],
    [ 'docker token in an npm place', '',
      "pkg_reroute npm;\npkg_reroute_docker_token auth.example.com;",
      qr/"pkg_reroute_docker_token" is for a "pkg_reroute docker" place, not npm \(in \S+\/nginx\.conf:13\)$/m ],
    [ 'docker token in a redirect-mode place', '',
      "pkg_reroute docker; pkg_reroute_redirect https://repo.example/docker;\npkg_reroute_docker_token auth.example.com;",
      qr/"pkg_reroute_docker_token" cannot be used with "pkg_reroute_redirect": in redirect mode nothing is fetched \(in \S+\/nginx\.conf:13\)$/m ],
    [ 'docker token account file missing', '',
      'pkg_reroute_docker_token auth.example.com account=no-such.account;',
      qr/"pkg_reroute_docker_token" cannot open the account file "\S+\/no-such\.account" \(2: No such file or directory\) in \S+:12$/m ],
    [ 'docker token account file without a password', '',
      'pkg_reroute_docker_token auth.example.com account=hub.account;',
      qr/the account file "\S+\/hub\.account" of "pkg_reroute_docker_token" must hold "user:password" in \S+:12$/m,
      { 'hub.account' => "just-a-user\n" } ],
);

for my $c (@cases) {
    my ($title, $http, $server, $want, $files) = @$c;
    my $dir = tempdir(CLEANUP => 1);
    mkdir "$dir/$_" for qw(conf logs tmp);
    while (my ($f, $body) = each %{ $files || {} }) {
        open my $fh, '>', "$dir/conf/$f" or die "$f: $!";
        print $fh $body;
        close $fh;
    }
    # the line numbers in the patterns above count from here: http-level
    # lines on line 9, server-level ones from line 12
    my $conf = $load
        . "pid $dir/nginx.pid;\n"
        . "error_log $dir/logs/error.log;\n"
        . "events {}\n"
        . "http {\n"
        . "client_body_temp_path $dir/tmp/b; proxy_temp_path $dir/tmp/p;\n"
        . "fastcgi_temp_path $dir/tmp/f; uwsgi_temp_path $dir/tmp/u;\n"
        . "scgi_temp_path $dir/tmp/s;\n"
        . "$http\n"
        . "server {\n"
        . "listen 127.0.0.1:1;\n"
        . "$server\n"
        . "}\n}\n";
    open my $fh, '>', "$dir/conf/nginx.conf" or die $!;
    print $fh $conf;
    close $fh;

    my $out = `$nginx -t -p $dir/ -c conf/nginx.conf 2>&1`;
    my $status = $?;
    isnt($status, 0, "$title: nginx -t fails");
    like($out, $want, "$title: the message names the directive and file:line")
        or diag($conf);
}

done_testing();
