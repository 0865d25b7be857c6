package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/penguinmails/console/cache"
)

// retain is the retention job: prune usage snapshots and the alert and
// notification history past retention, then reclaim value-log space.
func (m *Manager) retain(ctx context.Context) (string, error) {
	set := m.Settings()
	cutoff := m.now().Add(-time.Duration(set.RetentionDays) * 24 * time.Hour)
	snaps := 0
	if m.deps.Prune != nil {
		n, err := m.deps.Prune(ctx, cutoff)
		if err != nil {
			return "", fmt.Errorf("pruning snapshots: %w", err)
		}
		snaps = n
	}
	alerts, err := m.pruneOlder(prefixAlert, cutoff, func(v []byte) time.Time {
		var a Alert
		_ = json.Unmarshal(v, &a)
		return a.LastSeen
	})
	if err != nil {
		return "", err
	}
	notes, err := m.pruneOlder(prefixNotification, cutoff, func(v []byte) time.Time {
		var n Notification
		_ = json.Unmarshal(v, &n)
		return n.SentAt
	})
	if err != nil {
		return "", err
	}
	files := m.deps.DB.RunGC()
	return fmt.Sprintf("Pruned %s, %s, %s older than %d days; GC rewrote %s",
		count(snaps, "snapshot"), count(alerts, "alert"), count(notes, "notification"), set.RetentionDays, count(files, "file")), nil
}

func (m *Manager) pruneOlder(prefix string, cutoff time.Time, at func([]byte) time.Time) (int, error) {
	var old [][]byte
	err := m.deps.DB.Scan([]byte(prefix), false, func(k, v []byte) error {
		if t := at(v); !t.IsZero() && t.Before(cutoff) {
			old = append(old, k)
		}
		return nil
	})
	if err != nil || len(old) == 0 {
		return 0, err
	}
	err = m.deps.DB.Update(func(tx *cache.Tx) error {
		for _, k := range old {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	return len(old), err
}
