package api

import (
	"time"

	"market/app"
	"market/models"
)

// budgetBody is a budget range in fen.
type budgetBody struct {
	MinFen int64 `json:"minFen" minimum:"0" doc:"Lower bound in fen (1 yuan = 100 fen)"`
	MaxFen int64 `json:"maxFen" minimum:"0" doc:"Upper bound in fen"`
}

// eligibilityBody restricts who may bid.
type eligibilityBody struct {
	VerifiedOnly bool `json:"verifiedOnly" doc:"Only verified providers may bid"`
	SMEOnly      bool `json:"smeOnly" doc:"Set aside for SMEs"`
}

// criterionBody is one evaluation criterion.
type criterionBody struct {
	ID     string `json:"id,omitempty" readOnly:"true" doc:"Assigned by the server (c1, c2, …)"`
	Name   string `json:"name" minLength:"1" maxLength:"100"`
	Weight int    `json:"weight" minimum:"1" maximum:"100" doc:"Percent; the weights of a listing sum to 100"`
}

// orgRefBody is an organisation as named on a listing.
type orgRefBody struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind" enum:"government,enterprise"`
	SME  bool   `json:"sme"`
}

// awardBody is the public award notice.
type awardBody struct {
	BidID     string     `json:"bidId"`
	Supplier  orgRefBody `json:"supplier" doc:"The winner; supplier.sme tells whether it is an SME"`
	PriceFen  int64      `json:"priceFen"`
	AwardedAt time.Time  `json:"awardedAt"`
	BidCount  int        `json:"bidCount" doc:"Valid bids that competed for the award"`
	Reason    string     `json:"reason" doc:"Why this bid won"`
}

// opportunityBody is a listing as the API shows it.
type opportunityBody struct {
	ID              string          `json:"id"`
	Code            string          `json:"code" doc:"Public code such as SH-2026-000123"`
	Kind            string          `json:"kind" enum:"government_need,sme_help"`
	Status          string          `json:"status" enum:"draft,pending_review,rejected,published,closed,awarded,completed,cancelled,unsuccessful"`
	Version         int             `json:"version" doc:"Send it back with PATCH"`
	Title           string          `json:"title"`
	Description     string          `json:"description" doc:"Plain text"`
	DescriptionHTML string          `json:"descriptionHtml" doc:"The description as safe HTML: escaped text in paragraphs"`
	Domain          string          `json:"domain"`
	Scenarios       []string        `json:"scenarios"`
	Capabilities    []string        `json:"capabilities"`
	District        string          `json:"district"`
	Budget          budgetBody      `json:"budget"`
	BidDeadline     *time.Time      `json:"bidDeadline,omitempty"`
	DeliveryStart   *time.Time      `json:"deliveryStart,omitempty"`
	DeliveryEnd     *time.Time      `json:"deliveryEnd,omitempty"`
	Eligibility     eligibilityBody `json:"eligibility"`
	Criteria        []criterionBody `json:"criteria"`
	Buyer           orgRefBody      `json:"buyer"`
	BidCount        *int            `json:"bidCount,omitempty" doc:"Shown to the owner and operators before the deadline, to everyone after"`
	Award           *awardBody      `json:"award,omitempty"`
	Documents       []documentBody  `json:"documents" doc:"Tender documents, every version: current, superseded and removed"`
	Reason          string          `json:"reason,omitempty" doc:"Why it was last rejected, cancelled or found unsuccessful"`
	PublishedAt     *time.Time      `json:"publishedAt,omitempty"`
	CreatedAt       time.Time       `json:"createdAt"`
	UpdatedAt       time.Time       `json:"updatedAt"`
}

// timePtr returns nil for the zero time.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// newOpportunityBody shows o to viewer at time now.
func newOpportunityBody(o *models.Opportunity, viewer models.Actor, now time.Time) *opportunityBody {
	b := &opportunityBody{
		ID: o.ID, Code: o.Code, Kind: o.Kind, Status: o.Status, Version: o.Version,
		Title: o.Title, Description: o.Description, DescriptionHTML: models.RenderText(o.Description),
		Domain: o.Domain, Scenarios: nonNil(o.Scenarios), Capabilities: nonNil(o.Capabilities), District: o.District,
		Budget:      budgetBody{MinFen: o.Budget.MinFen, MaxFen: o.Budget.MaxFen},
		BidDeadline: timePtr(o.BidDeadline), DeliveryStart: timePtr(o.DeliveryStart), DeliveryEnd: timePtr(o.DeliveryEnd),
		Eligibility: eligibilityBody{VerifiedOnly: o.Eligibility.VerifiedOnly, SMEOnly: o.Eligibility.SMEOnly},
		Criteria:    []criterionBody{},
		Buyer:       orgRefBody(o.Buyer),
		Documents:   documentBodies(o.Documents, listingDocumentsPath(o.ID)),
		Reason:      o.Reason, PublishedAt: o.PublishedAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
	}
	for _, c := range o.Criteria {
		b.Criteria = append(b.Criteria, criterionBody(c))
	}
	if viewer.IsOperator() || viewer.MemberOf(o.Buyer.ID) || (o.IsPublic() && o.DeadlinePassed(now)) {
		n := o.BidCount
		b.BidCount = &n
	}
	if o.Award != nil {
		b.Award = &awardBody{BidID: o.Award.BidID, Supplier: orgRefBody(o.Award.Supplier), PriceFen: o.Award.PriceFen,
			AwardedAt: o.Award.AwardedAt, BidCount: o.Award.BidCount, Reason: o.Award.Reason}
	}
	return b
}

// OpportunityFields are the fields a buyer sets; absent ones are left as they
// are. Exported so that Huma flattens it into the bodies that embed it.
type OpportunityFields struct {
	Title         *string          `json:"title,omitempty" minLength:"1" maxLength:"200"`
	Description   *string          `json:"description,omitempty" maxLength:"20000" doc:"Plain text; line breaks are kept"`
	Domain        *string          `json:"domain,omitempty" doc:"A domain code from /vocabularies"`
	District      *string          `json:"district,omitempty" doc:"A district code from /vocabularies"`
	Scenarios     *[]string        `json:"scenarios,omitempty" maxItems:"16"`
	Capabilities  *[]string        `json:"capabilities,omitempty" maxItems:"16"`
	Budget        *budgetBody      `json:"budget,omitempty"`
	BidDeadline   *time.Time       `json:"bidDeadline,omitempty"`
	DeliveryStart *time.Time       `json:"deliveryStart,omitempty"`
	DeliveryEnd   *time.Time       `json:"deliveryEnd,omitempty"`
	Eligibility   *eligibilityBody `json:"eligibility,omitempty"`
	Criteria      *[]criterionBody `json:"criteria,omitempty" maxItems:"10"`
}

// input converts the fields for the use cases.
func (f *OpportunityFields) input() app.OpportunityInput {
	in := app.OpportunityInput{
		Title: f.Title, Description: f.Description, Domain: f.Domain, District: f.District,
		Scenarios: f.Scenarios, Capabilities: f.Capabilities,
		BidDeadline: f.BidDeadline, DeliveryStart: f.DeliveryStart, DeliveryEnd: f.DeliveryEnd,
	}
	if f.Budget != nil {
		in.Budget = &models.Budget{MinFen: f.Budget.MinFen, MaxFen: f.Budget.MaxFen}
	}
	if f.Eligibility != nil {
		in.Eligibility = &models.Eligibility{VerifiedOnly: f.Eligibility.VerifiedOnly, SMEOnly: f.Eligibility.SMEOnly}
	}
	if f.Criteria != nil {
		cs := make([]models.Criterion, len(*f.Criteria))
		for i, c := range *f.Criteria {
			cs[i] = models.Criterion{Name: c.Name, Weight: c.Weight}
		}
		in.Criteria = &cs
	}
	return in
}
