import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";
import { lockStatus, PATTERN_WORDS, relative, words } from "./format";

const now = new Date("2026-12-02T09:48:35Z");

describe("lock status from the clock", () => {
  it("counts down to the end of the lock", () => {
    const s = lockStatus(
      { locked: true, lockedUntil: "2026-12-02T09:49:12Z", reason: "too_many_failures" },
      now,
    );
    expect(s.locked).toBe(true);
    expect(s.text).toContain("in 37 s");
    expect(s.text).toContain("too many failures");
  });
  it("reads a lock whose time has passed as expired", () => {
    expect(lockStatus({ locked: true, lockedUntil: "2026-12-02T09:48:00Z" }, now)).toEqual({
      locked: false,
      text: "Lock expired",
    });
  });
  it("says minutes for longer spans, and ago for the past", () => {
    expect(relative("2026-12-02T09:52:40Z", now)).toBe("in 4 min 5 s");
    expect(relative("2026-12-02T09:46:35Z", now)).toBe("2 min 0 s ago");
  });
  it("names patterns in words and falls back to the code", () => {
    expect(words(PATTERN_WORDS, "clock_skew")).toBe("phone clock is off");
    expect(words(PATTERN_WORDS, "new_thing")).toBe("new thing");
  });
});

describe("CSV export", () => {
  it("quotes separators and defuses formulas", () => {
    expect(
      toCsv(
        ["ip", "note"],
        [
          ["1.2.3.4", 'a,"b"'],
          ["=HYPERLINK(1)", 3],
        ],
      ),
    ).toBe('ip,note\r\n1.2.3.4,"a,""b"""\r\n\'=HYPERLINK(1),3\r\n');
  });
});
