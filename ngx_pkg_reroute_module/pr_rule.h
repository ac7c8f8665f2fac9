/*
 * ngx_pkg_reroute: routing rules and the one decision function.
 *
 * A rule is a name, a mode (block or allow) and wildcard patterns on
 * canonical package names. Each ecosystem that uses a rule gets the
 * patterns compiled in its own canonical form, once, at configuration time.
 *
 * A pattern may carry a version range: "name@range" (the range starts
 * after the first '@' after the pattern's first character, so that npm's
 * "@scope/ui@^2" is "@scope/ui" and "^2"). The range is read in the syntax
 * of each ecosystem that uses the rule (pr_version.h). In a block rule,
 * "name@range" blocks the versions in the range (with PR_RANGE_PRE: the
 * prereleases too) and a version the ecosystem cannot read (fail closed);
 * the package itself, and its other versions, pass. In an allow rule it
 * lets the package in, and only the versions in the range. A pattern
 * without a range judges the whole package, as before.
 */

#ifndef _PR_RULE_H_INCLUDED_
#define _PR_RULE_H_INCLUDED_


#include "pr_core.h"
#include "pr_pattern.h"
#include "pr_version.h"


typedef enum {
    PR_MODE_BLOCK = 0,
    PR_MODE_ALLOW
} pr_mode_t;


/* a rule's ranged patterns, compiled for one ecosystem */
typedef struct {
    pr_matcher_t   *any;            /* their names: is any one there? */
    pr_matcher_t  **one;            /* each one's name */
    pr_range_t    **range;          /* each one's range */
} pr_rule_ranges_t;


typedef struct {
    pr_str_t        name;
    pr_mode_t       mode;

    pr_str_t       *patterns;       /* as written, for answers and logs */
    pr_str_t       *ranges;         /* each one's range; empty: none */
    size_t          npatterns;

    uint32_t       *ranged;         /* the numbers of those with a range */
    size_t          nranged;

    pr_matcher_t   *matcher[PR_ECO_MAX];    /* those without a range */
    pr_rule_ranges_t  *vr[PR_ECO_MAX];      /* those with one */
    uint32_t        compiled;       /* 1 << eco */

    void           *where;          /* the caller's: where each pattern
                                     * is written */
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


/*
 * The offset of the '@' that starts a pattern's range, or 0 if it has
 * none: the first '@' after the first character.
 */
size_t pr_rule_range_at(const char *pat, size_t len);

/*
 * Sets rule->ranges and rule->ranged from the patterns as written; 0 or
 * -1 (no memory).
 */
int pr_rule_split(pr_rule_t *rule, pr_alloc_pt alloc, void *ctx);

/*
 * Compiles the rule's patterns for eco, if not yet (after pr_rule_split):
 * 0; -1: no memory; -2: the range of pattern *bad is not one of eco's,
 * *err says why.
 */
int pr_rule_compile(pr_rule_t *rule, pr_eco_t eco, pr_alloc_pt alloc,
    void *ctx, const char **err, size_t *bad);

/*
 * The decision over a package (ecosystem, canonical name): in a block
 * rule, a pattern without a range blocks it; in an allow rule, any
 * pattern lets it in (one with a range: some of its versions). The
 * version is not used here: see pr_rule_version() and pr_verdict().
 */
pr_verdict_e pr_rule_decide(const pr_rule_t *rule, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version,
    const pr_str_t **pattern);

/*
 * The decision over one version of a package that pr_rule_decide()
 * let in. *pattern: the pattern whose range decided (for a version an
 * allow rule does not let in: the first that names the package), or
 * NULL; *unread: 1 when the version is not one of eco's.
 */
pr_verdict_e pr_rule_version(const pr_rule_t *rule, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version,
    const pr_str_t **pattern, int *unread);

/* what pr_rule_version() reads of a package, whatever its version */
typedef struct {
    pr_verdict_e     decided;       /* pr_rule_decide()'s */
    const pr_str_t  *pattern;       /* and its pattern */
    uint32_t         first;         /* the first ranged pattern naming it */
    unsigned         all:1;         /* allow: a plain pattern names it */
    unsigned         ranged:1;      /* first is one */
    unsigned         more:1;        /* a later ranged pattern names it */
} pr_rule_pkg_t;

/*
 * pr_rule_version() in two steps, for many versions of one package: the
 * package once (every pattern's name matched here), then each version
 * (its ranges only).
 */
void pr_rule_package(const pr_rule_t *rule, pr_eco_t eco,
    const pr_str_t *name, pr_rule_pkg_t *pkg);
pr_verdict_e pr_rule_version_of(const pr_rule_t *rule, pr_eco_t eco,
    const pr_str_t *name, const pr_rule_pkg_t *pkg, const pr_str_t *version,
    const pr_str_t **pattern, int *unread);

/* 1 if the rule has a range that names this package */
int pr_rule_has_range(const pr_rule_t *rule, pr_eco_t eco,
    const pr_str_t *name);

/* every name of a request: blocked if any one is */
void pr_rule_decide_req(const pr_rule_t *rule, const pr_req_t *req,
    pr_verdict_t *v);


#endif /* _PR_RULE_H_INCLUDED_ */
