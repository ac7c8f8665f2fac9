# Hugging Face Hub: file downloads (/resolve/) for models, datasets and
# spaces, the API's repository and revision endpoints, the canonical paths
# (revisions re-encoded as refs%2Fpr%2F1), the variables, repo id
# spellings, denials in the {"error":"..."} format with X-Error-Message,
# allow rules, unparseable requests, and the method policy (GET and HEAD
# are rerouted; with pkg_reroute_methods GET an allowed HEAD passes).
#
# Ports, from the server's port P (TEST_NGINX_PORT), so that suites on
# different server ports can run at once:
#   P+1  TEST_NGINX_UPSTREAM_PORT  the fake upstream of a block (tcp_listen)
use Test::Nginx::Socket 'no_plan';

my $port = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
$ENV{TEST_NGINX_UPSTREAM_PORT} = $port + 1;

no_root_location();
no_shuffle();
run_tests();

__DATA__

=== TEST 1: a model file: GET is redirected; repo id, revision and file
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /openai-community/gpt2/resolve/main/config.json", "GET /Org/Model-7B/resolve/main/model.safetensors?download=true"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/openai-community/gpt2/resolve/main/config.json
X-Vars: artifact|openai-community/gpt2|main|config.json|reroute",
"Location: https://repo.example.test/hf/Org/Model-7B/resolve/main/model.safetensors?download=true
X-Vars: artifact|org/model-7b|main|model.safetensors|reroute"]
--- no_error_log
[error]



=== TEST 2: a legacy one-part model id
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /gpt2/resolve/main/config.json", "GET /bert-base-uncased/resolve/0123456789abcdef0123456789abcdef01234567/vocab.txt"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/gpt2/resolve/main/config.json
X-Vars: artifact|gpt2|main|config.json|reroute",
"Location: https://repo.example.test/hf/bert-base-uncased/resolve/0123456789abcdef0123456789abcdef01234567/vocab.txt
X-Vars: artifact|bert-base-uncased|0123456789abcdef0123456789abcdef01234567|vocab.txt|reroute"]
--- no_error_log
[error]



=== TEST 3: a pull request revision is forwarded encoded, as huggingface_hub sends it
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /org/model/resolve/refs%2Fpr%2F1/model.safetensors", "GET /org/model/resolve/refs%2fpr%2f1/model.safetensors", "GET /org/model/resolve/refs/pr/1/model.safetensors", "GET /org/model/resolve/refs/convert/parquet/default/train/0.parquet"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/org/model/resolve/refs%2Fpr%2F1/model.safetensors
X-Vars: artifact|org/model|refs/pr/1|model.safetensors|reroute",
"Location: https://repo.example.test/hf/org/model/resolve/refs%2Fpr%2F1/model.safetensors
X-Vars: artifact|org/model|refs/pr/1|model.safetensors|reroute",
"Location: https://repo.example.test/hf/org/model/resolve/refs%2Fpr%2F1/model.safetensors
X-Vars: artifact|org/model|refs/pr/1|model.safetensors|reroute",
"Location: https://repo.example.test/hf/org/model/resolve/refs%2Fconvert%2Fparquet/default/train/0.parquet
X-Vars: artifact|org/model|refs/convert/parquet|default/train/0.parquet|reroute"]
--- no_error_log
[error]



=== TEST 4: files in folders, with characters huggingface_hub quotes
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /org/model/resolve/main/onnx/sub%20dir/a%2Bb.onnx", "GET /org/model/resolve/v1.0/tokenizer/tokenizer.json"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/org/model/resolve/main/onnx/sub%20dir/a%2Bb.onnx
X-Vars: artifact|org/model|main|onnx/sub dir/a+b.onnx|reroute",
"Location: https://repo.example.test/hf/org/model/resolve/v1.0/tokenizer/tokenizer.json
X-Vars: artifact|org/model|v1.0|tokenizer/tokenizer.json|reroute"]
--- no_error_log
[error]



=== TEST 5: dataset and space files: the type is part of the canonical name
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /datasets/org/ds/resolve/main/data/train-00000-of-00001.parquet", "GET /datasets/squad/resolve/main/README.md", "GET /spaces/org/demo/resolve/main/app.py", "GET /datasets/org/ds/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/datasets/org/ds/resolve/main/data/train-00000-of-00001.parquet
X-Vars: artifact|datasets/org/ds|main|data/train-00000-of-00001.parquet|reroute",
"Location: https://repo.example.test/hf/datasets/squad/resolve/main/README.md
X-Vars: artifact|datasets/squad|main|README.md|reroute",
"Location: https://repo.example.test/hf/spaces/org/demo/resolve/main/app.py
X-Vars: artifact|spaces/org/demo|main|app.py|reroute",
"Location: https://repo.example.test/hf/datasets/org/ds/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet
X-Vars: artifact|datasets/org/ds|refs/convert/parquet|default/train/0000.parquet|reroute"]
--- no_error_log
[error]



=== TEST 6: API: repository information, with and without a revision
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /api/models/org/model", "GET /api/models/gpt2", "GET /api/models/org/model/revision/main", "GET /api/models/gpt2/revision/main", "GET /api/models/org/model/revision/refs%2Fpr%2F1", "GET /api/models/org/model/revision/refs/pr/1?expand=siblings"]
--- error_code eval
[307, 307, 307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/api/models/org/model
X-Vars: metadata|org/model|||reroute",
"Location: https://repo.example.test/hf/api/models/gpt2
X-Vars: metadata|gpt2|||reroute",
"Location: https://repo.example.test/hf/api/models/org/model/revision/main
X-Vars: metadata|org/model|main||reroute",
"Location: https://repo.example.test/hf/api/models/gpt2/revision/main
X-Vars: metadata|gpt2|main||reroute",
"Location: https://repo.example.test/hf/api/models/org/model/revision/refs%2Fpr%2F1
X-Vars: metadata|org/model|refs/pr/1||reroute",
"Location: https://repo.example.test/hf/api/models/org/model/revision/refs%2Fpr%2F1?expand=siblings
X-Vars: metadata|org/model|refs/pr/1||reroute"]
--- no_error_log
[error]



=== TEST 7: API: datasets, spaces, tree listings
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /api/datasets/org/ds/revision/main", "GET /api/datasets/squad", "GET /api/spaces/org/demo", "GET /api/datasets/org/ds/tree/main/data?recursive=true&expand=false", "GET /api/models/gpt2/tree/refs%2Fpr%2F2/onnx"]
--- error_code eval
[307, 307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/api/datasets/org/ds/revision/main
X-Vars: metadata|datasets/org/ds|main||reroute",
"Location: https://repo.example.test/hf/api/datasets/squad
X-Vars: metadata|datasets/squad|||reroute",
"Location: https://repo.example.test/hf/api/spaces/org/demo
X-Vars: metadata|spaces/org/demo|||reroute",
"Location: https://repo.example.test/hf/api/datasets/org/ds/tree/main/data?recursive=true&expand=false
X-Vars: metadata|datasets/org/ds|main||reroute",
"Location: https://repo.example.test/hf/api/models/gpt2/tree/refs%2Fpr%2F2/onnx
X-Vars: metadata|gpt2|refs/pr/2||reroute"]
--- no_error_log
[error]



=== TEST 8: API calls that name no repository
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_file|$pkg_reroute_decision" always;
    }
--- request eval
["GET /api/models?search=bert&limit=10", "GET /api/whoami-v2", "GET /api/datasets"]
--- error_code eval
[307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/api/models?search=bert&limit=10
X-Vars: api||||reroute",
"Location: https://repo.example.test/hf/api/whoami-v2
X-Vars: api||||reroute",
"Location: https://repo.example.test/hf/api/datasets
X-Vars: api||||reroute"]
--- no_error_log
[error]



=== TEST 9: $pkg_reroute_ecosystem, and $pkg_reroute_uri: the canonical path and query
--- config
    pkg_reroute huggingface;
    location / {
        return 200 "$pkg_reroute_ecosystem $pkg_reroute_uri\n";
    }
--- request eval
["GET /org/model/resolve/refs/pr/1/config.json?download=true", "GET /api/models/org/model/revision/refs%2fpr%2f1"]
--- error_code eval
[200, 200]
--- response_body eval
["huggingface /org/model/resolve/refs%2Fpr%2F1/config.json?download=true\n", "huggingface /api/models/org/model/revision/refs%2Fpr%2F1\n"]



=== TEST 10: HEAD is rerouted by default, as GET is: the public Hub would answer it with a 302 to its CDN
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
HEAD /org/model/resolve/refs%2Fpr%2F1/config.json
--- error_code: 307
--- response_headers
Location: https://repo.example.test/hf/org/model/resolve/refs%2Fpr%2F1/config.json
X-Vars: artifact|org/model|reroute
--- no_error_log
[error]



=== TEST 11: GET of the same file in the same configuration is redirected
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /org/model/resolve/refs%2Fpr%2F1/config.json
--- error_code: 307
--- response_headers
Location: https://repo.example.test/hf/org/model/resolve/refs%2Fpr%2F1/config.json
X-Vars: artifact|org/model|reroute
--- no_error_log
[error]



=== TEST 12: pkg_reroute_methods GET HEAD makes HEAD redirected too
--- config
    pkg_reroute huggingface;
    pkg_reroute_methods GET HEAD;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request eval
["HEAD /org/model/resolve/main/config.json", "GET /org/model/resolve/main/config.json"]
--- error_code eval
[307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/org/model/resolve/main/config.json",
"Location: https://repo.example.test/hf/org/model/resolve/main/config.json"]
--- no_error_log
[error]



=== TEST 13: a blocked model: 403, JSON error and X-Error-Message for huggingface_hub
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request
GET /evil-org/bad-model/resolve/main/model.safetensors
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: hf_block
X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Error-Message: package "evil-org/bad-model" is blocked by rule "hf_block" (pattern "evil-org/bad-model")
Content-Type: application/json
!Location
--- response_body
{"error":"package \"evil-org/bad-model\" is blocked by rule \"hf_block\" (pattern \"evil-org/bad-model\")"}
--- error_log
pkg reroute: package "evil-org/bad-model" is blocked by rule "hf_block" (pattern "evil-org/bad-model")



=== TEST 14: blocked: the API and every revision of the model
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /api/models/evil-org/bad-model", "GET /api/models/evil-org/bad-model/revision/main", "GET /api/models/evil-org/bad-model/tree/main", "GET /evil-org/bad-model/resolve/refs%2Fpr%2F3/config.json", "GET /evil-org/bad-model/resolve/0123456789abcdef0123456789abcdef01234567/config.json"]
--- error_code eval
[403, 403, 403, 403, 403]
--- response_headers eval
["X-Vars: metadata|evil-org/bad-model|block", "X-Vars: metadata|evil-org/bad-model|block", "X-Vars: metadata|evil-org/bad-model|block", "X-Vars: artifact|evil-org/bad-model|block", "X-Vars: artifact|evil-org/bad-model|block"]
--- error_log
pkg reroute: package "evil-org/bad-model" is blocked by rule "hf_block" (pattern "evil-org/bad-model")



=== TEST 15: normalisation: case, percent-encoded letters, dot segments
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /Evil-Org/Bad-Model/resolve/main/config.json", "GET /api/models/EVIL-ORG/BAD-MODEL", "GET /%65vil-org/bad-m%6Fdel/resolve/main/config.json", "GET /x/../evil-org/bad-model/resolve/main/config.json", "GET //evil-org//bad-model/resolve/main/config.json", "GET /api/models/evil-org/./bad-model/revision/main"]
--- error_code eval
[403, 403, 403, 403, 403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Vars: evil-org/bad-model|block",
"X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Vars: evil-org/bad-model|block",
"X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Vars: evil-org/bad-model|block",
"X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Vars: evil-org/bad-model|block",
"X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Vars: evil-org/bad-model|block",
"X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Vars: evil-org/bad-model|block"]
--- error_log
pkg reroute: package "evil-org/bad-model" is blocked by rule "hf_block" (pattern "evil-org/bad-model")



=== TEST 16: datasets are blocked by their "datasets/" name, not a model's
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /datasets/evil-org/leak/resolve/main/data.csv", "GET /api/datasets/Evil-Org/leak/revision/main", "GET /evil-org/leak/resolve/main/data.csv", "GET /spaces/evil-org/leak/resolve/main/app.py"]
--- error_code eval
[403, 403, 307, 307]
--- response_headers eval
["X-Pkg-Reroute-Pattern: datasets/evil-org/*
X-Vars: datasets/evil-org/leak|block",
"X-Pkg-Reroute-Pattern: datasets/evil-org/*
X-Vars: datasets/evil-org/leak|block",
"Location: https://repo.example.test/hf/evil-org/leak/resolve/main/data.csv
X-Vars: evil-org/leak|reroute",
"Location: https://repo.example.test/hf/spaces/evil-org/leak/resolve/main/app.py
X-Vars: spaces/evil-org/leak|reroute"]



=== TEST 17: a blocked dataset is logged with its "datasets/" name
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /datasets/evil-org/leak/resolve/main/data.csv", "GET /api/datasets/Evil-Org/leak/revision/main"]
--- error_code eval
[403, 403]
--- response_headers eval
["X-Pkg-Reroute-Pattern: datasets/evil-org/*
X-Vars: datasets/evil-org/leak|block",
"X-Pkg-Reroute-Pattern: datasets/evil-org/*
X-Vars: datasets/evil-org/leak|block"]
--- error_log
pkg reroute: package "datasets/evil-org/leak" is blocked by rule "hf_block" (pattern "datasets/evil-org/*")



=== TEST 18: neighbours of blocked names are not blocked
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request eval
["GET /evil-org/bad-model-v2/resolve/main/config.json", "GET /evil-org/good-model/resolve/main/config.json", "GET /api/models/evil-org", "GET /shadyx/model/resolve/main/x.bin"]
--- error_code eval
[307, 307, 307, 307]
--- response_headers eval
["Location: https://repo.example.test/hf/evil-org/bad-model-v2/resolve/main/config.json",
"Location: https://repo.example.test/hf/evil-org/good-model/resolve/main/config.json",
"Location: https://repo.example.test/hf/api/models/evil-org",
"Location: https://repo.example.test/hf/shadyx/model/resolve/main/x.bin"]
--- no_error_log
[error]



=== TEST 19: "shady/**" blocks every model of the organisation
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request eval
["GET /Shady/Any-Model/resolve/main/x.bin", "GET /api/models/shady/other"]
--- error_code eval
[403, 403]
--- response_body eval
["{\"error\":\"package \\\"shady/any-model\\\" is blocked by rule \\\"hf_block\\\" (pattern \\\"shady/**\\\")\"}\n",
"{\"error\":\"package \\\"shady/other\\\" is blocked by rule \\\"hf_block\\\" (pattern \\\"shady/**\\\")\"}\n"]
--- error_log
is blocked by rule "hf_block" (pattern "shady/**")



=== TEST 20: the denial is logged with the canonical name and the pattern
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request
GET /Shady/Any-Model/resolve/main/x.bin
--- error_code: 403
--- error_log
pkg reroute: package "shady/any-model" is blocked by rule "hf_block" (pattern "shady/**")



=== TEST 21: pkg_reroute_block_status 404, same JSON and X-Error-Message
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_block_status 404;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request
GET /api/models/evil-org/bad-model/revision/main
--- error_code: 404
--- response_headers
X-Pkg-Reroute-Rule: hf_block
X-Pkg-Reroute-Pattern: evil-org/bad-model
X-Error-Message: package "evil-org/bad-model" is blocked by rule "hf_block" (pattern "evil-org/bad-model")
Content-Type: application/json
--- response_body
{"error":"package \"evil-org/bad-model\" is blocked by rule \"hf_block\" (pattern \"evil-org/bad-model\")"}
--- error_log
pkg reroute: package "evil-org/bad-model" is blocked by rule "hf_block" (pattern "evil-org/bad-model")



=== TEST 22: allow rule: a repository it does not list is denied, without a pattern
--- http_config
    pkg_reroute_rule hf_allow allow { "openai-community/*"; "datasets/**"; gpt2; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_rule|$pkg_reroute_pattern" always;
    }
--- request
GET /meta-llama/Llama-2-7b/resolve/main/config.json
--- error_code: 403
--- response_headers
X-Pkg-Reroute-Rule: hf_allow
!X-Pkg-Reroute-Pattern
X-Error-Message: package "meta-llama/llama-2-7b" is not allowed by rule "hf_allow"
X-Vars: meta-llama/llama-2-7b|block|hf_allow|
Content-Type: application/json
--- response_body
{"error":"package \"meta-llama/llama-2-7b\" is not allowed by rule \"hf_allow\""}
--- error_log
pkg reroute: package "meta-llama/llama-2-7b" is not allowed by rule "hf_allow"



=== TEST 23: allow rule: listed repositories are redirected, others denied
--- http_config
    pkg_reroute_rule hf_allow allow { "openai-community/*"; "datasets/**"; gpt2; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_pattern" always;
    }
--- request eval
["GET /spaces/org/demo/resolve/main/app.py", "GET /OpenAI-Community/GPT2/resolve/main/config.json", "GET /datasets/squad/resolve/main/README.md", "GET /api/models/gpt2/revision/main", "GET /api/models/gpt2-large"]
--- error_code eval
[403, 307, 307, 307, 403]
--- response_headers eval
["X-Vars: spaces/org/demo|block|",
"Location: https://repo.example.test/hf/OpenAI-Community/GPT2/resolve/main/config.json
X-Vars: openai-community/gpt2|reroute|openai-community/*",
"Location: https://repo.example.test/hf/datasets/squad/resolve/main/README.md
X-Vars: datasets/squad|reroute|datasets/**",
"Location: https://repo.example.test/hf/api/models/gpt2/revision/main
X-Vars: gpt2|reroute|gpt2",
"X-Vars: gpt2-large|block|"]



=== TEST 24: allow rule: a repository it does not list is denied, and the denial is logged
--- http_config
    pkg_reroute_rule hf_allow allow { "openai-community/*"; "datasets/**"; gpt2; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision|$pkg_reroute_pattern" always;
    }
--- request
GET /spaces/org/demo/resolve/main/app.py
--- error_code: 403
--- response_headers
X-Vars: spaces/org/demo|block|
--- error_log
pkg reroute: package "spaces/org/demo" is not allowed by rule "hf_allow"



=== TEST 25: API calls that name no repository pass an allow rule that matches nothing
--- http_config
    pkg_reroute_rule nothing allow { no-such/repository; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /api/models/org/model", "GET /api/models?search=bert", "GET /api/whoami-v2"]
--- error_code eval
[403, 307, 307]
--- response_headers eval
["X-Vars: metadata|org/model|block",
"Location: https://repo.example.test/hf/api/models?search=bert
X-Vars: api||reroute",
"Location: https://repo.example.test/hf/api/whoami-v2
X-Vars: api||reroute"]



=== TEST 26: an allow rule that matches nothing denies a repository, and logs it
--- http_config
    pkg_reroute_rule nothing allow { no-such/repository; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use nothing;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /api/models/org/model
--- error_code: 403
--- response_headers
X-Vars: metadata|org/model|block
--- error_log
pkg reroute: package "org/model" is not allowed by rule "nothing"



=== TEST 27: downloads that cannot be parsed: 400 also under an allow rule
--- http_config
    pkg_reroute_rule hf_allow allow { "**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request eval
["GET /org/model/resolve/main", "GET /org/model/resolve", "GET /-org/model/resolve/main/config.json", "GET /org/mo%20del/resolve/main/config.json", "GET /org%2Fmodel/x/resolve/main/config.json", "GET /api/models/org/.model"]
--- error_code eval
[400, 400, 400, 400, 400, 400]
--- response_headers eval
["Content-Type: application/json
X-Vars: |invalid
X-Error-Message: invalid huggingface request: file name missing
!X-Pkg-Reroute-Rule
!Location",
"X-Vars: |invalid", "X-Vars: |invalid", "X-Vars: |invalid", "X-Vars: |invalid", "X-Vars: |invalid"]
--- response_body eval
["{\"error\":\"invalid huggingface request: file name missing\"}\n",
"{\"error\":\"invalid huggingface request: revision missing\"}\n",
"{\"error\":\"invalid huggingface request: invalid repository id\"}\n",
"{\"error\":\"invalid huggingface request: invalid repository id\"}\n",
"{\"error\":\"invalid huggingface request: invalid repository id\"}\n",
"{\"error\":\"invalid huggingface request: invalid repository id\"}\n"]
--- no_error_log
[error]



=== TEST 28: a download without a file name is logged as invalid
--- http_config
    pkg_reroute_rule hf_allow allow { "**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
        add_header X-Vars "$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
GET /org/model/resolve/main
--- error_code: 400
--- response_headers
Content-Type: application/json
X-Vars: |invalid
X-Error-Message: invalid huggingface request: file name missing
--- response_body
{"error":"invalid huggingface request: file name missing"}
--- error_log
pkg reroute: invalid huggingface request: file name missing
--- no_error_log
[error]



=== TEST 29: a repository id part longer than the Hub allows (96): 400
--- config
    pkg_reroute huggingface;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request eval
["GET /org/" . ("m" x 96) . "/resolve/main/config.json", "GET /org/" . ("m" x 97) . "/resolve/main/config.json"]
--- error_code eval
[307, 400]
--- response_headers eval
["Location: https://repo.example.test/hf/org/" . ("m" x 96) . "/resolve/main/config.json", "!Location"]
--- no_error_log
[error]



=== TEST 30: pkg_reroute_methods GET: an allowed HEAD passes to the upstream as sent, checked by the rule
--- http_config
    pkg_reroute_rule hf_allow allow { "openai-community/*"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_allow;
    pkg_reroute_methods GET;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
HEAD /openai-community/gpt2/resolve/main/config.json
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 100
--- tcp_query eval
"HEAD /openai-community/gpt2/resolve/main/config.json HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nX-Repo-Commit: 0123456789abcdef0123456789abcdef01234567\r\nContent-Length: 665\r\n\r\n"
--- error_code: 200
--- response_headers
X-Repo-Commit: 0123456789abcdef0123456789abcdef01234567
X-Vars: artifact|openai-community/gpt2|pass
--- no_error_log
[error]



=== TEST 31: paths-info (a read, but a POST) passes through to the upstream untouched
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_decision" always;
    }
--- request
POST /api/models/org/model/paths-info/refs%2Fpr%2F1
paths=config.json&expand=true
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 148
--- tcp_query eval
"POST /api/models/org/model/paths-info/refs%2Fpr%2F1 HTTP/1.0\r
Host: upstream\r
Connection: close\r
Content-Length: 29\r
\r
paths=config.json&expand=true"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[]\n"
--- error_code: 200
--- response_headers
X-Vars: metadata|org/model|pass
!Location
--- response_body
[]
--- no_error_log
[error]



=== TEST 32: without a redirect target an allowed GET goes on to the upstream as sent
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    location / {
        proxy_pass http://127.0.0.1:$TEST_NGINX_UPSTREAM_PORT;
        proxy_http_version 1.0;
        proxy_pass_request_headers off;
        proxy_set_header Host upstream;
        add_header X-Vars "$pkg_reroute_kind|$pkg_reroute_package|$pkg_reroute_version|$pkg_reroute_decision" always;
    }
--- request
GET /Org/Model/resolve/refs%2Fpr%2F1/config.json
--- tcp_listen eval: $ENV{TEST_NGINX_UPSTREAM_PORT}
--- tcp_query_len: 96
--- tcp_query eval
"GET /Org/Model/resolve/refs%2Fpr%2F1/config.json HTTP/1.0\r
Host: upstream\r
Connection: close\r
\r
"
--- tcp_reply eval
"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{}\n"
--- error_code: 200
--- response_headers
X-Vars: artifact|org/model|refs/pr/1|allow
--- response_body
{}
--- no_error_log
[error]



=== TEST 33: an encoded '/' cannot hide "resolve" inside the repository name
--- http_config
    pkg_reroute_rule hf_block block { evil-org/bad-model; "datasets/evil-org/*"; "shady/**"; }
--- config
    pkg_reroute huggingface;
    pkg_reroute_use hf_block;
    pkg_reroute_redirect https://repo.example.test/hf;
    location / {
        root html;
    }
--- request eval
["GET /evil-org/bad-model%2Fresolve%2Fmain%2Fmodel.safetensors", "GET /datasets/evil-org/leak%2Fresolve%2Fmain%2Fdata.csv", "GET /evil-org%2Fbad-model%2Fresolve%2Fmain%2Fmodel.safetensors"]
--- error_code eval
[400, 400, 400]
--- response_headers eval
["!Location", "!Location", "!Location"]
--- response_body_like eval
['^\{"error":"invalid huggingface request: ', '^\{"error":"invalid huggingface request: ', '^\{"error":"invalid huggingface request: ']
--- error_log
pkg reroute: invalid huggingface request:
--- no_error_log
[error]
