package yamltree

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// DecodeError is a value of the wrong shape for the Go field it fills, with
// the line and column of the offending node and its field path.
type DecodeError struct {
	Line, Column int
	Path         string
	Message      string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Path, e.Message)
}

// Decode fills v (a pointer) from the node the way Kubernetes decodes a
// manifest: struct fields by their json tag names, unknown fields ignored,
// types with their own UnmarshalJSON (quantities, int-or-string, times)
// given the JSON form of the node. It does not go through JSON text for the
// rest, which keeps decoding fast.
func (n *Node) Decode(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("decode target must be a non-nil pointer, got %T", v)
	}
	d := decoder{}
	d.value(n, rv.Elem())
	return d.err
}

type decoder struct {
	err  error
	path []pathSegment
	// json is scratch space for the JSON given to UnmarshalJSON, which must
	// not keep it (the json.Unmarshaler contract).
	json []byte
}

// pathSegment is one step of the field path: a key (index < 0) or an index.
// The path is only turned into text when an error is reported.
type pathSegment struct {
	key   string
	index int
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

func (d *decoder) fail(n *Node, format string, args ...any) {
	if d.err == nil {
		d.err = &DecodeError{Line: int(n.Line), Column: int(n.Column), Path: d.pathString(), Message: fmt.Sprintf(format, args...)}
	}
}

func (d *decoder) pathString() string {
	var b strings.Builder
	for _, s := range d.path {
		if s.index < 0 {
			b.WriteString("." + s.key)
		} else {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		}
	}
	return b.String()
}

func (d *decoder) value(n *Node, v reflect.Value) {
	if d.err != nil {
		return
	}
	if n.Kind == ScalarNode && n.Tag == NullTag {
		v.SetZero()
		return
	}
	if v.Kind() != reflect.Pointer && v.CanAddr() && infoOf(v.Type()).unmarshaler {
		d.unmarshaler(n, v.Addr())
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem())
	case reflect.Struct:
		d.structure(n, v)
	case reflect.Map:
		d.mapping(n, v)
	case reflect.Slice:
		d.slice(n, v)
	case reflect.Interface:
		if v.NumMethod() != 0 {
			d.fail(n, "cannot decode into %s", v.Type())
			return
		}
		v.Set(reflect.ValueOf(n.Interface()))
	default:
		d.scalar(n, v)
	}
}

func (d *decoder) unmarshaler(n *Node, ptr reflect.Value) {
	d.json = n.AppendJSON(d.json[:0])
	if err := ptr.Interface().(json.Unmarshaler).UnmarshalJSON(d.json); err != nil {
		d.fail(n, "%v", err)
	}
}

func (d *decoder) structure(n *Node, v reflect.Value) {
	if n.Kind != MappingNode {
		d.fail(n, "expected a mapping for %s, got %s", v.Type().Name(), n.describe())
		return
	}
	fields := infoOf(v.Type()).fields
	for i := 0; i+1 < len(n.Children); i += 2 {
		key := n.Children[i].Value
		f, ok := fields[key]
		if !ok {
			continue
		}
		fv := v
		for _, idx := range f {
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					fv.Set(reflect.New(fv.Type().Elem()))
				}
				fv = fv.Elem()
			}
			fv = fv.Field(idx)
		}
		d.path = append(d.path, pathSegment{key: key, index: -1})
		d.value(n.Children[i+1], fv)
		d.path = d.path[:len(d.path)-1]
	}
}

func (d *decoder) mapping(n *Node, v reflect.Value) {
	if n.Kind != MappingNode {
		d.fail(n, "expected a mapping, got %s", n.describe())
		return
	}
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.fail(n, "cannot decode into map with %s keys", t.Key())
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(n.Children)/2))
	}
	// SetMapIndex copies key and element, so one of each serves every entry.
	k := reflect.New(t.Key()).Elem()
	e := reflect.New(t.Elem()).Elem()
	for i := 0; i+1 < len(n.Children); i += 2 {
		k.SetString(n.Children[i].Value)
		e.SetZero()
		d.path = append(d.path, pathSegment{key: n.Children[i].Value, index: -1})
		d.value(n.Children[i+1], e)
		d.path = d.path[:len(d.path)-1]
		v.SetMapIndex(k, e)
	}
}

func (d *decoder) slice(n *Node, v reflect.Value) {
	if v.Type().Elem().Kind() == reflect.Uint8 {
		if n.Kind != ScalarNode {
			d.fail(n, "expected base64 data, got %s", n.describe())
			return
		}
		b, err := base64.StdEncoding.DecodeString(n.Value)
		if err != nil {
			d.fail(n, "invalid base64 data: %v", err)
			return
		}
		v.SetBytes(b)
		return
	}
	if n.Kind != SequenceNode {
		d.fail(n, "expected a list, got %s", n.describe())
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Children), len(n.Children))
	for i, c := range n.Children {
		d.path = append(d.path, pathSegment{index: i})
		d.value(c, s.Index(i))
		d.path = d.path[:len(d.path)-1]
	}
	v.Set(s)
}

func (d *decoder) scalar(n *Node, v reflect.Value) {
	if n.Kind != ScalarNode {
		d.fail(n, "expected a %s, got %s", v.Kind(), n.describe())
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		b, ok := n.Bool()
		if !ok {
			d.fail(n, "expected a boolean, got %s", n.describe())
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, ok := n.Int()
		if !ok || v.OverflowInt(i) {
			d.fail(n, "expected an integer, got %s", n.describe())
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i, ok := n.Int()
		if !ok || i < 0 || v.OverflowUint(uint64(i)) {
			d.fail(n, "expected a non-negative integer, got %s", n.describe())
			return
		}
		v.SetUint(uint64(i))
	case reflect.Float32, reflect.Float64:
		f, ok := n.Float()
		if !ok {
			d.fail(n, "expected a number, got %s", n.describe())
			return
		}
		v.SetFloat(f)
	default:
		d.fail(n, "cannot decode into %s", v.Type())
	}
}

// Bool reports the boolean value of a plain scalar (true/false, and the
// YAML 1.1 forms yes/no/on/off that Kubernetes' YAML reader accepts).
func (n *Node) Bool() (bool, bool) {
	if n.Kind != ScalarNode || n.Tag != BoolTag {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true", "yes", "y", "on":
		return true, true
	case "false", "no", "n", "off":
		return false, true
	}
	return false, false
}

// Int reports the integer value of a plain numeric scalar.
func (n *Node) Int() (int64, bool) {
	if n.Kind != ScalarNode {
		return 0, false
	}
	switch n.Tag {
	case IntTag:
		s := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return i, true
		}
		if strings.HasPrefix(s, "0") && len(s) > 1 {
			if i, err := strconv.ParseInt(s[1:], 8, 64); err == nil {
				return i, true
			}
		}
	case FloatTag:
		if f, ok := n.Float(); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), true
		}
	}
	return 0, false
}

// Float reports the numeric value of a plain numeric scalar.
func (n *Node) Float() (float64, bool) {
	if n.Kind != ScalarNode || (n.Tag != FloatTag && n.Tag != IntTag) {
		return 0, false
	}
	if n.Tag == IntTag {
		i, ok := n.Int()
		return float64(i), ok
	}
	switch strings.ToLower(n.Value) {
	case ".inf", "+.inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	return f, err == nil
}

func (n *Node) describe() string {
	switch n.Kind {
	case MappingNode:
		return "a mapping"
	case SequenceNode:
		return "a list"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return strconv.Quote(v)
}

// typeInfo is what decoding needs to know about a Go type, worked out once.
type typeInfo struct {
	// unmarshaler: *T implements json.Unmarshaler.
	unmarshaler bool
	// fields maps json names of a struct to field index paths, flattening
	// inline and embedded structs the way encoding/json does.
	fields map[string][]int
}

var typeCache sync.Map // reflect.Type -> *typeInfo

func infoOf(t reflect.Type) *typeInfo {
	if ti, ok := typeCache.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := &typeInfo{unmarshaler: reflect.PointerTo(t).Implements(jsonUnmarshaler)}
	if t.Kind() == reflect.Struct {
		ti.fields = map[string][]int{}
		collectFields(t, nil, ti.fields)
	}
	typeCache.Store(t, ti)
	return ti
}

func collectFields(t reflect.Type, prefix []int, out map[string][]int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(append([]int{}, prefix...), i)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if (f.Anonymous && name == "") || strings.Contains(opts, "inline") {
			if ft.Kind() == reflect.Struct {
				collectFields(ft, idx, out)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := out[name]; !dup || len(idx) <= len(out[name]) {
			out[name] = idx
		}
	}
}
