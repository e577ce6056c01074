import { useEffect, useState } from "react";

/** The clock, ticking every `ms`: countdowns ("in 37 s") are computed from it, not from the API. */
export function useNow(ms = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
