// jest runs test files inside its own module sandbox, which cannot load the server's modules;
// globalSetup runs in plain Node, so the server starts here, once, and the tests reach it over
// HTTP through lvapi/testing/client.
import { startSandbox } from 'lvapi/testing'

export default async function globalSetup() {
  const sandbox = await startSandbox()
  globalThis.lvapiSandbox = sandbox
  const { baseUrl, clientCode, accessToken, userName, password } = sandbox
  process.env.LVAPI_SANDBOX = JSON.stringify({ baseUrl, clientCode, accessToken, userName, password })
}
