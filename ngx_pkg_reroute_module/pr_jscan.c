/*
 * ngx_pkg_reroute: the pre-scan's skip (pr_jscan.h).
 *
 * Before its pass, the JSON rewriter looks up npm's "time", which comes
 * after "versions": 10 MB of a large packument skipped to reach it. Byte
 * by byte that cost 35 M instructions; here the bytes are read 64 at a
 * time as bit masks, one bit a byte, as simdjson's first stage does:
 * quotes, backslashes and brackets; the quotes that a backslash run
 * escapes are dropped; the bits inside strings are the prefix XOR of the
 * quotes; what is left of the brackets is walked bit by bit for the depth.
 * 9.5 M instructions with AVX2 (32 bytes a compare, the prefix XOR one
 * carry-less multiplication), 19 M with SSE2 alone (bench/curation-README).
 *
 * The masks read a backslash as escaping the byte after it wherever it
 * is; the bytes read one only inside a string. When a block has a
 * backslash outside strings (never in JSON), the rest is read byte by
 * byte from the block's start, so that every way gives the same answer.
 */

#include <string.h>

#include "pr_jscan.h"

/* -DPR_JSCAN_WORDS: a word at a time and byte by byte (a test build) */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(PR_JSCAN_WORDS)
#define PR_JSSE2  1
#endif

/* the blocks: x86-64, GCC 5 or clang (target attributes, cpu checks) */
#if defined(PR_JSSE2) && defined(__x86_64__)                                 \
    && (defined(__clang__) || __GNUC__ >= 5)
#define PR_JBLK     1
#define PR_JTARGET  __attribute__((target("avx2,pclmul")))
#include <immintrin.h>
#elif defined(PR_JSSE2)
#include <emmintrin.h>
#endif


/* what the bytes stop at outside strings */
static const unsigned char  pr_jstop[256] = {
    ['"'] = 1, ['{'] = 2, ['['] = 2, ['}'] = 3, [']'] = 3, [','] = 4
};

#define PR_JONES    0x0101010101010101ULL
#define PR_JHIGHS   0x8080808080808080ULL

/* the bytes of the word w that are c have their high bit set (the first
 * exactly; above it a borrow may set more) */
#define pr_jbytes(w, c)                                                       \
    ((((w) ^ (PR_JONES * (c))) - PR_JONES) & ~((w) ^ (PR_JONES * (c)))        \
     & PR_JHIGHS)

#if defined(__GNUC__) && defined(__BYTE_ORDER__)                              \
    && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PR_JFIRST(m)  ((size_t) __builtin_ctzll(m) >> 3)
#endif


static size_t pr_jskip_bytes(const char *in, size_t len, size_t i,
    size_t depth, size_t *open);


#ifdef PR_JBLK

/* the state between two 64-byte blocks */
typedef struct {
    uint64_t  in;                /* all ones: the block starts in a string */
    uint64_t  esc;               /* 1: its first byte is escaped */
    size_t    depth;             /* 1 or more */
} pr_jblk_t;


static int  pr_jskip_auto;       /* the way AUTO takes, once known */

#endif


/*
 * 16 bytes at a time (SSE2; else a word of 8) for '"' and '\\', a '\\'
 * taking the byte after it. A packument's 660,000 strings are short:
 * a memchr() each cost more than the string.
 */
size_t
pr_jskip_string(const char *in, size_t len, size_t i)
{
#ifdef PR_JSSE2
    unsigned  m;
    __m128i   v, q, b;

    q = _mm_set1_epi8('"');
    b = _mm_set1_epi8('\\');
#else
    uint64_t  w, m;
#endif

    for ( ;; ) {
#ifdef PR_JSSE2
        while (len - i >= 16) {
            v = _mm_loadu_si128((const __m128i *) (in + i));
            m = (unsigned) _mm_movemask_epi8(
                               _mm_or_si128(_mm_cmpeq_epi8(v, q),
                                            _mm_cmpeq_epi8(v, b)));

            if (m != 0) {
                i += (size_t) __builtin_ctz(m);
                goto found;
            }

            i += 16;
        }
#else
        while (len - i >= 8) {
            memcpy(&w, in + i, 8);
            m = pr_jbytes(w, '"') | pr_jbytes(w, '\\');

            if (m != 0) {
#ifdef PR_JFIRST
                i += PR_JFIRST(m);
#else
                while (in[i] != '"' && in[i] != '\\') {
                    i++;
                }
#endif
                goto found;
            }

            i += 8;
        }
#endif

        while (i < len && in[i] != '"' && in[i] != '\\') {
            i++;
        }

        if (i >= len) {
            return len;
        }

    found:

        if (in[i] == '"') {
            return i;
        }

        /* '\\' and the byte it escapes */
        i += 2;

        if (i >= len) {
            return len;
        }
    }
}


/*
 * Byte by byte, from outside strings at depth (0: the value's start).
 * With open: a '{' or '[' at depth 0 ends it, *open the index after it,
 * the answer (size_t) -1.
 */
static size_t
pr_jskip_bytes(const char *in, size_t len, size_t i, size_t depth,
    size_t *open)
{
    unsigned  c;

    while (i < len) {
        c = pr_jstop[(unsigned char) in[i++]];

        if (c == 0) {
            continue;
        }

        if (c == 1) {
            i = pr_jskip_string(in, len, i);

            if (i == len) {
                return len;
            }

            i++;
            continue;
        }

        if (c == 2) {
            if (depth++ == 0 && open != NULL) {
                *open = i;
                return (size_t) -1;
            }

            continue;
        }

        /* '}' or ']' (3), ',' (4) */

        if (depth == 0) {
            return i - 1;
        }

        if (c == 3 && --depth == 0) {
            return i;
        }
    }

    return len;
}


#ifdef PR_JBLK

/* the prefix XOR of x: bit k is the XOR of bits 0..k */
static inline __attribute__((always_inline)) uint64_t
pr_jblk_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;

    return x;
}


/* the same in one carry-less multiplication by all ones */
static PR_JTARGET uint64_t
pr_jblk_clmul(uint64_t x)
{
    return (uint64_t) _mm_cvtsi128_si64(
        _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long) x),
                             _mm_set1_epi8(-1), 0));
}


/*
 * One block's masks, q: '"', bs: '\\', br: '{' '[' '}' ']', at the
 * bytes p[0..63]: the state goes on to the next block. 0: go on; else
 * the answer, or (size_t) -1: a '\\' outside strings, the bytes decide.
 */
static inline __attribute__((always_inline)) size_t
pr_jblk_walk(pr_jblk_t *st, const char *p, size_t base, uint64_t q,
    uint64_t bs, uint64_t br, int avx2)
{
    unsigned  k;
    uint64_t  esc, out, b, in;

    esc = st->esc;
    out = 0;

    /* the bytes escaped: after each '\\' that is not escaped itself */
    if (bs != 0) {
        b = bs & ~esc;

        while (b != 0) {
            k = (unsigned) __builtin_ctzll(b);

            if (k == 63) {
                out = 1;
                break;
            }

            esc |= (uint64_t) 2 << k;
            b &= ~((uint64_t) 3 << k);
        }
    }

    /* inside strings: from an opening quote up to its closing one */
    q &= ~esc;
    in = (avx2 ? pr_jblk_clmul(q) : pr_jblk_xor(q)) ^ st->in;

    /* st stays as the block found it */
    if (bs & ~in) {
        return (size_t) -1;
    }

    st->in = 0 - (in >> 63);
    st->esc = out;

    for (br &= ~in; br != 0; br &= br - 1) {
        k = (unsigned) __builtin_ctzll(br);

        /* '{' 0x7b and '[' 0x5b have bit 1, '}' 0x7d and ']' 0x5d not */
        if (p[k] & 2) {
            st->depth++;

        } else if (--st->depth == 0) {
            return base + k + 1;
        }
    }

    return 0;
}


/* what a block left to the bytes: from its start, in the state it had */
static size_t
pr_jblk_bytes(const char *in, size_t len, size_t base, pr_jblk_t *st)
{
    if (st->in) {
        base = pr_jskip_string(in, len, base + st->esc);

        if (base >= len) {
            return len;
        }

        base++;
    }

    return pr_jskip_bytes(in, len, base, st->depth, NULL);
}


/* 16 bytes of a block's masks at k */
#define pr_jblk_sse2_16(k)                                                    \
    v = _mm_loadu_si128((const __m128i *) (p + k));                           \
    x = _mm_or_si128(v, s20);                                                 \
    any = _mm_or_si128(any, _mm_cmpeq_epi8(v, sb));                           \
    *q |= (uint64_t) (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(v, sq))      \
          << k;                                                               \
    *br |= (uint64_t) (unsigned) _mm_movemask_epi8(                           \
               _mm_or_si128(_mm_cmpeq_epi8(x, so), _mm_cmpeq_epi8(x, sc)))    \
           << k

/* the masks of a block, 16 bytes a compare ('[' and ']' are '{' and '}'
 * less 0x20); backslashes are rare: their mask only when there are some */
static inline __attribute__((always_inline)) void
pr_jblk_sse2(const char *p, uint64_t *q, uint64_t *bs, uint64_t *br)
{
    __m128i  v, x, any, sq, sb, so, sc, s20;

    sq = _mm_set1_epi8('"');
    sb = _mm_set1_epi8('\\');
    so = _mm_set1_epi8('{');
    sc = _mm_set1_epi8('}');
    s20 = _mm_set1_epi8(0x20);
    any = _mm_setzero_si128();
    *q = 0;
    *br = 0;
    *bs = 0;

    pr_jblk_sse2_16(0);
    pr_jblk_sse2_16(16);
    pr_jblk_sse2_16(32);
    pr_jblk_sse2_16(48);

    if (_mm_movemask_epi8(any) == 0) {
        return;
    }

    *bs = (uint64_t) (unsigned) _mm_movemask_epi8(
              _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) p), sb))
          | (uint64_t) (unsigned) _mm_movemask_epi8(
              _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (p + 16)), sb))
            << 16
          | (uint64_t) (unsigned) _mm_movemask_epi8(
              _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (p + 32)), sb))
            << 32
          | (uint64_t) (unsigned) _mm_movemask_epi8(
              _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (p + 48)), sb))
            << 48;
}


/* the same, 32 bytes a compare */
static inline PR_JTARGET void
pr_jblk_avx2(const char *p, uint64_t *q, uint64_t *bs, uint64_t *br)
{
    __m256i  v0, v1, x0, x1, sq, sb, so, sc, s20;

    sq = _mm256_set1_epi8('"');
    sb = _mm256_set1_epi8('\\');
    so = _mm256_set1_epi8('{');
    sc = _mm256_set1_epi8('}');
    s20 = _mm256_set1_epi8(0x20);

    v0 = _mm256_loadu_si256((const __m256i *) p);
    v1 = _mm256_loadu_si256((const __m256i *) (p + 32));
    x0 = _mm256_or_si256(v0, s20);
    x1 = _mm256_or_si256(v1, s20);

    *q = (uint32_t) _mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, sq))
         | (uint64_t) (uint32_t) _mm256_movemask_epi8(
               _mm256_cmpeq_epi8(v1, sq)) << 32;
    *br = (uint32_t) _mm256_movemask_epi8(
              _mm256_or_si256(_mm256_cmpeq_epi8(x0, so),
                              _mm256_cmpeq_epi8(x0, sc)))
          | (uint64_t) (uint32_t) _mm256_movemask_epi8(
              _mm256_or_si256(_mm256_cmpeq_epi8(x1, so),
                              _mm256_cmpeq_epi8(x1, sc))) << 32;

    x0 = _mm256_cmpeq_epi8(v0, sb);
    x1 = _mm256_cmpeq_epi8(v1, sb);

    if (_mm256_testz_si256(_mm256_or_si256(x0, x1),
                           _mm256_or_si256(x0, x1)))
    {
        *bs = 0;
        return;
    }

    *bs = (uint32_t) _mm256_movemask_epi8(x0)
          | (uint64_t) (uint32_t) _mm256_movemask_epi8(x1) << 32;
}


/* the masks of the block at p, for what it gives (pr_jblk_walk) */
static inline __attribute__((always_inline)) size_t
pr_jblk_one(pr_jblk_t *st, const char *p, size_t base, int avx2)
{
    uint64_t  q, bs, br;

    if (avx2) {
        pr_jblk_avx2(p, &q, &bs, &br);

    } else {
        pr_jblk_sse2(p, &q, &bs, &br);
    }

    return pr_jblk_walk(st, p, base, q, bs, br, avx2);
}


/* from in[i] at depth 1, outside strings, 64 bytes a block; the last
 * block's bytes copied, with spaces after them */
static inline size_t
pr_jblk_skip(const char *in, size_t len, size_t i, int avx2)
{
    char       tail[64];
    size_t     r;
    pr_jblk_t  st;

    st.in = 0;
    st.esc = 0;
    st.depth = 1;

    for ( /* void */ ; len - i >= 64; i += 64) {
        r = pr_jblk_one(&st, in + i, i, avx2);

        if (r != 0) {
            goto done;
        }
    }

    if (i >= len) {
        return len;
    }

    memset(tail, ' ', 64);
    memcpy(tail, in + i, len - i);
    r = pr_jblk_one(&st, tail, i, avx2);

    if (r == 0) {
        return len;
    }

done:

    return r != (size_t) -1 ? r : pr_jblk_bytes(in, len, i, &st);
}


/* each its own copy of the loop, every call in it inlined */
static __attribute__((flatten)) size_t
pr_jskip_sse2(const char *in, size_t len, size_t i)
{
    return pr_jblk_skip(in, len, i, 0);
}


static PR_JTARGET __attribute__((flatten)) size_t
pr_jskip_avx2(const char *in, size_t len, size_t i)
{
    return pr_jblk_skip(in, len, i, 1);
}

#endif /* PR_JBLK */


int
pr_jskip_has(int how)
{
    switch (how) {

    case PR_JSKIP_AUTO:
    case PR_JSKIP_BYTES:
        return 1;

#ifdef PR_JBLK
    case PR_JSKIP_SSE2:
        return 1;

    case PR_JSKIP_AVX2:
        return __builtin_cpu_supports("avx2")
               && __builtin_cpu_supports("pclmul");
#endif

    default:
        return 0;
    }
}


size_t
pr_jskip_by(int how, const char *in, size_t len, size_t i)
{
#ifdef PR_JBLK
    size_t  r;

    if (how == PR_JSKIP_AUTO) {
        if (pr_jskip_auto == 0) {
            pr_jskip_auto = pr_jskip_has(PR_JSKIP_AVX2) ? PR_JSKIP_AVX2
                                                        : PR_JSKIP_SSE2;
        }

        how = pr_jskip_auto;
    }

    if (how == PR_JSKIP_SSE2 || how == PR_JSKIP_AVX2) {

        /* byte by byte at depth 0: a scalar, a string, or a bracket */
        r = pr_jskip_bytes(in, len, i, 0, &i);

        if (r != (size_t) -1) {
            return r;
        }

        if (i >= len) {
            return len;
        }

        return how == PR_JSKIP_AVX2 ? pr_jskip_avx2(in, len, i)
                                    : pr_jskip_sse2(in, len, i);
    }
#else
    (void) how;
#endif

    return pr_jskip_bytes(in, len, i, 0, NULL);
}


size_t
pr_jskip(const char *in, size_t len, size_t i)
{
    return pr_jskip_by(PR_JSKIP_AUTO, in, len, i);
}
