/*
 * ngx_pkg_reroute: Docker registry v2 (OCI distribution) requests.
 *
 *   /v2/                            version check (names nothing)
 *   /v2/<name>/manifests/<ref>      by tag: metadata; by digest: artifact
 *   /v2/<name>/blobs/<digest>       artifact
 *   /v2/<name>/tags/list            metadata
 *   /v2/<name>/referrers/<digest>   metadata
 *   /v2/<name>/blobs/uploads/...    write
 *
 * A one-part name is an official image: "library/" goes in front. Names
 * are lower case; an upper-case name is invalid, as the registry says.
 */

#include <string.h>

#include "pr_eco.h"


static int pr_docker_component(const pr_str_t *s);
static int pr_docker_digest(const pr_str_t *s);
static int pr_docker_tag(const pr_str_t *s);
static int pr_lower_hex(const pr_str_t *s);


/* [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)* */
static int
pr_docker_component(const pr_str_t *s)
{
    size_t  i, run;
    char    c, prev;

    if (s->len == 0) {
        return 0;
    }

    prev = 0;
    run = 0;

    for (i = 0; i < s->len; i++) {
        c = s->data[i];

        if ((c >= 'a' && c <= 'z') || pr_isdigit(c)) {
            run = 0;

        } else if (c == '.' || c == '_' || c == '-') {
            if (i == 0 || i == s->len - 1) {
                return 0;
            }

            run++;

            if ((c == '.' && run > 1)
                || (c == '_' && (run > 2 || (run == 2 && prev != '_')))
                || (c == '-' && prev != '-' && run > 1))
            {
                return 0;
            }

        } else {
            return 0;
        }

        prev = c;
    }

    return 1;
}


/* <algorithm>:<encoded>, e.g. sha256:<64 hex> */
static int
pr_docker_digest(const pr_str_t *s)
{
    const char  *colon;
    pr_str_t     alg, enc;

    colon = memchr(s->data, ':', s->len);
    if (colon == NULL) {
        return 0;
    }

    alg.data = s->data;
    alg.len = colon - s->data;
    enc.data = colon + 1;
    enc.len = s->len - alg.len - 1;

    if (pr_str_eq(&alg, "sha256") || pr_str_eq(&alg, "sha512")) {
        return enc.len == (alg.data[3] == '2' ? 64 : 128)
               && pr_lower_hex(&enc);
    }

    return alg.len > 0 && enc.len > 0
           && pr_name_chars(&alg, "+._-") && pr_name_chars(&enc, "=_-");
}


static int
pr_lower_hex(const pr_str_t *s)
{
    size_t  i;

    for (i = 0; i < s->len; i++) {
        if (!pr_isdigit(s->data[i]) && !(s->data[i] >= 'a' && s->data[i] <= 'f'))
        {
            return 0;
        }
    }

    return 1;
}


/* [A-Za-z0-9_][A-Za-z0-9._-]{0,127} */
static int
pr_docker_tag(const pr_str_t *s)
{
    return s->len > 0 && s->len <= 128
           && s->data[0] != '.' && s->data[0] != '-'
           && pr_name_chars(s, "._-");
}


void
pr_classify_docker(pr_cx_t *cx)
{
    int        official;
    char      *p;
    size_t     i, n, end, len;
    pr_str_t  *ref;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (!pr_seg_is(cx, 0, "v2")) {
        return;
    }

    req->kind = PR_KIND_API;

    if (n == 1) {
        pr_out_begin(cx);
        pr_out_lit(cx, "/v2/");
        pr_out_end(cx, 0);
        return;
    }

    if (n == 2 && pr_seg_is(cx, 1, "_catalog")) {
        return;
    }

    /* find where the name ends, from the right */

    ref = NULL;

    if (n >= 4 && pr_seg_is(cx, n - 2, "manifests")) {
        end = n - 2;
        ref = pr_seg(cx, n - 1);

        if (pr_docker_digest(ref)) {
            req->kind = PR_KIND_ARTIFACT;

        } else if (pr_docker_tag(ref)) {
            req->kind = PR_KIND_METADATA;

        } else {
            pr_invalid(cx, "invalid manifest reference");
            return;
        }

    } else if (n >= 4 && pr_seg_is(cx, n - 1, "list")
               && pr_seg_is(cx, n - 2, "tags"))
    {
        end = n - 2;
        req->kind = PR_KIND_METADATA;

    } else if (n >= 4 && pr_seg_is(cx, n - 2, "referrers")) {
        end = n - 2;
        ref = pr_seg(cx, n - 1);
        req->kind = PR_KIND_METADATA;

        if (!pr_docker_digest(ref)) {
            pr_invalid(cx, "invalid digest");
            return;
        }

    } else if (n >= 4 && pr_seg_is(cx, n - 1, "uploads")
               && pr_seg_is(cx, n - 2, "blobs"))
    {
        end = n - 2;
        req->kind = PR_KIND_WRITE;

    } else if (n >= 5 && pr_seg_is(cx, n - 2, "uploads")
               && pr_seg_is(cx, n - 3, "blobs"))
    {
        end = n - 3;
        req->kind = PR_KIND_WRITE;

    } else if (n >= 4 && pr_seg_is(cx, n - 2, "blobs")) {
        end = n - 2;
        ref = pr_seg(cx, n - 1);
        req->kind = PR_KIND_ARTIFACT;

        if (!pr_docker_digest(ref)) {
            pr_invalid(cx, "invalid digest");
            return;
        }

        req->file = *ref;

    } else {
        pr_invalid(cx, "unknown registry path");
        return;
    }

    len = 0;

    for (i = 1; i < end; i++) {
        if (!pr_docker_component(pr_seg(cx, i))) {
            pr_invalid(cx, "invalid repository name");
            return;
        }

        len += pr_seg(cx, i)->len + 1;
    }

    official = (end == 2);

    if (official) {
        len += sizeof("library/") - 1;
    }

    if (len - 1 > 255) {
        pr_invalid(cx, "repository name too long");
        return;
    }

    p = pr_scratch(req, len);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return;
    }

    req->name.data = p;

    if (official) {
        memcpy(p, "library/", sizeof("library/") - 1);
        p += sizeof("library/") - 1;
    }

    for (i = 1; i < end; i++) {
        memcpy(p, pr_seg(cx, i)->data, pr_seg(cx, i)->len);
        p += pr_seg(cx, i)->len;

        if (i + 1 < end) {
            *p++ = '/';
        }
    }

    if (pr_add_name(cx, req->name.data, p - req->name.data) != 0) {
        return;
    }

    if (ref && req->kind != PR_KIND_ARTIFACT) {
        req->version = *ref;

    } else if (ref && req->file.len == 0) {
        req->version = *ref;
    }

    pr_out_begin(cx);
    pr_out_lit(cx, "/v2");

    if (official) {
        pr_out_lit(cx, "/library");
    }

    pr_out_segs(cx, 1, n);
    pr_out_end(cx, cx->path.trailing_slash && req->kind == PR_KIND_WRITE);
}
