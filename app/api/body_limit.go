package api

import (
	"bytes"
	"io"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"market/models"
)

// limitBodies refuses a request body over BodyLimit (413) on every route
// but the document uploads, which stream theirs: the server hands bodies
// over that limit to the handler as a stream instead of refusing them (see
// New). A chunked body, whose length is not declared, is read up to the
// limit here.
//
// A request answered before its body was read closes its connection, so
// that the rest of the body is not read as the next request.
func limitBodies(c *fiber.Ctx) error {
	if isUpload(c.Method(), c.Path()) {
		err := c.Next()
		if err != nil || c.Response().StatusCode() >= 400 {
			c.Context().SetConnectionClose()
		}
		return err
	}
	tooLarge := models.Errorf(models.ETOOLARGE, "the request body is over the %d KiB limit", BodyLimit>>10)
	switch n := c.Request().Header.ContentLength(); {
	case n > BodyLimit:
		c.Context().SetConnectionClose()
		return tooLarge
	case n == -1:
		stream := c.Request().BodyStream()
		if stream == nil {
			break
		}
		body, err := io.ReadAll(io.LimitReader(stream, BodyLimit+1))
		if err != nil {
			return models.Errorf(models.EMALFORMED, "the request body could not be read")
		}
		if len(body) > BodyLimit {
			c.Context().SetConnectionClose()
			return tooLarge
		}
		c.Request().SetBodyStream(bytes.NewReader(body), len(body))
	}
	return c.Next()
}

// minTransferRate is the slowest a document upload or download may go, in
// bytes a second (512 kbit/s), before the server gives up on it.
const minTransferRate = 64 << 10

// slowestTransfer bounds a transfer whose size is not known in advance.
const slowestTransfer = 15 * time.Minute

// requestConfig adjusts the server's limits for one request, once its
// headers are read:
//   - a body declared over BodyLimit is handed to the handlers after its
//     first byte, rather than after its first 8 KiB, on every route but the
//     uploads: limitBodies then refuses it at once, as a server that does not
//     stream bodies refuses on Content-Length alone;
//   - an upload may take as long as its size needs at minTransferRate, a
//     download up to slowestTransfer, beyond the server's read and write
//     timeouts (30 s and 60 s), which a 50 MiB file on a slow line would pass.
func requestConfig(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	path, _, _ := strings.Cut(string(h.RequestURI()), "?")
	method, n := string(h.Method()), h.ContentLength()
	switch {
	case isUpload(method, path):
		timeout := slowestTransfer
		if n >= 0 {
			timeout = 30*time.Second + time.Duration(n/minTransferRate)*time.Second
		}
		return fasthttp.RequestConfig{ReadTimeout: timeout}
	case isDownload(method, path):
		return fasthttp.RequestConfig{WriteTimeout: slowestTransfer}
	case n > BodyLimit:
		return fasthttp.RequestConfig{MaxRequestBodySize: 1}
	}
	return fasthttp.RequestConfig{}
}

// rewindBody gives Huma back a request body that a Fiber middleware has
// already read: with streamed bodies (see New), Huma reads the body's stream,
// which reading the body empties. Uploads, which nothing reads before their
// handler, keep their stream.
func (s *Server) rewindBody(ctx huma.Context, next func(huma.Context)) {
	c := humafiber.Unwrap(ctx)
	if req := c.Request(); req.BodyStream() == nil {
		body := bytes.Clone(req.Body())
		req.SetBodyStream(bytes.NewReader(body), len(body))
	}
	next(ctx)
}

// isDownload reports whether a request is a document download:
// GET /api/v1/opportunities/{id}/documents/{docId} or /api/v1/bids/{id}/documents/{docId}.
func isDownload(method, path string) bool {
	if method != fiber.MethodGet {
		return false
	}
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
	return len(parts) == 4 && (parts[0] == "opportunities" || parts[0] == "bids") && parts[1] != "" && parts[2] == "documents" && parts[3] != ""
}

// isUpload reports whether a request is a document upload:
// POST /api/v1/opportunities/{id}/documents or /api/v1/bids/{id}/documents.
func isUpload(method, path string) bool {
	if method != fiber.MethodPost {
		return false
	}
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
	return len(parts) == 3 && (parts[0] == "opportunities" || parts[0] == "bids") && parts[1] != "" && parts[2] == "documents"
}
