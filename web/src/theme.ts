import { useEffect, useState } from "preact/hooks";

export type ThemeChoice = "system" | "light" | "dark";
const storageKey = "warbler.theme";

function apply(choice: ThemeChoice) {
  if (choice === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", choice);
}

export function initialTheme(): ThemeChoice {
  const stored = localStorage.getItem(storageKey);
  const choice: ThemeChoice = stored === "light" || stored === "dark" ? stored : "system";
  apply(choice);
  return choice;
}

export function useTheme(): [ThemeChoice, () => void] {
  const [choice, setChoice] = useState<ThemeChoice>(() => initialTheme());
  useEffect(() => {
    apply(choice);
    if (choice === "system") localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, choice);
  }, [choice]);
  const next = () => setChoice((c) => (c === "system" ? "light" : c === "light" ? "dark" : "system"));
  return [choice, next];
}
