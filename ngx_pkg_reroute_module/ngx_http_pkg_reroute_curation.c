/*
 * ngx_pkg_reroute: curation in the nginx shell. The verdict on a version
 * (pr_verdict) for an artifact request, in the access phase, and for each
 * version a metadata document lists, through the rewriters' keep(); the
 * pkg_reroute_verdict mode; pkg_reroute_malicious; pkg_reroute_cooldown,
 * _cutoff and _exempt; $pkg_reroute_verdict, _reason and
 * $pkg_reroute_policy.
 */

#include <zlib.h>

#include "ngx_http_pkg_reroute_module.h"
#include "pr_name.h"
#include "pr_rewrite.h"
#include "pr_time.h"
#include "pr_vtime.h"


/* keep()'s state for one document (ctx->keep_memo) */
typedef struct {
    pr_vtime_t        memo;     /* each version's answer, 1 or 0 */
    pr_verdict_pkg_t  pkg;      /* the policy's inputs for its package */
} ngx_http_pkg_reroute_keep_t;


static char *ngx_http_pkg_reroute_policy_gen(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *conf);
static char *ngx_http_pkg_reroute_time_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf);
static int64_t ngx_http_pkg_reroute_keep_time(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    const pr_str_t *version, int64_t published);
static void ngx_http_pkg_reroute_exempt_log(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, pr_judgement_t *j, char *what);
static ngx_http_pkg_reroute_list_t *ngx_http_pkg_reroute_list_load(
    ngx_conf_t *cf, ngx_str_t *path, ngx_uint_t eco);
static void ngx_http_pkg_reroute_list_free(void *data);
static int ngx_http_pkg_reroute_inflate(void *ctx, const unsigned char *in,
    size_t inlen, unsigned char *out, size_t outlen);
static ngx_int_t ngx_http_pkg_reroute_verdict_header(ngx_http_request_t *r,
    pr_judgement_t *j);
static int ngx_http_pkg_reroute_keep_judge(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    const pr_verdict_pkg_t *pkg, const pr_str_t *version,
    int64_t published);
static ngx_http_pkg_reroute_keep_t *ngx_http_pkg_reroute_keep_memo(
    ngx_http_request_t *r, ngx_http_pkg_reroute_ctx_t *ctx);
static void ngx_http_pkg_reroute_keep_memo_free(void *data);
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


/* pkg_reroute_malicious <path> [ecosystem=<eco>] | off */
char *
ngx_http_pkg_reroute_malicious(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t                     *value, path;
    ngx_uint_t                     eco;
    ngx_http_pkg_reroute_list_t   *list, **lp;

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts != 2
            || plcf->malicious != NGX_CONF_UNSET_PTR)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"off\" in \"%V\" goes alone", &cmd->name);
            return NGX_CONF_ERROR;
        }

        plcf->malicious = NULL;
        return NGX_CONF_OK;
    }

    if (plcf->malicious == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"off\" in \"%V\" goes alone", &cmd->name);
        return NGX_CONF_ERROR;
    }

    eco = PR_ECO_NONE;

    if (cf->args->nelts == 3) {
        if (value[2].len > sizeof("ecosystem=") - 1
            && ngx_strncmp(value[2].data, "ecosystem=",
                           sizeof("ecosystem=") - 1) == 0)
        {
            eco = pr_eco_by_name((char *) value[2].data
                                 + sizeof("ecosystem=") - 1,
                                 value[2].len - (sizeof("ecosystem=") - 1));
        }

        if (eco == PR_ECO_NONE || eco == PR_ECO_MAX) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" in \"%V\", it "
                               "must be \"ecosystem=<ecosystem>\" (a plain "
                               "list's)", &value[2], &cmd->name);
            return NGX_CONF_ERROR;
        }
    }

    path = value[1];

    if (ngx_conf_full_name(cf->cycle, &path, 0) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    list = ngx_http_pkg_reroute_list_load(cf, &path, eco);
    if (list == NULL) {
        return NGX_CONF_ERROR;
    }

    if (plcf->malicious == NGX_CONF_UNSET_PTR) {
        plcf->malicious = ngx_array_create(cf->pool, 2, sizeof(void *));
        if (plcf->malicious == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    lp = ngx_array_push(plcf->malicious);
    if (lp == NULL) {
        return NGX_CONF_ERROR;
    }

    *lp = list;

    return NGX_CONF_OK;
}


/*
 * pkg_reroute_cooldown <age> [missing=deny|allow] [exempt=<p>[,<p>...]]
 * | off
 */
char *
ngx_http_pkg_reroute_cooldown(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    u_char      *p, *e, *c;
    time_t       age;
    ngx_str_t   *value, *pat;
    ngx_uint_t   i;
    const char  *err;

    if (plcf->cooldown != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts != 2) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"off\" in \"%V\" goes alone", &cmd->name);
            return NGX_CONF_ERROR;
        }

        plcf->cooldown = 0;
        return NGX_CONF_OK;
    }

    age = ngx_parse_time(&value[1], 1);

    if (age == (time_t) NGX_ERROR || age <= 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid age \"%V\" in \"%V\" (e.g. 7d, 36h)",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    plcf->cooldown = age;

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_strcmp(value[i].data, "missing=deny") == 0) {
            plcf->cooldown_deny = 1;
            continue;
        }

        if (ngx_strcmp(value[i].data, "missing=allow") == 0) {
            plcf->cooldown_deny = 0;
            continue;
        }

        if (ngx_strncmp(value[i].data, "exempt=", 7) != 0
            || value[i].len == 7 || plcf->cooldown_exempt)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" in \"%V\", it must "
                               "be \"missing=deny\", \"missing=allow\" or "
                               "\"exempt=<pattern>[,<pattern>...]\" (once)",
                               &value[i], &cmd->name);
            return NGX_CONF_ERROR;
        }

        plcf->cooldown_exempt = ngx_array_create(cf->pool, 4,
                                                 sizeof(ngx_str_t));
        if (plcf->cooldown_exempt == NULL) {
            return NGX_CONF_ERROR;
        }

        p = value[i].data + 7;
        e = value[i].data + value[i].len;

        while (p < e) {
            c = ngx_strlchr(p, e, ',');
            if (c == NULL) {
                c = e;
            }

            err = (c == p) ? "empty"
                           : pr_pattern_check((char *) p, c - p);

            if (err) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid pattern \"%*s\" in \"%V\": %s",
                                   c - p, p, &cmd->name, err);
                return NGX_CONF_ERROR;
            }

            pat = ngx_array_push(plcf->cooldown_exempt);
            if (pat == NULL) {
                return NGX_CONF_ERROR;
            }

            pat->data = p;
            pat->len = c - p;

            p = c + 1;
        }
    }

    return NGX_CONF_OK;
}


/* pkg_reroute_cutoff <RFC 3339 instant or date> | off */
char *
ngx_http_pkg_reroute_cutoff(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    int64_t     t;
    ngx_str_t  *value;

    if (plcf->cutoff != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        plcf->cutoff = -2;
        return NGX_CONF_OK;
    }

    if (pr_time_parse((char *) value[1].data, value[1].len, &t) != 0
        || (int64_t) (time_t) t != t)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid instant \"%V\" in \"%V\" (e.g. "
                           "2026-03-31T12:00:00Z or 2026-03-31)",
                           &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    plcf->cutoff = (time_t) t;

    return NGX_CONF_OK;
}


/*
 * pkg_reroute_exempt <name>@<version> until=<instant>: may repeat; a level
 * that gives it replaces the exemptions it would inherit. One already
 * expired is left out, and nginx -t warns.
 */
char *
ngx_http_pkg_reroute_exempt(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    size_t        at;
    int64_t       t;
    ngx_str_t    *value;
    pr_exempt_t  *ex;

    value = cf->args->elts;

    at = pr_rule_range_at((char *) value[1].data, value[1].len);

    if (at == 0 || at + 1 >= value[1].len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid \"%V\" in \"%V\", it must be "
                           "<name>@<version>", &value[1], &cmd->name);
        return NGX_CONF_ERROR;
    }

    if (value[2].len <= 6 || ngx_strncmp(value[2].data, "until=", 6) != 0
        || pr_time_parse((char *) value[2].data + 6, value[2].len - 6, &t)
           != 0)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\" in \"%V\", it must be "
                           "\"until=<instant>\" (e.g. until=2026-03-31 or "
                           "until=2026-03-31T12:00:00Z)",
                           &value[2], &cmd->name);
        return NGX_CONF_ERROR;
    }

    if (plcf->exempts == NGX_CONF_UNSET_PTR) {
        plcf->exempts = ngx_array_create(cf->pool, 2, sizeof(pr_exempt_t));
        if (plcf->exempts == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    if (t <= (int64_t) ngx_time()) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "\"%V\" of \"%V\" expired at %*s, ignored",
                           &value[1], &cmd->name, value[2].len - 6,
                           value[2].data + 6);
        return NGX_CONF_OK;
    }

    ex = ngx_array_push(plcf->exempts);
    if (ex == NULL) {
        return NGX_CONF_ERROR;
    }

    ex->name.data = (char *) value[1].data;
    ex->name.len = at;
    ex->version.data = (char *) value[1].data + at + 1;
    ex->version.len = value[1].len - at - 1;
    ex->until = t;

    return NGX_CONF_OK;
}


/*
 * Cooldown (with its missing= and exempt=), cutoff and exemptions for the
 * place's ecosystem: names canonical, exempt= compiled. pkg_reroute_cooldown
 * and pkg_reroute_cutoff are inherited whole unless given; a level's
 * pkg_reroute_exempt lines replace the inherited ones.
 */
static char *
ngx_http_pkg_reroute_time_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    char          *canon;
    size_t         len;
    ngx_str_t     *pat;
    ngx_uint_t     i;
    pr_exempt_t   *from, *to;
    pr_matcher_t  *m;

    if (conf->cooldown == NGX_CONF_UNSET) {
        conf->cooldown = prev->cooldown;
        conf->cooldown_deny = prev->cooldown_deny;
        conf->cooldown_exempt = prev->cooldown_exempt;
    }

    if (conf->cooldown == NGX_CONF_UNSET) {
        conf->cooldown = 0;
    }

    ngx_conf_merge_value(conf->cutoff, prev->cutoff, -2);
    ngx_conf_merge_ptr_value(conf->exempts, prev->exempts, NULL);

    if (conf->eco == PR_ECO_NONE) {
        return NGX_CONF_OK;
    }

    conf->policy.cooldown = conf->cooldown;
    conf->policy.missing_deny = conf->cooldown_deny ? 1 : 0;
    conf->policy.has_cutoff = (conf->cutoff >= 0) ? 1 : 0;
    conf->policy.cutoff = conf->cutoff;

    if (conf->cooldown && conf->cooldown_exempt) {
        m = pr_matcher_create(ngx_http_pkg_reroute_alloc, cf->pool);
        if (m == NULL) {
            return NGX_CONF_ERROR;
        }

        pat = conf->cooldown_exempt->elts;

        for (i = 0; i < conf->cooldown_exempt->nelts; i++) {
            canon = ngx_pnalloc(cf->pool, pat[i].len + 1);
            if (canon == NULL) {
                return NGX_CONF_ERROR;
            }

            len = pr_name_canon(conf->eco, (char *) pat[i].data, pat[i].len,
                                canon);

            if (pr_matcher_add(m, canon, len, (uint32_t) i) != 0) {
                return NGX_CONF_ERROR;
            }
        }

        if (pr_matcher_compile(m) != 0) {
            return NGX_CONF_ERROR;
        }

        conf->policy.cooldown_exempt = m;
    }

    if (conf->exempts && conf->exempts->nelts) {
        from = conf->exempts->elts;
        to = ngx_palloc(cf->pool, conf->exempts->nelts * sizeof(pr_exempt_t));
        if (to == NULL) {
            return NGX_CONF_ERROR;
        }

        for (i = 0; i < conf->exempts->nelts; i++) {
            canon = ngx_pnalloc(cf->pool, from[i].name.len + 1);
            if (canon == NULL) {
                return NGX_CONF_ERROR;
            }

            to[i] = from[i];
            to[i].name.len = pr_name_canon(conf->eco, from[i].name.data,
                                           from[i].name.len, canon);
            to[i].name.data = canon;
        }

        conf->policy.exempts = to;
        conf->policy.nexempts = conf->exempts->nelts;
    }

    return NGX_CONF_OK;
}


/*
 * A list is read once per configuration cycle however many places name
 * it, and freed with the cycle's pool. A file or directory that cannot
 * be read fails nginx -t at the directive.
 */
static ngx_http_pkg_reroute_list_t *
ngx_http_pkg_reroute_list_load(ngx_conf_t *cf, ngx_str_t *path,
    ngx_uint_t eco)
{
    int                                rc;
    uint32_t                           crc;
    ngx_uint_t                         i;
    ngx_file_info_t                    fi;
    pr_mal_stats_t                     st;
    ngx_pool_cleanup_t                *cln;
    ngx_http_pkg_reroute_list_t       *list;
    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    pmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_pkg_reroute_module);

    if (pmcf->lists == NULL) {
        pmcf->lists = ngx_array_create(cf->pool, 2,
                                       sizeof(ngx_http_pkg_reroute_list_t));
        if (pmcf->lists == NULL) {
            return NULL;
        }
    }

    list = pmcf->lists->elts;

    for (i = 0; i < pmcf->lists->nelts; i++) {
        if (list[i].eco == eco && list[i].path.len == path->len
            && ngx_strncmp(list[i].path.data, path->data, path->len) == 0)
        {
            return &list[i];
        }
    }

    list = ngx_array_push(pmcf->lists);
    cln = ngx_pool_cleanup_add(cf->pool, 0);

    if (list == NULL || cln == NULL) {
        return NULL;
    }

    list->path = *path;
    list->eco = eco;
    list->mal = pr_mal_create();

    if (list->mal == NULL) {
        return NULL;
    }

    cln->handler = ngx_http_pkg_reroute_list_free;
    cln->data = list->mal;

    rc = (eco == PR_ECO_NONE)
         ? pr_mal_load(list->mal, (char *) path->data,
                       ngx_http_pkg_reroute_inflate, NULL)
         : pr_mal_load_list(list->mal, (pr_eco_t) eco, (char *) path->data);

    if (rc != 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "pkg_reroute_malicious \"%V\" cannot be read: %s",
                           path, pr_mal_error(list->mal));
        return NULL;
    }

    pr_mal_finish(list->mal);
    pr_mal_stats(list->mal, &st);

    /*
     * What the policy generation takes of it: the path, what was read,
     * and the file's (a zip, a list; a directory's own) time and size
     */

    ngx_crc32_init(crc);
    ngx_crc32_update(&crc, path->data, path->len);
    ngx_crc32_update(&crc, (u_char *) &st, sizeof(pr_mal_stats_t));

    if (ngx_file_info(path->data, &fi) != NGX_FILE_ERROR) {
        ngx_crc32_update(&crc, (u_char *) &fi.st_mtime, sizeof(fi.st_mtime));
        ngx_crc32_update(&crc, (u_char *) &fi.st_size, sizeof(fi.st_size));
    }

    ngx_crc32_final(crc);
    list->crc = crc;

    ngx_log_error(NGX_LOG_NOTICE, cf->log, 0,
                  "pkg_reroute_malicious \"%V\": %uz files, %uz names, "
                  "%uz entries, %uz bytes", path, st.files, st.names,
                  st.entries, st.bytes);

    return list;
}


static void
ngx_http_pkg_reroute_list_free(void *data)
{
    pr_mal_destroy(data);
}


/* raw deflate (a zip's method 8), by the zlib nginx links */
static int
ngx_http_pkg_reroute_inflate(void *ctx, const unsigned char *in,
    size_t inlen, unsigned char *out, size_t outlen)
{
    int       rc;
    z_stream  zs;

    (void) ctx;

    ngx_memzero(&zs, sizeof(z_stream));

    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
        return -1;
    }

    zs.next_in = (u_char *) in;
    zs.avail_in = (uInt) inlen;
    zs.next_out = out;
    zs.avail_out = (uInt) outlen;

    rc = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);

    return (rc == Z_STREAM_END && zs.total_out == outlen) ? 0 : -1;
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
    int                            rc;
    size_t                         bad;
    const char                    *err;
    ngx_http_pkg_reroute_where_t  *where;

    ngx_uint_t                     i;
    pr_mal_t                     **mal;
    ngx_http_pkg_reroute_list_t  **list;

    ngx_conf_merge_uint_value(conf->verdict_warn, prev->verdict_warn, 0);

    /* a location's lists replace the ones it would inherit */
    ngx_conf_merge_ptr_value(conf->malicious, prev->malicious, NULL);

    conf->policy.rule = conf->rule;
    conf->policy.warn = conf->verdict_warn ? 1 : 0;

    if (ngx_http_pkg_reroute_time_merge(cf, prev, conf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }

    ngx_str_null(&conf->policy_gen);

    if (conf->eco == PR_ECO_NONE) {
        return NGX_CONF_OK;
    }

    if (conf->malicious) {
        list = conf->malicious->elts;
        mal = ngx_palloc(cf->pool, conf->malicious->nelts * sizeof(void *));
        if (mal == NULL) {
            return NGX_CONF_ERROR;
        }

        for (i = 0; i < conf->malicious->nelts; i++) {
            mal[i] = list[i]->mal;
        }

        conf->policy.mal = mal;
        conf->policy.nmal = conf->malicious->nelts;
    }

    if (conf->rule == NULL) {
        return ngx_http_pkg_reroute_policy_gen(cf, conf);
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
 * their ranges, the lists, the cooldown, cutoff and exemptions, the
 * verdict mode, the ecosystem), made when the configuration is read. It
 * is in $pkg_reroute_cache_key for metadata, so that a reload with
 * another policy never serves a document filtered under the old one. Only
 * where versions are judged (a range, a list, a cooldown, a cutoff, an
 * exemption): elsewhere the key is as it was.
 */
static char *
ngx_http_pkg_reroute_policy_gen(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    u_char                        *p, mode[3];
    uint32_t                       crc;
    ngx_str_t                     *pat;
    ngx_uint_t                     i;
    pr_rule_t                     *rule;
    const pr_exempt_t             *ex;
    ngx_http_pkg_reroute_list_t  **list;

    rule = conf->rule;

    if ((rule == NULL || rule->nranged == 0) && conf->policy.nmal == 0
        && conf->policy.cooldown == 0 && !conf->policy.has_cutoff
        && conf->policy.nexempts == 0)
    {
        return NGX_CONF_OK;
    }

    mode[0] = (u_char) conf->eco;
    mode[1] = rule ? (u_char) rule->mode : 0xff;
    mode[2] = (u_char) conf->policy.warn;

    ngx_crc32_init(crc);
    ngx_crc32_update(&crc, mode, sizeof(mode));

    if (rule) {
        ngx_crc32_update(&crc, (u_char *) rule->name.data,
                         rule->name.len + 1);

        for (i = 0; i < rule->npatterns; i++) {
            /* with its NUL: "ab" "c" is not "a" "bc" */
            ngx_crc32_update(&crc, (u_char *) rule->patterns[i].data,
                             rule->patterns[i].len + 1);
        }
    }

    for (i = 0; i < conf->policy.nmal; i++) {
        list = conf->malicious->elts;
        ngx_crc32_update(&crc, (u_char *) &list[i]->crc, sizeof(uint32_t));
    }

    /* the cooldown, its missing= and exempt=, the cutoff, the exemptions */

    ngx_crc32_update(&crc, (u_char *) &conf->policy.cooldown,
                     sizeof(int64_t));
    ngx_crc32_update(&crc, (u_char *) &conf->policy.cutoff, sizeof(int64_t));

    mode[0] = (u_char) conf->policy.missing_deny;
    mode[1] = (u_char) conf->policy.has_cutoff;
    mode[2] = 0;
    ngx_crc32_update(&crc, mode, sizeof(mode));

    if (conf->policy.cooldown && conf->cooldown_exempt) {
        pat = conf->cooldown_exempt->elts;

        for (i = 0; i < conf->cooldown_exempt->nelts; i++) {
            ngx_crc32_update(&crc, pat[i].data, pat[i].len);
            ngx_crc32_update(&crc, (u_char *) ",", 1);
        }
    }

    for (i = 0; i < conf->policy.nexempts; i++) {
        ex = &conf->policy.exempts[i];
        ngx_crc32_update(&crc, (u_char *) ex->name.data, ex->name.len);
        ngx_crc32_update(&crc, (u_char *) "@", 1);
        ngx_crc32_update(&crc, (u_char *) ex->version.data, ex->version.len);
        ngx_crc32_update(&crc, (u_char *) &ex->until, sizeof(int64_t));
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
 * verdict on the version its URI names, or on the package when it names
 * none (a malicious list's "every version"). 1: refused (ctx->judged
 * says why), 0: on. A Docker digest is judged as no version (the tag
 * that named it was); so is a metadata URI whose version is no version
 * of the ecosystem (npm's /<name>/latest: the document's own version is
 * judged by the rewriter). Writes are not judged.
 */
ngx_uint_t
ngx_http_pkg_reroute_judge(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    pr_req_t        *req;
    pr_str_t         version;
    pr_ver_t         ver;
    pr_judgement_t  *j;

    req = &ctx->req;

    if (req->nnames == 0
        || (req->kind != PR_KIND_ARTIFACT && req->kind != PR_KIND_METADATA)
        || !pr_verdict_versions(&plcf->policy, req->eco, &req->names[0]))
    {
        return 0;
    }

    version = req->version;

    if (req->eco == PR_ECO_DOCKER
        && ngx_strlchr((u_char *) version.data,
                       (u_char *) version.data + version.len, ':'))
    {
        version.len = 0;

    } else if (req->kind == PR_KIND_METADATA && version.len
               && pr_version_parse(req->eco, version.data, version.len, &ver)
                  != 0)
    {
        version.len = 0;
    }

    /* no version: a package listed as malicious with every version */

    if (version.len == 0 && plcf->policy.nmal == 0) {
        return 0;
    }

    j = ngx_palloc(r->pool, sizeof(pr_judgement_t));
    if (j == NULL) {
        return 0;
    }

    ctx->judged = j;

    if (pr_verdict(&plcf->policy, req->eco, &req->names[0], &version,
                   ctx->published, ngx_time(), j)
        == PR_VERDICT_ALLOW)
    {
        ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_ALLOW;

        if (j->exempt) {
            ngx_http_pkg_reroute_exempt_log(r, ctx, j, "let through");
        }

        return 0;
    }

    if (!plcf->policy.warn) {
        ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_BLOCK;
        return 1;
    }

    /* logged and marked once, when the answer's header goes */

    ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_WARN;
    ctx->warn_late = 1;

    return 0;
}


/*
 * The header filter: a verdict that warn mode let through (judge()) is
 * logged and marked now, once for the client's request. When the answer
 * comes from an upstream asked for it now (not a HIT) that marked the
 * same verdict, that upstream was a fill hop which judged the version
 * and logged it: the front adds neither a line nor a second header.
 */
void
ngx_http_pkg_reroute_verdict_out(ngx_http_request_t *r)
{
    ngx_uint_t                   fresh;
    ngx_table_elt_t             *h;
    pr_judgement_t              *j;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    if (ctx == NULL || !ctx->warn_late || r != r->main) {
        return;
    }

    ctx->warn_late = 0;
    j = ctx->judged;

    if (j == NULL) {
        return;
    }

    h = ngx_http_pkg_reroute_header_find(&r->headers_out.headers,
                                         "X-Pkg-Reroute-Verdict",
                                         sizeof("X-Pkg-Reroute-Verdict") - 1);

    if (h && h->value.len == j->len
        && ngx_strncmp(h->value.data, j->reason, j->len) == 0)
    {
        fresh = (r->upstream != NULL);
#if (NGX_HTTP_CACHE)
        fresh = fresh
                && r->upstream->cache_status != NGX_HTTP_CACHE_HIT
                && r->upstream->cache_status != NGX_HTTP_CACHE_STALE
                && r->upstream->cache_status != NGX_HTTP_CACHE_UPDATING;
#endif
        if (!fresh) {
            ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                          "pkg reroute: %*s (pkg_reroute_verdict warn: "
                          "let through)", j->len, j->reason);
        }

        return;
    }

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "pkg reroute: %*s (pkg_reroute_verdict warn: let through)",
                  j->len, j->reason);

    (void) ngx_http_pkg_reroute_verdict_header(r, j);
}


/* rw.keep of the rewriters: the verdict on each version a document lists */
int
ngx_http_pkg_reroute_keep(void *data, const pr_str_t *name,
    const pr_str_t *version, int64_t published)
{
    ngx_http_request_t *r = data;

    int                               keep, added;
    char                             *canon;
    size_t                            len;
    pr_vtime_ent_t                   *seen;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_keep_t      *kp;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);

    kp = ngx_http_pkg_reroute_keep_memo(r, ctx);
    if (kp == NULL) {
        return 0;
    }

    /* the document's name, canonical, and what the policy reads of it,
     * once */

    if (ctx->keep_name.data == NULL
        || ctx->keep_in.data != name->data || ctx->keep_in.len != name->len)
    {
        canon = ngx_pnalloc(r->pool, name->len + 1);
        if (canon == NULL) {
            return 0;
        }

        len = pr_name_canon(ctx->req.eco, name->data, name->len, canon);

        if (ctx->keep_name.data
            && (len != ctx->keep_name.len
                || ngx_strncmp(canon, ctx->keep_name.data, len) != 0))
        {
            /* another package's versions: other answers */
            pr_vtime_free(&kp->memo);
            pr_vtime_init(&kp->memo, 0,
                          ((uint64_t) ngx_random() << 32) ^ ngx_random());
        }

        ctx->keep_name.len = len;
        ctx->keep_name.data = canon;
        ctx->keep_in = *name;

        pr_verdict_package(&plcf->policy, ctx->req.eco, &ctx->keep_name,
                           &kp->pkg);
    }

    if (!kp->pkg.versions) {
        return 1;
    }

    /*
     * a document names a version in several places (npm: versions,
     * time, dist-tags): judged and logged once, the same answer for each
     */

    seen = pr_vtime_put(&kp->memo, version->data, version->len, 0, &added);

    if (seen && !added) {
        return seen->mark;
    }

    if (plcf->policy.cooldown || plcf->policy.has_cutoff) {
        /*
         * the store learns a time, once a version of a document; a
         * version told none may be there
         */
        published = ngx_http_pkg_reroute_keep_time(r, plcf, ctx, version,
                                                   published);
    }

    keep = ngx_http_pkg_reroute_keep_judge(r, plcf, ctx, &kp->pkg, version,
                                           published);

    if (seen) {
        /* no other version was added since: the entry is where it was */
        seen->mark = keep;
    }

    return keep;
}


static int
ngx_http_pkg_reroute_keep_judge(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    const pr_verdict_pkg_t *pkg, const pr_str_t *version, int64_t published)
{
    pr_judgement_t  *j;

    if (ctx->keep_judged == NULL) {
        ctx->keep_judged = ngx_palloc(r->pool, sizeof(pr_judgement_t));
        if (ctx->keep_judged == NULL) {
            return 0;
        }
    }

    j = ctx->keep_judged;

    if (pr_verdict_of(pkg, version, published, ngx_time(), j)
        == PR_VERDICT_ALLOW)
    {
        if (j->exempt) {
            if (ctx->judged == NULL) {
                ctx->judged = j;
                ctx->keep_judged = NULL;
            }

            ngx_http_pkg_reroute_exempt_log(r, ctx, j, "listed");
        }

        return 1;
    }

    if (ctx->judged == NULL || ctx->judged->verdict == PR_VERDICT_ALLOW) {
        /* the first version refused names the document's refusal */
        ctx->judged = j;
        ctx->keep_judged = NULL;
    }

    if (plcf->policy.warn) {
        if (ctx->warn_late && ctx->judged != j
            && ctx->judged->len == j->len
            && ngx_strncmp(ctx->judged->reason, j->reason, j->len) == 0)
        {
            /* the version the URI names: judge()'s line is enough */
            return 1;
        }

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


/* keep()'s state for this request's documents, made at its first call */
static ngx_http_pkg_reroute_keep_t *
ngx_http_pkg_reroute_keep_memo(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx)
{
    ngx_pool_cleanup_t           *cln;
    ngx_http_pkg_reroute_keep_t  *kp;

    if (ctx->keep_memo) {
        return ctx->keep_memo;
    }

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_pkg_reroute_keep_t));
    if (cln == NULL) {
        return NULL;
    }

    kp = cln->data;
    pr_vtime_init(&kp->memo, 0,
                  ((uint64_t) ngx_random() << 32) ^ ngx_random());

    cln->handler = ngx_http_pkg_reroute_keep_memo_free;
    ctx->keep_memo = kp;

    return kp;
}


static void
ngx_http_pkg_reroute_keep_memo_free(void *data)
{
    ngx_http_pkg_reroute_keep_t  *kp = data;

    pr_vtime_free(&kp->memo);
}


/*
 * keep()'s time: a known one is recorded (pkg_reroute_times) for the
 * artifact's verdict to come; for PR_TIME_UNKNOWN (RubyGems' info file)
 * the store is asked.
 */
static int64_t
ngx_http_pkg_reroute_keep_time(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    const pr_str_t *version, int64_t published)
{
    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    pmcf = ngx_http_get_module_main_conf(r, ngx_http_pkg_reroute_module);

    if (published != PR_TIME_UNKNOWN) {
        ngx_http_pkg_reroute_times_record(plcf, pmcf->times_zone,
                                          ctx->req.eco, &ctx->keep_name,
                                          version, published);
        return published;
    }

    return ngx_http_pkg_reroute_times_lookup(plcf, pmcf->times_zone,
                                             ctx->req.eco, &ctx->keep_name,
                                             version);
}


/* a version an exemption let through: logged at warn on every use */
static void
ngx_http_pkg_reroute_exempt_log(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, pr_judgement_t *j, char *what)
{
    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "pkg reroute: %*s (pkg_reroute_exempt: %s)",
                  j->len, j->reason, what);

    if (ctx->verdict_state == NGX_HTTP_PKG_REROUTE_VERDICT_NONE
        || ctx->verdict_state == NGX_HTTP_PKG_REROUTE_VERDICT_ALLOW)
    {
        ctx->verdict_state = NGX_HTTP_PKG_REROUTE_VERDICT_EXEMPT;
    }
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
