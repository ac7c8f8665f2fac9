/*
 * ngx_pkg_reroute fuzzing: the streaming HTML rewriter (pr_html_rw_*).
 *
 * Input: two configuration bytes, the cut points, then the document.
 *   byte 0  bit 0     keep(): on
 *           bit 1     two maps (else one)
 *           bits 2-4  the first map, fz_html_maps[] in fuzz_maps.h (the
 *                     second map is the next one)
 *           bits 5-6  rw->name: none, "example-pkg", "p", "Example_Pkg"
 *   byte 1  bits 0-1  what keep() drops: 0 nothing, 1 and 2 the versions
 *                     whose hash is even or odd, 3 everything
 *           bits 2-7  how many cut points follow (0..63), 2 bytes each
 *                     (little endian, modulo the document's length + 1)
 *
 * The document is fed three ways, each chunk an exact-size heap copy (a
 * 0-byte chunk: see FZ_STRICT below): whole, in one call with last = 1;
 * cut at the input's cut points (sorted; repeats give empty chunks); at
 * points drawn from a hash of the document, or byte by byte when short.
 * The three must give the same return code and, when OK, the same bytes
 * (the rewriter's promise: output does not depend on the chunks). These
 * are strict (no unsafe()); fed whole once more relaxed (an unsafe() that
 * reads its text whole and goes on), it must be UNSAFE strict exactly when
 * relaxed called unsafe(), else the same code and bytes; and relaxed is
 * never UNSAFE. ASan, UBSan and LeakSanitizer watch the rest; keep()
 * reads its strings whole.
 */


#include "fuzz_common.h"

#include "pr_rewrite.h"
#include "fuzz_maps.h"


/*
 * Known finding 1: a 0-byte chunk is (NULL, 0) under FZ_STRICT, as nginx's
 * body filter hands an empty last buffer; pr_html_rw_feed() computes
 * "in + len" on it, which UBSan reports ("applying zero offset to null
 * pointer"). Otherwise it is a non-NULL pointer to 0 bytes.
 */


#define FZ_MAX_INPUT  (128 * 1024)
#define FZ_MAX_CUTS   63
#define FZ_BYTEWISE   512    /* documents up to this are also fed bytewise */


typedef struct {
    unsigned   drop;
    uint64_t   seen;
} fz_keep_t;


static int
fz_keep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    uint64_t    h;
    fz_keep_t  *k;

    (void) published;

    k = data;

    h = fz_hash(name->data, name->len, FZ_HASH_INIT);
    k->seen ^= fz_hash(version->data, version->len, h);
    h = fz_hash(version->data, version->len, FZ_HASH_INIT);

    switch (k->drop) {
    case 0:
        return 1;
    case 1:
        return (h & 1) != 0;
    case 2:
        return (h & 1) == 0;
    default:
        return 0;
    }
}


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


static int
fz_cmp_size(const void *a, const void *b)
{
    size_t  x, y;

    x = *(const size_t *) a;
    y = *(const size_t *) b;

    return (x > y) - (x < y);
}


/* feeds doc cut at cuts[0, ncuts) (ascending); the rc, output in *res */
static int
fz_feed(const pr_rewrite_t *rw, fz_pool_t *pool, const char *doc,
    size_t len, const size_t *cuts, size_t ncuts, fz_buf_t *res,
    const char **err)
{
    int            rc;
    char          *in;
    size_t         i, from, to;
    pr_str_t       out;
    pr_html_rw_t  *st;

    st = fz_malloc(sizeof(pr_html_rw_t));
    pr_html_rw_init(st, rw);

    res->len = 0;
    *err = NULL;
    from = 0;
    rc = PR_REWRITE_OK;

    for (i = 0; i <= ncuts; i++) {
        to = (i < ncuts) ? cuts[i] : len;

        in = fz_copy(doc + from, to - from);

        if (in == NULL && !FZ_STRICT) {
            in = fz_malloc(1);
        }

        rc = pr_html_rw_feed(st, in, to - from, i == ncuts, &out);
        free(in);

        if (rc != PR_REWRITE_OK) {
            FZ_ASSERT(st->err != NULL && st->err[0] != '\0',
                      "rc %d without a reason", rc);
            *err = st->err;

            /* every later call fails the same way */
            FZ_ASSERT(pr_html_rw_feed(st, "x", 1, 1, &out) == rc
                      && out.len == 0, "a call after a failure did not fail"
                      " the same way");
            break;
        }

        FZ_ASSERT(out.len == 0 || out.data != NULL, "output without data");

        fz_buf_add(res, out.data, out.len);

        from = to;
    }

    free(st);
    fz_pool_free(pool);

    return rc;
}


static void
fz_same(const char *how, int rc0, const fz_buf_t *b0, const char *err0,
    int rc, const fz_buf_t *b, const char *err, const size_t *cuts,
    size_t ncuts, const char *doc, size_t len)
{
    char    s1[400], s2[400], s3[400];
    size_t  i;

    if (rc == rc0 && (rc != PR_REWRITE_OK
                      || (b->len == b0->len
                          && (b->len == 0
                              || memcmp(b->data, b0->data, b->len) == 0))))
    {
        return;
    }

    fprintf(stderr, "\ndocument (%zu bytes): \"%s\"\ncuts:", len,
            fz_show(doc, len, s3, sizeof(s3)));

    for (i = 0; i < ncuts && i < 64; i++) {
        fprintf(stderr, " %zu", cuts[i]);
    }

    FZ_FAIL("fed %s: rc %d (%s) \"%s\"; whole: rc %d (%s) \"%s\"", how, rc,
            err ? err : "-", fz_show(b->data, b->len, s1, sizeof(s1)), rc0,
            err0 ? err0 : "-", fz_show(b0->data, b0->len, s2, sizeof(s2)));
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc0, rc;
    size_t             i, n, len, first, ncuts, cuts[FZ_BYTEWISE];
    uint8_t            cfg, cfg2;
    uint64_t           h;
    fz_buf_t           whole, part;
    fz_keep_t          keep;
    fz_unsafe_t        unsafe;
    fz_pool_t          pool;
    const char        *doc, *err0, *err, *name;
    pr_rewrite_t       rw;
    pr_rewrite_map_t   maps[2];

    if (size < 2 || size > FZ_MAX_INPUT) {
        return 0;
    }

    cfg = data[0];
    cfg2 = data[1];
    ncuts = cfg2 >> 2;

    if (size < 2 + 2 * ncuts) {
        ncuts = (size - 2) / 2;
    }

    doc = (const char *) data + 2 + 2 * ncuts;
    len = size - 2 - 2 * ncuts;

    for (i = 0; i < ncuts; i++) {
        cuts[i] = (data[2 + 2 * i] | (size_t) data[3 + 2 * i] << 8)
                  % (len + 1);
    }

    qsort(cuts, ncuts, sizeof(size_t), fz_cmp_size);

    first = (cfg >> 2) & 7;
    maps[0] = fz_html_maps[first];
    maps[1] = fz_html_maps[(first + 1) % FZ_NMAPS];

    memset(&keep, 0, sizeof(keep));
    keep.drop = cfg2 & 3;

    memset(&pool, 0, sizeof(pool));

    memset(&rw, 0, sizeof(rw));
    rw.maps = maps;
    rw.nmaps = (cfg & 2) ? 2 : 1;
    rw.alloc = fz_pool_alloc;
    rw.ctx = &pool;

    if (cfg & 1) {
        rw.keep = fz_keep;
        rw.keep_data = &keep;
    }

    name = fz_html_names[(cfg >> 5) & 3];

    if (name) {
        rw.name.data = name;
        rw.name.len = strlen(name);
    }

    memset(&whole, 0, sizeof(whole));
    memset(&part, 0, sizeof(part));

    /* whole */
    rc0 = fz_feed(&rw, &pool, doc, len, NULL, 0, &whole, &err0);

    /* at the input's cut points */
    rc = fz_feed(&rw, &pool, doc, len, cuts, ncuts, &part, &err);
    fz_same("at the input's cut points", rc0, &whole, err0, rc, &part, err,
            cuts, ncuts, doc, len);

    /* byte by byte, or at points drawn from the document's hash */
    if (len <= FZ_BYTEWISE) {
        for (i = 0; i < len; i++) {
            cuts[i] = i + 1;
        }

        n = len ? len - 1 : 0;

        rc = fz_feed(&rw, &pool, doc, len, cuts, n, &part, &err);
        fz_same("byte by byte", rc0, &whole, err0, rc, &part, err, cuts, n,
                doc, len);

    } else {
        h = fz_hash(doc, len, FZ_HASH_INIT);
        n = 1 + h % 32;

        for (i = 0; i < n; i++) {
            h = h * 6364136223846793005ull + 1442695040888963407ull;
            cuts[i] = (size_t) (h >> 33) % (len + 1);
        }

        qsort(cuts, n, sizeof(size_t), fz_cmp_size);

        rc = fz_feed(&rw, &pool, doc, len, cuts, n, &part, &err);
        fz_same("at hashed cut points", rc0, &whole, err0, rc, &part, err,
                cuts, n, doc, len);
    }

    /* relaxed, whole */
    memset(&unsafe, 0, sizeof(unsafe));
    rw.unsafe = fz_unsafe;
    rw.unsafe_data = &unsafe;

    rc = fz_feed(&rw, &pool, doc, len, NULL, 0, &part, &err);

    FZ_ASSERT(rc != PR_REWRITE_UNSAFE, "relaxed: UNSAFE");

    if (unsafe.calls > 0) {
        FZ_ASSERT(rc0 == PR_REWRITE_UNSAFE, "relaxed called unsafe() %u "
                  "times, strict gave %d", unsafe.calls, rc0);

    } else {
        fz_same("relaxed, nothing unsafe", rc0, &whole, err0, rc, &part,
                err, NULL, 0, doc, len);
    }

    fz_buf_free(&whole);
    fz_buf_free(&part);

    return 0;
}
