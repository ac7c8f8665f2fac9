# Herds (issue 9, item 4): many concurrent requests for one object that is
# not in the cache make one upstream fetch, with the settings the examples
# include (conf.d-examples/pkg-reroute/cache.conf, fill.conf), for a
# packument fetched and rewritten through the fill hop and for an artifact.
# With nginx's own lock times (5 s) an upstream slower than the lock lets
# every waiter fetch for itself, and what they fetch is never stored; here
# the times are scaled down (a 1 s upstream, a 0.5 s lock) so that the test
# shows it in a second; and one artifact takes 6 s, longer than nginx's
# lock, to show the snippet's lock waits for it.
#
# Ports and paths, from the server's port P (TEST_NGINX_PORT):
#   P+1  TEST_NGINX_UPSTREAM_PORT  a registry that answers after 1 s (6 s
#                                  for a name with -slow-), a
#                                  connection at a time in parallel, and
#                                  counts what it was asked
#   P+2  TEST_NGINX_HERD_PORT      the herd: GET /fire?n=..&uri=..&up=..
#                                  sends n requests for uri to P at once,
#                                  answers how they were answered (status,
#                                  X-Cache-Status, body length: how many)
#                                  and how often the registry was asked
#                                  for up
#   TEST_NGINX_FILL_SOCK           the fill hop's unix socket, as the
#                                  examples have it (in a temporary
#                                  directory, with the counts)
use Test::Nginx::Socket 'no_plan';
use IO::Socket::INET;
use IO::Select;
use File::Temp ();
use POSIX ();

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;
$ENV{TEST_NGINX_HERD_PORT}     = $port + 2;

my $tmp = File::Temp::tempdir('pkg-herd-XXXXXX', TMPDIR => 1, CLEANUP => 1);
$ENV{TEST_NGINX_FILL_SOCK} = "$tmp/fill.sock";
my $counts = "$tmp/upstream.log";

my $here = $0;
$here =~ s{[^/]*$}{};

sub snippet {
    my $f = "${here}../conf.d-examples/pkg-reroute/" . shift;
    local (@ARGV, $/) = ($f);
    my $s = <>;
    die "cannot read $f\n" unless defined $s;
    return $s;
}

my $cache_conf = snippet('cache.conf');
my $fill_conf = snippet('fill.conf');

my $parent = $$;
my @servers;

# a server on 127.0.0.1:port that handles each connection in a child of
# its own; stops with this file, or after 10 minutes at most
sub serve {
    my ($listen_port, $handler) = @_;
    my $pid = fork();
    die "fork: $!" unless defined $pid;
    return $pid if $pid;

    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                  LocalPort => $listen_port, Listen => 512,
                                  ReuseAddr => 1, Proto => 'tcp')
        or POSIX::_exit(1);
    $SIG{CHLD} = 'IGNORE';
    my $sel = IO::Select->new($l);
    my $until = time + 600;

    while (time < $until && getppid() == $parent) {
        next unless $sel->can_read(0.5);
        my $c = $l->accept or next;
        my $k = fork();
        if (defined $k && $k == 0) {
            close $l;
            alarm 30;
            $handler->($c);
            POSIX::_exit(0);
        }
        close $c;
    }
    POSIX::_exit(0);
}

sub read_head {
    my $c = shift;
    my $line = <$c> // '';
    my %h;
    while (my $l = <$c>) {
        last if $l =~ /^\r?\n$/;
        $h{lc $1} = $2 if $l =~ /^([^:]+):\s*(.*?)\r?$/;
    }
    my ($method, $uri) = split / /, $line;
    return ($method, $uri // '', \%h);
}

sub answer {
    my ($c, $type, $body) = @_;
    print $c "HTTP/1.1 200 OK\r\nContent-Type: $type\r\n"
             . "Content-Length: " . length($body) . "\r\n"
             . "Connection: close\r\n\r\n" . $body;
}

# the registry: a packument or a 1 MB tarball, after 1 s (6 s: -slow-)
push @servers, serve($ENV{TEST_NGINX_UPSTREAM_PORT}, sub {
    my $c = shift;
    my (undef, $uri) = read_head($c);
    open my $log, '>>', $counts or return;
    syswrite $log, "$uri\n";
    close $log;
    sleep($uri =~ /-slow-/ ? 6 : 1);
    if ($uri =~ m{^/([^/]+)/-/}) {
        answer($c, 'application/octet-stream', 'x' x (1 << 20));
        return;
    }
    my $name = substr $uri, 1;
    answer($c, 'application/json',
           qq({"name":"$name","dist-tags":{"latest":"1.0.0"},)
           . qq("versions":{"1.0.0":{"name":"$name","version":"1.0.0",)
           . qq("dist":{"tarball":"http://127.0.0.1:)
           . qq($ENV{TEST_NGINX_UPSTREAM_PORT}/$name/-/$name-1.0.0.tgz"}}}}));
});

sub get {
    my $uri = shift;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Timeout => 5)
        or return "connect-failed";
    print $s "GET $uri HTTP/1.0\r\nHost: localhost\r\n\r\n";
    my $res = do { local $/; <$s> } // '';
    my ($head, $body) = split /\r\n\r\n/, $res, 2;
    my ($status) = ($head // '') =~ m{^HTTP/1\.\d (\d+)};
    my ($cache) = ($head // '') =~ m{^X-Cache-Status: (\S+)}mi;
    return join ' ', $status // 'none', $cache // '-', length($body // '');
}

# the herd: n requests at once, then what they got and what the registry
# was asked
push @servers, serve($ENV{TEST_NGINX_HERD_PORT}, sub {
    my $c = shift;
    my (undef, $uri) = read_head($c);
    my %q = map { split /=/, $_, 2 } split /&/, ($uri =~ /\?(.*)/)[0] // '';
    my $n = $q{n} || 1;

    if ($q{warm}) {            # one request first, then wait
        get($q{uri});
        select undef, undef, undef, $q{warm};
    }

    pipe my $r, my $w or die;
    my @kids;
    for (1 .. $n) {
        my $k = fork();
        if (defined $k && $k == 0) {
            close $r;
            my $line = get($q{uri}) . "\n";
            syswrite $w, $line;
            POSIX::_exit(0);
        }
        push @kids, $k if $k;
    }
    close $w;
    $SIG{CHLD} = 'DEFAULT';
    my %got;
    while (my $l = <$r>) {
        chomp $l;
        $got{$l}++;
    }
    waitpid $_, 0 for @kids;

    open my $log, '<', $counts;
    my $fetches = $log ? grep { $_ eq "$q{up}\n" } <$log> : 0;
    my $body = join('', map { "$_: $got{$_}\n" } sort keys %got)
               . "fetches: $fetches\n";
    answer($c, 'text/plain', $body);
});

END {
    local $?;
    if ($$ == $parent) {
        kill 'TERM', @servers;
        waitpid $_, 0 for @servers;
    }
}

worker_connections(1024);
no_root_location();
no_shuffle();

add_block_preprocessor(sub {
    my $block = shift;
    my $http = <<'_EOC_';
    proxy_cache_path cache_temp levels=1:2 keys_zone=pkgs:1m;
    # the fill hop, as in conf.d-examples/npm-cache.conf
    server {
        listen unix:$TEST_NGINX_FILL_SOCK;
        location / {
            FILL_CONF
            pkg_reroute npm;
            pkg_reroute_rewrite http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT/ http://127.0.0.1:$TEST_NGINX_SERVER_PORT/;
            proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT$pkg_reroute_uri;
        }
    }
_EOC_
    $http =~ s/FILL_CONF/$fill_conf/;
    my $config = ($block->config // '') . <<'_EOC_';
    location = /fire {
        proxy_pass http://127.0.0.1:$TEST_NGINX_HERD_PORT;
        proxy_read_timeout 30s;
    }
_EOC_
    $config =~ s/CACHE_CONF/$cache_conf/;
    $block->set_value("http_config", $http . ($block->http_config // ''));
    $block->set_value("config", $config);
    $block->set_value("timeout", 30);
});

run_tests();

__DATA__

=== TEST 1: 20 cold requests for one packument, with the cache.conf snippet: one fetch and one rewrite, 19 served from the cache
--- config
    location / {
        pkg_reroute npm;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        CACHE_CONF
        proxy_pass http://unix:$TEST_NGINX_FILL_SOCK:$pkg_reroute_uri;
    }
--- request
GET /fire?n=20&uri=/herd-doc-one&up=/herd-doc-one
--- response_body_like
^200 HIT \d+: 19
200 MISS \d+: 1
fetches: 1
--- no_error_log
[error]
fetched again after waiting



=== TEST 2: 20 cold requests for one tarball that takes 6 s (longer than nginx's 5 s lock), with the cache.conf snippet: one fetch, 20 whole bodies
--- config
    location / {
        pkg_reroute npm;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        CACHE_CONF
        proxy_pass http://unix:$TEST_NGINX_FILL_SOCK:$pkg_reroute_uri;
    }
--- request
GET /fire?n=20&uri=/herd-slow-art/-/herd-slow-art-1.0.0.tgz&up=/herd-slow-art/-/herd-slow-art-1.0.0.tgz
--- response_body
200 HIT 1048576: 19
200 MISS 1048576: 1
fetches: 1
--- no_error_log
[error]
fetched again after waiting



=== TEST 3: the herd of issue 9: a lock shorter than the upstream (nginx's 5 s against a 6 s packument, here 0.5 s against 1 s): a waiter whose lock time runs out fetches through the fill hop for itself and does not store what it fetched (the module logs it); beyond the fill hop's 4 rewrite slots a request waits for one (pkg_reroute_rewrite_wait, 30 s): each of the 20 is answered 200, a MISS, or a HIT when it came after the first fill was stored; none 503 busy; the registry is asked once for each MISS (the snippet's lock times, TEST 1, make it one fetch)
--- config
    location / {
        pkg_reroute npm;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        proxy_cache_lock on;
        proxy_cache_lock_timeout 500ms;
        proxy_cache_lock_age 500ms;
        add_header X-Cache-Status $upstream_cache_status always;
        proxy_pass http://unix:$TEST_NGINX_FILL_SOCK:$pkg_reroute_uri;
    }
--- request
GET /fire?n=20&uri=/herd-doc-two&up=/herd-doc-two
--- response_body_like
^(?:200 HIT \d+: \d+
)?200 MISS \d+: (\d+)
fetches: \1
--- error_log
pkg reroute: fetched again after waiting proxy_cache_lock_timeout (500 ms) for another request's fetch, not stored; raise proxy_cache_lock_timeout and proxy_cache_lock_age (pkg-reroute/cache.conf): /herd-doc-two
--- no_error_log
too many documents



=== TEST 4: an expired packument with the cache.conf snippet: one request refreshes it, the other 19 are answered at once from the cache (use_stale updating)
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_cache_valid metadata 1s;
        proxy_cache pkgs;
        proxy_cache_key $pkg_reroute_cache_key;
        CACHE_CONF
        proxy_pass http://unix:$TEST_NGINX_FILL_SOCK:$pkg_reroute_uri;
    }
--- request
GET /fire?n=20&uri=/herd-doc-three&up=/herd-doc-three&warm=2
--- response_body_like
^200 EXPIRED \d+: 1
200 UPDATING \d+: 19
fetches: 2
--- no_error_log
[error]
fetched again after waiting
