#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A long system-wide recording with rotation and a duty cycle (issue #12,
# point 6), compressed in time: `cprof record -a --duty H/S
# --switch-output=S --switch-max-files 5` (H half of S; S = 2 s and
# H = 1 s in the issue, 500 ms here by default) for ROTATIONS segments,
# over a busy workload (bench/burn in a loop, and a short-lived process
# every 20 ms), then the same in launch mode with that workload as the
# command (on a shared machine the system-wide row also sees everything
# else that runs). Every 0.2 s the recorder's VmRSS, VmHWM and open
# descriptors are read from /proc and the segment files listed. At the
# end: whether RSS and descriptors stayed flat (the values after a tenth
# and after half of the rotations against the end, within 10%: one-time
# loads, such as a library's separate debug information read when its
# first sample comes, can land after the tenth; growth shows in both),
# whether every kept segment reads alone (`cprof info`, `cprof report -i SEG`), that no
# FILE.part is left and at most 5 segments are kept; for the duty cycle,
# the samples against F x CPUs x the time covered (the duty's share when
# the events are on exactly during the windows; CPUs is all of them
# system-wide, where an idle CPU is sampled as swapper, and the one
# bench/burn keeps busy in launch mode), and the samples that
# fall outside the windows, which are derived from the first segment's
# start (the duty cycle's origin) with `cprof report --time`.
# Prints a markdown table.
# usage: [MODES="system launch"] bench/soak.sh [ROTATIONS [SWITCH_MS [FREQ]]]
#        (default 30 rotations of 500 ms at 99 Hz; as root)
set -eu
rotations=${1:-30}
switch_ms=${2:-500}
freq=${3:-99}
on_ms=$((switch_ms / 2))
keep=5
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
pids=
cleanup() {
	touch "$tmp/stop"
	for p in $pids; do kill "$p" 2> /dev/null || :; done
	wait
	rm -rf "$tmp"
}
trap cleanup EXIT
cc -O2 -g -fomit-frame-pointer -o "$tmp/burn" "$here/burn.c"
ncpus=$(nproc)

# run MODE: one recording of ROTATIONS segments; prints a table row
# fdlist PID: the recorder's open files, digits blanked, counted
fdlist() {
	ls -l "/proc/$1/fd" 2> /dev/null | sed -n 's/.* -> //p' |
		sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn
}

run() {
	mode=$1 out=$tmp/$1/soak.data
	mkdir "$tmp/$mode"
	# the workload, until $tmp/stop appears (within about 0.2 s)
	rm -f "$tmp/stop"
	workload="while [ ! -e '$tmp/stop' ]; do /bin/true; sleep 0.02; done &
		while [ ! -e '$tmp/stop' ]; do '$tmp/burn' 150 2> /dev/null; done; wait"
	set -- -q -F "$freq" --duty "${on_ms}ms/${switch_ms}ms" --switch-output="${switch_ms}ms" \
		--switch-max-files $keep -d inf -o "$out"
	t0=$(date +%s.%N)
	if [ "$mode" = system ]; then
		sh -c "$workload" &
		pids="$pids $!"
		"$cprof" record -a "$@" 2> "$tmp/record.err" &
		cpus=$ncpus
	else
		"$cprof" record "$@" -- sh -c "$workload" 2> "$tmp/record.err" &
		cpus=1
	fi
	rpid=$!
	pids="$pids $rpid"

	# every 0.2 s: "segments-seen rss hwm fds" in samples, new segment
	# names in seen; the first segment's info kept for the duty origin.
	# Bounded: ten times the planned time, and a minute more.
	: > "$tmp/$mode/seen"
	: > "$tmp/$mode/samples"
	limit=$((rotations * switch_ms * 50 / 1000 + 300))
	i=0
	# the listing's own programs (ls, sed, sort, uniq) once before the
	# first look, so that a system-wide recorder does not see them new
	# at the half (it keeps the last 16 files unmapped open)
	sleep 0.5
	fdlist $rpid > /dev/null
	while [ $i -lt $limit ] && [ -e "/proc/$rpid/status" ]; do
		for f in "$out".2*; do
			[ -e "$f" ] || continue
			grep -qxF "$f" "$tmp/$mode/seen" && continue
			echo "$f" >> "$tmp/$mode/seen"
			[ -e "$tmp/$mode/first.json" ] ||
				"$cprof" info --json "$f" > "$tmp/$mode/first.json" 2> /dev/null || :
		done
		seen=$(wc -l < "$tmp/$mode/seen")
		s=$(awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r + 0, h + 0 }' \
			"/proc/$rpid/status" 2> /dev/null || :)
		f=$(ls "/proc/$rpid/fd" 2> /dev/null | wc -l)
		[ -n "$s" ] && echo "$seen $s $f" >> "$tmp/$mode/samples"
		# what is open at the half and at the end, for a look at what grew
		[ "$seen" -lt $(((rotations + 1) / 2)) ] || [ -e "$tmp/$mode/fd.half" ] ||
			fdlist $rpid > "$tmp/$mode/fd.half"
		[ "$seen" -lt "$rotations" ] || { fdlist $rpid > "$tmp/$mode/fd.end"; break; }
		i=$((i + 1))
		sleep 0.2
	done
	kill -INT $rpid 2> /dev/null || echo "soak: the recorder ($mode) had already exited" >&2
	status=0
	wait $rpid || status=$?
	wall=$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.0f", $1 - $2 }')
	touch "$tmp/stop"
	wait
	pids=
	[ $status -eq 0 ] || echo "soak: cprof record ($mode) exited $status: $(cat "$tmp/record.err")" >&2

	# the kept segments, each alone
	kept=0 readable=0 samples=0 covered_ns=0 outside=0 late=0
	origin=$(sed -n 's/.*"start_mono_ns": "\([0-9]*\)".*/\1/p' "$tmp/$mode/first.json" 2> /dev/null | head -1)
	for f in "$out".2*; do
		[ -e "$f" ] || continue
		kept=$((kept + 1))
		"$cprof" info --json "$f" > "$tmp/seg.json" 2>> "$tmp/$mode/seg.err" || continue
		"$cprof" report -i "$f" -n 5 > /dev/null 2>> "$tmp/$mode/seg.err" || continue
		readable=$((readable + 1))
		seg_start=$(sed -n 's/.*"start_mono_ns": "\([0-9]*\)".*/\1/p' "$tmp/seg.json" | head -1)
		seg_ns=$(sed -n 's/^  "duration_ns": \([0-9]*\).*/\1/p' "$tmp/seg.json" | head -1)
		n=$(sed -n 's/^  "samples": \([0-9]*\).*/\1/p' "$tmp/seg.json" | head -1)
		samples=$((samples + ${n:-0}))
		covered_ns=$((covered_ns + ${seg_ns:-0}))
		[ -z "${DEBUG:-}" ] || echo "$mode $f start $seg_start ns $seg_ns samples $n" >&2
		[ -n "$origin" ] || continue
		# the off windows of the duty cycle inside this segment, in
		# seconds after its start, with the first 10 ms after a window
		# closes counted apart
		awk -v o="$origin" -v s="$seg_start" -v d="$seg_ns" -v on="$on_ms" -v p="$switch_ms" 'BEGIN {
			on *= 1e6; p *= 1e6
			for (k = int((s - o) / p) - 1; o + k * p < s + d; k++) {
				a = o + k * p + on; b = o + (k + 1) * p
				if (a < s) a = s
				if (b > s + d) b = s + d
				if (a < b) printf "%.6f %.6f %.6f\n", (a - s) / 1e9, (b - s) / 1e9, (a + 1e7 - s) / 1e9
			}
		}' > "$tmp/off"
		while read -r a b a10; do
			all=$("$cprof" report -i "$f" --time "$a-$b" --json 2> /dev/null |
				sed -n 's/^  "total": \([0-9]*\).*/\1/p')
			beyond=0
			if awk -v x="$a10" -v y="$b" 'BEGIN { exit !(x < y) }'; then
				beyond=$("$cprof" report -i "$f" --time "$a10-$b" --json 2> /dev/null |
					sed -n 's/^  "total": \([0-9]*\).*/\1/p')
			fi
			outside=$((outside + ${beyond:-0}))
			late=$((late + ${all:-0} - ${beyond:-0}))
		done < "$tmp/off"
	done
	parts=$(ls "$out".part 2> /dev/null | wc -l)
	seen=$(wc -l < "$tmp/$mode/seen")
	awk -v m="$mode" -v r="$seen" -v tenth=$(((seen + 9) / 10)) -v half=$(((seen + 1) / 2)) \
		-v sw="$switch_ms" -v hz="$freq" \
		-v w="$wall" -v kept=$kept -v ok=$readable -v parts="$parts" -v smp=$samples \
		-v cov=$covered_ns -v cpus="$cpus" -v on="$on_ms" -v out=$outside -v late=$late \
		-v origin="${origin:-}" '
		$1 >= tenth && !a { a = 1; r1 = $2; h1 = $3; f1 = $4 }
		$1 >= half && !b { b = 1; rh = $2; hh = $3; fh = $4 }
		{ r2 = $2; h2 = $3; f2 = $4 }
		END {
			flat = (r2 <= 1.1 * r1 && h2 <= 1.1 * h1 && f2 <= 1.1 * f1) ? "yes" : "no"
			flat2 = (r2 <= 1.1 * rh && h2 <= 1.1 * hh && f2 <= 1.1 * fh) ? "yes" : "no"
			share = cov > 0 ? smp / (hz * cpus * cov / 1e9) : 0
			printf "| %s | %d | %.2f | %d | %s | %d | %d | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %d / %d / %d | %s / %s | %.3f | %.3f | %s |\n",
				m, r, sw / 1000, hz, w, kept, ok, parts, r1 / 1024, rh / 1024, r2 / 1024,
				h1 / 1024, hh / 1024, h2 / 1024, f1, fh, f2, flat, flat2, share, on / sw, origin == "" ? "(no origin)" : sprintf("%d (+%d)", out, late)
		}' "$tmp/$mode/samples"
}

echo "| mode | rotations | segment s | Hz | wall s | kept (max $keep) | read alone | .part left | VmRSS MB at 1/10 / 1/2 / end | VmHWM MB at 1/10 / 1/2 / end | fds at 1/10 / 1/2 / end | flat within 10% (from 1/10 / from 1/2) | samples / (Hz x CPUs x s) | duty | samples outside the windows (+ within 10 ms of a window's end) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
for mode in ${MODES:-system launch}; do run $mode; done
for mode in ${MODES:-system launch}; do
	[ ! -s "$tmp/$mode/seg.err" ] || { echo; echo "$mode:"; sed 's/^/    /' "$tmp/$mode/seg.err" | head -5; }
done
for mode in ${MODES:-system launch}; do
	[ -s "$tmp/$mode/fd.half" ] && [ -s "$tmp/$mode/fd.end" ] || continue
	cmp -s "$tmp/$mode/fd.half" "$tmp/$mode/fd.end" && continue
	echo
	echo "$mode: open files whose count changed between the half and the end (digits as N)"
	echo
	echo "| open file | at the half | at the end |"
	echo "|---|---:|---:|"
	awk 'FNR == 1 { part++ } { c = $1; $1 = ""; sub(/^ /, ""); n[$0, part] = c; seen[$0] = 1 }
		END { for (f in seen) if (n[f, 1] != n[f, 2]) printf "| %s | %d | %d |\n", f, n[f, 1], n[f, 2] }' \
		"$tmp/$mode/fd.half" "$tmp/$mode/fd.end" | sort | head -20
done
