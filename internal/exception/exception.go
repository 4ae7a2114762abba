// Package exception decides which failing findings a team has accepted:
// by annotation on the object, or by a rule in the config file. Excepted
// findings stay in the report, marked as such.
package exception

import (
	"path"
	"slices"
	"strings"
	"time"

	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Annotations that except an object from checks.
const (
	// IgnoreAnnotation lists check IDs ("*" for all), comma-separated.
	IgnoreAnnotation = "palisade.dev/ignore"
	// ReasonAnnotation gives the reason; an ignore without one is not applied.
	ReasonAnnotation = "palisade.dev/ignore-reason"
)

// Matcher applies annotation and config exceptions.
type Matcher struct {
	rules []config.Exception
	file  string
	now   time.Time
}

// New returns a matcher for the config's exceptions, judging expiry at now.
func New(cfg *config.Config, now time.Time) *Matcher {
	return &Matcher{rules: cfg.Exceptions, file: cfg.File, now: now}
}

// Except returns the exception that applies to a failing finding, or nil.
// A finding whose only exception has expired, or whose ignore annotation
// lacks a reason, stays failing and its message says why.
func (m *Matcher) Except(f *report.Finding, obj *inventory.Object) *report.Exception {
	if obj != nil {
		if ex := m.annotation(f, obj); ex != nil {
			return ex
		}
	}
	for _, r := range m.rules {
		if !matches(r, f) {
			continue
		}
		if !r.ExpiresAt.IsZero() && m.now.After(r.ExpiresAt) {
			f.Message += " (exception expired " + r.Expires + ")"
			continue
		}
		return &report.Exception{Reason: r.Reason, Source: m.file, Expires: r.Expires}
	}
	return nil
}

func (m *Matcher) annotation(f *report.Finding, obj *inventory.Object) *report.Exception {
	if obj.Meta == nil {
		return nil
	}
	ids, ok := obj.Meta.Annotations[IgnoreAnnotation]
	if !ok || !slices.ContainsFunc(strings.Split(ids, ","), func(id string) bool {
		id = strings.TrimSpace(id)
		return id == "*" || id == f.Check.ID
	}) {
		return nil
	}
	reason := strings.TrimSpace(obj.Meta.Annotations[ReasonAnnotation])
	if reason == "" {
		f.Message += " (" + IgnoreAnnotation + " is not applied without a " + ReasonAnnotation + " annotation)"
		return nil
	}
	return &report.Exception{Reason: reason, Source: "annotation"}
}

func matches(r config.Exception, f *report.Finding) bool {
	return match(r.Check, f.Check.ID) && match(r.Kind, f.Resource.Kind) &&
		match(r.Namespace, f.Resource.Namespace) && match(r.Name, f.Resource.Name)
}

func match(pattern, s string) bool {
	if pattern == "" || pattern == "*" {
		return true
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok // patterns are validated when the config is read
}
