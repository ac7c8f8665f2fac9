/*
 * ngx_pkg_reroute: what the nginx shell's files share.
 */

#ifndef _NGX_HTTP_PKG_REROUTE_MODULE_H_INCLUDED_
#define _NGX_HTTP_PKG_REROUTE_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "pr_core.h"
#include "pr_classify.h"
#include "pr_rule.h"
#include "pr_verdict.h"
#include "pr_rewrite.h"


typedef enum {
    NGX_HTTP_PKG_REROUTE_UNDECIDED = 0,
    NGX_HTTP_PKG_REROUTE_REROUTE,
    NGX_HTTP_PKG_REROUTE_PASS,
    NGX_HTTP_PKG_REROUTE_BLOCK,
    NGX_HTTP_PKG_REROUTE_ALLOW,
    NGX_HTTP_PKG_REROUTE_INVALID,
    NGX_HTTP_PKG_REROUTE_UNKNOWN
} ngx_http_pkg_reroute_decision_e;


/* $pkg_reroute_verdict */
typedef enum {
    NGX_HTTP_PKG_REROUTE_VERDICT_NONE = 0,
    NGX_HTTP_PKG_REROUTE_VERDICT_ALLOW,
    NGX_HTTP_PKG_REROUTE_VERDICT_BLOCK,
    NGX_HTTP_PKG_REROUTE_VERDICT_WARN,
    NGX_HTTP_PKG_REROUTE_VERDICT_EXEMPT
} ngx_http_pkg_reroute_verdict_e;


typedef struct {
    ngx_array_t         rules;          /* of pr_rule_t */
    ngx_array_t        *lists;          /* pkg_reroute_malicious, loaded:
                                         * of ngx_http_pkg_reroute_list_t */
    ngx_shm_zone_t     *times_zone;     /* pkg_reroute_times, or NULL */
    ngx_uint_t          times_needed;   /* a cooldown or cutoff is used */
} ngx_http_pkg_reroute_main_conf_t;


/* a malicious list, loaded once per configuration cycle */
typedef struct {
    ngx_str_t           path;
    ngx_uint_t          eco;            /* a plain list's; PR_ECO_NONE: OSV */
    pr_mal_t           *mal;
    uint32_t            crc;            /* what the generation takes of it */
} ngx_http_pkg_reroute_list_t;


/* where a rule's pattern is written (pr_rule_t.where, one per pattern) */
typedef struct {
    u_char             *file;
    ngx_uint_t          line;
} ngx_http_pkg_reroute_where_t;


typedef struct {
    ngx_uint_t          eco;            /* pr_eco_t; PR_ECO_NONE is "off" */
    ngx_str_t           prefix;         /* where the registry is mounted */
    u_char             *eco_file;       /* where pkg_reroute is written */
    ngx_uint_t          eco_line;

    pr_rule_t          *rule;           /* NULL: no rule */
    ngx_str_t           rule_name;      /* as written, until merged */
    u_char             *rule_file;
    ngx_uint_t          rule_line;

    ngx_str_t           redirect;       /* empty: no redirect */
    ngx_uint_t          redirect_status;
    ngx_uint_t          methods;        /* NGX_HTTP_GET | ... */
    ngx_uint_t          block_status;
    ngx_uint_t          log_level;
    ngx_uint_t          unknown_deny;   /* pkg_reroute_unknown deny */

    time_t              valid_metadata;  /* pkg_reroute_cache_valid */
    time_t              valid_artifact;
    time_t              valid_notfound;
    time_t              valid_too_large;    /* a 502 too-large */
    ngx_flag_t          guard;
    ngx_flag_t          strict;
    ngx_array_t        *rewrites;       /* of pr_rewrite_map_t, or NULL */
    ngx_flag_t          rewrite_strict;
    size_t              rewrite_max_size;   /* pkg_reroute_rewrite_max_size */
    ngx_int_t           rewrite_concurrency;
    ngx_msec_t          rewrite_wait;   /* for a slot, at most */
    void               *follow;         /* pkg_reroute_follow, or NULL */
    ngx_uint_t          credentials;    /* pkg_reroute_client_credentials:
                                         * 0 strip, 1 forward */
    void               *token;          /* pkg_reroute_docker_token, or NULL */
    ngx_uint_t          verdict_warn;   /* pkg_reroute_verdict warn */
    ngx_array_t        *malicious;      /* of ngx_http_pkg_reroute_list_t *,
                                         * or NULL */
    time_t              cooldown;       /* pkg_reroute_cooldown, 0: off */
    ngx_uint_t          cooldown_deny;  /* its missing=deny */
    ngx_array_t        *cooldown_exempt;    /* its exempt=: of ngx_str_t */
    time_t              cutoff;         /* pkg_reroute_cutoff, -2: off */
    ngx_array_t        *exempts;        /* pkg_reroute_exempt: of
                                         * pr_exempt_t, names as written */
    pr_policy_t         policy;         /* what pr_verdict() judges by */
    ngx_str_t           policy_gen;     /* its generation (8 hex digits),
                                         * empty: versions are not judged */
    ngx_str_t           times_scope;    /* pkg_reroute_times_scope */
    ngx_str_t           times_fetch;    /* pkg_reroute_times_fetch */
    uint32_t            times_id;       /* the scope, hashed */
    ngx_msec_t          times_wait;     /* for a time document; 0: 10 s */
    unsigned            times_fetch_set:1;
    unsigned            times_fetch_off:1;
} ngx_http_pkg_reroute_loc_conf_t;


typedef struct {
    pr_req_t            req;
    pr_verdict_t        verdict;
    ngx_uint_t          decision;
    pr_rule_t          *rule;

    ngx_buf_t          *answer;         /* the mime guard's 502 body */
    ngx_chain_t        *held;           /* what the guard has not passed */
    void               *rw;             /* metadata rewriting, if any */

                                        /* the upstream's, while the
                                         * headers wait for the body */
    void              (*finalize)(ngx_http_request_t *r, ngx_int_t rc);
    ngx_str_t           key_query;      /* the query the answer depends on */
    time_t              retry_after;    /* refuse(): Retry-After, if > 0 */
    ngx_msec_t          rw_since;       /* waiting for a slot since */

    pr_judgement_t     *judged;         /* the version's verdict, or the
                                         * first a document's keep() hid */
    pr_judgement_t     *keep_judged;    /* keep()'s scratch */
    pr_str_t            keep_in;        /* keep(): the document's name */
    pr_str_t            keep_name;      /* and canonical */
    void               *keep_memo;      /* keep(): each version's answer
                                         * (pr_vtime_t), one per document */
    ngx_uint_t          verdict_state;  /* $pkg_reroute_verdict */
    int64_t             published;      /* the version's publication time
                                         * as a time source told it, or
                                         * PR_TIME_UNKNOWN */
    void               *tsrc;           /* a time lookup (Docker tag,
                                         * Hugging Face revision) */
    unsigned            warn_late:1;    /* judged's warn: logged and marked
                                         * when the header goes */
    void               *times;          /* its time document, if asked */
    unsigned            keyed:1;        /* key_query, nostore are set */
    unsigned            nostore:1;      /* never stored (npm ?write=) */
    unsigned            filtered:1;
    unsigned            sniff:1;
    unsigned            refused:1;
    unsigned            answered:1;
    unsigned            overlong:1;     /* more bytes than Content-Length */
    unsigned            rw_waiting:1;   /* for a rewrite slot */
    unsigned            late:2;         /* failed before the first byte:
                                         * 1 closed, 2 timed out */
} ngx_http_pkg_reroute_ctx_t;


extern ngx_module_t  ngx_http_pkg_reroute_module;


/* ngx_http_pkg_reroute_handler.c */
ngx_http_pkg_reroute_ctx_t *ngx_http_pkg_reroute_classify(
    ngx_http_request_t *r);
ngx_int_t ngx_http_pkg_reroute_access_handler(ngx_http_request_t *r);
ngx_table_elt_t *ngx_http_pkg_reroute_header_find(ngx_list_t *headers,
    const char *name, size_t len);
ngx_int_t ngx_http_pkg_reroute_precontent_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_pkg_reroute_deny(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
ngx_int_t ngx_http_pkg_reroute_answer(ngx_http_request_t *r, ngx_uint_t eco,
    ngx_uint_t status, u_char *msg, size_t len);
ngx_int_t ngx_http_pkg_reroute_answer_reason(ngx_http_request_t *r,
    ngx_uint_t eco, ngx_uint_t status, u_char *msg, size_t len,
    const char *reason);

/* ngx_http_pkg_reroute_filter.c */
ngx_int_t ngx_http_pkg_reroute_filter_init(ngx_conf_t *cf);
ngx_int_t ngx_http_pkg_reroute_refuse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_uint_t status, const char *why,
    const char *reason);

/* ngx_http_pkg_reroute_rewrite.c */
ngx_int_t ngx_http_pkg_reroute_rewrite_init(ngx_conf_t *cf);
ngx_int_t ngx_http_pkg_reroute_rw_reserve(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx, ngx_http_pkg_reroute_loc_conf_t *plcf);

/* ngx_http_pkg_reroute_follow.c */
char *ngx_http_pkg_reroute_follow(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_follow_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf);
ngx_int_t ngx_http_pkg_reroute_follow_init(ngx_conf_t *cf);
ngx_uint_t ngx_http_pkg_reroute_follow_hopped(ngx_http_request_t *r);
ngx_uint_t ngx_http_pkg_reroute_follow_catches(ngx_http_request_t *r);
ngx_uint_t ngx_http_pkg_reroute_follow_pending(ngx_http_request_t *r);

/* ngx_http_pkg_reroute_credentials.c */
ngx_uint_t ngx_http_pkg_reroute_credentialed(ngx_http_request_t *r);
ngx_int_t ngx_http_pkg_reroute_strip_credentials(ngx_http_request_t *r);
ngx_uint_t ngx_http_pkg_reroute_credential(ngx_table_elt_t *h);
ngx_int_t ngx_http_pkg_reroute_headers_copy(ngx_pool_t *pool,
    ngx_list_t *from, ngx_list_t *to, ngx_uint_t (*drop)(ngx_table_elt_t *h));
ngx_int_t ngx_http_pkg_reroute_client_credentials(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf);
ngx_int_t ngx_http_pkg_reroute_credentials_init(ngx_conf_t *cf);

/* ngx_http_pkg_reroute_token.c */
char *ngx_http_pkg_reroute_docker_token(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_token_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf);
ngx_int_t ngx_http_pkg_reroute_token_use(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf);
ngx_int_t ngx_http_pkg_reroute_token_init(ngx_conf_t *cf);
ngx_int_t ngx_http_pkg_reroute_token_lookup_401(ngx_http_request_t *sr);
void ngx_http_pkg_reroute_token_exit(void);
ngx_int_t ngx_http_pkg_reroute_token_auth(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_str_t *auth);

/* ngx_http_pkg_reroute_tsrc.c */
ngx_int_t ngx_http_pkg_reroute_tsrc(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
ngx_int_t ngx_http_pkg_reroute_tsrc_init(ngx_conf_t *cf);
ngx_uint_t ngx_http_pkg_reroute_tsrc_fetching(ngx_http_request_t *r);

/* ngx_http_pkg_reroute_variables.c */
ngx_int_t ngx_http_pkg_reroute_add_variables(ngx_conf_t *cf);
ngx_int_t ngx_http_pkg_reroute_add_vars(ngx_conf_t *cf,
    ngx_http_variable_t *vars);
ngx_int_t ngx_http_pkg_reroute_key_query(ngx_http_request_t *r,
    ngx_http_pkg_reroute_ctx_t *ctx);

/* ngx_http_pkg_reroute_curation.c */
ngx_int_t ngx_http_pkg_reroute_curation_add_variables(ngx_conf_t *cf);
char *ngx_http_pkg_reroute_verdict(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_malicious(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_cooldown(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_cutoff(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_exempt(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_curation_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf);
ngx_uint_t ngx_http_pkg_reroute_judge(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
int ngx_http_pkg_reroute_keep(void *data, const pr_str_t *name,
    const pr_str_t *version, int64_t published);
void ngx_http_pkg_reroute_verdict_out(ngx_http_request_t *r);

/* ngx_http_pkg_reroute_times.c */
char *ngx_http_pkg_reroute_times(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_times_scope(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_pkg_reroute_times_fetch(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_shm_zone_t *ngx_http_pkg_reroute_times_zone(ngx_conf_t *cf,
    ngx_str_t *name, size_t size);
char *ngx_http_pkg_reroute_times_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf);
ngx_int_t ngx_http_pkg_reroute_times_init(ngx_conf_t *cf);
ngx_uint_t ngx_http_pkg_reroute_times_fetching(ngx_http_request_t *r);
ngx_int_t ngx_http_pkg_reroute_times_access(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
void ngx_http_pkg_reroute_times_record(ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_shm_zone_t *shm_zone, ngx_uint_t eco, const pr_str_t *canon,
    const pr_str_t *version, int64_t published);
int64_t ngx_http_pkg_reroute_times_lookup(
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_shm_zone_t *shm_zone,
    ngx_uint_t eco, const pr_str_t *canon, const pr_str_t *version);

/* ngx_http_pkg_reroute_rule.c */
char *ngx_http_pkg_reroute_rule(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
pr_rule_t *ngx_http_pkg_reroute_find_rule(
    ngx_http_pkg_reroute_main_conf_t *pmcf, ngx_str_t *name);
void *ngx_http_pkg_reroute_alloc(void *pool, size_t size);


#endif /* _NGX_HTTP_PKG_REROUTE_MODULE_H_INCLUDED_ */
