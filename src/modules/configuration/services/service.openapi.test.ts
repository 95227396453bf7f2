/** The OpenAPI document lists every Call Center and Service method with the seeds' example bodies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'

let t: TestApp
let operations: Map<string, { method: string; path: string; op: Record<string, any> }>
beforeAll(async () => {
  t = await buildTestApp()
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
  operations = new Map()
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<Record<string, any>>(item)) operations.set(op.operationId, { method: method.toUpperCase(), path, op })
  }
})
afterAll(async () => { await t.close() })

const requestExample = (op: Record<string, any>) => op.requestBody?.content['application/json'].example
const responseExample = (op: Record<string, any>, status: number) => op.responses[status]?.content?.['application/json']?.example

/** operationId → vendor method, HTTP method, path, and the seed examples it must carry. */
const METHODS: Array<[string, string, string, string, { request?: unknown; response?: [number, unknown] }]> = [
  ['createCallCenter', 'Create Call Center', 'POST', '/configuration/callCenters', {
    request: { service: [{ id: 46595 }], name: 'Doors', managerName: 'Mr. Manager', billingSystem: 'Mail', defaultInputFilterId: 21572 },
    response: [201, { id: 3619 }],
  }],
  ['deleteCallCenter', 'Delete Call Center', 'DELETE', '/configuration/callCenters/{id}', {
    response: [400, { code: 202, message: 'Cannot delete call centers with associated services', errorCode: 202, errorMessage: 'Cannot delete call centers with associated services' }],
  }],
  ['getCallCenterListInfo', 'Get Call Center List Info', 'GET', '/configuration/callCenters/info', { response: [200, { size: 9, lastModified: 1369249675000 }] }],
  ['getCallCenterRelatedObjects', 'Get Call Center Related Objects', 'GET', '/configuration/callCenters/{id}/related', { response: [200, expect.objectContaining({ service: expect.arrayContaining([{ id: 5607 }]) })] }],
  ['listCallCenters', 'List Call Centers', 'GET', '/configuration/callCenters', { response: [200, expect.objectContaining({ next: 'configuration/callCenters?count=5&client=4199&offset=5' })] }],
  ['readCallCenter', 'Read Call Center', 'GET', '/configuration/callCenters/{id}', {
    response: [200, { name: 'Atlanta - Financial Services', managerName: 'Sam Snead', billingSystem: null, defaultInputFilterId: null, defaultInputFilter: null, open: true }],
  }],
  ['updateCallCenter', 'Update Call Center', 'PUT', '/configuration/callCenters/{id}', {
    request: { name: 'Documentation', managerName: 'Jim', billingSystem: 'Super', defaultInputFilterId: 40229 },
  }],
  ['updateCallCenterAddService', 'Update Call Center Add Service', 'PUT', '/configuration/callCenters/{id}/services/{service}', {}],
  ['createService', 'Create Service', 'POST', '/configuration/services', { response: [201, { id: 53701 }] }],
  ['deleteService', 'Delete Service', 'DELETE', '/configuration/services/{id}', {}],
  ['findMatchingServices', 'Find Matching Services', 'POST', '/configuration/services/search', {
    request: { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD', 'AGENT_AT_READY_IN'], callCenter: [{ id: 429 }, { id: 2829 }], attended: 'ATTENDED' },
    response: [200, expect.objectContaining({ next: null })],
  }],
  ['getServiceListInfo', 'Get Service List Info', 'GET', '/configuration/services/info', { response: [200, { size: 9, lastModified: 1367530120000 }] }],
  ['getServiceRelatedObjects', 'Get Service Related Objects', 'GET', '/configuration/services/{id}/related', { response: [200, expect.objectContaining({ callCenter: { id: 433 }, inboundResourceGroup: { id: 17921 } })] }],
  ['listServices', 'List Services', 'GET', '/configuration/services', { response: [200, expect.objectContaining({ service: expect.arrayContaining([{ serviceId: 5607, name: 'Atlanta_FS_RPC (1)', callCenterId: 433 }]) })] }],
  ['readServiceGeneral', 'Read Service General', 'GET', '/configuration/services/{id}', { response: [200, expect.objectContaining({ serviceId: 20575, inboundService: 20575 })] }],
  ['readServiceInboundHours', 'Read Service Inbound Hours', 'GET', '/configuration/services/{id}/inboundHours', {
    response: [200, expect.objectContaining({ inboundHour: expect.arrayContaining([{ id: 1063008, dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 }]) })],
  }],
  ['readServiceMessaging', 'Read Service Messaging', 'GET', '/configuration/services/{id}/messaging', {
    response: [200, { property: [{ key: 'preview_template_id', value: '7125' }, { key: 'template_id', value: '7125' }], defaultInputFilterId: 21572 }],
  }],
  ['readServicePacingSettings', 'Read Service Pacing Settings', 'GET', '/configuration/services/{id}/pacing', { response: [200, { method: 'LINES_AGENT', throttle: 15, maxWaitTime: 20 }] }],
  ['readServicePhone', 'Read Service Phone', 'GET', '/configuration/services/{id}/phone', { response: [200, expect.objectContaining({ callerId: ['8886542232', '8773402033'], agentCallInNumber: '7347324396' })] }],
  ['readServiceSettings', 'Read Service Settings', 'GET', '/configuration/services/{id}/settings', { response: [200, expect.objectContaining({ serviceId: 18892, dialingProfileId: 321, isCrossRequeueable: true })] }],
  ['updateServiceAddCallerId', 'Update Service Add Caller ID', 'POST', '/configuration/services/{id}/phone/{callerId}', {}],
  ['updateServiceAddInboundHours', 'Update Service Add Inbound Hours', 'POST', '/configuration/services/{id}/inboundHours', {
    request: { dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }, response: [200, { id: 29857 }],
  }],
  ['updateServiceGeneral', 'Update Service General', 'POST', '/configuration/services/{id}', {
    request: { name: 'Arbitrary', abbreviation: 'ARB', unattended: false, termCodeEnabled: false, acdFeatureCode: 'MANUAL', inboundService: 33133, callDirection: 'BLENDED', previewMode: null },
  }],
  ['updateServiceMessagingProperty', 'Update Service Messaging Property', 'POST', '/configuration/services/{id}/messaging', {}],
  ['updateServicePhone', 'Update Service Phone', 'POST', '/configuration/services/{id}/phone', {
    request: { operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396', defaultCallerId: '8773402031' },
  }],
  ['updateServiceRemoveCallerId', 'Update Service Remove Caller ID', 'DELETE', '/configuration/services/{id}/phone/{callerId}', {}],
  ['updateServiceRemoveInboundHours', 'Update Service Remove Inbound Hours', 'DELETE', '/configuration/services/{id}/inboundHours/{hoursId}', {}],
  ['updateServiceSettings', 'Update Service Settings', 'POST', '/configuration/services/{id}/settings', {
    request: expect.objectContaining({ accountMaxAttemptsPerDay: 0, isCrossRequeueable: true, leaveMessages: true, lcidPackageId: null, callAcceptanceTimeout: null }),
  }],
  ['updateServiceUpdateInboundHours', 'Update Service Update Inbound Hours', 'POST', '/configuration/services/{id}/inboundHours/{hoursId}', {
    request: { startTime: 62100000, endTime: 82500000 },
  }],
]

describe('OpenAPI document', () => {
  it('has the 29 Call Center and Service methods', () => {
    expect(METHODS).toHaveLength(29)
    for (const [operationId, summary, method, path] of METHODS) {
      const entry = operations.get(operationId)
      expect(entry, operationId).toBeDefined()
      expect({ method: entry!.method, path: entry!.path, summary: entry!.op.summary }).toEqual({ method, path, summary })
      expect(entry!.op.description, operationId).toMatch(/Roles: /)
    }
  })

  it.each(METHODS)('%s carries the seed\'s example bodies', (operationId, _summary, _method, _path, examples) => {
    const { op } = operations.get(operationId)!
    if (examples.request !== undefined) expect(requestExample(op)).toEqual(examples.request)
    if (examples.response) expect(responseExample(op, examples.response[0])).toEqual(examples.response[1])
  })
})
