/**
 * A real Chromium from npm: `@sparticuz/chromium` ships the binary, `playwright-core` drives it.
 * `CHROMIUM_PATH` points at another Chromium (a system one) instead.
 */
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";

/** pt-BR makes the time inputs show 24-hour clocks, as a Brazilian phone does. */
const LANG = "--lang=pt-BR";

export async function launchChromium(): Promise<Browser> {
  const custom = process.env.CHROMIUM_PATH;
  // Without --disable-web-security: with it Chromium sends no Origin on same-origin POSTs, and
  // the panel's API (rightly) refuses them. Without --single-process (made for serverless
  // functions): there, closing one browser context takes the whole browser down.
  const dropped = new Set(["--disable-web-security", "--single-process"]);
  const args = custom ? ["--no-sandbox", LANG] : [...sparticuz.args.filter((a) => !dropped.has(a)), LANG];
  return chromium.launch({ executablePath: custom ?? (await sparticuz.executablePath()), args, headless: true });
}
