#!/bin/sh
# A library dlopen()ed after the program started, dlclose()d and deleted
# before it ends: its frames are named (the recorder opened it when it
# was mapped and kept it), with -g fp and -g dwarf, and whole stacks
# reach main through it.
. "$top_srcdir/tests/t/lib.sh"
. "$top_srcdir/tests/t/mapper.sh"
require_perf

build_mapper .
for g in fp dwarf; do
	cp libmaplib.so "libdl-$g.so"
	"$CPROF" record -q -g "$g" -o "dl-$g.data" -- \
		$MAPPER_T ./mapper dlopen "./libdl-$g.so" 1 > "dl-$g.out" 2>&1 || {
		fail "-g $g: record exited $?: $(cat "dl-$g.out")"
		continue
	}
	[ -e "libdl-$g.so" ] && fail "-g $g: the workload did not delete libdl-$g.so"
	# gcc gives leaf functions no frame, so -g fp skips their callers
	# (lib_mid, main_burn), as it does in perf
	callers=
	[ "$g" = dwarf ] && callers="lib_mid main_burn"
	# shellcheck disable=SC2086
	check_names "dlopen -g $g" "dl-$g.data" lib_leaf lib_burn run_dlopen main_leaf $callers
	# the library's frames sit under main, through lib_burn
	self=$(self_pct lib_leaf "dlopen -g $g.rows")
	cum=$(cum_pct run_dlopen "dlopen -g $g.rows")
	within "$cum" "$self" 100 || fail "-g $g: run_dlopen $cum% < lib_leaf's $self%"
	"$CPROF" info "dl-$g.data" | grep -q "libdl-$g.so.*\[symbols" ||
		fail "-g $g: info does not list libdl-$g.so with symbols: $("$CPROF" info "dl-$g.data" | grep libdl)"
done
finish
