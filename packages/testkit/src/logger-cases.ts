import { expect, it } from "vitest";

/**
 * The redaction every service logger keeps (service-kit `REDACT_PATHS`, and the verifier's own on
 * top): a code, a secret or a phone number never reaches a line, wherever a request, a command or
 * the log call itself carries it.
 */
export function itRedactsCodesSecretsAndPhones(
  capture: () => { logger: { info(obj: object, msg?: string): void }; text: () => string },
): void {
  it("redacts codes, secrets and phones wherever a request or command carries them", () => {
    const { logger, text } = capture();
    logger.info({ body: { code: "492817" } }, "a");
    logger.info({ req: { body: { code: "492818" } } }, "b");
    logger.info({ code: "492819", secret: "JBSWY3DPEHPK3PXP", phone: "+447911123456" }, "c");
    logger.info({ command: { code: "492820", code1: "492821", code2: "492822", codes: ["492823"] } }, "d");
    for (const v of ["49281", "49282", "JBSWY3DP", "7911123456"]) expect(text()).not.toContain(v);
  });
}
