/** The search document (`searchUsers`) and what it returns; user ids are asked for only on a ticket. */
export const SEARCH_USERS = `query ConsoleSearch($idPrefix: String, $ip: String, $ticket: String, $after: String, $named: Boolean!) {
  searchUsers(idPrefix: $idPrefix, ip: $ip, ticket: $ticket, first: 25, after: $after) {
    __typename
    ... on SupportError { code message }
    ... on UserSearchConnection {
      edges { node { account { pseudonym userId @include(if: $named) } failures lastFailureAt ips } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export interface SearchHit {
  account: { pseudonym: string; userId?: string | null };
  failures: number;
  lastFailureAt: string | null;
  ips: string[];
}

export type SearchResult =
  | {
      __typename: "UserSearchConnection";
      edges: { node: SearchHit }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }
  | { __typename: "SupportError"; code: string; message: string };

/** What the search box holds: a user-id prefix, or an IP / network (a dotted quad or a colon, or a /n). */
export type SearchBy = { idPrefix: string } | { ip: string };

export const looksLikeIp = (v: string): boolean =>
  /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(\/\d{1,3})?$/i.test(v);
