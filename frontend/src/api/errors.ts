// API errors in the user's language: the code picks a translated sentence;
// the server's own detail is the fallback for codes the app does not know.
import { ApiError } from './client'

type Translate = (key: string, named?: Record<string, unknown>) => string
type Has = (key: string) => boolean

/** A sentence for any thrown value, in the current locale. */
export function errorMessage(err: unknown, t: Translate, te: Has): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`
    if (te(key)) return t(key)
    return err.detail || t('errors.unknown')
  }
  return t('errors.unknown')
}

/**
 * Field problems by field name without the "body." prefix
 * ("body.title" → "title"), for showing next to inputs.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError)) return out
  for (const e of err.errors) {
    if (!e.location) continue
    out[e.location.replace(/^(body|query|path)\./, '')] = e.message ?? ''
  }
  return out
}
