/*
 * ngx_pkg_reroute: malicious package lists, offline.
 *
 * Sources, read at configuration time:
 *   - OSV files as the OpenSSF malicious-packages project publishes them
 *     (osv/malicious/<ecosystem>/<name>/MAL-*.json): every MAL-*.json
 *     below a directory, or in a zip of that tree (zip64 too; deflated
 *     entries through the caller's inflate, so the core links no zlib);
 *     a single file named on its own is read whatever its name.
 *     Ecosystems npm, PyPI, crates.io, RubyGems; an entry with
 *     "withdrawn" is skipped, a MAL-0000-* one (awaiting its id) counts.
 *     affected[]: "versions" are exact versions; "ranges" of type SEMVER
 *     or ECOSYSTEM are intervals from their introduced / fixed /
 *     last_affected events (introduced "0": from the first version);
 *     neither, or only ranges of other types (GIT): every version.
 *   - plain lists for what OSV does not cover (docker, huggingface,
 *     github): one "name" or "name@version" a line (the last '@' not
 *     first in the line splits), version exact or a glob (* ?), '#'
 *     starts a comment.
 *
 * Names are stored canonical (pr_name_canon: lower case, PEP 503 for
 * PyPI, '_' as '-' for crates), in one open-addressing table keyed by
 * (ecosystem, name); strings live in one arena. A lookup hashes the name
 * once, then reads that name's entries (an "every version" entry first).
 *
 * Memory comes from malloc: the table grows while loading. The shell
 * frees it with pr_mal_destroy() (a pool cleanup of the cycle that
 * loaded it, so a reload builds a new one and the old one goes with its
 * cycle).
 */

#ifndef _PR_MAL_H_INCLUDED_
#define _PR_MAL_H_INCLUDED_


#include "pr_core.h"


#define PR_MAL_MAX_FILE   (4 * 1024 * 1024)   /* one OSV file */
#define PR_MAL_MAX_LIST   (64 * 1024 * 1024)  /* one plain list: 2.5M lines */


typedef enum {
    PR_MAL_NONE = 0,     /* not listed */
    PR_MAL_OTHER,        /* listed, not this version (or none given) */
    PR_MAL_VERSION,      /* this version is listed */
    PR_MAL_ALL           /* every version is listed */
} pr_mal_hit_t;


typedef struct {
    size_t  files;       /* OSV files and lists read */
    size_t  withdrawn;   /* OSV files skipped: withdrawn */
    size_t  skipped;     /* affected[] entries of other ecosystems */
    size_t  names;       /* (ecosystem, name) keys */
    size_t  entries;     /* versions, intervals and "every version" */
    size_t  bytes;       /* memory held: table, entries, strings */
} pr_mal_stats_t;


typedef struct pr_mal_s  pr_mal_t;

/* one package's entries in a list (pr_mal_package) */
typedef struct pr_mal_pkg_s  pr_mal_pkg_t;


/* raw deflate (zip method 8): in to exactly outlen bytes; 0 on success */
typedef int (*pr_inflate_pt)(void *ctx, const unsigned char *in,
    size_t inlen, unsigned char *out, size_t outlen);


pr_mal_t *pr_mal_create(void);
void pr_mal_destroy(pr_mal_t *m);

/* one OSV document; src names it in errors. 0, or -1 and pr_mal_error() */
int pr_mal_add_osv(pr_mal_t *m, const char *json, size_t len,
    const char *src);

/* one plain list for eco */
int pr_mal_add_list(pr_mal_t *m, pr_eco_t eco, const char *text,
    size_t len, const char *src);

/* a directory (every *.json below it) or a zip file (its *.json entries);
 * inflate may be NULL: then only stored entries are read */
int pr_mal_load(pr_mal_t *m, const char *path, pr_inflate_pt inflate,
    void *ctx);

/* a plain list file for eco */
int pr_mal_load_list(pr_mal_t *m, pr_eco_t eco, const char *path);

/* after the last load: gives back what the growing left unused */
void pr_mal_finish(pr_mal_t *m);

const char *pr_mal_error(const pr_mal_t *m);
void pr_mal_stats(const pr_mal_t *m, pr_mal_stats_t *st);

/*
 * Is (eco, name, version) listed? name in any spelling (made canonical
 * here), version NULL or empty for a request that names none. *id, when
 * not NULL, is set to the entry's id (MAL-..., or the list's file:line)
 * for PR_MAL_VERSION and PR_MAL_ALL. A version the ecosystem cannot read
 * is counted as listed when the name has any interval (fail closed).
 * Allocates nothing.
 */
pr_mal_hit_t pr_mal_lookup(const pr_mal_t *m, pr_eco_t eco,
    const char *name, size_t nlen, const char *version, size_t vlen,
    pr_str_t *id);

/*
 * pr_mal_lookup() in two steps, for many versions of one package: the
 * package's entries (NULL: not listed), then a version against them
 * (pkg NULL: PR_MAL_NONE). Both allocate nothing.
 */
const pr_mal_pkg_t *pr_mal_package(const pr_mal_t *m, pr_eco_t eco,
    const char *name, size_t nlen);
pr_mal_hit_t pr_mal_version(const pr_mal_t *m, const pr_mal_pkg_t *pkg,
    const char *version, size_t vlen, pr_str_t *id);


#endif /* _PR_MAL_H_INCLUDED_ */
