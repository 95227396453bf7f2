import type { ManagerPower } from '../../../http/auth.ts'

/** README §7.2: case-insensitive, space and underscore interchangeable. */
export function normalisePower(name: string): string {
  return name.trim().toUpperCase().replace(/[\s_]+/g, '_')
}

const POWER_NAMES: Record<string, ManagerPower> = {
  ADMINISTER_AGENTS: 'ADMINISTER_AGENTS',
  ACCESS_TO_AGENT_EDITOR: 'ADMINISTER_AGENTS',
  MODIFY_SERVICES: 'MODIFY_SERVICES',
}

/** Canonical names stored in optionalManagerPowers and emitted by Read LiveVox User. */
export const POWER_LABELS: Record<ManagerPower, string> = {
  ADMINISTER_AGENTS: 'Administer Agents',
  MODIFY_SERVICES: 'Modify Services',
}

export function toManagerPower(name: string): ManagerPower | undefined {
  return POWER_NAMES[normalisePower(name)]
}

/**
 * users.md "Effective Manager powers": granted by optionalManagerPowers unless the matching
 * optionalExcludedPowers key (`acd`, `manage_services`) takes it away.
 */
export function effectivePowers(managerPowers: readonly string[], excludedPowers: readonly string[]): Set<ManagerPower> {
  const excluded = new Set(excludedPowers.map((p) => p.toLowerCase()))
  const powers = new Set<ManagerPower>()
  for (const name of managerPowers) {
    const power = toManagerPower(name)
    if (power === 'ADMINISTER_AGENTS' && !excluded.has('acd')) powers.add(power)
    if (power === 'MODIFY_SERVICES' && !excluded.has('manage_services')) powers.add(power)
  }
  return powers
}
