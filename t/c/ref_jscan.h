/*
 * ngx_pkg_reroute: pr_jscan.h's words, one byte at a time: the reference
 * that t/c/test_jscan.c and fuzz/fuzz_jscan.c hold pr_jskip() to.
 */

#ifndef _REF_JSCAN_H_INCLUDED_
#define _REF_JSCAN_H_INCLUDED_


#include <stddef.h>


/* where the value at in[i] ends */
static inline size_t
ref_jskip(const char *in, size_t len, size_t i)
{
    int     str;
    size_t  depth;

    str = 0;
    depth = 0;

    for ( /* void */ ; i < len; i++) {
        if (str) {
            if (in[i] == '\\') {
                i++;

            } else if (in[i] == '"') {
                str = 0;
            }

            continue;
        }

        switch (in[i]) {

        case '"':
            str = 1;
            break;

        case '{':
        case '[':
            depth++;
            break;

        case '}':
        case ']':
            if (depth == 0) {
                return i;
            }

            if (--depth == 0) {
                return i + 1;
            }

            break;

        case ',':
            if (depth == 0) {
                return i;
            }

            break;
        }
    }

    return len;
}


/* the '"' that closes the string whose text starts at in[i], or len */
static inline size_t
ref_jskip_string(const char *in, size_t len, size_t i)
{
    for ( /* void */ ; i < len; i++) {
        if (in[i] == '\\') {
            i++;

        } else if (in[i] == '"') {
            return i;
        }
    }

    return len;
}


#endif /* _REF_JSCAN_H_INCLUDED_ */
