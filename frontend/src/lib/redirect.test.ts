import { describe, expect, it } from 'vitest'
import { safeNext } from './redirect'

describe('safeNext', () => {
  it('keeps paths inside the app', () => {
    expect(safeNext('/dashboard')).toBe('/dashboard')
    expect(safeNext('/?q=%E6%95%B0&page=2')).toBe('/?q=%E6%95%B0&page=2')
    expect(safeNext(['/my/bids', '/x'])).toBe('/my/bids')
  })
  it('refuses other origins, odd values and loops back to sign-in', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', '/a\nb', '/signin?next=/x', '/register']) {
      expect(safeNext(bad)).toBeNull()
    }
    expect(safeNext(undefined)).toBeNull()
    expect(safeNext(42)).toBeNull()
  })
})
