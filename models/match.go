package models

// Kinds of match reasons.
const (
	ReasonCapabilities = "capabilities"
	ReasonDistrict     = "district"
	ReasonSME          = "sme"
	ReasonCaseStudies  = "caseStudies"
	ReasonProfile      = "profile"
)

// MatchReason is one structured reason why a provider and a listing fit:
// which fields are set depends on Kind.
type MatchReason struct {
	Kind string `json:"kind" enum:"capabilities,district,sme,caseStudies,profile"`
	// Covered are the listing's required capabilities the provider offers
	// (capabilities), or the listing's capability and scenario codes the
	// profile summary names (profile).
	Covered []string `json:"covered,omitempty"`
	// Required is how many capabilities the listing requires (capabilities).
	Required int `json:"required,omitempty"`
	// District is the listing's district the provider serves (district).
	District string `json:"district,omitempty"`
	// Count is the number of case studies in Scenario (caseStudies).
	Count    int    `json:"count,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	// Points is what this reason adds to the score.
	Points int `json:"points"`
}

// Explanation is a sentence in Chinese and English.
type Explanation struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// Match is how well a provider fits a listing: a score from 0 to 100 made
// of the reasons' points, and the reasons as a sentence.
type Match struct {
	Score       int           `json:"score"`
	Reasons     []MatchReason `json:"reasons"`
	Explanation Explanation   `json:"explanation"`
}
