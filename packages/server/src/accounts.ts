// Picks the official account that signs a page url: the first whose allowedHosts match it.
import { hostAllowed, urlAllowed } from './allowed-hosts.js';
import type { ResolvedAccount } from './options.js';

/** The account for a page url, or undefined when no account's allowedHosts cover it (403 host_not_allowed). */
export function chooseAccount(accounts: readonly ResolvedAccount[], url: URL): ResolvedAccount | undefined {
  for (const account of accounts) {
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
