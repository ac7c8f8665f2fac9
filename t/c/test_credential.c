/*
 * ngx_pkg_reroute: table tests for pr_credential_header(), the headers a
 * cache-mode place and a followed hop never send upstream.
 */


#include <string.h>

#include "pr_credential.h"
#include "pr_test.h"


typedef struct {
    const char  *name;
    int          credential;
} ct_header_t;


static const ct_header_t  ct_headers[] = {

    /* the list, in any case */
    { "Authorization", 1 },
    { "AUTHORIZATION", 1 },
    { "Proxy-Authorization", 1 },
    { "Cookie", 1 },
    { "X-Registry-Auth", 1 },
    { "X-JFrog-Art-Api", 1 },
    { "X-Registry-Config", 1 },
    { "X-Api-Key", 1 },
    { "X-Auth-Token", 1 },
    { "Private-Token", 1 },
    { "Job-Token", 1 },
    { "Deploy-Token", 1 },
    { "X-Npm-Otp", 1 },
    { "npm-otp", 1 },
    { "Npm-Session", 1 },
    { "npm-auth-type", 1 },

    /* the words, anywhere in the name */
    { "X-Hf-Token", 1 },
    { "X-GitHub-OTP", 1 },
    { "X-Amz-Security-Token", 1 },
    { "X-Client-Secret", 1 },
    { "X-Password", 1 },
    { "X-Credentials", 1 },
    { "Ocp-Apim-Subscription-Api-Key", 1 },
    { "X-Apikey", 1 },
    { "X-JFrog-Art-Api-Authtoken", 1 },
    { "Set-Cookie2", 1 },
    { "X-Session-Id", 1 },

    /* too long to read: a credential */
    { "X-01234567890123456789012345678901234567890123456789012345678901", 1 },

    /* what clients need upstream */
    { "Accept", 0 },
    { "Accept-Encoding", 0 },
    { "User-Agent", 0 },
    { "If-None-Match", 0 },
    { "Range", 0 },
    { "Npm-Command", 0 },
    { "Pacote-Version", 0 },
    { "Docker-Distribution-Api-Version", 0 },
    { "X-Trace", 0 },
    { "Host", 0 },
    { "X-0123456789012345678901234567890123456789012345678901234567890", 0 },

    /* the names answered by one comparison, in any case ... */
    { "host", 0 },
    { "HOST", 0 },
    { "range", 0 },
    { "accept", 0 },
    { "Pragma", 0 },
    { "Referer", 0 },
    { "If-Range", 0 },
    { "Npm-Scope", 0 },
    { "Npm-In-Ci", 0 },
    { "CONNECTION", 0 },
    { "npm-command", 0 },
    { "Content-Type", 0 },
    { "Cache-Control", 0 },
    { "if-none-match", 0 },
    { "Pacote-Pkg-Id", 0 },
    { "Content-Length", 0 },
    { "Accept-Language", 0 },
    { "Pacote-Req-Type", 0 },
    { "X-Forwarded-For", 0 },
    { "If-Modified-Since", 0 },

    /* ... and names of their lengths, or like them, that are scanned */
    { "Otpt", 1 },
    { "token", 1 },
    { "Secret", 1 },
    { "Session", 1 },
    { "X-Auth-1", 1 },
    { "Npm-Otp-X", 1 },
    { "Cookie-Abc", 1 },
    { "Npm-Session", 1 },
    { "Content-Auth", 1 },
    { "Cache-Cookies", 1 },
    { "Content-Secret", 1 },
    { "Accept-Password", 1 },
    { "If-Modified-Token", 1 },
    { "User_Agent", 0 },
    { "Accept-Encodinh", 0 },

    { NULL, 0 }
};


int
main(void)
{
    int                 got;
    const ct_header_t  *t;

    for (t = ct_headers; t->name; t++) {
        got = pr_credential_header(t->name, strlen(t->name));
        PR_CHECK(got == t->credential, "\"%s\": %d, expected %d", t->name,
                 got, t->credential);
    }

    /* not NUL-terminated: only len bytes are read */
    PR_CHECK(pr_credential_header("Cookie-less", 6) == 1, "\"Cookie\" of 11");
    PR_CHECK(pr_credential_header("Accept-Auth", 6) == 0, "\"Accept\" of 11");

    /* a NUL inside the name is never read as its end */
    PR_CHECK(pr_credential_header("X\0Authorization", 15) == 1, "NUL");

    PR_TEST_DONE("test_credential");
}
