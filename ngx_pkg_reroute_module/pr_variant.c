/*
 * ngx_pkg_reroute: answer variants by Accept.
 */

#include <string.h>
#include <strings.h>

#include "pr_variant.h"
#include "pr_name.h"


#define PR_VARIANT_TYPES  32


typedef struct {
    pr_str_t  type;         /* lower case is not assumed: compared caseless */
    int       q;            /* 0..1000 */
} pr_media_t;


static size_t pr_media_parse(const pr_str_t *accept, size_t naccept,
    pr_media_t *media, size_t max);
static int pr_media_q(const pr_media_t *media, size_t n, const char *type);
static int pr_caseeq(const pr_str_t *s, const char *lit);
static int pr_casecmp(const pr_str_t *a, const pr_str_t *b);


static int
pr_caseeq(const pr_str_t *s, const char *lit)
{
    size_t  n;

    n = strlen(lit);

    return s->len == n && strncasecmp(s->data, lit, n) == 0;
}


static int
pr_casecmp(const pr_str_t *a, const pr_str_t *b)
{
    int     rc;
    size_t  n;

    n = a->len < b->len ? a->len : b->len;
    rc = strncasecmp(a->data, b->data, n);

    if (rc) {
        return rc;
    }

    return (a->len > b->len) - (a->len < b->len);
}


/* media ranges of every Accept line: "type/sub; q=0.5, ..." */
static size_t
pr_media_parse(const pr_str_t *accept, size_t naccept, pr_media_t *media,
    size_t max)
{
    int          q, scale;
    size_t       i, n;
    const char  *p, *end, *item, *item_end, *semi, *t;

    n = 0;

    for (i = 0; i < naccept; i++) {
        p = accept[i].data;
        end = p + accept[i].len;

        while (p < end && n < max) {
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

            if (t == item) {
                continue;
            }

            /* q=0.xyz among the parameters; 1 when absent */

            q = 1000;

            for (t = semi; t && t + 2 < item_end; t++) {
                if ((t[0] == ';' || t[0] == ' ') && (t[1] | 0x20) == 'q'
                    && t[2] == '=')
                {
                    t += 3;
                    q = 0;

                    if (t < item_end && *t == '1') {
                        q = 1000;

                    } else if (t + 1 < item_end && *t == '0' && t[1] == '.')
                    {
                        for (t += 2, scale = 100;
                             t < item_end && pr_isdigit(*t) && scale;
                             t++, scale /= 10)
                        {
                            q += (*t - '0') * scale;
                        }
                    }

                    break;
                }
            }

            media[n].type.data = item;
            media[n].type.len = (semi ? semi : item_end) - item;

            while (media[n].type.len
                   && (item[media[n].type.len - 1] == ' '
                       || item[media[n].type.len - 1] == '\t'))
            {
                media[n].type.len--;
            }

            media[n].q = q;
            n++;
        }
    }

    return n;
}


/* the q of a media type, -1 when not listed */
static int
pr_media_q(const pr_media_t *media, size_t n, const char *type)
{
    int     q;
    size_t  i;

    q = -1;

    for (i = 0; i < n; i++) {
        if (pr_caseeq(&media[i].type, type) && media[i].q > q) {
            q = media[i].q;
        }
    }

    return q;
}


size_t
pr_variant(const pr_req_t *req, const pr_str_t *accept, size_t naccept,
    char *out)
{
    int          qj, qh, qt;
    char        *p;
    size_t       n, i, j;
    pr_media_t   media[PR_VARIANT_TYPES], m;

    if (req->cls == PR_CLASS_INVALID
        || (req->kind != PR_KIND_METADATA
            && !(req->eco == PR_ECO_DOCKER && req->kind == PR_KIND_ARTIFACT)))
    {
        return 0;
    }

    n = pr_media_parse(accept, naccept, media, PR_VARIANT_TYPES);

    switch (req->eco) {

    case PR_ECO_NPM:
        if (pr_media_q(media, n, "application/vnd.npm.install-v1+json") > 0) {
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

        qj = pr_media_q(media, n, "application/vnd.pypi.simple.v1+json");
        qh = pr_media_q(media, n, "application/vnd.pypi.simple.v1+html");
        qt = pr_media_q(media, n, "text/html");

        if (qt > qh) {
            qh = qt;
        }

        if (qj > 0 && qj >= qh) {
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

        /* sorted, unique, q > 0, no wildcard */

        for (i = 1; i < n; i++) {
            m = media[i];

            for (j = i; j > 0 && pr_casecmp(&media[j - 1].type, &m.type) > 0;
                 j--)
            {
                media[j] = media[j - 1];
            }

            media[j] = m;
        }

        p = out;

        for (i = 0; i < n; i++) {
            if (media[i].q == 0 || pr_caseeq(&media[i].type, "*/*")
                || (i > 0 && pr_casecmp(&media[i - 1].type,
                                        &media[i].type) == 0)
                || (size_t) (p - out) + media[i].type.len + 1 > PR_VARIANT_MAX)
            {
                continue;
            }

            if (p > out) {
                *p++ = ',';
            }

            for (j = 0; j < media[i].type.len; j++) {
                *p++ = (char) ((media[i].type.data[j] >= 'A'
                                && media[i].type.data[j] <= 'Z')
                               ? media[i].type.data[j] | 0x20
                               : media[i].type.data[j]);
            }
        }

        return p - out;

    default:
        return 0;
    }
}
