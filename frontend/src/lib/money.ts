// Money on screen and in inputs. The API speaks integer fen (1 yuan = 100 fen);
// people read and type yuan. One format for every locale: the yuan amount with
// the currency sign from Intl ("¥1,234,567.89" in Chinese, "CN¥1,234,567.89"
// in English), without decimals when the amount is whole ("¥800,000").
import type { Fen } from '../api/types'

function intlLocale(locale: string): string {
  return locale === 'en' ? 'en' : 'zh-CN'
}

/** 123456789 fen → "¥1,234,567.89" (zh-CN) / "CN¥1,234,567.89" (en); "—" when absent. */
export function formatYuan(fen: Fen | null | undefined, locale: string): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const whole = fen % 100 === 0
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(fen / 100)
}

/** A budget range: "¥800,000 – ¥1,500,000"; one amount when both ends are equal. */
export function formatBudget(budget: { minFen?: Fen; maxFen?: Fen } | null | undefined, locale: string): string {
  if (!budget) return '—'
  const { minFen, maxFen } = budget
  if (!minFen && !maxFen) return '—'
  if (!minFen || minFen === maxFen) return formatYuan(maxFen, locale)
  if (!maxFen) return formatYuan(minFen, locale)
  return `${formatYuan(minFen, locale)} – ${formatYuan(maxFen, locale)}`
}

/** Why a yuan text is not an amount; null when it is. */
export type YuanProblem = 'required' | 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large'

/** Largest amount accepted: 10^13 yuan keeps fen below Number.MAX_SAFE_INTEGER. */
const MAX_YUAN_DIGITS = 13

function normalise(input: string): string {
  // Full-width digits and punctuation as typed with a Chinese IME.
  const half = input.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  return half
    .replace(/[．。]/g, '.')
    .replace(/[－—]/g, '-')
    .replace(/[\s,，¥￥]|元$/g, '')
}

/** Checks a yuan text such as "1,234.5" or "¥300"; null when fine, else the problem. */
export function yuanProblem(input: string): YuanProblem | null {
  const t = normalise(input)
  if (t === '') return 'required'
  if (/^-/.test(t)) return /^-\d+(\.\d+)?$/.test(t) ? 'negative' : 'not_a_number'
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t)
  if (!m) return 'not_a_number'
  if ((m[2] ?? '').length > 2) return 'too_many_decimals'
  if ((m[1] ?? '').replace(/^0+(?=\d)/, '').length > MAX_YUAN_DIGITS) return 'too_large'
  return null
}

/** "1,234.5" → 123450 fen; null when the text is not a valid amount (see yuanProblem). */
export function parseYuan(input: string): Fen | null {
  if (yuanProblem(input) !== null) return null
  const [yuan, dec = ''] = normalise(input).split('.')
  return Number(yuan) * 100 + Number(dec.padEnd(2, '0'))
}

/** 123450 fen → "1234.5", the plain text an input shows; "" when absent. */
export function fenToYuanInput(fen: Fen | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.trunc(abs / 100)
  const rest = abs % 100
  if (rest === 0) return `${sign}${yuan}`
  return `${sign}${yuan}.${String(rest).padStart(2, '0').replace(/0$/, '')}`
}
