package auth_test

import (
	"strings"
	"testing"

	"market/app/auth"
)

func TestHashAndCheckPassword(t *testing.T) {
	p := auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}
	h1, err := auth.HashPassword("correct horse battery", p)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := auth.HashPassword("correct horse battery", p)
	if h1 == h2 || !strings.HasPrefix(h1, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hashes %q and %q: want distinct salts and PHC format", h1, h2)
	}
	if ok, err := auth.CheckPassword("correct horse battery", h1); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := auth.CheckPassword("correct horse batterY", h1); ok {
		t.Fatal("wrong password accepted")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=1024,t=1,p=1$!!$AA"} {
		if _, err := auth.CheckPassword("x", bad); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

// BenchmarkHashPassword measures one argon2id hash at the production cost.
func BenchmarkHashPassword(b *testing.B) {
	p := auth.DefaultArgon2()
	for b.Loop() {
		if _, err := auth.HashPassword("correct horse battery", p); err != nil {
			b.Fatal(err)
		}
	}
}
