/*
 * ngx_pkg_reroute: the classifier's entry point and what the per-ecosystem
 * classifiers share.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pr_classify.h"
#include "pr_eco.h"


static const struct {
    const char           *name;
    pr_classifier_pt      classify;
    int                   keep_slash;
    const pr_endpoint_t  *catalogue;
} pr_ecos[PR_ECO_MAX] = {
    { "",            NULL,                     0, NULL },
    { "npm",         pr_classify_npm,          0, pr_npm_endpoints },
    { "pypi",        pr_classify_pypi,         0, pr_pypi_endpoints },
    { "docker",      pr_classify_docker,       0, pr_docker_endpoints },
    { "huggingface", pr_classify_huggingface,  1, pr_huggingface_endpoints },
    { "rubygems",    pr_classify_rubygems,     0, pr_rubygems_endpoints },
    { "cargo",       pr_classify_cargo,        0, pr_cargo_endpoints },
    { "github",      pr_classify_github,       0, pr_github_endpoints },
    { "generic",     pr_classify_generic,      0, NULL },
};


/* query arguments that ask a server to take another method */
static const char  *pr_method_overrides[] = {
    "_method", "x-http-method-override", "x-http-method",
    "x-method-override", NULL
};


static void pr_check_endpoint(pr_cx_t *cx);
static int pr_shapes_compile(pr_eco_t eco);
static int pr_shape_run(const pr_path_t *path, size_t row);


/*
 * The catalogue's shapes, read once (pr_classify_init(), at the
 * configuration) into parts matched without parsing: a literal
 * part is its alternatives ("a|b"), as pointers into the shape string.
 * A row's parts, a part's alternatives are runs in two static arrays;
 * past their room (a catalogue grown far beyond today's), the shapes are
 * parsed on every request as before.
 */

#define PR_SHAPE_ROWS   1024
#define PR_SHAPE_PARTS  4096
#define PR_SHAPE_ALTS   4096

enum {
    PR_PART_ALTS = 0,   /* one of the alternatives */
    PR_PART_ANY,        /* <x>: any one segment */
    PR_PART_REST,       /* <x...>, last: one or more segments */
    PR_PART_NEVER       /* an empty part, <x...> not last: no match */
};

typedef struct {
    uint16_t    alt;        /* the first in pr_shape_alts */
    uint8_t     nalts;
    uint8_t     kind;
} pr_part_t;

typedef struct {
    uint16_t    part;       /* the first in pr_shape_parts */
    uint16_t    nparts;
} pr_shape_t;

static pr_str_t    pr_shape_alts[PR_SHAPE_ALTS];
static pr_part_t   pr_shape_parts[PR_SHAPE_PARTS];
static pr_shape_t  pr_shapes[PR_SHAPE_ROWS];
static size_t      pr_shape_nalts, pr_shape_nparts, pr_shape_nrows;

/* per ecosystem: 0 not read yet, 1 read (its first row's index), -1 no room */
static int         pr_shape_state[PR_ECO_MAX];
static size_t      pr_shape_base[PR_ECO_MAX];


static const char  *pr_kinds[] = {
    "other", "metadata", "artifact", "api", "write"
};


const char *
pr_eco_name(pr_eco_t eco)
{
    return (eco > PR_ECO_NONE && eco < PR_ECO_MAX) ? pr_ecos[eco].name : "";
}


pr_eco_t
pr_eco_by_name(const char *name, size_t len)
{
    int  i;

    for (i = PR_ECO_NONE + 1; i < PR_ECO_MAX; i++) {
        if (strlen(pr_ecos[i].name) == len
            && memcmp(pr_ecos[i].name, name, len) == 0)
        {
            return (pr_eco_t) i;
        }
    }

    return PR_ECO_NONE;
}


const pr_endpoint_t *
pr_catalogue(pr_eco_t eco)
{
    return (eco > PR_ECO_NONE && eco < PR_ECO_MAX) ? pr_ecos[eco].catalogue
                                                   : NULL;
}


const char *
pr_kind_name(pr_kind_t kind)
{
    return (unsigned) kind <= PR_KIND_WRITE ? pr_kinds[kind] : "other";
}


int
pr_classify(pr_eco_t eco, pr_method_t method, const char *path, size_t plen,
    const char *query, size_t qlen, unsigned flags, pr_req_t *req)
{
    return pr_classify_prefix(eco, method, NULL, 0, path, plen, query, qlen,
                              flags, req);
}


/* removes the prefix's segments from the front of the path; -1 if absent */
static int
pr_strip_prefix(pr_path_t *path, const char *prefix, size_t len)
{
    size_t       k, n;
    const char  *p, *end, *slash;

    k = 0;
    p = prefix;
    end = prefix + len;

    while (p < end) {
        slash = memchr(p, '/', end - p);
        if (slash == NULL) {
            slash = end;
        }

        n = slash - p;

        if (n) {
            if (k == path->nseg || path->seg[k].len != n
                || memcmp(path->seg[k].data, p, n) != 0)
            {
                return -1;
            }

            k++;
        }

        p = slash + 1;
    }

    path->nseg -= k;
    memmove(&path->seg[0], &path->seg[k], path->nseg * sizeof(pr_str_t));

    return 0;
}


int
pr_classify_prefix(pr_eco_t eco, pr_method_t method, const char *prefix,
    size_t prefix_len, const char *path, size_t plen, const char *query,
    size_t qlen, unsigned flags, pr_req_t *req)
{
    char        *dec;
    pr_cx_t      cx;
    const char  *err;

    if (qlen == 0) {
        /* nginx's r->args.data is NULL without a query: no NULL + 0 */
        query = "";
    }

    req->eco = eco;
    req->kind = PR_KIND_OTHER;
    req->cls = PR_CLASS_NONAME;
    req->name.len = 0;
    req->version.len = 0;
    req->file.len = 0;
    req->path.len = 0;
    req->query.data = query;
    req->query.len = qlen;
    req->names = NULL;
    req->nnames = 0;
    req->nalloc = 0;
    req->error = NULL;
    req->endpoint = NULL;
    req->used = 0;

    if (req->size < pr_scratch_size(plen, qlen)) {
        return -1;
    }

    if (eco <= PR_ECO_NONE || eco >= PR_ECO_MAX) {
        req->cls = PR_CLASS_NONAME;
        return 0;
    }

    if (plen > PR_MAX_PATH_LEN || qlen > PR_MAX_QUERY_LEN) {
        /* before any work: the scratch was sized without them */
        req->cls = PR_CLASS_INVALID;
        req->error = (plen > PR_MAX_PATH_LEN) ? "path too long"
                                              : "query string too long";
        req->path.data = "/";
        req->path.len = 1;
        req->query.len = 0;
        return 0;
    }

    cx.req = req;
    cx.method = method;
    cx.query = query;
    cx.qlen = qlen;
    cx.out = NULL;
    cx.out_end = NULL;
    cx.read_post = 0;

    dec = pr_scratch(req, plen + 1);

    err = pr_path_parse(path, plen, flags, pr_ecos[eco].keep_slash,
                        &cx.path, dec);

    if (err == NULL && prefix_len
        && pr_strip_prefix(&cx.path, prefix, prefix_len) != 0)
    {
        err = "path outside the registry's prefix";
    }

    if (err) {
        pr_invalid(&cx, err);
        req->path.data = "/";
        req->path.len = 1;
        return 0;
    }

    /*
     * by default: names nothing, forwards every segment; that path is
     * written after the classifier, if it wrote none of its own
     */

    req->cls = PR_CLASS_NONAME;
    req->kind = PR_KIND_OTHER;
    req->path.data = NULL;

    pr_ecos[eco].classify(&cx);

    if (req->path.data == NULL) {
        pr_out_begin(&cx);
        pr_out_segs(&cx, 0, cx.path.nseg);
        pr_out_end(&cx, cx.path.trailing_slash);
    }

    if (req->cls != PR_CLASS_INVALID && pr_ecos[eco].catalogue) {
        pr_check_endpoint(&cx);
    }

    if (req->cls == PR_CLASS_INVALID) {
        req->nnames = 0;
        req->name.len = 0;
        req->version.len = 0;
        req->file.len = 0;
        return 0;
    }

    switch (method) {

    case PR_METHOD_GET:
    case PR_METHOD_HEAD:
        break;

    case PR_METHOD_POST:
        if (cx.read_post) {
            break;
        }

        /* fall through */

    default:
        req->kind = PR_KIND_WRITE;
    }

    return 0;
}


/*
 * Closed by default: a shape the catalogue does not hold, or a method the
 * registry does not serve there, is unknown; a method override is refused.
 */
static void
pr_check_endpoint(pr_cx_t *cx)
{
    size_t                i;
    pr_req_t             *req;
    const pr_endpoint_t  *ep;

    req = cx->req;
    ep = req->endpoint;

    for (i = 0; pr_method_overrides[i]; i++) {
        if (pr_query_has(cx->query, cx->qlen, pr_method_overrides[i])) {
            pr_invalid(cx, "method override");
            return;
        }
    }

    if (ep == NULL && req->cls == PR_CLASS_NONAME) {
        /* the rows that name no package are matched by their shape */

        for (ep = pr_ecos[req->eco].catalogue; ep->shape; ep++) {
            if (ep->names) {
                continue;
            }

            if (pr_shape_state[req->eco] == 1
                ? pr_shape_run(&cx->path, pr_shape_base[req->eco]
                               + (ep - pr_ecos[req->eco].catalogue))
                : pr_shape_match(&cx->path, ep->shape))
            {
                pr_endpoint(cx, ep);
                break;
            }
        }

        if (ep->shape == NULL) {
            ep = NULL;
        }
    }

    if (ep == NULL) {
        /* names stay: a named package is still checked by its rule */
        req->cls = PR_CLASS_UNKNOWN;
        req->kind = PR_KIND_OTHER;
        req->error = "no such endpoint";
        return;
    }

    if (!(ep->methods & pr_method_bit(cx->method))) {
        req->cls = PR_CLASS_UNKNOWN;
        req->error = "method not served at this endpoint";
        return;
    }

    if (ep->names && req->cls != PR_CLASS_PACKAGE
        && req->cls != PR_CLASS_ROOT)
    {
        pr_invalid(cx, "package name missing");
    }
}


/*
 * 1 if the decoded path has the shape: '/'-separated parts, each a literal
 * segment, alternatives "a|b", "<x>" (any one segment) or, last, "<x...>"
 * (one or more segments); a trailing '/' and a "?query" are not matched.
 */
int
pr_shape_match(const pr_path_t *path, const char *shape)
{
    size_t       i, n;
    const char  *p, *end, *alt, *bar;

    i = 0;
    p = shape;

    while (*p == '/') {
        p++;
    }

    while (*p && *p != '?') {
        end = p + strcspn(p, "/?");
        n = end - p;

        if (i == path->nseg) {
            return 0;
        }

        if (p[0] == '<') {
            if (n > 5 && memcmp(end - 4, "...>", 4) == 0) {
                return *end != '/';         /* the rest, one or more */
            }

        } else {
            for (alt = p; alt < end; alt = bar + 1) {
                bar = memchr(alt, '|', end - alt);
                if (bar == NULL) {
                    bar = end;
                }

                if (path->seg[i].len == (size_t) (bar - alt)
                    && memcmp(path->seg[i].data, alt, bar - alt) == 0)
                {
                    break;
                }
            }

            if (alt >= end) {
                return 0;
            }
        }

        i++;
        p = (*end == '/') ? end + 1 : end;
    }

    return i == path->nseg;
}


int
pr_classify_init(void)
{
    int       rc;
    size_t    e;

    rc = 0;

    for (e = 1; e < PR_ECO_MAX; e++) {
        if (pr_ecos[e].catalogue == NULL) {
            continue;
        }

        if (pr_shape_state[e] == 0) {
            pr_shape_state[e] = pr_shapes_compile((pr_eco_t) e);
        }

        if (pr_shape_state[e] != 1) {
            rc = -1;
        }
    }

    return rc;
}


int
pr_classify_compiled(void)
{
    size_t  e;

    for (e = 1; e < PR_ECO_MAX; e++) {
        if (pr_ecos[e].catalogue != NULL && pr_shape_state[e] != 1) {
            return 0;
        }
    }

    return 1;
}


/* reads every row of the ecosystem's catalogue as pr_shape_match() does */
static int
pr_shapes_compile(pr_eco_t eco)
{
    size_t                n, nalts, nparts, nrows;
    pr_part_t            *part;
    pr_shape_t           *shape;
    const char           *p, *end, *alt, *bar;
    const pr_endpoint_t  *ep;

    nalts = pr_shape_nalts;
    nparts = pr_shape_nparts;
    nrows = pr_shape_nrows;

    for (ep = pr_ecos[eco].catalogue; ep->shape; ep++) {

        if (nrows == PR_SHAPE_ROWS) {
            return -1;
        }

        shape = &pr_shapes[nrows++];
        shape->part = (uint16_t) nparts;
        shape->nparts = 0;

        p = ep->shape;

        while (*p == '/') {
            p++;
        }

        while (*p && *p != '?') {
            end = p + strcspn(p, "/?");
            n = end - p;

            if (nparts == PR_SHAPE_PARTS || shape->nparts == UINT16_MAX) {
                return -1;
            }

            part = &pr_shape_parts[nparts++];
            shape->nparts++;
            part->alt = (uint16_t) nalts;
            part->nalts = 0;

            if (p[0] == '<') {
                if (n > 5 && memcmp(end - 4, "...>", 4) == 0) {
                    part->kind = (*end == '/') ? PR_PART_NEVER : PR_PART_REST;

                } else {
                    part->kind = PR_PART_ANY;
                }

            } else if (n == 0) {
                part->kind = PR_PART_NEVER;

            } else {
                part->kind = PR_PART_ALTS;

                for (alt = p; alt < end; alt = bar + 1) {
                    bar = memchr(alt, '|', end - alt);
                    if (bar == NULL) {
                        bar = end;
                    }

                    if (nalts == PR_SHAPE_ALTS || part->nalts == UINT8_MAX) {
                        return -1;
                    }

                    pr_shape_alts[nalts].data = alt;
                    pr_shape_alts[nalts].len = bar - alt;
                    nalts++;
                    part->nalts++;
                }
            }

            p = (*end == '/') ? end + 1 : end;
        }
    }

    pr_shape_base[eco] = pr_shape_nrows;
    pr_shape_nalts = nalts;
    pr_shape_nparts = nparts;
    pr_shape_nrows = nrows;

    return 1;
}


/* pr_shape_match() of a row read by pr_shapes_compile() */
static int
pr_shape_run(const pr_path_t *path, size_t row)
{
    size_t            i, k;
    const pr_str_t   *a, *seg;
    const pr_part_t  *part;

    part = &pr_shape_parts[pr_shapes[row].part];

    for (i = 0; i < pr_shapes[row].nparts; i++, part++) {

        if (i == path->nseg) {
            return 0;
        }

        switch (part->kind) {

        case PR_PART_ANY:
            break;

        case PR_PART_REST:
            return 1;

        case PR_PART_NEVER:
            return 0;

        default: /* PR_PART_ALTS */
            seg = &path->seg[i];
            a = &pr_shape_alts[part->alt];

            for (k = 0; k < part->nalts; k++, a++) {
                if (seg->len == a->len
                    && memcmp(seg->data, a->data, a->len) == 0)
                {
                    break;
                }
            }

            if (k == part->nalts) {
                return 0;
            }
        }
    }

    return i == path->nseg;
}


void
pr_endpoint(pr_cx_t *cx, const pr_endpoint_t *ep)
{
    cx->req->endpoint = ep;
    cx->req->kind = (pr_kind_t) ep->kind;
}


char *
pr_scratch(pr_req_t *req, size_t n)
{
    char  *p;

    if (req->size - req->used < n) {
        return NULL;
    }

    p = req->buf + req->used;
    req->used += n;

    return p;
}


int
pr_add_name(pr_cx_t *cx, const char *data, size_t len)
{
    char      *p;
    pr_req_t  *req;

    req = cx->req;

    if (req->cls == PR_CLASS_INVALID) {
        return -1;
    }

    if (len == 0) {
        pr_invalid(cx, "empty package name");
        return -1;
    }

    if (len > (req->eco == PR_ECO_GENERIC ? PR_MAX_PATH_LEN
                                          : PR_MAX_NAME_LEN))
    {
        pr_invalid(cx, "package name too long");
        return -1;
    }

    if (req->nnames == req->nalloc && pr_reserve_names(cx, 1) != 0) {
        return -1;
    }

    p = pr_scratch(req, len);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    req->names[req->nnames].data = p;
    req->names[req->nnames].len = pr_name_canon(req->eco, data, len, p);

    if (req->nnames == 0) {
        req->name = req->names[0];
    }

    req->nnames++;
    req->cls = PR_CLASS_PACKAGE;

    return 0;
}


int
pr_same_package(const pr_req_t *from, const pr_req_t *to)
{
    size_t  i, k;

    if (to->nnames == 0 || from->eco != to->eco) {
        return 0;
    }

    for (i = 0; i < to->nnames; i++) {
        for (k = 0; k < from->nnames; k++) {
            if (to->names[i].len == from->names[k].len
                && memcmp(to->names[i].data, from->names[k].data,
                          to->names[i].len) == 0)
            {
                break;
            }
        }

        if (k == from->nnames) {
            return 0;
        }
    }

    return 1;
}


int
pr_reserve_names(pr_cx_t *cx, size_t n)
{
    pr_str_t  *names;
    pr_req_t  *req;

    req = cx->req;

    if (req->nnames + n > PR_MAX_NAMES) {
        pr_invalid(cx, "too many package names");
        return -1;
    }

    if (req->nnames + n <= req->nalloc) {
        return 0;
    }

    names = (pr_str_t *) pr_scratch(req, (req->nnames + n) * sizeof(pr_str_t)
                                         + sizeof(pr_str_t));
    if (names == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    /* align to the element */
    names = (pr_str_t *) (((uintptr_t) names + sizeof(pr_str_t) - 1)
                          & ~(uintptr_t) (sizeof(pr_str_t) - 1));

    if (req->nnames) {
        memcpy(names, req->names, req->nnames * sizeof(pr_str_t));
    }

    req->names = names;
    req->nalloc = req->nnames + n;

    return 0;
}


void
pr_invalid(pr_cx_t *cx, const char *reason)
{
    cx->req->cls = PR_CLASS_INVALID;
    cx->req->error = reason;
}


void
pr_out_begin(pr_cx_t *cx)
{
    pr_req_t  *req;

    req = cx->req;

    if (req->path.len && req->path.data + req->path.len == req->buf + req->used)
    {
        /* the default path was the last thing written: write over it */
        req->used -= req->path.len;
    }

    /* the rest of the scratch; pr_out_end() claims what was written */
    cx->out = req->buf + req->used;
    cx->out_end = req->buf + req->size;
    req->path.data = cx->out;
}


/* room for n more bytes, else the path is abandoned (pr_out_end says so) */
static int
pr_out_room(pr_cx_t *cx, size_t n)
{
    if (cx->out == NULL || (size_t) (cx->out_end - cx->out) < n) {
        cx->out = NULL;
        return 0;
    }

    return 1;
}


void
pr_out_lit(pr_cx_t *cx, const char *lit)
{
    size_t  n;

    n = strlen(lit);

    if (pr_out_room(cx, n)) {
        memcpy(cx->out, lit, n);
        cx->out += n;
    }
}


void
pr_out_enc(pr_cx_t *cx, const pr_str_t *seg)
{
    if (pr_out_room(cx, 3 * seg->len)) {
        cx->out = pr_encode_segment(cx->out, seg->data, seg->len);
    }
}


void
pr_out_seg(pr_cx_t *cx, const pr_str_t *seg)
{
    pr_out_lit(cx, "/");
    pr_out_enc(cx, seg);
}


void
pr_out_segs(pr_cx_t *cx, size_t from, size_t to)
{
    size_t  i;

    for (i = from; i < to; i++) {
        pr_out_seg(cx, &cx->path.seg[i]);
    }
}


void
pr_out_end(pr_cx_t *cx, int trailing_slash)
{
    pr_req_t  *req;

    req = cx->req;

    if (!pr_out_room(cx, 1)) {
        pr_invalid(cx, "request too large");
        req->path.data = "/";
        req->path.len = 1;
        return;
    }

    if (cx->out == req->path.data || trailing_slash) {
        *cx->out++ = '/';
    }

    if ((size_t) (cx->out - req->path.data) > PR_MAX_PATH_LEN) {
        /* what is forwarded must classify again as what was checked */
        pr_invalid(cx, "path too long");
        req->path.data = "/";
        req->path.len = 1;
        return;
    }

    req->path.len = cx->out - req->path.data;
    req->used += req->path.len;
}


int
pr_parts_safe(const pr_str_t *s)
{
    size_t       n;
    const char  *p, *end, *slash;

    p = s->data;
    end = s->data + s->len;

    for ( ;; ) {
        slash = memchr(p, '/', end - p);
        n = (slash ? slash : end) - p;

        if (n == 0 || (n == 1 && p[0] == '.')
            || (n == 2 && p[0] == '.' && p[1] == '.'))
        {
            return 0;
        }

        if (slash == NULL) {
            return 1;
        }

        p = slash + 1;
    }
}


int
pr_join(pr_cx_t *cx, size_t from, size_t to, pr_str_t *out)
{
    char    *p;
    size_t   i, n;

    n = 0;

    for (i = from; i < to; i++) {
        n += cx->path.seg[i].len + 1;
    }

    p = pr_scratch(cx->req, n);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    out->data = p;

    for (i = from; i < to; i++) {
        if (i > from) {
            *p++ = '/';
        }

        memcpy(p, cx->path.seg[i].data, cx->path.seg[i].len);
        p += cx->path.seg[i].len;
    }

    out->len = p - out->data;

    return 0;
}
