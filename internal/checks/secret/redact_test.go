package secret

import "testing"

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"AKIAPALISADEFAKE2345", "AKIA… (20 chars)"},
		{"ghp_PalisadeFakeToken0123456789abcdefghi", "ghp_… (40 chars)"},
		{"0123456789abcdef", "0123… (16 chars)"},
		{"Fake-Url-Pa55", "Fak… (13 chars)"},
		{"password", "pa… (8 chars)"},
		{"pass", "p… (4 chars)"},
		{"abc", "… (3 chars)"},
		{"x", "… (1 char)"},
		{"", "… (0 chars)"},
		{"\x00\x01\x02\x03fake-pkcs12-bytes", "????… (21 chars)"},
		{"pässwörtchen-geheim", "päss… (19 chars)"},
		{"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFakeFakeFake\n-----END EC PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----… (81 chars)"},
		{"-----BEGIN fake\nkey", "----… (19 chars)"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := redact(tc.in); got != tc.want {
				t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
