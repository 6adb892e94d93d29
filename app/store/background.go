package store

import "context"

// backgroundKey marks a context as background work's.
type backgroundKey struct{}

// Background marks ctx as background work's (the alert worker's): a store
// that must order its writes may let the writes of requests, which people
// wait for, go first.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// IsBackground reports whether ctx was marked by Background.
func IsBackground(ctx context.Context) bool {
	b, _ := ctx.Value(backgroundKey{}).(bool)
	return b
}
