package bleve

import zapx "github.com/blevesearch/zapx/v17"

// Every batch becomes a new zap segment, built in a buffer that zapx sizes
// for the batch's documents plus NewSegmentBufferNumResultsBump (100) more,
// each at the average size of the last segment it built. A write of the
// application is a batch of one listing, so each allocated, and cleared,
// room for a hundred to fill a few kilobytes, and the segment kept it until
// the persister merged it: clearing it was 40% of building a listing's
// segment in a profile of the scale benchmark's writes, and with it
// BenchmarkBleveUpsertOne allocated 1.4 MB a write instead of 0.48 MB and
// took 12% longer. Without the bump the buffer is sized for the batch
// itself and grows if it must. zapx exports the knob for this; it is set
// once, before any index is opened.
func init() { zapx.NewSegmentBufferNumResultsBump = 0 }
