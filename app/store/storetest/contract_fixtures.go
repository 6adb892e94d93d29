package storetest

import (
	"fmt"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// The suite's documents: complete (every slice set, so that a store's
// round trip is compared field by field) and at version 1.

// listing returns a draft listing with the given ID, changed by mods.
func listing(id string, mods ...func(*models.Opportunity)) *models.Opportunity {
	o := &models.Opportunity{
		ID: id, Code: "SH-2026-T" + id, Kind: models.KindGovernmentNeed, Status: models.StatusDraft, Version: 1,
		Title: "Listing " + id, Description: "A need called " + id, Domain: "governance",
		Scenarios: []string{"one-network"}, Capabilities: []string{"cloud"}, District: "pudong",
		Budget: models.Budget{MinFen: 100_00, MaxFen: 1_000_00}, BidDeadline: at(30 * 24 * time.Hour),
		DeliveryStart: at(40 * 24 * time.Hour), DeliveryEnd: at(100 * 24 * time.Hour),
		Eligibility: models.Eligibility{VerifiedOnly: true},
		Criteria:    []models.Criterion{{ID: "price", Name: "Price", Weight: 60}, {ID: "quality", Name: "Quality", Weight: 40}},
		Buyer:       models.OrgRef{ID: "buyer-1", Name: "Buyer One", Kind: models.OrgGovernment},
		CreatedAt:   at(0), UpdatedAt: at(0),
	}
	for _, m := range mods {
		m(o)
	}
	return o
}

// organization returns an unverified enterprise with the given ID and credit code.
func organization(id, creditCode string, mods ...func(*models.Organization)) *models.Organization {
	o := &models.Organization{
		ID: id, Name: "Org " + id, Kind: models.OrgEnterprise, CreditCode: creditCode, District: "pudong",
		Verification: models.VerificationUnverified, Version: 1, CreatedAt: at(0), UpdatedAt: at(0),
		Profile: models.Profile{Summary: "We build things", Capabilities: []string{"cloud"},
			CaseStudies: []models.CaseStudy{{Title: "A", Summary: "B", Year: 2025}}, DistrictsServed: []string{"pudong"}},
	}
	for _, m := range mods {
		m(o)
	}
	return o
}

// bid returns a submitted bid by org on a listing.
func bid(id, opportunityID, orgID string, submitted time.Time) *models.Bid {
	return &models.Bid{
		ID: id, OpportunityID: opportunityID, Bidder: models.OrgRef{ID: orgID, Name: "Org " + orgID, Kind: models.OrgEnterprise},
		Status: models.BidSubmitted, Version: 1, PriceFen: 500_00, DurationDays: 90, Proposal: "We will do it",
		Team:    []models.TeamMember{{Name: "Li", Role: "lead"}},
		Receipt: models.Receipt{SHA256: "abc", IssuedAt: submitted}, SubmittedAt: submitted, UpdatedAt: submitted,
	}
}

// question returns an open question about a listing.
func question(id, opportunityID string, asked time.Time) *models.Question {
	return &models.Question{ID: id, OpportunityID: opportunityID, Text: "What about " + id + "?",
		AskedBy: models.Asker{OrganizationID: "org-q", OrganizationName: "Asker", UserID: "user-q"}, AskedAt: asked, Version: 1}
}

// aggregateOf returns the stream and a pointer to the version of one of
// the documents store.Commit takes.
func aggregateOf(t testing.TB, doc any) (stream string, version *int) {
	t.Helper()
	switch d := doc.(type) {
	case *models.Opportunity:
		return models.StreamOpportunity + d.ID, &d.Version
	case *models.Bid:
		return models.StreamBid + d.ID, &d.Version
	case *models.Organization:
		return models.StreamOrganization + d.ID, &d.Version
	case *models.Question:
		return models.StreamQuestion + d.ID, &d.Version
	}
	t.Fatalf("not an aggregate: %T", doc)
	return "", nil
}

// eventOf returns the sealed event seq of stream, at the given time.
func eventOf(stream string, seq int, when time.Time) *models.Event {
	e := &models.Event{ID: models.NewID(), Stream: stream, Seq: seq, Type: "test.changed", At: when,
		Actor: models.EventActor{UserID: "u", Role: models.RoleMember}, Summary: fmt.Sprintf("change %d", seq),
		Changes: []models.Change{{Field: "f", Before: "a", After: "b"}}, Public: true, Snapshot: []byte(`{"v":1}`)}
	e.Seal("")
	return e
}

// commitDoc commits doc, already at its new version, from version
// version-1, with its event at the given time; edit adjusts the commit
// (markers) before it is made.
func commitDoc(t testing.TB, s store.Store, doc any, when time.Time, edit ...func(*store.Commit)) error {
	t.Helper()
	stream, version := aggregateOf(t, doc)
	c := store.Commit{Event: eventOf(stream, *version, when), Doc: doc, Prev: *version - 1}
	for _, e := range edit {
		e(&c)
	}
	return s.Commit(ctxOf(t), c)
}

// create commits a new document at version 1, failing the test on an error.
func create(t testing.TB, s store.Store, docs ...any) {
	t.Helper()
	for _, doc := range docs {
		if _, v := aggregateOf(t, doc); *v != 1 {
			t.Fatalf("creating a %T at version %d", doc, *v)
		}
		must(t, commitDoc(t, s, doc, at(0)))
	}
}

// bump moves doc to its next version and commits it, failing the test on an error.
func bump(t testing.TB, s store.Store, doc any, when time.Time) {
	t.Helper()
	_, v := aggregateOf(t, doc)
	*v++
	must(t, commitDoc(t, s, doc, when))
}

// withMarkers asks a commit for the search index marker of key and, when
// alert, the alert marker.
func withMarkers(key string, alert bool) func(*store.Commit) {
	return func(c *store.Commit) { c.Index, c.Alert = key, alert }
}

// claimingSlot makes a new bid's commit claim its slot.
func claimingSlot(c *store.Commit) { c.ClaimSlot = true }

// opportunityID, bidID and the like name documents in sameIDs.
func opportunityID(o *models.Opportunity) string   { return o.ID }
func organizationID(o *models.Organization) string { return o.ID }
func bidID(b *models.Bid) string                   { return b.ID }
func questionID(q *models.Question) string         { return q.ID }
func notificationID(n *models.Notification) string { return n.ID }
func followID(f *models.Follow) string             { return f.ID }
func savedSearchID(s *models.SavedSearch) string   { return s.ID }
func eventKey(e *models.Event) string              { return fmt.Sprintf("%s#%d", e.Stream, e.Seq) }
