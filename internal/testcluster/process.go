package testcluster

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// process is a server started in its own process group, its output in a file.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{} // closed when the process has exited
	waitErr error         // valid once exited is closed
}

// startProcess runs bin with args, output to dir/name.log after a first line
// with the command.
func startProcess(name, bin, dir string, args ...string) (*process, error) {
	p := &process{name: name, logPath: filepath.Join(dir, name+".log"), exited: make(chan struct{})}
	logFile, err := os.Create(p.logPath)
	if err != nil {
		return nil, fmt.Errorf("creating %s log: %w", name, err)
	}
	defer logFile.Close() // the child holds its own descriptor
	if _, err := fmt.Fprintf(logFile, "$ %s %s\n", bin, strings.Join(args, " ")); err != nil {
		return nil, fmt.Errorf("writing %s log: %w", name, err)
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.SysProcAttr = sysProcAttr()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// stop sends SIGTERM to the process group, then SIGKILL if it has not exited
// within five seconds, and waits for the process.
func (p *process) stop() {
	signalGroup(p.cmd.Process, false)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
	}
	signalGroup(p.cmd.Process, true) // ends any child left in the group
	<-p.exited
}

// tail returns the last n lines of the process's output.
func (p *process) tail(n int) string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(reading %s: %v)", p.logPath, err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitReady polls url until it answers 200 with a body containing want, the
// process exits, or the deadline passes. The error carries the log's tail.
func (p *process) waitReady(client *http.Client, url, want string, deadline time.Time) error {
	var last string
	for {
		ok, status := probe(client, url, want)
		if ok {
			return nil
		}
		last = status
		select {
		case <-p.exited:
			return fmt.Errorf("%s exited before it was ready (%v); last lines of %s:\n%s",
				p.name, p.waitErr, p.logPath, p.tail(30))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready at %s before the deadline (last answer: %s); last lines of %s:\n%s",
				p.name, url, last, p.logPath, p.tail(30))
		}
	}
}

// probe GETs url once and says whether it answered 200 with want in the body.
func probe(client *http.Client, url, want string) (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096)) // a short body only shortens the message
	return resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(want)),
		fmt.Sprintf("%s: %s", resp.Status, strings.TrimSpace(string(body)))
}

// freePorts returns n distinct loopback ports that were free a moment ago.
func freePorts(n int) ([]int, error) {
	var ports []int
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("finding a free loopback port: %w", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// tlsClient trusts only caPEM and sends no credentials.
func tlsClient(caPEM []byte) (*http.Client, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("parsing the serving certificate")
	}
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
	}}, nil
}
