/*
 * ngx_pkg_reroute: the verdict on one version of one package.
 *
 * One decision function, pr_verdict(), over (ecosystem, canonical name,
 * version as the registry spells it, published time or PR_TIME_UNKNOWN,
 * now) and a policy compiled at configuration time. The same function
 * judges a metadata document's versions (the rewriters' keep()) and an
 * artifact request (the access phase, the version from the classifier),
 * so that a version hidden in metadata is refused as an artifact too.
 *
 * What a policy holds today: the place's rule (pr_rule.h), whose
 * patterns may carry version ranges, malicious lists (pr_mal.h) and the
 * verdict mode. The reason kinds name what later parts of the policy add
 * (cooldown, cutoff, exemptions). A rule's denial comes first, then the
 * lists.
 */

#ifndef _PR_VERDICT_H_INCLUDED_
#define _PR_VERDICT_H_INCLUDED_


#include "pr_core.h"
#include "pr_rule.h"
#include "pr_mal.h"


#define PR_VERDICT_REASON_MAX  1024      /* longest reason, bytes */


typedef enum {
    PR_REASON_NONE = 0,
    PR_REASON_RULE,                 /* a rule's pattern or range */
    PR_REASON_MALICIOUS,
    PR_REASON_COOLDOWN,
    PR_REASON_CUTOFF,
    PR_REASON_NO_TIME
} pr_reason_t;


typedef struct {
    const pr_rule_t  *rule;         /* NULL: none */
    pr_mal_t * const *mal;          /* malicious lists, nmal of them */
    size_t            nmal;
    unsigned          warn:1;       /* judged, nothing hidden or refused */
} pr_policy_t;


typedef struct {
    pr_verdict_e      verdict;
    pr_reason_t       kind;
    unsigned          exempt:1;     /* blocked, let through by exemption */
    const pr_str_t   *pattern;      /* the rule's pattern that decided */
    size_t            len;
    char              reason[PR_VERDICT_REASON_MAX];    /* printable ASCII,
                                                           no NUL */
} pr_judgement_t;


/* the reason kind as a word: "rule", "malicious", ... ("" for none) */
const char *pr_reason_name(pr_reason_t kind);

/*
 * The verdict on (eco, name, version). name is canonical; version as the
 * registry spells it, or empty: the package as a whole (blocked by a
 * rule's plain pattern, or listed with every version). published and
 * now: seconds since the epoch (published may be PR_TIME_UNKNOWN, from
 * pr_rewrite.h). Fills *j (reason: "lodash@4.17.20 is blocked by rule
 * \"corp\" (pattern \"lodash@<4.17.21\")") and returns j->verdict. The
 * policy's warn mode is not applied here: the caller logs and lets pass.
 */
pr_verdict_e pr_verdict(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version, int64_t published,
    int64_t now, pr_judgement_t *j);

/* 1 if the policy judges versions of this package at all */
int pr_verdict_versions(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name);


#endif /* _PR_VERDICT_H_INCLUDED_ */
