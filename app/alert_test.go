package app

import (
	"fmt"
	"testing"

	"market/app/store"
	"market/models"
)

// TestDeliveriesTakenInBatches: a change's deliveries are stored a batch
// at a time, every one once, emails before digest items before
// notifications.
func TestDeliveriesTakenInBatches(t *testing.T) {
	d := &deliveries{}
	for i := range 3 {
		d.Mail = append(d.Mail, &store.QueuedMail{ID: fmt.Sprint("m", i)})
	}
	for i := range 4 {
		d.Digest = append(d.Digest, &store.DigestItem{ID: fmt.Sprint("d", i)})
	}
	for i := range 5 {
		d.notify(&models.Notification{ID: fmt.Sprint("n", i), OrganizationID: "o"})
	}
	d.notify(&models.Notification{ID: "operator"}) // no inbox: email only
	var got [][]string
	for {
		b := d.next(5)
		var ids []string
		for _, m := range b.Mail {
			ids = append(ids, m.ID)
		}
		for _, it := range b.Digest {
			ids = append(ids, it.ID)
		}
		for _, n := range b.Notifications {
			if n.Changes == nil {
				t.Errorf("notification %s has nil changes", n.ID)
			}
			ids = append(ids, n.ID)
		}
		if len(ids) == 0 {
			break
		}
		got = append(got, ids)
	}
	if want := "[[m0 m1 m2 d0 d1] [d2 d3 n0 n1 n2] [n3 n4]]"; fmt.Sprint(got) != want {
		t.Fatalf("batches %v, want %s", got, want)
	}
}
