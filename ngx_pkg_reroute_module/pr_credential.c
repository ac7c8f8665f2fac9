/*
 * ngx_pkg_reroute: which request headers carry a client's credentials.
 */

#include <stdint.h>
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
 * strip, the filters), without a copy: a word is looked for only where its
 * first letter stands (in either case), and compared without case from
 * its second letter on, which is where almost every header name already
 * differs.
 */

/* NUL and the words' first letters, both cases: a bit a byte */
static const uint32_t  pr_credential_start[8] = {
    0x00000001, 0x00000000, 0x0019800a, 0x0019800a,
    0x00000000, 0x00000000, 0x00000000, 0x00000000
};


/* ASCII lower case, a byte for a byte */
static const unsigned char  pr_lowcase[256] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
    0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
    0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
    0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
    0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
    0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
    0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
    0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
    0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
    0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
    0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
    0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
    0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
    0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
    0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
    0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
    0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
    0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
    0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
    0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff
};

#define pr_lower(c)  pr_lowcase[(unsigned char) (c)]

#define pr_credential_at(name, i, len, w)                                   \
    ((len) - (i) >= sizeof(w) - 1                                           \
     && pr_credential_rest(&(name)[(i) + 1], w "", sizeof(w) - 2))


static int pr_credential_rest(const char *p, const char *w, size_t n);
static int pr_credential_is(const char *name, size_t len, const char *w,
    size_t n);


/*
 * The names almost every request carries, which hold none of the words:
 * answered by one comparison (t/c/test_credential.c checks that the scan
 * says the same of each).
 */
#define PR_CREDENTIAL_PLAIN_MAX  17

static const char  *pr_credential_plain[PR_CREDENTIAL_PLAIN_MAX + 1][4] = {
    [4] =  { "host" },
    [5] =  { "range" },
    [6] =  { "accept", "pragma" },
    [7] =  { "referer" },
    [8] =  { "if-range" },
    [9] =  { "npm-scope", "npm-in-ci" },
    [10] = { "user-agent", "connection" },
    [11] = { "npm-command" },
    [12] = { "content-type" },
    [13] = { "cache-control", "if-none-match", "pacote-pkg-id" },
    [14] = { "content-length", "pacote-version" },
    [15] = { "accept-encoding", "accept-language", "pacote-req-type",
             "x-forwarded-for" },
    [17] = { "if-modified-since" },
};


/* the n bytes at p are w's from its second letter on, in any case */
static int
pr_credential_rest(const char *p, const char *w, size_t n)
{
    size_t  k;

    for (k = 0; k < n; k++) {
        if (pr_lower(p[k]) != w[k + 1]) {
            return 0;
        }
    }

    return 1;
}


static int
pr_credential_is(const char *name, size_t len, const char *w, size_t n)
{
    size_t  k;

    if (len != n) {
        return 0;
    }

    for (k = 0; k < n; k++) {
        if (pr_lower(name[k]) != w[k]) {
            return 0;
        }
    }

    return 1;
}


int
pr_credential_header(const char *name, size_t len)
{
    size_t         i;
    const char    *const *w;
    unsigned char  c;

    if (len >= PR_CREDENTIAL_NAME_MAX) {
        return 1;
    }

    if (len <= PR_CREDENTIAL_PLAIN_MAX) {
        for (w = pr_credential_plain[len]; *w; w++) {
            if (pr_lower(name[0]) == (*w)[0]
                && pr_credential_is(name, len, *w, len))
            {
                return 0;
            }
        }
    }

    for (i = 0; i < len; i++) {
        c = (unsigned char) name[i];

        if (!(pr_credential_start[c >> 5] & (1U << (c & 0x1f)))) {
            continue;
        }

        switch (c | 0x20) {

        case 'a':
            if (pr_credential_at(name, i, len, "auth")
                || pr_credential_at(name, i, len, "api-key")
                || pr_credential_at(name, i, len, "apikey"))
            {
                return 1;
            }
            break;

        case 'c':
            if (pr_credential_at(name, i, len, "cookie")
                || pr_credential_at(name, i, len, "credential"))
            {
                return 1;
            }
            break;

        case 'o':
            if (pr_credential_at(name, i, len, "otp")) {
                return 1;
            }
            break;

        case 'p':
            if (pr_credential_at(name, i, len, "password")) {
                return 1;
            }
            break;

        case 's':
            if (pr_credential_at(name, i, len, "session")
                || pr_credential_at(name, i, len, "secret"))
            {
                return 1;
            }
            break;

        case 't':
            if (pr_credential_at(name, i, len, "token")) {
                return 1;
            }
            break;

        default:
            /* NUL (0x20 once or'ed): not a name nginx parses */
            return 1;
        }
    }

    return pr_credential_is(name, len, "x-registry-config",
                            sizeof("x-registry-config") - 1)
           || pr_credential_is(name, len, "x-jfrog-art-api",
                               sizeof("x-jfrog-art-api") - 1);
}
