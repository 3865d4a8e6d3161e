package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/tape-dev/tape/sdk/go/connectors"
	"github.com/tape-dev/tape/sdk/go/tapepb"
)

func TestBackoffDoublesFromOneSecondUpToSixty(t *testing.T) {
	want := map[int]time.Duration{
		0: time.Second, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		6: 32 * time.Second, 7: 60 * time.Second, 8: 60 * time.Second, 1000: 60 * time.Second,
	}
	for attempt, delay := range want {
		if got := Backoff(attempt); got != delay {
			t.Errorf("Backoff(%d) = %s, want %s", attempt, got, delay)
		}
	}
}

func effect(semantics tapepb.EffectSemantics, attempt int32) *tapepb.EffectRecord {
	return &tapepb.EffectRecord{
		RunId: "run-1", IdempotencyKey: "run-1/decision-0/wire/0", ToolName: "wire",
		Connector: "bank.wire", Semantics: semantics, DispatchAttempts: attempt,
		Status: tapepb.EffectStatus_EFFECT_STATUS_PENDING,
	}
}

const (
	nonIdempotent = tapepb.EffectSemantics_EFFECT_SEMANTICS_NON_IDEMPOTENT
	idempotent    = tapepb.EffectSemantics_EFFECT_SEMANTICS_IDEMPOTENT
)

func TestNewRetryRefusesABlindRetryOfANonIdempotentUnknown(t *testing.T) {
	unknown := connectors.UnknownResult(map[string]any{"reason": "read_timeout"})
	_, err := NewRetry(effect(nonIdempotent, 1), unknown, time.Now())
	var unsafe *UnsafeRetryError
	if !errors.As(err, &unsafe) {
		t.Fatalf("NewRetry(NON_IDEMPOTENT, unknown) error = %v, want *UnsafeRetryError", err)
	}
	if unsafe.IdempotencyKey != "run-1/decision-0/wire/0" {
		t.Errorf("UnsafeRetryError names %q", unsafe.IdempotencyKey)
	}

	// An effect already UNKNOWN is refused whatever the new result says.
	already := effect(nonIdempotent, 1)
	already.Status = tapepb.EffectStatus_EFFECT_STATUS_UNKNOWN
	failed := connectors.FailedResult(nil, true)
	if _, err := NewRetry(already, failed, time.Now()); !errors.As(err, &unsafe) {
		t.Fatalf("NewRetry(UNKNOWN effect) error = %v, want *UnsafeRetryError", err)
	}
}

func TestNewRetryBuildsTheRetryOfAFailureOrAnIdempotentUnknown(t *testing.T) {
	next := time.UnixMilli(1_700_000_000_000)
	for _, tc := range []struct {
		name      string
		semantics tapepb.EffectSemantics
		result    connectors.Result
	}{
		{"non-idempotent failure", nonIdempotent, connectors.FailedResult(map[string]any{"reason": "dns"}, true)},
		{"idempotent unknown", idempotent, connectors.UnknownResult(nil)},
	} {
		outcome, err := NewRetry(effect(tc.semantics, 1), tc.result, next)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if outcome.Kind != "retry" || outcome.NextDispatchAtMs != next.UnixMilli() {
			t.Errorf("%s: outcome %v", tc.name, outcome)
		}
	}
}

func TestDecideAppliesTheRetryPolicy(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	retryable := connectors.FailedResult(map[string]any{"message": "HTTP 429"}, true)

	outcome, row, err := decide(effect(nonIdempotent, 3), retryable, 5, now)
	if err != nil || outcome.Kind != "retry" || row.Result != "retry-scheduled" {
		t.Fatalf("attempt 3 of 5: %v %v %v", outcome, row, err)
	}
	if want := now.Add(4 * time.Second).UnixMilli(); outcome.NextDispatchAtMs != want {
		t.Errorf("next dispatch at %d, want now + 4 s = %d", outcome.NextDispatchAtMs, want)
	}

	outcome, row, err = decide(effect(nonIdempotent, 5), retryable, 5, now)
	if err != nil || outcome.Kind != "failed" || row.Result != "failed" {
		t.Fatalf("attempt 5 of 5: %v %v %v", outcome, row, err)
	}
	var final struct {
		Final    bool           `json:"final"`
		Attempts int            `json:"attempts"`
		Last     map[string]any `json:"last"`
	}
	if err := json.Unmarshal([]byte(outcome.Error), &final); err != nil || !final.Final ||
		final.Attempts != 5 || final.Last["message"] != "HTTP 429" {
		t.Errorf("final error %s (%v)", outcome.Error, err)
	}

	notRetryable := connectors.FailedResult(map[string]any{"message": "HTTP 400"}, false)
	if outcome, _, _ := decide(effect(idempotent, 1), notRetryable, 5, now); outcome.Kind != "failed" {
		t.Errorf("a non-retryable failure is %q, want failed at once", outcome.Kind)
	}

	asked := retryable
	asked.RetryAt = now.Add(30 * time.Second)
	if outcome, _, _ := decide(effect(idempotent, 1), asked, 5, now); outcome.NextDispatchAtMs != asked.RetryAt.UnixMilli() {
		t.Errorf("Retry-After ignored: next at %d", outcome.NextDispatchAtMs)
	}

	outcome, row, _ = decide(effect(nonIdempotent, 1), connectors.UnknownResult(nil), 5, now)
	if outcome.Kind != "unknown" || row.Result != "unknown" {
		t.Errorf("unknown recorded as %q", outcome.Kind)
	}

	confirmed := connectors.ConfirmedResult("ref-1", map[string]any{"id": "ref-1"})
	outcome, row, _ = decide(effect(nonIdempotent, 1), confirmed, 5, now)
	if outcome.Kind != "confirmed" || outcome.ExternalRef != "ref-1" || row.ExternalRef != "ref-1" {
		t.Errorf("confirmed recorded as %v", outcome)
	}
}

func TestConnectorErrorsAndPanicsAreReadByTheEffectsSemantics(t *testing.T) {
	notApplied := &connectors.NotAppliedError{Reason: "connection_refused"}
	for _, tc := range []struct {
		name      string
		semantics tapepb.EffectSemantics
		err       error
		want      connectors.Outcome
	}{
		{"not applied, non-idempotent", nonIdempotent, notApplied, connectors.Failed},
		{"other error, non-idempotent", nonIdempotent, errors.New("boom"), connectors.Unknown},
		{"other error, idempotent", idempotent, errors.New("boom"), connectors.Failed},
	} {
		if got := fromError(effect(tc.semantics, 1), tc.err); got.Outcome != tc.want || (got.Outcome == connectors.Failed && !got.Retryable) {
			t.Errorf("%s: %v, want %s", tc.name, got, tc.want)
		}
	}

	panicking := connectors.ConnectorFunc(func(context.Context, *tapepb.EffectRecord) (connectors.Result, error) {
		panic("upstream client bug")
	})
	_, err := call(context.Background(), panicking, effect(nonIdempotent, 1))
	if err == nil {
		t.Fatal("a panicking connector returned no error")
	}
	if got := fromError(effect(nonIdempotent, 1), err); got.Outcome != connectors.Unknown {
		t.Errorf("a panic in a NON_IDEMPOTENT dispatch is %s, want unknown", got.Outcome)
	}
}

func TestNewChecksItsConfig(t *testing.T) {
	var client tapepb.TapeClient
	if _, err := New(client, Config{}); err == nil {
		t.Error("New(nil client) succeeded")
	}
	var configErr *ConfigError
	if _, err := New(tapepb.NewTapeClient(nil), Config{MaxAttempts: -1}); !errors.As(err, &configErr) {
		t.Errorf("New(MaxAttempts -1) error = %v, want *ConfigError", err)
	}
	d, err := New(tapepb.NewTapeClient(nil), Config{Claimer: "me"})
	if err != nil {
		t.Fatal(err)
	}
	got := d.Config()
	if got.MaxAttempts != 5 || got.Interval != time.Second || got.Claimer != "me" || got.Registry != connectors.Default {
		t.Errorf("defaults not applied: %+v", got)
	}
}
