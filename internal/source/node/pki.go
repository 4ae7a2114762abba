package node

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"path"
	"strconv"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// certFile reads the certificates of a PEM file (a bundle holds several),
// once per path.
func (l *loader) certFile(display, access string) {
	if l.certs[display] {
		return
	}
	l.certs[display] = true
	data, err := readFile(l.fsys, access)
	if err != nil {
		l.cert(&facts.Certificate{Path: display, Error: "cannot read: " + reason(err)})
		return
	}
	l.pemCerts(display, "", data)
}

// pemCerts adds every CERTIFICATE block of data as a Certificate object.
func (l *loader) pemCerts(p, user string, data []byte) {
	n := 0
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c := &facts.Certificate{Path: p, User: user, Index: n}
		n++
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			c.Error = "not a valid certificate: " + err.Error()
			l.cert(c)
			continue
		}
		sum := sha256.Sum256(cert.Raw)
		c.Subject, c.Issuer, c.IsCA = cert.Subject.String(), cert.Issuer.String(), cert.IsCA
		c.NotBefore, c.NotAfter, c.SHA256 = cert.NotBefore, cert.NotAfter, hex.EncodeToString(sum[:])
		l.cert(c)
	}
	if n == 0 {
		l.cert(&facts.Certificate{Path: p, User: user, Error: "no PEM certificate in the file"})
	}
}

func (l *loader) cert(c *facts.Certificate) {
	name := c.Path
	if c.User != "" {
		name += "#" + c.User
	}
	if c.Index > 0 {
		name += "[" + strconv.Itoa(c.Index) + "]"
	}
	l.objects = append(l.objects, &inventory.Object{APIVersion: facts.APIVersion, Kind: facts.KindCertificate, Name: name,
		Typed: c, Location: inventory.Location{File: c.Path}, Source: "node"})
}

// kubeconfig reads the client certificates of a kubeconfig's users:
// embedded (client-certificate-data) or in a file it names, relative to
// the kubeconfig's directory.
func (l *loader) kubeconfig(display, access string) {
	data, err := readFile(l.fsys, access)
	if err != nil {
		l.errs = append(l.errs, errorAt(display, "cannot read the kubeconfig: "+reason(err)))
		return
	}
	cfg, err := clientcmd.Load(data)
	if err != nil {
		l.errs = append(l.errs, errorAt(display, "not a valid kubeconfig: "+err.Error()))
		return
	}
	for _, name := range sortedKeys(cfg.AuthInfos) {
		ai := cfg.AuthInfos[name]
		switch {
		case len(ai.ClientCertificateData) > 0:
			l.pemCerts(display, name, ai.ClientCertificateData)
		case ai.ClientCertificate != "":
			p, a := ai.ClientCertificate, ai.ClientCertificate
			if !path.IsAbs(p) {
				p, a = path.Join(path.Dir(display), p), path.Join(path.Dir(access), p)
			}
			l.certFile(p, a)
		}
	}
}
