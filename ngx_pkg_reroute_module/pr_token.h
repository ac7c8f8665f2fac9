/*
 * ngx_pkg_reroute: what the Docker token flow decides without nginx: the
 * Bearer challenge read from an upstream's WWW-Authenticate (RFC 7235:
 * several challenges, quoted strings, commas), the scope the module asks
 * for (the repository the request named, never the upstream's choice),
 * and the token service's answer (token or access_token, expires_in,
 * issued_at, as the distribution token specification defines them).
 */

#ifndef _PR_TOKEN_H_INCLUDED_
#define _PR_TOKEN_H_INCLUDED_


#include <time.h>

#include "pr_core.h"


#define PR_TOKEN_MAX_LEN       8192    /* longest token kept */
#define PR_TOKEN_DEFAULT_TTL   60      /* expires_in when absent */


typedef struct {
    pr_str_t     realm;             /* unquoted, in the caller's buffer */
    pr_str_t     service;
    pr_str_t     scope;
} pr_token_challenge_t;


typedef struct {
    pr_str_t     token;             /* in the caller's buffer */
    long         expires_in;        /* seconds; PR_TOKEN_DEFAULT_TTL when
                                     * absent or 0 */
    time_t       issued_at;         /* -1 when absent */
} pr_token_t;


/*
 * The first Bearer challenge of a WWW-Authenticate value: its realm,
 * service and scope parameters, unquoted into buf (size >= len). Returns
 * 0, 1 if the value has no Bearer challenge with a realm, or -1 if it is
 * not a challenge list (RFC 7235 section 4.1).
 */
int pr_token_challenge(const char *value, size_t len, char *buf, size_t size,
    pr_token_challenge_t *ch);

/*
 * "repository:<name>:pull" into out (size >= name_len + 16); its length,
 * or 0 if the name is empty or has a character a scope cannot carry.
 */
size_t pr_token_scope(const char *name, size_t name_len, char *out,
    size_t size);

/*
 * The token service's JSON answer: NULL, with t's token copied into buf
 * (size >= len), or why it is refused ("not JSON", "no token", "a token
 * with characters a header cannot carry", ...).
 */
const char *pr_token_parse(const char *json, size_t len, char *buf,
    size_t size, pr_token_t *t);

/*
 * How many seconds from now a token stays usable: issued_at + expires_in
 * when issued_at is given and not in the future, else now + expires_in;
 * a tenth of the lifetime (at most 30 s) is kept back for the requests on
 * their way. 0 if already past.
 */
long pr_token_lifetime(const pr_token_t *t, time_t now);

/* an RFC 3339 date-time in seconds since the epoch, or -1 */
time_t pr_token_time(const char *s, size_t len);


#endif /* _PR_TOKEN_H_INCLUDED_ */
