#!/bin/sh
# Code that never was on disk: a program that copies itself into a memfd
# and fexecve()s it (its mapping is "/memfd:mapper-exe (deleted)"), and
# one that dlopen()s a memfd copy of its library through /proc/self/fd/N.
# The recorder reads both through /proc/PID/map_files while the process
# lives: names resolve and stacks unwind, with -g fp and -g dwarf, in
# launch and attach modes.
. "$top_srcdir/tests/t/lib.sh"
. "$top_srcdir/tests/t/mapper.sh"
require_perf
require_map_files

build_mapper .

# check_memfd NAME DATA MEMFD: the recording maps MEMFD, with symbols
check_memfd() {
	"$CPROF" info "$2" > "$1.info"
	grep -q "/memfd:$3 (deleted).*\[symbols" "$1.info" ||
		fail "$1: /memfd:$3 is not listed with symbols: $(grep -i memfd "$1.info")"
	grep -q "without a symbol in:.*memfd" "$1.info" && fail "$1: $(grep 'without a symbol' "$1.info")"
}

for mode in exe lib; do
	for g in fp dwarf; do
		"$CPROF" record -q -g "$g" -o "$mode-$g.data" -- \
			$MAPPER_T ./mapper "memfd-$mode" ./libmaplib.so 1.5 > "$mode-$g.out" 2>&1 ||
			fail "memfd-$mode -g $g: record exited $?: $(cat "$mode-$g.out")"
		check_names "memfd-$mode -g $g" "$mode-$g.data" lib_leaf lib_burn run_hold main_leaf main
		check_memfd "memfd-$mode -g $g" "$mode-$g.data" "mapper-$mode"
	done
done

for g in fp dwarf; do
	start_hold "att-$g.out" ./mapper memfd-exe ./libmaplib.so 8 || {
		fail "attach -g $g: the workload did not start: $(cat "att-$g.out.err")"
		continue
	}
	"$CPROF" record -q -g "$g" -d 1.5 -p "$HOLD_PID" -o "att-$g.data" 2> "att-$g.err" ||
		fail "attach -g $g: record exited $?: $(cat "att-$g.err")"
	kill "$HOLD_PID" 2> /dev/null
	check_names "attach memfd-exe -g $g" "att-$g.data" lib_leaf lib_burn run_hold main_leaf main
	check_memfd "attach memfd-exe -g $g" "att-$g.data" mapper-exe
done
finish
