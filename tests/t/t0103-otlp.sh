#!/bin/sh
# cprof otlp checked with the reference decoder (protoc --decode against
# the OpenTelemetry protos): a recording of the 60/30/10 calltree
# workload becomes an ExportProfilesServiceRequest whose dictionary
# indices are all in range, whose tables start with their zero entries,
# and whose samples give the same totals and self counts as cprof report.
. "$top_srcdir/tests/t/lib.sh"

command -v protoc > /dev/null 2>&1 || {
	[ "${CPROF_REQUIRE_PERF:-0}" = 1 ] && fail "protoc is required here (CPROF_REQUIRE_PERF=1)"
	skip_all "no protoc (Debian protobuf-compiler)"
}
# decode FILE OUT: the request in FILE, checked, as otlp_decoded.py prints it
decode() {
	protoc --proto_path="$top_srcdir/proto" \
		--decode=opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest \
		opentelemetry/proto/collector/profiles/v1development/profiles_service.proto \
		< "$1" > "$1.txt" 2> protoc.err || { cat protoc.err >&2; return 1; }
	python3 "$top_srcdir/tests/t/otlp_decoded.py" < "$1.txt" > "$2"
}

require_perf
"$CPROF" record -q -o cprof.data -- "$W/calltree" 2 || fail "record exited $?"
"$CPROF" otlp -o req.binpb --service-name calltree-svc || fail "otlp exited $?"
decode req.binpb req.out || fail "req.binpb does not decode as an ExportProfilesServiceRequest"
pass "protoc decodes it; every index is in range"

grep -qx 'resource service.name calltree-svc' req.out && pass "service.name from --service-name" ||
	fail "no service.name calltree-svc in the resource"
report_rows -i cprof.data > rec.rows || fail "report exited $?"
total=$("$CPROF" report --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
otlp_total=$(awk '$1 == "profile" && $2 == "samples" { print $5 }' req.out)
[ -n "$total" ] && [ "$total" = "$otlp_total" ] && pass "total samples $total" ||
	fail "OTLP total samples '$otlp_total', cprof report $total"
for f in spin_sixty spin_thirty spin_ten; do
	r=$(awk -v f="$f" '$4 == f { print $3; found = 1; exit } END { if (!found) print 0 }' rec.rows)
	o=$(awk -v f="$f" '$1 == "self" && $2 == "samples" && $3 == f { print $4 }' req.out)
	[ "$r" -gt 0 ] && [ "$r" = "$o" ] && pass "$f: $r samples in both" ||
		fail "$f: report $r samples, OTLP '$o'"
done

# the resource's name from the environment, as OpenTelemetry SDKs take it
OTEL_SERVICE_NAME=from-env "$CPROF" otlp -o env.binpb || fail "otlp with OTEL_SERVICE_NAME exited $?"
decode env.binpb env.out || fail "env.binpb does not decode"
grep -qx 'resource service.name from-env' env.out && pass "service.name from OTEL_SERVICE_NAME" ||
	fail "OTEL_SERVICE_NAME not used"

# from a pprof profile and from folded stacks: the same totals
"$CPROF" pprof -o cpu.pb.gz || fail "pprof exited $?"
"$CPROF" otlp cpu.pb.gz -o pb.binpb || fail "otlp of a pprof profile exited $?"
decode pb.binpb pb.out || fail "pb.binpb does not decode"
grep -qx "profile samples count [0-9]* $total" pb.out && pass "pprof -> OTLP keeps the total" ||
	fail "pprof -> OTLP: $(grep '^profile samples' pb.out)"
"$CPROF" otlp "$top_srcdir/tests/data/folded/calltree.folded" -o folded.binpb ||
	fail "otlp of folded stacks exited $?"
decode folded.binpb folded.out || fail "folded.binpb does not decode"
want=$(awk '{ s += $NF } END { print s }' "$top_srcdir/tests/data/folded/calltree.folded")
grep -q "^profile .* $want\$" folded.out && pass "folded -> OTLP: $want samples" ||
	fail "folded -> OTLP: $(grep '^profile' folded.out), want $want"

# output goes through a temporary name: a failed load leaves nothing
printf 'not a profile\n' > junk.txt
if "$CPROF" otlp junk.txt -o junk.binpb 2> junk.err; then
	fail "otlp of junk succeeded"
fi
[ "$(wc -l < junk.err)" = 1 ] && [ ! -e junk.binpb ] && pass "junk: one line, no output ($(cat junk.err))" ||
	fail "junk: $(cat junk.err), output left: $(ls junk.binpb 2>&1)"
finish
