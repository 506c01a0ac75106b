export { ENGINE_VERSION, judgedDate, triage, type RegistryFlag, type RegistryFlagCode, type Suggestion, type TriageInput, type TriageOptions, type TriageResult } from './engine';
export { districtInText } from './districts';
export { historyEntrySchema, type EscalatedFrom, type HistoryEntry } from './history';
export { CONCEPTS, SUBJECT_CUES, type Concept, type Subject } from './signals';
