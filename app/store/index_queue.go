package store

import (
	"strconv"

	"market/search/indexer"
)

// IndexMarker records that a document changed and its search index entry
// must be brought up to date (see indexer.Marker, which says what its
// fields hold).
type IndexMarker = indexer.Marker

// IndexMarkerID is the ID of the marker of a key at a version.
func IndexMarkerID(key string, version int) string { return indexer.MarkerID(key, version) }

// IndexQueue is the search index synchroniser's queue of changed documents
// (see indexer.Queue).
type IndexQueue = indexer.Queue

// itoa formats an int in base 10.
func itoa(n int) string { return strconv.Itoa(n) }
