/*
 * ngx_pkg_reroute: PyPI requests (index host and files host).
 *
 *   /simple/<name>/                          simple page (PEP 503/691)
 *   /pypi/<name>/json, /pypi/<name>/<v>/json JSON API
 *   /packages/<2hex>/<2hex>/<hash>/<file>    files host
 *   /packages/source/<c>/<name>/<file>       files host, by name
 *   <file>.metadata                          PEP 658 core metadata
 *
 * Names are PEP 503-normalised: lower case, runs of '-', '_', '.' -> '-'.
 */

#include <string.h>

#include "pr_eco.h"


static int pr_pypi_valid(const pr_str_t *name);
static int pr_pypi_file(pr_cx_t *cx, pr_str_t *file,
    const pr_str_t *project, pr_str_t *name, pr_str_t *ver);
static int pr_pypi_same(const char *a, size_t alen, const pr_str_t *b);
static int pr_pep440(const char *p, const char *e);
static const char *pr_pep440_word(const char *p, const char *e,
    const char **words);
static const char *pr_pep440_part(const char *p, const char *e,
    const char **words);
static int pr_is_hex(const pr_str_t *s);


static const char  *pr_pypi_sdist_ext[] = {
    ".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".tbz",
    ".tar.Z", ".exe", ".msi", ".rpm", NULL
};


/* PEP 508: letters, digits, '-', '_', '.'; starts and ends alphanumeric */
static int
pr_pypi_valid(const pr_str_t *name)
{
    return name->len > 0
           && pr_name_chars(name, "-_.")
           && pr_isalnum(name->data[0])
           && pr_isalnum(name->data[name->len - 1]);
}


static int
pr_is_hex(const pr_str_t *s)
{
    size_t  i;
    char    c;

    for (i = 0; i < s->len; i++) {
        c = s->data[i] | 0x20;

        if (!pr_isdigit(c) && !(c >= 'a' && c <= 'f')) {
            return 0;
        }
    }

    return s->len > 0;
}


static const char  *pr_pep440_pre[] = {
    "alpha", "beta", "preview", "pre", "rc", "a", "b", "c", NULL
};

static const char  *pr_pep440_post[] = { "post", "rev", "r", NULL };
static const char  *pr_pep440_dev[] = { "dev", NULL };


#define pr_pep440_sep(c)  ((c) == '.' || (c) == '-' || (c) == '_')


/* after one of words (any case) at p, or NULL */
static const char *
pr_pep440_word(const char *p, const char *e, const char **words)
{
    size_t  i, k, n;

    for (i = 0; words[i]; i++) {
        n = strlen(words[i]);

        if ((size_t) (e - p) < n) {
            continue;
        }

        for (k = 0; k < n && (p[k] | 0x20) == words[i][k]; k++) { /* void */ }

        if (k == n) {
            return p + n;
        }
    }

    return NULL;
}


/* an optional "[sep]<word>[sep][N]": what follows it, or p */
static const char *
pr_pep440_part(const char *p, const char *e, const char **words)
{
    const char  *q;

    q = pr_pep440_word(p + (p < e && pr_pep440_sep(*p)), e, words);

    if (q == NULL) {
        return p;
    }

    if (q + 1 < e && pr_pep440_sep(*q) && pr_isdigit(q[1])) {
        q++;
    }

    while (q < e && pr_isdigit(*q)) {
        q++;
    }

    return q;
}


/*
 * 1 if [p, e) is a version under PEP 440, in any of the spellings it
 * normalises: [v][N!]N(.N)*[[sep]pre[sep][N]][-N|[sep]post[sep][N]]
 * [[sep]dev[sep][N]][+local]
 */
static int
pr_pep440(const char *p, const char *e)
{
#define pr_digits(p)  while (p < e && pr_isdigit(*p)) { p++; }

    if (p < e && (*p | 0x20) == 'v') {
        p++;
    }

    if (p == e || !pr_isdigit(*p)) {
        return 0;
    }

    pr_digits(p);

    if (p < e && *p == '!') {                       /* epoch */
        p++;

        if (p == e || !pr_isdigit(*p)) {
            return 0;
        }

        pr_digits(p);
    }

    while (p + 1 < e && *p == '.' && pr_isdigit(p[1])) {   /* release */
        p++;
        pr_digits(p);
    }

    /* pre, post, dev: each optional, in this order */

    p = pr_pep440_part(p, e, pr_pep440_pre);

    if (p + 1 < e && *p == '-' && pr_isdigit(p[1])) {      /* -N post */
        p++;
        pr_digits(p);

    } else {
        p = pr_pep440_part(p, e, pr_pep440_post);
    }

    p = pr_pep440_part(p, e, pr_pep440_dev);

    if (p < e && *p == '+') {                       /* local */
        p++;

        if (p == e) {
            return 0;
        }

        for ( /* void */ ; p < e; p++) {
            if (!pr_isalnum(*p) && !pr_pep440_sep(*p)) {
                return 0;
            }
        }
    }

#undef pr_digits

    return p == e;
}


/* a and b are one name under PEP 503 */
static int
pr_pypi_same(const char *a, size_t alen, const pr_str_t *b)
{
    char    ca, cb;
    size_t  i, j;

#define pr_pypi_sep(c)  ((c) == '-' || (c) == '_' || (c) == '.')

    i = 0;
    j = 0;

    while (i < alen && j < b->len) {
        ca = a[i];
        cb = b->data[j];

        if (pr_pypi_sep(ca) && pr_pypi_sep(cb)) {
            while (i < alen && pr_pypi_sep(a[i])) { i++; }
            while (j < b->len && pr_pypi_sep(b->data[j])) { j++; }
            continue;
        }

        if ((ca | 0x20) != (cb | 0x20) || pr_pypi_sep(ca) || pr_pypi_sep(cb)) {
            return 0;
        }

        i++;
        j++;
    }

    return i == alen && j == b->len;
}


/*
 * Name and version from a distribution file name:
 *   wheel  <name>-<ver>(-<build>)?-<py>-<abi>-<plat>.whl
 *   egg    <name>-<ver>(-py<x>(-<plat>)?)?.egg
 *   sdist  <name>-<ver>.<ext>: legacy sdists may have '-' in the name and
 *          in the version (1.0-rc1), so the name is the known project's
 *          where the path gives one, else what stands before the first '-'
 *          that leaves a PEP 440 version (python-3parclient-4.2.12), else
 *          before the last '-'
 */
static int
pr_pypi_file(pr_cx_t *cx, pr_str_t *file, const pr_str_t *project,
    pr_str_t *name, pr_str_t *ver)
{
    size_t       i, stem, dash, last;
    pr_str_t     f;
    const char  *e, *p;

    f = *file;

    if (pr_str_ends(&f, ".metadata")) {
        f.len -= sizeof(".metadata") - 1;
        cx->req->kind = PR_KIND_METADATA;

    } else if (pr_str_ends(&f, ".asc")) {
        f.len -= sizeof(".asc") - 1;
    }

    stem = 0;

    if (pr_str_ends(&f, ".whl") || pr_str_ends(&f, ".egg")) {
        stem = f.len - 4;

        p = memchr(f.data, '-', stem);
        if (p == NULL) {
            return -1;
        }

        name->data = f.data;
        name->len = p - f.data;

        ver->data = p + 1;
        p = memchr(ver->data, '-', f.data + stem - ver->data);
        ver->len = (p ? p : f.data + stem) - ver->data;

    } else {
        for (i = 0; pr_pypi_sdist_ext[i]; i++) {
            if (pr_str_ends(&f, pr_pypi_sdist_ext[i])) {
                stem = f.len - strlen(pr_pypi_sdist_ext[i]);
                break;
            }
        }

        if (stem == 0) {
            return -1;
        }

        e = f.data + stem;
        dash = 0;
        last = 0;

        for (p = f.data + 1; p + 1 < e; p++) {
            if (*p != '-') {
                continue;
            }

            if (project ? pr_pypi_same(f.data, p - f.data, project)
                        : pr_pep440(p + 1, e))
            {
                dash = p - f.data;
                break;
            }

            if (project == NULL) {
                last = p - f.data;
            }
        }

        if (dash == 0) {
            dash = last;
        }

        if (dash == 0) {
            return -1;
        }

        name->data = f.data;
        name->len = dash;
        ver->data = f.data + dash + 1;
        ver->len = stem - dash - 1;
    }

    if (!pr_pypi_valid(name) || ver->len == 0
        || !pr_name_chars(ver, "-_.+!"))
    {
        return -1;
    }

    return 0;
}


void
pr_classify_pypi(pr_cx_t *cx)
{
    int        hashed;
    size_t     n;
    pr_str_t   name, ver, pname;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (pr_seg_is(cx, 0, "simple")) {
        req->kind = PR_KIND_METADATA;

        if (n == 1) {
            pr_out_begin(cx);
            pr_out_lit(cx, "/simple/");
            pr_out_end(cx, 0);
            return;
        }

        if (n != 2 || !pr_pypi_valid(pr_seg(cx, 1))) {
            pr_invalid(cx, "invalid project name");
            return;
        }

        if (pr_add_name(cx, pr_seg(cx, 1)->data, pr_seg(cx, 1)->len) != 0) {
            return;
        }

        pr_out_begin(cx);
        pr_out_lit(cx, "/simple");
        pr_out_seg(cx, &req->name);
        pr_out_end(cx, 1);
        return;
    }

    if (pr_seg_is(cx, 0, "pypi") && n >= 3 && pr_seg_is(cx, n - 1, "json")) {
        req->kind = PR_KIND_METADATA;

        if (n > 4 || !pr_pypi_valid(pr_seg(cx, 1))) {
            pr_invalid(cx, "invalid project name");
            return;
        }

        if (pr_add_name(cx, pr_seg(cx, 1)->data, pr_seg(cx, 1)->len) != 0) {
            return;
        }

        pr_out_begin(cx);
        pr_out_lit(cx, "/pypi");
        pr_out_seg(cx, &req->name);

        if (n == 4) {
            req->version = *pr_seg(cx, 2);
            pr_out_seg(cx, pr_seg(cx, 2));
        }

        pr_out_lit(cx, "/json");
        pr_out_end(cx, 0);
        return;
    }

    if (!pr_seg_is(cx, 0, "packages")) {
        return;
    }

    req->kind = PR_KIND_ARTIFACT;

    if (n != 5) {
        pr_invalid(cx, "unknown files path");
        return;
    }

    req->file = *pr_seg(cx, 4);
    pname = *pr_seg(cx, 3);
    hashed = (pr_seg(cx, 1)->len == 2 && pr_is_hex(pr_seg(cx, 1)));

    if (pr_pypi_file(cx, pr_seg(cx, 4),
                     hashed ? NULL : &pname, &name, &ver)
        != 0)
    {
        pr_invalid(cx, "cannot parse the distribution file name");
        return;
    }

    if (hashed) {

        /* /packages/<2hex>/<2hex>/<hash>/<file> */

        if (pr_seg(cx, 2)->len != 2 || !pr_is_hex(pr_seg(cx, 2))
            || !pr_is_hex(pr_seg(cx, 3)))
        {
            pr_invalid(cx, "invalid file hash path");
            return;
        }

    } else {

        /* /packages/<source|pyver>/<c>/<name>/<file>: the two names agree */

        if (!pr_pypi_valid(&pname)
            || pr_seg(cx, 2)->len != 1
            || (pr_seg(cx, 2)->data[0] | 0x20) != (pname.data[0] | 0x20))
        {
            pr_invalid(cx, "invalid files path");
            return;
        }

        if (pr_add_name(cx, pname.data, pname.len) != 0
            || pr_add_name(cx, name.data, name.len) != 0)
        {
            return;
        }

        if (req->names[0].len != req->names[1].len
            || memcmp(req->names[0].data, req->names[1].data,
                      req->names[0].len) != 0)
        {
            pr_invalid(cx, "file name does not match the project");
            return;
        }

        req->nnames = 1;
        req->version = ver;
        return;
    }

    if (pr_add_name(cx, name.data, name.len) != 0) {
        return;
    }

    req->version = ver;
}
