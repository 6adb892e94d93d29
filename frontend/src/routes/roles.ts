// Routes for signed-in people: buyers, enterprises, SMEs and operators.
// Each has meta.requiresAuth (and meta.operatorOnly where it applies).
import type { RouteRecordRaw } from 'vue-router'

export const roleRoutes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'buyer-dashboard',
    component: () => import('../views/roles/BuyerDashboardView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.dashboard.title' },
  },
  {
    path: '/opportunities/new',
    name: 'opportunity-new',
    component: () => import('../views/roles/OpportunityFormView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.form.headingNew' },
  },
  {
    path: '/opportunities/:id/edit',
    name: 'opportunity-edit',
    component: () => import('../views/roles/OpportunityFormView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.form.headingEdit' },
  },
  {
    path: '/my/bids',
    name: 'my-bids',
    component: () => import('../views/roles/MyBidsView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.myBids.title' },
  },
  {
    path: '/my/notifications',
    name: 'notifications',
    component: () => import('../views/roles/NotificationsView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.notifications.title' },
  },
  {
    path: '/my/saved-searches',
    name: 'saved-searches',
    component: () => import('../views/roles/SavedSearchesView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.alerts.listTitle' },
  },
  {
    path: '/my/profile',
    name: 'profile',
    component: () => import('../views/roles/ProfileView.vue'),
    meta: { requiresAuth: true, titleKey: 'roles.profile.title' },
  },
  {
    path: '/operator',
    name: 'operator',
    component: () => import('../views/roles/OperatorView.vue'),
    meta: { requiresAuth: true, operatorOnly: true, titleKey: 'roles.operator.title' },
  },
]
