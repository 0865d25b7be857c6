package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/sandbox/audit"
	"github.com/penguinmails/console/backend/sandbox/live"
	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/sandbox/usage"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"
)

// Clock tells the time; tests inject a fake one.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Config configures New.
type Config struct {
	DataDir      string // required
	Plan         string // starter|professional|business; default professional (used when seeding)
	DemoPassword string // "" => random, generated at first seed and printed by the CLI
	Clock        Clock  // nil => real time
	// TestControls enables POST /api/v1/_test/clock; off by default.
	TestControls bool
	// PasswordCost is the bcrypt work factor of the passwords this run
	// hashes; 0 => bcryptCost. FOR TESTS ONLY: the tests (sandboxtest, the
	// package's own) and the --test-clock mode set bcrypt.MinCost, because
	// under the race detector on a loaded CI machine each cost-10 hash takes
	// seconds and sign-in/sudo are what every test starts with. Real use
	// never sets it: a stolen data directory must stay expensive to crack.
	// A hash records its own cost, so data written either way still verifies.
	PasswordCost int
	Logger       *logrus.Logger // nil => discard
	// Timeouts of the HTTP server; zero fields take the defaults of
	// DefaultTimeouts. Tests set them short.
	Timeouts Timeouts
}

// Timeouts bound how long a connection may hold the server (SPEC §8.3).
type Timeouts struct {
	// ReadHeader: the request line and headers must arrive within this.
	ReadHeader time.Duration
	// Read: the whole request, body included (a body that never comes is
	// cut off; the handler answers 408 request_timeout).
	Read time.Duration
	// Write: from the end of the headers to the end of the answer.
	Write time.Duration
	// Idle: a keep-alive connection waiting for its next request.
	Idle time.Duration
}

// DefaultTimeouts are the server's limits. The live websocket is exempt
// from Read and Write once upgraded (it has its own ping/pong deadlines).
var DefaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 2 * time.Minute}

func (t Timeouts) orDefault() Timeouts {
	d := DefaultTimeouts
	if t.ReadHeader > 0 {
		d.ReadHeader = t.ReadHeader
	}
	if t.Read > 0 {
		d.Read = t.Read
	}
	if t.Write > 0 {
		d.Write = t.Write
	}
	if t.Idle > 0 {
		d.Idle = t.Idle
	}
	return d
}

// DemoUser is one seeded sign-in. Password is only known when it was set
// during this run (seeded now, or given in Config).
type DemoUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Password string `json:"password,omitempty"`
}

// Server is a running sandbox wire.
type Server struct {
	cfg    Config
	log    *logrus.Logger
	db     *cache.DB
	usage  *usage.Store
	hub    *live.Hub
	clock  Clock
	offset atomic.Int64 // test clock adjustment, ns
	mux    *http.ServeMux
	table  []Route // what routes() registered, for Routes
	// handler is mux behind withRequestID: what is served.
	handler http.Handler

	reqlog   *requestlog.Log
	auditLog *audit.Log
	logOff   atomic.Bool // benchmarks: the gateway without request logging
	settings tenantSettings

	keys *keyIndex

	mu       sync.RWMutex
	limiters map[string]*gcra // by tenant
	tenants  map[string]tenantRec

	sudo          *sudoStore
	attempts      *attemptLimiter // per (email, IP) for sign-in; per user for sudo
	emailAttempts *attemptLimiter // sign-in per email, the higher ceiling
	anon          *anonLimiter
	alerts        *alertThrottle
	secAgg        *secAggregator
	folds         *signInFolds

	demoUsers []DemoUser
	// dummyHash is checked against when the email is unknown (see login); made
	// at cfg.PasswordCost on first need.
	dummyHash     []byte
	dummyHashOnce sync.Once
	baseURL       string
	keyWrite      sync.Mutex // serialises key changes (read, validate, commit, index)
	idemMu        sync.Mutex // serialises idempotent notifications (lookup, send, record)

	countersMu sync.Mutex // orders writes of key counters (counters.go)

	httpSrv   *http.Server
	stop      chan struct{}
	bg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// New opens (or creates) the sandbox's data under cfg.DataDir, seeds the demo
// tenant on first start, and loads keys into memory.
func New(cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("sandbox: a data directory is required")
	}
	planGiven := cfg.Plan != ""
	if !planGiven {
		cfg.Plan = "professional"
	}
	if _, ok := apikey.PlanByName(cfg.Plan); !ok {
		return nil, fmt.Errorf("unknown plan %q (use starter, professional or business)", cfg.Plan)
	}
	log := cfg.Logger
	if log == nil {
		log = logrus.New()
		log.SetOutput(io.Discard)
	}
	clock := cfg.Clock
	if clock == nil {
		clock = realClock{}
	}
	switch {
	case cfg.PasswordCost == 0:
		cfg.PasswordCost = bcryptCost
	case cfg.PasswordCost < bcrypt.MinCost || cfg.PasswordCost > bcrypt.MaxCost:
		return nil, fmt.Errorf("sandbox: password cost %d outside bcrypt's %d..%d", cfg.PasswordCost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	db, err := cache.Open(filepath.Join(cfg.DataDir, "sandbox"), cache.Options{})
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, log: log, db: db, clock: clock,
		keys:          newKeyIndex(),
		limiters:      map[string]*gcra{},
		tenants:       map[string]tenantRec{},
		sudo:          newSudoStore(),
		attempts:      newAttemptLimiter(pairMax, attemptWindow, maxAttemptSubjects),
		emailAttempts: newAttemptLimiter(emailMax, attemptWindow, maxAttemptSubjects),
		anon:          newAnonLimiter(),
		alerts:        newAlertThrottle(),
		secAgg:        newSecAggregator(),
		folds:         newSignInFolds(),
		stop:          make(chan struct{}),
	}
	if s.usage, err = usage.Open(db, s.now); err != nil {
		db.Close()
		return nil, fmt.Errorf("open usage rollups: %w", err)
	}
	s.reqlog, s.auditLog = requestlog.Open(db), audit.Open(db)
	if err := s.settings.load(db); err != nil {
		s.usage.Close()
		db.Close()
		return nil, err
	}
	if err := s.load(); err != nil {
		s.usage.Close()
		db.Close()
		return nil, err
	}
	if err := s.seedDemo(planGiven); err != nil {
		s.usage.Close()
		db.Close()
		return nil, err
	}
	s.hub = live.NewHub(s.liveTick, s.now, log)
	s.mux = s.routes()
	s.handler = withRequestID(s.mux, s.now)
	s.usage.SetBatchHook(s.countBatch)
	s.bg.Add(2)
	go s.hygieneLoop()
	go s.remindLoop()
	return s, nil
}

// now is the sandbox's clock, including any test-control adjustment.
func (s *Server) now() time.Time {
	return s.clock.Now().Add(time.Duration(s.offset.Load())).UTC()
}

// Handler serves the whole platform API.
func (s *Server) Handler() http.Handler { return s.handler }

// Listen serves in the background on addr and returns the base URL.
func (s *Server) Listen(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	return s.Serve(ln), nil
}

// Serve serves in the background on ln (a listener made before the server
// was, see app's platformStart) and returns the base URL.
func (s *Server) Serve(ln net.Listener) string {
	t := s.cfg.Timeouts.orDefault()
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		ErrorLog:          nil,
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.WithError(err).Error("sandbox server stopped")
		}
	}()
	s.baseURL = "http://" + ln.Addr().String()
	return s.baseURL
}

// Close stops serving, ends live connections (every answered request's usage
// is already durable), saves a last usage checkpoint and closes Badger.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		if s.httpSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			s.hub.Close()
			if err := s.httpSrv.Shutdown(ctx); err != nil {
				s.httpSrv.Close()
			}
			cancel()
		} else {
			s.hub.Close()
		}
		s.bg.Wait()
		s.sweepSecEvents(s.now(), true)
		errs := []error{s.usage.Close(), s.db.Close()}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// hygieneLoop writes the counts of repeated security events every few
// seconds and prunes what is past retention once an hour of sandbox time.
func (s *Server) hygieneLoop() {
	defer s.bg.Done()
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	var pruned time.Time
	for {
		now := s.now()
		s.sweepSecEvents(now, false)
		s.folds.sweep(now)
		if d := now.Sub(pruned); d >= pruneEvery || d < 0 {
			if _, err := s.pruneRetention(now); err != nil {
				s.log.WithError(err).Warn("prune security events and outbox")
			}
			s.pruneLogs()
			pruned = now
		}
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

// DemoUsers lists the seeded sign-ins of the demo tenant.
func (s *Server) DemoUsers() []DemoUser { return append([]DemoUser(nil), s.demoUsers...) }

func (s *Server) limiter(tenantID string) *gcra {
	s.mu.RLock()
	g := s.limiters[tenantID]
	s.mu.RUnlock()
	return g
}

func (s *Server) tenant(id string) (tenantRec, bool) {
	s.mu.RLock()
	t, ok := s.tenants[id]
	s.mu.RUnlock()
	return t, ok
}

func (s *Server) addTenant(t tenantRec) {
	p, _ := apikey.PlanByName(t.Plan)
	s.mu.Lock()
	s.tenants[t.ID] = t
	if s.limiters[t.ID] == nil {
		s.limiters[t.ID] = newGCRA(p.PerMinute, p.Burst)
	}
	s.mu.Unlock()
}

// liveTick is the hub's tick: the usage store's last-second numbers plus the
// tenant's limiter state.
func (s *Server) liveTick(tenantID string, now time.Time) wire.LiveMessage {
	m := s.usage.LiveTick(tenantID, now)
	if g := s.limiter(tenantID); g != nil {
		m.Limit = g.rate.Limit
		m.Remaining = g.available(now)
	}
	return m
}
