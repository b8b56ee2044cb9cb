# SPDX-License-Identifier: MIT
#
# Workload programs for the integration tests, included by the top-level
# Makefile.am (which must declare "noinst_PROGRAMS =" and "EXTRA_DIST ="
# before including this file and use the subdir-objects automake option;
# cxx_names needs AC_PROG_CXX in configure.ac).
#
# Every target sets its own _CPPFLAGS, _CFLAGS/_CXXFLAGS, _LDFLAGS and
# _LDADD, so that AM_CPPFLAGS, AM_CFLAGS, AM_LDFLAGS and LDADD (which may
# carry sanitizer flags or project libraries) never reach the workloads.
# The optimisation and frame-pointer flags matter: the tests expect the
# profiles described at the top of each source file.

# workload.h: helpers (clocks, argument parsing, WL_NOIPA, WL_BURN) that
# every workload includes.
EXTRA_DIST += tests/workloads/workload.h

# calltree: spin_sixty/spin_thirty/spin_ten self time 60:30:10 (frame pointers).
noinst_PROGRAMS += tests/workloads/calltree
tests_workloads_calltree_SOURCES = tests/workloads/calltree.c
tests_workloads_calltree_CPPFLAGS =
tests_workloads_calltree_CFLAGS = -O2 -g -fno-omit-frame-pointer
tests_workloads_calltree_LDFLAGS =
tests_workloads_calltree_LDADD =

# threads: named threads worker-alpha/worker-beta, samples about 2:1.
noinst_PROGRAMS += tests/workloads/threads
tests_workloads_threads_SOURCES = tests/workloads/threads.c
tests_workloads_threads_CPPFLAGS =
tests_workloads_threads_CFLAGS = -O2 -g -pthread
tests_workloads_threads_LDFLAGS = -pthread
tests_workloads_threads_LDADD =

# qsort_cb: slow_cmp called back from libc qsort, no frame pointers.
noinst_PROGRAMS += tests/workloads/qsort_cb
tests_workloads_qsort_cb_SOURCES = tests/workloads/qsort_cb.c
tests_workloads_qsort_cb_CPPFLAGS =
tests_workloads_qsort_cb_CFLAGS = -O2 -g -fomit-frame-pointer
tests_workloads_qsort_cb_LDFLAGS =
tests_workloads_qsort_cb_LDADD =

# deep: deep_leaf under DEPTH (default 64) large descend frames, no frame pointers.
noinst_PROGRAMS += tests/workloads/deep
tests_workloads_deep_SOURCES = tests/workloads/deep.c
tests_workloads_deep_CPPFLAGS =
tests_workloads_deep_CFLAGS = -O2 -g -fomit-frame-pointer
tests_workloads_deep_LDFLAGS =
tests_workloads_deep_LDADD =

# forker: fork + exec of itself; parent_hot (parent) and child_hot (child).
noinst_PROGRAMS += tests/workloads/forker
tests_workloads_forker_SOURCES = tests/workloads/forker.c
tests_workloads_forker_CPPFLAGS =
tests_workloads_forker_CFLAGS = -O2 -g
tests_workloads_forker_LDFLAGS =
tests_workloads_forker_LDADD =

# exitcode: burns 0.2 s CPU in burn, then exits with STATUS or dies by signal.
noinst_PROGRAMS += tests/workloads/exitcode
tests_workloads_exitcode_SOURCES = tests/workloads/exitcode.c
tests_workloads_exitcode_CPPFLAGS =
tests_workloads_exitcode_CFLAGS = -O2 -g
tests_workloads_exitcode_LDFLAGS =
tests_workloads_exitcode_LDADD =

# spinner: attach target; prints its pid, spins, adds thread spin-late at 0.5 s.
noinst_PROGRAMS += tests/workloads/spinner
tests_workloads_spinner_SOURCES = tests/workloads/spinner.c
tests_workloads_spinner_CPPFLAGS =
tests_workloads_spinner_CFLAGS = -O2 -g -pthread
tests_workloads_spinner_LDFLAGS = -pthread
tests_workloads_spinner_LDADD =

# cxx_names: C++ hot functions with mangled names (demo::Widget<T>::churn etc.).
noinst_PROGRAMS += tests/workloads/cxx_names
tests_workloads_cxx_names_SOURCES = tests/workloads/cxx_names.cc
tests_workloads_cxx_names_CPPFLAGS =
tests_workloads_cxx_names_CXXFLAGS = -O2 -g
tests_workloads_cxx_names_LDFLAGS =
tests_workloads_cxx_names_LDADD =

# manythreads: NTHREADS (default 32) threads worker-N, all in thread_work.
noinst_PROGRAMS += tests/workloads/manythreads
tests_workloads_manythreads_SOURCES = tests/workloads/manythreads.c
tests_workloads_manythreads_CPPFLAGS =
tests_workloads_manythreads_CFLAGS = -O2 -g -pthread
tests_workloads_manythreads_LDFLAGS = -pthread
tests_workloads_manythreads_LDADD =

# mapper, maplib: built by the tests of dlopen'ed, deleted, memfd and
# other-namespace code (tests/t/mapper.sh), with flags they choose.
EXTRA_DIST += tests/workloads/mapper.c tests/workloads/maplib.c
