package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"market/app/store"
	"market/models"
)

// OCDSQuery selects one page of releases.
type OCDSQuery struct {
	// Since keeps releases dated at or after it; zero keeps all.
	Since time.Time
	// Page counts from 1; PageSize is 1 to OCDSMaxPageSize (0 for the maximum).
	Page, PageSize int
	// BaseURL is the site's address (such as https://market.example), for
	// the links to tender documents.
	BaseURL string
}

// OCDSPage is one page of releases, oldest first (by date, then event id).
type OCDSPage struct {
	Releases []OCDSRelease
	// More says that a next page has releases.
	More bool
}

// OCDSReleases returns one page of OCDS releases: one per public event of
// a public listing (publication, amendment, extension, close, award,
// failure, cancellation, completion), in a stable order. Drafts, listings
// under review and rejected ones never appear: their events are not
// public. A release carries the bids only when ocdsRevealsBids allows it.
// Anyone may read them: everything in them is public.
func (a *App) OCDSReleases(ctx context.Context, q OCDSQuery) (*OCDSPage, error) {
	if q.PageSize == 0 {
		q.PageSize = OCDSMaxPageSize
	}
	var errs []models.FieldError
	if q.Page < 1 {
		errs = append(errs, models.FieldError{Location: "query.page", Message: "page must be at least 1"})
	}
	if q.PageSize < 1 || q.PageSize > OCDSMaxPageSize {
		errs = append(errs, models.FieldError{Location: "query.pageSize", Message: fmt.Sprintf("pageSize must be 1 to %d", OCDSMaxPageSize)})
	}
	if len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	events, err := a.db.PublicEvents(ctx, store.PublicEventQuery{Types: ocdsEventTypes(), Since: q.Since,
		Skip: (q.Page - 1) * q.PageSize, Limit: q.PageSize + 1})
	if err != nil {
		return nil, err
	}
	page := &OCDSPage{Releases: []OCDSRelease{}, More: len(events) > q.PageSize}
	if page.More {
		events = events[:q.PageSize]
	}
	releases, err := a.ocdsReleasesOf(ctx, events, q.BaseURL)
	if err != nil {
		return nil, err
	}
	page.Releases = releases
	return page, nil
}

// ocdsReleasesOf builds the releases of events, in order. It reads the
// listings as they stand now (to decide whether bids are revealed) and,
// for the releases that may carry bids, the bids' histories.
func (a *App) ocdsReleasesOf(ctx context.Context, events []*models.Event, base string) ([]OCDSRelease, error) {
	ids := make([]string, 0, len(events))
	for _, e := range events {
		ids = append(ids, strings.TrimPrefix(e.Stream, models.StreamOpportunity))
	}
	listings, err := a.db.OpportunitiesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	current := make(map[string]*models.Opportunity, len(listings))
	for _, o := range listings {
		current[o.ID] = o
	}
	now := a.Now()
	var open []string // listings with releases that may carry bids
	for i, e := range events {
		if cur := current[ids[i]]; cur != nil && ocdsRevealsBids(cur, e.At, now) {
			open = append(open, cur.ID)
		}
	}
	histories, err := a.ocdsBidHistoriesOf(ctx, open)
	if err != nil {
		return nil, err
	}
	out := make([]OCDSRelease, 0, len(events))
	for i, e := range events {
		cur := current[ids[i]]
		if cur == nil || !cur.IsPublic() {
			continue // never published: not open data (public events imply published; this is a guard)
		}
		o, err := ocdsSnapshot(e)
		if err != nil {
			return nil, err
		}
		var section *OCDSBids
		var tenderers []OCDSParty
		if ocdsRevealsBids(cur, e.At, now) {
			bids, err := histories[cur.ID].asOf(e.At)
			if err != nil {
				return nil, err
			}
			section, tenderers = ocdsBidSection(o, bids, e.At)
		}
		out = append(out, newOCDSRelease(e, o, section, tenderers, base))
	}
	return out, nil
}

// ocdsBidHistoriesOf loads the bids on the given listings and their events,
// in two queries.
func (a *App) ocdsBidHistoriesOf(ctx context.Context, listingIDs []string) (map[string]*ocdsBidHistory, error) {
	if len(listingIDs) == 0 {
		return map[string]*ocdsBidHistory{}, nil
	}
	bids, err := a.db.BidsOnOpportunities(ctx, ocdsDistinct(listingIDs))
	if err != nil {
		return nil, err
	}
	streams := make([]string, 0, len(bids))
	for _, b := range bids {
		streams = append(streams, models.StreamBid+b.ID)
	}
	events, err := a.db.EventsOfStreams(ctx, streams)
	if err != nil {
		return nil, err
	}
	return ocdsBidHistories(bids, events), nil
}

// ocdsDistinct returns the distinct strings of list, in first-seen order.
func ocdsDistinct(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := make([]string, 0, len(list))
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// NewOCDSPackage wraps releases in a release package published at uri.
// Its publishedDate is the latest release's date, or now when there is none.
func (a *App) NewOCDSPackage(uri string, releases []OCDSRelease) *OCDSPackage {
	published := a.Now()
	if len(releases) > 0 {
		published = releases[0].Date
		for _, r := range releases {
			if r.Date.After(published) {
				published = r.Date
			}
		}
	}
	if releases == nil {
		releases = []OCDSRelease{}
	}
	return &OCDSPackage{URI: uri, Version: OCDSVersion, Extensions: []string{OCDSBidExtension}, PublishedDate: published,
		Publisher: OCDSPublisher{Name: OCDSPublisherName}, Releases: releases}
}
