package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/sqlite"
	"market/app/store"
	"market/models"
)

// The benchmarks build their data with ImportRaw. By default they use
// sizes that build in seconds (100,000 listings, 100,000 events, 150,000
// notifications); MARKET_SQLITE_BENCH_SCALE=S builds scale S's 1,000,000
// events and notifications, some minutes. The whole set runs in about a
// minute with the default benchtime:
//
//	go test -run '^$' -bench . ./app/sqlite/

// benchScale is how many listings, events and notifications to build.
type benchScale struct{ listings, events, notifications int }

// scale returns the sizes to build.
func scale() benchScale {
	if os.Getenv("MARKET_SQLITE_BENCH_SCALE") == "S" {
		return benchScale{listings: 100_000, events: 1_000_000, notifications: 1_000_000}
	}
	return benchScale{listings: 100_000, events: 100_000, notifications: 150_000}
}

// importBatch is how many documents each ImportRaw call takes.
const importBatch = 5000

// importAll imports n documents made by gen into collection.
func importAll(b *testing.B, db *sqlite.DB, collection string, n int, gen func(i int) any) {
	b.Helper()
	ctx := context.Background()
	batch := make([]bson.Raw, 0, importBatch)
	for i := range n {
		doc, err := bson.Marshal(gen(i))
		if err != nil {
			b.Fatal(err)
		}
		if batch = append(batch, doc); len(batch) == importBatch || i == n-1 {
			if err := db.ImportRaw(ctx, collection, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// benchListing returns listing i, about 2.5 KB of BSON, published for most i.
func benchListing(i int) *models.Opportunity {
	pub := at(time.Duration(i) * time.Minute)
	o := &models.Opportunity{ID: fmt.Sprintf("l%07d", i), Code: fmt.Sprintf("SH-2026-%06d", i+1), Kind: models.KindGovernmentNeed,
		Status: models.StatusPublished, Version: 3, Title: fmt.Sprintf("城市运行平台 %d", i),
		Description: strings.Repeat("One-network government services for the district. ", 35), Domain: "governance",
		Scenarios: []string{"one-network", "city-ops"}, Capabilities: []string{"cloud", "data", "ai"}, District: "pudong",
		Budget: models.Budget{MinFen: 1_000_00, MaxFen: int64(10_000_00 + i)}, BidDeadline: at(time.Duration(i%1000) * time.Hour),
		Eligibility: models.Eligibility{VerifiedOnly: true}, Criteria: []models.Criterion{{ID: "p", Name: "Price", Weight: 100}},
		Buyer:       models.OrgRef{ID: fmt.Sprintf("o%05d", i%20_000), Name: "Buyer", Kind: models.OrgGovernment},
		PublishedAt: &pub, CreatedAt: pub, UpdatedAt: pub}
	if i%10 == 0 {
		o.Status, o.PublishedAt = models.StatusDraft, nil
	}
	return o
}

// benchEvent returns event i, about 2.5 KB of BSON with its snapshot.
func benchEvent(i int) *models.Event {
	e := &models.Event{ID: fmt.Sprintf("e%08d", i), Stream: fmt.Sprintf("bid/b%07d", i/4), Seq: i%4 + 1, Type: "bid.amended",
		At: at(time.Duration(i) * time.Second), Actor: models.EventActor{UserID: "u1", OrganizationID: "o1", Role: models.RoleMember},
		Summary: "bid amended", Changes: []models.Change{{Field: "priceFen", Before: "100", After: "90"}},
		Snapshot: []byte(strings.Repeat(`{"proposal":"We will deliver the platform in three phases."}`, 36))}
	e.Seal("")
	return e
}

// benchNotification returns notification i: one in two for organisation
// "big" (at least 100,000 of them at the smallest scale), the rest spread.
func benchNotification(i int) *models.Notification {
	org := "big"
	if i%2 == 1 {
		org = fmt.Sprintf("o%05d", i%20_000)
	}
	return &models.Notification{ID: fmt.Sprintf("n%08d", i), OrganizationID: org, Type: models.NoticeAmended,
		OpportunityID: "l1", OpportunityCode: "SH-2026-000001", OpportunityTitle: "城市运行平台", Summary: "the listing was amended",
		Changes: []models.Change{{Field: "title", Before: "a", After: "b"}}, Read: i%3 == 0, CreatedAt: at(time.Duration(i) * time.Second)}
}

// openBench opens a store in the benchmark's temporary directory.
func openBench(b *testing.B) *sqlite.DB {
	b.Helper()
	db, err := sqlite.Open(context.Background(), b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close(context.Background()) })
	return db
}

// BenchmarkStore measures the reads and writes of requests on a near-empty
// store and on one at scale (see scale), each built once and shared by the
// sub-benchmarks; one pass of EachEvent and 32 concurrent clients
// submitting bids run at scale only.
func BenchmarkStore(b *testing.B) {
	full := scale()
	for _, sc := range []benchScale{{listings: 100, events: 100, notifications: 100}, full} {
		b.Run(fmt.Sprintf("listings=%d", sc.listings), func(b *testing.B) {
			db := openBench(b)
			importAll(b, db, "opportunities", sc.listings, func(i int) any { return benchListing(i) })
			importAll(b, db, "notifications", sc.notifications, func(i int) any { return benchNotification(i) })
			importAll(b, db, "events", sc.events, func(i int) any { return benchEvent(i) })
			// Measure a store at rest, not the kernel's write-back of the import.
			syscall.Sync()
			b.Run("opportunity_by_id", func(b *testing.B) { benchOpportunityByID(b, db, sc.listings) })
			b.Run("feed", func(b *testing.B) { benchFeed(b, db, sc.listings) })
			b.Run("list_notifications", func(b *testing.B) { benchListNotifications(b, db, sc.notifications) })
			b.Run("commit_listing", func(b *testing.B) { benchCommitListing(b, db) })
			b.Run("bid_submission", func(b *testing.B) { benchBidSubmission(b, db, sc.listings) })
			if sc == full {
				b.Run("bid_submission_32_clients", func(b *testing.B) { benchBidClients(b, db, sc.listings) })
				b.Run("each_event", func(b *testing.B) { benchEachEvent(b, db, sc.events) })
			}
		})
	}
}

func benchOpportunityByID(b *testing.B, db *sqlite.DB, n int) {
	ctx, r := context.Background(), rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if _, err := db.OpportunityByID(ctx, fmt.Sprintf("l%07d", r.IntN(n))); err != nil {
			b.Fatal(err)
		}
	}
}

// benchFeed reads the feed: the 50 listings published last, with the total.
func benchFeed(b *testing.B, db *sqlite.DB, n int) {
	public := []string{models.StatusPublished, models.StatusClosed, models.StatusAwarded, models.StatusCompleted,
		models.StatusUnsuccessful, models.StatusCancelled}
	ctx := context.Background()
	for b.Loop() {
		items, total, err := db.FindOpportunities(ctx, store.OpportunityQuery{Statuses: public, PublishedOnly: true,
			Sort: "-publishedAt", Page: 1, PageSize: 50})
		if err != nil || len(items) != min(50, total) || total < n*8/10 {
			b.Fatalf("%d items, total %d, %v", len(items), total, err)
		}
	}
}

// benchListNotifications reads the first page of the inbox of "big", which
// holds half of the notifications, with its total and unread count.
func benchListNotifications(b *testing.B, db *sqlite.DB, n int) {
	ctx := context.Background()
	for b.Loop() {
		items, total, _, err := db.ListNotifications(ctx, "big", 1, 20)
		if err != nil || len(items) != 20 || total != (n+1)/2 {
			b.Fatalf("%d items, total %d, %v", len(items), total, err)
		}
	}
}

// benchCommitListing commits changes of one listing with both markers.
func benchCommitListing(b *testing.B, db *sqlite.DB) {
	ctx := context.Background()
	o, err := db.OpportunityByID(ctx, "l0000007")
	if err != nil {
		b.Fatal(err)
	}
	// The listing's stream has no events before its stored version: Commit
	// checks only that the change's seq is free and the version follows.
	for b.Loop() {
		o.Version++
		o.UpdatedAt = o.UpdatedAt.Add(time.Second)
		e := &models.Event{ID: models.NewID(), Stream: "opportunity/" + o.ID, Seq: o.Version, Type: "opportunity.amended",
			At: o.UpdatedAt, Summary: "amended", Changes: []models.Change{{Field: "title", Before: "a", After: "b"}}}
		e.Seal("")
		if err := db.Commit(ctx, store.Commit{Event: e, Doc: o, Prev: o.Version - 1, Index: "opportunity/" + o.ID, Alert: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// submitBid makes a bid submission's reads and writes: the listing, the
// idempotency key, the bid's commit with its slot and its key.
func submitBid(ctx context.Context, db *sqlite.DB, org, listing string, i int) error {
	if _, err := db.OpportunityByID(ctx, listing); err != nil {
		return err
	}
	now := time.Now().UTC()
	id := fmt.Sprintf("b%s-%d", org, i)
	if _, err := db.BidOfIdempotencyKey(ctx, org, listing, "key-"+id); err != nil {
		return err
	}
	bd := &models.Bid{ID: id, OpportunityID: listing, Bidder: models.OrgRef{ID: org}, Status: models.BidSubmitted, Version: 1,
		PriceFen: 500_00, Proposal: strings.Repeat("We will deliver. ", 50), SubmittedAt: now, UpdatedAt: now}
	e := &models.Event{ID: models.NewID(), Stream: "bid/" + id, Seq: 1, Type: "bid.submitted", At: now, Summary: "bid submitted"}
	e.Seal("")
	return db.Commit(ctx, store.Commit{Event: e, Doc: bd, Prev: 0, ClaimSlot: true, IdempotencyKey: "key-" + id})
}

func benchBidSubmission(b *testing.B, db *sqlite.DB, n int) {
	ctx, i := context.Background(), 0
	for b.Loop() {
		i++
		if err := submitBid(ctx, db, fmt.Sprintf("seq%d", i), fmt.Sprintf("l%07d", i%n), i); err != nil {
			b.Fatal(err)
		}
	}
}

// benchBidClients has 32 clients submit 40 bids each per iteration and
// reports the bids per second.
func benchBidClients(b *testing.B, db *sqlite.DB, n int) {
	const clients, each = 32, 40
	ctx := context.Background()
	round, elapsed := 0, time.Duration(0)
	for b.Loop() {
		round++
		start := time.Now()
		var wg sync.WaitGroup
		for c := range clients {
			wg.Go(func() {
				org := fmt.Sprintf("c%d-%d", round, c)
				for i := range each {
					if err := submitBid(ctx, db, org, fmt.Sprintf("l%07d", (c*each+i)%n), i); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(round*clients*each)/elapsed.Seconds(), "bids/s")
}

// benchEachEvent reads the whole trail per iteration and reports events
// per second and the process's resident memory after.
func benchEachEvent(b *testing.B, db *sqlite.DB, n int) {
	ctx := context.Background()
	start, rounds := time.Now(), 0
	for b.Loop() {
		count := 0
		if err := db.EachEvent(ctx, func(*models.Event) error { count++; return nil }); err != nil || count < n {
			b.Fatalf("%d events, %v", count, err)
		}
		rounds++
	}
	b.ReportMetric(float64(rounds*n)/time.Since(start).Seconds(), "events/s")
	b.ReportMetric(float64(residentMiB()), "rss-MiB")
}

func BenchmarkImportRaw(b *testing.B) {
	for _, kind := range []struct {
		collection string
		gen        func(int) any
	}{{"notifications", func(i int) any { return benchNotification(i) }}, {"events", func(i int) any { return benchEvent(i) }}} {
		b.Run(kind.collection, func(b *testing.B) {
			db := openBench(b)
			batch := make([]bson.Raw, importBatch)
			next, elapsed := 0, time.Duration(0)
			ctx := context.Background()
			for b.Loop() {
				for i := range batch {
					doc, err := bson.Marshal(kind.gen(next))
					if err != nil {
						b.Fatal(err)
					}
					batch[i], next = doc, next+1
				}
				start := time.Now()
				if err := db.ImportRaw(ctx, kind.collection, batch); err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
			}
			b.ReportMetric(float64(next)/elapsed.Seconds(), "docs/s")
		})
	}
}

// residentMiB returns the process's resident memory, in MiB, or -1.
func residentMiB() int {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb / 1024
		}
	}
	return -1
}
