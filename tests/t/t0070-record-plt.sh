#!/bin/sh
# PLT stubs are named as objdump -d labels them ("hot_fn@plt"), from the
# GOT slot each stub jumps through and the relocation that fills it: for
# GNU ld's .plt, with -z now, its IBT .plt.sec (-fcf-protection -z
# ibtplt), and lld's .plt. The expected name is objdump's label. How
# often a timer sample lands in a one-jump stub depends on the CPU (on
# AMD EPYC about 0.1% of them, as perf also sees), so the test samples
# at 10 kHz for about 4 s and asks for a count of samples in the stub,
# not a share.
. "$top_srcdir/tests/t/lib.sh"
require_perf

case $(uname -m) in
x86_64) ;;
*) skip_all "PLT stubs are decoded on x86_64 only" ;;
esac
command -v objdump > /dev/null || skip_all "no objdump (Debian package binutils)"
CC=${CC_FOR_TESTS:-cc}

cp "$top_srcdir/tests/data/plt/hot.c" "$top_srcdir/tests/data/plt/main.c" . || exit 99
$CC -O0 -shared -fPIC hot.c -o libhot.so 2> cc.err || { fail "cannot build libhot.so: $(cat cc.err)"; finish; }

# check NAME: the report of ./NAME shows objdump's label for the stub with a real share
check_plt() {
	name=$1
	label=$(objdump -d "$name" | sed -n 's/^[0-9a-f]* <\(hot_fn@plt\)>:$/\1/p' | head -1)
	[ -n "$label" ] || { fail "$name: objdump -d labels no hot_fn@plt stub"; return; }
	# the stub's share of timer samples varies from run to run: a run
	# that caught fewer than 10 is followed by another, three at most
	for round in 1 2 3; do
		"$CPROF" record -q -F 10000 -g fp -o "$name.data" -- "./$name" 4 2> "$name.err" || {
			fail "$name: record exited $?: $(cat "$name.err")"
			return
		}
		report_rows -i "$name.data" > "$name.out"
		share=$(self_pct "$label" "$name.out")
		count=$(awk -v f="$label" '$4 == f { print $3; exit }' "$name.out")
		dso=$(awk -v f="$label" '$4 == f { print $5; exit }' "$name.out")
		[ "${count:-0}" -ge 10 ] && break
	done
	if [ "${count:-0}" -ge 10 ] && [ "$dso" = "$name" ]; then
		pass "$name: $label in $dso, $count samples ($share% self)"
	else
		fail "$name: '$label' has ${count:-0} samples in '$dso': $(head -8 "$name.out")"
	fi
	grep -q "^ .* $name+0x" "$name.out" &&
		fail "$name: unnamed frames in the executable: $(grep " $name+0x" "$name.out")"
	"$CPROF" info "$name.data" | grep -q "without a symbol in:.*$name" &&
		fail "$name: info lists $name as without symbols"
}

link() {
	out=$1
	shift
	$CC -O0 "$@" main.c -o "$out" -L. -lhot -Wl,-rpath,"$SCRATCH" 2> "$out.cc.err" || {
		fail "cannot link $out ($*): $(cat "$out.cc.err")"
		return 1
	}
}

link gnu && check_plt gnu
link gnu-now -Wl,-z,now && check_plt gnu-now
if link gnu-ibt -fcf-protection -Wl,-z,ibtplt; then
	if readelf -SW gnu-ibt | grep -q ' \.plt\.sec '; then
		check_plt gnu-ibt
	else
		fail "gnu-ibt: -z ibtplt wrote no .plt.sec"
	fi
fi

if command -v ld.lld > /dev/null && command -v clang > /dev/null; then
	CC=clang
	link lld -fuse-ld=lld && check_plt lld
elif [ "${CPROF_REQUIRE_PERF:-0}" = 1 ]; then
	fail "clang and ld.lld are required here (Debian packages clang, lld)"
else
	echo "skip: lld variant: no clang or ld.lld (Debian packages clang, lld)"
fi

finish
