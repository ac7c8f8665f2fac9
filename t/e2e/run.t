#!/usr/bin/env perl
# The end-to-end client suite under prove:
#
#   PKG_REROUTE_E2E=1 prove -v t/e2e/run.t           # redirect mode
#   PKG_REROUTE_E2E=all prove t/e2e/run.t            # redirect|cache|curation|all
#
# It only runs t/e2e/run, which prints TAP. Without PKG_REROUTE_E2E it skips:
# `prove -r t/` (make test) recurses into t/e2e/, and this suite installs
# clients (apt-get, the npm registry) and takes half a minute or more.
use strict;
use warnings;
use FindBin;

my $mode = $ENV{PKG_REROUTE_E2E} // '';
if ($mode eq '' || $mode eq '0' || $mode eq 'off') {
    print "1..0 # SKIP end-to-end client suite: set PKG_REROUTE_E2E=1 (or run t/e2e/run)\n";
    exit 0;
}
$mode = 'redirect' if $mode eq '1';
exec 'bash', "$FindBin::Bin/run", $mode
    or die "cannot run $FindBin::Bin/run: $!";
