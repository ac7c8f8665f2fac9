/*
 * ngx_pkg_reroute fuzzing: the rewrite maps the harnesses choose from
 * (by bits of the input), shared with the seed generator so that a seed
 * picks the map its document's URLs use.
 */

#ifndef _FUZZ_MAPS_H_INCLUDED_
#define _FUZZ_MAPS_H_INCLUDED_


#include "pr_rewrite.h"


#define FZ_S(lit)  { lit, sizeof(lit) - 1 }

/* JSON documents: npm, PyPI, Cargo hosts; an empty "from"; a host alone */
static const pr_rewrite_map_t  fz_json_maps[8] = {
    { FZ_S("https://registry.example.org/"),
      FZ_S("http://127.0.0.1:8080/npm/") },
    { FZ_S("https://files.example.org/"),
      FZ_S("http://127.0.0.1:8080/pypi-files/") },
    { FZ_S("https://static.crates.example.org/"),
      FZ_S("http://127.0.0.1:8080/cargo-dl/") },
    { FZ_S("https://crates.example.org/"),
      FZ_S("http://127.0.0.1:8080/cargo/") },
    { FZ_S("https://dl.example.org/api/v1/"),
      FZ_S("http://127.0.0.1:8080/dl/") },
    { FZ_S("https://files.example.org/packages/"),
      FZ_S("http://never.test/") },
    { FZ_S(""), FZ_S("http://empty-from.test/") },
    { FZ_S("https://crates.example.org"), FZ_S("http://127.0.0.1:8080/c") },
};

/* HTML pages: PyPI's files host, spelled several ways, and its reverse */
static const pr_rewrite_map_t  fz_html_maps[8] = {
    { FZ_S("https://files.example.org/"),
      FZ_S("http://127.0.0.1:8080/pypi-files/") },
    { FZ_S("https://registry.example.org/"),
      FZ_S("http://127.0.0.1:8080/npm/") },
    { FZ_S("https://files.example.org/packages/"),
      FZ_S("http://never.test/") },
    { FZ_S("http://127.0.0.1:8080/pypi-files/"),
      FZ_S("https://files.example.org/") },
    { FZ_S("https://files.example.org"), FZ_S("http://127.0.0.1:8080/f") },
    { FZ_S(""), FZ_S("http://empty-from.test/") },
    { FZ_S("https://dl.example.org/api/v1/"),
      FZ_S("http://127.0.0.1:8080/dl/") },
    { FZ_S("HTTPS://Files.Example.ORG/"), FZ_S("/") },
};

#define FZ_NMAPS  8

/* rw->name for the HTML rewriter, by two bits of the input */
static const char  *fz_html_names[4] = {
    NULL, "example-pkg", "p", "Example_Pkg"
};


#endif /* _FUZZ_MAPS_H_INCLUDED_ */
