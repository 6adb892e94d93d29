package app

import (
	"math/rand/v2"
	"testing"
)

// TestCapabilityPointsDivide: capabilityPoints with capabilityShare(n) is
// pointsCapabilities*covered/n for every covered up to n, for every n up
// to 2,000 and for n drawn up to maxShared.
func TestCapabilityPointsDivide(t *testing.T) {
	check := func(n, covered int) {
		if got, want := capabilityPoints(covered, capabilityShare(n)), pointsCapabilities*covered/n; got != want {
			t.Fatalf("%d of %d capabilities: %d points, want %d", covered, n, got, want)
		}
	}
	for n := 1; n <= 2000; n++ {
		for covered := 0; covered <= n; covered++ {
			check(n, covered)
		}
	}
	r := rand.New(rand.NewPCG(15, 16))
	for range 200 {
		n := maxShared - r.IntN(maxShared/2)
		for range 2000 {
			check(n, r.IntN(n+1))
		}
		check(n, n)
		check(n, n-1)
	}
	if capabilityPoints(0, capabilityShare(0)) != 0 {
		t.Fatal("a listing without capabilities gives points")
	}
}

// TestBestCaseStudies: bestCaseStudies is the largest two-bit count.
func TestBestCaseStudies(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for range 100_000 {
		c := r.Uint64() & r.Uint64() & r.Uint64()
		want := 0
		for i := 0; i < 64; i += 2 {
			want = max(want, int(c>>i&3))
		}
		if got := bestCaseStudies(c); got != want {
			t.Fatalf("%064b: %d, want %d", c, got, want)
		}
	}
}
