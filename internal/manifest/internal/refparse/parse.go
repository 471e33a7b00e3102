package refparse

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
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
	if !utf8.Valid(raw) || !json.Valid(raw) {
		return nil, syntax()
	}
	b := trimSpace(raw)
	if len(b) == 0 || b[0] != '{' {
		return nil, syntax()
	}

	var top topLevel
	if err := eachMember(b, top.collect); err != nil {
		return nil, syntax()
	}

	p := parser{top: &top}
	mt, err := p.resolve(mediaTypeParam)
	if err != nil {
		return nil, err
	}
	m := &Manifest{MediaType: mt}
	switch mt {
	case DockerV1, DockerV1Signed:
		err = p.schema1(m)
	case DockerV2, OCIManifest:
		err = p.image(m, mt == OCIManifest)
	default: // DockerList, OCIIndex
		err = p.index(m, mt == OCIIndex)
	}
	if err != nil {
		return nil, syntax()
	}
	if p.first != nil {
		return nil, p.first
	}
	return m, nil
}

// topLevel holds the raw values of the top-level members Parse interprets;
// a member that is absent or null stays nil.
type topLevel struct {
	schemaVersion, mediaType, signatures []byte
	config, layers, manifests, fsLayers  []byte
	subject, artifactType, annotations   []byte
}

func (t *topLevel) collect(key, val []byte) error {
	if isNull(val) {
		return nil
	}
	switch string(key) {
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
	if t.mediaType != nil {
		s, err := decodeString(t.mediaType)
		if err != nil {
			return "", syntax()
		}
		body = s
	}
	if t.schemaVersion != nil {
		v, err := decodeInt(t.schemaVersion)
		if err != nil {
			return "", syntax()
		}
		p.schemaVersion, p.hasVersion = v, true
	}
	if t.signatures != nil && t.signatures[0] != '[' {
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
		if t.signatures != nil {
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
func (p *parser) image(m *Manifest, oci bool) error {
	t := p.top
	p.checkVersion(2)

	if t.config == nil {
		p.fail(prefixMissing, "config", -1, "")
	} else {
		d, err := p.descriptor(t.config, "config", -1)
		if err != nil {
			return err
		}
		if hasParams(d.MediaType) {
			p.fail(prefixParams, "config", -1, "mediaType")
		}
		m.Config = &d
	}

	if t.layers == nil {
		p.fail(prefixMissing, "layers", -1, "")
	} else {
		layers, err := p.descriptors(t.layers, "layers")
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
		return p.ociExtras(m)
	}
	return nil
}

// index decodes a Docker manifest list or an OCI index.
func (p *parser) index(m *Manifest, oci bool) error {
	t := p.top
	p.checkVersion(2)
	if t.manifests == nil {
		p.fail(prefixMissing, "manifests", -1, "")
	} else {
		children, err := p.descriptors(t.manifests, "manifests")
		if err != nil {
			return err
		}
		m.Manifests = children
	}
	if oci {
		return p.ociExtras(m)
	}
	return nil
}

// ociExtras decodes artifactType, subject and annotations.
func (p *parser) ociExtras(m *Manifest) error {
	t := p.top
	if t.artifactType != nil {
		s, err := decodeString(t.artifactType)
		if err != nil {
			return err
		}
		if hasParams(s) {
			p.fail(prefixParams, "artifactType", -1, "")
		}
		m.ArtifactType = s
	}
	if t.subject != nil {
		d, err := p.descriptor(t.subject, "subject", -1)
		if err != nil {
			return err
		}
		m.Subject = &d
	}
	if t.annotations != nil {
		a, err := decodeAnnotations(t.annotations)
		if err != nil {
			return err
		}
		m.Annotations = a
	}
	return nil
}

// schema1 decodes a Docker image manifest v2 schema 1 (signed or not).
func (p *parser) schema1(m *Manifest) error {
	t := p.top
	p.checkVersion(1)
	if t.fsLayers == nil {
		p.fail(prefixMissing, "fsLayers", -1, "")
		return nil
	}
	count := 0
	if err := eachElem(t.fsLayers, func(int, []byte) error { count++; return nil }); err != nil {
		return err
	}
	layers := make([]Descriptor, 0, count)
	err := eachElem(t.fsLayers, func(i int, v []byte) error {
		var blobSum []byte
		err := eachMember(v, func(key, val []byte) error {
			if string(key) == "blobSum" && !isNull(val) {
				blobSum = val
			}
			return nil
		})
		if err != nil {
			return err
		}
		d := Descriptor{}
		if blobSum == nil {
			p.fail(prefixMissing, "fsLayers", i, "blobSum")
		} else {
			s, err := decodeString(blobSum)
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
func (p *parser) descriptors(arr []byte, base string) ([]Descriptor, error) {
	count := 0
	if err := eachElem(arr, func(int, []byte) error { count++; return nil }); err != nil {
		return nil, err
	}
	out := make([]Descriptor, 0, count)
	err := eachElem(arr, func(i int, v []byte) error {
		d, err := p.descriptor(v, base, i)
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
func (p *parser) descriptor(v []byte, base string, idx int) (Descriptor, error) {
	var d Descriptor
	var digest, size []byte
	err := eachMember(v, func(key, val []byte) error {
		if isNull(val) {
			return nil
		}
		var err error
		switch string(key) {
		case "mediaType":
			d.MediaType, err = decodeString(val)
		case "digest":
			digest = val
		case "size":
			size = val
		case "artifactType":
			d.ArtifactType, err = decodeString(val)
		case "annotations":
			d.Annotations, err = decodeAnnotations(val)
		}
		return err
	})
	if err != nil {
		return d, err
	}
	if digest != nil {
		if d.Digest, err = decodeString(digest); err != nil {
			return d, err
		}
	}
	if size != nil {
		if d.Size, err = decodeInt(size); err != nil {
			return d, err
		}
	}
	switch {
	case digest == nil:
		p.fail(prefixMissing, base, idx, "digest")
	case !IsValidDigest(d.Digest):
		p.fail(prefixDigest, base, idx, "digest")
	}
	switch {
	case size == nil:
		p.fail(prefixMissing, base, idx, "size")
	case d.Size < 0:
		p.fail(prefixSize, base, idx, "size")
	}
	return d, nil
}

// decodeAnnotations decodes an object whose values are all strings.
func decodeAnnotations(v []byte) (map[string]string, error) {
	out := map[string]string{}
	err := eachMember(v, func(key, val []byte) error {
		s, err := decodeString(val)
		if err != nil {
			return err
		}
		out[string(key)] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hasParams reports whether a media type carries parameters (";version=...").
func hasParams(mediaType string) bool { return strings.IndexByte(mediaType, ';') >= 0 }
