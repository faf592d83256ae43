export default async function globalTeardown(): Promise<void> {
  (globalThis as { __stopPostgres?: () => void }).__stopPostgres?.();
}
