package api

import (
	"context"
	"regexp"

	"github.com/danielgtaylor/huma/v2"
)

// baseURLKey is the context key of the request's base URL.
type baseURLKey struct{}

// saneHost is what a Host header must look like to be used in links.
var saneHost = regexp.MustCompile(`^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$`)

// openData is the operation middleware of the open-data routes. Their
// documents are public and meant for reuse, so other sites may read them
// (CORS and CORP allow any origin). They hold absolute links: it records
// the configured public URL, or else the base URL the client used (https
// under TLS, the Host header, or localhost for a strange one).
func (s *Server) openData(ctx huma.Context, next func(huma.Context)) {
	ctx.SetHeader("Access-Control-Allow-Origin", "*")
	ctx.SetHeader("Cross-Origin-Resource-Policy", "cross-origin")
	if s.publicURL != "" {
		next(huma.WithValue(ctx, baseURLKey{}, s.publicURL))
		return
	}
	scheme := "http"
	if ctx.TLS() != nil {
		scheme = "https"
	}
	host := ctx.Host()
	if !saneHost.MatchString(host) {
		host = "localhost"
	}
	next(huma.WithValue(ctx, baseURLKey{}, scheme+"://"+host))
}

// baseURL returns the base URL openData recorded, such as
// https://market.example, without a trailing slash.
func baseURL(ctx context.Context) string {
	if b, ok := ctx.Value(baseURLKey{}).(string); ok {
		return b
	}
	return "http://localhost"
}

// registerOpenData registers the open-data routes: the OCDS releases, the
// listing export as CSV and the Atom feed of new listings.
func (s *Server) registerOpenData() {
	s.registerOCDS()
	s.registerCSV()
	s.registerAtom()
}
