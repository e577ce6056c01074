import { type DocumentNode, type ExecutionResult, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { OperationType, SupportApiMetrics } from "../metrics";

const operationType = (document: DocumentNode, name?: string | null): OperationType =>
  getOperationAST(document, name)?.operation ?? "unknown";

const hasErrors = (result: unknown): boolean =>
  typeof result === "object" &&
  result !== null &&
  !(Symbol.asyncIterator in result) &&
  ((result as ExecutionResult).errors?.length ?? 0) > 0;

/**
 * Counts every GraphQL request by operation type and outcome and times its execution. Put it
 * first so that it also sees the 401s that `useJwtAuth` answers before any GraphQL work.
 */
export function useOperationMetrics(metrics: SupportApiMetrics): Plugin {
  return {
    onResponse({ response }) {
      if (response.status === 401) metrics.count("unknown", "unauthenticated");
    },
    onValidate({ params }) {
      return ({ valid }) => {
        if (!valid) metrics.count(operationType(params.documentAST), "invalid");
      };
    },
    onExecute({ args }) {
      const operation = operationType(args.document, args.operationName);
      const stop = metrics.duration.startTimer({ operation });
      return {
        onExecuteDone({ result }) {
          stop();
          metrics.count(operation, hasErrors(result) ? "error" : "ok");
        },
      };
    },
    onSubscribe() {
      const stop = metrics.duration.startTimer({ operation: "subscription" });
      return {
        onSubscribeResult({ result }) {
          stop();
          metrics.count("subscription", hasErrors(result) ? "error" : "ok");
        },
        onSubscribeError() {
          stop();
          metrics.count("subscription", "error");
        },
      };
    },
  };
}
