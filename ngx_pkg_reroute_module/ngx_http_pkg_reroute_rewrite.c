/*
 * ngx_pkg_reroute: metadata rewriting for mirror use (cache mode).
 *
 * Clients pointed at a mirror URL download artifacts from whatever
 * absolute URL the metadata names; pkg_reroute_rewrite makes those URLs
 * come back through the mirror. JSON documents (npm packuments, PyPI JSON
 * and PEP 691 pages, cargo's config.json) are read whole and rewritten
 * (pr_rewrite_json); PEP 503 HTML pages are rewritten as they stream.
 *
 * Used in the location that fetches from the upstream (the fill hop), so
 * that the location with proxy_cache in front of it stores the rewritten
 * document and a hit costs what any hit costs.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_rewrite.h"


typedef struct {
    ngx_int_t        doc;            /* pr_doc_t, or -1: HTML */
    ngx_chain_t     *held;           /* JSON: the body so far, copied */
    ngx_chain_t    **last;
    size_t           size;
    pr_rewrite_t     rw;
    pr_html_rw_t    *html;
    unsigned         json:1;
    unsigned         done:1;
} ngx_http_pkg_reroute_rw_ctx_t;


static ngx_int_t ngx_http_pkg_reroute_rw_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_rw_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_int_t ngx_http_pkg_reroute_rw_doc(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx);
static ngx_int_t ngx_http_pkg_reroute_rw_hold(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in, ngx_uint_t *last);
static ngx_int_t ngx_http_pkg_reroute_rw_json(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw);
static ngx_int_t ngx_http_pkg_reroute_rw_html(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in);


#define NGX_HTTP_PKG_REROUTE_HTML  -1


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


ngx_int_t
ngx_http_pkg_reroute_rewrite_init(ngx_conf_t *cf)
{
    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_rw_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_pkg_reroute_rw_body_filter;

    return NGX_OK;
}


/* which document this answer is, if it is one that is rewritten */
static ngx_int_t
ngx_http_pkg_reroute_rw_doc(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx)
{
    pr_req_t   *req;
    ngx_str_t  *ct;

    req = &ctx->req;
    ct = &r->headers_out.content_type;

    if (req->kind != PR_KIND_METADATA) {
        return NGX_DECLINED;
    }

    switch (req->eco) {

    case PR_ECO_NPM:
        if (req->cls != PR_CLASS_PACKAGE || req->path.data[1] == '-') {
            return NGX_DECLINED;
        }

        return req->version.len ? PR_DOC_NPM_VERSION : PR_DOC_NPM_PACKUMENT;

    case PR_ECO_PYPI:
        if (req->path.len > sizeof("/pypi/") - 1
            && ngx_strncmp(req->path.data, "/pypi/", sizeof("/pypi/") - 1)
               == 0)
        {
            return req->version.len ? PR_DOC_PYPI_VERSION_JSON
                                    : PR_DOC_PYPI_JSON;
        }

        if (req->cls != PR_CLASS_PACKAGE
            || ngx_strncmp(req->path.data, "/simple/", sizeof("/simple/") - 1)
               != 0)
        {
            return NGX_DECLINED;
        }

        if (ct->len >= sizeof("application/vnd.pypi.simple.v1+json") - 1
            && ngx_strncasecmp(ct->data,
                               (u_char *) "application/vnd.pypi.simple.v1+json",
                               sizeof("application/vnd.pypi.simple.v1+json")
                               - 1) == 0)
        {
            return PR_DOC_PYPI_SIMPLE_JSON;
        }

        return NGX_HTTP_PKG_REROUTE_HTML;

    case PR_ECO_CARGO:
        if (req->path.len == sizeof("/config.json") - 1
            && ngx_strncmp(req->path.data, "/config.json",
                           sizeof("/config.json") - 1) == 0)
        {
            return PR_DOC_CARGO_CONFIG;
        }

        return NGX_DECLINED;

    default:
        return NGX_DECLINED;
    }
}


static ngx_int_t
ngx_http_pkg_reroute_rw_header_filter(ngx_http_request_t *r)
{
    ngx_int_t                         doc;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_rw_ctx_t    *rw;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (plcf->rewrites == NULL || r != r->main || r->upstream == NULL
        || r->headers_out.status != NGX_HTTP_OK)
    {
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL || ctx->rw) {
        return ngx_http_next_header_filter(r);
    }

    doc = ngx_http_pkg_reroute_rw_doc(r, ctx);

    if (doc == NGX_DECLINED) {
        return ngx_http_next_header_filter(r);
    }

    if (r->headers_out.content_encoding
        && r->headers_out.content_encoding->value.len)
    {
        /* ask the upstream for identity: proxy_set_header Accept-Encoding "" */
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "pkg reroute: an encoded (%V) document is not "
                      "rewritten", &r->headers_out.content_encoding->value);
        return ngx_http_next_header_filter(r);
    }

    rw = ngx_pcalloc(r->pool, sizeof(ngx_http_pkg_reroute_rw_ctx_t));
    if (rw == NULL) {
        return NGX_ERROR;
    }

    ctx->rw = rw;

    rw->doc = doc;
    rw->last = &rw->held;
    rw->rw.maps = plcf->rewrites->elts;
    rw->rw.nmaps = plcf->rewrites->nelts;
    rw->rw.alloc = ngx_http_pkg_reroute_alloc;
    rw->rw.ctx = r->pool;

    ngx_http_clear_content_length(r);
    ngx_http_clear_accept_ranges(r);

    if (doc == NGX_HTTP_PKG_REROUTE_HTML) {
        rw->html = ngx_palloc(r->pool, sizeof(pr_html_rw_t));
        if (rw->html == NULL) {
            return NGX_ERROR;
        }

        pr_html_rw_init(rw->html, &rw->rw);

        return ngx_http_next_header_filter(r);
    }

    /* a JSON document: the headers wait for the whole rewritten body */

    rw->json = 1;

    return r->header_only ? ngx_http_next_header_filter(r) : NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_rw_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_int_t                       rc;
    ngx_uint_t                      last;
    ngx_http_pkg_reroute_ctx_t     *ctx;
    ngx_http_pkg_reroute_rw_ctx_t  *rw;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL || ctx->rw == NULL || r != r->main) {
        return ngx_http_next_body_filter(r, in);
    }

    rw = ctx->rw;

    if (rw->done) {
        return ngx_http_next_body_filter(r, in);
    }

    if (!rw->json) {
        return ngx_http_pkg_reroute_rw_html(r, rw, in);
    }

    last = 0;

    rc = ngx_http_pkg_reroute_rw_hold(r, rw, in, &last);

    if (rc != NGX_OK || !last) {
        return rc;
    }

    rw->done = 1;

    return ngx_http_pkg_reroute_rw_json(r, rw);
}


/* copies what comes in (memory or temporary file) and marks it consumed */
static ngx_int_t
ngx_http_pkg_reroute_rw_hold(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in, ngx_uint_t *last)
{
    off_t         size;
    ssize_t       n;
    ngx_buf_t    *b, *copy;
    ngx_chain_t  *cl, *ln;

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;
        size = ngx_buf_size(b);

        if (size > 0) {
            if (rw->size + size > PR_REWRITE_MAX_SIZE) {
                ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                              "pkg reroute: a document over %uz bytes is "
                              "not rewritten", (size_t) PR_REWRITE_MAX_SIZE);
                return NGX_ERROR;
            }

            copy = ngx_create_temp_buf(r->pool, (size_t) size);
            ln = ngx_alloc_chain_link(r->pool);

            if (copy == NULL || ln == NULL) {
                return NGX_ERROR;
            }

            if (ngx_buf_in_memory(b)) {
                copy->last = ngx_cpymem(copy->pos, b->pos, size);

            } else {
                n = ngx_read_file(b->file, copy->pos, (size_t) size,
                                  b->file_pos);
                if (n != size) {
                    return NGX_ERROR;
                }

                copy->last = copy->pos + size;
            }

            rw->size += size;

            ln->buf = copy;
            ln->next = NULL;
            *rw->last = ln;
            rw->last = &ln->next;
        }

        b->pos = b->last;
        b->file_pos = b->file_last;

        if (b->last_buf || b->last_in_chain) {
            *last = 1;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_rw_json(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw)
{
    u_char       *p;
    ngx_int_t     rc;
    ngx_buf_t    *b;
    pr_str_t      out;
    ngx_chain_t  *cl, chain;
    const char   *err;

    /* one piece */

    p = ngx_pnalloc(r->pool, rw->size + 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    out.data = (char *) p;

    for (cl = rw->held; cl; cl = cl->next) {
        p = ngx_cpymem(p, cl->buf->pos, cl->buf->last - cl->buf->pos);
    }

    err = NULL;

    rc = pr_rewrite_json((pr_doc_t) rw->doc, out.data, rw->size, &rw->rw,
                         &out, &err);

    if (rc != PR_REWRITE_OK) {
        /* not what it should be: never stored, never served */
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "pkg reroute: the upstream's document cannot be "
                      "rewritten: %s", err ? err : "");

        r->headers_out.status = NGX_HTTP_BAD_GATEWAY;
        r->headers_out.status_line.len = 0;
        r->headers_out.content_length_n = 0;
        r->header_only = 1;

        rc = ngx_http_next_header_filter(r);

        if (rc == NGX_ERROR || rc > NGX_OK) {
            return NGX_ERROR;
        }

        return ngx_http_send_special(r, NGX_HTTP_LAST);
    }

    r->headers_out.content_length_n = out.len;

    rc = ngx_http_next_header_filter(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_ERROR;
    }

    b->pos = (u_char *) out.data;
    b->last = b->pos + out.len;
    b->memory = 1;
    b->last_buf = 1;
    b->last_in_chain = 1;

    chain.buf = b;
    chain.next = NULL;

    return ngx_http_next_body_filter(r, &chain);
}


static ngx_int_t
ngx_http_pkg_reroute_rw_html(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in)
{
    int           rc;
    off_t         size;
    ssize_t       n;
    u_char       *data;
    ngx_buf_t    *b, *ob;
    pr_str_t      piece;
    ngx_uint_t    last;
    ngx_chain_t  *cl, *out, **ll, *ln;

    out = NULL;
    ll = &out;

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;
        size = ngx_buf_size(b);
        last = (b->last_buf || b->last_in_chain);
        data = b->pos;

        if (size > 0 && !ngx_buf_in_memory(b)) {
            data = ngx_pnalloc(r->pool, (size_t) size);
            if (data == NULL) {
                return NGX_ERROR;
            }

            n = ngx_read_file(b->file, data, (size_t) size, b->file_pos);
            if (n != size) {
                return NGX_ERROR;
            }
        }

        rc = pr_html_rw_feed(rw->html, (char *) data, (size_t) size, last,
                             &piece);

        b->pos = b->last;
        b->file_pos = b->file_last;

        if (rc != PR_REWRITE_OK) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "pkg reroute: the upstream's page cannot be "
                          "rewritten: %s", rw->html->err);
            return NGX_ERROR;
        }

        if (piece.len == 0 && !last && !b->flush) {
            continue;
        }

        ob = ngx_calloc_buf(r->pool);
        ln = ngx_alloc_chain_link(r->pool);

        if (ob == NULL || ln == NULL) {
            return NGX_ERROR;
        }

        ob->pos = (u_char *) piece.data;
        ob->last = ob->pos + piece.len;
        ob->memory = piece.len ? 1 : 0;
        ob->sync = piece.len ? 0 : 1;
        ob->last_buf = b->last_buf;
        ob->last_in_chain = b->last_in_chain;
        ob->flush = b->flush;

        ln->buf = ob;
        ln->next = NULL;
        *ll = ln;
        ll = &ln->next;

        if (last) {
            rw->done = 1;
        }
    }

    if (out == NULL) {
        return NGX_OK;
    }

    return ngx_http_next_body_filter(r, out);
}
