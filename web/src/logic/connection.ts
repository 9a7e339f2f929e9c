import type { ConnectionState } from "../api/types";

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  open: "Conectado",
  connecting: "Conectando…",
  close: "Desconectado",
  refused: "Recusado",
  unknown: "Sem informação",
};

/** Logged out first: those businesses have a bot that answers nobody. */
const RANK: Record<ConnectionState, number> = { close: 0, refused: 1, connecting: 2, unknown: 3, open: 4 };

export function sortByConnection<T extends { connectionState: ConnectionState; name: string }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => RANK[a.connectionState] - RANK[b.connectionState] || a.name.localeCompare(b.name, "pt-BR"),
  );
}

export function needsAttention(state: ConnectionState): boolean {
  return state === "close" || state === "refused";
}

/** The line above the tenants list: how many, and how many need the operator ("1 empresa · conectada"). */
export function tenantsSummary(states: readonly ConnectionState[]): string {
  const n = states.length;
  const plural = (count: number, one: string, many: string) => `${count.toLocaleString("pt-BR")} ${count === 1 ? one : many}`;
  const down = states.filter(needsAttention).length;
  const unknown = states.filter((s) => s === "unknown" || s === "connecting").length;
  const head = plural(n, "empresa", "empresas");
  if (n === 0) return head;
  if (down > 0) return `${head} · ${down.toLocaleString("pt-BR")} com WhatsApp desconectado`;
  if (unknown > 0) return `${head} · ${unknown.toLocaleString("pt-BR")} sem conexão confirmada`;
  return `${head} · ${n === 1 ? "conectada" : "todas conectadas"}`;
}
