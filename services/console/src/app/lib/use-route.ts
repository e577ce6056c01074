import { useEffect, useState } from "react";

/** Hash routes: #/find, #/user/<id>, #/accounts/<ip or network>, #/analyst. The hash never reaches the server. */
export type Route =
  | { page: "find" }
  | { page: "user"; userId: string }
  | { page: "accounts"; ip: string }
  | { page: "analyst" };

export function parseRoute(hash: string): Route {
  const [, page, arg] = hash.replace(/^#/, "").split("/");
  if (page === "user" && arg) return { page: "user", userId: decodeURIComponent(arg) };
  if (page === "accounts" && arg) return { page: "accounts", ip: decodeURIComponent(arg) };
  if (page === "analyst") return { page: "analyst" };
  return { page: "find" };
}

export const go = (route: Route): void => {
  window.location.hash =
    route.page === "user"
      ? `/user/${encodeURIComponent(route.userId)}`
      : route.page === "accounts"
        ? `/accounts/${encodeURIComponent(route.ip)}`
        : `/${route.page}`;
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}
