// Evaluation criteria with weights: the pure rules the opportunity form
// checks before the server does (weights are whole percents summing to 100).

export interface CriterionDraft {
  name: string
  /** A number, or the raw text of the input while it is being typed. */
  weight: number | string
}

export type WeightProblem =
  | { code: 'none' }
  | { code: 'too_many'; max: number }
  | { code: 'sum'; total: number }
  | { code: 'weight'; index: number }
  | { code: 'name_empty'; index: number }
  | { code: 'name_duplicate'; index: number }

export interface WeightCheck {
  /** Sum of the weights that are valid integers (others count as 0). */
  total: number
  ok: boolean
  problems: WeightProblem[]
}

export const MIN_WEIGHT = 1
export const MAX_WEIGHT = 100
export const MAX_CRITERIA = 10

/** The weight as an integer, or null when it is not a whole number. */
export function parseWeight(weight: number | string): number | null {
  if (typeof weight === 'number') return Number.isInteger(weight) ? weight : null
  const text = weight.trim()
  if (!/^\d+$/.test(text)) return null
  return Number(text)
}

/** Sum of the valid integer weights. */
export function weightTotal(criteria: readonly CriterionDraft[]): number {
  let total = 0
  for (const c of criteria) {
    const w = parseWeight(c.weight)
    if (w !== null) total += w
  }
  return total
}

/**
 * Checks criteria: at least one, at most MAX_CRITERIA, each with a non-empty
 * name unique after trimming (case-insensitive), each weight an integer
 * MIN_WEIGHT..MAX_WEIGHT, and the weights summing to exactly 100.
 */
export function checkCriteria(criteria: readonly CriterionDraft[]): WeightCheck {
  const problems: WeightProblem[] = []
  if (criteria.length === 0) problems.push({ code: 'none' })
  if (criteria.length > MAX_CRITERIA) problems.push({ code: 'too_many', max: MAX_CRITERIA })
  const seen = new Set<string>()
  criteria.forEach((c, index) => {
    const name = c.name.trim().toLowerCase()
    if (!name) problems.push({ code: 'name_empty', index })
    else if (seen.has(name)) problems.push({ code: 'name_duplicate', index })
    else seen.add(name)
    const w = parseWeight(c.weight)
    if (w === null || w < MIN_WEIGHT || w > MAX_WEIGHT) problems.push({ code: 'weight', index })
  })
  const total = weightTotal(criteria)
  if (criteria.length > 0 && total !== 100) problems.push({ code: 'sum', total })
  return { total, ok: problems.length === 0, problems }
}
