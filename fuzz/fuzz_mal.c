/*
 * ngx_pkg_reroute fuzzing: pr_mal's OSV reader and plain lists.
 *
 * Input: one OSV file (any bytes). Checks:
 *   - what pr_mal_add_osv() accepts, cJSON reads as a JSON object too
 *     (the single-pass reader is never laxer than the tree it replaced);
 *   - then every affected[] package cJSON finds in an ecosystem pr_mal
 *     reads (npm, PyPI, crates.io, RubyGems) is listed: a lookup of its
 *     name, in the spelling of the file, is not PR_MAL_NONE (unless the
 *     file is withdrawn);
 *   - the same bytes as a plain list (docker) and lookups on it do not
 *     crash, and a name the list gave is found.
 */


#include <cjson/cJSON.h>

#include "fuzz_common.h"

#include "pr_mal.h"


#define FZ_MAX_INPUT  65536


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static pr_eco_t
fz_osv_eco(const char *s)
{
    if (strcmp(s, "npm") == 0) {
        return PR_ECO_NPM;
    }

    if (strcmp(s, "PyPI") == 0) {
        return PR_ECO_PYPI;
    }

    if (strcmp(s, "crates.io") == 0) {
        return PR_ECO_CARGO;
    }

    if (strcmp(s, "RubyGems") == 0) {
        return PR_ECO_RUBYGEMS;
    }

    return PR_ECO_NONE;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int            rc;
    char          *in, s1[256];
    size_t         len;
    cJSON         *root;
    pr_mal_t      *m;
    pr_str_t       id;
    const cJSON   *a, *pkg, *e, *n, *w;
    pr_mal_hit_t   hit;

    if (size > FZ_MAX_INPUT) {
        return 0;
    }

    in = fz_copy(data, size);

    m = pr_mal_create();
    FZ_ASSERT(m != NULL, "no memory");

    rc = pr_mal_add_osv(m, in, size, "fuzz");

    if (rc == 0) {
        root = cJSON_ParseWithLength(in, size);

        FZ_ASSERT(root != NULL && cJSON_IsObject(root), "accepted, and "
                  "cJSON does not read it as an object: '%s'",
                  fz_show(in, size, s1, sizeof(s1)));

        w = cJSON_GetObjectItemCaseSensitive(root, "withdrawn");

        if (w == NULL || cJSON_IsNull(w)) {
            a = cJSON_GetObjectItemCaseSensitive(root, "affected");

            cJSON_ArrayForEach(e, a) {
                pkg = cJSON_GetObjectItemCaseSensitive(e, "package");
                n = cJSON_GetObjectItemCaseSensitive(pkg, "name");
                w = cJSON_GetObjectItemCaseSensitive(pkg, "ecosystem");

                if (!cJSON_IsString(n) || !cJSON_IsString(w)
                    || fz_osv_eco(w->valuestring) == PR_ECO_NONE)
                {
                    continue;
                }

                len = strlen(n->valuestring);

                hit = pr_mal_lookup(m, fz_osv_eco(w->valuestring),
                                    n->valuestring, len, NULL, 0, &id);

                FZ_ASSERT(hit != PR_MAL_NONE, "%s '%s' accepted, not "
                          "listed", w->valuestring,
                          fz_show(n->valuestring, len, s1, sizeof(s1)));
            }
        }

        cJSON_Delete(root);

    } else {
        FZ_ASSERT(pr_mal_error(m)[0] != '\0', "refused without a reason");
    }

    pr_mal_destroy(m);

    /* the same bytes as a plain list */
    m = pr_mal_create();
    FZ_ASSERT(m != NULL, "no memory");

    if (size && pr_mal_add_list(m, PR_ECO_DOCKER, in, size, "fuzz.list") == 0)
    {
        const char  *p, *q, *end;

        /* the first line's name, when it is a plain name */
        end = in + size;

        for (p = in; p < end && (*p == ' ' || *p == '\t'); p++) { /* */ }
        for (q = p; q < end && *q != '\n' && *q != '#' && *q != ' '
                    && *q != '\t' && *q != '\r' && *q != '@'; q++)
        {
            /* void */
        }

        if (q > p && q - p <= 512 && (q == end || *q == '\n')) {
            hit = pr_mal_lookup(m, PR_ECO_DOCKER, p, (size_t) (q - p),
                                "x", 1, &id);
            FZ_ASSERT(hit == PR_MAL_ALL, "list: '%s' not listed",
                      fz_show(p, (size_t) (q - p), s1, sizeof(s1)));
        }
    }

    pr_mal_lookup(m, PR_ECO_DOCKER, in, size, in, size, &id);
    pr_mal_destroy(m);

    free(in);

    return 0;
}
