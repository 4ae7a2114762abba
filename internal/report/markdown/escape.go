package markdown

import (
	"strings"
)

// mdSpecial are the characters that GitHub-flavoured Markdown may read as
// syntax anywhere in a line; each is escaped with a backslash.
const mdSpecial = "\\`*_[]<>|#~!&"

// text escapes s for Markdown prose and table cells, on one line.
func text(s string) string {
	s = oneLine(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// code renders s as an inline code span whose fence is longer than any run
// of backticks inside it, so no value can close the span early.
func code(s string) string {
	s = oneLine(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// codeBlock renders s as a fenced block that s cannot close.
func codeBlock(b *strings.Builder, indent, lang, s string) {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	b.WriteString(indent + fence + lang + "\n")
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(indent + line + "\n")
	}
	b.WriteString(indent + fence + "\n")
}

// oneLine folds line breaks, which would end a list item or table row.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", "")), " ")
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
