/**
 * Decisions: alerts from risk, the YAML playbook, the ML policy with its fallback, human
 * approval. Pure cores; the runtime does the I/O (file watching, persistence, dispatch).
 * Public face of src/decide.
 */
export { createDecisionEngine, type DecisionEngine, type DecisionEngineOptions, type DecisionEngineStatus } from './engine.ts';
export type { DecisionInput, DecisionTick, DecisionMode } from './types.ts';
export { DecisionSettings, DEFAULT_DECISION_SETTINGS, resolveDecisionSettings } from './settings.ts';
export { parsePlaybook, PlaybookError, PLAYBOOK_SCHEMA, type PlaybookIssue } from './playbook/parse.ts';
export { loadPlaybookFile } from './playbook/load-file.ts';
export { createPlaybookReloader, type PlaybookReloader, type ReloadResult } from './playbook/reload.ts';
export type { Playbook, Rule, Condition, ActionTemplate, ScheduleEntry } from './playbook/model.ts';
export { FACTS, factsOf, type FactName, type Facts, type FactSource, type FactType } from './playbook/facts.ts';
export { OPERATORS, type OperatorName } from './playbook/operators.ts';
export { ACTIONS, VARIABLES } from './playbook/actions.ts';
export { evaluate } from './playbook/evaluate.ts';
export { acknowledgeAlert, resolveAlert } from './alerts/lifecycle.ts';
export { approveRecommendation, rejectRecommendation, markDispatched, expirePending } from './approvals.ts';
export type { MlPolicy, MlProposal } from './ml/policy.ts';
export { createForecastPolicy, type ForecastPolicyOptions } from './ml/forecast-policy.ts';
export { realDelay, type Delay, type MlStatus } from './ml/guard.ts';
export { recordId } from './ids.ts';
export { Settings, DEFAULT_SETTINGS, applySettingsPatch, restoreSettings, type SettingChange } from './settings-change.ts';
export {
  auditTick, auditRecommendationChange, auditAlertChange, auditSettingsChange, createAuditLog, type AuditDraft, type AuditLog,
} from './audit.ts';
