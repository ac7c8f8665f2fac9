/*
 * ngx_pkg_reroute: the version -> publication time table (pr_vtime.h).
 * Open addressing, linear probing, grown at half full; the hash is
 * seeded by the caller so that a document cannot choose its collisions.
 */

#include <stdlib.h>
#include <string.h>

#include "pr_vtime.h"


#define PR_VTIME_UNKNOWN  ((int64_t) -1)


static uint64_t pr_vtime_hash(const pr_vtime_t *vt, const char *v,
    size_t len);
static pr_vtime_ent_t *pr_vtime_find(const pr_vtime_t *vt, uint64_t h,
    const char *v, size_t len);
static int pr_vtime_grow(pr_vtime_t *vt);


void
pr_vtime_init(pr_vtime_t *vt, int min, uint64_t seed)
{
    memset(vt, 0, sizeof(pr_vtime_t));
    vt->min = min ? 1 : 0;
    vt->seed = seed | 1;
}


static uint64_t
pr_vtime_hash(const pr_vtime_t *vt, const char *v, size_t len)
{
    size_t    i;
    uint64_t  h;

    h = 0xcbf29ce484222325ULL ^ vt->seed;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char) v[i];
        h *= 0x100000001b3ULL;
    }

    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;

    return h;
}


/* the version's slot, or the empty slot where it would go */
static pr_vtime_ent_t *
pr_vtime_find(const pr_vtime_t *vt, uint64_t h, const char *v, size_t len)
{
    size_t           i, mask;
    pr_vtime_ent_t  *e;

    mask = vt->nslot - 1;

    for (i = h & mask; /* void */; i = (i + 1) & mask) {
        e = &vt->slot[i];

        if (e->off == 0) {
            return e;
        }

        if (e->hash == h && e->len == len
            && memcmp(vt->keys + e->off, v, len) == 0)
        {
            return e;
        }
    }
}


static int
pr_vtime_grow(pr_vtime_t *vt)
{
    size_t           i, n;
    pr_vtime_ent_t  *old, *e;

    n = vt->nslot ? 2 * vt->nslot : 64;

    old = vt->slot;

    vt->slot = calloc(n, sizeof(pr_vtime_ent_t));
    if (vt->slot == NULL) {
        vt->slot = old;
        return -1;
    }

    vt->nslot = n;

    for (i = 0; old != NULL && i < n / 2; i++) {
        if (old[i].off == 0) {
            continue;
        }

        e = pr_vtime_find(vt, old[i].hash, vt->keys + old[i].off,
                          old[i].len);
        *e = old[i];
    }

    free(old);

    return 0;
}


pr_vtime_ent_t *
pr_vtime_put(pr_vtime_t *vt, const char *v, size_t len, int64_t t,
    int *added)
{
    char            *p;
    size_t           size;
    uint64_t         h;
    pr_vtime_ent_t  *e;

    *added = 0;

    if (t < 0) {
        t = PR_VTIME_UNKNOWN;
    }

    if (2 * (vt->n + 1) > vt->nslot && pr_vtime_grow(vt) != 0) {
        return NULL;
    }

    h = pr_vtime_hash(vt, v, len);
    e = pr_vtime_find(vt, h, v, len);

    if (e->off != 0) {
        return e;
    }

    /* keys[0] is never a version's: off 0 marks an empty slot */
    if (vt->klen == 0) {
        vt->klen = 1;
    }

    if (vt->klen + len > vt->ksize) {
        size = vt->ksize ? 2 * vt->ksize : 1024;

        while (size < vt->klen + len) {
            size *= 2;
        }

        p = realloc(vt->keys, size);
        if (p == NULL) {
            return NULL;
        }

        vt->keys = p;
        vt->ksize = size;
    }

    memcpy(vt->keys + vt->klen, v, len);

    e->hash = h;
    e->t = t;
    e->off = vt->klen;
    e->len = len;
    e->mark = 0;

    vt->klen += len;
    vt->n++;
    *added = 1;

    return e;
}


int
pr_vtime_add(pr_vtime_t *vt, const char *v, size_t len, int64_t t)
{
    int              added;
    pr_vtime_ent_t  *e;

    e = pr_vtime_put(vt, v, len, t, &added);

    if (e == NULL) {
        return -1;
    }

    if (!added && vt->min && t >= 0
        && (e->t == PR_VTIME_UNKNOWN || t < e->t))
    {
        e->t = t;
    }

    return 0;
}


pr_vtime_ent_t *
pr_vtime_ref(const pr_vtime_t *vt, const char *v, size_t len)
{
    pr_vtime_ent_t  *e;

    if (vt->n == 0) {
        return NULL;
    }

    e = pr_vtime_find(vt, pr_vtime_hash(vt, v, len), v, len);

    return (e->off != 0) ? e : NULL;
}


int64_t
pr_vtime_get(const pr_vtime_t *vt, const char *v, size_t len)
{
    pr_vtime_ent_t  *e;

    if (vt->n == 0) {
        return PR_VTIME_UNKNOWN;
    }

    e = pr_vtime_find(vt, pr_vtime_hash(vt, v, len), v, len);

    return (e->off != 0) ? e->t : PR_VTIME_UNKNOWN;
}


void
pr_vtime_free(pr_vtime_t *vt)
{
    free(vt->slot);
    free(vt->keys);
    vt->slot = NULL;
    vt->keys = NULL;
    vt->nslot = 0;
    vt->n = 0;
    vt->klen = 0;
    vt->ksize = 0;
}
