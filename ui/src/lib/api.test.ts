import { describe, expect, it } from "vitest";
import { ApiError, toApiError } from "./api";

describe("toApiError", () => {
  it("keeps a well-formed wire error", () => {
    const e = toApiError({ code: "unreadable", message: "cannot read /x" });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message]).toEqual(["unreadable", "cannot read /x"]);
  });

  it("treats unknown codes and bare strings as internal", () => {
    expect(toApiError({ code: "teapot", message: "x" }).code).toBe("internal");
    const denied = toApiError("command list_agents not allowed");
    expect([denied.code, denied.message]).toEqual(["internal", "command list_agents not allowed"]);
    expect(toApiError(undefined).code).toBe("internal");
  });
});
