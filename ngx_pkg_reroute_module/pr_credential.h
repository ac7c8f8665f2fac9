/*
 * ngx_pkg_reroute: which request headers carry a client's credentials.
 * One list for every place the module keeps them from an upstream: a
 * followed redirect's hop (pkg_reroute_follow) and a cache-mode place's
 * upstream (pkg_reroute_client_credentials).
 */

#ifndef _PR_CREDENTIAL_H_INCLUDED_
#define _PR_CREDENTIAL_H_INCLUDED_


#include <stddef.h>


/*
 * 1 if a request header of this name (any case, not NUL-terminated) is a
 * credential: one of a list of known names (Authorization, Cookie,
 * X-Registry-Auth, Private-Token, Npm-Session, ...), a name that contains
 * "auth", "token", "cookie", "session", "secret", "password",
 * "credential", "api-key", "apikey" or "otp", or a name too long to read
 * (64 bytes or more).
 */
int pr_credential_header(const char *name, size_t len);


#endif /* _PR_CREDENTIAL_H_INCLUDED_ */
