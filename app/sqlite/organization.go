package sqlite

import (
	"context"
	"fmt"

	"market/app/store"
	"market/models"
)

// organizationsTable stores organisations; credit codes are unique.
func organizationsTable() table[models.Organization] {
	return table[models.Organization]{name: "organizations",
		columns: []string{"id", "credit_code", "kind", "verification", "created_at", "version"},
		values: func(o *models.Organization) []any {
			return []any{o.ID, o.CreditCode, o.Kind, o.Verification, ms(o.CreatedAt), o.Version}
		}}
}

// OrganizationByID returns an organisation, or not_found.
func (db *DB) OrganizationByID(ctx context.Context, id string) (*models.Organization, error) {
	return readByID[models.Organization](ctx, db, "organizations", "organisation", id)
}

// OrganizationsByIDs returns those of the given organisations that exist, in no order.
func (db *DB) OrganizationsByIDs(ctx context.Context, ids []string) ([]*models.Organization, error) {
	if len(ids) == 0 {
		return []*models.Organization{}, nil
	}
	out, err := readAll[models.Organization](ctx, db, "organisation",
		"SELECT doc FROM organizations WHERE id IN (SELECT value FROM json_each(?))", jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("reading %d organisations: %w", len(ids), err)
	}
	return out, nil
}

// OrganizationVersions returns the stored version of each of the named
// organisations (of every one when ids is nil); missing ones are left out.
func (db *DB) OrganizationVersions(ctx context.Context, ids []string) (map[string]int, error) {
	v, err := db.versions(ctx, "organizations", ids)
	if err != nil {
		return nil, fmt.Errorf("reading organisation versions: %w", err)
	}
	return v, nil
}

// ListOrganizations returns one page of the organisations f selects,
// oldest first (ties by ID), and their total.
func (db *DB) ListOrganizations(ctx context.Context, f store.OrganizationFilter) ([]*models.Organization, int, error) {
	page, limit := max(f.Page, 1), f.PageSize
	if limit < 1 {
		limit = -1 // no limit, as MongoDB reads a limit of 0
	}
	offset := 0
	if limit > 0 {
		offset = (page - 1) * limit
	}
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("listing organisations: %w", wrap(err))
	}
	defer func() { _ = tx.Rollback() }()
	countSQL, listSQL, args := "SELECT count(*) FROM organizations", "SELECT doc FROM organizations ORDER BY created_at, id LIMIT ? OFFSET ?", []any{}
	if f.Verification != "" {
		countSQL = "SELECT count(*) FROM organizations WHERE verification = ?"
		listSQL = "SELECT doc FROM organizations WHERE verification = ? ORDER BY created_at, id LIMIT ? OFFSET ?"
		args = append(args, f.Verification)
	}
	var total int
	if err := tx.QueryRowContext(ctx, countSQL, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("counting organisations: %w", wrap(err))
	}
	rows, err := tx.QueryContext(ctx, listSQL, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("listing organisations: %w", wrap(err))
	}
	orgs, err := scanDocs[models.Organization](rows, "organisation")
	if err != nil {
		return nil, 0, fmt.Errorf("listing organisations: %w", err)
	}
	return orgs, total, nil
}

// EachOrganization calls fn with every organisation, batch at a time,
// in no particular order, stopping at fn's first error.
func (db *DB) EachOrganization(ctx context.Context, batch int, fn func([]*models.Organization) error) error {
	return each(ctx, db, "organizations", "organisation", batch, fn)
}

// VerifiedProviders returns the verified enterprises (SMEs included), by ID.
func (db *DB) VerifiedProviders(ctx context.Context) ([]*models.Organization, error) {
	out, err := readAll[models.Organization](ctx, db, "organisation",
		"SELECT doc FROM organizations WHERE verification = ? AND kind = ? ORDER BY id",
		models.VerificationVerified, models.OrgEnterprise)
	if err != nil {
		return nil, fmt.Errorf("finding providers: %w", err)
	}
	return out, nil
}
