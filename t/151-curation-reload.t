# Curation: the policy generation in the cache key. A metadata document
# filtered under one policy is never served after a reload with another:
# $pkg_reroute_cache_key carries the place's policy generation
# ($pkg_reroute_policy) for metadata. Test::Nginx cannot reload nginx
# within a block, so this file runs its own nginx (master and one worker,
# loopback only), reloads it with SIGHUP and stops it with SIGQUIT, by the
# pid it wrote. A Cargo index file (pr_filter_cargo) shows the same for the
# documents filtered without a rewrite.
#
# Ports, from TEST_NGINX_PORT (P): P the mirror, P+1 the "public registry".
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use Time::HiRes qw(sleep time);

my $nginx = $ENV{TEST_NGINX_BINARY} || 'nginx';
my @modules = split ' ', ($ENV{TEST_NGINX_LOAD_MODULES} || '');
BAIL_OUT("TEST_NGINX_LOAD_MODULES names no module") unless @modules == 1;

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
my $reg = $port + 1;
my $dir = tempdir(CLEANUP => !$ENV{KEEP});

# the workers may run as another user (nobody, when the tests run as root)
chmod 0755, $dir;
mkdir "$dir/$_" for qw(conf logs html cache tmp);

my $packument =
    '{"name":"lodash","dist-tags":{"latest":"4.17.21"},"versions":{'
  . join(',', map { '"' . $_ . '":{"name":"lodash","version":"' . $_
                    . '","dist":{"tarball":"http://127.0.0.1:' . $reg
                    . '/lodash/-/lodash-' . $_ . '.tgz"}}' }
              qw(4.17.19 4.17.20 4.17.21))
  . '}}';

open my $fh, '>', "$dir/html/lodash" or die;
print $fh $packument;
close $fh;

# a Cargo sparse index file (filtered by pr_filter_cargo): serde 1.0.199-201
my $index = join '', map { '{"name":"serde","vers":"' . $_ . '","deps":[],'
                           . '"cksum":"aa","features":{},"yanked":false}'
                           . "\n" } qw(1.0.199 1.0.200 1.0.201);
system('mkdir', '-p', "$dir/html/cargo/se/rd") == 0 or die;
open $fh, '>', "$dir/html/cargo/se/rd/serde" or die;
print $fh $index;
close $fh;

sub conf {
    my ($range, $crange) = @_;
    open my $c, '>', "$dir/conf/nginx.conf" or die;
    print $c <<"_EOC_";
load_module $modules[0];
pid $dir/nginx.pid;
error_log $dir/logs/error.log info;
worker_processes 1;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/b; proxy_temp_path $dir/tmp/p;
    fastcgi_temp_path $dir/tmp/f; uwsgi_temp_path $dir/tmp/u;
    scgi_temp_path $dir/tmp/s;
    proxy_cache_path $dir/cache levels=1:2 keys_zone=meta:1m;

    pkg_reroute_rule corp block { "lodash\@$range"; }
    pkg_reroute_rule crates block { "serde\@$crange"; }

    server {
        listen 127.0.0.1:$port;
        server_name mirror;
        pkg_reroute_use corp;

        location / {
            pkg_reroute npm;
            proxy_pass http://127.0.0.1:$port/fill\$pkg_reroute_uri;
            proxy_cache meta;
            proxy_cache_key \$pkg_reroute_cache_key;
            proxy_cache_valid 200 10m;
            add_header X-Cache-Status \$upstream_cache_status always;
            add_header X-Policy \$pkg_reroute_policy always;
            add_header X-Key \$pkg_reroute_cache_key always;
        }

        location /fill/ {
            pkg_reroute npm prefix=/fill;
            pkg_reroute_rewrite http://127.0.0.1:$reg/ http://mirror.test/;
            proxy_pass http://127.0.0.1:$reg\$pkg_reroute_uri;
        }

        location /cargo/ {
            pkg_reroute cargo prefix=/cargo;
            pkg_reroute_use crates;
            proxy_pass http://127.0.0.1:$port/fill-cargo\$pkg_reroute_uri;
            proxy_cache meta;
            proxy_cache_key \$pkg_reroute_cache_key;
            proxy_cache_valid 200 10m;
            add_header X-Cache-Status \$upstream_cache_status always;
        }

        location /fill-cargo/ {
            pkg_reroute cargo prefix=/fill-cargo;
            pkg_reroute_use crates;
            pkg_reroute_rewrite http://127.0.0.1:$reg/ http://mirror.test/;
            proxy_pass http://127.0.0.1:$reg/cargo\$pkg_reroute_uri;
        }
    }

    server {
        listen 127.0.0.1:$reg;
        root $dir/html;
        default_type application/json;
    }
}
_EOC_
    close $c;
}

# one HTTP/1.0 GET, 5 s at most: (status, headers hash, body)
sub get {
    my $path = shift;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Timeout => 5) or return (0, {}, '');
    $s->timeout(5);
    print $s "GET $path HTTP/1.0\r\nHost: mirror\r\n\r\n";
    my $res = '';
    my $end = time + 5;
    while (time < $end) {
        my $n = sysread($s, my $buf, 65536);
        last unless $n;
        $res .= $buf;
    }
    close $s;
    my ($head, $body) = split /\r\n\r\n/, $res, 2;
    return (0, {}, '') unless defined $head;
    my ($status) = $head =~ m{^HTTP/1\.\d (\d+)};
    my %h = map { /^([^:]+):\s*(.*)$/ ? (lc $1, $2) : () } split /\r\n/, $head;
    return ($status, \%h, $body // '');
}

sub nginx_pid {
    open my $p, '<', "$dir/nginx.pid" or return;
    my $pid = <$p>;
    close $p;
    chomp $pid if defined $pid;
    return $pid;
}

conf('<4.17.21', '>=1.0.200');

system($nginx, '-p', "$dir/", '-c', "$dir/conf/nginx.conf") == 0
    or BAIL_OUT("nginx did not start: " . `cat $dir/logs/error.log`);

my $pid;
for (1 .. 50) { last if $pid = nginx_pid(); sleep 0.1; }
BAIL_OUT("no pid file") unless $pid;

my ($st, $h, $body) = get('/lodash');
is($st, 200, 'the packument, first policy');
is($h->{'x-cache-status'}, 'MISS', 'fetched');
like($h->{'x-policy'} // '', qr/^[0-9a-f]{8}$/, 'a policy generation');
like($h->{'x-key'} // '', qr/^npm:[^:]*:mirror:$port\@127\.0\.0\.1:$port\/:\/lodash\|policy:[0-9a-f]{8}$/,
     'the key carries it');
unlike($body, qr/4\.17\.20|4\.17\.19/, 'the blocked versions are hidden');
like($body, qr/"4\.17\.21"/, 'the kept one stays');

my $gen1 = $h->{'x-policy'} // '';

# a Cargo index file: filtered, stored filtered
($st, $h, $body) = get('/cargo/se/rd/serde');
is($st, 200, 'the index file, first policy');
is($h->{'x-cache-status'}, 'MISS', 'fetched');
is($body, (split /(?<=\n)/, $index)[0], 'serde 1.0.200 and 1.0.201 hidden');
($st, $h, $body) = get('/cargo/se/rd/serde');
is($h->{'x-cache-status'}, 'HIT', 'the index file stored, filtered');

($st, $h, $body) = get('/lodash');
is($h->{'x-cache-status'}, 'HIT', 'stored, filtered');

# an artifact's key has no generation: it is judged at the door instead
($st, $h) = get('/lodash/-/lodash-4.17.21.tgz');
like($h->{'x-key'} // '', qr/:\/lodash\/-\/lodash-4\.17\.21\.tgz$/,
     "an artifact's key is as it was");

# the same range written again: the same generation, the entry is used

conf('<4.17.21', '>=1.0.200');
kill 'HUP', $pid;
sleep 1;

($st, $h, $body) = get('/lodash');
is($h->{'x-policy'}, $gen1, 'the same policy, the same generation');
is($h->{'x-cache-status'}, 'HIT', 'and the same entry');

# a new policy: 4.17.19 alone is blocked

conf('<4.17.20', '>=1.0.201');
kill 'HUP', $pid;

my $gen2 = $gen1;
my $end = time + 10;
while (time < $end) {
    ($st, $h, $body) = get('/lodash');
    $gen2 = $h->{'x-policy'} // '';
    last if $gen2 ne $gen1 && $gen2 ne '';
    sleep 0.2;
}

isnt($gen2, $gen1, 'the reload made a new generation');
is($st, 200, 'the packument, second policy');
is($h->{'x-cache-status'}, 'MISS',
   'the document filtered under the old policy is not served');
like($body, qr/"4\.17\.20"/, 'the version the new policy keeps is listed');
unlike($body, qr/4\.17\.19/, 'the one it blocks is not');

($st, $h, $body) = get('/cargo/se/rd/serde');
is($h->{'x-cache-status'}, 'MISS',
   'the index file filtered under the old policy is not served');
is($body, join('', (split /(?<=\n)/, $index)[0, 1]),
   'serde 1.0.200 listed again, 1.0.201 still hidden');

kill 'QUIT', $pid;
for (1 .. 50) { last unless kill 0, $pid; sleep 0.1; }

done_testing();
