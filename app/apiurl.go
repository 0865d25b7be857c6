package app

import (
	"fmt"
	"net/url"
	"strings"
)

// checkAPIURL refuses an http:// platform beyond this machine unless the
// user said --insecure-http: sign-in passwords and session tokens would
// cross the network in clear.
func checkAPIURL(apiURL string, insecureOK bool) error {
	if apiURL == "" || insecureOK || !clearText(apiURL) {
		return nil
	}
	u, _ := url.Parse(apiURL)
	return fmt.Errorf("--api-url %s is plain HTTP to another machine: passwords and session tokens would cross the network unencrypted; use https://, or pass --insecure-http to accept that", u.Redacted())
}

// clearText reports whether apiURL is plain HTTP to a host other than this
// machine's loopback.
func clearText(apiURL string) bool {
	u, err := url.Parse(apiURL)
	if err != nil || !strings.EqualFold(u.Scheme, "http") {
		return false
	}
	return !isLoopbackName(strings.ToLower(u.Hostname()))
}
