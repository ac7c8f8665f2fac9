/*
 * ngx_pkg_reroute: which request headers carry a client's credentials.
 */

#include <string.h>

#include "pr_credential.h"


#define PR_CREDENTIAL_NAME_MAX  64


/*
 * Credentials of a registry (or of the client): Docker's and the OCI
 * registries', GitLab's, npm's one-time passwords and session, and any
 * name that contains one of these words: "auth", "token", "cookie",
 * "session", "secret", "password", "credential", "api-key", "apikey",
 * "otp". Of the names known to carry one ("authorization",
 * "proxy-authorization", "cookie", "x-registry-auth", "x-api-key",
 * "x-auth-token", "private-token", "job-token", "deploy-token",
 * "x-npm-otp", "npm-otp", "npm-session", "npm-auth-type"), only two
 * contain no such word: "x-registry-config" and "x-jfrog-art-api".
 *
 * One pass over the name, asked for every request header of a place (the
 * strip, the filters): a word is looked for only where its first letter
 * stands.
 */

#define pr_credential_at(low, i, len, w)                                     \
    ((len) - (i) >= sizeof(w) - 1 && memcmp(&(low)[i], w, sizeof(w) - 1) == 0)


int
pr_credential_header(const char *name, size_t len)
{
    char    c, low[PR_CREDENTIAL_NAME_MAX];
    size_t  i;

    if (len >= sizeof(low)) {
        return 1;
    }

    for (i = 0; i < len; i++) {
        c = name[i];

        if (c == '\0') {
            /* not a name nginx parses */
            return 1;
        }

        low[i] = (c >= 'A' && c <= 'Z') ? (c | 0x20) : c;
    }

    for (i = 0; i < len; i++) {
        switch (low[i]) {

        case 'a':
            if (pr_credential_at(low, i, len, "auth")
                || pr_credential_at(low, i, len, "api-key")
                || pr_credential_at(low, i, len, "apikey"))
            {
                return 1;
            }
            break;

        case 'c':
            if (pr_credential_at(low, i, len, "cookie")
                || pr_credential_at(low, i, len, "credential"))
            {
                return 1;
            }
            break;

        case 'o':
            if (pr_credential_at(low, i, len, "otp")) {
                return 1;
            }
            break;

        case 'p':
            if (pr_credential_at(low, i, len, "password")) {
                return 1;
            }
            break;

        case 's':
            if (pr_credential_at(low, i, len, "session")
                || pr_credential_at(low, i, len, "secret"))
            {
                return 1;
            }
            break;

        case 't':
            if (pr_credential_at(low, i, len, "token")) {
                return 1;
            }
            break;

        default:
            break;
        }
    }

    return (len == sizeof("x-registry-config") - 1
            && memcmp(low, "x-registry-config", len) == 0)
           || (len == sizeof("x-jfrog-art-api") - 1
               && memcmp(low, "x-jfrog-art-api", len) == 0);
}
