// Picks the account that signs a page url: among the accounts of the page's container (WeChat: official accounts;
// WeCom: WeCom apps), the first whose allowedHosts match it.
import { hostAllowed, urlAllowed } from './allowed-hosts.js';
import type { Container } from './container.js';
import type { ResolvedAccount } from './options.js';

/** Whether an account serves pages of this container. */
export const servesContainer = (account: ResolvedAccount, container: Container): boolean =>
  (account.type === 'wecom') === (container === 'wecom');

/** The account for a page url, or undefined when no account of the container covers it (403 host_not_allowed). */
export function chooseAccount(accounts: readonly ResolvedAccount[], url: URL, container: Container = 'wechat'): ResolvedAccount | undefined {
  for (const account of accounts) {
    if (!servesContainer(account, container)) continue;
    if (account.hosts === undefined || urlAllowed(account.hosts, url)) return account;
  }
  return undefined;
}

/** Whether some account would sign pages of this hostname (used for CORS origins, which carry no path). */
export function hostServed(accounts: readonly ResolvedAccount[], hostname: string): boolean {
  return accounts.some((account) => account.hosts === undefined || hostAllowed(account.hosts, hostname));
}

/** The accounts that accept any host, which deserve a warning. */
export function unrestrictedAccounts(accounts: readonly ResolvedAccount[]): ResolvedAccount[] {
  return accounts.filter((account) => account.hosts === undefined);
}
