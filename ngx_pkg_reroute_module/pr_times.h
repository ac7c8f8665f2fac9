/*
 * ngx_pkg_reroute: which document tells an artifact's publication time.
 *
 * For an artifact judged under a cooldown or a cutoff whose version's
 * time the shell does not know, the package's time document is fetched
 * through the place (ngx_http_pkg_reroute_times.c). Its path, under the
 * place's prefix, from the request's name:
 *
 *   npm       /<name>                 the full packument ("time")
 *   PyPI      /simple/<name>/         PEP 691 JSON (PEP 700 upload-time)
 *   Cargo     /1/<n>, /2/<nn>, /3/<c>/<nnn>, /<ab>/<cd>/<name>
 *                                     the sparse index file ("pubtime"),
 *                                     by the name as the crate spells it,
 *                                     lower-cased
 *   RubyGems  /api/v1/versions/<name>.json   ("created_at")
 *
 * Other ecosystems have none here (0). The name must be the registry's
 * own characters only (letters, digits, '-', '_', '~', '.' not first nor
 * doubled; npm: "@scope/name" too): a client cannot make the module ask
 * for anything but that package's own document.
 */

#ifndef _PR_TIMES_H_INCLUDED_
#define _PR_TIMES_H_INCLUDED_


#include "pr_core.h"


#define PR_TIMES_DOC_EXTRA  32     /* out: at least name->len + this */


typedef enum {
    PR_TIMES_NONE = 0,
    PR_TIMES_NPM,                  /* the packument */
    PR_TIMES_PYPI,                 /* the simple page, PEP 691 JSON */
    PR_TIMES_CARGO,                /* the index file */
    PR_TIMES_GEMS                  /* the versions JSON */
} pr_times_doc_t;


/*
 * The document's path for name (req->names[0], or for Cargo the name as
 * spelled: pr_times_spelled()) into out; its length, or 0 (no document:
 * another ecosystem, or a name refused). *doc says which format.
 */
size_t pr_times_doc_path(pr_eco_t eco, const pr_str_t *name, char *out,
    pr_times_doc_t *doc);

/*
 * The segment of req->path whose canonical form is req->names[0], as the
 * request spells it: 0 and *out, or -1.
 */
int pr_times_spelled(const pr_req_t *req, pr_str_t *out);


#endif /* _PR_TIMES_H_INCLUDED_ */
