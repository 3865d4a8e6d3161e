package outbox

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/tape-dev/tape/sdk/go/connectors"
	"github.com/tape-dev/tape/sdk/go/tapepb"
	"google.golang.org/protobuf/proto"
)

// Dispatcher runs passes of the outbox over one tape server.
type Dispatcher struct {
	client tapepb.TapeClient
	config Config
	now    func() time.Time
}

// New returns a dispatcher over client (a *tape.Client, or any tapepb.TapeClient).
// A wrong Config is a *ConfigError.
func New(client tapepb.TapeClient, config Config) (*Dispatcher, error) {
	if client == nil {
		return nil, &ConfigError{Message: "outbox: New needs a client"}
	}
	config, err := config.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Dispatcher{client: client, config: config, now: time.Now}, nil
}

// Config returns the configuration in force (defaults filled in).
func (d *Dispatcher) Config() Config { return d.config }

// RunOnce runs one pass and returns a row per effect it looked at. An error means
// the server could not be asked or told; effects claimed but not recorded then
// come back through ExpireDispatchClaims when their lease ends.
func (d *Dispatcher) RunOnce(ctx context.Context) ([]Row, error) {
	cfg := d.config
	maxAttempts := int32(cfg.MaxAttempts)
	expired, err := d.client.ExpireDispatchClaims(ctx, &tapepb.ExpireDispatchClaimsRequest{MaxAttempts: &maxAttempts})
	if err != nil {
		return nil, fmt.Errorf("outbox: expire dispatch claims: %w", err)
	}
	rows := []Row{}
	for _, effect := range expired.GetEffects() {
		rows = append(rows, row(effect, "unknown", "dispatcher lost mid-call (claim expired); reconciler will observe"))
	}

	limit := int64(cfg.Limit)
	due, err := d.client.ListEffectsToDispatch(ctx, &tapepb.ListEffectsToDispatchRequest{
		Limit:       &limit,
		Connector:   &cfg.Connector,
		MaxAttempts: &maxAttempts,
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: list effects to dispatch: %w", err)
	}
	var claimed []*tapepb.EffectRecord
	var claimErr error
	leaseMs := cfg.Lease.Milliseconds()
	for _, effect := range due.GetEffects() {
		if _, ok := cfg.Registry.Get(effect.GetConnector()); !ok {
			if cfg.Connector == "" {
				rows = append(rows, row(effect, "skipped", fmt.Sprintf("no connector registered: '%s'", effect.GetConnector())))
			}
			continue
		}
		claim, err := d.client.ClaimEffectDispatch(ctx, &tapepb.ClaimEffectDispatchRequest{
			RunId:          proto.String(effect.GetRunId()),
			IdempotencyKey: proto.String(effect.GetIdempotencyKey()),
			Claimer:        proto.String(cfg.Claimer),
			LeaseTtlMs:     &leaseMs,
			MaxAttempts:    &maxAttempts,
		})
		if err != nil {
			// Claim no more, but dispatch and record what is claimed: left to expire, a
			// claimed NON_IDEMPOTENT effect would turn UNKNOWN without ever being sent.
			claimErr = fmt.Errorf("outbox: claim %s: %w", effect.GetIdempotencyKey(), err)
			break
		}
		if claim.GetAcquired() {
			claimed = append(claimed, claim.GetEffect())
		} else {
			// The server's compare-and-swap gave it to another dispatcher: never call.
			rows = append(rows, row(claim.GetEffect(), "skipped", "claimed by another dispatcher"))
		}
	}
	if len(claimed) == 0 {
		return rows, claimErr
	}

	// The upstream calls, concurrently and outside any call to the server.
	outcomes := make([]*tapepb.DispatchOutcome, len(claimed))
	results := make([]Row, len(claimed))
	errs := make([]error, len(claimed))
	var wg sync.WaitGroup
	for i, effect := range claimed {
		wg.Add(1)
		go func(i int, effect *tapepb.EffectRecord) {
			defer wg.Done()
			outcomes[i], results[i], errs[i] = d.dispatch(ctx, effect)
		}(i, effect)
	}
	wg.Wait()
	var record []*tapepb.DispatchOutcome
	var recordedRows []Row
	firstErr := claimErr
	for i := range claimed {
		if errs[i] != nil {
			// Not recorded: the claim expires and the effect comes back through
			// ExpireDispatchClaims (UNKNOWN for a NON_IDEMPOTENT one).
			if firstErr == nil {
				firstErr = errs[i]
			}
			continue
		}
		record = append(record, outcomes[i])
		recordedRows = append(recordedRows, results[i])
	}
	if len(record) > 0 {
		recorded, err := d.client.RecordDispatchOutcomes(ctx, &tapepb.RecordDispatchOutcomesRequest{
			Outcomes: record,
			Claimer:  proto.String(cfg.Claimer),
		})
		if err != nil {
			return rows, fmt.Errorf("outbox: record dispatch outcomes: %w", err)
		}
		stored := recorded.GetResults()
		for i, r := range recordedRows {
			if i >= len(stored) || !stored[i].GetFound() {
				r.Result, r.Reason = "lost-race", "the effect moved meanwhile"
			}
			rows = append(rows, r)
		}
	}
	return rows, firstErr
}

// dispatch calls the effect's connector once and decides what to record. A panic
// in the connector is read like an error it returned.
func (d *Dispatcher) dispatch(ctx context.Context, effect *tapepb.EffectRecord) (*tapepb.DispatchOutcome, Row, error) {
	maxAttempts := int(effect.GetMaxAttempts())
	if maxAttempts <= 0 {
		maxAttempts = d.config.MaxAttempts
	}
	connector, ok := d.config.Registry.Get(effect.GetConnector())
	if !ok { // unregistered since the claim: nothing was sent
		notSent := &connectors.NotAppliedError{Reason: "connector unregistered after the claim"}
		return decide(effect, fromError(effect, notSent), maxAttempts, d.now())
	}
	result, err := call(ctx, connector, effect)
	if err != nil {
		result = fromError(effect, err)
	}
	return decide(effect, result, maxAttempts, d.now())
}

func call(ctx context.Context, connector connectors.Connector, effect *tapepb.EffectRecord) (result connectors.Result, err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("connector %s panicked: %v", effect.GetConnector(), recovered)
		}
	}()
	return connector.Dispatch(ctx, effect)
}

// Run runs passes Interval apart until ctx is done (or one pass, when once),
// calling onPass with each pass's rows. A pass that started runs to its end, so
// what it dispatched is recorded; ctx ends the loop between passes. It returns the
// first pass error, or nil when ctx ends the loop.
func (d *Dispatcher) Run(ctx context.Context, once bool, onPass func([]Row)) error {
	for {
		rows, err := d.RunOnce(detached{ctx})
		if onPass != nil && rows != nil {
			onPass(rows)
		}
		if err != nil {
			return err
		}
		if once {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(d.config.Interval):
		}
	}
}

// detached keeps a context's values but not its cancellation or deadline.
type detached struct{ context.Context }

func (detached) Deadline() (time.Time, bool) { return time.Time{}, false }
func (detached) Done() <-chan struct{}       { return nil }
func (detached) Err() error                  { return nil }
