/*
 * ngx_pkg_reroute: table tests for pkg_reroute_follow's pure core
 * (pr_follow.c): host patterns, refused addresses, Location resolution.
 */


#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "pr_follow.h"
#include "pr_test.h"


typedef struct {
    const char  *host;
    int          match;
} ft_host_t;


typedef struct {
    const char  *addr;
    const char  *why;            /* NULL: may be connected to */
} ft_addr_t;


typedef struct {
    const char  *base;
    const char  *loc;
    const char  *url;            /* scheme://host:port/path, or NULL */
    const char  *err;            /* the reason, when url is NULL */
} ft_url_t;


static const char  *ft_patterns[] = {
    "cdn-lfs.hf.co", "*.cloudfront.net", "files.pythonhosted.org",
    "*.r2.cloudflarestorage.com", "codeload.github.com", NULL
};


static const ft_host_t  ft_hosts[] = {
    { "cdn-lfs.hf.co", 1 },
    { "cdn-lfs.hf.co.evil.com", 0 },
    { "xcdn-lfs.hf.co", 0 },
    { "hf.co", 0 },
    { "d1.cloudfront.net", 1 },
    { "a.b.cloudfront.net", 1 },
    { "cloudfront.net", 0 },
    { "evilcloudfront.net", 0 },
    { "cloudfront.net.evil.com", 0 },
    { "files.pythonhosted.org", 1 },
    { "pythonhosted.org", 0 },
    { "x.files.pythonhosted.org", 0 },
    { "codeload.github.com", 1 },
    { "github.com", 0 },
    { "acct.r2.cloudflarestorage.com", 1 },
    { "", 0 },
    { NULL, 0 }
};


static const char  *ft_bad_patterns[] = {
    "*", "*.", "a.*.com", "*cloudfront.net", "127.0.0.1", "[::1]",
    "2130706433", "0x7f.1", "host:80", "a..b", ".a.b", "a.b.", "a b",
    "a/b", "", NULL
};


static const char  *ft_literals[] = {
    "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0x7f.1",
    "0177.0.0.1", "[::1]", "[fe80::1]", "10.0.0.1.", NULL
};


static const char  *ft_names[] = {
    "localhost", "cdn.test", "1password.com", "0xdeadbeef.com",
    "a1.b2", "123.example", NULL
};


static const ft_addr_t  ft_addrs[] = {
    { "127.0.0.1", "loopback" },
    { "127.255.0.9", "loopback" },
    { "10.1.2.3", "private" },
    { "172.16.0.1", "private" },
    { "172.31.255.255", "private" },
    { "172.32.0.1", NULL },
    { "172.15.0.1", NULL },
    { "192.168.1.1", "private" },
    { "100.64.0.1", "private" },
    { "100.127.255.255", "private" },
    { "100.128.0.1", NULL },
    { "169.254.169.254", "link-local" },
    { "0.0.0.0", "unspecified" },
    { "0.1.2.3", "unspecified" },
    { "224.0.0.1", "multicast" },
    { "239.255.255.250", "multicast" },
    { "255.255.255.255", "reserved" },
    { "240.0.0.1", "reserved" },
    { "8.8.8.8", NULL },
    { "13.224.0.1", NULL },
    { "::", "unspecified" },
    { "::1", "loopback" },
    { "::ffff:127.0.0.1", "loopback" },
    { "::ffff:169.254.169.254", "link-local" },
    { "::ffff:8.8.8.8", NULL },
    { "::127.0.0.1", "loopback" },
    { "64:ff9b::a9fe:a9fe", "link-local" },
    { "2002:7f00:1::", "loopback" },
    { "fc00::1", "private" },
    { "fd12:3456::1", "private" },
    { "fe80::1", "link-local" },
    { "febf::1", "link-local" },
    { "fec0::1", "private" },
    { "ff02::1", "multicast" },
    { "2600:9000::1", NULL },
    { "2001:4860:4860::8888", NULL },
    { NULL, NULL }
};


#define B  "https://registry.example:8443/v2/library/alpine/blobs/sha256:ab" \
           "?x=1"

static const ft_url_t  ft_urls[] = {
    /* absolute */
    { B, "https://d1.cloudfront.net/x/y?sig=1",
      "https://d1.cloudfront.net:443/x/y?sig=1", NULL },
    { B, "HTTP://CDN.Example.COM:8080/a", "http://cdn.example.com:8080/a",
      NULL },
    { B, "https://cdn.example.com", "https://cdn.example.com:443/", NULL },
    { B, "https://cdn.example.com?q", "https://cdn.example.com:443/?q",
      NULL },
    { B, "https://cdn.example.com./a", "https://cdn.example.com:443/a",
      NULL },
    { B, "https://cdn.example.com/a#frag", "https://cdn.example.com:443/a",
      NULL },
    { B, "https://cdn.example.com/a/../b/./c",
      "https://cdn.example.com:443/b/c", NULL },
    { B, "https://cdn.example.com/../../x", "https://cdn.example.com:443/x",
      NULL },
    { B, "https://[::1]:99/x", "https://[::1]:99/x", NULL },
    { B, "http://127.0.0.1/x", "http://127.0.0.1:80/x", NULL },
    /* scheme-relative */
    { B, "//cdn.example.com/x", "https://cdn.example.com:443/x", NULL },
    /* absolute path: the Hub's /api/resolve-cache/ */
    { "https://huggingface.co/gpt2/resolve/main/config.json",
      "/api/resolve-cache/models/gpt2/607a30d/config.json",
      "https://huggingface.co:443/api/resolve-cache/models/gpt2/607a30d/"
      "config.json", NULL },
    { B, "/v2/x/../y/blobs/z", "https://registry.example:8443/v2/y/blobs/z",
      NULL },
    { B, "/a/b?c/../d", "https://registry.example:8443/a/b?c/../d", NULL },
    /* relative path */
    { B, "./sha256:cd", "https://registry.example:8443/v2/library/alpine/"
      "blobs/sha256:cd", NULL },
    { B, "sha256:cd", NULL, "is not an http or https URL" },    /* a scheme */
    { B, "../manifests/1", "https://registry.example:8443/v2/library/alpine/"
      "manifests/1", NULL },
    { B, "../../../../../../x", "https://registry.example:8443/x", NULL },
    { "http://r.example", "x", "http://r.example:80/x", NULL },
    /* query only */
    { B, "?y=2", "https://registry.example:8443/v2/library/alpine/blobs/"
      "sha256:ab?y=2", NULL },
    /* refused */
    { B, "", NULL, "is empty" },
    { B, "#only", NULL, "is empty" },
    { B, "ftp://cdn.example.com/x", NULL, "is not an http or https URL" },
    { B, "javascript:alert(1)", NULL, "is not an http or https URL" },
    { B, "file:///etc/passwd", NULL, "is not an http or https URL" },
    { B, "https:cdn.example.com/x", NULL, "is not an http or https URL" },
    { B, "https://user:pw@cdn.example.com/x", NULL, "has user information" },
    { B, "https://cdn.example.com@evil.com/x", NULL,
      "has user information" },
    { B, "https://cdn.example.com:0/x", NULL, "has an invalid port" },
    { B, "https://cdn.example.com:65536/x", NULL, "has an invalid port" },
    { B, "https://cdn.example.com:/x", NULL, "has an invalid port" },
    { B, "https://cdn.example.com:8a/x", NULL, "has an invalid port" },
    { B, "https:///x", NULL, "has an invalid host" },
    { B, "https://cdn%2eexample.com/x", NULL, "has an invalid host" },
    { B, "https://[::1/x", NULL, "has an invalid host" },
    { B, "https://cdn.example.com/a b", NULL,
      "has a byte a URL cannot have" },
    { B, "https://cdn.example.com/a\\b", NULL,
      "has a byte a URL cannot have" },
    { B, "https://cdn.example.com/\r\nX: y", NULL,
      "has a byte a URL cannot have" },
    { "ftp://x/y", "/z", NULL,
      "cannot be resolved against the upstream's URL" },
    /* found by fuzz/fuzz_follow.c: the base's bytes went into the path */
    { "https://r.example/a\xff" "b", "?q", NULL,
      "cannot be resolved against the upstream's URL" },
    { "https://r.example/a b", "x", NULL,
      "cannot be resolved against the upstream's URL" },
    { NULL, NULL, NULL, NULL }
};


static void
ft_test_hosts(void)
{
    size_t             i;
    int                kind;
    pr_str_t           exact[8], suffix[8];
    pr_follow_hosts_t  h;

    h.exact = exact;
    h.suffix = suffix;
    h.nexact = 0;
    h.nsuffix = 0;

    for (i = 0; ft_patterns[i]; i++) {
        kind = pr_follow_pattern_kind(ft_patterns[i], strlen(ft_patterns[i]));

        PR_CHECK(kind >= 0, "pattern \"%s\" refused", ft_patterns[i]);

        if (kind == 1) {
            suffix[h.nsuffix].data = ft_patterns[i] + 1;
            suffix[h.nsuffix++].len = strlen(ft_patterns[i]) - 1;

        } else {
            exact[h.nexact].data = ft_patterns[i];
            exact[h.nexact++].len = strlen(ft_patterns[i]);
        }
    }

    pr_follow_hosts_sort(&h);

    for (i = 0; ft_hosts[i].host; i++) {
        PR_CHECK(pr_follow_host_match(&h, ft_hosts[i].host,
                                      strlen(ft_hosts[i].host))
                 == ft_hosts[i].match,
                 "host \"%s\": expected %d", ft_hosts[i].host,
                 ft_hosts[i].match);
    }

    for (i = 0; ft_bad_patterns[i]; i++) {
        PR_CHECK(pr_follow_pattern_kind(ft_bad_patterns[i],
                                        strlen(ft_bad_patterns[i])) == -1,
                 "pattern \"%s\" accepted", ft_bad_patterns[i]);
    }

    for (i = 0; ft_literals[i]; i++) {
        PR_CHECK(pr_follow_host_literal(ft_literals[i],
                                        strlen(ft_literals[i])) == 1,
                 "\"%s\" is not taken for an address", ft_literals[i]);
    }

    for (i = 0; ft_names[i]; i++) {
        PR_CHECK(pr_follow_host_literal(ft_names[i],
                                        strlen(ft_names[i])) == 0,
                 "\"%s\" is taken for an address", ft_names[i]);
    }
}


static void
ft_test_addrs(void)
{
    int            family;
    size_t         i;
    const char    *why;
    unsigned char  a[16];

    for (i = 0; ft_addrs[i].addr; i++) {
        family = strchr(ft_addrs[i].addr, ':') ? 6 : 4;

        if (inet_pton(family == 6 ? AF_INET6 : AF_INET, ft_addrs[i].addr, a)
            != 1)
        {
            PR_CHECK(0, "bad test address %s", ft_addrs[i].addr);
            continue;
        }

        why = pr_follow_addr_refused(family, a);

        PR_CHECK((why == NULL && ft_addrs[i].why == NULL)
                 || (why && ft_addrs[i].why
                     && strcmp(why, ft_addrs[i].why) == 0),
                 "%s: got %s, expected %s", ft_addrs[i].addr,
                 why ? why : "(allowed)",
                 ft_addrs[i].why ? ft_addrs[i].why : "(allowed)");
    }
}


static void
ft_test_urls(void)
{
    char         buf[1024], got[1200];
    size_t       i;
    pr_url_t     u;
    const char  *err;

    for (i = 0; ft_urls[i].base; i++) {
        err = pr_follow_resolve(ft_urls[i].base, strlen(ft_urls[i].base),
                                ft_urls[i].loc, strlen(ft_urls[i].loc),
                                buf, sizeof(buf), &u);

        if (ft_urls[i].url == NULL) {
            PR_CHECK(err && strcmp(err, ft_urls[i].err) == 0,
                     "\"%s\": got \"%s\", expected \"%s\"", ft_urls[i].loc,
                     err ? err : "(followed)", ft_urls[i].err);
            continue;
        }

        if (err) {
            PR_CHECK(0, "\"%s\": %s", ft_urls[i].loc, err);
            continue;
        }

        snprintf(got, sizeof(got), "%.*s://%.*s:%u%.*s",
                 (int) u.scheme.len, u.scheme.data,
                 (int) u.host.len, u.host.data, u.port,
                 (int) u.path.len, u.path.data);

        PR_CHECK(strcmp(got, ft_urls[i].url) == 0,
                 "\"%s\": got %s, expected %s", ft_urls[i].loc, got,
                 ft_urls[i].url);
    }

    /* the literal flag */

    err = pr_follow_resolve(B, strlen(B), "http://0x7f.1/x", 15, buf,
                            sizeof(buf), &u);
    PR_CHECK(err == NULL && u.literal, "0x7f.1 is an address literal");

    err = pr_follow_resolve(B, strlen(B), "http://[fe80::1]/x", 18, buf,
                            sizeof(buf), &u);
    PR_CHECK(err == NULL && u.literal, "[fe80::1] is an address literal");

    err = pr_follow_resolve(B, strlen(B), "http://cdn.test/x", 17, buf,
                            sizeof(buf), &u);
    PR_CHECK(err == NULL && !u.literal && !u.explicit_port,
             "cdn.test is a name");
}


int
main(void)
{
    ft_test_hosts();
    ft_test_addrs();
    ft_test_urls();

    PR_TEST_DONE("follow");
}
