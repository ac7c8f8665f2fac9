/*
 * ngx_pkg_reroute: a version -> publication time table, for the
 * rewriters that read a document's times before they filter it (npm's
 * "time", PEP 691's files). Not for other callers.
 */

#ifndef _PR_VTIME_H_INCLUDED_
#define _PR_VTIME_H_INCLUDED_


#include "pr_core.h"


typedef struct {
    uint64_t   hash;
    int64_t    t;            /* PR_TIME_UNKNOWN (-1) or seconds */
    size_t     off;          /* the version in keys[off, off + len) */
    size_t     len;
    int        mark;         /* the caller's; 0 when added */
} pr_vtime_ent_t;


typedef struct {
    pr_vtime_ent_t  *slot;   /* open addressing; len 0 and off 0: empty */
    size_t           nslot;  /* a power of two, or 0 */
    size_t           n;
    char            *keys;
    size_t           klen;
    size_t           ksize;
    uint64_t         seed;
    unsigned         min:1;  /* a version given again: the earliest known
                              * time (else the first given stays) */
} pr_vtime_t;


/* min: see above; seed: any value (the caller's, against collisions) */
void pr_vtime_init(pr_vtime_t *vt, int min, uint64_t seed);

/* 0, or -1: out of memory (the table stays as it was) */
int pr_vtime_add(pr_vtime_t *vt, const char *v, size_t len, int64_t t);

/*
 * The version's entry, added with t (*added 1) if it is not there yet;
 * NULL: out of memory. Valid until the next pr_vtime_put() or _add().
 */
pr_vtime_ent_t *pr_vtime_put(pr_vtime_t *vt, const char *v, size_t len,
    int64_t t, int *added);

/* the version's entry, or NULL when it is not there */
pr_vtime_ent_t *pr_vtime_ref(const pr_vtime_t *vt, const char *v,
    size_t len);

/* the version's time, or PR_TIME_UNKNOWN (-1) when it is not there */
int64_t pr_vtime_get(const pr_vtime_t *vt, const char *v, size_t len);

void pr_vtime_free(pr_vtime_t *vt);


#endif /* _PR_VTIME_H_INCLUDED_ */
