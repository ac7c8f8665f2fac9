# Bad input: overlong URIs and names, NUL bytes, invalid percent-encoding,
# invalid UTF-8, empty names, a dependency list of 100,000 gems, huge query
# strings, many and garbage Accept lines. Each gets a 4xx in the client's
# own error format (or, where nginx itself refuses the request before the
# module sees it, nginx's own answer), the worker stays up and serves the
# normal request that follows in the same block, and the error log says
# what happened at "info", with no [warn] or worse. As the CPAN module
# checks the error log against each request's own part of it, what the bad
# requests log is checked in a block of its own (the "b" after each), with
# the bad requests only; in a request array, a pattern of the form
# "(?:this message, .*request: "GET /this|...)" ties each message to the
# request that logged it.
#
# Every block gets the same registries in prefix mode (one server, one
# location per ecosystem, a redirect target each, a rule blocking "evil-*"),
# after whatever server-level lines the block's own --- config has.
use Test::Nginx::Socket 'no_plan';

$ENV{TEST_NGINX_MAIN_PORT} = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;

master_on();        # a crashed worker is then logged: "exited on signal"
no_root_location();
no_shuffle();

my $registries = <<'_EOC_';
    pkg_reroute_use policy;
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_redirect https://repo.example.test/pypi;
    }
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_redirect https://repo.example.test/docker;
    }
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_redirect https://repo.example.test/cargo;
    }
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_redirect https://repo.example.test/hf;
    }
    location / {
        return 404 "not a registry\n";
    }
_EOC_

add_block_preprocessor(sub {
    my $block = shift;
    $block->set_value("http_config",
        "    pkg_reroute_rule policy block { \"evil-*\"; \"\@evil/*\"; }\n"
        . ($block->http_config // ''));
    $block->set_value("config", ($block->config // '') . $registries);
});

run_tests();

__DATA__

=== TEST 1: npm names over npm's 214 characters: 400 in npm's format, logged at info
--- request eval
["GET /npm/" . ("a" x 300), "GET /npm/\@scope/" . ("a" x 300), "GET /npm/express"]
--- error_code eval
[400, 400, 307]
--- response_headers eval
["Content-Type: application/json", "Content-Type: application/json",
"Location: https://repo.example.test/npm/express"]
--- response_body_like eval
['\A\{"error":"invalid npm request: package name too long"\}\n\z',
'\A\{"error":"invalid npm request: package name too long"\}\n\z',
'307 Temporary Redirect']
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 2: both names over 214 characters are logged at info
--- request eval
["GET /npm/" . ("a" x 300), "GET /npm/\@scope/" . ("a" x 300)]
--- error_code eval
[400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid npm request: package name too long, client: 127\.0\.0\.1/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 3: 5 KB names (large_client_header_buffers raised), every ecosystem in its own format
--- config
    large_client_header_buffers 4 16k;
--- request eval
["GET /pypi/simple/" . ("a" x 5000) . "/",
"GET /gems/info/" . ("a" x 5000),
"GET /docker/v2/" . ("a" x 5000) . "/manifests/1.0",
"GET /cargo/api/v1/crates/" . ("a" x 5000) . "/1.0.0/download",
"GET /hf/api/models/" . ("a" x 5000) . "/m",
"GET /pypi/simple/requests/"]
--- error_code eval
[400, 400, 400, 400, 400, 307]
--- response_headers eval
["Content-Type: text/plain", "Content-Type: text/plain",
"Content-Type: application/json", "Content-Type: application/json",
"Content-Type: application/json
X-Error-Message: invalid huggingface request: invalid repository id",
"Location: https://repo.example.test/pypi/simple/requests/"]
--- response_body_like eval
['\Ainvalid pypi request: package name too long\n\z',
'\Ainvalid rubygems request: package name too long\n\z',
'\A\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: repository name too long","detail":null\}\]\}\n\z',
'\A\{"errors":\[\{"detail":"invalid cargo request: invalid crate name"\}\]\}\n\z',
'\A\{"error":"invalid huggingface request: invalid repository id"\}\n\z',
'307 Temporary Redirect']
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 4: each 5 KB name is logged at info, in its own ecosystem's words
--- config
    large_client_header_buffers 4 16k;
--- request eval
["GET /pypi/simple/" . ("a" x 5000) . "/",
"GET /gems/info/" . ("a" x 5000),
"GET /docker/v2/" . ("a" x 5000) . "/manifests/1.0",
"GET /cargo/api/v1/crates/" . ("a" x 5000) . "/1.0.0/download",
"GET /hf/api/models/" . ("a" x 5000) . "/m"]
--- error_code eval
[400, 400, 400, 400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid (?:pypi request: package name too long, .*request: "GET \/pypi\/|rubygems request: package name too long, .*request: "GET \/gems\/|docker request: repository name too long, .*request: "GET \/docker\/|cargo request: invalid crate name, .*request: "GET \/cargo\/|huggingface request: invalid repository id, .*request: "GET \/hf\/)/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 5: a path over PR_MAX_PATH_LEN (a 10 KB name): "path too long" before any parsing, every ecosystem
--- config
    large_client_header_buffers 4 32k;
--- request eval
["GET /npm/" . ("a" x 10240),
"GET /pypi/simple/" . ("a" x 10240) . "/",
"GET /gems/info/" . ("a" x 10240),
"GET /docker/v2/" . ("a" x 10240) . "/manifests/1.0",
"GET /cargo/api/v1/crates/" . ("a" x 10240) . "/1.0.0/download",
"GET /hf/" . ("a/" x 5000) . "resolve/main/x",
"GET /cargo/api/v1/crates/serde/1.0.0/download"]
--- error_code eval
[400, 400, 400, 400, 400, 400, 307]
--- response_body_like eval
['\A\{"error":"invalid npm request: path too long"\}\n\z',
'\Ainvalid pypi request: path too long\n\z',
'\Ainvalid rubygems request: path too long\n\z',
'\A\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: path too long","detail":null\}\]\}\n\z',
'\A\{"errors":\[\{"detail":"invalid cargo request: path too long"\}\]\}\n\z',
'\A\{"error":"invalid huggingface request: path too long"\}\n\z',
'307 Temporary Redirect']
--- response_headers eval
["", "", "", "", "", "", "Location: https://repo.example.test/cargo/api/v1/crates/serde/1.0.0/download"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 6: a path too long is logged at info, npm's and Hugging Face's each with its own request
--- config
    large_client_header_buffers 4 32k;
--- request eval
["GET /npm/" . ("a" x 10240),
"GET /hf/" . ("a/" x 5000) . "resolve/main/x"]
--- error_code eval
[400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid (?:npm request: path too long, .*request: "GET \/npm\/|huggingface request: path too long, .*request: "GET \/hf\/)/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 7: a request line over large_client_header_buffers (default 8k): nginx answers 414 itself, at info
--- request eval
["GET /npm/" . ("a" x 9000),
"GET /gems/api/v1/dependencies?gems=" . ("rack," x 2000) . "rails",
"GET /gems/info/rack"]
--- error_code eval
[414, 414, 307]
--- response_body_like eval
["<title>414 Request-URI Too Large</title>", "<title>414 Request-URI Too Large</title>",
"307 Temporary Redirect"]
--- response_headers eval
["Content-Type: text/html", "Content-Type: text/html",
"Location: https://repo.example.test/gems/info/rack"]
--- log_level: info
--- no_error_log
pkg reroute:
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 8: both request lines over the limit are logged at info
--- request eval
["GET /npm/" . ("a" x 9000),
"GET /gems/api/v1/dependencies?gems=" . ("rack," x 2000) . "rails"]
--- error_code eval
[414, 414]
--- error_log eval
qr/\[info\] .*client sent too long URI while reading client request line/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 9: a literal NUL in the request line: nginx answers 400 itself, at info
--- raw_request eval
"GET /npm/a\0b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
--- error_code: 400
--- response_headers
Content-Type: text/html
--- response_body_like: <title>400 Bad Request</title>
--- log_level: info
--- error_log eval
qr/\[info\] .*client sent invalid request while reading client request line/
--- no_error_log
pkg reroute:
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 10: %00 and invalid percent-encoding (%zz, %4, a trailing %) in a path: nginx answers 400 itself, at info
--- request eval
["GET /npm/a%00b", "GET /npm/%zz", "GET /npm/a%4", "GET /npm/a%",
"GET /pypi/simple/a%00b/", "GET /gems/info/%zz", "GET /docker/v2/a%4/manifests/1",
"GET /cargo/api/v1/crates/a%/1.0.0/download", "GET /hf/o/m/resolve/main/%g0",
"GET /npm/express"]
--- error_code eval
[400, 400, 400, 400, 400, 400, 400, 400, 400, 307]
--- response_body_like eval
[("<title>400 Bad Request</title>") x 9, "307 Temporary Redirect"]
--- log_level: info
--- no_error_log
pkg reroute:
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 11: nginx logs the %00 at info, with the request
--- request
GET /npm/a%00b
--- error_code: 400
--- error_log eval
qr/\[info\] .*client sent invalid request while reading client request line, client: 127\.0\.0\.1, server: \S*, request: "GET \/npm\/a%00b HTTP\/1\.1"/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 12: bad encoding in RubyGems' dependency list (nginx does not decode queries): 400 in gem's format
--- request eval
["GET /gems/api/v1/dependencies?gems=rack%00", "GET /gems/api/v1/dependencies?gems=%zz",
"GET /gems/api/v1/dependencies?gems=rack%4", "GET /gems/api/v1/dependencies?gems=rack%",
"GET /gems/api/v1/dependencies?gems=rack%ff", "GET /gems/api/v1/dependencies?gems=rack"]
--- error_code eval
[400, 400, 400, 400, 400, 307]
--- response_headers eval
["Content-Type: text/plain", "Content-Type: text/plain", "Content-Type: text/plain",
"Content-Type: text/plain", "Content-Type: text/plain",
"Location: https://repo.example.test/gems/api/v1/dependencies?gems=rack"]
--- response_body_like eval
['\Ainvalid rubygems request: control character in query\n\z',
'\Ainvalid rubygems request: invalid percent-encoding in query\n\z',
'\Ainvalid rubygems request: invalid percent-encoding in query\n\z',
'\Ainvalid rubygems request: invalid percent-encoding in query\n\z',
'\Ainvalid rubygems request: invalid gem name in the dependency list\n\z',
'307 Temporary Redirect']
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 13: the bad encodings of the dependency list are each logged at info with their reason
--- request eval
["GET /gems/api/v1/dependencies?gems=rack%00", "GET /gems/api/v1/dependencies?gems=%zz",
"GET /gems/api/v1/dependencies?gems=rack%4", "GET /gems/api/v1/dependencies?gems=rack%"]
--- error_code eval
[400, 400, 400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid rubygems request: (?:control character in query, .*request: "GET \/gems\/api\/v1\/dependencies\?gems=rack%00 |invalid percent-encoding in query, .*request: "GET \/gems\/api\/v1\/dependencies\?gems=(?:%zz|rack%4|rack%) )/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 14: where the query is not read (npm), it is forwarded as sent, bad encoding and all
--- request eval
["GET /npm/express?a=%00&b=%zz&c=%"]
--- error_code: 307
--- response_headers
Location: https://repo.example.test/npm/express?a=%00&b=%zz&c=%
--- log_level: info
--- no_error_log
pkg reroute:
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 15: invalid UTF-8 (%ff, overlong %c0%af, surrogate %ed%a0%80, a raw 0xff byte): 400 in each client's format
--- request eval
["GET /npm/%ff", "GET /npm/%c0%af", "GET /npm/%ed%a0%80", "GET /npm/\xff",
"GET /pypi/simple/%c0%af/", "GET /gems/info/%ed%a0%80",
"GET /docker/v2/%ff/manifests/1.0", "GET /cargo/api/v1/crates/%c0%af/1.0.0/download",
"GET /hf/o/m%ed%a0%80/resolve/main/x", "GET /hf/o/m/resolve/main/x"]
--- error_code eval
[400, 400, 400, 400, 400, 400, 400, 400, 400, 307]
--- response_body_like eval
['\A\{"error":"invalid npm request: invalid UTF-8 in path"\}\n\z',
'\A\{"error":"invalid npm request: invalid UTF-8 in path"\}\n\z',
'\A\{"error":"invalid npm request: invalid UTF-8 in path"\}\n\z',
'\A\{"error":"invalid npm request: invalid UTF-8 in path"\}\n\z',
'\Ainvalid pypi request: invalid UTF-8 in path\n\z',
'\Ainvalid rubygems request: invalid UTF-8 in path\n\z',
'\A\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: invalid UTF-8 in path","detail":null\}\]\}\n\z',
'\A\{"errors":\[\{"detail":"invalid cargo request: invalid UTF-8 in path"\}\]\}\n\z',
'\A\{"error":"invalid huggingface request: invalid UTF-8 in path"\}\n\z',
'307 Temporary Redirect']
--- response_headers eval
["", "", "", "", "", "", "", "",
"X-Error-Message: invalid huggingface request: invalid UTF-8 in path",
"Location: https://repo.example.test/hf/o/m/resolve/main/x"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 16: invalid UTF-8 is logged at info with the request, npm's and Docker's
--- request eval
["GET /npm/%c0%af", "GET /docker/v2/%ff/manifests/1.0"]
--- error_code eval
[400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid (?:npm request: invalid UTF-8 in path, client: 127\.0\.0\.1, server: \S*, request: "GET \/npm\/%c0%af HTTP\/1\.1"|docker request: invalid UTF-8 in path, .*request: "GET \/docker\/v2\/%ff\/manifests\/1\.0 )/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 17: empty names: 400 in each client's format
--- request eval
["GET /npm/\@scope/", "GET /npm/\@/name", "GET /pypi/simple/-/", "GET /gems/info/",
"GET /gems/api/v1/dependencies?gems=,,,", "GET /gems/api/v1/dependencies?gems=rack,,rails",
"GET /docker/v2//manifests/latest", "GET /cargo/api/v1/crates//1.0.0/download",
"GET /hf/o/m/resolve/main/", "GET /npm/\@scope/name"]
--- error_code eval
[400, 400, 400, 400, 400, 400, 400, 400, 400, 307]
--- response_body_like eval
['\A\{"error":"invalid npm request: scope without a package name"\}\n\z',
'\A\{"error":"invalid npm request: empty scope"\}\n\z',
'\Ainvalid pypi request: invalid project name\n\z',
'\Ainvalid rubygems request: invalid gem name\n\z',
'\Ainvalid rubygems request: invalid gem name in the dependency list\n\z',
'\Ainvalid rubygems request: invalid gem name in the dependency list\n\z',
'\A\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: unknown registry path","detail":null\}\]\}\n\z',
'\A\{"errors":\[\{"detail":"invalid cargo request: invalid crate name"\}\]\}\n\z',
'\A\{"error":"invalid huggingface request: file name missing"\}\n\z',
'307 Temporary Redirect']
--- response_headers eval
["", "", "", "", "", "", "", "", "", "Location: https://repo.example.test/npm/\@scope%2fname"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 18: empty names are logged at info with their reason, npm's and RubyGems' dependency lists
--- request eval
["GET /npm/\@scope/", "GET /gems/api/v1/dependencies?gems=,,,", "GET /gems/api/v1/dependencies?gems=rack,,rails"]
--- error_code eval
[400, 400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid (?:npm request: scope without a package name, .*request: "GET \/npm\/\@scope\/ |rubygems request: invalid gem name in the dependency list, .*request: "GET \/gems\/api\/v1\/dependencies\?gems=(?:,,,|rack,,rails) )/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 19: what names no package is not an error: registry roots, merged slashes, an empty gems=
--- config
    add_header X-Decision "$pkg_reroute_decision|$pkg_reroute_package" always;
--- request eval
["GET /npm/", "GET /pypi/simple//", "GET /gems/api/v1/dependencies?gems="]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/npm/\nX-Decision: reroute|",
"Location: https://repo.example.test/pypi/simple/\nX-Decision: reroute|",
"Location: https://repo.example.test/gems/api/v1/dependencies\nX-Decision: reroute|"]
--- log_level: info
--- no_error_log
pkg reroute:
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 20: argument names of the dependency API are read decoded, as Rails reads them ("%67ems=" is "gems="); a query with no gems= name is not forwarded ("a=1;gems=" is gems= to Rack 2, "gems[]=" is not read)
--- request eval
["GET /gems/api/v1/dependencies?%67ems=evil-gem",
"GET /gems/api/v1/dependencies?gems=&%67ems=evil-gem",
"GET /gems/api/v1/dependencies.json?a=1;gems=evil-gem",
"GET /gems/api/v1/dependencies?gems[]=evil-gem",
"GET /gems/api/v1/dependencies?gems=rack&%67ems=evil-gem",
"GET /gems/api/v1/dependencies?gems=evil-gem"]
--- error_code eval
[403, 403, 307, 307, 403, 403]
--- response_headers eval
["Content-Type: text/plain",
"Content-Type: text/plain",
"Location: https://repo.example.test/gems/api/v1/dependencies.json",
"Location: https://repo.example.test/gems/api/v1/dependencies",
"Content-Type: text/plain",
"Content-Type: text/plain"]
--- response_body_like eval
['\Apackage "evil-gem" is blocked by rule "policy" \(pattern "evil-\*"\)\n\z',
'\Apackage "evil-gem" is blocked by rule "policy" \(pattern "evil-\*"\)\n\z',
"307 Temporary Redirect", "307 Temporary Redirect",
'\Apackage "evil-gem" is blocked by rule "policy" \(pattern "evil-\*"\)\n\z',
'\Apackage "evil-gem" is blocked by rule "policy" \(pattern "evil-\*"\)\n\z']
--- no_error_log
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 21: 100,000 gems in one dependency list (1 MB buffers): 400 in gem's format, in well under a second
--- config
    large_client_header_buffers 4 1m;
    add_header X-Request-Time $request_time always;
--- request eval
["GET /gems/api/v1/dependencies?gems=" . CORE::join(",", map { "gem$_" } 1 .. 100000),
"GET /gems/api/v1/dependencies?gems=" . CORE::join(",", map { "g$_" } 1 .. 257),
"GET /gems/api/v1/dependencies?gems=" . CORE::join(",", map { "g$_" } 1 .. 256)]
--- error_code eval
[400, 400, 307]
--- response_headers_like eval
["Content-Type: text/plain\nX-Request-Time: 0\\.\\d+",
"Content-Type: text/plain\nX-Request-Time: 0\\.\\d+",
"Location: https://repo\\.example\\.test/gems/api/v1/dependencies\\?gems=g1,g2,g3,.*,g256\$"]
--- response_body_like eval
['\Ainvalid rubygems request: query string too long\n\z',
'\Ainvalid rubygems request: too many package names\n\z',
'307 Temporary Redirect']
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal
--- timeout: 10



=== TEST 22: the list too long and the one name too many are each logged at info
--- config
    large_client_header_buffers 4 1m;
    add_header X-Request-Time $request_time always;
--- request eval
["GET /gems/api/v1/dependencies?gems=" . CORE::join(",", map { "gem$_" } 1 .. 100000),
"GET /gems/api/v1/dependencies?gems=" . CORE::join(",", map { "g$_" } 1 .. 257)]
--- error_code eval
[400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid rubygems request: (?:query string too long, .*request: "GET \/gems\/api\/v1\/dependencies\?gems=gem1,|too many package names, .*request: "GET \/gems\/api\/v1\/dependencies\?gems=g1,)/
--- log_level: info
--- timeout: 10
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 23: query strings over 8 KB (buffers raised): 400 in each client's format; 8 KB is still forwarded
--- config
    large_client_header_buffers 4 64k;
--- request eval
["GET /npm/express?q=" . ("a" x 9000),
"GET /pypi/simple/requests/?" . ("a" x 20000),
"GET /gems/api/v1/dependencies?gems=" . CORE::join(",", ("rack") x 2000),
"GET /docker/v2/library/alpine/tags/list?n=" . ("1" x 9000),
"GET /cargo/config.json?" . ("%ff" x 3000),
"GET /hf/api/models/o/m?" . ("a" x 60000),
"GET /npm/express?q=" . ("a" x 8190)]
--- error_code eval
[400, 400, 400, 400, 400, 400, 307]
--- response_body_like eval
['\A\{"error":"invalid npm request: query string too long"\}\n\z',
'\Ainvalid pypi request: query string too long\n\z',
'\Ainvalid rubygems request: query string too long\n\z',
'\A\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: query string too long","detail":null\}\]\}\n\z',
'\A\{"errors":\[\{"detail":"invalid cargo request: query string too long"\}\]\}\n\z',
'\A\{"error":"invalid huggingface request: query string too long"\}\n\z',
'307 Temporary Redirect']
--- response_headers_like eval
["", "", "", "", "", "", "Location: https://repo\\.example\\.test/npm/express\\?q=a{8190}\$"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 24: a query string too long is logged at info, npm's and Hugging Face's each with its own request
--- config
    large_client_header_buffers 4 64k;
--- request eval
["GET /npm/express?q=" . ("a" x 9000),
"GET /hf/api/models/o/m?" . ("a" x 60000)]
--- error_code eval
[400, 400]
--- error_log eval
qr/\[info\] .*pkg reroute: invalid (?:npm request: query string too long, .*request: "GET \/npm\/|huggingface request: query string too long, .*request: "GET \/hf\/)/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 25: 990 Accept lines (just under Debian's max_headers of 1000): every one is read for the cache key's variant, as the upstream reads them (the 501st asks for PEP 691 JSON); types no manifest has are not kept
--- config
    add_header X-Key $pkg_reroute_cache_key always;
--- more_headers eval
CORE::join("", map { sprintf "Accept: application/x-t%03d\n", $_ } 0 .. 499)
. "Accept: application/vnd.pypi.simple.v1+json\n"
. CORE::join("", map { sprintf "Accept: application/x-t%03d\n", $_ } 500 .. 988)
--- request eval
["GET /docker/v2/library/alpine/manifests/3.19", "GET /pypi/simple/requests/"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/docker/v2/library/alpine/manifests/3.19
X-Key: docker::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/docker/:/v2/library/alpine/manifests/3.19",
"Location: https://repo.example.test/pypi/simple/requests/
X-Key: pypi:json:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/pypi/:/simple/requests/"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 26: one Accept line of 10,000 media ranges, and garbage Accept lines: bounded, and the request is answered as usual
--- config
    large_client_header_buffers 4 128k;
    add_header X-Key $pkg_reroute_cache_key always;
--- more_headers eval
"Accept: ;;;,,,q=q=q, */*;q=abc, ;q=0.5, c/d;q=0.99999999999999999999, e/f;q=\n"
. "Accept: " . CORE::join(",", map { "a/b$_" } 0 .. 9999) . "\n"
--- request eval
["GET /docker/v2/library/alpine/manifests/3.19", "GET /pypi/simple/requests/"]
--- error_code eval
[307, 307]
--- response_headers eval
["X-Key: docker::localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/docker/:/v2/library/alpine/manifests/3.19",
"X-Key: pypi:html:localhost:$ENV{TEST_NGINX_MAIN_PORT}\@/pypi/:/simple/requests/"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 27: cache mode: bad input is denied before the upstream is asked
--- config
    large_client_header_buffers 4 16k;
    location /mirror/npm/ {
        pkg_reroute npm prefix=/mirror/npm;
        proxy_pass http://127.0.0.1:$server_port/upstream$pkg_reroute_uri;
    }
    location /upstream/ {
        return 200 "upstream: $request_uri\n";
    }
--- request eval
["GET /mirror/npm/%ff", "GET /mirror/npm/" . ("a" x 300), "GET /mirror/npm/\@scope/",
"GET /mirror/npm/express?q=" . ("a" x 9000), "GET /mirror/npm/express"]
--- error_code eval
[400, 400, 400, 400, 200]
--- response_body eval
["{\"error\":\"invalid npm request: invalid UTF-8 in path\"}\n",
"{\"error\":\"invalid npm request: package name too long\"}\n",
"{\"error\":\"invalid npm request: scope without a package name\"}\n",
"{\"error\":\"invalid npm request: query string too long\"}\n",
"upstream: /upstream/express\n"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 28: cache mode: the query string too long is logged at info
--- config
    large_client_header_buffers 4 16k;
    location /mirror/npm/ {
        pkg_reroute npm prefix=/mirror/npm;
        proxy_pass http://127.0.0.1:$server_port/upstream$pkg_reroute_uri;
    }
    location /upstream/ {
        return 200 "upstream: $request_uri\n";
    }
--- request eval
"GET /mirror/npm/express?q=" . ("a" x 9000)
--- error_code: 400
--- response_body
{"error":"invalid npm request: query string too long"}
--- error_log eval
qr/\[info\] .*pkg reroute: invalid npm request: query string too long/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



=== TEST 29: where nginx answers first, error_page to an internal location gives the client's format (a named location does not: 500)
--- config
    error_page 400 /.npm-400;
    error_page 414 /.npm-414;
    location = /.npm-400 {
        internal;
        default_type application/json;
        return 400 '{"error":"bad request"}\n';
    }
    location = /.npm-414 {
        internal;
        default_type application/json;
        return 414 '{"error":"request line too long"}\n';
    }
--- request eval
["GET /npm/a%zz", "GET /npm/a%00b", "GET /npm/" . ("a" x 9000), "GET /npm/%ff", "GET /npm/express"]
--- error_code eval
[400, 400, 414, 400, 307]
--- response_body_like eval
['\A\{"error":"bad request"\}\n\z', '\A\{"error":"bad request"\}\n\z',
'\A\{"error":"request line too long"\}\n\z',
'\A\{"error":"invalid npm request: invalid UTF-8 in path"\}\n\z',
'307 Temporary Redirect']
--- response_headers eval
["Content-Type: application/json", "Content-Type: application/json",
"Content-Type: application/json", "Content-Type: application/json",
"Location: https://repo.example.test/npm/express"]
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal
=== TEST 30: what nginx refuses and what the module refuses are each logged at info, with the request
--- config
    error_page 400 /.npm-400;
    error_page 414 /.npm-414;
    location = /.npm-400 {
        internal;
        default_type application/json;
        return 400 '{"error":"bad request"}\n';
    }
    location = /.npm-414 {
        internal;
        default_type application/json;
        return 414 '{"error":"request line too long"}\n';
    }
--- request eval
["GET /npm/a%zz", "GET /npm/a%00b", "GET /npm/" . ("a" x 9000), "GET /npm/%ff"]
--- error_code eval
[400, 400, 414, 400]
--- error_log eval
qr/\[info\] .*(?:client sent invalid request while reading client request line, .*request: "GET \/npm\/a%(?:zz|00b) |client sent too long URI while reading client request line, .*request: "GET \/npm\/aaaa|pkg reroute: invalid npm request: invalid UTF-8 in path, .*request: "GET \/npm\/%ff )/
--- log_level: info
--- no_error_log
[error]
[warn]
[crit]
[alert]
[emerg]
exited on signal



