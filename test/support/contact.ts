/**
 * Helpers for the Contact API suites: requests through `app.inject` and the seed's example
 * bodies. Fixture-only data (notes, business accounts) is written with the repositories the demo
 * data uses, since no API method creates it.
 */
import type { LightMyRequestResponse } from 'fastify'
import { CreateContactBody, UpdateContactBody } from '../../src/modules/contact/contacts/contact.schemas.ts'
import type { TestApp } from '../app.ts'

export type Headers = Record<string, string>

export async function call(t: TestApp, headers: Headers, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
}

export async function createContact(t: TestApp, headers: Headers, details: Record<string, unknown>): Promise<number> {
  const res = await call(t, headers, 'POST', '/contact/contacts', { createContactDetails: details })
  if (res.statusCode !== 201) throw new Error(`create contact failed: ${res.statusCode} ${res.body}`)
  return res.json().id
}

export async function readContact(t: TestApp, headers: Headers, account: string): Promise<Record<string, any>> {
  const res = await call(t, headers, 'GET', `/contact/contacts/${encodeURIComponent(account)}`)
  if (res.statusCode !== 200) throw new Error(`read contact failed: ${res.statusCode} ${res.body}`)
  return res.json().readContactDetails
}

export async function updateCustomFields(t: TestApp, headers: Headers, customFields: unknown[]): Promise<void> {
  const res = await call(t, headers, 'PUT', '/contact/contacts/customFields', { customFields })
  if (res.statusCode !== 204) throw new Error(`update custom fields failed: ${res.statusCode} ${res.body}`)
}

/**
 * The seed's "Create a Contact" body (seed 004), as Create Contact documents it (its first
 * example): the tests run the documented example rather than a copy of it.
 */
export function seedCreateDetails(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const [example] = CreateContactBody.examples as Array<{ createContactDetails: Record<string, unknown> }>
  return { ...structuredClone(example!.createContactDetails), ...overrides }
}

/** The seed's "Update a Contact" body, as Update Contact documents it. */
export function seedUpdateDetails(): Record<string, unknown> {
  const [example] = UpdateContactBody.examples as Array<{ updateContactDetails: Record<string, unknown> }>
  return structuredClone(example!.updateContactDetails)
}

/** The full view of a contact created from bare details with no optional key. */
export function emptyView(id: number, account: string, at: number): Record<string, unknown> {
  return {
    id,
    person: { firstName: null, lastName: null, dateOfBirth: null, email: null, ssn: null, zipCode: null },
    guarantor: { firstName: null, lastName: null },
    phone: [], customFields: null, account, active: false, balance: 0, accountBlock: 'NONE', accountToSpeak: account,
    originalAccountNumber: null, address1: null, address2: null, city: null, state: null, country: null,
    amountToSpeak: 0, dueDate: 0, groupId: 0, primaryEmailConsent: false, agentId: 0, department: null, salutation: null,
    title: null, description: null, happinessIndex: null, callAttemptsToday: 0, callAttemptsTotal: 0, callAttemptsLifetime: 0,
    initialLoad: 0, lastLoad: null, createDate: at, createdDate: at, modifyDate: at, modifiedDate: at,
  }
}
