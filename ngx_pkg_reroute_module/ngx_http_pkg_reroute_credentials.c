/*
 * ngx_pkg_reroute: a client's credential headers (pr_credential.c says
 * which), kept from the upstreams that must not see them.
 *
 *   strip     (pkg_reroute_client_credentials strip, the default) a place
 *             with pkg_reroute and no pkg_reroute_redirect sends none of
 *             them upstream: after the access phase (auth_basic,
 *             auth_request have read them), before the content handler
 *             (proxy_pass) builds the upstream request; the upstream's
 *             credential is the operator's own proxy_set_header
 *   forward   the client's credentials go upstream, and an answer to a
 *             request that carries one is never stored (u->cacheable),
 *             nor served from the cache: $pkg_reroute_credentials is "1"
 *             for proxy_cache_bypass, and an answer the cache gives such
 *             a request all the same is refused with a 502
 *   followed  pkg_reroute_follow's hop never sends them, in either mode
 *
 * That a request went upstream with the client's credentials is kept in a
 * pool cleanup of the request, which survives the move to the hop of
 * pkg_reroute_follow (the module context does not).
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_credential.h"


static ngx_uint_t ngx_http_pkg_reroute_forwarded(ngx_http_request_t *r);
static void ngx_http_pkg_reroute_forwarded_cleanup(void *data);
static ngx_int_t ngx_http_pkg_reroute_credentials_filter(
    ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_credentials_variable(
    ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data);


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;

static ngx_str_t  ngx_http_pkg_reroute_credentials_name =
    ngx_string("pkg_reroute_credentials");


ngx_int_t
ngx_http_pkg_reroute_credentials_init(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var;

    var = ngx_http_add_variable(cf, &ngx_http_pkg_reroute_credentials_name,
                                NGX_HTTP_VAR_NOCACHEABLE);
    if (var == NULL) {
        return NGX_ERROR;
    }

    var->get_handler = ngx_http_pkg_reroute_credentials_variable;

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_credentials_filter;

    return NGX_OK;
}


/*
 * A request the module lets through to the location's content handler:
 * in a cache-mode place (no redirect target), its credentials are removed,
 * or, where the place forwards them, the request is marked.
 */

ngx_int_t
ngx_http_pkg_reroute_client_credentials(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf)
{
    ngx_pool_cleanup_t  *cln;

    if (plcf->redirect.data) {
        return NGX_DECLINED;
    }

    if (plcf->credentials == 0) {
        if (ngx_http_pkg_reroute_strip_credentials(r) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return NGX_DECLINED;
    }

    if (ngx_http_pkg_reroute_forwarded(r)
        || ngx_http_pkg_reroute_credentialed(r) == 0)
    {
        return NGX_DECLINED;
    }

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    cln->handler = ngx_http_pkg_reroute_forwarded_cleanup;

    ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: the client's credentials go upstream, "
                   "the answer is not cached");

    return NGX_DECLINED;
}


/* 1 if the request went upstream with the client's credentials */

static ngx_uint_t
ngx_http_pkg_reroute_forwarded(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t  *cln;

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_pkg_reroute_forwarded_cleanup) {
            return 1;
        }
    }

    return 0;
}


static void
ngx_http_pkg_reroute_forwarded_cleanup(void *data)
{
    /* a mark only */
}


static ngx_int_t
ngx_http_pkg_reroute_credentials_filter(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_ctx_t  *ctx;

    if (r->upstream == NULL || !ngx_http_pkg_reroute_forwarded(r)) {
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (r->cached && r == r->main && ctx && !ctx->refused) {
        /* another user's answer, or an anonymous one */
        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   "a request with the client's credentials found its "
                   "answer in the cache: add \"proxy_cache_bypass "
                   "$pkg_reroute_credentials\" to the place", NULL);
    }

    /* never stored, whatever proxy_no_cache says */
    r->upstream->cacheable = 0;

    return ngx_http_next_header_filter(r);
}


/*
 * $pkg_reroute_credentials: "1" where the client's credentials go
 * upstream (pkg_reroute_client_credentials forward, and the request has
 * one), for proxy_cache_bypass and proxy_no_cache; empty otherwise.
 */

static ngx_int_t
ngx_http_pkg_reroute_credentials_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_uint_t                        on;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    on = ngx_http_pkg_reroute_forwarded(r);

    if (!on) {
        plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

        on = plcf->eco != PR_ECO_NONE && plcf->redirect.data == NULL
             && plcf->credentials == 1
             && ngx_http_pkg_reroute_credentialed(r);
    }

    v->len = on ? 1 : 0;
    v->data = (u_char *) "1";
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}

/* the number of credential headers the request carries */

ngx_uint_t
ngx_http_pkg_reroute_credentialed(ngx_http_request_t *r)
{
    ngx_uint_t        i, n;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    n = 0;
    part = &r->headers_in.headers.part;
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

        n += pr_credential_header((char *) h[i].key.data, h[i].key.len);
    }

    return n;
}


/*
 * The request's credential headers are removed: what nginx sends upstream
 * (proxy_pass_request_headers) and its $http_ variables no longer have
 * them. What an operator sets with proxy_set_header is not touched.
 */

ngx_int_t
ngx_http_pkg_reroute_strip_credentials(ngx_http_request_t *r)
{
    ngx_uint_t                  i;
    ngx_list_t                  headers;
    ngx_http_variable_t        *v;
    ngx_http_core_main_conf_t  *cmcf;

    if (ngx_http_pkg_reroute_credentialed(r) == 0) {
        return NGX_OK;
    }

    if (ngx_http_pkg_reroute_headers_copy(r->pool, &r->headers_in.headers,
                                          &headers,
                                          ngx_http_pkg_reroute_credential)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    r->headers_in.headers = headers;

    if (headers.last == &headers.part) {
        /* the copy's own first part, not the local one */
        r->headers_in.headers.last = &r->headers_in.headers.part;
    }

    r->headers_in.authorization = NULL;
#if (nginx_version >= 1023000)
    r->headers_in.cookie = NULL;
#else
    r->headers_in.cookies.nelts = 0;
#endif

    /*
     * A $http_... or $cookie_... variable read before (set, a map, a log
     * of the rewrite phase) keeps its value in r->variables: it is read
     * again from the headers as they are now
     */

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_core_module);
    v = cmcf->variables.elts;

    for (i = 0; i < cmcf->variables.nelts; i++) {
        if ((v[i].name.len > 5
             && ngx_strncmp(v[i].name.data, "http_", 5) == 0)
            || (v[i].name.len > 7
                && ngx_strncmp(v[i].name.data, "cookie_", 7) == 0))
        {
            r->variables[i].valid = 0;
            r->variables[i].not_found = 0;
        }
    }

    return NGX_OK;
}


/* drop() of ngx_http_pkg_reroute_headers_copy: a credential header */
ngx_uint_t
ngx_http_pkg_reroute_credential(ngx_table_elt_t *h)
{
    return pr_credential_header((char *) h->key.data, h->key.len);
}


/*
 * to: a new list in pool with the headers of from that drop() does not
 * name (the client's headers less its credentials, less its Accept...)
 */
ngx_int_t
ngx_http_pkg_reroute_headers_copy(ngx_pool_t *pool, ngx_list_t *from,
    ngx_list_t *to, ngx_uint_t (*drop)(ngx_table_elt_t *h))
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *nh;

    if (ngx_list_init(to, pool, 20, sizeof(ngx_table_elt_t)) != NGX_OK) {
        return NGX_ERROR;
    }

    part = &from->part;
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

        if (drop(&h[i])) {
            continue;
        }

        nh = ngx_list_push(to);
        if (nh == NULL) {
            return NGX_ERROR;
        }

        *nh = h[i];
#if (nginx_version >= 1023000)
        nh->next = NULL;
#endif
    }

    return NGX_OK;
}
