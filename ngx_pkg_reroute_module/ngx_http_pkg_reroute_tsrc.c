/*
 * ngx_pkg_reroute: publication times that cost a fetch, learnt before the
 * verdict (issue 10 item 3).
 *
 *   Docker        a manifest by tag (GET, HEAD) in a cache-mode place with
 *                 a cooldown or a cutoff: the manifest itself, then for an
 *                 index the linux/amd64 manifest (else the first that is
 *                 not an attestation), then its config blob; the time is
 *                 the org.opencontainers.image.created annotation where
 *                 the manifest or the index carries one (no more fetches),
 *                 else the config's "created" (pr_tsrc.c)
 *   Hugging Face  a resolve/raw download by revision: the revision API,
 *                 /api/<type>/<repo_id>/revision/<rev>, its "lastModified"
 *
 * Each fetch is a subrequest to the place's own URI space (the access
 * phase waits as auth_request does: NGX_AGAIN, then runs again), so the
 * place's proxy_pass, proxy_cache and key apply: the manifest is then a
 * HIT for the request itself, a config blob is stored once and a second
 * lookup of the tag costs no upstream fetch. The subrequest goes without
 * the client's credential headers, with the place's Docker token when
 * one is kept; a 401 with a Bearer challenge has the request do the token
 * flow (pkg_reroute_docker_token) and come back, once. A fetch's upstream
 * redirect (Docker Hub's every blob: 307 to its CDN) is followed as the
 * client's would be, by the place's pkg_reroute_follow (the follow's
 * header filter catches it, the hop @pkg_reroute_follow checks and
 * fetches it, without the token, under the blob's cache key; its answer
 * comes back to this filter). Bounded: 3 fetches per lookup, the follow's
 * hops each, each answer NGX_HTTP_PKG_REROUTE_TSRC_MAX bytes at most and
 * as long as the place's (the hop's) proxy timeouts allow. Anything else
 * — another status, a redirect not followed (no pkg_reroute_follow, a
 * target it refuses: its 502), a document that gives no instant — leaves
 * the time unknown: the cooldown's missing= decides. The time is set in
 * ctx->published before ngx_http_pkg_reroute_decide() judges.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_credential.h"
#include "pr_tsrc.h"


/* the longest manifest, config or revision document read */
#define NGX_HTTP_PKG_REROUTE_TSRC_MAX    (1024 * 1024)

/* fetches per lookup: manifest, platform manifest, config */
#define NGX_HTTP_PKG_REROUTE_TSRC_STEPS  3


typedef enum {
    NGX_HTTP_PKG_REROUTE_TSRC_TAG = 0,      /* the manifest by tag */
    NGX_HTTP_PKG_REROUTE_TSRC_PLATFORM,     /* an index's manifest */
    NGX_HTTP_PKG_REROUTE_TSRC_CONFIG,       /* the image config */
    NGX_HTTP_PKG_REROUTE_TSRC_REVISION      /* a Hub revision */
} ngx_http_pkg_reroute_tsrc_step_e;


typedef struct {
    ngx_http_request_t          *sr;        /* the fetch in flight */
    ngx_uint_t                   step;
    ngx_uint_t                   steps;     /* fetches made */
    ngx_uint_t                   status;    /* the fetch's answer */
    ngx_int_t                    token;     /* its 401: the token flow's
                                             * status, or 0 */
    u_char                      *body;
    size_t                       len;
    size_t                       size;
    const char                  *why;       /* no time: why */
    unsigned                     done:1;    /* the fetch is over */
    unsigned                     too_big:1;
    unsigned                     refused:1; /* its redirect: by the follow */
    unsigned                     finished:1;
} ngx_http_pkg_reroute_tsrc_t;


static ngx_int_t ngx_http_pkg_reroute_tsrc_start(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_tsrc_t *t);
static ngx_int_t ngx_http_pkg_reroute_tsrc_next(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_tsrc_t *t);
static ngx_int_t ngx_http_pkg_reroute_tsrc_docker_uri(ngx_http_request_t *r,
    const char *what, pr_tsrc_t *ts, ngx_str_t *uri);
static ngx_int_t ngx_http_pkg_reroute_tsrc_hf_uri(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    ngx_str_t *uri);
static ngx_int_t ngx_http_pkg_reroute_tsrc_fetch(ngx_http_request_t *r,
    ngx_http_pkg_reroute_tsrc_t *t, ngx_uint_t step, ngx_str_t *uri);
static ngx_int_t ngx_http_pkg_reroute_tsrc_headers(ngx_http_request_t *r,
    ngx_http_request_t *sr);
static ngx_int_t ngx_http_pkg_reroute_tsrc_done(ngx_http_request_t *r,
    void *data, ngx_int_t rc);
static ngx_int_t ngx_http_pkg_reroute_tsrc_fail(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_tsrc_t *t,
    const char *why);
static ngx_http_pkg_reroute_tsrc_t *ngx_http_pkg_reroute_tsrc_of(
    ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_tsrc_header_filter(
    ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_tsrc_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static void ngx_http_pkg_reroute_tsrc_store(ngx_http_request_t *r,
    ngx_http_pkg_reroute_tsrc_t *t);
static void ngx_http_pkg_reroute_tsrc_take(ngx_http_pkg_reroute_tsrc_t *t,
    u_char *p, size_t n);
static ngx_uint_t ngx_http_pkg_reroute_tsrc_plain(u_char c);


static const char  *ngx_http_pkg_reroute_tsrc_what[] = {
    "the manifest", "the platform's manifest", "the image config",
    "the revision"
};


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


ngx_int_t
ngx_http_pkg_reroute_tsrc_init(ngx_conf_t *cf)
{
    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_tsrc_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_pkg_reroute_tsrc_body_filter;

    return NGX_OK;
}


/*
 * The access phase, before the verdict: NGX_DECLINED when the time is
 * known, will never be, or is not looked up here; NGX_AGAIN while a fetch
 * runs; a status to finalize with (the token flow's, an error).
 */
ngx_int_t
ngx_http_pkg_reroute_tsrc(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    ngx_http_pkg_reroute_tsrc_t  *t;

    t = ctx->tsrc;

    if (t == NULL) {
        if (r != r->main
            || ctx->decision != NGX_HTTP_PKG_REROUTE_UNDECIDED
            || plcf->redirect.data
            || !(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))
            || (plcf->policy.cooldown == 0 && !plcf->policy.has_cutoff)
            || ctx->req.cls != PR_CLASS_PACKAGE
            || ctx->req.nnames == 0 || ctx->req.version.len == 0
            || !pr_verdict_timed(&plcf->policy, ctx->req.eco,
                                 &ctx->req.names[0], &ctx->req.version))
        {
            /* the verdict reads no time here (exempt=, a rule's range) */
            return NGX_DECLINED;
        }

        if (ctx->req.eco == PR_ECO_DOCKER) {
            /* a manifest by tag; by digest: not judged by time */
            if (ctx->req.kind != PR_KIND_METADATA
                || ngx_strlchr((u_char *) ctx->req.version.data,
                               (u_char *) ctx->req.version.data
                               + ctx->req.version.len, ':')
                || ngx_strnstr(r->uri.data, "/manifests/", r->uri.len)
                   == NULL)
            {
                return NGX_DECLINED;
            }

        } else if (ctx->req.eco != PR_ECO_HUGGINGFACE
                   || ctx->req.kind != PR_KIND_ARTIFACT)
        {
            return NGX_DECLINED;
        }

        t = ngx_pcalloc(r->pool, sizeof(ngx_http_pkg_reroute_tsrc_t));
        if (t == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ctx->tsrc = t;

        return ngx_http_pkg_reroute_tsrc_start(r, ctx, t);
    }

    if (t->finished) {
        return NGX_DECLINED;
    }

    if (!t->done) {
        /* woken before the fetch is over */
        return NGX_AGAIN;
    }

    return ngx_http_pkg_reroute_tsrc_next(r, ctx, t);
}


static ngx_int_t
ngx_http_pkg_reroute_tsrc_start(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_tsrc_t *t)
{
    ngx_str_t                         uri;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    if (ctx->req.eco == PR_ECO_DOCKER) {
        /* the very manifest the client asks for: then a HIT for it */
        return ngx_http_pkg_reroute_tsrc_fetch(r, t,
                                               NGX_HTTP_PKG_REROUTE_TSRC_TAG,
                                               &r->uri);
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (ngx_http_pkg_reroute_tsrc_hf_uri(r, plcf, ctx, &uri) != NGX_OK) {
        return ngx_http_pkg_reroute_tsrc_fail(r, ctx, t,
                   "a revision or repository the revision API is not asked "
                   "for");
    }

    return ngx_http_pkg_reroute_tsrc_fetch(r, t,
                                           NGX_HTTP_PKG_REROUTE_TSRC_REVISION,
                                           &uri);
}


/* a fetch is over: its answer read, the time, the next fetch, or none */
static ngx_int_t
ngx_http_pkg_reroute_tsrc_next(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_tsrc_t *t)
{
    u_char          *msg, *last;
    ngx_str_t        uri;
    ngx_uint_t       step;
    pr_tsrc_t        ts;
    pr_tsrc_step_t   next;

    step = t->step;
    t->sr = NULL;
    t->done = 0;

    if (t->token) {
        /* to the token location, and back to this URI: a lookup anew */
        t->finished = 1;
        return t->token;
    }

    if (t->status != NGX_HTTP_OK || t->too_big) {
        msg = ngx_pnalloc(r->pool, 128);
        if (msg == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (t->too_big) {
            last = ngx_snprintf(msg, 127, "%s is over %uz bytes",
                                ngx_http_pkg_reroute_tsrc_what[step],
                                (size_t) NGX_HTTP_PKG_REROUTE_TSRC_MAX);

        } else if (t->refused) {
            last = ngx_snprintf(msg, 127, "%s was redirected, and "
                                "pkg_reroute_follow refused the target",
                                ngx_http_pkg_reroute_tsrc_what[step]);

        } else {
            last = ngx_snprintf(msg, 127, "%s answered %ui",
                                ngx_http_pkg_reroute_tsrc_what[step],
                                t->status);
        }

        *last = '\0';

        return ngx_http_pkg_reroute_tsrc_fail(r, ctx, t, (char *) msg);
    }

    switch (step) {

    case NGX_HTTP_PKG_REROUTE_TSRC_TAG:
    case NGX_HTTP_PKG_REROUTE_TSRC_PLATFORM:
        next = pr_tsrc_docker_manifest((char *) t->body, t->len, &ts);

        if (next == PR_TSRC_MANIFEST
            && step == NGX_HTTP_PKG_REROUTE_TSRC_PLATFORM)
        {
            return ngx_http_pkg_reroute_tsrc_fail(r, ctx, t,
                       "the platform's manifest is an index");
        }

        break;

    case NGX_HTTP_PKG_REROUTE_TSRC_CONFIG:
        next = pr_tsrc_docker_config((char *) t->body, t->len, &ts);
        break;

    default: /* NGX_HTTP_PKG_REROUTE_TSRC_REVISION */
        next = pr_tsrc_hf_revision((char *) t->body, t->len, &ts);
    }

    switch (next) {

    case PR_TSRC_TIME:
        ctx->published = ts.time;
        t->finished = 1;

        ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "pkg reroute: published %L, from %s", ts.time,
                       ngx_http_pkg_reroute_tsrc_what[step]);

        return NGX_DECLINED;

    case PR_TSRC_MANIFEST:
        if (ngx_http_pkg_reroute_tsrc_docker_uri(r, "manifests/", &ts, &uri)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_pkg_reroute_tsrc_fetch(r, t,
                   NGX_HTTP_PKG_REROUTE_TSRC_PLATFORM, &uri);

    case PR_TSRC_CONFIG:
        if (ngx_http_pkg_reroute_tsrc_docker_uri(r, "blobs/", &ts, &uri)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_pkg_reroute_tsrc_fetch(r, t,
                   NGX_HTTP_PKG_REROUTE_TSRC_CONFIG, &uri);

    default:
        msg = ngx_pnalloc(r->pool, 160);
        if (msg == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        last = ngx_snprintf(msg, 159, "%s: %s",
                            ngx_http_pkg_reroute_tsrc_what[step], ts.why);
        *last = '\0';

        return ngx_http_pkg_reroute_tsrc_fail(r, ctx, t, (char *) msg);
    }
}


/* the request's URI up to "/manifests/", then what and the digest */
static ngx_int_t
ngx_http_pkg_reroute_tsrc_docker_uri(ngx_http_request_t *r,
    const char *what, pr_tsrc_t *ts, ngx_str_t *uri)
{
    u_char  *p, *m, *last;
    size_t   base, n;

    last = r->uri.data + r->uri.len;
    m = NULL;

    /* the last "/manifests/": a tag has no '/' */

    for (p = r->uri.data; p + sizeof("/manifests/") - 1 <= last; p++) {
        if (ngx_strncmp(p, "/manifests/", sizeof("/manifests/") - 1) == 0) {
            m = p;
        }
    }

    if (m == NULL) {
        return NGX_ERROR;
    }

    base = m + 1 - r->uri.data;
    n = ngx_strlen(what);

    uri->data = ngx_pnalloc(r->pool, base + n + ts->digest_len);
    if (uri->data == NULL) {
        return NGX_ERROR;
    }

    p = ngx_cpymem(uri->data, r->uri.data, base);
    p = ngx_cpymem(p, what, n);
    p = ngx_cpymem(p, ts->digest, ts->digest_len);

    uri->len = p - uri->data;

    return NGX_OK;
}


/*
 * <prefix>/api/models/<repo_id>/revision/<rev>, or /api/datasets/...: the
 * repository as the path spells it (as many segments as the canonical
 * name has), a revision of plain bytes (one with '/', refs/pr/1, is not
 * asked for: no time)
 */
static ngx_int_t
ngx_http_pkg_reroute_tsrc_hf_uri(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    ngx_str_t *uri)
{
    u_char       *p, *s, *end;
    size_t        i, segs, len;
    ngx_uint_t    typed;
    pr_str_t     *name, *rev, *path;

    name = &ctx->req.names[0];
    rev = &ctx->req.version;
    path = &ctx->req.path;

    segs = 1;

    for (i = 0; i < name->len; i++) {
        if (name->data[i] == '/') {
            segs++;
        }
    }

    typed = (name->len > 9 && ngx_strncmp(name->data, "datasets/", 9) == 0)
            || (name->len > 7 && ngx_strncmp(name->data, "spaces/", 7) == 0)
            || (name->len > 8 && ngx_strncmp(name->data, "kernels/", 8) == 0);

    if (path->len < 2 || path->data[0] != '/') {
        return NGX_ERROR;
    }

    s = (u_char *) path->data + 1;
    end = (u_char *) path->data + path->len;

    for (p = s; p < end; p++) {
        if (*p == '/') {
            if (--segs == 0) {
                break;
            }

            continue;
        }

        if (!ngx_http_pkg_reroute_tsrc_plain(*p)) {
            return NGX_ERROR;
        }
    }

    if (segs != 0 || rev->len == 0) {
        return NGX_ERROR;
    }

    for (i = 0; i < rev->len; i++) {
        if (!ngx_http_pkg_reroute_tsrc_plain(rev->data[i])) {
            return NGX_ERROR;
        }
    }

    len = plcf->prefix.len + sizeof("/api/models/") - 1 + (p - s)
          + sizeof("/revision/") - 1 + rev->len;

    uri->data = ngx_pnalloc(r->pool, len);
    if (uri->data == NULL) {
        return NGX_ERROR;
    }

    uri->len = 0;

    if (plcf->prefix.len && plcf->prefix.data[plcf->prefix.len - 1] == '/') {
        uri->len = plcf->prefix.len - 1;

    } else {
        uri->len = plcf->prefix.len;
    }

    if (uri->len) {
        ngx_memcpy(uri->data, plcf->prefix.data, uri->len);
    }

    uri->len += ngx_sprintf(uri->data + uri->len, "/api/%s%*s/revision/%*s",
                            typed ? "" : "models/", (size_t) (p - s), s,
                            rev->len, rev->data)
                - (uri->data + uri->len);

    return NGX_OK;
}


/* a byte of a repository id or revision asked for as it is */
static ngx_uint_t
ngx_http_pkg_reroute_tsrc_plain(u_char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}


static ngx_int_t
ngx_http_pkg_reroute_tsrc_fetch(ngx_http_request_t *r,
    ngx_http_pkg_reroute_tsrc_t *t, ngx_uint_t step, ngx_str_t *uri)
{
    ngx_http_request_t          *sr;
    ngx_http_post_subrequest_t  *ps;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (t->steps >= NGX_HTTP_PKG_REROUTE_TSRC_STEPS) {
        return ngx_http_pkg_reroute_tsrc_fail(r, ctx, t, "too many fetches");
    }

    ps = ngx_palloc(r->pool, sizeof(ngx_http_post_subrequest_t));
    if (ps == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ps->handler = ngx_http_pkg_reroute_tsrc_done;
    ps->data = t;

    t->step = step;
    t->status = 0;
    t->token = 0;
    t->len = 0;
    t->too_big = 0;
    t->refused = 0;
    t->done = 0;
    t->steps++;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: time lookup, %s: \"%V\"",
                   ngx_http_pkg_reroute_tsrc_what[step], uri);

    if (ngx_http_subrequest(r, uri, NULL, &sr, ps,
                            NGX_HTTP_SUBREQUEST_WAITED)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    t->sr = sr;

    if (ngx_http_pkg_reroute_tsrc_headers(r, sr) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return NGX_AGAIN;
}


/*
 * The subrequest's own headers: the client's without its credential
 * headers (the list is the parent's otherwise), and the place's Docker
 * token when one is kept for the repository.
 */
static ngx_int_t
ngx_http_pkg_reroute_tsrc_headers(ngx_http_request_t *r,
    ngx_http_request_t *sr)
{
    ngx_str_t                         auth;
    ngx_table_elt_t                  *nh;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    if (ngx_http_pkg_reroute_headers_copy(r->pool, &r->headers_in.headers,
                                          &sr->headers_in.headers,
                                          ngx_http_pkg_reroute_credential)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    sr->headers_in.authorization = NULL;
#if (nginx_version >= 1023000)
    sr->headers_in.cookie = NULL;
#else
    sr->headers_in.cookies.nelts = 0;
#endif

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (ngx_http_pkg_reroute_token_auth(r, plcf, &auth) != NGX_OK) {
        return NGX_ERROR;
    }

    if (auth.len == 0) {
        return NGX_OK;
    }

    nh = ngx_list_push(&sr->headers_in.headers);
    if (nh == NULL) {
        return NGX_ERROR;
    }

    nh->lowcase_key = (u_char *) "authorization";
    nh->hash = ngx_hash_key(nh->lowcase_key, sizeof("authorization") - 1);
    ngx_str_set(&nh->key, "Authorization");
    nh->value = auth;
#if (nginx_version >= 1023000)
    nh->next = NULL;
#endif

    return NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_tsrc_done(ngx_http_request_t *r, void *data,
    ngx_int_t rc)
{
    ngx_http_pkg_reroute_tsrc_t  *t = data;

    if (t->sr != r) {
        return rc;
    }

    if (ngx_http_pkg_reroute_follow_pending(r)) {
        /* a redirect on its way to @pkg_reroute_follow: not over yet */
        return rc;
    }

    t->done = 1;

    if (t->status == 0) {
        /* nginx's own answer that the filters did not see */
        t->status = (rc >= NGX_HTTP_SPECIAL_RESPONSE || rc == NGX_ERROR)
                    ? NGX_HTTP_BAD_GATEWAY : r->headers_out.status;
    }

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: time lookup done, %ui, %uz bytes",
                   t->status, t->len);

    return rc;
}


static ngx_int_t
ngx_http_pkg_reroute_tsrc_fail(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_tsrc_t *t,
    const char *why)
{
    t->finished = 1;
    t->why = why;

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "pkg reroute: no publication time for %s \"%*s\" %*s: %s "
                  "(the cooldown's missing= decides)",
                  pr_eco_name(ctx->req.eco), ctx->req.names[0].len,
                  ctx->req.names[0].data, ctx->req.version.len,
                  ctx->req.version.data, why);

    return NGX_DECLINED;
}


/* 1 when r is a lookup's fetch: pkg_reroute_follow follows its redirects */
ngx_uint_t
ngx_http_pkg_reroute_tsrc_fetching(ngx_http_request_t *r)
{
    return ngx_http_pkg_reroute_tsrc_of(r) != NULL;
}


/* the lookup whose fetch r is, or NULL */
static ngx_http_pkg_reroute_tsrc_t *
ngx_http_pkg_reroute_tsrc_of(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_ctx_t   *ctx;
    ngx_http_pkg_reroute_tsrc_t  *t;

    if (r == r->main) {
        return NULL;
    }

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_pkg_reroute_module);

    if (ctx == NULL || ctx->tsrc == NULL) {
        return NULL;
    }

    t = ctx->tsrc;

    return t->sr == r ? t : NULL;
}


/* a fetch's answer: read here, never sent */
static ngx_int_t
ngx_http_pkg_reroute_tsrc_header_filter(ngx_http_request_t *r)
{
    ngx_int_t                     rc;
    ngx_http_pkg_reroute_tsrc_t  *t;

    t = ngx_http_pkg_reroute_tsrc_of(r);

    if (t == NULL || ngx_http_pkg_reroute_follow_catches(r)) {
        /* a redirect the place's pkg_reroute_follow follows: the hop's
         * answer comes back here */
        return ngx_http_next_header_filter(r);
    }

    t->status = r->headers_out.status;

    /* the follow's refusal (logged by it with the reason): its 502 */
    t->refused = ngx_http_pkg_reroute_header_find(&r->headers_out.headers,
                     "X-Pkg-Reroute-Follow",
                     sizeof("X-Pkg-Reroute-Follow") - 1)
                 != NULL;

    if (t->status == NGX_HTTP_UNAUTHORIZED && r->upstream
        && r->upstream->headers_in.status_n == NGX_HTTP_UNAUTHORIZED
        && !ngx_http_pkg_reroute_follow_hopped(r))
    {
        rc = ngx_http_pkg_reroute_token_lookup_401(r);

        if (rc != NGX_DECLINED) {
            t->token = rc;
        }
    }

    if (t->status == NGX_HTTP_OK
        && r->headers_out.content_length_n > NGX_HTTP_PKG_REROUTE_TSRC_MAX)
    {
        t->too_big = 1;
    }

    ngx_http_pkg_reroute_tsrc_store(r, t);

    if (t->status != NGX_HTTP_OK || t->too_big) {
        /* its body is not read (a cache still stores it) */
        r->header_only = 1;
    }

    r->header_sent = 1;

    return NGX_OK;
}


/*
 * What a fetch stores in the place's cache, as the module's header filter
 * rules for the place's own requests (which it does not see): a 200 only,
 * for pkg_reroute_cache_valid's time of its kind (a manifest by tag is
 * metadata, a blob an artifact), an artifact with a length; whatever else
 * the request itself fetches and stores by those rules.
 */
static void
ngx_http_pkg_reroute_tsrc_store(ngx_http_request_t *r,
    ngx_http_pkg_reroute_tsrc_t *t)
{
#if (NGX_HTTP_CACHE)
    time_t                            ttl;
    ngx_http_upstream_t              *u;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    u = r->upstream;

    if (u == NULL || r->cache == NULL || !u->cacheable || r->cached) {
        return;
    }

    ctx = ngx_http_pkg_reroute_classify(r);

    if (ctx == NULL || t->status != NGX_HTTP_OK || t->too_big
        || (ctx->req.kind == PR_KIND_ARTIFACT
            && u->headers_in.content_length_n < 0 && !u->headers_in.chunked))
    {
        u->cacheable = 0;
        return;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    ttl = (ctx->req.kind == PR_KIND_METADATA) ? plcf->valid_metadata
          : (ctx->req.kind == PR_KIND_ARTIFACT) ? plcf->valid_artifact
          : 0;

    if (ttl > 0) {
        r->cache->valid_sec = ngx_time() + ttl;
    }
#endif
}


static ngx_int_t
ngx_http_pkg_reroute_tsrc_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in)
{
    u_char                       *p;
    off_t                         size;
    size_t                        had;
    ssize_t                       n;
    ngx_buf_t                    *b;
    ngx_chain_t                  *cl;
    ngx_http_pkg_reroute_tsrc_t  *t;

    t = ngx_http_pkg_reroute_tsrc_of(r);

    if (t == NULL) {
        return ngx_http_next_body_filter(r, in);
    }

    had = t->len;

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;

        if (ngx_buf_in_memory(b)) {
            if (t->status == NGX_HTTP_OK && !t->too_big) {
                ngx_http_pkg_reroute_tsrc_take(t, b->pos, b->last - b->pos);
            }

            b->pos = b->last;

            if (b->in_file) {
                b->file_pos = b->file_last;
            }

            continue;
        }

        if (!b->in_file) {
            continue;
        }

        /* a cached answer: the file, read as the copy filter would */

        size = b->file_last - b->file_pos;

        if (t->status == NGX_HTTP_OK && !t->too_big) {
            if (size > NGX_HTTP_PKG_REROUTE_TSRC_MAX) {
                t->too_big = 1;

            } else if (size > 0) {
                p = ngx_pnalloc(r->pool, (size_t) size);
                if (p == NULL) {
                    return NGX_ERROR;
                }

                n = ngx_read_file(b->file, p, (size_t) size, b->file_pos);

                if (n != (ssize_t) size) {
                    t->status = NGX_HTTP_INTERNAL_SERVER_ERROR;

                } else {
                    ngx_http_pkg_reroute_tsrc_take(t, p, (size_t) n);
                }
            }
        }

        b->file_pos = b->file_last;
    }

    if (had == 0 && t->len && r->upstream && !r->cached) {
        /*
         * every document a lookup reads is a JSON object: anything else
         * (a sign-in page sent with 200) is not stored for the place's
         * clients, whom the mime guard would not see it for (a HIT)
         */
        for (p = t->body; p < t->body + t->len; p++) {
            if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
                break;
            }
        }

        if (p == t->body + t->len || *p != '{') {
            r->upstream->cacheable = 0;
        }
    }

    return NGX_OK;
}


static void
ngx_http_pkg_reroute_tsrc_take(ngx_http_pkg_reroute_tsrc_t *t, u_char *p,
    size_t n)
{
    u_char  *nb;
    size_t   want;

    if (n == 0) {
        return;
    }

    if (t->len + n > NGX_HTTP_PKG_REROUTE_TSRC_MAX) {
        t->too_big = 1;
        return;
    }

    if (t->len + n > t->size) {
        want = ngx_max(t->size * 2, 16384);

        while (want < t->len + n) {
            want *= 2;
        }

        want = ngx_min(want, NGX_HTTP_PKG_REROUTE_TSRC_MAX);

        nb = ngx_pnalloc(t->sr->pool, want);
        if (nb == NULL) {
            t->too_big = 1;
            return;
        }

        if (t->len) {
            ngx_memcpy(nb, t->body, t->len);
        }

        t->body = nb;
        t->size = want;
    }

    ngx_memcpy(t->body + t->len, p, n);
    t->len += n;
}
