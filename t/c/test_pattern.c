/*
 * ngx_pkg_reroute: table tests for the wildcard matcher (pr_pattern.c).
 *
 *   cc -std=gnu99 -Wall -Wextra -Werror -O2 -I ngx_pkg_reroute_module \
 *       t/c/test_pattern.c ngx_pkg_reroute_module/pr_pattern.c
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pr_pattern.h"
#include "pr_test.h"


#define PT_MAXP  8


/* one row: patterns (NULL-terminated), their indexes, a name, the answer */
typedef struct {
    const char  *pats[PT_MAXP + 1];
    const char  *idx;        /* "5,2,7"; NULL: 0, 1, 2... in order */
    const char  *name;
    int          match;
    uint32_t     index;
} pt_row_t;


typedef struct {
    const char  *pat;
    const char  *reason;     /* NULL if the pattern is fine */
} pt_check_t;


#define P(...)  { __VA_ARGS__, NULL }


static const pt_row_t  pt_rows[] = {

    /* literals, anchored at both ends, byte-exact */
    { P("abc"), NULL, "abc", 1, 0 },
    { P("abc"), NULL, "ab", 0, 0 },
    { P("abc"), NULL, "abcd", 0, 0 },
    { P("abc"), NULL, "xabc", 0, 0 },
    { P("abc"), NULL, "", 0, 0 },
    { P("abc"), NULL, "ABC", 0, 0 },
    { P("abc"), NULL, "abC", 0, 0 },
    { P("a"), NULL, "a", 1, 0 },
    { P("a"), NULL, "b", 0, 0 },
    { P("a"), NULL, "aa", 0, 0 },
    { P("@scope/name"), NULL, "@scope/name", 1, 0 },
    { P("@scope/name"), NULL, "@scope/nam", 0, 0 },
    { P("@scope/name"), NULL, "@scope/names", 0, 0 },
    { P("@scope/name"), NULL, "scope/name", 0, 0 },
    { P("org/model"), NULL, "org/model", 1, 0 },
    { P("org/model"), NULL, "org/model/", 0, 0 },
    { P("evil-pkg-1234"), NULL, "evil-pkg-1234", 1, 0 },
    { P("evil-pkg-1234"), NULL, "evil-pkg-12345", 0, 0 },
    { P("evil-pkg-1234"), NULL, "evil-pkg-123", 0, 0 },
    { P("evil-pkg-1234"), NULL, "evil-pkg-1235", 0, 0 },
    { P("a.b_c~d"), NULL, "a.b_c~d", 1, 0 },
    { P("a.b_c~d"), NULL, "a.b_c-d", 0, 0 },
    { P("!\"#$%&'()+,-.:;<=>@[\\]^_`{|}~"), NULL,
      "!\"#$%&'()+,-.:;<=>@[\\]^_`{|}~", 1, 0 },
    { P("library/nginx"), NULL, "library/nginx", 1, 0 },
    { P("library/nginx"), NULL, "library/nginx\x01", 0, 0 },

    /* '*': any run without '/' */
    { P("*"), NULL, "", 1, 0 },
    { P("*"), NULL, "a", 1, 0 },
    { P("*"), NULL, "abc-def.1", 1, 0 },
    { P("*"), NULL, "a/b", 0, 0 },
    { P("*"), NULL, "/", 0, 0 },
    { P("*"), NULL, "\xc3\xa9\x01\xff", 1, 0 },
    { P("a*"), NULL, "a", 1, 0 },
    { P("a*"), NULL, "ab", 1, 0 },
    { P("a*"), NULL, "ba", 0, 0 },
    { P("a*"), NULL, "a/", 0, 0 },
    { P("a*"), NULL, "a/b", 0, 0 },
    { P("*a"), NULL, "a", 1, 0 },
    { P("*a"), NULL, "ba", 1, 0 },
    { P("*a"), NULL, "bba", 1, 0 },
    { P("*a"), NULL, "ab", 0, 0 },
    { P("*a"), NULL, "b/a", 0, 0 },
    { P("a*b"), NULL, "ab", 1, 0 },
    { P("a*b"), NULL, "axb", 1, 0 },
    { P("a*b"), NULL, "axxb", 1, 0 },
    { P("a*b"), NULL, "abb", 1, 0 },
    { P("a*b"), NULL, "a/b", 0, 0 },
    { P("a*b"), NULL, "axbc", 0, 0 },
    { P("a*b"), NULL, "b", 0, 0 },
    { P("a*b*c"), NULL, "abc", 1, 0 },
    { P("a*b*c"), NULL, "aXbYc", 1, 0 },
    { P("a*b*c"), NULL, "acbc", 1, 0 },
    { P("a*b*c"), NULL, "acb", 0, 0 },
    { P("a*b*c"), NULL, "ab/c", 0, 0 },
    { P("*a*"), NULL, "a", 1, 0 },
    { P("*a*"), NULL, "bab", 1, 0 },
    { P("*a*"), NULL, "", 0, 0 },
    { P("*a*"), NULL, "b/a", 0, 0 },
    { P("*a*"), NULL, "bbb", 0, 0 },
    { P("*-internal"), NULL, "foo-internal", 1, 0 },
    { P("*-internal"), NULL, "-internal", 1, 0 },
    { P("*-internal"), NULL, "foo-internal-internal", 1, 0 },
    { P("*-internal"), NULL, "foo-internal2", 0, 0 },
    { P("*-internal"), NULL, "a/foo-internal", 0, 0 },
    { P("*-internal"), NULL, "internal", 0, 0 },
    { P("internal-*"), NULL, "internal-", 1, 0 },
    { P("internal-*"), NULL, "internal-x", 1, 0 },
    { P("internal-*"), NULL, "internal", 0, 0 },
    { P("internal-*"), NULL, "internal-a/b", 0, 0 },
    { P("internal-*"), NULL, "xinternal-a", 0, 0 },
    { P("@corp/*"), NULL, "@corp/a", 1, 0 },
    { P("@corp/*"), NULL, "@corp/", 1, 0 },
    { P("@corp/*"), NULL, "@corp/a/b", 0, 0 },
    { P("@corp/*"), NULL, "@corpx/a", 0, 0 },
    { P("@corp/*"), NULL, "@corp", 0, 0 },
    { P("*/*"), NULL, "a/b", 1, 0 },
    { P("*/*"), NULL, "/", 1, 0 },
    { P("*/*"), NULL, "a/b/c", 0, 0 },
    { P("*/*"), NULL, "ab", 0, 0 },
    { P("*/b"), NULL, "a/b", 1, 0 },
    { P("*/b"), NULL, "/b", 1, 0 },
    { P("*/b"), NULL, "x/y/b", 0, 0 },
    { P("*a*a*a*b"), NULL, "aaaaaaaaab", 1, 0 },
    { P("*a*a*a*b"), NULL, "aaaaaaaaaa", 0, 0 },
    { P("*a*a*a*b"), NULL, "aab", 0, 0 },

    /* '**': any run, '/' included */
    { P("**"), NULL, "", 1, 0 },
    { P("**"), NULL, "a", 1, 0 },
    { P("**"), NULL, "a/b/c", 1, 0 },
    { P("**"), NULL, "/", 1, 0 },
    { P("group/**"), NULL, "group/", 1, 0 },
    { P("group/**"), NULL, "group/a", 1, 0 },
    { P("group/**"), NULL, "group/a/b", 1, 0 },
    { P("group/**"), NULL, "group", 0, 0 },
    { P("group/**"), NULL, "groupx/a", 0, 0 },
    { P("group/**"), NULL, "xgroup/a", 0, 0 },
    { P("**/x"), NULL, "/x", 1, 0 },
    { P("**/x"), NULL, "a/x", 1, 0 },
    { P("**/x"), NULL, "a/b/x", 1, 0 },
    { P("**/x"), NULL, "x", 0, 0 },
    { P("**/x"), NULL, "a/bx", 0, 0 },
    { P("**/x"), NULL, "a/x/", 0, 0 },
    { P("a/**/b"), NULL, "a//b", 1, 0 },
    { P("a/**/b"), NULL, "a/x/b", 1, 0 },
    { P("a/**/b"), NULL, "a/x/y/b", 1, 0 },
    { P("a/**/b"), NULL, "a/b", 0, 0 },
    { P("**a"), NULL, "a", 1, 0 },
    { P("**a"), NULL, "x/a", 1, 0 },
    { P("**a"), NULL, "x/ya", 1, 0 },
    { P("**a"), NULL, "ab", 0, 0 },
    { P("a**"), NULL, "a", 1, 0 },
    { P("a**"), NULL, "a/b/c", 1, 0 },
    { P("a**"), NULL, "ba", 0, 0 },
    { P("a**b"), NULL, "ab", 1, 0 },
    { P("a**b"), NULL, "a/b", 1, 0 },
    { P("a**b"), NULL, "a/x/yb", 1, 0 },
    { P("a**b"), NULL, "a/x/yc", 0, 0 },
    { P("**-internal"), NULL, "x/y-internal", 1, 0 },
    { P("**-internal"), NULL, "x/y-internal/z", 0, 0 },
    { P("**/*.json"), NULL, "a/b/c.json", 1, 0 },
    { P("**/*.json"), NULL, "/c.json", 1, 0 },
    { P("**/*.json"), NULL, "c.json", 0, 0 },
    { P("**/*.json"), NULL, "a/b.json/c", 0, 0 },
    { P("*/**"), NULL, "a/", 1, 0 },
    { P("*/**"), NULL, "a/b/c", 1, 0 },
    { P("*/**"), NULL, "/", 1, 0 },
    { P("*/**"), NULL, "a", 0, 0 },
    { P("**/*"), NULL, "a/b", 1, 0 },
    { P("**/*"), NULL, "a", 0, 0 },
    { P("**a**a**b"), NULL, "a/a/b", 1, 0 },
    { P("**a**a**b"), NULL, "a/b/b", 0, 0 },
    { P("*?*"), NULL, "a", 1, 0 },
    { P("*?*"), NULL, "", 0, 0 },
    { P("*?*"), NULL, "/", 0, 0 },

    /* '?': one byte, not '/' */
    { P("?"), NULL, "a", 1, 0 },
    { P("?"), NULL, "", 0, 0 },
    { P("?"), NULL, "ab", 0, 0 },
    { P("?"), NULL, "/", 0, 0 },
    { P("?"), NULL, "\xff", 1, 0 },
    { P("a?c"), NULL, "abc", 1, 0 },
    { P("a?c"), NULL, "a-c", 1, 0 },
    { P("a?c"), NULL, "a/c", 0, 0 },
    { P("a?c"), NULL, "ac", 0, 0 },
    { P("a?c"), NULL, "abbc", 0, 0 },
    { P("??"), NULL, "ab", 1, 0 },
    { P("??"), NULL, "a", 0, 0 },
    { P("??"), NULL, "abc", 0, 0 },
    { P("??"), NULL, "a/", 0, 0 },
    { P("?*"), NULL, "", 0, 0 },
    { P("?*"), NULL, "a", 1, 0 },
    { P("?*"), NULL, "ab", 1, 0 },
    { P("?*"), NULL, "a/", 0, 0 },
    { P("*?"), NULL, "a", 1, 0 },
    { P("*?"), NULL, "abc", 1, 0 },
    { P("*?"), NULL, "", 0, 0 },
    { P("**?"), NULL, "a", 1, 0 },
    { P("**?"), NULL, "a/b", 1, 0 },
    { P("**?"), NULL, "a/", 0, 0 },
    { P("**?"), NULL, "", 0, 0 },
    { P("?**"), NULL, "a/", 1, 0 },
    { P("?**"), NULL, "a", 1, 0 },
    { P("?**"), NULL, "/a", 0, 0 },
    { P("evil-pkg-????"), NULL, "evil-pkg-1234", 1, 0 },
    { P("evil-pkg-????"), NULL, "evil-pkg-123", 0, 0 },
    { P("evil-pkg-????"), NULL, "evil-pkg-12/4", 0, 0 },
    { P("@?/x"), NULL, "@a/x", 1, 0 },
    { P("@?/x"), NULL, "@//x", 0, 0 },

    /* the lowest index wins, whatever the order of addition */
    { P("a*", "ab"), NULL, "ab", 1, 0 },
    { P("ab", "a*"), NULL, "ab", 1, 0 },
    { P("a*", "ab"), "5,2", "ab", 1, 2 },
    { P("a*", "ab"), "5,2", "ax", 1, 5 },
    { P("ab", "a*"), "5,2", "ab", 1, 2 },
    { P("**", "*", "?", "a"), "9,7,3,1", "a", 1, 1 },
    { P("**", "*", "?", "a"), "9,7,3,1", "b", 1, 3 },
    { P("**", "*", "?", "a"), "9,7,3,1", "bb", 1, 7 },
    { P("**", "*", "?", "a"), "9,7,3,1", "b/b", 1, 9 },
    { P("**", "*", "?", "a"), "9,7,3,1", "", 1, 7 },
    { P("**", "*", "?", "a"), "9,7,3,1", "/", 1, 9 },
    { P("abc", "abc"), "4,3", "abc", 1, 3 },
    { P("abc", "abc"), "3,4", "abc", 1, 3 },
    { P("a*", "a*"), "10,2", "az", 1, 2 },
    { P("x", "x", "x"), "7,7,7", "x", 1, 7 },
    { P("*", "**", "a?", "a*", "ab", "?b", "*b"), "7,6,5,4,3,2,1",
      "ab", 1, 1 },
    { P("*", "**", "a?", "a*", "ab", "?b", "*b"), "7,6,5,4,3,2,1",
      "a/", 1, 6 },
    { P("*", "**", "a?", "a*", "ab", "?b", "*b"), "7,6,5,4,3,2,1",
      "ac", 1, 4 },
    { P("*", "**", "a?", "a*", "ab", "?b", "*b"), "7,6,5,4,3,2,1",
      "acc", 1, 4 },
    { P("*", "**", "a?", "a*", "ab", "?b", "*b"), "7,6,5,4,3,2,1",
      "xyz", 1, 6 },
    { P("*", "a?", "a*", "ab", "?b", "*b"), "7,5,4,3,2,1", "xyz", 1, 7 },
    { P("internal-*", "*-internal"), "8,3", "internal-x-internal", 1, 3 },
    { P("internal-*", "*-internal"), "3,8", "internal-x-internal", 1, 3 },
    { P("internal-*", "*-internal"), "3,8", "x-internal", 1, 8 },
    { P("*x", "ax"), "0,1", "ax", 1, 0 },
    { P("*x", "ax"), "1,0", "ax", 1, 0 },
    { P("group/**", "group/*", "group/a"), "3,2,1", "group/a", 1, 1 },
    { P("group/**", "group/*", "group/a"), "3,2,1", "group/b", 1, 2 },
    { P("group/**", "group/*", "group/a"), "3,2,1", "group/a/b", 1, 3 },
    { P("abc"), "4294967295", "abc", 1, 4294967295u },
    { P("abc", "*"), "4294967295,4294967294", "abc", 1, 4294967294u },

    /* shared prefixes, runs of single children, ends inside a run */
    { P("abc", "abd", "ab", "abcd"), NULL, "ab", 1, 2 },
    { P("abc", "abd", "ab", "abcd"), NULL, "abc", 1, 0 },
    { P("abc", "abd", "ab", "abcd"), NULL, "abd", 1, 1 },
    { P("abc", "abd", "ab", "abcd"), NULL, "abcd", 1, 3 },
    { P("abc", "abd", "ab", "abcd"), NULL, "abce", 0, 0 },
    { P("abc", "abd", "ab", "abcd"), NULL, "a", 0, 0 },
    { P("a", "ab", "abc", "abcd", "abcde"), NULL, "abcd", 1, 3 },
    { P("a", "ab", "abc", "abcd", "abcde"), NULL, "abcdef", 0, 0 },
    { P("a", "ab", "abc", "abcd", "abcde"), NULL, "abcde", 1, 4 },
    { P("evil-pkg-1", "evil-pkg-12", "evil-pkg-123"), NULL,
      "evil-pkg-12", 1, 1 },
    { P("evil-pkg-1", "evil-pkg-12", "evil-pkg-123"), NULL,
      "evil-pkg-", 0, 0 },
    { P("verylongpackagename-with-a-tail"), NULL,
      "verylongpackagename-with-a-tai", 0, 0 },
    { P("verylongpackagename-with-a-tail"), NULL,
      "verylongpackagename-with-a-tail", 1, 0 },
    { P("verylongpackagename-with-a-tail"), NULL,
      "verylongpackagename-with-b-tail", 0, 0 },
    { P("foo-*", "foo-bar", "foo-baz*"), "3,1,2", "foo-bar", 1, 1 },
    { P("foo-*", "foo-bar", "foo-baz*"), "3,1,2", "foo-bazz", 1, 2 },
    { P("foo-*", "foo-bar", "foo-baz*"), "3,1,2", "foo-q", 1, 3 },
    { P("foo-*", "foo-bar", "foo-baz*"), "3,1,2", "foo-ba", 1, 3 },
    { P("foo-*", "foo-bar", "foo-baz*"), "3,1,2", "foo-ba/", 0, 0 },
    { P("a/b", "a/*", "a/**"), NULL, "a/b", 1, 0 },
    { P("a/b", "a/*", "a/**"), NULL, "a/c", 1, 1 },
    { P("a/b", "a/*", "a/**"), NULL, "a/b/c", 1, 2 },

    /* exact names of every length (the hash reads 1-3, 4-7, 8+ bytes) */
    { P("ab", "abcd", "abcdefg", "abcdefgh", "abcdefghi"), NULL,
      "abcdefgh", 1, 3 },
    { P("ab", "abcd", "abcdefg", "abcdefgh", "abcdefghi"), NULL,
      "abcdefghj", 0, 0 },
    { P("ab", "abcd", "abcdefg", "abcdefgh", "abcdefghi"), NULL,
      "abcdefg", 1, 2 },
    { P("ab", "abcd", "abcdefg", "abcdefgh", "abcdefghi"), NULL,
      "abce", 0, 0 },
    { P("ab", "abcd", "abcdefg", "abcdefgh", "abcdefghi"), NULL,
      "abcd", 1, 1 },
    { P("abcdefghijklmnop", "abcdefghijklmnoq"), "3,2",
      "abcdefghijklmnoq", 1, 2 },
    { P("abcdefghijklmnop", "abcdefghijklmnoq"), "3,2",
      "abcdefghijklmnop", 1, 3 },
    { P("abcdefghijklmnop", "abcdefghijklmnoq"), "3,2",
      "abcdefghijklmno", 0, 0 },
    { P("aba", "aaa", "abb"), NULL, "aab", 0, 0 },
    { P("aba", "aaa", "abb"), NULL, "abb", 1, 2 },
    { P("abc", "ab?", "*bc", "**c", "a*"), "9,8,7,6,5", "abc", 1, 5 },
    { P("abc", "ab?", "*bc", "**c", "a*"), "5,6,7,8,9", "abc", 1, 5 },
    { P("abc", "ab?", "*bc", "**c", "a*"), "9,8,7,6,5", "xbc", 1, 6 },
    { P("abc", "ab?", "*bc", "**c", "a*"), "9,8,6,7,5", "xbc", 1, 6 },

    /* "*L" and "**L": matched from the end of the name */
    { P("*/foo"), NULL, "a/foo", 1, 0 },
    { P("*/foo"), NULL, "/foo", 1, 0 },
    { P("*/foo"), NULL, "a/b/foo", 0, 0 },
    { P("*/foo"), NULL, "foo", 0, 0 },
    { P("**/foo"), NULL, "a/b/foo", 1, 0 },
    { P("**/foo"), NULL, "a/b/xfoo", 0, 0 },
    { P("*-x"), NULL, "a-x/", 0, 0 },
    { P("*-x", "**-x"), "5,3", "a-x", 1, 3 },
    { P("*-x", "**-x"), "5,3", "a/b-x", 1, 3 },
    { P("*-x", "**-x"), "3,5", "a-x", 1, 3 },
    { P("*-x", "**-x"), "3,5", "a/b-x", 1, 5 },
    { P("*x", "*yx", "*zyx"), "9,8,7", "zyx", 1, 7 },
    { P("*x", "*yx", "*zyx"), "9,8,7", "ayx", 1, 8 },
    { P("*x", "*yx", "*zyx"), "9,8,7", "a/yx", 0, 0 },
    { P("*x", "*yx", "*zyx"), "7,8,9", "zyx", 1, 7 },
    { P("*abcdef"), NULL, "xxabcdef", 1, 0 },
    { P("*abcdef"), NULL, "xxabddef", 0, 0 },
    { P("*abcdef"), NULL, "bcdef", 0, 0 },
    { P("*abcdef", "*abcdef-x"), "2,1", "abcdef-x", 1, 1 },
    { P("**abcdef", "*bcdef"), "2,1", "q/abcdef", 1, 2 },
    { P("*", "**"), "2,1", "", 1, 1 },
    { P("*", "**"), "1,2", "", 1, 1 },
    { P("*", "**"), "1,2", "/", 1, 2 },

    /* many children of one node (a direct table) */
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "h1", 1, 7 },
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "a1", 1, 0 },
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "i1", 0, 0 },
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "", 0, 0 },
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "\x01", 0, 0 },
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "\x7f", 0, 0 },
    { P("a1", "b1", "c1", "d1", "e1", "f1", "g1", "h1"), NULL, "\xff", 0, 0 },
    { P("!", "~", "x*", "y*", "z*", "0", "9", "*!"), NULL, "~", 1, 1 },
    { P("!", "~", "x*", "y*", "z*", "0", "9", "*!"), NULL, "!", 1, 0 },
    { P("!", "~", "x*", "y*", "z*", "0", "9", "*!"), NULL, "zz!", 1, 4 },
    { P("!", "~", "x*", "y*", "z*", "0", "9", "*!"), NULL, "q!", 1, 7 },
    { P("!", "~", "x*", "y*", "z*", "0", "9", "*!"), NULL, " ", 0, 0 },
    { P("*a", "*b", "*c", "*d", "*e", "*f", "*g", "*h"), NULL, "xyzh", 1, 7 },
    { P("*a", "*b", "*c", "*d", "*e", "*f", "*g", "*h"), NULL, "hx", 0, 0 },
    { P("*a", "*b", "*c", "*d", "*e", "*f", "*g", "*h"), NULL, "a/b", 0, 0 },
    { P("*a", "*b", "*c", "*d", "*e", "*f", "*g", "**h"), NULL, "a/h", 1, 7 },
};


static const pt_check_t  pt_checks[] = {
    { "", "empty pattern" },
    { "a b", "invalid character in pattern" },
    { " a", "invalid character in pattern" },
    { "a\tb", "invalid character in pattern" },
    { "a\nb", "invalid character in pattern" },
    { "a\x7f", "invalid character in pattern" },
    { "a\x80", "invalid character in pattern" },
    { "caf\xc3\xa9", "invalid character in pattern" },
    { "\xff", "invalid character in pattern" },
    { "***", "\"***\" is not a valid wildcard" },
    { "a***b", "\"***\" is not a valid wildcard" },
    { "****", "\"***\" is not a valid wildcard" },
    { "a/****", "\"***\" is not a valid wildcard" },
    { "** *", "invalid character in pattern" },
    { "*", NULL },
    { "**", NULL },
    { "?", NULL },
    { "*?*", NULL },
    { "**/**", NULL },
    { "*/*", NULL },
    { "!", NULL },
    { "~", NULL },
    { "@scope/name", NULL },
    { "evil-pkg-1234", NULL },
};


/* an allocator that hands out garbage, keeps every block, can fail */

typedef struct pt_block_s  pt_block_t;

struct pt_block_s {
    pt_block_t  *next;
    void        *pad;
};


typedef struct {
    pt_block_t  *blocks;
    size_t       bytes;
    long         fail_at;    /* fail the n-th call (from 0); -1 never */
    long         calls;
} pt_pool_t;


static void *
pt_alloc(void *ctx, size_t size)
{
    pt_pool_t   *pool;
    pt_block_t  *b;

    pool = ctx;

    if (pool->fail_at >= 0 && pool->calls++ == pool->fail_at) {
        return NULL;
    }

    b = malloc(sizeof(pt_block_t) + size);
    if (b == NULL) {
        return NULL;
    }

    memset(b + 1, 0xa5, size);

    b->next = pool->blocks;
    pool->blocks = b;
    pool->bytes += size;

    return b + 1;
}


static void
pt_pool_init(pt_pool_t *pool)
{
    memset(pool, 0, sizeof(pt_pool_t));
    pool->fail_at = -1;
}


static void
pt_pool_free(pt_pool_t *pool)
{
    pt_block_t  *b, *next;

    for (b = pool->blocks; b; b = next) {
        next = b->next;
        free(b);
    }

    pool->blocks = NULL;
    pool->bytes = 0;
}


/* the reference: a plain recursive glob matcher */

static int
pt_ref(const char *p, const char *pe, const char *s, const char *se)
{
    const char  *t;

    if (p == pe) {
        return s == se;
    }

    if (*p == '*' && p + 1 < pe && p[1] == '*') {
        for (t = s; /* void */; t++) {
            if (pt_ref(p + 2, pe, t, se)) {
                return 1;
            }

            if (t == se) {
                return 0;
            }
        }
    }

    if (*p == '*') {
        for (t = s; /* void */; t++) {
            if (pt_ref(p + 1, pe, t, se)) {
                return 1;
            }

            if (t == se || *t == '/') {
                return 0;
            }
        }
    }

    if (s == se) {
        return 0;
    }

    if (*p == '?') {
        return *s != '/' && pt_ref(p + 1, pe, s + 1, se);
    }

    return *p == *s && pt_ref(p + 1, pe, s + 1, se);
}


static uint64_t  pt_rng = 0x9e3779b97f4a7c15ull;
static int       pt_verbose;


static uint32_t
pt_rand(void)
{
    pt_rng ^= pt_rng << 13;
    pt_rng ^= pt_rng >> 7;
    pt_rng ^= pt_rng << 17;

    return (uint32_t) (pt_rng >> 16);
}


static double
pt_now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);

    return ts.tv_sec + ts.tv_nsec / 1e9;
}


static void
pt_test_rows(void)
{
    int              rc;
    char            *end;
    size_t           i, j;
    uint32_t         idx[PT_MAXP], got;
    pt_pool_t        pool;
    const char      *s;
    pr_matcher_t    *m;
    const pt_row_t  *row;

    for (i = 0; i < sizeof(pt_rows) / sizeof(pt_rows[0]); i++) {
        row = &pt_rows[i];
        pt_pool_init(&pool);

        m = pr_matcher_create(pt_alloc, &pool);
        PR_CHECK(m != NULL, "row %zu: create", i);

        if (m == NULL) {
            continue;
        }

        s = row->idx;

        for (j = 0; row->pats[j]; j++) {
            idx[j] = (uint32_t) j;

            if (s) {
                idx[j] = (uint32_t) strtoul(s, &end, 10);
                s = (*end == ',') ? end + 1 : end;
            }

            rc = pr_matcher_add(m, row->pats[j], strlen(row->pats[j]), idx[j]);
            if (rc != 0) {
                PR_CHECK(0, "row %zu: add \"%s\"", i, row->pats[j]);
            }
        }

        PR_CHECK(pr_matcher_compile(m) == 0, "row %zu: compile", i);
        PR_CHECK(pr_matcher_npatterns(m) == j, "row %zu: npatterns", i);

        got = 0xdeadbeef;
        rc = pr_matcher_match(m, row->name, strlen(row->name), &got);

        if (row->match) {
            PR_CHECK(rc == 1 && got == row->index,
                     "row %zu: \"%s\" vs \"%s\"...: got %d/%u, want 1/%u",
                     i, row->name, row->pats[0], rc, got, row->index);

        } else {
            PR_CHECK(rc == 0 && got == 0xdeadbeef,
                     "row %zu: \"%s\" vs \"%s\"...: got %d/%u, want 0",
                     i, row->name, row->pats[0], rc, got);
        }

        /* a second match on the same matcher gives the same answer */
        got = 0xdeadbeef;
        PR_CHECK(pr_matcher_match(m, row->name, strlen(row->name), &got)
                 == row->match, "row %zu: repeated match", i);

        pt_pool_free(&pool);
    }
}


static void
pt_test_checks(void)
{
    size_t          i, len;
    char            buf[PR_PATTERN_MAX_LEN + 2];
    pt_pool_t       pool;
    const char     *r;
    pr_matcher_t   *m;

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);
    PR_CHECK(m != NULL, "create");

    if (m == NULL) {
        return;
    }

    for (i = 0; i < sizeof(pt_checks) / sizeof(pt_checks[0]); i++) {
        len = strlen(pt_checks[i].pat);
        r = pr_pattern_check(pt_checks[i].pat, len);

        if (pt_checks[i].reason == NULL) {
            PR_CHECK(r == NULL, "check \"%s\": %s", pt_checks[i].pat, r);
            PR_CHECK(pr_matcher_add(m, pt_checks[i].pat, len, 1) == 0,
                     "add \"%s\"", pt_checks[i].pat);

        } else {
            PR_CHECK(r != NULL && strcmp(r, pt_checks[i].reason) == 0,
                     "check \"%s\": %s", pt_checks[i].pat, r ? r : "NULL");
            PR_CHECK(pr_matcher_add(m, pt_checks[i].pat, len, 1) == -1,
                     "add \"%s\" must fail", pt_checks[i].pat);
        }
    }

    /* NUL inside a pattern, NULL pattern, length limits */

    PR_CHECK(pr_pattern_check("a\0b", 3) != NULL, "NUL in pattern");
    PR_CHECK(pr_matcher_add(m, "a\0b", 3, 1) == -1, "add NUL");
    PR_CHECK(pr_pattern_check(NULL, 0) != NULL, "NULL pattern");

    memset(buf, 'a', sizeof(buf));

    r = pr_pattern_check(buf, PR_PATTERN_MAX_LEN);
    PR_CHECK(r == NULL, "max length: %s", r);

    r = pr_pattern_check(buf, PR_PATTERN_MAX_LEN + 1);
    PR_CHECK(r != NULL && strcmp(r, "pattern too long") == 0,
             "too long: %s", r ? r : "NULL");

    PR_CHECK(pr_matcher_add(m, buf, PR_PATTERN_MAX_LEN + 1, 1) == -1,
             "add too long");

    buf[PR_PATTERN_MAX_LEN - 1] = '*';
    PR_CHECK(pr_matcher_add(m, buf, PR_PATTERN_MAX_LEN, 2) == 0,
             "add longest");

    /* the valid patterns above, minus the rejected ones */
    PR_CHECK(pr_matcher_npatterns(m) == 11, "npatterns %zu",
             pr_matcher_npatterns(m));

    pt_pool_free(&pool);
}


static void
pt_test_misc(void)
{
    char           name[2048];
    uint32_t       got;
    pt_pool_t      pool;
    pr_matcher_t  *m;

    /* no patterns at all */

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);
    PR_CHECK(m != NULL, "create empty");

    if (m) {
        PR_CHECK(pr_matcher_match(m, "a", 1, &got) == 0, "before compile");
        PR_CHECK(pr_matcher_compile(m) == 0, "compile empty");
        PR_CHECK(pr_matcher_npatterns(m) == 0, "npatterns empty");
        PR_CHECK(pr_matcher_match(m, "", 0, &got) == 0, "empty vs empty");
        PR_CHECK(pr_matcher_match(m, "abc", 3, &got) == 0, "abc vs empty");
        PR_CHECK(pr_matcher_match(m, NULL, 0, &got) == 0, "NULL vs empty");
        PR_CHECK(pr_matcher_add(m, "abc", 3, 0) == -1, "add after compile");
        PR_CHECK(pr_matcher_compile(m) == 0, "compile twice");
    }

    pt_pool_free(&pool);

    /* only wildcard-led patterns, only literal-led ones */

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);

    if (m) {
        PR_CHECK(pr_matcher_add(m, "*x", 2, 4) == 0, "add *x");
        PR_CHECK(pr_matcher_compile(m) == 0, "compile *x");
        PR_CHECK(pr_matcher_match(m, "x", 1, &got) == 1 && got == 4, "x");
        PR_CHECK(pr_matcher_match(m, "", 0, &got) == 0, "empty vs *x");
        PR_CHECK(pr_matcher_match(m, NULL, 0, &got) == 0, "NULL vs *x");
    }

    pt_pool_free(&pool);

    /* names with NUL, and names longer than any pattern */

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);

    if (m) {
        pr_matcher_add(m, "a*b", 3, 1);
        pr_matcher_add(m, "a?b", 3, 0);
        pr_matcher_add(m, "**", 2, 9);
        pr_matcher_add(m, "abc", 3, 5);
        PR_CHECK(pr_matcher_compile(m) == 0, "compile");

        PR_CHECK(pr_matcher_match(m, "a\0b", 3, &got) == 1 && got == 0,
                 "NUL in name: %u", got);
        PR_CHECK(pr_matcher_match(m, "a\0\0b", 4, &got) == 1 && got == 1,
                 "NULs in name: %u", got);
        PR_CHECK(pr_matcher_match(m, "abc\0", 4, &got) == 1 && got == 9,
                 "NUL after name: %u", got);
        PR_CHECK(pr_matcher_match(m, "abcd", 3, &got) == 1 && got == 5,
                 "length, not NUL, ends a name");

        memset(name, 'a', sizeof(name));
        name[sizeof(name) - 1] = 'b';
        PR_CHECK(pr_matcher_match(m, name, sizeof(name), &got) == 1
                 && got == 1, "long name: %u", got);

        name[1000] = '/';
        PR_CHECK(pr_matcher_match(m, name, sizeof(name), &got) == 1
                 && got == 9, "long name with '/': %u", got);

        PR_CHECK(pr_matcher_match(m, "x", 1, NULL) == 1, "NULL index");
    }

    pt_pool_free(&pool);
}


/* every allocation may fail: no crash, and a clean error */

static void
pt_test_nomem(void)
{
    int            ok, runs;
    long           n;
    uint32_t       got;
    pt_pool_t      pool;
    pr_matcher_t  *m;

    static const char  *pats[] = {
        "abc", "ab*", "*-x", "**/y", "a?c", "*b*", "q", "r", "s", "t", "u",
        "v", "w", "x", "y", "z", "ab", NULL
    };

    runs = 0;

    for (n = 0; n < 10000; n++) {
        pt_pool_init(&pool);
        pool.fail_at = n;
        ok = 1;

        m = pr_matcher_create(pt_alloc, &pool);

        if (m == NULL) {
            ok = 0;

        } else {
            const char  **p;

            for (p = pats; *p; p++) {
                if (pr_matcher_add(m, *p, strlen(*p), (uint32_t) (p - pats))
                    != 0)
                {
                    ok = 0;
                }
            }

            if (pr_matcher_compile(m) != 0) {
                ok = 0;
            }
        }

        if (ok) {
            PR_CHECK(pr_matcher_match(m, "abd", 3, &got) == 1 && got == 1,
                     "nomem %ld: match", n);

        } else if (m) {
            /* a failed matcher must still be safe to ask */
            (void) pr_matcher_match(m, "abd", 3, &got);
        }

        pt_pool_free(&pool);

        runs++;

        if (pool.calls <= n) {
            /* this run never failed: every allocation was tried */
            PR_CHECK(ok, "nomem %ld: a run without failure failed", n);
            break;
        }
    }

    PR_CHECK(runs > 5 && runs < 10000, "nomem: %d runs", runs);
}


/* random patterns and names against the reference */

static void
pt_gen_pattern(char *buf, size_t *len, int wide)
{
    size_t        n, i, k, ntokens;
    const char  **tokens;

    static const char  *narrow[] = {
        "a", "b", "/", "-", "a", "b", "*", "**", "?"
    };

    /* enough first bytes for a direct table */
    static const char  *more[] = {
        "a", "b", "/", "-", "~", "!", "0", "Z", "@", "*", "**", "?"
    };

    tokens = wide ? more : narrow;
    ntokens = wide ? sizeof(more) / sizeof(more[0])
                   : sizeof(narrow) / sizeof(narrow[0]);

    n = 1 + pt_rand() % 7;
    *len = 0;

    for (i = 0; i < n; i++) {
        k = pt_rand() % ntokens;
        memcpy(buf + *len, tokens[k], strlen(tokens[k]));
        *len += strlen(tokens[k]);
    }
}


static void
pt_gen_name(char *buf, size_t *len, size_t max, int wide)
{
    size_t  n, i;

    static const char  narrow[] = "aaabbb//--c";

    /* and bytes no pattern can hold */
    static const char  more[] = "aabb//-~!0Z@\0\xff \x7f";

    n = pt_rand() % (max + 1);

    for (i = 0; i < n; i++) {
        buf[i] = wide ? more[pt_rand() % (sizeof(more) - 1)]
                      : narrow[pt_rand() % (sizeof(narrow) - 1)];
    }

    *len = n;
}


static void
pt_test_random(int trials, int npats_max, int nnames, size_t name_max,
    int wide)
{
    int            t, i, j, k, rc, want, npats, bad;
    char           name[64];
    size_t         nlen;
    uint32_t       idx[512], got, wanti;
    pt_pool_t      pool;
    pr_matcher_t  *m;

    static char    pats[512][32];
    static size_t  plen[512];

    for (t = 0; t < trials; t++) {
        pt_pool_init(&pool);
        m = pr_matcher_create(pt_alloc, &pool);

        if (m == NULL) {
            PR_CHECK(0, "random: create");
            return;
        }

        npats = 1 + (int) (pt_rand() % (uint32_t) npats_max);
        bad = 0;
        k = 0;

        for (i = 0; i < npats; i++) {
            pt_gen_pattern(pats[k], &plen[k], wide);
            idx[k] = pt_rand() % (uint32_t) (npats + 4);

            rc = pr_matcher_add(m, pats[k], plen[k], idx[k]);

            /* only "***" can be wrong in these */
            want = 0;

            for (j = 0; j + 2 < (int) plen[k]; j++) {
                if (pats[k][j] == '*' && pats[k][j + 1] == '*'
                    && pats[k][j + 2] == '*')
                {
                    want = -1;
                }
            }

            if (rc != want) {
                bad++;
            }

            if (rc == 0) {
                k++;
            }
        }

        npats = k;

        if (pr_matcher_compile(m) != 0) {
            bad++;
        }

        for (j = 0; j < nnames; j++) {
            pt_gen_name(name, &nlen, name_max, wide);

            want = 0;
            wanti = 0;

            for (i = 0; i < npats; i++) {
                if (pt_ref(pats[i], pats[i] + plen[i], name, name + nlen)
                    && (!want || idx[i] < wanti))
                {
                    want = 1;
                    wanti = idx[i];
                }
            }

            got = 0xdeadbeef;
            rc = pr_matcher_match(m, name, nlen, &got);

            if (rc != want || (want && got != wanti)) {
                if (bad++ == 0) {
                    fprintf(stderr, "random: name \"%.*s\": got %d/%u,"
                            " want %d/%u; patterns:", (int) nlen, name,
                            rc, got, want, wanti);

                    for (i = 0; i < npats; i++) {
                        fprintf(stderr, " %.*s=%u", (int) plen[i], pats[i],
                                idx[i]);
                    }

                    fputc('\n', stderr);
                }
            }
        }

        PR_CHECK(bad == 0, "random trial %d: %d mismatches", t, bad);

        pt_pool_free(&pool);
    }
}


/* patterns that make a backtracking matcher explode */

/* the best of five, so that a busy machine does not fail the test */

static double
pt_time_match(pr_matcher_t *m, const char *name, size_t len, int *rc,
    uint32_t *got)
{
    int     i;
    double  t0, t, best;

    best = 1e9;

    for (i = 0; i < 5; i++) {
        t0 = pt_now();
        *rc = pr_matcher_match(m, name, len, got);
        t = pt_now() - t0;

        if (t < best) {
            best = t;
        }
    }

    return best;
}


static void
pt_test_adversarial(void)
{
    int            i, j, rc;
    char           name[4096], pat[64];
    double         t;
    uint32_t       got;
    pt_pool_t      pool;
    pr_matcher_t  *m;

    memset(name, 'a', sizeof(name));

    /* one pattern: microseconds */

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);

    if (m == NULL) {
        PR_CHECK(0, "adversarial: create");
        return;
    }

    pr_matcher_add(m, "*a*a*a*a*a*a*a*b", 16, 1);
    pr_matcher_add(m, "**a**a**a**a**a**a**a**b", 24, 2);
    pr_matcher_add(m, "*?*?*?*?*?*?*?*?*?*?b", 21, 3);
    PR_CHECK(pr_matcher_compile(m) == 0, "adversarial: compile");

    t = pt_time_match(m, name, 200, &rc, &got);
    PR_CHECK(rc == 0, "200 a's must not match");
    PR_CHECK(t < 0.005, "200 a's took %.3f ms", t * 1000);
    if (pt_verbose) {
        fprintf(stderr, "adversarial: 3 patterns, 200 bytes: %.3f ms\n",
                t * 1000);
    }

    t = pt_time_match(m, name, sizeof(name), &rc, &got);
    PR_CHECK(rc == 0, "4096 a's must not match");
    PR_CHECK(t < 0.05, "4096 a's took %.3f ms", t * 1000);

    name[199] = 'b';
    t = pt_time_match(m, name, 200, &rc, &got);
    PR_CHECK(rc == 1 && got == 1, "a...ab: %d/%u", rc, got);
    PR_CHECK(t < 0.005, "a...ab took %.3f ms", t * 1000);
    name[199] = 'a';

    pt_pool_free(&pool);

    /*
     * three hundred random patterns of the same family, about 12,000
     * nodes, nearly all active at once: the cost is nodes x bytes, not
     * exponential
     */

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);

    if (m == NULL) {
        PR_CHECK(0, "adversarial: create");
        return;
    }

    for (i = 0; i < 300; i++) {
        j = 0;

        while (j < 40) {
            pat[j++] = '*';

            if (pt_rand() % 2) {
                pat[j++] = '*';
            }

            pat[j++] = "a?"[pt_rand() % 2];
        }

        pat[j++] = 'b';
        pr_matcher_add(m, pat, (size_t) j, (uint32_t) (100 + i));
    }

    pr_matcher_add(m, "**a**a**a**a**a**a**a**b", 24, 2);
    PR_CHECK(pr_matcher_compile(m) == 0, "adversarial: compile");

    t = pt_time_match(m, name, 512, &rc, &got);
    PR_CHECK(rc == 0, "512 a's must not match");
    PR_CHECK(t < 2.0, "512 a's took %.3f ms", t * 1000);
    if (pt_verbose) {
        fprintf(stderr, "adversarial: 301 patterns, 512 bytes: %.3f ms\n",
                t * 1000);
    }

    for (i = 1; i < 512; i += 2) {
        name[i] = '/';
    }

    name[511] = 'b';

    t = pt_time_match(m, name, 512, &rc, &got);
    PR_CHECK(rc == 1 && got == 2, "a/a/.../b: %d/%u", rc, got);
    PR_CHECK(t < 2.0, "a/a/.../b took %.3f ms", t * 1000);

    pt_pool_free(&pool);
}


/* ten thousand realistic patterns: every exact name finds itself */

static void
pt_test_scale(void)
{
    int            i, bad;
    uint32_t       got;
    pt_pool_t      pool;
    pr_matcher_t  *m;

    static char    pats[10000][40];
    static size_t  len[10000];

    pt_pool_init(&pool);
    m = pr_matcher_create(pt_alloc, &pool);

    if (m == NULL) {
        PR_CHECK(0, "scale: create");
        return;
    }

    for (i = 0; i < 10000; i++) {
        switch (i % 4) {
        case 0:
            len[i] = (size_t) sprintf(pats[i], "evil-pkg-%d", i);
            break;
        case 1:
            len[i] = (size_t) sprintf(pats[i], "@scope%d/name-%d", i % 97, i);
            break;
        case 2:
            len[i] = (size_t) sprintf(pats[i], "org%d/model-%d", i % 31, i);
            break;
        default:
            len[i] = (size_t) sprintf(pats[i], "internal-%d-*", i);
            break;
        }

        if (pr_matcher_add(m, pats[i], len[i], (uint32_t) i) != 0) {
            PR_CHECK(0, "scale: add %s", pats[i]);
        }
    }

    pr_matcher_add(m, "*-internal", 10, 20000);

    PR_CHECK(pr_matcher_compile(m) == 0, "scale: compile");
    PR_CHECK(pr_matcher_npatterns(m) == 10001, "scale: npatterns");

    bad = 0;

    for (i = 0; i < 10000; i++) {
        if (pr_matcher_match(m, pats[i], len[i], &got) != 1
            || got != (uint32_t) i)
        {
            bad++;
        }
    }

    PR_CHECK(bad == 0, "scale: %d exact names not found", bad);

    PR_CHECK(pr_matcher_match(m, "evil-pkg-10000", 14, &got) == 0,
             "scale: miss");
    PR_CHECK(pr_matcher_match(m, "internal-7-x", 12, &got) == 1 && got == 7,
             "scale: prefix glob");
    PR_CHECK(pr_matcher_match(m, "evil-pkg-4-internal", 19, &got) == 1
             && got == 20000, "scale: suffix glob");
    PR_CHECK(pr_matcher_match(m, "internal-3-internal", 19, &got) == 1
             && got == 3, "scale: both globs: %u", got);

    if (pt_verbose) {
        fprintf(stderr, "scale: 10001 patterns in %zu kB\n",
                pool.bytes / 1024);
    }
    PR_CHECK(pool.bytes < 32 * 1024 * 1024, "scale: %zu bytes", pool.bytes);

    pt_pool_free(&pool);
}


int
main(int argc, char **argv)
{
    /* test_pattern [seed]; PR_TEST_VERBOSE=1 prints timings */

    if (argc > 1) {
        pt_rng = strtoull(argv[1], NULL, 0) | 1;
    }

    pt_verbose = getenv("PR_TEST_VERBOSE") != NULL;

    pt_test_rows();
    pt_test_checks();
    pt_test_misc();
    pt_test_nomem();
    pt_test_random(3000, 12, 60, 10, 0);
    pt_test_random(200, 300, 500, 16, 0);
    pt_test_random(300, 300, 300, 12, 1);
    pt_test_adversarial();
    pt_test_scale();

    PR_TEST_DONE("pattern");
}
