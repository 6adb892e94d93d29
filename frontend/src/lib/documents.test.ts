import { describe, expect, it } from 'vitest'
import type { AttachedDocument } from '../api/types'
import { ApiError, problemError } from '../api/client'
import {
  BID_DOCUMENT_TYPES,
  DEFAULT_DOCUMENT_LIMITS,
  TENDER_DOCUMENT_TYPES,
  currentBytes,
  currentCount,
  documentProblem,
  documentsEditable,
  downloadURL,
  encodeQuery,
  formatBytes,
  formatName,
  guessLanguage,
  precheckFiles,
  publicDocuments,
  removePath,
  shortHash,
  splitDocuments,
  uploadURL,
} from './documents'
import zhCN from '../i18n/messages/zh-CN'
import en from '../i18n/messages/en'

describe('formatBytes', () => {
  it('shows bytes below 1 KB as they are', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1)).toBe('1 B')
    expect(formatBytes(1023)).toBe('1023 B')
  })
  it('uses binary multiples with at most one decimal, none from 100 up', () => {
    expect(formatBytes(1024)).toBe('1 KB')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(1.2 * 1024 * 1024)).toBe('1.2 MB')
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB')
    expect(formatBytes(123.4 * 1024)).toBe('123 KB')
    expect(formatBytes(3 * 1024 ** 3 / 2)).toBe('1.5 GB')
  })
  it('never shows 1024 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB')
    expect(formatBytes(1024 * 1024 - 40)).toBe('1 MB')
  })
  it('is the same in both locales and has no digit grouping', () => {
    expect(formatBytes(1.25 * 1024 * 1024, 'en')).toBe(formatBytes(1.25 * 1024 * 1024, 'zh-CN'))
    expect(formatBytes(2000 * 1024 ** 4, 'en')).toBe('2000 TB')
  })
  it('shows a dash for nonsense', () => {
    expect(formatBytes(undefined)).toBe('—')
    expect(formatBytes(null)).toBe('—')
    expect(formatBytes(-1)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
  })
})

describe('shortHash', () => {
  const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
  it('keeps the head and the tail', () => {
    expect(shortHash(sha)).toBe('e3b0c442…b855')
    expect(shortHash(sha, 4, 2)).toBe('e3b0…55')
  })
  it('leaves short values alone', () => {
    expect(shortHash('abc')).toBe('abc')
    expect(shortHash('')).toBe('')
  })
})

describe('formatName', () => {
  it('names the allowed formats', () => {
    expect(formatName('application/pdf')).toBe('PDF')
    expect(formatName('text/plain; charset=utf-8')).toBe('TXT')
    expect(formatName('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('Word (DOCX)')
    expect(formatName('IMAGE/PNG')).toBe('PNG')
  })
  it('falls back to the media type, or a dash', () => {
    expect(formatName('application/x-custom')).toBe('application/x-custom')
    expect(formatName('')).toBe('—')
    expect(formatName(undefined)).toBe('—')
  })
})

describe('encodeQuery', () => {
  it('percent-encodes UTF-8, spaces as %20, and leaves out empty values', () => {
    expect(encodeQuery([['a', '需求 说明'], ['b', undefined], ['c', ''], ['d', null], ['e', 0]])).toBe(
      '?a=%E9%9C%80%E6%B1%82%20%E8%AF%B4%E6%98%8E&e=0',
    )
    expect(encodeQuery([])).toBe('')
    expect(encodeQuery([['q', 'a&b=c+d#e?']])).toBe('?q=a%26b%3Dc%2Bd%23e%3F')
  })
})

describe('uploadURL', () => {
  const base = { fileName: '需求说明书 v2.pdf', title: '需求说明书', documentType: 'technicalSpecifications', language: 'zh' as const, version: 3 }

  it('builds the listing upload URL with every parameter encoded', () => {
    const url = uploadURL({ kind: 'opportunity', id: 'op 1' }, base)
    expect(url.startsWith('/api/v1/opportunities/op%201/documents?')).toBe(true)
    const params = new URL(url, 'http://x').searchParams
    expect(params.get('fileName')).toBe('需求说明书 v2.pdf')
    expect(params.get('title')).toBe('需求说明书')
    expect(params.get('documentType')).toBe('technicalSpecifications')
    expect(params.get('language')).toBe('zh')
    expect(params.get('version')).toBe('3')
    expect(params.has('amendmentReason')).toBe(false)
    expect(params.has('replaces')).toBe(false)
    expect(url).not.toContain('+')
  })

  it('adds the amendment reason and the replaced document when given', () => {
    const url = uploadURL({ kind: 'opportunity', id: 'o1' }, { ...base, amendmentReason: '  更新 技术要求 ', replaces: 'd9' })
    const params = new URL(url, 'http://x').searchParams
    expect(params.get('amendmentReason')).toBe('更新 技术要求')
    expect(params.get('replaces')).toBe('d9')
    expect([...params.keys()]).toEqual(['fileName', 'title', 'documentType', 'language', 'version', 'amendmentReason', 'replaces'])
  })

  it('falls back to the file name for an empty title, and never sends replaces for a bid', () => {
    const url = uploadURL({ kind: 'bid', id: 'b1' }, { ...base, title: '   ', replaces: 'd9', amendmentReason: '' })
    expect(url.startsWith('/api/v1/bids/b1/documents?')).toBe(true)
    const params = new URL(url, 'http://x').searchParams
    expect(params.get('title')).toBe('需求说明书 v2.pdf')
    expect(params.has('replaces')).toBe(false)
    expect(params.has('amendmentReason')).toBe(false)
  })
})

describe('removePath and downloadURL', () => {
  it('builds the DELETE path under the API base', () => {
    expect(removePath({ kind: 'opportunity', id: 'o1' }, 'd/1', 4)).toBe('/opportunities/o1/documents/d%2F1?version=4')
    expect(removePath({ kind: 'opportunity', id: 'o1' }, 'd1', 4, '删除 旧版')).toBe(
      '/opportunities/o1/documents/d1?version=4&amendmentReason=%E5%88%A0%E9%99%A4%20%E6%97%A7%E7%89%88',
    )
    expect(removePath({ kind: 'bid', id: 'b1' }, 'd1', 2, '  ')).toBe('/bids/b1/documents/d1?version=2')
  })
  it("prefers the server's download URL", () => {
    expect(downloadURL({ kind: 'opportunity', id: 'o1' }, { id: 'd1', url: '/api/v1/opportunities/o1/documents/d1' })).toBe(
      '/api/v1/opportunities/o1/documents/d1',
    )
    expect(downloadURL({ kind: 'bid', id: 'b 1' }, { id: 'd1' })).toBe('/api/v1/bids/b%201/documents/d1')
  })
})

describe('precheckFiles', () => {
  const limits = { maxFileBytes: 100, maxFiles: 3 }
  it('accepts files within the limits', () => {
    expect(precheckFiles([{ size: 1 }, { size: 100 }], limits)).toEqual([null, null])
  })
  it('refuses empty and oversized files without counting them', () => {
    expect(precheckFiles([{ size: 0 }, { size: 101 }, { size: 5 }, { size: 5 }, { size: 5 }], limits)).toEqual([
      'empty',
      'tooLarge',
      null,
      null,
      null,
    ])
  })
  it('refuses the files beyond the room left by the existing documents', () => {
    expect(precheckFiles([{ size: 5 }, { size: 5 }, { size: 5 }], limits, 2)).toEqual([null, 'tooMany', 'tooMany'])
    expect(precheckFiles([{ size: 5 }], limits, 7)).toEqual(['tooMany'])
  })
  it("refuses the files that would take a bid's files past their total size", () => {
    const big = { maxFileBytes: 100, maxFiles: 10 }
    expect(precheckFiles([{ size: 60 }, { size: 50 }, { size: 40 }], big, 1, { used: 100, max: 200 })).toEqual([null, 'tooMuchTotal', null])
    expect(currentBytes([doc({ size: 5 }), doc({ size: 7, status: 'removed' }), doc({ size: 9 })])).toBe(14)
  })
  it('defaults to 50 MiB and 30 files', () => {
    expect(DEFAULT_DOCUMENT_LIMITS).toEqual({ maxFileBytes: 50 * 1024 * 1024, maxFiles: 30 })
    expect(precheckFiles([{ size: 50 * 1024 * 1024 + 1 }], DEFAULT_DOCUMENT_LIMITS)).toEqual(['tooLarge'])
  })
})

describe('documentProblem', () => {
  it('maps the API codes', () => {
    expect(documentProblem(new ApiError(413, 'payload_too_large', 'too big')).key).toBe('tooLarge')
    expect(documentProblem(new ApiError(415, 'unsupported_media_type', 'no')).key).toBe('unsupported')
    expect(documentProblem(new ApiError(409, 'conflict', '')).key).toBe('conflict')
    expect(documentProblem(new ApiError(409, 'invalid_state', '')).key).toBe('invalidState')
    expect(documentProblem(new ApiError(409, 'deadline_passed', '')).key).toBe('deadlinePassed')
    expect(documentProblem(new ApiError(0, 'network', '')).key).toBe('network')
    expect(documentProblem(new ApiError(0, 'aborted', '')).key).toBe('cancelled')
  })
  it('falls back to the status for codes it does not know', () => {
    expect(documentProblem(new ApiError(413, 'http_413', '')).key).toBe('tooLarge')
    expect(documentProblem(new ApiError(415, 'http_415', '')).key).toBe('unsupported')
    expect(documentProblem(new ApiError(418, 'teapot', 'I am a teapot'))).toEqual({ key: 'unknown', fields: [], detail: 'I am a teapot' })
  })
  it('keeps the field problems of a 422', () => {
    const err = problemError(
      422,
      JSON.stringify({
        status: 422,
        code: 'validation_failed',
        detail: 'invalid',
        errors: [{ location: 'query.amendmentReason', message: 'needs a reason' }, { location: 'query.title' }],
      }),
      null,
    )
    expect(documentProblem(err)).toEqual({
      key: 'invalid',
      fields: [
        { location: 'query.amendmentReason', message: 'needs a reason' },
        { location: 'query.title', message: '' },
      ],
      detail: 'invalid',
    })
  })
  it('treats an aborted fetch as cancelled and anything else as unknown', () => {
    expect(documentProblem(new DOMException('stop', 'AbortError')).key).toBe('cancelled')
    expect(documentProblem(new Error('x')).key).toBe('unknown')
    expect(documentProblem(null).key).toBe('unknown')
  })
  it('has a message in both locales for every key', () => {
    const keys = ['cancelled', 'network', 'tooLarge', 'unsupported', 'invalid', 'conflict', 'invalidState', 'deadlinePassed', 'unauthenticated', 'forbidden', 'notFound', 'rateLimited', 'unavailable', 'unknown']
    for (const messages of [zhCN, en]) {
      for (const k of keys) expect((messages.documents.errors as Record<string, string>)[k], k).toBeTruthy()
    }
  })
})

describe('problemError', () => {
  it('reads problem+json, and keeps the status for anything else', () => {
    const e = problemError(415, '{"code":"unsupported_media_type","detail":"text/html is not allowed","status":415}', null)
    expect([e.status, e.code, e.detail]).toEqual([415, 'unsupported_media_type', 'text/html is not allowed'])
    const h = problemError(502, '<html>bad gateway</html>', '7')
    expect([h.status, h.code, h.detail, h.retryAfter]).toEqual([502, 'http_502', '', 7])
    expect(problemError(500, '', null).code).toBe('http_500')
  })
})

function doc(over: Partial<AttachedDocument>): AttachedDocument {
  return {
    id: 'd',
    title: 't',
    fileName: 'f.pdf',
    documentType: 'other',
    language: 'zh',
    format: 'application/pdf',
    size: 1,
    sha256: 'a'.repeat(64),
    status: 'current',
    uploadedAt: '2026-01-01T00:00:00Z',
    modifiedAt: '2026-01-01T00:00:00Z',
    ...over,
  }
}

describe('splitDocuments', () => {
  it('puts current documents first in upload order, earlier versions apart, newest change first', () => {
    const docs = [
      doc({ id: 'c2', uploadedAt: '2026-01-03T00:00:00Z', modifiedAt: '2026-01-03T00:00:00Z' }),
      doc({ id: 's1', status: 'superseded', replacedBy: 'c2', uploadedAt: '2026-01-01T00:00:00Z', modifiedAt: '2026-01-03T00:00:00Z' }),
      doc({ id: 'c1', uploadedAt: '2026-01-02T00:00:00Z', modifiedAt: '2026-01-02T00:00:00Z' }),
      doc({ id: 'r1', status: 'removed', uploadedAt: '2026-01-01T00:00:00Z', modifiedAt: '2026-01-04T00:00:00Z' }),
      doc({ id: 'c3', uploadedAt: '2026-01-03T00:00:00Z' }),
    ]
    const { current, past } = splitDocuments(docs)
    expect(current.map((d) => d.id)).toEqual(['c1', 'c2', 'c3'])
    expect(past.map((d) => d.id)).toEqual(['r1', 's1'])
    expect(currentCount(docs)).toBe(3)
  })
  it('copes with nothing', () => {
    expect(splitDocuments(undefined)).toEqual({ current: [], past: [] })
    expect(currentCount(null)).toBe(0)
  })
})

describe('guessLanguage', () => {
  it('picks Chinese for Chinese names, else the page language', () => {
    expect(guessLanguage('需求说明书.pdf', 'en')).toBe('zh')
    expect(guessLanguage('spec.pdf', 'en')).toBe('en')
    expect(guessLanguage('spec.pdf', 'zh-CN')).toBe('zh')
  })
})

describe('statuses', () => {
  it('knows which listings have public documents and which the owner may change', () => {
    expect(['published', 'closed', 'awarded', 'completed'].every(publicDocuments)).toBe(true)
    expect(['draft', 'pending_review', 'rejected', 'cancelled'].some(publicDocuments)).toBe(false)
    expect(['draft', 'rejected', 'pending_review', 'published'].every(documentsEditable)).toBe(true)
    expect(['closed', 'awarded', 'cancelled'].some(documentsEditable)).toBe(false)
  })
})

describe('document type labels', () => {
  it('exist in both locales for every fallback code', () => {
    for (const messages of [zhCN, en]) {
      for (const code of TENDER_DOCUMENT_TYPES) expect((messages.documents.types.tender as Record<string, string>)[code], code).toBeTruthy()
      for (const code of BID_DOCUMENT_TYPES) expect((messages.documents.types.bid as Record<string, string>)[code], code).toBeTruthy()
    }
  })
})
