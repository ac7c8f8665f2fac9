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
 * What a policy holds: the place's rule (pr_rule.h), whose patterns may
 * carry version ranges, malicious lists (pr_mal.h), a release-age
 * cooldown (with names it spares and what an unknown time means), an
 * emergency cutoff instant, expiring exemptions and the verdict mode.
 * The order: the rule's denial, the lists, the cutoff, the cooldown; a
 * version blocked by any of them is let through by an exemption naming
 * it whose instant is still ahead (j->exempt set, the reason says what
 * it would have been).
 */

#ifndef _PR_VERDICT_H_INCLUDED_
#define _PR_VERDICT_H_INCLUDED_


#include "pr_core.h"
#include "pr_rule.h"
#include "pr_mal.h"
#include "pr_pattern.h"


#define PR_VERDICT_REASON_MAX  1024      /* longest reason, bytes */


typedef enum {
    PR_REASON_NONE = 0,
    PR_REASON_RULE,                 /* a rule's pattern or range */
    PR_REASON_MALICIOUS,
    PR_REASON_COOLDOWN,
    PR_REASON_CUTOFF,
    PR_REASON_NO_TIME
} pr_reason_t;


/* pkg_reroute_exempt name@version until=<instant> */
typedef struct {
    pr_str_t          name;         /* canonical */
    pr_str_t          version;      /* as the registry spells it */
    int64_t           until;        /* seconds since the epoch */
} pr_exempt_t;


typedef struct {
    const pr_rule_t  *rule;         /* NULL: none */
    pr_mal_t * const *mal;          /* malicious lists, nmal of them */
    size_t            nmal;
    int64_t           cooldown;     /* seconds; 0: none */
    int64_t           cutoff;       /* seconds since the epoch */
    pr_matcher_t     *cooldown_exempt;  /* names the cooldown spares, or
                                           NULL */
    const pr_exempt_t *exempts;
    size_t            nexempts;
    unsigned          has_cutoff:1;
    unsigned          missing_deny:1;   /* no time: blocked (cooldown,
                                           cutoff) */
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


#define PR_VERDICT_PKG_MAL  8         /* lists whose entries a package
                                          keeps; the others are looked up
                                          for each version */


/*
 * What the policy reads of one package, whatever its version: made once
 * (pr_verdict_package) and read for each version (pr_verdict_of), as a
 * document's filter judges its thousands of versions.
 */
typedef struct {
    const pr_policy_t   *policy;
    pr_eco_t             eco;
    pr_str_t             name;      /* canonical; the caller's bytes */
    pr_rule_pkg_t        rule;      /* with policy->rule */
    const pr_mal_pkg_t  *mal[PR_VERDICT_PKG_MAL];  /* each list's entries
                                                      for it, or NULL */
    unsigned             versions:1;    /* pr_verdict_versions() */
    unsigned             cool:1;        /* the cooldown applies to it */
} pr_verdict_pkg_t;


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

/*
 * pr_verdict() in two steps: the package once, then each version; the
 * same answers, the same reasons. name's bytes must outlive *pkg.
 */
void pr_verdict_package(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name, pr_verdict_pkg_t *pkg);
pr_verdict_e pr_verdict_of(const pr_verdict_pkg_t *pkg,
    const pr_str_t *version, int64_t published, int64_t now,
    pr_judgement_t *j);

/*
 * 1 if the verdict on (eco, name, version) may depend on the version's
 * publication time: the cutoff, or a cooldown whose exempt= does not
 * spare the name, and no rule's or list's block, which no time undoes,
 * decided first. An empty version: the name only (a document's
 * versions). 0: a time is never read, so none need be looked up.
 */
int pr_verdict_timed(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version);

/* 1 if the policy judges versions of this package at all */
int pr_verdict_versions(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name);


#endif /* _PR_VERDICT_H_INCLUDED_ */
