// Package connectors is the seam between the outbox dispatcher and the upstreams:
// a Connector performs one effect once, and a Registry maps the connector names
// effects carry to the Connectors this process trusts.
//
// A binary registers its connectors in an init() function:
//
//	func init() {
//		connectors.Default.Register("bank.wire", &wireConnector{})
//	}
//
// Journal data never names code: an effect's connector name is only looked up in
// the registry; nothing is loaded from it.
package connectors

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/tape-dev/tape/sdk/go/tapepb"
)

// Outcome is what a dispatch did, as far as the caller can know.
type Outcome string

const (
	// Confirmed: the upstream applied the call.
	Confirmed Outcome = "confirmed"
	// Failed: the upstream did not apply it. Retried later when Retryable.
	Failed Outcome = "failed"
	// Unknown: the call may have landed. Never sent again blindly; the
	// reconciler asks the upstream.
	Unknown Outcome = "unknown"
)

// Result is a connector's answer for one dispatch. Build it with ConfirmedResult,
// FailedResult or UnknownResult.
type Result struct {
	Outcome Outcome
	// ExternalRef is the upstream's id of what it did (Confirmed).
	ExternalRef string
	// Response is recorded as the effect's response (JSON-able values only).
	Response map[string]any
	// Error describes a Failed or Unknown outcome (JSON-able values only).
	Error map[string]any
	// Retryable marks a Failed outcome safe to send again.
	Retryable bool
	// RetryAt, when set, is the earliest next attempt the upstream asked for
	// (a Retry-After); zero means the dispatcher's backoff.
	RetryAt time.Time
}

// ConfirmedResult is an applied call.
func ConfirmedResult(externalRef string, response map[string]any) Result {
	return Result{Outcome: Confirmed, ExternalRef: externalRef, Response: response}
}

// FailedResult is a call the upstream did not apply.
func FailedResult(err map[string]any, retryable bool) Result {
	return Result{Outcome: Failed, Error: err, Retryable: retryable}
}

// UnknownResult is a call that may have landed.
func UnknownResult(err map[string]any) Result {
	return Result{Outcome: Unknown, Error: err}
}

// Connector performs an effect's call once. Dispatch runs outside any call to the
// tape server; effect.DispatchAttempts is the attempt being made (1 for the first).
//
// Dispatch returns its outcome as a Result. An error instead is read as the
// outcome the connector could not name: a *NotAppliedError is a retryable failure;
// any other error (or a panic) is Unknown for a NON_IDEMPOTENT effect, which may
// have landed, and a retryable failure otherwise.
type Connector interface {
	Dispatch(ctx context.Context, effect *tapepb.EffectRecord) (Result, error)
}

// ConnectorFunc adapts a function to Connector.
type ConnectorFunc func(ctx context.Context, effect *tapepb.EffectRecord) (Result, error)

// Dispatch calls f.
func (f ConnectorFunc) Dispatch(ctx context.Context, effect *tapepb.EffectRecord) (Result, error) {
	return f(ctx, effect)
}

// NotAppliedError says the upstream provably never got the request (refused,
// DNS): safe to retry. Return it from a Connector.
type NotAppliedError struct {
	// Reason is a short label: "connection_refused", "dns", ...
	Reason string
	Err    error
}

func (e *NotAppliedError) Error() string {
	if e.Err == nil {
		return "definitely not applied: " + e.Reason
	}
	return fmt.Sprintf("definitely not applied (%s): %v", e.Reason, e.Err)
}

func (e *NotAppliedError) Unwrap() error { return e.Err }

// Registry maps connector names to Connectors. Safe for concurrent use.
type Registry struct {
	mu         sync.RWMutex
	connectors map[string]Connector
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{connectors: map[string]Connector{}}
}

// Default is the process-wide registry tape-outbox dispatches through.
var Default = NewRegistry()

// Register makes c the connector of effects named name, replacing any earlier
// one. Like http.Handle it panics on a programming error: an empty name or a nil
// connector.
func (r *Registry) Register(name string, c Connector) {
	if name == "" {
		panic("connectors: Register with an empty name")
	}
	if c == nil {
		panic("connectors: Register " + name + " with a nil connector")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connectors[name] = c
}

// Get returns the connector registered as name.
func (r *Registry) Get(name string) (Connector, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c, ok := r.connectors[name]
	return c, ok
}

// Names returns the registered names, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.connectors))
	for name := range r.connectors {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
