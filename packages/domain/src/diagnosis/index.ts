export { coincidenceProbability, confidenceFor } from "./probability";
export { DEFAULT_DIAGNOSIS_LIMITS } from "./probe";
export {
  type Diagnosis,
  type DiagnosisEvidence,
  DiagnosisEvidenceSchema,
  DiagnosisSchema,
  type Searched,
  SearchedSchema,
} from "./schema";
export {
  type DiagnosisSearch,
  diagnoseMismatch,
  type PreparedDiagnosisInput,
  prepareDiagnosis,
} from "./search";
export * from "./types";
