// Where to go after signing in: the `next` query parameter, if it is a path
// inside this app (never another origin such as "//evil.example").

/** A safe in-app path from a `next` parameter, or null. */
export function safeNext(next: unknown): string | null {
  const value = Array.isArray(next) ? next[0] : next
  if (typeof value !== 'string') return null
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  if (/[\u0000-\u001f]/.test(value)) return null
  if (value.startsWith('/signin') || value.startsWith('/register')) return null
  return value
}
