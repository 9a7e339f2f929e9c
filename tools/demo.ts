/**
 * The local demo: where `npm start` runs things and the tenant it seeds, a bakery that answers
 * the common questions with quick replies even without a Gemini key.
 */
import type { TenantInput } from "./admin-client.ts";

export const WORKER_PORT = 8787;
export const STANDIN_PORT = 8790;
export const WORKER_URL = `http://127.0.0.1:${WORKER_PORT}`;
export const STANDIN_URL = `http://127.0.0.1:${STANDIN_PORT}`;
/** Where `npm start` serves the fake Gemini when `.dev.vars` has no GEMINI_API_KEY. */
export const FAKE_GEMINI_PORT = 8791;

export const DEMO_INSTANCE = "padaria-demo";
export const DEMO_NAME = "Padaria Pão Quente";
/** The demo instance's Evolution token: the stand-in checks it, the chat puts it in webhook bodies. */
export const DEMO_TOKEN = "padaria-demo-local-token-0001";
export const DEMO_DEBOUNCE_MS = 1500;

/** The demo tenant's owner, who signs in to the panel with this phone and password (or a code). */
export const DEMO_OWNER = { name: "Rosa", phone: "5511988887777", password: "pao-quente-demo" } as const;

const SYSTEM_PROMPT = `Você é a Luzia, atendente virtual da Padaria Pão Quente, uma padaria de bairro na Vila Mariana, em São Paulo.
Fale de forma calorosa, simples e objetiva, como uma boa atendente de padaria no WhatsApp, com no máximo um emoji por mensagem.
Ajude com horários, endereço, preços, entregas e encomendas de bolo.
Para uma encomenda de bolo, pergunte sabor, tamanho, data e horário de retirada e o nome de quem retira; depois diga que a equipe confirma a encomenda e o sinal pelo WhatsApp.
Não confirme pagamentos, não prometa entregas fora da área de entrega e não invente produtos que não estão na lista.`;

const BUSINESS_PROFILE = `Padaria Pão Quente — padaria artesanal de bairro desde 1998.
Endereço: Rua das Laranjeiras, 142 — Vila Mariana, São Paulo/SP, CEP 04112-000, a duas quadras do metrô Ana Rosa.
Horário: segunda a sexta, das 6h às 20h; sábado, das 6h às 18h; domingo e feriados, das 7h às 12h.
Pagamento: Pix (chave CNPJ 12.345.678/0001-90), cartões de débito e crédito, vale-refeição e dinheiro.
Entrega: até 3 km da loja, das 7h às 19h, taxa de R$ 6,00, pedido mínimo de R$ 30,00.
Sem glúten: pão de queijo e bolo de fubá (feitos em cozinha compartilhada).`;

/**
 * Replies are Markdown like the model's (`**bold**` becomes WhatsApp's `*bold*`); first matching
 * rule wins. Prices and orders are not here: the knowledge answers them, item by item.
 */
const QUICK_REPLIES = [
  {
    match: "contains",
    keywords: ["horário", "horarios", "que horas", "hora abre", "hora fecha", "aberto", "aberta", "abertos", "abre", "abrem", "fecha", "fecham", "funcionamento"],
    reply:
      "🕕 **Horário da Padaria Pão Quente**\nSegunda a sexta: 6h às 20h\nSábado: 6h às 18h\nDomingo e feriados: 7h às 12h",
  },
  {
    match: "contains",
    keywords: ["endereço", "endereco", "onde fica", "onde ficam", "onde vocês ficam", "localização", "como chegar", "fica onde"],
    reply:
      "📍 Rua das Laranjeiras, 142 — Vila Mariana, São Paulo/SP (CEP 04112-000), a duas quadras do metrô Ana Rosa.\nEntregamos em até 3 km, das 7h às 19h (taxa R$ 6,00).",
  },
  {
    match: "contains",
    keywords: ["pix", "chave pix", "forma de pagamento", "formas de pagamento", "cartão", "pagamento"],
    reply:
      "💳 Aceitamos Pix, cartões de débito e crédito, vale-refeição e dinheiro.\nChave Pix (CNPJ): **12.345.678/0001-90** — Padaria Pão Quente Ltda.",
  },
];

/** The demo tenant as the admin API takes it. */
export function demoTenant(evolutionUrl: string): TenantInput {
  return {
    instance: DEMO_INSTANCE,
    name: DEMO_NAME,
    enabled: true,
    evolution: { url: evolutionUrl, apiKey: DEMO_TOKEN },
    bot: {
      systemPrompt: SYSTEM_PROMPT,
      businessProfile: BUSINESS_PROFILE,
      debounceMs: DEMO_DEBOUNCE_MS,
      maxWaitMs: 15_000,
      fallbackText:
        "Desculpe, não consegui responder isso agora. 🙏 Posso ajudar com **horário**, **endereço**, **Pix**, **preços** ou **encomendas** — ou escreva **atendente** para falar com a equipe.",
      handoff: {
        keywords: ["atendente", "humano", "falar com uma pessoa", "falar com alguém", "falar com alguem", "gerente", "reclamação"],
        message: "Certo! Vou chamar alguém da equipe para falar com você, só um instante. 🙂",
        pauseMinutes: 30,
        notifyNumber: null,
      },
      businessHours: {
        timezone: "America/Sao_Paulo",
        weekly: {
          mon: [["06:00", "20:00"]],
          tue: [["06:00", "20:00"]],
          wed: [["06:00", "20:00"]],
          thu: [["06:00", "20:00"]],
          fri: [["06:00", "20:00"]],
          sat: [["06:00", "18:00"]],
          sun: [["07:00", "12:00"]],
        },
        outsideHours: "answer",
        awayMessage: "Estamos fechados agora. Abrimos às 6h (domingo às 7h) e respondemos assim que abrirmos!",
      },
      quickReplies: QUICK_REPLIES,
    },
  };
}
