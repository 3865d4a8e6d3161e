package connectors

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/tape-dev/tape/sdk/go/tapepb"
)

// DefaultLogPath is where a LogConnector writes unless told otherwise.
const DefaultLogPath = "/tmp/tape-outbox.jsonl"

// LogConnector appends one JSON line per dispatch to a file, fsynced, and
// confirms: the same lines as tape's Python and TypeScript LogConnectors. It is
// registered as "log" by tape-outbox --register-log-connector.
type LogConnector struct {
	// Path is the file appended to (DefaultLogPath when empty).
	Path string
}

// logLine is one line, its keys in the other languages' order.
type logLine struct {
	TsMs           int64           `json:"ts_ms"`
	RunID          string          `json:"run_id"`
	IdempotencyKey string          `json:"idempotency_key"`
	ToolName       string          `json:"tool_name"`
	BusinessKey    string          `json:"business_key"`
	Request        json.RawMessage `json:"request"`
}

// Dispatch appends the effect's line; external_ref is "log-" and the first 12 hex
// digits of the SHA-1 of the idempotency key.
func (l *LogConnector) Dispatch(_ context.Context, effect *tapepb.EffectRecord) (Result, error) {
	path := l.Path
	if path == "" {
		path = DefaultLogPath
	}
	var line bytes.Buffer
	encoder := json.NewEncoder(&line) // one line, ending in "\n"
	encoder.SetEscapeHTML(false)
	err := encoder.Encode(logLine{
		TsMs:           time.Now().UnixMilli(),
		RunID:          effect.GetRunId(),
		IdempotencyKey: effect.GetIdempotencyKey(),
		ToolName:       effect.GetToolName(),
		BusinessKey:    effect.GetBusinessKey(),
		Request:        requestJSON(effect.GetRequestJson()),
	})
	if err != nil {
		return Result{}, &NotAppliedError{Reason: "encode", Err: err}
	}
	if err := appendSynced(path, line.Bytes()); err != nil {
		// Not written, or written but not known to be durable: the caller decides by
		// the effect's semantics (an unknown for a NON_IDEMPOTENT one).
		return Result{}, err
	}
	sum := sha1.Sum([]byte(effect.GetIdempotencyKey()))
	ref := "log-" + hex.EncodeToString(sum[:])[:12]
	return ConfirmedResult(ref, map[string]any{"path": path}), nil
}

// requestJSON is the request as JSON: itself (compacted, keys in their order) when
// it parses, else a JSON string of it, and null when empty (as the other languages'
// json.loads / JSON.parse do).
func requestJSON(text string) json.RawMessage {
	if text == "" {
		return json.RawMessage("null")
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(text)); err == nil {
		return compact.Bytes()
	}
	quoted, _ := json.Marshal(text)
	return quoted
}

func appendSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return &NotAppliedError{Reason: "open", Err: err}
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("log connector: append to %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("log connector: fsync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("log connector: close %s: %w", path, err)
	}
	return nil
}
