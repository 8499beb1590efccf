import { createRouter, createWebHistory, type Router } from 'vue-router';
import { setUnauthorizedHandler } from '../api/http';
import { useSession } from '../stores/session';
import { homeFor, routes } from './routes';

const SITE = '机关效能建设';

export function createConsoleRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes });

  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSession();
    if (!session.loggedIn) return { name: 'login', query: { redirect: to.fullPath } };
    try {
      await session.load();
    } catch {
      return { name: 'login', query: { redirect: to.fullPath } };
    }
    if (to.name === 'home') return homeFor(session.roles);
    // A page of another role: a clear 无权限 page naming what was asked for, never a broken one.
    if (!session.hasAnyRole(to.meta.roles)) return { name: 'forbidden', query: { from: to.fullPath }, replace: true };
    return true;
  });

  router.afterEach((to) => {
    document.title = `${to.meta.title} - ${SITE}`;
  });

  // The session ended (expired or revoked token): log in again, then come back here.
  setUnauthorizedHandler(() => {
    useSession().forget();
    const current = router.currentRoute.value;
    if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } });
  });

  return router;
}
