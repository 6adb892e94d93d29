package api

import (
	"errors"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// placeholderPage is served at / when the binary was built without the frontend.
const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Opportunity list</title></head>
<body><main><h1>Opportunity-list marketplace</h1><p>The web frontend was not built into this binary
(run <code>make build</code>). The API is at <a href="/api/docs">/api/docs</a>.</p></main></body></html>`

// serveFrontend serves the single-page application: files by path, and
// index.html for any other GET outside /api so client-side routes work.
// Unknown /api paths fall through to a JSON 404.
func (s *Server) serveFrontend(c *fiber.Ctx) error {
	p := c.Path()
	if (c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead) || p == "/api" || strings.HasPrefix(p, "/api/") {
		return c.Next()
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && s.frontend == nil && path.Ext(name) != "" {
		return c.Next() // no files at all: a missing file, not a client route
	}
	if name != "" && s.frontend != nil {
		if data, err := fs.ReadFile(s.frontend, name); err == nil {
			ctype := mime.TypeByExtension(path.Ext(name))
			if ctype == "" {
				ctype = fiber.MIMEOctetStream
			}
			c.Set(fiber.HeaderContentType, ctype)
			if strings.HasPrefix(name, "assets/") { // content-hashed names
				c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
			}
			return c.Send(data)
		} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrInvalid) {
			return c.Next() // a directory or an unreadable name
		}
		if path.Ext(name) != "" {
			return c.Next() // a missing file, not a client route
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if s.frontend != nil {
		if index, err := fs.ReadFile(s.frontend, "index.html"); err == nil {
			return c.Send(index)
		}
	}
	return c.SendString(placeholderPage)
}
