# Self-tests of the runner where it must behave as the CPAN module
# Test::Nginx::Socket (0.33) does, so that a block that would fail there
# fails here too (t/lib/README.md):
#
#  - the error log is checked after every response of a request array,
#    against only the part written since the previous check: an
#    "--- error_log" pattern that only one request logs fails;
#  - a "--- no_error_log" failure names the pattern and the line with their
#    '"' escaped, as there;
#  - between blocks only conf/, html/, logs/, cache/, *_cache and *_temp
#    are removed from the server root: anything else left there stops the
#    run;
#  - nginx is started with "-e logs/error.log", so with "--- must_die" the
#    configuration error is in error.log, where "--- error_log" finds it;
#    a number in "--- must_die" is the exit status it must die with;
#  - a $TEST_NGINX_* variable that is not in the environment stops the run
#    (the runner itself defines no TEST_NGINX_HTML_DIR);
#  - a block with both "--- response_headers" and "--- response_headers_like"
#    (or "--- response_body" and "--- response_body_like") has only the first
#    checked there, silently: it fails here.
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
    local $ENV{TEST_NGINX_HTML_DIR};
    delete $ENV{TEST_NGINX_HTML_DIR};
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

# (the CPAN module's failure message, its name, shows each \ doubled in TAP)
my @n1 = tap($out, qr/TEST 1: .*error\.log/);
is(scalar @n1, 2, 'no_error_log: two checks') or diag($out);
like($n1[0] // '', qr/^not ok .*pattern "open\(\) \\+"" should not match any line in error\.log but matches line ".* \[error\] .*open\(\) \\+".*\/e\.txt\\+" failed .*" \(req 0\)/,
     'no_error_log: a line logged by request 0 fails the block (\'"\' escaped'
     . ' in the pattern and the line)');
like($n1[1] // '', qr/^ok .*pattern "open\(\) \\"" does not match a line in error\.log \(req 0\)$/,
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
=== TEST 3: a cache in "cache"
--- http_config
    proxy_cache_path cache keys_zone=zone:1m;
$cache
=== TEST 4: the same cache, empty again: cache/ was removed
--- http_config
    proxy_cache_path cache keys_zone=zone:1m;
$cache
=== TEST 5: html/index.html is there, as the CPAN module writes it
--- config
--- request
GET /
--- response_body_like: It works!
_EOD_

is(scalar(grep { /^not ok/ } split /\n/, $out), 0,
   'a cache directory named *_temp or "cache" is empty again in the next'
   . ' block') or diag($out);
is(scalar(tap($out, qr/TEST 4: .*header X-Cache-Status ok/)), 2,
   'the block after the one with "cache" runs') or diag($out);
is($rc, 0, 'the file passes');

($out, $rc) = run_case('', <<"_EOD_");
=== TEST 1: a cache in "store", left behind
--- http_config
    proxy_cache_path store keys_zone=zone:1m;
$cache
=== TEST 2: never run: the server root is not empty
--- config
--- request
GET /
_EOD_

like($out, qr/^Bail out!.*Can't remove .*servroot\d+ \(not empty\?\)/m,
     'a directory not named cache, *_temp or *_cache stops the run before the'
     . ' next block') or diag($out);
is(scalar(tap($out, qr/TEST 2:/)), 0, 'the next block does not run');
isnt($rc, 0, 'the file fails');

# --- 5. must_die: the configuration error is in error.log ----------------

($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: must_die, error_log finds nginx's message in error.log
--- config
    no_such_directive_here on;
--- must_die
--- error_log
unknown directive "no_such_directive_here"

=== TEST 2: a number in must_die is the exit status
--- config
    no_such_directive_here on;
--- must_die: 1
--- error_log eval
qr/\[emerg\] .*unknown directive/

=== TEST 3: the wrong exit status fails
--- config
    no_such_directive_here on;
--- must_die: 2
_EOD_

like(join("\n", tap($out, qr/TEST 1:/)),
     qr/^ok .* - die as expected\nok .*pattern "unknown directive "no_such_directive_here"" matches a line in error\.log \(req 0\)$/,
     'must_die: nginx dies; its message is in error.log') or diag($out);
like(join("\n", tap($out, qr/TEST 2:/)),
     qr/^ok .* - die with the expected exit code\nok .*pattern ".*unknown directive.*" matches a line in error\.log \(req 0\)$/,
     'must_die: 1: the exit status is checked') or diag($out);
like(join("\n", tap($out, qr/TEST 3:/)),
     qr/^not ok .* - die with the expected exit code$/,
     'must_die: 2: nginx exits with 1, the block fails') or diag($out);
isnt($rc, 0, 'the file fails');

# --- 6. $TEST_NGINX_* that the environment does not define ---------------

my $html = <<'_EOC_';
--- config
    location /h {
        return 200 "$TEST_NGINX_HTML_DIR\n";
    }
--- request
GET /h
--- response_body_like: servroot\d+/html$
_EOC_

($out, $rc) = run_case('', <<"_EOD_");
=== TEST 1: TEST_NGINX_HTML_DIR is not defined by the runner
$html
=== TEST 2: never run
$html
_EOD_

like($out, qr/^Bail out!.*TEST 1: .* - No environment TEST_NGINX_HTML_DIR defined/m,
     'an undefined $TEST_NGINX_* stops the run') or diag($out);
is(scalar(tap($out, qr/TEST [12]:/)), 0, 'no block runs');
isnt($rc, 0, 'the file fails');

($out, $rc) = run_case('$ENV{TEST_NGINX_HTML_DIR} ||= html_dir();' . "\n",
                       <<"_EOD_");
=== TEST 1: TEST_NGINX_HTML_DIR defined by the test file
$html
_EOD_

is(scalar(grep { /^not ok/ } split /\n/, $out), 0,
   'the test file defines it from html_dir()') or diag($out);
is($rc, 0, 'the file passes');

# --- 7. response_headers and response_headers_like in one block ----------

# CPAN's check_response_headers reads response_headers_like only when the
# block has no response_headers: the _like lines are silently not checked.
my $cpan = system(qq{"$^X" -MTest::Nginx::Util -e1 2>/dev/null}) == 0;

($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: response_headers_like next to response_headers
--- config
    location /h {
        add_header X-Foo bar;
        return 200 "h\n";
    }
--- request
GET /h
--- response_headers
X-Foo: bar
--- response_headers_like
X-Foo: not-what-is-sent
_EOD_

is(scalar(tap($out, qr/TEST 1: .*header X-Foo like/)), 0,
   'both sections: the _like lines are not checked') or diag($out);
if ($cpan) {
    is($rc, 0, 'both sections: the block passes under the CPAN module');
} else {
    like($out, qr/^not ok .*TEST 1: .* - response_headers_like is not read when response_headers is present/m,
         'both sections: the block fails here') or diag($out);
    isnt($rc, 0, 'the file fails');
}

# The same with response_body and response_body_like (check_response_body).
($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: response_body_like next to response_body
--- config
    location /h {
        return 200 "h\n";
    }
--- request
GET /h
--- response_body
h
--- response_body_like: ^not what is sent$
_EOD_

is(scalar(tap($out, qr/TEST 1: .* - response_body_like - /)), 0,
   'both body sections: the _like line is not checked') or diag($out);
if ($cpan) {
    is($rc, 0, 'both body sections: the block passes under the CPAN module');
} else {
    like($out, qr/^not ok .*TEST 1: .* - response_body_like is not read when response_body is present/m,
         'both body sections: the block fails here') or diag($out);
    isnt($rc, 0, 'the file fails');
}

# --- 8. a request array needs an array in every expected section --------

($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: two requests, one error_code for both
--- config
    location /ok {
        return 200 "ok\n";
    }
--- request eval
["GET /ok", "GET /ok"]
--- error_code: 200
_EOD_

like($out, qr/^Bail out!.*TEST 1: .* - You asked for many requests, the expected results should be arrays as well/m,
     'a request array with a plain error_code stops the run') or diag($out);
isnt($rc, 0, 'the file fails');

($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: two requests, a plain more_headers and no expected section
--- config
    location /ok {
        return 200 "$http_x_a\n";
    }
--- request eval
["GET /ok", "GET /ok"]
--- more_headers
X-A: b
_EOD_

is(scalar(grep { /^ok .*status code ok/ } split /\n/, $out), 2,
   'more_headers may be plain: it is sent with every request') or diag($out);
is($rc, 0, 'the file passes');

# --- 9. $TEST_NGINX_* in user_files and response_body --------------------

($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: user_files: the file holds the port's number
--- config
--- user_files
>>> port.txt
port $TEST_NGINX_SERVER_PORT
--- request
GET /port.txt
--- response_body_like: ^port \d+$

=== TEST 2: response_body: the expected body holds it too
--- config
    location /p {
        return 200 "port $server_port\n";
    }
--- request
GET /p
--- response_body
port $TEST_NGINX_SERVER_PORT
_EOD_

is(scalar(grep { /^not ok/ } split /\n/, $out), 0,
   '$TEST_NGINX_* is replaced in user_files and response_body') or diag($out);
is(scalar(tap($out, qr/TEST [12]: .* - response_body/)), 2,
   'both bodies checked')
    or diag($out);
is($rc, 0, 'the file passes');

# --- 10. tcp_listen needs tcp_reply (or tcp_shutdown) --------------------

($out, $rc) = run_case('$ENV{TEST_NGINX_UPSTREAM_PORT} = ($ENV{TEST_NGINX_PORT}'
                       . ' || 1984) + 1;' . "\n", <<'_EOD_');
=== TEST 1: a fake upstream with nothing to say
--- config
    location /up {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
    }
--- request
GET /up
--- tcp_listen: $TEST_NGINX_UPSTREAM_PORT
--- error_code: 502
_EOD_

like($out, qr/^Bail out!.*TEST 1: .* - no --- tcp_reply specified but --- tcp_listen is specified/m,
     'tcp_listen without tcp_reply stops the run') or diag($out);
isnt($rc, 0, 'the file fails');

# --- 11. a block without "--- config" --------------------------------------

# (the CPAN module runs a later one against the previous block's nginx,
# without restarting it; t/lib's runner stops there too: see t/lib/README.md)
($out, $rc) = run_case('', <<'_EOD_');
=== TEST 1: no config section
--- request
GET /
_EOD_

like($out, qr/^Bail out!.*TEST 1: .* - No '--- config' section specified/m,
     'a first block without --- config stops the run') or diag($out);
isnt($rc, 0, 'the file fails');

done_testing();
