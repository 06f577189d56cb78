export async function erpPullScenario(..._a: unknown[]): Promise<void> {}
