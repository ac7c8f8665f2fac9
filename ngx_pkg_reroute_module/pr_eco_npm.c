/*
 * ngx_pkg_reroute: npm registry requests.
 *
 *   /<name>                      packument (GET), publish (PUT)
 *   /@scope%2fname, /@scope/name scoped packument
 *   /<name>/<version-or-tag>     one version's document
 *   /<name>/-/<name>-<ver>.tgz   tarball (scoped: /@scope/name/-/name-<ver>.tgz)
 *   /<name>/-rev/<rev>           unpublish (write), also of one tarball
 *   /-/package/<name>/dist-tags  dist-tags
 *   /-/...                       registry endpoints (audit, search, login)
 */

#include <string.h>

#include "pr_eco.h"


#define PR_NPM_NAME_MAX  214
#define PR_NPM_CHARS     "-._~!*'()"


static int pr_npm_name(pr_cx_t *cx, size_t i, size_t *next);
static void pr_npm_out_name(pr_cx_t *cx, size_t i, int scoped,
    int encode_scope);


/* reads the name at segment i; *next is the segment after it */
static int
pr_npm_name(pr_cx_t *cx, size_t i, size_t *next)
{
    char      *p;
    size_t     n;
    pr_str_t  *scope, *base;

    scope = NULL;
    base = pr_seg(cx, i);

    if (base->data[0] == '@') {
        if (i + 1 >= cx->path.nseg) {
            pr_invalid(cx, "scope without a package name");
            return -1;
        }

        scope = base;
        base = pr_seg(cx, i + 1);

        if (scope->len < 2) {
            pr_invalid(cx, "empty scope");
            return -1;
        }
    }

    if (!pr_name_chars(base, PR_NPM_CHARS)
        || base->data[0] == '.' || base->data[0] == '_'
        || (scope && !pr_name_chars(&(pr_str_t) { scope->data + 1,
                                                  scope->len - 1 },
                                    PR_NPM_CHARS)))
    {
        pr_invalid(cx, "invalid package name");
        return -1;
    }

    n = base->len + (scope ? scope->len + 1 : 0);

    if (n > PR_NPM_NAME_MAX) {
        pr_invalid(cx, "package name too long");
        return -1;
    }

    if (scope == NULL) {
        *next = i + 1;
        return pr_add_name(cx, base->data, base->len);
    }

    p = pr_scratch(cx->req, n);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    memcpy(p, scope->data, scope->len);
    p[scope->len] = '/';
    memcpy(p + scope->len + 1, base->data, base->len);

    *next = i + 2;

    return pr_add_name(cx, p, n);
}


/* writes the name at segment i: "/@scope%2fname" or "/@scope/name" */
static void
pr_npm_out_name(pr_cx_t *cx, size_t i, int scoped, int encode_scope)
{
    pr_out_seg(cx, pr_seg(cx, i));

    if (scoped) {
        if (encode_scope) {
            pr_out_lit(cx, "%2f");
            pr_out_enc(cx, pr_seg(cx, i + 1));

        } else {
            pr_out_seg(cx, pr_seg(cx, i + 1));
        }
    }
}


void
pr_classify_npm(pr_cx_t *cx)
{
    int        scoped;
    size_t     n, rest, base;
    pr_str_t  *file, *bname, ver;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 0) {
        return;
    }

    if (pr_seg_is(cx, 0, "-")) {

        /* registry endpoints; only /-/package/<name>/... names a package */

        req->kind = PR_KIND_API;

        /* npm audit POSTs a lockfile summary: a read, not a write */
        cx->read_post = pr_seg_is(cx, 1, "npm") && pr_seg_is(cx, 2, "v1")
                        && pr_seg_is(cx, 3, "security");

        if (!pr_seg_is(cx, 1, "package")) {
            return;
        }

        if (n < 3 || pr_npm_name(cx, 2, &rest) != 0) {
            if (req->cls != PR_CLASS_INVALID) {
                pr_invalid(cx, "package name missing");
            }

            return;
        }

        req->kind = PR_KIND_METADATA;
        scoped = (rest == 4);

        pr_out_begin(cx);
        pr_out_lit(cx, "/-/package");
        pr_npm_out_name(cx, 2, scoped, 1);
        pr_out_segs(cx, rest, n);
        pr_out_end(cx, 0);
        return;
    }

    if (pr_npm_name(cx, 0, &rest) != 0) {
        return;
    }

    scoped = (rest == 2);
    base = rest - 1;

    if (rest == n) {
        /* packument */
        req->kind = PR_KIND_METADATA;

        pr_out_begin(cx);
        pr_npm_out_name(cx, 0, scoped, 1);
        pr_out_end(cx, 0);
        return;
    }

    if (rest + 1 == n) {
        /* one version or dist-tag */

        if (!pr_name_chars(pr_seg(cx, rest), "-._+~")) {
            pr_invalid(cx, "invalid version");
            return;
        }

        req->kind = PR_KIND_METADATA;
        req->version = *pr_seg(cx, rest);

        pr_out_begin(cx);
        pr_npm_out_name(cx, 0, scoped, 1);
        pr_out_seg(cx, pr_seg(cx, rest));
        pr_out_end(cx, 0);
        return;
    }

    if (n >= rest + 2 && pr_seg_is(cx, n - 2, "-rev")) {
        /* unpublish: /<name>/-rev/<rev>, /<name>/-/<file>/-rev/<rev> */
        req->kind = PR_KIND_WRITE;

        pr_out_begin(cx);
        pr_npm_out_name(cx, 0, scoped, 1);
        pr_out_segs(cx, rest, n);
        pr_out_end(cx, 0);
        return;
    }

    if (!pr_seg_is(cx, rest, "-")) {
        pr_invalid(cx, "unknown npm path");
        return;
    }

    /* a tarball: "-/<base>-<ver>.tgz", also "-/@scope/<base>-<ver>.tgz" */

    if (rest + 3 == n && scoped && pr_str_caseeq(pr_seg(cx, rest + 1),
                                                 pr_seg(cx, 0)))
    {
        file = pr_seg(cx, rest + 2);

    } else if (rest + 2 == n) {
        file = pr_seg(cx, rest + 1);

    } else {
        pr_invalid(cx, "unknown npm tarball path");
        return;
    }

    bname = pr_seg(cx, base);

    if (!pr_str_ends(file, ".tgz")
        || file->len < bname->len + 1 + 1 + 4
        || file->data[bname->len] != '-'
        || !pr_str_caseeq(&(pr_str_t) { file->data, bname->len }, bname))
    {
        pr_invalid(cx, "tarball name does not match the package");
        return;
    }

    ver.data = file->data + bname->len + 1;
    ver.len = file->len - bname->len - 1 - 4;

    if (!pr_isdigit(ver.data[0]) || !pr_name_chars(&ver, "-._+")) {
        pr_invalid(cx, "invalid tarball version");
        return;
    }

    req->kind = PR_KIND_ARTIFACT;
    req->version = ver;
    req->file = *file;

    pr_out_begin(cx);
    pr_npm_out_name(cx, 0, scoped, 0);
    pr_out_lit(cx, "/-");
    pr_out_seg(cx, file);
    pr_out_end(cx, 0);
}
