package connectors

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tape-dev/tape/sdk/go/tapepb"
)

func TestLogConnectorAppendsOneLinePerDispatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	log := &LogConnector{Path: path}
	effect := wire()
	effect.RequestJson = `{"to": "<acct>", "amount": 100}`
	for i := 0; i < 2; i++ {
		result, err := log.Dispatch(context.Background(), effect)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha1.Sum([]byte(effect.IdempotencyKey))
		if want := "log-" + hex.EncodeToString(sum[:])[:12]; result.Outcome != Confirmed || result.ExternalRef != want {
			t.Fatalf("result %+v, want confirmed %s", result, want)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), data)
	}
	if !strings.HasPrefix(lines[0], `{"ts_ms":`) || !strings.Contains(lines[0], `"request":{"to":"<acct>","amount":100}`) {
		t.Errorf("line %s", lines[0])
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for k := range line {
		keys = append(keys, k)
	}
	want := map[string]any{"run_id": "run-1", "idempotency_key": effect.IdempotencyKey,
		"tool_name": "wire", "business_key": "invoice-7"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v", k, line[k], v)
		}
	}
	if len(keys) != 6 {
		t.Errorf("keys %v", keys)
	}
}

func TestLogConnectorKeepsARequestThatIsNotJSON(t *testing.T) {
	for text, want := range map[string]any{"": nil, "not json": "not json"} {
		if got := requestJSON(text); string(got) != mustJSON(want) {
			t.Errorf("requestJSON(%q) = %s", text, got)
		}
	}
}

func mustJSON(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func TestRegistry(t *testing.T) {
	r := NewRegistry()
	noop := ConnectorFunc(func(context.Context, *tapepb.EffectRecord) (Result, error) { return Result{}, nil })
	r.Register("b", noop)
	r.Register("a", noop)
	r.Register("a", &LogConnector{}) // a later registration replaces
	if got := r.Names(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Names() = %v", got)
	}
	if c, ok := r.Get("a"); !ok || reflect.TypeOf(c) != reflect.TypeOf(&LogConnector{}) {
		t.Errorf("Get(a) = %T %v", c, ok)
	}
	if _, ok := r.Get("missing"); ok {
		t.Error("Get(missing) found one")
	}
	for name, c := range map[string]Connector{"": noop, "x": nil} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q, %v) did not panic", name, c)
				}
			}()
			r.Register(name, c)
		}()
	}
}
