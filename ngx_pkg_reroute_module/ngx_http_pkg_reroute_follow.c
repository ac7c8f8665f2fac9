/*
 * ngx_pkg_reroute: pkg_reroute_follow, upstream redirects followed inside
 * nginx, to the places' own host patterns only.
 *
 *   header filter  an upstream's 301/302/303/307/308 to a GET or HEAD in a
 *                  place with pkg_reroute_follow is never sent nor stored:
 *                  its Location is kept, and the filter answers with the
 *                  status, which nginx's error_page entries (added here at
 *                  merge time) turn into a move to the hop, the named
 *                  location @pkg_reroute_follow that
 *                  conf.d-examples/pkg-reroute/follow.conf defines
 *   hop            (rewrite phase of @pkg_reroute_follow) resolves the
 *                  Location against the URL that answered it; a target on
 *                  the registry itself is classified again and checked by
 *                  the place's rule; any other host must match the place's
 *                  patterns, is resolved with nginx's resolver, and every
 *                  address it has is checked; the hop then proxies to the
 *                  checked address with Host and SNI set to the name,
 *                  without the client's credential headers, under the
 *                  original request's cache zone and key
 *   lookups        a time lookup's fetch (ngx_http_pkg_reroute_tsrc.c, a
 *                  subrequest) is followed the same way: its own state
 *                  (the pool is the client's), the same checks and hops
 *   kept headers   headers of the first (registry) answer that clients
 *                  need on the file (Hugging Face's X-Repo-Commit,
 *                  X-Linked-Etag, X-Linked-Size) are added to the final
 *                  answer, and to what the cache stores of it
 *
 * What the module needs across the move to the hop (which wipes module
 * contexts) lives in a pool cleanup of the request, as the place's own
 * configuration does: the hop runs with the place's pkg_reroute
 * configuration, so that freshness, the mime guard and the rules are the
 * place's.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_answer.h"
#include "pr_follow.h"


#define NGX_HTTP_PKG_REROUTE_FOLLOW_HOPS      5
#define NGX_HTTP_PKG_REROUTE_FOLLOW_MAX_HOPS  8


typedef struct {
    pr_follow_hosts_t                  hosts;
    ngx_array_t                       *allow;      /* of ngx_cidr_t */
    ngx_array_t                       *keep;       /* of ngx_str_t */
    ngx_uint_t                         hops;
    ngx_uint_t                         hop;        /* @pkg_reroute_follow */
    u_char                            *file;
    ngx_uint_t                         line;
} ngx_http_pkg_reroute_follow_conf_t;


typedef struct {
    ngx_http_request_t                *request;     /* whose state: a
                                                     * time lookup's fetch
                                                     * shares the pool */
    ngx_http_pkg_reroute_loc_conf_t   *place;
    ngx_http_pkg_reroute_ctx_t        *ctx;         /* the place's */
    ngx_uint_t                         hops;
    ngx_uint_t                         status;
    ngx_str_t                          location;    /* as the upstream
                                                     * sent it */
    ngx_str_t                          base;        /* the URL that
                                                     * answered it */
    ngx_str_t                          reg_scheme;  /* the place's
                                                     * upstream */
    ngx_str_t                          reg_host;
    ngx_uint_t                         reg_port;
    ngx_uint_t                         reg_no_port;
    ngx_str_t                          reg_prefix;
    ngx_str_t                          cache;       /* zone name */
    ngx_str_t                          key;
    ngx_array_t                       *kept;        /* ngx_table_elt_t */
    pr_url_t                           target;
    ngx_str_t                          url;         /* the variables */
    ngx_str_t                          host;
    ngx_str_t                          name;
    ngx_str_t                          fail;
    ngx_resolver_t                    *resolver;    /* the place's */
    ngx_msec_t                         resolver_timeout;
    ngx_resolver_ctx_t                *rctx;
    unsigned                           pending:1;
    unsigned                           resolving:1;
    unsigned                           waiting:1;
    unsigned                           resolved:1;
} ngx_http_pkg_reroute_follow_t;


static ngx_http_pkg_reroute_follow_t *ngx_http_pkg_reroute_follow_state(
    ngx_http_request_t *r, ngx_uint_t create);
static ngx_uint_t ngx_http_pkg_reroute_follow_applies(ngx_http_request_t *r);
static void ngx_http_pkg_reroute_follow_cleanup(void *data);
static ngx_int_t ngx_http_pkg_reroute_follow_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_follow_hop(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_follow_same(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static ngx_http_pkg_reroute_ctx_t *ngx_http_pkg_reroute_follow_classify(
    ngx_http_request_t *r, ngx_http_pkg_reroute_follow_t *st,
    ngx_str_t *prefix);
static ngx_uint_t ngx_http_pkg_reroute_follow_upstream(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static ngx_int_t ngx_http_pkg_reroute_follow_resolve(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static void ngx_http_pkg_reroute_follow_resolved(ngx_resolver_ctx_t *rctx);
static ngx_int_t ngx_http_pkg_reroute_follow_go(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static ngx_int_t ngx_http_pkg_reroute_follow_fail(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static ngx_int_t ngx_http_pkg_reroute_follow_failed(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st, const char *fmt, ...);
static ngx_int_t ngx_http_pkg_reroute_follow_swap(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static ngx_int_t ngx_http_pkg_reroute_follow_header_filter(
    ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_follow_catch(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_follow_t *st);
static ngx_int_t ngx_http_pkg_reroute_follow_record(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_follow_t *st,
    ngx_uint_t status);
static ngx_int_t ngx_http_pkg_reroute_follow_collect(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_follow_t *st);
static ngx_uint_t ngx_http_pkg_reroute_follow_is_redirect(ngx_uint_t status);
static ngx_uint_t ngx_http_pkg_reroute_follow_has(ngx_list_t *headers,
    ngx_str_t *name);
static ngx_int_t ngx_http_pkg_reroute_follow_keep(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st);
static ngx_int_t ngx_http_pkg_reroute_follow_error_pages(ngx_conf_t *cf,
    ngx_http_core_loc_conf_t *clcf);
static ngx_int_t ngx_http_pkg_reroute_follow_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


static ngx_str_t  ngx_http_pkg_reroute_follow_hop_name =
    ngx_string("@pkg_reroute_follow");


/* what huggingface_hub refuses a file without (file_download.py) */
static ngx_str_t  ngx_http_pkg_reroute_follow_hf_keep[] = {
    ngx_string("X-Repo-Commit"),
    ngx_string("X-Linked-Etag"),
    ngx_string("X-Linked-Size"),
    ngx_null_string
};


static ngx_http_variable_t  ngx_http_pkg_reroute_follow_vars[] = {

    { ngx_string("pkg_reroute_follow_url"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, url),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_follow_host"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, host),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_follow_name"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, name),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_follow_cache"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, cache),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_follow_key"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, key),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;


/* configuration */

char *
ngx_http_pkg_reroute_follow(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    u_char                              *p, *last;
    ngx_int_t                            n;
    ngx_str_t                           *value, *name, s;
    ngx_uint_t                           i, nexact, nsuffix;
    ngx_cidr_t                          *cidr;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    if (plcf->follow != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (cf->args->nelts == 2 && ngx_strcmp(value[1].data, "off") == 0) {
        plcf->follow = NULL;
        return NGX_CONF_OK;
    }

    fcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_pkg_reroute_follow_conf_t));
    if (fcf == NULL) {
        return NGX_CONF_ERROR;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     fcf->allow = NULL;
     *     fcf->keep = NULL;
     *     fcf->hop = 0;
     */

    fcf->hops = NGX_HTTP_PKG_REROUTE_FOLLOW_HOPS;
    fcf->file = cf->conf_file->file.name.data;
    fcf->line = cf->conf_file->line;

    fcf->hosts.exact = ngx_palloc(cf->pool,
                                  cf->args->nelts * sizeof(pr_str_t));
    fcf->hosts.suffix = ngx_palloc(cf->pool,
                                   cf->args->nelts * sizeof(pr_str_t));
    if (fcf->hosts.exact == NULL || fcf->hosts.suffix == NULL) {
        return NGX_CONF_ERROR;
    }

    nexact = 0;
    nsuffix = 0;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "hops=", 5) == 0) {
            n = ngx_atoi(value[i].data + 5, value[i].len - 5);

            if (n < 1 || n > NGX_HTTP_PKG_REROUTE_FOLLOW_MAX_HOPS) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid \"%V\" in \"pkg_reroute_follow\", "
                                   "it must be 1 to %d", &value[i],
                                   NGX_HTTP_PKG_REROUTE_FOLLOW_MAX_HOPS);
                return NGX_CONF_ERROR;
            }

            fcf->hops = n;
            continue;
        }

        if (ngx_strncmp(value[i].data, "allow_address=", 14) == 0) {
            if (fcf->allow == NULL) {
                fcf->allow = ngx_array_create(cf->pool, 2,
                                              sizeof(ngx_cidr_t));
                if (fcf->allow == NULL) {
                    return NGX_CONF_ERROR;
                }
            }

            cidr = ngx_array_push(fcf->allow);
            if (cidr == NULL) {
                return NGX_CONF_ERROR;
            }

            s.data = value[i].data + 14;
            s.len = value[i].len - 14;

            if (ngx_ptocidr(&s, cidr) != NGX_OK) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid \"%V\" in \"pkg_reroute_follow\", "
                                   "it must be an address or a CIDR block",
                                   &value[i]);
                return NGX_CONF_ERROR;
            }

            ngx_conf_log_error(NGX_LOG_NOTICE, cf, 0,
                               "\"pkg_reroute_follow\" follows redirects to "
                               "names that resolve to %V: meant for tests, "
                               "it lets the upstream reach these addresses",
                               &s);
            continue;
        }

        if (ngx_strncmp(value[i].data, "keep=", 5) == 0) {
            if (fcf->keep) {
                return "has \"keep=\" twice";
            }

            fcf->keep = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
            if (fcf->keep == NULL) {
                return NGX_CONF_ERROR;
            }

            p = value[i].data + 5;
            last = value[i].data + value[i].len;

            while (p < last) {
                name = ngx_array_push(fcf->keep);
                if (name == NULL) {
                    return NGX_CONF_ERROR;
                }

                name->data = p;

                while (p < last && *p != ',') {
                    p++;
                }

                name->len = p - name->data;
                p++;

                if (name->len == 0) {
                    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                       "invalid \"%V\" in "
                                       "\"pkg_reroute_follow\", it must be "
                                       "\"keep=<header>[,<header>...]\"",
                                       &value[i]);
                    return NGX_CONF_ERROR;
                }
            }

            continue;
        }

        n = pr_follow_pattern_kind((char *) value[i].data, value[i].len);

        if (n < 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid host pattern \"%V\" in "
                               "\"pkg_reroute_follow\", it must be a host "
                               "name or \"*.<domain>\" (never an address)",
                               &value[i]);
            return NGX_CONF_ERROR;
        }

        ngx_strlow(value[i].data, value[i].data, value[i].len);

        if (n == 1) {
            /* "*.example.com" is every name ending in ".example.com" */
            fcf->hosts.suffix[nsuffix].data = (char *) value[i].data + 1;
            fcf->hosts.suffix[nsuffix++].len = value[i].len - 1;

        } else {
            fcf->hosts.exact[nexact].data = (char *) value[i].data;
            fcf->hosts.exact[nexact++].len = value[i].len;
        }
    }

    fcf->hosts.nexact = nexact;
    fcf->hosts.nsuffix = nsuffix;

    pr_follow_hosts_sort(&fcf->hosts);

    plcf->follow = fcf;

    return NGX_CONF_OK;
}


/*
 * Called at the end of the pkg_reroute merge of every location: the
 * place's error_page entries for 3xx go to the hop, the hop location
 * itself is marked, and what would follow redirects unchecked is refused.
 */
char *
ngx_http_pkg_reroute_follow_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    ngx_str_t                           *value, *hop;
    ngx_uint_t                           i, found;
    ngx_queue_t                         *q;
    ngx_http_err_page_t                 *ep;
    ngx_http_core_srv_conf_t            *cscf;
    ngx_http_core_loc_conf_t            *clcf, *sclcf, *lclcf;
    ngx_http_location_queue_t           *lq;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    ngx_conf_merge_ptr_value(conf->follow, prev->follow, NULL);

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);

    hop = &ngx_http_pkg_reroute_follow_hop_name;

    if (clcf->named && clcf->name.len == hop->len
        && ngx_strncmp(clcf->name.data, hop->data, hop->len) == 0)
    {
        fcf = ngx_pcalloc(cf->pool,
                          sizeof(ngx_http_pkg_reroute_follow_conf_t));
        if (fcf == NULL) {
            return NGX_CONF_ERROR;
        }

        fcf->hop = 1;
        conf->follow = fcf;

        /* the next hop's redirect comes back here */
        return ngx_http_pkg_reroute_follow_error_pages(cf, clcf) == NGX_OK
               ? NGX_CONF_OK : NGX_CONF_ERROR;
    }

    if (conf->eco == PR_ECO_NONE) {
        return NGX_CONF_OK;
    }

    fcf = conf->follow;

    if (conf->redirect.data) {
        /* redirect mode: nothing is fetched, so nothing to follow */

        if (fcf && fcf != prev->follow) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "\"pkg_reroute_follow\" cannot be used with "
                          "\"pkg_reroute_redirect\": in redirect mode "
                          "nothing is fetched (in %s:%ui)",
                          fcf->file, fcf->line);
            return NGX_CONF_ERROR;
        }

        conf->follow = NULL;
        return NGX_CONF_OK;
    }

    if (clcf->error_pages) {
        ep = clcf->error_pages->elts;

        for (i = 0; i < clcf->error_pages->nelts; i++) {
            if (ep[i].status < NGX_HTTP_MOVED_PERMANENTLY
                || ep[i].status > NGX_HTTP_PERMANENT_REDIRECT
                || ep[i].status == NGX_HTTP_NOT_MODIFIED)
            {
                continue;
            }

            value = &ep[i].value.value;

            if (ep[i].value.lengths == NULL && value->len == hop->len
                && ngx_strncmp(value->data, hop->data, hop->len) == 0)
            {
                continue;
            }

            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "\"error_page %i\" in a pkg_reroute place follows "
                          "upstream redirects unchecked (any host, any "
                          "address, cached under the package's key): use "
                          "\"pkg_reroute_follow\" and include "
                          "pkg-reroute/follow.conf in the server "
                          "(location \"%V\")", ep[i].status, &clcf->name);
            return NGX_CONF_ERROR;
        }
    }

    if (fcf == NULL) {
        return NGX_CONF_OK;
    }

    /* the hop must be in this server: nginx looks named locations up there */

    cscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_core_module);
    sclcf = cscf->ctx->loc_conf[ngx_http_core_module.ctx_index];
    found = 0;

    if (sclcf->locations) {
        for (q = ngx_queue_head(sclcf->locations);
             q != ngx_queue_sentinel(sclcf->locations);
             q = ngx_queue_next(q))
        {
            lq = (ngx_http_location_queue_t *) q;
            lclcf = lq->exact ? lq->exact : lq->inclusive;

            if (lclcf && lclcf->named && lclcf->name.len == hop->len
                && ngx_strncmp(lclcf->name.data, hop->data, hop->len) == 0)
            {
                found = 1;
                break;
            }
        }
    }

    if (!found) {
        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "\"pkg_reroute_follow\" needs the location "
                      "@pkg_reroute_follow in its server: add "
                      "\"include pkg-reroute/follow.conf;\" to the "
                      "server { } (in %s:%ui)", fcf->file, fcf->line);
        return NGX_CONF_ERROR;
    }

    return ngx_http_pkg_reroute_follow_error_pages(cf, clcf) == NGX_OK
           ? NGX_CONF_OK : NGX_CONF_ERROR;
}


/* error_page 301 302 303 307 308 = @pkg_reroute_follow, keeping the rest */
static ngx_int_t
ngx_http_pkg_reroute_follow_error_pages(ngx_conf_t *cf,
    ngx_http_core_loc_conf_t *clcf)
{
    ngx_uint_t            i, n;
    ngx_array_t          *pages;
    ngx_http_err_page_t  *ep, *old;

    static ngx_int_t  codes[] = {
        NGX_HTTP_MOVED_PERMANENTLY, NGX_HTTP_MOVED_TEMPORARILY,
        NGX_HTTP_SEE_OTHER, NGX_HTTP_TEMPORARY_REDIRECT,
        NGX_HTTP_PERMANENT_REDIRECT
    };

    n = clcf->error_pages ? clcf->error_pages->nelts : 0;

    pages = ngx_array_create(cf->pool, n + 5, sizeof(ngx_http_err_page_t));
    if (pages == NULL) {
        return NGX_ERROR;
    }

    old = n ? clcf->error_pages->elts : NULL;

    for (i = 0; i < n; i++) {
        if (old[i].status >= NGX_HTTP_MOVED_PERMANENTLY
            && old[i].status <= NGX_HTTP_PERMANENT_REDIRECT)
        {
            continue;
        }

        ep = ngx_array_push(pages);
        if (ep == NULL) {
            return NGX_ERROR;
        }

        *ep = old[i];
    }

    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        ep = ngx_array_push(pages);
        if (ep == NULL) {
            return NGX_ERROR;
        }

        ngx_memzero(ep, sizeof(ngx_http_err_page_t));

        ep->status = codes[i];
        ep->overwrite = 0;          /* "=": the hop's status */
        ep->value.value = ngx_http_pkg_reroute_follow_hop_name;
    }

    clcf->error_pages = pages;

    return NGX_OK;
}


ngx_int_t
ngx_http_pkg_reroute_follow_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    if (ngx_http_pkg_reroute_add_vars(cf, ngx_http_pkg_reroute_follow_vars)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_REWRITE_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_pkg_reroute_follow_handler;

    /* registered last: runs before the other filters of the module */

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_follow_header_filter;

    return NGX_OK;
}


/* the request's follow state: survives the move to the hop */

static ngx_http_pkg_reroute_follow_t *
ngx_http_pkg_reroute_follow_state(ngx_http_request_t *r, ngx_uint_t create)
{
    ngx_pool_cleanup_t             *cln;
    ngx_http_pkg_reroute_follow_t  *st;

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_pkg_reroute_follow_cleanup) {
            st = cln->data;

            if (st->request == r) {
                return st;
            }
        }
    }

    if (!create) {
        return NULL;
    }

    cln = ngx_pool_cleanup_add(r->pool,
                               sizeof(ngx_http_pkg_reroute_follow_t));
    if (cln == NULL) {
        return NULL;
    }

    ngx_memzero(cln->data, sizeof(ngx_http_pkg_reroute_follow_t));
    cln->handler = ngx_http_pkg_reroute_follow_cleanup;

    st = cln->data;
    st->request = r;

    return st;
}


/*
 * The requests whose upstream redirects are followed: the client's own,
 * and a time lookup's fetch (a config blob that Docker Hub redirects to
 * its CDN), with the same checks and bounds
 */
static ngx_uint_t
ngx_http_pkg_reroute_follow_applies(ngx_http_request_t *r)
{
    return r == r->main || ngx_http_pkg_reroute_tsrc_fetching(r);
}


/* 1 while an upstream redirect of r is on its way to the hop */
ngx_uint_t
ngx_http_pkg_reroute_follow_pending(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_follow_t  *st;

    st = ngx_http_pkg_reroute_follow_state(r, 0);

    return st && st->pending;
}


/* 1 on the hop: the request left the place for a redirect's target */
ngx_uint_t
ngx_http_pkg_reroute_follow_hopped(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_follow_t  *st;

    st = ngx_http_pkg_reroute_follow_state(r, 0);

    return st && st->hops > 0;
}


static void
ngx_http_pkg_reroute_follow_cleanup(void *data)
{
    ngx_http_pkg_reroute_follow_t  *st = data;

    if (st->rctx) {
        /* the request ended while its target was being resolved */
        ngx_resolve_name_done(st->rctx);
        st->rctx = NULL;
    }
}


/* rewrite phase: the place records itself; the hop does its work */

static ngx_int_t
ngx_http_pkg_reroute_follow_handler(ngx_http_request_t *r)
{
    ngx_http_core_loc_conf_t            *clcf;
    ngx_http_pkg_reroute_follow_t       *st;
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    if (!ngx_http_pkg_reroute_follow_applies(r)) {
        return NGX_DECLINED;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    fcf = plcf->follow;

    if (fcf == NULL) {
        return NGX_DECLINED;
    }

    if (fcf->hop) {
        return ngx_http_pkg_reroute_follow_hop(r);
    }

    st = ngx_http_pkg_reroute_follow_state(r, 0);

    if (st && st->resolved) {
        /* the hop again, after the resolver: the place's conf by now */
        return ngx_http_pkg_reroute_follow_hop(r);
    }

    if (plcf->eco == PR_ECO_NONE) {
        return NGX_DECLINED;
    }

    if (st == NULL) {
        st = ngx_http_pkg_reroute_follow_state(r, 1);
        if (st == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (st->hops == 0) {
        st->place = plcf;

        clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);
        st->resolver = clcf->resolver;
        st->resolver_timeout = clcf->resolver_timeout;
    }

    return NGX_DECLINED;
}


static ngx_int_t
ngx_http_pkg_reroute_follow_hop(ngx_http_request_t *r)
{
    u_char                              *buf;
    size_t                               size;
    const char                          *err;
    ngx_http_upstream_t                 *u;
    ngx_http_pkg_reroute_ctx_t          *tctx;
    ngx_http_pkg_reroute_follow_t       *st;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    st = ngx_http_pkg_reroute_follow_state(r, 0);

    if (st == NULL || st->place == NULL) {
        ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                      "pkg reroute: @pkg_reroute_follow reached from "
                      "no pkg_reroute_follow place");
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ngx_http_pkg_reroute_follow_swap(r, st) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (!st->pending && !st->resolved) {
        /*
         * not caught by the header filter: nginx intercepted the
         * redirect itself (proxy_intercept_errors on in the place), or
         * it is nginx's own 3xx, or proxy_cache_valid stored one
         */

        u = r->upstream;

        if (u == NULL || u->headers_in.location == NULL
            || !ngx_http_pkg_reroute_follow_is_redirect(
                    u->headers_in.status_n)
            || !(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD)))
        {
            st->location.len = 0;
            return ngx_http_pkg_reroute_follow_failed(r, st,
                       "a redirect that is not the upstream's reached "
                       "pkg_reroute_follow (a \"return 30x\" in the place, "
                       "or a redirect that proxy_cache_valid stored)");
        }

        if (ngx_http_pkg_reroute_follow_record(r, st->place, st,
                                               u->headers_in.status_n)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (st->place->strict) {
            return ngx_http_pkg_reroute_follow_failed(r, st,
                       "the upstream redirected elsewhere, and strict mode "
                       "fetches from nowhere but the upstream");
        }
    }

    if (st->resolved) {
        /* back from the resolver */
        st->resolved = 0;
        return st->fail.len ? ngx_http_pkg_reroute_follow_fail(r, st)
                            : ngx_http_pkg_reroute_follow_go(r, st);
    }

    /* a redirect of the next hop may use error_page again */
    r->error_page = 0;

    fcf = st->place->follow;

    st->hops++;

    if (st->hops > fcf->hops) {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream answered with more than %ui redirect%s",
                   fcf->hops, fcf->hops == 1 ? "" : "s");
    }

    size = st->base.len + st->location.len + 16;

    buf = ngx_pnalloc(r->pool, size);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    err = pr_follow_resolve((char *) st->base.data, st->base.len,
                            (char *) st->location.data, st->location.len,
                            (char *) buf, size, &st->target);
    if (err) {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream redirected to a Location that %s", err);
    }

    if (st->target.host.len == st->reg_host.len
        && ngx_strncmp(st->target.host.data, st->reg_host.data,
                       st->reg_host.len) == 0
        && st->target.port == st->reg_port)
    {
        /* the registry itself: its rules apply to the new name */
        return ngx_http_pkg_reroute_follow_same(r, st);
    }

    if (st->target.literal) {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream redirected to an address, not a host name "
                   "(%*s)", st->target.host.len, st->target.host.data);
    }

    if (!pr_follow_host_match(&fcf->hosts, st->target.host.data,
                              st->target.host.len))
    {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream redirected to a host that "
                   "pkg_reroute_follow does not list (%*s)",
                   st->target.host.len, st->target.host.data);
    }

    /*
     * A listed host that serves the registry's own shapes (codeload for
     * github.com): a path the catalogue knows is checked by the rule too;
     * a CDN's own paths (hashes, signed URLs) are unknown and pass here
     */

    tctx = ngx_http_pkg_reroute_follow_classify(r, st, NULL);
    if (tctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (tctx->req.endpoint && tctx->req.cls == PR_CLASS_PACKAGE
        && st->place->rule)
    {
        pr_rule_decide_req(st->place->rule, &tctx->req, &tctx->verdict);

        if (tctx->verdict.verdict == PR_VERDICT_BLOCK) {
            ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                          "pkg reroute: the upstream redirected to a blocked "
                          "name: Location \"%V\"", &st->location);

            tctx->decision = NGX_HTTP_PKG_REROUTE_BLOCK;
            tctx->rule = st->place->rule;
            st->pending = 0;

            return ngx_http_pkg_reroute_deny(r, st->place, tctx);
        }
    }

    if (ngx_http_pkg_reroute_follow_upstream(r, st)) {
        return ngx_http_pkg_reroute_follow_go(r, st);
    }

    return ngx_http_pkg_reroute_follow_resolve(r, st);
}


/* the target's path classified as the place's ecosystem, as a GET */
static ngx_http_pkg_reroute_ctx_t *
ngx_http_pkg_reroute_follow_classify(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st, ngx_str_t *prefix)
{
    u_char                      *p, *q, *end;
    size_t                       size, plen, qlen;
    ngx_http_pkg_reroute_ctx_t  *tctx;

    p = (u_char *) st->target.path.data;
    end = p + st->target.path.len;
    q = ngx_strlchr(p, end, '?');
    plen = (q ? q : end) - p;
    qlen = q ? (size_t) (end - q - 1) : 0;

    size = sizeof(ngx_http_pkg_reroute_ctx_t) + pr_scratch_size(plen, qlen);

    tctx = ngx_pcalloc(r->pool, size);
    if (tctx == NULL) {
        return NULL;
    }

    tctx->published = PR_TIME_UNKNOWN;
    tctx->req.buf = (char *) (tctx + 1);
    tctx->req.size = size - sizeof(ngx_http_pkg_reroute_ctx_t);

    if (pr_classify_prefix(st->place->eco, PR_METHOD_GET,
                           prefix ? (char *) prefix->data : NULL,
                           prefix ? prefix->len : 0,
                           (char *) p, plen, q ? (char *) q + 1 : NULL, qlen,
                           0, &tctx->req)
        != 0)
    {
        return NULL;
    }

    return tctx;
}


/*
 * A listed name that is an upstream { } block of the configuration: its
 * servers are the operator's, as a proxy_pass to it would use them; no
 * resolver is asked.
 */
static ngx_uint_t
ngx_http_pkg_reroute_follow_upstream(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    u_char                         *p;
    ngx_uint_t                      i;
    ngx_http_upstream_srv_conf_t  **uscfp;
    ngx_http_upstream_main_conf_t  *umcf;

    if (st->target.explicit_port) {
        return 0;
    }

    umcf = ngx_http_get_module_main_conf(r, ngx_http_upstream_module);
    uscfp = umcf->upstreams.elts;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if ((uscfp[i]->flags & NGX_HTTP_UPSTREAM_CREATE)
            && uscfp[i]->port == 0
            && uscfp[i]->host.len == st->target.host.len
            && ngx_strncasecmp(uscfp[i]->host.data,
                               (u_char *) st->target.host.data,
                               st->target.host.len) == 0)
        {
            break;
        }
    }

    if (i == umcf->upstreams.nelts) {
        return 0;
    }

    p = ngx_pnalloc(r->pool, st->target.scheme.len + sizeof("://") - 1
                             + st->target.host.len + st->target.path.len);
    if (p == NULL) {
        return 0;
    }

    st->url.data = p;
    st->url.len = ngx_sprintf(p, "%*s://%*s%*s",
                              st->target.scheme.len, st->target.scheme.data,
                              st->target.host.len, st->target.host.data,
                              st->target.path.len, st->target.path.data)
                  - p;

    st->name.data = (u_char *) st->target.host.data;
    st->name.len = st->target.host.len;

    return 1;
}


/* the hop runs with the place's pkg_reroute configuration */

static ngx_int_t
ngx_http_pkg_reroute_follow_swap(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    void  **conf;

    if (r->loc_conf[ngx_http_pkg_reroute_module.ctx_index] == st->place) {
        return NGX_OK;
    }

    conf = ngx_palloc(r->pool, ngx_http_max_module * sizeof(void *));
    if (conf == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(conf, r->loc_conf, ngx_http_max_module * sizeof(void *));
    conf[ngx_http_pkg_reroute_module.ctx_index] = st->place;
    r->loc_conf = conf;

    return NGX_OK;
}


/* a target on the registry: classified and decided as a request would be */

static ngx_int_t
ngx_http_pkg_reroute_follow_same(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    u_char                           *p;
    size_t                            size;
    ngx_http_pkg_reroute_ctx_t       *tctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = st->place;

    tctx = ngx_http_pkg_reroute_follow_classify(r, st, &st->reg_prefix);
    if (tctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (tctx->req.cls == PR_CLASS_INVALID) {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream redirected to a path that is not a valid "
                   "%s request (%s)", pr_eco_name(plcf->eco),
                   tctx->req.error);
    }

    if (tctx->req.cls == PR_CLASS_UNKNOWN) {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream redirected to a path that is not a known "
                   "%s endpoint (%s)", pr_eco_name(plcf->eco),
                   tctx->req.error);
    }

    /*
     * Hugging Face's relative 307 from /resolve/ to /api/resolve-cache/
     * is the same file: it must name the repository that was checked
     */

    if (plcf->eco == PR_ECO_HUGGINGFACE && st->ctx
        && !pr_same_package(&st->ctx->req, &tctx->req))
    {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "the upstream redirected to another repository");
    }

    if (tctx->req.nnames && plcf->rule) {
        pr_rule_decide_req(plcf->rule, &tctx->req, &tctx->verdict);

        if (tctx->verdict.verdict == PR_VERDICT_BLOCK) {
            ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                          "pkg reroute: the upstream redirected to a blocked "
                          "name: Location \"%V\"", &st->location);

            tctx->decision = NGX_HTTP_PKG_REROUTE_BLOCK;
            tctx->rule = plcf->rule;
            st->pending = 0;

            return ngx_http_pkg_reroute_deny(r, plcf, tctx);
        }
    }

    /* the registry's own name: its upstream { } or the resolver's answer */

    size = st->reg_scheme.len + sizeof("://") - 1 + st->reg_host.len
           + sizeof(":65535") - 1 + st->target.path.len;

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    st->url.data = p;
    p = ngx_sprintf(p, "%V://%V", &st->reg_scheme, &st->reg_host);

    if (!st->reg_no_port || st->target.explicit_port) {
        p = ngx_sprintf(p, ":%ui", st->reg_port);
    }

    p = ngx_cpymem(p, st->target.path.data, st->target.path.len);
    st->url.len = p - st->url.data;

    st->name = st->reg_host;

    return ngx_http_pkg_reroute_follow_go(r, st);
}


static ngx_int_t
ngx_http_pkg_reroute_follow_resolve(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    ngx_resolver_ctx_t  *rctx, temp;

    temp.name.data = (u_char *) st->target.host.data;
    temp.name.len = st->target.host.len;

    /* the place's resolver: the hop's is the server's */
    rctx = st->resolver ? ngx_resolve_start(st->resolver, &temp)
                        : NGX_NO_RESOLVER;
    if (rctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rctx == NGX_NO_RESOLVER) {
        return ngx_http_pkg_reroute_follow_failed(r, st,
                   "no resolver is defined to check the redirect's host "
                   "(%*s)", st->target.host.len, st->target.host.data);
    }

    rctx->name = temp.name;
    rctx->handler = ngx_http_pkg_reroute_follow_resolved;
    rctx->data = r;
    rctx->timeout = st->resolver_timeout;

    st->rctx = rctx;
    st->resolving = 1;
    st->waiting = 0;

    if (ngx_resolve_name(rctx) != NGX_OK) {
        st->rctx = NULL;
        st->resolving = 0;
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (st->resolving) {
        /* the answer comes later: the request waits for it */
        st->waiting = 1;
        r->main->count++;
        return NGX_DONE;
    }

    /* answered from the resolver's cache, right away */
    st->resolved = 0;

    return st->fail.len ? ngx_http_pkg_reroute_follow_fail(r, st)
                        : ngx_http_pkg_reroute_follow_go(r, st);
}


static void
ngx_http_pkg_reroute_follow_resolved(ngx_resolver_ctx_t *rctx)
{
    u_char                              *p, text[NGX_SOCKADDR_STRLEN];
    size_t                               len;
    ngx_uint_t                           i, waiting;
    const char                          *why;
    struct sockaddr                     *sa;
    ngx_connection_t                    *c;
    ngx_http_request_t                  *r;
    struct sockaddr_in                  *sin;
    ngx_http_pkg_reroute_follow_t       *st;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;
#if (NGX_HAVE_INET6)
    struct sockaddr_in6                 *sin6;
#endif

    r = rctx->data;
    c = r->connection;
    st = ngx_http_pkg_reroute_follow_state(r, 0);
    fcf = st->place->follow;

    if (rctx->state) {
        (void) ngx_http_pkg_reroute_follow_failed(r, st,
                   "the redirect's host %V cannot be resolved (%i: %s)",
                   &rctx->name, rctx->state,
                   ngx_resolver_strerror(rctx->state));
        goto done;
    }

    for (i = 0; i < rctx->naddrs; i++) {
        sa = rctx->addrs[i].sockaddr;

        if (fcf->allow
            && ngx_cidr_match(sa, fcf->allow) == NGX_OK)
        {
            continue;
        }

        switch (sa->sa_family) {

#if (NGX_HAVE_INET6)
        case AF_INET6:
            sin6 = (struct sockaddr_in6 *) sa;
            why = pr_follow_addr_refused(6, sin6->sin6_addr.s6_addr);
            break;
#endif

        case AF_INET:
            sin = (struct sockaddr_in *) sa;
            why = pr_follow_addr_refused(4,
                      (unsigned char *) &sin->sin_addr.s_addr);
            break;

        default:
            why = "unknown";
        }

        if (why) {
            len = ngx_sock_ntop(sa, rctx->addrs[i].socklen, text,
                                NGX_SOCKADDR_STRLEN, 0);

            (void) ngx_http_pkg_reroute_follow_failed(r, st,
                       "the redirect's host %V resolves to %*s, a %s "
                       "address", &rctx->name, len, text, why);
            goto done;
        }
    }

    if (rctx->naddrs == 0) {
        (void) ngx_http_pkg_reroute_follow_failed(r, st,
                   "the redirect's host %V has no address", &rctx->name);
        goto done;
    }

    /* the first address, checked with all the others */

    sa = rctx->addrs[0].sockaddr;
    len = ngx_sock_ntop(sa, rctx->addrs[0].socklen, text,
                        NGX_SOCKADDR_STRLEN, 0);

    p = ngx_pnalloc(r->pool, st->target.scheme.len + sizeof("://[]:65535")
                             + len + st->target.path.len);
    if (p == NULL) {
        ngx_str_set(&st->fail, "out of memory");
        goto done;
    }

    st->url.data = p;
    st->url.len = ngx_sprintf(p, (sa->sa_family == AF_INET)
                                 ? "%*s://%*s:%ui%*s" : "%*s://[%*s]:%ui%*s",
                              st->target.scheme.len, st->target.scheme.data,
                              len, text, (ngx_uint_t) st->target.port,
                              st->target.path.len, st->target.path.data)
                  - p;

    st->name.data = (u_char *) st->target.host.data;
    st->name.len = st->target.host.len;

done:

    ngx_resolve_name_done(rctx);
    st->rctx = NULL;
    st->resolving = 0;
    st->resolved = 1;

    waiting = st->waiting;
    st->waiting = 0;

    if (!waiting) {
        /* within ngx_resolve_name(): the hop goes on from there */
        return;
    }

    r->write_event_handler = ngx_http_core_run_phases;
    ngx_http_core_run_phases(r);

    /* the reference the wait held */
    ngx_http_finalize_request(r, NGX_DONE);

    ngx_http_run_posted_requests(c);
}


/* the target is checked: on to the hop's proxy_pass */

static ngx_int_t
ngx_http_pkg_reroute_follow_go(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    u_char  *p;

    p = ngx_pnalloc(r->pool, st->name.len + sizeof(":65535") - 1);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    st->host.data = p;

    if (st->target.explicit_port) {
        st->host.len = ngx_sprintf(p, "%V:%ui", &st->name,
                                   (ngx_uint_t) st->target.port) - p;

    } else {
        st->host.len = ngx_cpymem(p, st->name.data, st->name.len) - p;
    }

    /* what the next redirect, if any, is resolved against */

    p = ngx_pnalloc(r->pool, st->target.scheme.len + sizeof("://:65535") - 1
                             + st->name.len + st->target.path.len);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    st->base.data = p;
    st->base.len = ngx_sprintf(p, "%*s://%V:%ui%*s",
                               st->target.scheme.len, st->target.scheme.data,
                               &st->name, (ngx_uint_t) st->target.port,
                               st->target.path.len, st->target.path.data)
                   - p;

    st->pending = 0;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: following \"%V\" to \"%V\"",
                   &st->location, &st->url);

    /* the client's credential headers are not sent on a followed hop */

    if (ngx_http_pkg_reroute_strip_credentials(r) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return NGX_DECLINED;
}


/* a refusal, logged with the Location, answered in the client's format */

static ngx_int_t
ngx_http_pkg_reroute_follow_failed(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st, const char *fmt, ...)
{
    u_char   *p, *last;
    va_list   args;

    p = ngx_pnalloc(r->pool, 1024);
    if (p == NULL) {
        ngx_str_set(&st->fail, "out of memory");
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    va_start(args, fmt);
    last = ngx_vslprintf(p, p + 1024, fmt, args);
    va_end(args);

    st->fail.data = p;
    st->fail.len = last - p;

    if (st->resolving) {
        /* the resolver's handler: answered when the hop goes on */
        return NGX_OK;
    }

    return ngx_http_pkg_reroute_follow_fail(r, st);
}


static ngx_int_t
ngx_http_pkg_reroute_follow_fail(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    u_char                      *msg, *last;
    size_t                       len;
    ngx_table_elt_t             *h;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    st->pending = 0;

    ctx = ngx_http_pkg_reroute_classify(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "pkg reroute: %V, not followed: Location \"%V\" for %*s",
                  &st->fail, &st->location, ctx->req.path.len,
                  ctx->req.path.data);

    len = st->fail.len + sizeof(", not followed: ") + ctx->req.path.len;

    msg = ngx_pnalloc(r->pool, len);
    if (msg == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    last = ngx_snprintf(msg, len, "%V, not followed: %*s", &st->fail,
                        ctx->req.path.len, ctx->req.path.data);

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "X-Pkg-Reroute-Follow");
    ngx_str_set(&h->value, "refused");

    return ngx_http_pkg_reroute_answer(r, ctx->req.eco, NGX_HTTP_BAD_GATEWAY,
                                       msg, last - msg);
}


/* answers from an upstream */

/* 1 when the header filter below catches r's answer: a redirect to follow */
ngx_uint_t
ngx_http_pkg_reroute_follow_catches(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    if (r->upstream == NULL || !ngx_http_pkg_reroute_follow_applies(r)) {
        return 0;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    fcf = plcf->follow;

    return fcf && !fcf->hop && plcf->eco != PR_ECO_NONE
           && ngx_http_pkg_reroute_follow_state(r, 0)
           && ngx_http_pkg_reroute_follow_is_redirect(r->headers_out.status)
           && !plcf->strict
           && (r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))
           && r->upstream->headers_in.location;
}


static ngx_int_t
ngx_http_pkg_reroute_follow_header_filter(ngx_http_request_t *r)
{
    ngx_uint_t                           status;
    ngx_http_pkg_reroute_follow_t       *st;
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    if (r->upstream == NULL || !ngx_http_pkg_reroute_follow_applies(r)) {
        return ngx_http_next_header_filter(r);
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    fcf = plcf->follow;

    if (fcf == NULL || fcf->hop || plcf->eco == PR_ECO_NONE) {
        return ngx_http_next_header_filter(r);
    }

    st = ngx_http_pkg_reroute_follow_state(r, 0);
    if (st == NULL) {
        return ngx_http_next_header_filter(r);
    }

    status = r->headers_out.status;

    if (ngx_http_pkg_reroute_follow_is_redirect(status)
        && !plcf->strict
        && (r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))
        && r->upstream->headers_in.location)
    {
        return ngx_http_pkg_reroute_follow_catch(r, plcf, st);
    }

    if (st->hops == 0) {
        return ngx_http_next_header_filter(r);
    }

    if (status >= NGX_HTTP_BAD_REQUEST && r->upstream->cacheable) {
        /* a CDN's error (an expired signature...) is no package */
        r->upstream->cacheable = 0;
    }

    if (ngx_http_pkg_reroute_follow_keep(r, st) != NGX_OK) {
        return NGX_ERROR;
    }

    return ngx_http_next_header_filter(r);
}


/*
 * An upstream redirect: neither sent nor stored. What the hop needs is
 * kept, and the status goes to nginx's error_page entries of the place,
 * which move the request to @pkg_reroute_follow.
 */
static ngx_int_t
ngx_http_pkg_reroute_follow_catch(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_follow_t *st)
{
    ngx_uint_t  status;

    status = r->headers_out.status;

    if (ngx_http_pkg_reroute_follow_record(r, plcf, st, status) != NGX_OK) {
        return NGX_ERROR;
    }

    /* the place's error_page entries apply, even if it was reached by one */
    r->error_page = 0;

    /* none of the redirect's headers is the answer's */

    if (ngx_list_init(&r->headers_out.headers, r->pool, 20,
                      sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    r->headers_out.location = NULL;
    r->headers_out.content_length = NULL;
    r->headers_out.content_length_n = -1;
    r->headers_out.content_type.len = 0;
    r->headers_out.content_type_len = 0;
    r->headers_out.last_modified = NULL;
    r->headers_out.last_modified_time = -1;
    r->headers_out.etag = NULL;
    r->headers_out.date = NULL;
    r->headers_out.server = NULL;
    r->headers_out.expires = NULL;
    r->headers_out.cache_control.nelts = 0;
    r->headers_out.content_encoding = NULL;
    r->headers_out.content_range = NULL;
    r->headers_out.accept_ranges = NULL;
    r->headers_out.refresh = NULL;
    r->headers_out.www_authenticate = NULL;
    r->headers_out.status_line.len = 0;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: upstream redirect %ui to \"%V\"",
                   status, &st->location);

    /* to error_page, through the upstream's finalization */
    return status;
}


/* what the hop needs of an upstream redirect; never stored */
static ngx_int_t
ngx_http_pkg_reroute_follow_record(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_follow_t *st,
    ngx_uint_t status)
{
    u_char                      *p;
    size_t                       len;
    ngx_str_t                   *host, *names, *uri;
    ngx_uint_t                   i;
    ngx_http_upstream_t         *u;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    u = r->upstream;

    st->location.len = u->headers_in.location->value.len;
    st->location.data = ngx_pstrdup(r->pool, &u->headers_in.location->value);
    if (st->location.data == NULL) {
        return NGX_ERROR;
    }

    if (st->hops == 0) {
        /* the place's upstream: what relative Locations are resolved
         * against, and the registry itself */

        st->place = plcf;
        ctx = ngx_http_pkg_reroute_classify(r);
        st->ctx = ctx;

        host = u->resolved ? &u->resolved->host : &u->conf->upstream->host;
        st->reg_port = u->resolved ? u->resolved->port
                                   : u->conf->upstream->port;
        st->reg_no_port = u->resolved ? u->resolved->no_port
                                      : u->conf->upstream->no_port;

        if (u->schema.len >= 3) {
            st->reg_scheme.data = u->schema.data;
            st->reg_scheme.len = u->schema.len - 3;        /* "://" */

        } else {
            ngx_str_set(&st->reg_scheme, "http");
        }

        if (st->reg_port == 0) {
            st->reg_port = (st->reg_scheme.len == 5) ? 443 : 80;
        }

        st->reg_host.len = host->len;
        st->reg_host.data = ngx_pnalloc(r->pool, host->len);
        if (st->reg_host.data == NULL) {
            return NGX_ERROR;
        }

        ngx_strlow(st->reg_host.data, host->data, host->len);

        uri = &u->uri;

        len = st->reg_scheme.len + sizeof("://:65535") - 1 + host->len
              + uri->len + 1;

        p = ngx_pnalloc(r->pool, len);
        if (p == NULL) {
            return NGX_ERROR;
        }

        st->base.data = p;
        p = ngx_sprintf(p, "%V://%V", &st->reg_scheme, &st->reg_host);

        if (!st->reg_no_port) {
            p = ngx_sprintf(p, ":%ui", st->reg_port);
        }

        if (uri->len == 0 || uri->data[0] != '/') {
            *p++ = '/';
        }

        p = ngx_cpymem(p, uri->data, uri->len);
        st->base.len = p - st->base.data;

        /* the upstream's path before the canonical path: the prefix of
         * a target on the registry */

        len = uri->len;
        p = ngx_strlchr(uri->data, uri->data + uri->len, '?');
        if (p) {
            len = p - uri->data;
        }

        if (ctx && len >= ctx->req.path.len
            && ngx_strncmp(uri->data + len - ctx->req.path.len,
                           ctx->req.path.data, ctx->req.path.len) == 0)
        {
            st->reg_prefix.data = uri->data;
            st->reg_prefix.len = len - ctx->req.path.len;
        }

#if (NGX_HTTP_CACHE)
        if (r->cache && r->cache->file_cache) {
            st->cache = r->cache->file_cache->shm_zone->shm.name;

            names = r->cache->keys.elts;
            len = 0;

            for (i = 0; i < r->cache->keys.nelts; i++) {
                len += names[i].len;
            }

            p = ngx_pnalloc(r->pool, len);
            if (p == NULL) {
                return NGX_ERROR;
            }

            st->key.data = p;

            for (i = 0; i < r->cache->keys.nelts; i++) {
                p = ngx_cpymem(p, names[i].data, names[i].len);
            }

            st->key.len = len;
        }
#endif
    }

    if (ngx_http_pkg_reroute_follow_collect(r, plcf, st) != NGX_OK) {
        return NGX_ERROR;
    }

    st->status = status;
    st->pending = 1;
    st->resolved = 0;
    st->fail.len = 0;

    u->cacheable = 0;

    return NGX_OK;
}


/*
 * The registry's headers that the client needs on the file (Hugging Face:
 * X-Repo-Commit, X-Linked-Etag, X-Linked-Size), from every redirect on
 * the way; the first one of each name wins.
 */
static ngx_int_t
ngx_http_pkg_reroute_follow_collect(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_follow_t *st)
{
    ngx_str_t                           *names;
    ngx_uint_t                           i, j, n, k;
    ngx_list_part_t                     *part;
    ngx_table_elt_t                     *h, *kh;
    ngx_http_pkg_reroute_follow_conf_t  *fcf;

    fcf = plcf->follow;
    names = fcf->keep ? fcf->keep->elts : NULL;
    k = fcf->keep ? fcf->keep->nelts : 0;

    if (names == NULL && plcf->eco == PR_ECO_HUGGINGFACE) {
        names = ngx_http_pkg_reroute_follow_hf_keep;
        k = 3;
    }

    if (k == 0) {
        return NGX_OK;
    }

    if (st->kept == NULL) {
        st->kept = ngx_array_create(r->pool, k, sizeof(ngx_table_elt_t));
        if (st->kept == NULL) {
            return NGX_ERROR;
        }
    }

    part = &r->upstream->headers_in.headers.part;
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

        for (n = 0; n < k; n++) {
            if (names[n].len == h[i].key.len
                && ngx_strncasecmp(names[n].data, h[i].key.data,
                                   h[i].key.len) == 0)
            {
                break;
            }
        }

        if (n == k) {
            continue;
        }

        kh = st->kept->elts;

        for (j = 0; j < st->kept->nelts; j++) {
            if (kh[j].key.len == h[i].key.len
                && ngx_strncasecmp(kh[j].key.data, h[i].key.data,
                                   h[i].key.len) == 0)
            {
                break;
            }
        }

        if (j < st->kept->nelts) {
            continue;
        }

        kh = ngx_array_push(st->kept);
        if (kh == NULL) {
            return NGX_ERROR;
        }

        *kh = h[i];
        kh->hash = 1;
    }

    return NGX_OK;
}


static ngx_uint_t
ngx_http_pkg_reroute_follow_has(ngx_list_t *headers, ngx_str_t *name)
{
    return ngx_http_pkg_reroute_header_find(headers, (char *) name->data,
                                            name->len)
           != NULL;
}


static ngx_uint_t
ngx_http_pkg_reroute_follow_is_redirect(ngx_uint_t status)
{
    return status == NGX_HTTP_MOVED_PERMANENTLY
           || status == NGX_HTTP_MOVED_TEMPORARILY
           || status == NGX_HTTP_SEE_OTHER
           || status == NGX_HTTP_TEMPORARY_REDIRECT
           || status == NGX_HTTP_PERMANENT_REDIRECT;
}


/*
 * The followed answer gets the first answer's kept headers, and so does
 * the copy of its header that the cache stores (the cache keeps the
 * upstream's own header, not the client's).
 */
static ngx_int_t
ngx_http_pkg_reroute_follow_keep(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    u_char               *p, *eol, *start;
    size_t                extra, size;
    ngx_uint_t            i;
    ngx_table_elt_t      *kh, *h;
    ngx_http_upstream_t  *u;

    if (st->kept == NULL || st->kept->nelts == 0 || r->cached) {
        return NGX_OK;
    }

    u = r->upstream;
    kh = st->kept->elts;
    extra = 0;

    for (i = 0; i < st->kept->nelts; i++) {
        if (ngx_http_pkg_reroute_follow_has(&u->headers_in.headers,
                                            &kh[i].key))
        {
            /* the final answer's own header wins */
            kh[i].hash = 0;
            continue;
        }

        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        *h = kh[i];
        extra += kh[i].key.len + sizeof(": \r\n") - 1 + kh[i].value.len;
    }

    if (extra == 0) {
        return NGX_OK;
    }

#if (NGX_HTTP_CACHE)

    if (r->cache == NULL || !u->cacheable || u->buffer.start == NULL
        || u->buffer.pos - u->buffer.start < 2
        || u->buffer.pos[-1] != LF)
    {
        return NGX_OK;
    }

    /* before the empty line that ends the upstream's header */

    start = u->buffer.start;
    eol = u->buffer.pos - 1;

    if (eol[-1] == CR) {
        eol--;
    }

    size = (u->buffer.end - start) + extra;

    p = ngx_palloc(r->pool, size);
    if (p == NULL) {
        return NGX_ERROR;
    }

    u->buffer.start = p;

    p = ngx_cpymem(p, start, eol - start);

    for (i = 0; i < st->kept->nelts; i++) {
        if (kh[i].hash) {
            p = ngx_sprintf(p, "%V: %V\r\n", &kh[i].key, &kh[i].value);
        }
    }

    ngx_memcpy(p, eol, u->buffer.last - eol);

    u->buffer.pos = u->buffer.start + (u->buffer.pos - start) + extra;
    u->buffer.last = u->buffer.start + (u->buffer.last - start) + extra;
    u->buffer.end = u->buffer.start + size;

#else
    (void) p;
    (void) eol;
    (void) start;
    (void) size;
#endif

    return NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_follow_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t                      *s;
    ngx_http_pkg_reroute_follow_t  *st;

    st = ngx_http_pkg_reroute_follow_state(r, 0);

    if (st == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    s = (ngx_str_t *) ((char *) st + data);

    v->data = s->data;
    v->len = s->len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}
