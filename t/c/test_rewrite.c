/*
 * ngx_pkg_reroute: tests for metadata rewriting (pr_rewrite.c).
 *
 *   cc -std=gnu99 -Wall -Wextra -Werror -O1 -fsanitize=address,undefined \
 *       -I ngx_pkg_reroute_module -I t/c t/c/test_rewrite.c \
 *       ngx_pkg_reroute_module/pr_*.c -lcjson
 *
 * Every input is copied into a buffer of its exact size, without a NUL,
 * so that the sanitizer sees any read past the end.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pr_rewrite.h"
#include "pr_test.h"


/*
 * A second build of the JSON rewriter whose key hash keeps its top 20
 * bits only (PR_JHASH_TEST): among 20,000 keys some 200 pairs meet and
 * are compared decoded; a set from the 5th key, buckets from the 64th,
 * chunks of 12 hashes (rt_test_keys_meet).
 */
#define PR_JFEW          4
#define PR_JSON_SMALL    64
#define PR_JCHUNK_SIZE   64
#define PR_JHASH_TEST    0xfffff00000000000ULL
/* a caller's own pr_rewrite_json (fuzz/gen_rewrite.c records the
 * documents through one) is kept for the tests below */
#pragma push_macro("pr_rewrite_json")
#undef pr_rewrite_json
#define pr_rewrite_json  rt_rewrite_json_meet
#include "pr_rewrite_json.c"
#undef pr_rewrite_json
#pragma pop_macro("pr_rewrite_json")


static void *
rt_malloc(size_t size)
{
    void  *p;

    p = malloc(size ? size : 1);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }

    return p;
}


/* appends a literal, returns its end */
static char *
rt_cat(char *p, const char *lit)
{
    size_t  n;

    n = strlen(lit);
    memcpy(p, lit, n);

    return p + n;
}


/* a pool: blocks freed together; fail_at > 0 fails that allocation */

typedef struct rt_block_s  rt_block_t;

struct rt_block_s {
    rt_block_t  *next;
};

typedef struct {
    rt_block_t  *blocks;
    unsigned     count;
    unsigned     fail_at;
} rt_pool_t;


static void *
rt_alloc(void *ctx, size_t size)
{
    rt_pool_t   *pool;
    rt_block_t  *b;

    pool = ctx;

    if (pool->fail_at && ++pool->count == pool->fail_at) {
        return NULL;
    }

    b = malloc(sizeof(rt_block_t) + size);
    if (b == NULL) {
        return NULL;
    }

    b->next = pool->blocks;
    pool->blocks = b;

    return b + 1;
}


static void
rt_pool_free(rt_pool_t *pool)
{
    rt_block_t  *b, *next;

    for (b = pool->blocks; b; b = next) {
        next = b->next;
        free(b);
    }

    pool->blocks = NULL;
    pool->count = 0;
    pool->fail_at = 0;
}


/* keep(): drops "name@version" entries; a trailing '*' is a prefix */

typedef struct {
    const char  *drop[8];
    unsigned     calls;
    char         name[128];
} rt_keep_t;


static int
rt_keep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    int         i, n;
    char        buf[512];
    size_t      len;
    rt_keep_t  *k;

    (void) published;

    k = data;
    k->calls++;

    snprintf(k->name, sizeof(k->name), "%.*s", (int) name->len, name->data);
    n = snprintf(buf, sizeof(buf), "%.*s@%.*s", (int) name->len, name->data,
                 (int) version->len, version->data);

    for (i = 0; i < 8 && k->drop[i]; i++) {
        len = strlen(k->drop[i]);

        if (k->drop[i][len - 1] == '*') {
            if ((size_t) n >= len - 1 && memcmp(buf, k->drop[i], len - 1) == 0)
            {
                return 0;
            }

        } else if (strcmp(buf, k->drop[i]) == 0) {
            return 0;
        }
    }

    return 1;
}


#define S(lit)  { lit, sizeof(lit) - 1 }

static const pr_rewrite_map_t  rt_maps[] = {
    { S("https://registry.example.org/"), S("http://127.0.0.1:8080/npm/") },
    { S("https://files.example.org/"), S("http://127.0.0.1:8080/pypi-files/") },
    { S("https://static.crates.example.org/"),
      S("http://127.0.0.1:8080/cargo-dl/") },
    { S("https://crates.example.org/"), S("http://127.0.0.1:8080/cargo/") },
    { S("https://dl.example.org/api/v1/"), S("http://127.0.0.1:8080/dl/") },
    { S("https://files.example.org/packages/"), S("http://never.test/") },
    { S(""), S("http://empty-from.test/") }
};

#define RT_NMAPS  (sizeof(rt_maps) / sizeof(rt_maps[0]))


static rt_pool_t  rt_pool;
static rt_keep_t  rt_k;


static void
rt_setup(pr_rewrite_t *rw, int keep, const char *name)
{
    memset(rw, 0, sizeof(pr_rewrite_t));
    memset(&rt_k, 0, sizeof(rt_keep_t));

    rw->maps = rt_maps;
    rw->nmaps = RT_NMAPS;
    rw->alloc = rt_alloc;
    rw->ctx = &rt_pool;

    if (keep) {
        rw->keep = rt_keep;
        rw->keep_data = &rt_k;
    }

    if (name) {
        rw->name.data = name;
        rw->name.len = strlen(name);
    }
}


/* unsafe(): counts, remembers the last, and says "go on" (lax) */

typedef struct {
    unsigned     calls;
    unsigned     unmapped;
    unsigned     duplicate;
    int          refuse;
    char         last[256];
} rt_unsafe_t;

static rt_unsafe_t  rt_u;


static int
rt_unsafe(void *data, pr_unsafe_t what, const char *text, size_t len)
{
    rt_unsafe_t  *u;

    u = data;
    u->calls++;

    if (what == PR_UNSAFE_UNMAPPED) {
        u->unmapped++;

    } else if (what == PR_UNSAFE_DUPLICATE) {
        u->duplicate++;
    }

    snprintf(u->last, sizeof(u->last), "%.*s", (int) len, text);

    return u->refuse;
}


/* pkg_reroute_rewrite_strict off: every unsafe place goes on */
static void
rt_lax(pr_rewrite_t *rw)
{
    memset(&rt_u, 0, sizeof(rt_unsafe_t));

    rw->unsafe = rt_unsafe;
    rw->unsafe_data = &rt_u;
}


/*
 * Regressions from fuzz/: a raw NUL inside a string (with a \u0000 escape
 * after it) came back "OK" but cut by cJSON, no longer JSON
 * (fuzz_rewrite_json); an empty feed with a NULL pointer was undefined
 * behaviour (fuzz_rewrite_html).
 */
static void
rt_fuzz_findings(void)
{
    int            rc;
    pr_str_t       out;
    const char    *err;
    pr_rewrite_t   rw;
    pr_html_rw_t  *st;
    static const char  doc[] =
        "{\"dl\":\"https://crates.example.org/\",\"s\":\"\0\\u0000\","
        "\"api\":\"https://crates.example.org/api\"}";

    rt_setup(&rw, 0, NULL);

    err = NULL;
    rc = pr_rewrite_json(PR_DOC_CARGO_CONFIG, doc, sizeof(doc) - 1, &rw,
                         &out, &err);

    PR_CHECK(rc == PR_REWRITE_INVALID,
             "a document with a raw NUL byte is refused (rc %d, %s)", rc,
             err ? err : "");

    st = malloc(sizeof(pr_html_rw_t));
    pr_html_rw_init(st, &rw);

    rc = pr_html_rw_feed(st, NULL, 0, 1, &out);

    PR_CHECK(rc == PR_REWRITE_OK && out.len == 0,
             "an empty HTML feed with no buffer is fine (rc %d)", rc);

    free(st);
}


/* pr_rewrite_json() on an exact copy; *out is copied into a NUL string */

static int
rt_json(pr_doc_t doc, const char *text, size_t len, const pr_rewrite_t *rw,
    char **res, const char **err, int *same)
{
    int        rc;
    char      *in;
    pr_str_t   out;

    in = rt_malloc(len);
    memcpy(in, text, len);

    out.data = NULL;
    out.len = 0;
    *err = NULL;
    *res = NULL;

    rc = pr_rewrite_json(doc, in, len, rw, &out, err);

    if (rc == PR_REWRITE_OK) {
        *res = rt_malloc(out.len + 1);
        memcpy(*res, out.data, out.len);
        (*res)[out.len] = '\0';
    }

    if (same) {
        *same = (out.data == in);
    }

    free(in);

    return rc;
}


/*
 * rw->flush: what it had, end to end; fail_at > 0 fails that call. Every
 * CHECK_JSON row is run again through it, in pieces of 1, 7 and 4,096
 * bytes: the same return, the same bytes.
 */

typedef struct {
    char      *data;
    size_t     len;
    size_t     size;
    unsigned   calls;
    unsigned   fail_at;
    size_t     most;       /* the longest piece */
} rt_sink_t;


static int
rt_sink(void *data, const char *p, size_t n)
{
    rt_sink_t  *k;

    k = data;

    if (k->fail_at && ++k->calls == k->fail_at) {
        return -1;
    }

    if (n == 0) {
        k->fail_at = (unsigned) -1;    /* never asked for nothing */
        return 0;
    }

    if (k->size - k->len < n) {
        k->size = 2 * (k->len + n);
        k->data = realloc(k->data, k->size);
        if (k->data == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }

    memcpy(k->data + k->len, p, n);
    k->len += n;

    if (n > k->most) {
        k->most = n;
    }

    return 0;
}


static void
rt_check_flush(int line, pr_doc_t doc, const char *text,
    const pr_rewrite_t *rw, int want_rc, const char *want)
{
    int           rc;
    char         *in;
    size_t        len, i;
    pr_str_t      out;
    rt_sink_t     k;
    const char   *err;
    pr_rewrite_t  frw;
    unsigned      calls;
    rt_unsafe_t   u;
    static const size_t  sizes[] = { 1, 7, 4096 };

    /* what the row checks of unsafe() and keep() is its own run's */
    u = rt_u;
    calls = rt_k.calls;
    len = strlen(text);

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        in = rt_malloc(len);
        memcpy(in, text, len);

        memset(&k, 0, sizeof(rt_sink_t));
        frw = *rw;
        frw.flush = rt_sink;
        frw.flush_data = &k;
        frw.flush_size = sizes[i];

        out.data = NULL;
        out.len = 0;
        err = NULL;

        rc = pr_rewrite_json(doc, in, len, &frw, &out, &err);

        PR_CHECK(rc == want_rc && k.fail_at == 0,
                 "line %d, flushed in %zu: rc %d, want %d (%s)%s", line,
                 sizes[i], rc, want_rc, err ? err : "-",
                 k.fail_at ? ", flush() asked for nothing" : "");

        if (rc == PR_REWRITE_OK && want != NULL) {
            if (out.data == in || rw->keep != NULL) {
                PR_CHECK(out.len == strlen(want)
                         && memcmp(out.data, want, out.len) == 0
                         && (out.data == in || k.len == 0),
                         "line %d, flushed in %zu: not the same (held)",
                         line, sizes[i]);

            } else {
                PR_CHECK(out.data == NULL && out.len == k.len
                         && k.len == strlen(want)
                         && memcmp(k.data, want, k.len) == 0,
                         "line %d, flushed in %zu:\n got: %.*s\nwant: %s",
                         line, sizes[i], (int) k.len,
                         k.data ? k.data : "", want);
            }
        }

        free(k.data);
        free(in);
        rt_pool_free(&rt_pool);
        rt_u = u;
        rt_k.calls = calls;
    }
}


static void
rt_check_json(int line, pr_doc_t doc, const char *in, const pr_rewrite_t *rw,
    int want_rc, const char *want)
{
    int          rc;
    char        *res;
    const char  *err;

    if (rw->flush == NULL) {
        rt_check_flush(line, doc, in, rw, want_rc, want);
    }

    rc = rt_json(doc, in, strlen(in), rw, &res, &err, NULL);

    PR_CHECK(rc == want_rc, "line %d: rc %d, want %d (%s)", line, rc,
             want_rc, err ? err : "-");

    if (rc == PR_REWRITE_OK && want != NULL) {
        PR_CHECK(strcmp(res, want) == 0, "line %d:\n got: %s\nwant: %s",
                 line, res, want);
    }

    if (rc < 0) {
        PR_CHECK(err != NULL && err[0] != '\0', "line %d: no reason", line);
    }

    free(res);
    rt_pool_free(&rt_pool);
}

#define CHECK_JSON(doc, in, rw, rc, want)                                     \
    rt_check_json(__LINE__, doc, in, rw, rc, want)


/*
 * A value not read is written as it is (pr_jx_skip), but validated as
 * strictly as one read: each row is put deep in a value not read, in an
 * object read (a version), in an array not read, in an object not read.
 */
static void
rt_test_json_skip(void)
{
    char          buf[512], want[512];
    size_t        i;
    pr_rewrite_t  rw;

    static const struct {
        const char  *value;
        int          ok;
    } rows[] = {
        /* refused */
        { "\"\\ud800\"", 0 },
        { "\"\\udc00\"", 0 },
        { "\"\\ud800\\u0041\"", 0 },
        { "\"\\ud800\\", 0 },
        { "\"\\ud83d\\ude0\"", 0 },
        { "\"\\u12\"", 0 },
        { "\"\\u00zz\"", 0 },
        { "\"\\x\"", 0 },
        { "\"\\", 0 },
        { "\"a\001b\"", 0 },
        { "\"a\tb\"", 0 },
        { "\"a\nb\"", 0 },
        { "\"\x1f\"", 0 },
        { "\"abc", 0 },
        { "01", 0 },
        { "-01", 0 },
        { "1.", 0 },
        { "-.5", 0 },
        { ".5", 0 },
        { "+1", 0 },
        { "1e", 0 },
        { "1e+", 0 },
        { "1.5E-", 0 },
        { "-", 0 },
        { "0x10", 0 },
        { "1 2", 0 },
        { "tru", 0 },
        { "nul", 0 },
        { "falsee", 0 },
        { "True", 0 },
        { "NaN", 0 },
        { "'x'", 0 },
        { "[1,]", 0 },
        { "[,1]", 0 },
        { "[1 2]", 0 },
        { "[1}", 0 },
        { "[1]]", 0 },
        { "{\"a\":1,}", 0 },
        { "{\"a\"}", 0 },
        { "{\"a\" 1}", 0 },
        { "{\"a\":}", 0 },
        { "{1:2}", 0 },
        { "{\"a\":1]", 0 },
        { "{\"a\\ud800\":1}", 0 },
        { "{\"a\001\":1}", 0 },
        { "[\f1]", 0 },
        { "[\v1]", 0 },
        { "[\xc2\xa0" "1]", 0 },
        { "", 0 },

        /* as they are */
        { "{\"a\\u0000b\":\"\\u0000\",\"\":[],\"a\":1,\"a\":2}", 1 },
        { "[ -0.5e+7 , 0 , -0 , 1E9 , 12345678901234567890123 ]", 1 },
        { "\"\\/\\\"\\\\\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\u001f\"", 1 },
        { "\"\x7f\xff\xc3\xa9\"", 1 },
        { "[true,false,null,{},[],{ },[ ],\"\"]", 1 },
        { "{\"[\":\"]\",\"{\":\"}\",\"\\\"\":\"\\\\\"}", 1 },
        { "\t\r\n 7 \t\r\n", 1 },
    };

    rt_setup(&rw, 0, NULL);

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        snprintf(buf, sizeof(buf),
                 "{\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":"
                 "\"https://registry.example.org/a.tgz\"},\"x\":[1,{\"y\":"
                 "%s}]}}}", rows[i].value);

        /* what is not read comes back as written; the tarball changes */
        snprintf(want, sizeof(want),
                 "{\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":"
                 "\"http://127.0.0.1:8080/npm/a.tgz\"},\"x\":[1,{\"y\":"
                 "%s}]}}}", rows[i].value);

        rt_check_json(2000 + i, PR_DOC_NPM_PACKUMENT, buf, &rw,
                      rows[i].ok ? PR_REWRITE_OK : PR_REWRITE_INVALID,
                      rows[i].ok ? want : NULL);
    }
}


/* URLs */

static void
rt_test_urls(void)
{
    int           rc;
    size_t        i;
    pr_str_t      out;
    pr_rewrite_t  rw;

    static const struct {
        const char  *url;
        const char  *want;       /* NULL: not rewritten */
    } rows[] = {
        { "https://registry.example.org/@acme/w/-/w-1.0.0.tgz",
          "http://127.0.0.1:8080/npm/@acme/w/-/w-1.0.0.tgz" },
        { "https://registry.example.org/", "http://127.0.0.1:8080/npm/" },
        { "HTTPS://Registry.Example.ORG/a", "http://127.0.0.1:8080/npm/a" },
        { "https://registry.example.org/A/B", "http://127.0.0.1:8080/npm/A/B" },
        { "https://registry.example.org", "http://127.0.0.1:8080/npm" },
        { "https://registry.example.or", NULL },
        { "https://registry.example.org.evil.test/x", NULL },
        { "https://registry.example.org:443/x", NULL },
        { "http://registry.example.org/x", NULL },
        { "git+https://registry.example.org/x", NULL },
        { "/relative/https://registry.example.org/", NULL },
        { "", NULL },
        /* first map wins over the longer one below it */
        { "https://files.example.org/packages/aa/x.whl",
          "http://127.0.0.1:8080/pypi-files/packages/aa/x.whl" },
        /* the path part is byte-exact */
        { "https://dl.example.org/API/v1/crates", NULL },
        { "https://DL.example.org/api/v1/crates/{crate}/{version}/download",
          "http://127.0.0.1:8080/dl/crates/{crate}/{version}/download" },
        { "https://dl.example.org/api/v1", "http://127.0.0.1:8080/dl" },
    };

    rt_setup(&rw, 0, NULL);

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        rc = pr_rewrite_url(&rw, rows[i].url, strlen(rows[i].url), &out);

        if (rows[i].want == NULL) {
            PR_CHECK(rc == 0, "url %s: rewritten", rows[i].url);
            continue;
        }

        PR_CHECK(rc == 1 && out.len == strlen(rows[i].want)
                 && memcmp(out.data, rows[i].want, out.len) == 0,
                 "url %s: %d %.*s", rows[i].url, rc,
                 rc == 1 ? (int) out.len : 0, rc == 1 ? out.data : "");
    }

    rt_pool.fail_at = 1;
    rc = pr_rewrite_url(&rw, rows[0].url, strlen(rows[0].url), &out);
    PR_CHECK(rc == PR_REWRITE_NOMEM, "url: no memory: %d", rc);

    rt_pool_free(&rt_pool);
}


/* PyPI file names */

static void
rt_test_files(void)
{
    int       rc;
    size_t    i;
    pr_str_t  proj, ver;

    static const struct {
        const char  *project;
        const char  *file;
        const char  *version;     /* NULL: -1 */
    } rows[] = {
        { "example-pkg", "example_pkg-1.0.0-py3-none-any.whl", "1.0.0" },
        { "example-pkg", "example_pkg-1.0.0-1-py3-none-any.whl", "1.0.0" },
        { "example-pkg", "Example_Pkg-2.0rc1-cp311-cp311-manylinux_2_17_"
          "x86_64.manylinux2014_x86_64.whl", "2.0rc1" },
        { "", "example_pkg-1.0-py3-none-any.whl", "1.0" },
        { "example-pkg", "example_pkg-1.0-py3-none-any.WHL", "1.0" },
        { "example-pkg", "example_pkg-1.0-any.whl", NULL },
        { "example-pkg", "example_pkg--py3-none-any.whl", NULL },
        { "example-pkg", "-1.0-py3-none-any.whl", NULL },
        { "example-pkg", "a-b-c-d-e-f-g.whl", NULL },
        { "example-pkg", "example-pkg-1.0.0.tar.gz", "1.0.0" },
        { "example-pkg", "example_pkg-1.0.0.tar.gz", "1.0.0" },
        { "example-pkg", "Example.Pkg-1.0.post1.zip", "1.0.post1" },
        { "example-pkg", "example--pkg-1.0.tar.bz2", "1.0" },
        { "example-pkg", "example-pkg-1.0.0-rc1.tgz", "1.0.0-rc1" },
        { "example-pkg", "example-pkg-1.0.tar.xz", "1.0" },
        { "example-pkg", "example-pkg-1.0.tar", "1.0" },
        { "example-pkg", "example-pkg-1.0.TAR.GZ", "1.0" },
        { "example-pkg", "example-pkg-.tar.gz", NULL },
        { "example-pkg", "example-pkg.tar.gz", NULL },
        { "example-pkg", "other-pkg-1.0.tar.gz", NULL },
        { "example", "example-pkg-1.0.tar.gz", "pkg-1.0" },
        { "example-pkg", "example-pkg-1.0-py3.8.egg", NULL },
        { "example-pkg", "example-pkg-1.0.win32.exe", NULL },
        { "", "example-pkg-1.0.tar.gz", NULL },
        { "example-pkg", "", NULL },
        { "example-pkg", ".whl", NULL },
    };

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        proj.data = rows[i].project;
        proj.len = strlen(rows[i].project);

        rc = pr_pypi_file_version(&proj, rows[i].file, strlen(rows[i].file),
                                  &ver);

        if (rows[i].version == NULL) {
            PR_CHECK(rc == -1, "file %s: read %.*s", rows[i].file,
                     rc == 0 ? (int) ver.len : 0, rc == 0 ? ver.data : "");
            continue;
        }

        PR_CHECK(rc == 0 && ver.len == strlen(rows[i].version)
                 && memcmp(ver.data, rows[i].version, ver.len) == 0,
                 "file %s: %d %.*s", rows[i].file, rc,
                 rc == 0 ? (int) ver.len : 0, rc == 0 ? ver.data : "");
    }
}


/* npm */

#define NPM_DIST(name, base, v)                                               \
    "\"dist\":{\"integrity\":\"sha512-" v "\",\"shasum\":\"0a1b2c3d\","       \
    "\"tarball\":\"" base name "/-/widget-" v ".tgz\",\"fileCount\":4,"       \
    "\"unpackedSize\":10240,\"signatures\":[{\"keyid\":\"SHA256:k1\","        \
    "\"sig\":\"MEUCIQ\"}]}"

#define NPM_V(base, v)                                                        \
    "\"" v "\":{\"name\":\"@acme/widget\",\"version\":\"" v "\","             \
    "\"dependencies\":{\"left-pad\":\"^1.3.0\"},"                             \
    "\"engines\":{\"node\":\">=14\"},"                                        \
    NPM_DIST("@acme/widget", base, v) ",\"_hasShrinkwrap\":false}"

#define NPM_UP    "https://registry.example.org/"
#define NPM_DOWN  "http://127.0.0.1:8080/npm/"

#define NPM_HEAD                                                              \
    "{\"_id\":\"@acme/widget\",\"_rev\":\"12-0a1b2c\","                       \
    "\"name\":\"@acme/widget\",\"description\":\"A widget\","

#define NPM_TAIL                                                              \
    "\"maintainers\":[{\"name\":\"alice\",\"email\":\"alice@example.org\"}],"  \
    "\"homepage\":\"https://registry.example.org/@acme/widget\","             \
    "\"repository\":{\"type\":\"git\","                                       \
    "\"url\":\"git+https://registry.example.org/acme/widget.git\"},"          \
    "\"readme\":\"# widget\\n\\nSee https://registry.example.org/.\","        \
    "\"license\":\"MIT\"}"

#define NPM_TIME(v)  "\"" v "\":\"2021-0" v "T00:00:00.000Z\""

#define NPM_DOC(base, tags, vers, times)                                      \
    NPM_HEAD "\"dist-tags\":{" tags "},\"versions\":{" vers "},"              \
    "\"time\":{\"created\":\"2020-01-01T00:00:00.000Z\","                     \
    "\"modified\":\"2024-05-01T00:00:00.000Z\"" times "}," NPM_TAIL

#define NPM_ALL(base)                                                         \
    NPM_V(base, "1.0.0") "," NPM_V(base, "1.1.0") "," NPM_V(base, "2.0.0")   \
    "," NPM_V(base, "2.1.0-beta.1") "," NPM_V(base, "3.0.0")

#define NPM_ALL_TIMES                                                         \
    "," NPM_TIME("1.0.0") "," NPM_TIME("1.1.0") "," NPM_TIME("2.0.0")        \
    "," NPM_TIME("2.1.0-beta.1") "," NPM_TIME("3.0.0")

#define NPM_TAGS                                                              \
    "\"latest\":\"2.0.0\",\"next\":\"2.1.0-beta.1\",\"legacy\":\"1.0.0\""


/* abbreviated form: application/vnd.npm.install-v1+json */

#define NPMA_V(base, v)                                                       \
    "\"" v "\":{\"name\":\"@acme/widget\",\"version\":\"" v "\","             \
    "\"dependencies\":{\"left-pad\":\"^1.3.0\"},"                             \
    NPM_DIST("@acme/widget", base, v) "}"

#define NPMA_DOC(tags, vers)                                                  \
    "{\"name\":\"@acme/widget\",\"modified\":\"2024-05-01T00:00:00.000Z\","   \
    "\"dist-tags\":{" tags "},\"versions\":{" vers "}}"


static void
rt_test_npm(void)
{
    int           rc, same;
    char         *res;
    const char   *err;
    pr_rewrite_t  rw;

    static const char  full[] = NPM_DOC(NPM_UP, NPM_TAGS, NPM_ALL(NPM_UP),
                                        NPM_ALL_TIMES);
    static const char  abbr[] = NPMA_DOC(NPM_TAGS,
                                         NPMA_V(NPM_UP, "1.0.0") ","
                                         NPMA_V(NPM_UP, "2.0.0") ","
                                         NPMA_V(NPM_UP, "2.1.0-beta.1"));

    /* tarballs only: homepage, repository, readme stay */
    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, full, &rw, PR_REWRITE_OK,
               NPM_DOC(NPM_DOWN, NPM_TAGS, NPM_ALL(NPM_DOWN),
                       NPM_ALL_TIMES));

    CHECK_JSON(PR_DOC_NPM_PACKUMENT, abbr, &rw, PR_REWRITE_OK,
               NPMA_DOC(NPM_TAGS, NPMA_V(NPM_DOWN, "1.0.0") ","
                                  NPMA_V(NPM_DOWN, "2.0.0") ","
                                  NPMA_V(NPM_DOWN, "2.1.0-beta.1")));

    /* keep, dropping nothing: a copy when a URL was rewritten, else the
     * input itself */
    rt_setup(&rw, 1, NULL);
    rc = rt_json(PR_DOC_NPM_PACKUMENT, abbr, sizeof(abbr) - 1, &rw, &res,
                 &err, &same);
    PR_CHECK(rc == PR_REWRITE_OK && same == 0,
             "abbreviated, rewritten: a copy");
    free(res);
    rt_pool_free(&rt_pool);

    {
        static const char  mine[] =
            "{\"name\":\"mine\",\"dist-tags\":{\"latest\":\"1.0.0\"},"
            "\"versions\":{\"1.0.0\":{\"dist\":{\"shasum\":"
            "\"0a1b\"}}}}";

        rt_k.calls = 0;
        rc = rt_json(PR_DOC_NPM_PACKUMENT, mine, sizeof(mine) - 1, &rw, &res,
                     &err, &same);
        PR_CHECK(rc == PR_REWRITE_OK && same && strcmp(res, mine) == 0,
                 "unchanged: the input itself (%d, %d)", rc, same);
        PR_CHECK(rt_k.calls == 2 && strcmp(rt_k.name, "mine") == 0,
                 "unchanged: keep() asked %u times, name %s", rt_k.calls,
                 rt_k.name);
        free(res);
        rt_pool_free(&rt_pool);
    }

    /* drop the latest 2.0.0 and the beta: latest -> 1.1.0, not 3.0.0 */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "@acme/widget@2.0.0";
    rt_k.drop[1] = "@acme/widget@2.1.0-beta.1";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, full, &rw, PR_REWRITE_OK,
               NPM_DOC(NPM_DOWN,
                       "\"latest\":\"1.1.0\",\"legacy\":\"1.0.0\"",
                       NPM_V(NPM_DOWN, "1.0.0") "," NPM_V(NPM_DOWN, "1.1.0")
                       "," NPM_V(NPM_DOWN, "3.0.0"),
                       "," NPM_TIME("1.0.0") "," NPM_TIME("1.1.0") ","
                       NPM_TIME("3.0.0")));

    /* the name comes from the caller when given */
    rt_setup(&rw, 1, "@acme/other");
    rt_k.drop[0] = "@acme/widget@*";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, full, &rw, PR_REWRITE_OK,
               NPM_DOC(NPM_DOWN, NPM_TAGS, NPM_ALL(NPM_DOWN),
                       NPM_ALL_TIMES));
    PR_CHECK(strcmp(rt_k.name, "@acme/other") == 0, "name: %s", rt_k.name);

    /* everything dropped: every tag goes, created/modified stay */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "@acme/widget@*";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, full, &rw, PR_REWRITE_OK,
               NPM_DOC(NPM_DOWN, "", "", ""));

    /* no release below the dropped latest: it goes */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "@acme/widget@1.*";
    rt_k.drop[1] = "@acme/widget@2.0.0";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, full, &rw, PR_REWRITE_OK,
               NPM_DOC(NPM_DOWN, "\"next\":\"2.1.0-beta.1\"",
                       NPM_V(NPM_DOWN, "2.1.0-beta.1") ","
                       NPM_V(NPM_DOWN, "3.0.0"),
                       "," NPM_TIME("2.1.0-beta.1") "," NPM_TIME("3.0.0")));

    /* abbreviated form, filtered */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "@acme/widget@2.0.0";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, abbr, &rw, PR_REWRITE_OK,
               NPMA_DOC("\"latest\":\"1.0.0\",\"next\":\"2.1.0-beta.1\","
                        "\"legacy\":\"1.0.0\"",
                        NPMA_V(NPM_DOWN, "1.0.0") ","
                        NPMA_V(NPM_DOWN, "2.1.0-beta.1")));

    /* semver precedence: numbers by value, pre-releases below releases */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "p@10.0.0";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"10.0.0\"},"
               "\"versions\":{\"9.10.0\":{},\"9.9.99\":{},"
               "\"10.0.0-rc.1\":{},\"10.0.0\":{},\"9.10.0-rc.2\":{},"
               "\"x\":{},\"11.0.0\":{}}}",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"9.10.0\"},"
               "\"versions\":{\"9.10.0\":{},\"9.9.99\":{},"
               "\"10.0.0-rc.1\":{},\"9.10.0-rc.2\":{},\"x\":{},"
               "\"11.0.0\":{}}}");

    /* a latest that is not semver is removed, not moved */
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"10.0.0\","
               "\"beta\":\"10.0.0\",\"old\":\"1.0.0\"},"
               "\"versions\":{\"1.0.0\":{}}}",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"1.0.0\","
               "\"old\":\"1.0.0\"},\"versions\":{\"1.0.0\":{}}}");
    rt_k.drop[0] = "p@latest-ish";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"latest-ish\"},"
               "\"versions\":{\"1.0.0\":{}}}",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"p\",\"dist-tags\":{},\"versions\":{\"1.0.0\":{}}}");

    /* pre-releases: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta
     * < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0; only releases
     * are candidates, so compare through a dropped pre-release latest */
    rt_k.drop[0] = "p@1.0.0-beta.11";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"1.0.0-beta.11\"},"
               "\"versions\":{\"0.9.0\":{},\"1.0.0\":{},\"0.10.0\":{},"
               "\"1.0.0-beta.2\":{}}}",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"0.10.0\"},"
               "\"versions\":{\"0.9.0\":{},\"1.0.0\":{},\"0.10.0\":{},"
               "\"1.0.0-beta.2\":{}}}");

    /* an unpublished package: no versions; the time object is not all
     * strings */
    rt_k.drop[0] = "gone@*";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"_id\":\"gone\",\"name\":\"gone\",\"time\":{\"created\":"
               "\"2020-01-01T00:00:00.000Z\",\"1.0.0\":\"2020-01-01T00:00:00"
               ".000Z\",\"unpublished\":{\"time\":\"2021-01-01T00:00:00.000Z"
               "\",\"versions\":[\"1.0.0\"]}}}",
               &rw, PR_REWRITE_OK,
               "{\"_id\":\"gone\",\"name\":\"gone\",\"time\":{\"created\":"
               "\"2020-01-01T00:00:00.000Z\",\"unpublished\":{\"time\":"
               "\"2021-01-01T00:00:00.000Z\",\"versions\":[\"1.0.0\"]}}}");

    /* npm version documents */
    rt_setup(&rw, 0, NULL);

    {
        static const char  one[] =
            "{\"name\":\"@acme/widget\",\"version\":\"1.0.0\","
            NPM_DIST("@acme/widget", NPM_UP, "1.0.0") "}";

        CHECK_JSON(PR_DOC_NPM_VERSION, one, &rw, PR_REWRITE_OK,
                   "{\"name\":\"@acme/widget\",\"version\":\"1.0.0\","
                   NPM_DIST("@acme/widget", NPM_DOWN, "1.0.0") "}");

        rt_setup(&rw, 1, NULL);
        rt_k.drop[0] = "@acme/widget@1.0.0";
        CHECK_JSON(PR_DOC_NPM_VERSION, one, &rw, PR_REWRITE_GONE, NULL);

        rt_k.drop[0] = "@acme/widget@1.0.1";
        CHECK_JSON(PR_DOC_NPM_VERSION, one, &rw, PR_REWRITE_OK,
                   "{\"name\":\"@acme/widget\",\"version\":\"1.0.0\","
                   NPM_DIST("@acme/widget", NPM_DOWN, "1.0.0") "}");

        CHECK_JSON(PR_DOC_NPM_VERSION, "{\"name\":\"a\",\"dist\":{}}", &rw,
                   PR_REWRITE_INVALID, NULL);
        CHECK_JSON(PR_DOC_NPM_VERSION, "{\"version\":\"1.0.0\"}", &rw,
                   PR_REWRITE_INVALID, NULL);
    }

    /* pretty input comes out compact */
    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\n  \"name\": \"w\",\n  \"versions\": {\n    \"1.0.0\": {\n"
               "      \"dist\": {\n        \"tarball\": \"https://registry"
               ".example.org/w/-/w-1.0.0.tgz\",\n        \"fileCount\": 4\n"
               "      }\n    }\n  }\n}\n",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"w\",\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":"
               "\"http://127.0.0.1:8080/npm/w/-/w-1.0.0.tgz\","
               "\"fileCount\":4}}}}");
}


/* PyPI JSON API */

#define PYF(name, h, v, kind, size)                                           \
    "{\"filename\":\"" name "\",\"url\":\"" h "packages/" kind "/" name "\"," \
    "\"size\":" size ",\"digests\":{\"sha256\":\"" v "\"},"                   \
    "\"upload_time\":\"2020-01-01T00:00:00\",\"yanked\":false}"

#define PY_W(h, v)                                                            \
    PYF("example_pkg-" v "-py3-none-any.whl", h, v, "aa", "12345")
#define PY_S(h, v)  PYF("example-pkg-" v ".tar.gz", h, v, "bb", "2345.0")

#define PY_INFO(v)                                                            \
    "\"info\":{\"author\":\"Jane\",\"name\":\"Example-Pkg\",\"version\":\""   \
    v "\",\"home_page\":\"https://files.example.org/not-a-file\","            \
    "\"project_urls\":{\"Source\":\"https://code.example.org/x\"},"           \
    "\"requires_python\":\">=3.8\",\"yanked\":false,\"yanked_reason\":null}"

#define PY_UP    "https://files.example.org/"
#define PY_DOWN  "http://127.0.0.1:8080/pypi-files/"

#define PY_REL(h)                                                             \
    "\"1.0.0\":[" PY_W(h, "1.0.0") "," PY_S(h, "1.0.0") "],"                  \
    "\"2.0.0\":[" PY_W(h, "2.0.0") "],\"0.9\":[]"

#define PY_DOC(info, rel, urls)                                               \
    "{" info ",\"last_serial\":20240501,\"releases\":{" rel "},"              \
    "\"urls\":[" urls "],\"vulnerabilities\":[]}"


static void
rt_test_pypi(void)
{
    pr_rewrite_t  rw;

    static const char  doc[] = PY_DOC(PY_INFO("2.0.0"), PY_REL(PY_UP),
                                      PY_W(PY_UP, "2.0.0"));
    static const char  one[] = "{" PY_INFO("1.0.0") ",\"last_serial\":7,"
                               "\"urls\":[" PY_W(PY_UP, "1.0.0") ","
                               PY_S(PY_UP, "1.0.0") "],"
                               "\"vulnerabilities\":[]}";

    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON, doc, &rw, PR_REWRITE_OK,
               PY_DOC(PY_INFO("2.0.0"), PY_REL(PY_DOWN),
                      PY_W(PY_DOWN, "2.0.0")));
    CHECK_JSON(PR_DOC_PYPI_VERSION_JSON, one, &rw, PR_REWRITE_OK,
               "{" PY_INFO("1.0.0") ",\"last_serial\":7,"
               "\"urls\":[" PY_W(PY_DOWN, "1.0.0") ","
               PY_S(PY_DOWN, "1.0.0") "],\"vulnerabilities\":[]}");

    /* drop an old release; the name is info.name as written */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "Example-Pkg@1.0.0";
    CHECK_JSON(PR_DOC_PYPI_JSON, doc, &rw, PR_REWRITE_OK,
               PY_DOC(PY_INFO("2.0.0"),
                      "\"2.0.0\":[" PY_W(PY_DOWN, "2.0.0") "],\"0.9\":[]",
                      PY_W(PY_DOWN, "2.0.0")));

    /* drop info.version: its files leave "urls", info stays */
    rt_setup(&rw, 1, "example-pkg");
    rt_k.drop[0] = "example-pkg@2.0.0";
    CHECK_JSON(PR_DOC_PYPI_JSON, doc, &rw, PR_REWRITE_OK,
               PY_DOC(PY_INFO("2.0.0"),
                      "\"1.0.0\":[" PY_W(PY_DOWN, "1.0.0") ","
                      PY_S(PY_DOWN, "1.0.0") "],\"0.9\":[]", ""));

    CHECK_JSON(PR_DOC_PYPI_VERSION_JSON, one, &rw, PR_REWRITE_OK, NULL);
    rt_k.drop[1] = "example-pkg@1.0.0";
    CHECK_JSON(PR_DOC_PYPI_VERSION_JSON, one, &rw, PR_REWRITE_GONE, NULL);

    /* shapes */
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"releases\":{}}", &rw,
               PR_REWRITE_INVALID, NULL);
    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"releases\":{}}", &rw, PR_REWRITE_OK,
               "{\"releases\":{}}");
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"releases\":[]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"releases\":{\"1.0\":{}}}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"urls\":[\"https://files.example.org/"
               "x\"]}", &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"urls\":{}}", &rw, PR_REWRITE_INVALID,
               NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON, "{\"info\":[],\"urls\":[]}", &rw,
               PR_REWRITE_INVALID, NULL);
}


/* PEP 691 */

#define P691_W(h, v, rest)                                                    \
    "{\"filename\":\"example_pkg-" v "-py3-none-any.whl\",\"url\":\"" h       \
    "packages/aa/example_pkg-" v "-py3-none-any.whl\",\"hashes\":"            \
    "{\"sha256\":\"" v "\"},\"requires-python\":\">=3.8\"," rest "}"

#define P691_DOC(vers, files)                                                 \
    "{\"meta\":{\"api-version\":\"1.1\",\"_last-serial\":20240501},"          \
    "\"name\":\"example-pkg\",\"versions\":[" vers "],\"files\":[" files "]}"

#define P691_SDIST                                                            \
    "{\"filename\":\"example-pkg-1.0.0.tar.gz\",\"url\":\"../../packages/bb/" \
    "example-pkg-1.0.0.tar.gz\",\"hashes\":{\"sha256\":\"s\"},"               \
    "\"yanked\":false}"

#define P691_ODD                                                              \
    "{\"filename\":\"example-pkg-0.1-py2.5.egg\",\"url\":\"https://"          \
    "files.example.org/packages/cc/example-pkg-0.1-py2.5.egg\","              \
    "\"hashes\":{}}"


static void
rt_test_pep691(void)
{
    pr_rewrite_t  rw;

    static const char  doc[] = P691_DOC(
        "\"0.1\",\"1.0.0\",\"2.0.0\"",
        P691_ODD ","
        P691_W(PY_UP, "1.0.0", "\"core-metadata\":{\"sha256\":\"m\"},"
               "\"size\":12345,\"upload-time\":\"2020-01-01T00:00:00.0Z\"")
        "," P691_SDIST ","
        P691_W("https://FILES.Example.org/", "2.0.0",
               "\"yanked\":\"broken \\\"metadata\\\"\""));

    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, doc, &rw, PR_REWRITE_OK,
               P691_DOC("\"0.1\",\"1.0.0\",\"2.0.0\"",
                        "{\"filename\":\"example-pkg-0.1-py2.5.egg\",\"url\":"
                        "\"" PY_DOWN "packages/cc/example-pkg-0.1-py2.5.egg\","
                        "\"hashes\":{}},"
                        P691_W(PY_DOWN, "1.0.0", "\"core-metadata\":{"
                               "\"sha256\":\"m\"},\"size\":12345,"
                               "\"upload-time\":\"2020-01-01T00:00:00.0Z\"")
                        "," P691_SDIST ","
                        P691_W(PY_DOWN, "2.0.0",
                               "\"yanked\":\"broken \\\"metadata\\\"\"")));

    /* 1.0.0 goes (wheel and sdist); the egg cannot be read: it goes */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "example-pkg@1.0.0";
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, doc, &rw, PR_REWRITE_OK,
               P691_DOC("\"0.1\",\"2.0.0\"",
                        P691_W(PY_DOWN, "2.0.0",
                               "\"yanked\":\"broken \\\"metadata\\\"\"")));
    PR_CHECK(strcmp(rt_k.name, "example-pkg") == 0, "pep691: name %s",
             rt_k.name);

    /* the request's name finds the sdist's version */
    rt_setup(&rw, 1, "Example_Pkg");
    rt_k.drop[0] = "Example_Pkg@2.0.0";
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, doc, &rw, PR_REWRITE_OK,
               P691_DOC("\"0.1\",\"1.0.0\"",
                        P691_W(PY_DOWN, "1.0.0", "\"core-metadata\":{"
                               "\"sha256\":\"m\"},\"size\":12345,"
                               "\"upload-time\":\"2020-01-01T00:00:00.0Z\"")
                        "," P691_SDIST));

    /* shapes */
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, "{\"name\":\"x\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, "{\"files\":{}}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, "{\"files\":[1]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, "{\"files\":[],\"versions\":{}}",
               &rw, PR_REWRITE_INVALID, NULL);
    rt_setup(&rw, 1, NULL);
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, "{\"files\":[]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON, "{\"name\":\"\",\"files\":[]}", &rw,
               PR_REWRITE_INVALID, NULL);
}


/* cargo */

static void
rt_test_cargo(void)
{
    pr_rewrite_t  rw;

    rt_setup(&rw, 0, NULL);

    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\n  \"dl\": \"https://static.crates.example.org/crates\",\n"
               "  \"api\": \"https://crates.example.org\"\n}\n",
               &rw, PR_REWRITE_OK,
               "{\"dl\":\"http://127.0.0.1:8080/cargo-dl/crates\","
               "\"api\":\"http://127.0.0.1:8080/cargo\"}");

    /* fail closed: an "api" or a "dl" that no map matches */
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\"dl\":\"https://dl.example.org/api/v1/crates/{crate}/"
               "{version}/download\",\"api\":\"https://dl.example.org/\","
               "\"auth-required\":true}",
               &rw, PR_REWRITE_UNSAFE, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\"dl\":\"https://{prefix}.example.net/{crate}\"}",
               &rw, PR_REWRITE_UNSAFE, NULL);

    /* relaxed: they stay */
    rt_lax(&rw);
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\"dl\":\"https://dl.example.org/api/v1/crates/{crate}/"
               "{version}/download\",\"api\":\"https://dl.example.org/\","
               "\"auth-required\":true}",
               &rw, PR_REWRITE_OK,
               "{\"dl\":\"http://127.0.0.1:8080/dl/crates/{crate}/{version}/"
               "download\",\"api\":\"https://dl.example.org/\","
               "\"auth-required\":true}");

    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\"dl\":\"https://{prefix}.example.net/{crate}\"}",
               &rw, PR_REWRITE_OK,
               "{\"dl\":\"https://{prefix}.example.net/{crate}\"}");
    PR_CHECK(rt_u.calls == 2 && rt_u.unmapped == 2
             && strcmp(rt_u.last, "https://{prefix}.example.net/{crate}") == 0,
             "cargo, relaxed: %u calls, last %s", rt_u.calls, rt_u.last);
    rt_setup(&rw, 0, NULL);

    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"api\":\"https://crates.example.org\"}",
               &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":1}", &rw, PR_REWRITE_INVALID,
               NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"api\":null}", &rw,
               PR_REWRITE_INVALID, NULL);
}


/* what cJSON would change, and what it cannot take */

static const char  rt_cargo_min[] = "{\"dl\":\"https://crates.example.org/\"}";

static void
rt_test_json_text(void)
{
    int           rc;
    char         *big, *res, *p;
    size_t        i, n;
    const char   *err;
    pr_rewrite_t  rw;

    rt_setup(&rw, 0, NULL);

    /* numbers as written; a value not read (here all but "dl") as
     * written, escapes and all; a key of an object read decoded */
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\"dl\":\"https://crates.example.org/d\",\"n\":[1.0,1e3,-0,0,"
               "-7,123456789,1234567890,9007199254740993,1E+2,0.1,-12.5e-3,"
               "1e999,12345678901234567890123],\"s\":\"a\\u0000b\","
               "\"k\\u0041\":\"\\/\\u00e9\\ud83d\\ude00\\t\\u001f\","
               "\"t\":[true,false,null,{},[]]}",
               &rw, PR_REWRITE_OK,
               "{\"dl\":\"http://127.0.0.1:8080/cargo/d\",\"n\":[1.0,1e3,-0,0,"
               "-7,123456789,1234567890,9007199254740993,1E+2,0.1,-12.5e-3,"
               "1e999,12345678901234567890123],\"s\":\"a\\u0000b\","
               "\"kA\":\"\\/\\u00e9\\ud83d\\ude00\\t\\u001f\","
               "\"t\":[true,false,null,{},[]]}");

    /* a string with \u0000 is never read: here "dl" is then no string */
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{\"dl\":\"https://crates.example.org/\\u0000\"}",
               &rw, PR_REWRITE_INVALID, NULL);

    /* a byte-order mark is accepted and dropped */
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "\xef\xbb\xbf{\"dl\":\"https://crates.example.org/\"}",
               &rw, PR_REWRITE_OK, "{\"dl\":\"http://127.0.0.1:8080/cargo/\"}");

    /* not documents */
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "", &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "   ", &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "<html>Not Found</html>", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":\"w\",\"versions\":{\"1.0",
               &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":\"w\"", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":\"w}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":\"w\"} {}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":\"w\"}x", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":\"w\"} \r\n\t", &rw,
               PR_REWRITE_OK, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"a\":[1,2,]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"a\":'x'}", &rw, PR_REWRITE_INVALID,
               NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"a\":\"\\ud800\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "[]", &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "[{\"versions\":{}}]", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "\"versions\"", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "42", &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "null", &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON((pr_doc_t) 99, "{}", &rw, PR_REWRITE_INVALID, NULL);

    /* wrong shapes for npm */
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"versions\":[]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"versions\":{\"1.0.0\":\"x\"}}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"versions\":{\"1.0.0\":{\"dist\":\"x\"}}}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"dist-tags\":\"latest\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"time\":[]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":1}}}}", &rw,
               PR_REWRITE_INVALID, NULL);
    rt_setup(&rw, 1, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"versions\":{}}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, "{\"name\":7,\"versions\":{}}", &rw,
               PR_REWRITE_INVALID, NULL);
    rt_setup(&rw, 0, NULL);

    /* nesting: 64 levels pass, 65 do not; brackets in strings do not
     * count; a very deep input is refused before cJSON recurses */
    big = rt_malloc(4 * 200000 + 64);

    for (n = 64; n <= 65; n++) {
        p = big;
        for (i = 0; i < n - 1; i++) {
            p = rt_cat(p, "{\"a\":");
        }
        p = rt_cat(p, "{\"s\":\"[[[[[[[[{{{{{{{{\"}");
        for (i = 0; i < n - 1; i++) {
            *p++ = '}';
        }
        *p = '\0';

        CHECK_JSON(PR_DOC_NPM_PACKUMENT, big, &rw,
                   n == 64 ? PR_REWRITE_OK : PR_REWRITE_INVALID, NULL);
    }

    /* arrays and objects in a value not read (pr_jx_skip): the same */
    for (n = 64; n <= 65; n++) {
        p = rt_cat(big, "{\"a\":");
        for (i = 0; i < n - 1; i++) {
            p = rt_cat(p, i % 2 ? "{\"k\" :" : "[ ");
        }
        p = rt_cat(p, "\"]]}}\"");
        for (i = n - 1; i-- > 0; /* void */) {
            p = rt_cat(p, i % 2 ? "}" : " ]");
        }
        p = rt_cat(p, "}");
        *p = '\0';

        CHECK_JSON(PR_DOC_NPM_PACKUMENT, big, &rw,
                   n == 64 ? PR_REWRITE_OK : PR_REWRITE_INVALID, NULL);
    }

    p = big;
    *p++ = '{';
    p = rt_cat(p, "\"a\":");
    for (i = 0; i < 200000; i++) {
        *p++ = '[';
    }
    for (i = 0; i < 200000; i++) {
        *p++ = ']';
    }
    *p++ = '}';
    *p = '\0';
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, big, &rw, PR_REWRITE_INVALID, NULL);
    free(big);

    /* a huge tarball URL is rewritten; over max_size is refused */
    n = 3 * 1024 * 1024;
    big = rt_malloc(n + 256);
    p = big;
    p = rt_cat(p, "{\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":\""
                 "https://registry.example.org/");
    memset(p, 'x', n);
    p += n;
    p = rt_cat(p, "\"}}}}");

    rc = rt_json(PR_DOC_NPM_PACKUMENT, big, p - big, &rw, &res, &err, NULL);
    PR_CHECK(rc == PR_REWRITE_OK
             && strlen(res) == (size_t) (p - big) - 29 + 26
             && memcmp(res + 41, "http://127.0.0.1:8080/npm/xxx", 29) == 0
             && res[strlen(res) - 6] == 'x',
             "huge string: %d", rc);
    free(res);
    rt_pool_free(&rt_pool);

    rw.max_size = 1024 * 1024;
    rc = rt_json(PR_DOC_NPM_PACKUMENT, big, p - big, &rw, &res, &err, NULL);
    PR_CHECK(rc == PR_REWRITE_INVALID && err != NULL,
             "over max_size: %d", rc);
    rw.max_size = 0;
    free(big);

    /* no memory for the output */
    rt_pool.fail_at = 1;
    rc = rt_json(PR_DOC_CARGO_CONFIG, rt_cargo_min, strlen(rt_cargo_min),
                 &rw, &res, &err, NULL);
    PR_CHECK(rc == PR_REWRITE_NOMEM && err != NULL, "no memory: %d", rc);
    rt_pool_free(&rt_pool);
}


/* HTML */

static const char  rt_page[] =
    "<!DOCTYPE html>\n"
    "<html>\n"
    "  <head>\n"
    "    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
    "    <title>Links for example-pkg</title>\n"
    "  </head>\n"
    "  <body>\n"
    "    <h1>Links for example-pkg</h1>\n"
    "    <!-- was <a href=\"https://files.example.org/old\">old</a> -->\n"
    "    <a href=\"https://files.example.org/packages/aa/bb/cc/example_pkg-"
    "1.0.0-py3-none-any.whl#sha256=1111\" data-requires-python=\"&gt;=3.8\" "
    "data-dist-info-metadata=\"sha256=4444\" data-core-metadata=\"sha256="
    "4444\">example_pkg-1.0.0-py3-none-any.whl</a><br />\n"
    "    <a href='../../packages/dd/ee/ff/example-pkg-1.0.0.tar.gz#sha256="
    "2222'>example-pkg-1.0.0.tar.gz</a><br />\n"
    "    <A HREF = \"https://FILES.example.org/packages/11/22/33/example_pkg-"
    "2.0.0-py3-none-any.whl#sha256=3333\" data-yanked=\"broken &quot;"
    "metadata&quot; > sorry\">example_pkg-2.0.0-py3-none-any.whl</A><br />\n"
    "    <a data-dist-info-metadata=\"https://files.example.org/not-a-url\" "
    "href=https://files.example.org/packages/44/example-pkg-2.0.0.tar.gz"
    "#sha256=5555>example-pkg-2.0.0.tar.gz</a><br/>\n"
    "    <a href=\"https://other.example.net/example_pkg-2.1.0-py3-none-any."
    "whl#sha256=6666\">example_pkg-2.1.0-py3-none-any.whl</a><br/>\n"
    "    <a\thref\n=\n' https://files.example.org/packages/77/example_pkg-"
    "3.0.0%2Blocal-py3-none-any.whl'>example_pkg-3.0.0+local-py3-none-any."
    "whl</a><br/>\n"
    "    <a href=\"https://files.example.org/packages/88/example-pkg-0.1-py2"
    ".5.egg\">example-pkg-0.1-py2.5.egg</a><br/>\n"
    "    <p>1 < 2, <> and </> stay; <!x> and <?x?> too; <!----></p>\n"
    "  </body>\n"
    "</html>\n"
    "<!-- generated -->";

#define RT_PAGE_REWRITTEN_A                                                   \
    "<!DOCTYPE html>\n"                                                       \
    "<html>\n"                                                                \
    "  <head>\n"                                                              \
    "    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"           \
    "    <title>Links for example-pkg</title>\n"                              \
    "  </head>\n"                                                             \
    "  <body>\n"                                                              \
    "    <h1>Links for example-pkg</h1>\n"                                    \
    "    <!-- was <a href=\"https://files.example.org/old\">old</a> -->\n"

#define RT_A1                                                                 \
    "<a href=\"http://127.0.0.1:8080/pypi-files/packages/aa/bb/cc/"           \
    "example_pkg-1.0.0-py3-none-any.whl#sha256=1111\" data-requires-python="  \
    "\"&gt;=3.8\" data-dist-info-metadata=\"sha256=4444\" data-core-metadata" \
    "=\"sha256=4444\">example_pkg-1.0.0-py3-none-any.whl</a>"

#define RT_A2                                                                 \
    "<a href='../../packages/dd/ee/ff/example-pkg-1.0.0.tar.gz#sha256="       \
    "2222'>example-pkg-1.0.0.tar.gz</a>"

#define RT_A3                                                                 \
    "<A HREF = \"http://127.0.0.1:8080/pypi-files/packages/11/22/33/"         \
    "example_pkg-2.0.0-py3-none-any.whl#sha256=3333\" data-yanked=\"broken "  \
    "&quot;metadata&quot; > sorry\">example_pkg-2.0.0-py3-none-any.whl</A>"

#define RT_A4                                                                 \
    "<a data-dist-info-metadata=\"https://files.example.org/not-a-url\" "     \
    "href=http://127.0.0.1:8080/pypi-files/packages/44/example-pkg-2.0.0."    \
    "tar.gz#sha256=5555>example-pkg-2.0.0.tar.gz</a>"

#define RT_A5                                                                 \
    "<a href=\"https://other.example.net/example_pkg-2.1.0-py3-none-any."     \
    "whl#sha256=6666\">example_pkg-2.1.0-py3-none-any.whl</a>"

#define RT_A6                                                                 \
    "<a\thref\n=\n' http://127.0.0.1:8080/pypi-files/packages/77/"            \
    "example_pkg-3.0.0%2Blocal-py3-none-any.whl'>example_pkg-3.0.0+local-"    \
    "py3-none-any.whl</a>"

#define RT_A7                                                                 \
    "<a href=\"http://127.0.0.1:8080/pypi-files/packages/88/example-pkg-0.1-" \
    "py2.5.egg\">example-pkg-0.1-py2.5.egg</a>"

#define RT_PAGE_END                                                           \
    "    <p>1 < 2, <> and </> stay; <!x> and <?x?> too; <!----></p>\n"        \
    "  </body>\n"                                                             \
    "</html>\n"                                                               \
    "<!-- generated -->"

#define RT_PAGE(a1, a2, a3, a4, a5, a6, a7)                                   \
    RT_PAGE_REWRITTEN_A                                                       \
    "    " a1 "<br />\n"                                                      \
    "    " a2 "<br />\n"                                                      \
    "    " a3 "<br />\n"                                                      \
    "    " a4 "<br/>\n"                                                       \
    "    " a5 "<br/>\n"                                                       \
    "    " a6 "<br/>\n"                                                       \
    "    " a7 "<br/>\n"                                                       \
    RT_PAGE_END


typedef struct {
    char    *data;
    size_t   len;
} rt_buf_t;


/* feeds text cut at cuts[0..ncuts) (ascending); 0 or the failing rc */
static int
rt_html(const pr_rewrite_t *rw, const char *text, size_t len,
    const size_t *cuts, size_t ncuts, rt_buf_t *res, const char **err)
{
    int            rc;
    char          *in;
    size_t         i, from, to;
    pr_str_t       out;
    pr_html_rw_t  *st;

    st = rt_malloc(sizeof(pr_html_rw_t));
    pr_html_rw_init(st, rw);

    res->data = rt_malloc(4 * len + 64);
    res->len = 0;
    *err = NULL;
    from = 0;
    rc = PR_REWRITE_OK;

    for (i = 0; i <= ncuts; i++) {
        to = (i < ncuts) ? cuts[i] : len;

        /* an exact copy of this chunk, or a 0-byte one without data */
        in = (to > from) ? rt_malloc(to - from) : NULL;
        if (in) {
            memcpy(in, text + from, to - from);
        }

        rc = pr_html_rw_feed(st, in, to - from, i == ncuts, &out);
        free(in);

        if (rc != PR_REWRITE_OK) {
            *err = st->err;
            break;
        }

        if (out.len > 0) {
            memcpy(res->data + res->len, out.data, out.len);
            res->len += out.len;
        }

        from = to;
    }

    free(st);
    rt_pool_free(&rt_pool);

    return rc;
}


static void
rt_check_html(int line, const pr_rewrite_t *rw, const char *in,
    const char *want)
{
    int          rc;
    rt_buf_t     res;
    const char  *err;

    rc = rt_html(rw, in, strlen(in), NULL, 0, &res, &err);

    PR_CHECK(rc == PR_REWRITE_OK && res.len == strlen(want)
             && memcmp(res.data, want, res.len) == 0,
             "line %d: rc %d (%s)\n got: %.*s\nwant: %s", line, rc,
             err ? err : "-", (int) res.len, res.data, want);

    free(res.data);
}

#define CHECK_HTML(rw, in, want)  rt_check_html(__LINE__, rw, in, want)


static uint64_t  rt_rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rt_rand(void)
{
    rt_rng ^= rt_rng << 13;
    rt_rng ^= rt_rng >> 7;
    rt_rng ^= rt_rng << 17;
    return rt_rng;
}


static int
rt_cmp_size(const void *a, const void *b)
{
    size_t  x, y;

    x = *(const size_t *) a;
    y = *(const size_t *) b;

    return (x > y) - (x < y);
}


/* every single cut, every byte alone, random multi-cuts: one answer */
static void
rt_html_splits(const char *what, const pr_rewrite_t *rw, const char *text)
{
    int          rc;
    size_t       len, i, k, n, bad, cuts[64], *all;
    rt_buf_t     whole, part;
    const char  *err;

    len = strlen(text);
    rc = rt_html(rw, text, len, NULL, 0, &whole, &err);
    PR_CHECK(rc == PR_REWRITE_OK, "%s: whole: %d", what, rc);

    bad = 0;

    for (i = 0; i <= len; i++) {
        cuts[0] = i;
        rc = rt_html(rw, text, len, cuts, 1, &part, &err);

        if (rc != PR_REWRITE_OK || part.len != whole.len
            || memcmp(part.data, whole.data, whole.len) != 0)
        {
            if (bad++ == 0) {
                fprintf(stderr, "%s: cut at %zu differs:\n%.*s\n", what, i,
                        (int) part.len, part.data);
            }
        }

        free(part.data);
    }

    PR_CHECK(bad == 0, "%s: %zu of %zu single cuts differ", what, bad,
             len + 1);

    all = rt_malloc((len + 1) * sizeof(size_t));
    for (i = 0; i < len; i++) {
        all[i] = i + 1;
    }

    rc = rt_html(rw, text, len, all, len, &part, &err);
    PR_CHECK(rc == PR_REWRITE_OK && part.len == whole.len
             && memcmp(part.data, whole.data, whole.len) == 0,
             "%s: byte by byte differs", what);
    free(part.data);
    free(all);

    bad = 0;

    for (k = 0; k < 2000; k++) {
        n = 1 + rt_rand() % 64;

        for (i = 0; i < n; i++) {
            cuts[i] = rt_rand() % (len + 1);   /* repeats: empty chunks */
        }

        qsort(cuts, n, sizeof(size_t), rt_cmp_size);

        rc = rt_html(rw, text, len, cuts, n, &part, &err);

        if (rc != PR_REWRITE_OK || part.len != whole.len
            || memcmp(part.data, whole.data, whole.len) != 0)
        {
            bad++;
        }

        free(part.data);
    }

    PR_CHECK(bad == 0, "%s: %zu of 2000 random splits differ", what, bad);

    free(whole.data);
}


static void
rt_test_html(void)
{
    int           rc;
    char         *big;
    size_t        i;
    rt_buf_t      res;
    pr_str_t      out;
    const char   *err;
    pr_rewrite_t  rw;
    pr_html_rw_t *st;

    /* the page names other.example.net (RT_A5): relaxed here, so that
     * it is rewritten as far as it can be (rt_test_unsafe() refuses it) */
    rt_setup(&rw, 0, NULL);
    rt_lax(&rw);
    CHECK_HTML(&rw, rt_page,
               RT_PAGE(RT_A1, RT_A2, RT_A3, RT_A4, RT_A5, RT_A6, RT_A7));
    PR_CHECK(rt_u.calls == 1 && rt_u.unmapped == 1
             && strncmp(rt_u.last, "https://other.example.net/", 26) == 0,
             "page, relaxed: %u calls, last %s", rt_u.calls, rt_u.last);
    rt_html_splits("page", &rw, rt_page);

    /* keep without a name filters nothing */
    rt_setup(&rw, 1, NULL);
    rt_lax(&rw);
    rt_k.drop[0] = "example-pkg@*";
    CHECK_HTML(&rw, rt_page,
               RT_PAGE(RT_A1, RT_A2, RT_A3, RT_A4, RT_A5, RT_A6, RT_A7));
    PR_CHECK(rt_k.calls == 0, "no name: keep() asked %u times", rt_k.calls);

    /* 1.0.0 goes (the wheel and the relative sdist), the egg goes */
    rt_setup(&rw, 1, "example-pkg");
    rt_lax(&rw);
    rt_k.drop[0] = "example-pkg@1.0.0";
    CHECK_HTML(&rw, rt_page,
               RT_PAGE("", "", RT_A3, RT_A4, RT_A5, RT_A6, ""));
    rt_html_splits("page, 1.0.0 dropped", &rw, rt_page);

    /* the version is read from the percent-decoded file name; the
     * anchor of other.example.net goes: nothing is unsafe */
    rt_setup(&rw, 1, "example-pkg");
    rt_k.drop[0] = "example-pkg@3.0.0+local";
    rt_k.drop[1] = "example-pkg@2.*";
    CHECK_HTML(&rw, rt_page,
               RT_PAGE(RT_A1, RT_A2, "", "", "", "", ""));
    rt_html_splits("page, 2.* and +local dropped", &rw, rt_page);

    /* fragments */
    rt_setup(&rw, 0, NULL);
    CHECK_HTML(&rw, "", "");
    CHECK_HTML(&rw, "<", "<");
    CHECK_HTML(&rw, "</", "</");
    CHECK_HTML(&rw, "<!-", "<!-");
    CHECK_HTML(&rw, "a<b", "a<b");
    CHECK_HTML(&rw, "<a href=\"https://files.example.org/x",
               "<a href=\"http://127.0.0.1:8080/pypi-files/x");
    CHECK_HTML(&rw, "<a href=https://files.example.org",
               "<a href=http://127.0.0.1:8080/pypi-files");
    CHECK_HTML(&rw, "<a href=", "<a href=");
    CHECK_HTML(&rw, "<a/href=\"https://files.example.org/x\"/>",
               "<a/href=\"http://127.0.0.1:8080/pypi-files/x\"/>");
    CHECK_HTML(&rw, "<link rel=x href='https://files.example.org/'>",
               "<link rel=x href='http://127.0.0.1:8080/pypi-files/'>");
    CHECK_HTML(&rw, "<a xhref=\"https://files.example.org/\" hrefx=\"https:"
               "//files.example.org/\" data-href=https://files.example.org/>",
               "<a xhref=\"https://files.example.org/\" hrefx=\"https:"
               "//files.example.org/\" data-href=https://files.example.org/>");
    CHECK_HTML(&rw, "<a title=\"a > b\" alt='c > d' href=https://files."
               "example.org/>",
               "<a title=\"a > b\" alt='c > d' href=http://127.0.0.1:8080/"
               "pypi-files/>");
    CHECK_HTML(&rw, "<a title=\"href=https://files.example.org/\">",
               "<a title=\"href=https://files.example.org/\">");
    rt_lax(&rw);
    CHECK_HTML(&rw, "<a href=\"https://files.example.org/a\" href='https://"
               "registry.example.org/b'>",
               "<a href=\"http://127.0.0.1:8080/pypi-files/a\" href='http://"
               "127.0.0.1:8080/npm/b'>");
    CHECK_HTML(&rw, "<a b\"c=\"https://files.example.org/\"href=https://"
               "files.example.org/>",
               "<a b\"c=\"https://files.example.org/\"href=http://127.0.0.1:"
               "8080/pypi-files/>");
    CHECK_HTML(&rw, "</a href=\"https://files.example.org/\">",
               "</a href=\"https://files.example.org/\">");
    CHECK_HTML(&rw, "<!--><a href=https://files.example.org/>",
               "<!--><a href=http://127.0.0.1:8080/pypi-files/>");
    CHECK_HTML(&rw, "<!---><a href=https://files.example.org/>",
               "<!---><a href=http://127.0.0.1:8080/pypi-files/>");
    /* "-- >" closes a comment for Python's html.parser (before 3.13.4):
     * what any parser reads as markup is read */
    CHECK_HTML(&rw, "<!-- -- ><a href=https://files.example.org/> -->x",
               "<!-- -- ><a href=http://127.0.0.1:8080/pypi-files/> -->x");
    CHECK_HTML(&rw, "<!-- --!><a href=https://files.example.org/> -->x",
               "<!-- --!><a href=http://127.0.0.1:8080/pypi-files/> -->x");
    CHECK_HTML(&rw, "<!-- -!><a href=https://files.example.org/> -->x",
               "<!-- -!><a href=https://files.example.org/> -->x");
    CHECK_HTML(&rw, "<!x <a href=https://files.example.org/>",
               "<!x <a href=https://files.example.org/>");
    CHECK_HTML(&rw, "<?php ?><a href=https://files.example.org/>",
               "<?php ?><a href=http://127.0.0.1:8080/pypi-files/>");
    CHECK_HTML(&rw, "</1 <a href=https://files.example.org/>",
               "</1 <a href=https://files.example.org/>");
    CHECK_HTML(&rw, "<<a href=https://files.example.org/>",
               "<<a href=http://127.0.0.1:8080/pypi-files/>");
    CHECK_HTML(&rw, "\x01\xff<a href=\"https://files.example.org/\xc3\xa9\">",
               "\x01\xff<a href=\"http://127.0.0.1:8080/pypi-files/"
               "\xc3\xa9\">");

    /* removal: until </a> or the next <a>; what is held at the end goes */
    rt_setup(&rw, 1, "p");
    rt_k.drop[0] = "p@1.0";
    CHECK_HTML(&rw, "<a href=p-1.0.tar.gz>p-1.0<b>x</b><!-- c --></A >"
               "<br/><a href=p-2.0.tar.gz>p-2.0</a>",
               "<br/><a href=p-2.0.tar.gz>p-2.0</a>");
    CHECK_HTML(&rw, "<a href=p-1.0.tar.gz>p-1.0<a href=p-2.0.tar.gz>p-2.0"
               "</a><a href=p-1.0.zip>",
               "<a href=p-2.0.tar.gz>p-2.0</a>");
    CHECK_HTML(&rw, "<a href=p-1.0.tar.gz>p-1.0\n</body></html>", "");
    CHECK_HTML(&rw, "<a>x</a><a href>y</a><a href=/simple/p/>z</a>",
               "<a>x</a><a href>y</a>");
    CHECK_HTML(&rw, "<abbr href=p-1.0.tar.gz>x</abbr>",
               "<abbr href=p-1.0.tar.gz>x</abbr>");
    CHECK_HTML(&rw, "<a href='https://files.example.org/p/p-2.0.tar.gz?x=1"
               "#sha256=1'>",
               "<a href='http://127.0.0.1:8080/pypi-files/p/p-2.0.tar.gz?x=1"
               "#sha256=1'>");
    CHECK_HTML(&rw, "<a href='p-1.0.tar.gz/'>", "");
    CHECK_HTML(&rw, "<a href='x/p-1.0.tar.gz?p-2.0.tar.gz'>", "");
    CHECK_HTML(&rw, "<a href='x/p-1.0.tar.gz#/p-2.0.tar.gz'>", "");
    CHECK_HTML(&rw, "<a href='x/p-1.0.tar.gz%'>", "");
    CHECK_HTML(&rw, "<a href='x/p-%31.0.tar.gz '>", "");
    CHECK_HTML(&rw, "<a href='x/p-%3x.0.tar.gz'>",
               "<a href='x/p-%3x.0.tar.gz'>");
    rt_lax(&rw);
    CHECK_HTML(&rw, "<a href=\"p-2.0.tar.gz\" href=\"p-1.0.tar.gz\">", "");
    rt_setup(&rw, 1, "p");
    rt_k.drop[0] = "p@1.0";

    rt_html_splits("removals", &rw,
                   "<a href=p-1.0.tar.gz>p-1.0<b>x</b><!-- <a> --></A >"
                   "<br/><a href=p-2.0.tar.gz>p-2.0</a>\n"
                   "<a href=p-1.0.tar.gz>p-1.0<a href=p-2.0.tar.gz>p-2.0"
                   "</a><a href=p-1.0.zip>");

    /* a file name longer than PR_HTML_FILE_MAX is not read: it goes */
    big = rt_malloc(PR_HTML_TAG_MAX + 64);
    strcpy(big, "<a href=\"p-2.0.tar.gz\">x</a><a href=\"p-2.0");
    i = strlen(big);
    memset(big + i, '0', PR_HTML_FILE_MAX);
    strcpy(big + i + PR_HTML_FILE_MAX, ".tar.gz\">y</a>");
    CHECK_HTML(&rw, big, "<a href=\"p-2.0.tar.gz\">x</a>");

    /* a tag of PR_HTML_TAG_MAX passes, one more byte fails */
    rt_setup(&rw, 0, NULL);
    strcpy(big, "<a title=\"");
    i = strlen(big);
    memset(big + i, 'x', PR_HTML_TAG_MAX - i - 2);
    strcpy(big + PR_HTML_TAG_MAX - 2, "\">");
    CHECK_HTML(&rw, big, big);

    strcpy(big + PR_HTML_TAG_MAX - 2, "x\">");
    rc = rt_html(&rw, big, strlen(big), NULL, 0, &res, &err);
    PR_CHECK(rc == PR_REWRITE_INVALID && err != NULL, "tag too long: %d", rc);
    free(res.data);

    /* a long comment or text is not held */
    memcpy(big, "<!--", 4);
    memset(big + 4, 'x', PR_HTML_TAG_MAX);
    strcpy(big + PR_HTML_TAG_MAX + 4, "-->");
    CHECK_HTML(&rw, big, big);
    free(big);

    /* after a failure, every call fails */
    st = rt_malloc(sizeof(pr_html_rw_t));
    pr_html_rw_init(st, &rw);
    rt_pool.fail_at = 1;
    rc = pr_html_rw_feed(st, "text", 4, 0, &out);
    PR_CHECK(rc == PR_REWRITE_NOMEM && st->err != NULL, "html nomem: %d", rc);
    rc = pr_html_rw_feed(st, "text", 4, 1, &out);
    PR_CHECK(rc == PR_REWRITE_NOMEM && out.len == 0, "html failed: %d", rc);
    free(st);
    rt_pool_free(&rt_pool);

    /* output that grows past the first allocation */
    big = rt_malloc(200 * 60 + 1);
    big[0] = '\0';
    for (i = 0; i < 200; i++) {
        strcat(big, "<a href=\"https://files.example.org/p-1.0.tar.gz\">");
    }
    rc = rt_html(&rw, big, strlen(big), NULL, 0, &res, &err);
    PR_CHECK(rc == PR_REWRITE_OK
             && res.len == strlen(big) + 200 * (33 - 26),
             "growth: %d %zu", rc, res.len);
    free(res.data);
    free(big);
}


/*
 * Fail closed (issue 8): duplicate keys, artifact URLs that no map
 * matches, and the HTML a client reads otherwise than the rewriter.
 */

#define UN_NPM(dist)                                                          \
    "{\"name\":\"w\",\"versions\":{\"1.0.0\":{\"dist\":{" dist "}}}}"

#define UN_UP    "\"https://registry.example.org/w/-/w-1.0.0.tgz\""
#define UN_EVIL  "\"https://evil.test/w/-/w-1.0.0.tgz\""

static void
rt_check_unsafe(int line, pr_doc_t doc, const char *in, int keep,
    pr_unsafe_t what, const char *text)
{
    pr_rewrite_t  rw;

    /* strict: refused, with a reason */
    rt_setup(&rw, keep, NULL);
    rt_check_json(line, doc, in, &rw, PR_REWRITE_UNSAFE, NULL);

    /* a callback that refuses: called once, with what and where */
    rt_lax(&rw);
    rt_u.refuse = 1;
    rt_check_json(line, doc, in, &rw, PR_REWRITE_UNSAFE, NULL);
    PR_CHECK(rt_u.calls == 1 && (rt_u.unmapped ? PR_UNSAFE_UNMAPPED
                                               : PR_UNSAFE_DUPLICATE) == what
             && strcmp(rt_u.last, text) == 0,
             "line %d: %u calls, %u unmapped, last \"%s\", want \"%s\"",
             line, rt_u.calls, rt_u.unmapped, rt_u.last, text);

    /* relaxed: served as before */
    rt_lax(&rw);
    rt_check_json(line, doc, in, &rw, PR_REWRITE_OK, NULL);
    PR_CHECK(rt_u.calls >= 1, "line %d: relaxed, no call", line);
}

#define CHECK_UNSAFE(doc, in, keep, what, text)                               \
    rt_check_unsafe(__LINE__, doc, in, keep, what, text)


static void
rt_check_html_unsafe(int line, const pr_rewrite_t *rw, const char *in,
    const char *text)
{
    int          rc;
    size_t       i, bad, len, cut;
    rt_buf_t     res;
    const char  *err;

    len = strlen(in);
    bad = 0;

    /* whole, and cut anywhere: the same refusal */
    for (i = 0; i <= len + 1; i++) {
        cut = i;
        rc = rt_html(rw, in, len, &cut, i <= len ? 1 : 0, &res, &err);

        if (rc != PR_REWRITE_UNSAFE || err == NULL) {
            if (bad++ == 0) {
                fprintf(stderr, "line %d: cut at %zu: rc %d (%s)\n", line,
                        i, rc, err ? err : "-");
            }
        }

        free(res.data);
    }

    PR_CHECK(bad == 0, "line %d: %zu of %zu feeds not refused", line, bad,
             len + 2);

    if (text != NULL && rw->unsafe_data == &rt_u) {
        PR_CHECK(strcmp(rt_u.last, text) == 0, "line %d: last \"%s\"",
                 line, rt_u.last);
    }
}

#define CHECK_HTML_UNSAFE(rw, in, text)                                       \
    rt_check_html_unsafe(__LINE__, rw, in, text)


static void
rt_test_unsafe(void)
{
    int           rc;
    char         *big, *p;
    size_t        i;
    pr_rewrite_t  rw;

    /* npm: a tarball given twice; cJSON reads the first, npm the last */
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 UN_NPM("\"tarball\":" UN_UP ",\"tarball\":" UN_EVIL), 0,
                 PR_UNSAFE_DUPLICATE, "tarball");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 UN_NPM("\"tarball\":" UN_UP ",\"tarb\\u0061ll\":" UN_UP), 0,
                 PR_UNSAFE_DUPLICATE, "tarball");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 "{\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":" UN_UP
                 "},\"dist\":{\"tarball\":" UN_UP "}}}}", 0,
                 PR_UNSAFE_DUPLICATE, "dist");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 "{\"versions\":{\"1.0.0\":{},\"1.0.0\":{}}}", 0,
                 PR_UNSAFE_DUPLICATE, "1.0.0");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 "{\"versions\":{},\"name\":\"w\",\"versions\":{\"1.0.0\":{"
                 "\"dist\":{\"tarball\":" UN_EVIL "}}}}", 0,
                 PR_UNSAFE_DUPLICATE, "versions");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 "{\"name\":\"w\",\"dist-tags\":{\"latest\":\"1.0.0\","
                 "\"latest\":\"6.6.6\"},\"versions\":{}}", 0,
                 PR_UNSAFE_DUPLICATE, "latest");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 "{\"name\":\"w\",\"name\":\"x\",\"versions\":{}}", 1,
                 PR_UNSAFE_DUPLICATE, "name");
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT,
                 "{\"name\":\"w\",\"time\":{\"1.0.0\":\"a\",\"1.0.0\":\"b\"}}",
                 0, PR_UNSAFE_DUPLICATE, "1.0.0");
    CHECK_UNSAFE(PR_DOC_NPM_VERSION,
                 "{\"name\":\"w\",\"version\":\"1.0.0\",\"dist\":{"
                 "\"tarball\":" UN_UP ",\"tarball\":" UN_EVIL "}}", 0,
                 PR_UNSAFE_DUPLICATE, "tarball");
    CHECK_UNSAFE(PR_DOC_NPM_VERSION,
                 "{\"name\":\"w\",\"version\":\"1.0.0\",\"version\":\"2.0.0\","
                 "\"dist\":{}}", 1, PR_UNSAFE_DUPLICATE, "version");

    /* npm: a tarball elsewhere */
    CHECK_UNSAFE(PR_DOC_NPM_PACKUMENT, UN_NPM("\"tarball\":" UN_EVIL), 0,
                 PR_UNSAFE_UNMAPPED, "https://evil.test/w/-/w-1.0.0.tgz");
    CHECK_UNSAFE(PR_DOC_NPM_VERSION,
                 "{\"name\":\"w\",\"version\":\"1.0.0\",\"dist\":{"
                 "\"tarball\":" UN_EVIL "}}", 0,
                 PR_UNSAFE_UNMAPPED, "https://evil.test/w/-/w-1.0.0.tgz");

    /* what URL parsers drop or read as a host does not hide one */
    {
        static const char  *urls[] = {
            " https://registry.example.org/w.tgz",
            "\\u0001https://evil.test/w.tgz",
            "ht\\ttps://evil.test/w.tgz",
            "https:\\n//evil.test/w.tgz",
            "http://registry.example.org.evil.test/w.tgz",
            "HTTP://registry.example.org/w.tgz",
            "//evil.test/w.tgz",
            " //evil.test/w.tgz",
            "/\\\\evil.test/w.tgz",
            "\\\\/evil.test/w.tgz",
            "\\\\\\\\evil.test/w.tgz",
            "/\\t/evil.test/w.tgz",
            "javascript:alert(1)",
            "x:y",
            "c:/w.tgz",
            "git+ssh://evil.test/w.git",
            "https://evil.test",
            "https:evil.test/w.tgz",
        };
        char  doc[256];

        for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
            snprintf(doc, sizeof(doc), UN_NPM("\"tarball\":\"%s\""),
                     urls[i]);
            rt_setup(&rw, 0, NULL);
            CHECK_JSON(PR_DOC_NPM_PACKUMENT, doc, &rw, PR_REWRITE_UNSAFE,
                       NULL);
        }
    }

    /* relative URLs come back to the mirror by themselves: they stay */
    {
        static const char  *urls[] = {
            "", "w-1.0.0.tgz", "/w/-/w-1.0.0.tgz", "../../w/-/w-1.0.0.tgz",
            "./x:y", "/x:y", "?a=b://c", "#x://y", "\\\\w/-/w.tgz",
            "w/-/w-1.0.0.tgz?a=https://evil.test/",
        };
        char  doc[256], want[256];

        for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
            snprintf(doc, sizeof(doc), UN_NPM("\"tarball\":\"%s\""),
                     urls[i]);
            snprintf(want, sizeof(want), "%s", doc);
            rt_setup(&rw, 0, NULL);
            CHECK_JSON(PR_DOC_NPM_PACKUMENT, doc, &rw, PR_REWRITE_OK, want);
        }
    }

    /* a tarball that is no string is not read: refused */
    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, UN_NPM("\"tarball\":null"), &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               UN_NPM("\"tarball\":\"https://evil.test/\\u0000\""), &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT, UN_NPM("\"tarball\":[" UN_EVIL "]"),
               &rw, PR_REWRITE_INVALID, NULL);

    /* what is not read is not refused: keys given twice elsewhere, and
     * the tarball of a version that is dropped */
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"w\",\"readme\":\"a\",\"versions\":{\"1.0.0\":{"
               "\"dependencies\":{\"a\":\"1\",\"a\":\"2\"},\"dist\":{"
               "\"tarball\":" UN_UP ",\"x\":{\"y\":1,\"y\":2}}}},"
               "\"repository\":{\"url\":\"https://evil.test/\","
               "\"url\":\"x\"}}", &rw, PR_REWRITE_OK,
               "{\"name\":\"w\",\"readme\":\"a\",\"versions\":{\"1.0.0\":{"
               "\"dependencies\":{\"a\":\"1\",\"a\":\"2\"},\"dist\":{"
               "\"tarball\":\"http://127.0.0.1:8080/npm/w/-/w-1.0.0.tgz\","
               "\"x\":{\"y\":1,\"y\":2}}}},"
               "\"repository\":{\"url\":\"https://evil.test/\","
               "\"url\":\"x\"}}");
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "w@6.6.6";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"w\",\"versions\":{\"6.6.6\":{\"dist\":{"
               "\"tarball\":" UN_EVIL ",\"tarball\":" UN_EVIL "}}}}", &rw,
               PR_REWRITE_OK, "{\"name\":\"w\",\"versions\":{}}");

    /* relaxed: the first of two is read and rewritten, the other stays */
    rt_setup(&rw, 0, NULL);
    rt_lax(&rw);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               UN_NPM("\"tarball\":" UN_UP ",\"tarball\":" UN_EVIL), &rw,
               PR_REWRITE_OK,
               UN_NPM("\"tarball\":\"http://127.0.0.1:8080/npm/w/-/"
                      "w-1.0.0.tgz\",\"tarball\":" UN_EVIL));
    PR_CHECK(rt_u.calls == 1 && rt_u.duplicate == 1,
             "relaxed duplicate: %u calls", rt_u.calls);

    /* many keys (sorted, not compared pair by pair) */
    big = rt_malloc(64 * 1024);

    for (rc = 0; rc < 2; rc++) {
        p = rt_cat(big, "{\"name\":\"w\",\"versions\":{");
        for (i = 0; i < 1000; i++) {
            p += sprintf(p, "%s\"1.0.%zu\":{}", i ? "," : "", i);
        }
        if (rc) {
            p = rt_cat(p, ",\"1.0.500\":{}");
        }
        p = rt_cat(p, "}}");
        *p = '\0';

        rt_setup(&rw, 0, NULL);
        CHECK_JSON(PR_DOC_NPM_PACKUMENT, big, &rw,
                   rc ? PR_REWRITE_UNSAFE : PR_REWRITE_OK, NULL);
    }

    free(big);

    /* PyPI JSON API */
    CHECK_UNSAFE(PR_DOC_PYPI_JSON,
                 "{\"urls\":[{\"url\":\"https://files.example.org/a.whl\","
                 "\"url\":\"https://evil.test/a.whl\"}]}", 0,
                 PR_UNSAFE_DUPLICATE, "url");
    CHECK_UNSAFE(PR_DOC_PYPI_JSON,
                 "{\"urls\":[],\"urls\":[{\"url\":\"https://evil.test/"
                 "a.whl\"}]}", 0, PR_UNSAFE_DUPLICATE, "urls");
    CHECK_UNSAFE(PR_DOC_PYPI_JSON,
                 "{\"releases\":{\"1.0\":[],\"1.0\":[{\"url\":"
                 "\"https://files.example.org/a.whl\"}]}}", 0,
                 PR_UNSAFE_DUPLICATE, "1.0");
    CHECK_UNSAFE(PR_DOC_PYPI_JSON,
                 "{\"info\":{\"name\":\"a\",\"version\":\"1.0\","
                 "\"version\":\"6.6.6\"},\"urls\":[]}", 1,
                 PR_UNSAFE_DUPLICATE, "version");
    CHECK_UNSAFE(PR_DOC_PYPI_JSON,
                 "{\"urls\":[{\"url\":\"https://evil.test/a.whl\"}]}", 0,
                 PR_UNSAFE_UNMAPPED, "https://evil.test/a.whl");
    CHECK_UNSAFE(PR_DOC_PYPI_VERSION_JSON,
                 "{\"releases\":{\"1.0\":[{\"url\":\"https://evil.test/"
                 "a.whl\"}]}}", 0,
                 PR_UNSAFE_UNMAPPED, "https://evil.test/a.whl");

    /* PEP 691 */
    CHECK_UNSAFE(PR_DOC_PYPI_SIMPLE_JSON,
                 "{\"files\":[{\"url\":\"../a.whl\",\"url\":\"https://"
                 "evil.test/a.whl\"}]}", 0, PR_UNSAFE_DUPLICATE, "url");
    CHECK_UNSAFE(PR_DOC_PYPI_SIMPLE_JSON,
                 "{\"name\":\"a\",\"files\":[{\"filename\":\"a-1.0.tar.gz\","
                 "\"filename\":\"a-6.6.6.tar.gz\",\"url\":\"a-6.6.6.tar.gz\""
                 "}]}", 1, PR_UNSAFE_DUPLICATE, "filename");
    CHECK_UNSAFE(PR_DOC_PYPI_SIMPLE_JSON,
                 "{\"files\":[],\"files\":[]}", 0, PR_UNSAFE_DUPLICATE,
                 "files");
    CHECK_UNSAFE(PR_DOC_PYPI_SIMPLE_JSON,
                 "{\"files\":[{\"url\":\"//evil.test/a.whl\"}]}", 0,
                 PR_UNSAFE_UNMAPPED, "//evil.test/a.whl");

    /* cargo */
    CHECK_UNSAFE(PR_DOC_CARGO_CONFIG,
                 "{\"dl\":\"https://crates.example.org/\",\"dl\":"
                 "\"https://evil.test/\"}", 0, PR_UNSAFE_DUPLICATE, "dl");
    CHECK_UNSAFE(PR_DOC_CARGO_CONFIG,
                 "{\"dl\":\"https://crates.example.org/\",\"api\":"
                 "\"https://evil.test\"}", 0, PR_UNSAFE_UNMAPPED,
                 "https://evil.test");

    /* HTML: an href elsewhere, on any tag */
    rt_setup(&rw, 0, NULL);
    CHECK_HTML_UNSAFE(&rw, rt_page, NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=\"https://evil.test/a-1.0.tar.gz\">a</a>",
                      NULL);
    CHECK_HTML_UNSAFE(&rw, "<base href=\"https://evil.test/\">"
                      "<a href=\"a-1.0.tar.gz\">a</a>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=//evil.test/a-1.0.tar.gz>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href='/\\evil.test/a-1.0.tar.gz'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=' \t//evil.test/a-1.0.tar.gz'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href='h\ntt\tps://evil.test/a.tar.gz'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href='https&colon;//evil.test/a.tar.gz'>",
                      NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href='&#47;&#47;evil.test/a.tar.gz'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href='/&sol;evil.test/a.tar.gz'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<link href=\"https://evil.test/x.css\">", NULL);

    /* comments close where any parser closes them */
    CHECK_HTML_UNSAFE(&rw, "<!-- --!><a href=https://evil.test/a.tar.gz> -->",
                      NULL);
    CHECK_HTML_UNSAFE(&rw, "<!-- -- ><a href=https://evil.test/a.tar.gz> -->",
                      NULL);
    CHECK_HTML_UNSAFE(&rw, "<!--><a href=https://evil.test/a.tar.gz>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<!---><a href=https://evil.test/a.tar.gz>",
                      NULL);

    /* attributes a client reads, given twice */
    CHECK_HTML_UNSAFE(&rw, "<a href=\"a-1.0.tar.gz\" href=\"a-2.0.tar.gz\">",
                      NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=\"https://files.example.org/a.tar.gz\" "
                      "HREF=\"https://files.example.org/b.tar.gz\">", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=a.tar.gz data-yanked='' "
                      "Data-Yanked='no'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=a.tar.gz data-requires-python='>=3' "
                      "data-requires-python='>=2'>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=a.whl data-core-metadata=sha256=1 "
                      "data-core-metadata=sha256=2>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<a href=a.whl data-dist-info-metadata=sha256=1 "
                      "data-dist-info-metadata=sha256=2>", NULL);
    CHECK_HTML_UNSAFE(&rw, "<base href=a/ href=b/>", NULL);

    /* relaxed: called with the URL or the name */
    rt_lax(&rw);
    rt_u.refuse = 1;
    CHECK_HTML_UNSAFE(&rw, "<a href=\" https://evil.test/a.tar.gz\">",
                      "https://evil.test/a.tar.gz");
    CHECK_HTML_UNSAFE(&rw, "<a href=a.tar.gz HRef=b.tar.gz>", "HRef");
    rt_lax(&rw);
    CHECK_HTML(&rw, "<a href=a.tar.gz HRef=https://evil.test/b.tar.gz>",
               "<a href=a.tar.gz HRef=https://evil.test/b.tar.gz>");
    PR_CHECK(rt_u.calls == 2 && rt_u.duplicate == 1 && rt_u.unmapped == 1,
             "html relaxed: %u calls", rt_u.calls);

    /* what no client reads as a URL stays, and relative URLs stay */
    rt_setup(&rw, 0, NULL);
    CHECK_HTML(&rw, "<!-- <a href=\"https://evil.test/a\"> -->"
               "<!x <a href=https://evil.test/a>"
               "<?x <a href=https://evil.test/a>"
               "</a href=\"https://evil.test/a\">"
               "<a title=\"https://evil.test/a\" data-x=1 data-x=2 "
               "data-dist-info-metadata=\"https://evil.test/\">"
               "<a href=\"../../packages/a.tar.gz#sha256=1&amp;x\">"
               "<a href=\"a.tar.gz?x=1&amp;y=https://evil.test/\">"
               "<a href=\"\"><a href><a href=/simple/a/>",
               "<!-- <a href=\"https://evil.test/a\"> -->"
               "<!x <a href=https://evil.test/a>"
               "<?x <a href=https://evil.test/a>"
               "</a href=\"https://evil.test/a\">"
               "<a title=\"https://evil.test/a\" data-x=1 data-x=2 "
               "data-dist-info-metadata=\"https://evil.test/\">"
               "<a href=\"../../packages/a.tar.gz#sha256=1&amp;x\">"
               "<a href=\"a.tar.gz?x=1&amp;y=https://evil.test/\">"
               "<a href=\"\"><a href><a href=/simple/a/>");

    /* an anchor that is removed is not read */
    rt_setup(&rw, 1, "a");
    rt_k.drop[0] = "a@6.6.6";
    CHECK_HTML(&rw, "<a href=https://evil.test/a-6.6.6.tar.gz>x</a>"
               "<a href=a-1.0.tar.gz>y</a>", "<a href=a-1.0.tar.gz>y</a>");
}


/*
 * The single-pass rewriter (issue 9): the order of members does not
 * matter, JSON is read as RFC 8259 says, and what is not read is not
 * checked wherever it comes.
 */
static void
rt_test_stream(void)
{
    int           rc, same;
    char         *res;
    const char   *err;
    pr_rewrite_t  rw;

    /* dist-tags after versions: latest still moves, tags stay in place */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "p@2.0.0";
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"versions\":{\"1.0.0\":{},\"2.0.0\":{}},\"dist-tags\":{"
               "\"latest\":\"2.0.0\",\"old\":\"1.0.0\"},\"name\":\"p\"}",
               &rw, PR_REWRITE_OK,
               "{\"versions\":{\"1.0.0\":{}},\"dist-tags\":{"
               "\"latest\":\"1.0.0\",\"old\":\"1.0.0\"},\"name\":\"p\"}");

    /* dist-tags first, with escapes, written into their place */
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"p\",\"dist-tags\":{\"l\\u0061test\":\"2.0.0\","
               "\"x\":1},\"a\":\"\\/\",\"versions\":{\"2.0.0\":{},"
               "\"1.5.0\":{}}}",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"p\",\"dist-tags\":{\"latest\":\"1.5.0\",\"x\":1},"
               "\"a\":\"\\/\",\"versions\":{\"1.5.0\":{}}}");

    /* the version of a one-version document after its dist: gone, and
     * its tarball is not read (nothing unsafe) */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "w@1.0.0";
    CHECK_JSON(PR_DOC_NPM_VERSION,
               "{\"dist\":{\"tarball\":\"https://evil.test/w.tgz\"},"
               "\"name\":\"w\",\"version\":\"1.0.0\"}",
               &rw, PR_REWRITE_GONE, NULL);

    /* PEP 691: a file's filename after its url; a file not kept is not
     * read, its keys are */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "a@6.6.6";
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON,
               "{\"files\":[{\"url\":\"https://evil.test/a-6.6.6.tar.gz\","
               "\"filename\":\"a-6.6.6.tar.gz\"},{\"url\":\"https://files."
               "example.org/a-1.0.tar.gz\",\"filename\":\"a-1.0.tar.gz\"}],"
               "\"name\":\"a\"}",
               &rw, PR_REWRITE_OK,
               "{\"files\":[{\"url\":\"http://127.0.0.1:8080/pypi-files/"
               "a-1.0.tar.gz\",\"filename\":\"a-1.0.tar.gz\"}],"
               "\"name\":\"a\"}");
    CHECK_JSON(PR_DOC_PYPI_SIMPLE_JSON,
               "{\"name\":\"a\",\"files\":[{\"filename\":\"a-6.6.6.tar.gz\","
               "\"url\":\"x\",\"url\":\"https://evil.test/\"}]}",
               &rw, PR_REWRITE_UNSAFE, NULL);

    /* PyPI: info after urls: urls emptied all the same */
    rt_setup(&rw, 1, NULL);
    rt_k.drop[0] = "a@2.0";
    CHECK_JSON(PR_DOC_PYPI_JSON,
               "{\"urls\":[{\"url\":\"https://evil.test/a-2.0.tar.gz\"}],"
               "\"info\":{\"version\":\"2.0\",\"name\":\"a\"}}",
               &rw, PR_REWRITE_OK,
               "{\"urls\":[],\"info\":{\"version\":\"2.0\",\"name\":\"a\"}}");

    /* from fuzz/ (the comparison with the cJSON rewriter): what keep()
     * needs is not JSON, the document is refused before its URLs are
     * read; an empty key given twice */
    rt_setup(&rw, 1, NULL);
    CHECK_JSON(PR_DOC_PYPI_JSON,
               "{\"urls\":[{\"url\":\"https://evil.test/a-2.0.tar.gz\"}],"
               "\"info\":{\"version\":\"\001\0010\",\"name\":\"a\"}}",
               &rw, PR_REWRITE_INVALID, NULL);
    CHECK_UNSAFE(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"\":1,\"\":2}", 0,
                 PR_UNSAFE_DUPLICATE, "");

    /* RFC 8259, where cJSON was lax: refused */
    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"n\":01}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"n\":1.}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"n\":-.5}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"s\":\"a\tb\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\f\"s\":1}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"s\":\"\\x\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"s\":\"\\u12\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"s\":\"\\udc00\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"s\":\"\\ud800\\u0041\"}",
               &rw, PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"s\":tru}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\" \"a\":1}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\" \"x\"}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"a\":[1 2]}", &rw,
               PR_REWRITE_INVALID, NULL);
    CHECK_JSON(PR_DOC_CARGO_CONFIG, "{\"dl\":\"x\",\"a\":{1:2}}", &rw,
               PR_REWRITE_INVALID, NULL);

    /* a key of an object read: escapes written as cJSON wrote them; a
     * value not read: as it is, white space and escapes */
    CHECK_JSON(PR_DOC_CARGO_CONFIG,
               "{ \"dl\" : \"https://crates.example.org/\" , \"\\u0022\\b\":"
               " [ \"\\f\\n\\r\\u0001\\u007f\\\"\\\\\" , -1.5E+3 ] }",
               &rw, PR_REWRITE_OK,
               "{\"dl\":\"http://127.0.0.1:8080/cargo/\",\"\\\"\\b\":"
               "[ \"\\f\\n\\r\\u0001\\u007f\\\"\\\\\" , -1.5E+3 ]}");

    /* an unchanged document is the input itself, whitespace and all */
    rc = rt_json(PR_DOC_CARGO_CONFIG, "{ \"dl\" : \"x\" }", 14, &rw, &res,
                 &err, &same);
    PR_CHECK(rc == PR_REWRITE_OK && same, "unchanged: %d %d", rc, same);
    free(res);
    rt_pool_free(&rt_pool);
}



/*
 * Keys given twice among many (issue 9): a key the rewriter looks up is
 * found as it comes (the second is not read); any other by its hash, in
 * one set up to 16,384 keys, past that in buckets each a set at the
 * object's end, and compared decoded: escapes and a cut at NUL as before;
 * a key given three times is reported twice. The keys given twice come
 * last, or first (both before the set turns to buckets).
 */
static void
rt_test_many_keys(void)
{
    int            rc;
    char          *doc, *p, *res;
    size_t         i, k, n, t;
    const char    *err;
    pr_rewrite_t   rw;
    static const char  *extra[] = {
        "\"0.0.7\":{},",                    /* given twice */
        "\"0.0.\\u0037\":{},",              /* the same, escaped */
        "\"0.0.7\":{},\"0.0.7\":{},",       /* three times: two calls */
        "\"a\\u0000x\":{},\"a\\u0000y\":{},", /* equal cut at NUL */
        "",                                 /* none */
        NULL
    };
    static const unsigned  calls[] = { 1, 1, 2, 1, 0 };
    /* one set; buckets from the 16,384th key, from the first's end */
    static const size_t    sizes[] = { 8, 2000, 16383, 16384, 70000 };

    for (t = 0; t < 10; t++) {
        n = sizes[t / 2];

        for (i = 0; extra[i]; i++) {
            doc = rt_malloc(n * 20 + 512);
            p = rt_cat(doc, "{\"name\":\"w\",\"versions\":{");

            if (i < 3) {
                p = rt_cat(p, "\"0.0.7\":{},");
            }

            if (t % 2) {
                p = rt_cat(p, extra[i]);
            }

            for (k = 0; k < n; k++) {
                p += sprintf(p, "\"0.0.%zu\":{},", k + 100);
            }

            if (t % 2 == 0) {
                p = rt_cat(p, extra[i]);
            }

            p = rt_cat(p, "\"1.0.0\":{\"dist\":{\"tarball\":" UN_UP "}}}}");

            rt_setup(&rw, 0, NULL);
            rc = rt_json(PR_DOC_NPM_PACKUMENT, doc, p - doc, &rw, &res, &err,
                         NULL);
            PR_CHECK(rc == (calls[i] ? PR_REWRITE_UNSAFE : PR_REWRITE_OK),
                     "%zu keys, extra %zu %s: strict rc %d", n, i,
                     t % 2 ? "first" : "last", rc);
            free(res);

            rt_lax(&rw);
            rc = rt_json(PR_DOC_NPM_PACKUMENT, doc, p - doc, &rw, &res, &err,
                         NULL);
            PR_CHECK(rc == PR_REWRITE_OK && rt_u.duplicate == calls[i]
                     && rt_u.calls == calls[i]
                     && (calls[i] == 0
                         || strcmp(rt_u.last, i == 3 ? "a" : "0.0.7") == 0)
                     && res != NULL
                     && strstr(res, "http://127.0.0.1:8080/npm/w/-/w-1.0.0.tgz")
                        != NULL,
                     "%zu keys, extra %zu %s: relaxed rc %d, %u calls, "
                     "last \"%s\"", n, i, t % 2 ? "first" : "last", rc,
                     rt_u.calls, rt_u.last);
            free(res);
            rt_pool_free(&rt_pool);
            free(doc);
        }
    }

    /* a name looked up, given twice among many: the second is not read */
    doc = rt_malloc(2000 * 16 + 512);
    p = rt_cat(doc, "{\"name\":\"w\",\"versions\":{\"1.0.0\":{");

    for (i = 0; i < 100; i++) {
        p += sprintf(p, "\"k%zu\":%zu,", i, i);
    }

    p = rt_cat(p, "\"dist\":{\"tarball\":" UN_UP "},\"dist\":{\"tarball\":"
                  UN_EVIL "}}}}");

    rt_setup(&rw, 0, NULL);
    rt_lax(&rw);
    rc = rt_json(PR_DOC_NPM_PACKUMENT, doc, p - doc, &rw, &res, &err, NULL);
    PR_CHECK(rc == PR_REWRITE_OK && rt_u.duplicate == 1 && rt_u.unmapped == 0
             && strcmp(rt_u.last, "dist") == 0,
             "a looked-up key twice among 100: rc %d, %u duplicate, %u "
             "unmapped, last \"%s\"", rc, rt_u.duplicate, rt_u.unmapped,
             rt_u.last);
    free(res);
    rt_pool_free(&rt_pool);
    free(doc);
}


/*
 * The key hash (issue 9): a key is hashed a word at a time, decoded, so
 * that a key and its escaped twin are equal whatever their length (0 to
 * 24 bytes: none, one, two and three words and a tail) and wherever the
 * escape is; a key one byte off in any place is not. A key without an
 * escape is written as it came, any other escaped again as cJSON did.
 */
static void
rt_test_key_hash(void)
{
    int            rc;
    char           doc[512], want[256], *p, *res;
    size_t         len, e, k;
    const char    *err;
    pr_rewrite_t   rw;

    static const char  abc[] = "abcdefghijklmnopqrstuvwx";

    for (len = 0; len <= 24; len++) {
        for (e = 0; e <= 2 * len; e++) {
            /* e <= len: the twin has the escape at e - 1 (0: none);
             * else: the twin is one byte off at e - len - 1 */
            p = doc + sprintf(doc, "{\"name\":\"w\",\"versions\":{"
                              "\"%.*s\":{},\"", (int) len, abc);

            for (k = 0; k < len; k++) {
                if (e <= len && k + 1 == e) {
                    p += sprintf(p, "\\u%04x", abc[k]);

                } else if (e > len && k + 1 == e - len) {
                    *p++ = 'A' + (char) k;

                } else {
                    *p++ = abc[k];
                }
            }

            p += sprintf(p, "\":{},\"1.0.0\":{\"dist\":{\"tarball\":" UN_UP
                         "}}}}");

            rt_setup(&rw, 0, NULL);
            rt_lax(&rw);
            rc = rt_json(PR_DOC_NPM_PACKUMENT, doc, p - doc, &rw, &res, &err,
                         NULL);

            if (e <= len) {
                snprintf(want, sizeof(want), "\"%.*s\":{},\"%.*s\":{},",
                         (int) len, abc, (int) len, abc);
            } else {
                want[0] = '\0';
            }

            PR_CHECK(rc == PR_REWRITE_OK
                     && rt_u.duplicate == (e <= len)
                     && (e > len || (strncmp(rt_u.last, abc, len) == 0
                                     && rt_u.last[len] == '\0'))
                     && res != NULL && strstr(res, want) != NULL,
                     "key of %zu bytes, twin %zu: rc %d, %u duplicate, "
                     "last \"%s\"", len, e, rc, rt_u.duplicate, rt_u.last);
            free(res);
            rt_pool_free(&rt_pool);
        }
    }

    /* written as they came, or escaped again */
    rt_setup(&rw, 0, NULL);
    CHECK_JSON(PR_DOC_NPM_PACKUMENT,
               "{\"name\":\"w\",\"versions\":{\"a\\/b\":{},\"\xc3\xa9\":{},"
               "\"q\\\"\":{},\"\\u00e9\\n\":{},\"\":{},"
               "\"1.0.0\":{\"dist\":{\"tarball\":" UN_UP "}}}}",
               &rw, PR_REWRITE_OK,
               "{\"name\":\"w\",\"versions\":{\"a/b\":{},\"\xc3\xa9\":{},"
               "\"q\\\"\":{},\"\xc3\xa9\\n\":{},\"\":{},"
               "\"1.0.0\":{\"dist\":{\"tarball\":"
               "\"http://127.0.0.1:8080/npm/w/-/w-1.0.0.tgz\"}}}}");
}


/*
 * Keys that meet (issue 9): in the build above a key's hash meets those
 * of ~1/1,000,000 of the others, and the keys that share one are
 * compared decoded: in a row (4), in the set (to 64) and in buckets
 * (past it, up to 20,000 keys; each bucket in chunks of 12). No key distinct from the others is
 * reported; a key given again is, escaped or not, near or far (first and
 * last), cut at a NUL; three times, twice.
 */
static void
rt_test_keys_meet(void)
{
    int            rc;
    char          *doc, *p;
    size_t         i, k, n, t;
    pr_str_t       out;
    const char    *err;
    pr_rewrite_t   rw;
    static const char  *extra[] = {
        "",                                 /* none */
        "\"k1\":{},",                       /* given again */
        "\"\\u006b1\":{},",                 /* the same, escaped */
        "\"k\\u0031\":{},\"k1\":{},",       /* three times: two calls */
        "\"a\\u0000x\":{},\"a\\u0000y\":{},", /* equal cut at NUL */
        "\"k1\\\"\":{},\"k1\\n\":{},\"k\":{},", /* near k1, not it */
        NULL
    };
    static const unsigned  calls[] = { 0, 1, 1, 2, 1, 0 };
    static const size_t    sizes[] = { 3, 40, 63, 64, 1000, 20000 };

    for (t = 0; t < 2 * sizeof(sizes) / sizeof(sizes[0]); t++) {
        n = sizes[t / 2];

        for (i = 0; extra[i]; i++) {
            doc = rt_malloc(n * 16 + 512);
            p = rt_cat(doc, "{\"name\":\"w\",\"versions\":{");

            if (t % 2) {
                p = rt_cat(p, extra[i]);
            }

            for (k = 0; k < n; k++) {
                p += sprintf(p, "\"k%zu\":{},", k);
            }

            if (t % 2 == 0) {
                p = rt_cat(p, extra[i]);
            }

            p = rt_cat(p, "\"1.0.0\":{\"dist\":{\"tarball\":" UN_UP "}}}}");

            rt_setup(&rw, 0, NULL);
            rt_lax(&rw);
            err = NULL;
            out.data = NULL;
            rc = rt_rewrite_json_meet(PR_DOC_NPM_PACKUMENT, doc, p - doc,
                                      &rw, &out, &err);
            PR_CHECK(rc == PR_REWRITE_OK && rt_u.duplicate == calls[i]
                     && rt_u.calls == calls[i]
                     && (calls[i] == 0
                         || strcmp(rt_u.last, i == 4 ? "a" : "k1") == 0),
                     "keys meeting, %zu keys, extra %zu %s: rc %d (%s), "
                     "%u calls, last \"%s\"", n, i, t % 2 ? "first" : "last",
                     rc, err ? err : "", rt_u.calls, rt_u.last);
            rt_pool_free(&rt_pool);
            free(doc);
        }
    }
}


/*
 * A key is found a word at a time (pr_jx_key_end): a '"', '\\' or a
 * control at every place of keys of 0 to 20 bytes, the key ending at the
 * input's end or not; bytes of 0x80 and more are kept. A control in a key
 * is refused, a '\\' decoded, a '"' ends it.
 */
static void
rt_test_key_scan(void)
{
    int            rc;
    char           doc[128], *p, *in;
    size_t         len, at, c, tail;
    pr_str_t       out;
    const char    *err;
    pr_rewrite_t   rw;
    static const char  stop[] = { '\x01', '\x1f', '\n', '\\', '\xc3' };

    for (tail = 0; tail <= 1; tail++) {
        for (len = 0; len <= 20; len++) {
            for (at = 0; at <= len; at++) {
                for (c = 0; c < sizeof(stop); c++) {
                    if (at == len && c != 3) {
                        continue;
                    }

                    p = doc + sprintf(doc, "{\"versions\":{\"");
                    memset(p, 'a', len);
                    p[at] = stop[c];

                    if (c == 3) {
                        /* an escape: \\ then the rest */
                        memmove(p + at + 1, p + at, len - at);
                        p[at + 1] = '\\';
                        p += (at < len) ? len + 1 : len + 2;

                    } else {
                        p += len;
                    }

                    p += sprintf(p, "\":{}%s", tail ? "}}" : "}} ");

                    in = rt_malloc(p - doc);
                    memcpy(in, doc, p - doc);
                    rt_setup(&rw, 0, NULL);
                    err = NULL;
                    rc = pr_rewrite_json(PR_DOC_NPM_PACKUMENT, in, p - doc,
                                         &rw, &out, &err);
                    PR_CHECK(rc == (c < 3 ? PR_REWRITE_INVALID
                                          : PR_REWRITE_OK),
                             "key of %zu bytes, byte %02x at %zu, %s: rc %d",
                             len, (unsigned char) stop[c], at,
                             tail ? "at the end" : "then a space", rc);
                    rt_pool_free(&rt_pool);
                    free(in);
                }
            }
        }
    }
}


/*
 * Scratch of 1 MB or more (the key set of a large object read, a long
 * string decoded) comes from rw->alloc when rw->free is set, and is
 * given back through rw->free before the return: only the output is
 * left (nginx unmaps such blocks, so the worker's RSS is back after).
 */

static unsigned  rt_live, rt_big;


static int
rt_has(const char *p, size_t len, const char *s)
{
    size_t  i, n;

    n = strlen(s);

    for (i = 0; i + n <= len; i++) {
        if (memcmp(p + i, s, n) == 0) {
            return 1;
        }
    }

    return 0;
}

static void *
rt_track_alloc(void *ctx, size_t size)
{
    (void) ctx;

    rt_live++;

    if (size >= 1024 * 1024) {
        rt_big++;
    }

    return rt_malloc(size);
}


static void
rt_track_free(void *ctx, void *p)
{
    (void) ctx;

    rt_live--;
    free(p);
}


static void
rt_test_big_scratch(void)
{
    int            rc, dup;
    char          *big, *p;
    size_t         i, n;
    pr_str_t       out;
    const char    *err;
    pr_rewrite_t   rw;

    n = 3 * 1024 * 1024;

    for (dup = 0; dup <= 1; dup++) {
        rt_setup(&rw, 0, NULL);
        rw.alloc = rt_track_alloc;
        rw.free = rt_track_free;
        rw.ctx = NULL;
        rt_live = 0;
        rt_big = 0;

        big = rt_malloc(n + 80000 * 12 + 256);
        p = rt_cat(big, "{\"versions\":{");

        for (i = 0; i < 80000; i++) {
            p += sprintf(p, "\"%zu\":{},", i);
        }

        if (dup) {
            p = rt_cat(p, "\"17\":{},");
        }

        p = rt_cat(p, "\"1.0.0\":{\"dist\":{\"tarball\":"
                      "\"https://registry.example.org/x.tgz\"},\"");

        /* a key of an object read is decoded (a value not read is not) */
        for (i = 0; i < n / 2; i++) {
            p = rt_cat(p, "\\n");
        }

        p = rt_cat(p, "\":0}}}");

        err = NULL;
        out.data = NULL;
        rc = pr_rewrite_json(PR_DOC_NPM_PACKUMENT, big, p - big, &rw, &out,
                             &err);

        if (dup) {
            PR_CHECK(rc == PR_REWRITE_UNSAFE && rt_live == 0,
                     "big scratch, a key given twice among 80,000: rc %d, "
                     "%u blocks left", rc, rt_live);

        } else {
            PR_CHECK(rc == PR_REWRITE_OK && rt_live == 1 && rt_big >= 3
                     && out.len == (size_t) (p - big) + 26 - 29
                     && rt_has(out.data, out.len,
                               "\"http://127.0.0.1:8080/npm/x.tgz\""),
                     "big scratch from rw->alloc, freed: rc %d, %u blocks "
                     "left, %u of 1 MB or more", rc, rt_live, rt_big);

            if (rc == PR_REWRITE_OK) {
                rt_track_free(NULL, (void *) out.data);
            }
        }

        free(big);
    }
}

/*
 * rw->flush: the output in pieces of flush_size at most, or one write
 * longer than that as it comes (a long string); a flush() that fails
 * fails the document, and flush() is not called again.
 */
static void
rt_test_flush(void)
{
    int            rc;
    char          *big, *p;
    size_t         i, n;
    pr_str_t       out;
    rt_sink_t      k;
    const char    *err;
    pr_rewrite_t   rw;

    n = 300000;
    big = rt_malloc(n * 60 + 256);
    p = rt_cat(big, "{\"name\":\"x\",\"versions\":{");

    for (i = 0; i < n / 100; i++) {
        p += sprintf(p, "%s\"1.0.%zu\":{\"dist\":{\"tarball\":"
                     "\"https://registry.example.org/x/-/x-1.0.%zu.tgz\"}}",
                     i ? "," : "", i, i);
    }

    p = rt_cat(p, "},\"readme\":\"");
    memset(p, 'r', n);
    p += n;
    p = rt_cat(p, "\"}");

    rt_setup(&rw, 0, NULL);

    memset(&k, 0, sizeof(rt_sink_t));
    rw.flush = rt_sink;
    rw.flush_data = &k;
    rw.flush_size = 1000;

    err = NULL;
    rc = pr_rewrite_json(PR_DOC_NPM_PACKUMENT, big, p - big, &rw, &out, &err);

    PR_CHECK(rc == PR_REWRITE_OK && out.data == NULL && out.len == k.len
             && k.len == (size_t) (p - big) - (n / 100) * 3
             && k.most == n + 2
             && rt_has(k.data, k.len,
                       "\"http://127.0.0.1:8080/npm/x/-/x-1.0.2999.tgz\"")
             && memcmp(k.data + k.len - 3, "r\"}", 3) == 0,
             "flushed: rc %d (%s), %zu bytes of %zu, longest piece %zu",
             rc, err ? err : "-", k.len, (size_t) (p - big), k.most);

    for (i = 1; i <= 3; i++) {
        free(k.data);
        memset(&k, 0, sizeof(rt_sink_t));
        k.fail_at = i;

        err = NULL;
        rc = pr_rewrite_json(PR_DOC_NPM_PACKUMENT, big, p - big, &rw, &out,
                             &err);

        PR_CHECK(rc == PR_REWRITE_NOMEM && k.calls == i && err != NULL
                 && strcmp(err, "the output cannot be written") == 0,
                 "flush() failing at its call %zu: rc %d (%s), %u calls", i,
                 rc, err ? err : "-", k.calls);
    }

    free(k.data);
    free(big);
    rt_pool_free(&rt_pool);
}


/*
 * Times: keep() is told when each version was published. rt_tk drops
 * what was published after cut, and what has no time when unknown is
 * set; it remembers the times it was told, per version.
 */

typedef struct {
    int64_t      cut;
    int          unknown;
    unsigned     n;
    char         v[16][32];
    int64_t      t[16];
    int          mixed[16];     /* told two times for one version */
} rt_tkeep_t;

static rt_tkeep_t  rt_tk;


static int
rt_tkeep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    unsigned     i;
    rt_tkeep_t  *k;

    (void) name;

    k = data;

    for (i = 0; i < k->n; i++) {
        if (strlen(k->v[i]) == version->len
            && memcmp(k->v[i], version->data, version->len) == 0)
        {
            break;
        }
    }

    if (i == k->n && i < 16 && version->len < 32) {
        memcpy(k->v[i], version->data, version->len);
        k->v[i][version->len] = '\0';
        k->t[i] = published;
        k->n++;

    } else if (i < k->n && k->t[i] != published) {
        k->mixed[i] = 1;
    }

    if (published == PR_TIME_UNKNOWN) {
        return !k->unknown;
    }

    return published <= k->cut;
}


/* each "version=time" of want (time: seconds or '?') as keep() was told */
static void
rt_check_told(int line, const char *want)
{
    char         v[32];
    unsigned     i;
    long long    t;
    const char  *p, *eq, *sp;

    for (p = want; *p; p = *sp ? sp + 1 : sp) {
        sp = strchr(p, ' ');
        sp = sp ? sp : p + strlen(p);
        eq = memchr(p, '=', sp - p);

        snprintf(v, sizeof(v), "%.*s", (int) (eq - p), p);
        t = (eq[1] == '?') ? -1 : strtoll(eq + 1, NULL, 10);

        for (i = 0; i < rt_tk.n; i++) {
            if (strcmp(rt_tk.v[i], v) == 0) {
                break;
            }
        }

        PR_CHECK(i < rt_tk.n && rt_tk.t[i] == t && !rt_tk.mixed[i],
                 "line %d: %s told %lld%s, want %lld", line, v,
                 i < rt_tk.n ? (long long) rt_tk.t[i] : -2LL,
                 i < rt_tk.n && rt_tk.mixed[i] ? " and others" : "", t);
    }
}


static void
rt_check_times(int line, pr_doc_t doc, const char *in, int64_t cut,
    int unknown, int want_rc, const char *want, const char *told)
{
    pr_rewrite_t  rw;

    rt_setup(&rw, 0, NULL);
    memset(&rt_tk, 0, sizeof(rt_tkeep_t));
    rt_tk.cut = cut;
    rt_tk.unknown = unknown;
    rw.keep = rt_tkeep;
    rw.keep_data = &rt_tk;

    rt_check_json(line, doc, in, &rw, want_rc, want);
    rt_check_told(line, told);
}

#define CHECK_TIMES(doc, in, cut, unknown, rc, want, told)                    \
    rt_check_times(__LINE__, doc, in, cut, unknown, rc, want, told)


/* 2020-01-01T00:00:00Z, 2021-01-01, 2025-01-01, 2026-12-04T10:00:00Z */
#define T2020  1577836800
#define T2021  1609459200
#define T2025  1735689600
#define T2026  1796378400

/* a packument whose version 1.0.0 has a string of pad bytes then esc,
 * and more after it, up to 140 bytes (the pre-scan reads 64-byte blocks
 * from the bracket of "versions"), and a "time" of its own, in an object
 * and in a string; "time" after "versions": the top-level times are read */
static void
rt_test_times_skip(void)
{
    char         doc[2048], val[256], pads[160];
    size_t       pad, e;
    const char  *escs[] = { "\\\"", "\\\\", "\\\\\\\"", "\\\\\\\\", "}",
                            "]", ",", "{[", "\\u0022", "\\\\\\\\\\\"}" };

    for (pad = 0; pad < sizeof(pads); pad++) {
        pads[pad] = "0123456789abcdef"[pad % 16];
    }

    for (e = 0; e < sizeof(escs) / sizeof(escs[0]); e++) {
        for (pad = 0; pad < 140; pad++) {
            snprintf(val, sizeof(val), "%.*s%s%.*s", (int) pad, pads,
                     escs[e], (int) (pad % 19), "xyzxyzxyzxyzxyzxyzx");
            snprintf(doc, sizeof(doc),
                     "{\"name\":\"a\",\"versions\":{\"1.0.0\":{\"d\":\"%s\","
                     "\"k\":[\"%s\",{\"%s\":1}],\"time\":{\"1.0.0\":"
                     "\"2026-12-04T10:00:00Z\"},\"e\":\"\\\"time\\\":{\"},"
                     "\"2.0.0\":{}},"
                     "\"time\":{\"1.0.0\":\"2020-01-01T00:00:00Z\","
                     "\"2.0.0\":\"2026-12-04T10:00:00Z\"}}",
                     val, val, val);

            rt_check_times(__LINE__ * 1000 + e * 200 + pad,
                           PR_DOC_NPM_PACKUMENT, doc, T2025, 0,
                           PR_REWRITE_OK, NULL,
                           "1.0.0=1577836800 2.0.0=1796378400");
        }
    }
}


static void
rt_test_times(void)
{
    /* npm: "time" after "versions", as the registry writes it */
    CHECK_TIMES(PR_DOC_NPM_PACKUMENT,
        "{\"name\":\"a\",\"dist-tags\":{\"latest\":\"2.0.0\",\"old\":"
        "\"1.0.0\"},\"versions\":{\"1.0.0\":{},\"1.1.0\":{},\"2.0.0\":{}},"
        "\"time\":{\"created\":\"2019-01-01T00:00:00.000Z\",\"1.0.0\":"
        "\"2020-01-01T00:00:00.000Z\",\"1.1.0\":\"2021-01-01T00:00:00Z\","
        "\"2.0.0\":\"2026-12-04T10:00:00.000Z\",\"modified\":"
        "\"2026-12-04T10:00:01.000Z\"}}",
        T2025, 0, PR_REWRITE_OK,
        "{\"name\":\"a\",\"dist-tags\":{\"latest\":\"1.1.0\",\"old\":"
        "\"1.0.0\"},\"versions\":{\"1.0.0\":{},\"1.1.0\":{}},"
        "\"time\":{\"created\":\"2019-01-01T00:00:00.000Z\",\"1.0.0\":"
        "\"2020-01-01T00:00:00.000Z\",\"1.1.0\":\"2021-01-01T00:00:00Z\","
        "\"modified\":\"2026-12-04T10:00:01.000Z\"}}",
        "1.0.0=1577836800 1.1.0=1609459200 2.0.0=1796378400");

    /* "time" first; a time that is not one, not a string, missing:
     * unknown, the document served */
    CHECK_TIMES(PR_DOC_NPM_PACKUMENT,
        "{\"time\":{\"1.0.0\":\"yesterday\",\"1.1.0\":12,\"2.0.0\":"
        "\"2020-01-01\"},\"name\":\"a\",\"versions\":{\"1.0.0\":{},"
        "\"1.1.0\":{},\"2.0.0\":{},\"3.0.0\":{}}}",
        T2025, 1, PR_REWRITE_OK,
        "{\"time\":{\"1.1.0\":12,\"2.0.0\":\"2020-01-01\"},\"name\":\"a\","
        "\"versions\":{\"2.0.0\":{}}}",
        "1.0.0=? 1.1.0=? 2.0.0=1577836800 3.0.0=?");

    /* escaped keys and values are read decoded; a zone is applied */
    CHECK_TIMES(PR_DOC_NPM_PACKUMENT,
        "{\"name\":\"a\",\"versions\":{\"1.0.0\":{}},\"time\":{"
        "\"1.0\\u002e0\":\"2020-01-01T01:00:00\\u002b01:00\"}}",
        T2025, 1, PR_REWRITE_OK, NULL, "1.0.0=1577836800");

    /* the pre-scan skips "versions" to find "time" (pr_jscan.c, 64-byte
     * blocks): escaped quotes, runs of '\\', braces and commas in
     * strings, each at every offset of the first 140 bytes; a "time"
     * inside a version is not the document's */
    rt_test_times_skip();

    /* abbreviated (install-v1): no "time" */
    CHECK_TIMES(PR_DOC_NPM_PACKUMENT,
        "{\"name\":\"a\",\"modified\":\"2026-12-04T10:00:00.000Z\","
        "\"versions\":{\"1.0.0\":{}}}",
        T2025, 0, PR_REWRITE_OK, NULL, "1.0.0=?");

    /* a key given twice: the first (unsafe() refuses it by default) */
    {
        pr_rewrite_t  rw;

        rt_setup(&rw, 0, NULL);
        memset(&rt_tk, 0, sizeof(rt_tkeep_t));
        memset(&rt_u, 0, sizeof(rt_unsafe_t));
        rt_tk.cut = T2025;
        rw.keep = rt_tkeep;
        rw.keep_data = &rt_tk;
        rw.unsafe = rt_unsafe;
        rw.unsafe_data = &rt_u;

        CHECK_JSON(PR_DOC_NPM_PACKUMENT,
            "{\"name\":\"a\",\"versions\":{\"1.0.0\":{}},\"time\":{"
            "\"1.0.0\":\"2020-01-01\",\"1.0.0\":\"2026-12-04\"}}",
            &rw, PR_REWRITE_OK, NULL);
        rt_check_told(__LINE__, "1.0.0=1577836800");
    }

    /* an npm version document says nothing of when */
    CHECK_TIMES(PR_DOC_NPM_VERSION,
        "{\"name\":\"a\",\"version\":\"1.0.0\",\"dist\":{}}",
        T2025, 1, PR_REWRITE_GONE, NULL, "1.0.0=?");

    /* PyPI: the earliest file of a release; upload_time without a zone
     * is UTC; a release without files: unknown */
    CHECK_TIMES(PR_DOC_PYPI_JSON,
        "{\"info\":{\"name\":\"p\",\"version\":\"2.0\"},\"releases\":{"
        "\"1.0\":[{\"upload_time_iso_8601\":\"2021-01-01T00:00:00.5Z\"},"
        "{\"upload_time\":\"2020-01-01T00:00:00\",\"upload_time_iso_8601\":"
        "\"2020-01-01T00:00:00.123456Z\"}],"
        "\"1.1\":[{\"upload_time\":\"2021-01-01T00:00:00\"},"
        "{\"upload_time_iso_8601\":\"bad\",\"upload_time\":"
        "\"2026-12-04T10:00:00\"}],"
        "\"2.0\":[{\"upload_time\":\"2020-01-01T00:00:00\"}],"
        "\"3.0\":[]},"
        "\"urls\":[{\"upload_time_iso_8601\":\"2026-12-04T10:00:00Z\"}]}",
        T2025, 0, PR_REWRITE_OK,
        "{\"info\":{\"name\":\"p\",\"version\":\"2.0\"},\"releases\":{"
        "\"1.0\":[{\"upload_time_iso_8601\":\"2021-01-01T00:00:00.5Z\"},"
        "{\"upload_time\":\"2020-01-01T00:00:00\",\"upload_time_iso_8601\":"
        "\"2020-01-01T00:00:00.123456Z\"}],"
        "\"1.1\":[{\"upload_time\":\"2021-01-01T00:00:00\"},"
        "{\"upload_time_iso_8601\":\"bad\",\"upload_time\":"
        "\"2026-12-04T10:00:00\"}],"
        "\"2.0\":[{\"upload_time\":\"2020-01-01T00:00:00\"}],"
        "\"3.0\":[]},"
        "\"urls\":[{\"upload_time_iso_8601\":\"2026-12-04T10:00:00Z\"}]}",
        "1.0=1577836800 1.1=1609459200 2.0=1577836800 3.0=?");

    /* info.version too young: its release and "urls" go */
    CHECK_TIMES(PR_DOC_PYPI_JSON,
        "{\"info\":{\"name\":\"p\",\"version\":\"2.0\"},\"releases\":{"
        "\"1.0\":[{\"upload_time\":\"2020-01-01T00:00:00\"}],"
        "\"2.0\":[{\"upload_time\":\"2026-12-04T10:00:00\"}]},"
        "\"urls\":[{\"upload_time\":\"2026-12-04T10:00:00\"}]}",
        T2025, 0, PR_REWRITE_OK,
        "{\"info\":{\"name\":\"p\",\"version\":\"2.0\"},\"releases\":{"
        "\"1.0\":[{\"upload_time\":\"2020-01-01T00:00:00\"}]},"
        "\"urls\":[]}",
        "1.0=1577836800 2.0=1796378400");

    CHECK_TIMES(PR_DOC_PYPI_VERSION_JSON,
        "{\"info\":{\"name\":\"p\",\"version\":\"2.0\"},"
        "\"urls\":[{\"upload_time\":\"2026-12-04T10:00:00\"}]}",
        T2025, 0, PR_REWRITE_GONE, NULL, "2.0=1796378400");

    CHECK_TIMES(PR_DOC_PYPI_VERSION_JSON,
        "{\"info\":{\"name\":\"p\",\"version\":\"2.0\"},\"urls\":[]}",
        T2025, 1, PR_REWRITE_GONE, NULL, "2.0=?");

    /* PEP 691: per version the earliest upload-time, so that each file
     * of a version has one verdict; the "versions" list alike */
    CHECK_TIMES(PR_DOC_PYPI_SIMPLE_JSON,
        "{\"name\":\"p\",\"files\":["
        "{\"filename\":\"p-1.0-py3-none-any.whl\",\"url\":\"x\","
        "\"upload-time\":\"2026-12-04T10:00:00Z\"},"
        "{\"filename\":\"p-1.0.tar.gz\",\"url\":\"y\","
        "\"upload-time\":\"2020-01-01T00:00:00.000000Z\"},"
        "{\"filename\":\"p-2.0.tar.gz\",\"url\":\"z\","
        "\"upload-time\":\"2026-12-04T10:00:00Z\"},"
        "{\"filename\":\"p-3.0.tar.gz\",\"url\":\"w\"}],"
        "\"versions\":[\"1.0\",\"2.0\",\"3.0\",\"4.0\"]}",
        T2025, 0, PR_REWRITE_OK,
        "{\"name\":\"p\",\"files\":["
        "{\"filename\":\"p-1.0-py3-none-any.whl\",\"url\":\"x\","
        "\"upload-time\":\"2026-12-04T10:00:00Z\"},"
        "{\"filename\":\"p-1.0.tar.gz\",\"url\":\"y\","
        "\"upload-time\":\"2020-01-01T00:00:00.000000Z\"},"
        "{\"filename\":\"p-3.0.tar.gz\",\"url\":\"w\"}],"
        "\"versions\":[\"1.0\",\"3.0\",\"4.0\"]}",
        "1.0=1577836800 2.0=1796378400 3.0=? 4.0=?");

    /* a malformed upload-time is no time (the document is served) */
    CHECK_TIMES(PR_DOC_PYPI_SIMPLE_JSON,
        "{\"name\":\"p\",\"files\":["
        "{\"filename\":\"p-1.0.tar.gz\",\"url\":\"y\","
        "\"upload-time\":\"2020-13-01T00:00:00Z\"}]}",
        T2025, 1, PR_REWRITE_OK, "{\"name\":\"p\",\"files\":[]}", "1.0=?");
}


int
main(int argc, char **argv)
{
    if (argc > 1) {
        rt_rng = strtoull(argv[1], NULL, 0) | 1;
    }

    rt_fuzz_findings();
    rt_test_urls();
    rt_test_files();
    rt_test_npm();
    rt_test_pypi();
    rt_test_pep691();
    rt_test_cargo();
    rt_test_json_text();
    rt_test_json_skip();
    rt_test_html();
    rt_test_unsafe();
    rt_test_stream();
    rt_test_big_scratch();
    rt_test_many_keys();
    rt_test_key_hash();
    rt_test_keys_meet();
    rt_test_key_scan();
    rt_test_flush();
    rt_test_times();

    PR_TEST_DONE("rewrite");
}
