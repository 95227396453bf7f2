export default async function globalTeardown() {
  await globalThis.lvapiSandbox?.close()
}
