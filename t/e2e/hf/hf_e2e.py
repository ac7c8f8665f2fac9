#!/usr/bin/env python3
"""Hugging Face end to end: a client that behaves as huggingface_hub does
(HEAD, relative redirects only, X-Repo-Commit / X-Linked-Etag / X-Linked-Size,
then GET following any redirect), written with requests, and the real
@huggingface/hub from npm, download a regular file and an LFS file through
the module, in redirect mode and in cache mode, from a loopback "Hub" that
answers as the real one does (307 relative to /api/resolve-cache for a
regular file, 302 to a loopback "CDN" for an LFS file), a loopback CDN and a
loopback repository manager. A blocked repository is refused on HEAD and
GET. Everything listens on 127.0.0.1; every request is bounded in time; the
two nginx processes are started here and stopped by pid. Prints TAP.

  HF_E2E_PORT   first of 5 ports (default 18170): hub, cdn, repomgr,
                module (redirect), module (cache)
  NGINX, MODULE the nginx binary and the module (.so)
  HF_E2E_WORK   work dir (default build/e2e-hf), wiped at the start
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from urllib.parse import urljoin, urlparse

import requests

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
MODULE = os.environ.get("E2E_MODULE") or os.environ.get("MODULE", os.path.join(TOP, "build",
                                               "ngx_http_pkg_reroute_module.so"))
WORK = os.environ.get("HF_E2E_WORK", os.path.join(TOP, "build", "e2e-hf"))
BASE = int(os.environ.get("HF_E2E_PORT", "18170"))
HUB, CDN, REPOMGR, MOD, MODC = (BASE + i for i in range(5))
COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b"
LFS_HASH = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"
CONFIG = b'{"model_type": "tiny"}\n'
WEIGHTS = bytes(range(256)) * 64          # 16 KiB, an "LFS" file
TIMEOUT = 10

n = 0
failed = 0
todos = 0


def ok(cond, name, todo=None):
    global n, failed, todos
    n += 1
    if todo:
        todos += 1
    elif not cond:
        failed += 1
    print("%s %d - %s%s" % ("ok" if cond else "not ok", n, name,
                            " # TODO " + todo if todo else ""))
    sys.stdout.flush()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def setup():
    shutil.rmtree(WORK, ignore_errors=True)
    for d in ("logs", "up/logs", "mod/logs", "mod/cache", "mod/tmp", "up/tmp"):
        os.makedirs(os.path.join(WORK, d), exist_ok=True)
    w = os.path.join(WORK, "www")
    for org in ("org", "evil-org"):
        # the Hub: regular files behind /api/resolve-cache/
        write("%s/hub/api/resolve-cache/models/%s/model/%s/config.json"
              % (w, org, COMMIT), CONFIG)
        # the repository manager: its own copy, at the Hub's paths
        write("%s/repomgr/repo/%s/model/resolve/main/config.json" % (w, org),
              CONFIG)
        write("%s/repomgr/repo/%s/model/resolve/main/model.safetensors"
              % (w, org), WEIGHTS)
    write("%s/cdn/repos/a3/ed/%s" % (w, LFS_HASH), WEIGHTS)

    logf = 'log_format hf "$server_port $request_method $request_uri $status";'
    up = """
events {}
http {
    %(logf)s
    client_body_temp_path tmp/body; proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/f; uwsgi_temp_path tmp/u; scgi_temp_path tmp/s;
    default_type application/octet-stream;
    error_log logs/error.log;
    server {                            # the public Hub
        listen 127.0.0.1:%(HUB)d;
        access_log %(W)s/logs/hub.log hf;
        root %(W)s/www/hub;
        absolute_redirect off;      # the Hub sends relative Locations
        location ~ ^/(?<repo>[^/]+/[^/]+)/resolve/main/config\\.json$ {
            add_header X-Repo-Commit %(C)s always;
            add_header ETag '"cfg-etag"' always;
            return 307 /api/resolve-cache/models/$repo/%(C)s/config.json;
        }
        location ~ ^/(?<repo>[^/]+/[^/]+)/resolve/main/model\\.safetensors$ {
            add_header X-Repo-Commit %(C)s always;
            add_header X-Linked-Etag '"%(H)s"' always;
            add_header X-Linked-Size %(SIZE)d always;
            return 302 http://cdn-lfs.test/repos/a3/ed/%(H)s;
        }
        location /api/resolve-cache/ {
            add_header X-Repo-Commit %(C)s always;
        }
    }
    server {                            # the Hub's LFS CDN
        listen 127.0.0.1:%(CDN)d;
        access_log %(W)s/logs/cdn.log hf;
        root %(W)s/www/cdn;
    }
    server {                            # the repository manager
        listen 127.0.0.1:%(REPOMGR)d;
        access_log %(W)s/logs/repomgr.log hf;
        root %(W)s/www/repomgr;
        location ~ \\.safetensors$ {
            add_header X-Repo-Commit %(C)s always;
            add_header X-Linked-Etag '"%(H)s"' always;
            add_header X-Linked-Size %(SIZE)d always;
        }
        location / {
            add_header X-Repo-Commit %(C)s always;
        }
    }
}
""" % dict(logf=logf, HUB=HUB, CDN=CDN, REPOMGR=REPOMGR, W=WORK, C=COMMIT,
           H=LFS_HASH, SIZE=len(WEIGHTS))
    write(os.path.join(WORK, "up/conf/nginx.conf"), up.encode())

    mod = """
load_module %(MODULE)s;
events {}
http {
    %(logf)s
    client_body_temp_path tmp/body; proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/f; uwsgi_temp_path tmp/u; scgi_temp_path tmp/s;
    error_log logs/error.log info;
    pkg_reroute_rule hf-policy block { "**/evil-org/*"; }
    proxy_cache_path %(W)s/mod/cache levels=1:2 keys_zone=hf:1m;
    proxy_connect_timeout 5s; proxy_read_timeout 10s;

    server {                            # redirect mode
        listen 127.0.0.1:%(MOD)d;
        access_log %(W)s/logs/module.log hf;
        pkg_reroute          huggingface;
        pkg_reroute_use      hf-policy;
        pkg_reroute_redirect /hf-remote;
        absolute_redirect    off;
        location /hf-remote/ {
            pkg_reroute          huggingface prefix=/hf-remote;
            pkg_reroute_redirect off;
            proxy_pass http://127.0.0.1:%(REPOMGR)d/repo$pkg_reroute_uri;
        }
        location / {
            proxy_pass http://127.0.0.1:%(HUB)d;
        }
    }

    upstream cdn-lfs.test {             # the CDN's name, without DNS
        server 127.0.0.1:%(CDN)d;
    }

    server {                            # cache mode
        listen 127.0.0.1:%(MODC)d;
        include %(TOP)s/conf.d-examples/pkg-reroute/follow.conf;
        access_log %(W)s/logs/module-cache.log hf;
        pkg_reroute      huggingface;
        pkg_reroute_use  hf-policy;
        proxy_cache      hf;
        proxy_cache_key  $pkg_reroute_cache_key;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status always;
        location / {
            proxy_pass http://127.0.0.1:%(HUB)d$pkg_reroute_uri;
            pkg_reroute_follow cdn-lfs.test allow_address=127.0.0.0/8;
        }
    }
}
""" % dict(logf=logf, MODULE=MODULE, W=WORK, MOD=MOD, MODC=MODC, TOP=TOP, CDN=CDN,
           REPOMGR=REPOMGR, HUB=HUB)
    write(os.path.join(WORK, "mod/conf/nginx.conf"), mod.encode())


def start(prefix):
    p = subprocess.Popen([NGINX, "-p", prefix, "-c", "conf/nginx.conf",
                          "-g", "daemon off; pid nginx.pid;"],
                         stderr=open(os.path.join(prefix, "logs/stderr"), "w"),
                         start_new_session=True)
    return p


def wait_port(port):
    import socket
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def log(name):
    try:
        with open(os.path.join(WORK, "logs", name)) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


# --- a client that behaves as huggingface_hub's hf_hub_download does -------

class HubError(Exception):
    pass


def hf_hub_download(endpoint, repo, filename, revision="main"):
    url = "%s/%s/resolve/%s/%s" % (endpoint, repo, revision, filename)
    # get_hf_file_metadata: HEAD, relative redirects only
    r = requests.head(url, allow_redirects=False, timeout=TIMEOUT)
    for _ in range(5):
        loc = r.headers.get("Location")
        if not (300 <= r.status_code < 400 and loc) or urlparse(loc).netloc:
            break
        url = urljoin(url, loc)
        r = requests.head(url, allow_redirects=False, timeout=TIMEOUT)
    if r.status_code >= 400:
        raise HubError("%d %s" % (r.status_code,
                                  r.headers.get("X-Error-Message", "")))
    commit = r.headers.get("X-Repo-Commit")
    etag = r.headers.get("X-Linked-Etag") or r.headers.get("ETag")
    size = r.headers.get("X-Linked-Size") or r.headers.get("Content-Length")
    if commit is None or etag is None:
        raise HubError("Distant resource does not seem to be on huggingface.co"
                       " (no X-Repo-Commit or ETag)")
    location = r.headers.get("Location") or url
    g = requests.get(location, allow_redirects=True, timeout=TIMEOUT)
    if g.status_code >= 400:
        raise HubError("GET %d" % g.status_code)
    if size is not None and int(size) != len(g.content):
        raise HubError("size %s != %d" % (size, len(g.content)))
    return g.content, commit, g.url


def py_client(mode, endpoint, todo_lfs=None):
    for fname, want, todo in (("config.json", CONFIG, None),
                              ("model.safetensors", WEIGHTS, todo_lfs)):
        before = len(log("cdn.log"))
        try:
            data, commit, final = hf_hub_download(endpoint, "org/model", fname)
            good = data == want and commit == COMMIT
            why = final
        except (HubError, requests.RequestException) as e:
            good, why = False, str(e)
        # in cache mode nginx itself fills from the CDN; the client's
        # download must still end on the module, never on the CDN
        cdn = log("cdn.log")[before:] if mode == "redirect" else []
        good = good and why.startswith(endpoint + "/")
        ok(good and not cdn, "%s: huggingface_hub-like client downloads "
           "org/model %s through the module, not from the CDN (%s)"
           % (mode, fname, why), todo)

    for method in ("HEAD", "GET"):
        r = requests.request(method, endpoint +
                             "/evil-org/model/resolve/main/model.safetensors",
                             allow_redirects=False, timeout=TIMEOUT)
        ok(r.status_code == 403 and "blocked" in
           r.headers.get("X-Error-Message", ""),
           "%s: %s of a blocked repository: 403 with X-Error-Message (%d)"
           % (mode, method, r.status_code))
    try:
        hf_hub_download(endpoint, "evil-org/model", "config.json")
        refused = False
    except HubError as e:
        refused = "403" in str(e)
    ok(refused, "%s: the client's download of a blocked repository fails "
       "with the 403" % mode)
    # the Hub's resolve-cache path of another repository is checked too
    r = requests.get("%s/api/resolve-cache/models/evil-org/model/%s/"
                     "config.json" % (endpoint, COMMIT), timeout=TIMEOUT)
    ok(r.status_code == 403, "%s: /api/resolve-cache of a blocked repository:"
       " 403 (%d)" % (mode, r.status_code))


JS = r"""
const { downloadFile } = require("@huggingface/hub");
(async () => {
  const out = {};
  for (const [repo, path] of JSON.parse(process.argv[3])) {
    try {
      const blob = await downloadFile({ repo, path, hubUrl: process.argv[2] });
      out[repo + "/" + path] = blob ? Buffer.from(await blob.arrayBuffer()).toString("base64") : null;
    } catch (e) {
      out[repo + "/" + path] = "error: " + (e.statusCode || "") + " " + e.message;
    }
  }
  console.log(JSON.stringify(out));
})();
"""


def js_client(mode, endpoint, jsdir, todo_lfs=None):
    if jsdir is None:
        ok(True, "%s: @huggingface/hub # SKIP not installed" % mode)
        return
    files = [["org/model", "config.json"], ["org/model", "model.safetensors"],
             ["evil-org/model", "config.json"]]
    script = os.path.join(jsdir, "hf-download.js")
    write(script, JS.encode())
    before = len(log("cdn.log"))
    try:
        p = subprocess.run(["node", script, endpoint, json.dumps(files)],
                           cwd=jsdir, capture_output=True, timeout=60)
        res = json.loads(p.stdout.decode() or "{}")
    except (subprocess.TimeoutExpired, ValueError) as e:
        res = {"error": str(e)}
    import base64

    def got(key):
        v = res.get(key)
        try:
            return base64.b64decode(v) if v and not v.startswith("error") \
                else v
        except ValueError:
            return v
    cdn = log("cdn.log")[before:]
    ok(got("org/model/config.json") == CONFIG,
       "%s: @huggingface/hub downloadFile org/model config.json" % mode)
    ok(got("org/model/model.safetensors") == WEIGHTS and not cdn,
       "%s: @huggingface/hub downloadFile org/model model.safetensors, not "
       "from the CDN" % mode, todo_lfs)
    e = res.get("evil-org/model/config.json") or ""
    ok(e.startswith("error") and "blocked" in e,
       "%s: @huggingface/hub refused a blocked repository (%s)"
       % (mode, e[:80]))


def js_install():
    d = os.path.join(TOP, "build", "e2e-tools", "hfjs")
    if os.path.isdir(os.path.join(d, "node_modules", "@huggingface", "hub")):
        return d
    if shutil.which("npm") is None:
        return None
    os.makedirs(d, exist_ok=True)
    try:
        subprocess.run(["npm", "install", "--no-audit", "--no-fund",
                        "--prefix", d, "@huggingface/hub"],
                       capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None
    return d if os.path.isdir(os.path.join(d, "node_modules", "@huggingface",
                                           "hub")) else None


def main():
    setup()
    procs = []
    try:
        procs.append(start(os.path.join(WORK, "up")))
        procs.append(start(os.path.join(WORK, "mod")))
        up = all(wait_port(p) for p in (HUB, CDN, REPOMGR, MOD, MODC))
        ok(up, "the loopback Hub, CDN, repository manager and the module "
           "listen on 127.0.0.1:%d-%d" % (HUB, MODC))
        if not up:
            return
        jsdir = js_install() if shutil.which("node") else None

        red = "http://127.0.0.1:%d" % MOD
        py_client("redirect", red)
        js_client("redirect", red, jsdir)
        hub = [l for l in log("hub.log") if "/resolve" in l]
        ok(not hub, "redirect: the public Hub answered no file request (%s)"
           % hub[:2])
        ok(not log("cdn.log"), "redirect: the CDN was never contacted")

        cache = "http://127.0.0.1:%d" % MODC
        py_client("cache", cache)
        js_client("cache", cache, jsdir)

        # a HIT of the LFS file keeps the Hub's headers, and the CDN is
        # not asked again
        before = len(log("cdn.log"))
        for method in ("HEAD", "GET"):
            r = requests.request(method, cache + "/org/model/resolve/main/"
                                 "model.safetensors", allow_redirects=False,
                                 timeout=TIMEOUT)
            h = r.headers
            ok(r.status_code == 200 and h.get("X-Cache-Status") == "HIT"
               and h.get("X-Repo-Commit") == COMMIT
               and h.get("X-Linked-Etag") and h.get("X-Linked-Size")
               == str(len(WEIGHTS)),
               "cache: a %s HIT of the LFS file has X-Repo-Commit, "
               "X-Linked-Etag and X-Linked-Size (%d %s)"
               % (method, r.status_code, dict(h)))
        ok(len(log("cdn.log")) == before,
           "cache: the HITs did not reach the CDN")
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGQUIT)
                p.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
        print("1..%d" % n)
        if todos:
            print("# %d TODO" % todos)
        print("hf-e2e: %d passed, %d failed" % (n - failed - todos, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
