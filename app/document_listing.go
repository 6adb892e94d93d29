package app

import (
	"context"
	"strconv"
	"time"

	"market/models"
)

// AddOpportunityDocument attaches a file to a listing (its owner's members,
// while the listing is a draft, rejected or published), or a new version
// of one of its documents (up.Replaces), which then stays listed as
// superseded. On a published listing this is an amendment: it needs a
// reason, keeps the deadline at least 3 days away, bumps the version,
// notifies bidders and followers and enters the public history with the
// file's hash. Everything is checked before the body is read, and again
// under the listing's lock before the document is recorded; a file that
// fails leaves nothing behind.
func (a *App) AddOpportunityDocument(ctx context.Context, actor models.Actor, id string, up DocumentUpload) (*models.Document, *models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, nil, err
	}
	if errs := up.Validate("query", models.TenderDocumentTypes()); len(errs) > 0 {
		return nil, nil, models.Invalid(errs...)
	}
	o, err := a.Opportunity(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := a.mayAddListingDocument(actor, o, &up, a.Now()); err != nil {
		return nil, nil, err
	}
	got, err := a.receive(ctx, &up)
	if err != nil {
		return nil, nil, err
	}
	var doc models.Document
	err = a.keepAndRecord(ctx, got, func() error {
		o, err = a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
			old, err := a.mayAddListingDocument(actor, o, &up, now)
			if err != nil {
				return nil, err
			}
			doc = newDocument(up.DocumentInput, got, now)
			var before *models.Document
			if old != nil {
				prev := *old
				before = &prev
				old.Status, old.ReplacedBy, old.ModifiedAt = models.DocumentSuperseded, doc.ID, now
				doc.Replaces = old.ID
			}
			o.Documents = append(o.Documents, doc)
			return listingDocumentChange(o, up.AmendmentReason, before, &doc), nil
		})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return &doc, o, nil
}

// mayAddListingDocument checks that the actor may attach the upload to o
// now, and returns the document it replaces, if any.
func (a *App) mayAddListingDocument(actor models.Actor, o *models.Opportunity, up *DocumentUpload, now time.Time) (*models.Document, error) {
	reason, err := listingDocumentsChangeable(actor, o, up.Version, up.AmendmentReason, now)
	if err != nil {
		return nil, err
	}
	up.AmendmentReason = reason
	var old *models.Document
	if up.Replaces != "" {
		if old = findDocument(o.Documents, up.Replaces); old == nil || !old.Current() {
			return nil, models.Invalid(models.FieldError{Location: "query.replaces", Message: "replaces must name a current document of this listing"})
		}
	}
	n, _ := countCurrent(o.Documents)
	limit := a.docLimits.MaxFiles
	switch {
	case old == nil && n >= limit:
		return nil, models.Invalid(models.FieldError{Location: "body", Message: "a listing may have at most " + strconv.Itoa(limit) + " current documents"})
	case len(o.Documents) >= limit*maxVersionsPerFile:
		return nil, models.Invalid(models.FieldError{Location: "body", Message: "this listing has reached the most document versions it may keep"})
	}
	return old, nil
}

// listingDocumentsChangeable checks that the actor may change o's
// documents now, at the version it read: its owner, while o is a draft,
// rejected or published; published, with a reason (returned trimmed) and
// the deadline at least 3 days away.
func listingDocumentsChangeable(actor models.Actor, o *models.Opportunity, version int, reason string, now time.Time) (string, error) {
	if err := requireOwner(actor, o); err != nil {
		return "", err
	}
	amending := o.Status == models.StatusPublished
	if !o.Editable() && !amending {
		return "", models.Errorf(models.EINVALIDSTATE, "the documents of a %s listing cannot change", o.Status)
	}
	if o.Version != version {
		return "", models.Errorf(models.ECONFLICT, "the listing is at version %d, not %d; reload and try again", o.Version, version)
	}
	if !amending {
		return "", nil
	}
	reason, err := amendmentReason(reason)
	if err != nil {
		return "", err
	}
	if o.BidDeadline.Before(now.Add(models.MinAmendmentLead)) {
		return "", models.Invalid(models.FieldError{Location: "bidDeadline",
			Message: "after an amendment the deadline must be at least 3 days away; extend it first"})
	}
	return reason, nil
}

// listingDocumentChange is the event of a change of o's documents: an
// amendment of a published listing, an edit of a draft.
func listingDocumentChange(o *models.Opportunity, reason string, before, after *models.Document) *change {
	changes := []models.Change{documentChange(before, after)}
	if o.Status == models.StatusPublished {
		return &change{Type: "opportunity.amended", Summary: "amended: " + reason, Changes: changes, Public: true}
	}
	return &change{Type: "opportunity.edited", Summary: "draft documents changed", Changes: changes}
}

// RemoveOpportunityDocument takes a current document off a listing (its
// owner's members). A draft's document leaves the list; a published
// listing's stays listed as removed (and downloadable), by an amendment
// as for AddOpportunityDocument.
func (a *App) RemoveOpportunityDocument(ctx context.Context, actor models.Actor, id string, rm DocumentRemoval) (*models.Document, *models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, nil, err
	}
	var removed models.Document
	o, err := a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
		reason, err := listingDocumentsChangeable(actor, o, rm.Version, rm.AmendmentReason, now)
		if err != nil {
			return nil, err
		}
		d := findDocument(o.Documents, rm.DocumentID)
		switch {
		case d == nil:
			return nil, models.Errorf(models.ENOTFOUND, "document not found")
		case !d.Current():
			return nil, models.Errorf(models.EINVALIDSTATE, "the document is already %s", d.Status)
		}
		before := *d
		if o.Status == models.StatusPublished {
			d.Status, d.ModifiedAt = models.DocumentRemoved, now
			removed = *d
		} else {
			removed = *d
			removed.Status, removed.ModifiedAt = models.DocumentRemoved, now
			o.Documents = dropDocument(o.Documents, d.ID)
		}
		return listingDocumentChange(o, reason, &before, nil), nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &removed, o, nil
}

// dropDocument returns docs without document id.
func dropDocument(docs []models.Document, id string) []models.Document {
	out := docs[:0:0]
	for _, d := range docs {
		if d.ID != id {
			out = append(out, d)
		}
	}
	return out
}

// OpportunityDocument opens a listing's document (any version) for whoever
// may see the listing: anyone once it is public; its owner and operators
// before.
func (a *App) OpportunityDocument(ctx context.Context, actor models.Actor, id, docID string) (*Download, error) {
	o, err := a.Opportunity(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	d := findDocument(o.Documents, docID)
	if d == nil {
		return nil, models.Errorf(models.ENOTFOUND, "document not found")
	}
	return a.openDocument(ctx, d)
}
