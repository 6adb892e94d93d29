package sqlite

import (
	"context"
	"fmt"
)

// schemaVersion is the version of the schema below, kept in PRAGMA
// user_version. A later schema adds a step to migration.
const schemaVersion = 2

// migration returns the statements that bring a database from user_version
// v to v+1.
func migration(v int) string {
	switch v {
	case 0:
		return schemaV1
	case 1:
		return schemaV2
	}
	panic(fmt.Sprintf("no migration from schema version %d", v))
}

// migrate creates or upgrades the schema in one write transaction; it is
// idempotent, and two processes opening a new file at once serialise on the
// write lock, the second finding the schema made.
func (db *DB) migrate(ctx context.Context) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("opening %s: %w", db.path, wrap(err))
	}
	defer func() { _ = tx.Rollback() }()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading the schema version of %s: %w", db.path, wrap(err))
	}
	if version > schemaVersion {
		return fmt.Errorf("%s has schema version %d, newer than this program's %d", db.path, version, schemaVersion)
	}
	for v := version; v < schemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migration(v)); err != nil {
			return fmt.Errorf("migrating %s to schema version %d: %w", db.path, v+1, wrap(err))
		}
	}
	if version < schemaVersion {
		// PRAGMA takes no parameters; the value is a constant.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
			return fmt.Errorf("setting the schema version of %s: %w", db.path, wrap(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing the schema of %s: %w", db.path, wrap(err))
	}
	return nil
}

// schemaV1 is the first schema. Each table is a MongoDB collection: id is
// _id, doc the BSON document, the other columns are copies of its fields
// (times in Unix milliseconds) for the indexes.
const schemaV1 = `
CREATE TABLE users (
	id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, organization_id TEXT, doc BLOB NOT NULL);
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE organizations (
	id TEXT PRIMARY KEY, credit_code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, verification TEXT NOT NULL,
	created_at INTEGER NOT NULL, version INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX organizations_verification ON organizations (verification, created_at, id);
CREATE INDEX organizations_created ON organizations (created_at, id);
CREATE INDEX organizations_version ON organizations (id, version);

CREATE TABLE refresh_tokens (
	id TEXT PRIMARY KEY, parent TEXT NOT NULL UNIQUE, family TEXT NOT NULL, doc BLOB NOT NULL);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);

CREATE TABLE refresh_families (
	id TEXT PRIMARY KEY, user_id TEXT NOT NULL, revoked INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX refresh_families_user ON refresh_families (user_id);

CREATE TABLE events (
	id TEXT PRIMARY KEY, stream TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,
	at INTEGER NOT NULL, public INTEGER NOT NULL, doc BLOB NOT NULL,
	UNIQUE (stream, seq));
CREATE INDEX events_public ON events (at, id, type) WHERE public = 1;

CREATE TABLE opportunities (
	id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, status TEXT NOT NULL,
	buyer_id TEXT NOT NULL, domain TEXT NOT NULL, district TEXT NOT NULL, sme_only INTEGER NOT NULL,
	budget_min INTEGER NOT NULL, budget_max INTEGER NOT NULL, bid_deadline INTEGER NOT NULL,
	published_at INTEGER, updated_at INTEGER NOT NULL, version INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX opportunities_status ON opportunities (status, updated_at DESC, id);
CREATE INDEX opportunities_buyer ON opportunities (buyer_id, updated_at DESC, id);
CREATE INDEX opportunities_published ON opportunities (published_at DESC, id, status, kind);
CREATE INDEX opportunities_deadline ON opportunities (status, bid_deadline);
CREATE INDEX opportunities_version ON opportunities (id, version);

-- Listings per (status, kind, published), kept by triggers: the total of a
-- list filtered by those alone is a sum of a few rows.
CREATE TABLE opportunity_counts (
	status TEXT NOT NULL, kind TEXT NOT NULL, published INTEGER NOT NULL, n INTEGER NOT NULL,
	PRIMARY KEY (status, kind, published)) WITHOUT ROWID;
CREATE TRIGGER opportunities_counted AFTER INSERT ON opportunities BEGIN
	INSERT INTO opportunity_counts (status, kind, published, n)
	VALUES (NEW.status, NEW.kind, NEW.published_at IS NOT NULL, 1)
	ON CONFLICT (status, kind, published) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER opportunities_uncounted AFTER DELETE ON opportunities BEGIN
	UPDATE opportunity_counts SET n = n - 1
	WHERE status = OLD.status AND kind = OLD.kind AND published = (OLD.published_at IS NOT NULL);
END;
CREATE TRIGGER opportunities_recounted AFTER UPDATE OF status, kind, published_at ON opportunities
WHEN OLD.status IS NOT NEW.status OR OLD.kind IS NOT NEW.kind
	OR (OLD.published_at IS NULL) IS NOT (NEW.published_at IS NULL)
BEGIN
	UPDATE opportunity_counts SET n = n - 1
	WHERE status = OLD.status AND kind = OLD.kind AND published = (OLD.published_at IS NOT NULL);
	INSERT INTO opportunity_counts (status, kind, published, n)
	VALUES (NEW.status, NEW.kind, NEW.published_at IS NOT NULL, 1)
	ON CONFLICT (status, kind, published) DO UPDATE SET n = n + 1;
END;

CREATE TABLE codes (id TEXT PRIMARY KEY, year INTEGER NOT NULL, n INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX codes_year ON codes (year, n);

CREATE TABLE leases (
	id TEXT PRIMARY KEY, name TEXT NOT NULL, slot INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX leases_slot ON leases (name, slot);

CREATE TABLE questions (
	id TEXT PRIMARY KEY, opportunity_id TEXT NOT NULL, asked_at INTEGER NOT NULL,
	version INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX questions_opportunity ON questions (opportunity_id, asked_at, id);

CREATE TABLE bids (
	id TEXT PRIMARY KEY, opportunity_id TEXT NOT NULL, bidder_id TEXT NOT NULL,
	submitted_at INTEGER NOT NULL, version INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX bids_opportunity ON bids (opportunity_id, submitted_at, id);
CREATE INDEX bids_bidder ON bids (bidder_id, submitted_at, id);

CREATE TABLE bid_slots (
	id TEXT PRIMARY KEY, opportunity_id TEXT NOT NULL, bid_id TEXT NOT NULL, doc BLOB NOT NULL);
CREATE INDEX bid_slots_opportunity ON bid_slots (opportunity_id);

CREATE TABLE idempotency (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX idempotency_created ON idempotency (created_at);

CREATE TABLE notifications (
	id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, created_at INTEGER NOT NULL,
	read INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX notifications_organization ON notifications (organization_id, created_at DESC, id);

-- Notifications per organisation, kept by triggers.
CREATE TABLE notification_counts (
	organization_id TEXT PRIMARY KEY, total INTEGER NOT NULL, unread INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER notifications_counted AFTER INSERT ON notifications BEGIN
	INSERT INTO notification_counts (organization_id, total, unread) VALUES (NEW.organization_id, 1, NEW.read = 0)
	ON CONFLICT (organization_id) DO UPDATE SET total = total + 1, unread = unread + (NEW.read = 0);
END;
CREATE TRIGGER notifications_uncounted AFTER DELETE ON notifications BEGIN
	UPDATE notification_counts SET total = total - 1, unread = unread - (OLD.read = 0)
	WHERE organization_id = OLD.organization_id;
END;
CREATE TRIGGER notifications_recounted AFTER UPDATE OF organization_id, read ON notifications
WHEN OLD.organization_id IS NOT NEW.organization_id OR OLD.read IS NOT NEW.read
BEGIN
	UPDATE notification_counts SET total = total - 1, unread = unread - (OLD.read = 0)
	WHERE organization_id = OLD.organization_id;
	INSERT INTO notification_counts (organization_id, total, unread) VALUES (NEW.organization_id, 1, NEW.read = 0)
	ON CONFLICT (organization_id) DO UPDATE SET total = total + 1, unread = unread + (NEW.read = 0);
END;

CREATE TABLE index_queue (
	id TEXT PRIMARY KEY, key TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX index_queue_at ON index_queue (at, id);

CREATE TABLE saved_searches (
	id TEXT PRIMARY KEY, user_id TEXT NOT NULL, slot INTEGER NOT NULL, created_at INTEGER NOT NULL,
	doc BLOB NOT NULL, UNIQUE (user_id, slot));
CREATE INDEX saved_searches_user ON saved_searches (user_id, created_at, id);
CREATE INDEX saved_searches_created ON saved_searches (created_at, id);

CREATE TABLE follows (
	id TEXT PRIMARY KEY, user_id TEXT NOT NULL, opportunity_id TEXT NOT NULL, created_at INTEGER NOT NULL,
	doc BLOB NOT NULL);
CREATE INDEX follows_user ON follows (user_id, created_at DESC, id);
CREATE INDEX follows_opportunity ON follows (opportunity_id, created_at DESC, id);

CREATE TABLE alert_queue (
	id TEXT PRIMARY KEY, opportunity_id TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL,
	doc BLOB NOT NULL);
CREATE INDEX alert_queue_at ON alert_queue (at, id);

CREATE TABLE alert_digest (id TEXT PRIMARY KEY, at INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX alert_digest_at ON alert_digest (at, id);

CREATE TABLE mail_queue (
	id TEXT PRIMARY KEY, at INTEGER NOT NULL, next_at INTEGER NOT NULL, sent_at INTEGER,
	gave_up INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX mail_queue_due ON mail_queue (next_at) WHERE sent_at IS NULL AND gave_up = 0;
CREATE INDEX mail_queue_sent ON mail_queue (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX mail_queue_given_up ON mail_queue (next_at) WHERE gave_up = 1;

CREATE TABLE mail_claims (id TEXT PRIMARY KEY, at INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE INDEX mail_claims_at ON mail_claims (at);
`

// schemaV2 orders the due emails as the mail worker reads them (oldest
// first, a batch at a time), so that reading a batch does not sort every
// email due: the index is walked in that order, its next_at checked, until
// the batch is full.
const schemaV2 = `
DROP INDEX mail_queue_due;
CREATE INDEX mail_queue_due ON mail_queue (at, id, next_at) WHERE sent_at IS NULL AND gave_up = 0;
`
