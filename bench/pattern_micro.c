/*
 * ngx_pkg_reroute: micro-benchmark of the wildcard matcher.
 *
 * Builds matchers from 10, 1,000, 10,000 and 100,000 generated patterns
 * (mostly exact names, about 10% prefix globs, 2% suffix globs, a few '?')
 * and times 1,000,000 matches of a mix of names, most of them misses.
 *
 *   cc -std=gnu99 -O2 -I ngx_pkg_reroute_module bench/pattern_micro.c \
 *       ngx_pkg_reroute_module/pr_pattern.c -o build/pattern_micro
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pr_pattern.h"


#define PB_NAMES     4096
#ifndef PB_MATCHES
#define PB_MATCHES   1000000
#endif
#ifndef PB_RUNS
#define PB_RUNS      5
#endif
#define PB_LEN       64


typedef struct {
    char    s[PB_LEN];
    size_t  len;
} pb_str_t;


static const char  *pb_syl[] = {
    "ax", "be", "cor", "da", "el", "fu", "gen", "hy", "io", "jet", "ka",
    "lo", "mi", "nu", "or", "pa", "qui", "ra", "so", "ti", "ur", "ve",
    "wo", "xy", "yo", "ze", "an", "bot", "cli", "dev", "ex", "fast", "git",
    "http", "json", "kit", "lib", "mod", "net", "ops", "py", "que", "rs",
    "sdk", "tool", "util", "web", "zip"
};


static uint64_t  pb_rng;
static size_t    pb_bytes;


static uint32_t
pb_rand(void)
{
    pb_rng ^= pb_rng << 13;
    pb_rng ^= pb_rng >> 7;
    pb_rng ^= pb_rng << 17;

    return (uint32_t) (pb_rng >> 16);
}


static void *
pb_alloc(void *ctx, size_t size)
{
    (void) ctx;

    pb_bytes += size;

    return malloc(size);
}


static double
pb_now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);

    return ts.tv_sec + ts.tv_nsec / 1e9;
}


static size_t
pb_word(char *p)
{
    size_t  n, i, len;

    n = 3 + pb_rand() % 3;
    len = 0;

    for (i = 0; i < n; i++) {
        len += (size_t) sprintf(p + len, "%s", pb_syl[pb_rand() % 48]);
    }

    return len;
}


/* a realistic canonical name: pkg-name, @scope/name, org/model, evil-1234 */

static size_t
pb_name(char *p)
{
    size_t  len;

    switch (pb_rand() % 5) {

    case 0:
        p[0] = '@';
        len = 1 + pb_word(p + 1);
        p[len++] = '/';
        len += pb_word(p + len);
        break;

    case 1:
        len = pb_word(p);
        p[len++] = '/';
        len += pb_word(p + len);
        p[len++] = '-';
        len += (size_t) sprintf(p + len, "%ub", 1 + pb_rand() % 70);
        break;

    case 2:
        len = pb_word(p);
        p[len++] = '-';
        len += pb_word(p + len);
        p[len++] = '-';
        len += (size_t) sprintf(p + len, "%u", pb_rand() % 100000);
        break;

    default:
        len = pb_word(p);
        p[len++] = '-';
        len += pb_word(p + len);
        break;
    }

    p[len] = '\0';

    return len;
}


static void
pb_run(size_t npats)
{
    int            run;
    char          *p;
    size_t         i, j, nprefix, nsuffix, nq, hits, nnames;
    double         t0, t, best, build;
    uint32_t       idx;
    pb_str_t      *pats, *names;
    pr_matcher_t  *m;
    volatile int   sink;

    pats = malloc(npats * sizeof(pb_str_t));
    names = malloc(PB_NAMES * sizeof(pb_str_t));

    if (pats == NULL || names == NULL) {
        fprintf(stderr, "no memory\n");
        exit(1);
    }

    pb_rng = 0x2545f4914f6cdd1dull ^ npats;

    nprefix = npats / 10 ? npats / 10 : 1;
    nsuffix = npats / 50 ? npats / 50 : 1;
    nq = npats / 200;

    for (i = 0; i < npats; i++) {
        p = pats[i].s;

        if (i < nsuffix) {
            /* *-word7 */
            p[0] = '*';
            p[1] = '-';
            pats[i].len = 2 + pb_word(p + 2);
            pats[i].len += (size_t) sprintf(p + pats[i].len, "%u",
                                            pb_rand() % 10);

        } else if (i < nsuffix + nprefix) {
            /* word42-STAR, @word42/STAR, word42/STARSTAR: private spaces */
            j = 0;

            if (pb_rand() % 3 == 1) {
                p[j++] = '@';
            }

            j += pb_word(p + j);
            j += (size_t) sprintf(p + j, "%u", pb_rand() % 1000);

            if (p[0] == '@') {
                memcpy(p + j, "/*", 2);
                j += 2;

            } else if (pb_rand() % 2) {
                memcpy(p + j, "-*", 2);
                j += 2;

            } else {
                memcpy(p + j, "/**", 3);
                j += 3;
            }

            pats[i].len = j;

        } else if (i < nsuffix + nprefix + nq) {
            /* word-???? */
            pats[i].len = pb_word(p);
            memcpy(p + pats[i].len, "-????", 5);
            pats[i].len += 5;

        } else {
            pats[i].len = pb_name(p);
        }
    }

    /* names: 10% exact hits, 5% prefix, 2% suffix, the rest misses */

    for (i = 0; i < PB_NAMES; i++) {
        j = pb_rand() % 100;
        p = names[i].s;

        if (j < 10 && npats > nsuffix + nprefix + nq) {
            j = nsuffix + nprefix + nq
                + pb_rand() % (npats - nsuffix - nprefix - nq);
            names[i] = pats[j];

        } else if (j < 15) {
            j = nsuffix + pb_rand() % nprefix;
            names[i].len = pats[j].len;
            memcpy(p, pats[j].s, pats[j].len);

            while (names[i].len && p[names[i].len - 1] == '*') {
                names[i].len--;
            }

            names[i].len += pb_word(p + names[i].len);

        } else if (j < 17) {
            j = pb_rand() % nsuffix;
            names[i].len = pb_word(p);
            memcpy(p + names[i].len, pats[j].s + 1, pats[j].len - 1);
            names[i].len += pats[j].len - 1;

        } else {
            names[i].len = pb_name(p);
        }
    }

    /* build */

    pb_bytes = 0;
    t0 = pb_now();

    m = pr_matcher_create(pb_alloc, NULL);
    if (m == NULL) {
        fprintf(stderr, "no memory\n");
        exit(1);
    }

    for (i = 0; i < npats; i++) {
        if (pr_matcher_add(m, pats[i].s, pats[i].len, (uint32_t) i) != 0) {
            fprintf(stderr, "bad pattern \"%.*s\"\n", (int) pats[i].len,
                    pats[i].s);
            exit(1);
        }
    }

    if (pr_matcher_compile(m) != 0) {
        fprintf(stderr, "no memory\n");
        exit(1);
    }

    build = pb_now() - t0;

    hits = 0;
    nnames = 0;

    for (i = 0; i < PB_NAMES; i++) {
        hits += (size_t) pr_matcher_match(m, names[i].s, names[i].len, &idx);
        nnames += names[i].len;
    }

    /* time */

    best = 1e9;

    for (run = 0; run < PB_RUNS; run++) {
        sink = 0;
        t0 = pb_now();

        for (i = 0; i < PB_MATCHES; i++) {
            j = i & (PB_NAMES - 1);
            sink += pr_matcher_match(m, names[j].s, names[j].len, &idx);
        }

        t = pb_now() - t0;

        if (t < best) {
            best = t;
        }
    }

    (void) sink;

    printf("%7zu patterns: %6.1f ns/match  (hits %4.1f%%, avg name %4.1f B,"
           " build %7.1f ms, %7.1f MB)\n",
           npats, best * 1e9 / PB_MATCHES, 100.0 * hits / PB_NAMES,
           (double) nnames / PB_NAMES, build * 1e3, pb_bytes / 1048576.0);

    /* the matcher's memory is left to the process exit, as in a pool */

    free(pats);
    free(names);
}


int
main(int argc, char **argv)
{
    int  i;

    if (argc > 1) {
        for (i = 1; i < argc; i++) {
            pb_run((size_t) strtoul(argv[i], NULL, 10));
        }

        return 0;
    }

    pb_run(10);
    pb_run(1000);
    pb_run(10000);
    pb_run(100000);

    return 0;
}
