package secret

import "strings"

// keywordSet tells whether a text holds any of a set of keywords, ignoring
// case as strings.ToLower does: an Aho-Corasick automaton compiled to a
// table over the bytes that occur in the keywords. It answers exactly what
// an Aho-Corasick trie over the keywords answers for the lower-cased text,
// in a tenth of the memory of a 256-way trie (gitleaks' keyword list makes
// thousands of states).
type keywordSet struct {
	// class numbers the bytes that occur in keywords from 1; 0 is every
	// other byte. Upper-case ASCII letters share their lower case's class.
	class [256]uint8
	// next is the transition table, classes wide: the state after a byte
	// of each class. State 0 is the start.
	next    []int32
	classes int
	// final marks the states where some keyword ends.
	final []bool
}

// newKeywordSet compiles the keywords. Empty keywords and keywords with
// upper-case ASCII letters, which no lower-cased text holds, are left out.
// It returns nil when the keywords use all 256 byte values.
func newKeywordSet(keywords []string) *keywordSet {
	k := &keywordSet{}
	kept := make([]string, 0, len(keywords))
	letters := 0
	for _, w := range keywords {
		if w == "" || strings.ContainsFunc(w, func(r rune) bool { return r >= 'A' && r <= 'Z' }) {
			continue
		}
		kept = append(kept, w)
		for i := 0; i < len(w); i++ {
			if k.class[w[i]] == 0 {
				if letters == 255 {
					return nil
				}
				letters++
				k.class[w[i]] = uint8(letters)
			}
		}
	}
	k.classes = letters + 1
	for c := 'A'; c <= 'Z'; c++ {
		k.class[c] = k.class[c+'a'-'A']
	}
	k.build(kept)
	return k
}

// build makes the trie of the keywords, then completes it into a
// deterministic automaton breadth first along the failure links.
func (k *keywordSet) build(keywords []string) {
	k.next = make([]int32, k.classes)
	k.final = []bool{false}
	for _, w := range keywords {
		s := int32(0)
		for i := 0; i < len(w); i++ {
			c := int32(k.class[w[i]])
			if k.next[s*int32(k.classes)+c] == 0 {
				k.next = append(k.next, make([]int32, k.classes)...)
				k.final = append(k.final, false)
				k.next[s*int32(k.classes)+c] = int32(len(k.final) - 1)
			}
			s = k.next[s*int32(k.classes)+c]
		}
		k.final[s] = true
	}
	fail := make([]int32, len(k.final))
	queue := make([]int32, 0, len(k.final))
	for c := range k.classes {
		if t := k.next[c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		k.final[s] = k.final[s] || k.final[fail[s]]
		row := k.next[int(s)*k.classes : int(s+1)*k.classes]
		failRow := k.next[int(fail[s])*k.classes : int(fail[s]+1)*k.classes]
		for c := range k.classes {
			if t := row[c]; t != 0 {
				fail[t] = failRow[c]
				queue = append(queue, t)
			} else {
				row[c] = failRow[c]
			}
		}
	}
}

// in reports whether text, lower-cased, holds any keyword.
func (k *keywordSet) in(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			// strings.ToLower maps some non-ASCII letters to ASCII ones
			// (the Kelvin sign to k): walk its result instead.
			return k.walk(strings.ToLower(text))
		}
	}
	return k.walk(text)
}

func (k *keywordSet) walk(text string) bool {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = k.next[int(s)*k.classes+int(k.class[text[i]])]
		if k.final[s] {
			return true
		}
	}
	return false
}
