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

#include "ngx_http_pkg_reroute_target.h"
#include "pr_answer.h"


#define NGX_HTTP_PKG_REROUTE_FOLLOW_HOPS      5
#define NGX_HTTP_PKG_REROUTE_FOLLOW_MAX_HOPS  8


typedef struct {
    ngx_http_pkg_reroute_targets_t     targets;
    ngx_array_t                       *keep;       /* of ngx_str_t */
    ngx_uint_t                         hops;
    ngx_uint_t                         hop;        /* @pkg_reroute_follow */
    u_char                            *file;
    ngx_uint_t                         line;
} ngx_http_pkg_reroute_follow_conf_t;


typedef struct {
    ngx_http_pkg_reroute_target_t      ft;          /* the Location; whose
                                                     * state (ft.request):
                                                     * a time lookup's fetch
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
    unsigned                           pending:1;
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
static ngx_int_t ngx_http_pkg_reroute_follow_next(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st, ngx_int_t rc);
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
      offsetof(ngx_http_pkg_reroute_follow_t, ft.url),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_follow_host"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, ft.host),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_follow_name"), NULL,
      ngx_http_pkg_reroute_follow_variable,
      offsetof(ngx_http_pkg_reroute_follow_t, ft.name),
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


/* the reasons of a refused Location */
static const ngx_http_pkg_reroute_target_words_t
    ngx_http_pkg_reroute_follow_words =
{
    "the upstream redirected to a Location that %s",
    "the upstream redirected to an address, not a host name (%*s)",
    "the upstream redirected to a host that pkg_reroute_follow does not "
    "list (%*s)",
    "the redirect's host"
};


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;


/* configuration */

char *
ngx_http_pkg_reroute_follow(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    u_char                              *p, *last;
    ngx_int_t                            n;
    ngx_str_t                           *value, *name;
    ngx_uint_t                           i;
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
     *     fcf->targets.allow = NULL;
     *     fcf->keep = NULL;
     *     fcf->hop = 0;
     */

    fcf->hops = NGX_HTTP_PKG_REROUTE_FOLLOW_HOPS;
    fcf->file = cf->conf_file->file.name.data;
    fcf->line = cf->conf_file->line;

    if (ngx_http_pkg_reroute_targets_create(cf, &fcf->targets) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

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

        if (ngx_http_pkg_reroute_targets_arg(cf, cmd, &fcf->targets,
                                             &value[i],
                                             "follows redirects to names")
            != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }
    }

    pr_follow_hosts_sort(&fcf->targets.hosts);

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
    ngx_uint_t                           i;
    ngx_http_err_page_t                 *ep;
    ngx_http_core_loc_conf_t            *clcf;
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

    if (!ngx_http_pkg_reroute_target_location(cf, hop)) {
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
    static ngx_int_t  codes[] = {
        NGX_HTTP_MOVED_PERMANENTLY, NGX_HTTP_MOVED_TEMPORARILY,
        NGX_HTTP_SEE_OTHER, NGX_HTTP_TEMPORARY_REDIRECT,
        NGX_HTTP_PERMANENT_REDIRECT
    };

    return ngx_http_pkg_reroute_target_error_pages(cf, clcf, codes,
               sizeof(codes) / sizeof(codes[0]),
               &ngx_http_pkg_reroute_follow_hop_name);
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

            if (st->ft.request == r) {
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
    st->ft.request = r;

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

    ngx_http_pkg_reroute_target_cleanup(&st->ft);
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

    if (st && st->ft.resolved) {
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
        st->ft.resolver = clcf->resolver;
        st->ft.resolver_timeout = clcf->resolver_timeout;
    }

    return NGX_DECLINED;
}


static ngx_int_t
ngx_http_pkg_reroute_follow_hop(ngx_http_request_t *r)
{
    ngx_int_t                            rc;
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

    if (!st->pending && !st->ft.resolved) {
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

    if (st->ft.resolved) {
        /* back from the resolver */
        st->ft.resolved = 0;
        return ngx_http_pkg_reroute_follow_next(r, st,
                   st->ft.fail.len ? NGX_DECLINED : NGX_OK);
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

    st->ft.conf = &fcf->targets;
    st->ft.words = &ngx_http_pkg_reroute_follow_words;
    st->ft.path = 1;

    rc = ngx_http_pkg_reroute_target_parse(r, &st->ft, &st->base,
                                           &st->location);
    if (rc != NGX_OK) {
        return ngx_http_pkg_reroute_follow_next(r, st, rc);
    }

    if (st->ft.target.host.len == st->reg_host.len
        && ngx_strncmp(st->ft.target.host.data, st->reg_host.data,
                       st->reg_host.len) == 0
        && st->ft.target.port == st->reg_port)
    {
        /* the registry itself: its rules apply to the new name */
        return ngx_http_pkg_reroute_follow_same(r, st);
    }

    rc = ngx_http_pkg_reroute_target_check(&st->ft);
    if (rc != NGX_OK) {
        return ngx_http_pkg_reroute_follow_next(r, st, rc);
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

    return ngx_http_pkg_reroute_follow_next(r, st,
               ngx_http_pkg_reroute_target_locate(&st->ft));
}


/* what the target's checks answered: on to the hop, refused, or waiting */
static ngx_int_t
ngx_http_pkg_reroute_follow_next(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st, ngx_int_t rc)
{
    switch (rc) {

    case NGX_OK:
        return ngx_http_pkg_reroute_follow_go(r, st);

    case NGX_DECLINED:
        return ngx_http_pkg_reroute_follow_fail(r, st);

    case NGX_DONE:
        return NGX_DONE;

    default:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}


/* the target's path classified as the place's ecosystem, as a GET */
static ngx_http_pkg_reroute_ctx_t *
ngx_http_pkg_reroute_follow_classify(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st, ngx_str_t *prefix)
{
    u_char                      *p, *q, *end;
    size_t                       size, plen, qlen;
    ngx_http_pkg_reroute_ctx_t  *tctx;

    p = (u_char *) st->ft.target.path.data;
    end = p + st->ft.target.path.len;
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
           + sizeof(":65535") - 1 + st->ft.target.path.len;

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    st->ft.url.data = p;
    p = ngx_sprintf(p, "%V://%V", &st->reg_scheme, &st->reg_host);

    if (!st->reg_no_port || st->ft.target.explicit_port) {
        p = ngx_sprintf(p, ":%ui", st->reg_port);
    }

    p = ngx_cpymem(p, st->ft.target.path.data, st->ft.target.path.len);
    st->ft.url.len = p - st->ft.url.data;

    st->ft.name = st->reg_host;

    return ngx_http_pkg_reroute_follow_go(r, st);
}


/* the target is checked: on to the hop's proxy_pass */

static ngx_int_t
ngx_http_pkg_reroute_follow_go(ngx_http_request_t *r,
    ngx_http_pkg_reroute_follow_t *st)
{
    u_char  *p;

    if (ngx_http_pkg_reroute_target_host(&st->ft) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* what the next redirect, if any, is resolved against */

    p = ngx_pnalloc(r->pool, st->ft.target.scheme.len + sizeof("://:65535") - 1
                             + st->ft.name.len + st->ft.target.path.len);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    st->base.data = p;
    st->base.len = ngx_sprintf(p, "%*s://%V:%ui%*s",
                               st->ft.target.scheme.len,
                               st->ft.target.scheme.data,
                               &st->ft.name, (ngx_uint_t) st->ft.target.port,
                               st->ft.target.path.len, st->ft.target.path.data)
                   - p;

    st->pending = 0;

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: following \"%V\" to \"%V\"",
                   &st->location, &st->ft.url);

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
    ngx_int_t  rc;
    va_list    args;

    va_start(args, fmt);
    rc = ngx_http_pkg_reroute_target_vrefuse(r, &st->ft, fmt, args);
    va_end(args);

    return ngx_http_pkg_reroute_follow_next(r, st, rc);
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
                  &st->ft.fail, &st->location, ctx->req.path.len,
                  ctx->req.path.data);

    len = st->ft.fail.len + sizeof(", not followed: ") + ctx->req.path.len;

    msg = ngx_pnalloc(r->pool, len);
    if (msg == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    last = ngx_snprintf(msg, len, "%V, not followed: %*s", &st->ft.fail,
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

    if (ngx_http_pkg_reroute_target_headers_drop(r) != NGX_OK) {
        return NGX_ERROR;
    }

    r->headers_out.location = NULL;
    r->headers_out.content_encoding = NULL;
    r->headers_out.content_range = NULL;
    r->headers_out.accept_ranges = NULL;
    r->headers_out.refresh = NULL;

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
    st->ft.resolved = 0;
    st->ft.fail.len = 0;

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
    ngx_http_pkg_reroute_follow_t  *st;

    st = ngx_http_pkg_reroute_follow_state(r, 0);

    return ngx_http_pkg_reroute_target_variable(v,
               st ? (ngx_str_t *) ((char *) st + data) : NULL);
}
