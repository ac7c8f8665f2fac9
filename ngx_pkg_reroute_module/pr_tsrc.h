/*
 * ngx_pkg_reroute: time sources that cost a fetch — what a Docker tag's
 * image and a Hugging Face revision say of when they were made.
 *
 *   pr_tsrc_docker_manifest()  a manifest fetched by tag: an image
 *                              manifest (Docker schema 2 or OCI) gives
 *                              its org.opencontainers.image.created
 *                              annotation, else the digest of its config
 *                              blob to fetch; an index (OCI image index,
 *                              Docker manifest list) gives the time its
 *                              chosen platform's descriptor (or the index)
 *                              is annotated with, else the digest of the
 *                              chosen platform's manifest to fetch. The
 *                              platform: linux/amd64, else the first entry
 *                              that is not an attestation
 *                              (unknown/unknown)
 *   pr_tsrc_docker_config()    an image config: its "created"
 *   pr_tsrc_hf_revision()      /api/{models,datasets,spaces}/<id>/revision/
 *                              <rev>: its "lastModified"
 *   pr_tsrc_git_path()         a Git ref's API document (GitHub's REST
 *                              API, GitLab's v4), its path built only from
 *                              bytes that need no escaping
 *   pr_tsrc_git_read()         what that document says: a commit's
 *                              committer date, a tag ref's object (an
 *                              annotated tag's sha to fetch, or none for a
 *                              lightweight tag), an annotated tag's
 *                              tagger date, GitLab's tag (the later of its
 *                              created_at and its commit's date)
 *
 * Every time is the publisher's claim (a builder writes "created", a
 * committer the commit date): see README, Publication times. A time that
 * does not read as an instant (pr_time_parse: years 1970-9999; Go's zero
 * time 0001-01-01 is none) is an error: the caller's missing= decides.
 */

#ifndef _PR_TSRC_H_INCLUDED_
#define _PR_TSRC_H_INCLUDED_


#include "pr_core.h"


/* "sha512:" and 128 hex digits */
#define PR_TSRC_DIGEST_MAX  135


typedef enum {
    PR_TSRC_ERROR = -1,
    PR_TSRC_TIME = 0,           /* time holds it */
    PR_TSRC_CONFIG,             /* fetch the config blob named by digest */
    PR_TSRC_MANIFEST,           /* fetch the manifest named by digest */
    PR_TSRC_GIT_TAG,            /* fetch the annotated tag named by digest
                                 * (a Git sha) */
    PR_TSRC_NONE                /* no time here and none to fetch: a
                                 * lightweight tag (its commit's time) */
} pr_tsrc_step_t;


/* the Git time lookup's documents, in the order they are fetched */
typedef enum {
    PR_TSRC_GH_COMMIT = 0,      /* /repos/<o>/<r>/commits/<ref> */
    PR_TSRC_GH_REF,             /* /repos/<o>/<r>/git/ref/tags/<ref> */
    PR_TSRC_GH_TAG,             /* /repos/<o>/<r>/git/tags/<sha> */
    PR_TSRC_GL_COMMIT,          /* /api/v4/projects/<path>/repository/
                                 * commits/<ref> */
    PR_TSRC_GL_TAG              /* .../repository/tags/<ref> */
} pr_tsrc_git_t;


/* a name or ref asked for: at most this long */
#define PR_TSRC_GIT_REF_MAX   255

/* a Git document's path, NUL included: the longest prefix, name and ref */
#define PR_TSRC_GIT_PATH_MAX  (sizeof("/api/v4/projects/") - 1                \
                               + PR_TSRC_GIT_REF_MAX                          \
                               + sizeof("/repository/commits/") - 1           \
                               + PR_TSRC_GIT_REF_MAX + 1)


typedef struct {
    int64_t      time;
    char         digest[PR_TSRC_DIGEST_MAX + 1];   /* NUL-terminated */
    size_t       digest_len;
    const char  *why;           /* PR_TSRC_ERROR: a short reason */
} pr_tsrc_t;


pr_tsrc_step_t pr_tsrc_docker_manifest(const char *json, size_t len,
    pr_tsrc_t *out);
pr_tsrc_step_t pr_tsrc_docker_config(const char *json, size_t len,
    pr_tsrc_t *out);
pr_tsrc_step_t pr_tsrc_hf_revision(const char *json, size_t len,
    pr_tsrc_t *out);

/* algorithm ":" hex, as the OCI spec's digest grammar, sha256/sha512 */
int pr_tsrc_digest_ok(const char *p, size_t len);

/*
 * The path of doc for the repository name (GitHub: owner/repo; GitLab:
 * the project's path, sent with '/' as nginx decodes %2F: the github
 * catalogue reads it so) and ref (PR_TSRC_GH_TAG: the tag object's sha),
 * written at buf, NUL-terminated: its length, or 0 when it would need
 * bytes escaped or could mean another path (a ref or name with a byte
 * other than [A-Za-z0-9._-], a segment that starts with '.', "..", an empty
 * one; a ref with '/' for GitLab, which would have to be %2F; a sha that
 * is not 40 or 64 hex digits), or is longer than size - 1.
 */
size_t pr_tsrc_git_path(pr_tsrc_git_t doc, const char *name, size_t nlen,
    const char *ref, size_t rlen, char *buf, size_t size);

/*
 * doc's answer: PR_TSRC_TIME (a commit, an annotated tag, GitLab's tag),
 * PR_TSRC_GIT_TAG (GitHub's ref to an annotated tag: its sha in digest),
 * PR_TSRC_NONE (GitHub's ref to a commit: a lightweight tag), or
 * PR_TSRC_ERROR.
 */
pr_tsrc_step_t pr_tsrc_git_read(pr_tsrc_git_t doc, const char *json,
    size_t len, pr_tsrc_t *out);

/*
 * The request's first Git document: PR_TSRC_GH_COMMIT, PR_TSRC_GL_COMMIT,
 * or -1 when its ref is not looked up (pr_eco_github.c, whose rows say).
 */
int pr_tsrc_git_first(const pr_req_t *req);

/* 40 or 64 hex digits: a Git object id (SHA-1, SHA-256) */
int pr_tsrc_git_sha(const char *p, size_t len);


#endif /* _PR_TSRC_H_INCLUDED_ */
