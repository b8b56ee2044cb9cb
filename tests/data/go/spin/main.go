// A CPU-bound Go program for the roots test (t0057): goroutines and the
// main goroutine both burn in main.goHot.
package main

import (
	"fmt"
	"sync"
	"time"
)

//go:noinline
func goHot(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i ^ (s >> 3)
	}
	return s
}

func main() {
	end := time.Now().Add(800 * time.Millisecond)
	var wg sync.WaitGroup
	total := 0
	var mu sync.Mutex
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				v := goHot(1000000)
				mu.Lock()
				total += v & 1
				mu.Unlock()
			}
		}()
	}
	for time.Now().Before(end) {
		total += goHot(1000000) & 1
	}
	wg.Wait()
	fmt.Println(total & 1)
}
