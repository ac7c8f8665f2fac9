/*
 * ngx_pkg_reroute: canonical package names.
 */

#include <string.h>

#include "pr_name.h"


#define pr_lower(c)  (((c) >= 'A' && (c) <= 'Z') ? ((c) | 0x20) : (c))


size_t
pr_name_canon(pr_eco_t eco, const char *in, size_t len, char *out)
{
    char    c;
    size_t  i, n;

    if (eco != PR_ECO_PYPI && eco != PR_ECO_CARGO) {
        for (i = 0; i < len; i++) {
            out[i] = pr_lower(in[i]);
        }

        return len;
    }

    n = 0;

    for (i = 0; i < len; i++) {
        c = pr_lower(in[i]);

        if (eco == PR_ECO_PYPI) {
            if (c == '-' || c == '_' || c == '.') {
                if (n > 0 && out[n - 1] == '-'
                    && i > 0 && (in[i - 1] == '-' || in[i - 1] == '_'
                                 || in[i - 1] == '.'))
                {
                    continue;
                }

                c = '-';
            }

        } else if (c == '_') {
            /* cargo */
            c = '-';
        }

        out[n++] = c;
    }

    return n;
}


int
pr_name_chars(const pr_str_t *s, const char *extra)
{
    size_t         i;
    unsigned char  c;

    for (i = 0; i < s->len; i++) {
        c = (unsigned char) s->data[i];

        if (pr_byte_is(c, PR_BYTE_ALNUM)) {
            continue;
        }

        if (c == '\0' || strchr(extra, c) == NULL) {
            return 0;
        }
    }

    return 1;
}


int
pr_str_eq(const pr_str_t *s, const char *lit)
{
    size_t  n;

    n = strlen(lit);

    return s->len == n && memcmp(s->data, lit, n) == 0;
}


int
pr_str_caseeq(const pr_str_t *a, const pr_str_t *b)
{
    size_t  i;

    if (a->len != b->len) {
        return 0;
    }

    for (i = 0; i < a->len; i++) {
        if (pr_lower(a->data[i]) != pr_lower(b->data[i])) {
            return 0;
        }
    }

    return 1;
}


int
pr_str_ends(const pr_str_t *s, const char *lit)
{
    size_t  n;

    n = strlen(lit);

    return s->len >= n && memcmp(s->data + s->len - n, lit, n) == 0;
}
