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
 *   $pkg_reroute_cache_key  one key for every spelling of one answer
 *
 * They classify on first use, so they work in any phase; they are empty
 * where the module is off.
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
    NGX_HTTP_PKG_REROUTE_VAR_CACHE_KEY
} ngx_http_pkg_reroute_var_e;


static ngx_int_t ngx_http_pkg_reroute_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_pkg_reroute_cache_key(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_variable_value_t *v);


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

      ngx_http_null_variable
};


static const char  *ngx_http_pkg_reroute_decisions[] = {
    "", "reroute", "pass", "block", "allow", "invalid", "unknown"
};


ngx_int_t
ngx_http_pkg_reroute_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_pkg_reroute_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
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

    default: /* NGX_HTTP_PKG_REROUTE_VAR_URI */

        if (ctx->req.query.len == 0) {
            str = ctx->req.path;
            break;
        }

        p = ngx_pnalloc(r->pool, ctx->req.path.len + 1 + ctx->req.query.len);
        if (p == NULL) {
            return NGX_ERROR;
        }

        v->data = p;
        p = ngx_cpymem(p, ctx->req.path.data, ctx->req.path.len);
        *p++ = '?';
        p = ngx_cpymem(p, ctx->req.query.data, ctx->req.query.len);

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
 * <ecosystem>:<variant>:<canonical path>[?<canonical query>]: every
 * spelling of one package URL is one key, and what changes the answer
 * (the variant the Accept lines ask for) is in it.
 */
static ngx_int_t
ngx_http_pkg_reroute_cache_key(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_variable_value_t *v)
{
    u_char           *p, variant[PR_VARIANT_MAX];
    size_t            vlen, n;
    pr_str_t          accept[32];
    ngx_uint_t        i;
    const char       *eco;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    /* every Accept line, not only the first one $http_accept shows */

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

        if (n < sizeof(accept) / sizeof(accept[0])
            && h[i].key.len == sizeof("Accept") - 1
            && ngx_strncasecmp(h[i].key.data, (u_char *) "Accept",
                               sizeof("Accept") - 1) == 0)
        {
            accept[n].data = (char *) h[i].value.data;
            accept[n].len = h[i].value.len;
            n++;
        }
    }

    vlen = pr_variant(&ctx->req, accept, n, (char *) variant);
    eco = pr_eco_name(ctx->req.eco);

    p = ngx_pnalloc(r->pool, ngx_strlen(eco) + 2 + vlen + ctx->req.path.len
                             + 1 + ctx->req.query.len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->data = p;
    p = ngx_cpymem(p, eco, ngx_strlen(eco));
    *p++ = ':';
    p = ngx_cpymem(p, variant, vlen);
    *p++ = ':';
    p = ngx_cpymem(p, ctx->req.path.data, ctx->req.path.len);

    if (ctx->req.query.len) {
        *p++ = '?';
        p = ngx_cpymem(p, ctx->req.query.data, ctx->req.query.len);
    }

    v->len = p - v->data;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}
