/*
 * ngx_pkg_reroute: metadata rewriting for cache mode (see pr_rewrite.h).
 */

#include <string.h>

#include <cjson/cJSON.h>

#include "pr_name.h"
#include "pr_rewrite.h"


#define pr_lower(c)   (((c) >= 'A' && (c) <= 'Z') ? ((c) | 0x20) : (c))
#define pr_space(c)                                                          \
    ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f')


/* URLs */

static int pr_prefix_eq(const pr_str_t *from, const char *url, size_t len);
static const pr_rewrite_map_t *pr_rewrite_find(const pr_rewrite_t *rw,
    const char *url, size_t len, size_t *skip, pr_str_t *to);

/* PyPI file names, npm versions */

static int pr_canon_next(const char *s, size_t len, size_t *i);
static int pr_canon_eq(const char *a, size_t alen, const pr_str_t *b);
static int pr_ends_case(const char *s, size_t len, const char *lit);

typedef struct {
    pr_str_t  num[3];
    pr_str_t  pre;               /* empty: a release */
} pr_semver_t;

static int pr_semver_parse(const char *s, size_t len, pr_semver_t *v);
static int pr_semver_num_cmp(const pr_str_t *a, const pr_str_t *b);
static int pr_semver_cmp(const pr_semver_t *a, const pr_semver_t *b);

/* JSON */

typedef struct {
    const pr_rewrite_t  *rw;
    const char          *in;
    size_t               len;
    size_t               npos;       /* number cursor */
    size_t               spos;       /* value string cursor */
    size_t               changed;
    pr_str_t             name;
    const char          *err;
} pr_jx_t;

static size_t pr_json_str_end(const char *in, size_t len, size_t i);
static int pr_json_too_deep(const char *in, size_t len);
static int pr_json_next(pr_jx_t *jx, int string, size_t *start, size_t *n);
static int pr_json_raw(pr_jx_t *jx, cJSON *item, size_t start, size_t n);
static int pr_json_restore(pr_jx_t *jx, cJSON *item);
static int pr_json_url(pr_jx_t *jx, cJSON *item);
static int pr_json_keep(pr_jx_t *jx, const char *version);
static void pr_json_drop(pr_jx_t *jx, cJSON *parent, cJSON *item);
static int pr_json_name(pr_jx_t *jx, cJSON *obj);
static cJSON *pr_json_get(cJSON *obj, const char *key, int type, int *bad);
static int pr_json_npm(pr_jx_t *jx, cJSON *doc);
static int pr_json_npm_tags(pr_jx_t *jx, cJSON *tags, cJSON *versions);
static int pr_json_npm_version(pr_jx_t *jx, cJSON *doc);
static int pr_json_pypi(pr_jx_t *jx, cJSON *doc, int one);
static int pr_json_pypi_files(pr_jx_t *jx, cJSON *files);
static int pr_json_pep691(pr_jx_t *jx, cJSON *doc);
static int pr_json_cargo(pr_jx_t *jx, cJSON *doc);

/* HTML */

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
static int pr_html_emit_attr(pr_html_rw_t *st, void *data, const char *name,
    size_t nlen, size_t vs, size_t ve);
static int pr_html_tag(pr_html_rw_t *st, pr_sink_t *s);
static int pr_html_byte(pr_html_rw_t *st, unsigned char c, pr_sink_t *s);


/* URLs */


/* the scheme and host part of from without regard to case, then exact */
static int
pr_prefix_eq(const pr_str_t *from, const char *url, size_t len)
{
    size_t       i, host;
    const char  *p;

    if (len < from->len) {
        return 0;
    }

    host = 0;
    p = memchr(from->data, ':', from->len);

    if (p != NULL && (size_t) (p - from->data) + 3 <= from->len
        && p[1] == '/' && p[2] == '/')
    {
        p += 3;
        while ((size_t) (p - from->data) < from->len && *p != '/') {
            p++;
        }
        host = p - from->data;
    }

    for (i = 0; i < host; i++) {
        if (pr_lower(from->data[i]) != pr_lower(url[i])) {
            return 0;
        }
    }

    return memcmp(from->data + host, url + host, from->len - host) == 0;
}


static const pr_rewrite_map_t *
pr_rewrite_find(const pr_rewrite_t *rw, const char *url, size_t len,
    size_t *skip, pr_str_t *to)
{
    size_t                   i;
    pr_str_t                 short_from;
    const pr_rewrite_map_t  *m;

    for (i = 0; i < rw->nmaps; i++) {
        m = &rw->maps[i];

        if (m->from.len == 0) {
            continue;
        }

        if (pr_prefix_eq(&m->from, url, len)) {
            *skip = m->from.len;
            *to = m->to;
            return m;
        }

        /* "https://crates.example.org" for "https://crates.example.org/" */
        if (m->from.data[m->from.len - 1] == '/' && len == m->from.len - 1) {
            short_from.data = m->from.data;
            short_from.len = len;

            if (pr_prefix_eq(&short_from, url, len)) {
                *skip = len;
                *to = m->to;

                if (to->len > 0 && to->data[to->len - 1] == '/') {
                    to->len--;
                }

                return m;
            }
        }
    }

    return NULL;
}


int
pr_rewrite_url(const pr_rewrite_t *rw, const char *url, size_t len,
    pr_str_t *out)
{
    char      *p;
    size_t     skip;
    pr_str_t   to;

    if (pr_rewrite_find(rw, url, len, &skip, &to) == NULL) {
        return 0;
    }

    p = rw->alloc(rw->ctx, to.len + len - skip + 1);
    if (p == NULL) {
        return PR_REWRITE_NOMEM;
    }

    memcpy(p, to.data, to.len);
    memcpy(p + to.len, url + skip, len - skip);
    p[to.len + len - skip] = '\0';

    out->data = p;
    out->len = to.len + len - skip;

    return 1;
}


/* PyPI file names */


/* the next character of s in PEP 503 form, or -1 at its end */
static int
pr_canon_next(const char *s, size_t len, size_t *i)
{
    char  c;

    if (*i >= len) {
        return -1;
    }

    c = s[(*i)++];

    if (c == '-' || c == '_' || c == '.') {
        while (*i < len && (s[*i] == '-' || s[*i] == '_' || s[*i] == '.')) {
            (*i)++;
        }

        return '-';
    }

    return (unsigned char) pr_lower(c);
}


static int
pr_canon_eq(const char *a, size_t alen, const pr_str_t *b)
{
    int     ca, cb;
    size_t  i, j;

    i = 0;
    j = 0;

    do {
        ca = pr_canon_next(a, alen, &i);
        cb = pr_canon_next(b->data, b->len, &j);

        if (ca != cb) {
            return 0;
        }

    } while (ca != -1);

    return 1;
}


static int
pr_ends_case(const char *s, size_t len, const char *lit)
{
    size_t  i, n;

    n = strlen(lit);

    if (len <= n) {
        return 0;
    }

    s += len - n;

    for (i = 0; i < n; i++) {
        if (pr_lower(s[i]) != lit[i]) {
            return 0;
        }
    }

    return 1;
}


static const char  *pr_sdist_ext[] = {
    ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tbz", ".tar.xz", ".txz",
    ".tlz", ".tar.lz", ".tar.lzma", ".tar", NULL
};


int
pr_pypi_file_version(const pr_str_t *project, const char *file,
    size_t len, pr_str_t *version)
{
    size_t       i, n, dash[3];
    const char  *p;

    if (pr_ends_case(file, len, ".whl")) {
        len -= 4;
        n = 0;

        for (i = 0; i < len; i++) {
            if (file[i] == '-') {
                if (n < 3) {
                    dash[n] = i;
                }
                n++;
            }
        }

        /* name-ver-py-abi-plat, or name-ver-build-py-abi-plat */
        if ((n != 4 && n != 5) || dash[1] == dash[0] + 1 || dash[0] == 0) {
            return -1;
        }

        version->data = file + dash[0] + 1;
        version->len = dash[1] - dash[0] - 1;

        return 0;
    }

    for (i = 0; pr_sdist_ext[i]; i++) {
        if (pr_ends_case(file, len, pr_sdist_ext[i])) {
            break;
        }
    }

    if (pr_sdist_ext[i] == NULL || project->len == 0) {
        return -1;
    }

    len -= strlen(pr_sdist_ext[i]);

    /* the first '-' after which the project's name ends, as pip does */
    for (p = file; p < file + len; p++) {
        p = memchr(p, '-', file + len - p);

        if (p == NULL) {
            break;
        }

        if (p + 1 < file + len && pr_canon_eq(file, p - file, project)) {
            version->data = p + 1;
            version->len = file + len - p - 1;
            return 0;
        }
    }

    return -1;
}


/* npm versions: semver precedence */


static int
pr_semver_parse(const char *s, size_t len, pr_semver_t *v)
{
    size_t  i, k, start;

    i = 0;

    for (k = 0; k < 3; k++) {
        start = i;

        while (i < len && pr_isdigit(s[i])) {
            i++;
        }

        if (i == start) {
            return -1;
        }

        v->num[k].data = s + start;
        v->num[k].len = i - start;

        if (k < 2) {
            if (i == len || s[i] != '.') {
                return -1;
            }
            i++;
        }
    }

    v->pre.data = s + i;
    v->pre.len = 0;

    if (i < len && s[i] == '-') {
        start = ++i;

        while (i < len && s[i] != '+') {
            i++;
        }

        if (i == start) {
            return -1;
        }

        v->pre.data = s + start;
        v->pre.len = i - start;
    }

    return (i == len || s[i] == '+') ? 0 : -1;
}


/* digits, any length */
static int
pr_semver_num_cmp(const pr_str_t *a, const pr_str_t *b)
{
    int         rc;
    pr_str_t    x, y;

    x = *a;
    y = *b;

    while (x.len > 1 && x.data[0] == '0') {
        x.data++;
        x.len--;
    }

    while (y.len > 1 && y.data[0] == '0') {
        y.data++;
        y.len--;
    }

    if (x.len != y.len) {
        return x.len < y.len ? -1 : 1;
    }

    rc = memcmp(x.data, y.data, x.len);

    return rc < 0 ? -1 : rc > 0;
}


static int
pr_semver_cmp(const pr_semver_t *a, const pr_semver_t *b)
{
    int       rc, na, nb;
    size_t    i, j, k, ei, ej, n;
    pr_str_t  x, y;

    for (k = 0; k < 3; k++) {
        rc = pr_semver_num_cmp(&a->num[k], &b->num[k]);
        if (rc != 0) {
            return rc;
        }
    }

    if (a->pre.len == 0 || b->pre.len == 0) {
        return (a->pre.len == 0) - (b->pre.len == 0);
    }

    /* dot-separated identifiers: numbers < words, numbers by value */
    i = 0;
    j = 0;

    for ( ;; ) {
        if (i >= a->pre.len || j >= b->pre.len) {
            return (i < a->pre.len) - (j < b->pre.len);
        }

        for (ei = i; ei < a->pre.len && a->pre.data[ei] != '.'; ei++) {
            /* void */
        }

        for (ej = j; ej < b->pre.len && b->pre.data[ej] != '.'; ej++) {
            /* void */
        }

        x.data = a->pre.data + i;
        x.len = ei - i;
        y.data = b->pre.data + j;
        y.len = ej - j;

        for (na = x.len > 0, n = 0; n < x.len; n++) {
            na = na && pr_isdigit(x.data[n]);
        }

        for (nb = y.len > 0, n = 0; n < y.len; n++) {
            nb = nb && pr_isdigit(y.data[n]);
        }

        if (na && nb) {
            rc = pr_semver_num_cmp(&x, &y);

        } else if (na || nb) {
            rc = na ? -1 : 1;

        } else {
            rc = memcmp(x.data, y.data, x.len < y.len ? x.len : y.len);
            rc = rc < 0 ? -1 : rc > 0;

            if (rc == 0 && x.len != y.len) {
                rc = x.len < y.len ? -1 : 1;
            }
        }

        if (rc != 0) {
            return rc;
        }

        i = ei + 1;
        j = ej + 1;
    }
}


/* JSON */


/* after the closing quote of the string that starts at in[i] */
static size_t
pr_json_str_end(const char *in, size_t len, size_t i)
{
    for (i++; i < len && in[i] != '"'; i++) {
        if (in[i] == '\\') {
            i++;
        }
    }

    return i < len ? i + 1 : len;
}


static int
pr_json_too_deep(const char *in, size_t len)
{
    size_t  i, depth;

    depth = 0;

    for (i = 0; i < len; /* void */) {
        switch (in[i]) {

        case '"':
            i = pr_json_str_end(in, len, i);
            continue;

        case '[':
        case '{':
            if (++depth > PR_REWRITE_MAX_DEPTH) {
                return 1;
            }
            break;

        case ']':
        case '}':
            depth -= depth > 0;
            break;
        }

        i++;
    }

    return 0;
}


/*
 * The next number, or value string, from the cursor: cJSON's tree lists
 * values in the order of the text, so the n-th number item is the n-th
 * number token.
 */
static int
pr_json_next(pr_jx_t *jx, int string, size_t *start, size_t *n)
{
    char         c;
    size_t       i, e, k;
    const char  *in;

    in = jx->in;
    i = string ? jx->spos : jx->npos;

    while (i < jx->len) {
        c = in[i];

        if (c == '"') {
            e = pr_json_str_end(in, jx->len, i);

            for (k = e; k < jx->len && pr_space(in[k]); k++) { /* void */ }

            if (string && (k == jx->len || in[k] != ':')) {
                *start = i;
                *n = e - i;
                jx->spos = e;
                return 1;
            }

            i = e;
            continue;
        }

        if (!string && (c == '-' || pr_isdigit(c))) {
            for (e = i + 1; e < jx->len; e++) {
                c = in[e];
                if (!pr_isdigit(c) && c != '.' && c != 'e' && c != 'E'
                    && c != '+' && c != '-')
                {
                    break;
                }
            }

            *start = i;
            *n = e - i;
            jx->npos = e;
            return 1;
        }

        i++;
    }

    return 0;
}


/* the item prints as in[start, start + n) */
static int
pr_json_raw(pr_jx_t *jx, cJSON *item, size_t start, size_t n)
{
    char  *p;

    p = cJSON_malloc(n + 1);
    if (p == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    memcpy(p, jx->in + start, n);
    p[n] = '\0';

    if (item->valuestring != NULL) {
        cJSON_free(item->valuestring);
    }

    item->valuestring = p;
    item->type = (item->type & ~0xff) | cJSON_Raw;

    return PR_REWRITE_OK;
}


/*
 * Numbers that cJSON would print otherwise (1.0, 1e3, 2^53 + 1) and
 * strings it would cut ("\u0000") become raw items with the input text.
 */
static int
pr_json_restore(pr_jx_t *jx, cJSON *item)
{
    int          rc;
    size_t       start, n, i;
    const char  *p;

    for ( /* void */ ; item != NULL; item = item->next) {

        if (cJSON_IsNumber(item)) {
            if (!pr_json_next(jx, 0, &start, &n)) {
                goto mismatch;
            }

            /* "0", "-?[1-9][0-9]{0,8}" print alike as "%d" */
            p = jx->in + start;
            i = (p[0] == '-');

            if (!(n == 1 && p[0] == '0')
                && !(n - i >= 1 && n - i <= 9 && p[i] >= '1' && p[i] <= '9'
                     && pr_json_digits(p + i, n - i)))
            {
                rc = pr_json_raw(jx, item, start, n);
                if (rc != PR_REWRITE_OK) {
                    return rc;
                }
            }

        } else if (cJSON_IsString(item)) {
            if (!pr_json_next(jx, 1, &start, &n)) {
                goto mismatch;
            }

            for (p = jx->in + start, i = 0; i + 6 <= n; i++) {
                if (p[i] == '\\') {
                    if (memcmp(p + i, "\\u0000", 6) == 0) {
                        rc = pr_json_raw(jx, item, start, n);
                        if (rc != PR_REWRITE_OK) {
                            return rc;
                        }
                        break;
                    }
                    i++;
                }
            }
        }

        if (item->child != NULL) {
            rc = pr_json_restore(jx, item->child);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    return PR_REWRITE_OK;

mismatch:

    jx->err = "values do not match the text";
    return PR_REWRITE_INVALID;
}
