/*
 * ngx_pkg_reroute: metadata rewriting, what the JSON and HTML rewriters
 * share (see pr_rewrite.h): URL maps, relative references, the unsafe()
 * callback, PyPI file names, npm's semver precedence.
 */

#include <string.h>

#include "pr_rewrite_int.h"


static int pr_prefix_eq(const pr_str_t *from, const char *url, size_t len);
static int pr_canon_next(const char *s, size_t len, size_t *i);
static int pr_canon_eq(const char *a, size_t alen, const pr_str_t *b);
static int pr_ends_case(const char *s, size_t len, const char *lit);
static int pr_semver_num_cmp(const pr_str_t *a, const pr_str_t *b);


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


const pr_rewrite_map_t *
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
int
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
int
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


int
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
int
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
