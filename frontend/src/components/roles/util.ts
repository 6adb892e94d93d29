// Small helpers shared by the signed-in forms: Shanghai-time date inputs,
// idempotency keys, API field messages in the user's language and the
// send-once pattern. Money, vocabularies and times on screen live in src/lib/
// and src/components/common/.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorMessage, fieldErrors } from '../../api/errors'

// Times are entered and shown in the city's time (Asia/Shanghai, UTC+8 all
// year, no daylight saving), whatever the browser's own zone, like lib/time.ts.
const CITY_OFFSET_MS = 8 * 3600_000

/** RFC 3339 → the "YYYY-MM-DDTHH:mm" (Shanghai time) a datetime-local input shows. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Date(d.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 16)
}

/** A datetime-local value (Shanghai time) → RFC 3339 UTC; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

/** RFC 3339 → "YYYY-MM-DD" (Shanghai time) for a date input. */
export function toDateInput(iso: string | undefined): string {
  return toLocalInput(iso).slice(0, 10)
}

/** A date input value → RFC 3339 at Shanghai midnight; undefined when empty. */
export function fromDateInput(value: string): string | undefined {
  return value ? fromLocalInput(`${value}T00:00`) : undefined
}

/** A fresh key for Idempotency-Key headers. */
export function newIdempotencyKey(): string {
  try {
    return crypto.randomUUID()
  } catch {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
  }
}

/**
 * One action at a time: busy while sending, the error as a sentence in the
 * user's language plus field errors, and a success message.
 */
export function useAction() {
  const { t, te } = useI18n()
  return makeAction(t, te)
}

/** Known field messages of the API (English) → keys of roles.apiField, with named values. */
const FIELD_MESSAGES: [RegExp, string, (m: RegExpExecArray) => Record<string, string>][] = [
  [/is required to submit/, 'requiredToSubmit', () => ({})],
  [/deadline must be in the future/, 'deadlineFuture', () => ({})],
  [/at least 3 days away/, 'amendDeadline', () => ({})],
  [/new deadline must be later/, 'extendLater', () => ({})],
  [/weights must sum to 100, not (\d+)/, 'weightsSum', (m) => ({ total: m[1] ?? '' })],
  [/needs a reason|reason must be/, 'reasonRequired', () => ({})],
  [/minFen must not exceed maxFen/, 'minOverMax', () => ({})],
  [/deliveryEnd must not be before/, 'deliveryOrder', () => ({})],
  [/title must be/, 'titleLength', () => ({})],
]

/** A field message from the API in the user's language when it is a known one; else as sent. */
export function localizeField(message: string, t: (key: string, named?: Record<string, unknown>) => string): string {
  for (const [re, key, named] of FIELD_MESSAGES) {
    const m = re.exec(message)
    if (m) return t(`roles.apiField.${key}`, named(m))
  }
  return message
}

/** useAction for use outside setup (for example one per list item), given t and te. */
export function makeAction(t: (key: string, named?: Record<string, unknown>) => string, te: (key: string) => boolean) {
  const busy = ref(false)
  const error = ref('')
  const fields = ref<Record<string, string>>({})
  const done = ref('')
  async function run<T>(fn: () => Promise<T>, success = ''): Promise<T | undefined> {
    if (busy.value) return undefined
    busy.value = true
    error.value = ''
    fields.value = {}
    done.value = ''
    try {
      const out = await fn()
      done.value = success
      return out
    } catch (err) {
      error.value = errorMessage(err, t, te)
      fields.value = Object.fromEntries(Object.entries(fieldErrors(err)).map(([k, v]) => [k, localizeField(v, t)]))
      return undefined
    } finally {
      busy.value = false
    }
  }
  return { busy, error, fields, done, run }
}
