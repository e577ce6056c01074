/**
 * The SMS provider port. The verifier composes the message; a provider only delivers it and
 * answers with its own message id (delivery receipts later refer to that id).
 */
export interface SmsMessage {
  /** E.164 destination. Providers must never log it in full (use the domain's maskPhone). */
  to: string;
  body: string;
  /** Our challenge id, for providers that accept a client reference. */
  reference: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** E.164 as the domain accepts it (the domain masks with `maskPhone`). */
export const E164 = /^\+[1-9]\d{7,14}$/;
