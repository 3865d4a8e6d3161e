// Package tape is a client of `tape server`: the tape.v1 service of
// proto/tape/v1/tape.proto over gRPC, at tape://host:port (plaintext) or
// tapes://host[:port] (TLS, port 443 by default).
//
// It adds to the generated stubs (package tapepb) what every tape client does the
// same way in each language: the URL forms, the bearer token ($TAPE_TOKEN), the TLS
// roots ($TAPE_TLS_CA), a deadline on every call, and failures as *Error naming the
// tape.errors class the server reported (the `tape-error` trailer).
//
//	client, err := tape.Dial(tape.Options{URL: "tape://localhost:7878"})
//	if err != nil { ... }
//	defer client.Close()
//	effect, err := client.GetEffect(ctx, &tapepb.GetEffectRequest{...})
package tape
