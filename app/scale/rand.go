package scale

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// rng is a deterministic random source: one per entity (an organisation, a
// listing, a saved search), seeded from the generation's seed and the
// entity's name, so that what one entity does never depends on the order
// in which the shards happen to run.
type rng struct{ *rand.Rand }

// newRNG returns the random source of entity index of a kind.
func newRNG(seed uint64, kind string, index int) *rng {
	h := fnv.New64a()
	_, _ = h.Write([]byte(kind))
	return &rng{rand.New(rand.NewPCG(seed, h.Sum64()^uint64(index)*0x9e3779b97f4a7c15))}
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between returns a uniform integer in [lo, hi].
func (r *rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// span returns a uniform duration in [lo, hi).
func (r *rng) span(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

// logSpan returns a duration in [lo, hi) whose logarithm is uniform: short
// ones are as likely as long ones by ratio, as waits tend to be.
func (r *rng) logSpan(lo, hi time.Duration) time.Duration {
	if hi <= lo || lo <= 0 {
		return lo
	}
	l, h := math.Log(float64(lo)), math.Log(float64(hi))
	return time.Duration(math.Exp(l + r.Float64()*(h-l)))
}

// logInt returns an integer in [lo, hi] with a uniform logarithm.
func (r *rng) logInt(lo, hi int64) int64 {
	if hi <= lo || lo <= 0 {
		return lo
	}
	l, h := math.Log(float64(lo)), math.Log(float64(hi)+1)
	return min(hi, int64(math.Exp(l+r.Float64()*(h-l))))
}

// weighted returns an index of weights, each with probability proportional to its weight.
func (r *rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// poisson returns a Poisson-distributed count with mean lambda (small lambda).
func (r *rng) poisson(lambda float64) int {
	limit, k, p := math.Exp(-lambda), 0, r.Float64()
	for p > limit {
		k++
		p *= r.Float64()
	}
	return k
}

// pick returns a random element of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN returns n distinct elements of xs (all of them when n ≥ len(xs)), in xs's order.
func pickN[T any](r *rng, xs []T, n int) []T {
	if n >= len(xs) {
		return append([]T{}, xs...)
	}
	idx := r.Perm(len(xs))[:n]
	chosen := make([]bool, len(xs))
	for _, i := range idx {
		chosen[i] = true
	}
	out := make([]T, 0, n)
	for i, x := range xs {
		if chosen[i] {
			out = append(out, x)
		}
	}
	return out
}
