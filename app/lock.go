package app

import "sync"

// lockKey names one aggregate: the unit that an in-process lock serialises.
type lockKey struct {
	kind aggregateKind
	id   string
}

// keyedMutex serialises the read-modify-write sequences of each aggregate
// within this process, so that two requests changing one listing do not
// both read version N and have one of them fail on a conflict. The stores
// keep every change correct without it (unique event seqs and conditional
// writes): across processes a racing writer gets a conflict.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[lockKey]*keyedLock
}

type keyedLock struct {
	mu   sync.Mutex
	refs int
}

// newKeyedMutex returns an empty keyedMutex.
func newKeyedMutex() *keyedMutex {
	return &keyedMutex{locks: make(map[lockKey]*keyedLock)}
}

// lock locks key and returns the function that unlocks it.
func (k *keyedMutex) lock(key lockKey) (unlock func()) {
	k.mu.Lock()
	l, ok := k.locks[key]
	if !ok {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()

	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
