/*
 * ngx_pkg_reroute: Cargo requests: the sparse index (index.crates.io),
 * the files host (static.crates.io) and the web API (crates.io). The
 * catalogue below is what cargo uses (the registry index and web API
 * documents of the Cargo book) and every route of crates.io's router
 * (rust-lang/crates.io src/router.rs, its controllers' paths) and of its
 * files host (src/storage.rs) that names a crate. What it does not hold
 * is unknown: denied. Publishing (PUT /api/v1/crates/new) names the
 * crate only inside its body, where the module cannot check it: it is
 * unknown, so it goes only through a location where pkg_reroute is off.
 *
 * Canonical name: lower case, '_' and '-' the same.
 */

#include <string.h>

#include "pr_eco.h"


#define PR_CARGO_NAME_MAX  64


enum {
    PR_CARGO_INDEX_1 = 0,
    PR_CARGO_INDEX_2,
    PR_CARGO_INDEX_3,
    PR_CARGO_INDEX_4,
    PR_CARGO_DL,
    PR_CARGO_CRATE,
    PR_CARGO_README_FILE,
    PR_CARGO_API_DL,
    PR_CARGO_API_CRATE,
    PR_CARGO_API_CRATE_SUB,
    PR_CARGO_API_VERSIONS,
    PR_CARGO_API_OWNERS,
    PR_CARGO_API_FOLLOW,
    PR_CARGO_API_VERSION,
    PR_CARGO_API_VERSION_SUB,
    PR_CARGO_API_YANK,
    PR_CARGO_API_UNYANK,
    PR_CARGO_API_REBUILD
};


#define PR_CARGO_SRC_INDEX  "Cargo book, registry index (sparse protocol)"
#define PR_CARGO_SRC_WEB    "Cargo book, registry web API"
#define PR_CARGO_SRC_ROUTER "crates.io src/router.rs"


const pr_endpoint_t  pr_cargo_endpoints[] = {

    /* rows that name a crate: the classifier below marks them */

    { "/1/<name>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: one character", PR_CARGO_SRC_INDEX, { "/1/a", "HEAD /1/A" } },

    { "/2/<name>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: two characters", PR_CARGO_SRC_INDEX, { "/2/cc" } },

    { "/3/<c>/<name>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: three characters, <c> its first", PR_CARGO_SRC_INDEX,
      { "/3/s/syn" } },

    { "/<ab>/<cd>/<name>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: four or more characters, <ab> and <cd> its first four",
      PR_CARGO_SRC_INDEX, { "/se/rd/serde", "/se/rd/serde_json" } },

    { "/crates/<name>/<version>/download", PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name; version", "config.json's dl (static.crates.io/crates); cargo",
      { "/crates/serde/1.0.197/download" } },

    { "/crates/<name>/<name>-<version>.crate", PR_M_READ, PR_KIND_ARTIFACT,
      1, "name: the directory, which the file name repeats; version",
      "crates.io src/storage.rs (the files host)",
      { "/crates/serde/serde-1.0.197.crate" } },

    { "/readmes/<name>/<name>-<version>.html", PR_M_READ, PR_KIND_METADATA,
      1, "name: the directory, which the file name repeats; version",
      "crates.io src/storage.rs (the files host)",
      { "/readmes/serde/serde-1.0.197.html" } },

    { "/api/v1/crates/<name>/<version>/download", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name; version",
      PR_CARGO_SRC_WEB " (download); " PR_CARGO_SRC_ROUTER,
      { "/api/v1/crates/serde/1.0.197/download" } },

    { "/api/v1/crates/<name>", PR_M_READ|PR_M_PATCH|PR_M_DELETE,
      PR_KIND_METADATA, 1, "name", PR_CARGO_SRC_ROUTER,
      { "/api/v1/crates/serde", "DELETE /api/v1/crates/serde" } },

    { "/api/v1/crates/<name>/downloads|reverse_dependencies|owner_team|"
      "owner_user|following", PR_M_READ, PR_KIND_API, 1, "name",
      PR_CARGO_SRC_ROUTER,
      { "/api/v1/crates/serde/downloads",
        "/api/v1/crates/serde/reverse_dependencies?per_page=10" } },

    { "/api/v1/crates/<name>/versions", PR_M_READ, PR_KIND_METADATA, 1,
      "name", PR_CARGO_SRC_ROUTER, { "/api/v1/crates/serde/versions" } },

    { "/api/v1/crates/<name>/owners", PR_M_READ|PR_M_PUT|PR_M_DELETE,
      PR_KIND_API, 1, "name", PR_CARGO_SRC_WEB " (owners); cargo owner",
      { "/api/v1/crates/serde/owners", "PUT /api/v1/crates/serde/owners" } },

    { "/api/v1/crates/<name>/follow", PR_M_PUT|PR_M_DELETE, PR_KIND_WRITE, 1,
      "name", PR_CARGO_SRC_ROUTER, { "PUT /api/v1/crates/serde/follow" } },

    { "/api/v1/crates/<name>/<version>", PR_M_READ|PR_M_PATCH,
      PR_KIND_METADATA, 1, "name; version", PR_CARGO_SRC_ROUTER,
      { "/api/v1/crates/serde/1.0.197" } },

    { "/api/v1/crates/<name>/<version>/readme|dependencies|downloads|"
      "authors", PR_M_READ, PR_KIND_METADATA, 1, "name; version",
      PR_CARGO_SRC_ROUTER,
      { "/api/v1/crates/serde/1.0.197/readme",
        "/api/v1/crates/serde/1.0.197/dependencies" } },

    { "/api/v1/crates/<name>/<version>/yank", PR_M_DELETE, PR_KIND_WRITE, 1,
      "name; version", PR_CARGO_SRC_WEB " (yank); cargo yank",
      { "DELETE /api/v1/crates/serde/1.0.0/yank" } },

    { "/api/v1/crates/<name>/<version>/unyank", PR_M_PUT, PR_KIND_WRITE, 1,
      "name; version", PR_CARGO_SRC_WEB " (unyank); cargo yank --undo",
      { "PUT /api/v1/crates/serde/1.0.0/unyank" } },

    { "/api/v1/crates/<name>/<version>/rebuild_docs", PR_M_POST,
      PR_KIND_WRITE, 1, "name; version", PR_CARGO_SRC_ROUTER,
      { "POST /api/v1/crates/serde/1.0.0/rebuild_docs" } },

    /* rows that name no crate: matched by their shape */

    { "/config.json", PR_M_READ, PR_KIND_METADATA, 0, "",
      PR_CARGO_SRC_INDEX " (index configuration)", { "/config.json" } },

    { "/api/v1/crates?q=...", PR_M_READ, PR_KIND_API, 0, "",
      PR_CARGO_SRC_WEB " (search); cargo search",
      { "/api/v1/crates?q=serde&per_page=10" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


static int pr_cargo_name(pr_cx_t *cx, const pr_str_t *s);
static int pr_cargo_version(const pr_str_t *s);
static int pr_cargo_prefix_ok(const pr_str_t *pfx, const char *name,
    size_t off);
static int pr_cargo_file(pr_cx_t *cx, const pr_str_t *name,
    const pr_str_t *file, const char *ext);


static int
pr_cargo_name(pr_cx_t *cx, const pr_str_t *s)
{
    if (s->len == 0 || s->len > PR_CARGO_NAME_MAX
        || !pr_name_chars(s, "-_") || !pr_isalnum(s->data[0]))
    {
        pr_invalid(cx, "invalid crate name");
        return -1;
    }

    return pr_add_name(cx, s->data, s->len);
}


/* semver: digits, letters, '.', '-', '+' */
static int
pr_cargo_version(const pr_str_t *s)
{
    return s->len > 0 && pr_isdigit(s->data[0]) && pr_name_chars(s, ".-+");
}


/* the index directory pfx equals name[off .. off + pfx->len), any case */
static int
pr_cargo_prefix_ok(const pr_str_t *pfx, const char *name, size_t off)
{
    size_t  i;

    for (i = 0; i < pfx->len; i++) {
        if ((pfx->data[i] | 0x20) != (name[off + i] | 0x20)) {
            return 0;
        }
    }

    return 1;
}


/*
 * <name>/<name>-<version><ext>, the files host's layout: the directory
 * names the crate and the file name must repeat it; 0 when read
 */
static int
pr_cargo_file(pr_cx_t *cx, const pr_str_t *name, const pr_str_t *file,
    const char *ext)
{
    size_t     n;
    pr_str_t   ver;
    pr_req_t  *req;

    req = cx->req;
    n = strlen(ext);

    if (file->len < name->len + 1 + 1 + n
        || file->data[name->len] != '-'
        || !pr_str_caseeq(&(pr_str_t) { file->data, name->len }, name))
    {
        pr_invalid(cx, "crate file does not match the crate");
        return -1;
    }

    ver.data = file->data + name->len + 1;
    ver.len = file->len - name->len - 1 - n;

    if (!pr_cargo_version(&ver)) {
        pr_invalid(cx, "invalid crate version");
        return -1;
    }

    if (pr_cargo_name(cx, name) != 0) {
        return -1;
    }

    req->version = ver;
    req->file = *file;

    return 0;
}


/* /api/v1/crates/<name>[/...] */
static void
pr_cargo_api(pr_cx_t *cx)
{
    size_t     n;
    pr_str_t  *w;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 3 || (n == 4 && pr_seg_is(cx, 3, "new"))) {
        return;             /* search by its shape; publish is unknown */
    }

    if (pr_cargo_name(cx, pr_seg(cx, 3)) != 0) {
        return;
    }

    if (n == 4) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_CRATE]);
        return;
    }

    w = pr_seg(cx, 4);

    if (n == 5 && pr_str_eq(w, "versions")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_VERSIONS]);
        return;
    }

    if (n == 5 && pr_str_eq(w, "owners")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_OWNERS]);
        return;
    }

    if (n == 5 && pr_str_eq(w, "follow")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_FOLLOW]);
        return;
    }

    if (n == 5 && (pr_str_eq(w, "downloads")
                   || pr_str_eq(w, "reverse_dependencies")
                   || pr_str_eq(w, "owner_team")
                   || pr_str_eq(w, "owner_user")
                   || pr_str_eq(w, "following")))
    {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_CRATE_SUB]);
        return;
    }

    if (!pr_cargo_version(w)) {
        if (n == 6 && pr_seg_is(cx, 5, "download")) {
            pr_invalid(cx, "invalid crate version");
        }

        return;                                 /* unknown */
    }

    req->version = *w;

    if (n == 5) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_VERSION]);
        return;
    }

    if (n != 6) {
        return;                                 /* unknown */
    }

    w = pr_seg(cx, 5);

    if (pr_str_eq(w, "download")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_DL]);

    } else if (pr_str_eq(w, "yank")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_YANK]);

    } else if (pr_str_eq(w, "unyank")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_UNYANK]);

    } else if (pr_str_eq(w, "rebuild_docs")) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_REBUILD]);

    } else if (pr_str_eq(w, "readme") || pr_str_eq(w, "dependencies")
               || pr_str_eq(w, "downloads") || pr_str_eq(w, "authors"))
    {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_API_VERSION_SUB]);
    }
}


/* /crates/<name>/..., /readmes/<name>/...: the files host */
static void
pr_cargo_files(pr_cx_t *cx)
{
    size_t     n;
    pr_str_t  *s, *name;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (pr_seg_is(cx, 0, "readmes")) {
        if (n != 3) {
            pr_invalid(cx, "unknown readme path");
            return;
        }

        if (!pr_str_ends(pr_seg(cx, 2), ".html")) {
            pr_cargo_name(cx, pr_seg(cx, 1));
            return;                             /* unknown */
        }

        if (pr_cargo_file(cx, pr_seg(cx, 1), pr_seg(cx, 2), ".html") == 0) {
            pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_README_FILE]);
        }

        return;
    }

    if (n == 4 && pr_seg_is(cx, 3, "download")) {
        if (!pr_cargo_version(pr_seg(cx, 2))) {
            pr_invalid(cx, "invalid crate version");
            return;
        }

        if (pr_cargo_name(cx, pr_seg(cx, 1)) == 0) {
            req->version = *pr_seg(cx, 2);
            pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_DL]);
        }

        return;
    }

    if (n != 3) {
        pr_invalid(cx, "unknown crate download path");
        return;
    }

    name = pr_seg(cx, 1);
    s = pr_seg(cx, 2);

    if (pr_str_ends(s, ".zip") || pr_str_ends(s, ".zip.json")) {
        /* the source as a zip (and its listing): no client's, unknown */
        pr_cargo_name(cx, name);
        return;
    }

    if (!pr_str_ends(s, ".crate")) {
        pr_invalid(cx, "crate file does not match the crate");
        return;
    }

    if (pr_cargo_file(cx, name, s, ".crate") == 0) {
        pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_CRATE]);
    }
}


void
pr_classify_cargo(pr_cx_t *cx)
{
    size_t     n, row;
    pr_str_t  *s;

    n = cx->path.nseg;

    if (pr_seg_is(cx, 0, "api") && pr_seg_is(cx, 1, "v1")
        && pr_seg_is(cx, 2, "crates"))
    {
        pr_cargo_api(cx);
        return;
    }

    if (pr_seg_is(cx, 0, "crates") || pr_seg_is(cx, 0, "readmes")) {
        pr_cargo_files(cx);
        return;
    }

    if (n == 2 && (pr_seg_is(cx, 0, "rss") || pr_seg_is(cx, 0, "og-images"))) {
        return;                                 /* unknown */
    }

    if (n == 3 && pr_seg_is(cx, 0, "rss") && pr_seg_is(cx, 1, "crates")) {
        /* a crate's feed: unknown, its name checked all the same */
        s = pr_seg(cx, 2);

        if (pr_str_ends(s, ".xml") && s->len > 4) {
            pr_cargo_name(cx, &(pr_str_t) { s->data, s->len - 4 });
        }

        return;
    }

    /* index files */

    if (n < 2) {
        return;                     /* config.json by its shape, or unknown */
    }

    s = pr_seg(cx, n - 1);

    if ((n == 2 && (pr_seg_is(cx, 0, "1") || pr_seg_is(cx, 0, "2")))
        || (n == 3 && pr_seg_is(cx, 0, "3")))
    {
        if (s->len != (size_t) (pr_seg(cx, 0)->data[0] - '0')
            || (n == 3 && (pr_seg(cx, 1)->len != 1
                           || !pr_cargo_prefix_ok(pr_seg(cx, 1), s->data, 0))))
        {
            pr_invalid(cx, "index path does not match the crate");
            return;
        }

        if (pr_cargo_name(cx, s) == 0) {
            /* "1", "2", "3": the rows in that order */
            row = PR_CARGO_INDEX_1 + (pr_seg(cx, 0)->data[0] - '1');
            pr_endpoint(cx, &pr_cargo_endpoints[row]);
        }

        return;
    }

    if (n == 3 && pr_seg(cx, 0)->len == 2 && pr_seg(cx, 1)->len == 2) {
        if (s->len < 4
            || !pr_cargo_prefix_ok(pr_seg(cx, 0), s->data, 0)
            || !pr_cargo_prefix_ok(pr_seg(cx, 1), s->data, 2))
        {
            pr_invalid(cx, "index path does not match the crate");
            return;
        }

        if (pr_cargo_name(cx, s) == 0) {
            pr_endpoint(cx, &pr_cargo_endpoints[PR_CARGO_INDEX_4]);
        }
    }

    /* the rest: config.json, the search, or unknown */
}
