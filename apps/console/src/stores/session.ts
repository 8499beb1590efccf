import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { auth } from '../api/endpoints';
import { tokenStore } from '../api/http';
import type { Role, Staff } from '../api/types';

/** Who is logged in in this tab. The token lives in sessionStorage; the staff record is read once per tab. */
export const useSession = defineStore('session', () => {
  const me = ref<Staff | null>(null);
  const token = ref<string | null>(tokenStore.get());

  const loggedIn = computed(() => token.value !== null);
  const roles = computed<Role[]>(() => me.value?.roles ?? []);

  function hasAnyRole(allowed: readonly Role[] | undefined): boolean {
    return !allowed || allowed.some((r) => roles.value.includes(r));
  }

  async function logIn(username: string, password: string): Promise<void> {
    const { accessToken } = await auth.login(username, password);
    tokenStore.set(accessToken);
    token.value = accessToken;
    me.value = await auth.me();
  }

  /** Reads the staff record behind the tab's token (after a reload). */
  async function load(): Promise<void> {
    if (token.value && !me.value) me.value = await auth.me();
  }

  /** Ends the session on the server too, so neither the token nor the refresh cookie opens it again. */
  async function logOut(): Promise<void> {
    try {
      await auth.logout(tokenStore.get());
    } catch {
      // Already over (expired or revoked): nothing left to end.
    }
    forget();
  }

  function forget(): void {
    tokenStore.clear();
    token.value = null;
    me.value = null;
  }

  return { me, token, loggedIn, roles, hasAnyRole, logIn, logOut, load, forget };
});
