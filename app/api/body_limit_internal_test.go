package api

import (
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

func TestRequestConfig(t *testing.T) {
	for _, c := range []struct {
		method, uri string
		length      int
		want        fasthttp.RequestConfig
	}{
		{"POST", "/api/v1/opportunities/x/documents?fileName=a.pdf", 50 << 20, fasthttp.RequestConfig{ReadTimeout: 30*time.Second + 800*time.Second}},
		{"POST", "/api/v1/bids/x/documents", -1, fasthttp.RequestConfig{ReadTimeout: slowestTransfer}},
		{"GET", "/api/v1/bids/x/documents/y", -2, fasthttp.RequestConfig{WriteTimeout: slowestTransfer}},
		{"GET", "/api/v1/opportunities/x/documents", -2, fasthttp.RequestConfig{}},
		{"POST", "/api/v1/auth/register", BodyLimit + 1, fasthttp.RequestConfig{MaxRequestBodySize: 1}},
		{"POST", "/api/v1/auth/register", BodyLimit, fasthttp.RequestConfig{}},
		{"POST", "/api/v1/opportunities/x/documents/y", BodyLimit + 1, fasthttp.RequestConfig{MaxRequestBodySize: 1}},
	} {
		var h fasthttp.RequestHeader
		h.SetMethod(c.method)
		h.SetRequestURI(c.uri)
		h.SetContentLength(c.length)
		if got := requestConfig(&h); got != c.want {
			t.Errorf("%s %s (%d bytes): %+v, want %+v", c.method, c.uri, c.length, got, c.want)
		}
	}
}
