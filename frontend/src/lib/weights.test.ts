import { describe, expect, it } from 'vitest'
import { checkCriteria, parseWeight, weightTotal } from './weights'

describe('parseWeight', () => {
  it('accepts whole numbers as numbers or text', () => {
    expect(parseWeight(40)).toBe(40)
    expect(parseWeight(' 60 ')).toBe(60)
    expect(parseWeight('0')).toBe(0)
  })
  it('refuses fractions, signs, empty and words', () => {
    expect(parseWeight(12.5)).toBeNull()
    expect(parseWeight('12.5')).toBeNull()
    expect(parseWeight('-5')).toBeNull()
    expect(parseWeight('')).toBeNull()
    expect(parseWeight('ten')).toBeNull()
  })
})

describe('weightTotal', () => {
  it('adds the valid weights and ignores the rest', () => {
    expect(weightTotal([{ name: 'a', weight: 30 }, { name: 'b', weight: '45' }, { name: 'c', weight: 'x' }])).toBe(75)
    expect(weightTotal([])).toBe(0)
  })
})

describe('checkCriteria', () => {
  it('passes weights that sum to 100 with unique names', () => {
    const r = checkCriteria([
      { name: '技术方案', weight: 60 },
      { name: '价格', weight: '40' },
    ])
    expect(r).toEqual({ total: 100, ok: true, problems: [] })
  })
  it('accepts a single criterion of 100', () => {
    expect(checkCriteria([{ name: 'Price', weight: 100 }]).ok).toBe(true)
  })
  it('needs at least one criterion', () => {
    expect(checkCriteria([]).problems).toEqual([{ code: 'none' }])
  })
  it('reports a sum other than 100 with the total', () => {
    const r = checkCriteria([
      { name: 'a', weight: 50 },
      { name: 'b', weight: 40 },
    ])
    expect(r.ok).toBe(false)
    expect(r.total).toBe(90)
    expect(r.problems).toEqual([{ code: 'sum', total: 90 }])
    expect(checkCriteria([{ name: 'a', weight: 70 }, { name: 'b', weight: 40 }]).problems).toEqual([{ code: 'sum', total: 110 }])
  })
  it('refuses weights that are not whole numbers from 1 to 100', () => {
    const r = checkCriteria([
      { name: 'a', weight: 0 },
      { name: 'b', weight: 100 },
    ])
    expect(r.problems).toContainEqual({ code: 'weight', index: 0 })
    expect(checkCriteria([{ name: 'a', weight: 101 }]).problems).toContainEqual({ code: 'weight', index: 0 })
    expect(checkCriteria([{ name: 'a', weight: '50.5' }, { name: 'b', weight: '49.5' }]).problems).toEqual([
      { code: 'weight', index: 0 },
      { code: 'weight', index: 1 },
      { code: 'sum', total: 0 },
    ])
  })
  it('refuses empty and duplicate names (trimmed, any case)', () => {
    const r = checkCriteria([
      { name: ' Price ', weight: 50 },
      { name: 'price', weight: 25 },
      { name: '  ', weight: 25 },
    ])
    expect(r.problems).toEqual([
      { code: 'name_duplicate', index: 1 },
      { code: 'name_empty', index: 2 },
    ])
  })
  it('limits the number of criteria', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, weight: i === 0 ? 0 : 10 }))
    expect(checkCriteria(many).problems[0]).toEqual({ code: 'too_many', max: 10 })
  })
})
