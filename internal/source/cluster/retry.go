package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/util/wait"
)

// retryPolicy bounds the retries of one request: tries in all, waiting
// base, 2*base, ... (at most max, at least what the server asks for in
// Retry-After, and never more than max) between them.
type retryPolicy struct {
	tries     int
	base, max time.Duration
}

// defaultRetry is used by Load: three tries over about 1.5 s, longer when
// the server asks for it with Retry-After.
var defaultRetry = retryPolicy{tries: 3, base: 500 * time.Millisecond, max: 10 * time.Second}

// retriesExhausted wraps the last error of a request that failed every try.
type retriesExhausted struct {
	tries int
	err   error
}

func (e *retriesExhausted) Error() string {
	return fmt.Sprintf("%v (gave up after %d tries)", e.err, e.tries)
}

func (e *retriesExhausted) Unwrap() error { return e.err }

// do runs f until it succeeds, fails with an error that is not worth
// retrying, the tries are spent, or ctx ends.
func (p retryPolicy) do(ctx context.Context, retryable func(error) bool, f func() error) error {
	for try := 1; ; try++ {
		err := f()
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
		if try >= p.tries {
			return &retriesExhausted{tries: try, err: err}
		}
		t := time.NewTimer(p.delay(try, err))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// delay is the wait after the given failed try.
func (p retryPolicy) delay(try int, err error) time.Duration {
	d := p.base << (try - 1)
	if s, ok := apierrors.SuggestsClientDelay(err); ok {
		d = max(d, time.Duration(s)*time.Second)
	}
	return min(wait.Jitter(d, 0.1), p.max)
}

// transient reports whether a failed request may succeed if sent again:
// the server is overloaded (429), failing (5xx) or timed out, or the
// connection broke. A refused connection is not retried: the server is
// not there.
func transient(err error) bool {
	if err == nil {
		return false
	}
	if isTimeout(err) || apierrors.IsTooManyRequests(err) {
		return true
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return status.Status().Code >= 500
	}
	return utilnet.IsConnectionReset(err) || utilnet.IsProbableEOF(err) || utilnet.IsHTTP2ConnectionLost(err)
}

// isTimeout reports a request the server or the client timed out.
func isTimeout(err error) bool {
	if apierrors.IsTimeout(err) || apierrors.IsServerTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
