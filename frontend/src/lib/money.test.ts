import { describe, expect, it } from 'vitest'
import { fenToYuanInput, formatBudget, formatYuan, parseYuan, yuanProblem } from './money'

describe('formatYuan', () => {
  it('shows yuan with separators and the sign per locale', () => {
    expect(formatYuan(123456789, 'zh-CN')).toBe('¥1,234,567.89')
    expect(formatYuan(123456789, 'en')).toBe('CN¥1,234,567.89')
  })
  it('leaves out decimals for whole yuan and keeps two otherwise', () => {
    expect(formatYuan(80000000, 'zh-CN')).toBe('¥800,000')
    expect(formatYuan(12345, 'zh-CN')).toBe('¥123.45')
    expect(formatYuan(12340, 'zh-CN')).toBe('¥123.40')
    expect(formatYuan(5, 'zh-CN')).toBe('¥0.05')
    expect(formatYuan(0, 'zh-CN')).toBe('¥0')
  })
  it('shows a dash for missing amounts', () => {
    expect(formatYuan(undefined, 'zh-CN')).toBe('—')
    expect(formatYuan(null, 'en')).toBe('—')
    expect(formatYuan(Number.NaN, 'en')).toBe('—')
  })
})

describe('formatBudget', () => {
  it('shows a range, or one amount when the ends agree or one is missing', () => {
    expect(formatBudget({ minFen: 80000000, maxFen: 150000000 }, 'zh-CN')).toBe('¥800,000 – ¥1,500,000')
    expect(formatBudget({ minFen: 100, maxFen: 100 }, 'zh-CN')).toBe('¥1')
    expect(formatBudget({ minFen: 0, maxFen: 500 }, 'en')).toBe('CN¥5')
    expect(formatBudget({ minFen: 500, maxFen: 0 }, 'en')).toBe('CN¥5')
    expect(formatBudget({ minFen: 0, maxFen: 0 }, 'en')).toBe('—')
    expect(formatBudget(undefined, 'en')).toBe('—')
  })
})

describe('parseYuan', () => {
  it('reads yuan with separators, signs and up to two decimals', () => {
    expect(parseYuan('1,234.5')).toBe(123450)
    expect(parseYuan('1234.56')).toBe(123456)
    expect(parseYuan(' ¥300 ')).toBe(30000)
    expect(parseYuan('0.01')).toBe(1)
    expect(parseYuan('0')).toBe(0)
    expect(parseYuan('800000元')).toBe(80000000)
  })
  it('reads full-width digits and separators typed with a Chinese IME', () => {
    expect(parseYuan('１２，３４５．６')).toBe(1234560)
    expect(parseYuan('￥１００')).toBe(10000)
  })
  it('never loses a fen to floating point', () => {
    expect(parseYuan('0.29')).toBe(29)
    expect(parseYuan('1.15')).toBe(115)
    expect(parseYuan('9999999999999.99')).toBe(999999999999999)
  })
  it('refuses negative amounts, more than two decimals, and non-numbers', () => {
    expect(parseYuan('-5')).toBeNull()
    expect(parseYuan('1.234')).toBeNull()
    expect(parseYuan('abc')).toBeNull()
    expect(parseYuan('')).toBeNull()
    expect(parseYuan('1e5')).toBeNull()
    expect(parseYuan('1.2.3')).toBeNull()
    expect(parseYuan('.5')).toBeNull()
    expect(parseYuan('Infinity')).toBeNull()
    expect(parseYuan('0x10')).toBeNull()
    expect(parseYuan('10000000000000')).toBeNull()
  })
  it('names the problem', () => {
    expect(yuanProblem('  ')).toBe('required')
    expect(yuanProblem('-5')).toBe('negative')
    expect(yuanProblem('-x')).toBe('not_a_number')
    expect(yuanProblem('1.234')).toBe('too_many_decimals')
    expect(yuanProblem('twelve')).toBe('not_a_number')
    expect(yuanProblem('10000000000000')).toBe('too_large')
    expect(yuanProblem('1,234.5')).toBeNull()
  })
})

describe('fenToYuanInput', () => {
  it('writes the plain yuan text an input shows and parses back', () => {
    expect(fenToYuanInput(123450)).toBe('1234.5')
    expect(fenToYuanInput(123456)).toBe('1234.56')
    expect(fenToYuanInput(100)).toBe('1')
    expect(fenToYuanInput(7)).toBe('0.07')
    expect(fenToYuanInput(undefined)).toBe('')
    for (const fen of [0, 1, 10, 99, 100, 123450, 123456, 999999999999999]) {
      expect(parseYuan(fenToYuanInput(fen))).toBe(fen)
    }
  })
})
