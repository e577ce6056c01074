/** The user page's GraphQL documents and the shapes they return. */
export const ATTEMPT_FIELDS = `id at method outcome reason smsState
  context { ip country asn network userAgent } diagnosis { pattern confidence }`;

export const USER_QUERY = `query ConsoleUser($id: ID!, $ticket: String!) {
  user(id: $id, ticket: $ticket) {
    __typename
    ... on SupportError { code message }
    ... on User {
      id ticket
      lockout { locked lockedAt lockedUntil reason }
      factors { id method status lastSuccessAt consecutiveFailures
                phoneMasked drift { steps confirmations } }
      diagnosis { pattern confidence summary suggestedSteps attempts factorId }
      timeline(first: 50) { edges { node { ${ATTEMPT_FIELDS} } } }
      smsDeliveries(limit: 20) { attemptId state failureReason }
      supportHistory(limit: 30) { id kind action actor at ticket note }
    }
  }
}`;

export const LIVE_SUBSCRIPTION = `subscription ConsoleLive($id: ID!, $ticket: String!) {
  userTimeline(userId: $id, ticket: $ticket) { ${ATTEMPT_FIELDS} }
}`;

export const ATTACKER_IPS_QUERY = `query ConsoleAttackerIps {
  fraud { ipsFailingForManyUsers(minUsers: 5, first: 100) { edges { node { ip distinctUsers } } } }
}`;

export interface AttemptView {
  id: string;
  at: string;
  method: string | null;
  outcome: string;
  reason: string | null;
  smsState: string | null;
  context: {
    ip: string | null;
    country: string | null;
    asn: number | null;
    network: string | null;
    userAgent: string | null;
  };
  diagnosis: { pattern: string; confidence: string | null } | null;
}

export interface FactorView {
  id: string;
  method: string;
  status: string;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  phoneMasked: string | null;
  drift: { steps: number; confirmations: number } | null;
}

export interface HistoryEntry {
  id: string;
  kind: string;
  action: string | null;
  actor: string;
  at: string;
  ticket: string | null;
  note: string | null;
}

export interface UserView {
  __typename: "User";
  id: string;
  ticket: string;
  lockout: { locked: boolean; lockedAt: string | null; lockedUntil: string | null; reason: string | null };
  factors: FactorView[];
  diagnosis: {
    pattern: string;
    confidence: string;
    summary: string;
    suggestedSteps: string[];
    attempts: number;
    factorId: string;
  } | null;
  timeline: { edges: { node: AttemptView }[] };
  smsDeliveries: { attemptId: string; state: string; failureReason: string | null }[];
  supportHistory: HistoryEntry[];
}

export type UserResult = UserView | { __typename: "SupportError"; code: string; message: string };
