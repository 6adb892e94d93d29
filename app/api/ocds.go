package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// ocdsReleasesPath is where the release packages are served.
const ocdsReleasesPath = "/api/v1/ocds/releases"

type ocdsReleasesInput struct {
	Since    time.Time `query:"since" doc:"Releases dated at or after this instant (RFC 3339); default all"`
	Page     int       `query:"page" minimum:"1" maximum:"1000000" default:"1" doc:"Page number, from 1, in a stable order: release date, then event id"`
	PageSize int       `query:"pageSize" minimum:"1" maximum:"100" default:"100" doc:"Releases per page"`
}

type ocdsReleasesOutput struct {
	Body app.OCDSPackage
}

// registerOCDS registers GET /ocds/releases.
func (s *Server) registerOCDS() {
	huma.Register(s.api, huma.Operation{
		OperationID: "ocdsReleases", Method: http.MethodGet, Path: ocdsReleasesPath, Tags: []string{"Open data"},
		Summary: "OCDS 1.1 release package: one release per public event of a public listing",
		Description: "Open Contracting Data Standard 1.1 releases with the bid extension: a tender release when a listing is " +
			"published, tenderAmendment for amendments and deadline extensions, tenderUpdate at close and on failure, award, " +
			"tenderCancellation and contractTermination (completion). Release ids are `<ocid>-<event seq>` and never change; " +
			"the ocid is `" + app.OCIDPrefix + "` and the listing's public code. Amounts are yuan (CNY), converted from fen. " +
			"`bids.statistics` and `bids.details` appear only in releases dated at or after the bid deadline once it has passed, " +
			"and never for a listing cancelled before its deadline. Drafts and listings under review never appear. " +
			"Pages hold up to 100 releases; `links.next` points at the next page when there is one. A page past the end has " +
			"no releases (which the package schema, asking for at least one, does not foresee).",
		Middlewares: huma.Middlewares{s.openData},
		Errors:      []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, handle(s, func(ctx context.Context, _ models.Actor, in *ocdsReleasesInput) (*ocdsReleasesOutput, error) {
		page, err := s.app.OCDSReleases(ctx, app.OCDSQuery{Since: in.Since, Page: in.Page, PageSize: in.PageSize, BaseURL: baseURL(ctx)})
		if err != nil {
			return nil, err
		}
		base := baseURL(ctx)
		pkg := s.app.NewOCDSPackage(base+ocdsReleasesPath+"?"+ocdsQuery(in, in.Page), page.Releases)
		if page.More {
			pkg.Links = &app.OCDSLinks{Next: base + ocdsReleasesPath + "?" + ocdsQuery(in, in.Page+1)}
		}
		return &ocdsReleasesOutput{Body: *pkg}, nil
	}))
}

// ocdsQuery writes the query string of page of the releases in selects.
func ocdsQuery(in *ocdsReleasesInput, page int) string {
	q := url.Values{}
	if !in.Since.IsZero() {
		q.Set("since", in.Since.UTC().Format(time.RFC3339Nano))
	}
	q.Set("page", strconv.Itoa(page))
	if in.PageSize != app.OCDSMaxPageSize {
		q.Set("pageSize", strconv.Itoa(in.PageSize))
	}
	return q.Encode()
}
