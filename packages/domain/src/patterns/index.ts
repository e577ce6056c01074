export { carrierErrorAdvice } from "./carrier-errors";
export { type DisableRefusal, disableRefusalAdvice } from "./disable-refusal";
export { ANOTHER_METHOD_STEP, LOCKOUT_STEP, SUGGESTED_STEPS, stepsFor } from "./steps";
export {
  DEFAULT_PATTERN_WINDOW_MS,
  type PatternAttempt,
  type PatternSummary,
  type SkewEstimate,
  summarizePatterns,
} from "./summarize";
export {
  adviseTicket,
  clockTime,
  inHowLong,
  STUFFING_MIN_OTHER_ACCOUNTS,
  staleDriftAdvice,
  type TicketAdvice,
  type TicketFacts,
} from "./ticket-context";
