/*
 * ngx_pkg_reroute: curation in the nginx shell. The verdict on a version
 * (pr_verdict) for an artifact request, in the access phase, and for each
 * version a metadata document lists, through the rewriters' keep(); the
 * pkg_reroute_verdict mode; $pkg_reroute_verdict and _reason.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_name.h"
#include "pr_rewrite.h"


static char *ngx_http_pkg_reroute_policy_gen(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *conf);
static ngx_int_t ngx_http_pkg_reroute_verdict_header(ngx_http_request_t *r,
    pr_judgement_t *j);
static ngx_int_t ngx_http_pkg_reroute_verdict_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


static ngx_http_variable_t  ngx_http_pkg_reroute_curation_vars[] = {

    { ngx_string("pkg_reroute_verdict"), NULL,
      ngx_http_pkg_reroute_verdict_variable, 0,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_verdict_reason"), NULL,
      ngx_http_pkg_reroute_verdict_variable, 1,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_policy"), NULL,
      ngx_http_pkg_reroute_verdict_variable, 2,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


static const char  *ngx_http_pkg_reroute_verdicts[] = {
    "", "allow", "block", "warn", "exempt"
};


ngx_int_t
ngx_http_pkg_reroute_curation_add_variables(ngx_conf_t *cf)
{
    return ngx_http_pkg_reroute_add_vars(cf,
                                         ngx_http_pkg_reroute_curation_vars);
}


/* pkg_reroute_verdict enforce | warn */
char *
ngx_http_pkg_reroute_verdict(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t  *value;

    if (plcf->verdict_warn != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "enforce") == 0) {
        plcf->verdict_warn = 0;

    } else if (ngx_strcmp(value[1].data, "warn") == 0) {
        plcf->verdict_warn = 1;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid value \"%V\" in \"%V\" directive, "
                           "it must be \"enforce\" or \"warn\"",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/*
 * The rule's ranges, compiled for the place's ecosystem: a range that is
 * not one of the ecosystem's fails nginx -t with the pattern's file:line.
 */
char *
ngx_http_pkg_reroute_curation_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    int                           rc;
    size_t                        bad;
    const char                   *err;
    ngx_http_pkg_reroute_where_t *where;

    ngx_conf_merge_uint_value(conf->verdict_warn, prev->verdict_warn, 0);

    conf->policy.rule = conf->rule;
    conf->policy.warn = conf->verdict_warn ? 1 : 0;

    ngx_str_null(&conf->policy_gen);

    if (conf->rule == NULL || conf->eco == PR_ECO_NONE) {
        return NGX_CONF_OK;
    }

    rc = pr_rule_compile(conf->rule, conf->eco, ngx_http_pkg_reroute_alloc,
                         cf->pool, &err, &bad);

    if (rc == -2) {
        where = conf->rule->where;

        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "invalid version range \"%*s\" in pattern \"%*s\" of "
                      "pkg_reroute_rule \"%*s\" for %s: %s in %s:%ui",
                      conf->rule->ranges[bad].len,
                      conf->rule->ranges[bad].data,
                      conf->rule->patterns[bad].len,
                      conf->rule->patterns[bad].data,
                      conf->rule->name.len, conf->rule->name.data,
                      pr_eco_name(conf->eco), err, where[bad].file,
                      where[bad].line);
        return NGX_CONF_ERROR;
    }

    if (rc != 0) {
        return NGX_CONF_ERROR;
    }

    return ngx_http_pkg_reroute_policy_gen(cf, conf);
}


/*
 * The policy generation: a short hash of everything the verdict on a
 * document's versions depends on (the rule's name, mode and patterns with
 * their ranges, the verdict mode, the ecosystem), made when the
 * configuration is read. It is in $pkg_reroute_cache_key for metadata, so
 * that a reload with another policy never serves a document filtered
 * under the old one. Only where versions are judged (the rule has a
 * range): elsewhere the key is as it was.
 */
static char *
ngx_http_pkg_reroute_policy_gen(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    u_char      *p, mode[3];
    uint32_t     crc;
    ngx_uint_t   i;
    pr_rule_t   *rule;

    rule = conf->rule;

    if (rule->nranged == 0) {
        return NGX_CONF_OK;
    }

    mode[0] = (u_char) conf->eco;
    mode[1] = (u_char) rule->mode;
    mode[2] = (u_char) conf->policy.warn;

    ngx_crc32_init(crc);
    ngx_crc32_update(&crc, mode, sizeof(mode));
    ngx_crc32_update(&crc, (u_char *) rule->name.data, rule->name.len + 1);

    for (i = 0; i < rule->npatterns; i++) {
        /* with its NUL: "ab" "c" is not "a" "bc" */
        ngx_crc32_update(&crc, (u_char *) rule->patterns[i].data,
                         rule->patterns[i].len + 1);
    }

    ngx_crc32_final(crc);

    p = ngx_pnalloc(cf->pool, 8);
    if (p == NULL) {
        return NGX_CONF_ERROR;
    }

    conf->policy_gen.data = p;
    conf->policy_gen.len = ngx_sprintf(p, "%08xD", crc) - p;

    return NGX_CONF_OK;
}


/*
 * The access phase, for a request whose package the rule let in: the
 * verdict on the version its URI names. 1: refused (ctx->judged says
 * why), 0: on. A Docker digest is not judged (the tag that named it
 * was); nor is a metadata URI whose version is no version of the
 * ecosystem (npm's /<name>/latest: the document's own version is judged
 * by the rewriter), nor a write.
 */
ngx_uint_t
ngx_http_pkg_reroute_judge(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    pr_req_t        *req;
    pr_ver_t         ver;
    pr_judgement_t  *j;

    req = &ctx->req;

    if (req->version.len == 0 || req->nnames == 0
        || (req->kind != PR_KIND_ARTIFACT && req->kind != PR_KIND_METADATA)
        || !pr_verdict_versions(&plcf->policy, req->eco, &req->names[0]))
    {
        return 0;
    }

    if (req->eco == PR_ECO_DOCKER
        && ngx_strlchr((u_char *) req->version.data,
                       (u_char *) req->version.data + req->version.len, ':'))
    {
        return 0;
    }

    if (req->kind == PR_KIND_METADATA
        && pr_version_parse(req->eco, req->version.data, req->version.len,
                            &ver)
           != 0)
    {
        return 0;
    }

    j = ngx_palloc(r->pool, sizeof(pr_judgement_t));
    if (j == NULL) {
        return 0;
    }

    ctx->judged = j;

    if (pr_verdict(&plcf->policy, req->eco, &req->names[0], &req->version,
                   PR_TIME_UNKNOWN, ngx_time(), j)
        == PR_VERDICT_ALLOW)
    {
        ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_ALLOW;
        return 0;
    }

    if (!plcf->policy.warn) {
        ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_BLOCK;
        return 1;
    }

    ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_WARN;

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "pkg reroute: %*s (pkg_reroute_verdict warn: let through)",
                  j->len, j->reason);

    (void) ngx_http_pkg_reroute_verdict_header(r, j);

    return 0;
}


/* rw.keep of the rewriters: the verdict on each version a document lists */
int
ngx_http_pkg_reroute_keep(void *data, const pr_str_t *name,
    const pr_str_t *version, int64_t published)
{
    ngx_http_request_t *r = data;

    char                             *canon;
    pr_judgement_t                   *j;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    /* the document's name, canonical, once */

    if (ctx->keep_name.data == NULL
        || ctx->keep_in.data != name->data || ctx->keep_in.len != name->len)
    {
        canon = ngx_pnalloc(r->pool, name->len + 1);
        if (canon == NULL) {
            return 0;
        }

        ctx->keep_name.len = pr_name_canon(ctx->req.eco, name->data,
                                           name->len, canon);
        ctx->keep_name.data = canon;
        ctx->keep_in = *name;
    }

    if (!pr_verdict_versions(&plcf->policy, ctx->req.eco, &ctx->keep_name)) {
        return 1;
    }

    if (ctx->keep_judged == NULL) {
        ctx->keep_judged = ngx_palloc(r->pool, sizeof(pr_judgement_t));
        if (ctx->keep_judged == NULL) {
            return 0;
        }
    }

    j = ctx->keep_judged;

    if (pr_verdict(&plcf->policy, ctx->req.eco, &ctx->keep_name, version,
                   published, ngx_time(), j)
        == PR_VERDICT_ALLOW)
    {
        return 1;
    }

    if (ctx->judged == NULL || ctx->judged->verdict == PR_VERDICT_ALLOW) {
        /* the first version refused names the document's refusal */
        ctx->judged = j;
        ctx->keep_judged = NULL;
    }

    if (plcf->policy.warn) {
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "pkg reroute: %*s (pkg_reroute_verdict warn: listed)",
                      j->len, j->reason);

        if (ctx->verdict_state != NGX_HTTP_PKG_REROUTE_VERDICT_WARN) {
            ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_WARN;
            (void) ngx_http_pkg_reroute_verdict_header(r, j);
        }

        return 1;
    }

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: hidden: %*s", j->len, j->reason);

    ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_BLOCK;

    return 0;
}


static ngx_int_t
ngx_http_pkg_reroute_verdict_header(ngx_http_request_t *r, pr_judgement_t *j)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "X-Pkg-Reroute-Verdict");
    h->value.data = (u_char *) j->reason;
    h->value.len = j->len;

    return NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_verdict_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;
    v->len = 0;
    v->data = (u_char *) "";

    if (data == 2) {
        plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

        if (plcf->eco != PR_ECO_NONE) {
            v->data = plcf->policy_gen.data;
            v->len = plcf->policy_gen.len;
        }

        return NGX_OK;
    }

    if (ctx == NULL) {
        return NGX_OK;
    }

    if (data == 0) {
        v->data = (u_char *)
                  ngx_http_pkg_reroute_verdicts[ctx->verdict_state];
        v->len = ngx_strlen(v->data);

    } else if (ctx->judged && ctx->verdict_state
                              != NGX_HTTP_PKG_REROUTE_VERDICT_ALLOW)
    {
        v->data = (u_char *) ctx->judged->reason;
        v->len = ctx->judged->len;
    }

    return NGX_OK;
}
