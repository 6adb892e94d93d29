// A reactive CSS media query (true while it matches), for layout decisions
// CSS alone cannot make, such as folding the filters away on phones.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export function useMediaQuery(query: string, initial = true): Ref<boolean> {
  const matches = ref(initial)
  let list: MediaQueryList | null = null
  const update = () => {
    if (list) matches.value = list.matches
  }
  onMounted(() => {
    if (typeof window === 'undefined' || !window.matchMedia) return
    list = window.matchMedia(query)
    update()
    list.addEventListener('change', update)
  })
  onBeforeUnmount(() => list?.removeEventListener('change', update))
  return matches
}
