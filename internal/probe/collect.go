// Package probe is the library behind `palisade probe`: it sends safe,
// read-only requests without credentials to explicitly named targets
// (kubelet, API server, etcd, kube-proxy, controller manager, scheduler),
// records what each answered as an endpoint.Endpoint, and judges those
// observations with the registered probe checks, so that findings use the
// same engine, report, formats and exit codes as a scan.
//
// Every request reads: GETs, and one POST to etcd's /v3/kv/range, a
// read-only range request that asks only for the count of keys. Each
// target has a time limit for all its requests; targets are probed a few
// at a time.
package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// Defaults of CollectOptions.
const (
	DefaultTimeout     = 5 * time.Second
	DefaultConcurrency = 8
)

// CollectOptions bound a probe.
type CollectOptions struct {
	// Timeout bounds everything sent to one target (DefaultTimeout when 0).
	Timeout time.Duration
	// Concurrency is how many targets are probed at once
	// (DefaultConcurrency when 0).
	Concurrency int
	// UserAgent is sent with every request.
	UserAgent string
}

// Collect probes every target, at most Concurrency at a time, and returns
// one Endpoint per target in the order given. A target that cannot be
// probed has its reason in Status.Error; Collect itself never fails.
func Collect(ctx context.Context, targets []Target, opts CollectOptions) []*endpoint.Endpoint {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	out := make([]*endpoint.Endpoint, len(targets))
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = probeOne(ctx, t, opts)
		}()
	}
	wg.Wait()
	return out
}

// probeOne learns how the target's port speaks, then sends its
// component's requests, all within the target's time limit.
func probeOne(ctx context.Context, t Target, opts CollectOptions) *endpoint.Endpoint {
	e := endpoint.New(t.Host, t.Port, t.Component)
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	guess, err := handshake(ctx, t, &e.Status)
	if err != nil {
		e.Status.Error = describe(err, opts.Timeout)
		return e
	}
	if e.Status.TLS != nil && e.Status.TLS.ClientCertRequired {
		return e // refused in the handshake: no request can be sent
	}
	client := newClient(t.Host)
	defer client.CloseIdleConnections()
	base := e.Status.Scheme + "://" + t.Name()
	for _, c := range plans[t.Component] {
		r, stop := send(ctx, client, base, c, opts, e.Status.TLS)
		e.Status.Requests = append(e.Status.Requests, r)
		if stop {
			break
		}
	}
	if guess != nil && len(e.Status.Requests) > 0 && e.Status.Requests[0].Code == 0 { // neither TLS nor HTTP
		e.Status.Error = describe(guess, opts.Timeout) + "; over plain HTTP, " + e.Status.Requests[0].Error
		e.Status.Scheme, e.Status.Requests = "", nil
	}
	return e
}

// send sends one request and records its answer. It says to stop when
// no later request can be answered: the time limit passed or the server
// refused a client without a certificate.
func send(ctx context.Context, client *http.Client, base string, c call, opts CollectOptions, tlsInfo *endpoint.TLS) (endpoint.Request, bool) {
	r := endpoint.Request{Method: c.method, Path: c.path}
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, base+c.path, body)
	if err != nil {
		r.Error = fmt.Sprintf("building the request: %v", err)
		return r, false
	}
	req.Header.Set("Accept", c.accept)
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if opts.UserAgent != "" {
		req.Header.Set("User-Agent", opts.UserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		if tlsInfo != nil && certificateRefused(err, tlsInfo) {
			r.Error = "refused without a client certificate (" + tlsInfo.Alert + ")"
			return r, true
		}
		r.Error = describe(&stageError{"while waiting for the answer", err}, opts.Timeout)
		return r, ctx.Err() != nil
	}
	defer resp.Body.Close()
	r.Code = resp.StatusCode
	r.Summary = summarize(resp.Header.Get("Content-Type"), resp.Body)
	if ctx.Err() != nil {
		r.Summary += fmt.Sprintf(" (time limit of %s reached while reading)", opts.Timeout)
		return r, true
	}
	return r, false
}
