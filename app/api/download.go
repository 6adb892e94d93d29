package api

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"market/app"
	"market/models"
)

// downloadDescription says how every document download answers.
const downloadDescription = "Always an attachment (Content-Disposition with an RFC 6266 filename* that keeps Chinese names), " +
	"with X-Content-Type-Options: nosniff and the media type sniffed at upload (never HTML or SVG). " +
	"One byte range may be asked for with Range (206 Partial Content; 416 when it lies outside the file); " +
	"the ETag is the content's SHA-256 (If-None-Match gives 304, If-Range is honoured)."

// downloadResponses describes a download's successful answers.
func downloadResponses() map[string]*huma.Response {
	binary := func() map[string]*huma.MediaType {
		return map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}
	}
	return map[string]*huma.Response{
		"200": {Description: "The whole file", Content: binary()},
		"206": {Description: "The byte range asked for", Content: binary()},
		"304": {Description: "Not modified: the ETag given in If-None-Match is current"},
	}
}

// byteRange is the part of a file a download sends.
type byteRange struct{ start, end int64 } // end inclusive

// parseRange reads a Range header for a file of size bytes. ok is false
// when the header is absent, malformed or asks for several ranges (the
// whole file is then sent, as RFC 9110 allows); satisfiable is false when
// the one range asked for lies outside the file.
func parseRange(h string, size int64) (r byteRange, ok, satisfiable bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return r, false, false
	}
	first, last, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return r, false, false
	}
	if first == "" { // the last n bytes
		n, err := strconv.ParseInt(last, 10, 64)
		if err != nil || n < 0 {
			return r, false, false
		}
		if n == 0 || size == 0 {
			return r, true, false
		}
		return byteRange{max(size-n, 0), size - 1}, true, true
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil || start < 0 {
		return r, false, false
	}
	end := size - 1
	if last != "" {
		if end, err = strconv.ParseInt(last, 10, 64); err != nil || end < start {
			return r, false, false
		}
		end = min(end, size-1)
	}
	if start >= size {
		return r, true, false
	}
	return byteRange{start, end}, true, true
}

// contentDisposition makes a download an attachment named name: an ASCII
// fallback, and the exact name in RFC 6266's filename* (UTF-8, percent-encoded).
func contentDisposition(name string) string {
	var ascii, exact strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || r > 0x7e || r == '"' || r == '\\':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(name) {
		if b < 0x80 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0) {
			exact.WriteByte(b)
		} else {
			fmt.Fprintf(&exact, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + exact.String()
}

// mediaType is the Content-Type of a download of the sniffed format.
func mediaType(format string) string {
	switch {
	case format == "":
		return "application/octet-stream"
	case strings.HasPrefix(format, "text/"):
		return format + "; charset=utf-8"
	}
	return format
}

// download answers a document download: the whole content, one range of
// it, 304 when the caller's copy is current, or 416.
func (s *Server) download(dl *app.Download, in *documentIDInput, private bool, err error) (*huma.StreamResponse, error) {
	if err != nil {
		return nil, err
	}
	d, content := dl.Document, dl.Content
	size, etag := content.Size(), `"`+d.SHA256+`"`
	return &huma.StreamResponse{Body: func(ctx huma.Context) {
		c := humafiber.Unwrap(ctx)
		c.Set(fiber.HeaderETag, etag)
		c.Set(fiber.HeaderAcceptRanges, "bytes")
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; sandbox")
		if private {
			c.Set(fiber.HeaderCacheControl, "private, no-cache")
		} else {
			c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
		}
		if in.IfNoneMatch != "" && strings.Contains(in.IfNoneMatch, etag) {
			_ = content.Close()
			c.Status(fiber.StatusNotModified)
			return
		}
		r, ranged, ok := byteRange{0, size - 1}, false, true
		if in.Range != "" && (in.IfRange == "" || in.IfRange == etag) {
			var asked byteRange
			if asked, ranged, ok = parseRange(in.Range, size); ranged && ok {
				r = asked
			}
		}
		if ranged && !ok {
			_ = content.Close()
			s.writeRangeProblem(c, size)
			return
		}
		c.Set(fiber.HeaderContentType, mediaType(d.Format))
		c.Set(fiber.HeaderContentDisposition, contentDisposition(d.FileName))
		n := r.end - r.start + 1
		if !ranged {
			c.Status(fiber.StatusOK)
			c.Context().SetBodyStream(content, int(size))
			return
		}
		if _, err := content.Seek(r.start, io.SeekStart); err != nil {
			_ = content.Close()
			s.log.ErrorContext(c.UserContext(), "seeking in a document", "document", d.ID, "err", err)
			c.Status(fiber.StatusInternalServerError)
			return
		}
		c.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes %d-%d/%d", r.start, r.end, size))
		c.Status(fiber.StatusPartialContent)
		c.Context().SetBodyStream(limitedContent{io.LimitReader(content, n), content}, int(n))
	}}, nil
}

// limitedContent reads part of a content and closes the whole.
type limitedContent struct {
	io.Reader
	io.Closer
}

// writeRangeProblem answers 416 for a range outside a file of size bytes.
func (s *Server) writeRangeProblem(c *fiber.Ctx, size int64) {
	p := newProblem(models.ERANGE, fmt.Sprintf("the range asked for lies outside the file of %d bytes", size))
	body, _ := json.Marshal(p)
	c.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes */%d", size))
	c.Set(fiber.HeaderContentType, "application/problem+json")
	c.Status(fiber.StatusRequestedRangeNotSatisfiable)
	_ = c.Send(body)
}
