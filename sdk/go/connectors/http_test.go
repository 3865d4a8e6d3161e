package connectors

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tape-dev/tape/sdk/go/tapepb"
)

func wire() *tapepb.EffectRecord {
	return &tapepb.EffectRecord{
		RunId: "run-1", IdempotencyKey: "run-1/decision-0/wire/0", ToolName: "wire",
		BusinessKey: "invoice-7", Connector: "bank.wire", DispatchAttempts: 2,
		RequestJson: `{"amount": 100}`,
	}
}

func mustConnector(t *testing.T, endpoint string) *HTTPConnector {
	t.Helper()
	c, err := NewHTTPConnector(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	c.Timeout = 2 * time.Second
	return c
}

func TestHTTPOutcomeTable(t *testing.T) {
	for _, tc := range []struct {
		status    int
		body      string
		outcome   Outcome
		retryable bool
		ref       string
	}{
		{200, `{"id": "tx-1"}`, Confirmed, false, "tx-1"},
		{201, `{"external_ref": "tx-2", "id": "ignored"}`, Confirmed, false, "tx-2"},
		{202, `{"id": 42}`, Confirmed, false, "42"},
		{204, ``, Confirmed, false, ""},
		{409, `{"id": "tx-3"}`, Confirmed, false, "tx-3"},
		{400, `{"error": "bad"}`, Failed, false, ""},
		{404, ``, Failed, false, ""},
		{408, ``, Failed, true, ""},
		{425, ``, Failed, true, ""},
		{429, ``, Failed, true, ""},
		{500, `oops`, Unknown, false, ""},
		{503, ``, Unknown, false, ""},
		{203, `{"id": "tx-4"}`, Unknown, false, ""},
		{302, ``, Unknown, false, ""},
	} {
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tc.status == 302 {
				w.Header().Set("Location", "/elsewhere")
			}
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		}))
		result, err := mustConnector(t, server.URL).Dispatch(context.Background(), wire())
		server.Close()
		if err != nil {
			t.Fatalf("HTTP %d: Dispatch returned an error: %v", tc.status, err)
		}
		if result.Outcome != tc.outcome || result.Retryable != tc.retryable || result.ExternalRef != tc.ref {
			t.Errorf("HTTP %d: %s retryable=%v ref=%q, want %s retryable=%v ref=%q", tc.status,
				result.Outcome, result.Retryable, result.ExternalRef, tc.outcome, tc.retryable, tc.ref)
		}
	}
}

func TestHTTPSendsTheEffectOnceWithTheTapeHeaders(t *testing.T) {
	type received struct {
		method, path, body string
		header             http.Header
	}
	requests := make(chan received, 10)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		requests <- received{r.Method, r.URL.Path, string(data), r.Header.Clone()}
		w.WriteHeader(200)
	}))
	defer server.Close()
	c := mustConnector(t, server.URL+"/wires")
	c.Headers = map[string]string{"Authorization": "Bearer s3cret-token"}
	effect := wire()
	effect.BusinessKey = "facture-é\r\nX-Injected: 1"
	if _, err := c.Dispatch(context.Background(), effect); err != nil {
		t.Fatal(err)
	}
	got := <-requests
	if len(requests) != 0 || got.method != http.MethodPost || got.path != "/wires" || got.body != `{"amount": 100}` {
		t.Fatalf("%d more calls, %s %s %q", len(requests), got.method, got.path, got.body)
	}
	want := map[string]string{
		"Content-Type":        "application/json",
		"Authorization":       "Bearer s3cret-token",
		"Idempotency-Key":     "run-1/decision-0/wire/0",
		"X-Tape-Run-Id":       "run-1",
		"X-Tape-Effect-Key":   "run-1/decision-0/wire/0",
		"X-Tape-Business-Key": "facture-%C3%A9%0D%0AX-Injected:%201",
		"X-Tape-Attempt":      "2",
	}
	for name, value := range want {
		if got.header.Get(name) != value {
			t.Errorf("header %s = %q, want %q", name, got.header.Get(name), value)
		}
	}
	if got.header.Get("X-Injected") != "" {
		t.Error("a business key injected a header")
	}
}

func TestHTTPRetryAfterOfARetryable4xx(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}))
	defer server.Close()
	before := time.Now()
	result, _ := mustConnector(t, server.URL).Dispatch(context.Background(), wire())
	if delay := result.RetryAt.Sub(before); delay < 29*time.Second || delay > 31*time.Second {
		t.Errorf("RetryAt %s after the call, want about 30 s", delay)
	}
}

func TestHTTPRefusedConnectionIsARetryableFailure(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + listener.Addr().String() + "/wires"
	listener.Close() // nothing listens there now: the connect is refused
	result, _ := mustConnector(t, endpoint).Dispatch(context.Background(), wire())
	if result.Outcome != Failed || !result.Retryable || result.Error["reason"] != "connection_refused" {
		t.Errorf("refused: %s retryable=%v %v", result.Outcome, result.Retryable, result.Error)
	}
}

func TestHTTPUnresolvableHostIsARetryableFailure(t *testing.T) {
	result, _ := mustConnector(t, "http://no-such-host.invalid/wires").Dispatch(context.Background(), wire())
	if result.Outcome != Failed || !result.Retryable || result.Error["classification"] != "DefinitelyNotApplied" {
		t.Errorf("DNS: %s retryable=%v %v", result.Outcome, result.Retryable, result.Error)
	}
}

func TestHTTPRejectedCertificateIsARetryableFailure(t *testing.T) {
	var calls int32
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&calls, 1)
	}))
	server.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failure is expected
	server.StartTLS()
	defer server.Close()
	// The test server's certificate is signed by no CA this client trusts.
	result, _ := mustConnector(t, server.URL).Dispatch(context.Background(), wire())
	if result.Outcome != Failed || !result.Retryable || result.Error["reason"] != "tls_verify" || atomic.LoadInt32(&calls) != 0 {
		t.Errorf("TLS: %s retryable=%v %v (%d calls)", result.Outcome, result.Retryable, result.Error, atomic.LoadInt32(&calls))
	}
}

func TestHTTPLostReplyAfterSendingIsUnknown(t *testing.T) {
	release := make(chan struct{}) // the slow reply is dropped once the connector gave up
	for name, handler := range map[string]http.HandlerFunc{
		// The request arrived; the connection dies before any reply.
		"reset": func(w http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body)
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.(*net.TCPConn).SetLinger(0)
				conn.Close()
			}
		},
		// The request arrived; the reply comes after the connector's timeout.
		"timeout": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		},
	} {
		server := httptest.NewServer(handler)
		c := mustConnector(t, server.URL)
		c.Timeout = 300 * time.Millisecond
		result, err := c.Dispatch(context.Background(), wire())
		if name == "timeout" {
			close(release)
		}
		server.Close()
		if err != nil || result.Outcome != Unknown || result.Error["classification"] != "OutcomeUnknown" {
			t.Errorf("%s: %s %v (%v)", name, result.Outcome, result.Error, err)
		}
	}
}

func TestHTTPNeverResendsOnItsOwn(t *testing.T) {
	var calls int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&calls, 1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close() // the reply is lost: Go's transport may not try again
	}))
	defer server.Close()
	c := mustConnector(t, server.URL)
	for i := 0; i < 3; i++ {
		result, _ := c.Dispatch(context.Background(), wire())
		if result.Outcome != Unknown {
			t.Fatalf("call %d: %s, want unknown", i, result.Outcome)
		}
	}
	if n := atomic.LoadInt32(&calls); n != 3 {
		t.Errorf("the upstream saw %d requests for 3 dispatches", n)
	}
}

func TestHTTPErrorsAndRepliesCarryNoSecret(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	address := listener.Addr().String()
	listener.Close()
	c := mustConnector(t, "http://user:hunter22@"+address+"/wires?api_key=k3y-value&x=1")
	result, _ := c.Dispatch(context.Background(), wire())
	text := result.Error["message"].(string) + " " + result.Error["url"].(string)
	for _, secret := range []string{"hunter22", "k3y-value"} {
		if strings.Contains(text, secret) {
			t.Errorf("error shows %q: %v", secret, result.Error)
		}
	}
	if result.Error["url"] != "http://***@"+address+"/wires?api_key=***&x=1" {
		t.Errorf("url shown as %v", result.Error["url"])
	}

	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		io.WriteString(w, `{"id": "tx", "echo": "got Bearer s3cret-token", "token": "abc"}`)
	}))
	defer server.Close()
	c = mustConnector(t, server.URL)
	c.Headers = map[string]string{"Authorization": "Bearer s3cret-token"}
	result, _ = c.Dispatch(context.Background(), wire())
	if result.Response["echo"] != "got ***" || result.Response["token"] != "***" {
		t.Errorf("reply recorded as %v", result.Response)
	}
}

func TestNewHTTPConnectorChecksTheEndpoint(t *testing.T) {
	for _, bad := range []string{"", "ftp://host/x", "localhost:8080", "http://"} {
		if _, err := NewHTTPConnector(bad); err == nil {
			t.Errorf("NewHTTPConnector(%q) succeeded", bad)
		}
	}
	_, err := NewHTTPConnector("gopher://u:pw-secret@host/")
	if err == nil || strings.Contains(err.Error(), "pw-secret") {
		t.Errorf("error %v", err)
	}
}
