/*
 * ngx_pkg_reroute: Docker registry v2 (OCI distribution) requests. The
 * catalogue below is every endpoint the registries serve to their clients
 * (docker, containerd, skopeo/podman, crane, oras), read from the
 * distribution spec (opencontainers/distribution-spec spec.md, end-1 to
 * end-14), distribution's route table (registry/api/v2/descriptors.go
 * and registry/handlers: the methods each route serves), the token
 * specifications of distribution (docs/spec/auth) and the clients' own
 * paths (moby registry/, containers/image docker/docker_client.go).
 *
 * A one-part name is an official image: "library/" goes in front. Names
 * are lower case; an upper-case name is invalid, as the registry says.
 * A cross-repository mount names two repositories: both are checked.
 */

#include <string.h>

#include "pr_eco.h"


enum {
    PR_DOCKER_MANIFEST_TAG = 0,
    PR_DOCKER_MANIFEST_DIGEST,
    PR_DOCKER_BLOB,
    PR_DOCKER_TAGS,
    PR_DOCKER_REFERRERS,
    PR_DOCKER_UPLOAD,
    PR_DOCKER_MOUNT,
    PR_DOCKER_SESSION,
    PR_DOCKER_SIGNATURES
};


#define PR_DOCKER_SRC_SPEC  "OCI distribution spec"
#define PR_DOCKER_SRC_DIST  "distribution (registry/api/v2/descriptors.go)"
#define PR_DOCKER_SRC_TOKEN                                                   \
    "token auth (distribution docs/spec/auth/token.md: GET; oauth.md: POST, " \
    "containerd's first try with credentials)"
#define PR_DOCKER_SHA                                                         \
    "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"


const pr_endpoint_t  pr_docker_endpoints[] = {

    /* rows that name a repository: the classifier below marks them */

    { "/v2/<name>/manifests/<tag>",
      PR_M_READ|PR_M_PUT|PR_M_DELETE, PR_KIND_METADATA, 1,
      "name: the segments before /manifests/ (one part: library/<name>); "
      "version: the tag",
      PR_DOCKER_SRC_SPEC " end-3, end-7a, end-9",
      { "/v2/nginx/manifests/latest", "HEAD /v2/bitnami/redis/manifests/7.2",
        "PUT /v2/myorg/team/app/manifests/v1.0",
        "/v2/library/nginx/manifests/1.25?ns=docker.io" } },

    { "/v2/<name>/manifests/<digest>",
      PR_M_READ|PR_M_PUT|PR_M_DELETE, PR_KIND_ARTIFACT, 1,
      "name; version: the digest",
      PR_DOCKER_SRC_SPEC " end-3, end-7a, end-7b (?tag=), end-9",
      { "/v2/nginx/manifests/" PR_DOCKER_SHA,
        "PUT /v2/myorg/app/manifests/" PR_DOCKER_SHA "?tag=1&tag=2",
        "DELETE /v2/myorg/app/manifests/" PR_DOCKER_SHA } },

    { "/v2/<name>/blobs/<digest>", PR_M_READ|PR_M_DELETE, PR_KIND_ARTIFACT,
      1, "name; file: the digest",
      PR_DOCKER_SRC_SPEC " end-2, end-10",
      { "/v2/library/nginx/blobs/" PR_DOCKER_SHA,
        "HEAD /v2/ghcr-user/tool/blobs/" PR_DOCKER_SHA } },

    { "/v2/<name>/tags/list?n=...&last=...", PR_M_READ, PR_KIND_METADATA, 1,
      "name", PR_DOCKER_SRC_SPEC " end-8a, end-8b",
      { "/v2/ubuntu/tags/list", "/v2/myorg/app/tags/list?n=50&last=v1" } },

    { "/v2/<name>/referrers/<digest>?artifactType=...", PR_M_READ,
      PR_KIND_METADATA, 1, "name; version: the digest",
      PR_DOCKER_SRC_SPEC " end-12a, end-12b",
      { "/v2/nginx/referrers/" PR_DOCKER_SHA,
        "/v2/myorg/app/referrers/" PR_DOCKER_SHA
        "?artifactType=application/vnd.example.sbom" } },

    { "/v2/<name>/blobs/uploads/?digest=...", PR_M_POST, PR_KIND_WRITE, 1,
      "name; only digest= and digest-algorithm= are forwarded",
      PR_DOCKER_SRC_SPEC " end-4a, end-4b, end-4c",
      { "POST /v2/myorg/app/blobs/uploads/",
        "POST /v2/myorg/app/blobs/uploads/?digest=" PR_DOCKER_SHA } },

    { "/v2/<name>/blobs/uploads/?mount=<digest>&from=<name>", PR_M_POST,
      PR_KIND_WRITE, 1,
      "name, and from=: the repository mounted from (both checked; a "
      "mount without from=, a repeated argument, a form body: invalid)",
      PR_DOCKER_SRC_SPEC " end-11",
      { "POST /v2/myorg/app/blobs/uploads/?mount=" PR_DOCKER_SHA
        "&from=nginx",
        "POST /v2/myorg/app/blobs/uploads/?from=myorg%2Fbase&mount="
        PR_DOCKER_SHA } },

    { "/v2/<name>/blobs/uploads/<session>",
      PR_M_READ|PR_M_PATCH|PR_M_PUT|PR_M_DELETE, PR_KIND_WRITE, 1, "name",
      PR_DOCKER_SRC_SPEC " end-5, end-6, end-13, end-14 (the Location "
      "of end-4a)",
      { "PATCH /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a?_state=x",
        "PUT /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a?digest="
        PR_DOCKER_SHA,
        "DELETE /v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a",
        "/v2/myorg/app/blobs/uploads/3f1e2d4c-7b8a" } },

    { "/extensions/v2/<name>/signatures/<digest>", PR_M_READ|PR_M_PUT,
      PR_KIND_METADATA, 1, "name; version: the manifest's digest",
      "containers/image (docker/docker_client.go: the signatures "
      "extension of OpenShift's registry)",
      { "/extensions/v2/myorg/app/signatures/" PR_DOCKER_SHA } },

    /* rows that name no repository: matched by their shape */

    { "/v2/", PR_M_READ, PR_KIND_API, 0, "",
      PR_DOCKER_SRC_SPEC " end-1 (the version check)", { "/v2/", "/v2" } },

    { "/v2/_catalog?n=...&last=...", PR_M_READ, PR_KIND_API, 0, "",
      PR_DOCKER_SRC_DIST " (catalog)", { "/v2/_catalog?n=100" } },

    { "/token?service=...&scope=...", PR_M_READ|PR_M_POST, PR_KIND_API, 0,
      "", PR_DOCKER_SRC_TOKEN ": the realm of Docker Hub (auth.docker.io), "
      "ghcr.io, public.ecr.aws (/token/)",
      { "/token?service=ghcr.io&scope=repository:org/app:pull",
        "POST /token", "/token/?service=public.ecr.aws&scope=aws" } },

    { "/v2/auth|token?service=...&scope=...", PR_M_READ|PR_M_POST,
      PR_KIND_API, 0, "", PR_DOCKER_SRC_TOKEN ": the realm of quay.io "
      "(/v2/auth), gcr.io, Artifact Registry and Nexus (/v2/token)",
      { "/v2/auth?service=quay.io&scope=repository:org/app:pull",
        "/v2/token?scope=repository:project/app:pull&service=gcr.io" } },

    { "/service/token?service=...&scope=...", PR_M_READ|PR_M_POST,
      PR_KIND_API, 0, "", PR_DOCKER_SRC_TOKEN ": Harbor's realm",
      { "/service/token?service=harbor-registry&scope=repository:p/a:pull" }
    },

    { "/v1/_ping", PR_M_READ, PR_KIND_API, 0, "",
      "moby registry/search_endpoint_v1.go, containers/image "
      "(the v1 ping)", { "/v1/_ping" } },

    { "/v1/search?q=...", PR_M_READ, PR_KIND_API, 0, "",
      "docker search (moby registry/search.go)",
      { "/v1/search?q=nginx&n=25" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


#define PR_DOCKER_NAME_MAX  255


typedef struct {
    pr_str_t  value;         /* decoded */
    unsigned  seen;
} pr_docker_arg_t;


static int pr_docker_component(const pr_str_t *s);
static int pr_docker_digest(const pr_str_t *s);
static int pr_docker_tag(const pr_str_t *s);
static int pr_lower_hex(const pr_str_t *s);
static int pr_docker_name(pr_cx_t *cx, const pr_str_t *name, int *official);
static int pr_docker_upload_query(pr_cx_t *cx);
static int pr_docker_drop_ns(pr_cx_t *cx);
static void pr_docker_signatures(pr_cx_t *cx);


/* [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)* */
static int
pr_docker_component(const pr_str_t *s)
{
    size_t  i, run;
    char    c, prev;

    if (s->len == 0) {
        return 0;
    }

    prev = 0;
    run = 0;

    for (i = 0; i < s->len; i++) {
        c = s->data[i];

        if ((c >= 'a' && c <= 'z') || pr_isdigit(c)) {
            run = 0;

        } else if (c == '.' || c == '_' || c == '-') {
            if (i == 0 || i == s->len - 1) {
                return 0;
            }

            run++;

            if ((c == '.' && run > 1)
                || (c == '_' && (run > 2 || (run == 2 && prev != '_')))
                || (c == '-' && prev != '-' && run > 1))
            {
                return 0;
            }

        } else {
            return 0;
        }

        prev = c;
    }

    return 1;
}


/* <algorithm>:<encoded>, e.g. sha256:<64 hex> */
static int
pr_docker_digest(const pr_str_t *s)
{
    const char  *colon;
    pr_str_t     alg, enc;

    colon = memchr(s->data, ':', s->len);
    if (colon == NULL) {
        return 0;
    }

    alg.data = s->data;
    alg.len = colon - s->data;
    enc.data = colon + 1;
    enc.len = s->len - alg.len - 1;

    if (pr_str_eq(&alg, "sha256") || pr_str_eq(&alg, "sha512")) {
        return enc.len == (alg.data[3] == '2' ? 64 : 128)
               && pr_lower_hex(&enc);
    }

    return alg.len > 0 && enc.len > 0
           && pr_name_chars(&alg, "+._-") && pr_name_chars(&enc, "=_-");
}


static int
pr_lower_hex(const pr_str_t *s)
{
    size_t  i;

    for (i = 0; i < s->len; i++) {
        if (!pr_isdigit(s->data[i])
            && !(s->data[i] >= 'a' && s->data[i] <= 'f'))
        {
            return 0;
        }
    }

    return 1;
}


/* [A-Za-z0-9_][A-Za-z0-9._-]{0,127} */
static int
pr_docker_tag(const pr_str_t *s)
{
    return s->len > 0 && s->len <= 128
           && s->data[0] != '.' && s->data[0] != '-'
           && pr_name_chars(s, "._-");
}


/*
 * Checks a repository name, its parts joined by '/', and adds it as a
 * name: "library/" in front of a one-part name, 255 bytes at most.
 */
static int
pr_docker_name(pr_cx_t *cx, const pr_str_t *name, int *official)
{
    char        *p;
    size_t       len;
    pr_str_t     part;
    const char  *s, *end, *slash;

    s = name->data;
    end = name->data + name->len;
    *official = 1;

    for ( ;; ) {
        slash = memchr(s, '/', end - s);

        part.data = s;
        part.len = (slash ? slash : end) - s;

        if (!pr_docker_component(&part)) {
            pr_invalid(cx, "invalid repository name");
            return -1;
        }

        if (slash == NULL) {
            break;
        }

        *official = 0;
        s = slash + 1;
    }

    len = name->len + (*official ? sizeof("library/") - 1 : 0);

    if (len > PR_DOCKER_NAME_MAX) {
        pr_invalid(cx, "repository name too long");
        return -1;
    }

    if (!*official) {
        return pr_add_name(cx, name->data, name->len);
    }

    p = pr_scratch(cx->req, len);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    memcpy(p, "library/", sizeof("library/") - 1);
    memcpy(p + sizeof("library/") - 1, name->data, name->len);

    return pr_add_name(cx, p, len);
}


/*
 * containerd adds "ns=<registry>" to every request it sends a mirror: the
 * registry it meant. This place fronts one registry, the one its rule was
 * written for; an upstream mirror that honoured "ns" would fetch the
 * checked name from another registry. It is not forwarded (arguments
 * named "ns" once decoded, split at '&' and ';' as Go's servers would).
 */
static int
pr_docker_drop_ns(pr_cx_t *cx)
{
    char         *q, *d;
    size_t        len;
    pr_req_t     *req;
    const char   *p, *end, *sep, *eq, *err;

    req = cx->req;

    if (!pr_query_has(cx->query, cx->qlen, "ns")) {
        return 0;
    }

    q = pr_scratch(req, cx->qlen + 1);
    d = pr_scratch(req, cx->qlen + 1);

    if (q == NULL || d == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    req->query.data = q;

    p = cx->query;
    end = cx->query + cx->qlen;

    while (p < end) {
        for (sep = p; sep < end && *sep != '&' && *sep != ';'; sep++) {
            /* void */
        }

        eq = memchr(p, '=', sep - p);

        err = pr_query_decode(p, (eq ? eq : sep) - p, d, &len);
        if (err) {
            pr_invalid(cx, err);
            return -1;
        }

        if (!(len == 2 && (d[0] | 0x20) == 'n' && (d[1] | 0x20) == 's')) {
            if (q > req->query.data) {
                *q++ = '&';
            }

            memcpy(q, p, sep - p);
            q += sep - p;
        }

        p = sep + 1;
    }

    req->query.len = q - req->query.data;

    return 0;
}


/*
 * The query of a blob upload (POST /v2/<name>/blobs/uploads/): digest=,
 * digest-algorithm=, mount= and from=. Registries read them as Go's
 * FormValue does (the first of each, names decoded; ';' split them in Go
 * before 1.17), so every spelling is read, split at '&' and ';', and a
 * repeated one is invalid; the repository of from= is a name, checked as
 * the path's is. The canonical query holds these four and nothing else.
 * Returns 1 for a mount (from= given), 0 for a plain upload, -1 invalid.
 */
static int
pr_docker_upload_query(pr_cx_t *cx)
{
    int               official;
    char             *buf, *d, *q;
    size_t            i, len, room;
    pr_str_t          key;
    pr_req_t         *req;
    const char       *p, *end, *sep, *eq, *err;
    pr_docker_arg_t   args[4];

    static const char  *names[] = {
        "digest", "digest-algorithm", "mount", "from"
    };

    req = cx->req;

    memset(args, 0, sizeof(args));

    buf = pr_scratch(req, 2 * cx->qlen + 1);
    if (buf == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    d = buf;
    p = cx->query;
    end = cx->query + cx->qlen;

    while (p < end) {
        for (sep = p; sep < end && *sep != '&' && *sep != ';'; sep++) {
            /* void */
        }

        eq = memchr(p, '=', sep - p);

        err = pr_query_decode(p, (eq ? eq : sep) - p, d, &key.len);
        if (err) {
            pr_invalid(cx, err);
            return -1;
        }

        key.data = d;

        for (i = 0; i < 4; i++) {
            if (key.len == strlen(names[i])
                && pr_str_caseeq(&key, &(pr_str_t) { (char *) names[i],
                                                     key.len }))
            {
                break;
            }
        }

        if (i < 4) {
            if (args[i].seen++) {
                pr_invalid(cx, "repeated blob upload argument");
                return -1;
            }

            d += key.len;
            args[i].value.data = d;

            if (eq) {
                err = pr_query_decode(eq + 1, sep - eq - 1, d, &len);
                if (err) {
                    pr_invalid(cx, err);
                    return -1;
                }

                args[i].value.len = len;
                d += len;
            }
        }

        p = sep + 1;
    }

    if ((args[0].seen && !pr_docker_digest(&args[0].value))
        || (args[2].seen && !pr_docker_digest(&args[2].value)))
    {
        pr_invalid(cx, "invalid digest");
        return -1;
    }

    if (args[1].seen
        && (args[1].value.len == 0
            || !pr_name_chars(&args[1].value, "+._-")))
    {
        pr_invalid(cx, "invalid digest algorithm");
        return -1;
    }

    if (args[2].seen && !args[3].seen) {
        /* the registry would choose the repository: it cannot be checked */
        pr_invalid(cx, "blob mount without from");
        return -1;
    }

    if (args[3].seen && pr_docker_name(cx, &args[3].value, &official) != 0)
    {
        return -1;
    }

    /* the canonical query: what was checked, in one order */

    room = 0;

    for (i = 0; i < 4; i++) {
        room += args[i].seen ? sizeof("digest-algorithm=&library/")
                               + 3 * args[i].value.len : 0;
    }

    q = pr_scratch(req, room + 1);
    if (q == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    req->query.data = q;

    for (i = 0; i < 4; i++) {
        if (!args[i].seen) {
            continue;
        }

        if (q > req->query.data) {
            *q++ = '&';
        }

        len = strlen(names[i]);
        memcpy(q, names[i], len);
        q += len;
        *q++ = '=';

        if (i == 3) {
            /* the checked name, as checked: [a-z0-9._/-] only */
            memcpy(q, req->names[req->nnames - 1].data,
                   req->names[req->nnames - 1].len);
            q += req->names[req->nnames - 1].len;

        } else {
            q = pr_encode_segment(q, args[i].value.data, args[i].value.len);
        }
    }

    req->query.len = q - req->query.data;

    return args[3].seen ? 1 : 0;
}


/* /extensions/v2/<name>/signatures/<digest> (containers/image) */
static void
pr_docker_signatures(pr_cx_t *cx)
{
    int        official;
    size_t     n;
    pr_str_t   name, *ref;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n < 5 || !pr_seg_is(cx, n - 2, "signatures")) {
        return;                                 /* unknown */
    }

    ref = pr_seg(cx, n - 1);

    if (!pr_docker_digest(ref)) {
        pr_invalid(cx, "invalid digest");
        return;
    }

    if (pr_join(cx, 2, n - 2, &name) != 0
        || pr_docker_name(cx, &name, &official) != 0)
    {
        return;
    }

    pr_endpoint(cx, &pr_docker_endpoints[PR_DOCKER_SIGNATURES]);
    req->version = *ref;

    pr_out_begin(cx);
    pr_out_lit(cx, "/extensions/v2");

    if (official) {
        pr_out_lit(cx, "/library");
    }

    pr_out_segs(cx, 2, n);
    pr_out_end(cx, 0);
}


void
pr_classify_docker(pr_cx_t *cx)
{
    int        official, mount;
    size_t     n, end, row;
    pr_str_t  *ref, name;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (pr_seg_is(cx, 0, "extensions") && pr_seg_is(cx, 1, "v2")) {
        pr_docker_signatures(cx);
        return;
    }

    /* a token realm: a POST there (OAuth2, containerd) only reads */
    cx->read_post = (n == 1 && pr_seg_is(cx, 0, "token"))
                    || (n == 2 && pr_seg_is(cx, 0, "service")
                        && pr_seg_is(cx, 1, "token"))
                    || (n == 2 && pr_seg_is(cx, 0, "v2")
                        && (pr_seg_is(cx, 1, "auth")
                            || pr_seg_is(cx, 1, "token")));

    if (!pr_seg_is(cx, 0, "v2")) {
        return;             /* /token, /v1/...: matched by their shapes */
    }

    req->kind = PR_KIND_API;

    if (n == 1) {
        pr_out_begin(cx);
        pr_out_lit(cx, "/v2/");
        pr_out_end(cx, 0);
        return;
    }

    /* find where the name ends, from the right */

    ref = NULL;

    if (n >= 3 && pr_seg_is(cx, n - 2, "manifests")) {
        end = n - 2;
        ref = pr_seg(cx, n - 1);

        if (pr_docker_digest(ref)) {
            row = PR_DOCKER_MANIFEST_DIGEST;

        } else if (pr_docker_tag(ref)) {
            row = PR_DOCKER_MANIFEST_TAG;

        } else {
            pr_invalid(cx, "invalid manifest reference");
            return;
        }

    } else if (n >= 3 && pr_seg_is(cx, n - 1, "list")
               && pr_seg_is(cx, n - 2, "tags"))
    {
        end = n - 2;
        row = PR_DOCKER_TAGS;

    } else if (n >= 3 && pr_seg_is(cx, n - 2, "referrers")) {
        end = n - 2;
        ref = pr_seg(cx, n - 1);
        row = PR_DOCKER_REFERRERS;

        if (!pr_docker_digest(ref)) {
            pr_invalid(cx, "invalid digest");
            return;
        }

    } else if (n >= 3 && pr_seg_is(cx, n - 1, "uploads")
               && pr_seg_is(cx, n - 2, "blobs"))
    {
        end = n - 2;
        row = PR_DOCKER_UPLOAD;

    } else if (n >= 4 && pr_seg_is(cx, n - 2, "uploads")
               && pr_seg_is(cx, n - 3, "blobs"))
    {
        end = n - 3;
        row = PR_DOCKER_SESSION;

    } else if (n >= 3 && pr_seg_is(cx, n - 2, "blobs")) {
        end = n - 2;
        ref = pr_seg(cx, n - 1);
        row = PR_DOCKER_BLOB;

        if (!pr_docker_digest(ref)) {
            pr_invalid(cx, "invalid digest");
            return;
        }

        req->file = *ref;

    } else {
        return;             /* unknown: /v2/_catalog, /v2/auth by shape */
    }

    /* the row's kind, also when the name turns out invalid */
    req->kind = (pr_kind_t) pr_docker_endpoints[row].kind;

    if (end < 2) {
        /* a registry path without its repository name */
        pr_invalid(cx, "unknown registry path");
        return;
    }

    if (pr_join(cx, 1, end, &name) != 0
        || pr_docker_name(cx, &name, &official) != 0)
    {
        return;
    }

    if (row == PR_DOCKER_UPLOAD) {
        mount = pr_docker_upload_query(cx);

        if (mount < 0) {
            return;
        }

        if (mount) {
            row = PR_DOCKER_MOUNT;
        }
    }

    pr_endpoint(cx, &pr_docker_endpoints[row]);

    if (row != PR_DOCKER_UPLOAD && row != PR_DOCKER_MOUNT
        && pr_docker_drop_ns(cx) != 0)
    {
        return;
    }

    if (ref && req->file.len == 0) {
        req->version = *ref;
    }

    pr_out_begin(cx);
    pr_out_lit(cx, "/v2");

    if (official) {
        pr_out_lit(cx, "/library");
    }

    pr_out_segs(cx, 1, n);

    /* an upload is "/blobs/uploads/"; a session keeps what it was given */
    pr_out_end(cx, row == PR_DOCKER_UPLOAD || row == PR_DOCKER_MOUNT
                   || (row == PR_DOCKER_SESSION && cx->path.trailing_slash));
}
