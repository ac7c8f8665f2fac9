# Curation: the publication times the module learned (pkg_reroute_times,
# its default zone here) survive nginx -s reload. A packument is fetched
# (keep() records its versions' times), the document is then taken from
# the registry and nginx reloaded: the young version's tarball is still
# refused, by the time kept in the zone (a fetch of the time document
# would find nothing now, and missing=allow would let it through).
# Test::Nginx cannot reload nginx within a block, so this file runs its
# own nginx (master and one worker, loopback only), reloads it with
# SIGHUP and stops it with SIGQUIT, by the pid it wrote.
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
mkdir "$dir/$_" for qw(conf logs html html/lodash html/lodash/- tmp);

my $packument =
    '{"name":"lodash","dist-tags":{"latest":"5.0.0"},"versions":{'
  . join(',', map { '"' . $_ . '":{"name":"lodash","version":"' . $_
                    . '","dist":{"tarball":"http://127.0.0.1:' . $reg
                    . '/lodash/-/lodash-' . $_ . '.tgz"}}' }
              qw(4.17.21 5.0.0))
  . '},"time":{"4.17.21":"2021-02-20T15:42:16.891Z",'
  . '"5.0.0":"2099-01-01T00:00:00.000Z"}}';

sub put {
    my ($path, $text) = @_;
    open my $fh, '>', "$dir/html/$path" or die;
    print $fh $text;
    close $fh;
}

put('lodash.json', $packument);
put("lodash/-/lodash-$_.tgz", "tarball $_\n") for qw(4.17.21 5.0.0);

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

    server {
        listen 127.0.0.1:$port;

        location / {
            pkg_reroute npm;
            pkg_reroute_cooldown 7d;
            pkg_reroute_rewrite http://127.0.0.1:$reg/ http://mirror.test/;
            proxy_pass http://127.0.0.1:$reg\$pkg_reroute_uri;
            proxy_set_header Accept-Encoding "";
        }
    }

    server {
        listen 127.0.0.1:$reg;
        root $dir/html;
        default_type application/json;
        location / {
            try_files \$uri \$uri.json =404;
        }
    }
}
_EOC_
close $c;

# one HTTP/1.0 GET, 5 s at most: (status, body)
sub get {
    my $path = shift;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Timeout => 5) or return (0, '');
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
    return (0, '') unless defined $head;
    my ($status) = $head =~ m{^HTTP/1\.\d (\d+)};
    return ($status, $body // '');
}

sub nginx_pid {
    open my $p, '<', "$dir/nginx.pid" or return;
    my $pid = <$p>;
    close $p;
    chomp $pid if defined $pid;
    return $pid;
}

system($nginx, '-p', "$dir/", '-c', "$dir/conf/nginx.conf") == 0
    or BAIL_OUT("nginx did not start: " . `cat $dir/logs/error.log`);

my $pid;
for (1 .. 50) { last if $pid = nginx_pid(); sleep 0.1; }
BAIL_OUT("no pid file") unless $pid;

my ($st, $body) = get('/lodash');
is($st, 200, 'the packument');
unlike($body, qr/"5\.0\.0"/, 'its young version hidden');

# the time document is gone from the registry: only the store knows
unlink "$dir/html/lodash.json" or die;

kill 'HUP', $pid;

# the new worker answers when the old one has gone
my $end = time + 10;
while (time < $end) {
    last if `cat $dir/logs/error.log` =~ /gracefully shutting down.*\n(?:.*\n)*.*exit$/m;
    sleep 0.2;
}
sleep 0.5;

($st, $body) = get('/lodash/-/lodash-5.0.0.tgz');
is($st, 403, 'after the reload, the young tarball is refused by the kept time');
like($body, qr/lodash\@5\.0\.0 was published 2099-01-01T00:00:00Z/,
     'with the cooldown\'s reason');

($st, $body) = get('/lodash/-/lodash-4.17.21.tgz');
is($st, 200, 'the old one is served');

($st) = get('/lodash');
is($st, 404, 'the document is indeed gone');

kill 'QUIT', $pid;
for (1 .. 50) { last unless kill 0, $pid; sleep 0.1; }

done_testing();
