package jobs

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// parser accepts the standard five cron fields (minute hour day month
// weekday) and the @daily / @every 5m descriptors; seconds are left out on
// purpose: nothing in the console needs to run more than once a minute.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a cron expression, refusing schedules that would run
// more often than once a minute.
func ParseSchedule(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, fmt.Errorf("enter a cron expression, e.g. \"*/5 * * * *\"")
	}
	s, err := parser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid cron expression (minute hour day month weekday): %v", spec, err)
	}
	if c, ok := s.(cron.ConstantDelaySchedule); ok && c.Delay < time.Minute {
		return nil, fmt.Errorf("%q runs more often than once a minute", spec)
	}
	return s, nil
}

var weekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// Describe says a cron expression in words ("Every day at 09:00"). Shapes it
// does not know come back as "Custom schedule" rather than a wrong guess.
func Describe(spec string) string {
	spec = strings.TrimSpace(spec)
	tz := ""
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		i := strings.IndexByte(spec, ' ')
		if i < 0 {
			return "Custom schedule"
		}
		tz = " (" + spec[strings.IndexByte(spec, '=')+1:i] + ")"
		spec = strings.TrimSpace(spec[i+1:])
	}
	return describe(spec) + tz
}

func describe(spec string) string {
	switch spec {
	case "@yearly", "@annually":
		return "Every year on 1 January at 00:00"
	case "@monthly":
		return "Every month on day 1 at 00:00"
	case "@weekly":
		return "Every Sunday at 00:00"
	case "@daily", "@midnight":
		return "Every day at 00:00"
	case "@hourly":
		return "Every hour"
	}
	if d, ok := strings.CutPrefix(spec, "@every "); ok {
		if dur, err := time.ParseDuration(strings.TrimSpace(d)); err == nil {
			return "Every " + humanDuration(dur)
		}
		return "Custom schedule"
	}
	f := strings.Fields(spec)
	if len(f) != 5 {
		return "Custom schedule"
	}
	min, hour, dom, mon, dow := f[0], f[1], f[2], f[3], f[4]
	if mon != "*" {
		return "Custom schedule"
	}
	m, minFixed := number(min, 59)
	h, hourFixed := number(hour, 23)
	at := fmt.Sprintf("%02d:%02d", h, m)
	switch {
	case dom != "*" || dow != "*":
		if !minFixed || !hourFixed {
			return "Custom schedule"
		}
		if dom == "*" {
			if days := describeDow(dow); days != "" {
				return "Every " + days + " at " + at
			}
		} else if dow == "*" {
			if d, ok := number(dom, 31); ok && d >= 1 {
				return fmt.Sprintf("Every month on day %d at %s", d, at)
			}
		}
		return "Custom schedule"
	case min == "*" && hour == "*":
		return "Every minute"
	case hour == "*":
		if n, ok := step(min, 59); ok {
			return plural(n, "minute")
		}
		if minFixed {
			return fmt.Sprintf("Every hour at :%02d", m)
		}
	case minFixed && hourFixed:
		return "Every day at " + at
	case minFixed:
		if n, ok := step(hour, 23); ok {
			return fmt.Sprintf("%s at :%02d", plural(n, "hour"), m)
		}
	}
	return "Custom schedule"
}

func number(s string, max int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= max
}

func step(s string, max int) (int, bool) {
	r, ok := strings.CutPrefix(s, "*/")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(r)
	return n, err == nil && n >= 1 && n <= max
}

func plural(n int, unit string) string {
	if n == 1 {
		return "Every " + unit
	}
	return fmt.Sprintf("Every %d %ss", n, unit)
}

func describeDow(dow string) string {
	switch dow {
	case "1-5", "MON-FRI", "mon-fri":
		return "weekday (Monday to Friday)"
	case "0,6", "6,0", "SAT,SUN", "sat,sun":
		return "Saturday and Sunday"
	}
	var names []string
	for _, p := range strings.Split(dow, ",") {
		d, ok := number(p, 7)
		if !ok {
			return ""
		}
		names = append(names, weekdays[d%7])
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func humanDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return unitCount(int(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return unitCount(int(d/time.Hour), "hour")
	case d%time.Minute == 0:
		return unitCount(int(d/time.Minute), "minute")
	}
	return d.String()
}

func unitCount(n int, unit string) string {
	if n == 1 {
		return unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
