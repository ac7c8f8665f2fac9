/*
 * ngx_pkg_reroute: npm registry requests. The catalogue below is every
 * endpoint the npm registry serves to its clients (npm, pnpm, yarn and
 * the libraries they use: pacote, npm-registry-fetch, libnpmpublish,
 * libnpmaccess, libnpmorg, libnpmteam, libnpmhook, npm-profile), read
 * from those clients' request code and the registry's API documents.
 */

#include <string.h>

#include "pr_eco.h"


enum {
    PR_NPM_PACKUMENT = 0,
    PR_NPM_VERSION,
    PR_NPM_TARBALL,
    PR_NPM_REV,
    PR_NPM_TARBALL_REV,
    PR_NPM_DIST_TAGS,
    PR_NPM_DIST_TAG,
    PR_NPM_PACKAGE_ACCESS,
    PR_NPM_ATTESTATIONS,
    PR_NPM_OIDC
};


#define PR_NPM_SRC_REG  "npm registry API (registry/docs/REGISTRY-API.md)"
#define PR_NPM_SRC_PUB  "libnpmpublish, npm unpublish"
#define PR_NPM_SRC_ACC  "libnpmaccess"


const pr_endpoint_t  pr_npm_endpoints[] = {

    /* rows that name a package: the classifier below marks them */

    { "/<name>", PR_M_READ|PR_M_PUT, PR_KIND_METADATA, 1,
      "name: the path (scoped: /@scope%2fname or /@scope/name)",
      PR_NPM_SRC_REG "; PUT: publish (libnpmpublish)",
      { "/express", "/@types%2fnode", "PUT /@types/node",
        "/express?write=true" } },

    { "/<name>/<version-or-tag>", PR_M_READ, PR_KIND_METADATA, 1,
      "name; version: the last segment (a version or a dist-tag)",
      PR_NPM_SRC_REG, { "/express/4.18.2", "/@types/node/latest" } },

    { "/<name>/-/<base>-<version>.tgz", PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name; version: from the file name, after the name's last part",
      "pacote (dist.tarball)",
      { "/express/-/express-4.18.2.tgz", "/@types/node/-/node-20.1.0.tgz",
        "/@types/node/-/@types/node-20.1.0.tgz" } },

    { "/<name>/-rev/<rev>", PR_M_PUT|PR_M_DELETE, PR_KIND_WRITE, 1,
      "name", PR_NPM_SRC_PUB,
      { "PUT /express/-rev/12-abc", "DELETE /@types/node/-rev/3-x" } },

    { "/<name>/-/<file>/-rev/<rev>", PR_M_DELETE, PR_KIND_WRITE, 1,
      "name", PR_NPM_SRC_PUB,
      { "DELETE /express/-/express-1.0.0.tgz/-rev/5-x" } },

    { "/-/package/<name>/dist-tags", PR_M_READ, PR_KIND_METADATA, 1,
      "name", "npm dist-tag ls",
      { "/-/package/express/dist-tags", "/-/package/@types%2fnode/dist-tags" } },

    /* a tag is written or removed, never read: no registry's routes
     * serve GET on one (a version no filter reads would pass) */
    { "/-/package/<name>/dist-tags/<tag>", PR_M_PUT|PR_M_DELETE,
      PR_KIND_METADATA, 1, "name", "npm dist-tag add/rm",
      { "PUT /-/package/express/dist-tags/beta" } },

    { "/-/package/<name>/access|collaborators|visibility",
      PR_M_READ|PR_M_POST|PR_M_PUT, PR_KIND_API, 1, "name", PR_NPM_SRC_ACC,
      { "/-/package/express/collaborators?format=cli",
        "POST /-/package/@types%2fnode/access" } },

    { "/-/npm/v1/attestations/<name>@<version>", PR_M_READ,
      PR_KIND_METADATA, 1, "name and version: split at the last '@'",
      "pacote (dist.attestations.url)",
      { "/-/npm/v1/attestations/express@4.18.2",
        "/-/npm/v1/attestations/@types%2fnode@20.1.0" } },

    { "/-/npm/v1/oidc/token/exchange/package/<name>", PR_M_POST,
      PR_KIND_WRITE, 1, "name", "npm publish (trusted publishing)",
      { "POST /-/npm/v1/oidc/token/exchange/package/@types%2fnode" } },

    /* rows that name no package: matched by their shape */

    { "/", PR_M_READ, PR_KIND_API, 0, "", "the registry's root document",
      { "/" } },

    { "/-/v1/search?text=...", PR_M_READ, PR_KIND_API, 0, "",
      "libnpmsearch", { "/-/v1/search?text=react&size=20" } },

    { "/-/npm/v1/security/advisories/bulk", PR_M_POST, PR_KIND_API, 0, "",
      "npm audit (a read: the body lists names and versions)",
      { "POST /-/npm/v1/security/advisories/bulk" } },

    { "/-/npm/v1/security/audits", PR_M_POST, PR_KIND_API, 0, "",
      "npm audit (older)", { "POST /-/npm/v1/security/audits" } },

    { "/-/npm/v1/security/audits/quick", PR_M_POST, PR_KIND_API, 0, "",
      "npm audit (older)", { "POST /-/npm/v1/security/audits/quick" } },

    { "/-/npm/v1/keys", PR_M_READ, PR_KIND_API, 0, "",
      "npm audit signatures", { "/-/npm/v1/keys" } },

    { "/-/ping", PR_M_READ, PR_KIND_API, 0, "", "npm ping",
      { "/-/ping?write=true" } },

    { "/-/whoami", PR_M_READ, PR_KIND_API, 0, "", "npm whoami",
      { "/-/whoami" } },

    { "/-/v1/login", PR_M_POST, PR_KIND_API, 0, "", "npm login (web)",
      { "POST /-/v1/login" } },

    { "/-/v1/done?sessionId=...", PR_M_READ, PR_KIND_API, 0, "",
      "npm login (web)", { "/-/v1/done?sessionId=x" } },

    { "/-/user/<org.couchdb.user:name>", PR_M_READ|PR_M_PUT, PR_KIND_API, 0,
      "", "npm adduser, npm login (legacy)",
      { "PUT /-/user/org.couchdb.user:alice" } },

    { "/-/user/token/<token>", PR_M_DELETE, PR_KIND_API, 0, "",
      "npm logout", { "DELETE /-/user/token/abc" } },

    { "/-/user/<user>/package", PR_M_READ, PR_KIND_API, 0, "",
      PR_NPM_SRC_ACC, { "/-/user/alice/package?format=cli" } },

    { "/-/npm/v1/user", PR_M_READ|PR_M_POST, PR_KIND_API, 0, "",
      "npm profile", { "/-/npm/v1/user" } },

    { "/-/npm/v1/tokens", PR_M_READ|PR_M_POST, PR_KIND_API, 0, "",
      "npm token", { "/-/npm/v1/tokens" } },

    { "/-/npm/v1/tokens/token/<key>", PR_M_DELETE, PR_KIND_API, 0, "",
      "npm token revoke", { "DELETE /-/npm/v1/tokens/token/abc" } },

    { "/-/org/<org>/user|package|team", PR_M_READ|PR_M_PUT|PR_M_DELETE,
      PR_KIND_API, 0, "", "libnpmorg, libnpmaccess, libnpmteam",
      { "/-/org/acme/package", "PUT /-/org/acme/user" } },

    { "/-/team/<scope>/<team>", PR_M_READ|PR_M_DELETE, PR_KIND_API, 0, "",
      "libnpmteam", { "/-/team/acme/devs" } },

    { "/-/team/<scope>/<team>/user|package",
      PR_M_READ|PR_M_PUT|PR_M_DELETE, PR_KIND_API, 0, "",
      "libnpmteam, libnpmaccess", { "PUT /-/team/acme/devs/package" } },

    { "/-/npm/v1/hooks", PR_M_READ, PR_KIND_API, 0, "", "libnpmhook",
      { "/-/npm/v1/hooks?package=express" } },

    { "/-/npm/v1/hooks/hook", PR_M_POST, PR_KIND_API, 0, "", "libnpmhook",
      { "POST /-/npm/v1/hooks/hook" } },

    { "/-/npm/v1/hooks/hook/<id>", PR_M_READ|PR_M_PUT|PR_M_DELETE,
      PR_KIND_API, 0, "", "libnpmhook", { "/-/npm/v1/hooks/hook/1" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


#define PR_NPM_NAME_MAX  214
#define PR_NPM_CHARS     "-._~!*'()"


static int pr_npm_name(pr_cx_t *cx, size_t i, size_t *next);
static void pr_npm_out_name(pr_cx_t *cx, size_t i, int scoped,
    int encode_scope);


/* reads the name at segment i; *next is the segment after it */
static int
pr_npm_name(pr_cx_t *cx, size_t i, size_t *next)
{
    char      *p;
    size_t     n;
    pr_str_t  *scope, *base;

    scope = NULL;
    base = pr_seg(cx, i);

    if (base->data[0] == '@') {
        if (i + 1 >= cx->path.nseg) {
            pr_invalid(cx, "scope without a package name");
            return -1;
        }

        scope = base;
        base = pr_seg(cx, i + 1);

        if (scope->len < 2) {
            pr_invalid(cx, "empty scope");
            return -1;
        }
    }

    if (!pr_name_chars(base, PR_NPM_CHARS)
        || base->data[0] == '.' || base->data[0] == '_'
        || (scope && !pr_name_chars(&(pr_str_t) { scope->data + 1,
                                                  scope->len - 1 },
                                    PR_NPM_CHARS)))
    {
        pr_invalid(cx, "invalid package name");
        return -1;
    }

    n = base->len + (scope ? scope->len + 1 : 0);

    if (n > PR_NPM_NAME_MAX) {
        pr_invalid(cx, "package name too long");
        return -1;
    }

    if (scope == NULL) {
        *next = i + 1;
        return pr_add_name(cx, base->data, base->len);
    }

    p = pr_scratch(cx->req, n);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    memcpy(p, scope->data, scope->len);
    p[scope->len] = '/';
    memcpy(p + scope->len + 1, base->data, base->len);

    *next = i + 2;

    return pr_add_name(cx, p, n);
}


/* writes the name at segment i: "/@scope%2fname" or "/@scope/name" */
static void
pr_npm_out_name(pr_cx_t *cx, size_t i, int scoped, int encode_scope)
{
    pr_out_seg(cx, pr_seg(cx, i));

    if (scoped) {
        if (encode_scope) {
            pr_out_lit(cx, "%2f");
            pr_out_enc(cx, pr_seg(cx, i + 1));

        } else {
            pr_out_seg(cx, pr_seg(cx, i + 1));
        }
    }
}


/* /-/npm/v1/attestations/<name>@<version>: the name at segment 4 */
static void
pr_npm_attestations(pr_cx_t *cx)
{
    size_t     n, last;
    pr_str_t  *s, name, ver;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n < 5 || n > 6 || (n == 6 && pr_seg(cx, 4)->data[0] != '@')) {
        return;                                 /* unknown */
    }

    s = pr_seg(cx, n - 1);

    for (last = s->len; last > 0 && s->data[last - 1] != '@'; last--) {
        /* void */
    }

    if (last < 2 || last == s->len) {
        pr_invalid(cx, "attestation without a version");
        return;
    }

    ver.data = s->data + last;
    ver.len = s->len - last;
    name.data = s->data;
    name.len = last - 1;

    if (!pr_name_chars(&ver, "-._+")) {
        pr_invalid(cx, "invalid version");
        return;
    }

    /* the name is checked as a packument's would be */
    *s = name;

    if (pr_npm_name(cx, 4, &last) != 0) {
        return;
    }

    pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_ATTESTATIONS]);
    req->version = ver;

    pr_out_begin(cx);
    pr_out_lit(cx, "/-/npm/v1/attestations");
    pr_npm_out_name(cx, 4, n == 6, 1);
    pr_out_lit(cx, "@");
    pr_out_enc(cx, &ver);
    pr_out_end(cx, 0);
}


/* /-/package/<name>/...: rows that name a package under "/-/" */
static void
pr_npm_package_api(pr_cx_t *cx)
{
    size_t     n, rest;
    pr_str_t  *w;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n < 3 || pr_npm_name(cx, 2, &rest) != 0) {
        if (req->cls != PR_CLASS_INVALID) {
            pr_invalid(cx, "package name missing");
        }

        return;
    }

    w = (rest < n) ? pr_seg(cx, rest) : NULL;

    if (w && rest + 1 == n && pr_str_eq(w, "dist-tags")) {
        pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_DIST_TAGS]);

    } else if (w && rest + 2 == n && pr_str_eq(w, "dist-tags")) {
        pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_DIST_TAG]);

    } else if (w && rest + 1 == n
               && (pr_str_eq(w, "access") || pr_str_eq(w, "collaborators")
                   || pr_str_eq(w, "visibility")))
    {
        pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_PACKAGE_ACCESS]);

    } else {
        return;                                 /* unknown */
    }

    pr_out_begin(cx);
    pr_out_lit(cx, "/-/package");
    pr_npm_out_name(cx, 2, rest == 4, 1);
    pr_out_segs(cx, rest, n);
    pr_out_end(cx, 0);
}


void
pr_classify_npm(pr_cx_t *cx)
{
    int        scoped;
    size_t     n, rest, base;
    pr_str_t  *file, *bname, ver;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 0) {
        return;
    }

    if (pr_seg_is(cx, 0, "-")) {

        /* registry endpoints: the catalogue's shapes, and these */

        req->kind = PR_KIND_API;

        /* npm audit POSTs a lockfile summary: a read, not a write */
        cx->read_post = pr_seg_is(cx, 1, "npm") && pr_seg_is(cx, 2, "v1")
                        && pr_seg_is(cx, 3, "security");

        if (pr_seg_is(cx, 1, "package")) {
            pr_npm_package_api(cx);

        } else if (pr_seg_is(cx, 1, "npm") && pr_seg_is(cx, 2, "v1")
                   && pr_seg_is(cx, 3, "attestations"))
        {
            pr_npm_attestations(cx);

        } else if (n >= 8 && pr_seg_is(cx, 1, "npm") && pr_seg_is(cx, 2, "v1")
                   && pr_seg_is(cx, 3, "oidc") && pr_seg_is(cx, 4, "token")
                   && pr_seg_is(cx, 5, "exchange")
                   && pr_seg_is(cx, 6, "package")
                   && pr_npm_name(cx, 7, &rest) == 0 && rest == n)
        {
            pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_OIDC]);

            pr_out_begin(cx);
            pr_out_lit(cx, "/-/npm/v1/oidc/token/exchange/package");
            pr_npm_out_name(cx, 7, n == 9, 1);
            pr_out_end(cx, 0);
        }

        return;
    }

    if (pr_npm_name(cx, 0, &rest) != 0) {
        return;
    }

    scoped = (rest == 2);
    base = rest - 1;

    if (rest == n) {
        pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_PACKUMENT]);

        pr_out_begin(cx);
        pr_npm_out_name(cx, 0, scoped, 1);
        pr_out_end(cx, 0);
        return;
    }

    if (rest + 1 == n) {
        /* one version or dist-tag */

        if (!pr_name_chars(pr_seg(cx, rest), "-._+~")) {
            pr_invalid(cx, "invalid version");
            return;
        }

        pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_VERSION]);
        req->version = *pr_seg(cx, rest);

        pr_out_begin(cx);
        pr_npm_out_name(cx, 0, scoped, 1);
        pr_out_seg(cx, pr_seg(cx, rest));
        pr_out_end(cx, 0);
        return;
    }

    if (n >= rest + 2 && pr_seg_is(cx, n - 2, "-rev")) {
        /* unpublish: /<name>/-rev/<rev>, /<name>/-/<file>/-rev/<rev> */

        if (n == rest + 2) {
            pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_REV]);

        } else if (n == rest + 4 && pr_seg_is(cx, rest, "-")) {
            pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_TARBALL_REV]);

        } else {
            return;                             /* unknown */
        }

        pr_out_begin(cx);
        pr_npm_out_name(cx, 0, scoped, 1);
        pr_out_segs(cx, rest, n);
        pr_out_end(cx, 0);
        return;
    }

    if (!pr_seg_is(cx, rest, "-")) {
        pr_invalid(cx, "unknown npm path");
        return;
    }

    /* a tarball: "-/<base>-<ver>.tgz", also "-/@scope/<base>-<ver>.tgz" */

    if (rest + 3 == n && scoped && pr_str_caseeq(pr_seg(cx, rest + 1),
                                                 pr_seg(cx, 0)))
    {
        file = pr_seg(cx, rest + 2);

    } else if (rest + 2 == n) {
        file = pr_seg(cx, rest + 1);

    } else {
        pr_invalid(cx, "unknown npm tarball path");
        return;
    }

    bname = pr_seg(cx, base);

    if (!pr_str_ends(file, ".tgz")
        || file->len < bname->len + 1 + 1 + 4
        || file->data[bname->len] != '-'
        || !pr_str_caseeq(&(pr_str_t) { file->data, bname->len }, bname))
    {
        pr_invalid(cx, "tarball name does not match the package");
        return;
    }

    ver.data = file->data + bname->len + 1;
    ver.len = file->len - bname->len - 1 - 4;

    if (!pr_isdigit(ver.data[0]) || !pr_name_chars(&ver, "-._+")) {
        pr_invalid(cx, "invalid tarball version");
        return;
    }

    pr_endpoint(cx, &pr_npm_endpoints[PR_NPM_TARBALL]);
    req->version = ver;
    req->file = *file;

    pr_out_begin(cx);
    pr_npm_out_name(cx, 0, scoped, 0);
    pr_out_lit(cx, "/-");
    pr_out_seg(cx, file);
    pr_out_end(cx, 0);
}
