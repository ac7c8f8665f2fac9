/*
 * ngx_pkg_reroute: what the rewriters (pr_rewrite_json.c, pr_rewrite_html.c)
 * share from pr_rewrite.c; not for other callers.
 */

#ifndef _PR_REWRITE_INT_H_INCLUDED_
#define _PR_REWRITE_INT_H_INCLUDED_


#include "pr_name.h"
#include "pr_rewrite.h"


#define pr_lower(c)   (((c) >= 'A' && (c) <= 'Z') ? ((c) | 0x20) : (c))
#define pr_space(c)                                                          \
    ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f')


typedef struct {
    pr_str_t  num[3];
    pr_str_t  pre;               /* empty: a release */
} pr_semver_t;


/* the first map whose prefix url starts with: *skip bytes of url are
 * replaced by *to; NULL if none */
const pr_rewrite_map_t *pr_rewrite_find(const pr_rewrite_t *rw,
    const char *url, size_t len, size_t *skip, pr_str_t *to);

/* 1 if url stays on the document's host (see PR_UNSAFE_UNMAPPED) */
int pr_url_relative(const char *url, size_t len, int html);

/* 0: go on; PR_REWRITE_UNSAFE and *err: refused */
int pr_unsafe(const pr_rewrite_t *rw, pr_unsafe_t what, const char *text,
    size_t len, const char **err);

/* 0 and *v, or -1: not major.minor.patch[-pre][+build] */
int pr_semver_parse(const char *s, size_t len, pr_semver_t *v);

/* precedence: -1, 0, 1 (pre-releases of one release are not ordered) */
int pr_semver_cmp(const pr_semver_t *a, const pr_semver_t *b);


#endif /* _PR_REWRITE_INT_H_INCLUDED_ */
