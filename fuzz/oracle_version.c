/*
 * ngx_pkg_reroute: pr_version as a filter, for fuzz/oracle-version.
 *
 * stdin: one case a line, "eco<TAB>flags<TAB>range<TAB>version" (eco: npm,
 * pypi, cargo, rubygems; flags 0 or 1 for PR_RANGE_PRE); stdout: a line
 * each, "1" or "0", or "E" when the range or the version is refused.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pr_version.h"


static void *
oracle_alloc(void *ctx, size_t size)
{
    (void) ctx;
    return malloc(size);
}


int
main(void)
{
    int          m;
    char         line[8192], *f[4], *p;
    size_t       i;
    pr_eco_t     eco;
    pr_range_t  *r;
    const char  *err;

    while (fgets(line, sizeof(line), stdin)) {
        line[strcspn(line, "\n")] = '\0';
        p = line;

        for (i = 0; i < 4; i++) {
            f[i] = p;
            p = strchr(p, '\t');

            if (p == NULL) {
                break;
            }

            *p++ = '\0';
        }

        if (i < 3) {
            puts("E");
            continue;
        }

        eco = pr_eco_by_name(f[0], strlen(f[0]));
        r = pr_range_parse(eco, f[2], strlen(f[2]), atoi(f[1]) ? PR_RANGE_PRE
                           : 0, oracle_alloc, NULL, &err);

        if (r == NULL) {
            puts("E");
            continue;
        }

        m = pr_range_match(r, f[3], strlen(f[3]));
        puts(m < 0 ? "E" : m ? "1" : "0");

        /* the ranges are small; the process ends soon */
    }

    return 0;
}
