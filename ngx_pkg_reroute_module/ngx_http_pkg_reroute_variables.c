/*
 * ngx_pkg_reroute: variables, for log_format and other modules.
 *
 *   $pkg_reroute_ecosystem  npm, pypi, docker, ...
 *   $pkg_reroute_kind       metadata, artifact, api, write, other
 *   $pkg_reroute_package    canonical name (the one that decided, if any)
 *   $pkg_reroute_version    version, tag or reference
 *   $pkg_reroute_file       file name
 *   $pkg_reroute_decision   reroute, pass, block, allow, invalid, unknown
 *   $pkg_reroute_rule       the rule applied
 *   $pkg_reroute_pattern    the pattern that matched
 *   $pkg_reroute_uri        canonical path and query: what is forwarded
 *   $pkg_reroute_cache_key  one key for every spelling of one answer, in
 *                           one place (its upstream host and location)
 *   $pkg_reroute_accept     the Accept the upstream is sent: the one of
 *                           the key's variant
 *
 * They classify on first use, so they work in any phase; they are empty
 * where the module is off, but for the cache key, which is then the
 * place's and the raw request URI.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_variant.h"


typedef enum {
    NGX_HTTP_PKG_REROUTE_VAR_ECOSYSTEM = 0,
    NGX_HTTP_PKG_REROUTE_VAR_KIND,
    NGX_HTTP_PKG_REROUTE_VAR_PACKAGE,
    NGX_HTTP_PKG_REROUTE_VAR_VERSION,
    NGX_HTTP_PKG_REROUTE_VAR_FILE,
    NGX_HTTP_PKG_REROUTE_VAR_DECISION,
    NGX_HTTP_PKG_REROUTE_VAR_RULE,
    NGX_HTTP_PKG_REROUTE_VAR_PATTERN,
    NGX_HTTP_PKG_REROUTE_VAR_URI,
    NGX_HTTP_PKG_REROUTE_VAR_CACHE_KEY,
    NGX_HTTP_PKG_REROUTE_VAR_ACCEPT
} ngx_http_pkg_reroute_var_e;


/* the place of a cache key, "name:port@host/location", in its parts */
typedef struct {
    ngx_str_t           server;
    ngx_str_t           host;
    ngx_str_t           loc;
    size_t              len;
    size_t              ndigits;
    u_char              digits[NGX_INT_T_LEN];
} ngx_http_pkg_reroute_place_t;


static ngx_int_t ngx_http_pkg_reroute_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_pkg_reroute_cache_key(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_variable_value_t *v);
static ngx_int_t ngx_http_pkg_reroute_accept(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_variable_value_t *v);
static size_t ngx_http_pkg_reroute_variant(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, u_char *variant);
static void ngx_http_pkg_reroute_place(ngx_http_request_t *r,
    ngx_http_pkg_reroute_place_t *pl);
static u_char *ngx_http_pkg_reroute_place_write(u_char *p,
    ngx_http_pkg_reroute_place_t *pl);


static ngx_http_variable_t  ngx_http_pkg_reroute_vars[] = {

    { ngx_string("pkg_reroute_ecosystem"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_ECOSYSTEM,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_kind"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_KIND,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_package"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_PACKAGE,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_version"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_VERSION,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_file"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_FILE,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_decision"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_DECISION,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_rule"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_RULE,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_pattern"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_PATTERN,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_uri"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_URI,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_cache_key"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_CACHE_KEY,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_accept"), NULL,
      ngx_http_pkg_reroute_variable, NGX_HTTP_PKG_REROUTE_VAR_ACCEPT,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


/* $proxy_host, which ngx_http_get_variable() cannot find by name */
static ngx_int_t  ngx_http_pkg_reroute_proxy_host = NGX_ERROR;


static const char  *ngx_http_pkg_reroute_decisions[] = {
    "", "reroute", "pass", "block", "allow", "invalid", "unknown"
};


/* each variable of vars, up to a null one */
ngx_int_t
ngx_http_pkg_reroute_add_vars(ngx_conf_t *cf, ngx_http_variable_t *vars)
{
    ngx_http_variable_t  *var, *v;

    for (v = vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_pkg_reroute_add_variables(ngx_conf_t *cf)
{
    static ngx_str_t  proxy_host = ngx_string("proxy_host");

    if (ngx_http_pkg_reroute_add_vars(cf, ngx_http_pkg_reroute_vars)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_http_pkg_reroute_proxy_host = ngx_http_get_variable_index(cf,
                                                                 &proxy_host);
    if (ngx_http_pkg_reroute_proxy_host == NGX_ERROR) {
        return NGX_ERROR;
    }

    return ngx_http_pkg_reroute_curation_add_variables(cf);
}


static ngx_int_t
ngx_http_pkg_reroute_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                      *p;
    const char                  *s;
    pr_str_t                     str;
    const pr_str_t              *ps;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    ctx = ngx_http_pkg_reroute_classify(r);

    if (ctx == NULL && data == NGX_HTTP_PKG_REROUTE_VAR_CACHE_KEY) {
        return ngx_http_pkg_reroute_cache_key(r, NULL, v);
    }

    if (ctx == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    str.data = NULL;
    str.len = 0;
    s = NULL;

    switch (data) {

    case NGX_HTTP_PKG_REROUTE_VAR_ECOSYSTEM:
        s = pr_eco_name(ctx->req.eco);
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_KIND:
        s = pr_kind_name(ctx->req.kind);
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_PACKAGE:
        ps = ctx->verdict.name ? ctx->verdict.name : &ctx->req.name;
        str = *ps;
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_VERSION:
        str = ctx->req.version;
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_FILE:
        str = ctx->req.file;
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_DECISION:
        s = ngx_http_pkg_reroute_decisions[ctx->decision];
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_RULE:
        if (ctx->rule && ctx->decision != NGX_HTTP_PKG_REROUTE_PASS) {
            str = ctx->rule->name;
        }
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_PATTERN:
        if (ctx->verdict.pattern) {
            str = *ctx->verdict.pattern;
        }
        break;

    case NGX_HTTP_PKG_REROUTE_VAR_CACHE_KEY:
        return ngx_http_pkg_reroute_cache_key(r, ctx, v);

    case NGX_HTTP_PKG_REROUTE_VAR_ACCEPT:
        return ngx_http_pkg_reroute_accept(r, ctx, v);

    default: /* NGX_HTTP_PKG_REROUTE_VAR_URI */

        /* the query the key holds: what is forwarded is what is stored */

        if (ngx_http_pkg_reroute_key_query(r, ctx) != NGX_OK) {
            return NGX_ERROR;
        }

        if (ctx->key_query.len == 0) {
            str = ctx->req.path;
            break;
        }

        p = ngx_pnalloc(r->pool, ctx->req.path.len + 1 + ctx->key_query.len);
        if (p == NULL) {
            return NGX_ERROR;
        }

        v->data = p;
        p = ngx_cpymem(p, ctx->req.path.data, ctx->req.path.len);
        *p++ = '?';
        p = ngx_cpymem(p, ctx->key_query.data, ctx->key_query.len);

        v->len = p - v->data;
        v->valid = 1;
        v->no_cacheable = 1;
        v->not_found = 0;
        return NGX_OK;
    }

    if (s) {
        str.data = s;
        str.len = ngx_strlen(s);
    }

    v->data = (u_char *) str.data;
    v->len = str.len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * The arguments of the query the answer depends on (pr_key_query): the
 * key holds them and only them, and they are all that is forwarded.
 */
ngx_int_t
ngx_http_pkg_reroute_key_query(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx)
{
    size_t  len;

    if (ctx->keyed) {
        return NGX_OK;
    }

    ctx->key_query.data = ngx_pnalloc(r->pool, ctx->req.query.len + 1);
    if (ctx->key_query.data == NULL) {
        return NGX_ERROR;
    }

    ctx->nostore = pr_key_query(&ctx->req, (char *) ctx->key_query.data,
                                &len);
    ctx->key_query.len = len;
    ctx->keyed = 1;

    return NGX_OK;
}


/*
 * The place: the server (its name and the port the request came to), the
 * upstream's host ($proxy_host, once proxy_pass has set it: when the key is
 * computed) and the location's name, as "name:port@host/location". Two
 * places never share an entry, whatever their upstreams answer, even in
 * one cache zone: two servers with the same upstream and location names
 * (a public mirror and one that fetches with the organisation's
 * credentials) are two places.
 */
static void
ngx_http_pkg_reroute_place(ngx_http_request_t *r,
    ngx_http_pkg_reroute_place_t *pl)
{
    ngx_uint_t                  port;
    ngx_http_core_loc_conf_t   *clcf;
    ngx_http_core_srv_conf_t   *cscf;
    ngx_http_variable_value_t  *vv;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);
    cscf = ngx_http_get_module_srv_conf(r, ngx_http_core_module);

    pl->server = cscf->server_name;
    pl->loc = clcf->name;

    pl->host.data = (u_char *) "";
    pl->host.len = 0;

    vv = ngx_http_get_indexed_variable(r, ngx_http_pkg_reroute_proxy_host);

    if (vv && !vv->not_found && vv->valid) {
        pl->host.data = vv->data;
        pl->host.len = vv->len;
    }

    /* the port's digits, without ngx_sprintf()'s cost on every request */

    port = ngx_inet_get_port(r->connection->local_sockaddr);
    pl->ndigits = 0;

    do {
        pl->digits[sizeof(pl->digits) - ++pl->ndigits] =
                                                  (u_char) ('0' + port % 10);
        port /= 10;
    } while (port);

    pl->len = pl->server.len + 1 + pl->ndigits + 1 + pl->host.len
              + pl->loc.len;
}


/* writes "name:port@host/location": pl->len bytes */
static u_char *
ngx_http_pkg_reroute_place_write(u_char *p, ngx_http_pkg_reroute_place_t *pl)
{
    p = ngx_cpymem(p, pl->server.data, pl->server.len);
    *p++ = ':';
    p = ngx_cpymem(p, &pl->digits[sizeof(pl->digits) - pl->ndigits],
                   pl->ndigits);
    *p++ = '@';
    p = ngx_cpymem(p, pl->host.data, pl->host.len);

    return ngx_cpymem(p, pl->loc.data, pl->loc.len);
}


/* the variant of the answer the Accept lines ask for: all of them */
static size_t
ngx_http_pkg_reroute_variant(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, u_char *variant)
{
    size_t                            n, max;
    pr_str_t                         *accept, *more, few[4];
    ngx_uint_t                        i;
    ngx_list_part_t                  *part;
    ngx_table_elt_t                  *h;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    /*
     * a place with a cooldown or a cutoff asks npm for the full packument:
     * the abbreviated one (install-v1) gives no time for its versions
     */

    if (ctx->req.eco == PR_ECO_NPM
        && (plcf->policy.cooldown || plcf->policy.has_cutoff))
    {
        return 0;
    }

    /*
     * every Accept line, not only the first one $http_accept shows, in
     * one pass: a few on the stack, more in the pool
     */

    accept = few;
    max = sizeof(few) / sizeof(few[0]);
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

        if (h[i].key.len != sizeof("Accept") - 1
            || ngx_strncasecmp(h[i].key.data, (u_char *) "Accept",
                               sizeof("Accept") - 1) != 0)
        {
            continue;
        }

        if (n == max) {
            more = ngx_palloc(r->pool, 2 * max * sizeof(pr_str_t));
            if (more == NULL) {
                return (size_t) -1;
            }

            ngx_memcpy(more, accept, n * sizeof(pr_str_t));
            accept = more;
            max *= 2;
        }

        accept[n].data = (char *) h[i].value.data;
        accept[n].len = h[i].value.len;
        n++;
    }

    return pr_variant(&ctx->req, n ? accept : NULL, n, (char *) variant);
}


/* the Accept of the variant, for proxy_set_header Accept */
static ngx_int_t
ngx_http_pkg_reroute_accept(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_variable_value_t *v)
{
    u_char  *p, variant[PR_VARIANT_MAX];
    size_t   vlen;

    vlen = ngx_http_pkg_reroute_variant(r, ctx, variant);
    if (vlen == (size_t) -1) {
        return NGX_ERROR;
    }

    p = ngx_pnalloc(r->pool, PR_VARIANT_MAX);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->data = p;
    v->len = pr_variant_accept(&ctx->req, (char *) variant, vlen,
                               (char *) p);
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * <ecosystem>:<variant>:<server name>:<port>@<upstream host><location>:
 * <canonical path>[?<the query the answer depends on>]: every spelling of
 * one package URL in one place is one key, what changes the answer (the
 * variant the Accept lines ask for) is in it, and two places never share
 * one. Where the module is off: -:<the place>:<the request URI as sent>,
 * nginx's own default, never one entry for every request.
 */
static ngx_int_t
ngx_http_pkg_reroute_cache_key(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_variable_value_t *v)
{
    u_char                           *p, variant[PR_VARIANT_MAX];
    size_t                            vlen, elen;
    ngx_str_t                         gen;
    const char                       *eco;
    ngx_http_pkg_reroute_place_t      pl;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    ngx_http_pkg_reroute_place(r, &pl);

    if (ctx == NULL) {
        p = ngx_pnalloc(r->pool, sizeof("-::") - 1 + pl.len
                                 + r->unparsed_uri.len);
        if (p == NULL) {
            return NGX_ERROR;
        }

        v->data = p;
        p = ngx_cpymem(p, "-:", 2);
        p = ngx_http_pkg_reroute_place_write(p, &pl);
        *p++ = ':';
        p = ngx_cpymem(p, r->unparsed_uri.data, r->unparsed_uri.len);

        goto done;
    }

    if (ngx_http_pkg_reroute_key_query(r, ctx) != NGX_OK) {
        return NGX_ERROR;
    }

    vlen = ngx_http_pkg_reroute_variant(r, ctx, variant);
    if (vlen == (size_t) -1) {
        return NGX_ERROR;
    }

    eco = pr_eco_name(ctx->req.eco);
    elen = ngx_strlen(eco);

    /* a metadata document filtered by a policy: its generation (curation) */

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    ngx_str_null(&gen);

    if (ctx->req.kind == PR_KIND_METADATA) {
        gen = plcf->policy_gen;
    }

    p = ngx_pnalloc(r->pool, elen + 3 + vlen + pl.len
                             + ctx->req.path.len + 1 + ctx->key_query.len
                             + sizeof("|policy:") - 1 + gen.len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->data = p;
    p = ngx_cpymem(p, eco, elen);
    *p++ = ':';
    p = ngx_cpymem(p, variant, vlen);
    *p++ = ':';
    p = ngx_http_pkg_reroute_place_write(p, &pl);
    *p++ = ':';
    p = ngx_cpymem(p, ctx->req.path.data, ctx->req.path.len);

    if (ctx->key_query.len) {
        *p++ = '?';
        p = ngx_cpymem(p, ctx->key_query.data, ctx->key_query.len);
    }

    if (gen.len) {
        p = ngx_cpymem(p, "|policy:", sizeof("|policy:") - 1);
        p = ngx_cpymem(p, gen.data, gen.len);
    }

done:

    v->len = p - v->data;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}
