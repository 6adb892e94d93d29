// The latest of a series of requests wins: a new load aborts the one before,
// and only the newest answer (or error) lands. For search pages whose URL
// changes faster than the server answers. Aborted on unmount.
import { onBeforeUnmount, ref, shallowRef } from 'vue'

export function useLatest<Q, R>(fetch: (query: Q, signal: AbortSignal) => Promise<R>) {
  const result = shallowRef<R | null>(null)
  const error = shallowRef<unknown>(null)
  const loading = ref(false)
  let controller: AbortController | null = null

  async function load(query: Q): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const answer = await fetch(query, mine.signal)
      if (controller === mine) result.value = answer
    } catch (err) {
      if (controller !== mine || (err instanceof DOMException && err.name === 'AbortError')) return
      error.value = err
      result.value = null
    } finally {
      if (controller === mine) loading.value = false
    }
  }
  onBeforeUnmount(() => controller?.abort())
  return { result, error, loading, load }
}
