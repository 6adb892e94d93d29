// Times on screen: dates in the city's time zone and the bid-deadline
// countdown. Pure functions; components pass the current time in.

/** The city's time zone: deadlines are meant in Shanghai time. */
export const CITY_TIME_ZONE = 'Asia/Shanghai'

function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'zh-CN'
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** The zone every time on screen is in, as a reader sees it beside the time. */
export function zoneLabel(locale: string): string {
  return locale === 'en' ? 'UTC+8' : '北京时间'
}

/** The zone's full name, for a tooltip. */
export function zoneName(locale: string): string {
  return locale === 'en' ? 'China Standard Time (UTC+8)' : '北京时间（UTC+8）'
}

/**
 * "2026年12月11日 07:00 北京时间" / "11 Dec 2026, 07:00 UTC+8" in Shanghai
 * time (with seconds when asked; without the zone when `zone` is false);
 * "—" when absent.
 */
export function formatDateTime(value: string | Date | null | undefined, locale: string, seconds = false, zone = true): string {
  const d = toDate(value)
  if (!d) return '—'
  const text = new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'medium',
    timeStyle: seconds ? 'medium' : 'short',
    timeZone: CITY_TIME_ZONE,
  }).format(d)
  return zone ? `${text} ${zoneLabel(locale)}` : text
}

/** "2026年12月11日" / "11 Dec 2026" in Shanghai time; "—" when absent. */
export function formatDate(value: string | Date | null | undefined, locale: string): string {
  const d = toDate(value)
  if (!d) return '—'
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: CITY_TIME_ZONE }).format(d)
}

/** Time left until a deadline, in whole units (rounded down). */
export interface Countdown {
  closed: boolean
  days: number
  hours: number
  minutes: number
  /** Milliseconds left (0 when closed). */
  ms: number
}

/** The time left from `now` until `deadline`; closed at and after the deadline. */
export function countdown(deadline: string | Date, now: number | Date): Countdown {
  const end = toDate(deadline)
  const nowMs = now instanceof Date ? now.getTime() : now
  const ms = end ? end.getTime() - nowMs : 0
  if (!end || ms <= 0) return { closed: true, days: 0, hours: 0, minutes: 0, ms: 0 }
  const totalMinutes = Math.floor(ms / 60_000)
  return {
    closed: false,
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
    ms,
  }
}

function en(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/**
 * "还剩 3 天 4 小时" / "3 days 4 hours left"; two units at most (days+hours,
 * hours+minutes, or minutes); "已截止" / "closed" after the deadline.
 */
export function formatCountdown(c: Countdown, locale: string): string {
  const isEn = locale === 'en'
  if (c.closed) return isEn ? 'closed' : '已截止'
  const parts: [number, string, string][] = []
  if (c.days > 0) parts.push([c.days, '天', 'day'], [c.hours, '小时', 'hour'])
  else if (c.hours > 0) parts.push([c.hours, '小时', 'hour'], [c.minutes, '分钟', 'minute'])
  else parts.push([Math.max(c.minutes, 1), '分钟', 'minute'])
  const shown = parts.filter(([n], i) => i === 0 || n > 0)
  const lessThanMinute = c.days === 0 && c.hours === 0 && c.minutes === 0
  if (isEn) return `${lessThanMinute ? 'less than ' : ''}${shown.map(([n, , u]) => en(n, u)).join(' ')} left`
  return `还剩${lessThanMinute ? '不到' : ''} ${shown.map(([n, zh]) => `${n} ${zh}`).join(' ')}`
}

/** How long until the countdown text can change: the next whole minute. */
export function nextTickDelay(c: Countdown): number {
  if (c.closed) return 0
  const rest = c.ms % 60_000
  return rest === 0 ? 60_000 : rest + 50
}
