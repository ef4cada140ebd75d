import { Component, type ErrorInfo, type ReactNode } from "react";
import { t } from "../i18n";

interface State {
  error: Error | null;
}

/** Keeps a crash in the canvas from blanking the whole page: says what happened instead. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn("board canvas failed", error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="indaba-crash" role="alert">
        <p>{t("crash.message", { error: this.state.error.message })}</p>
        <p>{t("crash.saved")} <button type="button" onClick={() => window.location.reload()}>{t("crash.reload")}</button></p>
      </div>
    );
  }
}
