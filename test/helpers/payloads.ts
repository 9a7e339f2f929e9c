import { INSTANCE_TOKEN } from "./app";

let seq = 0;

/** A `messages.upsert` envelope as Evolution v2.3.7 posts it. */
export function textUpsert(o: {
  instance: string;
  text?: string;
  from?: string;
  id?: string;
  ts?: number;
  fromMe?: boolean;
  pushName?: string;
  remoteJidAlt?: string;
  apikey?: string | null;
  message?: Record<string, unknown>;
  messageType?: string;
}) {
  const from = o.from ?? "5511999990001@s.whatsapp.net";
  return {
    event: "messages.upsert",
    instance: o.instance,
    data: {
      key: {
        remoteJid: from,
        ...(o.remoteJidAlt ? { remoteJidAlt: o.remoteJidAlt } : {}),
        fromMe: o.fromMe ?? false,
        id: o.id ?? `3A${String(Date.now()).slice(-8)}${String(++seq).padStart(10, "0")}`,
        addressingMode: from.endsWith("@lid") ? "lid" : "pn",
      },
      pushName: o.pushName ?? "Ana Souza",
      status: o.fromMe ? "SERVER_ACK" : "DELIVERY_ACK",
      message: o.message ?? { conversation: o.text ?? "Oi!" },
      messageType: o.messageType ?? "conversation",
      messageTimestamp: o.ts ?? Math.floor(Date.now() / 1000),
      instanceId: "0b9f3c2e-6a7d-4e1b-9c8f-2d4a5b6c7e81",
      source: "ios",
    },
    destination: "https://atenbot.test/webhook",
    date_time: new Date().toISOString(),
    sender: "5511999990000@s.whatsapp.net",
    server_url: "https://evo.test",
    apikey: o.apikey === undefined ? INSTANCE_TOKEN : o.apikey,
  };
}
