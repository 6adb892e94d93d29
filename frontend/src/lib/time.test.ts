import { describe, expect, it } from 'vitest'
import { countdown, formatCountdown, formatDate, formatDateTime, nextTickDelay } from './time'

const deadline = '2026-12-10T23:00:00Z'
const at = (iso: string) => new Date(iso).getTime()

describe('countdown', () => {
  it('splits the time left into days, hours and minutes, rounded down', () => {
    expect(countdown(deadline, at('2026-12-07T18:30:30Z'))).toMatchObject({ closed: false, days: 3, hours: 4, minutes: 29 })
  })
  it('is closed at and after the deadline, and for a bad date', () => {
    expect(countdown(deadline, at(deadline)).closed).toBe(true)
    expect(countdown(deadline, at('2026-12-11T00:00:00Z')).closed).toBe(true)
    expect(countdown('not a date', 0).closed).toBe(true)
  })
})

describe('formatCountdown', () => {
  const c = (now: string) => countdown(deadline, at(now))
  it('says days and hours in Chinese and English', () => {
    expect(formatCountdown(c('2026-12-07T18:30:00Z'), 'zh-CN')).toBe('还剩 3 天 4 小时')
    expect(formatCountdown(c('2026-12-07T18:30:00Z'), 'en')).toBe('3 days 4 hours left')
  })
  it('uses the singular in English and drops a zero second unit', () => {
    expect(formatCountdown(c('2026-12-09T22:00:00Z'), 'en')).toBe('1 day 1 hour left')
    expect(formatCountdown(c('2026-12-08T23:00:00Z'), 'en')).toBe('2 days left')
    expect(formatCountdown(c('2026-12-08T23:00:00Z'), 'zh-CN')).toBe('还剩 2 天')
  })
  it('says hours and minutes on the last day, minutes in the last hour', () => {
    expect(formatCountdown(c('2026-12-10T17:45:00Z'), 'zh-CN')).toBe('还剩 5 小时 15 分钟')
    expect(formatCountdown(c('2026-12-10T22:15:00Z'), 'en')).toBe('45 minutes left')
    expect(formatCountdown(c('2026-12-10T22:59:30Z'), 'en')).toBe('less than 1 minute left')
    expect(formatCountdown(c('2026-12-10T22:59:30Z'), 'zh-CN')).toBe('还剩不到 1 分钟')
  })
  it('says closed after the deadline', () => {
    expect(formatCountdown(c('2026-12-11T00:00:00Z'), 'zh-CN')).toBe('已截止')
    expect(formatCountdown(c('2026-12-11T00:00:00Z'), 'en')).toBe('closed')
  })
})

describe('nextTickDelay', () => {
  it('waits until the minute changes, and stops when closed', () => {
    expect(nextTickDelay(countdown(deadline, at('2026-12-10T22:00:30Z')))).toBe(30_050)
    expect(nextTickDelay(countdown(deadline, at('2026-12-10T22:00:00Z')))).toBe(60_000)
    expect(nextTickDelay(countdown(deadline, at('2026-12-12T00:00:00Z')))).toBe(0)
  })
})

describe('formatDateTime', () => {
  it('shows Shanghai time in each locale', () => {
    expect(formatDateTime(deadline, 'zh-CN')).toBe('2026年12月11日 07:00 北京时间')
    expect(formatDateTime(deadline, 'en')).toBe('11 Dec 2026, 07:00 UTC+8')
    expect(formatDateTime(deadline, 'en', false, false)).toBe('11 Dec 2026, 07:00')
    expect(formatDate(deadline, 'en')).toBe('11 Dec 2026')
    expect(formatDateTime(undefined, 'en')).toBe('—')
    expect(formatDateTime('garbage', 'en')).toBe('—')
  })
  it('adds seconds when asked (bid receipts)', () => {
    expect(formatDateTime('2026-12-10T23:00:05Z', 'en', true)).toBe('11 Dec 2026, 07:00:05 UTC+8')
  })
})
