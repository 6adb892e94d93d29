package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// documentErrors are the errors document routes may answer.
func documentErrors() []int {
	return []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
		http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity, http.StatusServiceUnavailable}
}

// fileRequestBody describes an upload's body: the file's bytes.
func fileRequestBody() *huma.RequestBody {
	return &huma.RequestBody{
		Required: true,
		Description: "The file's bytes, streamed. Its type is sniffed from the content (the declared Content-Type is not trusted) " +
			"and must be PDF, OOXML (docx, xlsx, pptx), OpenDocument, PNG, JPEG, GIF, WebP, ZIP, plain UTF-8 text or CSV.",
		Content: map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}},
	}
}

// registerDocuments registers the routes of listings' and bids' documents.
func (s *Server) registerDocuments() {
	tags := []string{"Documents"}
	limits := "Limits: 50 MiB per file, 30 current files per listing and per bid, 200 MiB per bid (defaults; see the README)."
	huma.Register(s.api, huma.Operation{
		OperationID: "uploadListingDocument", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/documents", Tags: tags,
		Summary: "Attach a tender document to a listing (owner; draft, rejected or published)",
		Description: "The body is the file. On a published listing the upload is an amendment: amendmentReason is required, " +
			"the deadline must stay at least 3 days away, the version is bumped, bidders and followers are notified and the " +
			"history records the file's SHA-256. With replaces, the named document stays listed as superseded. " + limits,
		Security: bearer(), DefaultStatus: http.StatusCreated, Errors: documentErrors(), RequestBody: fileRequestBody(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *listingUploadInput) (*listingDocumentOutput, error) {
		d, o, err := s.app.AddOpportunityDocument(ctx, actor, in.ID, in.upload(in.DocumentType, in.AmendmentReason, in.Replaces))
		return s.listingDocumentOut(actor, d, o, err)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "listingDocuments", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/documents", Tags: tags,
		Summary: "A listing's documents, every version (to whoever may see the listing)",
		Errors:  []int{http.StatusNotFound},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*documentListOutput, error) {
		o, err := s.app.Opportunity(ctx, actor, in.ID)
		if err != nil {
			return nil, err
		}
		out := &documentListOutput{}
		out.Body.Items = documentBodies(o.Documents, listingDocumentsPath(o.ID))
		return out, nil
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "downloadListingDocument", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/documents/{docId}", Tags: tags,
		Summary:     "Download a listing's document (anyone once the listing is public; its owner and operators before)",
		Description: downloadDescription, Errors: []int{http.StatusNotFound, http.StatusRequestedRangeNotSatisfiable},
		Responses: downloadResponses(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *documentIDInput) (*huma.StreamResponse, error) {
		dl, err := s.app.OpportunityDocument(ctx, actor, in.ID, in.DocumentID)
		return s.download(dl, in, !actor.Anonymous(), err)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "removeListingDocument", Method: http.MethodDelete, Path: "/api/v1/opportunities/{id}/documents/{docId}", Tags: tags,
		Summary:  "Remove a listing's document (owner): a draft's leaves the list; a published listing's stays listed as removed, by an amendment",
		Security: bearer(), Errors: documentErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *documentRemovalInput) (*listingDocumentOutput, error) {
		d, o, err := s.app.RemoveOpportunityDocument(ctx, actor, in.ID,
			app.DocumentRemoval{DocumentID: in.DocumentID, Version: in.Version, AmendmentReason: in.AmendmentReason})
		return s.listingDocumentOut(actor, d, o, err)
	}))
	s.registerBidDocuments(tags, limits)
}

// registerBidDocuments registers the routes of bids' documents, sealed with their bids.
func (s *Server) registerBidDocuments(tags []string, limits string) {
	huma.Register(s.api, huma.Operation{
		OperationID: "uploadBidDocument", Method: http.MethodPost, Path: "/api/v1/bids/{id}/documents", Tags: tags,
		Summary:     "Attach a document to a bid (its bidder, before the deadline); a new receipt covers every file's SHA-256",
		Description: "The body is the file. Sealed like the bid: anyone else gets the answer GET /bids/{id} gives. " + limits,
		Security:    bearer(), DefaultStatus: http.StatusCreated, Errors: documentErrors(), RequestBody: fileRequestBody(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *bidUploadInput) (*bidDocumentOutput, error) {
		d, b, err := s.app.AddBidDocument(ctx, actor, in.ID, in.upload(in.DocumentType, "", ""))
		return bidDocumentOut(d, b, err)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "downloadBidDocument", Method: http.MethodGet, Path: "/api/v1/bids/{id}/documents/{docId}", Tags: tags,
		Summary:     "Download a bid's document: its bidder always; the buyer and operators after the deadline (403 sealed before)",
		Description: downloadDescription, Security: bearer(),
		Errors:    []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusRequestedRangeNotSatisfiable},
		Responses: downloadResponses(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *documentIDInput) (*huma.StreamResponse, error) {
		dl, err := s.app.BidDocument(ctx, actor, in.ID, in.DocumentID)
		return s.download(dl, in, true, err)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "removeBidDocument", Method: http.MethodDelete, Path: "/api/v1/bids/{id}/documents/{docId}", Tags: tags,
		Summary:  "Remove a document from a bid (its bidder, before the deadline); a new receipt is issued",
		Security: bearer(), Errors: documentErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *documentRemovalInput) (*bidDocumentOutput, error) {
		d, b, err := s.app.RemoveBidDocument(ctx, actor, in.ID, app.DocumentRemoval{DocumentID: in.DocumentID, Version: in.Version})
		return bidDocumentOut(d, b, err)
	}))
}

// listingDocumentOut shows a document and its listing after a change.
func (s *Server) listingDocumentOut(actor models.Actor, d *models.Document, o *models.Opportunity, err error) (*listingDocumentOutput, error) {
	if err != nil {
		return nil, err
	}
	out := &listingDocumentOutput{}
	out.Body.Document = newDocumentBody(d, listingDocumentsPath(o.ID))
	out.Body.Opportunity = newOpportunityBody(o, actor, s.app.Now())
	return out, nil
}

// bidDocumentOut shows a document and its bid after a change.
func bidDocumentOut(d *models.Document, b *models.Bid, err error) (*bidDocumentOutput, error) {
	if err != nil {
		return nil, err
	}
	out := &bidDocumentOutput{}
	out.Body.Document = newDocumentBody(d, bidDocumentsPath(b.ID))
	out.Body.Bid = newBidBody(b)
	return out, nil
}
