/**
 * `npm run connect -- <instance> [--qr]`: links a tenant's WhatsApp number.
 *
 * Provisions the tenant's Evolution instance through the admin API, or, when the tenant already
 * has an instance token (or with --qr), asks for a fresh QR code; then shows the QR to scan.
 * Reads ATENBOT_URL (default http://127.0.0.1:8787) and ADMIN_TOKEN (else from .dev.vars).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readDevVars } from "../tools/dev-vars.ts";

interface QrCode {
  code: string;
  /** `data:image/png;base64,…` */
  base64: string;
}
interface ApiResponse {
  status: number;
  body: any;
}

const USAGE = "usage: npm run connect -- <instance> [--qr]";
/** Evolution may need a moment after creating the instance before its first QR exists. */
const FIRST_QR_WAIT_MS = 3_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseCommandLine(): { instance: string; qr: boolean } {
  try {
    const { positionals, values } = parseArgs({
      allowPositionals: true,
      options: { qr: { type: "boolean", default: false } },
    });
    if (positionals.length !== 1) fail(USAGE);
    return { instance: positionals[0]!, qr: values.qr === true };
  } catch {
    return fail(USAGE);
  }
}

function adminToken(): string {
  const devVars = readDevVars(fileURLToPath(new URL("../.dev.vars", import.meta.url)));
  return process.env.ADMIN_TOKEN || devVars.ADMIN_TOKEN || fail("set ADMIN_TOKEN (or put it in .dev.vars)");
}

const { instance, qr: askQr } = parseCommandLine();
const baseUrl = (process.env.ATENBOT_URL || "http://127.0.0.1:8787").replace(/\/+$/, "");
const token = adminToken();
const tenantPath = `/admin/tenants/${encodeURIComponent(instance)}`;

async function api(method: string, path: string): Promise<ApiResponse> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  } catch {
    return fail(`cannot reach AtenBot at ${baseUrl}: is it running (npm start)? Set ATENBOT_URL for another one.`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: null };
  }
}

/** Exits with the API's error and its detail (which names the cause, never a key). */
function failWith(res: ApiResponse): never {
  if (res.status === 401) fail("AtenBot refused the ADMIN_TOKEN");
  const detail = res.body?.detail ? `: ${res.body.detail}` : "";
  return fail(`${res.status} ${res.body?.error ?? "error"}${detail}`);
}

async function freshQr(): Promise<QrCode> {
  const res = await api("GET", `${tenantPath}/qr`);
  if (res.status === 200) return res.body as QrCode;
  if (res.body?.error === "already_connected") {
    console.log(`${instance} is already connected to WhatsApp.`);
    process.exit(0);
  }
  return failWith(res);
}

async function provision(): Promise<QrCode> {
  const res = await api("POST", `${tenantPath}/provision`);
  if (res.status !== 201) failWith(res);
  console.log(`Evolution instance "${instance}" created; its webhook points at AtenBot.`);
  if (res.body.qrcode) return res.body.qrcode as QrCode;
  await new Promise((resolve) => setTimeout(resolve, FIRST_QR_WAIT_MS));
  return freshQr();
}

/** qrcode-terminal draws the QR with block characters; without it, the PNG and the raw code remain. */
async function drawQr(code: string): Promise<boolean> {
  try {
    const { default: qrcode } = await import("qrcode-terminal");
    qrcode.generate(code, { small: true }, (art: string) => console.log(art));
    return true;
  } catch {
    return false;
  }
}

async function show(qr: QrCode): Promise<void> {
  const png = join(tmpdir(), `atenbot-qr-${instance}.png`);
  writeFileSync(png, Buffer.from(qr.base64.replace(/^data:[^,]*,/, ""), "base64"));
  if (!(await drawQr(qr.code))) console.log(`QR code text (any QR generator can draw it):\n${qr.code}\n`);
  console.log(`QR code image: ${png}`);
  console.log("On the phone: WhatsApp > Linked devices > Link a device, then scan.");
  console.log(`The code changes every 20-60 s; for a new one: npm run connect -- ${instance} --qr`);
}

const tenant = await api("GET", tenantPath);
if (tenant.status === 404) fail(`no tenant "${instance}": create it first (POST /admin/tenants)`);
if (tenant.status !== 200) failWith(tenant);
await show(askQr || tenant.body.evolution.hasApiKey ? await freshQr() : await provision());
