/*
 * ngx_pkg_reroute: RubyGems requests.
 *
 *   /                                      root: never rerouted (gem rebases
 *                                          every later request onto it)
 *   /info/<name>                           compact index
 *   /versions, /names                      compact index, no name
 *   /gems/<name>-<ver>[-<platform>].gem    artifact (also /downloads/)
 *   /gems/<name>[/versions[/<v>]]          the gem's pages
 *   /quick/Marshal.4.8/<name>-<ver>[-<platform>].gemspec.rz
 *   /specs.4.8.gz and its siblings         no name
 *   /api/v1/dependencies?gems=a,b          every listed name
 *   /api/v1/gems/<name>.json, /api/v1/versions/<name>[/latest].json
 */

#include <string.h>

#include "pr_eco.h"


#define PR_GEM_CHARS  "-_."


static int pr_gem_file(pr_cx_t *cx, const pr_str_t *file, size_t extlen);
static int pr_gem_platform(const char *p, const char *e);
static void pr_gem_dependencies(pr_cx_t *cx);


/* the CPUs (and whole platforms) a gem platform starts with */
static const char  *pr_gem_platforms[] = {
    "x86_64", "x86", "x64", "i386", "i486", "i586", "i686", "arm64", "arm",
    "aarch64", "universal", "ppc64le", "ppc64", "ppc", "powerpc", "s390x",
    "s390", "sparc", "mips", "riscv64", "loongarch64", "wasm32", "java",
    "jruby", "dalvik", "mswin32", "mswin64", "mingw32", NULL
};

/*
 * the operating systems of Gem::Platform: a platform is "<cpu>-<os>..."
 * and its CPU may be one no list holds ("sparc64-solaris-2.10")
 */
static const char  *pr_gem_oses[] = {
    "linux", "darwin", "mingw", "mswin", "cygwin", "freebsd", "openbsd",
    "netbsd", "solaris", "aix", "hpux", "java", "dalvik", "dotnet",
    "macruby", "bccwin", "wince", "emx", "os2", "wasi", NULL
};


static int
pr_gem_match(const char **list, const char *p, const char *e)
{
    size_t  i, n;

    for (i = 0; list[i]; i++) {
        n = strlen(list[i]);

        if ((size_t) (e - p) >= n && memcmp(p, list[i], n) == 0) {
            return (int) n;
        }
    }

    return -1;
}


/*
 * [p, e) is a platform: one of the CPUs above, alone or before a '-'; or
 * any CPU, then '-' and one of the systems above, alone or before a '-',
 * a digit or a '.' ("x86-mswin32-60", "universal-darwin19")
 */
static int
pr_gem_platform(const char *p, const char *e)
{
    int          n;
    const char  *os;

    n = pr_gem_match(pr_gem_platforms, p, e);

    if (n >= 0 && (p + n == e || p[n] == '-')) {
        return 1;
    }

    os = memchr(p, '-', e - p);

    if (os == NULL || os == p) {
        return 0;
    }

    os++;
    n = pr_gem_match(pr_gem_oses, os, e);

    return n >= 0
           && (os + n == e || os[n] == '-' || os[n] == '.'
               || pr_isdigit(os[n]));
}


/*
 * <name>-<version>[-<platform>]<ext>. Versions have no '-' and start with
 * a digit; names may hold "-<digit>" (http-2, http-2-next). So the
 * version starts at the first "-<digit>" after which comes the end, or a
 * '-' and a known platform.
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

            if (ver.data == NULL || pr_gem_platform(ver.data + 1, e)) {
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
 * Argument names are compared decoded, as Rack decodes them ("%67ems"),
 * and the canonical query is all that is forwarded: what was not checked
 * (another argument, "gems[]", ";gems=") never reaches the upstream.
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
    req->query.len = 0;

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
        /*
         * No name: nothing of the query is forwarded, as it was not
         * checked ("%67ems=x" or "a=1;gems=x" are read as gems=x by
         * some servers).
         */
        req->query.len = 0;
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

    if ((pr_seg_is(cx, 0, "gems") || pr_seg_is(cx, 0, "downloads"))
        && n == 2 && pr_str_ends(s, ".gem"))
    {
        req->kind = PR_KIND_ARTIFACT;
        pr_gem_file(cx, s, sizeof(".gem") - 1);
        return;
    }

    if (pr_seg_is(cx, 0, "gems")
        && (n == 2 || pr_seg_is(cx, 2, "versions")
            || (n == 3 && pr_seg_is(cx, 2, "reverse_dependencies"))))
    {
        /* the gem's pages: /gems/<name>[/versions[/<v>]] */
        req->kind = PR_KIND_METADATA;
        s = pr_seg(cx, 1);

        if (!pr_name_chars(s, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem name");
            return;
        }

        pr_add_name(cx, s->data, s->len);
        return;
    }

    if (pr_seg_is(cx, 0, "gems") || pr_seg_is(cx, 0, "downloads")) {
        pr_invalid(cx, "invalid gem path");
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
