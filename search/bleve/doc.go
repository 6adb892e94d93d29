// Package bleve is the embedded search engine, the default: a search.Engine
// keeping one Bleve index (github.com/blevesearch/bleve/v2, imported as
// blevelib) per name on disk, in a layout of its own (mapping.go). It answers
// queries with bitmaps where it can (bitmap.go, led.go), reads facets and
// sorts from columns (columns.go, collect.go), computes highlights from the
// stored text (highlight*.go) and compacts its indexes once writes stop
// (compact.go). Its one package-level setting is zapx's, set once in an
// init function (zap.go).
package bleve
