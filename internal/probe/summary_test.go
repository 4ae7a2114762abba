package probe

import (
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	podList := `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"12"},"items":[` +
		`{"metadata":{"name":"a"},"spec":{"containers":[{"env":[{"name":"DB_PASSWORD","value":"hunter2"}]}]}},{"metadata":{"name":"b"}}]}`
	for _, tc := range []struct {
		name, contentType, body, want string
	}{
		{"pod list", "application/json", podList, "PodList, 2 items"},
		{"metadata list with more", "application/json", `{"kind":"PartialObjectMetadataList","metadata":{"continue":"abc"},"items":[{"metadata":{"name":"s"}}]}`, "PartialObjectMetadataList, 1 item, more to list"},
		{"API server version", "application/json", `{"major":"1","minor":"37","gitVersion":"v1.37.2","platform":"linux/amd64"}`, "version v1.37.2"},
		{"etcd version", "application/json", `{"etcdserver":"3.6.16","etcdcluster":"3.6.0"}`, "version 3.6.16"},
		{"etcd health", "application/json", `{"health":"true","reason":""}`, "health true"},
		{"etcd range, zero left out", "application/json", `{"header":{"cluster_id":"1","revision":"1"}}`, "count 0 keys"},
		{"etcd range, one key", "application/json", `{"header":{"revision":"5"},"count":"1"}`, "count 1 key"},
		{"etcd range, many", "application/json", `{"header":{"revision":"5"},"count":"412"}`, "count 412 keys"},
		{"status", "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden: User \"system:anonymous\" cannot list resource \"secrets\"","code":403}`, `Status, message "forbidden: User \"system:anonymous\" cannot list resource \"secrets\""`},
		{"json array", "application/json", `[1,{"a":[2]},"x"]`, "JSON array, 3 items"},
		{"empty object", "application/json", `{}`, "JSON object"},
		{"short text", "text/plain", "ok\n", `"ok"`},
		{"empty", "", "", "empty body"},
		{"metrics", "text/plain; version=0.0.4", "# HELP a\n# TYPE a counter\na 1\n", "text/plain, 30 bytes"},
		{"broken json", "application/json", `{"kind":"PodList","items":[{"a":`, "PodList, 0 items (invalid JSON after that)"},
		{"not json after all", "application/json", `{nope`, "JSON object (invalid JSON after that)"},
		{"control characters quoted", "text/plain\x1b[2J", "a\nb", `"text/plain\x1b[2J", 3 bytes`},
		{"long kind cut", "application/json", `{"kind":"` + strings.Repeat("k", 100) + `"}`, `"` + strings.Repeat("k", 64) + `…"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(tc.contentType, strings.NewReader(tc.body))
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if strings.Contains(got, "hunter2") {
				t.Error("a value reached the summary")
			}
		})
	}
}

// TestSummarizeBoundsTheBody reads no more than maxBody of an endless
// answer and says so.
func TestSummarizeBoundsTheBody(t *testing.T) {
	body := &endless{}
	got := summarize("text/plain", body)
	if body.read > maxBody+4096 {
		t.Errorf("read %d bytes of an endless body", body.read)
	}
	if !strings.Contains(got, "more than 8 MiB (not read to the end)") {
		t.Errorf("summary %q does not say the body was cut", got)
	}
}

type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.read += len(p)
	return len(p), nil
}
