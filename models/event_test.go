package models_test

import (
	"testing"
	"time"

	"market/models"
)

// sampleEvent is a sealed-looking event with every field set.
func sampleEvent() models.Event {
	return models.Event{
		ID: "id1", Stream: models.StreamOrganization + "abc", Seq: 3, Type: "organization.profile_updated",
		At:      time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC),
		Actor:   models.EventActor{UserID: "u1", OrganizationID: "o1", OrganizationName: "Org", Role: models.RoleMember},
		Summary: "profile updated: summary",
		Changes: []models.Change{{Field: "summary", Before: "old", After: "new"}, {Field: "capabilities", Before: "", After: "iot"}},
		Public:  false, Snapshot: []byte(`{"ID":"abc"}`), PrevHash: "prev",
	}
}

// Changing any one hashed field changes the hash; ID and Hash are not hashed.
func TestEventHashCoversEveryField(t *testing.T) {
	base := sampleEvent()
	want := base.ComputeHash()
	if len(want) != 64 {
		t.Fatalf("hash %q is not hex SHA-256", want)
	}
	if again := sampleEvent(); again.ComputeHash() != want {
		t.Fatal("the hash is not deterministic")
	}
	edits := map[string]func(e *models.Event){
		"Stream":                 func(e *models.Event) { e.Stream += "x" },
		"Seq":                    func(e *models.Event) { e.Seq++ },
		"Type":                   func(e *models.Event) { e.Type = "organization.verified" },
		"At":                     func(e *models.Event) { e.At = e.At.Add(time.Millisecond) },
		"Actor.UserID":           func(e *models.Event) { e.Actor.UserID = "u2" },
		"Actor.OrganizationID":   func(e *models.Event) { e.Actor.OrganizationID = "o2" },
		"Actor.OrganizationName": func(e *models.Event) { e.Actor.OrganizationName = "Other" },
		"Actor.Role":             func(e *models.Event) { e.Actor.Role = models.RoleOperator },
		"Summary":                func(e *models.Event) { e.Summary += "!" },
		"Changes[0].Field":       func(e *models.Event) { e.Changes[0].Field = "name" },
		"Changes[0].Before":      func(e *models.Event) { e.Changes[0].Before = "older" },
		"Changes[1].After":       func(e *models.Event) { e.Changes[1].After = "iot, ai" },
		"Changes dropped":        func(e *models.Event) { e.Changes = e.Changes[:1] },
		"Changes added":          func(e *models.Event) { e.Changes = append(e.Changes, models.Change{Field: "x"}) },
		"Changes reordered":      func(e *models.Event) { e.Changes[0], e.Changes[1] = e.Changes[1], e.Changes[0] },
		"Public":                 func(e *models.Event) { e.Public = true },
		"Snapshot":               func(e *models.Event) { e.Snapshot = []byte(`{"ID":"abd"}`) },
		"Snapshot removed":       func(e *models.Event) { e.Snapshot = nil },
		"PrevHash":               func(e *models.Event) { e.PrevHash = "other" },
	}
	for name, edit := range edits {
		e := sampleEvent()
		edit(&e)
		if e.ComputeHash() == want {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
	for name, edit := range map[string]func(e *models.Event){
		"ID":   func(e *models.Event) { e.ID = "id2" },
		"Hash": func(e *models.Event) { e.Hash = "anything" },
		// The database keeps UTC milliseconds: what it cannot store is not hashed.
		"At's zone":         func(e *models.Event) { e.At = e.At.In(time.FixedZone("CST", 8*3600)) },
		"At's microseconds": func(e *models.Event) { e.At = e.At.Add(999 * time.Microsecond) },
		// nil and empty changes are stored and hashed alike.
	} {
		e := sampleEvent()
		edit(&e)
		if e.ComputeHash() != want {
			t.Errorf("changing %s changes the hash", name)
		}
	}
	nilChanges, noChanges := sampleEvent(), sampleEvent()
	nilChanges.Changes, noChanges.Changes = nil, []models.Change{}
	if nilChanges.ComputeHash() != noChanges.ComputeHash() {
		t.Error("nil and empty Changes hash differently")
	}
}

func TestEventSealTruncatesToMilliseconds(t *testing.T) {
	e := sampleEvent()
	shanghai := time.FixedZone("CST", 8*3600)
	e.At = time.Date(2026, 3, 4, 13, 6, 7, 891_456_789, shanghai)
	e.Seal("prev-hash")
	want := time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC)
	if !e.At.Equal(want) || e.At.Location() != time.UTC || e.At.Nanosecond() != 891_000_000 {
		t.Errorf("sealed At = %v, want %v in UTC", e.At, want)
	}
	if e.PrevHash != "prev-hash" {
		t.Errorf("PrevHash = %q, want prev-hash", e.PrevHash)
	}
	if e.Hash != e.ComputeHash() {
		t.Errorf("Hash %q is not ComputeHash %q", e.Hash, e.ComputeHash())
	}
	// What comes back from the database (UTC, milliseconds) hashes the same.
	stored := e
	stored.At = time.UnixMilli(e.At.UnixMilli()).UTC()
	if stored.ComputeHash() != e.Hash {
		t.Error("the event read back at millisecond precision has another hash")
	}
}
