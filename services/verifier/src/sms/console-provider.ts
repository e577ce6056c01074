/**
 * Development SMS provider: logs that a message was sent to a masked number and NEVER the code.
 * A developer (or a test) receives the message through the optional injected `sink`.
 */

import { maskPhone } from "@factorlens/domain";
import type { Logger } from "pino";
import type { SmsMessage, SmsProvider } from "../app/ports";

export function createConsoleSmsProvider(opts: {
  logger: Logger;
  newId: () => string;
  sink?: (message: SmsMessage) => void;
}): SmsProvider {
  return {
    name: "console",
    async send(message) {
      const providerMessageId = `console-${opts.newId()}`;
      opts.logger.info({ to: maskPhone(message.to), providerMessageId }, "sms sent (console provider)");
      opts.sink?.(message);
      return { providerMessageId };
    },
  };
}
