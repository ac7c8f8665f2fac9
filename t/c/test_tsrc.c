/*
 * ngx_pkg_reroute: C table tests for pr_tsrc (the time a Docker tag's
 * image and a Hugging Face revision give, and what to fetch for it).
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
    DOC_HF
} doc_t;


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
        default:
            got = pr_tsrc_hf_revision(rows[i].json, n, &out);
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

    PR_TEST_DONE("tsrc");
}
