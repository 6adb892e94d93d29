// The signed-in organisation's unread notification count, shared so the
// frame's navigation can show it: call refreshUnread() after sign-in or on
// navigation; the notifications page keeps it current.
import { ref } from 'vue'
import { get } from '../../api/client'

export const unreadCount = ref<number | null>(null)

export async function refreshUnread(): Promise<void> {
  try {
    const res = await get<{ unread: number }>('/me/notifications', { query: { pageSize: 1 } })
    unreadCount.value = res.unread
  } catch {
    unreadCount.value = null
  }
}
