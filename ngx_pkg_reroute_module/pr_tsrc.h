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
    PR_TSRC_MANIFEST            /* fetch the manifest named by digest */
} pr_tsrc_step_t;


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


#endif /* _PR_TSRC_H_INCLUDED_ */
