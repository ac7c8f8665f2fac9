/*
 * ngx_pkg_reroute: the cJSON rewriter before issue 9 (ref_rewrite_tree.c),
 * the same contract as pr_rewrite_json() but for the strictness of its
 * parser (cJSON: 01, 1., raw control characters in strings...).
 */

#ifndef _REF_REWRITE_TREE_H_INCLUDED_
#define _REF_REWRITE_TREE_H_INCLUDED_


#include "pr_rewrite.h"


int pr_rewrite_json_tree(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);


#endif /* _REF_REWRITE_TREE_H_INCLUDED_ */
