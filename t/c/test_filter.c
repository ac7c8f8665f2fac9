/*
 * ngx_pkg_reroute: the metadata filters (pr_filter.h), row by row: what
 * goes, what keep() is told, what is refused.
 */

#include <stdlib.h>
#include <string.h>

#include "pr_test.h"
#include "pr_filter.h"
#include "pr_classify.h"


/* keep(): drops the versions named in drop (space-separated), and what
 * was published after cut (when cut > 0); remembers what it was told */
typedef struct {
    const char  *drop;
    int64_t      cut;
    char         told[1024];
} tf_keep_t;

static tf_keep_t  tf_k;


static int
tf_keep(void *data, const pr_str_t *name, const pr_str_t *version,
    int64_t published)
{
    char        buf[128];
    size_t      n;
    tf_keep_t  *k;
    const char *p;

    k = data;
    n = strlen(k->told);

    snprintf(k->told + n, sizeof(k->told) - n, "%s%.*s@%.*s=%lld",
             n ? " " : "", (int) name->len, name->data, (int) version->len,
             version->data, (long long) published);

    if (k->cut > 0 && published > k->cut) {
        return 0;
    }

    snprintf(buf, sizeof(buf), " %.*s ", (int) version->len, version->data);

    for (p = k->drop; p && *p; /* void */) {
        n = strcspn(p, " ");

        if (n == strlen(buf) - 2 && memcmp(p, buf + 1, n) == 0) {
            return 0;
        }

        p += n;
        p += (*p == ' ');
    }

    return 1;
}


static void *
tf_alloc(void *ctx, size_t size)
{
    (void) ctx;
    return malloc(size);
}


static void
tf_free(void *ctx, void *p)
{
    (void) ctx;
    free(p);
}


typedef int (*tf_filter_pt)(const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);


static void
tf_check(int line, tf_filter_pt f, const char *text, const char *drop,
    int64_t cut, const char *name, int want_rc, const char *want,
    const char *told)
{
    int           rc;
    char         *in;
    size_t        len;
    pr_str_t      out;
    const char   *err;
    pr_rewrite_t  rw;

    memset(&rw, 0, sizeof(pr_rewrite_t));
    memset(&tf_k, 0, sizeof(tf_keep_t));
    tf_k.drop = drop;
    tf_k.cut = cut;
    rw.keep = tf_keep;
    rw.keep_data = &tf_k;
    rw.alloc = tf_alloc;
    rw.free = tf_free;

    if (name) {
        rw.name.data = name;
        rw.name.len = strlen(name);
    }

    /* an exact-size copy: a read past the end is a fault under ASan */
    len = strlen(text);
    in = malloc(len ? len : 1);
    memcpy(in, text, len);

    err = NULL;
    out.data = NULL;
    out.len = 0;

    rc = f(in, len, &rw, &out, &err);

    PR_CHECK(rc == want_rc, "line %d: rc %d, want %d (%s)", line, rc,
             want_rc, err ? err : "-");

    if (rc == PR_REWRITE_OK && want != NULL) {
        PR_CHECK(out.len == strlen(want)
                 && memcmp(out.data, want, out.len) == 0,
                 "line %d:\n got: %.*s\nwant: %s", line, (int) out.len,
                 out.data ? out.data : "", want);
    }

    if (rc == PR_REWRITE_OK && want != NULL && strcmp(want, text) == 0) {
        PR_CHECK(out.data == in, "line %d: unchanged, not the input", line);
    }

    if (rc < 0) {
        PR_CHECK(err != NULL && err[0] != '\0', "line %d: no reason", line);
    }

    if (told != NULL) {
        PR_CHECK(strcmp(tf_k.told, told) == 0,
                 "line %d: told\n got: %s\nwant: %s", line, tf_k.told, told);
    }

    if (rc == PR_REWRITE_OK && out.data != in) {
        free((void *) out.data);
    }

    free(in);
}

#define CHECK_CARGO(in, drop, cut, name, rc, want, told)                      \
    tf_check(__LINE__, pr_filter_cargo, in, drop, cut, name, rc, want, told)

#define CHECK_TAGS(in, drop, name, rc, want, told)                            \
    tf_check(__LINE__, pr_filter_docker_tags, in, drop, 0, name, rc, want,   \
             told)


#define L1  "{\"name\":\"foo\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":" \
            "\"aa\",\"features\":{},\"yanked\":false,\"pubtime\":"         \
            "\"2020-01-01T00:00:00Z\"}\n"
#define L2  "{\"name\":\"foo\",\"vers\":\"1.1.0\",\"deps\":[{\"name\":"    \
            "\"bar\",\"req\":\"^1\",\"features\":[],\"optional\":false,"   \
            "\"default_features\":true,\"target\":null,\"kind\":"          \
            "\"normal\"}],\"cksum\":\"bb\",\"features\":{},\"yanked\":"    \
            "false,\"links\":null,\"v\":2,\"features2\":{},"               \
            "\"rust_version\":\"1.70\",\"pubtime\":\"2026-12-04T10:00:00Z\"}\n"
#define L3  "{\"name\":\"foo\",\"vers\":\"2.0.0\",\"deps\":[],\"cksum\":" \
            "\"cc\",\"features\":{},\"yanked\":true}\n"

/* 2020-01-01T00:00:00Z, 2025-01-01, 2026-12-04T10:00:00Z */
#define T2020  1577836800
#define T2025  1735689600
#define T2026  1796378400


static void
tf_test_cargo(void)
{
    /* nothing goes: the input itself; the times told */
    CHECK_CARGO(L1 L2 L3, NULL, 0, NULL, PR_REWRITE_OK, L1 L2 L3,
                "foo@1.0.0=1577836800 foo@1.1.0=1796378400 foo@2.0.0=-1");

    /* a version not kept leaves with its newline; pubtime decides */
    CHECK_CARGO(L1 L2 L3, NULL, T2025, NULL, PR_REWRITE_OK, L1 L3, NULL);
    CHECK_CARGO(L1 L2 L3, "1.0.0", 0, NULL, PR_REWRITE_OK, L2 L3, NULL);
    CHECK_CARGO(L1 L2 L3, "2.0.0 1.0.0 1.1.0", 0, NULL, PR_REWRITE_OK, "",
                NULL);

    /* the last line without a newline; CRLF; empty lines stay */
    CHECK_CARGO(L1 "{\"name\":\"foo\",\"vers\":\"3.0.0\"}", "1.0.0", 0,
                NULL, PR_REWRITE_OK, "{\"name\":\"foo\",\"vers\":\"3.0.0\"}",
                NULL);
    CHECK_CARGO("\n{\"name\":\"foo\",\"vers\":\"1.0.0\"}\r\n\n"
                "{\"name\":\"foo\",\"vers\":\"3.0.0\"}\r\n", "1.0.0", 0, NULL,
                PR_REWRITE_OK, "\n\n{\"name\":\"foo\",\"vers\":\"3.0.0\"}\r\n",
                NULL);
    CHECK_CARGO("", "1.0.0", 0, NULL, PR_REWRITE_OK, "", NULL);

    /* the caller's name wins */
    CHECK_CARGO("{\"name\":\"Foo\",\"vers\":\"1.0.0\"}\n", NULL, 0, "foo",
                PR_REWRITE_OK, NULL, "foo@1.0.0=-1");

    /* pubtime that is not one: unknown, the line stays */
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"pubtime\":\"soon\"}\n"
                "{\"name\":\"foo\",\"vers\":\"1.0.1\",\"pubtime\":1}\n"
                "{\"name\":\"foo\",\"vers\":\"1.0.2\",\"pubtime\":"
                "\"2020-01-01T01:00:00+01:00\"}\n", NULL, T2025, NULL,
                PR_REWRITE_OK, NULL,
                "foo@1.0.0=-1 foo@1.0.1=-1 foo@1.0.2=1577836800");

    /* fail closed */
    CHECK_CARGO(L1 "{\"name\":\"foo\"}\n", NULL, 0, NULL, PR_REWRITE_INVALID,
                NULL, NULL);
    CHECK_CARGO(L1 "{\"name\":\"foo\",\"vers\":1}\n", NULL, 0, NULL,
                PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"vers\":\"1.0.0\"}\n", NULL, 0, NULL, PR_REWRITE_INVALID,
                NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"vers\":\"6.6.6\"}\n",
                NULL, 0, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"v\\u0065rs\":"
                "\"6.6.6\"}\n", NULL, 0, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0\\u002e0\"}\n", NULL, 0,
                NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO(L1 "not json\n", NULL, 0, NULL, PR_REWRITE_INVALID, NULL,
                NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\"} {}\n", NULL, 0, NULL,
                PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("[\"foo\"]\n", NULL, 0, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"deps\":[01]}\n", NULL,
                0, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"x\":\"\\ud800\"}\n",
                NULL, 0, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"x\":\"a\tb\"}\n",
                NULL, 0, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\"", NULL, 0, NULL,
                PR_REWRITE_INVALID, NULL, NULL);
    /* a JSON object across two lines is two broken lines */
    CHECK_CARGO("{\"name\":\"foo\",\n\"vers\":\"1.0.0\"}\n", NULL, 0, NULL,
                PR_REWRITE_INVALID, NULL, NULL);

    /* escapes elsewhere are fine: only what is read must be plain */
    CHECK_CARGO("{\"name\":\"foo\",\"vers\":\"1.0.0\",\"x\":\"\\u00e9\\n"
                "\\ud83d\\ude00\",\"y\":[1.5e-3,-0,true,null,{}]}\n", "1.0.0",
                0, NULL, PR_REWRITE_OK, "", NULL);
}


static void
tf_test_docker(void)
{
    CHECK_TAGS("{\"name\":\"library/alpine\",\"tags\":[\"3.19\",\"3.20\","
               "\"latest\"]}", NULL, NULL, PR_REWRITE_OK,
               "{\"name\":\"library/alpine\",\"tags\":[\"3.19\",\"3.20\","
               "\"latest\"]}",
               "library/alpine@3.19=-1 library/alpine@3.20=-1 "
               "library/alpine@latest=-1");

    CHECK_TAGS("{\"name\":\"library/alpine\",\"tags\":[\"3.19\",\"3.20\","
               "\"latest\"]}", "3.20", NULL, PR_REWRITE_OK,
               "{\"name\":\"library/alpine\",\"tags\":[\"3.19\",\"latest\"]}",
               NULL);

    CHECK_TAGS("{ \"tags\" : [ \"a\" , \"b\" ] , \"name\" : \"x\" }\n",
               "a", NULL, PR_REWRITE_OK,
               "{ \"tags\" : [\"b\"] , \"name\" : \"x\" }\n", NULL);

    CHECK_TAGS("{\"name\":\"x\",\"tags\":[\"a\",\"b\"]}", "a b", NULL,
               PR_REWRITE_OK, "{\"name\":\"x\",\"tags\":[]}", NULL);

    CHECK_TAGS("{\"name\":\"x\",\"tags\":null}", "a", NULL, PR_REWRITE_OK,
               "{\"name\":\"x\",\"tags\":null}", NULL);
    CHECK_TAGS("{\"name\":\"x\",\"tags\":[]}", "a", NULL, PR_REWRITE_OK,
               "{\"name\":\"x\",\"tags\":[]}", NULL);
    CHECK_TAGS("{\"name\":\"x\"}", "a", NULL, PR_REWRITE_OK,
               "{\"name\":\"x\"}", NULL);

    /* the caller's name (the one the request named) wins */
    CHECK_TAGS("{\"name\":\"other\",\"tags\":[\"a\"]}", NULL, "org/app",
               PR_REWRITE_OK, NULL, "org/app@a=-1");

    /* fail closed */
    CHECK_TAGS("{\"name\":\"x\",\"tags\":\"a\"}", NULL, NULL,
               PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("{\"name\":\"x\",\"tags\":[\"a\",1]}", NULL, NULL,
               PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("{\"name\":\"x\",\"tags\":[\"\\u0061\"]}", NULL, NULL,
               PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("{\"name\":\"x\",\"tags\":[\"a\"],\"tags\":[\"b\"]}", "a",
               NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("{\"name\":\"x\",\"t\\u0061gs\":[\"b\"],\"tags\":[\"a\"]}",
               "b", NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("{\"tags\":[\"a\"]}", NULL, NULL, PR_REWRITE_INVALID, NULL,
               NULL);
    CHECK_TAGS("{\"name\":\"x\",\"tags\":[\"a\"]} x", NULL, NULL,
               PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("{\"name\":\"x\",\"tags\":[\"a\",]}", NULL, NULL,
               PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("[]", NULL, NULL, PR_REWRITE_INVALID, NULL, NULL);
    CHECK_TAGS("", NULL, NULL, PR_REWRITE_INVALID, NULL, NULL);
}


#define CHECK_INFO(in, drop, name, rc, want, told)                            \
    tf_check(__LINE__, pr_filter_gem_info, in, drop, 0, name, rc, want, told)

#define CHECK_GEMV(in, drop, cut, name, rc, want, told)                       \
    tf_check(__LINE__, pr_filter_gem_versions, in, drop, cut, name, rc,      \
             want, told)


static void
tf_test_rubygems(void)
{
    /* the compact index: every platform of a version goes with it */
    CHECK_INFO("created_at: 2024-01-01T00:00:00Z\n---\n"
               "1.0.0 |checksum:aa\n"
               "1.1.0 rake:>= 0,json:~> 2.0|checksum:bb,ruby:>= 2.7\n"
               "1.1.0-java rake:>= 0|checksum:cc\n"
               "1.2.0 |checksum:dd\n", "1.1.0", "rails", PR_REWRITE_OK,
               "created_at: 2024-01-01T00:00:00Z\n---\n"
               "1.0.0 |checksum:aa\n1.2.0 |checksum:dd\n",
               "rails@1.0.0=-1 rails@1.1.0=-1 rails@1.1.0=-1 rails@1.2.0=-1");

    CHECK_INFO("---\n1.0.0 |checksum:aa\n", NULL, "rails", PR_REWRITE_OK,
               "---\n1.0.0 |checksum:aa\n", "rails@1.0.0=-1");

    /* without "---" every line is a version; the last without '\n' */
    CHECK_INFO("1.0.0 |checksum:aa\n2.0.0 |checksum:bb", "2.0.0", "r",
               PR_REWRITE_OK, "1.0.0 |checksum:aa\n", NULL);

    /* header lines are not versions, even with spaces */
    CHECK_INFO("x y\n---\n2.0.0 |c\n", "x", "r", PR_REWRITE_OK,
               "x y\n---\n2.0.0 |c\n", "r@2.0.0=-1");

    CHECK_INFO("---\n1.0.0|checksum:aa\n", NULL, "r", PR_REWRITE_INVALID,
               NULL, NULL);
    CHECK_INFO("---\n -java |c\n", NULL, "r", PR_REWRITE_INVALID, NULL,
               NULL);
    CHECK_INFO("---\n1.0.0 |c\n", NULL, NULL, PR_REWRITE_INVALID, NULL,
               NULL);
    /* all gone: empty, and that is read again as no versions */
    CHECK_INFO("1.0.0 |c\n", "1.0.0", "r", PR_REWRITE_OK, "", NULL);
    CHECK_INFO("", NULL, "r", PR_REWRITE_OK, "", NULL);

    /* /api/v1/versions/<name>.json: created_at is the time */
    CHECK_GEMV("[{\"number\":\"2.0.0\",\"platform\":\"ruby\","
               "\"created_at\":\"2026-12-04T10:00:00.000Z\"},"
               "{\"number\":\"1.0.0\",\"platform\":\"ruby\","
               "\"created_at\":\"2020-01-01T00:00:00.000Z\"},"
               "{\"number\":\"0.9.0\"}]", NULL, T2025, "rails",
               PR_REWRITE_OK,
               "[{\"number\":\"1.0.0\",\"platform\":\"ruby\","
               "\"created_at\":\"2020-01-01T00:00:00.000Z\"},"
               "{\"number\":\"0.9.0\"}]",
               "rails@2.0.0=1796378400 rails@1.0.0=1577836800 "
               "rails@0.9.0=-1");

    CHECK_GEMV(" [ {\"number\":\"1.0.0\"} , {\"number\":\"2.0.0\"} ]\n",
               "1.0.0", 0, "r", PR_REWRITE_OK,
               " [{\"number\":\"2.0.0\"}]\n", NULL);
    CHECK_GEMV("[]", "1.0.0", 0, "r", PR_REWRITE_OK, "[]", NULL);

    CHECK_GEMV("[{\"number\":1}]", NULL, 0, "r", PR_REWRITE_INVALID, NULL,
               NULL);
    CHECK_GEMV("[\"1.0.0\"]", NULL, 0, "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_GEMV("[{\"number\":\"1.0.0\",\"number\":\"6.6.6\"}]", NULL, 0,
               "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_GEMV("{\"number\":\"1.0.0\"}", NULL, 0, "r", PR_REWRITE_INVALID,
               NULL, NULL);
    CHECK_GEMV("[{\"number\":\"1.0.0\"}", NULL, 0, "r",
               PR_REWRITE_INVALID, NULL, NULL);
    CHECK_GEMV("[{\"number\":\"1.0.0\"}]", NULL, 0, NULL,
               PR_REWRITE_INVALID, NULL, NULL);
}


#define CHECK_DTAGS(in, drop, name, rc, want, told)                           \
    tf_check(__LINE__, pr_filter_npm_dist_tags, in, drop, 0, name, rc, want, \
             told)


static void
tf_test_dist_tags(void)
{
    /* a tag naming a version not kept goes, "latest" too */
    CHECK_DTAGS("{\"latest\":\"5.0.0\",\"lts\":\"4.17.21\","
                "\"next\":\"5.0.0\"}", "5.0.0", "lodash", PR_REWRITE_OK,
                "{\"lts\":\"4.17.21\"}",
                "lodash@5.0.0=-1 lodash@4.17.21=-1 lodash@5.0.0=-1");

    CHECK_DTAGS(" { \"latest\" : \"1.0.0\" , \"beta\":\"2.0.0-b\" }\n",
                "2.0.0-b", "x", PR_REWRITE_OK,
                " {\"latest\" : \"1.0.0\"}\n", NULL);
    CHECK_DTAGS("{\"latest\":\"1.0.0\"}", NULL, "x", PR_REWRITE_OK,
                "{\"latest\":\"1.0.0\"}", "x@1.0.0=-1");
    CHECK_DTAGS("{\"latest\":\"1.0.0\"}", "1.0.0", "x", PR_REWRITE_OK,
                "{}", NULL);
    CHECK_DTAGS("{}", "1.0.0", "x", PR_REWRITE_OK, "{}", "");

    /* what a client could read otherwise: refused */
    CHECK_DTAGS("{\"latest\":\"1.0.\\u0030\"}", NULL, "x",
                PR_REWRITE_INVALID, NULL, NULL);
    CHECK_DTAGS("{\"l\\u0061test\":\"1.0.0\"}", NULL, "x",
                PR_REWRITE_INVALID, NULL, NULL);
    CHECK_DTAGS("{\"latest\":1}", NULL, "x", PR_REWRITE_INVALID, NULL,
                NULL);
    CHECK_DTAGS("{\"latest\":\"1.0.0\"", NULL, "x", PR_REWRITE_INVALID,
                NULL, NULL);
    CHECK_DTAGS("[\"1.0.0\"]", NULL, "x", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_DTAGS("{\"latest\":\"1.0.0\"} {}", NULL, "x",
                PR_REWRITE_INVALID, NULL, NULL);
    CHECK_DTAGS("", NULL, "x", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_DTAGS("{\"latest\":\"1.0.0\"}", NULL, NULL, PR_REWRITE_INVALID,
                NULL, NULL);
}


#define CHECK_HFREFS(in, drop, name, rc, want, told)                          \
    tf_check(__LINE__, pr_filter_hf_refs, in, drop, 0, name, rc, want, told)

#define HF_B(n)  "{\"name\":\"" n "\",\"ref\":\"refs/heads/" n "\","        \
                 "\"targetCommit\":\"aa\"}"
#define HF_T(n)  "{\"name\":\"" n "\",\"ref\":\"refs/tags/" n "\","         \
                 "\"targetCommit\":\"bb\"}"


/* /api/<type>s/<repo_id>/refs: each ref a client could ask for */
static void
tf_test_hf_refs(void)
{
    /* nothing goes: the input itself; branches and tags by name,
     * converts and pull requests by the revision a client asks */
    CHECK_HFREFS("{\"branches\":[" HF_B("main") "," HF_B("dev") "],"
                 "\"converts\":[{\"name\":\"parquet\",\"ref\":"
                 "\"refs/convert/parquet\",\"targetCommit\":\"cc\"}],"
                 "\"tags\":[" HF_T("v1.0") "],\"pullRequests\":[{\"name\":"
                 "\"refs/pr/1\",\"ref\":\"refs/pr/1\",\"targetCommit\":"
                 "\"dd\"}]}", NULL, "org/model", PR_REWRITE_OK,
                 "{\"branches\":[" HF_B("main") "," HF_B("dev") "],"
                 "\"converts\":[{\"name\":\"parquet\",\"ref\":"
                 "\"refs/convert/parquet\",\"targetCommit\":\"cc\"}],"
                 "\"tags\":[" HF_T("v1.0") "],\"pullRequests\":[{\"name\":"
                 "\"refs/pr/1\",\"ref\":\"refs/pr/1\",\"targetCommit\":"
                 "\"dd\"}]}",
                 "org/model@main=-1 org/model@dev=-1 "
                 "org/model@refs/convert/parquet=-1 org/model@v1.0=-1 "
                 "org/model@refs/pr/1=-1");

    /* what is not kept leaves its list, in every list */
    CHECK_HFREFS("{\"branches\":[" HF_B("main") "," HF_B("dev") "],"
                 "\"converts\":[],\"tags\":[" HF_T("v1.0") ","
                 HF_T("v2.0") "],\"pullRequests\":[{\"name\":\"pr/2\","
                 "\"ref\":\"refs/pr/2\",\"targetCommit\":\"dd\"}]}",
                 "dev v2.0 refs/pr/2", "org/model", PR_REWRITE_OK,
                 "{\"branches\":[" HF_B("main") "],\"converts\":[],"
                 "\"tags\":[" HF_T("v1.0") "],\"pullRequests\":[]}", NULL);

    /* white space, members in any order, other members stay */
    CHECK_HFREFS(" { \"tags\" : [ " HF_T("a") " , " HF_T("b") " ] ,"
                 " \"x\" : [1] , \"branches\" : [ " HF_B("main") " ] }\n",
                 "a main", "r", PR_REWRITE_OK,
                 " { \"tags\" : [" HF_T("b") "] , \"x\" : [1] ,"
                 " \"branches\" : [] }\n", NULL);
    CHECK_HFREFS("{\"branches\":[" HF_B("main") "],\"converts\":[],"
                 "\"tags\":[]}", "main", "r", PR_REWRITE_OK,
                 "{\"branches\":[],\"converts\":[],\"tags\":[]}", NULL);
    CHECK_HFREFS("{}", "main", "r", PR_REWRITE_OK, "{}", "");

    /* fail closed: what a client could read otherwise */
    CHECK_HFREFS("{\"branches\":[{\"name\":1,\"ref\":\"refs/heads/x\"}]}",
                 NULL, "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"branches\":[{\"ref\":\"refs/heads/x\"}]}", NULL, "r",
                 PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"branches\":[{\"name\":\"m\\u0061in\"}]}", NULL, "r",
                 PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"branches\":[{\"name\":\"a\",\"name\":\"main\"}]}",
                 "main", "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"branches\":[{\"n\\u0061me\":\"main\",\"name\":\"a\"}]}",
                 "main", "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"pullRequests\":[{\"name\":\"refs/pr/1\"}]}", NULL, "r",
                 PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"converts\":[{\"name\":\"parquet\",\"ref\":null}]}",
                 NULL, "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"tags\":[" HF_T("a") "],\"tags\":[" HF_T("b") "]}", "a",
                 "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"t\\u0061gs\":[" HF_T("a") "],\"tags\":[]}", "a", "r",
                 PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"tags\":{\"name\":\"a\"}}", NULL, "r",
                 PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"tags\":null}", NULL, "r", PR_REWRITE_INVALID, NULL,
                 NULL);
    CHECK_HFREFS("{\"tags\":[\"a\"]}", NULL, "r", PR_REWRITE_INVALID, NULL,
                 NULL);
    CHECK_HFREFS("{\"tags\":[" HF_T("a") ",]}", NULL, "r",
                 PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"tags\":[]} {}", NULL, "r", PR_REWRITE_INVALID, NULL,
                 NULL);
    CHECK_HFREFS("[]", NULL, "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("", NULL, "r", PR_REWRITE_INVALID, NULL, NULL);
    CHECK_HFREFS("{\"tags\":[]}", NULL, NULL, PR_REWRITE_INVALID, NULL,
                 NULL);
}


/* which filter a classified request takes */
static void
tf_kind(int line, pr_eco_t eco, const char *path, const char *query,
    pr_filter_kind_t want)
{
    char              buf[4096];
    pr_req_t          req;
    pr_filter_kind_t  kind;

    memset(&req, 0, sizeof(pr_req_t));
    req.buf = buf;
    req.size = sizeof(buf);

    if (pr_classify(eco, PR_METHOD_GET, path, strlen(path), query,
                    query ? strlen(query) : 0, 0, &req) != 0)
    {
        PR_CHECK(0, "line %d: %s: pr_classify() failed", line, path);
        return;
    }

    kind = pr_filter_kind(&req);

    PR_CHECK(kind == want, "line %d: %s: kind %d (%s), want %d", line, path,
             (int) kind, pr_filter_name(kind), (int) want);
}

#define CHECK_KIND(eco, path, query, want)                                    \
    tf_kind(__LINE__, eco, path, query, want)


static void
tf_test_kind(void)
{
    CHECK_KIND(PR_ECO_CARGO, "/1/a", NULL, PR_FILTER_CARGO);
    CHECK_KIND(PR_ECO_CARGO, "/2/cc", NULL, PR_FILTER_CARGO);
    CHECK_KIND(PR_ECO_CARGO, "/3/s/syn", NULL, PR_FILTER_CARGO);
    CHECK_KIND(PR_ECO_CARGO, "/se/rd/serde", NULL, PR_FILTER_CARGO);
    CHECK_KIND(PR_ECO_CARGO, "/config.json", NULL, PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_CARGO, "/api/v1/crates/serde", NULL, PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_CARGO, "/api/v1/crates/serde/1.0.0/download", NULL,
               PR_FILTER_NONE);

    CHECK_KIND(PR_ECO_RUBYGEMS, "/info/rails", NULL, PR_FILTER_GEM_INFO);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/versions/rails.json", NULL,
               PR_FILTER_GEM_VERSIONS);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/versions/rails", NULL,
               PR_FILTER_GEM_VERSIONS);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/versions/rails.yaml", NULL,
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/versions/rails/latest.json", NULL,
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/versions/rails/latest", NULL,
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/dependencies", "gems=rails,rack",
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/dependencies.json", "gems=rails",
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/api/v1/dependencies", NULL,
               PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/versions", NULL, PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_RUBYGEMS, "/gems/rails-7.1.0.gem", NULL,
               PR_FILTER_NONE);

    CHECK_KIND(PR_ECO_DOCKER, "/v2/library/alpine/tags/list", NULL,
               PR_FILTER_DOCKER_TAGS);
    CHECK_KIND(PR_ECO_DOCKER, "/v2/myorg/app/tags/list", "n=50&last=v1",
               PR_FILTER_DOCKER_TAGS);
    CHECK_KIND(PR_ECO_DOCKER, "/v2/library/alpine/manifests/3.19", NULL,
               PR_FILTER_NONE);

    CHECK_KIND(PR_ECO_NPM, "/-/package/lodash/dist-tags", NULL,
               PR_FILTER_NPM_DIST_TAGS);
    CHECK_KIND(PR_ECO_NPM, "/-/package/@types%2fnode/dist-tags", NULL,
               PR_FILTER_NPM_DIST_TAGS);
    CHECK_KIND(PR_ECO_NPM, "/-/package/lodash/dist-tags/latest", NULL,
               PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_NPM, "/lodash", NULL, PR_FILTER_NONE);

    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/models/org/model/refs", NULL,
               PR_FILTER_HF_REFS);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/datasets/org/data/refs",
               "include_prs=1", PR_FILTER_HF_REFS);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/models/org/refs/refs", NULL,
               PR_FILTER_HF_REFS);
    /* a legacy id's refs, or the repository "gpt2/refs": refused */
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/models/gpt2/refs", NULL,
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/datasets/squad/refs", NULL,
               PR_FILTER_CLOSED);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/spaces/org/refs", NULL,
               PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/spaces/org/app/refs", NULL,
               PR_FILTER_HF_REFS);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/kernels/org/k/refs", NULL,
               PR_FILTER_HF_REFS);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/models/org/model/commits/main",
               NULL, PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/models/org/model/revision/main",
               NULL, PR_FILTER_NONE);
    CHECK_KIND(PR_ECO_HUGGINGFACE, "/api/models/org/model", NULL,
               PR_FILTER_NONE);
}


/* nesting: PR_REWRITE_MAX_DEPTH levels below a line's object, not more */
static void
tf_test_depth(void)
{
    int     i, d;
    char    buf[512];
    size_t  n;

    for (d = PR_REWRITE_MAX_DEPTH - 1; d <= PR_REWRITE_MAX_DEPTH; d++) {
        n = (size_t) snprintf(buf, sizeof(buf),
                              "{\"name\":\"foo\",\"vers\":\"1.0.0\",\"x\":");

        for (i = 0; i < d; i++) {
            buf[n++] = '[';
        }

        for (i = 0; i < d; i++) {
            buf[n++] = ']';
        }

        buf[n++] = '}';
        buf[n] = '\0';

        tf_check(__LINE__, pr_filter_cargo, buf, NULL, 0, NULL,
                 d < PR_REWRITE_MAX_DEPTH ? PR_REWRITE_OK
                                          : PR_REWRITE_INVALID,
                 NULL, NULL);
    }
}


int
main(void)
{
    tf_test_cargo();
    tf_test_docker();
    tf_test_rubygems();
    tf_test_dist_tags();
    tf_test_hf_refs();
    tf_test_kind();
    tf_test_depth();

    PR_TEST_DONE("filter");
}
