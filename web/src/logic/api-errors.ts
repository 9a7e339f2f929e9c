/** What a person reads when a request fails, by status and the API's `error` code. */
export function describeApiError(status: number, code: string | null): string {
  if (status === 0) return "Sem conexão com o servidor. Confira sua internet e tente de novo.";
  if (status === 429 || code === "too_many_attempts") return "Muitas tentativas. Espere 15 minutos e tente de novo.";
  if (code === "invalid_credentials") return "Dados de acesso incorretos. Confira e tente de novo.";
  if (code === "evolution_unreachable") return "Não foi possível falar com o WhatsApp agora. Tente de novo em instantes.";
  if (code === "evolution_rejected") return "O WhatsApp recusou o pedido. Tente de novo ou fale com o suporte.";
  if (code === "conflict" || status === 409) return "Já existe um cadastro com esses dados.";
  if (code === "invalid_token" || status === 410) return "Este convite não vale mais. Peça um novo convite.";
  if (status === 400) return "Confira os campos destacados.";
  if (status === 401) return "Sua sessão terminou. Entre de novo.";
  if (status === 403) return "Você não tem permissão para fazer isso.";
  if (status === 404) return "Não encontramos o que você procurou.";
  if (status === 413) return "O arquivo é grande demais.";
  return "Algo deu errado do nosso lado. Tente de novo em instantes.";
}

/**
 * A 401 on a sign-in attempt is a wrong code or password; anywhere else it means the session
 * is gone and the panel goes back to Entrar.
 */
export function endsSession(status: number, code: string | null): boolean {
  return status === 401 && code !== "invalid_credentials";
}
