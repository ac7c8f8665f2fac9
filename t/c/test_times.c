/*
 * ngx_pkg_reroute: C table tests for pr_times_doc_path() and
 * pr_times_spelled(): an artifact's time document.
 */

#include <string.h>

#include "pr_classify.h"
#include "pr_times.h"
#include "pr_test.h"


static const struct {
    pr_eco_t     eco;
    const char  *name;
    const char  *want;            /* NULL: no document */
} rows[] = {
    { PR_ECO_NPM, "lodash", "/lodash" },
    { PR_ECO_NPM, "@types/node", "/@types/node" },
    { PR_ECO_NPM, "lodash.merge", "/lodash.merge" },
    { PR_ECO_NPM, "@types/node/x", NULL },
    { PR_ECO_NPM, "@/node", NULL },
    { PR_ECO_NPM, "@types/", NULL },
    { PR_ECO_NPM, "types/node", NULL },
    { PR_ECO_NPM, "a@b", NULL },
    { PR_ECO_NPM, "..", NULL },
    { PR_ECO_NPM, ".hidden", NULL },
    { PR_ECO_NPM, "a..b", NULL },
    { PR_ECO_NPM, "@scope/.x", NULL },
    { PR_ECO_NPM, "a?b", NULL },
    { PR_ECO_NPM, "a#b", NULL },
    { PR_ECO_NPM, "a%2fb", NULL },
    { PR_ECO_NPM, "a b", NULL },
    { PR_ECO_NPM, "", NULL },
    { PR_ECO_PYPI, "requests", "/simple/requests/" },
    { PR_ECO_PYPI, "zope-interface", "/simple/zope-interface/" },
    { PR_ECO_PYPI, "a/b", NULL },
    { PR_ECO_CARGO, "a", "/1/a" },
    { PR_ECO_CARGO, "ab", "/2/ab" },
    { PR_ECO_CARGO, "syn", "/3/s/syn" },
    { PR_ECO_CARGO, "Syn", "/3/s/syn" },
    { PR_ECO_CARGO, "serde", "/se/rd/serde" },
    { PR_ECO_CARGO, "serde_json", "/se/rd/serde_json" },
    { PR_ECO_CARGO, "cur_young", "/cu/r_/cur_young" },
    { PR_ECO_CARGO, "Inflector", "/in/fl/inflector" },
    { PR_ECO_CARGO, "a.b", NULL },
    { PR_ECO_CARGO, "../x", NULL },
    { PR_ECO_RUBYGEMS, "rake", "/api/v1/versions/rake.json" },
    { PR_ECO_RUBYGEMS, "net-http-persistent",
      "/api/v1/versions/net-http-persistent.json" },
    { PR_ECO_RUBYGEMS, "a/b", NULL },
    { PR_ECO_DOCKER, "library/alpine", NULL },
    { PR_ECO_HUGGINGFACE, "gpt2", NULL },
    { PR_ECO_GITHUB, "owner/repo", NULL },
    { PR_ECO_GENERIC, "x", NULL },
};


static const struct {
    pr_eco_t     eco;
    const char  *path;
    const char  *want;            /* NULL: not found */
} spelled[] = {
    { PR_ECO_CARGO, "/api/v1/crates/serde_json/1.0.0/download",
      "serde_json" },
    { PR_ECO_CARGO, "/crates/Serde_Json/serde_json-1.0.0.crate",
      "Serde_Json" },
    { PR_ECO_CARGO, "/api/v1/crates/cur-young/1.1.0/download", "cur-young" },
    { PR_ECO_NPM, "/lodash/-/lodash-4.17.21.tgz", "lodash" },
};


int
main(void)
{
    char            out[PR_MAX_NAME_LEN + PR_TIMES_DOC_EXTRA], scratch[8192];
    size_t          i, n;
    pr_str_t        name, got;
    pr_req_t        req;
    pr_times_doc_t  doc;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        name.data = rows[i].name;
        name.len = strlen(rows[i].name);

        n = pr_times_doc_path(rows[i].eco, &name, out, &doc);

        if (rows[i].want == NULL) {
            PR_CHECK(n == 0 && doc == PR_TIMES_NONE,
                     "%s \"%s\": got \"%.*s\", want none",
                     pr_eco_name(rows[i].eco), rows[i].name, (int) n, out);

        } else {
            PR_CHECK(n == strlen(rows[i].want)
                     && memcmp(out, rows[i].want, n) == 0
                     && doc != PR_TIMES_NONE,
                     "%s \"%s\": got \"%.*s\", want \"%s\"",
                     pr_eco_name(rows[i].eco), rows[i].name, (int) n, out,
                     rows[i].want);
        }
    }

    for (i = 0; i < sizeof(spelled) / sizeof(spelled[0]); i++) {
        memset(&req, 0, sizeof(pr_req_t));
        req.buf = scratch;
        req.size = sizeof(scratch);

        if (pr_classify(spelled[i].eco, PR_METHOD_GET, spelled[i].path,
                        strlen(spelled[i].path), NULL, 0, 0, &req)
            != 0)
        {
            PR_CHECK(0, "%s: not classified", spelled[i].path);
            continue;
        }

        got.data = NULL;
        got.len = 0;

        if (pr_times_spelled(&req, &got) != 0) {
            PR_CHECK(spelled[i].want == NULL, "%s: not found, want %s",
                     spelled[i].path, spelled[i].want);
            continue;
        }

        PR_CHECK(spelled[i].want && got.len == strlen(spelled[i].want)
                 && memcmp(got.data, spelled[i].want, got.len) == 0,
                 "%s: got \"%.*s\", want \"%s\"", spelled[i].path,
                 (int) got.len, got.data, spelled[i].want);
    }

    PR_TEST_DONE("test_times");
}
