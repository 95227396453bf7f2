import { Type, type Static } from '@sinclair/typebox'
import { ClientQuery, Enum, Id, NextLink, Nullable, PagingQuery } from '../../../http/schemas.ts'
import {
  ACD_FEATURE_CODES, ACD_SCHEDULED_CALLBACKS, ANSWERING_MACHINE_OPTIONS, ATTENDED_VALUES, CALL_DIRECTIONS,
  DAYS_OF_WEEK, DIALING_SORTS, MESSAGING_PROPERTIES, PACING_METHODS, PREVIEW_DIAL_ACTIONS, PREVIEW_MODES,
  ZIP_AREA_MISMATCHES,
} from './service.enums.ts'
import { OptionalOrNull, RequiredText, Text } from './schema-types.ts'

const NAME_MAX = 255
const PHONE_MAX = 32
/** Plain Integer settings are stored in 32-bit columns. */
const INT_MAX = 2_147_483_647
/** Inbound hours: below 48 h, because a seed example closes at 93 540 000 (inconsistencies.md C11). */
export const HOURS_TIME_LIMIT = 172_800_000

const Count = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: INT_MAX, ...options })
const IdRef = Type.Object({ id: Id() })

// Parameters

export const ServiceParams = Type.Object({ id: Id({ description: 'Service id' }) })
export type ServiceParamsType = Static<typeof ServiceParams>

export const HoursParams = Type.Object({ id: Id({ description: 'Service id' }), hoursId: Id({ description: 'inbound hours entry id' }) })
export type HoursParamsType = Static<typeof HoursParams>

/**
 * The caller id is a digit string (inconsistencies.md C9). Checked in the service, not here:
 * a path-parameter schema failure would answer 404, and services.md wants 400/202.
 */
export const CallerIdParams = Type.Object({
  id: Id({ description: 'Service id' }),
  callerId: Type.String({ maxLength: 500, description: 'phone number, digits only' }),
})
export type CallerIdParamsType = Static<typeof CallerIdParams>

export const AddCallerIdQuery = Type.Object({
  default: Type.Optional(Type.Boolean({ description: 'true = also make it the default caller ID' })),
})

export const CreateServiceQuery = Type.Object({
  service: Id({ description: 'existing Service to copy' }),
  name: RequiredText(NAME_MAX, { description: 'name of the new Service' }),
})
export type CreateServiceQueryType = Static<typeof CreateServiceQuery>

export const CreatedService = Type.Object({ id: Id({ description: 'id of the new Service' }) }, { examples: [{ id: 53701 }] })

export const ListServicesQuery = Type.Object({
  callCenter: Id({ description: 'Call Center whose Services to list' }),
  ...PagingQuery.properties,
})
export type ListServicesQueryType = Static<typeof ListServicesQuery>

export const ServiceListInfoQuery = Type.Object({ callCenter: Id({ description: 'restrict to this Call Center' }) })

export const FindServicesQuery = Type.Object({ ...ClientQuery.properties, ...PagingQuery.properties })
export type FindServicesQueryType = Static<typeof FindServicesQuery>

export const FindServicesBody = Type.Object({
  callDirection: Enum(CALL_DIRECTIONS, { description: 'a single call direction' }),
  acdFeature: Type.Array(Enum(ACD_FEATURE_CODES), { minItems: 1, maxItems: 100, description: 'one or more ACD feature codes' }),
  callCenter: OptionalOrNull(Type.Array(IdRef, { maxItems: 1000, description: 'restrict to these Call Centers' })),
  attended: OptionalOrNull(Enum(ATTENDED_VALUES, { description: 'ATTENDED: unattended=false; UNATTENDED: unattended=true' })),
}, {
  examples: [{
    callDirection: 'OUTBOUND', acdFeature: ['NO_ACD', 'AGENT_AT_READY_IN'],
    callCenter: [{ id: 429 }, { id: 2829 }], attended: 'ATTENDED',
  }],
})
export type FindServicesBodyType = Static<typeof FindServicesBody>

// Lists

export const ServiceList = Type.Object({
  service: Type.Array(Type.Object({ serviceId: Id(), name: Type.String(), callCenterId: Id() })),
  next: NextLink,
}, {
  examples: [{
    service: [
      { serviceId: 5607, name: 'Atlanta_FS_RPC (1)', callCenterId: 433 },
      { serviceId: 5608, name: 'Atlanta_FS_QC_VOIP (2)', callCenterId: 433 },
      { serviceId: 35852, name: 'Atlanta_FS_PrevWireless_QC_VOIP (7)', callCenterId: 433 },
      { serviceId: 18892, name: 'Atlanta_FS_PrevAll_QC_VOIP (5)', callCenterId: 433 },
      { serviceId: 17797, name: 'Atlanta_FS_Manual_VOIP (4)', callCenterId: 433 },
    ],
    next: 'configuration/services?count=5&callCenter=433&offset=5',
  }],
})

export const ServiceSearchResult = Type.Object({
  service: Type.Array(Type.Object({
    serviceId: Id(), name: Type.String(), callCenterId: Id(), acdFeatureCode: Enum(ACD_FEATURE_CODES),
  })),
  next: NextLink,
}, {
  examples: [{
    service: [
      { serviceId: 19891, name: 'ATL_1stParty_PVAll_QC (5)', callCenterId: 429, acdFeatureCode: 'AGENT_AT_READY_IN' },
      { serviceId: 20966, name: 'ATL_1stParty_PVCell_QC_VOIP (6)', callCenterId: 429, acdFeatureCode: 'AGENT_AT_READY_IN' },
      { serviceId: 40790, name: 'California_QC', callCenterId: 2829, acdFeatureCode: 'AGENT_AT_READY_IN' },
    ],
    next: null,
  }],
})

export const ServiceListInfo = Type.Object({
  size: Type.Integer({ minimum: 0 }),
  lastModified: Type.Optional(Type.Integer({ minimum: 0 })),
}, { examples: [{ size: 9, lastModified: 1367530120000 }] })

export const ServiceRelated = Type.Object({
  callCenter: IdRef,
  agent: Type.Array(IdRef),
  campaign: Type.Array(IdRef),
  inboundResourceGroup: Type.Optional(IdRef),
  outboundResourceGroup: Type.Array(IdRef),
}, {
  examples: [{
    callCenter: { id: 433 },
    agent: [{ id: 21211 }, { id: 21751 }, { id: 22131 }, { id: 194139 }, { id: 195807 }],
    campaign: [{ id: 920711 }, { id: 923406 }, { id: 926768 }, { id: 8764277 }, { id: 8819783 }],
    inboundResourceGroup: { id: 17921 },
    outboundResourceGroup: [{ id: 17921 }, { id: 28610 }],
  }],
})

// General tab

export const ServiceGeneral = Type.Object({
  serviceId: Id(),
  name: Type.String(),
  callCenterId: Id(),
  abbreviation: Nullable(Type.String()),
  unattended: Type.Boolean(),
  termCodeEnabled: Type.Boolean(),
  acdFeatureCode: Nullable(Enum(ACD_FEATURE_CODES)),
  inboundService: Nullable(Id()),
  callDirection: Nullable(Enum(CALL_DIRECTIONS)),
  previewMode: Nullable(Enum(PREVIEW_MODES)),
}, {
  title: 'Service',
  examples: [{
    serviceId: 20575, name: 'Atlanta_FS_Inbound_8773402031 (6)', callCenterId: 433, abbreviation: '6',
    unattended: false, termCodeEnabled: true, acdFeatureCode: 'AGENT_AT_READY_IN', inboundService: 20575,
    callDirection: 'INBOUND', previewMode: 'NONE',
  }],
})
export type ServiceGeneralType = Static<typeof ServiceGeneral>

export const UpdateServiceGeneralBody = Type.Object({
  name: OptionalOrNull(RequiredText(NAME_MAX)),
  abbreviation: OptionalOrNull(Text(64)),
  unattended: OptionalOrNull(Type.Boolean()),
  termCodeEnabled: OptionalOrNull(Type.Boolean()),
  acdFeatureCode: OptionalOrNull(Enum(ACD_FEATURE_CODES)),
  inboundService: OptionalOrNull(Id({ description: 'an existing Service of the same client' })),
  callDirection: OptionalOrNull(Enum(CALL_DIRECTIONS)),
  previewMode: OptionalOrNull(Enum(PREVIEW_MODES)),
}, {
  examples: [{
    name: 'Arbitrary', abbreviation: 'ARB', unattended: false, termCodeEnabled: false, acdFeatureCode: 'MANUAL',
    inboundService: 33133, callDirection: 'BLENDED', previewMode: null,
  }],
})
export type UpdateServiceGeneralBodyType = Static<typeof UpdateServiceGeneralBody>

// Inbound hours

export const InboundHoursList = Type.Object({
  inboundHour: Type.Array(Type.Object({
    id: Id(),
    dayOfWeek: Enum(DAYS_OF_WEEK),
    date: Type.Optional(Type.Integer({ description: 'SPECIFIC_DATE only: epoch millis of Eastern midnight' })),
    startTime: Type.Integer({ minimum: 0 }),
    endTime: Type.Integer({ minimum: 0 }),
  })),
}, {
  examples: [{
    inboundHour: [
      { id: 1012878, dayOfWeek: 'WEEKDAY', startTime: 43200000, endTime: 93540000 },
      { id: 1012879, dayOfWeek: 'WEEKEND', startTime: 46800000, endTime: 93540000 },
      { id: 1063008, dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 },
    ],
  }],
})

const HoursTime = (description: string) => Type.Integer({ minimum: 0, maximum: HOURS_TIME_LIMIT - 1, description })

/**
 * `date`: epoch millis (number or digit string) or `CCYY-MM-DD` (README §4). Declared as a
 * nullable string: a number is coerced to its digit string, which the service reads as millis,
 * and `null` stays null (an integer branch would coerce it to 0).
 */
const HoursDate = Nullable(Type.String({
  maxLength: 16,
  pattern: '^(\\d{4}-\\d{2}-\\d{2}|\\d{1,16})$',
  description: 'SPECIFIC_DATE only: epoch millis or CCYY-MM-DD (Eastern calendar day)',
}))

export const AddInboundHoursBody = Type.Object({
  dayOfWeek: Enum(DAYS_OF_WEEK),
  date: Type.Optional(HoursDate),
  startTime: HoursTime('opening time, ms after midnight Eastern'),
  endTime: HoursTime('closing time, ms after midnight Eastern; after startTime'),
}, { examples: [{ dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }] })
export type AddInboundHoursBodyType = Static<typeof AddInboundHoursBody>

export const CreatedInboundHours = Type.Object({ id: Id() }, { examples: [{ id: 29857 }] })

export const UpdateInboundHoursBody = Type.Object({
  startTime: OptionalOrNull(HoursTime('new opening time')),
  endTime: OptionalOrNull(HoursTime('new closing time')),
}, { examples: [{ startTime: 62100000, endTime: 82500000 }] })
export type UpdateInboundHoursBodyType = Static<typeof UpdateInboundHoursBody>

// Messaging

export const ServiceMessaging = Type.Object({
  property: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
  defaultInputFilterId: Nullable(Id()),
}, {
  examples: [{
    property: [{ key: 'preview_template_id', value: '7125' }, { key: 'template_id', value: '7125' }],
    defaultInputFilterId: 21572,
  }],
})

export const MessagingPropertyQuery = Type.Object({
  property: Enum(MESSAGING_PROPERTIES, { description: 'stored under its lower-case key' }),
  value: RequiredText(255, { description: 'message (template) id' }),
})
export type MessagingPropertyQueryType = Static<typeof MessagingPropertyQuery>

// Pacing

export const ServicePacing = Type.Object({
  method: Enum(PACING_METHODS),
  throttle: Type.Integer(),
  maxWaitTime: Nullable(Type.Integer()),
}, { examples: [{ method: 'LINES_AGENT', throttle: 15, maxWaitTime: 20 }] })

// Phone

export const ServicePhone = Type.Object({
  callerId: Type.Array(Type.String()),
  serviceId: Id(),
  name: Type.String(),
  callCenterId: Id(),
  operatorPhone: Nullable(Type.String()),
  callbackPhone: Nullable(Type.String()),
  agentCallInNumber: Nullable(Type.String()),
  defaultCallerId: Nullable(Type.String()),
}, {
  examples: [{
    callerId: ['8886542232', '8773402033'], serviceId: 17885, name: 'ATL_1stParty_Recovery_Manual (4)',
    callCenterId: 429, operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396',
    defaultCallerId: '8773402033',
  }],
})

export const UpdateServicePhoneBody = Type.Object({
  operatorPhone: OptionalOrNull(Text(PHONE_MAX)),
  callbackPhone: OptionalOrNull(Text(PHONE_MAX)),
  agentCallInNumber: OptionalOrNull(Text(PHONE_MAX)),
  defaultCallerId: OptionalOrNull(Text(PHONE_MAX, { description: 'must already be one of the caller IDs' })),
}, {
  examples: [{ operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396', defaultCallerId: '8773402031' }],
})
export type UpdateServicePhoneBodyType = Static<typeof UpdateServicePhoneBody>

// Settings

const settingsExample = {
  serviceId: 18892, name: 'ATL_FS_PVAll_QC_VOIP (5)', callCenterId: 4142, screenPopId: 0, cycleSortDaily: false,
  serviceLevelSeconds: 20, accountMaxAttemptsPerDay: 0, dialingProfileId: 321, dialingRestriction: 1,
  dialingSort: 'DEFAULT', zipAreaMismatch: 'OFF', voiceId: 0, scrubWireless: false,
  answeringMachineOption: 'NO_MESSAGES', transferOptionEnabled: true, crossRequeueable: true,
  volumeControlEnabled: false, acdScheduledCallbackPhReadonly: false, acdScheduledCallback: 'ROUTE_TO_ORIG_AGENT_FIRST',
  acdScheduledCallbackPreviewEnabled: true, acdPtpEnabled: true, previewManualAllowed: true, previewSkipAllowed: true,
  previewConfirmDial: true, previewTimeout: 1000, previewDialAction: 'DIAL', callRecordingEnabled: true,
  acctRealtimeDnc: false, leaveMessages: true, callerIdSourceId: 0, callbackPhoneSourceId: 0, dialTollFree: false,
  lcidPackageId: null, operatorPhoneSourceId: 0, callAcceptanceEnabled: false, callAcceptanceTimeout: null,
  leaveNoMessages: true, contactMaxAttemptsPerDay: 0, isCrossRequeueable: true,
}

export const ServiceSettings = Type.Object({
  serviceId: Id(),
  name: Type.String(),
  callCenterId: Id(),
  screenPopId: Nullable(Type.Integer()),
  cycleSortDaily: Type.Boolean(),
  serviceLevelSeconds: Nullable(Type.Integer()),
  accountMaxAttemptsPerDay: Nullable(Type.Integer({ description: 'deprecated name of contactMaxAttemptsPerDay' })),
  dialingProfileId: Nullable(Type.Integer()),
  dialingRestriction: Nullable(Type.Integer()),
  dialingSort: Nullable(Enum(DIALING_SORTS)),
  zipAreaMismatch: Nullable(Enum(ZIP_AREA_MISMATCHES)),
  voiceId: Nullable(Type.Integer()),
  scrubWireless: Type.Boolean(),
  answeringMachineOption: Nullable(Enum(ANSWERING_MACHINE_OPTIONS)),
  transferOptionEnabled: Type.Boolean(),
  crossRequeueable: Nullable(Type.Boolean({ description: 'deprecated name of isCrossRequeueable' })),
  volumeControlEnabled: Type.Boolean(),
  acdScheduledCallbackPhReadonly: Type.Boolean(),
  acdScheduledCallback: Nullable(Enum(ACD_SCHEDULED_CALLBACKS)),
  acdScheduledCallbackPreviewEnabled: Type.Boolean(),
  acdPtpEnabled: Type.Boolean(),
  previewManualAllowed: Type.Boolean(),
  previewSkipAllowed: Type.Boolean(),
  previewConfirmDial: Type.Boolean(),
  previewTimeout: Nullable(Type.Integer()),
  previewDialAction: Nullable(Enum(PREVIEW_DIAL_ACTIONS)),
  callRecordingEnabled: Type.Boolean(),
  acctRealtimeDnc: Type.Boolean(),
  leaveMessages: Nullable(Type.Boolean({ description: 'deprecated name of leaveNoMessages' })),
  callerIdSourceId: Nullable(Type.Integer()),
  callbackPhoneSourceId: Nullable(Type.Integer()),
  dialTollFree: Nullable(Type.Boolean()),
  lcidPackageId: Nullable(Type.Integer()),
  operatorPhoneSourceId: Nullable(Type.Integer()),
  manualTransferEnabled: Nullable(Type.Boolean()),
  agentToAgentTransferEnabled: Nullable(Type.Boolean()),
  phonebookTransferEnabled: Nullable(Type.Boolean()),
  callAcceptanceEnabled: Nullable(Type.Boolean()),
  callAcceptanceTimeout: Nullable(Type.Integer()),
  leaveNoMessages: Nullable(Type.Boolean()),
  contactMaxAttemptsPerDay: Nullable(Type.Integer()),
  isCrossRequeueable: Nullable(Type.Boolean()),
}, { title: 'ServiceSettings', examples: [{ ...settingsExample, manualTransferEnabled: null, agentToAgentTransferEnabled: null, phonebookTransferEnabled: null }] })
export type ServiceSettingsType = Static<typeof ServiceSettings>

/**
 * Update Service Settings. `null` leaves a key unchanged (README §4) except `lcidPackageId` and
 * `callAcceptanceTimeout`, which the seed example clears with null (services.md rule 3).
 * Read-only keys are not listed: unknown keys are ignored (rule 1).
 */
export const UpdateServiceSettingsBody = Type.Object({
  cycleSortDaily: OptionalOrNull(Type.Boolean()),
  serviceLevelSeconds: OptionalOrNull(Count()),
  dialingSort: OptionalOrNull(Enum(DIALING_SORTS)),
  zipAreaMismatch: OptionalOrNull(Enum(ZIP_AREA_MISMATCHES)),
  voiceId: OptionalOrNull(Count({ description: 'voice talent id (clients.md)' })),
  scrubWireless: OptionalOrNull(Type.Boolean()),
  answeringMachineOption: OptionalOrNull(Enum(ANSWERING_MACHINE_OPTIONS)),
  volumeControlEnabled: OptionalOrNull(Type.Boolean()),
  acdScheduledCallbackPhReadonly: OptionalOrNull(Type.Boolean()),
  acdScheduledCallback: OptionalOrNull(Enum(ACD_SCHEDULED_CALLBACKS)),
  acdPtpEnabled: OptionalOrNull(Type.Boolean()),
  previewManualAllowed: OptionalOrNull(Type.Boolean()),
  previewSkipAllowed: OptionalOrNull(Type.Boolean()),
  previewConfirmDial: OptionalOrNull(Type.Boolean()),
  previewTimeout: OptionalOrNull(Count()),
  previewDialAction: OptionalOrNull(Enum(PREVIEW_DIAL_ACTIONS)),
  callRecordingEnabled: OptionalOrNull(Type.Boolean()),
  acctRealtimeDnc: OptionalOrNull(Type.Boolean()),
  callAcceptanceEnabled: OptionalOrNull(Type.Boolean()),
  callAcceptanceTimeout: OptionalOrNull(Count({ description: 'explicit null clears it' })),
  callerIdSourceId: OptionalOrNull(Count()),
  callbackPhoneSourceId: OptionalOrNull(Count()),
  dialTollFree: OptionalOrNull(Type.Boolean()),
  lcidPackageId: OptionalOrNull(Id({ description: 'explicit null clears it' })),
  operatorPhoneSourceId: OptionalOrNull(Count()),
  accountMaxAttemptsPerDay: OptionalOrNull(Count({ description: 'deprecated name of contactMaxAttemptsPerDay' })),
  contactMaxAttemptsPerDay: OptionalOrNull(Count({ description: 'wins over accountMaxAttemptsPerDay' })),
  leaveMessages: OptionalOrNull(Type.Boolean({ description: 'deprecated name of leaveNoMessages' })),
  leaveNoMessages: OptionalOrNull(Type.Boolean({ description: 'wins over leaveMessages' })),
  crossRequeueable: OptionalOrNull(Type.Boolean({ description: 'deprecated name of isCrossRequeueable' })),
  isCrossRequeueable: OptionalOrNull(Type.Boolean({ description: 'wins over crossRequeueable' })),
}, {
  examples: [{
    cycleSortDaily: false, serviceLevelSeconds: 20, accountMaxAttemptsPerDay: 0, dialingSort: 'DEFAULT',
    zipAreaMismatch: 'OFF', voiceId: 1, scrubWireless: false, answeringMachineOption: 'NO_MESSAGES',
    isCrossRequeueable: true, volumeControlEnabled: false, acdScheduledCallbackPhReadonly: false,
    acdScheduledCallback: 'ROUTE_TO_ORIG_AGENT_FIRST', acdPtpEnabled: true, previewManualAllowed: true,
    previewSkipAllowed: true, previewConfirmDial: true, previewTimeout: 1000, previewDialAction: 'DIAL',
    callRecordingEnabled: true, acctRealtimeDnc: false, leaveMessages: true, callerIdSourceId: 0,
    callbackPhoneSourceId: 0, dialTollFree: false, lcidPackageId: null, operatorPhoneSourceId: 0,
    callAcceptanceEnabled: false, callAcceptanceTimeout: null,
  }],
})
export type UpdateServiceSettingsBodyType = Static<typeof UpdateServiceSettingsBody>
