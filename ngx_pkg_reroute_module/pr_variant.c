/*
 * ngx_pkg_reroute: answer variants by Accept.
 */

#include <string.h>
#include <strings.h>

#include "pr_variant.h"
#include "pr_name.h"


/*
 * The manifest media types the distribution specification and the OCI
 * image specification define, sorted: the only ones a Docker variant
 * holds (any other type cannot change the answer of a registry).
 */
static const char  *pr_docker_manifest_types[] = {
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.artifact.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    NULL
};

#define PR_DOCKER_TYPES  7


static const char  *pr_pypi_types[] = {
    "application/vnd.pypi.simple.v1+json",
    "application/vnd.pypi.simple.v1+html",
    "text/html",
    NULL
};


static const char  *pr_npm_types[] = {
    "application/vnd.npm.install-v1+json",
    NULL
};


static void pr_media_scan(const pr_str_t *accept, size_t naccept,
    const char **types, int *q);
static int pr_caseeq(const char *s, size_t len, const char *lit);
static int pr_key_arg(const pr_req_t *req, const char *key, size_t len);


static int
pr_caseeq(const char *s, size_t len, const char *lit)
{
    size_t  n;

    n = strlen(lit);

    return len == n && strncasecmp(s, lit, n) == 0;
}


/*
 * The highest q each of types gets, -1 when no range names it, from every
 * range of every Accept line: as many as the client sends, since the
 * upstream reads them all.
 */
static void
pr_media_scan(const pr_str_t *accept, size_t naccept, const char **types,
    int *q)
{
    int          rq, scale;
    size_t       i, k, tlen;
    const char  *p, *end, *item, *item_end, *semi, *t;

    for (k = 0; types[k]; k++) {
        q[k] = -1;
    }

    for (i = 0; i < naccept; i++) {
        p = accept[i].data;
        end = p + accept[i].len;

        while (p < end) {
            item = p;
            item_end = memchr(p, ',', end - p);
            if (item_end == NULL) {
                item_end = end;
            }

            p = item_end + 1;

            semi = memchr(item, ';', item_end - item);

            t = semi ? semi : item_end;
            while (item < t && (*item == ' ' || *item == '\t')) { item++; }
            while (t > item && (t[-1] == ' ' || t[-1] == '\t')) { t--; }

            tlen = t - item;

            if (tlen == 0) {
                continue;
            }

            for (k = 0; types[k]; k++) {
                if (pr_caseeq(item, tlen, types[k])) {
                    break;
                }
            }

            if (types[k] == NULL) {
                continue;
            }

            /* q=0.xyz among the parameters; 1 when absent */

            rq = 1000;

            for (t = semi; t && t + 2 < item_end; t++) {
                if ((t[0] == ';' || t[0] == ' ') && (t[1] | 0x20) == 'q'
                    && t[2] == '=')
                {
                    t += 3;
                    rq = 0;

                    if (t < item_end && *t == '1') {
                        rq = 1000;

                    } else if (t + 1 < item_end && *t == '0' && t[1] == '.')
                    {
                        for (t += 2, scale = 100;
                             t < item_end && pr_isdigit(*t) && scale;
                             t++, scale /= 10)
                        {
                            rq += (*t - '0') * scale;
                        }
                    }

                    break;
                }
            }

            if (rq > q[k]) {
                q[k] = rq;
            }
        }
    }
}


size_t
pr_variant(const pr_req_t *req, const pr_str_t *accept, size_t naccept,
    char *out)
{
    int     q[PR_DOCKER_TYPES];
    char   *p;
    size_t  k, n;

    if (req->cls == PR_CLASS_INVALID
        || (req->kind != PR_KIND_METADATA
            && !(req->eco == PR_ECO_DOCKER && req->kind == PR_KIND_ARTIFACT)))
    {
        return 0;
    }

    switch (req->eco) {

    case PR_ECO_NPM:
        pr_media_scan(accept, naccept, pr_npm_types, q);

        if (q[0] > 0) {
            memcpy(out, "install-v1", sizeof("install-v1") - 1);
            return sizeof("install-v1") - 1;
        }

        return 0;

    case PR_ECO_PYPI:
        if (req->path.len < sizeof("/simple/") - 1
            || memcmp(req->path.data, "/simple/", sizeof("/simple/") - 1))
        {
            return 0;
        }

        /* PEP 691: JSON when it is preferred, HTML otherwise */

        pr_media_scan(accept, naccept, pr_pypi_types, q);

        if (q[2] > q[1]) {
            q[1] = q[2];
        }

        if (q[0] > 0 && q[0] >= q[1]) {
            memcpy(out, "json", 4);
            return 4;
        }

        memcpy(out, "html", 4);
        return 4;

    case PR_ECO_DOCKER:
        /* manifests carry a reference; blobs, tags/list do not */
        if (req->version.len == 0) {
            return 0;
        }

        /* the known manifest types asked for with q > 0, sorted */

        pr_media_scan(accept, naccept, pr_docker_manifest_types, q);

        p = out;

        for (k = 0; pr_docker_manifest_types[k]; k++) {
            if (q[k] <= 0) {
                continue;
            }

            if (p > out) {
                *p++ = ',';
            }

            n = strlen(pr_docker_manifest_types[k]);
            memcpy(p, pr_docker_manifest_types[k], n);
            p += n;
        }

        return p - out;

    default:
        return 0;
    }
}


size_t
pr_variant_accept(const pr_req_t *req, const char *variant, size_t vlen,
    char *out)
{
    const char  *s;

    s = NULL;

    if (req->cls == PR_CLASS_INVALID) {
        return 0;
    }

    switch (req->eco) {

    case PR_ECO_NPM:
        if (req->kind != PR_KIND_METADATA) {
            return 0;
        }

        s = vlen ? "application/vnd.npm.install-v1+json" : "application/json";
        break;

    case PR_ECO_PYPI:
        if (vlen == 0) {
            return 0;
        }

        s = (vlen == 4 && memcmp(variant, "json", 4) == 0)
            ? "application/vnd.pypi.simple.v1+json" : "text/html";
        break;

    case PR_ECO_DOCKER:
        /* the variant is a valid Accept value as it is */
        memcpy(out, variant, vlen);
        return vlen;

    default:
        return 0;
    }

    memcpy(out, s, strlen(s));

    return strlen(s);
}


/* the argument [key, key + len) is one the endpoint's answer depends on */
static int
pr_key_arg(const pr_req_t *req, const char *key, size_t len)
{
    static const char  tags[] = "/tags/list";

#define pr_key_is(lit)                                                        \
    (len == sizeof(lit) - 1 && memcmp(key, lit, sizeof(lit) - 1) == 0)

    switch (req->eco) {

    case PR_ECO_NPM:
        return pr_key_is("write");

    case PR_ECO_PYPI:
        return pr_key_is("format");

    case PR_ECO_DOCKER:
        return req->path.len >= sizeof(tags) - 1
               && memcmp(req->path.data + req->path.len - (sizeof(tags) - 1),
                         tags, sizeof(tags) - 1) == 0
               && (pr_key_is("n") || pr_key_is("last"));

    case PR_ECO_RUBYGEMS:
        return pr_key_is("gems");

    default: /* PR_ECO_CARGO */
        return 0;
    }

#undef pr_key_is
}


int
pr_key_query(const pr_req_t *req, char *out, size_t *len)
{
    int          nostore;
    char        *o;
    const char  *p, *end, *sep, *eq;

    if ((req->kind != PR_KIND_METADATA && req->kind != PR_KIND_ARTIFACT)
        || (req->eco != PR_ECO_NPM && req->eco != PR_ECO_PYPI
            && req->eco != PR_ECO_DOCKER && req->eco != PR_ECO_RUBYGEMS
            && req->eco != PR_ECO_CARGO))
    {
        if (req->query.len) {
            memcpy(out, req->query.data, req->query.len);
        }

        *len = req->query.len;
        return 0;
    }

    nostore = 0;
    o = out;
    p = req->query.data;
    end = p + req->query.len;

    while (p < end) {
        sep = memchr(p, '&', end - p);
        if (sep == NULL) {
            sep = end;
        }

        eq = memchr(p, '=', sep - p);

        if (pr_key_arg(req, p, (eq ? eq : sep) - p)) {
            if (req->eco == PR_ECO_NPM) {
                /* ?write=true: the document to edit, never stored */
                nostore = 1;
            }

            if (o > out) {
                *o++ = '&';
            }

            memcpy(o, p, sep - p);
            o += sep - p;
        }

        p = sep + 1;
    }

    *len = o - out;

    return nostore;
}
