/*
 * ngx_pkg_reroute: the pure core.
 *
 * Nothing in the core includes an nginx header: strings are pointer +
 * length, memory comes from a caller-supplied allocator or buffer, and
 * every function can be table-tested and fuzzed on its own.
 */

#ifndef _PR_CORE_H_INCLUDED_
#define _PR_CORE_H_INCLUDED_


#include <stddef.h>
#include <stdint.h>


typedef struct {
    const char  *data;
    size_t       len;
} pr_str_t;


typedef enum {
    PR_ECO_NONE = 0,
    PR_ECO_NPM,
    PR_ECO_PYPI,
    PR_ECO_DOCKER,
    PR_ECO_HUGGINGFACE,
    PR_ECO_RUBYGEMS,
    PR_ECO_CARGO,
    PR_ECO_GITHUB,
    PR_ECO_GENERIC,
    PR_ECO_MAX
} pr_eco_t;


typedef enum {
    PR_KIND_OTHER = 0,
    PR_KIND_METADATA,
    PR_KIND_ARTIFACT,
    PR_KIND_API,
    PR_KIND_WRITE
} pr_kind_t;


typedef enum {
    PR_METHOD_GET = 0,
    PR_METHOD_HEAD,
    PR_METHOD_POST,
    PR_METHOD_PUT,
    PR_METHOD_DELETE,
    PR_METHOD_PATCH,
    PR_METHOD_OTHER
} pr_method_t;


/* what pr_classify() found */
typedef enum {
    PR_CLASS_PACKAGE = 0,   /* names one or more packages: rules apply */
    PR_CLASS_NONAME,        /* names no package (/v2/, /config.json) */
    PR_CLASS_ROOT,          /* must never be rerouted (RubyGems' root) */
    PR_CLASS_INVALID,       /* looks like a package request, cannot parse */
    PR_CLASS_UNKNOWN        /* a shape, or a method, the catalogue lacks */
} pr_class_t;


/* methods as bits, for the endpoint catalogues */
#define PR_M_GET     (1u << PR_METHOD_GET)
#define PR_M_HEAD    (1u << PR_METHOD_HEAD)
#define PR_M_POST    (1u << PR_METHOD_POST)
#define PR_M_PUT     (1u << PR_METHOD_PUT)
#define PR_M_DELETE  (1u << PR_METHOD_DELETE)
#define PR_M_PATCH   (1u << PR_METHOD_PATCH)
#define PR_M_READ    (PR_M_GET|PR_M_HEAD)


#define PR_ENDPOINT_EXAMPLES  4

/*
 * One row of an ecosystem's endpoint catalogue: a shape the registry
 * serves. Each ecosystem's file holds its table; its classifier marks the
 * row it recognised (pr_endpoint()), and what no row names is unknown.
 * The text fields are what README shows; the examples are requests
 * ("METHOD /path?query", method GET when left out) that t/c/test_catalogue
 * classifies to prove the row.
 */
typedef struct {
    const char  *shape;      /* "/<name>/-/<name>-<version>.tgz" */
    unsigned     methods;    /* PR_M_* the registry serves there */
    int          kind;       /* pr_kind_t of a read there */
    unsigned     names;      /* 1: names a package: rules apply */
    const char  *reads;      /* where name, version and file are read */
    const char  *source;     /* the registry's own definition of it */
    const char  *examples[PR_ENDPOINT_EXAMPLES];
} pr_endpoint_t;


#define PR_MAX_NAMES       256     /* names in one request (RubyGems deps) */
#define PR_MAX_NAME_LEN    512     /* longest name (generic: any path) */
#define PR_MAX_PATH_LEN    8192    /* longest request path accepted */
#define PR_MAX_QUERY_LEN   8192    /* longest query string accepted */

/* flags for pr_classify() */
#define PR_PATH_DECODED    0x01    /* path is already percent-decoded */


typedef void *(*pr_alloc_pt)(void *ctx, size_t size);


typedef struct {
    pr_eco_t     eco;
    pr_kind_t    kind;
    pr_class_t   cls;

    pr_str_t     name;       /* canonical name of the first package */
    pr_str_t     version;    /* version, tag or reference, when carried */
    pr_str_t     file;       /* file name, when carried */
    pr_str_t     path;       /* canonical, percent-encoded path */
    pr_str_t     query;      /* canonical query string (no '?'), or raw */

    pr_str_t    *names;      /* every package named, in scratch */
    size_t       nnames;     /* >= 1 for PR_CLASS_PACKAGE */
    size_t       nalloc;

    const char  *error;      /* static reason: INVALID, UNKNOWN */
    const pr_endpoint_t  *endpoint;   /* the catalogue row, or NULL */

    /* scratch: every string above points into it or into the input */
    char        *buf;
    size_t       size;
    size_t       used;
} pr_req_t;


/*
 * bytes of scratch pr_classify() may need for a path/query of this size;
 * a path or query over its limit is denied before any scratch is used
 */
#define pr_scratch_size(plen, qlen)                                          \
    (((plen) > PR_MAX_PATH_LEN || (qlen) > PR_MAX_QUERY_LEN)                  \
     ? 1024 : 12 * (plen) + 16 * (qlen) + 1024)


/*
 * What a byte is, for the loops every request runs (pr_uri.c): flags; a
 * byte over 0x7f is none of them
 */
#define PR_BYTE_ALNUM  0x01     /* A-Z a-z 0-9 */
#define PR_BYTE_PCHAR  0x02     /* kept as is by pr_encode_segment() */
#define PR_BYTE_PLAIN  0x04     /* copied as is by pr_path_parse() */

#define pr_byte_is(c, flag)                                                 \
    (pr_byte_class[(unsigned char) (c)] & (flag))

extern const unsigned char  pr_byte_class[256];


const char *pr_eco_name(pr_eco_t eco);
pr_eco_t pr_eco_by_name(const char *name, size_t len);
const char *pr_kind_name(pr_kind_t kind);


#endif /* _PR_CORE_H_INCLUDED_ */
