package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// An export that keeps making progress outlives the server's write timeout;
// the same answer written plainly is cut off. The handler's pauses stand for
// a slow source (net deadlines run on real time).
func TestStreamingOutlivesWriteTimeout(t *testing.T) {
	const writeTimeout = 300 * time.Millisecond
	s := &Server{cfg: Config{Timeouts: Timeouts{Write: writeTimeout}}}
	body := func(w io.Writer) {
		for i := 0; i < 8; i++ {
			fmt.Fprintf(w, "row %d\n", i)
			w.(interface{ Flush() }).Flush()
			time.Sleep(writeTimeout / 3)
		}
	}
	for _, c := range []struct {
		name     string
		wrap     bool
		complete bool
	}{{"streamed", true, true}, {"plain", false, false}} {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.wrap {
				st := s.stream(w)
				body(struct {
					io.Writer
					http.Flusher
				}{st, w.(http.Flusher)})
				return
			}
			body(struct {
				io.Writer
				http.Flusher
			}{w, w.(http.Flusher)})
		}))
		ts.Config.WriteTimeout = writeTimeout
		ts.Start()
		res, err := http.Get(ts.URL)
		var got []byte
		if err == nil {
			got, _ = io.ReadAll(res.Body)
			res.Body.Close()
		}
		ts.Close()
		if complete := strings.Contains(string(got), "row 7\n"); complete != c.complete {
			t.Errorf("%s: complete=%v, want %v (%q)", c.name, complete, c.complete, got)
		}
	}
}
