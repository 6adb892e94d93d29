// Words for documents in the current locale: type labels (from
// GET /vocabularies when it has them, else the app's own), languages, the
// upload limits in force, and upload/removal errors as sentences.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { DocumentLanguage } from '../../api/types'
import {
  BID_DOCUMENT_TYPES,
  DEFAULT_DOCUMENT_LIMITS,
  TENDER_DOCUMENT_TYPES,
  documentProblem,
  formatBytes,
  type DocumentTypeSet,
} from '../../lib/documents'
import { entryLabel, useVocabularies } from '../../lib/vocabularies'
import { localizeField } from '../roles/util'

export const LANGUAGES: DocumentLanguage[] = ['zh', 'en']

/** An upload's or removal's failure in words: a sentence, and field details for 422. */
export interface ProblemText {
  message: string
  details: string[]
}

export function useDocumentLabels() {
  const { t, te, locale } = useI18n()
  const { vocabularies, documentLimits } = useVocabularies()

  function entries(set: DocumentTypeSet) {
    const v = vocabularies.value
    return (set === 'tender' ? v?.tenderDocumentTypes : v?.bidDocumentTypes) ?? []
  }

  /** The label of a document type code in the current locale. */
  function typeLabel(set: DocumentTypeSet, code: string): string {
    const e = entries(set).find((x) => x.code === code)
    if (e) return entryLabel(e, locale.value)
    const key = `documents.types.${set}.${code}`
    return te(key) ? t(key) : code
  }

  /** The type choices, in the server's order when it sends them. */
  function typeOptions(set: DocumentTypeSet): { code: string; label: string }[] {
    const fromServer = entries(set)
    const codes = fromServer.length ? fromServer.map((e) => e.code) : [...(set === 'tender' ? TENDER_DOCUMENT_TYPES : BID_DOCUMENT_TYPES)]
    return codes.map((code) => ({ code, label: typeLabel(set, code) }))
  }

  function languageLabel(code: string): string {
    const key = `documents.languages.${code}`
    return te(key) ? t(key) : code
  }

  /** The limits in force: the server's, else 50 MiB and 30 files. */
  const limits = computed(() => documentLimits.value ?? DEFAULT_DOCUMENT_LIMITS)

  const bytes = (n: number) => formatBytes(n, locale.value)

  /** A failure as a sentence in the user's language, with the field problems of a 422. */
  function problemText(err: unknown): ProblemText {
    const p = documentProblem(err)
    if (p.key === 'unknown' && p.detail) return { message: p.detail, details: [] }
    const message = t(`documents.errors.${p.key}`, { max: bytes(limits.value.maxFileBytes) })
    const details = p.key === 'invalid' ? p.fields.map((f) => localizeField(f.message || f.location, t)) : []
    if (p.key === 'invalid' && !details.length && p.detail) details.push(p.detail)
    return { message, details }
  }

  return { typeLabel, typeOptions, languageLabel, limits, bytes, problemText }
}
