import { useState } from "react";

/** The ticket is asked once; every lookup and action of the case uses it until it is changed. */
export function TicketBar({ ticket, onTicket }: { ticket: string; onTicket: (t: string) => void }) {
  const [draft, setDraft] = useState(ticket);
  if (ticket)
    return (
      <section className="ticket-bar" aria-label="Ticket">
        Working on ticket <strong data-testid="ticket">{ticket}</strong>
        <button type="button" onClick={() => onTicket("")}>
          Change ticket
        </button>
      </section>
    );
  return (
    <form
      className="ticket-bar"
      aria-label="Ticket"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim()) onTicket(draft.trim());
      }}
    >
      <label htmlFor="ticket-input">Ticket reference</label>
      <input
        id="ticket-input"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="e.g. SUP-1234"
        maxLength={57}
        pattern="[A-Za-z][A-Za-z0-9]{0,15}[\-_][A-Za-z0-9_\-]{1,40}"
        title="Letters, a dash or underscore, then the number: e.g. SUP-1234"
        required
      />
      <button type="submit">Use this ticket</button>
    </form>
  );
}
