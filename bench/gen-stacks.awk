# SPDX-License-Identifier: GPL-3.0-or-later
# Deterministic synthetic folded stacks shaped like a real program's: a
# call graph of NFUNC functions in layers, each stack a random walk from
# main down 8 to 40 frames, with names of realistic length.
# usage: awk -v n=200000 -f gen-stacks.awk > stacks.folded
BEGIN {
	srand(1234)
	if (!n) n = 200000
	nfunc = 3000
	for (i = 0; i < nfunc; i++)
		name[i] = sprintf("ns%d::Component%d::handle_%s_%d", i % 17, i % 211,
				  (i % 3 ? "request" : "event"), i)
	for (s = 0; s < n; s++) {
		depth = 8 + int(rand() * 33)
		line = "main"
		f = int(rand() * 8)
		for (d = 0; d < depth; d++) {
			# each function calls one of a few callees
			f = (f * 31 + 7 + int(rand() * 6)) % nfunc
			line = line ";" name[f]
		}
		print line, 1 + int(rand() * 50)
	}
}
