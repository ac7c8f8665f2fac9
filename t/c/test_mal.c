/*
 * ngx_pkg_reroute: table tests for pr_mal (malicious package lists).
 *
 * OSV documents shaped as the OpenSSF malicious-packages project writes
 * them, plain lists, a directory tree and zip files (stored, deflated,
 * zip64) written here into a temporary directory. Built with -lz: the
 * test hands pr_mal zlib's raw inflate, as the nginx shell will.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <zlib.h>

#include "pr_test.h"
#include "pr_mal.h"


static int
test_inflate(void *ctx, const unsigned char *in, size_t inlen,
    unsigned char *out, size_t outlen)
{
    int       rc;
    z_stream  zs;

    (void) ctx;

    memset(&zs, 0, sizeof(zs));

    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
        return -1;
    }

    zs.next_in = (unsigned char *) in;
    zs.avail_in = (uInt) inlen;
    zs.next_out = out;
    zs.avail_out = (uInt) outlen;

    rc = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);

    return (rc == Z_STREAM_END && zs.total_out == outlen) ? 0 : -1;
}


static const char  osv_all[] =
    "{\"id\":\"MAL-2024-1\",\"summary\":\"Malicious code in evil-pkg\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":"
    "\"Evil-Pkg\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
    "[{\"introduced\":\"0\"}]}]}]}";

static const char  osv_versions[] =
    "{\"id\":\"MAL-2024-2\",\"affected\":[{\"package\":{\"ecosystem\":"
    "\"PyPI\",\"name\":\"Req_Uests.X\"},\"versions\":[\"1.0\",\"2.0a1\"]}]}";

static const char  osv_semver[] =
    "{\"id\":\"MAL-2024-3\",\"affected\":[{\"package\":{\"ecosystem\":"
    "\"crates.io\",\"name\":\"bad_crate\"},\"ranges\":[{\"type\":"
    "\"SEMVER\",\"events\":[{\"introduced\":\"1.2.0\"},{\"fixed\":"
    "\"1.3.0\"},{\"introduced\":\"2.0.0\"}]}]}]}";

static const char  osv_gem[] =
    "{\"id\":\"MAL-2024-4\",\"affected\":[{\"package\":{\"ecosystem\":"
    "\"RubyGems\",\"name\":\"rest-client\"},\"ranges\":[{\"type\":"
    "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.6.10\"},"
    "{\"last_affected\":\"1.6.13\"}]}]}]}";

static const char  osv_withdrawn[] =
    "{\"id\":\"MAL-2024-5\",\"withdrawn\":\"2024-05-01T00:00:00Z\","
    "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":"
    "\"innocent\"}}]}";

/* fuzz_mal's first finding: a short "withdrawn" value last in the file
 * was compared with "null" past the end of the buffer */
static const char  osv_withdrawn_short[] =
    "{\"id\":\"MAL-2024-5\",\"withdrawn\":[]}";

/* keys and names with escapes, as any JSON writer may emit them */
static const char  osv_escaped[] =
    "{\"i\\u0064\":\"MAL-2024-10\",\"affected\":[{\"package\":{"
    "\"ecosystem\":\"npm\",\"n\\u0061me\":\"esc\\u0061ped\\/x\"},"
    "\"package\":{\"ecosystem\":\"npm\",\"name\":\"second-key\"}}]}";

static const char  osv_pending[] =
    "{\"id\":\"MAL-0000-npm-sneaky\",\"affected\":[{\"package\":"
    "{\"ecosystem\":\"npm\",\"name\":\"@scope/sneaky\"}}]}";

static const char  osv_mixed[] =
    "{\"id\":\"MAL-2024-6\",\"affected\":["
    "{\"package\":{\"ecosystem\":\"Go\",\"name\":\"example.com/x\"}},"
    "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"two-ranges\"},"
    "\"versions\":[\"0.0.1\"],\"ranges\":[{\"type\":\"GIT\",\"repo\":"
    "\"https://git.example/x\",\"events\":[{\"introduced\":\"abc\"}]},"
    "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"3.0.0\"},"
    "{\"fixed\":\"3.1.0\"}]}]}]}";

static const char  osv_git_only[] =
    "{\"id\":\"MAL-2024-7\",\"affected\":[{\"package\":{\"ecosystem\":"
    "\"PyPI\",\"name\":\"gitonly\"},\"ranges\":[{\"type\":\"GIT\","
    "\"repo\":\"https://git.example/y\",\"events\":[{\"introduced\":"
    "\"0\"}]}]}]}";

/* the same name in a later file: its versions add to the first's */
static const char  osv_more[] =
    "{\"id\":\"MAL-2024-8\",\"affected\":[{\"package\":{\"ecosystem\":"
    "\"PyPI\",\"name\":\"req-uests-x\"},\"versions\":[\"3.0\"]}]}";

/* and an "every version" entry after versions: it wins */
static const char  osv_then_all[] =
    "{\"id\":\"MAL-2024-9\",\"affected\":[{\"package\":{\"ecosystem\":"
    "\"crates.io\",\"name\":\"later-all\"},\"versions\":[\"0.1.0\"]},"
    "{\"package\":{\"ecosystem\":\"crates.io\",\"name\":\"later_all\"}}]}";


static const char *const  osv_bad[] = {
    "",
    "not json",
    "[]",
    "{\"affected\":[]}",
    "{\"id\":\"\",\"affected\":[]}",
    "{\"id\":\"MAL-1\"}",
    "{\"id\":\"MAL-1\",\"affected\":{}}",
    "{\"id\":\"MAL-1\",\"affected\":[1]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"name\":\"x\"}}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\"}}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        "\"name\":\"\"}}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        "\"name\":\"x\"},\"versions\":[1]}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        "\"name\":\"x\"},\"versions\":\"1.0.0\"}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        "\"name\":\"x\"},\"ranges\":[{\"events\":[]}]}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        "\"name\":\"x\"},\"ranges\":[{\"type\":\"SEMVER\"}]}]}",
    "{\"id\":\"MAL-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
        "\"name\":\"x\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[1]}]}]}",
    "{\"id\":\"MAL-1\",\"affected\":[]",
    "{\"id\":\"MAL-1\",\"affected\":[]} x",
    "{\"id\":\"MAL-1\",\"affected\":[]}{}",
    "{\"id\":\"MAL-\\u0000\",\"affected\":[]}",
    "{\"id\":\"MAL-1\",\"affected\":[],}",
    "{\"id\":\"MAL-1\",\"affected\":[01]}",
    "{\"id\":\"MAL-1\",\"affected\":[\"\\ud800\"]}",
    "{\"id\":\"MAL-1\",\"affected\":[\"a\nb\"]}",
    "{\"id\":\"MAL-1\",\"affected\":[tru]}",
    "{\"id\":\"MAL-1\" \"affected\":[]}",
    NULL
};


static const char  list_docker[] =
    "# images the organisation refuses\n"
    "library/evilimage\n"
    "  acme/tool@1.2.*   # a glob\n"
    "acme/other@sha256:0123abcd\n"
    "\n"
    "Acme/Case@v2\r\n"
    "last/line@final";

static const char  list_hf[] =
    "badorg/model@main\n"
    "badorg/whole\n";


typedef struct {
    pr_eco_t      eco;
    const char   *name;
    const char   *version;
    pr_mal_hit_t  hit;
    const char   *id;
} look_row_t;


static const look_row_t  look_rows[] = {
    { PR_ECO_NPM, "evil-pkg", "1.0.0", PR_MAL_ALL, "MAL-2024-1" },
    { PR_ECO_NPM, "EVIL-PKG", NULL, PR_MAL_ALL, "MAL-2024-1" },
    { PR_ECO_NPM, "evil-pkg", "not-a-version", PR_MAL_ALL, "MAL-2024-1" },
    { PR_ECO_PYPI, "evil-pkg", "1.0.0", PR_MAL_NONE, NULL },
    { PR_ECO_NPM, "evil_pkg", "1.0.0", PR_MAL_NONE, NULL },
    { PR_ECO_PYPI, "req-uests-x", "1.0", PR_MAL_VERSION, "MAL-2024-2" },
    { PR_ECO_PYPI, "Req.Uests_X", "1.0", PR_MAL_VERSION, "MAL-2024-2" },
    { PR_ECO_PYPI, "req-uests-x", "1.0.0", PR_MAL_VERSION, "MAL-2024-2" },
    { PR_ECO_PYPI, "req-uests-x", "2.0.0-alpha.1", PR_MAL_VERSION,
      "MAL-2024-2" },
    { PR_ECO_PYPI, "req-uests-x", "3.0", PR_MAL_VERSION, "MAL-2024-8" },
    { PR_ECO_PYPI, "req-uests-x", "1.1", PR_MAL_OTHER, NULL },
    { PR_ECO_PYPI, "req-uests-x", NULL, PR_MAL_OTHER, NULL },
    { PR_ECO_PYPI, "req-uests-x", "", PR_MAL_OTHER, NULL },
    { PR_ECO_CARGO, "bad-crate", "1.2.0", PR_MAL_VERSION, "MAL-2024-3" },
    { PR_ECO_CARGO, "bad_crate", "1.2.9", PR_MAL_VERSION, "MAL-2024-3" },
    { PR_ECO_CARGO, "bad-crate", "1.3.0", PR_MAL_OTHER, NULL },
    { PR_ECO_CARGO, "bad-crate", "1.1.9", PR_MAL_OTHER, NULL },
    { PR_ECO_CARGO, "bad-crate", "2.0.0", PR_MAL_VERSION, "MAL-2024-3" },
    { PR_ECO_CARGO, "bad-crate", "9.9.9", PR_MAL_VERSION, "MAL-2024-3" },
    { PR_ECO_CARGO, "bad-crate", "1.2.0-rc.1", PR_MAL_OTHER, NULL },
    /* a version the ecosystem cannot read: listed (fail closed) */
    { PR_ECO_CARGO, "bad-crate", "1.2", PR_MAL_VERSION, "MAL-2024-3" },
    { PR_ECO_RUBYGEMS, "rest-client", "1.6.10", PR_MAL_VERSION,
      "MAL-2024-4" },
    { PR_ECO_RUBYGEMS, "rest-client", "1.6.13", PR_MAL_VERSION,
      "MAL-2024-4" },
    { PR_ECO_RUBYGEMS, "rest-client", "1.6.13.0", PR_MAL_VERSION,
      "MAL-2024-4" },
    { PR_ECO_RUBYGEMS, "rest-client", "1.6.14", PR_MAL_OTHER, NULL },
    { PR_ECO_RUBYGEMS, "rest-client", "1.6.9", PR_MAL_OTHER, NULL },
    { PR_ECO_RUBYGEMS, "rest-client", "2.0", PR_MAL_OTHER, NULL },
    { PR_ECO_NPM, "innocent", "1.0.0", PR_MAL_NONE, NULL },
    { PR_ECO_NPM, "@scope/sneaky", "1.0.0", PR_MAL_ALL,
      "MAL-0000-npm-sneaky" },
    { PR_ECO_NPM, "two-ranges", "0.0.1", PR_MAL_VERSION, "MAL-2024-6" },
    { PR_ECO_NPM, "two-ranges", "3.0.5", PR_MAL_VERSION, "MAL-2024-6" },
    { PR_ECO_NPM, "two-ranges", "3.1.0", PR_MAL_OTHER, NULL },
    { PR_ECO_NPM, "two-ranges", "0.0.2", PR_MAL_OTHER, NULL },
    { PR_ECO_PYPI, "gitonly", "1.0", PR_MAL_ALL, "MAL-2024-7" },
    { PR_ECO_CARGO, "later-all", "5.0.0", PR_MAL_ALL, "MAL-2024-9" },
    { PR_ECO_DOCKER, "library/evilimage", "latest", PR_MAL_ALL,
      "docker.list:2" },
    { PR_ECO_DOCKER, "acme/tool", "1.2.7", PR_MAL_VERSION, "docker.list:3" },
    { PR_ECO_DOCKER, "acme/tool", "1.3.0", PR_MAL_OTHER, NULL },
    { PR_ECO_DOCKER, "acme/other", "sha256:0123abcd", PR_MAL_VERSION,
      "docker.list:4" },
    { PR_ECO_DOCKER, "acme/other", "sha256:0123abce", PR_MAL_OTHER, NULL },
    { PR_ECO_DOCKER, "acme/case", "v2", PR_MAL_VERSION, "docker.list:6" },
    { PR_ECO_DOCKER, "acme/case", "V2", PR_MAL_OTHER, NULL },
    { PR_ECO_DOCKER, "last/line", "final", PR_MAL_VERSION, "docker.list:7" },
    { PR_ECO_HUGGINGFACE, "badorg/model", "main", PR_MAL_VERSION,
      "hf.list:1" },
    { PR_ECO_HUGGINGFACE, "badorg/model", "v1", PR_MAL_OTHER, NULL },
    { PR_ECO_HUGGINGFACE, "BadOrg/Whole", "v1", PR_MAL_ALL, "hf.list:2" },
    { PR_ECO_GITHUB, "badorg/model", "main", PR_MAL_NONE, NULL },
    { PR_ECO_NPM, "escaped/x", "1.0.0", PR_MAL_ALL, "MAL-2024-10" },
    { PR_ECO_NPM, "second-key", "1.0.0", PR_MAL_NONE, NULL },
};


/* a zip writer for the tests: stored or deflated entries, zip64 end */

typedef struct {
    unsigned char  *buf;
    size_t          len;
    size_t          cap;
} zbuf_t;


static void
zput(zbuf_t *z, const void *p, size_t n)
{
    if (z->len + n > z->cap) {
        z->cap = (z->len + n) * 2 + 1024;
        z->buf = realloc(z->buf, z->cap);
    }

    memcpy(z->buf + z->len, p, n);
    z->len += n;
}


static void
zle(zbuf_t *z, uint64_t v, int n)
{
    unsigned char  b[8];
    int            i;

    for (i = 0; i < n; i++) {
        b[i] = (unsigned char) (v >> (8 * i));
    }

    zput(z, b, (size_t) n);
}


typedef struct {
    const char  *name;
    const char  *data;
    int          deflate;
} zentry_t;


static size_t
zdeflate(const char *in, size_t len, unsigned char *out, size_t cap)
{
    z_stream  zs;

    memset(&zs, 0, sizeof(zs));
    deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (unsigned char *) in;
    zs.avail_in = (uInt) len;
    zs.next_out = out;
    zs.avail_out = (uInt) cap;
    deflate(&zs, Z_FINISH);
    deflateEnd(&zs);

    return zs.total_out;
}


static int
zwrite(const char *path, const zentry_t *e, size_t n, int zip64)
{
    FILE           *f;
    size_t          i, dlen, clen, cd, cdlen;
    zbuf_t          z, c;
    uint32_t        crc;
    size_t         *off;
    unsigned char  *tmp;

    memset(&z, 0, sizeof(z));
    memset(&c, 0, sizeof(c));
    off = calloc(n, sizeof(size_t));

    for (i = 0; i < n; i++) {
        dlen = strlen(e[i].data);
        crc = (uint32_t) crc32(0, (const unsigned char *) e[i].data,
                               (uInt) dlen);
        tmp = malloc(dlen + 64);

        if (e[i].deflate) {
            clen = zdeflate(e[i].data, dlen, tmp, dlen + 64);

        } else {
            memcpy(tmp, e[i].data, dlen);
            clen = dlen;
        }

        off[i] = z.len;
        zle(&z, 0x04034b50, 4);
        zle(&z, 20, 2);
        zle(&z, 0, 2);
        zle(&z, e[i].deflate ? 8 : 0, 2);
        zle(&z, 0, 4);
        zle(&z, crc, 4);
        zle(&z, clen, 4);
        zle(&z, dlen, 4);
        zle(&z, strlen(e[i].name), 2);
        zle(&z, 0, 2);
        zput(&z, e[i].name, strlen(e[i].name));
        zput(&z, tmp, clen);

        zle(&c, 0x02014b50, 4);
        zle(&c, 45, 2);
        zle(&c, 20, 2);
        zle(&c, 0, 2);
        zle(&c, e[i].deflate ? 8 : 0, 2);
        zle(&c, 0, 4);
        zle(&c, crc, 4);
        zle(&c, clen, 4);
        zle(&c, dlen, 4);
        zle(&c, strlen(e[i].name), 2);
        zle(&c, zip64 ? 12 : 0, 2);
        zle(&c, 0, 2);
        zle(&c, 0, 2);
        zle(&c, 0, 2);
        zle(&c, 0, 4);
        zle(&c, zip64 ? 0xffffffff : off[i], 4);
        zput(&c, e[i].name, strlen(e[i].name));

        if (zip64) {
            zle(&c, 0x0001, 2);
            zle(&c, 8, 2);
            zle(&c, off[i], 8);
        }

        free(tmp);
    }

    cd = z.len;
    cdlen = c.len;
    zput(&z, c.buf, c.len);

    if (zip64) {
        size_t  e64 = z.len;

        zle(&z, 0x06064b50, 4);
        zle(&z, 44, 8);
        zle(&z, 45, 2);
        zle(&z, 45, 2);
        zle(&z, 0, 4);
        zle(&z, 0, 4);
        zle(&z, n, 8);
        zle(&z, n, 8);
        zle(&z, cdlen, 8);
        zle(&z, cd, 8);

        zle(&z, 0x07064b50, 4);
        zle(&z, 0, 4);
        zle(&z, e64, 8);
        zle(&z, 1, 4);
    }

    zle(&z, 0x06054b50, 4);
    zle(&z, 0, 2);
    zle(&z, 0, 2);
    zle(&z, zip64 ? 0xffff : n, 2);
    zle(&z, zip64 ? 0xffff : n, 2);
    zle(&z, zip64 ? 0xffffffff : cdlen, 4);
    zle(&z, zip64 ? 0xffffffff : cd, 4);
    zle(&z, 5, 2);
    zput(&z, "hello", 5);

    f = fopen(path, "wb");
    if (f == NULL) {
        return -1;
    }

    fwrite(z.buf, 1, z.len, f);
    fclose(f);

    free(z.buf);
    free(c.buf);
    free(off);

    return 0;
}


static int
wfile(const char *dir, const char *rel, const char *data)
{
    FILE  *f;
    char   path[1024], *p;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);

    for (p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }

    f = fopen(path, "w");
    if (f == NULL) {
        return -1;
    }

    fputs(data, f);
    fclose(f);

    return 0;
}


static void
check_rows(pr_mal_t *m, const char *what)
{
    size_t        i;
    pr_str_t      id;
    pr_mal_hit_t  hit;

    for (i = 0; i < sizeof(look_rows) / sizeof(look_rows[0]); i++) {
        const look_row_t  *row = &look_rows[i];

        if (row->eco == PR_ECO_DOCKER || row->eco == PR_ECO_HUGGINGFACE
            || row->eco == PR_ECO_GITHUB)
        {
            continue;
        }

        id.data = NULL;
        id.len = 0;

        hit = pr_mal_lookup(m, row->eco, row->name, strlen(row->name),
                            row->version,
                            row->version ? strlen(row->version) : 0, &id);

        PR_CHECK(hit == row->hit, "%s: %s %s@%s: %d, expected %d", what,
                 pr_eco_name(row->eco), row->name,
                 row->version ? row->version : "-", hit, row->hit);

        if (row->id && hit == row->hit) {
            PR_CHECK(id.len == strlen(row->id)
                     && memcmp(id.data, row->id, id.len) == 0,
                     "%s: %s: id '%.*s', expected %s", what, row->name,
                     (int) id.len, id.data ? id.data : "", row->id);
        }
    }
}


int
main(void)
{
    int              rc;
    size_t           i;
    char             dir[] = "/tmp/pr-test-mal-XXXXXX";
    char             path[1024], cmd[1100];
    pr_str_t         id;
    pr_mal_t        *m;
    pr_mal_hit_t     hit;
    pr_mal_stats_t   st;

    static const char *const  docs[] = {
        osv_all, osv_versions, osv_semver, osv_gem, osv_withdrawn,
        osv_pending, osv_mixed, osv_git_only, osv_more, osv_then_all,
        osv_withdrawn_short, osv_escaped, NULL
    };

    /* documents one by one */
    m = pr_mal_create();

    for (i = 0; docs[i]; i++) {
        rc = pr_mal_add_osv(m, docs[i], strlen(docs[i]), "doc");
        PR_CHECK(rc == 0, "doc %zu: %s", i, pr_mal_error(m));
    }

    rc = pr_mal_add_list(m, PR_ECO_DOCKER, list_docker, strlen(list_docker),
                         "docker.list");
    PR_CHECK(rc == 0, "docker list: %s", pr_mal_error(m));

    rc = pr_mal_add_list(m, PR_ECO_HUGGINGFACE, list_hf, strlen(list_hf),
                         "hf.list");
    PR_CHECK(rc == 0, "hf list: %s", pr_mal_error(m));

    pr_mal_finish(m);
    pr_mal_stats(m, &st);

    PR_CHECK(st.files == 14 && st.withdrawn == 2 && st.skipped == 1,
             "stats: %zu files, %zu withdrawn, %zu skipped", st.files,
             st.withdrawn, st.skipped);

    for (i = 0; i < sizeof(look_rows) / sizeof(look_rows[0]); i++) {
        const look_row_t  *row = &look_rows[i];

        id.data = NULL;
        id.len = 0;

        hit = pr_mal_lookup(m, row->eco, row->name, strlen(row->name),
                            row->version,
                            row->version ? strlen(row->version) : 0, &id);

        PR_CHECK(hit == row->hit, "%s %s@%s: %d, expected %d",
                 pr_eco_name(row->eco), row->name,
                 row->version ? row->version : "-", hit, row->hit);

        if (row->id && hit == row->hit) {
            PR_CHECK(id.len == strlen(row->id)
                     && memcmp(id.data, row->id, id.len) == 0,
                     "%s: id '%.*s', expected %s", row->name, (int) id.len,
                     id.data ? id.data : "", row->id);
        }
    }

    pr_mal_destroy(m);

    /* bad documents: refused, with the source named */
    for (i = 0; osv_bad[i]; i++) {
        m = pr_mal_create();
        rc = pr_mal_add_osv(m, osv_bad[i], strlen(osv_bad[i]), "bad.json");
        PR_CHECK(rc == -1 && strncmp(pr_mal_error(m), "bad.json: ", 10) == 0,
                 "bad doc %zu accepted ('%s')", i, pr_mal_error(m));
        pr_mal_destroy(m);
    }

    /* bad lists */
    {
        static const char *const  bad_lists[] = {
            "a b@1\n", "x@\n", "ok\nwith\tTAB\n", NULL
        };

        for (i = 0; bad_lists[i]; i++) {
            m = pr_mal_create();
            rc = pr_mal_add_list(m, PR_ECO_DOCKER, bad_lists[i],
                                 strlen(bad_lists[i]), "l");
            PR_CHECK(rc == -1, "bad list %zu accepted", i);
            pr_mal_destroy(m);
        }
    }

    /* a directory tree, as the project lays it out */
    if (mkdtemp(dir) == NULL) {
        PR_CHECK(0, "mkdtemp");
        PR_TEST_DONE("test_mal");
    }

    wfile(dir, "osv/malicious/npm/evil-pkg/MAL-2024-1.json", osv_all);
    wfile(dir, "osv/malicious/pypi/req-uests-x/MAL-2024-2.json",
          osv_versions);
    wfile(dir, "osv/malicious/crates.io/bad_crate/MAL-2024-3.json",
          osv_semver);
    wfile(dir, "osv/malicious/rubygems/rest-client/MAL-2024-4.json",
          osv_gem);
    wfile(dir, "osv/withdrawn/npm/innocent/MAL-2024-5.json", osv_withdrawn);
    wfile(dir, "osv/malicious/npm/@scope/sneaky/MAL-0000-npm-sneaky.json",
          osv_pending);
    wfile(dir, "osv/malicious/npm/two-ranges/MAL-2024-6.json", osv_mixed);
    wfile(dir, "osv/malicious/pypi/gitonly/MAL-2024-7.json", osv_git_only);
    wfile(dir, "osv/malicious/pypi/req-uests-x/MAL-2024-8.json", osv_more);
    wfile(dir, "osv/malicious/crates.io/later-all/MAL-2024-9.json",
          osv_then_all);
    wfile(dir, "osv/malicious/npm/escaped/x/MAL-2024-10.json", osv_escaped);
    /* not entries: other JSON, hidden directories */
    wfile(dir, "package.json", "{\"name\":\"tools\"}");
    wfile(dir, ".github/MAL-bad.json", "not json");
    wfile(dir, "osv/README.md", "# readme");

    m = pr_mal_create();
    rc = pr_mal_load(m, dir, test_inflate, NULL);
    PR_CHECK(rc == 0, "dir: %s", pr_mal_error(m));
    pr_mal_stats(m, &st);
    PR_CHECK(st.files == 11 && st.withdrawn == 1, "dir: %zu files",
             st.files);
    check_rows(m, "dir");
    pr_mal_destroy(m);

    /* a bad file below the tree fails the load, naming it */
    wfile(dir, "osv/malicious/npm/broken/MAL-2024-99.json", "{\"id\":");
    m = pr_mal_create();
    rc = pr_mal_load(m, dir, test_inflate, NULL);
    PR_CHECK(rc == -1 && strstr(pr_mal_error(m), "MAL-2024-99.json: not "
                                "JSON") != NULL,
             "dir with a bad file: '%s'", pr_mal_error(m));
    pr_mal_destroy(m);

    /* a single file, named on its own */
    snprintf(path, sizeof(path), "%s/package.json", dir);
    m = pr_mal_create();
    PR_CHECK(pr_mal_load(m, path, NULL, NULL) == -1, "package.json read");
    pr_mal_destroy(m);

    snprintf(path, sizeof(path),
             "%s/osv/malicious/npm/evil-pkg/MAL-2024-1.json", dir);
    m = pr_mal_create();
    PR_CHECK(pr_mal_load(m, path, NULL, NULL) == 0, "one file: %s",
             pr_mal_error(m));
    PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "evil-pkg", 8, "1.0.0", 5, NULL)
             == PR_MAL_ALL, "one file: lookup");
    pr_mal_destroy(m);

    /* plain list files */
    wfile(dir, "lists/docker.list", list_docker);
    snprintf(path, sizeof(path), "%s/lists/docker.list", dir);
    m = pr_mal_create();
    PR_CHECK(pr_mal_load_list(m, PR_ECO_DOCKER, path) == 0, "list file: %s",
             pr_mal_error(m));
    PR_CHECK(pr_mal_lookup(m, PR_ECO_DOCKER, "acme/tool", 9, "1.2.3", 5, &id)
             == PR_MAL_VERSION && id.len > 2
             && memcmp(id.data + id.len - 2, ":3", 2) == 0,
             "list file: lookup");
    pr_mal_destroy(m);

    /*
     * issue 10's scale as one plain list: 250,000 lines (5.6 MB) load
     * (the 4 MB bound of one OSV file refused them: "larger than 4 MB")
     */
    {
        FILE    *f;
        size_t   i;

        snprintf(path, sizeof(path), "%s/lists/big.list", dir);
        f = fopen(path, "w");
        PR_CHECK(f != NULL, "big list: open");

        for (i = 0; f && i < 250000; i++) {
            fprintf(f, i % 2 ? "mal-pkg-%zu\n" : "typo-squat-%zu@1.0.%zu\n",
                    i, i % 50);
        }

        if (f) {
            fclose(f);
        }

        m = pr_mal_create();
        PR_CHECK(pr_mal_load_list(m, PR_ECO_NPM, path) == 0,
                 "big list: %s", pr_mal_error(m));
        PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "mal-pkg-249999", 14, "1.0.0",
                               5, NULL)
                 == PR_MAL_ALL, "big list: its last line");
        PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "typo-squat-249998", 17,
                               "1.0.48", 6, NULL)
                 == PR_MAL_VERSION, "big list: a version");
        /* semver: other digits are another version, 'v' the same */
        PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "typo-squat-249998", 17,
                               "1.0.480", 7, NULL)
                 == PR_MAL_OTHER, "big list: 1.0.480");
        PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "typo-squat-249998", 17,
                               "1.0.4", 5, NULL)
                 == PR_MAL_OTHER, "big list: 1.0.4");
        PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "typo-squat-249998", 17,
                               "v1.0.48", 7, NULL)
                 == PR_MAL_VERSION, "big list: v1.0.48");
        PR_CHECK(pr_mal_lookup(m, PR_ECO_NPM, "typo-squat-249998", 17,
                               "1.0.48-rc.1", 11, NULL)
                 == PR_MAL_OTHER, "big list: 1.0.48-rc.1");
        pr_mal_destroy(m);
    }

    /* zip files: stored and deflated entries, then zip64 */
    {
        static const zentry_t  ents[] = {
            { "malicious-packages-main/", "", 0 },
            { "malicious-packages-main/osv/malicious/npm/evil-pkg/"
              "MAL-2024-1.json", osv_all, 0 },
            { "malicious-packages-main/osv/malicious/pypi/req-uests-x/"
              "MAL-2024-2.json", osv_versions, 8 },
            { "malicious-packages-main/osv/malicious/crates.io/bad_crate/"
              "MAL-2024-3.json", osv_semver, 8 },
            { "malicious-packages-main/osv/malicious/rubygems/rest-client/"
              "MAL-2024-4.json", osv_gem, 0 },
            { "malicious-packages-main/osv/withdrawn/npm/innocent/"
              "MAL-2024-5.json", osv_withdrawn, 8 },
            { "malicious-packages-main/osv/malicious/npm/@scope/sneaky/"
              "MAL-0000-npm-sneaky.json", osv_pending, 8 },
            { "malicious-packages-main/osv/malicious/npm/two-ranges/"
              "MAL-2024-6.json", osv_mixed, 8 },
            { "malicious-packages-main/osv/malicious/pypi/gitonly/"
              "MAL-2024-7.json", osv_git_only, 8 },
            { "malicious-packages-main/osv/malicious/pypi/req-uests-x/"
              "MAL-2024-8.json", osv_more, 8 },
            { "malicious-packages-main/osv/malicious/crates.io/later-all/"
              "MAL-2024-9.json", osv_then_all, 8 },
            { "malicious-packages-main/osv/malicious/npm/escaped/x/"
              "MAL-2024-10.json", osv_escaped, 0 },
            { "malicious-packages-main/package.json", "not json", 8 },
        };
        size_t  n = sizeof(ents) / sizeof(ents[0]);
        int     z64;

        for (z64 = 0; z64 < 2; z64++) {
            snprintf(path, sizeof(path), "%s/mal%d.zip", dir, z64);
            PR_CHECK(zwrite(path, ents, n, z64) == 0, "zip write");

            m = pr_mal_create();
            rc = pr_mal_load(m, path, test_inflate, NULL);
            PR_CHECK(rc == 0, "zip%s: %s", z64 ? "64" : "", pr_mal_error(m));
            pr_mal_stats(m, &st);
            PR_CHECK(st.files == 11, "zip: %zu files", st.files);
            check_rows(m, z64 ? "zip64" : "zip");
            pr_mal_destroy(m);

            /* deflated entries need an inflate */
            m = pr_mal_create();
            rc = pr_mal_load(m, path, NULL, NULL);
            PR_CHECK(rc == -1 && strstr(pr_mal_error(m), "no inflate"),
                     "zip without inflate: '%s'", pr_mal_error(m));
            pr_mal_destroy(m);
        }

        /* a zip cut short, or not a zip */
        snprintf(path, sizeof(path), "%s/cut.zip", dir);
        wfile(dir, "cut.zip", "PK\003\004 not really a zip file at all");
        m = pr_mal_create();
        PR_CHECK(pr_mal_load(m, path, test_inflate, NULL) == -1,
                 "a bad zip loads");
        pr_mal_destroy(m);
    }

    /* many names: the table grows, every one is found */
    {
        char      doc[256], name[64];
        size_t    k, found;

        m = pr_mal_create();

        for (k = 0; k < 20000; k++) {
            snprintf(doc, sizeof(doc),
                     "{\"id\":\"MAL-%zu\",\"affected\":[{\"package\":{"
                     "\"ecosystem\":\"%s\",\"name\":\"pkg-%zu\"},"
                     "\"versions\":[\"1.0.%zu\"]}]}", k,
                     k % 2 ? "npm" : "PyPI", k, k);

            if (pr_mal_add_osv(m, doc, strlen(doc), "gen") != 0) {
                break;
            }
        }

        found = 0;

        for (k = 0; k < 20000; k++) {
            snprintf(name, sizeof(name), "pkg-%zu", k);
            snprintf(doc, sizeof(doc), "1.0.%zu", k);

            found += pr_mal_lookup(m, k % 2 ? PR_ECO_NPM : PR_ECO_PYPI,
                                   name, strlen(name), doc, strlen(doc),
                                   NULL) == PR_MAL_VERSION;
            found += pr_mal_lookup(m, k % 2 ? PR_ECO_PYPI : PR_ECO_NPM,
                                   name, strlen(name), doc, strlen(doc),
                                   NULL) == PR_MAL_NONE;
        }

        PR_CHECK(found == 40000, "20000 names: %zu of 40000 lookups right",
                 found);
        pr_mal_destroy(m);
    }

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "test_mal: could not remove %s\n", dir);
    }

    PR_TEST_DONE("test_mal");
}
