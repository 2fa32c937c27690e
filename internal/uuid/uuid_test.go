package uuid

import (
	"testing"
)

func TestNewIsV4(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		s := New()
		if !IsV4(s) {
			t.Fatalf("New() = %q: not a version-4 UUID", s)
		}
		if seen[s] {
			t.Fatalf("New() = %q twice", s)
		}
		seen[s] = true
	}
}

func TestIsV4(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"b24c2138-65af-4ed3-8e1d-b85a7dc8171c", true},
		{"B24C2138-65AF-4ED3-AE1D-B85A7DC8171C", true},
		{"b24c2138-65af-1ed3-8e1d-b85a7dc8171c", false}, // version 1
		{"b24c2138-65af-4ed3-ce1d-b85a7dc8171c", false}, // variant 110
		{"b24c213865af4ed38e1db85a7dc8171c", false},
		{"b24c2138-65af-4ed3-8e1d-b85a7dc8171g", false},
		{"", false},
	} {
		if got := IsV4(tc.in); got != tc.want {
			t.Errorf("IsV4(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestFillAllocs(t *testing.T) {
	var s [36]byte
	if n := testing.AllocsPerRun(100, func() { Fill(&s) }); n != 0 {
		t.Errorf("Fill allocates %v times, want 0", n)
	}
}
