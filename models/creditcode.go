package models

import "strings"

// creditCodeChars is the GB 32100-2015 character set: digits and upper-case
// letters without I, O, Z, S and V; a character's value is its index.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// NormalizeCreditCode trims spaces and upper-cases a unified social credit code.
func NormalizeCreditCode(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}

// CreditCodeCheckChar computes the check character for the first 17
// characters of a unified social credit code. ok is false when one of them is
// not in the code's character set.
func CreditCodeCheckChar(first17 string) (check byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum, weight := 0, 1 // the weight of position i is 3^i mod 31
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weight
		weight = weight * 3 % 31
	}
	return creditCodeChars[(31-sum%31)%31], true
}

// ValidCreditCode reports whether code is an 18-character unified social
// credit code whose last character is the GB 32100-2015 check character.
func ValidCreditCode(code string) bool {
	if len(code) != 18 {
		return false
	}
	check, ok := CreditCodeCheckChar(code[:17])
	return ok && check == code[17]
}
