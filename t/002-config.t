# Configuration mistakes stop nginx from starting. (What nginx says about
# each, naming the directive and file:line, is in t/003-config-messages.t:
# Debian's nginx prints startup errors on stderr, which Test::Nginx does not
# read.)
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



=== TEST 2: unknown rule name at http level
--- http_config
    pkg_reroute_use missing;
--- config
    pkg_reroute pypi;
--- must_die



=== TEST 3: bad pattern: three stars
--- http_config
    pkg_reroute_rule r block { ok-name; "a***b"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use r;
--- must_die



=== TEST 4: bad pattern: a control character
--- http_config eval
"    pkg_reroute_rule r block { \"a\tb\"; }\n"
--- config
    pkg_reroute npm;
--- must_die



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



=== TEST 6: bad redirect status
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm 301;
--- must_die



=== TEST 7: bad redirect URL
--- config
    pkg_reroute npm;
    pkg_reroute_redirect repo.example.test/npm;
--- must_die



=== TEST 8: two rules in one place
--- http_config
    pkg_reroute_rule a block { x; }
    pkg_reroute_rule b allow { y; }
--- config
    pkg_reroute npm;
    pkg_reroute_use a;
    pkg_reroute_use b;
--- must_die



=== TEST 9: a rule defined twice
--- http_config
    pkg_reroute_rule a block { x; }
    pkg_reroute_rule a allow { y; }
--- config
    pkg_reroute npm;
--- must_die



=== TEST 10: unknown mode
--- http_config
    pkg_reroute_rule a deny { x; }
--- config
    pkg_reroute npm;
--- must_die



=== TEST 11: unknown ecosystem
--- config
    pkg_reroute maven;
--- must_die



=== TEST 12: unknown method
--- config
    pkg_reroute npm;
    pkg_reroute_methods GET FETCH;
--- must_die



=== TEST 13: block status other than 403 or 404
--- config
    pkg_reroute npm;
    pkg_reroute_block_status 451;
--- must_die



=== TEST 14: pkg_reroute_rule outside the http block
--- config
    pkg_reroute_rule a block { x; }
--- must_die



=== TEST 15: a block inside a rule is refused
--- http_config
    pkg_reroute_rule a block { x { y; } }
--- config
    pkg_reroute npm;
--- must_die



=== TEST 16: pkg_reroute given twice
--- config
    pkg_reroute npm;
    pkg_reroute pypi;
--- must_die



=== TEST 17: log level other than info, notice, warn, error
--- config
    pkg_reroute npm;
    pkg_reroute_log_level debug;
--- must_die



=== TEST 18: pkg_reroute takes only prefix=/<path> after the ecosystem
--- config
    pkg_reroute npm /npm;
--- must_die



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
