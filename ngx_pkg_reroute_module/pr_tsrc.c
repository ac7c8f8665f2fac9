/*
 * ngx_pkg_reroute: time sources that cost a fetch (pr_tsrc.h).
 */

#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "pr_tsrc.h"
#include "pr_time.h"


#define PR_TSRC_CREATED  "org.opencontainers.image.created"

#define PR_TSRC_BAD_DIGEST  "a digest that is not sha256 or sha512 hex"


static const char  *pr_tsrc_manifest_types[] = {
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    NULL
};

static const char  *pr_tsrc_index_types[] = {
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
    NULL
};

static const char  *pr_tsrc_config_types[] = {
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.oci.image.config.v1+json",
    NULL
};


static int pr_tsrc_is(const cJSON *s, const char **types);
static int pr_tsrc_time(const cJSON *item, int64_t *t);
static int pr_tsrc_annotated(const cJSON *obj, int64_t *t);
static int pr_tsrc_platform(const cJSON *desc, const char *os,
    const char *arch);
static pr_tsrc_step_t pr_tsrc_index(const cJSON *root, pr_tsrc_t *out);
static pr_tsrc_step_t pr_tsrc_image(const cJSON *root, pr_tsrc_t *out);
static pr_tsrc_step_t pr_tsrc_digest(const cJSON *digest,
    int (*ok)(const char *p, size_t len), const char *bad,
    pr_tsrc_step_t step, pr_tsrc_t *out);
static cJSON *pr_tsrc_parse(const char *json, size_t len, pr_tsrc_t *out);
static pr_tsrc_step_t pr_tsrc_member_time(const char *json, size_t len,
    const char *member, const char *what, pr_tsrc_t *out);
static const cJSON *pr_tsrc_in(const cJSON *obj, const char *a,
    const char *b);
static int pr_tsrc_git_name_ok(const char *p, size_t len, int slash);
static pr_tsrc_step_t pr_tsrc_gh_ref(const cJSON *root, pr_tsrc_t *out);
static pr_tsrc_step_t pr_tsrc_gl_tag(const cJSON *root, pr_tsrc_t *out);


int
pr_tsrc_digest_ok(const char *p, size_t len)
{
    size_t  i, n;

    if (len > 7 && memcmp(p, "sha256:", 7) == 0) {
        n = 64;
        i = 7;

    } else if (len > 7 && memcmp(p, "sha512:", 7) == 0) {
        n = 128;
        i = 7;

    } else {
        return 0;
    }

    if (len != i + n) {
        return 0;
    }

    for ( /* void */ ; i < len; i++) {
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) {
            return 0;
        }
    }

    return 1;
}


static int
pr_tsrc_is(const cJSON *s, const char **types)
{
    size_t  i;

    if (!cJSON_IsString(s)) {
        return 0;
    }

    for (i = 0; types[i]; i++) {
        if (strcmp(s->valuestring, types[i]) == 0) {
            return 1;
        }
    }

    return 0;
}


/* a string that reads as an instant */
static int
pr_tsrc_time(const cJSON *item, int64_t *t)
{
    if (!cJSON_IsString(item)) {
        return 0;
    }

    return pr_time_parse(item->valuestring, strlen(item->valuestring), t)
           == 0;
}


static int
pr_tsrc_annotated(const cJSON *obj, int64_t *t)
{
    const cJSON  *a;

    a = cJSON_GetObjectItemCaseSensitive(obj, "annotations");

    if (!cJSON_IsObject(a)) {
        return 0;
    }

    return pr_tsrc_time(cJSON_GetObjectItemCaseSensitive(a, PR_TSRC_CREATED),
                        t);
}


/* the descriptor's platform is os/arch (NULL: any but unknown) */
static int
pr_tsrc_platform(const cJSON *desc, const char *os, const char *arch)
{
    const cJSON  *p, *o, *a;

    p = cJSON_GetObjectItemCaseSensitive(desc, "platform");

    if (!cJSON_IsObject(p)) {
        /* no platform said: not an attestation, not linux/amd64 either */
        return os == NULL;
    }

    o = cJSON_GetObjectItemCaseSensitive(p, "os");
    a = cJSON_GetObjectItemCaseSensitive(p, "architecture");

    if (!cJSON_IsString(o) || !cJSON_IsString(a)) {
        return os == NULL;
    }

    if (os == NULL) {
        /* buildkit's attestation manifests are unknown/unknown */
        return strcmp(o->valuestring, "unknown") != 0;
    }

    return strcmp(o->valuestring, os) == 0
           && strcmp(a->valuestring, arch) == 0;
}


/* the digest or sha to fetch, as ok() takes it, else bad */
static pr_tsrc_step_t
pr_tsrc_digest(const cJSON *digest, int (*ok)(const char *p, size_t len),
    const char *bad, pr_tsrc_step_t step, pr_tsrc_t *out)
{
    size_t  n;

    if (!cJSON_IsString(digest)) {
        out->why = "no digest";
        return PR_TSRC_ERROR;
    }

    n = strlen(digest->valuestring);

    if (!ok(digest->valuestring, n)) {
        out->why = bad;
        return PR_TSRC_ERROR;
    }

    memcpy(out->digest, digest->valuestring, n + 1);
    out->digest_len = n;

    return step;
}


static pr_tsrc_step_t
pr_tsrc_index(const cJSON *root, pr_tsrc_t *out)
{
    int           pass;
    const cJSON  *list, *d, *mt, *chosen;

    list = cJSON_GetObjectItemCaseSensitive(root, "manifests");

    if (!cJSON_IsArray(list)) {
        out->why = "an index without manifests";
        return PR_TSRC_ERROR;
    }

    chosen = NULL;

    /* linux/amd64 first, else the first that is not an attestation */

    for (pass = 0; pass < 2 && chosen == NULL; pass++) {
        cJSON_ArrayForEach(d, list) {
            if (!cJSON_IsObject(d)) {
                continue;
            }

            mt = cJSON_GetObjectItemCaseSensitive(d, "mediaType");

            if (mt && !pr_tsrc_is(mt, pr_tsrc_manifest_types)) {
                /* an index in the index, an artifact: not an image */
                continue;
            }

            if (pass == 0 ? pr_tsrc_platform(d, "linux", "amd64")
                          : pr_tsrc_platform(d, NULL, NULL))
            {
                chosen = d;
                break;
            }
        }
    }

    if (chosen == NULL) {
        out->why = "an index with no image manifest";
        return PR_TSRC_ERROR;
    }

    if (pr_tsrc_annotated(chosen, &out->time)
        || pr_tsrc_annotated(root, &out->time))
    {
        return PR_TSRC_TIME;
    }

    return pr_tsrc_digest(cJSON_GetObjectItemCaseSensitive(chosen, "digest"),
                          pr_tsrc_digest_ok, PR_TSRC_BAD_DIGEST,
                          PR_TSRC_MANIFEST, out);
}


static pr_tsrc_step_t
pr_tsrc_image(const cJSON *root, pr_tsrc_t *out)
{
    const cJSON  *config;

    if (pr_tsrc_annotated(root, &out->time)) {
        return PR_TSRC_TIME;
    }

    config = cJSON_GetObjectItemCaseSensitive(root, "config");

    if (!cJSON_IsObject(config)) {
        out->why = "a manifest without a config";
        return PR_TSRC_ERROR;
    }

    if (!pr_tsrc_is(cJSON_GetObjectItemCaseSensitive(config, "mediaType"),
                    pr_tsrc_config_types))
    {
        out->why = "a manifest whose config is not an image config";
        return PR_TSRC_ERROR;
    }

    return pr_tsrc_digest(cJSON_GetObjectItemCaseSensitive(config, "digest"),
                          pr_tsrc_digest_ok, PR_TSRC_BAD_DIGEST,
                          PR_TSRC_CONFIG, out);
}


pr_tsrc_step_t
pr_tsrc_docker_manifest(const char *json, size_t len, pr_tsrc_t *out)
{
    cJSON           *root;
    const cJSON     *mt, *sv;
    pr_tsrc_step_t   step;

    memset(out, 0, sizeof(pr_tsrc_t));
    out->time = -1;

    if (len == 0) {
        out->why = "an empty manifest";
        return PR_TSRC_ERROR;
    }

    root = cJSON_ParseWithLength(json, len);
    if (root == NULL) {
        out->why = "a manifest that is not JSON";
        return PR_TSRC_ERROR;
    }

    step = PR_TSRC_ERROR;

    if (!cJSON_IsObject(root)) {
        out->why = "a manifest that is not a JSON object";
        goto done;
    }

    sv = cJSON_GetObjectItemCaseSensitive(root, "schemaVersion");

    if (!cJSON_IsNumber(sv) || sv->valuedouble != 2) {
        out->why = "not a schema 2 manifest";
        goto done;
    }

    mt = cJSON_GetObjectItemCaseSensitive(root, "mediaType");

    if (mt == NULL) {
        /* OCI: the mediaType is optional; the members say which */
        if (cJSON_GetObjectItemCaseSensitive(root, "manifests")) {
            step = pr_tsrc_index(root, out);

        } else {
            step = pr_tsrc_image(root, out);
        }

    } else if (pr_tsrc_is(mt, pr_tsrc_index_types)) {
        step = pr_tsrc_index(root, out);

    } else if (pr_tsrc_is(mt, pr_tsrc_manifest_types)) {
        step = pr_tsrc_image(root, out);

    } else {
        out->why = "a manifest of a media type that is not an image's";
    }

done:

    cJSON_Delete(root);

    return step;
}


/* the document's root object, or NULL (out->why says why) */
static cJSON *
pr_tsrc_parse(const char *json, size_t len, pr_tsrc_t *out)
{
    cJSON  *root;

    memset(out, 0, sizeof(pr_tsrc_t));
    out->time = -1;

    if (len == 0) {
        out->why = "an empty document";
        return NULL;
    }

    root = cJSON_ParseWithLength(json, len);
    if (root == NULL) {
        out->why = "not JSON";
        return NULL;
    }

    if (!cJSON_IsObject(root)) {
        out->why = "not a JSON object";
        cJSON_Delete(root);
        return NULL;
    }

    return root;
}


static pr_tsrc_step_t
pr_tsrc_member_time(const char *json, size_t len, const char *member,
    const char *what, pr_tsrc_t *out)
{
    cJSON           *root;
    pr_tsrc_step_t   step;

    root = pr_tsrc_parse(json, len, out);
    if (root == NULL) {
        return PR_TSRC_ERROR;
    }

    step = PR_TSRC_ERROR;

    if (pr_tsrc_time(cJSON_GetObjectItemCaseSensitive(root, member),
                     &out->time))
    {
        step = PR_TSRC_TIME;

    } else {
        out->why = what;
    }

    cJSON_Delete(root);

    return step;
}


pr_tsrc_step_t
pr_tsrc_docker_config(const char *json, size_t len, pr_tsrc_t *out)
{
    return pr_tsrc_member_time(json, len, "created",
                               "a config without a \"created\" instant", out);
}


pr_tsrc_step_t
pr_tsrc_hf_revision(const char *json, size_t len, pr_tsrc_t *out)
{
    return pr_tsrc_member_time(json, len, "lastModified",
                               "a revision without a \"lastModified\" "
                               "instant", out);
}


/*
 * Git refs: GitHub's REST API and GitLab's v4 (README, Time lookups).
 */

static const char  *pr_tsrc_git_docs[] = {
    "/repos/%s/commits/%s",
    "/repos/%s/git/ref/tags/%s",
    "/repos/%s/git/tags/%s",
    "/api/v4/projects/%s/repository/commits/%s",
    "/api/v4/projects/%s/repository/tags/%s"
};


int
pr_tsrc_git_sha(const char *p, size_t len)
{
    size_t  i;

    if (len != 40 && len != 64) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')
              || (p[i] >= 'A' && p[i] <= 'F')))
        {
            return 0;
        }
    }

    return 1;
}


/*
 * bytes that go into a path as they are, in segments ('/' only if slash)
 * that are not empty and do not start with '.', and no ".." anywhere
 */
static int
pr_tsrc_git_name_ok(const char *p, size_t len, int slash)
{
    size_t  i;
    char    c;

    if (len == 0 || len > PR_TSRC_GIT_REF_MAX) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        c = p[i];

        if (c == '/') {
            if (!slash || i + 1 == len || p[i + 1] == '/') {
                return 0;
            }

            continue;
        }

        if (c == '.' && (i == 0 || p[i - 1] == '/' || p[i - 1] == '.')) {
            /* a dot segment, "..": no Git ref has either */
            return 0;
        }

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
        {
            return 0;
        }
    }

    return p[0] != '/';
}


size_t
pr_tsrc_git_path(pr_tsrc_git_t doc, const char *name, size_t nlen,
    const char *ref, size_t rlen, char *buf, size_t size)
{
    int          n;
    size_t       i, segs;
    const char  *fmt;
    char         nb[PR_TSRC_GIT_REF_MAX + 1], rb[PR_TSRC_GIT_REF_MAX + 1];

    if ((unsigned) doc > PR_TSRC_GL_TAG || size == 0
        || !pr_tsrc_git_name_ok(name, nlen, 1))
    {
        return 0;
    }

    segs = 1;

    for (i = 0; i < nlen; i++) {
        segs += (name[i] == '/');
    }

    if (doc <= PR_TSRC_GH_TAG ? segs != 2 : segs < 2) {
        /* GitHub: owner/repo; GitLab: a group and a project at least */
        return 0;
    }

    if (doc == PR_TSRC_GH_TAG ? !pr_tsrc_git_sha(ref, rlen)
        : !pr_tsrc_git_name_ok(ref, rlen, doc <= PR_TSRC_GH_TAG))
    {
        return 0;
    }

    memcpy(nb, name, nlen);
    nb[nlen] = '\0';
    memcpy(rb, ref, rlen);
    rb[rlen] = '\0';

    fmt = pr_tsrc_git_docs[doc];
    n = snprintf(buf, size, fmt, nb, rb);

    if (n < 0 || (size_t) n >= size) {
        buf[0] = '\0';
        return 0;
    }

    return (size_t) n;
}


/* obj.a.b (b NULL: obj.a) */
static const cJSON *
pr_tsrc_in(const cJSON *obj, const char *a, const char *b)
{
    const cJSON  *v;

    v = cJSON_GetObjectItemCaseSensitive(obj, a);

    if (b == NULL) {
        return v;
    }

    return cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, b) : NULL;
}


/* {"ref": "refs/tags/v1", "object": {"type": "tag"|"commit", "sha": ...}} */
static pr_tsrc_step_t
pr_tsrc_gh_ref(const cJSON *root, pr_tsrc_t *out)
{
    const cJSON  *type, *sha;

    type = pr_tsrc_in(root, "object", "type");
    sha = pr_tsrc_in(root, "object", "sha");

    if (!cJSON_IsString(type)) {
        out->why = "a ref without an object type";
        return PR_TSRC_ERROR;
    }

    if (strcmp(type->valuestring, "commit") == 0) {
        /* a lightweight tag: its commit's time */
        return PR_TSRC_NONE;
    }

    if (strcmp(type->valuestring, "tag") != 0) {
        out->why = "a ref to neither a tag nor a commit";
        return PR_TSRC_ERROR;
    }

    return pr_tsrc_digest(sha, pr_tsrc_git_sha,
                          "a tag's sha that is not 40 or 64 hex digits",
                          PR_TSRC_GIT_TAG, out);
}


/*
 * {"name": ..., "created_at": <the annotated tag's, or null>, "commit":
 * {"committed_date": ...}}: the later of the two
 */
static pr_tsrc_step_t
pr_tsrc_gl_tag(const cJSON *root, pr_tsrc_t *out)
{
    int64_t  tagged, committed;

    if (!pr_tsrc_time(pr_tsrc_in(root, "created_at", NULL), &tagged)) {
        tagged = -1;
    }

    if (!pr_tsrc_time(pr_tsrc_in(root, "commit", "committed_date"),
                      &committed))
    {
        committed = -1;
    }

    if (tagged < 0 && committed < 0) {
        out->why = "a tag without a created_at or committed_date instant";
        return PR_TSRC_ERROR;
    }

    out->time = tagged > committed ? tagged : committed;

    return PR_TSRC_TIME;
}


pr_tsrc_step_t
pr_tsrc_git_read(pr_tsrc_git_t doc, const char *json, size_t len,
    pr_tsrc_t *out)
{
    cJSON           *root;
    const char      *what;
    const cJSON     *at;
    pr_tsrc_step_t   step;

    root = pr_tsrc_parse(json, len, out);
    if (root == NULL) {
        return PR_TSRC_ERROR;
    }

    switch (doc) {

    case PR_TSRC_GH_REF:
        step = pr_tsrc_gh_ref(root, out);
        goto done;

    case PR_TSRC_GL_TAG:
        step = pr_tsrc_gl_tag(root, out);
        goto done;

    case PR_TSRC_GH_COMMIT:
        at = pr_tsrc_in(pr_tsrc_in(root, "commit", NULL), "committer",
                        "date");
        what = "a commit without a commit.committer.date instant";
        break;

    case PR_TSRC_GH_TAG:
        at = pr_tsrc_in(root, "tagger", "date");
        what = "a tag without a tagger.date instant";
        break;

    case PR_TSRC_GL_COMMIT:
        at = pr_tsrc_in(root, "committed_date", NULL);
        what = "a commit without a committed_date instant";
        break;

    default:
        out->why = "no such document";
        step = PR_TSRC_ERROR;
        goto done;
    }

    if (pr_tsrc_time(at, &out->time)) {
        step = PR_TSRC_TIME;

    } else {
        out->why = what;
        step = PR_TSRC_ERROR;
    }

done:

    cJSON_Delete(root);

    return step;
}
