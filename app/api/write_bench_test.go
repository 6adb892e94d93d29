package api_test

import (
	"encoding/json"
	"fmt"
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

// BenchmarkAmend measures the amendment of a published listing that has
// a bid (its bidder is told of each amendment), one client at a time,
// end to end through a real listener; profile it with -cpuprofile.
func BenchmarkAmend(b *testing.B) {
	m, _ := marketWithDB(b)
	client := newBurstClient(m.listen())
	l := m.published()
	if r := m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(60_000_000), m.provider.bearer()...); r.Status != 201 {
		b.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	version := l.Version
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		r := client.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": version,
			"title":           fmt.Sprintf("徐汇区城运平台升级（第%d次修订）City operations platform upgrade, amendment %d", i+1, i+1),
			"amendmentReason": "澄清范围 clarified scope"}, m.buyer.bearer()...)
		var got listing
		if r.err != nil || r.status != 200 || json.Unmarshal(r.body, &got) != nil {
			b.Fatalf("amendment %d: %d %s %v", i+1, r.status, r.body, r.err)
		}
		version = got.Version
		lat = append(lat, r.elapsed)
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
