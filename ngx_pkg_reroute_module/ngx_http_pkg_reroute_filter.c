/*
 * ngx_pkg_reroute: filters on answers from an upstream (cache mode).
 *
 *   freshness  sets how long proxy_cache keeps an answer by its kind:
 *              metadata briefly, artifacts as immutable, 404s briefly
 *              (pkg_reroute_cache_valid); it runs before the upstream
 *              module computes the validity, which keeps a value set
 *   mime guard an artifact answered with an HTML page (a sign-in page, a
 *              captive portal) is never stored nor served: the headers
 *              and the bytes wait until the first bytes tell, however the
 *              upstream cuts them, and such an answer becomes a 502 in
 *              the client's error format (pkg_reroute_guard)
 *   stored     an upstream's 401 or 403 for a package is never stored (one
 *              client's credentials, or their absence, is no one else's
 *              answer), nor a 404 asked with credentials; an artifact
 *              whose end only the close of the connection tells (neither
 *              Content-Length nor chunked) is never stored: a cut would
 *              look whole
 *   failures   nginx's own 502/504 page for an upstream it could not
 *              reach, an upstream's HTML page for a 5xx, and a failure
 *              after an artifact's headers but before its first byte
 *              (the upstream closed or stopped, the mirror could not
 *              write its cache) become an answer in the client's error
 *              format
 *   strict     an upstream redirect to anywhere else is refused: nothing
 *              is fetched but from the configured upstream
 *              (pkg_reroute_strict)
 *   length     an answer whose upstream sent more bytes than its
 *              Content-Length is never stored: nginx passes the declared
 *              bytes and drops the rest, which would keep a truncated
 *              package in the cache for as long as it is valid
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_credential.h"
#include "pr_answer.h"


static ngx_int_t ngx_http_pkg_reroute_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_int_t ngx_http_pkg_reroute_html_type(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_sniff(ngx_http_request_t *r,
    ngx_chain_t *in);
static void ngx_http_pkg_reroute_check_length(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx);
static void ngx_http_pkg_reroute_finalize(ngx_http_request_t *r,
    ngx_int_t rc);
static ngx_uint_t ngx_http_pkg_reroute_credentials_sent(
    ngx_http_upstream_t *u);
static ngx_uint_t ngx_http_pkg_reroute_too_large(ngx_http_upstream_t *u);


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


ngx_int_t
ngx_http_pkg_reroute_filter_init(ngx_conf_t *cf)
{
    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_pkg_reroute_body_filter;

    return NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_header_filter(ngx_http_request_t *r)
{
    u_char                            why[80];
    time_t                            ttl;
    ngx_uint_t                        status;
    ngx_http_upstream_t              *u;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    ngx_http_pkg_reroute_verdict_out(r);

    u = r->upstream;

    /* a time document asked for by subrequest is stored as a client's */

    if (u == NULL
        || (r != r->main && !ngx_http_pkg_reroute_times_fetching(r)))
    {
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL) {
        return ngx_http_next_header_filter(r);
    }

    if (ctx->late) {
        /* nginx's page for a failure while the headers waited */
        status = ctx->late;
        ctx->late = 0;

        return status == 2
               ? ngx_http_pkg_reroute_refuse(r, ctx,
                     NGX_HTTP_GATEWAY_TIME_OUT,
                     "the upstream registry sent no byte of the artifact "
                     "in time, not stored", NULL)
               : ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                     "the upstream registry closed the connection before "
                     "the artifact's first byte, not stored", NULL);
    }

    if (ctx->filtered) {
        return ngx_http_next_header_filter(r);
    }

    ctx->filtered = 1;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    status = r->headers_out.status;

    if ((r->err_status == NGX_HTTP_BAD_GATEWAY
         || r->err_status == NGX_HTTP_GATEWAY_TIME_OUT)
        && u->headers_in.status_n == 0)
    {
        /* nginx's own page: the upstream was not reached, or not in time */
        return ngx_http_pkg_reroute_refuse(r, ctx, r->err_status,
                   r->err_status == NGX_HTTP_BAD_GATEWAY
                   ? "the upstream registry cannot be reached"
                   : "the upstream registry did not answer in time", NULL);
    }

    if (plcf->strict && status >= NGX_HTTP_MOVED_PERMANENTLY
        && status <= NGX_HTTP_PERMANENT_REDIRECT
        && status != NGX_HTTP_NOT_MODIFIED && r->headers_out.location)
    {
        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   "the upstream redirected elsewhere, and strict mode "
                   "fetches from nowhere but the upstream", NULL);
    }

    if (u->headers_in.status_n >= NGX_HTTP_INTERNAL_SERVER_ERROR
        && !r->cached && ngx_http_pkg_reroute_html_type(r))
    {
        /* a proxy's or a CDN's error page: no client reads HTML */
        (void) ngx_snprintf(why, sizeof(why) - 1,
                            "the upstream registry answered %ui with an "
                            "HTML page, not stored%Z", status);

        return ngx_http_pkg_reroute_refuse(r, ctx, status, (char *) why,
                                           NULL);
    }

#if (NGX_HTTP_CACHE)

    if (r->cache && r->cache->lock && r->cache->lock_timeout == 0
        && !u->cacheable && !r->cached)
    {
        /*
         * a herd: nginx stopped waiting for another request's fetch of
         * this object (proxy_cache_lock_timeout) and fetched it again,
         * for this client only (ngx_http_file_cache_lock(): SCARCE)
         */
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "pkg reroute: fetched again after waiting "
                      "proxy_cache_lock_timeout (%M ms) for another "
                      "request's fetch, not stored; raise "
                      "proxy_cache_lock_timeout and proxy_cache_lock_age "
                      "(pkg-reroute/cache.conf): %*s",
                      u->conf->cache_lock_timeout,
                      ctx->req.path.len, ctx->req.path.data);
    }

    if (r->cache && u->cacheable && !r->cached
        && u->headers_in.status_n == NGX_HTTP_BAD_GATEWAY
        && plcf->valid_too_large > 0
        && ngx_http_pkg_reroute_too_large(u))
    {
        /*
         * the fill hop's 502 for a document over
         * pkg_reroute_rewrite_max_size: remembered briefly, so that a
         * herd of clients does not have it fetched again and again
         */
        r->cache->valid_sec = ngx_time() + plcf->valid_too_large;

    } else if (r->cache && u->cacheable && !r->cached
               && u->headers_in.status_n >= NGX_HTTP_INTERNAL_SERVER_ERROR)
    {
        /* an error is never a package: not stored, whatever caches it */
        u->cacheable = 0;
    }

    if (r->cache && u->cacheable && !r->cached) {
        if (ngx_http_pkg_reroute_key_query(r, ctx) != NGX_OK) {
            return NGX_ERROR;
        }

        if (ctx->nostore) {
            /* npm's ?write=true: the document to edit, one client's */
            u->cacheable = 0;
        }
    }

    if (r->cache && u->cacheable && !r->cached
        && ctx->req.cls == PR_CLASS_PACKAGE)
    {
        if (status == NGX_HTTP_UNAUTHORIZED || status == NGX_HTTP_FORBIDDEN
            || (status == NGX_HTTP_NOT_FOUND
                && ngx_http_pkg_reroute_credentials_sent(u)))
        {
            /*
             * whom the upstream knows decides: Docker Hub's anonymous 401
             * stored would stop every pull of the image for everyone
             */
            u->cacheable = 0;

        } else if (status == NGX_HTTP_OK
                   && ctx->req.kind == PR_KIND_ARTIFACT
                   && u->headers_in.content_length_n < 0
                   && !u->headers_in.chunked)
        {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "pkg reroute: the upstream sent an artifact "
                          "without Content-Length or chunked encoding, "
                          "not stored: %*s",
                          ctx->req.path.len, ctx->req.path.data);
            u->cacheable = 0;
        }
    }

    if (r->cache && u->cacheable && !r->cached) {
        ttl = 0;

        if (status == NGX_HTTP_NOT_FOUND && ctx->req.cls == PR_CLASS_PACKAGE) {
            ttl = plcf->valid_notfound;

        } else if (status == NGX_HTTP_OK) {
            ttl = (ctx->req.kind == PR_KIND_METADATA) ? plcf->valid_metadata
                  : (ctx->req.kind == PR_KIND_ARTIFACT) ? plcf->valid_artifact
                  : 0;
        }

        if (ttl > 0) {
            r->cache->valid_sec = ngx_time() + ttl;
        }
    }

#else
    (void) ttl;
#endif

    if (!plcf->guard || ctx->req.kind != PR_KIND_ARTIFACT || r->cached
        || (status != NGX_HTTP_OK && status != NGX_HTTP_PARTIAL_CONTENT))
    {
        return ngx_http_next_header_filter(r);
    }

    if (ngx_http_pkg_reroute_html_type(r)) {
        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                                           "the upstream answered an artifact "
                                           "with an HTML page (text/html), "
                                           "not stored", NULL);
    }

    if (r->header_only) {
        return ngx_http_next_header_filter(r);
    }

    /* the headers wait for the first bytes of the body */
    ctx->sniff = 1;

    if (u->finalize_request != ngx_http_pkg_reroute_finalize) {
        ctx->finalize = u->finalize_request;
        u->finalize_request = ngx_http_pkg_reroute_finalize;
    }

    return NGX_OK;
}


/*
 * The upstream module ends the request; while the headers still wait for
 * the first byte, nothing has reached the client, and it can be told why
 * instead of getting an empty reply: a 502/504 (the upstream closed or
 * stopped) goes on as nginx's error page, which the header filter turns
 * into the client's format; an error of the mirror itself (the cache's
 * temporary file could not be written) is answered here with a 500, as
 * nginx closes the connection right after.
 */
static void
ngx_http_pkg_reroute_finalize(ngx_http_request_t *r, ngx_int_t rc)
{
    ngx_int_t                    frc;
    ngx_chain_t                  out;
    ngx_http_upstream_t         *u;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    u = r->upstream;
    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL) {
        /*
         * cannot happen: the context is wiped by an internal redirect,
         * which comes after the upstream is finalized; the upstream
         * modules' own finalize handlers only log
         */
        ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                      "pkg reroute: no context at upstream finalize");
        return;
    }

    ctx->finalize(r, rc);

    if (!ctx->sniff || r->header_sent || r->connection->error
        || (rc != NGX_HTTP_BAD_GATEWAY && rc != NGX_HTTP_GATEWAY_TIME_OUT
            && rc != NGX_ERROR))
    {
        /* the end of the body, if any, still goes through the sniff */
        return;
    }

    ctx->sniff = 0;

    if (rc == NGX_HTTP_BAD_GATEWAY || rc == NGX_HTTP_GATEWAY_TIME_OUT) {
        ctx->late = (rc == NGX_HTTP_GATEWAY_TIME_OUT
                     || (u->peer.connection
                         && u->peer.connection->read->timedout))
                    ? 2 : 1;
        u->cacheable = 0;
        u->header_sent = 0;
        return;
    }

    frc = ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_INTERNAL_SERVER_ERROR,
                                      "the mirror failed before the "
                                      "artifact's first byte (see its error "
                                      "log), not stored", NULL);

    if (frc == NGX_ERROR || frc > NGX_OK || r->header_only) {
        return;
    }

    ctx->answered = 1;

    out.buf = ctx->answer;
    out.next = NULL;

    (void) ngx_http_next_body_filter(r, &out);
}


static ngx_int_t
ngx_http_pkg_reroute_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_int_t                    rc;
    ngx_chain_t                 *cl, out;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL || r != r->main) {
        return ngx_http_next_body_filter(r, in);
    }

    ngx_http_pkg_reroute_check_length(r, ctx);

    if (!(ctx->sniff || ctx->refused)) {
        return ngx_http_next_body_filter(r, in);
    }

    if (ctx->sniff) {
        /*
         * what came so far is held, not passed: an upstream may cut "<"
         * from "html>" (proxy_buffering off passes what each read got)
         */
        if (in && ngx_chain_add_copy(r->pool, &ctx->held, in) != NGX_OK) {
            return NGX_ERROR;
        }

        rc = ngx_http_pkg_reroute_sniff(r, ctx->held);

        if (rc == NGX_AGAIN) {
            /* the first bytes do not tell yet: keep waiting */
            return NGX_OK;
        }

        in = ctx->held;
        ctx->held = NULL;
        ctx->sniff = 0;

        if (rc == NGX_ERROR) {
            return NGX_ERROR;
        }

        if (rc == NGX_DECLINED) {
            /* not an HTML page: the answer goes out as it came */

            rc = ngx_http_next_header_filter(r);

            if (rc == NGX_ERROR || rc > NGX_OK) {
                return NGX_ERROR;
            }

            if (!r->header_only) {
                return ngx_http_next_body_filter(r, in);
            }

            /*
             * HEAD: nginx's own header filter, which ran just now, set
             * header_only and ended the answer with the headers; the
             * upstream module, which saw the headers held, still passes
             * the body on (to fill the cache): none of it is the client's
             */
            ctx->refused = 1;
            ctx->answered = 1;

            goto drop;
        }

        /* an HTML page, as the first bytes show */

        if (r->upstream) {
            r->upstream->cacheable = 0;
        }

        rc = ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                                         "the upstream answered an artifact "
                                         "with an HTML page (its first "
                                         "bytes), not stored", NULL);

        if (rc == NGX_ERROR || rc > NGX_OK) {
            return NGX_ERROR;
        }

        if (r->header_only) {
            /* HEAD: the answer has no body either */
            ctx->answered = 1;
        }
    }

drop:

    /* refused: what the upstream sends is dropped, the answer goes last */

    for (cl = in; cl; cl = cl->next) {
        cl->buf->pos = cl->buf->last;
        cl->buf->file_pos = cl->buf->file_last;

        if ((cl->buf->last_buf || cl->buf->last_in_chain) && !ctx->answered) {
            ctx->answered = 1;

            out.buf = ctx->answer;
            out.next = NULL;

            return ngx_http_next_body_filter(r, &out);
        }
    }

    return NGX_OK;
}


/*
 * nginx's proxy module ends a body at its Content-Length and drops what
 * follows ("upstream sent more data than specified in Content-Length"),
 * then stores what it kept: a truncated package that looks complete. What
 * the pipe read from the upstream tells: this runs when the pipe passes
 * the body on, before the upstream module updates the cache.
 */
static void
ngx_http_pkg_reroute_check_length(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx)
{
    ngx_event_pipe_t     *p;
    ngx_http_upstream_t  *u;

    u = r->upstream;

    if (u == NULL || ctx->overlong || !u->cacheable || r->cached) {
        return;
    }

    p = u->pipe;

    if (p == NULL || !p->upstream_done || u->headers_in.chunked
        || u->headers_in.content_length_n < 0
        || p->read_length <= u->headers_in.content_length_n)
    {
        return;
    }

    ctx->overlong = 1;
    u->cacheable = 0;

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "pkg reroute: the upstream sent more bytes than its "
                  "Content-Length (%O), not stored: %*s",
                  u->headers_in.content_length_n,
                  ctx->req.path.len, ctx->req.path.data);
}


/*
 * Whether the request sent upstream carried a credential: the client's
 * (passed on) or the operator's (proxy_set_header). The request's header
 * is in the first buffers proxy_pass built, whole even once sent.
 */
static ngx_uint_t
ngx_http_pkg_reroute_credentials_sent(ngx_http_upstream_t *u)
{
    u_char       *p, *q, *last;
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    for (cl = u->request_bufs; cl; cl = cl->next) {
        b = cl->buf;

        if (!ngx_buf_in_memory(b) || b->start == NULL) {
            break;
        }

        last = b->last;

        for (p = b->start; p < last; p++) {
            if (*p != '\n') {
                continue;
            }

            if (last - p >= 3 && p[1] == '\r' && p[2] == '\n') {
                /* the end of the header */
                return 0;
            }

            /* the header's name: the same list as what is stripped */

            q = ngx_strlchr(p + 1, last, ':');

            if (q && pr_credential_header((char *) p + 1, q - p - 1)) {
                return 1;
            }
        }
    }

    return 0;
}


/* the upstream's answer says X-Pkg-Reroute-Reason: too-large (a fill hop) */
static ngx_uint_t
ngx_http_pkg_reroute_too_large(ngx_http_upstream_t *u)
{
    ngx_table_elt_t  *h;

    h = ngx_http_pkg_reroute_header_find(&u->headers_in.headers,
                                         "X-Pkg-Reroute-Reason",
                                         sizeof("X-Pkg-Reroute-Reason") - 1);

    return h && h->value.len == sizeof("too-large") - 1
           && ngx_strncmp(h->value.data, "too-large",
                          sizeof("too-large") - 1) == 0;
}


static ngx_int_t
ngx_http_pkg_reroute_html_type(ngx_http_request_t *r)
{
    ngx_str_t  *ct;

    ct = &r->headers_out.content_type;

    return (ct->len >= sizeof("text/html") - 1
            && ngx_strncasecmp(ct->data, (u_char *) "text/html",
                               sizeof("text/html") - 1) == 0)
           || (ct->len >= sizeof("application/xhtml") - 1
               && ngx_strncasecmp(ct->data, (u_char *) "application/xhtml",
                                  sizeof("application/xhtml") - 1) == 0);
}


/* NGX_OK: an HTML page; NGX_DECLINED: not; NGX_AGAIN: no byte yet */
static ngx_int_t
ngx_http_pkg_reroute_sniff(ngx_http_request_t *r, ngx_chain_t *in)
{
    u_char       head[PR_SNIFF_MAX];
    size_t       n;
    ssize_t      got;
    ngx_buf_t   *b;
    ngx_int_t    html;
    ngx_uint_t   last;
    ngx_chain_t  *cl;

    n = 0;

    for (cl = in; cl && n < sizeof(head); cl = cl->next) {
        b = cl->buf;

        if (ngx_buf_in_memory(b)) {
            got = ngx_min((size_t) (b->last - b->pos), sizeof(head) - n);
            ngx_memcpy(head + n, b->pos, got);
            n += got;

        } else if (b->in_file && b->file) {
            /* a temporary file the upstream module just wrote */
            got = ngx_read_file(b->file, head + n,
                                ngx_min((size_t) (b->file_last - b->file_pos),
                                        sizeof(head) - n),
                                b->file_pos);
            if (got == NGX_ERROR) {
                return NGX_ERROR;
            }

            n += got;
        }

        if (b->last_buf || b->last_in_chain) {
            break;
        }
    }

    last = (cl && (cl->buf->last_buf || cl->buf->last_in_chain));

    if (n == 0) {
        /* nothing yet, unless this was all there is */
        return last ? NGX_DECLINED : NGX_AGAIN;
    }

    html = pr_html_sniff((char *) head, n);

    if (html == -1 && !last && n < sizeof(head)) {
        /* white space, or the start of a mark ("<", "<ht"): more bytes */
        return NGX_AGAIN;
    }

    return html == 1 ? NGX_OK : NGX_DECLINED;
}


/*
 * The headers become an error in the client's format; the body filter
 * ends the answer with it. The reason, if any, goes in
 * X-Pkg-Reroute-Reason (a token: "unmapped-url", "duplicate-key"...).
 */
ngx_int_t
ngx_http_pkg_reroute_refuse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_uint_t status, const char *why,
    const char *reason)
{
    u_char           *msg, *last;
    size_t            len;
    ngx_buf_t        *b;
    ngx_uint_t        i;
    pr_answer_t       ans;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    len = sizeof(": ") + ngx_strlen(why) + ctx->req.path.len;

    msg = ngx_pnalloc(r->pool, len);
    b = ngx_calloc_buf(r->pool);

    if (msg == NULL || b == NULL) {
        return NGX_ERROR;
    }

    last = ngx_snprintf(msg, len, "%s: %*s", why,
                         ctx->req.path.len, ctx->req.path.data);

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "pkg reroute: %*s",
                  last - msg, msg);

    b->start = ngx_pnalloc(r->pool, pr_answer_size(last - msg));
    if (b->start == NULL) {
        return NGX_ERROR;
    }

    pr_answer(ctx->req.eco, status, (char *) msg, last - msg,
              (char *) b->start, &ans);

    b->pos = b->start;
    b->last = b->start + ans.len;
    b->memory = 1;
    b->last_buf = 1;
    b->last_in_chain = 1;

    ctx->answer = b;
    ctx->refused = 1;

    if (r->upstream) {
        r->upstream->cacheable = 0;
    }

    /* none of the upstream's headers describes this answer */

    part = &r->headers_out.headers.part;
    h = part->elts;

    for (i = 0; /* void */ ; i++) {
        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        h[i].hash = 0;
    }

    ngx_http_clear_content_length(r);
    ngx_http_clear_accept_ranges(r);
    ngx_http_clear_last_modified(r);
    ngx_http_clear_etag(r);
    r->headers_out.content_encoding = NULL;
    r->headers_out.content_range = NULL;

    r->headers_out.status = status;
    r->headers_out.status_line.len = 0;
    r->headers_out.content_length_n = ans.len;
    r->headers_out.content_type.data = (u_char *) ans.content_type;
    r->headers_out.content_type.len = ngx_strlen(ans.content_type);
    r->headers_out.content_type_len = r->headers_out.content_type.len;
    r->headers_out.charset.len = 0;

    if (reason != NULL) {
        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        h->hash = 1;
        ngx_str_set(&h->key, "X-Pkg-Reroute-Reason");
        h->value.data = (u_char *) reason;
        h->value.len = ngx_strlen(reason);
    }

    if (ctx->retry_after > 0) {
        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        h->value.data = ngx_pnalloc(r->pool, NGX_TIME_T_LEN);
        if (h->value.data == NULL) {
            return NGX_ERROR;
        }

        h->hash = 1;
        ngx_str_set(&h->key, "Retry-After");
        h->value.len = ngx_sprintf(h->value.data, "%T", ctx->retry_after)
                       - h->value.data;
    }

    if (ctx->req.eco == PR_ECO_HUGGINGFACE) {
        /* huggingface_hub prints this header, as for a denial */

        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        h->hash = 1;
        ngx_str_set(&h->key, "X-Error-Message");
        h->value.data = msg;
        h->value.len = last - msg;
    }

    return ngx_http_next_header_filter(r);
}
