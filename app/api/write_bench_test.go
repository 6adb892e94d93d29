package api_test

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"
)

// writeBenchClients is the number of concurrent clients of BenchmarkPublish.
const writeBenchClients = 8

// BenchmarkPublish measures a listing's publication (create a draft,
// submit it, approve it: three writes) end to end through a real listener
// on the embedded defaults, with 8 concurrent clients, as the scale
// benchmark's write rows send them. It reports the p50/p99 latency of each
// write and the publications per second; profile it with -cpuprofile to
// see what a write costs.
func BenchmarkPublish(b *testing.B) {
	m, _ := marketWithDB(b)
	client := newBurstClient(m.listen())
	body := m.draftBody("government_need")
	var lat [3][]time.Duration
	steps := make([][3]burstReply, b.N)
	b.ResetTimer()
	start := time.Now()
	burstPool(b.N, writeBenchClients, func(n int) {
		r := client.do("POST", "/api/v1/opportunities", body, m.buyer.bearer()...)
		steps[n][0] = r
		var l listing
		if r.status != 201 || r.err != nil {
			return
		}
		if err := json.Unmarshal(r.body, &l); err != nil {
			steps[n][0].err = err
			return
		}
		steps[n][1] = client.do("POST", "/api/v1/opportunities/"+l.ID+"/submit", nil, m.buyer.bearer()...)
		steps[n][2] = client.do("POST", "/api/v1/opportunities/"+l.ID+"/approve", nil, m.op.bearer()...)
	})
	elapsed := time.Since(start)
	b.StopTimer()
	for n, s := range steps {
		for i, want := range []int{201, 200, 200} {
			if s[i].err != nil || s[i].status != want {
				b.Fatalf("publication %d, step %d: %d %s %v", n, i, s[i].status, s[i].body, s[i].err)
			}
			lat[i] = append(lat[i], s[i].elapsed)
		}
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "publications/s")
	for i, name := range []string{"draft", "submit", "approve"} {
		slices.Sort(lat[i])
		q := func(p float64) float64 {
			return float64(lat[i][min(len(lat[i])-1, int(math.Ceil(p*float64(len(lat[i]))))-1)].Microseconds()) / 1000
		}
		b.ReportMetric(q(0.5), name+"-p50-ms")
		b.ReportMetric(q(0.99), name+"-p99-ms")
	}
}
