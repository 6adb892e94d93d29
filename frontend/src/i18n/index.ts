import { computed } from 'vue'
import { createI18n, useI18n } from 'vue-i18n'
import en from './messages/en'
import zhCN, { type MessageSchema } from './messages/zh-CN'
import {
  DEFAULT_LOCALE,
  applyDocumentLocale,
  persistLocale,
  pickInitialLocale,
  type AppLocale,
} from './locale'

function browserStorage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function browserLanguages(): readonly string[] {
  if (navigator.languages?.length) return navigator.languages
  return navigator.language ? [navigator.language] : []
}

/** Creates the app's i18n instance with the initial locale applied to <html lang>. */
export function createAppI18n() {
  const locale = pickInitialLocale({ storage: browserStorage(), languages: browserLanguages() })
  applyDocumentLocale(document.documentElement, locale)
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  })
}

/** Current locale plus a setter that also remembers it and updates <html lang>. */
export function useAppLocale() {
  const { locale } = useI18n({ useScope: 'global' })
  const current = computed(() => locale.value as AppLocale)
  function setLocale(next: AppLocale): void {
    locale.value = next
    persistLocale(browserStorage(), next)
    applyDocumentLocale(document.documentElement, next)
  }
  return { current, setLocale }
}
