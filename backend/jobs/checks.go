package jobs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// usageCounts sums a usage answer: requests, failed requests other than
// 429s (those have their own alert, so one incident does not make two
// emails), and 429s.
func usageCounts(u *wire.APIUsage) (total, failed, limited int64) {
	var success int64
	for _, p := range u.Series {
		total += p.Total
		success += p.Success
		limited += p.RateLimited
	}
	if total == 0 && u.Summary.TotalRequests > 0 {
		// No series (a platform that sends only the summary): derive from it.
		// success_rate is a percentage (0-100), always: 0.5 means 0.5 %.
		total = u.Summary.TotalRequests
		success = int64(math.Round(float64(total) * u.Summary.SuccessRate / 100))
	}
	if u.Summary.RateLimitedCount > limited {
		limited = u.Summary.RateLimitedCount
	}
	failed = total - success - limited
	if failed < 0 {
		failed = 0
	}
	return total, failed, limited
}

// checkAlerts is the alerts job.
func (m *Manager) checkAlerts(ctx context.Context) (string, error) {
	p, err := m.platform()
	if err != nil {
		return "", err
	}
	set := m.Settings()
	now := m.now()
	window := time.Duration(set.WindowMinutes) * time.Minute
	from := now.Add(-window)
	u, err := p.APIUsage(ctx, wire.UsageQuery{From: &from, To: &now})
	if err != nil {
		return "", err
	}
	total, failed, limited := usageCounts(u)
	var errs []error
	var raised []string

	if total >= int64(set.MinRequests) && float64(failed)*100 > set.ErrorRatePct*float64(total) {
		pct := float64(failed) * 100 / float64(total)
		title := fmt.Sprintf("Error rate %.1f%% over the last %d minutes", pct, set.WindowMinutes)
		msg := fmt.Sprintf("%d of %d API requests failed (threshold %g%% with at least %d requests).",
			failed, total, set.ErrorRatePct, set.MinRequests)
		ok, err := m.raiseWithCooldown(ctx, p, Alert{Kind: KindErrorRate, Severity: "critical", Title: title, Message: msg},
			wire.NotificationRequest{Kind: wire.NotifyErrorRate, Subject: "PenguinMails API alert: " + title,
				Body: msg + "\n\nOpen the console's Usage screen for the failing endpoints and recent errors."})
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			raised = append(raised, "error rate")
		}
	}

	usagePct := u.Summary.RateLimitUsagePct
	if limited > 0 || usagePct > set.RateLimitUsagePct {
		var title, msg string
		if limited > 0 {
			title = fmt.Sprintf("%s rate-limited in the last %d minutes", count(limited, "request"), set.WindowMinutes)
			msg = fmt.Sprintf("The platform answered 429 rate_limit_exceeded %s; peak usage %.0f%% of the plan's limit.", count(limited, "time"), usagePct)
		} else {
			title = fmt.Sprintf("Rate-limit usage at %.0f%% of the plan's limit", usagePct)
			if usagePct > 100 {
				msg = "Requests are coming in faster than the plan's per-minute limit; once the burst allowance is used up they are refused with 429 rate_limit_exceeded."
			} else {
				msg = fmt.Sprintf("Usage is above the %g%% threshold; past the plan's limit and burst, requests are refused with 429 rate_limit_exceeded.", set.RateLimitUsagePct)
			}
		}
		ok, err := m.raiseWithCooldown(ctx, p, Alert{Kind: KindRateLimit, Severity: "warning", Title: title, Message: msg},
			wire.NotificationRequest{Kind: wire.NotifyRateLimit, Subject: "PenguinMails API alert: " + title,
				Body: msg + "\n\nSpread the load, add retries that honour Retry-After, or upgrade the plan for higher limits."})
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			raised = append(raised, "rate limit")
		}
	}

	summary := fmt.Sprintf("%d requests, %d failed, %d rate-limited in %d min", total, failed, limited, set.WindowMinutes)
	if len(raised) > 0 {
		summary += "; alert raised: " + strings.Join(raised, ", ")
	}
	return summary, errors.Join(errs...)
}
