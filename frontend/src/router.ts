import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import NotFoundView from './views/NotFoundView.vue'
import { publicRoutes } from './routes/public'
import { roleRoutes } from './routes/roles'
import { isOperator, signedIn } from './session'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title; shown before the product name in <title>. */
    titleKey?: string
    /** Signed-in users only: others go to the sign-in page and come back. */
    requiresAuth?: boolean
    /** Operators only. */
    operatorOnly?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  ...publicRoutes,
  ...roleRoutes,
  {
    // Anything the Go server does not handle falls back to index.html and lands here.
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: NotFoundView,
    meta: { titleKey: 'notFound.title' },
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

router.beforeEach((to) => {
  if ((to.meta.requiresAuth || to.meta.operatorOnly) && !signedIn()) {
    return { name: 'signin', query: { next: to.fullPath } }
  }
  if (to.meta.operatorOnly && !isOperator()) return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } }
  return true
})
