import { describe, expect, it } from 'vitest'
import { decodeEntities, highlightSegments, sanitizeHighlight } from './highlight'

describe('sanitizeHighlight', () => {
  it('keeps <mark> and the escaped text as the API sends it', () => {
    expect(sanitizeHighlight('Smart <mark>elderly</mark>-care')).toBe('Smart <mark>elderly</mark>-care')
    expect(sanitizeHighlight('徐汇区城市运行“一网统管”<mark>数字孪生</mark>底座建设')).toBe(
      '徐汇区城市运行“一网统管”<mark>数字孪生</mark>底座建设',
    )
    expect(sanitizeHighlight('residents&#39; care &amp; more')).toBe('residents&#39; care &amp; more')
  })
  it('leaves every other tag as visible text', () => {
    expect(sanitizeHighlight('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(sanitizeHighlight('<mark><img src=x onerror="alert(1)"></mark>')).toBe(
      '<mark>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</mark>',
    )
    expect(sanitizeHighlight('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(sanitizeHighlight('<mark onclick="x">a</mark>')).toBe('&lt;mark onclick=&quot;x&quot;&gt;a')
    expect(sanitizeHighlight('<MARK>a</MARK>')).toBe('&lt;MARK&gt;a&lt;/MARK&gt;')
  })
  it('keeps escaped tags from the server escaped (decoded once, escaped again)', () => {
    expect(sanitizeHighlight('&lt;img src=x onerror=alert(1)&gt;')).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(sanitizeHighlight('<mark>&lt;/mark&gt;&lt;script&gt;</mark>')).toBe('<mark>&lt;/mark&gt;&lt;script&gt;</mark>')
  })
  it('balances marks the text leaves open and ignores stray closes', () => {
    expect(sanitizeHighlight('a <mark>b')).toBe('a <mark>b</mark>')
    expect(sanitizeHighlight('a </mark>b')).toBe('a b')
    expect(sanitizeHighlight('')).toBe('')
    expect(sanitizeHighlight(undefined)).toBe('')
  })
})

describe('highlightSegments', () => {
  it('splits into plain and marked text, merging neighbours', () => {
    expect(highlightSegments('a <mark>b</mark><mark>c</mark> d')).toEqual([
      { text: 'a ', mark: false },
      { text: 'bc', mark: true },
      { text: ' d', mark: false },
    ])
  })
})

describe('decodeEntities', () => {
  it('decodes named and numeric references and leaves unknown ones', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&#39;&#x27;&#20013;&bogus;')).toBe(`<>&"''中&bogus;`)
    expect(decodeEntities('&#0;&#x110000;')).toBe('&#0;&#x110000;')
  })
})
