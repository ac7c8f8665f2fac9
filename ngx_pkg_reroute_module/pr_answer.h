/*
 * ngx_pkg_reroute: denials in each client's own error format, so that the
 * package manager shows its user why.
 */

#ifndef _PR_ANSWER_H_INCLUDED_
#define _PR_ANSWER_H_INCLUDED_


#include "pr_core.h"


typedef struct {
    const char  *content_type;
    char        *body;
    size_t       len;
} pr_answer_t;


/* the most bytes pr_answer() writes for a message of len bytes */
#define pr_answer_size(len)  (6 * (len) + 128)

/*
 * Fills ans with the body for a denial with this status and message,
 * written into buf (pr_answer_size(mlen) bytes at least).
 *   npm, huggingface: {"error":"..."}
 *   docker:           {"errors":[{"code":"DENIED","message":"...",
 *                                 "detail":null}]}
 *                     (NAME_INVALID for 400, NAME_UNKNOWN for 404)
 *   cargo:            {"errors":[{"detail":"..."}]}
 *   others:           the message as text, with a newline
 */
void pr_answer(pr_eco_t eco, int status, const char *msg, size_t mlen,
    char *buf, pr_answer_t *ans);

/* JSON string escaping; returns the end of what was written */
char *pr_json_escape(char *dst, const char *src, size_t len);


#endif /* _PR_ANSWER_H_INCLUDED_ */
