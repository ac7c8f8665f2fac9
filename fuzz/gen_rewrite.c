/*
 * ngx_pkg_reroute fuzzing: seeds from t/c/test_rewrite.c for
 * fuzz_rewrite_json and fuzz_rewrite_html.
 *
 * The test builds its documents in code, so the test itself is run here,
 * compiled in whole with pr_rewrite_json(), pr_html_rw_init() and
 * pr_html_rw_feed() wrapped: every document it rewrites becomes a seed,
 * with configuration bytes that pick the map its URLs use (fuzz_maps.h),
 * keep() as the test had it, and variants that drop versions. The test's
 * own report goes to /dev/null; its verdict does not matter here.
 */

#include "pr_rewrite.h"

static int gen_rewrite_json(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);
static void gen_html_rw_init(pr_html_rw_t *st, const pr_rewrite_t *rw);
static int gen_html_rw_feed(pr_html_rw_t *st, const char *in, size_t len,
    int last, pr_str_t *out);

#define pr_rewrite_json  gen_rewrite_json
#define pr_html_rw_init  gen_html_rw_init
#define pr_html_rw_feed  gen_html_rw_feed
#define main             pr_test_rewrite_main

#include "test_rewrite.c"

#undef pr_rewrite_json
#undef pr_html_rw_init
#undef pr_html_rw_feed
#undef main

#include "gen_common.h"
#include "fuzz_maps.h"


/* the first map whose "from" the document uses; 0 if none */
static unsigned
gen_map(const pr_rewrite_map_t *maps, const char *doc, size_t len)
{
    size_t    i, k;
    unsigned  m;

    for (m = 0; m < FZ_NMAPS; m++) {
        if (maps[m].from.len == 0) {
            continue;
        }

        for (i = 0; i + maps[m].from.len <= len; i++) {
            for (k = 0; k < maps[m].from.len; k++) {
                if (doc[i + k] != maps[m].from.data[k]) {
                    break;
                }
            }

            if (k == maps[m].from.len) {
                return m;
            }
        }
    }

    return 0;
}


static void
gen_json_seed(uint8_t cfg, uint8_t fail, const char *in, size_t len)
{
    gen_buf_t  b;

    memset(&b, 0, sizeof(b));
    gen_addc(&b, (char) cfg);
    gen_addc(&b, (char) fail);
    gen_add(&b, in, len);
    gen_seed("fuzz_rewrite_json", b.data, b.len);
    free(b.data);
}


static int
gen_rewrite_json(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err)
{
    uint8_t     cfg, fail;
    rt_pool_t  *pool;

    cfg = 2 | (uint8_t) (gen_map(fz_json_maps, in, len) << 2);

    if (rw->keep) {
        cfg |= 1 | (1 << 6);
    }

    if (rw->name.len) {
        cfg |= 0x20;
    }

    pool = rw->ctx;
    fail = (pool && pool->fail_at >= 1 && pool->fail_at <= 16)
           ? (uint8_t) (0xef + pool->fail_at) : 0;

    gen_json_seed(cfg, fail, in, len);

    /* and the same with keep() dropping half, and everything */
    gen_json_seed((cfg & 0x3e) | 1 | (2 << 6), 0, in, len);
    gen_json_seed((cfg & 0x3e) | 1 | (3 << 6), 0, in, len);

    return pr_rewrite_json(doc, in, len, rw, out, err);
}


/* the HTML document being fed, chunk by chunk */
static const pr_html_rw_t  *gen_st;
static const pr_rewrite_t  *gen_rw;
static gen_buf_t            gen_doc;


static void
gen_html_rw_init(pr_html_rw_t *st, const pr_rewrite_t *rw)
{
    gen_st = st;
    gen_rw = rw;
    gen_doc.len = 0;

    pr_html_rw_init(st, rw);
}


static void
gen_html_seed(uint8_t cfg, uint8_t cfg2, const uint16_t *cuts, size_t ncuts)
{
    size_t     i;
    gen_buf_t  b;

    memset(&b, 0, sizeof(b));
    gen_addc(&b, (char) cfg);
    gen_addc(&b, (char) (cfg2 | (ncuts << 2)));

    for (i = 0; i < ncuts; i++) {
        gen_addc(&b, (char) (cuts[i] & 0xff));
        gen_addc(&b, (char) (cuts[i] >> 8));
    }

    gen_add(&b, gen_doc.data, gen_doc.len);
    gen_seed("fuzz_rewrite_html", b.data, b.len);
    free(b.data);
}


static int
gen_html_rw_feed(pr_html_rw_t *st, const char *in, size_t len, int last,
    pr_str_t *out)
{
    size_t    i;
    uint8_t   cfg, cfg2;
    uint16_t  cuts[4];

    if (st == gen_st && gen_rw) {
        gen_add(&gen_doc, in, len);

        if (last) {
            cfg = 2 | (uint8_t) (gen_map(fz_html_maps, gen_doc.data,
                                         gen_doc.len) << 2);

            for (i = 1; i < 4; i++) {
                if (gen_rw->name.len
                    && strlen(fz_html_names[i]) == gen_rw->name.len
                    && memcmp(fz_html_names[i], gen_rw->name.data,
                              gen_rw->name.len) == 0)
                {
                    cfg |= (uint8_t) (i << 5);
                }
            }

            cfg2 = 0;

            if (gen_rw->keep) {
                cfg |= 1;
                cfg2 = 1;
            }

            for (i = 0; i < 4; i++) {
                cuts[i] = (uint16_t) (gen_doc.len * (i + 1) / 5);
            }

            gen_html_seed(cfg, cfg2, NULL, 0);
            gen_html_seed(cfg | 1, 2, cuts, 4);

            /* once is enough: the test feeds one page many ways */
            gen_rw = NULL;
        }
    }

    return pr_html_rw_feed(st, in, len, last, out);
}


int
main(int argc, char **argv)
{
    char  *args[2];

    if (argc != 2) {
        fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
        return 2;
    }

    gen_dir = argv[1];

    if (freopen("/dev/null", "w", stdout) == NULL
        || freopen("/dev/null", "w", stderr) == NULL)
    {
        return 1;
    }

    args[0] = argv[0];
    args[1] = NULL;

    (void) pr_test_rewrite_main(1, args);

    free(gen_doc.data);

    return 0;
}
