/*
 * ngx_pkg_reroute fuzzing: the time sources that cost a fetch (pr_tsrc.c).
 *
 * Input: byte 0 picks the reader (0 a Docker manifest, 1 an image config,
 * 2 a Hugging Face revision, 3..7 the Git documents, pr_tsrc_git_t), the
 * rest is the document, an exact-size copy. Invariants: an error has a
 * reason; a time is 0..9999-12-31; a digest to fetch passes
 * pr_tsrc_digest_ok() (a Git tag's: pr_tsrc_git_sha()), is NUL-terminated
 * at its length and is "sha256:" or "sha512:" with hex (so that it can go
 * into a URI as it is); a second call gives the same answer.
 *
 * The same bytes, split at the first NUL into a name and a ref, make a
 * Git API path (pr_tsrc_git_path): when one is made it is the
 * document's path with bytes of [A-Za-z0-9._/-] only, no "/." and no
 * "//", NUL-terminated at its length.
 */


#include "fuzz_common.h"

#include "pr_tsrc.h"


#define FZ_MAX_INPUT  65536


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static pr_tsrc_step_t
fz_read(unsigned which, const char *p, size_t n, pr_tsrc_t *out)
{
    switch (which % 8) {
    case 0:
        return pr_tsrc_docker_manifest(p, n, out);
    case 1:
        return pr_tsrc_docker_config(p, n, out);
    case 2:
        return pr_tsrc_hf_revision(p, n, out);
    default:
        return pr_tsrc_git_read((pr_tsrc_git_t) (which % 8 - 3), p, n, out);
    }
}


static void
fz_git_path(unsigned which, const char *p, size_t n)
{
    char         buf[600];
    size_t       len, i, k;
    const char  *ref;

    ref = (n > 0) ? memchr(p, '\0', n) : NULL;

    if (ref == NULL) {
        return;
    }

    k = ref - p;
    ref++;

    len = pr_tsrc_git_path((pr_tsrc_git_t) (which % 5), p, k, ref,
                           n - k - 1, buf, (which & 0x80) ? 40 : sizeof(buf));

    if (len == 0) {
        return;
    }

    FZ_ASSERT(buf[len] == '\0' && strlen(buf) == len,
              "path not NUL-terminated at its length");

    for (i = 0; i < len; i++) {
        FZ_ASSERT((buf[i] >= 'a' && buf[i] <= 'z')
                  || (buf[i] >= 'A' && buf[i] <= 'Z')
                  || (buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-'
                  || buf[i] == '_' || buf[i] == '.' || buf[i] == '/',
                  "path byte 0x%02x", (unsigned char) buf[i]);
    }

    FZ_ASSERT(strstr(buf, "/.") == NULL && strstr(buf, "//") == NULL,
              "path \"%s\" has \"/.\" or \"//\"", buf);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char            *p;
    size_t           n;
    unsigned         which;
    pr_tsrc_t        out, again;
    pr_tsrc_step_t   step, step2;

    if (size < 1 || size > FZ_MAX_INPUT) {
        return 0;
    }

    which = data[0];
    n = size - 1;
    p = fz_copy((const char *) data + 1, n);

    step = fz_read(which, p, n, &out);

    switch (step) {
    case PR_TSRC_ERROR:
        FZ_ASSERT(out.why != NULL, "an error without a reason");
        break;

    case PR_TSRC_TIME:
        FZ_ASSERT(out.time >= 0 && out.time <= 253402300799LL,
                  "time %lld out of range", (long long) out.time);
        break;

    case PR_TSRC_NONE:
        FZ_ASSERT(which % 8 == 3 + PR_TSRC_GH_REF, "none but from a ref");
        break;

    case PR_TSRC_GIT_TAG:
        FZ_ASSERT(which % 8 == 3 + PR_TSRC_GH_REF, "a tag but from a ref");
        FZ_ASSERT(out.digest[out.digest_len] == '\0'
                  && strlen(out.digest) == out.digest_len
                  && pr_tsrc_git_sha(out.digest, out.digest_len),
                  "tag sha \"%s\" not 40 or 64 hex", out.digest);
        break;

    case PR_TSRC_CONFIG:
    case PR_TSRC_MANIFEST:
        FZ_ASSERT(which % 8 == 0, "a fetch asked by a config or revision");
        FZ_ASSERT(out.digest_len <= PR_TSRC_DIGEST_MAX
                  && out.digest[out.digest_len] == '\0'
                  && strlen(out.digest) == out.digest_len,
                  "digest not NUL-terminated at its length");
        FZ_ASSERT(pr_tsrc_digest_ok(out.digest, out.digest_len),
                  "digest \"%s\" not sha256/sha512 hex", out.digest);
        break;

    default:
        FZ_FAIL("step %d", (int) step);
    }

    step2 = fz_read(which, p, n, &again);

    FZ_ASSERT(step2 == step, "a second call: step %d, was %d", (int) step2,
              (int) step);
    FZ_ASSERT(step != PR_TSRC_TIME || again.time == out.time,
              "a second call: another time");
    FZ_ASSERT(step == PR_TSRC_TIME || step == PR_TSRC_ERROR
              || strcmp(again.digest, out.digest) == 0,
              "a second call: another digest");

    fz_git_path(which, p, n);

    free(p);

    return 0;
}
