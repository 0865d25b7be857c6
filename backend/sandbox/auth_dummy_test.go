package sandbox

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The dummy hash costs what a real password check costs, so a sign-in with
// an unknown email takes as long as one with a wrong password.
func TestDummyHashCost(t *testing.T) {
	if c, err := bcrypt.Cost(dummyHash); err != nil || c != bcryptCost {
		t.Fatalf("dummy hash cost %d, %v; want %d", c, err, bcryptCost)
	}
}
