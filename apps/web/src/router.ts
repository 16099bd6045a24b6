/**
 * The console's pages. Each page is its own chunk (loaded when first opened), so the first page
 * loads only the shell and 登录. `meta.roles`: who sees the page in the menu and may open it; the
 * API still decides what each body may read and do.
 */
import { createRouter, createWebHistory } from 'vue-router';
import type { Role } from './session';
import { hasRole, isPlatformAdmin, session } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without a session (登录). */
    public?: boolean;
    /** Any of these roles. */
    roles?: Role[];
    /** The platform's administrators only. */
    platformAdmin?: boolean;
    /** i18n key of the page's title. */
    title?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: 'login.title' } },
    {
      path: '/',
      component: () => import('./components/AppLayout.vue'),
      children: [
        { path: '', redirect: { name: 'todo' } },
        { path: 'todo', name: 'todo', component: () => import('./pages/TodoPage.vue'), meta: { title: 'nav.todo' } },
        { path: 'inbox', name: 'inbox', component: () => import('./pages/InboxPage.vue'), meta: { title: 'nav.inbox' } },
        { path: 'campaigns', name: 'campaigns', component: () => import('./pages/CampaignsPage.vue'), meta: { title: 'nav.campaigns' } },
        { path: 'campaigns/new', name: 'launch', component: () => import('./pages/LaunchPage.vue'), meta: { title: 'nav.launch', roles: ['secretariat'] } },
        {
          path: 'campaigns/:id',
          component: () => import('./pages/campaign/CampaignShell.vue'),
          props: true,
          children: [
            { path: '', name: 'campaign', redirect: (to) => ({ name: 'notice', params: to.params }) },
            { path: 'notice', name: 'notice', component: () => import('./pages/campaign/NoticeTab.vue'), props: true },
            { path: 'co-sign', name: 'co-sign', component: () => import('./pages/campaign/CoSignTab.vue'), props: true },
            { path: 'distribution', name: 'distribution', component: () => import('./pages/campaign/DistributionTab.vue'), props: true },
            { path: 'relays', name: 'relays', component: () => import('./pages/campaign/RelaysTab.vue'), props: true },
            { path: 'timeline', name: 'timeline', component: () => import('./pages/campaign/TimelineTab.vue'), props: true },
            { path: 'activities', name: 'activities', component: () => import('./pages/campaign/ActivitiesTab.vue'), props: true },
            { path: 'summaries', name: 'summaries', component: () => import('./pages/campaign/SummariesTab.vue'), props: true },
            { path: 'commendations', name: 'commendations', component: () => import('./pages/campaign/CommendationsTab.vue'), props: true },
            { path: 'audit', name: 'audit', component: () => import('./pages/campaign/AuditTab.vue'), props: true },
          ],
        },
        { path: 'admin/agencies', name: 'agencies', component: () => import('./pages/admin/AgenciesPage.vue'), meta: { title: 'nav.agencies', roles: ['admin'] } },
        { path: 'admin/users', name: 'users', component: () => import('./pages/admin/UsersPage.vue'), meta: { title: 'nav.users', roles: ['admin', 'secretariat'] } },
        { path: 'admin/internal-steps', name: 'internal-steps', component: () => import('./pages/admin/InternalStepsPage.vue'), meta: { title: 'nav.internalSteps', roles: ['admin', 'secretariat'] } },
        { path: 'admin/doc-numbers', name: 'doc-numbers', component: () => import('./pages/admin/DocNumbersPage.vue'), meta: { title: 'nav.docNumbers', roles: ['admin'] } },
      ],
    },
    { path: '/:rest(.*)*', redirect: { name: 'todo' } },
  ],
});

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!session.me) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (to.meta.platformAdmin && !isPlatformAdmin()) return { name: 'todo' };
  if (to.meta.roles && !hasRole(...to.meta.roles)) return { name: 'todo' };
  return true;
});
