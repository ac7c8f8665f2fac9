/*
 * ngx_pkg_reroute: the filters of the metadata that lists versions
 * without URLs (pr_filter.h). A strict JSON reader of their own (these
 * documents are small and line-shaped; nothing is decoded: the values
 * read are plain strings), and the output copied from the input, less
 * what goes.
 */

#include <string.h>

#include "pr_filter.h"
#include "pr_time.h"


typedef struct {
    const char  *p;              /* the member's value */
    const char  *end;            /* after it */
    unsigned     seen:1;
} pr_fj_member_t;


#define PR_FJ_NAMES  4

typedef struct {
    const char      *names[PR_FJ_NAMES];
    pr_fj_member_t   m[PR_FJ_NAMES];
    const char      *err;
} pr_fj_object_t;


static const char *pr_fj_ws(const char *p, const char *e);
static const char *pr_fj_string(const char *p, const char *e, int *esc);
static const char *pr_fj_number(const char *p, const char *e);
static const char *pr_fj_value(const char *p, const char *e, unsigned depth);
static const char *pr_fj_object(const char *p, const char *e,
    pr_fj_object_t *o);
static int pr_fj_plain(const pr_fj_member_t *m, pr_str_t *s);
static const char *pr_fj_next(const char *v, const char *e);
static int pr_filter_keep(const pr_rewrite_t *rw, const pr_str_t *name,
    const pr_str_t *version, int64_t published);


static const char *
pr_fj_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
    }

    return p;
}


static int
pr_fj_hex4(const char *p, const char *e, unsigned *v)
{
    int       i;
    unsigned  c;

    if (e - p < 4) {
        return -1;
    }

    *v = 0;

    for (i = 0; i < 4; i++) {
        c = (unsigned char) p[i];

        if (c >= '0' && c <= '9') {
            c -= '0';

        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            c = (c | 0x20) - 'a' + 10;

        } else {
            return -1;
        }

        *v = (*v << 4) | c;
    }

    return 0;
}


/* after the string at p ('"'), or NULL; *esc: it has an escape */
static const char *
pr_fj_string(const char *p, const char *e, int *esc)
{
    unsigned  u, l;

    *esc = 0;

    for (p++; p < e; p++) {
        if (*p == '"') {
            return p + 1;
        }

        if ((unsigned char) *p < 0x20) {
            return NULL;
        }

        if (*p != '\\') {
            continue;
        }

        *esc = 1;

        if (++p == e) {
            return NULL;
        }

        switch (*p) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n':
        case 'r': case 't':
            continue;

        case 'u':
            if (pr_fj_hex4(p + 1, e, &u) != 0) {
                return NULL;
            }

            p += 4;

            if (u >= 0xdc00 && u <= 0xdfff) {
                return NULL;
            }

            if (u >= 0xd800 && u <= 0xdbff) {
                if (e - p < 7 || p[1] != '\\' || p[2] != 'u'
                    || pr_fj_hex4(p + 3, e, &l) != 0
                    || l < 0xdc00 || l > 0xdfff)
                {
                    return NULL;
                }

                p += 6;
            }

            continue;

        default:
            return NULL;
        }
    }

    return NULL;
}


#define pr_fj_digit(c)  ((c) >= '0' && (c) <= '9')

static const char *
pr_fj_number(const char *p, const char *e)
{
    if (p < e && *p == '-') {
        p++;
    }

    if (p == e || !pr_fj_digit(*p)) {
        return NULL;
    }

    if (*p == '0') {
        p++;

    } else {
        while (p < e && pr_fj_digit(*p)) {
            p++;
        }
    }

    if (p < e && *p == '.') {
        if (++p == e || !pr_fj_digit(*p)) {
            return NULL;
        }

        while (p < e && pr_fj_digit(*p)) {
            p++;
        }
    }

    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;

        if (p < e && (*p == '+' || *p == '-')) {
            p++;
        }

        if (p == e || !pr_fj_digit(*p)) {
            return NULL;
        }

        while (p < e && pr_fj_digit(*p)) {
            p++;
        }
    }

    return p;
}


/* after the value at p (white space before it skipped), or NULL */
static const char *
pr_fj_value(const char *p, const char *e, unsigned depth)
{
    int  esc;

    p = pr_fj_ws(p, e);

    if (p == e) {
        return NULL;
    }

    switch (*p) {

    case '"':
        return pr_fj_string(p, e, &esc);

    case '{':
    case '[':
        if (depth >= PR_REWRITE_MAX_DEPTH) {
            return NULL;
        }

        if (*p == '{') {
            p = pr_fj_ws(p + 1, e);

            if (p < e && *p == '}') {
                return p + 1;
            }

            for ( ;; ) {
                if (p == e || *p != '"'
                    || (p = pr_fj_string(p, e, &esc)) == NULL)
                {
                    return NULL;
                }

                p = pr_fj_ws(p, e);

                if (p == e || *p != ':') {
                    return NULL;
                }

                p = pr_fj_value(p + 1, e, depth + 1);

                if (p == NULL || (p = pr_fj_ws(p, e)) == e) {
                    return NULL;
                }

                if (*p == '}') {
                    return p + 1;
                }

                if (*p != ',') {
                    return NULL;
                }

                p = pr_fj_ws(p + 1, e);
            }
        }

        p = pr_fj_ws(p + 1, e);

        if (p < e && *p == ']') {
            return p + 1;
        }

        for ( ;; ) {
            p = pr_fj_value(p, e, depth + 1);

            if (p == NULL || (p = pr_fj_ws(p, e)) == e) {
                return NULL;
            }

            if (*p == ']') {
                return p + 1;
            }

            if (*p != ',') {
                return NULL;
            }

            p++;
        }

    case 't':
        return (e - p >= 4 && memcmp(p, "true", 4) == 0) ? p + 4 : NULL;

    case 'f':
        return (e - p >= 5 && memcmp(p, "false", 5) == 0) ? p + 5 : NULL;

    case 'n':
        return (e - p >= 4 && memcmp(p, "null", 4) == 0) ? p + 4 : NULL;

    default:
        return pr_fj_number(p, e);
    }
}


/*
 * The object at p (white space before it skipped): its members named in
 * o->names found (the first; one given twice, or a key with an escape,
 * fails it); after it, or NULL and o->err.
 */
static const char *
pr_fj_object(const char *p, const char *e, pr_fj_object_t *o)
{
    int          esc;
    size_t       n, i;
    const char  *k, *v;

    p = pr_fj_ws(p, e);

    if (p == e || *p != '{') {
        o->err = "not a JSON object";
        return NULL;
    }

    p = pr_fj_ws(p + 1, e);

    if (p < e && *p == '}') {
        return p + 1;
    }

    for ( ;; ) {
        if (p == e || *p != '"' || (v = pr_fj_string(p, e, &esc)) == NULL) {
            goto invalid;
        }

        if (esc) {
            o->err = "a key with an escape";
            return NULL;
        }

        k = p + 1;
        n = v - p - 2;

        p = pr_fj_ws(v, e);

        if (p == e || *p != ':') {
            goto invalid;
        }

        v = pr_fj_ws(p + 1, e);
        p = pr_fj_value(v, e, 1);

        if (p == NULL) {
            goto invalid;
        }

        for (i = 0; i < PR_FJ_NAMES && o->names[i] != NULL; i++) {
            if (strlen(o->names[i]) != n || memcmp(o->names[i], k, n) != 0) {
                continue;
            }

            if (o->m[i].seen) {
                o->err = "a member read is given twice";
                return NULL;
            }

            o->m[i].seen = 1;
            o->m[i].p = v;
            o->m[i].end = p;
        }

        p = pr_fj_ws(p, e);

        if (p == e) {
            goto invalid;
        }

        if (*p == '}') {
            return p + 1;
        }

        if (*p != ',') {
            goto invalid;
        }

        p = pr_fj_ws(p + 1, e);
    }

invalid:

    o->err = "not JSON";
    return NULL;
}


/* 0 and *s: the member is a string without escapes; -1: not */
static int
pr_fj_plain(const pr_fj_member_t *m, pr_str_t *s)
{
    if (!m->seen || *m->p != '"' || memchr(m->p, '\\', m->end - m->p)) {
        return -1;
    }

    s->data = m->p + 1;
    s->len = m->end - m->p - 2;

    return 0;
}


static int
pr_filter_keep(const pr_rewrite_t *rw, const pr_str_t *name,
    const pr_str_t *version, int64_t published)
{
    if (rw->keep == NULL) {
        return 1;
    }

    return rw->keep(rw->keep_data, name, version, published) != 0;
}


/*
 * The output: the input less what goes. Lines (Cargo, RubyGems info):
 * nothing is copied until a line goes, then the lines before it at once
 * and each kept line after. Lists (arrays, and the members of an npm
 * dist-tags object): each list's kept items written as "[a,b]" ("{a,b}")
 * where it was, what lies between the lists copied as it came.
 */

typedef struct {
    const pr_rewrite_t  *rw;
    const char          *in;
    size_t               len;
    char                *o;          /* NULL: nothing went yet */
    size_t               olen;
    const char          *from;       /* lists: the input copied up to */
    size_t               dropped;
    unsigned             items;      /* written into the list */
} pr_fout_t;


static void
pr_fout_init(pr_fout_t *f, const pr_rewrite_t *rw, const char *in,
    size_t len)
{
    memset(f, 0, sizeof(pr_fout_t));
    f->rw = rw;
    f->in = in;
    f->len = len;
}


/* the line at p is kept (to its end, nl) */
static void
pr_fout_line(pr_fout_t *f, const char *p, const char *nl)
{
    if (f->o != NULL) {
        memcpy(f->o + f->olen, p, nl - p);
        f->olen += nl - p;
    }
}


/* the line at p goes: 0, or PR_REWRITE_NOMEM */
static int
pr_fout_drop(pr_fout_t *f, const char *p)
{
    f->dropped++;

    if (f->o != NULL) {
        return PR_REWRITE_OK;
    }

    f->o = f->rw->alloc(f->rw->ctx, f->len);
    if (f->o == NULL) {
        return PR_REWRITE_NOMEM;
    }

    memcpy(f->o, f->in, p - f->in);
    f->olen = p - f->in;

    return PR_REWRITE_OK;
}


/* a list opens at p ('[' or '{'): 0, or PR_REWRITE_NOMEM */
static int
pr_fout_open(pr_fout_t *f, const char *p)
{
    if (f->o == NULL) {
        f->o = f->rw->alloc(f->rw->ctx, f->len);
        if (f->o == NULL) {
            return PR_REWRITE_NOMEM;
        }

        f->from = f->in;
    }

    memcpy(f->o + f->olen, f->from, p + 1 - f->from);
    f->olen += p + 1 - f->from;
    f->from = p + 1;
    f->items = 0;

    return PR_REWRITE_OK;
}


/* a document refused after its output was begun: the output goes */
static int
pr_fout_fail(pr_fout_t *f, int rc)
{
    if (f->o != NULL && f->rw->free != NULL) {
        f->rw->free(f->rw->ctx, f->o);
    }

    f->o = NULL;

    return rc;
}


/* an item of the list, [p, e), kept or not */
static void
pr_fout_item(pr_fout_t *f, const char *p, const char *e, int keep)
{
    if (!keep) {
        f->dropped++;
        return;
    }

    if (f->items++) {
        f->o[f->olen++] = ',';
    }

    memcpy(f->o + f->olen, p, e - p);
    f->olen += e - p;
}


/* the list ends before after, with its ']' or '}' */
static void
pr_fout_close(pr_fout_t *f, const char *after)
{
    f->o[f->olen++] = after[-1];
    f->from = after;
}


static void
pr_fout_done(pr_fout_t *f, pr_str_t *out)
{
    if (f->dropped == 0) {
        if (f->o != NULL && f->rw->free != NULL) {
            f->rw->free(f->rw->ctx, f->o);
        }

        out->data = f->in;
        out->len = f->len;
        return;
    }

    if (f->from != NULL) {
        memcpy(f->o + f->olen, f->from, f->in + f->len - f->from);
        f->olen += f->in + f->len - f->from;
    }

    out->data = f->o;
    out->len = f->olen;
}


/* the next item of an array after the one that ends at v, or e */
static const char *
pr_fj_next(const char *v, const char *e)
{
    v = pr_fj_ws(v, e);

    return (v < e) ? pr_fj_ws(v + 1, e) : e;    /* past its ',' */
}


/*
 * The document [in, in + len): one JSON value that opens with open, read
 * whole (obj: an object, its members named in obj->names found), with
 * nothing after it, of at most max_size bytes. PR_REWRITE_OK, *start and
 * *after (the value's bounds); else PR_REWRITE_INVALID and *err.
 */
static int
pr_filter_doc(const char *in, size_t len, const pr_rewrite_t *rw, int open,
    pr_fj_object_t *obj, const char **start, const char **after,
    const char **err)
{
    size_t       max;
    const char  *p, *v, *end;

    max = rw->max_size ? rw->max_size : PR_REWRITE_MAX_SIZE;

    if (len == 0 || len > max) {
        *err = len ? "document too large" : "empty document";
        return PR_REWRITE_INVALID;
    }

    end = in + len;
    p = pr_fj_ws(in, end);

    if (obj != NULL) {
        v = pr_fj_object(p, end, obj);

        if (v == NULL) {
            *err = obj->err;
            return PR_REWRITE_INVALID;
        }

    } else if (p == end || *p != open
               || (v = pr_fj_value(p, end, 0)) == NULL)
    {
        *err = (open == '[') ? "not a JSON array" : "not a JSON object";
        return PR_REWRITE_INVALID;
    }

    if (pr_fj_ws(v, end) != end) {
        *err = "data after the JSON value";
        return PR_REWRITE_INVALID;
    }

    *start = p;
    *after = v;

    return PR_REWRITE_OK;
}


/*
 * An item of a list, at p (the list ends at e): after it, and *keep; or
 * NULL and *err (the document is refused). name: the package's.
 */
typedef const char *(*pr_filter_item_pt)(const pr_rewrite_t *rw,
    const pr_str_t *name, const char *p, const char *e, int *keep,
    const char **err);


/* the list [open, after), read whole before: its items through item() */
static int
pr_filter_list(pr_fout_t *f, const char *open, const char *after,
    const pr_str_t *name, pr_filter_item_pt item, const char **err)
{
    int          keep;
    const char  *p, *v, *e;

    if (pr_fout_open(f, open) != PR_REWRITE_OK) {
        *err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    e = after - 1;                      /* its ']' or '}' */

    for (p = pr_fj_ws(open + 1, e); p < e; p = pr_fj_next(v, e)) {
        v = item(f->rw, name, p, e, &keep, err);

        if (v == NULL) {
            return pr_fout_fail(f, PR_REWRITE_INVALID);
        }

        pr_fout_item(f, p, v, keep);
    }

    pr_fout_close(f, after);

    return PR_REWRITE_OK;
}


/*
 * A document that is one list (RubyGems versions JSON, npm dist-tags):
 * the request must name the package (noname: the reason when not).
 */
static int
pr_filter_whole(const char *in, size_t len, const pr_rewrite_t *rw,
    int open, pr_filter_item_pt item, const char *noname, pr_str_t *out,
    const char **err)
{
    int          rc;
    pr_fout_t    f;
    const char  *p, *after;

    rc = pr_filter_doc(in, len, rw, open, NULL, &p, &after, err);

    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (rw->name.len == 0) {
        *err = noname;
        return PR_REWRITE_INVALID;
    }

    pr_fout_init(&f, rw, in, len);

    rc = pr_filter_list(&f, p, after, &rw->name, item, err);

    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    pr_fout_done(&f, out);

    return PR_REWRITE_OK;
}


/* a "pubtime" or "created_at" member: its time, or PR_TIME_UNKNOWN */
static int64_t
pr_fj_time(const pr_fj_member_t *m)
{
    int64_t   t;
    pr_str_t  s;

    if (pr_fj_plain(m, &s) != 0 || pr_time_parse(s.data, s.len, &t) != 0) {
        return PR_TIME_UNKNOWN;
    }

    return t;
}


int
pr_filter_cargo(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err)
{
    size_t           max;
    pr_str_t         name, vers;
    pr_fout_t        f;
    const char      *p, *e, *nl, *end, *q;
    pr_fj_object_t   obj;

    max = rw->max_size ? rw->max_size : PR_REWRITE_MAX_SIZE;

    if (len > max) {
        *err = "document too large";
        return PR_REWRITE_INVALID;
    }

    pr_fout_init(&f, rw, in, len);

    if (len == 0) {
        pr_fout_done(&f, out);    /* no versions (in may be NULL) */
        return PR_REWRITE_OK;
    }

    end = in + len;

    for (p = in; p < end; p = nl) {
        nl = memchr(p, '\n', end - p);
        nl = nl ? nl + 1 : end;
        e = nl;

        if (pr_fj_ws(p, e) == e) {
            pr_fout_line(&f, p, nl);    /* an empty line */
            continue;
        }

        memset(&obj, 0, sizeof(pr_fj_object_t));
        obj.names[0] = "name";
        obj.names[1] = "vers";
        obj.names[2] = "pubtime";

        q = pr_fj_object(p, e, &obj);

        if (q == NULL) {
            *err = obj.err;
            return PR_REWRITE_INVALID;
        }

        if (pr_fj_ws(q, e) != e) {
            *err = "data after a line's JSON object";
            return PR_REWRITE_INVALID;
        }

        if (pr_fj_plain(&obj.m[1], &vers) != 0) {
            *err = "a line without a \"vers\" string";
            return PR_REWRITE_INVALID;
        }

        if (rw->name.len > 0) {
            name = rw->name;

        } else if (pr_fj_plain(&obj.m[0], &name) != 0 || name.len == 0) {
            *err = "a line without a \"name\" string";
            return PR_REWRITE_INVALID;
        }

        if (pr_filter_keep(rw, &name, &vers, pr_fj_time(&obj.m[2]))) {
            pr_fout_line(&f, p, nl);

        } else if (pr_fout_drop(&f, p) != PR_REWRITE_OK) {
            *err = "out of memory";
            return PR_REWRITE_NOMEM;
        }
    }

    pr_fout_done(&f, out);

    return PR_REWRITE_OK;
}


/* an item that is a version: a string without escapes (else bad) */
static const char *
pr_filter_string(const pr_rewrite_t *rw, const pr_str_t *name,
    const char *p, const char *e, int *keep, const char **err,
    const char *bad)
{
    int          esc;
    pr_str_t     vers;
    const char  *v;

    if (*p != '"' || (v = pr_fj_string(p, e, &esc)) == NULL || esc) {
        *err = bad;
        return NULL;
    }

    vers.data = p + 1;
    vers.len = v - p - 2;

    *keep = pr_filter_keep(rw, name, &vers, PR_TIME_UNKNOWN);

    return v;
}


/* a tag of a Docker tag list */
static const char *
pr_filter_tag(const pr_rewrite_t *rw, const pr_str_t *name, const char *p,
    const char *e, int *keep, const char **err)
{
    return pr_filter_string(rw, name, p, e, keep, err,
                            "a tag is not a string without escapes");
}


int
pr_filter_docker_tags(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err)
{
    int              rc;
    pr_str_t         name;
    pr_fout_t        f;
    const char      *p, *after;
    pr_fj_object_t   obj;

    memset(&obj, 0, sizeof(pr_fj_object_t));
    obj.names[0] = "name";
    obj.names[1] = "tags";

    rc = pr_filter_doc(in, len, rw, '{', &obj, &p, &after, err);

    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (rw->name.len > 0) {
        name = rw->name;

    } else if (pr_fj_plain(&obj.m[0], &name) != 0 || name.len == 0) {
        *err = "no \"name\" string";
        return PR_REWRITE_INVALID;
    }

    pr_fout_init(&f, rw, in, len);

    if (!obj.m[1].seen
        || (obj.m[1].end - obj.m[1].p == 4
            && memcmp(obj.m[1].p, "null", 4) == 0))
    {
        pr_fout_done(&f, out);
        return PR_REWRITE_OK;
    }

    if (*obj.m[1].p != '[') {
        *err = "\"tags\" is not an array";
        return PR_REWRITE_INVALID;
    }

    rc = pr_filter_list(&f, obj.m[1].p, obj.m[1].end, &name, pr_filter_tag,
                        err);

    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    pr_fout_done(&f, out);

    return PR_REWRITE_OK;
}


int
pr_filter_gem_info(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err)
{
    int          body;
    size_t       max;
    pr_str_t     vers;
    pr_fout_t    f;
    const char  *p, *nl, *end, *sp, *q;

    max = rw->max_size ? rw->max_size : PR_REWRITE_MAX_SIZE;

    if (len > max) {
        *err = "document too large";
        return PR_REWRITE_INVALID;
    }

    if (rw->name.len == 0) {
        *err = "no gem name";
        return PR_REWRITE_INVALID;
    }

    pr_fout_init(&f, rw, in, len);

    if (len == 0) {
        pr_fout_done(&f, out);    /* no versions (in may be NULL) */
        return PR_REWRITE_OK;
    }

    end = in + len;

    /* without a "---" line every line is a version (as Bundler reads) */
    body = 1;

    for (p = in; p < end; p = nl) {
        nl = memchr(p, '\n', end - p);
        nl = nl ? nl + 1 : end;

        if (nl - p >= 3 && memcmp(p, "---", 3) == 0
            && (nl - p == 3 || p[3] == '\n'))
        {
            body = 0;
            break;
        }
    }

    for (p = in; p < end; p = nl) {
        nl = memchr(p, '\n', end - p);
        nl = nl ? nl + 1 : end;
        q = (nl[-1] == '\n') ? nl - 1 : nl;

        if (!body || q == p) {
            /* a header line, or an empty one */
            body = body || (q - p == 3 && memcmp(p, "---", 3) == 0);
            pr_fout_line(&f, p, nl);
            continue;
        }

        sp = memchr(p, ' ', q - p);

        if (sp == NULL) {
            *err = "a version line without a space";
            return PR_REWRITE_INVALID;
        }

        q = memchr(p, '-', sp - p);

        vers.data = p;
        vers.len = (q ? q : sp) - p;

        if (vers.len == 0) {
            *err = "a line without a version";
            return PR_REWRITE_INVALID;
        }

        if (pr_filter_keep(rw, &rw->name, &vers, PR_TIME_UNKNOWN)) {
            pr_fout_line(&f, p, nl);

        } else if (pr_fout_drop(&f, p) != PR_REWRITE_OK) {
            *err = "out of memory";
            return PR_REWRITE_NOMEM;
        }
    }

    pr_fout_done(&f, out);

    return PR_REWRITE_OK;
}


/* a version of /api/v1/versions/<name>.json: an object, "number" */
static const char *
pr_filter_gem_version(const pr_rewrite_t *rw, const pr_str_t *name,
    const char *p, const char *e, int *keep, const char **err)
{
    pr_str_t         num;
    const char      *v;
    pr_fj_object_t   obj;

    memset(&obj, 0, sizeof(pr_fj_object_t));
    obj.names[0] = "number";
    obj.names[1] = "created_at";

    v = pr_fj_object(p, e, &obj);

    if (v == NULL) {
        *err = obj.err;
        return NULL;
    }

    if (pr_fj_plain(&obj.m[0], &num) != 0) {
        *err = "a version without a \"number\" string";
        return NULL;
    }

    *keep = pr_filter_keep(rw, name, &num, pr_fj_time(&obj.m[1]));

    return v;
}


int
pr_filter_gem_versions(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err)
{
    return pr_filter_whole(in, len, rw, '[', pr_filter_gem_version,
                           "no gem name", out, err);
}


/* a member of npm dist-tags (read whole): "<tag>": "<version>" */
static const char *
pr_filter_dist_tag(const pr_rewrite_t *rw, const pr_str_t *name,
    const char *p, const char *e, int *keep, const char **err)
{
    int          esc;
    const char  *v;

    v = pr_fj_string(p, e, &esc);

    if (esc) {
        *err = "a tag with an escape";
        return NULL;
    }

    p = pr_fj_ws(pr_fj_ws(v, e) + 1, e);        /* past ':' */

    return pr_filter_string(rw, name, p, e, keep, err,
                            "a tag's version is not a string without "
                            "escapes");
}


int
pr_filter_npm_dist_tags(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err)
{
    return pr_filter_whole(in, len, rw, '{', pr_filter_dist_tag,
                           "no package name", out, err);
}


/*
 * A ref of a Hugging Face refs listing: an object; the revision a client
 * asks for is its "name" (branches, tags) or its "ref" (converts:
 * "refs/convert/parquet"; pull requests: "refs/pr/1").
 */
static const char *
pr_filter_hf_rev(const pr_rewrite_t *rw, const pr_str_t *name,
    const char *p, const char *e, int by_ref, int *keep, const char **err)
{
    pr_str_t         rev;
    const char      *v;
    pr_fj_object_t   obj;

    memset(&obj, 0, sizeof(pr_fj_object_t));
    obj.names[0] = "name";
    obj.names[1] = "ref";

    v = pr_fj_object(p, e, &obj);

    if (v == NULL) {
        *err = obj.err;
        return NULL;
    }

    if (pr_fj_plain(&obj.m[by_ref], &rev) != 0 || rev.len == 0) {
        *err = by_ref ? "a ref without a \"ref\" string"
                      : "a ref without a \"name\" string";
        return NULL;
    }

    *keep = pr_filter_keep(rw, name, &rev, PR_TIME_UNKNOWN);

    return v;
}


static const char *
pr_filter_hf_name(const pr_rewrite_t *rw, const pr_str_t *name,
    const char *p, const char *e, int *keep, const char **err)
{
    return pr_filter_hf_rev(rw, name, p, e, 0, keep, err);
}


static const char *
pr_filter_hf_ref(const pr_rewrite_t *rw, const pr_str_t *name,
    const char *p, const char *e, int *keep, const char **err)
{
    return pr_filter_hf_rev(rw, name, p, e, 1, keep, err);
}


int
pr_filter_hf_refs(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err)
{
    int              rc;
    size_t           i, j, n, order[PR_FJ_NAMES];
    pr_fout_t        f;
    const char      *p, *after;
    pr_fj_object_t   obj;

    static const pr_filter_item_pt  items[PR_FJ_NAMES] = {
        pr_filter_hf_name, pr_filter_hf_ref, pr_filter_hf_name,
        pr_filter_hf_ref
    };

    memset(&obj, 0, sizeof(pr_fj_object_t));
    obj.names[0] = "branches";
    obj.names[1] = "converts";
    obj.names[2] = "tags";
    obj.names[3] = "pullRequests";

    rc = pr_filter_doc(in, len, rw, '{', &obj, &p, &after, err);

    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (rw->name.len == 0) {
        *err = "no repository name";
        return PR_REWRITE_INVALID;
    }

    /* the lists in the document's order: the output follows it */

    n = 0;

    for (i = 0; i < PR_FJ_NAMES; i++) {
        if (!obj.m[i].seen) {
            continue;
        }

        if (*obj.m[i].p != '[') {
            *err = "a list of refs is not an array";
            return PR_REWRITE_INVALID;
        }

        for (j = n++; j > 0 && obj.m[order[j - 1]].p > obj.m[i].p; j--) {
            order[j] = order[j - 1];
        }

        order[j] = i;
    }

    pr_fout_init(&f, rw, in, len);

    for (j = 0; j < n; j++) {
        i = order[j];

        rc = pr_filter_list(&f, obj.m[i].p, obj.m[i].end, &rw->name,
                            items[i], err);

        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    pr_fout_done(&f, out);

    return PR_REWRITE_OK;
}


/*
 * The catalogue rows whose documents are filtered, first match: a row
 * with a prefix or a suffix takes only the paths that have it.
 */

typedef struct {
    pr_eco_t           eco;
    const char        *shape;
    const char        *prefix;
    const char        *suffix;
    pr_filter_kind_t   kind;
} pr_filter_row_t;


#define PR_FILTER_GEMV   "/api/v1/versions/<name>[.json|.yaml]"
#define PR_FILTER_HF     "/api/models|datasets|spaces|kernels/<repo_id>"

static const pr_filter_row_t  pr_filter_rows[] = {
    { PR_ECO_CARGO, "/1/<name>", NULL, NULL, PR_FILTER_CARGO },
    { PR_ECO_CARGO, "/2/<name>", NULL, NULL, PR_FILTER_CARGO },
    { PR_ECO_CARGO, "/3/<c>/<name>", NULL, NULL, PR_FILTER_CARGO },
    { PR_ECO_CARGO, "/<ab>/<cd>/<name>", NULL, NULL, PR_FILTER_CARGO },
    { PR_ECO_RUBYGEMS, "/info/<name>", NULL, NULL, PR_FILTER_GEM_INFO },
    { PR_ECO_RUBYGEMS, PR_FILTER_GEMV, NULL, ".yaml", PR_FILTER_CLOSED },
    { PR_ECO_RUBYGEMS, PR_FILTER_GEMV, NULL, NULL, PR_FILTER_GEM_VERSIONS },

    /* {"version": ...}: the latest, which a filter cannot move */
    { PR_ECO_RUBYGEMS, "/api/v1/versions/<name>/latest[.json]", NULL, NULL,
      PR_FILTER_CLOSED },

    /* Marshal (or JSON) of several gems' versions: Bundler falls back */
    { PR_ECO_RUBYGEMS, "/api/v1/dependencies[.json]?gems=<name>,...", NULL,
      NULL, PR_FILTER_CLOSED },

    { PR_ECO_DOCKER, "/v2/<name>/tags/list?n=...&last=...", NULL, NULL,
      PR_FILTER_DOCKER_TAGS },
    { PR_ECO_NPM, "/-/package/<name>/dist-tags", NULL, NULL,
      PR_FILTER_NPM_DIST_TAGS },
    { PR_ECO_HUGGINGFACE, PR_FILTER_HF "/refs", NULL, NULL,
      PR_FILTER_HF_REFS },

    /*
     * /api/models/gpt2/refs reads two ways: the refs of the legacy id
     * "gpt2", or the repository "gpt2/refs" (the row the classifier
     * gives it); whose revisions it lists is not known
     */
    { PR_ECO_HUGGINGFACE, PR_FILTER_HF, "/api/models/", "/refs",
      PR_FILTER_CLOSED },
    { PR_ECO_HUGGINGFACE, PR_FILTER_HF, "/api/datasets/", "/refs",
      PR_FILTER_CLOSED },
};


/* 1 if s starts (end 0) or ends (end 1) with what */
static int
pr_filter_affix(const pr_str_t *s, const char *what, int end)
{
    size_t  n;

    if (what == NULL) {
        return 1;
    }

    n = strlen(what);

    return s->len >= n
           && memcmp(s->data + (end ? s->len - n : 0), what, n) == 0;
}


pr_filter_kind_t
pr_filter_kind(const pr_req_t *req)
{
    size_t                  i;
    const pr_filter_row_t  *row;

    if (req->cls != PR_CLASS_PACKAGE || req->kind != PR_KIND_METADATA
        || req->endpoint == NULL)
    {
        return PR_FILTER_NONE;
    }

    for (i = 0; i < sizeof(pr_filter_rows) / sizeof(pr_filter_rows[0]); i++) {
        row = &pr_filter_rows[i];

        if (row->eco == req->eco
            && strcmp(row->shape, req->endpoint->shape) == 0
            && pr_filter_affix(&req->path, row->prefix, 0)
            && pr_filter_affix(&req->path, row->suffix, 1))
        {
            return row->kind;
        }
    }

    return PR_FILTER_NONE;
}


int
pr_filter(pr_filter_kind_t kind, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err)
{
    switch (kind) {

    case PR_FILTER_CARGO:
        return pr_filter_cargo(in, len, rw, out, err);

    case PR_FILTER_GEM_INFO:
        return pr_filter_gem_info(in, len, rw, out, err);

    case PR_FILTER_GEM_VERSIONS:
        return pr_filter_gem_versions(in, len, rw, out, err);

    case PR_FILTER_DOCKER_TAGS:
        return pr_filter_docker_tags(in, len, rw, out, err);

    case PR_FILTER_NPM_DIST_TAGS:
        return pr_filter_npm_dist_tags(in, len, rw, out, err);

    case PR_FILTER_HF_REFS:
        return pr_filter_hf_refs(in, len, rw, out, err);

    default:
        *err = "a format no filter reads";
        return PR_REWRITE_INVALID;
    }
}


const char *
pr_filter_name(pr_filter_kind_t kind)
{
    static const char  *names[] = {
        "not a filtered document",
        "a Cargo index file",
        "a RubyGems info file",
        "a RubyGems versions document",
        "a Docker tag list",
        "an npm dist-tags document",
        "a Hugging Face refs listing",
        "a document in a format no filter reads"
    };

    return (kind <= PR_FILTER_CLOSED) ? names[kind] : names[0];
}
