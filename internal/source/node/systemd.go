package node

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// unitDirs are systemd's unit directories, highest priority first.
var unitDirs = []string{"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"}

// unit is a service's unit file and drop-ins, and the command line they
// give, each argument with the file and line that wrote it.
type unit struct {
	// files are the unit file and its drop-ins, in the order systemd
	// applies them.
	files []string
	argv  []string
	// origins are "file:line" per argument of argv.
	origins []string
	// errs are the unit's files that could not be read, each naming its file.
	errs []inventory.LoadError
}

// readUnit finds a service's unit file (the first of unitDirs that has
// it) and its drop-ins (NAME.service.d/*.conf in every directory, a
// same-named file in a higher-priority directory replacing a lower one,
// applied in file-name order), and evaluates ExecStart as systemd would.
// It returns nil when the node has no such unit.
func readUnit(fsys FS, name string) *unit {
	u := &unit{}
	for _, dir := range unitDirs {
		p := dir + "/" + name
		if info, err := fsys.Stat(p); err == nil && !info.IsDir() {
			u.files = append(u.files, p)
			break
		}
	}
	dropIns := map[string]string{}
	for i := len(unitDirs) - 1; i >= 0; i-- {
		dir := unitDirs[i] + "/" + name + ".d"
		entries, err := fsys.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".conf") {
				dropIns[e.Name()] = dir + "/" + e.Name()
			}
		}
	}
	if len(u.files) == 0 && len(dropIns) == 0 {
		return nil
	}
	names := make([]string, 0, len(dropIns))
	for n := range dropIns {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		u.files = append(u.files, dropIns[n])
	}
	u.evaluate(fsys)
	return u
}

// word is one word of a unit's directive, with where it was written.
type word struct{ text, origin string }

// evaluate reads the [Service] section's ExecStart, Environment and
// EnvironmentFile directives of every file and expands the command line.
func (u *unit) evaluate(fsys FS) {
	env := map[string][]word{}
	var exec []word
	for _, f := range u.files {
		data, err := readFile(fsys, f)
		if err != nil {
			u.errs = append(u.errs, inventory.LoadError{File: f, Message: "reading the kubelet's systemd unit: " + reason(err)})
			continue
		}
		section := ""
		for _, l := range logicalLines(string(data)) {
			text, origin := l.text, f+":"+strconv.Itoa(l.n)
			if strings.HasPrefix(text, "[") {
				section = strings.Trim(text, "[] ")
				continue
			}
			key, value, ok := strings.Cut(text, "=")
			if !ok || section != "Service" {
				continue
			}
			switch strings.TrimSpace(key) {
			case "ExecStart":
				exec = nil
				if v := strings.TrimSpace(value); v != "" {
					exec = wordsOf(strings.TrimLeft(v, "-@:+!"), origin)
				}
			case "Environment":
				for _, w := range wordsOf(value, origin) {
					if k, v, ok := strings.Cut(w.text, "="); ok {
						env[k] = []word{{v, origin}}
					}
				}
			case "EnvironmentFile":
				u.envFile(fsys, strings.TrimSpace(value), env)
			}
		}
	}
	u.expand(exec, env)
}

// envFile reads KEY=value lines; a leading "-" makes a missing file fine.
func (u *unit) envFile(fsys FS, name string, env map[string][]word) {
	optional := strings.HasPrefix(name, "-")
	name = strings.TrimPrefix(name, "-")
	data, err := readFile(fsys, name)
	if err != nil {
		if !optional {
			u.errs = append(u.errs, inventory.LoadError{File: name, Message: "reading an EnvironmentFile of the kubelet's systemd unit: " + reason(err)})
		}
		return
	}
	for _, l := range logicalLines(string(data)) {
		k, v, ok := strings.Cut(l.text, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else {
			v = strings.Trim(v, `'`)
		}
		env[strings.TrimSpace(strings.TrimPrefix(k, "export "))] = []word{{v, name + ":" + strconv.Itoa(l.n)}}
	}
}

// expand substitutes $VAR (split into words) and ${VAR} (one word) in the
// command line, as systemd does for ExecStart.
func (u *unit) expand(exec []word, env map[string][]word) {
	for _, w := range exec {
		name, braced := varName(w.text)
		if name == "" {
			u.add(w.text, w.origin)
			continue
		}
		vals := env[name]
		if len(vals) == 0 {
			continue // an unset variable expands to nothing
		}
		if braced {
			u.add(vals[0].text, vals[0].origin)
			continue
		}
		for _, f := range strings.Fields(vals[0].text) {
			u.add(f, vals[0].origin)
		}
	}
}

func (u *unit) add(text, origin string) {
	u.argv = append(u.argv, text)
	u.origins = append(u.origins, origin)
}

// varName returns the variable a whole word refers to: $NAME or ${NAME}.
func varName(w string) (name string, braced bool) {
	if strings.HasPrefix(w, "${") && strings.HasSuffix(w, "}") {
		return w[2 : len(w)-1], true
	}
	if strings.HasPrefix(w, "$") && len(w) > 1 && !strings.ContainsAny(w[1:], "${}/ ") {
		return w[1:], false
	}
	return "", false
}

// line is one logical line (continuations joined) and its first line number.
type line struct {
	text string
	n    int
}

func logicalLines(data string) []line {
	var out []line
	var cur strings.Builder
	start := 0
	for i, l := range strings.Split(data, "\n") {
		l = strings.TrimRight(l, "\r")
		if cur.Len() == 0 {
			start = i + 1
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
				continue
			}
		}
		if strings.HasSuffix(l, `\`) {
			cur.WriteString(strings.TrimSuffix(l, `\`) + " ")
			continue
		}
		cur.WriteString(l)
		out = append(out, line{strings.TrimSpace(cur.String()), start})
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, line{strings.TrimSpace(cur.String()), start})
	}
	return out
}

// wordsOf splits a directive's value into words, honouring double and
// single quotes.
func wordsOf(s, origin string) []word {
	var out []word
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				out = append(out, word{cur.String(), origin})
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, word{cur.String(), origin})
	}
	return out
}

// attribute gives a running process's arguments the origins of the unit's
// arguments: position by position when the unit's command line is the
// process's, otherwise by equal text.
func (u *unit) attribute(argv []string) []string {
	out := make([]string, len(argv))
	if u == nil {
		return out
	}
	if len(u.argv) == len(argv) {
		same := true
		for i := range argv {
			if i > 0 && argv[i] != u.argv[i] {
				same = false
			}
		}
		if same {
			copy(out, u.origins)
			return out
		}
	}
	for i, a := range argv {
		for j, b := range u.argv {
			if i > 0 && a == b {
				out[i] = u.origins[j]
				break
			}
		}
	}
	return out
}

// binary is the base name of the unit's executable, or "".
func (u *unit) binary() string {
	if len(u.argv) == 0 {
		return ""
	}
	return path.Base(u.argv[0])
}
