export * from './tasks.module.js';
export { InternalTasks, type InternalTaskView } from './internal-tasks.service.js';
export { WorkStandards, type WorkStandardView } from './work-standards.service.js';
export { DEFAULT_STANDARDS, limitText } from './work-standards.js';
export { InternalTasks1767000160100 } from './migrations/1767000160100-internal-tasks.js';
