import { describe, expect, it } from 'vitest'
import { pageCount, pageWindow } from './pages'

describe('pageCount', () => {
  it('rounds up and is at least one', () => {
    expect(pageCount(0, 10)).toBe(1)
    expect(pageCount(10, 10)).toBe(1)
    expect(pageCount(11, 10)).toBe(2)
    expect(pageCount(5, 0)).toBe(5)
  })
})

describe('pageWindow', () => {
  it('shows every page when there are few', () => {
    expect(pageWindow(1, 1)).toEqual([1])
    expect(pageWindow(2, 3)).toEqual([1, 2, 3])
  })
  it('marks gaps around the current page', () => {
    expect(pageWindow(1, 10)).toEqual([1, 2, 0, 10])
    expect(pageWindow(5, 10)).toEqual([1, 0, 4, 5, 6, 0, 10])
    expect(pageWindow(10, 10)).toEqual([1, 0, 9, 10])
    expect(pageWindow(3, 10)).toEqual([1, 2, 3, 4, 0, 10])
  })
  it('ignores a current page out of range', () => {
    expect(pageWindow(20, 3)).toEqual([1, 0, 3])
  })
})
