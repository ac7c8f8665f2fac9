# Variables for log_format and other modules, and a JSON audit log made of
# them with log_format escape=json.
use Test::Nginx::Socket 'no_plan';

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: every variable on a rerouted artifact ($pkg_reroute_uri holds only the query the answer depends on: none for an npm tarball)
--- config
    pkg_reroute npm;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern|$pkg_reroute_uri";
    }
--- request
GET /@Babel/core/-/core-7.24.0.tgz?x=1
--- error_code: 307
--- response_headers
X-Vars: npm|artifact|@babel/core|7.24.0|core-7.24.0.tgz|reroute|||/@Babel/core/-/core-7.24.0.tgz



=== TEST 2: every variable on a blocked request
--- http_config
    pkg_reroute_rule policy block { "@evil/*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use policy;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /@evil%2fthing/1.0.0
--- error_code: 403
--- response_headers
X-Vars: npm|metadata|@evil/thing|1.0.0|block|policy|@evil/*






=== TEST 3: allowed by an allow rule: rule and pattern are set
--- http_config
    pkg_reroute_rule only allow { "lodash*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use only;
    pkg_reroute_redirect https://repo.example.test/npm;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern";
    }
--- request
GET /lodash.merge
--- error_code: 307
--- response_headers
X-Vars: reroute|only|lodash*



=== TEST 4: a write that passes: kind write, decision pass, no rule
--- http_config
    pkg_reroute_rule only allow { "lodash*"; }
--- config
    pkg_reroute npm;
    pkg_reroute_use only;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule" always;
    }
--- request
PUT /lodash-es
--- error_code: 405
--- response_headers
X-Vars: write|lodash-es|pass|



=== TEST 5: an invalid request: decision invalid
--- config
    pkg_reroute docker;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_ecosystem|$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /v2/Library/Nginx/manifests/latest
--- error_code: 400
--- response_headers
X-Vars: docker|metadata||invalid
--- response_body
{"errors":[{"code":"NAME_INVALID","message":"invalid docker request: invalid repository name","detail":null}]}
--- error_log eval
qr/\[info\] .*pkg reroute: invalid docker request: invalid repository name/
--- no_error_log
[error]



=== TEST 6: variables classify on first use, before the access phase (map, rewrite)
--- http_config
    map $pkg_reroute_package $pkg_team {
        default        none;
        ~^@corp/       platform;
    }
--- config
    pkg_reroute npm;
    location / {
        set $team $pkg_team;
        root html;
        add_header X-Team $team always;
    }
--- request
GET /@Corp%2fui-kit
--- error_code: 404
--- response_headers
X-Team: platform



=== TEST 7: a JSON audit log from the variables with log_format escape=json
--- http_config
    log_format pkg_audit escape=json
        '{"eco":"$pkg_reroute_ecosystem","kind":"$pkg_reroute_kind",'
        '"package":"$pkg_reroute_package","version":"$pkg_reroute_version",'
        '"decision":"$pkg_reroute_decision","rule":"$pkg_reroute_rule",'
        '"pattern":"$pkg_reroute_pattern","status":$status}';
    pkg_reroute_rule policy block { "event-*"; }
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use policy;
        pkg_reroute_redirect https://repo.example.test/npm;
        access_log html/audit.log pkg_audit;
        root html;
    }
    location = /audit.log {
        root html;
    }
--- request eval
["GET /npm/event-stream/-/event-stream-3.3.6.tgz", "GET /npm/react", "GET /audit.log"]
--- error_code eval
[403, 307, 200]
--- response_body_like eval
[qr/blocked/, qr/307/, qr/^\Q{"eco":"npm","kind":"artifact","package":"event-stream","version":"3.3.6","decision":"block","rule":"policy","pattern":"event-*","status":403}
{"eco":"npm","kind":"metadata","package":"react","version":"","decision":"reroute","rule":"policy","pattern":"","status":307}
\E$/]
