/**
 * Structured JSON logs. Callers pass identifiers, never message text or secrets; phone numbers
 * and JIDs go through maskJid first.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(base: LogFields = {}): Logger {
  const write = (level: "info" | "warn" | "error", msg: string, fields?: LogFields) => {
    const line = JSON.stringify({ level, msg, ...base, ...fields });
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

/** `5511999990001@s.whatsapp.net` → `5511*****0001`; LIDs and groups keep only their edges too. */
export function maskJid(jid: string | null | undefined): string | null {
  if (!jid) return null;
  const [user = "", server] = jid.split("@");
  const digits = user.split(":")[0] ?? "";
  const masked =
    digits.length <= 8
      ? "*".repeat(digits.length)
      : `${digits.slice(0, 4)}${"*".repeat(digits.length - 8)}${digits.slice(-4)}`;
  return server && server !== "s.whatsapp.net" ? `${masked}@${server}` : masked;
}

/** A short description of an error for logs: its class, never a provider body or secret. */
export function errorKind(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
