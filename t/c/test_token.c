/*
 * ngx_pkg_reroute: table tests for the Docker token flow's parsing
 * (pr_token.c): Bearer challenges, the scope asked for, the token
 * service's answer, its lifetime.
 */


#include <stdlib.h>
#include <string.h>

#include "pr_token.h"
#include "pr_test.h"


typedef struct {
    const char  *value;
    int          rc;
    const char  *realm;
    const char  *service;
    const char  *scope;
} tt_challenge_t;


static const tt_challenge_t  tt_challenges[] = {

    /* Docker Hub's */
    { "Bearer realm=\"https://auth.docker.io/token\","
      "service=\"registry.docker.io\","
      "scope=\"repository:library/alpine:pull\"", 0,
      "https://auth.docker.io/token", "registry.docker.io",
      "repository:library/alpine:pull" },

    /* the scheme in any case, spaces around '=' and ',' (BWS, OWS) */
    { "bearer realm = \"https://r.test/t\" , service=reg", 0,
      "https://r.test/t", "reg", "" },

    /* quoted-pair; a comma inside a quoted string */
    { "Bearer realm=\"https://r.test/t?a=1,b=\\\"2\\\"\",scope=\"x,y\"", 0,
      "https://r.test/t?a=1,b=\"2\"", "", "x,y" },

    /* several challenges: Bearer after Basic, after a token68 */
    { "Basic realm=\"registry\", Bearer realm=\"https://r.test/t\"", 0,
      "https://r.test/t", "", "" },
    { "Negotiate abc==, Bearer realm=\"https://r.test/t\",service=s", 0,
      "https://r.test/t", "s", "" },
    { "Bearer realm=\"https://r.test/t\", Basic realm=\"x\", scope=\"no\"", 0,
      "https://r.test/t", "", "" },
    { "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", "
      "Bearer realm=\"https://r.test/t\"", 0, "https://r.test/t", "", "" },

    /* the params of another scheme are not Bearer's */
    { "Basic realm=\"https://r.test/t\"", 1, "", "", "" },
    { "Basic realm=\"x\", service=\"y\"", 1, "", "", "" },

    /* a Bearer challenge with no realm, or an empty one */
    { "Bearer service=\"x\"", 1, "", "", "" },
    { "Bearer realm=\"\"", 1, "", "", "" },
    { "Bearer", 1, "", "", "" },
    { "", 1, "", "", "" },

    /* not a challenge list */
    { "Bearer realm=\"https://r.test/t", -1, "", "", "" },
    { "realm=\"x\"", -1, "", "", "" },
    { "Bearer realm=\"a\" junk", -1, "", "", "" },
    { "Bearer realm=\"a\",realm=\"b\"", -1, "", "", "" },
    { "Bearer realm=\"a\x01\"", -1, "", "", "" },
    /* "realm=" alone is a token68 (padding), not a param */
    { "Bearer realm=", 1, "", "", "" },
    { "Bearer=x", -1, "", "", "" },
};


typedef struct {
    const char  *json;
    const char  *err;          /* NULL: accepted */
    const char  *token;
    long         expires_in;
    long         issued_at;    /* -1: none */
} tt_answer_t;


static const tt_answer_t  tt_answers[] = {
    { "{\"token\":\"abc\",\"expires_in\":300,"
      "\"issued_at\":\"2026-12-05T17:00:00Z\"}",
      NULL, "abc", 300, 1796490000 },
    { "{\"access_token\":\"oauth\"}", NULL, "oauth", 60, -1 },
    { "{\"token\":\"\",\"access_token\":\"second\"}", NULL, "second", 60,
      -1 },
    { "{\"token\":\"t\",\"expires_in\":0}", NULL, "t", 60, -1 },
    { "{\"token\":\"t\",\"expires_in\":null}", NULL, "t", 60, -1 },
    { "{\"token\":\"t\",\"issued_at\":\"yesterday\"}", NULL, "t", 60, -1 },
    { "{\"token\":\"t\",\"issued_at\":\"2026-12-05T18:00:00.123+01:00\"}",
      NULL, "t", 60, 1796490000 },
    { "", "not JSON", NULL, 0, 0 },
    { "<html>", "not JSON", NULL, 0, 0 },
    { "[\"token\"]", "not a JSON object", NULL, 0, 0 },
    { "{}", "no token", NULL, 0, 0 },
    { "{\"token\":1}", "no token", NULL, 0, 0 },
    { "{\"token\":\"a b\"}", "a token with characters a header cannot carry",
      NULL, 0, 0 },
    { "{\"token\":\"a\\r\\nX-Evil: 1\"}",
      "a token with characters a header cannot carry", NULL, 0, 0 },
    { "{\"token\":\"t\",\"expires_in\":\"300\"}",
      "an expires_in that is not a number of seconds", NULL, 0, 0 },
    { "{\"token\":\"t\",\"expires_in\":-5}",
      "an expires_in that is not a number of seconds", NULL, 0, 0 },
};


int
main(void)
{
    char                   buf[PR_TOKEN_MAX_LEN + 16], *big;
    long                   life;
    size_t                 i, n;
    pr_token_t             t;
    const char            *err;
    pr_token_challenge_t   ch;

    for (i = 0; i < sizeof(tt_challenges) / sizeof(tt_challenges[0]); i++) {
        const tt_challenge_t  *c = &tt_challenges[i];
        int                    rc;

        rc = pr_token_challenge(c->value, strlen(c->value), buf,
                                sizeof(buf), &ch);

        PR_CHECK(rc == c->rc, "challenge %zu \"%s\": rc %d, want %d", i,
                 c->value, rc, c->rc);

        if (rc != 0 || c->rc != 0) {
            continue;
        }

        PR_CHECK(ch.realm.len == strlen(c->realm)
                 && memcmp(ch.realm.data, c->realm, ch.realm.len) == 0,
                 "challenge %zu: realm \"%.*s\", want \"%s\"", i,
                 (int) ch.realm.len, ch.realm.data, c->realm);
        PR_CHECK(ch.service.len == strlen(c->service)
                 && (ch.service.len == 0
                     || memcmp(ch.service.data, c->service,
                               ch.service.len) == 0),
                 "challenge %zu: service \"%.*s\", want \"%s\"", i,
                 (int) ch.service.len, ch.service.data, c->service);
        PR_CHECK(ch.scope.len == strlen(c->scope)
                 && (ch.scope.len == 0
                     || memcmp(ch.scope.data, c->scope, ch.scope.len) == 0),
                 "challenge %zu: scope \"%.*s\", want \"%s\"", i,
                 (int) ch.scope.len, ch.scope.data, c->scope);
    }

    /* the unquoted values never outgrow the value: buf of len bytes */
    {
        const char  *v = "Bearer realm=\"https://r.test/t\",scope=\"a\"";
        char         small[64];

        PR_CHECK(pr_token_challenge(v, strlen(v), small, strlen(v), &ch)
                 == 0, "challenge in a buffer of its own length");
    }

    n = pr_token_scope("library/alpine", 14, buf, sizeof(buf));
    PR_CHECK(n == 30 && memcmp(buf, "repository:library/alpine:pull", 30)
             == 0, "scope: %.*s", (int) n, buf);
    PR_CHECK(pr_token_scope("", 0, buf, sizeof(buf)) == 0, "empty name");
    PR_CHECK(pr_token_scope("a:b", 3, buf, sizeof(buf)) == 0, "':' in name");
    PR_CHECK(pr_token_scope("a b", 3, buf, sizeof(buf)) == 0, "' ' in name");
    PR_CHECK(pr_token_scope("abc", 3, buf, 10) == 0, "small buffer");

    for (i = 0; i < sizeof(tt_answers) / sizeof(tt_answers[0]); i++) {
        const tt_answer_t  *a = &tt_answers[i];

        err = pr_token_parse(a->json, strlen(a->json), buf, sizeof(buf), &t);

        PR_CHECK((err == NULL) == (a->err == NULL)
                 && (err == NULL || strcmp(err, a->err) == 0),
                 "answer %zu %s: \"%s\", want \"%s\"", i, a->json,
                 err ? err : "(accepted)", a->err ? a->err : "(accepted)");

        if (err || a->err) {
            continue;
        }

        PR_CHECK(t.token.len == strlen(a->token)
                 && memcmp(t.token.data, a->token, t.token.len) == 0,
                 "answer %zu: token \"%.*s\"", i, (int) t.token.len,
                 t.token.data);
        PR_CHECK(t.expires_in == a->expires_in, "answer %zu: expires_in %ld",
                 i, t.expires_in);
        PR_CHECK((long) t.issued_at == a->issued_at,
                 "answer %zu: issued_at %ld, want %ld", i,
                 (long) t.issued_at, a->issued_at);
    }

    /* a token over PR_TOKEN_MAX_LEN is refused */

    big = malloc(PR_TOKEN_MAX_LEN + 64);
    if (big) {
        memcpy(big, "{\"token\":\"", 10);
        memset(big + 10, 'a', PR_TOKEN_MAX_LEN + 1);
        memcpy(big + 10 + PR_TOKEN_MAX_LEN + 1, "\"}", 2);
        err = pr_token_parse(big, PR_TOKEN_MAX_LEN + 13, buf, sizeof(buf),
                             &t);
        PR_CHECK(err && strcmp(err, "a token too long") == 0, "huge token");
        free(big);
    }

    /* lifetimes */

    memset(&t, 0, sizeof(t));
    t.expires_in = 300;
    t.issued_at = -1;
    life = pr_token_lifetime(&t, 1000);
    PR_CHECK(life == 270, "300 s, no issued_at: %ld", life);

    t.issued_at = 900;
    life = pr_token_lifetime(&t, 1000);
    PR_CHECK(life == 170, "issued 100 s ago: %ld", life);

    t.issued_at = 5000;
    life = pr_token_lifetime(&t, 1000);
    PR_CHECK(life == 270, "issued in the future (clock skew): %ld", life);

    t.issued_at = 0;
    life = pr_token_lifetime(&t, 1000);
    PR_CHECK(life == 0, "long expired: %ld", life);

    t.expires_in = 2;
    t.issued_at = -1;
    life = pr_token_lifetime(&t, 1000);
    PR_CHECK(life == 2, "2 s: %ld", life);

    PR_CHECK(pr_token_time("1970-01-01T00:00:00Z", 20) == 0, "epoch");
    PR_CHECK(pr_token_time("2000-02-29T12:00:00Z", 20) == 951825600,
             "leap day");
    PR_CHECK(pr_token_time("2026-12-05T17:00:00", 19) == -1, "no zone");
    PR_CHECK(pr_token_time("2026-13-05T17:00:00Z", 20) == -1, "month 13");

    PR_TEST_DONE("test_token");
}
