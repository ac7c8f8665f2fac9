/*
 * ngx_pkg_reroute: host patterns, refused addresses and Location
 * resolution for pkg_reroute_follow (see pr_follow.h).
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pr_follow.h"


static int pr_follow_cmp(const void *a, const void *b);
static int pr_follow_find(const pr_str_t *a, size_t n, const char *s,
    size_t len);
static int pr_follow_name_ok(const char *p, size_t len);
static const char *pr_follow_v4_refused(const unsigned char *a);
static const char *pr_follow_authority(const char *p, size_t len,
    char **w, pr_url_t *out);
static size_t pr_follow_dots(char *path, size_t len);


#define pr_lc(c)  (((c) >= 'A' && (c) <= 'Z') ? (c) | 0x20 : (c))


int
pr_follow_pattern_kind(const char *p, size_t len)
{
    int  wild;

    wild = 0;

    if (len >= 2 && p[0] == '*' && p[1] == '.') {
        wild = 1;
        p += 2;
        len -= 2;
    }

    if (!pr_follow_name_ok(p, len) || pr_follow_host_literal(p, len)) {
        return -1;
    }

    return wild;
}


/* letters, digits, '-' and '.', labels of 1..63 bytes, no trailing dot */
static int
pr_follow_name_ok(const char *p, size_t len)
{
    size_t  i, label;

    if (len == 0 || len > PR_FOLLOW_MAX_HOST) {
        return 0;
    }

    label = 0;

    for (i = 0; i < len; i++) {
        if (p[i] == '.') {
            if (label == 0) {
                return 0;
            }

            label = 0;
            continue;
        }

        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z')
              || (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_'))
        {
            return 0;
        }

        if (++label > 63) {
            return 0;
        }
    }

    return label != 0;
}


static int
pr_follow_cmp(const void *a, const void *b)
{
    const pr_str_t  *x = a, *y = b;
    int              rc;

    rc = memcmp(x->data, y->data, x->len < y->len ? x->len : y->len);

    if (rc) {
        return rc;
    }

    return (x->len > y->len) - (x->len < y->len);
}


void
pr_follow_hosts_sort(pr_follow_hosts_t *h)
{
    if (h->nexact) {
        qsort(h->exact, h->nexact, sizeof(pr_str_t), pr_follow_cmp);
    }

    if (h->nsuffix) {
        qsort(h->suffix, h->nsuffix, sizeof(pr_str_t), pr_follow_cmp);
    }
}


static int
pr_follow_find(const pr_str_t *a, size_t n, const char *s, size_t len)
{
    int       rc;
    size_t    lo, hi, mid;
    pr_str_t  key;

    key.data = s;
    key.len = len;
    lo = 0;
    hi = n;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        rc = pr_follow_cmp(&key, &a[mid]);

        if (rc == 0) {
            return 1;
        }

        if (rc < 0) {
            hi = mid;

        } else {
            lo = mid + 1;
        }
    }

    return 0;
}


int
pr_follow_host_match(const pr_follow_hosts_t *h, const char *host,
    size_t len)
{
    size_t  i;

    if (len == 0) {
        return 0;
    }

    if (pr_follow_find(h->exact, h->nexact, host, len)) {
        return 1;
    }

    /* "*.example.com": every name under example.com, not the name itself */

    for (i = 1; i < len; i++) {
        if (host[i] == '.'
            && pr_follow_find(h->suffix, h->nsuffix, host + i, len - i))
        {
            return 1;
        }
    }

    return 0;
}


int
pr_follow_host_literal(const char *host, size_t len)
{
    size_t  i, parts, digits;
    int     hex;

    if (len && host[0] == '[') {
        return 1;
    }

    if (len && host[len - 1] == '.') {
        len--;
    }

    if (len == 0) {
        return 0;
    }

    /* inet_aton(): 1 to 4 parts, each decimal, octal (0...) or 0x hex */

    parts = 1;
    digits = 0;
    hex = 0;

    for (i = 0; i < len; i++) {
        if (host[i] == '.') {
            if (digits == 0 && !hex) {
                return 0;
            }

            parts++;
            digits = 0;
            hex = 0;
            continue;
        }

        if (digits == 0 && !hex && host[i] == '0' && i + 1 < len
            && (host[i + 1] == 'x' || host[i + 1] == 'X'))
        {
            hex = 1;
            i++;
            continue;
        }

        if ((host[i] >= '0' && host[i] <= '9')
            || (hex && ((host[i] >= 'a' && host[i] <= 'f')
                        || (host[i] >= 'A' && host[i] <= 'F'))))
        {
            digits++;
            continue;
        }

        return 0;
    }

    return parts <= 4 && (digits || hex);
}


static const char *
pr_follow_v4_refused(const unsigned char *a)
{
    if (a[0] == 0) {
        return "unspecified";
    }

    if (a[0] == 127) {
        return "loopback";
    }

    if (a[0] == 10
        || (a[0] == 172 && (a[1] & 0xf0) == 16)
        || (a[0] == 192 && a[1] == 168)
        || (a[0] == 100 && (a[1] & 0xc0) == 64))
    {
        return "private";
    }

    if (a[0] == 169 && a[1] == 254) {
        return "link-local";
    }

    if (a[0] >= 224 && a[0] < 240) {
        return "multicast";
    }

    if (a[0] >= 240
        || (a[0] == 192 && a[1] == 0 && a[2] == 0)
        || (a[0] == 198 && (a[1] & 0xfe) == 18))
    {
        return "reserved";
    }

    return NULL;
}


const char *
pr_follow_addr_refused(int family, const unsigned char *addr)
{
    size_t                      i;
    static const unsigned char  nat64[12] = { 0, 0x64, 0xff, 0x9b };

    if (family == 4) {
        return pr_follow_v4_refused(addr);
    }

    if (family != 6) {
        return "not an IP address";
    }

    for (i = 0; i < 10 && addr[i] == 0; i++) { /* void */ }

    if (i == 10) {
        if (addr[10] == 0xff && addr[11] == 0xff) {
            /* ::ffff:a.b.c.d */
            return pr_follow_v4_refused(addr + 12);
        }

        if (addr[10] == 0 && addr[11] == 0) {
            for (i = 12; i < 15 && addr[i] == 0; i++) { /* void */ }

            if (i == 15 && addr[15] == 0) {
                return "unspecified";
            }

            if (i == 15 && addr[15] == 1) {
                return "loopback";
            }

            /* ::a.b.c.d, deprecated, still routed by some stacks */
            return pr_follow_v4_refused(addr + 12);
        }
    }

    if (memcmp(addr, nat64, 12) == 0) {
        /* 64:ff9b::a.b.c.d reaches a.b.c.d through a NAT64 */
        return pr_follow_v4_refused(addr + 12);
    }

    if (addr[0] == 0x20 && addr[1] == 0x02) {
        /* 6to4: 2002:aabb:ccdd::/48 */
        return pr_follow_v4_refused(addr + 2);
    }

    if ((addr[0] & 0xfe) == 0xfc) {
        return "private";
    }

    if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) {
        return "link-local";
    }

    if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0xc0) {
        return "private";        /* site-local, deprecated */
    }

    if (addr[0] == 0xff) {
        return "multicast";
    }

    return NULL;
}


/* "host[:port]" into out (host lower case, written at *w) */
static const char *
pr_follow_authority(const char *p, size_t len, char **w, pr_url_t *out)
{
    size_t       i, hlen;
    unsigned     port;
    const char  *end, *colon;

    if (memchr(p, '@', len)) {
        return "has user information";
    }

    end = p + len;

    if (len && p[0] == '[') {
        colon = memchr(p, ']', len);
        if (colon == NULL) {
            return "has an invalid host";
        }

        hlen = colon + 1 - p;

        for (i = 1; i < hlen - 1; i++) {
            if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')
                  || (p[i] >= 'A' && p[i] <= 'F') || p[i] == ':'
                  || p[i] == '.'))
            {
                return "has an invalid host";
            }
        }

        colon++;

        if (colon < end && *colon != ':') {
            return "has an invalid host";
        }

    } else {
        colon = memchr(p, ':', len);
        if (colon == NULL) {
            colon = end;
        }

        hlen = colon - p;

        if (hlen && p[hlen - 1] == '.') {
            /* "example.com." is example.com */
            hlen--;
        }

        if (!pr_follow_name_ok(p, hlen)) {
            return "has an invalid host";
        }
    }

    out->host.data = *w;
    out->host.len = hlen;

    for (i = 0; i < hlen; i++) {
        *(*w)++ = pr_lc(p[i]);
    }

    out->literal = pr_follow_host_literal(out->host.data, hlen);

    if (colon < end) {
        /* ":" then 1..65535 */
        colon++;

        if (colon == end || end - colon > 5) {
            return "has an invalid port";
        }

        port = 0;

        for (/* void */; colon < end; colon++) {
            if (*colon < '0' || *colon > '9') {
                return "has an invalid port";
            }

            port = port * 10 + (*colon - '0');
        }

        if (port == 0 || port > 65535) {
            return "has an invalid port";
        }

        out->port = port;
        out->explicit_port = 1;
    }

    return NULL;
}


/* RFC 3986 5.2.4 in place; returns the new length */
static size_t
pr_follow_dots(char *path, size_t len)
{
    char    *in, *end, *out, *seg;
    size_t   n;

    in = path;
    end = path + len;
    out = path;

    while (in < end) {
        /* in points at a '/' */
        seg = in + 1;

        for (n = 0; seg + n < end && seg[n] != '/'; n++) { /* void */ }

        if (n == 1 && seg[0] == '.') {
            in = seg + 1;

            if (in >= end) {
                *out++ = '/';
            }

            continue;
        }

        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out > path && *--out != '/') { /* void */ }

            in = seg + 2;

            if (in >= end) {
                *out++ = '/';
            }

            continue;
        }

        memmove(out, in, n + 1);
        out += n + 1;
        in = seg + n;
    }

    if (out == path) {
        *out++ = '/';
    }

    return out - path;
}


const char *
pr_follow_resolve(const char *base, size_t blen, const char *loc,
    size_t llen, char *buf, size_t size, pr_url_t *out)
{
    char        *w, *start, *q;
    size_t       i, n, plen;
    pr_url_t     b;
    const char  *p, *end, *bend, *bpath, *bquery, *slash, *err;

    memset(out, 0, sizeof(pr_url_t));
    memset(&b, 0, sizeof(pr_url_t));

    if (llen > PR_FOLLOW_MAX_URL || size < blen + llen + 16) {
        return "is too long";
    }

    /* the fragment is the client's, never sent */

    p = memchr(loc, '#', llen);
    if (p) {
        llen = p - loc;
    }

    if (llen == 0) {
        return "is empty";
    }

    for (i = 0; i < llen; i++) {
        if ((unsigned char) loc[i] <= 0x20 || (unsigned char) loc[i] >= 0x7f
            || loc[i] == '\\')
        {
            return "has a byte a URL cannot have";
        }
    }

    for (i = 0; i < blen; i++) {
        if ((unsigned char) base[i] <= 0x20 || (unsigned char) base[i] >= 0x7f
            || base[i] == '\\' || base[i] == '#')
        {
            return "cannot be resolved against the upstream's URL";
        }
    }

    w = buf;

    /* the base: "http(s)://authority[/path][?query]" */

    if (blen > 8 && strncmp(base, "https://", 8) == 0) {
        b.scheme.data = "https";
        b.scheme.len = 5;
        b.port = 443;
        p = base + 8;

    } else if (blen > 7 && strncmp(base, "http://", 7) == 0) {
        b.scheme.data = "http";
        b.scheme.len = 4;
        b.port = 80;
        p = base + 7;

    } else {
        return "cannot be resolved against the upstream's URL";
    }

    bend = base + blen;

    for (bpath = p; bpath < bend && *bpath != '/' && *bpath != '?'; bpath++) {
        /* void */
    }

    if (pr_follow_authority(p, bpath - p, &w, &b) != NULL) {
        return "cannot be resolved against the upstream's URL";
    }

    for (bquery = bpath; bquery < bend && *bquery != '?'; bquery++) {
        /* void */
    }

    /* the reference's scheme, if any */

    for (i = 0; i < llen; i++) {
        if (loc[i] == ':' || loc[i] == '/' || loc[i] == '?') {
            break;
        }
    }

    out->scheme = b.scheme;

    if (i < llen && loc[i] == ':') {
        if (i == 5 && strncasecmp(loc, "https", 5) == 0) {
            out->scheme.data = "https";
            out->scheme.len = 5;

        } else if (i == 4 && strncasecmp(loc, "http", 4) == 0) {
            out->scheme.data = "http";
            out->scheme.len = 4;

        } else {
            return "is not an http or https URL";
        }

        loc += i + 1;
        llen -= i + 1;

        if (llen < 2 || loc[0] != '/' || loc[1] != '/') {
            return "is not an http or https URL";
        }
    }

    end = loc + llen;

    if (llen >= 2 && loc[0] == '/' && loc[1] == '/') {
        /* a new authority */

        for (slash = loc + 2;
             slash < end && *slash != '/' && *slash != '?';
             slash++)
        {
            /* void */
        }

        err = pr_follow_authority(loc + 2, slash - (loc + 2), &w, out);
        if (err) {
            return err;
        }

        if (!out->explicit_port) {
            out->port = (out->scheme.len == 5) ? 443 : 80;
        }

        start = w;

        if (slash == end || *slash == '?') {
            *w++ = '/';
        }

        memcpy(w, slash, end - slash);
        w += end - slash;

    } else {
        /* the base's authority */

        out->host = b.host;
        out->port = b.port;
        out->explicit_port = b.explicit_port;
        out->literal = b.literal;

        start = w;

        if (loc[0] == '/') {
            memcpy(w, loc, llen);
            w += llen;

        } else if (loc[0] == '?') {
            /* the base's path, this query */
            if (bquery == bpath) {
                *w++ = '/';
            }

            memcpy(w, bpath, bquery - bpath);
            w += bquery - bpath;
            memcpy(w, loc, llen);
            w += llen;

        } else {
            /* the base's path up to its last '/', then the reference */
            for (slash = bquery; slash > bpath && slash[-1] != '/'; slash--) {
                /* void */
            }

            if (slash == bpath) {
                *w++ = '/';
            }

            memcpy(w, bpath, slash - bpath);
            w += slash - bpath;
            memcpy(w, loc, llen);
            w += llen;
        }
    }

    /* dot segments of the path; the query as it is */

    n = w - start;
    q = memchr(start, '?', n);
    plen = q ? (size_t) (q - start) : n;

    i = pr_follow_dots(start, plen);
    memmove(start + i, start + plen, n - plen);

    out->path.data = start;
    out->path.len = i + (n - plen);

    return NULL;
}
