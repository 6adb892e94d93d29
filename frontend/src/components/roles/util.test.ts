import { describe, expect, it } from 'vitest'
import { fromDateInput, fromLocalInput, localizeField, toDateInput, toLocalInput } from './util'

describe('city-time inputs', () => {
  it('shows an instant in Shanghai time', () => {
    expect(toLocalInput('2026-12-10T15:00:00Z')).toBe('2026-12-10T23:00')
    expect(toLocalInput('2026-12-10T17:30:00Z')).toBe('2026-12-11T01:30')
    expect(toDateInput('2026-12-10T17:30:00Z')).toBe('2026-12-11')
    expect(toLocalInput(undefined)).toBe('')
  })
  it('reads an input as Shanghai time', () => {
    expect(fromLocalInput('2026-12-10T23:00')).toBe('2026-12-10T15:00:00.000Z')
    expect(fromLocalInput('2026-12-11T01:30:15')).toBe('2026-12-10T17:30:15.000Z')
    expect(fromDateInput('2027-03-01')).toBe('2027-02-28T16:00:00.000Z')
    expect(fromLocalInput('')).toBeUndefined()
    expect(fromLocalInput('tomorrow')).toBeUndefined()
  })
  it('round-trips', () => {
    const iso = '2027-01-31T08:45:00.000Z'
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso)
  })
})

describe('localizeField', () => {
  const t = (key: string, named?: Record<string, unknown>) => `${key}${named && Object.keys(named).length ? JSON.stringify(named) : ''}`
  it('translates the messages it knows, with their values', () => {
    expect(localizeField('after an amendment the deadline must be at least 3 days away; extend it', t)).toBe('roles.apiField.amendDeadline')
    expect(localizeField('criteria weights must sum to 100, not 90', t)).toBe('roles.apiField.weightsSum{"total":"90"}')
  })
  it('keeps others as sent', () => {
    expect(localizeField('something new', t)).toBe('something new')
  })
})
