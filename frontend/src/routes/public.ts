// Routes anyone can open: home with search, an opportunity, the provider
// directory, sign-in and registration. Owned by the public part of the app.
// Home is in the first bundle; every other page loads on demand.
import type { RouteRecordRaw } from 'vue-router'
import HomeView from '../views/HomeView.vue'

export const publicRoutes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  {
    path: '/opportunities/:id',
    name: 'opportunity',
    component: () => import('../views/OpportunityView.vue'),
    meta: { titleKey: 'opportunity.pageTitle' },
  },
  {
    path: '/providers',
    name: 'providers',
    component: () => import('../views/ProvidersView.vue'),
    meta: { titleKey: 'providers.title' },
  },
  {
    path: '/organizations/:id',
    name: 'organization',
    component: () => import('../views/OrganizationView.vue'),
    meta: { titleKey: 'organization.pageTitle' },
  },
  {
    path: '/signin',
    name: 'signin',
    component: () => import('../views/SignInView.vue'),
    meta: { titleKey: 'auth.signInTitle' },
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('../views/RegisterView.vue'),
    meta: { titleKey: 'auth.registerTitle' },
  },
]
