package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"market/models"
)

// ocdsTags maps the public event types of a listing's stream to their
// release tags (releaseTag codelist). Only these events become releases.
func ocdsTags() map[string][]string {
	return map[string][]string{
		"opportunity.published":    {"tender"},
		"opportunity.amended":      {"tenderAmendment"},
		"opportunity.extended":     {"tenderAmendment"},
		"opportunity.closed":       {"tenderUpdate"},
		"opportunity.awarded":      {"award"},
		"opportunity.unsuccessful": {"tenderUpdate"},
		"opportunity.cancelled":    {"tenderCancellation"},
		"opportunity.completed":    {"contractTermination"},
	}
}

// ocdsEventTypes lists the event types that become releases.
func ocdsEventTypes() []string {
	types := make([]string, 0, 8)
	for t := range ocdsTags() {
		types = append(types, t)
	}
	return types
}

// ocdsTenderStatus maps a listing status to the tenderStatus codelist.
func ocdsTenderStatus(status string) string {
	switch status {
	case models.StatusAwarded, models.StatusCompleted:
		return "complete"
	case models.StatusCancelled:
		return "cancelled"
	case models.StatusUnsuccessful:
		return "unsuccessful"
	}
	return "active" // published, and closed while the bids are evaluated
}

// ocdsSnapshot decodes the listing as an event left it.
func ocdsSnapshot(e *models.Event) (*models.Opportunity, error) {
	var o models.Opportunity
	if err := json.Unmarshal(e.Snapshot, &o); err != nil {
		return nil, fmt.Errorf("decoding the snapshot of %s#%d: %w", e.Stream, e.Seq, err)
	}
	return &o, nil
}

// newOCDSRelease builds the release of event e, which left the listing as o.
// bids is the bid section, or nil while the bids are sealed; base is the
// site's address, for the documents' links.
func newOCDSRelease(e *models.Event, o *models.Opportunity, bids *OCDSBids, tenderers []OCDSParty, base string) OCDSRelease {
	ocid := OCID(o.Code)
	buyer := OCDSOrgRef{ID: o.Buyer.ID, Name: o.Buyer.Name}
	r := OCDSRelease{
		OCID: ocid, ID: ocid + "-" + strconv.Itoa(e.Seq), Date: e.At.UTC(), Tag: ocdsTags()[e.Type],
		InitiationType: "tender", Language: "zh", Buyer: buyer,
		Parties: []OCDSParty{{ID: buyer.ID, Name: buyer.Name, Roles: []string{"buyer", "procuringEntity"}}},
		Tender:  newOCDSTender(o),
	}
	for i := range o.Documents {
		d := ocdsDocument(&o.Documents[i])
		d.URL = base + "/api/v1/opportunities/" + o.ID + "/documents/" + d.ID
		r.Tender.Documents = append(r.Tender.Documents, d)
	}
	if bids != nil {
		r.Bids = bids
		n := len(tenderers)
		r.Tender.NumberOfTenderers = &n
		r.Tender.Tenderers = []OCDSOrgRef{}
		for _, t := range tenderers {
			r.Tender.Tenderers = append(r.Tender.Tenderers, OCDSOrgRef{ID: t.ID, Name: t.Name})
		}
		r.Parties = append(r.Parties, tenderers...)
	}
	if e.Type == "opportunity.amended" || e.Type == "opportunity.extended" {
		r.Tender.Amendments = []OCDSAmendment{{ID: strconv.Itoa(e.Seq), Date: e.At.UTC(), Rationale: e.Summary, Description: ocdsChanges(e.Changes)}}
	}
	if aw := o.Award; aw != nil && (o.Status == models.StatusAwarded || o.Status == models.StatusCompleted) {
		award := OCDSAward{ID: ocid + "-award-1", Title: o.Title, Description: aw.Reason, Status: "active", Date: aw.AwardedAt.UTC(),
			Value: ocdsValue(aw.PriceFen), Suppliers: []OCDSOrgRef{{ID: aw.Supplier.ID, Name: aw.Supplier.Name}}, RelatedBids: []string{aw.BidID}}
		r.Awards = []OCDSAward{award}
		r.Parties = ocdsAddRole(r.Parties, OCDSParty{ID: aw.Supplier.ID, Name: aw.Supplier.Name, Details: ocdsScale(aw.Supplier.SME)}, "supplier")
		if o.Status == models.StatusCompleted {
			r.Contracts = []OCDSContract{{ID: ocid + "-contract-1", AwardID: award.ID, Status: "terminated", Value: award.Value,
				Period: ocdsPeriod(o.DeliveryStart, o.DeliveryEnd)}}
		}
	}
	return r
}

// ocdsDocument describes a document, without its link.
func ocdsDocument(d *models.Document) OCDSDocument {
	desc := "SHA-256 " + d.SHA256 + "; " + d.FileName + "; " + strconv.FormatInt(d.Size, 10) + " bytes"
	switch d.Status {
	case models.DocumentSuperseded:
		desc += "; superseded by " + d.ReplacedBy
	case models.DocumentRemoved:
		desc += "; removed"
	}
	return OCDSDocument{ID: d.ID, DocumentType: d.Type, Title: d.Title, Description: desc, DatePublished: d.UploadedAt.UTC(),
		DateModified: d.ModifiedAt.UTC(), Format: d.Format, Language: d.Language}
}

// newOCDSTender builds the tender section from the listing.
func newOCDSTender(o *models.Opportunity) OCDSTender {
	t := OCDSTender{
		ID: o.Code, Title: o.Title, Description: o.Description, Status: ocdsTenderStatus(o.Status),
		ProcuringEntity:          OCDSOrgRef{ID: o.Buyer.ID, Name: o.Buyer.Name},
		ProcurementMethod:        "open",
		ProcurementMethodDetails: "公开机会清单 Open call on the public opportunity list",
		MainProcurementCategory:  "services",
		AwardCriteria:            "ratedCriteria",
		AwardCriteriaDetails:     ocdsCriteria(o.Criteria),
		SubmissionMethod:         []string{"electronicSubmission"},
		SubmissionMethodDetails:  "密封电子投标，截止后开启 Sealed electronic bids on the platform, opened at the deadline",
		TenderPeriod:             OCDSPeriod{EndDate: ocdsTime(o.BidDeadline)},
		ContractPeriod:           ocdsPeriod(o.DeliveryStart, o.DeliveryEnd),
		EligibilityCriteria:      ocdsEligibility(o.Eligibility),
		Items:                    []OCDSItem{newOCDSItem(o)},
	}
	if o.Kind == models.KindSMEHelp {
		t.ProcurementMethodDetails = "中小企业求助 SME help request on the public opportunity list"
	}
	if o.PublishedAt != nil {
		t.TenderPeriod.StartDate = ocdsTime(*o.PublishedAt)
	}
	if o.Budget.MaxFen > 0 {
		v := ocdsValue(o.Budget.MaxFen)
		t.Value = &v
	}
	if o.Budget.MinFen > 0 {
		v := ocdsValue(o.Budget.MinFen)
		t.MinValue = &v
	}
	return t
}

// newOCDSItem describes what the listing seeks, classified by its domain and
// its required capabilities (the marketplace's own vocabularies).
func newOCDSItem(o *models.Opportunity) OCDSItem {
	v := models.AllVocabularies()
	item := OCDSItem{ID: "1", Description: o.Title}
	if o.Domain != "" {
		item.Classification = &OCDSClassification{Scheme: "X-MARKET-DOMAIN", ID: o.Domain, Description: ocdsLabel(v.Domains, o.Domain)}
	}
	for _, c := range o.Capabilities {
		item.AdditionalClassifications = append(item.AdditionalClassifications,
			OCDSClassification{Scheme: "X-MARKET-CAPABILITY", ID: c, Description: ocdsLabel(v.Capabilities, c)})
	}
	return item
}

// ocdsLabel returns a vocabulary term's Chinese and English labels.
func ocdsLabel(terms []models.Term, code string) string {
	for _, t := range terms {
		if t.Code == code {
			return strings.TrimSpace(t.ZH + " " + t.EN)
		}
	}
	return code
}

// ocdsCriteria writes the evaluation criteria with their weights.
func ocdsCriteria(cs []models.Criterion) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s: %d%%", c.Name, c.Weight))
	}
	return strings.Join(parts, "; ")
}

// ocdsEligibility describes who may bid.
func ocdsEligibility(e models.Eligibility) string {
	var parts []string
	if e.VerifiedOnly {
		parts = append(parts, "仅限经平台核验的服务商 Verified providers only")
	}
	if e.SMEOnly {
		parts = append(parts, "中小企业专项 Set aside for SMEs")
	}
	if len(parts) == 0 {
		return "对所有服务商开放 Open to every provider"
	}
	return strings.Join(parts, "; ")
}

// ocdsChanges lists the fields an amendment changed; a deadline
// extension shows the old and new deadline.
func ocdsChanges(changes []models.Change) string {
	parts := make([]string, 0, len(changes))
	for _, c := range changes {
		if c.Field == "bidDeadline" {
			parts = append(parts, fmt.Sprintf("bidDeadline: %s → %s", c.Before, c.After))
			continue
		}
		parts = append(parts, c.Field)
	}
	if len(parts) == 0 {
		return ""
	}
	return "changed: " + strings.Join(parts, ", ")
}

// ocdsScale classifies an organisation as sme or large.
func ocdsScale(sme bool) *OCDSPartyDetails {
	if sme {
		return &OCDSPartyDetails{Scale: "sme"}
	}
	return &OCDSPartyDetails{Scale: "large"}
}

// ocdsAddRole adds role to the party with p's id, or appends p with that role.
func ocdsAddRole(parties []OCDSParty, p OCDSParty, role string) []OCDSParty {
	for i := range parties {
		if parties[i].ID == p.ID {
			for _, r := range parties[i].Roles {
				if r == role {
					return parties
				}
			}
			parties[i].Roles = append(parties[i].Roles, role)
			return parties
		}
	}
	p.Roles = []string{role}
	return append(parties, p)
}

// ocdsPeriod returns the span from start to end, or nil when both are unset.
func ocdsPeriod(start, end time.Time) *OCDSPeriod {
	if start.IsZero() && end.IsZero() {
		return nil
	}
	p := &OCDSPeriod{}
	if !start.IsZero() {
		p.StartDate = ocdsTime(start)
	}
	if !end.IsZero() {
		p.EndDate = ocdsTime(end)
	}
	return p
}

// ocdsTime returns a pointer to t in UTC.
func ocdsTime(t time.Time) *time.Time {
	t = t.UTC()
	return &t
}
