package app

import (
	"fmt"
	"net"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/sandbox"
)

// platformStart is the embedded platform opening in the background. Its
// Badger database, the first start's seeding (a bcrypt hash) or a later
// start's password check take a few hundred milliseconds, which the window
// spends starting WebKit and loading the UI meanwhile. Its loopback address
// is reserved at once, so the client and the services are built before it
// answers; a request that comes early waits in the listener's queue.
type platformStart struct {
	done chan struct{}
	sb   *sandbox.Server
	err  error
}

func openPlatform(cfg sandbox.Config, log *logrus.Logger) (*platformStart, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", fmt.Errorf("start the embedded platform: %w", err)
	}
	p := &platformStart{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		sb, err := sandbox.New(cfg)
		if err != nil {
			ln.Close()
			p.err = fmt.Errorf("start the embedded platform: %w", err)
			return
		}
		p.sb = sb
		log.WithField("url", sb.Serve(ln)).Info("embedded PenguinMails platform running")
	}()
	return p, "http://" + ln.Addr().String(), nil
}

// wait returns the running platform, or why it could not start.
func (p *platformStart) wait() (*sandbox.Server, error) {
	<-p.done
	return p.sb, p.err
}
