// Package config reads the project's .palisade.yaml: exceptions, the
// registry allow-list, and defaults for scan flags.
package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"time"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// FileName is the config file looked up in the working directory.
const FileName = ".palisade.yaml"

// Config is the content of a config file.
type Config struct {
	// AllowedRegistries restricts image registries (for example
	// "registry.example.com" or "docker.io/library").
	AllowedRegistries []string `json:"allowedRegistries"`
	// Exceptions are findings the team accepts, each with a reason.
	Exceptions []Exception `json:"exceptions"`
	// FailOn is the default --fail-on threshold.
	FailOn string `json:"failOn"`
	// File is where the config was read from.
	File string `json:"-"`
}

// Exception accepts the findings of a check on the objects that match.
// Check, Kind, Namespace and Name are shell patterns ("*" or empty matches
// everything); Reason is required; Expires (YYYY-MM-DD) is optional.
type Exception struct {
	Check     string `json:"check"`
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Reason    string `json:"reason"`
	Expires   string `json:"expires"`
	// ExpiresAt is Expires parsed: the end of that day, UTC.
	ExpiresAt time.Time `json:"-"`
	// Line is where the exception stands in the config file.
	Line int `json:"-"`
}

// Load reads a config file. A missing file at the default name is no
// error (an empty Config); a missing file the user named is.
func Load(file string, named bool) (*Config, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) && !named {
		return &Config{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(file, data)
}

// Parse decodes and validates a config file's content.
func Parse(file string, data []byte) (*Config, error) {
	cfg := &Config{File: file}
	chunks := yamltree.Split(data)
	if len(chunks) == 0 {
		return cfg, nil
	}
	doc, err := yamltree.ParseDocument(chunks[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if doc.Root == nil {
		return cfg, nil
	}
	if err := doc.Root.Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if items := doc.Root.Get("exceptions"); items != nil {
		for i := range cfg.Exceptions {
			if i < len(items.Children) {
				cfg.Exceptions[i].Line = int(items.Children[i].Line)
			}
		}
	}
	return cfg, cfg.validate()
}

func (c *Config) validate() error {
	var errs []error
	for i := range c.Exceptions {
		e := &c.Exceptions[i]
		at := fmt.Sprintf("%s:%d: exception %d", c.File, e.Line, i+1)
		if e.Reason == "" {
			errs = append(errs, fmt.Errorf("%s: reason is required", at))
		}
		if e.Check == "" {
			errs = append(errs, fmt.Errorf("%s: check is required (a check ID or pattern)", at))
		}
		for _, p := range []string{e.Check, e.Kind, e.Namespace, e.Name} {
			if _, err := path.Match(p, ""); err != nil {
				errs = append(errs, fmt.Errorf("%s: bad pattern %q: %w", at, p, err))
			}
		}
		if e.Expires != "" {
			t, err := time.Parse(time.DateOnly, e.Expires)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: expires must be YYYY-MM-DD: %w", at, err))
			}
			e.ExpiresAt = t.Add(24*time.Hour - time.Nanosecond)
		}
	}
	switch c.FailOn {
	case "", "critical", "high", "medium", "low", "info", "none":
	default:
		errs = append(errs, fmt.Errorf("%s: failOn must be critical, high, medium, low, info or none", c.File))
	}
	return errors.Join(errs...)
}
