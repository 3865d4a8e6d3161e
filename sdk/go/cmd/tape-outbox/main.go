// Command tape-outbox is tape's outbox dispatcher in Go: the flags and the safety
// contract of python -m tape.reactors.outbox and tape-outbox-ts. It prints one JSON
// line per pass: {"outbox": [...]}.
//
// It dispatches through the connectors its flags register (--register-log-connector,
// --register-http-connector NAME=URL); a binary of your own registers more in an
// init() and calls cli.Main (see package cli).
package main

import (
	"os"

	"github.com/tape-dev/tape/sdk/go/outbox/cli"
)

func main() {
	os.Exit(cli.Main("tape-outbox", os.Args[1:], os.Stdout, os.Stderr))
}
