#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# setup.sh demo installs only what building and the demo need; setup.sh
# test adds what only the tests use. apt-get and dpkg-query are stand-ins
# that report nothing installed and record what would be installed.
. "$top_srcdir/tests/t/lib.sh"

mkdir bin
cat > bin/dpkg-query <<'STUB'
#!/bin/sh
exit 1
STUB
cat > bin/apt-get <<'STUB'
#!/bin/sh
[ "$1" = update ] && exit 0
echo "$@" >> "$APT_LOG"
exit 1
STUB
chmod +x bin/dpkg-query bin/apt-get
cp "$top_srcdir/setup.sh" .

for mode in demo test; do
	APT_LOG=$SCRATCH/$mode.apt PATH=$SCRATCH/bin:$PATH sh ./setup.sh "$mode" > /dev/null 2>&1
	[ -s "$mode.apt" ] || fail "setup.sh $mode ran no apt-get install"
done

for p in build-essential libdw-dev libelf-dev libiberty-dev libprotobuf-c-dev protobuf-c-compiler \
	libunwind-dev zlib1g-dev; do
	grep -qw -- "$p" demo.apt || fail "setup.sh demo does not install $p: $(cat demo.apt)"
	grep -qw -- "$p" test.apt || fail "setup.sh test does not install $p"
done
for p in chromium golang-go clang lld libcmocka-dev protobuf-compiler libc6-dbg python3; do
	if grep -qw -- "$p" demo.apt; then
		fail "setup.sh demo installs the test-only package $p"
	fi
	grep -qw -- "$p" test.apt || fail "setup.sh test does not install $p: $(cat test.apt)"
done
pass "setup.sh demo installs the build's packages only; test adds the test suite's"
finish
