import { describe, expect, it } from "vitest";
import { CodedError, codedErrorGuard } from "./index";

class DemoError extends CodedError<"busy" | "gone", { cause?: unknown; retryAfter?: number }> {
  override name = "DemoError";
}
class OtherError extends CodedError<"busy"> {}
const isDemoError = codedErrorGuard(DemoError);

describe("CodedError", () => {
  it("keeps the code, the message, the details and the cause", () => {
    const cause = new Error("socket closed");
    const e = new DemoError("busy", "try later", { cause, retryAfter: 3 });
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message, e.details.retryAfter, e.cause]).toEqual([
      "DemoError",
      "busy",
      "try later",
      3,
      cause,
    ]);
    expect(new DemoError("gone", "no such thing")).not.toHaveProperty("cause");
  });

  it("guards by class, and by code when one is given", () => {
    const e = new DemoError("gone", "no such thing");
    expect(isDemoError(e)).toBe(true);
    expect(isDemoError(e, "gone")).toBe(true);
    expect(isDemoError(e, "busy")).toBe(false);
    expect(isDemoError(new OtherError("busy", "other package"))).toBe(false);
    expect(isDemoError(new Error("plain"))).toBe(false);
  });
});
