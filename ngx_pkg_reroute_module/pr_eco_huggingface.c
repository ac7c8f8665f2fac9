/*
 * ngx_pkg_reroute: Hugging Face Hub requests. The catalogue below is every
 * endpoint the Hub serves to huggingface_hub (constants.py, file_download.py,
 * hf_api.py, lfs.py, utils/_xet.py), @huggingface/hub (packages/hub/src/lib)
 * and git/git-lfs, read from those clients' request code and the Hub's API
 * documents. A repository is named by its id in the path:
 *
 *   /[<type>/]<repo_id>/resolve|raw|blob/<rev>/<file>   files
 *   /api/resolve-cache/<type>s/<repo_id>/<commit>/<file>  where the Hub
 *                                  sends /resolve/ of a regular file
 *   /[<type>/]<repo_id>[.git]/info/refs, /git-upload-pack, ...   git
 *   /api/<type>s/<repo_id>[/<word>/...]                  the API
 *
 * <type> is datasets, spaces or kernels (models have none). A repo id is
 * "org/name" or a legacy one-part name; the canonical name is "org/name",
 * "datasets/org/name", "spaces/org/name" or "kernels/org/name", in lower
 * case; a rule's leading "**" and "/" also match no type (pr_rule.c), so
 * one pattern covers an organisation's repositories of every type. The
 * revision may be URL-encoded ("refs%2Fpr%2F1"): %2F is kept inside its
 * segment here, and the canonical path encodes it again.
 * What no row names (the web pages, buckets, jobs, webhooks, the CDNs'
 * paths, which name a repository only by a hash) is unknown.
 */

#include <string.h>

#include "pr_eco.h"


enum {
    PR_HF_RESOLVE = 0,
    PR_HF_RAW,
    PR_HF_BLOB,
    PR_HF_RESOLVE_CACHE,
    PR_HF_GIT_REFS,
    PR_HF_GIT_UPLOAD_PACK,
    PR_HF_GIT_RECEIVE_PACK,
    PR_HF_LFS_BATCH,
    PR_HF_LFS_LOCKS,
    PR_HF_API_REPO,
    PR_HF_API_REVISION,
    PR_HF_API_TREE,
    PR_HF_API_PATHS_INFO,
    PR_HF_API_REFS,
    PR_HF_API_COMMITS,
    PR_HF_API_XET_TOKEN,
    PR_HF_API_COMMIT,
    PR_HF_API_BRANCH,
    PR_HF_API_SQUASH,
    PR_HF_API_SETTINGS,
    PR_HF_API_DISCUSSIONS,
    PR_HF_API_READ,
    PR_HF_API_ACCESS,
    PR_HF_API_LIKE,
    PR_HF_API_POST,
    PR_HF_API_SPACE,
    PR_HF_API_PARQUET
};


#define PR_HF_SRC_DL    "huggingface_hub file_download.py (hf_hub_url)"
#define PR_HF_SRC_API   "huggingface_hub hf_api.py"
#define PR_HF_SRC_JS    "@huggingface/hub"
#define PR_HF_SRC_GIT   "git smart HTTP (git http-protocol)"
#define PR_HF_SRC_LFS   "git-lfs batch API; huggingface_hub lfs.py"
#define PR_HF_REPO      "/api/models|datasets|spaces|kernels/<repo_id>"
#define PR_HF_ID        "repo: the path before the word"
#define PR_HF_ID_REV    "repo; version: the revision"


const pr_endpoint_t  pr_huggingface_endpoints[] = {

    /* rows that name a repository: the classifier below marks them */

    { "/[<type>/]<repo_id>/resolve/<rev>/<file...>", PR_M_READ,
      PR_KIND_ARTIFACT, 1,
      "repo: the path before \"resolve\" (type datasets|spaces|kernels); "
      "version: the revision (refs%2Fpr%2F1 or refs/pr/1); file: the rest",
      PR_HF_SRC_DL "; " PR_HF_SRC_JS " downloadFile, fileDownloadInfo",
      { "/google-bert/bert-base-uncased/resolve/main/config.json",
        "HEAD /gpt2/resolve/main/model.safetensors",
        "/datasets/rajpurkar/squad/resolve/refs%2Fconvert%2Fparquet/x.parquet",
        "/spaces/gradio/hello_world/resolve/main/app.py" } },

    { "/[<type>/]<repo_id>/raw/<rev>/<file...>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "as resolve: the file itself, LFS pointers raw",
      PR_HF_SRC_JS " fileDownloadInfo (raw), fileExists (HEAD)",
      { "/org/model/raw/main/config.json", "HEAD /org/model/raw/main/x.bin",
        "/datasets/org/data/raw/main/README.md" } },

    { "/[<type>/]<repo_id>/blob/<rev>/<file...>", PR_M_READ,
      PR_KIND_METADATA, 1, "as resolve: the file shown in a page",
      "the Hub's file page (hf_hub_url's web form, huggingface_hub "
      "utils/_hf_uris.py)",
      { "/org/model/blob/main/config.json",
        "/spaces/org/app/blob/main/app.py" } },

    { "/api/resolve-cache/<type>s/<repo_id>/<commit>/<file...>", PR_M_READ,
      PR_KIND_ARTIFACT, 1,
      "repo: the path before the 40-hex commit (both readings when two fit);"
      " version: the commit; file: the rest",
      "the Hub's 307 for /resolve/ of a regular file; " PR_HF_SRC_JS
      " WebBlob",
      { "/api/resolve-cache/models/org/model/"
        "3f786850e387550fdab836ed7e6dc881de23001b/config.json",
        "HEAD /api/resolve-cache/models/gpt2/"
        "3f786850e387550fdab836ed7e6dc881de23001b/config.json",
        "/api/resolve-cache/datasets/org/data/"
        "3f786850e387550fdab836ed7e6dc881de23001b/a/b.json" } },

    { "/[<type>/]<repo_id>[.git]/info/refs?service=...", PR_M_READ,
      PR_KIND_METADATA, 1, "repo: the path before \"info\", \".git\" cut",
      PR_HF_SRC_GIT " (git clone https://huggingface.co/<repo_id>)",
      { "/org/model/info/refs?service=git-upload-pack",
        "/datasets/org/data.git/info/refs?service=git-upload-pack",
        "/gpt2.git/info/refs?service=git-receive-pack" } },

    { "/[<type>/]<repo_id>[.git]/git-upload-pack", PR_M_POST,
      PR_KIND_ARTIFACT, 1, "repo: the path before it, \".git\" cut "
      "(a read: the body asks for objects)",
      PR_HF_SRC_GIT,
      { "POST /org/model/git-upload-pack",
        "POST /spaces/org/app.git/git-upload-pack" } },

    { "/[<type>/]<repo_id>[.git]/git-receive-pack", PR_M_POST,
      PR_KIND_WRITE, 1, "repo: the path before it, \".git\" cut",
      PR_HF_SRC_GIT " (git push)", { "POST /org/model.git/git-receive-pack" } },

    { "/[<type>/]<repo_id>.git/info/lfs/objects/batch", PR_M_POST,
      PR_KIND_API, 1, "repo: the path before \".git\"",
      PR_HF_SRC_LFS " (upload); git-lfs (download)",
      { "POST /org/model.git/info/lfs/objects/batch",
        "POST /datasets/org/data.git/info/lfs/objects/batch" } },

    { "/[<type>/]<repo_id>.git/info/lfs/locks/verify", PR_M_POST,
      PR_KIND_API, 1, "repo: the path before \".git\"", "git-lfs (push)",
      { "POST /org/model.git/info/lfs/locks/verify" } },

    { PR_HF_REPO, PR_M_READ, PR_KIND_METADATA, 1,
      "repo: the path after the type (one part: a legacy id)",
      PR_HF_SRC_API " model_info, dataset_info, space_info; " PR_HF_SRC_JS
      " modelInfo",
      { "/api/models/google-bert/bert-base-uncased", "/api/models/gpt2",
        "/api/datasets/rajpurkar/squad?expand[]=likes",
        "/api/spaces/gradio/hello_world" } },

    { PR_HF_REPO "/revision/<rev>", PR_M_READ, PR_KIND_METADATA, 1,
      PR_HF_ID_REV, PR_HF_SRC_API " repo_info(revision=)",
      { "/api/models/org/model/revision/main",
        "/api/datasets/org/data/revision/refs%2Fconvert%2Fparquet",
        "/api/models/gpt2/revision/refs/pr/1" } },

    { PR_HF_REPO "/tree|treesize/<rev>[/<path...>]", PR_M_READ,
      PR_KIND_METADATA, 1, PR_HF_ID_REV,
      PR_HF_SRC_API " list_repo_tree, hf_file_system.py; " PR_HF_SRC_JS
      " listFiles",
      { "/api/models/org/model/tree/main?recursive=True&expand=False",
        "/api/models/org/model/tree/main/onnx",
        "/api/datasets/org/data/treesize/main/data" } },

    { PR_HF_REPO "/paths-info/<rev>", PR_M_POST, PR_KIND_METADATA, 1,
      PR_HF_ID_REV " (a read: the body lists paths)",
      PR_HF_SRC_API " get_paths_info; " PR_HF_SRC_JS " pathsInfo",
      { "POST /api/models/org/model/paths-info/main",
        "POST /api/datasets/org/data/paths-info/refs%2Fpr%2F2" } },

    { PR_HF_REPO "/refs", PR_M_READ, PR_KIND_METADATA, 1, PR_HF_ID,
      PR_HF_SRC_API " list_repo_refs",
      { "/api/models/org/model/refs?include_prs=1" } },

    { PR_HF_REPO "/commits/<rev>", PR_M_READ, PR_KIND_METADATA, 1,
      PR_HF_ID_REV, PR_HF_SRC_API " list_repo_commits; " PR_HF_SRC_JS
      " listCommits", { "/api/models/org/model/commits/main" } },

    { PR_HF_REPO "/xet-read-token|xet-write-token[/<rev>]", PR_M_READ,
      PR_KIND_API, 1, PR_HF_ID_REV,
      "huggingface_hub utils/_xet.py; " PR_HF_SRC_JS " commit",
      { "/api/models/org/model/xet-read-token/main",
        "/api/datasets/org/data/xet-write-token/main",
        "/api/models/org/model/xet-write-token" } },

    { PR_HF_REPO "/preupload|commit/<rev>", PR_M_POST, PR_KIND_WRITE, 1,
      PR_HF_ID_REV, PR_HF_SRC_API " create_commit; " PR_HF_SRC_JS
      " commit",
      { "POST /api/models/org/model/preupload/main",
        "POST /api/models/org/model/commit/main" } },

    { PR_HF_REPO "/branch|tag/<name>", PR_M_POST|PR_M_DELETE,
      PR_KIND_WRITE, 1, PR_HF_ID,
      PR_HF_SRC_API " create_branch, delete_branch, create_tag, delete_tag",
      { "POST /api/models/org/model/branch/dev",
        "DELETE /api/models/org/model/tag/v1.0" } },

    { PR_HF_REPO "/super-squash/<branch>", PR_M_POST, PR_KIND_WRITE, 1,
      PR_HF_ID, PR_HF_SRC_API " super_squash_history",
      { "POST /api/models/org/model/super-squash/main" } },

    { PR_HF_REPO "/settings", PR_M_PUT, PR_KIND_WRITE, 1, PR_HF_ID,
      PR_HF_SRC_API " update_repo_settings",
      { "PUT /api/models/org/model/settings" } },

    { PR_HF_REPO "/discussions[/<num>[/<action...>]]",
      PR_M_READ|PR_M_POST, PR_KIND_API, 1, PR_HF_ID,
      PR_HF_SRC_API " get_repo_discussions, create_discussion, comment, "
      "merge_pull_request",
      { "/api/models/org/model/discussions?p=0",
        "/api/models/org/model/discussions/3",
        "POST /api/datasets/org/data/discussions/3/comment" } },

    { PR_HF_REPO "/likers|lfs-files|auth-check|leaderboard|croissant",
      PR_M_READ, PR_KIND_API, 1, PR_HF_ID,
      PR_HF_SRC_API " list_repo_likers, list_lfs_files, auth_check; "
      "the Hub's API (croissant, leaderboard)",
      { "/api/models/org/model/likers", "/api/models/org/model/lfs-files",
        "/api/models/org/model/auth-check",
        "/api/datasets/org/data/croissant" } },

    { PR_HF_REPO "/user-access-request/<status>|grant|handle",
      PR_M_READ|PR_M_POST, PR_KIND_API, 1, PR_HF_ID,
      PR_HF_SRC_API " list_pending_access_requests, grant_access",
      { "/api/models/org/model/user-access-request/pending",
        "POST /api/models/org/model/user-access-request/grant" } },

    { PR_HF_REPO "/like", PR_M_POST|PR_M_DELETE, PR_KIND_API, 1, PR_HF_ID,
      PR_HF_SRC_API " like, unlike", { "POST /api/models/org/model/like" } },

    { PR_HF_REPO "/duplicate, .../lfs-files/batch|duplicate", PR_M_POST,
      PR_KIND_WRITE, 1, PR_HF_ID,
      PR_HF_SRC_API " duplicate_repo, permanently_delete_lfs_files",
      { "POST /api/spaces/org/app/duplicate",
        "POST /api/models/org/model/lfs-files/batch" } },

    { "/api/spaces/<repo_id>/runtime|secrets|variables|restart|pause|"
      "hardware|sleeptime|storage|volumes|dev-mode|logs/<type>",
      PR_M_READ|PR_M_POST|PR_M_PUT|PR_M_DELETE, PR_KIND_API, 1, PR_HF_ID,
      PR_HF_SRC_API " (Spaces: get_space_runtime, add_space_secret, ...)",
      { "/api/spaces/org/app/runtime", "POST /api/spaces/org/app/restart",
        "DELETE /api/spaces/org/app/secrets",
        "/api/spaces/org/app/logs/build" } },

    { "/api/datasets/<repo_id>/parquet[/<config>[/<split>[/<n>.parquet]]]",
      PR_M_READ, PR_KIND_METADATA, 1, PR_HF_ID,
      "the Hub's API (dataset viewer's Parquet files)",
      { "/api/datasets/org/data/parquet",
        "/api/datasets/org/data/parquet/default/train/0.parquet" } },

    /* rows that name no repository: matched by their shape */

    { "/api/models|datasets|spaces|kernels", PR_M_READ, PR_KIND_API, 0, "",
      PR_HF_SRC_API " list_models, list_datasets, list_spaces; "
      PR_HF_SRC_JS " listModels",
      { "/api/models?search=bert&limit=10", "/api/datasets",
        "/api/spaces" } },

    { "/api/spaces/hardware|templates|semantic-search", PR_M_READ,
      PR_KIND_API, 0, "", PR_HF_SRC_API,
      { "/api/spaces/hardware", "/api/spaces/semantic-search?q=x" } },

    { "/api/models-tags-by-type|datasets-tags-by-type", PR_M_READ,
      PR_KIND_API, 0, "", PR_HF_SRC_API " get_model_tags",
      { "/api/models-tags-by-type" } },

    { "/api/whoami-v2", PR_M_READ, PR_KIND_API, 0, "",
      PR_HF_SRC_API " whoami; " PR_HF_SRC_JS " whoAmI",
      { "/api/whoami-v2" } },

    { "/api/repos/create|move", PR_M_POST, PR_KIND_WRITE, 0, "",
      PR_HF_SRC_API " create_repo, move_repo (the body names the repo)",
      { "POST /api/repos/create", "POST /api/repos/move" } },

    { "/api/repos/delete", PR_M_DELETE, PR_KIND_WRITE, 0, "",
      PR_HF_SRC_API " delete_repo (the body names the repo)",
      { "DELETE /api/repos/delete" } },

    { "/api/validate-yaml", PR_M_POST, PR_KIND_API, 0, "",
      PR_HF_SRC_API " (model card metadata)", { "POST /api/validate-yaml" } },

    { "/api/users/<user>/overview|likes|followers|following", PR_M_READ,
      PR_KIND_API, 0, "", PR_HF_SRC_API " get_user_overview, list_liked_repos",
      { "/api/users/alice/overview", "/api/users/alice/likes" } },

    { "/api/organizations/<org>/overview|members|followers", PR_M_READ,
      PR_KIND_API, 0, "", PR_HF_SRC_API " get_organization_overview",
      { "/api/organizations/acme/members" } },

    { "/api/collections", PR_M_READ|PR_M_POST, PR_KIND_API, 0, "",
      PR_HF_SRC_API " list_collections, create_collection",
      { "/api/collections?owner=acme", "POST /api/collections" } },

    { "/api/collections/<namespace>/<slug>",
      PR_M_READ|PR_M_PATCH|PR_M_DELETE, PR_KIND_API, 0, "",
      PR_HF_SRC_API " get_collection, update_collection_metadata",
      { "/api/collections/acme/models-65f1" } },

    { "/api/collections/<namespace>/<slug>/items", PR_M_POST, PR_KIND_API,
      0, "", PR_HF_SRC_API " add_collection_item (the body names the repo)",
      { "POST /api/collections/acme/models-65f1/items" } },

    { "/api/collections/<namespace>/<slug>/items/<item>",
      PR_M_PATCH|PR_M_DELETE, PR_KIND_API, 0, "",
      PR_HF_SRC_API " update_collection_item, delete_collection_item",
      { "DELETE /api/collections/acme/models-65f1/items/42" } },

    { "/api/papers/<id>", PR_M_READ, PR_KIND_API, 0, "",
      PR_HF_SRC_API " paper_info, list_papers",
      { "/api/papers/2401.00001", "/api/papers/search?q=x" } },

    { "/api/daily_papers", PR_M_READ, PR_KIND_API, 0, "",
      PR_HF_SRC_API " list_daily_papers", { "/api/daily_papers" } },

    { "/api/tasks", PR_M_READ, PR_KIND_API, 0, "",
      "huggingface_hub (inference tasks)", { "/api/tasks" } },

    { "/api/telemetry/<path...>", PR_M_READ, PR_KIND_API, 0, "",
      "huggingface_hub utils/_telemetry.py (HEAD)",
      { "HEAD /api/telemetry/transformers/examples" } },

    { "/oauth/device|token", PR_M_POST, PR_KIND_API, 0, "",
      "huggingface_hub utils/_oauth_device.py, _oidc.py (hf auth login)",
      { "POST /oauth/device", "POST /oauth/token" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


#define PR_HF_ID_PART_MAX  96
#define PR_HF_COMMIT_LEN   40


/* what follows a word of the API after the repo id */
enum {
    PR_HF_F_NONE = 0,       /* nothing */
    PR_HF_F_REV,            /* a revision */
    PR_HF_F_REV_OPT,        /* a revision, or nothing */
    PR_HF_F_REV_PATH,       /* a revision, then any path */
    PR_HF_F_ONE,            /* one segment (one of "next" if given) */
    PR_HF_F_ANY             /* any segments, or none */
};


typedef struct {
    const char  *word;
    int          follows;
    int          row;
    const char  *type;      /* only under /api/<type>, or NULL */
    const char  *next;      /* PR_HF_F_ONE: "a|b", or NULL: any */
} pr_hf_api_t;


static const pr_hf_api_t  pr_hf_api_words[] = {
    { "revision", PR_HF_F_REV, PR_HF_API_REVISION, NULL, NULL },
    { "tree", PR_HF_F_REV_PATH, PR_HF_API_TREE, NULL, NULL },
    { "treesize", PR_HF_F_REV_PATH, PR_HF_API_TREE, NULL, NULL },
    { "paths-info", PR_HF_F_REV, PR_HF_API_PATHS_INFO, NULL, NULL },
    { "refs", PR_HF_F_NONE, PR_HF_API_REFS, NULL, NULL },
    { "commits", PR_HF_F_REV, PR_HF_API_COMMITS, NULL, NULL },
    { "xet-read-token", PR_HF_F_REV_OPT, PR_HF_API_XET_TOKEN, NULL, NULL },
    { "xet-write-token", PR_HF_F_REV_OPT, PR_HF_API_XET_TOKEN, NULL, NULL },
    { "preupload", PR_HF_F_REV, PR_HF_API_COMMIT, NULL, NULL },
    { "commit", PR_HF_F_REV, PR_HF_API_COMMIT, NULL, NULL },
    { "branch", PR_HF_F_REV, PR_HF_API_BRANCH, NULL, NULL },
    { "tag", PR_HF_F_REV, PR_HF_API_BRANCH, NULL, NULL },
    { "super-squash", PR_HF_F_REV, PR_HF_API_SQUASH, NULL, NULL },
    { "settings", PR_HF_F_NONE, PR_HF_API_SETTINGS, NULL, NULL },
    { "discussions", PR_HF_F_ANY, PR_HF_API_DISCUSSIONS, NULL, NULL },
    { "likers", PR_HF_F_NONE, PR_HF_API_READ, NULL, NULL },
    { "lfs-files", PR_HF_F_NONE, PR_HF_API_READ, NULL, NULL },
    { "lfs-files", PR_HF_F_ONE, PR_HF_API_POST, NULL, "batch|duplicate" },
    { "auth-check", PR_HF_F_NONE, PR_HF_API_READ, NULL, NULL },
    { "leaderboard", PR_HF_F_NONE, PR_HF_API_READ, "datasets", NULL },
    { "croissant", PR_HF_F_NONE, PR_HF_API_READ, "datasets", NULL },
    { "user-access-request", PR_HF_F_ONE, PR_HF_API_ACCESS, NULL, NULL },
    { "like", PR_HF_F_NONE, PR_HF_API_LIKE, NULL, NULL },
    { "duplicate", PR_HF_F_NONE, PR_HF_API_POST, NULL, NULL },
    { "runtime", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "secrets", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "variables", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "restart", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "pause", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "hardware", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "sleeptime", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "storage", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "volumes", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "dev-mode", PR_HF_F_NONE, PR_HF_API_SPACE, "spaces", NULL },
    { "logs", PR_HF_F_ONE, PR_HF_API_SPACE, "spaces", NULL },
    { "parquet", PR_HF_F_ANY, PR_HF_API_PARQUET, "datasets", NULL },
    { NULL, 0, 0, NULL, NULL }
};


static const char  *pr_hf_types[] = {
    "datasets", "spaces", "kernels", NULL
};


static int pr_hf_id(pr_cx_t *cx, size_t i, size_t nparts,
    const char *type);
static size_t pr_hf_revision(pr_cx_t *cx, size_t i, pr_str_t *rev);
static const pr_hf_api_t *pr_hf_api_find(pr_cx_t *cx, size_t i);
static size_t pr_hf_rev_len(pr_cx_t *cx, size_t i);
static int pr_hf_alt(const pr_str_t *s, const char *alts);
static int pr_hf_commit(pr_cx_t *cx, size_t i);
static const char *pr_hf_type(pr_cx_t *cx, size_t i, int api);
static void pr_hf_classify(pr_cx_t *cx, size_t *rev_seg);
static void pr_hf_api(pr_cx_t *cx, size_t *rev_seg);
static void pr_hf_api_rest(pr_cx_t *cx, size_t i, size_t *rev_seg);
static void pr_hf_resolve_cache(pr_cx_t *cx, size_t *rev_seg);
static void pr_hf_file(pr_cx_t *cx, size_t id, size_t nid, int row,
    const char *type, size_t *rev_seg);
static void pr_hf_git(pr_cx_t *cx, size_t id, const char *type);


/* 1 if s is one of the '|'-separated alternatives */
static int
pr_hf_alt(const pr_str_t *s, const char *alts)
{
    size_t       n;
    const char  *p, *bar;

    for (p = alts; /* void */; p = bar + 1) {
        bar = strchr(p, '|');
        n = bar ? (size_t) (bar - p) : strlen(p);

        if (s->len == n && memcmp(s->data, p, n) == 0) {
            return 1;
        }

        if (bar == NULL) {
            return 0;
        }
    }
}


/* a full commit id, as the Hub's resolve-cache paths carry */
static int
pr_hf_commit(pr_cx_t *cx, size_t i)
{
    size_t     k;
    pr_str_t  *s;

    if (i >= cx->path.nseg) {
        return 0;
    }

    s = pr_seg(cx, i);

    if (s->len != PR_HF_COMMIT_LEN) {
        return 0;
    }

    for (k = 0; k < s->len; k++) {
        if (!pr_isdigit(s->data[k]) && !(s->data[k] >= 'a'
                                         && s->data[k] <= 'f'))
        {
            return 0;
        }
    }

    return 1;
}


/*
 * The repo type at segment i: "datasets", "spaces", "kernels", and under
 * /api/ also "models" (returned as ""); NULL if none
 */
static const char *
pr_hf_type(pr_cx_t *cx, size_t i, int api)
{
    size_t  k;

    if (api && pr_seg_is(cx, i, "models")) {
        return "";
    }

    for (k = 0; pr_hf_types[k]; k++) {
        if (pr_seg_is(cx, i, pr_hf_types[k])) {
            return pr_hf_types[k];
        }
    }

    return NULL;
}


/* adds the repo id made of segments [i, i + nparts) */
static int
pr_hf_id(pr_cx_t *cx, size_t i, size_t nparts, const char *type)
{
    char      *p;
    size_t     k, len, tlen;
    pr_str_t  *s;

    tlen = (type && type[0]) ? strlen(type) + 1 : 0;
    len = tlen;

    for (k = i; k < i + nparts; k++) {
        s = pr_seg(cx, k);

        if (s->len > PR_HF_ID_PART_MAX || !pr_name_chars(s, "-_.")
            || s->data[0] == '.' || s->data[0] == '-')
        {
            pr_invalid(cx, "invalid repository id");
            return -1;
        }

        len += s->len + 1;
    }

    p = pr_scratch(cx->req, len);
    if (p == NULL) {
        pr_invalid(cx, "request too large");
        return -1;
    }

    len = 0;

    if (tlen) {
        memcpy(p, type, tlen - 1);
        p[tlen - 1] = '/';
        len = tlen;
    }

    for (k = i; k < i + nparts; k++) {
        s = pr_seg(cx, k);
        memcpy(p + len, s->data, s->len);
        len += s->len;

        if (k + 1 < i + nparts) {
            p[len++] = '/';
        }
    }

    return pr_add_name(cx, p, len);
}


/*
 * The revision at segment i: one segment (possibly with an encoded '/'),
 * or the literal spellings "refs/pr/<n>" and "refs/convert/<x>". Returns
 * how many segments it took.
 */
static size_t
pr_hf_revision(pr_cx_t *cx, size_t i, pr_str_t *rev)
{
    if (pr_seg_is(cx, i, "refs") && i + 2 < cx->path.nseg
        && (pr_seg_is(cx, i + 1, "pr") || pr_seg_is(cx, i + 1, "convert")))
    {
        if (pr_join(cx, i, i + 3, rev) != 0) {
            return 0;
        }

        return 3;
    }

    *rev = *pr_seg(cx, i);

    /* an encoded revision must not hide "..", "." or "//" */
    if (!pr_parts_safe(rev)) {
        pr_invalid(cx, "invalid revision");
        return 0;
    }

    return 1;
}


/*
 * An encoded '/' is kept inside its segment for the revision and what
 * follows it: one before the revision would let an upstream that decodes
 * it read another repository than the one checked, and one hiding "." or
 * ".." parts would let it climb out.
 */
void
pr_classify_huggingface(pr_cx_t *cx)
{
    size_t  k, rev_seg;

    rev_seg = (size_t) -1;

    pr_hf_classify(cx, &rev_seg);

    if (cx->req->cls == PR_CLASS_INVALID) {
        return;
    }

    for (k = 0; k < cx->path.nseg; k++) {
        if (memchr(pr_seg(cx, k)->data, '/', pr_seg(cx, k)->len)
            && (k < rev_seg || !pr_parts_safe(pr_seg(cx, k))))
        {
            pr_invalid(cx, "encoded \"/\" before the revision");
            return;
        }
    }
}


static void
pr_hf_classify(pr_cx_t *cx, size_t *rev_seg)
{
    int          v1, v2;
    size_t       n, k, id;
    const char  *type;

    static const char  *verbs[] = { "resolve", "raw", "blob", NULL };
    static const int    rows[] = { PR_HF_RESOLVE, PR_HF_RAW, PR_HF_BLOB };

    n = cx->path.nseg;

    if (n == 0) {
        return;                                 /* unknown */
    }

    if (pr_seg_is(cx, 0, "api")) {
        pr_hf_api(cx, rev_seg);
        return;
    }

    type = pr_hf_type(cx, 0, 0);
    id = type ? 1 : 0;

    /*
     * <repo_id>/resolve/<rev>/<file>: "org/name" when the verb follows
     * two parts and leaves a revision and a file, else a one-part id
     */

    v1 = -1;
    v2 = -1;

    for (k = 0; verbs[k]; k++) {
        if (pr_seg_is(cx, id + 1, verbs[k])) {
            v1 = (int) k;
        }

        if (pr_seg_is(cx, id + 2, verbs[k])) {
            v2 = (int) k;
        }
    }

    if (v2 >= 0 && (id + 4 < n || v1 < 0)) {
        pr_hf_file(cx, id, 2, rows[v2], type, rev_seg);

    } else if (v1 >= 0) {
        pr_hf_file(cx, id, 1, rows[v1], type, rev_seg);

    } else {
        pr_hf_git(cx, id, type);
    }
}


/* <repo_id>/resolve|raw|blob/<rev>/<file> */
static void
pr_hf_file(pr_cx_t *cx, size_t id, size_t nid, int row, const char *type,
    size_t *rev_seg)
{
    size_t     i, n, used;
    pr_str_t   rev;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;
    i = id + nid + 1;

    if (i >= n) {
        pr_invalid(cx, "revision missing");
        return;
    }

    if (pr_hf_id(cx, id, nid, type) != 0) {
        return;
    }

    used = pr_hf_revision(cx, i, &rev);
    if (used == 0) {
        return;
    }

    *rev_seg = (used == 1) ? i : (size_t) -1;

    if (i + used >= n) {
        pr_invalid(cx, "file name missing");
        return;
    }

    pr_endpoint(cx, &pr_huggingface_endpoints[row]);
    req->version = rev;

    if (pr_join(cx, i + used, n, &req->file) != 0) {
        return;
    }

    if (!pr_parts_safe(&req->file)) {
        pr_invalid(cx, "invalid file name");
        return;
    }

    pr_out_begin(cx);
    pr_out_segs(cx, 0, i);
    pr_out_seg(cx, &rev);
    pr_out_segs(cx, i + used, n);
    pr_out_end(cx, 0);
}


/* git over HTTP and git-lfs: <repo_id>[.git]/info/refs, ... */
static void
pr_hf_git(pr_cx_t *cx, size_t id, const char *type)
{
    int        row, rc;
    size_t     n, k;
    pr_str_t  *last;

    n = cx->path.nseg;

    if (n >= id + 3 && pr_seg_is(cx, n - 2, "info")
        && pr_seg_is(cx, n - 1, "refs"))
    {
        k = n - 2;
        row = PR_HF_GIT_REFS;

    } else if (n >= id + 2 && pr_seg_is(cx, n - 1, "git-upload-pack")) {
        k = n - 1;
        row = PR_HF_GIT_UPLOAD_PACK;

        /* the body asks for objects: a read */
        cx->read_post = 1;

    } else if (n >= id + 2 && pr_seg_is(cx, n - 1, "git-receive-pack")) {
        k = n - 1;
        row = PR_HF_GIT_RECEIVE_PACK;

    } else if (n >= id + 5 && pr_seg_is(cx, n - 4, "info")
               && pr_seg_is(cx, n - 3, "lfs"))
    {
        k = n - 4;

        if (pr_seg_is(cx, n - 2, "objects") && pr_seg_is(cx, n - 1, "batch"))
        {
            row = PR_HF_LFS_BATCH;

        } else if (pr_seg_is(cx, n - 2, "locks")
                   && pr_seg_is(cx, n - 1, "verify"))
        {
            row = PR_HF_LFS_LOCKS;

        } else {
            return;                             /* unknown */
        }

    } else {
        return;                                 /* unknown */
    }

    if (k - id < 1 || k - id > 2) {
        return;                                 /* unknown */
    }

    /* "org/name.git" is "org/name" */

    last = pr_seg(cx, k - 1);

    if (last->len > 4 && pr_str_ends(last, ".git")) {
        last->len -= 4;
        rc = pr_hf_id(cx, id, k - id, type);
        last->len += 4;

    } else {
        rc = pr_hf_id(cx, id, k - id, type);
    }

    if (rc == 0) {
        pr_endpoint(cx, &pr_huggingface_endpoints[row]);
    }
}


/* /api/...: the repo API and resolve-cache; the rest by their shapes */
static void
pr_hf_api(pr_cx_t *cx, size_t *rev_seg)
{
    int          one, two;
    size_t       n;
    const char  *type;

    n = cx->path.nseg;
    cx->req->kind = PR_KIND_API;

    if (pr_seg_is(cx, 1, "resolve-cache")) {
        pr_hf_resolve_cache(cx, rev_seg);
        return;
    }

    type = pr_hf_type(cx, 1, 1);

    if (type == NULL || n < 3) {
        return;                                 /* by shape, or unknown */
    }

    if (type[0] == 's' || type[0] == 'k') {
        /* spaces and kernels are always "org/name" */

        if (n < 4) {
            return;                             /* /api/spaces/hardware */
        }

        one = 0;
        two = 1;

    } else {
        /*
         * A legacy one-part id ("gpt2") or "org/name": each reading that
         * leaves a known shape is a name; when none does, both are
         */

        one = (n == 3 || pr_hf_api_find(cx, 3) != NULL);
        two = (n >= 4 && (n == 4 || pr_hf_api_find(cx, 4) != NULL));

        if (!one && !two) {
            one = 1;
            two = 1;
        }
    }

    if (two && pr_hf_id(cx, 2, 2, type) != 0) {
        return;
    }

    if (one && pr_hf_id(cx, 2, 1, type) != 0) {
        return;
    }

    /* the row is the two-part reading's when it has one */

    pr_hf_api_rest(cx, (two && (!one || n == 4 || pr_hf_api_find(cx, 4)))
                       ? 4 : 3, rev_seg);
}


/* segments a revision at i takes: "refs/pr/<n>" three, else one */
static size_t
pr_hf_rev_len(pr_cx_t *cx, size_t i)
{
    return (pr_seg_is(cx, i, "refs") && i + 2 < cx->path.nseg
            && (pr_seg_is(cx, i + 1, "pr") || pr_seg_is(cx, i + 1, "convert")))
           ? 3 : 1;
}


/* the API word at segment i whose shape the rest of the path has */
static const pr_hf_api_t *
pr_hf_api_find(pr_cx_t *cx, size_t i)
{
    size_t              n, rest;
    const pr_hf_api_t  *a;

    n = cx->path.nseg;

    if (i >= n) {
        return NULL;
    }

    rest = n - i - 1;

    for (a = pr_hf_api_words; a->word; a++) {
        if (!pr_seg_is(cx, i, a->word)
            || (a->type && !pr_seg_is(cx, 1, a->type)))
        {
            continue;
        }

        switch (a->follows) {

        case PR_HF_F_NONE:
            if (rest == 0) {
                return a;
            }

            break;

        case PR_HF_F_REV:
            if (rest && rest == pr_hf_rev_len(cx, i + 1)) {
                return a;
            }

            break;

        case PR_HF_F_REV_OPT:
            if (rest == 0 || rest == pr_hf_rev_len(cx, i + 1)) {
                return a;
            }

            break;

        case PR_HF_F_REV_PATH:
            if (rest) {
                return a;
            }

            break;

        case PR_HF_F_ONE:
            if (rest == 1
                && (a->next == NULL || pr_hf_alt(pr_seg(cx, i + 1), a->next)))
            {
                return a;
            }

            break;

        default: /* PR_HF_F_ANY */
            return a;
        }
    }

    return NULL;
}


/* what follows the repo id at segment i */
static void
pr_hf_api_rest(pr_cx_t *cx, size_t i, size_t *rev_seg)
{
    size_t              n, rest, used;
    pr_str_t            rev;
    pr_req_t           *req;
    const pr_hf_api_t  *a;

    req = cx->req;
    n = cx->path.nseg;

    if (i == n) {
        pr_endpoint(cx, &pr_huggingface_endpoints[PR_HF_API_REPO]);
        return;
    }

    rest = n - i - 1;

    a = pr_hf_api_find(cx, i);
    if (a == NULL) {
        return;                                 /* unknown: the names stay */
    }

    if (a->follows == PR_HF_F_REV || a->follows == PR_HF_F_REV_PATH
        || (a->follows == PR_HF_F_REV_OPT && rest))
    {
        used = pr_hf_revision(cx, i + 1, &rev);
        if (used == 0) {
            return;
        }

        if (a->follows != PR_HF_F_REV_PATH && i + 1 + used != n) {
            return;                             /* unknown */
        }

        *rev_seg = (used == 1) ? i + 1 : (size_t) -1;
        req->version = rev;

        pr_out_begin(cx);
        pr_out_segs(cx, 0, i + 1);
        pr_out_seg(cx, &rev);
        pr_out_segs(cx, i + 1 + used, n);
        pr_out_end(cx, cx->path.trailing_slash);
    }

    pr_endpoint(cx, &pr_huggingface_endpoints[a->row]);

    /* get_paths_info() POSTs a list of paths: a read */
    cx->read_post = (a->row == PR_HF_API_PATHS_INFO);

    if (a->row == PR_HF_API_PARQUET && rest
        && pr_str_ends(pr_seg(cx, n - 1), ".parquet"))
    {
        req->kind = PR_KIND_ARTIFACT;
    }
}


/*
 * /api/resolve-cache/<type>s/<repo_id>/<commit>/<file>: where the Hub
 * sends /resolve/ of a regular file. The id ends before the commit; when
 * both a one-part and a two-part id fit, both are names.
 */
static void
pr_hf_resolve_cache(pr_cx_t *cx, size_t *rev_seg)
{
    int          one, two;
    size_t       n, c;
    pr_req_t    *req;
    const char  *type;

    req = cx->req;
    n = cx->path.nseg;

    type = pr_hf_type(cx, 2, 1);

    if (type == NULL) {
        return;                                 /* unknown */
    }

    two = (n >= 7 && pr_hf_commit(cx, 5));
    one = (n >= 6 && pr_hf_commit(cx, 4) && type[0] != 's'
           && type[0] != 'k');

    if (!one && !two) {
        pr_invalid(cx, "resolve-cache path without a commit and a file");
        return;
    }

    c = two ? 5 : 4;

    if (two && pr_hf_id(cx, 3, 2, type) != 0) {
        return;
    }

    if (one && pr_hf_id(cx, 3, 1, type) != 0) {
        return;
    }

    *rev_seg = c;
    req->version = *pr_seg(cx, c);

    if (pr_join(cx, c + 1, n, &req->file) != 0) {
        return;
    }

    if (!pr_parts_safe(&req->file)) {
        pr_invalid(cx, "invalid file name");
        return;
    }

    pr_endpoint(cx, &pr_huggingface_endpoints[PR_HF_RESOLVE_CACHE]);
}
