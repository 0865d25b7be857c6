package app

import (
	"encoding/json"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// usageSnapshot is a kept usage answer, typed. The cache stores snapshots as
// JSON documents and knows nothing of their schema; the usage service is
// the one that knows they are api-usage answers.
type usageSnapshot struct {
	cache.SnapshotMeta
	Data wire.APIUsage
}

// Age is how old the snapshot is at now.
func (s *usageSnapshot) Age(now time.Time) time.Duration { return now.Sub(s.FetchedAt) }

// usageSnapshots reads and writes usage answers in the cache's snapshot history.
type usageSnapshots struct{ *cache.Snapshots }

func (s usageSnapshots) put(tenant string, q cache.SnapshotQuery, data *wire.APIUsage) (cache.SnapshotMeta, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return cache.SnapshotMeta{}, err
	}
	return s.Put(tenant, q, b)
}

func typed(s *cache.Snapshot, err error) (*usageSnapshot, error) {
	if err != nil {
		return nil, err
	}
	out := &usageSnapshot{SnapshotMeta: s.SnapshotMeta}
	if err := json.Unmarshal(s.Data, &out.Data); err != nil {
		return nil, err
	}
	return out, nil
}

func (s usageSnapshots) newest(tenant string, q cache.SnapshotQuery) (*usageSnapshot, error) {
	return typed(s.Newest(tenant, q))
}

func (s usageSnapshots) get(tenant, id string) (*usageSnapshot, error) {
	return typed(s.Get(tenant, id))
}

// fresh is Snapshots.Fresh, typed: the newest snapshot and whether it is
// younger than maxAge (a stale one is still returned, for offline use).
func (s usageSnapshots) fresh(tenant string, q cache.SnapshotQuery, maxAge time.Duration) (*usageSnapshot, bool, error) {
	snap, ok, err := s.Fresh(tenant, q, maxAge)
	t, err := typed(snap, err)
	return t, ok && err == nil, err
}
