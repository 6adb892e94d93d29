// Documents of listings and bids: sizes and hashes on screen, the upload and
// removal URLs, the limits checked before sending, API errors as message
// keys, current versus earlier versions, and the fallback vocabularies.
// Pure functions; the components and api/upload.ts use them.
import type { AttachedDocument, DocumentLanguage, DocumentLimits } from '../api/types'

/** Where documents are attached: a listing or a bid. */
export type DocumentOwnerKind = 'opportunity' | 'bid'

export interface DocumentTarget {
  kind: DocumentOwnerKind
  id: string
}

/** The vocabulary of document types a target uses. */
export type DocumentTypeSet = 'tender' | 'bid'

/** OCDS documentType codes for listings, in the order offered. */
export const TENDER_DOCUMENT_TYPES = [
  'technicalSpecifications',
  'biddingDocuments',
  'contractDraft',
  'evaluationCriteria',
  'eligibilityCriteria',
  'billOfQuantity',
  'clarifications',
  'illustration',
  'marketStudies',
  'other',
] as const

/** documentType codes for bids, in the order offered. */
export const BID_DOCUMENT_TYPES = ['technicalProposal', 'commercialProposal', 'qualificationDocuments', 'submissionDocuments', 'other'] as const

/** The limits used when the server does not send its own: 50 MiB a file, 30 files. */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxFileBytes: 50 * 1024 * 1024, maxFiles: 30 }

/** What the file picker offers (the server checks the content itself, whatever the name says). */
export const ACCEPTED_EXTENSIONS = [
  '.pdf',
  '.docx',
  '.xlsx',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.zip',
  '.txt',
  '.csv',
].join(',')

const API_BASE = '/api/v1'

/** "/opportunities/{id}/documents" or "/bids/{id}/documents" (under the API base). */
function basePath(target: DocumentTarget): string {
  const collection = target.kind === 'bid' ? 'bids' : 'opportunities'
  return `/${collection}/${encodeURIComponent(target.id)}/documents`
}

/**
 * A query string with every value percent-encoded (UTF-8, spaces as %20, not
 * "+"), in the given order; empty and missing values left out.
 */
export function encodeQuery(params: [string, string | number | undefined | null][]): string {
  const parts: string[] = []
  for (const [k, v] of params) {
    if (v === undefined || v === null || v === '') continue
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/** What an upload says about its file, besides the bytes (the request body). */
export interface UploadParams {
  fileName: string
  title: string
  documentType: string
  language: DocumentLanguage
  /** The listing's or bid's current version. */
  version: number
  /** Needed while a listing is published; left out when empty. */
  amendmentReason?: string
  /** The id of the listing's document this file is a new version of. */
  replaces?: string
}

/** The full POST URL of an upload: "/api/v1/opportunities/{id}/documents?fileName=…&title=…&…". */
export function uploadURL(target: DocumentTarget, p: UploadParams): string {
  const title = p.title.trim() || p.fileName
  return (
    API_BASE +
    basePath(target) +
    encodeQuery([
      ['fileName', p.fileName],
      ['title', title],
      ['documentType', p.documentType],
      ['language', p.language],
      ['version', p.version],
      ['amendmentReason', p.amendmentReason?.trim()],
      ['replaces', target.kind === 'opportunity' ? p.replaces : undefined],
    ])
  )
}

/** The DELETE path of a document under the API base: "/…/documents/{docId}?version=N[&amendmentReason=…]". */
export function removePath(target: DocumentTarget, documentId: string, version: number, amendmentReason?: string): string {
  return `${basePath(target)}/${encodeURIComponent(documentId)}${encodeQuery([
    ['version', version],
    ['amendmentReason', amendmentReason?.trim()],
  ])}`
}

/** The download URL of a document: the one the server gave, else built from the ids. */
export function downloadURL(target: DocumentTarget, doc: Pick<AttachedDocument, 'id' | 'url'>): string {
  return doc.url || `${API_BASE}${basePath(target)}/${encodeURIComponent(doc.id)}`
}

/** "512 B", "1.2 KB", "1.2 MB", "50 MB", "1.5 GB" (binary multiples, at most one decimal). */
export function formatBytes(bytes: number | null | undefined, locale = 'zh-CN'): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  if (unit === 0) return `${bytes} B`
  // 1023.96 KB would print as "1024 KB": show it as the next unit instead.
  if (Math.round(value * 10) / 10 >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = value < 100 ? 1 : 0
  const text = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: digits, useGrouping: false }).format(value)
  return `${text} ${units[unit]}`
}

/** A hash shortened for reading: "3f9a1c0b…9e2d" (the whole of it when short). */
export function shortHash(sha256: string, head = 8, tail = 4): string {
  if (!sha256 || sha256.length <= head + tail + 1) return sha256 ?? ''
  return `${sha256.slice(0, head)}…${sha256.slice(-tail)}`
}

const FORMAT_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (PPTX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument (ODT)',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument (ODS)',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument (ODP)',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/zip': 'ZIP',
  'text/plain': 'TXT',
  'text/csv': 'CSV',
}

/** A short name for a media type ("application/pdf" → "PDF"); the type itself when unknown. */
export function formatName(mediaType: string | null | undefined): string {
  if (!mediaType) return '—'
  const bare = mediaType.split(';')[0]!.trim().toLowerCase()
  return FORMAT_NAMES[bare] ?? bare
}

/** Why a file is refused before it is sent. */
export type PrecheckProblem = 'empty' | 'tooLarge' | 'tooMany' | 'tooMuchTotal'

/**
 * Checks picked files against the limits, in order: an empty file, one over
 * maxFileBytes, every file beyond the room left (maxFiles minus the
 * `existing` current documents and the files accepted before it) and, when
 * `total` is given (a bid's files together), every file that would take the
 * bytes held past total.max. Returns one entry per file: null when it may be sent.
 */
export function precheckFiles(
  files: readonly { size: number }[],
  limits: DocumentLimits,
  existing = 0,
  total?: { used: number; max: number },
): (PrecheckProblem | null)[] {
  let room = Math.max(0, limits.maxFiles - existing)
  let bytesLeft = total ? total.max - total.used : Number.POSITIVE_INFINITY
  return files.map((f) => {
    if (f.size <= 0) return 'empty'
    if (f.size > limits.maxFileBytes) return 'tooLarge'
    if (room <= 0) return 'tooMany'
    if (f.size > bytesLeft) return 'tooMuchTotal'
    room--
    bytesLeft -= f.size
    return null
  })
}

/** The bytes the current documents hold together. */
export function currentBytes(docs: readonly AttachedDocument[] | null | undefined): number {
  return (docs ?? []).filter((d) => d.status === 'current' || !d.status).reduce((n, d) => n + (d.size || 0), 0)
}

/** An error from an upload or removal as a message key under documents.errors, with details. */
export interface DocumentProblem {
  key:
    | 'cancelled'
    | 'network'
    | 'tooLarge'
    | 'unsupported'
    | 'invalid'
    | 'conflict'
    | 'invalidState'
    | 'deadlinePassed'
    | 'unauthenticated'
    | 'forbidden'
    | 'notFound'
    | 'rateLimited'
    | 'unavailable'
    | 'unknown'
  /** Field messages (422) as the server sent them, by location. */
  fields: { location: string; message: string }[]
  /** The server's own sentence, for errors the app has no words for. */
  detail: string
}

/** The parts of an ApiError the mapping reads (so it stays testable without the client). */
export interface ProblemLike {
  status: number
  code: string
  detail?: string
  errors?: { location?: string; message?: string }[]
}

function isProblemLike(err: unknown): err is ProblemLike {
  return !!err && typeof err === 'object' && typeof (err as ProblemLike).status === 'number' && typeof (err as ProblemLike).code === 'string'
}

/** Maps an upload's or removal's failure to a message key (by code first, then status). */
export function documentProblem(err: unknown): DocumentProblem {
  if (err instanceof DOMException && err.name === 'AbortError') return { key: 'cancelled', fields: [], detail: '' }
  if (!isProblemLike(err)) return { key: 'unknown', fields: [], detail: '' }
  const fields = (err.errors ?? [])
    .filter((e) => e.location || e.message)
    .map((e) => ({ location: e.location ?? '', message: e.message ?? '' }))
  const detail = err.detail ?? ''
  const byCode: Record<string, DocumentProblem['key']> = {
    aborted: 'cancelled',
    network: 'network',
    payload_too_large: 'tooLarge',
    unsupported_media_type: 'unsupported',
    validation_failed: 'invalid',
    malformed_request: 'invalid',
    conflict: 'conflict',
    invalid_state: 'invalidState',
    deadline_passed: 'deadlinePassed',
    unauthenticated: 'unauthenticated',
    forbidden: 'forbidden',
    sealed: 'forbidden',
    not_found: 'notFound',
    rate_limited: 'rateLimited',
    unavailable: 'unavailable',
  }
  const byStatus: Record<number, DocumentProblem['key']> = {
    0: 'network',
    400: 'invalid',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'notFound',
    409: 'conflict',
    413: 'tooLarge',
    415: 'unsupported',
    422: 'invalid',
    429: 'rateLimited',
    503: 'unavailable',
  }
  const key = byCode[err.code] ?? byStatus[err.status] ?? 'unknown'
  return { key, fields, detail }
}

/** A listing's documents split for display: those in force, and earlier versions and removed ones. */
export interface SplitDocuments {
  /** Current documents, in the order they were attached. */
  current: AttachedDocument[]
  /** Superseded and removed documents, the most recently changed first. */
  past: AttachedDocument[]
}

function time(value: string | undefined): number {
  const t = value ? Date.parse(value) : Number.NaN
  return Number.isNaN(t) ? 0 : t
}

/** Splits documents into current and past (superseded or removed), each sorted for display. */
export function splitDocuments(docs: readonly AttachedDocument[] | null | undefined): SplitDocuments {
  const list = [...(docs ?? [])]
  const current = list
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.status === 'current' || !d.status)
    .sort((a, b) => time(a.d.uploadedAt) - time(b.d.uploadedAt) || a.i - b.i)
    .map(({ d }) => d)
  const past = list
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.status === 'superseded' || d.status === 'removed')
    .sort((a, b) => time(b.d.modifiedAt) - time(a.d.modifiedAt) || b.i - a.i)
    .map(({ d }) => d)
  return { current, past }
}

/** The number of documents in force (what counts against maxFiles). */
export function currentCount(docs: readonly AttachedDocument[] | null | undefined): number {
  return (docs ?? []).filter((d) => d.status === 'current' || !d.status).length
}

/** A language for a new file: Chinese when its name has Chinese characters, else the page's. */
export function guessLanguage(fileName: string, locale: string): DocumentLanguage {
  if (/[\u3400-\u9fff\uf900-\ufaff]/.test(fileName)) return 'zh'
  return locale === 'en' ? 'en' : 'zh'
}

/** The listing statuses whose documents anyone may download without signing in. */
const PUBLIC_STATUSES = new Set(['published', 'closed', 'awarded', 'completed'])

/** True when a listing in this status has public documents (a plain link downloads them). */
export function publicDocuments(status: string): boolean {
  return PUBLIC_STATUSES.has(status)
}

/** Listing statuses in which the owner may add, replace and remove documents. */
const EDITABLE_STATUSES = new Set(['draft', 'rejected', 'pending_review', 'published'])

/** True when the owner may change a listing's documents in this status. */
export function documentsEditable(status: string): boolean {
  return EDITABLE_STATUSES.has(status)
}
