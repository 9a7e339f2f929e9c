export async function runRetention(_env: Env, _scheduledTime: number): Promise<void> {}
