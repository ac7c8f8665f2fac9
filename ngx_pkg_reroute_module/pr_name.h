/*
 * ngx_pkg_reroute: each ecosystem's name rules. One function turns a
 * package name, or the literal parts of a pattern, into the canonical
 * form that rules match, so two spellings of one package are one name.
 */

#ifndef _PR_NAME_H_INCLUDED_
#define _PR_NAME_H_INCLUDED_


#include "pr_core.h"


/*
 * Canonical form, written to out (at most len bytes):
 *   all:    lower case
 *   pypi:   runs of '-', '_', '.' become one '-' (PEP 503)
 *   cargo:  '_' becomes '-'
 * Wildcards ('*', '?') pass through untouched.
 */
size_t pr_name_canon(pr_eco_t eco, const char *in, size_t len, char *out);

/* 1 if the byte is a lower or upper case ASCII letter, digit */
#define pr_isalnum(c)                                                       \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z')              \
     || ((c) >= '0' && (c) <= '9'))

#define pr_isdigit(c)  ((c) >= '0' && (c) <= '9')

/* 1 if every byte of s is alphanumeric or in extra */
int pr_name_chars(const pr_str_t *s, const char *extra);

int pr_str_eq(const pr_str_t *s, const char *lit);
int pr_str_caseeq(const pr_str_t *a, const pr_str_t *b);
int pr_str_ends(const pr_str_t *s, const char *lit);


#endif /* _PR_NAME_H_INCLUDED_ */
