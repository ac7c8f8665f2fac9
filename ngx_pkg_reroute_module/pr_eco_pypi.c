/*
 * ngx_pkg_reroute: PyPI requests, for the index host (pypi.org and
 * Warehouse-compatible indexes), the files host (files.pythonhosted.org)
 * and the upload host. The catalogue below is every endpoint of theirs
 * that installers and tools use (pip, uv, poetry, pdm, pip-audit, twine,
 * PEP 740 verifiers), read from Warehouse's routes (warehouse/routes.py,
 * warehouse/forklift), the files host's (pypi/conveyor, File.path) and
 * the API documents (PEP 503, 691, 658, 714, 740; docs/user/api/). The
 * rest of what pypi.org serves is unknown: the web pages (/project/...,
 * /p/..., /pypi/<name>), the RSS feeds, XML-RPC (POST /pypi, /RPC2) and
 * the legacy ?:action= forms; where such a path names a project, the rule
 * still sees the name.
 *
 * Names are PEP 503-normalised: lower case, runs of '-', '_', '.' -> '-'.
 */

#include <string.h>

#include "pr_eco.h"


enum {
    PR_PYPI_SIMPLE_PROJECT = 0,
    PR_PYPI_JSON_PROJECT,
    PR_PYPI_JSON_RELEASE,
    PR_PYPI_FILE_HASH,
    PR_PYPI_METADATA_HASH,
    PR_PYPI_FILE_NAME,
    PR_PYPI_PROVENANCE,
    PR_PYPI_SIMPLE_INDEX
};


#define PR_PYPI_FILE_READS                                                   \
    "name: every (name, version) the file name reads as: a wheel's or an "  \
    "egg's name ends at the first '-'; an sdist's or a legacy bdist's "      \
    "(.exe, .msi, .rpm, .dmg, .tar.gz ...) at each '-' after which a PEP "   \
    "440 version (and a platform) stands, else at each '-'"

/* a files-host hash directory, for the examples */
#define PR_PYPI_HASH                                                         \
    "/packages/70/8e/0e2d847013cb52cd35b38c009bb167a1a26b2ce6cd6965bf26b47b" \
    "c0bf44/"


const pr_endpoint_t  pr_pypi_endpoints[] = {

    /* rows that name a package: the classifier below marks them */

    { "/simple/<project>/", PR_M_READ, PR_KIND_METADATA, 1,
      "name: the project segment; ?format= (PEP 691) is kept",
      "PEP 503, PEP 691 (Warehouse api.simple.detail)",
      { "/simple/requests/", "/simple/Zope.Interface",
        "/simple/typing_extensions/?format=application/vnd.pypi.simple.v1"
        "+json", "HEAD /simple/django/" } },

    { "/pypi/<project>/json", PR_M_READ, PR_KIND_METADATA, 1,
      "name: the project segment",
      "JSON API (docs/user/api/json.md; Warehouse legacy.api.json.project)",
      { "/pypi/requests/json", "/pypi/Zope.Interface/json/" } },

    { "/pypi/<project>/<version>/json", PR_M_READ, PR_KIND_METADATA, 1,
      "name: the project segment; version: the next one",
      "JSON API (docs/user/api/json.md; Warehouse legacy.api.json.release)",
      { "/pypi/requests/2.31.0/json", "/pypi/torch/2.1.0+cu118/json/" } },

    { "/packages/<2hex>/<2hex>/<hash>/<file>[.asc]", PR_M_READ,
      PR_KIND_ARTIFACT, 1, PR_PYPI_FILE_READS,
      "files host (Warehouse File.path, files.url)",
      { PR_PYPI_HASH "requests-2.31.0-py3-none-any.whl",
        PR_PYPI_HASH "acme-2-1.tar.gz",
        PR_PYPI_HASH "x-1.0.win-amd64.msi",
        PR_PYPI_HASH "setuptools-0.6c11-py2.7.egg" } },

    { "/packages/<2hex>/<2hex>/<hash>/<file>.metadata", PR_M_READ,
      PR_KIND_METADATA, 1, "as for <file>",
      "PEP 658, PEP 714 (a distribution's core metadata)",
      { PR_PYPI_HASH "requests-2.31.0-py3-none-any.whl.metadata",
        PR_PYPI_HASH "requests-2.31.0.tar.gz.metadata" } },

    { "/packages/<python-version>/<c>/<project>/<file>[.asc]", PR_M_READ,
      PR_KIND_ARTIFACT, 1,
      "name: the project segment; the file's name must be the project's, "
      "<c> its first letter",
      "files host by name (pypi/conveyor)",
      { "/packages/source/r/requests/requests-2.31.0.tar.gz",
        "/packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl",
        "/packages/source/a/acme/acme-2-1.tar.gz" } },

    { "/integrity/<project>/<version>/<file>/provenance", PR_M_READ,
      PR_KIND_METADATA, 1,
      "name: the project segment; the file's name must be the project's; "
      "version: the release segment",
      "PEP 740 (docs/user/api/integrity.md; Warehouse integrity.provenance)",
      { "/integrity/sampleproject/4.0.0/sampleproject-4.0.0.tar.gz/"
        "provenance" } },

    /* rows that name no package */

    { "/simple/", PR_M_READ, PR_KIND_METADATA, 0, "",
      "PEP 503, PEP 691 (Warehouse api.simple.index)",
      { "/simple/", "/simple",
        "/simple/?format=application/vnd.pypi.simple.v1+json" } },

    { "/legacy/", PR_M_POST, PR_KIND_WRITE, 0,
      "the project is named in the body, not checked",
      "upload API (docs/user/api/upload.md; Warehouse forklift): twine",
      { "POST /legacy/" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


/* a file name no file system holds (Warehouse stores <file>.metadata) */
#define PR_PYPI_FILE_MAX  255


typedef struct {
    pr_str_t     stem;       /* the file name without its extension(s) */
    unsigned     single:1;   /* wheel, egg: the name ends at the first '-' */
    unsigned     binary:1;   /* .exe, .msi, .rpm, .dmg: "-py2.7" may follow */
    unsigned     metadata:1; /* <file>.metadata */
} pr_pypi_dist_t;


static int pr_pypi_valid(const pr_str_t *name);
static int pr_pypi_dist(const pr_str_t *file, pr_pypi_dist_t *d);
static int pr_pypi_file(pr_cx_t *cx, const pr_pypi_dist_t *d,
    const pr_str_t *project, pr_str_t *ver);
static size_t pr_pypi_verlen(const char *p, const char *e, int binary);
static void pr_pypi_name_only(pr_cx_t *cx, size_t i);
static int pr_pypi_same(const char *a, size_t alen, const pr_str_t *b);
static int pr_pep440(const char *p, const char *e);
static const char *pr_pep440_word(const char *p, const char *e,
    const char **words);
static const char *pr_pep440_part(const char *p, const char *e,
    const char **words);
static int pr_is_hex(const pr_str_t *s);


static const char  *pr_pypi_sdist_ext[] = {
    ".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".tbz",
    ".tar.Z", NULL
};

static const char  *pr_pypi_binary_ext[] = {
    ".exe", ".msi", ".rpm", ".dmg", NULL
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


#define pr_pypi_alpha(c)  (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')


/* the stem of a distribution file name, and what kind of file it is */
static int
pr_pypi_dist(const pr_str_t *file, pr_pypi_dist_t *d)
{
    size_t    i, n;
    pr_str_t  f;

    f = *file;
    d->single = 0;
    d->binary = 0;
    d->metadata = 0;

    if (f.len > PR_PYPI_FILE_MAX) {
        return -1;
    }

    if (pr_str_ends(&f, ".metadata")) {
        f.len -= sizeof(".metadata") - 1;
        d->metadata = 1;

    } else if (pr_str_ends(&f, ".asc")) {
        f.len -= sizeof(".asc") - 1;
    }

    if (pr_str_ends(&f, ".whl") || pr_str_ends(&f, ".egg")) {
        d->single = 1;
        d->stem.data = f.data;
        d->stem.len = f.len - 4;
        return 0;
    }

    for (i = 0; pr_pypi_binary_ext[i]; i++) {
        if (pr_str_ends(&f, pr_pypi_binary_ext[i])) {
            d->binary = 1;
            d->stem.data = f.data;
            d->stem.len = f.len - strlen(pr_pypi_binary_ext[i]);
            return 0;
        }
    }

    for (i = 0; pr_pypi_sdist_ext[i]; i++) {
        n = strlen(pr_pypi_sdist_ext[i]);

        if (f.len > n && pr_str_ends(&f, pr_pypi_sdist_ext[i])) {
            d->stem.data = f.data;
            d->stem.len = f.len - n;
            return 0;
        }
    }

    return -1;
}


/*
 * The length of the version at [p, e): all of it if it is a PEP 440
 * version, else a PEP 440 version followed by a platform (".win-amd64",
 * ".linux-x86_64", ".noarch"; for the legacy installers also "-py2.7"),
 * else 0.
 */
static size_t
pr_pypi_verlen(const char *p, const char *e, int binary)
{
    const char  *q;

    if (pr_pep440(p, e)) {
        return e - p;
    }

    for (q = p + 1; q + 1 < e; q++) {
        if ((*q == '.' || (binary && *q == '-')) && pr_pypi_alpha(q[1])
            && pr_pep440(p, q))
        {
            return q - p;
        }
    }

    return 0;
}


/*
 * The package names a distribution file reads as, added; *ver is the
 * version of the first reading.
 *   wheel  <name>-<ver>(-<build>)?-<py>-<abi>-<plat>.whl: the name has no
 *          '-' (it is escaped as '_'), so it ends at the first '-'
 *   egg    <name>-<ver>(-py<x>(-<plat>)?)?.egg: the same
 *   sdist and legacy bdists: the name and the version may both hold '-'
 *          (Warehouse splits an sdist of a post release at the second to
 *          last '-': acme-2-1.tar.gz is "acme" 2-1 or "acme-2" 1). With a
 *          project (a path that names it), the name is the project's;
 *          without one, every '-' after which a version stands is a
 *          reading, and when none is, every '-' is.
 */
static int
pr_pypi_file(pr_cx_t *cx, const pr_pypi_dist_t *d, const pr_str_t *project,
    pr_str_t *ver)
{
    int          pass;
    size_t       k, vlen;
    pr_str_t     name, v;
    const char  *s, *e, *p;

    s = d->stem.data;
    e = s + d->stem.len;

    if (d->single) {
        p = memchr(s, '-', e - s);
        if (p == NULL) {
            return -1;
        }

        name.data = s;
        name.len = p - s;

        ver->data = p + 1;
        p = memchr(ver->data, '-', e - ver->data);
        ver->len = (p ? p : e) - ver->data;

        if (!pr_pypi_valid(&name) || ver->len == 0
            || !pr_name_chars(ver, "-_.+!"))
        {
            return -1;
        }

        return pr_add_name(cx, name.data, name.len);
    }

    if (project) {
        for (p = s + 1; p + 1 < e; p++) {
            if (*p == '-' && pr_pypi_same(s, p - s, project)) {
                ver->data = p + 1;
                ver->len = e - p - 1;

                if (!pr_name_chars(ver, "-_.+!")) {
                    return -1;
                }

                return pr_add_name(cx, s, p - s);
            }
        }

        return -1;
    }

    k = cx->req->nnames;

    for (pass = 0; pass < 2 && cx->req->nnames == k; pass++) {

        for (p = s + 1; p + 1 < e; p++) {
            if (*p != '-') {
                continue;
            }

            name.data = s;
            name.len = p - s;
            v.data = p + 1;
            v.len = e - p - 1;

            if (!pr_pypi_valid(&name) || !pr_name_chars(&v, "-_.+!")) {
                continue;
            }

            if (pass == 0) {
                vlen = pr_pypi_verlen(v.data, e, d->binary);

                if (vlen == 0) {
                    continue;
                }

                v.len = vlen;
            }

            if (cx->req->nnames == k) {
                *ver = v;
            }

            if (pr_add_name(cx, name.data, name.len) != 0) {
                return -1;
            }
        }
    }

    return (cx->req->nnames > k) ? 0 : -1;
}


/* web pages and feeds: unknown, but the rule sees the project they name */
static void
pr_pypi_name_only(pr_cx_t *cx, size_t i)
{
    if (i < cx->path.nseg && pr_pypi_valid(pr_seg(cx, i))) {
        (void) pr_add_name(cx, pr_seg(cx, i)->data, pr_seg(cx, i)->len);
    }
}


/* /simple/, /simple/<project>/ */
static void
pr_pypi_simple(pr_cx_t *cx)
{
    if (cx->path.nseg == 1) {
        pr_endpoint(cx, &pr_pypi_endpoints[PR_PYPI_SIMPLE_INDEX]);

        pr_out_begin(cx);
        pr_out_lit(cx, "/simple/");
        pr_out_end(cx, 0);
        return;
    }

    if (cx->path.nseg != 2 || !pr_pypi_valid(pr_seg(cx, 1))) {
        pr_invalid(cx, "invalid project name");
        return;
    }

    if (pr_add_name(cx, pr_seg(cx, 1)->data, pr_seg(cx, 1)->len) != 0) {
        return;
    }

    pr_endpoint(cx, &pr_pypi_endpoints[PR_PYPI_SIMPLE_PROJECT]);

    pr_out_begin(cx);
    pr_out_lit(cx, "/simple");
    pr_out_seg(cx, &cx->req->name);
    pr_out_end(cx, 1);
}


/* /pypi/<project>[/<version>]/json; other /pypi/... forms are unknown */
static void
pr_pypi_json(pr_cx_t *cx)
{
    size_t     n;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n < 3 || !pr_seg_is(cx, n - 1, "json")) {
        /* XML-RPC, ?:action=, and the redirects to the project pages */
        pr_pypi_name_only(cx, 1);
        return;
    }

    if (n > 4 || !pr_pypi_valid(pr_seg(cx, 1))) {
        pr_invalid(cx, "invalid project name");
        return;
    }

    if (n == 4 && !pr_name_chars(pr_seg(cx, 2), "-_.+!")) {
        pr_invalid(cx, "invalid version");
        return;
    }

    if (pr_add_name(cx, pr_seg(cx, 1)->data, pr_seg(cx, 1)->len) != 0) {
        return;
    }

    pr_endpoint(cx, &pr_pypi_endpoints[n == 3 ? PR_PYPI_JSON_PROJECT
                                              : PR_PYPI_JSON_RELEASE]);

    pr_out_begin(cx);
    pr_out_lit(cx, "/pypi");
    pr_out_seg(cx, &req->name);

    if (n == 4) {
        req->version = *pr_seg(cx, 2);
        pr_out_seg(cx, pr_seg(cx, 2));
    }

    pr_out_lit(cx, "/json");
    pr_out_end(cx, 0);
}


/* /packages/...: the files host */
static void
pr_pypi_files(pr_cx_t *cx)
{
    pr_str_t         ver, pname, *file;
    pr_req_t        *req;
    pr_pypi_dist_t   d;

    req = cx->req;
    req->kind = PR_KIND_ARTIFACT;

    if (cx->path.nseg != 5) {
        pr_invalid(cx, "unknown files path");
        return;
    }

    file = pr_seg(cx, 4);
    pname = *pr_seg(cx, 3);

    if (pr_pypi_dist(file, &d) != 0) {
        pr_invalid(cx, "cannot parse the distribution file name");
        return;
    }

    if (pr_seg(cx, 1)->len == 2 && pr_is_hex(pr_seg(cx, 1))) {

        /* /packages/<2hex>/<2hex>/<hash>/<file> */

        if (pr_pypi_file(cx, &d, NULL, &ver) != 0) {
            if (req->cls != PR_CLASS_INVALID) {
                pr_invalid(cx, "cannot parse the distribution file name");
            }

            return;
        }

        if (pr_seg(cx, 2)->len != 2 || !pr_is_hex(pr_seg(cx, 2))
            || !pr_is_hex(pr_seg(cx, 3)))
        {
            pr_invalid(cx, "invalid file hash path");
            return;
        }

        pr_endpoint(cx, &pr_pypi_endpoints[d.metadata ? PR_PYPI_METADATA_HASH
                                                      : PR_PYPI_FILE_HASH]);
        req->version = ver;
        req->file = *file;
        return;
    }

    /* /packages/<python-version>/<c>/<project>/<file>: the names agree */

    if (!pr_pypi_valid(&pname)
        || pr_seg(cx, 2)->len != 1
        || (pr_seg(cx, 2)->data[0] | 0x20) != (pname.data[0] | 0x20))
    {
        pr_invalid(cx, "invalid files path");
        return;
    }

    if (pr_pypi_file(cx, &d, &pname, &ver) != 0
        || pr_add_name(cx, pname.data, pname.len) != 0)
    {
        if (req->cls != PR_CLASS_INVALID) {
            pr_invalid(cx, "cannot parse the distribution file name");
        }

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

    if (d.metadata) {
        return;                 /* not served by name: unknown */
    }

    pr_endpoint(cx, &pr_pypi_endpoints[PR_PYPI_FILE_NAME]);
    req->version = ver;
    req->file = *file;
}


/* /integrity/<project>/<version>/<file>/provenance (PEP 740) */
static void
pr_pypi_provenance(pr_cx_t *cx)
{
    pr_str_t         ver, *project, *file;
    pr_req_t        *req;
    pr_pypi_dist_t   d;

    req = cx->req;

    if (cx->path.nseg != 5 || !pr_seg_is(cx, 4, "provenance")) {
        pr_pypi_name_only(cx, 1);
        return;
    }

    project = pr_seg(cx, 1);
    file = pr_seg(cx, 3);

    if (!pr_pypi_valid(project)) {
        pr_invalid(cx, "invalid project name");
        return;
    }

    if (!pr_name_chars(pr_seg(cx, 2), "-_.+!")) {
        pr_invalid(cx, "invalid version");
        return;
    }

    if (pr_pypi_dist(file, &d) != 0 || d.metadata
        || pr_pypi_file(cx, &d, project, &ver) != 0
        || pr_add_name(cx, project->data, project->len) != 0)
    {
        if (req->cls != PR_CLASS_INVALID) {
            pr_invalid(cx, "cannot parse the distribution file name");
        }

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

    pr_endpoint(cx, &pr_pypi_endpoints[PR_PYPI_PROVENANCE]);
    req->version = *pr_seg(cx, 2);
    req->file = *file;

    pr_out_begin(cx);
    pr_out_lit(cx, "/integrity");
    pr_out_seg(cx, &req->name);
    pr_out_segs(cx, 2, 5);
    pr_out_end(cx, 0);
}


void
pr_classify_pypi(pr_cx_t *cx)
{
    if (pr_seg_is(cx, 0, "simple")) {
        pr_pypi_simple(cx);

    } else if (pr_seg_is(cx, 0, "pypi")) {
        pr_pypi_json(cx);

    } else if (pr_seg_is(cx, 0, "packages")) {
        pr_pypi_files(cx);

    } else if (pr_seg_is(cx, 0, "integrity")) {
        pr_pypi_provenance(cx);

    } else if (pr_seg_is(cx, 0, "project") || pr_seg_is(cx, 0, "p")) {
        /* the project pages: /project/<name>/[<version>/] */
        pr_pypi_name_only(cx, 1);

    } else if (pr_seg_is(cx, 0, "rss") && pr_seg_is(cx, 1, "project")) {
        /* /rss/project/<name>/releases.xml */
        pr_pypi_name_only(cx, 2);
    }
}
