package live

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// conn is one subscriber. Only writeLoop writes to ws (gorilla/websocket
// allows one concurrent writer); everyone else hands it messages through the
// bounded queue.
type conn struct {
	ws    *websocket.Conn
	send  chan []byte
	done  chan struct{}
	once  sync.Once
	skips atomic.Int32 // ticks missed in a row because the queue was full
	logs  bool         // asked for request log entries (set before join)
	sess  Session
	// closeCode and closeText are what the close frame says; set once,
	// before done is closed.
	closeCode int
	closeText string
}

func newConn(ws *websocket.Conn, sess Session) *conn {
	return &conn{ws: ws, send: make(chan []byte, queueSize), done: make(chan struct{}), sess: sess,
		closeCode: websocket.CloseGoingAway, closeText: "server closing"}
}

// offer queues msg without ever blocking the caller; false means the queue
// is full (or the connection is ending).
func (c *conn) offer(msg []byte) bool {
	select {
	case <-c.done:
		return false
	default:
	}
	select {
	case c.send <- msg:
		c.skips.Store(0)
		return true
	default:
		c.skips.Add(1)
		return false
	}
}

// offerQuiet queues msg if there is room, without counting a miss.
func (c *conn) offerQuiet(msg []byte) {
	select {
	case <-c.done:
	case c.send <- msg:
	default:
	}
}

func (c *conn) skipped() int32 { return c.skips.Load() }

// drop ends a connection whose writer may be stuck on a client that does not
// read: closing the socket fails the pending write at once.
func (c *conn) drop() {
	c.stop()
	c.ws.NetConn().Close()
}

func (c *conn) stopped() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// stop asks the writer to send a close frame and end the connection.
func (c *conn) stop() { c.once.Do(func() { close(c.done) }) }

// end is stop with the close frame's code and reason (the first reason wins).
func (c *conn) end(code int, text string) {
	c.once.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
	})
}

func (c *conn) writeLoop(pingEvery time.Duration) {
	ping := time.NewTicker(pingEvery)
	defer func() {
		ping.Stop()
		c.ws.Close() // also ends the reader
	}()
	for {
		select {
		case <-c.done:
			c.ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(c.closeCode, c.closeText), time.Now().Add(time.Second))
			return
		case msg := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.TextMessage, msg); err != nil {
				c.stop()
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.stop()
				return
			}
		}
	}
}
