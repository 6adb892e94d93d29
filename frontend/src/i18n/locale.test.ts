import { describe, expect, it } from 'vitest'
import {
  DEFAULT_LOCALE,
  LOCALE_STORAGE_KEY,
  applyDocumentLocale,
  isAppLocale,
  normalizeLocale,
  otherLocale,
  persistLocale,
  pickInitialLocale,
  readStoredLocale,
  type LocaleStorage,
} from './locale'
import en from './messages/en'
import zhCN from './messages/zh-CN'

/** In-memory Storage stand-in. */
function memoryStorage(initial: Record<string, string> = {}): LocaleStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, String(value))
    },
  }
}

/** Storage that throws on every access, like a blocked or full localStorage. */
const throwingStorage: LocaleStorage = {
  getItem: () => {
    throw new Error('SecurityError')
  },
  setItem: () => {
    throw new Error('QuotaExceededError')
  },
}

describe('constants', () => {
  it('defaults to Chinese and uses the documented storage key', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(LOCALE_STORAGE_KEY).toBe('market.locale')
  })
})

describe('normalizeLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh_TW', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['en_GB', 'en'],
    [' EN ', 'en'],
  ])('maps %j to %j', (input, expected) => {
    expect(normalizeLocale(input)).toBe(expected)
  })

  it.each([['fr-FR'], [''], ['e'], ['english'], [null], [undefined], [42]])(
    'rejects %j',
    (input) => {
      expect(normalizeLocale(input)).toBeNull()
    },
  )
})

describe('isAppLocale', () => {
  it('accepts only exact supported tags', () => {
    expect(isAppLocale('zh-CN')).toBe(true)
    expect(isAppLocale('en')).toBe(true)
    expect(isAppLocale('en-US')).toBe(false)
    expect(isAppLocale('zh')).toBe(false)
  })
})

describe('pickInitialLocale', () => {
  it('prefers the stored choice over the browser languages', () => {
    const storage = memoryStorage({ [LOCALE_STORAGE_KEY]: 'en' })
    expect(pickInitialLocale({ storage, languages: ['zh-CN'] })).toBe('en')
  })

  it('uses the first supported browser language when nothing is stored', () => {
    expect(pickInitialLocale({ storage: memoryStorage(), languages: ['fr-FR', 'en-GB', 'zh-CN'] })).toBe('en')
    expect(pickInitialLocale({ storage: memoryStorage(), languages: ['de', 'zh-TW'] })).toBe('zh-CN')
  })

  it('ignores an invalid stored value', () => {
    const storage = memoryStorage({ [LOCALE_STORAGE_KEY]: 'klingon' })
    expect(pickInitialLocale({ storage, languages: ['en-US'] })).toBe('en')
  })

  it('falls back to zh-CN when nothing matches', () => {
    expect(pickInitialLocale({ storage: memoryStorage(), languages: ['fr-FR', 'ja'] })).toBe('zh-CN')
    expect(pickInitialLocale({ storage: null, languages: null })).toBe('zh-CN')
    expect(pickInitialLocale({})).toBe('zh-CN')
  })

  it('survives a storage that throws', () => {
    expect(pickInitialLocale({ storage: throwingStorage, languages: ['en'] })).toBe('en')
    expect(pickInitialLocale({ storage: throwingStorage, languages: [] })).toBe('zh-CN')
  })
})

describe('persistLocale / readStoredLocale', () => {
  it('round-trips through storage under market.locale', () => {
    const storage = memoryStorage()
    expect(persistLocale(storage, 'en')).toBe(true)
    expect(storage.data.get('market.locale')).toBe('en')
    expect(readStoredLocale(storage)).toBe('en')

    expect(persistLocale(storage, 'zh-CN')).toBe(true)
    expect(readStoredLocale(storage)).toBe('zh-CN')
    expect(pickInitialLocale({ storage, languages: ['en-US'] })).toBe('zh-CN')
  })

  it('reports failure instead of throwing when storage is unavailable', () => {
    expect(persistLocale(null, 'en')).toBe(false)
    expect(persistLocale(undefined, 'en')).toBe(false)
    expect(persistLocale(throwingStorage, 'en')).toBe(false)
    expect(readStoredLocale(throwingStorage)).toBeNull()
    expect(readStoredLocale(null)).toBeNull()
  })
})

describe('applyDocumentLocale / otherLocale', () => {
  it('sets the lang attribute of the root element', () => {
    const root = { lang: 'zh-CN' }
    applyDocumentLocale(root, 'en')
    expect(root.lang).toBe('en')
    applyDocumentLocale(root, 'zh-CN')
    expect(root.lang).toBe('zh-CN')
  })

  it('toggles between the two locales', () => {
    expect(otherLocale('zh-CN')).toBe('en')
    expect(otherLocale('en')).toBe('zh-CN')
  })
})

describe('messages', () => {
  function keys(obj: object, prefix = ''): string[] {
    return Object.entries(obj).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    )
  }

  it('have the same keys in both locales, all non-empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
    for (const messages of [zhCN, en]) {
      for (const key of keys(messages)) {
        const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages)
        expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true)
      }
    }
  })

  it('carry the product name in each language', () => {
    expect(zhCN.app.name).toBe('城市数字化转型机会清单')
    expect(en.app.name).toBe('City Digital Transformation Opportunity List')
  })
})
