/*
 * pr_jscan: the pre-scan's skip. Every way this build and CPU have
 * (bytes, SSE2, AVX2) against ref_jscan.h's reference, pr_jscan.h's
 * words one byte at a time: a table of values, quotes after runs of
 * backslashes at every offset around the 16-, 32- and 64-byte lines,
 * brackets inside strings, backslashes outside strings, bytes that are
 * not JSON; then random texts of the bytes that matter. Each text is an
 * exact-size heap copy (valgrind, ASan: no read past it).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pr_jscan.h"
#include "pr_test.h"
#include "ref_jscan.h"


static const char  *jt_way[] = { "auto", "bytes", "sse2", "avx2" };


static unsigned long  jt_texts;


/* every way from every start i (all of them up to 300 bytes, else some) */
static void
jt_all(const char *what, const char *text, size_t len)
{
    int      how;
    char    *in;
    size_t   i, step, want, got;

    in = malloc(len ? len : 1);
    if (in == NULL) {
        PR_CHECK(0, "out of memory");
        return;
    }

    memcpy(in, text, len);
    jt_texts++;
    step = len <= 300 ? 1 : len / 97;

    for (i = 0; i <= len; i += step) {
        want = ref_jskip(in, len, i);

        for (how = PR_JSKIP_AUTO; how <= PR_JSKIP_AVX2; how++) {
            if (!pr_jskip_has(how)) {
                continue;
            }

            got = pr_jskip_by(how, in, len, i);

            if (got != want) {
                PR_CHECK(0, "%s (%zu bytes) from %zu by %s: %zu, not %zu",
                         what, len, i, jt_way[how], got, want);
                free(in);
                return;
            }
        }

        got = pr_jskip_string(in, len, i);
        want = ref_jskip_string(in, len, i);

        if (got != want) {
            PR_CHECK(0, "%s (%zu bytes) string from %zu: %zu, not %zu",
                     what, len, i, got, want);
            free(in);
            return;
        }
    }

    PR_CHECK(1, "%s", what);
    free(in);
}


/* a few answers written out, from 0 */
static const struct {
    const char  *in;
    size_t       want;
} jt_rows[] = {
    { "", 0 },
    { "1", 1 },
    { "1,2", 1 },
    { "  true }", 7 },
    { "]", 0 },
    { ",", 0 },
    { "\"a,b\",", 5 },
    { "\"a\\\",b\",", 7 },                   /* "a\",b", */
    { "\"a\\\\\",b\",", 5 },                 /* "a\\",b", */
    { "\"unclosed", 9 },
    { "\"ends in \\", 10 },
    { "{}", 2 },
    { "{},", 2 },
    { "[[],{}] x", 7 },
    { "{\"a\":{\"b\":[1,2,{}]},\"c\":\"}\"}...", 28 },
    { "{\"}]\\\"{[\":1}", 12 },              /* {"}]\"{[":1} */
    { "{\"a\":\"\\\\\\\\\\\\\"}\"}", 14 },   /* {"a":"\\\\\\"}"} */
    { "{", 1 },
    { "{{{}}", 5 },
    { "{]", 2 },                             /* brackets of either kind */
    { "{\\\"}\"}", 6 },                      /* a '\\' outside strings */
    { "{\\}", 3 },
    { "[\\\\\"]\"]", 7 },
    { "{\"\0\xff\":\"\x80\"}", 10 },
};


static void
jt_table(void)
{
    size_t  i, len, got;
    char    what[64];

    for (i = 0; i < sizeof(jt_rows) / sizeof(jt_rows[0]); i++) {
        len = strlen(jt_rows[i].in);

        if (i == sizeof(jt_rows) / sizeof(jt_rows[0]) - 1) {
            len = 10;                        /* its NUL is a byte */
        }

        got = ref_jskip(jt_rows[i].in, len, 0);
        PR_CHECK(got == jt_rows[i].want, "row %zu: the reference says %zu, "
                 "not %zu", i, got, jt_rows[i].want);

        snprintf(what, sizeof(what), "row %zu", i);
        jt_all(what, jt_rows[i].in, len);
    }
}


/*
 * A string whose text has a run of n backslashes then a quote, at every
 * offset o around the block lines, in an object with brackets inside and
 * outside strings, before and after: the quote closes the string when n
 * is even.
 */
static void
jt_runs(void)
{
    char    buf[512], what[64];
    size_t  o, n, len, want;

    for (o = 0; o < 140; o++) {
        for (n = 0; n < 70; n++) {
            len = 0;
            len += (size_t) sprintf(buf, "{\"k\":[\"");
            memset(buf + len, 'x', o);
            len += o;
            memset(buf + len, '\\', n);
            len += n;
            len += (size_t) sprintf(buf + len, "\"]}\", [{\"]\"}]]}, 1");

            /* even: the string closes, the object ends after "]}";
             * odd: "]}" is text, the string closes after it */
            want = (n % 2 == 0) ? 7 + o + n + 3
                                : 7 + o + n + 15;
            PR_CHECK(ref_jskip(buf, len, 0) == want, "runs o %zu n %zu: the "
                     "reference says %zu, not %zu", o, n,
                     ref_jskip(buf, len, 0), want);

            snprintf(what, sizeof(what), "runs o %zu n %zu", o, n);
            jt_all(what, buf, len);
        }
    }
}


/* a backslash outside strings, before a quote, at every offset */
static void
jt_outside(void)
{
    char    buf[256], what[64];
    size_t  o, n, len;

    for (o = 0; o < 140; o++) {
        for (n = 1; n < 4; n++) {
            len = (size_t) sprintf(buf, "[");
            memset(buf + len, ' ', o);
            len += o;
            memset(buf + len, '\\', n);
            len += n;
            len += (size_t) sprintf(buf + len, "\"]\" ] ]\\\"]");

            snprintf(what, sizeof(what), "outside o %zu n %zu", o, n);
            jt_all(what, buf, len);
        }
    }
}


/* nested 2000 deep; a long string of brackets; a long run of '\\' */
static void
jt_long(void)
{
    char    *buf;
    size_t   i, len;

    buf = malloc(10000);
    if (buf == NULL) {
        PR_CHECK(0, "out of memory");
        return;
    }

    len = 0;

    for (i = 0; i < 2000; i++) {
        buf[len++] = (i % 3) ? '[' : '{';
    }

    for (i = 0; i < 2000; i++) {
        buf[len++] = (i % 5) ? ']' : '}';
    }

    buf[len++] = ',';
    PR_CHECK(ref_jskip(buf, len, 0) == 4000, "deep: %zu",
             ref_jskip(buf, len, 0));
    jt_all("deep", buf, len);

    len = 0;
    buf[len++] = '[';
    buf[len++] = '"';

    for (i = 0; i < 3000; i++) {
        buf[len++] = "{}[],"[i % 5];
    }

    memcpy(buf + len, "\"],", 3);
    len += 3;
    PR_CHECK(ref_jskip(buf, len, 0) == 3004, "brackets in a string");
    jt_all("brackets in a string", buf, len);

    for (i = 0; i < 4; i++) {
        len = 0;
        buf[len++] = '[';
        buf[len++] = '"';
        memset(buf + len, '\\', 1000 + i);
        len += 1000 + i;
        memcpy(buf + len, "\"]\"]", 4);
        len += 4;
        jt_all("a long run of backslashes", buf, len);
    }

    free(buf);
}


static unsigned long  jt_seed = 0x2545f4914f6cdd1dUL;


static unsigned
jt_rand(void)
{
    jt_seed ^= jt_seed << 13;
    jt_seed ^= jt_seed >> 7;
    jt_seed ^= jt_seed << 17;

    return (unsigned) (jt_seed >> 32);
}


/* random texts: mostly letters, the bytes that matter often */
static void
jt_random(void)
{
    int            k;
    char           buf[700], what[64];
    size_t         len, i;
    unsigned       r, mode;
    static char    alpha[] = "\"\\{}[],:a ";
    static char    json[] = "{\"ab\":[1,\"c\\\"d\",{\"e\":\"]}\\\\\"}],"
                            "\"f\":{}}";

    for (k = 0; k < 3000; k++) {
        len = jt_rand() % 700;
        mode = jt_rand() % 4;

        for (i = 0; i < len; i++) {
            r = jt_rand();

            switch (mode) {

            case 0:                          /* the bytes that matter */
                buf[i] = alpha[r % (sizeof(alpha) - 1)];
                break;

            case 1:                          /* mostly text */
                buf[i] = (r % 8) ? (char) ('a' + r % 26)
                                 : alpha[(r >> 8) % (sizeof(alpha) - 1)];
                break;

            case 2:                          /* any byte */
                buf[i] = (char) r;
                break;

            default:                         /* JSON, a byte changed */
                buf[i] = json[i % (sizeof(json) - 1)];
                if (r % 50 == 0) {
                    buf[i] = alpha[(r >> 8) % (sizeof(alpha) - 1)];
                }
            }
        }

        snprintf(what, sizeof(what), "random %d (mode %u)", k, mode);
        jt_all(what, buf, len);
    }
}


int
main(void)
{
    int  how;

    for (how = PR_JSKIP_AUTO; how <= PR_JSKIP_AVX2; how++) {
        printf("test_jscan: %s %s\n", jt_way[how],
               pr_jskip_has(how) ? "tested" : "not in this build or CPU");
    }

    jt_table();
    jt_runs();
    jt_outside();
    jt_long();
    jt_random();

    printf("test_jscan: %lu texts\n", jt_texts);

    PR_TEST_DONE("test_jscan");
}
