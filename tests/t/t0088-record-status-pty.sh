#!/bin/sh
# The live status line of cprof record never garbles the profiled
# program's output on a shared terminal (a pseudo-terminal here): a
# launched command shares cprof's terminal, so no status line is drawn
# and every line the program prints comes out whole; a process attached
# with -p that writes to the same terminal gets the same; one whose
# output goes elsewhere gets the status line.
. "$top_srcdir/tests/t/lib.sh"
command -v python3 > /dev/null 2>&1 || skip_all "python3 is needed for a pseudo-terminal"
require_perf
unset CPROF_PROGRESS_DELAY

# on_pty OUT COMMAND...: run COMMAND with stdout and stderr on one
# pseudo-terminal (stdin /dev/null), what reached it into OUT; killed
# after 60 s
cat > on-pty.py << 'EOP'
import os, pty, select, subprocess, sys, time
master, slave = pty.openpty()
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                         start_new_session=True)
os.close(slave)
seen, end = b"", time.monotonic() + 60
while time.monotonic() < end:
    r, _, _ = select.select([master], [], [], 1)
    if not r:
        continue
    try:
        data = os.read(master, 65536)
    except OSError:  # EIO: every writer has closed the terminal
        break
    if not data:
        break
    seen += data
else:
    os.killpg(child.pid, 9)
with open(sys.argv[1], "wb") as f:
    f.write(seen)
sys.exit(child.wait())
EOP
on_pty() {
	python3 on-pty.py "$@"
}
# lines_whole OUT N: "program line 0" .. "program line N-1" each on a
# line of its own in OUT; else prints the first one that is not
lines_whole() {
	tr -d '\r' < "$1" > "$1.lines"
	i=0
	while [ "$i" -lt "$2" ]; do
		grep -qx "program line $i" "$1.lines" || { echo "program line $i"; return 1; }
		i=$((i + 1))
	done
}
# a program that prints a line every 50 ms or so for 1.5 s, using some CPU
cat > printer.sh << 'EOS'
i=0
while [ $i -lt 30 ]; do
	echo "program line $i"
	j=0
	while [ $j -lt 2000 ]; do j=$((j + 1)); done
	sleep 0.05
	i=$((i + 1))
done
EOS

on_pty launch.out "$CPROF" record -o launch.data -- sh printer.sh ||
	fail "record on a terminal exited $?: $(cat -A launch.out | head)"
bad=$(lines_whole launch.out 30) && pass "launch: every line of the program whole" ||
	fail "launch: '$bad' garbled: $(grep -a 'program line' launch.out | cat -A | head -5)"
grep -aq 'cprof: recording' launch.out && fail "launch: a live status line on the shared terminal"
grep -aq 'samples in' launch.out || fail "launch: no summary at the end: $(cat -A launch.out | tail -3)"
"$CPROF" info launch.data > /dev/null || fail "the recording does not read"

# attached, the target on the same terminal: no status line either
cat > shared.sh << 'EOS'
sh printer.sh &
p=$!
sleep 0.1
"$CPROF" record -p $p -d 1 -o shared.data
st=$?
wait $p
exit $st
EOS
CPROF=$CPROF on_pty shared.out sh shared.sh ||
	fail "record -p on a shared terminal exited $?: $(cat -A shared.out | tail -3)"
bad=$(lines_whole shared.out 30) && ! grep -aq 'cprof: recording' shared.out &&
	pass "attached on a shared terminal: no status line, every line whole" ||
	fail "attached on a shared terminal: '$bad': $(grep -a 'program line\|recording' shared.out | cat -A | head -5)"

# attached, the target's output elsewhere: the status line is drawn
sleep 30 < /dev/null > /dev/null 2>&1 &
target=$!
on_pty alone.out "$CPROF" record -p "$target" -d 1 -o alone.data ||
	fail "record -p exited $?: $(cat -A alone.out | tail -3)"
kill "$target" 2> /dev/null
wait "$target" 2> /dev/null
grep -aq 'cprof: recording' alone.out && pass "attached, terminal not shared: the status line" ||
	fail "no status line for a target writing elsewhere: $(cat -A alone.out | head -5)"
finish
