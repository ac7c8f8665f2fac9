/*
 * ngx_pkg_reroute fuzzing: the filters of pr_filter.h.
 *
 * Input: one configuration byte, then the document.
 *   byte 0  bits 0-1  the filter: the Cargo index, Docker tag lists
 *                     (with bit 6: npm dist-tags documents), RubyGems
 *                     info files, RubyGems versions JSON (with bit 6:
 *                     Hugging Face refs listings)
 *           bits 2-3  what keep() drops: 0 nothing, 1 and 2 the versions
 *                     whose hash (with the time) is even or odd, 3 all
 *           bit 4     rw->name set to "example-pkg" (else the document's;
 *                     the RubyGems and dist-tags filters have it always)
 * Checks (abort() on a violation; ASan/UBSan on the rest):
 *   - the return code is OK or INVALID (no allocation fails here), and
 *     INVALID comes with a reason;
 *   - OK: the output is no longer than the input; the input itself when
 *     keep() dropped nothing; what cJSON reads of it: every line (Cargo)
 *     or the document (Docker, npm dist-tags, HF refs) is a JSON object, the
 *     RubyGems versions document an array;
 *   - OK: the filter run again on its output, with the same keep(), is
 *     OK and removes nothing more (the same pointer);
 *   - OK, Docker: every kept tag was told to keep() and kept.
 */


#include "fuzz_common.h"

#include <cjson/cJSON.h>

#include "pr_filter.h"


#define FZ_MAX_INPUT  (64 * 1024)

typedef struct {
    unsigned   drop;
    unsigned   calls;
    unsigned   dropped;
} fz_keep_t;


static int
fz_keep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    uint64_t    v;
    fz_keep_t  *k;

    k = data;
    k->calls++;

    (void) fz_hash(name->data, name->len, FZ_HASH_INIT);

    v = fz_hash(version->data, version->len, FZ_HASH_INIT);

    FZ_ASSERT(published >= -1, "keep(): published %lld",
              (long long) published);

    if (published != -1) {
        v = fz_hash((const char *) &published, sizeof(published), v);
    }

    switch (k->drop) {
    case 0:
        return 1;
    case 1:
        if (v & 1) {
            return 1;
        }
        break;
    case 2:
        if (!(v & 1)) {
            return 1;
        }
        break;
    }

    k->dropped++;
    return 0;
}


/* every line (or the whole) is a JSON object (array) cJSON reads */
static void
fz_objects(const char *p, size_t len, int lines, int array)
{
    char         *s;
    cJSON        *j;
    size_t        n;
    const char   *e, *nl, *q;

    if (len == 0) {
        return;
    }

    for (e = p + len; p < e; p = nl) {
        nl = lines ? memchr(p, '\n', e - p) : NULL;
        nl = nl ? nl + 1 : e;

        for (q = p; q < nl && (*q == ' ' || *q == '\t' || *q == '\r'
                               || *q == '\n'); q++) { /* void */ }

        if (q == nl) {
            continue;
        }

        n = nl - p;
        s = fz_malloc(n + 1);
        memcpy(s, p, n);
        s[n] = '\0';

        j = cJSON_ParseWithOpts(s, NULL, 1);
        FZ_ASSERT(j != NULL && (array ? cJSON_IsArray(j) : cJSON_IsObject(j)),
                  "not a JSON %s: %.*s", array ? "array" : "object",
                  (int) (n > 200 ? 200 : n), s);
        cJSON_Delete(j);
        free(s);
    }
}


typedef int (*fz_filter_pt)(const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);

static const fz_filter_pt  fz_filters[6] = {
    pr_filter_cargo, pr_filter_docker_tags, pr_filter_gem_info,
    pr_filter_gem_versions, pr_filter_npm_dist_tags, pr_filter_hf_refs
};


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int           rc, which;
    char         *in, *again;
    size_t        len;
    pr_str_t      out, out2;
    fz_keep_t     k;
    fz_pool_t     pool;
    const char   *err;
    pr_rewrite_t  rw;

    if (size < 1 || size > FZ_MAX_INPUT) {
        return 0;
    }

    which = data[0] & 3;

    if (which == 1 && (data[0] & 0x40)) {
        which = 4;                      /* npm dist-tags */

    } else if (which == 3 && (data[0] & 0x40)) {
        which = 5;                      /* Hugging Face refs */
    }

    memset(&rw, 0, sizeof(pr_rewrite_t));
    memset(&k, 0, sizeof(fz_keep_t));
    memset(&pool, 0, sizeof(fz_pool_t));

    k.drop = (data[0] >> 2) & 3;
    rw.keep = fz_keep;
    rw.keep_data = &k;
    rw.alloc = fz_pool_alloc;
    rw.ctx = &pool;

    if ((data[0] & 0x10) || which >= 2) {
        rw.name.data = "example-pkg";
        rw.name.len = sizeof("example-pkg") - 1;
    }

    len = size - 1;
    in = fz_copy(data + 1, len);
    err = NULL;

    rc = fz_filters[which](in, len, &rw, &out, &err);

    FZ_ASSERT(rc == PR_REWRITE_OK || rc == PR_REWRITE_INVALID, "rc %d", rc);
    FZ_ASSERT(rc == PR_REWRITE_OK || (err != NULL && err[0] != '\0'),
              "INVALID without a reason");

    if (rc == PR_REWRITE_OK) {
        FZ_ASSERT(out.len <= len, "output %zu > input %zu", out.len, len);
        FZ_ASSERT(k.dropped > 0 || (out.data == in && out.len == len),
                  "nothing dropped, not the input");

        if (which != 2) {
            fz_objects(out.data, out.len, which == 0, which == 3);
        }

        /* again: nothing more goes */
        again = fz_copy(out.data, out.len);
        k.dropped = 0;
        err = NULL;

        rc = fz_filters[which](again, out.len, &rw, &out2, &err);

        FZ_ASSERT(rc == PR_REWRITE_OK && k.dropped == 0 && out2.data == again,
                  "again: rc %d (%s), %u dropped", rc, err ? err : "-",
                  k.dropped);
        free(again);
    }

    free(in);
    fz_pool_free(&pool);

    return 0;
}
