# Bypass suite: every spelling of a blocked name is denied, every spelling
# of a name an allow rule does not list is denied, and what is redirected
# or proxied is the path that was checked. Seven ecosystems, each in block
# mode under a prefix (pkg_reroute <eco> prefix=/<eco>) and in allow mode
# host-style (location /), then in cache mode against an upstream that is
# a location of the same server echoing the URI it received.
#
# The cases are lists at the top of this file, one per idea, one request
# per line: "path" or "path expectation" (the Location path or upstream
# URI an allowed request must produce, the canonical name in a denial, or
# "403 name [pattern]" in cache mode). The blocks below name the list they
# run; a block that denies checks the whole body in the client's format.
use Test::Nginx::Socket 'no_plan';

no_root_location();
no_shuffle();

my $SHA = 'sha256:' . ('a3ed95ca' x 8);
my $GIT = '3f786850e387550fdab836ed7e6dc881de23001b';

# one case per line, fields separated by blanks; "# " starts a comment
sub cases {
    my @c;

    for (split /\n/, shift) {
        s/\$SHA/$SHA/g;
        s/\$GIT/$GIT/g;
        s/^\s+//;
        s/\s+$//;
        next if $_ eq '' || /^# /;
        my @f = split /\s+/;
        push @c, @f > 1 ? [@f] : $f[0];
    }

    return \@c;
}

sub path_of { ref $_[0] ? $_[0][0] : $_[0] }

# ---- what a client sees ----------------------------------------------

sub json_str { my $s = shift; $s =~ s/(["\\])/\\$1/g; $s }

my %FORMAT = (
    npm         => sub { qq({"error":") . json_str($_[0]) . qq("}\n) },
    huggingface => sub { qq({"error":") . json_str($_[0]) . qq("}\n) },
    cargo       => sub { qq({"errors":[{"detail":") . json_str($_[0])
                         . qq("}]}\n) },
    docker      => sub { qq({"errors":[{"code":"DENIED","message":")
                         . json_str($_[0]) . qq(","detail":null}]}\n) },
    pypi        => sub { "$_[0]\n" },
    rubygems    => sub { "$_[0]\n" },
    github      => sub { "$_[0]\n" },
);

# ---- helpers the blocks call (Test::Base evaluates them as ::name) ---

# "GET <path>" for every case
sub get { [ map { 'GET ' . path_of($_) } @{ $_[0] } ] }

# one value for every case
sub all { my ($v, $cases) = @_; [ ($v) x @$cases ] }

# a block rule's denial: every spelling names the same canonical package
sub blocked {
    my ($eco, $rule, $name, $pattern, $cases) = @_;
    all($FORMAT{$eco}->(qq(package "$name" is blocked by rule "$rule" )
                        . qq[(pattern "$pattern")]), $cases);
}

# an allow rule's denial, naming each case's canonical package
sub not_allowed {
    my ($eco, $rule, $cases) = @_;
    [ map { $FORMAT{$eco}->(qq(package "$_->[1]" is not allowed by rule )
                            . qq("$rule")) } @$cases ];
}

# requests that cannot be parsed: 400 in the client's format
sub invalid_like {
    my ($eco, $cases) = @_;
    my $re = $eco eq 'docker' ? qr/^\{"errors":\[\{"code":"NAME_INVALID","message":"invalid docker request: /
           : $eco eq 'cargo'  ? qr/^\{"errors":\[\{"detail":"invalid cargo request: /
           : $eco =~ /^(npm|huggingface)$/ ? qr/^\{"error":"invalid $eco request: /
           : qr/^invalid $eco request: /;
    all($re, $cases);
}

# the Location of each allowed case: the redirect target + canonical path
sub locations {
    my ($base, $cases) = @_;
    [ map { "Location: $base$_->[1]" } @$cases ];
}

# cache mode: the echo of the upstream, or the denial of a case
# "path 403 name [pattern]"
sub upstream_codes { [ map { $_->[1] =~ /^\d+$/ ? $_->[1] : 200 } @{ $_[0] } ] }

sub upstream_bodies {
    my ($up, $eco, $rule, $cases) = @_;
    [ map { $_->[1] =~ /^\d+$/
            ? blocked($eco, $rule, $_->[2], $_->[3] // $_->[2], [1])->[0]
            : "$up$_->[1]\n" } @$cases ];
}

# the cases the upstream answers (not "403 ..."), each upstream URI once:
# a case that repeats one is a cache HIT, which the upstream never sees
sub allowed {
    my %seen;
    [ grep { $_->[1] !~ /^\d+$/ && !$seen{$_->[1]}++ } @{ $_[0] } ];
}

# what the upstream logs for these cases: each request of an array is
# checked against its own part of the error log, so the pattern is "one of
# them" (which one, the response body, the upstream's echo, shows)
sub upstream_got {
    my ($up, $cases) = @_;
    my $any = join '|', map { quotemeta "$up$_->[1]" } @$cases;
    [ qr/^upstream got: (?:$any)$/ ];
}


# ======================================================================
# npm (rules npm-deny: evil-pkg, @evil/*; npm-only: left-pad, @good/*)

our $npm_blocked = cases(<<'_');
/npm/evil-pkg
/npm/Evil-Pkg
/npm/EVIL-PKG
/npm/eViL-pKg
/npm/%65vil-pkg
/npm/%65%76%69%6c-%70%6b%67
/npm/%45%56%49%4C%2D%50%4B%47
/npm/evil%2dpkg
/npm/evil%2Dpkg
//npm//evil-pkg
/npm///evil-pkg//
/npm/./evil-pkg
/npm/x/../evil-pkg
/npm/x/%2e%2e/evil-pkg
/npm/x/%2E%2E/evil-pkg
/npm/x/.%2e/evil-pkg
/npm/x/%2e./evil-pkg
/npm/left-pad/../evil-pkg
/npm/left-pad/%2e%2e/evil-pkg
/npm/left-pad%2f..%2fevil-pkg
/%6epm/evil-pkg
/npm/evil-pkg/
/npm/evil-pkg?write=true
/npm/evil-pkg#/../left-pad
/npm/evil-pkg?x#/../left-pad
/npm/evil-pkg/latest
/npm/evil-pkg/1.0.0
/npm/evil-pkg/-/evil-pkg-1.0.0.tgz
/npm/EVIL-PKG/-/evil-pkg-1.0.0.tgz
/npm/evil-pkg/-/Evil-Pkg-1.0.0.tgz
/npm/evil-pkg/%2d/evil-pkg-1.0.0.tgz
/npm/evil-pkg/-/evil-pkg-1.0.0.tgz?cache=1
/npm/-/package/evil-pkg/dist-tags
/npm/-/package/Evil-Pkg/dist-tags
_

our $npm_blocked_scope = cases(<<'_');
/npm/@evil%2fx
/npm/@evil%2Fx
/npm/@evil/x
/npm/%40evil%2fx
/npm/%40evil%2Fx
/npm/%40evil/x
/npm/%40EVIL%2FX
/npm/@Evil/X
/npm/@evil%2f%78
/npm/@evil//x
/npm/@evil/./x
/npm/@good/../@evil/x
/npm/@good%2f..%2f@evil%2fx
/npm/@evil%2fx/latest
/npm/@evil/x/1.0.0
/npm/@evil/x/-/x-1.0.0.tgz
/npm/@evil%2fx/-/x-1.0.0.tgz
/npm/@evil%2Fx/-/X-1.0.0.tgz
/npm/@evil/x/-/@evil/x-1.0.0.tgz
/npm/-/package/@evil%2fx/dist-tags
/npm/-/package/@evil/x/dist-tags
_

# double encoding is decoded once: "%65" stays "%65", not a name
our $npm_invalid = cases(<<'_');
/npm/%2565vil-pkg
/npm/evil%252dpkg
/npm/@evil%252fx
/npm/%2540evil%252fx
/npm/left-pad/-/evil-pkg-1.0.0.tgz
/npm/@good/x/-/@evil/x-1.0.0.tgz
/npm/evil-pkg;x
/npm/evil-pkg%3b
/npm/evil-pkg%20
/npm/evil-pkg%5c
/npm/evil-pkg\
/npm/%c0%ae%c0%ae/evil-pkg
/npm/.evil-pkg
_

# names next to the blocked ones pass, redirected to the canonical path
our $npm_neighbours = cases(<<'_');
/npm/evil-pkg2             /evil-pkg2
/npm/evil_pkg              /evil_pkg
/npm/evil.pkg              /evil.pkg
/npm/@evil2%2Fx            /@evil2%2fx
/npm/@evil%2f..%2fx        /x
/npm/%6Ceft-pad            /left-pad
/npm//left-pad/            /left-pad
/npm/evil-pkg/../left-pad  /left-pad
_

our $npm_allowed = cases(<<'_');
/left-pad                            /left-pad
/%6Ceft-pad                          /left-pad
/%6c%65%66%74%2d%70%61%64            /left-pad
//left-pad//                         /left-pad
/./left-pad                          /left-pad
/x/../left-pad                       /left-pad
/x/%2e%2e/left-pad                   /left-pad
/evil-pkg/%2E%2E/left-pad            /left-pad
/left-pad/                           /left-pad
/left-pad#frag                       /left-pad
/left-pad?write=true                 /left-pad?write=true
/Left-Pad                            /Left-Pad
/left-pad/latest                     /left-pad/latest
/left-pad/-/left-pad-1.3.0.tgz       /left-pad/-/left-pad-1.3.0.tgz
/left-pad/%2D/left-pad-1.3.0.tgz     /left-pad/-/left-pad-1.3.0.tgz
/@good%2fx                           /@good%2fx
/@good%2Fx                           /@good%2fx
/@good/x                             /@good%2fx
/%40good%2Fx                         /@good%2fx
/%40good/x                           /@good%2fx
/@evil/../@good/x                    /@good%2fx
/@good/x/-/x-1.0.0.tgz               /@good/x/-/x-1.0.0.tgz
/@good%2fx/-/x-1.0.0.tgz             /@good/x/-/x-1.0.0.tgz
/@good/x/-/@good/x-1.0.0.tgz         /@good/x/-/x-1.0.0.tgz
/-/package/@good%2Fx/dist-tags       /-/package/@good%2fx/dist-tags
_

our $npm_not_allowed = cases(<<'_');
/evil-pkg                        evil-pkg
/left-pad2                       left-pad2
/left_pad                        left_pad
/left.pad                        left.pad
/leftpad                         leftpad
/%65vil-pkg                      evil-pkg
/left-pad/../evil-pkg            evil-pkg
/left-pad/%2e%2e/evil-pkg        evil-pkg
/left-pad%2F..%2Fevil-pkg        evil-pkg
/evil-pkg#/../left-pad           evil-pkg
/evil-pkg/-/evil-pkg-1.0.0.tgz   evil-pkg
/-/package/evil-pkg/dist-tags    evil-pkg
/@good%2f..%2fevil-pkg           evil-pkg
/@evil%2fx                       @evil/x
/%40evil/x                       @evil/x
/@goodx/x                        @goodx/x
/@GOOD%2f..%2f@evil%2fx          @evil/x
_


# ======================================================================
# PyPI (pypi-deny: foo-bar; pypi-only: good-pkg)

our $pypi_blocked = cases(<<'_');
/pypi/simple/foo-bar/
/pypi/simple/foo-bar
/pypi/simple/Foo-Bar/
/pypi/simple/FOO_BAR/
/pypi/simple/foo_bar/
/pypi/simple/foo.bar/
/pypi/simple/Foo.Bar
/pypi/simple/foo--bar/
/pypi/simple/foo__bar/
/pypi/simple/foo_-_bar/
/pypi/simple/foo-._bar/
/pypi/simple/foo%2dbar/
/pypi/simple/foo%5Fbar/
/pypi/simple/foo%2ebar/
/pypi/simple/%66oo-bar/
/pypi/simple/%46%4F%4F-%42%41%52/
//pypi//simple//foo-bar//
/pypi/simple/./foo-bar/
/pypi/simple/x/../foo-bar/
/pypi/simple/x/%2e%2e/foo-bar/
/pypi/simple/x/.%2E/foo-bar/
/pypi/simple/foo-bar/?format=json
/pypi/simple/foo-bar/#/../../good-pkg/
/pypi/pypi/foo-bar/json
/pypi/pypi/Foo_Bar/json
/pypi/pypi/foo.bar/1.0/json
/pypi/pypi/foo-bar/json/
/pypi/pypi/good-pkg/../foo-bar/json
/pypi/packages/ab/cd/ef0123/foo_bar-1.0-py3-none-any.whl
/pypi/packages/ab/cd/ef0123/Foo_Bar-1.0-cp311-cp311-manylinux_2_17_x86_64.whl
/pypi/packages/ab/cd/ef0123/foo.bar-1.0-py2.py3-none-any.whl
/pypi/packages/ab/cd/ef0123/foo_bar-1.0-py3-none-any.whl.metadata
/pypi/packages/AB/CD/EF0123/foo_bar-1.0-py3-none-any.whl
/pypi/packages/ab/cd/ef0123/foo-bar-1.0.tar.gz
/pypi/packages/ab/cd/ef0123/Foo.Bar-1.0.tar.gz
/pypi/packages/ab/cd/ef0123/foo_bar-1.0.zip
/pypi/packages/ab/cd/ef0123/foo_bar-1.0rc1.tar.gz
/pypi/packages/ab/cd/ef0123/foo_bar-1.0-rc1.tar.gz
/pypi/packages/ab/cd/ef0123/foo_bar-1.0.tar.gz.metadata
/pypi/packages/ab/cd/ef0123/foo.bar-1.0-py3.11.egg
/pypi/packages/source/f/foo-bar/foo-bar-1.0.tar.gz
/pypi/packages/source/f/foo_bar/Foo.Bar-1.0.zip
/pypi/packages/py3/f/foo-bar/foo_bar-1.0-py3-none-any.whl
/pypi/packages/ab/cd/ef0123/foo-bar-2-1.tar.gz
/pypi/packages/ab/cd/ef0123/foo.bar-1.0.win-amd64.msi
/pypi/packages/ab/cd/ef0123/Foo_Bar-1.0-1.noarch.rpm
/pypi/integrity/Foo_Bar/1.0/foo_bar-1.0.tar.gz/provenance
/pypi/integrity/foo.bar/1.0/foo_bar-1.0-py3-none-any.whl/provenance
/pypi/project/Foo.Bar/
/pypi/pypi/foo_bar
/pypi/rss/project/FOO-BAR/releases.xml
_

our $pypi_invalid = cases(<<'_');
/pypi/simple/foo%252dbar/
/pypi/simple/foo-bar-/
/pypi/simple/-foo-bar/
/pypi/simple/foo~bar/
/pypi/simple/foo-bar/x/
/pypi/packages/source/g/good-pkg/foo_bar-1.0.tar.gz
/pypi/packages/source/g/good-pkg/foo_bar-1.0-py3-none-any.whl
/pypi/packages/ab/cd/ef0123/foo_bar.tar.gz
/pypi/simple/foo%5cbar/
_

our $pypi_allowed = cases(<<'_');
/simple/good-pkg/                                      /simple/good-pkg/
/simple/Good_Pkg/                                      /simple/good-pkg/
/simple/good.pkg                                       /simple/good-pkg/
/simple/GOOD--PKG/                                     /simple/good-pkg/
/simple/good_._pkg/                                    /simple/good-pkg/
/simple/%67ood-pkg/                                    /simple/good-pkg/
/simple/x/../Good.Pkg/                                 /simple/good-pkg/
//simple//good_pkg//                                   /simple/good-pkg/
/simple/foo-bar/%2e%2e/good-pkg                        /simple/good-pkg/
/pypi/Good.Pkg/json                                    /pypi/good-pkg/json
/pypi/good_pkg/1.0/json                                /pypi/good-pkg/1.0/json
/packages/ab/cd/ef0123/good_pkg-1.0-py3-none-any.whl   /packages/ab/cd/ef0123/good_pkg-1.0-py3-none-any.whl
/packages/ab/cd/ef0123/Good.Pkg-1.0.tar.gz             /packages/ab/cd/ef0123/Good.Pkg-1.0.tar.gz
/packages/source/g/good_pkg/good-pkg-1.0.tar.gz        /packages/source/g/good_pkg/good-pkg-1.0.tar.gz
/simple/                                               /simple/
/packages/ab/cd/ef0123/good_pkg-1.0.tar.gz.metadata    /packages/ab/cd/ef0123/good_pkg-1.0.tar.gz.metadata
/integrity/Good.Pkg/1.0/good_pkg-1.0.tar.gz/provenance /integrity/good-pkg/1.0/good_pkg-1.0.tar.gz/provenance
_

our $pypi_not_allowed = cases(<<'_');
/simple/foo-bar/                                           foo-bar
/simple/Foo.Bar/                                           foo-bar
/simple/good-pkg2/                                         good-pkg2
/simple/goodpkg/                                           goodpkg
/simple/good/                                              good
/simple/good-pkg/../foo-bar/                               foo-bar
/simple/good-pkg%2f..%2ffoo-bar/                           foo-bar
/pypi/foo_bar/json                                         foo-bar
/packages/ab/cd/ef0123/foo_bar-1.0-py3-none-any.whl        foo-bar
/packages/ab/cd/ef0123/good-pkg-extra-1.0.tar.gz           good-pkg-extra
/packages/ab/cd/ef0123/good-pkg-2-1.tar.gz                 good-pkg-2
/integrity/foo-bar/1.0/foo_bar-1.0.tar.gz/provenance       foo-bar
_


# ======================================================================
# Docker (docker-deny: library/ubuntu; docker-only: library/alpine)

our $docker_blocked = cases(<<'_');
/docker/v2/ubuntu/manifests/latest
/docker/v2/library/ubuntu/manifests/latest
/docker/v2/ubuntu/manifests/22.04
/docker/v2/ubuntu/manifests/$SHA
/docker/v2/library/ubuntu/manifests/$SHA
/docker/v2/ubuntu/blobs/$SHA
/docker/v2/library/ubuntu/blobs/$SHA
/docker/v2/ubuntu/tags/list
/docker/v2/library/ubuntu/tags/list?n=10
/docker/v2/ubuntu/referrers/$SHA
/docker/v2/%75buntu/manifests/latest
/docker/v2/%6c%69%62%72%61%72%79/ubuntu/manifests/latest
/docker/v2/library%2fubuntu/manifests/latest
/docker/v2/library%2Fubuntu/blobs/$SHA
//docker//v2//ubuntu//manifests//latest
/docker/v2/./ubuntu/manifests/latest
/docker/v2/alpine/../ubuntu/manifests/latest
/docker/v2/x/%2e%2e/library/ubuntu/manifests/latest
/docker/v2/alpine/manifests/../../ubuntu/manifests/latest
/docker/v2/ubuntu/manifests/latest/
/docker/v2/ubuntu/manifests/latest#/../../../alpine/manifests/latest
/docker/v2/ubuntu/manifests/latest?ns=docker.io
_

our $docker_invalid = cases(<<'_');
/docker/v2/Ubuntu/manifests/latest
/docker/v2/UBUNTU/manifests/latest
/docker/v2/library/Ubuntu/blobs/$SHA
/docker/v2/%55buntu/manifests/latest
/docker/v2/library%252fubuntu/manifests/latest
/docker/v2/ubuntu/manifests/sha256:A3ED95CA
/docker/v2/ubuntu/blobs/latest
/docker/v2/ubuntu/manifests/..;
/docker/v2/_/ubuntu/manifests/latest
_

our $docker_allowed = cases(<<'_');
/v2/alpine/manifests/latest                /v2/library/alpine/manifests/latest
/v2/library/alpine/manifests/3.19          /v2/library/alpine/manifests/3.19
/v2/library%2Falpine/manifests/latest      /v2/library/alpine/manifests/latest
/v2/%61lpine/blobs/$SHA                    /v2/library/alpine/blobs/$SHA
//v2//alpine//tags//list                   /v2/library/alpine/tags/list
/v2/ubuntu/../alpine/manifests/latest      /v2/library/alpine/manifests/latest
/v2/                                       /v2/
_

our $docker_not_allowed = cases(<<'_');
/v2/ubuntu/manifests/latest                     library/ubuntu
/v2/library/ubuntu/blobs/$SHA                   library/ubuntu
/v2/alpine/../ubuntu/manifests/latest           library/ubuntu
/v2/alpine2/manifests/latest                    library/alpine2
/v2/evil/alpine/manifests/latest                evil/alpine
/v2/library/library/alpine/manifests/latest     library/library/alpine
/v2/docker.io/library/alpine/manifests/latest   docker.io/library/alpine
_


# ======================================================================
# Hugging Face (hf-deny: evil/model, datasets/evil/data; hf-only:
# good/model)

our $hf_blocked = cases(<<'_');
/hf/evil/model/resolve/main/config.json
/hf/Evil/Model/resolve/main/config.json
/hf/EVIL/MODEL/resolve/main/config.json
/hf/%65vil/model/resolve/main/config.json
/hf/evil/%6Dodel/resolve/main/config.json
/hf//evil//model//resolve//main//config.json
/hf/x/../evil/model/resolve/main/config.json
/hf/x/%2e%2e/evil/model/resolve/main/config.json
/hf/good/model/../../evil/model/resolve/main/config.json
/hf/evil/model/resolve/main/sub/dir/model.safetensors
/hf/evil/model/resolve/v1.0/config.json
/hf/evil/model/resolve/$GIT/config.json
/hf/evil/model/resolve/refs%2Fpr%2F1/config.json
/hf/evil/model/resolve/refs%2fpr%2f1/config.json
/hf/evil/model/resolve/refs/pr/1/config.json
/hf/evil/model/resolve/main%2Fx/config.json
/hf/evil/model/resolve/main%252F..%252Fx/config.json
/hf/evil/model/resolve/main/config.json?download=true
/hf/api/models/evil/model
/hf/api/models/Evil/Model
/hf/api/models/evil/model/revision/main
/hf/api/models/evil/model/revision/refs%2Fpr%2F1
/hf/api/models/evil/model/tree/main
/hf/api/models/evil/model/tree/main/sub
/hf/api/models/evil/model/paths-info/main
/hf/api/models/x/../evil/model
/hf/api/models/evil/model?expand[]=sha
_

our $hf_blocked_dataset = cases(<<'_');
/hf/datasets/evil/data/resolve/main/train.parquet
/hf/datasets/Evil/Data/resolve/main/train.parquet
/hf/datasets/evil/data/resolve/refs%2Fconvert%2Fparquet/x.parquet
/hf/api/datasets/evil/data
/hf/api/datasets/Evil/Data/revision/main
/hf/api/datasets/evil/data/tree/main
_

# an encoded "/" before the revision, or hiding "." or "..", is invalid
our $hf_invalid = cases(<<'_');
/hf/evil%2Fmodel/resolve/main/config.json
/hf/evil%2fmodel/resolve/main/config.json
/hf/api/models/evil%2Fmodel
/hf/evil/model/resolve/main%2F..%2F..%2Fx/config.json
/hf/good/model/resolve/main%2F..%2F..%2F..%2Fevil%2Fmodel/config.json
/hf/good/model/resolve/main/..%2F..%2F..%2Fevil/model/resolve/main/x
/hf/good/model/resolve/main/..%5C..%5C..%5Cevil/model/resolve/main/x
/hf/evil/model/resolve/main%2f.%2fx/c.json
/hf/api/models/good/model/revision/main%2F..%2F..%2F..%2Fevil%2Fmodel
/hf/evil/model/resolve/main
/hf%2Fevil/model/resolve/main/config.json
_

our $hf_allowed = cases(<<'_');
/good/model/resolve/main/config.json                  /good/model/resolve/main/config.json
/Good/Model/resolve/main/config.json                  /Good/Model/resolve/main/config.json
/%67ood/model/resolve/main/config.json                /good/model/resolve/main/config.json
//good//model//resolve//main//config.json             /good/model/resolve/main/config.json
/good/model/resolve/refs/pr/1/config.json             /good/model/resolve/refs%2Fpr%2F1/config.json
/good/model/resolve/refs%2fpr%2f1/config.json         /good/model/resolve/refs%2Fpr%2F1/config.json
/good/model/resolve/main/sub/./x.bin                  /good/model/resolve/main/sub/x.bin
/good/model/resolve/main/sub/../x.bin                 /good/model/resolve/main/x.bin
/good/model/resolve/main/x.bin#/../../../../../evil/model/resolve/main/y   /good/model/resolve/main/x.bin
/good/model/resolve/main/..;/..;/..;/..;/evil/model/resolve/main/x         /good/model/resolve/main/..%3B/..%3B/..%3B/..%3B/evil/model/resolve/main/x
/good/model/resolve/main/%2e%2e%3b/x                  /good/model/resolve/main/..%3B/x
/api/models/good/model/revision/refs%2Fpr%2F1         /api/models/good/model/revision/refs%2Fpr%2F1
/api/models/good/model/tree/main/..;/..;/..;/evil     /api/models/good/model/tree/main/..%3B/..%3B/..%3B/evil
_

our $hf_not_allowed = cases(<<'_');
/evil/model/resolve/main/config.json                   evil/model
/good/model2/resolve/main/config.json                  good/model2
/good/resolve/main/config.json                         good
/good/model/../../evil/model/resolve/main/x            evil/model
/good/model/resolve/main/../../../../evil/model/resolve/main/x   evil/model
/api/models/evil/model                                 evil/model
/api/models/good/model/../../evil/model                evil/model
/datasets/good/model/resolve/main/x                    datasets/good/model
/spaces/good/model/resolve/main/x                      spaces/good/model
_


# ======================================================================
# RubyGems (gems-deny: evil-gem; gems-only: good-gem, rake)

our $gems_blocked = cases(<<'_');
/gems/info/evil-gem
/gems/info/Evil-Gem
/gems/info/EVIL-GEM
/gems/info/%65vil-gem
/gems/info/evil%2Dgem
/gems//info//evil-gem
/gems/info/x/../evil-gem
/gems/info/x/%2e%2e/evil-gem
/gems/gems/evil-gem-1.0.gem
/gems/gems/Evil-Gem-1.0.gem
/gems/gems/evil-gem-1.0.0.pre1.gem
/gems/gems/evil-gem-1.0-x86_64-linux.gem
/gems/gems/evil-gem-1.0-x86_64-linux-musl.gem
/gems/gems/evil-gem-1.0-java.gem
/gems/gems/evil-gem-1.0-universal-darwin-22.gem
/gems/gems/evil-gem-1.0-x64-mingw-ucrt.gem
/gems/gems/evil-gem-1.0-arm64-darwin.gem
/gems/gems/evil-gem-1.0-aarch64-linux-gnu.gem
/gems/gems/evil-gem-1.0-sparc64-solaris-2.10.gem
/gems/gems/evil-gem-1.0-e2k-linux.gem
/gems/quick/Marshal.4.8/evil-gem-1.0-sparc64-solaris-2.10.gemspec.rz
/gems/gems/%65vil-gem-1.0.gem
/gems/downloads/evil-gem-1.0.gem
/gems/quick/Marshal.4.8/evil-gem-1.0.gemspec.rz
/gems/quick/Marshal.4.8/evil-gem-1.0-x86_64-linux.gemspec.rz
/gems/quick/Marshal.4.8/Evil-Gem-1.0-java.gemspec.rz
/gems/api/v1/gems/evil-gem.json
/gems/api/v1/versions/evil-gem.json
/gems/api/v1/versions/evil-gem/latest.json
/gems/gems/evil-gem
/gems/gems/evil-gem/versions
/gems/gems/evil-gem/versions/1.0
/gems/api/v1/dependencies?gems=evil-gem
/gems/api/v1/dependencies?gems=rake,evil-gem,rack
/gems/api/v1/dependencies?gems=rake%2Cevil-gem%2Crack
/gems/api/v1/dependencies?gems=rake%2cevil-gem
/gems/api/v1/dependencies?gems=Evil-Gem
/gems/api/v1/dependencies?gems=%65vil-gem
/gems/api/v1/dependencies?gems=rake,evil-gem%2C
/gems/api/v1/dependencies?gems=rake&gems=evil-gem
/gems/api/v1/dependencies?%67ems=evil-gem
/gems/api/v1/dependencies?%67%65%6d%73=rake,evil-gem
/gems/api/v1/dependencies?foo=1&g%65ms=evil-gem
/gems/api/v1/dependencies.json?gems=evil-gem
_

our $gems_invalid = cases(<<'_');
/gems/api/v1/dependencies?gems=rake;gems=evil-gem
/gems/api/v1/dependencies?gems=rake+evil-gem
/gems/api/v1/dependencies?gems=rake,,evil-gem
/gems/api/v1/dependencies?gems=evil-gem%252C
/gems/gems/evil-gem.gem
/gems/info/evil-gem%252d
/gems/quick/Marshal.4.8/evil-gem.gemspec.rz
/gems/gems/evil-gem-1.0.gem%5C
_

our $gems_allowed = cases(<<'_');
/info/good-gem                                      /info/good-gem
/info/%67ood-gem                                    /info/good-gem
/info/x/../good-gem                                 /info/good-gem
/gems/good-gem-1.0.gem                              /gems/good-gem-1.0.gem
/gems/good-gem-1.0-x86_64-linux.gem                 /gems/good-gem-1.0-x86_64-linux.gem
/quick/Marshal.4.8/good-gem-1.0.gemspec.rz          /quick/Marshal.4.8/good-gem-1.0.gemspec.rz
/api/v1/dependencies?gems=rake%2Cgood-gem           /api/v1/dependencies?gems=rake,good-gem
/api/v1/dependencies?%67ems=good-gem&x=1            /api/v1/dependencies?gems=good-gem
/api/v1/dependencies?gems=rake&gems=good-gem        /api/v1/dependencies?gems=rake,good-gem
/api/v1/dependencies?x=1;gems=evil-gem              /api/v1/dependencies
/api/v1/dependencies?gems%5B%5D=evil-gem            /api/v1/dependencies
/api/v1/dependencies?gems[]=evil-gem                /api/v1/dependencies
/versions                                           /versions
_

our $gems_not_allowed = cases(<<'_');
/info/evil-gem                                  evil-gem
/info/good_gem                                  good_gem
/info/good-gem2                                 good-gem2
/gems/good-gem-x-1.0.gem                        good-gem-x
/gems/good-gem-1.0-evil-2.0.gem                 good-gem-1.0-evil
/quick/Marshal.4.8/evil-gem-1.0.gemspec.rz      evil-gem
/api/v1/dependencies?gems=good-gem,evil-gem     evil-gem
/api/v1/dependencies?gems=good-gem%2Cevil-gem   evil-gem
/api/v1/dependencies?gems=rake&%67ems=evil-gem  evil-gem
/api/v1/dependencies?%67ems=evil-gem            evil-gem
_


# ======================================================================
# Cargo (cargo-deny: evil-crate, ev, evl; cargo-only: good-crate)

our $cargo_blocked = cases(<<'_');
/cargo/ev/il/evil-crate
/cargo/ev/il/evil_crate
/cargo/EV/IL/Evil-Crate
/cargo/Ev/Il/EVIL_CRATE
/cargo/ev/il/%65vil-crate
/cargo/ev/il/evil%5Fcrate
/cargo/ev/il/evil%2dcrate
//cargo//ev//il//evil-crate
/cargo/ev/x/../il/evil-crate
/cargo/ev/il/./evil-crate
/cargo/ev/il/evil-crate?x=1
/cargo/ev/il/evil-crate#/../../../go/od/good-crate
/cargo/api/v1/crates/evil-crate/1.0.0/download
/cargo/api/v1/crates/evil_crate/1.0.0/download
/cargo/api/v1/crates/Evil_Crate/1.0.0/download
/cargo/api/v1/crates/%65vil-crate/1.0.0/download
/cargo/api/v1/crates/x/../evil-crate/1.0.0/download
/cargo/api/v1/crates/good-crate/../evil-crate/1.0.0/download
/cargo/api/v1/crates/evil-crate
/cargo/api/v1/crates/evil-crate/versions
/cargo/api/v1/crates/evil-crate/1.0.0/readme
/cargo/crates/evil-crate/evil-crate-1.0.0.crate
/cargo/crates/evil_crate/evil_crate-1.0.0.crate
/cargo/crates/Evil-Crate/evil-crate-1.0.0.crate
/cargo/crates/evil-crate/1.0.0/download
/cargo/crates/evil_crate/1.0.0-beta.1/download
_

# the sparse index of short names: /1/<n>, /2/<n>, /3/<c>/<n>
our $cargo_blocked_short = cases(<<'_');
/cargo/2/ev                  ev
/cargo/2/EV                  ev
/cargo/2/%65v                ev
/cargo/api/v1/crates/ev/0.1.0/download   ev
/cargo/3/e/evl               evl
/cargo/3/E/Evl               evl
/cargo/3/x/../e/evl          evl
/cargo/crates/evl/evl-0.1.0.crate   evl
_

our $cargo_invalid = cases(<<'_');
/cargo/ab/cd/evil-crate
/cargo/ev/li/evil-crate
/cargo/3/e/evil-crate
/cargo/1/ev
/cargo/3/x/evl
/cargo/crates/good-crate/evil-crate-1.0.0.crate
/cargo/crates/evil_crate/evil-crate-1.0.0.crate
/cargo/api/v1/crates/evil%252dcrate/1.0.0/download
/cargo/api/v1/crates/evil-crate/latest/download
_

our $cargo_allowed = cases(<<'_');
/go/od/good-crate                              /go/od/good-crate
/go/od/good_crate                              /go/od/good_crate
/GO/OD/Good-Crate                              /GO/OD/Good-Crate
/go/od/x/../good-crate                         /go/od/good-crate
/go/od/%67ood-crate                            /go/od/good-crate
/api/v1/crates/good_crate/1.0.0/download       /api/v1/crates/good_crate/1.0.0/download
/crates/good-crate/good-crate-1.0.0.crate      /crates/good-crate/good-crate-1.0.0.crate
/config.json                                   /config.json
_

our $cargo_not_allowed = cases(<<'_');
/ev/il/evil-crate                                              evil-crate
/go/od/good-crate2                                             good-crate2
/go/od/goodcrate                                               goodcrate
/api/v1/crates/good-crate/../../crates/evil-crate/1.0.0/download   evil-crate
/crates/evil-crate/1.0.0/download                              evil-crate
/3/g/goo                                                       goo
_


# ======================================================================
# GitHub (gh-deny: evil/repo; gh-only: good/repo)

our $gh_blocked = cases(<<'_');
/gh/evil/repo/archive/refs/tags/v1.0.tar.gz
/gh/evil/repo/archive/refs/heads/main.zip
/gh/evil/repo/archive/v1.0.zip
/gh/evil/repo/archive/$GIT.tar.gz
/gh/Evil/Repo/archive/refs/tags/v1.0.tar.gz
/gh/EVIL/REPO/archive/v1.0.zip
/gh/%65vil/repo/archive/v1.0.zip
/gh/evil/%72epo/archive/v1.0.zip
/gh/evil%2frepo/archive/v1.0.zip
/gh/evil%2Frepo/archive/v1.0.zip
//gh//evil//repo//archive//v1.0.zip
/gh/x/../evil/repo/archive/v1.0.zip
/gh/x/%2e%2e/evil/repo/archive/v1.0.zip
/gh/good/repo/../../evil/repo/archive/v1.0.zip
/gh/evil/repo/archive/refs/tags/v1.0.tar.gz?x=1
/gh/evil/repo/archive/v1.0.zip#/../../../../good/repo/archive/v1.0.zip
/gh/evil/repo.git/archive/v1.0.zip
/gh/evil/Repo.GIT/archive/refs/tags/v1.0.tar.gz
/gh/evil/repo%2egit/archive/v1.0.zip
/gh/evil/repo.git.git/archive/v1.0.zip
/gh/evil/repo/tar.gz/refs/tags/v1.0
/gh/evil/repo/zip/refs/heads/main
/gh/evil/repo/tar.gz/v1.0
/gh/evil/repo/legacy.tar.gz/main
/gh/evil/repo/legacy.zip/refs/heads/main
/gh/evil/repo/tarball/v1.0
/gh/evil/repo/zipball/main
/gh/evil/repo.git/tarball/v1.0
/gh/evil/repo/releases/download/v1.0/tool-linux-amd64.tar.gz
/gh/evil/repo/releases/download/v1.0/tool.zip
/gh/Evil/Repo/releases/latest/download/tool.zip
/gh/evil/repo/releases/download/v1.0/../v2.0/tool.zip
/gh/repos/evil/repo/tarball
/gh/repos/evil/repo/zipball/v1.0
/gh/repos/Evil/Repo/tarball/main
/gh/repos/evil/repo.git/tarball/main
/gh/evil/repo/raw/main/setup.py
/gh/Evil/Repo/blob/main/setup.py?raw=true
/gh/evil/repo/main/setup.py
/gh/evil%2Frepo%2Fmain%2Fsetup.py
/gh/good/repo/../../evil/repo/refs/heads/main/x.py
/gh/evil/repo/info/refs?service=git-upload-pack
/gh/evil/repo.git/info/refs?service=git-upload-pack
/gh/EVIL/REPO.GIT/info/refs?service=git-upload-pack
/gh/evil/repo%2egit/info/refs?service=git-upload-pack
/gh/repos/evil/repo/contents/setup.py
/gh/repos/EVIL/repo/git/blobs/$GIT
/gh/repos/evil/repo/releases/assets/1
/gh/repos/evil/repo/actions/artifacts/1/zip
/gh/repos/evil/repo/issues
/gh/api/v3/repos/evil/repo/zipball
/gh/evil/repo/-/raw/main/setup.py
/gh/Evil/Repo/-/jobs/artifacts/main/download?job=build
/gh/evil/repo/-/releases/v1/downloads/x.zip
/gh/evil/repo/-/issues/1
/gh/api/v4/projects/evil%2Frepo/repository/archive
/gh/api/v4/projects/EVIL%2FREPO/repository/files/x.py/raw?ref=main
/gh/api/v4/projects/evil%2frepo/repository/blobs/$GIT/raw
/gh/api/v4/projects/evil/repo/repository/archive.zip
_

our $gh_invalid = cases(<<'_');
/gh/evil/repo/archive/v1.0.tar.bz2
/gh/evil/repo/archive/main
/gh/evil/re%20po/archive/v1.0.zip
/gh/.evil/repo/archive/v1.0.zip
/gh/evil/.git/archive/v1.0.zip
/gh/evil/repo/archive/v1%5C..%5C..%5Cx.zip
_

our $gh_allowed = cases(<<'_');
/good/repo/archive/v1.0.zip                          /good/repo/archive/v1.0.zip
/Good/Repo/archive/v1.0.zip                          /Good/Repo/archive/v1.0.zip
/good/repo.git/archive/v1.0.zip                      /good/repo/archive/v1.0.zip
/good/Repo.Git/tar.gz/v1.0                           /good/Repo/tar.gz/v1.0
/%67ood/repo/archive/refs/tags/v1.0.tar.gz           /good/repo/archive/refs/tags/v1.0.tar.gz
//good//repo//archive//v1.0.zip                     /good/repo/archive/v1.0.zip
/good/repo/archive/refs/heads/feature%2Fx.zip        /good/repo/archive/refs/heads/feature/x.zip
/good/repo/releases/download/v1.0/tool%20v1.zip      /good/repo/releases/download/v1.0/tool%20v1.zip
/good/repo/releases/download/v1.0/..;/..;/..;/..;/..;/evil/repo/archive/v1.0.zip   /good/repo/releases/download/v1.0/..%3B/..%3B/..%3B/..%3B/..%3B/evil/repo/archive/v1.0.zip
/good/repo/info/refs?service=git-upload-pack         /good/repo.git/info/refs?service=git-upload-pack
/Good/Repo.GIT.git/info/refs?service=git-upload-pack /Good/Repo.git/info/refs?service=git-upload-pack
/good/repo/main/..;/..;/..;/evil/repo/main/x         /good/repo/main/..%3B/..%3B/..%3B/evil/repo/main/x
/api/v4/projects/good/repo/repository/archive        /api/v4/projects/good%2Frepo/repository/archive
/api/v4/projects/good%2frepo/repository/files/a%2Fb.py/raw?ref=main   /api/v4/projects/good%2Frepo/repository/files/a%2Fb.py/raw?ref=main
_

our $gh_not_allowed = cases(<<'_');
/evil/repo/archive/v1.0.zip                                   evil/repo
/good/repo2/archive/v1.0.zip                                  good/repo2
/good/repo-js/archive/v1.0.zip                                good/repo-js
/good/repo/../../evil/repo/archive/v1.0.zip                   evil/repo
/good/repo/archive/..%2F..%2F..%2Fevil/repo/archive/v1.0.zip  evil/repo
/repos/evil/repo/tarball                                      evil/repo
/evil/repo.git/archive/v1.0.zip                               evil/repo
/good/sub/repo/-/archive/v1/repo-v1.zip                       good/sub/repo
/good/repo/../../evil/repo/main/x.py                          evil/repo
/evil/repo.git/info/refs?service=git-upload-pack              evil/repo
/good/sub/repo.git/info/refs?service=git-upload-pack          good/sub/repo
/good/sub/repo/-/raw/main/x.py                                good/sub/repo
/repos/evil/repo/contents/x.py                                evil/repo
/api/v4/projects/good%2Frepo2/repository/archive              good/repo2
/api/v4/projects/good%2Frepo%2F..%2F..%2Fevil%2Frepo/repository/archive   evil/repo
_


# ======================================================================
# cache mode: the upstream is /upstream/<eco>/ of the same server, which
# echoes $request_uri; each case is "path upstream-URI" or "path 403"

our $npm_cache = cases(<<'_');
/npm/%6Ceft-pad                         /left-pad
/npm//x/..//@good%2Fx                   /@good%2fx
/npm/%40good/x/-/x-1.0.0.tgz            /@good/x/-/x-1.0.0.tgz
/npm/left-pad/%2d/left-pad-1.3.0.tgz    /left-pad/-/left-pad-1.3.0.tgz
/npm/left-pad?x#/../evil-pkg            /left-pad
/npm/evil-pkg                           403   evil-pkg
/npm/Evil-Pkg/-/evil-pkg-1.0.0.tgz      403   evil-pkg
/npm/@evil%2Fx                          403   @evil/x @evil/*
/npm/left-pad/..%2Fevil-pkg             403   evil-pkg
/npm/evil-pkg#/../left-pad              403   evil-pkg
_

our $pypi_cache = cases(<<'_');
/pypi/simple/Good_Pkg                                  /simple/good-pkg/
/pypi/pypi/GOOD.pkg/1.0/json                           /pypi/good-pkg/1.0/json
/pypi/packages/ab/cd/ef0123/Good.Pkg-1.0.tar.gz        /packages/ab/cd/ef0123/Good.Pkg-1.0.tar.gz
/pypi/simple/foo_bar/                                  403   foo-bar
/pypi/simple/good-pkg/%2e%2e/Foo.Bar/                  403   foo-bar
/pypi/packages/ab/cd/ef0123/foo.bar-1.0-py3-none-any.whl   403   foo-bar
_

our $docker_cache = cases(<<'_');
/docker/v2/alpine/manifests/latest                 /v2/library/alpine/manifests/latest
/docker/v2/library%2Falpine/blobs/$SHA             /v2/library/alpine/blobs/$SHA
/docker/v2/ubuntu/manifests/latest                 403   library/ubuntu
/docker/v2/library%2fubuntu/blobs/$SHA             403   library/ubuntu
/docker/v2/alpine/../ubuntu/tags/list              403   library/ubuntu
_

our $hf_cache = cases(<<'_');
/hf/good/model/resolve/refs/pr/1/config.json       /good/model/resolve/refs%2Fpr%2F1/config.json
/hf/good/model/resolve/main/..;/..;/x              /good/model/resolve/main/..%3B/..%3B/x
/hf/Good/Model/resolve/main/sub/../y.bin           /Good/Model/resolve/main/y.bin
/hf/evil/model/resolve/main/config.json            403   evil/model
/hf/good/model/../../Evil/Model/resolve/main/x     403   evil/model
/hf/api/models/evil/model/revision/main            403   evil/model
_

our $gems_cache = cases(<<'_');
/gems/info/%67ood-gem                              /info/good-gem
/gems/api/v1/dependencies?gems=rake%2Cgood-gem     /api/v1/dependencies?gems=rake,good-gem
/gems/api/v1/dependencies?x=1;gems=evil-gem        /api/v1/dependencies
/gems/api/v1/dependencies?gems%5B%5D=evil-gem      /api/v1/dependencies
/gems/api/v1/dependencies?%67ems=evil-gem          403   evil-gem
/gems/api/v1/dependencies?gems=rake,evil-gem       403   evil-gem
/gems/gems/evil-gem-1.0-x86_64-linux.gem           403   evil-gem
_

our $cargo_cache = cases(<<'_');
/cargo/go/od/x/../good-crate                       /go/od/good-crate
/cargo/api/v1/crates/good_crate/1.0.0/download     /api/v1/crates/good_crate/1.0.0/download
/cargo/ev/il/evil_crate                            403   evil-crate
/cargo/crates/Evil-Crate/evil-crate-1.0.0.crate    403   evil-crate
_

our $gh_cache = cases(<<'_');
/gh/good/repo.git/archive/v1.0.zip                  /good/repo/archive/v1.0.zip
/gh/good/repo/releases/download/v1/..;/..;/x.zip    /good/repo/releases/download/v1/..%3B/..%3B/x.zip
/gh/evil/repo.git/archive/v1.0.zip                  403   evil/repo
/gh/good/repo/../../Evil/Repo/tarball/v1.0          403   evil/repo
/gh/good/repo/info/refs?service=git-upload-pack      /good/repo.git/info/refs?service=git-upload-pack
/gh/api/v4/projects/good/repo/repository/archive     /api/v4/projects/good%2Frepo/repository/archive
/gh/evil/repo/main/x.py                              403   evil/repo
/gh/api/v4/projects/evil%2Frepo/repository/archive   403   evil/repo
_


add_block_preprocessor(sub {
    my $block = shift;
    my $rules = <<'_EOC_';
    pkg_reroute_rule npm-deny block { evil-pkg; "@evil/*"; }
    pkg_reroute_rule npm-only allow { left-pad; "@good/*"; }
    pkg_reroute_rule pypi-deny block { foo-bar; }
    pkg_reroute_rule pypi-only allow { good-pkg; }
    pkg_reroute_rule docker-deny block { library/ubuntu; }
    pkg_reroute_rule docker-only allow { library/alpine; }
    pkg_reroute_rule hf-deny block { evil/model; datasets/evil/data; }
    pkg_reroute_rule hf-only allow { good/model; }
    pkg_reroute_rule gems-deny block { evil-gem; }
    pkg_reroute_rule gems-only allow { good-gem; rake; }
    pkg_reroute_rule cargo-deny block { evil-crate; ev; evl; }
    pkg_reroute_rule cargo-only allow { good-crate; }
    pkg_reroute_rule gh-deny block { evil/repo; }
    pkg_reroute_rule gh-only allow { good/repo; }
    proxy_cache_path cache_temp levels=1:2 keys_zone=bypass:1m;
    log_format upstream_got 'upstream got: $request_uri';
_EOC_
    # the upstream of the cache-mode blocks: logs what it received to the
    # error log (where --- error_log looks) and echoes it
    my $upstream = <<'_EOC_';
    location /upstream/ {
        access_log logs/error.log upstream_got;
        default_type text/plain;
        return 200 "$request_uri\n";
    }
_EOC_
    $block->set_value("http_config", $rules . ($block->http_config // ''));
    $block->set_value("config", ($block->config // '') . $upstream);
});

run_tests();

__DATA__

=== TEST 1: npm, block mode under a prefix: case, %-encoded letters, dot segments, repeated slashes, a fragment, versions and tarballs of evil-pkg
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
::get($::npm_blocked)
--- error_code eval
::all(403, $::npm_blocked)
--- response_body eval
::blocked('npm', 'npm-deny', 'evil-pkg', 'evil-pkg', $::npm_blocked)



=== TEST 2: npm, block mode: a scope as @scope%2fname, %2F, /, %40, any case, through dot segments, tarballs and dist-tags
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
::get($::npm_blocked_scope)
--- error_code eval
::all(403, $::npm_blocked_scope)
--- response_body eval
::blocked('npm', 'npm-deny', '@evil/x', '@evil/*', $::npm_blocked_scope)



=== TEST 3: npm: double encoding, another package's tarball, ";", a backslash, overlong UTF-8 are invalid (400, npm's format)
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
::get($::npm_invalid)
--- error_code eval
::all(400, $::npm_invalid)
--- response_body_like eval
::invalid_like('npm', $::npm_invalid)



=== TEST 4: npm: dot segments out of the prefix land in the host-style location, guarded too; what nginx itself refuses never gets further
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
    location / {
        pkg_reroute npm;
        pkg_reroute_use npm-deny;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
['GET /npm/../evil-pkg', 'GET /npm/%2e%2e/evil-pkg', 'GET /npm/..%2Fevil-pkg', 'GET /npm/.%2E/@evil/x',
 'GET /npm/evil-pkg%2', 'GET /npm/evil%00pkg', 'GET /npm/%', 'GET /npm/../../evil-pkg']
--- error_code eval
[403, 403, 403, 403, 400, 400, 400, 400]
--- response_body_like eval
[qr/^\{"error":"package \\"evil-pkg\\" is blocked by rule/, qr/^\{"error":"package \\"evil-pkg\\" is blocked by rule/,
 qr/^\{"error":"package \\"evil-pkg\\" is blocked by rule/, qr/^\{"error":"package \\"\@evil\/x\\" is blocked by rule/,
 qr/400 Bad Request/, qr/400 Bad Request/, qr/400 Bad Request/, qr/400 Bad Request/]



=== TEST 5: npm, block mode: names next to the blocked ones pass, redirected to the canonical path, not the spelling
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
::get($::npm_neighbours)
--- error_code eval
::all(307, $::npm_neighbours)
--- response_headers eval
::locations('https://repo.example.test/npm', $::npm_neighbours)



=== TEST 6: npm, allow mode, host-style: odd spellings of allowed packages are redirected to the canonical path (case is kept: npm names compare in lower case)
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use npm-only;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
::get($::npm_allowed)
--- error_code eval
::all(307, $::npm_allowed)
--- response_headers eval
::locations('https://repo.example.test/npm', $::npm_allowed)



=== TEST 7: npm, allow mode: every spelling of a package the rule does not list is denied, naming the canonical package
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use npm-only;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
::get($::npm_not_allowed)
--- error_code eval
::all(403, $::npm_not_allowed)
--- response_body eval
::not_allowed('npm', 'npm-only', $::npm_not_allowed)



=== TEST 8: npm, allow mode: another package's tarball under an allowed name is invalid, not allowed
--- config
    location / {
        pkg_reroute npm;
        pkg_reroute_use npm-only;
        pkg_reroute_redirect https://repo.example.test/npm;
    }
--- request eval
['GET /left-pad/-/evil-pkg-1.0.0.tgz', 'GET /@good/x/-/@evil/x-1.0.0.tgz', 'GET /left-pad/-/left-pad-1.3.0.tgz%5C']
--- error_code eval
[400, 400, 400]
--- response_body_like eval
[qr/^\{"error":"invalid npm request: /, qr/^\{"error":"invalid npm request: /, qr/^\{"error":"invalid npm request: /]



=== TEST 9: npm, guard mode (no redirect, root serves $uri): a raw "#" ends the checked path where it ends nginx's
--- config
    location /files/ {
        pkg_reroute npm prefix=/files;
        pkg_reroute_use npm-deny;
        root html;
        default_type application/json;
    }
--- user_files
>>> files/evil-pkg
{"name":"evil-pkg"}
>>> files/left-pad
{"name":"left-pad"}
--- request eval
["GET /files/evil-pkg#/../left-pad", "GET /files/evil-pkg?x#/../left-pad", "GET /files/evil-pkg#", "GET /files/left-pad#/../evil-pkg"]
--- error_code eval
[403, 403, 403, 200]
--- response_body eval
[('{"error":"package \"evil-pkg\" is blocked by rule \"npm-deny\" (pattern \"evil-pkg\")"}' . "\n") x 3, qq({"name":"left-pad"}\n)]



=== TEST 10: PyPI, block mode under a prefix: PEP 503 spellings (case, runs of - _ .), encodings, dot segments, the JSON API, wheels, sdists, eggs, PEP 658 metadata
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_use pypi-deny;
        pkg_reroute_redirect https://repo.example.test/pypi;
    }
--- request eval
::get($::pypi_blocked)
--- error_code eval
::all(403, $::pypi_blocked)
--- response_body eval
::blocked('pypi', 'pypi-deny', 'foo-bar', 'foo-bar', $::pypi_blocked)



=== TEST 11: PyPI: double encoding, names that are not PEP 508, a file under another project's directory are invalid (400)
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_use pypi-deny;
        pkg_reroute_redirect https://repo.example.test/pypi;
    }
--- request eval
::get($::pypi_invalid)
--- error_code eval
::all(400, $::pypi_invalid)
--- response_body_like eval
::invalid_like('pypi', $::pypi_invalid)



=== TEST 12: PyPI, allow mode, host-style: odd spellings go to the normalised name's page
--- config
    location / {
        pkg_reroute pypi;
        pkg_reroute_use pypi-only;
        pkg_reroute_redirect https://repo.example.test/pypi;
    }
--- request eval
::get($::pypi_allowed)
--- error_code eval
::all(307, $::pypi_allowed)
--- response_headers eval
::locations('https://repo.example.test/pypi', $::pypi_allowed)



=== TEST 13: PyPI, allow mode: names not listed are denied in every spelling
--- config
    location / {
        pkg_reroute pypi;
        pkg_reroute_use pypi-only;
        pkg_reroute_redirect https://repo.example.test/pypi;
    }
--- request eval
::get($::pypi_not_allowed)
--- error_code eval
::all(403, $::pypi_not_allowed)
--- response_body eval
::not_allowed('pypi', 'pypi-only', $::pypi_not_allowed)



=== TEST 14: Docker, block mode under a prefix: the implicit library/, manifests by tag and digest, blobs, tags, referrers, encodings and dot segments
--- config
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_use docker-deny;
        pkg_reroute_redirect https://repo.example.test/docker;
    }
--- request eval
::get($::docker_blocked)
--- error_code eval
::all(403, $::docker_blocked)
--- response_body eval
::blocked('docker', 'docker-deny', 'library/ubuntu', 'library/ubuntu', $::docker_blocked)



=== TEST 15: Docker: upper case, double encoding, bad digests and references are NAME_INVALID (400)
--- config
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_use docker-deny;
        pkg_reroute_redirect https://repo.example.test/docker;
    }
--- request eval
::get($::docker_invalid)
--- error_code eval
::all(400, $::docker_invalid)
--- response_body_like eval
::invalid_like('docker', $::docker_invalid)



=== TEST 16: Docker, allow mode, host-style: an official image is redirected as library/<name>, whatever the spelling
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_use docker-only;
        pkg_reroute_redirect https://repo.example.test/docker;
    }
--- request eval
::get($::docker_allowed)
--- error_code eval
::all(307, $::docker_allowed)
--- response_headers eval
::locations('https://repo.example.test/docker', $::docker_allowed)



=== TEST 17: Docker, allow mode: other repositories are denied in Docker's format
--- config
    location / {
        pkg_reroute docker;
        pkg_reroute_use docker-only;
        pkg_reroute_redirect https://repo.example.test/docker;
    }
--- request eval
::get($::docker_not_allowed)
--- error_code eval
::all(403, $::docker_not_allowed)
--- response_body eval
::not_allowed('docker', 'docker-only', $::docker_not_allowed)



=== TEST 18: Hugging Face, block mode under a prefix: case, encodings, dot segments, revisions (encoded refs%2Fpr%2F1 and literal refs/pr/1), the API
--- config
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_use hf-deny;
        pkg_reroute_redirect https://repo.example.test/hf;
    }
--- request eval
::get($::hf_blocked)
--- error_code eval
::all(403, $::hf_blocked)
--- response_body eval
::blocked('huggingface', 'hf-deny', 'evil/model', 'evil/model', $::hf_blocked)
--- response_headers eval
::all('X-Error-Message: package "evil/model" is blocked by rule "hf-deny" (pattern "evil/model")', $::hf_blocked)



=== TEST 19: Hugging Face, block mode: datasets, by file and by API
--- config
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_use hf-deny;
        pkg_reroute_redirect https://repo.example.test/hf;
    }
--- request eval
::get($::hf_blocked_dataset)
--- error_code eval
::all(403, $::hf_blocked_dataset)
--- response_body eval
::blocked('huggingface', 'hf-deny', 'datasets/evil/data', 'datasets/evil/data', $::hf_blocked_dataset)



=== TEST 20: Hugging Face: an encoded "/" in the repo id, revisions or files hiding ".." or ".", a backslash are invalid (400)
--- config
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_use hf-deny;
        pkg_reroute_redirect https://repo.example.test/hf;
    }
--- request eval
::get($::hf_invalid)
--- error_code eval
::all(400, $::hf_invalid)
--- response_body_like eval
::invalid_like('huggingface', $::hf_invalid)



=== TEST 21: Hugging Face, allow mode, host-style: revisions re-encoded, dot segments resolved, ";" encoded so "..;" cannot climb at the repository manager
--- config
    location / {
        pkg_reroute huggingface;
        pkg_reroute_use hf-only;
        pkg_reroute_redirect https://repo.example.test/hf;
    }
--- request eval
::get($::hf_allowed)
--- error_code eval
::all(307, $::hf_allowed)
--- response_headers eval
::locations('https://repo.example.test/hf', $::hf_allowed)



=== TEST 22: Hugging Face, allow mode: other repositories (and datasets/spaces of the same id) are denied
--- config
    location / {
        pkg_reroute huggingface;
        pkg_reroute_use hf-only;
        pkg_reroute_redirect https://repo.example.test/hf;
    }
--- request eval
::get($::hf_not_allowed)
--- error_code eval
::all(403, $::hf_not_allowed)
--- response_body eval
::not_allowed('huggingface', 'hf-only', $::hf_not_allowed)



=== TEST 23: RubyGems, block mode under a prefix: the compact index, .gem files with platforms, quick/Marshal gemspecs, the JSON API, the gem's pages, every name of the dependency API (encoded commas, repeated gems=, an encoded argument name)
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use gems-deny;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
--- request eval
::get($::gems_blocked)
--- error_code eval
::all(403, $::gems_blocked)
--- response_body eval
::blocked('rubygems', 'gems-deny', 'evil-gem', 'evil-gem', $::gems_blocked)



=== TEST 24: RubyGems: lists that cannot be parsed, double encoding, file names without a version are invalid (400)
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use gems-deny;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
--- request eval
::get($::gems_invalid)
--- error_code eval
::all(400, $::gems_invalid)
--- response_body_like eval
::invalid_like('rubygems', $::gems_invalid)



=== TEST 25: RubyGems, allow mode, host-style: the redirect carries only the checked gems= list
--- config
    location / {
        pkg_reroute rubygems;
        pkg_reroute_use gems-only;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
--- request eval
::get($::gems_allowed)
--- error_code eval
::all(307, $::gems_allowed)
--- response_headers eval
::locations('https://repo.example.test/gems', $::gems_allowed)



=== TEST 26: RubyGems, allow mode: a gem not listed, alone or among listed ones, is denied
--- config
    location / {
        pkg_reroute rubygems;
        pkg_reroute_use gems-only;
        pkg_reroute_redirect https://repo.example.test/gems;
    }
--- request eval
::get($::gems_not_allowed)
--- error_code eval
::all(403, $::gems_not_allowed)
--- response_body eval
::not_allowed('rubygems', 'gems-only', $::gems_not_allowed)



=== TEST 27: Cargo, block mode under a prefix: the sparse index (/ev/il/...) and downloads (API, static .crate, static /download), - and _, case, encodings, dot segments
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use cargo-deny;
        pkg_reroute_redirect https://repo.example.test/cargo;
    }
--- request eval
::get($::cargo_blocked)
--- error_code eval
::all(403, $::cargo_blocked)
--- response_body eval
::blocked('cargo', 'cargo-deny', 'evil-crate', 'evil-crate', $::cargo_blocked)



=== TEST 28: Cargo, block mode: short names in the sparse index (/2/ev, /3/e/evl) and their downloads
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use cargo-deny;
        pkg_reroute_redirect https://repo.example.test/cargo;
    }
--- request eval
::get($::cargo_blocked_short)
--- error_code eval
::all(403, $::cargo_blocked_short)
--- response_body eval
[map { my $n = $_->[1]; qq({"errors":[{"detail":"package \\"$n\\" is blocked by rule \\"cargo-deny\\" (pattern \\"$n\\")"}]}\n) } @$::cargo_blocked_short]



=== TEST 29: Cargo: index directories that do not match the crate, a .crate of another crate, double encoding are invalid (400)
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use cargo-deny;
        pkg_reroute_redirect https://repo.example.test/cargo;
    }
--- request eval
::get($::cargo_invalid)
--- error_code eval
::all(400, $::cargo_invalid)
--- response_body_like eval
::invalid_like('cargo', $::cargo_invalid)



=== TEST 30: Cargo, allow mode, host-style: allowed crates redirected to the resolved path
--- config
    location / {
        pkg_reroute cargo;
        pkg_reroute_use cargo-only;
        pkg_reroute_redirect https://repo.example.test/cargo;
    }
--- request eval
::get($::cargo_allowed)
--- error_code eval
::all(307, $::cargo_allowed)
--- response_headers eval
::locations('https://repo.example.test/cargo', $::cargo_allowed)



=== TEST 31: Cargo, allow mode: other crates are denied in cargo's format
--- config
    location / {
        pkg_reroute cargo;
        pkg_reroute_use cargo-only;
        pkg_reroute_redirect https://repo.example.test/cargo;
    }
--- request eval
::get($::cargo_not_allowed)
--- error_code eval
::all(403, $::cargo_not_allowed)
--- response_body eval
::not_allowed('cargo', 'cargo-only', $::cargo_not_allowed)



=== TEST 32: GitHub, block mode under a prefix: archive/refs/tags, codeload, tarball/zipball, releases/download, the API, owner case, encodings, dot segments, repo.git
--- config
    location /gh/ {
        pkg_reroute github prefix=/gh;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::get($::gh_blocked)
--- error_code eval
::all(403, $::gh_blocked)
--- response_body eval
::blocked('github', 'gh-deny', 'evil/repo', 'evil/repo', $::gh_blocked)



=== TEST 33: GitHub: unknown archive formats, bad repository names, a backslash are invalid (400)
--- config
    location /gh/ {
        pkg_reroute github prefix=/gh;
        pkg_reroute_use gh-deny;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::get($::gh_invalid)
--- error_code eval
::all(400, $::gh_invalid)
--- response_body_like eval
::invalid_like('github', $::gh_invalid)



=== TEST 34: GitHub, allow mode, host-style: repo.git forwarded as repo, "..;" forwarded encoded
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-only;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::get($::gh_allowed)
--- error_code eval
::all(307, $::gh_allowed)
--- response_headers eval
::locations('https://repo.example.test/github', $::gh_allowed)



=== TEST 35: GitHub, allow mode: other repositories are denied, whatever the route
--- config
    location / {
        pkg_reroute github;
        pkg_reroute_use gh-only;
        pkg_reroute_redirect https://repo.example.test/github;
    }
--- request eval
::get($::gh_not_allowed)
--- error_code eval
::all(403, $::gh_not_allowed)
--- response_body eval
::not_allowed('github', 'gh-only', $::gh_not_allowed)



=== TEST 36: cache mode, npm: an allowed odd spelling reaches the upstream as the checked path; a blocked one never reaches it
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/npm$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::npm_cache)
--- error_code eval
::upstream_codes($::npm_cache)
--- response_body eval
::upstream_bodies('/upstream/npm', 'npm', 'npm-deny', $::npm_cache)
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 37: cache mode, npm: each allowed spelling is fetched from the upstream
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/npm$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::npm_cache))
--- error_code eval
::upstream_codes(::allowed($::npm_cache))
--- response_body eval
::upstream_bodies('/upstream/npm', 'npm', 'npm-deny', ::allowed($::npm_cache))
--- error_log eval
::upstream_got('/upstream/npm', ::allowed($::npm_cache))
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 38: cache mode, PyPI: the normalised name reaches the upstream; blocked spellings never do
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_use pypi-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/pypi$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::pypi_cache)
--- error_code eval
::upstream_codes($::pypi_cache)
--- response_body eval
::upstream_bodies('/upstream/pypi', 'pypi', 'pypi-deny', $::pypi_cache)
--- no_error_log eval
[qr/upstream got: \S*foo/i]



=== TEST 39: cache mode, PyPI: each allowed spelling is fetched from the upstream
--- config
    location /pypi/ {
        pkg_reroute pypi prefix=/pypi;
        pkg_reroute_use pypi-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/pypi$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::pypi_cache))
--- error_code eval
::upstream_codes(::allowed($::pypi_cache))
--- response_body eval
::upstream_bodies('/upstream/pypi', 'pypi', 'pypi-deny', ::allowed($::pypi_cache))
--- error_log eval
::upstream_got('/upstream/pypi', ::allowed($::pypi_cache))
--- no_error_log eval
[qr/upstream got: \S*foo/i]



=== TEST 40: cache mode, Docker: library/ reaches the upstream; ubuntu never does
--- config
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_use docker-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/docker$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::docker_cache)
--- error_code eval
::upstream_codes($::docker_cache)
--- response_body eval
::upstream_bodies('/upstream/docker', 'docker', 'docker-deny', $::docker_cache)
--- no_error_log eval
[qr/upstream got: \S*ubuntu/i]



=== TEST 41: cache mode, Docker: each allowed spelling is fetched from the upstream
--- config
    location /docker/ {
        pkg_reroute docker prefix=/docker;
        pkg_reroute_use docker-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/docker$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::docker_cache))
--- error_code eval
::upstream_codes(::allowed($::docker_cache))
--- response_body eval
::upstream_bodies('/upstream/docker', 'docker', 'docker-deny', ::allowed($::docker_cache))
--- error_log eval
::upstream_got('/upstream/docker', ::allowed($::docker_cache))
--- no_error_log eval
[qr/upstream got: \S*ubuntu/i]



=== TEST 42: cache mode, Hugging Face: the re-encoded revision and ";" reach the upstream; evil/model never does
--- config
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_use hf-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/hf$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::hf_cache)
--- error_code eval
::upstream_codes($::hf_cache)
--- response_body eval
::upstream_bodies('/upstream/hf', 'huggingface', 'hf-deny', $::hf_cache)
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 43: cache mode, Hugging Face: each allowed spelling is fetched from the upstream
--- config
    location /hf/ {
        pkg_reroute huggingface prefix=/hf;
        pkg_reroute_use hf-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/hf$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::hf_cache))
--- error_code eval
::upstream_codes(::allowed($::hf_cache))
--- response_body eval
::upstream_bodies('/upstream/hf', 'huggingface', 'hf-deny', ::allowed($::hf_cache))
--- error_log eval
::upstream_got('/upstream/hf', ::allowed($::hf_cache))
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 44: cache mode, RubyGems: only the checked gems= list reaches the upstream; an encoded argument name is checked, never forwarded unchecked
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use gems-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/gems$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::gems_cache)
--- error_code eval
::upstream_codes($::gems_cache)
--- response_body eval
::upstream_bodies('/upstream/gems', 'rubygems', 'gems-deny', $::gems_cache)
--- no_error_log eval
[qr/upstream got: \S*(evil|gems%5B|x=1)/i]



=== TEST 45: cache mode, RubyGems: each allowed spelling is fetched from the upstream
--- config
    location /gems/ {
        pkg_reroute rubygems prefix=/gems;
        pkg_reroute_use gems-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/gems$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::gems_cache))
--- error_code eval
::upstream_codes(::allowed($::gems_cache))
--- response_body eval
::upstream_bodies('/upstream/gems', 'rubygems', 'gems-deny', ::allowed($::gems_cache))
--- error_log eval
::upstream_got('/upstream/gems', ::allowed($::gems_cache))
--- no_error_log eval
[qr/upstream got: \S*(evil|gems%5B|x=1)/i]



=== TEST 46: cache mode, Cargo: the resolved index path reaches the upstream; evil-crate never does
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use cargo-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/cargo$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::cargo_cache)
--- error_code eval
::upstream_codes($::cargo_cache)
--- response_body eval
::upstream_bodies('/upstream/cargo', 'cargo', 'cargo-deny', $::cargo_cache)
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 47: cache mode, Cargo: each allowed spelling is fetched from the upstream
--- config
    location /cargo/ {
        pkg_reroute cargo prefix=/cargo;
        pkg_reroute_use cargo-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/cargo$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::cargo_cache))
--- error_code eval
::upstream_codes(::allowed($::cargo_cache))
--- response_body eval
::upstream_bodies('/upstream/cargo', 'cargo', 'cargo-deny', ::allowed($::cargo_cache))
--- error_log eval
::upstream_got('/upstream/cargo', ::allowed($::cargo_cache))
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 48: cache mode, GitHub: repo.git reaches the upstream as repo, "..;" encoded; evil/repo never does
--- config
    location /gh/ {
        pkg_reroute github prefix=/gh;
        pkg_reroute_use gh-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/gh$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get($::gh_cache)
--- error_code eval
::upstream_codes($::gh_cache)
--- response_body eval
::upstream_bodies('/upstream/gh', 'github', 'gh-deny', $::gh_cache)
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 49: cache mode, GitHub: each allowed spelling is fetched from the upstream
--- config
    location /gh/ {
        pkg_reroute github prefix=/gh;
        pkg_reroute_use gh-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/gh$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
    }
--- request eval
::get(::allowed($::gh_cache))
--- error_code eval
::upstream_codes(::allowed($::gh_cache))
--- response_body eval
::upstream_bodies('/upstream/gh', 'github', 'gh-deny', ::allowed($::gh_cache))
--- error_log eval
::upstream_got('/upstream/gh', ::allowed($::gh_cache))
--- no_error_log eval
[qr/upstream got: \S*evil/i]



=== TEST 50: cache mode: every spelling of one package URL is one cache entry, filled once from the checked path
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/npm$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request eval
['GET /npm/@good%2Fy', 'GET /npm/%40good/y', 'GET /npm//x/../@good/./y', 'GET /npm/@good%2f%79#frag']
--- error_code eval
[200, 200, 200, 200]
--- response_headers eval
["X-Cache-Status: MISS", "X-Cache-Status: HIT", "X-Cache-Status: HIT", "X-Cache-Status: HIT"]
--- response_body eval
[("/upstream/npm/\@good%2fy\n") x 4]
=== TEST 51: the fill of that entry reaches the upstream as the checked path
--- config
    location /npm/ {
        pkg_reroute npm prefix=/npm;
        pkg_reroute_use npm-deny;
        proxy_pass http://127.0.0.1:$server_port/upstream/npm$pkg_reroute_uri;
        proxy_cache bypass;
        proxy_cache_key $pkg_reroute_cache_key;
        add_header X-Cache-Status $upstream_cache_status always;
    }
--- request
GET /npm/@good%2Fy
--- response_headers
X-Cache-Status: MISS
--- response_body
/upstream/npm/@good%2fy
--- error_log
upstream got: /upstream/npm/@good%2fy



