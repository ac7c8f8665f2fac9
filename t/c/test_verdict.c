/*
 * ngx_pkg_reroute: table tests for pr_verdict and the version ranges of
 * rules (pr_rule.c).
 */

#include <stdlib.h>
#include <string.h>

#include "pr_test.h"
#include "pr_rewrite.h"
#include "pr_verdict.h"


#define NPM    PR_ECO_NPM
#define CARGO  PR_ECO_CARGO
#define PYPI   PR_ECO_PYPI
#define GEM    PR_ECO_RUBYGEMS
#define DOCKER PR_ECO_DOCKER
#define HF     PR_ECO_HUGGINGFACE
#define GH     PR_ECO_GITHUB

#define B      PR_VERDICT_BLOCK
#define A      PR_VERDICT_ALLOW


/* a rule from patterns separated by '|' */
static pr_rule_t *
test_rule(pr_mode_t mode, const char *pats)
{
    size_t       n;
    pr_rule_t   *rule;
    const char  *p, *e;

    static pr_rule_t  rules[256];
    static size_t     nrules;

    rule = &rules[nrules++ % 256];
    memset(rule, 0, sizeof(pr_rule_t));

    rule->name.data = "corp";
    rule->name.len = 4;
    rule->mode = mode;
    rule->patterns = pr_test_alloc(NULL, 32 * sizeof(pr_str_t));

    n = 0;

    for (p = pats; *p; p = e) {
        for (e = p; *e && *e != '|'; e++) { /* void */ }

        rule->patterns[n].data = p;
        rule->patterns[n].len = e - p;
        n++;

        if (*e) {
            e++;
        }
    }

    rule->npatterns = n;

    return rule;
}


typedef struct {
    pr_mode_t     mode;
    const char   *patterns;
    pr_eco_t      eco;
    const char   *name;
    const char   *version;
    pr_verdict_e  verdict;
    const char   *reason;      /* the whole reason, or NULL: none */
} test_row_t;


static const test_row_t  rows[] = {

    /* plain patterns: the whole package, as before */
    { PR_MODE_BLOCK, "left-pad", NPM, "left-pad", "1.3.0", B,
      "package \"left-pad\" is blocked by rule \"corp\" "
      "(pattern \"left-pad\")" },
    { PR_MODE_BLOCK, "left-pad", NPM, "left-pad", "", B,
      "package \"left-pad\" is blocked by rule \"corp\" "
      "(pattern \"left-pad\")" },
    { PR_MODE_BLOCK, "left-pad", NPM, "lodash", "4.17.20", A, NULL },
    { PR_MODE_ALLOW, "left-pad", NPM, "lodash", "4.17.20", B,
      "package \"lodash\" is not allowed by rule \"corp\"" },
    { PR_MODE_ALLOW, "left-pad", NPM, "left-pad", "0.0.1", A, NULL },

    /* block name@range: the versions in it */
    { PR_MODE_BLOCK, "lodash@<4.17.21", NPM, "lodash", "4.17.20", B,
      "lodash@4.17.20 is blocked by rule \"corp\" "
      "(pattern \"lodash@<4.17.21\")" },
    { PR_MODE_BLOCK, "lodash@<4.17.21", NPM, "lodash", "4.17.21", A, NULL },
    { PR_MODE_BLOCK, "lodash@<4.17.21", NPM, "lodash", "", A, NULL },
    { PR_MODE_BLOCK, "lodash@<4.17.21", NPM, "lodash2", "1.0.0", A, NULL },
    /* a block range takes the prereleases in it */
    { PR_MODE_BLOCK, "lodash@<4.17.21", NPM, "lodash", "4.17.21-rc.1", B,
      "lodash@4.17.21-rc.1 is blocked by rule \"corp\" "
      "(pattern \"lodash@<4.17.21\")" },
    /* not a version: fail closed */
    { PR_MODE_BLOCK, "lodash@<4.17.21", NPM, "lodash", "latest", B,
      "lodash@latest is blocked by rule \"corp\" "
      "(pattern \"lodash@<4.17.21\"): not a npm version" },
    /* npm scopes: the range after the first '@' after the first byte */
    { PR_MODE_BLOCK, "@scope/*@>=2.0.0 <2.0.5", NPM, "@scope/ui", "2.0.4",
      B, "@scope/ui@2.0.4 is blocked by rule \"corp\" "
      "(pattern \"@scope/*@>=2.0.0 <2.0.5\")" },
    { PR_MODE_BLOCK, "@scope/*@>=2.0.0 <2.0.5", NPM, "@scope/ui", "2.0.5",
      A, NULL },
    { PR_MODE_BLOCK, "@scope/*@>=2.0.0 <2.0.5", NPM, "@other/ui", "2.0.4",
      A, NULL },
    /* several ranges on one name, and a wildcard one after it */
    { PR_MODE_BLOCK, "lodash@<1|lodash@>=5|lod*@=3.0.0", NPM, "lodash",
      "3.0.0", B, "lodash@3.0.0 is blocked by rule \"corp\" "
      "(pattern \"lod*@=3.0.0\")" },
    { PR_MODE_BLOCK, "lodash@<1|lodash@>=5|lod*@=3.0.0", NPM, "lodash",
      "5.1.0", B, "lodash@5.1.0 is blocked by rule \"corp\" "
      "(pattern \"lodash@>=5\")" },
    { PR_MODE_BLOCK, "lodash@<1|lodash@>=5|lod*@=3.0.0", NPM, "lodash",
      "4.0.0", A, NULL },
    /* a plain pattern among ranges still blocks the whole package */
    { PR_MODE_BLOCK, "evil@<2|evil", NPM, "evil", "3.0.0", B,
      "package \"evil\" is blocked by rule \"corp\" (pattern \"evil\")" },

    /* PyPI: PEP 440, canonical names */
    { PR_MODE_BLOCK, "requests@==2.32.*", PYPI, "requests", "2.32.3", B,
      "requests@2.32.3 is blocked by rule \"corp\" "
      "(pattern \"requests@==2.32.*\")" },
    { PR_MODE_BLOCK, "requests@==2.32.*", PYPI, "requests", "2.31.0", A,
      NULL },
    { PR_MODE_BLOCK, "Foo_Bar@>=1,<2", PYPI, "foo-bar", "1.5", B,
      "foo-bar@1.5 is blocked by rule \"corp\" "
      "(pattern \"Foo_Bar@>=1,<2\")" },

    /* Cargo, RubyGems */
    { PR_MODE_BLOCK, "serde@>=1.0.200, <1.0.202", CARGO, "serde", "1.0.201",
      B, "serde@1.0.201 is blocked by rule \"corp\" "
      "(pattern \"serde@>=1.0.200, <1.0.202\")" },
    { PR_MODE_BLOCK, "rails@~>7.1.0", GEM, "rails", "7.1.3", B,
      "rails@7.1.3 is blocked by rule \"corp\" "
      "(pattern \"rails@~>7.1.0\")" },
    { PR_MODE_BLOCK, "rails@~>7.1.0", GEM, "rails", "7.2.0", A, NULL },

    /* Docker tags, Hugging Face revisions, Git refs: globs */
    { PR_MODE_BLOCK, "library/alpine@3.19*", DOCKER, "library/alpine",
      "3.19.1", B, "library/alpine@3.19.1 is blocked by rule \"corp\" "
      "(pattern \"library/alpine@3.19*\")" },
    { PR_MODE_BLOCK, "library/alpine@3.19*", DOCKER, "library/alpine",
      "3.20", A, NULL },
    { PR_MODE_BLOCK, "**/bert-base@refs/pr/*", HF, "org/bert-base",
      "refs/pr/1", B, "org/bert-base@refs/pr/1 is blocked by rule \"corp\" "
      "(pattern \"**/bert-base@refs/pr/*\")" },
    { PR_MODE_BLOCK, "org/tool@v1.*", GH, "org/tool", "v1.2", B,
      "org/tool@v1.2 is blocked by rule \"corp\" "
      "(pattern \"org/tool@v1.*\")" },

    /* allow name@range: only those versions */
    { PR_MODE_ALLOW, "lodash@^4.17.21", NPM, "lodash", "4.17.21", A, NULL },
    { PR_MODE_ALLOW, "lodash@^4.17.21", NPM, "lodash", "", A, NULL },
    { PR_MODE_ALLOW, "lodash@^4.17.21", NPM, "lodash", "3.10.1", B,
      "lodash@3.10.1 is not allowed by rule \"corp\" "
      "(pattern \"lodash@^4.17.21\")" },
    /* an allow range keeps the resolver's prerelease rule */
    { PR_MODE_ALLOW, "lodash@^4.17.21", NPM, "lodash", "4.18.0-rc.1", B,
      "lodash@4.18.0-rc.1 is not allowed by rule \"corp\" "
      "(pattern \"lodash@^4.17.21\")" },
    { PR_MODE_ALLOW, "lodash@^4.17.21", NPM, "lodash", "next", B,
      "lodash@next is not allowed by rule \"corp\" "
      "(pattern \"lodash@^4.17.21\"): not a npm version" },
    { PR_MODE_ALLOW, "lodash@^4.17.21", NPM, "underscore", "1.0.0", B,
      "package \"underscore\" is not allowed by rule \"corp\"" },
    /* a plain pattern lets every version in */
    { PR_MODE_ALLOW, "lodash@^4.17.21|lod*", NPM, "lodash", "3.10.1", A,
      NULL },
    { PR_MODE_ALLOW, "lodash@1.x|lodash@^4", NPM, "lodash", "1.2.0", A,
      NULL },
    { PR_MODE_ALLOW, "lodash@1.x|lodash@^4", NPM, "lodash", "4.2.0", A,
      NULL },
    { PR_MODE_ALLOW, "lodash@1.x|lodash@^4", NPM, "lodash", "2.0.0", B,
      "lodash@2.0.0 is not allowed by rule \"corp\" "
      "(pattern \"lodash@1.x\")" },

    /* a document's version with bytes a header must not carry */
    { PR_MODE_BLOCK, "x@*", DOCKER, "x", "a\r\nb", B,
      "x@a??b is blocked by rule \"corp\" (pattern \"x@*\")" },
};


static void
test_rows(void)
{
    size_t            i, bad;
    pr_str_t          name, version;
    pr_rule_t        *rule;
    const char       *err;
    pr_policy_t       policy;
    pr_verdict_e      v;
    pr_judgement_t    j;
    const test_row_t *row;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        row = &rows[i];

        rule = test_rule(row->mode, row->patterns);

        if (pr_rule_compile(rule, row->eco, pr_test_alloc, NULL, &err, &bad)
            != 0)
        {
            PR_CHECK(0, "row %zu: \"%s\" does not compile: %s", i,
                     row->patterns, err ? err : "no memory");
            continue;
        }

        memset(&policy, 0, sizeof(policy));
        policy.rule = rule;

        name.data = row->name;
        name.len = strlen(row->name);
        version.data = row->version;
        version.len = strlen(row->version);

        v = pr_verdict(&policy, row->eco, &name, &version, PR_TIME_UNKNOWN,
                       0, &j);

        PR_CHECK(v == row->verdict && j.verdict == v,
                 "row %zu: %s@%s: verdict %d, expected %d", i, row->name,
                 row->version, (int) v, (int) row->verdict);

        if (row->reason) {
            PR_CHECK(j.len == strlen(row->reason)
                     && memcmp(j.reason, row->reason, j.len) == 0,
                     "row %zu: reason \"%.*s\", expected \"%s\"", i,
                     (int) j.len, j.reason, row->reason);
            PR_CHECK(j.kind == PR_REASON_RULE
                     && strcmp(pr_reason_name(j.kind), "rule") == 0,
                     "row %zu: kind %d", i, (int) j.kind);

        } else {
            PR_CHECK(j.len == 0 && j.kind == PR_REASON_NONE,
                     "row %zu: reason \"%.*s\"", i, (int) j.len, j.reason);
        }
    }
}


static void
test_compile(void)
{
    size_t       bad;
    pr_str_t     name;
    pr_rule_t   *rule;
    const char  *err;

    /* a range is read in the syntax of each ecosystem that uses it */

    rule = test_rule(PR_MODE_BLOCK, "a|b@>=1,<2|c@^1");

    PR_CHECK(pr_rule_compile(rule, PYPI, pr_test_alloc, NULL, &err, &bad) == -2
             && bad == 2 && err != NULL,
             "^1 is not PEP 440: bad %zu", bad);

    rule = test_rule(PR_MODE_BLOCK, "a|b@>=1,<2|c@^1");

    PR_CHECK(pr_rule_compile(rule, CARGO, pr_test_alloc, NULL, &err, &bad) == 0,
             "cargo reads both: %s", err ? err : "");
    PR_CHECK(rule->nranged == 2 && rule->ranged[0] == 1
             && rule->ranged[1] == 2 && rule->ranges[0].len == 0
             && rule->ranges[1].len == 6,
             "the ranges split: %zu", rule->nranged);
    PR_CHECK(pr_rule_compile(rule, CARGO, pr_test_alloc, NULL, &err, &bad) == 0,
             "compiled once");

    rule = test_rule(PR_MODE_BLOCK, "npm-thing@");

    PR_CHECK(pr_rule_compile(rule, NPM, pr_test_alloc, NULL, &err, &bad) == -2,
             "an empty range is refused");

    /* where the range starts */
    PR_CHECK(pr_rule_range_at("@scope/x@1", 10) == 8, "scoped");
    PR_CHECK(pr_rule_range_at("@scope/x", 8) == 0, "scoped, no range");
    PR_CHECK(pr_rule_range_at("x@1@2", 5) == 1, "the first '@'");
    PR_CHECK(pr_rule_range_at("@", 1) == 0, "a lone '@'");

    /* which packages have their versions judged */

    rule = test_rule(PR_MODE_BLOCK, "evil|lodash@<4");
    (void) pr_rule_compile(rule, NPM, pr_test_alloc, NULL, &err, &bad);

    name.data = "lodash";
    name.len = 6;
    PR_CHECK(pr_rule_has_range(rule, NPM, &name), "lodash has a range");

    name.data = "evil";
    name.len = 4;
    PR_CHECK(!pr_rule_has_range(rule, NPM, &name), "evil has none");
    PR_CHECK(!pr_rule_has_range(rule, PYPI, &name), "not compiled for pypi");
}


static void
mal_row(pr_policy_t *policy, const char *n, const char *v,
    pr_verdict_e verdict, const char *reason)
{
    pr_str_t        name, version;
    pr_judgement_t  j;

    name.data = n;
    name.len = strlen(n);
    version.data = v;
    version.len = strlen(v);

    PR_CHECK(pr_verdict(policy, PR_ECO_NPM, &name, &version, PR_TIME_UNKNOWN,
                        0, &j) == verdict
             && j.len == strlen(reason)
             && memcmp(j.reason, reason, j.len) == 0
             && (j.len == 0 || j.kind == (policy->rule && j.pattern
                                          ? PR_REASON_RULE
                                          : PR_REASON_MALICIOUS)),
             "%s@%s: %d \"%.*s\"", n, v, (int) j.verdict, (int) j.len,
             j.reason);
}


static void
test_malicious(void)
{
    size_t        bad;
    pr_mal_t     *mal;
    pr_str_t      name;
    pr_rule_t    *rule;
    const char   *err;
    pr_policy_t   policy;

    static const char  osv[] =
        "{\"id\":\"MAL-2026-1234\",\"affected\":[{\"package\":"
        "{\"ecosystem\":\"npm\",\"name\":\"lodash\"},"
        "\"versions\":[\"4.17.99\"]}]}";
    static const char  osv_all[] =
        "{\"id\":\"MAL-2026-7\",\"affected\":[{\"package\":"
        "{\"ecosystem\":\"npm\",\"name\":\"evil-pkg\"},"
        "\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
        "[{\"introduced\":\"0\"}]}]}]}";

    mal = pr_mal_create();
    PR_CHECK(mal != NULL
             && pr_mal_add_osv(mal, osv, sizeof(osv) - 1, "a") == 0
             && pr_mal_add_osv(mal, osv_all, sizeof(osv_all) - 1, "b") == 0,
             "the lists load");
    pr_mal_finish(mal);

    memset(&policy, 0, sizeof(policy));
    policy.mal = &mal;
    policy.nmal = 1;

    mal_row(&policy, "lodash", "4.17.99", B,
            "lodash@4.17.99 is listed as malicious (MAL-2026-1234)");
    mal_row(&policy, "lodash", "4.17.21", A, "");
    mal_row(&policy, "lodash", "", A, "");
    mal_row(&policy, "evil-pkg", "1.0.0", B,
            "evil-pkg@1.0.0 is listed as malicious (MAL-2026-7)");
    mal_row(&policy, "evil-pkg", "", B,
            "package \"evil-pkg\" is listed as malicious (MAL-2026-7)");
    mal_row(&policy, "left-pad", "1.0.0", A, "");

    name.data = "lodash";
    name.len = 6;
    PR_CHECK(pr_verdict_versions(&policy, PR_ECO_NPM, &name),
             "a listed package has its versions judged");
    name.data = "left-pad";
    name.len = 8;
    PR_CHECK(!pr_verdict_versions(&policy, PR_ECO_NPM, &name),
             "an unlisted one has not");

    /* with a rule: the rule's denial first, then the lists */

    rule = test_rule(PR_MODE_BLOCK, "lodash@<4.17.21");
    (void) pr_rule_compile(rule, PR_ECO_NPM, pr_test_alloc, NULL, &err, &bad);
    policy.rule = rule;

    mal_row(&policy, "lodash", "4.17.20", B, "lodash@4.17.20 is blocked by rule "
            "\"corp\" (pattern \"lodash@<4.17.21\")");
    mal_row(&policy, "lodash", "4.17.99", B,
            "lodash@4.17.99 is listed as malicious (MAL-2026-1234)");
    mal_row(&policy, "lodash", "4.17.21", A, "");

    pr_mal_destroy(mal);
}


/* 2026-12-05T12:00:00Z */
#define NOW    1796472000
#define DAY    86400


typedef struct {
    const char   *name;
    const char   *version;
    int64_t       published;
    int64_t       now;
    pr_verdict_e  verdict;
    pr_reason_t   kind;
    unsigned      exempt;
    const char   *reason;
} time_row_t;


static void
time_rows(pr_policy_t *policy, const time_row_t *rows, size_t n,
    const char *what)
{
    size_t            i;
    pr_str_t          name, version;
    pr_verdict_e      v;
    pr_judgement_t    j;
    const time_row_t *row;

    for (i = 0; i < n; i++) {
        row = &rows[i];

        name.data = row->name;
        name.len = strlen(row->name);
        version.data = row->version;
        version.len = strlen(row->version);

        v = pr_verdict(policy, NPM, &name, &version, row->published,
                       row->now, &j);

        PR_CHECK(v == row->verdict && j.verdict == v && j.kind == row->kind
                 && j.exempt == row->exempt
                 && j.len == strlen(row->reason)
                 && memcmp(j.reason, row->reason, j.len) == 0,
                 "%s row %zu: %s@%s: %d %s%s \"%.*s\"", what, i, row->name,
                 row->version, (int) v, pr_reason_name(j.kind),
                 j.exempt ? " exempt" : "", (int) j.len, j.reason);
    }
}


static void
test_time(void)
{
    pr_policy_t    policy;
    pr_matcher_t  *m;
    pr_exempt_t    ex[2];

    static const time_row_t  cool[] = {
        { "left-pad", "1.3.1", NOW - DAY, NOW, B, PR_REASON_COOLDOWN, 0,
          "left-pad@1.3.1 was published 2026-12-04T12:00:00Z, 1 day ago; "
          "cooldown 7 days" },
        { "left-pad", "1.3.0", NOW - 30 * DAY, NOW, A, PR_REASON_NONE, 0,
          "" },
        /* the boundary: exactly the age is old enough, a second less not */
        { "left-pad", "1.2.0", NOW - 7 * DAY, NOW, A, PR_REASON_NONE, 0,
          "" },
        { "left-pad", "1.2.1", NOW - 7 * DAY + 1, NOW, B,
          PR_REASON_COOLDOWN, 0,
          "left-pad@1.2.1 was published 2026-11-28T12:00:01Z, 6 days ago; "
          "cooldown 7 days" },
        { "left-pad", "9.0.0", NOW + 3600, NOW, B, PR_REASON_COOLDOWN, 0,
          "left-pad@9.0.0 was published 2026-12-05T13:00:00Z, in the "
          "future; cooldown 7 days" },
        { "left-pad", "1.3.2", NOW - 90, NOW, B, PR_REASON_COOLDOWN, 0,
          "left-pad@1.3.2 was published 2026-12-05T11:58:30Z, 1 minute "
          "ago; cooldown 7 days" },
        /* no time: missing=allow (the default) */
        { "left-pad", "1.4.0", PR_TIME_UNKNOWN, NOW, A, PR_REASON_NONE, 0,
          "" },
        /* exempt=@corp/ *: spared the cooldown */
        { "@corp/ui", "2.0.0", NOW - 60, NOW, A, PR_REASON_NONE, 0, "" },
        { "@corpx/ui", "2.0.0", NOW - 60, NOW, B, PR_REASON_COOLDOWN, 0,
          "@corpx/ui@2.0.0 was published 2026-12-05T11:59:00Z, 1 minute "
          "ago; cooldown 7 days" },
        /* the package as a whole is not judged by time */
        { "left-pad", "", NOW, NOW, A, PR_REASON_NONE, 0, "" },
    };

    static const time_row_t  deny[] = {
        { "left-pad", "1.4.0", PR_TIME_UNKNOWN, NOW, B, PR_REASON_NO_TIME, 0,
          "left-pad@1.4.0 has no publication time (missing=deny; cooldown "
          "36 hours)" },
        { "@corp/ui", "2.0.0", PR_TIME_UNKNOWN, NOW, A, PR_REASON_NONE, 0,
          "" },
        { "left-pad", "1.3.0", NOW - 2 * DAY, NOW, A, PR_REASON_NONE, 0,
          "" },
        { "left-pad", "1.3.1", NOW - DAY, NOW, B, PR_REASON_COOLDOWN, 0,
          "left-pad@1.3.1 was published 2026-12-04T12:00:00Z, 1 day ago; "
          "cooldown 36 hours" },
    };

    static const time_row_t  cut[] = {
        { "left-pad", "1.3.1", NOW - DAY, NOW, B, PR_REASON_CUTOFF, 0,
          "left-pad@1.3.1 was published 2026-12-04T12:00:00Z, after the "
          "cutoff 2026-12-01T00:00:00Z" },
        /* the instant itself is not after it */
        { "left-pad", "1.3.0", 1796083200, NOW, A, PR_REASON_NONE, 0, "" },
        { "left-pad", "1.3.4", 1796083201, NOW, B, PR_REASON_CUTOFF, 0,
          "left-pad@1.3.4 was published 2026-12-01T00:00:01Z, after the "
          "cutoff 2026-12-01T00:00:00Z" },
        /* exempt= spares the cooldown only, not the cutoff */
        { "@corp/ui", "2.0.0", NOW - 60, NOW, B, PR_REASON_CUTOFF, 0,
          "@corp/ui@2.0.0 was published 2026-12-05T11:59:00Z, after the "
          "cutoff 2026-12-01T00:00:00Z" },
        { "left-pad", "1.4.0", PR_TIME_UNKNOWN, NOW, B, PR_REASON_NO_TIME, 0,
          "left-pad@1.4.0 has no publication time (missing=deny; cutoff "
          "2026-12-01T00:00:00Z; cooldown 36 hours)" },
        { "@corp/ui", "2.0.1", PR_TIME_UNKNOWN, NOW, B, PR_REASON_NO_TIME, 0,
          "@corp/ui@2.0.1 has no publication time (missing=deny; cutoff "
          "2026-12-01T00:00:00Z)" },
        /* an exemption for this very version, still ahead */
        { "left-pad", "1.3.2", 1796083201, NOW, A, PR_REASON_CUTOFF, 1,
          "left-pad@1.3.2 is exempt until 2026-12-06T00:00:00Z (left-pad@"
          "1.3.2 was published 2026-12-01T00:00:01Z, after the cutoff "
          "2026-12-01T00:00:00Z)" },
        /* at its instant it has expired */
        { "left-pad", "1.3.2", 1796083201, 1796515200, B, PR_REASON_CUTOFF,
          0,
          "left-pad@1.3.2 was published 2026-12-01T00:00:01Z, after the "
          "cutoff 2026-12-01T00:00:00Z" },
        /* an expired one is ignored */
        { "left-pad", "1.3.1", NOW - DAY, NOW, B, PR_REASON_CUTOFF, 0,
          "left-pad@1.3.1 was published 2026-12-04T12:00:00Z, after the "
          "cutoff 2026-12-01T00:00:00Z" },
        /* another version of it is not exempt */
        { "left-pad", "1.3.3", NOW, NOW, B, PR_REASON_CUTOFF, 0,
          "left-pad@1.3.3 was published 2026-12-05T12:00:00Z, after the "
          "cutoff 2026-12-01T00:00:00Z" },
    };

    m = pr_matcher_create(pr_test_alloc, NULL);
    PR_CHECK(m != NULL && pr_matcher_add(m, "@corp/*", 7, 0) == 0
             && pr_matcher_compile(m) == 0, "exempt= compiles");

    memset(&policy, 0, sizeof(policy));
    policy.cooldown = 7 * DAY;
    policy.cooldown_exempt = m;

    time_rows(&policy, cool, sizeof(cool) / sizeof(cool[0]), "cooldown");

    policy.cooldown = 36 * 3600;
    policy.missing_deny = 1;

    time_rows(&policy, deny, sizeof(deny) / sizeof(deny[0]), "missing");

    policy.has_cutoff = 1;
    policy.cutoff = 1796083200;    /* 2026-12-01T00:00:00Z */

    ex[0].name.data = "left-pad";
    ex[0].name.len = 8;
    ex[0].version.data = "1.3.2";
    ex[0].version.len = 5;
    ex[0].until = 1796515200;      /* 2026-12-06T00:00:00Z */
    ex[1].name = ex[0].name;
    ex[1].version.data = "1.3.1";
    ex[1].version.len = 5;
    ex[1].until = NOW - 1;
    policy.exempts = ex;
    policy.nexempts = 2;

    time_rows(&policy, cut, sizeof(cut) / sizeof(cut[0]), "cutoff");

    /* an exemption lets a rule's block through too */

    {
        size_t           bad;
        pr_str_t         name, version;
        pr_rule_t       *rule;
        const char      *err;
        pr_judgement_t   j;

        rule = test_rule(PR_MODE_BLOCK, "left-pad@1.3.2");
        (void) pr_rule_compile(rule, NPM, pr_test_alloc, NULL, &err, &bad);

        memset(&policy, 0, sizeof(policy));
        policy.rule = rule;
        policy.exempts = ex;
        policy.nexempts = 1;

        name.data = "left-pad";
        name.len = 8;
        version.data = "1.3.2";
        version.len = 5;

        PR_CHECK(pr_verdict(&policy, NPM, &name, &version, PR_TIME_UNKNOWN,
                            NOW, &j) == A && j.exempt
                 && j.kind == PR_REASON_RULE,
                 "exempt from a rule: %.*s", (int) j.len, j.reason);
        PR_CHECK(pr_verdict_versions(&policy, NPM, &name),
                 "versions judged where an exemption is");
    }
}


/*
 * pr_verdict_package() once, pr_verdict_of() for each version: the same
 * verdict, kind, pattern and reason as pr_verdict() asked afresh for each
 */
static void
same_as_fresh(const pr_policy_t *policy, pr_eco_t eco, const char *n,
    const char *const *versions, const int64_t *published, int64_t now,
    const char *what)
{
    size_t            i;
    pr_str_t          name, version;
    pr_judgement_t    a, b;
    pr_verdict_pkg_t  pkg;

    name.data = n;
    name.len = strlen(n);

    pr_verdict_package(policy, eco, &name, &pkg);

    PR_CHECK(pkg.versions == (unsigned) pr_verdict_versions(policy, eco,
                                                            &name),
             "%s: %s: versions judged", what, n);

    for (i = 0; versions[i]; i++) {
        version.data = versions[i];
        version.len = strlen(versions[i]);

        (void) pr_verdict_of(&pkg, &version, published[i], now, &a);
        (void) pr_verdict(policy, eco, &name, &version, published[i], now,
                          &b);

        PR_CHECK(a.verdict == b.verdict && a.kind == b.kind
                 && a.exempt == b.exempt && a.pattern == b.pattern
                 && a.len == b.len && memcmp(a.reason, b.reason, a.len) == 0,
                 "%s: %s@%s: prepared %d \"%.*s\", fresh %d \"%.*s\"", what,
                 n, versions[i], (int) a.verdict, (int) a.len, a.reason,
                 (int) b.verdict, (int) b.len, b.reason);
    }
}


static void
expect(const pr_policy_t *policy, pr_eco_t eco, const char *n, const char *v,
    int64_t published, int64_t now, pr_verdict_e verdict, pr_reason_t kind,
    const char *reason)
{
    pr_str_t          name, version;
    pr_judgement_t    j;
    pr_verdict_pkg_t  pkg;

    name.data = n;
    name.len = strlen(n);
    version.data = v;
    version.len = strlen(v);

    pr_verdict_package(policy, eco, &name, &pkg);

    PR_CHECK(pr_verdict_of(&pkg, &version, published, now, &j) == verdict
             && j.kind == kind && j.len == strlen(reason)
             && memcmp(j.reason, reason, j.len) == 0,
             "%s@%s: %d %s \"%.*s\"", n, v, (int) j.verdict,
             pr_reason_name(j.kind), (int) j.len, j.reason);
}


static void
test_prepared(void)
{
    size_t         i, bad;
    pr_mal_t      *mal[PR_VERDICT_PKG_MAL + 2];
    const char    *list;
    pr_rule_t     *rule;
    const char    *err;
    pr_policy_t    policy;
    pr_matcher_t  *m;
    pr_exempt_t    ex[1];

    static const char *const  npm_versions[] = {
        "0.9.0", "1.0.0", "1.0.1", "1.2.0", "1.2.3", "1.2.4", "2.0.0-rc.1",
        "2.0.0", "2.3.5", "3.0.0", "v3.0.1", "not-a-version", "1.0.0", "",
        NULL
    };
    static const int64_t  npm_times[] = {
        NOW - 400 * DAY, NOW - 300 * DAY, NOW - 7 * DAY, NOW - 7 * DAY + 1,
        NOW - DAY, PR_TIME_UNKNOWN, NOW - 2 * DAY, NOW + DAY, NOW - 30 * DAY,
        NOW, NOW - 8 * DAY, NOW - 100 * DAY, NOW - 300 * DAY, NOW
    };
    static const char *const  pypi_versions[] = {
        "1.0", "1.0.0", "1.0a1", "2.0", "2.0.post1", "3", "junk!", NULL
    };
    static const int64_t  pypi_times[] = {
        NOW - 100 * DAY, NOW - 100 * DAY, NOW - DAY, NOW - 10 * DAY,
        NOW - 6 * DAY, PR_TIME_UNKNOWN, NOW - 50 * DAY
    };

    /* the lists: one names the package in another spelling (PyPI) */

    for (i = 0; i < PR_VERDICT_PKG_MAL + 2; i++) {
        mal[i] = pr_mal_create();
        PR_CHECK(mal[i] != NULL, "list %zu", i);
    }

    list = "left-pad@1.2.3\nleft-pad@2.3.5\nevil\n";
    PR_CHECK(pr_mal_add_list(mal[0], NPM, list, strlen(list),
                             "/etc/mal/a.txt") == 0, "list a");
    list = "Foo.Bar@2.0\n";
    PR_CHECK(pr_mal_add_list(mal[1], PYPI, list, strlen(list),
                             "/etc/mal/py.txt") == 0, "list py");
    /* beyond the lists a package keeps: looked up for each version */
    list = "left-pad@3.0.0\n";
    PR_CHECK(pr_mal_add_list(mal[PR_VERDICT_PKG_MAL + 1], NPM, list,
                             strlen(list), "/etc/mal/late.txt") == 0,
             "list late");

    for (i = 0; i < PR_VERDICT_PKG_MAL + 2; i++) {
        pr_mal_finish(mal[i]);
    }

    /* a rule with several ranges naming one package, in order */

    rule = test_rule(PR_MODE_BLOCK,
                     "evil-*|left-pad@>=1.2.0 <1.2.4|other@1|left-*@^2.3.0");
    PR_CHECK(pr_rule_compile(rule, NPM, pr_test_alloc, NULL, &err, &bad) == 0,
             "the rule compiles");

    m = pr_matcher_create(pr_test_alloc, NULL);
    PR_CHECK(m != NULL && pr_matcher_add(m, "@corp/*", 7, 0) == 0
             && pr_matcher_compile(m) == 0, "exempt= compiles");

    memset(&policy, 0, sizeof(policy));
    policy.rule = rule;
    policy.mal = mal;
    policy.nmal = PR_VERDICT_PKG_MAL + 2;
    policy.cooldown = 7 * DAY;
    policy.cooldown_exempt = m;

    same_as_fresh(&policy, NPM, "left-pad", npm_versions, npm_times, NOW,
                  "block");
    same_as_fresh(&policy, NPM, "@corp/ui", npm_versions, npm_times, NOW,
                  "block, spared the cooldown");
    same_as_fresh(&policy, NPM, "evil-x", npm_versions, npm_times, NOW,
                  "block, the whole package");
    same_as_fresh(&policy, NPM, "evil", npm_versions, npm_times, NOW,
                  "block, every version listed");

    /* a range and a list entry for the same version: the rule speaks */
    expect(&policy, NPM, "left-pad", "1.2.3", NOW - 400 * DAY, NOW, B,
           PR_REASON_RULE, "left-pad@1.2.3 is blocked by rule \"corp\" "
           "(pattern \"left-pad@>=1.2.0 <1.2.4\")");
    /* the second range naming it (left-*) */
    expect(&policy, NPM, "left-pad", "2.3.5", NOW - 400 * DAY, NOW, B,
           PR_REASON_RULE, "left-pad@2.3.5 is blocked by rule \"corp\" "
           "(pattern \"left-*@^2.3.0\")");
    expect(&policy, NPM, "evil", "1.0.0", NOW - 400 * DAY, NOW, B,
           PR_REASON_MALICIOUS,
           "evil@1.0.0 is listed as malicious (a.txt:3)");
    /* the list beyond those a package keeps */
    expect(&policy, NPM, "left-pad", "3.0.0", NOW - 400 * DAY, NOW, B,
           PR_REASON_MALICIOUS, "left-pad@3.0.0 is listed as malicious "
           "(late.txt:1)");
    /* the cooldown at its boundary: exactly its age is old enough */
    expect(&policy, NPM, "left-pad", "1.0.1", NOW - 7 * DAY, NOW, A,
           PR_REASON_NONE, "");
    expect(&policy, NPM, "left-pad", "1.0.1", NOW - 7 * DAY + 1, NOW, B,
           PR_REASON_COOLDOWN, "left-pad@1.0.1 was published "
           "2026-11-28T12:00:01Z, 6 days ago; cooldown 7 days");

    /* allow mode: a plain pattern lets every version in, ranges some */

    rule = test_rule(PR_MODE_ALLOW, "left-pad@<1.2.0|left-*@^2|lodash");
    PR_CHECK(pr_rule_compile(rule, NPM, pr_test_alloc, NULL, &err, &bad) == 0,
             "the allow rule compiles");
    policy.rule = rule;
    policy.cooldown = 0;
    policy.has_cutoff = 1;
    policy.cutoff = NOW - 5 * DAY;
    policy.missing_deny = 1;
    ex[0].name.data = "left-pad";
    ex[0].name.len = 8;
    ex[0].version.data = "2.0.0";
    ex[0].version.len = 5;
    ex[0].until = NOW + DAY;
    policy.exempts = ex;
    policy.nexempts = 1;

    same_as_fresh(&policy, NPM, "left-pad", npm_versions, npm_times, NOW,
                  "allow");
    same_as_fresh(&policy, NPM, "lodash", npm_versions, npm_times, NOW,
                  "allow, the whole package");
    same_as_fresh(&policy, NPM, "react", npm_versions, npm_times, NOW,
                  "allow, not let in");

    /* PyPI: the list names Foo.Bar, the document foo-bar (canonical) */

    memset(&policy, 0, sizeof(policy));
    policy.mal = mal;
    policy.nmal = 2;
    policy.cooldown = 7 * DAY;

    same_as_fresh(&policy, PYPI, "foo-bar", pypi_versions, pypi_times, NOW,
                  "pypi");
    expect(&policy, PYPI, "foo-bar", "2.0", NOW - 10 * DAY, NOW, B,
           PR_REASON_MALICIOUS,
           "foo-bar@2.0 is listed as malicious (py.txt:1)");
    expect(&policy, PYPI, "foo-bar", "2.0.0", NOW - 10 * DAY, NOW, B,
           PR_REASON_MALICIOUS,
           "foo-bar@2.0.0 is listed as malicious (py.txt:1)");

    /* nothing names the package, no range: only the time matters */

    policy.nmal = 1;
    same_as_fresh(&policy, PYPI, "foo-bar", pypi_versions, pypi_times, NOW,
                  "pypi, time only");

    for (i = 0; i < PR_VERDICT_PKG_MAL + 2; i++) {
        pr_mal_destroy(mal[i]);
    }
}



/* whether a time need be looked up: the names exempt= spares, the rule */
static void
test_timed(void)
{
    size_t          bad;
    pr_str_t        name, corp, version, none;
    pr_policy_t     policy;
    pr_rule_t      *rule;
    const char     *err;
    pr_matcher_t   *m;

    m = pr_matcher_create(pr_test_alloc, NULL);
    PR_CHECK(m != NULL && pr_matcher_add(m, "@corp/*", 7, 0) == 0
             && pr_matcher_compile(m) == 0, "exempt= compiles");

    rule = test_rule(PR_MODE_BLOCK, "left-pad@>=2.0.0");
    (void) pr_rule_compile(rule, NPM, pr_test_alloc, NULL, &err, &bad);

    name.data = "left-pad";
    name.len = 8;
    corp.data = "@corp/ui";
    corp.len = 8;
    version.data = "1.3.1";
    version.len = 5;
    none.data = "";
    none.len = 0;

    memset(&policy, 0, sizeof(policy));

    PR_CHECK(!pr_verdict_timed(&policy, NPM, &name, &version),
             "no cooldown, no cutoff: no time read");

    policy.cooldown = 7 * DAY;
    policy.cooldown_exempt = m;

    PR_CHECK(pr_verdict_timed(&policy, NPM, &name, &version)
             && pr_verdict_timed(&policy, NPM, &name, &none),
             "a cooldown reads the time");
    PR_CHECK(!pr_verdict_timed(&policy, NPM, &corp, &version)
             && !pr_verdict_timed(&policy, NPM, &corp, &none),
             "exempt=: no time read");

    policy.missing_deny = 1;

    PR_CHECK(!pr_verdict_timed(&policy, NPM, &corp, &version),
             "exempt= spares missing=deny too");

    policy.has_cutoff = 1;
    policy.cutoff = NOW;

    PR_CHECK(pr_verdict_timed(&policy, NPM, &corp, &version)
             && pr_verdict_timed(&policy, NPM, &corp, &none),
             "the cutoff reads the time of an exempt= name");

    policy.rule = rule;
    version.data = "2.0.1";

    PR_CHECK(!pr_verdict_timed(&policy, NPM, &name, &version),
             "a version the rule's range blocks: no time read");

    version.data = "1.9.9";

    PR_CHECK(pr_verdict_timed(&policy, NPM, &name, &version),
             "a version the rule lets in: the time read");
}


int
main(void)
{
    test_rows();
    test_compile();
    test_malicious();
    test_time();
    test_prepared();
    test_timed();
    pr_test_free_all();

    PR_TEST_DONE("test_verdict");
}
