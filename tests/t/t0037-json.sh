#!/bin/sh
# --format json (cprof-json(5)) of info and diff: the output parses as
# JSON whatever the names hold (hostile names round-trip, invalid UTF-8
# becomes U+FFFD), and says what the text output says: the same sample
# counts, the same percentages row by row, the same regression gate (and
# exit status). Folded inputs first (no perf needed), then a fresh
# recording and its pprof conversion.
. "$top_srcdir/tests/t/lib.sh"
D="$top_srcdir/tests/data/folded"
command -v python3 > /dev/null 2>&1 || skip_all "python3 is needed to read JSON"

# valid FILE: FILE holds exactly one JSON value
valid() {
	python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2> /dev/null
}

# check WHAT FILE PYTHON...: run the python statements with the JSON of
# FILE as d; they fail the check with an assert (its message is shown)
check() {
	what=$1 file=$2
	shift 2
	if python3 - "$file" "$@" > check.err 2>&1 << 'EOF'; then
import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec("\n".join(sys.argv[2:]))
EOF
		pass "$what"
	else
		fail "$what: $(tail -n 3 check.err)"
	fi
}

# Row by row, the diff JSON (-n 0) against the text report (-n 0) of the
# same inputs: the rows the text shows come first in the JSON, in the
# same order, with the same values at the text's precision.
cat > compare.py << 'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read().splitlines()
d = json.load(open(sys.argv[2], encoding="utf-8"))
normalized = d["normalized"]
rows = [l for l in text if not l.startswith("#") and not l.startswith("----")
        and not l.lstrip().startswith("before")]
assert rows, "the text report shows no rows"
assert len(rows) <= len(d["rows"]), "%d text rows, %d in JSON" % (len(rows), len(d["rows"]))
def shown(r, side, what):
    if normalized:
        return r[side][what + "_pct"]
    return r[side][what]
for line, r in zip(rows, d["rows"]):
    # "%7.2f %7.2f %+8.2f %8s  %7.2f %7.2f %+8.2f  name  source"
    cols = [line[0:7], line[8:15], line[16:24], line[25:33], line[35:42], line[43:50], line[51:59]]
    name = line[61:]
    assert name == r["function"] or name.startswith(r["function"] + "  "), (line, r["function"])
    want = [shown(r, "before", "self"), shown(r, "after", "self"), r["self_change"],
            None, shown(r, "before", "cum"), shown(r, "after", "cum"), r["cum_change"]]
    for i in (0, 1, 2, 4, 5, 6):
        assert abs(float(cols[i]) - want[i]) < 1e-9, (line, i, want[i])
    rel = cols[3].strip()
    if rel == "new":
        assert r["relative_change"] is None and r["before"]["self"] == 0, (line, r)
    elif rel == "gone":
        assert r["relative_change"] == -100 and r["after"]["self"] == 0, (line, r)
    elif rel:
        assert abs(float(rel.rstrip("%")) - r["relative_change"]) <= 0.051, (line, r)
    if line.endswith("(appeared)"):
        assert r["status"] == "appeared", (line, r["status"])
    elif line.endswith("(vanished)"):
        assert r["status"] == "vanished", (line, r["status"])
    # percentages are the values over each side's total
    for side in ("before", "after"):
        t = d[side]["total"]
        for what in ("self", "cum"):
            assert abs(r[side][what + "_pct"] - 100.0 * r[side][what] / t) <= 0.005 + 1e-9, (side, what, r)
summary = [l for l in text if l.startswith("# summary:")][0]
if d["summary"]["changed"]:
    assert summary.startswith("# summary: %d function" % d["summary"]["changed"]), summary
else:
    assert summary == "# summary: no change", summary
print("%d rows agree" % len(rows))
EOF

# compare_text_json WHAT BEFORE AFTER [OPTIONS]
compare_text_json() {
	what=$1 before=$2 after=$3
	shift 3
	"$CPROF" diff -n 0 "$@" "$before" "$after" > cmp.txt || fail "$what: diff exited $?"
	"$CPROF" diff --json -n 0 "$@" "$before" "$after" > cmp.json || fail "$what: diff --json exited $?"
	if python3 compare.py cmp.txt cmp.json > cmp.out 2>&1; then
		pass "$what: text and JSON agree ($(cat cmp.out))"
	else
		fail "$what: text and JSON differ: $(tail -n 3 cmp.out)"
	fi
}

# ---- info ----
"$CPROF" info --json "$D/names.folded" > names-info.json || fail "info --json exited $?"
valid names-info.json && pass "info --json of hostile names parses" || fail "info --json: $(cat names-info.json)"
"$CPROF" info --format json "$D/names.folded" | cmp -s - names-info.json &&
	pass "--format json = --json" || fail "--format json differs from --json"
"$CPROF" info "$D/names.folded" > names-info.txt
"$CPROF" info --format text "$D/names.folded" | cmp -s - names-info.txt &&
	pass "--format text = the default" || fail "--format text differs from the default"
samples=$(awk '$1 == "sample" && $2 == "records" { print $3 }' names-info.txt)
functions=$(awk '$1 == "functions" { print $2 }' names-info.txt)
check "info JSON of a folded file" names-info.json \
	'assert d["cprof"] == "info" and d["schema_version"] == 1 and d["kind"] == "profile", d' \
	"assert d['samples'] == $samples, (d['samples'], $samples)" \
	"assert d['functions'] == $functions" \
	'st = d["sample_types"]; assert len(st) == 1 and st[0]["type"] == "samples" and st[0]["default"]' \
	'assert st[0]["total"] == 13, st[0]["total"]' \
	'assert d["time"] is None and d["period"] is None and d["mappings"] == []'
"$CPROF" info --format yaml "$D/names.folded" > /dev/null 2> bad.err
st=$?
[ "$st" -eq 64 ] && grep -q "text or json" bad.err && pass "--format yaml: usage error" ||
	fail "--format yaml: exit $st, $(cat bad.err)"

# ---- diff of folded inputs ----
"$CPROF" diff --json "$D/names.folded" "$D/names.folded" > same.json || fail "diff --json exited $?"
valid same.json && pass "diff --json of hostile names parses" || fail "diff --json: $(cat same.json)"
check "identical inputs: no changed rows" same.json \
	'assert d["cprof"] == "diff" and d["schema_version"] == 1' \
	'assert d["rows"] and all(r["status"] == "unchanged" for r in d["rows"]), d["rows"]' \
	'assert all(r["self_change"] == 0 and r["cum_change"] == 0 for r in d["rows"])' \
	'assert all(r["relative_change"] in (0, None) for r in d["rows"])' \
	'assert d["summary"]["changed"] == 0 and d["summary"]["largest_self_change"] is None' \
	'assert d["before"]["total"] == d["after"]["total"] == 13' \
	'assert d["normalized"] is True and d["warnings"] == [] and d["filters"] == {}' \
	'assert d["regression_gate"] is None'

# every frame name of names.folded comes back, invalid UTF-8 as U+FFFD
NAMES="$D/names.folded"
export NAMES
"$CPROF" diff --json -n 0 "$D/names.folded" "$D/calltree.folded" > names.json
check "hostile names round-trip" names.json \
	'raw = open(os.environ["NAMES"], "rb").read().splitlines()' \
	'want = {f.decode("utf-8", "replace") for l in raw if l.strip() for f in l.rsplit(b" ", 1)[0].split(b";")}' \
	'got = {r["function"] for r in d["rows"]}' \
	'assert want <= got, sorted(want - got)' \
	'assert "bad\ufffdutf8" in got and "ctl\x01char" in got and "\u00e9t\u00e9" in got' \
	'assert sum(r["before"]["self"] for r in d["rows"]) == 13'
grep -q 'ctl\\u0001char' names.json && pass "control character escaped as \\u0001" ||
	fail "no \\u0001 escape in names.json"

check "hand-computed values" names.json \
	'r = {r["function"]: r for r in d["rows"]}' \
	's = r["spin_sixty"]; assert s["after"]["self"] == 1200 and s["after"]["self_pct"] == 60.0, s' \
	'assert s["before"]["self"] == 0 and s["status"] == "appeared" and s["relative_change"] is None' \
	'assert s["self_change"] == 60.0, s' \
	'o = r["operator<=>"]; assert o["before"]["self"] == 7 and o["before"]["self_pct"] == 53.85, o' \
	'assert o["status"] == "vanished" and o["relative_change"] == -100, o' \
	'm = r["main"]; assert m["before"]["cum_pct"] == 100 and m["after"]["cum_pct"] == 99.95, m'

compare_text_json "folded" "$D/calltree.folded" "$D/perf-style.folded"
compare_text_json "folded, --no-normalize" "$D/calltree.folded" "$D/perf-style.folded" --no-normalize
"$CPROF" diff --json --no-normalize -n 0 "$D/calltree.folded" "$D/perf-style.folded" > raw.json
check "--no-normalize: exact changes" raw.json \
	'assert d["normalized"] is False' \
	'assert all(r["self_change"] == r["after"]["self"] - r["before"]["self"] for r in d["rows"])' \
	'assert all(r["cum_change"] == r["after"]["cum"] - r["before"]["cum"] for r in d["rows"])' \
	'assert all(isinstance(r["self_change"], int) for r in d["rows"])'

# -n limits the rows, unchanged ones included
"$CPROF" diff --json -n 2 "$D/calltree.folded" "$D/calltree.folded" > top.json
check "-n 2" top.json 'assert len(d["rows"]) == 2 and d["summary"]["functions"] > 2, d["summary"]'

# the gate: same exit status, stderr message and verdict as the text report
"$CPROF" diff --fail-on-regression 5 "$D/calltree.folded" "$D/perf-style.folded" > gate.txt 2> /dev/null
"$CPROF" diff --json --fail-on-regression 5 "$D/calltree.folded" "$D/perf-style.folded" > gate.json 2> gate.err
st=$?
[ "$st" -eq 1 ] && grep -q 'regressed by more than 5.00' gate.err && pass "--json --fail-on-regression: exit 1" ||
	fail "--json --fail-on-regression: exit $st, $(cat gate.err)"
regressed=$(sed -n 's/^# regression: \([^:]*\):.*/"\1"/p' gate.txt | paste -sd, -)
check "the gate in JSON" gate.json \
	'g = d["regression_gate"]; assert g["threshold"] == 5 and g["passed"] is False, g' \
	"assert [x['function'] for x in g['regressions']] == [$regressed], (g, [$regressed])" \
	'assert all(x["self_share_growth"] > 5 for x in g["regressions"])' \
	'assert "compute" in [x["function"] for x in g["regressions"]]'
"$CPROF" diff --json --fail-on-regression 5 "$D/calltree.folded" "$D/calltree.folded" > gate-ok.json ||
	fail "--json --fail-on-regression on identical inputs exited $?"
check "a passing gate" gate-ok.json 'assert d["regression_gate"] == {"threshold": 5, "passed": True, "regressions": []}'

# filters apply to both sides, and are listed
"$CPROF" diff --json --focus spin_sixty --tid 1 --tid 2 "$D/calltree.folded" "$D/calltree.folded" > flt.json ||
	fail "diff --focus exited $?"
check "filter options listed" flt.json 'assert d["filters"] == {"focus": "spin_sixty", "tid": "1,2"}, d["filters"]'
"$CPROF" diff --json --focus spin_sixty "$D/calltree.folded" "$D/calltree.folded" > focus.json
check "--focus on both sides" focus.json \
	'assert d["before"]["total"] == d["after"]["total"] == 1200, (d["before"], d["after"])' \
	'assert "spin_thirty" not in [r["function"] for r in d["rows"]]'
"$CPROF" diff --focus spin_sixty "$D/calltree.folded" "$D/calltree.folded" | grep -q '^# before: .*: 1200 samples$' &&
	pass "--focus in the text report" || fail "--focus: the text report does not count 1200 samples"

# hostile inputs of the fuzz corpus: whatever info reads, it writes as valid JSON
if [ -d "$top_srcdir/tests/fuzz/corpus" ] && command -v timeout > /dev/null 2>&1; then
	n=0
	for f in "$top_srcdir"/tests/fuzz/corpus/*/*; do
		timeout 20 "$CPROF" info --json "$f" > corpus.out 2> corpus.stderr
		st=$?
		if [ "$st" -eq 0 ]; then
			mv corpus.out "corpus-$n.json"
			n=$((n + 1))
		elif [ "$st" -ne 2 ] || grep -q 'runtime error\|Sanitizer' corpus.stderr; then
			fail "info --json $(basename "$f"): exit $st: $(head -c 500 corpus.stderr)"
		fi
	done
	# one python for all of them
	if [ "$n" -gt 0 ] && python3 - corpus-*.json > corpus.err 2>&1 << 'EOF'; then
import json, sys
for f in sys.argv[1:]:
    try:
        json.load(open(f, encoding="utf-8"))
    except ValueError as e:
        sys.exit("%s: %s" % (f, e))
EOF
		pass "info --json of $n corpus inputs parses"
	else
		fail "info --json of corpus inputs ($n read): $(cat corpus.err)"
	fi
fi

# ---- a recording and its pprof ----
require_perf
"$CPROF" record -q -o r.data -- "$W/calltree" 1 > /dev/null 2>&1 || fail "record exited $?"
"$CPROF" info --json r.data > r-info.json || fail "info --json of a recording exited $?"
valid r-info.json && pass "info --json of a recording parses" || fail "info --json of a recording: $(cat r-info.json)"
samples=$("$CPROF" info r.data | awk '$1 == "samples" && NF == 2 { print $2 }')
check "info JSON of a recording" r-info.json \
	'assert d["kind"] == "recording" and d["complete"] and not d["truncated"], d' \
	"assert d['samples'] == $samples and d['samples'] > 100, (d['samples'], $samples)" \
	'assert sum(t["samples"] for t in d["threads"]) == d["samples"], d["threads"]' \
	'assert d["threads"][0]["name"] == "calltree"' \
	'assert "calltree" in d["metadata"]["command"] and d["duration_ns"] > 5e8, d["metadata"]' \
	'assert d["mean_interval_ms"] > 0 and d["unique_functions"] > 0' \
	'assert any(m["path"].endswith("/calltree") and m["symbols"] for m in d["mappings"]), d["mappings"]' \
	'h = d["health"]; assert h["lost"] == d["lost"] and 0 <= h["resolved_frames_pct"] <= 100, h'

"$CPROF" pprof -i r.data -o r.pb.gz || fail "pprof exited $?"
"$CPROF" info --json r.pb.gz > pb-info.json || fail "info --json of a pprof file exited $?"
pbsamples=$("$CPROF" info r.pb.gz | awk '$1 == "sample" && $2 == "records" { print $3 }')
check "info JSON of a pprof file" pb-info.json \
	'assert d["kind"] == "profile"' \
	"assert d['samples'] == $pbsamples, (d['samples'], $pbsamples)" \
	'st = {t["type"]: t for t in d["sample_types"]}' \
	"assert st['samples']['total'] == $samples, st" \
	'assert d["duration_ns"] > 5e8 and d["time"].endswith("Z") and d["period"]["value"] > 0, d' \
	'assert any(m["file"] and m["file"].endswith("/calltree") for m in d["mappings"])'

"$CPROF" diff --json r.data r.pb.gz > rpb.json || fail "diff --json recording pprof exited $?"
check "recording vs its pprof: no changed rows" rpb.json \
	'assert d["rows"] and all(r["status"] == "unchanged" for r in d["rows"])' \
	"assert d['before']['total'] == d['after']['total'] == $samples" \
	'assert d["before"]["event"] == "cpu-clock" and isinstance(d["before"]["frequency"], int), d["before"]' \
	'assert d["summary"]["changed"] == 0'

"$CPROF" record -q -o deep.data -- "$W/deep" 1 > /dev/null 2>&1 || fail "record deep exited $?"
compare_text_json "recordings" r.data deep.data
compare_text_json "recordings, --no-normalize" r.data deep.data --no-normalize
check "recordings: what changed" cmp.json \
	'r = {r["function"]: r for r in d["rows"]}' \
	'assert r["spin_sixty"]["status"] == "vanished" and r["deep_leaf"]["status"] == "appeared"' \
	'assert r["spin_sixty"]["source"].startswith("calltree.c:"), r["spin_sixty"]["source"]'
finish
