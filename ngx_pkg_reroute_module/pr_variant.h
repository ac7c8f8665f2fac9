/*
 * ngx_pkg_reroute: which variant of an answer a request asks for, so that
 * a cache key holds everything that changes the answer:
 *   npm metadata  "install-v1" when the abbreviated packument is accepted
 *   PyPI simple   "json" (PEP 691) or "html", by the Accept q-values
 *   Docker        the sorted media types of manifests, from every Accept
 *                 line (skopeo sends several; $http_accept shows the first)
 */

#ifndef _PR_VARIANT_H_INCLUDED_
#define _PR_VARIANT_H_INCLUDED_


#include "pr_core.h"


#define PR_VARIANT_MAX  1024


/* writes the variant into out (PR_VARIANT_MAX bytes), returns its length */
size_t pr_variant(const pr_req_t *req, const pr_str_t *accept,
    size_t naccept, char *out);


#endif /* _PR_VARIANT_H_INCLUDED_ */
