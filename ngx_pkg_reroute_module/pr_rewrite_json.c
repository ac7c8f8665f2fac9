/*
 * ngx_pkg_reroute: the JSON rewriter (see pr_rewrite.h), single pass.
 *
 * A recursive descent over the text, at most PR_REWRITE_MAX_DEPTH levels
 * deep, that validates the document (RFC 8259) and writes it again as it
 * reads it: compact, strings with their escapes decoded and only '"',
 * '\\' and control characters escaped again (what cJSON printed before).
 * No tree is built. Each value is read with a role: the path the
 * rewriter reads (npm versions.<v>.dist.tarball...), or none: a value of
 * no role is validated by one loop (pr_jx_skip) and written as it came,
 * in one piece. Objects on
 * those paths find a key given twice: a name the rewriter looks up as it
 * comes (a bit each), any other by its hash (a set; in a large object
 * the hashes go to buckets, each a set at the object's end; keys of
 * equal hashes compared decoded); the sets are reused, level by level.
 *
 * Before the pass, when keep() is set, what decides the filtering (the
 * package name, the document's version, PyPI's info.version) is looked
 * up in the text. npm's dist-tags are read where they are, and written
 * again at the end (where "latest" may move to a release listed after
 * them) into their place.
 */

#include <stdlib.h>
#include <string.h>

#include "pr_jscan.h"
#include "pr_rewrite_int.h"
#include "pr_time.h"
#include "pr_vtime.h"


#define PR_JSON_SETS  6          /* levels whose objects are read */

/* scratch this large or larger comes from rw->alloc when rw->free is set
 * (nginx maps it: freed, it leaves the worker), else from malloc() */
#define PR_JSON_BIG   (1024 * 1024)

/* keys of one object kept in one set (a test build may set it low) */
#ifndef PR_JSON_SMALL
#define PR_JSON_SMALL  16384
#endif

#ifndef PR_JFEW
#define PR_JFEW       16         /* keys of an object kept in a row */
#endif
#define PR_JBUCKETS   1024       /* the top 10 bits of a hash */
#ifndef PR_JCHUNK_SIZE
#define PR_JCHUNK_SIZE  512      /* a chunk, aligned to its size */
#endif
#define PR_JCHUNK     ((PR_JCHUNK_SIZE - 2 * sizeof(void *)) / 4)
#define PR_JARENA     (2 * 1024 * 1024)  /* a block of chunks: a huge page */
#define PR_JMASK      (~(uint64_t) 0 << 22)
#define PR_JGEN       0xffffe    /* a slot's generation, bits 1-19 */


enum {
    PR_J_NONE = 0,               /* not read: validated and written */
    PR_J_TOP,
    PR_J_URL,                    /* an artifact URL */
    PR_J_NPM_VERSIONS,
    PR_J_NPM_VERSION,
    PR_J_NPM_DIST,
    PR_J_NPM_TIME,
    PR_J_NPM_TAGS,               /* read: keys checked, written later */
    PR_J_NPM_TAGS_OUT,           /* written, tags of dropped versions not */
    PR_J_PY_INFO,
    PR_J_PY_RELEASES,
    PR_J_PY_FILES,               /* an array of file objects */
    PR_J_PY_FILE,
    PR_J_PY_GONE,                /* "urls" of a version not kept */
    PR_J_691_FILES,
    PR_J_691_FILE,
    PR_J_691_DROPPED,            /* a file not kept: keys checked only */
    PR_J_691_VERSIONS
};


/*
 * A bucket's hashes (bits 22-53 of each), in chunks of PR_JCHUNK_SIZE
 * bytes aligned to their size, from blocks of PR_JARENA; the bucket's
 * tail is where its next hash goes, a chunk's end (or NULL) when a new
 * chunk is needed. A chunk holds the one before and the number of hashes
 * in those before it: a bucket's size is its last chunk's, none walked.
 */
typedef struct pr_jchunk_s  pr_jchunk_t;

struct pr_jchunk_s {
    pr_jchunk_t  *prev;
    size_t        before;
    uint32_t      r[PR_JCHUNK];
};

typedef char  pr_jchunk_fits[sizeof(pr_jchunk_t) == PR_JCHUNK_SIZE ? 1 : -1];


/* the start of a block of chunks: the block before, and how it came */
typedef struct {
    char          *prev;
    unsigned       big;
} pr_jblock_t;


/*
 * The keys of the object read at one level: the names the rewriter looks
 * up (pr_jnames) as bits, a key given twice found as it comes; any other
 * key by its hash: the first PR_JFEW in a row (sorted at the object's
 * end: most objects are small); then, up to PR_JSON_SMALL keys, an
 * open-addressing set h (linear probing, half full at most, in the
 * cache) whose slot holds the top 42 bits of a hash, the generation of
 * the object it belongs to (a slot of another is free: nothing is
 * cleared) and bit 0, set when the hash is met again and noted in d.
 * Past that (a random slot of a large set is a cache miss a key, which
 * cost more than the old sort) each hash is appended to one of
 * PR_JBUCKETS buckets by its top 10 bits, 32 more bits kept (4 bytes a
 * key); at the object's end each bucket is a small set in h, a
 * generation each. The keys whose hash's top 42 bits are in d are then
 * found again and compared decoded (two keys may share them).
 */
typedef struct {
    uint64_t      *h;
    size_t         n;
    size_t         size;          /* slots in h */
    uint32_t     **tail;          /* PR_JBUCKETS, malloc(), or NULL */
    uint64_t       few[PR_JFEW];
    uint64_t      *d;             /* malloc() */
    size_t         nd;
    size_t         dsize;
    size_t         start;         /* the object's first key, in[start] */
    uint32_t       seen;          /* pr_jnames seen */
    uint32_t       gen;           /* the slots of h in use, 1-524287 */
    char          *arena;         /* the chunks' block, PR_JARENA */
    char          *next;          /* its next chunk */
    char          *end;
    unsigned       big:1;         /* h from rw->alloc */
    unsigned       arena_big:1;   /* the block from rw->alloc */
    unsigned       tabled:1;      /* the hashes in h */
    unsigned       many:1;        /* the hashes in buckets */
} pr_jset_t;


typedef struct {
    uint64_t   hash;
    size_t     off;              /* the key as written starts at in[off] */
} pr_jkey_t;


typedef struct {
    char       *data;            /* malloc(), or rw->alloc if big */
    size_t      len;
    size_t      size;
    unsigned    big:1;
} pr_jbuf_t;


typedef struct {
    const pr_rewrite_t  *rw;
    const char          *in;
    size_t               len;
    size_t               pos;
    const char          *err;

    char                *out;        /* from rw->alloc */
    size_t               olen;
    size_t               osize;
    size_t               flushed;    /* rw->flush: bytes it had */

    unsigned             doc;
    unsigned             silent;     /* > 0: nothing is written */
    unsigned             keep:1;     /* keep() is asked */
    unsigned             gone:1;     /* the document's version not kept */
    unsigned             dropped:1;  /* PyPI: info.version not kept */
    unsigned             nul:1;      /* the last string had a \u0000 */
    unsigned             escaped:1;  /* the last string had escapes */
    unsigned             found:1;    /* PEP 691 "files", cargo "dl" */
    unsigned             tags:1;     /* npm dist-tags written later */
    unsigned             flush:1;    /* the output goes to rw->flush */

    size_t               changed;
    uint64_t             seed;
    pr_str_t             name;
    pr_str_t             best;       /* where "latest" moves */
    const char          *need;       /* what the pre-scan did not find */

    size_t               tags_in;    /* where npm's dist-tags are */
    size_t               tags_out;   /* where they are written */

    pr_str_t             key;        /* the last key, decoded, cut at NUL: */
    pr_jbuf_t            kbuf;       /* in the input, or here if escaped */
    pr_jbuf_t            key2;       /* another key, to compare */
    pr_jbuf_t            str;        /* the last string value, decoded */
    pr_jbuf_t            namebuf;
    pr_jbuf_t            verbuf;

    pr_jbuf_t            rel;        /* npm: kept releases, decoded, */
    size_t              *relpos;     /* end to end; where each ends */
    size_t               nrel;
    size_t               relsize;

    pr_jset_t            sets[PR_JSON_SETS];

    pr_vtime_t           vt;         /* npm "time", PEP 691's files */
    int64_t              info_time;  /* PyPI: info.version's files */
} pr_jx_t;


static int pr_jbuf_add(pr_jx_t *jx, pr_jbuf_t *b, const char *p, size_t n);
static void *pr_jx_scratch(pr_jx_t *jx, size_t size, unsigned *big);
static void pr_jx_unscratch(pr_jx_t *jx, void *p, unsigned big);
static int pr_jx_grow(pr_jx_t *jx, size_t n);
static int pr_jx_flush(pr_jx_t *jx, const char *p, size_t n);
static inline int pr_jx_write(pr_jx_t *jx, const char *p, size_t n);
static int pr_jx_escape(pr_jx_t *jx, const char *p, size_t n);
static void pr_jx_ws(pr_jx_t *jx);
static int pr_jx_hex(const char *p);
static int pr_jx_string(pr_jx_t *jx, pr_jbuf_t *dec, int emit);
static int pr_jx_number(pr_jx_t *jx);
static int pr_jx_literal(pr_jx_t *jx);
static size_t pr_jx_skip_string(pr_jx_t *jx, size_t i);
static int pr_jx_skip(pr_jx_t *jx, unsigned depth);
static int pr_jx_value(pr_jx_t *jx, unsigned role, unsigned depth);
static int pr_jx_object(pr_jx_t *jx, unsigned role, unsigned depth);
static int pr_jx_array(pr_jx_t *jx, unsigned role, unsigned depth);
static int pr_jx_member(pr_jx_t *jx, unsigned role, int dup, unsigned *child,
    int *drop, const pr_str_t **repl);
static int pr_jx_element(pr_jx_t *jx, unsigned role, unsigned *child,
    int *drop);
static int pr_jx_url(pr_jx_t *jx);
static int pr_jx_dup(pr_jx_t *jx, unsigned depth);
static int pr_jx_set_add(pr_jx_t *jx, pr_jset_t *set, uint64_t h);
static int pr_jx_set_size(pr_jx_t *jx, pr_jset_t *set, size_t size);
static inline int pr_jx_bucket_add(pr_jx_t *jx, pr_jset_t *set,
    uint64_t h);
static int pr_jx_twice(pr_jx_t *jx, pr_jset_t *set, uint64_t h);
static int pr_jx_dups(pr_jx_t *jx, unsigned depth);
static int pr_jx_buckets(pr_jx_t *jx, pr_jset_t *set);
static void pr_jx_set_clear(pr_jx_t *jx, pr_jset_t *set);
static void pr_jx_set_gen(pr_jset_t *set);
static int pr_jx_u64_cmp(const void *a, const void *b);
static int pr_jx_dups_check(pr_jx_t *jx, unsigned depth, uint64_t *d,
    size_t nd);
static uint64_t pr_jx_hash(pr_jx_t *jx, const char *p, size_t n);
static int pr_jx_name(const char *p, size_t n);
static size_t pr_jx_key_end(const char *in, size_t len, size_t i);
static int pr_jx_key(pr_jx_t *jx);
static uint32_t *pr_jx_chunk(pr_jx_t *jx, pr_jset_t *set, uint32_t *p);
static int pr_jx_keep(pr_jx_t *jx, const char *v, size_t len);
static int pr_jx_keep_at(pr_jx_t *jx, const char *v, size_t len,
    int64_t published);
static int pr_jx_release(pr_jx_t *jx);
static const pr_str_t *pr_jx_latest(pr_jx_t *jx, pr_str_t *best);
static int pr_jx_invalid(pr_jx_t *jx, const char *err);
static size_t pr_jscan_skip(pr_jx_t *jx, size_t i);
static int pr_jscan_get_n(pr_jx_t *jx, size_t obj, pr_str_t key,
    size_t *val);
static int pr_jscan_get(pr_jx_t *jx, size_t obj, const char *key,
    size_t *val);
static int pr_jscan_str(pr_jx_t *jx, size_t i, pr_jbuf_t *dst);
static int pr_jx_prescan(pr_jx_t *jx);
static size_t pr_jscan_ws(pr_jx_t *jx, size_t i);
static size_t pr_jscan_next(pr_jx_t *jx, size_t i);
static int64_t pr_jscan_time(pr_jx_t *jx, size_t obj, const char *key);
static int64_t pr_jx_file_time(pr_jx_t *jx, size_t obj);
static int64_t pr_jx_files_time(pr_jx_t *jx, size_t arr, int64_t t);
static int64_t pr_jx_release_time(pr_jx_t *jx);
static int pr_jx_npm_times(pr_jx_t *jx, size_t obj);
static int pr_jx_691_times(pr_jx_t *jx, size_t arr);
static int pr_jx_tags(pr_jx_t *jx);


#define pr_jx_is(jx, lit)                                                     \
    ((jx)->key.len == sizeof(lit) - 1                                         \
     && memcmp((jx)->key.data, lit, sizeof(lit) - 1) == 0)

#define pr_jws(c)  ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')


/* bytes a string can hold as they are: not '"', '\\', controls */
static const unsigned char  pr_jplain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};


static int
pr_jx_invalid(pr_jx_t *jx, const char *err)
{
    jx->err = err;
    return PR_REWRITE_INVALID;
}


static int
pr_jbuf_add(pr_jx_t *jx, pr_jbuf_t *b, const char *p, size_t n)
{
    char      *np;
    size_t     size;
    unsigned   big;

    if (n == 0) {
        return PR_REWRITE_OK;
    }

    if (b->size - b->len < n) {
        size = b->size ? 2 * b->size : 256;

        while (size - b->len < n) {
            size *= 2;
        }

        if (size >= PR_JSON_BIG && jx->rw->free != NULL) {
            /*
             * a string being decoded is no longer than the rest of the
             * input: one block, touched as it fills, instead of copies
             */
            if (size < jx->len - jx->pos) {
                size = jx->len - jx->pos;
            }

            np = pr_jx_scratch(jx, size, &big);
            if (np == NULL) {
                return PR_REWRITE_NOMEM;
            }

            if (b->len > 0) {
                memcpy(np, b->data, b->len);
            }

            pr_jx_unscratch(jx, b->data, b->big);
            b->big = big;

        } else {
            np = realloc(b->data, size);
            if (np == NULL) {
                jx->err = "out of memory";
                return PR_REWRITE_NOMEM;
            }
        }

        b->data = np;
        b->size = size;
    }

    memcpy(b->data + b->len, p, n);
    b->len += n;

    return PR_REWRITE_OK;
}


/* scratch of size bytes: *big is 1 if from rw->alloc */
static void *
pr_jx_scratch(pr_jx_t *jx, size_t size, unsigned *big)
{
    void  *p;

    *big = (size >= PR_JSON_BIG && jx->rw->free != NULL);

    p = *big ? jx->rw->alloc(jx->rw->ctx, size) : malloc(size);

    if (p == NULL) {
        jx->err = "out of memory";
    }

    return p;
}


static void
pr_jx_unscratch(pr_jx_t *jx, void *p, unsigned big)
{
    if (p == NULL) {
        return;
    }

    if (big) {
        jx->rw->free(jx->rw->ctx, p);

    } else {
        free(p);
    }
}


/* the output holds n more bytes: a new block twice as large, rarely */
static int
pr_jx_grow(pr_jx_t *jx, size_t n)
{
    char    *p;
    size_t   size;

    size = 2 * jx->osize;

    if (size - jx->olen < n) {
        size = jx->olen + n;
    }

    p = jx->rw->alloc(jx->rw->ctx, size);
    if (p == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    memcpy(p, jx->out, jx->olen);

    if (jx->rw->free != NULL) {
        jx->rw->free(jx->rw->ctx, jx->out);
    }

    jx->out = p;
    jx->osize = size;

    return PR_REWRITE_OK;
}


/*
 * rw->flush: what is held goes, then p when it would not fit either;
 * else p is held
 */
static int
pr_jx_flush(pr_jx_t *jx, const char *p, size_t n)
{
    const pr_rewrite_t  *rw;

    rw = jx->rw;

    if (jx->olen > 0) {
        if (rw->flush(rw->flush_data, jx->out, jx->olen) != 0) {
            goto failed;
        }

        jx->flushed += jx->olen;
        jx->olen = 0;
    }

    if (n == 0) {
        return PR_REWRITE_OK;
    }

    if (n > jx->osize) {
        if (rw->flush(rw->flush_data, p, n) != 0) {
            goto failed;
        }

        jx->flushed += n;
        return PR_REWRITE_OK;
    }

    memcpy(jx->out, p, n);
    jx->olen = n;

    return PR_REWRITE_OK;

failed:

    jx->err = "the output cannot be written";
    return PR_REWRITE_NOMEM;
}


static inline int
pr_jx_write(pr_jx_t *jx, const char *p, size_t n)
{
    if (jx->silent || n == 0) {
        return PR_REWRITE_OK;
    }

    if (jx->osize - jx->olen < n) {
        if (jx->flush) {
            return pr_jx_flush(jx, p, n);
        }

        if (pr_jx_grow(jx, n) != PR_REWRITE_OK) {
            return PR_REWRITE_NOMEM;
        }
    }

    memcpy(jx->out + jx->olen, p, n);
    jx->olen += n;

    return PR_REWRITE_OK;
}


/* a decoded string, escaped as cJSON prints it, quotes included */
static int
pr_jx_escape(pr_jx_t *jx, const char *p, size_t n)
{
    char           esc[8];
    size_t         i, s;
    unsigned char  c;

    static const char  hex[] = "0123456789abcdef";

    if (n == 0) {
        return pr_jx_write(jx, "\"\"", 2);
    }

    if (pr_jx_write(jx, "\"", 1) != PR_REWRITE_OK) {
        return PR_REWRITE_NOMEM;
    }

    for (s = 0, i = 0; i < n; i++) {
        c = (unsigned char) p[i];

        if (pr_jplain[c]) {
            continue;
        }

        if (pr_jx_write(jx, p + s, i - s) != PR_REWRITE_OK) {
            return PR_REWRITE_NOMEM;
        }

        s = i + 1;
        esc[0] = '\\';
        esc[2] = '\0';

        switch (c) {
        case '"':  esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xf];

            if (pr_jx_write(jx, esc, 6) != PR_REWRITE_OK) {
                return PR_REWRITE_NOMEM;
            }

            continue;
        }

        if (pr_jx_write(jx, esc, 2) != PR_REWRITE_OK) {
            return PR_REWRITE_NOMEM;
        }
    }

    if (pr_jx_write(jx, p + s, n - s) != PR_REWRITE_OK) {
        return PR_REWRITE_NOMEM;
    }

    return pr_jx_write(jx, "\"", 1);
}


static void
pr_jx_ws(pr_jx_t *jx)
{
    while (jx->pos < jx->len && pr_jws(jx->in[jx->pos])) {
        jx->pos++;
    }
}


static int
pr_jx_hex(const char *p)
{
    int     v, i, c;

    v = 0;

    for (i = 0; i < 4; i++) {
        c = (unsigned char) p[i];
        c = pr_isdigit(c) ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;

        if (c < 0) {
            return -1;
        }

        v = v << 4 | c;
    }

    return v;
}


/*
 * The string at jx->pos: validated; decoded into dec (when not NULL,
 * whole, with any NUL); written (emit) as cJSON printed it: escaped
 * again, or as written when it has a \u0000. jx->nul, jx->escaped.
 */
static int
pr_jx_string(pr_jx_t *jx, pr_jbuf_t *dec, int emit)
{
    int            rc;
    char           u[4];
    size_t         i, s, start, n;
    unsigned       cp, lo;
    const char    *in;
    unsigned char  c;

    in = jx->in;
    start = jx->pos;
    i = start + 1;
    s = i;

    jx->nul = 0;
    jx->escaped = 0;

    if (dec != NULL) {
        dec->len = 0;
    }

    for ( ;; ) {
        while (i < jx->len && pr_jplain[(unsigned char) in[i]]) {
            i++;
        }

        if (i == jx->len) {
            return pr_jx_invalid(jx, "not JSON");
        }

        c = (unsigned char) in[i];

        if (c == '"') {
            break;
        }

        if (c != '\\') {
            /* a control character */
            return pr_jx_invalid(jx, "not JSON");
        }

        if (dec != NULL) {
            rc = pr_jbuf_add(jx, dec, in + s, i - s);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }

        jx->escaped = 1;

        if (i + 1 == jx->len) {
            return pr_jx_invalid(jx, "not JSON");
        }

        c = (unsigned char) in[i + 1];
        n = 1;

        switch (c) {
        case '"': case '\\': case '/': u[0] = c; break;
        case 'b': u[0] = '\b'; break;
        case 'f': u[0] = '\f'; break;
        case 'n': u[0] = '\n'; break;
        case 'r': u[0] = '\r'; break;
        case 't': u[0] = '\t'; break;

        case 'u':
            if (jx->len - i < 6
                || (int) (cp = pr_jx_hex(in + i + 2)) < 0)
            {
                return pr_jx_invalid(jx, "not JSON");
            }

            if (cp >= 0xdc00 && cp <= 0xdfff) {
                return pr_jx_invalid(jx, "a lone UTF-16 surrogate");
            }

            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (jx->len - i < 12 || in[i + 6] != '\\' || in[i + 7] != 'u'
                    || (int) (lo = pr_jx_hex(in + i + 8)) < 0
                    || lo < 0xdc00 || lo > 0xdfff)
                {
                    return pr_jx_invalid(jx, "a lone UTF-16 surrogate");
                }

                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                i += 6;
            }

            if (cp == 0) {
                jx->nul = 1;
            }

            if (cp < 0x80) {
                u[0] = (char) cp;

            } else if (cp < 0x800) {
                u[0] = (char) (0xc0 | (cp >> 6));
                u[1] = (char) (0x80 | (cp & 0x3f));
                n = 2;

            } else if (cp < 0x10000) {
                u[0] = (char) (0xe0 | (cp >> 12));
                u[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
                u[2] = (char) (0x80 | (cp & 0x3f));
                n = 3;

            } else {
                u[0] = (char) (0xf0 | (cp >> 18));
                u[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
                u[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
                u[3] = (char) (0x80 | (cp & 0x3f));
                n = 4;
            }

            i += 4;
            break;

        default:
            return pr_jx_invalid(jx, "not JSON");
        }

        i += 2;
        s = i;

        if (dec != NULL) {
            rc = pr_jbuf_add(jx, dec, u, n);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    if (dec != NULL) {
        rc = pr_jbuf_add(jx, dec, in + s, i - s);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    jx->pos = i + 1;

    if (!emit || jx->silent) {
        return PR_REWRITE_OK;
    }

    if (!jx->escaped || jx->nul) {
        return pr_jx_write(jx, in + start, jx->pos - start);
    }

    if (dec == NULL) {
        /* decode it again, into the scratch string */
        jx->pos = start;
        return pr_jx_string(jx, &jx->str, emit);
    }

    return pr_jx_escape(jx, dec->data, dec->len);
}


/* RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
pr_jx_number(pr_jx_t *jx)
{
    size_t       i, d;
    const char  *in;

    in = jx->in;
    i = jx->pos;

    if (in[i] == '-') {
        i++;
    }

    if (i < jx->len && in[i] == '0') {
        i++;

    } else {
        for (d = i; i < jx->len && pr_isdigit(in[i]); i++) { /* void */ }

        if (i == d) {
            return pr_jx_invalid(jx, "not JSON");
        }
    }

    if (i < jx->len && in[i] == '.') {
        for (d = ++i; i < jx->len && pr_isdigit(in[i]); i++) { /* void */ }

        if (i == d) {
            return pr_jx_invalid(jx, "not JSON");
        }
    }

    if (i < jx->len && (in[i] == 'e' || in[i] == 'E')) {
        i++;

        if (i < jx->len && (in[i] == '+' || in[i] == '-')) {
            i++;
        }

        for (d = i; i < jx->len && pr_isdigit(in[i]); i++) { /* void */ }

        if (i == d) {
            return pr_jx_invalid(jx, "not JSON");
        }
    }

    d = jx->pos;
    jx->pos = i;

    return pr_jx_write(jx, in + d, i - d);
}


static int
pr_jx_literal(pr_jx_t *jx)
{
    size_t       n;
    const char  *p, *lit;

    p = jx->in + jx->pos;

    switch (*p) {
    case 't': lit = "true"; n = 4; break;
    case 'f': lit = "false"; n = 5; break;
    default:  lit = "null"; n = 4; break;
    }

    if (jx->len - jx->pos < n || memcmp(p, lit, n) != 0) {
        return pr_jx_invalid(jx, "not JSON");
    }

    jx->pos += n;

    return pr_jx_write(jx, lit, n);
}


/* the byte after a '\\' in a JSON string, but 'u' */
static const unsigned char  pr_jesc[256] = {
    ['"'] = 1, ['\\'] = 1, ['/'] = 1, ['b'] = 1, ['f'] = 1, ['n'] = 1,
    ['r'] = 1, ['t'] = 1
};


/*
 * The string starting at in[i] ('"'), validated as pr_jx_string() does:
 * the index past its closing quote, or 0 and jx->err.
 */
static size_t
pr_jx_skip_string(pr_jx_t *jx, size_t i)
{
    size_t                len;
    unsigned              cp, lo;
    const unsigned char  *in;

    in = (const unsigned char *) jx->in;
    len = jx->len;
    i++;

    for ( ;; ) {
        while (len - i >= 4) {
            if (!pr_jplain[in[i]]) {
                goto special;
            }

            if (!pr_jplain[in[i + 1]]) {
                i += 1;
                goto special;
            }

            if (!pr_jplain[in[i + 2]]) {
                i += 2;
                goto special;
            }

            if (!pr_jplain[in[i + 3]]) {
                i += 3;
                goto special;
            }

            i += 4;
        }

        while (i < len && pr_jplain[in[i]]) {
            i++;
        }

        if (i == len) {
            goto invalid;
        }

    special:

        if (in[i] == '"') {
            return i + 1;
        }

        if (in[i] != '\\' || i + 1 == len) {
            /* a control character, or the end */
            goto invalid;
        }

        if (pr_jesc[in[i + 1]]) {
            i += 2;
            continue;
        }

        if (in[i + 1] != 'u' || len - i < 6
            || (int) (cp = pr_jx_hex((const char *) in + i + 2)) < 0)
        {
            goto invalid;
        }

        if (cp >= 0xdc00 && cp <= 0xdfff) {
            goto lone;
        }

        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (len - i < 12 || in[i + 6] != '\\' || in[i + 7] != 'u'
                || (int) (lo = pr_jx_hex((const char *) in + i + 8)) < 0
                || lo < 0xdc00 || lo > 0xdfff)
            {
                goto lone;
            }

            i += 6;
        }

        i += 6;
    }

lone:

    jx->err = "a lone UTF-16 surrogate";
    return 0;

invalid:

    jx->err = "not JSON";
    return 0;
}


/*
 * A value the rewriter does not read, at jx->pos, at depth: validated
 * in one loop (RFC 8259, as the reading functions do, nested no deeper
 * than PR_REWRITE_MAX_DEPTH) and written as it is, in one piece.
 */
static int
pr_jx_skip(pr_jx_t *jx, unsigned depth)
{
    size_t                i, d, len, start;
    uint64_t              objs;
    unsigned              n, max;
    const char           *lit;
    const unsigned char  *in;
    unsigned char         c;

    in = (const unsigned char *) jx->in;
    len = jx->len;
    start = jx->pos;
    i = start;

    n = 0;                      /* containers open */
    objs = 0;                   /* bit n - 1: the innermost is an object */
    max = PR_REWRITE_MAX_DEPTH - depth;

value:

    if (i == len) {
        goto invalid;
    }

    c = in[i];

    if (c >= '1' && c <= '9') {
        /* the most common number first: digits only */
        do {
            i++;
        } while (i < len && pr_isdigit(in[i]));

        if (i == len || (in[i] != '.' && in[i] != 'e' && in[i] != 'E')) {
            goto after;
        }

        goto fraction;
    }

    switch (c) {

    case '"':
        i = pr_jx_skip_string(jx, i);
        if (i == 0) {
            return PR_REWRITE_INVALID;
        }

        goto after;

    case '{':
    case '[':
        if (n >= max) {
            return pr_jx_invalid(jx, "JSON nested too deeply");
        }

        if (c == '{') {
            objs |= (uint64_t) 1 << n;

        } else {
            objs &= ~((uint64_t) 1 << n);
        }

        n++;
        i++;

        while (i < len && pr_jws(in[i])) {
            i++;
        }

        if (i < len && in[i] == c + 2) {
            /* "{}" or "[]": '}' and ']' are 2 past '{' and '[' */
            i++;
            n--;
            goto after;
        }

        if (c == '{') {
            goto key;
        }

        goto value;

    case 't':
    case 'f':
    case 'n':
        lit = (c == 't') ? "true" : (c == 'f') ? "false" : "null";
        d = (c == 'f') ? 5 : 4;

        if (len - i < d || memcmp(in + i, lit, d) != 0) {
            goto invalid;
        }

        i += d;
        goto after;

    default:
        break;
    }

    /* a number, as pr_jx_number() reads it */

    if (c == '-') {
        i++;
    }

    if (i < len && in[i] == '0') {
        i++;

    } else {
        for (d = i; i < len && pr_isdigit(in[i]); i++) { /* void */ }

        if (i == d) {
            goto invalid;
        }
    }

fraction:

    if (i < len && in[i] == '.') {
        for (d = ++i; i < len && pr_isdigit(in[i]); i++) { /* void */ }

        if (i == d) {
            goto invalid;
        }
    }

    if (i < len && (in[i] == 'e' || in[i] == 'E')) {
        i++;

        if (i < len && (in[i] == '+' || in[i] == '-')) {
            i++;
        }

        for (d = i; i < len && pr_isdigit(in[i]); i++) { /* void */ }

        if (i == d) {
            goto invalid;
        }
    }

after:

    if (n == 0) {
        jx->pos = i;
        return pr_jx_write(jx, jx->in + start, i - start);
    }

    while (i < len && pr_jws(in[i])) {
        i++;
    }

    if (i == len) {
        goto invalid;
    }

    c = in[i++];

    if (c == ',') {
        while (i < len && pr_jws(in[i])) {
            i++;
        }

        if (objs >> (n - 1) & 1) {
            goto key;
        }

        goto value;
    }

    if (c != ((objs >> (n - 1) & 1) ? '}' : ']')) {
        goto invalid;
    }

    n--;
    goto after;

key:

    if (i == len || in[i] != '"') {
        goto invalid;
    }

    i = pr_jx_skip_string(jx, i);
    if (i == 0) {
        return PR_REWRITE_INVALID;
    }

    while (i < len && pr_jws(in[i])) {
        i++;
    }

    if (i == len || in[i] != ':') {
        goto invalid;
    }

    i++;

    while (i < len && pr_jws(in[i])) {
        i++;
    }

    goto value;

invalid:

    return pr_jx_invalid(jx, "not JSON");
}


static int
pr_jx_value(pr_jx_t *jx, unsigned role, unsigned depth)
{
    char  c;

    pr_jx_ws(jx);

    if (jx->pos == jx->len) {
        return pr_jx_invalid(jx, "not JSON");
    }

    c = jx->in[jx->pos];

    if (role == PR_J_URL) {
        return pr_jx_url(jx);
    }

    if (role == PR_J_NONE) {
        return pr_jx_skip(jx, depth);
    }

    switch (c) {

    case '{':
        if (depth >= PR_REWRITE_MAX_DEPTH) {
            return pr_jx_invalid(jx, "JSON nested too deeply");
        }

        return pr_jx_object(jx, role, depth + 1);

    case '[':
        if (depth >= PR_REWRITE_MAX_DEPTH) {
            return pr_jx_invalid(jx, "JSON nested too deeply");
        }

        return pr_jx_array(jx, role, depth + 1);

    case '"':
        return pr_jx_string(jx, NULL, 1);

    case 't':
    case 'f':
    case 'n':
        return pr_jx_literal(jx);

    default:
        if (c == '-' || pr_isdigit(c)) {
            return pr_jx_number(jx);
        }

        return pr_jx_invalid(jx, "not JSON");
    }
}


/* the names pr_jx_member() looks up, where a second one is not read */
static const pr_str_t  pr_jnames[] = {
    { "versions", 8 }, { "time", 4 }, { "dist-tags", 9 }, { "dist", 4 },
    { "version", 7 }, { "info", 4 }, { "releases", 8 }, { "urls", 4 },
    { "files", 5 }, { "dl", 2 }, { "api", 3 }, { "tarball", 7 },
    { "url", 3 }, { NULL, 0 }
};


/* the bit of pr_jnames the key p, n is, or -1 */
static int
pr_jx_name(const char *p, size_t n)
{
    int  i;

    if (n < 2 || n > 9 || p[0] < 'a' || p[0] > 'v') {
        return -1;
    }

    for (i = 0; pr_jnames[i].data; i++) {
        if (pr_jnames[i].len == n
            && pr_jnames[i].data[0] == p[0]
            && memcmp(pr_jnames[i].data, p, n) == 0)
        {
            return i;
        }
    }

    return -1;
}


/*
 * A key's hash, decoded (a key and its escaped twin hash equal): a word
 * at a time, the last word read overlapping the one before (the length
 * is mixed in first), each word through a multiply seeded by the state,
 * so that which keys meet depends on the seed; murmur3's finalizer last,
 * so that the high bits sort. A key without escapes is hashed where it
 * is in the input (its bytes are its decoded bytes).
 */
static uint64_t
pr_jx_hash(pr_jx_t *jx, const char *data, size_t len)
{
    size_t                n;
    uint32_t              a, b;
    uint64_t              h, w;
    const unsigned char  *p;

    p = (const unsigned char *) data;
    n = len;
    h = jx->seed ^ (n * 0x9e3779b97f4a7c15ULL);

    if (n >= 8) {
        while (n > 8) {
            memcpy(&w, p, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdULL;
            h ^= h >> 32;
            p += 8;
            n -= 8;
        }

        memcpy(&w, p + n - 8, 8);

    } else if (n >= 4) {
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        w = (uint64_t) a << 32 | b;

    } else {
        w = 0;

        while (n) {
            w = w << 8 | p[--n];
        }
    }

    h = (h ^ w) * 0xff51afd7ed558ccdULL;

    /* murmur3's finalizer: the high bits sort */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;

#ifdef PR_JHASH_TEST
    /* a test build: most keys meet, compared decoded (t/c, fuzz) */
    h &= PR_JHASH_TEST;
#endif

    return h;
}


#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/*
 * The first byte of in[i, len) that a string cannot hold as it is ('"',
 * '\\', a control), or len: 16 bytes at a time with SSE2, then 8 where
 * the byte order allows (a byte below 0x20 takes a borrow from 0x20, a
 * '"' or '\\' is a zero byte once xored with it and takes one from 1; a
 * borrow carried further only marks bytes after the first), then byte by
 * byte.
 */
static size_t
pr_jx_key_end(const char *in, size_t len, size_t i)
{
#if defined(__SSE2__) && defined(__GNUC__)
    __m128i   x;
    unsigned  mm;
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ \
    && defined(__GNUC__)
    uint64_t  w, q, s, m;

    static const uint64_t  ones = 0x0101010101010101ULL;
    static const uint64_t  highs = 0x8080808080808080ULL;
#endif

#if defined(__SSE2__) && defined(__GNUC__)
    while (len - i >= 16) {
        x = _mm_loadu_si128((const __m128i *) (const void *) (in + i));
        mm = (unsigned) _mm_movemask_epi8(
                 _mm_or_si128(_mm_or_si128(
                     _mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                     _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1f)),
                                    _mm_set1_epi8(0x1f))));

        if (mm) {
            return i + (size_t) __builtin_ctz(mm);
        }

        i += 16;
    }
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ \
    && defined(__GNUC__)
    while (len - i >= 8) {
        memcpy(&w, in + i, 8);

        q = w ^ (ones * '"');
        s = w ^ (ones * '\\');
        m = ((q - ones) & ~q) | ((s - ones) & ~s) | ((w - ones * 0x20) & ~w);
        m &= highs;

        if (m) {
            return i + ((size_t) __builtin_ctzll(m) >> 3);
        }

        i += 8;
    }
#endif

    while (i < len && pr_jplain[(unsigned char) in[i]]) {
        i++;
    }

    return i;
}


/*
 * The key at jx->pos ('"') of an object read: validated, in jx->key,
 * decoded and cut at a NUL as cJSON did; where it is in the input when
 * it has no escape (most keys: not copied), else decoded into jx->kbuf.
 * jx->escaped, jx->nul.
 */
static int
pr_jx_key(pr_jx_t *jx)
{
    int     rc;
    size_t  i;

    i = pr_jx_key_end(jx->in, jx->len, jx->pos + 1);

    if (i < jx->len && jx->in[i] == '"') {
        jx->key.data = jx->in + jx->pos + 1;
        jx->key.len = i - jx->pos - 1;
        jx->pos = i + 1;
        jx->escaped = 0;
        jx->nul = 0;

        return PR_REWRITE_OK;
    }

    rc = pr_jx_string(jx, &jx->kbuf, 0);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    jx->key.data = jx->kbuf.data;
    jx->key.len = jx->kbuf.len;

    if (jx->nul) {
        jx->key.len = strnlen(jx->key.data, jx->key.len);
    }

    return PR_REWRITE_OK;
}


/*
 * A key of an object that is read (depth: its level), decoded and cut at
 * a NUL in jx->key: 1 if it is a name the rewriter looks up, seen before
 * in this object; 0 else (any other key given twice is found at the
 * object's end, pr_jx_dups()).
 */
static int
pr_jx_dup(pr_jx_t *jx, unsigned depth)
{
    int         bit, rc;
    size_t      i;
    uint64_t    h, v;
    pr_jset_t  *set;

    if (depth >= PR_JSON_SETS) {
        return 0;
    }

    set = &jx->sets[depth];

    bit = pr_jx_name(jx->key.data, jx->key.len);

    if (bit >= 0) {
        if (set->seen & (1u << bit)) {
            return 1;
        }

        set->seen |= 1u << bit;
        return 0;
    }

    h = pr_jx_hash(jx, jx->key.data, jx->key.len);

    if (set->many) {
        return pr_jx_bucket_add(jx, set, h);
    }

    if (!set->tabled) {
        if (set->n < PR_JFEW) {
            set->few[set->n++] = h;
            return 0;
        }

        /* one more: the few to the set */

        if (set->gen == 0) {
            set->gen = 1;
        }

        if (set->size < 64
            && pr_jx_set_size(jx, set, 64) != PR_REWRITE_OK)
        {
            return PR_REWRITE_NOMEM;
        }

        set->tabled = 1;
        set->n = 0;

        for (i = 0; i < PR_JFEW; i++) {
            rc = pr_jx_set_add(jx, set, set->few[i]);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    if (set->n + 1 <= set->size / 2 && set->n < PR_JSON_SMALL) {
        return pr_jx_set_add(jx, set, h);
    }

    if (set->n < PR_JSON_SMALL) {
        if (pr_jx_set_size(jx, set, set->size ? 2 * set->size : 64)
            != PR_REWRITE_OK)
        {
            return PR_REWRITE_NOMEM;
        }

        return pr_jx_set_add(jx, set, h);
    }

    /* a large object: its hashes so far to the buckets */

    set->tail = calloc(PR_JBUCKETS, sizeof(uint32_t *));
    if (set->tail == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    set->many = 1;
    set->n = 0;

    for (i = 0; i < set->size; i++) {
        v = set->h[i];

        if ((v & PR_JGEN) == set->gen << 1) {
            /* one met twice is in d already, and will be again */
            rc = pr_jx_bucket_add(jx, set, v & PR_JMASK);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    return pr_jx_bucket_add(jx, set, h);
}


/* h in the set of a level; met before: noted in d (once) */
static int
pr_jx_set_add(pr_jx_t *jx, pr_jset_t *set, uint64_t h)
{
    size_t    i;
    uint64_t  v, s;

    v = (h & PR_JMASK) | set->gen << 1;

    /* the slot of h: bits 22-53 scaled to the size (< 2^32) */
    i = (size_t) ((((h >> 22) & 0xffffffff) * (uint64_t) set->size) >> 32);

    for ( ;; ) {
        s = set->h[i];

        if ((s & PR_JGEN) != set->gen << 1) {
            set->h[i] = v;
            set->n++;
            return PR_REWRITE_OK;
        }

        if ((s & ~(uint64_t) 1) == v) {
            if (s & 1) {
                return PR_REWRITE_OK;
            }

            set->h[i] |= 1;

            return pr_jx_twice(jx, set, h);
        }

        if (++i == set->size) {
            i = 0;
        }
    }
}


/* the set of a level with size slots, its hashes moved */
static int
pr_jx_set_size(pr_jx_t *jx, pr_jset_t *set, size_t size)
{
    size_t     i, j;
    unsigned   big;
    uint64_t   h, *nh;

    if (size > 0xffffffff) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    nh = pr_jx_scratch(jx, size * sizeof(uint64_t), &big);
    if (nh == NULL) {
        return PR_REWRITE_NOMEM;
    }

    memset(nh, 0, size * sizeof(uint64_t));

    for (i = 0; set->n && i < set->size; i++) {
        h = set->h[i];

        if ((h & PR_JGEN) != set->gen << 1) {
            continue;
        }

        j = (size_t) ((((h >> 22) & 0xffffffff) * (uint64_t) size) >> 32);

        while (nh[j]) {
            if (++j == size) {
                j = 0;
            }
        }

        nh[j] = h;
    }

    pr_jx_unscratch(jx, set->h, set->big);
    set->h = nh;
    set->size = size;
    set->big = big;

    return PR_REWRITE_OK;
}


/* h to its bucket: bits 22-53 where its tail is */
static inline int
pr_jx_bucket_add(pr_jx_t *jx, pr_jset_t *set, uint64_t h)
{
    uint32_t  *p, **t;

    t = &set->tail[h >> 54];
    p = *t;

    if (((uintptr_t) p & (PR_JCHUNK_SIZE - 1)) == 0) {
        /* NULL, or the end of a full chunk */
        p = pr_jx_chunk(jx, set, p);
        if (p == NULL) {
            return PR_REWRITE_NOMEM;
        }
    }

#if defined(__GNUC__)
    /* the line after this one, asked for long before it is written */
    __builtin_prefetch(p + 16, 1);
#endif

    *p++ = (uint32_t) (h >> 22);
    *t = p;

    return PR_REWRITE_OK;
}


/* the chunk whose hashes end at p (p > its r) */
#define pr_jchunk_of(p)                                                       \
    ((pr_jchunk_t *) ((uintptr_t) ((p) - 1)                                   \
                      & ~(uintptr_t) (PR_JCHUNK_SIZE - 1)))


/* a new chunk after the one that ends at p (NULL: the first): its r */
static uint32_t *
pr_jx_chunk(pr_jx_t *jx, pr_jset_t *set, uint32_t *p)
{
    char         *nb;
    unsigned      big;
    pr_jchunk_t  *c;

    if (set->arena == NULL || set->end - set->next < PR_JCHUNK_SIZE) {
        nb = pr_jx_scratch(jx, PR_JARENA, &big);
        if (nb == NULL) {
            return NULL;
        }

        ((pr_jblock_t *) nb)->prev = set->arena;
        ((pr_jblock_t *) nb)->big = set->arena_big;
        set->arena = nb;
        set->arena_big = big;
        set->end = nb + PR_JARENA;
        /* the first chunk aligned, past the block's start */
        set->next = (char *) (((uintptr_t) nb + sizeof(pr_jblock_t)
                               + PR_JCHUNK_SIZE - 1)
                              & ~(uintptr_t) (PR_JCHUNK_SIZE - 1));
    }

    c = (pr_jchunk_t *) set->next;
    set->next += PR_JCHUNK_SIZE;

    c->prev = p ? pr_jchunk_of(p) : NULL;
    c->before = p ? c->prev->before + PR_JCHUNK : 0;

    return c->r;
}


/* a hash met twice: its top 42 bits to d */
static int
pr_jx_twice(pr_jx_t *jx, pr_jset_t *set, uint64_t h)
{
    size_t     size;
    uint64_t  *nd;

    if (set->nd == set->dsize) {
        size = set->dsize ? 2 * set->dsize : 16;

        nd = realloc(set->d, size * sizeof(uint64_t));
        if (nd == NULL) {
            jx->err = "out of memory";
            return PR_REWRITE_NOMEM;
        }

        set->d = nd;
        set->dsize = size;
    }

    set->d[set->nd++] = h & PR_JMASK;

    return PR_REWRITE_OK;
}


/*
 * At the end of an object read (depth: its level): the keys whose hash
 * was met twice are found again and compared decoded (a hash may
 * collide); the set is emptied for the next object of the level.
 */
static int
pr_jx_dups(pr_jx_t *jx, unsigned depth)
{
    int         rc;
    size_t      i, n;
    uint64_t    v;
    pr_jset_t  *set;

    if (depth >= PR_JSON_SETS) {
        return PR_REWRITE_OK;
    }

    set = &jx->sets[depth];

    rc = set->many ? pr_jx_buckets(jx, set) : PR_REWRITE_OK;

    if (!set->tabled && !set->many && set->n > 1) {
        /* the few sorted: two equal side by side */
        for (i = 1; i < set->n; i++) {
            v = set->few[i];

            for (n = i; n > 0 && set->few[n - 1] > v; n--) {
                set->few[n] = set->few[n - 1];
            }

            set->few[n] = v;
        }

        for (i = 1; rc == PR_REWRITE_OK && i < set->n; i++) {
            if ((set->few[i] & PR_JMASK) == (set->few[i - 1] & PR_JMASK)) {
                rc = pr_jx_twice(jx, set, set->few[i]);
            }
        }
    }

    if (rc == PR_REWRITE_OK && set->nd) {
        /* sorted, each once, for pr_jx_dups_check's search */
        qsort(set->d, set->nd, sizeof(uint64_t), pr_jx_u64_cmp);

        for (n = 1, i = 1; i < set->nd; i++) {
            if (set->d[i] != set->d[n - 1]) {
                set->d[n++] = set->d[i];
            }
        }

        rc = pr_jx_dups_check(jx, depth, set->d, n);
    }

    pr_jx_set_clear(jx, set);

    return rc;
}


/*
 * Each bucket a set of its own, one after the other in h, a generation
 * each; h as large as twice the largest bucket. A bucket's chunks are
 * read from the last, the one before asked for while one is read.
 */
static int
pr_jx_buckets(pr_jx_t *jx, pr_jset_t *set)
{
    int           rc;
    size_t        b, i, k, n, max;
    uint32_t     *p;
    uint64_t      v, s;
    pr_jchunk_t  *c;

    max = 0;

    for (b = 0; b < PR_JBUCKETS; b++) {
        p = set->tail[b];

        if (p != NULL) {
            c = pr_jchunk_of(p);
            n = c->before + (size_t) (p - c->r);
            max = n > max ? n : max;
        }
    }

    if (2 * max > set->size) {
        set->n = 0;

        if (pr_jx_set_size(jx, set, 2 * max) != PR_REWRITE_OK) {
            return PR_REWRITE_NOMEM;
        }
    }

    for (b = 0; b < PR_JBUCKETS; b++) {
        p = set->tail[b];

        if (p == NULL) {
            continue;
        }

        c = pr_jchunk_of(p);
        n = (size_t) (p - c->r);

        if (c->before + n < 2) {
            continue;
        }

        pr_jx_set_gen(set);

        for ( /* void */ ; c; c = c->prev, n = PR_JCHUNK) {
#if defined(__GNUC__)
            if (c->prev != NULL) {
                for (k = 0; k < PR_JCHUNK_SIZE; k += 64) {
                    __builtin_prefetch((char *) c->prev + k);
                }
            }
#endif

            for (k = 0; k < n; k++) {
                v = ((uint64_t) b << 54) | ((uint64_t) c->r[k] << 22)
                    | set->gen << 1;

                i = (size_t) (((uint64_t) c->r[k] * set->size) >> 32);

                for ( ;; ) {
                    s = set->h[i];

                    if ((s & PR_JGEN) != set->gen << 1) {
                        set->h[i] = v;
                        break;
                    }

                    if ((s & ~(uint64_t) 1) == v) {
                        if ((s & 1) == 0) {
                            set->h[i] |= 1;

                            rc = pr_jx_twice(jx, set, v & PR_JMASK);
                            if (rc != PR_REWRITE_OK) {
                                return rc;
                            }
                        }

                        break;
                    }

                    if (++i == set->size) {
                        i = 0;
                    }
                }
            }
        }
    }

    return PR_REWRITE_OK;
}


/* an empty set: a small one a new generation, a large one and the
 * buckets freed */
static void
pr_jx_set_clear(pr_jx_t *jx, pr_jset_t *set)
{
    char      *prev;
    unsigned   big;

    while (set->arena) {
        prev = ((pr_jblock_t *) set->arena)->prev;
        big = ((pr_jblock_t *) set->arena)->big;
        pr_jx_unscratch(jx, set->arena, set->arena_big);
        set->arena = prev;
        set->arena_big = big;
    }

    free(set->tail);
    set->tail = NULL;

    if (set->size > 2 * PR_JSON_SMALL) {
        pr_jx_unscratch(jx, set->h, set->big);
        set->h = NULL;
        set->size = 0;
        set->big = 0;

    } else if (set->tabled || set->many) {
        pr_jx_set_gen(set);
    }

    set->n = 0;
    set->nd = 0;
    set->tabled = 0;
    set->many = 0;
}


/* the next generation: every slot of h free */
static void
pr_jx_set_gen(pr_jset_t *set)
{
    if (++set->gen > (PR_JGEN >> 1)) {
        memset(set->h, 0, set->size * sizeof(uint64_t));
        set->gen = 1;
    }
}


static int
pr_jx_u64_cmp(const void *a, const void *b)
{
    uint64_t  x = *(const uint64_t *) a, y = *(const uint64_t *) b;

    return (x > y) - (x < y);
}


static int
pr_jx_key_cmp(const void *a, const void *b)
{
    const pr_jkey_t  *x = a, *y = b;

    if (x->hash != y->hash) {
        return x->hash < y->hash ? -1 : 1;
    }

    return x->off < y->off ? -1 : (x->off > y->off);
}


/* the keys whose hash's top 42 bits are in d (sorted), compared decoded;
 * rare */
static int
pr_jx_dups_check(pr_jx_t *jx, unsigned depth, uint64_t *d, size_t nd)
{
    int         rc;
    size_t      save, i, j, k, lo, hi, n, size;
    uint64_t    h;
    unsigned    silent;
    pr_jset_t  *set;
    pr_jkey_t  *keys, *nk;

    set = &jx->sets[depth];
    save = jx->pos;
    silent = jx->silent;
    jx->silent = 1;
    jx->pos = set->start;

    keys = NULL;
    n = 0;
    size = 0;

    /* the object was read whole: valid, its keys as pr_jx_object saw */

    for ( ;; ) {
        k = jx->pos + 1;

        rc = pr_jx_key(jx);
        if (rc != PR_REWRITE_OK) {
            goto done;
        }

        if (pr_jx_name(jx->key.data, jx->key.len) < 0) {
            h = pr_jx_hash(jx, jx->key.data, jx->key.len);

            for (lo = 0, hi = nd; lo < hi; /* void */ ) {
                i = lo + (hi - lo) / 2;

                if (d[i] < (h & PR_JMASK)) {
                    lo = i + 1;

                } else {
                    hi = i;
                }
            }

            if (lo < nd && d[lo] == (h & PR_JMASK)) {
                if (n == size) {
                    size = size ? 2 * size : 16;

                    nk = realloc(keys, size * sizeof(pr_jkey_t));
                    if (nk == NULL) {
                        jx->err = "out of memory";
                        rc = PR_REWRITE_NOMEM;
                        goto done;
                    }

                    keys = nk;
                }

                keys[n].hash = h;
                keys[n].off = k;
                n++;
            }
        }

        pr_jx_ws(jx);
        jx->pos++;                              /* ':' */
        pr_jx_ws(jx);

        /* the object at level depth is at depth + 1, as its values */
        rc = pr_jx_value(jx, PR_J_NONE, depth + 1);
        if (rc != PR_REWRITE_OK) {
            goto done;
        }

        pr_jx_ws(jx);

        if (jx->pos >= jx->len || jx->in[jx->pos] != ',') {
            break;
        }

        jx->pos++;
        pr_jx_ws(jx);
    }

    /* by hash, then in the order given: the second of two is reported */

    if (n > 1) {
        qsort(keys, n, sizeof(pr_jkey_t), pr_jx_key_cmp);
    }

    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && keys[j].hash == keys[i].hash; j++) {
            /* void */
        }

        for (k = i + 1; k < j; k++) {
            jx->pos = keys[k].off - 1;

            rc = pr_jx_key(jx);
            if (rc != PR_REWRITE_OK) {
                goto done;
            }

            for (lo = i; lo < k; lo++) {
                jx->pos = keys[lo].off - 1;

                rc = pr_jx_string(jx, &jx->key2, 0);
                if (rc != PR_REWRITE_OK) {
                    goto done;
                }

                if (jx->key2.len > 0 && jx->nul) {
                    jx->key2.len = strnlen(jx->key2.data, jx->key2.len);
                }

                if (jx->key2.len == jx->key.len
                    && (jx->key.len == 0
                        || memcmp(jx->key2.data, jx->key.data, jx->key.len)
                           == 0))
                {
                    rc = pr_unsafe(jx->rw, PR_UNSAFE_DUPLICATE, jx->key.data,
                                   jx->key.len, &jx->err);
                    if (rc != PR_REWRITE_OK) {
                        goto done;
                    }

                    break;
                }
            }
        }
    }

    rc = PR_REWRITE_OK;

done:

    free(keys);
    jx->pos = save;
    jx->silent = silent;

    return rc;
}


/*
 * keep() with the time the document's table gives (npm, PEP 691); a
 * version in the table is asked once, its answer kept there for the
 * other places the document names it (npm: "time", "dist-tags")
 */
static int
pr_jx_keep(pr_jx_t *jx, const char *v, size_t len)
{
    int              k;
    pr_vtime_ent_t  *e;

    if (!jx->keep) {
        return 1;
    }

    e = pr_vtime_ref(&jx->vt, v, len);

    if (e == NULL) {
        return pr_jx_keep_at(jx, v, len, PR_TIME_UNKNOWN);
    }

    if (e->mark == 0) {
        k = pr_jx_keep_at(jx, v, len, e->t);
        e->mark = k ? 1 : -1;
    }

    return e->mark > 0;
}


static int
pr_jx_keep_at(pr_jx_t *jx, const char *v, size_t len, int64_t published)
{
    pr_str_t  s;

    if (!jx->keep) {
        return 1;
    }

    s.data = v;
    s.len = len;

    return jx->rw->keep(jx->rw->keep_data, &jx->name, &s, published) != 0;
}


/*
 * an npm version kept: a candidate for "latest" (pr_jx_latest reads it
 * only when "latest" is dropped, and takes releases only)
 */
static int
pr_jx_release(pr_jx_t *jx)
{
    int      rc;
    size_t  *p;

    rc = pr_jbuf_add(jx, &jx->rel, jx->key.data, jx->key.len);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (jx->nrel == jx->relsize) {
        jx->relsize = jx->relsize ? 2 * jx->relsize : 64;

        p = realloc(jx->relpos, jx->relsize * sizeof(size_t));
        if (p == NULL) {
            jx->err = "out of memory";
            return PR_REWRITE_NOMEM;
        }

        jx->relpos = p;
    }

    jx->relpos[jx->nrel++] = jx->rel.len;

    return PR_REWRITE_OK;
}


/* the highest kept release (no prerelease) below the dropped latest in
 * jx->str */
static const pr_str_t *
pr_jx_latest(pr_jx_t *jx, pr_str_t *best)
{
    size_t       i, s;
    pr_semver_t  old, cand, top;

    if (pr_semver_parse(jx->str.data, jx->str.len, &old) != 0) {
        return NULL;
    }

    best->data = NULL;

    for (s = 0, i = 0; i < jx->nrel; s = jx->relpos[i++]) {
        if (pr_semver_parse(jx->rel.data + s, jx->relpos[i] - s, &cand) != 0
            || cand.pre.len > 0 || pr_semver_cmp(&cand, &old) >= 0)
        {
            continue;
        }

        if (best->data == NULL || pr_semver_cmp(&cand, &top) > 0) {
            best->data = jx->rel.data + s;
            best->len = jx->relpos[i] - s;
            top = cand;
        }
    }

    return best->data ? best : NULL;
}


/* a string at jx->pos, scanned without writing it: jx->nul */
static int
pr_jx_peek_string(pr_jx_t *jx, pr_jbuf_t *dec)
{
    int     rc;
    size_t  save;

    save = jx->pos;
    jx->silent++;
    rc = pr_jx_string(jx, dec, 0);
    jx->silent--;
    jx->pos = save;

    return rc;
}


/*
 * A member of an object read in role, its key in jx->key, its value at
 * jx->pos: the value's role, whether it goes (drop), or a string that
 * replaces it (repl).
 */
static int
pr_jx_member(pr_jx_t *jx, unsigned role, int dup, unsigned *child,
    int *drop, const pr_str_t **repl)
{
    int         rc;
    char        c;
    unsigned    doc;

    c = jx->in[jx->pos];
    doc = jx->doc;
    *child = PR_J_NONE;

    switch (role) {

    case PR_J_TOP:
        if (dup) {
            return PR_REWRITE_OK;
        }

        if (doc == PR_DOC_NPM_PACKUMENT) {
            if (pr_jx_is(jx, "versions")) {
                *child = PR_J_NPM_VERSIONS;

            } else if (pr_jx_is(jx, "time")) {
                *child = PR_J_NPM_TIME;

            } else if (pr_jx_is(jx, "dist-tags")) {
                *child = PR_J_NPM_TAGS;

            } else {
                return PR_REWRITE_OK;
            }

            if (c != '{') {
                return pr_jx_invalid(jx, "\"versions\", \"time\" or "
                                     "\"dist-tags\" is not an object");
            }

            return PR_REWRITE_OK;
        }

        if (doc == PR_DOC_NPM_VERSION) {
            if (pr_jx_is(jx, "dist")) {
                *child = PR_J_NPM_DIST;

                if (c != '{') {
                    goto npm_version;
                }

            } else if (pr_jx_is(jx, "version") && c != '"') {
                goto npm_version;
            }

            return PR_REWRITE_OK;
        }

        if (doc == PR_DOC_PYPI_JSON || doc == PR_DOC_PYPI_VERSION_JSON) {
            if (pr_jx_is(jx, "info")) {
                *child = PR_J_PY_INFO;
                return c == '{' ? PR_REWRITE_OK : pr_jx_invalid(jx,
                           "\"info\", \"releases\" or \"urls\" has the "
                           "wrong type");
            }

            if (pr_jx_is(jx, "releases")) {
                *child = PR_J_PY_RELEASES;
                return c == '{' ? PR_REWRITE_OK : pr_jx_invalid(jx,
                           "\"info\", \"releases\" or \"urls\" has the "
                           "wrong type");
            }

            if (pr_jx_is(jx, "urls")) {
                *child = jx->gone ? PR_J_NONE
                         : jx->dropped ? PR_J_PY_GONE : PR_J_PY_FILES;
                return c == '[' ? PR_REWRITE_OK : pr_jx_invalid(jx,
                           "\"info\", \"releases\" or \"urls\" has the "
                           "wrong type");
            }

            return PR_REWRITE_OK;
        }

        if (doc == PR_DOC_PYPI_SIMPLE_JSON) {
            if (pr_jx_is(jx, "files")) {
                *child = PR_J_691_FILES;
                jx->found = 1;

            } else if (pr_jx_is(jx, "versions")) {
                *child = jx->keep ? PR_J_691_VERSIONS : PR_J_NONE;

            } else {
                return PR_REWRITE_OK;
            }

            return c == '[' ? PR_REWRITE_OK : pr_jx_invalid(jx,
                       "\"files\" or \"versions\" is not an array");
        }

        /* PR_DOC_CARGO_CONFIG */

        if (pr_jx_is(jx, "dl")) {
            jx->found = 1;
            *child = PR_J_URL;

        } else if (pr_jx_is(jx, "api")) {
            *child = PR_J_URL;
        }

        return PR_REWRITE_OK;

    npm_version:

        return pr_jx_invalid(jx, "\"dist\" is not an object or \"version\" "
                             "not a string");

    case PR_J_NPM_VERSIONS:
        if (c != '{') {
            return pr_jx_invalid(jx, "a version is not an object");
        }

        if (!pr_jx_keep(jx, jx->key.data, jx->key.len)) {
            *drop = 1;
            return PR_REWRITE_OK;
        }

        *child = PR_J_NPM_VERSION;

        return jx->keep ? pr_jx_release(jx) : PR_REWRITE_OK;

    case PR_J_NPM_VERSION:
        if (!dup && pr_jx_is(jx, "dist")) {
            *child = PR_J_NPM_DIST;

            if (c != '{') {
                return pr_jx_invalid(jx, "a version's \"dist\" is not an "
                                     "object");
            }
        }

        return PR_REWRITE_OK;

    case PR_J_NPM_DIST:
        if (!dup && !jx->gone && pr_jx_is(jx, "tarball")) {
            *child = PR_J_URL;
        }

        return PR_REWRITE_OK;

    case PR_J_NPM_TIME:
        if (!jx->keep || c != '"' || pr_jx_is(jx, "created")
            || pr_jx_is(jx, "modified"))
        {
            return PR_REWRITE_OK;
        }

        /* the string is read here only to drop it: one with a \u0000
         * is kept (and read as it is written) */

        if (pr_jx_keep(jx, jx->key.data, jx->key.len)) {
            return PR_REWRITE_OK;
        }

        rc = pr_jx_peek_string(jx, NULL);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        *drop = !jx->nul;

        return PR_REWRITE_OK;

    case PR_J_NPM_TAGS_OUT:
        if (c != '"') {
            return PR_REWRITE_OK;
        }

        rc = pr_jx_peek_string(jx, &jx->str);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        if (jx->nul || pr_jx_keep(jx, jx->str.data, jx->str.len)) {
            return PR_REWRITE_OK;
        }

        if (pr_jx_is(jx, "latest")) {
            *repl = pr_jx_latest(jx, &jx->best);
        }

        *drop = (*repl == NULL);
        jx->changed++;

        return PR_REWRITE_OK;

    case PR_J_PY_RELEASES:
        if (jx->gone) {
            return PR_REWRITE_OK;
        }

        if (c != '[') {
            return pr_jx_invalid(jx, "a release is not an array");
        }

        if (jx->keep
            && !pr_jx_keep_at(jx, jx->key.data, jx->key.len,
                              pr_jx_release_time(jx)))
        {
            *drop = 1;
            return PR_REWRITE_OK;
        }

        *child = PR_J_PY_FILES;
        return PR_REWRITE_OK;

    case PR_J_PY_FILE:
    case PR_J_691_FILE:
        if (!dup && pr_jx_is(jx, "url")) {
            *child = PR_J_URL;
        }

        return PR_REWRITE_OK;

    default:
        /* PR_J_NPM_TAGS, PR_J_PY_INFO, PR_J_691_DROPPED */
        return PR_REWRITE_OK;
    }
}


static int
pr_jx_object(pr_jx_t *jx, unsigned role, unsigned depth)
{
    int              rc, dup, drop, unique;
    size_t           count, kin, klen;
    unsigned         child;
    const pr_str_t  *repl;

    /* PR_J_NONE: pr_jx_skip() */
    unique = (role != PR_J_NPM_TAGS_OUT);

    jx->pos++;

    rc = pr_jx_write(jx, "{", 1);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    pr_jx_ws(jx);

    if (unique && depth - 1 < PR_JSON_SETS) {
        /* emptied at the end of the last (an error ends the pass) */
        jx->sets[depth - 1].seen = 0;
        jx->sets[depth - 1].start = jx->pos;
    }

    if (jx->pos < jx->len && jx->in[jx->pos] == '}') {
        jx->pos++;
        return pr_jx_write(jx, "}", 1);
    }

    count = 0;

    for ( ;; ) {
        if (jx->pos == jx->len || jx->in[jx->pos] != '"') {
            return pr_jx_invalid(jx, "not JSON");
        }

        kin = jx->pos;

        /* decoded, cut at a NUL as cJSON did */
        rc = pr_jx_key(jx);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        /* a key without escapes is written as it came, else escaped */
        klen = jx->escaped ? 0 : jx->pos - kin;

        dup = 0;

        if (unique) {
            dup = pr_jx_dup(jx, depth - 1);

            if (dup < 0) {
                return dup;
            }

            if (dup) {
                rc = pr_unsafe(jx->rw, PR_UNSAFE_DUPLICATE, jx->key.data,
                               jx->key.len, &jx->err);
                if (rc != PR_REWRITE_OK) {
                    return rc;
                }
            }
        }

        pr_jx_ws(jx);

        if (jx->pos == jx->len || jx->in[jx->pos] != ':') {
            return pr_jx_invalid(jx, "not JSON");
        }

        jx->pos++;
        pr_jx_ws(jx);

        if (jx->pos == jx->len) {
            return pr_jx_invalid(jx, "not JSON");
        }

        drop = 0;
        repl = NULL;

        rc = pr_jx_member(jx, role, dup, &child, &drop, &repl);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        if (drop) {
            jx->changed++;
            jx->silent++;

        } else {
            if ((count++ && (rc = pr_jx_write(jx, ",", 1)))
                || (rc = klen ? pr_jx_write(jx, jx->in + kin, klen)
                              : pr_jx_escape(jx, jx->key.data, jx->key.len))
                || (rc = pr_jx_write(jx, ":", 1)))
            {
                return rc;
            }
        }

        if (child == PR_J_NPM_TAGS && jx->keep) {
            /* written at the end, when every kept release is known */
            jx->tags = 1;
            jx->tags_in = jx->pos;
            jx->tags_out = jx->olen;
            jx->silent++;
            drop = 1;

        } else if (repl != NULL) {
            rc = pr_jx_escape(jx, repl->data, repl->len);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }

            jx->silent++;
            drop = 1;
        }

        rc = pr_jx_value(jx, child, depth);

        if (drop) {
            jx->silent--;
        }

        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        pr_jx_ws(jx);

        if (jx->pos < jx->len && jx->in[jx->pos] == ',') {
            jx->pos++;
            pr_jx_ws(jx);
            continue;
        }

        if (jx->pos < jx->len && jx->in[jx->pos] == '}') {
            if (unique) {
                rc = pr_jx_dups(jx, depth - 1);
                if (rc != PR_REWRITE_OK) {
                    return rc;
                }
            }

            jx->pos++;
            return pr_jx_write(jx, "}", 1);
        }

        return pr_jx_invalid(jx, "not JSON");
    }
}


/* an element of an array read in role, at jx->pos */
static int
pr_jx_element(pr_jx_t *jx, unsigned role, unsigned *child, int *drop)
{
    int       rc;
    char      c;
    size_t    fn;
    pr_str_t  ver;

    c = jx->in[jx->pos];
    *child = PR_J_NONE;

    switch (role) {

    case PR_J_PY_FILES:
    case PR_J_691_FILES:
        if (c != '{') {
            return pr_jx_invalid(jx, "a file is not an object");
        }

        *child = (role == PR_J_PY_FILES) ? PR_J_PY_FILE : PR_J_691_FILE;

        if (role == PR_J_PY_FILES || !jx->keep) {
            return PR_REWRITE_OK;
        }

        /* PEP 691: the file's version decides, its "filename" */
        if (pr_jscan_get(jx, jx->pos, "filename", &fn)
            && pr_jscan_str(jx, fn, &jx->str) == 0
            && pr_pypi_file_version(&jx->name, jx->str.data, jx->str.len,
                                    &ver) == 0
            && pr_jx_keep(jx, ver.data, ver.len))
        {
            return PR_REWRITE_OK;
        }

        *child = PR_J_691_DROPPED;
        *drop = 1;
        return PR_REWRITE_OK;

    case PR_J_PY_GONE:
        *drop = 1;
        return PR_REWRITE_OK;

    case PR_J_691_VERSIONS:
        if (c != '"') {
            return PR_REWRITE_OK;
        }

        rc = pr_jx_peek_string(jx, &jx->str);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        if (!jx->nul && !pr_jx_keep(jx, jx->str.data, jx->str.len)) {
            *drop = 1;
        }

        return PR_REWRITE_OK;

    default:
        return PR_REWRITE_OK;
    }
}


static int
pr_jx_array(pr_jx_t *jx, unsigned role, unsigned depth)
{
    int       rc, drop;
    size_t    count;
    unsigned  child;

    jx->pos++;

    rc = pr_jx_write(jx, "[", 1);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    pr_jx_ws(jx);

    if (jx->pos < jx->len && jx->in[jx->pos] == ']') {
        jx->pos++;
        return pr_jx_write(jx, "]", 1);
    }

    count = 0;

    for ( ;; ) {
        if (jx->pos == jx->len) {
            return pr_jx_invalid(jx, "not JSON");
        }

        drop = 0;

        rc = pr_jx_element(jx, role, &child, &drop);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        if (drop) {
            jx->changed++;
            jx->silent++;

        } else if (count++) {
            rc = pr_jx_write(jx, ",", 1);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }

        rc = pr_jx_value(jx, child, depth);

        if (drop) {
            jx->silent--;
        }

        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        pr_jx_ws(jx);

        if (jx->pos < jx->len && jx->in[jx->pos] == ',') {
            jx->pos++;
            pr_jx_ws(jx);
            continue;
        }

        if (jx->pos < jx->len && jx->in[jx->pos] == ']') {
            jx->pos++;
            return pr_jx_write(jx, "]", 1);
        }

        return pr_jx_invalid(jx, "not JSON");
    }
}


/*
 * An artifact URL: rewritten when it starts with a prefix; else it must
 * be relative. Anything but a string (a "\u0000" string is not read) is
 * refused.
 */
static int
pr_jx_url(pr_jx_t *jx)
{
    int       rc;
    size_t    skip, start;
    pr_str_t  to;

    if (jx->in[jx->pos] != '"') {
        return pr_jx_invalid(jx, "an artifact URL is not a string");
    }

    start = jx->pos;

    rc = pr_jx_string(jx, &jx->str, 0);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (jx->nul) {
        return pr_jx_invalid(jx, "an artifact URL is not a string");
    }

    if (pr_rewrite_find(jx->rw, jx->str.data, jx->str.len, &skip, &to)
        == NULL)
    {
        if (!pr_url_relative(jx->str.data, jx->str.len, 0)) {
            rc = pr_unsafe(jx->rw, PR_UNSAFE_UNMAPPED, jx->str.data,
                           jx->str.len, &jx->err);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }

        if (!jx->escaped) {
            return pr_jx_write(jx, jx->in + start, jx->pos - start);
        }

        return pr_jx_escape(jx, jx->str.data, jx->str.len);
    }

    if (jx->silent) {
        return PR_REWRITE_OK;
    }

    jx->changed++;

    /* to and the rest, escaped as one string */
    jx->key2.len = 0;

    if ((rc = pr_jbuf_add(jx, &jx->key2, to.data, to.len))
        || (rc = pr_jbuf_add(jx, &jx->key2, jx->str.data + skip,
                             jx->str.len - skip)))
    {
        return rc;
    }

    return pr_jx_escape(jx, jx->key2.data, jx->key2.len);
}


/* the pre-scan: no validation, every index checked */

/* after the value at i (or at the end of the text): pr_jscan.h */
static size_t
pr_jscan_skip(pr_jx_t *jx, size_t i)
{
    return pr_jskip(jx->in, jx->len, i);
}


/* 1 and *val: the value of the first member key of the object at obj */
static int
pr_jscan_get(pr_jx_t *jx, size_t obj, const char *key, size_t *val)
{
    pr_str_t  k;

    k.data = key;
    k.len = strlen(key);

    return pr_jscan_get_n(jx, obj, k, val);
}


static int
pr_jscan_get_n(pr_jx_t *jx, size_t obj, pr_str_t key, size_t *val)
{
    int          match;
    size_t       n, save;
    const char  *in;

    in = jx->in;
    n = key.len;
    save = jx->pos;

    jx->pos = obj + 1;

    for ( ;; ) {
        pr_jx_ws(jx);

        if (jx->pos >= jx->len || in[jx->pos] != '"') {
            break;
        }

        jx->silent++;
        match = (pr_jx_string(jx, &jx->key2, 0) == PR_REWRITE_OK);
        jx->silent--;

        if (!match) {
            break;
        }

        if (jx->nul) {
            jx->key2.len = strnlen(jx->key2.data, jx->key2.len);
        }

        match = (jx->key2.len == n
                 && (n == 0 || memcmp(jx->key2.data, key.data, n) == 0));

        pr_jx_ws(jx);

        if (jx->pos >= jx->len || in[jx->pos] != ':') {
            break;
        }

        jx->pos++;
        pr_jx_ws(jx);

        if (match) {
            *val = jx->pos;
            jx->pos = save;
            return 1;
        }

        jx->pos = pr_jscan_skip(jx, jx->pos);
        pr_jx_ws(jx);

        if (jx->pos >= jx->len || in[jx->pos] != ',') {
            break;
        }

        jx->pos++;
    }

    jx->pos = save;
    return 0;
}


/* 0: a string without NUL at i, decoded into dst; else -1 */
static int
pr_jscan_str(pr_jx_t *jx, size_t i, pr_jbuf_t *dst)
{
    int     rc;
    size_t  save;

    if (i >= jx->len || jx->in[i] != '"') {
        return -1;
    }

    save = jx->pos;
    jx->pos = i;
    jx->silent++;
    rc = pr_jx_string(jx, dst, 0);
    jx->silent--;
    jx->pos = save;

    return (rc == PR_REWRITE_OK && !jx->nul) ? 0 : -1;
}


static size_t
pr_jscan_ws(pr_jx_t *jx, size_t i)
{
    while (i < jx->len && (jx->in[i] == ' ' || jx->in[i] == '\t'
                           || jx->in[i] == '\n' || jx->in[i] == '\r'))
    {
        i++;
    }

    return i;
}


/* the next element or member after the value at i, or jx->len: none */
static size_t
pr_jscan_next(pr_jx_t *jx, size_t i)
{
    i = pr_jscan_ws(jx, pr_jscan_skip(jx, i));

    if (i >= jx->len || jx->in[i] != ',') {
        return jx->len;
    }

    return pr_jscan_ws(jx, i + 1);
}


/* the time in the string obj.key (its first), or PR_TIME_UNKNOWN */
static int64_t
pr_jscan_time(pr_jx_t *jx, size_t obj, const char *key)
{
    size_t   v;
    int64_t  t;

    if (!pr_jscan_get(jx, obj, key, &v)
        || pr_jscan_str(jx, v, &jx->key2) != 0
        || pr_time_parse(jx->key2.data, jx->key2.len, &t) != 0)
    {
        return PR_TIME_UNKNOWN;
    }

    return t;
}


/*
 * A PyPI file's upload time: "upload_time_iso_8601", else "upload_time"
 * (UTC when it names no zone); PR_TIME_UNKNOWN when neither reads.
 */
static int64_t
pr_jx_file_time(pr_jx_t *jx, size_t obj)
{
    int64_t  t;

    t = pr_jscan_time(jx, obj, "upload_time_iso_8601");

    if (t == PR_TIME_UNKNOWN) {
        t = pr_jscan_time(jx, obj, "upload_time");
    }

    return t;
}


/* the earliest of t and the times of the PyPI files in the array at arr */
static int64_t
pr_jx_files_time(pr_jx_t *jx, size_t arr, int64_t t)
{
    size_t   i;
    int64_t  f;

    if (arr >= jx->len || jx->in[arr] != '[') {
        return t;
    }

    for (i = pr_jscan_ws(jx, arr + 1); i < jx->len;
         i = pr_jscan_next(jx, i))
    {
        if (jx->in[i] == '{') {
            f = pr_jx_file_time(jx, i);

            if (f != PR_TIME_UNKNOWN && (t == PR_TIME_UNKNOWN || f < t)) {
                t = f;
            }
        }
    }

    return t;
}


/* a PyPI release, jx->key, its files at jx->pos: when it was published */
static int64_t
pr_jx_release_time(pr_jx_t *jx)
{
    if (jx->key.len == jx->verbuf.len
        && (jx->key.len == 0
            || memcmp(jx->key.data, jx->verbuf.data, jx->key.len) == 0))
    {
        return jx->info_time;
    }

    return pr_jx_files_time(jx, jx->pos, PR_TIME_UNKNOWN);
}


/*
 * npm's "time" object at obj into jx->vt: each key's string, read as an
 * instant, else PR_TIME_UNKNOWN; of a key given twice the first.
 */
static int
pr_jx_npm_times(pr_jx_t *jx, size_t obj)
{
    int      rc;
    size_t   i, save;
    int64_t  t;

    pr_vtime_init(&jx->vt, 0, jx->seed);

    for (i = pr_jscan_ws(jx, obj + 1); i < jx->len && jx->in[i] == '"';
         i = pr_jscan_next(jx, i))
    {
        save = jx->pos;
        jx->pos = i;
        jx->silent++;
        rc = pr_jx_string(jx, &jx->key2, 0);
        jx->silent--;
        i = jx->pos;
        jx->pos = save;

        if (rc != PR_REWRITE_OK) {
            return rc == PR_REWRITE_NOMEM ? rc : PR_REWRITE_OK;
        }

        if (jx->nul) {
            jx->key2.len = strnlen(jx->key2.data, jx->key2.len);
        }

        i = pr_jscan_ws(jx, i);

        if (i >= jx->len || jx->in[i] != ':') {
            break;
        }

        i = pr_jscan_ws(jx, i + 1);

        t = PR_TIME_UNKNOWN;

        if (pr_jscan_str(jx, i, &jx->str) == 0
            && pr_time_parse(jx->str.data, jx->str.len, &t) != 0)
        {
            t = PR_TIME_UNKNOWN;
        }

        if (pr_vtime_add(&jx->vt, jx->key2.data, jx->key2.len, t) != 0) {
            jx->err = "out of memory";
            return PR_REWRITE_NOMEM;
        }
    }

    return PR_REWRITE_OK;
}


/*
 * PEP 691's "files" array at arr into jx->vt: each version (read from
 * "filename") with the earliest "upload-time" (PEP 700) of its files.
 */
static int
pr_jx_691_times(pr_jx_t *jx, size_t arr)
{
    size_t    i, fn;
    int64_t   t;
    pr_str_t  ver;

    pr_vtime_init(&jx->vt, 1, jx->seed);

    for (i = pr_jscan_ws(jx, arr + 1); i < jx->len;
         i = pr_jscan_next(jx, i))
    {
        if (jx->in[i] == '{'
            && pr_jscan_get(jx, i, "filename", &fn)
            && pr_jscan_str(jx, fn, &jx->str) == 0
            && pr_pypi_file_version(&jx->name, jx->str.data, jx->str.len,
                                    &ver) == 0)
        {
            t = pr_jscan_time(jx, i, "upload-time");

            if (pr_vtime_add(&jx->vt, ver.data, ver.len, t) != 0) {
                jx->err = "out of memory";
                return PR_REWRITE_NOMEM;
            }
        }
    }

    return PR_REWRITE_OK;
}


/*
 * With keep(): the name, and the version that decides a one-version
 * document, looked up before the pass; the times keep() is told (npm's
 * "time", PyPI's files, PEP 691's files). PR_REWRITE_INVALID: what is
 * needed is not there.
 */
static int
pr_jx_prescan(pr_jx_t *jx)
{
    int          rc;
    size_t       top, v, info, arr;
    pr_str_t     ver;
    pr_jbuf_t   *nb, *vb;
    const char  *need;

    top = jx->pos;
    nb = &jx->namebuf;
    vb = &jx->verbuf;
    need = NULL;
    rc = PR_REWRITE_OK;

    switch (jx->doc) {

    case PR_DOC_NPM_PACKUMENT:
    case PR_DOC_NPM_VERSION:
    case PR_DOC_PYPI_SIMPLE_JSON:
        if (jx->name.len == 0) {
            if (!pr_jscan_get(jx, top, "name", &v)
                || pr_jscan_str(jx, v, nb) != 0 || nb->len == 0)
            {
                need = "no package name";
                break;
            }

            jx->name.data = nb->data;
            jx->name.len = nb->len;
        }

        if (jx->doc == PR_DOC_NPM_PACKUMENT) {
            if (pr_jscan_get(jx, top, "time", &v) && v < jx->len
                && jx->in[v] == '{')
            {
                rc = pr_jx_npm_times(jx, v);
            }

            break;
        }

        if (jx->doc == PR_DOC_PYPI_SIMPLE_JSON) {
            if (pr_jscan_get(jx, top, "files", &arr) && arr < jx->len
                && jx->in[arr] == '[')
            {
                rc = pr_jx_691_times(jx, arr);
            }

            break;
        }

        /* an npm version document says nothing of when */

        if (!pr_jscan_get(jx, top, "version", &v)
            || pr_jscan_str(jx, v, vb) != 0)
        {
            need = "no \"version\"";
            break;
        }

        jx->gone = !pr_jx_keep(jx, vb->data, vb->len);
        break;

    case PR_DOC_PYPI_JSON:
    case PR_DOC_PYPI_VERSION_JSON:
        if (!pr_jscan_get(jx, top, "info", &info)
            || info >= jx->len || jx->in[info] != '{'
            || !pr_jscan_get(jx, info, "version", &v)
            || pr_jscan_str(jx, v, vb) != 0)
        {
            need = "no \"info.version\"";
            break;
        }

        if (jx->name.len == 0) {
            if (!pr_jscan_get(jx, info, "name", &v)
                || pr_jscan_str(jx, v, nb) != 0 || nb->len == 0)
            {
                need = "no package name";
                break;
            }

            jx->name.data = nb->data;
            jx->name.len = nb->len;
        }

        ver.data = vb->data;
        ver.len = vb->len;

        /* the earliest of its files in "urls" and "releases.<version>" */
        jx->info_time = PR_TIME_UNKNOWN;

        if (pr_jscan_get(jx, top, "urls", &arr)) {
            jx->info_time = pr_jx_files_time(jx, arr, PR_TIME_UNKNOWN);
        }

        if (pr_jscan_get(jx, top, "releases", &v) && v < jx->len
            && jx->in[v] == '{' && pr_jscan_get_n(jx, v, ver, &arr))
        {
            jx->info_time = pr_jx_files_time(jx, arr, jx->info_time);
        }

        jx->dropped = !pr_jx_keep_at(jx, ver.data, ver.len, jx->info_time);
        jx->gone = jx->dropped && jx->doc == PR_DOC_PYPI_VERSION_JSON;
        break;

    default:
        break;
    }

    if (need != NULL && rc == PR_REWRITE_OK) {
        jx->need = need;
        rc = PR_REWRITE_INVALID;
    }

    return rc;
}


/* npm's dist-tags, written into their place */
static int
pr_jx_tags(pr_jx_t *jx)
{
    int      rc;
    char    *tmp;
    size_t   at, n;

    at = jx->olen;
    jx->pos = jx->tags_in;
    jx->silent = 0;

    rc = pr_jx_value(jx, PR_J_NPM_TAGS_OUT, 1);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    n = jx->olen - at;

    tmp = malloc(n);
    if (tmp == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    memcpy(tmp, jx->out + at, n);
    memmove(jx->out + jx->tags_out + n, jx->out + jx->tags_out,
            at - jx->tags_out);
    memcpy(jx->out + jx->tags_out, tmp, n);
    free(tmp);

    return PR_REWRITE_OK;
}


int
pr_rewrite_json(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err)
{
    int          rc, pre;
    size_t       i, max, grow, minfrom, size;
    pr_jx_t      jx;

    max = rw->max_size ? rw->max_size : PR_REWRITE_MAX_SIZE;

    if (len == 0 || len > max || len >= UINT32_MAX) {
        *err = len ? "document too large" : "empty document";
        return PR_REWRITE_INVALID;
    }

    if ((unsigned) doc > PR_DOC_CARGO_CONFIG) {
        *err = "unknown document type";
        return PR_REWRITE_INVALID;
    }

    memset(&jx, 0, sizeof(pr_jx_t));
    jx.rw = rw;
    jx.in = in;
    jx.len = len;
    jx.doc = doc;
    jx.name = rw->name;
    jx.keep = (rw->keep != NULL);
    jx.seed = 0xcbf29ce484222325ULL ^ (uint64_t) (uintptr_t) &jx
              ^ (uint64_t) (uintptr_t) in;

    /* a byte-order mark is dropped, as cJSON did */
    if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
        jx.pos = 3;
    }

    pr_jx_ws(&jx);

    if (jx.pos == len || in[jx.pos] != '{') {
        *err = (jx.pos < len && (in[jx.pos] == '[' || in[jx.pos] == '"'
                                 || in[jx.pos] == '-'
                                 || pr_isdigit(in[jx.pos])))
               ? "not a JSON object" : "not JSON";
        return PR_REWRITE_INVALID;
    }

    /*
     * The output: at most the input (written again, a string is never
     * longer) and what the prefixes add, each rewritten URL holding at
     * least the shortest prefix but its '/'; the rare rest grows it.
     */
    grow = 0;
    minfrom = 0;

    for (i = 0; i < rw->nmaps; i++) {
        if (rw->maps[i].from.len == 0) {
            continue;
        }

        if (rw->maps[i].to.len > rw->maps[i].from.len
            && rw->maps[i].to.len - rw->maps[i].from.len > grow)
        {
            grow = rw->maps[i].to.len - rw->maps[i].from.len;
        }

        if (minfrom == 0 || rw->maps[i].from.len < minfrom) {
            minfrom = rw->maps[i].from.len;
        }
    }

    size = len + 64;

    if (grow > 0) {
        size += grow * (len / (minfrom + 1) + 1);
    }

    if (rw->flush != NULL && !jx.keep) {
        jx.flush = 1;
        i = rw->flush_size ? rw->flush_size : PR_REWRITE_FLUSH_SIZE;

        if (size > i) {
            size = i;
        }
    }

    jx.out = rw->alloc(rw->ctx, size);
    if (jx.out == NULL) {
        *err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    jx.osize = size;

    pre = PR_REWRITE_OK;

    if (jx.keep) {
        pre = pr_jx_prescan(&jx);
    }

    /* without what keep() needs the document is refused, whatever else */
    rc = (pre == PR_REWRITE_OK) ? pr_jx_value(&jx, PR_J_TOP, 0)
         : (pre == PR_REWRITE_NOMEM) ? pre
         : pr_jx_invalid(&jx, jx.need);

    if (rc == PR_REWRITE_OK) {
        pr_jx_ws(&jx);

        if (jx.pos != len) {
            rc = pr_jx_invalid(&jx, "data after the JSON value");
        }
    }

    if (rc == PR_REWRITE_OK && !jx.found
        && (doc == PR_DOC_PYPI_SIMPLE_JSON || doc == PR_DOC_CARGO_CONFIG))
    {
        rc = pr_jx_invalid(&jx, doc == PR_DOC_CARGO_CONFIG
                                ? "no \"dl\" string, or \"api\" is not a "
                                  "string"
                                : "\"files\" or \"versions\" is not an "
                                  "array");
    }

    if (rc == PR_REWRITE_OK && jx.gone) {
        rc = PR_REWRITE_GONE;
    }

    if (rc == PR_REWRITE_OK && jx.tags) {
        rc = pr_jx_tags(&jx);
    }

    if (rc == PR_REWRITE_OK && jx.changed == 0) {
        out->data = in;
        out->len = len;

    } else if (rc == PR_REWRITE_OK && jx.flush) {
        rc = pr_jx_flush(&jx, NULL, 0);

        out->data = NULL;
        out->len = jx.flushed;

    } else if (rc == PR_REWRITE_OK) {
        out->data = jx.out;
        out->len = jx.olen;
        jx.out = NULL;
    }

    if (jx.out != NULL && rw->free != NULL) {
        rw->free(rw->ctx, jx.out);
    }

    for (i = 0; i < PR_JSON_SETS; i++) {
        pr_jx_set_clear(&jx, &jx.sets[i]);
        pr_jx_unscratch(&jx, jx.sets[i].h, jx.sets[i].big);
        free(jx.sets[i].d);
    }

    pr_jx_unscratch(&jx, jx.kbuf.data, jx.kbuf.big);
    pr_jx_unscratch(&jx, jx.key2.data, jx.key2.big);
    pr_jx_unscratch(&jx, jx.str.data, jx.str.big);
    pr_jx_unscratch(&jx, jx.namebuf.data, jx.namebuf.big);
    pr_jx_unscratch(&jx, jx.verbuf.data, jx.verbuf.big);
    pr_jx_unscratch(&jx, jx.rel.data, jx.rel.big);
    free(jx.relpos);
    pr_vtime_free(&jx.vt);

    if (rc < 0) {
        *err = jx.err ? jx.err : "not JSON";
    }

    return rc;
}
