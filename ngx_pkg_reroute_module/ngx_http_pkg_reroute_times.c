/*
 * ngx_pkg_reroute: publication times remembered for artifacts. Every
 * version a metadata document tells keep() a time for is recorded in a
 * shared-memory store, (the place's times scope, ecosystem, canonical
 * name, version) -> time, bounded by its zone (the least recently used
 * go first; a record that finds no room is dropped, never a request).
 * An artifact judged under a cooldown or a cutoff takes its version's
 * time from there; when the store has none, the access phase fetches the
 * package's time document through the same place by subrequest (cached
 * and filled like a client's request), reads its times, and judges then.
 *
 * pkg_reroute_times zone=<name>:<size>   (http)
 * pkg_reroute_times_scope <name>         (http, server, location)
 * pkg_reroute_times_fetch <prefix> | off (http, server, location)
 */

#include "ngx_http_pkg_reroute_module.h"
#include "pr_filter.h"
#include "pr_name.h"
#include "pr_rewrite.h"
#include "pr_times.h"


#define NGX_HTTP_PKG_REROUTE_TIMES_KEY   1024     /* longest key */
#define NGX_HTTP_PKG_REROUTE_TIMES_WAIT  10000   /* ms for a document */


typedef struct {
    ngx_rbtree_t                     rbtree;
    ngx_rbtree_node_t                sentinel;
    ngx_queue_t                      queue;      /* most recent first */
} ngx_http_pkg_reroute_times_sh_t;


typedef struct {
    ngx_http_pkg_reroute_times_sh_t *sh;
    ngx_slab_pool_t                 *shpool;
} ngx_http_pkg_reroute_times_zone_t;


/* after the rbtree node's key, from its color on (as limit_req's) */
typedef struct {
    u_char                           color;
    u_char                           dummy;
    u_short                          len;
    ngx_queue_t                      queue;
    int64_t                          published;
    u_char                           data[1];
} ngx_http_pkg_reroute_times_node_t;


/* a time document asked for by subrequest, for the artifact's version */
typedef struct {
    ngx_http_request_t              *request;    /* the artifact's */
    ngx_http_request_t              *sr;
    pr_times_doc_t                   doc;
    u_char                          *body;       /* ngx_alloc()ed */
    size_t                           len;
    size_t                           cap;
    size_t                           max;
    int64_t                          published;  /* the version's */
    ngx_event_t                      timer;
    ngx_int_t                        status;
    unsigned                         waiting:1;  /* the request waits */
    unsigned                         done:1;
    unsigned                         overflow:1;
    unsigned                         failed:1;
} ngx_http_pkg_reroute_times_fetch_t;


/* keep() of a time document read here: records, keeps everything */
typedef struct {
    ngx_http_request_t              *r;
    ngx_http_pkg_reroute_loc_conf_t *plcf;
    ngx_uint_t                       eco;
    pr_str_t                         version;    /* the one looked for */
    int64_t                          published;  /* its time, if told */
    ngx_uint_t                       recorded;
} ngx_http_pkg_reroute_times_read_t;


static ngx_int_t ngx_http_pkg_reroute_times_init_zone(
    ngx_shm_zone_t *shm_zone, void *data);
static void ngx_http_pkg_reroute_times_rbtree_insert(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel);
static size_t ngx_http_pkg_reroute_times_key(u_char *key, uint32_t scope,
    ngx_uint_t eco, const pr_str_t *canon, const pr_str_t *version);
static ngx_http_pkg_reroute_times_node_t *ngx_http_pkg_reroute_times_find(
    ngx_http_pkg_reroute_times_zone_t *z, uint32_t hash, u_char *key,
    size_t len);
static ngx_uint_t ngx_http_pkg_reroute_times_gem_info(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, pr_req_t *req);
static ngx_int_t ngx_http_pkg_reroute_times_start(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx);
static ngx_int_t ngx_http_pkg_reroute_times_accept(ngx_http_request_t *sr);
static ngx_uint_t ngx_http_pkg_reroute_times_is_accept(ngx_table_elt_t *h);
static ngx_int_t ngx_http_pkg_reroute_times_done(ngx_http_request_t *r,
    void *data, ngx_int_t rc);
static void ngx_http_pkg_reroute_times_timeout(ngx_event_t *ev);
static void ngx_http_pkg_reroute_times_resume(
    ngx_http_pkg_reroute_times_fetch_t *f);
static void ngx_http_pkg_reroute_times_cleanup(void *data);
static int64_t ngx_http_pkg_reroute_times_read(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    ngx_http_pkg_reroute_times_fetch_t *f);
static int ngx_http_pkg_reroute_times_keep(void *data, const pr_str_t *name,
    const pr_str_t *version, int64_t published);
static int ngx_http_pkg_reroute_times_unsafe(void *data, pr_unsafe_t what,
    const char *text, size_t len);
static int ngx_http_pkg_reroute_times_discard(void *data, const char *p,
    size_t n);
static ngx_int_t ngx_http_pkg_reroute_times_header_filter(
    ngx_http_request_t *r);
static ngx_int_t ngx_http_pkg_reroute_times_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_http_pkg_reroute_times_fetch_t *ngx_http_pkg_reroute_times_of(
    ngx_http_request_t *r);


static const pr_str_t  ngx_http_pkg_reroute_times_no_version = { "", 0 };


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


/* pkg_reroute_times zone=<name>:<size> */
char *
ngx_http_pkg_reroute_times(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_pkg_reroute_main_conf_t *pmcf = conf;

    u_char     *p;
    ssize_t     size;
    ngx_str_t  *value, name, s;

    if (pmcf->times_zone) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (value[1].len <= 5 || ngx_strncmp(value[1].data, "zone=", 5) != 0) {
        goto invalid;
    }

    name.data = value[1].data + 5;
    p = (u_char *) ngx_strchr(name.data, ':');

    if (p == NULL || p == name.data) {
        goto invalid;
    }

    name.len = p - name.data;
    s.data = p + 1;
    s.len = value[1].data + value[1].len - s.data;

    size = ngx_parse_size(&s);

    if (size == NGX_ERROR || size < (ssize_t) (8 * ngx_pagesize)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "zone \"%V\" of \"%V\" is too small (at least "
                           "%uz bytes)", &name, &cmd->name, 8 * ngx_pagesize);
        return NGX_CONF_ERROR;
    }

    return ngx_http_pkg_reroute_times_zone(cf, &name, size) ? NGX_CONF_OK
                                                            : NGX_CONF_ERROR;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid parameter \"%V\" in \"%V\", it must be "
                       "\"zone=<name>:<size>\"", &value[1], &cmd->name);
    return NGX_CONF_ERROR;
}


/* the store's zone: the directive's, or the default one a policy needs */
ngx_shm_zone_t *
ngx_http_pkg_reroute_times_zone(ngx_conf_t *cf, ngx_str_t *name, size_t size)
{
    ngx_shm_zone_t                     *shm_zone;
    ngx_http_pkg_reroute_times_zone_t  *z;
    ngx_http_pkg_reroute_main_conf_t   *pmcf;

    pmcf = ngx_http_conf_get_module_main_conf(cf,
                                              ngx_http_pkg_reroute_module);

    shm_zone = ngx_shared_memory_add(cf, name, size,
                                     &ngx_http_pkg_reroute_module);
    if (shm_zone == NULL) {
        return NULL;
    }

    if (shm_zone->data) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "zone \"%V\" of pkg_reroute_times is already "
                           "used", name);
        return NULL;
    }

    z = ngx_pcalloc(cf->pool, sizeof(ngx_http_pkg_reroute_times_zone_t));
    if (z == NULL) {
        return NULL;
    }

    shm_zone->init = ngx_http_pkg_reroute_times_init_zone;
    shm_zone->data = z;
    pmcf->times_zone = shm_zone;

    return shm_zone;
}


/* pkg_reroute_times_scope <name> */
char *
ngx_http_pkg_reroute_times_scope(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t  *value;

    if (plcf->times_scope.data) {
        return "is duplicate";
    }

    value = cf->args->elts;
    plcf->times_scope = value[1];

    return NGX_CONF_OK;
}


/* pkg_reroute_times_fetch [<prefix> | off] [timeout=<time>] */
char *
ngx_http_pkg_reroute_times_fetch(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_pkg_reroute_loc_conf_t *plcf = conf;

    ngx_str_t   *value, s;
    ngx_uint_t   i;
    ngx_msec_t   ms;

    if (plcf->times_fetch_set || plcf->times_wait) {
        return "is duplicate";
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (value[i].len > 8
            && ngx_strncmp(value[i].data, "timeout=", 8) == 0
            && plcf->times_wait == 0)
        {
            s.data = value[i].data + 8;
            s.len = value[i].len - 8;

            ms = ngx_parse_time(&s, 0);

            if (ms == (ngx_msec_t) NGX_ERROR || ms == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid time \"%V\" in \"%V\"",
                                   &value[i], &cmd->name);
                return NGX_CONF_ERROR;
            }

            plcf->times_wait = ms;
            continue;
        }

        if (plcf->times_fetch_set) {
            goto invalid;
        }

        plcf->times_fetch_set = 1;

        if (ngx_strcmp(value[i].data, "off") == 0) {
            plcf->times_fetch_off = 1;
            continue;
        }

        if (value[i].data[0] != '/') {
            goto invalid;
        }

        plcf->times_fetch = value[i];

        /* the documents' paths start with '/' */
        while (plcf->times_fetch.len
               && plcf->times_fetch.data[plcf->times_fetch.len - 1] == '/')
        {
            plcf->times_fetch.len--;
        }
    }

    return NGX_CONF_OK;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid parameter \"%V\" in \"%V\", it must be "
                       "a prefix that starts with \"/\", \"off\" or "
                       "\"timeout=<time>\" (each once)", &value[i],
                       &cmd->name);
    return NGX_CONF_ERROR;
}


/*
 * The scope (inherited; by default the place's own: the pkg_reroute line
 * that made it, so that two places never share times unless told) and
 * where the time documents are asked for (by default the place's prefix).
 * A place with a cooldown or a cutoff asks for the default zone.
 */
char *
ngx_http_pkg_reroute_times_merge(ngx_conf_t *cf,
    ngx_http_pkg_reroute_loc_conf_t *prev,
    ngx_http_pkg_reroute_loc_conf_t *conf)
{
    uint32_t                           crc;
    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    if (conf->times_scope.data == NULL) {
        conf->times_scope = prev->times_scope;
    }

    if (!conf->times_fetch_set) {
        conf->times_fetch_set = prev->times_fetch_set;
        conf->times_fetch_off = prev->times_fetch_off;
        conf->times_fetch = prev->times_fetch;
    }

    if (conf->times_wait == 0) {
        conf->times_wait = prev->times_wait;
    }

    if (conf->eco == PR_ECO_NONE) {
        return NGX_CONF_OK;
    }

    ngx_crc32_init(crc);

    if (conf->times_scope.data) {
        ngx_crc32_update(&crc, (u_char *) "scope:", 6);
        ngx_crc32_update(&crc, conf->times_scope.data, conf->times_scope.len);

    } else if (conf->eco_file) {
        ngx_crc32_update(&crc, (u_char *) "place:", 6);
        ngx_crc32_update(&crc, conf->eco_file, ngx_strlen(conf->eco_file));
        ngx_crc32_update(&crc, (u_char *) &conf->eco_line,
                         sizeof(ngx_uint_t));
    }

    ngx_crc32_final(crc);
    conf->times_id = crc;

    if (conf->policy.cooldown || conf->policy.has_cutoff) {
        pmcf = ngx_http_conf_get_module_main_conf(cf,
                                                  ngx_http_pkg_reroute_module);
        pmcf->times_needed = 1;
    }

    return NGX_CONF_OK;
}


/* postconfiguration: the default zone where a policy needs one; filters */
ngx_int_t
ngx_http_pkg_reroute_times_init(ngx_conf_t *cf)
{
    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    static ngx_str_t  name = ngx_string("pkg_reroute_times");

    pmcf = ngx_http_conf_get_module_main_conf(cf,
                                              ngx_http_pkg_reroute_module);

    if (pmcf->times_zone == NULL && pmcf->times_needed
        && ngx_http_pkg_reroute_times_zone(cf, &name, 4 * 1024 * 1024)
           == NULL)
    {
        return NGX_ERROR;
    }

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pkg_reroute_times_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_pkg_reroute_times_body_filter;

    return NGX_OK;
}


/* a reload with the zone's name and size keeps what it holds */
static ngx_int_t
ngx_http_pkg_reroute_times_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_pkg_reroute_times_zone_t  *oz = data;

    size_t                              len;
    ngx_http_pkg_reroute_times_zone_t  *z;

    z = shm_zone->data;

    if (oz) {
        z->sh = oz->sh;
        z->shpool = oz->shpool;
        return NGX_OK;
    }

    z->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        z->sh = z->shpool->data;
        return NGX_OK;
    }

    z->sh = ngx_slab_alloc(z->shpool,
                           sizeof(ngx_http_pkg_reroute_times_sh_t));
    if (z->sh == NULL) {
        return NGX_ERROR;
    }

    z->shpool->data = z->sh;

    ngx_rbtree_init(&z->sh->rbtree, &z->sh->sentinel,
                    ngx_http_pkg_reroute_times_rbtree_insert);
    ngx_queue_init(&z->sh->queue);

    len = sizeof(" in pkg_reroute_times zone \"\"") + shm_zone->shm.name.len;

    z->shpool->log_ctx = ngx_slab_alloc(z->shpool, len);
    if (z->shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(z->shpool->log_ctx, " in pkg_reroute_times zone \"%V\"%Z",
                &shm_zone->shm.name);

    /* a full zone drops the oldest records, no alert for each */
    z->shpool->log_nomem = 0;

    return NGX_OK;
}


static void
ngx_http_pkg_reroute_times_rbtree_insert(ngx_rbtree_node_t *temp,
    ngx_rbtree_node_t *node, ngx_rbtree_node_t *sentinel)
{
    ngx_rbtree_node_t                  **p;
    ngx_http_pkg_reroute_times_node_t   *tn, *tnt;

    for ( ;; ) {

        if (node->key < temp->key) {
            p = &temp->left;

        } else if (node->key > temp->key) {
            p = &temp->right;

        } else {
            tn = (ngx_http_pkg_reroute_times_node_t *) &node->color;
            tnt = (ngx_http_pkg_reroute_times_node_t *) &temp->color;

            p = (ngx_memn2cmp(tn->data, tnt->data, tn->len, tnt->len) < 0)
                ? &temp->left : &temp->right;
        }

        if (*p == sentinel) {
            break;
        }

        temp = *p;
    }

    *p = node;
    node->parent = temp;
    node->left = sentinel;
    node->right = sentinel;
    ngx_rbt_red(node);
}


/* scope (4 bytes), ecosystem, canonical name, NUL, version; 0: too long */
static size_t
ngx_http_pkg_reroute_times_key(u_char *key, uint32_t scope, ngx_uint_t eco,
    const pr_str_t *canon, const pr_str_t *version)
{
    u_char  *p;

    if (canon->len == 0 || version->len == 0
        || 6 + canon->len + version->len > NGX_HTTP_PKG_REROUTE_TIMES_KEY)
    {
        return 0;
    }

    p = ngx_cpymem(key, &scope, sizeof(uint32_t));
    *p++ = (u_char) eco;
    p = ngx_cpymem(p, canon->data, canon->len);
    *p++ = '\0';
    p = ngx_cpymem(p, version->data, version->len);

    return p - key;
}


static ngx_http_pkg_reroute_times_node_t *
ngx_http_pkg_reroute_times_find(ngx_http_pkg_reroute_times_zone_t *z,
    uint32_t hash, u_char *key, size_t len)
{
    ngx_int_t                           rc;
    ngx_rbtree_node_t                  *node, *sentinel;
    ngx_http_pkg_reroute_times_node_t  *tn;

    node = z->sh->rbtree.root;
    sentinel = z->sh->rbtree.sentinel;

    while (node != sentinel) {

        if (hash < node->key) {
            node = node->left;
            continue;
        }

        if (hash > node->key) {
            node = node->right;
            continue;
        }

        tn = (ngx_http_pkg_reroute_times_node_t *) &node->color;

        rc = ngx_memn2cmp(key, tn->data, len, (size_t) tn->len);

        if (rc == 0) {
            return tn;
        }

        node = (rc < 0) ? node->left : node->right;
    }

    return NULL;
}


/*
 * Records a version's time under the place's scope. A zone that is full
 * gives up its least recently used records; a record that still finds
 * no room is dropped.
 */
void
ngx_http_pkg_reroute_times_record(ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_shm_zone_t *shm_zone, ngx_uint_t eco, const pr_str_t *canon,
    const pr_str_t *version, int64_t published)
{
    size_t                              len, n;
    u_char                              key[NGX_HTTP_PKG_REROUTE_TIMES_KEY];
    uint32_t                            hash;
    ngx_uint_t                          i;
    ngx_queue_t                        *q;
    ngx_rbtree_node_t                  *node;
    ngx_http_pkg_reroute_times_node_t  *tn;
    ngx_http_pkg_reroute_times_zone_t  *z;

    if (shm_zone == NULL || published == PR_TIME_UNKNOWN) {
        return;
    }

    len = ngx_http_pkg_reroute_times_key(key, plcf->times_id, eco, canon,
                                         version);
    if (len == 0) {
        return;
    }

    z = shm_zone->data;
    hash = ngx_crc32_short(key, len);

    ngx_shmtx_lock(&z->shpool->mutex);

    tn = ngx_http_pkg_reroute_times_find(z, hash, key, len);

    if (tn) {
        tn->published = published;
        ngx_queue_remove(&tn->queue);
        ngx_queue_insert_head(&z->sh->queue, &tn->queue);
        goto done;
    }

    n = offsetof(ngx_rbtree_node_t, color)
        + offsetof(ngx_http_pkg_reroute_times_node_t, data) + len;

    for (i = 0; /* void */; i++) {
        node = ngx_slab_alloc_locked(z->shpool, n);
        if (node) {
            break;
        }

        if (i == 64 || ngx_queue_empty(&z->sh->queue)) {
            goto done;
        }

        /* the least recently used record makes room */

        q = ngx_queue_last(&z->sh->queue);
        ngx_queue_remove(q);

        tn = ngx_queue_data(q, ngx_http_pkg_reroute_times_node_t, queue);
        node = (ngx_rbtree_node_t *)
                   ((u_char *) tn - offsetof(ngx_rbtree_node_t, color));

        ngx_rbtree_delete(&z->sh->rbtree, node);
        ngx_slab_free_locked(z->shpool, node);
    }

    node->key = hash;
    tn = (ngx_http_pkg_reroute_times_node_t *) &node->color;
    tn->len = (u_short) len;
    tn->published = published;
    ngx_memcpy(tn->data, key, len);

    ngx_rbtree_insert(&z->sh->rbtree, node);
    ngx_queue_insert_head(&z->sh->queue, &tn->queue);

done:

    ngx_shmtx_unlock(&z->shpool->mutex);
}


/* the time recorded for the version under the place's scope, or unknown */
int64_t
ngx_http_pkg_reroute_times_lookup(ngx_http_pkg_reroute_loc_conf_t *plcf,
    ngx_shm_zone_t *shm_zone, ngx_uint_t eco, const pr_str_t *canon,
    const pr_str_t *version)
{
    size_t                              len;
    u_char                              key[NGX_HTTP_PKG_REROUTE_TIMES_KEY];
    int64_t                             t;
    uint32_t                            hash;
    ngx_http_pkg_reroute_times_node_t  *tn;
    ngx_http_pkg_reroute_times_zone_t  *z;

    if (shm_zone == NULL) {
        return PR_TIME_UNKNOWN;
    }

    len = ngx_http_pkg_reroute_times_key(key, plcf->times_id, eco, canon,
                                         version);
    if (len == 0) {
        return PR_TIME_UNKNOWN;
    }

    z = shm_zone->data;
    hash = ngx_crc32_short(key, len);
    t = PR_TIME_UNKNOWN;

    ngx_shmtx_lock(&z->shpool->mutex);

    tn = ngx_http_pkg_reroute_times_find(z, hash, key, len);

    if (tn) {
        t = tn->published;
        ngx_queue_remove(&tn->queue);
        ngx_queue_insert_head(&z->sh->queue, &tn->queue);
    }

    ngx_shmtx_unlock(&z->shpool->mutex);

    return t;
}


/*
 * The access phase, before the verdict (one call, before decide()): the
 * time of the artifact's version, from the store, else from the
 * package's time document fetched by subrequest through the place
 * (NGX_AGAIN: the phase runs again when it is read). Where nothing tells
 * a time, ctx->published stays unknown and missing= decides.
 */
ngx_int_t
ngx_http_pkg_reroute_times_access(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    pr_req_t                            *req;
    pr_verdict_t                         v;
    ngx_http_pkg_reroute_main_conf_t    *pmcf;
    ngx_http_pkg_reroute_times_fetch_t  *f;

    f = ctx->times;

    if (f) {
        if (f->waiting) {
            return NGX_AGAIN;
        }

        if (ctx->published == PR_TIME_UNKNOWN) {
            /* the document's own answer, else what a fill recorded */
            ctx->published = f->published;
        }

        if (ctx->published == PR_TIME_UNKNOWN) {
            pmcf = ngx_http_get_module_main_conf(r,
                                                 ngx_http_pkg_reroute_module);
            ctx->published = ngx_http_pkg_reroute_times_lookup(plcf,
                                 pmcf->times_zone, ctx->req.eco,
                                 &ctx->req.names[0], &ctx->req.version);
        }

        return NGX_DECLINED;
    }

    req = &ctx->req;

    if (r != r->main || ctx->decision != NGX_HTTP_PKG_REROUTE_UNDECIDED
        || ctx->published != PR_TIME_UNKNOWN
        || !(plcf->policy.cooldown || plcf->policy.has_cutoff)
        || req->cls != PR_CLASS_PACKAGE || req->nnames == 0
        || !(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD)))
    {
        return NGX_DECLINED;
    }

    if (ngx_http_pkg_reroute_times_gem_info(r, plcf, req)
        && pr_verdict_timed(&plcf->policy, req->eco, &req->names[0],
                            &ngx_http_pkg_reroute_times_no_version))
    {
        /*
         * RubyGems' info/<name>, about to be filtered: it has no times,
         * keep() asks the store, filled first from the versions JSON
         */
        return ngx_http_pkg_reroute_times_start(r, plcf, ctx);
    }

    if (req->kind != PR_KIND_ARTIFACT || req->version.len == 0) {
        return NGX_DECLINED;
    }

    switch (req->eco) {
    case PR_ECO_NPM:
    case PR_ECO_PYPI:
    case PR_ECO_CARGO:
    case PR_ECO_RUBYGEMS:
        break;
    default:
        return NGX_DECLINED;
    }

    /* a verdict that reads no time (exempt=, a rule's range) needs none */

    if (!pr_verdict_timed(&plcf->policy, req->eco, &req->names[0],
                          &req->version))
    {
        return NGX_DECLINED;
    }

    pmcf = ngx_http_get_module_main_conf(r, ngx_http_pkg_reroute_module);

    ctx->published = ngx_http_pkg_reroute_times_lookup(plcf,
                                                       pmcf->times_zone,
                                                       req->eco,
                                                       &req->names[0],
                                                       &req->version);

    if (ctx->published != PR_TIME_UNKNOWN
        || plcf->redirect.data || plcf->times_fetch_off)
    {
        /* redirect mode: no cache to fetch through, the store only */
        return NGX_DECLINED;
    }

    /* a package the rule refuses whole is refused without a fetch */

    if (plcf->rule) {
        ngx_memzero(&v, sizeof(pr_verdict_t));
        pr_rule_decide_req(plcf->rule, req, &v);

        if (v.verdict == PR_VERDICT_BLOCK) {
            return NGX_DECLINED;
        }
    }

    return ngx_http_pkg_reroute_times_start(r, plcf, ctx);
}


/*
 * 1: the compact index's info/<name>, which every place that judges
 * versions filters (with or without pkg_reroute_rewrite)
 */
static ngx_uint_t
ngx_http_pkg_reroute_times_gem_info(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, pr_req_t *req)
{
    return plcf->redirect.data == NULL && !plcf->times_fetch_off
           && r->method == NGX_HTTP_GET
           && pr_filter_kind(req) == PR_FILTER_GEM_INFO;
}


static ngx_int_t
ngx_http_pkg_reroute_times_start(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx)
{
    u_char                              *p;
    size_t                               n;
    ngx_str_t                            uri, *pfx;
    pr_str_t                            *name, spelled;
    pr_times_doc_t                       doc;
    ngx_pool_cleanup_t                  *cln;
    ngx_http_request_t                  *sr;
    ngx_http_post_subrequest_t          *ps;
    ngx_http_pkg_reroute_times_fetch_t  *f;

    name = &ctx->req.names[0];

    /* Cargo's index file is by the name as the crate spells it ('_') */

    if (ctx->req.eco == PR_ECO_CARGO) {
        if (pr_times_spelled(&ctx->req, &spelled) != 0) {
            return NGX_DECLINED;
        }

        name = &spelled;
    }

    pfx = plcf->times_fetch_set ? &plcf->times_fetch : &plcf->prefix;

    uri.data = ngx_pnalloc(r->pool,
                           pfx->len + name->len + PR_TIMES_DOC_EXTRA);
    if (uri.data == NULL) {
        return NGX_ERROR;
    }

    /* an empty prefix may have no data (UBSan: memcpy from NULL) */
    p = pfx->len ? ngx_cpymem(uri.data, pfx->data, pfx->len) : uri.data;

    n = pr_times_doc_path((pr_eco_t) ctx->req.eco, name, (char *) p, &doc);
    if (n == 0) {
        return NGX_DECLINED;
    }

    uri.len = pfx->len + n;

    f = ngx_pcalloc(r->pool, sizeof(ngx_http_pkg_reroute_times_fetch_t));
    if (f == NULL) {
        return NGX_ERROR;
    }

    f->request = r;
    f->doc = doc;
    f->max = plcf->rewrite_max_size;
    f->published = PR_TIME_UNKNOWN;

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        return NGX_ERROR;
    }

    cln->handler = ngx_http_pkg_reroute_times_cleanup;
    cln->data = f;

    ps = ngx_palloc(r->pool, sizeof(ngx_http_post_subrequest_t));
    if (ps == NULL) {
        return NGX_ERROR;
    }

    ps->handler = ngx_http_pkg_reroute_times_done;
    ps->data = f;

    /*
     * In the background: the request is not held behind it in the
     * output, and goes on (missing=) when it takes too long.
     */

    if (ngx_http_subrequest(r, &uri, NULL, &sr, ps,
                            NGX_HTTP_SUBREQUEST_BACKGROUND)
        != NGX_OK)
    {
        return NGX_DECLINED;
    }

    /* no body of the client's, nor its credentials: a public document */
    sr->request_body = ngx_pcalloc(r->pool, sizeof(ngx_http_request_body_t));
    if (sr->request_body == NULL) {
        return NGX_ERROR;
    }

    if (ngx_http_pkg_reroute_strip_credentials(sr) != NGX_OK) {
        return NGX_ERROR;
    }

    if (doc == PR_TIMES_PYPI
        && ngx_http_pkg_reroute_times_accept(sr) != NGX_OK)
    {
        return NGX_ERROR;
    }

    f->sr = sr;
    f->waiting = 1;
    ctx->times = f;

    f->timer.handler = ngx_http_pkg_reroute_times_timeout;
    f->timer.data = f;
    f->timer.log = r->connection->log;
    ngx_add_timer(&f->timer, plcf->times_wait
                             ? plcf->times_wait
                             : NGX_HTTP_PKG_REROUTE_TIMES_WAIT);

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: times: asking \"%V\"", &uri);

    return NGX_AGAIN;
}


/* drop() of ngx_http_pkg_reroute_headers_copy: an Accept line */
static ngx_uint_t
ngx_http_pkg_reroute_times_is_accept(ngx_table_elt_t *h)
{
    return h->key.len == sizeof("Accept") - 1
           && ngx_strncasecmp(h->key.data, (u_char *) "Accept",
                              sizeof("Accept") - 1) == 0;
}


/*
 * The subrequest's own header list: the client's without its Accept
 * lines, and the Accept of PEP 691 JSON (the HTML page has no times)
 */
static ngx_int_t
ngx_http_pkg_reroute_times_accept(ngx_http_request_t *sr)
{
    ngx_list_t        headers;
    ngx_table_elt_t  *nh;

    if (ngx_http_pkg_reroute_headers_copy(sr->pool, &sr->headers_in.headers,
                                          &headers,
                                          ngx_http_pkg_reroute_times_is_accept)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    nh = ngx_list_push(&headers);
    if (nh == NULL) {
        return NGX_ERROR;
    }

    nh->hash = 1;
    ngx_str_set(&nh->key, "Accept");
    ngx_str_set(&nh->value, "application/vnd.pypi.simple.v1+json");
    nh->lowcase_key = (u_char *) "accept";
#if (nginx_version >= 1023000)
    nh->next = NULL;
#endif

    sr->headers_in.headers = headers;

    if (headers.last == &headers.part) {
        sr->headers_in.headers.last = &sr->headers_in.headers.part;
    }

    return NGX_OK;
}


/* the time document is in: its times read, the request goes on */
static ngx_int_t
ngx_http_pkg_reroute_times_done(ngx_http_request_t *sr, void *data,
    ngx_int_t rc)
{
    ngx_http_pkg_reroute_times_fetch_t *f = data;

    ngx_http_request_t               *r;
    ngx_http_pkg_reroute_ctx_t       *ctx;
    ngx_http_pkg_reroute_loc_conf_t  *plcf;

    if (f->done) {
        return rc;
    }

    f->done = 1;
    r = f->request;

    ctx = ngx_http_get_module_ctx(r, ngx_http_pkg_reroute_module);
    plcf = ngx_http_get_module_loc_conf(r, ngx_http_pkg_reroute_module);

    if (f->status != NGX_HTTP_OK || f->overflow || f->failed || ctx == NULL)
    {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "pkg reroute: no publication time from \"%V\": %s "
                      "(status %i)", &sr->uri,
                      f->overflow ? "larger than pkg_reroute_rewrite_max_size"
                                  : "not read", f->status);

    } else {
        f->published = ngx_http_pkg_reroute_times_read(r, plcf, ctx, f);
    }

    if (f->body) {
        ngx_free(f->body);
        f->body = NULL;
    }

    if (f->waiting) {
        ngx_http_pkg_reroute_times_resume(f);
    }

    return rc;
}


static void
ngx_http_pkg_reroute_times_timeout(ngx_event_t *ev)
{
    ngx_http_pkg_reroute_times_fetch_t *f = ev->data;

    ngx_connection_t  *c;

    c = f->request->connection;

    ngx_log_error(NGX_LOG_INFO, c->log, 0,
                  "pkg reroute: no publication time: \"%V\" took too "
                  "long (pkg_reroute_times_fetch timeout=)", &f->sr->uri);

    ngx_http_pkg_reroute_times_resume(f);
    ngx_http_run_posted_requests(c);
}


/* the artifact's request runs its phases again (the access phase) */
static void
ngx_http_pkg_reroute_times_resume(ngx_http_pkg_reroute_times_fetch_t *f)
{
    f->waiting = 0;

    if (f->timer.timer_set) {
        ngx_del_timer(&f->timer);
    }

    (void) ngx_http_post_request(f->request, NULL);
}


static void
ngx_http_pkg_reroute_times_cleanup(void *data)
{
    ngx_http_pkg_reroute_times_fetch_t *f = data;

    if (f->timer.timer_set) {
        ngx_del_timer(&f->timer);
    }

    if (f->body) {
        ngx_free(f->body);
        f->body = NULL;
    }
}


/*
 * The document's times, each recorded under the place's scope by a
 * keep() that keeps everything, with the pure rewriter or filter of its
 * format (the output is thrown away). The version's time, or unknown.
 */
static int64_t
ngx_http_pkg_reroute_times_read(ngx_http_request_t *r,
    ngx_http_pkg_reroute_loc_conf_t *plcf, ngx_http_pkg_reroute_ctx_t *ctx,
    ngx_http_pkg_reroute_times_fetch_t *f)
{
    int                                 rc;
    pr_str_t                            out;
    ngx_pool_t                         *pool;
    const char                         *err;
    pr_rewrite_t                        rw;
    ngx_http_pkg_reroute_times_read_t   rd;

    if (f->body == NULL || f->len == 0) {
        return PR_TIME_UNKNOWN;
    }

    pool = ngx_create_pool(4096, r->connection->log);
    if (pool == NULL) {
        return PR_TIME_UNKNOWN;
    }

    rd.r = r;
    rd.plcf = plcf;
    rd.eco = ctx->req.eco;
    rd.version = ctx->req.version;
    rd.published = PR_TIME_UNKNOWN;
    rd.recorded = 0;

    ngx_memzero(&rw, sizeof(pr_rewrite_t));
    rw.keep = ngx_http_pkg_reroute_times_keep;
    rw.keep_data = &rd;
    rw.max_size = f->max;
    rw.unsafe = ngx_http_pkg_reroute_times_unsafe;
    rw.alloc = ngx_http_pkg_reroute_alloc;
    rw.ctx = pool;
    rw.flush = ngx_http_pkg_reroute_times_discard;
    rw.name = ctx->req.names[0];

    err = "";

    switch (f->doc) {

    case PR_TIMES_NPM:
        rw.name.len = 0;
        rc = pr_rewrite_json(PR_DOC_NPM_PACKUMENT, (char *) f->body, f->len,
                             &rw, &out, &err);
        break;

    case PR_TIMES_PYPI:
        rw.name.len = 0;
        rc = pr_rewrite_json(PR_DOC_PYPI_SIMPLE_JSON, (char *) f->body,
                             f->len, &rw, &out, &err);
        break;

    case PR_TIMES_CARGO:
        rw.name.len = 0;
        rc = pr_filter_cargo((char *) f->body, f->len, &rw, &out, &err);
        break;

    default:
        rc = pr_filter_gem_versions((char *) f->body, f->len, &rw, &out,
                                    &err);
        break;
    }

    ngx_destroy_pool(pool);

    if (rc != PR_REWRITE_OK) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "pkg reroute: no publication time from \"%V\": %s",
                      &f->sr->uri, err);
        return PR_TIME_UNKNOWN;
    }

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "pkg reroute: times: \"%V\": %ui recorded, %L",
                   &f->sr->uri, rd.recorded, rd.published);

    return rd.published;
}


static int
ngx_http_pkg_reroute_times_keep(void *data, const pr_str_t *name,
    const pr_str_t *version, int64_t published)
{
    ngx_http_pkg_reroute_times_read_t *rd = data;

    char                               buf[PR_MAX_NAME_LEN + 1];
    pr_str_t                           canon;
    ngx_http_pkg_reroute_main_conf_t  *pmcf;

    if (published == PR_TIME_UNKNOWN || name->len > PR_MAX_NAME_LEN) {
        return 1;
    }

    canon.data = buf;
    canon.len = pr_name_canon((pr_eco_t) rd->eco, name->data, name->len,
                              buf);

    pmcf = ngx_http_get_module_main_conf(rd->r, ngx_http_pkg_reroute_module);

    ngx_http_pkg_reroute_times_record(rd->plcf, pmcf->times_zone, rd->eco,
                                      &canon, version, published);
    rd->recorded++;

    if (version->len == rd->version.len
        && ngx_strncmp(version->data, rd->version.data, version->len) == 0)
    {
        rd->published = published;
    }

    return 1;
}


/* the document is read, never served: its URLs do not matter */
static int
ngx_http_pkg_reroute_times_unsafe(void *data, pr_unsafe_t what,
    const char *text, size_t len)
{
    return 0;
}


static int
ngx_http_pkg_reroute_times_discard(void *data, const char *p, size_t n)
{
    return 0;
}


/* 1: r is a subrequest that fetches a time document */
ngx_uint_t
ngx_http_pkg_reroute_times_fetching(ngx_http_request_t *r)
{
    return ngx_http_pkg_reroute_times_of(r) != NULL;
}


/* the fetch a subrequest of ours is, or NULL */
static ngx_http_pkg_reroute_times_fetch_t *
ngx_http_pkg_reroute_times_of(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_ctx_t          *pctx;
    ngx_http_pkg_reroute_times_fetch_t  *f;

    if (r == r->main || r->parent == NULL) {
        return NULL;
    }

    pctx = ngx_http_get_module_ctx(r->parent, ngx_http_pkg_reroute_module);

    if (pctx == NULL || pctx->times == NULL) {
        return NULL;
    }

    f = pctx->times;

    return (f->sr == r) ? f : NULL;
}


static ngx_int_t
ngx_http_pkg_reroute_times_header_filter(ngx_http_request_t *r)
{
    ngx_http_pkg_reroute_times_fetch_t  *f;

    f = ngx_http_pkg_reroute_times_of(r);

    if (f) {
        f->status = r->headers_out.status;

        if (r->headers_out.content_length_n > 0
            && (size_t) r->headers_out.content_length_n > f->max)
        {
            f->overflow = 1;
        }
    }

    return ngx_http_next_header_filter(r);
}


/* the document's bytes, kept (at most f->max), never sent */
static ngx_int_t
ngx_http_pkg_reroute_times_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in)
{
    u_char                              *nb;
    off_t                                size;
    size_t                               n, cap;
    ssize_t                              got;
    ngx_buf_t                           *b;
    ngx_chain_t                         *cl;
    ngx_http_pkg_reroute_times_fetch_t  *f;

    f = ngx_http_pkg_reroute_times_of(r);

    if (f == NULL) {
        return ngx_http_next_body_filter(r, in);
    }

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;
        size = ngx_buf_size(b);

        if (size <= 0 || f->overflow || f->status != NGX_HTTP_OK) {
            goto consumed;
        }

        if ((size_t) size > f->max - f->len) {
            f->overflow = 1;
            goto consumed;
        }

        n = (size_t) size;

        if (f->body == NULL || f->len + n > f->cap) {
            cap = ngx_max(f->cap * 2, f->len + n);
            cap = ngx_max(cap, 16384);
            cap = ngx_min(cap, f->max);

            nb = ngx_alloc(cap, r->connection->log);
            if (nb == NULL) {
                f->failed = 1;
                goto consumed;
            }

            if (f->body) {
                ngx_memcpy(nb, f->body, f->len);
                ngx_free(f->body);
            }

            f->body = nb;
            f->cap = cap;
        }

        if (ngx_buf_in_memory(b)) {
            ngx_memcpy(f->body + f->len, b->pos, n);

        } else {
            got = ngx_read_file(b->file, f->body + f->len, n, b->file_pos);

            if (got != (ssize_t) n) {
                f->failed = 1;
                goto consumed;
            }
        }

        f->len += n;

    consumed:

        if (ngx_buf_in_memory(b)) {
            b->pos = b->last;
        }

        if (b->in_file) {
            b->file_pos = b->file_last;
        }
    }

    return NGX_OK;
}
