#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The recorder's memory and descriptors over many short-lived processes
# (issue #12, point 4): a loop starts N processes, in turn /bin/true,
# `sh -c :` and a small C program that dlopens libz and spends about a
# millisecond in it, while cprof records system-wide (-a) and, in a
# second run, in launch mode (the loop is the command). A third run
# ("distinct", launch mode) starts each C program from a copy of its
# own, as a build's freshly linked test programs are: a new file per
# third process. Every ~0.2 s the
# recorder's VmRSS, VmHWM and open descriptors are read from /proc.
# Prints a markdown table of the values after the first 500 processes
# and after the last (before the recorder's end-of-run symbolization),
# and whether they stay within 10%. Where the descriptors grow, the open
# files at both points are kept in $KEEP (if set) for a look at which.
# usage: [MODES="system launch distinct"] bench/lifetimes.sh [N [FREQ]]
# (default 5000, 999 Hz, all three modes; as root)
set -eu
modes=${MODES:-system launch distinct}
n=${1:-5000}
freq=${2:-999}
here=$(cd "$(dirname "$0")" && pwd)
cprof=${CPROF:-$here/../build/cprof}
tmp=$(mktemp -d)
rpid= lpid=
trap 'kill $rpid $lpid 2> /dev/null; rm -rf "$tmp"' EXIT

cat > "$tmp/maplib.c" <<'EOC'
/* dlopen libz and checksum for about a millisecond in it */
#include <dlfcn.h>
#include <time.h>
int main(void)
{
	static unsigned char buf[65536];
	unsigned long (*crc)(unsigned long, const unsigned char *, unsigned);
	struct timespec a, b;
	void *h = dlopen("libz.so.1", RTLD_NOW);
	unsigned long c = 0;

	if (!h || !(*(void **)&crc = dlsym(h, "crc32")))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		c = crc(c, buf, sizeof(buf));
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 1000000L);
	dlclose(h);
	return (int)(c & 0);
}
EOC
cc -O2 -o "$tmp/maplib" "$tmp/maplib.c" -ldl
"$tmp/maplib" || { echo "lifetimes: $tmp/maplib does not run (libz.so.1?)" >&2; exit 1; }

# the loop: N processes, the count in $tmp/count every 100, then a pause
# so that the last sample is taken before the recorder stops; with an
# argument, each C program runs from a new copy
mkdir "$tmp/copies"
cat > "$tmp/loop.sh" <<EOS
i=0
while [ \$i -lt $n ]; do
	case \$((i % 3)).\${1:-} in
	0.*) /bin/true ;;
	1.*) sh -c : ;;
	2.) "$tmp/maplib" ;;
	*) cp "$tmp/maplib" "$tmp/copies/\$i" && "$tmp/copies/\$i" ;;
	esac
	i=\$((i + 1))
	[ \$((i % 100)) -ne 0 ] || echo \$i > "$tmp/count"
done
echo $n > "$tmp/count"
sleep 0.6
EOS

# fdlist PID: the recorder's open files, numbers and pids blanked, counted
fdlist() {
	ls -l "/proc/$1/fd" 2> /dev/null | sed -n 's/.* -> //p' |
		sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn
}

# sample PID MODE: "count rss hwm fds" every 0.2 s while PID lives
sample() {
	pid=$1 mode=$2 seen500=0 seenend=0
	: > "$tmp/$mode.samples"
	# once before the first look, so that the programs of the listing
	# itself (ls, sed, sort, uniq) are not new to a system-wide recorder
	# at the last one (it keeps the last 16 files unmapped open)
	fdlist "$pid" > /dev/null
	while [ -e "/proc/$pid/status" ]; do
		c=$(awk 'NR == 1 { print $1 + 0 }' "$tmp/count" 2> /dev/null || :)
		c=${c:-0}
		s=$(awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r + 0, h + 0 }' \
			"/proc/$pid/status" 2> /dev/null || :)
		f=$(ls "/proc/$pid/fd" 2> /dev/null | wc -l)
		[ -n "$s" ] && echo "$c $s $f" >> "$tmp/$mode.samples"
		if [ "$c" -ge 500 ] && [ $seen500 = 0 ]; then
			fdlist "$pid" > "$tmp/$mode.fd500"
			seen500=1
		fi
		if [ "$c" -ge "$n" ] && [ $seenend = 0 ]; then
			fdlist "$pid" > "$tmp/$mode.fdend"
			seenend=1
			[ "$mode" != system ] || kill -INT "$pid" 2> /dev/null || :
		fi
		sleep 0.2
	done
}

# run MODE: one recording; prints a table row
run() {
	mode=$1
	rm -f "$tmp/count"
	t0=$(date +%s.%N)
	case $mode in
	system)
		"$cprof" record -q -a -F "$freq" -d inf -o "$tmp/$mode.data" 2> "$tmp/$mode.err" &
		rpid=$!
		sleep 1
		sh "$tmp/loop.sh" &
		lpid=$!
		sample $rpid $mode
		wait $lpid
		;;
	launch | distinct)
		arg=; [ "$mode" = launch ] || arg=copies
		"$cprof" record -q -F "$freq" -o "$tmp/$mode.data" -- sh "$tmp/loop.sh" $arg 2> "$tmp/$mode.err" &
		rpid=$!
		sample $rpid $mode
		;;
	esac
	wait $rpid || { echo "lifetimes: cprof record ($mode) exited $?: $(cat "$tmp/$mode.err")" >&2; exit 1; }
	wall=$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }')
	samples=$("$cprof" info "$tmp/$mode.data" | awk '$1 == "samples" { print $2; exit }')
	if [ -n "${KEEP:-}" ]; then
		mkdir -p "$KEEP"
		cp "$tmp/$mode.samples" "$tmp/$mode.fd500" "$tmp/$mode.fdend" "$KEEP/" 2> /dev/null || :
	fi
	# the first sample at 500 processes or more, the first at N, the peak
	awk -v m="$mode" -v n="$n" -v w="$wall" -v s="$samples" '
		$1 >= 500 && !a { a = 1; r1 = $2; h1 = $3; f1 = $4 }
		$1 >= n && !b { b = 1; r2 = $2; h2 = $3; f2 = $4 }
		{ if ($3 > hp) hp = $3 }
		END {
			ok = (r2 <= 1.1 * r1 && h2 <= 1.1 * h1 && f2 <= 1.1 * f1) ? "yes" : "no"
			printf "| %s | %d | %.1f | %d | %.1f / %.1f (%+.0f%%) | %.1f / %.1f (%+.0f%%) | %d / %d | %.1f | %s |\n",
				m, n, w, s, r1 / 1024, r2 / 1024, 100 * (r2 - r1) / r1, h1 / 1024, h2 / 1024,
				100 * (h2 - h1) / h1, f1, f2, hp / 1024, ok
		}' "$tmp/$mode.samples"
}

echo "| mode | processes | wall s | samples | VmRSS MB at 500 / at end | VmHWM MB at 500 / at end | fds at 500 / at end | peak VmHWM MB (with symbolization) | within 10% |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for mode in $modes; do
	run $mode
done
for mode in $modes; do
	[ -s "$tmp/$mode.fd500" ] && [ -s "$tmp/$mode.fdend" ] || continue
	cmp -s "$tmp/$mode.fd500" "$tmp/$mode.fdend" && continue
	echo
	echo "$mode: open files whose count changed between 500 processes and the end (digits as N)"
	echo
	echo "| open file | at 500 | at end |"
	echo "|---|---:|---:|"
	awk 'FNR == 1 { part++ } { c = $1; $1 = ""; sub(/^ /, ""); n[$0, part] = c; seen[$0] = 1 }
		END { for (f in seen) if (n[f, 1] != n[f, 2]) printf "| %s | %d | %d |\n", f, n[f, 1], n[f, 2] }' \
		"$tmp/$mode.fd500" "$tmp/$mode.fdend" | sort -t '|' -k4,4nr | head -15
done
