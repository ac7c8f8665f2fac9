/*
 * ngx_pkg_reroute: pkg_reroute_docker_token, the Docker token flow done
 * by the mirror with the operator's credential (anonymous, or an
 * account), so that clients send none and never reach the token service.
 *
 *   header filter  an upstream's 401 with a Bearer challenge to a GET or
 *                  HEAD of a place with pkg_reroute_docker_token is never
 *                  sent nor stored: the challenge, the request's URI and
 *                  the scope of the repository the module checked are
 *                  kept, and the filter answers with a status of its own
 *                  that the place's error_page (added at merge time)
 *                  turns into a move to the token location that
 *                  conf.d-examples/pkg-reroute/token.conf defines
 *   token location (rewrite phase, the main request) checks the realm as
 *                  pkg_reroute_follow checks a redirect: a host name the
 *                  place lists, an upstream { } of the configuration or a
 *                  name whose every address is neither loopback, private
 *                  nor link-local (unless allow_address=); then fetches
 *                  the token with a subrequest to the same location
 *                  (its proxy_pass, in memory, bounded by
 *                  subrequest_output_buffer_size), service from the
 *                  challenge, scope repository:<checked name>:pull, the
 *                  place's account as Basic or nothing; keeps the token and
 *                  goes back to the place's URI
 *   place          (precontent, after the client's credentials are
 *                  stripped) a kept token for the place and scope goes
 *                  upstream as Authorization: Bearer; pkg_reroute_follow's
 *                  hop strips it with the other credential headers, so a
 *                  CDN never sees it
 *   tokens         kept per worker, keyed by the place, the realm, the
 *                  service and the scope, for their lifetime
 *                  (pr_token_lifetime), 256 at most, 8 KB each at most
 *
 * A second 401 after the retry, a realm that is not allowed, a token
 * service that fails or answers what is not a token: a 502 in Docker's
 * error format with X-Pkg-Reroute-Reason, never stored.
 */

#include "ngx_http_pkg_reroute_target.h"
#include "pr_token.h"


/* the status the header filter hands to error_page: never sent */
#define NGX_HTTP_PKG_REROUTE_TOKEN_STATUS   599

#define NGX_HTTP_PKG_REROUTE_TOKENS         256

/* the longest token service's answer read: one with a longer
 * Content-Length is refused before its body; one without a length is
 * bounded by the snippet's subrequest_output_buffer_size, over which
 * nginx ends the client's request, not only the subrequest */
#define NGX_HTTP_PKG_REROUTE_TOKEN_BODY     16384


typedef struct {
    ngx_http_pkg_reroute_targets_t     targets;
    ngx_str_t                          account;    /* "Basic ...", or "" */
    ngx_uint_t                         fetch;      /* the token location */
    u_char                            *file;
    ngx_uint_t                         line;
} ngx_http_pkg_reroute_token_conf_t;


typedef struct {
    void                              *place;
    u_char                            *realm;      /* realm, service, scope
                                                    * and "Bearer <token>"
                                                    * in one allocation */
    size_t                             realm_len;
    u_char                            *service;
    size_t                             service_len;
    u_char                            *scope;
    size_t                             scope_len;
    u_char                            *auth;
    size_t                             auth_len;
    time_t                             expires;
} ngx_http_pkg_reroute_token_t;


typedef struct {
    ngx_http_pkg_reroute_loc_conf_t   *place;
    ngx_str_t                          uri;         /* the place's request */
    ngx_str_t                          args;
    ngx_str_t                          base;        /* the registry */
    ngx_str_t                          realm;       /* the challenge's */
    ngx_str_t                          service;
    ngx_str_t                          scope;       /* the module's */
    ngx_http_pkg_reroute_target_t      ft;          /* the realm */
    ngx_str_t                          auth;        /* "Bearer <token>" */
    ngx_list_t                         headers;     /* the client's, before
                                                     * the strip */
    ngx_table_elt_t                   *authorization;
#if (nginx_version >= 1023000)
    ngx_table_elt_t                   *cookie;
#else
    ngx_array_t                        cookies;
#endif
    unsigned                           saved:1;
    unsigned                           used:1;      /* a kept token went */
    unsigned                           too_big:1;
    unsigned                           challenged:1;
    unsigned                           retried:1;
    unsigned                           fetching:1;
    unsigned                           fetched:1;
} ngx_http_pkg_reroute_token_state_t;


static ngx_http_pkg_reroute_token_state_t *ngx_http_pkg_reroute_token_state(
    ngx_http_request_t *r, ngx_uint_t create);
static void ngx_http_pkg_reroute_token_cleanup(void *data);
static ngx_int_t ngx_http_pkg_reroute_token_account(ngx_conf_t *cf,
    ngx_http_pkg_reroute_token_conf_t *tcf, ngx_str_t *file);
static ngx_int_t ngx_http_pkg_reroute_token_header_filter(
    ngx_http_request_t *r);
static void ngx_http_pkg_reroute_token_drop(void *place, ngx_str_t *scope);
static ngx_int_t ngx_http_pkg_reroute_token_answer(ngx_http_request_t *r);
static ngx_uint_t ngx_http_pkg_reroute_token_same(u_char *a, size_t alen,
    u_char *b, size_t blen);
static u_char *ngx_http_pkg_reroute_token_copy(u_char *p, ngx_str_t *s);
static ngx_int_t ngx_http_pkg_reroute_token_catch(ngx_http_request_t *r,
    ngx_http_upstream_t *u, ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_str_t *realm, ngx_str_t *service);
static ngx_int_t ngx_http_pkg_reroute_token_challenge(ngx_http_request_t *r,
    ngx_http_upstream_t *u, ngx_str_t *realm, ngx_str_t *service);
static ngx_int_t ngx_http_pkg_reroute_token_scope(ngx_http_request_t *r,
    ngx_str_t *scope);
static ngx_int_t ngx_http_pkg_reroute_token_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_token_check(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st);
static ngx_int_t ngx_http_pkg_reroute_token_next(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st, ngx_int_t rc);
static ngx_int_t ngx_http_pkg_reroute_token_fetch(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st);
static ngx_int_t ngx_http_pkg_reroute_token_fetched(ngx_http_request_t *r,
    void *data, ngx_int_t rc);
static ngx_int_t ngx_http_pkg_reroute_token_retry(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st);
static void ngx_http_pkg_reroute_token_failed(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st, const char *fmt, ...);
static ngx_int_t ngx_http_pkg_reroute_token_fail(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st);
static ngx_http_pkg_reroute_token_t *ngx_http_pkg_reroute_token_find(
    void *place, ngx_str_t *scope);
static ngx_int_t ngx_http_pkg_reroute_token_keep(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st, pr_token_t *t);
static ngx_int_t ngx_http_pkg_reroute_token_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_pkg_reroute_token_account_variable(
    ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data);


static ngx_str_t  ngx_http_pkg_reroute_token_uri =
    ngx_string("/.pkg-reroute/docker-token");


static ngx_http_variable_t  ngx_http_pkg_reroute_token_vars[] = {

    { ngx_string("pkg_reroute_token_url"), NULL,
      ngx_http_pkg_reroute_token_variable,
      offsetof(ngx_http_pkg_reroute_token_state_t, ft.url),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_token_host"), NULL,
      ngx_http_pkg_reroute_token_variable,
      offsetof(ngx_http_pkg_reroute_token_state_t, ft.host),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_token_name"), NULL,
      ngx_http_pkg_reroute_token_variable,
      offsetof(ngx_http_pkg_reroute_token_state_t, ft.name),
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("pkg_reroute_token_account"), NULL,
      ngx_http_pkg_reroute_token_account_variable, 0,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


/* the reasons of a refused realm */
static const ngx_http_pkg_reroute_target_words_t
    ngx_http_pkg_reroute_token_words =
{
    "the registry's token realm is a URL that %s",
    "the registry's token realm is an address, not a host name (%*s)",
    "the registry's token realm is on a host that pkg_reroute_docker_token "
    "does not list (%*s)",
    "the token realm's host"
};


/* the worker's tokens */
static ngx_http_pkg_reroute_token_t  *ngx_http_pkg_reroute_tokens[
                                          NGX_HTTP_PKG_REROUTE_TOKENS];


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;


/* configuration */

char *
ngx_http_pkg_reroute_docker_token(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t                          *value, s;
    ngx_uint_t                          i;
    ngx_http_pkg_reroute_token_conf_t  *tcf;

    if (plcf->token != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (cf->args->nelts == 2 && ngx_strcmp(value[1].data, "off") == 0) {
        plcf->token = NULL;
        return NGX_CONF_OK;
    }

    tcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_pkg_reroute_token_conf_t));
    if (tcf == NULL) {
        return NGX_CONF_ERROR;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     tcf->targets.allow = NULL;
     *     tcf->account = { 0, NULL };
     *     tcf->fetch = 0;
     */

    tcf->file = cf->conf_file->file.name.data;
    tcf->line = cf->conf_file->line;

    if (ngx_http_pkg_reroute_targets_create(cf, &tcf->targets) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "account=", 8) == 0) {
            if (tcf->account.len) {
                return "has \"account=\" twice";
            }

            s.data = value[i].data + 8;
            s.len = value[i].len - 8;

            if (ngx_http_pkg_reroute_token_account(cf, tcf, &s) != NGX_OK) {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_http_pkg_reroute_targets_arg(cf, cmd, &tcf->targets,
                                             &value[i],
                                             "fetches tokens from realms")
            != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }
    }

    if (tcf->targets.hosts.nexact + tcf->targets.hosts.nsuffix == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"pkg_reroute_docker_token\" needs the host "
                           "names of the token realms it may ask");
        return NGX_CONF_ERROR;
    }

    pr_follow_hosts_sort(&tcf->targets.hosts);

    if (tcf->account.len) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "\"pkg_reroute_docker_token\" with \"account=\" "
                           "serves what the account can read, private "
                           "images too, to every client this place lets "
                           "in, from the cache as well: authenticate the "
                           "mirror's users (auth_basic, auth_request, "
                           "ssl_verify_client)");
    }

    plcf->token = tcf;

    return NGX_CONF_OK;
}


/* "user:password" from a file, as "Basic <base64>" */
static ngx_int_t
ngx_http_pkg_reroute_token_account(ngx_conf_t *cf,
    ngx_http_pkg_reroute_token_conf_t *tcf, ngx_str_t *file)
{
    u_char           *p, *last;
    ssize_t           n;
    ngx_fd_t          fd;
    ngx_str_t         name, plain, enc;
    ngx_file_info_t   fi;

    name = *file;

    if (name.len == 0 || ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid \"account=%V\" in "
                           "\"pkg_reroute_docker_token\", it must name a "
                           "file of \"user:password\"", file);
        return NGX_ERROR;
    }

    fd = ngx_open_file(name.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "\"pkg_reroute_docker_token\" cannot open the "
                           "account file \"%s\"", name.data);
        return NGX_ERROR;
    }

    p = NULL;
    n = -1;

    if (ngx_fd_info(fd, &fi) != NGX_FILE_ERROR
        && ngx_file_size(&fi) > 0 && ngx_file_size(&fi) <= 4096)
    {
        p = ngx_pnalloc(cf->pool, ngx_file_size(&fi));
        if (p) {
            n = ngx_read_fd(fd, p, ngx_file_size(&fi));
        }
    }

    ngx_close_file(fd);

    if (p == NULL || n <= 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"pkg_reroute_docker_token\" cannot read the "
                           "account file \"%s\" (empty, or over 4 KB)",
                           name.data);
        return NGX_ERROR;
    }

    /* the first line */

    last = ngx_strlchr(p, p + n, LF);
    if (last == NULL) {
        last = p + n;
    }

    if (last > p && last[-1] == CR) {
        last--;
    }

    plain.data = p;
    plain.len = last - p;

    p = ngx_strlchr(plain.data, last, ':');

    if (p == NULL || p == plain.data || p + 1 == last) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "the account file \"%s\" of "
                           "\"pkg_reroute_docker_token\" must hold "
                           "\"user:password\"", name.data);
        return NGX_ERROR;
    }

    enc.len = ngx_base64_encoded_length(plain.len);
    enc.data = ngx_pnalloc(cf->pool, enc.len);

    tcf->account.data = ngx_pnalloc(cf->pool, sizeof("Basic ") - 1 + enc.len);
    if (enc.data == NULL || tcf->account.data == NULL) {
        return NGX_ERROR;
    }

    ngx_encode_base64(&enc, &plain);

    p = ngx_cpymem(tcf->account.data, "Basic ", sizeof("Basic ") - 1);
    p = ngx_cpymem(p, enc.data, enc.len);
    tcf->account.len = p - tcf->account.data;

    ngx_explicit_memzero(plain.data, plain.len);

    return NGX_OK;
}


/*
 * Called at the end of the pkg_reroute merge of every location: the token
 * location is marked; a place's error_page gets the token status.
 */
char *
ngx_http_pkg_reroute_token_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    ngx_str_t                          *uri;
    ngx_http_core_loc_conf_t           *clcf;
    ngx_http_pkg_reroute_token_conf_t  *tcf;

    static ngx_int_t  codes[] = { NGX_HTTP_PKG_REROUTE_TOKEN_STATUS };

    ngx_conf_merge_ptr_value(conf->token, prev->token, NULL);

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    uri = &ngx_http_pkg_reroute_token_uri;

    if (clcf->exact_match && clcf->name.len == uri->len
        && ngx_strncmp(clcf->name.data, uri->data, uri->len) == 0)
    {
        tcf = ngx_pcalloc(cf->pool,
                          sizeof(ngx_http_pkg_reroute_token_conf_t));
        if (tcf == NULL) {
            return NGX_CONF_ERROR;
        }

        tcf->fetch = 1;
        conf->token = tcf;

        return NGX_CONF_OK;
    }

    tcf = conf->token;

    if (tcf == NULL || conf->eco == PR_ECO_NONE) {
        return NGX_CONF_OK;
    }

    if (conf->eco != PR_ECO_DOCKER) {
        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "\"pkg_reroute_docker_token\" is for a "
                      "\"pkg_reroute docker\" place, not %s (in %s:%ui)",
                      pr_eco_name(conf->eco), tcf->file, tcf->line);
        return NGX_CONF_ERROR;
    }

    if (conf->redirect.data) {
        if (tcf != prev->token) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "\"pkg_reroute_docker_token\" cannot be used with "
                          "\"pkg_reroute_redirect\": in redirect mode "
                          "nothing is fetched (in %s:%ui)",
                          tcf->file, tcf->line);
            return NGX_CONF_ERROR;
        }

        conf->token = NULL;
        return NGX_CONF_OK;
    }

    /* the token location must be in this server */

    if (!ngx_http_pkg_reroute_target_location(cf, uri)) {
        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "\"pkg_reroute_docker_token\" needs the location "
                      "%V in its server: add \"include "
                      "pkg-reroute/token.conf;\" to the server { } "
                      "(in %s:%ui)", uri, tcf->file, tcf->line);
        return NGX_CONF_ERROR;
    }

    /* error_page 599 = /.pkg-reroute/docker-token, keeping the rest */

    return ngx_http_pkg_reroute_target_error_pages(cf, clcf, codes, 1, uri)
           == NGX_OK ? NGX_CONF_OK : NGX_CONF_ERROR;
}


ngx_int_t
ngx_http_pkg_reroute_token_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    if (ngx_http_pkg_reroute_add_vars(cf, ngx_http_pkg_reroute_token_vars)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_REWRITE_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_pkg_reroute_token_handler;

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_token_header_filter;

    return NGX_OK;
}


/* the request's token state: survives the moves between locations */

static ngx_http_pkg_reroute_token_state_t *
ngx_http_pkg_reroute_token_state(ngx_http_request_t *r, ngx_uint_t create)
{
    ngx_pool_cleanup_t  *cln;

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_pkg_reroute_token_cleanup) {
            return cln->data;
        }
    }

    if (!create) {
        return NULL;
    }

    cln = ngx_pool_cleanup_add(r->pool,
                               sizeof(ngx_http_pkg_reroute_token_state_t));
    if (cln == NULL) {
        return NULL;
    }

    ngx_memzero(cln->data, sizeof(ngx_http_pkg_reroute_token_state_t));
    cln->handler = ngx_http_pkg_reroute_token_cleanup;

    return cln->data;
}


static void
ngx_http_pkg_reroute_token_cleanup(void *data)
{
    ngx_http_pkg_reroute_token_state_t  *st = data;

    ngx_http_pkg_reroute_target_cleanup(&st->ft);
}


/*
 * The place, on to its upstream (precontent): the client's headers are
 * kept for a retry (the access phase runs again after it: auth_basic
 * reads them), its credentials dealt with
 * (ngx_http_pkg_reroute_client_credentials), and a kept token for the
 * place and the request's scope goes with it. Not on pkg_reroute_follow's
 * hop: a token is for the registry only.
 */
ngx_int_t
ngx_http_pkg_reroute_token_use(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf)
{
    ngx_int_t                            rc;
    ngx_str_t                            scope, *auth;
    ngx_table_elt_t                     *h;
    ngx_http_pkg_reroute_token_t        *tok;
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    tcf = plcf->token;

    if (tcf == NULL || tcf->fetch || plcf->redirect.data
        || !(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))
        || ngx_http_pkg_reroute_follow_hopped(r))
    {
        return ngx_http_pkg_reroute_client_credentials(r, plcf);
    }

    st = ngx_http_pkg_reroute_token_state(r, 1);
    if (st == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (!st->saved) {
        st->headers = r->headers_in.headers;
        st->authorization = r->headers_in.authorization;
#if (nginx_version >= 1023000)
        st->cookie = r->headers_in.cookie;
#else
        st->cookies = r->headers_in.cookies;
#endif
        st->saved = 1;
    }

    rc = ngx_http_pkg_reroute_client_credentials(r, plcf);

    if (rc != NGX_DECLINED || ngx_http_pkg_reroute_credentialed(r)) {
        /* forward: the client's own credentials go, or none */
        return rc;
    }

    auth = NULL;

    if (st->retried && st->place == plcf && st->auth.len) {
        /* the token just fetched for this very request */
        auth = &st->auth;

    } else {
        if (ngx_http_pkg_reroute_token_scope(r, &scope) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        tok = ngx_http_pkg_reroute_token_find(plcf, &scope);

        if (tok == NULL) {
            return NGX_DECLINED;
        }

        auth = ngx_palloc(r->pool, sizeof(ngx_str_t));
        if (auth == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        auth->len = tok->auth_len;
        auth->data = ngx_pnalloc(r->pool, tok->auth_len);
        if (auth->data == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ngx_memcpy(auth->data, tok->auth, tok->auth_len);

        st->used = 1;
        st->scope = scope;
    }

    h = ngx_list_push(&r->headers_in.headers);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* the right hash: a proxy_set_header Authorization of the place wins */
    h->lowcase_key = (u_char *) "authorization";
    h->hash = ngx_hash_key(h->lowcase_key, sizeof("authorization") - 1);
    ngx_str_set(&h->key, "Authorization");
    h->value = *auth;
#if (nginx_version >= 1023000)
    h->next = NULL;
#endif

    ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: the docker token goes upstream");

    return NGX_DECLINED;
}


/* repository:<the checked name>:pull, or "" where no repository is named */
static ngx_int_t
ngx_http_pkg_reroute_token_scope(ngx_http_request_t *r, ngx_str_t *scope)
{
    size_t                       size;
    ngx_http_pkg_reroute_ctx_t  *ctx;

    ngx_str_null(scope);

    ctx = ngx_http_pkg_reroute_classify(r);

    if (ctx == NULL || ctx->req.cls != PR_CLASS_PACKAGE
        || ctx->req.name.len == 0)
    {
        return NGX_OK;
    }

    size = ctx->req.name.len + sizeof("repository::pull");

    scope->data = ngx_pnalloc(r->pool, size);
    if (scope->data == NULL) {
        return NGX_ERROR;
    }

    scope->len = pr_token_scope(ctx->req.name.data, ctx->req.name.len,
                                (char *) scope->data, size);

    return NGX_OK;
}


/* answers from the place's upstream */

static ngx_int_t
ngx_http_pkg_reroute_token_header_filter(ngx_http_request_t *r)
{
    ngx_int_t                            rc;
    ngx_str_t                            realm, service;
    ngx_http_pkg_reroute_ctx_t          *ctx;
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    if (r != r->main && r->subrequest_in_memory && r->upstream) {
        return ngx_http_pkg_reroute_token_answer(r);
    }

    if (r != r->main || r->upstream == NULL || r->err_status
        || r->headers_out.status != NGX_HTTP_UNAUTHORIZED
        || r->upstream->headers_in.status_n != NGX_HTTP_UNAUTHORIZED
        || !(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD)))
    {
        /* not the upstream's 401: nginx's own (auth_basic) */
        return ngx_http_next_header_filter(r);
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    tcf = plcf->token;

    if (tcf == NULL || tcf->fetch || plcf->eco != PR_ECO_DOCKER
        || plcf->redirect.data)
    {
        return ngx_http_next_header_filter(r);
    }

    if (ngx_http_pkg_reroute_follow_hopped(r)) {
        /* a redirect's target: no token was sent there */
        return ngx_http_next_header_filter(r);
    }

    st = ngx_http_pkg_reroute_token_state(r, 0);

    if (ngx_http_pkg_reroute_credentialed(r)
        && !(st && (st->used || st->retried)))
    {
        /* pkg_reroute_client_credentials forward: the client's own 401 */
        return ngx_http_next_header_filter(r);
    }

    if (st && st->used && !st->retried) {
        /* a kept token the registry no longer takes: a new one */
        ngx_http_pkg_reroute_token_drop(plcf, &st->scope);
        st->used = 0;
    }

    if (st && st->retried) {
        ctx = ngx_http_pkg_reroute_classify(r);
        if (ctx == NULL) {
            return NGX_ERROR;
        }

        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   "the registry refused the token its realm gave",
                   "token-refused");
    }

    /*
     * the first Bearer challenge of any WWW-Authenticate; none (Basic only,
     * no challenge, one that does not parse): the client is not sent the
     * registry's challenge, which would have it log in to the mirror for
     * the registry or go to a realm itself
     */

    rc = ngx_http_pkg_reroute_token_challenge(r, r->upstream, &realm,
                                              &service);

    if (rc == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (rc == NGX_DECLINED) {
        ctx = ngx_http_pkg_reroute_classify(r);
        if (ctx == NULL) {
            return NGX_ERROR;
        }

        return ngx_http_pkg_reroute_refuse(r, ctx, NGX_HTTP_BAD_GATEWAY,
                   "the registry asked for credentials without a "
                   "Bearer challenge", "no-challenge");
    }

    return ngx_http_pkg_reroute_token_catch(r, r->upstream, plcf, &realm,
                                            &service);
}


/* the first Bearer challenge of the upstream's WWW-Authenticate headers */
static ngx_int_t
ngx_http_pkg_reroute_token_challenge(ngx_http_request_t *r,
    ngx_http_upstream_t *u, ngx_str_t *realm, ngx_str_t *service)
{
    u_char                *buf;
    ngx_uint_t             i;
    ngx_list_part_t       *part;
    ngx_table_elt_t       *h;
    pr_token_challenge_t   ch;

    part = &u->headers_in.headers.part;
    h = part->elts;

    for (i = 0; /* void */ ; i++) {
        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NGX_DECLINED;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].key.len != sizeof("WWW-Authenticate") - 1
            || ngx_strncasecmp(h[i].key.data, (u_char *) "WWW-Authenticate",
                               h[i].key.len) != 0)
        {
            continue;
        }

        buf = ngx_pnalloc(r->pool, h[i].value.len + 1);
        if (buf == NULL) {
            return NGX_ERROR;
        }

        if (pr_token_challenge((char *) h[i].value.data, h[i].value.len,
                               (char *) buf, h[i].value.len + 1, &ch)
            != 0)
        {
            continue;
        }

        realm->data = (u_char *) ch.realm.data;
        realm->len = ch.realm.len;
        service->data = (u_char *) ch.service.data;
        service->len = ch.service.len;

        return NGX_OK;
    }
}


/*
 * A time lookup's 401 (ngx_http_pkg_reroute_tsrc.c, the subrequest sr of
 * the place): the main request is to do the token flow and come back to
 * its URI, where the lookup runs again with the token. Returns the status
 * that the place's error_page moves to the token location, or
 * NGX_DECLINED where there is no flow to do (no pkg_reroute_docker_token,
 * a token already fetched for this request, no Bearer challenge).
 */
ngx_int_t
ngx_http_pkg_reroute_token_lookup_401(ngx_http_request_t *sr)
{
    ngx_int_t                            rc;
    ngx_str_t                            realm, service, scope;
    ngx_http_request_t                  *r;
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    r = sr->main;

    plcf = ngx_http_get_module_loc_conf(sr, ngx_http_pkg_reroute_module);
    tcf = plcf->token;

    if (tcf == NULL || tcf->fetch || plcf->eco != PR_ECO_DOCKER
        || plcf->redirect.data || sr->upstream == NULL)
    {
        return NGX_DECLINED;
    }

    st = ngx_http_pkg_reroute_token_state(r, 0);

    if (st && st->retried) {
        return NGX_DECLINED;
    }

    rc = ngx_http_pkg_reroute_token_challenge(r, sr->upstream, &realm,
                                              &service);
    if (rc != NGX_OK) {
        return NGX_DECLINED;
    }

    /* a kept token that went with the lookup is no longer taken */

    if (ngx_http_pkg_reroute_token_scope(r, &scope) != NGX_OK) {
        return NGX_DECLINED;
    }

    ngx_http_pkg_reroute_token_drop(plcf, &scope);

    rc = ngx_http_pkg_reroute_token_catch(r, sr->upstream, plcf, &realm,
                                          &service);

    return rc == NGX_HTTP_PKG_REROUTE_TOKEN_STATUS ? rc : NGX_DECLINED;
}


/*
 * The token a time lookup of the main request r sends (auth "Bearer ..."),
 * as ngx_http_pkg_reroute_token_use() chooses it; empty: none.
 */
ngx_int_t
ngx_http_pkg_reroute_token_auth(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_str_t *auth)
{
    ngx_str_t                            scope;
    ngx_http_pkg_reroute_token_t        *tok;
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    ngx_str_null(auth);

    tcf = plcf->token;

    if (tcf == NULL || tcf->fetch || plcf->redirect.data) {
        return NGX_OK;
    }

    st = ngx_http_pkg_reroute_token_state(r, 0);

    if (st && st->retried && st->place == plcf && st->auth.len) {
        *auth = st->auth;
        return NGX_OK;
    }

    if (ngx_http_pkg_reroute_token_scope(r, &scope) != NGX_OK) {
        return NGX_ERROR;
    }

    tok = ngx_http_pkg_reroute_token_find(plcf, &scope);

    if (tok == NULL) {
        return NGX_OK;
    }

    auth->data = ngx_pnalloc(r->pool, tok->auth_len);
    if (auth->data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(auth->data, tok->auth, tok->auth_len);
    auth->len = tok->auth_len;

    return NGX_OK;
}


/* the token service's answer: one too long is not read */
static ngx_int_t
ngx_http_pkg_reroute_token_answer(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    tcf = plcf->token;

    if (tcf == NULL || !tcf->fetch
        || r->headers_out.content_length_n
           <= NGX_HTTP_PKG_REROUTE_TOKEN_BODY)
    {
        return ngx_http_next_header_filter(r);
    }

    st = ngx_http_pkg_reroute_token_state(r, 0);

    if (st) {
        st->too_big = 1;
    }

    /* the upstream ends here, its body unread */
    r->header_only = 1;

    return ngx_http_next_header_filter(r);
}


/*
 * A Bearer challenge: neither sent nor stored. What the token location
 * needs is kept, and the status goes to the place's error_page. u: the
 * upstream that answered it (r's own, or a time lookup's).
 */
static ngx_int_t
ngx_http_pkg_reroute_token_catch(ngx_http_request_t *r,
    ngx_http_upstream_t *u, ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_str_t *realm, ngx_str_t *service)
{
    u_char                              *p;
    ngx_str_t                           *host;
    ngx_uint_t                           port;
    ngx_http_core_loc_conf_t            *clcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    st = ngx_http_pkg_reroute_token_state(r, 1);
    if (st == NULL) {
        return NGX_ERROR;
    }

    st->place = plcf;
    st->realm = *realm;
    st->service = *service;

    if (ngx_http_pkg_reroute_token_scope(r, &st->scope) != NGX_OK) {
        return NGX_ERROR;
    }

    st->uri.len = r->uri.len;
    st->uri.data = ngx_pstrdup(r->pool, &r->uri);
    st->args.len = r->args.len;
    st->args.data = r->args.len ? ngx_pstrdup(r->pool, &r->args) : NULL;

    if (st->uri.data == NULL || (r->args.len && st->args.data == NULL)) {
        return NGX_ERROR;
    }

    /* the registry: what a relative realm is resolved against */

    host = u->resolved ? &u->resolved->host : &u->conf->upstream->host;
    port = u->resolved ? u->resolved->port : u->conf->upstream->port;

    p = ngx_pnalloc(r->pool, sizeof("https://:65535/") + host->len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    st->base.data = p;

    if (u->schema.len > 3) {
        p = ngx_cpymem(p, u->schema.data, u->schema.len);

    } else {
        p = ngx_cpymem(p, "http://", 7);
    }

    p = ngx_cpymem(p, host->data, host->len);

    if (port) {
        p = ngx_sprintf(p, ":%ui", port);
    }

    *p++ = '/';
    st->base.len = p - st->base.data;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);
    st->ft.resolver = clcf->resolver;
    st->ft.resolver_timeout = clcf->resolver_timeout;

    st->challenged = 1;
    st->ft.resolved = 0;
    st->fetching = 0;
    st->fetched = 0;
    st->ft.fail.len = 0;

    u->cacheable = 0;

    /* the place's error_page applies, even if it was reached by one */
    r->error_page = 0;

    if (u != r->upstream) {
        /* a time lookup's 401: r has sent nothing, answered nothing */
        return NGX_HTTP_PKG_REROUTE_TOKEN_STATUS;
    }

    if (ngx_http_pkg_reroute_target_headers_drop(r) != NGX_OK) {
        return NGX_ERROR;
    }

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: docker token challenge realm \"%V\" "
                   "service \"%V\" scope \"%V\"", &st->realm, &st->service,
                   &st->scope);

    return NGX_HTTP_PKG_REROUTE_TOKEN_STATUS;
}


/* rewrite phase of the token location: the main request does the flow */

static ngx_int_t
ngx_http_pkg_reroute_token_handler(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_loc_conf_t     *plcf;
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    if (r != r->main) {
        /* the subrequest: on to the location's proxy_pass */
        return NGX_DECLINED;
    }

    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);
    tcf = plcf->token;

    if (tcf == NULL || !tcf->fetch) {
        return NGX_DECLINED;
    }

    st = ngx_http_pkg_reroute_token_state(r, 0);

    if (st == NULL || !st->challenged) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "pkg reroute: %V reached from no challenge",
                      &ngx_http_pkg_reroute_token_uri);
        return NGX_HTTP_NOT_FOUND;
    }

    if (st->fetched) {
        st->fetched = 0;
        st->fetching = 0;

        return st->ft.fail.len ? ngx_http_pkg_reroute_token_fail(r, st)
                            : ngx_http_pkg_reroute_token_retry(r, st);
    }

    if (st->fetching) {
        /* woken before the subrequest is done */
        return NGX_DONE;
    }

    if (st->ft.resolved) {
        st->ft.resolved = 0;

        return ngx_http_pkg_reroute_token_next(r, st,
                   st->ft.fail.len ? NGX_DECLINED : NGX_OK);
    }

    if (st->ft.resolving) {
        return NGX_DONE;
    }

    return ngx_http_pkg_reroute_token_check(r, st);
}


/* the realm: a host the place lists, an address that may be reached */

static ngx_int_t
ngx_http_pkg_reroute_token_check(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st)
{
    ngx_int_t                           rc;
    ngx_http_pkg_reroute_token_conf_t  *tcf;

    tcf = st->place->token;

    st->ft.conf = &tcf->targets;
    st->ft.words = &ngx_http_pkg_reroute_token_words;
    st->ft.path = 0;

    rc = ngx_http_pkg_reroute_target_parse(r, &st->ft, &st->base,
                                           &st->realm);

    if (rc == NGX_OK) {
        rc = ngx_http_pkg_reroute_target_check(&st->ft);
    }

    if (rc == NGX_OK) {
        rc = ngx_http_pkg_reroute_target_locate(&st->ft);
    }

    return ngx_http_pkg_reroute_token_next(r, st, rc);
}


/* what the realm's checks answered: on to the token, refused, or waiting */
static ngx_int_t
ngx_http_pkg_reroute_token_next(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st, ngx_int_t rc)
{
    switch (rc) {

    case NGX_OK:
        return ngx_http_pkg_reroute_token_fetch(r, st);

    case NGX_DECLINED:
        return ngx_http_pkg_reroute_token_fail(r, st);

    case NGX_DONE:
        return NGX_DONE;

    default:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}


/* the realm is checked: the token, by a subrequest to the location */

static ngx_int_t
ngx_http_pkg_reroute_token_fetch(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st)
{
    u_char                      *p, *path;
    size_t                       len, plen;
    uintptr_t                    esvc, escope;
    ngx_http_request_t          *sr;
    ngx_http_post_subrequest_t  *ps;

    /* the realm's path and query, service and scope added */

    path = (u_char *) st->ft.target.path.data;
    plen = st->ft.target.path.len;

    esvc = ngx_escape_uri(NULL, st->service.data, st->service.len,
                          NGX_ESCAPE_ARGS);
    escope = ngx_escape_uri(NULL, st->scope.data, st->scope.len,
                            NGX_ESCAPE_ARGS);

    len = st->ft.url.len + plen + sizeof("?service=&scope=") - 1
          + st->service.len + 2 * esvc + st->scope.len + 2 * escope;

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_memcpy(p, st->ft.url.data, st->ft.url.len);
    st->ft.url.data = p;
    p += st->ft.url.len;
    p = ngx_cpymem(p, path, plen);

    if (st->service.len || st->scope.len) {
        *p++ = ngx_strlchr(path, path + plen, '?') ? '&' : '?';
    }

    if (st->service.len) {
        p = ngx_cpymem(p, "service=", 8);
        p = (u_char *) ngx_escape_uri(p, st->service.data, st->service.len,
                                      NGX_ESCAPE_ARGS);

        if (st->scope.len) {
            *p++ = '&';
        }
    }

    if (st->scope.len) {
        p = ngx_cpymem(p, "scope=", 6);
        p = (u_char *) ngx_escape_uri(p, st->scope.data, st->scope.len,
                                      NGX_ESCAPE_ARGS);
    }

    st->ft.url.len = p - st->ft.url.data;

    if (ngx_http_pkg_reroute_target_host(&st->ft) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ps = ngx_palloc(r->pool, sizeof(ngx_http_post_subrequest_t));
    if (ps == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ps->handler = ngx_http_pkg_reroute_token_fetched;
    ps->data = st;

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: docker token from \"%V\"", &st->ft.url);

    if (ngx_http_subrequest(r, &ngx_http_pkg_reroute_token_uri, NULL, &sr,
                            ps, NGX_HTTP_SUBREQUEST_IN_MEMORY
                                |NGX_HTTP_SUBREQUEST_WAITED)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    st->fetching = 1;

    return NGX_DONE;
}


static ngx_int_t
ngx_http_pkg_reroute_token_fetched(ngx_http_request_t *r, void *data,
    ngx_int_t rc)
{
    ngx_http_pkg_reroute_token_state_t *st = data;

    u_char      *buf;
    size_t       len;
    pr_token_t   t;
    const char  *err;

    if (st->fetched) {
        return rc;
    }

    st->fetched = 1;

    if (st->too_big) {
        ngx_http_pkg_reroute_token_failed(r->main, st,
                   "the token realm answered more than %uz bytes",
                   (size_t) NGX_HTTP_PKG_REROUTE_TOKEN_BODY);
        return rc;
    }

    if (rc == NGX_ERROR || rc >= NGX_HTTP_SPECIAL_RESPONSE
        || r->headers_out.status != NGX_HTTP_OK)
    {
        ngx_http_pkg_reroute_token_failed(r->main, st,
                   "the token realm answered %ui%s",
                   r->headers_out.status ? r->headers_out.status
                                         : (ngx_uint_t) NGX_HTTP_BAD_GATEWAY,
                   rc == NGX_ERROR ? " (or too much: "
                                     "subrequest_output_buffer_size)" : "");
        return rc;
    }

    if (r->out == NULL || r->out->buf == NULL) {
        ngx_http_pkg_reroute_token_failed(r->main, st,
                   "the token realm answered an empty body");
        return rc;
    }

    len = r->out->buf->last - r->out->buf->pos;

    buf = ngx_pnalloc(r->pool, len + 1);
    if (buf == NULL) {
        ngx_str_set(&st->ft.fail, "out of memory");
        return NGX_ERROR;
    }

    err = pr_token_parse((char *) r->out->buf->pos, len, (char *) buf,
                         len + 1, &t);
    if (err) {
        ngx_http_pkg_reroute_token_failed(r->main, st,
                   "the token realm answered %s", err);
        return rc;
    }

    if (ngx_http_pkg_reroute_token_keep(r, st, &t) != NGX_OK) {
        ngx_str_set(&st->ft.fail, "out of memory");
        return NGX_ERROR;
    }

    return rc;
}


/* back to the place, with the token */

static ngx_int_t
ngx_http_pkg_reroute_token_retry(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st)
{
    st->retried = 1;
    st->challenged = 0;

    /* the client's headers again: the place's access phase reads them */

    if (st->saved) {
        r->headers_in.headers = st->headers;

        if (st->headers.last == &st->headers.part) {
            r->headers_in.headers.last = &r->headers_in.headers.part;
        }

        r->headers_in.authorization = st->authorization;
#if (nginx_version >= 1023000)
        r->headers_in.cookie = st->cookie;
#else
        r->headers_in.cookies = st->cookies;
#endif
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: docker token kept, again to \"%V\"",
                   &st->uri);

    (void) ngx_http_internal_redirect(r, &st->uri,
                                      st->args.len ? &st->args : NULL);

    ngx_http_finalize_request(r, NGX_DONE);

    return NGX_DONE;
}


/*
 * Why the token service's answer is refused: answered when the request
 * goes on (the realm's own refusals are the checked target's)
 */
static void
ngx_http_pkg_reroute_token_failed(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st, const char *fmt, ...)
{
    va_list  args;

    va_start(args, fmt);
    (void) ngx_http_pkg_reroute_target_vrefuse(r, &st->ft, fmt, args);
    va_end(args);
}


/* a refusal, logged, answered in Docker's format */


static ngx_int_t
ngx_http_pkg_reroute_token_fail(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st)
{
    u_char  *msg, *last;
    size_t   len;

    st->challenged = 0;

    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "pkg reroute: no docker token: %V, for \"%V\"",
                  &st->ft.fail, &st->uri);

    len = st->ft.fail.len + sizeof("no token: ") - 1;

    msg = ngx_pnalloc(r->pool, len);
    if (msg == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    last = ngx_snprintf(msg, len, "no token: %V", &st->ft.fail);

    return ngx_http_pkg_reroute_answer(r, PR_ECO_DOCKER, NGX_HTTP_BAD_GATEWAY,
                                       msg, last - msg);
}


/* the worker's tokens: strings compared and copied, empty ones too */

static ngx_uint_t
ngx_http_pkg_reroute_token_same(u_char *a, size_t alen, u_char *b,
    size_t blen)
{
    return alen == blen && (alen == 0 || ngx_memcmp(a, b, alen) == 0);
}


static u_char *
ngx_http_pkg_reroute_token_copy(u_char *p, ngx_str_t *s)
{
    return s->len ? ngx_cpymem(p, s->data, s->len) : p;
}


static void
ngx_http_pkg_reroute_token_drop(void *place, ngx_str_t *scope)
{
    ngx_uint_t                     i;
    ngx_http_pkg_reroute_token_t  *tok;

    for (i = 0; i < NGX_HTTP_PKG_REROUTE_TOKENS; i++) {
        tok = ngx_http_pkg_reroute_tokens[i];

        if (tok && tok->place == place
            && ngx_http_pkg_reroute_token_same(tok->scope, tok->scope_len,
                                               scope->data, scope->len))
        {
            ngx_free(tok);
            ngx_http_pkg_reroute_tokens[i] = NULL;
        }
    }
}


/* the worker exits: its tokens go (valgrind's leak check sees none) */
void
ngx_http_pkg_reroute_token_exit(void)
{
    ngx_uint_t  i;

    for (i = 0; i < NGX_HTTP_PKG_REROUTE_TOKENS; i++) {
        if (ngx_http_pkg_reroute_tokens[i]) {
            ngx_free(ngx_http_pkg_reroute_tokens[i]);
            ngx_http_pkg_reroute_tokens[i] = NULL;
        }
    }
}


static ngx_http_pkg_reroute_token_t *
ngx_http_pkg_reroute_token_find(void *place, ngx_str_t *scope)
{
    time_t                         now;
    ngx_uint_t                     i;
    ngx_http_pkg_reroute_token_t  *tok;

    now = ngx_time();

    for (i = 0; i < NGX_HTTP_PKG_REROUTE_TOKENS; i++) {
        tok = ngx_http_pkg_reroute_tokens[i];

        if (tok == NULL) {
            continue;
        }

        if (tok->expires <= now) {
            ngx_free(tok);
            ngx_http_pkg_reroute_tokens[i] = NULL;
            continue;
        }

        if (tok->place == place
            && ngx_http_pkg_reroute_token_same(tok->scope, tok->scope_len,
                                               scope->data, scope->len))
        {
            return tok;
        }
    }

    return NULL;
}


static ngx_int_t
ngx_http_pkg_reroute_token_keep(ngx_http_request_t *r,
    ngx_http_pkg_reroute_token_state_t *st, pr_token_t *t)
{
    u_char                        *p;
    long                           life;
    size_t                         size;
    time_t                         now;
    ngx_uint_t                     i, slot;
    ngx_http_pkg_reroute_token_t  *tok, *old;

    /* for this request, whatever its lifetime */

    st->auth.len = sizeof("Bearer ") - 1 + t->token.len;
    st->auth.data = ngx_pnalloc(r->main->pool, st->auth.len);
    if (st->auth.data == NULL) {
        return NGX_ERROR;
    }

    p = ngx_cpymem(st->auth.data, "Bearer ", sizeof("Bearer ") - 1);
    ngx_memcpy(p, t->token.data, t->token.len);

    now = ngx_time();
    life = pr_token_lifetime(t, now);

    if (life == 0) {
        return NGX_OK;
    }

    size = sizeof(ngx_http_pkg_reroute_token_t) + st->realm.len
           + st->service.len + st->scope.len + st->auth.len;

    tok = ngx_alloc(size, r->connection->log);
    if (tok == NULL) {
        return NGX_ERROR;
    }

    p = (u_char *) (tok + 1);

    tok->place = st->place;
    tok->realm = p;
    tok->realm_len = st->realm.len;
    p = ngx_http_pkg_reroute_token_copy(p, &st->realm);
    tok->service = p;
    tok->service_len = st->service.len;
    p = ngx_http_pkg_reroute_token_copy(p, &st->service);
    tok->scope = p;
    tok->scope_len = st->scope.len;
    p = ngx_http_pkg_reroute_token_copy(p, &st->scope);
    tok->auth = p;
    tok->auth_len = st->auth.len;
    ngx_memcpy(p, st->auth.data, st->auth.len);
    tok->expires = now + life;

    /* the same key replaced; else a free slot, else the soonest to go */

    slot = 0;

    for (i = 0; i < NGX_HTTP_PKG_REROUTE_TOKENS; i++) {
        old = ngx_http_pkg_reroute_tokens[i];

        if (old == NULL || old->expires <= now) {
            slot = i;
            break;
        }

        if (old->place == tok->place
            && ngx_http_pkg_reroute_token_same(old->scope, old->scope_len,
                                               tok->scope, tok->scope_len))
        {
            slot = i;
            break;
        }

        if (old->expires < ngx_http_pkg_reroute_tokens[slot]->expires) {
            slot = i;
        }
    }

    /* a duplicate key after the slot found is dropped */

    for (i = slot + 1; i < NGX_HTTP_PKG_REROUTE_TOKENS; i++) {
        old = ngx_http_pkg_reroute_tokens[i];

        if (old && old->place == tok->place
            && ngx_http_pkg_reroute_token_same(old->scope, old->scope_len,
                                               tok->scope, tok->scope_len))
        {
            ngx_free(old);
            ngx_http_pkg_reroute_tokens[i] = NULL;
        }
    }

    if (ngx_http_pkg_reroute_tokens[slot]) {
        ngx_free(ngx_http_pkg_reroute_tokens[slot]);
    }

    ngx_http_pkg_reroute_tokens[slot] = tok;

    return NGX_OK;
}


static ngx_int_t
ngx_http_pkg_reroute_token_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_pkg_reroute_token_state_t  *st;

    st = ngx_http_pkg_reroute_token_state(r, 0);

    return ngx_http_pkg_reroute_target_variable(v,
               st ? (ngx_str_t *) ((char *) st + data) : NULL);
}


/* the place's account as "Basic ...", or empty: only for the realm */
static ngx_int_t
ngx_http_pkg_reroute_token_account_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_pkg_reroute_token_conf_t   *tcf;
    ngx_http_pkg_reroute_token_state_t  *st;

    st = ngx_http_pkg_reroute_token_state(r, 0);

    if (st == NULL || st->place == NULL || r == r->main) {
        v->not_found = 1;
        return NGX_OK;
    }

    tcf = st->place->token;

    v->data = tcf->account.data;
    v->len = tcf->account.len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}
