/*
 * ngx_pkg_reroute: metadata rewriting for cache mode.
 *
 * Metadata fetched from a public registry names its artifacts by absolute
 * URL; a client that follows them bypasses the mirror. These functions
 * rewrite those URLs so that they point back through the mirror and,
 * given a keep() callback, drop the versions that are not kept.
 *
 * A URL is rewritten when it starts with one of the maps' "from" prefixes:
 * the scheme and host part ("https://Files.Example.org") compare without
 * regard to case, the rest byte for byte. The first map that matches wins
 * and "from" is replaced by "to". A URL equal to a prefix without its
 * final '/' ("https://crates.example.org" for "https://crates.example.org/")
 * becomes "to" without its final '/'. A prefix should end with '/' (or
 * name a whole host): "https://h.example.org" also matches
 * "https://h.example.org.evil.test/".
 *
 * Fail closed: what would send a client around the mirror makes the
 * document unsafe (PR_REWRITE_UNSAFE) unless rw->unsafe() says to go on:
 *
 *   PR_UNSAFE_UNMAPPED   an artifact URL (one the rewriter reads) that no
 *                        map matches and that is not relative. Relative:
 *                        after what URL parsers drop (leading and trailing
 *                        C0 controls and spaces, tabs and newlines
 *                        anywhere), it does not start with two of '/'
 *                        and '\' (WHATWG parsers read '\' as '/'), and
 *                        has no ':' before its first '/', '\', '?' or
 *                        '#'. In HTML also no '&' before the first '?'
 *                        or '#': a character reference ("&colon;",
 *                        "&#47;") could spell a scheme or a host there.
 *                        An artifact URL that is there but no string
 *                        (a number, null, a "\u0000" string) is
 *                        PR_REWRITE_INVALID.
 *   PR_UNSAFE_DUPLICATE  a JSON key given twice (after unescaping:
 *                        "tarb\u0061ll" is "tarball") in an object the
 *                        rewriter reads: cJSON reads the first, npm's and
 *                        Python's parsers the last. In HTML, an attribute
 *                        a client reads (href, data-requires-python,
 *                        data-yanked, data-core-metadata,
 *                        data-dist-info-metadata, data-gpg-sig) given
 *                        twice in one start tag, names in any case.
 */

#ifndef _PR_REWRITE_H_INCLUDED_
#define _PR_REWRITE_H_INCLUDED_


#include "pr_core.h"


#define PR_REWRITE_MAX_SIZE   (64 * 1024 * 1024)  /* default document limit */
#define PR_REWRITE_MAX_DEPTH  64       /* JSON nesting accepted */
#define PR_HTML_TAG_MAX       16384    /* longest HTML tag, '<' to '>' */
#define PR_HTML_FILE_MAX      1024     /* longest file name, decoded */
#define PR_REWRITE_FLUSH_SIZE (256 * 1024)   /* rw->flush's pieces */

/* what the functions return */
#define PR_REWRITE_OK         0
#define PR_REWRITE_GONE       1    /* a one-version document, not kept */
#define PR_REWRITE_INVALID   -1    /* not what it should be: do not serve */
#define PR_REWRITE_NOMEM     -2
#define PR_REWRITE_UNSAFE    -3    /* would send clients around the mirror */


typedef enum {
    PR_UNSAFE_UNMAPPED = 1,
    PR_UNSAFE_DUPLICATE
} pr_unsafe_t;


/*
 * Called for each unsafe place, with the URL or the key (or attribute
 * name) as the document spells it, decoded for JSON. 0: go on, the place
 * stays as it is (a URL is not rewritten; of duplicate keys the first is
 * read); else the document is refused with PR_REWRITE_UNSAFE.
 */
typedef int (*pr_unsafe_pt)(void *data, pr_unsafe_t what, const char *text,
    size_t len);


typedef struct {
    pr_str_t  from;        /* "https://files.example.org/" */
    pr_str_t  to;          /* "http://127.0.0.1:8080/pypi-files/" */
} pr_rewrite_map_t;


#define PR_TIME_UNKNOWN  ((int64_t) -1)

/*
 * 1: keep this version of this package, 0: drop it. published: when the
 * document says the version was published, in seconds since the epoch
 * (UTC), or PR_TIME_UNKNOWN when it says nothing the rewriter reads:
 *
 *   npm packument   "time".<version> (of a key given twice the first);
 *                   abbreviated (install-v1) documents have no "time"
 *   npm version     none: PR_TIME_UNKNOWN
 *   PyPI JSON       a release: the earliest of its files' times (a
 *                   file's: "upload_time_iso_8601", else "upload_time",
 *                   UTC when it names no zone), in releases.<version>[];
 *                   info.version: its files in "urls" and in
 *                   releases.<info.version>[] alike; no file: unknown
 *   PEP 691         per version, the earliest "upload-time" (PEP 700) of
 *                   the files whose "filename" names it, so that every
 *                   file of a version, and its "versions" entry (spelled
 *                   as the file names spell it), has one answer
 *
 * A time is read with pr_time_parse() (pr_time.h). One that is not a
 * string or does not read (a malformed date, a year before 1970) is no
 * time: PR_TIME_UNKNOWN, or the other files' when a release has several;
 * the document is not refused for it. The same version is always told
 * the same time within a document.
 */
typedef int (*pr_keep_version_pt)(void *data, const pr_str_t *name,
    const pr_str_t *version, int64_t published);


typedef struct {
    const pr_rewrite_map_t  *maps;       /* tried in order */
    size_t                   nmaps;

    /*
     * Versions: keep() is asked about each version a document lists,
     * with the package name (below) and the version as the document
     * spells it (not normalised). NULL keeps every version.
     */
    pr_keep_version_pt       keep;
    void                    *keep_data;

    /*
     * The package name passed to keep(). Empty: JSON documents take it
     * from the document ("name", PyPI "info.name"); the HTML rewriter
     * then filters nothing. PyPI needs it to find an sdist's version.
     */
    pr_str_t                 name;

    size_t                   max_size;   /* JSON; 0: PR_REWRITE_MAX_SIZE */

    pr_unsafe_pt             unsafe;     /* NULL: every unsafe place */
    void                    *unsafe_data;    /* refuses the document */

    pr_alloc_pt              alloc;      /* output (an nginx pool) */
    void                    *ctx;

    /* NULL, or frees a block from alloc (ngx_pfree) that is not kept */
    void                   (*free)(void *ctx, void *p);

    /*
     * JSON: NULL, or the output is not held whole but handed to flush()
     * in order as it is made, in pieces of about flush_size bytes (0:
     * PR_REWRITE_FLUSH_SIZE); 0: go on, else the document fails
     * (PR_REWRITE_NOMEM). See pr_rewrite_json().
     */
    int                    (*flush)(void *data, const char *p, size_t n);
    void                    *flush_data;
    size_t                   flush_size;
} pr_rewrite_t;


typedef enum {
    PR_DOC_NPM_PACKUMENT = 0,    /* /<name>, full or abbreviated */
    PR_DOC_NPM_VERSION,          /* /<name>/<version or tag> */
    PR_DOC_PYPI_JSON,            /* /pypi/<name>/json */
    PR_DOC_PYPI_VERSION_JSON,    /* /pypi/<name>/<version>/json */
    PR_DOC_PYPI_SIMPLE_JSON,     /* /simple/<name>/, PEP 691 */
    PR_DOC_CARGO_CONFIG          /* /config.json of a sparse index */
} pr_doc_t;


/*
 * Rewrites a whole JSON document:
 *
 *   npm packument   versions.<v>.dist.tarball. With keep(): versions not
 *                   kept leave "versions", "time" (but for "created",
 *                   "modified") and "dist-tags". A tag naming a dropped
 *                   version is removed, except "latest": it moves to the
 *                   highest kept version (semver precedence, no
 *                   pre-release) below the dropped one, and is removed
 *                   when there is none or the dropped one is not semver.
 *   npm version     dist.tarball. PR_REWRITE_GONE if "version" is not kept.
 *   PyPI JSON       urls[].url, releases.<v>[].url. With keep(): releases
 *                   not kept are removed; if info.version is not kept,
 *                   "urls" (its files) becomes [] and "info" stays.
 *   PyPI version    the same; PR_REWRITE_GONE if info.version is not kept.
 *   PEP 691         files[].url (relative URLs stay). With keep(): files
 *                   whose version is not kept, or cannot be read from
 *                   "filename" (see pr_pypi_file_version()), are removed,
 *                   and so are such entries of "versions".
 *   cargo config    "dl" and "api" (only their prefix: "{crate}" markers
 *                   after it stay).
 *
 * The top level must be an object and what is walked must have its
 * documented type (versions.<v> an object, urls an array...), else the
 * document is refused. Missing members are fine.
 *
 * PR_REWRITE_OK: *out is the new document, from rw->alloc; or, when
 * nothing was changed, *out is the input itself (same pointer).
 * With rw->flush and without keep() (npm's dist-tags are then written
 * into their place at the end: the output is held whole), the new
 * document went through flush(), and *out is NULL and its length; or,
 * when nothing was changed, the input itself, and what flush() had is
 * not the document. Whatever the return, flush() may have had part of
 * an output that is not to be served.
 * The objects read, which must not have a key twice: the top level;
 * npm "versions", "time", "dist-tags", each kept version and its "dist";
 * PyPI "info", "releases" and each file object; PEP 691 each file
 * object. Keys given twice elsewhere ("dependencies") are not read.
 *
 * PR_REWRITE_GONE: a one-version document whose version is not kept.
 * PR_REWRITE_INVALID, PR_REWRITE_UNSAFE, PR_REWRITE_NOMEM: *err is a
 * static reason.
 *
 * A changed document is written again in one pass over the text, no
 * tree built (pr_rewrite_json.c), as cJSON printed it before: whitespace
 * is removed; escapes in strings are decoded and only '"', '\\' and
 * control characters escaped again ("\/" becomes "/", "\u00e9" the UTF-8
 * bytes); keys and values keep their order, duplicate keys stay (when
 * unsafe() lets them). Numbers are kept as written. Strings with a
 * "\u0000" escape are kept as written but never rewritten or read; a key
 * with one is cut at it (so that "tarball\u0000" and "tarball" are given
 * twice). The text must be JSON (RFC 8259; a byte-order mark is dropped):
 * lone UTF-16 surrogate escapes ("\ud800"), control characters in
 * strings, numbers such as 01, 1. or -.5, and whitespace other than space,
 * tab, CR and LF are refused. Inputs over max_size or nested deeper than
 * PR_REWRITE_MAX_DEPTH are refused. Memory: the output (rw->alloc, about
 * the input's size, or flush_size with rw->flush; freed through rw->free
 * when not used) and scratch:
 * 8 bytes a key of each object read (npm's versions: one per version,
 * twice that while they are sorted) and strings as long as the longest string
 * read, from malloc(), or from rw->alloc when 1 MB or more and rw->free
 * is set; all of it freed before the return.
 */
int pr_rewrite_json(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err);

/* 1 and *out (from rw->alloc) if url starts with a prefix, 0 if not,
 * PR_REWRITE_NOMEM; for headers such as Location */
int pr_rewrite_url(const pr_rewrite_t *rw, const char *url, size_t len,
    pr_str_t *out);

/*
 * 0 and *version (pointing into file) for a PyPI file name, or -1:
 *   wheel   <name>-<version>[-<build>]-<py>-<abi>-<platform>.whl
 *   sdist   <name>-<version><ext>: <name> is project in PEP 503 form
 *           (case, runs of "-_." alike); ext is one of pip's archive
 *           extensions (.tar.gz .tgz .zip .tar.bz2 .tbz .tar.xz .txz
 *           .tlz .tar.lz .tar.lzma .tar)
 * Others (.egg, .exe, names of another project) are -1: installers skip
 * them too.
 */
int pr_pypi_file_version(const pr_str_t *project, const char *file,
    size_t len, pr_str_t *version);


/*
 * Streaming rewriter for PEP 503 simple pages (HTML), fed in chunks as
 * nginx's body filter receives them. Output does not depend on where the
 * chunks split the document.
 *
 * In every start tag, the value of each href attribute (any case, quoted
 * with " or ' or not, spaces around '=') that starts with a prefix, after
 * leading spaces, is rewritten, and one that does not must be relative
 * (PR_UNSAFE_UNMAPPED); other attributes (data-core-metadata,
 * data-dist-info-metadata...) are not URLs and stay, but those a client
 * reads must not be given twice (PR_UNSAFE_DUPLICATE). An anchor that is
 * removed (below) is not checked. Character references
 * are not decoded: "https&#58;//..." is not recognised (and, not being
 * relative, is unsafe). Everything else passes byte for byte: text,
 * comments, <!DOCTYPE>, end tags. Contents of <script>, <style>, <title>
 * are read as text, not as raw text. A comment ends where any parser
 * ends it ("-->", "--!>", "-- >"), so that what a client reads as markup
 * is read here too.
 *
 * With keep() and rw->name set, an anchor <a ...>...</a> whose href names
 * a file (last path segment, percent-decoded) whose version is not kept,
 * or cannot be read, is removed from '<' to the '>' of </a>; what follows
 * it (a <br/>, a newline) stays. A new <a> also ends the removal, as it
 * closes an open anchor in HTML. Use it on project pages only: on the
 * root /simple/ page every anchor would go.
 *
 * Tags are kept whole in the state until their '>' (quotes respected as
 * HTML does); a start or end tag longer than PR_HTML_TAG_MAX fails the
 * document. A tag still open at the end is rewritten as it stands.
 */

typedef struct pr_html_rw_s  pr_html_rw_t;

struct pr_html_rw_s {
    const pr_rewrite_t  *rw;
    const char          *err;        /* static reason after a failure */

    /* private */
    int                  failed;     /* the return code after a failure */
    unsigned             state;
    unsigned             attr;       /* tokenizer state inside a tag */
    unsigned             dashes;     /* '-' in a row, in a comment */
    unsigned             after;      /* then '!' or spaces */
    unsigned             skip;       /* inside an anchor being removed */
    size_t               len;        /* bytes in tag */
    char                 tag[PR_HTML_TAG_MAX];
};


void pr_html_rw_init(pr_html_rw_t *st, const pr_rewrite_t *rw);

/*
 * Consumes in[0, len) and sets *out to what can be written so far, from
 * rw->alloc (out->len may be 0, out->data then NULL). last = 1 ends the
 * document and flushes what is held. PR_REWRITE_OK, or
 * PR_REWRITE_INVALID / PR_REWRITE_UNSAFE / PR_REWRITE_NOMEM with st->err
 * (the reason; for UNSAFE unsafe() had the place); every later call
 * fails the same way.
 */
int pr_html_rw_feed(pr_html_rw_t *st, const char *in, size_t len, int last,
    pr_str_t *out);


#endif /* _PR_REWRITE_H_INCLUDED_ */
