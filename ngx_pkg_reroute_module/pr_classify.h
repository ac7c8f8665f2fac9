/*
 * ngx_pkg_reroute: what a request is — ecosystem, kind, canonical package
 * name(s), version, file, and the canonical path that is forwarded.
 */

#ifndef _PR_CLASSIFY_H_INCLUDED_
#define _PR_CLASSIFY_H_INCLUDED_


#include "pr_core.h"


/*
 * Classifies one request. path/query are raw (percent-encoded) unless
 * flags has PR_PATH_DECODED; query has no leading '?'. req->buf/size must
 * be set by the caller, at least pr_scratch_size(plen, qlen) bytes.
 * Returns 0, or -1 when the scratch is too small (a caller bug).
 */
int pr_classify(pr_eco_t eco, pr_method_t method, const char *path,
    size_t plen, const char *query, size_t qlen, unsigned flags,
    pr_req_t *req);

/*
 * The same for a registry mounted under a path prefix ("/npm"): the
 * prefix's segments are removed after decoding, so every spelling of the
 * prefix is one; a path outside the prefix is invalid. The canonical path
 * is the registry's own path, without the prefix.
 */
int pr_classify_prefix(pr_eco_t eco, pr_method_t method, const char *prefix,
    size_t prefix_len, const char *path, size_t plen, const char *query,
    size_t qlen, unsigned flags, pr_req_t *req);


/*
 * Compiles every catalogue's shapes, once (nginx: at the configuration,
 * so that no request does it). Returns 0, or -1 when they do not fit the
 * room compiled in: pr_classify() then matches them as written, every
 * time. Before it, pr_classify() matches them as written too;
 * pr_classify_compiled() is 1 once every catalogue is compiled.
 */
int pr_classify_init(void);
int pr_classify_compiled(void);


/*
 * The ecosystem's endpoint catalogue, ended by a row whose shape is NULL;
 * NULL for an ecosystem that has none yet (everything it does not name
 * is then taken as naming no package).
 */
const pr_endpoint_t *pr_catalogue(pr_eco_t eco);

/*
 * 1 if every name "to" carries is one of "from"'s: an upstream redirect
 * to the registry itself (Hugging Face's relative 307 from /resolve/ to
 * /api/resolve-cache/) must name the repository that was checked
 */
int pr_same_package(const pr_req_t *from, const pr_req_t *to);

/* the method's PR_M_* bit */
#define pr_method_bit(m)  (1u << (m))


#endif /* _PR_CLASSIFY_H_INCLUDED_ */
