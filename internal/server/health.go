package server

// GET /health: what compose files and CI service containers poll.

import (
	"net/http"
	"runtime/debug"
)

// HealthPath answers GET (and HEAD) with 200 and a JSON description of the
// server, once it is serving.
const HealthPath = "/health"

// BuildVersion is the version of the main module the binary was built from:
// the tag with `go install ...@v1.2.3`, a pseudo-version from a VCS checkout,
// "(devel)" when the build records none.
func BuildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

type health struct {
	Status        string         `json:"status"`
	Version       string         `json:"version"`
	AccountID     string         `json:"accountId"`
	DefaultRegion string         `json:"defaultRegion"`
	MaxRegions    int            `json:"maxRegions"`
	Registries    []heldRegistry `json:"registries"`
	Clock         clockState     `json:"clock"`
}

// heldRegistry is one region's registry, created by the region's first request.
type heldRegistry struct {
	Region     string `json:"region"`
	RegistryID string `json:"registryId"`
	// Host is the registry's host name as ECR names it; cmd/ecrfake serves
	// its /v2/ API on its own address.
	Host string `json:"host"`
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeControlError(w, http.StatusMethodNotAllowed, "GET "+HealthPath)
		return
	}
	h := health{
		Status:        "ok",
		Version:       s.cfg.Version,
		AccountID:     s.cfg.AccountID,
		DefaultRegion: s.cfg.DefaultRegion,
		MaxRegions:    s.cfg.MaxRegions,
		Registries:    []heldRegistry{},
		Clock:         s.clock.state(),
	}
	for _, name := range s.Regions() {
		h.Registries = append(h.Registries, heldRegistry{Region: name, RegistryID: s.cfg.AccountID, Host: registryHost(s.cfg.AccountID, name)})
	}
	writeJSON(w, http.StatusOK, h)
}

// registryHost is <account>.dkr.ecr.<region>.amazonaws.com (.com.cn in
// China), the host in a repository URI.
func registryHost(account, region string) string {
	suffix := "amazonaws.com"
	if len(region) > 3 && region[:3] == "cn-" {
		suffix = "amazonaws.com.cn"
	}
	return account + ".dkr.ecr." + region + "." + suffix
}
