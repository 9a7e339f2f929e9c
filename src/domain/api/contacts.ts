/** The contact resource of the admin API: its path parameter, the pause body and the views. */
import { z } from "zod";

/** A contact as stored: a phone JID (`5511999990001@s.whatsapp.net`), an `@lid` or a group JID. */
export const contactJidSchema = z
  .string()
  .max(200)
  .regex(/^[^\s@/]+@[A-Za-z0-9.-]+$/, "a WhatsApp id such as 5511999990001@s.whatsapp.net");

/** Longest admin pause: 30 days. */
export const pauseSchema = z.object({ minutes: z.number().int().min(1).max(43_200) }).strict();

export const contactViewSchema = z.object({
  jid: z.string(),
  name: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  pausedUntil: z.string().nullable().describe("Null when the bot is not paused for this contact"),
});
export type ContactView = z.infer<typeof contactViewSchema>;

export const transcriptEntrySchema = z.object({
  id: z.string(),
  direction: z.enum(["in", "out", "human"]),
  kind: z.string(),
  text: z.string().nullable(),
  at: z.string(),
});
