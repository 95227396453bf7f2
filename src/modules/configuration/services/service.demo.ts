import { flag } from '../../../db/dialect.ts'
import type { DemoContext } from '../../../demo/demo-context.ts'
import { provisionCallCenter } from '../call-centers/call-center.provisioning.ts'
import { easternDayStart } from '../../../lib/eastern-time.ts'
import type { AcdFeatureCode, CallDirection, PacingMethod, PreviewMode } from './service.enums.ts'
import {
  provisionCampaign, provisionInputFilter, provisionResourceGroup, provisionService, type ProvisionServiceInput,
} from './service.provisioning.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

interface DemoService {
  name: string
  abbreviation: string
  callDirection: CallDirection
  acdFeatureCode: AcdFeatureCode
  previewMode?: PreviewMode
  unattended?: boolean
  pacing: PacingMethod
  /** Campaigns: days since each one's last activity (empty = none). */
  campaigns: number[]
}

/** Call Centers and Services modelled on the seeds' examples (seed 000, seed 001). */
const CALL_CENTERS: Array<{ name: string; managerName: string | null; billingSystem: string | null; services: DemoService[] }> = [
  {
    name: 'Atlanta - Financial Services', managerName: 'Sam Snead', billingSystem: null,
    services: [
      { name: 'Atlanta_FS_RPC (1)', abbreviation: '1', callDirection: 'OUTBOUND', acdFeatureCode: 'AGENT_AT_READY_OUT', previewMode: 'NONE', pacing: 'LINES_AGENT', campaigns: [2, 35, 140] },
      { name: 'Atlanta_FS_QC_VOIP (2)', abbreviation: '2', callDirection: 'OUTBOUND', acdFeatureCode: 'NO_ACD', unattended: true, pacing: 'MAX_CIP', campaigns: [9] },
      { name: 'Atlanta_FS_Manual_VOIP (4)', abbreviation: '4', callDirection: 'OUTBOUND', acdFeatureCode: 'MANUAL', previewMode: 'NONE', pacing: 'LINES_AGENT', campaigns: [200, 400] },
      { name: 'Atlanta_FS_PrevAll_QC_VOIP (5)', abbreviation: '5', callDirection: 'OUTBOUND', acdFeatureCode: 'AGENT_CALL_OUT', previewMode: 'ALL', pacing: 'ABANDON_RATE', campaigns: [60] },
      { name: 'Atlanta_FS_Inbound_8773402031 (6)', abbreviation: '6', callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN', previewMode: 'NONE', pacing: 'LINES_AGENT', campaigns: [] },
      { name: 'Atlanta_FS_PrevWireless_QC_VOIP (7)', abbreviation: '7', callDirection: 'BLENDED', acdFeatureCode: 'HCI', previewMode: 'WIRELESS', pacing: 'LINES_AGENT', campaigns: [95] },
    ],
  },
  {
    name: 'Atlanta - First Party', managerName: 'Dana Whitfield', billingSystem: 'Mail',
    services: [
      { name: 'ATL_1stParty_Recovery_Manual (4)', abbreviation: '4', callDirection: 'OUTBOUND', acdFeatureCode: 'MANUAL', previewMode: 'NONE', pacing: 'LINES_AGENT', campaigns: [1, 20] },
      { name: 'ATL_1stParty_PVAll_QC (5)', abbreviation: '5', callDirection: 'OUTBOUND', acdFeatureCode: 'AGENT_AT_READY_IN', previewMode: 'ALL', pacing: 'LINES_AGENT', campaigns: [] },
      { name: 'ATL_1stParty_PVCell_QC_VOIP (6)', abbreviation: '6', callDirection: 'BLENDED', acdFeatureCode: 'STRICT_HCI', previewMode: 'WIRELESS', pacing: 'LINES_AGENT', campaigns: [300] },
    ],
  },
  {
    name: 'Los Angeles', managerName: 'Maria Lopez', billingSystem: 'Super',
    services: [
      { name: 'LA_Inbound_Support_8883221400', abbreviation: 'IN', callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN', pacing: 'LINES_AGENT', campaigns: [] },
      { name: 'LA_Payment_Reminders_DMT', abbreviation: 'DMT', callDirection: 'OUTBOUND', acdFeatureCode: '10_DMT', unattended: true, pacing: 'MAX_CIP', campaigns: [15, 100] },
      { name: 'LA_Blended_Sales', abbreviation: 'BS', callDirection: 'BLENDED', acdFeatureCode: 'AGENT_AT_READY_OUT', previewMode: 'NONE', pacing: 'ABANDON_RATE', campaigns: [45] },
    ],
  },
  {
    name: 'California', managerName: null, billingSystem: null,
    services: [
      { name: 'California_QC', abbreviation: 'QC', callDirection: 'OUTBOUND', acdFeatureCode: 'AGENT_AT_READY_IN', previewMode: 'NONE', pacing: 'LINES_AGENT', campaigns: [3] },
      { name: 'California_IVR_Appointment_Reminders', abbreviation: 'IVR', callDirection: 'OUTBOUND', acdFeatureCode: 'NO_ACD', unattended: true, pacing: 'MAX_CIP', campaigns: [] },
    ],
  },
  // Not listed by List Call Centers until a Service is moved in (seed 000).
  { name: 'New York - Medical', managerName: 'Jim', billingSystem: 'Super', services: [] },
]

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]

/** A 10-digit US number on a toll-free or Atlanta/Los Angeles prefix. */
function phoneNumber(random: () => number): string {
  const prefix = pick(random, ['877', '888', '866', '404', '213', '734'])
  return `${prefix}${String(2_000_000 + Math.floor(random() * 7_999_999)).padStart(7, '0')}`
}

function demoInput(ctx: DemoContext, callCenterId: number, s: DemoService, inputFilters: number[]): ProvisionServiceInput {
  const { random, now } = ctx
  const takesInbound = s.callDirection !== 'OUTBOUND'
  const callerIds = Array.from({ length: 1 + Math.floor(random() * 3) }, () => phoneNumber(random))
  const callback = phoneNumber(random)
  const attended = !s.unattended
  return {
    callCenterId,
    name: s.name,
    callDirection: s.callDirection,
    acdFeatureCode: s.acdFeatureCode,
    abbreviation: s.abbreviation,
    unattended: s.unattended ?? false,
    termCodeEnabled: attended,
    previewMode: s.previewMode ?? null,
    callerIds,
    defaultCallerId: callerIds[callerIds.length - 1],
    operatorPhone: s.acdFeatureCode === 'MANUAL' ? callerIds[0] : null,
    callbackPhone: callback,
    agentCallInNumber: s.acdFeatureCode === 'AGENT_AT_READY_IN' ? phoneNumber(random) : null,
    defaultInputFilterId: pick(random, inputFilters),
    messaging: takesInbound
      ? { inbound_template_id: String(14_000 + Math.floor(random() * 500)), template_id: '7125' }
      : { template_id: '7125', preview_template_id: String(7_100 + Math.floor(random() * 50)) },
    pacing: {
      method: s.pacing,
      throttle: s.pacing === 'MAX_CIP' ? 20 + Math.floor(random() * 60) : s.pacing === 'ABANDON_RATE' ? 3 : 1 + Math.floor(random() * 15),
      maxWaitTime: attended ? 10 + Math.floor(random() * 4) * 5 : null,
    },
    settings: {
      screen_pop_id: attended ? 3063 : 0,
      cycle_sort_daily: flag(random() < 0.3),
      service_level_seconds: 20,
      dialing_profile_id: 321,
      dialing_restriction: 1,
      dialing_sort: pick(random, ['DEFAULT', 'DEFAULT', 'CONTACT_NAME', 'CONSECUTIVE', 'CAMPAIGN_ROUND_ROBIN'] as const),
      zip_area_mismatch: pick(random, ['OFF', 'LOADTIME', 'DIALTIME_OPTIMIZED'] as const),
      voice_id: pick(random, [1, 2, 11]),
      scrub_wireless: flag(s.unattended === true),
      answering_machine_option: s.unattended ? 'LEAVE_MESSAGES' : pick(random, ['NO_MESSAGES', 'TRANSFER'] as const),
      transfer_option_enabled: flag(attended),
      volume_control_enabled: flag(attended),
      acd_scheduled_callback: attended ? 'ROUTE_TO_ORIG_AGENT_FIRST' : 'DISABLED',
      acd_scheduled_callback_preview_enabled: flag(attended),
      acd_ptp_enabled: flag(s.acdFeatureCode === 'MANUAL'),
      preview_manual_allowed: flag(s.previewMode === 'ALL'),
      preview_skip_allowed: flag(s.previewMode !== undefined),
      preview_confirm_dial: flag(s.previewMode === 'ALL'),
      preview_timeout: s.previewMode ? 30 : null,
      preview_dial_action: s.previewMode ? 'DIAL' : null,
      call_recording_enabled: flag(attended),
      call_acceptance_enabled: attended ? 0 : null,
      caller_id_source_id: 0,
      callback_phone_source_id: 0,
      dial_toll_free: 0,
      lcid_package_id: s.callDirection === 'OUTBOUND' && attended ? 1256 : null,
      operator_phone_source_id: 0,
      manual_transfer_enabled: attended ? 1 : null,
      agent_to_agent_transfer_enabled: attended ? 1 : null,
      phonebook_transfer_enabled: attended ? 0 : null,
      contact_max_attempts_per_day: s.callDirection === 'INBOUND' ? null : 3,
      leave_no_messages: s.unattended ? 0 : 1,
      cross_requeueable: flag(random() < 0.5),
    },
    inboundHours: takesInbound ? [
      { dayOfWeek: 'WEEKDAY', startTime: 8 * HOUR, endTime: 21 * HOUR },
      { dayOfWeek: 'SATURDAY', startTime: 9 * HOUR, endTime: 14 * HOUR },
      // A holiday a few weeks ahead, closed early.
      { dayOfWeek: 'SPECIFIC_DATE', date: easternDayStart(now + 21 * DAY), startTime: 9 * HOUR, endTime: 12 * HOUR },
    ] : [],
  }
}

/**
 * The demo tenant's Call Centers and Services (README §9): every ACD feature code and call
 * direction, the tabs filled, campaigns active in the last 90 days on some Services (so Delete
 * Service refuses them) and older or none on others, resource groups and input filters.
 */
export async function seedCallCentersAndServicesDemo(ctx: DemoContext): Promise<void> {
  const { db, clientId, now, random } = ctx
  const inputFilters = [
    await provisionInputFilter(db, clientId, 'Standard Collections Filter', now),
    await provisionInputFilter(db, clientId, 'Medical Accounts Filter', now),
  ]
  const byName = new Map<string, number>()
  for (const center of CALL_CENTERS) {
    const callCenterId = await provisionCallCenter(db, clientId, {
      name: center.name, managerName: center.managerName, billingSystem: center.billingSystem,
      defaultInputFilterId: center.services.length > 0 ? inputFilters[0] : inputFilters[1],
    }, now)
    for (const s of center.services) {
      const id = await provisionService(db, clientId, demoInput(ctx, callCenterId, s, inputFilters), now)
      byName.set(s.name, id)
      for (const [i, daysAgo] of s.campaigns.entries()) {
        await provisionCampaign(db, clientId, {
          serviceId: id, name: `${s.abbreviation}_${new Date(now - daysAgo * DAY).toISOString().slice(0, 10)}_${i + 1}`,
          lastActivityDate: now - daysAgo * DAY - Math.floor(random() * 8) * HOUR,
        }, now)
      }
    }
  }
  const id = (name: string) => byName.get(name)!
  // Outbound Services link to the inbound Service that answers their callbacks (ANI look-ups).
  const atlantaInbound = id('Atlanta_FS_Inbound_8773402031 (6)')
  for (const name of ['Atlanta_FS_Inbound_8773402031 (6)', 'Atlanta_FS_RPC (1)', 'Atlanta_FS_Manual_VOIP (4)']) {
    await db.updateTable('services').set({ inbound_service_id: atlantaInbound }).where('client_id', '=', clientId).where('id', '=', id(name)).execute()
  }
  await provisionResourceGroup(db, clientId, {
    name: 'Atlanta Overflow', inbound: [atlantaInbound, id('Atlanta_FS_PrevWireless_QC_VOIP (7)')],
    outbound: [id('Atlanta_FS_RPC (1)'), id('Atlanta_FS_PrevWireless_QC_VOIP (7)'), id('ATL_1stParty_Recovery_Manual (4)')],
  }, now)
  await provisionResourceGroup(db, clientId, {
    name: 'West Coast Support', inbound: [id('LA_Inbound_Support_8883221400')],
    outbound: [id('LA_Blended_Sales'), id('California_QC'), id('Atlanta_FS_RPC (1)')],
  }, now)
}
