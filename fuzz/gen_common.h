/*
 * ngx_pkg_reroute fuzzing: what the seed generators share. Each seed is
 * a file named by a hash of its bytes, so that equal seeds are one file.
 */

#ifndef _GEN_COMMON_H_INCLUDED_
#define _GEN_COMMON_H_INCLUDED_


#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


#define GEN_MAX_SEED  (64 * 1024)     /* larger inputs are not seeds */


static const char  *gen_dir;          /* fuzz/corpus */
static unsigned     gen_written;


static uint64_t
gen_hash(const void *data, size_t len)
{
    size_t          i;
    uint64_t        h;
    const uint8_t  *p;

    p = data;
    h = 0xcbf29ce484222325ull;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }

    return h;
}


/* writes one seed into <dir>/<target>/ */
static void
gen_seed(const char *target, const void *data, size_t len)
{
    char   path[4096];
    FILE  *f;

    if (len > GEN_MAX_SEED) {
        return;
    }

    snprintf(path, sizeof(path), "%s/%s", gen_dir, target);

    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }

    snprintf(path, sizeof(path), "%s/%s/seed-%016llx", gen_dir, target,
             (unsigned long long) gen_hash(data, len));

    f = fopen(path, "wb");

    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }

    gen_written++;
}


/* a growing byte string */

typedef struct {
    char    *data;
    size_t   len;
    size_t   size;
} gen_buf_t;


static void
gen_add(gen_buf_t *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->size) {
        b->size = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->size);

        if (b->data == NULL) {
            perror("realloc");
            exit(1);
        }
    }

    if (n) {
        memcpy(b->data + b->len, p, n);
    }

    b->len += n;
    b->data[b->len] = '\0';
}


static void
gen_adds(gen_buf_t *b, const char *s)
{
    gen_add(b, s, strlen(s));
}


static void
gen_addc(gen_buf_t *b, char c)
{
    gen_add(b, &c, 1);
}


#endif /* _GEN_COMMON_H_INCLUDED_ */
