/*
 * ngx_pkg_reroute fuzzing: seeds from t/c/test_classify.c's table, for
 * fuzz_classify (each row's request target), fuzz_name (each row's names
 * and file names) and fuzz_variant (metadata rows with Accept lines).
 *
 * The test file is compiled in whole, its main() renamed: the rows are
 * read as the test reads them, whatever macros spell them.
 */

#define main  pr_test_classify_main
#include "test_classify.c"
#undef main

#include "gen_common.h"


/* Accept lines as clients send them, '\n'-separated */
static const char  *gen_accept_npm[] = {
    "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8,"
    " */*",
    "application/json",
    "application/vnd.npm.install-v1+json;q=0",
    NULL
};

static const char  *gen_accept_pypi[] = {
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1"
    "+html;q=0.2, text/html;q=0.01",
    "text/html",
    "application/vnd.pypi.simple.v1+html;q=0.5\n"
    "application/vnd.pypi.simple.v1+json;q=0.5",
    NULL
};

static const char  *gen_accept_docker[] = {
    "application/vnd.oci.image.index.v1+json\n"
    "application/vnd.docker.distribution.manifest.list.v2+json\n"
    "application/vnd.docker.distribution.manifest.v2+json;q=0.9, "
    "application/vnd.oci.image.manifest.v1+json\n"
    "*/*;q=0",
    "Application/VND.Docker.Distribution.Manifest.V2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws, "
    "application/json;q=0.5, application/vnd.docker.distribution.manifest"
    ".v1+json;q=0.9",
    NULL
};


static void
gen_target(gen_buf_t *b, const ct_row_t *r)
{
    gen_adds(b, r->path);

    if (r->query && r->query[0]) {
        gen_addc(b, '?');
        gen_adds(b, r->query);
    }
}


int
main(int argc, char **argv)
{
    size_t        i, k;
    gen_buf_t     b;
    const char  **accept, *p, *slash, *comma;
    const ct_row_t  *r;

    if (argc != 2) {
        fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
        return 2;
    }

    gen_dir = argv[1];
    memset(&b, 0, sizeof(b));

    for (i = 0; i < CT_NROWS; i++) {
        r = &ct_rows[i];

        /* fuzz_classify: the request target */
        b.len = 0;
        gen_target(&b, r);
        gen_seed("fuzz_classify", b.data, b.len);

        /* fuzz_name: the canonical names, and the path's last segment */
        if (r->name) {
            gen_seed("fuzz_name", r->name, strlen(r->name));
        }

        for (p = r->names; p && *p; p = comma + 1) {
            comma = strchr(p, ',');
            gen_seed("fuzz_name", p, comma ? (size_t) (comma - p)
                                           : strlen(p));
            if (comma == NULL) {
                break;
            }
        }

        slash = strrchr(r->path, '/');
        if (slash && slash[1]) {
            gen_seed("fuzz_name", slash + 1, strlen(slash + 1));
        }

        /* fuzz_variant: what has a variant, with Accept lines */
        switch (r->eco) {
        case NPM:
            accept = gen_accept_npm;
            break;
        case PYPI:
            accept = gen_accept_pypi;
            break;
        case DOCKER:
            accept = gen_accept_docker;
            break;
        default:
            accept = NULL;
        }

        if (accept == NULL || r->cls == PR_CLASS_INVALID
            || !(r->kind == META || (r->eco == DOCKER && r->kind == ART)))
        {
            continue;
        }

        for (k = 0; accept[k]; k++) {
            b.len = 0;
            gen_addc(&b, (char) ((r->eco - 1) | (r->method << 3)));
            gen_target(&b, r);
            gen_addc(&b, '\n');
            gen_adds(&b, accept[k]);
            gen_seed("fuzz_variant", b.data, b.len);
        }
    }

    /* limits: the longest path, the most segments, the most names */
    {
        char  *s;

        s = ct_repeat("/o/m/resolve/main/", "a",
                      PR_MAX_PATH_LEN - strlen("/o/m/resolve/main/"), "");
        gen_seed("fuzz_classify", s, strlen(s));
        free(s);

        s = ct_repeat("/o/m/resolve/main", "/d", PR_MAX_SEGS - 4, "");
        gen_seed("fuzz_classify", s, strlen(s));
        free(s);

        s = ct_repeat("/api/v1/dependencies?gems=rack", ",rack",
                      PR_MAX_NAMES - 1, "");
        gen_seed("fuzz_classify", s, strlen(s));
        free(s);

        s = ct_repeat("/o/m/resolve/main/", "%2F", 100, "x");
        gen_seed("fuzz_classify", s, strlen(s));
        free(s);
    }

    free(b.data);

    printf("classify: %u seeds written\n", gen_written);

    return 0;
}
