#!/bin/sh
# The shell completions offer the palettes cprof flamegraph accepts, and
# the zsh and fish ones mark as "(default)" the palette a flame graph
# gets without --colors: the one whose graph is byte for byte the same.
. "$top_srcdir/tests/t/lib.sh"
comp="$top_srcdir/completions"

# kernel, library, inlined and user frames: every palette draws them its own way
input=$top_srcdir/tests/data/folded/perf-style.folded
# the palettes, from cprof's own error message
"$CPROF" flamegraph --colors no-such-palette -o x.svg "$input" 2> err
palettes=$(sed -n "s/.*unknown palette 'no-such-palette' (\(.*\))$/\1/p" err | tr -d ,)
[ -n "$palettes" ] || { fail "no palette list in: $(cat err)"; finish; }

"$CPROF" flamegraph -o default.svg "$input" || fail "flamegraph exited $?"
"$CPROF" flamegraph -o default2.svg "$input" || fail "flamegraph exited $?"
cmp -s default.svg default2.svg || fail "the default graph is not the same twice"
default=
for p in $palettes; do
	"$CPROF" flamegraph --colors "$p" -o "$p.svg" "$input" || fail "--colors $p exited $?"
	if cmp -s default.svg "$p.svg"; then
		[ -z "$default" ] || fail "both $default and $p draw the default graph"
		default=$p
	fi
done
[ -n "$default" ] || { fail "no palette draws the default graph"; finish; }
echo "# the default palette: $default"

# zsh: name\:"description" pairs on the --colors line
zline=$(grep -e "--colors=" "$comp/_cprof")
zdefault=$(echo "$zline" | grep -o '[a-z]*\\:"[^"]*(default)[^"]*"' | sed 's/\\:.*//')
[ "$zdefault" = "$default" ] && pass "zsh: $default is the default" ||
	fail "zsh marks '$zdefault' as the default, not $default"
# fish: name\t"description" pairs after -a, on the line after "-l colors"
fline=$(grep -A1 -e "-l colors" "$comp/cprof.fish" | tail -n 1)
fdefault=$(echo "$fline" | grep -o '[a-z]*\\t"[^"]*(default)[^"]*"' | sed 's/\\t.*//')
[ "$fdefault" = "$default" ] && pass "fish: $default is the default" ||
	fail "fish marks '$fdefault' as the default, not $default"
# bash lists them with the default first
bline=$(grep -A2 -e "--colors)" "$comp/cprof.bash" | tr '\n' ' ')
echo "$bline" | grep -q "compgen -W '$default " || fail "bash does not offer $default first"

for p in $palettes; do
	echo "$zline" | grep -q "[( ]$p\\\\:" || fail "zsh does not offer $p"
	echo "$fline" | grep -q "[' ]$p\\\\t" || fail "fish does not offer $p"
	echo "$bline" | grep -q "[' ]$p[' ]" || fail "bash does not offer $p"
done
finish
