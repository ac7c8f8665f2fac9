/*
 * ngx_pkg_reroute: the request path. The access phase classifies, decides
 * and denies; the precontent phase, after every access check of the
 * location, answers what is rerouted. Everything else passes to whatever
 * the location does.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_answer.h"


static ngx_uint_t ngx_http_pkg_reroute_decide(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
static ngx_int_t ngx_http_pkg_reroute_redirect_to(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
static ngx_int_t ngx_http_pkg_reroute_add_header(ngx_http_request_t *r,
    char *key, u_char *data, size_t len);
static pr_method_t ngx_http_pkg_reroute_method(ngx_uint_t method);
static void ngx_http_pkg_reroute_refuse_overrides(ngx_http_request_t *r,
    pr_req_t *req);
static ngx_uint_t ngx_http_pkg_reroute_form_body(ngx_http_request_t *r,
    pr_req_t *req);
static ngx_uint_t ngx_http_pkg_reroute_header_is(ngx_str_t *key,
    ngx_str_t *name);


static pr_method_t
ngx_http_pkg_reroute_method(ngx_uint_t method)
{
    switch (method) {
    case NGX_HTTP_GET:
        return PR_METHOD_GET;
    case NGX_HTTP_HEAD:
        return PR_METHOD_HEAD;
    case NGX_HTTP_POST:
        return PR_METHOD_POST;
    case NGX_HTTP_PUT:
        return PR_METHOD_PUT;
    case NGX_HTTP_DELETE:
        return PR_METHOD_DELETE;
    case NGX_HTTP_PATCH:
        return PR_METHOD_PATCH;
    default:
        return PR_METHOD_OTHER;
    }
}


/* the request's classification, made once and kept in the module ctx */
ngx_http_pkg_reroute_ctx_t *
ngx_http_pkg_reroute_classify(ngx_http_request_t *r)
{
    u_char                           *p;
    size_t                            plen, size;
    unsigned                          flags;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);
    if (ctx) {
        return ctx;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (plcf->eco == PR_ECO_NONE) {
        return NULL;
    }

    /*
     * The raw path, decoded here exactly once; after a rewrite or an
     * internal redirect only nginx's decoded URI is left.
     */

    if (r->valid_unparsed_uri) {
        p = r->unparsed_uri.data;
        plen = r->args_start ? (size_t) (r->args_start - 1 - p)
                             : r->unparsed_uri.len;
        flags = 0;

    } else {
        p = r->uri.data;
        plen = r->uri.len;
        flags = PR_PATH_DECODED;
    }

    size = sizeof(ngx_http_pkg_reroute_ctx_t)
           + pr_scratch_size(plen, r->args.len);

    ctx = ngx_palloc(r->pool, size);
    if (ctx == NULL) {
        return NULL;
    }

    /* the scratch after it needs no zeroing */
    ngx_memzero(ctx, sizeof(ngx_http_pkg_reroute_ctx_t));
    ctx->published = PR_TIME_UNKNOWN;

    ctx->req.buf = (char *) (ctx + 1);
    ctx->req.size = size - sizeof(ngx_http_pkg_reroute_ctx_t);

    if (pr_classify_prefix(plcf->eco, ngx_http_pkg_reroute_method(r->method),
                           (char *) plcf->prefix.data, plcf->prefix.len,
                           (char *) p, plen, (char *) r->args.data,
                           r->args.len, flags, &ctx->req)
        != 0)
    {
        ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                      "pkg reroute: classifier scratch too small");
        return NULL;
    }

    ngx_http_pkg_reroute_refuse_overrides(r, &ctx->req);

    ngx_http_set_ctx(r, ctx, ngx_http_pkg_reroute_module);

    return ctx;
}


/*
 * What the classifier cannot see: a header that asks a server behind
 * to take another method or another path (X-Original-URL, X-Rewrite-URL:
 * IIS, Symfony, Zend), in any case and with '_' for '-' (CGI and Rack
 * read both as one), and a GET or HEAD with a body (which some servers
 * read as another request), make the request invalid.
 */
static void
ngx_http_pkg_reroute_refuse_overrides(ngx_http_request_t *r, pr_req_t *req)
{
    ngx_uint_t        i, k;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    static ngx_str_t  overrides[] = {
        ngx_string("X-HTTP-Method-Override"),
        ngx_string("X-HTTP-Method"),
        ngx_string("X-Method-Override"),
        ngx_null_string
    };

    static ngx_str_t  paths[] = {
        ngx_string("X-Original-URL"),
        ngx_string("X-Rewrite-URL"),
        ngx_null_string
    };

    if (req->cls == PR_CLASS_INVALID) {
        return;
    }

    if ((r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))
        && (r->headers_in.content_length_n > 0 || r->headers_in.chunked))
    {
        req->cls = PR_CLASS_INVALID;
        req->error = "a GET or HEAD with a body";
        goto invalid;
    }

    if (ngx_http_pkg_reroute_form_body(r, req)) {
        req->cls = PR_CLASS_INVALID;
        req->error = "a form body where the query names a repository";
        goto invalid;
    }

    part = &r->headers_in.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        for (k = 0; overrides[k].len; k++) {
            if (ngx_http_pkg_reroute_header_is(&h[i].key, &overrides[k])) {
                req->cls = PR_CLASS_INVALID;
                req->error = "method override";
                goto invalid;
            }
        }

        for (k = 0; paths[k].len; k++) {
            if (ngx_http_pkg_reroute_header_is(&h[i].key, &paths[k])) {
                req->cls = PR_CLASS_INVALID;
                req->error = "the path given in a header";
                goto invalid;
            }
        }
    }

invalid:

    req->nnames = 0;
    req->name.len = 0;
    req->version.len = 0;
    req->file.len = 0;
}


/* the header's name is name, in any case, '_' and '-' alike */
static ngx_uint_t
ngx_http_pkg_reroute_header_is(ngx_str_t *key, ngx_str_t *name)
{
    u_char      c;
    ngx_uint_t  i;

    if (key->len != name->len) {
        return 0;
    }

    for (i = 0; i < key->len; i++) {
        c = ngx_tolower(key->data[i]);

        if (c == '_') {
            c = '-';
        }

        if (c != ngx_tolower(name->data[i])) {
            return 0;
        }
    }

    return 1;
}


/*
 * Docker registries read a blob mount's "from=" with Go's FormValue,
 * which takes a form body's arguments before the query's: where the query
 * was checked (a POST to a row that names a repository), a form body is
 * not let through.
 */
static ngx_uint_t
ngx_http_pkg_reroute_form_body(ngx_http_request_t *r, pr_req_t *req)
{
    size_t            len;
    u_char           *p, *last;
    ngx_uint_t        i;
    ngx_table_elt_t  *ct;

    static ngx_str_t  forms[] = {
        ngx_string("application/x-www-form-urlencoded"),
        ngx_string("multipart/form-data"),
        ngx_null_string
    };

    ct = r->headers_in.content_type;

    if (req->eco != PR_ECO_DOCKER || r->method != NGX_HTTP_POST
        || req->endpoint == NULL || !req->endpoint->names || ct == NULL)
    {
        return 0;
    }

    p = ct->value.data;
    last = p + ct->value.len;

    while (p < last && (*p == ' ' || *p == '\t')) {
        p++;
    }

    len = last - p;

    for (i = 0; forms[i].len; i++) {
        if (len >= forms[i].len
            && ngx_strncasecmp(p, forms[i].data, forms[i].len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


static ngx_uint_t
ngx_http_pkg_reroute_decide(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    ngx_uint_t  methods;

    if (ctx->decision != NGX_HTTP_PKG_REROUTE_UNDECIDED) {
        return ctx->decision;
    }

    methods = plcf->methods;

    if (methods == 0) {
        /*
         * GET and HEAD, Hugging Face too: huggingface_hub's HEAD must get
         * the repository manager's X-Repo-Commit and X-Linked-* headers,
         * never the public Hub's 302 to its CDN (README, huggingface)
         */
        methods = NGX_HTTP_GET|NGX_HTTP_HEAD;
    }

    ctx->rule = plcf->rule;

    /*
     * Every method is checked: the methods only choose what is rerouted.
     * A package named by an unknown shape or method is checked too.
     */

    if (ctx->req.cls == PR_CLASS_INVALID) {
        ctx->decision = NGX_HTTP_PKG_REROUTE_INVALID;
        goto done;
    }

    if (ctx->req.nnames && (plcf->rule || plcf->policy_gen.len)) {
        if (plcf->rule) {
            pr_rule_decide_req(plcf->rule, &ctx->req, &ctx->verdict);
        }

        if (ctx->verdict.verdict == PR_VERDICT_BLOCK
            || ngx_http_pkg_reroute_judge(r, plcf, ctx))
        {
            ctx->decision = NGX_HTTP_PKG_REROUTE_BLOCK;
            goto done;
        }
    }

    if (ctx->req.cls == PR_CLASS_UNKNOWN) {
        /* closed by default; under an allow rule, always */
        ctx->decision = (plcf->unknown_deny
                         || (plcf->rule && plcf->rule->mode == PR_MODE_ALLOW))
                        ? NGX_HTTP_PKG_REROUTE_UNKNOWN
                        : NGX_HTTP_PKG_REROUTE_PASS;

    } else if (!(r->method & methods) || ctx->req.cls == PR_CLASS_ROOT
               || (ctx->req.kind == PR_KIND_WRITE
                   && (r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))))
    {
        /* a read of a write (Docker's upload status) goes with the write */
        ctx->decision = NGX_HTTP_PKG_REROUTE_PASS;

    } else {
        ctx->decision = plcf->redirect.data ? NGX_HTTP_PKG_REROUTE_REROUTE
                                            : NGX_HTTP_PKG_REROUTE_ALLOW;
    }

done:

    ngx_log_debug5(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: %s %s \"%*s\" decision %ui",
                   pr_eco_name(ctx->req.eco), pr_kind_name(ctx->req.kind),
                   ctx->req.name.len, ctx->req.name.data, ctx->decision);

    return ctx->decision;
}


ngx_int_t
ngx_http_pkg_reroute_access_handler(ngx_http_request_t *r)
{
    ngx_int_t                         rc;
    ngx_uint_t                        decision;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (plcf->eco == PR_ECO_NONE) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_pkg_reroute_classify(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* the artifact's publication time, before the verdict reads it */
    rc = ngx_http_pkg_reroute_times_access(r, plcf, ctx);
    if (rc != NGX_DECLINED) {
        return rc;
    }

    /* a Docker tag's or Hugging Face revision's time, before the verdict */
    rc = ngx_http_pkg_reroute_tsrc(r, plcf, ctx);
    if (rc != NGX_DECLINED) {
        return rc;
    }

    decision = ngx_http_pkg_reroute_decide(r, plcf, ctx);

    if (decision == NGX_HTTP_PKG_REROUTE_BLOCK
        || decision == NGX_HTTP_PKG_REROUTE_INVALID
        || decision == NGX_HTTP_PKG_REROUTE_UNKNOWN)
    {
        return ngx_http_pkg_reroute_deny(r, plcf, ctx);
    }

    return NGX_DECLINED;
}


ngx_int_t
ngx_http_pkg_reroute_precontent_handler(ngx_http_request_t *r)
{
    ngx_int_t                         rc;
    ngx_uint_t                        decision;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (plcf->eco == PR_ECO_NONE) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_pkg_reroute_classify(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    decision = ngx_http_pkg_reroute_decide(r, plcf, ctx);

    switch (decision) {

    case NGX_HTTP_PKG_REROUTE_BLOCK:
    case NGX_HTTP_PKG_REROUTE_INVALID:
    case NGX_HTTP_PKG_REROUTE_UNKNOWN:
        /* the access phase did not run for this location: deny here */
        return ngx_http_pkg_reroute_deny(r, plcf, ctx);

    case NGX_HTTP_PKG_REROUTE_REROUTE:
        return ngx_http_pkg_reroute_redirect_to(r, plcf, ctx);

    default:
        /* a document to rewrite takes its slot before the upstream */
        rc = ngx_http_pkg_reroute_rw_reserve(r, ctx, plcf);
        if (rc != NGX_DECLINED) {
            return rc;
        }

        /*
         * on to the upstream, with or without the client's credentials
         * (ngx_http_pkg_reroute_client_credentials), and with the
         * operator's docker token if one is kept
         */
        return ngx_http_pkg_reroute_token_use(r, plcf);
    }
}


static ngx_int_t
ngx_http_pkg_reroute_redirect_to(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    u_char           *p;
    size_t            len;
    ngx_table_elt_t  *location;

    len = plcf->redirect.len + ctx->req.path.len + 1 + ctx->req.query.len;

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    location = ngx_list_push(&r->headers_out.headers);
    if (location == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    location->hash = 1;
    ngx_str_set(&location->key, "Location");
    location->value.data = p;

    p = ngx_cpymem(p, plcf->redirect.data, plcf->redirect.len);
    p = ngx_cpymem(p, ctx->req.path.data, ctx->req.path.len);

    if (ctx->req.query.len) {
        *p++ = '?';
        p = ngx_cpymem(p, ctx->req.query.data, ctx->req.query.len);
    }

    location->value.len = p - location->value.data;

    ngx_http_clear_location(r);
    r->headers_out.location = location;

    /* nginx answers with its own short body, as for "return 307" */
    return plcf->redirect_status;
}


/* also pkg_reroute_follow's answer to a redirect into a blocked name */
ngx_int_t
ngx_http_pkg_reroute_deny(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    u_char          *msg, *last;
    size_t           len;
    const pr_str_t  *rule;
    ngx_uint_t       status, level;
    const pr_str_t  *name, *pattern;

    rule = NULL;
    pattern = NULL;

    len = sizeof("invalid  request: ") + 32 + 3 * PR_MAX_NAME_LEN
          + (ctx->rule ? ctx->rule->name.len : 0)
          + PR_PATTERN_MAX_LEN;

    msg = ngx_pnalloc(r->pool, len);
    if (msg == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->decision == NGX_HTTP_PKG_REROUTE_INVALID) {
        status = NGX_HTTP_BAD_REQUEST;
        level = NGX_LOG_INFO;
        last = ngx_snprintf(msg, len, "invalid %s request: %s",
                            pr_eco_name(ctx->req.eco), ctx->req.error);

    } else if (ctx->decision == NGX_HTTP_PKG_REROUTE_UNKNOWN) {
        status = plcf->block_status;
        level = NGX_LOG_INFO;
        last = ngx_snprintf(msg, len, "not a known %s endpoint: %s",
                            pr_eco_name(ctx->req.eco), ctx->req.error);

    } else if (ctx->verdict.verdict != PR_VERDICT_BLOCK && ctx->judged) {
        /* a version (pr_verdict): its reason */
        status = plcf->block_status;
        level = plcf->log_level;
        rule = ctx->rule ? &ctx->rule->name : NULL;
        pattern = ctx->judged->pattern;
        last = ngx_cpymem(msg, ctx->judged->reason,
                          ngx_min(ctx->judged->len, len));

    } else {
        status = plcf->block_status;
        level = plcf->log_level;
        rule = &ctx->rule->name;
        name = ctx->verdict.name;
        pattern = ctx->verdict.pattern;

        if (pattern && ctx->rule->mode == PR_MODE_BLOCK) {
            last = ngx_snprintf(msg, len,
                                "package \"%*s\" is blocked by rule \"%*s\" "
                                "(pattern \"%*s\")",
                                name->len, name->data,
                                ctx->rule->name.len, ctx->rule->name.data,
                                pattern->len, pattern->data);

        } else {
            last = ngx_snprintf(msg, len,
                                "package \"%*s\" is not allowed by rule "
                                "\"%*s\"", name->len, name->data,
                                ctx->rule->name.len, ctx->rule->name.data);
        }
    }

    ngx_log_error(level, r->connection->log, 0, "pkg reroute: %*s",
                  last - msg, msg);

    if (rule
        && ngx_http_pkg_reroute_add_header(r, "X-Pkg-Reroute-Rule",
                                           (u_char *) rule->data, rule->len)
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (pattern
        && ngx_http_pkg_reroute_add_header(r, "X-Pkg-Reroute-Pattern",
                                           (u_char *) pattern->data,
                                           pattern->len) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_pkg_reroute_answer(r, ctx->req.eco, status, msg,
                                       last - msg);
}


/*
 * Answers the request itself, whatever the location does: the status,
 * msg in the client's format (pr_answer), X-Pkg-Reroute-Reason (and
 * Hugging Face's X-Error-Message) beside the headers the caller pushed.
 * Returns NGX_DONE (the request is finalized) or an error status.
 */
ngx_int_t
ngx_http_pkg_reroute_answer(ngx_http_request_t *r, ngx_uint_t eco,
    ngx_uint_t status, u_char *msg, size_t len)
{
    return ngx_http_pkg_reroute_answer_reason(r, eco, status, msg, len, NULL);
}


/* the same, X-Pkg-Reroute-Reason a token (reason) instead of msg if set */
ngx_int_t
ngx_http_pkg_reroute_answer_reason(ngx_http_request_t *r, ngx_uint_t eco,
    ngx_uint_t status, u_char *msg, size_t len, const char *reason)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t   out;
    pr_answer_t   ans;

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        ngx_http_finalize_request(r, rc);
        return NGX_DONE;
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->start = ngx_pnalloc(r->pool, pr_answer_size(len));
    if (b->start == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    pr_answer((pr_eco_t) eco, status, (char *) msg, len, (char *) b->start,
              &ans);

    b->pos = b->start;
    b->last = b->start + ans.len;
    b->end = b->last;
    b->memory = 1;
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    /* a "return 302" of the place may have left its Location */
    ngx_http_clear_location(r);

    r->headers_out.status = status;
    r->headers_out.content_length_n = ans.len;
    r->headers_out.content_type.data = (u_char *) ans.content_type;
    r->headers_out.content_type.len = ngx_strlen(ans.content_type);
    r->headers_out.content_type_len = r->headers_out.content_type.len;

    if (ngx_http_pkg_reroute_add_header(r, "X-Pkg-Reroute-Reason",
            reason ? (u_char *) reason : msg, reason ? ngx_strlen(reason) : len)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (eco == PR_ECO_HUGGINGFACE
        && ngx_http_pkg_reroute_add_header(r, "X-Error-Message", msg, len)
           != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_send_header(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        ngx_http_finalize_request(r, rc);
        return NGX_DONE;
    }

    out.buf = b;
    out.next = NULL;

    ngx_http_finalize_request(r, ngx_http_output_filter(r, &out));

    return NGX_DONE;
}


static ngx_int_t
ngx_http_pkg_reroute_add_header(ngx_http_request_t *r, char *key,
    u_char *data, size_t len)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    h->key.data = (u_char *) key;
    h->key.len = ngx_strlen(key);
    h->value.data = data;
    h->value.len = len;

    return NGX_OK;
}


/* the first header of the list named name (any case), or NULL */
ngx_table_elt_t *
ngx_http_pkg_reroute_header_find(ngx_list_t *headers, const char *name,
    size_t len)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &headers->part;
    h = part->elts;

    for (i = 0; /* void */ ; i++) {
        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].hash && h[i].key.len == len
            && ngx_strncasecmp(h[i].key.data, (u_char *) name, len) == 0)
        {
            return &h[i];
        }
    }
}
