# Self-tests of the runner where it must behave as the CPAN module
# Test::Nginx::Socket does, so that a block that would fail there fails
# here too (t/lib/README.md):
#
#  - the error log is checked after every response of a request array,
#    against only the part written since the previous check: an
#    "--- error_log" pattern that only one request logs fails;
#  - between blocks only conf/, html/, logs/, *_cache and *_temp are
#    removed from the server root: anything else left there stops the run.
#
# Each case is a small .t file run in a sub-process (with whatever
# Test::Nginx::Socket PERL5LIB gives: ours, or the CPAN module), whose TAP
# is then checked here. This file starts no nginx of its own: the
# sub-processes use TEST_NGINX_PORT, one at a time, each with a server root
# of its own.
use strict;
use warnings;
use Test::More;
use File::Temp ();

my $tmp = File::Temp::tempdir('runner-cpan-XXXXXX', TMPDIR => 1,
                               CLEANUP => 1);
my $n = 0;

# Runs the test file made of $head and $data; returns its output (TAP and
# diagnostics) and exit status.
sub run_case {
    my ($head, $data) = @_;
    $n++;
    my $file = "$tmp/case$n.t";
    open my $fh, '>', $file or die "cannot write $file: $!\n";
    print {$fh} "use Test::Nginx::Socket 'no_plan';\nno_shuffle();\n",
                $head, "run_tests();\n\n__DATA__\n\n", $data;
    close $fh or die "cannot write $file: $!\n";
    local $ENV{TEST_NGINX_SERVROOT} = "$tmp/servroot$n";
    local $ENV{TEST_NGINX_NO_CLEAN};
    delete $ENV{TEST_NGINX_NO_CLEAN};
    my $out = qx{"$^X" "$file" 2>&1};
    return ($out, $? >> 8);
}

# the TAP lines ("ok"/"not ok") whose name matches $re
sub tap {
    my ($out, $re) = @_;
    return grep { /^(?:not )?ok \d+ - .*$re/ } split /\n/, $out;
}

my $locations = <<'_EOC_';
--- config
    location /missing/ {
    }
    location /ok {
        return 200 "ok\n";
    }
_EOC_

# --- 1. error_log: one request of two logs the line ----------------------

my ($out, $rc) = run_case('', <<"_EOD_");
=== TEST 1: only request 0 logs open()
$locations--- request eval
["GET /missing/a.txt", "GET /ok"]
--- error_code eval
[404, 200]
--- error_log
open() "

=== TEST 2: only request 1 logs open()
$locations--- request eval
["GET /ok", "GET /missing/b.txt"]
--- error_code eval
[200, 404]
--- error_log
open() "

=== TEST 3: both requests log open()
$locations--- request eval
["GET /missing/c.txt", "GET /missing/d.txt"]
--- error_code eval
[404, 404]
--- error_log
open() "
_EOD_

my @t1 = tap($out, qr/TEST 1: .*error\.log/);
is(scalar @t1, 2, 'TEST 1: the error log is checked twice, once per request')
    or diag($out);
like($t1[0] // '', qr/^ok .*pattern "open\(\) "" matches a line in error\.log \(req 0\)$/,
     'TEST 1: request 0\'s part of the log has the line');
like($t1[1] // '', qr/^not ok .*pattern "open\(\) "" should match a line in error\.log \(req 0\)$/,
     'TEST 1: request 1\'s part does not: the block fails');

my @t2 = tap($out, qr/TEST 2: .*error\.log/);
is(scalar @t2, 2, 'TEST 2: two checks') or diag($out);
like($t2[0] // '', qr/^not ok .*should match a line/,
     'TEST 2: request 0\'s part lacks the line that only request 1 logs');
like($t2[1] // '', qr/^ok .*matches a line/,
     'TEST 2: request 1\'s part has it');

my @t3 = tap($out, qr/TEST 3: .*error\.log/);
is(scalar(grep { /^ok / } @t3), 2,
   'TEST 3: when every request logs the line, every check passes')
    or diag($out);
isnt($rc, 0, 'the file fails');

# --- 2. no_error_log is checked per part as well ------------------------

($out, $rc) = run_case('', <<"_EOD_");
=== TEST 1: request 0 logs open(), request 1 does not
$locations--- request eval
["GET /missing/e.txt", "GET /ok"]
--- error_code eval
[404, 200]
--- no_error_log
open() "
_EOD_

my @n1 = tap($out, qr/TEST 1: .*error\.log/);
is(scalar @n1, 2, 'no_error_log: two checks') or diag($out);
like($n1[0] // '', qr/^not ok .*pattern "open\(\) "" should not match any line in error\.log but matches line ".*open\(\) .*e\.txt.*\(req 0\)/,
     'no_error_log: a line logged by request 0 fails the block');
like($n1[1] // '', qr/^ok .*pattern "open\(\) "" does not match a line in error\.log \(req 0\)$/,
     'no_error_log: request 1\'s part is clean');
isnt($rc, 0, 'the file fails');

# --- 3. check_accum_error_log(): the whole log each time ----------------

($out, $rc) = run_case("check_accum_error_log();\n", <<"_EOD_");
=== TEST 1: only request 0 logs open(): found at both checks
$locations--- request eval
["GET /missing/f.txt", "GET /ok"]
--- error_code eval
[404, 200]
--- error_log
open() "

=== TEST 2: only request 1 logs open(): not yet there at the first check
$locations--- request eval
["GET /ok", "GET /missing/g.txt"]
--- error_code eval
[200, 404]
--- error_log
open() "
_EOD_

my @a1 = tap($out, qr/TEST 1: .*error\.log/);
is_deeply([map { /^(not ok|ok)/ } @a1], ['ok', 'ok'],
          'accum: a line of request 0 is found again at the last check')
    or diag($out);
my @a2 = tap($out, qr/TEST 2: .*error\.log/);
is_deeply([map { /^(not ok|ok)/ } @a2], ['not ok', 'ok'],
          'accum: a line of request 1 is missing after request 0')
    or diag($out);

# --- 4. the server root between blocks ----------------------------------

my $cache = <<'_EOC_';
--- config
    location /c {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/origin;
        proxy_cache zone;
        proxy_cache_valid 200 1h;
        add_header X-Cache-Status $upstream_cache_status always;
    }
    location /origin {
        return 200 "origin\n";
    }
--- request eval
["GET /c", "GET /c"]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT"]
_EOC_

($out, $rc) = run_case('', <<"_EOD_");
=== TEST 1: a cache in cache_temp
--- http_config
    proxy_cache_path cache_temp keys_zone=zone:1m;
$cache
=== TEST 2: the same cache, empty again: *_temp was removed
--- http_config
    proxy_cache_path cache_temp keys_zone=zone:1m;
$cache
=== TEST 3: html/index.html is there, as the CPAN module writes it
--- config
--- request
GET /
--- response_body_like: It works!
_EOD_

is(scalar(grep { /^not ok/ } split /\n/, $out), 0,
   'a cache directory named *_temp is empty again in the next block')
    or diag($out);
is($rc, 0, 'the file passes');

($out, $rc) = run_case('', <<"_EOD_");
=== TEST 1: a cache in "cache", left behind
--- http_config
    proxy_cache_path cache keys_zone=zone:1m;
$cache
=== TEST 2: never run: the server root is not empty
--- config
--- request
GET /
_EOD_

like($out, qr/^Bail out!.*Can't remove .*servroot\d+ \(not empty\?\)/m,
     'a directory not named *_temp or *_cache stops the run before the next'
     . ' block') or diag($out);
is(scalar(tap($out, qr/TEST 2:/)), 0, 'the next block does not run');
isnt($rc, 0, 'the file fails');

done_testing();
