/*
 * ngx_pkg_reroute: denial bodies.
 */

#include <string.h>
#include <strings.h>

#include "pr_answer.h"


#define pr_cpy(p, lit)  (memcpy(p, lit, sizeof(lit) - 1), p + sizeof(lit) - 1)


char *
pr_json_escape(char *dst, const char *src, size_t len)
{
    size_t             i;
    unsigned char      c;
    static const char  hex[] = "0123456789abcdef";

    for (i = 0; i < len; i++) {
        c = (unsigned char) src[i];

        if (c == '"' || c == '\\') {
            *dst++ = '\\';
            *dst++ = (char) c;

        } else if (c < 0x20) {
            dst = pr_cpy(dst, "\\u00");
            *dst++ = hex[c >> 4];
            *dst++ = hex[c & 0xf];

        } else {
            *dst++ = (char) c;
        }
    }

    return dst;
}


void
pr_answer(pr_eco_t eco, int status, const char *msg, size_t mlen, char *buf,
    pr_answer_t *ans)
{
    char        *p;
    const char  *code;

    p = buf;
    ans->body = buf;
    ans->content_type = "application/json";

    switch (eco) {

    case PR_ECO_NPM:
    case PR_ECO_HUGGINGFACE:
        p = pr_cpy(p, "{\"error\":\"");
        p = pr_json_escape(p, msg, mlen);
        p = pr_cpy(p, "\"}\n");
        break;

    case PR_ECO_DOCKER:
        /* the codes of the distribution registry's errcode package */
        code = status == 400 ? "NAME_INVALID"
               : status == 404 ? "NAME_UNKNOWN"
               : status == 500 ? "UNKNOWN"
               : status > 500 ? "UNAVAILABLE" : "DENIED";

        p = pr_cpy(p, "{\"errors\":[{\"code\":\"");
        memcpy(p, code, strlen(code));
        p += strlen(code);
        p = pr_cpy(p, "\",\"message\":\"");
        p = pr_json_escape(p, msg, mlen);
        p = pr_cpy(p, "\",\"detail\":null}]}\n");
        break;

    case PR_ECO_CARGO:
        p = pr_cpy(p, "{\"errors\":[{\"detail\":\"");
        p = pr_json_escape(p, msg, mlen);
        p = pr_cpy(p, "\"}]}\n");
        break;

    default:
        ans->content_type = "text/plain";
        memcpy(p, msg, mlen);
        p += mlen;
        *p++ = '\n';
    }

    ans->len = p - buf;
}


int
pr_html_sniff(const char *p, size_t len)
{
    size_t              i, n, k;
    static const char  *marks[] = {
        "<!doctype html", "<html", "<head", "<body", "<!--", NULL
    };

    i = 0;

    if (len < 3 && len && memcmp(p, "\xef\xbb\xbf", len) == 0) {
        /* the start of a BOM */
        return -1;
    }

    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        i = 3;
    }

    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'
                       || p[i] == '\n'))
    {
        i++;
    }

    if (i == len) {
        return len ? -1 : 0;
    }

    if (p[i] != '<') {
        return 0;
    }

    for (k = 0; marks[k]; k++) {
        n = strlen(marks[k]);

        if (len - i < n) {
            if (strncasecmp(p + i, marks[k], len - i) == 0) {
                return -1;
            }

            continue;
        }

        if (strncasecmp(p + i, marks[k], n) == 0) {
            return 1;
        }
    }

    return 0;
}
