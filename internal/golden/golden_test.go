package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDifference(t *testing.T) {
	tests := []struct {
		name, want, got, diff string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "line 2:\nwant \"b\\n\"\n got \"B\\n\"\n(want 3 lines, got 3)"},
		{"got longer", "a\n", "a\nb\n", "line 2:\nwant (end of text)\n got \"b\\n\"\n(want 1 lines, got 2)"},
		{"got shorter", "a\nb\n", "a\n", "line 2:\nwant \"b\\n\"\n got (end of text)\n(want 2 lines, got 1)"},
		{"no final newline", "a\n", "a", "line 1:\nwant \"a\\n\"\n got \"a\"\n(want 1 lines, got 1)"},
		{"empty want", "", "x", "line 1:\nwant (end of text)\n got \"x\"\n(want 0 lines, got 1)"},
		{"crlf", "a\r\n", "a\n", "line 1:\nwant \"a\\r\\n\"\n got \"a\\n\"\n(want 1 lines, got 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := difference(tt.want, tt.got); got != tt.diff {
				t.Errorf("difference(%q, %q) =\n%s\nwant\n%s", tt.want, tt.got, got, tt.diff)
			}
		})
	}
}

// recorder is a testing.TB that keeps what Check reports instead of
// failing the test that runs it.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func TestCheck(t *testing.T) {
	tests := []struct {
		name, got string
		update    bool
		missing   bool   // no golden file yet
		wantErr   string // substring of the one error, or "" for none
		wantFile  string // the golden file afterwards
	}{
		{"same", "one\ntwo\n", false, false, "", "one\ntwo\n"},
		{"differs", "one\n2\n", false, false, "out.golden differs (run with -update", "one\ntwo\n"},
		{"update writes without comparing", "one\n2\n", true, false, "", "one\n2\n"},
		{"update creates", "x\n", true, true, "", "x\n"},
		{"missing file", "x", false, true, "run with -update to create it", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "out.golden")
			if !tt.missing {
				if err := os.WriteFile(file, []byte("one\ntwo\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			defer func(old bool) { *update = old }(*update)
			*update = tt.update
			r := &recorder{TB: t}
			Check(r, file, tt.got)
			if tt.wantErr == "" && len(r.errors) > 0 || tt.wantErr != "" && (len(r.errors) != 1 || !strings.Contains(r.errors[0], tt.wantErr)) {
				t.Errorf("errors %q, want one containing %q", r.errors, tt.wantErr)
			}
			if tt.wantFile == "" {
				return
			}
			data, err := os.ReadFile(file)
			if err != nil || string(data) != tt.wantFile {
				t.Errorf("golden file holds %q (%v), want %q", data, err, tt.wantFile)
			}
		})
	}
}
