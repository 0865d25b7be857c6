package usage

import (
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// agg is the summary of a bucket, for a whole tenant or one key.
type agg struct {
	n    [nClasses]int64
	lat  int64 // sum of latencies, microseconds
	last int64 // newest event, unix nanos
	peak int64 // highest per-minute request count inside the bucket
	h    hist
}

func (a *agg) total() int64 {
	var t int64
	for _, v := range a.n {
		t += v
	}
	return t
}

func (a *agg) addAgg(o *agg) {
	for i, v := range o.n {
		a.n[i] += v
	}
	a.lat += o.lat
	a.last = max(a.last, o.last)
	a.peak = max(a.peak, o.peak)
	a.h.add(&o.h)
}

// row is one (key, method, route, status, code) combination of a bucket.
type row struct {
	dim    uint32
	n, lat int64
}

type bucket struct {
	total agg
	keys  map[uint32]*agg // by interned key id
	rows  []row
	idx   map[uint32]int32 // dim → position in rows
	asOf  uint64           // the last delta a saved record of this bucket includes
}

func newBucket() *bucket {
	return &bucket{keys: make(map[uint32]*agg), idx: make(map[uint32]int32)}
}

func (b *bucket) key(ki uint32) *agg {
	a := b.keys[ki]
	if a == nil {
		a = &agg{}
		b.keys[ki] = a
	}
	return a
}

func (b *bucket) addRow(dim, ki uint32, cls int, n, lat int64) {
	if i, ok := b.idx[dim]; ok {
		b.rows[i].n += n
		b.rows[i].lat += lat
	} else {
		b.idx[dim] = int32(len(b.rows))
		b.rows = append(b.rows, row{dim: dim, n: n, lat: lat})
	}
	b.total.n[cls] += n
	b.total.lat += lat
	a := b.key(ki)
	a.n[cls] += n
	a.lat += lat
}

// tenantHist holds a tenant's buckets per level, by start (unix seconds).
type tenantHist struct {
	lv [nLevels]map[int64]*bucket
	// dirty lists the records to save: for the minute level by hour start
	// (one record holds an hour's minutes), for hours and days by start.
	dirty [nLevels]map[int64]bool
	// minAsOf is, while loading, the asOf of each hour's minute record.
	minAsOf map[int64]uint64
}

func newTenantHist() *tenantHist {
	th := &tenantHist{}
	for i := range th.lv {
		th.lv[i] = make(map[int64]*bucket)
		th.dirty[i] = make(map[int64]bool)
	}
	th.minAsOf = make(map[int64]uint64)
	return th
}

func (th *tenantHist) bucket(lv level, start int64) *bucket {
	b := th.lv[lv][start]
	if b == nil {
		b = newBucket()
		th.lv[lv][start] = b
	}
	return b
}

// recordStart is the start of the saved record holding a bucket: minutes are
// saved an hour at a time, hours and days one by one.
func recordStart(lv level, start int64) int64 {
	if lv == lvMinute {
		return bucketStart(start, lvHour)
	}
	return start
}

// savedAsOf is the last batch the saved record of a bucket includes (0 when
// it has no record), while loading.
func (th *tenantHist) savedAsOf(lv level, start int64) uint64 {
	if lv == lvMinute {
		return th.minAsOf[bucketStart(start, lvHour)]
	}
	if b := th.lv[lv][start]; b != nil {
		return b.asOf
	}
	return 0
}

func (s *Store) tenantHist(t string) *tenantHist {
	th := s.tenants[t]
	if th == nil {
		th = newTenantHist()
		s.tenants[t] = th
	}
	return th
}

// interner maps the strings of a row to small integers, so that rollups
// store 24-byte rows and queries aggregate into slices instead of maps.
type dimKey struct {
	key, method, route, code string
	status                   int
}

type dimInfo struct {
	key    uint32
	ep     uint32
	status int
	code   string
}

type interner struct {
	dims     map[dimKey]uint32
	dimInfo  []dimInfo
	keys     map[string]uint32
	keyNames []string
	eps      map[[2]string]uint32
	epNames  [][2]string
}

func newInterner() interner {
	return interner{dims: map[dimKey]uint32{}, keys: map[string]uint32{}, eps: map[[2]string]uint32{}}
}

func (in *interner) key(k string) uint32 {
	if i, ok := in.keys[k]; ok {
		return i
	}
	i := uint32(len(in.keyNames))
	in.keys[k] = i
	in.keyNames = append(in.keyNames, k)
	return i
}

func (in *interner) dim(key, method, route, code string, status int) uint32 {
	dk := dimKey{key, method, route, code, status}
	if i, ok := in.dims[dk]; ok {
		return i
	}
	ek := [2]string{method, route}
	ep, ok := in.eps[ek]
	if !ok {
		ep = uint32(len(in.epNames))
		in.eps[ek] = ep
		in.epNames = append(in.epNames, ek)
	}
	i := uint32(len(in.dimInfo))
	in.dims[dk] = i
	in.dimInfo = append(in.dimInfo, dimInfo{key: in.key(key), ep: ep, status: status, code: code})
	return i
}

// delta is one merged batch, in the form it is saved in.
type delta struct {
	Seq  uint64 `json:"seq"`
	Rows []prow `json:"rows"`
	KMs  []pkm  `json:"kms"`
}

type prow struct {
	T  string `json:"t"`
	M  int64  `json:"m"`
	K  string `json:"k"`
	Me string `json:"me"`
	R  string `json:"r"`
	C  string `json:"c,omitempty"`
	S  int    `json:"s"`
	N  int64  `json:"n"`
	L  int64  `json:"l"`
}

type pkm struct {
	T string   `json:"t"`
	M int64    `json:"m"`
	K string   `json:"k"`
	H []uint32 `json:"h"`
	L int64    `json:"l"`
}

type minKey struct {
	t string
	m int64
}

type minKeyK struct {
	t  string
	m  int64
	ki uint32
}

// apply merges a batch into every level. When loading, rollups restored from
// a record already include the batches up to its asOf, so those are skipped
// for them; minutes older than the minute retention only feed the hour and
// day levels.
func (s *Store) apply(d *delta, loading bool) {
	cut := bucketStart(s.clock().Add(-minuteRetention).Unix(), lvMinute)
	// per-minute totals of this batch, for the peaks of minutes not kept
	batchT := map[minKey]int64{}
	batchK := map[minKeyK]int64{}
	for i := range d.Rows {
		r := &d.Rows[i]
		th := s.tenantHist(r.T)
		dim := s.in.dim(r.K, r.Me, r.R, r.C, r.S)
		ki := s.in.dimInfo[dim].key
		cls := classOf(r.S)
		for lv := lvMinute; lv < nLevels; lv++ {
			if lv == lvMinute && r.M < cut {
				continue
			}
			start := bucketStart(r.M, lv)
			if loading && th.savedAsOf(lv, start) >= d.Seq {
				continue // the saved record already counts this batch
			}
			th.bucket(lv, start).addRow(dim, ki, cls, r.N, r.L)
			th.dirty[lv][recordStart(lv, start)] = true
		}
		batchT[minKey{r.T, r.M}] += r.N
		batchK[minKeyK{r.T, r.M, ki}] += r.N
	}
	for i := range d.KMs {
		k := &d.KMs[i]
		th := s.tenantHist(k.T)
		ki := s.in.key(k.K)
		var h hist
		h.addSparse(k.H)
		for lv := lvMinute; lv < nLevels; lv++ {
			if lv == lvMinute && k.M < cut {
				continue
			}
			start := bucketStart(k.M, lv)
			if loading && th.savedAsOf(lv, start) >= d.Seq {
				continue
			}
			b := th.bucket(lv, start)
			for _, a := range [2]*agg{&b.total, b.key(ki)} {
				a.h.add(&h)
				a.last = max(a.last, k.L)
			}
		}
	}
	// Peaks: the per-minute total of each touched minute, read from the
	// minute bucket when it is kept (it then includes earlier batches).
	for mk, bt := range batchT {
		th := s.tenants[mk.t]
		mt := bt
		mb := th.lv[lvMinute][mk.m]
		if mb != nil {
			mt = mb.total.total()
			mb.total.peak = mt
		}
		for lv := lvHour; lv < nLevels; lv++ {
			if b := th.lv[lv][bucketStart(mk.m, lv)]; b != nil {
				b.total.peak = max(b.total.peak, mt)
			}
		}
	}
	for mk, bt := range batchK {
		th := s.tenants[mk.t]
		mt := bt
		if mb := th.lv[lvMinute][mk.m]; mb != nil {
			if a := mb.keys[mk.ki]; a != nil {
				mt = a.total()
				a.peak = mt
			}
		}
		for lv := lvHour; lv < nLevels; lv++ {
			if b := th.lv[lv][bucketStart(mk.m, lv)]; b != nil {
				if a := b.keys[mk.ki]; a != nil {
					a.peak = max(a.peak, mt)
				}
			}
		}
	}
}

// prune drops buckets past their level's retention (Badger drops the saved
// copies by TTL).
func (s *Store) prune() {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, th := range s.tenants {
		for lv := lvMinute; lv < nLevels; lv++ {
			cut := now.Add(-levelRetention[lv]).Unix()
			for start := range th.lv[lv] {
				if start+levelSec[lv] <= cut {
					delete(th.lv[lv], start)
					if lv != lvMinute { // minute records are by hour; a half-expired hour is still saved
						delete(th.dirty[lv], start)
					}
				}
			}
		}
	}
}

func recentError(e Event, at time.Time) wire.RecentError {
	return wire.RecentError{
		At: at.UTC(), KeyID: e.KeyID, Method: e.Method, Endpoint: e.Route,
		Status: e.Status, Error: e.Code, Message: e.Message, IP: e.IP, RequestID: e.RequestID,
	}
}
