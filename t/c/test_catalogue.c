/*
 * ngx_pkg_reroute: every row of every endpoint catalogue is proved by its
 * examples: each example classifies as that row, with a name exactly when
 * the row says it names a package, and classifies again the same from the
 * canonical path it forwards.
 *
 *   test_catalogue              the tests
 *   test_catalogue --markdown   the catalogue as README shows it
 *                               (make catalogue writes it there)
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pr_classify.h"
#include "pr_test.h"


static const char  *cat_methods[] = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", NULL
};


/* "METHOD /path?query" or "/path?query" */
static void
cat_split(const char *ex, pr_method_t *m, const char **path, size_t *plen,
    const char **query, size_t *qlen)
{
    size_t       i, n;
    const char  *q;

    *m = PR_METHOD_GET;

    for (i = 0; cat_methods[i]; i++) {
        n = strlen(cat_methods[i]);

        if (strncmp(ex, cat_methods[i], n) == 0 && ex[n] == ' ') {
            *m = (pr_method_t) i;
            ex += n + 1;
            break;
        }
    }

    *path = ex;
    q = strchr(ex, '?');

    if (q) {
        *plen = q - ex;
        *query = q + 1;
        *qlen = strlen(q + 1);

    } else {
        *plen = strlen(ex);
        *query = "";
        *qlen = 0;
    }
}


static int
cat_classify(pr_eco_t eco, pr_method_t m, const char *path, size_t plen,
    const char *query, size_t qlen, pr_req_t *req)
{
    req->size = pr_scratch_size(plen, qlen);
    req->buf = malloc(req->size);

    if (req->buf == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }

    return pr_classify(eco, m, path, plen, query, qlen, 0, req);
}


static void
cat_prove(pr_eco_t eco, const pr_endpoint_t *ep, const char *ex)
{
    char                 *again;
    size_t                plen, qlen;
    pr_req_t              req, req2;
    const char           *path, *query;
    pr_method_t           m;

    cat_split(ex, &m, &path, &plen, &query, &qlen);

    PR_CHECK(ep->methods & pr_method_bit(m),
             "%s \"%s\": the example's method is not the row's",
             pr_eco_name(eco), ex);

    if (cat_classify(eco, m, path, plen, query, qlen, &req) != 0) {
        PR_CHECK(0, "%s \"%s\": pr_classify() failed", pr_eco_name(eco), ex);
        free(req.buf);
        return;
    }

    PR_CHECK(req.endpoint == ep,
             "%s \"%s\": row \"%s\" expected, got \"%s\" (class %d, %s)",
             pr_eco_name(eco), ex, ep->shape,
             req.endpoint ? req.endpoint->shape : "(none)", (int) req.cls,
             req.error ? req.error : "");

    PR_CHECK(req.cls != PR_CLASS_INVALID && req.cls != PR_CLASS_UNKNOWN,
             "%s \"%s\": denied (%s)", pr_eco_name(eco), ex,
             req.error ? req.error : "");

    PR_CHECK(ep->names ? req.cls == PR_CLASS_PACKAGE || req.cls
                         == PR_CLASS_ROOT
                       : req.cls == PR_CLASS_NONAME,
             "%s \"%s\": names %zu, the row says %u", pr_eco_name(eco), ex,
             req.nnames, ep->names);

    /* what is forwarded classifies as the same row, the same names */

    again = malloc(req.path.len + 1);
    if (again == NULL) {
        exit(2);
    }

    memcpy(again, req.path.data, req.path.len);

    if (cat_classify(eco, m, again, req.path.len, req.query.data,
                     req.query.len, &req2) == 0)
    {
        PR_CHECK(req2.endpoint == ep && req2.nnames == req.nnames
                 && (req.nnames == 0
                     || (req2.name.len == req.name.len
                         && memcmp(req2.name.data, req.name.data,
                                   req.name.len) == 0)),
                 "%s \"%s\": the forwarded \"%.*s\" classifies otherwise",
                 pr_eco_name(eco), ex, (int) req.path.len, req.path.data);
    }

    free(req2.buf);
    free(again);
    free(req.buf);
}


/* a table cell: '|' escaped; code: "| `...` | " */
static void
cat_cell(const char *s, int code)
{
    if (code) {
        printf("| `");
    }

    for ( /* void */ ; *s; s++) {
        if (*s == '|') {
            putchar('\\');
        }

        putchar(*s);
    }

    if (code) {
        printf("` | ");
    }
}


static void
cat_markdown(void)
{
    int                   e, i, first;
    const char           *kinds;
    const pr_endpoint_t  *ep;

    for (e = PR_ECO_NONE + 1; e < PR_ECO_MAX; e++) {
        ep = pr_catalogue((pr_eco_t) e);
        if (ep == NULL) {
            continue;
        }

        printf("\n#### %s\n\n", pr_eco_name((pr_eco_t) e));
        printf("| shape | methods | kind | names a package | read from it "
               "| defined by |\n");
        printf("|---|---|---|---|---|---|\n");

        for ( /* void */ ; ep->shape; ep++) {
            cat_cell(ep->shape, 1);

            first = 1;

            for (i = 0; cat_methods[i]; i++) {
                if (ep->methods & pr_method_bit(i)) {
                    printf("%s%s", first ? "" : " ", cat_methods[i]);
                    first = 0;
                }
            }

            kinds = pr_kind_name((pr_kind_t) ep->kind);

            printf(" | %s | %s | ", kinds, ep->names ? "yes" : "no");
            cat_cell(ep->reads, 0);
            printf(" | ");
            cat_cell(ep->source, 0);
            printf(" |\n");
        }
    }
}


int
main(int argc, char **argv)
{
    int                   e, k;
    size_t                rows;
    const pr_endpoint_t  *ep;

    if (argc > 1 && strcmp(argv[1], "--markdown") == 0) {
        cat_markdown();
        return 0;
    }

    /* the shapes compiled, as nginx has them (pr_classify_init()) */
    PR_CHECK(pr_classify_init() == 0, "pr_classify_init() failed");

    for (e = PR_ECO_NONE + 1; e < PR_ECO_MAX; e++) {
        ep = pr_catalogue((pr_eco_t) e);
        if (ep == NULL) {
            continue;
        }

        for (rows = 0; ep->shape; ep++, rows++) {
            PR_CHECK(ep->examples[0] != NULL, "%s \"%s\": no example",
                     pr_eco_name((pr_eco_t) e), ep->shape);

            for (k = 0; k < PR_ENDPOINT_EXAMPLES && ep->examples[k]; k++) {
                cat_prove((pr_eco_t) e, ep, ep->examples[k]);
            }
        }

        PR_CHECK(rows > 0, "%s: an empty catalogue",
                 pr_eco_name((pr_eco_t) e));
    }

    PR_TEST_DONE("catalogue");
}
