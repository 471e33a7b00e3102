package state

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// Pagination tokens are opaque to callers. Each carries the listing it belongs
// to (kind), a fingerprint of the request's scope and filters, and a key-based
// cursor: the position after the last item returned. Resuming is a binary
// search, so a page costs the same at any depth, and items inserted or deleted
// between pages are neither duplicated nor make stable items skip.

type listKind byte

const (
	kindRepositories listKind = iota + 1
	kindImages                // DescribeImages
	kindImageIDs              // ListImages
)

const tokenVersion = 1

type cursor struct {
	kind listKind
	fp   uint64
	seq  uint64 // image listings: push sequence of the last image returned
	key  string // repositories: last name; ListImages: last tag of that image ("" = untagged entry)
}

// fingerprint binds a token to the request scope that produced it.
func fingerprint(kind listKind, scope ...string) uint64 {
	h := fnv.New64a()
	h.Write([]byte{byte(kind)})
	for _, s := range scope {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func encodeToken(c cursor) string {
	b := make([]byte, 0, 22+len(c.key))
	b = append(b, tokenVersion, byte(c.kind))
	b = binary.BigEndian.AppendUint64(b, c.fp)
	b = binary.BigEndian.AppendUint64(b, c.seq)
	b = append(b, c.key...)
	b = binary.BigEndian.AppendUint32(b, checksum(b))
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeToken accepts only a token this fake issued for the same kind of
// listing and the same scope; anything else is InvalidParameterException.
func decodeToken(s string, kind listKind, fp uint64) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 22 {
		return cursor{}, errs.InvalidNextToken()
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if checksum(body) != sum || body[0] != tokenVersion || listKind(body[1]) != kind {
		return cursor{}, errs.InvalidNextToken()
	}
	c := cursor{
		kind: kind,
		fp:   binary.BigEndian.Uint64(body[2:10]),
		seq:  binary.BigEndian.Uint64(body[10:18]),
		key:  string(body[18:]),
	}
	if c.fp != fp {
		return cursor{}, errs.InvalidNextToken()
	}
	return c, nil
}

func checksum(b []byte) uint32 {
	h := fnv.New32a()
	h.Write(b)
	return h.Sum32()
}

// pageSize resolves maxResults against its default and the configured maximum.
func (w *World) pageSize(max *int32, def int) (int, error) {
	if max == nil {
		return min(def, w.cfg.Limits.MaxPageSize), nil
	}
	if int(*max) > w.cfg.Limits.MaxPageSize {
		return 0, errs.InvalidParameterf("maxResults", "Member must have value less than or equal to %d", w.cfg.Limits.MaxPageSize)
	}
	if *max < 1 {
		return 0, errs.InvalidParameter("maxResults", "Member must have value greater than or equal to 1")
	}
	return int(*max), nil
}

// checkBatch applies the configured batch size limit to an id list.
func (w *World) checkBatch(member string, n int) error {
	if n < 1 {
		return errs.InvalidParameter(member, "Member must have length greater than or equal to 1")
	}
	if n > w.cfg.Limits.MaxBatchSize {
		return errs.InvalidParameterf(member, "Member must have length less than or equal to %d", w.cfg.Limits.MaxBatchSize)
	}
	return nil
}
