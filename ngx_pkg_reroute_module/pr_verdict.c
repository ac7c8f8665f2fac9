/*
 * ngx_pkg_reroute: the verdict on one version of one package.
 */

#include <string.h>

#include "pr_verdict.h"
#include "pr_time.h"


typedef struct {
    char    *p;
    size_t   left;
} pr_out_t;


static const pr_mal_pkg_t *pr_verdict_mal_pkg(const pr_verdict_pkg_t *pkg,
    size_t i);
static int pr_verdict_mal(const pr_verdict_pkg_t *pkg,
    const pr_str_t *version, pr_out_t *o);
static int pr_verdict_time(const pr_verdict_pkg_t *pkg,
    const pr_str_t *version, int64_t published, int64_t now,
    pr_judgement_t *j, pr_out_t *o);
static void pr_verdict_exempt(const pr_policy_t *policy,
    const pr_str_t *name, const pr_str_t *version, int64_t now,
    pr_judgement_t *j);
static void pr_put_age(pr_out_t *o, int64_t secs, int exact);
static void pr_put_num(pr_out_t *o, int64_t n);
static void pr_put(pr_out_t *o, const char *s, size_t len);
static void pr_puts(pr_out_t *o, const char *s);


const char *
pr_reason_name(pr_reason_t kind)
{
    static const char  *names[] = {
        "", "rule", "malicious", "cooldown", "cutoff", "no-time"
    };

    if ((size_t) kind >= sizeof(names) / sizeof(names[0])) {
        return "";
    }

    return names[kind];
}


void
pr_verdict_package(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name, pr_verdict_pkg_t *pkg)
{
    size_t    i;
    uint32_t  index;

    pkg->policy = policy;
    pkg->eco = eco;
    pkg->name = *name;

    /* an allow rule judges versions of what only a range lets in */

    pkg->versions = policy->cooldown || policy->has_cutoff
                    || policy->nexempts;

    if (policy->rule) {
        pr_rule_package(policy->rule, eco, name, &pkg->rule);
        pkg->versions |= pkg->rule.ranged;
    }

    for (i = 0; i < policy->nmal; i++) {
        if (i < PR_VERDICT_PKG_MAL) {
            pkg->mal[i] = pr_mal_package(policy->mal[i], eco, name->data,
                                         name->len);
        }

        pkg->versions |= (pr_verdict_mal_pkg(pkg, i) != NULL);
    }

    pkg->cool = policy->cooldown > 0
                && (policy->cooldown_exempt == NULL
                    || !pr_matcher_match(policy->cooldown_exempt, name->data,
                                         name->len, &index));
}


int
pr_verdict_versions(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name)
{
    pr_verdict_pkg_t  pkg;

    pr_verdict_package(policy, eco, name, &pkg);

    return pkg.versions;
}


/* list i's entries for the package */
static const pr_mal_pkg_t *
pr_verdict_mal_pkg(const pr_verdict_pkg_t *pkg, size_t i)
{
    if (i < PR_VERDICT_PKG_MAL) {
        return pkg->mal[i];
    }

    return pr_mal_package(pkg->policy->mal[i], pkg->eco, pkg->name.data,
                          pkg->name.len);
}


/* the malicious lists: 1 and the reason if (name, version) is listed */
static int
pr_verdict_mal(const pr_verdict_pkg_t *pkg, const pr_str_t *version,
    pr_out_t *o)
{
    size_t              i, k;
    pr_str_t            id;
    pr_mal_hit_t        hit;
    const pr_str_t     *name;
    const pr_policy_t  *policy;

    policy = pkg->policy;
    name = &pkg->name;

    for (i = 0; i < policy->nmal; i++) {
        id.data = "";
        id.len = 0;

        hit = pr_mal_version(policy->mal[i], pr_verdict_mal_pkg(pkg, i),
                             version->data, version->len, &id);

        if (hit != PR_MAL_VERSION && hit != PR_MAL_ALL) {
            continue;
        }

        if (version->len) {
            pr_put(o, name->data, name->len);
            pr_puts(o, "@");
            pr_put(o, version->data, version->len);

        } else {
            pr_puts(o, "package \"");
            pr_put(o, name->data, name->len);
            pr_puts(o, "\"");
        }

        pr_puts(o, " is listed as malicious");

        /* a plain list's file:line without its directories */

        for (k = id.len; k > 0 && id.data[k - 1] != '/'; k--) { /* void */ }

        id.data += k;
        id.len -= k;

        if (id.len) {
            pr_puts(o, " (");
            pr_put(o, id.data, id.len);
            pr_puts(o, ")");
        }

        return 1;
    }

    return 0;
}


pr_verdict_e
pr_verdict(const pr_policy_t *policy, pr_eco_t eco, const pr_str_t *name,
    const pr_str_t *version, int64_t published, int64_t now,
    pr_judgement_t *j)
{
    pr_verdict_pkg_t  pkg;

    pr_verdict_package(policy, eco, name, &pkg);

    return pr_verdict_of(&pkg, version, published, now, j);
}


pr_verdict_e
pr_verdict_of(const pr_verdict_pkg_t *pkg, const pr_str_t *version,
    int64_t published, int64_t now, pr_judgement_t *j)
{
    int                 unread, whole;
    pr_eco_t            eco;
    pr_out_t            o;
    const pr_str_t     *pattern, *name;
    const pr_rule_t    *rule;
    const pr_policy_t  *policy;

    j->verdict = PR_VERDICT_ALLOW;
    j->kind = PR_REASON_NONE;
    j->exempt = 0;
    j->pattern = NULL;
    j->len = 0;

    policy = pkg->policy;
    eco = pkg->eco;
    name = &pkg->name;
    rule = policy->rule;

    o.p = j->reason;
    o.left = sizeof(j->reason);
    unread = 0;
    whole = 0;

    if (rule == NULL) {
        goto lists;
    }

    pattern = pkg->rule.pattern;

    if (pkg->rule.decided == PR_VERDICT_BLOCK) {
        /* a whole package: the words of the rule's own denial */
        whole = 1;
        pr_puts(&o, "package \"");
        pr_put(&o, name->data, name->len);
        pr_puts(&o, "\"");

    } else if (version->len == 0
               || pr_rule_version_of(rule, eco, name, &pkg->rule, version,
                                     &pattern, &unread)
                  == PR_VERDICT_ALLOW)
    {
        j->pattern = pattern;
        goto lists;

    } else {
        pr_put(&o, name->data, name->len);
        pr_puts(&o, "@");
        pr_put(&o, version->data, version->len);
    }

    j->verdict = PR_VERDICT_BLOCK;
    j->kind = PR_REASON_RULE;
    j->pattern = pattern;

    if (rule->mode == PR_MODE_BLOCK) {
        pr_puts(&o, " is blocked by rule \"");

    } else {
        pr_puts(&o, " is not allowed by rule \"");
    }

    pr_put(&o, rule->name.data, rule->name.len);
    pr_puts(&o, "\"");

    if (pattern && (!whole || rule->mode == PR_MODE_BLOCK)) {
        pr_puts(&o, " (pattern \"");
        pr_put(&o, pattern->data, pattern->len);
        pr_puts(&o, "\")");
    }

    if (unread) {
        pr_puts(&o, ": not a ");
        pr_puts(&o, pr_eco_name(eco));
        pr_puts(&o, " version");
    }

    j->len = o.p - j->reason;

    goto exempt;

lists:

    if (pr_verdict_mal(pkg, version, &o)) {
        j->verdict = PR_VERDICT_BLOCK;
        j->kind = PR_REASON_MALICIOUS;
        j->pattern = NULL;
        j->len = o.p - j->reason;

        goto exempt;
    }

    if (version->len == 0
        || !pr_verdict_time(pkg, version, published, now, j, &o))
    {
        return PR_VERDICT_ALLOW;
    }

    j->verdict = PR_VERDICT_BLOCK;
    j->pattern = NULL;
    j->len = o.p - j->reason;

exempt:

    if (policy->nexempts && version->len) {
        pr_verdict_exempt(policy, name, version, now, j);
    }

    return j->verdict;
}


/*
 * The cutoff, then the cooldown: 1, j->kind and the reason if the version
 * was published too late or too recently, or has no time and missing=deny;
 * nothing written otherwise
 */
static int
pr_verdict_time(const pr_verdict_pkg_t *pkg, const pr_str_t *version,
    int64_t published, int64_t now, pr_judgement_t *j, pr_out_t *o)
{
    int                 cool;
    const pr_str_t     *name;
    const pr_policy_t  *policy;
    char                text[PR_TIME_TEXT_LEN];

    policy = pkg->policy;
    name = &pkg->name;
    cool = pkg->cool;

    if (published < 0) {
        if (!(cool || policy->has_cutoff) || !policy->missing_deny) {
            return 0;
        }

        j->kind = PR_REASON_NO_TIME;

    } else if (policy->has_cutoff && published > policy->cutoff) {
        j->kind = PR_REASON_CUTOFF;

    } else if (cool && now - published < policy->cooldown) {
        j->kind = PR_REASON_COOLDOWN;

    } else {
        return 0;
    }

    pr_put(o, name->data, name->len);
    pr_puts(o, "@");
    pr_put(o, version->data, version->len);

    if (j->kind == PR_REASON_NO_TIME) {
        pr_puts(o, " has no publication time (missing=deny");

        if (policy->has_cutoff) {
            pr_time_text(policy->cutoff, text);
            pr_puts(o, "; cutoff ");
            pr_put(o, text, PR_TIME_TEXT_LEN);
        }

        if (cool) {
            pr_puts(o, "; cooldown ");
            pr_put_age(o, policy->cooldown, 1);
        }

        pr_puts(o, ")");
        return 1;
    }

    pr_time_text(published, text);
    pr_puts(o, " was published ");
    pr_put(o, text, PR_TIME_TEXT_LEN);

    if (j->kind == PR_REASON_CUTOFF) {
        pr_puts(o, ", after the cutoff ");
        pr_time_text(policy->cutoff, text);
        pr_put(o, text, PR_TIME_TEXT_LEN);
        return 1;
    }

    if (published > now) {
        pr_puts(o, ", in the future");

    } else {
        pr_puts(o, ", ");
        pr_put_age(o, now - published, 0);
        pr_puts(o, " ago");
    }

    pr_puts(o, "; cooldown ");
    pr_put_age(o, policy->cooldown, 1);

    return 1;
}


int
pr_verdict_timed(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version)
{
    int               unread;
    char              buf[8];
    pr_out_t          o;
    const pr_str_t   *pattern;
    pr_verdict_pkg_t  pkg;

    pr_verdict_package(policy, eco, name, &pkg);

    if (!policy->has_cutoff && !pkg.cool) {
        return 0;
    }

    if (version->len == 0) {
        return 1;
    }

    /* blocked before the time is read: no time lets it through */

    if (policy->rule
        && (pkg.rule.decided == PR_VERDICT_BLOCK
            || pr_rule_version_of(policy->rule, eco, name, &pkg.rule,
                                  version, &pattern, &unread)
               == PR_VERDICT_BLOCK))
    {
        return 0;
    }

    o.p = buf;
    o.left = sizeof(buf);

    return !pr_verdict_mal(&pkg, version, &o);
}


/* a block let through by an exemption for this very version, still due */
static void
pr_verdict_exempt(const pr_policy_t *policy, const pr_str_t *name,
    const pr_str_t *version, int64_t now, pr_judgement_t *j)
{
    size_t              i, n;
    pr_out_t            o;
    const pr_exempt_t  *e;
    char                text[PR_TIME_TEXT_LEN];
    char                was[PR_VERDICT_REASON_MAX];

    for (i = 0; i < policy->nexempts; i++) {
        e = &policy->exempts[i];

        if (e->until > now && e->name.len == name->len
            && e->version.len == version->len
            && memcmp(e->name.data, name->data, name->len) == 0
            && memcmp(e->version.data, version->data, version->len) == 0)
        {
            break;
        }
    }

    if (i == policy->nexempts) {
        return;
    }

    e = &policy->exempts[i];
    n = j->len;
    memcpy(was, j->reason, n);

    o.p = j->reason;
    o.left = sizeof(j->reason);

    pr_put(&o, name->data, name->len);
    pr_puts(&o, "@");
    pr_put(&o, version->data, version->len);
    pr_puts(&o, " is exempt until ");
    pr_time_text(e->until, text);
    pr_put(&o, text, PR_TIME_TEXT_LEN);
    pr_puts(&o, " (");
    pr_put(&o, was, n);
    pr_puts(&o, ")");

    j->verdict = PR_VERDICT_ALLOW;
    j->exempt = 1;
    j->len = o.p - j->reason;
}


/* "7 days", "36 hours", "90 minutes", "30 seconds": the largest exact
 * unit for a cooldown, the largest whole one for an age */
static void
pr_put_age(pr_out_t *o, int64_t secs, int exact)
{
    int64_t      n;
    const char  *unit;

    if (secs >= 86400 && (!exact || secs % 86400 == 0)) {
        n = secs / 86400;
        unit = " day";

    } else if (secs >= 3600 && (!exact || secs % 3600 == 0)) {
        n = secs / 3600;
        unit = " hour";

    } else if (secs >= 60 && (!exact || secs % 60 == 0)) {
        n = secs / 60;
        unit = " minute";

    } else {
        n = secs;
        unit = " second";
    }

    pr_put_num(o, n);
    pr_puts(o, unit);

    if (n != 1) {
        pr_puts(o, "s");
    }
}


static void
pr_put_num(pr_out_t *o, int64_t n)
{
    size_t  i;
    char    buf[24];

    i = sizeof(buf);

    do {
        buf[--i] = (char) ('0' + n % 10);
        n /= 10;
    } while (n > 0 && i > 0);

    pr_put(o, buf + i, sizeof(buf) - i);
}


/* bytes a header or a log line must not carry become '?' */
static void
pr_put(pr_out_t *o, const char *s, size_t len)
{
    size_t         i;
    unsigned char  c;

    for (i = 0; i < len && o->left; i++) {
        c = (unsigned char) s[i];
        *o->p++ = (c < 0x20 || c > 0x7e) ? '?' : (char) c;
        o->left--;
    }
}


static void
pr_puts(pr_out_t *o, const char *s)
{
    size_t  len;

    for (len = 0; s[len]; len++) { /* void */ }

    pr_put(o, s, len);
}
