#!/bin/sh
# Progress on long work: with stderr on a terminal (a pseudo-terminal
# here) and CPROF_PROGRESS_DELAY=0, reading a recording, building the
# profile and symbolizing draw a progress line that ends in "100%" and
# ", done", fitted to the terminal's width. Nothing is drawn when stderr
# is not a terminal, with -q, or for short work under the default delay
# of one second; the report on stdout is the same either way.
. "$top_srcdir/tests/t/lib.sh"
command -v python3 > /dev/null 2>&1 || skip_all "python3 is needed for a pseudo-terminal"
require_perf
unset CPROF_PROGRESS_DELAY

# on_pty PTY_OUT COMMAND...: run COMMAND with its stderr on a
# pseudo-terminal of PTY_COLS columns (default 80), stdout and the exit
# status passed on; what reached the terminal goes to PTY_OUT
cat > run-on-pty.py << 'EOF'
import fcntl, os, pty, struct, subprocess, sys, termios
master, slave = pty.openpty()
cols = int(os.environ.get("PTY_COLS", "80"))
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stderr=slave)
os.close(slave)
seen = b""
while True:
    try:
        data = os.read(master, 65536)
    except OSError:  # EIO: every writer has closed the terminal
        break
    if not data:
        break
    seen += data
with open(sys.argv[1], "wb") as f:
    f.write(seen)
sys.exit(child.wait())
EOF
on_pty() {
	rm -f "$1"
	python3 run-on-pty.py "$@"
}
# progress_free FILE: no trace of a progress meter in FILE
progress_free() {
	[ -f "$1" ] && ! grep -q 'Reading\|Building profile\|Symbolizing\|%' "$1" && ! tr '\r\033' '@@' < "$1" | grep -q @
}

"$CPROF" record -q -o rec.data -- "$W/calltree" 1 || fail "record exited $?"
"$CPROF" report -i rec.data > plain.out 2> plain.err || fail "report exited $?"
progress_free plain.err && pass "stderr to a file: no progress" ||
	fail "progress on stderr that is not a terminal: $(cat -A plain.err)"
CPROF_PROGRESS_DELAY=0 "$CPROF" report -i rec.data > zero.out 2> zero.err || fail "report exited $?"
progress_free zero.err && pass "stderr to a file, delay 0: no progress" ||
	fail "progress with delay 0 on stderr that is not a terminal: $(cat -A zero.err)"
cmp -s plain.out zero.out || fail "report differs with CPROF_PROGRESS_DELAY=0"

# delay 0: the meter is drawn at once
CPROF_PROGRESS_DELAY=0 on_pty pty.err "$CPROF" report -i rec.data > pty.out ||
	fail "report on a terminal exited $?"
grep -q 'Reading' pty.err && grep -q '100%' pty.err && grep -q ', done' pty.err &&
	pass "progress drawn on a terminal" || fail "no progress on a terminal: $(cat -A pty.err)"
grep -q 'Building profile: 100% (' pty.err || fail "no progress for building the profile"
tr -d '\r' < pty.err | grep -q 'done.*\[K$' || fail "the progress line does not end with a newline"
cmp -s plain.out pty.out && pass "same report with progress" ||
	fail "the report differs when progress is shown: $(diff plain.out pty.out)"

# the default delay: a small recording reads in well under a second
on_pty dflt.err "$CPROF" report -i rec.data > dflt.out || fail "report exited $?"
progress_free dflt.err && pass "default delay: no progress for short work" ||
	fail "progress for short work under the default delay: $(cat -A dflt.err)"
cmp -s plain.out dflt.out || fail "the report differs on a terminal"
# values that are not a number of seconds are ignored: the default applies
for v in abc -1 '' ' 0' '0s' 1e0; do
	CPROF_PROGRESS_DELAY=$v on_pty bad.err "$CPROF" report -i rec.data > /dev/null
	progress_free bad.err || fail "CPROF_PROGRESS_DELAY='$v' was not ignored: $(cat -A bad.err)"
done
for v in 0.0 .0 0. 00; do
	CPROF_PROGRESS_DELAY=$v on_pty ok.err "$CPROF" report -i rec.data > /dev/null
	grep -q 'Reading' ok.err || fail "CPROF_PROGRESS_DELAY='$v' is not a delay of 0"
done

# -q: nothing, whatever the delay
CPROF_PROGRESS_DELAY=0 on_pty quiet.err "$CPROF" -q report -i rec.data > quiet.out ||
	fail "report -q exited $?"
progress_free quiet.err && pass "-q: no progress" || fail "progress despite -q: $(cat -A quiet.err)"
cmp -s plain.out quiet.out || fail "the report differs with -q"

# a narrow terminal: the bar goes, no line reaches the last column
CPROF_PROGRESS_DELAY=0 PTY_COLS=40 on_pty narrow.err "$CPROF" report -i rec.data > /dev/null
tr -d '\033' < narrow.err | sed 's/\[K//g' | tr '\r' '\n' > narrow.lines
long=$(awk 'length > 39' narrow.lines | wc -l)
[ "$long" -eq 0 ] && pass "fits a narrow terminal" ||
	fail "$long progress lines wider than a 40-column terminal: $(cat -A narrow.err)"
grep -q '\[' narrow.lines && fail "a bar on a narrow terminal: $(cat narrow.lines)"
grep -q '100%' narrow.err || fail "no progress on a narrow terminal"

# symbolizing: at the end of record, and in report for a recording whose
# symbols were never written (cut before its first FUNCTION chunk)
CPROF_PROGRESS_DELAY=0 on_pty rec.err "$CPROF" record -o rec2.data -- "$W/calltree" 1 > /dev/null ||
	fail "record on a terminal exited $?"
grep -q 'Symbolizing: 100% (' rec.err && pass "progress while record symbolizes" ||
	fail "no symbolizing progress at the end of record: $(cat -A rec.err)"
"$CPROF" info rec2.data > /dev/null 2>&1 || fail "the recording made on a terminal does not read"
python3 - rec.data cut.data << 'EOF' || fail "cannot cut the recording"
import struct, sys
data = open(sys.argv[1], "rb").read()
off = struct.unpack_from("<I", data, 12)[0]
while off + 16 <= len(data):
    ctype, size = struct.unpack_from("<II", data, off)
    if ctype == 7:  # CDATA_CHUNK_FUNCTION
        break
    off += 16 + size
open(sys.argv[2], "wb").write(data[:off])
EOF
CPROF_PROGRESS_DELAY=0 on_pty cut.err "$CPROF" report -i cut.data > cut.out ||
	fail "report of a cut recording exited $?"
grep -q 'Symbolizing: 100% (' cut.err && pass "progress while report symbolizes" ||
	fail "no symbolizing progress for a recording without symbols: $(cat -A cut.err)"
grep -q 'spin_sixty' cut.out || fail "the cut recording was not symbolized"
"$CPROF" report -i cut.data 2> cut2.err | cmp -s - cut.out || fail "the report of the cut recording differs"
progress_free cut2.err || fail "progress for the cut recording on a file: $(cat -A cut2.err)"
finish
