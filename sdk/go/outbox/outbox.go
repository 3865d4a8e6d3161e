// Package outbox is the outbox dispatcher: it drains PENDING + OUTBOX effects
// through their connectors with the safety contract every tape dispatcher keeps
// (Python's tape.reactors.outbox, TypeScript's sdk/typescript/src/outbox.js):
//
//  1. ExpireDispatchClaims: a NON_IDEMPOTENT effect whose dispatcher died mid-call
//     becomes UNKNOWN (the reconciler asks the upstream; nothing is re-sent);
//  2. ListEffectsToDispatch, then ClaimEffectDispatch per effect: the server's
//     compare-and-swap gives each effect to one dispatcher, and a loser never calls
//     the upstream;
//  3. the connector is called outside any call to the server;
//  4. RecordDispatchOutcomes: confirmed -> CONFIRMED; failed -> PENDING again after
//     Backoff(attempt), FAILED for good once MaxAttempts attempts are used (or at
//     once when the failure is not retryable); unknown -> UNKNOWN, never dispatched
//     again. A retry of a NON_IDEMPOTENT effect whose outcome is unknown cannot
//     even be built: NewRetry refuses it with *UnsafeRetryError.
package outbox

import (
	"fmt"
	"os"
	"time"

	"github.com/tape-dev/tape/sdk/go/connectors"
	"github.com/tape-dev/tape/sdk/go/tapepb"
)

// Defaults of Config (the same in every language's dispatcher).
const (
	DefaultMaxAttempts = 5
	DefaultInterval    = time.Second
	DefaultLimit       = 200
	DefaultLease       = 60 * time.Second
)

// Backoff is the delay before retrying after failed attempt number attempt
// (1-based): min(1 s * 2^(attempt-1), 60 s).
func Backoff(attempt int) time.Duration {
	const base, limit = time.Second, 60 * time.Second
	if attempt < 1 {
		return base
	}
	if attempt > 7 { // 2^6 s already passes the cap; no overflow for large counts
		return limit
	}
	if d := base << (attempt - 1); d < limit {
		return d
	}
	return limit
}

// ConfigError reports a dispatcher configured wrongly; nothing was sent.
type ConfigError struct{ Message string }

func (e *ConfigError) Error() string { return e.Message }

// Config configures a Dispatcher. Zero fields take the defaults.
type Config struct {
	// Connector, when set, restricts the dispatcher to effects of that connector.
	Connector string
	// MaxAttempts is the number of failed attempts after which an effect is
	// FAILED (DefaultMaxAttempts).
	MaxAttempts int
	// Claimer is recorded on claims (DefaultClaimer()).
	Claimer string
	// Interval is the pause between passes of Run (DefaultInterval).
	Interval time.Duration
	// Limit is the most effects one pass looks at (DefaultLimit).
	Limit int
	// Lease is how long a claim holds before ExpireDispatchClaims takes it back
	// (DefaultLease).
	Lease time.Duration
	// Registry holds the connectors (connectors.Default).
	Registry *connectors.Registry
}

// DefaultClaimer is $TAPE_DISPATCH_CLAIMER, else <host>:<pid>.
func DefaultClaimer() string {
	if claimer := os.Getenv("TAPE_DISPATCH_CLAIMER"); claimer != "" {
		return claimer
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

func (c Config) withDefaults() (Config, error) {
	if c.MaxAttempts < 0 || c.Limit < 0 || c.Interval < 0 || c.Lease < 0 {
		return c, &ConfigError{Message: "max attempts, limit, interval and lease must not be negative"}
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Interval == 0 {
		c.Interval = DefaultInterval
	}
	if c.Limit == 0 {
		c.Limit = DefaultLimit
	}
	if c.Lease == 0 {
		c.Lease = DefaultLease
	}
	if c.Lease < 100*time.Millisecond {
		return c, &ConfigError{Message: fmt.Sprintf("lease must be at least 100ms, not %s", c.Lease)}
	}
	if c.Claimer == "" {
		c.Claimer = DefaultClaimer()
	}
	if c.Registry == nil {
		c.Registry = connectors.Default
	}
	return c, nil
}

// Row is one line of a pass's report, the shape the TypeScript dispatcher prints.
type Row struct {
	RunID            string `json:"run_id"`
	IdempotencyKey   string `json:"idempotency_key"`
	Tool             string `json:"tool"`
	Connector        string `json:"connector"`
	Attempt          int32  `json:"attempt"`
	Result           string `json:"result"`
	Reason           string `json:"reason,omitempty"`
	ExternalRef      string `json:"external_ref,omitempty"`
	NextDispatchAtMs int64  `json:"next_dispatch_at_ms,omitempty"`
}

func row(effect *tapepb.EffectRecord, result, reason string) Row {
	return Row{
		RunID:          effect.GetRunId(),
		IdempotencyKey: effect.GetIdempotencyKey(),
		Tool:           effect.GetToolName(),
		Connector:      effect.GetConnector(),
		Attempt:        effect.GetDispatchAttempts(),
		Result:         result,
		Reason:         reason,
	}
}
