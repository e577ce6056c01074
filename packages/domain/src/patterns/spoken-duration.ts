/** "6 seconds", "1 minute", "4 minutes 50 seconds": exact to the second, for SMS timings. */
export function spokenDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (s < 60) return unit(s, "second");
  const minutes = Math.floor(s / 60);
  return s % 60 === 0 ? unit(minutes, "minute") : `${unit(minutes, "minute")} ${unit(s % 60, "second")}`;
}
