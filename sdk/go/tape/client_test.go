package tape

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	for raw, want := range map[string]Target{
		"tape://localhost:7878":     {Address: "localhost:7878", Host: "localhost"},
		"tape://tape.internal":      {Address: "tape.internal:7878", Host: "tape.internal"},
		"tapes://tape.example":      {Address: "tape.example:443", Host: "tape.example", TLS: true},
		"tapes://tape.example:9443": {Address: "tape.example:9443", Host: "tape.example", TLS: true},
		"tape://[::1]:7000":         {Address: "[::1]:7000", Host: "::1"},
	} {
		got, err := ParseURL(raw, "url")
		if err != nil || got != want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", "localhost:7878", "http://localhost:7878", "tape://", "tape://h:99999",
		"tape://h:port"} {
		var configErr *ConfigError
		if _, err := ParseURL(raw, "--url"); !errors.As(err, &configErr) || !strings.HasPrefix(err.Error(), "--url must be") {
			t.Errorf("ParseURL(%q) error = %v", raw, err)
		}
	}
	_, err := ParseURL("grpc://admin:hunter22@host:1", "url")
	if err == nil || strings.Contains(err.Error(), "hunter22") {
		t.Errorf("error %v", err)
	}
}

func TestDialChecksTheTLSRoots(t *testing.T) {
	t.Setenv("TAPE_TLS_CA", filepath.Join(t.TempDir(), "missing.pem"))
	var configErr *ConfigError
	if _, err := Dial(Options{URL: "tapes://localhost"}); !errors.As(err, &configErr) ||
		!strings.Contains(err.Error(), "TAPE_TLS_CA") {
		t.Errorf("unreadable TAPE_TLS_CA: %v", err)
	}
	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAPE_TLS_CA", notPEM)
	if _, err := Dial(Options{URL: "tapes://localhost"}); !errors.As(err, &configErr) {
		t.Errorf("TAPE_TLS_CA without PEM: %v", err)
	}
	// Plain tape:// never reads it.
	client, err := Dial(Options{URL: "tape://localhost:7878"})
	if err != nil {
		t.Fatal(err)
	}
	client.Close()
}
