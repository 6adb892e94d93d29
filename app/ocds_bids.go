package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"market/models"
)

// ocdsRevealsBids reports whether a release dated date of the listing cur (as
// it stands now) may carry the bids: the listing is public, its bids are
// no longer sealed (its deadline has passed and it was not cancelled
// before it), and the release is dated at or after the deadline. A
// release dated before the deadline never carries them, whenever it is read.
func ocdsRevealsBids(cur *models.Opportunity, date, now time.Time) bool {
	return cur.IsPublic() && !sealed(cur, now) && cur.DeadlinePassed(now) && !date.Before(cur.BidDeadline)
}

// ocdsBidHistory holds a listing's bids with their event streams, so that each
// release shows the bids as they stood at its date.
type ocdsBidHistory struct {
	ids    []string                   // bid ids, oldest first
	events map[string][]*models.Event // bid id → its events, by seq
}

// ocdsBidHistories groups bids and their events by listing id.
func ocdsBidHistories(bids []*models.Bid, events []*models.Event) map[string]*ocdsBidHistory {
	out := map[string]*ocdsBidHistory{}
	byBid := map[string][]*models.Event{}
	for _, e := range events {
		id := strings.TrimPrefix(e.Stream, models.StreamBid)
		byBid[id] = append(byBid[id], e)
	}
	for _, b := range bids {
		h := out[b.OpportunityID]
		if h == nil {
			h = &ocdsBidHistory{events: map[string][]*models.Event{}}
			out[b.OpportunityID] = h
		}
		h.ids = append(h.ids, b.ID)
		h.events[b.ID] = byBid[b.ID]
	}
	return out
}

// asOf returns the bids as their last events at or before t left them;
// bids made after t are left out.
func (h *ocdsBidHistory) asOf(t time.Time) ([]*models.Bid, error) {
	out := []*models.Bid{}
	if h == nil {
		return out, nil
	}
	for _, id := range h.ids {
		var last *models.Event
		for _, e := range h.events[id] {
			if !e.At.After(t) {
				last = e
			}
		}
		if last == nil {
			continue
		}
		var b models.Bid
		if err := json.Unmarshal(last.Snapshot, &b); err != nil {
			return nil, fmt.Errorf("decoding the snapshot of %s#%d: %w", last.Stream, last.Seq, err)
		}
		out = append(out, &b)
	}
	return out, nil
}

// ocdsBidStatus maps a bid's status to the bidStatus codelist, given the
// listing's status at the release: a submitted bid is pending until the
// award makes the submitted bids the valid ones. Withdrawn bids give "".
func ocdsBidStatus(b *models.Bid, listingStatus string) string {
	switch b.Status {
	case models.BidWithdrawn:
		return ""
	case models.BidDisqualified:
		return "disqualified"
	case models.BidAwarded, models.BidNotAwarded:
		return "valid"
	}
	if listingStatus == models.StatusAwarded || listingStatus == models.StatusCompleted {
		return "valid"
	}
	return "pending"
}

// ocdsBidSection builds the bid extension's section for a release dated date
// of the listing o (as the release's event left it) from the bids as they
// stood then, and the tenderers as parties.
func ocdsBidSection(o *models.Opportunity, bids []*models.Bid, date time.Time) (*OCDSBids, []OCDSParty) {
	section := &OCDSBids{Statistics: []OCDSStatistic{}, Details: []OCDSBid{}}
	var parties []OCDSParty
	total, sme, valid, disqualified := 0, 0, 0, 0
	for _, b := range bids {
		status := ocdsBidStatus(b, o.Status)
		if status == "" {
			continue
		}
		total++
		if b.Bidder.SME {
			sme++
		}
		switch status {
		case "valid":
			valid++
		case "disqualified":
			disqualified++
		}
		ref := OCDSOrgRef{ID: b.Bidder.ID, Name: b.Bidder.Name}
		bid := OCDSBid{ID: b.ID, Date: b.SubmittedAt.UTC(), Status: status, Tenderers: []OCDSOrgRef{ref}, Value: ocdsValue(b.PriceFen)}
		for i := range b.Documents {
			bid.Documents = append(bid.Documents, ocdsDocument(&b.Documents[i]))
		}
		section.Details = append(section.Details, bid)
		parties = ocdsAddRole(parties, OCDSParty{ID: ref.ID, Name: ref.Name, Details: ocdsScale(b.Bidder.SME)}, "tenderer")
	}
	stat := func(measure string, v int) {
		section.Statistics = append(section.Statistics, OCDSStatistic{
			ID: strconv.Itoa(len(section.Statistics) + 1), Measure: measure, Date: date.UTC(), Value: float64(v)})
	}
	stat("bids", total)
	stat("smeBids", sme)
	stat("disqualifiedBids", disqualified)
	if o.Status == models.StatusAwarded || o.Status == models.StatusCompleted {
		stat("validBids", valid)
	}
	return section, parties
}
