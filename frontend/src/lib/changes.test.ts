import { describe, expect, it } from 'vitest'
import { changeValue, describeChange, type ChangeFormat } from './changes'

const zh: ChangeFormat = {
  locale: 'zh-CN',
  label: (kind, code) => `${kind}:${code}`,
  status: (s) => `[${s}]`,
}
const en: ChangeFormat = { ...zh, locale: 'en' }

describe('changeValue', () => {
  it('shows times in Shanghai time', () => {
    expect(changeValue('bidDeadline', '2026-12-10T23:00:00Z', zh)).toBe('2026年12月11日 07:00 北京时间')
    expect(changeValue('deliveryEnd', '2026-12-10T23:00:00Z', en)).toBe('11 Dec 2026, 07:00 UTC+8')
  })
  it('shows budgets in yuan', () => {
    expect(changeValue('budget', '80000000-150000000 fen', zh)).toBe('¥800,000 – ¥1,500,000')
  })
  it('labels vocabulary codes and statuses', () => {
    expect(changeValue('district', 'pudong', zh)).toBe('districts:pudong')
    expect(changeValue('capabilities', 'ai,iot', en)).toBe('capabilities:ai, capabilities:iot')
    expect(changeValue('capabilities', 'ai,iot', zh)).toBe('capabilities:ai、capabilities:iot')
    expect(changeValue('status', 'published', zh)).toBe('[published]')
  })
  it('says — for empty and cuts long text', () => {
    expect(changeValue('deliveryStart', '', zh)).toBe('—')
    const long = 'x'.repeat(300)
    expect(changeValue('description', long, zh)).toBe(`${'x'.repeat(120)}…`)
    expect(changeValue('title', 'New title', zh)).toBe('New title')
  })
})

describe('describeChange', () => {
  it('formats both sides', () => {
    expect(describeChange({ field: 'title', before: 'A', after: 'B' }, en)).toEqual({ field: 'title', before: 'A', after: 'B' })
  })
})
