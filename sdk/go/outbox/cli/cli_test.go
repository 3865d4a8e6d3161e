package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDefaults(t *testing.T) {
	t.Setenv("TAPE_URL", "")
	opts, err := Parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	if opts.URL != "tape://localhost:7878" || opts.Connector != "" || opts.Interval != time.Second ||
		opts.MaxAttempts != 5 || opts.Claimer != "" || opts.Once || opts.RegisterLogConnector ||
		opts.LogConnectorPath != "/tmp/tape-outbox.jsonl" || len(opts.HTTPConnectors) != 0 {
		t.Errorf("defaults %+v", opts)
	}
	t.Setenv("TAPE_URL", "tapes://tape.example:9443")
	if opts, _ := Parse(nil); opts.URL != "tapes://tape.example:9443" {
		t.Errorf("$TAPE_URL ignored: %s", opts.URL)
	}
}

func TestParseEveryFlag(t *testing.T) {
	opts, err := Parse([]string{
		"--url", "tape://127.0.0.1:9000", "--connector", "bank.wire", "--interval", "250",
		"--max-attempts", "3", "--claimer", "go-1", "--once", "--register-log-connector",
		"--log-connector-path", "/tmp/x.jsonl",
		"--register-http-connector", "bank.wire=http://127.0.0.1:8080/wires",
		"--register-http-connector", "mail=https://mail.example/send?x=1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if opts.URL != "tape://127.0.0.1:9000" || opts.Connector != "bank.wire" ||
		opts.Interval != 250*time.Millisecond || opts.MaxAttempts != 3 || opts.Claimer != "go-1" ||
		!opts.Once || !opts.RegisterLogConnector || opts.LogConnectorPath != "/tmp/x.jsonl" {
		t.Errorf("parsed %+v", opts)
	}
	want := []HTTPSpec{{"bank.wire", "http://127.0.0.1:8080/wires"}, {"mail", "https://mail.example/send?x=1"}}
	if len(opts.HTTPConnectors) != 2 || opts.HTTPConnectors[0] != want[0] || opts.HTTPConnectors[1] != want[1] {
		t.Errorf("http connectors %+v", opts.HTTPConnectors)
	}
}

func TestUsageErrorsExitTwoWithOneMessage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"--interval", "soon"}, `--interval must be an integer >= 1, not "soon"`},
		{[]string{"--interval", "0"}, `--interval must be an integer >= 1, not "0"`},
		{[]string{"--max-attempts", "-1"}, `--max-attempts must be an integer >= 1, not "-1"`},
		{[]string{"--url", "http://localhost:7878"}, "--url must be tape://host:port"},
		{[]string{"--register-http-connector", "nourl"}, "--register-http-connector must be NAME=URL"},
		{[]string{"--register-http-connector", "x=ftp://h/"}, "endpoint must be an http:// or https:// URL"},
		{[]string{"--once", "extra"}, `unexpected argument "extra"`},
		{[]string{"--url"}, "flag needs an argument: -url"},
	} {
		var stdout, stderr bytes.Buffer
		code := Main("tape-outbox", tc.args, &stdout, &stderr)
		if code != 2 || !strings.HasPrefix(stderr.String(), "tape-outbox: error: ") ||
			!strings.Contains(stderr.String(), tc.want) ||
			strings.Count(stderr.String(), "\n") != 1 || stdout.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, stderr.String())
		}
	}
}

func TestAURLsSecretsAreNeverShown(t *testing.T) {
	_, err := Parse([]string{"--url", "https://user:pa55word@host/?token=t0ken-value"})
	var usage *UsageError
	if !errors.As(err, &usage) {
		t.Fatalf("error %v", err)
	}
	if strings.Contains(err.Error(), "pa55word") || strings.Contains(err.Error(), "t0ken-value") {
		t.Errorf("message shows a secret: %s", err)
	}
}

func TestHelpGoesToStdoutAndExitsZero(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main("tape-outbox", []string{"--help"}, &stdout, &stderr); code != 0 || stderr.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	for _, flag := range []string{"--url", "--connector", "--interval", "--max-attempts", "--claimer",
		"--once", "--register-log-connector", "--log-connector-path", "--register-http-connector"} {
		if !strings.Contains(stdout.String(), flag) {
			t.Errorf("help lacks %s", flag)
		}
	}
}

func TestAnUnreachableServerExitsOne(t *testing.T) {
	var stdout, stderr bytes.Buffer
	// Port 1 on loopback: nothing listens, the first RPC fails.
	code := Main("tape-outbox", []string{"--url", "tape://127.0.0.1:1", "--once"}, &stdout, &stderr)
	if code != 1 || !strings.HasPrefix(stderr.String(), "tape-outbox: error: ") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestATokenInClearTextOffLoopbackIsWarnedAbout(t *testing.T) {
	t.Setenv("TAPE_TOKEN", "s3cret")
	for url, warned := range map[string]bool{
		"tape://tape.internal:7878": true,
		"tape://127.0.0.1:7878":     false,
		"tape://localhost:7878":     false,
		"tapes://tape.internal":     false,
	} {
		var stderr bytes.Buffer
		warnPlaintextToken(&stderr, "tape-outbox", url)
		if got := strings.Contains(stderr.String(), "without TLS"); got != warned {
			t.Errorf("%s: warned=%v, want %v", url, got, warned)
		}
		if strings.Contains(stderr.String(), "s3cret") {
			t.Errorf("the warning shows the token: %s", stderr.String())
		}
	}
}
