// Picks the account that signs a page url: among the accounts of the page's container (WeChat: official accounts;
// WeCom: WeCom apps), the first whose allowedHosts match it.
import { hostAllowed, urlAllowed } from './allowed-hosts.js';
import type { Container } from './container.js';
import { ShareError } from './errors.js';
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

/**
 * Why no account signs this page (403 host_not_allowed): no account of its container is configured at all (a WeCom-only
 * server asked for a WeChat page, or the reverse), a platform asked without naming the brand, or no allowedHosts match.
 */
export function noAccountError(accounts: readonly ResolvedAccount[], url: URL, container: Container, platform: boolean): ShareError {
  const refuse = (message: string) => new ShareError('host_not_allowed', 403, message);
  if (!accounts.some((account) => servesContainer(account, container))) {
    if (container === 'wecom') return refuse('no WeCom app is configured, so pages opened in WeCom (container=wecom) are not signed');
    if (platform) {
      return refuse(`no authorizer named for ${url.hostname}: give the brand's appid (?appid=, the script tag's data-appid) or serve the page on a host the component's hosts template matches`);
    }
    return refuse('only WeCom apps are configured, so pages opened in WeChat are not signed (inside WeCom the client asks with container=wecom)');
  }
  const which = container === 'wecom' ? ' of any WeCom app (container=wecom)' : '';
  return refuse(`the host ${url.hostname} (or this path) is not in allowedHosts${which}`);
}

/** Whether some account would sign pages of this hostname (used for CORS origins, which carry no path). */
export function hostServed(accounts: readonly ResolvedAccount[], hostname: string): boolean {
  return accounts.some((account) => account.hosts === undefined || hostAllowed(account.hosts, hostname));
}

/** The accounts that accept any host, which deserve a warning. */
export function unrestrictedAccounts(accounts: readonly ResolvedAccount[]): ResolvedAccount[] {
  return accounts.filter((account) => account.hosts === undefined);
}
