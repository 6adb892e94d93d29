package indexer

import (
	"context"
	"errors"
	"sync"

	"market/models"
)

// Writers index their own changes (so that a writer finds its change in
// its next search), and an engine's batch costs far more than a document in
// it: a Bleve batch of one listing about 4 ms, of eight about 8 ms. So the
// writes that come while a batch is being written wait and go together in
// the next, as databases share a log write between concurrent commits. A
// goroutine writes the batches while there are some, and stops when none
// is left.

// writeBatcher queues the writers' index writes.
type writeBatcher struct {
	mu    sync.Mutex
	queue []*indexWrite
	// running is set while the goroutine that writes batches runs.
	running bool
}

// indexWrite is one writer's change to index: a listing or an organisation.
type indexWrite struct {
	listing  *models.Opportunity
	provider *models.Organization
	// done receives the outcome of the batch that held the write.
	done chan error
}

// newIndexWrite returns the write of a listing or an organisation.
func newIndexWrite(listing *models.Opportunity, provider *models.Organization) *indexWrite {
	return &indexWrite{listing: listing, provider: provider, done: make(chan error, 1)}
}

// indexBatched indexes w in the next batch and returns the batch's outcome,
// or ctx's error should ctx end first (the write is then still written by
// its batch, or its marker stays for the synchroniser).
func (s *Indexer) indexBatched(ctx context.Context, w *indexWrite) error {
	b := &s.batcher
	b.mu.Lock()
	b.queue = append(b.queue, w)
	if !b.running {
		b.running = true
		go s.writeBatches()
	}
	b.mu.Unlock()
	select {
	case err := <-w.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeBatches writes the queued writes a batch at a time until none is left.
func (s *Indexer) writeBatches() {
	b := &s.batcher
	for {
		b.mu.Lock()
		batch := b.queue
		b.queue = nil
		if len(batch) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), s.opts.WriteTimeout)
		err := s.writeBatch(ctx, batch)
		cancel()
		for _, w := range batch {
			w.done <- err
		}
	}
}

// writeBatch applies the writes of one batch to the index: of two writes
// of one document (a writer that gave up waiting, and the next change), the
// later version.
func (s *Indexer) writeBatch(ctx context.Context, batch []*indexWrite) error {
	listings := map[string]*models.Opportunity{}
	providers := map[string]*models.Organization{}
	for _, w := range batch {
		if o := w.listing; o != nil && (listings[o.ID] == nil || listings[o.ID].Version < o.Version) {
			listings[o.ID] = o
		}
		if o := w.provider; o != nil && (providers[o.ID] == nil || providers[o.ID].Version < o.Version) {
			providers[o.ID] = o
		}
	}
	var errs []error
	if len(listings) > 0 {
		errs = append(errs, s.applyOpportunities(ctx, values(listings), nil))
	}
	if len(providers) > 0 {
		errs = append(errs, s.applyProviders(ctx, values(providers), nil))
	}
	return errors.Join(errs...)
}

// values returns the values of m, in no order.
func values[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
