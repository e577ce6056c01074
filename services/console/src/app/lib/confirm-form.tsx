import { type ReactNode, useEffect, useState } from "react";

export interface Outcome {
  ok: boolean;
  text: string;
}

/**
 * A support action's form: the first submit asks (`question`, with Confirm and Cancel), Confirm
 * runs `action`, and its outcome (or the error it threw) is the status line under the form.
 * A new `target` (another action, another prefix) starts over: no question open, no outcome shown.
 */
export function ConfirmForm(props: {
  label?: string;
  confirmLabel: string;
  question: ReactNode;
  submitText: ReactNode;
  submitDisabled?: boolean;
  resultTestId: string;
  action: () => Promise<Outcome>;
  /** Another value starts the form over (a remount with `key` does it too). */
  target?: string;
  children: ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Outcome | null>(null);
  // a new target is what resets the form
  useEffect(() => {
    setConfirming(false);
    setResult(null);
  }, [props.target]);
  return (
    <>
      <form
        aria-label={props.label}
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirming) return setConfirming(true);
          props
            .action()
            .then(setResult, (err: Error) => setResult({ ok: false, text: err.message }))
            .finally(() => setConfirming(false));
        }}
      >
        {props.children}
        {confirming ? (
          <fieldset className="confirm" aria-label={props.confirmLabel}>
            {props.question}
            <button type="submit">Confirm</button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </fieldset>
        ) : (
          <button type="submit" disabled={props.submitDisabled}>
            {props.submitText}
          </button>
        )}
      </form>
      {result && (
        <p role="status" className={result.ok ? "ok-text" : "error"} data-testid={props.resultTestId}>
          {result.text}
        </p>
      )}
    </>
  );
}
