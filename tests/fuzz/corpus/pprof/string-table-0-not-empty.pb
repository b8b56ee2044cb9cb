


¿Ñ=	

¿ç∑
Ä Ä@("¥$"
"¥$"* * 2x2samples2count2cpu2nanoseconds2main2work2
calltree.c2/bin/calltree2threadZ`¿Ñ=