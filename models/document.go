package models

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Document statuses. A listing's document is current until a newer version
// replaces it (superseded) or the owner removes it (removed); both stay on
// the listing, downloadable, for the record.
const (
	DocumentCurrent    = "current"
	DocumentSuperseded = "superseded"
	DocumentRemoved    = "removed"
)

// Limits on documents' descriptions.
const (
	MaxDocumentTitle  = 200
	MaxFileNameBytes  = 255
	DocumentHashChars = 64 // a hex SHA-256
)

// Document languages (ISO 639-1, as OCDS asks).
const (
	LanguageChinese = "zh"
	LanguageEnglish = "en"
)

// Document is a file attached to a listing (tender documents) or to a bid
// (sealed with it). Its content is kept apart, addressed by SHA256.
type Document struct {
	ID string `bson:"id"`
	// Title describes the document; FileName is the name it was uploaded
	// under, which downloads keep.
	Title    string `bson:"title"`
	FileName string `bson:"fileName"`
	// Type is an OCDS documentType code (see TenderDocumentTypes and
	// BidDocumentTypes); Language is "zh" or "en".
	Type     string `bson:"documentType"`
	Language string `bson:"language"`
	// Format is the media type sniffed from the content, never the one
	// declared by the uploader.
	Format string `bson:"format"`
	Size   int64  `bson:"size"`
	SHA256 string `bson:"sha256"`
	Status string `bson:"status"`
	// Replaces and ReplacedBy link the versions of a replaced document.
	Replaces   string    `bson:"replaces,omitempty"`
	ReplacedBy string    `bson:"replacedBy,omitempty"`
	UploadedAt time.Time `bson:"uploadedAt"`
	// ModifiedAt is when the status last changed (the upload at first).
	ModifiedAt time.Time `bson:"modifiedAt"`
}

// Current reports whether the document is in force (neither superseded nor removed).
func (d *Document) Current() bool { return d.Status == DocumentCurrent }

// TenderDocumentTypes are the OCDS documentType codes a listing's documents may have.
func TenderDocumentTypes() []Term {
	return []Term{
		{"technicalSpecifications", "技术规范", "Technical specifications"},
		{"biddingDocuments", "招标文件", "Bidding documents"},
		{"contractDraft", "合同草案", "Draft contract"},
		{"evaluationCriteria", "评审标准", "Evaluation criteria"},
		{"eligibilityCriteria", "资格条件", "Eligibility criteria"},
		{"billOfQuantity", "工程量清单", "Bill of quantities"},
		{"clarifications", "澄清说明", "Clarifications"},
		{"illustration", "图纸与示意", "Drawings and illustrations"},
		{"marketStudies", "市场调研", "Market studies"},
		{"other", "其他", "Other"},
	}
}

// BidDocumentTypes are the documentType codes a bid's documents may have:
// the proposal, the commercial offer, qualification certificates.
func BidDocumentTypes() []Term {
	return []Term{
		{"technicalProposal", "技术方案", "Technical proposal"},
		{"commercialProposal", "商务报价", "Commercial offer"},
		{"qualificationDocuments", "资格证明", "Qualification certificates"},
		{"submissionDocuments", "其他投标文件", "Other submission documents"},
		{"other", "其他", "Other"},
	}
}

// DocumentInput is what an uploader says about a file.
type DocumentInput struct {
	Title    string
	FileName string
	Type     string
	Language string
}

// Validate trims and checks the description of an upload against the
// allowed document types; prefix names where the fields came from ("query").
func (in *DocumentInput) Validate(prefix string, types []Term) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{prefix + "." + field, msg}) }
	in.Title, in.FileName = strings.TrimSpace(in.Title), strings.TrimSpace(in.FileName)
	if in.Title == "" {
		in.Title = in.FileName
	}
	if utf8.RuneCountInString(in.Title) > MaxDocumentTitle || hasControl(in.Title) {
		add("title", "title must be at most 200 characters without control characters")
	}
	if msg := checkFileName(in.FileName); msg != "" {
		add("fileName", msg)
	}
	if !HasCode(types, in.Type) {
		codes := make([]string, len(types))
		for i, t := range types {
			codes[i] = t.Code
		}
		add("documentType", "documentType must be one of "+strings.Join(codes, ", "))
	}
	if in.Language != LanguageChinese && in.Language != LanguageEnglish {
		add("language", `language must be "zh" or "en"`)
	}
	return errs
}

// checkFileName says what is wrong with a file name, or "" if nothing: it
// must be valid UTF-8 of 1 to 255 bytes, a name alone (no path separator,
// not "." or ".."), without control or bidirectional formatting characters
// (which could disguise its extension).
func checkFileName(name string) string {
	switch {
	case name == "":
		return "fileName is required"
	case !utf8.ValidString(name):
		return "fileName must be valid UTF-8"
	case len(name) > MaxFileNameBytes:
		return "fileName must be at most 255 bytes"
	case name == "." || name == "..":
		return "fileName must name a file"
	case strings.ContainsAny(name, `/\`):
		return "fileName must not contain a path separator"
	case hasControl(name):
		return "fileName must not contain control or formatting characters"
	}
	return ""
}

// hasControl reports whether s holds a control, format (such as a
// bidirectional override) or line/paragraph separator character.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

// IsSHA256 reports whether s is a lowercase hex SHA-256.
func IsSHA256(s string) bool {
	if len(s) != DocumentHashChars {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
