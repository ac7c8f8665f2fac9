/*
 * ngx_pkg_reroute fuzzing: pkg_reroute_follow's pure core (pr_follow.c).
 *
 * Input: a base URL, a newline, a Location (the rest). Also, the first 16
 * bytes as an address.
 *   - pr_follow_resolve() into a buffer of exactly blen + llen + 16 bytes
 *     (exact-size copies of base and Location): a followed URL's strings
 *     lie in the buffer; the scheme is http or https; the host is lower
 *     case, not empty, and an address literal is flagged as such; the
 *     port is 1..65535; the path starts with '/', has no "." or ".."
 *     segment before its query, and no byte a URL cannot have; a second
 *     call gives the same answer;
 *   - a host that pr_follow_pattern_kind() accepts as an exact name is
 *     matched by a table of that one name, "*." + it matches every name
 *     under it and not itself;
 *   - pr_follow_addr_refused() on 4 and 16 bytes returns NULL or one of
 *     its words.
 */


#include "fuzz_common.h"

#include "pr_follow.h"


#define FZ_MAX_INPUT  16384


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void
fz_check_url(const char *buf, size_t bsize, const pr_url_t *u)
{
    size_t       i, n;
    const char  *p, *q, *end;

    FZ_ASSERT(u->host.data >= buf && u->host.data + u->host.len <= buf + bsize,
              "host outside the buffer");
    FZ_ASSERT(u->path.data >= buf && u->path.data + u->path.len <= buf + bsize,
              "path outside the buffer");
    FZ_ASSERT((u->scheme.len == 4 && memcmp(u->scheme.data, "http", 4) == 0)
              || (u->scheme.len == 5
                  && memcmp(u->scheme.data, "https", 5) == 0),
              "scheme is not http(s)");
    FZ_ASSERT(u->host.len > 0, "empty host");
    FZ_ASSERT(u->port >= 1 && u->port <= 65535, "port %u", u->port);

    for (i = 0; i < u->host.len; i++) {
        FZ_ASSERT(!(u->host.data[i] >= 'A' && u->host.data[i] <= 'Z'),
                  "upper case in the host");
    }

    FZ_ASSERT(u->literal == (unsigned) pr_follow_host_literal(u->host.data,
                                                              u->host.len),
              "literal flag differs from pr_follow_host_literal()");

    FZ_ASSERT(u->path.len >= 1 && u->path.data[0] == '/',
              "path does not start with '/'");

    for (i = 0; i < u->path.len; i++) {
        FZ_ASSERT((unsigned char) u->path.data[i] > 0x20
                  && (unsigned char) u->path.data[i] < 0x7f
                  && u->path.data[i] != '\\' && u->path.data[i] != '#',
                  "a byte a URL cannot have in the path");
    }

    end = u->path.data + u->path.len;
    q = memchr(u->path.data, '?', u->path.len);
    if (q) {
        end = q;
    }

    for (p = u->path.data; p < end; p = q) {
        p++;                                    /* after a '/' */

        for (q = p; q < end && *q != '/'; q++) { /* void */ }

        n = q - p;

        FZ_ASSERT(!(n == 1 && p[0] == '.')
                  && !(n == 2 && p[0] == '.' && p[1] == '.'),
                  "a dot segment is left in the path");
    }
}


static void
fz_check_host(const char *host, size_t len)
{
    int                kind;
    char              *sub;
    pr_str_t           exact, suffix;
    pr_follow_hosts_t  h;

    kind = pr_follow_pattern_kind(host, len);

    if (kind != 0) {
        return;
    }

    exact.data = host;
    exact.len = len;
    suffix.data = NULL;
    suffix.len = 0;

    h.exact = &exact;
    h.nexact = 1;
    h.suffix = &suffix;
    h.nsuffix = 0;

    FZ_ASSERT(pr_follow_host_match(&h, host, len) == 1,
              "an exact name does not match itself");

    /* "*." + host */

    sub = fz_malloc(len + 2);
    sub[0] = 'a';
    sub[1] = '.';
    memcpy(sub + 2, host, len);

    suffix.data = sub + 1;
    suffix.len = len + 1;
    h.nexact = 0;
    h.nsuffix = 1;

    FZ_ASSERT(pr_follow_host_match(&h, sub, len + 2) == 1,
              "a name under a wildcard does not match it");
    FZ_ASSERT(pr_follow_host_match(&h, host, len) == 0,
              "a wildcard matches its own domain");

    free(sub);
}


static void
fz_check_why(const char *why)
{
    static const char  *words[] = {
        "loopback", "private", "link-local", "unspecified", "multicast",
        "reserved", NULL
    };

    size_t  i;

    if (why == NULL) {
        return;
    }

    for (i = 0; words[i]; i++) {
        if (strcmp(why, words[i]) == 0) {
            return;
        }
    }

    FZ_FAIL("pr_follow_addr_refused() said \"%s\"", why);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char          *base, *loc, *buf, *buf2;
    size_t         blen, llen, bsize;
    pr_url_t       u, u2;
    const char    *err, *err2, *nl;
    unsigned char  addr[16];

    if (size > FZ_MAX_INPUT) {
        return 0;
    }

    if (size >= 16) {
        memcpy(addr, data, 16);
        fz_check_why(pr_follow_addr_refused(4, addr));
        fz_check_why(pr_follow_addr_refused(6, addr));
    }

    nl = memchr(data, '\n', size);
    blen = nl ? (size_t) (nl - (const char *) data) : size;
    llen = nl ? size - blen - 1 : 0;

    base = fz_malloc(blen);
    memcpy(base, data, blen);
    loc = fz_malloc(llen);
    memcpy(loc, data + size - llen, llen);

    bsize = blen + llen + 16;
    buf = fz_malloc(bsize);
    buf2 = fz_malloc(bsize);

    err = pr_follow_resolve(base, blen, loc, llen, buf, bsize, &u);
    err2 = pr_follow_resolve(base, blen, loc, llen, buf2, bsize, &u2);

    FZ_ASSERT((err == NULL) == (err2 == NULL)
              && (err == NULL || strcmp(err, err2) == 0),
              "a second call gives another answer");

    if (err == NULL) {
        fz_check_url(buf, bsize, &u);

        FZ_ASSERT(u.port == u2.port && u.literal == u2.literal
                  && u.host.len == u2.host.len
                  && memcmp(u.host.data, u2.host.data, u.host.len) == 0
                  && u.path.len == u2.path.len
                  && memcmp(u.path.data, u2.path.data, u.path.len) == 0,
                  "a second call gives another URL");

        fz_check_host(u.host.data, u.host.len);
    }

    fz_check_host(base, blen);

    free(base);
    free(loc);
    free(buf);
    free(buf2);

    return 0;
}
