/*
 * ngx_pkg_reroute: GitHub and GitLab source archives.
 *
 *   /<owner>/<repo>/archive/refs/(heads|tags)/<ref>.(zip|tar.gz)
 *   /<owner>/<repo>/archive/<ref>.(zip|tar.gz)
 *   /<owner>/<repo>/(zip|tar.gz|legacy.zip|legacy.tar.gz)/[refs/(heads|tags)/]<ref>
 *                                                   (codeload)
 *   /<owner>/<repo>/(tarball|zipball)/<ref>
 *   /<owner>/<repo>/releases/download/<tag>/<file>
 *   /<owner>/<repo>/releases/latest/download/<file>
 *   /repos/<owner>/<repo>/(tarball|zipball)[/<ref>] (API)
 *   /<group>/.../<project>/-/archive/<ref>/<file>   (GitLab)
 *
 * The name is "owner/repo" (GitLab: the whole group path), lower case.
 */

#include <string.h>

#include "pr_eco.h"


static int pr_gh_repo(pr_cx_t *cx, size_t from, size_t to);
static int pr_gh_ref(pr_cx_t *cx, size_t from, size_t to, int strip_ext);


static const pr_str_t  pr_gh_git = { ".git", sizeof(".git") - 1 };


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


void
pr_classify_github(pr_cx_t *cx)
{
    size_t     n, i, from;
    pr_str_t  *fmt;
    pr_req_t  *req;

    req = cx->req;
    n = cx->path.nseg;

    /* GitLab: <group>/.../<project>/-/archive/<ref>/<file> */

    for (i = 2; i + 3 < n; i++) {
        if (pr_seg_is(cx, i, "-") && pr_seg_is(cx, i + 1, "archive")) {
            req->kind = PR_KIND_ARTIFACT;

            if (pr_gh_repo(cx, 0, i) == 0) {
                pr_gh_ref(cx, i + 2, n - 1, 0);
                req->file = *pr_seg(cx, n - 1);
            }

            return;
        }
    }

    if (pr_seg_is(cx, 0, "repos") && n >= 4
        && (pr_seg_is(cx, 3, "tarball") || pr_seg_is(cx, 3, "zipball")))
    {
        /* no ref: the default branch */
        req->kind = PR_KIND_ARTIFACT;

        if (pr_gh_repo(cx, 1, 3) == 0 && n > 4) {
            pr_gh_ref(cx, 4, n, 0);
        }

        return;
    }

    if (n < 4) {
        return;
    }

    fmt = pr_seg(cx, 2);

    if (pr_str_eq(fmt, "archive")) {
        req->kind = PR_KIND_ARTIFACT;

        from = 3;

        if (pr_seg_is(cx, 3, "refs")
            && (pr_seg_is(cx, 4, "heads") || pr_seg_is(cx, 4, "tags")))
        {
            from = 5;
        }

        if (pr_gh_repo(cx, 0, 2) == 0) {
            pr_gh_ref(cx, from, n, 1);
        }

        return;
    }

    if (pr_str_eq(fmt, "zip") || pr_str_eq(fmt, "tar.gz")
        || pr_str_eq(fmt, "legacy.zip") || pr_str_eq(fmt, "legacy.tar.gz")
        || pr_str_eq(fmt, "tarball") || pr_str_eq(fmt, "zipball"))
    {
        req->kind = PR_KIND_ARTIFACT;

        from = 3;

        if (pr_seg_is(cx, 3, "refs")
            && (pr_seg_is(cx, 4, "heads") || pr_seg_is(cx, 4, "tags")))
        {
            from = 5;
        }

        if (pr_gh_repo(cx, 0, 2) == 0) {
            pr_gh_ref(cx, from, n, 0);
        }

        return;
    }

    if (pr_str_eq(fmt, "releases")) {
        req->kind = PR_KIND_ARTIFACT;

        if (n >= 6 && pr_seg_is(cx, 3, "download")) {
            from = 4;                   /* releases/download/<tag>/<file> */

        } else if (n == 6 && pr_seg_is(cx, 3, "latest")
                   && pr_seg_is(cx, 4, "download"))
        {
            from = 3;                   /* latest: no fixed version */

        } else {
            req->kind = PR_KIND_OTHER;
            return;
        }

        if (pr_gh_repo(cx, 0, 2) == 0) {
            if (from == 4) {
                pr_gh_ref(cx, from, n - 1, 0);
            }

            req->file = *pr_seg(cx, n - 1);
        }
    }
}
