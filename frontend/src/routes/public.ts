// Routes anyone can open: home with search, an opportunity, the provider
// directory, sign-in and registration. Owned by the public part of the app.
import type { RouteRecordRaw } from 'vue-router'
import HomeView from '../views/HomeView.vue'

export const publicRoutes: RouteRecordRaw[] = [{ path: '/', name: 'home', component: HomeView }]
