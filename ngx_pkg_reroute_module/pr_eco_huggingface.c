/*
 * ngx_pkg_reroute: Hugging Face Hub requests.
 *
 *   /<repo_id>/resolve/<rev>/<file>              model file
 *   /datasets/<repo_id>/resolve/<rev>/<file>     dataset file
 *   /spaces/<repo_id>/resolve/<rev>/<file>       space file
 *   /api/(models|datasets|spaces)/<repo_id>[/revision/<rev>]
 *                                  [/tree/<rev>/...][/paths-info/<rev>]...
 *
 * A repo id is "org/name" or a legacy one-part name; the canonical name is
 * "org/name", "datasets/org/name" or "spaces/org/name", in lower case. The
 * revision may be URL-encoded ("refs%2Fpr%2F1"): %2F is kept inside its
 * segment here, and the canonical path encodes it again.
 */

#include <string.h>

#include "pr_eco.h"


#define PR_HF_ID_PART_MAX  96


static int pr_hf_id(pr_cx_t *cx, size_t i, size_t nparts,
    const char *type);
static size_t pr_hf_revision(pr_cx_t *cx, size_t i, pr_str_t *rev);
static int pr_hf_api_word(pr_cx_t *cx, size_t i);
static void pr_hf_classify(pr_cx_t *cx, size_t *rev_seg);


static const char  *pr_hf_api_words[] = {
    "revision", "tree", "paths-info", "refs", "commits", "commit",
    "preupload", "resolve", "treesize", "xet-read-token", "compare",
    "lfs-files", "discussions", "settings", "parquet", "croissant",
    "notebook", "scan", "likers", "super-squash", "branch", "tag",
    NULL
};


static int
pr_hf_api_word(pr_cx_t *cx, size_t i)
{
    size_t  k;

    for (k = 0; pr_hf_api_words[k]; k++) {
        if (pr_seg_is(cx, i, pr_hf_api_words[k])) {
            return 1;
        }
    }

    return 0;
}


/* adds the repo id made of segments [i, i + nparts) */
static int
pr_hf_id(pr_cx_t *cx, size_t i, size_t nparts, const char *type)
{
    char      *p;
    size_t     k, len, tlen;
    pr_str_t  *s;

    tlen = type ? strlen(type) + 1 : 0;
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

    if (type) {
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
    size_t       n, i, id, nid, used;
    pr_str_t     rev;
    pr_req_t    *req;
    const char  *type;

    req = cx->req;
    n = cx->path.nseg;

    if (n == 0) {
        return;
    }

    if (pr_seg_is(cx, 0, "api")) {
        req->kind = PR_KIND_API;

        if (n < 3
            || !(pr_seg_is(cx, 1, "models") || pr_seg_is(cx, 1, "datasets")
                 || pr_seg_is(cx, 1, "spaces")))
        {
            return;
        }

        type = pr_seg_is(cx, 1, "models") ? NULL : pr_seg(cx, 1)->data;

        /*
         * "org/name" unless the id is alone, or an API word follows its
         * first part and none follows a second one
         */

        nid = 2;

        if (n == 3) {
            nid = 1;

        } else if (pr_hf_api_word(cx, 3) && !pr_hf_api_word(cx, 4)) {
            nid = 1;
        }

        if (pr_hf_id(cx, 2, nid, type ? (pr_seg_is(cx, 1, "datasets")
                                         ? "datasets" : "spaces")
                                      : NULL) != 0)
        {
            return;
        }

        req->kind = PR_KIND_METADATA;
        i = 2 + nid;

        /* get_paths_info() POSTs a list of paths: a read */
        cx->read_post = pr_seg_is(cx, i, "paths-info");

        if (i + 1 < n
            && (pr_seg_is(cx, i, "revision") || pr_seg_is(cx, i, "tree")
                || pr_seg_is(cx, i, "paths-info")
                || pr_seg_is(cx, i, "treesize")))
        {
            used = pr_hf_revision(cx, i + 1, &rev);
            if (used == 0) {
                return;
            }

            *rev_seg = (used == 1) ? i + 1 : (size_t) -1;
            req->version = rev;

            pr_out_begin(cx);
            pr_out_segs(cx, 0, i + 1);
            pr_out_seg(cx, &rev);
            pr_out_segs(cx, i + 1 + used, n);
            pr_out_end(cx, cx->path.trailing_slash);
        }

        return;
    }

    type = NULL;
    id = 0;

    if (pr_seg_is(cx, 0, "datasets") || pr_seg_is(cx, 0, "spaces")) {
        type = pr_seg_is(cx, 0, "datasets") ? "datasets" : "spaces";
        id = 1;
    }

    /*
     * <repo_id>/resolve/<rev>/<file>: "org/name" when "resolve" follows
     * two parts and leaves a revision and a file, else a one-part id
     */

    if (pr_seg_is(cx, id + 2, "resolve")
        && (id + 4 < n || !pr_seg_is(cx, id + 1, "resolve")))
    {
        nid = 2;

    } else if (pr_seg_is(cx, id + 1, "resolve")) {
        nid = 1;

    } else {
        return;
    }

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

    req->kind = PR_KIND_ARTIFACT;
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
