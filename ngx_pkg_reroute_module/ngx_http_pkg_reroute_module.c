/*
 * ngx_pkg_reroute: the module, its directives and their merge.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_rewrite.h"


static void *ngx_http_pkg_reroute_create_main_conf(ngx_conf_t *cf);
static void *ngx_http_pkg_reroute_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_pkg_reroute_merge_loc_conf(ngx_conf_t *cf,
    void *parent, void *child);
static void ngx_http_pkg_reroute_exit_process(ngx_cycle_t *cycle);
static ngx_int_t ngx_http_pkg_reroute_init(ngx_conf_t *cf);

static char *ngx_http_pkg_reroute(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_pkg_reroute_use(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_pkg_reroute_redirect(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static char *ngx_http_pkg_reroute_methods(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_pkg_reroute_enum(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_pkg_reroute_cache_valid(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static char *ngx_http_pkg_reroute_rewrite(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


static ngx_conf_enum_t  ngx_http_pkg_reroute_log_levels[] = {
    { ngx_string("info"), NGX_LOG_INFO },
    { ngx_string("notice"), NGX_LOG_NOTICE },
    { ngx_string("warn"), NGX_LOG_WARN },
    { ngx_string("error"), NGX_LOG_ERR },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  ngx_http_pkg_reroute_block_statuses[] = {
    { ngx_string("403"), NGX_HTTP_FORBIDDEN },
    { ngx_string("404"), NGX_HTTP_NOT_FOUND },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  ngx_http_pkg_reroute_unknowns[] = {
    { ngx_string("deny"), 1 },
    { ngx_string("pass"), 0 },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  ngx_http_pkg_reroute_credentials[] = {
    { ngx_string("strip"), 0 },
    { ngx_string("forward"), 1 },
    { ngx_null_string, 0 }
};


static ngx_conf_bitmask_t  ngx_http_pkg_reroute_method_names[] = {
    { ngx_string("GET"), NGX_HTTP_GET },
    { ngx_string("HEAD"), NGX_HTTP_HEAD },
    { ngx_string("POST"), NGX_HTTP_POST },
    { ngx_string("PUT"), NGX_HTTP_PUT },
    { ngx_string("DELETE"), NGX_HTTP_DELETE },
    { ngx_string("PATCH"), NGX_HTTP_PATCH },
    { ngx_string("OPTIONS"), NGX_HTTP_OPTIONS },
    { ngx_null_string, 0 }
};


static char *ngx_http_pkg_reroute_max_size_check(ngx_conf_t *cf, void *post,
    void *data);

static ngx_conf_post_t  ngx_http_pkg_reroute_max_size_bounds = {
    ngx_http_pkg_reroute_max_size_check
};

static char *ngx_http_pkg_reroute_concurrency_check(ngx_conf_t *cf,
    void *post, void *data);

static ngx_conf_post_t  ngx_http_pkg_reroute_concurrency_bounds = {
    ngx_http_pkg_reroute_concurrency_check
};


static ngx_command_t  ngx_http_pkg_reroute_commands[] = {

    { ngx_string("pkg_reroute_rule"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_BLOCK|NGX_CONF_TAKE2,
      ngx_http_pkg_reroute_rule,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_pkg_reroute,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_use"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_use,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_verdict"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_verdict,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_malicious"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_pkg_reroute_malicious,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_cooldown"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE123,
      ngx_http_pkg_reroute_cooldown,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_cutoff"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_cutoff,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_exempt"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE2,
      ngx_http_pkg_reroute_exempt,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_redirect"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_pkg_reroute_redirect,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_methods"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_pkg_reroute_methods,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_block_status"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_enum,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, block_status),
      &ngx_http_pkg_reroute_block_statuses },

    { ngx_string("pkg_reroute_unknown"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_enum,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, unknown_deny),
      &ngx_http_pkg_reroute_unknowns },

    { ngx_string("pkg_reroute_log_level"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_enum,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, log_level),
      &ngx_http_pkg_reroute_log_levels },

    { ngx_string("pkg_reroute_cache_valid"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE2,
      ngx_http_pkg_reroute_cache_valid,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_rewrite"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE2,
      ngx_http_pkg_reroute_rewrite,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_rewrite_strict"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, rewrite_strict),
      NULL },

    { ngx_string("pkg_reroute_rewrite_max_size"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_size_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, rewrite_max_size),
      &ngx_http_pkg_reroute_max_size_bounds },

    { ngx_string("pkg_reroute_rewrite_concurrency"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, rewrite_concurrency),
      &ngx_http_pkg_reroute_concurrency_bounds },

    { ngx_string("pkg_reroute_rewrite_wait"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_msec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, rewrite_wait),
      NULL },

    { ngx_string("pkg_reroute_strict"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, strict),
      NULL },

    { ngx_string("pkg_reroute_guard"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, guard),
      NULL },

    { ngx_string("pkg_reroute_follow"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_pkg_reroute_follow,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_client_credentials"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_enum,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_pkg_reroute_loc_conf_t, credentials),
      &ngx_http_pkg_reroute_credentials },

    { ngx_string("pkg_reroute_times"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_times,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_times_scope"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_pkg_reroute_times_scope,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_times_fetch"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_pkg_reroute_times_fetch,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("pkg_reroute_docker_token"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_pkg_reroute_docker_token,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_pkg_reroute_module_ctx = {
    ngx_http_pkg_reroute_add_variables,    /* preconfiguration */
    ngx_http_pkg_reroute_init,             /* postconfiguration */

    ngx_http_pkg_reroute_create_main_conf, /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_pkg_reroute_create_loc_conf,  /* create location configuration */
    ngx_http_pkg_reroute_merge_loc_conf    /* merge location configuration */
};


ngx_module_t  ngx_http_pkg_reroute_module = {
    NGX_MODULE_V1,
    &ngx_http_pkg_reroute_module_ctx,      /* module context */
    ngx_http_pkg_reroute_commands,         /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    ngx_http_pkg_reroute_exit_process,     /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static void *
ngx_http_pkg_reroute_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    pmcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_pkg_reroute_main_conf_t));
    if (pmcf == NULL) {
        return NULL;
    }

    if (ngx_array_init(&pmcf->rules, cf->pool, 4, sizeof(pr_rule_t))
        != NGX_OK)
    {
        return NULL;
    }

    return pmcf;
}


static void *
ngx_http_pkg_reroute_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_pkg_reroute_loc_conf_t));
    if (plcf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     plcf->prefix = { 0, NULL };
     *     plcf->rule = NULL;
     *     plcf->rule_name = { 0, NULL };
     *     plcf->rule_file = NULL;
     *     plcf->rule_line = 0;
     *     plcf->redirect = { 0, NULL };
     *     plcf->methods = 0;
     */

    plcf->eco = NGX_CONF_UNSET_UINT;
    plcf->redirect_status = NGX_CONF_UNSET_UINT;
    plcf->block_status = NGX_CONF_UNSET_UINT;
    plcf->log_level = NGX_CONF_UNSET_UINT;
    plcf->unknown_deny = NGX_CONF_UNSET_UINT;
    plcf->valid_metadata = NGX_CONF_UNSET;
    plcf->valid_artifact = NGX_CONF_UNSET;
    plcf->valid_notfound = NGX_CONF_UNSET;
    plcf->valid_too_large = NGX_CONF_UNSET;
    plcf->guard = NGX_CONF_UNSET;
    plcf->strict = NGX_CONF_UNSET;
    plcf->rewrites = NGX_CONF_UNSET_PTR;
    plcf->rewrite_strict = NGX_CONF_UNSET;
    plcf->rewrite_max_size = NGX_CONF_UNSET_SIZE;
    plcf->rewrite_concurrency = NGX_CONF_UNSET;
    plcf->rewrite_wait = NGX_CONF_UNSET_MSEC;
    plcf->follow = NGX_CONF_UNSET_PTR;
    plcf->credentials = NGX_CONF_UNSET_UINT;
    plcf->token = NGX_CONF_UNSET_PTR;
    plcf->verdict_warn = NGX_CONF_UNSET_UINT;
    plcf->malicious = NGX_CONF_UNSET_PTR;
    plcf->cooldown = NGX_CONF_UNSET;
    plcf->cutoff = NGX_CONF_UNSET;
    plcf->exempts = NGX_CONF_UNSET_PTR;

    return plcf;
}


static char *
ngx_http_pkg_reroute_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_pkg_reroute_loc_conf_t *prev = parent;
    ngx_http_pkg_reroute_loc_conf_t *conf = child;

    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    if (conf->eco == NGX_CONF_UNSET_UINT) {
        conf->prefix = prev->prefix;
        conf->eco_file = prev->eco_file;
        conf->eco_line = prev->eco_line;
    }

    ngx_conf_merge_uint_value(conf->eco, prev->eco, PR_ECO_NONE);

    if (conf->redirect_status == NGX_CONF_UNSET_UINT) {
        conf->redirect = prev->redirect;
        conf->redirect_status = prev->redirect_status;
    }

    ngx_conf_merge_uint_value(conf->redirect_status, prev->redirect_status,
                              NGX_HTTP_TEMPORARY_REDIRECT);

    /* 0 stays "the ecosystem's default", see ngx_http_pkg_reroute_methods */

    if (conf->methods == 0) {
        conf->methods = prev->methods;
    }

    ngx_conf_merge_uint_value(conf->block_status, prev->block_status,
                              NGX_HTTP_FORBIDDEN);
    ngx_conf_merge_uint_value(conf->log_level, prev->log_level, NGX_LOG_ERR);
    ngx_conf_merge_uint_value(conf->unknown_deny, prev->unknown_deny, 1);

    /* metadata changes, artifacts do not (a version is never re-published) */
    ngx_conf_merge_value(conf->valid_metadata, prev->valid_metadata, 300);
    ngx_conf_merge_value(conf->valid_artifact, prev->valid_artifact,
                         365 * 86400);
    ngx_conf_merge_value(conf->valid_notfound, prev->valid_notfound, 60);

    /* a herd asking for a document too large to rewrite: one fetch */
    ngx_conf_merge_value(conf->valid_too_large, prev->valid_too_large, 30);
    ngx_conf_merge_value(conf->guard, prev->guard, 1);
    ngx_conf_merge_value(conf->strict, prev->strict, 0);
    ngx_conf_merge_ptr_value(conf->rewrites, prev->rewrites, NULL);
    ngx_conf_merge_value(conf->rewrite_strict, prev->rewrite_strict, 1);
    ngx_conf_merge_size_value(conf->rewrite_max_size,
                              prev->rewrite_max_size, PR_REWRITE_MAX_SIZE);

    /* a worker holds at most 4 documents and their rewrites at once */
    ngx_conf_merge_value(conf->rewrite_concurrency,
                         prev->rewrite_concurrency, 4);
    ngx_conf_merge_msec_value(conf->rewrite_wait, prev->rewrite_wait,
                              30000);

    /* a client's credentials never reach a cache-mode place's upstream */
    ngx_conf_merge_uint_value(conf->credentials, prev->credentials, 0);

    /*
     * The rule is inherited by name and looked up here, where every
     * pkg_reroute_rule of the http block is known, wherever it stands.
     */

    if (conf->rule_name.data == NULL) {
        conf->rule_name = prev->rule_name;
        conf->rule_file = prev->rule_file;
        conf->rule_line = prev->rule_line;
    }

    conf->rule = NULL;

    if (conf->rule_name.data && ngx_strcmp(conf->rule_name.data, "off") != 0)
    {
        pmcf = ngx_http_conf_get_module_main_conf(cf,
                                                  ngx_http_pkg_reroute_module);

        conf->rule = ngx_http_pkg_reroute_find_rule(pmcf, &conf->rule_name);

        if (conf->rule == NULL) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "unknown pkg_reroute_rule \"%V\" "
                          "in pkg_reroute_use in %s:%ui",
                          &conf->rule_name, conf->rule_file, conf->rule_line);
            return NGX_CONF_ERROR;
        }
    }

    if (ngx_http_pkg_reroute_curation_merge(cf, prev, conf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_pkg_reroute_times_merge(cf, prev, conf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_pkg_reroute_follow_merge(cf, prev, conf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }

    return ngx_http_pkg_reroute_token_merge(cf, prev, conf);
}


/* a document is held whole: at least a byte, at most 2 GB */
static char *
ngx_http_pkg_reroute_max_size_check(ngx_conf_t *cf, void *post, void *data)
{
    size_t  *sp = data;

    if (*sp == 0 || *sp > 2147483647) {
        return "must be between 1 and 2g";
    }

    return NGX_CONF_OK;
}


/* documents rewritten at once by one worker: at least one */
static char *
ngx_http_pkg_reroute_concurrency_check(ngx_conf_t *cf, void *post,
    void *data)
{
    ngx_int_t  *np = data;

    if (*np < 1 || *np > 65535) {
        return "must be between 1 and 65535";
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_pkg_reroute_access_handler;

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_PRECONTENT_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_pkg_reroute_precontent_handler;

    if (ngx_http_pkg_reroute_filter_init(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_http_pkg_reroute_rewrite_init(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_http_pkg_reroute_follow_init(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_http_pkg_reroute_credentials_init(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_http_pkg_reroute_times_init(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    if (ngx_http_pkg_reroute_token_init(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    /* registered last: its filters run first (on its lookups only) */
    return ngx_http_pkg_reroute_tsrc_init(cf);
}


/* what a worker keeps for its life, freed when it exits */
static void
ngx_http_pkg_reroute_exit_process(ngx_cycle_t *cycle)
{
    ngx_http_pkg_reroute_token_exit();
}


static char *
ngx_http_pkg_reroute(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t  *value;

    if (plcf->eco != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0 && cf->args->nelts == 2) {
        plcf->eco = PR_ECO_NONE;
        return NGX_CONF_OK;
    }

    plcf->eco = pr_eco_by_name((char *) value[1].data, value[1].len);
    plcf->eco_file = cf->conf_file->file.name.data;
    plcf->eco_line = cf->conf_file->line;

    if (plcf->eco == PR_ECO_NONE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "unknown ecosystem \"%V\", it must be one of "
                           "npm, pypi, docker, huggingface, rubygems, cargo, "
                           "github, generic or off", &value[1]);
        return NGX_CONF_ERROR;
    }

    /* the catalogues' shapes, compiled once here and not by a request */
    if (pr_classify_init() != 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "the endpoint catalogues' shapes do not fit the "
                           "room compiled in (pr_classify.c, PR_SHAPE_*)");
        return NGX_CONF_ERROR;
    }

    if (cf->args->nelts == 3) {
        if (value[2].len < sizeof("prefix=/") - 1
            || ngx_strncmp(value[2].data, "prefix=/", sizeof("prefix=/") - 1)
               != 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" in pkg_reroute, "
                               "it must be \"prefix=/<path>\"", &value[2]);
            return NGX_CONF_ERROR;
        }

        plcf->prefix.data = value[2].data + sizeof("prefix=") - 1;
        plcf->prefix.len = value[2].len - (sizeof("prefix=") - 1);
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_pkg_reroute_use(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t  *value;

    /* one rule per place, as one routing rule per proxy repository */

    if (plcf->rule_name.data) {
        return "is duplicate";
    }

    value = cf->args->elts;

    plcf->rule_name = value[1];
    plcf->rule_file = cf->conf_file->file.name.data;
    plcf->rule_line = cf->conf_file->line;

    return NGX_CONF_OK;
}


static char *
ngx_http_pkg_reroute_redirect(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t  *value, *url;
    ngx_int_t   status;

    if (plcf->redirect_status != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;
    url = &value[1];

    if (cf->args->nelts == 2 && ngx_strcmp(url->data, "off") == 0) {
        plcf->redirect_status = 0;
        ngx_str_null(&plcf->redirect);
        return NGX_CONF_OK;
    }

    if (!(url->len > 7 && ngx_strncasecmp(url->data, (u_char *) "http://", 7)
                          == 0)
        && !(url->len > 8
             && ngx_strncasecmp(url->data, (u_char *) "https://", 8) == 0)
        && !(url->len > 0 && url->data[0] == '/'))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid URL \"%V\" in pkg_reroute_redirect, "
                           "it must start with \"http://\", \"https://\" "
                           "or \"/\"", url);
        return NGX_CONF_ERROR;
    }

    /* the canonical path starts with '/': drop the base's trailing ones */

    while (url->len > 1 && url->data[url->len - 1] == '/') {
        url->len--;
    }

    if (url->len == 1) {
        url->len = 0;
    }

    plcf->redirect = *url;
    plcf->redirect_status = NGX_HTTP_TEMPORARY_REDIRECT;

    if (cf->args->nelts == 3) {
        status = ngx_atoi(value[2].data, value[2].len);

        if (status != NGX_HTTP_MOVED_TEMPORARILY
            && status != NGX_HTTP_TEMPORARY_REDIRECT
            && status != NGX_HTTP_PERMANENT_REDIRECT)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid status \"%V\" in pkg_reroute_redirect, "
                               "it must be 302, 307 or 308", &value[2]);
            return NGX_CONF_ERROR;
        }

        plcf->redirect_status = status;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_pkg_reroute_methods(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t   *value;
    ngx_uint_t   i, m;

    if (plcf->methods) {
        return "is duplicate";
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        for (m = 0; ngx_http_pkg_reroute_method_names[m].name.len; m++) {
            if (ngx_strcmp(value[i].data,
                           ngx_http_pkg_reroute_method_names[m].name.data)
                == 0)
            {
                break;
            }
        }

        if (ngx_http_pkg_reroute_method_names[m].name.len == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid method \"%V\" in pkg_reroute_methods",
                               &value[i]);
            return NGX_CONF_ERROR;
        }

        plcf->methods |= ngx_http_pkg_reroute_method_names[m].mask;
    }

    return NGX_CONF_OK;
}


/* ngx_conf_set_enum_slot(), with an error that names the directive and
 * what it accepts */
static char *
ngx_http_pkg_reroute_enum(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    u_char           *p, buf[NGX_MAX_ERROR_STR];
    ngx_str_t        *value;
    ngx_uint_t       *np, i;
    ngx_conf_enum_t  *e;

    np = (ngx_uint_t *) ((char *) conf + cmd->offset);

    if (*np != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;
    e = cmd->post;

    for (i = 0; e[i].name.len; i++) {
        if (e[i].name.len == value[1].len
            && ngx_strcmp(e[i].name.data, value[1].data) == 0)
        {
            *np = e[i].value;
            return NGX_CONF_OK;
        }
    }

    p = buf;

    for (i = 0; e[i].name.len; i++) {
        p = ngx_slprintf(p, buf + sizeof(buf), "%s\"%V\"",
                         i == 0 ? "" : e[i + 1].name.len ? ", " : " or ",
                         &e[i].name);
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid value \"%V\" in %V, it must be %*s",
                       &value[1], &cmd->name, p - buf, buf);

    return NGX_CONF_ERROR;
}


/* pkg_reroute_cache_valid metadata|artifact|404|too-large time */
static char *
ngx_http_pkg_reroute_cache_valid(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    time_t     *slot, t;
    ngx_str_t  *value;

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "metadata") == 0) {
        slot = &plcf->valid_metadata;

    } else if (ngx_strcmp(value[1].data, "artifact") == 0) {
        slot = &plcf->valid_artifact;

    } else if (ngx_strcmp(value[1].data, "404") == 0) {
        slot = &plcf->valid_notfound;

    } else if (ngx_strcmp(value[1].data, "too-large") == 0) {
        slot = &plcf->valid_too_large;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid kind \"%V\" in pkg_reroute_cache_valid, "
                           "it must be \"metadata\", \"artifact\", \"404\" "
                           "or \"too-large\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    if (*slot != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    t = ngx_parse_time(&value[2], 1);

    if (t == (time_t) NGX_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid time \"%V\" in pkg_reroute_cache_valid",
                           &value[2]);
        return NGX_CONF_ERROR;
    }

    *slot = t;

    return NGX_CONF_OK;
}


/* pkg_reroute_rewrite from-prefix to-prefix; several, tried in order */
static char *
ngx_http_pkg_reroute_rewrite(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t         *value;
    ngx_uint_t         i;
    pr_rewrite_map_t  *map;

    value = cf->args->elts;

    for (i = 1; i <= 2; i++) {
        if (!(value[i].len > 7
              && ngx_strncasecmp(value[i].data, (u_char *) "http://", 7) == 0)
            && !(value[i].len > 8
                 && ngx_strncasecmp(value[i].data, (u_char *) "https://", 8)
                    == 0))
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid URL \"%V\" in pkg_reroute_rewrite, "
                               "it must start with \"http://\" or "
                               "\"https://\"", &value[i]);
            return NGX_CONF_ERROR;
        }

        /* "https://h.example" would also match "https://h.example.evil/" */

        if (value[i].data[value[i].len - 1] != '/') {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid URL \"%V\" in pkg_reroute_rewrite, "
                               "it must end with \"/\"", &value[i]);
            return NGX_CONF_ERROR;
        }
    }

    if (plcf->rewrites == NGX_CONF_UNSET_PTR) {
        plcf->rewrites = ngx_array_create(cf->pool, 2,
                                          sizeof(pr_rewrite_map_t));
        if (plcf->rewrites == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    map = ngx_array_push(plcf->rewrites);
    if (map == NULL) {
        return NGX_CONF_ERROR;
    }

    map->from.data = (char *) value[1].data;
    map->from.len = value[1].len;
    map->to.data = (char *) value[2].data;
    map->to.len = value[2].len;

    return NGX_CONF_OK;
}
