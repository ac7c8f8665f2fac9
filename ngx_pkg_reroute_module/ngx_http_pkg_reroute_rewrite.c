/*
 * ngx_pkg_reroute: metadata rewriting for mirror use (cache mode).
 *
 * Clients pointed at a mirror URL download artifacts from whatever
 * absolute URL the metadata names; pkg_reroute_rewrite makes those URLs
 * come back through the mirror. JSON documents (npm packuments, PyPI JSON
 * and PEP 691 pages, cargo's config.json) are read whole and rewritten
 * (pr_rewrite_json); PEP 503 HTML pages are rewritten as they come.
 * The rewrite of a JSON document of 1 MB or more is written, as it is
 * made, to an unlinked temporary file in the upstream's temp path (the
 * worker does not hold it), and sent from there.
 * Either is held until its end, with the headers: a document that would
 * send clients around the mirror (pr_rewrite.h: PR_REWRITE_UNSAFE), that
 * is not what it should be, or that comes in a Content-Encoding is then
 * answered with a 502 in the client's format and never stored, unless
 * pkg_reroute_rewrite_strict is off.
 *
 * Where the place judges versions (a policy generation), the documents
 * that list versions without URLs are filtered too (pr_filter.h: Cargo
 * index files, RubyGems info files and versions JSON, Docker tag lists,
 * npm dist-tags), held and refused as the JSON documents are; one that
 * lost a version is sent with an ETag of its own (the MD5 of what is
 * sent, quoted, as Bundler checks it) and without the upstream's digests.
 * They are refused, never passed, where a rewrite could be passed
 * (pkg_reroute_rewrite_strict off): a document that is not filtered
 * would list a hidden version.
 *
 * A HEAD whose document comes all the same (a cache HIT, a fill asked
 * with GET) is read and rewritten as a GET, so that its headers are the
 * GET's; one without (the upstream asked with HEAD) has no length, and
 * a document to filter none of the upstream's ETag. The upstream's
 * digests never come with a rewritten document.
 *
 * Used in the location that fetches from the upstream (the fill hop), so
 * that the location with proxy_cache in front of it stores the rewritten
 * document and a hit costs what any hit costs.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_rewrite.h"
#include "pr_filter.h"
#include <ngx_md5.h>


typedef struct {
    ngx_int_t            doc;            /* pr_doc_t, -1: HTML, or
                                          * FILTER + pr_filter_kind_t */
    ngx_chain_t         *held;           /* JSON: the body so far, copied;
                                          * HTML: the rewritten pieces */
    ngx_chain_t        **last;
    size_t               size;           /* bytes read from the upstream */
    size_t               out;            /* HTML: bytes in held */
    ngx_http_request_t  *request;
    ngx_file_t          *file;           /* JSON: the rewrite, or NULL */
    pr_rewrite_t         rw;
    pr_html_rw_t        *html;
    ngx_uint_t           unsafe;         /* pr_unsafe_t that refused */
    const char          *kind;           /* what it is */
    ngx_str_t            text;           /* where, printable */
    unsigned             json:1;
    unsigned             done:1;
} ngx_http_pkg_reroute_rw_ctx_t;


static ngx_int_t ngx_http_pkg_reroute_rw_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_rw_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_int_t ngx_http_pkg_reroute_rw_doc(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx);
static ngx_int_t ngx_http_pkg_reroute_rw_encoded(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_int_t doc);
static ngx_int_t ngx_http_pkg_reroute_rw_not_filtered(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_int_t doc);
static ngx_uint_t ngx_http_pkg_reroute_rw_head_body(ngx_http_request_t *r);
static void ngx_http_pkg_reroute_rw_digests(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_rw_etag(ngx_http_request_t *r,
    pr_str_t *out);
static ngx_int_t ngx_http_pkg_reroute_rw_ranges(ngx_http_request_t *r);
static int ngx_http_pkg_reroute_rw_unsafe(void *data, pr_unsafe_t what,
    const char *text, size_t len);
static ngx_int_t ngx_http_pkg_reroute_rw_hold(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in, ngx_uint_t *last);
static ngx_int_t ngx_http_pkg_reroute_rw_json(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in);
static ngx_int_t ngx_http_pkg_reroute_rw_html(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in);
static ngx_uint_t ngx_http_pkg_reroute_rw_end(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_int_t ngx_http_pkg_reroute_rw_send(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *out, size_t len,
    ngx_uint_t last);
static ngx_int_t ngx_http_pkg_reroute_rw_refuse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_int_t rc, const char *err,
    ngx_chain_t *in);
static void *ngx_http_pkg_reroute_rw_alloc(void *ctx, size_t size);
static void ngx_http_pkg_reroute_rw_free(void *ctx, void *p);
static void ngx_http_pkg_reroute_rw_unmap(void *data);
static ngx_file_t *ngx_http_pkg_reroute_rw_file(ngx_http_request_t *r);
static int ngx_http_pkg_reroute_rw_flush(void *data, const char *p,
    size_t n);
static const char *ngx_http_pkg_reroute_rw_too_large(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw);
static ngx_int_t ngx_http_pkg_reroute_rw_busy(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_loc_conf_t *plcf);
static u_char *ngx_http_pkg_reroute_rw_busy_why(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf);
static ngx_int_t ngx_http_pkg_reroute_rw_take(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf);
static void ngx_http_pkg_reroute_rw_wait(ngx_http_request_t *r);
static void ngx_http_pkg_reroute_rw_release(void *data);


#define NGX_HTTP_PKG_REROUTE_HTML  -1

/* rw->doc of a filtered document: this + its pr_filter_kind_t */
#define NGX_HTTP_PKG_REROUTE_FILTER  0x100

/* a JSON document from this size on is rewritten into a temporary file */
#define NGX_HTTP_PKG_REROUTE_FILE_MIN  (1024 * 1024)

/* for rw_refuse(): over pkg_reroute_rewrite_max_size */
#define NGX_HTTP_PKG_REROUTE_TOO_LARGE  -100


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;

/* how often a request waiting for a rewrite slot looks again, ms */
#define NGX_HTTP_PKG_REROUTE_RW_POLL  20

/* documents this worker holds to rewrite (pkg_reroute_rewrite_concurrency) */
static ngx_uint_t  ngx_http_pkg_reroute_rw_active;


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
    size_t                            n;
    pr_req_t                         *req;
    ngx_str_t                        *ct;
    pr_filter_kind_t                  kind;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    req = &ctx->req;
    ct = &r->headers_out.content_type;

    if (req->kind != PR_KIND_METADATA) {
        return NGX_DECLINED;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    kind = pr_filter_kind(req);

    if (kind != PR_FILTER_NONE) {
        /* filtered where versions are judged; elsewhere passed */

        return plcf->policy_gen.len
               ? NGX_HTTP_PKG_REROUTE_FILTER + (ngx_int_t) kind
               : NGX_DECLINED;
    }

    if (plcf->rewrites == NULL) {
        /*
         * a place that only judges: its documents with URLs come from a
         * fill hop that rewrites them (README, pkg_reroute_rewrite)
         */
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

        /*
         * PEP 691's application/vnd.pypi.simple.v1+json, and any other
         * JSON (the HTML rewriter would find no link in it and pass it)
         */

        for (n = 0; n < ct->len && ct->data[n] != ';'; n++) { /* void */ }

        while (n > 0 && (ct->data[n - 1] == ' ' || ct->data[n - 1] == '\t')) {
            n--;
        }

        if ((n >= sizeof("+json") - 1
             && ngx_strncasecmp(ct->data + n - (sizeof("+json") - 1),
                                (u_char *) "+json", sizeof("+json") - 1)
                == 0)
            || (n == sizeof("application/json") - 1
                && ngx_strncasecmp(ct->data, (u_char *) "application/json",
                                   n) == 0))
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
    ngx_int_t                         doc, rc;
    ngx_uint_t                        status, head;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_rw_ctx_t    *rw;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    status = r->headers_out.status;

    if ((plcf->rewrites == NULL && plcf->policy_gen.len == 0)
        || r != r->main || r->upstream == NULL
        || status < NGX_HTTP_OK || status >= NGX_HTTP_SPECIAL_RESPONSE
        || status == NGX_HTTP_NO_CONTENT)
    {
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL || ctx->rw || ctx->refused) {
        return ngx_http_next_header_filter(r);
    }

    doc = ngx_http_pkg_reroute_rw_doc(r, ctx);

    if (doc == NGX_DECLINED) {
        return ngx_http_next_header_filter(r);
    }

    /*
     * r->header_only is set for a HEAD by the last header filter only; a
     * HEAD whose body comes all the same (a HIT, or a fill asked with
     * GET) is held, read and rewritten as a GET, so that its headers are
     * the GET's: its length, the filtered document's ETag
     */
    head = (r->header_only || r->method == NGX_HTTP_HEAD)
           && !ngx_http_pkg_reroute_rw_head_body(r);

    if (status != NGX_HTTP_OK) {
        /* a 203, a 206...: a document, or part of one, not rewritten */

        if (!plcf->rewrite_strict && doc < NGX_HTTP_PKG_REROUTE_FILTER) {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "pkg reroute: a document answered with %ui is not "
                          "rewritten, served as the upstream sent it "
                          "(pkg_reroute_rewrite_strict off): %*s", status,
                          ctx->req.path.len, ctx->req.path.data);
            return ngx_http_next_header_filter(r);
        }

        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   "the upstream's document came with a status other than "
                   "200, which is not rewritten, not stored",
                   "unexpected-status");
    }

    if (r->headers_out.content_encoding
        && r->headers_out.content_encoding->value.len
        && !(r->headers_out.content_encoding->value.len
             == sizeof("identity") - 1
             && ngx_strncasecmp(r->headers_out.content_encoding->value.data,
                                (u_char *) "identity",
                                sizeof("identity") - 1) == 0))
    {
        return ngx_http_pkg_reroute_rw_encoded(r, ctx, plcf, doc);
    }

    if (doc >= NGX_HTTP_PKG_REROUTE_FILTER && plcf->rewrites == NULL
        && plcf->policy.warn
        && ngx_http_pkg_reroute_header_find(&r->headers_out.headers,
               "X-Pkg-Reroute-Verdict", sizeof("X-Pkg-Reroute-Verdict") - 1))
    {
        /*
         * warn mode, nothing is hidden: the fill hop behind this place
         * (or the one that filled its cache) judged, logged and marked
         * the document; judging it again would say it twice
         */
        return ngx_http_next_header_filter(r);
    }

    if (doc >= NGX_HTTP_PKG_REROUTE_FILTER) {
        rc = ngx_http_pkg_reroute_rw_not_filtered(r, ctx, doc);

        if (rc != NGX_DECLINED) {
            return rc;
        }
    }

    rw = ngx_pcalloc(r->pool, sizeof(ngx_http_pkg_reroute_rw_ctx_t));
    if (rw == NULL) {
        return NGX_ERROR;
    }

    ctx->rw = rw;
    rw->rw.max_size = plcf->rewrite_max_size;

    if (r->upstream->headers_in.content_length_n > 0
        && (size_t) r->upstream->headers_in.content_length_n
           > plcf->rewrite_max_size)
    {
        /* not read: refused before its body comes */
        rw->done = 1;

        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   ngx_http_pkg_reroute_rw_too_large(r, rw), "too-large");
    }

    if (!head && plcf->rewrites) {
        /*
         * taken before the upstream was asked (rw_reserve), or now. A
         * place that only judges (no pkg_reroute_rewrite: the front of a
         * fill hop, or one that filters what its own cache stored) takes
         * none: its fill hop may hold one for the same document
         */

        rc = ngx_http_pkg_reroute_rw_take(r, plcf);

        if (rc == NGX_BUSY) {
            rw->done = 1;
            return ngx_http_pkg_reroute_rw_busy(r, ctx, plcf);
        }

        if (rc != NGX_OK) {
            return NGX_ERROR;
        }
    }

    rw->doc = doc;
    rw->last = &rw->held;
    rw->request = r;
    if (plcf->rewrites) {
        rw->rw.maps = plcf->rewrites->elts;
        rw->rw.nmaps = plcf->rewrites->nelts;
    }
    rw->rw.alloc = ngx_http_pkg_reroute_rw_alloc;
    rw->rw.free = ngx_http_pkg_reroute_rw_free;
    rw->rw.ctx = r->pool;
    rw->rw.unsafe = ngx_http_pkg_reroute_rw_unsafe;
    rw->rw.unsafe_data = rw;

    if (plcf->policy_gen.len) {
        /* the place's verdict on each version listed (pr_verdict) */
        rw->rw.keep = ngx_http_pkg_reroute_keep;
        rw->rw.keep_data = r;

        if (doc == NGX_HTTP_PKG_REROUTE_HTML
            || doc >= NGX_HTTP_PKG_REROUTE_FILTER)
        {
            /* the package the request named, as the door judges it */
            rw->rw.name = ctx->req.name;
        }
    }

    ngx_http_clear_content_length(r);
    ngx_http_clear_accept_ranges(r);

    if (doc >= NGX_HTTP_PKG_REROUTE_FILTER
        && ngx_http_pkg_reroute_rw_ranges(r) != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (doc < NGX_HTTP_PKG_REROUTE_FILTER) {
        /* the upstream's digests are of the document before its rewrite */
        ngx_http_pkg_reroute_rw_digests(r);

    } else if (head) {
        /*
         * a HEAD with no body to filter: whether a version goes, and so
         * the ETag a GET gets, is not known; the upstream's would be
         * the unfiltered file's
         */
        ngx_http_pkg_reroute_rw_digests(r);
        ngx_http_clear_etag(r);
    }

    if (doc == NGX_HTTP_PKG_REROUTE_HTML) {
        rw->html = ngx_palloc(r->pool, sizeof(pr_html_rw_t));
        if (rw->html == NULL) {
            return NGX_ERROR;
        }

        pr_html_rw_init(rw->html, &rw->rw);

    } else {
        rw->json = 1;
    }

#if (NGX_HTTP_CACHE)

    if (r->cache && r->upstream->cacheable && !r->cached
        && (head || r->upstream->headers_in.chunked
            || r->upstream->headers_in.content_length_n < 0))
    {
        /*
         * proxy_cache in this location stores the upstream's document
         * itself; for HEAD it is never read here, and without a
         * Content-Length nginx may store it before its end reaches this
         * filter, so before it is checked
         */
        ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "pkg reroute: a document without Content-Length "
                       "rewritten where it would be cached: not stored");

        r->upstream->cacheable = 0;
    }

#endif

    /*
     * The headers wait for the whole document: what cannot be served is
     * then answered with a 502, and the upstream's answer is not stored
     */

    return head ? ngx_http_next_header_filter(r) : NGX_OK;
}


/*
 * A document in a Content-Encoding (gzip, br...) is not read: its URLs
 * would reach the client as they are. Ask the upstream for identity
 * (proxy_set_header Accept-Encoding "").
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_encoded(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_int_t doc)
{
    u_char     *why, *last;
    size_t      len;
    ngx_str_t  *enc;

    enc = &r->headers_out.content_encoding->value;

    if (!plcf->rewrite_strict && doc < NGX_HTTP_PKG_REROUTE_FILTER) {
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "pkg reroute: an encoded (%V) document is not "
                      "rewritten, served as the upstream sent it "
                      "(pkg_reroute_rewrite_strict off): %*s", enc,
                      ctx->req.path.len, ctx->req.path.data);
        return ngx_http_next_header_filter(r);
    }

    len = sizeof("the upstream's document is encoded (), which is not "
                 "rewritten, not stored") + ngx_min(enc->len, 64);

    why = ngx_pnalloc(r->pool, len);
    if (why == NULL) {
        return NGX_ERROR;
    }

    last = ngx_snprintf(why, len - 1, "the upstream's document is encoded "
                        "(%*s), which is not rewritten, not stored",
                        ngx_min(enc->len, 64), enc->data);
    *last = '\0';

    for (last = why; *last; last++) {
        if (*last < 0x20 || *last == 0x7f) {
            *last = '?';
        }
    }

    return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                                       (char *) why, "content-encoding");
}


/*
 * A document to filter that no filter can read: one in a format that is
 * not filtered (PR_FILTER_CLOSED: /api/v1/versions/<name>.yaml), or an
 * HTML page (an error page, a login form) where a list was asked for.
 * Refused (502, never stored), not passed: it could list a hidden
 * version. NGX_DECLINED: go on.
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_not_filtered(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_int_t doc)
{
    size_t      i;
    ngx_str_t  *ct;

    if (doc == NGX_HTTP_PKG_REROUTE_FILTER + PR_FILTER_CLOSED) {
        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   "the upstream's document lists versions in a format "
                   "that is not filtered, not stored", "invalid-document");
    }

    ct = &r->headers_out.content_type;

    for (i = 0; i + sizeof("html") - 1 <= ct->len; i++) {
        if (ngx_strncasecmp(ct->data + i, (u_char *) "html",
                            sizeof("html") - 1) == 0)
        {
            return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                       "the upstream's document is HTML, not a list of "
                       "versions that can be filtered, not stored",
                       "invalid-document");
        }
    }

    return NGX_DECLINED;
}


/*
 * 1: the body of a HEAD's answer comes through the filters all the same,
 * if the headers wait for it: a HIT (ngx_http_cache_send() sends the
 * stored body unless the header filter ended the answer), or a fill the
 * cache asked for with GET (proxy_cache_convert_head, the default)
 */
static ngx_uint_t
ngx_http_pkg_reroute_rw_head_body(ngx_http_request_t *r)
{
#if (NGX_HTTP_CACHE)
    ngx_str_t  *m;

    if (r->cached) {
        return 1;
    }

    m = &r->upstream->method;

    return r->cache != NULL && m->len == sizeof("GET") - 1
           && ngx_strncmp(m->data, "GET", sizeof("GET") - 1) == 0;
#else
    return 0;
#endif
}


/* Digest, Repr-Digest and Content-MD5: of another body than this one */
static void
ngx_http_pkg_reroute_rw_digests(ngx_http_request_t *r)
{
    ngx_uint_t         i;
    ngx_list_part_t   *part;
    ngx_table_elt_t   *h;

    part = &r->headers_out.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].hash == 0) {
            continue;
        }

        if ((h[i].key.len == sizeof("Digest") - 1
             && ngx_strncasecmp(h[i].key.data, (u_char *) "Digest",
                                sizeof("Digest") - 1) == 0)
            || (h[i].key.len == sizeof("Repr-Digest") - 1
                && ngx_strncasecmp(h[i].key.data, (u_char *) "Repr-Digest",
                                   sizeof("Repr-Digest") - 1) == 0)
            || (h[i].key.len == sizeof("Content-MD5") - 1
                && ngx_strncasecmp(h[i].key.data, (u_char *) "Content-MD5",
                                   sizeof("Content-MD5") - 1) == 0))
        {
            h[i].hash = 0;
        }
    }
}


/*
 * A filtered document that lost a version: the upstream's ETag and
 * digests describe another body. Its ETag becomes the MD5 of what is
 * sent, quoted (old Bundler compares it with the MD5 of its copy after
 * appending a range; rubygems.org's are so made), Digest, Repr-Digest
 * and Content-MD5 go (new Bundler checks Digest: sha-256=).
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_etag(ngx_http_request_t *r, pr_str_t *out)
{
    u_char            *p, md5[16];
    ngx_md5_t          ctx;
    ngx_table_elt_t   *h;

    ngx_http_pkg_reroute_rw_digests(r);
    ngx_http_clear_etag(r);

    p = ngx_pnalloc(r->pool, 2 + 32);
    h = ngx_list_push(&r->headers_out.headers);

    if (p == NULL || h == NULL) {
        return NGX_ERROR;
    }

    ngx_md5_init(&ctx);
    ngx_md5_update(&ctx, out->data, out->len);
    ngx_md5_final(md5, &ctx);

    p[0] = '"';
    ngx_hex_dump(p + 1, md5, 16);
    p[33] = '"';

    h->hash = 1;
#if (nginx_version >= 1023000)
    h->next = NULL;
#endif
    ngx_str_set(&h->key, "ETag");
    h->value.data = p;
    h->value.len = 34;

    r->headers_out.etag = h;

    return NGX_OK;
}


/*
 * A filtered document is sent whole with its length: ranges of it may be
 * cut from what is sent (the range filter comes after this one), and the
 * range filter's "Accept-Ranges: bytes" (it adds the header itself when
 * r->allow_ranges is set, so none is pushed here: it would come twice)
 * lets a proxy_cache in front serve ranges of its stored copy (nginx does
 * for a cached answer that had the header), as Bundler asks for the end
 * of an info file. A range the upstream answers (206) is never passed:
 * refused in the header filter.
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_ranges(ngx_http_request_t *r)
{
    r->allow_ranges = 1;

    return NGX_OK;
}


/* strict: remembers the first unsafe place and refuses; else a warning */
static int
ngx_http_pkg_reroute_rw_unsafe(void *data, pr_unsafe_t what,
    const char *text, size_t len)
{
    u_char                         *p;
    size_t                          i, n;
    const char                     *kind;
    ngx_http_request_t             *r;
    ngx_http_pkg_reroute_ctx_t     *ctx;
    ngx_http_pkg_reroute_rw_ctx_t  *rw;

    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    rw = data;
    r = rw->request;

    /* printable: it goes to the log, the client's body and a header */

    n = ngx_min(len, 256);

    p = ngx_pnalloc(r->pool, n + 3);
    if (p == NULL) {
        n = 0;

    } else {
        for (i = 0; i < n; i++) {
            p[i] = ((u_char) text[i] < 0x20 || (u_char) text[i] == 0x7f)
                   ? '?' : (u_char) text[i];
        }

        if (n < len) {
            p[n++] = '.';
            p[n++] = '.';
            p[n++] = '.';
        }
    }

    kind = (what == PR_UNSAFE_UNMAPPED)
           ? "an artifact URL that no pkg_reroute_rewrite prefix matches"
           : "a key or an attribute given twice where it is read";

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (plcf->rewrite_strict) {
        rw->unsafe = what;
        rw->kind = kind;
        rw->text.data = p;
        rw->text.len = n;
        return 1;
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "pkg reroute: %s (\"%*s\"), served as the upstream sent "
                  "it (pkg_reroute_rewrite_strict off): %*s", kind, n, p,
                  ctx->req.path.len, ctx->req.path.data);

    return 0;
}


static ngx_int_t
ngx_http_pkg_reroute_rw_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_http_pkg_reroute_ctx_t     *ctx;
    ngx_http_pkg_reroute_rw_ctx_t  *rw;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL || ctx->rw == NULL || r != r->main) {
        return ngx_http_next_body_filter(r, in);
    }

    rw = ctx->rw;

    if (rw->done || r->header_only) {
        return ngx_http_next_body_filter(r, in);
    }

    return rw->json ? ngx_http_pkg_reroute_rw_json(r, rw, in)
                    : ngx_http_pkg_reroute_rw_html(r, rw, in);
}


/* copies what comes in (memory or temporary file) and marks it consumed */
static ngx_int_t
ngx_http_pkg_reroute_rw_hold(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in, ngx_uint_t *last)
{
    off_t         size, cap;
    ssize_t       n;
    ngx_buf_t    *b, *copy;
    ngx_chain_t  *cl, *ln;

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;
        size = ngx_buf_size(b);

        if (size > 0) {
            if (rw->size + size > rw->rw.max_size) {
                return NGX_DECLINED;
            }

            /*
             * The document is read in one piece: held in one buffer of
             * the announced length when there is one, else joined later
             */

            copy = (rw->held && rw->held->next == NULL) ? rw->held->buf
                                                          : NULL;

            if (copy == NULL || copy->end - copy->last < size) {
                cap = (rw->held == NULL && r->upstream
                       && r->upstream->headers_in.content_length_n > size
                       && (size_t) r->upstream->headers_in.content_length_n
                          <= rw->rw.max_size)
                      ? r->upstream->headers_in.content_length_n : size;

                copy = ngx_calloc_buf(r->pool);
                ln = ngx_alloc_chain_link(r->pool);

                if (copy == NULL || ln == NULL) {
                    return NGX_ERROR;
                }

                copy->start = ngx_http_pkg_reroute_rw_alloc(r->pool,
                                                            (size_t) cap);
                if (copy->start == NULL) {
                    return NGX_ERROR;
                }

                copy->pos = copy->start;
                copy->last = copy->start;
                copy->end = copy->start + cap;
                copy->temporary = 1;

                ln->buf = copy;
                ln->next = NULL;
                *rw->last = ln;
                rw->last = &ln->next;
            }

            if (ngx_buf_in_memory(b)) {
                copy->last = ngx_cpymem(copy->last, b->pos, size);

            } else {
                n = ngx_read_file(b->file, copy->last, (size_t) size,
                                  b->file_pos);
                if (n != size) {
                    return NGX_ERROR;
                }

                copy->last += size;
            }

            rw->size += size;
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
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *in)
{
    int           rc;
    u_char       *p, *in_doc;
    ngx_int_t     hrc;
    ngx_buf_t    *b;
    pr_str_t      out;
    ngx_uint_t    last, end;
    ngx_chain_t  *cl;
    const char   *err;

    last = 0;

    hrc = ngx_http_pkg_reroute_rw_hold(r, rw, in, &last);

    if (hrc == NGX_DECLINED) {
        return ngx_http_pkg_reroute_rw_refuse(r, rw,
                                              NGX_HTTP_PKG_REROUTE_TOO_LARGE,
                                              NULL, in);
    }

    if (hrc != NGX_OK) {
        return hrc;
    }

    end = last ? 0 : ngx_http_pkg_reroute_rw_end(r, in);

    if (!last && !end) {
        return NGX_OK;
    }

    /* the whole document, in one piece */

    if (rw->held && rw->held->next == NULL) {
        in_doc = rw->held->buf->pos;

    } else {
        in_doc = ngx_pnalloc(r->pool, rw->size + 1);
        if (in_doc == NULL) {
            return NGX_ERROR;
        }

        p = in_doc;

        for (cl = rw->held; cl; cl = cl->next) {
            p = ngx_cpymem(p, cl->buf->pos, cl->buf->last - cl->buf->pos);
            ngx_http_pkg_reroute_rw_free(r->pool, cl->buf->start);
        }
    }

    if (rw->size >= NGX_HTTP_PKG_REROUTE_FILE_MIN
        && rw->doc < NGX_HTTP_PKG_REROUTE_FILTER)
    {
        /* NULL: the rewrite is held in memory */
        rw->file = ngx_http_pkg_reroute_rw_file(r);

        if (rw->file) {
            rw->rw.flush = ngx_http_pkg_reroute_rw_flush;
            rw->rw.flush_data = rw;
        }
    }

    err = NULL;
    out.data = (char *) in_doc;

    if (rw->doc >= NGX_HTTP_PKG_REROUTE_FILTER) {
        rc = pr_filter((pr_filter_kind_t)
                           (rw->doc - NGX_HTTP_PKG_REROUTE_FILTER),
                       out.data, rw->size, &rw->rw, &out, &err);

        if (rc == PR_REWRITE_OK && out.data != (char *) in_doc
            && ngx_http_pkg_reroute_rw_etag(r, &out) != NGX_OK)
        {
            return NGX_ERROR;
        }

    } else {
        rc = pr_rewrite_json((pr_doc_t) rw->doc, out.data, rw->size,
                             &rw->rw, &out, &err);
    }

    if (rw->file && (rc != PR_REWRITE_OK || out.data != NULL)) {
        /* refused, or the input is served: what the file has is dropped */
        ngx_pool_run_cleanup_file(r->pool, rw->file->fd);
        rw->file = NULL;
    }

    if (rc != PR_REWRITE_OK) {
        return ngx_http_pkg_reroute_rw_refuse(r, rw, rc, err, in);
    }

    if (out.data != (char *) in_doc) {
        /* only the rewritten document is kept */
        if (rw->held && rw->held->next == NULL) {
            in_doc = rw->held->buf->start;
        }

        ngx_http_pkg_reroute_rw_free(r->pool, in_doc);
    }

    rw->held = NULL;

    b = ngx_calloc_buf(r->pool);
    cl = ngx_alloc_chain_link(r->pool);

    if (b == NULL || cl == NULL) {
        return NGX_ERROR;
    }

    if (rw->file) {
        b->file = rw->file;
        b->file_pos = 0;
        b->file_last = out.len;
        b->in_file = 1;

    } else {
        b->pos = (u_char *) out.data;
        b->last = b->pos + out.len;
        b->memory = 1;
    }

    cl->buf = b;
    cl->next = NULL;

    return ngx_http_pkg_reroute_rw_send(r, rw, cl, out.len, last);
}


/* the page is rewritten as it comes, and held until its end */
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
    ngx_uint_t    last, end;
    ngx_chain_t  *cl, *ln;

    last = 0;
    end = ngx_http_pkg_reroute_rw_end(r, in);

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;
        size = ngx_buf_size(b);
        last = (b->last_buf || b->last_in_chain);
        data = b->pos;

        if (rw->size + size > rw->rw.max_size) {
            return ngx_http_pkg_reroute_rw_refuse(r, rw,
                                               NGX_HTTP_PKG_REROUTE_TOO_LARGE,
                                               NULL, in);
        }

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

        rc = pr_html_rw_feed(rw->html, (char *) data, (size_t) size,
                             last || (end && cl->next == NULL), &piece);

        b->pos = b->last;
        b->file_pos = b->file_last;
        rw->size += size;

        if (rc != PR_REWRITE_OK) {
            return ngx_http_pkg_reroute_rw_refuse(r, rw, rc, rw->html->err,
                                                  in);
        }

        if (piece.len > 0) {
            ob = ngx_calloc_buf(r->pool);
            ln = ngx_alloc_chain_link(r->pool);

            if (ob == NULL || ln == NULL) {
                return NGX_ERROR;
            }

            ob->pos = (u_char *) piece.data;
            ob->last = ob->pos + piece.len;
            ob->memory = 1;

            ln->buf = ob;
            ln->next = NULL;
            *rw->last = ln;
            rw->last = &ln->next;
            rw->out += piece.len;
        }

        if (last) {
            break;
        }
    }

    if (!last && !end) {
        return NGX_OK;
    }

    return ngx_http_pkg_reroute_rw_send(r, rw, rw->held, rw->out, last);
}


/*
 * proxy_cache: the upstream's body is all read and this call carries what
 * is left of it. nginx stores the document right after this call, before
 * the last buffer comes (from the upstream's finalization): the document
 * is decided now, so that a refusal keeps it out of the cache.
 */
static ngx_uint_t
ngx_http_pkg_reroute_rw_end(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_event_pipe_t     *p;
    ngx_http_upstream_t  *u;

    u = r->upstream;

    if (u == NULL || !u->cacheable || r->cached || u->pipe == NULL) {
        return 0;
    }

    p = u->pipe;

    return (p->upstream_done || p->upstream_eof) && !p->upstream_error
           && (p->in == NULL || p->in == in);
}


/* the headers, with the length, then the document; last: and its end, else
 * the end comes later and passes */
static ngx_int_t
ngx_http_pkg_reroute_rw_send(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_chain_t *out, size_t len,
    ngx_uint_t last)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t  *cl, **ll;

    rw->done = 1;

    r->headers_out.content_length_n = len;

    rc = ngx_http_next_header_filter(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    if (!last) {
        return out ? ngx_http_next_body_filter(r, out) : NGX_OK;
    }

    /* the last buffer ends the answer */

    for (ll = &out; *ll; ll = &(*ll)->next) { /* void */ }

    b = ngx_calloc_buf(r->pool);
    cl = ngx_alloc_chain_link(r->pool);

    if (b == NULL || cl == NULL) {
        return NGX_ERROR;
    }

    b->last_buf = 1;
    b->last_in_chain = 1;

    cl->buf = b;
    cl->next = NULL;
    *ll = cl;

    return ngx_http_next_body_filter(r, out);
}


/*
 * Not served, never stored: a 502 in the client's format (the headers
 * have waited); what the upstream sent is dropped by the next filter
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_refuse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw, ngx_int_t rc, const char *err,
    ngx_chain_t *in)
{
    u_char                           *why, *last;
    size_t                            len;
    ngx_int_t                         hrc;
    ngx_chain_t                      *cl;
    const char                       *reason;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    rw->done = 1;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (rc == PR_REWRITE_GONE && ctx->judged) {
        /* a one-version document whose version the verdict hides */

        plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

        why = ngx_pnalloc(r->pool, ctx->judged->len + 1);
        if (why == NULL) {
            return NGX_ERROR;
        }

        *ngx_cpymem(why, ctx->judged->reason, ctx->judged->len) = '\0';

        hrc = ngx_http_pkg_reroute_refuse(r, ctx, plcf->block_status,
                                          (char *) why, (char *) why);
        goto refused;
    }

    if (err == NULL) {
        err = (rc == PR_REWRITE_GONE) ? "its version is not kept" : "";
    }

    reason = "invalid-document";

    if (rc == NGX_HTTP_PKG_REROUTE_TOO_LARGE) {
        reason = "too-large";

    } else if (rc == PR_REWRITE_UNSAFE) {
        reason = (rw->unsafe == PR_UNSAFE_UNMAPPED) ? "unmapped-url"
                                                     : "duplicate-key";
        err = rw->kind ? rw->kind : err;
    }

    len = sizeof("the upstream's document cannot be rewritten: "
                 " (\"\"), not stored") + ngx_strlen(err) + rw->text.len;

    why = ngx_pnalloc(r->pool, len);
    if (why == NULL) {
        return NGX_ERROR;
    }

    if (rc == NGX_HTTP_PKG_REROUTE_TOO_LARGE) {
        why = (u_char *) ngx_http_pkg_reroute_rw_too_large(r, rw);

    } else if (rc == PR_REWRITE_UNSAFE && rw->text.len) {
        last = ngx_snprintf(why, len - 1, "the upstream's document cannot be "
                            "rewritten: %s (\"%V\"), not stored", err,
                            &rw->text);
        *last = '\0';

    } else {
        last = ngx_snprintf(why, len - 1, "the upstream's document cannot be "
                            "rewritten: %s, not stored", err);
        *last = '\0';
    }

    hrc = ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                                      (char *) why, reason);

refused:

    if (hrc == NGX_ERROR || hrc > NGX_OK) {
        return NGX_ERROR;
    }

    if (r->header_only) {
        /* a HEAD read as a GET (rw_head_body): the answer has no body */
        ctx->answered = 1;
    }

    /* the rest of the upstream's body, consumed or not, goes to the next
     * filter, which drops it and ends the answer */

    for (cl = in; cl; cl = cl->next) {
        cl->buf->pos = cl->buf->last;
        cl->buf->file_pos = cl->buf->file_last;
    }

    return ngx_http_next_body_filter(r, in);
}


/*
 * A document and its rewrite are held in blocks of their own, mapped for
 * the request and unmapped as soon as they are not needed: from malloc(),
 * glibc would keep the freed megabytes in the worker (its mmap threshold
 * rises to the largest block freed). The blocks are aligned to 2 MB and
 * asked for transparent huge pages (MADV_HUGEPAGE, what "madvise" in
 * /sys/kernel/mm/transparent_hugepage/enabled grants): a 10 MB document
 * then costs 5 page faults instead of 2,560, which is most of a rewrite's
 * CPU where a fault is dear (a VM). Without them, the 4 KB pages as before.
 * What is over the last whole huge page, when 512 KB or less, is in 4 KB
 * pages: a 10.2 MB document takes 10.2 MB, not 12 (50 faults more).
 */

#define NGX_HTTP_PKG_REROUTE_MAP_MIN   (1024 * 1024)
#define NGX_HTTP_PKG_REROUTE_MAP_HUGE  (2 * 1024 * 1024)
#define NGX_HTTP_PKG_REROUTE_MAP_TAIL  (512 * 1024)

typedef struct {
    void    *addr;
    size_t   size;
} ngx_http_pkg_reroute_map_t;


static void
ngx_http_pkg_reroute_rw_unmap(void *data)
{
    ngx_http_pkg_reroute_map_t  *m = data;

    if (m->addr != NULL) {
        (void) munmap(m->addr, m->size);
        m->addr = NULL;
    }
}


static void *
ngx_http_pkg_reroute_rw_alloc(void *ctx, size_t size)
{
    u_char                      *p, *a;
    size_t                       len, huge, tail;
    ngx_pool_t                  *pool;
    ngx_pool_cleanup_t          *cln;
    ngx_http_pkg_reroute_map_t  *m;

    pool = ctx;

    if (size < NGX_HTTP_PKG_REROUTE_MAP_MIN) {
        return ngx_palloc(pool, size);
    }

    cln = ngx_pool_cleanup_add(pool, sizeof(ngx_http_pkg_reroute_map_t));
    if (cln == NULL) {
        return NULL;
    }

    huge = NGX_HTTP_PKG_REROUTE_MAP_HUGE;
    len = ngx_align(size, huge);

    if (len < size) {
        return NULL;
    }

    tail = size % huge;

    if (tail && tail <= NGX_HTTP_PKG_REROUTE_MAP_TAIL) {
        len = ngx_align(size, ngx_pagesize);
    }

    /* one huge page more, to cut the mapping at a 2 MB boundary */

    p = mmap(NULL, len + huge, PROT_READ|PROT_WRITE,
             MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }

    a = ngx_align_ptr(p, huge);

    if (a > p) {
        (void) munmap(p, a - p);
    }

    if (a + len < p + len + huge) {
        (void) munmap(a + len, (p + len + huge) - (a + len));
    }

#if (defined MADV_HUGEPAGE)
    if (len >= huge) {
        /* the whole huge pages; the tail past them stays in 4 KB pages */
        (void) madvise(a, len - len % huge, MADV_HUGEPAGE);
    }
#endif

    m = cln->data;
    m->addr = a;
    m->size = len;
    cln->handler = ngx_http_pkg_reroute_rw_unmap;

    return a;
}


static void
ngx_http_pkg_reroute_rw_free(void *ctx, void *p)
{
    ngx_pool_t          *pool;
    ngx_pool_cleanup_t  *cln;

    pool = ctx;

    for (cln = pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_pkg_reroute_rw_unmap
            && ((ngx_http_pkg_reroute_map_t *) cln->data)->addr == p)
        {
            ngx_http_pkg_reroute_rw_unmap(cln->data);
            return;
        }
    }

    ngx_pfree(pool, p);
}


/*
 * The rewrite of a large document goes to a temporary file as it is
 * made, in pieces (pr_rewrite.h: rw->flush), and is sent from there once
 * the document is known good: the worker holds the input only, not the
 * input and its rewrite. The file is unlinked at once (a temporary file
 * of nginx's, not persistent) and closed with the request, or as soon as
 * the document is refused. NULL (nginx logged why): held in memory.
 */
static ngx_file_t *
ngx_http_pkg_reroute_rw_file(ngx_http_request_t *r)
{
    ngx_path_t                *path;
    ngx_file_t                *file;
    ngx_http_core_loc_conf_t  *clcf;

    file = ngx_pcalloc(r->pool, sizeof(ngx_file_t));
    if (file == NULL) {
        return NULL;
    }

    file->fd = NGX_INVALID_FILE;
    file->log = r->connection->log;

    path = (r->upstream && r->upstream->conf) ? r->upstream->conf->temp_path
                                               : NULL;

    if (path == NULL) {
        clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);
        path = clcf->client_body_temp_path;
    }

    if (ngx_create_temp_file(file, path, r->pool, 0, 0, 0) != NGX_OK) {
        return NULL;
    }

    return file;
}


static int
ngx_http_pkg_reroute_rw_flush(void *data, const char *p, size_t n)
{
    ngx_http_pkg_reroute_rw_ctx_t  *rw = data;

    /* ngx_write_file() writes it all or fails, and logs why */

    if (ngx_write_file(rw->file, (u_char *) p, n, rw->file->offset)
        != (ssize_t) n)
    {
        return -1;
    }

    return 0;
}


/* what a document over pkg_reroute_rewrite_max_size is answered */
static const char *
ngx_http_pkg_reroute_rw_too_large(ngx_http_request_t *r,
    ngx_http_pkg_reroute_rw_ctx_t *rw)
{
    u_char  *p, *last;
    size_t   len;

    len = sizeof("the upstream's document cannot be rewritten: document too "
                 "large (pkg_reroute_rewrite_max_size ), not stored")
          + NGX_SIZE_T_LEN;

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return "the upstream's document cannot be rewritten: document too "
               "large, not stored";
    }

    last = ngx_snprintf(p, len - 1, "the upstream's document cannot be "
                        "rewritten: document too large "
                        "(pkg_reroute_rewrite_max_size %uz), not stored",
                        rw->rw.max_size);
    *last = '\0';

    return (char *) p;
}


/* "too many documents are being rewritten...", NUL-terminated */
static u_char *
ngx_http_pkg_reroute_rw_busy_why(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf)
{
    u_char  *p, *last;
    size_t   len;

    len = sizeof("too many documents are being rewritten by this worker "
                 "(pkg_reroute_rewrite_concurrency ), not read, try again "
                 "later") + NGX_INT_T_LEN;

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NULL;
    }

    last = ngx_snprintf(p, len - 1, "too many documents are being rewritten "
                        "by this worker (pkg_reroute_rewrite_concurrency %i), "
                        "not read, try again later",
                        plcf->rewrite_concurrency);
    *last = '\0';

    return p;
}


/*
 * Over pkg_reroute_rewrite_concurrency: the document is not read, a 503
 * in the client's format with Retry-After, never stored
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_busy(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_loc_conf_t *plcf)
{
    u_char  *p;

    p = ngx_http_pkg_reroute_rw_busy_why(r, plcf);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ctx->retry_after = 1;

    return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_SERVICE_UNAVAILABLE,
                                       (char *) p, "busy");
}


/*
 * The request's slot of pkg_reroute_rewrite_concurrency, held until it
 * ends (a pool cleanup: it outlives internal redirects, the module ctx
 * does not): NGX_OK, already held or taken now; NGX_BUSY; NGX_ERROR.
 */
static ngx_int_t
ngx_http_pkg_reroute_rw_take(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf)
{
    ngx_pool_cleanup_t  *cln;

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_pkg_reroute_rw_release) {
            return NGX_OK;
        }
    }

    if (ngx_http_pkg_reroute_rw_active
        >= (ngx_uint_t) plcf->rewrite_concurrency)
    {
        return NGX_BUSY;
    }

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        return NGX_ERROR;
    }

    cln->handler = ngx_http_pkg_reroute_rw_release;
    ngx_http_pkg_reroute_rw_active++;

    return NGX_OK;
}


/*
 * Precontent phase of a place that rewrites, before the upstream is
 * asked: a request for a document that will be rewritten (what the
 * request says it is; not a HEAD) takes its slot now, so that one
 * refused as busy is answered without asking the origin: a 503 in the
 * client's format, Retry-After, X-Pkg-Reroute-Reason busy, as when the
 * slot is taken with the upstream's headers. NGX_DECLINED: go on; else
 * the request was answered (NGX_DONE) or an error status.
 */
ngx_int_t
ngx_http_pkg_reroute_rw_reserve(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_loc_conf_t *plcf)
{
    u_char           *why, *msg, *last;
    size_t            len;
    ngx_int_t         rc;
    ngx_table_elt_t  *h;

    if (plcf->rewrites == NULL || r != r->main
        || r->method == NGX_HTTP_HEAD
        || ngx_http_pkg_reroute_rw_doc(r, ctx) == NGX_DECLINED)
    {
        return NGX_DECLINED;
    }

    rc = ngx_http_pkg_reroute_rw_take(r, plcf);

    if (rc == NGX_OK) {
        return NGX_DECLINED;
    }

    if (rc != NGX_BUSY) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /*
     * Wait for a slot, as limit_req delays a request: the phases run
     * again when the timer fires; pkg_reroute_rewrite_wait at most.
     */

    if (!ctx->rw_waiting) {
        ctx->rw_waiting = 1;
        ctx->rw_since = ngx_current_msec;
    }

    if ((ngx_msec_int_t) (ngx_current_msec - ctx->rw_since)
        < (ngx_msec_int_t) plcf->rewrite_wait)
    {
        ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "pkg reroute: waiting for a rewrite slot");

        r->read_event_handler = ngx_http_test_reading;
        r->write_event_handler = ngx_http_pkg_reroute_rw_wait;
        r->connection->write->delayed = 1;
        ngx_add_timer(r->connection->write, NGX_HTTP_PKG_REROUTE_RW_POLL);

        return NGX_AGAIN;
    }

    why = ngx_http_pkg_reroute_rw_busy_why(r, plcf);
    if (why == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* as ngx_http_pkg_reroute_refuse() says it */

    len = sizeof(": ") + ngx_strlen(why) + ctx->req.path.len;

    msg = ngx_pnalloc(r->pool, len);
    if (msg == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    last = ngx_snprintf(msg, len, "%s: %*s", why,
                        ctx->req.path.len, ctx->req.path.data);

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "pkg reroute: %*s",
                  last - msg, msg);

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "Retry-After");
    ngx_str_set(&h->value, "1");

    return ngx_http_pkg_reroute_answer_reason(r, ctx->req.eco,
                                              NGX_HTTP_SERVICE_UNAVAILABLE,
                                              msg, last - msg, "busy");
}


/* a waiting request's timer: the phases again, or still waiting */
static void
ngx_http_pkg_reroute_rw_wait(ngx_http_request_t *r)
{
    ngx_event_t  *wev;

    wev = r->connection->write;

    if (wev->delayed) {
        if (ngx_handle_write_event(wev, 0) != NGX_OK) {
            ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        }

        return;
    }

    if (ngx_handle_read_event(r->connection->read, 0) != NGX_OK) {
        ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    r->read_event_handler = ngx_http_block_reading;
    r->write_event_handler = ngx_http_core_run_phases;

    ngx_http_core_run_phases(r);
}


static void
ngx_http_pkg_reroute_rw_release(void *data)
{
    ngx_http_pkg_reroute_rw_active--;
}
