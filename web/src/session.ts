import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me } from "./api/types";

export interface SessionValue {
  me: Me;
  /** Fetches `/api/me` again (role, tenant, connection state). */
  refresh: () => void;
  signOut: (everywhere?: boolean) => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside a signed-in screen");
  return value;
}

/** The browser's timezone: the panel shows times on the reader's clock. */
export const localTimeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone || "America/Sao_Paulo";
