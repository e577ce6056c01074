/**
 * Masks a phone number so that only the country prefix and the last two digits remain:
 * "+33612345678" → "+33•••••••78". Already-masked or short input is masked fully.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  if (digits.length < 7) return "•".repeat(Math.max(4, digits.length));
  const head = digits.startsWith("+") ? digits.slice(0, 3) : "";
  const tail = digits.slice(-2);
  return `${head}${"•".repeat(digits.length - head.length - tail.length)}${tail}`;
}
