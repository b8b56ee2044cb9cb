#!/bin/sh
# A program in another mount namespace (unshare -m, a tmpfs mounted
# there only) names its files by paths that do not exist outside, or
# name other files: the recorder reads them through /proc/PID/root/PATH.
# Launched and attached to, with -g dwarf (whose unwinding needs the
# files' CFI) and -g fp.
. "$top_srcdir/tests/t/lib.sh"
. "$top_srcdir/tests/t/mapper.sh"
require_perf

command -v unshare > /dev/null || skip_all "no unshare (Debian package util-linux)"
mkdir inside
unshare -m sh -c "mount -t tmpfs none '$SCRATCH/inside'" 2> unshare.err ||
	skip_all "cannot mount a tmpfs in a new mount namespace: $(cat unshare.err)"
build_mapper bin
# decoys where the namespace's files are: the recorder must not read these
printf 'not an ELF file\n' > inside/mapper
printf 'not an ELF file\n' > inside/libmaplib.so
D="$SCRATCH/inside"
in_ns="mount -t tmpfs none '$D' && cp bin/mapper bin/libmaplib.so '$D/' && exec '$D/mapper' hold '$D/libmaplib.so'"

for g in fp dwarf; do
	"$CPROF" record -q -g "$g" -o "run-$g.data" -- \
		$MAPPER_T unshare -m sh -c "$in_ns 1.5" > "run-$g.out" 2>&1 ||
		fail "launch -g $g: record exited $?: $(cat "run-$g.out")"
	check_names "launch -g $g" "run-$g.data" lib_leaf lib_burn run_hold main_leaf main
done

for g in fp dwarf; do
	start_hold "att-$g.out" unshare -m sh -c "$in_ns 8" || {
		fail "attach -g $g: the workload did not start: $(cat "att-$g.out.err")"
		continue
	}
	"$CPROF" record -q -g "$g" -d 1.5 -p "$HOLD_PID" -o "att-$g.data" 2> "att-$g.err" ||
		fail "attach -g $g: record exited $?: $(cat "att-$g.err")"
	kill "$HOLD_PID" 2> /dev/null
	check_names "attach -g $g" "att-$g.data" lib_leaf lib_burn run_hold main_leaf main
done
grep -q 'not an ELF' inside/mapper || fail "the decoy outside the namespace was overwritten"
finish
