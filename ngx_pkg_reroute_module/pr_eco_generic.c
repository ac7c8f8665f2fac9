/*
 * ngx_pkg_reroute: generic repositories, where the path is the name.
 */

#include "pr_eco.h"


void
pr_classify_generic(pr_cx_t *cx)
{
    pr_str_t  name;

    if (cx->path.nseg == 0) {
        return;
    }

    cx->req->kind = cx->path.trailing_slash ? PR_KIND_METADATA
                                            : PR_KIND_ARTIFACT;

    if (pr_join(cx, 0, cx->path.nseg, &name) != 0) {
        return;
    }

    if (!cx->path.trailing_slash) {
        cx->req->file = *pr_seg(cx, cx->path.nseg - 1);
    }

    pr_add_name(cx, name.data, name.len);
}
