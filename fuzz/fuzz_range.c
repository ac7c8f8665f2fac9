/*
 * ngx_pkg_reroute fuzzing: pr_version (versions, ranges).
 *
 * Input: byte 0 picks the ecosystem (its low 3 bits: npm, PyPI, cargo,
 * RubyGems, docker, huggingface, github, generic); the rest is lines:
 * a range, then up to three versions. Checks:
 *   - a range that does not parse says why; one that does is matched
 *     with -1, 0 or 1, the same twice, and -1 only for a version its
 *     ecosystem cannot read;
 *   - PR_RANGE_PRE only widens: what matches without it matches with it;
 *   - versions compare as an order: a = a, a < b iff b > a, and a <= b,
 *     b <= c give a <= c.
 */


#include "fuzz_common.h"

#include "pr_version.h"


#define FZ_MAX_INPUT  4096


static const pr_eco_t  fz_ecos[8] = {
    PR_ECO_NPM, PR_ECO_PYPI, PR_ECO_CARGO, PR_ECO_RUBYGEMS, PR_ECO_DOCKER,
    PR_ECO_HUGGINGFACE, PR_ECO_GITHUB, PR_ECO_GENERIC
};


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int          m0, m1, again, c, ok[3];
    char        *in, *line[4], s1[256], s2[256];
    size_t       len[4], n, i, k;
    pr_eco_t     eco;
    pr_ver_t     v[3];
    fz_pool_t    pool;
    pr_range_t  *r0, *r1;
    const char  *err, *p, *end;

    if (size < 1 || size > FZ_MAX_INPUT) {
        return 0;
    }

    eco = fz_ecos[data[0] & 7];

    if (size == 1) {
        /* one empty range, no versions */
        memset(&pool, 0, sizeof(pool));
        err = NULL;
        r0 = pr_range_parse(eco, NULL, 0, 0, fz_pool_alloc, &pool, &err);
        FZ_ASSERT(r0 != NULL || err != NULL, "empty: no reason");
        fz_pool_free(&pool);
        return 0;
    }

    in = fz_copy(data + 1, size - 1);

    /* lines, each an exact-size copy */
    p = in;
    end = in + (size - 1);

    for (n = 0; n < 4; n++) {
        const char  *e;

        if (p == NULL || p > end) {
            line[n] = NULL;
            len[n] = 0;
            continue;
        }

        e = p ? memchr(p, '\n', (size_t) (end - p)) : NULL;
        len[n] = (size_t) ((e ? e : end) - p);
        line[n] = fz_copy(p, len[n]);
        p = e ? e + 1 : NULL;
    }

    memset(&pool, 0, sizeof(pool));

    err = NULL;
    r0 = pr_range_parse(eco, line[0], len[0], 0, fz_pool_alloc, &pool,
                        &err);
    FZ_ASSERT(r0 != NULL || err != NULL, "%s: '%s' refused without a "
              "reason", pr_eco_name(eco), fz_show(line[0], len[0], s1,
              sizeof(s1)));

    err = NULL;
    r1 = pr_range_parse(eco, line[0], len[0], PR_RANGE_PRE, fz_pool_alloc,
                        &pool, &err);
    FZ_ASSERT((r0 == NULL) == (r1 == NULL), "%s: '%s' parses with one "
              "flag only", pr_eco_name(eco),
              fz_show(line[0], len[0], s1, sizeof(s1)));

    for (i = 1; i < 4; i++) {
        k = i - 1;
        ok[k] = line[i] != NULL && len[i] > 0
                && pr_version_parse(eco, line[i], len[i], &v[k]) == 0;

        if (r0 == NULL || line[i] == NULL) {
            continue;
        }

        m0 = pr_range_match(r0, line[i], len[i]);
        again = pr_range_match(r0, line[i], len[i]);
        m1 = pr_range_match(r1, line[i], len[i]);

        FZ_ASSERT(m0 >= -1 && m0 <= 1 && m0 == again,
                  "%s: '%s' on '%s': %d then %d", pr_eco_name(eco),
                  fz_show(line[0], len[0], s1, sizeof(s1)),
                  fz_show(line[i], len[i], s2, sizeof(s2)), m0, again);

        FZ_ASSERT(m0 != 1 || m1 == 1, "%s: '%s' matches '%s' without "
                  "PR_RANGE_PRE, not with it", pr_eco_name(eco),
                  fz_show(line[0], len[0], s1, sizeof(s1)),
                  fz_show(line[i], len[i], s2, sizeof(s2)));

        if (ok[k] && pr_version_scheme(eco) != PR_VS_PEP440) {
            FZ_ASSERT(m0 != -1, "%s: '%s' reads, yet -1 on '%s'",
                      pr_eco_name(eco),
                      fz_show(line[i], len[i], s2, sizeof(s2)),
                      fz_show(line[0], len[0], s1, sizeof(s1)));
        }
    }

    /* an order */
    for (i = 0; i < 3; i++) {
        if (!ok[i]) {
            continue;
        }

        FZ_ASSERT(pr_version_cmp(&v[i], &v[i]) == 0, "%s: '%s' != itself",
                  pr_eco_name(eco), fz_show(line[i + 1], len[i + 1], s1,
                  sizeof(s1)));

        for (k = 0; k < 3; k++) {
            if (!ok[k]) {
                continue;
            }

            c = pr_version_cmp(&v[i], &v[k]);

            FZ_ASSERT(c == -pr_version_cmp(&v[k], &v[i]),
                      "%s: '%s' vs '%s' not antisymmetric",
                      pr_eco_name(eco),
                      fz_show(line[i + 1], len[i + 1], s1, sizeof(s1)),
                      fz_show(line[k + 1], len[k + 1], s2, sizeof(s2)));
        }
    }

    if (ok[0] && ok[1] && ok[2]
        && pr_version_cmp(&v[0], &v[1]) <= 0
        && pr_version_cmp(&v[1], &v[2]) <= 0)
    {
        FZ_ASSERT(pr_version_cmp(&v[0], &v[2]) <= 0, "%s: not transitive",
                  pr_eco_name(eco));
    }

    fz_pool_free(&pool);

    for (n = 0; n < 4; n++) {
        free(line[n]);
    }

    free(in);

    return 0;
}
