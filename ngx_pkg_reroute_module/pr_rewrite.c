/*
 * ngx_pkg_reroute: metadata rewriting for cache mode (see pr_rewrite.h).
 */

#include <stdlib.h>
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
static int pr_url_relative(const char *url, size_t len, int html);
static int pr_unsafe(const pr_rewrite_t *rw, pr_unsafe_t what,
    const char *text, size_t len, const char **err);

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
static int pr_json_digits(const char *p, size_t n);
static int pr_json_too_deep(const char *in, size_t len);
static int pr_json_next(pr_jx_t *jx, int string, size_t *start, size_t *n);
static int pr_json_raw(pr_jx_t *jx, cJSON *item, size_t start, size_t n);
static int pr_json_restore(pr_jx_t *jx, cJSON *item);
static int pr_json_url(pr_jx_t *jx, cJSON *item);
static int pr_key_cmp(const void *a, const void *b);
static int pr_json_unique(pr_jx_t *jx, cJSON *obj);
static int pr_json_keep(pr_jx_t *jx, const char *version, size_t len);
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
static int pr_html_dup_attr(pr_html_rw_t *st, void *data, const char *name,
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


/*
 * A relative reference stays on the document's host, which is the
 * mirror's, for any parser: see PR_UNSAFE_UNMAPPED in pr_rewrite.h.
 */
static int
pr_url_relative(const char *url, size_t len, int html)
{
    size_t         i, n;
    unsigned       slash, sep;
    unsigned char  c;

    n = 0;          /* characters read, tabs and newlines aside */
    slash = 0;      /* the first one is '/' or '\\' */
    sep = 0;        /* a '/' or '\\' was read */

    for (i = 0; i < len && (unsigned char) url[i] <= 0x20; i++) {
        /* void */
    }

    for ( /* void */ ; i < len; i++) {
        c = (unsigned char) url[i];

        if (c == '\t' || c == '\n' || c == '\r') {
            continue;
        }

        if (c == '/' || c == '\\') {
            if (n == 1 && slash) {
                return 0;              /* "//host", "\\\\host" */
            }

            slash |= (n == 0);
            sep = 1;

        } else if (c == '?' || c == '#') {
            return 1;

        } else if ((c == ':' && !sep) || (c == '&' && html)) {
            return 0;                  /* "scheme:", "&colon;" */
        }

        n++;
    }

    return 1;
}


/* 0: go on; PR_REWRITE_UNSAFE and *err: refused */
static int
pr_unsafe(const pr_rewrite_t *rw, pr_unsafe_t what, const char *text,
    size_t len, const char **err)
{
    if (rw->unsafe != NULL
        && rw->unsafe(rw->unsafe_data, what, text, len) == 0)
    {
        return 0;
    }

    *err = (what == PR_UNSAFE_UNMAPPED)
           ? "an artifact URL that no rewrite prefix matches"
           : "a key or an attribute given twice where it is read";

    return PR_REWRITE_UNSAFE;
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


/*
 * Precedence as far as needed here: a pre-release is below its release;
 * two pre-releases of one release are not ordered (candidates for
 * "latest" are releases).
 */
static int
pr_semver_cmp(const pr_semver_t *a, const pr_semver_t *b)
{
    int     rc;
    size_t  k;

    for (k = 0; k < 3; k++) {
        rc = pr_semver_num_cmp(&a->num[k], &b->num[k]);
        if (rc != 0) {
            return rc;
        }
    }

    return (a->pre.len == 0) - (b->pre.len == 0);
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
pr_json_digits(const char *p, size_t n)
{
    while (n > 0 && pr_isdigit(*p)) {
        p++;
        n--;
    }

    return n == 0;
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


/*
 * Rewrites an artifact URL that starts with a prefix; one that does not
 * must be relative. NULL (no such member) is fine; anything but a string
 * (a "\u0000" string is raw: never read) is refused.
 */
static int
pr_json_url(pr_jx_t *jx, cJSON *item)
{
    char      *p;
    size_t     len, skip;
    pr_str_t   to;

    if (item == NULL) {
        return PR_REWRITE_OK;
    }

    if (!cJSON_IsString(item) || item->valuestring == NULL) {
        jx->err = "an artifact URL is not a string";
        return PR_REWRITE_INVALID;
    }

    len = strlen(item->valuestring);

    if (pr_rewrite_find(jx->rw, item->valuestring, len, &skip, &to) == NULL) {
        if (pr_url_relative(item->valuestring, len, 0)) {
            return PR_REWRITE_OK;
        }

        return pr_unsafe(jx->rw, PR_UNSAFE_UNMAPPED, item->valuestring, len,
                         &jx->err);
    }

    p = cJSON_malloc(to.len + len - skip + 1);
    if (p == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    memcpy(p, to.data, to.len);
    memcpy(p + to.len, item->valuestring + skip, len - skip + 1);

    cJSON_free(item->valuestring);
    item->valuestring = p;
    jx->changed++;

    return PR_REWRITE_OK;
}


static int
pr_key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char * const *) a, *(const char * const *) b);
}


#define pr_key(item)  ((item)->string ? (item)->string : "")

/*
 * An object that is read has no key twice: cJSON reads the first, npm's
 * and Python's parsers the last. Keys are compared decoded, as cJSON
 * and they read them. NULL is fine.
 */
static int
pr_json_unique(pr_jx_t *jx, cJSON *obj)
{
    int           rc;
    cJSON        *a, *b;
    size_t        i, n;
    const char  **keys;

    if (obj == NULL) {
        return PR_REWRITE_OK;
    }

    n = 0;

    for (a = obj->child; a != NULL; a = a->next) {
        n++;
    }

    if (n <= 16) {
        for (a = obj->child; a != NULL; a = a->next) {
            for (b = a->next; b != NULL; b = b->next) {
                if (strcmp(pr_key(a), pr_key(b)) == 0) {
                    rc = pr_unsafe(jx->rw, PR_UNSAFE_DUPLICATE, pr_key(a),
                                   strlen(pr_key(a)), &jx->err);
                    if (rc != PR_REWRITE_OK) {
                        return rc;
                    }

                    break;
                }
            }
        }

        return PR_REWRITE_OK;
    }

    keys = malloc(n * sizeof(const char *));
    if (keys == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    for (a = obj->child, i = 0; a != NULL; a = a->next, i++) {
        keys[i] = pr_key(a);
    }

    qsort(keys, n, sizeof(const char *), pr_key_cmp);

    rc = PR_REWRITE_OK;

    for (i = 1; i < n; i++) {
        if (strcmp(keys[i - 1], keys[i]) == 0
            && (i == 1 || strcmp(keys[i - 2], keys[i]) != 0))
        {
            rc = pr_unsafe(jx->rw, PR_UNSAFE_DUPLICATE, keys[i],
                           strlen(keys[i]), &jx->err);
            if (rc != PR_REWRITE_OK) {
                break;
            }
        }
    }

    free(keys);

    return rc;
}


static int
pr_json_keep(pr_jx_t *jx, const char *version, size_t len)
{
    pr_str_t  v;

    if (jx->rw->keep == NULL) {
        return 1;
    }

    v.data = version;
    v.len = len;

    return jx->rw->keep(jx->rw->keep_data, &jx->name, &v) != 0;
}


static void
pr_json_drop(pr_jx_t *jx, cJSON *parent, cJSON *item)
{
    cJSON_Delete(cJSON_DetachItemViaPointer(parent, item));
    jx->changed++;
}


/* the name for keep(): the caller's, else the object's "name" */
static int
pr_json_name(pr_jx_t *jx, cJSON *obj)
{
    cJSON  *name;

    if (jx->name.len > 0) {
        return PR_REWRITE_OK;
    }

    name = cJSON_GetObjectItemCaseSensitive(obj, "name");

    if (!cJSON_IsString(name) || name->valuestring[0] == '\0') {
        jx->err = "no package name";
        return PR_REWRITE_INVALID;
    }

    jx->name.data = name->valuestring;
    jx->name.len = strlen(name->valuestring);

    return PR_REWRITE_OK;
}


/* obj.key if it has this type; *bad = 1 if it has another */
static cJSON *
pr_json_get(cJSON *obj, const char *key, int type, int *bad)
{
    cJSON  *item;

    item = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (item == NULL) {
        return NULL;
    }

    if ((item->type & 0xff) != type) {
        *bad = 1;
        return NULL;
    }

    return item;
}


static int
pr_json_npm(pr_jx_t *jx, cJSON *doc)
{
    int     rc, bad;
    cJSON  *versions, *time, *tags, *v, *next, *dist;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    versions = pr_json_get(doc, "versions", cJSON_Object, &bad);
    time = pr_json_get(doc, "time", cJSON_Object, &bad);
    tags = pr_json_get(doc, "dist-tags", cJSON_Object, &bad);

    if (bad) {
        jx->err = "\"versions\", \"time\" or \"dist-tags\" is not an object";
        return PR_REWRITE_INVALID;
    }

    if ((rc = pr_json_unique(jx, versions)) != PR_REWRITE_OK
        || (rc = pr_json_unique(jx, time)) != PR_REWRITE_OK
        || (rc = pr_json_unique(jx, tags)) != PR_REWRITE_OK)
    {
        return rc;
    }

    if (jx->rw->keep != NULL && pr_json_name(jx, doc) != PR_REWRITE_OK) {
        return PR_REWRITE_INVALID;
    }

    for (v = versions ? versions->child : NULL; v != NULL; v = next) {
        next = v->next;

        if (!cJSON_IsObject(v)) {
            jx->err = "a version is not an object";
            return PR_REWRITE_INVALID;
        }

        if (!pr_json_keep(jx, v->string, strlen(v->string))) {
            pr_json_drop(jx, versions, v);
            continue;
        }

        rc = pr_json_unique(jx, v);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        dist = pr_json_get(v, "dist", cJSON_Object, &bad);

        if (bad) {
            jx->err = "a version's \"dist\" is not an object";
            return PR_REWRITE_INVALID;
        }

        if (dist != NULL) {
            rc = pr_json_unique(jx, dist);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }

            rc = pr_json_url(jx,
                             cJSON_GetObjectItemCaseSensitive(dist, "tarball"));
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    if (jx->rw->keep == NULL) {
        return PR_REWRITE_OK;
    }

    for (v = time ? time->child : NULL; v != NULL; v = next) {
        next = v->next;

        if (cJSON_IsString(v)
            && strcmp(v->string, "created") != 0
            && strcmp(v->string, "modified") != 0
            && !pr_json_keep(jx, v->string, strlen(v->string)))
        {
            pr_json_drop(jx, time, v);
        }
    }

    return tags ? pr_json_npm_tags(jx, tags, versions) : PR_REWRITE_OK;
}


/*
 * A tag on a dropped version goes; "latest" moves to the highest kept
 * release below it, if there is one.
 */
static int
pr_json_npm_tags(pr_jx_t *jx, cJSON *tags, cJSON *versions)
{
    char         *p;
    cJSON        *t, *next, *v, *best;
    size_t        n;
    pr_semver_t   old, cand, top;

    for (t = tags->child; t != NULL; t = next) {
        next = t->next;

        if (!cJSON_IsString(t)
            || pr_json_keep(jx, t->valuestring, strlen(t->valuestring)))
        {
            continue;
        }

        best = NULL;

        if (strcmp(t->string, "latest") == 0 && versions != NULL
            && pr_semver_parse(t->valuestring, strlen(t->valuestring), &old)
               == 0)
        {
            for (v = versions->child; v != NULL; v = v->next) {
                if (pr_semver_parse(v->string, strlen(v->string), &cand) != 0
                    || cand.pre.len > 0
                    || pr_semver_cmp(&cand, &old) >= 0)
                {
                    continue;
                }

                if (best == NULL || pr_semver_cmp(&cand, &top) > 0) {
                    best = v;
                    top = cand;
                }
            }
        }

        if (best == NULL) {
            pr_json_drop(jx, tags, t);
            continue;
        }

        n = strlen(best->string);

        p = cJSON_malloc(n + 1);
        if (p == NULL) {
            jx->err = "out of memory";
            return PR_REWRITE_NOMEM;
        }

        memcpy(p, best->string, n + 1);
        cJSON_free(t->valuestring);
        t->valuestring = p;
        jx->changed++;
    }

    return PR_REWRITE_OK;
}


static int
pr_json_npm_version(pr_jx_t *jx, cJSON *doc)
{
    int     rc, bad;
    cJSON  *dist, *version;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    dist = pr_json_get(doc, "dist", cJSON_Object, &bad);
    version = pr_json_get(doc, "version", cJSON_String, &bad);

    if (bad) {
        jx->err = "\"dist\" is not an object or \"version\" not a string";
        return PR_REWRITE_INVALID;
    }

    rc = pr_json_unique(jx, dist);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (jx->rw->keep != NULL) {
        if (pr_json_name(jx, doc) != PR_REWRITE_OK) {
            return PR_REWRITE_INVALID;
        }

        if (version == NULL) {
            jx->err = "no \"version\"";
            return PR_REWRITE_INVALID;
        }

        if (!pr_json_keep(jx, version->valuestring,
                          strlen(version->valuestring)))
        {
            return PR_REWRITE_GONE;
        }
    }

    return pr_json_url(jx, cJSON_GetObjectItemCaseSensitive(dist, "tarball"));
}


/* an array of objects with "url" */
static int
pr_json_pypi_files(pr_jx_t *jx, cJSON *files)
{
    int     rc;
    cJSON  *f;

    for (f = files->child; f != NULL; f = f->next) {
        if (!cJSON_IsObject(f)) {
            jx->err = "a file is not an object";
            return PR_REWRITE_INVALID;
        }

        rc = pr_json_unique(jx, f);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        rc = pr_json_url(jx, cJSON_GetObjectItemCaseSensitive(f, "url"));
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    return PR_REWRITE_OK;
}


/* one: the document of one version, /pypi/<name>/<version>/json */
static int
pr_json_pypi(pr_jx_t *jx, cJSON *doc, int one)
{
    int     rc, bad, dropped;
    cJSON  *info, *releases, *urls, *version, *r, *next;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    info = pr_json_get(doc, "info", cJSON_Object, &bad);
    releases = pr_json_get(doc, "releases", cJSON_Object, &bad);
    urls = pr_json_get(doc, "urls", cJSON_Array, &bad);

    if (bad) {
        jx->err = "\"info\", \"releases\" or \"urls\" has the wrong type";
        return PR_REWRITE_INVALID;
    }

    if ((rc = pr_json_unique(jx, info)) != PR_REWRITE_OK
        || (rc = pr_json_unique(jx, releases)) != PR_REWRITE_OK)
    {
        return rc;
    }

    dropped = 0;

    if (jx->rw->keep != NULL) {
        version = info ? pr_json_get(info, "version", cJSON_String, &bad)
                       : NULL;

        if (version == NULL) {
            jx->err = "no \"info.version\"";
            return PR_REWRITE_INVALID;
        }

        if (pr_json_name(jx, info) != PR_REWRITE_OK) {
            return PR_REWRITE_INVALID;
        }

        dropped = !pr_json_keep(jx, version->valuestring,
                                strlen(version->valuestring));

        if (dropped && one) {
            return PR_REWRITE_GONE;
        }
    }

    for (r = releases ? releases->child : NULL; r != NULL; r = next) {
        next = r->next;

        if (!cJSON_IsArray(r)) {
            jx->err = "a release is not an array";
            return PR_REWRITE_INVALID;
        }

        if (!pr_json_keep(jx, r->string, strlen(r->string))) {
            pr_json_drop(jx, releases, r);
            continue;
        }

        rc = pr_json_pypi_files(jx, r);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    if (urls == NULL) {
        return PR_REWRITE_OK;
    }

    if (dropped) {
        while (urls->child != NULL) {
            pr_json_drop(jx, urls, urls->child);
        }

        return PR_REWRITE_OK;
    }

    return pr_json_pypi_files(jx, urls);
}


static int
pr_json_pep691(pr_jx_t *jx, cJSON *doc)
{
    int       rc, bad;
    cJSON    *files, *versions, *f, *fn, *next;
    pr_str_t  ver;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    files = pr_json_get(doc, "files", cJSON_Array, &bad);
    versions = pr_json_get(doc, "versions", cJSON_Array, &bad);

    if (bad || files == NULL) {
        jx->err = "\"files\" or \"versions\" is not an array";
        return PR_REWRITE_INVALID;
    }

    if (jx->rw->keep != NULL && pr_json_name(jx, doc) != PR_REWRITE_OK) {
        return PR_REWRITE_INVALID;
    }

    for (f = files->child; f != NULL; f = next) {
        next = f->next;

        if (!cJSON_IsObject(f)) {
            jx->err = "a file is not an object";
            return PR_REWRITE_INVALID;
        }

        rc = pr_json_unique(jx, f);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        if (jx->rw->keep != NULL) {
            fn = cJSON_GetObjectItemCaseSensitive(f, "filename");

            if (!cJSON_IsString(fn)
                || pr_pypi_file_version(&jx->name, fn->valuestring,
                                        strlen(fn->valuestring), &ver)
                   != 0
                || !pr_json_keep(jx, ver.data, ver.len))
            {
                pr_json_drop(jx, files, f);
                continue;
            }
        }

        rc = pr_json_url(jx, cJSON_GetObjectItemCaseSensitive(f, "url"));
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    if (jx->rw->keep == NULL || versions == NULL) {
        return PR_REWRITE_OK;
    }

    for (f = versions->child; f != NULL; f = next) {
        next = f->next;

        if (cJSON_IsString(f)
            && !pr_json_keep(jx, f->valuestring, strlen(f->valuestring)))
        {
            pr_json_drop(jx, versions, f);
        }
    }

    return PR_REWRITE_OK;
}


static int
pr_json_cargo(pr_jx_t *jx, cJSON *doc)
{
    int     rc, bad;
    cJSON  *dl, *api;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    dl = pr_json_get(doc, "dl", cJSON_String, &bad);
    api = pr_json_get(doc, "api", cJSON_String, &bad);

    if (bad || dl == NULL) {
        jx->err = "no \"dl\" string, or \"api\" is not a string";
        return PR_REWRITE_INVALID;
    }

    rc = pr_json_url(jx, dl);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    return pr_json_url(jx, api);
}


int
pr_rewrite_json(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err)
{
    int          rc;
    char        *p, *text;
    size_t       max, i, n;
    cJSON       *root;
    pr_jx_t      jx;
    const char  *end;

    max = rw->max_size ? rw->max_size : PR_REWRITE_MAX_SIZE;

    if (len == 0 || len > max) {
        *err = len ? "document too large" : "empty document";
        return PR_REWRITE_INVALID;
    }

    /* JSON has no raw NUL (control characters are escaped in strings),
     * and cJSON would cut a string at one */
    if (memchr(in, '\0', len) != NULL) {
        *err = "NUL byte in the document";
        return PR_REWRITE_INVALID;
    }

    if (pr_json_too_deep(in, len)) {
        *err = "JSON nested too deeply";
        return PR_REWRITE_INVALID;
    }

    end = NULL;
    root = cJSON_ParseWithLengthOpts(in, len, &end, 0);

    if (root == NULL) {
        *err = "not JSON";
        return PR_REWRITE_INVALID;
    }

    memset(&jx, 0, sizeof(pr_jx_t));
    jx.rw = rw;
    jx.in = in;
    jx.len = len;
    jx.name = rw->name;

    rc = PR_REWRITE_INVALID;

    for (i = end - in; i < len; i++) {
        if (in[i] != ' ' && in[i] != '\t' && in[i] != '\n' && in[i] != '\r') {
            jx.err = "data after the JSON value";
            goto done;
        }
    }

    if (!cJSON_IsObject(root)) {
        jx.err = "not a JSON object";
        goto done;
    }

    rc = pr_json_restore(&jx, root);
    if (rc != PR_REWRITE_OK) {
        goto done;
    }

    if (pr_json_next(&jx, 0, &i, &n) || pr_json_next(&jx, 1, &i, &n)) {
        jx.err = "values do not match the text";
        rc = PR_REWRITE_INVALID;
        goto done;
    }

    switch (doc) {

    case PR_DOC_NPM_PACKUMENT:
        rc = pr_json_npm(&jx, root);
        break;

    case PR_DOC_NPM_VERSION:
        rc = pr_json_npm_version(&jx, root);
        break;

    case PR_DOC_PYPI_JSON:
    case PR_DOC_PYPI_VERSION_JSON:
        rc = pr_json_pypi(&jx, root, doc == PR_DOC_PYPI_VERSION_JSON);
        break;

    case PR_DOC_PYPI_SIMPLE_JSON:
        rc = pr_json_pep691(&jx, root);
        break;

    case PR_DOC_CARGO_CONFIG:
        rc = pr_json_cargo(&jx, root);
        break;

    default:
        jx.err = "unknown document type";
        rc = PR_REWRITE_INVALID;
    }

    if (rc != PR_REWRITE_OK) {
        goto done;
    }

    if (jx.changed == 0) {
        out->data = in;
        out->len = len;
        goto done;
    }

    text = cJSON_PrintUnformatted(root);
    if (text == NULL) {
        jx.err = "out of memory";
        rc = PR_REWRITE_NOMEM;
        goto done;
    }

    n = strlen(text);
    p = rw->alloc(rw->ctx, n ? n : 1);

    if (p == NULL) {
        jx.err = "out of memory";
        rc = PR_REWRITE_NOMEM;

    } else {
        memcpy(p, text, n);
        out->data = p;
        out->len = n;
    }

    cJSON_free(text);

done:

    cJSON_Delete(root);

    if (rc < 0) {
        *err = jx.err;
    }

    return rc;
}


/* HTML */


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
        && st->rw->keep(st->rw->keep_data, &st->rw->name, &ver))
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
