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
