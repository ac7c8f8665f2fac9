/*
 * ngx_pkg_reroute: a checked fetch target, for pkg_reroute_follow and
 * pkg_reroute_docker_token (see ngx_http_pkg_reroute_target.h).
 */

#include "ngx_http_pkg_reroute_target.h"


static ngx_int_t ngx_http_pkg_reroute_target_refuse(
    ngx_http_pkg_reroute_target_t *t, const char *fmt, ...);
static ngx_uint_t ngx_http_pkg_reroute_target_upstream(
    ngx_http_pkg_reroute_target_t *t);
static ngx_int_t ngx_http_pkg_reroute_target_resolve(
    ngx_http_pkg_reroute_target_t *t);
static void ngx_http_pkg_reroute_target_resolved(ngx_resolver_ctx_t *rctx);


/* configuration */

ngx_int_t
ngx_http_pkg_reroute_targets_create(ngx_conf_t *cf,
    ngx_http_pkg_reroute_targets_t *tc)
{
    tc->hosts.exact = ngx_palloc(cf->pool,
                                 cf->args->nelts * sizeof(pr_str_t));
    tc->hosts.suffix = ngx_palloc(cf->pool,
                                  cf->args->nelts * sizeof(pr_str_t));
    if (tc->hosts.exact == NULL || tc->hosts.suffix == NULL) {
        return NGX_ERROR;
    }

    tc->hosts.nexact = 0;
    tc->hosts.nsuffix = 0;

    return NGX_OK;
}


/*
 * One argument of the directive that is none of its own options:
 * "allow_address=<cidr>" or a host pattern. reach: what the notice says
 * the directive does ("follows redirects to names").
 */
ngx_int_t
ngx_http_pkg_reroute_targets_arg(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_http_pkg_reroute_targets_t *tc, ngx_str_t *value, const char *reach)
{
    ngx_int_t    n;
    ngx_str_t    s;
    ngx_cidr_t  *cidr;

    if (ngx_strncmp(value->data, "allow_address=", 14) == 0) {
        if (tc->allow == NULL) {
            tc->allow = ngx_array_create(cf->pool, 2, sizeof(ngx_cidr_t));
            if (tc->allow == NULL) {
                return NGX_ERROR;
            }
        }

        cidr = ngx_array_push(tc->allow);
        if (cidr == NULL) {
            return NGX_ERROR;
        }

        s.data = value->data + 14;
        s.len = value->len - 14;

        if (ngx_ptocidr(&s, cidr) != NGX_OK) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid \"%V\" in \"%V\", it must be an "
                               "address or a CIDR block", value, &cmd->name);
            return NGX_ERROR;
        }

        ngx_conf_log_error(NGX_LOG_NOTICE, cf, 0,
                           "\"%V\" %s that resolve to %V: meant for tests, "
                           "it lets the upstream reach these addresses",
                           &cmd->name, reach, &s);
        return NGX_OK;
    }

    n = pr_follow_pattern_kind((char *) value->data, value->len);

    if (n < 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid host pattern \"%V\" in \"%V\", it must "
                           "be a host name or \"*.<domain>\" (never an "
                           "address)", value, &cmd->name);
        return NGX_ERROR;
    }

    ngx_strlow(value->data, value->data, value->len);

    if (n == 1) {
        /* "*.example.com" is every name ending in ".example.com" */
        tc->hosts.suffix[tc->hosts.nsuffix].data = (char *) value->data + 1;
        tc->hosts.suffix[tc->hosts.nsuffix++].len = value->len - 1;

    } else {
        tc->hosts.exact[tc->hosts.nexact].data = (char *) value->data;
        tc->hosts.exact[tc->hosts.nexact++].len = value->len;
    }

    return NGX_OK;
}


/*
 * 1 if the server being merged has the flow's location: a named one
 * ("@...") or an exact one ("= /..."), as nginx looks them up
 */
ngx_uint_t
ngx_http_pkg_reroute_target_location(ngx_conf_t *cf, ngx_str_t *name)
{
    ngx_queue_t                *q;
    ngx_http_core_srv_conf_t   *cscf;
    ngx_http_core_loc_conf_t   *sclcf, *lclcf;
    ngx_http_location_queue_t  *lq;

    cscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_core_module);
    sclcf = cscf->ctx->loc_conf[ngx_http_core_module.ctx_index];

    if (sclcf->locations == NULL) {
        return 0;
    }

    for (q = ngx_queue_head(sclcf->locations);
         q != ngx_queue_sentinel(sclcf->locations);
         q = ngx_queue_next(q))
    {
        lq = (ngx_http_location_queue_t *) q;
        lclcf = lq->exact ? lq->exact : lq->inclusive;

        if (lclcf
            && (name->data[0] == '@' ? lclcf->named : lclcf->exact_match)
            && lclcf->name.len == name->len
            && ngx_strncmp(lclcf->name.data, name->data, name->len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


/*
 * error_page <codes> = <to> in clcf: its entries for these codes give
 * way, the others (an error_page 304 of the place) are kept
 */
ngx_int_t
ngx_http_pkg_reroute_target_error_pages(ngx_conf_t *cf,
    ngx_http_core_loc_conf_t *clcf, ngx_int_t *codes, ngx_uint_t n,
    ngx_str_t *to)
{
    ngx_uint_t            i, k, nold;
    ngx_array_t          *pages;
    ngx_http_err_page_t  *ep, *old;

    nold = clcf->error_pages ? clcf->error_pages->nelts : 0;

    pages = ngx_array_create(cf->pool, nold + n, sizeof(ngx_http_err_page_t));
    if (pages == NULL) {
        return NGX_ERROR;
    }

    old = nold ? clcf->error_pages->elts : NULL;

    for (i = 0; i < nold; i++) {
        for (k = 0; k < n; k++) {
            if (old[i].status == codes[k]) {
                break;
            }
        }

        if (k < n) {
            continue;
        }

        ep = ngx_array_push(pages);
        if (ep == NULL) {
            return NGX_ERROR;
        }

        *ep = old[i];
    }

    for (i = 0; i < n; i++) {
        ep = ngx_array_push(pages);
        if (ep == NULL) {
            return NGX_ERROR;
        }

        ngx_memzero(ep, sizeof(ngx_http_err_page_t));

        ep->status = codes[i];
        ep->overwrite = 0;          /* "=": the flow's status */
        ep->value.value = *to;
    }

    clcf->error_pages = pages;

    return NGX_OK;
}


/* request */

/* ref, as an upstream sent it, resolved against base */
ngx_int_t
ngx_http_pkg_reroute_target_parse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_target_t *t, ngx_str_t *base, ngx_str_t *ref)
{
    u_char      *buf;
    size_t       size;
    const char  *err;

    t->request = r;

    size = base->len + ref->len + 16;

    buf = ngx_pnalloc(r->pool, size);
    if (buf == NULL) {
        return NGX_ERROR;
    }

    err = pr_follow_resolve((char *) base->data, base->len,
                            (char *) ref->data, ref->len,
                            (char *) buf, size, &t->target);
    if (err) {
        return ngx_http_pkg_reroute_target_refuse(t, t->words->url, err);
    }

    return NGX_OK;
}


/* a host name, not an address; one the directive lists */
ngx_int_t
ngx_http_pkg_reroute_target_check(ngx_http_pkg_reroute_target_t *t)
{
    if (t->target.literal) {
        return ngx_http_pkg_reroute_target_refuse(t, t->words->literal,
                   t->target.host.len, t->target.host.data);
    }

    if (!pr_follow_host_match(&t->conf->hosts, t->target.host.data,
                              t->target.host.len))
    {
        return ngx_http_pkg_reroute_target_refuse(t, t->words->unlisted,
                   t->target.host.len, t->target.host.data);
    }

    return NGX_OK;
}


/* where the checked name is: an upstream { }, or the resolver's answer */
ngx_int_t
ngx_http_pkg_reroute_target_locate(ngx_http_pkg_reroute_target_t *t)
{
    u_char  *p;
    size_t   plen;

    t->name.data = (u_char *) t->target.host.data;
    t->name.len = t->target.host.len;

    if (!ngx_http_pkg_reroute_target_upstream(t)) {
        return ngx_http_pkg_reroute_target_resolve(t);
    }

    plen = t->path ? t->target.path.len : 0;

    p = ngx_pnalloc(t->request->pool, t->target.scheme.len + sizeof("://") - 1
                                      + t->target.host.len + plen);
    if (p == NULL) {
        return NGX_ERROR;
    }

    t->url.data = p;
    t->url.len = ngx_sprintf(p, "%*s://%*s%*s",
                             t->target.scheme.len, t->target.scheme.data,
                             t->target.host.len, t->target.host.data,
                             plen, t->target.path.data)
                 - p;

    return NGX_OK;
}


/*
 * 1 if the name is an upstream { } block of the configuration: its servers
 * are the operator's, as a proxy_pass to it would use them; no resolver
 * is asked.
 */
static ngx_uint_t
ngx_http_pkg_reroute_target_upstream(ngx_http_pkg_reroute_target_t *t)
{
    ngx_uint_t                      i;
    ngx_http_upstream_srv_conf_t  **uscfp;
    ngx_http_upstream_main_conf_t  *umcf;

    if (t->target.explicit_port) {
        return 0;
    }

    umcf = ngx_http_get_module_main_conf(t->request,
                                         ngx_http_upstream_module);
    uscfp = umcf->upstreams.elts;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if ((uscfp[i]->flags & NGX_HTTP_UPSTREAM_CREATE)
            && uscfp[i]->port == 0
            && uscfp[i]->host.len == t->target.host.len
            && ngx_strncasecmp(uscfp[i]->host.data,
                               (u_char *) t->target.host.data,
                               t->target.host.len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


static ngx_int_t
ngx_http_pkg_reroute_target_resolve(ngx_http_pkg_reroute_target_t *t)
{
    ngx_resolver_ctx_t  *rctx, temp;

    temp.name.data = (u_char *) t->target.host.data;
    temp.name.len = t->target.host.len;

    /* the place's resolver: the flow's location's is the server's */
    rctx = t->resolver ? ngx_resolve_start(t->resolver, &temp)
                       : NGX_NO_RESOLVER;
    if (rctx == NULL) {
        return NGX_ERROR;
    }

    if (rctx == NGX_NO_RESOLVER) {
        return ngx_http_pkg_reroute_target_refuse(t,
                   "no resolver is defined to check %s (%*s)",
                   t->words->host, t->target.host.len, t->target.host.data);
    }

    rctx->name = temp.name;
    rctx->handler = ngx_http_pkg_reroute_target_resolved;
    rctx->data = t;
    rctx->timeout = t->resolver_timeout;

    t->rctx = rctx;
    t->resolving = 1;
    t->waiting = 0;

    if (ngx_resolve_name(rctx) != NGX_OK) {
        t->rctx = NULL;
        t->resolving = 0;
        return NGX_ERROR;
    }

    if (t->resolving) {
        /* the answer comes later: the request waits for it */
        t->waiting = 1;
        t->request->main->count++;
        return NGX_DONE;
    }

    /* answered from the resolver's cache, right away */
    t->resolved = 0;

    return t->fail.len ? NGX_DECLINED : NGX_OK;
}


static void
ngx_http_pkg_reroute_target_resolved(ngx_resolver_ctx_t *rctx)
{
    u_char                         *p, text[NGX_SOCKADDR_STRLEN];
    size_t                          len, plen;
    ngx_uint_t                      i, waiting;
    const char                     *why;
    struct sockaddr                *sa;
    ngx_connection_t               *c;
    ngx_http_request_t             *r;
    struct sockaddr_in             *sin;
    ngx_http_pkg_reroute_target_t  *t;
#if (NGX_HAVE_INET6)
    struct sockaddr_in6            *sin6;
#endif

    t = rctx->data;
    r = t->request;
    c = r->connection;

    if (rctx->state) {
        (void) ngx_http_pkg_reroute_target_refuse(t,
                   "%s %V cannot be resolved (%i: %s)", t->words->host,
                   &rctx->name, rctx->state,
                   ngx_resolver_strerror(rctx->state));
        goto done;
    }

    if (rctx->naddrs == 0) {
        (void) ngx_http_pkg_reroute_target_refuse(t,
                   "%s %V has no address", t->words->host, &rctx->name);
        goto done;
    }

    for (i = 0; i < rctx->naddrs; i++) {
        sa = rctx->addrs[i].sockaddr;

        if (t->conf->allow
            && ngx_cidr_match(sa, t->conf->allow) == NGX_OK)
        {
            continue;
        }

        switch (sa->sa_family) {

#if (NGX_HAVE_INET6)
        case AF_INET6:
            sin6 = (struct sockaddr_in6 *) sa;
            why = pr_follow_addr_refused(6, sin6->sin6_addr.s6_addr);
            break;
#endif

        case AF_INET:
            sin = (struct sockaddr_in *) sa;
            why = pr_follow_addr_refused(4,
                      (unsigned char *) &sin->sin_addr.s_addr);
            break;

        default:
            why = "unknown";
        }

        if (why) {
            len = ngx_sock_ntop(sa, rctx->addrs[i].socklen, text,
                                NGX_SOCKADDR_STRLEN, 0);

            (void) ngx_http_pkg_reroute_target_refuse(t,
                       "%s %V resolves to %*s, a %s address",
                       t->words->host, &rctx->name, len, text, why);
            goto done;
        }
    }

    /* the first address, checked with all the others */

    sa = rctx->addrs[0].sockaddr;
    len = ngx_sock_ntop(sa, rctx->addrs[0].socklen, text,
                        NGX_SOCKADDR_STRLEN, 0);

    plen = t->path ? t->target.path.len : 0;

    p = ngx_pnalloc(r->pool, t->target.scheme.len + sizeof("://[]:65535")
                             + len + plen);
    if (p == NULL) {
        ngx_str_set(&t->fail, "out of memory");
        goto done;
    }

    t->url.data = p;
    t->url.len = ngx_sprintf(p, (sa->sa_family == AF_INET)
                                ? "%*s://%*s:%ui%*s" : "%*s://[%*s]:%ui%*s",
                             t->target.scheme.len, t->target.scheme.data,
                             len, text, (ngx_uint_t) t->target.port,
                             plen, t->target.path.data)
                 - p;

done:

    ngx_resolve_name_done(rctx);
    t->rctx = NULL;
    t->resolving = 0;
    t->resolved = 1;

    waiting = t->waiting;
    t->waiting = 0;

    if (!waiting) {
        /* within ngx_resolve_name(): the flow goes on from there */
        return;
    }

    r->write_event_handler = ngx_http_core_run_phases;
    ngx_http_core_run_phases(r);

    /* the reference the wait held */
    ngx_http_finalize_request(r, NGX_DONE);

    ngx_http_run_posted_requests(c);
}


/* the Host the flow's location sends: the name, and a port it named */
ngx_int_t
ngx_http_pkg_reroute_target_host(ngx_http_pkg_reroute_target_t *t)
{
    u_char  *p;

    p = ngx_pnalloc(t->request->pool, t->name.len + sizeof(":65535") - 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    t->host.data = p;

    if (t->target.explicit_port) {
        t->host.len = ngx_sprintf(p, "%V:%ui", &t->name,
                                  (ngx_uint_t) t->target.port) - p;

    } else {
        t->host.len = ngx_cpymem(p, t->name.data, t->name.len) - p;
    }

    return NGX_OK;
}


/* why the target is refused, in t->fail: NGX_DECLINED, or NGX_ERROR */
ngx_int_t
ngx_http_pkg_reroute_target_vrefuse(ngx_http_request_t *r,
    ngx_http_pkg_reroute_target_t *t, const char *fmt, va_list args)
{
    u_char  *p;

    p = ngx_pnalloc(r->pool, 1024);
    if (p == NULL) {
        ngx_str_set(&t->fail, "out of memory");
        return NGX_ERROR;
    }

    t->fail.data = p;
    t->fail.len = ngx_vslprintf(p, p + 1024, fmt, args) - p;

    return NGX_DECLINED;
}


static ngx_int_t
ngx_http_pkg_reroute_target_refuse(ngx_http_pkg_reroute_target_t *t,
    const char *fmt, ...)
{
    ngx_int_t  rc;
    va_list    args;

    va_start(args, fmt);
    rc = ngx_http_pkg_reroute_target_vrefuse(t->request, t, fmt, args);
    va_end(args);

    return rc;
}


/* the request ended while its target was being resolved */
void
ngx_http_pkg_reroute_target_cleanup(ngx_http_pkg_reroute_target_t *t)
{
    if (t->rctx) {
        ngx_resolve_name_done(t->rctx);
        t->rctx = NULL;
    }
}


/*
 * The upstream's answer that named the target is neither sent nor stored:
 * none of its headers is the answer's
 */
ngx_int_t
ngx_http_pkg_reroute_target_headers_drop(ngx_http_request_t *r)
{
    if (ngx_list_init(&r->headers_out.headers, r->pool, 20,
                      sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    r->headers_out.content_length = NULL;
    r->headers_out.content_length_n = -1;
    r->headers_out.content_type.len = 0;
    r->headers_out.content_type_len = 0;
    r->headers_out.last_modified = NULL;
    r->headers_out.last_modified_time = -1;
    r->headers_out.etag = NULL;
    r->headers_out.date = NULL;
    r->headers_out.server = NULL;
    r->headers_out.expires = NULL;
    r->headers_out.cache_control.nelts = 0;
    r->headers_out.www_authenticate = NULL;
    r->headers_out.status_line.len = 0;

    return NGX_OK;
}


/* a flow's string variable: s, or not found (no flow state) */
ngx_int_t
ngx_http_pkg_reroute_target_variable(ngx_http_variable_value_t *v,
    ngx_str_t *s)
{
    if (s == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    v->data = s->data;
    v->len = s->len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}
