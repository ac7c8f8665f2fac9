/*
 * ngx_pkg_reroute: wildcard patterns on canonical package names.
 *
 *   *    any run of characters inside one path segment (not '/')
 *   ?    exactly one character, not '/'
 *   **   any run of characters, '/' included
 *
 * Patterns are compiled once, at configuration time, into one structure
 * whose matching cost per name does not grow with the number of patterns.
 * Matching is byte-exact: callers normalise names and the literal parts of
 * patterns (case, separators) before they get here.
 */

#ifndef _PR_PATTERN_H_INCLUDED_
#define _PR_PATTERN_H_INCLUDED_


#include "pr_core.h"


#define PR_PATTERN_MAX_LEN  1024


typedef struct pr_matcher_s  pr_matcher_t;


/* NULL if the pattern is acceptable, else a static reason */
const char *pr_pattern_check(const char *pat, size_t len);

/* all memory comes from alloc(ctx, size); nothing is ever freed singly */
pr_matcher_t *pr_matcher_create(pr_alloc_pt alloc, void *ctx);

/* index is the pattern's number, returned by pr_matcher_match(); 0 on
 * success, -1 on a bad pattern or no memory */
int pr_matcher_add(pr_matcher_t *m, const char *pat, size_t len,
    uint32_t index);

/* after the last add; 0 on success, -1 on no memory */
int pr_matcher_compile(pr_matcher_t *m);

/* 1 and *index of the lowest-numbered matching pattern, or 0. Allocates
 * nothing; uses scratch owned by the matcher, so it is not reentrant (an
 * nginx worker is single-threaded). */
int pr_matcher_match(pr_matcher_t *m, const char *name, size_t len,
    uint32_t *index);

size_t pr_matcher_npatterns(pr_matcher_t *m);


#endif /* _PR_PATTERN_H_INCLUDED_ */
