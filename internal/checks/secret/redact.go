package secret

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var pemArmour = regexp.MustCompile(`^-----BEGIN [A-Z0-9 ]{1,60}-----$`)

// redact shows a secret without giving it away: its first characters, at
// most 4 and at most a quarter of it, then "…" and its length, e.g.
// "AKIA… (20 chars)"; a secret of fewer than 4 characters shows none.
// Characters that are not printable are shown as "?". A PEM block shows its
// armour line instead ("-----BEGIN RSA PRIVATE KEY-----"), which names the
// kind of key and is not secret.
func redact(secret string) string {
	n := utf8.RuneCountInString(secret)
	show := min(4, n/4)
	var b strings.Builder
	if armour, _, ok := strings.Cut(secret, "\n"); ok && pemArmour.MatchString(armour) {
		b.WriteString(armour)
		show = 0
	}
	for _, r := range secret {
		if show == 0 {
			break
		}
		if !unicode.IsPrint(r) {
			r = '?'
		}
		b.WriteRune(r)
		show--
	}
	b.WriteString("… (")
	b.WriteString(strconv.Itoa(n))
	if n == 1 {
		b.WriteString(" char)")
	} else {
		b.WriteString(" chars)")
	}
	return b.String()
}
