// Shapes of the public API (shared/API.md), as the frontend reads them.

/** Money is integer fen (1 yuan = 100 fen). */
export type Fen = number

export type OrgKind = 'government' | 'enterprise'
export type Verification = 'unverified' | 'verified' | 'rejected'

export interface CaseStudy {
  title: string
  summary: string
  year: number
}

export interface Profile {
  summary?: string
  capabilities?: string[]
  caseStudies?: CaseStudy[]
  districtsServed?: string[]
}

export interface Organization {
  id: string
  name: string
  kind: OrgKind
  sme: boolean
  district: string
  creditCode?: string
  verification: Verification
  /** Why verification was refused (members and operators). */
  verificationReason?: string
  createdAt?: string
  profile?: Profile
  version?: number
}

export interface User {
  id: string
  email: string
  displayName: string
  role: 'member' | 'operator'
}

export interface Tokens {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

export interface AuthResult {
  user: User
  organization?: Organization | null
  tokens: Tokens
}

export type OpportunityKind = 'government_need' | 'sme_help'
export type OpportunityStatus =
  | 'draft'
  | 'pending_review'
  | 'rejected'
  | 'published'
  | 'closed'
  | 'awarded'
  | 'completed'
  | 'cancelled'
  | 'unsuccessful'

export interface Criterion {
  id: string
  name: string
  weight: number
}

export interface Award {
  bidId: string
  supplier: { id: string; name: string; sme: boolean }
  priceFen: Fen
  awardedAt: string
  bidCount?: number
  reason?: string
}

export interface Opportunity {
  id: string
  code?: string
  kind: OpportunityKind
  status: OpportunityStatus
  version: number
  title: string
  description: string
  descriptionHtml?: string
  domain: string
  scenarios: string[]
  capabilities: string[]
  district: string
  budget: { minFen: Fen; maxFen: Fen }
  bidDeadline: string
  deliveryStart?: string
  deliveryEnd?: string
  eligibility: { verifiedOnly: boolean; smeOnly: boolean }
  criteria: Criterion[]
  buyer: { id: string; name: string; kind: OrgKind; sme: boolean }
  bidCount?: number
  award?: Award
  /** Why it was last rejected, cancelled or found unsuccessful. */
  reason?: string
  /** Tender documents, every version: current, superseded and removed ones. */
  documents?: AttachedDocument[]
  publishedAt?: string
  createdAt: string
  updatedAt: string
  highlight?: { title?: string; description?: string }
}

/** Facet counts: facet name → value → count. */
export type Facets = Record<string, Record<string, number>>

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
  facets?: Facets
}

export interface HistoryEvent {
  seq: number
  type: string
  at: string
  actor: { organizationId?: string; organizationName?: string; role?: 'member' | 'operator' | 'system' }
  summary: string
  changes?: { field: string; before: string; after: string }[] | null
  hash: string
  prevHash: string
}

export interface Question {
  id: string
  text: string
  answer?: string
  askedAt?: string
  answeredAt?: string
  opportunityId?: string
  status?: 'open' | 'answered'
  /** True for the asking organisation's own questions. */
  mine?: boolean
  [key: string]: unknown
}

export type BidStatus = 'submitted' | 'withdrawn' | 'valid' | 'disqualified' | 'awarded' | 'not_awarded'

export interface Bid {
  id: string
  opportunityId: string
  bidder: { id: string; name: string; sme: boolean }
  status: BidStatus
  version: number
  priceFen: Fen
  durationDays: number
  proposal: string
  team: { name: string; role: string }[]
  receipt: { sha256: string; issuedAt: string }
  /** The bid's current files; the receipt's hash covers their hashes. */
  documents?: AttachedDocument[]
  scores?: Record<string, number>
  totalScore?: number
  /** Why it was disqualified. */
  reason?: string
  submittedAt: string
  updatedAt: string
  [key: string]: unknown
}

export interface Notification {
  id: string
  type: string
  opportunityId?: string
  opportunityCode?: string
  opportunityTitle?: string
  summary?: string
  /** What changed (amendments, extensions): field, before and after as display text. */
  changes?: Change[] | null
  read?: boolean
  createdAt: string
  [key: string]: unknown
}

/** One changed field of a listing, as the server words it. */
export interface Change {
  field: string
  before: string
  after: string
}

/** The filters a saved search keeps (those of GET /opportunities but status and sort). */
export interface SavedQuery {
  q?: string
  kind?: string[]
  domain?: string[]
  district?: string[]
  capability?: string[]
  scenario?: string[]
  budgetMinFen?: Fen
  budgetMaxFen?: Fen
  smeOnly?: boolean
}

export type Digest = 'instant' | 'daily'

/** GET/POST /me/saved-searches. */
export interface SavedSearch {
  id: string
  name: string
  query: SavedQuery
  digest: Digest
  createdAt: string
}

/** GET /me/follows. */
export interface Follow {
  opportunityId: string
  code: string
  title: string
  status: string
  followedAt: string
}

export interface VocabularyEntry {
  code: string
  zh: string
  en: string
}

export interface Vocabularies {
  districts: VocabularyEntry[]
  domains: VocabularyEntry[]
  capabilities: VocabularyEntry[]
  scenarios: VocabularyEntry[]
  /** OCDS documentType codes of listings' and bids' documents (empty when the server has none). */
  tenderDocumentTypes: VocabularyEntry[]
  bidDocumentTypes: VocabularyEntry[]
}

/** Bounds on uploads (GET /vocabularies `documentLimits`). */
export interface DocumentLimits {
  maxFileBytes: number
  maxFiles: number
  /** The most a bid's current files may hold together, when the server says. */
  maxBidBytes?: number
}

export type DocumentStatus = 'current' | 'superseded' | 'removed'
export type DocumentLanguage = 'zh' | 'en'

/** A file attached to a listing (tender documents) or to a bid (sealed with it). */
export interface AttachedDocument {
  id: string
  title: string
  fileName: string
  /** An OCDS documentType code. */
  documentType: string
  language: DocumentLanguage
  /** The media type sniffed from the content, e.g. "application/pdf". */
  format: string
  /** Bytes. */
  size: number
  /** Hex SHA-256 of the content. */
  sha256: string
  status: DocumentStatus
  replaces?: string
  replacedBy?: string
  uploadedAt: string
  modifiedAt: string
  /** The download path, e.g. "/api/v1/opportunities/{id}/documents/{docId}". */
  url?: string
}

/** POST/DELETE /opportunities/{id}/documents…. */
export interface OpportunityDocumentResult {
  document: AttachedDocument
  opportunity: Opportunity
}

/** POST/DELETE /bids/{id}/documents…. */
export interface BidDocumentResult {
  document: AttachedDocument
  bid: Bid
}
