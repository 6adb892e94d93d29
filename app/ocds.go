package app

import "time"

// OCDS publication constants. A real deployment registers its own ocid
// prefix with the OCDS Data Support Team (https://standard.open-contracting.org/1.1/en/guidance/publish/)
// and sets OCIDPrefix to it; "ocds-shmkt0-" is a placeholder that no
// registry assigned.
const (
	// OCIDPrefix starts every open contracting id: the prefix and the
	// listing's public code make the ocid, e.g. ocds-shmkt0-SH-2026-000123.
	OCIDPrefix = "ocds-shmkt0-"
	// OCDSVersion is the OCDS schema version the packages follow.
	OCDSVersion = "1.1"
	// OCDSPublisherName names the publisher in every package.
	OCDSPublisherName = "上海市数字化转型机会清单 Shanghai digital-transformation opportunity list"
	// OCDSBidExtension is the extension.json URL of the bid extension the
	// releases use (bids.statistics and bids.details).
	OCDSBidExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json"
	// OCDSCurrency is the currency of every amount: yuan, converted from fen.
	OCDSCurrency = "CNY"
	// OCDSMaxPageSize is the largest page of releases; also the default.
	OCDSMaxPageSize = 100
)

// OCDSPackage is an OCDS 1.1 release package.
type OCDSPackage struct {
	URI           string        `json:"uri" doc:"This package's address"`
	Version       string        `json:"version" doc:"OCDS schema version: 1.1"`
	Extensions    []string      `json:"extensions" doc:"The extensions used: the bid extension"`
	PublishedDate time.Time     `json:"publishedDate" doc:"The latest release's date (or now for an empty page)"`
	Publisher     OCDSPublisher `json:"publisher"`
	Releases      []OCDSRelease `json:"releases" doc:"One release per public event, oldest first; empty past the last page"`
	Links         *OCDSLinks    `json:"links,omitempty" doc:"The next page, when there is one"`
}

// OCDSPublisher names who publishes the package.
type OCDSPublisher struct {
	Name string `json:"name"`
}

// OCDSLinks points at the next page of releases.
type OCDSLinks struct {
	Next string `json:"next,omitempty"`
}

// OCDSRelease is one OCDS release: a public event of a public listing.
type OCDSRelease struct {
	OCID           string         `json:"ocid" doc:"The prefix and the listing's public code"`
	ID             string         `json:"id" doc:"<ocid>-<event seq>: stable"`
	Date           time.Time      `json:"date" doc:"The event's time"`
	Tag            []string       `json:"tag" doc:"From the releaseTag codelist"`
	InitiationType string         `json:"initiationType" enum:"tender"`
	Language       string         `json:"language"`
	Parties        []OCDSParty    `json:"parties"`
	Buyer          OCDSOrgRef     `json:"buyer"`
	Tender         OCDSTender     `json:"tender"`
	Awards         []OCDSAward    `json:"awards,omitempty"`
	Contracts      []OCDSContract `json:"contracts,omitempty"`
	Bids           *OCDSBids      `json:"bids,omitempty" doc:"Bid extension: only in releases dated at or after the deadline, once it has passed"`
}

// OCDSOrgRef refers to an entry of parties.
type OCDSOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OCDSParty is an organisation taking part, with its roles.
type OCDSParty struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Roles   []string          `json:"roles" doc:"From the partyRole codelist"`
	Details *OCDSPartyDetails `json:"details,omitempty"`
}

// OCDSPartyDetails classifies a party: its scale (sme or large).
type OCDSPartyDetails struct {
	Scale string `json:"scale" enum:"sme,large"`
}

// OCDSValue is an amount in yuan (converted from integer fen).
type OCDSValue struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// OCDSPeriod is a span of time; either end may be open.
type OCDSPeriod struct {
	StartDate *time.Time `json:"startDate,omitempty"`
	EndDate   *time.Time `json:"endDate,omitempty"`
}

// OCDSClassification classifies an item in a scheme of the marketplace's vocabularies.
type OCDSClassification struct {
	Scheme      string `json:"scheme"`
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
}

// OCDSItem is what the tender seeks: one service, classified by domain
// and capabilities.
type OCDSItem struct {
	ID                        string               `json:"id"`
	Description               string               `json:"description"`
	Classification            *OCDSClassification  `json:"classification,omitempty"`
	AdditionalClassifications []OCDSClassification `json:"additionalClassifications,omitempty"`
}

// OCDSAmendment records an amendment or a deadline extension.
type OCDSAmendment struct {
	ID          string    `json:"id"`
	Date        time.Time `json:"date"`
	Rationale   string    `json:"rationale"`
	Description string    `json:"description,omitempty"`
}

// OCDSTender is the tender section of a release.
type OCDSTender struct {
	ID                       string          `json:"id"`
	Title                    string          `json:"title"`
	Description              string          `json:"description,omitempty"`
	Status                   string          `json:"status" enum:"active,cancelled,unsuccessful,complete" doc:"From the tenderStatus codelist"`
	ProcuringEntity          OCDSOrgRef      `json:"procuringEntity"`
	Items                    []OCDSItem      `json:"items,omitempty"`
	Value                    *OCDSValue      `json:"value,omitempty" doc:"The budget's maximum"`
	MinValue                 *OCDSValue      `json:"minValue,omitempty" doc:"The budget's minimum"`
	ProcurementMethod        string          `json:"procurementMethod"`
	ProcurementMethodDetails string          `json:"procurementMethodDetails"`
	MainProcurementCategory  string          `json:"mainProcurementCategory"`
	AwardCriteria            string          `json:"awardCriteria"`
	AwardCriteriaDetails     string          `json:"awardCriteriaDetails,omitempty" doc:"The evaluation criteria with their weights"`
	SubmissionMethod         []string        `json:"submissionMethod"`
	SubmissionMethodDetails  string          `json:"submissionMethodDetails"`
	TenderPeriod             OCDSPeriod      `json:"tenderPeriod" doc:"endDate is the bid deadline"`
	ContractPeriod           *OCDSPeriod     `json:"contractPeriod,omitempty" doc:"The delivery window"`
	EligibilityCriteria      string          `json:"eligibilityCriteria"`
	NumberOfTenderers        *int            `json:"numberOfTenderers,omitempty" doc:"Only once bids are revealed"`
	Tenderers                []OCDSOrgRef    `json:"tenderers,omitempty" doc:"Only once bids are revealed"`
	Amendments               []OCDSAmendment `json:"amendments,omitempty"`
	Documents                []OCDSDocument  `json:"documents,omitempty" doc:"Every version of the tender documents"`
}

// OCDSDocument is a document of a tender or of a bid. The content's SHA-256
// is in the description. A bid's documents have no url: only the buyer
// and operators download them, after the deadline.
type OCDSDocument struct {
	ID            string    `json:"id"`
	DocumentType  string    `json:"documentType"`
	Title         string    `json:"title"`
	Description   string    `json:"description"`
	URL           string    `json:"url,omitempty"`
	DatePublished time.Time `json:"datePublished"`
	DateModified  time.Time `json:"dateModified"`
	Format        string    `json:"format"`
	Language      string    `json:"language"`
}

// OCDSAward is the award of a listing to one bid.
type OCDSAward struct {
	ID          string       `json:"id"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Status      string       `json:"status" enum:"active"`
	Date        time.Time    `json:"date"`
	Value       OCDSValue    `json:"value"`
	Suppliers   []OCDSOrgRef `json:"suppliers"`
	RelatedBids []string     `json:"relatedBids"`
}

// OCDSContract is the contract that followed an award; here only to
// record its completion (status terminated).
type OCDSContract struct {
	ID      string      `json:"id"`
	AwardID string      `json:"awardID"`
	Status  string      `json:"status" enum:"terminated"`
	Value   OCDSValue   `json:"value"`
	Period  *OCDSPeriod `json:"period,omitempty"`
}

// OCDSBids is the bid extension's section: statistics and each bid.
type OCDSBids struct {
	Statistics []OCDSStatistic `json:"statistics"`
	Details    []OCDSBid       `json:"details"`
}

// OCDSStatistic is one count about the bids, from the statistic codelist.
type OCDSStatistic struct {
	ID      string    `json:"id"`
	Measure string    `json:"measure"`
	Date    time.Time `json:"date"`
	Value   float64   `json:"value"`
}

// OCDSBid is one bid as of the release's date. Withdrawn bids are left out.
type OCDSBid struct {
	ID        string         `json:"id"`
	Date      time.Time      `json:"date"`
	Status    string         `json:"status" enum:"pending,valid,disqualified" doc:"From the bidStatus codelist"`
	Tenderers []OCDSOrgRef   `json:"tenderers"`
	Value     OCDSValue      `json:"value"`
	Documents []OCDSDocument `json:"documents,omitempty"`
}

// ocdsValue converts an amount in fen to an OCDS value in yuan. float64 holds
// every fen amount under 2^53 exactly enough that its shortest decimal
// form is the yuan amount with at most two decimals.
func ocdsValue(fen int64) OCDSValue {
	return OCDSValue{Amount: float64(fen) / 100, Currency: OCDSCurrency}
}

// OCID returns the open contracting id of the listing with a public code.
func OCID(code string) string { return OCIDPrefix + code }
