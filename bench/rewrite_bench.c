/*
 * ngx_pkg_reroute: pr_rewrite_json() on large documents (bench/rewrite-run).
 *
 *   rewrite_bench [--ref] [--flush] [--mb N] [shape...]
 *   rewrite_bench [--mb N] --dump shape     the document, on stdout
 *
 * Each shape is generated deterministically (N MB, default 10) in a child
 * process and rewritten once, cold: the peak resident memory that run
 * added over the process holding its input (VmHWM after
 * /proc/self/clear_refs, minus VmRSS before) and VmRSS after the output
 * was freed (what malloc keeps); then 5 times more for the CPU time (best
 * and median). --ref: the cJSON rewriter it replaced too
 * (fuzz/ref_rewrite_tree.c). --flush: the output goes through rw->flush
 * (256 KB pieces) to an unlinked file in /tmp, as the nginx module writes
 * a large document's rewrite, instead of being held.
 *
 * Shapes: npm (a real-shaped packument: versions with dist.tarball,
 * dependencies, signatures, a readme), npm-keep (the same, every other
 * version dropped), deep (arrays 64 deep, many times), tiny (an array of
 * one-digit numbers), long (one string, escapes in it), keys (an object
 * read, npm "versions", with one key per ~20 bytes), pypi (a PyPI JSON
 * document, releases with files).
 */

#define _GNU_SOURCE

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>

#include "pr_rewrite.h"
#include "ref_rewrite_tree.h"


typedef struct {
    char    *data;
    size_t   len;
    size_t   size;
} bb_buf_t;


static void
bb_add(bb_buf_t *b, const char *p, size_t n)
{
    if (b->size - b->len < n + 1) {
        b->size = (b->size + n + 1) * 2;
        b->data = realloc(b->data, b->size);

        if (b->data == NULL) {
            perror("realloc");
            exit(2);
        }
    }

    memcpy(b->data + b->len, p, n);
    b->len += n;
}


static void
bb_printf(bb_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bb_printf(bb_buf_t *b, const char *fmt, ...)
{
    int      n;
    char     tmp[8192];
    va_list  ap;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);

    bb_add(b, tmp, (size_t) n);
}


static uint64_t  bb_rng = 0x2545f4914f6cdd1dULL;

static uint64_t
bb_rand(void)
{
    bb_rng ^= bb_rng << 13;
    bb_rng ^= bb_rng >> 7;
    bb_rng ^= bb_rng << 17;
    return bb_rng;
}


static void
bb_hex(bb_buf_t *b, size_t n)
{
    size_t  i;
    char    c;

    for (i = 0; i < n; i++) {
        c = "0123456789abcdef"[bb_rand() & 15];
        bb_add(b, &c, 1);
    }
}


static void
bb_b64(bb_buf_t *b, size_t n)
{
    size_t  i;
    char    c;

    static const char  a[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    for (i = 0; i < n; i++) {
        c = a[bb_rand() & 63];
        bb_add(b, &c, 1);
    }
}


/* a packument as the registry serves it, about mb MB */
static void
bb_npm(bb_buf_t *b, size_t target)
{
    size_t  i, k, v, maj, min, pat;

    bb_printf(b, "{\"_id\":\"bench-pkg\",\"_rev\":\"812-");
    bb_hex(b, 32);
    bb_printf(b, "\",\"name\":\"bench-pkg\",\"description\":\"A package "
              "with many versions\",\"dist-tags\":{\"latest\":\"LATEST\","
              "\"next\":\"NEXT\"},\"versions\":{");

    for (v = 0; b->len < target - 64 * 1024; v++) {
        maj = v / 400;
        min = (v / 20) % 20;
        pat = v % 20;

        bb_printf(b, "%s\"%zu.%zu.%zu\":{\"name\":\"bench-pkg\",\"version\":"
                  "\"%zu.%zu.%zu\",\"description\":\"A package with many "
                  "versions\",\"main\":\"lib/index.js\",\"types\":"
                  "\"lib/index.d.ts\",\"scripts\":{\"test\":\"jest\","
                  "\"build\":\"tsc -p .\"},\"repository\":{\"type\":\"git\","
                  "\"url\":\"git+https://github.example.org/bench/pkg.git\"},"
                  "\"keywords\":[\"bench\",\"package\",\"registry\"],"
                  "\"author\":{\"name\":\"Jane Doe\",\"email\":"
                  "\"jane@example.org\"},\"license\":\"MIT\","
                  "\"dependencies\":{", v ? "," : "", maj, min, pat,
                  maj, min, pat);

        for (k = 0; k < 8; k++) {
            bb_printf(b, "%s\"dep-%zu\":\"^%zu.%zu.0\"", k ? "," : "", k,
                      k + 1, v % 7);
        }

        bb_printf(b, "},\"devDependencies\":{\"jest\":\"^29.0.0\","
                  "\"typescript\":\"^5.0.0\"},\"gitHead\":\"");
        bb_hex(b, 40);
        bb_printf(b, "\",\"bugs\":{\"url\":\"https://github.example.org/"
                  "bench/pkg/issues\"},\"homepage\":\"https://github.example"
                  ".org/bench/pkg#readme\",\"_id\":\"bench-pkg@%zu.%zu.%zu\","
                  "\"_nodeVersion\":\"18.17.0\",\"_npmVersion\":\"9.6.7\","
                  "\"dist\":{\"integrity\":\"sha512-", maj, min, pat);
        bb_b64(b, 86);
        bb_printf(b, "==\",\"shasum\":\"");
        bb_hex(b, 40);
        bb_printf(b, "\",\"tarball\":\"https://registry.example.org/"
                  "bench-pkg/-/bench-pkg-%zu.%zu.%zu.tgz\",\"fileCount\":%zu,"
                  "\"unpackedSize\":%zu,\"signatures\":[{\"keyid\":"
                  "\"SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA\","
                  "\"sig\":\"MEUCI", maj, min, pat, 10 + v % 30,
                  20000 + v * 13);
        bb_b64(b, 90);
        bb_printf(b, "\"}]},\"_npmUser\":{\"name\":\"jane\",\"email\":"
                  "\"jane@example.org\"},\"directories\":{},\"maintainers\":"
                  "[{\"name\":\"jane\",\"email\":\"jane@example.org\"}],"
                  "\"_npmOperationalInternal\":{\"host\":\"s3://npm-registry"
                  "-packages\",\"tmp\":\"tmp/bench-pkg_%zu.%zu.%zu_"
                  "1690000000000_0.%zu\"},\"_hasShrinkwrap\":false}",
                  maj, min, pat, (size_t) (bb_rand() % 1000000));
    }

    bb_printf(b, "},\"time\":{\"created\":\"2015-01-01T00:00:00.000Z\","
              "\"modified\":\"2024-05-01T00:00:00.000Z\"");

    for (i = 0; i < v; i++) {
        bb_printf(b, ",\"%zu.%zu.%zu\":\"2020-01-01T00:00:00.%03zuZ\"",
                  i / 400, (i / 20) % 20, i % 20, i % 1000);
    }

    bb_printf(b, "},\"maintainers\":[{\"name\":\"jane\",\"email\":"
              "\"jane@example.org\"}],\"readme\":\"# bench-pkg\\n\\n");

    for (i = 0; i < 300; i++) {
        bb_printf(b, "Line %zu of the readme, with \\\"quotes\\\", a "
                  "\\u00e9 and a link: https://registry.example.org/.\\n", i);
    }

    bb_printf(b, "\",\"readmeFilename\":\"README.md\",\"homepage\":"
              "\"https://github.example.org/bench/pkg#readme\","
              "\"repository\":{\"type\":\"git\",\"url\":\"git+https://"
              "github.example.org/bench/pkg.git\"},\"license\":\"MIT\"}");

    /* latest: the last version; next: the one before */
    {
        char  *p, tag[32];
        int    n;

        p = memmem(b->data, b->len, "\"LATEST\"", 8);
        n = snprintf(tag, sizeof(tag), "\"%zu.%zu.%zu\"", (v - 1) / 400,
                     ((v - 1) / 20) % 20, (v - 1) % 20);
        memmove(p + n, p + 8, b->len - (p + 8 - b->data));
        memcpy(p, tag, n);
        b->len += n - 8;

        p = memmem(b->data, b->len, "\"NEXT\"", 6);
        n = snprintf(tag, sizeof(tag), "\"%zu.%zu.%zu\"", (v - 2) / 400,
                     ((v - 2) / 20) % 20, (v - 2) % 20);
        memmove(p + n, p + 6, b->len - (p + 6 - b->data));
        memcpy(p, tag, n);
        b->len += n - 6;
    }
}


static void
bb_pypi(bb_buf_t *b, size_t target)
{
    size_t  v, f;

    bb_printf(b, "{\"info\":{\"author\":\"Jane\",\"name\":\"bench-pkg\","
              "\"version\":\"1.0.0\",\"summary\":\"x\",\"requires_python\":"
              "\">=3.8\"},\"last_serial\":1,\"releases\":{");

    for (v = 0; b->len < target - 4096; v++) {
        bb_printf(b, "%s\"%zu.%zu.%zu\":[", v ? "," : "", v / 100,
                  (v / 10) % 10, v % 10);

        for (f = 0; f < 6; f++) {
            bb_printf(b, "%s{\"comment_text\":\"\",\"digests\":{\"blake2b_"
                      "256\":\"", f ? "," : "");
            bb_hex(b, 64);
            bb_printf(b, "\",\"md5\":\"");
            bb_hex(b, 32);
            bb_printf(b, "\",\"sha256\":\"");
            bb_hex(b, 64);
            bb_printf(b, "\"},\"downloads\":-1,\"filename\":\"bench_pkg-"
                      "%zu.%zu.%zu-cp3%zu-cp3%zu-manylinux_2_17_x86_64.whl\","
                      "\"has_sig\":false,\"packagetype\":\"bdist_wheel\","
                      "\"python_version\":\"cp3%zu\",\"requires_python\":"
                      "\">=3.8\",\"size\":%zu,\"upload_time\":\"2020-01-01T"
                      "00:00:00\",\"url\":\"https://files.example.org/"
                      "packages/", v / 100, (v / 10) % 10, v % 10, f + 8,
                      f + 8, f + 8, 100000 + v);
            bb_hex(b, 2);
            bb_printf(b, "/");
            bb_hex(b, 2);
            bb_printf(b, "/");
            bb_hex(b, 60);
            bb_printf(b, "/bench_pkg-%zu.%zu.%zu.whl\",\"yanked\":false,"
                      "\"yanked_reason\":null}", v / 100, (v / 10) % 10,
                      v % 10);
        }

        bb_printf(b, "]");
    }

    bb_printf(b, "},\"urls\":[],\"vulnerabilities\":[]}");
}


static void
bb_shape(const char *shape, bb_buf_t *b, size_t target)
{
    size_t  i, k;

    if (strcmp(shape, "npm") == 0 || strcmp(shape, "npm-keep") == 0) {
        bb_npm(b, target);

    } else if (strcmp(shape, "pypi") == 0) {
        bb_pypi(b, target);

    } else if (strcmp(shape, "deep") == 0) {
        bb_printf(b, "{\"name\":\"x\",\"a\":[");

        for (i = 0; b->len < target - 256; i++) {
            bb_printf(b, "%s", i ? "," : "");

            for (k = 0; k < 62; k++) {
                bb_add(b, "[", 1);
            }

            for (k = 0; k < 62; k++) {
                bb_add(b, "]", 1);
            }
        }

        bb_printf(b, "]}");

    } else if (strcmp(shape, "tiny") == 0) {
        bb_printf(b, "{\"name\":\"x\",\"a\":[0");

        while (b->len < target - 16) {
            bb_add(b, ",1,2,3,4,5,6,7,8", 16);
        }

        bb_printf(b, "]}");

    } else if (strcmp(shape, "long") == 0) {
        bb_printf(b, "{\"name\":\"x\",\"a\":\"");

        while (b->len < target - 32) {
            bb_add(b, "abcdefghijklmnopqrstuvwxyz\\n\\u00e9", 34);
        }

        bb_printf(b, "\"}");

    } else if (strcmp(shape, "keys") == 0) {
        bb_printf(b, "{\"name\":\"x\",\"versions\":{");

        for (i = 0; b->len < target - 64; i++) {
            bb_printf(b, "%s\"0.%zu.%zu\":{}", i ? "," : "", i / 1000,
                      i % 1000);
        }

        bb_printf(b, "}}");

    } else {
        fprintf(stderr, "unknown shape %s\n", shape);
        exit(2);
    }
}


/* an nginx pool, roughly: blocks freed together, or one by one */

typedef struct bb_block_s  bb_block_t;

struct bb_block_s {
    bb_block_t  *next;
    bb_block_t  *prev;
};

static bb_block_t  bb_blocks = { &bb_blocks, &bb_blocks };


static void *
bb_alloc(void *ctx, size_t size)
{
    bb_block_t  *b;

    (void) ctx;

    b = malloc(sizeof(bb_block_t) + size);
    if (b == NULL) {
        return NULL;
    }

    b->next = bb_blocks.next;
    b->prev = &bb_blocks;
    bb_blocks.next->prev = b;
    bb_blocks.next = b;

    return b + 1;
}


static void
bb_free(void *ctx, void *p)
{
    bb_block_t  *b;

    (void) ctx;

    b = (bb_block_t *) p - 1;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    free(b);
}


static void
bb_pool_free(void)
{
    while (bb_blocks.next != &bb_blocks) {
        bb_free(NULL, bb_blocks.next + 1);
    }
}


static int
bb_keep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    (void) data;
    (void) name;
    (void) published;

    /* every other patch release goes */
    return version->len == 0
           || (version->data[version->len - 1] - '0') % 2 == 0;
}


static long
bb_status(const char *field)
{
    long   kb;
    char   line[256];
    FILE  *f;

    kb = -1;
    f = fopen("/proc/self/status", "r");

    while (f && fgets(line, sizeof(line), f)) {
        if (strncmp(line, field, strlen(field)) == 0) {
            kb = atol(line + strlen(field) + 1);
        }
    }

    if (f) {
        fclose(f);
    }

    return kb;
}


static void
bb_reset_peak(void)
{
    FILE  *f;

    f = fopen("/proc/self/clear_refs", "w");

    if (f) {
        fputs("5", f);
        fclose(f);
    }
}


static double
bb_cpu(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);

    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}


static int
bb_cmp(const void *a, const void *b)
{
    double  x, y;

    x = *(const double *) a;
    y = *(const double *) b;

    return (x > y) - (x < y);
}


/* --flush: the output to an unlinked file, as the module writes it */

static int    bb_fd = -1;
static off_t  bb_off;


static int
bb_flush(void *data, const char *p, size_t n)
{
    ssize_t  w;

    (void) data;

    while (n > 0) {
        w = pwrite(bb_fd, p, n, bb_off);
        if (w <= 0) {
            return -1;
        }

        p += w;
        n -= (size_t) w;
        bb_off += w;
    }

    return 0;
}


static void
bb_flush_reset(void)
{
    char  name[] = "/tmp/rewrite_bench.XXXXXX";

    if (bb_fd == -1) {
        bb_fd = mkstemp(name);
        if (bb_fd == -1) {
            perror("mkstemp");
            exit(2);
        }

        unlink(name);
    }

    if (ftruncate(bb_fd, 0) != 0) {
        perror("ftruncate");
        exit(2);
    }

    bb_off = 0;
}


static void
bb_run(const char *shape, size_t mb, int ref, int flush)
{
    int                rc, i;
    double             t0, ms[5], cold;
    long               base, peak, after, start;
    bb_buf_t           doc;
    pr_str_t           out;
    const char        *err;
    pr_rewrite_t       rw;
    pr_rewrite_map_t   map[2];

    memset(&doc, 0, sizeof(doc));

    start = bb_status("VmRSS:");
    bb_shape(shape, &doc, mb * 1024 * 1024);

    doc.data = realloc(doc.data, doc.len);      /* exactly its size */

    memset(map, 0, sizeof(map));
    map[0].from.data = "https://registry.example.org/";
    map[0].from.len = sizeof("https://registry.example.org/") - 1;
    map[0].to.data = "https://mirror.corp.example/npm-fill/";
    map[0].to.len = sizeof("https://mirror.corp.example/npm-fill/") - 1;
    map[1].from.data = "https://files.example.org/";
    map[1].from.len = sizeof("https://files.example.org/") - 1;
    map[1].to.data = "https://mirror.corp.example/pypi-files/";
    map[1].to.len = sizeof("https://mirror.corp.example/pypi-files/") - 1;

    memset(&rw, 0, sizeof(rw));
    rw.maps = map;
    rw.nmaps = 2;
    rw.alloc = bb_alloc;
    rw.free = ref ? NULL : bb_free;
    rw.max_size = 256 * 1024 * 1024;

    if (strcmp(shape, "npm-keep") == 0) {
        rw.keep = bb_keep;
    }

    if (flush && !ref) {
        rw.flush = bb_flush;
        bb_flush_reset();
    }

    /* memory: the first run, cold (VmHWM reset after the input is made) */
    base = bb_status("VmRSS:");
    bb_reset_peak();

    err = NULL;
    t0 = bb_cpu();
    rc = (ref ? pr_rewrite_json_tree : pr_rewrite_json)(
             strcmp(shape, "pypi") == 0 ? PR_DOC_PYPI_JSON
                                        : PR_DOC_NPM_PACKUMENT,
             doc.data, doc.len, &rw, &out, &err);
    cold = bb_cpu() - t0;
    peak = bb_status("VmHWM:");
    bb_pool_free();
    after = bb_status("VmRSS:");

    /* CPU: 5 more runs, warm */
    for (i = 0; i < 5; i++) {
        if (rw.flush) {
            bb_flush_reset();
        }

        t0 = bb_cpu();
        rc = (ref ? pr_rewrite_json_tree : pr_rewrite_json)(
                 strcmp(shape, "pypi") == 0 ? PR_DOC_PYPI_JSON
                                            : PR_DOC_NPM_PACKUMENT,
                 doc.data, doc.len, &rw, &out, &err);
        ms[i] = bb_cpu() - t0;
        bb_pool_free();
    }

    qsort(ms, 5, sizeof(double), bb_cmp);

    printf("%-8s %-6s %5.2f MB rc %2d%s%s cpu cold %6.1f ms, warm best "
           "%6.1f median %6.1f ms (%5.1f ms/MB)  peak +%6.1f MB (%5.2fx)  "
           "after +%5.1f MB\n",
           shape, ref ? "cjson" : (rw.flush ? "flush" : "stream"),
           doc.len / 1048576.0, rc,
           rc < 0 && err ? " " : "", rc < 0 && err ? err : "", cold, ms[0],
           ms[2], ms[2] / (doc.len / 1048576.0), (peak - base) / 1024.0,
           (peak - base) / 1024.0 / (doc.len / 1048576.0),
           (after - base) / 1024.0);
    (void) start;

    free(doc.data);
}


int
main(int argc, char **argv)
{
    int          i, ref, flush, status;
    size_t       mb;
    pid_t        pid;
    const char  *all[] = { "npm", "npm-keep", "pypi", "deep", "tiny",
                           "long", "keys", NULL };
    const char  *shapes[16];
    int          n, k, r;

    ref = 0;
    flush = 0;
    mb = 10;
    n = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ref") == 0) {
            ref = 1;

        } else if (strcmp(argv[i], "--flush") == 0) {
            flush = 1;

        } else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
            /* the document of a shape on stdout, for bench/rewrite-worker */
            bb_buf_t  doc;

            memset(&doc, 0, sizeof(doc));
            bb_shape(argv[++i], &doc, mb * 1024 * 1024);
            fwrite(doc.data, 1, doc.len, stdout);
            return 0;

        } else if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc) {
            mb = (size_t) atol(argv[++i]);

        } else if (n < 15) {
            shapes[n++] = argv[i];
        }
    }

    if (n == 0) {
        for (n = 0; all[n]; n++) {
            shapes[n] = all[n];
        }
    }

    for (k = 0; k < n; k++) {
        for (r = 0; r <= ref; r++) {
            fflush(stdout);
            pid = fork();

            if (pid == 0) {
                bb_run(shapes[k], mb, r, flush);
                fflush(stdout);
                _exit(0);
            }

            waitpid(pid, &status, 0);
        }
    }

    return 0;
}
