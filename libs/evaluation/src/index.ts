export * from './evaluation-rules.js';
export * from './evaluation.dto.js';
export * from './evaluation.module.js';
export { EvaluationService, type EvaluationView, type ResultView } from './evaluation.service.js';
export { Evaluation1767000031000 } from './migrations/1767000031000-evaluation.js';
