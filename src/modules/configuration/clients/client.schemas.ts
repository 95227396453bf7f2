import { Type, type Static } from '@sinclair/typebox'
import { Enum, Id, Nullable } from '../../../http/schemas.ts'

/** `[{id}/]`: absent → the session's client (clients.md "Client selection"). */
export const ClientIdParams = Type.Object({ id: Id({ description: 'client id; the session\'s client or a descendant' }) })

export const VoiceParams = Type.Object({ id: Id({ description: 'voice talent id (1-6, 8-11)' }) })
export const ClientVoiceParams = Type.Object({
  client: Id({ description: 'client id; the session\'s client or a descendant' }),
  id: Id({ description: 'voice talent id (1-6, 8-11)' }),
})

const NullableCount = Nullable(Type.Integer({ minimum: 0 }))
const NullableId = Nullable(Id())

export const ClientInternalSettings = Type.Object({
  maxDailyAttempts: NullableCount,
  callRecordingDays: NullableCount,
  encryptCcsPassword: Type.Boolean(),
  maxFailedCcsLoginAttempts: Type.Integer({ minimum: 0, description: 'failed logins before a LiveVox User is locked; 0 = no limit' }),
  encryptAcdPassword: Type.Boolean(),
  maxFailedAcdLoginAttempts: Type.Integer({ minimum: 0, description: 'failed logins before an Agent is locked; 0 = no limit' }),
  passwordExpirationDays: Type.Integer({ minimum: 0, description: '0 = passwords never expire' }),
}, {
  examples: [{
    maxDailyAttempts: 0, callRecordingDays: 30, encryptCcsPassword: true, maxFailedCcsLoginAttempts: 5,
    encryptAcdPassword: true, maxFailedAcdLoginAttempts: 0, passwordExpirationDays: 0,
  }],
})
export type ClientInternalSettingsType = Static<typeof ClientInternalSettings>

export const ANSWERING_MACHINE_OPTIONS = ['NO_MESSAGES', 'LEAVE_MESSAGES', 'TRANSFER'] as const

export const ClientGeneralSettings = Type.Object({
  displayName: Type.String(),
  clientCode: Type.String(),
  defaultScreenPopId: NullableId,
  // The seed example answers 0 here, so ids in the settings are not required to be positive.
  defaultDialingProfileId: Nullable(Type.Integer({ minimum: 0 })),
  serviceLevelSeconds: Type.Integer({ minimum: 0 }),
  restrictStrategiesScope: Type.Boolean(),
  defaultStrategyId: NullableId,
  requeueStrategyId: NullableId,
  defaultContactTimingId: NullableId,
  defaultVoiceId: NullableId,
  answeringMachineOption: Nullable(Enum(ANSWERING_MACHINE_OPTIONS)),
  scrubWireless: Type.Boolean(),
  acdResourceGroupEnabled: Type.Boolean(),
  acdAgentSkillEnabled: Type.Boolean(),
  acctRealtimeDnc: Type.Boolean(),
  lcidPackageId: NullableId,
  reportOnlyAfterAllRetries: Type.Boolean(),
}, {
  title: 'Client',
  examples: [{
    displayName: 'Demo', clientCode: 'CAVALRY', defaultScreenPopId: 3063, defaultDialingProfileId: 0,
    serviceLevelSeconds: 20, restrictStrategiesScope: true, defaultStrategyId: 468, requeueStrategyId: 469,
    defaultContactTimingId: 1, defaultVoiceId: 1, answeringMachineOption: null, scrubWireless: false,
    acdResourceGroupEnabled: true, acdAgentSkillEnabled: true, acctRealtimeDnc: true, lcidPackageId: 1256,
    reportOnlyAfterAllRetries: false,
  }],
})
export type ClientGeneralSettingsType = Static<typeof ClientGeneralSettings>

export const ClientMessagingSettings = Type.Object({
  property: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
  defaultInputFilterId: Nullable(Id({ description: 'null until a default input filter is configured' })),
}, {
  examples: [{
    property: [
      { key: 'exclusion_fields', value: 'ACCOUNT' },
      { key: 'exclusion_range', value: '1' },
      { key: 'requeue_limit', value: '15' },
      { key: 'sequential_loading', value: '0' },
      { key: 'store_wireless', value: 'DAYS_DUE_6' },
      { key: 'template_id', value: '11601' },
    ],
    defaultInputFilterId: 21572,
  }],
})
export type ClientMessagingSettingsType = Static<typeof ClientMessagingSettings>

export const ClientVoicePool = Type.Object({
  voice: Type.Array(Type.Object({ id: Id() })),
}, { examples: [{ voice: [{ id: 1 }, { id: 5 }, { id: 2 }, { id: 3 }] }] })
export type ClientVoicePoolType = Static<typeof ClientVoicePool>

export const CountryList = Type.Array(Type.Object({
  countryCode: Type.String({ description: 'international dialling code' }),
  name: Type.String(),
  id: Id(),
}), {
  examples: [[
    { countryCode: '54', name: 'ARGENTINA', id: 7 },
    { countryCode: '61', name: 'AUSTRALIA', id: 11 },
    { countryCode: '1', name: 'UNITED STATES OF AMERICA', id: 1 },
  ]],
})
