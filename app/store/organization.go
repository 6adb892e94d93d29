package store

import (
	"context"

	"market/models"
)

// Organizations are created and changed by Commit; credit codes are unique.
type Organizations interface {
	// OrganizationByID returns an organisation, or not_found.
	OrganizationByID(ctx context.Context, id string) (*models.Organization, error)
	// OrganizationsByIDs returns those of the given organisations that exist, in no order.
	OrganizationsByIDs(ctx context.Context, ids []string) ([]*models.Organization, error)
	// OrganizationVersions returns the stored version of each of the named
	// organisations (of every one when ids is nil); missing ones are left out.
	OrganizationVersions(ctx context.Context, ids []string) (map[string]int, error)
	// ListOrganizations returns one page of the organisations f selects,
	// oldest first (ties by ID), and their total.
	ListOrganizations(ctx context.Context, f OrganizationFilter) ([]*models.Organization, int, error)
	// EachOrganization calls fn with every organisation, batch at a time,
	// in no particular order, stopping at fn's first error.
	EachOrganization(ctx context.Context, batch int, fn func([]*models.Organization) error) error
	// VerifiedProviders returns the verified enterprises (SMEs included), by ID.
	VerifiedProviders(ctx context.Context) ([]*models.Organization, error)
}

// OrganizationFilter selects organisations for a list; empty fields match all.
type OrganizationFilter struct {
	// Verification keeps organisations in this verification state.
	Verification string
	// Page counts from 1; PageSize is at least 1.
	Page, PageSize int
}
