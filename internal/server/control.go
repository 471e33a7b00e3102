package server

// The server's own endpoints beside the ECR API: health, clock, reset.

import (
	"encoding/json"
	"net/http"
)

// control returns the handler and log name of a request to one of the
// server's own endpoints, or nil. A request that carries X-Amz-Target is an
// ECR API call whatever its path (ECR ignores the path), so it never lands
// here; nor does anything under /v2/, the registry's.
func (s *Server) control(r *http.Request) (string, http.HandlerFunc) {
	if r.Header.Get("X-Amz-Target") != "" {
		return "", nil
	}
	switch r.URL.Path {
	case HealthPath:
		return "health", s.serveHealth
	case ClockPath:
		return "clock", s.serveClock
	case ClockAdvancePath:
		return "clock-advance", s.serveClockAdvance
	}
	return "", nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeControlError answers {"message": ...}, the shape of the ECR API's
// error bodies, so one client-side check reads both.
func writeControlError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, struct {
		Message string `json:"message"`
	}{message})
}
