package app

import (
	"context"
	"strconv"
	"time"

	"market/models"
)

// AddBidDocument attaches a file to the actor organisation's bid while the
// bid may be amended (before the deadline), and issues a new receipt, which
// covers every file's SHA-256. The file is sealed with the bid: whoever
// may not read the bid gets the bid's own answer (not found, or sealed),
// before and after the body is read.
func (a *App) AddBidDocument(ctx context.Context, actor models.Actor, bidID string, up DocumentUpload) (*models.Document, *models.Bid, error) {
	if actor.Anonymous() {
		return nil, nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	// changeBid checks first that the actor may read the bid: who may not
	// learns nothing more than GET /bids/{id} tells.
	if _, err := a.changeBid(ctx, actor, bidID, func(o *models.Opportunity, b *models.Bid, _ time.Time) (*change, error) {
		if errs := up.Validate("query", models.BidDocumentTypes()); len(errs) > 0 {
			return nil, models.Invalid(errs...)
		}
		return nil, a.mayAddBidDocument(actor, o, b, up.Version, max(up.Length, 0))
	}); err != nil {
		return nil, nil, err
	}
	got, err := a.receive(ctx, &up)
	if err != nil {
		return nil, nil, err
	}
	var doc models.Document
	var out *models.Bid
	err = a.keepAndRecord(ctx, got, func() error {
		out, err = a.changeBid(ctx, actor, bidID, func(o *models.Opportunity, b *models.Bid, now time.Time) (*change, error) {
			if err := a.mayAddBidDocument(actor, o, b, up.Version, got.Size); err != nil {
				return nil, err
			}
			doc = newDocument(up.DocumentInput, got, now)
			b.Documents = append(b.Documents, doc)
			b.IssueReceipt(now)
			return &change{Type: "bid.document_added", Summary: "document added; new receipt " + b.Receipt.SHA256[:12],
				Changes: []models.Change{documentChange(nil, &doc)}}, nil
		})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return &doc, out, nil
}

// mayAddBidDocument checks that the actor may attach a file of size bytes
// to b now, at the version it read, within the limits.
func (a *App) mayAddBidDocument(actor models.Actor, o *models.Opportunity, b *models.Bid, version int, size int64) error {
	if err := bidderAction(actor, o, b); err != nil {
		return err
	}
	if b.Version != version {
		return models.Errorf(models.ECONFLICT, "the bid is at version %d, not %d; reload and try again", b.Version, version)
	}
	n, total := countCurrent(b.Documents)
	switch {
	case n >= a.docLimits.MaxFiles:
		return models.Invalid(models.FieldError{Location: "body", Message: "a bid may have at most " + strconv.Itoa(a.docLimits.MaxFiles) + " documents"})
	case total+size > a.docLimits.MaxBidBytes:
		return models.Errorf(models.ETOOLARGE, "a bid's documents may hold at most %d MiB together", a.docLimits.MaxBidBytes>>20)
	}
	return nil
}

// RemoveBidDocument takes a file off the actor organisation's bid before
// the deadline and issues a new receipt. The file's hash stays in the bid's
// event stream.
func (a *App) RemoveBidDocument(ctx context.Context, actor models.Actor, bidID string, rm DocumentRemoval) (*models.Document, *models.Bid, error) {
	var removed models.Document
	b, err := a.changeBid(ctx, actor, bidID, func(o *models.Opportunity, b *models.Bid, now time.Time) (*change, error) {
		if err := bidderAction(actor, o, b); err != nil {
			return nil, err
		}
		if b.Version != rm.Version {
			return nil, models.Errorf(models.ECONFLICT, "the bid is at version %d, not %d; reload and try again", b.Version, rm.Version)
		}
		d := findDocument(b.Documents, rm.DocumentID)
		if d == nil {
			return nil, models.Errorf(models.ENOTFOUND, "document not found")
		}
		removed = *d
		removed.Status, removed.ModifiedAt = models.DocumentRemoved, now
		b.Documents = dropDocument(b.Documents, d.ID)
		b.IssueReceipt(now)
		return &change{Type: "bid.document_removed", Summary: "document removed; new receipt " + b.Receipt.SHA256[:12],
			Changes: []models.Change{documentChange(&removed, nil)}}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &removed, b, nil
}

// BidDocument opens a bid's document for whoever may read the bid (see
// canReadBid): its bidder always, the buyer and operators after the
// deadline. A withdrawn bid's files left the evaluation: only the bidder
// still downloads them.
func (a *App) BidDocument(ctx context.Context, actor models.Actor, bidID, docID string) (*Download, error) {
	b, err := a.Bid(ctx, actor, bidID)
	if err != nil {
		return nil, err
	}
	d := findDocument(b.Documents, docID)
	if d == nil {
		return nil, models.Errorf(models.ENOTFOUND, "document not found")
	}
	if b.Status == models.BidWithdrawn && !actor.MemberOf(b.Bidder.ID) {
		return nil, models.Errorf(models.EINVALIDSTATE, "the bid was withdrawn: its documents are not part of the evaluation")
	}
	return a.openDocument(ctx, d)
}
