package yamltree

import yaml "go.yaml.in/yaml/v3"

// plainTag resolves a plain scalar the way parseSlow's scalarTag does:
// YAML 1.1 booleans, then yaml.v3's resolution. Common cases are decided
// here; anything that may be a number or timestamp is handed to yaml.v3.
func (p *fastParser) plainTag(v string) Tag {
	switch v[0] {
	case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~':
		return wordTag(v)
	case '+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if isSimpleInt(v) {
			return IntTag
		}
		if !mayBeNumber(v) {
			return StrTag
		}
		p.tagNode = yaml.Node{Kind: yaml.ScalarNode, Value: v}
		return shortTagOf(p.tagNode.ShortTag())
	}
	return StrTag
}

func wordTag(v string) Tag {
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE",
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF":
		return BoolTag
	case "~", "null", "Null", "NULL":
		return NullTag
	}
	return StrTag
}

// isSimpleInt reports decimal integers without a leading zero that surely
// fit in an int64.
func isSimpleInt(v string) bool {
	if v[0] == '-' {
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 18 || (v[0] == '0' && len(v) > 1) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// mayBeNumber reports whether yaml.v3 could resolve v to anything but a
// string: only hex digits, signs, dots, underscores and base prefixes occur
// in its numbers; timestamps start with a four-digit year and a dash;
// infinities and NaN are spelled out.
func mayBeNumber(v string) bool {
	if len(v) >= 5 && v[4] == '-' {
		return true
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case c == '+', c == '-', c == '.', c == '_', c == 'x', c == 'X', c == 'o', c == 'O':
		case c == 'i' || c == 'I' || c == 'n' || c == 'N':
			return true // .inf, .nan and their spellings
		default:
			return false
		}
	}
	return true
}

// shortTagOf maps yaml.v3's short tags as parseSlow's scalarTag does.
func shortTagOf(tag string) Tag {
	switch tag {
	case "!!int":
		return IntTag
	case "!!float":
		return FloatTag
	case "!!bool":
		return BoolTag
	case "!!null":
		return NullTag
	case "!!binary":
		return BinaryTag
	case "!!timestamp":
		return TimestampTag
	}
	return StrTag
}
