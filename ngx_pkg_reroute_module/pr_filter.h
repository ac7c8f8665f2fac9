/*
 * ngx_pkg_reroute: metadata filters for the formats that are not rewritten
 * (no artifact URL in them) but list versions: each version not kept is
 * removed. keep(), keep_data, name, max_size and alloc/ctx come from a
 * pr_rewrite_t (pr_rewrite.h); its maps, unsafe() and flush are not used.
 *
 *   Cargo index     a sparse index file (/<prefix>/<crate>): one JSON
 *                   object a line (name, vers, deps, cksum, features,
 *                   yanked, links, v, features2, rust_version, pubtime).
 *                   A line whose "vers" is not kept is removed with its
 *                   newline; keep() is told "name" (rw->name when set)
 *                   and "pubtime" (RFC 3339) as the publication time, or
 *                   PR_TIME_UNKNOWN. Empty lines stay.
 *   Docker tags     /v2/<name>/tags/list: {"name": ..., "tags": [...]};
 *                   each tag not kept leaves "tags" (keep() is told the
 *                   document's "name", or rw->name, and no time: a tag
 *                   list has none). "tags": null stays. A page of a
 *                   paginated list (n=, last=) may come out shorter than
 *                   n: the registry's Link header still names the next
 *                   page.
 *   RubyGems info   the compact index's info/<name>: header lines up to
 *                   and with "---" stay; then a line a version,
 *                   "<version>[-<platform>] <deps>|<requirements>",
 *                   goes when <version> (before the first '-' or ' ', as
 *                   Bundler reads it) is not kept; every platform of a
 *                   version has the one answer. The file has no name and
 *                   no time: rw->name must be set; keep() is told
 *                   PR_TIME_UNKNOWN. Empty lines stay; a line without a
 *                   ' ', or with an empty version, is refused; an empty
 *                   file is no versions (what filtering all leaves).
 *   RubyGems JSON   /api/v1/versions/<name>.json: an array of objects;
 *                   one whose "number" is not kept goes; keep() is told
 *                   rw->name and "created_at" as the time.
 *   npm dist-tags   /-/package/<name>/dist-tags: {"<tag>": "<version>",
 *                   ...}; a tag whose version is not kept goes, "latest"
 *                   too: the document lists no other version it could
 *                   move to (the packument's "latest" moves, pr_rewrite.h).
 *                   Every value must be a string without escapes (a
 *                   client could read another version than the filter);
 *                   rw->name must be set; no time (PR_TIME_UNKNOWN).
 *   Hugging Face    /api/<type>s/<repo_id>/refs (list_repo_refs):
 *   refs            {"branches": [...], "converts": [...], "tags": [...],
 *                   "pullRequests": [...]}, each entry {"name", "ref",
 *                   "targetCommit"}; an entry goes when the revision a
 *                   client would ask for is not kept: its "name" for
 *                   branches and tags ("main", "v1.0"), its "ref" for
 *                   converts and pull requests ("refs/convert/parquet",
 *                   "refs/pr/1", as the catalogue names such revisions).
 *                   A list present must be an array of objects, the
 *                   member read a non-empty string without escapes; other
 *                   members stay. rw->name must be set; no time
 *                   (PR_TIME_UNKNOWN).
 *
 * Fail closed: each line (Cargo) or the document (the others) must be
 * JSON (RFC 8259, nesting at most PR_REWRITE_MAX_DEPTH) of the shape
 * above; the members read ("name", "vers", "pubtime"; "name", "tags";
 * "number", "created_at"; "branches", "converts", "tags", "pullRequests",
 * "name", "ref") must be strings (lists: arrays) without escapes where a
 * version is read, and no key of an object read may have an escape or be
 * one of those given twice (a client could read another value than the
 * filter). Else PR_REWRITE_INVALID and a static reason; the document must
 * not be served.
 *
 * PR_REWRITE_OK: *out is the filtered document from rw->alloc, or the
 * input itself (same pointer) when nothing was removed. NOMEM: rw->alloc
 * failed. Without keep() the document is only checked.
 */

#ifndef _PR_FILTER_H_INCLUDED_
#define _PR_FILTER_H_INCLUDED_


#include "pr_rewrite.h"


/* which filter a request's document takes (pr_filter_kind()) */
typedef enum {
    PR_FILTER_NONE = 0,          /* not one of these documents */
    PR_FILTER_CARGO,             /* a sparse index file */
    PR_FILTER_GEM_INFO,          /* /info/<name> */
    PR_FILTER_GEM_VERSIONS,      /* /api/v1/versions/<name>[.json] */
    PR_FILTER_DOCKER_TAGS,       /* /v2/<name>/tags/list */
    PR_FILTER_NPM_DIST_TAGS,     /* /-/package/<name>/dist-tags */
    PR_FILTER_HF_REFS,           /* /api/<type>s/<repo_id>/refs */
    PR_FILTER_CLOSED             /* lists versions in a format no filter
                                  * reads (/api/v1/versions/<name>.yaml,
                                  * RubyGems' dependency API and
                                  * versions/<name>/latest): refused where
                                  * versions are judged */
} pr_filter_kind_t;


/*
 * The filter of a classified request (its ecosystem and catalogue row,
 * req->endpoint), or PR_FILTER_NONE. Only a request that names a package
 * (PR_CLASS_PACKAGE) of kind metadata has one.
 */
pr_filter_kind_t pr_filter_kind(const pr_req_t *req);

/* the filter of kind (not NONE or CLOSED): as the functions below */
int pr_filter(pr_filter_kind_t kind, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);

/* "a Cargo index file"..., for messages */
const char *pr_filter_name(pr_filter_kind_t kind);


int pr_filter_cargo(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err);

int pr_filter_gem_info(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err);

int pr_filter_gem_versions(const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);

int pr_filter_npm_dist_tags(const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);

int pr_filter_docker_tags(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err);

int pr_filter_hf_refs(const char *in, size_t len, const pr_rewrite_t *rw,
    pr_str_t *out, const char **err);


#endif /* _PR_FILTER_H_INCLUDED_ */
