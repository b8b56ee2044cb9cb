# unit tests (cmocka), one program per module
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_util tests/unit/test_profile tests/unit/test_cdata \
	tests/unit/test_symbol tests/unit/test_objfile tests/unit/test_report tests/unit/test_cgroup tests/unit/test_record \
	tests/unit/test_pe_budget tests/unit/test_perf_event tests/unit/test_kallsyms \
	tests/unit/test_cdata_profile tests/unit/test_gzip
TESTS += tests/unit/test_util tests/unit/test_profile tests/unit/test_cdata \
	tests/unit/test_symbol tests/unit/test_objfile tests/unit/test_report tests/unit/test_cgroup tests/unit/test_record \
	tests/unit/test_pe_budget tests/unit/test_perf_event tests/unit/test_kallsyms \
	tests/unit/test_cdata_profile tests/unit/test_gzip

tests_unit_test_gzip_SOURCES = tests/unit/test_gzip.c
tests_unit_test_gzip_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_gzip_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_util_SOURCES = tests/unit/test_util.c
tests_unit_test_util_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_util_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_profile_SOURCES = tests/unit/test_profile.c
tests_unit_test_profile_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_profile_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_cdata_SOURCES = tests/unit/test_cdata.c tests/unit/cdata_fixture.h
tests_unit_test_cdata_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_cdata_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_symbol_SOURCES = tests/unit/test_symbol.c
tests_unit_test_symbol_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_symbol_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_objfile_SOURCES = tests/unit/test_objfile.c
tests_unit_test_objfile_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_objfile_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_report_SOURCES = tests/unit/test_report.c
tests_unit_test_report_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_report_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_cgroup_SOURCES = tests/unit/test_cgroup.c
tests_unit_test_cgroup_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_cgroup_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_record_SOURCES = tests/unit/test_record.c tests/unit/test_record_engine.c \
	tests/unit/test_record_sinks.c tests/unit/test_record_source.c \
	tests/unit/record_capture.c tests/unit/record_capture.h
tests_unit_test_record_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_record_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_pe_budget_SOURCES = tests/unit/test_pe_budget.c
tests_unit_test_pe_budget_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_pe_budget_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_perf_event_SOURCES = tests/unit/test_perf_event.c
tests_unit_test_perf_event_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_perf_event_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_kallsyms_SOURCES = tests/unit/test_kallsyms.c
tests_unit_test_kallsyms_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_kallsyms_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_test_cdata_profile_SOURCES = tests/unit/test_cdata_profile.c tests/unit/cdata_fixture.h
tests_unit_test_cdata_profile_LDADD = $(CPROF_LIBS) $(CMOCKA_LIBS)
tests_unit_test_cdata_profile_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
else
# configure found no cmocka: the unit tests fail, saying what to install
TESTS += tests/unit/need-cmocka.sh
endif
EXTRA_DIST += tests/unit/need-cmocka.sh
