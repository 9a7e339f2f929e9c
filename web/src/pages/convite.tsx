import { useState } from "preact/hooks";
import { ApiError, api, errorMessage } from "../api/client";
import type { Me } from "../api/types";
import { TextField } from "../components/field";
import { Notice } from "../components/notice";

const MIN_PASSWORD = 8;

/** An invite link: the person chooses a password and is signed in. */
export function Convite({ token, onSignedIn }: { token: string; onSignedIn: (me: Me) => void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<{ password?: string; confirm?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (password.length < MIN_PASSWORD) next.password = `Use pelo menos ${MIN_PASSWORD} caracteres.`;
    else if (confirm !== password) next.confirm = "As senhas não são iguais.";
    setErrors(next);
    if (next.password || next.confirm) return;
    setBusy(true);
    try {
      onSignedIn(await api.acceptInvite(token, password, name.trim() || undefined));
    } catch (err) {
      const invalid = err instanceof ApiError && (err.status === 404 || err.status === 410 || err.code === "invalid_token");
      setErrors({ form: invalid ? "Este convite não vale mais: já foi usado ou passou de 7 dias. Peça um novo." : errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth" id="conteudo">
      <div class="auth__card">
        <div class="auth__brand">
          <img src="/icon.svg" alt="" width="48" height="48" />
          <h1>Bem-vindo ao AtenBot</h1>
        </div>
        <p class="auth__lead">Você foi convidado. Escolha uma senha para entrar no painel.</p>
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        <form onSubmit={submit} noValidate>
          <TextField label="Seu nome (opcional)" autoComplete="name" value={name} onValue={setName} />
          <TextField
            label="Senha"
            type="password"
            autoComplete="new-password"
            value={password}
            onValue={setPassword}
            hint={`Pelo menos ${MIN_PASSWORD} caracteres.`}
            error={errors.password}
          />
          <TextField label="Repita a senha" type="password" autoComplete="new-password" value={confirm} onValue={setConfirm} error={errors.confirm} />
          <button class="btn btn--primary btn--block" disabled={busy}>
            {busy ? "Entrando…" : "Criar senha e entrar"}
          </button>
        </form>
      </div>
    </main>
  );
}
