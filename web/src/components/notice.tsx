import type { ComponentChildren } from "preact";

/** A message in the flow of the page; errors are announced at once, the rest politely. */
export function Notice({ tone = "info", children }: { tone?: "info" | "error" | "success" | "warn"; children: ComponentChildren }) {
  return (
    <div class={`notice notice--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function Loading({ label = "Carregando…" }: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty__title">{title}</p>
      {children && <p class="empty__text">{children}</p>}
    </div>
  );
}
