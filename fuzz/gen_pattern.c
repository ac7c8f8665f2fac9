/*
 * ngx_pkg_reroute fuzzing: seeds from t/c/test_pattern.c's tables for
 * fuzz_pattern: each row's patterns (with their indexes, "<pattern>
 * <index>") one a line, then its name; each checked pattern with itself
 * as the name. The test file is compiled in whole, its main() renamed.
 */

#define main  pr_test_pattern_main
#include "test_pattern.c"
#undef main

#include "gen_common.h"


int
main(int argc, char **argv)
{
    char            *end;
    size_t           i, j;
    gen_buf_t        b;
    const char      *s;
    const pt_row_t  *row;
    char             num[32];

    if (argc != 2) {
        fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
        return 2;
    }

    gen_dir = argv[1];
    memset(&b, 0, sizeof(b));

    for (i = 0; i < sizeof(pt_rows) / sizeof(pt_rows[0]); i++) {
        row = &pt_rows[i];
        b.len = 0;
        s = row->idx;

        for (j = 0; row->pats[j]; j++) {
            gen_adds(&b, row->pats[j]);

            if (s) {
                snprintf(num, sizeof(num), " %lu", strtoul(s, &end, 10));
                gen_adds(&b, num);
                s = (*end == ',') ? end + 1 : end;
            }

            gen_addc(&b, '\n');
        }

        gen_adds(&b, row->name);
        gen_seed("fuzz_pattern", b.data, b.len);
    }

    for (i = 0; i < sizeof(pt_checks) / sizeof(pt_checks[0]); i++) {
        b.len = 0;
        gen_adds(&b, pt_checks[i].pat);
        gen_addc(&b, '\n');
        gen_adds(&b, pt_checks[i].pat);
        gen_seed("fuzz_pattern", b.data, b.len);
    }

    free(b.data);

    printf("pattern: %u seeds written\n", gen_written);

    return 0;
}
