# The runner with check_accum_error_log(): as the CPAN module, the log so
# far is checked after every response of a request array.
use Test::Nginx::Socket 'no_plan';
no_shuffle();
check_accum_error_log();
run_tests();

__DATA__

=== TEST 1: what the first request logs is checked after each response
--- config
    location /missing/ {
    }
    location /ok {
        return 200 "ok\n";
    }
--- request eval
["GET /missing/x.txt", "GET /ok", "GET /ok"]
--- error_code eval
[404, 200, 200]
--- error_log
open() "
--- no_error_log
[alert]
