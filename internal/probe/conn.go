package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// handshake connects to the target once to learn how the port speaks:
// TLS (and what the handshake showed) or plain HTTP. It fills the
// status's address, scheme and TLS, and returns why the port cannot be
// probed, if it cannot. Some plain-HTTP servers (etcd's, which shares its
// port between protocols) hang up on a TLS ClientHello instead of
// answering it: then the scheme is a guess, "http", and guess is the TLS
// error to report if HTTP is not answered either.
func handshake(ctx context.Context, t Target, st *endpoint.Status) (guess, err error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", t.Name())
	if err != nil {
		return nil, &stageError{"connecting", err}
	}
	defer conn.Close()
	st.Address = conn.RemoteAddr().String()
	info := &endpoint.TLS{}
	cfg := clientTLS(t.Host)
	cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		info.ClientCertRequested = true
		return &tls.Certificate{}, nil // none: the probe never authenticates
	}
	tc := tls.Client(conn, cfg)
	err = tc.HandshakeContext(ctx)
	var header tls.RecordHeaderError
	switch {
	case err == nil:
		st.Scheme, st.TLS = "https", info
		info.Version = tls.VersionName(tc.ConnectionState().Version)
		return nil, nil
	case errors.As(err, &header):
		st.Scheme = "http" // the answer to a ClientHello was not a TLS record
		return nil, nil
	case certificateRefused(err, info):
		st.Scheme, st.TLS = "https", info
		return nil, nil
	case ctx.Err() == nil && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)):
		st.Scheme = "http"
		return &stageError{"in the TLS handshake", err}, nil
	}
	return nil, &stageError{"in the TLS handshake", err}
}

// stageError is an error and the step of the probe it stopped.
type stageError struct {
	stage string
	err   error
}

func (e *stageError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *stageError) Unwrap() error { return e.err }

// clientTLS is the TLS configuration of every probe connection. The
// server's certificate is not verified: the probe trusts no answer with
// anything (it sends no credentials and only reads), and it must see
// servers whose CA it does not have.
func clientTLS(host string) *tls.Config {
	cfg := &tls.Config{InsecureSkipVerify: true} //nolint:gosec // see above
	if net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	return cfg
}

// certificateRefused tells whether err is the server refusing a client
// without a certificate, and records it. A server sends the alert
// certificate_required (TLS 1.3, on the client's first read),
// bad_certificate, or, as Go servers do in TLS 1.2, handshake_failure
// after asking for a certificate. Alerts the server sends arrive as a
// *net.OpError "remote error" whose error is crypto/tls's unexported alert
// type, so they are known by their text, which crypto/tls fixes.
func certificateRefused(err error, info *endpoint.TLS) bool {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" || op.Err == nil {
		return false
	}
	switch alert := op.Err.Error(); {
	case alert == "tls: certificate required", alert == "tls: bad certificate",
		alert == "tls: handshake failure" && info.ClientCertRequested:
		info.ClientCertRequired, info.Alert = true, alert
		return true
	}
	return false
}

// newClient returns the HTTP client of one target's requests: no proxy
// (explicit targets only, reached directly), no redirects followed, no
// credentials, bounded headers.
func newClient(host string) *http.Client {
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            (&net.Dialer{}).DialContext,
		TLSClientConfig:        clientTLS(host),
		MaxResponseHeaderBytes: 64 << 10,
		DisableCompression:     true,
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// describe turns a connection or request error into the reason a person
// reads in a finding, without the addresses and ports the target's name
// already gives; timeout is the target's time limit.
func describe(err error, timeout time.Duration) string {
	stage := ""
	var se *stageError
	if errors.As(err, &se) {
		stage = " " + se.stage
	}
	var dns *net.DNSError
	var nerr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Sprintf("timed out after %s%s", timeout, stage)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: nothing listens there, or a firewall rejects the connection"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset" + stage
	case errors.As(err, &dns):
		return fmt.Sprintf("resolving %s: %v", dns.Name, dns.Err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the server" + stage
	}
	var uerr *url.Error
	if errors.As(err, &uerr) { // the request's URL is the target's
		err = uerr.Err
	}
	if stage == "" {
		return err.Error()
	}
	return strings.TrimSpace(stage) + ": " + err.Error()
}
