package manifest

import (
	"strconv"
	"strings"
)

// Constraint texts (see the package documentation).
const (
	constraintSyntax      = "Invalid JSON syntax"
	constraintUnsupported = "Unsupported manifest media type"
	constraintMismatch    = "Manifest media type does not match the provided imageManifestMediaType"
	prefixMissing         = "Missing required field: "
	prefixDigest          = "Invalid digest: "
	prefixSize            = "Invalid size: "
	prefixParams          = "Media type parameters are not supported: "
)

func syntax() *Error { return &Error{Member: MemberManifest, Constraint: constraintSyntax} }

// Parse validates raw, the exact bytes of a manifest, the way ECR's PutImage
// does. mediaTypeParam is PutImage's imageManifestMediaType ("" if absent).
// Every failure is an [*Error]. The returned Manifest does not alias raw.
func Parse(raw []byte, mediaTypeParam string) (*Manifest, error) {
	return ParseString(string(raw), mediaTypeParam)
}

// ParseString is [Parse] for a manifest held in a string. The strings of the
// returned Manifest may share memory with raw (strings are immutable, so
// they cannot change, but they keep raw reachable).
func ParseString(raw string, mediaTypeParam string) (*Manifest, error) {
	var buf [16]span
	spans, ok := scanDoc(raw, buf[:0], true)
	if !ok {
		return nil, syntax()
	}
	dc := &doc{s: raw, spans: spans, plain: strings.IndexByte(raw, '\\') < 0}
	b := trimSpace(raw)
	if len(b) == 0 || b[0] != '{' {
		return nil, syntax()
	}

	var top topLevel
	if err := dc.eachMember(b, top.collect); err != nil {
		return nil, syntax()
	}

	p := parser{top: &top}
	mt, err := p.resolve(mediaTypeParam)
	if err != nil {
		return nil, err
	}
	h := &holder{}
	m := &h.m
	m.MediaType = mt
	switch mt {
	case DockerV1, DockerV1Signed:
		err = p.schema1(dc, m, h)
	case DockerV2, OCIManifest:
		err = p.image(dc, m, h, mt == OCIManifest)
	default: // DockerList, OCIIndex
		err = p.index(dc, m, h, mt == OCIIndex)
	}
	if err != nil {
		return nil, syntax()
	}
	if p.first != nil {
		// A fresh copy: returning p.first itself would make everything
		// the parser points to escape to the heap.
		return nil, &Error{Member: p.first.Member, Constraint: p.first.Constraint}
	}
	return m, nil
}

// holder allocates a Manifest together with the descriptors a typical one
// has, so parsing a small image manifest costs one allocation.
type holder struct {
	m      Manifest
	config Descriptor
	descs  [inlineDescriptors]Descriptor
}

const inlineDescriptors = 4

// descriptorSlice returns an empty slice with room for n descriptors, from
// the holder when they fit.
func (h *holder) descriptorSlice(n int) []Descriptor {
	if n <= inlineDescriptors {
		return h.descs[:0:n]
	}
	return make([]Descriptor, 0, n)
}

// topLevel holds the raw values of the top-level members Parse interprets;
// a member that is absent or null stays "" (a present value never is).
type topLevel struct {
	schemaVersion, mediaType, signatures string
	config, layers, manifests, fsLayers  string
	subject, artifactType, annotations   string
}

func (t *topLevel) collect(key, val string) error {
	if isNull(val) {
		return nil
	}
	switch key {
	case "schemaVersion":
		t.schemaVersion = val
	case "mediaType":
		t.mediaType = val
	case "signatures":
		t.signatures = val
	case "config":
		t.config = val
	case "layers":
		t.layers = val
	case "manifests":
		t.manifests = val
	case "fsLayers":
		t.fsLayers = val
	case "subject":
		t.subject = val
	case "artifactType":
		t.artifactType = val
	case "annotations":
		t.annotations = val
	}
	return nil
}

// parser decodes the members of one manifest. Wrong JSON types abort with
// errSyntax at once; shape violations are recorded (the first one wins) and
// decoding continues, so a type error anywhere still yields "Invalid JSON
// syntax".
type parser struct {
	top           *topLevel
	schemaVersion int64
	hasVersion    bool
	first         *Error
}

// fail records a shape violation at the path base[idx].field (idx < 0: no
// index; field "": none). The path string is only built for the first one.
func (p *parser) fail(prefix, base string, idx int, field string) {
	if p.first != nil {
		return
	}
	path := base
	if idx >= 0 {
		path += "[" + strconv.Itoa(idx) + "]"
	}
	if field != "" {
		if path != "" {
			path += "."
		}
		path += field
	}
	p.first = &Error{Member: MemberManifest, Constraint: prefix + path}
}

// resolve decodes the members that identify the type and picks the media type.
func (p *parser) resolve(param string) (string, error) {
	t := p.top
	body := ""
	if t.mediaType != "" {
		s, err := decodeString(t.mediaType)
		if err != nil {
			return "", syntax()
		}
		body = s
	}
	if t.schemaVersion != "" {
		v, err := decodeInt(t.schemaVersion)
		if err != nil {
			return "", syntax()
		}
		p.schemaVersion, p.hasVersion = v, true
	}
	if t.signatures != "" && t.signatures[0] != '[' {
		return "", syntax()
	}

	switch {
	case param != "":
		if !IsSupported(param) {
			return "", &Error{Member: MemberMediaType, Constraint: constraintUnsupported}
		}
		if body != "" && body != param {
			return "", &Error{Member: MemberManifest, Constraint: constraintMismatch}
		}
		return param, nil
	case body != "":
		if !IsSupported(body) {
			return "", &Error{Member: MemberManifest, Constraint: constraintUnsupported}
		}
		return body, nil
	case p.hasVersion && p.schemaVersion == 1:
		if t.signatures != "" {
			return DockerV1Signed, nil
		}
		return DockerV1, nil
	}
	return "", syntax()
}

func (p *parser) checkVersion(want int64) {
	switch {
	case !p.hasVersion:
		p.fail(prefixMissing, "schemaVersion", -1, "")
	case p.schemaVersion != want && p.first == nil:
		p.first = &Error{Member: MemberManifest, Constraint: "Invalid schemaVersion: expected " + strconv.FormatInt(want, 10)}
	}
}

// image decodes a Docker v2 or OCI image manifest.
func (p *parser) image(dc *doc, m *Manifest, h *holder, oci bool) error {
	t := p.top
	p.checkVersion(2)

	if t.config == "" {
		p.fail(prefixMissing, "config", -1, "")
	} else {
		d, err := p.descriptor(dc, t.config, "config", -1)
		if err != nil {
			return err
		}
		if hasParams(d.MediaType) {
			p.fail(prefixParams, "config", -1, "mediaType")
		}
		h.config = d
		m.Config = &h.config
	}

	if t.layers == "" {
		p.fail(prefixMissing, "layers", -1, "")
	} else {
		layers, err := p.descriptors(dc, t.layers, "layers", h)
		if err != nil {
			return err
		}
		for i := range layers {
			if hasParams(layers[i].MediaType) {
				p.fail(prefixParams, "layers", i, "mediaType")
			}
		}
		m.Layers = layers
	}

	if oci {
		return p.ociExtras(dc, m)
	}
	return nil
}

// index decodes a Docker manifest list or an OCI index.
func (p *parser) index(dc *doc, m *Manifest, h *holder, oci bool) error {
	t := p.top
	p.checkVersion(2)
	if t.manifests == "" {
		p.fail(prefixMissing, "manifests", -1, "")
	} else {
		children, err := p.descriptors(dc, t.manifests, "manifests", h)
		if err != nil {
			return err
		}
		m.Manifests = children
	}
	if oci {
		return p.ociExtras(dc, m)
	}
	return nil
}

// ociExtras decodes artifactType, subject and annotations.
func (p *parser) ociExtras(dc *doc, m *Manifest) error {
	t := p.top
	if t.artifactType != "" {
		s, err := decodeString(t.artifactType)
		if err != nil {
			return err
		}
		if hasParams(s) {
			p.fail(prefixParams, "artifactType", -1, "")
		}
		m.ArtifactType = s
	}
	if t.subject != "" {
		d, err := p.descriptor(dc, t.subject, "subject", -1)
		if err != nil {
			return err
		}
		m.Subject = &d
	}
	if t.annotations != "" {
		a, err := dc.decodeAnnotations(t.annotations)
		if err != nil {
			return err
		}
		m.Annotations = a
	}
	return nil
}

// schema1 decodes a Docker image manifest v2 schema 1 (signed or not).
func (p *parser) schema1(dc *doc, m *Manifest, h *holder) error {
	t := p.top
	p.checkVersion(1)
	if t.fsLayers == "" {
		p.fail(prefixMissing, "fsLayers", -1, "")
		return nil
	}
	count := 0
	if err := dc.eachElem(t.fsLayers, func(int, string) error { count++; return nil }); err != nil {
		return err
	}
	layers := h.descriptorSlice(count)
	err := dc.eachElem(t.fsLayers, func(i int, v string) error {
		var blobSum string
		err := dc.eachMember(v, func(key, val string) error {
			if key == "blobSum" && !isNull(val) {
				blobSum = val
			}
			return nil
		})
		if err != nil {
			return err
		}
		d := Descriptor{}
		if blobSum == "" {
			p.fail(prefixMissing, "fsLayers", i, "blobSum")
		} else {
			s, err := dc.decodeString(blobSum)
			if err != nil {
				return err
			}
			if !IsValidDigest(s) {
				p.fail(prefixDigest, "fsLayers", i, "blobSum")
			}
			d.Digest = s
		}
		layers = append(layers, d)
		return nil
	})
	if err != nil {
		return err
	}
	m.Layers = layers
	return nil
}

// descriptors decodes an array of descriptors named base.
func (p *parser) descriptors(dc *doc, arr string, base string, h *holder) ([]Descriptor, error) {
	out := h.descs[:0] // grows past the inline array when needed
	err := dc.eachElem(arr, func(i int, v string) error {
		d, err := p.descriptor(dc, v, base, i)
		if err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// descriptor decodes one descriptor at base[idx]; digest and size are
// required, digest must be well formed and size non-negative.
func (p *parser) descriptor(dc *doc, v string, base string, idx int) (Descriptor, error) {
	var d Descriptor
	var digest, size string
	err := dc.eachMember(v, func(key, val string) error {
		if isNull(val) {
			return nil
		}
		var err error
		switch key {
		case "mediaType":
			d.MediaType, err = dc.decodeString(val)
		case "digest":
			digest = val
		case "size":
			size = val
		case "artifactType":
			d.ArtifactType, err = dc.decodeString(val)
		case "annotations":
			d.Annotations, err = dc.decodeAnnotations(val)
		}
		return err
	})
	if err != nil {
		return d, err
	}
	if digest != "" {
		if d.Digest, err = dc.decodeString(digest); err != nil {
			return d, err
		}
	}
	if size != "" {
		if d.Size, err = decodeInt(size); err != nil {
			return d, err
		}
	}
	switch {
	case digest == "":
		p.fail(prefixMissing, base, idx, "digest")
	case !IsValidDigest(d.Digest):
		p.fail(prefixDigest, base, idx, "digest")
	}
	switch {
	case size == "":
		p.fail(prefixMissing, base, idx, "size")
	case d.Size < 0:
		p.fail(prefixSize, base, idx, "size")
	}
	return d, nil
}

// decodeAnnotations decodes an object whose values are all strings.
func (d *doc) decodeAnnotations(v string) (map[string]string, error) {
	out := map[string]string{}
	err := d.eachMember(v, func(key, val string) error {
		s, err := d.decodeString(val)
		if err != nil {
			return err
		}
		out[key] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hasParams reports whether a media type carries parameters (";version=...").
func hasParams(mediaType string) bool { return strings.IndexByte(mediaType, ';') >= 0 }
