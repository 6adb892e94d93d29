package models_test

import (
	"testing"

	"market/models"
)

func TestValidCreditCode(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"91350100M000100Y43", true},  // the example code published with GB 32100-2015
		{"91110000802100433B", true},  // a registered enterprise
		{"11100000000013127D", true},  // a central government body
		{"91350100M000100Y44", false}, // wrong check character
		{"91350100M000100Y4", false},  // 17 characters
		{"91350100M000100Y430", false},
		{"91350100M000100I43", false}, // I is not in the character set
		{"91350100m000100y43", false}, // lower case is normalised before, not here
		{"", false},
	}
	for _, tt := range tests {
		if got := models.ValidCreditCode(tt.code); got != tt.want {
			t.Errorf("ValidCreditCode(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestCreditCodeCheckCharEveryValue(t *testing.T) {
	// Changing any one of the first 17 characters must change the check character.
	base := "91350100M000100Y4"
	want, ok := models.CreditCodeCheckChar(base)
	if !ok || want != '3' {
		t.Fatalf("check of %s = %c, %v; want 3", base, want, ok)
	}
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for i := 0; i < 17; i++ {
		for j := 0; j < len(chars); j++ {
			if chars[j] == base[i] {
				continue
			}
			b := []byte(base)
			b[i] = chars[j]
			if got, _ := models.CreditCodeCheckChar(string(b)); got == want {
				t.Fatalf("changing position %d to %c kept check character %c", i, chars[j], got)
			}
		}
	}
}

func TestNormalizeCreditCode(t *testing.T) {
	if got := models.NormalizeCreditCode(" 91350100m000100y43 "); !models.ValidCreditCode(got) {
		t.Fatalf("normalised %q is not valid", got)
	}
}
