/*
 * ngx_pkg_reroute: routing rules.
 */

#include "pr_rule.h"
#include "pr_name.h"


int
pr_rule_compile(pr_rule_t *rule, pr_eco_t eco, pr_alloc_pt alloc, void *ctx)
{
    char          *buf;
    size_t         i, len;
    pr_matcher_t  *m;

    if (rule->matcher[eco]) {
        return 0;
    }

    m = pr_matcher_create(alloc, ctx);
    if (m == NULL) {
        return -1;
    }

    for (i = 0; i < rule->npatterns; i++) {
        buf = alloc(ctx, rule->patterns[i].len + 1);
        if (buf == NULL) {
            return -1;
        }

        /* the literal parts of a pattern follow the ecosystem's name rules */
        len = pr_name_canon(eco, rule->patterns[i].data,
                            rule->patterns[i].len, buf);

        if (pr_matcher_add(m, buf, len, (uint32_t) i) != 0) {
            return -1;
        }

        /*
         * Hugging Face: a model's name has no type before it (datasets/,
         * spaces/, kernels/ do), so a leading "**" and "/" also match
         * none: one pattern covers an organisation's repositories of
         * every type (README, "What is classified")
         */

        if (eco == PR_ECO_HUGGINGFACE && len > 3
            && buf[0] == '*' && buf[1] == '*' && buf[2] == '/'
            && pr_matcher_add(m, buf + 3, len - 3, (uint32_t) i) != 0)
        {
            return -1;
        }
    }

    if (pr_matcher_compile(m) != 0) {
        return -1;
    }

    rule->matcher[eco] = m;

    return 0;
}


pr_verdict_e
pr_rule_decide(const pr_rule_t *rule, pr_eco_t eco, const pr_str_t *name,
    const pr_str_t *version, const pr_str_t **pattern)
{
    int       hit;
    uint32_t  index;

    (void) version;

    *pattern = NULL;
    hit = pr_matcher_match(rule->matcher[eco], name->data, name->len, &index);

    if (hit) {
        *pattern = &rule->patterns[index];
    }

    if (rule->mode == PR_MODE_BLOCK) {
        return hit ? PR_VERDICT_BLOCK : PR_VERDICT_ALLOW;
    }

    return hit ? PR_VERDICT_ALLOW : PR_VERDICT_BLOCK;
}


void
pr_rule_decide_req(const pr_rule_t *rule, const pr_req_t *req,
    pr_verdict_t *v)
{
    size_t           i;
    const pr_str_t  *pattern;

    v->verdict = PR_VERDICT_ALLOW;
    v->name = NULL;
    v->pattern = NULL;

    /* blocked if any name is; else the first name speaks for the request */

    for (i = 0; i < req->nnames; i++) {
        if (pr_rule_decide(rule, req->eco, &req->names[i], &req->version,
                           &pattern)
            == PR_VERDICT_BLOCK)
        {
            v->verdict = PR_VERDICT_BLOCK;
            v->name = &req->names[i];
            v->pattern = pattern;
            return;
        }

        if (i == 0) {
            v->name = &req->names[0];
            v->pattern = pattern;
        }
    }
}
