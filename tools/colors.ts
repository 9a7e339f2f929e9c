/** Terminal colours, only when stdout is a terminal (piped output stays plain). */
const tty = Boolean(process.stdout.isTTY);
const paint = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);

export const dim = paint("2");
export const bold = paint("1");
export const green = paint("32");
export const yellow = paint("33");
export const red = paint("31");
export const cyan = paint("36");
