package main

// The bid burst: like app/api's BenchmarkBidSubmission, but against the
// real binary over HTTP. 32 concurrent clients submit bids, each a fresh
// (organisation, listing) pair with its own Idempotency-Key, in random
// order; afterwards the API must show exactly one bid per pair.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The burst's size: burstOrgs × burstListings submissions.
const (
	burstClients  = 32
	burstOrgs     = 45
	burstListings = 45
)

// burstResult is the outcome of one store's burst.
type burstResult struct {
	store      string
	submitted  int
	elapsed    time.Duration
	lat        durations
	lost       int // pairs without a bid, or whose 201 names a bid the API does not show
	duplicated int // pairs with more than one bid
	miscounted int // listings whose bid count, as an operator sees it, is not one per organisation
	prepared   time.Duration
}

// bidsPerSecond is the burst's throughput.
func (r *burstResult) bidsPerSecond() float64 { return float64(r.submitted) / r.elapsed.Seconds() }

// burstPair is one submission and its answer.
type burstPair struct {
	org, listing int
	req          scaleReq
	answer       []byte
	status       int
	elapsed      time.Duration
}

// runBurst prepares verified providers and published listings on w's
// store, submits every pair at once from burstClients clients, and checks
// through the API that each pair has exactly one bid.
func runBurst(w *scaleWorld) (*burstResult, error) {
	start := time.Now()
	res := &burstResult{store: w.t.name}
	if err := w.refresh(); err != nil {
		return nil, err
	}
	buyer, err := w.register("burst-buyer", "government", false, true)
	if err != nil {
		return nil, err
	}
	orgs := make([]*scaleActor, burstOrgs)
	for i := range orgs {
		if orgs[i], err = w.register("burst-bidder", "enterprise", i%2 == 0, true); err != nil {
			return nil, err
		}
	}
	listings := make([]string, burstListings)
	for j := range listings {
		l, err := w.publish(buyer, time.Now().Add(scaleOpenLead))
		if err != nil {
			return nil, err
		}
		listings[j] = l.ID
	}
	pairs := make([]*burstPair, 0, burstOrgs*burstListings)
	for i, org := range orgs {
		for j, id := range listings {
			pairs = append(pairs, &burstPair{org: i, listing: j, req: scaleReq{what: "burst bid", method: http.MethodPost,
				path: "/api/v1/opportunities/" + id + "/bids", token: org.token, key: fmt.Sprintf("burst-%d-%d", i, j),
				body: bidBody(int64(50_000_000 + 1000*i + j)), want: http.StatusCreated}})
		}
	}
	// The same random order on both stores, so that concurrent submissions
	// spread over the listings rather than queue on one listing's lock.
	rng := rand.New(rand.NewPCG(2026, 45))
	rng.Shuffle(len(pairs), func(a, b int) { pairs[a], pairs[b] = pairs[b], pairs[a] })
	res.prepared = time.Since(start)

	var next atomic.Int64
	var wg sync.WaitGroup
	start = time.Now()
	for range burstClients {
		wg.Go(func() {
			var buf bytes.Buffer
			for n := int(next.Add(1)) - 1; n < len(pairs); n = int(next.Add(1)) - 1 {
				p := pairs[n]
				p.status, p.elapsed, _ = w.t.send(p.req, &buf)
				p.answer = bytes.Clone(buf.Bytes())
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.submitted = len(pairs)
	for _, p := range pairs {
		res.lat = append(res.lat, p.elapsed)
	}
	if err := checkBurst(w, res, orgs, listings, pairs); err != nil {
		return nil, err
	}
	return res, nil
}

// checkBurst reads every organisation's bids and every listing through
// the API and counts lost and duplicated bids.
func checkBurst(w *scaleWorld, res *burstResult, orgs []*scaleActor, listings []string, pairs []*burstPair) error {
	index := map[string]int{}
	for j, id := range listings {
		index[id] = j
	}
	answered := map[[2]int]string{} // the bid id each 201 named
	for _, p := range pairs {
		var b idRef
		if p.status == http.StatusCreated && json.Unmarshal(p.answer, &b) == nil {
			answered[[2]int{p.org, p.listing}] = b.ID
		}
	}
	for i, org := range orgs {
		var mine struct {
			Items []struct {
				ID            string `json:"id"`
				OpportunityID string `json:"opportunityId"`
				Status        string `json:"status"`
			} `json:"items"`
		}
		if err := w.t.call(scaleReq{what: "burst check: my bids", method: http.MethodGet, path: "/api/v1/me/bids",
			token: org.token, want: http.StatusOK}, &mine); err != nil {
			return err
		}
		count := make([]int, len(listings))
		seen := map[string]bool{}
		for _, b := range mine.Items {
			if j, ok := index[b.OpportunityID]; ok && b.Status == "submitted" {
				count[j]++
				seen[b.ID] = true
			}
		}
		for j, n := range count {
			id, ok := answered[[2]int{i, j}]
			switch {
			case n == 0 || (ok && !seen[id]):
				res.lost++
			case n > 1:
				res.duplicated++
			}
		}
	}
	// Each listing's count of bids agrees.
	for _, id := range listings {
		var l struct {
			BidCount *int `json:"bidCount"`
		}
		if err := w.t.call(scaleReq{what: "burst check: listing", method: http.MethodGet, path: "/api/v1/opportunities/" + id,
			token: w.op.token, want: http.StatusOK}, &l); err != nil {
			return err
		}
		if l.BidCount == nil || *l.BidCount != len(orgs) {
			res.miscounted++
		}
	}
	return nil
}
