/*
 * ngx_pkg_reroute: what the per-ecosystem classifiers share. Internal to
 * the core; the nginx shell uses pr_classify.h.
 */

#ifndef _PR_ECO_H_INCLUDED_
#define _PR_ECO_H_INCLUDED_


#include "pr_core.h"
#include "pr_uri.h"
#include "pr_name.h"


typedef struct {
    pr_req_t     *req;
    pr_path_t     path;
    pr_method_t   method;
    const char   *query;
    size_t        qlen;
    char         *out;       /* canonical path being written, or NULL */
    char         *out_end;   /* where the scratch ends */
    unsigned      read_post:1;  /* a POST that only reads (npm audit) */
} pr_cx_t;


typedef void (*pr_classifier_pt)(pr_cx_t *cx);


/* scratch memory, or NULL */
char *pr_scratch(pr_req_t *req, size_t n);

/* adds a package name in canonical form; -1 (and INVALID) if it can't */
int pr_add_name(pr_cx_t *cx, const char *data, size_t len);

/* room for n more names; -1 (and INVALID) past PR_MAX_NAMES */
int pr_reserve_names(pr_cx_t *cx, size_t n);

/* the catalogue row the request matched: sets its kind */
void pr_endpoint(pr_cx_t *cx, const pr_endpoint_t *ep);

/* 1 if the path has the catalogue shape (literals, a|b, <x>, <x...>) */
int pr_shape_match(const pr_path_t *path, const char *shape);

/* marks the request invalid with a static reason */
void pr_invalid(pr_cx_t *cx, const char *reason);

/* the canonical path: begin, append, end */
void pr_out_begin(pr_cx_t *cx);
void pr_out_lit(pr_cx_t *cx, const char *lit);
void pr_out_enc(pr_cx_t *cx, const pr_str_t *seg);    /* no '/' before */
void pr_out_seg(pr_cx_t *cx, const pr_str_t *seg);    /* "/" + segment */
void pr_out_segs(pr_cx_t *cx, size_t from, size_t to);
void pr_out_end(pr_cx_t *cx, int trailing_slash);

/* 1 if no '/'-separated part of s is empty, "." or ".." */
int pr_parts_safe(const pr_str_t *s);

/* the segments [from, to) joined by '/', in scratch */
int pr_join(pr_cx_t *cx, size_t from, size_t to, pr_str_t *out);

#define pr_seg(cx, i)     (&(cx)->path.seg[i])
#define pr_seg_is(cx, i, lit)                                               \
    ((i) < (cx)->path.nseg && pr_str_eq(pr_seg(cx, i), lit))

extern const pr_endpoint_t  pr_npm_endpoints[];
extern const pr_endpoint_t  pr_pypi_endpoints[];
extern const pr_endpoint_t  pr_rubygems_endpoints[];
extern const pr_endpoint_t  pr_cargo_endpoints[];
extern const pr_endpoint_t  pr_huggingface_endpoints[];
extern const pr_endpoint_t  pr_github_endpoints[];
extern const pr_endpoint_t  pr_docker_endpoints[];

void pr_classify_npm(pr_cx_t *cx);
void pr_classify_pypi(pr_cx_t *cx);
void pr_classify_docker(pr_cx_t *cx);
void pr_classify_huggingface(pr_cx_t *cx);
void pr_classify_rubygems(pr_cx_t *cx);
void pr_classify_cargo(pr_cx_t *cx);
void pr_classify_github(pr_cx_t *cx);
void pr_classify_generic(pr_cx_t *cx);


#endif /* _PR_ECO_H_INCLUDED_ */
