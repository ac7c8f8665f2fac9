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

    char            *json;           /* decoded strings of one document */
    size_t           jcap;
    char            *fbuf;           /* one file of a tree */
    size_t           fcap;

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
    free(m->json);
    free(m->fbuf);
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


/*
 * OSV documents are read in one pass, without a tree: the few members
 * used are found by their keys (the first of two alike, as cJSON would),
 * everything else is skipped, and the whole document is checked as JSON
 * (RFC 8259; nesting at most PR_JS_DEPTH; no \u0000) before anything is
 * stored. cJSON took 5 us a file here (its tree: a node and a string
 * allocated per value), more than a second for a quarter of a million.
 */

#define PR_JS_DEPTH  64


typedef struct {
    const char  *p;
    const char  *end;
    unsigned     depth;
    char        *scratch;            /* decoded strings with escapes */
    size_t       sused;
    size_t       scap;
} pr_js_t;


/*
 * byte classes: 1 white space, 2 ends a plain run of a string ('"', '\\'
 * and the control characters a string must not hold); one table read a
 * byte where the loops compared each byte three or four times
 */
static const uint8_t  pr_js_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 2, 3, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
};


static void
pr_js_ws(pr_js_t *j)
{
    while (j->p < j->end && (pr_js_class[(unsigned char) *j->p] & 1)) {
        j->p++;
    }
}


static int
pr_js_hex(const char *p, unsigned *v)
{
    unsigned  i, c;

    *v = 0;

    for (i = 0; i < 4; i++) {
        c = (unsigned char) p[i];

        if (c >= '0' && c <= '9') {
            c -= '0';

        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            c = (c | 0x20) - 'a' + 10;

        } else {
            return -1;
        }

        *v = *v << 4 | c;
    }

    return 0;
}


/* at '"': the string, decoded into scratch when it has escapes */
static int
pr_js_string(pr_js_t *j, const char **s, size_t *len)
{
    char        *o;
    unsigned     c, lo;
    const char  *p, *start;

    p = ++j->p;
    start = p;

    while (p < j->end && !(pr_js_class[(unsigned char) *p] & 2)) {
        p++;
    }

    if (p < j->end && (unsigned char) *p < 0x20) {
        return -1;
    }

    if (p == j->end) {
        return -1;
    }

    if (*p == '"') {
        *s = start;
        *len = (size_t) (p - start);
        j->p = p + 1;
        return 0;
    }

    /* escapes: decode, never longer than the input */
    if (j->sused + (size_t) (j->end - start) > j->scap) {
        return -1;
    }

    o = j->scratch + j->sused;
    *s = o;
    memcpy(o, start, (size_t) (p - start));
    o += p - start;

    while (p < j->end && *p != '"') {
        if ((unsigned char) *p < 0x20) {
            return -1;
        }

        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }

        if (++p == j->end) {
            return -1;
        }

        switch (*p++) {
        case '"':  *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/':  *o++ = '/'; break;
        case 'b':  *o++ = '\b'; break;
        case 'f':  *o++ = '\f'; break;
        case 'n':  *o++ = '\n'; break;
        case 'r':  *o++ = '\r'; break;
        case 't':  *o++ = '\t'; break;

        case 'u':
            if (j->end - p < 4 || pr_js_hex(p, &c) != 0) {
                return -1;
            }

            p += 4;

            if (c >= 0xdc00 && c <= 0xdfff) {
                return -1;
            }

            if (c >= 0xd800 && c <= 0xdbff) {
                if (j->end - p < 6 || p[0] != '\\' || p[1] != 'u'
                    || pr_js_hex(p + 2, &lo) != 0
                    || lo < 0xdc00 || lo > 0xdfff)
                {
                    return -1;
                }

                p += 6;
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
            }

            /* NUL: cJSON would cut the string there; refused */
            if (c == 0) {
                return -1;
            }

            if (c < 0x80) {
                *o++ = (char) c;

            } else if (c < 0x800) {
                *o++ = (char) (0xc0 | c >> 6);
                *o++ = (char) (0x80 | (c & 0x3f));

            } else if (c < 0x10000) {
                *o++ = (char) (0xe0 | c >> 12);
                *o++ = (char) (0x80 | (c >> 6 & 0x3f));
                *o++ = (char) (0x80 | (c & 0x3f));

            } else {
                *o++ = (char) (0xf0 | c >> 18);
                *o++ = (char) (0x80 | (c >> 12 & 0x3f));
                *o++ = (char) (0x80 | (c >> 6 & 0x3f));
                *o++ = (char) (0x80 | (c & 0x3f));
            }

            break;

        default:
            return -1;
        }
    }

    if (p == j->end) {
        return -1;
    }

    *len = (size_t) (o - *s);
    j->sused += *len;
    j->p = p + 1;

    return 0;
}


static int pr_js_skip(pr_js_t *j);


/* containers: 1 when a member (after its ':') or an element is next,
 * 0 at the end, -1 on an error; first: just after the opening bracket */
static int
pr_js_member(pr_js_t *j, int first, const char **key, size_t *klen)
{
    pr_js_ws(j);

    if (j->p == j->end) {
        return -1;
    }

    if (*j->p == '}') {
        j->p++;
        j->depth--;
        return 0;
    }

    if (!first) {
        if (*j->p != ',') {
            return -1;
        }

        j->p++;
        pr_js_ws(j);
    }

    if (j->p == j->end || *j->p != '"' || pr_js_string(j, key, klen) != 0) {
        return -1;
    }

    pr_js_ws(j);

    if (j->p == j->end || *j->p != ':') {
        return -1;
    }

    j->p++;
    pr_js_ws(j);

    return j->p < j->end ? 1 : -1;
}


static int
pr_js_element(pr_js_t *j, int first)
{
    pr_js_ws(j);

    if (j->p == j->end) {
        return -1;
    }

    if (*j->p == ']') {
        j->p++;
        j->depth--;
        return 0;
    }

    if (!first) {
        if (*j->p != ',') {
            return -1;
        }

        j->p++;
        pr_js_ws(j);
    }

    return j->p < j->end ? 1 : -1;
}


/* at '{' or '[' */
static int
pr_js_open(pr_js_t *j, char c)
{
    if (j->p == j->end || *j->p != c || ++j->depth > PR_JS_DEPTH) {
        return -1;
    }

    j->p++;
    return 0;
}


static int
pr_js_number(pr_js_t *j)
{
    const char  *p = j->p;

    if (p < j->end && *p == '-') {
        p++;
    }

    if (p == j->end || !pr_isdigit(*p)) {
        return -1;
    }

    if (*p == '0') {
        p++;

    } else {
        while (p < j->end && pr_isdigit(*p)) {
            p++;
        }
    }

    if (p < j->end && *p == '.') {
        if (++p == j->end || !pr_isdigit(*p)) {
            return -1;
        }

        while (p < j->end && pr_isdigit(*p)) {
            p++;
        }
    }

    if (p < j->end && (*p == 'e' || *p == 'E')) {
        p++;

        if (p < j->end && (*p == '+' || *p == '-')) {
            p++;
        }

        if (p == j->end || !pr_isdigit(*p)) {
            return -1;
        }

        while (p < j->end && pr_isdigit(*p)) {
            p++;
        }
    }

    j->p = p;
    return 0;
}


static int
pr_js_skip(pr_js_t *j)
{
    int          rc, first;
    size_t       n, len;
    const char  *s;

    pr_js_ws(j);

    if (j->p == j->end) {
        return -1;
    }

    switch (*j->p) {

    case '{':
        if (pr_js_open(j, '{') != 0) {
            return -1;
        }

        for (first = 1; (rc = pr_js_member(j, first, &s, &len)) == 1;
             first = 0)
        {
            if (pr_js_skip(j) != 0) {
                return -1;
            }
        }

        return rc;

    case '[':
        if (pr_js_open(j, '[') != 0) {
            return -1;
        }

        for (first = 1; (rc = pr_js_element(j, first)) == 1; first = 0) {
            if (pr_js_skip(j) != 0) {
                return -1;
            }
        }

        return rc;

    case '"':
        n = j->sused;
        rc = pr_js_string(j, &s, &len);
        j->sused = n;
        return rc;

    case 't':
        s = "true";
        break;

    case 'f':
        s = "false";
        break;

    case 'n':
        s = "null";
        break;

    default:
        return pr_js_number(j);
    }

    n = strlen(s);

    if ((size_t) (j->end - j->p) < n || memcmp(j->p, s, n) != 0) {
        return -1;
    }

    j->p += n;
    return 0;
}


#define pr_js_key(k, kl, lit)                                                 \
    ((kl) == sizeof(lit) - 1 && memcmp(k, lit, sizeof(lit) - 1) == 0)


/* a member's value if it is a string: 1; another type: 0 */
static int
pr_js_str_at(pr_js_t *j, const char *at, const char **s, size_t *len)
{
    if (at == NULL || *at != '"') {
        return 0;
    }

    j->p = at;
    return pr_js_string(j, s, len) == 0;
}


static pr_eco_t
pr_mal_osv_eco(const char *s, size_t len)
{
    if (len == 3 && memcmp(s, "npm", 3) == 0) {
        return PR_ECO_NPM;
    }

    if (len == 4 && memcmp(s, "PyPI", 4) == 0) {
        return PR_ECO_PYPI;
    }

    if (len == 9 && memcmp(s, "crates.io", 9) == 0) {
        return PR_ECO_CARGO;
    }

    if (len == 8 && memcmp(s, "RubyGems", 8) == 0) {
        return PR_ECO_RUBYGEMS;
    }

    return PR_ECO_NONE;
}


/* a range's events: intervals, in the order given */
static int
pr_mal_events(pr_mal_add_t *ad, pr_js_t *j, pr_eco_t eco, const char *name,
    size_t nlen, const char *events, unsigned semver, unsigned *added)
{
    int          rc, mrc, first, mfirst;
    size_t       slen, vlen, klen;
    unsigned     open;
    const char  *start, *v, *key, *intro, *fixed, *last, *after;

    if (events == NULL || *events != '[') {
        return pr_mal_fail(ad->m, ad->src, "a range without events");
    }

    j->p = events;
    pr_js_open(j, '[');

    open = 0;
    start = NULL;
    slen = 0;

    for (first = 1; (rc = pr_js_element(j, first)) == 1; first = 0) {
        if (*j->p != '{') {
            return pr_mal_fail(ad->m, ad->src, "an event is not an object");
        }

        pr_js_open(j, '{');
        intro = NULL;
        fixed = NULL;
        last = NULL;

        for (mfirst = 1; (mrc = pr_js_member(j, mfirst, &key, &klen)) == 1;
             mfirst = 0)
        {
            if (pr_js_key(key, klen, "introduced") && intro == NULL) {
                intro = j->p;

            } else if (pr_js_key(key, klen, "fixed") && fixed == NULL) {
                fixed = j->p;

            } else if (pr_js_key(key, klen, "last_affected")
                       && last == NULL)
            {
                last = j->p;
            }

            if (pr_js_skip(j) != 0) {
                return -1;
            }
        }

        if (mrc != 0) {
            return -1;
        }

        after = j->p;

        if (pr_js_str_at(j, intro, &v, &vlen)) {
            open = 1;

            if (vlen == 1 && v[0] == '0') {
                start = NULL;
                slen = 0;

            } else {
                start = v;
                slen = vlen;
            }

        } else if (pr_js_str_at(j, fixed, &v, &vlen)) {
            if (open) {
                if (pr_mal_put(ad, eco, name, nlen, PR_MR_FIXED, start, slen,
                               v, vlen, semver)
                    != 0)
                {
                    return -1;
                }

                (*added)++;
                open = 0;
            }

        } else if (pr_js_str_at(j, last, &v, &vlen)) {
            if (open) {
                if (pr_mal_put(ad, eco, name, nlen, PR_MR_LAST, start, slen,
                               v, vlen, semver)
                    != 0)
                {
                    return -1;
                }

                (*added)++;
                open = 0;
            }
        }

        /* "limit" (git ranges) and what OSV may add later: not read */
        j->p = after;
    }

    if (rc != 0) {
        return -1;
    }

    if (open) {
        if (pr_mal_put(ad, eco, name, nlen, start ? PR_MR_OPEN : PR_MR_ALL,
                       start, slen, NULL, 0, semver)
            != 0)
        {
            return -1;
        }

        (*added)++;
    }

    return 0;
}


static int
pr_mal_affected(pr_mal_add_t *ad, pr_js_t *j)
{
    int          rc, first, mfirst, mrc;
    size_t       nlen, len, elen, klen, tlen, vlen;
    unsigned     added;
    pr_eco_t     eco;
    const char  *es, *ns, *key, *pkg, *versions, *ranges, *eco_at, *name_at;
    const char  *type_at, *events_at, *type, *v, *after, *done;
    char         name[PR_MAX_NAME_LEN];

    if (*j->p != '{') {
        return pr_mal_fail(ad->m, ad->src, "affected[] is not an object");
    }

    pr_js_open(j, '{');
    pkg = NULL;
    versions = NULL;
    ranges = NULL;

    for (first = 1; (rc = pr_js_member(j, first, &key, &klen)) == 1;
         first = 0)
    {
        if (pr_js_key(key, klen, "package") && pkg == NULL) {
            pkg = j->p;

        } else if (pr_js_key(key, klen, "versions") && versions == NULL) {
            versions = j->p;

        } else if (pr_js_key(key, klen, "ranges") && ranges == NULL) {
            ranges = j->p;
        }

        if (pr_js_skip(j) != 0) {
            return -1;
        }
    }

    if (rc != 0) {
        return -1;
    }

    /* where the next element starts */
    done = j->p;

    /* package: ecosystem and name */
    eco_at = NULL;
    name_at = NULL;

    if (pkg && *pkg == '{') {
        j->p = pkg;
        pr_js_open(j, '{');

        for (first = 1; (rc = pr_js_member(j, first, &key, &klen)) == 1;
             first = 0)
        {
            if (pr_js_key(key, klen, "ecosystem") && eco_at == NULL) {
                eco_at = j->p;

            } else if (pr_js_key(key, klen, "name") && name_at == NULL) {
                name_at = j->p;
            }

            pr_js_skip(j);
        }
    }

    if (!pr_js_str_at(j, eco_at, &es, &elen)
        || !pr_js_str_at(j, name_at, &ns, &len))
    {
        return pr_mal_fail(ad->m, ad->src,
                           "affected[].package without ecosystem or name");
    }

    eco = pr_mal_osv_eco(es, elen);

    if (eco == PR_ECO_NONE) {
        ad->m->st.skipped++;
        j->p = done;
        return 0;
    }

    if (len == 0 || len > PR_MAX_NAME_LEN) {
        return pr_mal_fail(ad->m, ad->src, "a package name empty or long");
    }

    nlen = pr_name_canon(eco, ns, len, name);
    added = 0;

    if (versions) {
        if (*versions != '[') {
            return pr_mal_fail(ad->m, ad->src, "versions is not an array");
        }

        j->p = versions;
        pr_js_open(j, '[');

        for (first = 1; (rc = pr_js_element(j, first)) == 1; first = 0) {
            if (*j->p != '"' || pr_js_string(j, &v, &vlen) != 0
                || vlen == 0)
            {
                return pr_mal_fail(ad->m, ad->src,
                                   "a version is not a string");
            }

            if (pr_mal_put(ad, eco, name, nlen, PR_MR_EXACT, v, vlen, NULL,
                           0, 0)
                != 0)
            {
                return -1;
            }

            added++;
        }
    }

    if (ranges) {
        if (*ranges != '[') {
            return pr_mal_fail(ad->m, ad->src, "ranges is not an array");
        }

        j->p = ranges;
        pr_js_open(j, '[');

        for (first = 1; (rc = pr_js_element(j, first)) == 1; first = 0) {
            type_at = NULL;
            events_at = NULL;

            if (*j->p == '{') {
                pr_js_open(j, '{');

                for (mfirst = 1;
                     (mrc = pr_js_member(j, mfirst, &key, &klen)) == 1;
                     mfirst = 0)
                {
                    if (pr_js_key(key, klen, "type") && type_at == NULL) {
                        type_at = j->p;

                    } else if (pr_js_key(key, klen, "events")
                               && events_at == NULL)
                    {
                        events_at = j->p;
                    }

                    pr_js_skip(j);
                }

            } else {
                pr_js_skip(j);
            }

            after = j->p;

            if (!pr_js_str_at(j, type_at, &type, &tlen)) {
                return pr_mal_fail(ad->m, ad->src, "a range without a type");
            }

            if (pr_js_key(type, tlen, "SEMVER")
                || pr_js_key(type, tlen, "ECOSYSTEM"))
            {
                if (pr_mal_events(ad, j, eco, name, nlen, events_at,
                                  type[0] == 'S', &added)
                    != 0)
                {
                    return -1;
                }
            }

            j->p = after;
        }
    }

    if (added == 0
        && pr_mal_put(ad, eco, name, nlen, PR_MR_ALL, NULL, 0, NULL, 0, 0)
           != 0)
    {
        return -1;
    }

    j->p = done;

    return 0;
}


int
pr_mal_add_osv(pr_mal_t *m, const char *json, size_t len, const char *src)
{
    int            rc, first;
    char          *p;
    size_t         klen, idlen;
    pr_js_t        j;
    const char    *key, *id_at, *w_at, *aff_at, *id;
    pr_mal_add_t   ad;

    m->st.files++;

    if (len == 0) {
        return pr_mal_fail(m, src, "empty, not JSON");
    }

    if (len > PR_MAL_MAX_FILE) {
        return pr_mal_fail(m, src, "larger than 4 MB");
    }

    if (m->jcap < 4 * len + 64) {
        p = realloc(m->json, 4 * len + 64);
        if (p == NULL) {
            return pr_mal_fail(m, src, "no memory");
        }

        m->json = p;
        m->jcap = 4 * len + 64;
    }

    j.p = json;
    j.end = json + len;
    j.depth = 0;
    j.scratch = m->json;
    j.sused = 0;
    j.scap = m->jcap;

    /* one walk over the document checks it all as JSON (every member
     * skipped is checked) and finds the members used; what is read
     * after it is read again from checked text */
    pr_js_ws(&j);

    if (j.p == j.end || *j.p != '{') {
        return pr_mal_fail(m, src, "not an OSV object");
    }

    pr_js_open(&j, '{');
    id_at = NULL;
    w_at = NULL;
    aff_at = NULL;

    for (first = 1; (rc = pr_js_member(&j, first, &key, &klen)) == 1;
         first = 0)
    {
        if (pr_js_key(key, klen, "id") && id_at == NULL) {
            id_at = j.p;

        } else if (pr_js_key(key, klen, "withdrawn") && w_at == NULL) {
            w_at = j.p;

        } else if (pr_js_key(key, klen, "affected") && aff_at == NULL) {
            aff_at = j.p;
        }

        if (pr_js_skip(&j) != 0) {
            return pr_mal_fail(m, src, "not JSON");
        }
    }

    if (rc != 0) {
        return pr_mal_fail(m, src, "not JSON");
    }

    pr_js_ws(&j);

    if (j.p != j.end) {
        return pr_mal_fail(m, src, "not JSON (more after the object)");
    }

    if (!pr_js_str_at(&j, id_at, &id, &idlen) || idlen == 0) {
        return pr_mal_fail(m, src, "no id");
    }

    if (w_at && !(j.end - w_at >= 4 && memcmp(w_at, "null", 4) == 0)) {
        m->st.withdrawn++;
        return 0;
    }

    if (aff_at == NULL || *aff_at != '[') {
        return pr_mal_fail(m, src, "no affected[]");
    }

    ad.m = m;
    ad.src = src;
    ad.idlen = (uint16_t) idlen;

    if (idlen > 255 || pr_mal_str(m, id, idlen, &ad.id) != 0) {
        return pr_mal_fail(m, src, "an id too long, or no memory");
    }

    j.p = aff_at;
    pr_js_open(&j, '[');

    for (first = 1; pr_js_element(&j, first) == 1; first = 0) {
        if (pr_mal_affected(&ad, &j) != 0) {
            return -1;
        }
    }

    return 0;
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

    if (len > PR_MAL_MAX_LIST) {
        return pr_mal_fail(m, src, "larger than 64 MB");
    }

    if (len == 0) {
        return 0;
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
pr_mal_read(pr_mal_t *m, const char *path, size_t max, char **buf,
    size_t *len)
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

    if ((uint64_t) st.st_size > max) {
        close(fd);
        return pr_mal_fail(m, path, max == PR_MAL_MAX_FILE
                                    ? "larger than 4 MB"
                                    : "larger than 64 MB");
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


/* one file of a tree, into the buffer every file of the walk reuses */
static int
pr_mal_read_at(pr_mal_t *m, int dfd, const char *name, const char *path,
    size_t *len)
{
    int          fd;
    char        *p;
    size_t       got;
    ssize_t      n;
    struct stat  st;

    fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd == -1) {
        return pr_mal_fail(m, path, strerror(errno));
    }

    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)
        || st.st_size > PR_MAL_MAX_FILE)
    {
        close(fd);
        return pr_mal_fail(m, path, "not a regular file, or over 4 MB");
    }

    if ((size_t) st.st_size + 1 > m->fcap) {
        p = realloc(m->fbuf, (size_t) st.st_size + 4096);
        if (p == NULL) {
            close(fd);
            return pr_mal_fail(m, path, "no memory");
        }

        m->fbuf = p;
        m->fcap = (size_t) st.st_size + 4096;
    }

    for (got = 0; got < (size_t) st.st_size; got += (size_t) n) {
        n = read(fd, m->fbuf + got, (size_t) st.st_size - got);

        if (n <= 0) {
            close(fd);
            return pr_mal_fail(m, path, n ? strerror(errno) : "short read");
        }
    }

    close(fd);
    *len = got;

    return 0;
}


/* dfd: an open directory, given to the walk (closed here); path names it
 * in errors and grows as the walk goes down */
static int
pr_mal_walk(pr_mal_t *m, int dfd, char *path, size_t len, unsigned depth)
{
    int             rc, fd, isdir;
    DIR            *dir;
    size_t          n, blen;
    struct stat     st;
    struct dirent  *de;

    if (depth > PR_MAL_DEPTH) {
        close(dfd);
        return pr_mal_fail(m, path, "directories too deep");
    }

    dir = fdopendir(dfd);
    if (dir == NULL) {
        close(dfd);
        return pr_mal_fail(m, path, strerror(errno));
    }

    rc = 0;
    blen = 0;

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

        /* the type from the directory itself, else one fstatat() */
        if (de->d_type == DT_DIR || de->d_type == DT_REG) {
            isdir = de->d_type == DT_DIR;

        } else if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
            if (fstatat(dirfd(dir), de->d_name, &st, 0) != 0) {
                rc = pr_mal_fail(m, path, strerror(errno));
                break;
            }

            isdir = S_ISDIR(st.st_mode);

            if (!isdir && !S_ISREG(st.st_mode)) {
                path[len] = '\0';
                continue;
            }

        } else {
            path[len] = '\0';
            continue;
        }

        if (isdir) {
            fd = openat(dirfd(dir), de->d_name,
                        O_RDONLY | O_DIRECTORY | O_CLOEXEC);

            rc = (fd == -1) ? pr_mal_fail(m, path, strerror(errno))
                            : pr_mal_walk(m, fd, path, len + 1 + n,
                                          depth + 1);

        } else if (pr_mal_is_entry(de->d_name, n)) {
            rc = pr_mal_read_at(m, dirfd(dir), de->d_name, path, &blen);

            if (rc == 0) {
                rc = pr_mal_add_osv(m, m->fbuf, blen, path);
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

        fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd == -1) {
            return pr_mal_fail(m, path, strerror(errno));
        }

        return pr_mal_walk(m, fd, p, len, 0);
    }

    if (!S_ISREG(st.st_mode)) {
        return pr_mal_fail(m, path, "neither a directory nor a file");
    }

    len = strlen(path);

    if (len < 4 || strcmp(path + len - 4, ".zip") != 0) {
        if (pr_mal_read(m, path, PR_MAL_MAX_FILE, &buf, &len) != 0) {
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

    if (pr_mal_read(m, path, PR_MAL_MAX_LIST, &buf, &len) != 0) {
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

    free(m->json);
    free(m->fbuf);
    m->json = NULL;
    m->fbuf = NULL;
    m->jcap = 0;
    m->fcap = 0;

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
pr_mal_plain_semver(const char *s, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++) {
        if ((s[i] < '0' || s[i] > '9') && s[i] != '.') {
            return 0;
        }
    }

    return 1;
}


/*
 * plain: -1 until known, then 1 if the version is npm/Cargo semver of
 * digits and dots (read once for all of a package's records)
 */
static int
pr_mal_exact(const pr_mal_t *m, const pr_mal_rec_t *r, pr_eco_t eco,
    const char *version, size_t vlen, int *plain)
{
    pr_ver_t      v, a;
    pr_vscheme_t  vs;

    if (r->alen == vlen && memcmp(m->str + r->a, version, vlen) == 0) {
        return 1;
    }

    /*
     * semver without a prerelease, build or 'v' (digits and dots: no
     * leading zero parses): other bytes, another version. A package
     * listed with a few versions has each of its documents' versions
     * compared with each: two parses spared a record (a packument of
     * 6,600 versions: 13 million instructions of its filter)
     */
    vs = pr_version_scheme(eco);

    if (*plain < 0) {
        *plain = (vs == PR_VS_NPM || vs == PR_VS_CARGO)
                 && pr_mal_plain_semver(version, vlen);
    }

    if (*plain && pr_mal_plain_semver(m->str + r->a, r->alen)) {
        return 0;
    }

    /* PEP 440 and the others: 1.0 is 1.0.0, 1.0a1 is 1.0-alpha.1 */
    if (vs == PR_VS_EXACT
        || pr_version_parse(eco, version, vlen, &v) != 0
        || pr_version_parse(eco, m->str + r->a, r->alen, &a) != 0)
    {
        return 0;
    }

    return pr_version_cmp(&v, &a) == 0;
}


const pr_mal_pkg_t *
pr_mal_package(const pr_mal_t *m, pr_eco_t eco, const char *name,
    size_t nlen)
{
    pr_mal_slot_t  *s;
    char            canon[PR_MAX_NAME_LEN];

    if (nlen == 0 || nlen > PR_MAX_NAME_LEN || m->nused == 0) {
        return NULL;
    }

    nlen = pr_name_canon(eco, name, nlen, canon);

    s = pr_mal_find(m, eco, canon, nlen, pr_mal_hash(eco, canon, nlen));

    return s->head ? (const pr_mal_pkg_t *) s : NULL;
}


pr_mal_hit_t
pr_mal_version(const pr_mal_t *m, const pr_mal_pkg_t *pkg,
    const char *version, size_t vlen, pr_str_t *id)
{
    int                   hit, plain;
    uint32_t              i;
    const pr_mal_rec_t   *r;
    const pr_mal_slot_t  *s;

    s = (const pr_mal_slot_t *) pkg;
    plain = -1;

    if (s == NULL) {
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
            hit = pr_mal_exact(m, r, (pr_eco_t) s->eco, version, vlen,
                                 &plain);
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


pr_mal_hit_t
pr_mal_lookup(const pr_mal_t *m, pr_eco_t eco, const char *name, size_t nlen,
    const char *version, size_t vlen, pr_str_t *id)
{
    return pr_mal_version(m, pr_mal_package(m, eco, name, nlen), version,
                          vlen, id);
}
