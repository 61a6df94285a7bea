import { render } from "preact";
import { App } from "./components/App";
import { initialTheme } from "./theme";
import "./styles.css";

initialTheme();
render(<App />, document.getElementById("app")!);
