/*
 * ngx_pkg_reroute fuzzing: pr_rewrite_json(), every document type.
 *
 * Input: two configuration bytes, then the document.
 *   byte 0  bit 0     keep(): on (the rest of the byte picks what it drops)
 *           bit 1     two maps (else one)
 *           bits 2-4  the first map, fz_json_maps[] in fuzz_maps.h (the
 *                     second map is the next one)
 *           bit 5     rw->name set to "example-pkg" (else from the document)
 *           bits 6-7  what keep() drops: 0 nothing, 1 and 2 the versions
 *                     whose hash is even or odd, 3 everything
 *   byte 1  0xf0..0xff fails the (byte - 0xef)-th output allocation;
 *           else no allocation fails
 *
 * The document, as an exact-size heap copy, goes through each pr_doc_t,
 * twice: strict (no unsafe(): every unsafe place refuses) and relaxed (an
 * unsafe() that reads its text whole and says "go on").
 * Checks (abort() on a violation; ASan/UBSan/LeakSanitizer on the rest):
 *   - the return code is one of the five documented; GONE only for the
 *     one-version documents, and only with keep(); NOMEM only when an
 *     allocation was failed; INVALID, UNSAFE and NOMEM come with a reason;
 *     UNSAFE never when relaxed;
 *   - strict and relaxed agree: UNSAFE strict exactly when relaxed called
 *     unsafe(); otherwise the same return code and the same output;
 *   - strict OK: every artifact URL of the output (npm dist.tarball, cargo
 *     dl and api) starts with a map's "to" (or is one without its '/'),
 *     or has no scheme and no host (a reference check, not the core's);
 *   - OK: the output is valid JSON (cJSON parses it again, all of it) and
 *     an object; when it is the input itself, it is the same length;
 *   - keep() sees a version and a name that can be read whole, and a
 *     time that is PR_TIME_UNKNOWN or not negative; what it drops
 *     depends on the time too (so that the comparison below sees it);
 *   - strict, no allocation failed: with rw->flush (in pieces of 1 to 64
 *     bytes, from byte 1) the same return code, and the same bytes through
 *     flush() (none when the input itself is served, or with keep());
 *   - strict, no allocation failed: the cJSON rewriter it replaced
 *     (ref_rewrite_tree.c) agrees: when the single-pass rewriter serves a
 *     document, the old one served the same bytes (the same pointer when
 *     unchanged); when the old one served it and the new one did not, the
 *     new one found it INVALID (RFC 8259 where cJSON was lax), nothing
 *     else.
 */


#include "fuzz_common.h"

#include <cjson/cJSON.h>

#include "pr_rewrite.h"
#include "ref_rewrite_tree.h"
#include "fuzz_maps.h"


#define FZ_MAX_INPUT  (256 * 1024)

typedef struct {
    unsigned   drop;        /* 0 nothing, 1 even, 2 odd, 3 everything */
    unsigned   calls;
    uint64_t   seen;
} fz_keep_t;


static int
fz_keep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    uint64_t    h, v;
    fz_keep_t  *k;

    k = data;
    k->calls++;

    /* read both whole: ASan sees a string that is not all there */
    h = fz_hash(name->data, name->len, FZ_HASH_INIT);
    h = fz_hash(version->data, version->len, h);
    k->seen ^= h;

    FZ_ASSERT(published >= PR_TIME_UNKNOWN, "keep(): published %lld",
              (long long) published);

    /* the verdict depends on the time too: the two rewriters must tell
     * each version the same time */
    v = fz_hash(version->data, version->len, FZ_HASH_INIT);

    if (published != PR_TIME_UNKNOWN) {
        v = fz_hash((const char *) &published, sizeof(published), v);
    }

    switch (k->drop) {
    case 0:
        return 1;
    case 1:
        return (v & 1) != 0;
    case 2:
        return (v & 1) == 0;
    default:
        return 0;
    }
}


/* the first occurrence of lit in [p, p + len), or NULL */
static const char *
fz_find(const char *p, size_t len, const char *lit)
{
    size_t  i, n;

    n = strlen(lit);

    for (i = 0; i + n <= len; i++) {
        if (memcmp(p + i, lit, n) == 0) {
            return p + i;
        }
    }

    return NULL;
}


/* relaxed: reads the text whole, goes on */

typedef struct {
    unsigned   calls;
    uint64_t   seen;
} fz_unsafe_t;


static int
fz_unsafe(void *data, pr_unsafe_t what, const char *text, size_t len)
{
    fz_unsafe_t  *u;

    u = data;
    u->calls++;
    u->seen ^= fz_hash(text, len, FZ_HASH_INIT + what);

    FZ_ASSERT(what == PR_UNSAFE_UNMAPPED || what == PR_UNSAFE_DUPLICATE,
              "unsafe(): unknown kind %d", (int) what);

    return 0;
}


/*
 * 1 if url is mapped (starts with a map's "to", or is one without its
 * final '/') or names no scheme nor host: a reference for the strict
 * property, written apart from the core's
 */
static int
fz_url_ok(const pr_rewrite_t *rw, const char *url)
{
    size_t       i, n, len;
    const char  *p;
    char         c[256];

    len = strlen(url);

    for (i = 0; i < rw->nmaps; i++) {
        n = rw->maps[i].to.len;

        if ((len >= n && memcmp(url, rw->maps[i].to.data, n) == 0)
            || (n > 0 && len == n - 1
                && memcmp(url, rw->maps[i].to.data, n - 1) == 0))
        {
            return 1;
        }
    }

    /* what URL parsers read: no C0 or space in front, tabs and newlines
     * dropped, '\\' as '/' */
    while (*url != '\0' && (unsigned char) *url <= 0x20) {
        url++;
    }

    for (n = 0, p = url; *p != '\0' && n < sizeof(c) - 1; p++) {
        if (*p != '\t' && *p != '\n' && *p != '\r') {
            c[n++] = (*p == '\\') ? '/' : *p;
        }
    }

    c[n] = '\0';

    if (c[0] == '/' && c[1] == '/') {
        return 0;
    }

    n = strcspn(c, "/?#");

    return memchr(c, ':', n) == NULL;
}


/* strict OK: the artifact URLs of the output */
static void
fz_check_urls(pr_doc_t doc, const pr_rewrite_t *rw, cJSON *root,
    const char *name)
{
    char        s1[200];
    cJSON      *v, *u, *list[2];
    size_t      i;

    list[0] = NULL;
    list[1] = NULL;

    if (doc == PR_DOC_CARGO_CONFIG) {
        list[0] = cJSON_GetObjectItemCaseSensitive(root, "dl");
        list[1] = cJSON_GetObjectItemCaseSensitive(root, "api");

        for (i = 0; i < 2; i++) {
            FZ_ASSERT(list[i] == NULL || !cJSON_IsString(list[i])
                      || fz_url_ok(rw, list[i]->valuestring),
                      "%s: strict OK with an unmapped URL: %s", name,
                      fz_show(list[i]->valuestring,
                              strlen(list[i]->valuestring), s1, sizeof(s1)));
        }

        return;
    }

    if (doc != PR_DOC_NPM_PACKUMENT) {
        return;
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "versions");

    for (v = v ? v->child : NULL; v != NULL; v = v->next) {
        u = cJSON_GetObjectItemCaseSensitive(v, "dist");
        u = cJSON_GetObjectItemCaseSensitive(u, "tarball");

        FZ_ASSERT(u == NULL || !cJSON_IsString(u)
                  || fz_url_ok(rw, u->valuestring),
                  "%s: strict OK with an unmapped tarball: %s", name,
                  fz_show(u->valuestring, strlen(u->valuestring), s1,
                          sizeof(s1)));
    }
}


static const char  *fz_docs[] = {
    "npm packument", "npm version", "pypi json", "pypi version json",
    "pep 691", "cargo config"
};


/* the old cJSON rewriter on the same input: see the checks above */
static void
fz_differ(pr_doc_t d, int rc, const char *in, size_t len,
    const pr_str_t *out, const pr_rewrite_t *rw)
{
    int          trc;
    pr_str_t     tout;
    const char  *terr;

    tout.data = NULL;
    tout.len = 0;
    terr = NULL;

    trc = pr_rewrite_json_tree(d, in, len, rw, &tout, &terr);

    if (rc == PR_REWRITE_OK) {
        FZ_ASSERT(trc == PR_REWRITE_OK, "%s: served, the cJSON rewriter "
                  "gave %d (%s)", fz_docs[d], trc, terr ? terr : "");
        FZ_ASSERT((out->data == in) == (tout.data == in)
                  && out->len == tout.len
                  && (out->len == 0
                      || memcmp(out->data, tout.data, out->len) == 0),
                  "%s: not what the cJSON rewriter served:\n%.*s\n%.*s",
                  fz_docs[d], (int) out->len, out->data, (int) tout.len,
                  tout.data);
        return;
    }

    if (trc == PR_REWRITE_OK) {
        FZ_ASSERT(rc == PR_REWRITE_INVALID, "%s: the cJSON rewriter served "
                  "it, this one gave %d", fz_docs[d], rc);
    }
}


static void
fz_check(pr_doc_t d, int lax, int rc, const char *in, size_t len,
    const pr_str_t *out, const char *err, const pr_rewrite_t *rw,
    const fz_pool_t *pool)
{
    char         s1[200];
    cJSON       *again;
    const char  *end;

    switch (rc) {

    case PR_REWRITE_OK:
        FZ_ASSERT(out->data != NULL, "%s: OK without output", fz_docs[d]);

        /*
         * Known finding 2: a string holding a raw NUL byte and a
         * "\u0000" escape is kept "as written" and printed cut at the
         * NUL: the output is not JSON. Stepped around unless FZ_STRICT.
         */
        if (!FZ_STRICT && memchr(in, '\0', len) != NULL
            && fz_find(in, len, "\\u0000") != NULL)
        {
            break;
        }

        if (out->data == in) {
            FZ_ASSERT(out->len == len, "%s: the input itself, but %zu"
                      " bytes of %zu", fz_docs[d], out->len, len);
        }

        end = NULL;
        again = cJSON_ParseWithLengthOpts(out->data, out->len, &end, 0);

        FZ_ASSERT(again != NULL, "%s: the output is not JSON: %s",
                  fz_docs[d], fz_show(out->data, out->len, s1, sizeof(s1)));

        while (end < out->data + out->len
               && (*end == ' ' || *end == '\t' || *end == '\n'
                   || *end == '\r'))
        {
            end++;
        }

        FZ_ASSERT(end == out->data + out->len, "%s: data after the JSON"
                  " value in the output: %s", fz_docs[d],
                  fz_show(out->data, out->len, s1, sizeof(s1)));

        FZ_ASSERT(cJSON_IsObject(again), "%s: the output is not an"
                  " object: %s", fz_docs[d],
                  fz_show(out->data, out->len, s1, sizeof(s1)));

        if (!lax) {
            fz_check_urls(d, rw, again, fz_docs[d]);
        }

        cJSON_Delete(again);
        break;

    case PR_REWRITE_GONE:
        FZ_ASSERT(d == PR_DOC_NPM_VERSION || d == PR_DOC_PYPI_VERSION_JSON,
                  "%s: GONE for a many-version document", fz_docs[d]);
        FZ_ASSERT(rw->keep != NULL, "%s: GONE without keep()", fz_docs[d]);
        break;

    case PR_REWRITE_NOMEM:
        FZ_ASSERT(pool->failed, "%s: NOMEM, but no allocation failed",
                  fz_docs[d]);

        /* fall through */

    case PR_REWRITE_UNSAFE:
        FZ_ASSERT(rc != PR_REWRITE_UNSAFE || !lax, "%s: UNSAFE, relaxed",
                  fz_docs[d]);

        /* fall through */

    case PR_REWRITE_INVALID:
        FZ_ASSERT(err != NULL && err[0] != '\0', "%s: rc %d without a"
                  " reason", fz_docs[d], rc);
        break;

    default:
        FZ_FAIL("%s: unknown return code %d", fz_docs[d], rc);
    }
}


static int
fz_flush(void *data, const char *p, size_t n)
{
    FZ_ASSERT(n > 0, "flush() asked for nothing");

    fz_buf_add(data, p, n);

    return 0;
}


/* strict again, the output through rw->flush: the same as held whole */
static void
fz_flushed(pr_doc_t d, int rc0, const char *text, size_t len,
    const pr_str_t *held, const pr_rewrite_t *rw0, size_t piece)
{
    int            rc;
    char          *in;
    fz_buf_t       got;
    pr_str_t       out;
    const char    *err;
    pr_rewrite_t   rw;

    memset(&got, 0, sizeof(got));

    rw = *rw0;
    rw.flush = fz_flush;
    rw.flush_data = &got;
    rw.flush_size = piece;

    in = fz_copy(text, len);
    out.data = NULL;
    out.len = 0;
    err = NULL;

    rc = pr_rewrite_json(d, in, len, &rw, &out, &err);

    FZ_ASSERT(rc == rc0, "%s: %d with flush(), %d held whole", fz_docs[d],
              rc, rc0);

    if (rc == PR_REWRITE_OK && held->data == text) {
        FZ_ASSERT(out.data == in && out.len == len, "%s: unchanged held "
                  "whole, not with flush()", fz_docs[d]);

    } else if (rc == PR_REWRITE_OK && rw.keep != NULL) {
        FZ_ASSERT(out.data != NULL && got.len == 0
                  && out.len == held->len
                  && memcmp(out.data, held->data, out.len) == 0,
                  "%s: keep(): not held whole with flush()", fz_docs[d]);

    } else if (rc == PR_REWRITE_OK) {
        FZ_ASSERT(out.data == NULL && out.len == got.len
                  && got.len == held->len
                  && (got.len == 0
                      || memcmp(got.data, held->data, got.len) == 0),
                  "%s: flushed output differs from the held one",
                  fz_docs[d]);
    }

    free(in);
    fz_buf_free(&got);
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc, rc0, d, lax;
    char              *in;
    size_t             len, first;
    uint8_t            cfg, fail;
    fz_buf_t           strict;
    pr_str_t           out;
    fz_keep_t          keep;
    fz_pool_t          pool;
    const char        *err;
    fz_unsafe_t        unsafe;
    pr_rewrite_t       rw;
    pr_rewrite_map_t   maps[2];

    if (size < 2 || size > FZ_MAX_INPUT) {
        return 0;
    }

    cfg = data[0];
    fail = data[1];
    len = size - 2;

    first = (cfg >> 2) & 7;
    maps[0] = fz_json_maps[first];
    maps[1] = fz_json_maps[(first + 1) % FZ_NMAPS];

    memset(&keep, 0, sizeof(keep));
    keep.drop = cfg >> 6;

    memset(&pool, 0, sizeof(pool));
    pool.fail_at = (fail >= 0xf0) ? (unsigned) (fail - 0xef) : 0;

    memset(&rw, 0, sizeof(rw));
    rw.maps = maps;
    rw.nmaps = (cfg & 2) ? 2 : 1;
    rw.alloc = fz_pool_alloc;
    rw.ctx = &pool;

    if (cfg & 1) {
        rw.keep = fz_keep;
        rw.keep_data = &keep;
    }

    if (cfg & 0x20) {
        rw.name.data = "example-pkg";
        rw.name.len = sizeof("example-pkg") - 1;
    }

    memset(&strict, 0, sizeof(strict));
    rc0 = PR_REWRITE_OK;

    for (d = PR_DOC_NPM_PACKUMENT; d <= PR_DOC_CARGO_CONFIG; d++) {

        /* strict, then relaxed */

        for (lax = 0; lax < 2; lax++) {
            rw.unsafe = lax ? fz_unsafe : NULL;
            rw.unsafe_data = lax ? &unsafe : NULL;
            memset(&unsafe, 0, sizeof(unsafe));

            in = fz_copy(data + 2, len);
            out.data = NULL;
            out.len = 0;
            err = NULL;
            pool.calls = 0;
            pool.failed = 0;

            rc = pr_rewrite_json((pr_doc_t) d, in, len, &rw, &out, &err);

            fz_check((pr_doc_t) d, lax, rc, in, len, &out, err, &rw,
                     &pool);

            if (!lax) {
                rc0 = rc;
                strict.len = 0;

                if (rc == PR_REWRITE_OK) {
                    fz_buf_add(&strict, out.data, out.len);
                }

                if (pool.fail_at == 0) {
                    fz_differ((pr_doc_t) d, rc, in, len, &out, &rw);
                    fz_flushed((pr_doc_t) d, rc, in, len, &out, &rw,
                               1 + (fail & 63));
                }

            } else if (unsafe.calls > 0) {
                FZ_ASSERT(rc0 == PR_REWRITE_UNSAFE, "%s: relaxed called "
                          "unsafe() %u times, strict gave %d", fz_docs[d],
                          unsafe.calls, rc0);

            } else {
                FZ_ASSERT(rc0 == rc, "%s: nothing unsafe, but strict gave "
                          "%d and relaxed %d", fz_docs[d], rc0, rc);

                FZ_ASSERT(rc != PR_REWRITE_OK
                          || (strict.len == out.len
                              && (out.len == 0
                                  || memcmp(strict.data, out.data, out.len)
                                     == 0)),
                          "%s: nothing unsafe, but strict and relaxed "
                          "outputs differ", fz_docs[d]);
            }

            free(in);
            fz_pool_free(&pool);
        }
    }

    fz_buf_free(&strict);

    return 0;
}
