package testcluster

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// AuditEvent is one request as the API server's audit log recorded it.
type AuditEvent struct {
	Stage       string   // ResponseComplete, or ResponseStarted for a watch
	Verb        string   // get, list, watch, create, update, patch, delete, ...
	User        string   // authenticated user name
	Groups      []string // the user's groups
	APIGroup    string   // "" for the core group
	APIVersion  string
	Resource    string // e.g. "pods"; empty for a non-resource URL
	Subresource string
	Namespace   string // for a Namespace object, its own name
	Name        string
	RequestURI  string
	Code        int // HTTP status of the response, e.g. 403
}

// auditLine is the part of an audit.k8s.io/v1 Event that AuditEvent keeps.
type auditLine struct {
	Stage      string `json:"stage"`
	Verb       string `json:"verb"`
	RequestURI string `json:"requestURI"`
	User       struct {
		Username string   `json:"username"`
		Groups   []string `json:"groups"`
	} `json:"user"`
	ObjectRef *struct {
		APIGroup    string `json:"apiGroup"`
		APIVersion  string `json:"apiVersion"`
		Resource    string `json:"resource"`
		Subresource string `json:"subresource"`
		Namespace   string `json:"namespace"`
		Name        string `json:"name"`
	} `json:"objectRef"`
	ResponseStatus *struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
}

// barrierPath is requested by AuditEvents to mark the end of the log.
const barrierPath = "/version?testcluster-audit-barrier="

// AuditEvents returns every request the API server has audited, oldest
// first, including all requests that completed before the call. (The API
// server may write an event just after it answered; AuditEvents sends a
// marker request and reads until its event, which it leaves out, so that no
// earlier request is missed.)
func (c *Cluster) AuditEvents(t testing.TB) []AuditEvent {
	t.Helper()
	marker := fmt.Sprintf("%s%d", barrierPath, c.barriers.Add(1))
	if err := c.sendBarrier(marker); err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		events, found, err := readAudit(c.auditPath, marker)
		if err != nil {
			t.Fatalf("testcluster: %v", err)
		}
		if found {
			return events
		}
		if time.Now().After(deadline) {
			t.Fatalf("testcluster: audit event for %s not in %s after 10 s", marker, c.auditPath)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sendBarrier requests marker as the admin.
func (c *Cluster) sendBarrier(marker string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.host+marker, nil)
	if err != nil {
		return fmt.Errorf("building audit marker request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.users[AdminUser].token)
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("sending audit marker request: %w", err)
	}
	resp.Body.Close()
	return nil
}

// readAudit parses the JSON-lines audit log, leaving out marker requests,
// and says whether the event for marker has been written.
func readAudit(path, marker string) ([]AuditEvent, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, fmt.Errorf("reading audit log: %w", err)
	}
	defer f.Close()
	var events []AuditEvent
	found := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var partial error // a line that did not parse: fine only if it is the last, half written
	for n := 1; sc.Scan(); n++ {
		if partial != nil {
			return nil, false, partial
		}
		var l auditLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			partial = fmt.Errorf("parsing audit log %s line %d: %w", path, n, err)
			continue
		}
		if strings.HasPrefix(l.RequestURI, barrierPath) {
			found = found || l.RequestURI == marker
			continue
		}
		events = append(events, l.event())
	}
	if err := sc.Err(); err != nil {
		return nil, false, fmt.Errorf("reading audit log %s: %w", path, err)
	}
	return events, found && partial == nil, nil
}

func (l auditLine) event() AuditEvent {
	e := AuditEvent{
		Stage: l.Stage, Verb: l.Verb, RequestURI: l.RequestURI,
		User: l.User.Username, Groups: l.User.Groups,
	}
	if r := l.ObjectRef; r != nil {
		e.APIGroup, e.APIVersion, e.Resource = r.APIGroup, r.APIVersion, r.Resource
		e.Subresource, e.Namespace, e.Name = r.Subresource, r.Namespace, r.Name
	}
	if l.ResponseStatus != nil {
		e.Code = l.ResponseStatus.Code
	}
	return e
}
