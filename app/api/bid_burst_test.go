package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"
)

// The burst test: many organisations bid on many listings at once, through
// a real listener and the embedded database, each submission sent twice
// with the same Idempotency-Key and some raced by a third with another key.
// It fails on a lost or doubled bid, a 5xx, or a 201 whose bid is not stored.

const (
	burstOrgs    = 10
	burstRacers  = 4  // organisations whose submissions a second key races
	burstWorkers = 32 // concurrent clients
)

// burstListings × burstOrgs is the burst: 10 × 20 pairs, 480
// requests. Under the race detector it takes a minute or two on two cores.
func burstListings() int { return 20 }

// burstClient sends requests through a real listener; safe for concurrent use.
type burstClient struct {
	base string
	http *http.Client
}

func newBurstClient(base string) *burstClient {
	tr := &http.Transport{MaxIdleConns: 2 * burstWorkers, MaxIdleConnsPerHost: 2 * burstWorkers, IdleConnTimeout: time.Minute}
	return &burstClient{base: base, http: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
}

// burstReply is one answer.
type burstReply struct {
	status  int
	code    string
	body    []byte
	err     error
	elapsed time.Duration
}

// do sends one request; body is sent as JSON when not nil.
func (c *burstClient) do(method, path string, body any, headers ...string) burstReply {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return burstReply{err: err}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return burstReply{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return burstReply{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	r := burstReply{status: res.StatusCode, body: b, err: err, elapsed: time.Since(start)}
	if res.StatusCode >= 400 {
		var p struct{ Code string }
		_ = json.Unmarshal(b, &p)
		r.code = p.Code
	}
	return r
}

// burstPool runs n jobs on workers goroutines.
func burstPool(n, workers int, job func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				job(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// burstSubmission is one raced request and its answer.
type burstSubmission struct {
	org, listing int
	key          string
	price        int64
	reply        burstReply
	bid          bidView
}

func TestBidBurst(t *testing.T) {
	start := time.Now()
	m := newMarket(t)
	runBidBurst(t, m, m.listen(), burstListings(), start)
}

// runBidBurst runs the burst with n listings on m's server, served at
// base; start is when the test began, for the set-up time it logs.
func runBidBurst(t *testing.T, m *market, base string, n int, start time.Time) {
	client := newBurstClient(base)
	orgs := make([]session, burstOrgs)
	for i := range orgs {
		orgs[i] = m.register(fmt.Sprintf("burst-%02d@example.com", i), "enterprise", i%2 == 0)
		if r := m.do("POST", "/api/v1/admin/organizations/"+orgs[i].OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
	}
	listings := make([]string, n)
	for j := range listings {
		listings[j] = m.published().ID
	}
	// The requests of one (organisation, listing) pair are queued next to
	// each other, so that they race; the pairs come in random order.
	var groups [][]*burstSubmission
	for i := range orgs {
		for j := range listings {
			key := fmt.Sprintf("burst-%d-%d", i, j)
			price := int64(10_000_000 + 1000*i + j)
			g := []*burstSubmission{{org: i, listing: j, key: key, price: price}, {org: i, listing: j, key: key, price: price}}
			if i < burstRacers {
				g = append(g, &burstSubmission{org: i, listing: j, key: key + "-other", price: price + 500})
			}
			rand.Shuffle(len(g), func(a, b int) { g[a], g[b] = g[b], g[a] })
			groups = append(groups, g)
		}
	}
	rand.Shuffle(len(groups), func(a, b int) { groups[a], groups[b] = groups[b], groups[a] })
	var subs []*burstSubmission
	for _, g := range groups {
		subs = append(subs, g...)
	}
	setup := time.Since(start)

	start = time.Now()
	burstPool(len(subs), burstWorkers, func(i int) {
		s := subs[i]
		s.reply = client.do("POST", "/api/v1/opportunities/"+listings[s.listing]+"/bids", bidBody(s.price),
			append(orgs[s.org].bearer(), "Idempotency-Key", s.key)...)
		if s.reply.status == 201 {
			s.reply.err = json.Unmarshal(s.reply.body, &s.bid)
		}
	})
	burst := time.Since(start)

	// Every answer is a 201 or a 409 conflict; one bid per pair got 201s.
	type pair struct{ org, listing int }
	won := map[pair]map[string]*burstSubmission{}
	byKey := map[string][]*burstSubmission{}
	statuses, details := map[string]int{}, map[string]int{}
	for _, s := range subs {
		statuses[fmt.Sprintf("%d %s", s.reply.status, s.reply.code)]++
		if s.reply.status == 409 {
			var p struct{ Detail string }
			_ = json.Unmarshal(s.reply.body, &p)
			details[p.Detail]++
		}
		switch {
		case s.reply.err != nil:
			t.Errorf("org %d listing %d key %s: %v", s.org, s.listing, s.key, s.reply.err)
		case s.reply.status >= 500:
			t.Errorf("org %d listing %d key %s: %d %s", s.org, s.listing, s.key, s.reply.status, s.reply.body)
		case s.reply.status == 201:
			p := pair{s.org, s.listing}
			if won[p] == nil {
				won[p] = map[string]*burstSubmission{}
			}
			won[p][s.bid.ID] = s
			if s.bid.PriceFen != s.price || s.bid.Bidder.ID != orgs[s.org].OrgID || s.bid.OpportunityID != listings[s.listing] {
				t.Errorf("org %d listing %d key %s: 201 with another bid: %+v", s.org, s.listing, s.key, s.bid)
			}
		case s.reply.status != 409 || s.reply.code != "conflict":
			t.Errorf("org %d listing %d key %s: %d %s, want 201 or 409 conflict", s.org, s.listing, s.key, s.reply.status, s.reply.body)
		}
		byKey[s.key] = append(byKey[s.key], s)
	}
	t.Logf("%d organisations × %d listings: %d submissions in %s (setup %s): %v", len(orgs), len(listings), len(subs), burst.Round(time.Millisecond), setup.Round(time.Millisecond), statuses)
	t.Logf("conflicts: %v", details)
	replayed := 0
	for key, ss := range byKey {
		if len(ss) == 2 && ss[0].reply.status == 201 && ss[1].reply.status == 201 {
			replayed++
			if ss[0].bid.ID != ss[1].bid.ID {
				t.Errorf("key %s: two 201s with different bids %s and %s", key, ss[0].bid.ID, ss[1].bid.ID)
			}
		}
	}
	t.Logf("%d keys answered 201 twice", replayed)
	winner := map[pair]*burstSubmission{}
	for i := range orgs {
		for j := range listings {
			p := pair{i, j}
			if len(won[p]) != 1 {
				t.Errorf("org %d listing %d: %d different bids got a 201, want exactly 1", i, j, len(won[p]))
			}
			for _, s := range won[p] {
				winner[p] = s
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// A request answered 409 while the first with its key was in progress
	// may be retried: when that key won, the retry gives the same bid.
	// (A key whose first request lost to another key must be free again:
	// TestBidIdempotencyKeyFreedAfterFailure checks that.)
	retried := 0
	for _, s := range subs {
		w := winner[pair{s.org, s.listing}]
		if s.reply.status != 409 || !bytes.Contains(s.reply.body, []byte("Idempotency-Key")) || w.key != s.key {
			continue
		}
		retried++
		r := client.do("POST", "/api/v1/opportunities/"+listings[s.listing]+"/bids", bidBody(s.price),
			append(orgs[s.org].bearer(), "Idempotency-Key", s.key)...)
		var again bidView
		if r.status != 201 || json.Unmarshal(r.body, &again) != nil || again.ID != w.bid.ID {
			t.Errorf("org %d listing %d: retrying key %s gave %d %s, want 201 with bid %s", s.org, s.listing, s.key, r.status, r.body, w.bid.ID)
		}
	}
	t.Logf("retried %d requests answered 409 while their key was in progress", retried)

	// Every bid that got a 201 is stored, and its bidder reads it back
	// with the same receipt.
	start = time.Now()
	var winners []*burstSubmission
	for _, s := range winner {
		winners = append(winners, s)
	}
	reads := make([]burstReply, len(winners))
	burstPool(len(winners), burstWorkers, func(i int) {
		reads[i] = client.do("GET", "/api/v1/bids/"+winners[i].bid.ID, nil, orgs[winners[i].org].bearer()...)
	})
	for i, s := range winners {
		var got bidView
		if reads[i].status != 200 || json.Unmarshal(reads[i].body, &got) != nil {
			t.Errorf("bid %s (org %d listing %d) got a 201 but reads back %d %s", s.bid.ID, s.org, s.listing, reads[i].status, reads[i].body)
			continue
		}
		if got.ID != s.bid.ID || got.Status != "submitted" || got.PriceFen != s.price ||
			got.Receipt.SHA256 != s.bid.Receipt.SHA256 || !got.Receipt.IssuedAt.Equal(s.bid.Receipt.IssuedAt) {
			t.Errorf("bid %s reads back as %+v, the 201 said %+v", s.bid.ID, got, s.bid)
		}
	}

	t.Logf("read back %d bids in %s", len(winners), time.Since(start).Round(time.Millisecond))

	// Each organisation's own list: one submitted bid per listing, and no
	// other bid (a request answered 409 left nothing behind).
	start = time.Now()
	for i, org := range orgs {
		var mine struct{ Items []bidView }
		r := m.do("GET", "/api/v1/me/bids", nil, org.bearer()...)
		if r.Status != 200 {
			t.Fatalf("me/bids: %d %s", r.Status, r.Body)
		}
		r.decode(t, &mine)
		seen := map[string]int{}
		for _, b := range mine.Items {
			if b.Status == "submitted" {
				seen[b.OpportunityID]++
			}
		}
		for j, l := range listings {
			if seen[l] != 1 {
				t.Errorf("org %d has %d active bids on listing %d, want 1", i, seen[l], j)
			}
		}
		if len(mine.Items) != len(listings) {
			t.Errorf("org %d lists %d bids, want %d (one per listing)", i, len(mine.Items), len(listings))
		}
	}

	t.Logf("listed each organisation's bids in %s", time.Since(start).Round(time.Millisecond))

	// After the deadline the buyer sees exactly one bid per organisation on
	// each listing: the one that got the 201.
	start = time.Now()
	m.advance(11 * 24 * time.Hour)
	defer func() { t.Logf("listed each listing's bids in %s", time.Since(start).Round(time.Millisecond)) }()
	for j, l := range listings {
		var all struct{ Items []bidView }
		r := m.do("GET", "/api/v1/opportunities/"+l+"/bids", nil, m.buyer.bearer()...)
		if r.Status != 200 {
			t.Fatalf("listing %d bids: %d %s", j, r.Status, r.Body)
		}
		r.decode(t, &all)
		byOrg := map[string]string{}
		for _, b := range all.Items {
			if prev, dup := byOrg[b.Bidder.ID]; dup {
				t.Errorf("listing %d: two bids by %s: %s and %s", j, b.Bidder.ID, prev, b.ID)
			}
			byOrg[b.Bidder.ID] = b.ID
		}
		for i, org := range orgs {
			if want := winner[pair{i, j}].bid.ID; byOrg[org.OrgID] != want {
				t.Errorf("listing %d org %d: the buyer sees bid %q, the 201 was for %q", j, i, byOrg[org.OrgID], want)
			}
		}
		if len(all.Items) != burstOrgs {
			t.Errorf("listing %d: the buyer sees %d bids, want %d", j, len(all.Items), burstOrgs)
		}
	}
}
