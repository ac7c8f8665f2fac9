/*
 * ngx_pkg_reroute: GitHub and GitLab: source archives, release assets, raw
 * files, git over HTTP and the REST APIs that deliver a repository's
 * content. The catalogue below is every shape of github.com,
 * codeload.github.com, raw.githubusercontent.com, api.github.com (also
 * GitHub Enterprise's /api/v3), gitlab.com and self-managed GitLab that
 * can deliver a repository's content, read from their route definitions
 * and REST API documents; the rest is unknown.
 *
 * The name is "owner/repo" (GitLab: the whole group path), lower case.
 * One ecosystem serves all these hosts, whose shapes overlap; a path is
 * read, in this order, as
 *
 *   - an API: a first segment "repos" (api.github.com), "api/v3/repos"
 *     (GitHub Enterprise) or "api/v4" (GitLab); "raw" (GitHub Enterprise's
 *     raw files); the other first segments GitHub keeps for itself
 *     ("repositories", "orgs", "users", "user", "api") name no repository:
 *     unknown;
 *   - git over HTTP: a path that ends in ".../info/refs",
 *     "git-upload-pack", "git-receive-pack", "info/lfs/objects/batch" or
 *     "gitlab-lfs/objects/<oid>" names the repository before it, whatever
 *     its depth (GitLab's subgroups);
 *   - GitLab: the segment "-" (no group, project or git ref is named "-")
 *     ends the project's path;
 *   - github.com and codeload: a third segment that is one of their route
 *     words (archive, releases, raw, blob, tarball, zip, ...);
 *   - raw.githubusercontent.com: any other path of four or more
 *     segments, /<owner>/<repo>/<ref...>/<path...>.
 *
 * A file read by a ref (a raw file, a blob, the contents API, a job's
 * artifacts by branch) is metadata: a branch moves, so it is kept briefly
 * (pkg_reroute_cache_valid); archives, release assets and objects by sha
 * are artifacts. info/refs is an API answer: it differs by the client's
 * Git-Protocol, and is left to the upstream's Cache-Control.
 *
 * raw.githubusercontent.com reads any path of four or more segments as
 * "<first>/<second>": where the reading above names a deeper path (a
 * GitLab subgroup, git over HTTP below a ref), "<first>/<second>" is
 * added as a second name, so that a rule checks both.
 */

#include <string.h>

#include "pr_eco.h"
#include "pr_tsrc.h"


enum {
    PR_GH_ARCHIVE_REFS = 0,
    PR_GH_ARCHIVE,
    PR_GH_CODELOAD,
    PR_GH_TARBALL,
    PR_GH_RELEASE,
    PR_GH_RELEASE_LATEST,
    PR_GH_RAW,
    PR_GH_BLOB,
    PR_GH_RAW_HOST,
    PR_GH_RAW_GHES,
    PR_GH_INFO_REFS,
    PR_GH_UPLOAD_PACK,
    PR_GH_RECEIVE_PACK,
    PR_GH_LFS_BATCH,
    PR_GH_LFS_OBJECT,
    PR_GH_API_ARCHIVE,
    PR_GH_API_REPO,
    PR_GH_API_CONTENTS,
    PR_GH_API_README,
    PR_GH_API_GIT_OBJECT,
    PR_GH_API_GIT_REFS,
    PR_GH_API_COMMITS,
    PR_GH_API_REFS,
    PR_GH_API_RELEASES,
    PR_GH_API_RELEASE_ASSET,
    PR_GH_API_ARTIFACTS,
    PR_GL_ARCHIVE,
    PR_GL_RAW,
    PR_GL_BLOB,
    PR_GL_JOB_ARTIFACTS_REF,
    PR_GL_JOB_ARTIFACTS,
    PR_GL_RELEASES,
    PR_GL_RELEASE_ASSET,
    PR_GL_PACKAGE_FILE,
    PR_GL_UPLOADS,
    PR_GL_API_ARCHIVE,
    PR_GL_API_FILE,
    PR_GL_API_BLOB,
    PR_GL_API_TREE,
    PR_GL_API_REFS,
    PR_GL_API_RELEASES,
    PR_GL_API_RELEASE_ASSET,
    PR_GL_API_JOB_ARTIFACTS,
    PR_GL_API_GENERIC
};


#define PR_GH_SRC_WEB   "github.com (docs: downloading source code archives)"
#define PR_GH_SRC_REST  "GitHub REST API (docs.github.com/en/rest)"
#define PR_GH_SRC_GIT   "git http-protocol (smart HTTP); GitLab " \
                        "config/routes/git_http.rb"
#define PR_GL_SRC_WEB   "GitLab config/routes/repository.rb, project.rb"
#define PR_GL_SRC_API   "GitLab REST API v4 (doc/api)"


const pr_endpoint_t  pr_github_endpoints[] = {

    /* github.com, codeload.github.com, raw.githubusercontent.com */

    { "/<owner>/<repo>/archive/refs/heads|tags/<ref...>.zip|tar.gz",
      PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: owner/repo; version: the ref; file: the last segment",
      PR_GH_SRC_WEB,
      { "/nginx/nginx/archive/refs/tags/release-1.25.3.tar.gz",
        "/corp/tool/archive/refs/heads/feature/x.zip",
        "/corp/tool.git/archive/refs/heads/main.zip" } },

    { "/<owner>/<repo>/archive/<ref...>.zip|tar.gz", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo; version: the ref or commit",
      PR_GH_SRC_WEB,
      { "/corp/tool/archive/v1.0.0.zip",
        "/corp/tool/archive/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
        ".tar.gz" } },

    { "/<owner>/<repo>/zip|tar.gz|legacy.zip|legacy.tar.gz/<ref...>",
      PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: owner/repo; version: the ref (refs/heads|tags/ dropped)",
      "codeload.github.com (where github.com's archives redirect)",
      { "/corp/tool/tar.gz/refs/tags/v1.0.0", "/corp/tool/zip/main",
        "/corp/tool/legacy.tar.gz/refs/heads/main" } },

    { "/<owner>/<repo>/tarball|zipball/<ref...>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo; version: the ref",
      "github.com (redirects to codeload)",
      { "/corp/tool/tarball/v1.0", "/corp/tool/zipball/refs/heads/main" } },

    { "/<owner>/<repo>/releases/download/<tag...>/<file>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo; version: the tag; file",
      "github.com (release assets; redirects to objects.githubusercontent"
      ".com)",
      { "/cli/cli/releases/download/v2.46.0/gh_2.46.0_linux_amd64.tar.gz",
        "/corp/tool/releases/download/cli/v2.1/tool.zip" } },

    { "/<owner>/<repo>/releases/latest/download/<file>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo; file (no fixed version)",
      "github.com (the latest release's asset)",
      { "/corp/tool/releases/latest/download/tool-linux-amd64.zip" } },

    { "/<owner>/<repo>/raw/<ref...>/<path...>", PR_M_READ, PR_KIND_METADATA,
      1, "name: owner/repo; file: the last segment",
      "github.com (raw file; redirects to raw.githubusercontent.com)",
      { "/corp/tool/raw/main/setup.py",
        "/corp/tool/raw/refs/heads/main/src/x.c" } },

    { "/<owner>/<repo>/blob/<ref...>/<path...>", PR_M_READ,
      PR_KIND_METADATA, 1, "name: owner/repo; file: the last segment",
      "github.com (file page; ?raw=true redirects to the raw file)",
      { "/corp/tool/blob/main/install.sh?raw=true",
        "/corp/tool/blob/v1.0/docs/README.md" } },

    { "/<owner>/<repo>/<ref...>/<path...>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: owner/repo (any other path of four or more segments); "
      "file: the last segment",
      "raw.githubusercontent.com",
      { "/corp/tool/main/install.sh",
        "/corp/tool/refs/heads/main/src/x.c",
        "/corp/tool/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567/setup.py" } },

    { "/raw/<owner>/<repo>/<ref...>/<path...>", PR_M_READ, PR_KIND_METADATA,
      1, "name: owner/repo; file: the last segment",
      "GitHub Enterprise Server (raw files without subdomain isolation)",
      { "/raw/corp/tool/main/install.sh" } },

    /* git over HTTP: GitHub and GitLab, forwarded as <repo>.git */

    { "/<owner>/<repo...>.git/info/refs?service=git-upload-pack", PR_M_READ,
      PR_KIND_API, 1,
      "name: the path before /info/refs, less .git (GitLab: the group "
      "path)", PR_GH_SRC_GIT,
      { "/corp/tool.git/info/refs?service=git-upload-pack",
        "/corp/tool/info/refs?service=git-upload-pack",
        "/group/sub/project.git/info/refs?service=git-receive-pack" } },

    { "/<owner>/<repo...>.git/git-upload-pack", PR_M_POST,
      PR_KIND_ARTIFACT, 1, "name: the path before it, less .git",
      PR_GH_SRC_GIT " (git fetch, git clone: a read)",
      { "POST /corp/tool.git/git-upload-pack",
        "POST /group/sub/project.git/git-upload-pack" } },

    { "/<owner>/<repo...>.git/git-receive-pack", PR_M_POST, PR_KIND_WRITE,
      1, "name: the path before it, less .git", PR_GH_SRC_GIT " (git push)",
      { "POST /corp/tool.git/git-receive-pack" } },

    { "/<owner>/<repo...>.git/info/lfs/objects/batch", PR_M_POST,
      PR_KIND_API, 1, "name: the path before /info/lfs, less .git",
      "Git LFS batch API (git-lfs docs/api/batch.md); GitLab "
      "git_http.rb", { "POST /corp/tool.git/info/lfs/objects/batch" } },

    { "/<group...>/<project>.git/gitlab-lfs/objects/<oid>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: the path before /gitlab-lfs, less .git",
      "GitLab git_http.rb (LFS object storage)",
      { "/group/project.git/gitlab-lfs/objects/"
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" } },

    /* api.github.com (GitHub Enterprise: /api/v3/repos/...) */

    { "/repos/<owner>/<repo>/tarball|zipball[/<ref...>]", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo; version: the ref, if any",
      PR_GH_SRC_REST " repos/contents: download a repository archive",
      { "/repos/corp/tool/tarball/v1.0.0", "/repos/corp/tool/zipball",
        "/api/v3/repos/corp/tool/tarball/main" } },

    { "/repos/<owner>/<repo>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: owner/repo", PR_GH_SRC_REST " repos: get a repository",
      { "/repos/corp/tool" } },

    { "/repos/<owner>/<repo>/contents[/<path...>]", PR_M_READ,
      PR_KIND_METADATA, 1, "name: owner/repo; file: the last segment",
      PR_GH_SRC_REST " repos/contents: get repository content",
      { "/repos/corp/tool/contents/setup.py?ref=main",
        "/repos/corp/tool/contents" } },

    { "/repos/<owner>/<repo>/readme[/<dir...>]", PR_M_READ,
      PR_KIND_METADATA, 1, "name: owner/repo",
      PR_GH_SRC_REST " repos/contents: get a repository README",
      { "/repos/corp/tool/readme", "/repos/corp/tool/readme/docs" } },

    { "/repos/<owner>/<repo>/git/blobs|trees|commits|tags/<sha>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo; version: the object's sha",
      PR_GH_SRC_REST " git/blobs, git/trees, git/commits, git/tags",
      { "/repos/corp/tool/git/blobs/3a0f86fb8db8eea7ccbb9a95f325ddbedfb25e15",
        "/repos/corp/tool/git/trees/main?recursive=1" } },

    { "/repos/<owner>/<repo>/git/ref|refs|matching-refs[/<ref...>]",
      PR_M_READ, PR_KIND_METADATA, 1, "name: owner/repo",
      PR_GH_SRC_REST " git/refs",
      { "/repos/corp/tool/git/refs/tags",
        "/repos/corp/tool/git/ref/heads/main",
        "/repos/corp/tool/git/matching-refs/tags/v1" } },

    { "/repos/<owner>/<repo>/commits[/<ref...>]", PR_M_READ,
      PR_KIND_METADATA, 1, "name: owner/repo; version: the ref",
      PR_GH_SRC_REST " commits (cargo's and uv's GitHub fast path: "
      "Accept: application/vnd.github.3.sha)",
      { "/repos/corp/tool/commits/main", "/repos/corp/tool/commits" } },

    { "/repos/<owner>/<repo>/tags|branches[/<branch...>]", PR_M_READ,
      PR_KIND_METADATA, 1, "name: owner/repo",
      PR_GH_SRC_REST " repos: list tags; branches",
      { "/repos/corp/tool/tags", "/repos/corp/tool/branches/main" } },

    { "/repos/<owner>/<repo>/releases[/latest|<id>|tags/<tag>|<id>/assets]",
      PR_M_READ, PR_KIND_METADATA, 1, "name: owner/repo",
      PR_GH_SRC_REST " releases",
      { "/repos/corp/tool/releases", "/repos/corp/tool/releases/latest",
        "/repos/corp/tool/releases/tags/v1.0", "/repos/corp/tool/releases/1/"
        "assets" } },

    { "/repos/<owner>/<repo>/releases/assets/<id>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: owner/repo",
      PR_GH_SRC_REST " releases/assets (Accept: application/octet-stream)",
      { "/repos/corp/tool/releases/assets/12345" } },

    { "/repos/<owner>/<repo>/actions/artifacts[/<id>[/<format>]]",
      PR_M_READ, PR_KIND_ARTIFACT, 1, "name: owner/repo",
      PR_GH_SRC_REST " actions/artifacts",
      { "/repos/corp/tool/actions/artifacts/42/zip",
        "/repos/corp/tool/actions/artifacts" } },

    /* gitlab.com and self-managed GitLab: the project's path, then "-" */

    { "/<group...>/<project>/-/archive/<ref...>/<file>", PR_M_READ,
      PR_KIND_ARTIFACT, 1,
      "name: the group path; version: the ref; file: the last segment",
      PR_GL_SRC_WEB " (archive)",
      { "/gitlab-org/gitlab-runner/-/archive/v16.10.0/"
        "gitlab-runner-v16.10.0.tar.gz",
        "/group/sub/project/-/archive/main/project-main.zip" } },

    { "/<group...>/<project>/-/raw/<ref...>/<path...>", PR_M_READ,
      PR_KIND_METADATA, 1, "name: the group path; file: the last segment",
      PR_GL_SRC_WEB " (raw)",
      { "/group/project/-/raw/main/install.sh",
        "/group/sub/project/-/raw/v1.0/src/x.c?inline=false" } },

    { "/<group...>/<project>/-/blob|blame|tree/<ref...>[/<path...>]",
      PR_M_READ, PR_KIND_METADATA, 1,
      "name: the group path; file: the last segment",
      PR_GL_SRC_WEB " (blob: ?format=json carries the file; blame; tree)",
      { "/group/project/-/blob/main/setup.py?format=json",
        "/group/sub/project/-/blame/main/setup.py",
        "/group/project/-/tree/main" } },

    { "/<group...>/<project>/-/jobs/artifacts/<ref...>/download|raw|file|"
      "browse[/<path...>]?job=<name>", PR_M_READ, PR_KIND_METADATA, 1,
      "name: the group path", PR_GL_SRC_WEB " (job artifacts by ref)",
      { "/group/project/-/jobs/artifacts/main/download?job=build",
        "/group/sub/project/-/jobs/artifacts/v1.0/raw/dist/x.whl"
        "?job=build" } },

    { "/<group...>/<project>/-/jobs/<id>/artifacts/download|raw|file|browse"
      "[/<path...>]", PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: the group path", PR_GL_SRC_WEB " (job artifacts)",
      { "/group/project/-/jobs/123/artifacts/download",
        "/group/project/-/jobs/123/artifacts/raw/dist/x.tar.gz" } },

    { "/<group...>/<project>/-/releases[/<tag>|/permalink/latest]",
      PR_M_READ, PR_KIND_METADATA, 1, "name: the group path",
      PR_GL_SRC_WEB " (releases)",
      { "/group/project/-/releases", "/group/project/-/releases/v1.0",
        "/group/project/-/releases/permalink/latest" } },

    { "/<group...>/<project>/-/releases/<tag>|permalink/latest/downloads/"
      "<path...>", PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: the group path; file: the last segment",
      PR_GL_SRC_WEB " (release asset links)",
      { "/group/project/-/releases/v1.0/downloads/bin/tool",
        "/group/project/-/releases/permalink/latest/downloads/tool.zip" } },

    { "/<group...>/<project>/-/package_files/<id>/download", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: the group path",
      PR_GL_SRC_WEB " (package files)",
      { "/group/project/-/package_files/77/download" } },

    { "/<group...>/<project>/-/uploads/<secret>/<file>", PR_M_READ,
      PR_KIND_ARTIFACT, 1, "name: the group path; file",
      PR_GL_SRC_WEB " (uploads)",
      { "/group/project/-/uploads/0123456789abcdef/tool.zip" } },

    /* GitLab REST API v4: the project by its path (by id: unknown) */

    { "/api/v4/projects/<group%2Fproject>/repository/archive[.<format>]",
      PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: the project's path, its '/' sent as %2F",
      PR_GL_SRC_API " repositories: get file archive",
      { "/api/v4/projects/group%2Fproject/repository/archive?sha=v1.0",
        "/api/v4/projects/group%2Fsub%2Fproject/repository/archive.zip" } },

    { "/api/v4/projects/<group%2Fproject>/repository/files/<file%2Fpath>"
      "[/raw]", PR_M_READ, PR_KIND_METADATA, 1,
      "name: the project's path; file: the file path's last part",
      PR_GL_SRC_API " repository_files",
      { "/api/v4/projects/group%2Fproject/repository/files/src%2Fx.c/raw"
        "?ref=main",
        "/api/v4/projects/group%2Fproject/repository/files/setup.py"
        "?ref=v1" } },

    { "/api/v4/projects/<group%2Fproject>/repository/blobs/<sha>[/raw]",
      PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: the project's path; version: the blob's sha",
      PR_GL_SRC_API " repositories: raw blob content",
      { "/api/v4/projects/group%2Fproject/repository/blobs/3a0f86fb/raw" } },

    { "/api/v4/projects/<group%2Fproject>/repository/tree", PR_M_READ,
      PR_KIND_METADATA, 1, "name: the project's path",
      PR_GL_SRC_API " repositories: list repository tree",
      { "/api/v4/projects/group%2Fproject/repository/tree?ref=main" } },

    { "/api/v4/projects/<group%2Fproject>/repository/tags|branches|commits"
      "[/<ref>]", PR_M_READ, PR_KIND_METADATA, 1, "name: the project's path",
      PR_GL_SRC_API " tags, branches, commits",
      { "/api/v4/projects/group%2Fproject/repository/tags",
        "/api/v4/projects/group%2Fproject/repository/commits/main" } },

    { "/api/v4/projects/<group%2Fproject>/releases[/<tag>|/permalink/"
      "latest]", PR_M_READ, PR_KIND_METADATA, 1, "name: the project's path",
      PR_GL_SRC_API " releases",
      { "/api/v4/projects/group%2Fproject/releases",
        "/api/v4/projects/group%2Fproject/releases/v1.0" } },

    { "/api/v4/projects/<group%2Fproject>/releases/<tag>|permalink/latest/"
      "downloads/<path...>", PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: the project's path; file: the last segment",
      PR_GL_SRC_API " releases: download a release asset",
      { "/api/v4/projects/group%2Fproject/releases/v1.0/downloads/bin/"
        "tool" } },

    { "/api/v4/projects/<group%2Fproject>/jobs/artifacts/<ref>/download|"
      "raw/<path...>?job=<name>; .../jobs/<id>/artifacts[/<path...>]",
      PR_M_READ, PR_KIND_ARTIFACT, 1, "name: the project's path",
      PR_GL_SRC_API " job_artifacts",
      { "/api/v4/projects/group%2Fproject/jobs/artifacts/main/download"
        "?job=build",
        "/api/v4/projects/group%2Fproject/jobs/artifacts/main/raw/dist/x.whl"
        "?job=build",
        "/api/v4/projects/group%2Fproject/jobs/123/artifacts" } },

    { "/api/v4/projects/<group%2Fproject>/packages/generic/<package>/"
      "<version>/<file>", PR_M_READ, PR_KIND_ARTIFACT, 1,
      "name: the project's path; version; file",
      PR_GL_SRC_API " packages/generic",
      { "/api/v4/projects/group%2Fproject/packages/generic/tool/1.0/"
        "tool.tar.gz" } },

    /* rows that name no repository: matched by their shape */

    { "/rate_limit", PR_M_READ, PR_KIND_API, 0, "",
      PR_GH_SRC_REST " rate-limit", { "/rate_limit" } },

    { NULL, 0, 0, 0, NULL, NULL, { NULL } }
};


static int pr_gh_repo(pr_cx_t *cx, size_t from, size_t to);
static int pr_gh_ref(pr_cx_t *cx, size_t from, size_t to, int strip_ext);
static void pr_gh_raw_reading(pr_cx_t *cx, size_t depth);
static int pr_gh_git_http(pr_cx_t *cx);
static void pr_gh_gitlab(pr_cx_t *cx, size_t dash);
static int pr_gh_gitlab_route(pr_cx_t *cx, size_t r, size_t *files);
static void pr_gh_gitlab_api(pr_cx_t *cx);
static void pr_gh_api(pr_cx_t *cx, size_t base);
static void pr_gh_gitlab_legacy(pr_cx_t *cx);
static void pr_gh_web(pr_cx_t *cx);


static const pr_str_t  pr_gh_git = { ".git", sizeof(".git") - 1 };


/*
 * first segments GitHub and GitLab keep for themselves: never an owner;
 * "-", "uploads", "groups", "user-attachments" and "downloads" serve
 * files that would be read as the project or raw host's "<word>/<x>"
 * (GitLab's /-/project/<id>/uploads/, /-/snippets/<id>/raw,
 * /uploads/-/system/, /groups/<group>/-/uploads/; GitHub's
 * /user-attachments/files/<id>/<name>, its legacy Downloads
 * /downloads/<owner>/<repo>/<file>)
 */
static const char  *pr_gh_reserved[] = {
    "repos", "repositories", "api", "orgs", "users", "user", "-", "uploads",
    "groups", "user-attachments", "downloads", NULL
};


#define pr_gh_row(cx, row)  pr_endpoint(cx, &pr_github_endpoints[row])


/*
 * The repository [from, to). Neither GitHub nor GitLab has a repository
 * whose name ends in ".git" (GitHub removes the suffix, GitLab refuses
 * it), so "repo.git" in a URL can only be "repo": the suffix is dropped
 * from the name and from the forwarded path.
 */
static int
pr_gh_repo(pr_cx_t *cx, size_t from, size_t to)
{
    size_t     i, n;
    pr_str_t  *s, name, git;

    for (i = from; i < to; i++) {
        s = pr_seg(cx, i);

        if (!pr_name_chars(s, "-_.") || s->data[0] == '.') {
            pr_invalid(cx, "invalid repository name");
            return -1;
        }
    }

    s = pr_seg(cx, to - 1);
    n = s->len;
    git.len = sizeof(".git") - 1;

    while (s->len > git.len) {
        git.data = s->data + s->len - git.len;

        if (!pr_str_caseeq(&git, &pr_gh_git)) {
            break;
        }

        s->len -= git.len;
    }

    if (s->len != n) {
        pr_out_begin(cx);
        pr_out_segs(cx, 0, cx->path.nseg);
        pr_out_end(cx, cx->path.trailing_slash);
    }

    if (pr_join(cx, from, to, &name) != 0) {
        return -1;
    }

    return pr_add_name(cx, name.data, name.len);
}


/* the ref made of segments [from, to), less ".zip"/".tar.gz" if asked */
static int
pr_gh_ref(pr_cx_t *cx, size_t from, size_t to, int strip_ext)
{
    pr_str_t   ref;
    pr_req_t  *req;

    req = cx->req;

    if (from >= to || pr_join(cx, from, to, &ref) != 0) {
        if (req->cls != PR_CLASS_INVALID) {
            pr_invalid(cx, "reference missing");
        }

        return -1;
    }

    if (strip_ext) {
        req->file = *pr_seg(cx, to - 1);

        if (pr_str_ends(&ref, ".tar.gz")) {
            ref.len -= sizeof(".tar.gz") - 1;

        } else if (pr_str_ends(&ref, ".zip")) {
            ref.len -= sizeof(".zip") - 1;

        } else {
            pr_invalid(cx, "unknown archive format");
            return -1;
        }
    }

    if (ref.len == 0) {
        pr_invalid(cx, "reference missing");
        return -1;
    }

    req->version = ref;

    return 0;
}


/*
 * raw.githubusercontent.com reads /<first>/<second>/<ref>/<path...> as
 * the repository "<first>/<second>": added when the reading that was
 * made names a deeper path (depth: its number of segments).
 */
static void
pr_gh_raw_reading(pr_cx_t *cx, size_t depth)
{
    pr_str_t  *s, name;

    if (depth <= 2 || cx->path.nseg < 4
        || cx->req->cls != PR_CLASS_PACKAGE)
    {
        return;
    }

    s = pr_seg(cx, 1);

    if (s->len == 0 || s->data[0] == '.') {
        return;
    }

    if (pr_join(cx, 0, 2, &name) == 0) {
        (void) pr_add_name(cx, name.data, name.len);
    }
}


/*
 * git over HTTP, by the path's tail: 1 if it is one (marked, or unknown
 * when no repository comes before it), else 0. The repository is
 * forwarded as <repo>.git: GitLab serves git only there.
 */
static int
pr_gh_git_http(pr_cx_t *cx)
{
    int        row;
    size_t     n, k, i;
    pr_str_t  *last, *w, wiki, name;

    n = cx->path.nseg;
    last = pr_seg(cx, n - 1);

    if (pr_str_eq(last, "git-upload-pack")) {
        k = n - 1;
        row = PR_GH_UPLOAD_PACK;
        cx->read_post = 1;

    } else if (pr_str_eq(last, "git-receive-pack")) {
        k = n - 1;
        row = PR_GH_RECEIVE_PACK;

    } else if (n >= 2 && pr_str_eq(last, "refs")
               && pr_seg_is(cx, n - 2, "info"))
    {
        k = n - 2;
        row = PR_GH_INFO_REFS;

    } else if (n >= 4 && pr_str_eq(last, "batch")
               && pr_seg_is(cx, n - 2, "objects")
               && pr_seg_is(cx, n - 3, "lfs")
               && pr_seg_is(cx, n - 4, "info"))
    {
        k = n - 4;
        row = PR_GH_LFS_BATCH;
        cx->read_post = 1;

    } else if (n >= 3 && pr_seg_is(cx, n - 2, "objects")
               && pr_seg_is(cx, n - 3, "gitlab-lfs"))
    {
        k = n - 3;
        row = PR_GH_LFS_OBJECT;

    } else {
        return 0;
    }

    if (k < 2) {
        return 1;                               /* unknown */
    }

    for (i = 2; i < k; i++) {
        if (pr_seg_is(cx, i, "-")) {
            return 0;                           /* a GitLab project's file */
        }
    }

    if (pr_gh_repo(cx, 0, k) != 0) {
        return 1;
    }

    pr_gh_row(cx, row);

    if (row == PR_GH_LFS_OBJECT) {
        cx->req->version = *last;
    }

    pr_out_begin(cx);
    pr_out_segs(cx, 0, k);
    pr_out_lit(cx, ".git");
    pr_out_segs(cx, k, n);
    pr_out_end(cx, 0);

    /* a wiki's repository, <repo>.wiki.git, is the repository's too */

    wiki.data = ".wiki";
    wiki.len = sizeof(".wiki") - 1;
    w = pr_seg(cx, k - 1);

    if (w->len > wiki.len
        && pr_str_caseeq(&(pr_str_t) { w->data + w->len - wiki.len,
                                       wiki.len }, &wiki)
        && pr_join(cx, 0, k, &name) == 0)
    {
        (void) pr_add_name(cx, name.data, name.len - wiki.len);
    }

    pr_gh_raw_reading(cx, k);

    return 1;
}


/* GitLab: <group>/.../<project>/-/<route...>; dash: where "-" is */
static void
pr_gh_gitlab(pr_cx_t *cx, size_t dash)
{
    int        row;
    size_t     n, r, rest, i;
    pr_str_t  *w;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;
    r = dash + 1;
    rest = n - r;
    row = -1;

    if (pr_gh_repo(cx, 0, dash) != 0) {
        return;
    }

    if (rest == 0) {
        goto done;                              /* unknown */
    }

    w = pr_seg(cx, r);

    if (pr_str_eq(w, "archive") && rest >= 3) {
        if (pr_gh_ref(cx, r + 1, n - 1, 0) != 0) {
            return;
        }

        req->file = *pr_seg(cx, n - 1);
        row = PR_GL_ARCHIVE;

    } else if (pr_str_eq(w, "raw") && rest >= 3) {
        req->file = *pr_seg(cx, n - 1);
        row = PR_GL_RAW;

    } else if ((pr_str_eq(w, "blob") || pr_str_eq(w, "blame")
                || pr_str_eq(w, "tree"))
               && rest >= 2)
    {
        req->file = *pr_seg(cx, n - 1);
        row = PR_GL_BLOB;

    } else if (pr_str_eq(w, "jobs") && rest >= 4) {

        if (pr_seg_is(cx, r + 1, "artifacts")) {
            /* artifacts/<ref...>/download, or .../raw|file|browse/... */

            if (pr_seg_is(cx, n - 1, "download") && n - 1 > r + 2) {
                row = PR_GL_JOB_ARTIFACTS_REF;

            } else {
                for (i = r + 3; i < n; i++) {
                    w = pr_seg(cx, i);

                    if (pr_str_eq(w, "raw") || pr_str_eq(w, "file")
                        || pr_str_eq(w, "browse"))
                    {
                        row = PR_GL_JOB_ARTIFACTS_REF;
                        break;
                    }
                }
            }

        } else if (pr_seg_is(cx, r + 2, "artifacts")
                   && (pr_seg_is(cx, r + 3, "download")
                       || pr_seg_is(cx, r + 3, "raw")
                       || pr_seg_is(cx, r + 3, "file")
                       || pr_seg_is(cx, r + 3, "browse")))
        {
            row = PR_GL_JOB_ARTIFACTS;
        }

    } else if (pr_str_eq(w, "releases")) {
        i = r + 1;                              /* the tag, or permalink */

        if (pr_seg_is(cx, i, "permalink") && pr_seg_is(cx, i + 1, "latest"))
        {
            i++;
        }

        if (rest == 1 || i + 1 == n) {
            row = PR_GL_RELEASES;

        } else if (i + 2 < n && pr_seg_is(cx, i + 1, "downloads")) {
            req->file = *pr_seg(cx, n - 1);
            row = PR_GL_RELEASE_ASSET;
        }

    } else if (pr_str_eq(w, "package_files") && rest == 3
               && pr_seg_is(cx, r + 2, "download"))
    {
        row = PR_GL_PACKAGE_FILE;

    } else if (pr_str_eq(w, "uploads") && rest == 3) {
        req->file = *pr_seg(cx, n - 1);
        row = PR_GL_UPLOADS;
    }

    if (row >= 0) {
        pr_gh_row(cx, row);
    }

done:

    pr_gh_raw_reading(cx, dash);
}


/* the GitLab API's route at segment r for a project; -1: none */
static int
pr_gh_gitlab_route(pr_cx_t *cx, size_t r, size_t *files)
{
    size_t     n, rest, i;
    pr_str_t  *w;

    n = cx->path.nseg;
    rest = n - r;
    w = pr_seg(cx, r);

    if (pr_str_eq(w, "repository") && rest >= 2) {
        w = pr_seg(cx, r + 1);

        if (rest == 2
            && (pr_str_eq(w, "archive") || pr_str_eq(w, "archive.zip")
                || pr_str_eq(w, "archive.tar.gz")
                || pr_str_eq(w, "archive.tar.bz2")
                || pr_str_eq(w, "archive.tar") || pr_str_eq(w, "archive.tbz")
                || pr_str_eq(w, "archive.tbz2") || pr_str_eq(w, "archive.tb2")
                || pr_str_eq(w, "archive.bz2")))
        {
            return PR_GL_API_ARCHIVE;
        }

        if (pr_str_eq(w, "files") && rest >= 3) {
            *files = (rest >= 4 && pr_seg_is(cx, n - 1, "raw")) ? n - 1 : n;
            return PR_GL_API_FILE;
        }

        if (pr_str_eq(w, "blobs")
            && (rest == 3 || (rest == 4 && pr_seg_is(cx, n - 1, "raw"))))
        {
            cx->req->version = *pr_seg(cx, r + 2);
            return PR_GL_API_BLOB;
        }

        if (pr_str_eq(w, "tree") && rest == 2) {
            return PR_GL_API_TREE;
        }

        if ((pr_str_eq(w, "tags") || pr_str_eq(w, "branches")
             || pr_str_eq(w, "commits"))
            && rest <= 3)
        {
            return PR_GL_API_REFS;
        }

        return -1;
    }

    if (pr_str_eq(w, "releases")) {
        i = r + 1;

        if (pr_seg_is(cx, i, "permalink") && pr_seg_is(cx, i + 1, "latest"))
        {
            i++;
        }

        if (rest == 1 || i + 1 == n) {
            return PR_GL_API_RELEASES;
        }

        if (i + 2 < n && pr_seg_is(cx, i + 1, "downloads")) {
            cx->req->file = *pr_seg(cx, n - 1);
            return PR_GL_API_RELEASE_ASSET;
        }

        return -1;
    }

    if (pr_str_eq(w, "jobs") && rest >= 3) {
        if (pr_seg_is(cx, r + 1, "artifacts")
            && ((rest == 4 && pr_seg_is(cx, r + 3, "download"))
                || (rest >= 5 && pr_seg_is(cx, r + 3, "raw"))))
        {
            return PR_GL_API_JOB_ARTIFACTS;
        }

        if (pr_seg_is(cx, r + 2, "artifacts")) {
            return PR_GL_API_JOB_ARTIFACTS;
        }

        return -1;
    }

    if (pr_str_eq(w, "packages") && rest == 5
        && pr_seg_is(cx, r + 1, "generic"))
    {
        cx->req->version = *pr_seg(cx, r + 3);
        cx->req->file = *pr_seg(cx, r + 4);
        return PR_GL_API_GENERIC;
    }

    return -1;
}


/*
 * GitLab's API: /api/v4/projects/<id>/...: the id is the project's path
 * (its '/' sent as %2F, decoded here into segments) up to the first
 * route that fits; a one-segment id (a number) names no project: unknown.
 * Forwarded with the path's and a file path's '/' as %2F again.
 */
static void
pr_gh_gitlab_api(pr_cx_t *cx)
{
    int        row;
    size_t     n, k, files;
    pr_str_t  *w;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;
    row = -1;
    files = 0;

    if (n < 4 || !pr_seg_is(cx, 2, "projects")) {
        return;                                 /* unknown */
    }

    for (k = 4; k < n; k++) {
        w = pr_seg(cx, k);

        if (!pr_str_eq(w, "repository") && !pr_str_eq(w, "releases")
            && !pr_str_eq(w, "jobs") && !pr_str_eq(w, "packages"))
        {
            continue;
        }

        req->version.len = 0;
        req->file.len = 0;

        row = pr_gh_gitlab_route(cx, k, &files);

        if (row >= 0) {
            break;
        }
    }

    if (row < 0 || k == 4) {
        /*
         * no route fits (the project itself, and its other resources,
         * can't be told from a deeper project path), or a one-segment id:
         * unknown
         */
        req->version.len = 0;
        req->file.len = 0;
        return;
    }

    if (pr_gh_repo(cx, 3, k) != 0) {
        return;
    }

    pr_gh_row(cx, row);

    pr_out_begin(cx);
    pr_out_lit(cx, "/api/v4/projects/");
    pr_out_enc(cx, pr_seg(cx, 3));

    for (n = 4; n < k; n++) {
        pr_out_lit(cx, "%2F");
        pr_out_enc(cx, pr_seg(cx, n));
    }

    n = cx->path.nseg;

    if (row == PR_GL_API_FILE) {
        pr_out_lit(cx, "/repository/files/");
        pr_out_enc(cx, pr_seg(cx, k + 2));

        for (k += 3; k < files; k++) {
            pr_out_lit(cx, "%2F");
            pr_out_enc(cx, pr_seg(cx, k));
        }

        req->file = *pr_seg(cx, files - 1);
    }

    pr_out_segs(cx, k, n);
    pr_out_end(cx, 0);
}


/* api.github.com: <base>/repos/<owner>/<repo>/<route...> */
static void
pr_gh_api(pr_cx_t *cx, size_t base)
{
    int        row;
    size_t     n, r, rest;
    pr_str_t  *w;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;
    r = base + 3;

    if (n < r || pr_gh_repo(cx, base + 1, r) != 0) {
        return;
    }

    rest = n - r;
    row = -1;
    w = (rest > 0) ? pr_seg(cx, r) : NULL;

    if (w == NULL) {
        row = PR_GH_API_REPO;

    } else if (pr_str_eq(w, "tarball") || pr_str_eq(w, "zipball")) {
        /* no ref: the default branch */

        if (rest > 1 && pr_gh_ref(cx, r + 1, n, 0) != 0) {
            return;
        }

        row = PR_GH_API_ARCHIVE;

    } else if (pr_str_eq(w, "contents")) {
        if (rest > 1) {
            req->file = *pr_seg(cx, n - 1);
        }

        row = PR_GH_API_CONTENTS;

    } else if (pr_str_eq(w, "readme")) {
        row = PR_GH_API_README;

    } else if (pr_str_eq(w, "git") && rest >= 2) {
        w = pr_seg(cx, r + 1);

        if (rest == 3
            && (pr_str_eq(w, "blobs") || pr_str_eq(w, "trees")
                || pr_str_eq(w, "commits") || pr_str_eq(w, "tags")))
        {
            req->version = *pr_seg(cx, r + 2);
            row = PR_GH_API_GIT_OBJECT;

        } else if (pr_str_eq(w, "refs")
                   || (rest >= 3 && (pr_str_eq(w, "ref")
                                     || pr_str_eq(w, "matching-refs"))))
        {
            row = PR_GH_API_GIT_REFS;
        }

    } else if (pr_str_eq(w, "commits")) {
        if (rest > 1 && pr_gh_ref(cx, r + 1, n, 0) != 0) {
            return;
        }

        row = PR_GH_API_COMMITS;

    } else if (pr_str_eq(w, "tags") || pr_str_eq(w, "branches")) {
        if (rest == 1 || pr_str_eq(w, "branches")) {
            row = PR_GH_API_REFS;
        }

    } else if (pr_str_eq(w, "releases")) {
        if (rest == 3 && pr_seg_is(cx, r + 1, "assets")) {
            row = PR_GH_API_RELEASE_ASSET;

        } else if (rest <= 2
                   || (rest == 3 && pr_seg_is(cx, r + 1, "tags"))
                   || (rest == 3 && pr_seg_is(cx, r + 2, "assets")))
        {
            row = PR_GH_API_RELEASES;
        }

    } else if (pr_str_eq(w, "actions") && rest >= 2 && rest <= 4
               && pr_seg_is(cx, r + 1, "artifacts"))
    {
        row = PR_GH_API_ARTIFACTS;
    }

    if (row >= 0) {
        pr_gh_row(cx, row);
    }
}


/*
 * GitLab still serves /<group>/.../<project>/tree|blob|raw|blame/<id>
 * without "-" (config/routes/repository_deprecated.rb): a path read as
 * GitHub's also names every deeper project such a segment could end
 */
static void
pr_gh_gitlab_legacy(pr_cx_t *cx)
{
    size_t     i, j;
    pr_str_t  *w, name;

    for (i = 3; i + 1 < cx->path.nseg; i++) {
        w = pr_seg(cx, i);

        if (!pr_str_eq(w, "tree") && !pr_str_eq(w, "blob")
            && !pr_str_eq(w, "raw") && !pr_str_eq(w, "blame"))
        {
            continue;
        }

        for (j = 0; j < i; j++) {
            w = pr_seg(cx, j);

            if (!pr_name_chars(w, "-_.") || w->data[0] == '.') {
                return;                 /* not a project's path */
            }
        }

        if (cx->req->cls != PR_CLASS_PACKAGE
            || pr_join(cx, 0, i, &name) != 0
            || pr_add_name(cx, name.data, name.len) != 0)
        {
            return;
        }
    }
}


/* github.com, codeload.github.com, raw.githubusercontent.com */
static void
pr_gh_web(pr_cx_t *cx)
{
    size_t     n, from;
    pr_str_t  *fmt;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    if (n < 4) {
        return;                                 /* unknown */
    }

    fmt = pr_seg(cx, 2);

    if (pr_str_eq(fmt, "archive")) {
        from = 3;

        if (pr_seg_is(cx, 3, "refs")
            && (pr_seg_is(cx, 4, "heads") || pr_seg_is(cx, 4, "tags")))
        {
            from = 5;
        }

        if (pr_gh_repo(cx, 0, 2) == 0 && pr_gh_ref(cx, from, n, 1) == 0) {
            pr_gh_row(cx, from == 5 ? PR_GH_ARCHIVE_REFS : PR_GH_ARCHIVE);
        }

        return;
    }

    if (pr_str_eq(fmt, "zip") || pr_str_eq(fmt, "tar.gz")
        || pr_str_eq(fmt, "legacy.zip") || pr_str_eq(fmt, "legacy.tar.gz")
        || pr_str_eq(fmt, "tarball") || pr_str_eq(fmt, "zipball"))
    {
        from = 3;

        if (pr_seg_is(cx, 3, "refs")
            && (pr_seg_is(cx, 4, "heads") || pr_seg_is(cx, 4, "tags")))
        {
            from = 5;
        }

        if (pr_gh_repo(cx, 0, 2) == 0 && pr_gh_ref(cx, from, n, 0) == 0) {
            pr_gh_row(cx, (pr_str_eq(fmt, "tarball")
                           || pr_str_eq(fmt, "zipball"))
                          ? PR_GH_TARBALL : PR_GH_CODELOAD);
        }

        return;
    }

    if (pr_gh_repo(cx, 0, 2) != 0) {
        return;
    }

    if (pr_str_eq(fmt, "releases")) {

        if (n >= 6 && pr_seg_is(cx, 3, "download")) {
            /* releases/download/<tag>/<file> */

            if (pr_gh_ref(cx, 4, n - 1, 0) != 0) {
                return;
            }

            req->file = *pr_seg(cx, n - 1);
            pr_gh_row(cx, PR_GH_RELEASE);
            pr_gh_gitlab_legacy(cx);
            return;
        }

        if (n == 6 && pr_seg_is(cx, 3, "latest")
            && pr_seg_is(cx, 4, "download"))
        {
            /* latest: no fixed version */
            req->file = *pr_seg(cx, n - 1);
            pr_gh_row(cx, PR_GH_RELEASE_LATEST);
            return;
        }
    }

    req->file = *pr_seg(cx, n - 1);

    if (n >= 5 && pr_str_eq(fmt, "raw")) {
        pr_gh_row(cx, PR_GH_RAW);

    } else if (n >= 5 && pr_str_eq(fmt, "blob")) {
        pr_gh_row(cx, PR_GH_BLOB);

    } else {
        /* raw.githubusercontent.com: /<owner>/<repo>/<ref...>/<path...> */
        pr_gh_row(cx, PR_GH_RAW_HOST);
    }

    pr_gh_gitlab_legacy(cx);
}


void
pr_classify_github(pr_cx_t *cx)
{
    size_t  n, i;

    n = cx->path.nseg;

    if (n == 0) {
        return;
    }

    /* the APIs, by their first segments */

    if (pr_seg_is(cx, 0, "repos")) {
        pr_gh_api(cx, 0);
        return;
    }

    if (pr_seg_is(cx, 0, "api")) {
        if (pr_seg_is(cx, 1, "v4")) {
            pr_gh_gitlab_api(cx);

        } else if (pr_seg_is(cx, 1, "v3") && pr_seg_is(cx, 2, "repos")) {
            pr_gh_api(cx, 2);
        }

        return;
    }

    if (pr_seg_is(cx, 0, "raw")) {
        /* GitHub Enterprise Server: /raw/<owner>/<repo>/<ref>/<path> */

        if (n >= 5 && pr_gh_repo(cx, 1, 3) == 0) {
            cx->req->file = *pr_seg(cx, n - 1);
            pr_gh_row(cx, PR_GH_RAW_GHES);
        }

        return;
    }

    for (i = 0; pr_gh_reserved[i]; i++) {
        if (pr_seg_is(cx, 0, pr_gh_reserved[i])) {
            return;                             /* unknown */
        }
    }

    if (pr_gh_git_http(cx)) {
        return;
    }

    /* GitLab: <group>/.../<project>/-/... */

    for (i = 2; i < n; i++) {
        if (pr_seg_is(cx, i, "-")) {
            pr_gh_gitlab(cx, i);
            return;
        }
    }

    pr_gh_web(cx);
}


/*
 * The first document of a Git ref's time lookup (pr_tsrc.h): an artifact
 * that a ref names — an archive (github.com, codeload, the REST API's
 * tarball/zipball), a release asset by tag, GitLab's -/archive — asks
 * GitHub's or GitLab's API; anything else, -1.
 */
int
pr_tsrc_git_first(const pr_req_t *req)
{
    ptrdiff_t  row;

    if (req->eco != PR_ECO_GITHUB || req->endpoint == NULL
        || req->version.len == 0)
    {
        return -1;
    }

    row = req->endpoint - pr_github_endpoints;

    switch (row) {
    case PR_GH_ARCHIVE_REFS:
    case PR_GH_ARCHIVE:
    case PR_GH_CODELOAD:
    case PR_GH_TARBALL:
    case PR_GH_RELEASE:
    case PR_GH_API_ARCHIVE:
        return PR_TSRC_GH_COMMIT;

    case PR_GL_ARCHIVE:
        return PR_TSRC_GL_COMMIT;

    default:
        return -1;
    }
}
