import { useEffect, useState } from "preact/hooks";

// The app's routes; the server answers each with the app's page (src/Warbler.Server/Hosting/WebApp.cs).
const adminPages = ["bots", "keys", "providers", "usage", "knowledge", "tools"] as const;

export type AdminPageName = (typeof adminPages)[number];

export type Route =
  | { name: "home" }
  | { name: "signin" }
  | { name: "signup" }
  | { name: "room"; id: string }
  | { name: "admin"; page: AdminPageName }
  | { name: "usage" }
  | { name: "team-usage"; id: string }
  | { name: "teams" };

export function parseRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "signin") return { name: "signin" };
  if (parts[0] === "signup") return { name: "signup" };
  if (parts[0] === "rooms" && parts[1]) return { name: "room", id: parts[1] };
  if (parts[0] === "usage") return parts[1] === "teams" && parts[2] ? { name: "team-usage", id: parts[2] } : { name: "usage" };
  if (parts[0] === "teams") return { name: "teams" };
  if (parts[0] === "admin") {
    const page = parts[1];
    if ((adminPages as readonly string[]).includes(page)) return { name: "admin", page: page as AdminPageName };
    return { name: "admin", page: "usage" };
  }
  return { name: "home" };
}

const listeners = new Set<() => void>();

export function navigate(path: string, replace = false) {
  if (path === location.pathname) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  listeners.forEach((l) => l());
}

window.addEventListener("popstate", () => listeners.forEach((l) => l()));

export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return parseRoute(path);
}

/** A link that navigates without reloading the page. */
export function linkHandler(path: string) {
  return (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };
}
