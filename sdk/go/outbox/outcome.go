package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tape-dev/tape/sdk/go/connectors"
	"github.com/tape-dev/tape/sdk/go/tapepb"
)

// UnsafeRetryError is the refusal to build a retry that could send a
// NON_IDEMPOTENT effect twice: its last outcome is unknown, so the call may have
// landed, and only the reconciler (asking the upstream) may decide it did not.
type UnsafeRetryError struct {
	RunID          string
	IdempotencyKey string
}

func (e *UnsafeRetryError) Error() string {
	return fmt.Sprintf("outbox: refusing a blind retry of NON_IDEMPOTENT effect %s (run %s): "+
		"its outcome is unknown; the reconciler observes it instead", e.IdempotencyKey, e.RunID)
}

// NewRetry builds the outcome that puts effect back to PENDING, due at next. It
// refuses, with *UnsafeRetryError, a retry of a NON_IDEMPOTENT effect after an
// unknown outcome (cause.Outcome == connectors.Unknown, or the effect already
// UNKNOWN): such a retry would be blind.
func NewRetry(effect *tapepb.EffectRecord, cause connectors.Result, next time.Time) (*tapepb.DispatchOutcome, error) {
	nonIdempotent := effect.GetSemantics() == tapepb.EffectSemantics_EFFECT_SEMANTICS_NON_IDEMPOTENT
	unknown := cause.Outcome == connectors.Unknown || effect.GetStatus() == tapepb.EffectStatus_EFFECT_STATUS_UNKNOWN
	if nonIdempotent && unknown {
		return nil, &UnsafeRetryError{RunID: effect.GetRunId(), IdempotencyKey: effect.GetIdempotencyKey()}
	}
	if cause.Outcome == connectors.Confirmed {
		return nil, errors.New("outbox: a confirmed outcome is never retried")
	}
	return &tapepb.DispatchOutcome{
		RunId:            effect.GetRunId(),
		IdempotencyKey:   effect.GetIdempotencyKey(),
		Kind:             "retry",
		Error:            jsonText(errorOrDefault(cause.Error, "failed")),
		NextDispatchAtMs: next.UnixMilli(),
	}, nil
}

// decide turns a connector's answer into the outcome to record and the report row,
// with the retry policy: a retryable failure with attempts left is retried after
// Backoff (or the upstream's Retry-After), any other failure is FAILED for good.
func decide(effect *tapepb.EffectRecord, result connectors.Result, maxAttempts int, now time.Time) (*tapepb.DispatchOutcome, Row, error) {
	runID, key := effect.GetRunId(), effect.GetIdempotencyKey()
	switch result.Outcome {
	case connectors.Confirmed:
		// As the TypeScript dispatcher records them: the connector's response over the
		// ref in the effect's response, the ref over it in the compensation payload.
		response := map[string]any{"external_ref": result.ExternalRef}
		compensation := map[string]any{}
		for k, v := range result.Response {
			response[k] = v
			compensation[k] = v
		}
		compensation["external_ref"] = result.ExternalRef
		r := row(effect, "confirmed", "")
		r.ExternalRef = result.ExternalRef
		return &tapepb.DispatchOutcome{
			RunId:                 runID,
			IdempotencyKey:        key,
			Kind:                  "confirmed",
			ResponseJson:          jsonText(response),
			ExternalRef:           result.ExternalRef,
			CompensateKind:        effect.GetCompensateKind(),
			CompensatePayloadJson: jsonText(compensation),
		}, r, nil
	case connectors.Failed:
		errorJSON := jsonText(errorOrDefault(result.Error, "failed"))
		attempt := int(effect.GetDispatchAttempts())
		if !result.Retryable || attempt >= maxAttempts {
			final := jsonText(map[string]any{"final": true, "attempts": attempt, "last": json.RawMessage(errorJSON)})
			return &tapepb.DispatchOutcome{RunId: runID, IdempotencyKey: key, Kind: "failed", Error: final},
				row(effect, "failed", errorJSON), nil
		}
		next := result.RetryAt
		if next.IsZero() {
			next = now.Add(Backoff(attempt))
		}
		outcome, err := NewRetry(effect, result, next)
		if err != nil {
			return nil, Row{}, err
		}
		r := row(effect, "retry-scheduled", errorJSON)
		r.NextDispatchAtMs = outcome.NextDispatchAtMs
		return outcome, r, nil
	default:
		// Unknown, or an outcome a connector should not have returned: it may have landed.
		described := result.Error
		if described == nil {
			described = map[string]any{"reason": "ack lost"}
		}
		errorJSON := jsonText(described)
		return &tapepb.DispatchOutcome{RunId: runID, IdempotencyKey: key, Kind: "unknown", Error: errorJSON},
			row(effect, "unknown", errorJSON), nil
	}
}

// fromError reads a connector's error (or recovered panic) as an outcome, as the
// other dispatchers do: *NotAppliedError is a retryable failure; anything else is
// unknown for a NON_IDEMPOTENT effect (it may have landed), a retryable failure
// otherwise.
func fromError(effect *tapepb.EffectRecord, err error) connectors.Result {
	var notApplied *connectors.NotAppliedError
	described := map[string]any{"type": fmt.Sprintf("%T", err), "message": truncate(err.Error(), 2000)}
	if errors.As(err, &notApplied) {
		return connectors.FailedResult(described, true)
	}
	if effect.GetSemantics() == tapepb.EffectSemantics_EFFECT_SEMANTICS_NON_IDEMPOTENT {
		described["reason"] = "connector raised"
		return connectors.UnknownResult(described)
	}
	return connectors.FailedResult(described, true)
}

func errorOrDefault(described map[string]any, message string) map[string]any {
	if described == nil {
		return map[string]any{"message": message}
	}
	return described
}

// jsonText is v as JSON text; a value that cannot be encoded is described instead.
func jsonText(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		data, _ = json.Marshal(map[string]any{"unencodable": err.Error()})
	}
	return string(data)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
