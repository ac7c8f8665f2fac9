# Configuration mistakes stop nginx from starting, and nginx says why,
# naming the directive and the file:line. Test::Nginx (the CPAN module since
# 0.31, and t/lib's runner) starts nginx with "-e logs/error.log", so that
# message is in error.log, where "--- error_log" finds it. The line numbers
# are those of the runner's generated nginx.conf: t/003-config-messages.t
# checks them exactly, with "nginx -t" on configurations of its own.
use Test::Nginx::Socket 'no_plan';

# the CPAN module does not define it (TEST 5 includes a file from html/);
# an undefined $TEST_NGINX_* stops the run there, and in t/lib's runner
$ENV{TEST_NGINX_HTML_DIR} ||= html_dir();

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: unknown rule name, reported with the file:line of pkg_reroute_use
--- config
    pkg_reroute npm;
    pkg_reroute_use no-such-rule;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: unknown pkg_reroute_rule "no-such-rule" in pkg_reroute_use in \S+/nginx\.conf:\d+$}



=== TEST 2: unknown rule name at http level
--- http_config
    pkg_reroute_use missing;
--- config
    pkg_reroute pypi;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: unknown pkg_reroute_rule "missing" in pkg_reroute_use in \S+/nginx\.conf:\d+$}



=== TEST 3: bad pattern: three stars
--- http_config
    pkg_reroute_rule r block { ok-name; "a***b"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use r;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid pattern "a\*\*\*b" in pkg_reroute_rule "r": "\*\*\*" is not a valid wildcard in \S+/nginx\.conf:\d+$}



=== TEST 4: bad pattern: a control character
--- http_config eval
"    pkg_reroute_rule r block { \"a\tb\"; }\n"
--- config
    pkg_reroute npm;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid pattern "a\tb" in pkg_reroute_rule "r": invalid character in pattern in \S+/nginx\.conf:\d+$}



=== TEST 5: bad pattern in an included file names that file
--- http_config
    pkg_reroute_rule r block {
        include $TEST_NGINX_HTML_DIR/bad-patterns.txt;
    }
--- config
    pkg_reroute npm;
--- user_files
>>> bad-patterns.txt
good-one;
"x***";
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid pattern "x\*\*\*" in pkg_reroute_rule "r": "\*\*\*" is not a valid wildcard in \S+/html/bad-patterns\.txt:2$}



=== TEST 6: bad redirect status
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm 301;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid status "301" in pkg_reroute_redirect, it must be 302, 307 or 308 in \S+/nginx\.conf:\d+$}



=== TEST 7: bad redirect URL
--- config
    pkg_reroute npm;
    pkg_reroute_redirect repo.example.test/npm;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid URL "repo\.example\.test/npm" in pkg_reroute_redirect, it must start with "http://", "https://" or "/" in \S+/nginx\.conf:\d+$}



=== TEST 8: two rules in one place
--- http_config
    pkg_reroute_rule a block { x; }
    pkg_reroute_rule b allow { y; }
--- config
    pkg_reroute npm;
    pkg_reroute_use a;
    pkg_reroute_use b;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: "pkg_reroute_use" directive is duplicate in \S+/nginx\.conf:\d+$}



=== TEST 9: a rule defined twice
--- http_config
    pkg_reroute_rule a block { x; }
    pkg_reroute_rule a allow { y; }
--- config
    pkg_reroute npm;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: duplicate pkg_reroute_rule "a" in \S+/nginx\.conf:\d+$}



=== TEST 10: unknown mode
--- http_config
    pkg_reroute_rule a deny { x; }
--- config
    pkg_reroute npm;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid mode "deny" in pkg_reroute_rule "a", it must be "block" or "allow" in \S+/nginx\.conf:\d+$}



=== TEST 11: unknown ecosystem
--- config
    pkg_reroute maven;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: unknown ecosystem "maven", it must be one of npm, pypi, docker, huggingface, rubygems, cargo, github, generic or off in \S+/nginx\.conf:\d+$}



=== TEST 12: unknown method
--- config
    pkg_reroute npm;
    pkg_reroute_methods GET FETCH;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid method "FETCH" in pkg_reroute_methods in \S+/nginx\.conf:\d+$}



=== TEST 13: block status other than 403 or 404
--- config
    pkg_reroute npm;
    pkg_reroute_block_status 451;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid value "451" in pkg_reroute_block_status, it must be "403" or "404" in \S+/nginx\.conf:\d+$}



=== TEST 14: pkg_reroute_rule outside the http block
--- config
    pkg_reroute_rule a block { x; }
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: "pkg_reroute_rule" directive is not allowed here in \S+/nginx\.conf:\d+$}



=== TEST 15: a block inside a rule is refused
--- http_config
    pkg_reroute_rule a block { x { y; } }
--- config
    pkg_reroute npm;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: unexpected "\{" in \S+/nginx\.conf:\d+$}



=== TEST 16: pkg_reroute given twice
--- config
    pkg_reroute npm;
    pkg_reroute pypi;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: "pkg_reroute" directive is duplicate in \S+/nginx\.conf:\d+$}



=== TEST 17: log level other than info, notice, warn, error
--- config
    pkg_reroute npm;
    pkg_reroute_log_level debug;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid value "debug" in pkg_reroute_log_level, it must be "info", "notice", "warn" or "error" in \S+/nginx\.conf:\d+$}



=== TEST 18: pkg_reroute takes only prefix=/<path> after the ecosystem
--- config
    pkg_reroute npm /npm;
--- must_die
--- error_log eval
qr{\[emerg\] \d+#\d+: invalid parameter "/npm" in pkg_reroute, it must be "prefix=/<path>" in \S+/nginx\.conf:\d+$}



=== TEST 19: a good configuration with every directive starts
--- http_config
    pkg_reroute_rule a block { x*; "@s/*"; "**/y"; "z?"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use a;
    pkg_reroute_redirect https://repo.example.test/npm/ 308;
    pkg_reroute_methods GET HEAD;
    pkg_reroute_block_status 404;
    pkg_reroute_log_level warn;
    location / {
        root html;
    }
--- request
GET /xyz
--- error_code: 404
--- error_log eval
qr/\[warn\] .*pkg reroute: package "xyz" is blocked by rule "a" \(pattern "x\*"\)/
