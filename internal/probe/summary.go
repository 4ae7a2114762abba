package probe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxBody bounds how much of an answer is read: enough for a kubelet's
// pod list, and a hostile server cannot make the probe hold more.
const maxBody = 8 << 20

// summarize describes an answer's body without keeping its contents: the
// kind and item count of a JSON object, a version, a count of keys, the
// message of a Status, or the size of anything else. Values (a pod's
// environment, a key of etcd) are read past, never kept.
func summarize(contentType string, body io.Reader) string {
	lr := &io.LimitedReader{R: body, N: maxBody}
	br := bufio.NewReader(lr)
	first, _ := br.Peek(64)
	trimmed := bytes.TrimSpace(first)
	var s string
	switch {
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		s = summarizeJSON(json.NewDecoder(br))
	default:
		s = summarizeText(contentType, br)
	}
	if lr.N <= 0 {
		s += fmt.Sprintf(", more than %d MiB (not read to the end)", maxBody>>20)
	}
	return s
}

// maxQuoted is the longest one-line text answer quoted whole: "ok", or
// a kubelet's "Forbidden (user=system:anonymous, verb=get, ...)".
const maxQuoted = 200

// summarizeText quotes a short one-line body ("ok") and sizes the rest.
func summarizeText(contentType string, r io.Reader) string {
	head := make([]byte, maxQuoted+1)
	n, _ := io.ReadFull(r, head)
	rest, _ := io.Copy(io.Discard, r)
	text := strings.TrimSpace(string(head[:n]))
	if rest == 0 && n <= maxQuoted && printable(text) {
		if text == "" {
			return "empty body"
		}
		return strconv.Quote(text)
	}
	if contentType == "" {
		contentType = "body"
	}
	ct, _, _ := strings.Cut(contentType, ";")
	return fmt.Sprintf("%s, %d bytes", shown(ct), int64(n)+rest)
}

func printable(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r == '\n' || !unicode.IsPrint(r) })
}

// jsonFacts are the top-level fields a summary names.
type jsonFacts struct {
	kind, message, version, health, count string
	items                                 int
	hasItems, more, etcd                  bool
}

func summarizeJSON(dec *json.Decoder) string {
	tok, err := dec.Token()
	if err != nil {
		return "invalid JSON"
	}
	if tok == json.Delim('[') {
		n, err := countElements(dec)
		return withError(fmt.Sprintf("JSON array, %s", plural(n, "item")), err)
	}
	var f jsonFacts
	err = readObject(dec, func(key string) error { return f.read(dec, key) })
	return withError(f.String(), err)
}

func withError(s string, err error) string {
	if err != nil {
		return s + " (invalid JSON after that)"
	}
	return s
}

// read reads the value of one top-level key into the facts, or skips it.
func (f *jsonFacts) read(dec *json.Decoder, key string) error {
	switch key {
	case "kind":
		return decodeString(dec, &f.kind)
	case "message":
		return decodeString(dec, &f.message)
	case "gitVersion":
		return decodeString(dec, &f.version)
	case "etcdserver":
		f.etcd = true
		return decodeString(dec, &f.version)
	case "health":
		return decodeString(dec, &f.health)
	case "count":
		return decodeString(dec, &f.count)
	case "header":
		f.etcd = true
	case "items":
		f.hasItems = true
		tok, err := dec.Token()
		if err != nil || tok != json.Delim('[') {
			return errOr(err, "items is not a list")
		}
		f.items, err = countElements(dec)
		return err
	case "metadata":
		var m struct {
			Continue string `json:"continue"`
		}
		if err := dec.Decode(&m); err != nil {
			return err
		}
		f.more = m.Continue != ""
		return nil
	}
	return skip(dec)
}

func (f *jsonFacts) String() string {
	var parts []string
	add := func(s string) { parts = append(parts, s) }
	if f.kind != "" {
		add(shown(f.kind))
	}
	if f.hasItems {
		add(plural(f.items, "item"))
	}
	if f.more {
		add("more to list")
	}
	if f.version != "" {
		add("version " + shown(f.version))
	}
	if f.health != "" {
		add("health " + shown(f.health))
	}
	if f.etcd && f.count == "" && f.version == "" && f.health == "" {
		f.count = "0" // etcd's gateway leaves a zero count out
	}
	if f.count == "1" {
		add("count 1 key")
	} else if f.count != "" {
		add("count " + shown(f.count) + " keys")
	}
	if f.message != "" {
		add("message " + strconv.Quote(truncate(f.message, 160)))
	}
	if len(parts) == 0 {
		return "JSON object"
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// maxShown bounds a value a summary names: a kind, a version, a count.
const maxShown = 64

// shown is a value of an answer as a summary names it: as it is when it
// is short and printable, otherwise quoted and cut, so that a hostile
// server can neither bloat a finding nor write control characters to a
// terminal.
func shown(s string) string {
	if len(s) <= maxShown && utf8.ValidString(s) && printable(s) {
		return s
	}
	return strconv.Quote(truncate(s, maxShown))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// decodeString reads a string value, or a number as its text; other
// values are skipped.
func decodeString(dec *json.Decoder, into *string) error {
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		*into = v
	case float64:
		*into = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return nil
}

// readObject calls field for each key of the object whose '{' was read;
// field must consume the key's value.
func readObject(dec *json.Decoder, field func(key string) error) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return errors.New("object key is not a string")
		}
		if err := field(key); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return err
}

// countElements counts the elements of the array whose '[' was read,
// skipping each, and reads the ']'.
func countElements(dec *json.Decoder) (int, error) {
	n := 0
	for dec.More() {
		if err := skip(dec); err != nil {
			return n, err
		}
		n++
	}
	_, err := dec.Token()
	return n, err
}

// skip reads past one value without keeping it.
func skip(dec *json.Decoder) error { return dec.Decode(&discard{}) }

// discard is a JSON value read and dropped: the decoder checks the value's
// syntax and hands its bytes to UnmarshalJSON, which keeps nothing.
type discard struct{}

func (discard) UnmarshalJSON([]byte) error { return nil }

func errOr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}
