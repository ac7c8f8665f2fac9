/*
 * ngx_pkg_reroute: routing rules.
 */

#include "pr_rule.h"
#include "pr_name.h"
#include "pr_version.h"


size_t
pr_rule_range_at(const char *pat, size_t len)
{
    size_t  i;

    for (i = 1; i < len; i++) {
        if (pat[i] == '@') {
            return i;
        }
    }

    return 0;
}


int
pr_rule_split(pr_rule_t *rule, pr_alloc_pt alloc, void *ctx)
{
    size_t  i, at, n;

    rule->ranges = alloc(ctx, (rule->npatterns + 1) * sizeof(pr_str_t));
    rule->ranged = alloc(ctx, (rule->npatterns + 1) * sizeof(uint32_t));

    if (rule->ranges == NULL || rule->ranged == NULL) {
        return -1;
    }

    n = 0;

    for (i = 0; i < rule->npatterns; i++) {
        at = pr_rule_range_at(rule->patterns[i].data, rule->patterns[i].len);

        if (at == 0) {
            rule->ranges[i].data = "";
            rule->ranges[i].len = 0;
            continue;
        }

        rule->ranges[i].data = rule->patterns[i].data + at + 1;
        rule->ranges[i].len = rule->patterns[i].len - at - 1;
        rule->ranged[n++] = (uint32_t) i;
    }

    rule->nranged = n;

    return 0;
}


/* the name part of pattern i, in eco's canonical form, into the matcher */
static int
pr_rule_add(pr_matcher_t *m, const pr_rule_t *rule, size_t i, pr_eco_t eco,
    uint32_t index, pr_alloc_pt alloc, void *ctx)
{
    char    *buf;
    size_t   len, at;

    len = rule->patterns[i].len;
    at = pr_rule_range_at(rule->patterns[i].data, len);

    if (at) {
        len = at;
    }

    buf = alloc(ctx, len + 1);
    if (buf == NULL) {
        return -1;
    }

    /* the literal parts of a pattern follow the ecosystem's name rules */
    len = pr_name_canon(eco, rule->patterns[i].data, len, buf);

    if (pr_matcher_add(m, buf, len, index) != 0) {
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
        && pr_matcher_add(m, buf + 3, len - 3, index) != 0)
    {
        return -1;
    }

    return 0;
}


int
pr_rule_compile(pr_rule_t *rule, pr_eco_t eco, pr_alloc_pt alloc, void *ctx,
    const char **err, size_t *bad)
{
    size_t             i, k;
    pr_matcher_t      *m;
    pr_rule_ranges_t  *vr;

    *err = NULL;

    if (rule->compiled & (1u << eco)) {
        return 0;
    }

    if (rule->ranges == NULL && pr_rule_split(rule, alloc, ctx) != 0) {
        return -1;
    }

    m = pr_matcher_create(alloc, ctx);
    if (m == NULL) {
        return -1;
    }

    for (i = 0; i < rule->npatterns; i++) {
        if (pr_rule_range_at(rule->patterns[i].data, rule->patterns[i].len)
            == 0
            && pr_rule_add(m, rule, i, eco, (uint32_t) i, alloc, ctx) != 0)
        {
            return -1;
        }
    }

    if (pr_matcher_compile(m) != 0) {
        return -1;
    }

    rule->matcher[eco] = m;

    if (rule->nranged) {
        vr = alloc(ctx, sizeof(pr_rule_ranges_t));
        if (vr == NULL) {
            return -1;
        }

        vr->any = pr_matcher_create(alloc, ctx);
        vr->one = alloc(ctx, rule->nranged * sizeof(pr_matcher_t *));
        vr->range = alloc(ctx, rule->nranged * sizeof(pr_range_t *));

        if (vr->any == NULL || vr->one == NULL || vr->range == NULL) {
            return -1;
        }

        for (k = 0; k < rule->nranged; k++) {
            i = rule->ranged[k];

            if (rule->ranges[i].len == 0) {
                *err = "an empty range";
                *bad = i;
                return -2;
            }

            /* a block rule blocks the prereleases in its range too */

            vr->range[k] = pr_range_parse(eco, rule->ranges[i].data,
                                          rule->ranges[i].len,
                                          rule->mode == PR_MODE_BLOCK
                                          ? PR_RANGE_PRE : 0,
                                          alloc, ctx, err);
            if (vr->range[k] == NULL) {
                if (*err == NULL) {
                    return -1;
                }

                *bad = i;
                return -2;
            }

            vr->one[k] = pr_matcher_create(alloc, ctx);
            if (vr->one[k] == NULL) {
                return -1;
            }

            if (pr_rule_add(vr->any, rule, i, eco, (uint32_t) k, alloc, ctx)
                != 0
                || pr_rule_add(vr->one[k], rule, i, eco, 0, alloc, ctx) != 0
                || pr_matcher_compile(vr->one[k]) != 0)
            {
                return -1;
            }
        }

        if (pr_matcher_compile(vr->any) != 0) {
            return -1;
        }

        rule->vr[eco] = vr;
    }

    rule->compiled |= 1u << eco;

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

    if (!hit && rule->vr[eco]
        && pr_matcher_match(rule->vr[eco]->any, name->data, name->len,
                            &index))
    {
        /* some of its versions are let in */
        *pattern = &rule->patterns[rule->ranged[index]];
        return PR_VERDICT_ALLOW;
    }

    return hit ? PR_VERDICT_ALLOW : PR_VERDICT_BLOCK;
}


int
pr_rule_has_range(const pr_rule_t *rule, pr_eco_t eco, const pr_str_t *name)
{
    return rule->vr[eco]
           && pr_matcher_match(rule->vr[eco]->any, name->data, name->len,
                               NULL);
}


void
pr_rule_package(const pr_rule_t *rule, pr_eco_t eco, const pr_str_t *name,
    pr_rule_pkg_t *pkg)
{
    size_t                   k;
    uint32_t                 first;
    const pr_rule_ranges_t  *vr;

    pkg->decided = pr_rule_decide(rule, eco, name, NULL, &pkg->pattern);
    pkg->first = 0;
    pkg->all = 0;
    pkg->ranged = 0;
    pkg->more = 0;

    vr = rule->vr[eco];

    if (rule->mode == PR_MODE_ALLOW
        && pr_matcher_match(rule->matcher[eco], name->data, name->len, NULL))
    {
        /* the whole package is allowed */
        pkg->all = 1;
        return;
    }

    if (vr == NULL
        || !pr_matcher_match(vr->any, name->data, name->len, &first))
    {
        return;
    }

    pkg->ranged = 1;
    pkg->first = first;

    for (k = first + 1; k < rule->nranged; k++) {
        if (pr_matcher_match(vr->one[k], name->data, name->len, NULL)) {
            pkg->more = 1;
            break;
        }
    }
}


pr_verdict_e
pr_rule_version(const pr_rule_t *rule, pr_eco_t eco, const pr_str_t *name,
    const pr_str_t *version, const pr_str_t **pattern, int *unread)
{
    pr_rule_pkg_t  pkg;

    pr_rule_package(rule, eco, name, &pkg);

    return pr_rule_version_of(rule, eco, name, &pkg, version, pattern,
                              unread);
}


pr_verdict_e
pr_rule_version_of(const pr_rule_t *rule, pr_eco_t eco, const pr_str_t *name,
    const pr_rule_pkg_t *pkg, const pr_str_t *version,
    const pr_str_t **pattern, int *unread)
{
    int                      m;
    size_t                   k;
    const pr_str_t          *named;
    const pr_rule_ranges_t  *vr;

    *pattern = NULL;
    *unread = 0;

    if (pkg->all) {
        return PR_VERDICT_ALLOW;
    }

    if (!pkg->ranged) {
        /* block: no range names it; allow: not let in at all */
        return rule->mode == PR_MODE_BLOCK ? PR_VERDICT_ALLOW
                                           : PR_VERDICT_BLOCK;
    }

    vr = rule->vr[eco];
    named = NULL;

    /* the ranges of every pattern that names the package, in order */

    for (k = pkg->first; k < rule->nranged; k++) {

        if (k != pkg->first
            && (!pkg->more
                || !pr_matcher_match(vr->one[k], name->data, name->len,
                                     NULL)))
        {
            continue;
        }

        if (named == NULL) {
            named = &rule->patterns[rule->ranged[k]];
        }

        m = pr_range_match(vr->range[k], version->data, version->len);

        if (m < 0) {
            /* not a version of eco: in no range, blocked either way */
            *unread = 1;
            *pattern = named;
            return PR_VERDICT_BLOCK;
        }

        if (m == 1) {
            *pattern = &rule->patterns[rule->ranged[k]];
            return rule->mode == PR_MODE_BLOCK ? PR_VERDICT_BLOCK
                                               : PR_VERDICT_ALLOW;
        }
    }

    if (rule->mode == PR_MODE_BLOCK) {
        return PR_VERDICT_ALLOW;
    }

    /* allowed only in ranges it is not in */
    *pattern = named;

    return PR_VERDICT_BLOCK;
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
