package platform

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// pipeNet is an in-memory network (net.Pipe) for a platform served inside
// a synctest bubble: blocking on it is durable, so the bubble's clock runs
// past deadlines at once and the tests need no real waiting.
type pipeNet struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeNet() *pipeNet {
	return &pipeNet{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (p *pipeNet) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.done:
		return nil, net.ErrClosed
	}
}

func (p *pipeNet) Close() error   { p.once.Do(func() { close(p.done) }); return nil }
func (p *pipeNet) Addr() net.Addr { return pipeAddr{} }

func (p *pipeNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case p.conns <- server:
		return client, nil
	case <-ctx.Done():
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: ctx.Err()}
	case <-p.done:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: net.ErrClosed}
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "platform.test:80" }

// slowPlatform serves /api/v1/auth/me after delay (bubble time) and returns
// a client on the in-memory network with the given default timeout.
func slowPlatform(t *testing.T, delay, defaultTimeout time.Duration) *Client {
	pn := newPipeNet()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"user":{"id":"usr_1","email":"a@b.test"}}`))
	})}
	go srv.Serve(pn)
	c, err := NewClient("http://platform.test", defaultTimeout)
	if err != nil {
		t.Fatal(err)
	}
	tr := contextTransport()
	tr.DialContext = pn.dial
	c.rc.SetTransport(tr)
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
		pn.Close()
	})
	return c
}

// One timeout rule: the call's context decides, longer or shorter than
// the client's default, and the default only bounds a call without one.
// A deadline is told apart from unreachability, and so is cancellation.
func TestTheCallContextDecidesTheTimeout(t *testing.T) {
	t.Run("a context longer than the default is honoured", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := slowPlatform(t, 18*time.Second, 15*time.Second)
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			if _, err := c.Me(ctx); err != nil {
				t.Fatalf("an answer after 18 s within a 20 s context: %v", err)
			}
		})
	})
	t.Run("without a deadline the default applies", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := slowPlatform(t, time.Minute, 15*time.Second)
			start := time.Now()
			_, err := c.Me(context.Background())
			if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrUnreachable) {
				t.Fatalf("want ErrTimeout, got %v", err)
			}
			if took := time.Since(start); took != 15*time.Second {
				t.Fatalf("gave up after %v, want the 15 s default", took)
			}
		})
	})
	t.Run("a deadline on an open connection is a timeout, not unreachability", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := slowPlatform(t, time.Minute, 15*time.Second)
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			_, err := c.Me(ctx)
			if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrUnreachable) || errors.Is(err, ErrCanceled) {
				t.Fatalf("want ErrTimeout, got %v", err)
			}
		})
	})
	t.Run("cancellation is not unreachability", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := slowPlatform(t, time.Minute, 15*time.Second)
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(time.Second, cancel) // the user moved on
			_, err := c.Me(ctx)
			if !errors.Is(err, ErrCanceled) || errors.Is(err, ErrUnreachable) || errors.Is(err, ErrTimeout) {
				t.Fatalf("want ErrCanceled, got %v", err)
			}
		})
	})
}

// A connection that cannot be made in time is unreachability, even though
// the call's deadline is what ended it.
func TestDialRunningOutOfTimeIsUnreachable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := NewClient("http://platform.test", 0)
		tr := contextTransport()
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			// Packets dropped: the dial never completes; the dialer's own
			// bound ends it after the call has given up.
			select {
			case <-ctx.Done():
			case <-time.After(transportTimeout):
			}
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("i/o timeout")}
		}
		c.rc.SetTransport(tr)
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		if _, err := c.Me(ctx); !errors.Is(err, ErrUnreachable) {
			t.Fatalf("want ErrUnreachable, got %v", err)
		}
		time.Sleep(transportTimeout) // bubble time: the pending dial ends
		synctest.Wait()
	})
}
