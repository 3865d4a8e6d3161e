package tape

import (
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
)

// ConfigError reports a client configured wrongly: a bad URL, an unreadable
// $TAPE_TLS_CA. Nothing was sent.
type ConfigError struct {
	// Message says which setting is wrong and what it expects; it never holds a
	// secret (URLs are shown with their userinfo hidden).
	Message string
	// Err is the underlying failure, if any.
	Err error
}

func (e *ConfigError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *ConfigError) Unwrap() error { return e.Err }

// Error is a failed call: the server's answer, or the transport's.
type Error struct {
	// RPC is the method called, e.g. "ClaimEffectDispatch".
	RPC string
	// Name is the tape.errors class the server named (RunNotFound,
	// InvalidArgument, ...), or Unauthenticated, ServerUnavailable or RemoteError
	// when it named none.
	Name string
	// Code is the gRPC status code.
	Code codes.Code
	// Message is the server's message.
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.RPC, e.Name, e.Message)
}

// IsNamed reports whether err is (or wraps) an *Error whose Name is name.
func IsNamed(err error, name string) bool {
	var tapeErr *Error
	return errors.As(err, &tapeErr) && tapeErr.Name == name
}

// fallbackName names a failure the server did not name, as the TypeScript client does.
func fallbackName(code codes.Code) string {
	switch code {
	case codes.Unauthenticated:
		return "Unauthenticated"
	case codes.Unavailable, codes.DeadlineExceeded:
		return "ServerUnavailable"
	default:
		return "RemoteError"
	}
}
