import { useState } from "preact/hooks";
import { ApiError, errorMessage } from "../api/client";
import type { InviteCreated, InviteRequest } from "../api/types";
import { errorFor, toFieldErrors, type FieldErrors } from "../logic/field-errors";
import { formatDateTime, normalizePhone } from "../logic/format";
import { localTimeZone } from "../session";
import { CopyButton } from "./copy-button";
import { SelectField, TextField } from "./field";
import { Notice } from "./notice";

const ROLE_OPTIONS = { agent: "Atendente (só conversas)", owner: "Dono (tudo)" } as const;

interface Props {
  roles: readonly ("owner" | "agent")[];
  send: (body: InviteRequest) => Promise<InviteCreated>;
  onInvited?: (invite: InviteCreated) => void;
}

/** Creates an invite and shows its link once, to copy or send over WhatsApp. */
export function InviteForm({ roles, send, onInvited }: Props) {
  const [name, setName] = useState("");
  const [contact, setContact] = useState("");
  const [role, setRole] = useState<"owner" | "agent">(roles[0]!);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const isEmail = contact.includes("@");
    const phone = isEmail ? null : normalizePhone(contact);
    const local: FieldErrors = {};
    if (!name.trim()) local.name = "Preencha este campo.";
    if (contact.trim() && !isEmail && !phone) local.phone = "Digite o número com DDD.";
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const body: InviteRequest = { role, name: name.trim(), ...(isEmail ? { email: contact.trim() } : phone ? { phone } : {}) };
      const created = await send(body);
      setInvite(created);
      setName("");
      setContact("");
      onInvited?.(created);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setErrors(toFieldErrors(err.details, ""));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="invite">
      {invite && (
        <div class="invite__result" role="status">
          <p>
            <strong>Convite criado.</strong> Este link aparece só agora: copie e envie para a pessoa. Vale até{" "}
            {formatDateTime(new Date(invite.expiresAt), localTimeZone)} e serve uma vez.
          </p>
          <p class="invite__link">
            <code>{invite.inviteUrl}</code>
          </p>
          <div class="invite__actions">
            <CopyButton text={invite.inviteUrl} />
            <a class="btn btn--secondary" href={`https://wa.me/?text=${encodeURIComponent(`Seu acesso ao painel do AtenBot: ${invite.inviteUrl}`)}`} target="_blank" rel="noopener">
              Enviar pelo WhatsApp
            </a>
          </div>
        </div>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <TextField label="Nome" value={name} onValue={setName} autoComplete="off" error={errorFor(errors, "name")} />
        <TextField
          label="WhatsApp ou e-mail (opcional)"
          hint="Com o WhatsApp, a pessoa também pode entrar com código."
          value={contact}
          onValue={setContact}
          autoComplete="off"
          error={errorFor(errors, "phone") ?? errorFor(errors, "email")}
        />
        {roles.length > 1 && (
          <SelectField label="Papel" value={role} options={roles.map((r) => ({ value: r, label: ROLE_OPTIONS[r] }))} onValue={setRole} error={errorFor(errors, "role")} />
        )}
        <button class="btn btn--primary" disabled={busy}>
          {busy ? "Criando…" : "Criar convite"}
        </button>
      </form>
    </div>
  );
}
