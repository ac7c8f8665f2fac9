/*
 * ngx_pkg_reroute: the pkg_reroute_rule block.
 *
 *   pkg_reroute_rule <name> block|allow {
 *       <pattern>[@<range>] [<pattern>[@<range>] ...];
 *       include <file>;
 *   }
 *
 * A range is read when a place uses the rule, in the place's ecosystem
 * (ngx_http_pkg_reroute_curation_merge): where each pattern is written is
 * kept for its error.
 */

#include "ngx_http_pkg_reroute_module.h"


typedef struct {
    ngx_array_t   *patterns;            /* of pr_str_t */
    ngx_array_t   *where;               /* of ngx_http_pkg_reroute_where_t */
    pr_rule_t     *rule;
} ngx_http_pkg_reroute_rule_parse_t;


static char *ngx_http_pkg_reroute_rule_line(ngx_conf_t *cf,
    ngx_command_t *dummy, void *conf);


void *
ngx_http_pkg_reroute_alloc(void *pool, size_t size)
{
    return ngx_palloc(pool, size);
}


pr_rule_t *
ngx_http_pkg_reroute_find_rule(ngx_http_pkg_reroute_main_conf_t *pmcf,
    ngx_str_t *name)
{
    ngx_uint_t   i;
    pr_rule_t   *rule;

    rule = pmcf->rules.elts;

    for (i = 0; i < pmcf->rules.nelts; i++) {
        if (rule[i].name.len == name->len
            && ngx_strncmp(rule[i].name.data, name->data, name->len) == 0)
        {
            return &rule[i];
        }
    }

    return NULL;
}


char *
ngx_http_pkg_reroute_rule(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_main_conf_t *pmcf = conf;

    char                               *rv;
    ngx_str_t                          *value;
    pr_rule_t                          *rule;
    ngx_conf_t                          save;
    ngx_http_pkg_reroute_rule_parse_t   parse;

    value = cf->args->elts;

    if (ngx_http_pkg_reroute_find_rule(pmcf, &value[1]) != NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "duplicate pkg_reroute_rule \"%V\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    rule = ngx_array_push(&pmcf->rules);
    if (rule == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memzero(rule, sizeof(pr_rule_t));

    rule->name.data = (char *) value[1].data;
    rule->name.len = value[1].len;

    if (ngx_strcmp(value[2].data, "block") == 0) {
        rule->mode = PR_MODE_BLOCK;

    } else if (ngx_strcmp(value[2].data, "allow") == 0) {
        rule->mode = PR_MODE_ALLOW;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid mode \"%V\" in pkg_reroute_rule \"%V\", "
                           "it must be \"block\" or \"allow\"",
                           &value[2], &value[1]);
        return NGX_CONF_ERROR;
    }

    parse.rule = rule;
    parse.patterns = ngx_array_create(cf->temp_pool, 64, sizeof(pr_str_t));
    parse.where = ngx_array_create(cf->pool, 64,
                                   sizeof(ngx_http_pkg_reroute_where_t));
    if (parse.patterns == NULL || parse.where == NULL) {
        return NGX_CONF_ERROR;
    }

    save = *cf;
    cf->handler = ngx_http_pkg_reroute_rule_line;
    cf->handler_conf = (char *) &parse;

    rv = ngx_conf_parse(cf, NULL);

    *cf = save;

    if (rv != NGX_CONF_OK) {
        return rv;
    }

    rule->npatterns = parse.patterns->nelts;
    rule->patterns = ngx_palloc(cf->pool,
                                (rule->npatterns + 1) * sizeof(pr_str_t));
    if (rule->patterns == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memcpy(rule->patterns, parse.patterns->elts,
               rule->npatterns * sizeof(pr_str_t));

    rule->where = parse.where->elts;

    if (pr_rule_split(rule, ngx_http_pkg_reroute_alloc, cf->pool) != 0) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_pkg_reroute_rule_line(ngx_conf_t *cf, ngx_command_t *dummy,
    void *conf)
{
    ngx_http_pkg_reroute_rule_parse_t *parse = conf;

    size_t                         len;
    ngx_str_t                     *value;
    pr_str_t                      *pat;
    ngx_uint_t                     i;
    const char                    *err;
    ngx_http_pkg_reroute_where_t  *where;

    value = cf->args->elts;

    if (cf->args->nelts == 2
        && ngx_strcmp(value[0].data, "include") == 0)
    {
        return ngx_conf_include(cf, dummy, conf);
    }

    for (i = 0; i < cf->args->nelts; i++) {
        /* the name part; a range is read where the rule is used */

        len = pr_rule_range_at((char *) value[i].data, value[i].len);

        if (len == 0) {
            len = value[i].len;
        }

        err = pr_pattern_check((char *) value[i].data, len);

        if (err) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid pattern \"%V\" in pkg_reroute_rule "
                               "\"%*s\": %s", &value[i],
                               parse->rule->name.len, parse->rule->name.data,
                               err);
            return NGX_CONF_ERROR;
        }

        pat = ngx_array_push(parse->patterns);
        where = ngx_array_push(parse->where);
        if (pat == NULL || where == NULL) {
            return NGX_CONF_ERROR;
        }

        where->file = cf->conf_file->file.name.data;
        where->line = cf->conf_file->line;

        /* value[i] lives in cf->pool: it stays */
        pat->data = (char *) value[i].data;
        pat->len = value[i].len;
    }

    return NGX_CONF_OK;
}
