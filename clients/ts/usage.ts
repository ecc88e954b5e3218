// How a creator app uses the generated types (schema.d.ts); `make contract` compiles this
// with `tsc --strict`, so a change of the schema that breaks such code shows here.
import type { components, operations, paths } from "./schema";

export type Order = components["schemas"]["OrderPublic"];
export type Problem = components["schemas"]["Problem"];
export type ProblemCode = components["schemas"]["ProblemCode"];
export type Trigger = components["schemas"]["Trigger"];

// Every state has a label: adding a state to the machine fails this until it has one.
export function label(state: Order["state"]): string {
  switch (state) {
    case "requested":
      return "Waiting for you to accept";
    case "accepted":
      return "Publish before the deadline";
    case "published":
      return "Keep the video up";
    case "retained":
      return "Retention period complete";
    case "closed":
      return "Paid";
    case "refunded":
      return "Refunded";
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

// A trigger's response: the order with its ETag, or a problem with a code.
type AcceptResponses = operations["accept_order"]["responses"];
export type Accepted = AcceptResponses[200]["content"]["application/json"];
export type AcceptETag = AcceptResponses[200]["headers"]["ETag"];
export type Refused = AcceptResponses[409]["content"]["application/problem+json"];

export function explain(problem: Problem): string {
  if (problem.code === "invalid_transition") {
    return `Now you can: ${(problem.allowed_triggers ?? []).join(", ")}`;
  }
  const reasons = (problem.reasons ?? []).map((reason) => reason.detail);
  return reasons.length > 0 ? reasons.join("; ") : problem.detail;
}

// A long poll: GET /v1/orders/{order_id} with If-None-Match and Prefer.
type Poll = paths["/v1/orders/{order_id}"]["get"];
export const poll: Poll["parameters"]["header"] = { "If-None-Match": '"v3"', Prefer: "wait=25" };

export async function watch(base: string, key: string, id: string): Promise<Order> {
  const response = await fetch(`${base}/v1/orders/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    throw new Error(explain(problem));
  }
  return (await response.json()) as Accepted;
}
