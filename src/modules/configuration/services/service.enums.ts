/** The vendor's value lists for Services (services.md "Enumerations"); matched case-sensitively. */

export const ACD_FEATURE_CODES = [
  'AGENT_AT_READY_IN', 'AGENT_AT_READY_OUT', 'AGENT_CALL_OUT', 'MANUAL', 'HCI', 'STRICT_HCI', '10_DMT', 'NO_ACD',
] as const
export type AcdFeatureCode = (typeof ACD_FEATURE_CODES)[number]

/**
 * "ACD Services", the only ones assignable to agents (agents.md; seed 003). 10_DMT is left out
 * (README §11 open question 5).
 */
export const ACD_SERVICE_FEATURE_CODES: readonly AcdFeatureCode[] = [
  'AGENT_AT_READY_IN', 'AGENT_AT_READY_OUT', 'AGENT_CALL_OUT', 'MANUAL', 'HCI', 'STRICT_HCI',
]
export const isAcdService = (code: string): boolean => (ACD_SERVICE_FEATURE_CODES as readonly string[]).includes(code)

export const CALL_DIRECTIONS = ['INBOUND', 'OUTBOUND', 'BLENDED'] as const
export type CallDirection = (typeof CALL_DIRECTIONS)[number]

export const PREVIEW_MODES = ['NONE', 'WIRELESS', 'ALL'] as const
export type PreviewMode = (typeof PREVIEW_MODES)[number]

export const ATTENDED_VALUES = ['ATTENDED', 'UNATTENDED'] as const

export const DIALING_SORTS = [
  'DEFAULT', 'CONTACT_NAME', 'CONSECUTIVE', 'INVERTED_CONSECUTIVE', 'MIDPOINT_CONSECUTIVE',
  'CONTACT_NAME_NO_AREA_CODE', 'CAMPAIGN_ROUND_ROBIN',
] as const
export type DialingSort = (typeof DIALING_SORTS)[number]

export const ZIP_AREA_MISMATCHES = ['OFF', 'LOADTIME', 'LOADTIME_OPTIMIZED', 'DIALTIME', 'DIALTIME_OPTIMIZED'] as const
export type ZipAreaMismatch = (typeof ZIP_AREA_MISMATCHES)[number]

export const ANSWERING_MACHINE_OPTIONS = ['NO_MESSAGES', 'LEAVE_MESSAGES', 'TRANSFER'] as const
export type AnsweringMachineOption = (typeof ANSWERING_MACHINE_OPTIONS)[number]

export const ACD_SCHEDULED_CALLBACKS = [
  'DISABLED', 'ROUTE_TO_SERVICE_POOL', 'ROUTE_TO_ORIG_AGENT_FIRST', 'ROUTE_TO_ORIG_AGENT_ONLY',
] as const
export type AcdScheduledCallback = (typeof ACD_SCHEDULED_CALLBACKS)[number]

export const PREVIEW_DIAL_ACTIONS = ['DIAL', 'SKIP'] as const
export type PreviewDialAction = (typeof PREVIEW_DIAL_ACTIONS)[number]

export const PACING_METHODS = ['LINES_AGENT', 'ABANDON_RATE', 'MAX_CIP'] as const
export type PacingMethod = (typeof PACING_METHODS)[number]

/** Update Service Messaging Property; stored and read back under the lower-case key. */
export const MESSAGING_PROPERTIES = ['TEMPLATE_ID', 'PREVIEW_TEMPLATE_ID', 'INBOUND_TEMPLATE_ID'] as const
export type MessagingProperty = (typeof MESSAGING_PROPERTIES)[number]

export const DAYS_OF_WEEK = [
  'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY', 'WEEKDAY', 'WEEKEND',
  'SPECIFIC_DATE', 'ALL',
] as const
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number]
