package connectors

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tape-dev/tape/sdk/go/internal/redact"
	"github.com/tape-dev/tape/sdk/go/tapepb"
)

// DefaultHTTPTimeout bounds one HTTP dispatch: connect, send and read.
const DefaultHTTPTimeout = 10 * time.Second

const (
	textLimit = 2000      // a non-JSON reply is recorded up to this many bytes
	jsonLimit = 64 * 1024 // a larger reply is recorded as truncated text
)

// HTTPConnector POSTs each effect's request_json to Endpoint once. Outcomes follow
// tape's HTTP connector (tape/connectors/http.py, docs/design.md decision 10):
//
//	reply in SuccessCodes (200, 201, 202, 204)   confirmed  external_ref from the body
//	reply == DuplicateCode (409)                 confirmed  an idempotency conflict: it landed
//	other 4xx                                    failed     retryable only for 408, 425, 429
//	5xx, 1xx, 3xx, other 2xx                     unknown    it may have landed
//	refused / DNS / connect timeout / TLS        failed     retryable: nothing was sent
//	read timeout, reset, protocol error          unknown    sent; the reply was lost
//
// "Nothing was sent" is known, not guessed: the request is traced, and a failure
// before its first header was written is a retryable failure, any later one unknown.
//
// Headers: Content-Type: application/json, Idempotency-Key, X-Tape-Run-Id,
// X-Tape-Effect-Key (the idempotency key), X-Tape-Business-Key and X-Tape-Attempt,
// after the static Headers. Static header values are sent, never returned in a
// Result or an error.
type HTTPConnector struct {
	// Endpoint is the URL POSTed to (http or https).
	Endpoint string
	// Headers are static headers (auth and the like).
	Headers map[string]string
	// Timeout bounds one dispatch (DefaultHTTPTimeout when zero).
	Timeout time.Duration
	// SuccessCodes are the replies that confirm (200, 201, 202, 204 when empty).
	SuccessCodes []int
	// DuplicateCode is the reply to an idempotency conflict (409 when zero).
	DuplicateCode int
	// RootCAs, when set, are the only CAs trusted for an https Endpoint.
	RootCAs *x509.CertPool

	once   sync.Once // builds client on the first dispatch (passes dispatch concurrently)
	client *http.Client
}

// NewHTTPConnector returns a connector that POSTs to endpoint, an absolute http or
// https URL. The error names the problem with the URL shown redacted.
func NewHTTPConnector(endpoint string) (*HTTPConnector, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("http connector: endpoint must be an http:// or https:// URL, not %q", redact.URL(endpoint))
	}
	return &HTTPConnector{Endpoint: endpoint}, nil
}

// Dispatch POSTs the effect once. Network and HTTP failures are Results, never
// errors.
func (h *HTTPConnector) Dispatch(ctx context.Context, effect *tapepb.EffectRecord) (Result, error) {
	body := effect.GetRequestJson()
	if body == "" {
		body = "{}"
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// wrote becomes 1 once the request's headers are on the wire: from then on a
	// failure may have reached the upstream.
	var wrote int32
	trace := &httptrace.ClientTrace{WroteHeaders: func() { atomic.StoreInt32(&wrote, 1) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace),
		http.MethodPost, h.Endpoint, strings.NewReader(body))
	if err != nil {
		return FailedResult(h.transportError(err, "invalid_request", false), false), nil
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	for name, value := range h.Headers {
		req.Header.Set(name, value)
	}
	key := effect.GetIdempotencyKey()
	for name, value := range map[string]string{
		"Idempotency-Key":     key,
		"X-Tape-Run-Id":       effect.GetRunId(),
		"X-Tape-Effect-Key":   key,
		"X-Tape-Business-Key": effect.GetBusinessKey(),
		"X-Tape-Attempt":      strconv.Itoa(int(effect.GetDispatchAttempts())),
	} {
		req.Header.Set(name, headerValue(value))
	}

	resp, err := h.httpClient().Do(req)
	if err != nil {
		sent := atomic.LoadInt32(&wrote) == 1
		reason, notApplied := classify(err, sent)
		if notApplied {
			return FailedResult(h.transportError(err, reason, true), true), nil
		}
		return UnknownResult(h.transportError(err, reason, false)), nil
	}
	defer resp.Body.Close()
	content, readErr := io.ReadAll(io.LimitReader(resp.Body, jsonLimit+1))
	if readErr != nil {
		// The status line came back: the request reached the upstream.
		return UnknownResult(h.transportError(readErr, "protocol_error", false)), nil
	}
	return h.outcome(resp, content), nil
}

// outcome classifies a reply by its status code (the table in the type's doc).
func (h *HTTPConnector) outcome(resp *http.Response, content []byte) Result {
	code := resp.StatusCode
	response, ref := h.body(code, content)
	duplicate := h.DuplicateCode
	if duplicate == 0 {
		duplicate = http.StatusConflict
	}
	if h.success(code) || code == duplicate {
		return ConfirmedResult(ref, response)
	}
	httpErr := map[string]any{"type": "HTTPError", "status_code": code, "message": fmt.Sprintf("HTTP %d", code)}
	if code >= 400 && code < 500 {
		retryable := code == 408 || code == 425 || code == 429
		httpErr["retryable"] = retryable
		result := Result{Outcome: Failed, Response: response, Error: httpErr, Retryable: retryable}
		if retryable {
			result.RetryAt = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return result
	}
	return Result{Outcome: Unknown, Response: response, Error: httpErr}
}

func (h *HTTPConnector) success(code int) bool {
	codes := h.SuccessCodes
	if len(codes) == 0 {
		codes = []int{200, 201, 202, 204}
	}
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// body is the reply as a JSON-able map (secret header values scrubbed), and the
// external ref in it: "external_ref", else "id", as tape's Python connector reads it.
func (h *HTTPConnector) body(code int, content []byte) (map[string]any, string) {
	if len(content) > 0 && len(content) <= jsonLimit {
		var parsed any
		decoder := json.NewDecoder(bytes.NewReader(content))
		decoder.UseNumber()
		if decoder.Decode(&parsed) == nil {
			scrubbed := scrub(parsed, h.secrets())
			if object, ok := scrubbed.(map[string]any); ok {
				return object, externalRef(object)
			}
			return map[string]any{"status_code": code, "json": scrubbed}, ""
		}
	}
	if len(content) > textLimit {
		content = content[:textLimit]
	}
	text := strings.ToValidUTF8(string(content), "\uFFFD")
	return map[string]any{"status_code": code, "text": redact.Text(text, h.secrets()...)}, ""
}

func externalRef(body map[string]any) string {
	for _, name := range []string{"external_ref", "id"} {
		switch v := body[name].(type) {
		case string:
			if v != "" {
				return v
			}
		case json.Number:
			if _, err := v.Int64(); err == nil {
				return v.String()
			}
		}
	}
	return ""
}

// secrets are the static header values never to be echoed back.
func (h *HTTPConnector) secrets() []string {
	var values []string
	for name, value := range h.Headers {
		if redact.IsSecretName(name) {
			values = append(values, value)
			if _, token, ok := strings.Cut(value, " "); ok {
				values = append(values, token)
			}
		}
	}
	return values
}

func scrub(v any, secrets []string) any {
	switch v := v.(type) {
	case map[string]any:
		for key, value := range v {
			if _, isString := value.(string); isString && redact.IsSecretName(key) {
				v[key] = redact.Mask
				continue
			}
			v[key] = scrub(value, secrets)
		}
		return v
	case []any:
		for i := range v {
			v[i] = scrub(v[i], secrets)
		}
		return v
	case string:
		return redact.Text(v, secrets...)
	default:
		return v
	}
}

// transportError is a secret-free description of a failed exchange.
func (h *HTTPConnector) transportError(err error, reason string, notApplied bool) map[string]any {
	classification := "OutcomeUnknown"
	if notApplied {
		classification = "DefinitelyNotApplied"
	}
	var urlErr *url.Error
	cause := err
	if errors.As(err, &urlErr) {
		cause = urlErr.Err // url.Error's message repeats the whole URL
	}
	return map[string]any{
		"type":           fmt.Sprintf("%T", cause),
		"message":        redact.Text(cause.Error(), h.secrets()...),
		"classification": classification,
		"reason":         reason,
		"retryable":      notApplied && reason != "invalid_request",
		"url":            redact.URL(h.Endpoint),
	}
}

// classify says what a failed exchange tells about the upstream: a reason label,
// and whether the request provably never reached it.
func classify(err error, sent bool) (reason string, notApplied bool) {
	var dnsErr *net.DNSError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	timeout := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
	if netErr, ok := err.(net.Error); ok && netErr.Timeout() {
		timeout = true
	}
	if !sent {
		// Nothing of the request was written: whatever failed, the upstream never got it.
		switch {
		case errors.As(err, &dnsErr):
			return "dns", true
		case errors.Is(err, syscall.ECONNREFUSED):
			return "connection_refused", true
		case errors.As(err, &unknownAuthority),
			errors.As(err, &hostnameErr), errors.As(err, &invalidCert), errors.As(err, &recordErr):
			return "tls_verify", true
		case timeout:
			return "connect_timeout", true
		default:
			return "connect_failed", true
		}
	}
	switch {
	case timeout:
		return "read_timeout", false
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection_reset", false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection_aborted", false
	default:
		return "protocol_error", false
	}
}

// httpClient is the connector's client. Keep-alives are off: Go's transport
// re-sends a request carrying an Idempotency-Key on its own when a reused
// connection fails, and a connector never re-sends (the journal decides).
// Redirects are not followed: a redirected POST is not the call that was journaled.
func (h *HTTPConnector) httpClient() *http.Client {
	h.once.Do(func() {
		transport := &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout: 10 * time.Second,
			DisableKeepAlives:   true,
		}
		if h.RootCAs != nil {
			transport.TLSClientConfig = &tls.Config{RootCAs: h.RootCAs, MinVersion: tls.VersionTLS12}
		}
		h.client = &http.Client{
			Transport: transport,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	})
	return h.client
}

// headerValue percent-encodes what a header value cannot carry (non-ASCII, control
// characters), as tape's Python connector does, instead of failing the dispatch.
func headerValue(value string) string {
	clean := true
	for i := 0; i < len(value); i++ {
		if value[i] < 0x20 || value[i] >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return value
	}
	var b strings.Builder
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c > 0x20 && c < 0x7f && c != '%' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// retryAfter is the time a Retry-After header asks for (seconds or an HTTP date,
// at most an hour away), or zero.
func retryAfter(value string, now time.Time) time.Time {
	value = strings.TrimSpace(value)
	if value == "" {
		return time.Time{}
	}
	var delay time.Duration
	if seconds, err := strconv.ParseFloat(value, 64); err == nil {
		delay = time.Duration(seconds * float64(time.Second))
	} else if at, err := http.ParseTime(value); err == nil {
		delay = at.Sub(now)
	} else {
		return time.Time{}
	}
	if delay < 0 {
		delay = 0
	}
	if delay > time.Hour {
		delay = time.Hour
	}
	return now.Add(delay)
}
