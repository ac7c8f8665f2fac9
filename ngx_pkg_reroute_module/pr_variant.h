/*
 * ngx_pkg_reroute: which variant of an answer a request asks for, so that
 * a cache key holds everything that changes the answer:
 *   npm metadata  "install-v1" when the abbreviated packument is accepted
 *   PyPI simple   "json" (PEP 691) or "html", by the Accept q-values
 *   Docker        the sorted manifest media types the specifications
 *                 define, from every range of every Accept line (skopeo
 *                 sends several; $http_accept shows the first)
 * the Accept an upstream is sent for that variant, and which arguments of
 * the query the answer depends on.
 */

#ifndef _PR_VARIANT_H_INCLUDED_
#define _PR_VARIANT_H_INCLUDED_


#include "pr_core.h"


#define PR_VARIANT_MAX  1024


/* writes the variant into out (PR_VARIANT_MAX bytes), returns its length */
size_t pr_variant(const pr_req_t *req, const pr_str_t *accept,
    size_t naccept, char *out);

/* the canonical Accept of a variant (PR_VARIANT_MAX bytes); 0: none */
size_t pr_variant_accept(const pr_req_t *req, const char *variant,
    size_t vlen, char *out);

/*
 * the arguments of req->query the answer depends on, in their order, into
 * out (req->query.len bytes); 1 when the answer must never be stored
 * (npm's ?write=true), else 0
 */
int pr_key_query(const pr_req_t *req, char *out, size_t *len);


#endif /* _PR_VARIANT_H_INCLUDED_ */
