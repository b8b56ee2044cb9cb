# End-to-end tests: shell scripts run on the built cprof and workloads.
SHELL_TEST_FILES = \
	tests/t/t0001-record-calltree.sh \
	tests/t/t0002-record-threads.sh \
	tests/t/t0003-record-qsort-nofp.sh \
	tests/t/t0004-record-fork-exec.sh \
	tests/t/t0005-record-attach.sh \
	tests/t/t0006-record-exit-status.sh \
	tests/t/t0007-record-cut-short.sh \
	tests/t/t0008-record-errors.sh \
	tests/t/t0009-record-deep.sh \
	tests/t/t0010-record-options.sh \
	tests/t/t0011-record-symbols.sh \
	tests/t/t0012-help.sh \
	tests/t/t0013-record-signals.sh \
	tests/t/t0014-record-debuginfo.sh \
	tests/t/t0015-record-faults.sh \
	tests/t/t0020-collapse.sh \
	tests/t/t0021-flamegraph.sh \
	tests/t/t0022-flamegraph-browser.sh \
	tests/t/t0023-diff.sh \
	tests/t/t0024-diff-frequency.sh \
	tests/t/t0030-pprof.sh \
	tests/t/t0031-pprof-go.sh \
	tests/t/t0032-hostile-input.sh \
	tests/t/t0033-filters.sh \
	tests/t/t0034-report-views.sh \
	tests/t/t0037-json.sh \
	tests/t/t0039-progress.sh \
	tests/t/t0040-perf-habits.sh \
	tests/t/t0050-no-inline.sh \
	tests/t/t0055-record-layouts.sh \
	tests/t/t0056-report-hostile-paths.sh \
	tests/t/t0057-record-go-roots.sh \
	tests/t/t0058-record-many-processes.sh \
	tests/t/t0059-setup-packages.sh \
	tests/t/t0060-symbolize-index.sh \
	tests/t/t0061-symbolize-recordings.sh \
	tests/t/t0065-record-jit-perfmap.sh \
	tests/t/t0070-record-plt.sh \
	tests/t/t0071-record-vdso.sh \
	tests/t/t0075-record-dlopen.sh \
	tests/t/t0076-record-deleted.sh \
	tests/t/t0077-record-mount-ns.sh \
	tests/t/t0078-record-memfd.sh \
	tests/t/t0079-record-plt-unwind.sh \
	tests/t/t0080-first-minutes.sh \
	tests/t/t0085-report-process-views.sh \
	tests/t/t0086-header-escapes.sh \
	tests/t/t0087-empty-inputs.sh \
	tests/t/t0088-record-status-pty.sh \
	tests/t/t0089-completion-palettes.sh \
	tests/t/t0090-annotate-hostile-source.sh \
	tests/t/t0091-annotate-disassembly.sh \
	tests/t/t0092-annotate-stale-source.sh \
	tests/t/t0093-annotate-objdump-bounds.sh \
	tests/t/t0094-annotate-debuglink-fifo.sh \
	tests/t/t0096-record-unprivileged.sh \
	tests/t/t0097-record-lifetimes.sh \
	tests/t/t0098-record-rotation.sh \
	tests/t/t0099-record-system-wide.sh \
	tests/t/t0100-record-max-overhead.sh \
	tests/t/t0101-record-truncated-library.sh \
	tests/t/t0102-record-symbolize-on-exit.sh \
	tests/t/t0103-otlp.sh
TESTS += $(SHELL_TEST_FILES)
# t0024 measures sampling error, which other processes preempting its
# workload would swamp: in a full run it starts once the other shell tests
# are done. (With TESTS=... on the command line, it runs when named.) GNU
# make functions: hence -Wno-portability in configure.ac.
QUIET_TEST = tests/t/t0024-diff-frequency.sh
$(QUIET_TEST:.sh=.log): $(patsubst %.sh,%.log,$(filter-out $(QUIET_TEST),$(filter $(SHELL_TEST_FILES),$(TESTS))))
EXTRA_DIST += $(SHELL_TEST_FILES) tests/t/mapper.sh tests/t/otlp_decoded.py
# inputs and golden outputs of the tests above
EXTRA_DIST += \
	tests/data/annotate/hot.c tests/data/plt/hot.c tests/data/plt/main.c \
	tests/data/folded/calltree.folded tests/data/folded/perf-style.folded \
	tests/data/folded/names.folded tests/data/folded/diff-style.folded \
	tests/data/expected/collapse-calltree.folded tests/data/expected/collapse-perf-style.folded \
	tests/data/expected/collapse-names.folded tests/data/expected/collapse-diff-style.folded \
	tests/data/expected/flamegraph-calltree.svg tests/data/expected/flamegraph-perf-style.svg \
	tests/data/expected/flamegraph-names.svg \
	tests/data/expected/flamegraph-perf-style-options.svg \
	tests/data/perf/true.perf.data.header tests/data/perf/calltree.perf-script \
	tests/data/perf/calltree-g.perf-script
EXTRA_DIST += \
	tests/browser/package.json tests/browser/package-lock.json \
	tests/browser/flamegraph-test.mjs tests/browser/make-sample.sh tests/browser/run.sh \
	tests/browser/sample-frames.xml tests/browser/sample.expect.json
EXTRA_DIST += tests/data/go/goprof/go.mod tests/data/go/goprof/main.go \
	tests/data/go/spin/go.mod tests/data/go/spin/main.go \
	tests/data/jit/fakejit.c
