import { expect, it } from "vitest";
import { botSettingsSchema } from "../../src/domain/bot-settings";
it("parses defaults", () => { expect(botSettingsSchema.parse({}).debounceMs).toBe(3000); });
