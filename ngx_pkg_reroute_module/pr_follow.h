/*
 * ngx_pkg_reroute: what following an upstream redirect decides without
 * nginx: which host names a place follows to (exact names and "*.suffix"
 * wildcards, sorted once at configuration time), which addresses are
 * never connected to, and where a Location points, resolved against the
 * URL of the request that got it.
 */

#ifndef _PR_FOLLOW_H_INCLUDED_
#define _PR_FOLLOW_H_INCLUDED_


#include "pr_core.h"


#define PR_FOLLOW_MAX_URL   8192    /* longest Location followed */
#define PR_FOLLOW_MAX_HOST  253


typedef struct {
    pr_str_t    *exact;             /* "cdn-lfs.hf.co", sorted */
    size_t       nexact;
    pr_str_t    *suffix;            /* ".cloudfront.net" for *.cloudfront.net,
                                     * sorted */
    size_t       nsuffix;
} pr_follow_hosts_t;


typedef struct {
    pr_str_t     scheme;            /* "http" or "https" */
    pr_str_t     host;              /* lower case; an IPv6 literal keeps
                                     * its brackets */
    unsigned     port;              /* 80 or 443 when the URL has none */
    unsigned     explicit_port:1;
    unsigned     literal:1;         /* the host is an address literal */
    pr_str_t     path;              /* from '/', with "?query", no '#' */
} pr_url_t;


/*
 * A host pattern as written: 0 an exact name, 1 "*.suffix", -1 invalid
 * (what is not a DNS name of letters, digits, '-' and '.', an address
 * literal, or a wildcard anywhere but a leading "*.").
 */
int pr_follow_pattern_kind(const char *p, size_t len);

/* sorts h's arrays (lower case already) for pr_follow_host_match() */
void pr_follow_hosts_sort(pr_follow_hosts_t *h);

/* 1 if host (lower case, no port) matches one of h's patterns */
int pr_follow_host_match(const pr_follow_hosts_t *h, const char *host,
    size_t len);

/*
 * 1 if host is an address literal in any spelling a resolver or a socket
 * library takes: IPv6 in brackets, dotted quads, and the all-numeric
 * forms inet_aton() reads ("2130706433", "0x7f.1", "0177.0.0.1").
 */
int pr_follow_host_literal(const char *host, size_t len);

/*
 * NULL if an address may be connected to, else why not ("loopback",
 * "private", "link-local", "unspecified", "multicast", "reserved",
 * "shared"). family: 4 (addr: 4 bytes, network order) or 6 (16 bytes);
 * IPv4-mapped and -compatible IPv6 addresses are checked as IPv4.
 */
const char *pr_follow_addr_refused(int family, const unsigned char *addr);

/*
 * Resolves a Location against base (an absolute http(s) URL) as RFC 3986
 * section 5 does: absolute, scheme-relative ("//host/..."), absolute-path,
 * relative-path and query-only references; dot segments removed, the
 * fragment dropped. out's strings point into buf (size bytes, at least
 * blen + llen + 16). Returns NULL, or why the Location cannot be
 * followed ("not an http or https URL", "has user information", ...).
 */
const char *pr_follow_resolve(const char *base, size_t blen, const char *loc,
    size_t llen, char *buf, size_t size, pr_url_t *out);


#endif /* _PR_FOLLOW_H_INCLUDED_ */
