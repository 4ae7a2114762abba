package controlplane

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/palisade-dev/palisade/internal/check"
)

// op is what a rule asks of its flag.
type op int

const (
	opBool          op = iota // the flag parses as a bool equal to arg
	opSet                     // the flag (and rule.also) is set to a non-empty value
	opNotSet                  // the flag is not set
	opEquals                  // the flag equals arg
	opAtLeast                 // the flag is an integer >= n
	opPositiveInt             // the flag is an integer > 0
	opPositiveTime            // the flag is a duration > 0
	opListHas                 // the comma list contains arg
	opListLacks               // the comma list does not contain arg
	opPluginOn                // admission plugin arg is enabled
	opPluginOff               // admission plugin arg is not enabled
	opGateNotFalse            // feature gate arg is not set to false
	opStrongCiphers           // only strong TLS cipher suites
)

// verdict is one outcome of a rule on one component.
type verdict struct {
	status  check.Status
	path    string
	message string
}

// judge evaluates one rule on one component: one verdict per problem, or
// one pass.
func judge(c *Component, r rule) []verdict {
	if c.Unreadable != "" {
		return []verdict{{check.NotChecked, c.ArgvPath, c.Unreadable}}
	}
	if r.file != "" {
		if f, ok := c.Flag(r.file); ok {
			return []verdict{{check.NotChecked, f.Path, fmt.Sprintf("--%s=%s: the settings in that file override the command line, and Palisade does not read it here", r.file, f.Value)}}
		}
	}
	switch r.op {
	case opPluginOn, opPluginOff:
		return judgePlugin(c, r)
	case opGateNotFalse:
		return judgeGate(c, r)
	case opStrongCiphers:
		return judgeCiphers(c, r)
	case opSet:
		return judgeSet(c, r)
	}
	return judgeScalar(c, r)
}

// judgeScalar judges the effective value of a scalar flag, or its default.
func judgeScalar(c *Component, r rule) []verdict {
	f, present := c.Flag(r.flag)
	if present && f.Unknown {
		return []verdict{{check.NotChecked, f.Path, fmt.Sprintf("--%s is set from a reference (valueFrom) that Palisade does not resolve", r.flag)}}
	}
	value, path, how, subject := f.Value, f.Path, f.describe(r.flag), f.describe(r.flag)
	if !present {
		value, path = r.def, c.ArgvPath
		how = fmt.Sprintf("--%s is absent: the default %s applies", r.flag, describeDefault(r.def))
		subject = fmt.Sprintf("--%s is absent: the default %s", r.flag, describeDefault(r.def))
	}
	if !present && r.explicit {
		return []verdict{{check.Fail, path, how + "; the benchmark asks for an explicit value: " + r.fails}}
	}
	if r.op == opNotSet {
		if present {
			return []verdict{{check.Fail, path, subject + " " + r.fails}}
		}
		return []verdict{{check.Pass, path, fmt.Sprintf("--%s is not set", r.flag)}}
	}
	if ok, why := test(r, value); !ok {
		return []verdict{{check.Fail, path, subject + " " + why}}
	}
	return []verdict{{check.Pass, path, how}}
}

func describeDefault(def string) string {
	if def == "" {
		return "(no value)"
	}
	return strconv.Quote(def)
}

// test judges a scalar value; why completes the failure message.
func test(r rule, value string) (ok bool, why string) {
	switch r.op {
	case opBool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return false, "is not a boolean"
		}
		return strconv.FormatBool(b) == r.arg, r.fails
	case opEquals:
		return value == r.arg, r.fails
	case opAtLeast, opPositiveInt:
		n, err := strconv.Atoi(value)
		if err != nil {
			return false, "is not an integer"
		}
		if r.op == opPositiveInt {
			return n > 0, r.fails
		}
		return n >= r.n, r.fails
	case opPositiveTime:
		d, err := time.ParseDuration(value)
		if err != nil {
			return false, "is not a duration"
		}
		return d > 0, r.fails
	case opListHas, opListLacks:
		has := slices.Contains(strings.Split(value, ","), r.arg)
		return has == (r.op == opListHas), r.fails
	}
	return false, "cannot be judged"
}

// judgeSet passes when the flag, and rule.also if any, are set.
func judgeSet(c *Component, r rule) []verdict {
	var out []verdict
	var paths []string
	for _, name := range []string{r.flag, r.also} {
		if name == "" {
			continue
		}
		f, ok := c.Flag(name)
		switch {
		case !ok:
			out = append(out, verdict{check.Fail, c.ArgvPath, fmt.Sprintf("--%s is absent: %s", name, r.fails)})
		case f.Unknown:
			out = append(out, verdict{check.NotChecked, f.Path, fmt.Sprintf("--%s is set from a reference (valueFrom) that Palisade does not resolve", name)})
		case strings.TrimSpace(f.Value) == "":
			out = append(out, verdict{check.Fail, f.Path, fmt.Sprintf("--%s is empty: %s", name, r.fails)})
		default:
			paths = append(paths, describeSet(name, f))
		}
	}
	if len(out) > 0 {
		return out
	}
	f, _ := c.Flag(r.flag)
	return []verdict{{check.Pass, f.Path, strings.Join(paths, ", ")}}
}

// judgeGate passes unless the feature gate is set to false; gates are
// merged over every --feature-gates occurrence, the last setting winning.
func judgeGate(c *Component, r rule) []verdict {
	var last *FlagValue
	val := ""
	for _, item := range c.Items("feature-gates") {
		if k, v, _ := strings.Cut(item.Value, "="); strings.TrimSpace(k) == r.arg {
			item := item
			last, val = &item, strings.TrimSpace(v)
		}
	}
	if last == nil {
		return []verdict{{check.Pass, c.ArgvPath, fmt.Sprintf("feature gate %s is not set: it is on by default", r.arg)}}
	}
	if b, err := strconv.ParseBool(val); err == nil && !b {
		return []verdict{{check.Fail, last.Path, fmt.Sprintf("--feature-gates sets %s=%s: %s", r.arg, val, r.fails)}}
	}
	return []verdict{{check.Pass, last.Path, fmt.Sprintf("--feature-gates sets %s=%s", r.arg, val)}}
}

func describeSet(name string, f FlagValue) string {
	if f.Env != "" {
		return f.Env + " is set (environment)"
	}
	return "--" + name + " is set"
}
