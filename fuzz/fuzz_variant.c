/*
 * ngx_pkg_reroute fuzzing: pr_variant() over a classified request.
 *
 * Input: one configuration byte, then lines.
 *   byte 0  bits 0-2  the ecosystem: 1 + (bits % 8), npm first
 *           bits 3-5  the method (% 7: GET, HEAD, POST, PUT, ...)
 *           bit 6     PR_PATH_DECODED
 *   line 1            the request target, "path" or "path?query"
 *   lines 2..33       Accept lines (up to 32; more are ignored)
 *
 * The request is classified (exact-size path, query and scratch), then
 * pr_variant() writes into a buffer of exactly PR_VARIANT_MAX bytes from
 * exact-size copies of the Accept lines. Checks:
 *   - the length is at most PR_VARIANT_MAX, and a second call gives the
 *     same bytes;
 *   - INVALID requests, and kinds other than metadata (Docker: also
 *     artifact), have no variant;
 *   - npm: "" or "install-v1"; PyPI: "" or, for /simple/ paths only,
 *     "json" or "html"; other ecosystems: "";
 *   - Docker: comma-separated media types, none empty, no upper case,
 *     no "*" "/" "*", sorted and unique (caseless); and, when every type
 *     is listed once, there are at most 32 and they fit, the same answer
 *     for the Accept lines in the reverse order.
 */


#include "fuzz_common.h"

#include <ctype.h>

#include "pr_classify.h"
#include "pr_variant.h"


#define FZ_MAX_INPUT   16384
#define FZ_MAX_ACCEPT  32
#define FZ_MAX_TYPES   32      /* PR_VARIANT_TYPES in pr_variant.c */


/* strncasecmp(), then the length: how pr_variant() orders types */
static int
fz_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int            ca, cb;
    size_t         i, n;

    n = alen < blen ? alen : blen;

    for (i = 0; i < n; i++) {
        ca = tolower((unsigned char) a[i]);
        cb = tolower((unsigned char) b[i]);

        if (ca != cb) {
            return ca - cb;
        }

        if (ca == 0) {
            return (alen > blen) - (alen < blen);
        }
    }

    return (alen > blen) - (alen < blen);
}


typedef struct {
    const char  *data;
    size_t       len;
} fz_type_t;


/*
 * The media types of the Accept lines, as pr_variant() reads them: items
 * split at ',', the type before ';', spaces and tabs around it dropped,
 * empty ones skipped. Returns how many, or -1 past max.
 */
static int
fz_types(const pr_str_t *accept, size_t naccept, fz_type_t *types,
    size_t max)
{
    size_t       i, n;
    const char  *p, *end, *item, *item_end, *semi, *t;

    n = 0;

    for (i = 0; i < naccept; i++) {
        p = accept[i].data;
        end = p + accept[i].len;

        while (p < end) {
            item = p;
            item_end = memchr(p, ',', end - p);
            if (item_end == NULL) {
                item_end = end;
            }

            p = item_end + 1;

            semi = memchr(item, ';', item_end - item);
            t = semi ? semi : item_end;

            while (item < t && (*item == ' ' || *item == '\t')) { item++; }
            while (t > item && (t[-1] == ' ' || t[-1] == '\t')) { t--; }

            if (t == item) {
                continue;
            }

            if (n == max) {
                return -1;
            }

            types[n].data = item;
            types[n].len = t - item;
            n++;
        }
    }

    return (int) n;
}


static void
fz_check_docker(const char *out, size_t n, const char *what)
{
    char         s1[300];
    size_t       i;
    const char  *p, *end, *comma, *prev;
    size_t       prev_len;

    p = out;
    end = out + n;
    prev = NULL;
    prev_len = 0;

    while (p < end) {
        comma = memchr(p, ',', end - p);
        if (comma == NULL) {
            comma = end;
        }

        FZ_ASSERT(comma > p, "%s: an empty media type in \"%s\"", what,
                  fz_show(out, n, s1, sizeof(s1)));

        for (i = 0; i < (size_t) (comma - p); i++) {
            FZ_ASSERT(!(p[i] >= 'A' && p[i] <= 'Z'), "%s: upper case in"
                      " \"%s\"", what, fz_show(out, n, s1, sizeof(s1)));
        }

        FZ_ASSERT(!(comma - p == 3 && memcmp(p, "*/*", 3) == 0),
                  "%s: \"*/*\" in \"%s\"", what,
                  fz_show(out, n, s1, sizeof(s1)));

        if (prev) {
            FZ_ASSERT(fz_casecmp(prev, prev_len, p, comma - p) < 0,
                      "%s: not sorted and unique: \"%s\"", what,
                      fz_show(out, n, s1, sizeof(s1)));
        }

        prev = p;
        prev_len = comma - p;

        if (comma == end) {
            break;
        }

        p = comma + 1;

        FZ_ASSERT(p < end, "%s: a trailing comma in \"%s\"", what,
                  fz_show(out, n, s1, sizeof(s1)));
    }
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int          ntypes;
    char        *path, *query, *scratch, *out, *out2, *copies[FZ_MAX_ACCEPT];
    char         s1[300], s2[300];
    size_t       i, j, n, n2, plen, qlen, naccept, total;
    uint8_t      cfg;
    pr_eco_t     eco;
    pr_req_t     req;
    pr_str_t     accept[FZ_MAX_ACCEPT], rev[FZ_MAX_ACCEPT];
    fz_type_t    types[FZ_MAX_TYPES];
    pr_method_t  method;
    const char  *p, *end, *eol, *q;
    unsigned     flags;

    if (!pr_classify_compiled()) {
        /* as nginx does at its configuration */
        FZ_ASSERT(pr_classify_init() == 0, "pr_classify_init() failed");
    }

    if (size < 1 || size > FZ_MAX_INPUT) {
        return 0;
    }

    cfg = data[0];
    eco = (pr_eco_t) (1 + (cfg & 7) % (PR_ECO_MAX - 1));
    method = (pr_method_t) (((cfg >> 3) & 7) % (PR_METHOD_OTHER + 1));
    flags = (cfg & 0x40) ? PR_PATH_DECODED : 0;

    p = (const char *) data + 1;
    end = (const char *) data + size;

    /* the request target */

    eol = memchr(p, '\n', end - p);
    if (eol == NULL) {
        eol = end;
    }

    q = memchr(p, '?', eol - p);
    plen = (q ? q : eol) - p;
    qlen = q ? (size_t) (eol - q - 1) : 0;

    path = fz_copy(p, plen);
    query = fz_copy(q ? q + 1 : "", qlen);

    memset(&req, 0, sizeof(req));
    req.size = pr_scratch_size(plen, qlen);
    scratch = fz_malloc(req.size);
    req.buf = scratch;

    FZ_ASSERT(pr_classify(eco, method, path, plen, query, qlen, flags, &req)
              == 0, "pr_classify() failed");

    /* the Accept lines, exact copies */

    naccept = 0;
    p = (eol < end) ? eol + 1 : end;

    while (p < end && naccept < FZ_MAX_ACCEPT) {
        eol = memchr(p, '\n', end - p);
        if (eol == NULL) {
            eol = end;
        }

        /* never NULL: nginx hands header values as pointers, "" at least */
        copies[naccept] = fz_malloc(eol - p);
        memcpy(copies[naccept], p, eol - p);
        accept[naccept].data = copies[naccept];
        accept[naccept].len = eol - p;
        naccept++;

        p = eol + 1;
    }

    out = fz_malloc(PR_VARIANT_MAX);
    out2 = fz_malloc(PR_VARIANT_MAX);

    n = pr_variant(&req, accept, naccept, out);

    FZ_ASSERT(n <= PR_VARIANT_MAX, "variant of %zu bytes", n);

    n2 = pr_variant(&req, accept, naccept, out2);

    FZ_ASSERT(n2 == n && (n == 0 || memcmp(out, out2, n) == 0),
              "two calls, two answers: \"%s\" and \"%s\"",
              fz_show(out, n, s1, sizeof(s1)),
              fz_show(out2, n2 <= n ? n2 : n, s2, sizeof(s2)));

    if (req.cls == PR_CLASS_INVALID
        || (req.kind != PR_KIND_METADATA
            && !(eco == PR_ECO_DOCKER && req.kind == PR_KIND_ARTIFACT)))
    {
        FZ_ASSERT(n == 0, "a variant (\"%s\") for an %s request of kind %s",
                  fz_show(out, n, s1, sizeof(s1)),
                  req.cls == PR_CLASS_INVALID ? "INVALID" : "ordinary",
                  pr_kind_name(req.kind));
    }

    switch (eco) {

    case PR_ECO_NPM:
        FZ_ASSERT(n == 0 || (n == 10 && memcmp(out, "install-v1", 10) == 0),
                  "npm variant \"%s\"", fz_show(out, n, s1, sizeof(s1)));
        break;

    case PR_ECO_PYPI:
        FZ_ASSERT(n == 0 || (n == 4 && (memcmp(out, "json", 4) == 0
                                        || memcmp(out, "html", 4) == 0)),
                  "PyPI variant \"%s\"", fz_show(out, n, s1, sizeof(s1)));

        if (n) {
            FZ_ASSERT(req.path.len >= 8
                      && memcmp(req.path.data, "/simple/", 8) == 0,
                      "PyPI variant \"%s\" for \"%s\"",
                      fz_show(out, n, s1, sizeof(s1)),
                      fz_show(req.path.data, req.path.len, s2, sizeof(s2)));
        }

        break;

    case PR_ECO_DOCKER:
        fz_check_docker(out, n, "docker");

        /* the order of the Accept lines does not matter, when the answer
         * is the plain sorted set */

        ntypes = fz_types(accept, naccept, types, FZ_MAX_TYPES);
        total = 0;

        for (i = 0; ntypes > 0 && i < (size_t) ntypes; i++) {
            total += types[i].len + 1;

            for (j = 0; j < i; j++) {
                if (fz_casecmp(types[i].data, types[i].len, types[j].data,
                               types[j].len) == 0)
                {
                    ntypes = -1;
                    break;
                }
            }
        }

        if (ntypes >= 0 && total <= PR_VARIANT_MAX && naccept > 1) {
            for (i = 0; i < naccept; i++) {
                rev[i] = accept[naccept - 1 - i];
            }

            n2 = pr_variant(&req, rev, naccept, out2);

            FZ_ASSERT(n2 == n && (n == 0 || memcmp(out, out2, n) == 0),
                      "docker: the Accept lines reversed give \"%s\", not"
                      " \"%s\"", fz_show(out2, n2, s1, sizeof(s1)),
                      fz_show(out, n, s2, sizeof(s2)));
        }

        break;

    default:
        FZ_ASSERT(n == 0, "%s: a variant \"%s\"", pr_eco_name(eco),
                  fz_show(out, n, s1, sizeof(s1)));
    }

    for (i = 0; i < naccept; i++) {
        free(copies[i]);
    }

    free(out);
    free(out2);
    free(scratch);
    free(path);
    free(query);

    return 0;
}
