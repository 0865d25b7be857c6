package apikey

// Plan is a tenant's plan and its rate limit (SPEC §2.4).
type Plan struct {
	Name      string `json:"name"`
	PerMinute int    `json:"per_minute"`
	Burst     int    `json:"burst"`
}

// Plans lists the plans a tenant can be on, cheapest first; an upgrade is the
// next one.
var Plans = []Plan{
	{Name: "starter", PerMinute: 60, Burst: 100},
	{Name: "professional", PerMinute: 300, Burst: 500},
	{Name: "business", PerMinute: 1000, Burst: 2000},
}

// PlanByName returns the plan called name.
func PlanByName(name string) (Plan, bool) {
	for _, p := range Plans {
		if p.Name == name {
			return p, true
		}
	}
	return Plan{}, false
}

// NextPlan is the plan an upgrade from name leads to; ok is false on the
// top plan and for an unknown name.
func NextPlan(name string) (next Plan, ok bool) {
	for i, p := range Plans {
		if p.Name == name && i+1 < len(Plans) {
			return Plans[i+1], true
		}
	}
	return Plan{}, false
}

// Rate returns the plan's limiter parameters.
func (p Plan) Rate() Rate { return NewRate(p.PerMinute, p.Burst) }
