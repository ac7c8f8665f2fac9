/*
 * ngx_pkg_reroute: versions and version ranges, per ecosystem.
 *
 *   npm        semver 2.0; ranges as node-semver reads them: || sets,
 *              comparators, hyphen ranges, x-ranges, ~ (and ~>), ^
 *   cargo      semver 2.0 (strict); requirements as Cargo reads them:
 *              comma-AND, bare = caret, ^ ~ = * < <= > >= and 1.* 1.2.*
 *   pypi       PEP 440 versions (normalised: 1.0.0a1 is 1.0.0-alpha.1);
 *              specifier sets: ~= == != <= >= < > ===, ==1.* wildcards
 *   rubygems   Gem::Version (segments, letters before numbers);
 *              requirements: = != > < >= <= ~>, comma-AND
 *   docker, huggingface, github, generic
 *              a tag, revision or ref: exact, or a pr_pattern glob
 *              (* ? **); alternatives separated by ||
 *
 * Prereleases. By default a range matches a prerelease as its ecosystem's
 * own resolver does:
 *   npm, cargo  only when a comparator of the same set has a prerelease
 *               with the same major.minor.patch (node-semver without
 *               includePrerelease, the semver crate)
 *   pypi        only when an inclusive specifier of the set (== >= <= ~=
 *               ===) names a prerelease (packaging's
 *               SpecifierSet.contains(prereleases=None), as pip calls it);
 *               != < > do not count
 *   rubygems    always: Gem::Requirement#satisfied_by? compares only
 * PR_RANGE_PRE at parse time makes every prerelease match as any other
 * version would: npm's includePrerelease, packaging's prereleases=True,
 * and for cargo the same (a block rule should want this: `evil@<2` then
 * blocks 1.5.0-rc.1 too).
 *
 * A range is parsed once, into one block from the caller's allocator, and
 * matched in time linear in its size; matching allocates nothing.
 */

#ifndef _PR_VERSION_H_INCLUDED_
#define _PR_VERSION_H_INCLUDED_


#include "pr_core.h"


#define PR_VER_MAX_LEN     256     /* longest version accepted */
#define PR_VER_MAX_SEGS    32      /* parts of one version */
#define PR_RANGE_MAX_LEN   2048    /* longest range accepted */
#define PR_RANGE_MAX_CMP   64      /* comparators in one range */

#define PR_RANGE_PRE       0x01    /* prereleases match as others do */


typedef enum {
    PR_VS_EXACT = 0,               /* docker, huggingface, github */
    PR_VS_NPM,
    PR_VS_CARGO,
    PR_VS_PEP440,
    PR_VS_GEM
} pr_vscheme_t;


/* one part of a version: digits (leading zeros dropped: 0 is empty) or
 * letters; p points into the version's text */
typedef struct {
    const char  *p;
    uint16_t     len;
    uint8_t      num;
} pr_vseg_t;


typedef struct {
    const char  *text;
    size_t       len;
    uint8_t      scheme;     /* pr_vscheme_t */
    uint8_t      nrel;       /* semver: parts given (3 in a version);
                                pep440: release parts; gem: all parts */
    uint8_t      nextra;     /* semver: prerelease ids; pep440: local */
    uint8_t      pre;        /* pep440: 0 none, 1 a, 2 b, 3 rc */
    uint8_t      post;       /* pep440: 1 if a post release */
    uint8_t      dev;        /* pep440: 1 if a dev release */
    uint8_t      wild;       /* in a range: parts after nrel are x */
    pr_vseg_t    epoch;
    pr_vseg_t    pre_n;
    pr_vseg_t    post_n;
    pr_vseg_t    dev_n;
    pr_vseg_t    seg[PR_VER_MAX_SEGS];
} pr_ver_t;


typedef struct pr_range_s  pr_range_t;


pr_vscheme_t pr_version_scheme(pr_eco_t eco);

/* 0 and *v (pointing into s, which must outlive it), or -1: not a
 * version of that ecosystem */
int pr_version_parse(pr_eco_t eco, const char *s, size_t len, pr_ver_t *v);

/* <0, 0, >0 by the ecosystem's precedence (two of one scheme) */
int pr_version_cmp(const pr_ver_t *a, const pr_ver_t *b);

/* 1 if a prerelease (semver: prerelease ids; pep440: a/b/rc or dev;
 * gem: any letter) */
int pr_version_is_pre(const pr_ver_t *v);

/* NULL and *err (a static reason) if s is not a range of eco; flags:
 * PR_RANGE_PRE. Memory from alloc(ctx, size), never freed singly. */
pr_range_t *pr_range_parse(pr_eco_t eco, const char *s, size_t len,
    unsigned flags, pr_alloc_pt alloc, void *ctx, const char **err);

/* 1 if the version is in the range, 0 if not, -1 if it is not a version
 * of the range's ecosystem (PEP 440: a range of === only compares any
 * string, as packaging does for versions it cannot read) */
int pr_range_match(const pr_range_t *r, const char *v, size_t len);

/* the same, for a version already parsed */
int pr_range_match_ver(const pr_range_t *r, const pr_ver_t *v);


#endif /* _PR_VERSION_H_INCLUDED_ */
