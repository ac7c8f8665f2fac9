/*
 * ngx_pkg_reroute fuzzing: what the harnesses share.
 *
 *   FZ_FAIL(fmt, ...)    prints "INVARIANT: ..." and abort()s: libFuzzer
 *                        keeps the input as a crash file
 *   fz_copy()            an exact-size heap copy (no NUL), so that ASan
 *                        sees a read one byte past the end
 *   fz_pool_t            a malloc-based allocator for pr_alloc_pt: blocks
 *                        filled with garbage, freed together, optionally
 *                        failing the n-th allocation
 *   fz_hash()            FNV-1a, for decisions derived from the input
 */

#ifndef _FUZZ_COMMON_H_INCLUDED_
#define _FUZZ_COMMON_H_INCLUDED_


#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/*
 * Known findings, reported and not fixed yet, are stepped around so that
 * the search goes on past them; each place says which (README.md lists
 * them). Build with FUZZ_CFLAGS=-DFZ_STRICT=1 to check them too, and make
 * 1 the default here once they are fixed.
 */
#ifndef FZ_STRICT
#define FZ_STRICT  1
#endif


#if defined(__GNUC__)
#define FZ_UNUSED  __attribute__((unused))
#else
#define FZ_UNUSED
#endif


#define FZ_FAIL(...)                                                          \
    do {                                                                      \
        fprintf(stderr, "\nINVARIANT (%s:%d): ", __FILE__, __LINE__);         \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
        abort();                                                              \
    } while (0)

#define FZ_ASSERT(cond, ...)                                                  \
    do {                                                                      \
        if (!(cond)) {                                                        \
            FZ_FAIL(__VA_ARGS__);                                             \
        }                                                                     \
    } while (0)


static FZ_UNUSED void *
fz_malloc(size_t size)
{
    void  *p;

    p = malloc(size ? size : 1);
    if (p == NULL) {
        fprintf(stderr, "fuzz: out of memory\n");
        abort();
    }

    return p;
}


/* an exact-size copy; NULL for an empty string */
static FZ_UNUSED char *
fz_copy(const void *data, size_t len)
{
    char  *p;

    if (len == 0) {
        return NULL;
    }

    p = fz_malloc(len);
    memcpy(p, data, len);

    return p;
}


static FZ_UNUSED uint64_t
fz_hash(const void *data, size_t len, uint64_t h)
{
    size_t          i;
    const uint8_t  *p;

    p = data;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }

    return h;
}

#define FZ_HASH_INIT  0xcbf29ce484222325ull


/* a printable, bounded copy of s for messages */
static FZ_UNUSED const char *
fz_show(const void *data, size_t len, char *buf, size_t size)
{
    size_t               i, n;
    unsigned char        c;
    const unsigned char *s;

    s = data;
    n = 0;

    for (i = 0; i < len && n + 6 < size; i++) {
        c = s[i];

        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
            buf[n++] = (char) c;

        } else {
            n += (size_t) snprintf(buf + n, size - n, "\\x%02x", c);
        }
    }

    if (i < len && n + 4 < size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }

    buf[n] = '\0';

    return buf;
}


/* a pool for pr_alloc_pt */

typedef struct fz_block_s  fz_block_t;

struct fz_block_s {
    fz_block_t  *next;
    size_t       size;     /* keeps what follows aligned to 16 */
};


typedef struct {
    fz_block_t  *blocks;
    unsigned     calls;
    unsigned     fail_at;  /* fail the n-th allocation (from 1); 0 never */
    unsigned     failed;
} fz_pool_t;


static FZ_UNUSED void *
fz_pool_alloc(void *ctx, size_t size)
{
    fz_pool_t   *pool;
    fz_block_t  *b;

    pool = ctx;

    if (pool->fail_at && ++pool->calls == pool->fail_at) {
        pool->failed++;
        return NULL;
    }

    b = malloc(sizeof(fz_block_t) + (size ? size : 1));
    if (b == NULL) {
        return NULL;
    }

    /* garbage, not zeroes: nothing may rely on fresh memory being clear */
    memset(b + 1, 0xa5, size);

    b->size = size;
    b->next = pool->blocks;
    pool->blocks = b;

    return b + 1;
}


static FZ_UNUSED void
fz_pool_free(fz_pool_t *pool)
{
    fz_block_t  *b, *next;

    for (b = pool->blocks; b; b = next) {
        next = b->next;
        free(b);
    }

    pool->blocks = NULL;
    pool->calls = 0;
    pool->failed = 0;
}


/* a byte buffer that grows */

typedef struct {
    char    *data;
    size_t   len;
    size_t   size;
} fz_buf_t;


static FZ_UNUSED void
fz_buf_add(fz_buf_t *b, const char *p, size_t n)
{
    char    *d;
    size_t   size;

    if (n == 0) {
        return;
    }

    if (b->len + n > b->size) {
        size = b->size ? b->size : 256;

        while (size < b->len + n) {
            size *= 2;
        }

        d = realloc(b->data, size);
        if (d == NULL) {
            fprintf(stderr, "fuzz: out of memory\n");
            abort();
        }

        b->data = d;
        b->size = size;
    }

    memcpy(b->data + b->len, p, n);
    b->len += n;
}


static FZ_UNUSED void
fz_buf_free(fz_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->size = 0;
}


#endif /* _FUZZ_COMMON_H_INCLUDED_ */
