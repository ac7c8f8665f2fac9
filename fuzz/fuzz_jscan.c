/*
 * ngx_pkg_reroute fuzzing: pr_jskip(), the JSON rewriter's pre-scan skip
 * (pr_jscan.h).
 *
 * Input: any bytes, read as a document (an exact-size heap copy: ASan
 * sees a read one byte past it). From every start up to the 64th byte,
 * from the first 64 '{', '[' and '"' after that and from 8 more starts
 * (a hash of the input): every way this build and CPU have (bytes, SSE2,
 * AVX2, and AUTO) gives the answer of the reference, pr_jscan.h's words
 * byte by byte (t/c/ref_jscan.h, which t/c/test_jscan.c uses too);
 * pr_jskip_string() gives ref_jskip_string()'s.
 */


#include "fuzz_common.h"

#include "pr_jscan.h"
#include "../t/c/ref_jscan.h"


#define FZ_MAX_INPUT  65536


static const char  *fz_way[] = { "auto", "bytes", "sse2", "avx2" };


static void
fz_jscan_at(const char *in, size_t len, size_t i)
{
    int     how;
    char    s1[256];
    size_t  want, got;

    want = ref_jskip(in, len, i);

    for (how = PR_JSKIP_AUTO; how <= PR_JSKIP_AVX2; how++) {
        if (!pr_jskip_has(how)) {
            continue;
        }

        got = pr_jskip_by(how, in, len, i);

        FZ_ASSERT(got == want, "from %zu of \"%s\" (%zu bytes), %s: %zu, "
                  "the reference: %zu", i, fz_show(in, len, s1, sizeof(s1)),
                  len, fz_way[how], got, want);
    }

    got = pr_jskip_string(in, len, i);
    want = ref_jskip_string(in, len, i);

    FZ_ASSERT(got == want, "string from %zu of \"%s\" (%zu bytes): %zu, "
              "the reference: %zu", i, fz_show(in, len, s1, sizeof(s1)),
              len, got, want);
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int        k, n;
    char      *in;
    size_t     i;
    uint64_t   h;

    if (size > FZ_MAX_INPUT) {
        return 0;
    }

    in = fz_copy(data, size);

    for (i = 0; i <= size && i <= 64; i++) {
        fz_jscan_at(in, size, i);
    }

    for (n = 0; i < size && n < 64; i++) {
        if (in[i] == '{' || in[i] == '[' || in[i] == '"') {
            fz_jscan_at(in, size, i);
            n++;
        }
    }

    h = fz_hash(data, size, FZ_HASH_INIT);

    for (k = 0; k < 8 && size > 0; k++) {
        fz_jscan_at(in, size, (size_t) (h % (size + 1)));
        h = h * 0x100000001b3ull + (uint64_t) k;
    }

    free(in);

    return 0;
}
