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

/*
 * 1 if a body starting with these bytes is an HTML page (a sign-in page or
 * a captive portal answering for an artifact): after white space and a
 * UTF-8 BOM, "<!doctype html", "<html", "<head", "<body" or "<!--", any
 * case. 0 if not, -1 if len is too short to tell.
 */
int pr_html_sniff(const char *p, size_t len);

/* bytes the guard reads at most before it decides (white space first) */
#define PR_SNIFF_MAX  1024

/* JSON string escaping; returns the end of what was written */
char *pr_json_escape(char *dst, const char *src, size_t len);


#endif /* _PR_ANSWER_H_INCLUDED_ */
