/*
 * ngx_pkg_reroute: the JSON rewriter's pre-scan skip (pr_rewrite_json.c):
 * where a value ends, found without validating it. Not for other callers.
 *
 * From in[i], outside strings and at depth 0: '"' starts a string, which
 * ends at the next '"' not taken by a '\\' (a '\\' takes the byte after
 * it); '{' and '[' go one level deeper, '}' and ']' one back. The answer
 * is the index after the '}' or ']' that comes back to depth 0, or the
 * index of a ',', '}' or ']' met at depth 0, or len when the text ends
 * first (inside a string too). Every byte is read as that, on any input:
 * a valid document's value ends where its closing bracket is; what is not
 * JSON gets the same answer from each way below, and is refused by the
 * rewriter's own pass.
 */

#ifndef _PR_JSCAN_H_INCLUDED_
#define _PR_JSCAN_H_INCLUDED_


#include "pr_core.h"


/* the ways to the same answer (tests compare them) */
enum {
    PR_JSKIP_AUTO = 0,           /* the fastest this CPU has */
    PR_JSKIP_BYTES,              /* byte by byte: any CPU */
    PR_JSKIP_SSE2,               /* 64-byte blocks, 16 bytes a compare */
    PR_JSKIP_AVX2                /* 64-byte blocks, 32 bytes a compare */
};


/* where the value at in[i] ends (above) */
size_t pr_jskip(const char *in, size_t len, size_t i);

/* the same, one way; 1 when this build and CPU have the way */
size_t pr_jskip_by(int how, const char *in, size_t len, size_t i);
int pr_jskip_has(int how);

/* the '"' that closes the string whose text starts at in[i], or len */
size_t pr_jskip_string(const char *in, size_t len, size_t i);


#endif /* _PR_JSCAN_H_INCLUDED_ */
