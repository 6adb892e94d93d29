package api

import (
	"bytes"
	"io"
	"strings"

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

// refuseEarly makes the server hand a request body declared over BodyLimit
// to the handlers after its first byte, rather than after its first 8 KiB,
// on every route but the uploads: limitBodies then refuses it at once, as
// a server that does not stream bodies refuses on Content-Length alone.
func refuseEarly(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	path, _, _ := strings.Cut(string(h.RequestURI()), "?")
	if h.ContentLength() > BodyLimit && !isUpload(string(h.Method()), path) {
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

// isUpload reports whether a request is a document upload:
// POST /api/v1/opportunities/{id}/documents or /api/v1/bids/{id}/documents.
func isUpload(method, path string) bool {
	if method != fiber.MethodPost {
		return false
	}
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
	return len(parts) == 3 && (parts[0] == "opportunities" || parts[0] == "bids") && parts[1] != "" && parts[2] == "documents"
}
