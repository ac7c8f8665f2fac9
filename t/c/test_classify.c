/*
 * ngx_pkg_reroute: table tests for the classifier (pr_classify.c and the
 * pr_eco_*.c classifiers).
 *
 *   cc -std=gnu99 -O1 -g -Wall -Wextra -Werror \
 *       -fsanitize=address,undefined -I ngx_pkg_reroute_module -I t/c \
 *       t/c/test_classify.c ngx_pkg_reroute_module/pr_*.c
 *
 * Every row is a request as a client sends it (raw, percent-encoded path
 * and query) and what the classifier must find: class, kind, canonical
 * name(s), version, file, the canonical path that is forwarded and, where
 * it is rewritten, the canonical query. The expectations come from the
 * registries' and the clients' documented URL shapes, not from the code.
 *
 * Property checks, after the table:
 *   - idempotence: what is forwarded (req.path + req.query) re-classifies
 *     to the same class, names and canonical path;
 *   - robustness: every prefix of every row's path and query, raw and
 *     "already decoded", classifies without a fault and with consistent
 *     output (run under ASan: the scratch is exactly pr_scratch_size());
 *   - limits: path length, segment count, name count, scratch size.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pr_classify.h"
#include "pr_uri.h"          /* PR_MAX_SEGS */
#include "pr_test.h"


/* ------------------------------------------------------------------ */
/* the row                                                             */

#define K_ANY  (-1)     /* kind not checked (invalid rows) */


typedef struct {
    int           line;
    pr_eco_t      eco;
    pr_method_t   method;
    const char   *path;      /* raw, as sent */
    const char   *query;     /* raw, no '?'; NULL: none */
    pr_class_t    cls;
    int           kind;      /* pr_kind_t or K_ANY */
    const char   *name;      /* first canonical name; NULL: none */
    const char   *names;     /* every name, "a,b"; NULL: just name */
    const char   *version;   /* NULL: none */
    const char   *file;      /* NULL: none */
    const char   *cpath;     /* canonical path; NULL: not checked */
    const char   *cquery;    /* canonical query; NULL: the raw query */
} ct_row_t;


#define NPM     PR_ECO_NPM
#define PYPI    PR_ECO_PYPI
#define DOCKER  PR_ECO_DOCKER
#define HF      PR_ECO_HUGGINGFACE
#define GEMS    PR_ECO_RUBYGEMS
#define CARGO   PR_ECO_CARGO
#define GH      PR_ECO_GITHUB
#define GEN     PR_ECO_GENERIC

#define G       PR_METHOD_GET
#define H       PR_METHOD_HEAD
#define PO      PR_METHOD_POST
#define PU      PR_METHOD_PUT
#define DE      PR_METHOD_DELETE
#define PA      PR_METHOD_PATCH

#define META    PR_KIND_METADATA
#define ART     PR_KIND_ARTIFACT
#define API     PR_KIND_API
#define WR      PR_KIND_WRITE
#define OTH     PR_KIND_OTHER


/* a package request: one name */
#define PKG(e, m, p, q, k, n, v, f, cp)                                     \
    { __LINE__, e, m, p, q, PR_CLASS_PACKAGE, k, n, NULL, v, f, cp, NULL }

/* several names (RubyGems dependencies), canonical query */
#define MULTI(e, m, p, q, k, first, all, cp, cq)                            \
    { __LINE__, e, m, p, q, PR_CLASS_PACKAGE, k, first, all, NULL, NULL,    \
      cp, cq }

/* names no package */
#define NON(e, m, p, q, k, cp)                                              \
    { __LINE__, e, m, p, q, PR_CLASS_NONAME, k, NULL, NULL, NULL, NULL,     \
      cp, NULL }

/* names no package, forwards the canonical query cq */
#define NONQ(e, m, p, q, k, cp, cq)                                         \
    { __LINE__, e, m, p, q, PR_CLASS_NONAME, k, NULL, NULL, NULL, NULL,     \
      cp, cq }

/* RubyGems' root */
#define ROOT(e, m, p, q, k, cp)                                             \
    { __LINE__, e, m, p, q, PR_CLASS_ROOT, k, NULL, NULL, NULL, NULL,       \
      cp, NULL }

/* a shape or method no catalogue row holds: denied; n, a name it names */
#define UNK(e, m, p, q, n)                                                  \
    { __LINE__, e, m, p, q, PR_CLASS_UNKNOWN, K_ANY, n, NULL, NULL, NULL,   \
      NULL, NULL }

/* looks like a package request, cannot be parsed: denied */
#define BAD(e, m, p, q)                                                     \
    { __LINE__, e, m, p, q, PR_CLASS_INVALID, K_ANY, NULL, NULL, NULL,      \
      NULL, NULL, NULL }


/* long strings */
#define A10    "aaaaaaaaaa"
#define A50    A10 A10 A10 A10 A10
#define A100   A50 A50
#define A200   A100 A100
#define A500   A200 A200 A100

/* a sha256 digest, a git commit, a PyPI files-host hash directory */
#define SHA    "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"
#define SHAUP  "A3ED95CAEB02FFE68CDD9FD84406680AE93D633CB16422D00E8A7C22955B46D4"
#define SHA1   "3f786850e387550fdab836ed7e6dc881de23001b"
#define H60    "0e2d847013cb52cd35b38c009bb167a1a26b2ce6cd6965bf26b47bc0bf44"
#define PYH    "/packages/70/8e/" H60 "/"

/* Docker: the longest names (255) and the tag (128) */
#define D251   A200 A50 "a"
#define D247   A200 A10 A10 A10 A10 "aaaaaaa"
#define T128   A100 A10 A10 "aaaaaaaa"


static const ct_row_t  ct_rows[] = {

    /* ---- found by the bypass suite (t/100-bypass.t) ---- */

    /* a raw '?' or '#' ends the path, as it ends nginx's $uri: what
     * follows a '#' (with or without a query before it) is not a part
     * of the path that could climb back to another package */
    PKG(NPM, G, "/evil-pkg#/../left-pad", NULL, META, "evil-pkg", NULL, NULL,
        "/evil-pkg"),
    PKG(NPM, G, "/left-pad?x#/../evil-pkg", "x", META, "left-pad", NULL,
        NULL, "/left-pad"),
    PKG(NPM, G, "/evil-pkg#", NULL, META, "evil-pkg", NULL, NULL,
        "/evil-pkg"),
    PKG(NPM, G, "/evil-pkg%23/../left-pad", NULL, META, "left-pad", NULL,
        NULL, "/left-pad"),
    PKG(PYPI, G, "/simple/foo-bar/#frag", NULL, META, "foo-bar", NULL, NULL,
        "/simple/foo-bar/"),
    PKG(HF, G, "/good/model/resolve/main/x#/../../../../evil/model/resolve/"
        "main/y", NULL, ART, "good/model", "main", "x",
        "/good/model/resolve/main/x"),
    PKG(GH, G, "/good/repo/archive/v1.zip#/../../../../evil/repo/archive/"
        "v1.zip", NULL, ART, "good/repo", "v1", "v1.zip",
        "/good/repo/archive/v1.zip"),
    NON(GEN, G, "/#/../x", NULL, OTH, "/"),

    /* ';' is forwarded encoded: a servlet container (the repository
     * manager a redirect goes to) cuts ";..." off a segment, and "..;"
     * would climb from the package checked to another one */
    PKG(HF, G, "/good/model/resolve/main/..;/..;/..;/..;/evil/model/"
        "resolve/main/x", NULL, ART, "good/model", "main",
        "..;/..;/..;/..;/evil/model/resolve/main/x",
        "/good/model/resolve/main/..%3B/..%3B/..%3B/..%3B/evil/model/"
        "resolve/main/x"),
    PKG(GH, G, "/good/repo/releases/download/v1/%2e%2e%3b/x.zip", NULL, ART,
        "good/repo", "v1/..;", "x.zip",
        "/good/repo/releases/download/v1/..%3B/x.zip"),
    PKG(HF, G, "/api/models/good/model/tree/main/..;jsessionid=1/x", NULL,
        META, "good/model", "main", NULL,
        "/api/models/good/model/tree/main/..%3Bjsessionid=1/x"),
    PKG(GEN, G, "/a;b/..;/c", NULL, ART, "a;b/..;/c", NULL, "c",
        "/a%3Bb/..%3B/c"),

    /* a backslash, raw or encoded, is a separator to Windows servers
     * (IIS) and to WHATWG URL parsers: "..\" would climb there */
    BAD(HF, G, "/good/model/resolve/main/..%5C..%5C..%5C..%5Cevil%5Cmodel"
        "%5Cresolve%5Cmain%5Cx", NULL),
    BAD(GH, G, "/good/repo/releases/download/v1/..\\..\\x.zip", NULL),
    BAD(GEN, G, "/a/%5c/b", NULL),

    /* ---- shapes fixed after the integration suites (t/01x) ---- */

    /* PyPI: legacy versions with '-': the name ends where a PEP 440
     * version starts */
    PKG(PYPI, G, "/packages/ab/cd/ef01/foo_bar-1.0-rc1.tar.gz", NULL, ART,
        "foo-bar", "1.0-rc1", "foo_bar-1.0-rc1.tar.gz", NULL),
    /* ... and "Foo.Bar-2.0" version 1 is a reading too: both are checked */
    { __LINE__, PYPI, G, "/packages/ab/cd/ef01/Foo.Bar-2.0-1.zip", NULL,
      PR_CLASS_PACKAGE, ART, "foo-bar", "foo-bar,foo-bar-2-0", "2.0-1",
      "Foo.Bar-2.0-1.zip", NULL, NULL },
    PKG(PYPI, G, "/packages/ab/cd/ef01/python-3parclient-4.2.12.tar.gz",
        NULL, ART, "python-3parclient", "4.2.12",
        "python-3parclient-4.2.12.tar.gz", NULL),
    PKG(PYPI, G, "/packages/ab/cd/ef01/flake8-2020-1.6.0.tar.gz", NULL, ART,
        "flake8-2020", "1.6.0", "flake8-2020-1.6.0.tar.gz", NULL),
    PKG(PYPI, G, "/packages/ab/cd/ef01/pkg-1!2.0.post1.dev3+local.7.zip",
        NULL, ART, "pkg", "1!2.0.post1.dev3+local.7",
        "pkg-1!2.0.post1.dev3+local.7.zip", NULL),

    /* Hugging Face: an encoded '/' before the revision hides the repo */
    BAD(HF, G, "/evil-org/bad-model%2Fresolve%2Fmain%2Fmodel.safetensors",
        NULL),
    BAD(HF, G, "/datasets/evil%2Fdata/resolve/main/x.parquet", NULL),
    BAD(HF, G, "/api/models/evil%2Fmodel", NULL),
    BAD(HF, G, "/api/models/org/model/tree/main/a%2F..%2F..%2Fx", NULL),
    PKG(HF, G, "/org/resolve/resolve/main/config.json", NULL, ART,
        "org/resolve", "main", "config.json", NULL),
    PKG(HF, G, "/api/models/someone/notebook/revision/main", NULL, META,
        "someone/notebook", "main", NULL, NULL),

    /* RubyGems: a file name is every gem it can be read as (gem "http"
     * 2, platform "next-1.0.3", is "http-2-next-1.0.3" too) */
#define GREAD(e, m, p, q, k, first, all, v, f, cp)                          \
    { __LINE__, e, m, p, q, PR_CLASS_PACKAGE, k, first, all, v, f, cp, NULL }
#define UNKS(e, m, p, q, first, all)                                        \
    { __LINE__, e, m, p, q, PR_CLASS_UNKNOWN, K_ANY, first, all, NULL,      \
      NULL, NULL, NULL }
/* unknown, with the version and file the request carried */
#define UNKV(e, m, p, q, n, v, f)                                           \
    { __LINE__, e, m, p, q, PR_CLASS_UNKNOWN, K_ANY, n, NULL, v, f, NULL,   \
      NULL }
    GREAD(GEMS, G, "/gems/http-2-next-1.0.3.gem", NULL, ART,
        "http-2-next", "http-2-next,http", "1.0.3", "http-2-next-1.0.3.gem",
        NULL),
    GREAD(GEMS, G, "/gems/sqlite3-1.4.2-x86_64-darwin-19.gem", NULL, ART,
        "sqlite3", "sqlite3,sqlite3-1.4.2-x86_64-darwin", "1.4.2",
        "sqlite3-1.4.2-x86_64-darwin-19.gem", NULL),
    GREAD(GEMS, G, "/quick/Marshal.4.8/http-2-next-1.0.3.gemspec.rz", NULL,
        META, "http-2-next", "http-2-next,http", "1.0.3",
        "http-2-next-1.0.3.gemspec.rz", NULL),
    PKG(GEMS, G, "/downloads/rails-7.1.3.gem", NULL, ART,
        "rails", "7.1.3", "rails-7.1.3.gem", NULL),
    PKG(GEMS, G, "/gems/Rails", NULL, META, "rails", NULL, NULL, NULL),
    PKG(GEMS, G, "/gems/rails/versions/7.1.3", NULL, META, "rails",
        "7.1.3", NULL, NULL),
    PKG(GEMS, G, "/api/v1/versions/rails/latest.json", NULL, META, "rails",
        NULL, NULL, NULL),
    UNK(GEMS, G, "/gems/rails-7.1.3/rails.gem", NULL, "rails-7.1.3"),

    /* GitHub web host archives */
    PKG(GH, G, "/Owner/Repo/tarball/v1.0", NULL, ART, "owner/repo", "v1.0",
        NULL, NULL),
    PKG(GH, G, "/owner/repo/zipball/refs/heads/main", NULL, ART,
        "owner/repo", "main", NULL, NULL),


    /* ============================================================== */
    /* npm                                                            */

    /* packuments */
    PKG(NPM, G, "/lodash", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, H, "/lodash", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, G, "/lodash/", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, G, "/lodash", "write=true", META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/express", NULL, META, "express", NULL, NULL, "/express"),
    PKG(NPM, G, "/react-dom", NULL, META, "react-dom", NULL, NULL,
        "/react-dom"),
    PKG(NPM, G, "/lodash.merge", NULL, META, "lodash.merge", NULL, NULL,
        "/lodash.merge"),
    PKG(NPM, G, "/socket.io", NULL, META, "socket.io", NULL, NULL,
        "/socket.io"),
    PKG(NPM, G, "/left-pad", NULL, META, "left-pad", NULL, NULL,
        "/left-pad"),
    PKG(NPM, G, "/is-number", NULL, META, "is-number", NULL, NULL,
        "/is-number"),
    PKG(NPM, G, "/7zip-bin", NULL, META, "7zip-bin", NULL, NULL,
        "/7zip-bin"),
    PKG(NPM, G, "/a", NULL, META, "a", NULL, NULL, "/a"),
    PKG(NPM, G, "/@babel%2fcore", NULL, META, "@babel/core", NULL, NULL,
        "/@babel%2fcore"),
    PKG(NPM, G, "/@babel%2Fcore", NULL, META, "@babel/core", NULL, NULL,
        "/@babel%2fcore"),
    PKG(NPM, G, "/@babel/core", NULL, META, "@babel/core", NULL, NULL,
        "/@babel%2fcore"),
    PKG(NPM, G, "/@types%2fnode", NULL, META, "@types/node", NULL, NULL,
        "/@types%2fnode"),
    PKG(NPM, G, "/@angular%2fcore", NULL, META, "@angular/core", NULL, NULL,
        "/@angular%2fcore"),
    PKG(NPM, G, "/@vue%2fcompiler-sfc", NULL, META, "@vue/compiler-sfc",
        NULL, NULL, "/@vue%2fcompiler-sfc"),
    PKG(NPM, G, "/@aws-sdk%2fclient-s3", NULL, META, "@aws-sdk/client-s3",
        NULL, NULL, "/@aws-sdk%2fclient-s3"),
    PKG(NPM, G, "/@esbuild%2flinux-x64", NULL, META, "@esbuild/linux-x64",
        NULL, NULL, "/@esbuild%2flinux-x64"),
    PKG(NPM, G, "/@babel%2fcore/", NULL, META, "@babel/core", NULL, NULL,
        "/@babel%2fcore"),
    PKG(NPM, G, "/@%73coped%2fpkg", NULL, META, "@scoped/pkg", NULL, NULL,
        "/@scoped%2fpkg"),

    /* names are case-insensitive; the path keeps the client's case */
    PKG(NPM, G, "/JSONStream", NULL, META, "jsonstream", NULL, NULL,
        "/JSONStream"),
    PKG(NPM, G, "/LoDash", NULL, META, "lodash", NULL, NULL, "/LoDash"),
    PKG(NPM, G, "/@Babel%2FCore", NULL, META, "@babel/core", NULL, NULL,
        "/@Babel%2fCore"),
    PKG(NPM, G, "/LoDash/4.17.21", NULL, META, "lodash", "4.17.21", NULL,
        "/LoDash/4.17.21"),

    /* one version's document, or a dist-tag */
    PKG(NPM, G, "/lodash/4.17.21", NULL, META, "lodash", "4.17.21", NULL,
        "/lodash/4.17.21"),
    PKG(NPM, G, "/lodash/latest", NULL, META, "lodash", "latest", NULL,
        "/lodash/latest"),
    PKG(NPM, G, "/react/next", NULL, META, "react", "next", NULL,
        "/react/next"),
    PKG(NPM, G, "/typescript/5.5.0-beta", NULL, META, "typescript",
        "5.5.0-beta", NULL, "/typescript/5.5.0-beta"),
    PKG(NPM, G, "/react/18.3.0-canary-14898b6a9-20240318", NULL, META,
        "react", "18.3.0-canary-14898b6a9-20240318", NULL,
        "/react/18.3.0-canary-14898b6a9-20240318"),
    PKG(NPM, G, "/my-lib/2.0.0+20240101", NULL, META, "my-lib",
        "2.0.0+20240101", NULL, "/my-lib/2.0.0%2B20240101"),
    PKG(NPM, G, "/my-lib/2.0.0%2B20240101", NULL, META, "my-lib",
        "2.0.0+20240101", NULL, "/my-lib/2.0.0%2B20240101"),
    PKG(NPM, G, "/@babel%2fcore/7.24.0", NULL, META, "@babel/core",
        "7.24.0", NULL, "/@babel%2fcore/7.24.0"),
    PKG(NPM, G, "/@babel/core/7.24.0", NULL, META, "@babel/core", "7.24.0",
        NULL, "/@babel%2fcore/7.24.0"),
    PKG(NPM, G, "/@babel/core/latest", NULL, META, "@babel/core", "latest",
        NULL, "/@babel%2fcore/latest"),
    PKG(NPM, G, "/@types%2fnode/20.11.30", NULL, META, "@types/node",
        "20.11.30", NULL, "/@types%2fnode/20.11.30"),
    BAD(NPM, G, "/lodash/%5E4.0.0", NULL),
    BAD(NPM, G, "/lodash/4.17.21%20", NULL),

    /* tarballs */
    PKG(NPM, G, "/lodash/-/lodash-4.17.21.tgz", NULL, ART, "lodash",
        "4.17.21", "lodash-4.17.21.tgz", "/lodash/-/lodash-4.17.21.tgz"),
    PKG(NPM, H, "/lodash/-/lodash-4.17.21.tgz", NULL, ART, "lodash",
        "4.17.21", "lodash-4.17.21.tgz", "/lodash/-/lodash-4.17.21.tgz"),
    PKG(NPM, G, "/express/-/express-4.19.2.tgz", NULL, ART, "express",
        "4.19.2", "express-4.19.2.tgz", "/express/-/express-4.19.2.tgz"),
    PKG(NPM, G, "/react-dom/-/react-dom-18.3.1.tgz", NULL, ART, "react-dom",
        "18.3.1", "react-dom-18.3.1.tgz",
        "/react-dom/-/react-dom-18.3.1.tgz"),
    PKG(NPM, G, "/lodash.merge/-/lodash.merge-4.6.2.tgz", NULL, ART,
        "lodash.merge", "4.6.2", "lodash.merge-4.6.2.tgz",
        "/lodash.merge/-/lodash.merge-4.6.2.tgz"),
    PKG(NPM, G, "/@babel/core/-/core-7.24.0.tgz", NULL, ART, "@babel/core",
        "7.24.0", "core-7.24.0.tgz", "/@babel/core/-/core-7.24.0.tgz"),
    PKG(NPM, G, "/@babel%2fcore/-/core-7.24.0.tgz", NULL, ART, "@babel/core",
        "7.24.0", "core-7.24.0.tgz", "/@babel/core/-/core-7.24.0.tgz"),
    PKG(NPM, G, "/@babel%2Fcore/-/core-7.24.0.tgz", NULL, ART, "@babel/core",
        "7.24.0", "core-7.24.0.tgz", "/@babel/core/-/core-7.24.0.tgz"),
    PKG(NPM, G, "/@types/node/-/node-20.11.30.tgz", NULL, ART,
        "@types/node", "20.11.30", "node-20.11.30.tgz",
        "/@types/node/-/node-20.11.30.tgz"),
    PKG(NPM, G, "/@esbuild/linux-x64/-/linux-x64-0.20.2.tgz", NULL, ART,
        "@esbuild/linux-x64", "0.20.2", "linux-x64-0.20.2.tgz",
        "/@esbuild/linux-x64/-/linux-x64-0.20.2.tgz"),
    PKG(NPM, G, "/@babel/core/-/@babel/core-7.24.0.tgz", NULL, ART,
        "@babel/core", "7.24.0", "core-7.24.0.tgz",
        "/@babel/core/-/core-7.24.0.tgz"),
    PKG(NPM, G, "/typescript/-/typescript-5.5.0-beta.tgz", NULL, ART,
        "typescript", "5.5.0-beta", "typescript-5.5.0-beta.tgz",
        "/typescript/-/typescript-5.5.0-beta.tgz"),
    PKG(NPM, G, "/react/-/react-18.3.0-canary-14898b6a9-20240318.tgz", NULL,
        ART, "react", "18.3.0-canary-14898b6a9-20240318",
        "react-18.3.0-canary-14898b6a9-20240318.tgz",
        "/react/-/react-18.3.0-canary-14898b6a9-20240318.tgz"),
    PKG(NPM, G, "/my-lib/-/my-lib-2.0.0+20240101.tgz", NULL, ART, "my-lib",
        "2.0.0+20240101", "my-lib-2.0.0+20240101.tgz",
        "/my-lib/-/my-lib-2.0.0%2B20240101.tgz"),
    PKG(NPM, G, "/JSONStream/-/JSONStream-1.3.5.tgz", NULL, ART,
        "jsonstream", "1.3.5", "JSONStream-1.3.5.tgz",
        "/JSONStream/-/JSONStream-1.3.5.tgz"),
    PKG(NPM, G, "/esbuild/-/esbuild-0.20.2.tgz", NULL, ART, "esbuild",
        "0.20.2", "esbuild-0.20.2.tgz", "/esbuild/-/esbuild-0.20.2.tgz"),
    PKG(NPM, G, "/lodash/-/lodash-4.17.21.tgz/", NULL, ART, "lodash",
        "4.17.21", "lodash-4.17.21.tgz", "/lodash/-/lodash-4.17.21.tgz"),

    /* a tarball that is not the package's */
    BAD(NPM, G, "/lodash/-/underscore-1.13.6.tgz", NULL),
    BAD(NPM, G, "/lodash/-/lodash-evil-1.0.0.tgz", NULL),
    BAD(NPM, G, "/lodash/-/lodash-4.17.21.tar.gz", NULL),
    BAD(NPM, G, "/lodash/-/lodash.tgz", NULL),
    BAD(NPM, G, "/lodash/-/lodash-.tgz", NULL),
    BAD(NPM, G, "/lodash/-/x/lodash-1.0.0.tgz", NULL),
    BAD(NPM, G, "/@babel/core/-/babel-core-7.0.0.tgz", NULL),
    BAD(NPM, G, "/@babel/core/-/@evil/core-1.0.0.tgz", NULL),
    BAD(NPM, G, "/@babel/core/-/@babel/evil-1.0.0.tgz", NULL),
    BAD(NPM, G, "/lodash/-/lodash-latest.tgz", NULL),
    BAD(NPM, G, "/lodash/docs/x", NULL),

    /* scope without a name, '.'/'_'-leading names, bad characters */
    BAD(NPM, G, "/@babel", NULL),
    BAD(NPM, G, "/@babel/", NULL),
    BAD(NPM, G, "/@babel%2f", NULL),
    BAD(NPM, G, "/@/core", NULL),
    BAD(NPM, G, "/@%2fcore", NULL),
    BAD(NPM, G, "/.npmrc", NULL),
    BAD(NPM, G, "/.bin/-/.bin-1.0.0.tgz", NULL),
    BAD(NPM, G, "/_all_docs", NULL),
    BAD(NPM, G, "/@babel/.core", NULL),
    BAD(NPM, G, "/@babel/_core", NULL),
    BAD(NPM, G, "/%2elodash", NULL),
    BAD(NPM, G, "/lo%20dash", NULL),
    BAD(NPM, G, "/%3Cscript%3E", NULL),
    BAD(NPM, G, "/lodash:1", NULL),
    BAD(NPM, G, "/lo%25dash", NULL),
    BAD(NPM, G, "/@babel%252fcore", NULL),
    BAD(NPM, G, "/@ba%40bel/core", NULL),
    BAD(NPM, G, "/caf%C3%A9", NULL),

    /* bad percent-encoding */
    BAD(NPM, G, "/lodash%2", NULL),
    BAD(NPM, G, "/lodash%", NULL),
    BAD(NPM, G, "/lod%zzash", NULL),
    BAD(NPM, G, "/%g0lodash", NULL),
    BAD(NPM, G, "/@babel%2gcore", NULL),

    /* the longest name is 214 */
    PKG(NPM, G, "/" A200 A10 "aaaa", NULL, META, A200 A10 "aaaa", NULL,
        NULL, "/" A200 A10 "aaaa"),
    BAD(NPM, G, "/" A200 A10 "aaaaa", NULL),
    PKG(NPM, G, "/@s%2f" A200 A10 "a", NULL, META, "@s/" A200 A10 "a", NULL,
        NULL, "/@s%2f" A200 A10 "a"),
    BAD(NPM, G, "/@s%2f" A200 A10 "aa", NULL),

    /* registry endpoints */
    NON(NPM, PO, "/-/npm/v1/security/advisories/bulk", NULL, API,
        "/-/npm/v1/security/advisories/bulk"),
    NON(NPM, PO, "/-/npm/v1/security/audits/quick", NULL, API,
        "/-/npm/v1/security/audits/quick"),
    NON(NPM, PO, "/-/npm/v1/security/audits", NULL, API,
        "/-/npm/v1/security/audits"),
    NON(NPM, G, "/-/v1/search", "text=react&size=20", API, "/-/v1/search"),
    NON(NPM, G, "/-/v1/search", "text=keywords:eslint&from=20", API,
        "/-/v1/search"),
    NON(NPM, G, "/-/ping", "write=true", API, "/-/ping"),
    NON(NPM, G, "/-/whoami", NULL, API, "/-/whoami"),
    NON(NPM, G, "/-/npm/v1/user", NULL, API, "/-/npm/v1/user"),
    NON(NPM, PU, "/-/user/org.couchdb.user:alice", NULL, WR,
        "/-/user/org.couchdb.user:alice"),
    NON(NPM, DE, "/-/npm/v1/tokens/token/abc123", NULL, WR,
        "/-/npm/v1/tokens/token/abc123"),
    NON(NPM, G, "/", NULL, API, "/"),
    PKG(NPM, G, "/-/package/lodash/dist-tags", NULL, META, "lodash", NULL,
        NULL, "/-/package/lodash/dist-tags"),
    PKG(NPM, G, "/-/package/Lodash/dist-tags", NULL, META, "lodash", NULL,
        NULL, "/-/package/Lodash/dist-tags"),
    PKG(NPM, G, "/-/package/@babel%2fcore/dist-tags", NULL, META,
        "@babel/core", NULL, NULL, "/-/package/@babel%2fcore/dist-tags"),
    PKG(NPM, G, "/-/package/@babel/core/dist-tags", NULL, META,
        "@babel/core", NULL, NULL, "/-/package/@babel%2fcore/dist-tags"),
    PKG(NPM, PU, "/-/package/lodash/dist-tags/beta", NULL, WR, "lodash",
        NULL, NULL, "/-/package/lodash/dist-tags/beta"),
    PKG(NPM, DE, "/-/package/@babel%2fcore/dist-tags/beta", NULL, WR,
        "@babel/core", NULL, NULL,
        "/-/package/@babel%2fcore/dist-tags/beta"),
    /* one tag is written or removed, never read (the npm CLI reads the
     * list; no registry's routes serve GET on a tag): unknown, so a
     * document naming a version no filter reads never passes */
    UNK(NPM, G, "/-/package/lodash/dist-tags/latest", NULL, "lodash"),
    UNK(NPM, H, "/-/package/lodash/dist-tags/latest", NULL, "lodash"),
    PKG(NPM, G, "/-/package/lodash/collaborators", NULL, API, "lodash",
        NULL, NULL, "/-/package/lodash/collaborators"),
    BAD(NPM, G, "/-/package", NULL),
    BAD(NPM, G, "/-/package/.bin/dist-tags", NULL),
    BAD(NPM, G, "/-/package/@babel", NULL),

    /* publish, unpublish, deprecate */
    PKG(NPM, PU, "/lodash", NULL, WR, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, PU, "/@babel%2fcore", NULL, WR, "@babel/core", NULL, NULL,
        "/@babel%2fcore"),
    PKG(NPM, PU, "/@myco%2fwidgets", NULL, WR, "@myco/widgets", NULL, NULL,
        "/@myco%2fwidgets"),
    UNK(NPM, PO, "/lodash", NULL, "lodash"),
    PKG(NPM, DE, "/lodash/-rev/3-0a1b2c3d", NULL, WR, "lodash", NULL, NULL,
        "/lodash/-rev/3-0a1b2c3d"),
    PKG(NPM, PU, "/lodash/-rev/3-0a1b2c3d", NULL, WR, "lodash", NULL, NULL,
        "/lodash/-rev/3-0a1b2c3d"),
    PKG(NPM, PU, "/@myco%2fwidgets/-rev/4-9f8e", NULL, WR, "@myco/widgets",
        NULL, NULL, "/@myco%2fwidgets/-rev/4-9f8e"),
    PKG(NPM, DE, "/lodash/-/lodash-1.0.0.tgz/-rev/5-0a1b2c3d", NULL, WR,
        "lodash", NULL, NULL, "/lodash/-/lodash-1.0.0.tgz/-rev/5-0a1b2c3d"),
    UNK(NPM, PA, "/lodash", NULL, "lodash"),

    /* dot segments, slashes, encoded letters */
    PKG(NPM, G, "/a/../lodash", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/a/%2e%2e/lodash", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/a/%2E%2E/lodash", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/a/.%2e/lodash", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/./lodash", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, G, "/%2e/lodash", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, G, "//lodash", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, G, "/lodash//4.17.21", NULL, META, "lodash", "4.17.21", NULL,
        "/lodash/4.17.21"),
    PKG(NPM, G, "///lodash///-///lodash-4.17.21.tgz", NULL, ART, "lodash",
        "4.17.21", "lodash-4.17.21.tgz", "/lodash/-/lodash-4.17.21.tgz"),
    PKG(NPM, G, "/%6codash", NULL, META, "lodash", NULL, NULL, "/lodash"),
    PKG(NPM, G, "/%6C%6F%64%61%73%68", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/lodash/../express", NULL, META, "express", NULL, NULL,
        "/express"),
    PKG(NPM, G, "/lodash/4.17.21/..", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/evil/-/../../lodash", NULL, META, "lodash", NULL, NULL,
        "/lodash"),
    PKG(NPM, G, "/lodash%2f-%2flodash-4.17.21.tgz", NULL, ART, "lodash",
        "4.17.21", "lodash-4.17.21.tgz", "/lodash/-/lodash-4.17.21.tgz"),
    BAD(NPM, G, "/..", NULL),
    BAD(NPM, G, "/../lodash", NULL),
    BAD(NPM, G, "/%2e%2e/lodash", NULL),
    BAD(NPM, G, "/lodash/../../lodash", NULL),
    BAD(NPM, G, "/lodash%00", NULL),
    BAD(NPM, G, "/lodash%00/-/lodash-1.0.0.tgz", NULL),
    BAD(NPM, G, "/lodash%ff", NULL),
    BAD(NPM, G, "/lodash%c0%ae", NULL),
    BAD(NPM, G, "/lodash%ed%a0%80", NULL),
    BAD(NPM, G, "/lo%0adash", NULL),
    BAD(NPM, G, "/lodash%7f", NULL),
    BAD(NPM, G, "/lodash\t", NULL),
    BAD(NPM, G, "lodash", NULL),
    BAD(NPM, G, "", NULL),

    /* ============================================================== */
    /* PyPI                                                           */

    /* the simple index */
    NON(PYPI, G, "/simple/", NULL, META, "/simple/"),
    NON(PYPI, G, "/simple", NULL, META, "/simple/"),
    NON(PYPI, H, "/simple/", NULL, META, "/simple/"),
    PKG(PYPI, G, "/simple/requests/", NULL, META, "requests", NULL, NULL,
        "/simple/requests/"),
    PKG(PYPI, H, "/simple/requests/", NULL, META, "requests", NULL, NULL,
        "/simple/requests/"),
    PKG(PYPI, G, "/simple/requests", NULL, META, "requests", NULL, NULL,
        "/simple/requests/"),
    PKG(PYPI, G, "/simple/Django/", NULL, META, "django", NULL, NULL,
        "/simple/django/"),
    PKG(PYPI, G, "/simple/Foo.Bar_baz/", NULL, META, "foo-bar-baz", NULL,
        NULL, "/simple/foo-bar-baz/"),
    PKG(PYPI, G, "/simple/foo__bar/", NULL, META, "foo-bar", NULL, NULL,
        "/simple/foo-bar/"),
    PKG(PYPI, G, "/simple/FOO-bar/", NULL, META, "foo-bar", NULL, NULL,
        "/simple/foo-bar/"),
    PKG(PYPI, G, "/simple/foo-_-.bar/", NULL, META, "foo-bar", NULL, NULL,
        "/simple/foo-bar/"),
    PKG(PYPI, G, "/simple/zope.interface/", NULL, META, "zope-interface",
        NULL, NULL, "/simple/zope-interface/"),
    PKG(PYPI, G, "/simple/typing_extensions/", NULL, META,
        "typing-extensions", NULL, NULL, "/simple/typing-extensions/"),
    PKG(PYPI, G, "/simple/typing-extensions/", NULL, META,
        "typing-extensions", NULL, NULL, "/simple/typing-extensions/"),
    PKG(PYPI, G, "/simple/PyYAML/", NULL, META, "pyyaml", NULL, NULL,
        "/simple/pyyaml/"),
    PKG(PYPI, G, "/simple/ruamel.yaml/", NULL, META, "ruamel-yaml", NULL,
        NULL, "/simple/ruamel-yaml/"),
    PKG(PYPI, G, "/simple/backports.zoneinfo", NULL, META,
        "backports-zoneinfo", NULL, NULL, "/simple/backports-zoneinfo/"),
    PKG(PYPI, G, "/simple/Foo%2EBar/", NULL, META, "foo-bar", NULL, NULL,
        "/simple/foo-bar/"),
    PKG(PYPI, G, "/simple/a/", NULL, META, "a", NULL, NULL, "/simple/a/"),
    PKG(PYPI, G, "/simple/flake8-2020/", NULL, META, "flake8-2020", NULL,
        NULL, "/simple/flake8-2020/"),
    PKG(PYPI, G, "/simple//numpy//", NULL, META, "numpy", NULL, NULL,
        "/simple/numpy/"),
    PKG(PYPI, G, "/simple/x/../numpy/", NULL, META, "numpy", NULL, NULL,
        "/simple/numpy/"),
    PKG(PYPI, G, "/simple/%6eumpy/", NULL, META, "numpy", NULL, NULL,
        "/simple/numpy/"),
    BAD(PYPI, G, "/simple/-foo/", NULL),
    BAD(PYPI, G, "/simple/foo-/", NULL),
    BAD(PYPI, G, "/simple/.foo/", NULL),
    BAD(PYPI, G, "/simple/_foo/", NULL),
    BAD(PYPI, G, "/simple/foo%20bar/", NULL),
    BAD(PYPI, G, "/simple/f%C3%BCr/", NULL),
    BAD(PYPI, G, "/simple/requests/extra/", NULL),
    BAD(PYPI, G, "/simple/requests/index.html", NULL),
    BAD(PYPI, G, "/simple/foo%2/", NULL),
    BAD(PYPI, G, "/simple/foo%00/", NULL),
    BAD(PYPI, G, "/simple/" A500 "aaaaaaaaaaaaa/", NULL),

    /* the JSON API */
    PKG(PYPI, G, "/pypi/requests/json", NULL, META, "requests", NULL, NULL,
        "/pypi/requests/json"),
    PKG(PYPI, G, "/pypi/Requests/json", NULL, META, "requests", NULL, NULL,
        "/pypi/requests/json"),
    PKG(PYPI, G, "/pypi/requests/json/", NULL, META, "requests", NULL, NULL,
        "/pypi/requests/json"),
    PKG(PYPI, G, "/pypi/requests/2.31.0/json", NULL, META, "requests",
        "2.31.0", NULL, "/pypi/requests/2.31.0/json"),
    PKG(PYPI, G, "/pypi/Django/4.2.11/json", NULL, META, "django", "4.2.11",
        NULL, "/pypi/django/4.2.11/json"),
    PKG(PYPI, G, "/pypi/zope.interface/json", NULL, META, "zope-interface",
        NULL, NULL, "/pypi/zope-interface/json"),
    PKG(PYPI, G, "/pypi/torch/2.1.0+cu118/json", NULL, META, "torch",
        "2.1.0+cu118", NULL, "/pypi/torch/2.1.0%2Bcu118/json"),
    BAD(PYPI, G, "/pypi/-x/json", NULL),
    BAD(PYPI, G, "/pypi/requests/2.31.0/extra/json", NULL),
    BAD(PYPI, G, "/pypi/requests/2.31%3B0/json", NULL),
    NON(PYPI, PO, "/legacy/", NULL, WR, "/legacy/"),
    NON(PYPI, PO, "/legacy", NULL, WR, "/legacy"),

    /* what no catalogue row holds: the web pages, feeds, XML-RPC and the
     * legacy actions; where the path names a project, the rule sees it */
    UNK(PYPI, G, "/", NULL, NULL),
    UNK(PYPI, G, "/project/requests/", NULL, "requests"),
    UNK(PYPI, G, "/project/Foo.Bar/1.0/", NULL, "foo-bar"),
    UNK(PYPI, G, "/p/requests/", NULL, "requests"),
    UNK(PYPI, G, "/p/requests/2.31.0/", NULL, "requests"),
    UNK(PYPI, G, "/pypi/requests", NULL, "requests"),
    UNK(PYPI, G, "/pypi/Requests/", NULL, "requests"),
    UNK(PYPI, G, "/pypi/requests/2.31.0", NULL, "requests"),
    UNK(PYPI, G, "/pypi/requests/2.31.0/", NULL, "requests"),
    UNK(PYPI, G, "/pypi/requests/2.31.0/xml", NULL, "requests"),
    UNK(PYPI, G, "/pypi", ":action=display&name=requests", NULL),
    UNK(PYPI, G, "/pypi", ":action=doap&name=requests", NULL),
    UNK(PYPI, G, "/pypi/", NULL, NULL),
    UNK(PYPI, PO, "/pypi", NULL, NULL),
    UNK(PYPI, PO, "/pypi/", NULL, NULL),
    UNK(PYPI, PO, "/RPC2", NULL, NULL),
    UNK(PYPI, G, "/rss/updates.xml", NULL, NULL),
    UNK(PYPI, G, "/rss/packages.xml", NULL, NULL),
    UNK(PYPI, G, "/rss/project/requests/releases.xml", NULL, "requests"),
    UNK(PYPI, G, "/integrity/requests/2.31.0/requests-2.31.0.tar.gz", NULL,
        "requests"),
    UNK(PYPI, G, "/danger-api/projects/requests/observations", NULL, NULL),
    UNK(PYPI, G, "/search/", "q=requests", NULL),
    UNK(PYPI, G, "/stats/", NULL, NULL),
    UNK(PYPI, G, "/legacy/", NULL, NULL),
    UNK(PYPI, G, "/requests/", NULL, NULL),

    /* methods the registry does not serve there */
    UNK(PYPI, PO, "/simple/requests/", NULL, "requests"),
    UNK(PYPI, PU, "/pypi/requests/json", NULL, "requests"),
    UNK(PYPI, PO, "/simple/", NULL, NULL),
    { __LINE__, PYPI, DE, PYH "requests-2.31.0.tar.gz", NULL,
      PR_CLASS_UNKNOWN, K_ANY, "requests", NULL, "2.31.0",
      "requests-2.31.0.tar.gz", NULL, NULL },
    { __LINE__, PYPI, PA, "/packages/source/r/requests/requests-2.31.0.tar.gz",
      NULL, PR_CLASS_UNKNOWN, K_ANY, "requests", NULL, "2.31.0",
      "requests-2.31.0.tar.gz", NULL, NULL },

    /* PEP 740 provenance: the file must be the project's */
    PKG(PYPI, G, "/integrity/SampleProject/4.0.0/sampleproject-4.0.0.tar.gz/"
        "provenance", NULL, META, "sampleproject", "4.0.0",
        "sampleproject-4.0.0.tar.gz",
        "/integrity/sampleproject/4.0.0/sampleproject-4.0.0.tar.gz/"
        "provenance"),
    PKG(PYPI, H, "/integrity/foo-bar/1.0/foo_bar-1.0-py3-none-any.whl/"
        "provenance", NULL, META, "foo-bar", "1.0",
        "foo_bar-1.0-py3-none-any.whl",
        "/integrity/foo-bar/1.0/foo_bar-1.0-py3-none-any.whl/provenance"),
    PKG(PYPI, G, "/integrity/acme-2/1/acme-2-1.tar.gz/provenance", NULL, META,
        "acme-2", "1", "acme-2-1.tar.gz",
        "/integrity/acme-2/1/acme-2-1.tar.gz/provenance"),
    BAD(PYPI, G, "/integrity/requests/2.31.0/evil-1.0.tar.gz/provenance",
        NULL),
    BAD(PYPI, G, "/integrity/requests/2.31.0/evil-1.0-py3-none-any.whl/"
        "provenance", NULL),
    BAD(PYPI, G, "/integrity/-x/1.0/x-1.0.tar.gz/provenance", NULL),
    BAD(PYPI, G, "/integrity/requests/2.31.0/README/provenance", NULL),

    /* files host, by hash: wheels */
    PKG(PYPI, G, PYH "requests-2.31.0-py3-none-any.whl", NULL, ART,
        "requests", "2.31.0", "requests-2.31.0-py3-none-any.whl",
        PYH "requests-2.31.0-py3-none-any.whl"),
    PKG(PYPI, H, PYH "requests-2.31.0-py3-none-any.whl", NULL, ART,
        "requests", "2.31.0", "requests-2.31.0-py3-none-any.whl",
        PYH "requests-2.31.0-py3-none-any.whl"),
    PKG(PYPI, G, PYH "typing_extensions-4.10.0-py3-none-any.whl", NULL, ART,
        "typing-extensions", "4.10.0",
        "typing_extensions-4.10.0-py3-none-any.whl",
        PYH "typing_extensions-4.10.0-py3-none-any.whl"),
    PKG(PYPI, G, PYH "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64."
        "manylinux2014_x86_64.whl", NULL, ART, "numpy", "1.26.4",
        "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64."
        "manylinux2014_x86_64.whl",
        PYH "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64."
        "manylinux2014_x86_64.whl"),
    PKG(PYPI, G, PYH "foo_bar-1.0-1-py3-none-any.whl", NULL, ART, "foo-bar",
        "1.0", "foo_bar-1.0-1-py3-none-any.whl",
        PYH "foo_bar-1.0-1-py3-none-any.whl"),
    PKG(PYPI, G, PYH "cryptography-42.0.5-1-cp39-abi3-win_amd64.whl", NULL,
        ART, "cryptography", "42.0.5",
        "cryptography-42.0.5-1-cp39-abi3-win_amd64.whl",
        PYH "cryptography-42.0.5-1-cp39-abi3-win_amd64.whl"),
    PKG(PYPI, G, PYH "torch-2.1.0%2Bcu118-cp311-cp311-linux_x86_64.whl",
        NULL, ART, "torch", "2.1.0+cu118",
        "torch-2.1.0+cu118-cp311-cp311-linux_x86_64.whl",
        PYH "torch-2.1.0%2Bcu118-cp311-cp311-linux_x86_64.whl"),
    PKG(PYPI, G, PYH "Django-4.2.11-py3-none-any.whl", NULL, ART, "django",
        "4.2.11", "Django-4.2.11-py3-none-any.whl",
        PYH "Django-4.2.11-py3-none-any.whl"),
    PKG(PYPI, G, PYH "zope.interface-6.2-cp312-cp312-win_amd64.whl", NULL,
        ART, "zope-interface", "6.2",
        "zope.interface-6.2-cp312-cp312-win_amd64.whl",
        PYH "zope.interface-6.2-cp312-cp312-win_amd64.whl"),
    PKG(PYPI, G, PYH "python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
        NULL, ART, "python-dateutil", "2.9.0.post0",
        "python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
        PYH "python_dateutil-2.9.0.post0-py2.py3-none-any.whl"),
    PKG(PYPI, G, PYH "flake8_2020-1.8.1-py2.py3-none-any.whl", NULL, ART,
        "flake8-2020", "1.8.1", "flake8_2020-1.8.1-py2.py3-none-any.whl",
        PYH "flake8_2020-1.8.1-py2.py3-none-any.whl"),

    /* sdists, eggs, signatures */
    PKG(PYPI, G, PYH "requests-2.31.0.tar.gz", NULL, ART, "requests",
        "2.31.0", "requests-2.31.0.tar.gz", PYH "requests-2.31.0.tar.gz"),
    PKG(PYPI, G, PYH "Django-4.2.11.tar.gz", NULL, ART, "django", "4.2.11",
        "Django-4.2.11.tar.gz", PYH "Django-4.2.11.tar.gz"),
    PKG(PYPI, G, PYH "python-dateutil-2.8.2.tar.gz", NULL, ART,
        "python-dateutil", "2.8.2", "python-dateutil-2.8.2.tar.gz",
        PYH "python-dateutil-2.8.2.tar.gz"),
    PKG(PYPI, G, PYH "python_dateutil-2.9.0.post0.tar.gz", NULL, ART,
        "python-dateutil", "2.9.0.post0",
        "python_dateutil-2.9.0.post0.tar.gz",
        PYH "python_dateutil-2.9.0.post0.tar.gz"),
    PKG(PYPI, G, PYH "zope.interface-6.2.tar.gz", NULL, ART,
        "zope-interface", "6.2", "zope.interface-6.2.tar.gz",
        PYH "zope.interface-6.2.tar.gz"),
    PKG(PYPI, G, PYH "pytz-2024.1.tar.gz", NULL, ART, "pytz", "2024.1",
        "pytz-2024.1.tar.gz", PYH "pytz-2024.1.tar.gz"),
    PKG(PYPI, G, PYH "setuptools-0.9.8.zip", NULL, ART, "setuptools",
        "0.9.8", "setuptools-0.9.8.zip", PYH "setuptools-0.9.8.zip"),
    PKG(PYPI, G, PYH "lxml-2.3.tar.bz2", NULL, ART, "lxml", "2.3",
        "lxml-2.3.tar.bz2", PYH "lxml-2.3.tar.bz2"),
    PKG(PYPI, G, PYH "setuptools-0.6c11-py2.7.egg", NULL, ART, "setuptools",
        "0.6c11", "setuptools-0.6c11-py2.7.egg",
        PYH "setuptools-0.6c11-py2.7.egg"),
    PKG(PYPI, G, PYH "requests-2.31.0.tar.gz.asc", NULL, ART, "requests",
        "2.31.0", "requests-2.31.0.tar.gz.asc",
        PYH "requests-2.31.0.tar.gz.asc"),
    PKG(PYPI, G, PYH "flake8-2020-1.6.0.tar.gz", NULL, ART, "flake8-2020",
        "1.6.0", "flake8-2020-1.6.0.tar.gz", PYH "flake8-2020-1.6.0.tar.gz"),

    /* PEP 658 metadata */
    PKG(PYPI, G, PYH "requests-2.31.0-py3-none-any.whl.metadata", NULL,
        META, "requests", "2.31.0",
        "requests-2.31.0-py3-none-any.whl.metadata",
        PYH "requests-2.31.0-py3-none-any.whl.metadata"),
    PKG(PYPI, G, PYH "typing_extensions-4.10.0-py3-none-any.whl.metadata",
        NULL, META, "typing-extensions", "4.10.0",
        "typing_extensions-4.10.0-py3-none-any.whl.metadata",
        PYH "typing_extensions-4.10.0-py3-none-any.whl.metadata"),
    PKG(PYPI, G, PYH "requests-2.31.0.tar.gz.metadata", NULL, META,
        "requests", "2.31.0", "requests-2.31.0.tar.gz.metadata",
        PYH "requests-2.31.0.tar.gz.metadata"),

    /* ambiguous file names: every (name, version) reading is a name */
    { __LINE__, PYPI, G, PYH "acme-2-1.tar.gz", NULL, PR_CLASS_PACKAGE, ART,
      "acme", "acme,acme-2", "2-1", "acme-2-1.tar.gz", NULL, NULL },
    { __LINE__, PYPI, G, PYH "acme-2-1.tar.gz.metadata", NULL,
      PR_CLASS_PACKAGE, META, "acme", "acme,acme-2", "2-1",
      "acme-2-1.tar.gz.metadata", NULL, NULL },
    { __LINE__, PYPI, G, PYH "Acme-2-1.zip.asc", NULL, PR_CLASS_PACKAGE, ART,
      "acme", "acme,acme-2", "2-1", "Acme-2-1.zip.asc", NULL, NULL },
    { __LINE__, PYPI, G, PYH "acme-2-1.tar.bz2", NULL, PR_CLASS_PACKAGE, ART,
      "acme", "acme,acme-2", "2-1", "acme-2-1.tar.bz2", NULL, NULL },
    { __LINE__, PYPI, G, PYH "foo-1.0-1.noarch.rpm", NULL, PR_CLASS_PACKAGE,
      ART, "foo", "foo,foo-1-0", "1.0-1", "foo-1.0-1.noarch.rpm", NULL,
      NULL },
    { __LINE__, PYPI, G, PYH "evil-pkg-beta.tar.gz", NULL, PR_CLASS_PACKAGE,
      ART, "evil", "evil,evil-pkg", "pkg-beta", "evil-pkg-beta.tar.gz", NULL,
      NULL },
    PKG(PYPI, G, PYH "x-1.0.win-amd64.msi", NULL, ART, "x", "1.0",
        "x-1.0.win-amd64.msi", NULL),
    PKG(PYPI, G, PYH "foo-1.0.win32.exe", NULL, ART, "foo", "1.0",
        "foo-1.0.win32.exe", NULL),
    PKG(PYPI, G, PYH "foo-1.0.win-amd64-py2.7.exe", NULL, ART, "foo", "1.0",
        "foo-1.0.win-amd64-py2.7.exe", NULL),
    PKG(PYPI, G, PYH "foo-1.0-py2.7-macosx10.5.dmg", NULL, ART, "foo", "1.0",
        "foo-1.0-py2.7-macosx10.5.dmg", NULL),
    PKG(PYPI, G, PYH "foo-1.0.linux-x86_64.tar.gz", NULL, ART, "foo", "1.0",
        "foo-1.0.linux-x86_64.tar.gz", NULL),
    PKG(PYPI, G, PYH "foo.bar-1.0-py3.11.egg", NULL, ART, "foo-bar", "1.0",
        "foo.bar-1.0-py3.11.egg", NULL),
    BAD(PYPI, G, PYH A200 A50 "a-1.0.tar.gz", NULL),

    /* files host, by name */
    PKG(PYPI, G, "/packages/source/a/acme/acme-2-1.tar.gz", NULL, ART, "acme",
        "2-1", "acme-2-1.tar.gz", "/packages/source/a/acme/acme-2-1.tar.gz"),
    PKG(PYPI, G, "/packages/source/a/acme-2/acme-2-1.tar.gz", NULL, ART,
        "acme-2", "1", "acme-2-1.tar.gz",
        "/packages/source/a/acme-2/acme-2-1.tar.gz"),
    PKG(PYPI, G, "/packages/source/r/requests/requests-2.31.0.tar.gz.asc",
        NULL, ART, "requests", "2.31.0", "requests-2.31.0.tar.gz.asc", NULL),
    UNK(PYPI, G, "/packages/source/r/requests/requests-2.31.0.tar.gz.metadata",
        NULL, "requests"),
    PKG(PYPI, G, "/packages/source/r/requests/requests-2.31.0.tar.gz", NULL,
        ART, "requests", "2.31.0", "requests-2.31.0.tar.gz",
        "/packages/source/r/requests/requests-2.31.0.tar.gz"),
    PKG(PYPI, G, "/packages/source/D/Django/Django-4.2.11.tar.gz", NULL,
        ART, "django", "4.2.11", "Django-4.2.11.tar.gz",
        "/packages/source/D/Django/Django-4.2.11.tar.gz"),
    PKG(PYPI, G, "/packages/source/p/python-dateutil/"
        "python-dateutil-2.8.2.tar.gz", NULL, ART, "python-dateutil",
        "2.8.2", "python-dateutil-2.8.2.tar.gz",
        "/packages/source/p/python-dateutil/python-dateutil-2.8.2.tar.gz"),
    PKG(PYPI, G, "/packages/source/z/zope.interface/"
        "zope.interface-6.2.tar.gz", NULL, ART, "zope-interface", "6.2",
        "zope.interface-6.2.tar.gz",
        "/packages/source/z/zope.interface/zope.interface-6.2.tar.gz"),
    PKG(PYPI, G, "/packages/source/t/typing-extensions/"
        "typing_extensions-4.10.0.tar.gz", NULL, ART, "typing-extensions",
        "4.10.0", "typing_extensions-4.10.0.tar.gz",
        "/packages/source/t/typing-extensions/"
        "typing_extensions-4.10.0.tar.gz"),
    PKG(PYPI, G, "/packages/py3/r/requests/requests-2.31.0-py3-none-any.whl",
        NULL, ART, "requests", "2.31.0", "requests-2.31.0-py3-none-any.whl",
        "/packages/py3/r/requests/requests-2.31.0-py3-none-any.whl"),
    PKG(PYPI, G, "/packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl",
        NULL, ART, "six", "1.16.0", "six-1.16.0-py2.py3-none-any.whl",
        "/packages/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl"),
    PKG(PYPI, G, "/packages/source/f/flake8-2020/flake8-2020-1.6.0.tar.gz",
        NULL, ART, "flake8-2020", "1.6.0", "flake8-2020-1.6.0.tar.gz",
        "/packages/source/f/flake8-2020/flake8-2020-1.6.0.tar.gz"),
    BAD(PYPI, G, "/packages/source/r/requests/urllib3-2.2.1.tar.gz", NULL),
    BAD(PYPI, G, "/packages/source/x/requests/requests-2.31.0.tar.gz", NULL),
    BAD(PYPI, G, "/packages/source/re/requests/requests-2.31.0.tar.gz",
        NULL),
    BAD(PYPI, G, "/packages/py3/r/requests/evil-1.0-py3-none-any.whl", NULL),

    /* files host, not parseable */
    BAD(PYPI, G, "/packages/70/8e/" H60, NULL),
    BAD(PYPI, G, PYH "README.txt", NULL),
    BAD(PYPI, G, PYH "requests.whl", NULL),
    BAD(PYPI, G, PYH "requests.tar.gz", NULL),
    BAD(PYPI, G, PYH "-1.0-py3-none-any.whl", NULL),
    BAD(PYPI, G, PYH "requests-2.31.0-py3-none-any.whl/extra", NULL),
    BAD(PYPI, G, "/packages/70/8g/" H60 "/requests-2.31.0.tar.gz", NULL),
    BAD(PYPI, G, "/packages/70/8e/xyz/requests-2.31.0.tar.gz", NULL),
    BAD(PYPI, G, "/packages", NULL),

    /* ============================================================== */
    /* Docker registry v2                                             */

/* an unknown method on library/nginx: its version and file are read */
#define DUNK(m, p, v, f)                                                    \
    { __LINE__, DOCKER, m, p, NULL, PR_CLASS_UNKNOWN, K_ANY,                \
      "library/nginx", NULL, v, f, NULL, NULL }

    NON(DOCKER, G, "/v2/", NULL, API, "/v2/"),
    NON(DOCKER, G, "/v2", NULL, API, "/v2/"),
    NON(DOCKER, H, "/v2/", NULL, API, "/v2/"),
    NON(DOCKER, G, "/v2/_catalog", "n=100", API, "/v2/_catalog"),
    NON(DOCKER, H, "/v2/_catalog", "n=100&last=a/b", API, "/v2/_catalog"),
    NON(DOCKER, G, "/token",
        "scope=repository:library/nginx:pull&service=registry.example",
        API, "/token"),
    NON(DOCKER, PO, "/token", NULL, API, "/token"),
    NON(DOCKER, G, "/token/", "service=public.ecr.aws&scope=aws", API,
        "/token/"),
    NON(DOCKER, G, "/v2/auth", "service=quay.io&scope=repository:a/b:pull",
        API, "/v2/auth"),
    NON(DOCKER, PO, "/v2/auth", NULL, API, "/v2/auth"),
    NON(DOCKER, G, "/v2/token", "scope=repository:p/a:pull&service=gcr.io",
        API, "/v2/token"),
    NON(DOCKER, PO, "/v2/token", NULL, API, "/v2/token"),
    NON(DOCKER, G, "/service/token", "service=harbor-registry", API,
        "/service/token"),
    NON(DOCKER, PO, "/service/token", NULL, API, "/service/token"),
    UNK(DOCKER, G, "/service/x", NULL, NULL),
    UNK(DOCKER, G, "/v2/tokens", NULL, NULL),
    NON(DOCKER, G, "/v1/_ping", NULL, API, "/v1/_ping"),
    NON(DOCKER, G, "/v1/search", "q=nginx&n=25", API, "/v1/search"),

    /* what no registry serves, or serves to no client of ours */
    UNK(DOCKER, G, "/", NULL, NULL),
    UNK(DOCKER, G, "/v1/", NULL, NULL),
    UNK(DOCKER, G, "/v1/repositories/library/nginx/tags", NULL, NULL),
    UNK(DOCKER, G, "/v1/repositories/library/nginx/images", NULL, NULL),
    UNK(DOCKER, G, "/v1/images/abc/layer", NULL, NULL),
    UNK(DOCKER, PU, "/v1/repositories/myorg/app/", NULL, NULL),
    UNK(DOCKER, G, "/v2/library/nginx/foo", NULL, NULL),
    UNK(DOCKER, G, "/v2/library/nginx/manifests/latest/extra", NULL, NULL),
    UNK(DOCKER, G, "/v2/library/nginx/blobs/uploads/a/b", NULL, NULL),
    UNK(DOCKER, G, "/v2/_catalog/x", NULL, NULL),
    UNK(DOCKER, G, "/v2/auth/x", NULL, NULL),
    UNK(DOCKER, G, "/token/x", NULL, NULL),
    UNK(DOCKER, G, "/extensions/v2/library/nginx/foo", NULL, NULL),
    UNK(DOCKER, G, "/extensions/v2/library/nginx/signatures", NULL, NULL),
    UNK(DOCKER, G, "/api/v1/repository/org/app", NULL, NULL),
    UNK(DOCKER, G, "/v2/repositories/library/nginx/tags", NULL, NULL),

    /* methods a route does not serve: the name is still checked */
    UNK(DOCKER, PO, "/v2/", NULL, NULL),
    UNK(DOCKER, DE, "/v2/_catalog", NULL, NULL),
    UNK(DOCKER, PU, "/token", NULL, NULL),
    UNK(DOCKER, DE, "/service/token", NULL, NULL),
    UNK(DOCKER, PA, "/v2/token", NULL, NULL),
    DUNK(PO, "/v2/library/nginx/manifests/latest", "latest", NULL),
    DUNK(PA, "/v2/nginx/manifests/latest", "latest", NULL),
    DUNK(PO, "/v2/nginx/manifests/sha256:" SHA, "sha256:" SHA, NULL),
    DUNK(PU, "/v2/nginx/blobs/sha256:" SHA, NULL, "sha256:" SHA),
    DUNK(PO, "/v2/nginx/blobs/sha256:" SHA, NULL, "sha256:" SHA),
    DUNK(PA, "/v2/nginx/blobs/sha256:" SHA, NULL, "sha256:" SHA),
    UNK(DOCKER, PU, "/v2/nginx/tags/list", NULL, "library/nginx"),
    UNK(DOCKER, DE, "/v2/nginx/tags/list", NULL, "library/nginx"),
    DUNK(DE, "/v2/nginx/referrers/sha256:" SHA, "sha256:" SHA, NULL),
    UNK(DOCKER, PU, "/v2/nginx/blobs/uploads/", NULL, "library/nginx"),
    UNK(DOCKER, PA, "/v2/nginx/blobs/uploads/", NULL, "library/nginx"),
    UNK(DOCKER, DE, "/v2/nginx/blobs/uploads/", NULL, "library/nginx"),
    UNK(DOCKER, H, "/v2/nginx/blobs/uploads/", NULL, "library/nginx"),
    UNK(DOCKER, PO, "/v2/nginx/blobs/uploads/u1", NULL, "library/nginx"),
    DUNK(DE, "/extensions/v2/nginx/signatures/sha256:" SHA, "sha256:" SHA,
         NULL),
    { __LINE__, DOCKER, G, "/v2/myorg/app/blobs/uploads/",
      "mount=sha256:" SHA "&from=evil/x", PR_CLASS_UNKNOWN, K_ANY,
      "myorg/app", "myorg/app,evil/x", NULL, NULL, NULL, NULL },

    /* manifests by tag */
    PKG(DOCKER, G, "/v2/library/nginx/manifests/latest", NULL, META,
        "library/nginx", "latest", NULL, "/v2/library/nginx/manifests/latest"),
    PKG(DOCKER, H, "/v2/library/nginx/manifests/latest", NULL, META,
        "library/nginx", "latest", NULL, "/v2/library/nginx/manifests/latest"),
    { __LINE__, DOCKER, G, "/v2/library/nginx/manifests/latest",
      "ns=docker.io", PR_CLASS_PACKAGE, META, "library/nginx", NULL,
      "latest", NULL, "/v2/library/nginx/manifests/latest", "" },
    PKG(DOCKER, G, "/v2/library/nginx/manifests/1.25-alpine", NULL, META,
        "library/nginx", "1.25-alpine", NULL,
        "/v2/library/nginx/manifests/1.25-alpine"),
    /* containerd's "ns=<registry>" is not forwarded: one registry here */
    { __LINE__, DOCKER, G, "/v2/nginx/manifests/latest", "ns=docker.io",
      PR_CLASS_PACKAGE, META, "library/nginx", NULL, "latest", NULL,
      "/v2/library/nginx/manifests/latest", "" },
    { __LINE__, DOCKER, G, "/v2/nginx/blobs/sha256:"
      "0000000000000000000000000000000000000000000000000000000000000000",
      "a=1&%6Es=evil.example;b=2&NS=x", PR_CLASS_PACKAGE, ART,
      "library/nginx", NULL, NULL,
      "sha256:0000000000000000000000000000000000000000000000000000000000000000",
      NULL, "a=1&b=2" },
    MULTI(DOCKER, G, "/v2/nginx/tags/list", "n=10&ns=docker.io&last=a",
          META, "library/nginx", NULL, "/v2/library/nginx/tags/list",
          "n=10&last=a"),
    PKG(DOCKER, G, "/v2/nginx/manifests/latest", NULL, META,
        "library/nginx", "latest", NULL, "/v2/library/nginx/manifests/latest"),
    PKG(DOCKER, G, "/v2/ubuntu/manifests/22.04", NULL, META,
        "library/ubuntu", "22.04", NULL, "/v2/library/ubuntu/manifests/22.04"),
    PKG(DOCKER, G, "/v2/library/python/manifests/3.12-slim_bookworm", NULL,
        META, "library/python", "3.12-slim_bookworm", NULL,
        "/v2/library/python/manifests/3.12-slim_bookworm"),
    PKG(DOCKER, G, "/v2/library/nginx/manifests/Latest", NULL, META,
        "library/nginx", "Latest", NULL,
        "/v2/library/nginx/manifests/Latest"),
    PKG(DOCKER, G, "/v2/library/nginx/manifests/_v1", NULL, META,
        "library/nginx", "_v1", NULL, "/v2/library/nginx/manifests/_v1"),
    PKG(DOCKER, G, "/v2/bitnami/postgresql/manifests/16.2.0", NULL, META,
        "bitnami/postgresql", "16.2.0", NULL,
        "/v2/bitnami/postgresql/manifests/16.2.0"),
    PKG(DOCKER, G, "/v2/grafana/grafana/manifests/10.4.1", NULL, META,
        "grafana/grafana", "10.4.1", NULL,
        "/v2/grafana/grafana/manifests/10.4.1"),
    PKG(DOCKER, G, "/v2/myorg/team/service/manifests/v2", NULL, META,
        "myorg/team/service", "v2", NULL,
        "/v2/myorg/team/service/manifests/v2"),
    PKG(DOCKER, G, "/v2/my-org/my_app/manifests/latest", NULL, META,
        "my-org/my_app", "latest", NULL,
        "/v2/my-org/my_app/manifests/latest"),
    PKG(DOCKER, G, "/v2/my.org/my__app/manifests/latest", NULL, META,
        "my.org/my__app", "latest", NULL,
        "/v2/my.org/my__app/manifests/latest"),
    PKG(DOCKER, G, "/v2/my--org/app/manifests/latest", NULL, META,
        "my--org/app", "latest", NULL, "/v2/my--org/app/manifests/latest"),
    PKG(DOCKER, G, "/v2/library/nginx/manifests/" T128, NULL, META,
        "library/nginx", T128, NULL, "/v2/library/nginx/manifests/" T128),
    PKG(DOCKER, G, "/v2/library/nginx/manifests/latest/", NULL, META,
        "library/nginx", "latest", NULL,
        "/v2/library/nginx/manifests/latest"),
    PKG(DOCKER, G, "/v2//library//nginx/manifests/latest", NULL, META,
        "library/nginx", "latest", NULL,
        "/v2/library/nginx/manifests/latest"),
    PKG(DOCKER, G, "/v2/library/../library/nginx/manifests/latest", NULL,
        META, "library/nginx", "latest", NULL,
        "/v2/library/nginx/manifests/latest"),
    PKG(DOCKER, G, "/v2/library%2Fnginx/manifests/latest", NULL, META,
        "library/nginx", "latest", NULL,
        "/v2/library/nginx/manifests/latest"),
    PKG(DOCKER, G, "/v2/%6eginx/manifests/latest", NULL, META,
        "library/nginx", "latest", NULL,
        "/v2/library/nginx/manifests/latest"),

    /* by digest, blobs */
    PKG(DOCKER, G, "/v2/library/nginx/manifests/sha256:" SHA, NULL, ART,
        "library/nginx", "sha256:" SHA, NULL,
        "/v2/library/nginx/manifests/sha256:" SHA),
    PKG(DOCKER, H, "/v2/nginx/manifests/sha256:" SHA, NULL, ART,
        "library/nginx", "sha256:" SHA, NULL,
        "/v2/library/nginx/manifests/sha256:" SHA),
    PKG(DOCKER, G, "/v2/library/nginx/manifests/sha256%3A" SHA, NULL, ART,
        "library/nginx", "sha256:" SHA, NULL,
        "/v2/library/nginx/manifests/sha256:" SHA),
    PKG(DOCKER, G, "/v2/library/nginx/manifests/sha512:" SHA SHA, NULL, ART,
        "library/nginx", "sha512:" SHA SHA, NULL,
        "/v2/library/nginx/manifests/sha512:" SHA SHA),
    PKG(DOCKER, G, "/v2/library/nginx/blobs/sha256:" SHA, NULL, ART,
        "library/nginx", NULL, "sha256:" SHA,
        "/v2/library/nginx/blobs/sha256:" SHA),
    PKG(DOCKER, G, "/v2/redis/blobs/sha256:" SHA, NULL, ART,
        "library/redis", NULL, "sha256:" SHA,
        "/v2/library/redis/blobs/sha256:" SHA),
    PKG(DOCKER, G, "/v2/a/b/c/d/e/blobs/sha256:" SHA, NULL, ART,
        "a/b/c/d/e", NULL, "sha256:" SHA, "/v2/a/b/c/d/e/blobs/sha256:" SHA),
    PKG(DOCKER, G, "/v2/myorg/app/blobs/sha256:" SHA, NULL, ART,
        "myorg/app", NULL, "sha256:" SHA, "/v2/myorg/app/blobs/sha256:" SHA),

    /* tags, referrers */
    PKG(DOCKER, G, "/v2/library/nginx/tags/list", NULL, META,
        "library/nginx", NULL, NULL, "/v2/library/nginx/tags/list"),
    PKG(DOCKER, G, "/v2/library/nginx/tags/list", "n=50&last=1.25", META,
        "library/nginx", NULL, NULL, "/v2/library/nginx/tags/list"),
    PKG(DOCKER, G, "/v2/ubuntu/tags/list", NULL, META, "library/ubuntu",
        NULL, NULL, "/v2/library/ubuntu/tags/list"),
    PKG(DOCKER, G, "/v2/myorg/team/service/tags/list", NULL, META,
        "myorg/team/service", NULL, NULL, "/v2/myorg/team/service/tags/list"),
    PKG(DOCKER, G, "/v2/library/nginx/referrers/sha256:" SHA, NULL, META,
        "library/nginx", "sha256:" SHA, NULL,
        "/v2/library/nginx/referrers/sha256:" SHA),
    PKG(DOCKER, G, "/v2/library/nginx/referrers/sha256:" SHA,
        "artifactType=application/vnd.example.sbom", META, "library/nginx",
        "sha256:" SHA, NULL, "/v2/library/nginx/referrers/sha256:" SHA),

    /* pushes */
    PKG(DOCKER, PO, "/v2/myorg/app/blobs/uploads/", NULL, WR, "myorg/app",
        NULL, NULL, "/v2/myorg/app/blobs/uploads/"),
    PKG(DOCKER, PO, "/v2/alpine/blobs/uploads/", NULL, WR, "library/alpine",
        NULL, NULL, "/v2/library/alpine/blobs/uploads/"),
    PKG(DOCKER, PO, "/v2/myorg/app/blobs/uploads", NULL, WR, "myorg/app",
        NULL, NULL, "/v2/myorg/app/blobs/uploads/"),
    UNK(DOCKER, G, "/v2/myorg/app/blobs/uploads/", NULL, "myorg/app"),

    /* a monolithic upload: only what the spec defines is forwarded */
    { __LINE__, DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
      "digest=sha256%3A" SHA, PR_CLASS_PACKAGE, WR, "myorg/app", NULL, NULL,
      NULL, "/v2/myorg/app/blobs/uploads/", "digest=sha256:" SHA },
    { __LINE__, DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
      "ns=docker.io&digest=sha256:" SHA "&x=1", PR_CLASS_PACKAGE, WR,
      "myorg/app", NULL, NULL, NULL, "/v2/myorg/app/blobs/uploads/",
      "digest=sha256:" SHA },
    { __LINE__, DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
      "digest-algorithm=sha512", PR_CLASS_PACKAGE, WR, "myorg/app", NULL,
      NULL, NULL, "/v2/myorg/app/blobs/uploads/", "digest-algorithm=sha512" },
    { __LINE__, DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
      "from=", PR_CLASS_INVALID, K_ANY, NULL, NULL, NULL, NULL, NULL, NULL },
    { __LINE__, DOCKER, PO, "/v2/myorg/app/blobs/uploads/", "ns=docker.io",
      PR_CLASS_PACKAGE, WR, "myorg/app", NULL, NULL, NULL,
      "/v2/myorg/app/blobs/uploads/", "" },
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/", "digest=latest"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/", "digest-algorithm="),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "digest=sha256:" SHA "&digest=sha256:" SHA),

    /* a cross-repository mount names both repositories */
    MULTI(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=library/nginx", WR, "myorg/app",
        "myorg/app,library/nginx", "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=library/nginx"),
    MULTI(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "from=nginx&mount=sha256:" SHA, WR, "myorg/app",
        "myorg/app,library/nginx", "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=library/nginx"),
    MULTI(DOCKER, PO, "/v2/app/blobs/uploads/",
        "mount=sha256%3a" SHA "&from=evil%2Fminer", WR, "library/app",
        "library/app,evil/miner", "/v2/library/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil/miner"),
    MULTI(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "%6dount=sha256:" SHA "&%66rom=evil/miner", WR, "myorg/app",
        "myorg/app,evil/miner", "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil/miner"),
    MULTI(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "MOUNT=sha256:" SHA "&From=evil/miner", WR, "myorg/app",
        "myorg/app,evil/miner", "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil/miner"),
    MULTI(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "a=1;from=evil/miner&mount=sha256:" SHA, WR, "myorg/app",
        "myorg/app,evil/miner", "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil/miner"),
    MULTI(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "from=evil/miner", WR, "myorg/app",
        "myorg/app,evil/miner", "/v2/myorg/app/blobs/uploads/",
        "from=evil/miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/", "mount=sha256:" SHA),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=good/x&from=evil/miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=good/x;from=evil/miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=good/x&fr%6Fm=evil/miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=Evil/Miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil/../miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=/evil/miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil/miner%00"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=evil+miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=%zz"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=latest&from=evil/miner"),
    BAD(DOCKER, PO, "/v2/myorg/app/blobs/uploads/",
        "mount=sha256:" SHA "&from=" D247 "a"),
    PKG(DOCKER, PA, "/v2/myorg/app/blobs/uploads/"
        "3f1e2d4c-7b8a-4c9d-8e0f-1a2b3c4d5e6f", NULL, WR, "myorg/app", NULL,
        NULL, "/v2/myorg/app/blobs/uploads/"
        "3f1e2d4c-7b8a-4c9d-8e0f-1a2b3c4d5e6f"),
    PKG(DOCKER, PU, "/v2/myorg/app/blobs/uploads/"
        "3f1e2d4c-7b8a-4c9d-8e0f-1a2b3c4d5e6f", "digest=sha256:" SHA, WR,
        "myorg/app", NULL, NULL, "/v2/myorg/app/blobs/uploads/"
        "3f1e2d4c-7b8a-4c9d-8e0f-1a2b3c4d5e6f"),
    PKG(DOCKER, PU, "/v2/myorg/app/manifests/v1.0", NULL, WR, "myorg/app",
        "v1.0", NULL, "/v2/myorg/app/manifests/v1.0"),
    PKG(DOCKER, DE, "/v2/myorg/app/manifests/sha256:" SHA, NULL, WR,
        "myorg/app", "sha256:" SHA, NULL,
        "/v2/myorg/app/manifests/sha256:" SHA),
    PKG(DOCKER, DE, "/v2/myorg/app/blobs/sha256:" SHA, NULL, WR,
        "myorg/app", NULL, "sha256:" SHA, "/v2/myorg/app/blobs/sha256:" SHA),
    PKG(DOCKER, DE, "/v2/myorg/app/manifests/v1.0", NULL, WR, "myorg/app",
        "v1.0", NULL, "/v2/myorg/app/manifests/v1.0"),
    PKG(DOCKER, PU, "/v2/myorg/app/manifests/sha256:" SHA, "tag=1&tag=2",
        WR, "myorg/app", "sha256:" SHA, NULL,
        "/v2/myorg/app/manifests/sha256:" SHA),
    PKG(DOCKER, G, "/v2/myorg/app/blobs/uploads/u1", NULL, WR, "myorg/app",
        NULL, NULL, "/v2/myorg/app/blobs/uploads/u1"),
    PKG(DOCKER, DE, "/v2/nginx/blobs/uploads/u1", NULL, WR, "library/nginx",
        NULL, NULL, "/v2/library/nginx/blobs/uploads/u1"),
    PKG(DOCKER, H, "/v2/nginx/tags/list", NULL, META, "library/nginx", NULL,
        NULL, "/v2/library/nginx/tags/list"),

    /* the signatures extension (containers/image, OpenShift) */
    PKG(DOCKER, G, "/extensions/v2/nginx/signatures/sha256:" SHA, NULL, META,
        "library/nginx", "sha256:" SHA, NULL,
        "/extensions/v2/library/nginx/signatures/sha256:" SHA),
    PKG(DOCKER, PU, "/extensions/v2/myorg/app/signatures/sha256:" SHA, NULL,
        WR, "myorg/app", "sha256:" SHA, NULL,
        "/extensions/v2/myorg/app/signatures/sha256:" SHA),
    BAD(DOCKER, G, "/extensions/v2/nginx/signatures/latest", NULL),
    BAD(DOCKER, G, "/extensions/v2/Nginx/signatures/sha256:" SHA, NULL),

    /* names: lower case, the grammar, 255 at most */
    PKG(DOCKER, G, "/v2/org/" D251 "/tags/list", NULL, META, "org/" D251,
        NULL, NULL, "/v2/org/" D251 "/tags/list"),
    BAD(DOCKER, G, "/v2/org/" D251 "a/tags/list", NULL),
    PKG(DOCKER, G, "/v2/" D247 "/tags/list", NULL, META, "library/" D247,
        NULL, NULL, "/v2/library/" D247 "/tags/list"),
    BAD(DOCKER, G, "/v2/" D247 "a/tags/list", NULL),
    BAD(DOCKER, G, "/v2/Library/Nginx/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/NGINX/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/myorg/MyApp/blobs/sha256:" SHA, NULL),
    BAD(DOCKER, G, "/v2/-nginx/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/nginx-/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/ngi..nx/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/a_-b/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/a___b/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/a-.b/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/library/ng%20inx/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/library/nginx:latest/manifests/latest", NULL),

    /* references, digests */
    BAD(DOCKER, G, "/v2/library/nginx/manifests/-latest", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/manifests/.hidden", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/manifests/" T128 "a", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/manifests/lat%20est", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/manifests/latest%00", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/latest", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/sha256", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/sha256:", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/:" SHA, NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/sha256:abc", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/sha256:" SHAUP, NULL),
    BAD(DOCKER, G, "/v2/library/nginx/manifests/sha256:" SHA "00", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/blobs/sha256:" SHA "%20", NULL),
    BAD(DOCKER, G, "/v2/library/nginx/referrers/latest", NULL),

    /* not a registry path */
    UNK(DOCKER, G, "/v2/library/nginx", NULL, NULL),
    UNK(DOCKER, G, "/v2/library/nginx/manifests", NULL, NULL),
    BAD(DOCKER, G, "/v2/blobs/sha256:" SHA, NULL),
    BAD(DOCKER, PO, "/v2/blobs/uploads/", NULL),
    BAD(DOCKER, G, "/v2/manifests/latest", NULL),
    BAD(DOCKER, G, "/v2/tags/list", NULL),
    NON(DOCKER, G, "/v2/x/../", NULL, API, "/v2/"),

    /* ============================================================== */
    /* Hugging Face                                                   */

    /* model files */
    PKG(HF, G, "/google-bert/bert-base-uncased/resolve/main/config.json",
        NULL, ART, "google-bert/bert-base-uncased", "main", "config.json",
        "/google-bert/bert-base-uncased/resolve/main/config.json"),
    PKG(HF, H, "/google-bert/bert-base-uncased/resolve/main/config.json",
        NULL, ART, "google-bert/bert-base-uncased", "main", "config.json",
        "/google-bert/bert-base-uncased/resolve/main/config.json"),
    PKG(HF, G, "/meta-llama/Llama-2-7b-hf/resolve/main/"
        "model-00001-of-00002.safetensors", NULL, ART,
        "meta-llama/llama-2-7b-hf", "main",
        "model-00001-of-00002.safetensors",
        "/meta-llama/Llama-2-7b-hf/resolve/main/"
        "model-00001-of-00002.safetensors"),
    PKG(HF, G, "/Qwen/Qwen2.5-7B-Instruct/resolve/main/tokenizer.json", NULL,
        ART, "qwen/qwen2.5-7b-instruct", "main", "tokenizer.json",
        "/Qwen/Qwen2.5-7B-Instruct/resolve/main/tokenizer.json"),
    PKG(HF, G, "/openai/whisper-large-v3/resolve/" SHA1
        "/model.safetensors", NULL, ART, "openai/whisper-large-v3", SHA1,
        "model.safetensors",
        "/openai/whisper-large-v3/resolve/" SHA1 "/model.safetensors"),
    PKG(HF, G, "/sentence-transformers/all-MiniLM-L6-v2/resolve/main/"
        "1_Pooling/config.json", NULL, ART,
        "sentence-transformers/all-minilm-l6-v2", "main",
        "1_Pooling/config.json",
        "/sentence-transformers/all-MiniLM-L6-v2/resolve/main/"
        "1_Pooling/config.json"),
    PKG(HF, G, "/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/unet/"
        "diffusion_pytorch_model.fp16.safetensors", NULL, ART,
        "stabilityai/stable-diffusion-xl-base-1.0", "main",
        "unet/diffusion_pytorch_model.fp16.safetensors",
        "/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/unet/"
        "diffusion_pytorch_model.fp16.safetensors"),
    PKG(HF, G, "/TheBloke/Llama-2-7B-GGUF/resolve/main/"
        "llama-2-7b.Q4_K_M.gguf", NULL, ART, "thebloke/llama-2-7b-gguf",
        "main", "llama-2-7b.Q4_K_M.gguf",
        "/TheBloke/Llama-2-7B-GGUF/resolve/main/llama-2-7b.Q4_K_M.gguf"),
    PKG(HF, G, "/org/model/resolve/main/onnx/model.onnx", NULL, ART,
        "org/model", "main", "onnx/model.onnx",
        "/org/model/resolve/main/onnx/model.onnx"),
    PKG(HF, G, "/org/model/resolve/main/a/b/c/d.bin", NULL, ART,
        "org/model", "main", "a/b/c/d.bin",
        "/org/model/resolve/main/a/b/c/d.bin"),
    PKG(HF, G, "/org/model/resolve/main/a%2Fb.txt", NULL, ART, "org/model",
        "main", "a/b.txt", "/org/model/resolve/main/a%2Fb.txt"),
    PKG(HF, G, "/org/model/resolve/main/file%20name.txt", NULL, ART,
        "org/model", "main", "file name.txt",
        "/org/model/resolve/main/file%20name.txt"),
    PKG(HF, G, "/org/model/resolve/v1.0/config.json", NULL, ART, "org/model",
        "v1.0", "config.json", "/org/model/resolve/v1.0/config.json"),
    PKG(HF, G, "/org/model/resolve/main/config.json", "download=true", ART,
        "org/model", "main", "config.json",
        "/org/model/resolve/main/config.json"),

    /* legacy one-part ids */
    PKG(HF, G, "/gpt2/resolve/main/config.json", NULL, ART, "gpt2", "main",
        "config.json", "/gpt2/resolve/main/config.json"),
    PKG(HF, G, "/bert-base-uncased/resolve/main/pytorch_model.bin", NULL,
        ART, "bert-base-uncased", "main", "pytorch_model.bin",
        "/bert-base-uncased/resolve/main/pytorch_model.bin"),
    PKG(HF, G, "/t5-small/resolve/main/onnx/encoder_model.onnx", NULL, ART,
        "t5-small", "main", "onnx/encoder_model.onnx",
        "/t5-small/resolve/main/onnx/encoder_model.onnx"),

    /* revisions: encoded '/', literal refs/pr/N, branches with '/' */
    PKG(HF, G, "/org/model/resolve/refs%2Fpr%2F1/model.safetensors", NULL,
        ART, "org/model", "refs/pr/1", "model.safetensors",
        "/org/model/resolve/refs%2Fpr%2F1/model.safetensors"),
    PKG(HF, G, "/org/model/resolve/refs%2fpr%2f12/model.safetensors", NULL,
        ART, "org/model", "refs/pr/12", "model.safetensors",
        "/org/model/resolve/refs%2Fpr%2F12/model.safetensors"),
    PKG(HF, G, "/org/model/resolve/refs/pr/1/model.safetensors", NULL, ART,
        "org/model", "refs/pr/1", "model.safetensors",
        "/org/model/resolve/refs%2Fpr%2F1/model.safetensors"),
    PKG(HF, G, "/org/model/resolve/refs/pr/1/onnx/model.onnx", NULL, ART,
        "org/model", "refs/pr/1", "onnx/model.onnx",
        "/org/model/resolve/refs%2Fpr%2F1/onnx/model.onnx"),
    PKG(HF, G, "/org/model/resolve/feature%2Fnew-tokenizer/tokenizer.json",
        NULL, ART, "org/model", "feature/new-tokenizer", "tokenizer.json",
        "/org/model/resolve/feature%2Fnew-tokenizer/tokenizer.json"),
    PKG(HF, G, "/datasets/org/data/resolve/refs%2Fconvert%2Fparquet/"
        "default/train/0000.parquet", NULL, ART, "datasets/org/data",
        "refs/convert/parquet", "default/train/0000.parquet",
        "/datasets/org/data/resolve/refs%2Fconvert%2Fparquet/"
        "default/train/0000.parquet"),
    PKG(HF, G, "/datasets/org/data/resolve/refs/convert/parquet/"
        "default/train/0000.parquet", NULL, ART, "datasets/org/data",
        "refs/convert/parquet", "default/train/0000.parquet",
        "/datasets/org/data/resolve/refs%2Fconvert%2Fparquet/"
        "default/train/0000.parquet"),

    /* datasets, spaces */
    PKG(HF, G, "/datasets/rajpurkar/squad/resolve/main/plain_text/"
        "train-00000-of-00001.parquet", NULL, ART,
        "datasets/rajpurkar/squad", "main",
        "plain_text/train-00000-of-00001.parquet",
        "/datasets/rajpurkar/squad/resolve/main/plain_text/"
        "train-00000-of-00001.parquet"),
    PKG(HF, G, "/datasets/squad/resolve/main/README.md", NULL, ART,
        "datasets/squad", "main", "README.md",
        "/datasets/squad/resolve/main/README.md"),
    PKG(HF, G, "/datasets/HuggingFaceFW/fineweb/resolve/main/data/"
        "CC-MAIN-2024-10/000_00000.parquet", NULL, ART,
        "datasets/huggingfacefw/fineweb", "main",
        "data/CC-MAIN-2024-10/000_00000.parquet",
        "/datasets/HuggingFaceFW/fineweb/resolve/main/data/"
        "CC-MAIN-2024-10/000_00000.parquet"),
    PKG(HF, G, "/spaces/gradio/hello_world/resolve/main/app.py", NULL, ART,
        "spaces/gradio/hello_world", "main", "app.py",
        "/spaces/gradio/hello_world/resolve/main/app.py"),
    PKG(HF, G, "/spaces/stabilityai/stable-diffusion/resolve/main/"
        "requirements.txt", NULL, ART, "spaces/stabilityai/stable-diffusion",
        "main", "requirements.txt",
        "/spaces/stabilityai/stable-diffusion/resolve/main/requirements.txt"),

    /* case, dot segments */
    PKG(HF, G, "/Google-Bert/Bert-Base-Uncased/resolve/main/config.json",
        NULL, ART, "google-bert/bert-base-uncased", "main", "config.json",
        "/Google-Bert/Bert-Base-Uncased/resolve/main/config.json"),
    PKG(HF, G, "/org/x/../model/resolve/main/config.json", NULL, ART,
        "org/model", "main", "config.json",
        "/org/model/resolve/main/config.json"),
    PKG(HF, G, "/org/model/resolve/main/onnx/../config.json", NULL, ART,
        "org/model", "main", "config.json",
        "/org/model/resolve/main/config.json"),
    PKG(HF, G, "/good/model/resolve/main/../../../../evil/model/resolve/"
        "main/config.json", NULL, ART, "evil/model", "main", "config.json",
        "/evil/model/resolve/main/config.json"),
    PKG(HF, G, "//org//model//resolve//main//config.json", NULL, ART,
        "org/model", "main", "config.json",
        "/org/model/resolve/main/config.json"),
    PKG(HF, G, "/org/%6dodel/resolve/main/config.json", NULL, ART,
        "org/model", "main", "config.json",
        "/org/model/resolve/main/config.json"),
    PKG(HF, G, "/org/" A50 A10 A10 A10 A10 "aaaaaa/resolve/main/x.bin",
        NULL, ART, "org/" A50 A10 A10 A10 A10 "aaaaaa", "main", "x.bin",
        "/org/" A50 A10 A10 A10 A10 "aaaaaa/resolve/main/x.bin"),
    UNK(HF, G, "/good/model/resolve/main/../../../evil/model/resolve/main/"
        "config.json", NULL, NULL),

    /* not a file of a repository: the web pages are no endpoint */
    UNK(HF, G, "/", NULL, NULL),
    UNK(HF, G, "/google-bert/bert-base-uncased", NULL, NULL),
    UNK(HF, G, "/datasets", NULL, NULL),
    UNK(HF, G, "/org/model/tree/main/onnx", NULL, NULL),
    UNK(HF, G, "/org/model/commit/" SHA1, NULL, NULL),
    UNK(HF, G, "/datasets/org/data/viewer", NULL, NULL),

    /* the file shown in a page, and raw: the repo is checked */

/* any class, several names, a version and a file (Hugging Face) */
#define HFROW(c, e, m, p, q, k, first, all, v, f)                           \
    { __LINE__, e, m, p, q, c, k, first, all, v, f, NULL, NULL }

    PKG(HF, G, "/org/model/blob/main/config.json", NULL, META, "org/model",
        "main", "config.json", "/org/model/blob/main/config.json"),
    PKG(HF, G, "/org/model/raw/main/config.json", NULL, ART, "org/model",
        "main", "config.json", "/org/model/raw/main/config.json"),
    PKG(HF, H, "/Evil-Org/Model/raw/refs%2Fpr%2F1/a/b.json", NULL, ART,
        "evil-org/model", "refs/pr/1", "a/b.json",
        "/Evil-Org/Model/raw/refs%2Fpr%2F1/a/b.json"),
    PKG(HF, G, "/spaces/org/app/blob/main/app.py", NULL, META,
        "spaces/org/app", "main", "app.py", NULL),
    PKG(HF, G, "/gpt2/raw/main/config.json", NULL, ART, "gpt2", "main",
        "config.json", NULL),
    PKG(HF, G, "/kernels/org/kern/resolve/main/build.toml", NULL, ART,
        "kernels/org/kern", "main", "build.toml", NULL),
    BAD(HF, G, "/org/model/raw/main", NULL),
    BAD(HF, G, "/org/model/blob/..%2F..%2Fevil%2Fmodel/x", NULL),
    HFROW(PR_CLASS_UNKNOWN, HF, PO, "/org/model/resolve/main/config.json",
          NULL, K_ANY, "org/model", NULL, "main", "config.json"),
    HFROW(PR_CLASS_UNKNOWN, HF, PU, "/org/model/raw/main/config.json",
          NULL, K_ANY, "org/model", NULL, "main", "config.json"),

    /* where the Hub sends /resolve/ of a regular file (307, relative) */
    PKG(HF, G, "/api/resolve-cache/models/org/model/" SHA1 "/config.json",
        NULL, ART, "org/model", SHA1, "config.json",
        "/api/resolve-cache/models/org/model/" SHA1 "/config.json"),
    PKG(HF, H, "/api/resolve-cache/models/gpt2/" SHA1 "/onnx/x.json", NULL,
        ART, "gpt2", SHA1, "onnx/x.json", NULL),
    PKG(HF, G, "/api/resolve-cache/datasets/Evil-Org/data/" SHA1 "/a.csv",
        NULL, ART, "datasets/evil-org/data", SHA1, "a.csv", NULL),
    PKG(HF, G, "/api/resolve-cache/spaces/org/app/" SHA1 "/app.py", NULL,
        ART, "spaces/org/app", SHA1, "app.py", NULL),
    /* both readings fit: both are names */
    HFROW(PR_CLASS_PACKAGE, HF, G, "/api/resolve-cache/models/evil/" SHA1
          "/" SHA1 "/x", NULL, ART, "evil/" SHA1, "evil/" SHA1 ",evil",
          SHA1, "x"),
    BAD(HF, G, "/api/resolve-cache/models/org/model/main/config.json", NULL),
    BAD(HF, G, "/api/resolve-cache/models/org/model/" SHA1, NULL),
    BAD(HF, G, "/api/resolve-cache/models/org%2Fmodel/" SHA1 "/x", NULL),
    BAD(HF, G, "/api/resolve-cache/models/org/model/" SHA1
        "/..%2F..%2Fevil/x", NULL),
    UNK(HF, G, "/api/resolve-cache/buckets/org/b/" SHA1 "/x", NULL, NULL),
    HFROW(PR_CLASS_UNKNOWN, HF, PO, "/api/resolve-cache/models/org/model/"
          SHA1 "/x", NULL, K_ANY, "org/model", NULL, SHA1, "x"),

    /* git over HTTP and git-lfs: the repo is checked */
    PKG(HF, G, "/org/model/info/refs", "service=git-upload-pack", META,
        "org/model", NULL, NULL, "/org/model/info/refs"),
    PKG(HF, G, "/Org/Model.git/info/refs", "service=git-upload-pack", META,
        "org/model", NULL, NULL, "/Org/Model.git/info/refs"),
    PKG(HF, G, "/datasets/org/data/info/refs", "service=git-upload-pack",
        META, "datasets/org/data", NULL, NULL, NULL),
    PKG(HF, G, "/gpt2/info/refs", "service=git-upload-pack", META, "gpt2",
        NULL, NULL, NULL),
    PKG(HF, PO, "/org/model/git-upload-pack", NULL, ART, "org/model", NULL,
        NULL, "/org/model/git-upload-pack"),
    PKG(HF, PO, "/spaces/org/app.git/git-upload-pack", NULL, ART,
        "spaces/org/app", NULL, NULL, NULL),
    PKG(HF, PO, "/org/model.git/git-receive-pack", NULL, WR, "org/model",
        NULL, NULL, NULL),
    PKG(HF, PO, "/org/model.git/info/lfs/objects/batch", NULL, WR,
        "org/model", NULL, NULL, "/org/model.git/info/lfs/objects/batch"),
    PKG(HF, PO, "/datasets/org/data.git/info/lfs/objects/batch", NULL, WR,
        "datasets/org/data", NULL, NULL, NULL),
    PKG(HF, PO, "/org/model.git/info/lfs/locks/verify", NULL, WR,
        "org/model", NULL, NULL, NULL),
    UNK(HF, G, "/org/model.git/git-upload-pack", NULL, "org/model"),
    UNK(HF, PO, "/org/model.git/info/refs", NULL, "org/model"),
    UNK(HF, G, "/org/model.git/info/lfs/objects/batch", NULL, "org/model"),
    UNK(HF, PO, "/org/model.git/info/lfs/objects/x", NULL, NULL),
    UNK(HF, G, "/a/b/c/info/refs", NULL, NULL),
    UNK(HF, G, "/info/refs", NULL, NULL),
    BAD(HF, G, "/org%2Fmodel.git/info/refs", NULL),
    BAD(HF, PO, "/.org/model/git-upload-pack", NULL),

    /* the CDNs name a repository only by a hash */
    UNK(HF, G, "/repos/ab/cd/" SHA "/" SHA, "X-Amz-Signature=x", NULL),
    UNK(HF, G, "/xet-bridge-us/" SHA "/" SHA, NULL, NULL),
    UNK(HF, G, "/v1/reconstructions/" SHA, NULL, NULL),
    BAD(HF, G, "/org/model/resolve", NULL),
    BAD(HF, G, "/org/model/resolve/", NULL),
    BAD(HF, G, "/org/model/resolve/main", NULL),
    BAD(HF, G, "/org/model/resolve/refs/pr/1", NULL),
    BAD(HF, G, "/org/model/resolve/refs%2Fpr%2F1", NULL),
    BAD(HF, G, "/-org/model/resolve/main/x.bin", NULL),
    BAD(HF, G, "/.org/model/resolve/main/x.bin", NULL),
    BAD(HF, G, "/org/mo%20del/resolve/main/x.bin", NULL),
    BAD(HF, G, "/org%2Fmodel/resolve/main/x.bin", NULL),
    BAD(HF, G, "/org/model/resolve/main/x%00.bin", NULL),
    BAD(HF, G, "/org/model/resolve/main/x%ff.bin", NULL),
    BAD(HF, G, "/org/" A50 A10 A10 A10 A10 "aaaaaaa/resolve/main/x.bin",
        NULL),
    BAD(HF, G, "/../org/model/resolve/main/x.bin", NULL),

    /* a revision or a file name that climbs out once '/' is decoded */
    BAD(HF, G, "/good/model/resolve/..%2F..%2F..%2Fevil%2Fmodel%2Fresolve"
        "%2Fmain/config.json", NULL),
    BAD(HF, G, "/good/model/resolve/main/..%2F..%2F..%2F..%2Fevil%2Fmodel"
        "%2Fresolve%2Fmain%2Fconfig.json", NULL),

    /* the API */
    NON(HF, G, "/api/models", NULL, API, "/api/models"),
    NON(HF, G, "/api/models", "search=bert&limit=10", API, "/api/models"),
    NON(HF, G, "/api/datasets", "author=rajpurkar", API, "/api/datasets"),
    NON(HF, G, "/api/whoami-v2", NULL, API, "/api/whoami-v2"),
    NON(HF, G, "/api/spaces", NULL, API, "/api/spaces"),
    PKG(HF, G, "/api/models/google-bert/bert-base-uncased", NULL, META,
        "google-bert/bert-base-uncased", NULL, NULL,
        "/api/models/google-bert/bert-base-uncased"),
    PKG(HF, G, "/api/models/gpt2", NULL, META, "gpt2", NULL, NULL,
        "/api/models/gpt2"),
    PKG(HF, G, "/api/models/gpt2/revision/main", NULL, META, "gpt2", "main",
        NULL, "/api/models/gpt2/revision/main"),
    PKG(HF, G, "/api/models/google-bert/bert-base-uncased/revision/main",
        NULL, META, "google-bert/bert-base-uncased", "main", NULL,
        "/api/models/google-bert/bert-base-uncased/revision/main"),
    PKG(HF, G, "/api/models/Qwen/Qwen2.5-7B", NULL, META, "qwen/qwen2.5-7b",
        NULL, NULL, "/api/models/Qwen/Qwen2.5-7B"),
    PKG(HF, G, "/api/models/org/model/revision/refs%2Fpr%2F1", NULL, META,
        "org/model", "refs/pr/1", NULL,
        "/api/models/org/model/revision/refs%2Fpr%2F1"),
    PKG(HF, G, "/api/models/org/model/revision/refs/pr/1", NULL, META,
        "org/model", "refs/pr/1", NULL,
        "/api/models/org/model/revision/refs%2Fpr%2F1"),
    PKG(HF, G, "/api/models/org/model/revision/" SHA1, NULL, META,
        "org/model", SHA1, NULL, "/api/models/org/model/revision/" SHA1),
    PKG(HF, G, "/api/models/org/model/tree/main", "recursive=True&expand=False",
        META, "org/model", "main", NULL, "/api/models/org/model/tree/main"),
    PKG(HF, G, "/api/models/org/model/tree/main/onnx", NULL, META,
        "org/model", "main", NULL, "/api/models/org/model/tree/main/onnx"),
    PKG(HF, G, "/api/models/org/model/tree/main/sub%2Fdir", NULL, META,
        "org/model", "main", NULL, "/api/models/org/model/tree/main/sub%2Fdir"),
    PKG(HF, G, "/api/models/org/model/tree/refs%2Fpr%2F3/onnx", NULL, META,
        "org/model", "refs/pr/3", NULL,
        "/api/models/org/model/tree/refs%2Fpr%2F3/onnx"),
    PKG(HF, G, "/api/models/org/model/tree/refs/pr/1/onnx", NULL, META,
        "org/model", "refs/pr/1", NULL,
        "/api/models/org/model/tree/refs%2Fpr%2F1/onnx"),
    PKG(HF, G, "/api/models/gpt2/tree/main", NULL, META, "gpt2", "main",
        NULL, "/api/models/gpt2/tree/main"),
    PKG(HF, G, "/api/models/org/model/treesize/main", NULL, META,
        "org/model", "main", NULL, "/api/models/org/model/treesize/main"),
    PKG(HF, G, "/api/models/org/model/refs", NULL, META, "org/model", NULL,
        NULL, "/api/models/org/model/refs"),
    PKG(HF, G, "/api/models/org/model/commits/main", NULL, META, "org/model",
        "main", NULL, "/api/models/org/model/commits/main"),
    PKG(HF, G, "/api/models/org/model/xet-read-token/main", NULL, API,
        "org/model", "main", NULL, "/api/models/org/model/xet-read-token/main"),
    PKG(HF, G, "/api/datasets/rajpurkar/squad", NULL, META,
        "datasets/rajpurkar/squad", NULL, NULL,
        "/api/datasets/rajpurkar/squad"),
    PKG(HF, G, "/api/datasets/squad/revision/main", NULL, META,
        "datasets/squad", "main", NULL, "/api/datasets/squad/revision/main"),
    PKG(HF, G, "/api/datasets/rajpurkar/squad/tree/main/plain_text", NULL,
        META, "datasets/rajpurkar/squad", "main", NULL,
        "/api/datasets/rajpurkar/squad/tree/main/plain_text"),
    PKG(HF, G, "/api/datasets/rajpurkar/squad/revision/refs%2Fconvert"
        "%2Fparquet", NULL, META, "datasets/rajpurkar/squad",
        "refs/convert/parquet", NULL,
        "/api/datasets/rajpurkar/squad/revision/refs%2Fconvert%2Fparquet"),
    PKG(HF, G, "/api/spaces/gradio/hello_world", NULL, META,
        "spaces/gradio/hello_world", NULL, NULL,
        "/api/spaces/gradio/hello_world"),
    PKG(HF, G, "/api/spaces/gradio/hello_world/revision/main", NULL, META,
        "spaces/gradio/hello_world", "main", NULL,
        "/api/spaces/gradio/hello_world/revision/main"),
    PKG(HF, G, "/api/models/org/model/tree/main/", NULL, META, "org/model",
        "main", NULL, "/api/models/org/model/tree/main/"),
    PKG(HF, PO, "/api/models/org/model/preupload/main", NULL, WR,
        "org/model", "main", NULL, "/api/models/org/model/preupload/main"),
    PKG(HF, PO, "/api/models/org/model/commit/main", NULL, WR, "org/model",
        "main", NULL, "/api/models/org/model/commit/main"),
    PKG(HF, DE, "/api/models/org/model/branch/dev", NULL, WR, "org/model",
        "dev", NULL, "/api/models/org/model/branch/dev"),

    /* the rest of the repo API: each word a row, every other unknown */
    PKG(HF, PO, "/api/models/org/model/paths-info/main", NULL, META,
        "org/model", "main", NULL, "/api/models/org/model/paths-info/main"),
    PKG(HF, PO, "/api/models/gpt2/paths-info/refs/pr/1", NULL, META,
        "gpt2", "refs/pr/1", NULL, "/api/models/gpt2/paths-info/refs%2Fpr%2F1"),
    PKG(HF, G, "/api/models/gpt2/revision/refs/pr/1", NULL, META, "gpt2",
        "refs/pr/1", NULL, "/api/models/gpt2/revision/refs%2Fpr%2F1"),
    PKG(HF, G, "/api/datasets/org/data/parquet", NULL, META,
        "datasets/org/data", NULL, NULL, NULL),
    PKG(HF, G, "/api/datasets/org/data/parquet/default/train/0.parquet",
        NULL, ART, "datasets/org/data", NULL, NULL, NULL),
    PKG(HF, G, "/api/spaces/org/app/runtime", NULL, API, "spaces/org/app",
        NULL, NULL, NULL),
    PKG(HF, G, "/api/kernels/org/kern/revision/main", NULL, META,
        "kernels/org/kern", "main", NULL, NULL),
    /* a legacy one-part id or "org/name": both readings are names */
    MULTI(HF, G, "/api/models/org/refs", NULL, META, "org/refs",
          "org/refs,org", "/api/models/org/refs", NULL),
    NON(HF, G, "/api/spaces/hardware", NULL, API, "/api/spaces/hardware"),
    NON(HF, G, "/api/kernels", NULL, API, "/api/kernels"),
    NON(HF, PO, "/oauth/token", NULL, WR, "/oauth/token"),
    /* no reading fits: both are names */
    HFROW(PR_CLASS_UNKNOWN, HF, G, "/api/models/org/model/compare/main",
          NULL, K_ANY, "org/model", "org/model,org", NULL, NULL),
    HFROW(PR_CLASS_UNKNOWN, HF, G, "/api/models/org/model/notebook/main/"
          "x.ipynb", NULL, K_ANY, "org/model", "org/model,org", NULL, NULL),
    HFROW(PR_CLASS_UNKNOWN, HF, G, "/api/models/org/model/revision/main/x",
          NULL, K_ANY, "org/model", "org/model,org", NULL, NULL),
    UNK(HF, G, "/api/spaces/org/app/revision", NULL, "spaces/org/app"),
    UNK(HF, G, "/api/spaces/org/tree/main/x", NULL, "spaces/org/tree"),
    UNK(HF, G, "/api/spaces/org/app/parquet", NULL, "spaces/org/app"),
    UNK(HF, PO, "/api/models/org/model", NULL, "org/model"),
    HFROW(PR_CLASS_UNKNOWN, HF, DE, "/api/models/org/model/tree/main", NULL,
          K_ANY, "org/model", NULL, "main", NULL),
    UNK(HF, G, "/api/buckets/org/bucket/tree", NULL, NULL),
    UNK(HF, G, "/buckets/org/bucket/resolve/x.bin", NULL, NULL),
    UNK(HF, G, "/api/jobs/org", NULL, NULL),
    UNK(HF, G, "/api/settings/webhooks", NULL, NULL),
    UNK(HF, G, "/api/unknown", NULL, NULL),
    UNK(HF, G, "/api", NULL, NULL),
    NON(HF, PO, "/api/repos/create", NULL, WR, "/api/repos/create"),
    NON(HF, DE, "/api/repos/delete", NULL, WR, "/api/repos/delete"),
    BAD(HF, G, "/api/models/.hidden/x", NULL),
    BAD(HF, G, "/api/models/org/mo%20del", NULL),

    /* ============================================================== */
    /* RubyGems                                                       */

    ROOT(GEMS, G, "/", NULL, OTH, "/"),
    ROOT(GEMS, H, "/", NULL, OTH, "/"),
    ROOT(GEMS, G, "//", NULL, OTH, "/"),
    ROOT(GEMS, G, "/.", NULL, OTH, "/"),
    ROOT(GEMS, G, "/info/..", NULL, OTH, "/"),
    UNK(GEMS, PU, "/", NULL, NULL),
    UNK(GEMS, PO, "/", NULL, NULL),

    /* compact index, full indexes */
    NON(GEMS, G, "/versions", NULL, META, "/versions"),
    NON(GEMS, H, "/versions", NULL, META, "/versions"),
    NON(GEMS, G, "/names", NULL, META, "/names"),
    NON(GEMS, G, "/specs.4.8.gz", NULL, META, "/specs.4.8.gz"),
    NON(GEMS, G, "/latest_specs.4.8.gz", NULL, META, "/latest_specs.4.8.gz"),
    NON(GEMS, G, "/prerelease_specs.4.8.gz", NULL, META,
        "/prerelease_specs.4.8.gz"),
    NON(GEMS, G, "/specs.4.8", NULL, META, "/specs.4.8"),
    PKG(GEMS, G, "/info/rails", NULL, META, "rails", NULL, NULL,
        "/info/rails"),
    PKG(GEMS, H, "/info/rails", NULL, META, "rails", NULL, NULL,
        "/info/rails"),
    PKG(GEMS, G, "/info/nokogiri", NULL, META, "nokogiri", NULL, NULL,
        "/info/nokogiri"),
    PKG(GEMS, G, "/info/net-http-persistent", NULL, META,
        "net-http-persistent", NULL, NULL, "/info/net-http-persistent"),
    PKG(GEMS, G, "/info/aws-sdk-s3", NULL, META, "aws-sdk-s3", NULL, NULL,
        "/info/aws-sdk-s3"),
    PKG(GEMS, G, "/info/concurrent-ruby", NULL, META, "concurrent-ruby",
        NULL, NULL, "/info/concurrent-ruby"),
    PKG(GEMS, G, "/info/pg_query", NULL, META, "pg_query", NULL, NULL,
        "/info/pg_query"),
    PKG(GEMS, G, "/info/http-2", NULL, META, "http-2", NULL, NULL,
        "/info/http-2"),
    PKG(GEMS, G, "/info/RedCloth", NULL, META, "redcloth", NULL, NULL,
        "/info/RedCloth"),
    PKG(GEMS, G, "/info/%72ails", NULL, META, "rails", NULL, NULL,
        "/info/rails"),
    PKG(GEMS, G, "/info/x/../rails", NULL, META, "rails", NULL, NULL,
        "/info/rails"),
    BAD(GEMS, G, "/info", NULL),
    BAD(GEMS, G, "/info/", NULL),
    BAD(GEMS, G, "/info/rails/extra", NULL),
    BAD(GEMS, G, "/info/ra%20ils", NULL),
    BAD(GEMS, G, "/info/rails%00", NULL),

    /* gems */
    PKG(GEMS, G, "/gems/rails-7.1.3.gem", NULL, ART, "rails", "7.1.3",
        "rails-7.1.3.gem", "/gems/rails-7.1.3.gem"),
    PKG(GEMS, H, "/gems/rails-7.1.3.gem", NULL, ART, "rails", "7.1.3",
        "rails-7.1.3.gem", "/gems/rails-7.1.3.gem"),
    PKG(GEMS, G, "/gems/nokogiri-1.16.0-x86_64-linux.gem", NULL, ART,
        "nokogiri", "1.16.0", "nokogiri-1.16.0-x86_64-linux.gem",
        "/gems/nokogiri-1.16.0-x86_64-linux.gem"),
    /* a CPU no list holds, before a known system: still a platform */
    GREAD(GEMS, G, "/gems/evil-gem-1.0-sparc64-solaris-2.10.gem", NULL, ART,
        "evil-gem", "evil-gem,evil-gem-1.0-sparc64-solaris", "1.0",
        "evil-gem-1.0-sparc64-solaris-2.10.gem",
        "/gems/evil-gem-1.0-sparc64-solaris-2.10.gem"),
    GREAD(GEMS, G, "/gems/evil-gem-1.0-foo-linux-2.gem", NULL, ART,
        "evil-gem", "evil-gem,evil-gem-1.0-foo-linux", "1.0",
        "evil-gem-1.0-foo-linux-2.gem", "/gems/evil-gem-1.0-foo-linux-2.gem"),
    PKG(GEMS, G, "/gems/evil-gem-1.0-rv64-linux-musl.gem", NULL, ART,
        "evil-gem", "1.0", "evil-gem-1.0-rv64-linux-musl.gem",
        "/gems/evil-gem-1.0-rv64-linux-musl.gem"),
    PKG(GEMS, G, "/quick/Marshal.4.8/evil-gem-1.0-e2k-darwin19.gemspec.rz",
        NULL, META, "evil-gem", "1.0", "evil-gem-1.0-e2k-darwin19.gemspec.rz",
        "/quick/Marshal.4.8/evil-gem-1.0-e2k-darwin19.gemspec.rz"),
    /* a name part that only looks like a CPU is still a name */
    GREAD(GEMS, G, "/gems/foo-1-linux-tools-2.0.gem", NULL, ART,
        "foo-1-linux-tools", "foo-1-linux-tools,foo", "2.0",
        "foo-1-linux-tools-2.0.gem", "/gems/foo-1-linux-tools-2.0.gem"),
    PKG(GEMS, G, "/gems/nokogiri-1.16.3-arm64-darwin.gem", NULL, ART,
        "nokogiri", "1.16.3", "nokogiri-1.16.3-arm64-darwin.gem",
        "/gems/nokogiri-1.16.3-arm64-darwin.gem"),
    PKG(GEMS, G, "/gems/ffi-1.16.3-x64-mingw-ucrt.gem", NULL, ART, "ffi",
        "1.16.3", "ffi-1.16.3-x64-mingw-ucrt.gem",
        "/gems/ffi-1.16.3-x64-mingw-ucrt.gem"),
    PKG(GEMS, G, "/gems/jruby-openssl-0.14.2-java.gem", NULL, ART,
        "jruby-openssl", "0.14.2", "jruby-openssl-0.14.2-java.gem",
        "/gems/jruby-openssl-0.14.2-java.gem"),
    PKG(GEMS, G, "/gems/net-http-persistent-4.0.2.gem", NULL, ART,
        "net-http-persistent", "4.0.2", "net-http-persistent-4.0.2.gem",
        "/gems/net-http-persistent-4.0.2.gem"),
    PKG(GEMS, G, "/gems/aws-sdk-s3-1.146.0.gem", NULL, ART, "aws-sdk-s3",
        "1.146.0", "aws-sdk-s3-1.146.0.gem", "/gems/aws-sdk-s3-1.146.0.gem"),
    PKG(GEMS, G, "/gems/rails-7.1.0.rc1.gem", NULL, ART, "rails",
        "7.1.0.rc1", "rails-7.1.0.rc1.gem", "/gems/rails-7.1.0.rc1.gem"),
    PKG(GEMS, G, "/gems/bundler-2.5.6.gem", NULL, ART, "bundler", "2.5.6",
        "bundler-2.5.6.gem", "/gems/bundler-2.5.6.gem"),
    PKG(GEMS, G, "/gems/libv8-node-18.19.0.0-aarch64-linux.gem", NULL, ART,
        "libv8-node", "18.19.0.0", "libv8-node-18.19.0.0-aarch64-linux.gem",
        "/gems/libv8-node-18.19.0.0-aarch64-linux.gem"),
    PKG(GEMS, G, "/gems/sqlite3-1.7.3-x86_64-linux.gem", NULL, ART,
        "sqlite3", "1.7.3", "sqlite3-1.7.3-x86_64-linux.gem",
        "/gems/sqlite3-1.7.3-x86_64-linux.gem"),
    PKG(GEMS, G, "/gems/grpc-1.62.0-x86_64-linux.gem", NULL, ART, "grpc",
        "1.62.0", "grpc-1.62.0-x86_64-linux.gem",
        "/gems/grpc-1.62.0-x86_64-linux.gem"),
    PKG(GEMS, G, "/gems/RedCloth-4.3.3.gem", NULL, ART, "redcloth", "4.3.3",
        "RedCloth-4.3.3.gem", "/gems/RedCloth-4.3.3.gem"),
    PKG(GEMS, G, "/gems/i18n-1.14.4.gem", NULL, ART, "i18n", "1.14.4",
        "i18n-1.14.4.gem", "/gems/i18n-1.14.4.gem"),
    PKG(GEMS, G, "/gems/ed25519-1.3.0.gem", NULL, ART, "ed25519", "1.3.0",
        "ed25519-1.3.0.gem", "/gems/ed25519-1.3.0.gem"),
    PKG(GEMS, G, "/gems/pg_query-5.1.0.gem", NULL, ART, "pg_query", "5.1.0",
        "pg_query-5.1.0.gem", "/gems/pg_query-5.1.0.gem"),
    GREAD(GEMS, G, "/gems/http-2-0.11.0.gem", NULL, ART, "http-2",
        "http-2,http", "0.11.0", "http-2-0.11.0.gem",
        "/gems/http-2-0.11.0.gem"),
    PKG(GEMS, G, "/gems/x/../rails-7.1.3.gem", NULL, ART, "rails", "7.1.3",
        "rails-7.1.3.gem", "/gems/rails-7.1.3.gem"),
    BAD(GEMS, G, "/gems/rails.gem", NULL),
    BAD(GEMS, G, "/gems/.gem", NULL),
    /* /gems/<x> is the gem's page: whatever x is, x is checked */
    PKG(GEMS, G, "/gems/rails-7.1.3.tar.gz", NULL, META,
        "rails-7.1.3.tar.gz", NULL, NULL, "/gems/rails-7.1.3.tar.gz"),
    UNK(GEMS, G, "/gems/rails-7.1.3/rails.gem", NULL, "rails-7.1.3"),
    BAD(GEMS, G, "/gems/ra%20ils-1.0.gem", NULL),
    BAD(GEMS, G, "/gems/rails-7.1.3%00.gem", NULL),
    BAD(GEMS, G, "/gems/rails-7.1.3-x86%2064-linux.gem", NULL),

    /* gemspecs */
    PKG(GEMS, G, "/quick/Marshal.4.8/rails-7.1.3.gemspec.rz", NULL, META,
        "rails", "7.1.3", "rails-7.1.3.gemspec.rz",
        "/quick/Marshal.4.8/rails-7.1.3.gemspec.rz"),
    PKG(GEMS, G, "/quick/Marshal.4.8/nokogiri-1.16.0-x86_64-linux."
        "gemspec.rz", NULL, META, "nokogiri", "1.16.0",
        "nokogiri-1.16.0-x86_64-linux.gemspec.rz",
        "/quick/Marshal.4.8/nokogiri-1.16.0-x86_64-linux.gemspec.rz"),
    PKG(GEMS, G, "/quick/Marshal.4.8/net-http-persistent-4.0.2.gemspec.rz",
        NULL, META, "net-http-persistent", "4.0.2",
        "net-http-persistent-4.0.2.gemspec.rz",
        "/quick/Marshal.4.8/net-http-persistent-4.0.2.gemspec.rz"),
    BAD(GEMS, G, "/quick/Marshal.4.8/rails.gemspec.rz", NULL),
    BAD(GEMS, G, "/quick/Marshal.4.8/rails-7.1.3.gemspec", NULL),
    BAD(GEMS, G, "/quick/rails-7.1.3.gemspec.rz", NULL),
    BAD(GEMS, G, "/quick/Marshal.4.7/rails-7.1.3.gemspec.rz", NULL),

    /* the dependency API: every name */
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails,rack", META, "rails",
        "rails,rack", "/api/v1/dependencies", "gems=rails,rack"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails%2Crack", META,
        "rails", "rails,rack", "/api/v1/dependencies", "gems=rails,rack"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails%2crack", META,
        "rails", "rails,rack", "/api/v1/dependencies", "gems=rails,rack"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails", META, "rails",
        "rails", "/api/v1/dependencies", "gems=rails"),
    MULTI(GEMS, G, "/api/v1/dependencies",
        "gems=actionpack%2Cactivesupport%2Crack%2Crails", META, "actionpack",
        "actionpack,activesupport,rack,rails", "/api/v1/dependencies",
        "gems=actionpack,activesupport,rack,rails"),
    MULTI(GEMS, G, "/api/v1/dependencies.json", "gems=rails,rack", META,
        "rails", "rails,rack", "/api/v1/dependencies.json",
        "gems=rails,rack"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=Rails,RedCloth", META,
        "rails", "rails,redcloth", "/api/v1/dependencies",
        "gems=Rails,RedCloth"),
    MULTI(GEMS, G, "/api/v1/dependencies",
        "gems=net-http-persistent,concurrent-ruby,pg_query", META,
        "net-http-persistent", "net-http-persistent,concurrent-ruby,pg_query",
        "/api/v1/dependencies",
        "gems=net-http-persistent,concurrent-ruby,pg_query"),
    MULTI(GEMS, G, "/api/v1/dependencies", "foo=bar&gems=rails", META,
        "rails", "rails", "/api/v1/dependencies", "gems=rails"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=%72ails", META, "rails",
        "rails", "/api/v1/dependencies", "gems=rails"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails,", META, "rails",
        "rails", "/api/v1/dependencies", "gems=rails"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails,rails", META, "rails",
        "rails,rails", "/api/v1/dependencies", "gems=rails,rails"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails&gems=evil-gem", META,
        "rails", "rails,evil-gem", "/api/v1/dependencies",
        "gems=rails,evil-gem"),
    NON(GEMS, G, "/api/v1/dependencies", NULL, META, "/api/v1/dependencies"),
    /* no name: no query is forwarded, for it was not checked */
    NONQ(GEMS, G, "/api/v1/dependencies", "gems=", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "foo=rails", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "xgems=rails", META,
        "/api/v1/dependencies", ""),

    /* bypass suite (t/100-bypass.t): Rack decodes argument names, so
     * "%67ems" is "gems"; what is not checked is never forwarded */
    MULTI(GEMS, G, "/api/v1/dependencies", "%67ems=evil-gem", META,
        "evil-gem", "evil-gem", "/api/v1/dependencies", "gems=evil-gem"),
    MULTI(GEMS, G, "/api/v1/dependencies", "%67%65%6D%73=rails", META,
        "rails", "rails", "/api/v1/dependencies", "gems=rails"),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=rails&g%65ms=evil-gem",
        META, "rails", "rails,evil-gem", "/api/v1/dependencies",
        "gems=rails,evil-gem"),
    NONQ(GEMS, G, "/api/v1/dependencies", "x=1;gems=evil-gem", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "gems%5B%5D=evil-gem", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "gems[]=evil-gem", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "gems%3Devil-gem", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "gems+=evil-gem", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies", "%6=evil-gem", META,
        "/api/v1/dependencies", ""),
    /* Rack 2 splits at ';' too; "gems[]" and "gems.json" are not read */
    NONQ(GEMS, G, "/api/v1/dependencies", "a=1;gems=evil-gem", META,
        "/api/v1/dependencies", ""),
    NONQ(GEMS, G, "/api/v1/dependencies.json", "gems[]=evil-gem", META,
        "/api/v1/dependencies.json", ""),
    MULTI(GEMS, G, "/api/v1/dependencies", "gems=&%67ems=evil-gem", META,
        "evil-gem", "evil-gem", "/api/v1/dependencies", "gems=evil-gem"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=rails,,rack"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=,rails"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=rails%2"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=rails;gems=evil"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=rails+rack"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=rails%00"),
    BAD(GEMS, G, "/api/v1/dependencies", "gems=rails%26gems%3Devil"),

    /* the JSON API */
    PKG(GEMS, G, "/api/v1/gems/rails.json", NULL, META, "rails", NULL, NULL,
        "/api/v1/gems/rails.json"),
    PKG(GEMS, G, "/api/v1/versions/rails.json", NULL, META, "rails", NULL,
        NULL, "/api/v1/versions/rails.json"),
    PKG(GEMS, G, "/api/v1/versions/net-http-persistent.json", NULL, META,
        "net-http-persistent", NULL, NULL,
        "/api/v1/versions/net-http-persistent.json"),
    BAD(GEMS, G, "/api/v1/gems/.json", NULL),
    BAD(GEMS, G, "/api/v1/gems/ra%20ils.json", NULL),
    NON(GEMS, G, "/api/v1/search.json", "query=rails", API,
        "/api/v1/search.json"),
    /* closed by default: the catalogue's rows, and what it lacks */
    GREAD(GEMS, G, "/gems/acme-1-2.0-java.gem", NULL, ART, "acme-1",
        "acme-1,acme", "2.0", "acme-1-2.0-java.gem",
        "/gems/acme-1-2.0-java.gem"),
    GREAD(GEMS, G, "/quick/Marshal.4.8/acme-1-2.0-java.gemspec.rz", NULL,
        META, "acme-1", "acme-1,acme", "2.0", "acme-1-2.0-java.gemspec.rz",
        NULL),
    GREAD(GEMS, G, "/gems/x-1.0-weird.gem", NULL, ART, "x", "x", "1.0",
        "x-1.0-weird.gem", NULL),
    GREAD(GEMS, G, "/gems/a-1-b-2-c-3.gem", NULL, ART, "a-1-b-2-c",
        "a-1-b-2-c,a,a-1-b", "3", "a-1-b-2-c-3.gem", NULL),
    BAD(GEMS, G, "/gems/rails-1.0-.gem", NULL),
    BAD(GEMS, G, "/gems/rails-1..0.gem", NULL),
    BAD(GEMS, G, "/gems/rails-1a.gem", NULL),
    GREAD(GEMS, G, "/api/v1/downloads/rails-7.1.3.json", NULL, API, "rails",
        "rails", "7.1.3", "rails-7.1.3.json",
        "/api/v1/downloads/rails-7.1.3.json"),
    GREAD(GEMS, G, "/api/v1/downloads/acme-1-2.0-java.yaml", NULL, API,
        "acme-1", "acme-1,acme", "2.0", "acme-1-2.0-java.yaml", NULL),
    BAD(GEMS, G, "/api/v1/downloads/rails.json", NULL),
    GREAD(GEMS, G, "/api/v1/attestations/rails-7.1.3.json", NULL, META,
        "rails", "rails", "7.1.3", "rails-7.1.3.json", NULL),
    PKG(GEMS, G, "/api/v2/rubygems/rails/versions/7.1.3.json", NULL, META,
        "rails", "7.1.3", NULL, "/api/v2/rubygems/rails/versions/7.1.3.json"),
    PKG(GEMS, G, "/api/v2/rubygems/Rails/versions/7.1.3", "platform=java",
        META, "rails", "7.1.3", NULL, NULL),
    PKG(GEMS, G, "/api/v2/rubygems/rails/versions/7.1.3/contents.sha256",
        NULL, META, "rails", "7.1.3", NULL, NULL),
    BAD(GEMS, G, "/api/v2/rubygems/rails/versions/latest.json", NULL),
    UNK(GEMS, G, "/api/v2/rubygems/rails/versions", NULL, "rails"),
    UNKV(GEMS, G, "/api/v2/rubygems/rails/versions/7.1.3/files.json", NULL,
        "rails", "7.1.3", NULL),
    UNK(GEMS, G, "/api/v2/rubygems", NULL, NULL),
    PKG(GEMS, G, "/api/v1/gems/rails.yaml", NULL, META, "rails", NULL, NULL,
        NULL),
    PKG(GEMS, G, "/api/v1/gems/rails/reverse_dependencies.json", NULL, API,
        "rails", NULL, NULL, NULL),
    PKG(GEMS, G, "/api/v1/gems/rails/owners.yaml", NULL, API, "rails", NULL,
        NULL, NULL),
    PKG(GEMS, PO, "/api/v1/gems/Rails/owners", NULL, WR, "rails", NULL,
        NULL, NULL),
    PKG(GEMS, DE, "/api/v1/gems/rails/owners", NULL, WR, "rails", NULL,
        NULL, NULL),
    PKG(GEMS, G, "/api/v1/versions/rails/reverse_dependencies.json", NULL,
        API, "rails", NULL, NULL, NULL),
    PKG(GEMS, G, "/api/v1/versions/rails/latest", NULL, META, "rails", NULL,
        NULL, NULL),
    UNK(GEMS, PO, "/api/v1/gems/rails.json", NULL, "rails"),
    UNK(GEMS, PU, "/api/v1/gems/rails.json", NULL, "rails"),
    UNK(GEMS, DE, "/api/v1/gems/rails.json", NULL, "rails"),
    UNK(GEMS, PA, "/api/v1/versions/rails.json", NULL, "rails"),
    UNK(GEMS, PO, "/api/v1/versions/rails/latest.json", NULL, "rails"),
    UNKV(GEMS, PU, "/api/v2/rubygems/rails/versions/7.1.3.json", NULL,
        "rails", "7.1.3", NULL),
    UNKV(GEMS, PU, "/gems/rails/versions/7.1.3", NULL, "rails", "7.1.3", NULL),
    UNKV(GEMS, DE, "/gems/rails-7.1.3.gem", NULL, "rails", "7.1.3",
        "rails-7.1.3.gem"),
    UNK(GEMS, PO, "/info/rails", NULL, "rails"),
    UNK(GEMS, PO, "/versions", NULL, NULL),
    UNK(GEMS, G, "/api/v1/gems/rails/trusted_publishers", NULL, "rails"),
    UNK(GEMS, G, "/api/v1/gems/rails/owners/edit", NULL, "rails"),
    UNK(GEMS, G, "/api/v1/versions/rails/downloads.json", NULL, "rails"),
    UNK(GEMS, G, "/api/v1/versions/rails/downloads/search.json", NULL,
        "rails"),
    UNKS(GEMS, G, "/gems/rails.json", NULL, "rails.json", "rails.json,rails"),
    UNKS(GEMS, G, "/gems/rails.atom", NULL, "rails.atom", "rails.atom,rails"),
    UNK(GEMS, G, "/gems/rails/versions.atom", NULL, "rails"),
    UNK(GEMS, G, "/gems/rails/reverse_dependencies", NULL, "rails"),
    UNK(GEMS, G, "/gems/rails/owners", NULL, "rails"),
    UNK(GEMS, G, "/gems/rails/versions/7.1.3/dependencies.json", NULL,
        "rails"),
    UNK(GEMS, G, "/gems/rails/security_events", NULL, "rails"),
    UNK(GEMS, PU, "/api/v1/gems/unyank", NULL, "unyank"),
    UNK(GEMS, PO, "/api/v1/web_hooks", NULL, NULL),
    UNK(GEMS, G, "/api/v1/web_hooks.json", NULL, NULL),
    UNK(GEMS, DE, "/api/v1/web_hooks/remove", NULL, NULL),
    UNK(GEMS, PO, "/api/v1/web_hooks/fire", NULL, NULL),
    UNK(GEMS, PO, "/api/v1/dependencies", NULL, NULL),
    UNK(GEMS, G, "/api/v1/dependencies/rails", NULL, NULL),
    UNK(GEMS, G, "/api/v1/downloads.json", NULL, NULL),
    UNK(GEMS, G, "/api/v1/downloads/all.json", NULL, NULL),
    UNK(GEMS, G, "/api/v1/activity/latest.json", NULL, NULL),
    UNK(GEMS, G, "/api/v1/timeframe_versions.json", NULL, NULL),
    UNK(GEMS, PO, "/api/v1/oidc/trusted_publisher/exchange_token", NULL,
        NULL),
    UNK(GEMS, G, "/Marshal.4.8", NULL, NULL),
    UNK(GEMS, G, "/Marshal.4.8.Z", NULL, NULL),
    UNK(GEMS, G, "/yaml", NULL, NULL),
    UNK(GEMS, G, "/internal/ping", NULL, NULL),
    UNK(GEMS, G, "/sign_in", NULL, NULL),
    UNK(GEMS, G, "/api/v3/gems/rails.json", NULL, NULL),
    NON(GEMS, G, "/api/v1/search/autocomplete", "query=rai", API,
        "/api/v1/search/autocomplete"),
    NON(GEMS, G, "/api/v1/api_key", NULL, API, "/api/v1/api_key"),
    NON(GEMS, PO, "/api/v1/webauthn_verification", NULL, WR,
        "/api/v1/webauthn_verification"),
    NON(GEMS, G, "/api/v1/profile/me.yaml", NULL, API,
        "/api/v1/profile/me.yaml"),
    /* push and yank name the gem in the body: unknown, refused */
    UNK(GEMS, PO, "/api/v1/gems", NULL, NULL),
    UNK(GEMS, DE, "/api/v1/gems/yank", "gem_name=rails&version=1.0",
        "yank"),

    /* ============================================================== */
    /* Cargo                                                          */

    NON(CARGO, G, "/config.json", NULL, META, "/config.json"),
    NON(CARGO, H, "/config.json", NULL, META, "/config.json"),
    UNK(CARGO, G, "/", NULL, NULL),
    UNK(CARGO, G, "/se/rd", NULL, NULL),

    /* the sparse index */
    PKG(CARGO, G, "/1/a", NULL, META, "a", NULL, NULL, "/1/a"),
    PKG(CARGO, G, "/1/A", NULL, META, "a", NULL, NULL, "/1/A"),
    PKG(CARGO, G, "/2/cc", NULL, META, "cc", NULL, NULL, "/2/cc"),
    PKG(CARGO, G, "/2/ab", NULL, META, "ab", NULL, NULL, "/2/ab"),
    PKG(CARGO, G, "/3/s/syn", NULL, META, "syn", NULL, NULL, "/3/s/syn"),
    PKG(CARGO, G, "/3/l/log", NULL, META, "log", NULL, NULL, "/3/l/log"),
    PKG(CARGO, G, "/3/S/syn", NULL, META, "syn", NULL, NULL, "/3/S/syn"),
    PKG(CARGO, G, "/se/rd/serde", NULL, META, "serde", NULL, NULL,
        "/se/rd/serde"),
    PKG(CARGO, H, "/se/rd/serde", NULL, META, "serde", NULL, NULL,
        "/se/rd/serde"),
    PKG(CARGO, G, "/to/ki/tokio", NULL, META, "tokio", NULL, NULL,
        "/to/ki/tokio"),
    PKG(CARGO, G, "/ra/nd/rand", NULL, META, "rand", NULL, NULL,
        "/ra/nd/rand"),
    PKG(CARGO, G, "/se/rd/serde_json", NULL, META, "serde-json", NULL, NULL,
        "/se/rd/serde_json"),
    PKG(CARGO, G, "/se/rd/serde-json", NULL, META, "serde-json", NULL, NULL,
        "/se/rd/serde-json"),
    PKG(CARGO, G, "/in/fl/inflector", NULL, META, "inflector", NULL, NULL,
        "/in/fl/inflector"),
    PKG(CARGO, G, "/In/Fl/Inflector", NULL, META, "inflector", NULL, NULL,
        "/In/Fl/Inflector"),
    PKG(CARGO, G, "/Se/rd/Serde_Json", NULL, META, "serde-json", NULL, NULL,
        "/Se/rd/Serde_Json"),
    PKG(CARGO, G, "/wa/sm/wasm-bindgen", NULL, META, "wasm-bindgen", NULL,
        NULL, "/wa/sm/wasm-bindgen"),
    PKG(CARGO, G, "/pr/oc/proc-macro2", NULL, META, "proc-macro2", NULL,
        NULL, "/pr/oc/proc-macro2"),
    PKG(CARGO, G, "/pr/oc/proc_macro2", NULL, META, "proc-macro2", NULL,
        NULL, "/pr/oc/proc_macro2"),
    PKG(CARGO, G, "/x/../se/rd/serde", NULL, META, "serde", NULL, NULL,
        "/se/rd/serde"),
    PKG(CARGO, G, "/se/rd/%73erde", NULL, META, "serde", NULL, NULL,
        "/se/rd/serde"),
    PKG(CARGO, G, "/aa/aa/aaaa" A50 A10, NULL, META, "aaaa" A50 A10, NULL,
        NULL, "/aa/aa/aaaa" A50 A10),
    BAD(CARGO, G, "/aa/aa/aaaa" A50 A10 "a", NULL),
    BAD(CARGO, G, "/se/rd/tokio", NULL),
    BAD(CARGO, G, "/1/ab", NULL),
    BAD(CARGO, G, "/2/a", NULL),
    BAD(CARGO, G, "/2/abc", NULL),
    BAD(CARGO, G, "/3/t/syn", NULL),
    BAD(CARGO, G, "/3/sy/syn", NULL),
    BAD(CARGO, G, "/3/synx/syn", NULL),
    UNK(CARGO, G, "/3/syn", NULL, NULL),
    BAD(CARGO, G, "/se/rd/ser", NULL),
    BAD(CARGO, G, "/se/rd/se%20rde", NULL),
    BAD(CARGO, G, "/-s/er/-serde", NULL),
    BAD(CARGO, G, "/1/_", NULL),
    BAD(CARGO, G, "/se/rd/serde%00", NULL),

    /* downloads */
    PKG(CARGO, G, "/api/v1/crates/serde/1.0.197/download", NULL, ART,
        "serde", "1.0.197", NULL, "/api/v1/crates/serde/1.0.197/download"),
    PKG(CARGO, H, "/api/v1/crates/serde/1.0.197/download", NULL, ART,
        "serde", "1.0.197", NULL, "/api/v1/crates/serde/1.0.197/download"),
    PKG(CARGO, G, "/api/v1/crates/serde_json/1.0.114/download", NULL, ART,
        "serde-json", "1.0.114", NULL,
        "/api/v1/crates/serde_json/1.0.114/download"),
    PKG(CARGO, G, "/api/v1/crates/Serde/1.0.197/download", NULL, ART,
        "serde", "1.0.197", NULL, "/api/v1/crates/Serde/1.0.197/download"),
    PKG(CARGO, G, "/api/v1/crates/tokio/1.37.0-alpha.1/download", NULL, ART,
        "tokio", "1.37.0-alpha.1", NULL,
        "/api/v1/crates/tokio/1.37.0-alpha.1/download"),
    PKG(CARGO, G, "/api/v1/crates/mycrate/1.0.0+build.1/download", NULL, ART,
        "mycrate", "1.0.0+build.1", NULL,
        "/api/v1/crates/mycrate/1.0.0%2Bbuild.1/download"),
    PKG(CARGO, G, "/crates/serde/serde-1.0.197.crate", NULL, ART, "serde",
        "1.0.197", "serde-1.0.197.crate", "/crates/serde/serde-1.0.197.crate"),
    PKG(CARGO, G, "/crates/serde_json/serde_json-1.0.114.crate", NULL, ART,
        "serde-json", "1.0.114", "serde_json-1.0.114.crate",
        "/crates/serde_json/serde_json-1.0.114.crate"),
    PKG(CARGO, G, "/crates/proc-macro2/proc-macro2-1.0.79.crate", NULL, ART,
        "proc-macro2", "1.0.79", "proc-macro2-1.0.79.crate",
        "/crates/proc-macro2/proc-macro2-1.0.79.crate"),
    PKG(CARGO, G, "/crates/Inflector/Inflector-0.11.4.crate", NULL, ART,
        "inflector", "0.11.4", "Inflector-0.11.4.crate",
        "/crates/Inflector/Inflector-0.11.4.crate"),
    PKG(CARGO, G, "/crates/serde/1.0.197/download", NULL, ART, "serde",
        "1.0.197", NULL, "/crates/serde/1.0.197/download"),
    PKG(CARGO, G, "/crates/serde_json/1.0.114/download", NULL, ART,
        "serde-json", "1.0.114", NULL, "/crates/serde_json/1.0.114/download"),
    BAD(CARGO, G, "/crates/serde/tokio-1.0.0.crate", NULL),
    BAD(CARGO, G, "/crates/serde/serde-1.0.197.tar.gz", NULL),
    BAD(CARGO, G, "/crates/serde/serde-latest.crate", NULL),
    BAD(CARGO, G, "/crates/serde/serde-.crate", NULL),
    BAD(CARGO, G, "/crates/serde/latest/download", NULL),
    BAD(CARGO, G, "/crates/serde", NULL),
    BAD(CARGO, G, "/crates/-serde/1.0.0/download", NULL),
    BAD(CARGO, G, "/api/v1/crates/serde/latest/download", NULL),
    BAD(CARGO, G, "/api/v1/crates/-serde/1.0.0/download", NULL),
    BAD(CARGO, G, "/api/v1/crates/se%20rde", NULL),

    /* the web API */
    NON(CARGO, G, "/api/v1/crates", "q=serde&per_page=10", API,
        "/api/v1/crates"),
    /* publish names the crate in the body: unknown, refused */
    UNK(CARGO, PU, "/api/v1/crates/new", NULL, NULL),
    PKG(CARGO, G, "/api/v1/crates/serde", NULL, META, "serde", NULL, NULL,
        "/api/v1/crates/serde"),
    PKG(CARGO, G, "/api/v1/crates/serde/1.0.197", NULL, META, "serde",
        "1.0.197", NULL, "/api/v1/crates/serde/1.0.197"),
    PKG(CARGO, G, "/api/v1/crates/serde/versions", NULL, META, "serde",
        NULL, NULL, "/api/v1/crates/serde/versions"),
    PKG(CARGO, G, "/api/v1/crates/serde/owners", NULL, API, "serde", NULL,
        NULL, "/api/v1/crates/serde/owners"),
    PKG(CARGO, DE, "/api/v1/crates/serde/1.0.0/yank", NULL, WR, "serde",
        "1.0.0", NULL, "/api/v1/crates/serde/1.0.0/yank"),
    PKG(CARGO, PU, "/api/v1/crates/serde/1.0.0/unyank", NULL, WR, "serde",
        "1.0.0", NULL, "/api/v1/crates/serde/1.0.0/unyank"),
    PKG(CARGO, PU, "/api/v1/crates/serde/owners", NULL, WR, "serde", NULL,
        NULL, "/api/v1/crates/serde/owners"),

    /* closed by default: the catalogue's rows, and what it lacks */
    PKG(CARGO, G, "/readmes/serde/serde-1.0.197.html", NULL, META, "serde",
        "1.0.197", "serde-1.0.197.html", "/readmes/serde/serde-1.0.197.html"),
    BAD(CARGO, G, "/readmes/serde/tokio-1.0.0.html", NULL),
    BAD(CARGO, G, "/readmes/serde", NULL),
    PKG(CARGO, G, "/api/v1/crates/serde/1.0.197/readme", NULL, META, "serde",
        "1.0.197", NULL, NULL),
    PKG(CARGO, G, "/api/v1/crates/serde/1.0.197/dependencies", NULL, META,
        "serde", "1.0.197", NULL, NULL),
    PKG(CARGO, G, "/api/v1/crates/serde/1.0.197/authors", NULL, META,
        "serde", "1.0.197", NULL, NULL),
    PKG(CARGO, G, "/api/v1/crates/serde/reverse_dependencies", NULL, API,
        "serde", NULL, NULL, NULL),
    PKG(CARGO, DE, "/api/v1/crates/serde/owners", NULL, WR, "serde", NULL,
        NULL, NULL),
    PKG(CARGO, PA, "/api/v1/crates/serde/1.0.0", NULL, WR, "serde",
        "1.0.0", NULL, NULL),
    PKG(CARGO, DE, "/api/v1/crates/serde", NULL, WR, "serde", NULL, NULL,
        NULL),
    PKG(CARGO, PU, "/api/v1/crates/serde/follow", NULL, WR, "serde", NULL,
        NULL, NULL),
    UNK(CARGO, G, "/api/v1/crates/serde/readme", NULL, "serde"),
    UNKV(CARGO, G, "/api/v1/crates/serde/1.0.0/frobnicate", NULL,
        "serde", "1.0.0", NULL),
    UNKV(CARGO, G, "/api/v1/crates/serde/1.0.0/download/x", NULL,
        "serde", "1.0.0", NULL),
    UNKV(CARGO, G, "/api/v1/crates/serde/1.0.0/yank", NULL,
        "serde", "1.0.0", NULL),
    UNKV(CARGO, PU, "/api/v1/crates/serde/1.0.0/yank", NULL,
        "serde", "1.0.0", NULL),
    UNKV(CARGO, DE, "/api/v1/crates/serde/1.0.0/unyank", NULL,
        "serde", "1.0.0", NULL),
    UNK(CARGO, PO, "/api/v1/crates/serde/versions", NULL, "serde"),
    UNK(CARGO, PU, "/api/v1/crates/serde", NULL, "serde"),
    UNKV(CARGO, PO, "/api/v1/crates/serde/1.0.0/download", NULL,
        "serde", "1.0.0", NULL),
    UNK(CARGO, G, "/api/v1/crates/new", NULL, NULL),
    UNK(CARGO, PO, "/api/v1/crates", NULL, NULL),
    UNK(CARGO, PO, "/config.json", NULL, NULL),
    UNK(CARGO, PU, "/se/rd/serde", NULL, "serde"),
    UNKV(CARGO, DE, "/crates/serde/serde-1.0.0.crate", NULL, "serde", "1.0.0",
        "serde-1.0.0.crate"),
    UNK(CARGO, G, "/crates/serde/serde-1.0.0.zip", NULL, "serde"),
    UNK(CARGO, G, "/crates/serde/serde-1.0.0.zip.json", NULL, "serde"),
    UNK(CARGO, G, "/rss/crates/serde.xml", NULL, "serde"),
    UNK(CARGO, G, "/rss/crates.xml", NULL, NULL),
    UNK(CARGO, G, "/rss/updates.xml", NULL, NULL),
    UNK(CARGO, G, "/og-images/serde.png", NULL, NULL),
    UNK(CARGO, G, "/db-dump.tar.gz", NULL, NULL),
    UNK(CARGO, G, "/api/v1/summary", NULL, NULL),
    UNK(CARGO, G, "/api/v1/me", NULL, NULL),
    UNK(CARGO, G, "/api/openapi.json", NULL, NULL),
    UNK(CARGO, G, "/git/index/info/refs", "service=git-upload-pack", NULL),
    UNK(CARGO, PO, "/git/index/git-upload-pack", NULL, NULL),
    UNK(CARGO, G, "/api/v1/keywords", NULL, NULL),

    /* ============================================================== */
    /* GitHub, GitLab                                                 */

/* several names (every reading of the path), with version and file */
#define GHM(m, p, q, k, first, all, v, f, cp)                              \
    { __LINE__, GH, m, p, q, PR_CLASS_PACKAGE, k, first, all, v, f, cp,    \
      NULL }

/* unknown, with the name, version and file it carries */
#define GHU(m, p, q, n, v, f)                                               \
    { __LINE__, GH, m, p, q, PR_CLASS_UNKNOWN, K_ANY, n, NULL, v, f, NULL,  \
      NULL }

    /* archives */
    PKG(GH, G, "/torvalds/linux/archive/refs/heads/master.zip", NULL, ART,
        "torvalds/linux", "master", "master.zip",
        "/torvalds/linux/archive/refs/heads/master.zip"),
    PKG(GH, H, "/torvalds/linux/archive/refs/heads/master.zip", NULL, ART,
        "torvalds/linux", "master", "master.zip",
        "/torvalds/linux/archive/refs/heads/master.zip"),
    PKG(GH, G, "/psf/requests/archive/refs/tags/v2.31.0.tar.gz", NULL, ART,
        "psf/requests", "v2.31.0", "v2.31.0.tar.gz",
        "/psf/requests/archive/refs/tags/v2.31.0.tar.gz"),
    PKG(GH, G, "/pallets/flask/archive/refs/heads/main.tar.gz", NULL, ART,
        "pallets/flask", "main", "main.tar.gz",
        "/pallets/flask/archive/refs/heads/main.tar.gz"),
    PKG(GH, G, "/owner/repo/archive/refs/heads/feature/new-parser.zip", NULL,
        ART, "owner/repo", "feature/new-parser", "new-parser.zip",
        "/owner/repo/archive/refs/heads/feature/new-parser.zip"),
    PKG(GH, G, "/owner/repo/archive/refs/heads/feature%2Fnew-parser.zip",
        NULL, ART, "owner/repo", "feature/new-parser", "new-parser.zip",
        "/owner/repo/archive/refs/heads/feature/new-parser.zip"),
    PKG(GH, G, "/owner/repo/archive/" SHA1 ".tar.gz", NULL, ART,
        "owner/repo", SHA1, SHA1 ".tar.gz",
        "/owner/repo/archive/" SHA1 ".tar.gz"),
    PKG(GH, G, "/owner/repo/archive/v1.0.0.zip", NULL, ART, "owner/repo",
        "v1.0.0", "v1.0.0.zip", "/owner/repo/archive/v1.0.0.zip"),
    PKG(GH, G, "/owner/repo/archive/main.tar.gz", NULL, ART, "owner/repo",
        "main", "main.tar.gz", "/owner/repo/archive/main.tar.gz"),
    PKG(GH, G, "/Microsoft/VSCode/archive/refs/heads/main.zip", NULL, ART,
        "microsoft/vscode", "main", "main.zip",
        "/Microsoft/VSCode/archive/refs/heads/main.zip"),
    PKG(GH, G, "/owner/repo.js/archive/v1.0.zip", NULL, ART,
        "owner/repo.js", "v1.0", "v1.0.zip", "/owner/repo.js/archive/v1.0.zip"),
    /* bypass suite (t/100-bypass.t): no repository name ends in ".git",
     * so "repo.git" is "repo", checked and forwarded as such */
    PKG(GH, G, "/evil/repo.git/archive/v1.zip", NULL, ART, "evil/repo",
        "v1", "v1.zip", "/evil/repo/archive/v1.zip"),
    PKG(GH, G, "/Evil/Repo.GIT/archive/refs/tags/v1.tar.gz", NULL, ART,
        "evil/repo", "v1", "v1.tar.gz", "/Evil/Repo/archive/refs/tags/v1.tar.gz"),
    PKG(GH, G, "/evil/repo%2egit/tar.gz/v1", NULL, ART, "evil/repo", "v1",
        NULL, "/evil/repo/tar.gz/v1"),
    PKG(GH, G, "/evil/repo.git.git/releases/download/v1/x.zip", NULL, ART,
        "evil/repo", "v1", "x.zip", "/evil/repo/releases/download/v1/x.zip"),
    PKG(GH, G, "/repos/evil/repo.git/zipball/v1", NULL, ART, "evil/repo",
        "v1", NULL, "/repos/evil/repo/zipball/v1"),
    PKG(GH, G, "/group/project.git/-/archive/main/project-main.zip", NULL,
        ART, "group/project", "main", "project-main.zip",
        "/group/project/-/archive/main/project-main.zip"),
    PKG(GH, G, "/owner/a.git/archive/v1.zip", NULL, ART, "owner/a", "v1",
        "v1.zip", "/owner/a/archive/v1.zip"),
    PKG(GH, G, "/owner/x.gitx/archive/v1.zip", NULL, ART, "owner/x.gitx",
        "v1", "v1.zip", "/owner/x.gitx/archive/v1.zip"),
    PKG(GH, G, "/owner/git/archive/v1.zip", NULL, ART, "owner/git", "v1",
        "v1.zip", "/owner/git/archive/v1.zip"),
    BAD(GH, G, "/owner/.git/archive/v1.zip", NULL),
    PKG(GH, G, "/my-org/my_repo/archive/refs/tags/v0.1.0-rc.1.tar.gz", NULL,
        ART, "my-org/my_repo", "v0.1.0-rc.1", "v0.1.0-rc.1.tar.gz",
        "/my-org/my_repo/archive/refs/tags/v0.1.0-rc.1.tar.gz"),
    PKG(GH, G, "/x/../owner/repo/archive/main.zip", NULL, ART, "owner/repo",
        "main", "main.zip", "/owner/repo/archive/main.zip"),
    PKG(GH, G, "/owner/%72epo/archive/main.zip", NULL, ART, "owner/repo",
        "main", "main.zip", "/owner/repo/archive/main.zip"),
    BAD(GH, G, "/owner/repo/archive/refs/heads/main.tar.bz2", NULL),
    BAD(GH, G, "/owner/repo/archive/.zip", NULL),
    BAD(GH, G, "/owner/repo/archive/refs/heads/.zip", NULL),
    BAD(GH, G, "/.owner/repo/archive/main.zip", NULL),
    BAD(GH, G, "/owner/re%20po/archive/main.zip", NULL),
    BAD(GH, G, "/owner/repo/archive/main%00.zip", NULL),

    /* codeload */
    PKG(GH, G, "/owner/repo/zip/refs/heads/main", NULL, ART, "owner/repo",
        "main", NULL, "/owner/repo/zip/refs/heads/main"),
    PKG(GH, G, "/owner/repo/tar.gz/refs/tags/v1.0.0", NULL, ART,
        "owner/repo", "v1.0.0", NULL, "/owner/repo/tar.gz/refs/tags/v1.0.0"),
    PKG(GH, G, "/owner/repo/tar.gz/v1.0.0", NULL, ART, "owner/repo",
        "v1.0.0", NULL, "/owner/repo/tar.gz/v1.0.0"),
    PKG(GH, G, "/owner/repo/zip/" SHA1, NULL, ART, "owner/repo", SHA1, NULL,
        "/owner/repo/zip/" SHA1),
    PKG(GH, G, "/owner/repo/legacy.tar.gz/refs/heads/main", NULL, ART,
        "owner/repo", "main", NULL, "/owner/repo/legacy.tar.gz/refs/heads/main"),
    PKG(GH, G, "/owner/repo/legacy.zip/main", NULL, ART, "owner/repo",
        "main", NULL, "/owner/repo/legacy.zip/main"),
    PKG(GH, G, "/owner/repo/tar.gz/refs/heads/feature/x", NULL, ART,
        "owner/repo", "feature/x", NULL,
        "/owner/repo/tar.gz/refs/heads/feature/x"),

    /* releases */
    PKG(GH, G, "/cli/cli/releases/download/v2.46.0/"
        "gh_2.46.0_linux_amd64.tar.gz", NULL, ART, "cli/cli", "v2.46.0",
        "gh_2.46.0_linux_amd64.tar.gz",
        "/cli/cli/releases/download/v2.46.0/gh_2.46.0_linux_amd64.tar.gz"),
    PKG(GH, G, "/BurntSushi/ripgrep/releases/download/14.1.0/"
        "ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz", NULL, ART,
        "burntsushi/ripgrep", "14.1.0",
        "ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz",
        "/BurntSushi/ripgrep/releases/download/14.1.0/"
        "ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz"),
    PKG(GH, G, "/owner/repo/releases/download/release/1.0/tool.zip", NULL,
        ART, "owner/repo", "release/1.0", "tool.zip",
        "/owner/repo/releases/download/release/1.0/tool.zip"),
    PKG(GH, G, "/owner/repo/releases/download/v1.0/tool%20v1.zip", NULL, ART,
        "owner/repo", "v1.0", "tool v1.zip",
        "/owner/repo/releases/download/v1.0/tool%20v1.zip"),
    PKG(GH, G, "/owner/repo/releases/download/v1.0/tool+extra.zip", NULL,
        ART, "owner/repo", "v1.0", "tool+extra.zip",
        "/owner/repo/releases/download/v1.0/tool%2Bextra.zip"),
    PKG(GH, G, "/owner/repo/releases/latest/download/tool-linux-amd64.zip",
        NULL, ART, "owner/repo", NULL, "tool-linux-amd64.zip",
        "/owner/repo/releases/latest/download/tool-linux-amd64.zip"),

    /* the API */
    PKG(GH, G, "/repos/owner/repo/tarball/main", NULL, ART, "owner/repo",
        "main", NULL, "/repos/owner/repo/tarball/main"),
    PKG(GH, G, "/repos/owner/repo/zipball/v1.0.0", NULL, ART, "owner/repo",
        "v1.0.0", NULL, "/repos/owner/repo/zipball/v1.0.0"),
    PKG(GH, G, "/repos/Owner/Repo/tarball/main", NULL, ART, "owner/repo",
        "main", NULL, "/repos/Owner/Repo/tarball/main"),
    PKG(GH, G, "/repos/owner/repo/tarball", NULL, ART, "owner/repo", NULL,
        NULL, "/repos/owner/repo/tarball"),
    PKG(GH, G, "/repos/owner/repo/tarball/feature/x", NULL, ART,
        "owner/repo", "feature/x", NULL,
        "/repos/owner/repo/tarball/feature/x"),
    BAD(GH, G, "/repos/owner/.repo/tarball/main", NULL),

    /* GitLab */
    PKG(GH, G, "/gitlab-org/gitlab-runner/-/archive/v16.10.0/"
        "gitlab-runner-v16.10.0.tar.gz", NULL, ART,
        "gitlab-org/gitlab-runner", "v16.10.0",
        "gitlab-runner-v16.10.0.tar.gz",
        "/gitlab-org/gitlab-runner/-/archive/v16.10.0/"
        "gitlab-runner-v16.10.0.tar.gz"),
    /* a subgroup: raw.githubusercontent.com would read the path as
     * "group/sub" at the ref "project": both names are checked */
    GHM(G, "/group/sub/project/-/archive/main/project-main.zip", NULL,
        ART, "group/sub/project", "group/sub/project,group/sub", "main",
        "project-main.zip",
        "/group/sub/project/-/archive/main/project-main.zip"),
    GHM(G, "/group/sub/project/-/archive/feature/x/project-feature-x.zip",
        NULL, ART, "group/sub/project", "group/sub/project,group/sub",
        "feature/x", "project-feature-x.zip",
        "/group/sub/project/-/archive/feature/x/project-feature-x.zip"),
    GHM(G, "/Group/Sub/Project/-/archive/main/Project-main.zip", NULL,
        ART, "group/sub/project", "group/sub/project,group/sub", "main",
        "Project-main.zip",
        "/Group/Sub/Project/-/archive/main/Project-main.zip"),
    PKG(GH, G, "/group/project/-/archive/" SHA1 "/project-" SHA1 ".tar.gz",
        NULL, ART, "group/project", SHA1, "project-" SHA1 ".tar.gz",
        "/group/project/-/archive/" SHA1 "/project-" SHA1 ".tar.gz"),
    PKG(GH, G, "/group/project/-/archive/main/project-main.zip", "path=docs",
        ART, "group/project", "main", "project-main.zip",
        "/group/project/-/archive/main/project-main.zip"),
    BAD(GH, G, "/group/.project/-/archive/main/project-main.zip", NULL),

    /* raw files: github.com, raw.githubusercontent.com */
    PKG(GH, G, "/owner/repo/raw/main/setup.py", NULL, META, "owner/repo",
        NULL, "setup.py", "/owner/repo/raw/main/setup.py"),
    PKG(GH, G, "/Owner/Repo.git/raw/refs/heads/main/a/b.c", NULL, META,
        "owner/repo", NULL, "b.c", "/Owner/Repo/raw/refs/heads/main/a/b.c"),
    PKG(GH, G, "/owner/repo/blob/main/README.md", "raw=true", META,
        "owner/repo", NULL, "README.md", "/owner/repo/blob/main/README.md"),
    PKG(GH, H, "/owner/repo/blob/main/README.md", NULL, META, "owner/repo",
        NULL, "README.md", "/owner/repo/blob/main/README.md"),
    PKG(GH, G, "/owner/repo/main/install.sh", NULL, META, "owner/repo", NULL,
        "install.sh", "/owner/repo/main/install.sh"),
    PKG(GH, G, "/owner/repo/refs/heads/main/src/x.c", NULL, META,
        "owner/repo", NULL, "x.c", "/owner/repo/refs/heads/main/src/x.c"),
    PKG(GH, G, "/owner/repo/" SHA1 "/setup.py", NULL, META, "owner/repo",
        NULL, "setup.py", "/owner/repo/" SHA1 "/setup.py"),
    PKG(GH, G, "/owner/repo/pulls/1", NULL, META, "owner/repo", NULL, "1",
        "/owner/repo/pulls/1"),
    PKG(GH, G, "/owner/repo/releases/tag/v1", NULL, META, "owner/repo", NULL,
        "v1", "/owner/repo/releases/tag/v1"),
    PKG(GH, G, "/x/../evil/repo/main/x.py", NULL, META, "evil/repo", NULL,
        "x.py", "/evil/repo/main/x.py"),
    PKG(GH, G, "/evil%2Frepo%2Fmain%2Fx.py", NULL, META, "evil/repo", NULL,
        "x.py", "/evil/repo/main/x.py"),
    BAD(GH, G, "/owner/.repo/main/x.py", NULL),
    /* GitHub Enterprise Server's raw files: /raw/<owner>/<repo>/... */
    PKG(GH, G, "/raw/evil/repo/main/x.py", NULL, META, "evil/repo", NULL,
        "x.py", "/raw/evil/repo/main/x.py"),
    PKG(GH, G, "/raw/Evil/Repo.git/refs/heads/main/a/x.py", NULL, META,
        "evil/repo", NULL, "x.py", "/raw/Evil/Repo/refs/heads/main/a/x.py"),
    UNK(GH, G, "/raw/evil/repo/main", NULL, NULL),

    /* git over HTTP: forwarded as <repo>.git, where GitLab serves it */
    PKG(GH, G, "/owner/repo.git/info/refs", "service=git-upload-pack", API,
        "owner/repo", NULL, NULL, "/owner/repo.git/info/refs"),
    PKG(GH, G, "/Owner/Repo/info/refs", "service=git-upload-pack", API,
        "owner/repo", NULL, NULL, "/Owner/Repo.git/info/refs"),
    PKG(GH, G, "/evil/repo.git.git/info/refs", "service=git-upload-pack",
        API, "evil/repo", NULL, NULL, "/evil/repo.git/info/refs"),
    PKG(GH, PO, "/owner/repo.git/git-upload-pack", NULL, ART, "owner/repo",
        NULL, NULL, "/owner/repo.git/git-upload-pack"),
    PKG(GH, PO, "/owner/repo/git-upload-pack", NULL, ART, "owner/repo",
        NULL, NULL, "/owner/repo.git/git-upload-pack"),
    PKG(GH, PO, "/owner/repo.git/git-receive-pack", NULL, WR, "owner/repo",
        NULL, NULL, "/owner/repo.git/git-receive-pack"),
    PKG(GH, PO, "/owner/repo.git/info/lfs/objects/batch", NULL, API,
        "owner/repo", NULL, NULL, "/owner/repo.git/info/lfs/objects/batch"),
    PKG(GH, G, "/group/project.git/gitlab-lfs/objects/" SHA, NULL, ART,
        "group/project", SHA, NULL,
        "/group/project.git/gitlab-lfs/objects/" SHA),
    MULTI(GH, G, "/group/sub/project.git/info/refs",
        "service=git-upload-pack", API, "group/sub/project",
        "group/sub/project,group/sub", "/group/sub/project.git/info/refs",
        NULL),
    MULTI(GH, PO, "/group/sub/project.git/git-upload-pack", NULL, ART,
        "group/sub/project", "group/sub/project,group/sub",
        "/group/sub/project.git/git-upload-pack", NULL),
    /* a file "info/refs" of raw.githubusercontent.com: both readings */
    MULTI(GH, G, "/evil/repo/main/info/refs", NULL, API, "evil/repo/main",
        "evil/repo/main,evil/repo", "/evil/repo/main.git/info/refs", NULL),
    /* a GitLab project's file "info/refs" is that, not git */
    PKG(GH, G, "/group/project/-/raw/main/info/refs", NULL, META,
        "group/project", NULL, "refs", "/group/project/-/raw/main/info/refs"),
    /* a wiki's repository is the repository's too */
    MULTI(GH, G, "/evil/repo.wiki.git/info/refs", "service=git-upload-pack",
        API, "evil/repo.wiki", "evil/repo.wiki,evil/repo",
        "/evil/repo.wiki.git/info/refs", NULL),
    MULTI(GH, PO, "/group/sub/Project.Wiki.git/git-upload-pack", NULL, ART,
        "group/sub/project.wiki",
        "group/sub/project.wiki,group/sub/project,group/sub",
        "/group/sub/Project.Wiki.git/git-upload-pack", NULL),
    BAD(GH, G, "/evil/.wiki.git/info/refs", NULL),
    UNK(GH, G, "/info/refs", "service=git-upload-pack", NULL),
    UNK(GH, G, "/owner/info/refs", "service=git-upload-pack", NULL),
    UNK(GH, G, "/owner/repo.git/git-upload-pack", NULL, "owner/repo"),
    UNK(GH, PU, "/owner/repo.git/info/refs", NULL, "owner/repo"),

    /* api.github.com: a repository's content (Enterprise: /api/v3) */
    PKG(GH, G, "/repos/owner/repo/contents/setup.py", "ref=main", META,
        "owner/repo", NULL, "setup.py", "/repos/owner/repo/contents/setup.py"),
    PKG(GH, G, "/repos/owner/repo/contents", NULL, META, "owner/repo", NULL,
        NULL, "/repos/owner/repo/contents"),
    PKG(GH, G, "/repos/Owner/Repo/contents/a/b/c.py", NULL, META,
        "owner/repo", NULL, "c.py", "/repos/Owner/Repo/contents/a/b/c.py"),
    PKG(GH, G, "/repos/owner/repo/readme", NULL, META, "owner/repo", NULL,
        NULL, "/repos/owner/repo/readme"),
    PKG(GH, G, "/repos/owner/repo/git/blobs/" SHA1, NULL, ART, "owner/repo",
        SHA1, NULL, "/repos/owner/repo/git/blobs/" SHA1),
    PKG(GH, G, "/repos/owner/repo/git/trees/main", "recursive=1", ART,
        "owner/repo", "main", NULL, "/repos/owner/repo/git/trees/main"),
    PKG(GH, G, "/repos/owner/repo/git/refs/tags", NULL, META, "owner/repo",
        NULL, NULL, "/repos/owner/repo/git/refs/tags"),
    PKG(GH, G, "/repos/owner/repo/commits/main", NULL, META, "owner/repo",
        "main", NULL, "/repos/owner/repo/commits/main"),
    PKG(GH, G, "/repos/owner/repo", NULL, META, "owner/repo", NULL, NULL,
        "/repos/owner/repo"),
    PKG(GH, G, "/repos/owner/repo/releases/latest", NULL, META, "owner/repo",
        NULL, NULL, "/repos/owner/repo/releases/latest"),
    PKG(GH, G, "/repos/owner/repo/releases/tags/v1.0", NULL, META,
        "owner/repo", NULL, NULL, "/repos/owner/repo/releases/tags/v1.0"),
    PKG(GH, G, "/repos/owner/repo/releases/assets/12345", NULL, ART,
        "owner/repo", NULL, NULL, "/repos/owner/repo/releases/assets/12345"),
    PKG(GH, G, "/repos/owner/repo/actions/artifacts/42/zip", NULL, ART,
        "owner/repo", NULL, NULL,
        "/repos/owner/repo/actions/artifacts/42/zip"),
    PKG(GH, G, "/api/v3/repos/owner/repo/zipball/v1", NULL, ART,
        "owner/repo", "v1", NULL, "/api/v3/repos/owner/repo/zipball/v1"),
    PKG(GH, G, "/api/v3/repos/owner/repo/contents/x.py", NULL, META,
        "owner/repo", NULL, "x.py", "/api/v3/repos/owner/repo/contents/x.py"),
    PKG(GH, G, "/repos/good/repo/../../evil/repo/contents/x", NULL, META,
        "evil/repo", NULL, "x", "/repos/evil/repo/contents/x"),
    BAD(GH, G, "/repos/owner/.repo/contents/x", NULL),
    UNK(GH, G, "/repos/owner/repo/issues", NULL, "owner/repo"),
    UNK(GH, G, "/repos/owner/repo/git/blobs", NULL, "owner/repo"),
    GHU(PU, "/repos/owner/repo/contents/x.py", NULL, "owner/repo", NULL,
        "x.py"),
    UNK(GH, DE, "/repos/owner/repo/releases/assets/1", NULL, "owner/repo"),
    UNK(GH, G, "/repos/owner", NULL, NULL),
    UNK(GH, G, "/api/v3/users/owner", NULL, NULL),

    /* opaque ids and what names no repository: unknown */
    UNK(GH, G, "/repositories/123/tarball/main", NULL, NULL),
    UNK(GH, G, "/repositories/123/contents/x.py", NULL, NULL),
    UNK(GH, G, "/repositories/123", NULL, NULL),
    UNK(GH, G, "/github-production-release-asset-2e65be/123/456",
        "X-Amz-Signature=x", NULL),
    UNK(GH, G, "/orgs/owner/repos", NULL, NULL),
    /*
     * red team: files that name no repository were read as the raw
     * host's owner/repo ("-/project", "user-attachments/files"): GitLab's
     * uploads by project id and snippets, GitHub's issue attachments
     */
    UNK(GH, G, "/-/project/1/uploads/0123abcd/evil-1.0.tgz", NULL, NULL),
    UNK(GH, G, "/-/snippets/1/raw/main/evil.py", NULL, NULL),
    UNK(GH, G, "/-/snippets/1/raw", NULL, NULL),
    UNK(GH, G, "/uploads/-/system/personal_snippet/1/0123abcd/evil.tgz",
        NULL, NULL),
    UNK(GH, G, "/user-attachments/files/123/evil-1.0.zip", NULL, NULL),
    /* GitHub's legacy Downloads, /downloads/<owner>/<repo>/<file> */
    UNK(GH, G, "/downloads/evil/repo/evil-1.0.tgz", NULL, NULL),
    /* GitLab's group uploads, /groups/<group>/-/uploads/<secret>/<f> */
    UNK(GH, G, "/groups/evil/-/uploads/0123abcd/evil-1.0.tgz", NULL, NULL),
    UNK(GH, G, "/groups/evil/sub/-/uploads/0123abcd/evil.tgz", NULL, NULL),
    UNK(GH, G, "/users/owner/repos/x/y", NULL, NULL),
    UNK(GH, G, "/", NULL, NULL),
    UNK(GH, G, "/owner", NULL, NULL),
    UNK(GH, G, "/owner/repo", NULL, NULL),
    UNK(GH, G, "/owner/repo.git", NULL, NULL),
    UNK(GH, G, "/owner/repo/releases", NULL, NULL),
    UNK(GH, G, "/owner/repo/archive", NULL, NULL),
    NON(GH, G, "/rate_limit", NULL, API, "/rate_limit"),
    UNK(GH, PO, "/rate_limit", NULL, NULL),

    /* a blocked repository is named whatever the method */
    GHU(PU, "/evil/repo/archive/v1.zip", NULL, "evil/repo", "v1",
        "v1.zip"),
    GHU(DE, "/evil/repo/releases/download/v1/x.zip", NULL, "evil/repo",
        "v1", "x.zip"),
    GHU(PO, "/evil/repo/main/x.py", NULL, "evil/repo", NULL, "x.py"),

    /* GitLab: raw files, blobs, job artifacts, releases */
    PKG(GH, G, "/group/project/-/raw/main/install.sh", NULL, META,
        "group/project", NULL, "install.sh",
        "/group/project/-/raw/main/install.sh"),
    PKG(GH, G, "/group/project/-/raw/main/install.sh", "inline=false", META,
        "group/project", NULL, "install.sh",
        "/group/project/-/raw/main/install.sh"),
    PKG(GH, G, "/group/project/-/blob/main/setup.py", "format=json", META,
        "group/project", NULL, "setup.py",
        "/group/project/-/blob/main/setup.py"),
    GHM(G, "/group/sub/project/-/raw/v1/a/b.c", NULL, META,
        "group/sub/project", "group/sub/project,group/sub", NULL, "b.c",
        "/group/sub/project/-/raw/v1/a/b.c"),
    PKG(GH, G, "/group/project/-/jobs/artifacts/main/download", "job=build",
        META, "group/project", NULL, NULL,
        "/group/project/-/jobs/artifacts/main/download"),
    PKG(GH, G, "/group/project/-/jobs/artifacts/main/raw/dist/x.whl",
        "job=build", META, "group/project", NULL, NULL,
        "/group/project/-/jobs/artifacts/main/raw/dist/x.whl"),
    PKG(GH, G, "/group/project/-/jobs/123/artifacts/download", NULL, ART,
        "group/project", NULL, NULL,
        "/group/project/-/jobs/123/artifacts/download"),
    PKG(GH, G, "/group/project/-/releases/v1.0/downloads/bin/tool", NULL,
        ART, "group/project", NULL, "tool",
        "/group/project/-/releases/v1.0/downloads/bin/tool"),
    PKG(GH, G, "/group/project/-/releases", NULL, META, "group/project",
        NULL, NULL, "/group/project/-/releases"),
    PKG(GH, G, "/group/project/-/releases/permalink/latest/downloads/t.zip",
        NULL, ART, "group/project", NULL, "t.zip",
        "/group/project/-/releases/permalink/latest/downloads/t.zip"),
    PKG(GH, G, "/group/project/-/package_files/7/download", NULL, ART,
        "group/project", NULL, NULL,
        "/group/project/-/package_files/7/download"),
    PKG(GH, G, "/group/project/-/uploads/0123abcd/tool.zip", NULL, ART,
        "group/project", NULL, "tool.zip",
        "/group/project/-/uploads/0123abcd/tool.zip"),
    PKG(GH, G, "/group/project/-/blame/main/setup.py", NULL, META,
        "group/project", NULL, "setup.py",
        "/group/project/-/blame/main/setup.py"),
    PKG(GH, G, "/group/project/-/tree/main", NULL, META, "group/project",
        NULL, "main", "/group/project/-/tree/main"),
    /* GitLab's deprecated routes without "-" (repository_deprecated.rb):
     * every project path such a segment could end is named too */
    GHM(G, "/group/sub/project/raw/main/setup.py", NULL, META, "group/sub",
        "group/sub,group/sub/project", NULL, "setup.py",
        "/group/sub/project/raw/main/setup.py"),
    GHM(G, "/group/sub/project/blob/main/a/raw/b", NULL, META, "group/sub",
        "group/sub,group/sub/project,group/sub/project/blob/main/a", NULL,
        "b", "/group/sub/project/blob/main/a/raw/b"),
    GHM(G, "/group/sub/project/tree/main", NULL, META, "group/sub",
        "group/sub,group/sub/project", NULL, "main",
        "/group/sub/project/tree/main"),
    PKG(GH, G, "/group/project/blame/main/x", NULL, META, "group/project",
        NULL, "x", "/group/project/blame/main/x"),
    PKG(GH, G, "/group/sub/project/raw", NULL, META, "group/sub", NULL, "raw",
        "/group/sub/project/raw"),
    UNK(GH, G, "/group/project/-/issues/1", NULL, "group/project"),
    UNK(GH, G, "/group/project/-/jobs/artifacts/main", NULL,
        "group/project"),
    UNK(GH, G, "/group/project/-", NULL, "group/project"),
    GHU(PO, "/group/project/-/raw/main/x", NULL, "group/project", NULL,
        "x"),
    BAD(GH, G, "/group/.project/-/raw/main/x", NULL),

    /* GitLab's API: by the project's path (by id: unknown) */
    PKG(GH, G, "/api/v4/projects/group%2Fproject/repository/archive",
        "sha=v1.0", ART, "group/project", NULL, NULL,
        "/api/v4/projects/group%2Fproject/repository/archive"),
    PKG(GH, G, "/api/v4/projects/Group%2fProject/repository/archive.zip",
        NULL, ART, "group/project", NULL, NULL,
        "/api/v4/projects/Group%2FProject/repository/archive.zip"),
    PKG(GH, G, "/api/v4/projects/group%2Fsub%2Fproject/repository/files/"
        "src%2Fx.c/raw", "ref=main", META, "group/sub/project", NULL, "x.c",
        "/api/v4/projects/group%2Fsub%2Fproject/repository/files/src%2Fx.c/"
        "raw"),
    PKG(GH, G, "/api/v4/projects/group%2Fproject/repository/files/setup.py",
        "ref=main", META, "group/project", NULL, "setup.py",
        "/api/v4/projects/group%2Fproject/repository/files/setup.py"),
    PKG(GH, G, "/api/v4/projects/group%2Fproject/repository/blobs/" SHA1
        "/raw", NULL, ART, "group/project", SHA1, NULL,
        "/api/v4/projects/group%2Fproject/repository/blobs/" SHA1 "/raw"),
    PKG(GH, G, "/api/v4/projects/group%2Fproject/releases/v1/downloads/"
        "bin/tool", NULL, ART, "group/project", NULL, "tool",
        "/api/v4/projects/group%2Fproject/releases/v1/downloads/bin/tool"),
    PKG(GH, G, "/api/v4/projects/group%2Fproject/jobs/artifacts/main/"
        "download", "job=build", ART, "group/project", NULL, NULL,
        "/api/v4/projects/group%2Fproject/jobs/artifacts/main/download"),
    PKG(GH, G, "/api/v4/projects/group%2Fproject/packages/generic/tool/1.0/"
        "tool.tgz", NULL, ART, "group/project", "1.0", "tool.tgz",
        "/api/v4/projects/group%2Fproject/packages/generic/tool/1.0/"
        "tool.tgz"),
    /* a group named like a route word: the first route that fits */
    PKG(GH, G, "/api/v4/projects/corp%2Fjobs/repository/archive", NULL, ART,
        "corp/jobs", NULL, NULL,
        "/api/v4/projects/corp%2Fjobs/repository/archive"),
    PKG(GH, G, "/api/v4/projects/group/project/repository/archive", NULL,
        ART, "group/project", NULL, NULL,
        "/api/v4/projects/group%2Fproject/repository/archive"),
    UNK(GH, G, "/api/v4/projects/123/repository/archive", NULL, NULL),
    UNK(GH, G, "/api/v4/projects/123/repository/files/x.py/raw", "ref=main",
        NULL),
    UNK(GH, G, "/api/v4/projects/123/repository/blobs/" SHA1 "/raw", NULL,
        NULL),
    UNK(GH, G, "/api/v4/projects/123", NULL, NULL),
    UNK(GH, G, "/api/v4/projects/group%2Fproject/issues", NULL, NULL),
    UNK(GH, G, "/api/v4/projects/group%2Fproject", NULL, NULL),
    UNK(GH, G, "/api/v4/projects/group%2Fproject/repository/x", NULL, NULL),
    UNK(GH, G, "/api/v4/projects/group%2Fproject/packages/pypi/simple/x",
        NULL, NULL),
    UNK(GH, G, "/api/v4/groups/group/projects", NULL, NULL),
    UNK(GH, G, "/api/v4/version", NULL, NULL),
    GHU(PU, "/api/v4/projects/group%2Fproject/repository/files/x", NULL,
        "group/project", NULL, "x"),

    /* ============================================================== */
    /* generic: the path is the name                                  */

    PKG(GEN, G, "/tools/jq/jq-1.7.1-linux-amd64", NULL, ART,
        "tools/jq/jq-1.7.1-linux-amd64", NULL, "jq-1.7.1-linux-amd64",
        "/tools/jq/jq-1.7.1-linux-amd64"),
    PKG(GEN, H, "/tools/jq/jq-1.7.1-linux-amd64", NULL, ART,
        "tools/jq/jq-1.7.1-linux-amd64", NULL, "jq-1.7.1-linux-amd64",
        "/tools/jq/jq-1.7.1-linux-amd64"),
    PKG(GEN, G, "/releases/v1.2.3/app.tar.gz", NULL, ART,
        "releases/v1.2.3/app.tar.gz", NULL, "app.tar.gz",
        "/releases/v1.2.3/app.tar.gz"),
    PKG(GEN, G, "/releases/v1.2.3/", NULL, META, "releases/v1.2.3", NULL,
        NULL, "/releases/v1.2.3/"),
    PKG(GEN, G, "/Tools/JQ/jq", NULL, ART, "tools/jq/jq", NULL, "jq",
        "/Tools/JQ/jq"),
    PKG(GEN, G, "/a/../tools/jq", NULL, ART, "tools/jq", NULL, "jq",
        "/tools/jq"),
    PKG(GEN, G, "/tools//jq", NULL, ART, "tools/jq", NULL, "jq",
        "/tools/jq"),
    PKG(GEN, G, "/tools/%6aq", NULL, ART, "tools/jq", NULL, "jq",
        "/tools/jq"),
    PKG(GEN, G, "/files/my%20file.txt", NULL, ART, "files/my file.txt",
        NULL, "my file.txt", "/files/my%20file.txt"),
    PKG(GEN, G, "/files/caf%C3%A9.txt", NULL, ART, "files/caf\xc3\xa9.txt",
        NULL, "caf\xc3\xa9.txt", "/files/caf%C3%A9.txt"),
    PKG(GEN, G, "/files/%e2%82%ac.txt", NULL, ART, "files/\xe2\x82\xac.txt",
        NULL, "\xe2\x82\xac.txt", "/files/%E2%82%AC.txt"),
    PKG(GEN, G, "/files/a%2Fb.txt", NULL, ART, "files/a/b.txt", NULL,
        "b.txt", "/files/a/b.txt"),
    PKG(GEN, G, "/files/pkg+1.0.tar.gz", NULL, ART, "files/pkg+1.0.tar.gz",
        NULL, "pkg+1.0.tar.gz", "/files/pkg%2B1.0.tar.gz"),
    PKG(GEN, G, "/files/report.pdf", "x=1&y=2", ART, "files/report.pdf",
        NULL, "report.pdf", "/files/report.pdf"),
    PKG(GEN, PU, "/upload/build-42.bin", NULL, WR, "upload/build-42.bin",
        NULL, "build-42.bin", "/upload/build-42.bin"),
    PKG(GEN, DE, "/upload/build-42.bin", NULL, WR, "upload/build-42.bin",
        NULL, "build-42.bin", "/upload/build-42.bin"),
    PKG(GEN, PO, "/upload/", NULL, WR, "upload", NULL, NULL, "/upload/"),
    PKG(GEN, G, "/files/" A500 "aaaaaa", NULL, ART, "files/" A500 "aaaaaa",
        NULL, A500 "aaaaaa", "/files/" A500 "aaaaaa"),
    /* generic paths may be longer than any package name */
    PKG(GEN, G, "/files/" A500 "aaaaaaa", NULL, ART,
        "files/" A500 "aaaaaaa", NULL, A500 "aaaaaaa", NULL),
    NON(GEN, G, "/", NULL, OTH, "/"),
    NON(GEN, G, "//", NULL, OTH, "/"),
    NON(GEN, G, "/a/..", NULL, OTH, "/"),
    BAD(GEN, G, "/..", NULL),
    BAD(GEN, G, "/a/../..", NULL),
    BAD(GEN, G, "/%2e%2e/etc/passwd", NULL),
    BAD(GEN, G, "/files/%00", NULL),
    BAD(GEN, G, "/files/a%00b", NULL),
    BAD(GEN, G, "/files/%ff", NULL),
    BAD(GEN, G, "/files/%c3", NULL),
    BAD(GEN, G, "/files/%e2%82", NULL),
    BAD(GEN, G, "/files/%f4%90%80%80", NULL),
    BAD(GEN, G, "/files/%c0%af", NULL),
    BAD(GEN, G, "/files/%ed%a0%80", NULL),
    BAD(GEN, G, "/files/%1b", NULL),
    BAD(GEN, G, "/files/a%", NULL),
    BAD(GEN, G, "files", NULL),
    BAD(GEN, G, "", NULL),
};


#define CT_NROWS  (sizeof(ct_rows) / sizeof(ct_rows[0]))


/* ------------------------------------------------------------------ */
/* helpers                                                             */

static const char *ct_methods[] = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OTHER"
};

static const char *ct_classes[] = {
    "PACKAGE", "NONAME", "ROOT", "INVALID", "UNKNOWN"
};


static const char *
ct_class(int c)
{
    return (c >= 0 && c <= PR_CLASS_UNKNOWN) ? ct_classes[c] : "?";
}


/* a printable copy of s (escapes what is not printable ASCII) */
static const char *
ct_show(const char *s, size_t len, char *buf, size_t size)
{
    size_t         i, n;
    unsigned char  c;

    n = 0;

    for (i = 0; i < len && n + 5 < size; i++) {
        c = (unsigned char) s[i];

        if (c >= 0x20 && c < 0x7f) {
            buf[n++] = (char) c;

        } else {
            n += snprintf(buf + n, size - n, "\\x%02x", c);
        }
    }

    if (i < len && n + 4 < size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }

    buf[n] = '\0';

    return buf;
}


static int
ct_eq(const pr_str_t *got, const char *exp)
{
    size_t  n;

    n = exp ? strlen(exp) : 0;

    return got->len == n && (n == 0 || memcmp(got->data, exp, n) == 0);
}


static int
ct_str_eq(const pr_str_t *a, const pr_str_t *b)
{
    return a->len == b->len && (a->len == 0
                                || memcmp(a->data, b->data, a->len) == 0);
}


/* the row, for messages */
static const char *
ct_row_desc(const ct_row_t *r, char *buf, size_t size)
{
    char  p[200], q[120];

    ct_show(r->path, strlen(r->path), p, sizeof(p));
    ct_show(r->query ? r->query : "", r->query ? strlen(r->query) : 0, q,
            sizeof(q));

    snprintf(buf, size, "row at line %d: %s %s %s%s%s", r->line,
             pr_eco_name(r->eco), ct_methods[r->method], p,
             (r->query && r->query[0]) ? "?" : "", q);

    return buf;
}


/*
 * Classifies with exact-size heap copies of path and query and a scratch
 * of exactly pr_scratch_size(): ASan sees any read or write past them.
 * The caller frees *mem (scratch, path copy, query copy).
 */
typedef struct {
    char  *buf;
    char  *path;
    char  *query;
} ct_mem_t;


static int
ct_classify(pr_eco_t eco, pr_method_t method, const char *path, size_t plen,
    const char *query, size_t qlen, unsigned flags, pr_req_t *req,
    ct_mem_t *mem)
{
    memset(req, 0, sizeof(*req));

    mem->path = malloc(plen ? plen : 1);
    mem->query = malloc(qlen ? qlen : 1);
    req->size = pr_scratch_size(plen, qlen);
    mem->buf = malloc(req->size);

    if (mem->path == NULL || mem->query == NULL || mem->buf == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }

    if (plen) {
        memcpy(mem->path, path, plen);
    }

    if (qlen) {
        memcpy(mem->query, query, qlen);
    }

    req->buf = mem->buf;

    return pr_classify(eco, method, mem->path, plen, mem->query, qlen, flags,
                       req);
}


static void
ct_free(ct_mem_t *mem)
{
    free(mem->buf);
    free(mem->path);
    free(mem->query);
}


/* compares one string field and reports a mismatch */
#define CT_FIELD(what, got, exp)                                            \
    do {                                                                    \
        char  g_[300], e_[300];                                             \
        const char  *ex_ = (exp);                                           \
                                                                            \
        PR_CHECK(ct_eq(got, ex_), "%s\n    %s: got \"%s\", expected \"%s\"",\
                 desc, what, ct_show((got)->data, (got)->len, g_,           \
                                     sizeof(g_)),                           \
                 ct_show(ex_ ? ex_ : "", ex_ ? strlen(ex_) : 0, e_,         \
                         sizeof(e_)));                                      \
    } while (0)


/* every name the row expects, split at ',' */
static size_t
ct_expected_names(const ct_row_t *r, pr_str_t *out, size_t max)
{
    size_t       n;
    const char  *p, *comma;

    if (r->cls != PR_CLASS_PACKAGE
        && !(r->cls == PR_CLASS_UNKNOWN && r->name))
    {
        return 0;
    }

    if (r->names == NULL) {
        out[0].data = r->name;
        out[0].len = strlen(r->name);
        return 1;
    }

    n = 0;
    p = r->names;

    while (n < max) {
        comma = strchr(p, ',');
        out[n].data = p;
        out[n].len = comma ? (size_t) (comma - p) : strlen(p);
        n++;

        if (comma == NULL) {
            break;
        }

        p = comma + 1;
    }

    return n;
}


/* ------------------------------------------------------------------ */
/* the table                                                           */

static void
ct_run_row(const ct_row_t *r)
{
    int          rc;
    char         desc[512], g[300], e[300];
    size_t       i, nexp, qlen;
    pr_str_t     exp[16];
    pr_req_t     req;
    ct_mem_t     mem;
    const char  *q;

    ct_row_desc(r, desc, sizeof(desc));

    q = r->query ? r->query : "";
    qlen = strlen(q);

    rc = ct_classify(r->eco, r->method, r->path, strlen(r->path), q, qlen, 0,
                     &req, &mem);

    PR_CHECK(rc == 0, "%s\n    pr_classify() returned %d", desc, rc);

    if (rc != 0) {
        ct_free(&mem);
        return;
    }

    PR_CHECK(req.cls == r->cls, "%s\n    class: got %s, expected %s%s%s",
             desc, ct_class(req.cls), ct_class(r->cls),
             req.error ? " (error: " : "", req.error ? req.error : "");

    if (req.cls == PR_CLASS_INVALID) {
        PR_CHECK(req.error != NULL, "%s\n    INVALID without a reason", desc);
    }

    if (r->kind != K_ANY) {
        PR_CHECK((int) req.kind == r->kind,
                 "%s\n    kind: got %s, expected %s", desc,
                 pr_kind_name(req.kind), pr_kind_name((pr_kind_t) r->kind));
    }

    CT_FIELD("name", &req.name, r->name);

    nexp = ct_expected_names(r, exp, 16);

    PR_CHECK(req.nnames == nexp, "%s\n    names: got %zu, expected %zu",
             desc, req.nnames, nexp);

    for (i = 0; i < nexp && i < req.nnames; i++) {
        PR_CHECK(ct_str_eq(&req.names[i], &exp[i]),
                 "%s\n    names[%zu]: got \"%s\", expected \"%s\"", desc, i,
                 ct_show(req.names[i].data, req.names[i].len, g, sizeof(g)),
                 ct_show(exp[i].data, exp[i].len, e, sizeof(e)));
    }

    for (i = nexp; i < req.nnames; i++) {
        PR_CHECK(0, "%s\n    names[%zu]: unexpected \"%s\"", desc, i,
                 ct_show(req.names[i].data, req.names[i].len, g, sizeof(g)));
    }

    CT_FIELD("version", &req.version, r->version);
    CT_FIELD("file", &req.file, r->file);

    if (r->cpath) {
        CT_FIELD("path", &req.path, r->cpath);
    }

    if (r->cls != PR_CLASS_INVALID) {
        CT_FIELD("query", &req.query, r->cquery ? r->cquery : q);
    }

    PR_CHECK(req.eco == r->eco, "%s\n    eco: got %d", desc, (int) req.eco);

    ct_free(&mem);
}


/*
 * Idempotence: what is forwarded (req.path, req.query) classifies again to
 * the same class, names and canonical path (and query).
 */
static void
ct_idempotent(const ct_row_t *r)
{
    char         desc[512], a[300], b[300];
    size_t       i;
    pr_req_t     req1, req2;
    ct_mem_t     m1, m2;
    const char  *q, *why;

    q = r->query ? r->query : "";

    if (ct_classify(r->eco, r->method, r->path, strlen(r->path), q,
                    strlen(q), 0, &req1, &m1) != 0
        || req1.cls == PR_CLASS_INVALID)
    {
        ct_free(&m1);
        return;
    }

    ct_row_desc(r, desc, sizeof(desc));

    if (ct_classify(r->eco, r->method, req1.path.data, req1.path.len,
                    req1.query.data, req1.query.len, 0, &req2, &m2) != 0)
    {
        PR_CHECK(0, "%s\n    re-classify failed", desc);
        ct_free(&m1);
        ct_free(&m2);
        return;
    }

    why = NULL;

    if (req2.cls != req1.cls) {
        why = "class";

    } else if (req2.nnames != req1.nnames) {
        why = "number of names";

    } else if (!ct_str_eq(&req2.path, &req1.path)) {
        why = "canonical path";

    } else if (!ct_str_eq(&req2.query, &req1.query)) {
        why = "canonical query";

    } else if (req2.kind != req1.kind) {
        why = "kind";

    } else {
        for (i = 0; i < req1.nnames; i++) {
            if (!ct_str_eq(&req1.names[i], &req2.names[i])) {
                why = "names";
                break;
            }
        }
    }

    PR_CHECK(why == NULL,
             "%s\n    idempotence: the forwarded \"%s\" re-classifies with a"
             " different %s (%s \"%s\" -> %s \"%s\")",
             desc, ct_show(req1.path.data, req1.path.len, a, sizeof(a)),
             why ? why : "", ct_class(req1.cls),
             ct_show(req1.name.data, req1.name.len, b, sizeof(b)),
             ct_class(req2.cls), req2.name.len ? "(see name)" : "");

    ct_free(&m1);
    ct_free(&m2);
}


/*
 * Regressions from fuzz/ (fuzz_classify): "/" and 2,731 '+' was accepted,
 * and forwarded as 8,194 bytes of "/%2B..." that classify as too long.
 * What is forwarded must classify again as what was checked: too long a
 * canonical path is invalid.
 */
static void
ct_fuzz_findings(void)
{
    int        e;
    char      *path;
    pr_req_t   req;

    path = malloc(2732);
    path[0] = '/';
    memset(path + 1, '+', 2731);

    for (e = PR_ECO_NPM; e < PR_ECO_MAX; e++) {
        req.size = pr_scratch_size(2732, 0);
        req.buf = malloc(req.size);

        pr_classify((pr_eco_t) e, PR_METHOD_GET, path, 2732, "", 0, 0, &req);

        PR_CHECK(req.cls == PR_CLASS_INVALID
                 && req.path.len <= PR_MAX_PATH_LEN,
                 "%s: a path whose canonical form is too long is invalid "
                 "(got class %d, path of %zu bytes)",
                 pr_eco_name((pr_eco_t) e), (int) req.cls, req.path.len);

        free(req.buf);
    }

    free(path);
}


/* the invariants every answer keeps, whatever the input */
static const char *
ct_invariants(const pr_req_t *req)
{
    size_t  i;

    if (req->used > req->size) {
        return "scratch overrun";
    }

    if (req->cls == PR_CLASS_PACKAGE) {
        if (req->nnames == 0 || req->names == NULL) {
            return "PACKAGE without names";
        }

        if (!ct_str_eq(&req->name, &req->names[0])) {
            return "name is not names[0]";
        }

        for (i = 0; i < req->nnames; i++) {
            if (req->names[i].len == 0
                || req->names[i].len > (req->eco == PR_ECO_GENERIC
                                        ? PR_MAX_PATH_LEN : PR_MAX_NAME_LEN))
            {
                return "empty or too long name";
            }
        }

    } else if (req->cls != PR_CLASS_UNKNOWN
               && (req->nnames != 0 || req->name.len != 0))
    {
        return "names on a request that is not PACKAGE or UNKNOWN";
    }

    if (req->cls == PR_CLASS_INVALID) {
        if (req->error == NULL) {
            return "INVALID without a reason";
        }

        if (req->version.len || req->file.len) {
            return "INVALID with a version or file";
        }

        return NULL;
    }

    if (req->path.len == 0 || req->path.data[0] != '/') {
        return "canonical path does not start with '/'";
    }

    for (i = 0; i < req->path.len; i++) {
        unsigned char  c = (unsigned char) req->path.data[i];

        if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
            return "canonical path has a byte that must be encoded";
        }
    }

    return NULL;
}


/*
 * Robustness: every prefix of the path (and of the query), raw and
 * "already decoded", every method; nothing faults, the invariants hold.
 */
static void
ct_prefixes(const ct_row_t *r)
{
    int          m;
    char         desc[512], p[200], qs[120];
    size_t       plen, qlen, k, pk, qk;
    unsigned     flags, fk;
    pr_req_t     req;
    ct_mem_t     mem;
    const char  *q, *why;

    q = r->query ? r->query : "";
    plen = strlen(r->path);
    qlen = strlen(q);
    why = NULL;
    pk = plen;
    qk = qlen;
    fk = 0;

    for (flags = 0; flags <= PR_PATH_DECODED && why == NULL; flags++) {

        /* every prefix of the path, the methods in turn */
        for (k = 0; k <= plen && why == NULL; k++) {
            m = (int) ((k + flags) % (PR_METHOD_OTHER + 1));

            if (ct_classify(r->eco, (pr_method_t) m, r->path, k, q, qlen,
                            flags, &req, &mem) != 0)
            {
                why = "pr_classify() failed";

            } else {
                why = ct_invariants(&req);
            }

            ct_free(&mem);
            pk = k;
            fk = flags;
        }

        /* every prefix of the query */
        for (k = 0; k <= qlen && why == NULL; k++) {
            if (ct_classify(r->eco, r->method, r->path, plen, q, k, flags,
                            &req, &mem) != 0)
            {
                why = "pr_classify() failed";

            } else {
                why = ct_invariants(&req);
            }

            ct_free(&mem);
            pk = plen;
            qk = k;
            fk = flags;
        }
    }

    if (why == NULL) {
        PR_CHECK(1, "prefixes");
        return;
    }

    ct_row_desc(r, desc, sizeof(desc));

    PR_CHECK(0, "%s\n    prefix \"%s\" ? \"%s\" (flags %u): %s", desc,
             ct_show(r->path, pk, p, sizeof(p)), ct_show(q, qk, qs, sizeof(qs)),
             fk, why);
}


/* ------------------------------------------------------------------ */
/* limits and extra checks, in code                                    */

static char *
ct_repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    char    *s, *p;
    size_t   hl, ul, tl, i;

    hl = strlen(head);
    ul = strlen(unit);
    tl = strlen(tail);

    s = malloc(hl + ul * n + tl + 1);
    if (s == NULL) {
        exit(2);
    }

    p = s;
    memcpy(p, head, hl);
    p += hl;

    for (i = 0; i < n; i++) {
        memcpy(p, unit, ul);
        p += ul;
    }

    memcpy(p, tail, tl);
    p[tl] = '\0';

    return s;
}


static void
ct_one(int line, pr_eco_t eco, pr_method_t method, const char *path,
    const char *query, unsigned flags, pr_class_t cls, const char *name,
    const char *cpath)
{
    char         g[300], e[300];
    pr_req_t     req;
    ct_mem_t     mem;
    const char  *q;

    q = query ? query : "";

    if (ct_classify(eco, method, path, strlen(path), q, strlen(q), flags,
                    &req, &mem) != 0)
    {
        PR_CHECK(0, "line %d: pr_classify() failed", line);
        ct_free(&mem);
        return;
    }

    PR_CHECK(req.cls == cls && ct_eq(&req.name, name)
             && (cpath == NULL || ct_eq(&req.path, cpath)),
             "line %d (%s, %zu bytes, flags %u): got %s \"%s\" path \"%s\","
             " expected %s \"%s\"%s%s", line, pr_eco_name(eco),
             strlen(path), flags, ct_class(req.cls),
             ct_show(req.name.data, req.name.len, g, sizeof(g)),
             ct_show(req.path.data, req.path.len, e, sizeof(e)),
             ct_class(cls), name ? name : "", req.error ? " error: " : "",
             req.error ? req.error : "");

    ct_free(&mem);
}


/* pr_classify_prefix(): a registry mounted under a path prefix */
static void
ct_prefix(int line, pr_eco_t eco, const char *prefix, const char *path,
    pr_class_t cls, const char *name, const char *cpath)
{
    char      g[300], e[300];
    size_t    plen;
    pr_req_t  req;
    ct_mem_t  mem;

    memset(&req, 0, sizeof(req));
    plen = strlen(path);
    mem.path = malloc(plen ? plen : 1);
    mem.query = NULL;
    req.size = pr_scratch_size(plen, 0);
    mem.buf = malloc(req.size);

    if (mem.path == NULL || mem.buf == NULL) {
        exit(2);
    }

    memcpy(mem.path, path, plen);
    req.buf = mem.buf;

    PR_CHECK(pr_classify_prefix(eco, PR_METHOD_GET, prefix, strlen(prefix),
                                mem.path, plen, "", 0, 0, &req) == 0
             && req.cls == cls && ct_eq(&req.name, name)
             && (cpath == NULL || ct_eq(&req.path, cpath)),
             "line %d (%s, prefix \"%s\", %s): got %s \"%s\" path \"%s\","
             " expected %s \"%s\" path \"%s\"", line, pr_eco_name(eco),
             prefix, path, ct_class(req.cls),
             ct_show(req.name.data, req.name.len, g, sizeof(g)),
             ct_show(req.path.data, req.path.len, e, sizeof(e)),
             ct_class(cls), name ? name : "", cpath ? cpath : "(any)");

    ct_free(&mem);
}


static void
ct_prefixes_mounted(void)
{
    ct_prefix(__LINE__, NPM, "/npm", "/npm/lodash", PR_CLASS_PACKAGE,
              "lodash", "/lodash");
    ct_prefix(__LINE__, NPM, "/npm", "/npm/@babel%2fcore", PR_CLASS_PACKAGE,
              "@babel/core", "/@babel%2fcore");
    ct_prefix(__LINE__, NPM, "/npm", "/npm/lodash/-/lodash-4.17.21.tgz",
              PR_CLASS_PACKAGE, "lodash", "/lodash/-/lodash-4.17.21.tgz");
    ct_prefix(__LINE__, NPM, "/npm", "//npm//lodash", PR_CLASS_PACKAGE,
              "lodash", "/lodash");
    ct_prefix(__LINE__, NPM, "/npm", "/%6epm/lodash", PR_CLASS_PACKAGE,
              "lodash", "/lodash");
    ct_prefix(__LINE__, NPM, "/npm", "/npm", PR_CLASS_NONAME, NULL, "/");
    ct_prefix(__LINE__, NPM, "/npm", "/npm/", PR_CLASS_NONAME, NULL, "/");
    ct_prefix(__LINE__, NPM, "/npm", "/lodash", PR_CLASS_INVALID, NULL,
              NULL);
    ct_prefix(__LINE__, NPM, "/npm", "/npmx/lodash", PR_CLASS_INVALID, NULL,
              NULL);
    ct_prefix(__LINE__, NPM, "/npm", "/NPM/lodash", PR_CLASS_INVALID, NULL,
              NULL);
    ct_prefix(__LINE__, NPM, "/npm", "/npm/../lodash", PR_CLASS_INVALID,
              NULL, NULL);
    ct_prefix(__LINE__, NPM, "/npm", "/npm/%2e%2e/lodash", PR_CLASS_INVALID,
              NULL, NULL);
    ct_prefix(__LINE__, NPM, "/npm", "/x/../npm/lodash", PR_CLASS_PACKAGE,
              "lodash", "/lodash");
    ct_prefix(__LINE__, NPM, "/repo/api/npm/", "/repo/api/npm/lodash",
              PR_CLASS_PACKAGE, "lodash", "/lodash");
    ct_prefix(__LINE__, NPM, "/repo/api/npm/", "/repo/api/lodash",
              PR_CLASS_INVALID, NULL, NULL);
    ct_prefix(__LINE__, GEMS, "/gems-proxy", "/gems-proxy/", PR_CLASS_ROOT,
              NULL, "/");
    ct_prefix(__LINE__, GEMS, "/gems-proxy", "/gems-proxy/info/rails",
              PR_CLASS_PACKAGE, "rails", "/info/rails");
    ct_prefix(__LINE__, HF, "/hf", "/hf/org/model/resolve/main/config.json",
              PR_CLASS_PACKAGE, "org/model",
              "/org/model/resolve/main/config.json");
    ct_prefix(__LINE__, HF, "/hf", "/hf%2Forg/model/resolve/main/x.bin",
              PR_CLASS_INVALID, NULL, NULL);
    ct_prefix(__LINE__, DOCKER, "/docker", "/docker/v2/nginx/manifests/latest",
              PR_CLASS_PACKAGE, "library/nginx",
              "/v2/library/nginx/manifests/latest");
}


static void
ct_limits(void)
{
    char      *s, *q;
    size_t     len;
    pr_req_t   req;
    char       small[16];

    /* the table's fixed strings */
    PR_CHECK(strlen(SHA) == 64, "SHA is %zu", strlen(SHA));
    PR_CHECK(strlen(SHA1) == 40, "SHA1 is %zu", strlen(SHA1));
    PR_CHECK(strlen(H60) == 60, "H60 is %zu", strlen(H60));
    PR_CHECK(strlen(D251) == 251 && strlen(D247) == 247
             && strlen(T128) == 128, "long Docker strings");
    PR_CHECK(CT_NROWS >= 400, "only %zu rows", (size_t) CT_NROWS);

    /* a scratch that is too small is the caller's bug: -1 */
    memset(&req, 0, sizeof(req));
    req.buf = small;
    req.size = sizeof(small);
    PR_CHECK(pr_classify(PR_ECO_NPM, PR_METHOD_GET, "/lodash", 7, "", 0, 0,
                         &req) == -1, "small scratch accepted");

    /* no ecosystem: names nothing */
    ct_one(__LINE__, PR_ECO_NONE, PR_METHOD_GET, "/lodash", NULL, 0,
           PR_CLASS_NONAME, NULL, NULL);

    /* the longest path is PR_MAX_PATH_LEN */
    len = PR_MAX_PATH_LEN - strlen("/o/m/resolve/main/");
    s = ct_repeat("/o/m/resolve/main/", "a", len, "");
    PR_CHECK(strlen(s) == PR_MAX_PATH_LEN, "path length");
    ct_one(__LINE__, PR_ECO_HUGGINGFACE, PR_METHOD_GET, s, NULL, 0,
           PR_CLASS_PACKAGE, "o/m", s);
    free(s);

    s = ct_repeat("/o/m/resolve/main/", "a", len + 1, "");
    ct_one(__LINE__, PR_ECO_HUGGINGFACE, PR_METHOD_GET, s, NULL, 0,
           PR_CLASS_INVALID, NULL, NULL);
    free(s);

    /* the longest query is PR_MAX_QUERY_LEN, in every ecosystem */
    q = ct_repeat("q=", "a", PR_MAX_QUERY_LEN - 2, "");
    PR_CHECK(strlen(q) == PR_MAX_QUERY_LEN, "query length");
    ct_one(__LINE__, PR_ECO_NPM, PR_METHOD_GET, "/lodash", q, 0,
           PR_CLASS_PACKAGE, "lodash", "/lodash");
    free(q);

    q = ct_repeat("gems=rack", ",rack", (PR_MAX_QUERY_LEN - 9) / 5, "");
    ct_one(__LINE__, PR_ECO_RUBYGEMS, PR_METHOD_GET, "/api/v1/dependencies",
           q, 0, PR_CLASS_INVALID, NULL, NULL);       /* too many names */
    free(q);

    /*
     * Over a limit, a path or query is denied before any work, with the
     * small scratch pr_scratch_size() then asks for (bad input: a 1 MB
     * query must not cost 16 MB of scratch).
     */
    PR_CHECK(pr_scratch_size(PR_MAX_PATH_LEN + 1, 0) == 1024
             && pr_scratch_size(0, PR_MAX_QUERY_LEN + 1) == 1024
             && pr_scratch_size(1 << 20, 1 << 20) == 1024,
             "scratch for overlong input");

    {
        static const struct {
            pr_eco_t     eco;
            const char  *path;
            size_t       plen;     /* path repeated to this length */
            size_t       qlen;     /* query of this length */
            const char  *error;
        }  over[] = {
            { PR_ECO_NPM, "/lodash", 0, PR_MAX_QUERY_LEN + 1,
              "query string too long" },
            { PR_ECO_PYPI, "/simple/requests/", 0, 1 << 20,
              "query string too long" },
            { PR_ECO_RUBYGEMS, "/api/v1/dependencies", 0,
              PR_MAX_QUERY_LEN + 1, "query string too long" },
            { PR_ECO_DOCKER, "/v2/", 0, PR_MAX_QUERY_LEN + 1,
              "query string too long" },
            { PR_ECO_CARGO, "/a", PR_MAX_PATH_LEN + 1, 0,
              "path too long" },
            { PR_ECO_HUGGINGFACE, "/a", 1 << 20, 1 << 20,
              "path too long" },
            { PR_ECO_GENERIC, "/a", 1 << 20, 0, "path too long" },
        };

        char      *path, *query;
        size_t     i, k, plen;
        pr_req_t   r2;
        ct_mem_t   mem;

        for (i = 0; i < sizeof(over) / sizeof(over[0]); i++) {
            plen = over[i].plen ? over[i].plen : strlen(over[i].path);

            path = malloc(plen);
            query = malloc(over[i].qlen + 1);
            if (path == NULL || query == NULL) {
                exit(2);
            }

            for (k = 0; k < plen; k++) {
                path[k] = over[i].path[k % strlen(over[i].path)];
            }

            memset(query, 'a', over[i].qlen);

            PR_CHECK(ct_classify(over[i].eco, PR_METHOD_GET, path, plen,
                                 query, over[i].qlen, 0, &r2, &mem) == 0
                     && r2.size == 1024
                     && r2.cls == PR_CLASS_INVALID
                     && r2.error && strcmp(r2.error, over[i].error) == 0
                     && ct_eq(&r2.path, "/") && r2.query.len == 0,
                     "overlong %zu (%s, path %zu, query %zu): %s", i,
                     pr_eco_name(over[i].eco), plen, over[i].qlen,
                     r2.error ? r2.error : "(no error)");

            ct_free(&mem);
            free(path);
            free(query);
        }
    }

    /* PR_MAX_SEGS segments, and one more */
    s = ct_repeat("/o/m/resolve/main", "/d", PR_MAX_SEGS - 4, "");
    ct_one(__LINE__, PR_ECO_HUGGINGFACE, PR_METHOD_GET, s, NULL, 0,
           PR_CLASS_PACKAGE, "o/m", s);
    free(s);

    s = ct_repeat("/o/m/resolve/main", "/d", PR_MAX_SEGS - 3, "");
    ct_one(__LINE__, PR_ECO_HUGGINGFACE, PR_METHOD_GET, s, NULL, 0,
           PR_CLASS_INVALID, NULL, NULL);
    free(s);

    /* ... but dot segments and empty ones do not count */
    s = ct_repeat("/o/m/resolve/main", "/x/..//./", PR_MAX_SEGS * 4,
                  "/config.json");
    ct_one(__LINE__, PR_ECO_HUGGINGFACE, PR_METHOD_GET, s, NULL, 0,
           PR_CLASS_PACKAGE, "o/m", "/o/m/resolve/main/config.json");
    free(s);

    /* RubyGems: PR_MAX_NAMES names, and one more */
    s = ct_repeat("gems=rack", ",rack", PR_MAX_NAMES - 1, "");
    ct_one(__LINE__, PR_ECO_RUBYGEMS, PR_METHOD_GET, "/api/v1/dependencies",
           s, 0, PR_CLASS_PACKAGE, "rack", "/api/v1/dependencies");
    free(s);

    s = ct_repeat("gems=rack", ",rack", PR_MAX_NAMES, "");
    ct_one(__LINE__, PR_ECO_RUBYGEMS, PR_METHOD_GET, "/api/v1/dependencies",
           s, 0, PR_CLASS_INVALID, NULL, NULL);
    free(s);

    s = ct_repeat("gems=r", ",", 5000, "");
    ct_one(__LINE__, PR_ECO_RUBYGEMS, PR_METHOD_GET, "/api/v1/dependencies",
           s, 0, PR_CLASS_INVALID, NULL, NULL);
    free(s);

    /* 200 names, every one encoded: the scratch holds the query */
    s = ct_repeat("gems=net-http-persistent", "%2Cnet-http-persistent", 199,
                  "");
    ct_one(__LINE__, PR_ECO_RUBYGEMS, PR_METHOD_GET, "/api/v1/dependencies",
           s, 0, PR_CLASS_PACKAGE, "net-http-persistent",
           "/api/v1/dependencies");
    free(s);

    /*
     * The worst case for the scratch: literal multi-byte characters, which
     * grow threefold when encoded, in every ecosystem (ASan checks the
     * scratch bounds; the class does not matter here, only that it holds).
     */
    {
        static const struct {
            pr_eco_t     eco;
            const char  *head;
            const char  *unit;
            const char  *tail;
        }  worst[] = {
            { PR_ECO_HUGGINGFACE, "/o/m/resolve/main/", "\xc3\xa9", "" },
            { PR_ECO_HUGGINGFACE, "/o/m/resolve/refs/pr/", "\xc3\xa9",
              "/x" },
            { PR_ECO_HUGGINGFACE, "/o/m/resolve/main/", "\xc3\xa9/", "x" },
            { PR_ECO_HUGGINGFACE, "/api/models/o/m/tree/", "\xc3\xa9",
              "/x" },
            { PR_ECO_HUGGINGFACE, "/o/m/resolve/main/", "%2F", "x" },
            { PR_ECO_GENERIC, "/", "\xc3\xa9", "" },
            { PR_ECO_GENERIC, "/", "\xc3\xa9/", "" },
            { PR_ECO_GENERIC, "/", "a/", "" },
            { PR_ECO_GITHUB, "/o/r/releases/download/", "\xc3\xa9",
              "/f.zip" },
            { PR_ECO_GITHUB, "/g/p/-/archive/", "\xc3\xa9/", "p.zip" },
            { PR_ECO_GITHUB, "/o/r/archive/refs/heads/", "\xc3\xa9/",
              "x.zip" },
            { PR_ECO_NPM, "/lodash/", "\xc3\xa9", "" },
            { PR_ECO_NPM, "/@s/n/-/", "\xc3\xa9", ".tgz" },
            { PR_ECO_DOCKER, "/v2/", "a/", "tags/list" },
            { PR_ECO_DOCKER, "/v2/", "\xc3\xa9/", "tags/list" },
            { PR_ECO_PYPI, "/simple/", "\xc3\xa9", "/" },
            { PR_ECO_PYPI, "/packages/source/a/a/", "\xc3\xa9", ".whl" },
            { PR_ECO_RUBYGEMS, "/gems/", "\xc3\xa9", "-1.0.gem" },
            { PR_ECO_CARGO, "/3/", "\xc3\xa9", "/abc" },
            { PR_ECO_CARGO, "/ab/cd/", "\xc3\xa9", "" },
        };

        size_t    i, n;
        pr_req_t  r2;
        ct_mem_t  mem;

        for (i = 0; i < sizeof(worst) / sizeof(worst[0]); i++) {
            n = (PR_MAX_PATH_LEN - strlen(worst[i].head)
                 - strlen(worst[i].tail)) / strlen(worst[i].unit);

            s = ct_repeat(worst[i].head, worst[i].unit, n, worst[i].tail);

            PR_CHECK(ct_classify(worst[i].eco, PR_METHOD_GET, s, strlen(s),
                                 "", 0, 0, &r2, &mem) == 0
                     && ct_invariants(&r2) == NULL,
                     "worst case %zu (%s): %s", i,
                     pr_eco_name(worst[i].eco), ct_invariants(&r2));
            ct_free(&mem);

            PR_CHECK(ct_classify(worst[i].eco, PR_METHOD_GET, s, strlen(s),
                                 "", 0, PR_PATH_DECODED, &r2, &mem) == 0
                     && ct_invariants(&r2) == NULL,
                     "worst case %zu (%s, decoded): %s", i,
                     pr_eco_name(worst[i].eco), ct_invariants(&r2));
            ct_free(&mem);

            free(s);
        }
    }

    /* a path nginx has already decoded (after a rewrite) */
    ct_one(__LINE__, PR_ECO_NPM, PR_METHOD_GET, "/@babel/core", NULL,
           PR_PATH_DECODED, PR_CLASS_PACKAGE, "@babel/core",
           "/@babel%2fcore");
    ct_one(__LINE__, PR_ECO_HUGGINGFACE, PR_METHOD_GET,
           "/org/model/resolve/refs/pr/1/model.safetensors", NULL,
           PR_PATH_DECODED, PR_CLASS_PACKAGE, "org/model",
           "/org/model/resolve/refs%2Fpr%2F1/model.safetensors");
    ct_one(__LINE__, PR_ECO_GENERIC, PR_METHOD_GET, "/files/100%.txt", NULL,
           PR_PATH_DECODED, PR_CLASS_PACKAGE, "files/100%.txt",
           "/files/100%25.txt");
    ct_one(__LINE__, PR_ECO_GENERIC, PR_METHOD_GET, "/files/100%.txt", NULL,
           0, PR_CLASS_INVALID, NULL, NULL);
    ct_one(__LINE__, PR_ECO_NPM, PR_METHOD_GET, "/%6codash", NULL,
           PR_PATH_DECODED, PR_CLASS_INVALID, NULL, NULL);
    ct_one(__LINE__, PR_ECO_GENERIC, PR_METHOD_GET, "/a/../../etc", NULL,
           PR_PATH_DECODED, PR_CLASS_INVALID, NULL, NULL);

    /* an encoded comma that leaves an empty name */
    q = ct_repeat("gems=", "%2C", 1, "rails");
    ct_one(__LINE__, PR_ECO_RUBYGEMS, PR_METHOD_GET, "/api/v1/dependencies",
           q, 0, PR_CLASS_INVALID, NULL, NULL);
    free(q);

    /* names by table lookup */
    PR_CHECK(pr_eco_by_name("huggingface", 11) == PR_ECO_HUGGINGFACE,
             "pr_eco_by_name(huggingface)");
    PR_CHECK(pr_eco_by_name("npmx", 4) == PR_ECO_NONE,
             "pr_eco_by_name(npmx)");
    PR_CHECK(strcmp(pr_kind_name(PR_KIND_WRITE), "write") == 0,
             "pr_kind_name(write)");
}


/* Hugging Face: a redirect to /api/resolve-cache/ names the same repo */
static void
ct_same_package(void)
{
    size_t       i;
    pr_req_t     a, b;
    static char  ba[4096], bb[4096];

    static const struct {
        const char  *from, *to;
        int          same;
    } t[] = {
        { "/org/model/resolve/main/config.json",
          "/api/resolve-cache/models/org/model/" SHA1 "/config.json", 1 },
        { "/Org/Model/resolve/main/config.json",
          "/api/resolve-cache/models/org/model/" SHA1 "/config.json", 1 },
        { "/datasets/org/data/resolve/main/a.csv",
          "/api/resolve-cache/datasets/org/data/" SHA1 "/a.csv", 1 },
        { "/org/model/resolve/main/config.json",
          "/api/resolve-cache/models/evil-org/model/" SHA1 "/config.json",
          0 },
        { "/org/model/resolve/main/config.json",
          "/api/resolve-cache/datasets/org/model/" SHA1 "/config.json", 0 },
        { "/evil/resolve/main/x",
          "/api/resolve-cache/models/evil/" SHA1 "/" SHA1 "/x", 0 },
        { "/org/model/resolve/main/config.json", "/api/models", 0 },
    };

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        a.buf = ba;
        a.size = sizeof(ba);
        b.buf = bb;
        b.size = sizeof(bb);

        pr_classify(HF, G, t[i].from, strlen(t[i].from), "", 0, 0, &a);
        pr_classify(HF, G, t[i].to, strlen(t[i].to), "", 0, 0, &b);

        PR_CHECK(pr_same_package(&a, &b) == t[i].same,
                 "pr_same_package(%s, %s) != %d", t[i].from, t[i].to,
                 t[i].same);
    }
}


/*
 * The catalogue's shapes are compiled by pr_classify_init() (nginx: at
 * the first pkg_reroute directive, a failure fails nginx -t), never by a
 * request: one before it matches them as they are written.
 */
static void
ct_compiled(void)
{
    char      buf[pr_scratch_size(9, 0)];
    pr_req_t  req;

    PR_CHECK(!pr_classify_compiled(), "compiled before pr_classify_init()");

    memset(&req, 0, sizeof(req));
    req.buf = buf;
    req.size = sizeof(buf);

    PR_CHECK(pr_classify(PR_ECO_NPM, PR_METHOD_GET, "/-/whoami", 9, "", 0, 0,
                         &req) == 0
             && req.cls == PR_CLASS_NONAME && req.endpoint != NULL
             && strcmp(req.endpoint->shape, "/-/whoami") == 0,
             "/-/whoami before pr_classify_init(): class %d, shape %s",
             (int) req.cls, req.endpoint ? req.endpoint->shape : "(none)");

    PR_CHECK(!pr_classify_compiled(), "a request compiled the shapes");
    PR_CHECK(pr_classify_init() == 0, "pr_classify_init() failed");
    PR_CHECK(pr_classify_compiled(), "not compiled by pr_classify_init()");
    PR_CHECK(pr_classify_init() == 0, "pr_classify_init() again failed");
}


int
main(void)
{
    size_t  i;

    ct_compiled();

    for (i = 0; i < CT_NROWS; i++) {
        ct_run_row(&ct_rows[i]);
    }

    for (i = 0; i < CT_NROWS; i++) {
        ct_idempotent(&ct_rows[i]);
    }

    for (i = 0; i < CT_NROWS; i++) {
        ct_prefixes(&ct_rows[i]);
    }

    ct_limits();
    ct_prefixes_mounted();
    ct_fuzz_findings();
    ct_same_package();

    PR_TEST_DONE("classify");
}
