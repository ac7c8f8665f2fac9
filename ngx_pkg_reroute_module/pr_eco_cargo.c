/*
 * ngx_pkg_reroute: Cargo sparse registry requests.
 *
 *   /config.json                           registry config, no name
 *   /1/<n>, /2/<n>, /3/<c>/<n>, /<ab>/<cd>/<name>   index files
 *   /api/v1/crates/<name>/<ver>/download   download (API host)
 *   /crates/<name>/<name>-<ver>.crate      download (static host)
 *   /crates/<name>/<ver>/download          download (static host)
 *   /api/v1/crates/<name>[/...]            crate metadata
 *
 * Canonical name: lower case, '_' and '-' the same.
 */

#include <string.h>

#include "pr_eco.h"


#define PR_CARGO_NAME_MAX  64


static int pr_cargo_name(pr_cx_t *cx, const pr_str_t *s);
static int pr_cargo_version(const pr_str_t *s);
static int pr_cargo_prefix_ok(const pr_str_t *pfx, const char *name,
    size_t off);


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


void
pr_classify_cargo(pr_cx_t *cx)
{
    size_t     n;
    pr_str_t  *s, *name, ver;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 1 && pr_seg_is(cx, 0, "config.json")) {
        req->kind = PR_KIND_METADATA;
        return;
    }

    if (pr_seg_is(cx, 0, "api") && pr_seg_is(cx, 1, "v1")
        && pr_seg_is(cx, 2, "crates"))
    {
        req->kind = PR_KIND_API;

        if (n == 3 || (n == 4 && pr_seg_is(cx, 3, "new"))) {
            return;
        }

        if (pr_cargo_name(cx, pr_seg(cx, 3)) != 0) {
            return;
        }

        req->kind = PR_KIND_METADATA;

        if (n == 6 && pr_seg_is(cx, 5, "download")) {
            if (!pr_cargo_version(pr_seg(cx, 4))) {
                pr_invalid(cx, "invalid crate version");
                return;
            }

            req->kind = PR_KIND_ARTIFACT;
            req->version = *pr_seg(cx, 4);

        } else if (n >= 5 && pr_cargo_version(pr_seg(cx, 4))) {
            req->version = *pr_seg(cx, 4);
        }

        return;
    }

    if (pr_seg_is(cx, 0, "crates")) {
        req->kind = PR_KIND_ARTIFACT;

        if (n == 4 && pr_seg_is(cx, 3, "download")) {
            if (!pr_cargo_version(pr_seg(cx, 2))) {
                pr_invalid(cx, "invalid crate version");
                return;
            }

            req->version = *pr_seg(cx, 2);
            pr_cargo_name(cx, pr_seg(cx, 1));
            return;
        }

        if (n != 3) {
            pr_invalid(cx, "unknown crate download path");
            return;
        }

        name = pr_seg(cx, 1);
        s = pr_seg(cx, 2);

        if (!pr_str_ends(s, ".crate")
            || s->len < name->len + 1 + 1 + 6
            || s->data[name->len] != '-'
            || !pr_str_caseeq(&(pr_str_t) { s->data, name->len }, name))
        {
            pr_invalid(cx, "crate file does not match the crate");
            return;
        }

        ver.data = s->data + name->len + 1;
        ver.len = s->len - name->len - 1 - 6;

        if (!pr_cargo_version(&ver)) {
            pr_invalid(cx, "invalid crate version");
            return;
        }

        req->version = ver;
        req->file = *s;
        pr_cargo_name(cx, name);
        return;
    }

    /* index files */

    if (n == 0) {
        return;
    }

    s = pr_seg(cx, n - 1);
    req->kind = PR_KIND_METADATA;

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

        pr_cargo_name(cx, s);
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

        pr_cargo_name(cx, s);
        return;
    }

    req->kind = PR_KIND_OTHER;
}
