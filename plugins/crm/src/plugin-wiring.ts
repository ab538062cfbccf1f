/**
 * The crm plugin's hand in the other plugins' configs. Artillery 2.0.x shares
 * one config object between the plugins it loads in a process, and reads
 * ensure's conditions at the end of the run and cache-stats' options when it
 * constructs that plugin (after this one): so the targets ensure checks and
 * the target and token the poller uses are set here, before they look.
 */
import {
  DEFAULT_OPTIONS as CACHE_STATS_DEFAULTS,
  ENV_OVERRIDES as CACHE_STATS_ENV,
} from 'artillery-plugin-cache-stats';
import { AUTH_TOKEN_ENV } from '../../../core/auth';
import { ensureConditions, replacePackConditions, type EnsureCondition } from '../../../core/ensure-conditions';
import type { RunPlan } from './run-plan';

type PluginConfigs = Record<string, Record<string, unknown> | undefined>;

/** True when the stats poller has no token of its own but the load has one. */
export function useCrmTokenForStats(cacheStatsOptions: Record<string, unknown>, env: NodeJS.ProcessEnv): boolean {
  const configured = cacheStatsOptions.authTokenEnv !== undefined || env[CACHE_STATS_ENV.authTokenEnv] !== undefined;
  return !configured && env[CACHE_STATS_DEFAULTS.authTokenEnv] === undefined && env[AUTH_TOKEN_ENV] !== undefined;
}

export function wireOtherPlugins(
  plugins: PluginConfigs,
  plan: Pick<RunPlan, 'targets' | 'ceiling' | 'target'>,
  env: NodeJS.ProcessEnv,
): void {
  const ensure = plugins.ensure as { conditions?: EnsureCondition[] } | undefined;
  if (ensure) replacePackConditions(ensure, ensureConditions(plan.targets, plan.ceiling));
  const cacheStats = plugins['cache-stats'];
  if (!cacheStats) return;
  if (cacheStats.target === undefined) cacheStats.target = plan.target;
  // A CRM behind auth usually protects its stats endpoint with the same token: without a token of
  // its own (CACHE_STATS_TOKEN or a configured variable), the poller sends CRM_AUTH_TOKEN's.
  if (useCrmTokenForStats(cacheStats, env)) cacheStats.authTokenEnv = AUTH_TOKEN_ENV;
}
