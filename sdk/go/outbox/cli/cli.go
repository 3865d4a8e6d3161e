// Package cli is the tape-outbox command line, importable so that a binary can
// register its own connectors in an init() and run the same command:
//
//	package main
//
//	import (
//		"os"
//
//		"github.com/tape-dev/tape/sdk/go/connectors"
//		"github.com/tape-dev/tape/sdk/go/outbox/cli"
//	)
//
//	func init() { connectors.Default.Register("bank.wire", wireConnector{}) }
//
//	func main() { os.Exit(cli.Main("bank-outbox", os.Args[1:], os.Stdout, os.Stderr)) }
//
// The flags are the same in every language's dispatcher; see Usage.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tape-dev/tape/sdk/go/connectors"
	"github.com/tape-dev/tape/sdk/go/internal/redact"
	"github.com/tape-dev/tape/sdk/go/outbox"
	"github.com/tape-dev/tape/sdk/go/tape"
)

// Usage is the help text; %s is the program name.
const Usage = `usage: %s [options]

  --url URL                 tape server (default $TAPE_URL, then tape://localhost:7878;
                            tapes:// for TLS, roots from $TAPE_TLS_CA; token from $TAPE_TOKEN)
  --connector NAME          only dispatch effects of this connector (default: all)
  --interval MS             milliseconds between passes (default 1000)
  --max-attempts N          failed dispatches before an effect is FAILED (default 5)
  --claimer ID              claimer recorded on claims (default $TAPE_DISPATCH_CLAIMER,
                            then <host>:<pid>)
  --once                    run one pass and exit
  --register-log-connector  register the built-in LogConnector (name 'log')
  --log-connector-path PATH where the LogConnector writes (default /tmp/tape-outbox.jsonl)
  --register-http-connector NAME=URL
                            register an HTTP connector named NAME that POSTs each effect
                            to URL (repeatable)
`

// Options are the parsed flags.
type Options struct {
	URL                  string
	Connector            string
	Interval             time.Duration
	MaxAttempts          int
	Claimer              string
	Once                 bool
	RegisterLogConnector bool
	LogConnectorPath     string
	// HTTPConnectors maps NAME to URL, from --register-http-connector.
	HTTPConnectors []HTTPSpec
}

// HTTPSpec is one --register-http-connector NAME=URL.
type HTTPSpec struct {
	Name string
	URL  string
}

// UsageError is a bad command line: exit status 2.
type UsageError struct{ Message string }

func (e *UsageError) Error() string { return e.Message }

// errHelp asks for the help text.
var errHelp = errors.New("help requested")

// Parse reads the command line. A wrong flag or value is a *UsageError.
func Parse(args []string) (Options, error) {
	opts := Options{
		URL:              os.Getenv("TAPE_URL"),
		Interval:         outbox.DefaultInterval,
		MaxAttempts:      outbox.DefaultMaxAttempts,
		LogConnectorPath: connectors.DefaultLogPath,
	}
	if opts.URL == "" {
		opts.URL = tape.DefaultURL
	}
	fs := flag.NewFlagSet("tape-outbox", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, as "<prog>: error: ..."
	fs.StringVar(&opts.URL, "url", opts.URL, "")
	fs.StringVar(&opts.Connector, "connector", "", "")
	fs.Func("interval", "", func(text string) error {
		ms, err := positive("--interval", text)
		opts.Interval = time.Duration(ms) * time.Millisecond
		return err
	})
	fs.Func("max-attempts", "", func(text string) error {
		n, err := positive("--max-attempts", text)
		opts.MaxAttempts = n
		return err
	})
	fs.StringVar(&opts.Claimer, "claimer", "", "")
	fs.BoolVar(&opts.Once, "once", false, "")
	fs.BoolVar(&opts.RegisterLogConnector, "register-log-connector", false, "")
	fs.StringVar(&opts.LogConnectorPath, "log-connector-path", opts.LogConnectorPath, "")
	fs.Func("register-http-connector", "", func(text string) error {
		spec, err := parseHTTPSpec(text)
		opts.HTTPConnectors = append(opts.HTTPConnectors, spec)
		return err
	})
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, errHelp
		}
		return opts, &UsageError{Message: flagMessage(err)}
	}
	if fs.NArg() > 0 {
		return opts, &UsageError{Message: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if _, err := tape.ParseURL(opts.URL, "--url"); err != nil {
		return opts, &UsageError{Message: err.Error()}
	}
	if opts.LogConnectorPath == "" {
		return opts, &UsageError{Message: "--log-connector-path must not be empty"}
	}
	return opts, nil
}

// flagMessage shortens the flag package's messages, which quote the value and
// repeat our own error, to ours alone.
func flagMessage(err error) string {
	var ue *UsageError
	if errors.As(err, &ue) {
		return ue.Message
	}
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "invalid value") {
		return after
	}
	return msg
}

func positive(flagName, text string) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 {
		return 0, &UsageError{Message: fmt.Sprintf("%s must be an integer >= 1, not %q", flagName, text)}
	}
	return n, nil
}

func parseHTTPSpec(text string) (HTTPSpec, error) {
	name, endpoint, ok := strings.Cut(text, "=")
	if !ok || strings.TrimSpace(name) == "" || endpoint == "" {
		return HTTPSpec{}, &UsageError{Message: fmt.Sprintf(
			"--register-http-connector must be NAME=URL, not %q", redact.Text(text))}
	}
	if _, err := connectors.NewHTTPConnector(endpoint); err != nil {
		return HTTPSpec{}, &UsageError{Message: "--register-http-connector " + name + ": " + err.Error()}
	}
	return HTTPSpec{Name: name, URL: endpoint}, nil
}

// Main runs the command and returns the exit status: 0, 1 when the server failed,
// 2 for a usage error. Connectors registered in connectors.Default before it runs
// (in an init()) are dispatched through, beside the flags' own.
func Main(prog string, args []string, stdout, stderr io.Writer) int {
	opts, err := Parse(args)
	if errors.Is(err, errHelp) {
		fmt.Fprintf(stdout, Usage, prog)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: error: %v\n", prog, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, opts, connectors.Default, stdout, stderr, prog); err != nil {
		var ue *UsageError
		var ce *tape.ConfigError
		var oe *outbox.ConfigError
		fmt.Fprintf(stderr, "%s: error: %v\n", prog, err)
		if errors.As(err, &ue) || errors.As(err, &ce) || errors.As(err, &oe) {
			return 2
		}
		return 1
	}
	return 0
}

// Run registers the flags' connectors in registry, then runs the dispatcher until
// ctx ends (one pass with --once), printing one {"outbox": [...]} line per pass.
func Run(ctx context.Context, opts Options, registry *connectors.Registry, stdout, stderr io.Writer, prog string) error {
	if opts.RegisterLogConnector {
		registry.Register("log", &connectors.LogConnector{Path: opts.LogConnectorPath})
	}
	for _, spec := range opts.HTTPConnectors {
		connector, err := connectors.NewHTTPConnector(spec.URL)
		if err != nil {
			return &UsageError{Message: err.Error()}
		}
		registry.Register(spec.Name, connector)
	}
	if opts.Connector != "" {
		if _, ok := registry.Get(opts.Connector); !ok {
			fmt.Fprintf(stderr, "%s: warning: no connector registered as %q: its effects wait "+
				"(register one with connectors.Default.Register in an init() of your binary)\n", prog, opts.Connector)
		}
	}
	warnPlaintextToken(stderr, prog, opts.URL)
	client, err := tape.Dial(tape.Options{URL: opts.URL})
	if err != nil {
		return err
	}
	defer client.Close()
	dispatcher, err := outbox.New(client, outbox.Config{
		Connector:   opts.Connector,
		MaxAttempts: opts.MaxAttempts,
		Claimer:     opts.Claimer,
		Interval:    opts.Interval,
		Registry:    registry,
	})
	if err != nil {
		return err
	}
	encoder := json.NewEncoder(stdout)
	encoder.SetEscapeHTML(false)
	var writeErr error
	err = dispatcher.Run(ctx, opts.Once, func(rows []outbox.Row) {
		if writeErr == nil {
			writeErr = encoder.Encode(map[string][]outbox.Row{"outbox": rows})
		}
	})
	if err != nil {
		return err
	}
	if writeErr != nil {
		return fmt.Errorf("writing the pass report: %w", writeErr)
	}
	return nil
}

// warnPlaintextToken warns, as tape's Python client does, when $TAPE_TOKEN would
// cross the network in clear text: plain tape:// to a host other than loopback.
func warnPlaintextToken(stderr io.Writer, prog, rawURL string) {
	target, err := tape.ParseURL(rawURL, "--url")
	if err != nil || target.TLS || strings.TrimSpace(os.Getenv("TAPE_TOKEN")) == "" {
		return
	}
	if ip := net.ParseIP(target.Host); target.Host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return
	}
	fmt.Fprintf(stderr, "%s: warning: TAPE_TOKEN is sent to %s without TLS: anyone on the "+
		"network path can read it; use tapes://\n", prog, target.Address)
}
