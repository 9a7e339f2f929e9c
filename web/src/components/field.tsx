import type { ComponentChildren, TextareaHTMLAttributes } from "preact";
import { useId } from "preact/hooks";

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | null;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A labelled control with its hint and its error, both announced with it. */
export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${error ? " field--error" : ""}`}>
      <label for={id} class="field__label">
        {label}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p id={hintId} class="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} class="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The input attributes the panel's text boxes use. */
interface InputProps {
  type?: "text" | "tel" | "email" | "password" | "search" | "url";
  inputMode?: "text" | "tel" | "numeric" | "decimal" | "email" | "search";
  autoComplete?: string;
  placeholder?: string;
  maxLength?: number;
  pattern?: string;
  disabled?: boolean;
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onValue: (value: string) => void;
}

export function TextField({ label, hint, error, value, onValue, ...rest }: InputProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <input
          // The attribute union of <input> is keyed by `type`; these props are a safe subset of every member.
          {...(rest as object)}
          id={id}
          class="input"
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

type AreaProps = Omit<TextareaHTMLAttributes, "value" | "onInput" | "label"> & {
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onValue: (value: string) => void;
};

export function TextArea({ label, hint, error, value, onValue, rows = 4, ...rest }: AreaProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <textarea
          {...rest}
          id={id}
          rows={rows}
          class="input input--area"
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

interface NumberProps {
  label: string;
  hint?: string;
  error?: string | null;
  value: number | null;
  onValue: (value: number | null) => void;
  min?: number;
  max?: number;
  placeholder?: string;
}

/** An empty box is null: "no limit" where the setting allows it, an error from the server where not. */
export function NumberField({ label, hint, error, value, onValue, min, max, placeholder }: NumberProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          class="input input--number"
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          placeholder={placeholder}
          value={value === null ? "" : String(value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => {
            const v = e.currentTarget.value;
            onValue(v === "" ? null : Number(v));
          }}
        />
      )}
    </Field>
  );
}

interface SelectProps<T extends string> {
  label: string;
  hint?: string;
  error?: string | null;
  value: T;
  options: readonly { value: T; label: string }[];
  onValue: (value: T) => void;
}

export function SelectField<T extends string>({ label, hint, error, value, options, onValue }: SelectProps<T>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          class="input"
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onValue(e.currentTarget.value as T)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox drawn as a switch; the label says what "on" means. */
export function Switch({ label, hint, checked, onValue }: { label: string; hint?: string; checked: boolean; onValue: (v: boolean) => void }) {
  const id = useId();
  return (
    <div class="switch">
      <input id={id} type="checkbox" role="switch" checked={checked} onChange={(e) => onValue(e.currentTarget.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
