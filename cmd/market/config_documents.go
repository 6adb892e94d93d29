package main

import (
	"fmt"
	"strconv"

	"market/app"
)

// documentLimits reads the limits on documents: MARKET_DOCUMENT_MAX_MB (per
// file), MARKET_DOCUMENT_MAX_FILES (current files per listing and per bid),
// MARKET_BID_DOCUMENTS_MAX_MB (all of a bid's files together) and
// MARKET_DOCUMENT_MAX_EXPANDED_MB (what a ZIP-based file may expand to).
func documentLimits(get func(name, def string) string) (app.DocumentLimits, error) {
	l := app.DefaultDocumentLimits()
	number := func(name string, def, most int64) (int64, error) {
		v := get(name, strconv.FormatInt(def, 10))
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > most {
			return 0, &configError{name, fmt.Sprintf("must be a whole number from 1 to %d, not %q", most, v)}
		}
		return n, nil
	}
	fileMB, err := number("MARKET_DOCUMENT_MAX_MB", l.File.MaxBytes>>20, 4096)
	if err != nil {
		return l, err
	}
	files, err := number("MARKET_DOCUMENT_MAX_FILES", int64(l.MaxFiles), 1000)
	if err != nil {
		return l, err
	}
	bidMB, err := number("MARKET_BID_DOCUMENTS_MAX_MB", l.MaxBidBytes>>20, 1<<20)
	if err != nil {
		return l, err
	}
	expandedMB, err := number("MARKET_DOCUMENT_MAX_EXPANDED_MB", l.File.MaxExpandedBytes>>20, 1<<20)
	if err != nil {
		return l, err
	}
	l.File.MaxBytes, l.MaxFiles, l.MaxBidBytes, l.File.MaxExpandedBytes = fileMB<<20, int(files), bidMB<<20, expandedMB<<20
	return l, nil
}
