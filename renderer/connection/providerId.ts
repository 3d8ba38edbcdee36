import type { ProviderHealth, ProviderId } from '../../protocol';

/**
 * protocol's ProviderIdSchema is built with PROVIDER_IDS.map(...), so its static type
 * collapses to `never`; the runtime value is a provider id. Read it through here.
 */
export function providerIdOf(health: Pick<ProviderHealth, 'id'>): ProviderId {
  return health.id as ProviderId;
}
