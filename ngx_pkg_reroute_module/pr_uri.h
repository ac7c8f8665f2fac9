/*
 * ngx_pkg_reroute: request paths decoded once into segments, and the
 * canonical re-encoding of what was decoded.
 */

#ifndef _PR_URI_H_INCLUDED_
#define _PR_URI_H_INCLUDED_


#include "pr_core.h"


#define PR_MAX_SEGS  128


typedef struct {
    pr_str_t   seg[PR_MAX_SEGS];
    size_t     nseg;
    unsigned   trailing_slash:1;
} pr_path_t;


/*
 * Decodes a path once: a raw '?' or '#' ends it, as it ends nginx's $uri
 * (a fragment a client should not send, or what follows it, is no part
 * of the path); literal '/' separates segments; "%2F" stays inside
 * its segment when keep_slash is set (Hugging Face revisions), else it
 * separates too. Empty segments and "." are dropped, ".." removes
 * the segment before it. Decoded bytes go to buf (at least len bytes).
 * Returns NULL, or a static reason: bad percent-encoding, control bytes,
 * a backslash, invalid UTF-8, ".." above the root, too many segments.
 */
const char *pr_path_parse(const char *p, size_t len, unsigned flags,
    int keep_slash, pr_path_t *path, char *buf);

/* percent-decodes a query value once into buf; NULL or a static reason */
const char *pr_query_decode(const char *p, size_t len, char *buf,
    size_t *outlen);

/* appends one segment, percent-encoded ('/' inside it as %2F) */
char *pr_encode_segment(char *dst, const char *s, size_t len);

/*
 * the raw value of the first query argument whose name, once decoded as
 * servers decode it ("%67ems" is "gems"), is "name"; 0 when absent
 */
int pr_query_arg(const char *q, size_t qlen, const char *name,
    pr_str_t *value);


/*
 * 1 if an argument is named "name" (lower case), compared without case
 * once decoded, split at '&' or ';' as any server might, with or without
 * a value
 */
int pr_query_has(const char *q, size_t qlen, const char *name);


#endif /* _PR_URI_H_INCLUDED_ */
