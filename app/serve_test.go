package app

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestListenRefusesTheNetworkWithoutAllowRemote(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.10:0"} {
		_, err := Listen(ServeOptions{Addr: addr, DataDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "--allow-remote") {
			t.Errorf("%s: %v", addr, err)
		}
	}
	if _, err := Listen(ServeOptions{Addr: "127.0.0.1:0", AllowRemote: true, TLSCert: "c.pem", DataDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "--tls-key") {
		t.Errorf("a certificate without its key: %v", err)
	}
}

// --allow-remote serves TLS only, with a self-signed certificate made once:
// the second start uses the same one, so the fingerprint the user checked
// stays valid.
func TestListenRemoteIsTLSWithASelfSignedCertificateMadeOnce(t *testing.T) {
	dir := t.TempDir()
	open := func() *Served {
		s, err := Listen(ServeOptions{Addr: "127.0.0.1:0", AllowRemote: true, Hosts: []string{"console.test.example"}, DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Listener.Close() })
		return s
	}
	first := open()
	if !first.TLS || !strings.HasPrefix(first.BaseURL, "https://console.test.example:") {
		t.Fatalf("%+v", first)
	}
	if len(first.Notes) != 2 || !strings.HasPrefix(first.Notes[0], "WARNING:") || !strings.Contains(first.Notes[1], "made in") {
		t.Fatalf("notes: %q", first.Notes)
	}
	port := first.BaseURL[strings.LastIndex(first.BaseURL, ":")+1:]
	if !slices.Contains(first.Hosts, "console.test.example:"+port) || !slices.Contains(first.Hosts, "127.0.0.1:"+port) {
		t.Fatalf("hosts: %v", first.Hosts)
	}
	if st, err := os.Stat(filepath.Join(dir, "tls", "key.pem")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	fp := first.Notes[1][strings.Index(first.Notes[1], "fingerprint ")+len("fingerprint "):]

	go http.Serve(first.Listener, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	pem, _ := os.ReadFile(filepath.Join(dir, "tls", "cert.pem"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "console.test.example"}}}
	res, err := c.Get("https://" + first.Listener.Addr().String() + "/")
	if err != nil {
		t.Fatalf("a client trusting the printed certificate: %v", err)
	}
	res.Body.Close()
	if got := Fingerprint(res.TLS.PeerCertificates[0].Raw); got != fp {
		t.Fatalf("served %s, printed %s", got, fp)
	}
	plain, err := http.Get("http://" + first.Listener.Addr().String() + "/")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode != http.StatusBadRequest {
			t.Fatalf("plain HTTP: %d", plain.StatusCode)
		}
	}

	second := open()
	if !strings.Contains(second.Notes[1], "made earlier") || !strings.HasSuffix(second.Notes[1], fp) {
		t.Fatalf("second start: %q, want the same certificate %s", second.Notes[1], fp)
	}
}
