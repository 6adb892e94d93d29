// The changes a notification carries (an amendment's field, before, after),
// as the server words them, turned into text for people: times in Shanghai
// time, budgets in yuan, vocabulary codes as labels, statuses in words.
import type { Change } from '../api/types'
import { formatBudget } from './money'
import { formatDateTime } from './time'
import type { VocabularyKind } from './vocabularies'

export interface ChangeFormat {
  locale: string
  /** A vocabulary code's label in the current locale. */
  label: (kind: VocabularyKind, code: string) => string
  /** A listing status in words. */
  status: (status: string) => string
}

const TIMES = new Set(['bidDeadline', 'deliveryStart', 'deliveryEnd'])
const LISTS: Record<string, VocabularyKind> = {
  domain: 'domains',
  district: 'districts',
  scenarios: 'scenarios',
  capabilities: 'capabilities',
}
/** Longest value shown; longer ones (a description) are cut with "…". */
const MAX_CHARS = 120

/** One side of a change as text; "—" when empty. */
export function changeValue(field: string, value: string, f: ChangeFormat): string {
  if (!value) return '—'
  if (TIMES.has(field)) return formatDateTime(value, f.locale)
  if (field === 'status') return f.status(value)
  if (field === 'budget') {
    const m = /^(\d+)-(\d+) fen$/.exec(value)
    if (m) return formatBudget({ minFen: Number(m[1]), maxFen: Number(m[2]) }, f.locale)
  }
  const kind = LISTS[field]
  if (kind) return value.split(',').map((code) => f.label(kind, code.trim())).join(f.locale === 'en' ? ', ' : '、')
  return value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS)}…` : value
}

/** A change as {field, before, after} text, the field left for the caller to name. */
export function describeChange(c: Change, f: ChangeFormat): { field: string; before: string; after: string } {
  return { field: c.field, before: changeValue(c.field, c.before, f), after: changeValue(c.field, c.after, f) }
}
