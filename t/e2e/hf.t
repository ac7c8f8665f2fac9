#!/usr/bin/env perl
# Hugging Face end to end (t/e2e/hf/hf_e2e.py): a huggingface_hub-like
# client (python3-requests) and the real @huggingface/hub (npm), redirect
# and cache mode, against a loopback Hub, CDN and repository manager.
#
#   PKG_REROUTE_E2E=1 prove -v t/e2e/hf.t
#
# Skips without PKG_REROUTE_E2E, as run.t does.
use strict;
use warnings;
use FindBin;

my $mode = $ENV{PKG_REROUTE_E2E} // '';
if ($mode eq '' || $mode eq '0' || $mode eq 'off') {
    print "1..0 # SKIP Hugging Face end-to-end suite: set PKG_REROUTE_E2E=1\n";
    exit 0;
}
system('python3', '-c', 'import requests') == 0
    or system('apt-get', 'install', '-y', '-q', 'python3-requests') == 0
    or do { print "1..0 # SKIP python3-requests is missing\n"; exit 0 };
exec 'python3', "$FindBin::Bin/hf/hf_e2e.py"
    or die "cannot run hf_e2e.py: $!";
