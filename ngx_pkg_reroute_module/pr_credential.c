/*
 * ngx_pkg_reroute: which request headers carry a client's credentials.
 */

#include <string.h>

#include "pr_credential.h"


#define PR_CREDENTIAL_NAME_MAX  64


/*
 * Credentials of a registry (or of the client): Docker's and the OCI
 * registries', GitLab's, npm's one-time passwords and session.
 */
static const char  *pr_credential_names[] = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-registry-auth",
    "x-registry-config",
    "x-api-key",
    "x-auth-token",
    "private-token",
    "job-token",
    "deploy-token",
    "x-npm-otp",
    "npm-otp",
    "npm-session",
    "npm-auth-type",
    "x-jfrog-art-api",
    NULL
};

/* any name that contains one of these goes too */
static const char  *pr_credential_words[] = {
    "auth", "token", "cookie", "session", "secret", "password",
    "credential", "api-key", "apikey", "otp", NULL
};


int
pr_credential_header(const char *name, size_t len)
{
    char          c, low[PR_CREDENTIAL_NAME_MAX];
    size_t        i;
    const char  **p;

    if (len >= sizeof(low)) {
        return 1;
    }

    for (i = 0; i < len; i++) {
        c = name[i];
        low[i] = (c >= 'A' && c <= 'Z') ? (c | 0x20) : c;

        if (c == '\0') {
            /* not a name nginx parses; strstr() below would stop here */
            return 1;
        }
    }

    low[len] = '\0';

    for (p = pr_credential_names; *p; p++) {
        if (strlen(*p) == len && memcmp(*p, low, len) == 0) {
            return 1;
        }
    }

    for (p = pr_credential_words; *p; p++) {
        if (strstr(low, *p)) {
            return 1;
        }
    }

    return 0;
}
