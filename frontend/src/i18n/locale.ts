// Locale selection and persistence. Pure functions with injected
// dependencies (storage, language list, root element) so they can be unit
// tested without a browser.

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]

export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'market.locale'

/** Minimal slice of the Web Storage API used here. */
export type LocaleStorage = Pick<Storage, 'getItem' | 'setItem'>

/**
 * Maps a BCP 47 tag (any case, `-` or `_`) to a supported locale:
 * every Chinese variant to zh-CN, every English variant to en.
 * Returns null for anything else.
 */
export function normalizeLocale(value: unknown): AppLocale | null {
  if (typeof value !== 'string') return null
  const primary = value.trim().toLowerCase().split(/[-_]/)[0]
  if (primary === 'zh') return 'zh-CN'
  if (primary === 'en') return 'en'
  return null
}

export function isAppLocale(value: unknown): value is AppLocale {
  return (SUPPORTED_LOCALES as readonly unknown[]).includes(value)
}

/** Reads the remembered locale; storage may be missing or throw (privacy modes). */
export function readStoredLocale(storage: LocaleStorage | null | undefined): AppLocale | null {
  try {
    return normalizeLocale(storage?.getItem(LOCALE_STORAGE_KEY))
  } catch {
    return null
  }
}

/** Remembers the locale; returns false when storage is unavailable. */
export function persistLocale(storage: LocaleStorage | null | undefined, locale: AppLocale): boolean {
  if (!storage) return false
  try {
    storage.setItem(LOCALE_STORAGE_KEY, locale)
    return true
  } catch {
    return false
  }
}

/**
 * Initial locale: the remembered choice, else the first supported browser
 * language (in preference order), else zh-CN.
 */
export function pickInitialLocale(options: {
  storage?: LocaleStorage | null
  languages?: readonly string[] | null
}): AppLocale {
  const stored = readStoredLocale(options.storage)
  if (stored) return stored
  for (const lang of options.languages ?? []) {
    const locale = normalizeLocale(lang)
    if (locale) return locale
  }
  return DEFAULT_LOCALE
}

/** Sets `lang` on the root element (`<html>`) so assistive tech reads correctly. */
export function applyDocumentLocale(root: { lang: string }, locale: AppLocale): void {
  root.lang = locale
}

/** The other locale, for a two-language toggle. */
export function otherLocale(locale: AppLocale): AppLocale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN'
}

/** Each locale's name in its own language, as shown on the switch. */
export const LOCALE_NAMES: Readonly<Record<AppLocale, string>> = {
  'zh-CN': '中文',
  en: 'English',
}
