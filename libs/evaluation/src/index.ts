export * from './evaluation-rules.js';
export * from './evaluation.dto.js';
export * from './evaluation.module.js';
export { EvaluationService, periodBounds, type EvaluationView, type ResultView } from './evaluation.service.js';
export { Evaluation1767000031000 } from './migrations/1767000031000-evaluation.js';
export { satisfactionOf, StaffFiguresSource } from './staff-figures.js';
