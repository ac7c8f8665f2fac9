/*
 * ngx_pkg_reroute: the verdict on one version of one package.
 */

#include "pr_verdict.h"


typedef struct {
    char    *p;
    size_t   left;
} pr_out_t;


static int pr_verdict_mal(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name, const pr_str_t *version, pr_out_t *o);
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


int
pr_verdict_versions(const pr_policy_t *policy, pr_eco_t eco,
    const pr_str_t *name)
{
    size_t  i;

    /* an allow rule judges versions of what only a range lets in */

    if (policy->rule && pr_rule_has_range(policy->rule, eco, name)) {
        return 1;
    }

    for (i = 0; i < policy->nmal; i++) {
        if (pr_mal_lookup(policy->mal[i], eco, name->data, name->len, NULL,
                          0, NULL)
            != PR_MAL_NONE)
        {
            return 1;
        }
    }

    return 0;
}


/* the malicious lists: 1 and the reason if (name, version) is listed */
static int
pr_verdict_mal(const pr_policy_t *policy, pr_eco_t eco, const pr_str_t *name,
    const pr_str_t *version, pr_out_t *o)
{
    size_t        i, k;
    pr_str_t      id;
    pr_mal_hit_t  hit;

    for (i = 0; i < policy->nmal; i++) {
        id.data = "";
        id.len = 0;

        hit = pr_mal_lookup(policy->mal[i], eco, name->data, name->len,
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
    int               unread, whole;
    pr_out_t          o;
    const pr_str_t   *pattern;
    const pr_rule_t  *rule;

    (void) published;
    (void) now;

    j->verdict = PR_VERDICT_ALLOW;
    j->kind = PR_REASON_NONE;
    j->exempt = 0;
    j->pattern = NULL;
    j->len = 0;

    rule = policy->rule;

    o.p = j->reason;
    o.left = sizeof(j->reason);
    unread = 0;
    whole = 0;

    if (rule == NULL) {
        goto lists;
    }

    if (pr_rule_decide(rule, eco, name, version, &pattern)
        == PR_VERDICT_BLOCK)
    {
        /* a whole package: the words of the rule's own denial */
        whole = 1;
        pr_puts(&o, "package \"");
        pr_put(&o, name->data, name->len);
        pr_puts(&o, "\"");

    } else if (version->len == 0
               || pr_rule_version(rule, eco, name, version, &pattern,
                                  &unread)
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

    return PR_VERDICT_BLOCK;

lists:

    if (!pr_verdict_mal(policy, eco, name, version, &o)) {
        return PR_VERDICT_ALLOW;
    }

    j->verdict = PR_VERDICT_BLOCK;
    j->kind = PR_REASON_MALICIOUS;
    j->pattern = NULL;
    j->len = o.p - j->reason;

    return PR_VERDICT_BLOCK;
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
