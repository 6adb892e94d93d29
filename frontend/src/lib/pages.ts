// Which page numbers a pagination bar shows.

/** Number of pages for a total (at least 1). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / Math.max(1, pageSize)))
}

/**
 * Page numbers to show: the first, the last, and the current one with its
 * neighbours, in order; 0 marks a gap ("…").
 */
export function pageWindow(page: number, pages: number): number[] {
  const set = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages))
  const list = [...set].sort((a, b) => a - b)
  const out: number[] = []
  let prev = 0
  for (const p of list) {
    if (prev && p - prev > 1) out.push(0)
    out.push(p)
    prev = p
  }
  return out
}
