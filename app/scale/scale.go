// Package scale generates "scale S": a store holding a decade of a city's
// market of digital-transformation needs, for benchmarks. It drives the
// application's own use cases (the methods of *app.App) under simulated
// clocks, so that every event, hash chain, bid receipt, bid slot, public
// code, notification and queue marker is exactly what the application
// writes; the only documents it writes itself are the members of an
// organisation beyond the first (the application has no use case for
// them), in the shape Register gives the first.
//
// A generation plans organisations and listings up front from a seed
// (each from its own random source, so the plan does not depend on the
// order of execution), registers and verifies the organisations, then
// plays the listings' histories in several shards at once: each shard is
// an App with its own clock over a disjoint set of listings, moving
// forward in time. At about weekly barriers every shard stops while one
// coordinator delivers the alerts due so far, creates the saved searches
// and follows of that week and withdraws verifications; between barriers
// the coordinator follows the slowest shard, delivering alerts, sending
// the daily digests at midnight and the queued email. The history ends at
// the real current time: what is due later is left undone, so listings
// whose deadline is still to come stay published.
//
// Generated accounts all have the password Password, hashed with the
// cheap argon2 cost Argon2: they exist for benchmarks, which measure a
// sign-in less its deliberate argon2 cost. Never generate into a store
// that serves real users.
package scale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"market/app"
	"market/app/auth"
	"market/app/store"
	"market/models"
)

// Password is the password of every generated account.
const Password = "scale-password-2026"

// Argon2 returns the argon2id cost of generated accounts' passwords: the
// smallest the algorithm allows, so that generating 50,000 accounts takes
// seconds and a benchmark's sign-in measures everything but the hash.
func Argon2() auth.Argon2Params { return auth.Argon2Params{MemoryKiB: 8, Time: 1, Threads: 1} }

// DefaultListings is the size of scale S.
const DefaultListings = 100_000

// Config says what to generate.
type Config struct {
	// Listings is how many listings to make (DefaultListings when 0); every
	// other count is in proportion (see mix.go).
	Listings int
	// Seed chooses the history; a seed gives the same counts every time.
	Seed uint64
	// Shards is how many histories play at once (4 when 0).
	Shards int
	// End is when the history ends, the current time (time.Now when zero).
	End time.Time
	// Logger receives the Apps' logs (discarded when nil).
	Logger *slog.Logger
	// Progress, when set, receives a line about each stage as it ends.
	Progress func(format string, args ...any)
}

// ErrNotEmpty is returned when the store already has accounts.
var ErrNotEmpty = errors.New("the store already has accounts; generate into an empty store")

// Report tells what a generation made, counted as it went.
type Report struct {
	// Planned is the size asked for (Config.Listings), Listings the
	// listings made, Shards how many histories played at once.
	Planned, Listings, Shards int
	// Organizations, Users and Operators are the accounts made.
	Organizations, Users, Operators int
	// Statuses counts the listings by status at the end, Kinds by kind.
	Statuses, Kinds map[string]int
	// Bids, BidReplays (repeated requests with an Idempotency-Key),
	// BidAmendments and BidWithdrawals count what bidders did.
	Bids, BidReplays, BidAmendments, BidWithdrawals int
	// Questions and AnsweredQuestions count the clarifications.
	Questions, AnsweredQuestions int
	// Amendments, Extensions, Closes, Cancellations count what happened
	// to published listings; Scored, Disqualified, Awards, Unsuccessful
	// and Completions their evaluation and delivery.
	Amendments, Extensions, Closes, Cancellations           int
	Scored, Disqualified, Awards, Unsuccessful, Completions int
	// SavedSearches and Follows are the alerts' subscriptions, Mail the
	// emails sent.
	SavedSearches, Follows, Mail int
	// Elapsed is the whole generation: Setup (operators and organisations),
	// Histories (the listings, with alerts) and Finish (the queues).
	Elapsed, Setup, Histories, Finish time.Duration
}

// counters are the Report's counts, kept by the goroutines as they go.
type counters struct {
	bids, replays, bidAmends, withdrawals, questions, answers  atomic.Int64
	amends, extends, scored, disqualified, awards, completions atomic.Int64
	unsuccessful, cancels, closes, savedSearches, follows      atomic.Int64
	mail                                                       atomic.Int64
}

// generator is one generation's state.
type generator struct {
	cfg      Config
	db       store.Store
	tl       *timeline
	v        *vocab
	sizes    sizes
	orgs     []*orgPlan
	ops      []models.Actor
	signer   *auth.Signer
	counts   counters
	progress func(format string, args ...any)
	started  time.Time
}

// Generate fills db, which must have no accounts, with a generated history.
func Generate(ctx context.Context, db store.Store, cfg Config) (*Report, error) {
	start := time.Now()
	if cfg.Listings <= 0 {
		cfg.Listings = DefaultListings
	}
	if cfg.Shards <= 0 {
		cfg.Shards = 4
	}
	if cfg.End.IsZero() {
		cfg.End = time.Now()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Progress == nil {
		cfg.Progress = func(string, ...any) {}
	}
	if n, err := db.CountUsers(ctx); err != nil {
		return nil, fmt.Errorf("counting accounts: %w", err)
	} else if n > 0 {
		return nil, ErrNotEmpty
	}
	g := &generator{cfg: cfg, db: db, tl: newTimeline(cfg.End, cfg.Seed), v: newVocab(), sizes: sizesFor(cfg.Listings), progress: cfg.Progress, started: start}
	signer, err := auth.NewSigner([]byte(auth.RandomToken(48)), time.Now)
	if err != nil {
		return nil, fmt.Errorf("preparing tokens: %w", err)
	}
	g.signer = signer
	g.orgs = planOrgs(cfg.Seed, g.sizes.orgs, g.tl, g.v)
	rep := &Report{Planned: cfg.Listings, Shards: cfg.Shards}
	if err := g.setup(ctx, rep); err != nil {
		return nil, err
	}
	rep.Setup = time.Since(start)
	g.progress("organisations: %d registered, %d members, %d operators in %s",
		rep.Organizations, rep.Users, rep.Operators, rep.Setup.Round(time.Millisecond))
	histories := time.Now()
	if err := g.play(ctx, rep); err != nil {
		return nil, err
	}
	rep.Histories = time.Since(histories)
	finish := time.Now()
	if err := g.finish(ctx); err != nil {
		return nil, err
	}
	g.fill(rep)
	if err := g.tally(ctx, rep); err != nil {
		return nil, err
	}
	rep.Finish = time.Since(finish)
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// newApp returns an App over the store with its own simulated clock,
// without a search engine: the changes stay marked for the next start.
func (g *generator) newApp(c *clock, exclusive bool) (*app.App, error) {
	a, err := app.New(app.Config{DB: g.db, Tokens: g.signer, Argon2: Argon2(), Now: c.Now, Logger: g.cfg.Logger,
		SearchOptions: app.SearchOptions{Exclusive: exclusive}})
	if err != nil {
		return nil, fmt.Errorf("building an App: %w", err)
	}
	return a, nil
}

// tally counts the listings by status and kind, as the store holds them.
func (g *generator) tally(ctx context.Context, rep *Report) error {
	rep.Statuses, rep.Kinds = map[string]int{}, map[string]int{}
	for _, s := range []string{models.StatusDraft, models.StatusPendingReview, models.StatusRejected, models.StatusPublished,
		models.StatusClosed, models.StatusAwarded, models.StatusCompleted, models.StatusUnsuccessful, models.StatusCancelled} {
		_, n, err := g.db.FindOpportunities(ctx, store.OpportunityQuery{Statuses: []string{s}, PageSize: 1})
		if err != nil {
			return fmt.Errorf("counting %s listings: %w", s, err)
		}
		rep.Statuses[s] = n
	}
	for _, k := range []string{models.KindGovernmentNeed, models.KindSMEHelp} {
		_, n, err := g.db.FindOpportunities(ctx, store.OpportunityQuery{Kinds: []string{k}, PageSize: 1})
		if err != nil {
			return fmt.Errorf("counting %s listings: %w", k, err)
		}
		rep.Kinds[k] = n
	}
	return nil
}

// fill copies the counters into the report.
func (g *generator) fill(rep *Report) {
	c := &g.counts
	rep.Bids, rep.BidReplays, rep.BidAmendments, rep.BidWithdrawals = int(c.bids.Load()), int(c.replays.Load()), int(c.bidAmends.Load()), int(c.withdrawals.Load())
	rep.Questions, rep.AnsweredQuestions = int(c.questions.Load()), int(c.answers.Load())
	rep.Amendments, rep.Extensions = int(c.amends.Load()), int(c.extends.Load())
	rep.Scored, rep.Disqualified, rep.Awards, rep.Completions = int(c.scored.Load()), int(c.disqualified.Load()), int(c.awards.Load()), int(c.completions.Load())
	rep.Unsuccessful, rep.Cancellations, rep.Closes = int(c.unsuccessful.Load()), int(c.cancels.Load()), int(c.closes.Load())
	rep.SavedSearches, rep.Follows, rep.Mail = int(c.savedSearches.Load()), int(c.follows.Load()), int(c.mail.Load())
}

// group runs goroutines and returns the first error, cancelling the
// others' context when one fails.
type group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

// newGroup returns a group and the context its goroutines run in.
func newGroup(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel}, ctx
}

// spawn runs fn in a goroutine of the group.
func (g *group) spawn(fn func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(); err != nil {
			g.once.Do(func() { g.err = err; g.cancel() })
		}
	}()
}

// wait waits for every goroutine and returns the first error.
func (g *group) wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}
