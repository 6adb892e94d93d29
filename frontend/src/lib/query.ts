// The search is held in the URL so it can be shared and the back button
// works. Pure functions between the route query, the page's SearchQuery and
// the API's query parameters. Defaults are left out of the URL, lists are
// sorted and deduplicated, invalid values dropped: parse(format(q)) === q.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { QueryValue } from '../api/client'
import type { SavedQuery } from '../api/types'

export const SORTS = ['relevance', 'deadline', '-deadline', '-published', 'budget', '-budget'] as const
export type Sort = (typeof SORTS)[number]

export const KINDS = ['government_need', 'sme_help'] as const
export const DOMAINS = ['economy', 'life', 'governance'] as const
export const STATUSES = [
  'draft',
  'pending_review',
  'rejected',
  'published',
  'closed',
  'awarded',
  'completed',
  'cancelled',
  'unsuccessful',
] as const
/** Statuses anonymous visitors may ask for. */
export const PUBLIC_STATUSES = ['published', 'closed', 'awarded', 'completed'] as const

/** Page size the UI asks for. */
export const PAGE_SIZE = 10
/** Highest page number accepted from a URL. */
const MAX_PAGE = 1000
/** Longest query text kept. */
const MAX_Q = 200
/** Budget bounds in whole yuan (fits fen in a safe integer). */
const MAX_YUAN = 1e12

/** Everything a search of the opportunity list can say. */
export interface SearchQuery {
  q: string
  kind: string[]
  domain: string[]
  district: string[]
  capability: string[]
  scenario: string[]
  status: string[]
  /** '' = the API's default (relevance with q, newest without). */
  sort: Sort | ''
  /** Budget bounds in whole yuan; null = none. */
  budgetMin: number | null
  budgetMax: number | null
  smeOnly: boolean
  page: number
}

export function emptySearch(): SearchQuery {
  return {
    q: '',
    kind: [],
    domain: [],
    district: [],
    capability: [],
    scenario: [],
    status: [],
    sort: '',
    budgetMin: null,
    budgetMax: null,
    smeOnly: false,
    page: 1,
  }
}

type RawValue = LocationQuery[string] | LocationQueryRaw[string]

function all(value: RawValue): string[] {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string' || typeof v === 'number').map((v) => String(v))
}

function first(value: RawValue): string {
  return all(value)[0] ?? ''
}

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** Sorted, deduplicated values that pass the check. */
function list(value: RawValue, ok: (v: string) => boolean): string[] {
  return [...new Set(all(value).map((v) => v.trim()).filter(ok))].sort()
}

function codes(value: RawValue): string[] {
  return list(value, (v) => CODE.test(v))
}

function oneOf<T extends readonly string[]>(allowed: T) {
  return (value: RawValue) => list(value, (v) => (allowed as readonly string[]).includes(v))
}

function positiveInt(value: RawValue, max: number): number | null {
  const s = first(value).trim()
  if (!/^\d{1,13}$/.test(s)) return null
  const n = Number(s)
  return n >= 1 && n <= max ? n : null
}

function yuan(value: RawValue): number | null {
  const s = first(value).trim()
  if (!/^\d{1,13}$/.test(s)) return null
  const n = Number(s)
  return n <= MAX_YUAN ? n : null
}

function cleanText(value: RawValue): string {
  return first(value).replace(/\s+/g, ' ').trim().slice(0, MAX_Q)
}

/** The route's query → a valid SearchQuery (invalid values dropped). */
export function queryFromRoute(query: LocationQuery | LocationQueryRaw): SearchQuery {
  const s = emptySearch()
  s.q = cleanText(query.q)
  s.kind = oneOf(KINDS)(query.kind)
  s.domain = oneOf(DOMAINS)(query.domain)
  s.district = codes(query.district)
  s.capability = codes(query.capability)
  s.scenario = codes(query.scenario)
  s.status = oneOf(STATUSES)(query.status)
  const sort = first(query.sort)
  s.sort = (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : ''
  s.budgetMin = yuan(query.min)
  s.budgetMax = yuan(query.max)
  if (s.budgetMin !== null && s.budgetMax !== null && s.budgetMin > s.budgetMax) {
    ;[s.budgetMin, s.budgetMax] = [s.budgetMax, s.budgetMin]
  }
  s.smeOnly = first(query.sme) === '1' || first(query.sme) === 'true'
  s.page = positiveInt(query.page, MAX_PAGE) ?? 1
  return s
}

/** A SearchQuery → the route query, defaults left out, lists sorted. */
export function routeFromQuery(s: SearchQuery): LocationQueryRaw {
  // Normalise through the parser's rules first, so odd input cannot leak into the URL.
  const clean = queryFromRoute({
    q: s.q,
    kind: s.kind,
    domain: s.domain,
    district: s.district,
    capability: s.capability,
    scenario: s.scenario,
    status: s.status,
    sort: s.sort,
    min: s.budgetMin === null ? undefined : String(Math.trunc(s.budgetMin)),
    max: s.budgetMax === null ? undefined : String(Math.trunc(s.budgetMax)),
    sme: s.smeOnly ? '1' : undefined,
    page: String(s.page),
  })
  const out: LocationQueryRaw = {}
  if (clean.q) out.q = clean.q
  for (const key of ['kind', 'domain', 'district', 'capability', 'scenario', 'status'] as const) {
    if (clean[key].length) out[key] = [...clean[key]]
  }
  if (clean.sort) out.sort = clean.sort
  if (clean.budgetMin !== null) out.min = String(clean.budgetMin)
  if (clean.budgetMax !== null) out.max = String(clean.budgetMax)
  if (clean.smeOnly) out.sme = '1'
  if (clean.page > 1) out.page = String(clean.page)
  return out
}

/** A SearchQuery → GET /opportunities parameters (money in fen). */
export function toApiQuery(s: SearchQuery, pageSize = PAGE_SIZE): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {}
  if (s.q) out.q = s.q
  for (const key of ['kind', 'domain', 'district', 'capability', 'scenario', 'status'] as const) {
    if (s[key].length) out[key] = s[key]
  }
  if (s.sort) out.sort = s.sort
  if (s.budgetMin !== null) out.budgetMinFen = s.budgetMin * 100
  if (s.budgetMax !== null) out.budgetMaxFen = s.budgetMax * 100
  if (s.smeOnly) out.smeOnly = true
  out.page = s.page
  out.pageSize = pageSize
  return out
}

/**
 * A SearchQuery → the query of a saved search (POST /me/saved-searches):
 * money in fen, empty filters left out. Status, sort and page are not kept.
 */
export function toSavedQuery(s: SearchQuery): SavedQuery {
  const out: SavedQuery = {}
  if (s.q) out.q = s.q
  for (const key of ['kind', 'domain', 'district', 'capability', 'scenario'] as const) {
    if (s[key].length) out[key] = [...s[key]]
  }
  if (s.budgetMin !== null) out.budgetMinFen = s.budgetMin * 100
  if (s.budgetMax !== null) out.budgetMaxFen = s.budgetMax * 100
  if (s.smeOnly) out.smeOnly = true
  return out
}

/** A saved search's query → the SearchQuery that opens it (whole yuan, invalid values dropped). */
export function fromSavedQuery(q: SavedQuery): SearchQuery {
  const yuanOf = (fen: number | undefined, round: (n: number) => number) =>
    fen === undefined || fen === null ? undefined : String(round(fen / 100))
  return queryFromRoute({
    q: q.q,
    kind: q.kind ?? [],
    domain: q.domain ?? [],
    district: q.district ?? [],
    capability: q.capability ?? [],
    scenario: q.scenario ?? [],
    min: yuanOf(q.budgetMinFen, Math.floor),
    max: yuanOf(q.budgetMaxFen, Math.ceil),
    sme: q.smeOnly ? '1' : undefined,
  })
}

/** True when two queries ask for the same thing. */
export function sameQuery(a: LocationQueryRaw | LocationQuery, b: LocationQueryRaw | LocationQuery): boolean {
  return JSON.stringify(routeFromQuery(queryFromRoute(a))) === JSON.stringify(routeFromQuery(queryFromRoute(b)))
}

// ---- Provider directory --------------------------------------------------

/** A search of the provider directory. */
export interface ProviderQuery {
  q: string
  capability: string[]
  district: string[]
  /** true = SMEs only; false = no SMEs; null = everyone. */
  sme: boolean | null
  page: number
}

export function emptyProviderQuery(): ProviderQuery {
  return { q: '', capability: [], district: [], sme: null, page: 1 }
}

export function providerQueryFromRoute(query: LocationQuery | LocationQueryRaw): ProviderQuery {
  const p = emptyProviderQuery()
  p.q = cleanText(query.q)
  p.capability = codes(query.capability)
  p.district = codes(query.district)
  const sme = first(query.sme)
  p.sme = sme === '1' || sme === 'true' ? true : sme === '0' || sme === 'false' ? false : null
  p.page = positiveInt(query.page, MAX_PAGE) ?? 1
  return p
}

export function routeFromProviderQuery(p: ProviderQuery): LocationQueryRaw {
  const clean = providerQueryFromRoute({
    q: p.q,
    capability: p.capability,
    district: p.district,
    sme: p.sme === null ? undefined : p.sme ? '1' : '0',
    page: String(p.page),
  })
  const out: LocationQueryRaw = {}
  if (clean.q) out.q = clean.q
  if (clean.capability.length) out.capability = [...clean.capability]
  if (clean.district.length) out.district = [...clean.district]
  if (clean.sme !== null) out.sme = clean.sme ? '1' : '0'
  if (clean.page > 1) out.page = String(clean.page)
  return out
}

export function toProviderApiQuery(p: ProviderQuery, pageSize = PAGE_SIZE): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {}
  if (p.q) out.q = p.q
  if (p.capability.length) out.capability = p.capability
  if (p.district.length) out.district = p.district
  if (p.sme !== null) out.sme = p.sme
  out.page = p.page
  out.pageSize = pageSize
  return out
}

/** Adds or removes one value of a list filter; the page goes back to 1. */
export function toggleValue<T extends { page: number }, K extends keyof T>(q: T, key: K, value: string): T {
  const current = q[key] as unknown as string[]
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value].sort()
  return { ...q, [key]: next, page: 1 }
}
