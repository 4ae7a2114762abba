package reporttest

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/report"
)

// Writer is a renderer's Write with options of type O.
type Writer[O any] func(w io.Writer, r *report.Report, opts O) error

// NoOptions makes a Writer of a renderer that takes no options.
func NoOptions(write func(io.Writer, *report.Report) error) Writer[struct{}] {
	return func(w io.Writer, r *report.Report, _ struct{}) error { return write(w, r) }
}

// Render returns what write makes of r, failing the test when write fails.
func Render(t testing.TB, write func(io.Writer, *report.Report) error, r *report.Report) string {
	t.Helper()
	return RenderWith(t, NoOptions(write), r, struct{}{})
}

// RenderWith is Render for a renderer that takes options.
func RenderWith[O any](t testing.TB, write Writer[O], r *report.Report, opts O) string {
	t.Helper()
	var b strings.Builder
	if err := write(&b, r, opts); err != nil {
		t.Fatalf("rendering the report: %v", err)
	}
	return b.String()
}

// Case is a report to render with options, named after its golden file.
type Case[O any] struct {
	Name    string // the golden file is testdata/<Name><ext>
	Report  *report.Report
	Options O
}

// Golden renders each case in a subtest of its name and compares the
// output with its golden file (see package golden for -update).
func Golden[O any](t *testing.T, ext string, write Writer[O], cases []Case[O]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", c.Name+ext), RenderWith(t, write, c.Report, c.Options))
		})
	}
}

// CheckWriterError fails t unless write, rendering Sample with no options,
// returns the error of a writer that fails.
func CheckWriterError[O any](t *testing.T, write Writer[O]) {
	t.Helper()
	var none O
	if err := write(failingWriter{}, Sample(), none); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// Benchmark times write over Large(10000), the load of the renderer
// benchmarks, into io.Discard.
func Benchmark[O any](b *testing.B, write Writer[O], opts O) {
	r := Large(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, r, opts); err != nil {
			b.Fatal(err)
		}
	}
}
