package tape

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tape-dev/tape/sdk/go/internal/redact"
	"github.com/tape-dev/tape/sdk/go/tapepb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// DefaultURL is the server a client talks to when neither Options.URL nor
// $TAPE_URL names one.
const DefaultURL = "tape://localhost:7878"

// DefaultTimeout is the deadline of a call whose context has none.
const DefaultTimeout = 60 * time.Second

// maxMessageBytes is the largest reply accepted (the Python client's limit).
const maxMessageBytes = 64 << 20

// Options configure Dial. Every field is optional.
type Options struct {
	// URL is the server: tape://host:port or tapes://host[:port] (TLS, port 443 by
	// default). Default: $TAPE_URL, then DefaultURL.
	URL string
	// Token is the bearer token `tape server` asks for. Default: $TAPE_TOKEN.
	Token string
	// RootCAs is the PEM of the CA that signed the server's certificate (tapes://
	// only). Default: the file $TAPE_TLS_CA names, else the system's roots.
	RootCAs []byte
	// Timeout is the deadline of a call whose context has none (DefaultTimeout).
	Timeout time.Duration
}

// Client is a connection to `tape server`: every tape.v1 RPC as a method of the
// embedded tapepb.TapeClient. Failed calls return *Error. Safe for concurrent use.
type Client struct {
	tapepb.TapeClient
	conn    *grpc.ClientConn
	timeout time.Duration
}

// Target is a parsed server URL.
type Target struct {
	// Address is host:port, as gRPC dials it.
	Address string
	// Host is the host name, the name TLS verifies.
	Host string
	// TLS is true for tapes://.
	TLS bool
}

// ParseURL parses tape://host:port or tapes://host[:port]. option names the
// setting in the error (e.g. "--url").
func ParseURL(raw, option string) (Target, error) {
	expected := option + " must be tape://host:port (or tapes://host[:port] for TLS)"
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "tape" && u.Scheme != "tapes") || u.Hostname() == "" {
		return Target{}, &ConfigError{Message: fmt.Sprintf("%s, not %q", expected, redact.URL(raw))}
	}
	tls := u.Scheme == "tapes"
	port := u.Port()
	if port == "" {
		port = "7878"
		if tls {
			port = "443"
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return Target{}, &ConfigError{Message: fmt.Sprintf("%s, not %q (bad port)", expected, redact.URL(raw))}
	}
	return Target{Address: net.JoinHostPort(u.Hostname(), port), Host: u.Hostname(), TLS: tls}, nil
}

// Dial returns a client of the server opts name. No connection is made here:
// the first call connects, as in the other tape clients. A wrong option is a
// *ConfigError.
func Dial(opts Options) (*Client, error) {
	raw := opts.URL
	if raw == "" {
		raw = os.Getenv("TAPE_URL")
	}
	if raw == "" {
		raw = DefaultURL
	}
	target, err := ParseURL(raw, "url")
	if err != nil {
		return nil, err
	}
	token := opts.Token
	if token == "" {
		token = strings.TrimSpace(os.Getenv("TAPE_TOKEN"))
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	transport, err := transportCredentials(target, opts.RootCAs)
	if err != nil {
		return nil, err
	}
	c := &Client{timeout: timeout}
	dialOpts := []grpc.DialOption{
		transport,
		grpc.WithUserAgent("tape-go"),
		grpc.WithUnaryInterceptor(c.intercept),
		// The generated messages are protobuf APIv2 ones: marshal them with APIv2,
		// whatever github.com/golang/protobuf version gRPC's default codec uses.
		grpc.WithDefaultCallOptions(grpc.ForceCodec(codec{}), grpc.MaxCallRecvMsgSize(maxMessageBytes)),
	}
	if token != "" {
		dialOpts = append(dialOpts, grpc.WithPerRPCCredentials(bearer(token)))
	}
	conn, err := grpc.Dial(target.Address, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("tape: dial %s: %w", target.Address, err)
	}
	c.conn = conn
	c.TapeClient = tapepb.NewTapeClient(conn)
	return c, nil
}

// Close closes the connection.
func (c *Client) Close() error {
	return c.conn.Close()
}

func transportCredentials(target Target, roots []byte) (grpc.DialOption, error) {
	if !target.TLS {
		return grpc.WithInsecure(), nil
	}
	if roots == nil {
		if path := os.Getenv("TAPE_TLS_CA"); path != "" {
			pem, err := os.ReadFile(path)
			if err != nil {
				return nil, &ConfigError{Message: fmt.Sprintf("TAPE_TLS_CA names a file that cannot be read (%s)", path), Err: err}
			}
			roots = pem
		}
	}
	config := &tls.Config{ServerName: target.Host, MinVersion: tls.VersionTLS12}
	if roots != nil {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(roots) {
			return nil, &ConfigError{Message: "the TLS root certificates (RootCAs or TAPE_TLS_CA) hold no PEM certificate"}
		}
		config.RootCAs = pool
	}
	return grpc.WithTransportCredentials(credentials.NewTLS(config)), nil
}

// bearer sends `authorization: Bearer <token>` with every call. Over plain
// tape:// too, as the Python and TypeScript clients do (`tape server` on loopback).
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return false }

// intercept gives each call the default deadline and turns a failure into *Error.
func (c *Client) intercept(ctx context.Context, method string, req, reply interface{},
	cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var trailer metadata.MD
	err := invoker(ctx, method, req, reply, cc, append(opts, grpc.Trailer(&trailer))...)
	if err == nil {
		return nil
	}
	rpc := method[strings.LastIndex(method, "/")+1:]
	st := status.Convert(err)
	name := fallbackName(st.Code())
	if named := trailer.Get("tape-error"); len(named) > 0 && named[0] != "" {
		name = named[0]
	}
	return &Error{RPC: rpc, Name: name, Code: st.Code(), Message: st.Message()}
}
