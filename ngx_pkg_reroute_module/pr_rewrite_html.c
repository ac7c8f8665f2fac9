/*
 * ngx_pkg_reroute: the streaming rewriter of PEP 503 simple pages (HTML),
 * see pr_rewrite.h.
 */

#include <string.h>

#include "pr_rewrite_int.h"


typedef struct {
    const pr_rewrite_t  *rw;
    char                *data;
    size_t               len;
    size_t               size;
    size_t               hint;       /* first allocation */
} pr_sink_t;

typedef int (*pr_html_attr_pt)(pr_html_rw_t *st, void *data,
    const char *name, size_t nlen, size_t vs, size_t ve);

static int pr_sink_add(pr_sink_t *s, const char *p, size_t n);
static int pr_html_out(pr_html_rw_t *st, pr_sink_t *s, const char *p,
    size_t n);
static unsigned pr_html_step(unsigned a, unsigned char c);
static int pr_html_attrs(pr_html_rw_t *st, pr_html_attr_pt handler,
    void *data);
static int pr_html_keep_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve);
static int pr_html_dup_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve);
static int pr_html_emit_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve);
static int pr_html_tag(pr_html_rw_t *st, pr_sink_t *s);
static int pr_html_byte(pr_html_rw_t *st, unsigned char c, pr_sink_t *s);



enum {
    PR_H_TEXT = 0,
    PR_H_LT,             /* "<" */
    PR_H_END_OPEN,       /* "</" */
    PR_H_MARKUP,         /* "<!", "<!-" */
    PR_H_COMMENT,        /* after "<!--", passed through */
    PR_H_BOGUS,          /* <!DOCTYPE ...>, <?...>, passed through */
    PR_H_TAG,            /* a start or end tag, held in st->tag */
    PR_H_FAILED
};


/* the HTML tokenizer's states inside a tag, after its name's first letter */
enum {
    PR_T_NAME = 0,
    PR_T_BEFORE_ATTR,
    PR_T_ATTR_NAME,
    PR_T_AFTER_NAME,
    PR_T_BEFORE_VALUE,
    PR_T_DQ,
    PR_T_SQ,
    PR_T_UQ,
    PR_T_AFTER_VALUE,
    PR_T_DONE
};


#define pr_alpha(c)  ((((c) | 0x20) >= 'a') && (((c) | 0x20) <= 'z'))

#define pr_is_href(name, n)                                                  \
    ((n) == 4 && ((name)[0] | 0x20) == 'h' && ((name)[1] | 0x20) == 'r'      \
     && ((name)[2] | 0x20) == 'e' && ((name)[3] | 0x20) == 'f')


static int
pr_sink_add(pr_sink_t *s, const char *p, size_t n)
{
    char    *np;
    size_t   size;

    if (n == 0) {
        return PR_REWRITE_OK;
    }

    if (s->size - s->len < n) {
        size = s->size ? 2 * s->size : s->hint;

        if (size < s->len + n) {
            size = s->len + n;
        }

        np = s->rw->alloc(s->rw->ctx, size);
        if (np == NULL) {
            return PR_REWRITE_NOMEM;
        }

        if (s->len > 0) {
            memcpy(np, s->data, s->len);
        }

        s->data = np;
        s->size = size;
    }

    memcpy(s->data + s->len, p, n);
    s->len += n;

    return PR_REWRITE_OK;
}


static int
pr_html_out(pr_html_rw_t *st, pr_sink_t *s, const char *p, size_t n)
{
    return st->skip ? PR_REWRITE_OK : pr_sink_add(s, p, n);
}


static unsigned
pr_html_step(unsigned a, unsigned char c)
{
    switch (a) {

    case PR_T_NAME:
        return (pr_space(c) || c == '/') ? PR_T_BEFORE_ATTR
               : c == '>' ? PR_T_DONE : PR_T_NAME;

    case PR_T_BEFORE_ATTR:
        return (pr_space(c) || c == '/') ? PR_T_BEFORE_ATTR
               : c == '>' ? PR_T_DONE : PR_T_ATTR_NAME;

    case PR_T_ATTR_NAME:
        return pr_space(c) ? PR_T_AFTER_NAME
               : c == '/' ? PR_T_BEFORE_ATTR
               : c == '=' ? PR_T_BEFORE_VALUE
               : c == '>' ? PR_T_DONE : PR_T_ATTR_NAME;

    case PR_T_AFTER_NAME:
        return pr_space(c) ? PR_T_AFTER_NAME
               : c == '/' ? PR_T_BEFORE_ATTR
               : c == '=' ? PR_T_BEFORE_VALUE
               : c == '>' ? PR_T_DONE : PR_T_ATTR_NAME;

    case PR_T_BEFORE_VALUE:
        return pr_space(c) ? PR_T_BEFORE_VALUE
               : c == '"' ? PR_T_DQ
               : c == '\'' ? PR_T_SQ
               : c == '>' ? PR_T_DONE : PR_T_UQ;

    case PR_T_DQ:
        return c == '"' ? PR_T_AFTER_VALUE : PR_T_DQ;

    case PR_T_SQ:
        return c == '\'' ? PR_T_AFTER_VALUE : PR_T_SQ;

    case PR_T_UQ:
        return pr_space(c) ? PR_T_BEFORE_ATTR
               : c == '>' ? PR_T_DONE : PR_T_UQ;

    default: /* PR_T_AFTER_VALUE */
        return (pr_space(c) || c == '/') ? PR_T_BEFORE_ATTR
               : c == '>' ? PR_T_DONE : PR_T_ATTR_NAME;
    }
}


/*
 * Walks the held tag as pr_html_step() read it, and calls handler for
 * each attribute with a value: [vs, ve) in st->tag, quotes excluded. A
 * value still open at the end runs to it. Stops at the first non-zero.
 */
static int
pr_html_attrs(pr_html_rw_t *st, pr_html_attr_pt handler, void *data)
{
    int          rc;
    size_t       i, n, ns, ne, vs;
    unsigned     a, o;
    const char  *t;

    t = st->tag;
    n = st->len;
    a = PR_T_NAME;
    ns = 0;
    ne = 0;
    vs = 0;

    for (i = (t[1] == '/') ? 2 : 1; i < n; i++) {
        o = a;
        a = pr_html_step(o, (unsigned char) t[i]);

        if (a == PR_T_ATTR_NAME && o != PR_T_ATTR_NAME) {
            ns = i;
        }

        if (o == PR_T_ATTR_NAME && a != PR_T_ATTR_NAME) {
            ne = i;
        }

        if (o == PR_T_BEFORE_VALUE && a != o) {
            vs = (a == PR_T_UQ) ? i : i + 1;
        }

        if ((o == PR_T_DQ || o == PR_T_SQ || o == PR_T_UQ) && a != o) {
            rc = handler(st, data, t + ns, ne - ns, vs, i);
            if (rc != 0) {
                return rc;
            }
        }

        if (a == PR_T_DONE) {
            return 0;
        }
    }

    if (a == PR_T_DQ || a == PR_T_SQ || a == PR_T_UQ) {
        return handler(st, data, t + ns, ne - ns, vs, n);
    }

    return 0;
}


/* sets *data and stops if an href names a file not kept */
static int
pr_html_keep_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve)
{
    int          hi, lo;
    char         file[PR_HTML_FILE_MAX];
    size_t       i, n, e;
    pr_str_t     ver;
    const char  *t;

    if (!pr_is_href(name, nlen)) {
        return 0;
    }

    t = st->tag;

    while (vs < ve && pr_space(t[vs])) {
        vs++;
    }

    while (ve > vs && pr_space(t[ve - 1])) {
        ve--;
    }

    for (e = vs; e < ve && t[e] != '?' && t[e] != '#'; e++) { /* void */ }
    for (i = e; i > vs && t[i - 1] != '/'; i--) { /* void */ }

    for (n = 0; i < e; i++) {
        if (n == PR_HTML_FILE_MAX) {
            goto drop;
        }

        if (t[i] == '%' && i + 2 < e) {
            hi = pr_lower(t[i + 1]);
            lo = pr_lower(t[i + 2]);
            hi = pr_isdigit(hi) ? hi - '0' : (hi >= 'a' && hi <= 'f')
                                             ? hi - 'a' + 10 : -1;
            lo = pr_isdigit(lo) ? lo - '0' : (lo >= 'a' && lo <= 'f')
                                             ? lo - 'a' + 10 : -1;

            if (hi >= 0 && lo >= 0) {
                file[n++] = (char) (hi << 4 | lo);
                i += 2;
                continue;
            }
        }

        file[n++] = t[i];
    }

    if (pr_pypi_file_version(&st->rw->name, file, n, &ver) == 0
        && st->rw->keep(st->rw->keep_data, &st->rw->name, &ver,
                           PR_TIME_UNKNOWN))
    {
        return 0;
    }

drop:

    *(int *) data = 1;
    return 1;
}


/* the attributes clients read (pip, uv), each at most once in a tag */
static const char  *pr_html_read[] = {
    "href", "data-requires-python", "data-yanked", "data-core-metadata",
    "data-dist-info-metadata", "data-gpg-sig", NULL
};


static int
pr_html_dup_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve)
{
    size_t     i, k;
    unsigned  *seen;

    (void) vs;
    (void) ve;

    seen = data;

    for (k = 0; pr_html_read[k]; k++) {
        if (strlen(pr_html_read[k]) != nlen) {
            continue;
        }

        for (i = 0; i < nlen && pr_lower(name[i]) == pr_html_read[k][i]; i++) {
            /* void */
        }

        if (i < nlen) {
            continue;
        }

        if (*seen & (1u << k)) {
            return pr_unsafe(st->rw, PR_UNSAFE_DUPLICATE, name, nlen,
                             &st->err);
        }

        *seen |= 1u << k;
        break;
    }

    return 0;
}


typedef struct {
    pr_sink_t  *sink;
    size_t      pos;         /* st->tag is written up to here */
} pr_html_emit_t;


static int
pr_html_emit_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve)
{
    int              rc;
    size_t           skip;
    pr_str_t         to;
    pr_html_emit_t  *em;

    if (!pr_is_href(name, nlen)) {
        return 0;
    }

    em = data;

    while (vs < ve && pr_space(st->tag[vs])) {
        vs++;
    }

    if (pr_rewrite_find(st->rw, st->tag + vs, ve - vs, &skip, &to) == NULL) {
        if (pr_url_relative(st->tag + vs, ve - vs, 1)) {
            return 0;
        }

        return pr_unsafe(st->rw, PR_UNSAFE_UNMAPPED, st->tag + vs, ve - vs,
                         &st->err);
    }

    rc = pr_sink_add(em->sink, st->tag + em->pos, vs - em->pos);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    rc = pr_sink_add(em->sink, to.data, to.len);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    em->pos = vs + skip;

    return 0;
}


/* a whole start or end tag, or one cut by the end of the document */
static int
pr_html_tag(pr_html_rw_t *st, pr_sink_t *s)
{
    int              rc, drop, is_a;
    size_t           i, n;
    unsigned         seen;
    const char      *t;
    pr_html_emit_t   em;

    t = st->tag;
    n = st->len;
    i = (t[1] == '/') ? 2 : 1;

    is_a = (t[i] | 0x20) == 'a'
           && (i + 1 == n || pr_space(t[i + 1]) || t[i + 1] == '/'
               || t[i + 1] == '>');

    if (i == 2) {
        if (is_a && st->skip) {
            st->skip = 0;
            return PR_REWRITE_OK;
        }

        return pr_html_out(st, s, t, n);
    }

    if (is_a) {
        st->skip = 0;

    } else if (st->skip) {
        return PR_REWRITE_OK;
    }

    seen = 0;

    rc = pr_html_attrs(st, pr_html_dup_attr, &seen);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (is_a && st->rw->keep != NULL && st->rw->name.len > 0) {
        drop = 0;
        (void) pr_html_attrs(st, pr_html_keep_attr, &drop);

        if (drop) {
            st->skip = 1;
            return PR_REWRITE_OK;
        }
    }

    em.sink = s;
    em.pos = 0;

    rc = pr_html_attrs(st, pr_html_emit_attr, &em);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    return pr_sink_add(s, t + em.pos, n - em.pos);
}


/* one byte outside the TEXT fast path: 0, 1 to read it again, or < 0 */
static int
pr_html_byte(pr_html_rw_t *st, unsigned char c, pr_sink_t *s)
{
    int  rc;

    switch (st->state) {

    case PR_H_TEXT:
        if (c == '<') {
            st->tag[0] = '<';
            st->len = 1;
            st->state = PR_H_LT;
            return 0;
        }

        return pr_html_out(st, s, (char *) &c, 1);

    case PR_H_LT:
    case PR_H_END_OPEN:
        if (pr_alpha(c)) {
            st->tag[st->len++] = (char) c;
            st->state = PR_H_TAG;
            st->attr = PR_T_NAME;
            return 0;
        }

        if (st->state == PR_H_LT && (c == '/' || c == '!')) {
            st->tag[st->len++] = (char) c;
            st->state = (c == '/') ? PR_H_END_OPEN : PR_H_MARKUP;
            return 0;
        }

        if (c == '?' || c == '>') {
            /* "<?...>" is a bogus comment, "</>" is nothing */
            st->tag[st->len++] = (char) c;
            st->state = (c == '?') ? PR_H_BOGUS : PR_H_TEXT;
            return pr_html_out(st, s, st->tag, st->len);
        }

        /* "<" and a space is text; "</" and a digit, a bogus comment */
        rc = pr_html_out(st, s, st->tag, st->len);
        st->state = (st->state == PR_H_LT) ? PR_H_TEXT : PR_H_BOGUS;
        return rc ? rc : 1;

    case PR_H_MARKUP:
        if (c == '-') {
            st->tag[st->len++] = '-';

            if (st->len < 4) {
                return 0;
            }

            /* "<!--": "<!-->" and "<!--->" close it already */
            st->state = PR_H_COMMENT;
            st->dashes = 2;
            st->after = 0;
            return pr_html_out(st, s, st->tag, st->len);
        }

        rc = pr_html_out(st, s, st->tag, st->len);
        st->state = PR_H_BOGUS;
        return rc ? rc : 1;

    case PR_H_COMMENT:
        /*
         * Where any parser ends it: "-->", "--!>" (HTML, Python 3.13.4),
         * "-- >" (Python's html.parser before): what one of them reads
         * as markup is read here too
         */
        if (c == '>' && st->dashes >= 2) {
            st->state = PR_H_TEXT;
            st->dashes = 0;

        } else if (c == '-') {
            st->dashes = st->after ? 1 : st->dashes + 1;
            st->after = 0;

        } else if (st->dashes >= 2 && (c == '!' ? !st->after : pr_space(c))) {
            st->after = 1;

        } else {
            st->dashes = 0;
            st->after = 0;
        }

        return pr_html_out(st, s, (char *) &c, 1);

    case PR_H_BOGUS:
        if (c == '>') {
            st->state = PR_H_TEXT;
        }

        return pr_html_out(st, s, (char *) &c, 1);

    default: /* PR_H_TAG */
        if (st->len == PR_HTML_TAG_MAX) {
            st->err = "HTML tag too long";
            return PR_REWRITE_INVALID;
        }

        st->tag[st->len++] = (char) c;
        st->attr = pr_html_step(st->attr, c);

        if (st->attr != PR_T_DONE) {
            return 0;
        }

        st->state = PR_H_TEXT;
        return pr_html_tag(st, s);
    }
}


void
pr_html_rw_init(pr_html_rw_t *st, const pr_rewrite_t *rw)
{
    st->rw = rw;
    st->err = NULL;
    st->failed = 0;
    st->state = PR_H_TEXT;
    st->attr = PR_T_NAME;
    st->dashes = 0;
    st->after = 0;
    st->skip = 0;
    st->len = 0;
}


int
pr_html_rw_feed(pr_html_rw_t *st, const char *in, size_t len, int last,
    pr_str_t *out)
{
    int          rc;
    pr_sink_t    s;
    const char  *p, *q, *end;

    out->data = NULL;
    out->len = 0;

    if (st->state == PR_H_FAILED) {
        return st->failed;
    }

    s.rw = st->rw;
    s.data = NULL;
    s.len = 0;
    s.size = 0;
    s.hint = len + st->len + 256;

    p = in;
    end = len ? in + len : in;      /* in may be NULL for an empty feed */

    while (p < end) {

        if (st->state == PR_H_TEXT) {
            q = memchr(p, '<', end - p);

            if (q == NULL) {
                q = end;
            }

            rc = pr_html_out(st, &s, p, q - p);
            if (rc != PR_REWRITE_OK) {
                goto failed;
            }

            p = q;

            if (p == end) {
                break;
            }
        }

        rc = pr_html_byte(st, (unsigned char) *p, &s);

        if (rc < 0) {
            goto failed;
        }

        p += (rc == 0);
    }

    if (last) {
        rc = PR_REWRITE_OK;

        switch (st->state) {

        case PR_H_LT:
        case PR_H_END_OPEN:
        case PR_H_MARKUP:
            rc = pr_html_out(st, &s, st->tag, st->len);
            break;

        case PR_H_TAG:
            rc = pr_html_tag(st, &s);
            break;
        }

        st->state = PR_H_TEXT;
        st->len = 0;
        st->skip = 0;

        if (rc != PR_REWRITE_OK) {
            goto failed;
        }
    }

    out->data = s.data;
    out->len = s.len;

    return PR_REWRITE_OK;

failed:

    if (rc == PR_REWRITE_NOMEM) {
        st->err = "out of memory";
    }

    st->failed = rc;
    st->state = PR_H_FAILED;

    return rc;
}
