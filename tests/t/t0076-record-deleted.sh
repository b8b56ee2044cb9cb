#!/bin/sh
# An executable and a library deleted while the program runs (their
# mappings end in " (deleted)") are read through /proc/PID/map_files or
# /proc/PID/exe while the process lives: attached to with -p after the
# deletion, and launched when the program deletes both at start. Names
# resolve and stacks unwind to a root, with -g fp and -g dwarf.
. "$top_srcdir/tests/t/lib.sh"
. "$top_srcdir/tests/t/mapper.sh"
require_perf
require_map_files

build_mapper bin

# attach: delete both files, then record the running process
for g in fp dwarf; do
	mkdir "att-$g"
	cp bin/mapper bin/libmaplib.so "att-$g/"
	start_hold "att-$g.out" "./att-$g/mapper" hold "./att-$g/libmaplib.so" 8 || {
		fail "attach -g $g: the workload did not start: $(cat "att-$g.out.err")"
		continue
	}
	rm "att-$g/mapper" "att-$g/libmaplib.so"
	grep -q "att-$g/mapper (deleted)" "/proc/$HOLD_PID/maps" ||
		fail "attach -g $g: no deleted mapping in /proc/$HOLD_PID/maps"
	"$CPROF" record -q -g "$g" -d 1.5 -p "$HOLD_PID" -o "att-$g.data" 2> "att-$g.err" ||
		fail "attach -g $g: record exited $?: $(cat "att-$g.err")"
	kill "$HOLD_PID" 2> /dev/null
	check_names "attach -g $g" "att-$g.data" lib_leaf lib_burn run_hold main_leaf main
	"$CPROF" info "att-$g.data" | grep -q "libmaplib.so (deleted).*\[symbols" ||
		fail "attach -g $g: the deleted library is not listed with symbols: $("$CPROF" info "att-$g.data" | grep libmaplib)"
	"$CPROF" info "att-$g.data" | grep -q "without a symbol in:.*deleted" &&
		fail "attach -g $g: $("$CPROF" info "att-$g.data" | grep 'without a symbol')"
done

# launch: the program deletes argv[0] and its library once loaded
for g in fp dwarf; do
	mkdir "run-$g"
	cp bin/mapper bin/libmaplib.so "run-$g/"
	"$CPROF" record -q -g "$g" -o "run-$g.data" -- \
		$MAPPER_T "./run-$g/mapper" hold "./run-$g/libmaplib.so" 1.5 unlink > "run-$g.out" 2>&1 ||
		fail "launch -g $g: record exited $?: $(cat "run-$g.out")"
	[ -e "run-$g/mapper" ] && fail "launch -g $g: the workload did not delete itself"
	check_names "launch -g $g" "run-$g.data" lib_leaf lib_burn run_hold main_leaf main
done
finish
