/*
 * ngx_pkg_reroute: the cJSON rewriter that pr_rewrite_json.c replaced
 * (issue 9), kept as a reference: fuzz_rewrite_json compares the two on
 * documents both accept, and bench/rewrite-bench measures one against the
 * other. Not part of the module.
 */

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pr_rewrite_int.h"
#include "pr_time.h"
#include "ref_rewrite_tree.h"


/* JSON */

typedef struct {
    const pr_rewrite_t  *rw;
    const char          *in;
    size_t               len;
    size_t               npos;       /* number cursor */
    size_t               spos;       /* value string cursor */
    size_t               changed;
    pr_str_t             name;
    const char          *err;
    cJSON               *times;      /* npm "time", PEP 691 "files",
                                      * copied before any drop */
} pr_jx_t;

static size_t pr_json_str_end(const char *in, size_t len, size_t i);
static int pr_json_digits(const char *p, size_t n);
static int pr_json_too_deep(const char *in, size_t len);
static int pr_json_next(pr_jx_t *jx, int string, size_t *start, size_t *n);
static int pr_json_raw(pr_jx_t *jx, cJSON *item, size_t start, size_t n);
static int pr_json_restore(pr_jx_t *jx, cJSON *item);
static int pr_json_url(pr_jx_t *jx, cJSON *item);
static int pr_key_cmp(const void *a, const void *b);
static int pr_json_unique(pr_jx_t *jx, cJSON *obj);
static int pr_json_keep(pr_jx_t *jx, const char *version, size_t len);
static int pr_json_keep_at(pr_jx_t *jx, const char *version, size_t len,
    int64_t published);
static int pr_json_copy(pr_jx_t *jx, cJSON *root, const char *key,
    int type);
static int64_t pr_json_time(cJSON *obj, const char *key);
static int64_t pr_json_npm_time(cJSON *time, const char *version);
static int64_t pr_json_files_time(cJSON *files, int64_t t);
static int64_t pr_json_691_time(pr_jx_t *jx, cJSON *files, const char *v,
    size_t len);
static void pr_json_drop(pr_jx_t *jx, cJSON *parent, cJSON *item);
static int pr_json_name(pr_jx_t *jx, cJSON *obj);
static cJSON *pr_json_get(cJSON *obj, const char *key, int type, int *bad);
static int pr_json_npm(pr_jx_t *jx, cJSON *doc);
static int pr_json_npm_tags(pr_jx_t *jx, cJSON *tags, cJSON *versions,
    cJSON *times);
static int pr_json_npm_version(pr_jx_t *jx, cJSON *doc);
static int pr_json_pypi(pr_jx_t *jx, cJSON *doc, int one);
static int pr_json_pypi_files(pr_jx_t *jx, cJSON *files);
static int pr_json_pep691(pr_jx_t *jx, cJSON *doc);
static int pr_json_cargo(pr_jx_t *jx, cJSON *doc);


/* JSON */


/* after the closing quote of the string that starts at in[i] */
static size_t
pr_json_str_end(const char *in, size_t len, size_t i)
{
    for (i++; i < len && in[i] != '"'; i++) {
        if (in[i] == '\\') {
            i++;
        }
    }

    return i < len ? i + 1 : len;
}


static int
pr_json_digits(const char *p, size_t n)
{
    while (n > 0 && pr_isdigit(*p)) {
        p++;
        n--;
    }

    return n == 0;
}


static int
pr_json_too_deep(const char *in, size_t len)
{
    size_t  i, depth;

    depth = 0;

    for (i = 0; i < len; /* void */) {
        switch (in[i]) {

        case '"':
            i = pr_json_str_end(in, len, i);
            continue;

        case '[':
        case '{':
            if (++depth > PR_REWRITE_MAX_DEPTH) {
                return 1;
            }
            break;

        case ']':
        case '}':
            depth -= depth > 0;
            break;
        }

        i++;
    }

    return 0;
}


/*
 * The next number, or value string, from the cursor: cJSON's tree lists
 * values in the order of the text, so the n-th number item is the n-th
 * number token.
 */
static int
pr_json_next(pr_jx_t *jx, int string, size_t *start, size_t *n)
{
    char         c;
    size_t       i, e, k;
    const char  *in;

    in = jx->in;
    i = string ? jx->spos : jx->npos;

    while (i < jx->len) {
        c = in[i];

        if (c == '"') {
            e = pr_json_str_end(in, jx->len, i);

            for (k = e; k < jx->len && pr_space(in[k]); k++) { /* void */ }

            if (string && (k == jx->len || in[k] != ':')) {
                *start = i;
                *n = e - i;
                jx->spos = e;
                return 1;
            }

            i = e;
            continue;
        }

        if (!string && (c == '-' || pr_isdigit(c))) {
            for (e = i + 1; e < jx->len; e++) {
                c = in[e];
                if (!pr_isdigit(c) && c != '.' && c != 'e' && c != 'E'
                    && c != '+' && c != '-')
                {
                    break;
                }
            }

            *start = i;
            *n = e - i;
            jx->npos = e;
            return 1;
        }

        i++;
    }

    return 0;
}


/* the item prints as in[start, start + n) */
static int
pr_json_raw(pr_jx_t *jx, cJSON *item, size_t start, size_t n)
{
    char  *p;

    p = cJSON_malloc(n + 1);
    if (p == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    memcpy(p, jx->in + start, n);
    p[n] = '\0';

    if (item->valuestring != NULL) {
        cJSON_free(item->valuestring);
    }

    item->valuestring = p;
    item->type = (item->type & ~0xff) | cJSON_Raw;

    return PR_REWRITE_OK;
}


/*
 * Numbers that cJSON would print otherwise (1.0, 1e3, 2^53 + 1) and
 * strings it would cut ("\u0000") become raw items with the input text.
 */
static int
pr_json_restore(pr_jx_t *jx, cJSON *item)
{
    int          rc;
    size_t       start, n, i;
    const char  *p;

    for ( /* void */ ; item != NULL; item = item->next) {

        if (cJSON_IsNumber(item)) {
            if (!pr_json_next(jx, 0, &start, &n)) {
                goto mismatch;
            }

            /* "0", "-?[1-9][0-9]{0,8}" print alike as "%d" */
            p = jx->in + start;
            i = (p[0] == '-');

            if (!(n == 1 && p[0] == '0')
                && !(n - i >= 1 && n - i <= 9 && p[i] >= '1' && p[i] <= '9'
                     && pr_json_digits(p + i, n - i)))
            {
                rc = pr_json_raw(jx, item, start, n);
                if (rc != PR_REWRITE_OK) {
                    return rc;
                }
            }

        } else if (cJSON_IsString(item)) {
            if (!pr_json_next(jx, 1, &start, &n)) {
                goto mismatch;
            }

            for (p = jx->in + start, i = 0; i + 6 <= n; i++) {
                if (p[i] == '\\') {
                    if (memcmp(p + i, "\\u0000", 6) == 0) {
                        rc = pr_json_raw(jx, item, start, n);
                        if (rc != PR_REWRITE_OK) {
                            return rc;
                        }
                        break;
                    }
                    i++;
                }
            }
        }

        if (item->child != NULL) {
            rc = pr_json_restore(jx, item->child);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    return PR_REWRITE_OK;

mismatch:

    jx->err = "values do not match the text";
    return PR_REWRITE_INVALID;
}


/*
 * Rewrites an artifact URL that starts with a prefix; one that does not
 * must be relative. NULL (no such member) is fine; anything but a string
 * (a "\u0000" string is raw: never read) is refused.
 */
static int
pr_json_url(pr_jx_t *jx, cJSON *item)
{
    char      *p;
    size_t     len, skip;
    pr_str_t   to;

    if (item == NULL) {
        return PR_REWRITE_OK;
    }

    if (!cJSON_IsString(item) || item->valuestring == NULL) {
        jx->err = "an artifact URL is not a string";
        return PR_REWRITE_INVALID;
    }

    len = strlen(item->valuestring);

    if (pr_rewrite_find(jx->rw, item->valuestring, len, &skip, &to) == NULL) {
        if (pr_url_relative(item->valuestring, len, 0)) {
            return PR_REWRITE_OK;
        }

        return pr_unsafe(jx->rw, PR_UNSAFE_UNMAPPED, item->valuestring, len,
                         &jx->err);
    }

    p = cJSON_malloc(to.len + len - skip + 1);
    if (p == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    memcpy(p, to.data, to.len);
    memcpy(p + to.len, item->valuestring + skip, len - skip + 1);

    cJSON_free(item->valuestring);
    item->valuestring = p;
    jx->changed++;

    return PR_REWRITE_OK;
}


static int
pr_key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char * const *) a, *(const char * const *) b);
}


#define pr_key(item)  ((item)->string ? (item)->string : "")

/*
 * An object that is read has no key twice: cJSON reads the first, npm's
 * and Python's parsers the last. Keys are compared decoded, as cJSON
 * and they read them. NULL is fine.
 */
static int
pr_json_unique(pr_jx_t *jx, cJSON *obj)
{
    int           rc;
    cJSON        *a, *b;
    size_t        i, n;
    const char  **keys;

    if (obj == NULL) {
        return PR_REWRITE_OK;
    }

    n = 0;

    for (a = obj->child; a != NULL; a = a->next) {
        n++;
    }

    if (n <= 16) {
        for (a = obj->child; a != NULL; a = a->next) {
            for (b = a->next; b != NULL; b = b->next) {
                if (strcmp(pr_key(a), pr_key(b)) == 0) {
                    rc = pr_unsafe(jx->rw, PR_UNSAFE_DUPLICATE, pr_key(a),
                                   strlen(pr_key(a)), &jx->err);
                    if (rc != PR_REWRITE_OK) {
                        return rc;
                    }

                    break;
                }
            }
        }

        return PR_REWRITE_OK;
    }

    keys = malloc(n * sizeof(const char *));
    if (keys == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    for (a = obj->child, i = 0; a != NULL; a = a->next, i++) {
        keys[i] = pr_key(a);
    }

    qsort(keys, n, sizeof(const char *), pr_key_cmp);

    rc = PR_REWRITE_OK;

    for (i = 1; i < n; i++) {
        if (strcmp(keys[i - 1], keys[i]) == 0
            && (i == 1 || strcmp(keys[i - 2], keys[i]) != 0))
        {
            rc = pr_unsafe(jx->rw, PR_UNSAFE_DUPLICATE, keys[i],
                           strlen(keys[i]), &jx->err);
            if (rc != PR_REWRITE_OK) {
                break;
            }
        }
    }

    free(keys);

    return rc;
}


static int
pr_json_keep(pr_jx_t *jx, const char *version, size_t len)
{
    return pr_json_keep_at(jx, version, len, PR_TIME_UNKNOWN);
}


static int
pr_json_keep_at(pr_jx_t *jx, const char *version, size_t len,
    int64_t published)
{
    pr_str_t  v;

    if (jx->rw->keep == NULL) {
        return 1;
    }

    v.data = version;
    v.len = len;

    return jx->rw->keep(jx->rw->keep_data, &jx->name, &v, published) != 0;
}


/* times, as pr_rewrite.h says (written again from the contract) */

/* jx->times: a copy of root.key if it has this type, made before any
 * drop (the times are the document's as it came), else NULL */
static int
pr_json_copy(pr_jx_t *jx, cJSON *root, const char *key, int type)
{
    cJSON  *item;

    jx->times = NULL;
    item = cJSON_GetObjectItemCaseSensitive(root, key);

    if (item == NULL || (item->type & 0xff) != type) {
        return PR_REWRITE_OK;
    }

    jx->times = cJSON_Duplicate(item, 1);

    if (jx->times == NULL) {
        jx->err = "out of memory";
        return PR_REWRITE_NOMEM;
    }

    return PR_REWRITE_OK;
}


/* obj.key read as an instant, else PR_TIME_UNKNOWN */
static int64_t
pr_json_time(cJSON *obj, const char *key)
{
    cJSON    *item;
    int64_t   t;

    item = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (!cJSON_IsString(item) || item->valuestring == NULL
        || pr_time_parse(item->valuestring, strlen(item->valuestring), &t)
           != 0)
    {
        return PR_TIME_UNKNOWN;
    }

    return t;
}


static int64_t
pr_json_npm_time(cJSON *time, const char *version)
{
    return time ? pr_json_time(time, version) : PR_TIME_UNKNOWN;
}


/* the earliest of t and the times of the PyPI files of an array */
static int64_t
pr_json_files_time(cJSON *files, int64_t t)
{
    cJSON    *f;
    int64_t   ft;

    if (!cJSON_IsArray(files)) {
        return t;
    }

    for (f = files->child; f != NULL; f = f->next) {
        if (!cJSON_IsObject(f)) {
            continue;
        }

        ft = pr_json_time(f, "upload_time_iso_8601");

        if (ft == PR_TIME_UNKNOWN) {
            ft = pr_json_time(f, "upload_time");
        }

        if (ft != PR_TIME_UNKNOWN && (t == PR_TIME_UNKNOWN || ft < t)) {
            t = ft;
        }
    }

    return t;
}


/* PEP 691: the earliest "upload-time" of the files of version v */
static int64_t
pr_json_691_time(pr_jx_t *jx, cJSON *files, const char *v, size_t len)
{
    cJSON     *f, *fn;
    int64_t    t, ft;
    pr_str_t   ver;

    t = PR_TIME_UNKNOWN;

    for (f = files ? files->child : NULL; f != NULL; f = f->next) {
        fn = cJSON_GetObjectItemCaseSensitive(f, "filename");

        if (!cJSON_IsObject(f) || !cJSON_IsString(fn)
            || pr_pypi_file_version(&jx->name, fn->valuestring,
                                    strlen(fn->valuestring), &ver) != 0
            || ver.len != len || memcmp(ver.data, v, len) != 0)
        {
            continue;
        }

        ft = pr_json_time(f, "upload-time");

        if (ft != PR_TIME_UNKNOWN && (t == PR_TIME_UNKNOWN || ft < t)) {
            t = ft;
        }
    }

    return t;
}


static void
pr_json_drop(pr_jx_t *jx, cJSON *parent, cJSON *item)
{
    cJSON_Delete(cJSON_DetachItemViaPointer(parent, item));
    jx->changed++;
}


/* the name for keep(): the caller's, else the object's "name" */
static int
pr_json_name(pr_jx_t *jx, cJSON *obj)
{
    cJSON  *name;

    if (jx->name.len > 0) {
        return PR_REWRITE_OK;
    }

    name = cJSON_GetObjectItemCaseSensitive(obj, "name");

    if (!cJSON_IsString(name) || name->valuestring[0] == '\0') {
        jx->err = "no package name";
        return PR_REWRITE_INVALID;
    }

    jx->name.data = name->valuestring;
    jx->name.len = strlen(name->valuestring);

    return PR_REWRITE_OK;
}


/* obj.key if it has this type; *bad = 1 if it has another */
static cJSON *
pr_json_get(cJSON *obj, const char *key, int type, int *bad)
{
    cJSON  *item;

    item = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (item == NULL) {
        return NULL;
    }

    if ((item->type & 0xff) != type) {
        *bad = 1;
        return NULL;
    }

    return item;
}


static int
pr_json_npm(pr_jx_t *jx, cJSON *doc)
{
    int     rc, bad;
    cJSON  *versions, *time, *tags, *v, *next, *dist;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    versions = pr_json_get(doc, "versions", cJSON_Object, &bad);
    time = pr_json_get(doc, "time", cJSON_Object, &bad);
    tags = pr_json_get(doc, "dist-tags", cJSON_Object, &bad);

    if (bad) {
        jx->err = "\"versions\", \"time\" or \"dist-tags\" is not an object";
        return PR_REWRITE_INVALID;
    }

    if ((rc = pr_json_unique(jx, versions)) != PR_REWRITE_OK
        || (rc = pr_json_unique(jx, time)) != PR_REWRITE_OK
        || (rc = pr_json_unique(jx, tags)) != PR_REWRITE_OK)
    {
        return rc;
    }

    if (jx->rw->keep != NULL && pr_json_name(jx, doc) != PR_REWRITE_OK) {
        return PR_REWRITE_INVALID;
    }

    for (v = versions ? versions->child : NULL; v != NULL; v = next) {
        next = v->next;

        if (!cJSON_IsObject(v)) {
            jx->err = "a version is not an object";
            return PR_REWRITE_INVALID;
        }

        if (!pr_json_keep_at(jx, v->string, strlen(v->string),
                             pr_json_npm_time(jx->times, v->string)))
        {
            pr_json_drop(jx, versions, v);
            continue;
        }

        rc = pr_json_unique(jx, v);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        dist = pr_json_get(v, "dist", cJSON_Object, &bad);

        if (bad) {
            jx->err = "a version's \"dist\" is not an object";
            return PR_REWRITE_INVALID;
        }

        if (dist != NULL) {
            rc = pr_json_unique(jx, dist);
            if (rc != PR_REWRITE_OK) {
                return rc;
            }

            rc = pr_json_url(jx,
                             cJSON_GetObjectItemCaseSensitive(dist, "tarball"));
            if (rc != PR_REWRITE_OK) {
                return rc;
            }
        }
    }

    if (jx->rw->keep == NULL) {
        return PR_REWRITE_OK;
    }

    for (v = time ? time->child : NULL; v != NULL; v = next) {
        next = v->next;

        if (cJSON_IsString(v)
            && strcmp(v->string, "created") != 0
            && strcmp(v->string, "modified") != 0
            && !pr_json_keep_at(jx, v->string, strlen(v->string),
                                pr_json_npm_time(jx->times, v->string)))
        {
            pr_json_drop(jx, time, v);
        }
    }

    return tags ? pr_json_npm_tags(jx, tags, versions, jx->times)
                : PR_REWRITE_OK;
}


/*
 * A tag on a dropped version goes; "latest" moves to the highest kept
 * release below it, if there is one.
 */
static int
pr_json_npm_tags(pr_jx_t *jx, cJSON *tags, cJSON *versions, cJSON *times)
{
    char         *p;
    cJSON        *t, *next, *v, *best;
    size_t        n;
    pr_semver_t   old, cand, top;

    for (t = tags->child; t != NULL; t = next) {
        next = t->next;

        if (!cJSON_IsString(t)
            || pr_json_keep_at(jx, t->valuestring, strlen(t->valuestring),
                               pr_json_npm_time(times, t->valuestring)))
        {
            continue;
        }

        best = NULL;

        if (strcmp(t->string, "latest") == 0 && versions != NULL
            && pr_semver_parse(t->valuestring, strlen(t->valuestring), &old)
               == 0)
        {
            for (v = versions->child; v != NULL; v = v->next) {
                if (pr_semver_parse(v->string, strlen(v->string), &cand) != 0
                    || cand.pre.len > 0
                    || pr_semver_cmp(&cand, &old) >= 0)
                {
                    continue;
                }

                if (best == NULL || pr_semver_cmp(&cand, &top) > 0) {
                    best = v;
                    top = cand;
                }
            }
        }

        if (best == NULL) {
            pr_json_drop(jx, tags, t);
            continue;
        }

        n = strlen(best->string);

        p = cJSON_malloc(n + 1);
        if (p == NULL) {
            jx->err = "out of memory";
            return PR_REWRITE_NOMEM;
        }

        memcpy(p, best->string, n + 1);
        cJSON_free(t->valuestring);
        t->valuestring = p;
        jx->changed++;
    }

    return PR_REWRITE_OK;
}


static int
pr_json_npm_version(pr_jx_t *jx, cJSON *doc)
{
    int     rc, bad;
    cJSON  *dist, *version;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    dist = pr_json_get(doc, "dist", cJSON_Object, &bad);
    version = pr_json_get(doc, "version", cJSON_String, &bad);

    if (bad) {
        jx->err = "\"dist\" is not an object or \"version\" not a string";
        return PR_REWRITE_INVALID;
    }

    rc = pr_json_unique(jx, dist);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    if (jx->rw->keep != NULL) {
        if (pr_json_name(jx, doc) != PR_REWRITE_OK) {
            return PR_REWRITE_INVALID;
        }

        if (version == NULL) {
            jx->err = "no \"version\"";
            return PR_REWRITE_INVALID;
        }

        if (!pr_json_keep(jx, version->valuestring,
                          strlen(version->valuestring)))
        {
            return PR_REWRITE_GONE;
        }
    }

    return pr_json_url(jx, cJSON_GetObjectItemCaseSensitive(dist, "tarball"));
}


/* an array of objects with "url" */
static int
pr_json_pypi_files(pr_jx_t *jx, cJSON *files)
{
    int     rc;
    cJSON  *f;

    for (f = files->child; f != NULL; f = f->next) {
        if (!cJSON_IsObject(f)) {
            jx->err = "a file is not an object";
            return PR_REWRITE_INVALID;
        }

        rc = pr_json_unique(jx, f);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        rc = pr_json_url(jx, cJSON_GetObjectItemCaseSensitive(f, "url"));
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    return PR_REWRITE_OK;
}


/* one: the document of one version, /pypi/<name>/<version>/json */
static int
pr_json_pypi(pr_jx_t *jx, cJSON *doc, int one)
{
    int       rc, bad, dropped;
    cJSON    *info, *releases, *urls, *version, *r, *next;
    int64_t   info_time;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    info = pr_json_get(doc, "info", cJSON_Object, &bad);
    releases = pr_json_get(doc, "releases", cJSON_Object, &bad);
    urls = pr_json_get(doc, "urls", cJSON_Array, &bad);

    if (bad) {
        jx->err = "\"info\", \"releases\" or \"urls\" has the wrong type";
        return PR_REWRITE_INVALID;
    }

    if ((rc = pr_json_unique(jx, info)) != PR_REWRITE_OK
        || (rc = pr_json_unique(jx, releases)) != PR_REWRITE_OK)
    {
        return rc;
    }

    dropped = 0;
    version = NULL;
    info_time = PR_TIME_UNKNOWN;

    if (jx->rw->keep != NULL) {
        version = info ? pr_json_get(info, "version", cJSON_String, &bad)
                       : NULL;

        if (version == NULL) {
            jx->err = "no \"info.version\"";
            return PR_REWRITE_INVALID;
        }

        if (pr_json_name(jx, info) != PR_REWRITE_OK) {
            return PR_REWRITE_INVALID;
        }

        info_time = pr_json_files_time(urls, PR_TIME_UNKNOWN);

        if (releases != NULL) {
            info_time = pr_json_files_time(
                            cJSON_GetObjectItemCaseSensitive(releases,
                                version->valuestring), info_time);
        }

        dropped = !pr_json_keep_at(jx, version->valuestring,
                                   strlen(version->valuestring), info_time);

        if (dropped && one) {
            return PR_REWRITE_GONE;
        }
    }

    for (r = releases ? releases->child : NULL; r != NULL; r = next) {
        next = r->next;

        if (!cJSON_IsArray(r)) {
            jx->err = "a release is not an array";
            return PR_REWRITE_INVALID;
        }

        if (!pr_json_keep_at(jx, r->string, strlen(r->string),
                             (version != NULL
                              && strcmp(r->string, version->valuestring) == 0)
                             ? info_time
                             : pr_json_files_time(r, PR_TIME_UNKNOWN)))
        {
            pr_json_drop(jx, releases, r);
            continue;
        }

        rc = pr_json_pypi_files(jx, r);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    if (urls == NULL) {
        return PR_REWRITE_OK;
    }

    if (dropped) {
        while (urls->child != NULL) {
            pr_json_drop(jx, urls, urls->child);
        }

        return PR_REWRITE_OK;
    }

    return pr_json_pypi_files(jx, urls);
}


static int
pr_json_pep691(pr_jx_t *jx, cJSON *doc)
{
    int       rc, bad;
    cJSON    *files, *versions, *f, *fn, *next;
    pr_str_t  ver;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    files = pr_json_get(doc, "files", cJSON_Array, &bad);
    versions = pr_json_get(doc, "versions", cJSON_Array, &bad);

    if (bad || files == NULL) {
        jx->err = "\"files\" or \"versions\" is not an array";
        return PR_REWRITE_INVALID;
    }

    if (jx->rw->keep != NULL && pr_json_name(jx, doc) != PR_REWRITE_OK) {
        return PR_REWRITE_INVALID;
    }

    for (f = files->child; f != NULL; f = next) {
        next = f->next;

        if (!cJSON_IsObject(f)) {
            jx->err = "a file is not an object";
            return PR_REWRITE_INVALID;
        }

        rc = pr_json_unique(jx, f);
        if (rc != PR_REWRITE_OK) {
            return rc;
        }

        if (jx->rw->keep != NULL) {
            fn = cJSON_GetObjectItemCaseSensitive(f, "filename");

            if (!cJSON_IsString(fn)
                || pr_pypi_file_version(&jx->name, fn->valuestring,
                                        strlen(fn->valuestring), &ver)
                   != 0
                || !pr_json_keep_at(jx, ver.data, ver.len,
                                    pr_json_691_time(jx, jx->times, ver.data,
                                                     ver.len)))
            {
                pr_json_drop(jx, files, f);
                continue;
            }
        }

        rc = pr_json_url(jx, cJSON_GetObjectItemCaseSensitive(f, "url"));
        if (rc != PR_REWRITE_OK) {
            return rc;
        }
    }

    if (jx->rw->keep == NULL || versions == NULL) {
        return PR_REWRITE_OK;
    }

    for (f = versions->child; f != NULL; f = next) {
        next = f->next;

        if (cJSON_IsString(f)
            && !pr_json_keep_at(jx, f->valuestring, strlen(f->valuestring),
                                pr_json_691_time(jx, jx->times,
                                                 f->valuestring,
                                                 strlen(f->valuestring))))
        {
            pr_json_drop(jx, versions, f);
        }
    }

    return PR_REWRITE_OK;
}


static int
pr_json_cargo(pr_jx_t *jx, cJSON *doc)
{
    int     rc, bad;
    cJSON  *dl, *api;

    rc = pr_json_unique(jx, doc);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    bad = 0;
    dl = pr_json_get(doc, "dl", cJSON_String, &bad);
    api = pr_json_get(doc, "api", cJSON_String, &bad);

    if (bad || dl == NULL) {
        jx->err = "no \"dl\" string, or \"api\" is not a string";
        return PR_REWRITE_INVALID;
    }

    rc = pr_json_url(jx, dl);
    if (rc != PR_REWRITE_OK) {
        return rc;
    }

    return pr_json_url(jx, api);
}


int
pr_rewrite_json_tree(pr_doc_t doc, const char *in, size_t len,
    const pr_rewrite_t *rw, pr_str_t *out, const char **err)
{
    int          rc;
    char        *p, *text;
    size_t       max, i, n;
    cJSON       *root;
    pr_jx_t      jx;
    const char  *end;

    max = rw->max_size ? rw->max_size : PR_REWRITE_MAX_SIZE;

    if (len == 0 || len > max) {
        *err = len ? "document too large" : "empty document";
        return PR_REWRITE_INVALID;
    }

    /* JSON has no raw NUL (control characters are escaped in strings),
     * and cJSON would cut a string at one */
    if (memchr(in, '\0', len) != NULL) {
        *err = "NUL byte in the document";
        return PR_REWRITE_INVALID;
    }

    if (pr_json_too_deep(in, len)) {
        *err = "JSON nested too deeply";
        return PR_REWRITE_INVALID;
    }

    end = NULL;
    root = cJSON_ParseWithLengthOpts(in, len, &end, 0);

    if (root == NULL) {
        *err = "not JSON";
        return PR_REWRITE_INVALID;
    }

    memset(&jx, 0, sizeof(pr_jx_t));
    jx.rw = rw;
    jx.in = in;
    jx.len = len;
    jx.name = rw->name;

    rc = PR_REWRITE_INVALID;

    for (i = end - in; i < len; i++) {
        if (in[i] != ' ' && in[i] != '\t' && in[i] != '\n' && in[i] != '\r') {
            jx.err = "data after the JSON value";
            goto done;
        }
    }

    if (!cJSON_IsObject(root)) {
        jx.err = "not a JSON object";
        goto done;
    }

    rc = pr_json_restore(&jx, root);
    if (rc != PR_REWRITE_OK) {
        goto done;
    }

    if (pr_json_next(&jx, 0, &i, &n) || pr_json_next(&jx, 1, &i, &n)) {
        jx.err = "values do not match the text";
        rc = PR_REWRITE_INVALID;
        goto done;
    }

    switch (doc) {

    case PR_DOC_NPM_PACKUMENT:
        rc = pr_json_copy(&jx, root, "time", cJSON_Object);
        if (rc != PR_REWRITE_OK) {
            break;
        }

        rc = pr_json_npm(&jx, root);
        cJSON_Delete(jx.times);
        break;

    case PR_DOC_NPM_VERSION:
        rc = pr_json_npm_version(&jx, root);
        break;

    case PR_DOC_PYPI_JSON:
    case PR_DOC_PYPI_VERSION_JSON:
        rc = pr_json_pypi(&jx, root, doc == PR_DOC_PYPI_VERSION_JSON);
        break;

    case PR_DOC_PYPI_SIMPLE_JSON:
        rc = pr_json_copy(&jx, root, "files", cJSON_Array);
        if (rc != PR_REWRITE_OK) {
            break;
        }

        rc = pr_json_pep691(&jx, root);
        cJSON_Delete(jx.times);
        break;

    case PR_DOC_CARGO_CONFIG:
        rc = pr_json_cargo(&jx, root);
        break;

    default:
        jx.err = "unknown document type";
        rc = PR_REWRITE_INVALID;
    }

    if (rc != PR_REWRITE_OK) {
        goto done;
    }

    if (jx.changed == 0) {
        out->data = in;
        out->len = len;
        goto done;
    }

    text = cJSON_PrintUnformatted(root);
    if (text == NULL) {
        jx.err = "out of memory";
        rc = PR_REWRITE_NOMEM;
        goto done;
    }

    n = strlen(text);
    p = rw->alloc(rw->ctx, n ? n : 1);

    if (p == NULL) {
        jx.err = "out of memory";
        rc = PR_REWRITE_NOMEM;

    } else {
        memcpy(p, text, n);
        out->data = p;
        out->len = n;
    }

    cJSON_free(text);

done:

    cJSON_Delete(root);

    if (rc < 0) {
        *err = jx.err;
    }

    return rc;
}
