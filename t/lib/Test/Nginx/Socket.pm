package Test::Nginx::Socket;

# A small, self-contained stand-in for the CPAN module of the same name.
# Written from scratch for this project; it implements only the subset of
# the documented data format that the project's t/*.t files use.  When the
# real CPAN module is installed, the Makefile does not put t/lib on PERL5LIB
# and the real one is used instead.  See t/lib/README.md.

use strict;
use warnings;

use Test::Base -base;
use Test::More ();

use Cwd ();
use Errno ();
use File::Path ();
use File::Basename ();
use IO::Select;
use IO::Socket::INET;
use POSIX ();
use Time::HiRes ();

our $VERSION = '0.01';

our @EXPORT = qw(
    run_tests no_shuffle repeat_each blocks plan
    add_block_preprocessor log_level no_long_string
    master_on master_off master_process_enabled workers worker_connections
    env_to_nginx server_port server_root html_dir no_root_location
    check_accum_error_log

    $ServerPort $ServerPortForClient $ServRoot $ServerRoot $HtmlDir
    $LogDir $ErrLogFile $AccLogFile $ConfDir $ConfFile $PidFile
    $NginxBinary $LogLevel $RepeatEach $NoLongString
);

# ---------------------------------------------------------------------------
# Settings (CPAN-style package variables)
# ---------------------------------------------------------------------------

sub _abs_path_of {
    my $p = shift;
    $p = Cwd::cwd() . "/$p" unless $p =~ m{^/};
    $p =~ s{/+\z}{};
    return $p;
}

sub _find_nginx_binary {
    return $ENV{TEST_NGINX_BINARY}
        if defined $ENV{TEST_NGINX_BINARY} && $ENV{TEST_NGINX_BINARY} ne '';
    for my $dir (split /:/, $ENV{PATH} || '') {
        next if $dir eq '';
        my $f = "$dir/nginx";
        return $f if -f $f && -x _;
    }
    return '/usr/sbin/nginx';
}

our $ServerPort = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
our $ServerPortForClient = $ENV{TEST_NGINX_CLIENT_PORT} || $ServerPort;
our $ServRoot = _abs_path_of(
    (defined $ENV{TEST_NGINX_SERVROOT} && $ENV{TEST_NGINX_SERVROOT} ne '')
        ? $ENV{TEST_NGINX_SERVROOT} : 't/servroot');
our $ServerRoot = $ServRoot;
our $HtmlDir    = "$ServRoot/html";
our $LogDir     = "$ServRoot/logs";
our $ConfDir    = "$ServRoot/conf";
our $ErrLogFile = "$LogDir/error.log";
our $AccLogFile = "$LogDir/access.log";
our $ConfFile   = "$ConfDir/nginx.conf";
our $PidFile    = "$LogDir/nginx.pid";
our $NginxBinary = _find_nginx_binary();

our $LogLevel = 'debug';
our $RepeatEach = 1;
our $NoLongString = 0;
our $MasterProcessEnabled = 0;
our $Workers = 1;
our $NoRootLocation = 0;
our $WorkerConnections = 64;
our @EnvToNginx;
our @BlockPreprocessors;
our $CheckAccumErrLog = 0;

our $UseValgrind = $ENV{TEST_NGINX_USE_VALGRIND};
our $NoClean = $ENV{TEST_NGINX_NO_CLEAN};

# As the CPAN module: TEST_NGINX_SERVER_PORT and TEST_NGINX_SERVER_ROOT are
# set, nothing else (no TEST_NGINX_HTML_DIR: a test file that uses it sets
# it, e.g. from html_dir()).
$ENV{TEST_NGINX_SERVER_PORT} = $ServerPort
    unless defined $ENV{TEST_NGINX_SERVER_PORT};
$ENV{TEST_NGINX_SERVER_ROOT} = $ServRoot;

my $DefaultTimeout = 3;     # seconds, per request ("--- timeout")
my $StartupWait    = 5;     # seconds to wait for the port to listen
my $ValgrindStartupWait = 60;

# State of the nginx we started (never anything else).
my $MainPid = $$;
my $NginxPid;               # pid read from logs/nginx.pid (or our child)
my $NginxIsChild = 0;       # valgrind mode: nginx runs as our direct child
my @NginxKids;              # worker pids seen (master_on)
my $CurrentBlockName = '';  # for messages printed when nginx is stopped
my %TcpChildren;            # pid => 1, fake upstream children

# Become a "child subreaper" (Linux prctl PR_SET_CHILD_SUBREAPER) so that
# the daemonized nginx is re-parented to this process rather than to PID 1
# and can be reaped here: in containers whose PID 1 never reaps, every
# block would otherwise leave a zombie behind.  Best effort only.
sub _become_subreaper {
    return unless $^O eq 'linux';
    require Config;
    my $arch = $Config::Config{archname} || '';
    # prctl(2) syscall numbers
    my $nr = $arch =~ /^x86_64/             ? 157
           : $arch =~ /^(?:aarch64|riscv64)/ ? 167
           : $arch =~ /^i[3-6]86/            ? 172
           : undef;
    return unless $nr;
    local $!;
    syscall($nr, 36, 1, 0, 0, 0);   # PR_SET_CHILD_SUBREAPER = 36
}
_become_subreaper();

# ---------------------------------------------------------------------------
# Exported API
# ---------------------------------------------------------------------------

sub no_shuffle { return }   # blocks always run in file order

# As the CPAN module: "--- error_log" and "--- no_error_log" are then
# checked against the block's whole log so far, rather than only the part
# written since the previous check (see _check_log_part, t/lib/README.md).
sub check_accum_error_log { $CheckAccumErrLog = 1; return; }

sub repeat_each {
    if (@_) {
        $RepeatEach = shift;
    }
    return $RepeatEach;
}

sub add_block_preprocessor {
    my $cb = shift;
    push @BlockPreprocessors, $cb if ref $cb eq 'CODE';
    return;
}

sub log_level {
    $LogLevel = shift if @_;
    return $LogLevel;
}

sub no_long_string { $NoLongString = 1 }

sub master_on  { $MasterProcessEnabled = 1 }
sub master_off { $MasterProcessEnabled = 0 }
sub master_process_enabled {
    $MasterProcessEnabled = shift if @_;
    return $MasterProcessEnabled;
}

# As the CPAN module, every server gets "location / { root html; ... }"
# unless the test file calls no_root_location().
sub no_root_location { $NoRootLocation = 1; return; }

sub workers {
    $Workers = shift if @_;
    return $Workers;
}

sub worker_connections {
    $WorkerConnections = shift if @_;
    return $WorkerConnections;
}

sub env_to_nginx {
    push @EnvToNginx, @_;
    return;
}

sub server_port {
    if (@_) {
        $ServerPort = shift;
        $ServerPortForClient = $ENV{TEST_NGINX_CLIENT_PORT} || $ServerPort;
        $ENV{TEST_NGINX_SERVER_PORT} = $ServerPort;
    }
    return $ServerPort;
}

sub server_root { return $ServRoot }
sub html_dir    { return $HtmlDir }

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

# The value of a section after Test::Base filtering (first element).
sub _sec {
    my ($block, $key) = @_;
    return undef unless exists $block->{$key};
    my $v = $block->{$key};
    return ref $v eq 'ARRAY' ? $v->[0] : $v;
}

# Per-request value: ARRAY refs are indexed, anything else applies to all.
sub _pick {
    my ($v, $i) = @_;
    return undef unless defined $v;
    return $v->[$i] if ref $v eq 'ARRAY';
    return $v;
}

# The expected value of section $key for request $i. As the CPAN module
# (get_indexed_value): with several requests it must be an array, or the
# run stops.
sub _expected {
    my ($name, $block, $key, $i, $multi) = @_;
    my $v = _sec($block, $key);
    return undef unless defined $v;
    Test::More::BAIL_OUT("$name - You asked for many requests, the expected"
                         . " results should be arrays as well.")
        if $multi && ref $v ne 'ARRAY';
    return _pick($v, $i);
}

sub _trim {
    my $s = shift;
    return undef unless defined $s;
    $s =~ s/\A\s+//;
    $s =~ s/\s+\z//;
    return $s;
}

# $TEST_NGINX_* in a section becomes that environment variable; as the
# CPAN module (expand_env_in_text), one that is not defined stops the run.
sub _expand_env {
    my $s = shift;
    return $s unless defined $s && !ref $s;
    $s =~ s{\$(TEST_NGINX_[_A-Z0-9]+)}{
        defined $ENV{$1} ? $ENV{$1}
            : Test::More::BAIL_OUT("$CurrentBlockName - No environment $1"
                                   . " defined.")
    }ge;
    return $s;
}

# As the CPAN module's fmt_str: a pattern or a log line in a test name,
# with '"', CR and LF escaped.
sub _fmt_str {
    my $s = shift;
    chomp $s;
    $s =~ s/"/\\"/g;
    $s =~ s/\r/\\r/g;
    $s =~ s/\n/\\n/g;
    return $s;
}

sub _slurp {
    my ($file, $offset) = @_;
    open my $fh, '<', $file or return undef;
    binmode $fh;
    seek $fh, $offset, 0 if $offset;
    local $/;
    my $data = <$fh>;
    close $fh;
    return defined $data ? $data : '';
}

sub _spew {
    my ($file, $data) = @_;
    File::Path::make_path(File::Basename::dirname($file));
    open my $fh, '>', $file or die "cannot write $file: $!\n";
    binmode $fh;
    print {$fh} $data;
    close $fh or die "cannot close $file: $!\n";
}

sub _short {
    my ($s, $max) = @_;
    return '(undef)' unless defined $s;
    $max ||= 800;
    return $s if length $s <= $max;
    return substr($s, 0, $max) . "... (" . length($s) . " bytes)";
}

# ---------------------------------------------------------------------------
# Process handling (only processes this runner started)
# ---------------------------------------------------------------------------

sub _proc_state {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/stat" or return undef;
    my $stat = <$fh>;
    close $fh;
    return undef unless defined $stat;
    # pid (comm) state ppid ...
    return $stat =~ /\)\s+(\S)\s+(\d+)/ ? ($1, $2) : undef;
}

sub _is_alive {
    my $pid = shift;
    return 0 unless $pid;
    # reap it if it happens to be our own child
    my $w = waitpid($pid, POSIX::WNOHANG());
    return 0 if $w == $pid;
    return 0 unless kill(0, $pid) || $!{EPERM};
    my ($state) = _proc_state($pid);
    return 0 if defined $state && ($state eq 'Z' || $state eq 'X');
    return 1;
}

sub _cmdline {
    my $pid = shift;
    open my $fh, '<', "/proc/$pid/cmdline" or return '';
    local $/;
    my $c = <$fh>;
    close $fh;
    $c = '' unless defined $c;
    $c =~ tr/\0/ /;
    return $c;
}

sub _looks_like_our_nginx {
    my $pid = shift;
    my $c = _cmdline($pid);
    # no /proc: fall back to trusting the pid we recorded ourselves
    return 1 if $c eq '' && !-d "/proc/$pid";
    return $c =~ /nginx/;
}

sub _children_of {
    my $ppid = shift;
    my @kids;
    opendir my $dh, '/proc' or return;
    for my $d (readdir $dh) {
        next unless $d =~ /^\d+$/;
        my (undef, $pp) = _proc_state($d);
        push @kids, $d if defined $pp && $pp == $ppid;
    }
    closedir $dh;
    return @kids;
}

sub _wait_gone {
    my ($pid, $secs) = @_;
    my $deadline = Time::HiRes::time() + $secs;
    while (_is_alive($pid)) {
        return 0 if Time::HiRes::time() > $deadline;
        Time::HiRes::sleep(0.02);
    }
    return 1;
}

sub _read_pid_file {
    my $data = _slurp($PidFile);
    return undef unless defined $data && $data =~ /^\s*(\d+)/;
    return $1;
}

sub _stop_nginx {
    return unless defined $NginxPid;
    my $pid = $NginxPid;
    undef $NginxPid;

    if ($NginxIsChild) {
        $NginxIsChild = 0;
        kill 'QUIT', $pid;
        my $status;
        my $deadline = Time::HiRes::time() + ($UseValgrind ? 60 : 10);
        while (1) {
            my $w = waitpid($pid, POSIX::WNOHANG());
            if ($w == $pid) { $status = $?; last }
            last if $w < 0;
            if (Time::HiRes::time() > $deadline) {
                kill 'KILL', $pid;
                waitpid($pid, 0);
                $status = $?;
                last;
            }
            Time::HiRes::sleep(0.05);
        }
        # valgrind mode: unsuppressed errors fail the block (was: a diag)
        if ($UseValgrind) {
            _valgrind_check($CurrentBlockName,
                            _slurp("$LogDir/stderr.log"), $status);
        }
        return;
    }

    my @kids = $MasterProcessEnabled ? _children_of($pid) : ();
    push @kids, @NginxKids;
    @NginxKids = ();

    if (_is_alive($pid) && _looks_like_our_nginx($pid)) {
        kill 'TERM', $pid;
        unless (_wait_gone($pid, 5)) {
            kill 'KILL', $pid if _looks_like_our_nginx($pid);
            _wait_gone($pid, 2);
        }
    }
    my %seen;
    for my $k (grep { !$seen{$_}++ } @kids) {
        next unless _is_alive($k) && _looks_like_our_nginx($k);
        kill 'TERM', $k;
        unless (_wait_gone($k, 2)) {
            kill 'KILL', $k if _looks_like_our_nginx($k);
            _wait_gone($k, 1);
        }
    }
}

# TEST_NGINX_USE_VALGRIND: nginx's stderr holds valgrind's report. Errors
# that t/valgrind.suppress does not cover ("ERROR SUMMARY: N errors", N > 0)
# fail the block, with the report (less valgrind's banner). A non-zero exit
# without errors is only shown, as before (no status: must_die).
sub _valgrind_check {
    my ($name, $out, $status) = @_;
    $out = '' unless defined $out;
    my ($n) = $out =~ /ERROR SUMMARY: (\d+) error/;
    my $code = defined $status ? $status >> 8 : 0;
    if ($n) {
        my $banner = qr/Memcheck,|Copyright|Using Valgrind|Command:|Parent PID:/;
        (my $report = $out) =~ s/^==\d+== (?:$banner).*\n//mg;
        Test::More::fail("$name - valgrind: no errors");
        Test::More::diag("  valgrind reported $n error(s):\n"
                         . _short($report, 12000));
    } elsif ($code != 0) {
        Test::More::diag("$name - valgrind reported errors (exit status"
                         . " $code):\n" . _short($out, 4000));
    }
    return;
}

# An nginx left behind by an earlier, interrupted run of this runner for
# this very servroot: stop it (it is recognised by its command line).
sub _stop_stale_nginx {
    my $pid = _read_pid_file();
    return unless $pid && $pid != $$ && _is_alive($pid);
    my $c = _cmdline($pid);
    return unless $c =~ /nginx/ && index($c, "$ServRoot/") >= 0;
    $NginxPid = $pid;
    $NginxIsChild = 0;
    _stop_nginx();
}

sub _port_listening {
    my $port = shift;
    my $seen_proc = 0;
    for my $f ('/proc/net/tcp', '/proc/net/tcp6') {
        open my $fh, '<', $f or next;
        $seen_proc = 1;
        while (my $l = <$fh>) {
            my @f = split ' ', $l;
            next unless @f > 3 && $f[1] =~ /:([0-9A-Fa-f]{4})$/;
            return 1 if hex($1) == $port && $f[3] eq '0A';
        }
        close $fh;
    }
    return 0 if $seen_proc;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                  Proto => 'tcp', Timeout => 1);
    return 0 unless $s;
    close $s;
    return 1;
}

sub _wait_listening {
    my ($port, $secs, $child) = @_;
    my $deadline = Time::HiRes::time() + $secs;
    while (1) {
        return 1 if _port_listening($port);
        return 0 if Time::HiRes::time() > $deadline;
        return 0 if $child && !_is_alive($child);
        Time::HiRes::sleep(0.02);
    }
}

# Returns (started_ok, stderr_text, exit_status).
sub _start_nginx {
    my $errfile = "$LogDir/stderr.log";
    unlink $errfile;

    # as the CPAN module (since 0.31): "-e", so that what nginx says before
    # it reads error_log (a configuration error) is in logs/error.log too
    my @cmd = ($NginxBinary, '-e', $ErrLogFile, '-p', "$ServRoot/",
               '-c', 'conf/nginx.conf');
    if ($UseValgrind) {
        my $supp = _abs_path_of('t/valgrind.suppress');
        unshift @cmd, 'valgrind', '--tool=memcheck', '--leak-check=full',
            '--error-exitcode=1',
            (-f $supp ? ("--suppressions=$supp") : ());
    }

    my $pid = fork;
    die "fork failed: $!\n" unless defined $pid;
    if ($pid == 0) {
        $SIG{$_} = 'DEFAULT' for qw(INT TERM ALRM PIPE);
        open STDIN, '<', '/dev/null';
        open STDOUT, '>>', $errfile or POSIX::_exit(126);
        open STDERR, '>&', \*STDOUT or POSIX::_exit(126);
        { no warnings 'exec'; exec { $cmd[0] } @cmd; }
        print STDERR "cannot exec $cmd[0]: $!\n";
        POSIX::_exit(127);
    }

    if ($UseValgrind) {
        # nginx runs in the foreground (daemon off) as our child.
        my ($ok, $status);
        my $deadline = Time::HiRes::time() + $ValgrindStartupWait;
        while (1) {
            if (waitpid($pid, POSIX::WNOHANG()) == $pid) {
                $status = $?;
                last;
            }
            if (_port_listening($ServerPort)) { $ok = 1; last }
            last if Time::HiRes::time() > $deadline;
            Time::HiRes::sleep(0.05);
        }
        return (0, _slurp($errfile) // '', $status) if defined $status;
        $NginxPid = $pid;
        $NginxIsChild = 1;
        return (1, _slurp($errfile) // '', 0) if $ok;
        return (0, "nginx (valgrind) did not listen on port $ServerPort"
                   . " within $ValgrindStartupWait s\n"
                   . (_slurp($errfile) // ''), 0);
    }

    # daemon on: the process we forked exits once nginx has daemonized.
    my $status;
    my $deadline = Time::HiRes::time() + 15;
    while (1) {
        my $w = waitpid($pid, POSIX::WNOHANG());
        if ($w == $pid) { $status = $?; last }
        if (Time::HiRes::time() > $deadline) {
            kill 'KILL', $pid;
            waitpid($pid, 0);
            return (0, "nginx did not return from startup within 15 s\n"
                       . (_slurp($errfile) // ''), -1);
        }
        Time::HiRes::sleep(0.01);
    }

    my $err = _slurp($errfile) // '';
    return (0, $err, $status) if $status != 0;

    # wait for the daemon to write its pid file
    my $npid;
    $deadline = Time::HiRes::time() + $StartupWait;
    while (1) {
        $npid = _read_pid_file();
        last if $npid;
        if (Time::HiRes::time() > $deadline) {
            return (0, "nginx started but wrote no pid file within"
                       . " $StartupWait s\n$err", 0);
        }
        Time::HiRes::sleep(0.01);
    }
    $NginxPid = $npid;
    $NginxIsChild = 0;

    unless (_wait_listening($ServerPort, $StartupWait)) {
        return (0, "nginx (pid $npid) is not listening on port"
                   . " $ServerPort after $StartupWait s\n$err", 0);
    }
    @NginxKids = _children_of($npid) if $MasterProcessEnabled;
    return (1, $err, 0);
}

# ---------------------------------------------------------------------------
# servroot, configuration and user files
# ---------------------------------------------------------------------------

my @TempDirs = qw(client_body_temp proxy_temp fastcgi_temp uwsgi_temp
                  scgi_temp);

# The server root is cleaned before every nginx start (every block) as the
# CPAN module's setup_server_root (0.33) cleans it: conf/, html/, logs/,
# cache/ and every top-level "*_cache" or "*_temp" entry are removed, then
# the server root itself must be empty. Anything else left there (a
# proxy_cache_path "store", a file written by a test) stops the whole run,
# as the CPAN module's bail-out does. With TEST_NGINX_NO_CLEAN nothing is
# removed.
sub _prepare_servroot {
    if (!$NoClean && -d $ServRoot) {
        opendir my $dh, $ServRoot or die "cannot read $ServRoot: $!\n";
        my @gone = map { "$ServRoot/$_" }
                   grep { !/^\./ && /_(?:cache|temp)\z/ } readdir $dh;
        closedir $dh;
        File::Path::remove_tree($ConfDir, $HtmlDir, $LogDir,
                                "$ServRoot/cache", @gone,
                                { error => \my $err });
        unless (rmdir $ServRoot) {
            my $why = "$!";
            opendir $dh, $ServRoot;
            my @left = sort grep { !/^\.\.?\z/ } readdir $dh;
            closedir $dh;
            Test::More::BAIL_OUT("Can't remove $ServRoot (not empty?): $why"
                . " (left: @left; only conf, html, logs, cache, *_cache and"
                . " *_temp are removed between blocks)");
        }
    }
    File::Path::make_path($ConfDir, $LogDir, $HtmlDir,
                          map { "$ServRoot/$_" } @TempDirs);
    # as the CPAN module: a default page in html/
    _spew("$HtmlDir/index.html", '<html><head><title>It works!</title>'
          . '</head><body>It works!</body></html>')
        unless -e "$HtmlDir/index.html";
}

sub _build_config {
    my $block = shift;

    my $main = _expand_env(_sec($block, 'main_config'));
    my $http = _expand_env(_sec($block, 'http_config'));
    my $conf = _expand_env(_sec($block, 'config'));
    $_ = defined $_ ? $_ : '' for $main, $http, $conf;

    my $level = _trim(_sec($block, 'log_level'));
    $level = $LogLevel unless defined $level && $level ne '';

    my $master = ($MasterProcessEnabled && !$UseValgrind) ? 'on' : 'off';
    my $daemon = $UseValgrind ? 'off' : 'on';
    my $env = join '', map { "env $_;\n" } @EnvToNginx;
    # TEST_NGINX_LOAD_MODULES: dynamic modules, space-separated, loaded first
    my $load = join '', map { "load_module $_;\n" }
                        grep { length } split /\s+/,
                        ($ENV{TEST_NGINX_LOAD_MODULES} // '');
    my $temp = join '', map { "    ${_}_path $ServRoot/$_;\n" } @TempDirs;
    my $root = $NoRootLocation ? '' : <<"_EOL_";
        location / {
            root $HtmlDir;
            index index.html index.htm;
        }
_EOL_

    return <<"_EOC_";
$load
worker_processes  $Workers;
daemon $daemon;
master_process $master;
error_log logs/error.log $level;
pid       logs/nginx.pid;
$env
$main
http {
    access_log logs/access.log;
    default_type text/plain;
    keepalive_timeout  68;
$temp
$http
    server {
        listen          $ServerPort;
        server_name     'localhost';
        client_max_body_size 30M;

$conf
$root
    }
}

events {
    accept_mutex off;
    worker_connections  $WorkerConnections;
}
_EOC_
}

sub _write_user_files {
    my $spec = shift;
    return unless defined $spec;
    my @files;
    if (ref $spec eq 'ARRAY') {
        for my $f (@$spec) {
            push @files, [$f->[0], $f->[1]] if ref $f eq 'ARRAY';
        }
    } else {
        my $cur;
        for my $line (split /^/m, $spec) {
            if ($line =~ /^>>>\s+(\S+)/) {
                $cur = [$1, ''];
                push @files, $cur;
                next;
            }
            die "user_files: content before the first '>>> name' line\n"
                unless $cur || $line !~ /\S/;
            $cur->[1] .= $line if $cur;
        }
    }
    for my $f (@files) {
        my ($name, $body) = @$f;
        $name =~ s{^/+}{};
        # as the CPAN module, $TEST_NGINX_* in the content is replaced
        _spew("$HtmlDir/$name", defined $body ? _expand_env($body) : '');
    }
}

# ---------------------------------------------------------------------------
# HTTP client
# ---------------------------------------------------------------------------

sub _build_request {
    my ($req, $more_headers) = @_;
    $req = join '', @$req if ref $req eq 'ARRAY';
    $req = '' unless defined $req;

    # leading comment lines and whitespace are ignored
    $req =~ s/\A(?:[ \t]*(?:#[^\n]*)?\n)+//;
    $req =~ s/\A\s+//;

    my ($first, $body) = split /\n/, $req, 2;
    $first = '' unless defined $first;
    $first =~ s/\s+\z//;
    my ($method, $rest) = $first =~ /\A(\S+)\s*(.*)\z/;
    $method = 'GET' unless defined $method;
    $rest = '' unless defined $rest;
    my $proto = 'HTTP/1.1';
    $proto = $1 if $rest =~ s{\s+(HTTP/\d+\.\d+)\z}{};
    my $uri = $rest eq '' ? '/' : $rest;

    if (defined $body) {
        $body =~ s/\n\z//;      # the section's trailing newline
    } else {
        $body = '';
    }

    if ($proto eq 'HTTP/0.9') {
        return ("$method $uri\r\n", $method);
    }

    my @hdrs;
    if (defined $more_headers) {
        for my $l (split /\n/, $more_headers) {
            $l =~ s/\s+\z//;
            next if $l eq '';
            push @hdrs, $l;
        }
    }
    my $has = sub {
        my $n = shift;
        return scalar grep { /^\s*\Q$n\E\s*:/i } @hdrs;
    };
    my @out;
    push @out, 'Host: localhost' unless $has->('Host');
    push @out, 'Connection: close' unless $has->('Connection');
    push @out, @hdrs;
    if (length $body && !$has->('Content-Length')
        && !$has->('Transfer-Encoding'))
    {
        push @out, 'Content-Length: ' . length($body);
    }
    my $bytes = "$method $uri $proto\r\n"
        . join('', map { "$_\r\n" } @out) . "\r\n" . $body;
    return ($bytes, $method);
}

sub _dechunk {
    my $s = shift;
    my ($out, $p) = ('', 0);
    while (1) {
        my $le = index($s, "\r\n", $p);
        return ($out, 0) if $le < 0;
        my ($hex) = substr($s, $p, $le - $p) =~ /\A\s*([0-9a-fA-F]+)/;
        return ($out, 0) unless defined $hex;
        my $size = hex $hex;
        $p = $le + 2;
        if ($size == 0) {
            while (1) {
                my $te = index($s, "\r\n", $p);
                return ($out, 0) if $te < 0;
                my $line = substr($s, $p, $te - $p);
                $p = $te + 2;
                return ($out, 1) if $line eq '';
            }
        }
        return ($out . substr($s, $p), 0) if length($s) < $p + $size + 2;
        $out .= substr($s, $p, $size);
        $p += $size + 2;
    }
}

# Parses $r->{raw}; sets status/headers/body and complete (whether the
# response is known to be complete without waiting for the close).
sub _parse_response {
    my ($r, $method) = @_;
    my $raw = $r->{raw};
    my $pos = 0;
    $r->{complete} = 0;
    while (1) {
        my $he = index($raw, "\r\n\r\n", $pos);
        if ($he < 0) {
            if (substr($raw, $pos) =~ m{\AHTTP/\d+\.\d+\s+(\d{3})}) {
                $r->{status} = $1;
            }
            return;
        }
        my @lines = split /\r\n/, substr($raw, $pos, $he - $pos);
        my $sl = shift @lines;
        $sl = '' unless defined $sl;
        my ($code) = $sl =~ m{\AHTTP/\d+\.\d+\s+(\d{3})};
        if (defined $code && $code =~ /^1/ && $code != 101) {
            $pos = $he + 4;         # skip interim responses (100 Continue)
            next;
        }
        $r->{status} = $code;
        $r->{status_line} = $sl;
        my @h;
        for my $l (@lines) {
            if ($l =~ /\A[ \t]+(.*)/ && @h) {
                $h[-1][1] .= " $1";
            } elsif ($l =~ /\A([^:]+?)\s*:\s*(.*?)\s*\z/) {
                push @h, [$1, $2];
            }
        }
        $r->{headers} = \@h;
        my $rest = substr($raw, $he + 4);
        my $te = _header(\@h, 'Transfer-Encoding');
        my $cl = _header(\@h, 'Content-Length');
        if (uc($method) eq 'HEAD' || !defined $code
            || $code == 204 || $code == 304)
        {
            $r->{body} = '';
            $r->{complete} = 1;
        } elsif (defined $te && $te =~ /chunked/i) {
            my ($body, $done) = _dechunk($rest);
            $r->{body} = $body;
            $r->{complete} = $done;
        } elsif (defined $cl && $cl =~ /^\s*(\d+)/) {
            my $len = $1;
            $r->{body} = substr($rest, 0, $len);
            $r->{complete} = length($rest) >= $len ? 1 : 0;
        } else {
            $r->{body} = $rest;
        }
        return;
    }
}

# Case-insensitive header lookup; duplicates are joined with ", ".
sub _header {
    my ($h, $name) = @_;
    my @v = map { $_->[1] } grep { lc $_->[0] eq lc $name } @$h;
    return undef unless @v;
    return join ', ', @v;
}

# "--- timeout" is, as the CPAN documentation says, the longest wait between
# two I/O events on the socket, not the time the whole exchange may take:
# every byte sent or received moves the deadline. "--- shutdown [how]"
# shuts the socket down (default 1, writes) once the request is sent.
sub _http_request {
    my ($pieces, $method, $timeout, $delay, $shutdown) = @_;
    my %r = (raw => '', headers => [], status => undef, body => undef);
    local $SIG{PIPE} = 'IGNORE';
    my $deadline = Time::HiRes::time() + $timeout;

    my $sock = IO::Socket::INET->new(
        PeerAddr => '127.0.0.1', PeerPort => $ServerPortForClient,
        Proto => 'tcp', Timeout => $timeout);
    unless ($sock) {
        $r{error} = "cannot connect to 127.0.0.1:$ServerPortForClient: "
                    . ($@ || $!);
        return \%r;
    }
    binmode $sock;
    $sock->blocking(0);
    my $sel = IO::Select->new($sock);

  PIECE:
    for my $i (0 .. $#$pieces) {
        my $data = $pieces->[$i];
        my $off = 0;
        while ($off < length $data) {
            my $left = $deadline - Time::HiRes::time();
            if ($left <= 0) { $r{timeout} = 1; last PIECE }
            next unless $sel->can_write($left);
            my $n = syswrite($sock, $data, length($data) - $off, $off);
            if (!defined $n) {
                next if $!{EAGAIN} || $!{EWOULDBLOCK} || $!{EINTR};
                $r{write_error} = "$!";
                last PIECE;
            }
            $off += $n;
            $deadline = Time::HiRes::time() + $timeout;
        }
        Time::HiRes::sleep($delay) if $delay && $i < $#$pieces;
    }

    if (defined $shutdown && !$r{timeout} && !$r{write_error}) {
        shutdown($sock, $shutdown =~ /^\s*([012])\s*$/ ? $1 : 1);
    }

    while (!$r{timeout}) {
        _parse_response(\%r, $method);
        last if $r{complete};
        my $left = $deadline - Time::HiRes::time();
        if ($left <= 0) { $r{timeout} = 1; last }
        next unless $sel->can_read($left);
        my $n = sysread($sock, my $buf, 65536);
        if (!defined $n) {
            next if $!{EAGAIN} || $!{EWOULDBLOCK} || $!{EINTR};
            $r{read_error} = "$!";
            last;
        }
        last if $n == 0;
        $r{raw} .= $buf;
        $deadline = Time::HiRes::time() + $timeout;
    }
    close $sock;
    _parse_response(\%r, $method);
    $r{body} = '' unless defined $r{body};     # an empty reply
    return \%r;
}

# ---------------------------------------------------------------------------
# Fake TCP upstream (tcp_listen / tcp_reply / tcp_query / tcp_query_len)
# ---------------------------------------------------------------------------

sub _http_request_complete {
    my $buf = shift;
    my $he = index($buf, "\r\n\r\n");
    return 0 if $he < 0;
    my $head = substr($buf, 0, $he);
    my $rest = substr($buf, $he + 4);
    if ($head =~ /^Transfer-Encoding\s*:\s*[^\r\n]*chunked/mi) {
        return (_dechunk($rest))[1];
    }
    if ($head =~ /^Content-Length\s*:\s*(\d+)/mi) {
        return length($rest) >= $1 ? 1 : 0;
    }
    return 1;
}

# %$opt: delay (seconds before the reply: "--- tcp_reply_delay"), no_close
# (hold the connection open until the block ends: "--- tcp_no_close"),
# shutdown (0, 1 or 2: shut that part of the connection down as soon as it
# is accepted, then neither read nor write it: "--- tcp_shutdown").
sub _start_tcp_server {
    my ($port, $reply, $qlen, $timeout, $opt) = @_;
    $opt ||= {};
    my $listener = IO::Socket::INET->new(
        LocalAddr => '127.0.0.1', LocalPort => $port, Proto => 'tcp',
        Listen => 5, ReuseAddr => 1);
    return (undef, "cannot listen on 127.0.0.1:$port: $@") unless $listener;

    # in logs/ (removed with it), not at the top of the server root, which
    # must hold nothing else between blocks (see _prepare_servroot)
    my $file = "$LogDir/tcp_query.$port";
    unlink $file;

    my $pid = fork;
    return (undef, "fork failed: $!") unless defined $pid;

    if ($pid == 0) {
        # child: never return, never run END blocks
        $SIG{$_} = 'DEFAULT' for qw(INT TERM PIPE);
        $SIG{ALRM} = sub { POSIX::_exit(3) };
        alarm(int($timeout + ($opt->{delay} || 0)) + 10);
        eval {
            open STDIN, '<', '/dev/null';
            open STDOUT, '>', '/dev/null';
            _tcp_server_child($listener, $file, $reply, $qlen, $timeout,
                              $opt);
        };
        POSIX::_exit($@ ? 1 : 0);
    }

    close $listener;
    $TcpChildren{$pid} = 1;
    return ({ pid => $pid, file => $file, port => $port,
              no_close => $opt->{no_close} }, undef);
}

sub _tcp_server_child {
    my ($listener, $file, $reply, $qlen, $timeout, $opt) = @_;
    $SIG{PIPE} = 'IGNORE';
    my $deadline = Time::HiRes::time() + $timeout + 2;
    my $lsel = IO::Select->new($listener);
    my $left = $deadline - Time::HiRes::time();
    return unless $left > 0 && $lsel->can_read($left);
    my $conn = $listener->accept or return;
    close $listener;
    binmode $conn;
    $conn->blocking(0);
    my $sel = IO::Select->new($conn);

    my ($no_read, $no_write);
    my $how = $opt->{shutdown};
    if (defined $how) {
        shutdown($conn, $how);
        $no_read = $how != 1;
        $no_write = $how != 0;
    }

    my $buf = '';
    my $idle = 0.5;
    my $last = Time::HiRes::time();
    while (!$no_read) {
        if (defined $qlen) {
            last if length($buf) >= $qlen;
        } else {
            last if $buf =~ m{\A[A-Z]+ \S+ HTTP/\d}
                    && _http_request_complete($buf);
        }
        my $now = Time::HiRes::time();
        my $wait = $deadline - $now;
        last if $wait <= 0;
        if (!defined $qlen && length $buf && $buf !~ m{\A[A-Z]+ \S+ HTTP/\d}) {
            my $il = $last + $idle - $now;
            last if $il <= 0;
            $wait = $il if $il < $wait;
        }
        next unless $sel->can_read($wait);
        my $want = defined $qlen ? $qlen - length($buf) : 65536;
        my $n = sysread($conn, my $chunk, $want);
        if (!defined $n) {
            next if $!{EAGAIN} || $!{EWOULDBLOCK} || $!{EINTR};
            last;
        }
        last if $n == 0;
        $buf .= $chunk;
        $last = Time::HiRes::time();
    }

    _spew("$file.tmp", $buf);
    rename "$file.tmp", $file;

    Time::HiRes::sleep($opt->{delay}) if $opt->{delay};

    my @pieces = $no_write || !defined $reply ? ()
               : ref $reply eq 'ARRAY' ? @$reply : ($reply);
    my $wdeadline = Time::HiRes::time() + $timeout;
  PIECE:
    for my $data (@pieces) {
        next unless defined $data;
        my $off = 0;
        while ($off < length $data) {
            my $l = $wdeadline - Time::HiRes::time();
            last PIECE if $l <= 0;
            next unless $sel->can_write($l);
            my $n = syswrite($conn, $data, length($data) - $off, $off);
            if (!defined $n) {
                next if $!{EAGAIN} || $!{EWOULDBLOCK} || $!{EINTR};
                last PIECE;
            }
            $off += $n;
        }
    }

    if ($opt->{no_close}) {
        # held open, unread, until the runner ends this process (or the
        # alarm set when it was started goes off)
        sleep 1 while 1;
    }

    # half-close, then drain briefly so that closing does not reset the
    # connection under nginx's feet
    shutdown($conn, 1);
    my $ddeadline = Time::HiRes::time() + 1;
    while (1) {
        my $l = $ddeadline - Time::HiRes::time();
        last if $l <= 0;
        next unless $sel->can_read($l);
        my $n = sysread($conn, my $junk, 65536);
        next if !defined $n && ($!{EAGAIN} || $!{EINTR});
        last unless $n;
    }
    close $conn;
}

sub _reap_child {
    my ($pid, $secs) = @_;
    my $deadline = Time::HiRes::time() + $secs;
    while (1) {
        my $w = waitpid($pid, POSIX::WNOHANG());
        return 1 if $w == $pid || $w < 0;
        last if Time::HiRes::time() > $deadline;
        Time::HiRes::sleep(0.02);
    }
    kill 'TERM', $pid;
    $deadline = Time::HiRes::time() + 1;
    while (1) {
        my $w = waitpid($pid, POSIX::WNOHANG());
        return 1 if $w == $pid || $w < 0;
        last if Time::HiRes::time() > $deadline;
        Time::HiRes::sleep(0.02);
    }
    kill 'KILL', $pid;
    waitpid($pid, 0);
    return 0;
}

sub _finish_tcp_server {
    my ($srv, $secs) = @_;
    _reap_child($srv->{pid}, $srv->{no_close} ? 0 : $secs);
    delete $TcpChildren{$srv->{pid}};
    return _slurp($srv->{file});
}

sub _kill_tcp_children {
    for my $pid (keys %TcpChildren) {
        _reap_child($pid, 0);
        delete $TcpChildren{$pid};
    }
}

# ---------------------------------------------------------------------------
# Assertions
# ---------------------------------------------------------------------------

sub _header_lines {
    my $spec = shift;
    my @out;
    if (ref $spec eq 'HASH') {
        for my $k (sort keys %$spec) {
            push @out, defined $spec->{$k} ? [$k, $spec->{$k}] : ["!$k"];
        }
        return @out;
    }
    for my $l (split /\n/, $spec) {
        next if $l =~ /^\s*(?:#.*)?$/;
        if ($l =~ /^\s*!\s*([^:\s]+)\s*$/) {
            push @out, ["!$1"];
        } elsif ($l =~ /^\s*([^:\s]+)\s*:\s*(.*?)\s*$/) {
            push @out, [$1, $2];
        } else {
            push @out, [undef, $l];
        }
    }
    return @out;
}

sub _check_headers {
    my ($name, $res, $spec, $like) = @_;
    return unless defined $spec;
    my $what = $like ? 'response_headers_like' : 'response_headers';
    for my $h (_header_lines($spec)) {
        my ($k, $v) = @$h;
        if (!defined $k) {
            Test::More::fail("$name - $what: cannot parse line '$v'");
            next;
        }
        if ($k =~ s/^!//) {
            my $got = _header($res->{headers}, $k);
            Test::More::ok(!defined $got,
                           "$name - header $k not present in the raw headers")
                or Test::More::diag("  but got: $k: $got");
            next;
        }
        my $got = _header($res->{headers}, $k);
        if ($like) {
            Test::More::like(defined $got ? $got : '', qr/^(?:$v)$/s,
                             "$name - header $k like ok")
                or defined $got
                or Test::More::diag("  header $k is absent");
        } elsif ($v eq '') {
            Test::More::ok(!defined $got || $got eq '',
                           "$name - header $k empty or absent")
                or Test::More::diag("  but got: $k: $got");
        } else {
            Test::More::is($got, $v, "$name - header $k ok");
        }
    }
}

sub _log_patterns {
    my $spec = shift;
    return () unless defined $spec;
    return @$spec if ref $spec eq 'ARRAY';
    return ($spec) if ref $spec;
    return grep { length } map { s/\r\z//r } split /\n/, $spec;
}

sub _line_matches {
    my ($line, $pat) = @_;
    return ref $pat eq 'Regexp' ? $line =~ $pat : index($line, $pat) >= 0;
}

# One check of "--- error_log" and "--- no_error_log" against $log, named
# as the CPAN module names them: "(req R)", R being the repetition
# (repeat_each) from 0, whichever request of an array it follows. $what
# says, on failure, which part of the log was read.
sub _check_logs {
    my ($name, $block, $log, $rep, $what) = @_;
    my $sfx = " (req $rep)";
    my @lines = split /\n/, $log;
    my @mentioned;
    my $shown;
    my $show = sub {
        return if $shown++;
        Test::More::diag("  checked: $what; its last lines:\n"
            . (@lines ? join('', map { "    $_\n" } @lines[
                ($#lines > 15 ? $#lines - 15 : 0) .. $#lines])
                      : "    (none)\n"));
    };
    for my $pat (_log_patterns(_sec($block, 'error_log'))) {
        push @mentioned, $pat;
        if (grep { _line_matches($_, $pat) } @lines) {
            Test::More::pass("$name - pattern \"$pat\" matches a line in"
                             . " error.log$sfx");
        } else {
            Test::More::fail("$name - pattern \"$pat\" should match a line"
                             . " in error.log$sfx");
            $show->();
        }
    }
    for my $pat (_log_patterns(_sec($block, 'no_error_log'))) {
        push @mentioned, $pat;
        my @hit = grep { _line_matches($_, $pat) } @lines;
        my $p = _fmt_str($pat);
        if (!@hit) {
            Test::More::pass("$name - pattern \"$p\" does not match a line"
                             . " in error.log$sfx");
        } else {
            Test::More::fail("$name - pattern \"$p\" should not match any"
                             . " line in error.log but matches line \""
                             . _fmt_str($hit[0]) . "\"$sfx");
            Test::More::diag("  checked: $what"
                . (@hit > 1 ? "; " . (@hit - 1) . " more line(s) match" : ''));
        }
    }
    # "--- grep_error_log": per line of the part, the text the pattern (a
    # string or qr//; an array: one per repetition) matches first, each
    # followed by a newline, compared with "--- grep_error_log_out" (a
    # string or qr//; an array: one per repetition) as the CPAN module
    # does (check_error_log)
    my $grep = _sec($block, 'grep_error_log');
    $grep = $grep->[$rep] if ref $grep eq 'ARRAY';
    if (defined $grep) {
        my $want = _sec($block, 'grep_error_log_out');
        $want = $want->[$rep] if ref $want eq 'ARRAY';
        my $got = '';
        for my $l (@lines) {
            if ((ref $grep && $l =~ /$grep/) || $l =~ /\Q$grep\E/) {
                $got .= "$&\n" if $& !~ /\n/;
            }
        }
        if (!defined $want) {
            Test::More::fail("$name - --- grep_error_log without"
                             . " --- grep_error_log_out$sfx");
        } elsif (ref $want eq 'Regexp') {
            Test::More::like($got, $want, "$name - grep_error_log_out$sfx");
        } else {
            Test::More::is($got, $want, "$name - grep_error_log_out$sfx");
        }
    }
    # like CPAN: warn about serious messages nobody asked about
    for my $l (@lines) {
        next unless $l =~ /\[(?:alert|crit|emerg)\]/;
        next if grep { _line_matches($l, $_) } @mentioned;
        warn "WARNING: $name - $l\n";
    }
}

# As the CPAN module (check_error_log, error_log_data): the log is checked
# after every response of a request array and once more at the end, each
# time against only what was written since the previous check ($$pos, a
# byte offset that starts at the block's start). So in a request array
# every "--- error_log" pattern must be logged by every request (request 0's
# part also holds nginx's start-up lines), and "--- no_error_log" holds for
# each part. With check_accum_error_log() every check reads the block's
# whole log so far instead. The short sleep lets lines that nginx writes
# after the response (the log phase, closing) land first, as there.
sub _check_log_part {
    my ($name, $block, $pos, $block_pos, $rep, $what) = @_;
    Time::HiRes::sleep(0.05);
    my $from = $CheckAccumErrLog ? $block_pos : $$pos;
    my $log = _slurp($ErrLogFile, $from);
    $log = '' unless defined $log;
    $$pos = $from + length $log;
    $what = $CheckAccumErrLog
        ? "the block's whole error.log, read $what"
        : "only the part of error.log written since the previous check"
          . " (or the block's start), read $what";
    _check_logs($name, $block, $log, $rep, $what);
}

# ---------------------------------------------------------------------------
# Running blocks
# ---------------------------------------------------------------------------

sub run_tests {
    my $tb = Test::More->builder;
    Test::More::plan('no_plan') unless $tb->has_plan;
    for my $block (blocks()) {
        $_->($block) for @BlockPreprocessors;
        _run_block($block);
    }
    return;
}

# "50ms", "1.5s", "2": seconds, or undef
sub _parse_time {
    my $t = _trim(shift);
    return undef unless defined $t && $t ne '';
    return $1 / 1000 if $t =~ /^(\d+(?:\.\d+)?)\s*ms$/;
    return $1 if $t =~ /^(\d+(?:\.\d+)?)\s*s?$/;
    return undef;
}

sub _parse_timeout {
    my $t = _parse_time(shift);
    return defined $t ? $t : $DefaultTimeout;
}

sub _run_block {
    my $block = shift;
    my $name = $block->name;
    $CurrentBlockName = $name;
    my $timeout = _parse_timeout(_sec($block, 'timeout'));

    my $nreq = 1;
    my $req = _sec($block, 'request');
    $nreq = @$req if ref $req eq 'ARRAY';
    my $wait = _parse_time(_sec($block, 'wait')) || 0;
    my $budget = 30 + ($UseValgrind ? 600 : 0)
        + (_parse_time(_sec($block, 'tcp_reply_delay')) || 0)
        + $RepeatEach * $nreq * ($timeout + $wait + 10);

    my $ok = eval {
        local $SIG{ALRM} = sub { die "block exceeded its time budget"
                                     . " of ${budget}s\n" };
        alarm(int($budget) + 1);
        _run_block_inner($block, $name, $timeout);
        alarm(0);
        1;
    };
    alarm(0);
    my $err = $@;
    _kill_tcp_children();
    _stop_nginx();
    unless ($ok) {
        chomp $err;
        Test::More::fail("$name - runner error: $err");
    }
}

sub _run_block_inner {
    my ($block, $name, $timeout) = @_;

    # As the CPAN module, a first block without "--- config" stops the run.
    # (There a later one is run against the previous block's nginx, not
    # restarted, its own http_config and user_files unused: not here.)
    Test::More::BAIL_OUT("$name - No '--- config' section specified and"
                         . " could not get previous one.")
        unless defined _sec($block, 'config');
    # as the CPAN module: a fake upstream must have something to do
    Test::More::BAIL_OUT("$name - no --- tcp_reply specified but ---"
                         . " tcp_listen is specified")
        if defined _sec($block, 'tcp_listen')
           && !defined _sec($block, 'tcp_reply')
           && !defined _sec($block, 'tcp_shutdown');

    _stop_nginx();
    _stop_stale_nginx();
    _prepare_servroot();
    _write_user_files(_sec($block, 'user_files'));
    _spew($ConfFile, _build_config($block));

    # where this block's log starts (0 but with TEST_NGINX_NO_CLEAN), and
    # where the next check of it starts reading
    my $block_pos = -s $ErrLogFile || 0;
    my $log_pos = $block_pos;

    my $must_die = _trim(_sec($block, 'must_die'));
    if (defined $must_die) {
        my ($started, $stderr, $status) = _start_nginx();
        # as the CPAN module: a number is the exit status nginx must die
        # with, anything else (empty) any failure
        my $code = defined $status && $status > 0 ? $status >> 8 : 0;
        if ($must_die =~ /^\d+\z/) {
            Test::More::is($started ? 0 : $code, $must_die,
                           "$name - die with the expected exit code");
        } else {
            Test::More::ok(!$started, "$name - die as expected");
        }
        if ($started) {
            Test::More::diag("  nginx must die but it started");
            _stop_nginx();
        } elsif ($UseValgrind) {
            # valgrind mode: what nginx did before it died counts too
            _valgrind_check($name, $stderr, undef);
        }
        Time::HiRes::sleep(0.05);
        # As the CPAN module: only logs/error.log is read, where nginx,
        # started with "-e logs/error.log", wrote its configuration error
        # (it also printed it on stderr, which is not read).
        _check_log_part($name, $block, \$log_pos, $block_pos, 0,
                        $started ? 'after nginx started'
                                 : 'after nginx failed to start');
        return;
    }

    my ($started, $stderr, $status) = _start_nginx();
    unless ($started) {
        Test::More::fail("$name - nginx started");
        Test::More::diag("  nginx ($NginxBinary) failed to start"
            . (defined $status && $status > 0
               ? " (exit status " . ($status >> 8) . ")" : '')
            . ":\n" . _short($stderr, 4000));
        return;
    }

    my @requests;
    my $req = _sec($block, 'request');
    my $raw = _sec($block, 'raw_request');
    my $more = _sec($block, 'more_headers');
    if (defined $raw) {
        my $pieces = ref $raw eq 'ARRAY' ? $raw : [$raw];
        my ($m) = (join '', @$pieces) =~ /\A\s*(\S+)/;
        push @requests, [$pieces, defined $m ? $m : 'GET'];
    } elsif (defined $req) {
        my @list = ref $req eq 'ARRAY' ? @$req : ($req);
        for my $i (0 .. $#list) {
            my ($bytes, $m) = _build_request($list[$i], _pick($more, $i));
            push @requests, [[$bytes], $m];
        }
    }
    my $multi = @requests > 1;
    my $delay = _sec($block, 'raw_request_middle_delay');

    my $wait = _trim(_sec($block, 'wait'));
    $wait = undef unless defined $wait && $wait =~ /^\d+(?:\.\d+)?$/;
    my $shutdown = _sec($block, 'shutdown');
    my $ignore = defined _sec($block, 'ignore_response');

    for my $rep (1 .. $RepeatEach) {
        my $rsuffix = $RepeatEach > 1 ? " (repeat $rep)" : '';

        my $srv;
        my $tcp_port = _trim(_expand_env(_sec($block, 'tcp_listen')));
        if (defined $tcp_port) {
            my $qlen = _trim(_sec($block, 'tcp_query_len'));
            my $how = _trim(_sec($block, 'tcp_shutdown'));
            my ($s, $err) = _start_tcp_server($tcp_port,
                _sec($block, 'tcp_reply'), $qlen, $timeout, {
                    delay => _parse_time(_sec($block, 'tcp_reply_delay')),
                    no_close => defined _sec($block, 'tcp_no_close'),
                    shutdown => defined $how && $how =~ /^[012]$/
                                ? $how : undef,
                });
            if ($s) {
                $srv = $s;
            } else {
                Test::More::fail("$name - fake upstream on tcp_listen"
                                 . " port$rsuffix");
                Test::More::diag("  $err");
            }
        }

        for my $i (0 .. $#requests) {
            my ($pieces, $method) = @{$requests[$i]};
            my $sfx = ($multi ? " (req $i)" : '') . $rsuffix;
            my $res = _http_request($pieces, $method, $timeout, $delay,
                                    $shutdown);
            _check_response($name, $block, $res, $i, $sfx, $timeout,
                            $ignore, $multi);

            # as the CPAN module: "--- wait", then the log is checked,
            # after every response but the last (see _check_log_part)
            if ($i < $#requests) {
                Time::HiRes::sleep($wait) if $wait;
                _check_log_part($name, $block, \$log_pos, $block_pos,
                                $rep - 1, _part_what($i, scalar @requests,
                                                     $rep));
            }
        }

        # ... and after the last one
        Time::HiRes::sleep($wait) if $wait;
        _check_log_part($name, $block, \$log_pos, $block_pos, $rep - 1,
                        _part_what($#requests, scalar @requests, $rep));

        # the fake upstream is stopped after the log is read, as the CPAN
        # module does: a held connection (tcp_no_close) closes only now
        if ($srv) {
            my $got = _finish_tcp_server($srv, 3);
            my $want = _sec($block, 'tcp_query');
            if (defined $want) {
                Test::More::is($got, $want, "$name - tcp_query ok$rsuffix")
                    or defined $got
                    or Test::More::diag("  the fake upstream on port"
                                        . " $tcp_port received no connection");
            }
            my $qlen = _trim(_sec($block, 'tcp_query_len'));
            if (defined $qlen) {
                Test::More::is(length(defined $got ? $got : ''), $qlen,
                               "$name - TCP query length ok$rsuffix");
            }
        }
    }
}

# when a check is made, for failure messages
sub _part_what {
    my ($i, $n, $rep) = @_;
    return "after request $i (of 0.." . ($n - 1) . ")"
        . ($RepeatEach > 1 ? ", repetition $rep" : '');
}

sub _check_response {
    my ($name, $block, $res, $i, $sfx, $timeout, $ignore, $multi) = @_;

    if ($res->{error}) {
        Test::More::fail("$name - request sent$sfx");
        Test::More::diag("  $res->{error}");
    } elsif ($res->{timeout} && !defined _sec($block, 'abort')) {
        Test::More::fail("$name - response received within ${timeout}s$sfx");
        Test::More::diag("  client socket timed out; received so far: "
                         . _short($res->{raw}));
    }

    # "--- ignore_response": the response is neither parsed nor checked
    return if $ignore;

    # as the CPAN module: no section means 200; an empty value means no
    # status line at all (an empty reply)
    my $code = _trim(_expected($name, $block, 'error_code', $i, $multi));
    $code = 200 unless defined $code;
    Test::More::is(defined $res->{status} ? $res->{status} : '', $code,
                   "$name - status code ok$sfx")
        or Test::More::diag("  response: " . _short($res->{raw}));

    # The CPAN module reads response_headers_like only in a block without
    # response_headers: there the _like lines would silently not be
    # checked. Such a block fails here instead.
    if (defined _sec($block, 'response_headers')
        && defined _sec($block, 'response_headers_like'))
    {
        Test::More::fail("$name - response_headers_like is not read when"
                         . " response_headers is present (as in the CPAN"
                         . " module): fold them into one section$sfx");
    }
    _check_headers("$name$sfx", $res,
        _expected($name, $block, 'response_headers', $i, $multi), 0);
    _check_headers("$name$sfx", $res,
        _expected($name, $block, 'response_headers_like', $i, $multi), 1)
        unless defined _sec($block, 'response_headers');

    # as the CPAN module, $TEST_NGINX_* in an expected body is replaced
    my $body = _expand_env(_expected($name, $block, 'response_body', $i,
                                     $multi));
    if (ref $body eq 'Regexp') {
        Test::More::like($res->{body}, $body,
                         "$name - response_body - like$sfx");
    } elsif (defined $body) {
        Test::More::is($res->{body}, $body,
                       "$name - response_body - response is expected$sfx");
    }
    # as response_headers_like above: the CPAN module reads
    # response_body_like only in a block without response_body
    if (defined _sec($block, 'response_body')
        && defined _sec($block, 'response_body_like'))
    {
        Test::More::fail("$name - response_body_like is not read when"
                         . " response_body is present (as in the CPAN"
                         . " module): keep one of them$sfx");
    }
    my $like = _expected($name, $block, 'response_body_like', $i, $multi)
        unless defined _sec($block, 'response_body');
    if (defined $like) {
        my $re = ref $like eq 'Regexp' ? $like : qr/$like/s;
        Test::More::like(defined $res->{body} ? $res->{body} : '', $re,
            "$name - response_body_like - response is expected$sfx");
    }
}

# ---------------------------------------------------------------------------
# Cleanup
# ---------------------------------------------------------------------------

{
    my %signo = (HUP => 1, INT => 2, TERM => 15);
    for my $sig (keys %signo) {
        next if $SIG{$sig};
        $SIG{$sig} = sub { exit 128 + $signo{$sig} };
    }
}

END {
    if ($$ == $MainPid) {
        local ($?, $!, $@);
        eval {
            _kill_tcp_children();
            _stop_nginx();
            # reap whatever was re-parented to us (we are a subreaper)
            1 while waitpid(-1, POSIX::WNOHANG()) > 0;
        };
    }
}

1;
