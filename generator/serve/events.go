package serve

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// event is one server-sent event.
type event struct{ name, data string }

// broker fans events out to the connected pages.
type broker struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

func (b *broker) subscribe() chan event {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan event, 8)
	if b.closed {
		close(ch)
		return ch
	}
	if b.clients == nil {
		b.clients = make(map[chan event]bool)
	}
	b.clients[ch] = true
	return ch
}

func (b *broker) unsubscribe(ch chan event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.clients[ch] {
		delete(b.clients, ch)
		close(ch)
	}
}

// send delivers e to every client; a client that is not keeping up misses
// it (the next event reloads the page anyway).
func (b *broker) send(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.clients {
		select {
		case ch <- e:
		default:
		}
	}
}

func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.clients {
		close(ch)
	}
	b.clients = nil
}

// eventsPath is where pages listen for reloads.
const eventsPath = "/__rosette/events"

// serveEvents streams events to one page until it goes away.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := s.events.subscribe()
	defer s.events.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 1000\nevent: hello\ndata: ok\n\n")
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-ch:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\n", e.name)
			for _, line := range strings.Split(e.data, "\n") {
				fmt.Fprintf(w, "data: %s\n", line)
			}
			fmt.Fprint(w, "\n")
			fl.Flush()
		}
	}
}
