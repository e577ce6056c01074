/**
 * Carrier error codes of SMS delivery receipts (the widely used 3000x numbering), in words, with
 * the step that fits. Unknown codes are reported as they are.
 */
const CARRIER_ERRORS: Record<string, { meaning: string; step: string }> = {
  "30003": {
    meaning: "the handset was unreachable (switched off or out of signal)",
    step: "The phone was unreachable: ask the user to switch it on where there is signal, then send a new code.",
  },
  "30004": {
    meaning: "the message was blocked (by the user's settings or the carrier)",
    step: "The message was blocked: ask the user to unblock short-code or unknown senders, or use another method.",
  },
  "30005": {
    meaning: "the number is unknown to the carrier (it may no longer exist)",
    step: "The number on file is unknown to the carrier: check it with the user and enroll the current number.",
  },
  "30006": {
    meaning: "the number is a landline or the carrier cannot reach it",
    step: "The number on file cannot receive texts (landline?): enroll a mobile number or another method.",
  },
  "30007": {
    meaning: "the carrier filtered the message as spam",
    step: "The carrier filters our messages as spam: send a new code later, ask the user to contact their carrier, or use another method.",
  },
  "30008": {
    meaning: "the carrier gave no reason",
    step: "The carrier gave no reason: send a new code later, or use another method.",
  },
};

export function carrierErrorAdvice(code: string): { sentence: string; step: string | null } {
  const known = CARRIER_ERRORS[code];
  if (!known) return { sentence: `The carrier reported error ${code}.`, step: null };
  return { sentence: `The carrier reported error ${code}: ${known.meaning}.`, step: known.step };
}
