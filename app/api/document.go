package api

import (
	"io"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// documentBody is a document as the API shows it.
type documentBody struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	FileName     string    `json:"fileName" doc:"The name it was uploaded under; downloads keep it"`
	DocumentType string    `json:"documentType" doc:"An OCDS documentType code"`
	Language     string    `json:"language" enum:"zh,en"`
	Format       string    `json:"format" doc:"The media type sniffed from the content"`
	Size         int64     `json:"size" doc:"Bytes"`
	SHA256       string    `json:"sha256" doc:"Hex SHA-256 of the content"`
	Status       string    `json:"status" enum:"current,superseded,removed"`
	Replaces     string    `json:"replaces,omitempty" doc:"The document this one is a new version of"`
	ReplacedBy   string    `json:"replacedBy,omitempty" doc:"The newer version that superseded this one"`
	UploadedAt   time.Time `json:"uploadedAt"`
	ModifiedAt   time.Time `json:"modifiedAt"`
	URL          string    `json:"url" doc:"Where to download it"`
}

// newDocumentBody shows d, downloadable under base + "/" + d.ID.
func newDocumentBody(d *models.Document, base string) documentBody {
	return documentBody{ID: d.ID, Title: d.Title, FileName: d.FileName, DocumentType: d.Type, Language: d.Language,
		Format: d.Format, Size: d.Size, SHA256: d.SHA256, Status: d.Status, Replaces: d.Replaces, ReplacedBy: d.ReplacedBy,
		UploadedAt: d.UploadedAt, ModifiedAt: d.ModifiedAt, URL: base + "/" + d.ID}
}

// documentBodies shows docs, downloadable under base.
func documentBodies(docs []models.Document, base string) []documentBody {
	out := make([]documentBody, 0, len(docs))
	for i := range docs {
		out = append(out, newDocumentBody(&docs[i], base))
	}
	return out
}

// listingDocumentsPath is where a listing's documents are downloaded.
func listingDocumentsPath(id string) string { return "/api/v1/opportunities/" + id + "/documents" }

// bidDocumentsPath is where a bid's documents are downloaded.
func bidDocumentsPath(id string) string { return "/api/v1/bids/" + id + "/documents" }

// UploadFields are the query parameters that describe an upload; the
// request body is the file itself. Exported so that Huma reads the
// parameters of the inputs that embed it.
type UploadFields struct {
	FileName string `query:"fileName" required:"true" minLength:"1" maxLength:"255" doc:"The file's name, kept for downloads: no path separators or control characters"`
	Title    string `query:"title" maxLength:"200" doc:"What the document is; the file name when empty"`
	Language string `query:"language" required:"true" enum:"zh,en"`
	Version  int    `query:"version" required:"true" minimum:"1" doc:"The version of the listing or bid the upload is based on"`

	body   io.Reader
	length int64
}

// Resolve keeps the request's body stream and declared length for the
// handler (Huma calls it once the parameters are parsed).
func (f *UploadFields) Resolve(ctx huma.Context) []error {
	f.body = ctx.BodyReader()
	f.length = -1
	if v := ctx.Header("Content-Length"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			f.length = n
		}
	}
	return nil
}

// upload converts the fields for the use cases.
func (f *UploadFields) upload(documentType, reason, replaces string) app.DocumentUpload {
	return app.DocumentUpload{
		DocumentInput: models.DocumentInput{Title: f.Title, FileName: f.FileName, Type: documentType, Language: f.Language},
		Version:       f.Version, AmendmentReason: reason, Replaces: replaces, Body: f.body, Length: f.length,
	}
}

type listingUploadInput struct {
	ID           string `path:"id" maxLength:"64"`
	DocumentType string `query:"documentType" required:"true" enum:"technicalSpecifications,biddingDocuments,contractDraft,evaluationCriteria,eligibilityCriteria,billOfQuantity,clarifications,illustration,marketStudies,other"`
	// AmendmentReason is required while the listing is published.
	AmendmentReason string `query:"amendmentReason" maxLength:"2000" doc:"Required while the listing is published: the upload is an amendment"`
	Replaces        string `query:"replaces" maxLength:"64" doc:"A current document this file is a new version of"`
	UploadFields
}

type bidUploadInput struct {
	ID           string `path:"id" maxLength:"64"`
	DocumentType string `query:"documentType" required:"true" enum:"technicalProposal,commercialProposal,qualificationDocuments,submissionDocuments,other"`
	UploadFields
}

type documentRemovalInput struct {
	ID              string `path:"id" maxLength:"64"`
	DocumentID      string `path:"docId" maxLength:"64"`
	Version         int    `query:"version" required:"true" minimum:"1"`
	AmendmentReason string `query:"amendmentReason" maxLength:"2000" doc:"Required while the listing is published"`
}

type documentIDInput struct {
	ID          string `path:"id" maxLength:"64"`
	DocumentID  string `path:"docId" maxLength:"64"`
	IfNoneMatch string `header:"If-None-Match" maxLength:"200"`
	Range       string `header:"Range" maxLength:"200" doc:"One byte range, such as bytes=0-1023"`
	IfRange     string `header:"If-Range" maxLength:"200"`
}

type listingDocumentOutput struct {
	Body struct {
		Document    documentBody     `json:"document"`
		Opportunity *opportunityBody `json:"opportunity"`
	}
}

type bidDocumentOutput struct {
	Body struct {
		Document documentBody `json:"document"`
		Bid      *bidBody     `json:"bid"`
	}
}

type documentListOutput struct {
	Body struct {
		Items []documentBody `json:"items"`
	}
}
