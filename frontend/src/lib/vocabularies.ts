// The controlled lists (districts, domains, capabilities, scenarios, the
// document types) and the upload limits from GET /vocabularies, loaded once
// per page load and shared by every caller, with labels in the current locale.
import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { get } from '../api/client'
import type { DocumentLimits, Vocabularies, VocabularyEntry } from '../api/types'

export type VocabularyKind = keyof Vocabularies

/** The singular facet/filter names the API uses, mapped to their list. */
export const FACET_VOCABULARY: Record<'district' | 'domain' | 'capability' | 'scenario', VocabularyKind> = {
  district: 'districts',
  domain: 'domains',
  capability: 'capabilities',
  scenario: 'scenarios',
}

const loaded = shallowRef<Vocabularies | null>(null)
/** The server's upload limits, once loaded and if it sends them. */
const limits = shallowRef<DocumentLimits | null>(null)
let loading: Promise<Vocabularies | null> | null = null

type VocabulariesAnswer = Partial<Vocabularies> & { documentLimits?: Partial<DocumentLimits> | null }

/** Loads the lists once; later calls share the answer. A failure is retried on the next call. */
export function loadVocabularies(): Promise<Vocabularies | null> {
  loading ??= get<VocabulariesAnswer>('/vocabularies', { auth: false })
    .then((v) => {
      loaded.value = {
        districts: v.districts ?? [],
        domains: v.domains ?? [],
        capabilities: v.capabilities ?? [],
        scenarios: v.scenarios ?? [],
        tenderDocumentTypes: v.tenderDocumentTypes ?? [],
        bidDocumentTypes: v.bidDocumentTypes ?? [],
      }
      const l = v.documentLimits
      limits.value =
        l && typeof l.maxFileBytes === 'number' && l.maxFileBytes > 0 && typeof l.maxFiles === 'number' && l.maxFiles > 0
          ? {
              maxFileBytes: l.maxFileBytes,
              maxFiles: l.maxFiles,
              ...(typeof l.maxBidBytes === 'number' && l.maxBidBytes > 0 ? { maxBidBytes: l.maxBidBytes } : {}),
            }
          : null
      return loaded.value
    })
    .catch(() => {
      loading = null
      return null
    })
  return loading
}

/** The label of an entry in a locale. */
export function entryLabel(entry: VocabularyEntry, locale: string): string {
  return locale === 'en' ? entry.en || entry.zh : entry.zh || entry.en
}

/**
 * Vocabularies with labels in the current locale. `label(kind, code)` falls
 * back to the code until the lists arrive (or when a code is unknown);
 * `options(kind)` lists {code, label} in the API's order.
 */
export function useVocabularies() {
  const { locale } = useI18n({ useScope: 'global' })
  void loadVocabularies()
  function find(kind: VocabularyKind, code: string): VocabularyEntry | undefined {
    return loaded.value?.[kind].find((e) => e.code === code)
  }
  function label(kind: VocabularyKind, code: string): string {
    const e = find(kind, code)
    return e ? entryLabel(e, locale.value) : code
  }
  function options(kind: VocabularyKind): { code: string; label: string }[] {
    return (loaded.value?.[kind] ?? []).map((e) => ({ code: e.code, label: entryLabel(e, locale.value) }))
  }
  return {
    vocabularies: loaded,
    ready: computed(() => loaded.value !== null),
    label,
    options,
    load: loadVocabularies,
    /** Upload limits from the server; null until loaded or when it sends none. */
    documentLimits: limits,
  }
}
