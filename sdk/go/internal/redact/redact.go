// Package redact hides credentials in what the SDK shows: URLs in error messages
// and log lines, and secret header values echoed by an upstream.
//
// It follows tape's Python rules (tape/redaction.py) for the cases the SDK meets:
// a URL's userinfo becomes "***@", the values of secret-looking query parameters
// become "***", and the fragment is dropped.
package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces a hidden value.
const Mask = "***"

var (
	camel = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	split = regexp.MustCompile(`[^a-z0-9]+`)
	// A URL inside free text (an error message quoting the request).
	inText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s'"<>]+`)
)

// Whole names that are secrets, words that make a name secret wherever they stand,
// and parts that make it secret inside any word (tape/redaction.py).
var (
	exact = map[string]bool{"key": true, "sig": true, "pass": true, "pwd": true, "pw": true,
		"jwt": true, "auth": true, "otp": true, "session": true, "code": true}
	words = map[string]bool{"auth": true, "pw": true, "pwd": true, "pass": true,
		"passwd": true, "jwt": true, "otp": true}
	parts = []string{"token", "secret", "password", "passwd", "passphrase", "credential",
		"apikey", "privatekey", "accesskey", "sshkey", "secretkey", "signingkey",
		"sessionkey", "cookie", "authorization", "signature", "bearer"}
	notSecret = map[string]bool{"sessionid": true, "idempotencykey": true,
		"businesskey": true, "effectkey": true}
)

// IsSecretName reports whether a header or query parameter name looks like it
// carries a credential (Authorization, X-Api-Key, token, sig, ...).
func IsSecretName(name string) bool {
	var ws []string
	for _, w := range split.Split(strings.ToLower(camel.ReplaceAllString(name, "${1}_${2}")), -1) {
		if w != "" {
			ws = append(ws, w)
		}
	}
	joined := strings.Join(ws, "")
	if joined == "" || notSecret[joined] {
		return false
	}
	if exact[joined] {
		return true
	}
	for _, w := range ws {
		if words[w] {
			return true
		}
	}
	for _, p := range parts {
		if strings.Contains(joined, p) {
			return true
		}
	}
	return false
}

// URL returns raw safe to show: userinfo hidden, secret query values masked, no
// fragment. A string that does not parse as a URL with a scheme is returned with
// everything before its last "@" hidden, if it has one.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		if at := strings.LastIndex(raw, "@"); at >= 0 {
			if sep := strings.Index(raw, "://"); sep >= 0 && sep < at {
				return raw[:sep+3] + Mask + raw[at:]
			}
		}
		return raw
	}
	hideUser := u.User != nil
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		pairs := strings.Split(u.RawQuery, "&")
		for i, pair := range pairs {
			name, _, hasValue := strings.Cut(pair, "=")
			decoded, err := url.QueryUnescape(name)
			if err != nil {
				decoded = name
			}
			if hasValue && IsSecretName(decoded) {
				pairs[i] = name + "=" + Mask
			}
		}
		u.RawQuery = strings.Join(pairs, "&")
	}
	shown := u.String()
	if hideUser {
		// Inserted by hand: url.User would percent-encode the mask.
		shown = strings.Replace(shown, "://", "://"+Mask+"@", 1)
	}
	return shown
}

// Text returns text with every URL in it redacted and every secret literal
// (a static header's value) replaced by Mask.
func Text(text string, secrets ...string) string {
	text = inText.ReplaceAllStringFunc(text, URL)
	for _, s := range secrets {
		if len(s) >= 4 {
			text = strings.ReplaceAll(text, s, Mask)
		}
	}
	return text
}
