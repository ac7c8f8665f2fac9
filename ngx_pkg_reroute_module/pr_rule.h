/*
 * ngx_pkg_reroute: routing rules and the one decision function.
 *
 * A rule is a name, a mode (block or allow) and wildcard patterns on
 * canonical package names. Each ecosystem that uses a rule gets the
 * patterns compiled in its own canonical form, once, at configuration time.
 */

#ifndef _PR_RULE_H_INCLUDED_
#define _PR_RULE_H_INCLUDED_


#include "pr_core.h"
#include "pr_pattern.h"


typedef enum {
    PR_MODE_BLOCK = 0,
    PR_MODE_ALLOW
} pr_mode_t;


typedef struct {
    pr_str_t        name;
    pr_mode_t       mode;

    pr_str_t       *patterns;       /* as written, for answers and logs */
    size_t          npatterns;

    pr_matcher_t   *matcher[PR_ECO_MAX];
} pr_rule_t;


typedef enum {
    PR_VERDICT_ALLOW = 0,
    PR_VERDICT_BLOCK
} pr_verdict_e;


typedef struct {
    pr_verdict_e     verdict;
    const pr_str_t  *name;          /* the name that decided */
    const pr_str_t  *pattern;       /* the pattern that decided, or NULL */
} pr_verdict_t;


/* compiles the rule's patterns for eco, if not yet; 0 or -1 (no memory) */
int pr_rule_compile(pr_rule_t *rule, pr_eco_t eco, pr_alloc_pt alloc,
    void *ctx);

/*
 * The decision over (ecosystem, name, version). The version is not used
 * by routing rules, which judge whole packages; it is here so that
 * per-version policy (curation) joins the same function.
 */
pr_verdict_e pr_rule_decide(const pr_rule_t *rule, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version,
    const pr_str_t **pattern);

/* every name of a request: blocked if any one is */
void pr_rule_decide_req(const pr_rule_t *rule, const pr_req_t *req,
    pr_verdict_t *v);


#endif /* _PR_RULE_H_INCLUDED_ */
