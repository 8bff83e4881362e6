export { scriptedReadings, scriptedDensity, createScriptState, DEMO_CYCLE_S, type ScriptState } from './demo-script.ts';
