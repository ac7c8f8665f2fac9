/*
 * ngx_pkg_reroute bench: pr_mal at scale (bench/mal-run runs it).
 *
 *   mal_bench <dir-or-zip> [names]
 *
 * Loads the malicious-packages tree or zip once, as nginx would at
 * configuration time, and prints: the load time, what pr_mal says it
 * holds, the process's VmRSS and VmHWM before and after, then the time
 * of a lookup: each (ecosystem, name, version) of the names file
 * (bench/mal-gen writes it), and the same names changed so that they
 * miss.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "pr_mal.h"


/* one stream for every entry (inflateReset, not inflateInit each time:
 * the shell should do the same) */
static int
bench_inflate(void *ctx, const unsigned char *in, size_t inlen,
    unsigned char *out, size_t outlen)
{
    int        rc;
    z_stream  *zs = ctx;

    if (inflateReset(zs) != Z_OK) {
        return -1;
    }

    zs->next_in = (unsigned char *) in;
    zs->avail_in = (uInt) inlen;
    zs->next_out = out;
    zs->avail_out = (uInt) outlen;

    rc = inflate(zs, Z_FINISH);

    return (rc == Z_STREAM_END && zs->total_out == outlen) ? 0 : -1;
}


static double
now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}


static long
status_kb(const char *key)
{
    FILE  *f;
    long   v;
    char   line[256];

    v = -1;
    f = fopen("/proc/self/status", "r");

    if (f == NULL) {
        return v;
    }

    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, key, strlen(key)) == 0) {
            v = strtol(line + strlen(key) + 1, NULL, 10);
        }
    }

    fclose(f);
    return v;
}


typedef struct {
    pr_eco_t  eco;
    char      name[256];
    char      version[64];
} bench_name_t;


int
main(int argc, char **argv)
{
    FILE            *f;
    size_t           n, cap, i, hits, rounds, r;
    double           t0, t1;
    long             rss0, hwm0;
    pr_mal_t        *m;
    bench_name_t    *names;
    z_stream         zs;
    pr_mal_stats_t   st;
    char             eco[32], line[512];

    if (argc < 2) {
        fprintf(stderr, "usage: mal_bench <dir-or-zip> [names]\n");
        return 2;
    }

    memset(&zs, 0, sizeof(zs));

    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
        return 1;
    }

    rss0 = status_kb("VmRSS:");
    hwm0 = status_kb("VmHWM:");

    t0 = now();
    m = pr_mal_create();

    if (pr_mal_load(m, argv[1], bench_inflate, &zs) != 0) {
        fprintf(stderr, "mal_bench: %s\n", pr_mal_error(m));
        return 1;
    }

    pr_mal_finish(m);
    t1 = now();
    inflateEnd(&zs);

    pr_mal_stats(m, &st);

    printf("load %s: %.3f s\n", argv[1], t1 - t0);
    printf("  %zu files (%zu withdrawn), %zu names, %zu entries, "
           "%.1f MB held by pr_mal\n", st.files, st.withdrawn, st.names,
           st.entries, st.bytes / 1048576.0);
    printf("  VmRSS %ld -> %ld kB, VmHWM %ld -> %ld kB (the load's peak: "
           "+%.1f MB)\n", rss0, status_kb("VmRSS:"), hwm0,
           status_kb("VmHWM:"), (status_kb("VmHWM:") - hwm0) / 1024.0);

    if (argc < 3) {
        pr_mal_destroy(m);
        return 0;
    }

    f = fopen(argv[2], "r");
    if (f == NULL) {
        perror(argv[2]);
        return 1;
    }

    n = 0;
    cap = 1024;
    names = malloc(cap * sizeof(bench_name_t));

    while (fgets(line, sizeof(line), f)) {
        if (n == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof(bench_name_t));
        }

        if (sscanf(line, "%31s %255s %63s", eco, names[n].name,
                   names[n].version) != 3)
        {
            continue;
        }

        names[n].eco = strcmp(eco, "npm") == 0 ? PR_ECO_NPM
                       : strcmp(eco, "PyPI") == 0 ? PR_ECO_PYPI
                       : strcmp(eco, "crates.io") == 0 ? PR_ECO_CARGO
                       : PR_ECO_RUBYGEMS;
        n++;
    }

    fclose(f);

    rounds = 4;
    hits = 0;
    t0 = now();

    for (r = 0; r < rounds; r++) {
        for (i = 0; i < n; i++) {
            hits += pr_mal_lookup(m, names[i].eco, names[i].name,
                                  strlen(names[i].name), names[i].version,
                                  strlen(names[i].version), NULL)
                    >= PR_MAL_OTHER;
        }
    }

    t1 = now();
    printf("lookup, listed names: %.0f ns each (%zu of %zu found)\n",
           (t1 - t0) / (rounds * n) * 1e9, hits / rounds, n);

    /* the same names, one byte changed: misses */
    for (i = 0; i < n; i++) {
        names[i].name[0] = names[i].name[0] == 'z' ? 'y' : 'z';
    }

    hits = 0;
    t0 = now();

    for (r = 0; r < rounds; r++) {
        for (i = 0; i < n; i++) {
            hits += pr_mal_lookup(m, names[i].eco, names[i].name,
                                  strlen(names[i].name), names[i].version,
                                  strlen(names[i].version), NULL)
                    != PR_MAL_NONE;
        }
    }

    t1 = now();
    printf("lookup, names not listed: %.0f ns each (%zu found)\n",
           (t1 - t0) / (rounds * n) * 1e9, hits / rounds);

    free(names);
    pr_mal_destroy(m);

    return 0;
}
