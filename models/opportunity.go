package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Opportunity kinds.
const (
	KindGovernmentNeed = "government_need"
	KindSMEHelp        = "sme_help"
)

// Opportunity statuses.
const (
	StatusDraft         = "draft"
	StatusPendingReview = "pending_review"
	StatusRejected      = "rejected"
	StatusPublished     = "published"
	StatusClosed        = "closed"
	StatusAwarded       = "awarded"
	StatusCompleted     = "completed"
	StatusCancelled     = "cancelled"
	StatusUnsuccessful  = "unsuccessful"
)

// Limits on opportunity fields.
const (
	MaxTitleLength       = 200
	MaxDescriptionLength = 20000
	MaxCriteria          = 10
	MaxCriterionName     = 100
	MaxTags              = 16
	MaxBudgetFen         = 100_000_000_000_00 // 100 billion yuan
	MinAmendmentLead     = 72 * time.Hour     // an amendment leaves at least 3 days before the deadline
)

// Budget is a range in integer fen (1 yuan = 100 fen).
type Budget struct {
	MinFen int64 `bson:"minFen"`
	MaxFen int64 `bson:"maxFen"`
}

// Eligibility restricts who may bid.
type Eligibility struct {
	VerifiedOnly bool `bson:"verifiedOnly"`
	SMEOnly      bool `bson:"smeOnly"`
}

// Criterion is one evaluation criterion with its weight; weights sum to 100.
type Criterion struct {
	ID     string `bson:"id"`
	Name   string `bson:"name"`
	Weight int    `bson:"weight"`
}

// OrgRef is the public identity of an organisation as copied onto a listing.
type OrgRef struct {
	ID   string `bson:"id"`
	Name string `bson:"name"`
	Kind string `bson:"kind"`
	SME  bool   `bson:"sme"`
}

// Award is the public award notice of an opportunity.
type Award struct {
	BidID     string    `bson:"bidId"`
	Supplier  OrgRef    `bson:"supplier"`
	PriceFen  int64     `bson:"priceFen"`
	AwardedAt time.Time `bson:"awardedAt"`
	BidCount  int       `bson:"bidCount"` // valid bids competing for the award
	Reason    string    `bson:"reason"`
}

// Opportunity is a published need: a government buyer's or an SME's.
type Opportunity struct {
	ID            string      `bson:"_id"`
	Code          string      `bson:"code"`
	Kind          string      `bson:"kind"`
	Status        string      `bson:"status"`
	Version       int         `bson:"version"`
	Title         string      `bson:"title"`
	Description   string      `bson:"description"`
	Domain        string      `bson:"domain"`
	Scenarios     []string    `bson:"scenarios"`
	Capabilities  []string    `bson:"capabilities"`
	District      string      `bson:"district"`
	Budget        Budget      `bson:"budget"`
	BidDeadline   time.Time   `bson:"bidDeadline"`
	DeliveryStart time.Time   `bson:"deliveryStart"`
	DeliveryEnd   time.Time   `bson:"deliveryEnd"`
	Eligibility   Eligibility `bson:"eligibility"`
	Criteria      []Criterion `bson:"criteria"`
	Buyer         OrgRef      `bson:"buyer"`
	BidCount      int         `bson:"-"` // active bids, counted when read
	Award         *Award      `bson:"award,omitempty"`
	// Documents are the tender documents, every version of each: current,
	// superseded and removed ones, in the order they were attached.
	Documents []Document `bson:"documents,omitempty"`
	// Reason is why the listing was last rejected, cancelled or found unsuccessful.
	Reason      string     `bson:"reason,omitempty"`
	PublishedAt *time.Time `bson:"publishedAt,omitempty"`
	CreatedAt   time.Time  `bson:"createdAt"`
	UpdatedAt   time.Time  `bson:"updatedAt"`
}

// IsPublic reports whether anyone may see the listing: once published, it
// stays visible through close, award, completion, failure and cancellation.
func (o *Opportunity) IsPublic() bool {
	switch o.Status {
	case StatusPublished, StatusClosed, StatusAwarded, StatusCompleted, StatusUnsuccessful:
		return true
	case StatusCancelled:
		return o.PublishedAt != nil
	}
	return false
}

// Editable reports whether the owner may still change the listing freely
// (published listings change by amendment only).
func (o *Opportunity) Editable() bool {
	return o.Status == StatusDraft || o.Status == StatusRejected
}

// DeadlinePassed reports whether the bid deadline is at or before now.
func (o *Opportunity) DeadlinePassed(now time.Time) bool { return !now.Before(o.BidDeadline) }

// transitions lists, for each status, the statuses it may move to.
func transitions(from string) []string {
	switch from {
	case StatusDraft, StatusRejected:
		return []string{StatusPendingReview, StatusPublished}
	case StatusPendingReview:
		return []string{StatusPublished, StatusRejected, StatusCancelled}
	case StatusPublished:
		return []string{StatusClosed, StatusCancelled}
	case StatusClosed:
		return []string{StatusAwarded, StatusUnsuccessful, StatusCancelled}
	case StatusAwarded:
		return []string{StatusCompleted}
	}
	return nil
}

// CanTransition reports whether the lifecycle allows moving from one status to another.
func CanTransition(from, to string) bool {
	for _, s := range transitions(from) {
		if s == to {
			return true
		}
	}
	return false
}

// Validate checks the listing's fields, trimming its text; prefix names the
// body ("body"). It does not check what submission needs: see ReadyToSubmit.
func (o *Opportunity) Validate(prefix string) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{prefix + "." + field, msg}) }
	o.Title, o.Description = strings.TrimSpace(o.Title), strings.TrimSpace(o.Description)
	if o.Title == "" || utf8.RuneCountInString(o.Title) > MaxTitleLength {
		add("title", "title must be 1 to 200 characters")
	}
	if utf8.RuneCountInString(o.Description) > MaxDescriptionLength {
		add("description", "description must be at most 20000 characters")
	}
	v := AllVocabularies()
	if o.Domain != "" && !HasCode(v.Domains, o.Domain) {
		add("domain", "unknown domain "+quote(o.Domain))
	}
	if o.District != "" && !HasCode(v.Districts, o.District) {
		add("district", "unknown district "+quote(o.District))
	}
	errs = append(errs, validateTags(prefix+".scenarios", o.Scenarios, v.Scenarios)...)
	errs = append(errs, validateTags(prefix+".capabilities", o.Capabilities, v.Capabilities)...)
	switch {
	case o.Budget.MinFen < 0 || o.Budget.MaxFen < 0:
		add("budget", "budget amounts cannot be negative")
	case o.Budget.MaxFen > MaxBudgetFen:
		add("budget.maxFen", "budget is over the limit")
	case o.Budget.MaxFen > 0 && o.Budget.MinFen > o.Budget.MaxFen:
		add("budget.minFen", "minFen must not exceed maxFen")
	}
	if !o.DeliveryStart.IsZero() && !o.DeliveryEnd.IsZero() && o.DeliveryEnd.Before(o.DeliveryStart) {
		add("deliveryEnd", "deliveryEnd must not be before deliveryStart")
	}
	if o.Eligibility.SMEOnly && o.Kind == KindSMEHelp {
		// Every bidder may help an SME; a set-aside is for public buyers.
		add("eligibility.smeOnly", "an SME help request cannot be set aside for SMEs")
	}
	if len(o.Criteria) > MaxCriteria {
		add("criteria", "at most 10 criteria")
	}
	for i := range o.Criteria {
		c := &o.Criteria[i]
		c.Name = strings.TrimSpace(c.Name)
		at := "criteria[" + itoa(i) + "]"
		if c.Name == "" || utf8.RuneCountInString(c.Name) > MaxCriterionName {
			add(at+".name", "name must be 1 to 100 characters")
		}
		if c.Weight < 1 || c.Weight > 100 {
			add(at+".weight", "weight must be 1 to 100")
		}
		c.ID = "c" + itoa(i+1)
	}
	return errs
}

// ReadyToSubmit checks what submission needs beyond Validate: the fields a
// bidder relies on, a deadline in the future and weights summing to 100.
func (o *Opportunity) ReadyToSubmit(prefix string, now time.Time) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{prefix + "." + field, msg}) }
	if o.Description == "" {
		add("description", "a description is required to submit")
	}
	if o.Domain == "" {
		add("domain", "a domain is required to submit")
	}
	if o.District == "" {
		add("district", "a district is required to submit")
	}
	if !o.BidDeadline.After(now) {
		add("bidDeadline", "the bid deadline must be in the future")
	}
	sum := 0
	for _, c := range o.Criteria {
		sum += c.Weight
	}
	if sum != 100 {
		add("criteria", "criteria weights must sum to 100, not "+itoa(sum))
	}
	return errs
}

// validateTags checks a list of vocabulary codes: known, distinct, not too many.
func validateTags(at string, codes []string, terms []Term) []FieldError {
	if len(codes) > MaxTags {
		return []FieldError{{at, "at most 16 entries"}}
	}
	return validateCodes(at, codes, func(c string) bool { return HasCode(terms, c) })
}
