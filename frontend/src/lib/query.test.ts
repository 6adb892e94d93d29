import { describe, expect, it } from 'vitest'
import {
  fromSavedQuery,
  emptyProviderQuery,
  emptySearch,
  providerQueryFromRoute,
  queryFromRoute,
  routeFromProviderQuery,
  routeFromQuery,
  sameQuery,
  toApiQuery,
  toggleValue,
  toProviderApiQuery,
  toSavedQuery,
} from './query'

describe('queryFromRoute / routeFromQuery', () => {
  it('gives the empty search and an empty URL for no parameters', () => {
    expect(queryFromRoute({})).toEqual(emptySearch())
    expect(routeFromQuery(emptySearch())).toEqual({})
  })

  it('round-trips a full search', () => {
    const url = {
      q: '数字孪生',
      kind: ['government_need'],
      domain: ['governance', 'life'],
      district: ['pudong', 'xuhui'],
      capability: ['ai'],
      scenario: ['elderly_care'],
      status: ['closed', 'published'],
      sort: '-budget',
      min: '1000',
      max: '2000000',
      sme: '1',
      page: '3',
    }
    const s = queryFromRoute(url)
    expect(s).toEqual({
      q: '数字孪生',
      kind: ['government_need'],
      domain: ['governance', 'life'],
      district: ['pudong', 'xuhui'],
      capability: ['ai'],
      scenario: ['elderly_care'],
      status: ['closed', 'published'],
      sort: '-budget',
      budgetMin: 1000,
      budgetMax: 2000000,
      smeOnly: true,
      page: 3,
    })
    expect(routeFromQuery(s)).toEqual(url)
    expect(queryFromRoute(routeFromQuery(s))).toEqual(s)
  })

  it('accepts a single value where a list is expected, and sorts and dedupes lists', () => {
    const s = queryFromRoute({ district: 'xuhui' })
    expect(s.district).toEqual(['xuhui'])
    expect(queryFromRoute({ district: ['xuhui', 'pudong', 'xuhui', null] }).district).toEqual(['pudong', 'xuhui'])
    expect(routeFromQuery({ ...emptySearch(), capability: ['iot', 'ai', 'iot'] })).toEqual({ capability: ['ai', 'iot'] })
  })

  it('drops invalid values', () => {
    const s = queryFromRoute({
      kind: ['government_need', 'spaceship'],
      domain: 'weather',
      status: ['published', 'deleted'],
      district: ['xuhui', '<script>', 'Pudong', ''],
      sort: 'price',
      page: '-2',
      min: 'abc',
      max: '1.5',
      sme: 'maybe',
    })
    expect(s).toEqual({ ...emptySearch(), kind: ['government_need'], status: ['published'], district: ['xuhui'] })
    expect(queryFromRoute({ page: '0' }).page).toBe(1)
    expect(queryFromRoute({ page: '2.5' }).page).toBe(1)
    expect(queryFromRoute({ page: '99999' }).page).toBe(1)
    expect(queryFromRoute({ page: ['4', '5'] }).page).toBe(4)
  })

  it('trims and squeezes the text and leaves defaults out of the URL', () => {
    expect(queryFromRoute({ q: '  smart   city ' }).q).toBe('smart city')
    expect(routeFromQuery({ ...emptySearch(), q: '   ', page: 1, sort: '' })).toEqual({})
    expect(queryFromRoute({ q: 'x'.repeat(500) }).q).toHaveLength(200)
  })

  it('swaps a budget range given upside down', () => {
    const s = queryFromRoute({ min: '500', max: '100' })
    expect([s.budgetMin, s.budgetMax]).toEqual([100, 500])
    expect(queryFromRoute({ min: '0' }).budgetMin).toBe(0)
  })

  it('is stable: format(parse(format(x))) === format(x) for messy input', () => {
    const inputs = [
      { q: ' a  b ', district: ['b', 'a', 'a'], page: '1', sort: 'deadline' },
      { status: 'awarded', sme: 'true', min: '5', max: '5' },
      { kind: ['sme_help', 'government_need', 'sme_help'], page: '2' },
    ]
    for (const raw of inputs) {
      const once = routeFromQuery(queryFromRoute(raw))
      expect(routeFromQuery(queryFromRoute(once))).toEqual(once)
    }
  })

  it('treats equivalent URLs as the same search', () => {
    expect(sameQuery({ district: ['b', 'a'], page: '1' }, { district: ['a', 'b'] })).toBe(true)
    expect(sameQuery({ q: 'a' }, { q: 'b' })).toBe(false)
  })
})

describe('toApiQuery', () => {
  it('names the API parameters and turns yuan into fen', () => {
    const s = { ...queryFromRoute({ q: 'eldrly', district: ['xuhui'], min: '800000', max: '1500000', sme: '1', page: '2', sort: 'deadline' }) }
    expect(toApiQuery(s, 10)).toEqual({
      q: 'eldrly',
      district: ['xuhui'],
      budgetMinFen: 80000000,
      budgetMaxFen: 150000000,
      smeOnly: true,
      sort: 'deadline',
      page: 2,
      pageSize: 10,
    })
  })
  it('sends only page and size for the empty search', () => {
    expect(toApiQuery(emptySearch(), 20)).toEqual({ page: 1, pageSize: 20 })
  })
})

describe('toggleValue', () => {
  it('adds and removes a filter value and goes back to page 1', () => {
    const s = { ...emptySearch(), page: 4, district: ['xuhui'] }
    const added = toggleValue(s, 'district', 'pudong')
    expect(added.district).toEqual(['pudong', 'xuhui'])
    expect(added.page).toBe(1)
    expect(toggleValue(added, 'district', 'xuhui').district).toEqual(['pudong'])
    expect(s.district).toEqual(['xuhui'])
  })
})

describe('provider queries', () => {
  it('round-trips and drops invalid values', () => {
    const url = { q: 'ERP', capability: ['cloud', 'erp_crm'], district: ['songjiang'], sme: '1', page: '2' }
    const p = providerQueryFromRoute(url)
    expect(p).toEqual({ q: 'ERP', capability: ['cloud', 'erp_crm'], district: ['songjiang'], sme: true, page: 2 })
    expect(routeFromProviderQuery(p)).toEqual(url)
    expect(providerQueryFromRoute({ sme: '0' }).sme).toBe(false)
    expect(providerQueryFromRoute({ sme: 'x', page: 'y', capability: 'A B' })).toEqual(emptyProviderQuery())
    expect(routeFromProviderQuery(emptyProviderQuery())).toEqual({})
  })
  it('names the API parameters', () => {
    expect(toProviderApiQuery({ q: '', capability: ['ai'], district: [], sme: false, page: 1 }, 12)).toEqual({
      capability: ['ai'],
      sme: false,
      page: 1,
      pageSize: 12,
    })
  })
})

describe('saved search queries', () => {
  it('keeps the filters in fen and drops status, sort and page', () => {
    const s = { ...emptySearch(), q: 'AI', domain: ['economy'], status: ['closed'], sort: 'budget' as const, budgetMin: 1000, smeOnly: true, page: 3 }
    expect(toSavedQuery(s)).toEqual({ q: 'AI', domain: ['economy'], budgetMinFen: 100000, smeOnly: true })
    expect(toSavedQuery(emptySearch())).toEqual({})
  })
  it('opens a saved query as a search, round trip', () => {
    const s = { ...emptySearch(), q: 'AI', kind: ['sme_help'], district: ['pudong'], budgetMin: 10, budgetMax: 20 }
    expect(fromSavedQuery(toSavedQuery(s))).toEqual(s)
    expect(routeFromQuery(fromSavedQuery({ budgetMaxFen: 150, kind: ['bogus'] }))).toEqual({ max: '2' })
  })
})
