/*
 * ngx_pkg_reroute: minimal helpers for the C table tests.
 *
 *   PR_CHECK(cond, fmt, ...)   counts a pass, or counts a failure and
 *                              prints "FAIL file:line: message" to stderr
 *   PR_TEST_DONE(name)         prints "name: N passed, N failed" and
 *                              returns 1 from the caller if anything
 *                              failed, else 0 (use it at the end of main)
 *   pr_test_alloc(ctx, size)   a pr_alloc_pt whose blocks
 *   pr_test_free_all()         are all freed at once
 */

#ifndef _PR_TEST_H_INCLUDED_
#define _PR_TEST_H_INCLUDED_


#include <stdio.h>
#include <stdlib.h>


#if defined(__GNUC__)
#define PR_TEST_UNUSED  __attribute__((unused))
#else
#define PR_TEST_UNUSED
#endif


static unsigned long  pr_test_passed PR_TEST_UNUSED;
static unsigned long  pr_test_failed PR_TEST_UNUSED;


#define PR_CHECK(cond, ...)                                                   \
    do {                                                                      \
        if (cond) {                                                           \
            pr_test_passed++;                                                 \
                                                                              \
        } else {                                                              \
            pr_test_failed++;                                                 \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);              \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
        }                                                                     \
    } while (0)


#define PR_TEST_DONE(name)                                                    \
    do {                                                                      \
        printf("%s: %lu passed, %lu failed\n", (name), pr_test_passed,       \
               pr_test_failed);                                               \
        return pr_test_failed ? 1 : 0;                                        \
    } while (0)


/* every block on one list, freed at the end (valgrind: no leaks) */
static void  *pr_test_blocks PR_TEST_UNUSED;


PR_TEST_UNUSED static void *
pr_test_alloc(void *ctx, size_t size)
{
    void  **p;

    (void) ctx;

    p = malloc(sizeof(void *) + size + 16);
    if (p == NULL) {
        return NULL;
    }

    *p = pr_test_blocks;
    pr_test_blocks = p;

    return (char *) p + 16;
}


PR_TEST_UNUSED static void
pr_test_free_all(void)
{
    void  **p;

    while (pr_test_blocks) {
        p = pr_test_blocks;
        pr_test_blocks = *p;
        free(p);
    }
}


#endif /* _PR_TEST_H_INCLUDED_ */
