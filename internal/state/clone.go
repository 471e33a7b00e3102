package state

import (
	"crypto/sha256"
	"encoding"
	"fmt"
	"hash"
	"maps"
	"slices"
)

// Clone returns a deep, independent copy of the world: the basis of
// Snapshot/Restore, where a test seeds a world once and restores it per
// subtest. Nothing mutable is shared between w and the copy, so any
// operation on one leaves the other unchanged:
//
//   - every map, slice and struct is copied, and the pointers between model
//     objects are re-wired to the copies (a repository's tag map and push
//     order point at the cloned images);
//   - stored blob bytes are shared: the state machine never writes to them
//     after storing them, and Blob returns a copy;
//   - an open upload's parts are shared like blob bytes (its list of parts
//     is copied), and its running digest is cloned from the hash's state;
//   - the id counters are copied, so the ids issued after a restore repeat
//     exactly the ids issued after the snapshot.
//
// A repository's push order is compacted on the way (the copy has no holes);
// listings and page tokens are unaffected, since both work by push sequence.
//
// The cost is proportional to the state: per repository a fixed number of
// allocations (each map, one array for all its images, one for all its
// layers, one for all the string slices of its images, one for its push
// order), none per image beyond map growth but its scan record if it has
// one, and per open upload its list of parts.
// Strings are immutable and shared.
func (w *World) Clone() *World {
	c := &World{
		cfg:        w.cfg,
		registries: make(map[string]*registry, len(w.registries)),
		blobs:      make(map[string]*blob, len(w.blobs)),
		counters:   w.counters,
		restores:   slices.Clone(w.restores),
		tokens:     maps.Clone(w.tokens),
	}
	blobs := make([]blob, len(w.blobs))
	i := 0
	for d, b := range w.blobs {
		blobs[i] = *b // data is shared: blob bytes are never written after storing
		c.blobs[d] = &blobs[i]
		i++
	}
	for id, r := range w.registries {
		c.registries[id] = r.clone()
	}
	return c
}

func (r *registry) clone() *registry {
	c := &registry{
		id:       r.id,
		repos:    make(map[string]*repository, len(r.repos)),
		names:    slices.Clone(r.names),
		resource: maps.Clone(r.resource),

		scanning:   r.scanning.clone(),
		scanLedger: slices.Clone(r.scanLedger),

		settings: r.settings.clone(),

		signing:   cloneSigning(r.signing),
		backfills: cloneBackfills(r.backfills),

		pullThrough: slices.Clone(r.pullThrough), // its rules hold no reference
		templates:   cloneTemplates(r.templates),
	}
	repos := make([]repository, len(r.repos))
	i := 0
	for name, repo := range r.repos {
		repo.cloneInto(&repos[i])
		c.repos[name] = &repos[i]
		i++
	}
	return c
}

// cloneInto fills c, a zero repository, with a deep copy of repo.
func (repo *repository) cloneInto(c *repository) {
	*c = repository{
		name:       repo.name,
		registryID: repo.registryID,
		createdAt:  repo.createdAt,
		mutability: repo.mutability,
		exclusions: slices.Clone(repo.exclusions),
		scanOnPush: repo.scanOnPush,
		encryption: repo.encryption,
		kmsKey:     clonePtr(repo.kmsKey),
		resource:   maps.Clone(repo.resource),
		policy:     clonePtr(repo.policy),
		images:     make(map[string]*image, len(repo.images)),
		tags:       make(map[string]*image, len(repo.tags)),
		layers:     make(map[string]*layer, len(repo.layers)),
		uploads:    make(map[string]*upload, len(repo.uploads)),
		lifecycle:  repo.lifecycle.clone(),
	}

	layers := make([]layer, len(repo.layers))
	i := 0
	for d, l := range repo.layers {
		layers[i] = *l
		c.layers[d] = &layers[i]
		i++
	}

	for id, up := range repo.uploads {
		c.uploads[id] = up.clone()
	}

	// Images are copied in push order into one array, so the order entries
	// point at them by position. Their string slices (tags, blobs,
	// children) are carved from one shared array with capacity equal to
	// length, so an append to one reallocates instead of overwriting its
	// neighbour.
	live, strs := 0, 0
	for _, e := range repo.order.entries {
		if e.img != nil {
			live++
			strs += len(e.img.tags) + len(e.img.blobs) + len(e.img.children)
		}
	}
	images := make([]image, live)
	buf := make([]string, strs)
	carve := func(s []string) []string {
		if s == nil {
			return nil
		}
		n := copy(buf, s)
		out := buf[:n:n]
		buf = buf[n:]
		return out
	}
	if live > 0 {
		c.order.entries = make([]orderEntry, live)
	}
	i = 0
	for _, e := range repo.order.entries {
		if e.img == nil {
			continue
		}
		img := &images[i]
		*img = *e.img
		img.tags = carve(e.img.tags)
		img.blobs = carve(e.img.blobs)
		img.children = carve(e.img.children)
		img.scan = e.img.scan.clone()
		img.arch = e.img.arch.clone()
		img.replication = maps.Clone(e.img.replication)
		c.order.entries[i] = orderEntry{seq: e.seq, img: img}
		c.images[img.digest] = img
		for _, t := range img.tags {
			c.tags[t] = img
		}
		i++
	}

	// The loop above relies on two invariants of the state machine: every
	// image is in the push order, and repo.tags[t] == img exactly when t is
	// one of img.tags. Should either ever be broken, re-derive the maps from
	// the originals rather than return a copy that differs from them.
	if len(c.images) != len(repo.images) || len(c.tags) != len(repo.tags) {
		repo.rewireSlow(c)
	}
}

// rewireSlow rebuilds c's image and tag maps from repo's maps, copying any
// image the push order does not hold. Only a state that breaks the
// invariants Clone's fast path relies on gets here.
func (repo *repository) rewireSlow(c *repository) {
	byOld := make(map[*image]*image, len(repo.images))
	for _, e := range repo.order.entries {
		if e.img != nil {
			byOld[e.img] = c.images[e.img.digest]
		}
	}
	cloneOf := func(old *image) *image {
		if n := byOld[old]; n != nil {
			return n
		}
		n := new(image)
		*n = *old
		n.tags = slices.Clip(slices.Clone(old.tags))
		n.blobs = slices.Clip(slices.Clone(old.blobs))
		n.children = slices.Clip(slices.Clone(old.children))
		n.scan = old.scan.clone()
		n.arch = old.arch.clone()
		n.replication = maps.Clone(old.replication)
		byOld[old] = n
		return n
	}
	clear(c.images)
	for d, img := range repo.images {
		c.images[d] = cloneOf(img)
	}
	clear(c.tags)
	for t, img := range repo.tags {
		c.tags[t] = cloneOf(img)
	}
}

func (up *upload) clone() *upload {
	// The parts' bytes are shared (never written after they are added);
	// the list of them is not, so an append in either world stays there.
	return &upload{id: up.id, data: up.data.shared(), parts: slices.Clone(up.parts), hash: cloneHash(up.hash)}
}

// cloneHash copies a running digest: through hash.Cloner where the hash
// offers it (crypto/sha256 does since Go 1.25), else through its binary
// marshalled state, which the state machine's hashes (sha256) support.
func cloneHash(h hash.Hash) hash.Hash {
	if h == nil {
		return nil
	}
	if cl, ok := h.(hash.Cloner); ok {
		if c, err := cl.Clone(); err == nil {
			return c
		}
	}
	m, ok := h.(encoding.BinaryMarshaler)
	if !ok {
		panic(fmt.Sprintf("state: cannot clone upload digest %T: not a hash.Cloner nor an encoding.BinaryMarshaler", h))
	}
	st, err := m.MarshalBinary()
	if err != nil {
		panic(fmt.Sprintf("state: cannot clone upload digest %T: %v", h, err))
	}
	c := sha256.New()
	if err := c.(encoding.BinaryUnmarshaler).UnmarshalBinary(st); err != nil {
		panic(fmt.Sprintf("state: cannot clone upload digest %T: %v", h, err))
	}
	return c
}
