/*
 * ngx_pkg_reroute: RubyGems requests. The catalogue below is every
 * endpoint rubygems.org and its CDN (index.rubygems.org) serve that gem
 * and bundler use, and every one of the registry's own API routes that
 * names a gem (rubygems/rubygems.org config/routes.rb and its API
 * documents; the CDN's files are the paths the pusher stores). What it
 * does not hold is unknown: denied. Pushing (POST /api/v1/gems), yanking
 * (DELETE /api/v1/gems/yank) and web hooks name the gem only in the body,
 * where the module cannot check it: they are unknown, so they go only
 * through a location where pkg_reroute is off.
 */

#include <string.h>

#include "pr_eco.h"


#define PR_GEM_CHARS  "-_."


enum {
    PR_GEMS_ROOT = 0,
    PR_GEMS_INFO,
    PR_GEMS_GEM,
    PR_GEMS_DOWNLOADS,
    PR_GEMS_GEMSPEC,
    PR_GEMS_DEPS,
    PR_GEMS_API_GEM,
    PR_GEMS_API_REVDEPS,
    PR_GEMS_API_OWNERS,
    PR_GEMS_API_VERSIONS,
    PR_GEMS_API_LATEST,
    PR_GEMS_API_VREVDEPS,
    PR_GEMS_API_DOWNLOAD_COUNT,
    PR_GEMS_API_ATTESTATIONS,
    PR_GEMS_V2_VERSION,
    PR_GEMS_V2_CONTENTS,
    PR_GEMS_PAGE,
    PR_GEMS_PAGE_VERSIONS,
    PR_GEMS_PAGE_VERSION
};


#define PR_GEMS_SRC_ROUTES  "rubygems.org config/routes.rb"
#define PR_GEMS_SRC_API     "rubygems.org API (config/routes.rb, api/v1)"
#define PR_GEMS_READ_FILE                                                   \
    "every (name, version, platform) reading of the file name: the name "  \
    "before each '-<digit>' that starts a version"


const pr_endpoint_t  pr_rubygems_endpoints[] = {

    /* rows that name a gem: the classifier below marks them */

    { "/", PR_M_READ, PR_KIND_OTHER, 1,
      "nothing: never rerouted (gem rebases every later request onto it)",
      "gem, bundler (the source's root)", { "/", "HEAD /" } },

    { "/info/<name>", PR_M_READ, PR_KIND_METADATA, 1, "name",
      "compact index (" PR_GEMS_SRC_ROUTES "), bundler",
      { "/info/rails", "HEAD /info/net-http-persistent" } },

    { "/gems/<name>-<version>[-<platform>].gem", PR_M_READ,
      PR_KIND_ARTIFACT, 1, PR_GEMS_READ_FILE,
      "Version#gem_file_name on the CDN; gem, bundler",
      { "/gems/rails-7.1.3.gem", "/gems/nokogiri-1.16.0-x86_64-linux.gem",
        "/gems/acme-1-2.0-java.gem" } },

    { "/downloads/<name>-<version>[-<platform>].gem", PR_M_READ,
      PR_KIND_ARTIFACT, 1, PR_GEMS_READ_FILE,
      "the CDN's older download path (gem before 1.3)",
      { "/downloads/rails-7.1.3.gem" } },

    { "/quick/Marshal.4.8/<name>-<version>[-<platform>].gemspec.rz",
      PR_M_READ, PR_KIND_METADATA, 1, PR_GEMS_READ_FILE,
      "Pusher (quick/Marshal.4.8/<full_name>.gemspec.rz); gem",
      { "/quick/Marshal.4.8/rails-7.1.3.gemspec.rz",
        "/quick/Marshal.4.8/nokogiri-1.16.0-x86_64-linux.gemspec.rz" } },

    { "/api/v1/dependencies[.json]?gems=<name>,...", PR_M_READ,
      PR_KIND_METADATA, 1,
      "every name of every gems= argument (names decoded as Rack does); "
      "only the checked list is forwarded",
      PR_GEMS_SRC_API "; bundler (dependency API)",
      { "/api/v1/dependencies?gems=rails,rack",
        "/api/v1/dependencies.json?gems=rails" } },

    { "/api/v1/gems/<name>[.json|.yaml]", PR_M_READ, PR_KIND_METADATA, 1,
      "name: the segment without its format", PR_GEMS_SRC_API,
      { "/api/v1/gems/rails.json", "/api/v1/gems/rails.yaml" } },

    { "/api/v1/gems/<name>/reverse_dependencies[.json|.yaml]", PR_M_READ,
      PR_KIND_API, 1, "name", PR_GEMS_SRC_API,
      { "/api/v1/gems/rails/reverse_dependencies.json" } },

    { "/api/v1/gems/<name>/owners[.json|.yaml]",
      PR_M_READ|PR_M_POST|PR_M_PUT|PR_M_PATCH|PR_M_DELETE, PR_KIND_API, 1,
      "name", PR_GEMS_SRC_API "; gem owner",
      { "/api/v1/gems/rails/owners.yaml", "POST /api/v1/gems/rails/owners",
        "DELETE /api/v1/gems/rails/owners" } },

    { "/api/v1/versions/<name>[.json|.yaml]", PR_M_READ, PR_KIND_METADATA,
      1, "name: the segment without its format", PR_GEMS_SRC_API,
      { "/api/v1/versions/rails.json" } },

    { "/api/v1/versions/<name>/latest[.json]", PR_M_READ, PR_KIND_METADATA,
      1, "name", PR_GEMS_SRC_API,
      { "/api/v1/versions/rails/latest.json" } },

    { "/api/v1/versions/<name>/reverse_dependencies[.json|.yaml]",
      PR_M_READ, PR_KIND_API, 1, "name", PR_GEMS_SRC_API,
      { "/api/v1/versions/rails/reverse_dependencies.json" } },

    { "/api/v1/downloads/<name>-<version>[-<platform>][.json|.yaml]",
      PR_M_READ, PR_KIND_API, 1, PR_GEMS_READ_FILE, PR_GEMS_SRC_API,
      { "/api/v1/downloads/rails-7.1.3.json" } },

    { "/api/v1/attestations/<name>-<version>[-<platform>][.json]",
      PR_M_READ, PR_KIND_METADATA, 1, PR_GEMS_READ_FILE, PR_GEMS_SRC_API,
      { "/api/v1/attestations/rails-7.1.3.json" } },

    { "/api/v2/rubygems/<name>/versions/<version>[.json|.yaml|.sha256]",
      PR_M_READ, PR_KIND_METADATA, 1,
      "name; version: the segment without its format",
      PR_GEMS_SRC_ROUTES " (api/v2)",
      { "/api/v2/rubygems/rails/versions/7.1.3.json",
        "/api/v2/rubygems/nokogiri/versions/1.16.0.json?platform=java" } },

    { "/api/v2/rubygems/<name>/versions/<version>/contents[.json|.yaml|"
      ".sha256]", PR_M_READ, PR_KIND_METADATA, 1, "name; version",
      PR_GEMS_SRC_ROUTES " (api/v2)",
      { "/api/v2/rubygems/rails/versions/7.1.3/contents.json" } },

    { "/gems/<name>", PR_M_READ, PR_KIND_METADATA, 1, "name",
      PR_GEMS_SRC_ROUTES " (the gem's page)",
      { "/gems/rails", "/gems/RedCloth" } },

    { "/gems/<name>/versions", PR_M_READ, PR_KIND_METADATA, 1, "name",
      PR_GEMS_SRC_ROUTES " (the gem's versions page)",
      { "/gems/rails/versions" } },

    { "/gems/<name>/versions/<version>", PR_M_READ, PR_KIND_METADATA, 1,
      "name; version", PR_GEMS_SRC_ROUTES " (a version's page)",
      { "/gems/rails/versions/7.1.3" } },

    /* rows that name no gem: matched by their shape */

    { "/versions", PR_M_READ, PR_KIND_METADATA, 0, "",
      "compact index (" PR_GEMS_SRC_ROUTES "), bundler", { "/versions" } },

    { "/names", PR_M_READ, PR_KIND_METADATA, 0, "",
      "compact index (" PR_GEMS_SRC_ROUTES ")", { "/names" } },

    { "/specs.4.8.gz|latest_specs.4.8.gz|prerelease_specs.4.8.gz|specs.4.8|"
      "latest_specs.4.8|prerelease_specs.4.8", PR_M_READ, PR_KIND_METADATA,
      0, "", "the CDN's full indexes; gem (Gem::SpecFetcher)",
      { "/specs.4.8.gz", "/latest_specs.4.8.gz",
        "/prerelease_specs.4.8.gz", "/specs.4.8" } },

    { "/api/v1/dependencies|dependencies.json", PR_M_READ, PR_KIND_METADATA,
      0, "", "bundler's probe of the dependency API (no gems= argument)",
      { "/api/v1/dependencies" } },

    { "/api/v1/search.json|search.yaml?query=...", PR_M_READ, PR_KIND_API,
      0, "", PR_GEMS_SRC_API, { "/api/v1/search.json?query=rails" } },

    { "/api/v1/search/autocomplete?query=...", PR_M_READ, PR_KIND_API, 0,
      "", PR_GEMS_SRC_API, { "/api/v1/search/autocomplete?query=rai" } },

    { "/api/v1/api_key|api_key.json|api_key.yaml",
      PR_M_READ|PR_M_POST|PR_M_PUT, PR_KIND_API, 0, "",
      PR_GEMS_SRC_API "; gem signin", { "/api/v1/api_key",
                                        "POST /api/v1/api_key" } },

    { "/api/v1/profile/me|me.json|me.yaml", PR_M_READ, PR_KIND_API, 0, "",
      PR_GEMS_SRC_API "; gem signin", { "/api/v1/profile/me.yaml" } },

    { "/api/v1/multifactor_auth|multifactor_auth.json|multifactor_auth.yaml",
      PR_M_READ, PR_KIND_API, 0, "", PR_GEMS_SRC_API "; gem push, gem owner",
      { "/api/v1/multifactor_auth.json" } },

    { "/api/v1/webauthn_verification", PR_M_POST, PR_KIND_API, 0, "",
      PR_GEMS_SRC_API "; gem (WebAuthn)",
      { "POST /api/v1/webauthn_verification" } },

    { "/api/v1/webauthn_verification/<token>/status.json", PR_M_READ,
      PR_KIND_API, 0, "", PR_GEMS_SRC_API "; gem (WebAuthn)",
      { "/api/v1/webauthn_verification/abc/status.json" } },

    { "/api/v1/owners/<handle>/gems.json|gems.yaml", PR_M_READ, PR_KIND_API,
      0, "", PR_GEMS_SRC_API, { "/api/v1/owners/alice/gems.json" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


static int pr_gem_file(pr_cx_t *cx, const pr_str_t *file, size_t extlen);
static int pr_gem_platform(const char *p, const char *e);
static int pr_gem_version(const char *p, const char *e);
static void pr_gem_dependencies(pr_cx_t *cx);
static int pr_gem_name(pr_cx_t *cx, const pr_str_t *s, const char **exts);
static size_t pr_gem_format(const pr_str_t *s, const char **exts);


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

/* the formats the API routes take */
static const char  *pr_gem_fmt_api[] = { ".json", ".yaml", NULL };
static const char  *pr_gem_fmt_json[] = { ".json", NULL };
static const char  *pr_gem_fmt_v2[] = { ".json", ".yaml", ".sha256", NULL };
static const char  *pr_gem_fmt_none[] = { NULL };
/* a page's formats: the gem's name is read with and without them */
static const char  *pr_gem_fmt_page[] = {
    ".json", ".yaml", ".atom", ".html", ".js", ".xml", NULL
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

    if (os == NULL || os == p || pr_isdigit(*p)) {
        /* no CPU starts with a digit: "2.0-java" is a version's */
        return 0;
    }

    os++;
    n = pr_gem_match(pr_gem_oses, os, e);

    return n >= 0
           && (os + n == e || os[n] == '-' || os[n] == '.'
               || pr_isdigit(os[n]));
}


/*
 * [p, e) is a version as rubygems.org takes it (Gem::Version's pattern,
 * without '-', which it refuses): digits, then ".<letters or digits>"
 */
static int
pr_gem_version(const char *p, const char *e)
{
    if (p == e || !pr_isdigit(*p)) {
        return 0;
    }

    while (p < e && pr_isdigit(*p)) {
        p++;
    }

    while (p < e) {
        if (*p++ != '.' || p == e || !pr_isalnum(*p)) {
            return 0;
        }

        while (p < e && pr_isalnum(*p)) {
            p++;
        }
    }

    return 1;
}


/*
 * <name>-<version>[-<platform>]<ext>, a version's full name. Names may
 * hold "-<digit>" (http-2, http-2-next) and a platform is any string of
 * name characters (Version validates it with the name's pattern), so a
 * file name may read as several gems: "acme-1-2.0-java" is gem "acme"
 * 1 (platform "2.0-java") or gem "acme-1" 2.0 (platform "java"). Every
 * reading is a name, each checked by the rule. The first name, and the
 * version, are those of the likeliest reading: the first "-<version>"
 * followed by the end, or by a '-' and a platform Gem::Platform knows.
 */
static int
pr_gem_file(pr_cx_t *cx, const pr_str_t *file, size_t extlen)
{
    size_t       stem, count, at, first;
    pr_str_t     s;
    const char  *p, *e, *v, *dash, *vend, *first_end, *any_end;

    stem = file->len - extlen;
    e = file->data + stem;
    s.data = file->data;
    s.len = stem;

    if (stem == 0 || !pr_name_chars(&s, PR_GEM_CHARS)) {
        pr_invalid(cx, "invalid gem file name");
        return -1;
    }

    count = 0;
    first = 0;
    at = 0;
    first_end = NULL;
    any_end = NULL;

    for (p = file->data + 1; p + 1 < e; p++) {
        if (*p != '-' || !pr_isdigit(p[1])) {
            continue;
        }

        v = p + 1;
        dash = memchr(v, '-', e - v);
        vend = dash ? dash : e;

        if (!pr_gem_version(v, vend) || (dash && dash + 1 == e)) {
            continue;
        }

        count++;

        if (at == 0) {
            at = p - file->data;
            any_end = vend;
        }

        if (first == 0 && (dash == NULL || pr_gem_platform(dash + 1, e))) {
            first = p - file->data;
            first_end = vend;
        }
    }

    if (count == 0) {
        pr_invalid(cx, "cannot parse the gem file name");
        return -1;
    }

    if (first == 0) {
        /* no reading with a platform Gem::Platform knows: the first */
        first = at;
        first_end = any_end;
    }

    if (pr_reserve_names(cx, count) != 0
        || pr_add_name(cx, file->data, first) != 0)
    {
        return -1;
    }

    for (p = file->data + 1; p + 1 < e; p++) {
        if (*p != '-' || !pr_isdigit(p[1])
            || (size_t) (p - file->data) == first)
        {
            continue;
        }

        v = p + 1;
        dash = memchr(v, '-', e - v);

        if (!pr_gem_version(v, dash ? dash : e) || (dash && dash + 1 == e)) {
            continue;
        }

        if (pr_add_name(cx, file->data, p - file->data) != 0) {
            return -1;
        }
    }

    cx->req->version.data = file->data + first + 1;
    cx->req->version.len = first_end - cx->req->version.data;
    cx->req->file = *file;

    return 0;
}


/*
 * A gem's name in segment s, without one of the formats exts; 0 when
 * added. A name the routes would not take is invalid.
 */
static int
pr_gem_name(pr_cx_t *cx, const pr_str_t *s, const char **exts)
{
    size_t    i, n;
    pr_str_t  name;

    name = *s;

    for (i = 0; exts[i]; i++) {
        n = strlen(exts[i]);

        if (s->len >= n && pr_str_ends(s, exts[i])) {
            name.len = s->len - n;
            break;
        }
    }

    if (name.len == 0 || !pr_name_chars(&name, PR_GEM_CHARS)) {
        pr_invalid(cx, "invalid gem name");
        return -1;
    }

    return pr_add_name(cx, name.data, name.len);
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

    pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_DEPS]);
}


/* a format the segment ends in, from exts: its length, else 0 */
static size_t
pr_gem_format(const pr_str_t *s, const char **exts)
{
    size_t  i, n;

    for (i = 0; exts[i]; i++) {
        n = strlen(exts[i]);

        if (s->len > n && pr_str_ends(s, exts[i])) {
            return n;
        }
    }

    return 0;
}


/* /api/v1/...: the rows of the API that name a gem */
static void
pr_gem_api_v1(pr_cx_t *cx)
{
    size_t     n, fmt;
    pr_str_t  *s, *w, stem;

    n = cx->path.nseg;
    s = pr_seg(cx, 3);

    if (pr_seg_is(cx, 2, "dependencies")
        || pr_seg_is(cx, 2, "dependencies.json"))
    {
        if (n == 3) {
            pr_gem_dependencies(cx);
        }

        return;
    }

    if (n < 4) {
        return;                                 /* by shape, or unknown */
    }

    w = (n == 5) ? pr_seg(cx, 4) : NULL;

    if (pr_seg_is(cx, 2, "gems")) {

        if (n == 4) {
            if (pr_gem_name(cx, s, pr_gem_fmt_api) == 0) {
                pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_GEM]);
            }

            return;
        }

        if (pr_gem_name(cx, s, pr_gem_fmt_none) != 0 || w == NULL) {
            return;
        }

        fmt = pr_gem_format(w, pr_gem_fmt_api);
        stem.data = w->data;
        stem.len = w->len - fmt;

        if (pr_str_eq(&stem, "reverse_dependencies")) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_REVDEPS]);

        } else if (pr_str_eq(&stem, "owners")) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_OWNERS]);
        }

        return;
    }

    if (pr_seg_is(cx, 2, "versions")) {

        if (n == 4) {
            if (pr_gem_name(cx, s, pr_gem_fmt_api) == 0) {
                pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_VERSIONS]);
            }

            return;
        }

        if (pr_gem_name(cx, s, pr_gem_fmt_none) != 0 || w == NULL) {
            return;
        }

        if (pr_str_eq(w, "latest") || pr_str_eq(w, "latest.json")) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_LATEST]);
            return;
        }

        fmt = pr_gem_format(w, pr_gem_fmt_api);
        stem.data = w->data;
        stem.len = w->len - fmt;

        if (pr_str_eq(&stem, "reverse_dependencies")) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_VREVDEPS]);
        }

        return;
    }

    if (n == 4 && pr_seg_is(cx, 2, "downloads")
        && !pr_str_eq(s, "all.json") && !pr_str_eq(s, "top.json")
        && !pr_str_eq(s, "all.yaml") && !pr_str_eq(s, "top.yaml"))
    {
        fmt = pr_gem_format(s, pr_gem_fmt_api);

        if (pr_gem_file(cx, s, fmt) == 0) {
            pr_endpoint(cx,
                        &pr_rubygems_endpoints[PR_GEMS_API_DOWNLOAD_COUNT]);
        }

        return;
    }

    if (n == 4 && pr_seg_is(cx, 2, "attestations")) {
        fmt = pr_gem_format(s, pr_gem_fmt_json);

        if (pr_gem_file(cx, s, fmt) == 0) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_API_ATTESTATIONS]);
        }
    }
}


/* /api/v2/rubygems/<name>/versions/<version>[/contents] */
static void
pr_gem_api_v2(pr_cx_t *cx)
{
    size_t     n;
    pr_str_t  *s, ver;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (!pr_seg_is(cx, 2, "rubygems") || n < 4) {
        return;                                 /* unknown */
    }

    if (pr_gem_name(cx, pr_seg(cx, 3), pr_gem_fmt_none) != 0) {
        return;
    }

    if (n < 6 || n > 7 || !pr_seg_is(cx, 4, "versions")) {
        return;                                 /* unknown, name checked */
    }

    s = pr_seg(cx, 5);
    ver.data = s->data;
    ver.len = s->len - (n == 6 ? pr_gem_format(s, pr_gem_fmt_v2) : 0);

    if (!pr_gem_version(ver.data, ver.data + ver.len)) {
        pr_invalid(cx, "invalid gem version");
        return;
    }

    req->version = ver;

    if (n == 6) {
        pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_V2_VERSION]);
        return;
    }

    s = pr_seg(cx, 6);
    ver.data = s->data;
    ver.len = s->len - pr_gem_format(s, pr_gem_fmt_v2);

    if (pr_str_eq(&ver, "contents")) {
        pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_V2_CONTENTS]);
    }
}


/* /gems/<name>[/versions[/<version>]]: the gem's pages */
static void
pr_gem_pages(pr_cx_t *cx)
{
    size_t     n, fmt;
    pr_str_t  *s, stem;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;
    s = pr_seg(cx, 1);

    if (pr_gem_name(cx, s, pr_gem_fmt_none) != 0) {
        return;
    }

    fmt = pr_gem_format(s, pr_gem_fmt_page);

    if (fmt) {
        /* "/gems/rails.json": a format, or a name; both are checked */
        stem.data = s->data;
        stem.len = s->len - fmt;
        pr_gem_name(cx, &stem, pr_gem_fmt_none);
        return;                                 /* unknown */
    }

    if (n == 2) {
        pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_PAGE]);

    } else if (n == 3 && pr_seg_is(cx, 2, "versions")) {
        pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_PAGE_VERSIONS]);

    } else if (n == 4 && pr_seg_is(cx, 2, "versions")) {
        s = pr_seg(cx, 3);

        if (!pr_name_chars(s, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem version");
            return;
        }

        req->version = *s;
        pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_PAGE_VERSION]);
    }

    /* else unknown: the name is checked all the same */
}


void
pr_classify_rubygems(pr_cx_t *cx)
{
    size_t     n;
    pr_str_t  *s;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 0) {
        req->cls = PR_CLASS_ROOT;
        pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_ROOT]);
        return;
    }

    s = pr_seg(cx, n - 1);

    if (pr_seg_is(cx, 0, "info")) {
        if (n != 2 || !pr_name_chars(s, PR_GEM_CHARS)) {
            pr_invalid(cx, "invalid gem name");
            return;
        }

        if (pr_add_name(cx, s->data, s->len) == 0) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_INFO]);
        }

        return;
    }

    if ((pr_seg_is(cx, 0, "gems") || pr_seg_is(cx, 0, "downloads"))
        && n == 2 && pr_str_ends(s, ".gem"))
    {
        if (pr_gem_file(cx, s, sizeof(".gem") - 1) == 0) {
            pr_endpoint(cx, &pr_rubygems_endpoints[pr_seg_is(cx, 0, "gems")
                                                   ? PR_GEMS_GEM
                                                   : PR_GEMS_DOWNLOADS]);
        }

        return;
    }

    if (pr_seg_is(cx, 0, "gems") && n >= 2 && n <= 5) {
        pr_gem_pages(cx);
        return;
    }

    if (pr_seg_is(cx, 0, "gems") || pr_seg_is(cx, 0, "downloads")) {
        pr_invalid(cx, "invalid gem path");
        return;
    }

    if (pr_seg_is(cx, 0, "quick")) {
        if (n != 3 || !pr_seg_is(cx, 1, "Marshal.4.8")
            || !pr_str_ends(s, ".gemspec.rz"))
        {
            pr_invalid(cx, "invalid gemspec path");
            return;
        }

        if (pr_gem_file(cx, s, sizeof(".gemspec.rz") - 1) == 0) {
            pr_endpoint(cx, &pr_rubygems_endpoints[PR_GEMS_GEMSPEC]);
        }

        return;
    }

    if (pr_seg_is(cx, 0, "api") && pr_seg_is(cx, 1, "v1") && n >= 3) {
        pr_gem_api_v1(cx);

    } else if (pr_seg_is(cx, 0, "api") && pr_seg_is(cx, 1, "v2")) {
        pr_gem_api_v2(cx);
    }

    /* the rest: the catalogue's shapes that name no gem, or unknown */
}
