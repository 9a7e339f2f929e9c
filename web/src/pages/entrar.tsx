import { useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { Me } from "../api/types";
import { TextField } from "../components/field";
import { Notice } from "../components/notice";
import { maskPhoneInput, normalizePhone } from "../logic/format";

type Mode = { kind: "phone" } | { kind: "code"; phone: string; display: string } | { kind: "password" };

/** Sign-in: a code over WhatsApp by default, login and password for whoever set one. */
export function Entrar({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [mode, setMode] = useState<Mode>({ kind: "phone" });
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const sendCode = (e: Event) => {
    e.preventDefault();
    const normalized = normalizePhone(phone);
    if (!normalized) {
      setError("Digite o número com DDD, por exemplo (11) 99999-0001.");
      return;
    }
    void run(async () => {
      await api.requestCode(normalized);
      setCode("");
      setInfo(null);
      setMode({ kind: "code", phone: normalized, display: phone });
    });
  };

  const verify = (e: Event) => {
    e.preventDefault();
    if (mode.kind !== "code") return;
    if (!/^\d{6}$/.test(code)) {
      setError("O código tem 6 dígitos.");
      return;
    }
    void run(async () => onSignedIn(await api.verifyCode(mode.phone, code)));
  };

  const signIn = (e: Event) => {
    e.preventDefault();
    if (!login.trim() || !password) {
      setError("Preencha o login e a senha.");
      return;
    }
    void run(async () => onSignedIn(await api.login(login.trim(), password)));
  };

  const switchTo = (next: Mode) => {
    setError(null);
    setInfo(null);
    setMode(next);
  };

  return (
    <main class="auth" id="conteudo">
      <div class="auth__card">
        <div class="auth__brand">
          <img src="/icon.svg" alt="" width="48" height="48" />
          <h1>Entrar no AtenBot</h1>
        </div>
        {error && <Notice tone="error">{error}</Notice>}
        {info && <Notice tone="success">{info}</Notice>}

        {mode.kind === "phone" && (
          <form onSubmit={sendCode} noValidate>
            <p class="auth__lead">Enviaremos um código de 6 dígitos para o seu WhatsApp.</p>
            <TextField
              label="Número do WhatsApp"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="(11) 99999-0001"
              value={phone}
              onValue={(v) => setPhone(maskPhoneInput(v))}
              hint="Com DDD. Para números de fora do Brasil, comece com +."
            />
            <button class="btn btn--primary btn--block" disabled={busy}>
              {busy ? "Enviando…" : "Receber código"}
            </button>
            <button type="button" class="link auth__switch" onClick={() => switchTo({ kind: "password" })}>
              Entrar com login e senha
            </button>
          </form>
        )}

        {mode.kind === "code" && (
          <form onSubmit={verify} noValidate>
            <p class="auth__lead">
              Se este número tiver acesso, o código chega pelo WhatsApp em instantes: <strong>{mode.display}</strong>
            </p>
            <TextField
              label="Código de 6 dígitos"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              pattern="[0-9]*"
              value={code}
              onValue={(v) => setCode(v.replace(/\D/g, "").slice(0, 6))}
              hint="Vale por 10 minutos."
            />
            <button class="btn btn--primary btn--block" disabled={busy}>
              Entrar
            </button>
            <div class="auth__row">
              <button
                type="button"
                class="link"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await api.requestCode(mode.phone);
                    setInfo("Enviamos um novo código.");
                  })
                }
              >
                Reenviar código
              </button>
              <button type="button" class="link" onClick={() => switchTo({ kind: "phone" })}>
                Trocar número
              </button>
            </div>
          </form>
        )}

        {mode.kind === "password" && (
          <form onSubmit={signIn} noValidate>
            <TextField label="Telefone ou e-mail" autoComplete="username" value={login} onValue={setLogin} />
            <TextField label="Senha" type="password" autoComplete="current-password" value={password} onValue={setPassword} />
            <button class="btn btn--primary btn--block" disabled={busy}>
              Entrar
            </button>
            <div class="auth__row">
              <button type="button" class="link" onClick={() => switchTo({ kind: "phone" })}>
                Esqueci a senha
              </button>
              <button type="button" class="link" onClick={() => switchTo({ kind: "phone" })}>
                Entrar com código
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
