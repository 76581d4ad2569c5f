// Issue 22's figures for a third-party platform, checked against the platform scenario's result.
import type { PlatformCalls, PlatformResult, Settings } from './results.js';
import type { TargetCheck } from './targets.js';

export const PLATFORM_TARGETS = {
  /** The most api_authorizer_token and getticket calls of one authorizer over a day (one per 2 h lifetime, renewed ahead). */
  perAuthorizerCalls: 13,
  /** api_component_token calls over the day, all instances together. */
  componentTokenCalls: 13,
} as const;

export const describeCalls = (c: PlatformCalls): string =>
  `${c.componentToken} component token, ${c.authorizerToken} authorizer token, ${c.ticket} ticket, ` +
  `${c.getAuthorizerList} api_get_authorizer_list, ${c.queryAuth} api_query_auth, ${c.startPushTicket} api_start_push_ticket`;

type Shape = Pick<Settings, 'stormRequests' | 'instances' | 'platformAuthorizers'>;

export function platformChecks(result: PlatformResult | undefined, settings: Shape): TargetCheck[] {
  const stormTarget = `issue 22: ${settings.stormRequests} concurrent cold requests for one authorizer -> 1 component token + 1 authorizer token + 1 ticket call`;
  const dayTarget = (what: string) =>
    `issue 22: a simulated day, ${settings.platformAuthorizers} authorizers on ${settings.instances} instances sharing a store: ${what}`;
  const restartTarget = 'issue 22: every instance restarted on the durable store: the first request signs, no push awaited, no authorization repeated';
  const targets = [
    stormTarget,
    dayTarget(`<= ${PLATFORM_TARGETS.perAuthorizerCalls} authorizer-token and ticket calls per authorizer`),
    dayTarget(`<= ${PLATFORM_TARGETS.componentTokenCalls} component-token calls in all`),
    dayTarget('0 api_get_authorizer_list calls, every request signed'),
    restartTarget,
  ];
  if (result === undefined) return targets.map((target) => ({ target, measured: '-', status: 'not measured' }));
  const { storm, day, restart } = result;
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const s = storm.calls;
  const d = day.calls;
  const r = restart.firstCalls;
  return [
    {
      target: stormTarget,
      measured: `${describeCalls(s)} (${storm.ok}/${storm.requests} answered 200)`,
      status: met(
        s.componentToken === 1 && s.authorizerToken === 1 && s.ticket === 1 && s.getAuthorizerList === 0 && s.queryAuth === 0 &&
          s.startPushTicket === 0 && storm.failed === 0,
      ),
    },
    {
      target: targets[1]!,
      measured: `${day.maxAuthorizerTokenCalls} authorizer-token, ${day.maxTicketCalls} ticket calls at most (${day.authorizers} authorizers)`,
      status: met(day.maxAuthorizerTokenCalls <= PLATFORM_TARGETS.perAuthorizerCalls && day.maxTicketCalls <= PLATFORM_TARGETS.perAuthorizerCalls),
    },
    {
      target: targets[2]!,
      measured: `${d.componentToken}`,
      status: met(d.componentToken <= PLATFORM_TARGETS.componentTokenCalls),
    },
    {
      target: targets[3]!,
      measured: `${d.getAuthorizerList} api_get_authorizer_list; ${day.requests - day.failed}/${day.requests} signed` +
        (day.invalidSignatures > 0 ? ` (${day.invalidSignatures} with an invalid signature)` : ''),
      status: met(d.getAuthorizerList === 0 && day.failed === 0),
    },
    {
      target: restartTarget,
      measured:
        `first request ${restart.firstStatus}${restart.firstSignatureValid ? ', valid signature' : ', signature NOT valid'}, ` +
        `${restart.pushesAfter} pushes, ${r.startPushTicket} api_start_push_ticket, ${restart.allCalls.queryAuth} api_query_auth; ` +
        `${restart.authorizersSigned}/${day.authorizers} authorizers signed after it`,
      status: met(
        restart.firstStatus === 200 && restart.firstSignatureValid && restart.pushesAfter === 0 && restart.allCalls.startPushTicket === 0 &&
          restart.allCalls.queryAuth === 0 && restart.authorizersSigned === day.authorizers,
      ),
    },
  ];
}
