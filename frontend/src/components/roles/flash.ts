// A success message that outlives a panel's re-creation: the opportunity page
// re-creates its panels when the listing changes, so a panel leaves its
// message here before emitting "changed" and the new one picks it up.
const messages = new Map<string, string>()

export function leaveFlash(key: string, message: string): void {
  messages.set(key, message)
}

export function takeFlash(key: string): string {
  const m = messages.get(key) ?? ''
  messages.delete(key)
  return m
}
