package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"market/models"
)

// tamperEvent sets one field of a stored event in the embedded store of
// dataDir, as someone with access to the files could, while no server runs.
func tamperEvent(t *testing.T, dataDir, stream string, seq int, field string, value any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db := openStoreFile(ctx, t, dataDir)
	defer db.Close(ctx)
	if err := db.TamperEvent(ctx, stream, seq, field, value); err != nil {
		t.Fatal(err)
	}
}

func TestBinaryVerifyAudit(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	reg := register(t, srv.url, "audit@example.com", "audit-password-1")
	org := decode[struct {
		ID string `json:"id"`
	}](t, reg.Organization)
	resp, data := call(t, http.MethodPut, srv.url+"/api/v1/organizations/"+org.ID+"/profile", reg.Tokens.AccessToken, map[string]any{
		"summary": "Audited.", "capabilities": []string{"cloud"}, "caseStudies": []any{}, "districtsServed": []string{"xuhui"},
	})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("profile update: %d %s", resp.StatusCode, data)
	}
	srv.terminate(t)

	r := runBinary(t, dataDir, nil, nil, "verify-audit")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "audit trail intact: 2 events in 1 streams" {
		t.Fatalf("verify-audit on an intact trail: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}

	// Edit the registration's organisation name behind the trail's back.
	stream := models.StreamOrganization + org.ID
	tamperEvent(t, dataDir, stream, 1, "changes.0.after", "Someone Else Co")
	r = runBinary(t, dataDir, nil, nil, "verify-audit")
	want := "broken link: stream=" + stream + " seq=1: hash mismatch"
	if r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Fatalf("verify-audit on a tampered trail: exit %d, stdout %q, want exit 1 and %q; stderr:\n%s", r.code, r.stdout, want, r.stderr)
	}
	if !strings.Contains(r.stderr, "stream="+stream+" seq=1") {
		t.Errorf("stderr does not name the broken link:\n%s", r.stderr)
	}
	// Every stderr line is still a JSON log line or the final error.
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !json.Valid([]byte(line)) && !strings.HasPrefix(line, "market: ") {
			t.Errorf("unexpected stderr line %q", line)
		}
	}

	// Extra arguments are a usage error.
	if r = runBinary(t, dataDir, nil, nil, "verify-audit", "now"); r.code != 2 {
		t.Errorf("verify-audit with an argument: exit %d, want 2", r.code)
	}
}
