/*
 * ngx_pkg_reroute: C table tests for pr_html_sniff(), the mime guard's
 * reading of an artifact's first bytes, cut anywhere: -1 (more bytes)
 * for every prefix of a page's mark, so the guard waits for them.
 */

#include <string.h>

#include "pr_answer.h"
#include "pr_test.h"


typedef struct {
    int          line;
    const char  *body;
    int          want;
} st_row_t;


static const st_row_t  rows[] = {
    { __LINE__, "<!DOCTYPE html><html>", 1 },
    { __LINE__, "\xef\xbb\xbf <html>", 1 },
    { __LINE__, "\n\n  <BODY>", 1 },
    { __LINE__, "<!-- sign in -->", 1 },
    { __LINE__, "<", -1 },
    { __LINE__, "<h", -1 },
    { __LINE__, "\n<h", -1 },
    { __LINE__, " ", -1 },
    { __LINE__, "\xef", -1 },
    { __LINE__, "\xef\xbb", -1 },
    { __LINE__, "<!", -1 },
    { __LINE__, "<!doc", -1 },
    { __LINE__, "\x1f\x8b\x08", 0 },
    { __LINE__, "PK\x03\x04", 0 },
    { __LINE__, "<?xml version", 0 },
    { __LINE__, "<x", 0 },
    { __LINE__, "{\"name\":1}", 0 },
    { 0, NULL, 0 }
};


int
main(void)
{
    int              got;
    size_t           k, n;
    const st_row_t  *r;

    for (r = rows; r->body; r++) {
        got = pr_html_sniff(r->body, strlen(r->body));
        PR_CHECK(got == r->want, "line %d: got %d, want %d", r->line, got,
                 r->want);

        /* every prefix of a page is a page or "more bytes" */

        if (r->want != 1) {
            continue;
        }

        n = strlen(r->body);

        for (k = 1; k < n; k++) {
            got = pr_html_sniff(r->body, k);
            PR_CHECK(got != 0, "line %d: prefix %zu read as no page",
                     r->line, k);
        }
    }

    PR_TEST_DONE("test_sniff");
}
