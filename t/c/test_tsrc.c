/*
 * ngx_pkg_reroute: C table tests for pr_tsrc (the time a Docker tag's
 * image, a Hugging Face revision and a Git ref give, and what to fetch
 * for it; the Git API paths asked for).
 */

#include <string.h>

#include "pr_tsrc.h"
#include "pr_test.h"


/* 64 hex digits of one kind */
#define X64(c)      c c c c c c c c c c c c c c c c

#define D1  "sha256:" X64("1111")
#define D2  "sha256:" X64("2222")
#define D3  "sha256:" X64("3333")
#define D5  "sha512:" X64("5555") X64("5555")

#define DOCKER_V2   "application/vnd.docker.distribution.manifest.v2+json"
#define DOCKER_LIST \
    "application/vnd.docker.distribution.manifest.list.v2+json"
#define OCI_MAN     "application/vnd.oci.image.manifest.v1+json"
#define OCI_INDEX   "application/vnd.oci.image.index.v1+json"
#define DOCKER_CFG  "application/vnd.docker.container.image.v1+json"
#define OCI_CFG     "application/vnd.oci.image.config.v1+json"

#define T2024       1711886400      /* 2024-03-31T12:00:00Z */

#define CREATED     "\"org.opencontainers.image.created\""

#define AMD64       "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}"
#define ARM64       "\"platform\":{\"architecture\":\"arm64\"," \
                    "\"os\":\"linux\",\"variant\":\"v8\"}"
#define ATTEST      "\"platform\":{\"architecture\":\"unknown\"," \
                    "\"os\":\"unknown\"}"


typedef enum {
    DOC_MANIFEST = 0,
    DOC_CONFIG,
    DOC_HF,
    DOC_GH_COMMIT,              /* DOC_GIT + pr_tsrc_git_t */
    DOC_GH_REF,
    DOC_GH_TAG,
    DOC_GL_COMMIT,
    DOC_GL_TAG
} doc_t;

#define DOC_GIT     DOC_GH_COMMIT

#define SHA1        "c3d0be41ecbe669545ee3e94d31ed9a4bc91ee3c"
#define SHA2        "940bd336248efae0f9ee5bc7b2d5c985887b16ac"
#define T2014       1415397705      /* 2014-11-07T22:01:45Z */


static const struct {
    const char      *title;
    doc_t            doc;
    const char      *json;
    pr_tsrc_step_t   want;
    int64_t          time;       /* PR_TSRC_TIME */
    const char      *digest;     /* PR_TSRC_CONFIG, PR_TSRC_MANIFEST */
} rows[] = {

    /* image manifests: the config blob to fetch */

    { "docker schema 2 manifest", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" DOCKER_V2 "\","
      "\"config\":{\"mediaType\":\"" DOCKER_CFG "\",\"size\":1469,"
      "\"digest\":\"" D1 "\"},\"layers\":[]}",
      PR_TSRC_CONFIG, 0, D1 },

    { "OCI manifest", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"" D5 "\"}}",
      PR_TSRC_CONFIG, 0, D5 },

    { "OCI manifest without mediaType", DOC_MANIFEST,
      "{\"schemaVersion\":2,"
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"" D1 "\"}}",
      PR_TSRC_CONFIG, 0, D1 },

    { "manifest annotated: no fetch", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"" D1 "\"},"
      "\"annotations\":{" CREATED ":\"2024-03-31T12:00:00Z\"}}",
      PR_TSRC_TIME, T2024, NULL },

    { "manifest annotated with no instant: the config", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"" D1 "\"},"
      "\"annotations\":{" CREATED ":\"yesterday\"}}",
      PR_TSRC_CONFIG, 0, D1 },

    { "artifact manifest (helm chart config)", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":"
      "\"application/vnd.cncf.helm.config.v1+json\",\"digest\":\"" D1 "\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "config without mediaType", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"digest\":\"" D1 "\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "config digest not hex", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":"
      "\"sha256:../../../etc/passwd\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "config digest upper-case hex", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":"
      "\"sha256:" X64("AAAA") "\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "config digest short", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"sha256:11\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "config digest md5", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":"
      "\"md5:11111111111111111111111111111111\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "no config", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_MAN "\",\"layers\":[]}",
      PR_TSRC_ERROR, 0, NULL },

    { "schema 1", DOC_MANIFEST,
      "{\"schemaVersion\":1,\"name\":\"library/alpine\",\"tag\":\"3\","
      "\"history\":[]}",
      PR_TSRC_ERROR, 0, NULL },

    { "no schemaVersion", DOC_MANIFEST,
      "{\"mediaType\":\"" OCI_MAN "\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"" D1 "\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "unknown mediaType", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"text/plain\","
      "\"config\":{\"mediaType\":\"" OCI_CFG "\",\"digest\":\"" D1 "\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "not JSON", DOC_MANIFEST, "{\"schemaVersion\":2,", PR_TSRC_ERROR, 0,
      NULL },
    { "an array", DOC_MANIFEST, "[]", PR_TSRC_ERROR, 0, NULL },
    { "empty", DOC_MANIFEST, "", PR_TSRC_ERROR, 0, NULL },

    /* indexes: the platform's manifest */

    { "list: linux/amd64 though second", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" DOCKER_LIST "\","
      "\"manifests\":["
      "{\"mediaType\":\"" DOCKER_V2 "\",\"digest\":\"" D2 "\"," ARM64 "},"
      "{\"mediaType\":\"" DOCKER_V2 "\",\"digest\":\"" D3 "\"," AMD64 "}]}",
      PR_TSRC_MANIFEST, 0, D3 },

    { "index: attestation first, no amd64: arm64", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":["
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D1 "\"," ATTEST "},"
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D2 "\"," ARM64 "}]}",
      PR_TSRC_MANIFEST, 0, D2 },

    { "index without mediaType, entries without platform", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"manifests\":["
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D1 "\"}]}",
      PR_TSRC_MANIFEST, 0, D1 },

    { "index: nested index skipped", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":["
      "{\"mediaType\":\"" OCI_INDEX "\",\"digest\":\"" D1 "\"," AMD64 "},"
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D2 "\"," ARM64 "}]}",
      PR_TSRC_MANIFEST, 0, D2 },

    { "index: the chosen descriptor's annotation", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":["
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D2 "\"," ARM64 ","
      "\"annotations\":{" CREATED ":\"2020-01-01T00:00:00Z\"}},"
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D3 "\"," AMD64 ","
      "\"annotations\":{" CREATED ":\"2024-03-31T14:00:00+02:00\"}}]}",
      PR_TSRC_TIME, T2024, NULL },

    { "index: its own annotation", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":["
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D3 "\"," AMD64 "}],"
      "\"annotations\":{" CREATED ":\"2024-03-31T12:00:00.5Z\"}}",
      PR_TSRC_TIME, T2024, NULL },

    { "index: only attestations", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":["
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"" D1 "\"," ATTEST "}]}",
      PR_TSRC_ERROR, 0, NULL },

    { "index: empty", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":[]}",
      PR_TSRC_ERROR, 0, NULL },

    { "index: manifests not an array", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":{}}",
      PR_TSRC_ERROR, 0, NULL },

    { "index: the chosen one's digest bad", DOC_MANIFEST,
      "{\"schemaVersion\":2,\"mediaType\":\"" OCI_INDEX "\","
      "\"manifests\":["
      "{\"mediaType\":\"" OCI_MAN "\",\"digest\":\"sha256:zz\"," AMD64 "}]}",
      PR_TSRC_ERROR, 0, NULL },

    /* image configs */

    { "config created, nanoseconds", DOC_CONFIG,
      "{\"architecture\":\"amd64\",\"os\":\"linux\","
      "\"created\":\"2024-03-31T12:00:00.123456789Z\",\"config\":{}}",
      PR_TSRC_TIME, T2024, NULL },

    { "config created with a zone", DOC_CONFIG,
      "{\"created\":\"2024-03-31T13:00:00+01:00\"}",
      PR_TSRC_TIME, T2024, NULL },

    { "config created 1970 (reproducible builds)", DOC_CONFIG,
      "{\"created\":\"1970-01-01T00:00:00Z\"}",
      PR_TSRC_TIME, 0, NULL },

    { "config created Go's zero time", DOC_CONFIG,
      "{\"created\":\"0001-01-01T00:00:00Z\"}",
      PR_TSRC_ERROR, 0, NULL },

    { "config without created", DOC_CONFIG,
      "{\"architecture\":\"amd64\",\"os\":\"linux\"}",
      PR_TSRC_ERROR, 0, NULL },

    { "config created a number", DOC_CONFIG,
      "{\"created\":1711886400}",
      PR_TSRC_ERROR, 0, NULL },

    { "config not JSON", DOC_CONFIG, "created", PR_TSRC_ERROR, 0, NULL },

    /* Hugging Face revisions */

    { "hf revision", DOC_HF,
      "{\"_id\":\"x\",\"id\":\"org/model\",\"private\":false,"
      "\"sha\":\"0123456789abcdef0123456789abcdef01234567\","
      "\"lastModified\":\"2024-03-31T12:00:00.000Z\",\"siblings\":[]}",
      PR_TSRC_TIME, T2024, NULL },

    { "hf revision without lastModified", DOC_HF,
      "{\"id\":\"org/model\",\"sha\":\"0123\"}",
      PR_TSRC_ERROR, 0, NULL },

    { "hf revision lastModified null", DOC_HF,
      "{\"lastModified\":null}",
      PR_TSRC_ERROR, 0, NULL },

    { "hf error document", DOC_HF,
      "{\"error\":\"Revision Not Found for url\"}",
      PR_TSRC_ERROR, 0, NULL },

    /* GitHub: GET /repos/<o>/<r>/commits/<ref> (the REST docs' shape) */

    { "github commit", DOC_GH_COMMIT,
      "{\"sha\":\"" SHA1 "\",\"node_id\":\"C_x\",\"commit\":{\"author\":"
      "{\"name\":\"Monalisa Octocat\",\"email\":\"m@example.com\","
      "\"date\":\"2011-04-14T16:00:49Z\"},\"committer\":{\"name\":"
      "\"Monalisa Octocat\",\"email\":\"m@example.com\",\"date\":"
      "\"2024-03-31T12:00:00Z\"},\"message\":\"Fix all the bugs\","
      "\"tree\":{\"sha\":\"" SHA2 "\"}},\"parents\":[],\"files\":[]}",
      PR_TSRC_TIME, T2024, NULL },

    { "github commit: the committer's date, not the author's",
      DOC_GH_COMMIT,
      "{\"commit\":{\"committer\":{\"date\":\"2024-03-31T14:00:00+02:00\"},"
      "\"author\":{\"date\":\"2001-01-01T00:00:00Z\"}}}",
      PR_TSRC_TIME, T2024, NULL },

    { "github commit without committer", DOC_GH_COMMIT,
      "{\"sha\":\"" SHA1 "\",\"commit\":{\"author\":{\"date\":"
      "\"2024-03-31T12:00:00Z\"}}}",
      PR_TSRC_ERROR, 0, NULL },

    { "github commit: committer null", DOC_GH_COMMIT,
      "{\"commit\":{\"committer\":null}}", PR_TSRC_ERROR, 0, NULL },

    { "github commit: committer.date a number", DOC_GH_COMMIT,
      "{\"commit\":{\"committer\":{\"date\":1711886400}}}",
      PR_TSRC_ERROR, 0, NULL },

    { "github 404 document", DOC_GH_COMMIT,
      "{\"message\":\"No commit found for SHA: nope\",\"documentation_url\":"
      "\"https://docs.github.com/rest/commits/commits#get-a-commit\","
      "\"status\":\"422\"}",
      PR_TSRC_ERROR, 0, NULL },

    { "github commit list (an array)", DOC_GH_COMMIT,
      "[{\"commit\":{\"committer\":{\"date\":\"2024-03-31T12:00:00Z\"}}}]",
      PR_TSRC_ERROR, 0, NULL },

    /* GitHub: GET /repos/<o>/<r>/git/ref/tags/<tag> */

    { "github ref to an annotated tag", DOC_GH_REF,
      "{\"ref\":\"refs/tags/v0.0.1\",\"node_id\":\"R_x\",\"url\":\"u\","
      "\"object\":{\"type\":\"tag\",\"sha\":\"" SHA2 "\",\"url\":\"u\"}}",
      PR_TSRC_GIT_TAG, 0, SHA2 },

    { "github ref to a commit (a lightweight tag)", DOC_GH_REF,
      "{\"ref\":\"refs/tags/v1\",\"object\":{\"type\":\"commit\","
      "\"sha\":\"" SHA1 "\",\"url\":\"u\"}}",
      PR_TSRC_NONE, 0, NULL },

    { "github ref to a tag whose sha is not hex", DOC_GH_REF,
      "{\"object\":{\"type\":\"tag\",\"sha\":\"../../x\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "github ref to a blob", DOC_GH_REF,
      "{\"object\":{\"type\":\"blob\",\"sha\":\"" SHA1 "\"}}",
      PR_TSRC_ERROR, 0, NULL },

    { "github refs by prefix (an array)", DOC_GH_REF,
      "[{\"ref\":\"refs/tags/v1\",\"object\":{\"type\":\"commit\"}}]",
      PR_TSRC_ERROR, 0, NULL },

    /* GitHub: GET /repos/<o>/<r>/git/tags/<sha> */

    { "github annotated tag", DOC_GH_TAG,
      "{\"node_id\":\"T_x\",\"tag\":\"v0.0.1\",\"sha\":\"" SHA2 "\","
      "\"url\":\"u\",\"message\":\"initial version\\n\",\"tagger\":{"
      "\"name\":\"Monalisa Octocat\",\"email\":\"m@example.com\","
      "\"date\":\"2014-11-07T22:01:45Z\"},\"object\":{\"type\":\"commit\","
      "\"sha\":\"" SHA1 "\",\"url\":\"u\"},\"verification\":{"
      "\"verified\":false,\"reason\":\"unsigned\"}}",
      PR_TSRC_TIME, T2014, NULL },

    { "github annotated tag without tagger", DOC_GH_TAG,
      "{\"tag\":\"v1\",\"object\":{\"type\":\"commit\"}}",
      PR_TSRC_ERROR, 0, NULL },

    /* GitLab: GET .../repository/commits/<ref> */

    { "gitlab commit", DOC_GL_COMMIT,
      "{\"id\":\"" SHA1 "\",\"short_id\":\"c3d0be41\",\"title\":\"x\","
      "\"author_name\":\"A\",\"authored_date\":\"2001-01-01T00:00:00Z\","
      "\"committer_name\":\"A\",\"committed_date\":"
      "\"2024-03-31T15:00:00.000+03:00\",\"created_at\":"
      "\"2024-03-31T15:00:00.000+03:00\",\"parent_ids\":[]}",
      PR_TSRC_TIME, T2024, NULL },

    { "gitlab commit without committed_date", DOC_GL_COMMIT,
      "{\"id\":\"" SHA1 "\",\"authored_date\":\"2024-03-31T12:00:00Z\"}",
      PR_TSRC_ERROR, 0, NULL },

    { "gitlab 404 document", DOC_GL_COMMIT,
      "{\"message\":\"404 Commit Not Found\"}", PR_TSRC_ERROR, 0, NULL },

    /* GitLab: GET .../repository/tags/<tag>: the later of the two */

    { "gitlab annotated tag newer than its commit", DOC_GL_TAG,
      "{\"commit\":{\"id\":\"" SHA1 "\",\"committed_date\":"
      "\"2012-05-28T04:42:42-07:00\"},\"release\":null,\"name\":"
      "\"v1.0.0\",\"target\":\"" SHA2 "\",\"message\":\"x\","
      "\"protected\":false,\"created_at\":\"2024-03-31T12:00:00.000Z\"}",
      PR_TSRC_TIME, T2024, NULL },

    { "gitlab lightweight tag: created_at null", DOC_GL_TAG,
      "{\"commit\":{\"committed_date\":\"2024-03-31T12:00:00Z\"},"
      "\"name\":\"v1\",\"message\":null,\"created_at\":null}",
      PR_TSRC_TIME, T2024, NULL },

    { "gitlab tag before 16.11: no created_at", DOC_GL_TAG,
      "{\"commit\":{\"committed_date\":\"2024-03-31T12:00:00Z\"}}",
      PR_TSRC_TIME, T2024, NULL },

    { "gitlab tag older than its commit's claim", DOC_GL_TAG,
      "{\"commit\":{\"committed_date\":\"2024-03-31T12:00:00Z\"},"
      "\"created_at\":\"2001-01-01T00:00:00Z\"}",
      PR_TSRC_TIME, T2024, NULL },

    { "gitlab tag without either", DOC_GL_TAG,
      "{\"name\":\"v1\",\"commit\":null,\"created_at\":null}",
      PR_TSRC_ERROR, 0, NULL },
};


#define LONG64  "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"

/* the Git API paths: only bytes that need no escaping */
static const struct {
    pr_tsrc_git_t   doc;
    const char     *name;
    const char     *ref;
    size_t          size;
    const char     *want;       /* NULL: not asked for */
} paths[] = {
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1.0.0", 512,
      "/repos/octo/hello/commits/v1.0.0" },
    { PR_TSRC_GH_COMMIT, "octo/hello", "release/2.x", 512,
      "/repos/octo/hello/commits/release/2.x" },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1.2.3", 512,
      "/repos/octo/hello/commits/v1.2.3" },
    { PR_TSRC_GH_REF, "octo/hello.js", "v1_0-rc.1", 512,
      "/repos/octo/hello.js/git/ref/tags/v1_0-rc.1" },
    { PR_TSRC_GH_TAG, "octo/hello", SHA2, 512,
      "/repos/octo/hello/git/tags/" SHA2 },
    { PR_TSRC_GL_COMMIT, "group/sub/project", "main", 512,
      "/api/v4/projects/group/sub/project/repository/commits/main" },
    { PR_TSRC_GL_TAG, "group/project", "v1.0", 512,
      "/api/v4/projects/group/project/repository/tags/v1.0" },

    /* what could change the path, or would need escaping */
    { PR_TSRC_GH_COMMIT, "octo/hello", "..", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "a/../../b", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", ".hidden", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1..2", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1/", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "/v1", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "a//b", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1%2F..", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1?x=1", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1#x", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v 1", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1+b", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1\xc3\xa9", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo", "v1", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello/deeper", "v1", 512, NULL },
    { PR_TSRC_GH_COMMIT, "../hello", "v1", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hel lo", "v1", 512, NULL },
    { PR_TSRC_GH_TAG, "octo/hello", "v1.0", 512, NULL },
    { PR_TSRC_GL_COMMIT, "group/project", "release/2.x", 512, NULL },
    { PR_TSRC_GL_COMMIT, "project", "main", 512, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1", 28, NULL },
    { PR_TSRC_GH_COMMIT, "octo/hello", "v1", 29,
      "/repos/octo/hello/commits/v1" },
    { PR_TSRC_GH_COMMIT, "octo/hello",
      LONG64 LONG64 LONG64 LONG64, 512, NULL },
};


int
main(void)
{
    size_t           i, n;
    pr_tsrc_t        out;
    pr_tsrc_step_t   got;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        n = strlen(rows[i].json);

        switch (rows[i].doc) {
        case DOC_MANIFEST:
            got = pr_tsrc_docker_manifest(rows[i].json, n, &out);
            break;
        case DOC_CONFIG:
            got = pr_tsrc_docker_config(rows[i].json, n, &out);
            break;
        case DOC_HF:
            got = pr_tsrc_hf_revision(rows[i].json, n, &out);
            break;
        default:
            got = pr_tsrc_git_read((pr_tsrc_git_t) (rows[i].doc - DOC_GIT),
                                   rows[i].json, n, &out);
        }

        PR_CHECK(got == rows[i].want, "%s: step %d, want %d (%s)",
                 rows[i].title, (int) got, (int) rows[i].want,
                 out.why ? out.why : "-");

        if (got != rows[i].want) {
            continue;
        }

        if (got == PR_TSRC_TIME) {
            PR_CHECK(out.time == rows[i].time, "%s: time %lld, want %lld",
                     rows[i].title, (long long) out.time,
                     (long long) rows[i].time);

        } else if (got == PR_TSRC_ERROR) {
            PR_CHECK(out.why != NULL, "%s: no reason", rows[i].title);

        } else if (got == PR_TSRC_NONE) {
            PR_CHECK(out.time == -1, "%s: a time", rows[i].title);

        } else {
            PR_CHECK(out.digest_len == strlen(rows[i].digest)
                     && strcmp(out.digest, rows[i].digest) == 0,
                     "%s: digest \"%s\", want \"%s\"", rows[i].title,
                     out.digest, rows[i].digest);
        }
    }

    PR_CHECK(pr_tsrc_digest_ok(D1, strlen(D1)), "sha256 digest");
    PR_CHECK(pr_tsrc_digest_ok(D5, strlen(D5)), "sha512 digest");
    PR_CHECK(!pr_tsrc_digest_ok(D1 "1", strlen(D1) + 1), "long digest");
    PR_CHECK(!pr_tsrc_digest_ok("sha256:", 7), "empty hex");
    PR_CHECK(!pr_tsrc_digest_ok("sha256", 6), "no colon");

    for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        char  buf[512];

        n = pr_tsrc_git_path(paths[i].doc, paths[i].name,
                             strlen(paths[i].name), paths[i].ref,
                             strlen(paths[i].ref), buf, paths[i].size);

        if (paths[i].want == NULL) {
            PR_CHECK(n == 0, "path %s %s: \"%s\", want none",
                     paths[i].name, paths[i].ref, buf);

        } else {
            PR_CHECK(n == strlen(paths[i].want)
                     && strcmp(buf, paths[i].want) == 0,
                     "path %s %s: \"%s\" (%zu), want \"%s\"",
                     paths[i].name, paths[i].ref, n ? buf : "", n,
                     paths[i].want);
        }
    }

    PR_CHECK(pr_tsrc_git_sha(SHA1, 40), "a SHA-1");
    PR_CHECK(pr_tsrc_git_sha(X64("abcd"), 64), "a SHA-256");
    PR_CHECK(!pr_tsrc_git_sha(SHA1, 39), "39 hex digits");
    PR_CHECK(!pr_tsrc_git_sha("v1.0", 4), "a tag name");

    PR_TEST_DONE("tsrc");
}
