/*
 * ngx_pkg_reroute fuzzing: pr_pattern_check() and the matcher.
 *
 * Input: lines. Everything after the last '\n' is the name (up to 256
 * bytes, any bytes but '\n'); the lines before it are patterns (the first
 * 8, each cut at 64 bytes). A pattern line may end with " <digits>": its
 * index (patterns cannot hold a space); without one the index is the
 * line's number. Indexes may repeat and come in any order.
 *
 * For every pattern: pr_pattern_check() accepts it exactly when the rules
 * do (not empty, bytes 0x21..0x7e, no "***"), and pr_matcher_add() agrees
 * with pr_pattern_check(). The accepted ones are compiled into a matcher
 * whose memory comes from a malloc-based pool (garbage-filled, freed
 * together at the end: LeakSanitizer sees nothing left over).
 *
 * pr_matcher_match() on an exact-size copy of the name must give what a
 * reference glob matcher gives ('*' any run without '/', '?' one byte but
 * '/', "**" any run; the lowest index of the matching patterns), twice in
 * a row; pr_matcher_npatterns() counts the accepted patterns; adding after
 * compilation fails.
 */


#include "fuzz_common.h"

#include "pr_pattern.h"


#define FZ_MAXP      8
#define FZ_PAT_MAX   64
#define FZ_NAME_MAX  256


typedef struct {
    const char  *data;
    size_t       len;
    uint32_t     index;
    int          valid;
} fz_pat_t;


/* the rules of pr_pattern.h, written again */
static int
fz_check_ref(const char *p, size_t len)
{
    size_t         i, stars;
    unsigned char  c;

    if (len == 0 || len > PR_PATTERN_MAX_LEN) {
        return 0;
    }

    stars = 0;

    for (i = 0; i < len; i++) {
        c = (unsigned char) p[i];

        if (c < 0x21 || c > 0x7e) {
            return 0;
        }

        stars = (c == '*') ? stars + 1 : 0;

        if (stars == 3) {
            return 0;
        }
    }

    return 1;
}


/*
 * The reference glob matcher: dynamic programming over the name, one
 * pattern token at a time, O(pattern x name). cur[j]: the tokens so far
 * match name[0, j).
 */
static int
fz_glob_ref(const char *p, size_t plen, const char *s, size_t slen)
{
    int      ok;
    size_t   i, j;
    uint8_t  a[FZ_NAME_MAX + 1], b[FZ_NAME_MAX + 1], *cur, *nxt, *t;

    cur = a;
    nxt = b;

    memset(cur, 0, slen + 1);
    cur[0] = 1;

    for (i = 0; i < plen; i++) {

        if (p[i] == '*' && i + 1 < plen && p[i + 1] == '*') {
            /* "**": any run */
            i++;
            nxt[0] = cur[0];

            for (j = 1; j <= slen; j++) {
                nxt[j] = cur[j] || nxt[j - 1];
            }

        } else if (p[i] == '*') {
            /* '*': any run without '/' */
            nxt[0] = cur[0];

            for (j = 1; j <= slen; j++) {
                nxt[j] = cur[j] || (nxt[j - 1] && s[j - 1] != '/');
            }

        } else {
            /* '?': one byte but '/'; a literal: that byte */
            nxt[0] = 0;

            for (j = 1; j <= slen; j++) {
                nxt[j] = cur[j - 1] && (p[i] == '?' ? s[j - 1] != '/'
                                                     : s[j - 1] == p[i]);
            }
        }

        t = cur;
        cur = nxt;
        nxt = t;
    }

    ok = cur[slen];

    return ok;
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int            rc, want, ok;
    char          *name, *pcopy[FZ_MAXP], s1[600], s2[200];
    size_t         i, n, nlen, npats, naccepted, len;
    uint32_t       got, wanti, idx;
    fz_pat_t       pats[FZ_MAXP];
    fz_pool_t      pool;
    const char    *p, *end, *nl, *sp, *reason;
    pr_matcher_t  *m;

    /* the name: after the last '\n' */

    p = (const char *) data;
    end = p + size;

    for (nl = end; nl > p && nl[-1] != '\n'; nl--) { /* void */ }

    nlen = end - nl;

    if (nlen > FZ_NAME_MAX) {
        nlen = FZ_NAME_MAX;
    }

    /* the patterns: the lines before it */

    npats = 0;
    end = (nl > p) ? nl - 1 : p;

    while (p < end && npats < FZ_MAXP) {
        const char  *eol;

        eol = memchr(p, '\n', end - p);
        if (eol == NULL) {
            eol = end;
        }

        len = eol - p;
        idx = (uint32_t) npats;

        sp = NULL;

        for (i = len; i > 0; i--) {
            if (p[i - 1] == ' ') {
                sp = p + i - 1;
                break;
            }
        }

        if (sp && sp + 1 < eol) {
            /* "<pattern> <index>": digits, wrapping at 2^32 */
            idx = 0;

            for (i = 1; sp + i < eol; i++) {
                if (sp[i] >= '0' && sp[i] <= '9') {
                    idx = idx * 10 + (uint32_t) (sp[i] - '0');
                }
            }

            len = sp - p;
        }

        if (len > FZ_PAT_MAX) {
            len = FZ_PAT_MAX;
        }

        pats[npats].data = p;
        pats[npats].len = len;
        pats[npats].index = idx;
        npats++;

        p = eol + 1;
    }

    memset(&pool, 0, sizeof(pool));

    m = pr_matcher_create(fz_pool_alloc, &pool);
    FZ_ASSERT(m != NULL, "pr_matcher_create() failed");

    naccepted = 0;

    for (i = 0; i < npats; i++) {
        /* exact copies: a read past a pattern is seen */
        pcopy[i] = fz_copy(pats[i].data, pats[i].len);

        reason = pr_pattern_check(pcopy[i], pats[i].len);
        pats[i].valid = fz_check_ref(pats[i].data, pats[i].len);

        FZ_ASSERT((reason == NULL) == pats[i].valid,
                  "pr_pattern_check(\"%s\"): %s, the rules say %s",
                  fz_show(pats[i].data, pats[i].len, s1, sizeof(s1)),
                  reason ? reason : "fine",
                  pats[i].valid ? "fine" : "invalid");

        rc = pr_matcher_add(m, pcopy[i], pats[i].len, pats[i].index);

        FZ_ASSERT(rc == (pats[i].valid ? 0 : -1),
                  "pr_matcher_add(\"%s\") returned %d",
                  fz_show(pats[i].data, pats[i].len, s1, sizeof(s1)), rc);

        naccepted += pats[i].valid;
    }

    FZ_ASSERT(pr_matcher_compile(m) == 0, "pr_matcher_compile() failed");

    n = pr_matcher_npatterns(m);
    FZ_ASSERT(n == naccepted, "pr_matcher_npatterns() is %zu, not %zu", n,
              naccepted);

    FZ_ASSERT(pr_matcher_add(m, "a", 1, 0) == -1,
              "pr_matcher_add() after compilation succeeded");

    /* the reference answer */

    want = 0;
    wanti = 0;

    for (i = 0; i < npats; i++) {
        if (pats[i].valid
            && fz_glob_ref(pats[i].data, pats[i].len, nl, nlen)
            && (!want || pats[i].index < wanti))
        {
            want = 1;
            wanti = pats[i].index;
        }
    }

    name = fz_copy(nl, nlen);

    for (n = 0; n < 2; n++) {
        got = 0xdeadbeef;
        rc = pr_matcher_match(m, name, nlen, &got);
        ok = (rc == want && (!want || got == wanti));

        if (!ok) {
            fprintf(stderr, "\nname \"%s\"; patterns:",
                    fz_show(nl, nlen, s1, sizeof(s1)));

            for (i = 0; i < npats; i++) {
                fprintf(stderr, " \"%s\"=%u%s",
                        fz_show(pats[i].data, pats[i].len, s2, sizeof(s2)),
                        pats[i].index, pats[i].valid ? "" : "(invalid)");
            }

            FZ_FAIL("%s match: pr_matcher_match() gives %d/%u, the"
                    " reference %d/%u", n ? "repeated" : "first", rc,
                    rc == 1 ? got : 0, want, want ? wanti : 0);
        }
    }

    free(name);

    for (i = 0; i < npats; i++) {
        free(pcopy[i]);
    }

    fz_pool_free(&pool);

    return 0;
}
