/*
 * ngx_pkg_reroute: which document tells an artifact's publication time
 * (pr_times.h).
 */

#include <string.h>

#include "pr_name.h"
#include "pr_times.h"


#define pr_times_lower(c)  (((c) >= 'A' && (c) <= 'Z') ? ((c) | 0x20) : (c))


static int pr_times_safe(pr_eco_t eco, const pr_str_t *name);


/* the registries' own characters only, no path beyond npm's scope */
static int
pr_times_safe(pr_eco_t eco, const pr_str_t *name)
{
    size_t         i, slash;
    unsigned char  c;

    slash = 0;

    if (name->len == 0 || name->data[0] == '.') {
        return 0;
    }

    for (i = 0; i < name->len; i++) {
        c = (unsigned char) name->data[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~')
        {
            continue;
        }

        if (c == '.' && name->data[i - 1] != '.' && name->data[i - 1] != '/')
        {
            continue;
        }

        /* npm: @scope/name */

        if (eco == PR_ECO_NPM && c == '@' && i == 0) {
            continue;
        }

        if (eco == PR_ECO_NPM && c == '/' && name->data[0] == '@'
            && slash++ == 0 && i > 1 && i + 1 < name->len)
        {
            continue;
        }

        return 0;
    }

    return 1;
}


size_t
pr_times_doc_path(pr_eco_t eco, const pr_str_t *name, char *out,
    pr_times_doc_t *doc)
{
    char    *p;
    size_t   i;

    *doc = PR_TIMES_NONE;

    if (!pr_times_safe(eco, name)) {
        return 0;
    }

    p = out;

    switch (eco) {

    case PR_ECO_NPM:
        *doc = PR_TIMES_NPM;
        *p++ = '/';
        memcpy(p, name->data, name->len);
        p += name->len;
        break;

    case PR_ECO_PYPI:
        *doc = PR_TIMES_PYPI;
        memcpy(p, "/simple/", 8);
        p += 8;
        memcpy(p, name->data, name->len);
        p += name->len;
        *p++ = '/';
        break;

    case PR_ECO_CARGO:
        if (memchr(name->data, '.', name->len) != NULL
            || memchr(name->data, '~', name->len) != NULL)
        {
            return 0;
        }

        *doc = PR_TIMES_CARGO;
        *p++ = '/';

        if (name->len <= 2) {
            *p++ = (char) ('0' + name->len);
            *p++ = '/';

        } else if (name->len == 3) {
            *p++ = '3';
            *p++ = '/';
            *p++ = pr_times_lower(name->data[0]);
            *p++ = '/';

        } else {
            for (i = 0; i < 4; i++) {
                *p++ = pr_times_lower(name->data[i]);

                if (i == 1) {
                    *p++ = '/';
                }
            }

            *p++ = '/';
        }

        for (i = 0; i < name->len; i++) {
            *p++ = pr_times_lower(name->data[i]);
        }

        break;

    case PR_ECO_RUBYGEMS:
        *doc = PR_TIMES_GEMS;
        memcpy(p, "/api/v1/versions/", 17);
        p += 17;
        memcpy(p, name->data, name->len);
        p += name->len;
        memcpy(p, ".json", 5);
        p += 5;
        break;

    default:
        return 0;
    }

    return (size_t) (p - out);
}


int
pr_times_spelled(const pr_req_t *req, pr_str_t *out)
{
    char         buf[PR_MAX_NAME_LEN + 1];
    size_t       n;
    const char  *p, *e, *s;

    if (req->nnames == 0 || req->path.data == NULL) {
        return -1;
    }

    p = req->path.data;
    e = p + req->path.len;

    while (p < e) {
        while (p < e && *p == '/') {
            p++;
        }

        s = p;

        while (p < e && *p != '/') {
            p++;
        }

        if (p == s || (size_t) (p - s) > PR_MAX_NAME_LEN) {
            continue;
        }

        n = pr_name_canon(req->eco, s, (size_t) (p - s), buf);

        if (n == req->names[0].len
            && memcmp(buf, req->names[0].data, n) == 0)
        {
            out->data = s;
            out->len = (size_t) (p - s);
            return 0;
        }
    }

    return -1;
}
