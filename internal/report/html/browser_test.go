package html

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// chromium is the browser the test drives, or the reason there is none.
var chromium struct {
	path string
	err  error
}

// TestMain installs Debian's chromium when it is missing
// (hack/chromium/install.sh), so the browser test runs on a clean machine
// instead of skipping.
func TestMain(m *testing.M) {
	chromium.path, chromium.err = ensureChromium()
	os.Exit(m.Run())
}

func ensureChromium() (string, error) {
	if path, err := exec.LookPath("chromium"); err == nil {
		return path, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	script := filepath.Join(root, "hack", "chromium", "install.sh")
	out, err := exec.Command("bash", script).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("installing chromium with %s: %w\n%s", script, err, out)
	}
	return exec.LookPath("chromium")
}

// repoRoot is the directory of go.mod above the test's directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("finding the repository root: no go.mod above the test directory")
		}
		dir = parent
	}
}

// browserPage loads the report file in headless chromium and records every
// request the page makes and every script exception it throws.
type browserPage struct {
	ctx        context.Context
	mu         sync.Mutex
	requests   []string
	exceptions []string
}

func openInBrowser(t *testing.T, file string) *browserPage {
	t.Helper()
	if chromium.err != nil {
		t.Fatalf("no chromium to run the browser test: %v", chromium.err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium.path), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	p := &browserPage{ctx: ctx}
	if err := chromedp.Listen(ctx, p.record); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	p.do(t, chromedp.Navigate("file://"+file))
	return p
}

func (p *browserPage) record(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		p.exceptions = append(p.exceptions, msg)
	}
}

// do runs actions with a deadline, so a stuck browser fails the test.
func (p *browserPage) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("in the browser: %v", err)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](t *testing.T, p *browserPage, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

const (
	visibleRows = `Array.from(document.querySelectorAll("tbody.finding")).filter(b => b.getClientRects().length > 0)`
	rowCount    = visibleRows + `.length`
	shownCount  = `document.getElementById("shown-count").textContent`
)

// TestInBrowser opens the HTML report in headless chromium and uses it as a
// person would: reads the summary and charts, types into the filter, picks
// filters, sorts by clicking the headers, opens a finding; then saves a
// screenshot.
func TestInBrowser(t *testing.T) {
	r := reporttest.Full()
	file := filepath.Join(t.ArtifactDir(), "report.html")
	if err := os.WriteFile(file, []byte(reporttest.Render(t, Write, r)), 0o644); err != nil {
		t.Fatal(err)
	}
	p := openInBrowser(t, file)

	t.Run("rendered", func(t *testing.T) { checkRendered(t, p, len(r.Findings)) })
	t.Run("filter", func(t *testing.T) { checkFilter(t, p, len(r.Findings)) })
	t.Run("sort", func(t *testing.T) { checkSort(t, p) })
	t.Run("details", func(t *testing.T) { checkDetails(t, p) })
	saveScreenshot(t, p, file)

	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.requests {
		if !strings.HasPrefix(u, "file://") {
			t.Errorf("the page requested %s; it must work offline", u)
		}
	}
	if len(p.exceptions) > 0 {
		t.Errorf("the page's script threw: %v", p.exceptions)
	}
}

func checkRendered(t *testing.T, p *browserPage, findings int) {
	if got := eval[int](t, p, rowCount); got != findings {
		t.Errorf("%d visible findings, want %d", got, findings)
	}
	checks := map[string]string{
		`document.querySelector("#card-failing .n").textContent`:                     "6",
		`document.querySelector(".sev-card.sev-high .n").textContent`:                "2",
		`document.querySelector("#fw-CIS-1\\.12 .fw-score").textContent`:             "62.5%",
		`document.querySelector("#fw-NSA .fw-score").textContent`:                    "not scored",
		`String(document.querySelectorAll("#chart-severity rect").length)`:           "5",
		`String(document.querySelectorAll("#chart-namespaces rect").length)`:         "3",
		`String(document.querySelectorAll("script").length)`:                         "1",
		`document.querySelector("#top-risks li .risk-score").textContent`:            "risk 92",
		`String(document.querySelector("#chart-severity rect").getBBox().width > 0)`: "true",
	}
	for expr, want := range checks {
		if got := eval[string](t, p, expr); got != want {
			t.Errorf("%s = %q, want %q", expr, got, want)
		}
	}
	// The message with a script tag shows as text and ran nothing.
	msg := eval[string](t, p, `Array.from(document.querySelectorAll("td.message")).map(td => td.textContent).join("\n")`)
	if !strings.Contains(msg, `<script>alert("x")</script>`) {
		t.Errorf("the escaped message is not shown as text:\n%s", msg)
	}
}

func checkFilter(t *testing.T, p *browserPage, findings int) {
	expect := func(what string, want int) {
		t.Helper()
		if got := eval[int](t, p, rowCount); got != want {
			t.Errorf("%s: %d rows visible, want %d", what, got, want)
		}
		if got := eval[string](t, p, shownCount); got != fmt.Sprint(want) {
			t.Errorf("%s: counter says %s, want %d", what, got, want)
		}
	}
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-text"), "privileged"))
	expect(`typing "privileged"`, 2)
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-text"), strings.Repeat(kb.Backspace, len("privileged"))))
	expect("clearing the search", findings)
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-text"), "NO SUCH THING"))
	expect("a search that matches nothing", 0)
	if hidden := eval[bool](t, p, `document.getElementById("no-match").hidden`); hidden {
		t.Error("no 'nothing matches' note when the filter hides every row")
	}
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-text"), strings.Repeat(kb.Backspace, len("NO SUCH THING"))))

	// Menus are chosen from the keyboard, as a person would.
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-severity"), "high"))
	expect("severity high", 3) // two failing, one passing
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-status"), "fail"))
	expect("severity high, status fail", 2)
	p.do(t, chromedp.SendKeys(chromedp.CSS("#filter-severity"), "all"),
		chromedp.SendKeys(chromedp.CSS("#filter-status"), "all"))
	expect("menus back to all", findings)

	p.do(t, chromedp.Click(chromedp.CSS("#filter-new")))
	expect("new only", 2)
	p.do(t, chromedp.Click(chromedp.CSS("#filter-new")))
	expect("new only off", findings)
}

func checkSort(t *testing.T, p *browserPage) {
	column := func(attr string) []string {
		return eval[[]string](t, p, `Array.from(document.querySelectorAll("tbody.finding")).map(b => b.dataset.`+attr+`)`)
	}
	click := func(key string) {
		p.do(t, chromedp.Click(chromedp.CSS(`th[data-sort="`+key+`"] button`)))
	}
	click("check")
	if got := column("check"); !slices.IsSorted(got) {
		t.Errorf("after one click on Check, rows are not in check order: %v", got)
	}
	click("check")
	if got := column("check"); !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("after a second click on Check, rows are not in reverse check order: %v", got)
	}
	if got := eval[string](t, p, `document.querySelector('th[data-sort="check"]').getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("aria-sort = %q, want descending", got)
	}
	for _, key := range []string{"severity", "risk"} {
		click(key)
		attr := map[string]string{"severity": "sevrank", "risk": "risk"}[key]
		got := column(attr)
		if !slices.IsSortedFunc(got, func(a, b string) int { return compareNumbers(b, a) }) {
			t.Errorf("after one click on %s, rows are not highest first: %v", key, got)
		}
	}
}

func compareNumbers(a, b string) int {
	var x, y int
	fmt.Sscan(a, &x)
	fmt.Sscan(b, &y)
	return x - y
}

func checkDetails(t *testing.T, p *browserPage) {
	detail := `document.getElementById("f1-detail")`
	if eval[bool](t, p, detail+`.getClientRects().length > 0`) {
		t.Fatal("a finding's details are open before anyone asked")
	}
	p.do(t, chromedp.Click(chromedp.CSS("#f1 button.toggle")))
	text := eval[string](t, p, detail+`.innerText`)
	for _, want := range []string{"spec.template.spec.containers[0].securityContext.privileged",
		"deploy/api.yaml:31:13", "Set securityContext.privileged to false.", "privileged: false", "can change behaviour"} {
		if !strings.Contains(text, want) {
			t.Errorf("the open finding does not show %q:\n%s", want, text)
		}
	}
	// A top-risk link opens the finding it names.
	p.do(t, chromedp.Click(chromedp.CSS(`#top-risks a[href="#f5"]`)))
	if !eval[bool](t, p, `document.getElementById("f5-detail").getClientRects().length > 0`) {
		t.Error("following a top-risk link did not open the finding")
	}
}

// saveScreenshot writes a full-page PNG beside the report in the test's
// artifact directory (kept with go test -artifacts) and copies both to
// .artifacts/html-report in the repository (git-ignored).
func saveScreenshot(t *testing.T, p *browserPage, file string) {
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("taking a screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("the screenshot is not a PNG")
	}
	shot := filepath.Join(filepath.Dir(file), "report.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, ".artifacts", "html-report")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{shot, file} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("copies: %s", dir)
}
