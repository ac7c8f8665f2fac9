/*
 * ngx_pkg_reroute: a client's credential headers (pr_credential.c says
 * which), kept from the upstreams that must not see them.
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_credential.h"


/* the number of credential headers the request carries */

ngx_uint_t
ngx_http_pkg_reroute_credentialed(ngx_http_request_t *r)
{
    ngx_uint_t        i, n;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

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

        n += pr_credential_header((char *) h[i].key.data, h[i].key.len);
    }

    return n;
}


/*
 * The request's credential headers are removed: what nginx sends upstream
 * (proxy_pass_request_headers) and its $http_ variables no longer have
 * them. What an operator sets with proxy_set_header is not touched.
 */

ngx_int_t
ngx_http_pkg_reroute_strip_credentials(ngx_http_request_t *r)
{
    ngx_uint_t        i;
    ngx_list_t        headers;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *nh;

    if (ngx_http_pkg_reroute_credentialed(r) == 0) {
        return NGX_OK;
    }

    if (ngx_list_init(&headers, r->pool, 20, sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

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

        if (pr_credential_header((char *) h[i].key.data, h[i].key.len)) {
            continue;
        }

        nh = ngx_list_push(&headers);
        if (nh == NULL) {
            return NGX_ERROR;
        }

        *nh = h[i];
    }

    r->headers_in.headers = headers;
    r->headers_in.authorization = NULL;
#if (nginx_version >= 1023000)
    r->headers_in.cookie = NULL;
#else
    r->headers_in.cookies.nelts = 0;
#endif

    return NGX_OK;
}
