// Package frontend holds the built single-page web app of the marketplace.
//
// The app is built by `npm run build` into the dist folder, which is
// embedded into the Go binary at compile time. Without a build, dist holds
// only a placeholder file, so the binary still compiles.
package frontend

import "embed"

// Dist is the built web app: index.html and its assets under "dist/".
// It is read-only; callers usually serve fs.Sub(Dist, "dist").
//
//go:embed all:dist
var Dist embed.FS
