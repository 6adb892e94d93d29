package api_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// benchClients is the number of concurrent clients of BenchmarkBidSubmission.
const benchClients = 32

// BenchmarkBidSubmission measures POST /opportunities/{id}/bids end to end
// through a real listener on the embedded defaults (FerretDB on SQLite),
// with 32 concurrent clients. Each submission is a fresh (organisation,
// listing) pair with its own Idempotency-Key, in random order: about √N
// verified providers × √N published listings are made before the timer
// starts. It reports throughput and the p50/p99 latency the clients saw.
func BenchmarkBidSubmission(b *testing.B) {
	m, _ := marketWithDB(b)
	client := newBurstClient(m.listen())
	nOrgs := max(1, int(math.Ceil(math.Sqrt(float64(b.N)))))
	nListings := (b.N + nOrgs - 1) / nOrgs
	orgs := make([]session, nOrgs)
	for i := range orgs {
		orgs[i] = m.register(fmt.Sprintf("bench-%04d@example.com", i), "enterprise", i%2 == 0)
		if r := m.do("POST", "/api/v1/admin/organizations/"+orgs[i].OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
			b.Fatalf("verify: %d %s", r.Status, r.Body)
		}
	}
	listings := make([]string, nListings)
	for j := range listings {
		listings[j] = m.published().ID
	}
	type job struct {
		org     session
		path    string
		key     string
		price   int64
		elapsed time.Duration
		reply   burstReply
	}
	jobs := make([]*job, b.N)
	for n := range jobs {
		i, j := n%nOrgs, n/nOrgs
		jobs[n] = &job{org: orgs[i], path: "/api/v1/opportunities/" + listings[j] + "/bids",
			key: fmt.Sprintf("bench-%d-%d", i, j), price: int64(50_000_000 + n)}
	}
	// In random order, so that concurrent submissions spread over the
	// listings rather than queue on one listing's lock.
	rand.Shuffle(len(jobs), func(a, c int) { jobs[a], jobs[c] = jobs[c], jobs[a] })

	b.ResetTimer()
	start := time.Now()
	burstPool(len(jobs), benchClients, func(n int) {
		jb := jobs[n]
		jb.reply = client.do("POST", jb.path, bidBody(jb.price), append(jb.org.bearer(), "Idempotency-Key", jb.key)...)
	})
	elapsed := time.Since(start)
	b.StopTimer()

	latencies := make([]float64, 0, len(jobs))
	for _, jb := range jobs {
		if jb.reply.err != nil || jb.reply.status != 201 {
			b.Errorf("%s as %s: %d %s %v", jb.path, jb.org.Email, jb.reply.status, jb.reply.body, jb.reply.err)
		}
		latencies = append(latencies, float64(jb.reply.elapsed.Microseconds())/1000)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return latencies[min(len(latencies)-1, int(math.Ceil(p*float64(len(latencies))))-1)]
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "bids/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
