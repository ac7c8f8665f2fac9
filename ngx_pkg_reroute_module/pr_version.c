/*
 * ngx_pkg_reroute: versions and version ranges, per ecosystem.
 *
 * Written from the specifications and the documented behaviour of the
 * reference implementations (node-semver's range.js, the semver crate,
 * packaging's version.py and specifiers.py, rubygems' version.rb and
 * requirement.rb); none of their code is copied.
 */

#include <string.h>

#include "pr_version.h"
#include "pr_pattern.h"


#define pr_vdigit(c)  ((c) >= '0' && (c) <= '9')
#define pr_valpha(c)  (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define pr_valnum(c)  (pr_vdigit(c) || pr_valpha(c))
#define pr_vspace(c)  ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')
#define pr_vlower(c)  (((c) >= 'A' && (c) <= 'Z') ? ((c) | 0x20) : (c))


/* comparator operators, once parsed */
enum {
    PR_OP_ANY = 0,
    PR_OP_EQ,
    PR_OP_NE,
    PR_OP_LT,
    PR_OP_LE,
    PR_OP_GT,
    PR_OP_GE,
    PR_OP_TILDE,         /* cargo */
    PR_OP_CARET,         /* cargo */
    PR_OP_WILD,          /* cargo */
    PR_OP_PREFIX,        /* pep440 ==V.* and ~=: k release parts */
    PR_OP_NPREFIX,       /* pep440 !=V.* */
    PR_OP_ARB,           /* pep440 === */
    PR_OP_PESS           /* gem ~>: release(v) < bump */
};


typedef struct {
    uint8_t      op;
    uint8_t      k;
    pr_ver_t     v;
} pr_rcmp_t;


struct pr_range_s {
    pr_vscheme_t   scheme;
    unsigned       flags;
    unsigned       anypre;     /* pep440: a specifier names a prerelease */
    uint16_t       ncmp;
    uint16_t       nsets;
    uint16_t      *set_end;    /* npm: end of each || set in cmp */
    pr_rcmp_t     *cmp;
    pr_matcher_t  *glob;
};


static const pr_vseg_t  pr_vzero = { "", 0, 1 };


pr_vscheme_t
pr_version_scheme(pr_eco_t eco)
{
    switch (eco) {
    case PR_ECO_NPM:
        return PR_VS_NPM;
    case PR_ECO_CARGO:
        return PR_VS_CARGO;
    case PR_ECO_PYPI:
        return PR_VS_PEP440;
    case PR_ECO_RUBYGEMS:
        return PR_VS_GEM;
    default:
        return PR_VS_EXACT;
    }
}


/* segments */

static int
pr_vseg_numcmp(const pr_vseg_t *a, const pr_vseg_t *b)
{
    int  c;

    if (a->len != b->len) {
        return a->len < b->len ? -1 : 1;
    }

    c = memcmp(a->p, b->p, a->len);

    return (c > 0) - (c < 0);
}


static int
pr_vseg_strcmp(const pr_vseg_t *a, const pr_vseg_t *b, int icase)
{
    size_t         i, n;
    unsigned char  ca, cb;

    n = a->len < b->len ? a->len : b->len;

    for (i = 0; i < n; i++) {
        ca = (unsigned char) a->p[i];
        cb = (unsigned char) b->p[i];

        if (icase) {
            ca = pr_vlower(ca);
            cb = pr_vlower(cb);
        }

        if (ca != cb) {
            return ca < cb ? -1 : 1;
        }
    }

    return (a->len > b->len) - (a->len < b->len);
}


/* a run of digits as a segment: leading zeros dropped */
static void
pr_vseg_num(pr_vseg_t *s, const char *p, size_t len)
{
    while (len && *p == '0') {
        p++;
        len--;
    }

    s->p = p;
    s->len = (uint16_t) len;
    s->num = 1;
}


static void
pr_vseg_str(pr_vseg_t *s, const char *p, size_t len)
{
    s->p = p;
    s->len = (uint16_t) len;
    s->num = 0;
}


static void
pr_ver_init(pr_ver_t *v, pr_vscheme_t scheme, const char *s, size_t len)
{
    memset(v, 0, sizeof(pr_ver_t));
    v->text = s;
    v->len = len;
    v->scheme = (uint8_t) scheme;
    v->epoch = pr_vzero;
    v->pre_n = pr_vzero;
    v->post_n = pr_vzero;
    v->dev_n = pr_vzero;
}


/* semver 2.0 */

#define PR_SV_V        0x01    /* npm: a leading 'v' */
#define PR_SV_PARTIAL  0x02    /* a range's: 1 to 3 parts, x X * */
#define PR_SV_CARGO    0x04    /* numbers up to 2^64-1, else 2^53-1 */


static int
pr_sv_number_ok(const char *p, size_t len, unsigned fl)
{
    const char  *max;
    size_t       mlen;

    if (len == 0 || (len > 1 && p[0] == '0')) {
        return 0;
    }

    max = (fl & PR_SV_CARGO) ? "18446744073709551615" : "9007199254740991";
    mlen = strlen(max);

    if (len != mlen) {
        return len < mlen;
    }

    return memcmp(p, max, len) <= 0;
}


/*
 * The common case, a version of three numbers and no more: 0 and *v with
 * what such a version has (what pr_ver_init() would zero and nothing
 * else: the segments after the third are never read), or -1: let
 * pr_sv_parse() read it. A document's thousands of versions are mostly
 * these.
 */
static int
pr_sv_plain(const char *s, size_t len, unsigned fl, pr_ver_t *v)
{
    size_t       n, k;
    const char  *p, *end;

    if (len > 64) {
        return -1;
    }

    p = s;
    end = s + len;

    for (k = 0; k < 3; k++) {
        for (n = 0; p + n < end && pr_vdigit(p[n]); n++) { /* void */ }

        if (!pr_sv_number_ok(p, n, fl)) {
            return -1;
        }

        if (k < 2) {
            if (p + n == end || p[n] != '.') {
                return -1;
            }

        } else if (p + n != end) {
            return -1;
        }

        pr_vseg_num(&v->seg[k], p, n);
        p += n + 1;
    }

    v->text = s;
    v->len = len;
    v->scheme = (uint8_t) ((fl & PR_SV_CARGO) ? PR_VS_CARGO : PR_VS_NPM);
    v->nrel = 3;
    v->nextra = 0;
    v->pre = 0;
    v->post = 0;
    v->dev = 0;
    v->wild = 0;
    v->epoch = pr_vzero;
    v->pre_n = pr_vzero;
    v->post_n = pr_vzero;
    v->dev_n = pr_vzero;

    return 0;
}


static int
pr_sv_parse(const char *s, size_t len, unsigned fl, pr_ver_t *v)
{
    size_t       i, n;
    unsigned     x, parts, digits;
    const char  *end;

    if (pr_sv_plain(s, len, fl, v) == 0) {
        return 0;
    }

    pr_ver_init(v, (fl & PR_SV_CARGO) ? PR_VS_CARGO : PR_VS_NPM, s, len);

    end = s + len;

    if (len == 0 || len > PR_VER_MAX_LEN) {
        return -1;
    }

    if ((fl & PR_SV_V) && (*s == 'v' || *s == 'V')) {
        s++;
    }

    x = 0;
    parts = 0;

    for ( ;; ) {
        if (s < end && (*s == 'x' || *s == 'X' || *s == '*')) {
            if (!(fl & PR_SV_PARTIAL)) {
                return -1;
            }

            x = 1;
            s++;

        } else {
            for (n = 0; s + n < end && pr_vdigit(s[n]); n++) { /* void */ }

            if (!pr_sv_number_ok(s, n, fl)) {
                return -1;
            }

            if (x) {
                /* cargo: no number after a wildcard */
                if (fl & PR_SV_CARGO) {
                    return -1;
                }

            } else {
                pr_vseg_num(&v->seg[v->nrel++], s, n);
            }

            s += n;
        }

        parts++;

        if (parts == 3 || s == end || *s != '.') {
            break;
        }

        s++;
    }

    if (parts < 3) {
        if (!(fl & PR_SV_PARTIAL)) {
            return -1;
        }

        x = 1;
    }

    v->wild = (uint8_t) x;

    if (s < end && *s == '-') {
        if (parts < 3 || ((fl & PR_SV_CARGO) && x)) {
            return -1;
        }

        s++;

        for ( ;; ) {
            digits = 1;

            for (n = 0; s + n < end && (pr_valnum(s[n]) || s[n] == '-'); n++) {
                if (!pr_vdigit(s[n])) {
                    digits = 0;
                }
            }

            if (n == 0 || (digits && n > 1 && s[0] == '0')) {
                return -1;
            }

            if (3 + v->nextra >= PR_VER_MAX_SEGS) {
                return -1;
            }

            i = 3 + v->nextra++;

            if (digits) {
                pr_vseg_num(&v->seg[i], s, n);

            } else {
                pr_vseg_str(&v->seg[i], s, n);
            }

            s += n;

            if (s == end || *s != '.') {
                break;
            }

            s++;
        }
    }

    if (s < end && *s == '+') {
        s++;

        for ( ;; ) {
            for (n = 0; s + n < end && (pr_valnum(s[n]) || s[n] == '-'); n++) {
                /* void */
            }

            if (n == 0) {
                return -1;
            }

            s += n;

            if (s == end || *s != '.') {
                break;
            }

            s++;
        }
    }

    if (s != end) {
        return -1;
    }

    if (x) {
        /* partial: the prerelease of an x-range is read and dropped */
        v->nextra = 0;
    }

    return 0;
}


/* prerelease precedence: none is greatest */
static int
pr_sv_precmp(const pr_ver_t *a, const pr_ver_t *b)
{
    int               c;
    unsigned          i;
    const pr_vseg_t  *sa, *sb;

    if (a->nextra == 0 || b->nextra == 0) {
        return (a->nextra == 0) - (b->nextra == 0);
    }

    for (i = 0; i < a->nextra && i < b->nextra; i++) {
        sa = &a->seg[3 + i];
        sb = &b->seg[3 + i];

        if (sa->num && sb->num) {
            c = pr_vseg_numcmp(sa, sb);

        } else if (sa->num != sb->num) {
            c = sa->num ? -1 : 1;

        } else {
            c = pr_vseg_strcmp(sa, sb, 0);
        }

        if (c) {
            return c;
        }
    }

    return (a->nextra > b->nextra) - (a->nextra < b->nextra);
}


static int
pr_sv_cmp(const pr_ver_t *a, const pr_ver_t *b)
{
    int       c;
    unsigned  i;

    for (i = 0; i < 3; i++) {
        c = pr_vseg_numcmp(&a->seg[i], &b->seg[i]);
        if (c) {
            return c;
        }
    }

    return pr_sv_precmp(a, b);
}


/* PEP 440 */

static size_t
pr_pep_word(const char *s, const char *end, const char *const *words)
{
    size_t  n, i;

    for (i = 0; words[i]; i++) {
        n = strlen(words[i]);

        if ((size_t) (end - s) >= n) {
            size_t  j;

            for (j = 0; j < n; j++) {
                if (pr_vlower(s[j]) != words[i][j]) {
                    break;
                }
            }

            if (j == n) {
                return n | (i << 8);
            }
        }
    }

    return 0;
}


#define pr_pep_sep(c)  ((c) == '-' || (c) == '_' || (c) == '.')


/*
 * after a pre, post or dev word: [sep] digits, or a lone separator at the
 * end (packaging reads "1.0a." as 1.0a0); the digits go to *n
 */
static const char *
pr_pep_num(const char *s, const char *end, pr_vseg_t *n)
{
    size_t  k;

    *n = pr_vzero;

    if (s < end && pr_pep_sep(*s)) {
        if (s + 1 < end && pr_vdigit(s[1])) {
            s++;

        } else if (s + 1 == end || s[1] == '+') {
            return s + 1;

        } else {
            return s;
        }
    }

    for (k = 0; s + k < end && pr_vdigit(s[k]); k++) { /* void */ }

    if (k) {
        pr_vseg_num(n, s, k);
    }

    return s + k;
}


static int
pr_pep_parse(const char *s, size_t len, pr_ver_t *v, int release_only)
{
    size_t       n, w;
    const char  *end, *q;

    static const char *const  pre_words[] = {
        "alpha", "beta", "preview", "pre", "rc", "a", "b", "c", NULL
    };
    static const uint8_t      pre_kind[] = { 1, 2, 3, 3, 3, 1, 2, 3 };
    static const char *const  post_words[] = { "post", "rev", "r", NULL };
    static const char *const  dev_words[] = { "dev", NULL };

    end = s + len;

    while (s < end && pr_vspace(*s)) {
        s++;
    }

    while (end > s && pr_vspace(end[-1])) {
        end--;
    }

    pr_ver_init(v, PR_VS_PEP440, s, (size_t) (end - s));

    if (s == end || (size_t) (end - s) > PR_VER_MAX_LEN) {
        return -1;
    }

    if (*s == 'v' || *s == 'V') {
        s++;
    }

    for (n = 0; s + n < end && pr_vdigit(s[n]); n++) { /* void */ }

    if (n == 0) {
        return -1;
    }

    if (s + n < end && s[n] == '!') {
        pr_vseg_num(&v->epoch, s, n);
        s += n + 1;
    }

    for ( ;; ) {
        for (n = 0; s + n < end && pr_vdigit(s[n]); n++) { /* void */ }

        if (n == 0 || v->nrel == PR_VER_MAX_SEGS) {
            return -1;
        }

        pr_vseg_num(&v->seg[v->nrel++], s, n);
        s += n;

        if (s + 1 < end && *s == '.' && pr_vdigit(s[1])) {
            s++;
            continue;
        }

        break;
    }

    if (release_only) {
        return s == end ? 0 : -1;
    }

    /* pre */
    q = (s < end && pr_pep_sep(*s)) ? s + 1 : s;
    w = pr_pep_word(q, end, pre_words);

    if (w) {
        v->pre = pre_kind[w >> 8];
        s = pr_pep_num(q + (w & 0xff), end, &v->pre_n);
    }

    /* post: -N, or [sep] post|rev|r [sep] [N] */
    if (s + 1 < end && *s == '-' && pr_vdigit(s[1])) {
        for (n = 1; s + n < end && pr_vdigit(s[n]); n++) { /* void */ }
        v->post = 1;
        pr_vseg_num(&v->post_n, s + 1, n - 1);
        s += n;

    } else {
        q = (s < end && pr_pep_sep(*s)) ? s + 1 : s;
        w = pr_pep_word(q, end, post_words);

        /* "rc" was read as a pre release above: "r" here is "rev" */
        if (w) {
            v->post = 1;
            s = pr_pep_num(q + (w & 0xff), end, &v->post_n);
        }
    }

    /* dev */
    q = (s < end && pr_pep_sep(*s)) ? s + 1 : s;
    w = pr_pep_word(q, end, dev_words);

    if (w) {
        v->dev = 1;
        s = pr_pep_num(q + (w & 0xff), end, &v->dev_n);
    }

    /* local */
    if (s < end && *s == '+') {
        s++;

        for ( ;; ) {
            unsigned  digits = 1;

            for (n = 0; s + n < end && pr_valnum(s[n]); n++) {
                if (!pr_vdigit(s[n])) {
                    digits = 0;
                }
            }

            if (n == 0 || v->nrel + v->nextra == PR_VER_MAX_SEGS) {
                return -1;
            }

            if (digits) {
                pr_vseg_num(&v->seg[v->nrel + v->nextra], s, n);

            } else {
                pr_vseg_str(&v->seg[v->nrel + v->nextra], s, n);
            }

            v->nextra++;
            s += n;

            if (s + 1 < end && pr_pep_sep(*s) && pr_valnum(s[1])) {
                s++;
                continue;
            }

            break;
        }
    }

    return s == end ? 0 : -1;
}


static int
pr_pep_relcmp(const pr_ver_t *a, const pr_ver_t *b, unsigned k)
{
    int               c;
    unsigned          i;
    const pr_vseg_t  *sa, *sb;

    c = pr_vseg_numcmp(&a->epoch, &b->epoch);
    if (c) {
        return c;
    }

    for (i = 0; i < k; i++) {
        sa = i < a->nrel ? &a->seg[i] : &pr_vzero;
        sb = i < b->nrel ? &b->seg[i] : &pr_vzero;

        c = pr_vseg_numcmp(sa, sb);
        if (c) {
            return c;
        }
    }

    return 0;
}


/* packaging's key: -1 for -Infinity, 1 for +Infinity, 0: a number */
static int
pr_pep_cmp_x(const pr_ver_t *a, const pr_ver_t *b, int nolocal)
{
    int               c, ka, kb;
    unsigned          i, n;
    const pr_vseg_t  *sa, *sb;

    n = a->nrel > b->nrel ? a->nrel : b->nrel;

    c = pr_pep_relcmp(a, b, n);
    if (c) {
        return c;
    }

    /* pre: a dev release of the final version comes before its a0 */
    ka = a->pre ? a->pre : ((!a->post && a->dev) ? 0 : 4);
    kb = b->pre ? b->pre : ((!b->post && b->dev) ? 0 : 4);

    if (ka != kb) {
        return ka < kb ? -1 : 1;
    }

    if (a->pre) {
        c = pr_vseg_numcmp(&a->pre_n, &b->pre_n);
        if (c) {
            return c;
        }
    }

    if (a->post != b->post) {
        return a->post ? 1 : -1;
    }

    if (a->post) {
        c = pr_vseg_numcmp(&a->post_n, &b->post_n);
        if (c) {
            return c;
        }
    }

    if (a->dev != b->dev) {
        return a->dev ? -1 : 1;
    }

    if (a->dev) {
        c = pr_vseg_numcmp(&a->dev_n, &b->dev_n);
        if (c) {
            return c;
        }
    }

    if (nolocal) {
        return 0;
    }

    if ((a->nextra == 0) != (b->nextra == 0)) {
        return a->nextra ? 1 : -1;
    }

    for (i = 0; i < a->nextra && i < b->nextra; i++) {
        sa = &a->seg[a->nrel + i];
        sb = &b->seg[b->nrel + i];

        if (sa->num && sb->num) {
            c = pr_vseg_numcmp(sa, sb);

        } else if (sa->num != sb->num) {
            c = sa->num ? 1 : -1;

        } else {
            c = pr_vseg_strcmp(sa, sb, 1);
        }

        if (c) {
            return c;
        }
    }

    return (a->nextra > b->nextra) - (a->nextra < b->nextra);
}


/* RubyGems */

static int
pr_gem_valid(const char *s, const char *end)
{
    /* [0-9]+ (\.[0-9a-zA-Z]+)* (-[0-9A-Za-z-]+ (\.[0-9A-Za-z-]+)*)? */
    size_t  n;

    if (s == end) {
        return 1;
    }

    for (n = 0; s + n < end && pr_vdigit(s[n]); n++) { /* void */ }

    if (n == 0) {
        return 0;
    }

    s += n;

    while (s < end && *s == '.') {
        for (n = 1; s + n < end && pr_valnum(s[n]); n++) { /* void */ }

        if (n == 1) {
            return 0;
        }

        s += n;
    }

    if (s < end && *s == '-') {
        s++;

        for ( ;; ) {
            for (n = 0; s + n < end && (pr_valnum(s[n]) || s[n] == '-');
                 n++)
            {
                /* void */
            }

            if (n == 0) {
                return 0;
            }

            s += n;

            if (s == end || *s != '.') {
                break;
            }

            s++;
        }
    }

    return s == end;
}


static int
pr_gem_parse(const char *s, size_t len, pr_ver_t *v)
{
    size_t       n;
    const char  *end;

    end = s + len;

    while (s < end && pr_vspace(*s)) {
        s++;
    }

    while (end > s && pr_vspace(end[-1])) {
        end--;
    }

    pr_ver_init(v, PR_VS_GEM, s, (size_t) (end - s));

    if ((size_t) (end - s) > PR_VER_MAX_LEN || !pr_gem_valid(s, end)) {
        return -1;
    }

    /* "-" is read as ".pre."; then runs of digits and of letters */
    while (s < end) {
        if (v->nrel == PR_VER_MAX_SEGS) {
            return -1;
        }

        if (*s == '-') {
            pr_vseg_str(&v->seg[v->nrel++], "pre", 3);
            s++;

        } else if (pr_vdigit(*s)) {
            for (n = 0; s + n < end && pr_vdigit(s[n]); n++) { /* void */ }
            pr_vseg_num(&v->seg[v->nrel++], s, n);
            s += n;

        } else if (pr_valpha(*s)) {
            for (n = 0; s + n < end && pr_valpha(s[n]); n++) { /* void */ }
            pr_vseg_str(&v->seg[v->nrel++], s, n);
            s += n;

        } else {
            s++;
        }
    }

    return 0;
}


/* the numeric parts before the first letters */
static unsigned
pr_gem_nprefix(const pr_ver_t *v)
{
    unsigned  i;

    for (i = 0; i < v->nrel && v->seg[i].num; i++) { /* void */ }

    return i;
}


/*
 * Gem::Version#<=> over canonical segments: the numeric prefix and the
 * rest, each without trailing zeros; a missing part is 0, letters sort
 * before numbers. Only the first na (nb) parts are read.
 */
static unsigned
pr_gem_canon(const pr_ver_t *v, unsigned n, const pr_vseg_t **out)
{
    unsigned  p, e, k, o;

    for (p = 0; p < n && v->seg[p].num; p++) { /* void */ }

    o = 0;

    for (e = p; e > 0 && v->seg[e - 1].len == 0; e--) { /* void */ }

    for (k = 0; k < e; k++) {
        out[o++] = &v->seg[k];
    }

    for (e = n; e > p && v->seg[e - 1].num && v->seg[e - 1].len == 0; e--) {
        /* void */
    }

    for (k = p; k < e; k++) {
        out[o++] = &v->seg[k];
    }

    return o;
}


static int
pr_gem_cmp_n(const pr_ver_t *a, unsigned na, const pr_ver_t *b, unsigned nb)
{
    int               c;
    unsigned          i, pa, pb;
    const pr_vseg_t  *ca[PR_VER_MAX_SEGS], *cb[PR_VER_MAX_SEGS];
    const pr_vseg_t  *sa, *sb;

    pa = pr_gem_canon(a, na, ca);
    pb = pr_gem_canon(b, nb, cb);

    for (i = 0; i < pa || i < pb; i++) {
        sa = i < pa ? ca[i] : &pr_vzero;
        sb = i < pb ? cb[i] : &pr_vzero;

        if (sa->num && sb->num) {
            c = pr_vseg_numcmp(sa, sb);

        } else if (sa->num != sb->num) {
            c = sa->num ? 1 : -1;

        } else {
            c = pr_vseg_strcmp(sa, sb, 0);
        }

        if (c) {
            return c;
        }
    }

    return 0;
}


/* versions */

int
pr_version_parse(pr_eco_t eco, const char *s, size_t len, pr_ver_t *v)
{
    if (len == 0) {
        /* no pointer arithmetic on a NULL empty string */
        s = "";
    }

    switch (pr_version_scheme(eco)) {

    case PR_VS_NPM:
        while (len && pr_vspace(*s)) {
            s++;
            len--;
        }

        while (len && pr_vspace(s[len - 1])) {
            len--;
        }

        return pr_sv_parse(s, len, PR_SV_V, v);

    case PR_VS_CARGO:
        return pr_sv_parse(s, len, PR_SV_CARGO, v);

    case PR_VS_PEP440:
        return pr_pep_parse(s, len, v, 0);

    case PR_VS_GEM:
        return pr_gem_parse(s, len, v);

    default:
        pr_ver_init(v, PR_VS_EXACT, s, len);
        return (len == 0 || len > PR_VER_MAX_LEN) ? -1 : 0;
    }
}


int
pr_version_cmp(const pr_ver_t *a, const pr_ver_t *b)
{
    int     c;
    size_t  n;

    switch (a->scheme) {

    case PR_VS_NPM:
    case PR_VS_CARGO:
        return pr_sv_cmp(a, b);

    case PR_VS_PEP440:
        return pr_pep_cmp_x(a, b, 0);

    case PR_VS_GEM:
        return pr_gem_cmp_n(a, a->nrel, b, b->nrel);

    default:
        n = a->len < b->len ? a->len : b->len;
        c = memcmp(a->text, b->text, n);
        if (c) {
            return c < 0 ? -1 : 1;
        }

        return (a->len > b->len) - (a->len < b->len);
    }
}


int
pr_version_is_pre(const pr_ver_t *v)
{
    switch (v->scheme) {

    case PR_VS_NPM:
    case PR_VS_CARGO:
        return v->nextra > 0;

    case PR_VS_PEP440:
        return v->pre || v->dev;

    case PR_VS_GEM:
        return pr_gem_nprefix(v) < v->nrel;

    default:
        return 0;
    }
}


/*
 * Ranges are read in two passes: the comparators are written, as
 * versions in text, into a builder on the stack (npm's sugar becomes
 * plain comparators there, with the numbers it adds), then copied into
 * one block from the caller's allocator and parsed again from there.
 */

#define PR_RB_TEXT  (4 * PR_RANGE_MAX_LEN + 96 * PR_RANGE_MAX_CMP)


typedef struct {
    uint8_t      op;
    uint8_t      k;
    uint32_t     off;
    uint32_t     len;
} pr_rb_item_t;


typedef struct {
    pr_vscheme_t   scheme;
    unsigned       flags;
    unsigned       anypre;
    const char    *err;
    size_t         used;
    unsigned       n;
    unsigned       nsets;
    pr_rb_item_t   item[PR_RANGE_MAX_CMP];
    uint16_t       set_end[PR_RANGE_MAX_CMP + 1];
    char           text[PR_RB_TEXT];
} pr_rb_t;


static int
pr_rb_begin(pr_rb_t *rb, unsigned op)
{
    if (rb->n == PR_RANGE_MAX_CMP) {
        rb->err = "too many comparators";
        return -1;
    }

    rb->item[rb->n].op = (uint8_t) op;
    rb->item[rb->n].k = 0;
    rb->item[rb->n].off = (uint32_t) rb->used;
    rb->item[rb->n].len = 0;

    return 0;
}


static void
pr_rb_put(pr_rb_t *rb, const char *s, size_t len)
{
    if (rb->used + len > PR_RB_TEXT) {
        rb->err = "range too long";
        return;
    }

    memcpy(rb->text + rb->used, s, len);
    rb->used += len;
}


/* a number, plus one when inc */
static void
pr_rb_num(pr_rb_t *rb, const pr_vseg_t *s, int inc)
{
    char    *p;
    size_t   i;

    if (s == NULL) {
        s = &pr_vzero;
    }

    if (s->len == 0) {
        pr_rb_put(rb, inc ? "1" : "0", 1);
        return;
    }

    if (!inc) {
        pr_rb_put(rb, s->p, s->len);
        return;
    }

    /* room for a carry: "9" + 1 = "10" */
    pr_rb_put(rb, "0", 1);
    pr_rb_put(rb, s->p, s->len);

    if (rb->err) {
        return;
    }

    p = rb->text + rb->used - s->len - 1;

    for (i = s->len; i > 0; i--) {
        if (p[i] == '9') {
            p[i] = '0';
            continue;
        }

        p[i]++;
        break;
    }

    if (i == 0) {
        p[0] = '1';

    } else {
        memmove(p, p + 1, s->len);
        rb->used--;
    }
}


static int
pr_rb_end(pr_rb_t *rb)
{
    if (rb->err) {
        return -1;
    }

    rb->item[rb->n].len = (uint32_t) (rb->used - rb->item[rb->n].off);
    rb->n++;

    return 0;
}


/* op M.m.p[-pre] with M, m, p each optionally plus one */
static int
pr_rb_sv(pr_rb_t *rb, unsigned op, const pr_vseg_t *M, int iM,
    const pr_vseg_t *m, int im, const pr_vseg_t *p, int ip,
    const char *pre, size_t prelen)
{
    if (pr_rb_begin(rb, op) != 0) {
        return -1;
    }

    pr_rb_num(rb, M, iM);
    pr_rb_put(rb, ".", 1);
    pr_rb_num(rb, m, im);
    pr_rb_put(rb, ".", 1);
    pr_rb_num(rb, p, ip);

    if (prelen) {
        pr_rb_put(rb, "-", 1);
        pr_rb_put(rb, pre, prelen);
    }

    return pr_rb_end(rb);
}


static int
pr_rb_text(pr_rb_t *rb, unsigned op, unsigned k, const char *s, size_t len)
{
    if (pr_rb_begin(rb, op) != 0) {
        return -1;
    }

    rb->item[rb->n].k = (uint8_t) k;
    pr_rb_put(rb, s, len);

    return pr_rb_end(rb);
}


/* npm */

typedef struct {
    pr_ver_t      v;
    const char   *pre;      /* the prerelease as written, if 3 parts */
    size_t        prelen;
    unsigned      xnum;     /* a number after an x: 1.x.3 */
} pr_npm_part_t;


static int
pr_npm_part(const char *s, size_t len, pr_npm_part_t *pt)
{
    const char  *end, *q;

    end = s + len;

    /* node-semver's [v=\s]* before a version in a range */
    while (s < end && (*s == 'v' || *s == '=')) {
        s++;
    }

    if (pr_sv_parse(s, (size_t) (end - s), PR_SV_PARTIAL, &pt->v) != 0) {
        return -1;
    }

    pt->pre = NULL;
    pt->prelen = 0;
    pt->xnum = 0;

    if (pt->v.wild) {
        unsigned  x = 0;

        for (q = s; q < end && *q != '-' && *q != '+'; q++) {
            if (*q == 'x' || *q == 'X' || *q == '*') {
                x = 1;

            } else if (x && pr_vdigit(*q)) {
                pt->xnum = 1;
            }
        }
    }

    if (!pt->v.wild) {
        for (q = s; q < end && *q != '-' && *q != '+'; q++) { /* void */ }

        if (q < end && *q == '-') {
            pt->pre = q + 1;

            for (q++; q < end && *q != '+'; q++) { /* void */ }

            pt->prelen = (size_t) (q - pt->pre);
        }
    }

    return 0;
}


#define PR_Z(rb)  (((rb)->flags & PR_RANGE_PRE) ? "0" : ""),                 \
                  (((rb)->flags & PR_RANGE_PRE) ? 1 : 0)


static int
pr_npm_comparator(pr_rb_t *rb, const char *op, size_t oplen,
    const pr_npm_part_t *pt)
{
    unsigned          n, o;
    const pr_vseg_t  *M, *m, *p;

    n = pt->v.nrel;
    M = &pt->v.seg[0];
    m = &pt->v.seg[1];
    p = &pt->v.seg[2];

    if (oplen && op[0] == '^') {
        if (n == 0) {
            return pr_rb_begin(rb, PR_OP_ANY) || pr_rb_end(rb);
        }

        if (n == 1) {
            return pr_rb_sv(rb, PR_OP_GE, M, 0, NULL, 0, NULL, 0, PR_Z(rb))
                   || pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
        }

        if (n == 2) {
            if (M->len == 0) {
                return pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, NULL, 0, PR_Z(rb))
                       || pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);
            }

            return pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, NULL, 0, PR_Z(rb))
                   || pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
        }

        if (pt->prelen) {
            if (pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, p, 0, pt->pre, pt->prelen)
                != 0)
            {
                return -1;
            }

        } else {
            /* no -0 here, whatever the major (node-semver 7.6 and later;
             * found by fuzz/oracle-version) */
            if (pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, p, 0, NULL, 0) != 0) {
                return -1;
            }
        }

        if (M->len == 0 && m->len == 0) {
            return pr_rb_sv(rb, PR_OP_LT, M, 0, m, 0, p, 1, "0", 1);
        }

        if (M->len == 0) {
            return pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);
        }

        return pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
    }

    if (oplen && op[0] == '~') {
        if (n == 0) {
            return pr_rb_begin(rb, PR_OP_ANY) || pr_rb_end(rb);
        }

        /* ~M and ~M.m: -0 on the lower bound with PR_RANGE_PRE, as
         * node-semver 7.6 and later (~1.2 is 1.2.x) */
        if (n == 1) {
            return pr_rb_sv(rb, PR_OP_GE, M, 0, NULL, 0, NULL, 0, PR_Z(rb))
                   || pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
        }

        if (n == 2) {
            return pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, NULL, 0, PR_Z(rb))
                   || pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);
        }

        return pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, p, 0, pt->pre, pt->prelen)
               || pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);
    }

    /* comparators and x-ranges: node-semver refuses 1.x.3 here (and
     * reads it in ^ ~ and hyphen ranges) */
    if (pt->xnum) {
        rb->err = "a number after x in an x-range";
        return -1;
    }

    if (oplen == 0 || (oplen == 1 && op[0] == '=')) {
        o = PR_OP_EQ;

    } else if (op[0] == '<') {
        o = oplen == 2 ? PR_OP_LE : PR_OP_LT;

    } else {
        o = oplen == 2 ? PR_OP_GE : PR_OP_GT;
    }

    if (n == 3) {
        return pr_rb_sv(rb, o, M, 0, m, 0, p, 0, pt->pre, pt->prelen);
    }

    if (n == 0) {
        if (o == PR_OP_LT || o == PR_OP_GT) {
            /* nothing: <0.0.0-0 */
            return pr_rb_sv(rb, PR_OP_LT, NULL, 0, NULL, 0, NULL, 0, "0", 1);
        }

        return pr_rb_begin(rb, PR_OP_ANY) || pr_rb_end(rb);
    }

    switch (o) {

    case PR_OP_GT:
        if (n == 1) {
            return pr_rb_sv(rb, PR_OP_GE, M, 1, NULL, 0, NULL, 0, PR_Z(rb));
        }

        return pr_rb_sv(rb, PR_OP_GE, M, 0, m, 1, NULL, 0, PR_Z(rb));

    case PR_OP_GE:
        return pr_rb_sv(rb, PR_OP_GE, M, 0, n == 2 ? m : NULL, 0, NULL, 0,
                        PR_Z(rb));

    case PR_OP_LT:
        return pr_rb_sv(rb, PR_OP_LT, M, 0, n == 2 ? m : NULL, 0, NULL, 0,
                        "0", 1);

    case PR_OP_LE:
        if (n == 1) {
            return pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
        }

        return pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);

    default:
        if (n == 1) {
            return pr_rb_sv(rb, PR_OP_GE, M, 0, NULL, 0, NULL, 0, PR_Z(rb))
                   || pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
        }

        return pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, NULL, 0, PR_Z(rb))
               || pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);
    }
}


static int
pr_npm_hyphen(pr_rb_t *rb, const pr_npm_part_t *a, const pr_npm_part_t *b)
{
    unsigned          n;
    const pr_vseg_t  *M, *m, *p;

    n = a->v.nrel;
    M = &a->v.seg[0];
    m = &a->v.seg[1];
    p = &a->v.seg[2];

    if (n == 3 && a->prelen) {
        if (pr_rb_sv(rb, PR_OP_GE, M, 0, m, 0, p, 0, a->pre, a->prelen)) {
            return -1;
        }

    } else if (n > 0) {
        if (pr_rb_sv(rb, PR_OP_GE, M, 0, n > 1 ? m : NULL, 0,
                     n > 2 ? p : NULL, 0, PR_Z(rb)))
        {
            return -1;
        }
    }

    n = b->v.nrel;
    M = &b->v.seg[0];
    m = &b->v.seg[1];
    p = &b->v.seg[2];

    switch (n) {
    case 0:
        break;
    case 1:
        return pr_rb_sv(rb, PR_OP_LT, M, 1, NULL, 0, NULL, 0, "0", 1);
    case 2:
        return pr_rb_sv(rb, PR_OP_LT, M, 0, m, 1, NULL, 0, "0", 1);
    default:
        if (b->prelen) {
            return pr_rb_sv(rb, PR_OP_LE, M, 0, m, 0, p, 0, b->pre,
                            b->prelen);
        }

        if (rb->flags & PR_RANGE_PRE) {
            return pr_rb_sv(rb, PR_OP_LT, M, 0, m, 0, p, 1, "0", 1);
        }

        return pr_rb_sv(rb, PR_OP_LE, M, 0, m, 0, p, 0, NULL, 0);
    }

    /* both ends x: an empty set, any version */
    return 0;
}


/* one || set: s is trimmed */
static int
pr_npm_set(pr_rb_t *rb, const char *s, const char *end)
{
    size_t          n, oplen;
    unsigned        ntok;
    const char     *tok[4], *tend[4], *q, *op;
    pr_npm_part_t   a, b;

    /* a hyphen range is three tokens, "-" in the middle */
    ntok = 0;

    for (q = s; q < end && ntok < 4; ) {
        while (q < end && pr_vspace(*q)) {
            q++;
        }

        if (q == end) {
            break;
        }

        tok[ntok] = q;

        while (q < end && !pr_vspace(*q)) {
            q++;
        }

        tend[ntok++] = q;
    }

    if (ntok == 3 && tend[1] - tok[1] == 1 && *tok[1] == '-') {
        if (pr_npm_part(tok[0], (size_t) (tend[0] - tok[0]), &a) != 0
            || pr_npm_part(tok[2], (size_t) (tend[2] - tok[2]), &b) != 0)
        {
            rb->err = "invalid version in a hyphen range";
            return -1;
        }

        return pr_npm_hyphen(rb, &a, &b);
    }

    if (s == end) {
        return pr_rb_begin(rb, PR_OP_ANY) || pr_rb_end(rb);
    }

    while (s < end) {
        while (s < end && pr_vspace(*s)) {
            s++;
        }

        if (s == end) {
            break;
        }

        op = s;

        if (*s == '^') {
            s++;

        } else if (*s == '~') {
            s++;

            if (s < end && *s == '>') {
                s++;
            }

        } else if (*s == '<' || *s == '>') {
            s++;

            if (s < end && *s == '=') {
                s++;
            }

        } else if (*s == '=') {
            s++;
        }

        oplen = (size_t) (s - op);

        if (oplen) {
            while (s < end && pr_vspace(*s)) {
                s++;
            }
        }

        for (n = 0; s + n < end && !pr_vspace(s[n]); n++) { /* void */ }

        if (n == 0) {
            rb->err = "an operator without a version";
            return -1;
        }

        if (pr_npm_part(s, n, &a) != 0) {
            rb->err = "invalid version in a range";
            return -1;
        }

        if (pr_npm_comparator(rb, op, oplen, &a) != 0) {
            return -1;
        }

        s += n;
    }

    return 0;
}


static int
pr_npm_range(pr_rb_t *rb, const char *s, const char *end)
{
    const char  *q, *e;

    for ( ;; ) {
        for (q = s; q < end && !(q + 1 < end && q[0] == '|' && q[1] == '|');
             q++)
        {
            /* void */
        }

        e = q;

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        while (e > s && pr_vspace(e[-1])) {
            e--;
        }

        if (pr_npm_set(rb, s, e) != 0) {
            return -1;
        }

        if (rb->nsets == PR_RANGE_MAX_CMP) {
            rb->err = "too many || sets";
            return -1;
        }

        rb->set_end[rb->nsets++] = (uint16_t) rb->n;

        if (q == end) {
            return 0;
        }

        s = q + 2;
    }
}


/* cargo */

static int
pr_cargo_req(pr_rb_t *rb, const char *s, const char *end)
{
    unsigned     op;
    pr_ver_t     v;
    const char  *q, *e;

    for ( ;; ) {
        for (q = s; q < end && *q != ','; q++) { /* void */ }

        e = q;

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        while (e > s && pr_vspace(e[-1])) {
            e--;
        }

        if (s == e) {
            rb->err = "an empty comparator";
            return -1;
        }

        op = PR_OP_CARET;

        if (e - s > 1 && s[0] == '>' && s[1] == '=') {
            op = PR_OP_GE;
            s += 2;

        } else if (e - s > 1 && s[0] == '<' && s[1] == '=') {
            op = PR_OP_LE;
            s += 2;

        } else if (*s == '>') {
            op = PR_OP_GT;
            s++;

        } else if (*s == '<') {
            op = PR_OP_LT;
            s++;

        } else if (*s == '=') {
            op = PR_OP_EQ;
            s++;

        } else if (*s == '~') {
            op = PR_OP_TILDE;
            s++;

        } else if (*s == '^') {
            s++;

        } else {
            op = 0;
        }

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        if (pr_sv_parse(s, (size_t) (e - s), PR_SV_CARGO | PR_SV_PARTIAL, &v)
            != 0)
        {
            rb->err = "invalid version in a requirement";
            return -1;
        }

        if (op == 0) {
            op = v.wild ? PR_OP_WILD : PR_OP_CARET;

        } else if (v.nrel == 0) {
            rb->err = "a wildcard major version after an operator";
            return -1;
        }

        if (pr_rb_text(rb, op, 0, s, (size_t) (e - s)) != 0) {
            return -1;
        }

        if (q == end) {
            return 0;
        }

        s = q + 1;
    }
}


/* PEP 440 */

/*
 * The release parts ~=V keeps, as packaging finds them in V as written:
 * the parts between dots after the epoch (1.0rc1 split as 1.0 rc1), taken
 * while none starts with dev, a, b, rc or post, all but the last. For a
 * normalised V that is its release without the last part; for a suffix
 * spelt otherwise (1.1.rev0, 1.0c1, 1.0.pre1) packaging keeps one more,
 * and so does this.
 */
static unsigned
pr_pep_compat_k(const char *s, size_t len, unsigned nrel)
{
    size_t       n;
    unsigned     taken, k;
    const char  *end, *q, *d;

    end = s + len;

    for (q = end; q > s && q[-1] != '!'; q--) { /* void */ }

    s = q;
    taken = 0;

    while (s < end) {
        for (q = s; q < end && *q != '.'; q++) { /* void */ }

        /* digits then (a|b|c|rc) digits: two parts */
        for (d = s; d < q && pr_vdigit(*d); d++) { /* void */ }

        n = (size_t) (q - d);

        if (d > s && n > 1
            && ((*d == 'a' || *d == 'b' || *d == 'c')
                || (n > 2 && d[0] == 'r' && d[1] == 'c')))
        {
            const char  *t = d + ((d[0] == 'r') ? 2 : 1);

            while (t < q && pr_vdigit(*t)) {
                t++;
            }

            if (t == q && t > d + ((d[0] == 'r') ? 2 : 1)) {
                taken++;
                s = d;
            }
        }

        if ((q - s >= 3 && memcmp(s, "dev", 3) == 0)
            || (q - s >= 1 && (*s == 'a' || *s == 'b'))
            || (q - s >= 2 && memcmp(s, "rc", 2) == 0)
            || (q - s >= 4 && memcmp(s, "post", 4) == 0))
        {
            break;
        }

        taken++;
        s = q < end ? q + 1 : q;
    }

    k = taken > 1 ? taken - 1 : 1;

    /* more than the release: only with a suffix spelt otherwise */
    return k > nrel ? nrel : k;
}


static int
pr_pep_specs(pr_rb_t *rb, const char *s, const char *end)
{
    size_t       oplen;
    unsigned     op, k, wild;
    pr_ver_t     v;
    const char  *q, *e, *vs;

    for ( ;; ) {
        for (q = s; q < end && *q != ','; q++) { /* void */ }

        e = q;

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        while (e > s && pr_vspace(e[-1])) {
            e--;
        }

        if (s == e) {
            goto next;
        }

        if (e - s >= 3 && memcmp(s, "===", 3) == 0) {
            op = PR_OP_ARB;
            oplen = 3;

        } else if (e - s >= 2 && memcmp(s, "~=", 2) == 0) {
            op = PR_OP_PREFIX;
            oplen = 2;

        } else if (e - s >= 2 && memcmp(s, "==", 2) == 0) {
            op = PR_OP_EQ;
            oplen = 2;

        } else if (e - s >= 2 && memcmp(s, "!=", 2) == 0) {
            op = PR_OP_NE;
            oplen = 2;

        } else if (e - s >= 2 && memcmp(s, "<=", 2) == 0) {
            op = PR_OP_LE;
            oplen = 2;

        } else if (e - s >= 2 && memcmp(s, ">=", 2) == 0) {
            op = PR_OP_GE;
            oplen = 2;

        } else if (*s == '<') {
            op = PR_OP_LT;
            oplen = 1;

        } else if (*s == '>') {
            op = PR_OP_GT;
            oplen = 1;

        } else {
            rb->err = "a specifier without an operator";
            return -1;
        }

        vs = s + oplen;

        while (vs < e && pr_vspace(*vs)) {
            vs++;
        }

        if (vs == e) {
            rb->err = "an operator without a version";
            return -1;
        }

        if (op == PR_OP_ARB) {
            for (q = vs; q < e; q++) {
                if (pr_vspace(*q)) {
                    rb->err = "a space in an arbitrary (===) version";
                    return -1;
                }
            }

            if (pr_pep_parse(vs, (size_t) (e - vs), &v, 0) == 0
                && pr_version_is_pre(&v))
            {
                rb->anypre = 1;
            }

            if (pr_rb_text(rb, op, 0, vs, (size_t) (e - vs)) != 0) {
                return -1;
            }

            goto next;
        }

        wild = (e - vs >= 2 && e[-2] == '.' && e[-1] == '*');

        if (wild) {
            if (op != PR_OP_EQ && op != PR_OP_NE) {
                rb->err = "a .* wildcard with an operator other than == !=";
                return -1;
            }

            if (pr_pep_parse(vs, (size_t) (e - 2 - vs), &v, 1) != 0) {
                rb->err = "invalid version before .*";
                return -1;
            }

            if (pr_rb_text(rb, op == PR_OP_EQ ? PR_OP_PREFIX : PR_OP_NPREFIX,
                           v.nrel, vs, (size_t) (e - 2 - vs))
                != 0)
            {
                return -1;
            }

            goto next;
        }

        if (pr_pep_parse(vs, (size_t) (e - vs), &v, 0) != 0) {
            rb->err = "invalid PEP 440 version in a specifier";
            return -1;
        }

        if (v.nextra && op != PR_OP_EQ && op != PR_OP_NE) {
            rb->err = "a local version with an operator other than == !=";
            return -1;
        }

        /* packaging counts the inclusive operators only: == >= <= ~= */
        if (op != PR_OP_NE && op != PR_OP_LT && op != PR_OP_GT
            && pr_version_is_pre(&v))
        {
            rb->anypre = 1;
        }

        if (op == PR_OP_PREFIX) {
            /* ~=V: >=V and ==P.* where P is V without its last part */
            if (v.nrel < 2) {
                rb->err = "~= needs a version of two parts or more";
                return -1;
            }

            if (pr_rb_text(rb, PR_OP_GE, 0, vs, (size_t) (e - vs)) != 0) {
                return -1;
            }

            k = pr_pep_compat_k(vs, (size_t) (e - vs), v.nrel);

        } else {
            k = 0;
        }

        if (pr_rb_text(rb, op, k, vs, (size_t) (e - vs)) != 0) {
            return -1;
        }

    next:

        if (q == end) {
            return 0;
        }

        s = q + 1;
    }
}


/* RubyGems */

static int
pr_gem_req(pr_rb_t *rb, const char *s, const char *end)
{
    unsigned     op, i, n;
    pr_ver_t     v;
    const char  *q, *e;

    for ( ;; ) {
        for (q = s; q < end && *q != ','; q++) { /* void */ }

        e = q;

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        while (e > s && pr_vspace(e[-1])) {
            e--;
        }

        op = PR_OP_EQ;

        if (e - s >= 2 && memcmp(s, "~>", 2) == 0) {
            op = PR_OP_PESS;
            s += 2;

        } else if (e - s >= 2 && memcmp(s, ">=", 2) == 0) {
            op = PR_OP_GE;
            s += 2;

        } else if (e - s >= 2 && memcmp(s, "<=", 2) == 0) {
            op = PR_OP_LE;
            s += 2;

        } else if (e - s >= 2 && memcmp(s, "!=", 2) == 0) {
            op = PR_OP_NE;
            s += 2;

        } else if (s < e && *s == '=') {
            s++;

        } else if (s < e && *s == '>') {
            op = PR_OP_GT;
            s++;

        } else if (s < e && *s == '<') {
            op = PR_OP_LT;
            s++;
        }

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        if (s == e || pr_gem_parse(s, (size_t) (e - s), &v) != 0) {
            rb->err = "invalid version in a requirement";
            return -1;
        }

        if (op != PR_OP_PESS) {
            if (pr_rb_text(rb, op, 0, s, (size_t) (e - s)) != 0) {
                return -1;
            }

        } else {
            /* >= V and release < V.bump: the numeric prefix, without its
             * last part when it has more than one, its last part + 1 */
            if (pr_rb_text(rb, PR_OP_GE, 0, s, (size_t) (e - s)) != 0
                || pr_rb_begin(rb, PR_OP_PESS) != 0)
            {
                return -1;
            }

            n = pr_gem_nprefix(&v);

            if (n > 1) {
                n--;
            }

            for (i = 0; i < n; i++) {
                if (i) {
                    pr_rb_put(rb, ".", 1);
                }

                pr_rb_num(rb, &v.seg[i], i == n - 1);
            }

            if (pr_rb_end(rb) != 0) {
                return -1;
            }
        }

        if (q == end) {
            return 0;
        }

        s = q + 1;
    }
}


/* tags, revisions, refs: exact or a glob, || alternatives */

static int
pr_glob_list(pr_rb_t *rb, const char *s, const char *end)
{
    const char  *q, *e;

    for ( ;; ) {
        for (q = s; q < end && !(q + 1 < end && q[0] == '|' && q[1] == '|');
             q++)
        {
            /* void */
        }

        e = q;

        while (s < e && pr_vspace(*s)) {
            s++;
        }

        while (e > s && pr_vspace(e[-1])) {
            e--;
        }

        if (s == e) {
            rb->err = "an empty tag, revision or ref";
            return -1;
        }

        rb->err = pr_pattern_check(s, (size_t) (e - s));

        if (rb->err) {
            return -1;
        }

        if (pr_rb_text(rb, PR_OP_EQ, 0, s, (size_t) (e - s)) != 0) {
            return -1;
        }

        if (q == end) {
            return 0;
        }

        s = q + 2;
    }
}


static int
pr_rcmp_parse(pr_vscheme_t scheme, pr_rcmp_t *c, const char *s, size_t len)
{
    switch (scheme) {

    case PR_VS_NPM:
        if (c->op == PR_OP_ANY) {
            pr_ver_init(&c->v, scheme, s, 0);
            return 0;
        }

        return pr_sv_parse(s, len, 0, &c->v);

    case PR_VS_CARGO:
        return pr_sv_parse(s, len, PR_SV_CARGO | PR_SV_PARTIAL, &c->v);

    case PR_VS_PEP440:
        if (c->op == PR_OP_ARB) {
            pr_ver_init(&c->v, scheme, s, len);
            return 0;
        }

        return pr_pep_parse(s, len, &c->v,
                            c->op == PR_OP_PREFIX && c->k == 0);

    case PR_VS_GEM:
        return pr_gem_parse(s, len, &c->v);

    default:
        pr_ver_init(&c->v, scheme, s, len);
        return 0;
    }
}


pr_range_t *
pr_range_parse(pr_eco_t eco, const char *s, size_t len, unsigned flags,
    pr_alloc_pt alloc, void *ctx, const char **err)
{
    int          rc;
    char        *text;
    size_t       size;
    unsigned     i;
    pr_rb_t     *rb;
    pr_range_t  *r;
    const char  *end;

    pr_rb_t      rbuf;

    rb = &rbuf;
    rb->scheme = pr_version_scheme(eco);
    rb->flags = flags;
    rb->anypre = 0;
    rb->err = NULL;
    rb->used = 0;
    rb->n = 0;
    rb->nsets = 0;

    *err = NULL;

    if (len == 0) {
        s = "";
    }

    if (len > PR_RANGE_MAX_LEN) {
        *err = "range too long";
        return NULL;
    }

    end = s + len;

    switch (rb->scheme) {

    case PR_VS_NPM:
        rc = pr_npm_range(rb, s, end);
        break;

    case PR_VS_CARGO:
        rc = pr_cargo_req(rb, s, end);
        break;

    case PR_VS_PEP440:
        rc = pr_pep_specs(rb, s, end);
        break;

    case PR_VS_GEM:
        rc = pr_gem_req(rb, s, end);
        break;

    default:
        rc = pr_glob_list(rb, s, end);
        break;
    }

    if (rc != 0) {
        *err = rb->err ? rb->err : "invalid range";
        return NULL;
    }

    if (rb->nsets == 0) {
        rb->set_end[rb->nsets++] = (uint16_t) rb->n;
    }

    size = sizeof(pr_range_t) + rb->n * sizeof(pr_rcmp_t)
           + ((rb->nsets * sizeof(uint16_t) + 7) & ~(size_t) 7) + rb->used;

    r = alloc(ctx, size);
    if (r == NULL) {
        *err = "no memory";
        return NULL;
    }

    r->scheme = rb->scheme;
    r->flags = flags;
    r->anypre = rb->anypre;
    r->ncmp = (uint16_t) rb->n;
    r->nsets = (uint16_t) rb->nsets;
    r->cmp = (pr_rcmp_t *) (r + 1);
    r->set_end = (uint16_t *) (r->cmp + rb->n);
    r->glob = NULL;
    text = (char *) r->set_end
           + ((rb->nsets * sizeof(uint16_t) + 7) & ~(size_t) 7);

    memcpy(r->set_end, rb->set_end, rb->nsets * sizeof(uint16_t));
    memcpy(text, rb->text, rb->used);

    for (i = 0; i < rb->n; i++) {
        r->cmp[i].op = rb->item[i].op;
        r->cmp[i].k = rb->item[i].k;

        if (pr_rcmp_parse(r->scheme, &r->cmp[i], text + rb->item[i].off,
                          rb->item[i].len)
            != 0)
        {
            *err = "invalid version in a range";
            return NULL;
        }
    }

    if (r->scheme == PR_VS_EXACT) {
        r->glob = pr_matcher_create(alloc, ctx);
        if (r->glob == NULL) {
            *err = "no memory";
            return NULL;
        }

        for (i = 0; i < r->ncmp; i++) {
            if (pr_matcher_add(r->glob, r->cmp[i].v.text, r->cmp[i].v.len, i)
                != 0)
            {
                *err = "invalid pattern";
                return NULL;
            }
        }

        if (pr_matcher_compile(r->glob) != 0) {
            *err = "no memory";
            return NULL;
        }
    }

    return r;
}


/* matching */

static int
pr_npm_test(const pr_rcmp_t *c, const pr_ver_t *v)
{
    int  d;

    if (c->op == PR_OP_ANY) {
        return 1;
    }

    d = pr_sv_cmp(v, &c->v);

    switch (c->op) {
    case PR_OP_EQ:
        return d == 0;
    case PR_OP_LT:
        return d < 0;
    case PR_OP_LE:
        return d <= 0;
    case PR_OP_GT:
        return d > 0;
    default:
        return d >= 0;
    }
}


static int
pr_same_mmp(const pr_ver_t *a, const pr_ver_t *b)
{
    return pr_vseg_numcmp(&a->seg[0], &b->seg[0]) == 0
           && pr_vseg_numcmp(&a->seg[1], &b->seg[1]) == 0
           && pr_vseg_numcmp(&a->seg[2], &b->seg[2]) == 0;
}


static int
pr_npm_match(const pr_range_t *r, const pr_ver_t *v)
{
    unsigned  i, s, start;

    start = 0;

    for (s = 0; s < r->nsets; s++) {

        for (i = start; i < r->set_end[s]; i++) {
            if (!pr_npm_test(&r->cmp[i], v)) {
                break;
            }
        }

        if (i == r->set_end[s]) {
            if (v->nextra == 0 || (r->flags & PR_RANGE_PRE)) {
                return 1;
            }

            for (i = start; i < r->set_end[s]; i++) {
                if (r->cmp[i].op != PR_OP_ANY && r->cmp[i].v.nextra
                    && pr_same_mmp(&r->cmp[i].v, v))
                {
                    return 1;
                }
            }
        }

        start = r->set_end[s];
    }

    return 0;
}


/* the semver crate's comparators: a partial version on the right */

static int
pr_cargo_cmp_at(const pr_ver_t *v, const pr_ver_t *c, unsigned i)
{
    return pr_vseg_numcmp(&v->seg[i], &c->seg[i]);
}


static int
pr_cargo_exact(const pr_ver_t *v, const pr_ver_t *c)
{
    unsigned  i;

    for (i = 0; i < c->nrel; i++) {
        if (pr_cargo_cmp_at(v, c, i) != 0) {
            return 0;
        }
    }

    return pr_sv_precmp(v, c) == 0;
}


/* dir 1: greater, -1: less */
static int
pr_cargo_beyond(const pr_ver_t *v, const pr_ver_t *c, int dir)
{
    int       d;
    unsigned  i;

    for (i = 0; i < 3; i++) {
        if (i >= c->nrel) {
            return 0;
        }

        d = pr_cargo_cmp_at(v, c, i);
        if (d) {
            return d == dir;
        }
    }

    return pr_sv_precmp(v, c) == dir;
}


static int
pr_cargo_test(const pr_rcmp_t *rc, const pr_ver_t *v)
{
    int              d;
    const pr_ver_t  *c = &rc->v;

    switch (rc->op) {

    case PR_OP_EQ:
        return pr_cargo_exact(v, c);

    case PR_OP_GT:
        return pr_cargo_beyond(v, c, 1);

    case PR_OP_GE:
        return pr_cargo_exact(v, c) || pr_cargo_beyond(v, c, 1);

    case PR_OP_LT:
        return pr_cargo_beyond(v, c, -1);

    case PR_OP_LE:
        return pr_cargo_exact(v, c) || pr_cargo_beyond(v, c, -1);

    case PR_OP_TILDE:
        if (pr_cargo_cmp_at(v, c, 0) != 0) {
            return 0;
        }

        if (c->nrel > 1 && pr_cargo_cmp_at(v, c, 1) != 0) {
            return 0;
        }

        if (c->nrel > 2) {
            d = pr_cargo_cmp_at(v, c, 2);
            if (d) {
                return d > 0;
            }
        }

        return pr_sv_precmp(v, c) >= 0;

    case PR_OP_CARET:
        if (pr_cargo_cmp_at(v, c, 0) != 0) {
            return 0;
        }

        if (c->nrel < 2) {
            return 1;
        }

        d = pr_cargo_cmp_at(v, c, 1);

        if (c->nrel < 3) {
            return c->seg[0].len ? d >= 0 : d == 0;
        }

        if (c->seg[0].len) {
            if (d) {
                return d > 0;
            }

            d = pr_cargo_cmp_at(v, c, 2);
            if (d) {
                return d > 0;
            }

        } else if (c->seg[1].len) {
            if (d) {
                return 0;
            }

            d = pr_cargo_cmp_at(v, c, 2);
            if (d) {
                return d > 0;
            }

        } else if (d || pr_cargo_cmp_at(v, c, 2) != 0) {
            return 0;
        }

        return pr_sv_precmp(v, c) >= 0;

    default: /* PR_OP_WILD */
        if (c->nrel == 0) {
            return 1;
        }

        if (pr_cargo_cmp_at(v, c, 0) != 0) {
            return 0;
        }

        return c->nrel < 2 || pr_cargo_cmp_at(v, c, 1) == 0;
    }
}


static int
pr_cargo_match(const pr_range_t *r, const pr_ver_t *v)
{
    unsigned         i;
    const pr_ver_t  *c;

    for (i = 0; i < r->ncmp; i++) {
        if (!pr_cargo_test(&r->cmp[i], v)) {
            return 0;
        }
    }

    if (v->nextra == 0 || (r->flags & PR_RANGE_PRE)) {
        return 1;
    }

    for (i = 0; i < r->ncmp; i++) {
        c = &r->cmp[i].v;

        if (c->nrel == 3 && c->nextra && pr_same_mmp(c, v)) {
            return 1;
        }
    }

    return 0;
}


static int
pr_pep_base_eq(const pr_ver_t *a, const pr_ver_t *b)
{
    unsigned  n;

    n = a->nrel > b->nrel ? a->nrel : b->nrel;

    return pr_pep_relcmp(a, b, n) == 0;
}


static int
pr_pep_arb(const pr_ver_t *v, const pr_ver_t *c)
{
    size_t  i;

    if (v->len != c->len) {
        return 0;
    }

    for (i = 0; i < v->len; i++) {
        if (pr_vlower(v->text[i]) != pr_vlower(c->text[i])) {
            return 0;
        }
    }

    return 1;
}


static int
pr_pep_test(const pr_rcmp_t *rc, const pr_ver_t *v)
{
    int              d;
    const pr_ver_t  *c = &rc->v;

    switch (rc->op) {

    case PR_OP_ARB:
        return pr_pep_arb(v, c);

    case PR_OP_PREFIX:
    case PR_OP_NPREFIX:
        d = pr_pep_relcmp(v, c, rc->k ? rc->k : c->nrel) == 0;
        return rc->op == PR_OP_PREFIX ? d : !d;

    case PR_OP_EQ:
    case PR_OP_NE:
        d = pr_pep_cmp_x(v, c, c->nextra == 0) == 0;
        return rc->op == PR_OP_EQ ? d : !d;

    case PR_OP_LE:
        return pr_pep_cmp_x(v, c, 1) <= 0;

    case PR_OP_GE:
        return pr_pep_cmp_x(v, c, 1) >= 0;

    case PR_OP_LT:
        if (pr_pep_cmp_x(v, c, 0) >= 0) {
            return 0;
        }

        /* <V: never a prerelease of V's own release, unless V is one */
        return pr_version_is_pre(c) || !pr_version_is_pre(v)
               || !pr_pep_base_eq(v, c);

    default: /* PR_OP_GT */
        if (pr_pep_cmp_x(v, c, 0) <= 0) {
            return 0;
        }

        /* >V: never a post release of V's, unless V is one; never V
         * itself with a local label */
        if (!c->post && v->post && pr_pep_base_eq(v, c)) {
            return 0;
        }

        return v->nextra == 0 || !pr_pep_base_eq(v, c);
    }
}


static int
pr_pep_match(const pr_range_t *r, const pr_ver_t *v)
{
    unsigned  i;

    if (pr_version_is_pre(v) && !(r->flags & PR_RANGE_PRE) && !r->anypre) {
        return 0;
    }

    for (i = 0; i < r->ncmp; i++) {
        if (!pr_pep_test(&r->cmp[i], v)) {
            return 0;
        }
    }

    return 1;
}


static int
pr_gem_match(const pr_range_t *r, const pr_ver_t *v)
{
    int               d;
    unsigned          i;
    const pr_rcmp_t  *c;

    for (i = 0; i < r->ncmp; i++) {
        c = &r->cmp[i];

        if (c->op == PR_OP_PESS) {
            d = pr_gem_cmp_n(v, pr_gem_nprefix(v), &c->v, c->v.nrel);
            if (d >= 0) {
                return 0;
            }

            continue;
        }

        d = pr_gem_cmp_n(v, v->nrel, &c->v, c->v.nrel);

        switch (c->op) {
        case PR_OP_EQ:
            d = d == 0;
            break;
        case PR_OP_NE:
            d = d != 0;
            break;
        case PR_OP_LT:
            d = d < 0;
            break;
        case PR_OP_LE:
            d = d <= 0;
            break;
        case PR_OP_GT:
            d = d > 0;
            break;
        default:
            d = d >= 0;
            break;
        }

        if (!d) {
            return 0;
        }
    }

    return 1;
}


int
pr_range_match_ver(const pr_range_t *r, const pr_ver_t *v)
{
    uint32_t  index;

    if (v->scheme != r->scheme) {
        return -1;
    }

    switch (r->scheme) {
    case PR_VS_NPM:
        return pr_npm_match(r, v);
    case PR_VS_CARGO:
        return pr_cargo_match(r, v);
    case PR_VS_PEP440:
        return pr_pep_match(r, v);
    case PR_VS_GEM:
        return pr_gem_match(r, v);
    default:
        return pr_matcher_match(r->glob, v->text, v->len, &index);
    }
}


int
pr_range_match(const pr_range_t *r, const char *s, size_t len)
{
    unsigned  i;
    pr_ver_t  v;
    pr_eco_t  eco;

    switch (r->scheme) {
    case PR_VS_NPM:
        eco = PR_ECO_NPM;
        break;
    case PR_VS_CARGO:
        eco = PR_ECO_CARGO;
        break;
    case PR_VS_PEP440:
        eco = PR_ECO_PYPI;
        break;
    case PR_VS_GEM:
        eco = PR_ECO_RUBYGEMS;
        break;
    default:
        eco = PR_ECO_DOCKER;
        break;
    }

    if (pr_version_parse(eco, s, len, &v) != 0) {
        /* PEP 440: a version that is not one matches only === */
        if (r->scheme != PR_VS_PEP440 || r->ncmp == 0 || len == 0
            || len > PR_VER_MAX_LEN)
        {
            return -1;
        }

        for (i = 0; i < r->ncmp; i++) {
            if (r->cmp[i].op != PR_OP_ARB) {
                return -1;
            }
        }

        pr_ver_init(&v, PR_VS_PEP440, s, len);
    }

    return pr_range_match_ver(r, &v);
}
