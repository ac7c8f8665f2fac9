/*
 * ngx_pkg_reroute: C table tests for pr_variant(), pr_variant_accept()
 * and pr_key_query(): what a cache key holds and what the upstream is
 * sent, so that key and content agree.
 */

#include <stdio.h>
#include <string.h>

#include "pr_variant.h"
#include "pr_test.h"


static pr_req_t
req_of(pr_eco_t eco, pr_kind_t kind, const char *path, const char *version,
    const char *query)
{
    pr_req_t  req;

    memset(&req, 0, sizeof(req));
    req.eco = eco;
    req.kind = kind;
    req.cls = PR_CLASS_PACKAGE;
    req.path.data = path;
    req.path.len = strlen(path);
    req.version.data = version;
    req.version.len = strlen(version);
    req.query.data = query;
    req.query.len = strlen(query);

    return req;
}


static void
check_variant(int line, pr_req_t *req, const char **accept, size_t n,
    const char *want, const char *want_accept)
{
    char      out[PR_VARIANT_MAX], acc[PR_VARIANT_MAX];
    size_t    i, len, alen;
    pr_str_t  a[64];

    for (i = 0; i < n; i++) {
        a[i].data = accept[i];
        a[i].len = strlen(accept[i]);
    }

    len = pr_variant(req, a, n, out);
    PR_CHECK(len == strlen(want) && memcmp(out, want, len) == 0,
             "line %d: variant \"%.*s\", want \"%s\"", line, (int) len, out,
             want);

    alen = pr_variant_accept(req, out, len, acc);
    PR_CHECK(alen == strlen(want_accept)
             && memcmp(acc, want_accept, alen) == 0,
             "line %d: accept \"%.*s\", want \"%s\"", line, (int) alen, acc,
             want_accept);
}


static void
check_query(int line, pr_req_t *req, const char *want, int want_nostore)
{
    char    out[256];
    int     nostore;
    size_t  len;

    nostore = pr_key_query(req, out, &len);

    PR_CHECK(len == strlen(want) && memcmp(out, want, len) == 0
             && nostore == want_nostore,
             "line %d: query \"%.*s\" nostore %d, want \"%s\" %d", line,
             (int) len, out, nostore, want, want_nostore);
}


int
main(void)
{
    size_t       i;
    pr_req_t     req;
    static char  many[40][64];
    const char  *acc[40];

    /* PyPI: 40 ranges on one line each; the 33rd asks for JSON */

    req = req_of(PR_ECO_PYPI, PR_KIND_METADATA, "/simple/foo/", "", "");

    for (i = 0; i < 40; i++) {
        snprintf(many[i], sizeof(many[i]), "application/x-junk-%zu", i);
        acc[i] = many[i];
    }

    check_variant(__LINE__, &req, acc, 40, "html", "text/html");

    acc[32] = "application/vnd.pypi.simple.v1+json";
    check_variant(__LINE__, &req, acc, 40, "json",
                  "application/vnd.pypi.simple.v1+json");

    acc[0] = "text/html, application/vnd.pypi.simple.v1+json;q=0.5";
    check_variant(__LINE__, &req, acc, 1, "html", "text/html");

    /* npm */

    req = req_of(PR_ECO_NPM, PR_KIND_METADATA, "/lodash", "", "");
    acc[0] = "application/vnd.npm.install-v1+json; q=1.0, "
             "application/json; q=0.8, */*";
    check_variant(__LINE__, &req, acc, 1, "install-v1",
                  "application/vnd.npm.install-v1+json");
    check_variant(__LINE__, &req, acc, 0, "", "application/json");

    req = req_of(PR_ECO_NPM, PR_KIND_ARTIFACT, "/lodash/-/lodash-1.0.0.tgz",
                 "1.0.0", "");
    check_variant(__LINE__, &req, acc, 1, "", "");

    /* Docker: only the types the specifications define, sorted */

    req = req_of(PR_ECO_DOCKER, PR_KIND_METADATA,
                 "/v2/library/nginx/manifests/latest", "latest", "");
    acc[0] = "application/vnd.oci.image.index.v1+json, application/x-a";
    acc[1] = "Application/Vnd.Docker.Distribution.Manifest.V2+Json;q=0.5, "
             "*/*, application/x-b-1, application/vnd.oci.image.index.v1+json";
    acc[2] = "application/vnd.docker.distribution.manifest.list.v2+json;q=0";
    check_variant(__LINE__, &req, acc, 3,
                  "application/vnd.docker.distribution.manifest.v2+json,"
                  "application/vnd.oci.image.index.v1+json",
                  "application/vnd.docker.distribution.manifest.v2+json,"
                  "application/vnd.oci.image.index.v1+json");

    acc[0] = "application/x-whatever-1, application/x-whatever-2";
    check_variant(__LINE__, &req, acc, 1, "", "");

    req = req_of(PR_ECO_DOCKER, PR_KIND_ARTIFACT,
                 "/v2/library/nginx/blobs/sha256:00", "", "");
    check_variant(__LINE__, &req, acc, 3, "", "");

    /* the query: only what the answer depends on */

    req = req_of(PR_ECO_NPM, PR_KIND_METADATA, "/lodash", "", "a=1&b=2");
    check_query(__LINE__, &req, "", 0);

    req = req_of(PR_ECO_NPM, PR_KIND_METADATA, "/lodash", "",
                 "x=1&write=true");
    check_query(__LINE__, &req, "write=true", 1);

    req = req_of(PR_ECO_PYPI, PR_KIND_METADATA, "/simple/foo/", "",
                 "x=1&format=application/vnd.pypi.simple.v1%2Bjson&%66ormat=y");
    check_query(__LINE__, &req, "format=application/vnd.pypi.simple.v1%2Bjson",
                0);

    req = req_of(PR_ECO_DOCKER, PR_KIND_METADATA, "/v2/library/nginx/tags/list",
                 "", "n=10&x=1&last=1.25");
    check_query(__LINE__, &req, "n=10&last=1.25", 0);

    req = req_of(PR_ECO_DOCKER, PR_KIND_METADATA,
                 "/v2/library/nginx/manifests/latest", "latest", "n=10");
    check_query(__LINE__, &req, "", 0);

    req = req_of(PR_ECO_RUBYGEMS, PR_KIND_METADATA, "/api/v1/dependencies",
                 "", "gems=rails,rack&x=1");
    check_query(__LINE__, &req, "gems=rails,rack", 0);

    req = req_of(PR_ECO_CARGO, PR_KIND_ARTIFACT,
                 "/crates/serde/serde-1.0.0.crate", "1.0.0", "x=1");
    check_query(__LINE__, &req, "", 0);

    /* no query at all (data NULL, as the module passes it) */

    req = req_of(PR_ECO_HUGGINGFACE, PR_KIND_METADATA, "/api/models/a/b", "",
                 "");
    req.query.data = NULL;
    check_query(__LINE__, &req, "", 0);

    /* an API answer, another ecosystem: the query as it came */

    req = req_of(PR_ECO_CARGO, PR_KIND_API, "/api/v1/crates", "", "q=serde");
    check_query(__LINE__, &req, "q=serde", 0);

    req = req_of(PR_ECO_HUGGINGFACE, PR_KIND_METADATA, "/api/models/a/b", "",
                 "expand=x");
    check_query(__LINE__, &req, "expand=x", 0);

    PR_TEST_DONE("test_variant");
}
