package openapi

import (
	"fmt"
	"strings"

	"github.com/penguinmails/console/backend/apikey"
)

// topic is one getting-started section of the docs browser.
type topic struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"` // Markdown
}

func topics() []topic {
	return []topic{
		{ID: "authentication", Title: "Authentication", Body: authText},
		{ID: "rate-limiting", Title: "Rate limiting", Body: rateText()},
		{ID: "errors", Title: "Errors", Body: errorsText()},
	}
}

// guide is info.description: the same topics as one Markdown text.
func guide() string {
	var b strings.Builder
	b.WriteString("The PenguinMails API lets your applications send email and manage contacts and campaigns. " +
		"Every endpoint is JSON over HTTPS under `/api/v1`. The public API (emails, contacts, campaigns, analytics) is " +
		"authenticated with an API key; the platform API (sign-in, keys, usage, logs, audit, notifications) with the " +
		"session token of `POST /auth/login`, and key changes also with a sudo token (`POST /auth/sudo`).\n")
	for _, t := range topics() {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", t.Title, t.Body)
	}
	return b.String()
}

const authText = "Send an API key in the `Authorization` header of every request:\n\n" +
	"```\nAuthorization: Bearer pm_live_…\n```\n\n" +
	"Keys start with `pm_live_` (live traffic) or `pm_test_` (test traffic) and end with a short checksum, " +
	"so a mistyped key is refused at once. The full key is shown only when it is created or rotated: store it " +
	"in a secret manager or an environment variable, never in code.\n\n" +
	"Each key carries permissions (for example `send_email` or `read_contacts`); every operation below names the " +
	"one it needs (`x-required-permission`). A key may also be limited to a list of IP addresses or CIDR ranges, " +
	"and may have an expiry date.\n\n" +
	"The gateway checks, in this order: the key's format, that the key exists, that it is not revoked (a rotated " +
	"key's previous secret keeps working for the grace chosen when rotating: none, 1 hour, 24 hours by default, " +
	"3 days or 7 days), that it has not expired, the caller's IP, the permission, and the rate limit."

func rateText() string {
	var b strings.Builder
	b.WriteString("Limits are per tenant, by plan, over all of the tenant's keys:\n\n| plan | requests per minute | burst |\n| --- | --- | --- |\n")
	for _, p := range plans() {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", p.Name, p.PerMinute, p.Burst)
	}
	b.WriteString("\nThe burst is the most requests allowed at once; after it, requests are admitted at the sustained rate. " +
		"Every answer carries `X-RateLimit-Limit` (requests per minute), `X-RateLimit-Remaining` (requests you can " +
		"send right now) and `X-RateLimit-Reset` (seconds until the allowance is full again). Over the limit the answer " +
		"is `429 rate_limit_exceeded` with a `Retry-After` header and `retry_after` in the body (seconds): wait that " +
		"long before retrying, ideally with jitter.")
	return b.String()
}

func errorsText() string {
	var b strings.Builder
	b.WriteString("Every error is a JSON object `{\"error\": CODE, \"message\": TEXT}`, sometimes with more fields. " +
		"Branch on `error`, show `message` to people.\n\n| status | error | meaning | message |\n| --- | --- | --- | --- |\n")
	for _, c := range gatewayErrors {
		msg, _ := c.example["message"].(string)
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s |\n", c.status, c.code, c.meaning, strings.ReplaceAll(msg, "|", "\\|"))
	}
	return b.String()
}

func plans() []apikey.Plan { return apikey.Plans }

// rateLimits is the x-rate-limit extension: the limits of every plan, and
// the same in words for readers that show one line.
func rateLimits() map[string]any {
	out := map[string]any{}
	var words []string
	for _, p := range plans() {
		out[p.Name] = map[string]int{"per_minute": p.PerMinute, "burst": p.Burst}
		words = append(words, fmt.Sprintf("%s %d/min (burst %d)", p.Name, p.PerMinute, p.Burst))
	}
	out["description"] = "Per tenant, shared by all its keys: " + strings.Join(words, " · ")
	return out
}
