// SPDX-License-Identifier: MIT

// goprof writes real Go runtime/pprof profiles for the cprof tests
// (tests/t/t0031-pprof-go.sh), using only the standard library.
//
// cpu.pb.gz: about SECONDS (default 1.5) of CPU time, roughly 75% of
// it in main.hotLoop and 25% in main.warmLoop (3 work units against 1
// per round, the same loop in both). The test runs it with
// GODEBUG=asyncpreemptoff=1, so no runtime.asyncPreempt frames sit on
// top of the two.
//
// heap.pb.gz: every allocation is recorded (MemProfileRate = 1);
// main.allocBig retains 8 MiB in 64 KiB pieces, main.allocSmall 1 MiB
// in 1 KiB pieces, so by space allocBig comes first and by objects
// allocSmall does.
//
// Usage: goprof [SECONDS]   (run in the directory to write into)
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"
)

// a work unit: unitIters dependent multiply-adds
const unitIters = 200000

var sink uint64

//go:noinline
func hotLoop() {
	x := sink
	for i := 0; i < 3*unitIters; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink = x
}

//go:noinline
func warmLoop() {
	x := sink
	for i := 0; i < 1*unitIters; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink = x
}

var big, small [][]byte

//go:noinline
func allocBig() {
	for i := 0; i < 128; i++ {
		big = append(big, make([]byte, 64<<10))
	}
}

//go:noinline
func allocSmall() {
	for i := 0; i < 1024; i++ {
		small = append(small, make([]byte, 1<<10))
	}
}

func die(err error) {
	fmt.Fprintln(os.Stderr, "goprof:", err)
	os.Exit(1)
}

func main() {
	runtime.MemProfileRate = 1
	seconds := 1.5
	if len(os.Args) > 1 {
		s, err := strconv.ParseFloat(os.Args[1], 64)
		if err != nil {
			die(err)
		}
		seconds = s
	}

	f, err := os.Create("cpu.pb.gz")
	if err != nil {
		die(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		die(err)
	}
	end := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	for time.Now().Before(end) {
		hotLoop()
		warmLoop()
	}
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		die(err)
	}

	allocBig()
	allocSmall()
	runtime.GC()
	h, err := os.Create("heap.pb.gz")
	if err != nil {
		die(err)
	}
	if err := pprof.Lookup("heap").WriteTo(h, 0); err != nil {
		die(err)
	}
	if err := h.Close(); err != nil {
		die(err)
	}
	runtime.KeepAlive(big)
	runtime.KeepAlive(small)
}
