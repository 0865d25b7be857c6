package sandbox

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// Real use hashes passwords at bcryptCost; the cheap cost the tests use is
// only ever taken when asked for, and a nonsense cost is refused by name.
func TestPasswordCostIsRealUnlessAskedFor(t *testing.T) {
	for _, tc := range []struct {
		asked, want int
	}{{0, bcryptCost}, {bcrypt.MinCost, bcrypt.MinCost}} {
		s, err := New(Config{DataDir: t.TempDir(), DemoPassword: testPassword, PasswordCost: tc.asked})
		if err != nil {
			t.Fatal(err)
		}
		var u userRec
		err = s.db.GetJSON([]byte(pUser+"admin@demo.penguinmails.test"), &u)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got, err := bcrypt.Cost(u.PasswordHash); err != nil || got != tc.want {
			t.Errorf("PasswordCost %d: the demo admin's hash has cost %d (%v), want %d", tc.asked, got, err, tc.want)
		}
	}
	_, err := New(Config{DataDir: t.TempDir(), PasswordCost: 99})
	if err == nil || !strings.Contains(err.Error(), "password cost 99") {
		t.Errorf("PasswordCost 99: %v, want an error naming the cost", err)
	}
}
