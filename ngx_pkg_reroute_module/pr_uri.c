/*
 * ngx_pkg_reroute: percent-decoding, dot segments and canonical encoding.
 */

#include <string.h>

#include "pr_uri.h"


static int pr_hex(unsigned char c);
static size_t pr_utf8_valid(const unsigned char *p, size_t len);
static const char *pr_path_segment(pr_path_t *path, char *start,
    size_t len, unsigned high);


/*
 * PR_BYTE_PCHAR: RFC 3986 pchar less '+', which some servers read as a
 * space, and ';', which servlet containers (Tomcat, Jetty: the usual
 * repository managers) cut as a path parameter, so that "..;" would be
 * ".." to them: ALPHA DIGIT - . _ ~ ! $ & ' ( ) * , = : @
 * PR_BYTE_PLAIN: printable ASCII but '/', '%' and '\\'
 */
const unsigned char  pr_byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    4, 6, 4, 4, 6, 0, 6, 6, 6, 6, 6, 4, 6, 6, 6, 0,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 4, 4, 6, 4, 4,
    6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 0, 4, 4, 6,
    4, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 4, 4, 6, 0,
    /* 0x80-0xff: 0 */
};


static int
pr_hex(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }

    c |= 0x20;

    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    return -1;
}


/* length of the valid UTF-8 prefix */
static size_t
pr_utf8_valid(const unsigned char *p, size_t len)
{
    size_t    i, n, k;
    uint32_t  cp, min;

    i = 0;

    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }

        if ((p[i] & 0xe0) == 0xc0) {
            n = 1; cp = p[i] & 0x1f; min = 0x80;

        } else if ((p[i] & 0xf0) == 0xe0) {
            n = 2; cp = p[i] & 0x0f; min = 0x800;

        } else if ((p[i] & 0xf8) == 0xf0) {
            n = 3; cp = p[i] & 0x07; min = 0x10000;

        } else {
            return i;
        }

        if (i + n >= len) {
            return i;
        }

        for (k = 1; k <= n; k++) {
            if ((p[i + k] & 0xc0) != 0x80) {
                return i;
            }

            cp = (cp << 6) | (p[i + k] & 0x3f);
        }

        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return i;
        }

        i += n + 1;
    }

    return i;
}


/*
 * closes the segment [start, start + len): drops "" and ".", pops on "..";
 * high: a byte of it is not ASCII (else it is valid UTF-8 as it stands)
 */
static const char *
pr_path_segment(pr_path_t *path, char *start, size_t len, unsigned high)
{
    if (len == 0 || (len == 1 && start[0] == '.')) {
        return NULL;
    }

    if (len == 2 && start[0] == '.' && start[1] == '.') {
        if (path->nseg == 0) {
            return "\"..\" above the root";
        }

        path->nseg--;
        return NULL;
    }

    if (path->nseg == PR_MAX_SEGS) {
        return "too many path segments";
    }

    if (high && pr_utf8_valid((unsigned char *) start, len) != len) {
        return "invalid UTF-8 in path";
    }

    path->seg[path->nseg].data = start;
    path->seg[path->nseg].len = len;
    path->nseg++;

    return NULL;
}


const char *
pr_path_parse(const char *p, size_t len, unsigned flags, int keep_slash,
    pr_path_t *path, char *buf)
{
    int            hi, lo, sep;
    char          *d, *start;
    size_t         i;
    unsigned       high;
    const char    *err, *end;
    unsigned char  c;

    path->nseg = 0;
    path->trailing_slash = 0;

    if (!(flags & PR_PATH_DECODED)) {
        /* as nginx: the path ends at the first '?' or '#' */

        end = len ? memchr(p, '?', len) : NULL;   /* p may be NULL */
        if (end) {
            len = end - p;
        }

        end = len ? memchr(p, '#', len) : NULL;
        if (end) {
            len = end - p;
        }
    }

    if (len > PR_MAX_PATH_LEN) {
        return "path too long";
    }

    if (len == 0 || p[0] != '/') {
        return "path does not start with \"/\"";
    }

    d = buf;
    start = buf;
    high = 0;

    for (i = 1; i <= len; /* void */) {

        if (i == len) {
            sep = 1;
            i++;

        } else {
            c = (unsigned char) p[i++];

            if (pr_byte_is(c, PR_BYTE_PLAIN)) {
                /* most bytes: nothing to decode or refuse */
                *d++ = (char) c;

                while (i < len && pr_byte_is(p[i], PR_BYTE_PLAIN)) {
                    *d++ = p[i++];
                }

                continue;
            }

            sep = (c == '/');

            if (c == '%' && !(flags & PR_PATH_DECODED)) {
                if (i + 2 > len
                    || (hi = pr_hex(p[i])) < 0 || (lo = pr_hex(p[i + 1])) < 0)
                {
                    return "invalid percent-encoding in path";
                }

                c = (unsigned char) (hi * 16 + lo);
                i += 2;
                sep = (c == '/' && !keep_slash);
            }

            if (!sep) {
                if (c < 0x20 || c == 0x7f) {
                    return "control character in path";
                }

                if (c == '\\') {
                    /* a separator to Windows servers and URL parsers */
                    return "backslash in path";
                }

                high |= c & 0x80;
                *d++ = (char) c;
                continue;
            }
        }

        err = pr_path_segment(path, start, d - start, high);
        if (err) {
            return err;
        }

        start = d;
        high = 0;

        if (i <= len) {
            /* a separator, not the end: is it the last byte? */
            path->trailing_slash = (i == len);
        }
    }

    if (len == 1) {
        path->trailing_slash = 1;
    }

    return NULL;
}


const char *
pr_query_decode(const char *p, size_t len, char *buf, size_t *outlen)
{
    int            hi, lo;
    char          *d;
    size_t         i;
    unsigned char  c;

    d = buf;

    for (i = 0; i < len; i++) {
        c = (unsigned char) p[i];

        if (c == '+') {
            c = ' ';

        } else if (c == '%') {
            if (i + 3 > len
                || (hi = pr_hex(p[i + 1])) < 0 || (lo = pr_hex(p[i + 2])) < 0)
            {
                return "invalid percent-encoding in query";
            }

            c = (unsigned char) (hi * 16 + lo);
            i += 2;
        }

        if (c < 0x20 || c == 0x7f) {
            return "control character in query";
        }

        *d++ = (char) c;
    }

    *outlen = d - buf;

    return NULL;
}


char *
pr_encode_segment(char *dst, const char *s, size_t len)
{
    size_t             i;
    unsigned char      c;
    static const char  hex[] = "0123456789ABCDEF";

    for (i = 0; i < len; i++) {
        c = (unsigned char) s[i];

        if (pr_byte_is(c, PR_BYTE_PCHAR)) {
            *dst++ = (char) c;

        } else {
            *dst++ = '%';
            *dst++ = hex[c >> 4];
            *dst++ = hex[c & 0xf];
        }
    }

    return dst;
}


/* the argument name [p, p + len), percent- and '+'-decoded, is name */
static int
pr_query_key_is(const char *p, size_t len, const char *name, int ci)
{
    int          hi, lo;
    size_t       i;
    const char  *n;
    char         c;

    n = name;

    for (i = 0; i < len; i++) {
        c = p[i];

        if (c == '+') {
            c = ' ';

        } else if (c == '%') {
            if (i + 2 >= len
                || (hi = pr_hex(p[i + 1])) < 0 || (lo = pr_hex(p[i + 2])) < 0)
            {
                return 0;
            }

            c = (char) (hi * 16 + lo);
            i += 2;
        }

        if (ci && c >= 'A' && c <= 'Z') {
            c = (char) (c - 'A' + 'a');
        }

        if (*n == '\0' || c != *n++) {
            return 0;
        }
    }

    return *n == '\0';
}


int
pr_query_has(const char *q, size_t qlen, const char *name)
{
    const char  *p, *end, *sep, *eq;

    p = q;
    end = q + qlen;

    while (p < end) {
        for (sep = p; sep < end && *sep != '&' && *sep != ';'; sep++) {
            /* void */
        }

        eq = memchr(p, '=', sep - p);

        if (pr_query_key_is(p, (eq ? eq : sep) - p, name, 1)) {
            return 1;
        }

        p = sep + 1;
    }

    return 0;
}


int
pr_query_arg(const char *q, size_t qlen, const char *name, pr_str_t *value)
{
    const char  *p, *end, *amp, *eq;

    p = q;
    end = q + qlen;

    while (p < end) {
        amp = memchr(p, '&', end - p);

        if (amp == NULL) {
            amp = end;
        }

        eq = memchr(p, '=', amp - p);

        if (eq && pr_query_key_is(p, eq - p, name, 0)) {
            value->data = eq + 1;
            value->len = amp - eq - 1;
            return 1;
        }

        p = amp + 1;
    }

    return 0;
}
