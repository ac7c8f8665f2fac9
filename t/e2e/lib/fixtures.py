#!/usr/bin/env python3
"""Fixtures of the end-to-end suite, made offline: tiny packages of every
ecosystem, and the registry trees that the loopback "public registries" and
the "repository manager" serve.

    fixtures.py sources W          write the sources of the npm packages,
                                   crates and gems (W/fixtures/src/...)
    fixtures.py render W BASES     after `npm pack`, `cargo package` and
                                   `gem build` (t/e2e/run): build the PyPI
                                   wheel and sdist and the OCI image, and
                                   write one registry tree per role into
                                   W/www/<role>/<ecosystem>/

With E2E_CURATION=1 in the environment (t/e2e/run curation|all), both also
make the curation fixtures: per ecosystem a package whose newest version is
on a malicious list ("cur-listed") and one whose newest version was
published an hour before the run ("cur-young"), each with an older version;
the lists (an OSV tree, an OSV zip, a plain list: W/fixtures/malicious/) and
the publication times the registries serve (npm "time", PEP 691 JSON with
PEP 700 "upload-time", Cargo index "pubtime", RubyGems
/api/v1/versions/<name>.json "created_at"), kept in W/fixtures/times.json.

BASES is a JSON object {role: {"npm": url, "pypi_files": url, "cargo": url}}:
each role's metadata names its own address, as a real registry's does
(npm's dist.tarball, PyPI's file links, Cargo's config.json "dl").

Only the standard library; every file is deterministic (fixed times), but
the curation fixtures' "an hour ago".
"""

import base64
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import time
import zipfile

EPOCH = 315532800          # 1980-01-01, the earliest time a zip can hold
TIME = "2024-01-01T00:00:00.000Z"

# --- what the fixtures are ------------------------------------------------

NPM = [
    # (name, version, dependencies, blocked)
    ("tiny-lib", "1.0.0", {}),
    ("tiny-lib", "1.1.0", {}),
    ("@e2e/tiny-scoped", "1.0.0", {"tiny-lib": "^1.0.0"}),
    ("evil-pkg", "1.0.0", {}),
]

PYPI = [
    # (project, version, sdist too)
    ("tiny-py", "0.1.0", True),
    ("evil-py", "0.1.0", False),
]

CRATES = [("tiny_crate", "0.1.0"), ("evil_crate", "0.1.0")]

GEMS = [("tiny_gem", "0.1.0"), ("evil_gem", "0.1.0")]

# org/private: the public registry serves it only with the token its realm
# gives the e2e account (cache mode's private mirror, behind auth_basic)
IMAGES = [("library/tiny", "1"), ("library/evil", "1"), ("org/private", "1")]

# --- curation (E2E_CURATION=1) -----------------------------------------------
# Per ecosystem: "listed", whose newest version is on a malicious list (and
# was published long ago), "young", whose newest version was published an
# hour before the run (a cooldown of days hides it), and "ruled", whose
# newest version a version rule blocks (name@>=1.1.0). The older version of
# each is from 2024. OSV_IDS: the lists' ids, the reasons name them.
CURATION = os.environ.get("E2E_CURATION") == "1"
CUR_OLD, CUR_NEW = "1.0.0", "1.1.0"
CUR_NAMES = {
    # ecosystem: (listed, young, ruled)
    "npm": ("cur-listed", "cur-young", "cur-ruled"),
    "pypi": ("cur-listed-py", "cur-young-py", "cur-ruled-py"),
    "cargo": ("cur_listed", "cur_young", "cur_ruled"),
    "rubygems": ("cur_listed", "cur_young", "cur_ruled"),
}
OSV_IDS = {"npm": "MAL-2026-9001", "pypi": "MAL-2026-9002",
           "cargo": "MAL-2026-9003"}
CUR_LISTED_TIME = "2024-06-01T00:00:00.000Z"
if CURATION:
    for _n in CUR_NAMES["npm"]:
        NPM += [(_n, CUR_OLD, {}), (_n, CUR_NEW, {})]
    for _n in CUR_NAMES["pypi"]:
        PYPI += [(_n, CUR_OLD, False), (_n, CUR_NEW, False)]
    for _n in CUR_NAMES["cargo"]:
        CRATES += [(_n, CUR_OLD), (_n, CUR_NEW)]
    for _n in CUR_NAMES["rubygems"]:
        GEMS += [(_n, CUR_OLD), (_n, CUR_NEW)]

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def write(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


# --- sources ---------------------------------------------------------------

def cur_times():
    """{eco: {name: {version: RFC 3339}}} of the curation fixtures: the
    older versions in 2024, the listed ones' newest in mid-2024, the young
    ones' newest an hour before now"""
    young = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 3600))
    out = {}
    if CURATION:
        for eco, (listed, young_name, ruled) in CUR_NAMES.items():
            out[eco] = {listed: {CUR_OLD: TIME, CUR_NEW: CUR_LISTED_TIME},
                        young_name: {CUR_OLD: TIME, CUR_NEW: young},
                        ruled: {CUR_OLD: TIME, CUR_NEW: CUR_LISTED_TIME}}
    return out


def published(times, eco, name, version):
    """when the fixture (eco, name, version) was published: TIME unless it
    is a curation fixture"""
    return times.get(eco, {}).get(name, {}).get(version, TIME)


def malicious(w):
    """The malicious lists of the curation fixtures, in W/fixtures/malicious/:
    tree/ (OSV files as the OpenSSF malicious-packages project lays them
    out: npm and PyPI), osv.zip (its layout zipped, deflated: crates.io)
    and rubygems.txt (a plain name@version list)."""
    d = os.path.join(w, "fixtures", "malicious")

    def osv(eco_osv, eco, name):
        mal = OSV_IDS[eco]
        return ("osv/malicious/%s/%s/%s.json" % (eco_osv, name, mal),
                json.dumps({
                    "schema_version": "1.5.0", "id": mal,
                    "modified": "2024-06-02T00:00:00Z",
                    "published": "2024-06-02T00:00:00Z",
                    "summary": "Malicious code in %s (%s)" % (name, eco_osv),
                    "details": "e2e fixture: the newest version is listed",
                    "affected": [{"package": {"ecosystem": eco_osv, "name": name},
                                  "versions": [CUR_NEW]}],
                }, indent=2, sort_keys=True) + "\n")

    for eco_osv, eco in (("npm", "npm"), ("PyPI", "pypi")):
        path, text = osv(eco_osv, eco, CUR_NAMES[eco][0])
        write(os.path.join(d, "tree", path), text)
    path, text = osv("crates.io", "cargo", CUR_NAMES["cargo"][0])
    with zipfile.ZipFile(os.path.join(d, "osv.zip"), "w") as z:
        info = zipfile.ZipInfo(path, (2024, 6, 2, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        z.writestr(info, text)
    write(os.path.join(d, "rubygems.txt"),
          "# e2e fixture: a plain list (pkg_reroute_malicious ... ecosystem=rubygems)\n"
          "%s@%s\n" % (CUR_NAMES["rubygems"][0], CUR_NEW))


def sources(w):
    src = os.path.join(w, "fixtures", "src")
    times = cur_times()
    write(os.path.join(w, "fixtures", "times.json"),
          json.dumps(times, indent=1, sort_keys=True) + "\n")
    if CURATION:
        malicious(w)

    for name, version, deps in NPM:
        d = os.path.join(src, "npm", name.replace("/", "+") + "@" + version)
        pkg = {"name": name, "version": version, "main": "index.js",
               "license": "MIT", "description": "e2e fixture " + name}
        if deps:
            pkg["dependencies"] = deps
        write(os.path.join(d, "package.json"), json.dumps(pkg, indent=2) + "\n")
        body = "module.exports = %s;\n" % json.dumps(name + "@" + version)
        if deps:
            body = ("const dep = require(%s);\nmodule.exports = %s + ' -> ' + dep;\n"
                    % (json.dumps(next(iter(deps))), json.dumps(name + "@" + version)))
        write(os.path.join(d, "index.js"), body)

    for name, version in CRATES:
        d = os.path.join(src, "cargo", "%s-%s" % (name, version))
        write(os.path.join(d, "Cargo.toml"),
              '[package]\nname = "%s"\nversion = "%s"\nedition = "2021"\n'
              'description = "e2e fixture"\nlicense = "MIT"\n\n[lib]\npath = "src/lib.rs"\n'
              % (name, version))
        write(os.path.join(d, "src", "lib.rs"),
              'pub fn hello() -> &\'static str {\n    "%s %s"\n}\n' % (name, version))

    for name, version in GEMS:
        d = os.path.join(src, "gems", "%s-%s" % (name, version))
        write(os.path.join(d, name + ".gemspec"),
              'Gem::Specification.new do |s|\n'
              '  s.name = "%s"\n  s.version = "%s"\n  s.summary = "e2e fixture"\n'
              '  s.authors = ["e2e"]\n  s.license = "MIT"\n  s.homepage = "http://127.0.0.1/"\n'
              '  s.files = ["lib/%s.rb"]\n  s.date = "2024-01-01"\nend\n'
              % (name, version, name))
        write(os.path.join(d, "lib", name + ".rb"),
              'module %s\n  VERSION = "%s"\nend\n'
              % ("".join(p.capitalize() for p in name.split("_")), version))


# --- PyPI: a wheel and an sdist, with an in-tree PEP 517 backend -------------

# The sdist builds with this backend, named in its pyproject.toml with
# backend-path = ["."] and requires = []: pip builds it in an isolated
# environment without fetching anything (no setuptools, no wheel). The
# fixture wheel is built by the same code.
BACKEND = r'''"""PEP 517 backend of the e2e fixture: a wheel is a zip."""
import base64, hashlib, os, zipfile

NAME, VERSION = "@NAME@", "@VERSION@"
DIST = NAME.replace("-", "_")
INFO = "%s-%s.dist-info" % (DIST, VERSION)
WHEEL = "%s-%s-py3-none-any.whl" % (DIST, VERSION)
METADATA = "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: e2e fixture\n" % (NAME, VERSION)


def _files(root):
    out = []
    for d, _, names in sorted(os.walk(os.path.join(root, DIST))):
        for n in sorted(names):
            if n.endswith(".py"):
                p = os.path.join(d, n)
                with open(p, "rb") as f:
                    out.append((os.path.relpath(p, root).replace(os.sep, "/"), f.read()))
    out.append((INFO + "/METADATA", METADATA.encode()))
    out.append((INFO + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    return out


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None, root="."):
    files = _files(root)
    record = []
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    record.append(INFO + "/RECORD,,")
    files.append((INFO + "/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, WHEEL), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            info = zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return WHEEL


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, INFO)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write(METADATA)
    return INFO
'''


def pypi_project(d, name, version):
    dist = name.replace("-", "_")
    backend = BACKEND.replace("@NAME@", name).replace("@VERSION@", version)
    files = {
        "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "e2e_backend"\n'
                          'backend-path = ["."]\n',
        "e2e_backend.py": backend,
        "PKG-INFO": "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: e2e fixture\n"
                    % (name, version),
        dist + "/__init__.py": 'VERSION = "%s"\nNAME = "%s"\n' % (version, name),
    }
    for path, text in files.items():
        write(os.path.join(d, path), text)
    return files


def build_pypi(raw):
    out = {}
    for name, version, with_sdist in PYPI:
        dist = name.replace("-", "_")
        d = os.path.join(raw, "pypi-src", "%s-%s" % (dist, version))
        files = pypi_project(d, name, version)
        ns = {}
        exec(compile(files["e2e_backend.py"], "e2e_backend.py", "exec"), ns)
        os.makedirs(os.path.join(raw, "pypi"), exist_ok=True)
        wheel = ns["build_wheel"](os.path.join(raw, "pypi"), root=d)
        out.setdefault(name, []).append(wheel)
        if with_sdist:
            sdist = "%s-%s.tar.gz" % (dist, version)
            buf = io.BytesIO()
            with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
                for path in sorted(files):
                    data = files[path].encode()
                    ti = tarfile.TarInfo("%s-%s/%s" % (dist, version, path))
                    ti.size, ti.mtime, ti.mode = len(data), EPOCH, 0o644
                    t.addfile(ti, io.BytesIO(data))
            write(os.path.join(raw, "pypi", sdist),
                  gzip.compress(buf.getvalue(), mtime=0))
            out[name].append(sdist)
    return out


# --- Docker: one layer, a config, an OCI manifest ----------------------------

def build_oci(raw):
    """An OCI image layout per image in raw/oci/<repo>/, returned as
    {repo: (tag, manifest bytes, {digest: blob bytes})}."""
    images = {}
    for repo, tag in IMAGES:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
            data = ("hello from %s:%s\n" % (repo, tag)).encode()
            ti = tarfile.TarInfo("hello.txt")
            ti.size, ti.mtime, ti.mode = len(data), EPOCH, 0o644
            t.addfile(ti, io.BytesIO(data))
        tar = buf.getvalue()
        layer = gzip.compress(tar, mtime=0)
        config = json.dumps({
            "architecture": "amd64", "os": "linux",
            "created": "2024-01-01T00:00:00Z",
            "config": {"Cmd": ["/hello.txt"]},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + sha256(tar)]},
            "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "e2e fixture"}],
        }, sort_keys=True).encode()
        manifest = json.dumps({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": "sha256:" + sha256(config),
                       "size": len(config)},
            "layers": [{"mediaType": OCI_LAYER, "digest": "sha256:" + sha256(layer),
                        "size": len(layer)}],
        }, sort_keys=True).encode()
        blobs = {"sha256:" + sha256(b): b for b in (config, layer, manifest)}
        d = os.path.join(raw, "oci", repo)
        for digest, b in blobs.items():
            write(os.path.join(d, "blobs", "sha256", digest[7:]), b)
        write(os.path.join(d, "oci-layout"), '{"imageLayoutVersion": "1.0.0"}')
        write(os.path.join(d, "index.json"), json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [{"mediaType": OCI_MANIFEST, "digest": "sha256:" + sha256(manifest),
                           "size": len(manifest),
                           "annotations": {"org.opencontainers.image.ref.name": tag}}]}))
        images[repo] = (tag, manifest, blobs)
    return images


# --- rendering one role's registry trees --------------------------------------

def npm_tarball_path(name, version):
    short = name.split("/")[-1]
    return "%s/-/%s-%s.tgz" % (name, short, version)


def render_npm(raw, www, base, facts, times):
    byname = {}
    for name, version, deps in NPM:
        packed = os.path.join(raw, "npm", "%s-%s.tgz"
                              % (name.lstrip("@").replace("/", "-"), version))
        data = read(packed)
        path = npm_tarball_path(name, version)
        write(os.path.join(www, path), data)
        meta = {"name": name, "version": version, "main": "index.js",
                "license": "MIT", "description": "e2e fixture " + name,
                "_id": "%s@%s" % (name, version),
                "dependencies": deps,
                "dist": {
                    "tarball": "%s/%s" % (base, path),
                    "shasum": hashlib.sha1(data).hexdigest(),
                    "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
                }}
        byname.setdefault(name, {})[version] = meta
        facts["npm"]["%s@%s" % (name, version)] = meta["dist"]["integrity"]
    for name, versions in byname.items():
        latest = sorted(versions, key=lambda v: [int(x) for x in v.split(".")])[-1]
        when = {v: published(times, "npm", name, v) for v in versions}
        doc = {"_id": name, "name": name, "dist-tags": {"latest": latest},
               "versions": versions,
               "time": dict({"created": min(when.values()),
                             "modified": max(when.values())}, **when)}
        # /<name> and /@scope%2fname: nginx decodes %2f, so the packument of
        # @e2e/tiny-scoped is packuments/@e2e/tiny-scoped.json
        write(os.path.join(www, "packuments", name + ".json"),
              json.dumps(doc, indent=1, sort_keys=True) + "\n")
        # the curation fixtures, as the npm registry answers an Accept of
        # application/vnd.npm.install-v1+json (npm's, pnpm's without
        # minimumReleaseAge): the abbreviated document, which has no
        # "time" (conf/locations-npm.inc)
        if name in times.get("npm", {}):
            keys = ("name", "version", "dependencies", "dist")
            abbrev = {"name": name, "dist-tags": doc["dist-tags"],
                      "modified": doc["time"]["modified"],
                      "versions": {v: {k: m[k] for k in keys if k in m}
                                   for v, m in versions.items()}}
            write(os.path.join(www, "packuments", name + ".install-v1"),
                  json.dumps(abbrev, indent=1, sort_keys=True) + "\n")


def pypi_file_path(data, fname):
    h = sha256(data)
    return "packages/%s/%s/%s/%s" % (h[0:2], h[2:4], h[4:], fname)


def render_pypi(raw, www, files_base, files, facts, times):
    links = []
    for project in sorted(files):
        rows = []
        pep691 = []
        for fname in files[project]:
            data = read(os.path.join(raw, "pypi", fname))
            path = pypi_file_path(data, fname)
            write(os.path.join(www, path), data)
            rows.append('    <a href="%s/%s#sha256=%s">%s</a><br/>'
                        % (files_base, path, sha256(data), fname))
            facts["pypi"][fname] = {"path": "/" + path, "sha256": sha256(data)}
            pep691.append({"filename": fname, "url": "%s/%s" % (files_base, path),
                           "hashes": {"sha256": sha256(data)}, "size": len(data),
                           "upload-time": published(times, "pypi", project,
                                                    fname.split("-")[1])})
        # the curation fixtures: PEP 691 JSON too, with PEP 700's
        # upload-time (conf/locations-pypi.inc serves it to an Accept that
        # names application/vnd.pypi.simple.v1+json)
        if project in times.get("pypi", {}):
            write(os.path.join(www, "simple", project, "index.v1.json"),
                  json.dumps({"meta": {"api-version": "1.1"}, "name": project,
                              "versions": sorted(times["pypi"][project]),
                              "files": pep691}, indent=1, sort_keys=True) + "\n")
        write(os.path.join(www, "simple", project, "index.html"),
              '<!DOCTYPE html>\n<html>\n  <head><meta name="pypi:repository-version" '
              'content="1.0"><title>Links for %s</title></head>\n  <body>\n'
              '    <h1>Links for %s</h1>\n%s\n  </body>\n</html>\n'
              % (project, project, "\n".join(rows)))
        links.append('    <a href="/simple/%s/">%s</a><br/>' % (project, project))
    write(os.path.join(www, "simple", "index.html"),
          '<!DOCTYPE html>\n<html>\n  <body>\n%s\n  </body>\n</html>\n' % "\n".join(links))


def cargo_index_path(name):
    n = name.lower()
    if len(n) <= 2:
        return "%d/%s" % (len(n), n)
    if len(n) == 3:
        return "3/%s/%s" % (n[0], n)
    return "%s/%s/%s" % (n[0:2], n[2:4], n)


def render_cargo(raw, www, base, facts, times):
    write(os.path.join(www, "config.json"),
          json.dumps({"dl": base + "/api/v1/crates", "api": base}) + "\n")
    lines = {}
    for name, version in CRATES:
        data = read(os.path.join(raw, "cargo", "%s-%s.crate" % (name, version)))
        write(os.path.join(www, "api", "v1", "crates", name, version, "download"), data)
        line = {"name": name, "vers": version, "deps": [], "cksum": sha256(data),
                "features": {}, "yanked": False, "v": 2}
        # the curation fixtures carry the time crates.io writes (pubtime)
        if name in times.get("cargo", {}):
            line["pubtime"] = published(times, "cargo", name, version).replace(".000Z", "Z")
        lines.setdefault(name, []).append(
            json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n")
        write(os.path.join(www, cargo_index_path(name)), "".join(lines[name]))
        facts["cargo"][name] = {"index": "/" + cargo_index_path(name),
                                "cksum": sha256(data)}


def render_docker(images, www, facts, digest_map):
    for repo, (tag, manifest, blobs) in images.items():
        mdigest = "sha256:" + sha256(manifest)
        v2 = os.path.join(www, "v2", repo)
        write(os.path.join(v2, "manifests", tag), manifest)
        write(os.path.join(v2, "manifests", mdigest), manifest)
        for digest, b in blobs.items():
            if b is not manifest:
                write(os.path.join(v2, "blobs", digest), b)
        digest_map["/v2/%s/manifests/%s" % (repo, tag)] = mdigest
        layers = json.loads(manifest)["layers"]
        facts["docker"][repo] = {"tag": tag, "manifest": mdigest,
                                 "config": json.loads(manifest)["config"]["digest"],
                                 "layer": layers[0]["digest"]}


def render(w, bases):
    raw = os.path.join(w, "fixtures", "raw")
    with open(os.path.join(w, "fixtures", "times.json")) as f:
        times = json.load(f)
    pypi_files = build_pypi(raw)
    images = build_oci(raw)
    digest_map = {}
    for role, base in bases.items():
        facts = {"npm": {}, "pypi": {}, "cargo": {}, "docker": {}}
        root = os.path.join(w, "www", role)
        # npm, cargo and gems were packed by their own tools (t/e2e/run);
        # an ecosystem whose tool is missing has no files and is skipped
        if os.listdir(os.path.join(raw, "npm")):
            render_npm(raw, os.path.join(root, "npm"), base["npm"], facts, times)
        render_pypi(raw, os.path.join(root, "pypi"), base["pypi_files"], pypi_files, facts,
                    times)
        if os.listdir(os.path.join(raw, "cargo")):
            render_cargo(raw, os.path.join(root, "cargo"), base["cargo"], facts, times)
        render_docker(images, os.path.join(root, "docker"), facts, digest_map)
        gems = os.path.join(raw, "gem-index")
        shutil.copytree(gems, os.path.join(root, "rubygems"), dirs_exist_ok=True)
        write(os.path.join(root, "rubygems", "index.html"), "e2e rubygems (%s)\n" % role)
        # the facts are the same for every role, but for the URLs
        write(os.path.join(w, "fixtures", "facts.json"),
              json.dumps(facts, indent=1, sort_keys=True) + "\n")
    # Docker-Content-Digest of a manifest: by tag from this table, by digest
    # the digest in the URI (conf/locations-docker.inc adds the header)
    lines = ["map $uri $e2e_docker_digest {", "    default \"\";",
             "    \"~^/v2/.+/manifests/(sha256:[0-9a-f]{64})$\" $1;"]
    for uri, digest in sorted(digest_map.items()):
        lines.append("    %s %s;" % (uri, digest))
    lines.append("}")
    write(os.path.join(w, "fixtures", "docker-digests.conf"), "\n".join(lines) + "\n")
    # shell-readable facts for the assertions
    facts_sh = []
    f = facts
    for key, v in f["npm"].items():
        facts_sh.append("NPM_INTEGRITY_%s='%s'" % (
            key.strip("@").replace("/", "_").replace("-", "_").replace("@", "_").replace(".", "_").upper(), v))
    for fname, v in f["pypi"].items():
        key = fname.replace("-", "_").replace(".", "_").upper()
        facts_sh.append("PYPI_PATH_%s='%s'" % (key, v["path"]))
        facts_sh.append("PYPI_SHA256_%s='%s'" % (key, v["sha256"]))
    for name, v in f["cargo"].items():
        facts_sh.append("CARGO_INDEX_%s='%s'" % (name.upper(), v["index"]))
        facts_sh.append("CARGO_CKSUM_%s='%s'" % (name.upper(), v["cksum"]))
    for repo, v in f["docker"].items():
        key = repo.replace("/", "_").upper()
        for k in ("manifest", "config", "layer"):
            facts_sh.append("DOCKER_%s_%s='%s'" % (key, k.upper(), v[k]))
    write(os.path.join(w, "fixtures", "facts.sh"), "\n".join(facts_sh) + "\n")


def main(argv):
    if len(argv) >= 3 and argv[1] == "sources":
        sources(argv[2])
    elif len(argv) >= 4 and argv[1] == "render":
        render(argv[2], json.loads(argv[3]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
