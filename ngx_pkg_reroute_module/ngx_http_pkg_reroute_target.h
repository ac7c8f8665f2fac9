/*
 * ngx_pkg_reroute: a checked fetch target, the part that the two flows
 * going where an upstream points share: pkg_reroute_follow (a redirect's
 * Location) and pkg_reroute_docker_token (a Bearer challenge's realm).
 *
 *   configuration  the directive's host patterns and allow_address=
 *                  blocks; the flow's internal location in the server, and
 *                  the place's error_page entries that move there
 *   request        the URL resolved against the one that named it; a host
 *                  name the directive lists; then an upstream { } of the
 *                  configuration, or the resolver's answer with every
 *                  address checked (the request waits for it and goes on
 *                  in its phases); what the flow's location reads as its
 *                  variables: the checked URL, Host and SNI name
 */

#ifndef _NGX_HTTP_PKG_REROUTE_TARGET_H_INCLUDED_
#define _NGX_HTTP_PKG_REROUTE_TARGET_H_INCLUDED_


#include "ngx_http_pkg_reroute_module.h"
#include "pr_follow.h"


/* a directive's targets: where it may go */
typedef struct {
    pr_follow_hosts_t                           hosts;
    ngx_array_t                                *allow;    /* of ngx_cidr_t */
} ngx_http_pkg_reroute_targets_t;


/* the flow's words in a refusal's reason */
typedef struct {
    const char                                 *url;      /* "%s": why */
    const char                                 *literal;  /* "%*s": host */
    const char                                 *unlisted; /* "%*s": host */
    const char                                 *host;     /* "the ...'s
                                                           * host" */
} ngx_http_pkg_reroute_target_words_t;


typedef struct {
    ngx_http_request_t                         *request;  /* whose */
    ngx_http_pkg_reroute_targets_t             *conf;
    const ngx_http_pkg_reroute_target_words_t  *words;
    pr_url_t                                    target;   /* parsed */
    ngx_str_t                                   url;      /* the variables */
    ngx_str_t                                   host;
    ngx_str_t                                   name;
    ngx_str_t                                   fail;     /* why not */
    ngx_resolver_t                             *resolver; /* the place's */
    ngx_msec_t                                  resolver_timeout;
    ngx_resolver_ctx_t                         *rctx;
    unsigned                                    path:1;   /* url has the
                                                           * target's path */
    unsigned                                    resolving:1;
    unsigned                                    waiting:1;
    unsigned                                    resolved:1;
} ngx_http_pkg_reroute_target_t;


/* configuration */
ngx_int_t ngx_http_pkg_reroute_targets_create(ngx_conf_t *cf,
    ngx_http_pkg_reroute_targets_t *tc);
ngx_int_t ngx_http_pkg_reroute_targets_arg(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_http_pkg_reroute_targets_t *tc, ngx_str_t *value, const char *reach);
ngx_uint_t ngx_http_pkg_reroute_target_location(ngx_conf_t *cf,
    ngx_str_t *name);
ngx_int_t ngx_http_pkg_reroute_target_error_pages(ngx_conf_t *cf,
    ngx_http_core_loc_conf_t *clcf, ngx_int_t *codes, ngx_uint_t n,
    ngx_str_t *to);

/*
 * request: NGX_OK (on), NGX_DECLINED (refused: t->fail), NGX_DONE (waits
 * for the resolver: t->resolved when it answered), NGX_ERROR
 */
ngx_int_t ngx_http_pkg_reroute_target_parse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_target_t *t, ngx_str_t *base, ngx_str_t *ref);
ngx_int_t ngx_http_pkg_reroute_target_check(ngx_http_pkg_reroute_target_t *t);
ngx_int_t ngx_http_pkg_reroute_target_locate(
    ngx_http_pkg_reroute_target_t *t);
ngx_int_t ngx_http_pkg_reroute_target_host(ngx_http_pkg_reroute_target_t *t);
ngx_int_t ngx_http_pkg_reroute_target_vrefuse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_target_t *t, const char *fmt, va_list args);
void ngx_http_pkg_reroute_target_cleanup(ngx_http_pkg_reroute_target_t *t);
ngx_int_t ngx_http_pkg_reroute_target_headers_drop(ngx_http_request_t *r);
ngx_int_t ngx_http_pkg_reroute_target_variable(ngx_http_variable_value_t *v,
    ngx_str_t *s);


#endif /* _NGX_HTTP_PKG_REROUTE_TARGET_H_INCLUDED_ */
