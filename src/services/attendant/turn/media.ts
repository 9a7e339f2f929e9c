import type { InboundEvent } from "../../../domain/inbound-event";
import { MAX_MEDIA_BYTES, type EvolutionClient } from "../../evolution/client";
import type { Logger } from "../../../platform/log";
import type { BurstPart } from "../../ai/prompt";

/** Kinds the model understands inline; others always become placeholders. */
const INLINE_KINDS = new Set(["audio", "image"]);

/** Decoded size of a base64 string, without decoding it. */
const base64Bytes = (b64: string) => Math.floor((b64.length * 3) / 4) - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);

/**
 * Turns a burst into prompt parts, fetching voice notes and pictures from Evolution. A medium
 * that is too large (by its `fileLength`, or as read: the client stops at MAX_MEDIA_BYTES), or
 * whose download fails, degrades to its placeholder rather than failing the turn. The request as
 * a whole stays under the same cap.
 */
export async function gatherBurst(
  events: InboundEvent[],
  openEvolution: () => EvolutionClient,
  log: Logger,
): Promise<BurstPart[]> {
  let budget = MAX_MEDIA_BYTES;
  const parts: BurstPart[] = [];
  for (const e of events) {
    const at = e.timestamp * 1000;
    const wanted =
      e.media !== null && INLINE_KINDS.has(e.kind) && (e.media.fileLength === null || e.media.fileLength <= budget);
    if (!wanted) {
      parts.push({ kind: e.kind, text: e.text, media: null, at });
      continue;
    }
    const media = await openEvolution().getMediaBase64(e.media!.source);
    const size = media.ok ? base64Bytes(media.base64) : 0;
    if (media.ok && size <= budget) {
      budget -= size;
      parts.push({ kind: e.kind, text: e.text, media: { mimeType: media.mimeType, data: media.base64 }, at });
    } else {
      if (!media.ok) log.warn("media fetch failed", { kind: e.kind, reason: media.reason });
      parts.push({ kind: e.kind, text: e.text, media: null, at });
    }
  }
  return parts;
}
