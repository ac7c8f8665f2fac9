# Routing rule patterns: the three operators ("*" inside one segment, "?"
# one character that is not '/', "**" across '/'), whole-name anchoring,
# several patterns per line and per rule, "include" of pattern files, block
# and allow modes, which pattern is reported (the first written of those
# that match), quoting in nginx's syntax, and rules chosen per location and
# per server. Most blocks use the generic ecosystem, where the name is the
# path without its leading '/', folded to lower case.
use Test::Nginx::Socket 'no_plan';

# the CPAN runner leaves this to the test file
$ENV{TEST_NGINX_HTML_DIR} ||= html_dir();

no_shuffle();
run_tests();

__DATA__

=== TEST 1: "*" matches inside one segment only
--- http_config
    pkg_reroute_rule r block { "lib/*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_pattern" always;
--- request eval
["GET /lib/a", "GET /lib/libssl.so.3", "GET /lib/a/b", "GET /lib", "GET /libx/a"]
--- error_code eval
[403, 403, 307, 307, 307]
--- response_headers eval
[
"X-Vars: lib/a|lib/*",
"X-Vars: lib/libssl.so.3|lib/*",
"X-Vars: lib/a/b|",
"X-Vars: lib|",
"X-Vars: libx/a|",
]



=== TEST 2: "*" matches an empty run, and any run without '/'
--- http_config
    pkg_reroute_rule r block { "foo*"; "lib*-dev"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_pattern" always;
--- request eval
["GET /foo", "GET /foobar", "GET /foo/bar", "GET /lib-dev", "GET /libssl-dev", "GET /libssl/x-dev", "GET /libssl-dev2"]
--- error_code eval
[403, 403, 307, 403, 403, 307, 307]
--- response_headers eval
["X-Vars: foo*", "X-Vars: foo*", "X-Vars: ", "X-Vars: lib*-dev", "X-Vars: lib*-dev", "X-Vars: ", "X-Vars: "]



=== TEST 3: "?" matches exactly one character, never '/'
--- http_config
    pkg_reroute_rule r block { "v?"; "a?c"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_pattern" always;
--- request eval
["GET /v1", "GET /vx", "GET /v", "GET /v12", "GET /abc", "GET /a-c", "GET /ac", "GET /a/c", "GET /abbc"]
--- error_code eval
[403, 403, 307, 307, 403, 403, 307, 307, 307]
--- response_headers eval
[
"X-Vars: v1|v?", "X-Vars: vx|v?", "X-Vars: v|", "X-Vars: v12|",
"X-Vars: abc|a?c", "X-Vars: a-c|a?c", "X-Vars: ac|", "X-Vars: a/c|", "X-Vars: abbc|",
]



=== TEST 4: "**" matches any run, '/' included, and an empty one
--- http_config
    pkg_reroute_rule r block { "**.sh"; "x**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_pattern" always;
--- request eval
["GET /a.sh", "GET /a/b/c.sh", "GET /x", "GET /x/y/z", "GET /ax", "GET /a.shx", "GET /.sh"]
--- error_code eval
[403, 403, 403, 403, 307, 307, 403]
--- response_headers eval
["X-Vars: **.sh", "X-Vars: **.sh", "X-Vars: x**", "X-Vars: x**", "X-Vars: ", "X-Vars: ", "X-Vars: **.sh"]



=== TEST 5: "*" alone is any one-segment name, "**" alone is any name
--- http_config
    pkg_reroute_rule one block { "*"; }
    pkg_reroute_rule all block { "**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_redirect https://repo.example.test/files;
    location /top {
        pkg_reroute_use one;
        root html;
    }
    location /deep/ {
        pkg_reroute_use all;
        root html;
    }
--- request eval
["GET /top", "GET /top/a", "GET /deep/a", "GET /deep/a/b/c"]
--- error_code eval
[403, 307, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: *", "Location: https://repo.example.test/files/top/a", "X-Pkg-Reroute-Pattern: **", "X-Pkg-Reroute-Pattern: **"]



=== TEST 6: a pattern matches the whole name, never a part of it
--- http_config
    pkg_reroute_rule r block { evil; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /evil", "GET /evil2", "GET /not-evil", "GET /x/evil", "GET /evil/x", "GET /evi", "GET /eevil"]
--- error_code eval
[403, 307, 307, 307, 307, 307, 307]



=== TEST 7: wildcard patterns are anchored at both ends too
--- http_config
    pkg_reroute_rule r block { "ev*l"; "*-bad"; "bad-*"; "?ad"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_pattern" always;
--- request eval
["GET /evil", "GET /evil-x", "GET /x-evil", "GET /is-bad", "GET /is-bad-not", "GET /bad-x", "GET /x-bad-x", "GET /mad", "GET /made", "GET /nomad"]
--- error_code eval
[403, 307, 307, 403, 307, 403, 307, 403, 307, 307]
--- response_headers eval
["X-Vars: ev*l", "X-Vars: ", "X-Vars: ", "X-Vars: *-bad", "X-Vars: ", "X-Vars: bad-*", "X-Vars: ", "X-Vars: ?ad", "X-Vars: ", "X-Vars: "]



=== TEST 8: several patterns on one line, quoted or not
--- http_config
    pkg_reroute_rule r block { alpha "beta" 'gamma-*'; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /alpha", "GET /beta", "GET /gamma-ray", "GET /delta"]
--- error_code eval
[403, 403, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: alpha", "X-Pkg-Reroute-Pattern: beta", "X-Pkg-Reroute-Pattern: gamma-*", "!X-Pkg-Reroute-Pattern"]



=== TEST 9: several lines, with comments and blank lines between them
--- http_config
    pkg_reroute_rule r block {
        # typosquats
        one;

        two;   # trailing comment
        "three-*"
            four;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /one", "GET /two", "GET /three-x", "GET /four", "GET /five", "GET /typosquats"]
--- error_code eval
[403, 403, 403, 403, 307, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: one", "X-Pkg-Reroute-Pattern: two", "X-Pkg-Reroute-Pattern: three-*", "X-Pkg-Reroute-Pattern: four", "!X-Pkg-Reroute-Pattern", "!X-Pkg-Reroute-Pattern"]



=== TEST 10: include of a pattern file (absolute path), with comments and several patterns per line
--- http_config
    pkg_reroute_rule r block {
        include $TEST_NGINX_HTML_DIR/blocked.txt;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- user_files
>>> blocked.txt
# one "<pattern>;" per line, as from a feed
from-file;
file-* other-file;
'quoted-*';
--- request eval
["GET /from-file", "GET /file-x", "GET /other-file", "GET /quoted-x", "GET /unlisted", "GET /blocked.txt"]
--- error_code eval
[403, 403, 403, 403, 307, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: from-file", "X-Pkg-Reroute-Pattern: file-*", "X-Pkg-Reroute-Pattern: other-file", "X-Pkg-Reroute-Pattern: quoted-*", "!X-Pkg-Reroute-Pattern", "!X-Pkg-Reroute-Pattern"]



=== TEST 11: include with a wildcard reads every matching file
--- http_config
    pkg_reroute_rule r block {
        inline;
        include $TEST_NGINX_HTML_DIR/rules/*.txt;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- user_files
>>> rules/a.txt
from-a;
>>> rules/b.txt
from-b;
--- request eval
["GET /inline", "GET /from-a", "GET /from-b", "GET /from-c"]
--- error_code eval
[403, 403, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: inline", "X-Pkg-Reroute-Pattern: from-a", "X-Pkg-Reroute-Pattern: from-b", "!X-Pkg-Reroute-Pattern"]



=== TEST 12: included patterns keep their place in the order
--- http_config
    pkg_reroute_rule r block {
        "first-*";
        include $TEST_NGINX_HTML_DIR/middle.txt;
        "**";
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- user_files
>>> middle.txt
first-x;
"*-x";
--- request eval
["GET /first-x", "GET /zz-x", "GET /other"]
--- error_code eval
[403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: first-*", "X-Pkg-Reroute-Pattern: *-x", "X-Pkg-Reroute-Pattern: **"]



=== TEST 13: block mode and allow mode with the same patterns
--- http_config
    pkg_reroute_rule deny-these block { "*/evil"; "*/evil-*"; }
    pkg_reroute_rule only-these allow { "*/evil"; "*/evil-*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    location /b/ {
        pkg_reroute_use deny-these;
        root html;
    }
    location /a/ {
        pkg_reroute_use only-these;
        root html;
    }
--- request eval
["GET /b/evil", "GET /b/evil-twin", "GET /b/good", "GET /a/evil", "GET /a/evil-twin", "GET /a/good"]
--- error_code eval
[403, 403, 307, 307, 307, 403]
--- response_headers eval
[
"X-Vars: block|deny-these|*/evil\nX-Pkg-Reroute-Rule: deny-these\nX-Pkg-Reroute-Pattern: */evil",
"X-Vars: block|deny-these|*/evil-*\nX-Pkg-Reroute-Pattern: */evil-*",
"X-Vars: reroute|deny-these|\nLocation: https://repo.example.test/files/b/good",
"X-Vars: reroute|only-these|*/evil\nLocation: https://repo.example.test/files/a/evil",
"X-Vars: reroute|only-these|*/evil-*\nLocation: https://repo.example.test/files/a/evil-twin",
"X-Vars: block|only-these|\nX-Pkg-Reroute-Rule: only-these\n!X-Pkg-Reroute-Pattern",
]



=== TEST 14: the two modes' answers and log lines
--- http_config
    pkg_reroute_rule only-these allow { "*/evil"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use only-these;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /a/good
--- error_code: 403
--- response_body
package "a/good" is not allowed by rule "only-these"
--- error_log
pkg reroute: package "a/good" is not allowed by rule "only-these"



=== TEST 15: the first written pattern is reported when several match (a prefix pattern first)
--- http_config
    pkg_reroute_rule r block { "foo-*"; "*-bar"; "foo-bar"; "?oo-bar"; "**-bar"; "**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_pattern" always;
--- request
GET /foo-bar
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: foo-*
X-Vars: foo-*
--- response_body
package "foo-bar" is blocked by rule "r" (pattern "foo-*")



=== TEST 16: the first written pattern is reported: "**" first
--- http_config
    pkg_reroute_rule r block { "**"; "foo-*"; "foo-bar"; "*-bar"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /foo-bar
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: **



=== TEST 17: the first written pattern is reported: the exact name first
--- http_config
    pkg_reroute_rule r block { "foo-bar"; "foo-*"; "*-bar"; "**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /foo-bar
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: foo-bar



=== TEST 18: the first written pattern is reported: a suffix pattern first
--- http_config
    pkg_reroute_rule r block { "*-bar"; "foo-bar"; "foo-*"; "**-bar"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /foo-bar
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: *-bar



=== TEST 19: the first written pattern is reported: a "**" suffix pattern first
--- http_config
    pkg_reroute_rule r block { "**-bar"; "*-bar"; "foo-bar"; "foo-*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /foo-bar
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: **-bar



=== TEST 20: the first written pattern is reported: a pattern led by "?" first
--- http_config
    pkg_reroute_rule r block { "?oo-bar"; "foo-bar"; "*-bar"; "foo-*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /foo-bar
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Pattern: ?oo-bar



=== TEST 21: the first written pattern is reported among patterns that share a prefix
--- http_config
    pkg_reroute_rule r1 block { "f*-b*"; "foo-*"; "foo-bar"; }
    pkg_reroute_rule r2 block { "foo-*"; "f*-b*"; "foo-bar"; }
    pkg_reroute_rule r3 block { "fo?-b?r"; "f*"; "foo-b**"; }
--- config
    pkg_reroute generic;
    pkg_reroute_redirect https://repo.example.test/files;
    location = /foo-bar {
        pkg_reroute_use r1;
        root html;
    }
    location = /foo-baz {
        pkg_reroute_use r2;
        root html;
    }
    location = /foo-bur {
        pkg_reroute_use r3;
        root html;
    }
--- request eval
["GET /foo-bar", "GET /foo-baz", "GET /foo-bur"]
--- error_code eval
[403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: f*-b*", "X-Pkg-Reroute-Pattern: foo-*", "X-Pkg-Reroute-Pattern: fo?-b?r"]



=== TEST 22: the first written pattern is reported among suffix patterns, name by name
--- http_config
    pkg_reroute_rule r block { "*bar"; "*ar"; "*r"; "**r"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /foo-bar", "GET /foo-car", "GET /foo-r", "GET /a/b-bar"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: *bar", "X-Pkg-Reroute-Pattern: *ar", "X-Pkg-Reroute-Pattern: *r", "X-Pkg-Reroute-Pattern: **r"]



=== TEST 23: the same pattern twice (in two spellings): the first is reported, as written
--- http_config
    pkg_reroute_rule r block { foo-bar; FOO-BAR; "Foo-*"; "foo-*"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /foo-bar", "GET /Foo-Bar", "GET /foo-x"]
--- error_code eval
[403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: foo-bar", "X-Pkg-Reroute-Pattern: foo-bar", "X-Pkg-Reroute-Pattern: Foo-*"]



=== TEST 24: the first written pattern wins among a thousand, from an included file
--- http_config
    pkg_reroute_rule r block {
        "pkg-9*";
        include $TEST_NGINX_HTML_DIR/big.txt;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- user_files eval
">>> big.txt\n" . CORE::join("", map { "pkg-$_;\n" } 0 .. 999) . "\"pkg-*\";\n\"*-500\";\n\"**\";\n"
--- request eval
["GET /pkg-500", "GET /pkg-999", "GET /pkg-x", "GET /xyz-500", "GET /a/b", "GET /pkg-0"]
--- error_code eval
[403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: pkg-500", "X-Pkg-Reroute-Pattern: pkg-9*", "X-Pkg-Reroute-Pattern: pkg-*", "X-Pkg-Reroute-Pattern: *-500", "X-Pkg-Reroute-Pattern: **", "X-Pkg-Reroute-Pattern: pkg-0"]



=== TEST 25: patterns with "@" and "*", double-quoted, single-quoted and bare (npm scopes)
--- http_config
    pkg_reroute_rule scopes block {
        "@corp-internal/*";
        '@evil/**';
        @bad/*;
        *-malware;
    }
--- config
    pkg_reroute npm;
    pkg_reroute_use scopes;
    pkg_reroute_redirect https://repo.example.test/npm;
    add_header X-Vars "$pkg_reroute_package|$pkg_reroute_pattern" always;
--- request eval
["GET /\@corp-internal%2fbilling", "GET /\@corp-internal/billing", "GET /\@evil%2Fthing", "GET /\@bad/thing", "GET /left-pad-malware", "GET /\@good/thing", "GET /lodash"]
--- error_code eval
[403, 403, 403, 403, 403, 307, 307]
--- response_headers eval
[
"X-Vars: \@corp-internal/billing|\@corp-internal/*\nX-Pkg-Reroute-Pattern: \@corp-internal/*",
"X-Vars: \@corp-internal/billing|\@corp-internal/*\nX-Pkg-Reroute-Pattern: \@corp-internal/*",
"X-Vars: \@evil/thing|\@evil/**\nX-Pkg-Reroute-Pattern: \@evil/**",
"X-Vars: \@bad/thing|\@bad/*\nX-Pkg-Reroute-Pattern: \@bad/*",
"X-Vars: left-pad-malware|*-malware\nX-Pkg-Reroute-Pattern: *-malware",
"X-Vars: \@good/thing|\n!X-Pkg-Reroute-Pattern",
"X-Vars: lodash|\n!X-Pkg-Reroute-Pattern",
]



=== TEST 26: the pattern as written is in the denial, the header and the log
--- http_config
    pkg_reroute_rule scopes block { "@Corp-Internal/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use scopes;
    pkg_reroute_redirect https://repo.example.test/npm;
--- request
GET /@corp-internal%2fbilling
--- error_code: 403
--- response_headers
Content-Type: application/json
X-Pkg-Reroute-Pattern: @Corp-Internal/*
--- response_body
{"error":"package \"@corp-internal/billing\" is blocked by rule \"scopes\" (pattern \"@Corp-Internal/*\")"}
--- error_log
pkg reroute: package "@corp-internal/billing" is blocked by rule "scopes" (pattern "@Corp-Internal/*")



=== TEST 27: the literal parts of a pattern are folded like names: case
--- http_config
    pkg_reroute_rule r block { "Evil-*"; "TOOLS/JQ"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /evil-x", "GET /EVIL-X", "GET /tools/jq", "GET /Tools/Jq"]
--- error_code eval
[403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: Evil-*", "X-Pkg-Reroute-Pattern: Evil-*", "X-Pkg-Reroute-Pattern: TOOLS/JQ", "X-Pkg-Reroute-Pattern: TOOLS/JQ"]



=== TEST 28: one rule, two ecosystems: each folds the pattern its own way
--- http_config
    pkg_reroute_rule r block { serde_json; "g/serde_json"; }
--- config
    pkg_reroute_redirect https://repo.example.test/files;
    pkg_reroute_use r;
    location /se/ {
        pkg_reroute cargo;
        root html;
    }
    location /g/ {
        pkg_reroute generic;
        root html;
    }
--- request eval
["GET /se/rd/serde-json", "GET /se/rd/serde_json", "GET /g/serde_json", "GET /g/serde-json"]
--- error_code eval
[403, 403, 403, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: serde_json", "X-Pkg-Reroute-Pattern: serde_json", "X-Pkg-Reroute-Pattern: g/serde_json", "Location: https://repo.example.test/files/g/serde-json"]



=== TEST 29: an allow rule with an empty block denies every package, and nothing else
--- http_config
    pkg_reroute_rule none allow { }
--- config
    pkg_reroute generic;
    pkg_reroute_use none;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_rule" always;
--- request eval
["GET /anything", "GET /a/b/c", "GET /"]
--- error_code eval
[403, 403, 307]
--- response_headers eval
[
"X-Vars: block|none\nX-Pkg-Reroute-Rule: none\n!X-Pkg-Reroute-Pattern",
"X-Vars: block|none\nX-Pkg-Reroute-Rule: none\n!X-Pkg-Reroute-Pattern",
"X-Vars: reroute|none\nLocation: https://repo.example.test/files/",
]
--- response_body_like eval
["^package \"anything\" is not allowed by rule \"none\"\n\\z", "^package \"a/b/c\" is not allowed by rule \"none\"\n\\z", "307 Temporary Redirect"]



=== TEST 30: a block rule with an empty block blocks nothing
--- http_config
    pkg_reroute_rule none block { }
--- config
    pkg_reroute generic;
    pkg_reroute_use none;
    pkg_reroute_redirect https://repo.example.test/files;
--- request eval
["GET /anything", "GET /a/b/c"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/files/anything", "Location: https://repo.example.test/files/a/b/c"]



=== TEST 31: rules chosen per location: each location applies its own
--- http_config
    pkg_reroute_rule first block { "*/evil"; }
    pkg_reroute_rule second block { "*/good"; }
--- config
    pkg_reroute generic;
    pkg_reroute_redirect https://repo.example.test/files;
    location /one/ {
        pkg_reroute_use first;
        root html;
    }
    location /two/ {
        pkg_reroute_use second;
        root html;
    }
--- request eval
["GET /one/evil", "GET /one/good", "GET /two/evil", "GET /two/good", "GET /three/evil"]
--- error_code eval
[403, 307, 307, 403, 307]
--- response_headers eval
[
"X-Pkg-Reroute-Rule: first",
"Location: https://repo.example.test/files/one/good",
"Location: https://repo.example.test/files/two/evil",
"X-Pkg-Reroute-Rule: second",
"Location: https://repo.example.test/files/three/evil",
]



=== TEST 32: rules chosen per server: the default server applies its rule
--- http_config
    pkg_reroute_rule strict allow { "vetted/*"; }
    pkg_reroute_rule lenient block { "evil/*"; }
    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name second.test;
        pkg_reroute generic;
        pkg_reroute_use lenient;
        pkg_reroute_redirect https://repo.example.test/second;
        root html;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use strict;
    pkg_reroute_redirect https://repo.example.test/first;
--- request
GET /tools/jq
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: strict
--- response_body
package "tools/jq" is not allowed by rule "strict"



=== TEST 33: rules chosen per server: the other server applies its own
--- http_config
    pkg_reroute_rule strict allow { "vetted/*"; }
    pkg_reroute_rule lenient block { "evil/*"; }
    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name second.test;
        pkg_reroute generic;
        pkg_reroute_use lenient;
        pkg_reroute_redirect https://repo.example.test/second;
        root html;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use strict;
    pkg_reroute_redirect https://repo.example.test/first;
--- more_headers
Host: second.test
--- request
GET /tools/jq
--- error_code: 307
--- response_headers
Location: https://repo.example.test/second/tools/jq
!X-Pkg-Reroute-Rule



=== TEST 34: rules chosen per server: the other server blocks by its own rule
--- http_config
    pkg_reroute_rule strict allow { "vetted/*"; }
    pkg_reroute_rule lenient block { "evil/*"; }
    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name second.test;
        pkg_reroute generic;
        pkg_reroute_use lenient;
        pkg_reroute_redirect https://repo.example.test/second;
        root html;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use strict;
    pkg_reroute_redirect https://repo.example.test/first;
--- more_headers
Host: second.test
--- request
GET /evil/x
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: lenient
X-Pkg-Reroute-Pattern: evil/*



=== TEST 35: matching that needs more than one try: repeated letters, "**" twice, "*" next to "?" or '/'
--- http_config
    pkg_reroute_rule r block { "a*a*a"; "*ab"; "a*bc"; "**a**b"; "x*?"; "k?*"; "m*/n"; "q/**/z"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_pattern" always;
--- request eval
["GET /aaa", "GET /aa", "GET /abca", "GET /abaca", "GET /aab", "GET /abbc", "GET /xaxb", "GET /x/a/y/b", "GET /x", "GET /xy", "GET /k", "GET /kz", "GET /mfoo/n", "GET /m/n", "GET /m/a/n", "GET /q/z", "GET /q/a/z", "GET /q/a/b/z"]
--- error_code eval
[403, 307, 307, 403, 403, 403, 403, 403, 307, 403, 307, 403, 403, 403, 307, 307, 403, 403]
--- response_headers eval
["X-Vars: a*a*a", "X-Vars: ", "X-Vars: ", "X-Vars: a*a*a", "X-Vars: *ab", "X-Vars: a*bc", "X-Vars: **a**b", "X-Vars: **a**b", "X-Vars: ", "X-Vars: x*?", "X-Vars: ", "X-Vars: k?*", "X-Vars: m*/n", "X-Vars: m*/n", "X-Vars: ", "X-Vars: ", "X-Vars: q/**/z", "X-Vars: q/**/z"]



=== TEST 36: many patterns branching at one place (a wide trie node)
--- http_config
    pkg_reroute_rule r block { "p0*"; "p1*"; "p2*"; "p3*"; "p4*"; "p5*"; "p6*"; "p7*"; "p8*"; "p9*"; "pa?"; "pb**"; "p-x"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
    add_header X-Vars "$pkg_reroute_pattern" always;
--- request eval
["GET /p5x", "GET /p9", "GET /p0/x", "GET /pax", "GET /pa", "GET /pb/c/d", "GET /p-x", "GET /pc", "GET /p"]
--- error_code eval
[403, 403, 307, 403, 307, 403, 403, 307, 307]
--- response_headers eval
["X-Vars: p5*", "X-Vars: p9*", "X-Vars: ", "X-Vars: pa?", "X-Vars: ", "X-Vars: pb**", "X-Vars: p-x", "X-Vars: ", "X-Vars: "]



=== TEST 37: a valid rule starts (the control for the next blocks)
--- http_config
    pkg_reroute_rule r block { "a-b"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- request
GET /a-b
--- error_code: 403



=== TEST 38: a pattern with a space is refused at startup
--- http_config
    pkg_reroute_rule r block { "a b"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die



=== TEST 39: "***" is refused at startup
--- http_config
    pkg_reroute_rule r block { "a***"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die



=== TEST 40: an empty pattern is refused at startup
--- http_config
    pkg_reroute_rule r block { ""; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die



=== TEST 41: a mode other than block or allow is refused at startup
--- http_config
    pkg_reroute_rule r deny { "a-b"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die



=== TEST 42: two rules with one name are refused at startup
--- http_config
    pkg_reroute_rule r block { "a-b"; }
    pkg_reroute_rule r allow { "c-d"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die



=== TEST 43: pkg_reroute_use of an unknown rule is refused at startup
--- http_config
    pkg_reroute_rule r block { "a-b"; }
--- config
    pkg_reroute generic;
    pkg_reroute_use no-such-rule;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die



=== TEST 44: a missing include file is refused at startup
--- http_config
    pkg_reroute_rule r block {
        include $TEST_NGINX_HTML_DIR/no-such-file.txt;
    }
--- config
    pkg_reroute generic;
    pkg_reroute_use r;
    pkg_reroute_redirect https://repo.example.test/files;
--- must_die
