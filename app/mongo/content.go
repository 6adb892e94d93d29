package mongo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// bucketName is the GridFS bucket of documents' content: the collections
// documents.files and documents.chunks.
const bucketName = "documents"

// minTransferRate is the slowest a transfer may go, in bytes a second,
// before it is taken for a hung server (see transferTimeout).
const minTransferRate = 1 << 20

// transferTimeout bounds a transfer of size bytes: opTimeout, plus a
// second a megabyte (a minute for 50 MiB).
func transferTimeout(size int64) time.Duration {
	return opTimeout + time.Duration(size/minTransferRate)*time.Second
}

// readBatch is how many chunks (of 255 KiB) a reader fetches at a time,
// which bounds its memory to about a megabyte.
const readBatch = 4

// errCorrupt marks kept content whose chunks do not add up to its length.
var errCorrupt = errors.New("corrupt GridFS content")

// The compile-time check that the GridFS contents are contents.
var _ store.Contents = (*contents)(nil)

// Contents returns the documents' content kept in the database's GridFS
// bucket "documents", shared by every app instance, with uploads staged in
// tempDir (os.TempDir() when empty).
//
// Each content is a GridFS file named by its hash (filename = sum) under a
// fresh ObjectID: were the hash the file's ID, two racing uploads of the
// same content would write chunks under one ID and the failure of one would
// delete the other's. So two Keeps of identical new content that race may
// each store a copy; that is harmless (Open reads the newest, Remove
// deletes all), and only the first upload of a content can race.
//
// Uploads go through the driver's GridFS upload stream, which buffers
// 16 MiB of chunks at a time; reads fetch chunks themselves (see Open).
// On MongoDB, lookups by name use the index the driver creates on the
// first upload into an empty bucket (files: filename, uploadDate; chunks:
// files_id, n); the embedded FerretDB test server accepts those indexes but
// scans the collections for these queries.
func (db *DB) Contents(tempDir string) store.Contents {
	return &contents{
		db:      db.db,
		files:   db.db.Collection(bucketName + ".files"),
		chunks:  db.db.Collection(bucketName + ".chunks"),
		tempDir: tempDir,
	}
}

// contents keeps documents' content in GridFS.
type contents struct {
	db            *driver.Database
	files, chunks *driver.Collection
	tempDir       string
}

// fileDoc is the part of a GridFS files document that reading needs.
type fileDoc struct {
	ID        bson.RawValue `bson:"_id"`
	Length    int64         `bson:"length"`
	ChunkSize int64         `bson:"chunkSize"`
}

// Stage creates an empty temporary file in the staging directory.
func (c *contents) Stage() (*os.File, error) {
	f, err := os.CreateTemp(c.tempDir, "upload-*")
	if err != nil {
		return nil, fmt.Errorf("staging an upload: %w", err)
	}
	return f, nil
}

// Keep uploads staged as a GridFS file named sum, unless a file of that
// name exists already (created false), and closes and removes staged in
// every case. An upload that fails is deleted again, chunks and all, as
// far as the server lets; a crash in the middle of one leaves chunks
// without a files document, which no read finds. The upload is bounded by
// ctx's deadline or, when it has none, by one that grows with the size
// (see transferTimeout), never by the client's operation timeout.
func (c *contents) Keep(ctx context.Context, staged *os.File, sum string, size int64) (created bool, err error) {
	created, err = c.keep(ctx, staged, sum, size)
	store.Discard(staged)
	if err != nil {
		return false, fmt.Errorf("keeping content %q: %w", sum, err)
	}
	return created, nil
}

// keep is Keep but for closing and removing staged.
func (c *contents) keep(ctx context.Context, staged *os.File, sum string, size int64) (bool, error) {
	if !models.IsSHA256(sum) {
		return false, errors.New("not a lowercase hex SHA-256")
	}
	info, err := staged.Stat()
	if err != nil {
		return false, err
	}
	if info.Size() != size {
		return false, fmt.Errorf("the staged file holds %d bytes, not %d", info.Size(), size)
	}
	err = c.files.FindOne(ctx, bson.D{{Key: "filename", Value: sum}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	switch {
	case err == nil:
		return false, nil
	case !errors.Is(err, driver.ErrNoDocuments):
		return false, wrap(err)
	}
	if _, err := staged.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	// The driver bounds an upload stream's whole lifetime by ctx's
	// deadline or, without one, by the client's operation timeout (10 s,
	// too short for large files): give it one that grows with the size.
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, transferTimeout(size))
		defer cancel()
	}
	// A bucket per upload: a bucket's first write checks its indexes
	// through unsynchronised state.
	bucket := c.db.GridFSBucket(options.GridFSBucket().SetName(bucketName))
	id := bson.NewObjectID()
	up, err := bucket.OpenUploadStreamWithID(ctx, id, sum)
	if err != nil {
		return false, wrap(err)
	}
	n, err := io.Copy(up, staged)
	if err == nil && n != size {
		err = fmt.Errorf("read %d bytes of the staged file, not %d", n, size)
	}
	if err == nil {
		err = up.Close() // writes the last chunks, then the files document
	}
	if err != nil {
		err = wrap(err)
		if derr := c.deleteFiles(context.WithoutCancel(ctx), bson.A{id}); derr != nil {
			err = fmt.Errorf("%w (deleting the partial upload: %w)", err, derr)
		}
		return false, err
	}
	return true, nil
}

// Open returns the newest GridFS file named sum for reading. The Content
// fetches the chunks it reads, a few at a time, each fetch bounded by the
// client's operation timeout, so a slow reader of a large file never runs
// into it and seeking reads no chunk before the new position. It does not
// depend on ctx once Open returns, and is not safe for concurrent use.
func (c *contents) Open(ctx context.Context, sum string) (store.Content, error) {
	if !models.IsSHA256(sum) {
		return nil, contentNotFound()
	}
	var f fileDoc
	err := c.files.FindOne(ctx, bson.D{{Key: "filename", Value: sum}},
		options.FindOne().SetSort(bson.D{{Key: "uploadDate", Value: -1}}).
			SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "length", Value: 1}, {Key: "chunkSize", Value: 1}})).
		Decode(&f)
	switch {
	case errors.Is(err, driver.ErrNoDocuments), errors.Is(err, driver.ErrFileNotFound):
		return nil, contentNotFound()
	case err != nil:
		return nil, fmt.Errorf("opening content %s: %w", sum, wrap(err))
	case f.Length < 0, f.Length > 0 && f.ChunkSize <= 0:
		return nil, fmt.Errorf("opening content %s: %w: length %d in chunks of %d", sum, errCorrupt, f.Length, f.ChunkSize)
	}
	return &content{chunks: c.chunks, ctx: context.WithoutCancel(ctx), file: f, held: -1}, nil
}

// Remove deletes every GridFS file named sum (racing Keeps may have stored
// several), first their files documents, then their chunks.
func (c *contents) Remove(ctx context.Context, sum string) error {
	if !models.IsSHA256(sum) {
		return contentNotFound()
	}
	cur, err := c.files.Find(ctx, bson.D{{Key: "filename", Value: sum}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("removing content %s: %w", sum, wrap(err))
	}
	var docs []fileDoc
	if err := cur.All(ctx, &docs); err != nil {
		return fmt.Errorf("removing content %s: %w", sum, wrap(err))
	}
	if len(docs) == 0 {
		return nil
	}
	ids := make(bson.A, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	if err := c.deleteFiles(ctx, ids); err != nil {
		return fmt.Errorf("removing content %s: %w", sum, err)
	}
	return nil
}

// deleteFiles deletes the GridFS files with the given IDs and their
// chunks, each step bounded by the client's operation timeout.
func (c *contents) deleteFiles(ctx context.Context, ids bson.A) error {
	in := bson.D{{Key: "$in", Value: ids}}
	if _, err := c.files.DeleteMany(ctx, bson.D{{Key: "_id", Value: in}}); err != nil {
		return wrap(err)
	}
	if _, err := c.chunks.DeleteMany(ctx, bson.D{{Key: "files_id", Value: in}}); err != nil {
		return wrap(err)
	}
	return nil
}

// contentNotFound is the error of content that is not kept.
func contentNotFound() error {
	return models.Errorf(models.ENOTFOUND, "document content not found")
}

// content reads a GridFS file chunk by chunk: it holds one chunk, and a
// cursor over the chunks from the one it will need next.
type content struct {
	chunks *driver.Collection
	ctx    context.Context // Open's, without its cancellation
	file   fileDoc
	pos    int64 // where the next Read starts

	cursor *driver.Cursor // nil when closed
	next   int64          // the chunk the cursor yields next
	buf    []byte         // chunk held, if held >= 0
	held   int64
	closed bool
}

// Size is the file's length in bytes.
func (r *content) Size() int64 { return r.file.Length }

// Read reads from the current position, at most to the end of its chunk.
func (r *content) Read(p []byte) (int, error) {
	switch {
	case r.closed:
		return 0, os.ErrClosed
	case r.pos >= r.file.Length:
		return 0, io.EOF
	case len(p) == 0:
		return 0, nil
	}
	k := r.pos / r.file.ChunkSize
	if k != r.held {
		if err := r.load(k); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf[r.pos-k*r.file.ChunkSize:])
	r.pos += int64(n)
	return n, nil
}

// Seek sets the position of the next Read; a position past the end reads
// nothing. No chunk is fetched until then.
func (r *content) Seek(offset int64, whence int) (int64, error) {
	if r.closed {
		return 0, os.ErrClosed
	}
	var pos int64
	switch whence {
	case io.SeekStart:
		pos = offset
	case io.SeekCurrent:
		pos = r.pos + offset
	case io.SeekEnd:
		pos = r.file.Length + offset
	default:
		return 0, fmt.Errorf("seeking content: invalid whence %d", whence)
	}
	if pos < 0 {
		return 0, fmt.Errorf("seeking content: negative position %d", pos)
	}
	r.pos = pos
	return pos, nil
}

// Close releases the cursor. Closing again does nothing.
func (r *content) Close() error {
	if r.closed {
		return nil
	}
	r.closed, r.buf = true, nil
	return r.closeCursor()
}

// load fetches chunk k into buf: from the cursor if it is there, or else
// from a new cursor starting at k. A cursor that fails is replaced once,
// as the server drops cursors left idle for ten minutes.
func (r *content) load(k int64) error {
	fresh := false
	if r.cursor == nil || r.next != k {
		if err := r.openCursor(k); err != nil {
			return err
		}
		fresh = true
	}
	err := r.fetch(k)
	if err != nil && !fresh && !errors.Is(err, errCorrupt) {
		if err := r.openCursor(k); err != nil {
			return err
		}
		err = r.fetch(k)
	}
	return err
}

// openCursor replaces the cursor by one over the chunks from k on. Its
// deadline grows with the bytes from there to the end, as a server without
// the chunks' index (FerretDB) reads and sorts them all before answering.
func (r *content) openCursor(k int64) error {
	_ = r.closeCursor()
	ctx, cancel := context.WithTimeout(r.ctx, transferTimeout(r.file.Length-k*r.file.ChunkSize))
	defer cancel()
	cur, err := r.chunks.Find(ctx,
		bson.D{{Key: "files_id", Value: r.file.ID}, {Key: "n", Value: bson.D{{Key: "$gte", Value: k}}}},
		options.Find().SetSort(bson.D{{Key: "n", Value: 1}}).SetBatchSize(readBatch).
			SetProjection(bson.D{{Key: "_id", Value: 0}, {Key: "n", Value: 1}, {Key: "data", Value: 1}}))
	if err != nil {
		return fmt.Errorf("reading content: %w", wrap(err))
	}
	r.cursor, r.next = cur, k
	return nil
}

// fetch reads chunk k, which must be the cursor's next, into buf.
func (r *content) fetch(k int64) error {
	ctx, cancel := context.WithTimeout(r.ctx, opTimeout)
	defer cancel()
	if !r.cursor.Next(ctx) {
		err := r.cursor.Err()
		_ = r.closeCursor()
		if err != nil {
			return fmt.Errorf("reading content: %w", wrap(err))
		}
		return fmt.Errorf("reading content: %w: chunk %d is missing", errCorrupt, k)
	}
	r.next++
	nv, err := r.cursor.Current.LookupErr("n")
	if err != nil {
		return fmt.Errorf("reading content: %w: chunk without n", errCorrupt)
	}
	n, ok := nv.AsInt64OK()
	if !ok || n != k {
		_ = r.closeCursor()
		return fmt.Errorf("reading content: %w: chunk %d is missing", errCorrupt, k)
	}
	dv, err := r.cursor.Current.LookupErr("data")
	if err != nil {
		return fmt.Errorf("reading content: %w: chunk %d without data", errCorrupt, k)
	}
	_, data, ok := dv.BinaryOK()
	if want := min(r.file.ChunkSize, r.file.Length-k*r.file.ChunkSize); !ok || int64(len(data)) != want {
		return fmt.Errorf("reading content: %w: chunk %d holds %d bytes, not %d", errCorrupt, k, len(data), want)
	}
	r.buf, r.held = append(r.buf[:0], data...), k
	if (k+1)*r.file.ChunkSize >= r.file.Length {
		_ = r.closeCursor() // the last chunk: release the server's cursor now
	}
	return nil
}

// closeCursor closes the cursor, if any.
func (r *content) closeCursor() error {
	if r.cursor == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(r.ctx, opTimeout)
	defer cancel()
	err := r.cursor.Close(ctx)
	r.cursor = nil
	if err != nil {
		return fmt.Errorf("closing content: %w", wrap(err))
	}
	return nil
}
