package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// loadOrMakeCert returns the certificate for remote serving: the user's own
// (--tls-cert/--tls-key), or a self-signed one made once in the data
// directory and made again only when it does not name a host now asked for.
// The note says which, with the SHA-256 fingerprint a browser shows, so the
// user can check they reached this console and not someone in between.
func loadOrMakeCert(o ServeOptions, names []string) (tls.Certificate, string, error) {
	if o.TLSCert != "" {
		c, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
		if err != nil {
			return tls.Certificate{}, "", fmt.Errorf("--tls-cert/--tls-key: %w", err)
		}
		return c, "Certificate " + o.TLSCert + ", SHA-256 fingerprint " + Fingerprint(c.Certificate[0]), nil
	}
	dir := filepath.Join(o.DataDir, "tls")
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if c, err := tls.LoadX509KeyPair(certFile, keyFile); err == nil && certNames(c, names) {
		return c, "Self-signed certificate " + certFile + " (made earlier), SHA-256 fingerprint " + Fingerprint(c.Certificate[0]), nil
	}
	c, err := makeSelfSigned(certFile, keyFile, names)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("make a self-signed certificate in %s: %w", dir, err)
	}
	return c, "Self-signed certificate made in " + certFile + ", SHA-256 fingerprint " + Fingerprint(c.Certificate[0]), nil
}

// Fingerprint is a DER certificate's SHA-256, as browsers print it.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// certNames reports whether c is valid for a while yet and names every host.
func certNames(c tls.Certificate, names []string) bool {
	leaf, err := x509.ParseCertificate(c.Certificate[0])
	if err != nil || time.Until(leaf.NotAfter) < 30*24*time.Hour {
		return false
	}
	for _, n := range names {
		if leaf.VerifyHostname(n) != nil {
			return false
		}
	}
	return true
}

func makeSelfSigned(certFile, keyFile string, names []string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "PenguinMails Developer Console", Organization: []string{"PenguinMails Console (self-signed)"}},
		NotBefore:    time.Now().Add(-time.Hour),
		// Browsers cap certificates from public CAs; one the user trusts by
		// hand may live longer, but a year keeps the key's exposure short.
		NotAfter:              time.Now().Add(397 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, n := range slices.Concat(names, []string{"localhost", "127.0.0.1", "::1"}) {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := os.MkdirAll(filepath.Dir(certFile), 0o700); err != nil {
		return tls.Certificate{}, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := errors.Join(os.WriteFile(keyFile, keyPEM, 0o600), os.WriteFile(certFile, certPEM, 0o644)); err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}
