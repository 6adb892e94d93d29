package indexer

import (
	"context"
	"fmt"

	"market/models"
	"market/search"
)

// applyOpportunities makes the listing index agree with docs, as read from
// the database: public listings are upserted, the others removed, and so
// are the listings named in gone (no longer in the database). The engine is
// written first, then the summaries. While a catch-up runs, the listings
// are noted for it (see catchUpWrites); the catch-up's own batches go to
// writeOpportunities.
func (s *Indexer) applyOpportunities(ctx context.Context, docs []*models.Opportunity, gone []string) error {
	if w := s.catchingUp.Load(); w != nil {
		noteWrites(w, OpportunityKeyPrefix, docs, gone, func(o *models.Opportunity) (string, int) { return o.ID, o.Version })
	}
	return s.writeOpportunities(ctx, docs, gone)
}

// writeOpportunities is applyOpportunities without the note.
func (s *Indexer) writeOpportunities(ctx context.Context, docs []*models.Opportunity, gone []string) error {
	up := make([]search.Document, 0, len(docs))
	del := append([]string(nil), gone...)
	for _, o := range docs {
		switch {
		case o.IsPublic():
			up = append(up, opportunityDoc(o))
		case o.PublishedAt != nil:
			// Only a listing that was published can be in the index: a
			// draft's changes cost the engine nothing.
			del = append(del, o.ID)
		}
	}
	if err := writeIndex(ctx, s.engine, OpportunityIndex, up, del); err != nil {
		return err
	}
	if s.listings != nil {
		for _, o := range docs {
			if o.IsPublic() {
				s.listings.Put(o.ID, o.Version, s.summary(o))
			} else {
				s.listings.Put(o.ID, o.Version, nil)
			}
		}
		for _, id := range gone {
			s.listings.Put(id, 0, nil)
		}
	}
	return nil
}

// applyProviders makes the provider index agree with docs: verified
// providers are upserted, other organisations and those in gone removed.
// Like applyOpportunities, it notes them for a running catch-up.
func (s *Indexer) applyProviders(ctx context.Context, docs []*models.Organization, gone []string) error {
	if w := s.catchingUp.Load(); w != nil {
		noteWrites(w, ProviderKeyPrefix, docs, gone, func(o *models.Organization) (string, int) { return o.ID, o.Version })
	}
	return s.writeProviders(ctx, docs, gone)
}

// writeProviders is applyProviders without the note.
func (s *Indexer) writeProviders(ctx context.Context, docs []*models.Organization, gone []string) error {
	up := make([]search.Document, 0, len(docs))
	del := append([]string(nil), gone...)
	for _, o := range docs {
		switch {
		case IsProvider(o):
			up = append(up, providerDoc(o))
		case o.IsProvider() && o.Verification != models.VerificationUnverified:
			// Only an enterprise that was verified can be in the index: a
			// new organisation's changes cost the engine nothing.
			del = append(del, o.ID)
		}
	}
	if err := writeIndex(ctx, s.engine, ProviderIndex, up, del); err != nil {
		return err
	}
	if s.providers != nil {
		for _, o := range docs {
			if IsProvider(o) {
				c := *o
				s.providers.Put(o.ID, o.Version, &c)
			} else {
				s.providers.Put(o.ID, o.Version, nil)
			}
		}
		for _, id := range gone {
			s.providers.Put(id, 0, nil)
		}
	}
	return nil
}

// writeIndex upserts up and deletes del in one index.
func writeIndex(ctx context.Context, engine search.Engine, index string, up []search.Document, del []string) error {
	if engine == nil {
		return models.Errorf(models.EUNAVAILABLE, "search is not configured")
	}
	if len(up) > 0 {
		if err := engine.Upsert(ctx, index, up); err != nil {
			return fmt.Errorf("indexing %d documents in %s: %w", len(up), index, err)
		}
	}
	if len(del) > 0 {
		if err := engine.Delete(ctx, index, del); err != nil {
			return fmt.Errorf("removing %d documents from %s: %w", len(del), index, err)
		}
	}
	return nil
}

// loadOpportunities reads the listings ids from the database, applies them
// to the index and returns the version applied for each (0 for a listing
// that no longer exists).
func (s *Indexer) loadOpportunities(ctx context.Context, ids []string) (map[string]int, error) {
	docs, err := s.db.OpportunitiesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	applied, gone := appliedVersions(ids, docs, func(o *models.Opportunity) (string, int) { return o.ID, o.Version })
	return applied, s.applyOpportunities(ctx, docs, gone)
}

// loadProviders is loadOpportunities for organisations.
func (s *Indexer) loadProviders(ctx context.Context, ids []string) (map[string]int, error) {
	docs, err := s.db.OrganizationsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	applied, gone := appliedVersions(ids, docs, func(o *models.Organization) (string, int) { return o.ID, o.Version })
	return applied, s.applyProviders(ctx, docs, gone)
}

// appliedVersions maps each of ids to the version of its document in docs
// (0 when there is none) and lists the IDs without a document.
func appliedVersions[T any](ids []string, docs []*T, key func(*T) (string, int)) (map[string]int, []string) {
	applied := make(map[string]int, len(ids))
	for _, d := range docs {
		id, v := key(d)
		applied[id] = v
	}
	var gone []string
	for _, id := range ids {
		if _, ok := applied[id]; !ok {
			applied[id] = 0
			gone = append(gone, id)
		}
	}
	return applied, gone
}

// IndexOpportunities indexes listings as given, in batches as large as a
// catch-up's, without reading or marking the database: for imports and
// benchmarks that fill an index directly. A later catch-up or reindex
// replaces them with what the database holds.
func (s *Indexer) IndexOpportunities(ctx context.Context, list []*models.Opportunity) error {
	if !s.ensured.Load() {
		return s.Unusable()
	}
	each := func(ctx context.Context, size int, fn func([]*models.Opportunity) error) error {
		for start := 0; start < len(list); start += size {
			if err := fn(list[start:min(start+size, len(list))]); err != nil {
				return err
			}
		}
		return nil
	}
	return pipelined(ctx, each, CatchUpBatch, CatchUpBatch, func([]*models.Opportunity) {}, func(batch []*models.Opportunity) error {
		return s.writeOpportunities(ctx, batch, nil)
	})
}
