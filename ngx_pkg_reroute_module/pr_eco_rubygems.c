/*
 * ngx_pkg_reroute: RubyGems requests.
 *
 *   /                                      root: never rerouted (gem rebases
 *                                          every later request onto it)
 *   /info/<name>                           compact index
 *   /versions, /names                      compact index, no name
 *   /gems/<name>-<ver>[-<platform>].gem    artifact
 *   /quick/Marshal.4.8/<name>-<ver>[-<platform>].gemspec.rz
 *   /specs.4.8.gz and its siblings         no name
 *   /api/v1/dependencies?gems=a,b          every listed name
 *   /api/v1/gems/<name>.json, /api/v1/versions/<name>[/latest].json
 */

#include <string.h>

#include "pr_eco.h"


#define PR_GEM_CHARS  "-_."


static int pr_gem_file(pr_cx_t *cx, const pr_str_t *file, size_t extlen);
static void pr_gem_dependencies(pr_cx_t *cx);


/*
 * <name>-<version>[-<platform>]<ext>. Versions have no '-' and start with
 * a digit; platforms never start with one; names may hold "-<digit>"
 * (http-2). So the version starts at the first "-<digit>" whose version
 * is not followed by another "-<digit>".
 */
static int
pr_gem_file(pr_cx_t *cx, const pr_str_t *file, size_t extlen)
{
    size_t       stem;
    pr_str_t     name, ver;
    const char  *p, *e;

    stem = file->len - extlen;
    e = file->data + stem;

    for (p = file->data + 1; p + 1 < e; p++) {
        if (*p == '-' && pr_isdigit(p[1])) {
            ver.data = memchr(p + 1, '-', e - p - 1);

            if (ver.data == NULL || ver.data + 1 >= e
                || !pr_isdigit(ver.data[1]))
            {
                break;
            }
        }
    }

    if (p + 1 >= e) {
        pr_invalid(cx, "cannot parse the gem file name");
        return -1;
    }

    name.data = file->data;
    name.len = p - file->data;

    ver.data = p + 1;
    p = memchr(ver.data, '-', e - ver.data);
    ver.len = (p ? p : e) - ver.data;

    if (!pr_name_chars(&name, PR_GEM_CHARS) || ver.len == 0
        || !pr_name_chars(&ver, ".")
        || (p && !pr_name_chars(&(pr_str_t) { p + 1, e - p - 1 }, "-_.")))
    {
        pr_invalid(cx, "invalid gem file name");
        return -1;
    }

    if (pr_add_name(cx, name.data, name.len) != 0) {
        return -1;
    }

    cx->req->version = ver;
    cx->req->file = *file;

    return 0;
}


/*
 * /api/v1/dependencies?gems=a,b,c: every name is checked and forwarded.
 * A repeated "gems=" is read by servers as they please (Rails takes the
 * last): every one is checked, and the canonical query holds them all.
 */
static void
pr_gem_dependencies(pr_cx_t *cx)
{
    char        *buf, *d, *q;
    size_t       len, total, i, count;
    pr_str_t     raw, name;
    pr_req_t    *req;
    const char  *err, *p, *end, *comma, *qp, *qend;

    req = cx->req;
    req->kind = PR_KIND_METADATA;

    buf = pr_scratch(req, cx->qlen + 1);
    if (buf == NULL) {
        pr_invalid(cx, "request too large");
        return;
    }

    /* the decoded values of every gems= argument, comma-joined */

    d = buf;
    qp = cx->query;
    qend = cx->query + cx->qlen;

    while (qp < qend && pr_query_arg(qp, qend - qp, "gems", &raw)) {
        if (raw.len) {
            if (d > buf) {
                *d++ = ',';
            }

            err = pr_query_decode(raw.data, raw.len, d, &len);
            if (err) {
                pr_invalid(cx, err);
                return;
            }

            d += len;
        }

        qp = raw.data + raw.len;
    }

    total = d - buf;

    if (total == 0) {
        return;
    }

    end = buf + total;

    for (count = 1, p = buf; (p = memchr(p, ',', end - p)); p++) {
        if (++count > PR_MAX_NAMES) {
            break;
        }
    }

    if (pr_reserve_names(cx, count) != 0) {
        return;
    }

    for (p = buf; p < end; p = comma + 1) {
        comma = memchr(p, ',', end - p);
        if (comma == NULL) {
            comma = end;
        }

        name.data = p;
        name.len = comma - p;

        if (name.len == 0 || !pr_name_chars(&name, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem name in the dependency list");
            return;
        }

        if (pr_add_name(cx, name.data, name.len) != 0) {
            return;
        }
    }

    /* the canonical query: gems=<every name as given, comma-separated> */

    q = pr_scratch(req, sizeof("gems=") - 1 + 3 * total);
    if (q == NULL) {
        pr_invalid(cx, "request too large");
        return;
    }

    req->query.data = q;
    memcpy(q, "gems=", sizeof("gems=") - 1);
    q += sizeof("gems=") - 1;

    for (i = 0, p = buf; p < end; i++, p = comma + 1) {
        comma = memchr(p, ',', end - p);
        if (comma == NULL) {
            comma = end;
        }

        if (i) {
            *q++ = ',';
        }

        q = pr_encode_segment(q, p, comma - p);
    }

    req->query.len = q - req->query.data;
}


void
pr_classify_rubygems(pr_cx_t *cx)
{
    size_t     n;
    pr_str_t  *s, name;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 0) {
        req->cls = PR_CLASS_ROOT;
        return;
    }

    s = pr_seg(cx, n - 1);

    if (n == 1 && (pr_seg_is(cx, 0, "versions") || pr_seg_is(cx, 0, "names")
                   || pr_str_ends(s, "specs.4.8.gz")
                   || pr_str_ends(s, "specs.4.8")))
    {
        req->kind = PR_KIND_METADATA;
        return;
    }

    if (pr_seg_is(cx, 0, "info")) {
        req->kind = PR_KIND_METADATA;

        if (n != 2 || !pr_name_chars(s, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem name");
            return;
        }

        pr_add_name(cx, s->data, s->len);
        return;
    }

    if (pr_seg_is(cx, 0, "gems")) {
        req->kind = PR_KIND_ARTIFACT;

        if (n != 2 || !pr_str_ends(s, ".gem")) {
            pr_invalid(cx, "invalid gem path");
            return;
        }

        pr_gem_file(cx, s, sizeof(".gem") - 1);
        return;
    }

    if (pr_seg_is(cx, 0, "quick")) {
        req->kind = PR_KIND_METADATA;

        if (n != 3 || !pr_seg_is(cx, 1, "Marshal.4.8")
            || !pr_str_ends(s, ".gemspec.rz"))
        {
            pr_invalid(cx, "invalid gemspec path");
            return;
        }

        pr_gem_file(cx, s, sizeof(".gemspec.rz") - 1);
        return;
    }

    if (!pr_seg_is(cx, 0, "api") || n < 3) {
        return;
    }

    req->kind = PR_KIND_API;

    if (n == 3 && (pr_seg_is(cx, 2, "dependencies")
                   || pr_seg_is(cx, 2, "dependencies.json")))
    {
        pr_gem_dependencies(cx);
        return;
    }

    if (n == 5 && pr_seg_is(cx, 2, "versions")
        && pr_seg_is(cx, 4, "latest.json"))
    {
        /* /api/v1/versions/<name>/latest.json */
        s = pr_seg(cx, 3);

        if (!pr_name_chars(s, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem name");
            return;
        }

        req->kind = PR_KIND_METADATA;
        pr_add_name(cx, s->data, s->len);
        return;
    }

    if (n == 4 && (pr_seg_is(cx, 2, "gems") || pr_seg_is(cx, 2, "versions"))
        && pr_str_ends(s, ".json"))
    {
        name.data = s->data;
        name.len = s->len - (sizeof(".json") - 1);

        if (name.len == 0 || !pr_name_chars(&name, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem name");
            return;
        }

        req->kind = PR_KIND_METADATA;
        pr_add_name(cx, name.data, name.len);
    }
}
