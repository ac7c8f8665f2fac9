/*
 * ngx_pkg_reroute fuzzing: pr_name_canon().
 *
 * Input: a package name (any bytes). For every ecosystem (and none):
 *   - the output is no longer than the input (it is written into a
 *     buffer of exactly the input's length: ASan sees a byte more);
 *   - canonical of canonical is itself (the same bytes, the same length);
 *   - the output is what the documented rules give, by a reference
 *     written here: ASCII lower case everywhere; PyPI: every run of
 *     '-', '_', '.' becomes one '-' (PEP 503); Cargo: '_' becomes '-';
 *     every other byte (wildcards, non-ASCII) passes untouched.
 */


#include "fuzz_common.h"

#include "pr_name.h"


#define FZ_MAX_INPUT  4096


/* the reference: what pr_name.h documents */
static size_t
fz_canon_ref(pr_eco_t eco, const char *in, size_t len, char *out)
{
    char    c;
    size_t  i, n;

    n = 0;

    for (i = 0; i < len; i++) {
        c = in[i];

        if (c >= 'A' && c <= 'Z') {
            c = (char) (c - 'A' + 'a');
        }

        if (eco == PR_ECO_PYPI && (c == '-' || c == '_' || c == '.')) {
            if (i > 0 && (in[i - 1] == '-' || in[i - 1] == '_'
                          || in[i - 1] == '.'))
            {
                continue;
            }

            c = '-';

        } else if (eco == PR_ECO_CARGO && c == '_') {
            c = '-';
        }

        out[n++] = c;
    }

    return n;
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int      e;
    char    *in, *out, *again, *ref, s1[256], s2[256], s3[256];
    size_t   n, n2, nr;

    if (size > FZ_MAX_INPUT) {
        return 0;
    }

    in = fz_copy(data, size);

    for (e = PR_ECO_NONE; e < PR_ECO_MAX; e++) {
        out = fz_malloc(size);
        ref = fz_malloc(size);

        n = pr_name_canon((pr_eco_t) e, in, size, out);

        FZ_ASSERT(n <= size, "%s: canonical of \"%s\" is %zu bytes, longer"
                  " than the input (%zu)", pr_eco_name((pr_eco_t) e),
                  fz_show(in, size, s1, sizeof(s1)), n, size);

        nr = fz_canon_ref((pr_eco_t) e, in, size, ref);

        FZ_ASSERT(n == nr && (n == 0 || memcmp(out, ref, n) == 0),
                  "%s: canonical of \"%s\" is \"%s\", the documented rules"
                  " give \"%s\"", pr_eco_name((pr_eco_t) e),
                  fz_show(in, size, s1, sizeof(s1)),
                  fz_show(out, n, s2, sizeof(s2)),
                  fz_show(ref, nr, s3, sizeof(s3)));

        /* canonical of canonical: an exact copy in, an exact buffer out */
        {
            char  *copy;

            copy = fz_copy(out, n);
            again = fz_malloc(n);
            n2 = pr_name_canon((pr_eco_t) e, copy, n, again);

            FZ_ASSERT(n2 == n && (n == 0 || memcmp(again, out, n) == 0),
                      "%s: not idempotent: \"%s\" -> \"%s\" -> \"%s\"",
                      pr_eco_name((pr_eco_t) e),
                      fz_show(in, size, s1, sizeof(s1)),
                      fz_show(out, n, s2, sizeof(s2)),
                      fz_show(again, n2 <= n ? n2 : n, s3, sizeof(s3)));

            free(copy);
            free(again);
        }

        free(out);
        free(ref);
    }

    free(in);

    return 0;
}
