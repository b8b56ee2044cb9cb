#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Set up cprof on a Debian 12 machine and either profile the bundled demo
# or run the whole test suite:
#
#   ./setup.sh demo   install what is missing, build, record the demo
#                     program and print its top table (leaves cprof.data)
#   ./setup.sh test   install what is missing, build, and run the test
#                     suite: unit and end-to-end tests, the same under
#                     AddressSanitizer + UndefinedBehaviorSanitizer,
#                     make distcheck, and a minute of fuzzing per reader
set -eu

mode=${1:-demo}
case "$mode" in
demo | test) ;;
*)
	echo "usage: $0 demo|test" >&2
	exit 64
	;;
esac
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)

# The Debian packages cprof builds with and the demo needs, then the ones
# only the test suite uses (unit tests, sanitizers, browser, Go, lld and
# Rust-style layouts, debuginfod, protoc to decode what crossed the wire,
# perf to compare against).
packages="build-essential autoconf automake pkgconf libdw-dev libelf-dev libiberty-dev
	libprotobuf-c-dev protobuf-c-compiler libunwind-dev zlib1g-dev procps"
if [ "$mode" = test ]; then
	packages="$packages libcmocka-dev libc6-dbg libxml2-utils util-linux chromium debuginfod
		libdebuginfod1 curl binutils golang-go clang libclang-rt-14-dev lld protobuf-compiler python3
		linux-perf"
	# the browser test drives Chromium from Node.js (any recent node will do)
	command -v node > /dev/null || packages="$packages nodejs"
	command -v npm > /dev/null || packages="$packages npm"
fi
missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	echo "setup: installing$missing" >&2
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

# builds live out of the source tree: build/ and build-sanitize/
[ -x configure ] || autoreconf -fi
if [ -f Makefile ] && [ ! -d build ]; then
	echo "setup: the source tree is configured in place; run 'make distclean' first" >&2
	exit 2
fi
mkdir -p build
(cd build && { [ -f Makefile ] || ../configure --enable-werror; } && make -j"$jobs")

if [ "$mode" = demo ]; then
	# perf_event_open needs root or a permissive perf_event_paranoid
	build/cprof record -F 999 -- build/tests/workloads/calltree 3
	build/cprof report --top 15
	echo
	echo "The recording is in cprof.data: try 'build/cprof report --hotspots', 'build/cprof annotate spin_sixty',"
	echo "'build/cprof report --tree', or 'build/cprof flamegraph -o out.svg'."
	exit 0
fi

(cd build && make -j"$jobs" check VERBOSE=1)
# the same tests with the sanitizers
mkdir -p build-sanitize
(cd build-sanitize && { [ -f Makefile ] || ../configure --enable-sanitizers --enable-werror; } &&
	make -j"$jobs" check VERBOSE=1)
(cd build && make -j"$jobs" distcheck)
# every reader of outside input, fuzzed for a minute each
(cd build && make fuzz FUZZ_SECONDS=60 FUZZ_JOBS="$jobs")
