/*
 * ngx_pkg_reroute: malicious package lists, offline (pr_mal.h).
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "pr_mal.h"
#include "pr_name.h"
#include "pr_version.h"


#define PR_MAL_DEPTH     16          /* directories below the root */
#define PR_MAL_STR_MAX   0xffff      /* one string: name, version, id */


enum {
    PR_MR_ALL = 0,                   /* every version */
    PR_MR_EXACT,                     /* a */
    PR_MR_GLOB,                      /* a, with * and ? */
    PR_MR_FIXED,                     /* [a, b)  a empty: from the first */
    PR_MR_LAST,                      /* [a, b] */
    PR_MR_OPEN                       /* [a, ...) */
};


typedef struct {
    uint32_t     next;               /* index + 1; 0: the last */
    uint32_t     a;
    uint32_t     b;
    uint32_t     id;
    uint16_t     alen;
    uint16_t     blen;
    uint16_t     idlen;
    uint8_t      type;
    uint8_t      semver;             /* an OSV SEMVER range */
} pr_mal_rec_t;


typedef struct {
    uint32_t     hash;
    uint32_t     name;
    uint32_t     head;               /* first entry + 1; 0: a free slot */
    uint16_t     nlen;
    uint8_t      eco;
    uint8_t      all;                /* head is an "every version" entry */
} pr_mal_slot_t;


struct pr_mal_s {
    pr_mal_slot_t   *slot;
    size_t           nslots;         /* a power of two */
    size_t           nused;

    pr_mal_rec_t    *rec;
    size_t           nrec;
    size_t           crec;

    char            *str;
    size_t           sused;
    size_t           scap;

    pr_mal_stats_t   st;
    char             err[512];
};


/* what one add reads: its id, stored once */
typedef struct {
    pr_mal_t        *m;
    const char      *src;
    uint32_t         id;
    uint16_t         idlen;
} pr_mal_add_t;


pr_mal_t *
pr_mal_create(void)
{
    pr_mal_t  *m;

    m = calloc(1, sizeof(pr_mal_t));
    if (m == NULL) {
        return NULL;
    }

    m->nslots = 1024;
    m->slot = calloc(m->nslots, sizeof(pr_mal_slot_t));

    if (m->slot == NULL) {
        free(m);
        return NULL;
    }

    return m;
}


void
pr_mal_destroy(pr_mal_t *m)
{
    if (m == NULL) {
        return;
    }

    free(m->slot);
    free(m->rec);
    free(m->str);
    free(m);
}


const char *
pr_mal_error(const pr_mal_t *m)
{
    return m->err;
}


static int
pr_mal_fail(pr_mal_t *m, const char *src, const char *what)
{
    snprintf(m->err, sizeof(m->err), "%.380s: %.120s", src ? src : "-",
             what);
    return -1;
}


/* murmur3's finalizer over FNV-1a of the ecosystem and the name */
static uint32_t
pr_mal_hash(pr_eco_t eco, const char *s, size_t len)
{
    size_t    i;
    uint32_t  h;

    h = 2166136261u;
    h = (h ^ (uint32_t) eco) * 16777619u;

    for (i = 0; i < len; i++) {
        h = (h ^ (unsigned char) s[i]) * 16777619u;
    }

    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;

    return h;
}


static int
pr_mal_str(pr_mal_t *m, const char *s, size_t len, uint32_t *off)
{
    char    *p;
    size_t   cap;

    if (len > PR_MAL_STR_MAX) {
        return -1;
    }

    if (m->sused + len > m->scap) {
        cap = m->scap ? m->scap * 2 : 65536;

        while (cap < m->sused + len) {
            cap *= 2;
        }

        if (cap > 0xffffffffu) {
            return -1;
        }

        p = realloc(m->str, cap);
        if (p == NULL) {
            return -1;
        }

        m->str = p;
        m->scap = cap;
    }

    memcpy(m->str + m->sused, s, len);
    *off = (uint32_t) m->sused;
    m->sused += len;

    return 0;
}


static pr_mal_slot_t *
pr_mal_find(const pr_mal_t *m, pr_eco_t eco, const char *name, size_t len,
    uint32_t hash)
{
    size_t          i, mask;
    pr_mal_slot_t  *s;

    mask = m->nslots - 1;

    for (i = hash & mask; ; i = (i + 1) & mask) {
        s = &m->slot[i];

        if (s->head == 0) {
            return s;
        }

        if (s->hash == hash && s->eco == (uint8_t) eco && s->nlen == len
            && memcmp(m->str + s->name, name, len) == 0)
        {
            return s;
        }
    }
}


static int
pr_mal_grow(pr_mal_t *m)
{
    size_t          i, n, mask, j;
    pr_mal_slot_t  *old, *slot;

    n = m->nslots * 2;
    slot = calloc(n, sizeof(pr_mal_slot_t));
    if (slot == NULL) {
        return -1;
    }

    mask = n - 1;
    old = m->slot;

    for (i = 0; i < m->nslots; i++) {
        if (old[i].head == 0) {
            continue;
        }

        for (j = old[i].hash & mask; slot[j].head; j = (j + 1) & mask) {
            /* void */
        }

        slot[j] = old[i];
    }

    free(old);
    m->slot = slot;
    m->nslots = n;

    return 0;
}


/* one entry for (eco, canonical name) */
static int
pr_mal_put(pr_mal_add_t *ad, pr_eco_t eco, const char *name, size_t nlen,
    unsigned type, const char *a, size_t alen, const char *b, size_t blen,
    unsigned semver)
{
    uint32_t        hash, idx;
    pr_mal_t       *m;
    pr_mal_rec_t   *r;
    pr_mal_slot_t  *s;

    m = ad->m;

    if ((m->nused + 1) * 2 > m->nslots && pr_mal_grow(m) != 0) {
        return pr_mal_fail(m, ad->src, "no memory");
    }

    hash = pr_mal_hash(eco, name, nlen);
    s = pr_mal_find(m, eco, name, nlen, hash);

    m->st.entries++;

    if (s->head && s->all) {
        /* every version is listed already */
        return 0;
    }

    if (m->nrec == m->crec) {
        size_t         c = m->crec ? m->crec * 2 : 4096;
        pr_mal_rec_t  *p;

        if (c > 0xfffffffeu) {
            return pr_mal_fail(m, ad->src, "too many entries");
        }

        p = realloc(m->rec, c * sizeof(pr_mal_rec_t));
        if (p == NULL) {
            return pr_mal_fail(m, ad->src, "no memory");
        }

        m->rec = p;
        m->crec = c;
    }

    idx = (uint32_t) m->nrec;
    r = &m->rec[idx];
    memset(r, 0, sizeof(pr_mal_rec_t));

    r->type = (uint8_t) type;
    r->semver = (uint8_t) semver;
    r->id = ad->id;
    r->idlen = ad->idlen;

    if ((alen && pr_mal_str(m, a, alen, &r->a) != 0)
        || (blen && pr_mal_str(m, b, blen, &r->b) != 0))
    {
        return pr_mal_fail(m, ad->src, "a version too long, or no memory");
    }

    r->alen = (uint16_t) alen;
    r->blen = (uint16_t) blen;

    if (s->head == 0) {
        if (pr_mal_str(m, name, nlen, &s->name) != 0) {
            return pr_mal_fail(m, ad->src, "no memory");
        }

        s->hash = hash;
        s->nlen = (uint16_t) nlen;
        s->eco = (uint8_t) eco;
        m->nused++;
        m->st.names++;
    }

    /* an "every version" entry goes first, the others after it */
    r->next = s->head;
    s->head = idx + 1;
    m->nrec++;

    if (type == PR_MR_ALL) {
        s->all = 1;
    }

    return 0;
}


static pr_eco_t
pr_mal_osv_eco(const char *s)
{
    if (strcmp(s, "npm") == 0) {
        return PR_ECO_NPM;
    }

    if (strcmp(s, "PyPI") == 0) {
        return PR_ECO_PYPI;
    }

    if (strcmp(s, "crates.io") == 0) {
        return PR_ECO_CARGO;
    }

    if (strcmp(s, "RubyGems") == 0) {
        return PR_ECO_RUBYGEMS;
    }

    return PR_ECO_NONE;
}


static const char *
pr_mal_jstr(const cJSON *o, const char *key)
{
    const cJSON  *j;

    j = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(j) ? j->valuestring : NULL;
}


/* a range's events: intervals, in the order given */
static int
pr_mal_events(pr_mal_add_t *ad, pr_eco_t eco, const char *name, size_t nlen,
    const cJSON *events, unsigned semver, unsigned *added)
{
    size_t        slen;
    unsigned      open;
    const char   *start, *v;
    const cJSON  *e;

    if (!cJSON_IsArray(events)) {
        return pr_mal_fail(ad->m, ad->src, "a range without events");
    }

    open = 0;
    start = NULL;

    cJSON_ArrayForEach(e, events) {
        if (!cJSON_IsObject(e)) {
            return pr_mal_fail(ad->m, ad->src, "an event is not an object");
        }

        if ((v = pr_mal_jstr(e, "introduced")) != NULL) {
            open = 1;
            start = strcmp(v, "0") == 0 ? NULL : v;
            continue;
        }

        slen = start ? strlen(start) : 0;

        if ((v = pr_mal_jstr(e, "fixed")) != NULL) {
            if (open) {
                if (pr_mal_put(ad, eco, name, nlen, PR_MR_FIXED, start, slen,
                               v, strlen(v), semver)
                    != 0)
                {
                    return -1;
                }

                (*added)++;
                open = 0;
            }

            continue;
        }

        if ((v = pr_mal_jstr(e, "last_affected")) != NULL) {
            if (open) {
                if (pr_mal_put(ad, eco, name, nlen, PR_MR_LAST, start, slen,
                               v, strlen(v), semver)
                    != 0)
                {
                    return -1;
                }

                (*added)++;
                open = 0;
            }

            continue;
        }

        /* "limit" (git ranges) and what OSV may add later: not read */
    }

    if (open) {
        if (start == NULL) {
            if (pr_mal_put(ad, eco, name, nlen, PR_MR_ALL, NULL, 0, NULL, 0,
                           0)
                != 0)
            {
                return -1;
            }

        } else if (pr_mal_put(ad, eco, name, nlen, PR_MR_OPEN, start,
                              strlen(start), NULL, 0, semver)
                   != 0)
        {
            return -1;
        }

        (*added)++;
    }

    return 0;
}


static int
pr_mal_affected(pr_mal_add_t *ad, const cJSON *a)
{
    size_t        nlen, len;
    unsigned      added;
    pr_eco_t      eco;
    const char   *es, *ns, *type;
    const cJSON  *pkg, *versions, *ranges, *v, *r;
    char          name[PR_MAX_NAME_LEN];

    if (!cJSON_IsObject(a)) {
        return pr_mal_fail(ad->m, ad->src, "affected[] is not an object");
    }

    pkg = cJSON_GetObjectItemCaseSensitive(a, "package");
    es = pr_mal_jstr(pkg, "ecosystem");
    ns = pr_mal_jstr(pkg, "name");

    if (es == NULL || ns == NULL) {
        return pr_mal_fail(ad->m, ad->src,
                           "affected[].package without ecosystem or name");
    }

    eco = pr_mal_osv_eco(es);

    if (eco == PR_ECO_NONE) {
        ad->m->st.skipped++;
        return 0;
    }

    len = strlen(ns);

    if (len == 0 || len > PR_MAX_NAME_LEN) {
        return pr_mal_fail(ad->m, ad->src, "a package name empty or long");
    }

    nlen = pr_name_canon(eco, ns, len, name);
    added = 0;

    versions = cJSON_GetObjectItemCaseSensitive(a, "versions");

    if (versions && !cJSON_IsArray(versions)) {
        return pr_mal_fail(ad->m, ad->src, "versions is not an array");
    }

    cJSON_ArrayForEach(v, versions) {
        if (!cJSON_IsString(v) || v->valuestring[0] == '\0') {
            return pr_mal_fail(ad->m, ad->src, "a version is not a string");
        }

        if (pr_mal_put(ad, eco, name, nlen, PR_MR_EXACT, v->valuestring,
                       strlen(v->valuestring), NULL, 0, 0)
            != 0)
        {
            return -1;
        }

        added++;
    }

    ranges = cJSON_GetObjectItemCaseSensitive(a, "ranges");

    if (ranges && !cJSON_IsArray(ranges)) {
        return pr_mal_fail(ad->m, ad->src, "ranges is not an array");
    }

    cJSON_ArrayForEach(r, ranges) {
        type = pr_mal_jstr(r, "type");

        if (type == NULL) {
            return pr_mal_fail(ad->m, ad->src, "a range without a type");
        }

        if (strcmp(type, "SEMVER") != 0 && strcmp(type, "ECOSYSTEM") != 0) {
            continue;
        }

        if (pr_mal_events(ad, eco, name, nlen,
                          cJSON_GetObjectItemCaseSensitive(r, "events"),
                          type[0] == 'S', &added)
            != 0)
        {
            return -1;
        }
    }

    if (added == 0) {
        return pr_mal_put(ad, eco, name, nlen, PR_MR_ALL, NULL, 0, NULL, 0,
                          0);
    }

    return 0;
}


int
pr_mal_add_osv(pr_mal_t *m, const char *json, size_t len, const char *src)
{
    int            rc;
    cJSON         *root;
    const char    *id;
    const cJSON   *w, *affected, *a;
    pr_mal_add_t   ad;

    m->st.files++;

    if (len > PR_MAL_MAX_FILE) {
        return pr_mal_fail(m, src, "larger than 4 MB");
    }

    root = cJSON_ParseWithLength(json, len);
    if (root == NULL) {
        return pr_mal_fail(m, src, "not JSON");
    }

    rc = -1;

    if (!cJSON_IsObject(root)) {
        pr_mal_fail(m, src, "not an OSV object");
        goto done;
    }

    id = pr_mal_jstr(root, "id");

    if (id == NULL || id[0] == '\0') {
        pr_mal_fail(m, src, "no id");
        goto done;
    }

    w = cJSON_GetObjectItemCaseSensitive(root, "withdrawn");

    if (w && !cJSON_IsNull(w)) {
        m->st.withdrawn++;
        rc = 0;
        goto done;
    }

    affected = cJSON_GetObjectItemCaseSensitive(root, "affected");

    if (!cJSON_IsArray(affected)) {
        pr_mal_fail(m, src, "no affected[]");
        goto done;
    }

    ad.m = m;
    ad.src = src;
    ad.idlen = (uint16_t) strlen(id);

    if (strlen(id) > 255 || pr_mal_str(m, id, ad.idlen, &ad.id) != 0) {
        pr_mal_fail(m, src, "an id too long, or no memory");
        goto done;
    }

    cJSON_ArrayForEach(a, affected) {
        if (pr_mal_affected(&ad, a) != 0) {
            goto done;
        }
    }

    rc = 0;

done:

    cJSON_Delete(root);
    return rc;
}


int
pr_mal_add_list(pr_mal_t *m, pr_eco_t eco, const char *text, size_t len,
    const char *src)
{
    size_t         nlen, vlen, line, i;
    unsigned       type;
    const char    *p, *end, *e, *at, *ver;
    pr_mal_add_t   ad;
    char           name[PR_MAX_NAME_LEN];
    char           id[300];

    m->st.files++;

    if (eco <= PR_ECO_NONE || eco >= PR_ECO_MAX) {
        return pr_mal_fail(m, src, "no ecosystem");
    }

    if (len > PR_MAL_MAX_FILE) {
        return pr_mal_fail(m, src, "larger than 4 MB");
    }

    ad.m = m;
    ad.src = src;

    end = text + len;
    line = 0;

    for (p = text; p < end; p = e + 1) {
        line++;

        for (e = p; e < end && *e != '\n'; e++) { /* void */ }

        /* the line, without a comment and blanks around */
        at = memchr(p, '#', (size_t) (e - p));
        ver = at ? at : e;

        while (p < ver && (*p == ' ' || *p == '\t')) {
            p++;
        }

        while (ver > p && (ver[-1] == ' ' || ver[-1] == '\t'
                           || ver[-1] == '\r'))
        {
            ver--;
        }

        if (p == ver) {
            if (e == end) {
                break;
            }

            continue;
        }

        for (i = 0; p + i < ver; i++) {
            if (p[i] == ' ' || p[i] == '\t' || (unsigned char) p[i] < 0x20) {
                snprintf(id, sizeof(id), "line %zu: a blank or control "
                         "character in the entry", line);
                return pr_mal_fail(m, src, id);
            }
        }

        /* name@version: the last '@', not the first byte */
        for (at = ver - 1; at > p && *at != '@'; at--) { /* void */ }

        if (at > p) {
            nlen = (size_t) (at - p);
            vlen = (size_t) (ver - at - 1);

        } else {
            nlen = (size_t) (ver - p);
            vlen = 0;
        }

        if (nlen > PR_MAX_NAME_LEN || (at > p && vlen == 0)) {
            snprintf(id, sizeof(id), "line %zu: a name too long, or an "
                     "empty version", line);
            return pr_mal_fail(m, src, id);
        }

        snprintf(id, sizeof(id), "%.200s:%zu", src ? src : "-", line);
        ad.idlen = (uint16_t) strlen(id);

        if (pr_mal_str(m, id, ad.idlen, &ad.id) != 0) {
            return pr_mal_fail(m, src, "no memory");
        }

        nlen = pr_name_canon(eco, p, nlen, name);

        if (vlen == 0) {
            type = PR_MR_ALL;

        } else {
            type = (memchr(at + 1, '*', vlen) || memchr(at + 1, '?', vlen))
                   ? PR_MR_GLOB : PR_MR_EXACT;
        }

        if (pr_mal_put(&ad, eco, name, nlen, type, vlen ? at + 1 : NULL,
                       vlen, NULL, 0, 0)
            != 0)
        {
            return -1;
        }

        if (e == end) {
            break;
        }
    }

    return 0;
}


/* files */

static int
pr_mal_read(pr_mal_t *m, const char *path, char **buf, size_t *len)
{
    int          fd;
    char        *p;
    size_t       got;
    ssize_t      n;
    struct stat  st;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return pr_mal_fail(m, path, strerror(errno));
    }

    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return pr_mal_fail(m, path, "not a regular file");
    }

    if (st.st_size > PR_MAL_MAX_FILE) {
        close(fd);
        return pr_mal_fail(m, path, "larger than 4 MB");
    }

    p = malloc((size_t) st.st_size + 1);
    if (p == NULL) {
        close(fd);
        return pr_mal_fail(m, path, "no memory");
    }

    for (got = 0; got < (size_t) st.st_size; got += (size_t) n) {
        n = read(fd, p + got, (size_t) st.st_size - got);

        if (n <= 0) {
            free(p);
            close(fd);
            return pr_mal_fail(m, path, n ? strerror(errno) : "short read");
        }
    }

    close(fd);
    *buf = p;
    *len = got;

    return 0;
}


static int
pr_mal_is_entry(const char *name, size_t len)
{
    size_t  i;

    /* the base name: MAL-*.json */
    for (i = len; i > 0 && name[i - 1] != '/'; i--) { /* void */ }

    name += i;
    len -= i;

    return len > 9 && memcmp(name, "MAL-", 4) == 0
           && memcmp(name + len - 5, ".json", 5) == 0;
}


static int
pr_mal_walk(pr_mal_t *m, char *path, size_t len, unsigned depth)
{
    int             rc;
    DIR            *dir;
    char           *buf;
    size_t          n, blen;
    struct stat     st;
    struct dirent  *de;

    if (depth > PR_MAL_DEPTH) {
        return pr_mal_fail(m, path, "directories too deep");
    }

    dir = opendir(path);
    if (dir == NULL) {
        return pr_mal_fail(m, path, strerror(errno));
    }

    rc = 0;

    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }

        n = strlen(de->d_name);

        if (len + 1 + n + 1 > 4096) {
            rc = pr_mal_fail(m, path, "a path too long");
            break;
        }

        path[len] = '/';
        memcpy(path + len + 1, de->d_name, n + 1);

        if (stat(path, &st) != 0) {
            rc = pr_mal_fail(m, path, strerror(errno));
            break;
        }

        if (S_ISDIR(st.st_mode)) {
            rc = pr_mal_walk(m, path, len + 1 + n, depth + 1);

        } else if (S_ISREG(st.st_mode) && pr_mal_is_entry(de->d_name, n)) {
            rc = pr_mal_read(m, path, &buf, &blen);

            if (rc == 0) {
                rc = pr_mal_add_osv(m, buf, blen, path);
                free(buf);
            }
        }

        path[len] = '\0';

        if (rc != 0) {
            break;
        }
    }

    closedir(dir);

    return rc;
}


/* zip: the central directory, zip64 where it is needed */

#define pr_le16(p)  ((uint32_t) (p)[0] | (uint32_t) (p)[1] << 8)
#define pr_le32(p)  (pr_le16(p) | pr_le16((p) + 2) << 16)
#define pr_le64(p)  ((uint64_t) pr_le32(p) | (uint64_t) pr_le32((p) + 4) << 32)


static int
pr_mal_zip(pr_mal_t *m, const unsigned char *z, size_t size,
    const char *path, pr_inflate_pt inflate, void *ctx)
{
    int                   rc;
    size_t                i, nlen, xlen, clen, k;
    uint64_t              count, cdoff, cdsize, e, off, csize, usize, lho;
    unsigned              method, flags;
    unsigned char        *out;
    const unsigned char  *eocd, *p, *x, *data;
    char                  src[4096];

    if (size < 22) {
        return pr_mal_fail(m, path, "not a zip file");
    }

    /* the end of central directory record, before a comment */
    eocd = NULL;

    for (i = size - 22; ; i--) {
        if (pr_le32(z + i) == 0x06054b50) {
            eocd = z + i;
            break;
        }

        if (i == 0 || size - i > 22 + 65535) {
            break;
        }
    }

    if (eocd == NULL) {
        return pr_mal_fail(m, path, "not a zip file (no end record)");
    }

    count = pr_le16(eocd + 10);
    cdsize = pr_le32(eocd + 12);
    cdoff = pr_le32(eocd + 16);

    if (count == 0xffff || cdsize == 0xffffffff || cdoff == 0xffffffff) {
        /* zip64: the locator just before, then its end record */
        if (eocd - z < 20 || pr_le32(eocd - 20) != 0x07064b50) {
            return pr_mal_fail(m, path, "zip64 without its locator");
        }

        e = pr_le64(eocd - 20 + 8);

        if (e > size || size - e < 56 || pr_le32(z + e) != 0x06064b50) {
            return pr_mal_fail(m, path, "a bad zip64 end record");
        }

        count = pr_le64(z + e + 32);
        cdsize = pr_le64(z + e + 40);
        cdoff = pr_le64(z + e + 48);
    }

    if (cdoff > size || cdsize > size - cdoff) {
        return pr_mal_fail(m, path, "the central directory is outside");
    }

    p = z + cdoff;

    for (k = 0; k < count; k++) {
        if ((size_t) (z + cdoff + cdsize - p) < 46 || pr_le32(p) != 0x02014b50)
        {
            return pr_mal_fail(m, path, "a bad central directory entry");
        }

        flags = pr_le16(p + 8);
        method = pr_le16(p + 10);
        csize = pr_le32(p + 20);
        usize = pr_le32(p + 24);
        nlen = pr_le16(p + 28);
        xlen = pr_le16(p + 30);
        clen = pr_le16(p + 32);
        lho = pr_le32(p + 42);

        if ((size_t) (z + cdoff + cdsize - p) < 46 + nlen + xlen + clen) {
            return pr_mal_fail(m, path, "a bad central directory entry");
        }

        /* the zip64 extra field: the sizes and offset that do not fit */
        for (x = p + 46 + nlen; x + 4 <= p + 46 + nlen + xlen; ) {
            size_t  dlen = pr_le16(x + 2);
            size_t  at = 4;

            if (x + 4 + dlen > p + 46 + nlen + xlen) {
                break;
            }

            if (pr_le16(x) == 0x0001) {
                if (usize == 0xffffffff && at + 8 <= 4 + dlen) {
                    usize = pr_le64(x + at);
                    at += 8;
                }

                if (csize == 0xffffffff && at + 8 <= 4 + dlen) {
                    csize = pr_le64(x + at);
                    at += 8;
                }

                if (lho == 0xffffffff && at + 8 <= 4 + dlen) {
                    lho = pr_le64(x + at);
                }
            }

            x += 4 + dlen;
        }

        if (nlen >= sizeof(src) - strlen(path) - 2) {
            return pr_mal_fail(m, path, "an entry name too long");
        }

        snprintf(src, sizeof(src), "%s:%.*s", path, (int) nlen,
                 (const char *) p + 46);

        p += 46 + nlen + xlen + clen;

        if (!pr_mal_is_entry(src, strlen(src))) {
            continue;
        }

        if (flags & 1) {
            return pr_mal_fail(m, src, "encrypted");
        }

        if (usize > PR_MAL_MAX_FILE) {
            return pr_mal_fail(m, src, "larger than 4 MB");
        }

        if (lho > size || size - lho < 30 || pr_le32(z + lho) != 0x04034b50) {
            return pr_mal_fail(m, src, "a bad local header");
        }

        off = lho + 30 + pr_le16(z + lho + 26) + pr_le16(z + lho + 28);

        if (off > size || csize > size - off) {
            return pr_mal_fail(m, src, "the data is outside the file");
        }

        data = z + off;

        if (method == 0) {
            if (csize != usize) {
                return pr_mal_fail(m, src, "stored sizes differ");
            }

            rc = pr_mal_add_osv(m, (const char *) data, (size_t) usize, src);

        } else if (method == 8) {
            if (inflate == NULL) {
                return pr_mal_fail(m, src, "deflated, and no inflate");
            }

            out = malloc((size_t) usize + 1);
            if (out == NULL) {
                return pr_mal_fail(m, src, "no memory");
            }

            if (inflate(ctx, data, (size_t) csize, out, (size_t) usize) != 0) {
                free(out);
                return pr_mal_fail(m, src, "does not inflate");
            }

            rc = pr_mal_add_osv(m, (const char *) out, (size_t) usize, src);
            free(out);

        } else {
            return pr_mal_fail(m, src, "compressed with a method other "
                               "than deflate");
        }

        if (rc != 0) {
            return rc;
        }
    }

    return 0;
}


int
pr_mal_load(pr_mal_t *m, const char *path, pr_inflate_pt inflate, void *ctx)
{
    int           fd, rc;
    char         *buf;
    void         *map;
    size_t        len;
    struct stat   st;
    char          p[4096];

    if (stat(path, &st) != 0) {
        return pr_mal_fail(m, path, strerror(errno));
    }

    if (S_ISDIR(st.st_mode)) {
        len = strlen(path);

        if (len >= sizeof(p)) {
            return pr_mal_fail(m, path, "a path too long");
        }

        memcpy(p, path, len + 1);

        while (len > 1 && p[len - 1] == '/') {
            p[--len] = '\0';
        }

        return pr_mal_walk(m, p, len, 0);
    }

    if (!S_ISREG(st.st_mode)) {
        return pr_mal_fail(m, path, "neither a directory nor a file");
    }

    len = strlen(path);

    if (len < 4 || strcmp(path + len - 4, ".zip") != 0) {
        if (pr_mal_read(m, path, &buf, &len) != 0) {
            return -1;
        }

        rc = pr_mal_add_osv(m, buf, len, path);
        free(buf);

        return rc;
    }

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return pr_mal_fail(m, path, strerror(errno));
    }

    if (st.st_size == 0) {
        close(fd);
        return pr_mal_fail(m, path, "an empty zip file");
    }

    map = mmap(NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);

    if (map == MAP_FAILED) {
        return pr_mal_fail(m, path, strerror(errno));
    }

    rc = pr_mal_zip(m, map, (size_t) st.st_size, path, inflate, ctx);

    munmap(map, (size_t) st.st_size);

    return rc;
}


int
pr_mal_load_list(pr_mal_t *m, pr_eco_t eco, const char *path)
{
    int      rc;
    char    *buf;
    size_t   len;

    if (pr_mal_read(m, path, &buf, &len) != 0) {
        return -1;
    }

    rc = pr_mal_add_list(m, eco, buf, len, path);
    free(buf);

    return rc;
}


void
pr_mal_finish(pr_mal_t *m)
{
    void  *p;

    if (m->nrec && m->nrec < m->crec) {
        p = realloc(m->rec, m->nrec * sizeof(pr_mal_rec_t));
        if (p) {
            m->rec = p;
            m->crec = m->nrec;
        }
    }

    if (m->sused && m->sused < m->scap) {
        p = realloc(m->str, m->sused);
        if (p) {
            m->str = p;
            m->scap = m->sused;
        }
    }
}


void
pr_mal_stats(const pr_mal_t *m, pr_mal_stats_t *st)
{
    *st = m->st;
    st->bytes = sizeof(pr_mal_t) + m->nslots * sizeof(pr_mal_slot_t)
                + m->crec * sizeof(pr_mal_rec_t) + m->scap;
}


/* lookup */

static int
pr_mal_glob(const char *p, size_t plen, const char *s, size_t slen)
{
    size_t  pi, si, star, mark;

    pi = 0;
    si = 0;
    star = (size_t) -1;
    mark = 0;

    while (si < slen) {
        if (pi < plen && (p[pi] == '?' || p[pi] == s[si])) {
            pi++;
            si++;

        } else if (pi < plen && p[pi] == '*') {
            star = pi++;
            mark = si;

        } else if (star != (size_t) -1) {
            pi = star + 1;
            si = ++mark;

        } else {
            return 0;
        }
    }

    while (pi < plen && p[pi] == '*') {
        pi++;
    }

    return pi == plen;
}


static pr_eco_t
pr_mal_semver_eco(pr_eco_t eco, unsigned semver)
{
    /* an OSV SEMVER range is semver 2.0 whatever the ecosystem */
    return semver ? PR_ECO_NPM : eco;
}


/* 1: v in the interval; a bound or the version unreadable: 1 */
static int
pr_mal_in(const pr_mal_t *m, const pr_mal_rec_t *r, pr_eco_t eco,
    const char *version, size_t vlen)
{
    int       c;
    pr_ver_t  v, a, b;

    eco = pr_mal_semver_eco(eco, r->semver);

    if (pr_version_parse(eco, version, vlen, &v) != 0) {
        return 1;
    }

    if (r->alen) {
        if (pr_version_parse(eco, m->str + r->a, r->alen, &a) != 0
            || a.scheme != v.scheme)
        {
            return 1;
        }

        if (pr_version_cmp(&v, &a) < 0) {
            return 0;
        }
    }

    if (r->type == PR_MR_OPEN) {
        return 1;
    }

    if (pr_version_parse(eco, m->str + r->b, r->blen, &b) != 0) {
        return 1;
    }

    c = pr_version_cmp(&v, &b);

    return r->type == PR_MR_FIXED ? c < 0 : c <= 0;
}


static int
pr_mal_exact(const pr_mal_t *m, const pr_mal_rec_t *r, pr_eco_t eco,
    const char *version, size_t vlen)
{
    pr_ver_t  v, a;

    if (r->alen == vlen && memcmp(m->str + r->a, version, vlen) == 0) {
        return 1;
    }

    /* PEP 440 and the others: 1.0 is 1.0.0, 1.0a1 is 1.0-alpha.1 */
    if (pr_version_scheme(eco) == PR_VS_EXACT
        || pr_version_parse(eco, version, vlen, &v) != 0
        || pr_version_parse(eco, m->str + r->a, r->alen, &a) != 0)
    {
        return 0;
    }

    return pr_version_cmp(&v, &a) == 0;
}


pr_mal_hit_t
pr_mal_lookup(const pr_mal_t *m, pr_eco_t eco, const char *name, size_t nlen,
    const char *version, size_t vlen, pr_str_t *id)
{
    int                  hit;
    uint32_t             i;
    const pr_mal_rec_t  *r;
    pr_mal_slot_t       *s;
    char                 canon[PR_MAX_NAME_LEN];

    if (nlen == 0 || nlen > PR_MAX_NAME_LEN || m->nused == 0) {
        return PR_MAL_NONE;
    }

    nlen = pr_name_canon(eco, name, nlen, canon);

    s = pr_mal_find(m, eco, canon, nlen, pr_mal_hash(eco, canon, nlen));

    if (s->head == 0) {
        return PR_MAL_NONE;
    }

    if (s->all) {
        r = &m->rec[s->head - 1];

        if (id) {
            id->data = m->str + r->id;
            id->len = r->idlen;
        }

        return PR_MAL_ALL;
    }

    if (version == NULL || vlen == 0) {
        return PR_MAL_OTHER;
    }

    for (i = s->head; i; i = r->next) {
        r = &m->rec[i - 1];

        switch (r->type) {
        case PR_MR_EXACT:
            hit = pr_mal_exact(m, r, (pr_eco_t) s->eco, version, vlen);
            break;
        case PR_MR_GLOB:
            hit = pr_mal_glob(m->str + r->a, r->alen, version, vlen);
            break;
        default:
            hit = pr_mal_in(m, r, (pr_eco_t) s->eco, version, vlen);
            break;
        }

        if (hit) {
            if (id) {
                id->data = m->str + r->id;
                id->len = r->idlen;
            }

            return PR_MAL_VERSION;
        }
    }

    return PR_MAL_OTHER;
}
