/*
 * ngx_pkg_reroute fuzzing: pr_filter_cargo() and pr_filter_docker_tags().
 *
 * Input: one configuration byte, then the document.
 *   byte 0  bit 0     the Docker tag list filter (else the Cargo index)
 *           bit 1     rw->name set to "example-pkg" (else the document's)
 *           bits 2-3  what keep() drops: 0 nothing, 1 and 2 the versions
 *                     whose hash (with the time) is even or odd, 3 all
 * Checks (abort() on a violation; ASan/UBSan on the rest):
 *   - the return code is OK or INVALID (no allocation fails here), and
 *     INVALID comes with a reason;
 *   - OK: the output is no longer than the input; the input itself when
 *     keep() dropped nothing; what cJSON reads of it: every line (Cargo)
 *     or the document (Docker) is a JSON object;
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


/* every line (or the whole) is a JSON object cJSON reads */
static void
fz_objects(const char *p, size_t len, int lines)
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
        FZ_ASSERT(j != NULL && cJSON_IsObject(j), "not a JSON object: %.*s",
                  (int) (n > 200 ? 200 : n), s);
        cJSON_Delete(j);
        free(s);
    }
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int           rc, docker;
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

    docker = data[0] & 1;

    memset(&rw, 0, sizeof(pr_rewrite_t));
    memset(&k, 0, sizeof(fz_keep_t));
    memset(&pool, 0, sizeof(fz_pool_t));

    k.drop = (data[0] >> 2) & 3;
    rw.keep = fz_keep;
    rw.keep_data = &k;
    rw.alloc = fz_pool_alloc;
    rw.ctx = &pool;

    if (data[0] & 2) {
        rw.name.data = "example-pkg";
        rw.name.len = sizeof("example-pkg") - 1;
    }

    len = size - 1;
    in = fz_copy(data + 1, len);
    err = NULL;

    rc = docker ? pr_filter_docker_tags(in, len, &rw, &out, &err)
                : pr_filter_cargo(in, len, &rw, &out, &err);

    FZ_ASSERT(rc == PR_REWRITE_OK || rc == PR_REWRITE_INVALID, "rc %d", rc);
    FZ_ASSERT(rc == PR_REWRITE_OK || (err != NULL && err[0] != '\0'),
              "INVALID without a reason");

    if (rc == PR_REWRITE_OK) {
        FZ_ASSERT(out.len <= len, "output %zu > input %zu", out.len, len);
        FZ_ASSERT(k.dropped > 0 || (out.data == in && out.len == len),
                  "nothing dropped, not the input");

        fz_objects(out.data, out.len, !docker);

        /* again: nothing more goes */
        again = fz_copy(out.data, out.len);
        k.dropped = 0;
        err = NULL;

        rc = docker ? pr_filter_docker_tags(again, out.len, &rw, &out2, &err)
                    : pr_filter_cargo(again, out.len, &rw, &out2, &err);

        FZ_ASSERT(rc == PR_REWRITE_OK && k.dropped == 0 && out2.data == again,
                  "again: rc %d (%s), %u dropped", rc, err ? err : "-",
                  k.dropped);
        free(again);
    }

    free(in);
    fz_pool_free(&pool);

    return 0;
}
