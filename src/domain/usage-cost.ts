/**
 * What a day of usage cost, estimated at list prices (US$, beyond included amounts): Gemini 2.5
 * Flash tokens, prompt tokens served from the implicit cache at a tenth of the input price, and
 * Cloudflare's share per inbound message as the benchmark measures it (requests, queue, Durable
 * Objects, D1 and Durable Object rows). An estimate for the operator, not an invoice.
 */
export const PRICES_USD = {
  inputToken: 0.3 / 1e6,
  cachedInputToken: 0.03 / 1e6,
  outputToken: 2.5 / 1e6,
  /** Cloudflare per inbound message, from `npm run bench` (bench/RESULTS.md). */
  cloudflarePerMessage: 0.008 / 1000,
};

export interface CostInputs {
  messagesIn: number;
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

/** US$, rounded to a millionth (a small tenant's day costs fractions of a cent). Pure. */
export function estimatedCostUsd(u: CostInputs): number {
  const cached = Math.min(u.cachedTokens, u.promptTokens);
  const usd =
    (u.promptTokens - cached) * PRICES_USD.inputToken +
    cached * PRICES_USD.cachedInputToken +
    u.outputTokens * PRICES_USD.outputToken +
    u.messagesIn * PRICES_USD.cloudflarePerMessage;
  return Math.round(usd * 1e6) / 1e6;
}
