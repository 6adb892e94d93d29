// A search page whose URL holds the whole query: every change of the URL
// (typing, filters, the back button, a shared link) loads the results for
// it, and user input becomes URL changes. Used by the opportunity list and
// the provider directory.
import { computed, onBeforeUnmount, ref, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'

/** What a URL-held search needs to know about its page and its query type. */
export interface UrlSearchOptions<Q extends { q: string; page: number }> {
  /** The route of the page; URL changes elsewhere are ignored. */
  routeName: string
  /** The id of the text box, which is not overwritten while it has focus. */
  inputId: string
  fromRoute: (query: LocationQuery) => Q
  toRoute: (q: Q) => LocationQueryRaw
  /** Loads the results of a query. */
  load: (q: Q) => void
  /** Brings the page's other inputs in line with a query from the URL. */
  onRouteChange?: (q: Q) => void
  /** Values of the page's other inputs, taken on submit. */
  fromInputs?: () => Partial<Q>
}

/** The query in the URL, the text box's value and the ways to change them. */
export function useUrlSearch<Q extends { q: string; page: number }>(o: UrlSearchOptions<Q>) {
  const route = useRoute()
  const router = useRouter()
  const query = computed(() => o.fromRoute(route.query))
  const text = ref(query.value.q)
  const key = (q: Q) => JSON.stringify(o.toRoute(q))

  watch(
    () => (route.name === o.routeName ? key(query.value) : null),
    (k) => {
      if (k === null) return
      const q = query.value
      if (document.activeElement?.id !== o.inputId) text.value = q.q
      o.onRouteChange?.(q)
      o.load(q)
    },
    { immediate: true },
  )

  /** Puts a changed query into the URL (push: a new history entry; replace while typing). */
  function go(next: Q, replace = false): void {
    const to = { name: o.routeName, query: o.toRoute(next) }
    if (replace) void router.replace(to)
    else void router.push(to)
  }

  // Typing searches after a pause; Enter or the button searches at once.
  let typing: ReturnType<typeof setTimeout> | undefined
  function onInput(): void {
    clearTimeout(typing)
    typing = setTimeout(() => {
      if (text.value.trim() !== query.value.q) go({ ...query.value, q: text.value, page: 1 }, true)
    }, 400)
  }
  /** Searches at once; the same query again reloads its results. */
  function submit(): void {
    clearTimeout(typing)
    const next = { ...query.value, q: text.value, page: 1, ...o.fromInputs?.() } as Q
    if (key(next) === key(query.value)) o.load(next)
    else go(next)
  }
  onBeforeUnmount(() => clearTimeout(typing))

  return { query, text, go, onInput, submit }
}
