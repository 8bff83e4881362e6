/** The CrowdSafe risk score, levels and triggers of one zone state. Public face of src/risk. */
export { RiskSettings, DEFAULT_RISK_SETTINGS } from './settings.ts';
export { assessRisk, effectiveSpeedMps } from './assess.ts';
export { scoreComponents, velocityInvNorm, clampScore, levelOf, levelRank, maxLevel, levelFloor, type ScoreInputs } from './score.ts';
export { physicalTriggers, congestionPredicted } from './triggers.ts';
export { weidmannSpeedMps } from './speed.ts';
export { Preset, PRESET_SCHEMA, parsePreset, presetProfile, riskSettingsForProfile, type ZoneProfile } from './presets.ts';
