/**
 * What `GET /api/live` pushes to an open panel, one JSON object per WebSocket message. The panel
 * imports these types; nothing here does I/O.
 */
import type { ConnectionState } from "./tenant";
import type { ConversationStatus, TranscriptMessage } from "./panel-api";

export type LiveEvent =
  /**
   * A message stored in (or just arrived for) a conversation: the transcript row as the API lists
   * it, with the name the customer's WhatsApp shows when it is known, for a conversation the
   * panel has not listed yet.
   */
  | { type: "message"; contact: string; name?: string | null; message: TranscriptMessage }
  /** The conversation was taken over, handed back or paused by a handoff. */
  | { type: "conversation"; contact: string; status: ConversationStatus; pausedUntil: string | null }
  /** Evolution reported a new connection state for the tenant's WhatsApp. */
  | { type: "connection"; state: ConnectionState }
  /** Evolution rotated the QR code: `GET /api/whatsapp` has the new one. */
  | { type: "qrcode" };

/**
 * Who receives an event: every panel of the tenant, or only the sockets of one user (the
 * sandbox is a user's own test conversation).
 */
export type LiveAudience = { user: string } | null;
