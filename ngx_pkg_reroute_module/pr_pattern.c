/*
 * ngx_pkg_reroute: wildcard patterns on package names.
 *
 * Patterns are sorted by shape at addition:
 *
 *   exact names          an open-addressing hash table
 *   "*L", "**L"          L literal: a trie of the reversed L, walked back
 *                        from the end of the name
 *   led by a literal     a trie with wildcard edges ('?', '*', '**')
 *   led by a wildcard    another trie of the same kind
 *
 * Compilation flattens the tries into arrays.  Nodes are numbered in
 * depth-first order, so a run of single-child nodes has consecutive numbers
 * and is compared at once.
 *
 * A trie with wildcards is matched by simulating the set of active nodes
 * (a Thompson NFA): a '*' node stays active on any byte but '/', a '**'
 * node on any byte, and entering a node also enters its '*' and '**'
 * children.  Each node is active at most once per byte, so the cost is
 * bounded by nodes x name length; in practice it is one or two nodes per
 * byte whatever the number of patterns, and a lone node is walked without
 * the set machinery.
 */


#include <string.h>

#include "pr_pattern.h"


#define PR_NIL            0        /* no node: a root is never a child */

#define PR_LIT            0        /* reached by a byte, or by '?' */
#define PR_STAR           1        /* '*': loops on any byte but '/' */
#define PR_DSTAR          2        /* '**': loops on any byte */

#define PR_NODE_TERM      0x01     /* a pattern ends here */
#define PR_NODE_PLAIN     0x02     /* literal node, no wildcard children */
#define PR_NODE_DENSE     0x04     /* children in a direct table */

#define PR_DENSE_MIN      8        /* children from which a table is used */
#define PR_BYTE_MIN       0x21     /* pattern bytes are 0x21..0x7e */
#define PR_BYTE_SPAN      (0x7e - PR_BYTE_MIN + 1)

#define PR_CHAIN_MAX      0xffff

#define PR_CHUNK_SHIFT    12
#define PR_CHUNK          (1u << PR_CHUNK_SHIFT)
#define PR_TNODES_MAX     0x7ffff000u

/* the tries, by cost of a miss; build-time node r + 1 is root r */
#define PR_ROOT_LIT       0        /* led by a literal byte */
#define PR_ROOT_SUF       1        /* "*L", L literal: L reversed */
#define PR_ROOT_DSUF      2        /* "**L", L literal: L reversed */
#define PR_ROOT_WILD      3        /* led by a wildcard, other than above */
#define PR_NROOTS         4
#define PR_EXACT          PR_NROOTS    /* has[] and min[] of exact names */


/* a node of the trie while patterns are being added */
typedef struct {
    uint32_t      child;      /* first literal child, sorted by byte */
    uint32_t      next;       /* next sibling */
    uint32_t      any;        /* '?' child */
    uint32_t      star;       /* '*' child */
    uint32_t      dstar;      /* '**' child */
    uint32_t      term;       /* lowest index of a pattern ending here */
    uint32_t      id;         /* number in the compiled trie */
    uint8_t       byte;
    uint8_t       kind;
    uint8_t       has_term;
} pr_tnode_t;


/* a compiled node */
typedef struct {
    uint32_t      edges;      /* first edge, or number of the table */
    uint32_t      wild;       /* wildcard record, 0 if none */
    uint32_t      term;
    uint16_t      nedges;
    uint16_t      chain;      /* bytes of the single-child run below */
    uint8_t       kind;
    uint8_t       flags;
} pr_node_t;


/* an exact name while patterns are being added */
typedef struct pr_exact_s  pr_exact_t;

struct pr_exact_s {
    pr_exact_t   *next;
    uint32_t      index;
    uint32_t      len;
    uint8_t       data[1];
};


/* a slot of the exact names table; len 0 is a free slot */
typedef struct {
    uint32_t      hash;       /* high half of the hash */
    uint32_t      len;
    uint32_t      key;        /* offset of the name in keys */
    uint32_t      index;
} pr_slot_t;


/* wildcard children of a node, and the stop bytes of a star node */
typedef struct {
    uint32_t      any;
    uint32_t      star;
    uint32_t      dstar;
    uint32_t      stop;       /* number of the stop bitmap */
} pr_wild_t;


struct pr_matcher_s {
    pr_alloc_pt   alloc;
    void         *ctx;

    /* building */
    pr_tnode_t  **chunks;
    uint32_t      nchunks;
    uint32_t      chunks_cap;
    uint32_t      ntnodes;

    pr_exact_t   *exact;
    uint32_t      nexact;
    size_t        exact_bytes;

    size_t        npatterns;
    uint32_t      min[PR_NROOTS + 1];     /* lowest index of each kind */
    uint8_t       has[PR_NROOTS + 1];

    /* compiled: exact names */
    pr_slot_t    *slots;
    uint8_t      *keys;
    uint32_t      mask;

    /* compiled: tries */
    pr_node_t    *nodes;
    uint8_t      *inb;        /* byte leading into each node */
    uint8_t      *ebyte;      /* edges: byte and target, sorted by byte */
    uint32_t     *etarget;
    uint32_t     *dense;      /* PR_BYTE_SPAN targets per table */
    pr_wild_t    *wild;
    uint8_t      *stops;      /* 32 bytes per bitmap */
    uint32_t      nnodes;
    uint32_t      root[PR_NROOTS];

    /* match scratch */
    uint32_t     *mark;
    uint32_t     *cur;
    uint32_t     *nxt;
    uint32_t      gen;
};


static void *pr_calloc(pr_matcher_t *m, size_t n, size_t size);
static int pr_add_exact(pr_matcher_t *m, const uint8_t *p, size_t len,
    uint32_t index);
static int pr_compile_exact(pr_matcher_t *m);
static uint64_t pr_hash(const uint8_t *p, size_t len);
static int pr_match_exact(pr_matcher_t *m, const uint8_t *p, size_t len,
    uint32_t *index);
static uint32_t pr_tnode_new(pr_matcher_t *m, uint8_t kind, uint8_t byte);
static uint32_t pr_tchild_lit(pr_matcher_t *m, uint32_t n, uint8_t byte);
static uint32_t pr_tchild_wild(pr_matcher_t *m, uint32_t n, uint8_t kind,
    int any);
static void pr_compile_node(pr_matcher_t *m, uint32_t id, uint32_t *e,
    uint32_t *d, uint32_t *w, uint32_t *s);
static uint32_t pr_next_gen(pr_matcher_t *m);
static uint32_t pr_push(pr_matcher_t *m, uint32_t *list, uint32_t n,
    uint32_t gen, uint32_t x);
static int pr_run(pr_matcher_t *m, uint32_t n, const uint8_t *p,
    const uint8_t *end, uint32_t *index);
static int pr_run_suffix(pr_matcher_t *m, uint32_t r, const uint8_t *p,
    const uint8_t *end, int found, uint32_t *best);


#define pr_tnode(m, i)                                                        \
    (&(m)->chunks[(i) >> PR_CHUNK_SHIFT][(i) & (PR_CHUNK - 1)])


const char *
pr_pattern_check(const char *pat, size_t len)
{
    size_t          i, stars;
    const uint8_t  *p;

    if (pat == NULL || len == 0) {
        return "empty pattern";
    }

    if (len > PR_PATTERN_MAX_LEN) {
        return "pattern too long";
    }

    p = (const uint8_t *) pat;
    stars = 0;

    for (i = 0; i < len; i++) {

        if (p[i] < 0x21 || p[i] > 0x7e) {
            return "invalid character in pattern";
        }

        stars = (p[i] == '*') ? stars + 1 : 0;

        if (stars == 3) {
            return "\"***\" is not a valid wildcard";
        }
    }

    return NULL;
}


pr_matcher_t *
pr_matcher_create(pr_alloc_pt alloc, void *ctx)
{
    uint32_t       i;
    pr_matcher_t  *m;

    if (alloc == NULL) {
        return NULL;
    }

    m = alloc(ctx, sizeof(pr_matcher_t));
    if (m == NULL) {
        return NULL;
    }

    memset(m, 0, sizeof(pr_matcher_t));

    m->alloc = alloc;
    m->ctx = ctx;

    /* node 0 stands for "none", then the roots */

    for (i = 0; i <= PR_NROOTS; i++) {
        if (pr_tnode_new(m, PR_LIT, 0) != i) {
            return NULL;
        }
    }

    return m;
}


int
pr_matcher_add(pr_matcher_t *m, const char *pat, size_t len, uint32_t index)
{
    size_t          i, k;
    uint32_t        n, r;
    pr_tnode_t     *t;
    const uint8_t  *p;

    if (m == NULL || m->nodes != NULL || pr_pattern_check(pat, len) != NULL) {
        return -1;
    }

    p = (const uint8_t *) pat;

    for (i = 0; i < len; i++) {
        if (p[i] == '*' || p[i] == '?') {
            break;
        }
    }

    if (i == len) {
        return pr_add_exact(m, p, len, index);
    }

    /* "*L" and "**L" with a literal L are matched backwards */

    k = 0;

    if (p[0] == '*') {
        k = (len > 1 && p[1] == '*') ? 2 : 1;

        for (i = k; i < len; i++) {
            if (p[i] == '*' || p[i] == '?') {
                k = 0;
                break;
            }
        }
    }

    if (k) {
        r = (k == 1) ? PR_ROOT_SUF : PR_ROOT_DSUF;
        n = r + 1;

        for (i = len; i > k && n != PR_NIL; i--) {
            n = pr_tchild_lit(m, n, p[i - 1]);
        }

        if (n == PR_NIL) {
            return -1;
        }

        goto done;
    }

    r = (p[0] == '*' || p[0] == '?') ? PR_ROOT_WILD : PR_ROOT_LIT;
    n = r + 1;

    for (i = 0; i < len; i++) {

        if (p[i] == '*') {
            if (i + 1 < len && p[i + 1] == '*') {
                n = pr_tchild_wild(m, n, PR_DSTAR, 0);
                i++;

            } else {
                n = pr_tchild_wild(m, n, PR_STAR, 0);
            }

        } else if (p[i] == '?') {
            n = pr_tchild_wild(m, n, PR_LIT, 1);

        } else {
            n = pr_tchild_lit(m, n, p[i]);
        }

        if (n == PR_NIL) {
            return -1;
        }
    }

done:

    t = pr_tnode(m, n);

    if (!t->has_term || index < t->term) {
        t->term = index;
        t->has_term = 1;
    }

    if (!m->has[r] || index < m->min[r]) {
        m->min[r] = index;
        m->has[r] = 1;
    }

    m->npatterns++;

    return 0;
}


int
pr_matcher_compile(pr_matcher_t *m)
{
    size_t       n;
    uint32_t     i, t, id, c, e, d, w, s, ne, nd, nw, ns, sp, *order, *stack;
    pr_node_t   *node, *next;
    pr_tnode_t  *tn;

    if (m == NULL) {
        return -1;
    }

    if (m->nodes != NULL) {
        return 0;
    }

    if (pr_compile_exact(m) != 0) {
        return -1;
    }

    n = m->ntnodes - 1;

    m->inb = pr_calloc(m, n, 1);
    m->mark = pr_calloc(m, n, sizeof(uint32_t));
    m->cur = pr_calloc(m, n, sizeof(uint32_t));
    m->nxt = pr_calloc(m, n, sizeof(uint32_t));

    if (m->inb == NULL || m->mark == NULL || m->cur == NULL
        || m->nxt == NULL)
    {
        return -1;
    }

    /*
     * number the nodes depth-first; a node's last pushed child is numbered
     * right after it, and a node with one child pushes only that one
     */

    stack = m->cur;
    order = m->nxt;

    sp = 0;

    for (i = PR_NROOTS; i > 0; i--) {
        stack[sp++] = i;
    }

    ne = 0;
    nd = 0;
    nw = 0;
    ns = 0;
    id = 0;

    while (sp) {
        t = stack[--sp];
        tn = pr_tnode(m, t);

        tn->id = id;
        order[id++] = t;

        if (tn->any || tn->star || tn->dstar || tn->kind != PR_LIT) {
            nw++;
        }

        if (tn->kind != PR_LIT) {
            ns++;
        }

        if (tn->dstar) {
            stack[sp++] = tn->dstar;
        }

        if (tn->star) {
            stack[sp++] = tn->star;
        }

        if (tn->any) {
            stack[sp++] = tn->any;
        }

        c = 0;

        for (i = tn->child; i; i = pr_tnode(m, i)->next) {
            stack[sp++] = i;
            c++;
        }

        if (c >= PR_DENSE_MIN) {
            nd++;

        } else {
            ne += c;
        }
    }

    m->nodes = pr_calloc(m, n, sizeof(pr_node_t));
    m->ebyte = pr_calloc(m, ne, 1);
    m->etarget = pr_calloc(m, ne, sizeof(uint32_t));
    m->dense = pr_calloc(m, (size_t) nd * PR_BYTE_SPAN, sizeof(uint32_t));
    m->wild = pr_calloc(m, (size_t) nw + 1, sizeof(pr_wild_t));
    m->stops = pr_calloc(m, ns, 32);

    if (m->nodes == NULL || m->ebyte == NULL || m->etarget == NULL
        || m->dense == NULL || m->wild == NULL || m->stops == NULL)
    {
        m->nodes = NULL;
        return -1;
    }

    e = 0;
    d = 0;
    w = 0;
    s = 0;

    for (id = 0; id < n; id++) {
        pr_compile_node(m, id, &e, &d, &w, &s);
    }

    /* runs of single-child nodes, bottom up */

    for (id = (uint32_t) n; id-- > 0; /* void */) {
        node = &m->nodes[id];

        if (!(node->flags & PR_NODE_PLAIN) || (node->flags & PR_NODE_DENSE)
            || node->nedges != 1 || m->etarget[node->edges] != id + 1)
        {
            continue;
        }

        next = &m->nodes[id + 1];
        node->chain = 1;

        if ((next->flags & (PR_NODE_PLAIN|PR_NODE_TERM|PR_NODE_DENSE))
            == PR_NODE_PLAIN
            && next->chain && next->chain < PR_CHAIN_MAX)
        {
            node->chain = (uint16_t) (next->chain + 1);
        }
    }

    for (i = 0; i < PR_NROOTS; i++) {
        m->root[i] = pr_tnode(m, i + 1)->id;
    }

    m->nnodes = (uint32_t) n;
    m->gen = 0;

    return 0;
}


int
pr_matcher_match(pr_matcher_t *m, const char *name, size_t len,
    uint32_t *index)
{
    int             found;
    uint32_t        r, best, w;
    const uint8_t  *p, *end;

    if (m == NULL || m->nodes == NULL) {
        return 0;
    }

    if (name == NULL) {
        name = "";
        len = 0;
    }

    p = (const uint8_t *) name;
    end = p + len;
    best = 0;

    found = m->has[PR_EXACT] ? pr_match_exact(m, p, len, &best) : 0;

    /* a trie is skipped when nothing in it can beat what was found */

    for (r = 0; r < PR_NROOTS; r++) {

        if (!m->has[r] || (found && m->min[r] >= best)) {
            continue;
        }

        if (r == PR_ROOT_SUF || r == PR_ROOT_DSUF) {
            found |= pr_run_suffix(m, r, p, end, found, &best);
            continue;
        }

        if (pr_run(m, m->root[r], p, end, &w) && (!found || w < best)) {
            best = w;
            found = 1;
        }
    }

    if (found && index) {
        *index = best;
    }

    return found;
}


size_t
pr_matcher_npatterns(pr_matcher_t *m)
{
    return m ? m->npatterns : 0;
}


static void *
pr_calloc(pr_matcher_t *m, size_t n, size_t size)
{
    void  *p;

    if (size && n > (size_t) -1 / size) {
        return NULL;
    }

    /* a zero-sized block may come back as NULL */

    size *= n;

    if (size == 0) {
        size = 1;
    }

    p = m->alloc(m->ctx, size);
    if (p == NULL) {
        return NULL;
    }

    memset(p, 0, size);

    return p;
}


static int
pr_add_exact(pr_matcher_t *m, const uint8_t *p, size_t len, uint32_t index)
{
    pr_exact_t  *x;

    x = m->alloc(m->ctx, offsetof(pr_exact_t, data) + len);
    if (x == NULL) {
        return -1;
    }

    x->next = m->exact;
    x->index = index;
    x->len = (uint32_t) len;
    memcpy(x->data, p, len);

    m->exact = x;
    m->nexact++;
    m->exact_bytes += len;

    if (!m->has[PR_EXACT] || index < m->min[PR_EXACT]) {
        m->min[PR_EXACT] = index;
        m->has[PR_EXACT] = 1;
    }

    m->npatterns++;

    return 0;
}


/* the table is at most half full; the same name twice keeps the lower */

static int
pr_compile_exact(pr_matcher_t *m)
{
    size_t       size, off;
    uint32_t     i;
    uint64_t     h;
    pr_slot_t   *slot;
    pr_exact_t  *x;

    size = 8;

    while (size < 2 * (size_t) m->nexact) {
        size *= 2;
    }

    if (m->exact_bytes > 0xffffffffu || size > 0x80000000u) {
        return -1;
    }

    m->slots = pr_calloc(m, size, sizeof(pr_slot_t));
    m->keys = pr_calloc(m, m->exact_bytes, 1);

    if (m->slots == NULL || m->keys == NULL) {
        return -1;
    }

    m->mask = (uint32_t) size - 1;
    off = 0;

    for (x = m->exact; x; x = x->next) {
        h = pr_hash(x->data, x->len);

        for (i = (uint32_t) h & m->mask; /* void */; i = (i + 1) & m->mask) {
            slot = &m->slots[i];

            if (slot->len == 0) {
                memcpy(m->keys + off, x->data, x->len);

                slot->hash = (uint32_t) (h >> 32);
                slot->len = x->len;
                slot->key = (uint32_t) off;
                slot->index = x->index;

                off += x->len;
                break;
            }

            if (slot->hash == (uint32_t) (h >> 32) && slot->len == x->len
                && memcmp(m->keys + slot->key, x->data, x->len) == 0)
            {
                if (x->index < slot->index) {
                    slot->index = x->index;
                }

                break;
            }
        }
    }

    return 0;
}


/*
 * eight bytes at a time, the last eight overlapping; good enough for keys
 * chosen by the configuration, and a name only ever walks one run of the
 * table, whatever its hash
 */

#define pr_hash_mix(h, w)                                                     \
    h = ((h) ^ (w)) * 0x9fb21c651e98df25ull;                                  \
    h ^= (h) >> 29

static uint64_t
pr_hash(const uint8_t *p, size_t len)
{
    size_t    n;
    uint32_t  a, b;
    uint64_t  h, w;

    h = 0x9e3779b97f4a7c15ull ^ ((uint64_t) len * 0xff51afd7ed558ccdull);

    if (len >= 8) {
        for (n = len; n > 8; p += 8, n -= 8) {
            memcpy(&w, p, 8);
            pr_hash_mix(h, w);
        }

        memcpy(&w, p + n - 8, 8);
        pr_hash_mix(h, w);

    } else if (len >= 4) {
        memcpy(&a, p, 4);
        memcpy(&b, p + len - 4, 4);
        w = a | ((uint64_t) b << 32);
        pr_hash_mix(h, w);

    } else if (len) {
        w = p[0] | ((uint64_t) p[len >> 1] << 8)
            | ((uint64_t) p[len - 1] << 16);
        pr_hash_mix(h, w);
    }

    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;

    return h;
}


static int
pr_match_exact(pr_matcher_t *m, const uint8_t *p, size_t len,
    uint32_t *index)
{
    uint32_t    i, hi;
    uint64_t    h;
    pr_slot_t  *slot;

    h = pr_hash(p, len);
    hi = (uint32_t) (h >> 32);

    for (i = (uint32_t) h & m->mask; /* void */; i = (i + 1) & m->mask) {
        slot = &m->slots[i];

        if (slot->len == 0) {
            return 0;
        }

        if (slot->hash == hi && slot->len == len
            && memcmp(m->keys + slot->key, p, len) == 0)
        {
            *index = slot->index;
            return 1;
        }
    }
}


static uint32_t
pr_tnode_new(pr_matcher_t *m, uint8_t kind, uint8_t byte)
{
    uint32_t      n, cap;
    pr_tnode_t   *t, **chunks;

    n = m->ntnodes;

    if (n >= PR_TNODES_MAX) {
        return PR_NIL;
    }

    if ((n & (PR_CHUNK - 1)) == 0) {

        if (m->nchunks == m->chunks_cap) {
            cap = m->chunks_cap ? m->chunks_cap * 2 : 16;

            chunks = pr_calloc(m, cap, sizeof(pr_tnode_t *));
            if (chunks == NULL) {
                return PR_NIL;
            }

            if (m->nchunks) {
                memcpy(chunks, m->chunks, m->nchunks * sizeof(pr_tnode_t *));
            }

            m->chunks = chunks;
            m->chunks_cap = cap;
        }

        t = m->alloc(m->ctx, PR_CHUNK * sizeof(pr_tnode_t));
        if (t == NULL) {
            return PR_NIL;
        }

        m->chunks[m->nchunks++] = t;
    }

    t = pr_tnode(m, n);
    memset(t, 0, sizeof(pr_tnode_t));
    t->kind = kind;
    t->byte = byte;

    m->ntnodes++;

    /* node 0 is never returned to callers: it is created first */

    return n;
}


static uint32_t
pr_tchild_lit(pr_matcher_t *m, uint32_t n, uint8_t byte)
{
    uint32_t     c, *link;
    pr_tnode_t  *t;

    link = &pr_tnode(m, n)->child;

    while (*link) {
        t = pr_tnode(m, *link);

        if (t->byte == byte) {
            return *link;
        }

        if (t->byte > byte) {
            break;
        }

        link = &t->next;
    }

    /* "link" points into a chunk, which never moves */

    c = pr_tnode_new(m, PR_LIT, byte);
    if (c == PR_NIL) {
        return PR_NIL;
    }

    pr_tnode(m, c)->next = *link;
    *link = c;

    return c;
}


static uint32_t
pr_tchild_wild(pr_matcher_t *m, uint32_t n, uint8_t kind, int any)
{
    uint32_t     c, *link;
    pr_tnode_t  *t;

    t = pr_tnode(m, n);

    link = any ? &t->any : (kind == PR_STAR ? &t->star : &t->dstar);

    if (*link) {
        return *link;
    }

    c = pr_tnode_new(m, kind, 0);
    if (c == PR_NIL) {
        return PR_NIL;
    }

    *link = c;

    return c;
}


static void
pr_compile_node(pr_matcher_t *m, uint32_t id, uint32_t *e, uint32_t *d,
    uint32_t *w, uint32_t *s)
{
    uint8_t     *stop;
    uint32_t     i, c, *table;
    pr_node_t   *node;
    pr_wild_t   *wild;
    pr_tnode_t  *t, *ct;

    t = pr_tnode(m, m->nxt[id]);
    node = &m->nodes[id];

    node->kind = t->kind;
    m->inb[id] = t->byte;

    if (t->has_term) {
        node->flags |= PR_NODE_TERM;
        node->term = t->term;
    }

    c = 0;

    for (i = t->child; i; i = pr_tnode(m, i)->next) {
        c++;
    }

    node->nedges = (uint16_t) c;

    if (c >= PR_DENSE_MIN) {
        node->flags |= PR_NODE_DENSE;
        node->edges = (*d)++;
        table = m->dense + (size_t) node->edges * PR_BYTE_SPAN;

        for (i = t->child; i; i = ct->next) {
            ct = pr_tnode(m, i);
            table[ct->byte - PR_BYTE_MIN] = ct->id;
        }

    } else {
        node->edges = *e;

        for (i = t->child; i; i = ct->next) {
            ct = pr_tnode(m, i);
            m->ebyte[*e] = ct->byte;
            m->etarget[*e] = ct->id;
            (*e)++;
        }
    }

    if (!(t->any || t->star || t->dstar || t->kind != PR_LIT)) {
        node->flags |= PR_NODE_PLAIN;
        return;
    }

    node->wild = ++(*w);
    wild = &m->wild[node->wild];

    wild->any = t->any ? pr_tnode(m, t->any)->id : PR_NIL;
    wild->star = t->star ? pr_tnode(m, t->star)->id : PR_NIL;
    wild->dstar = t->dstar ? pr_tnode(m, t->dstar)->id : PR_NIL;

    if (t->kind == PR_LIT) {
        return;
    }

    /*
     * a star node alone in the active set stays alone until a stop byte:
     * one with an edge, '/' for '*', or any byte but '/' with a '?' child
     */

    wild->stop = (*s)++;
    stop = m->stops + (size_t) wild->stop * 32;

    for (i = t->child; i; i = ct->next) {
        ct = pr_tnode(m, i);
        stop[ct->byte >> 3] |= (uint8_t) (1u << (ct->byte & 7));
    }

    if (t->kind == PR_STAR) {
        stop['/' >> 3] |= (uint8_t) (1u << ('/' & 7));
    }

    if (t->any) {
        for (c = 0; c < 256; c++) {
            if (c != '/') {
                stop[c >> 3] |= (uint8_t) (1u << (c & 7));
            }
        }
    }
}


static uint32_t
pr_next_gen(pr_matcher_t *m)
{
    if (++m->gen == 0) {
        memset(m->mark, 0, (size_t) m->nnodes * sizeof(uint32_t));
        m->gen = 1;
    }

    return m->gen;
}


/* adds x and its '*' and '**' children; a star node has no star child */

static uint32_t
pr_push(pr_matcher_t *m, uint32_t *list, uint32_t n, uint32_t gen,
    uint32_t x)
{
    uint32_t    c;
    pr_wild_t  *w;

    if (m->mark[x] == gen) {
        return n;
    }

    m->mark[x] = gen;
    list[n++] = x;

    if (m->nodes[x].wild == 0) {
        return n;
    }

    w = &m->wild[m->nodes[x].wild];

    c = w->star;

    if (c && m->mark[c] != gen) {
        m->mark[c] = gen;
        list[n++] = c;
    }

    c = w->dstar;

    if (c && m->mark[c] != gen) {
        m->mark[c] = gen;
        list[n++] = c;
    }

    return n;
}


static inline uint32_t
pr_child(pr_matcher_t *m, const pr_node_t *node, uint8_t ch)
{
    uint32_t        i;
    const uint8_t  *b;

    if (node->flags & PR_NODE_DENSE) {
        i = (uint32_t) ch - PR_BYTE_MIN;

        if (i >= PR_BYTE_SPAN) {
            return PR_NIL;
        }

        return m->dense[(size_t) node->edges * PR_BYTE_SPAN + i];
    }

    b = m->ebyte + node->edges;

    for (i = 0; i < node->nedges; i++) {
        if (b[i] >= ch) {
            return (b[i] == ch) ? m->etarget[node->edges + i] : PR_NIL;
        }
    }

    return PR_NIL;
}


/* matches from node n; 1 and the lowest index of a pattern ending, or 0 */

static int
pr_run(pr_matcher_t *m, uint32_t n, const uint8_t *p, const uint8_t *end,
    uint32_t *index)
{
    int               found;
    size_t            len;
    uint8_t           ch;
    uint32_t          i, s, c, gen, ncur, nnxt, best, *cur, *nxt, *tmp;
    const uint8_t    *stop;
    const pr_wild_t  *w;
    const pr_node_t  *node;

    cur = m->cur;
    nxt = m->nxt;

    for ( ;; ) {

        /* one literal node without wildcards: a trie walk */

        for ( ;; ) {
            node = &m->nodes[n];

            if (!(node->flags & PR_NODE_PLAIN)) {
                break;
            }

            if (p == end) {
                if (node->flags & PR_NODE_TERM) {
                    *index = node->term;
                    return 1;
                }

                return 0;
            }

            if (node->chain) {
                len = node->chain;

                if ((size_t) (end - p) < len
                    || memcmp(p, m->inb + n + 1, len) != 0)
                {
                    /* the run has no pattern end and no way out */
                    return 0;
                }

                p += len;
                n += (uint32_t) len;
                continue;
            }

            n = pr_child(m, node, *p++);

            if (n == PR_NIL) {
                return 0;
            }
        }

        /* several nodes may be active: step the whole set */

        gen = pr_next_gen(m);
        ncur = pr_push(m, cur, 0, gen, n);

        for ( ;; ) {

            if (ncur == 1) {
                node = &m->nodes[cur[0]];

                if (node->flags & PR_NODE_PLAIN) {
                    n = cur[0];
                    break;
                }

                if (node->kind != PR_LIT) {
                    w = &m->wild[node->wild];

                    if (node->nedges == 0 && w->any == PR_NIL) {

                        /* a trailing star: the rest of the name decides */

                        if (node->kind == PR_STAR
                            && memchr(p, '/', (size_t) (end - p)) != NULL)
                        {
                            return 0;
                        }

                        p = end;

                    } else {
                        stop = m->stops + (size_t) w->stop * 32;

                        while (p < end
                               && !(stop[*p >> 3] & (1u << (*p & 7))))
                        {
                            p++;
                        }
                    }
                }
            }

            if (p == end) {
                goto done;
            }

            ch = *p++;
            gen = pr_next_gen(m);
            nnxt = 0;

            for (i = 0; i < ncur; i++) {
                s = cur[i];
                node = &m->nodes[s];

                if ((node->kind == PR_STAR && ch != '/')
                    || node->kind == PR_DSTAR)
                {
                    if (m->mark[s] != gen) {
                        m->mark[s] = gen;
                        nxt[nnxt++] = s;
                    }
                }

                if (node->nedges) {
                    c = pr_child(m, node, ch);

                    if (c != PR_NIL) {
                        nnxt = pr_push(m, nxt, nnxt, gen, c);
                    }
                }

                if (node->wild && ch != '/') {
                    c = m->wild[node->wild].any;

                    if (c != PR_NIL) {
                        nnxt = pr_push(m, nxt, nnxt, gen, c);
                    }
                }
            }

            if (nnxt == 0) {
                return 0;
            }

            tmp = cur;
            cur = nxt;
            nxt = tmp;
            ncur = nnxt;
        }
    }

done:

    found = 0;
    best = 0;

    for (i = 0; i < ncur; i++) {
        node = &m->nodes[cur[i]];

        if ((node->flags & PR_NODE_TERM) && (!found || node->term < best)) {
            best = node->term;
            found = 1;
        }
    }

    if (found) {
        *index = best;
    }

    return found;
}


/*
 * "*L" and "**L": walks the reversed literals back from the end of the
 * name; for "*L" what is left before L must have no '/'
 */

static int
pr_run_suffix(pr_matcher_t *m, uint32_t r, const uint8_t *p,
    const uint8_t *end, int found, uint32_t *best)
{
    size_t            len, i, slash;
    uint32_t          n;
    const uint8_t    *q, *s, *c;
    const pr_node_t  *node;

    n = m->root[r];
    q = end;
    slash = (size_t) -1;

    for ( ;; ) {
        node = &m->nodes[n];

        if ((node->flags & PR_NODE_TERM) && (!found || node->term < *best)) {

            if (r == PR_ROOT_SUF && slash == (size_t) -1) {
                s = memchr(p, '/', (size_t) (end - p));
                slash = s ? (size_t) (s - p) : (size_t) (end - p);
            }

            if (r == PR_ROOT_DSUF || (size_t) (q - p) <= slash) {
                *best = node->term;
                found = 1;
            }
        }

        if (q == p) {
            break;
        }

        if (node->chain) {
            len = node->chain;

            if ((size_t) (q - p) < len) {
                break;
            }

            c = m->inb + n + 1;

            for (i = 0; i < len; i++) {
                if (q[-1 - (ptrdiff_t) i] != c[i]) {
                    return found;
                }
            }

            q -= len;
            n += (uint32_t) len;
            continue;
        }

        n = pr_child(m, node, *--q);

        if (n == PR_NIL) {
            break;
        }
    }

    return found;
}
