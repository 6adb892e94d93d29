package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Organisation kinds.
const (
	OrgGovernment = "government"
	OrgEnterprise = "enterprise"
)

// Verification states of an organisation, set by an operator.
const (
	VerificationUnverified = "unverified"
	VerificationVerified   = "verified"
	VerificationRejected   = "rejected"
)

// Limits on organisation fields.
const (
	MaxOrgNameLength      = 200
	MaxSummaryLength      = 4000
	MaxCaseStudies        = 20
	MaxCaseStudyTitle     = 200
	MaxCaseStudySummary   = 2000
	MaxProfileListEntries = 32
)

// Organization is a government body or an enterprise (possibly an SME) that
// uses the marketplace through its members. The bson tags name the stored
// fields; they import nothing.
type Organization struct {
	ID                 string    `bson:"_id"`
	Name               string    `bson:"name"`
	Kind               string    `bson:"kind"`
	SME                bool      `bson:"sme"`
	CreditCode         string    `bson:"creditCode"`
	District           string    `bson:"district"`
	Verification       string    `bson:"verification"`
	VerificationReason string    `bson:"verificationReason,omitempty"`
	Profile            Profile   `bson:"profile"`
	Version            int       `bson:"version"`
	CreatedAt          time.Time `bson:"createdAt"`
	UpdatedAt          time.Time `bson:"updatedAt"`
}

// IsProvider reports whether the organisation can offer services: enterprises, SMEs included.
func (o *Organization) IsProvider() bool { return o.Kind == OrgEnterprise }

// Profile is what a provider tells buyers about itself.
type Profile struct {
	Summary         string      `bson:"summary"`
	Capabilities    []string    `bson:"capabilities"`
	CaseStudies     []CaseStudy `bson:"caseStudies"`
	DistrictsServed []string    `bson:"districtsServed"`
}

// CaseStudy is one piece of past work shown on a profile.
type CaseStudy struct {
	Title   string `bson:"title"`
	Summary string `bson:"summary"`
	Year    int    `bson:"year"`
}

// NewOrganization holds what registration asks about the organisation.
type NewOrganization struct {
	Name       string
	Kind       string
	CreditCode string
	SME        bool
	District   string
}

// Validate checks a new organisation and normalises its credit code and name.
func (n *NewOrganization) Validate(prefix string) []FieldError {
	var errs []FieldError
	n.Name = strings.TrimSpace(n.Name)
	n.CreditCode = NormalizeCreditCode(n.CreditCode)
	if n.Name == "" || utf8.RuneCountInString(n.Name) > MaxOrgNameLength {
		errs = append(errs, FieldError{prefix + ".name", "name must be 1 to 200 characters"})
	}
	if n.Kind != OrgGovernment && n.Kind != OrgEnterprise {
		errs = append(errs, FieldError{prefix + ".kind", "kind must be government or enterprise"})
	}
	if n.Kind == OrgGovernment && n.SME {
		errs = append(errs, FieldError{prefix + ".sme", "a government organisation cannot be an SME"})
	}
	if !ValidCreditCode(n.CreditCode) {
		errs = append(errs, FieldError{prefix + ".creditCode", "not a valid unified social credit code (GB 32100-2015)"})
	}
	if !ValidDistrict(n.District) {
		errs = append(errs, FieldError{prefix + ".district", "unknown district code"})
	}
	return errs
}

// Validate checks a profile against the vocabularies and the size limits,
// and trims its text.
func (p *Profile) Validate(prefix string, now time.Time) []FieldError {
	var errs []FieldError
	p.Summary = strings.TrimSpace(p.Summary)
	if utf8.RuneCountInString(p.Summary) > MaxSummaryLength {
		errs = append(errs, FieldError{prefix + ".summary", "summary must be at most 4000 characters"})
	}
	errs = append(errs, validateCodes(prefix+".capabilities", p.Capabilities, ValidCapability)...)
	errs = append(errs, validateCodes(prefix+".districtsServed", p.DistrictsServed, ValidDistrict)...)
	if len(p.CaseStudies) > MaxCaseStudies {
		errs = append(errs, FieldError{prefix + ".caseStudies", "at most 20 case studies"})
	}
	for i := range p.CaseStudies {
		cs := &p.CaseStudies[i]
		cs.Title, cs.Summary = strings.TrimSpace(cs.Title), strings.TrimSpace(cs.Summary)
		at := prefix + ".caseStudies[" + itoa(i) + "]"
		if cs.Title == "" || utf8.RuneCountInString(cs.Title) > MaxCaseStudyTitle {
			errs = append(errs, FieldError{at + ".title", "title must be 1 to 200 characters"})
		}
		if utf8.RuneCountInString(cs.Summary) > MaxCaseStudySummary {
			errs = append(errs, FieldError{at + ".summary", "summary must be at most 2000 characters"})
		}
		if cs.Year < 1990 || cs.Year > now.Year() {
			errs = append(errs, FieldError{at + ".year", "year must be between 1990 and this year"})
		}
	}
	return errs
}

// validateCodes checks that codes are known, distinct and not too many.
func validateCodes(at string, codes []string, known func(string) bool) []FieldError {
	if len(codes) > MaxProfileListEntries {
		return []FieldError{{at, "at most 32 entries"}}
	}
	seen := make(map[string]bool, len(codes))
	for i, c := range codes {
		switch {
		case !known(c):
			return []FieldError{{at + "[" + itoa(i) + "]", "unknown code " + quote(c)}}
		case seen[c]:
			return []FieldError{{at + "[" + itoa(i) + "]", "duplicate code " + quote(c)}}
		}
		seen[c] = true
	}
	return nil
}
