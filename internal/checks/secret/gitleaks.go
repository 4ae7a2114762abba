package secret

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// genericRule is gitleaks' catch-all rule (a credential-like key followed by
// a high-entropy value); its findings get Palisade's extra scrutiny.
const genericRule = "generic-api-key"

// gitleaks is the default gitleaks rule set, as two detectors sharing the
// compiled rules. The generic rule (a credential-like key followed by a
// high-entropy value) is the slowest of all and fires on common words
// ("key", "api", "auth"), so it is kept apart: single named values do
// without it, since Palisade's credential-name heuristic knows the name and
// judges the value better (placeholders, references, paths); in files it
// runs only on the lines that hold one of its keywords.
type gitleaks struct {
	specific, generic *scanner
}

// scanner is one detector with a keyword prefilter.
type scanner struct {
	detector *detect.Detector
	// keywords finds any rule keyword in lower-cased text; nil when some
	// content rule has no keyword, so every text must be scanned.
	keywords *keywordSet
}

// Loading compiles a few hundred regular expressions (about 30 ms): it is
// done once, on the first value worth scanning, so scans with nothing to
// scan never pay for it.
var (
	rulesOnce     sync.Once
	rules         *gitleaks
	rulesErr      error
	rulesLoadTime time.Duration
	rulesTried    atomic.Bool // set once rules and rulesErr are final
)

// loadRules returns the shared rule set, loading it on first use.
func loadRules() (*gitleaks, error) {
	rulesOnce.Do(func() {
		start := time.Now()
		rules, rulesErr = newGitleaks()
		rulesLoadTime = time.Since(start)
		rulesTried.Store(true)
	})
	return rules, rulesErr
}

// rulesError is the error of loading the rules, nil when they loaded or
// were never needed.
func rulesError() error {
	if !rulesTried.Load() {
		return nil
	}
	return rulesErr
}

// newGitleaks does what detect.NewDetectorDefaultConfig does, but with a
// private viper instance: that function reconfigures viper's global
// instance, which other code in the process may own.
func newGitleaks() (*gitleaks, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
		return nil, fmt.Errorf("loading gitleaks rules: reading default config: %w", err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, fmt.Errorf("loading gitleaks rules: decoding default config: %w", err)
	}
	cfg, err := vc.Translate()
	if err != nil {
		return nil, fmt.Errorf("loading gitleaks rules: compiling default config: %w", err)
	}
	generic := func(id string) bool { return id == genericRule }
	return &gitleaks{
		specific: newScanner(cfg, func(id string) bool { return !generic(id) }),
		generic:  newScanner(cfg, generic),
	}, nil
}

// newScanner builds a detector over the rules of cfg that keep selects,
// leaving out those restricted to file paths: values have no path, so such
// rules never match, but their keywords ("password") would still cost a scan.
func newScanner(cfg config.Config, keep func(id string) bool) *scanner {
	cfg.Rules = maps.Clone(cfg.Rules)
	cfg.Keywords = map[string]struct{}{}
	for id, r := range cfg.Rules {
		if !keep(id) || (r.Path != nil && !r.Path.MatchString("")) {
			delete(cfg.Rules, id)
			continue
		}
		for _, k := range r.Keywords {
			cfg.Keywords[k] = struct{}{}
		}
	}
	s := &scanner{detector: detect.NewDetector(cfg)}
	for _, r := range cfg.Rules {
		if r.Regex != nil && len(r.Keywords) == 0 {
			return s // a rule without keywords: no prefilter is exact
		}
	}
	s.keywords = newKeywordSet(slices.Collect(maps.Keys(cfg.Keywords)))
	return s
}

// find scans text and returns gitleaks' findings. Text that holds none of
// the rules' keywords cannot match any rule and is not scanned (gitleaks
// would test it against every rule only to skip them all).
func (s *scanner) find(text string) []report.Finding {
	if s.keywords != nil && !s.keywords.in(text) {
		return nil
	}
	return s.detector.DetectString(text)
}
