package testcluster

import (
	"fmt"
	"net"
)

// HostIP returns the machine's first IPv4 address that is neither loopback
// nor link-local: the address a stand-in server must listen on for the API
// server to proxy to it (it refuses loopback), or for a test of exposure
// beyond localhost.
func HostIP() (string, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return "", fmt.Errorf("listing interface addresses: %w", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if ip := n.IP.To4(); ip != nil && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() {
				return ip.String(), nil
			}
		}
	}
	return "", fmt.Errorf("this machine has no IPv4 address other than loopback and link-local (have %v); the test needs one", addrs)
}
